//! The bottom panel: the news of the last turns, charts of the meters over time, the
//! objectives, and the End Turn button.

use super::theme::{ACCENT, DOWN, MUTED, UP};
use super::{BottomTab, Intent};
use crate::game::palette;
use crate::sim::describe::news_text;
use crate::sim::ids::AllianceMeter;
use crate::sim::ledger::News;
use crate::sim::state::ObjectiveStatus;
use crate::sim::{Campaign, Command};
use bevy_egui::egui;

/// The bottom panel.
pub fn bottom_panel(
    ui: &mut egui::Ui,
    campaign: &Campaign,
    tab: &mut BottomTab,
    chart_meters: &mut [bool; 8],
) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.horizontal(|ui| {
        ui.selectable_value(tab, BottomTab::News, "News");
        ui.selectable_value(tab, BottomTab::Charts, "Charts");
        ui.selectable_value(tab, BottomTab::Objectives, "Objectives");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let end = campaign.preview(&Command::EndTurn);
            let button = egui::Button::new(egui::RichText::new("End turn  [Space]").size(17.0).strong())
                .min_size(egui::vec2(190.0, 34.0));
            match end {
                Ok(_) => {
                    if ui
                        .add(button)
                        .on_hover_text("Resolve the turn: spending, opinion, the adversary, threats and events")
                        .clicked()
                    {
                        intents.push(Intent::Issue(Command::EndTurn));
                    }
                }
                Err(why) => {
                    ui.add_enabled(false, button).on_disabled_hover_text(why.0.clone());
                    ui.label(egui::RichText::new(why.0).color(DOWN));
                }
            }
        });
    });
    ui.separator();
    match tab {
        BottomTab::News => news_list(ui, campaign),
        BottomTab::Charts => charts(ui, campaign, chart_meters),
        BottomTab::Objectives => objectives(ui, campaign),
    }
    intents
}

fn news_colour(item: &News) -> egui::Color32 {
    match item {
        News::Attacked { .. }
        | News::ArticleFiveBlocked { .. }
        | News::Left { .. }
        | News::ObjectiveFailed { .. }
        | News::InvitationBlocked { .. } => DOWN,
        News::Joined { .. }
        | News::ArticleFiveInvoked { .. }
        | News::ObjectiveMet { .. }
        | News::GuidelineAgreed { .. } => UP,
        News::ActionTaken { .. } | News::EventAnswered { .. } => MUTED,
        _ => egui::Color32::LIGHT_GRAY,
    }
}

fn news_list(ui: &mut egui::Ui, campaign: &Campaign) {
    let s = campaign.state();
    egui::ScrollArea::vertical().id_salt("news").auto_shrink([false, false]).show(ui, |ui| {
        let this_turn = std::iter::once(&s.current);
        for report in this_turn.chain(s.reports.iter().rev().take(4)) {
            if report.news.is_empty() {
                continue;
            }
            let when = report
                .date
                .map(|d| d.turn_label(campaign.content().turn_months(report.turn as usize)))
                .unwrap_or_default();
            let title = if report.turn == s.turn && s.ending.is_none() { format!("{when} (this turn)") } else { when };
            ui.label(egui::RichText::new(title).strong().color(ACCENT));
            for item in &report.news {
                ui.label(
                    egui::RichText::new(format!("• {}", news_text(campaign.content(), item))).color(news_colour(item)),
                );
            }
        }
    });
}

/// Line charts of the alliance meters over the turns played.
pub fn charts(ui: &mut egui::Ui, campaign: &Campaign, shown: &mut [bool; 8]) {
    // The meters' names, each in its line's colour, are the chart's legend: a legend drawn
    // over the chart hid a corner of it, all the more in the bottom panel's short chart.
    ui.horizontal_wrapped(|ui| {
        for (k, meter) in AllianceMeter::ALL.iter().enumerate() {
            let (color, hint) = if shown[k] {
                (palette::meter_color(*meter), "Charted: click to hide")
            } else {
                (MUTED, "Click to chart")
            };
            ui.checkbox(&mut shown[k], egui::RichText::new(meter.label()).color(color)).on_hover_text(hint);
        }
    });
    let snaps = &campaign.state().snapshots;
    let current = campaign.state().alliance.meters();
    let year = super::plots::year;
    let chart = super::plots::years(egui_plot::Plot::new("meters"), 0).include_y(0.0).include_y(100.0);
    chart.allow_scroll(false).show(ui, |plot| {
        for (k, meter) in AllianceMeter::ALL.iter().enumerate() {
            if !shown[k] {
                continue;
            }
            let mut points: Vec<[f64; 2]> = snaps.iter().map(|s| [year(s.date), s.alliance[k]]).collect();
            if campaign.state().ending.is_none() {
                points.push([year(campaign.state().date) + 0.01, current[k]]);
            }
            let line = egui_plot::Line::new(meter.label(), egui_plot::PlotPoints::from(points));
            plot.line(line.color(palette::meter_color(*meter)).width(1.5));
        }
    });
}

/// The objectives and how they stand.
pub fn objectives(ui: &mut egui::Ui, campaign: &Campaign) {
    let s = campaign.state();
    egui::ScrollArea::vertical().id_salt("objectives").show(ui, |ui| {
        for (o, status) in campaign.content().scenario.objectives.iter().zip(&s.objectives) {
            let (mark, color) = match status {
                ObjectiveStatus::Met => ("✔", UP),
                ObjectiveStatus::Failed => ("✘", DOWN),
                ObjectiveStatus::Open => ("…", MUTED),
            };
            let required = if o.required { "required" } else { "optional" };
            ui.label(egui::RichText::new(format!("{mark} {} ({required}, {} points)", o.text, o.points)).color(color));
        }
    });
}

//! The top bar: date and turn, the alliance meters, the adversary and the threats, each with a
//! tooltip that lists what raised or lowered it, and a click that opens the full "why?".

use super::Intent;
use super::theme::{ACCENT, MUTED, arrow, delta_text};
use crate::sim::Campaign;
use crate::sim::describe::cause_text;
use crate::sim::ids::{AdversaryStat, AllianceMeter, ThreatKind};
use crate::sim::ledger::{Target, TurnReport};
use bevy_egui::egui;

/// The causes of a number's movement in a report, largest first, as lines of text.
pub fn cause_lines(campaign: &Campaign, report: &TurnReport, target: Target, limit: usize) -> Vec<(String, f64)> {
    report
        .causes_of(target)
        .into_iter()
        .take(limit)
        .map(|(cause, delta)| (cause_text(campaign.content(), cause), delta))
        .collect()
}

/// The tooltip body for a number: last turn's causes and this turn's so far.
pub fn why_tooltip(ui: &mut egui::Ui, campaign: &Campaign, target: Target, label: &str, decimals: usize) {
    let s = campaign.state();
    ui.label(egui::RichText::new(label).strong());
    ui.label(egui::RichText::new(format!("now {:.*}", decimals, campaign.get(target))).color(MUTED));
    let mut shown = false;
    for (title, report) in [("This turn so far", Some(&s.current)), ("Last turn", s.reports.last())] {
        let Some(report) = report else { continue };
        let lines = cause_lines(campaign, report, target, 8);
        if lines.is_empty() {
            continue;
        }
        shown = true;
        ui.separator();
        ui.label(egui::RichText::new(format!("{title}: {:+.*}", decimals, report.net(target))).strong());
        for (text, delta) in lines {
            ui.horizontal(|ui| {
                ui.label(delta_text(delta, decimals));
                ui.label(text);
            });
        }
    }
    if !shown {
        ui.label(egui::RichText::new("No change yet.").color(MUTED));
    }
    ui.label(egui::RichText::new("Click for the full history of this number").small().color(MUTED));
}

/// Net change of a number over the last finished turn.
pub fn last_change(campaign: &Campaign, target: Target) -> f64 {
    campaign.state().reports.last().map_or(0.0, |r| r.net(target))
}

fn meter(ui: &mut egui::Ui, campaign: &Campaign, target: Target, label: &str, intents: &mut Vec<Intent>) {
    let value = campaign.get(target);
    let change = last_change(campaign, target);
    let response = ui
        .add(egui::Button::new(egui::RichText::new(format!("{label} {value:.0}")).size(15.0)).frame(false))
        .on_hover_ui(|ui| why_tooltip(ui, campaign, target, label, 1));
    ui.label(arrow(change));
    if response.clicked() {
        intents.push(Intent::Explain(target));
    }
}

/// The top bar.
pub fn hud_bar(ui: &mut egui::Ui, campaign: &Campaign) -> Vec<Intent> {
    let mut intents = Vec::new();
    let s = campaign.state();
    let months = campaign.turn_months();
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(s.date.turn_label(months)).size(18.0).strong().color(ACCENT));
        ui.label(
            egui::RichText::new(format!(
                "turn {} of {}",
                (s.turn + 1).min(campaign.total_turns()),
                campaign.total_turns()
            ))
            .color(MUTED),
        );
        ui.separator();
        for (m, label) in [
            (AllianceMeter::Cohesion, "Cohesion"),
            (AllianceMeter::Deterrence, "Deterrence"),
            (AllianceMeter::Credibility, "Credibility"),
            (AllianceMeter::Capital, "Capital"),
            (AllianceMeter::Legitimacy, "Legitimacy"),
            (AllianceMeter::BurdenSharing, "Burden sharing"),
        ] {
            meter(ui, campaign, Target::Alliance(m), label, &mut intents);
        }
        ui.separator();
        let adversary = &campaign.content().scenario.adversary.name;
        ui.label(egui::RichText::new(adversary).color(MUTED));
        meter(ui, campaign, Target::Adversary(AdversaryStat::Strength), "strength", &mut intents);
        meter(ui, campaign, Target::Adversary(AdversaryStat::Intent), "intent", &mut intents);
        ui.separator();
        let threats = ui.label(egui::RichText::new("Threats").color(MUTED));
        threats.on_hover_ui(|ui| {
            for kind in ThreatKind::ALL {
                let t = Target::Threat(*kind);
                ui.horizontal(|ui| {
                    ui.label(format!("{} {:.0}", kind.label(), campaign.get(t)));
                    ui.label(arrow(last_change(campaign, t)));
                });
            }
        });
        for kind in ThreatKind::ALL {
            let value = campaign.get(Target::Threat(*kind));
            if value >= 20.0 {
                meter(ui, campaign, Target::Threat(*kind), kind.label(), &mut intents);
            }
        }
        if let Some(g) = s.alliance.guideline_pct {
            ui.separator();
            ui.label(egui::RichText::new(format!("guideline {g:.1}% of GDP")).color(MUTED)).on_hover_text(
                "The spending level the allies have pledged; burden sharing counts the members who meet it",
            );
        }
    });
    intents
}

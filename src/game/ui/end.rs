//! The end screen: victory or defeat and why, the score with its breakdown, the objectives,
//! the meters over the game, and the player's choices beside what happened in history.

use super::menus::Menu;
use super::theme::{ACCENT, DOWN, MUTED, UP};
use super::{Intent, news};
use crate::game::session::Screen;
use crate::sim::ledger::News;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub fn end_screen(mut contexts: EguiContexts, mut menu: Menu) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(campaign) = menu.session.campaign.take() else {
        menu.next.set(Screen::Title);
        return Ok(());
    };
    let mut intents = Vec::new();
    let s = campaign.state();
    let content = campaign.content();
    let score = campaign.score();
    let (headline, color) = match &s.ending {
        Some(e) if e.victory => ("Victory", UP),
        Some(_) => ("Defeat", DOWN),
        None => ("Unfinished", MUTED),
    };
    egui::Window::new("debrief")
        .title_bar(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .fixed_size([1120.0, 660.0])
        .show(&ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(headline).size(34.0).strong().color(color));
                ui.add_space(12.0);
                ui.vertical(|ui| {
                    ui.label(egui::RichText::new(&content.scenario.title).size(18.0).color(ACCENT));
                    if let Some(e) = &s.ending {
                        ui.label(&e.reason);
                    }
                });
            });
            ui.separator();
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(330.0);
                    ui.label(egui::RichText::new(format!("Score {:.0}", score.total)).size(20.0).strong());
                    egui::ScrollArea::vertical().id_salt("score").max_height(250.0).show(ui, |ui| {
                        egui::Grid::new("score_lines").num_columns(2).striped(true).show(ui, |ui| {
                            for line in &score.lines {
                                ui.label(egui::RichText::new(format!("{:+.0}", line.points)).monospace());
                                ui.label(&line.label);
                                ui.end_row();
                            }
                        });
                    });
                    ui.add_space(6.0);
                    ui.label(egui::RichText::new("Objectives").strong());
                    news::objectives(ui, &campaign);
                });
                ui.separator();
                ui.vertical(|ui| {
                    ui.set_width(360.0);
                    ui.label(egui::RichText::new("The meters over the game").strong());
                    let mut shown = menu.ui.chart_meters;
                    ui.allocate_ui(egui::vec2(360.0, 420.0), |ui| news::charts(ui, &campaign, &mut shown));
                    menu.ui.chart_meters = shown;
                });
                ui.separator();
                ui.vertical(|ui| {
                    ui.set_width(360.0);
                    ui.label(egui::RichText::new("Your choices and history").strong());
                    egui::ScrollArea::vertical().id_salt("timeline").max_height(460.0).show(ui, |ui| {
                        for report in &s.reports {
                            for item in &report.news {
                                if let News::EventAnswered { event, choice } = item {
                                    let e = &content.events[usize::from(*event)];
                                    let mine = e.choices.get(usize::from(*choice)).map_or("?", |c| c.label.as_str());
                                    let history =
                                        e.choices.iter().find(|c| c.historical).map_or("—", |c| c.label.as_str());
                                    let same = e.choices.get(usize::from(*choice)).is_some_and(|c| c.historical);
                                    let when = report.date.map(|d| d.to_string()).unwrap_or_default();
                                    ui.label(egui::RichText::new(format!("{when} · {}", e.title)).strong());
                                    ui.label(egui::RichText::new(format!("You: {mine}")).color(if same {
                                        UP
                                    } else {
                                        egui::Color32::LIGHT_GRAY
                                    }));
                                    if !same {
                                        ui.label(egui::RichText::new(format!("History: {history}")).color(MUTED));
                                    }
                                }
                            }
                        }
                    });
                });
            });
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Play this era again").clicked() {
                    menu.ui.new_game_scenario = Some(content.scenario.id.clone());
                    intents.push(Intent::Go(Screen::NewGame));
                }
                if ui.button("Main menu").clicked() {
                    intents.push(Intent::Go(Screen::Title));
                }
                if let Some(codex) = content.scenario.codex.first()
                    && ui.button("Read about this era").clicked()
                {
                    intents.push(Intent::OpenCodex(codex.clone()));
                }
            });
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("Export the debrief:").strong());
                for (label, ext) in [("Web page (HTML)", "html"), ("Markdown", "md")] {
                    if ui.button(label).on_hover_text("Score, objectives, your decisions beside history, charts and discussion questions, in one file for your teacher").clicked() {
                        intents.push(Intent::ExportDebrief(ext.to_string()));
                    }
                }
                if let Some(class) = &menu.session.class {
                    ui.label(egui::RichText::new(format!("{} · class {}", class.student, class.code.as_str())).color(MUTED));
                }
            });
            if !content.scenario.discussion.is_empty() {
                egui::CollapsingHeader::new("Questions for discussion").show(ui, |ui| {
                    for (k, q) in content.scenario.discussion.iter().enumerate() {
                        ui.label(format!("{}. {q}", k + 1));
                    }
                });
            }
            egui::CollapsingHeader::new("What if? Replay the game with one decision changed").show(ui, |ui| {
                super::whatif::whatif_panel(ui, &campaign, &mut menu.ui.whatif);
            });
        });
    for intent in &intents {
        if let Intent::ExportDebrief(ext) = intent {
            let now = menu.time.elapsed_secs_f64();
            menu.session.toast = Some((export_debrief(&campaign, menu.session.class.as_ref(), ext), now));
        }
    }
    let now = menu.time.elapsed_secs_f64();
    super::toast(&ctx, &mut menu.session, now);
    menu.session.campaign = Some(campaign);
    for intent in &intents {
        if let Intent::OpenCodex(_) = intent {
            menu.ui.codex_return = Screen::End;
        }
    }
    let keep_return = menu.ui.codex_return;
    menu.handle(intents);
    menu.ui.codex_return = keep_return;
    Ok(())
}

/// Writes the debrief next to the saves; returns the message for the player.
fn export_debrief(
    campaign: &crate::sim::Campaign,
    class: Option<&crate::game::session::ClassPlay>,
    ext: &str,
) -> String {
    let Some(dir) = crate::save::saves_dir().map(|d| d.with_file_name("debriefs")) else {
        return "No folder for debriefs on this system".into();
    };
    let who = class.map(|c| c.student.as_str());
    let debrief =
        crate::debrief::Debrief::of(campaign).with_student(who).with_class_code(class.map(|c| c.code.as_str()));
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let name: String = who.unwrap_or("debrief").chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    let path = dir.join(format!("{name}-{}-{stamp}.{ext}", campaign.content().scenario.id));
    match crate::debrief::write(&debrief, &path) {
        Ok(_) => format!("Debrief saved: {}", path.display()),
        Err(e) => format!("Could not save the debrief: {e}"),
    }
}

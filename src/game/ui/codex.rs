//! The codex: the treaty's articles, the members, the concepts and the eras, searchable.

use super::Intent;
use super::menus::Menu;
use super::theme::{ACCENT, MUTED};
use crate::scenario::raw::CodexKind;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

fn kind_label(kind: CodexKind) -> &'static str {
    match kind {
        CodexKind::Treaty => "The treaty",
        CodexKind::Concept => "Concepts",
        CodexKind::Era => "Eras",
        CodexKind::Member => "Members",
        CodexKind::Event => "Events",
    }
}

pub fn codex_screen(mut contexts: EguiContexts, mut menu: Menu) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(catalog) = menu.library.catalog.clone() else { return Ok(()) };
    let mut intents = Vec::new();
    let back_to = menu.ui.codex_return;
    // Sized to the window, so the codex never runs off a small or scaled-up screen.
    let height = (ctx.viewport_rect().height() - 90.0).clamp(320.0, 640.0);
    egui::Window::new("Codex")
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .fixed_size([940.0, height])
        .show(&ctx, |ui| {
            let columns = egui::vec2(ui.available_width(), height - 44.0);
            ui.allocate_ui_with_layout(columns, egui::Layout::left_to_right(egui::Align::TOP), |ui| {
                ui.vertical(|ui| {
                    ui.set_width(280.0);
                    ui.add(
                        egui::TextEdit::singleline(&mut menu.ui.codex_query)
                            .hint_text("Search the codex")
                            .desired_width(270.0),
                    );
                    let query = menu.ui.codex_query.to_lowercase();
                    egui::ScrollArea::vertical().id_salt("codex_list").max_height(height - 90.0).show(ui, |ui| {
                        for kind in
                            [CodexKind::Treaty, CodexKind::Concept, CodexKind::Era, CodexKind::Member, CodexKind::Event]
                        {
                            let entries: Vec<_> = catalog
                                .codex
                                .iter()
                                .filter(|e| e.kind == kind)
                                .filter(|e| {
                                    query.is_empty()
                                        || e.title.to_lowercase().contains(&query)
                                        || e.body.to_lowercase().contains(&query)
                                })
                                .collect();
                            if entries.is_empty() {
                                continue;
                            }
                            egui::CollapsingHeader::new(kind_label(kind))
                                .default_open(!query.is_empty() || kind != CodexKind::Member)
                                .show(ui, |ui| {
                                    for e in entries {
                                        let on = menu.ui.codex_open.as_deref() == Some(e.id.as_str());
                                        if ui.add(egui::Button::selectable(on, &e.title)).clicked() {
                                            menu.ui.codex_open = Some(e.id.clone());
                                        }
                                    }
                                });
                        }
                    });
                });
                ui.separator();
                ui.vertical(|ui| {
                    ui.set_width(620.0);
                    let entry = menu
                        .ui
                        .codex_open
                        .as_deref()
                        .and_then(|id| catalog.codex_entry(id))
                        .or_else(|| catalog.codex.first());
                    match entry {
                        Some(e) => {
                            ui.heading(egui::RichText::new(&e.title).color(ACCENT));
                            egui::ScrollArea::vertical().id_salt("codex_body").max_height(height - 130.0).show(ui, |ui| {
                                for paragraph in e.body.split("\n\n") {
                                    ui.label(paragraph.trim());
                                    ui.add_space(4.0);
                                }
                                if !e.citation.is_empty() {
                                    ui.label(egui::RichText::new(&e.citation).small().color(MUTED));
                                }
                                if let Some(info) = e.country.and_then(|iso| catalog.country(iso)) {
                                    ui.separator();
                                    if let Some(d) = info.accession {
                                        ui.label(format!("Joined: {d}"));
                                    }
                                    if let (Some(g), Some(p)) = (info.gdp_2024_bn, info.population_2024_m) {
                                        ui.label(format!(
                                            "GDP 2024: {g:.0} billion US dollars · population {p:.1} million"
                                        ));
                                    }
                                    if let Some(sp) = info.spending_2024_pct {
                                        ui.label(format!("Defence spending 2024: {sp:.2}% of GDP"));
                                    }
                                    if !info.spending_history.is_empty() {
                                        ui.label(egui::RichText::new("Defence spending, % of GDP (SIPRI until 2010, NATO from 2014: the two count differently)").small());
                                        let sipri: Vec<[f64; 2]> = info.spending_history.iter().filter(|p| p.source.starts_with("SIPRI")).map(|p| [f64::from(p.year), p.pct]).collect();
                                        let nato: Vec<[f64; 2]> = info.spending_history.iter().filter(|p| !p.source.starts_with("SIPRI")).map(|p| [f64::from(p.year), p.pct]).collect();
                                        super::plots::years(egui_plot::Plot::new(("codex_spending", &e.id)), 2)
                                            .height(150.0)
                                            .legend(egui_plot::Legend::default())
                                            .include_y(0.0)
                                            .allow_scroll(false)
                                            .show(ui, |plot| {
                                                plot.line(egui_plot::Line::new("SIPRI", egui_plot::PlotPoints::from(sipri)));
                                                plot.line(egui_plot::Line::new("NATO", egui_plot::PlotPoints::from(nato)));
                                            });
                                    }
                                }
                            });
                            if !e.see_also.is_empty() {
                                ui.horizontal_wrapped(|ui| {
                                    ui.label(egui::RichText::new("See also:").color(MUTED));
                                    for id in &e.see_also {
                                        let title = catalog.codex_entry(id).map_or(id.as_str(), |x| x.title.as_str());
                                        if ui.link(title).clicked() {
                                            menu.ui.codex_open = Some(id.clone());
                                        }
                                    }
                                });
                            }
                        }
                        None => {
                            ui.label("The codex is empty.");
                        }
                    }
                });
            });
            ui.separator();
            if ui.button("Back  [Esc]").clicked() {
                intents.push(Intent::Go(back_to));
            }
        });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && !ctx.egui_wants_keyboard_input() {
        intents.push(Intent::Go(back_to));
    }
    menu.handle(intents);
    Ok(())
}

//! The campaign screen: the HUD, members, actions and news panels around the map, the map's
//! mode selector, legend and labels, and the modal windows; keyboard shortcuts.

use super::menus::Menu;
use super::theme::{ACCENT, MUTED};
use super::{Intent, actions, hud, members, modals, news, root_ui};
use crate::game::camera::MapCamera;
use crate::game::map::MapShapes;
use crate::game::palette::{self, MapMode};
use crate::game::session::{Issue, Screen};
use crate::sim::{Campaign, Command, Status};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub fn campaign_screen(
    mut contexts: EguiContexts,
    mut menu: Menu,
    shapes: Option<Res<MapShapes>>,
    camera: Single<(&Camera, &GlobalTransform), With<MapCamera>>,
    mut issues: MessageWriter<Issue>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(campaign) = menu.session.campaign.take() else {
        menu.next.set(Screen::Title);
        return Ok(());
    };
    let catalog = menu.library.catalog.clone();
    let map_isos: Vec<crate::sim::Iso> = shapes.as_ref().map(|s| s.isos.clone()).unwrap_or_default();
    let selected =
        menu.view.selected.and_then(|m| map_isos.get(m)).and_then(|iso| campaign.content().country_index(*iso));
    let mut intents: Vec<Intent> = Vec::new();

    let modal_open = campaign.state().council.is_some() || !campaign.state().pending_events.is_empty();
    keyboard(&ctx, &campaign, &mut menu, modal_open, &mut intents);

    let mut root = root_ui(&ctx, "campaign_root");
    let panel = super::theme::campaign_panel(&ctx.global_style());
    egui::Panel::top("hud").frame(panel).show(&mut root, |ui| intents.extend(hud::hud_bar(ui, &campaign)));
    egui::Panel::bottom("news").frame(panel).resizable(true).default_size(190.0).show(&mut root, |ui| {
        let mut shown = menu.ui.chart_meters;
        intents.extend(news::bottom_panel(ui, &campaign, &mut menu.ui.bottom, &mut shown));
        menu.ui.chart_meters = shown;
    });
    egui::Panel::left("members").frame(panel).resizable(true).default_size(330.0).show(&mut root, |ui| {
        ui.heading(egui::RichText::new("Members").color(ACCENT));
        let mut sort = (menu.ui.sort, menu.ui.sort_descending);
        intents.extend(members::members_table(ui, &campaign, &mut sort, selected));
        (menu.ui.sort, menu.ui.sort_descending) = sort;
        ui.separator();
        egui::ScrollArea::vertical().id_salt("detail").show(ui, |ui| match selected {
            Some(idx) => intents.extend(members::member_detail(ui, &campaign, idx, catalog.as_deref())),
            None => {
                ui.label(
                    egui::RichText::new("Click a country on the map or in the table to see its figures and history.")
                        .color(MUTED),
                );
            }
        });
    });
    egui::Panel::right("actions").frame(panel).resizable(true).default_size(320.0).show(&mut root, |ui| {
        let mut pledge = menu.ui.summit_pledge;
        intents.extend(actions::actions_panel(ui, &campaign, selected, &mut pledge));
        menu.ui.summit_pledge = pledge;
    });
    let free = root.available_rect_before_wrap();
    super::record_free_rect(&mut menu.view, &root);

    if let Some(shapes) = &shapes {
        map_overlay(&ctx, free, &campaign, shapes, &camera, &mut menu, &mut intents);
    }

    // Windows, most urgent first: an attack, then events.
    if campaign.state().council.is_some() {
        intents.extend(modals::council_window(&ctx, &campaign));
    } else if !campaign.state().pending_events.is_empty() {
        intents.extend(modals::event_window(&ctx, &campaign, catalog.as_deref()));
    }
    if let Some(target) = menu.ui.explain
        && !modals::explain_window(&ctx, &campaign, target)
    {
        menu.ui.explain = None;
    }
    if menu.ui.paused {
        let mut name = std::mem::take(&mut menu.ui.save_name);
        let mut settings = menu.settings.clone();
        let when = campaign.state().date.turn_label(campaign.turn_months());
        let default_name = format!("{} {when}", campaign.content().scenario.title);
        intents.extend(modals::pause_menu(&ctx, &mut name, &default_name, &mut settings));
        menu.ui.save_name = name;
        if settings != *menu.settings {
            *menu.settings = settings;
        }
    }
    if menu.ui.help {
        intents.extend(modals::help_overlay(&ctx));
    }
    let seen = super::tutorial::Seen { selected: selected.is_some(), mode: menu.view.mode };
    intents.extend(super::tutorial::guide(&ctx, &campaign, &mut menu.tutorial, &seen));
    lesson_and_reload(&ctx, &campaign, &mut menu, &mut intents);
    let now = menu.time.elapsed_secs_f64();
    super::toast(&ctx, &mut menu.session, now);

    menu.session.campaign = Some(campaign);
    for intent in intents {
        match intent {
            Intent::Issue(command) => {
                issues.write(Issue(command));
            }
            Intent::Select(idx) => {
                let iso =
                    idx.and_then(|i| menu.session.campaign.as_ref().map(|c| c.content().countries[usize::from(i)].iso));
                menu.view.selected = iso.and_then(|iso| map_isos.iter().position(|m| *m == iso));
            }
            Intent::ReloadCampaign => reload_campaign(&mut menu),
            Intent::Explain(target) => {
                menu.ui.explain = Some(target);
                menu.tutorial.explained = true;
            }
            Intent::MapMode(mode) => menu.view.mode = mode,
            Intent::OpenCodex(id) => {
                menu.ui.codex_open = Some(id);
                menu.ui.codex_return = Screen::Campaign;
                menu.next.set(Screen::Codex);
            }
            Intent::Go(Screen::Codex) => {
                menu.ui.codex_return = Screen::Campaign;
                menu.next.set(Screen::Codex);
            }
            other => menu.handle(vec![other]),
        }
    }
    Ok(())
}

fn keyboard(ctx: &egui::Context, campaign: &Campaign, menu: &mut Menu, modal_open: bool, intents: &mut Vec<Intent>) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    let pressed = |k| ctx.input(|i| i.key_pressed(k));
    if pressed(egui::Key::Escape) {
        if menu.ui.help {
            intents.push(Intent::Help(false));
        } else if menu.ui.explain.is_some() {
            menu.ui.explain = None;
        } else {
            intents.push(Intent::Pause(!menu.ui.paused));
        }
    }
    if pressed(egui::Key::F1) {
        intents.push(Intent::Help(!menu.ui.help));
    }
    if pressed(egui::Key::F11) {
        menu.settings.fullscreen = !menu.settings.fullscreen;
    }
    if menu.ui.paused {
        return;
    }
    if pressed(egui::Key::Space)
        && !modal_open
        && !menu.session.lesson_over()
        && campaign.preview(&Command::EndTurn).is_ok()
    {
        intents.push(Intent::Issue(Command::EndTurn));
    }
    for mode in MapMode::ALL {
        let key = match mode {
            MapMode::Membership => egui::Key::Num1,
            MapMode::Spending => egui::Key::Num2,
            MapMode::Threat => egui::Key::Num3,
            MapMode::Support => egui::Key::Num4,
        };
        if pressed(key) {
            intents.push(Intent::MapMode(mode));
        }
    }
    if pressed(egui::Key::C) {
        intents.push(Intent::Go(Screen::Codex));
    }
    if ctx.input(|i| i.modifiers.command && i.key_pressed(egui::Key::S)) {
        let name = format!("quicksave-{}", campaign.content().scenario.id);
        intents.push(Intent::SaveGame(name));
    }
}

/// Map mode buttons, the legend, labels and the tooltip of the country under the pointer.
fn map_overlay(
    ctx: &egui::Context,
    free: egui::Rect,
    campaign: &Campaign,
    shapes: &MapShapes,
    camera: &(&Camera, &GlobalTransform),
    menu: &mut Menu,
    intents: &mut Vec<Intent>,
) {
    egui::Area::new(egui::Id::new("map_modes")).fixed_pos(free.min + egui::vec2(10.0, 10.0)).show(ctx, |ui| {
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                for mode in MapMode::ALL {
                    let on = menu.view.mode == mode;
                    if ui.add(egui::Button::selectable(on, format!("{} {}", mode.key(), mode.label()))).clicked() {
                        intents.push(Intent::MapMode(mode));
                    }
                }
            });
        });
    });
    egui::Area::new(egui::Id::new("map_legend"))
        .pivot(egui::Align2::LEFT_BOTTOM)
        .fixed_pos(egui::pos2(free.min.x + 10.0, free.max.y - 10.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(egui::RichText::new(menu.view.mode.label()).strong());
                for (color, text) in palette::legend(menu.view.mode, campaign) {
                    ui.horizontal(|ui| {
                        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                        ui.painter().rect_filled(rect, 2.0, color);
                        ui.label(egui::RichText::new(text).small());
                    });
                }
                // The labels mark countries in play that are not members with a question mark.
                let outsider = |iso: &&crate::sim::Iso| {
                    campaign.content().country_index(**iso).is_some_and(|i| !campaign.is_member(i))
                };
                if menu.settings.map_labels
                    && let Some(iso) = shapes.isos.iter().find(outsider)
                {
                    let text = format!("{}? in play, not a member", iso.as_str());
                    ui.label(egui::RichText::new(text).small().color(MUTED));
                }
            });
        });

    // Labels: the names of countries in play, where the zoom leaves room.
    let zoom = ctx.zoom_factor();
    let to_screen = |p: [f32; 2]| -> Option<egui::Pos2> {
        let v = camera.0.world_to_viewport(camera.1, Vec3::new(p[0], p[1], 0.0)).ok()?;
        Some(egui::pos2(v.x / zoom, v.y / zoom))
    };
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Background, egui::Id::new("map_labels")));
    let painter = painter.with_clip_rect(free);
    // The country under the pointer, lightened by a wash drawn over the map's image (under the
    // labels); the selected country is lightened in the map itself.
    if let Some(i) = menu.view.hovered.filter(|&i| menu.view.selected != Some(i)) {
        painter.add(shapes.fill_mesh(i, palette::HOVER_WASH, to_screen));
        painter.extend(shapes.outline_shapes(i, egui::Stroke::new(1.5, egui::Color32::WHITE), to_screen));
    }
    if menu.settings.map_labels {
        for (i, iso) in shapes.isos.iter().enumerate() {
            let Some(idx) = campaign.content().country_index(*iso) else { continue };
            // The labels are placed on a worker once the title is up: none until then.
            let Some(pos) = shapes.labels.get(i).and_then(|&point| to_screen(point)) else { continue };
            let status = campaign.state().countries[usize::from(idx)].status;
            let text = if status == Status::Member { iso.as_str().to_string() } else { format!("{}?", iso.as_str()) };
            // A dark shadow keeps the name readable on light fills (candidates are yellow).
            let font = egui::FontId::proportional(12.0);
            painter.text(
                pos + egui::vec2(1.0, 1.0),
                egui::Align2::CENTER_CENTER,
                &text,
                font.clone(),
                egui::Color32::from_black_alpha(230),
            );
            painter.text(pos, egui::Align2::CENTER_CENTER, text, font, egui::Color32::from_white_alpha(235));
        }
    }

    if let Some(m) = menu.view.hovered {
        let iso = shapes.isos[m];
        let name = &shapes.names[m];
        egui::Area::new(egui::Id::new("map_hover"))
            .order(egui::Order::Tooltip)
            .fixed_pos(ctx.pointer_latest_pos().unwrap_or(free.center()) + egui::vec2(16.0, 16.0))
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(egui::RichText::new(name).strong());
                    match campaign.content().country_index(iso) {
                        Some(idx) => {
                            let c = &campaign.state().countries[usize::from(idx)];
                            let status = match c.status {
                                Status::Member => "member",
                                Status::Invited { .. } => "invited",
                                Status::Candidate => "candidate",
                                Status::Partner => "partner",
                                Status::Former => "former member",
                            };
                            ui.label(status);
                            ui.label(format!("Defence spending {:.2}% of GDP", c.spending_pct));
                            ui.label(format!(
                                "Public support {:.0} · threat {:.0} · alignment {:.0}",
                                c.public_support, c.threat_perception, c.alignment
                            ));
                            ui.label(egui::RichText::new("Click to select").small().color(MUTED));
                        }
                        None if campaign.content().scenario.adversary.bloc.contains(&iso) => {
                            ui.label(format!("{} bloc", campaign.content().scenario.adversary.name));
                        }
                        None => {
                            ui.label(egui::RichText::new("not in this scenario").color(MUTED));
                        }
                    }
                });
            });
    }
}

/// The end of a lesson in a class game, and the offer to reload changed scenario files.
fn lesson_and_reload(ctx: &egui::Context, campaign: &Campaign, menu: &mut Menu, intents: &mut Vec<Intent>) {
    if let Some(class) = menu.session.class.clone() {
        let turn = campaign.state().turn;
        if let Some(left) = class.lesson.turns_left(turn).filter(|_| !class.lesson.limit_reached(turn)) {
            egui::Area::new(egui::Id::new("lesson")).anchor(egui::Align2::RIGHT_TOP, [-340.0, 40.0]).show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(format!(
                        "{} · class {} · {left} turn(s) left this lesson",
                        class.student,
                        class.code.as_str()
                    ));
                });
            });
        }
        if menu.session.lesson_over() {
            egui::Window::new("This lesson is over")
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.set_width(420.0);
                    ui.label("You have played this lesson's turns. Save your game: next lesson, load it from the main menu and carry on where you stopped.");
                    let name = format!("{} {}", class.student, campaign.content().scenario.title);
                    if ui.button(egui::RichText::new(format!("Save as \"{name}\" and return to the menu")).strong()).clicked() {
                        intents.push(Intent::SaveGame(name));
                        intents.push(Intent::Go(Screen::Title));
                    }
                });
        }
    }
    if let Some(what) = menu.session.reload_offer.clone() {
        egui::Window::new("The scenario's files changed")
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_width(460.0);
                ui.label(what);
                ui.label("Reloading replays your game so far with the new files; events that have not fired yet use the new text and effects.");
                ui.horizontal(|ui| {
                    if ui.button("Reload the game with the new files").clicked() {
                        intents.push(Intent::ReloadCampaign);
                    }
                    if ui.button("Keep playing as it is").clicked() {
                        menu.session.reload_offer = None;
                    }
                });
            });
    }
}

/// Replays the campaign's commands on the reloaded scenario; if they no longer apply, says so.
fn reload_campaign(menu: &mut Menu) {
    menu.session.reload_offer = None;
    let now = menu.time.elapsed_secs_f64();
    let Some(campaign) = menu.session.campaign.as_ref() else { return };
    let id = campaign.content().scenario.id.clone();
    let Some(content) = menu.library.catalog.as_ref().and_then(|c| c.scenario(&id)).cloned() else {
        menu.session.toast = Some((
            "The changed scenario has errors; keeping the last good version (see Mods and data files)".into(),
            now,
        ));
        return;
    };
    let s = campaign.state();
    match crate::save::replay(&content, s.seed, s.difficulty, &s.command_log) {
        Some(replayed) => {
            menu.session.campaign = Some(replayed);
            menu.session.toast = Some(("Reloaded with the new files".into(), now));
        }
        None => {
            menu.session.toast = Some((
                "Your past decisions no longer fit the changed scenario; start a new game to use it".into(),
                now,
            ));
        }
    }
}

//! The menu screens: loading, title, new game, load game, settings and mods, and the handling
//! of the intents they produce.

use super::theme::{ACCENT, MUTED};
use super::{Intent, UiState, root_ui};
use crate::game::map::MapView;
use crate::game::session::{Library, Screen, Session};
use crate::game::settings::Settings;
use crate::scenario::ron_reader::Severity;
use crate::sim::{Campaign, Content};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::sync::Arc;

/// Everything a menu needs to carry out its intents.
#[derive(SystemParam)]
pub struct Menu<'w> {
    pub next: ResMut<'w, NextState<Screen>>,
    pub session: ResMut<'w, Session>,
    pub library: ResMut<'w, Library>,
    pub ui: ResMut<'w, UiState>,
    pub settings: ResMut<'w, Settings>,
    pub view: ResMut<'w, MapView>,
    pub exit: MessageWriter<'w, AppExit>,
    pub time: Res<'w, Time>,
    pub tutorial: ResMut<'w, super::tutorial::Tutorial>,
}

impl Menu<'_> {
    /// Carries out intents that concern screens, games and files.
    pub fn handle(&mut self, intents: Vec<Intent>) {
        for intent in intents {
            match intent {
                Intent::Go(screen) => {
                    if screen == Screen::Codex {
                        self.ui.codex_return = Screen::Title;
                    }
                    self.ui.notice = None;
                    self.next.set(screen);
                }
                Intent::StartGame { scenario, seed, difficulty } => {
                    let Some(content) = self.scenario(&scenario) else { continue };
                    self.session.start(Campaign::new(content, seed, difficulty));
                    self.view.selected = None;
                    self.view.mode = crate::game::palette::MapMode::Membership;
                    *self.tutorial = super::tutorial::Tutorial::default();
                    self.next.set(Screen::Campaign);
                }
                Intent::JoinClass { code, student } => {
                    let scenarios = self.library.catalog.as_ref().map(|c| c.scenarios.clone()).unwrap_or_default();
                    match crate::classroom::ClassCode::decode(&code, &scenarios) {
                        Ok(setup) => {
                            let campaign = setup.new_campaign();
                            let lesson = setup.session(&campaign);
                            self.session.start(campaign);
                            self.session.class =
                                Some(crate::game::session::ClassPlay { code: setup.code.clone(), student, lesson });
                            self.view.selected = None;
                            *self.tutorial = super::tutorial::Tutorial::default();
                            self.next.set(Screen::Campaign);
                        }
                        Err(e) => self.ui.notice = Some(format!("Class code: {e}")),
                    }
                }
                Intent::LoadGame(path) => {
                    let scenarios = self.library.catalog.as_ref().map(|c| c.scenarios.clone()).unwrap_or_default();
                    match crate::save::load(&path, &scenarios) {
                        Ok(campaign) => {
                            let over = campaign.is_over();
                            // A class game resumes with its code, its student and a fresh lesson.
                            let class = crate::save::read(&path).ok().and_then(|file| {
                                let code = file.class_code?;
                                let setup = crate::classroom::ClassCode::decode(&code, &scenarios).ok()?;
                                let lesson = setup.session(&campaign);
                                Some(crate::game::session::ClassPlay {
                                    code: setup.code,
                                    student: file.student.unwrap_or_default(),
                                    lesson,
                                })
                            });
                            self.session.start(campaign);
                            self.session.class = class;
                            self.ui.paused = false;
                            self.next.set(if over { Screen::End } else { Screen::Campaign });
                        }
                        Err(e) => self.ui.notice = Some(e.to_string()),
                    }
                }
                Intent::SaveGame(name) => {
                    let now = self.time.elapsed_secs_f64();
                    self.session.toast = Some(match self.session.save_as(&name) {
                        Ok(path) => (format!("Saved as \"{name}\" in {}", path.display()), now),
                        Err(e) => (format!("Could not save: {e}"), now),
                    });
                }
                Intent::OpenCodex(id) => {
                    self.ui.codex_open = Some(id);
                    self.next.set(Screen::Codex);
                }
                Intent::Quit => {
                    self.exit.write(AppExit::Success);
                }
                Intent::Pause(on) => self.ui.paused = on,
                Intent::Help(on) => self.ui.help = on,
                _ => {}
            }
        }
    }

    fn scenario(&self, id: &str) -> Option<Arc<Content>> {
        self.library.catalog.as_ref()?.scenario(id).cloned()
    }
}

/// A window in the middle of the screen, for menus.
fn centre_window(title: &str) -> egui::Window<'_> {
    egui::Window::new(title)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
}

pub fn loading_screen(mut contexts: EguiContexts, time: Res<Time>) -> Result {
    let ctx = contexts.ctx_mut()?;
    centre_window("loading").show(ctx, |ui| {
        ui.set_width(360.0);
        ui.vertical_centered(|ui| {
            ui.add_space(8.0);
            ui.heading(egui::RichText::new("ARTICLE FIVE").size(30.0).color(ACCENT).strong());
            ui.add_space(8.0);
            ui.add(egui::Spinner::new().size(28.0));
            let dots = ".".repeat(1 + (time.elapsed_secs() * 3.0) as usize % 3);
            ui.label(format!("Reading scenarios, events and the codex{dots}"));
            ui.add_space(8.0);
        });
    });
    Ok(())
}

pub fn title_screen(mut contexts: EguiContexts, mut menu: Menu) -> Result {
    let ctx = contexts.ctx_mut()?;
    full_map(ctx, &mut menu.view);
    let now = menu.time.elapsed_secs_f64();
    super::toast(ctx, &mut menu.session, now);
    let mut intents = Vec::new();
    let catalog = menu.library.catalog.clone();
    let saves = menu.ui.has_saves;
    egui::Window::new("title")
        .anchor(egui::Align2::LEFT_CENTER, [60.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .show(ctx, |ui| {
            // Wide enough for the strapline on one line; the buttons fill it.
            let width = 372.0;
            ui.set_width(width);
            ui.add_space(6.0);
            ui.label(egui::RichText::new("ARTICLE FIVE").size(40.0).strong().color(ACCENT));
            ui.label(
                egui::RichText::new("Hold the North Atlantic alliance together, 1949 to today").size(15.0).color(MUTED),
            );
            ui.add_space(18.0);
            let big =
                |text: &str| egui::Button::new(egui::RichText::new(text).size(18.0)).min_size(egui::vec2(width, 38.0));
            if ui.add(big("New game")).on_hover_text("Choose an era, a difficulty and a seed").clicked() {
                intents.push(Intent::Go(Screen::NewGame));
            }
            if ui.add_enabled(saves, big("Load game")).on_disabled_hover_text("No saved games yet").clicked() {
                intents.push(Intent::Go(Screen::LoadGame));
            }
            if ui.add(big("Codex")).on_hover_text("The treaty, the members, the concepts and the eras").clicked() {
                intents.push(Intent::Go(Screen::Codex));
            }
            if ui
                .add(big("Mods and data files"))
                .on_hover_text("Scenario packs and the state of the data files")
                .clicked()
            {
                intents.push(Intent::Go(Screen::Mods));
            }
            if ui.add(big("Settings")).clicked() {
                intents.push(Intent::Go(Screen::Settings));
            }
            if ui.add(big("Quit")).clicked() {
                intents.push(Intent::Quit);
            }
            ui.add_space(12.0);
            if let Some(catalog) = &catalog {
                let problems = catalog.diags.error_count();
                ui.label(
                    egui::RichText::new(format!(
                        "{} scenarios · {} events · {} codex entries",
                        catalog.scenarios.len(),
                        catalog.events.len(),
                        catalog.codex.len()
                    ))
                    .small()
                    .color(MUTED),
                );
                if problems > 0 {
                    ui.label(
                        egui::RichText::new(format!(
                            "{problems} problem(s) in the data files — see Mods and data files"
                        ))
                        .small()
                        .color(super::theme::DOWN),
                    );
                }
            }
            ui.label(egui::RichText::new(format!("version {}", env!("CARGO_PKG_VERSION"))).small().color(MUTED));
        });
    if !menu.settings.tutorial_offered
        && catalog.as_ref().is_some_and(|c| c.scenario(super::tutorial::TUTORIAL_ID).is_some())
    {
        egui::Window::new("New to Article Five?")
            .anchor(egui::Align2::CENTER_CENTER, [120.0, 0.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_width(360.0);
                ui.label("A ten-minute guided start shows you the screen, the meters, an event, a summit and an Article 5 council.");
                ui.horizontal(|ui| {
                    if ui.button(egui::RichText::new("Play the tutorial").strong()).clicked() {
                        menu.settings.tutorial_offered = true;
                        intents.push(Intent::StartGame { scenario: super::tutorial::TUTORIAL_ID.into(), seed: 1949, difficulty: 0 });
                    }
                    if ui.button("Not now").clicked() {
                        menu.settings.tutorial_offered = true;
                    }
                });
                ui.label(egui::RichText::new("You can start it later from New game.").small().color(MUTED));
            });
    }
    menu.handle(intents);
    Ok(())
}

pub fn new_game_screen(mut contexts: EguiContexts, mut menu: Menu) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(catalog) = menu.library.catalog.clone() else { return Ok(()) };
    let mut scenarios: Vec<&Arc<Content>> = catalog.scenarios.iter().collect();
    scenarios
        .sort_by_key(|s| (s.scenario.id != super::tutorial::TUTORIAL_ID, s.scenario.id == "grand", s.scenario.start));
    if menu.ui.new_game_scenario.is_none() {
        menu.ui.new_game_scenario = scenarios.first().map(|s| s.scenario.id.clone());
    }
    if menu.ui.new_game_seed.is_empty() {
        // The seed is for the player to share; wall-clock time only picks the suggestion.
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1949);
        menu.ui.new_game_seed = (t % 1000).to_string();
    }
    let mut intents = Vec::new();
    egui::Window::new("New game")
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .default_size([980.0, 620.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("Join a class:").strong());
                ui.add(egui::TextEdit::singleline(&mut menu.ui.class_code_input).hint_text("A5-XXXX-XXXX").desired_width(140.0));
                ui.add(egui::TextEdit::singleline(&mut menu.ui.student_name).hint_text("your name").desired_width(160.0));
                let ready = !menu.ui.class_code_input.trim().is_empty() && !menu.ui.student_name.trim().is_empty();
                if ui.add_enabled(ready, egui::Button::new("Join")).on_disabled_hover_text("Type the code your teacher gave and your name").clicked() {
                    intents.push(Intent::JoinClass { code: menu.ui.class_code_input.trim().to_string(), student: menu.ui.student_name.trim().to_string() });
                }
                if let Some(notice) = &menu.ui.notice {
                    ui.colored_label(super::theme::DOWN, notice);
                }
            });
            ui.separator();
            ui.set_min_size(egui::vec2(940.0, 480.0));
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(300.0);
                    ui.label(egui::RichText::new("Choose an era").strong());
                    egui::ScrollArea::vertical().id_salt("eras").max_height(480.0).show(ui, |ui| {
                        ui.with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
                            for s in &scenarios {
                                let sc = &s.scenario;
                                let selected = menu.ui.new_game_scenario.as_deref() == Some(sc.id.as_str());
                                let text = format!("{}\n{}   ·   {} turns", sc.title, sc.era, s.turn_starts.len());
                                if ui
                                    .add(egui::Button::selectable(selected, text).min_size(egui::vec2(290.0, 44.0)))
                                    .clicked()
                                {
                                    menu.ui.new_game_scenario = Some(sc.id.clone());
                                    menu.ui.new_game_difficulty = usize::MAX;
                                }
                            }
                        });
                    });
                });
                ui.separator();
                ui.vertical(|ui| {
                    let Some(content) =
                        scenarios.iter().find(|s| menu.ui.new_game_scenario.as_deref() == Some(s.scenario.id.as_str()))
                    else {
                        ui.label("No scenario could be loaded. See Mods and data files.");
                        return;
                    };
                    let sc = &content.scenario;
                    if menu.ui.new_game_difficulty >= sc.difficulties.len() {
                        menu.ui.new_game_difficulty = sc.default_difficulty;
                    }
                    ui.heading(egui::RichText::new(&sc.title).color(ACCENT));
                    ui.label(
                        egui::RichText::new(format!(
                            "{} · {} to {} · {} turns",
                            sc.era,
                            sc.start,
                            sc.end,
                            content.turn_starts.len()
                        ))
                        .color(MUTED),
                    );
                    ui.add_space(4.0);
                    egui::ScrollArea::vertical().id_salt("desc").max_height(130.0).show(ui, |ui| {
                        ui.label(&sc.description);
                        ui.add_space(4.0);
                        ui.label(egui::RichText::new("Objectives").strong());
                        for o in &sc.objectives {
                            let tag = if o.required { " (required)" } else { "" };
                            ui.label(format!("• {}{tag} — {} points", o.text, o.points));
                        }
                    });
                    ui.separator();
                    ui.label(egui::RichText::new("Difficulty").strong());
                    for (i, d) in sc.difficulties.iter().enumerate() {
                        ui.radio_value(&mut menu.ui.new_game_difficulty, i, egui::RichText::new(&d.name).strong());
                        ui.indent(("diff", i), |ui| {
                            ui.label(egui::RichText::new(&d.description).small().color(MUTED));
                        });
                    }
                    ui.separator();
                    ui.horizontal(|ui| {
                        ui.label("Seed");
                        ui.add(egui::TextEdit::singleline(&mut menu.ui.new_game_seed).desired_width(100.0))
                            .on_hover_text(
                                "The same seed and the same decisions give the same game: share it to compare runs",
                            );
                        if ui.button("New seed").clicked() {
                            let t = std::time::SystemTime::now()
                                .duration_since(std::time::UNIX_EPOCH)
                                .map(|d| d.subsec_nanos())
                                .unwrap_or(7);
                            menu.ui.new_game_seed = (t % 1000).to_string();
                        }
                    });
                    let seed: Option<u64> = menu.ui.new_game_seed.trim().parse().ok();
                    if seed.is_none() {
                        ui.label(egui::RichText::new("The seed must be a whole number").color(super::theme::DOWN));
                    }
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let start = ui.add_enabled(
                            seed.is_some(),
                            egui::Button::new(egui::RichText::new("Start").size(18.0))
                                .min_size(egui::vec2(140.0, 36.0)),
                        );
                        if start.clicked() {
                            intents.push(Intent::StartGame {
                                scenario: sc.id.clone(),
                                seed: seed.unwrap_or(1),
                                difficulty: menu.ui.new_game_difficulty,
                            });
                        }
                        if ui.button("Back").clicked() {
                            intents.push(Intent::Go(Screen::Title));
                        }
                    });
                    ui.separator();
                    egui::CollapsingHeader::new(egui::RichText::new("For teachers: a class code for this game").strong()).show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.label("Turns per lesson (empty: no limit)");
                            ui.add(egui::TextEdit::singleline(&mut menu.ui.lesson_turns).desired_width(50.0));
                        });
                        let limit = menu.ui.lesson_turns.trim().parse::<u32>().ok().filter(|n| *n > 0);
                        let settings = crate::classroom::ClassSettings { scenario_id: sc.id.clone(), seed: seed.unwrap_or(0), difficulty: menu.ui.new_game_difficulty, turn_limit: limit };
                        match (seed, crate::classroom::ClassCode::encode(&settings)) {
                            (Some(_), Ok(code)) => {
                                ui.horizontal(|ui| {
                                    ui.label("Give your class this code:");
                                    ui.label(egui::RichText::new(code.as_str()).monospace().size(20.0).strong().color(ACCENT));
                                    if ui.button("Copy").clicked() {
                                        ui.ctx().copy_text(code.as_str().to_string());
                                    }
                                });
                                ui.label(egui::RichText::new("Every student who types it plays this scenario with this seed and difficulty, so the class can compare the same game.").small().color(MUTED));
                            }
                            (_, Err(e)) => {
                                ui.label(egui::RichText::new(format!("No code for this setup: {e}")).color(super::theme::DOWN));
                            }
                            (None, _) => {
                                ui.label("Enter a whole-number seed first.");
                            }
                        }
                    });
                });
            });
        });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        intents.push(Intent::Go(Screen::Title));
    }
    menu.handle(intents);
    Ok(())
}

pub fn load_game_screen(mut contexts: EguiContexts, mut menu: Menu) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut intents = Vec::new();
    let saves = &menu.ui.saves;
    centre_window("Load game").show(ctx, |ui| {
        ui.set_width(620.0);
        ui.heading("Load a saved game");
        if let Some(dir) = crate::save::saves_dir() {
            ui.label(egui::RichText::new(format!("Saves are kept in {}", dir.display())).small().color(MUTED));
        }
        if let Some(notice) = &menu.ui.notice {
            ui.colored_label(super::theme::DOWN, notice);
        }
        egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
            if saves.is_empty() {
                ui.label("No saved games yet.");
            }
            for s in saves {
                ui.horizontal(|ui| match &s.problem {
                    None => {
                        if ui.button("Load").clicked() {
                            intents.push(Intent::LoadGame(s.path.clone()));
                        }
                        ui.label(format!("{} — {} (turn {})", s.label, s.scenario_id, s.turn + 1));
                    }
                    Some(problem) => {
                        ui.add_enabled(false, egui::Button::new("Load"));
                        ui.label(egui::RichText::new(format!("{}: {problem}", s.label)).color(super::theme::DOWN))
                            .on_hover_text(problem);
                    }
                });
            }
        });
        if ui.button("Back").clicked() {
            intents.push(Intent::Go(Screen::Title));
        }
    });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        intents.push(Intent::Go(Screen::Title));
    }
    menu.handle(intents);
    Ok(())
}

/// The settings controls, shared by the settings screen and the pause menu.
pub fn settings_controls(ui: &mut egui::Ui, settings: &mut Settings) {
    egui::Grid::new("settings").num_columns(2).spacing([16.0, 10.0]).show(ui, |ui| {
        ui.label("Interface scale");
        let mut scale = settings.ui_scale;
        if ui.add(egui::Slider::new(&mut scale, 0.75..=2.0).step_by(0.05)).changed() {
            settings.ui_scale = scale;
        }
        ui.end_row();
        ui.label("Fullscreen");
        let mut full = settings.fullscreen;
        if ui.checkbox(&mut full, "F11 toggles it too").changed() {
            settings.fullscreen = full;
        }
        ui.end_row();
        ui.label("Autosave each turn");
        let mut autosave = settings.autosave;
        if ui.checkbox(&mut autosave, format!("keep the last {}", settings.autosaves_kept)).changed() {
            settings.autosave = autosave;
        }
        ui.end_row();
        ui.label("Names on the map");
        let mut labels = settings.map_labels;
        if ui.checkbox(&mut labels, "").changed() {
            settings.map_labels = labels;
        }
        ui.end_row();
    });
}

pub fn settings_screen(mut contexts: EguiContexts, mut menu: Menu) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut intents = Vec::new();
    centre_window("Settings").show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Settings");
        ui.add_space(6.0);
        let mut settings = menu.settings.clone();
        settings_controls(ui, &mut settings);
        if settings != *menu.settings {
            *menu.settings = settings;
        }
        ui.add_space(6.0);
        ui.label(egui::RichText::new("Settings are saved as you change them.").small().color(MUTED));
        if ui.button("Back").clicked() {
            intents.push(Intent::Go(Screen::Title));
        }
    });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        intents.push(Intent::Go(Screen::Title));
    }
    menu.handle(intents);
    Ok(())
}

/// A data file problem as the command line prints it: the file and place, the source line with a
/// caret under the fault, and a hint. Monospace and not wrapped, or the caret would drift.
fn diagnostic_label(ui: &mut egui::Ui, text: String, color: egui::Color32) {
    ui.add(egui::Label::new(egui::RichText::new(text).monospace().color(color)).extend());
}

pub fn mods_screen(mut contexts: EguiContexts, mut menu: Menu, data: Res<crate::game::session::DataDir>) -> Result {
    use crate::scenario::mods::ModStatus;
    let ctx = contexts.ctx_mut()?;
    let mut intents = Vec::new();
    let catalog = menu.library.catalog.clone();
    let mut reload = false;
    centre_window("Mods").show(ctx, |ui| {
        ui.set_width(860.0);
        ui.heading("Mods and data files");
        let Some(catalog) = catalog else { return };
        ui.label(format!(
            "{} scenarios loaded from {} files · {} error(s), {} warning(s) · files are watched and reload when you save them",
            catalog.scenarios.len(),
            catalog.diags.files.len(),
            catalog.diags.error_count(),
            catalog.diags.warning_count()
        ));
        if let Some(dir) = crate::scenario::mods::user_mods_dir().filter(|_| data.0.user_mods) {
            ui.label(egui::RichText::new(format!("Installed mods are read from {}", dir.display())).small().color(MUTED));
        }
        // Both ways: a diagnostic's lines are not wrapped, so that its caret stays under the source.
        egui::ScrollArea::both().max_height(470.0).show(ui, |ui| {
            if catalog.mods.is_empty() {
                ui.label("No mods installed. docs/modding.md shows how to make one in ten minutes.");
            }
            for m in &catalog.mods {
                let (mark, color) = match &m.status {
                    ModStatus::Loaded => ("✔", super::theme::UP),
                    ModStatus::Disabled => ("–", MUTED),
                    _ => ("✘", super::theme::DOWN),
                };
                egui::CollapsingHeader::new(egui::RichText::new(format!("{mark} {} {} — {}", m.name, m.version, m.status)).color(color))
                    .id_salt(("mod", &m.id))
                    .default_open(!m.status.is_loaded() && m.status != ModStatus::Disabled)
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(format!("{} · by {} · {} · {}", m.id, m.authors.join(", "), m.licence, m.path.display())).small().color(MUTED));
                        if !m.description.is_empty() {
                            ui.label(&m.description);
                        }
                        let c = &m.contents;
                        for (what, list) in [("Scenarios", &c.scenarios), ("Event packs", &c.event_packs), ("Extends", &c.extends), ("Overrides", &c.overrides), ("Codex entries", &c.codex_entries)] {
                            if !list.is_empty() {
                                ui.label(format!("{what}: {}", list.join(", ")));
                            }
                        }
                        for d in &m.diagnostics {
                            let color = if d.severity == Severity::Error { super::theme::DOWN } else { MUTED };
                            let src = catalog.diags.source_of(d);
                            diagnostic_label(ui, d.render(src), color);
                        }
                        if m.origin == crate::scenario::mods::ModOrigin::Installed {
                            let (label, on) = if m.status == ModStatus::Disabled { ("Switch on", true) } else { ("Switch off", false) };
                            if ui.button(label).clicked() {
                                match crate::scenario::mods::set_mod_enabled(&m.id, on) {
                                    Ok(()) => reload = true,
                                    Err(e) => menu.ui.notice = Some(e),
                                }
                            }
                        }
                    });
            }
            let loose: Vec<_> = catalog.diags.sorted().into_iter().filter(|d| !catalog.mods.iter().any(|m| m.diagnostics.iter().any(|x| x == *d))).collect();
            if !loose.is_empty() {
                ui.separator();
                ui.label(egui::RichText::new("The game's own data files").strong());
            }
            for d in loose {
                let color = if d.severity == Severity::Error { super::theme::DOWN } else { MUTED };
                diagnostic_label(ui, d.render(catalog.diags.source_of(d)), color);
            }
        });
        if let Some(notice) = &menu.ui.notice {
            ui.colored_label(super::theme::DOWN, notice);
        }
        ui.horizontal(|ui| {
            if ui.button("Reload now").clicked() {
                reload = true;
            }
            if ui.button("Back").clicked() {
                intents.push(Intent::Go(Screen::Title));
            }
        });
    });
    if reload && let Some(catalog) = &menu.library.catalog {
        let fresh = crate::scenario::mods::reload(catalog);
        menu.library.catalog = Some(std::sync::Arc::new(fresh));
    }
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        intents.push(Intent::Go(Screen::Title));
    }
    menu.handle(intents);
    Ok(())
}

/// Draws nothing but keeps the root Ui's free area for the map on menu screens.
pub fn full_map(ctx: &egui::Context, view: &mut MapView) {
    let root = root_ui(ctx, "menu_root");
    super::record_free_rect(view, &root);
}

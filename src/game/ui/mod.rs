//! The interface: one thin system per screen gathers what the panels need, calls the panel
//! functions (which draw and return intents, never touching the ECS) and carries the intents out.

mod actions;
mod campaign;
mod codex;
mod end;
mod hud;
mod members;
mod menus;
mod modals;
mod news;
mod plots;
pub mod theme;
pub mod tutorial;
mod whatif;

use super::map::MapView;
use super::palette::MapMode;
use super::session::Screen;
use crate::sim::Command;
use crate::sim::content::CountryIdx;
use crate::sim::ledger::Target;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use std::path::PathBuf;

/// What a panel asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// A command for the rules.
    Issue(Command),
    /// Select a country (campaign index) or clear the selection.
    Select(Option<CountryIdx>),
    /// Open the "why?" window for a number.
    Explain(Target),
    OpenCodex(String),
    Go(Screen),
    MapMode(MapMode),
    Pause(bool),
    Help(bool),
    StartGame {
        scenario: String,
        seed: u64,
        difficulty: usize,
    },
    /// Start the game a class code fixes, as this student.
    JoinClass {
        code: String,
        student: String,
    },
    SaveGame(String),
    /// Replay the campaign on the reloaded scenario files.
    ReloadCampaign,
    /// Export the debrief in this format ("html" or "md").
    ExportDebrief(String),
    LoadGame(PathBuf),
    Quit,
}

/// Columns of the members table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Name,
    Spending,
    Support,
    Threat,
    Alignment,
}

/// Tabs of the bottom panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BottomTab {
    #[default]
    News,
    Charts,
    Objectives,
}

/// Interface state that is not part of the game.
#[derive(Resource)]
pub struct UiState {
    pub sort: Column,
    pub sort_descending: bool,
    pub bottom: BottomTab,
    pub explain: Option<Target>,
    pub paused: bool,
    pub help: bool,
    pub codex_query: String,
    pub codex_open: Option<String>,
    pub codex_return: Screen,
    pub new_game_scenario: Option<String>,
    pub new_game_difficulty: usize,
    pub new_game_seed: String,
    pub save_name: String,
    /// A message for the player on a menu screen (a failed load, say).
    pub notice: Option<String>,
    /// Which alliance meters the charts show.
    pub chart_meters: [bool; 8],
    /// Whether the chosen pledge for the next summit is on the table, and its size.
    pub summit_pledge: Option<f64>,
    pub class_code_input: String,
    pub student_name: String,
    /// Turns per lesson a teacher sets for the class code shown.
    pub lesson_turns: String,
    /// The what-if panel of the end screen.
    pub whatif: WhatIfUi,
    /// Whether any save is on disk (the title's Load button), looked at when the title opens.
    pub has_saves: bool,
    /// The saves the Load screen lists, read when it opens rather than every frame.
    pub saves: Vec<crate::save::SaveEntry>,
}

/// The what-if panel's choices and result.
#[derive(Default)]
pub struct WhatIfUi {
    pub turn: u32,
    pub decision: Option<usize>,
    pub alternative: Option<usize>,
    pub alternatives: Vec<crate::debrief::whatif::Alternative>,
    pub result: Option<Result<crate::debrief::whatif::Comparison, String>>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            sort: Column::Name,
            sort_descending: false,
            bottom: BottomTab::News,
            explain: None,
            paused: false,
            help: false,
            codex_query: String::new(),
            codex_open: None,
            codex_return: Screen::Title,
            new_game_scenario: None,
            new_game_difficulty: usize::MAX,
            new_game_seed: String::new(),
            save_name: String::new(),
            notice: None,
            chart_meters: [true, true, true, false, false, true, false, false],
            summit_pledge: None,
            class_code_input: String::new(),
            student_name: String::new(),
            lesson_turns: String::new(),
            whatif: WhatIfUi::default(),
            has_saves: false,
            saves: Vec::new(),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiState>()
        .init_resource::<tutorial::Tutorial>()
        // Before the first frame, so that egui's fonts are made once with the theme's text options
        // and the first screen is drawn in the theme's look.
        .add_systems(Startup, apply_theme)
        .add_systems(EguiPrimaryContextPass, menus::loading_screen.run_if(in_state(Screen::Loading)))
        .add_systems(EguiPrimaryContextPass, menus::title_screen.run_if(in_state(Screen::Title)))
        .add_systems(EguiPrimaryContextPass, menus::new_game_screen.run_if(in_state(Screen::NewGame)))
        .add_systems(EguiPrimaryContextPass, menus::load_game_screen.run_if(in_state(Screen::LoadGame)))
        .add_systems(EguiPrimaryContextPass, menus::settings_screen.run_if(in_state(Screen::Settings)))
        .add_systems(EguiPrimaryContextPass, menus::mods_screen.run_if(in_state(Screen::Mods)))
        .add_systems(EguiPrimaryContextPass, codex::codex_screen.run_if(in_state(Screen::Codex)))
        .add_systems(EguiPrimaryContextPass, campaign::campaign_screen.run_if(in_state(Screen::Campaign)))
        .add_systems(EguiPrimaryContextPass, end::end_screen.run_if(in_state(Screen::End)))
        .add_systems(OnEnter(Screen::Title), |mut ui: ResMut<UiState>| {
            ui.has_saves = crate::save::saves_dir().is_some_and(|d| crate::save::has_saves(&d));
        })
        .add_systems(OnEnter(Screen::LoadGame), |mut ui: ResMut<UiState>| {
            ui.saves = crate::save::saves_dir().map(|d| crate::save::list_saves(&d)).unwrap_or_default();
        })
        .add_systems(OnExit(Screen::LoadGame), |mut ui: ResMut<UiState>| ui.saves = Vec::new())
        .add_systems(OnExit(Screen::Campaign), |mut ui: ResMut<UiState>| {
            ui.paused = false;
            ui.explain = None;
        });
}

fn apply_theme(mut contexts: EguiContexts, adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>) -> Result {
    // Without a GPU (a software renderer), every pixel costs: the look drops what it can spare.
    let software = adapter.is_some_and(|a| a.0.device_type == wgpu_types::DeviceType::Cpu);
    theme::apply(contexts.ctx_mut()?, software);
    Ok(())
}

/// The free part of the screen after panels, so map input is ignored over panels.
fn record_free_rect(view: &mut MapView, root: &bevy_egui::egui::Ui) {
    view.free_rect = Some(root.available_rect_before_wrap());
    view.zoom = root.ctx().zoom_factor();
}

/// A root `Ui` covering the window, on the background layer, for panels.
fn root_ui(ctx: &bevy_egui::egui::Context, id: &str) -> bevy_egui::egui::Ui {
    bevy_egui::egui::Ui::new(
        ctx.clone(),
        bevy_egui::egui::Id::new(id),
        bevy_egui::egui::UiBuilder::new()
            .layer_id(bevy_egui::egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// A short message at the bottom of the screen, for a few seconds.
fn toast(ctx: &bevy_egui::egui::Context, session: &mut crate::game::session::Session, now: f64) {
    use bevy_egui::egui;
    let Some((text, at)) = session.toast.clone() else { return };
    if now - at > 6.0 {
        session.toast = None;
        return;
    }
    egui::Area::new(egui::Id::new("toast"))
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -220.0])
        .order(egui::Order::Tooltip)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(700.0);
                ui.label(egui::RichText::new(text).size(15.0));
            });
        });
}

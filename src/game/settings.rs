//! Player settings (UI scale, fullscreen, autosave, labels), kept in the OS config folder.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, WindowMode};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What the player chose in the settings screen.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// egui zoom factor, 0.75–2.0.
    pub ui_scale: f32,
    pub fullscreen: bool,
    /// Save automatically at the start of every turn.
    pub autosave: bool,
    /// Autosaves kept per scenario.
    pub autosaves_kept: usize,
    /// Country names on the map.
    pub map_labels: bool,
    /// The tutorial was offered on first start.
    pub tutorial_offered: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_scale: 1.0,
            fullscreen: false,
            autosave: true,
            autosaves_kept: 5,
            map_labels: true,
            tutorial_offered: false,
        }
    }
}

impl Settings {
    fn path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "Article Five", "article-five")
            .map(|d| d.config_dir().join("settings.json"))
    }

    /// The saved settings, or the defaults when there are none or they cannot be read.
    pub fn load() -> Settings {
        let Some(path) = Self::path() else { return Settings::default() };
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                warn!("ignoring unreadable settings in {}: {e}", path.display());
                Settings::default()
            }),
            Err(_) => Settings::default(),
        }
    }

    /// Writes the settings; a failure is logged, never fatal.
    pub fn save(&self) {
        let Some(path) = Self::path() else { return };
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        if let Err(e) = crate::save::write_atomic(&path, &bytes) {
            warn!("could not save settings: {e}");
        }
    }

    pub fn window_mode(&self) -> WindowMode {
        if self.fullscreen { WindowMode::BorderlessFullscreen(MonitorSelection::Current) } else { WindowMode::Windowed }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, apply_settings.run_if(resource_changed::<Settings>));
}

/// Applies changed settings to the window and egui, and persists them.
fn apply_settings(
    settings: Res<Settings>,
    mut window: Single<&mut Window>,
    mut contexts: bevy_egui::EguiContexts,
    mut last: Local<Option<Settings>>,
) -> Result {
    let mode = settings.window_mode();
    if window.mode != mode {
        window.mode = mode;
    }
    contexts.ctx_mut()?.set_zoom_factor(settings.ui_scale.clamp(0.75, 2.0));
    if last.as_ref().is_some_and(|l| l != &*settings) {
        settings.save();
    }
    *last = Some(settings.clone());
    Ok(())
}

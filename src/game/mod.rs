//! The Bevy game client: a thin shell of plugins around the rules.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};
use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the game window.
pub fn run(data: PathBuf) -> ExitCode {
    let _ = data;
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window { title: "Article Five".into(), ..default() }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, title)
        .run();
    ExitCode::SUCCESS
}

fn title(mut contexts: EguiContexts) -> Result {
    egui::Window::new("Article Five").show(contexts.ctx_mut()?, |ui| {
        ui.label("The game client is being built.");
    });
    Ok(())
}

//! A bare Bevy + bevy_egui app with one window and one egui window: the yardstick for the
//! game's speed. Prints the same JSON line as `article-five measure-ui`.
//! Run: cargo run --example bare_egui   (under Xvfb without a GPU; see .ci/smoke)

use article_five::game::measure::{FrameProbe, mark_launch, since_launch};
use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, EguiStartupSet, egui};
use std::time::Duration;

const FRAMES: usize = 300;
const WARMUP: usize = 90;

#[derive(Resource, Default)]
struct Run {
    frame: usize,
    interactive: Option<Duration>,
}

fn main() {
    mark_launch();
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "bare".into(),
                resolution: WindowResolution::new(1600, 900),
                present_mode: PresentMode::AutoVsync,
                ..default()
            }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .init_resource::<Run>()
        .init_resource::<FrameProbe>()
        .add_systems(
            PreStartup,
            (|mut c: Commands| {
                c.spawn(Camera2d);
            })
            .before(EguiStartupSet::InitContexts),
        )
        .add_systems(EguiPrimaryContextPass, ui)
        .add_systems(Last, drive)
        .run();
}

fn ui(mut contexts: EguiContexts) -> Result {
    egui::Window::new("Hello").show(contexts.ctx_mut()?, |ui| {
        ui.label("A bare Bevy + egui app.");
    });
    Ok(())
}

fn drive(mut run: ResMut<Run>, mut probe: ResMut<FrameProbe>, mut exit: MessageWriter<AppExit>) {
    run.frame += 1;
    if run.interactive.is_none() {
        run.interactive = Some(since_launch());
    }
    if run.frame == WARMUP {
        probe.start();
    } else if run.frame > WARMUP && run.frame <= WARMUP + FRAMES {
        probe.tick();
        if run.frame == WARMUP + FRAMES {
            probe.stop();
            println!("{}", probe.summary("bare bevy+egui", run.interactive.unwrap_or_default()));
            exit.write(AppExit::Success);
        }
    }
}

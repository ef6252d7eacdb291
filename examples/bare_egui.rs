//! A bare Bevy + bevy_egui app with one window and one egui window: the yardstick for the
//! game's speed. Prints the same JSON line as `article-five measure-ui`.
//! Run: cargo run --example bare_egui [-- --frames N | --launch-only]   (under Xvfb without a GPU;
//! see .ci/smoke)

use article_five::game::measure::{FrameProbe, mark_launch, since_launch};
use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, EguiStartupSet, egui};
use std::time::Duration;

/// Frames measured unless `--frames N` says otherwise, as `article-five measure-ui`.
const FRAMES: usize = 300;
const WARMUP: usize = 90;

#[derive(Resource)]
struct Run {
    frame: usize,
    /// Frames to measure after the warm-up; `None` to stop at the first frame (`--launch-only`).
    frames: Option<usize>,
    interactive: Option<Duration>,
}

fn main() -> std::process::ExitCode {
    mark_launch();
    let frames = match frames_from(std::env::args().skip(1)) {
        Ok(frames) => frames,
        Err(e) => {
            eprintln!("bare_egui: {e}");
            return std::process::ExitCode::from(2);
        }
    };
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
        .insert_resource(Run { frame: 0, frames, interactive: None })
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
    std::process::ExitCode::SUCCESS
}

/// The frames to measure from the command line: nothing, `--frames N` with N ≥ 10, or
/// `--launch-only` (none: the launch alone).
fn frames_from(mut args: impl Iterator<Item = String>) -> Result<Option<usize>, String> {
    match (args.next().as_deref(), args.next(), args.next()) {
        (None, _, _) => Ok(Some(FRAMES)),
        (Some("--launch-only"), None, _) => Ok(None),
        (Some("--frames"), Some(n), None) => match n.parse::<usize>() {
            Ok(n) if n >= 10 => Ok(Some(n)),
            _ => Err(format!("--frames wants a whole number of at least 10, not `{n}`")),
        },
        _ => Err("the options are --frames N or --launch-only".into()),
    }
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
        let interactive = since_launch();
        run.interactive = Some(interactive);
        if run.frames.is_none() {
            println!("{}", FrameProbe::launch_report("bare bevy+egui", interactive));
            exit.write(AppExit::Success);
            return;
        }
    }
    let Some(frames) = run.frames else { return };
    if run.frame == WARMUP {
        probe.start();
    } else if run.frame > WARMUP && run.frame <= WARMUP + frames {
        probe.tick();
        if run.frame == WARMUP + frames {
            probe.stop();
            println!("{}", probe.summary("bare bevy+egui", run.interactive.unwrap_or_default()));
            exit.write(AppExit::Success);
        }
    }
}

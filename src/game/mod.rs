//! The Bevy game client: a thin shell of plugins around the rules. Screens are states; the map
//! is a set of meshes; everything else is egui, drawn by plain functions that return intents.

mod camera;
mod egui_shader;
mod hot_reload;
mod map;
mod map_cache;
mod map_load;
mod map_material;
pub mod measure;
mod palette;
mod session;
mod settings;
mod smoke;
mod ui;

use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy_egui::{EguiPlugin, EguiStartupSet};
use std::path::PathBuf;
use std::process::ExitCode;

pub use session::Screen;

/// The colour behind the map: the sea.
const SEA: Color = Color::srgb(0.055, 0.09, 0.15);

/// Opens the game window and runs until the player quits.
pub fn run(env: crate::cli::Env) -> ExitCode {
    build_app(env, None).run();
    ExitCode::SUCCESS
}

/// Plays the scripted smoke run in a real window, saving a screenshot of each screen into `out`.
pub fn run_smoke(env: crate::cli::Env, out: PathBuf, scenario: Option<String>) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("article-five smoke: cannot create {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let result = smoke::SmokeResult::default();
    let mut app = build_app(env, Some(smoke::SmokePlan::new(out, scenario, result.clone())));
    app.run();
    result.finish()
}

/// Measures launch-to-title and per-frame CPU time on a busy campaign screen (or, with
/// `launch_only`, the launch alone); prints JSON.
pub fn run_measure(env: crate::cli::Env, frames: usize, launch_only: bool) -> ExitCode {
    let result = std::sync::Arc::new(std::sync::Mutex::new(None));
    let mut app = build_app(env, None);
    let plan = measure::MeasurePlan::new(frames.max(10), launch_only, result.clone());
    app.insert_resource(plan).add_plugins(measure::plugin);
    app.run();
    match result.lock().ok().and_then(|r| r.clone()) {
        Some(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("article-five measure-ui: the measurement did not complete");
            ExitCode::FAILURE
        }
    }
}

fn build_app(env: crate::cli::Env, smoke: Option<smoke::SmokePlan>) -> App {
    // Before the worker and Bevy start touching fresh memory.
    if !crate::heap::without_huge_pages() {
        debug!("transparent huge pages stay as the system sets them");
    }
    // One worker reads the map's shapes and then the data files while the window and the
    // renderer start (which takes the main thread a good fifth of a second). A worker each
    // would be no sooner: with the main thread that is three threads on a two-core machine,
    // and the renderer's start would wait its turn.
    let (map, build_map) = map_load::MapGeometryTask::new(camera::OPENING_SCALE);
    let (library, load_library) = session::Library::loading(env.clone());
    std::thread::spawn(move || {
        // Should one fail, the other still comes, and its receiver says what is missing.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(build_map));
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(load_library));
    });
    let settings = settings::Settings::load();
    let mut app = App::new();
    app.insert_resource(library)
        .insert_resource(map)
        .insert_resource(ClearColor(SEA))
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Article Five".into(),
                        resolution: WindowResolution::new(1600, 900),
                        present_mode: PresentMode::AutoVsync,
                        mode: settings.window_mode(),
                        ..default()
                    }),
                    ..default()
                })
                .set(bevy::render::RenderPlugin {
                    // Without a GPU (software Vulkan) pipelines compile slowly; compile them up front
                    // so that the first frames show everything rather than a half-drawn map.
                    synchronous_pipeline_compilation: smoke.is_some(),
                    ..default()
                })
                .set(bevy::log::LogPlugin { filter: "wgpu=error,naga=warn,bevy_render=warn".into(), ..default() }),
        )
        .add_plugins(EguiPlugin::default())
        // The egui context belongs to the window's camera, not to the map's (which draws an image).
        .insert_resource(bevy_egui::EguiGlobalSettings { auto_create_primary_context: false, ..default() })
        .add_plugins(egui_shader::plugin)
        .insert_resource(session::DataDir(env))
        .insert_resource(settings)
        .add_systems(PreStartup, spawn_camera.before(EguiStartupSet::InitContexts))
        .add_plugins((
            session::plugin,
            settings::plugin,
            map_material::plugin,
            map_cache::plugin,
            map::plugin,
            camera::plugin,
            ui::plugin,
            hot_reload::plugin,
        ));
    if let Some(plan) = smoke {
        app.insert_resource(plan).add_plugins(smoke::plugin);
    }
    app
}

fn spawn_camera(mut commands: Commands) {
    // The window's camera shows the map's image (copied in, see `map_cache`) and draws egui on
    // top. It runs the 2D render schedule without being a `Camera2d`: it draws no meshes, so it
    // needs no depth buffer and no render passes of its own, and it clears nothing, since the
    // map and egui cover the window every frame (each is a full pass over the window when the
    // renderer is software). Multisampling would multiply the cost of every pixel.
    commands.spawn((
        Camera { clear_color: ClearColorConfig::None, ..default() },
        bevy::render::camera::CameraRenderGraph::new(bevy::core_pipeline::Core2d),
        Projection::Orthographic(OrthographicProjection::default_2d()),
        bevy::render::view::Msaa::Off,
        map_cache::main_texture_usages(),
        map_cache::ScreenCamera,
        bevy_egui::PrimaryEguiContext,
    ));
}

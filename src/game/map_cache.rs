//! The map is drawn only when it changes. Without a GPU, drawing its twenty thousand triangles
//! and its borders was the largest cost of a frame, and on most frames nothing on it moves.
//!
//! - While the map changes (a pan or zoom, new colours), the map camera draws straight into the
//!   window, under egui, every frame.
//! - When it has stopped changing, the map camera draws it once more into an image, and from
//!   then on the window shows that image (one textured rectangle, over the centre the panels
//!   leave free) until the map changes again.

use super::camera::MapCamera;
use super::map_material::MapImageMaterial;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, ClearColorConfig, RenderTarget};
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{PipelineCache, TextureFormat};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::PrimaryWindow;
use bevy_egui::EguiStartupSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The render layer of what the screen camera draws (the map's image); the map's meshes stay on
/// the default layer, seen only by the map camera.
pub const SCREEN_LAYER: usize = 1;
/// Frames the map keeps being drawn into the window after its last change.
const LIVE_FRAMES: u32 = 3;
/// Frames it is drawn into its image before the image stands in for it (the renderer runs a
/// frame behind the game).
const CAPTURE_FRAMES: u32 = 3;

/// How the map is being drawn.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    /// Into the window, every frame, for so many more frames.
    Live(u32),
    /// Into its image, for so many more frames, which the window shows.
    Capture(u32),
    /// Not drawn: the window shows the image.
    Still,
}

/// The map's image and what it was last drawn with.
#[derive(Resource)]
pub struct MapCache {
    image: Handle<Image>,
    material: Handle<MapImageMaterial>,
    size: UVec2,
    view: (Vec3, f32),
    mode: Mode,
    /// Whether the cameras are set up for drawing live (`None` before the first frame).
    live: Option<bool>,
    /// The part of the window (logical pixels) the image is shown over.
    shown: Rect,
}

/// Set when what the map shows has changed (its colours), so that it is drawn again.
#[derive(Resource, Default)]
pub struct MapDirty(pub bool);

/// Whether the renderer still compiles pipelines: until it is done, a drawing may be missing
/// things, so the map keeps being drawn. Shared between the main and the render world.
#[derive(Resource, Clone, Default)]
struct PipelinesBusy(Arc<AtomicBool>);

/// The rectangle that shows the map's image on the screen.
#[derive(Component)]
struct MapQuad;

type QuadParts = (&'static mut Transform, &'static mut Visibility);

pub(super) fn plugin(app: &mut App) {
    let busy = PipelinesBusy(Arc::new(AtomicBool::new(true)));
    app.insert_resource(busy.clone())
        .init_resource::<MapDirty>()
        .add_systems(PreStartup, spawn.after(EguiStartupSet::InitContexts))
        .add_systems(PostUpdate, keep_fresh.before(bevy::camera::CameraUpdateSystems));
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app.insert_resource(busy).add_systems(Render, note_pipelines.in_set(RenderSystems::Cleanup));
    }
}

fn note_pipelines(cache: Res<PipelineCache>, busy: Res<PipelinesBusy>) {
    busy.0.store(cache.waiting_pipelines().next().is_some(), Ordering::Relaxed);
}

/// An image the map camera can draw into, of the window's size in pixels.
fn target_image(size: UVec2) -> Image {
    let mut image = Image::new_target_texture(size.x.max(1), size.y.max(1), TextureFormat::Rgba8UnormSrgb, None);
    // Shown pixel for pixel: no filtering.
    image.sampler = ImageSampler::nearest();
    image
}

fn spawn(
    mut commands: Commands,
    window: Single<&Window, With<PrimaryWindow>>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<MapImageMaterial>>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    let size = window.physical_size();
    let image = images.add(target_image(size));
    // Drawn before the screen camera (order 0), which shows its image.
    commands.spawn((
        Camera2d,
        MapCamera,
        Camera { order: -1, ..default() },
        RenderTarget::Image(image.clone().into()),
        bevy::render::view::Msaa::Off,
    ));
    let material = materials.add(MapImageMaterial { uv_rect: Vec4::new(0.0, 0.0, 1.0, 1.0), image: image.clone() });
    commands.spawn((
        Mesh2d(meshes.add(Rectangle::new(1.0, 1.0))),
        MeshMaterial2d(material.clone()),
        Transform::from_scale(Vec3::new(window.width(), window.height(), 1.0)),
        RenderLayers::layer(SCREEN_LAYER),
        MapQuad,
        Visibility::Visible,
    ));
    commands.insert_resource(MapCache {
        image,
        material,
        size,
        view: (Vec3::NAN, f32::NAN),
        mode: Mode::Capture(CAPTURE_FRAMES),
        live: None,
        shown: Rect::EMPTY,
    });
}

/// Decides how the map is drawn this frame (see the module's notes), and keeps its image the
/// window's size.
#[allow(clippy::too_many_arguments)]
fn keep_fresh(
    window: Single<&Window, With<PrimaryWindow>>,
    mut map_camera: Single<(&mut Camera, &mut RenderTarget, &Transform, &Projection), With<MapCamera>>,
    mut screen_camera: Single<&mut Camera, (Without<MapCamera>, With<bevy_egui::PrimaryEguiContext>)>,
    mut quad: Single<QuadParts, (With<MapQuad>, Without<MapCamera>)>,
    mut cache: ResMut<MapCache>,
    mut dirty: ResMut<MapDirty>,
    busy: Res<PipelinesBusy>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<MapImageMaterial>>,
    map_view: Res<super::map::MapView>,
    screen: Res<State<super::session::Screen>>,
) {
    let (camera, target, transform, projection) = &mut *map_camera;
    let (quad_transform, quad_visibility) = &mut *quad;
    // The image is shown only where the map shows through: in the campaign, the centre the
    // panels leave free (each pixel shown costs a texture read without a GPU).
    let window_rect = Rect::new(0.0, 0.0, window.width(), window.height());
    let shown = match (screen.get(), map_view.free_rect) {
        (super::session::Screen::Campaign, Some(free)) => {
            let zoom = if map_view.zoom > 0.0 { map_view.zoom } else { 1.0 };
            let free = Rect::new(free.min.x * zoom, free.min.y * zoom, free.max.x * zoom, free.max.y * zoom);
            let part = free.intersect(window_rect);
            if part.is_empty() { window_rect } else { part }
        }
        _ => window_rect,
    };
    if shown != cache.shown && !window_rect.is_empty() {
        cache.shown = shown;
        let centre = shown.center() - window_rect.center();
        quad_transform.translation = Vec3::new(centre.x, -centre.y, 0.0);
        quad_transform.scale = shown.size().extend(1.0);
        if let Some(mut material) = materials.get_mut(&cache.material) {
            let (w, h) = (window_rect.width(), window_rect.height());
            material.uv_rect = Vec4::new(shown.min.x / w, shown.min.y / h, shown.max.x / w, shown.max.y / h);
        }
    }
    let scale = match projection {
        Projection::Orthographic(ortho) => ortho.scale,
        _ => 1.0,
    };
    let view = (transform.translation, scale);
    let mut changed = std::mem::take(&mut dirty.0) || view != cache.view;
    cache.view = view;
    let size = window.physical_size();
    let replaced = size != cache.size && size.x > 0 && size.y > 0;
    if replaced {
        let image = images.add(target_image(size));
        if let Some(mut material) = materials.get_mut(&cache.material) {
            material.image = image.clone();
        }
        let old = std::mem::replace(&mut cache.image, image);
        images.remove(&old);
        cache.size = size;
        changed = true;
    }
    let compiling = busy.0.load(Ordering::Relaxed);
    cache.mode = next_mode(cache.mode, changed, compiling);

    let live = matches!(cache.mode, Mode::Live(_));
    let active = cache.mode != Mode::Still;
    if camera.is_active != active {
        camera.is_active = active;
    }
    if cache.live == Some(live) && !replaced {
        return;
    }
    cache.live = Some(live);
    if live {
        // Into the window: the map camera leaves its picture for the screen camera (which must
        // not clear it) to draw egui over and put on the screen; the image is not shown.
        **target = RenderTarget::Window(bevy::window::WindowRef::Primary);
        camera.output_mode = CameraOutputMode::Skip;
        screen_camera.clear_color = ClearColorConfig::None;
        **quad_visibility = Visibility::Hidden;
    } else {
        **target = RenderTarget::Image(cache.image.clone().into());
        camera.output_mode = CameraOutputMode::Write { blend_state: None, clear_color: ClearColorConfig::Default };
        screen_camera.clear_color = ClearColorConfig::Default;
        **quad_visibility = Visibility::Visible;
    }
}

/// The next way of drawing the map, given whether it changed this frame and whether the
/// renderer is still compiling pipelines (a drawing made meanwhile may miss things).
fn next_mode(mode: Mode, changed: bool, compiling: bool) -> Mode {
    match mode {
        _ if changed => Mode::Live(LIVE_FRAMES),
        Mode::Live(n) if n > 1 => Mode::Live(n - 1),
        Mode::Live(_) => Mode::Capture(CAPTURE_FRAMES),
        Mode::Capture(_) if compiling => Mode::Capture(CAPTURE_FRAMES),
        Mode::Capture(n) if n > 1 => Mode::Capture(n - 1),
        Mode::Capture(_) | Mode::Still => Mode::Still,
    }
}

/// A point in the window (logical pixels) in the map image's pixels, which the map camera's
/// viewport conversions expect.
pub fn window_to_image(window: &Window, p: Vec2) -> Vec2 {
    p * window.scale_factor()
}

/// A point in the map image's pixels in the window's logical pixels.
pub fn image_to_window(window: &Window, p: Vec2) -> Vec2 {
    p / window.scale_factor()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut mode: Mode, frames: &[(bool, bool)]) -> Vec<Mode> {
        frames
            .iter()
            .map(|&(changed, compiling)| {
                mode = next_mode(mode, changed, compiling);
                mode
            })
            .collect()
    }

    #[test]
    fn a_change_draws_live_then_captures_then_rests() {
        let modes = run(Mode::Still, &[[(true, false)].as_slice(), &[(false, false); 7]].concat());
        assert_eq!(
            modes,
            [
                Mode::Live(3),
                Mode::Live(2),
                Mode::Live(1),
                Mode::Capture(3),
                Mode::Capture(2),
                Mode::Capture(1),
                Mode::Still,
                Mode::Still
            ]
        );
    }

    #[test]
    fn capturing_waits_for_the_pipelines_and_a_change_goes_live_again() {
        let modes = run(Mode::Capture(1), &[(false, true), (false, true), (false, false), (true, false)]);
        assert_eq!(modes, [Mode::Capture(3), Mode::Capture(3), Mode::Capture(2), Mode::Live(3)]);
    }
}

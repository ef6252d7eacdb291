//! The map is drawn only when it changes. Without a GPU, drawing its twenty thousand triangles
//! and its borders was the largest cost of a frame, and on most frames nothing on it moves.
//!
//! - While the map changes (a zoom, new colours, a pan where the image cannot be shifted), the
//!   map camera draws straight into the window, under egui, every frame.
//! - When it has stopped changing, the map camera draws it once more into an image, and from
//!   then on the window shows that image (one textured rectangle, over the centre the panels
//!   leave free) until the map changes again.
//! - A pan does not draw the map again: the image covers the whole window, so the rectangle
//!   shows a part of it shifted by the pan, until the shift would reach past the image's edge.
//!   Then the map is drawn into the image once more, at the new view, and the shifting goes on.

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
    /// Not drawn: the window shows the image, shifted by any pan since it was drawn.
    Still,
}

/// What changed on the map since the last frame.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Change {
    Nothing,
    /// Only the view's position: the image, shifted, still covers what is shown (`fits`) or not.
    Panned {
        fits: bool,
    },
    /// Colours, zoom or the window's size: the map must be drawn again.
    Redraw,
}

/// The map's image and what it was last drawn with.
#[derive(Resource)]
pub struct MapCache {
    image: Handle<Image>,
    material: Handle<MapImageMaterial>,
    size: UVec2,
    view: (Vec3, f32),
    /// The view the image was last drawn at (`None` while it holds no finished drawing).
    drawn: Option<(Vec3, f32)>,
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
        drawn: None,
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
    }
    let scale = match projection {
        Projection::Orthographic(ortho) => ortho.scale,
        _ => 1.0,
    };
    let view = (transform.translation, scale);
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
    }
    let moved = view != cache.view;
    // Shifting needs room around what is shown: with none (the whole window), a pan draws live.
    let redraw = std::mem::take(&mut dirty.0) || replaced || view.1 != cache.view.1 || (moved && shown == window_rect);
    // Whether the image, shifted by the pan since it was drawn, covers what is shown (a panel
    // closed or resized can show more of it, too).
    let fits = cache
        .drawn
        .and_then(|drawn| shifted(shown, window_rect.size(), window.scale_factor(), drawn, view))
        .is_some_and(inside);
    let change = if redraw {
        Change::Redraw
    } else if moved || (cache.mode == Mode::Still && !fits) {
        Change::Panned { fits }
    } else {
        Change::Nothing
    };
    cache.view = view;
    let compiling = busy.0.load(Ordering::Relaxed);
    cache.mode = next_mode(cache.mode, change, compiling);
    // The image holds the current view after a frame drawn into it; the window shows it shifted
    // by the pan since then.
    match cache.mode {
        Mode::Capture(_) => cache.drawn = Some(view),
        Mode::Live(_) => cache.drawn = None,
        Mode::Still => {}
    }
    let offset_from = cache.drawn.unwrap_or(view);
    if let Some(uv) = shifted(shown, window_rect.size(), window.scale_factor(), offset_from, view)
        && !window_rect.is_empty()
        && let Some(material) = materials.get(&cache.material)
        && material.uv_rect != uv
        && let Some(mut material) = materials.get_mut(&cache.material)
    {
        material.uv_rect = uv;
    }

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

/// The next way of drawing the map, given what changed this frame and whether the renderer is
/// still compiling pipelines (a drawing made meanwhile may miss things).
fn next_mode(mode: Mode, change: Change, compiling: bool) -> Mode {
    match (change, mode) {
        (Change::Redraw, _) | (Change::Panned { .. }, Mode::Live(_)) => Mode::Live(LIVE_FRAMES),
        (Change::Panned { .. }, Mode::Capture(_)) if compiling => Mode::Capture(CAPTURE_FRAMES),
        // The image drawn last frame, shifted, covers what is shown.
        (Change::Panned { fits: true }, Mode::Capture(_) | Mode::Still) => Mode::Still,
        // Past the image's edge: one drawing into it at the new view, shown at once.
        (Change::Panned { fits: false }, Mode::Capture(_) | Mode::Still) => Mode::Capture(1),
        (Change::Nothing, Mode::Live(n)) if n > 1 => Mode::Live(n - 1),
        (Change::Nothing, Mode::Live(_)) => Mode::Capture(CAPTURE_FRAMES),
        (Change::Nothing, Mode::Capture(_)) if compiling => Mode::Capture(CAPTURE_FRAMES),
        (Change::Nothing, Mode::Capture(n)) if n > 1 => Mode::Capture(n - 1),
        (Change::Nothing, Mode::Capture(_) | Mode::Still) => Mode::Still,
    }
}

/// The part of the image (as fractions of its size: min x, min y, max x, max y) to show over
/// `shown` when the image, which covers a window of `window` logical pixels, was drawn at view
/// `drawn` and the view is now `now`. Views are (camera position in map units, map units per
/// physical pixel); `scale_factor` is physical pixels per logical one. `None` when the scales
/// differ or a size is zero.
fn shifted(shown: Rect, window: Vec2, scale_factor: f32, drawn: (Vec3, f32), now: (Vec3, f32)) -> Option<Vec4> {
    if drawn.1 != now.1 || now.1 <= 0.0 || window.x <= 0.0 || window.y <= 0.0 || scale_factor <= 0.0 {
        return None;
    }
    // The map moved by this many map units; the image's y axis points down.
    let moved = (now.0 - drawn.0).truncate();
    let offset = Vec2::new(moved.x, -moved.y) / now.1 / scale_factor;
    let (min, max) = ((shown.min + offset) / window, (shown.max + offset) / window);
    Some(Vec4::new(min.x, min.y, max.x, max.y))
}

/// Whether a part of the image lies within it.
fn inside(uv: Vec4) -> bool {
    uv.x >= 0.0 && uv.y >= 0.0 && uv.z <= 1.0 && uv.w <= 1.0
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

    const N: Change = Change::Nothing;
    const R: Change = Change::Redraw;
    const FITS: Change = Change::Panned { fits: true };
    const PAST: Change = Change::Panned { fits: false };

    fn run(mut mode: Mode, frames: &[(Change, bool)]) -> Vec<Mode> {
        frames
            .iter()
            .map(|&(change, compiling)| {
                mode = next_mode(mode, change, compiling);
                mode
            })
            .collect()
    }

    #[test]
    fn a_change_draws_live_then_captures_then_rests() {
        let modes = run(Mode::Still, &[[(R, false)].as_slice(), &[(N, false); 7]].concat());
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
        let modes = run(Mode::Capture(1), &[(N, true), (N, true), (N, false), (R, false)]);
        assert_eq!(modes, [Mode::Capture(3), Mode::Capture(3), Mode::Capture(2), Mode::Live(3)]);
    }

    #[test]
    fn a_pan_shifts_the_image_and_draws_only_past_its_edge() {
        let frames =
            [(FITS, false), (FITS, false), (PAST, false), (FITS, false), (PAST, false), (PAST, false), (N, false)];
        let modes = run(Mode::Still, &frames);
        let want =
            [Mode::Still, Mode::Still, Mode::Capture(1), Mode::Still, Mode::Capture(1), Mode::Capture(1), Mode::Still];
        assert_eq!(modes, want);
        // Without a finished image (drawing live) a pan keeps drawing; while the pipelines
        // compile, so does capturing.
        assert_eq!(run(Mode::Live(1), &[(FITS, false)]), [Mode::Live(3)]);
        assert_eq!(run(Mode::Capture(2), &[(FITS, true), (FITS, false)]), [Mode::Capture(3), Mode::Still]);
    }

    #[test]
    fn the_shifted_part_follows_the_pan_in_screen_pixels() {
        let window = Vec2::new(1600.0, 900.0);
        let shown = Rect::new(400.0, 100.0, 1200.0, 700.0);
        let at = |x: f32, y: f32| (Vec3::new(x, y, 0.0), 2.0);
        // Unmoved: the part under the shown rectangle.
        let uv = shifted(shown, window, 1.0, at(10.0, 10.0), at(10.0, 10.0)).unwrap();
        assert_eq!(uv, Vec4::new(0.25, 100.0 / 900.0, 0.75, 700.0 / 900.0));
        // The view moved 200 map units east and 100 north, at 2 map units a pixel: the map
        // content sits 100 pixels further left and 50 lower than when it was drawn.
        let uv = shifted(shown, window, 1.0, at(10.0, 10.0), at(210.0, 110.0)).unwrap();
        assert_eq!(uv, Vec4::new(500.0 / 1600.0, 50.0 / 900.0, 1300.0 / 1600.0, 650.0 / 900.0));
        assert!(inside(uv));
        // On a display with two physical pixels a logical one, half as far in logical pixels.
        let uv = shifted(shown, window, 2.0, at(10.0, 10.0), at(210.0, 10.0)).unwrap();
        assert_eq!(uv.x, 450.0 / 1600.0);
        // Far enough and the image no longer covers the shown part; another zoom is no shift.
        assert!(!inside(shifted(shown, window, 1.0, at(0.0, 0.0), at(900.0, 0.0)).unwrap()));
        assert!(!inside(shifted(shown, window, 1.0, at(0.0, 0.0), at(0.0, 250.0)).unwrap()));
        assert_eq!(shifted(shown, window, 1.0, at(0.0, 0.0), (Vec3::ZERO, 1.0)), None);
    }
}

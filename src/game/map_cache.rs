//! The map is drawn only when it changes. Without a GPU, drawing its twenty thousand triangles
//! and its borders was the largest cost of a frame, and on most frames nothing on it moves.
//!
//! - While the map changes (a zoom, new colours, a pan where the image cannot be shifted), the
//!   map camera draws it into the window's picture, under egui, every frame.
//! - When it has stopped changing, the map camera draws it a few more frames and copies each
//!   drawing into an image; from then on the camera rests and the window shows that image until
//!   the map changes again: the screen camera copies the part under the centre the panels leave
//!   free into its picture before egui draws on it. Copies are far cheaper than drawing an image
//!   as a textured rectangle when the renderer is software, and the screen camera has nothing
//!   to clear: the map and egui cover the window.
//! - A pan does not draw the map again: the image covers the whole window, so the copy takes a
//!   part of it shifted by the pan, until the shift would reach past the image's edge. Then the
//!   map is drawn and copied into the image once more, at the new view, and the shifting goes on.

use super::camera::MapCamera;
use bevy::camera::{CameraMainTextureUsages, CameraOutputMode, RenderTarget};
use bevy::core_pipeline::{Core2d, Core2dSystems};
use bevy::prelude::*;
use bevy::render::extract_component::{ExtractComponent, ExtractComponentPlugin};
use bevy::render::extract_resource::{ExtractResource, ExtractResourcePlugin};
use bevy::render::render_asset::RenderAssets;
use bevy::render::render_resource::{
    Extent3d, Origin3d, PipelineCache, TexelCopyTextureInfo, Texture, TextureAspect, TextureFormat, TextureUsages,
};
use bevy::render::renderer::{RenderContext, ViewQuery};
use bevy::render::texture::GpuImage;
use bevy::render::view::ViewTarget;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::PrimaryWindow;
use bevy_egui::EguiStartupSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Frames the map keeps being drawn into the window after its last change.
const LIVE_FRAMES: u32 = 3;
/// Frames it is drawn and copied into its image before the image stands in for it (the renderer
/// runs a frame behind the game).
const CAPTURE_FRAMES: u32 = 3;

/// How the map is being drawn.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    /// Into the window, every frame, for so many more frames.
    Live(u32),
    /// Into the window and copied into its image, for so many more frames.
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
    size: UVec2,
    view: (Vec3, f32),
    /// The view the image was last drawn at (`None` while it holds no finished drawing).
    drawn: Option<(Vec3, f32)>,
    mode: Mode,
}

/// Where the map's image decides how the map is drawn this frame: what changes the map runs
/// before it.
#[derive(SystemSet, Clone, PartialEq, Eq, Hash, Debug)]
pub struct KeepFresh;

/// Set when what the map shows has changed (its colours), so that it is drawn again.
#[derive(Resource, Default)]
pub struct MapDirty(pub bool);

/// Whether the renderer still compiles pipelines: until it is done, a drawing may be missing
/// things, so the map keeps being drawn. Shared between the main and the render world.
#[derive(Resource, Clone, Default)]
struct PipelinesBusy(Arc<AtomicBool>);

/// Marks the window's camera, which shows the map's image and draws egui.
#[derive(Component, Clone, ExtractComponent)]
pub struct ScreenCamera;

/// What the screen camera copies from the map's image into its picture this frame: nothing
/// while the map camera draws into the window.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct MapCopy(Option<CopyRegion>);

/// The image the map camera copies its drawing into this frame, if any.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct MapCapture(Option<AssetId<Image>>);

/// A rectangle of the map's image and where it goes in the window's picture, in pixels.
#[derive(Clone, Copy, PartialEq, Debug)]
struct CopyRegion {
    image: AssetId<Image>,
    from: UVec2,
    to: UVec2,
    size: UVec2,
}

/// The usages of the window's picture: the default ones (a copy's source among them), and a
/// copy's destination. The map camera draws into the same picture, so both cameras use these
/// (Bevy shares a picture only between cameras that ask for the same usages).
pub fn main_texture_usages() -> CameraMainTextureUsages {
    CameraMainTextureUsages::default().with(TextureUsages::COPY_DST)
}

pub(super) fn plugin(app: &mut App) {
    let busy = PipelinesBusy(Arc::new(AtomicBool::new(true)));
    app.insert_resource(busy.clone())
        .init_resource::<MapDirty>()
        .init_resource::<MapCopy>()
        .init_resource::<MapCapture>()
        .add_plugins((
            ExtractResourcePlugin::<MapCopy>::default(),
            ExtractResourcePlugin::<MapCapture>::default(),
            ExtractComponentPlugin::<ScreenCamera>::default(),
            ExtractComponentPlugin::<MapCamera>::default(),
        ))
        .add_systems(PreStartup, spawn.after(EguiStartupSet::InitContexts))
        .add_systems(PostUpdate, keep_fresh.in_set(KeepFresh).before(bevy::camera::CameraUpdateSystems));
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app
            .insert_resource(busy)
            .add_systems(Render, note_pipelines.in_set(RenderSystems::Cleanup))
            .add_systems(
                Core2d,
                (
                    capture_map_image.after(Core2dSystems::MainPass),
                    copy_map_image.after(Core2dSystems::MainPass).before(bevy_egui::render::egui_pass),
                ),
            );
    }
}

/// Copies the shown part of the map's image into the screen camera's picture, under egui. Skips
/// the copy (the centre then shows what it showed last) when the image is not on the GPU yet or
/// the region does not fit both textures, as after a resize, rather than fail the frame.
fn copy_map_image(
    view: ViewQuery<&ViewTarget, With<ScreenCamera>>,
    copy: Res<MapCopy>,
    images: Res<RenderAssets<GpuImage>>,
    mut ctx: RenderContext,
) {
    let Some(region) = copy.0 else { return };
    let Some(image) = images.get(region.image) else { return };
    copy_texture(&mut ctx, &image.texture, view.into_inner().main_texture(), region.from, region.to, region.size);
}

/// Copies the map camera's drawing (the window's picture, before egui) into the map's image.
fn capture_map_image(
    view: ViewQuery<&ViewTarget, With<MapCamera>>,
    capture: Res<MapCapture>,
    images: Res<RenderAssets<GpuImage>>,
    mut ctx: RenderContext,
) {
    let Some(id) = capture.0 else { return };
    let Some(image) = images.get(id) else { return };
    let main = view.into_inner().main_texture();
    let size = UVec2::new(main.width().min(image.texture.width()), main.height().min(image.texture.height()));
    copy_texture(&mut ctx, main, &image.texture, UVec2::ZERO, UVec2::ZERO, size);
}

/// Copies `size` pixels from `from` in one texture to `to` in another, when both allow it (the
/// usages, one format, the rectangle within both); otherwise does nothing.
fn copy_texture(ctx: &mut RenderContext, source: &Texture, dest: &Texture, from: UVec2, to: UVec2, size: UVec2) {
    let within = |origin: UVec2, texture: &Texture| {
        origin.x + size.x <= texture.width() && origin.y + size.y <= texture.height()
    };
    let usable = source.usage().contains(TextureUsages::COPY_SRC)
        && dest.usage().contains(TextureUsages::COPY_DST)
        && source.format() == dest.format();
    if !usable || size.x == 0 || size.y == 0 || !within(from, source) || !within(to, dest) {
        return;
    }
    let at = |texture, origin: UVec2| TexelCopyTextureInfo {
        texture,
        mip_level: 0,
        origin: Origin3d { x: origin.x, y: origin.y, z: 0 },
        aspect: TextureAspect::All,
    };
    ctx.command_encoder().copy_texture_to_texture(
        at(source, from),
        at(dest, to),
        Extent3d { width: size.x, height: size.y, depth_or_array_layers: 1 },
    );
}

fn note_pipelines(cache: Res<PipelineCache>, busy: Res<PipelinesBusy>) {
    busy.0.store(cache.waiting_pipelines().next().is_some(), Ordering::Relaxed);
}

/// An image for the map camera's drawing, of the window's size in pixels.
fn target_image(size: UVec2) -> Image {
    // The window's picture has this format too, which a copy between them needs.
    let mut image = Image::new_target_texture(size.x.max(1), size.y.max(1), TextureFormat::Rgba8UnormSrgb, None);
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
    image
}

fn spawn(mut commands: Commands, window: Single<&Window, With<PrimaryWindow>>, mut images: ResMut<Assets<Image>>) {
    let size = window.physical_size();
    let image = images.add(target_image(size));
    // Draws into the window's picture before the screen camera (order 0) draws egui over it and
    // puts it on the screen.
    commands.spawn((
        Camera2d,
        MapCamera,
        Camera { order: -1, output_mode: CameraOutputMode::Skip, ..default() },
        RenderTarget::Window(bevy::window::WindowRef::Primary),
        bevy::render::view::Msaa::Off,
        main_texture_usages(),
    ));
    commands.insert_resource(MapCache {
        image,
        size,
        view: (Vec3::NAN, f32::NAN),
        drawn: None,
        mode: Mode::Capture(CAPTURE_FRAMES),
    });
}

/// Decides how the map is drawn this frame (see the module's notes), keeps its image the
/// window's size, and sets what the screen camera copies from it.
#[allow(clippy::too_many_arguments)]
fn keep_fresh(
    window: Single<&Window, With<PrimaryWindow>>,
    mut map_camera: Single<(&mut Camera, &Transform, &Projection), With<MapCamera>>,
    mut cache: ResMut<MapCache>,
    mut dirty: ResMut<MapDirty>,
    mut copy: ResMut<MapCopy>,
    mut capture: ResMut<MapCapture>,
    busy: Res<PipelinesBusy>,
    mut images: ResMut<Assets<Image>>,
    map_view: Res<super::map::MapView>,
    screen: Res<State<super::session::Screen>>,
) {
    let (camera, transform, projection) = &mut *map_camera;
    // The image is shown only where the map shows through: in the campaign, the centre the
    // panels leave free.
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
    let scale = match projection {
        Projection::Orthographic(ortho) => ortho.scale,
        _ => 1.0,
    };
    let view = (transform.translation, scale);
    let size = window.physical_size();
    let replaced = size != cache.size && size.x > 0 && size.y > 0;
    if replaced {
        let image = images.add(target_image(size));
        let old = std::mem::replace(&mut cache.image, image);
        images.remove(&old);
        cache.size = size;
    }
    let moved = view != cache.view;
    // Shifting needs room around what is shown: with none (the whole window), a pan draws live.
    let redraw = std::mem::take(&mut dirty.0) || replaced || view.1 != cache.view.1 || (moved && shown == window_rect);
    // Whether the image, shifted by the pan since it was drawn, covers what is shown (a panel
    // closed or resized can show more of it, too).
    let uv = cache.drawn.and_then(|drawn| shifted(shown, window_rect.size(), drawn, view));
    let fits = uv.is_some_and(inside);
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
    // While the camera draws, the window shows its drawing; once it rests, the image, shifted
    // as worked out above (resting leaves the drawn view as it was).
    let region = if cache.mode == Mode::Still {
        uv.and_then(|uv| copy_region(shown, window.scale_factor(), size, uv, cache.size))
            .map(|(from, to, size)| CopyRegion { image: cache.image.id(), from, to, size })
    } else {
        None
    };
    if copy.0 != region {
        copy.0 = region;
    }
    let into = matches!(cache.mode, Mode::Capture(_)).then(|| cache.image.id());
    if capture.0 != into {
        capture.0 = into;
    }
    let active = cache.mode != Mode::Still;
    if camera.is_active != active {
        camera.is_active = active;
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
/// logical pixel). `None` when the scales differ or a size is zero.
fn shifted(shown: Rect, window: Vec2, drawn: (Vec3, f32), now: (Vec3, f32)) -> Option<Vec4> {
    if drawn.1 != now.1 || now.1 <= 0.0 || window.x <= 0.0 || window.y <= 0.0 {
        return None;
    }
    // The map moved by this many map units; the image's y axis points down.
    let moved = (now.0 - drawn.0).truncate();
    let offset = Vec2::new(moved.x, -moved.y) / now.1;
    let (min, max) = ((shown.min + offset) / window, (shown.max + offset) / window);
    Some(Vec4::new(min.x, min.y, max.x, max.y))
}

/// Whether a part of the image lies within it.
fn inside(uv: Vec4) -> bool {
    uv.x >= 0.0 && uv.y >= 0.0 && uv.z <= 1.0 && uv.w <= 1.0
}

/// The copy that shows the part `uv` of the image (as from `shifted`) over `shown` (logical
/// pixels), as (where in the image, where in the window, size) in physical pixels, cut to what
/// lies within both the window (`window`) and the image (`image`). `None` when nothing does.
fn copy_region(shown: Rect, scale_factor: f32, window: UVec2, uv: Vec4, image: UVec2) -> Option<(UVec2, UVec2, UVec2)> {
    let to_min = (shown.min * scale_factor).round();
    let to_max = (shown.max * scale_factor).round();
    // The image is shown pixel for pixel: one whole-pixel offset between window and image.
    let offset = (Vec2::new(uv.x, uv.y) * image.as_vec2() - to_min).round();
    let lo = to_min.max(Vec2::ZERO).max(-offset);
    let hi = to_max.min(window.as_vec2()).min(image.as_vec2() - offset);
    if hi.x <= lo.x || hi.y <= lo.y {
        return None;
    }
    Some(((lo + offset).as_uvec2(), lo.as_uvec2(), (hi - lo).as_uvec2()))
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
    fn the_copy_takes_the_shifted_part_pixel_for_pixel_within_both_textures() {
        let window = UVec2::new(1600, 900);
        let shown = Rect::new(400.0, 100.0, 1200.0, 700.0);
        // Unshifted: the same rectangle in the image and the window.
        let uv = Vec4::new(0.25, 100.0 / 900.0, 0.75, 700.0 / 900.0);
        let same = (UVec2::new(400, 100), UVec2::new(400, 100), UVec2::new(800, 600));
        assert_eq!(copy_region(shown, 1.0, window, uv, window), Some(same));
        // Panned 100 pixels east and 50 south of where the image was drawn.
        let uv = Vec4::new(500.0 / 1600.0, 50.0 / 900.0, 1300.0 / 1600.0, 650.0 / 900.0);
        assert_eq!(
            copy_region(shown, 1.0, window, uv, window),
            Some((UVec2::new(500, 50), UVec2::new(400, 100), UVec2::new(800, 600)))
        );
        // A shift past the image's edge is cut to the part the image holds.
        let uv = Vec4::new(900.0 / 1600.0, 0.0, 1700.0 / 1600.0, 600.0 / 900.0);
        assert_eq!(
            copy_region(shown, 1.0, window, uv, window),
            Some((UVec2::new(900, 0), UVec2::new(400, 100), UVec2::new(700, 600)))
        );
        // Two physical pixels a logical one: everything in physical pixels.
        let big = UVec2::new(3200, 1800);
        let uv = Vec4::new(0.25, 100.0 / 900.0, 0.75, 700.0 / 900.0);
        assert_eq!(
            copy_region(shown, 2.0, big, uv, big),
            Some((UVec2::new(800, 200), UVec2::new(800, 200), UVec2::new(1600, 1200)))
        );
        // An image smaller than the window (just resized) is never read past its edge.
        let small = UVec2::new(1000, 500);
        assert_eq!(
            copy_region(shown, 1.0, window, Vec4::new(0.4, 0.2, 1.2, 1.4), small),
            Some((UVec2::new(400, 100), UVec2::new(400, 100), UVec2::new(600, 400)))
        );
        // Nothing of the image under the shown part: no copy.
        assert_eq!(copy_region(shown, 1.0, window, Vec4::new(1.5, 0.0, 2.0, 0.5), window), None);
    }

    #[test]
    fn the_shifted_part_follows_the_pan_in_screen_pixels() {
        let window = Vec2::new(1600.0, 900.0);
        let shown = Rect::new(400.0, 100.0, 1200.0, 700.0);
        let at = |x: f32, y: f32| (Vec3::new(x, y, 0.0), 2.0);
        // Unmoved: the part under the shown rectangle.
        let uv = shifted(shown, window, at(10.0, 10.0), at(10.0, 10.0)).unwrap();
        assert_eq!(uv, Vec4::new(0.25, 100.0 / 900.0, 0.75, 700.0 / 900.0));
        // The view moved 200 map units east and 100 north, at 2 map units a pixel: the map
        // content sits 100 pixels further left and 50 lower than when it was drawn.
        let uv = shifted(shown, window, at(10.0, 10.0), at(210.0, 110.0)).unwrap();
        assert_eq!(uv, Vec4::new(500.0 / 1600.0, 50.0 / 900.0, 1300.0 / 1600.0, 650.0 / 900.0));
        assert!(inside(uv));
        // Far enough and the image no longer covers the shown part; another zoom is no shift.
        assert!(!inside(shifted(shown, window, at(0.0, 0.0), at(900.0, 0.0)).unwrap()));
        assert!(!inside(shifted(shown, window, at(0.0, 0.0), at(0.0, 250.0)).unwrap()));
        assert_eq!(shifted(shown, window, at(0.0, 0.0), (Vec3::ZERO, 1.0)), None);
    }
}

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
//! - While it is drawn only into the window (a zoom), the map camera draws only over the centre
//!   the panels leave free: the renderer sees a viewport of that size, with the projection
//!   stretched so that the map lands where it would over the whole window; the panels' background
//!   (below) covers the rest. About half the window's pixels and tiles are filled that way.
//! - In the campaign the panels' background is not painted by egui but copied, like the map:
//!   the screen camera copies a plain image of the panels' colour over everything outside the
//!   free centre, and the panels themselves are transparent (`theme::campaign_panel`). egui
//!   blends every pixel it paints, which without a GPU made the panels' fills about a tenth of
//!   a frame; a copy is a fraction of that.
//!
//! `geometry` works out the rectangles and shifts (plain arithmetic, tested without a window);
//! `render` holds the render world's side: the copies and the narrowed viewport.

mod geometry;
mod render;

use geometry::{copy_region, inside, physical_rect, shifted, surround};

use super::camera::MapCamera;
use bevy::asset::RenderAssetUsages;
use bevy::camera::{CameraMainTextureUsages, CameraOutputMode, RenderTarget};
use bevy::core_pipeline::{Core2d, Core2dSystems};
use bevy::prelude::*;
use bevy::render::extract_component::{ExtractComponent, ExtractComponentPlugin};
use bevy::render::extract_resource::{ExtractResource, ExtractResourcePlugin};
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::PrimaryWindow;
use bevy_egui::EguiStartupSet;
use render::{capture_map_image, copy_map_image, fit_map_viewport, note_pipelines};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Frames the map keeps being drawn into the window after its last change.
const LIVE_FRAMES: u32 = 3;
/// Frames it is drawn and copied into its image before the image stands in for it (the renderer
/// runs a frame behind the game).
const CAPTURE_FRAMES: u32 = 3;

/// Frames into the title after which the panels' background is made.
const BACKDROP_AFTER: u32 = 5;

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
    /// The panels' colour, the window's size: made a few frames into the title (not at launch,
    /// where its few megabytes would be filled and uploaded before the title shows), so that it
    /// is on the GPU before a campaign needs it.
    backdrop: Option<Handle<Image>>,
    /// Frames shown since the data files were loaded.
    frames_up: u32,
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

/// What the screen camera copies into its picture this frame, before egui draws: the part of
/// the map's image shown (nothing while the map camera draws into the window), and the panels'
/// background around the free centre (nothing when the map fills the window).
#[derive(Resource, Clone, Default, PartialEq, ExtractResource)]
pub struct MapCopy {
    map: Option<CopyRegion>,
    panels: Option<PanelsCopy>,
}

/// Rectangles of the window's picture (physical pixels) to fill from the image of the panels'
/// colour, at the same place in both.
#[derive(Clone, PartialEq, Debug)]
struct PanelsCopy {
    image: AssetId<Image>,
    rects: Vec<URect>,
}

/// The image the map camera copies its drawing into this frame, if any.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct MapCapture(Option<AssetId<Image>>);

/// Where in the window's picture the map camera draws this frame, in physical pixels: `None` for
/// all of it (as when its drawing is copied into the image, which must hold the whole window).
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct MapViewport(Option<URect>);

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
        .init_resource::<MapViewport>()
        .add_plugins((
            ExtractResourcePlugin::<MapCopy>::default(),
            ExtractResourcePlugin::<MapViewport>::default(),
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
            // After the cameras' extraction lands, before views are sorted and their uniforms made.
            .add_systems(
                Render,
                fit_map_viewport.in_set(RenderSystems::CreateViews).before(bevy::render::camera::sort_cameras),
            )
            .add_systems(
                Core2d,
                (
                    capture_map_image.after(Core2dSystems::MainPass),
                    copy_map_image.after(Core2dSystems::MainPass).before(bevy_egui::render::egui_pass),
                ),
            );
    }
}

/// An image for the map camera's drawing, of the window's size in pixels.
fn target_image(size: UVec2) -> Image {
    // The window's picture has this format too, which a copy between them needs.
    let mut image = Image::new_target_texture(size.x.max(1), size.y.max(1), TextureFormat::Rgba8UnormSrgb, None);
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
    image
}

/// An image of the window's size in the panels' colour, for copying behind the campaign's
/// panels.
fn backdrop_image(size: UVec2) -> Image {
    let [r, g, b, a] = super::ui::theme::PANEL.to_srgba_unmultiplied();
    let extent = Extent3d { width: size.x.max(1), height: size.y.max(1), depth_or_array_layers: 1 };
    let mut image = Image::new_fill(
        extent,
        TextureDimension::D2,
        &[r, g, b, a],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
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
        backdrop: None,
        frames_up: 0,
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
    mut viewport: ResMut<MapViewport>,
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
        if let Some(old) = cache.backdrop.take() {
            images.remove(&old);
        }
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
    // Around the free centre, the panels' background, whichever way the map is drawn.
    let centre = (shown != window_rect).then(|| physical_rect(shown, window.scale_factor(), size)).flatten();
    if *screen.get() != super::session::Screen::Loading {
        cache.frames_up = cache.frames_up.saturating_add(1);
    }
    if cache.backdrop.is_none() && (cache.frames_up > BACKDROP_AFTER || centre.is_some()) {
        cache.backdrop = Some(images.add(backdrop_image(size)));
    }
    let panels = centre
        .zip(cache.backdrop.as_ref())
        .map(|(centre, backdrop)| PanelsCopy { image: backdrop.id(), rects: surround(centre, size) });
    let wanted = MapCopy { map: region, panels };
    if *copy != wanted {
        *copy = wanted;
    }
    let into = matches!(cache.mode, Mode::Capture(_)).then(|| cache.image.id());
    if capture.0 != into {
        capture.0 = into;
    }
    // Drawn only into the window: only where it shows. Copied into the image: all of it.
    let narrowed = match cache.mode {
        Mode::Live(_) => centre,
        _ => None,
    };
    if viewport.0 != narrowed {
        viewport.0 = narrowed;
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
}

//! The render world's side of the map's image: the copies into and out of the window's picture,
//! and the map camera's viewport narrowed to the free centre.

use super::{MapCapture, MapCopy, MapViewport, PipelinesBusy, ScreenCamera};
use crate::game::camera::MapCamera;
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_asset::RenderAssets;
use bevy::render::render_resource::{
    Extent3d, Origin3d, PipelineCache, TexelCopyTextureInfo, Texture, TextureAspect, TextureUsages,
};
use bevy::render::renderer::{RenderContext, ViewQuery};
use bevy::render::texture::GpuImage;
use bevy::render::view::{ExtractedView, ViewTarget};
use std::sync::atomic::Ordering;

/// Copies the panels' background and the shown part of the map's image into the screen
/// camera's picture, under egui. Skips a copy (that part then shows what it showed last) when
/// its image is not on the GPU yet or the region does not fit both textures, as after a
/// resize, rather than fail the frame.
pub(super) fn copy_map_image(
    view: ViewQuery<&ViewTarget, With<ScreenCamera>>,
    copy: Res<MapCopy>,
    images: Res<RenderAssets<GpuImage>>,
    mut ctx: RenderContext,
) {
    let main = view.into_inner().main_texture();
    if let Some(panels) = &copy.panels
        && let Some(image) = images.get(panels.image)
    {
        for rect in &panels.rects {
            copy_texture(&mut ctx, &image.texture, main, rect.min, rect.min, rect.size());
        }
    }
    let Some(region) = copy.map else { return };
    let Some(image) = images.get(region.image) else { return };
    copy_texture(&mut ctx, &image.texture, main, region.from, region.to, region.size);
}

/// Copies the map camera's drawing (the window's picture, before egui) into the map's image.
pub(super) fn capture_map_image(
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

/// Narrows the map camera's drawing to [`MapViewport`] without moving the map: the viewport is
/// set in the render world only (the main world's camera, which hit tests and places labels,
/// keeps the whole window), with the projection stretched to match.
pub(super) fn fit_map_viewport(
    viewport: Res<MapViewport>,
    mut map: Query<(&mut ExtractedCamera, &mut ExtractedView), With<MapCamera>>,
) {
    let Some(rect) = viewport.0 else { return };
    for (mut camera, mut view) in &mut map {
        let Some(target) = camera.physical_target_size else { continue };
        let Some(stretch) = viewport_stretch(target, rect) else { continue };
        view.clip_from_view = stretch * view.clip_from_view;
        view.viewport = UVec4::new(rect.min.x, rect.min.y, rect.width(), rect.height());
        camera.physical_viewport_size = Some(rect.size());
        camera.viewport =
            Some(bevy::camera::Viewport { physical_position: rect.min, physical_size: rect.size(), ..default() });
    }
}

/// The change of clip space that keeps every point where it was on a `target` of this many
/// pixels when the drawing is narrowed to the viewport `rect` (pixels, y down): what fell at a
/// pixel over the whole target falls at the same pixel within the viewport. `None` for a
/// viewport empty or not within the target.
fn viewport_stretch(target: UVec2, rect: URect) -> Option<Mat4> {
    if rect.is_empty() || rect.max.x > target.x || rect.max.y > target.y {
        return None;
    }
    let (size, lo, hi) = (target.as_vec2(), rect.min.as_vec2(), rect.max.as_vec2());
    let span = hi - lo;
    let scale = size / span;
    // x grows to the right in both; clip space's y grows up, pixels' down.
    let shift = Vec2::new((size.x - lo.x - hi.x) / span.x, (lo.y + hi.y - size.y) / span.y);
    Some(Mat4::from_cols(
        Vec4::new(scale.x, 0.0, 0.0, 0.0),
        Vec4::new(0.0, scale.y, 0.0, 0.0),
        Vec4::Z,
        Vec4::new(shift.x, shift.y, 0.0, 1.0),
    ))
}

pub(super) fn note_pipelines(cache: Res<PipelineCache>, busy: Res<PipelinesBusy>) {
    busy.0.store(cache.waiting_pipelines().next().is_some(), Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrowed_viewport_leaves_every_point_where_it_was() {
        let target = UVec2::new(1600, 900);
        let rect = URect::new(300, 30, 1200, 700);
        let stretch = viewport_stretch(target, rect).unwrap();
        // A point's pixel over the whole target, and within the viewport after the stretch.
        let whole = |ndc: Vec2| Vec2::new((ndc.x + 1.0) / 2.0 * 1600.0, (1.0 - ndc.y) / 2.0 * 900.0);
        let within = |ndc: Vec2| {
            let c = stretch * Vec4::new(ndc.x, ndc.y, 0.5, 1.0);
            let (lo, span) = (rect.min.as_vec2(), rect.size().as_vec2());
            Vec2::new(lo.x + (c.x / c.w + 1.0) / 2.0 * span.x, lo.y + (1.0 - c.y / c.w) / 2.0 * span.y)
        };
        for ndc in [Vec2::new(-1.0, 1.0), Vec2::new(1.0, -1.0), Vec2::ZERO, Vec2::new(-0.3, 0.7)] {
            assert!(whole(ndc).distance(within(ndc)) < 1e-3, "{ndc}: {} against {}", whole(ndc), within(ndc));
        }
        // The viewport's corners are the edges of clip space after the stretch.
        let corner = stretch * Vec4::new(300.0 / 800.0 - 1.0, 1.0 - 30.0 / 450.0, 0.0, 1.0);
        assert!((corner.x + 1.0).abs() < 1e-5 && (corner.y - 1.0).abs() < 1e-5, "{corner}");
        // The whole target is no stretch; a viewport past the target's edge or empty is refused.
        assert_eq!(viewport_stretch(target, URect::new(0, 0, 1600, 900)), Some(Mat4::IDENTITY));
        assert_eq!(viewport_stretch(target, URect::new(0, 0, 1700, 900)), None);
        assert_eq!(viewport_stretch(target, URect::new(10, 10, 10, 500)), None);
    }
}

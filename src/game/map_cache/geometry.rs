//! The rectangles of the map's image and of the window's picture: where the free centre lies in
//! pixels, what surrounds it, and which part of an image drawn at one view shows another.

use bevy::math::{Rect, URect, UVec2, Vec2, Vec3, Vec4};

/// `rect` (logical pixels) in physical pixels, rounded as [`copy_region`] rounds, and cut to a
/// window of `window` physical pixels. `None` when nothing of it is within the window.
pub(super) fn physical_rect(rect: Rect, scale_factor: f32, window: UVec2) -> Option<URect> {
    let min = (rect.min * scale_factor).round().max(Vec2::ZERO);
    let max = (rect.max * scale_factor).round().min(window.as_vec2());
    (max.x > min.x && max.y > min.y).then(|| URect::from_corners(min.as_uvec2(), max.as_uvec2()))
}

/// The window (`window` pixels) outside `centre`, as up to four rectangles that do not overlap:
/// the full width above and below it, and beside it to its left and right.
pub(super) fn surround(centre: URect, window: UVec2) -> Vec<URect> {
    let (lo, hi) = (centre.min.min(window), centre.max.min(window));
    [
        URect::new(0, 0, window.x, lo.y),
        URect::new(0, hi.y, window.x, window.y),
        URect::new(0, lo.y, lo.x, hi.y),
        URect::new(hi.x, lo.y, window.x, hi.y),
    ]
    .into_iter()
    .filter(|r| !r.is_empty())
    .collect()
}

/// The part of the image (as fractions of its size: min x, min y, max x, max y) to show over
/// `shown` when the image, which covers a window of `window` logical pixels, was drawn at view
/// `drawn` and the view is now `now`. Views are (camera position in map units, map units per
/// logical pixel). `None` when the scales differ or a size is zero.
pub(super) fn shifted(shown: Rect, window: Vec2, drawn: (Vec3, f32), now: (Vec3, f32)) -> Option<Vec4> {
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
pub(super) fn inside(uv: Vec4) -> bool {
    uv.x >= 0.0 && uv.y >= 0.0 && uv.z <= 1.0 && uv.w <= 1.0
}

/// The copy that shows the part `uv` of the image (as from `shifted`) over `shown` (logical
/// pixels), as (where in the image, where in the window, size) in physical pixels, cut to what
/// lies within both the window (`window`) and the image (`image`). `None` when nothing does.
pub(super) fn copy_region(
    shown: Rect,
    scale_factor: f32,
    window: UVec2,
    uv: Vec4,
    image: UVec2,
) -> Option<(UVec2, UVec2, UVec2)> {
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
    fn the_free_centre_in_physical_pixels_covers_its_edges_within_the_window() {
        let window = UVec2::new(1600, 900);
        let rect = Rect::new(300.4, 24.6, 1200.2, 700.0);
        assert_eq!(physical_rect(rect, 1.0, window), Some(URect::new(300, 25, 1200, 700)));
        assert_eq!(physical_rect(rect, 2.0, UVec2::new(3200, 1800)), Some(URect::new(601, 49, 2400, 1400)));
        assert_eq!(physical_rect(Rect::new(-5.0, 0.0, 2000.0, 900.0), 1.0, window), Some(URect::new(0, 0, 1600, 900)));
        assert_eq!(physical_rect(Rect::new(1700.0, 0.0, 1800.0, 900.0), 1.0, window), None);
    }

    #[test]
    fn the_panels_background_covers_the_window_outside_the_centre_once() {
        let window = UVec2::new(160, 90);
        for centre in [URect::new(30, 3, 120, 70), URect::new(0, 0, 160, 70), URect::new(0, 0, 160, 90)] {
            let rects = surround(centre, window);
            // Every pixel is in the centre or in exactly one rectangle.
            for y in 0..window.y {
                for x in 0..window.x {
                    let p = UVec2::new(x, y);
                    let inside = |r: &URect| p.x >= r.min.x && p.x < r.max.x && p.y >= r.min.y && p.y < r.max.y;
                    let covered = rects.iter().filter(|r| inside(r)).count() + usize::from(inside(&centre));
                    assert_eq!(covered, 1, "{p} with the centre at {centre:?}: {rects:?}");
                }
            }
        }
        assert_eq!(surround(URect::new(0, 0, 160, 70), window), [URect::new(0, 70, 160, 90)]);
        assert!(surround(URect::new(0, 0, 160, 90), window).is_empty());
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

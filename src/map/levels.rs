//! The map drawn at several levels of detail: which level suits a zoom, and each level's
//! triangles, outlines and borders ready for meshes. A renderer without a GPU pays for every
//! triangle and border segment it draws, whether or not they are a pixel apart.

use super::simplify::{Rings, Simplifier};
use super::triangulate::{TriMesh, append_rings};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One level of detail: the shapes simplified at `tolerance` (map units), drawn from zoom
/// `from_scale` (map units per logical pixel) outwards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Level {
    pub tolerance: f32,
    pub from_scale: f32,
}

/// The levels, finest first. A point moves by at most tolerance / zoom pixels, so by at most one
/// pixel at the closest zoom each level is drawn at. At the opening zoom (1.05) the map draws
/// under half of the asset's points; zoomed right out, about a quarter; zoomed in, every one.
pub const LEVELS: [Level; 4] = [
    Level { tolerance: 0.0, from_scale: 0.0 },
    Level { tolerance: 0.5, from_scale: 0.5 },
    Level { tolerance: 1.0, from_scale: 1.0 },
    Level { tolerance: 2.0, from_scale: 2.0 },
];

/// Which of [`LEVELS`] suits zoom `scale`: the coarsest whose error stays within a pixel.
pub fn level_for(scale: f32) -> usize {
    LEVELS.iter().rposition(|level| scale >= level.from_scale).unwrap_or(0)
}

/// Which of [`LEVELS`] to draw while the zoom is changing: the coarsest whose error stays
/// within two pixels. Each frame of a zoom draws the whole map again, and a point a pixel further
/// off is not seen while the map grows or shrinks under it; the exact level comes back once the
/// zoom rests.
pub fn level_in_motion(scale: f32) -> usize {
    level_for(scale * 2.0)
}

/// The level to show when `wanted` is not ready yet: the nearest one that is (the finer one of
/// two as near). `None` when none is ready.
pub fn nearest_ready(wanted: usize, ready: impl Fn(usize) -> bool) -> Option<usize> {
    (0..LEVELS.len()).filter(|&k| ready(k)).min_by_key(|&k| (k.abs_diff(wanted), k))
}

/// The map's shapes at one level of detail: every country's triangles in one list (so that one
/// draw call draws the map), its outlines, and the borders with each segment once.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LevelGeometry {
    /// Vertices in map units.
    pub positions: Vec<[f32; 2]>,
    /// Triangles, three indices into `positions` each.
    pub indices: Vec<u32>,
    /// Each country's vertices in `positions`.
    pub ranges: Vec<Range<usize>>,
    /// Each country's triangles in `indices`.
    pub triangles: Vec<Range<usize>>,
    /// Each country's rings, closed (the first point repeated at the end).
    pub outlines: Vec<Vec<Vec<[f32; 2]>>>,
    pub borders: Borders,
}

/// Borders and coasts as line segments (pairs of indices into `positions`), each drawn once:
/// a border two countries share is in both their outlines.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Borders {
    pub positions: Vec<[f32; 2]>,
    pub indices: Vec<u32>,
}

/// Collects borders, telling a shared point or segment from a new one.
#[derive(Default)]
struct BorderBuilder {
    borders: Borders,
    vertex: HashMap<(u32, u32), u32>,
    segments: HashSet<(u32, u32)>,
}

impl BorderBuilder {
    /// Adds a closed ring's segments, skipping those already there (either way round).
    fn add_ring(&mut self, ring: &[[f32; 2]]) {
        let n = ring.len();
        if n < 2 {
            return;
        }
        let ids: Vec<u32> = ring.iter().map(|p| self.vertex_of(*p)).collect();
        for k in 0..n {
            let (a, b) = (ids[k], ids[(k + 1) % n]);
            if a != b && self.segments.insert((a.min(b), a.max(b))) {
                self.borders.indices.extend_from_slice(&[a, b]);
            }
        }
    }

    fn vertex_of(&mut self, p: [f32; 2]) -> u32 {
        let next = self.borders.positions.len() as u32;
        // +0.0 and -0.0 are the same point.
        let id = *self.vertex.entry(((p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits())).or_insert(next);
        if id == next {
            self.borders.positions.push(p);
        }
        id
    }
}

/// Triangles, outlines and borders for every country's polygons (rings in map units).
pub fn level_geometry(countries: &[Vec<Rings>]) -> LevelGeometry {
    let mut g = LevelGeometry::default();
    let mut borders = BorderBuilder::default();
    for polygons in countries {
        let mut tri = TriMesh::default();
        let mut outlines = Vec::new();
        for rings in polygons {
            append_rings(&mut tri, rings);
            for ring in rings {
                borders.add_ring(ring);
                outlines.push(ring.iter().chain(ring.first()).copied().collect());
            }
        }
        let (base, first) = (g.positions.len(), g.indices.len());
        g.positions.extend(&tri.positions);
        g.indices.extend(tri.indices.iter().map(|i| i + base as u32));
        g.ranges.push(base..g.positions.len());
        g.triangles.push(first..g.indices.len());
        g.outlines.push(outlines);
    }
    g.borders = borders.borders;
    g
}

/// Builds the levels of one map, finding where its rings meet once for all of them.
pub struct LevelBuilder {
    countries: Vec<Vec<Rings>>,
    simplifier: Simplifier,
}

impl LevelBuilder {
    /// `countries`: each country's polygons in map units.
    pub fn new(countries: Vec<Vec<Rings>>) -> Self {
        let simplifier = Simplifier::new(&countries);
        LevelBuilder { countries, simplifier }
    }

    /// Level `k` of [`LEVELS`] (the finest past the end).
    pub fn build(&self, k: usize) -> LevelGeometry {
        let tolerance = LEVELS.get(k).map_or(0.0, |level| level.tolerance);
        if tolerance <= 0.0 {
            return level_geometry(&self.countries);
        }
        level_geometry(&self.simplifier.simplify(&self.countries, tolerance))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_zoom_gets_the_coarsest_level_within_a_pixel() {
        assert_eq!(level_for(0.12), 0);
        assert_eq!(level_for(0.49), 0);
        assert_eq!(level_for(0.5), 1);
        assert_eq!(level_for(1.05), 2);
        assert_eq!(level_for(2.5), 3);
        assert_eq!(level_for(0.0), 0);
        assert_eq!(level_for(f32::NAN), 0);
        for (k, level) in LEVELS.iter().enumerate() {
            assert_eq!(level_for(level.from_scale), k);
            // At the closest zoom a level is drawn at, no point is more than a pixel off.
            assert!(level.tolerance <= level.from_scale);
        }
    }

    #[test]
    fn a_zoom_under_way_draws_a_level_coarser_within_two_pixels() {
        assert_eq!(level_in_motion(0.2), 0);
        assert_eq!(level_in_motion(0.3), 1);
        assert_eq!(level_in_motion(1.05), 3);
        assert_eq!(level_in_motion(5.0), 3);
        for scale in [0.1f32, 0.26, 0.4, 0.6, 0.9, 1.05, 1.5, 2.4, 4.0] {
            let (moving, resting) = (level_in_motion(scale), level_for(scale));
            assert!(moving >= resting && moving <= resting + 1, "{scale}: {moving} against {resting}");
            assert!(LEVELS[moving].tolerance / scale <= 2.0, "{scale}: level {moving}");
        }
    }

    #[test]
    fn a_level_not_ready_falls_back_to_the_nearest_one_that_is() {
        assert_eq!(nearest_ready(2, |k| k == 2), Some(2));
        assert_eq!(nearest_ready(0, |k| k == 2), Some(2));
        assert_eq!(nearest_ready(3, |k| k == 0 || k == 2), Some(2));
        // As near either way: the finer one.
        assert_eq!(nearest_ready(2, |k| k == 1 || k == 3), Some(1));
        assert_eq!(nearest_ready(1, |_| false), None);
    }

    /// Two unit squares side by side, sharing the edge x = 1, and a triangle island.
    fn squares() -> Vec<Vec<Rings>> {
        let west = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let east = vec![[1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0]];
        let island = vec![[5.0, 5.0], [6.0, 5.0], [5.0, 6.0]];
        vec![vec![vec![west]], vec![vec![east], vec![island]]]
    }

    #[test]
    fn a_shared_border_is_drawn_once_and_each_country_keeps_its_triangles() {
        let g = level_geometry(&squares());
        // 4 + 4 + 3 segments less the shared one; 6 points less the 2 shared.
        assert_eq!(g.borders.indices.len(), 2 * 10);
        assert_eq!(g.borders.positions.len(), 4 + 4 + 3 - 2);
        let mut segments: Vec<(u32, u32)> =
            g.borders.indices.chunks(2).map(|s| (s[0].min(s[1]), s[0].max(s[1]))).collect();
        segments.sort();
        segments.dedup();
        assert_eq!(segments.len(), 10);
        // Fills: two triangles a square, one for the island, each country's own.
        assert_eq!(g.ranges, [0..4, 4..11]);
        assert_eq!(g.triangles, [0..6, 6..15]);
        assert!(g.indices[6..].iter().all(|&i| (4..11).contains(&(i as usize))));
        // Outlines are closed rings, one per ring.
        assert_eq!(g.outlines[1].len(), 2);
        assert_eq!(g.outlines[1][1].first(), g.outlines[1][1].last());
        assert_eq!(g.outlines[0][0].len(), 5);
    }

    /// Every level of the shipped map: every country filled, with its outline; each coarser
    /// level lighter than the one before; and the finest one everything the asset has.
    #[test]
    fn every_level_of_the_shipped_map_fills_every_country() {
        let asset = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/map/countries.json"));
        let proj = crate::map::Projection::north_atlantic();
        let countries = crate::map::load_countries(asset).expect("asset");
        let builder = LevelBuilder::new(countries.iter().map(|c| crate::map::projected_polygons(c, &proj)).collect());
        let points: usize = countries
            .iter()
            .flat_map(|c| &c.polygons)
            .map(|p| p.outer.len() + p.holes.iter().map(Vec::len).sum::<usize>())
            .sum();
        let mut last: Option<LevelGeometry> = None;
        for k in 0..LEVELS.len() {
            let g = builder.build(k);
            for (c, country) in countries.iter().enumerate() {
                assert!(!g.triangles[c].is_empty(), "{} has no fill at level {k}", country.iso3);
                assert!(!g.outlines[c].is_empty(), "{} has no outline at level {k}", country.iso3);
            }
            if k == 0 {
                // Shared borders hold the same points twice in the asset, once here.
                assert!(g.positions.len() >= points && g.borders.positions.len() < points);
            }
            if let Some(finer) = &last {
                assert!(g.indices.len() < finer.indices.len(), "level {k} draws no fewer triangles");
                assert!(g.borders.indices.len() < finer.borders.indices.len());
            }
            last = Some(g);
        }
    }

    #[test]
    fn the_finest_level_is_the_shapes_as_they_are() {
        let builder = LevelBuilder::new(squares());
        assert_eq!(builder.build(0), level_geometry(&squares()));
        assert_eq!(builder.build(99), level_geometry(&squares()));
        // Squares this small lose nothing to a tolerance below their size, and a coarser level
        // never has more points.
        let coarse = builder.build(1);
        assert!(coarse.borders.positions.len() <= builder.build(0).borders.positions.len());
        assert_eq!(coarse.ranges.len(), 2);
    }
}

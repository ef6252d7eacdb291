//! Coarser copies of the whole map's rings, for drawing it zoomed out: a renderer without a GPU
//! pays for every triangle and border segment, and at the opening zoom most of the shipped
//! points lie closer together than a pixel.
//!
//! Neighbours must stay neighbours: simplifying each ring on its own would pull the two sides
//! of a shared border apart (each ring starts somewhere else, so each would keep other points),
//! leaving slivers of sea between countries. So the simplification works like the arcs of
//! TopoJSON: a point where rings meet or part (a *junction*: a point whose neighbours are not the
//! same in every ring that has it) is always kept, and the stretch between two junctions, which
//! every ring holding it holds in full, one way or the other, is simplified by Douglas–Peucker
//! with ties broken by the points themselves, so that it comes out the same both ways.

use super::geo::seg_dist2;
use super::triangulate::ring_area;
use std::collections::{HashMap, HashSet};

/// A polygon as rings in map units: the outer ring first, then its holes.
pub type Rings = Vec<Vec<[f32; 2]>>;

/// A point's identity: its exact coordinates (shared borders hold identical points).
type Key = (u32, u32);

fn key(p: [f32; 2]) -> Key {
    // +0.0 and -0.0 are the same point.
    ((p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits())
}

/// Every country's polygons simplified together at `tolerance`: see [`Simplifier::simplify`].
pub fn simplify_shared(countries: &[Vec<Rings>], tolerance: f32) -> Vec<Vec<Rings>> {
    Simplifier::new(countries).simplify(countries, tolerance)
}

/// Simplifies a map at several tolerances, finding where its rings meet once.
pub struct Simplifier {
    junctions: HashSet<Key>,
}

impl Simplifier {
    /// Finds the junctions of `countries` (each a list of polygons).
    pub fn new(countries: &[Vec<Rings>]) -> Self {
        Simplifier { junctions: junctions(countries) }
    }

    /// The same `countries` simplified together at `tolerance` (map units): no point moves
    /// further than that from the original outline, and borders that countries share stay
    /// shared. Rings left with fewer than three points are dropped (a polygon whose outer ring is
    /// dropped goes with its holes); so are rings no more than a tolerance across. A country that
    /// would lose every polygon keeps its largest one unsimplified. A tolerance of zero or less
    /// (or NaN) returns the input unchanged.
    pub fn simplify(&self, countries: &[Vec<Rings>], tolerance: f32) -> Vec<Vec<Rings>> {
        if tolerance.is_nan() || tolerance <= 0.0 {
            return countries.to_vec();
        }
        let junctions = &self.junctions;
        let tol2 = f64::from(tolerance) * f64::from(tolerance);
        countries
            .iter()
            .map(|polygons| {
                let kept: Vec<Rings> = polygons
                    .iter()
                    .filter_map(|rings| {
                        let mut rings = rings.iter().map(|ring| simplify_ring(ring, junctions, tol2));
                        let outer = rings.next().flatten()?;
                        let mut kept = vec![outer];
                        kept.extend(rings.flatten());
                        Some(kept)
                    })
                    .collect();
                if kept.is_empty() {
                    // A country smaller than the tolerance (or one whose outline is all junctions)
                    // keeps its largest polygon as it was: still there to see, and any mismatch with
                    // its neighbours is within the tolerance.
                    let largest = polygons
                        .iter()
                        .filter(|rings| rings.first().is_some_and(|r| r.len() >= 3))
                        .max_by(|a, b| ring_area(&a[0]).abs().total_cmp(&ring_area(&b[0]).abs()));
                    return largest.cloned().into_iter().collect();
                }
                kept
            })
            .collect()
    }
}

/// The points where rings meet or part: those seen with different neighbours (in either order)
/// in different places, or more than once in one ring.
fn junctions(countries: &[Vec<Rings>]) -> HashSet<Key> {
    // For each point, its first pair of neighbours (ordered, so that either direction matches)
    // and whether it has been seen with another pair.
    let mut seen: HashMap<Key, ((Key, Key), bool)> = HashMap::new();
    for ring in countries.iter().flatten().flatten() {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (key(ring[(i + n - 1) % n]), key(ring[(i + 1) % n]));
            let pair = if a <= b { (a, b) } else { (b, a) };
            seen.entry(key(ring[i]))
                .and_modify(|(first, junction)| {
                    // The same point again with the same neighbours is a second ring running the
                    // same way through it (or a ring repeating itself, which a point listed twice
                    // in one ring, a pinch, shows by its neighbours differing).
                    if *first != pair {
                        *junction = true;
                    }
                })
                .or_insert((pair, false));
        }
    }
    seen.into_iter().filter_map(|(k, (_, junction))| junction.then_some(k)).collect()
}

/// One ring simplified between its junctions; `None` when fewer than three points remain.
fn simplify_ring(ring: &[[f32; 2]], junctions: &HashSet<Key>, tol2: f64) -> Option<Vec<[f32; 2]>> {
    let n = ring.len();
    if n < 3 {
        return None;
    }
    let is_junction = |p: [f32; 2]| junctions.contains(&key(p));
    let mut anchors: Vec<usize> = (0..n).filter(|&i| is_junction(ring[i])).collect();
    if anchors.is_empty() {
        // A ring that touches no other (an island), or one that another ring repeats in full (an
        // enclave and the hole it fills): start at its least point, which both copies share.
        let least = (0..n).min_by_key(|&i| key(ring[i])).unwrap_or(0);
        anchors.push(least);
    }
    let points: Vec<[f64; 2]> = ring.iter().map(|p| [f64::from(p[0]), f64::from(p[1])]).collect();
    let mut keep = vec![false; n];
    for (k, &start) in anchors.iter().enumerate() {
        let end = anchors.get(k + 1).copied().unwrap_or(anchors[0] + n);
        // The stretch start..=end, wrapping round the ring.
        let stretch: Vec<usize> = (start..=end).map(|i| i % n).collect();
        keep[start] = true;
        douglas_peucker(&points, &stretch, tol2, &mut keep);
    }
    let out: Vec<[f32; 2]> = (0..n).filter(|&i| keep[i]).map(|i| ring[i]).collect();
    (out.len() >= 3 && spans(&out, tol2)).then_some(out)
}

/// Whether a ring is more than a tolerance across (its bounding box: the same for a ring and a
/// copy of it walked the other way, as an enclave and its hole are).
fn spans(ring: &[[f32; 2]], tol2: f64) -> bool {
    let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
    for p in ring {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    let (w, h) = (f64::from(hi[0] - lo[0]), f64::from(hi[1] - lo[1]));
    w * w > tol2 || h * h > tol2
}

/// Marks the points of `stretch` (indices into `points`, its ends kept) that Douglas–Peucker
/// keeps at squared tolerance `tol2`. Of points equally far from a chord, the least is kept, so
/// that a stretch gives the same points walked either way.
fn douglas_peucker(points: &[[f64; 2]], stretch: &[usize], tol2: f64, keep: &mut [bool]) {
    let Some(&last) = stretch.last() else { return };
    keep[stretch[0]] = true;
    keep[last] = true;
    // Work list of (first, last) positions within `stretch`.
    let mut work = vec![(0, stretch.len() - 1)];
    while let Some((a, b)) = work.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (points[stretch[a]], points[stretch[b]]);
        let mut best: Option<(f64, usize)> = None;
        for k in a + 1..b {
            let d = seg_dist2(points[stretch[k]], pa, pb);
            let better = match best {
                None => true,
                Some((bd, bk)) => d > bd || (d == bd && order(points[stretch[k]]) < order(points[stretch[bk]])),
            };
            if better {
                best = Some((d, k));
            }
        }
        if let Some((d, k)) = best
            && d > tol2
        {
            keep[stretch[k]] = true;
            work.push((a, k));
            work.push((k, b));
        }
    }
}

fn order(p: [f64; 2]) -> (u64, u64) {
    ((p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::geo::dist2;
    use crate::map::{Projection, load_countries, projected_polygons};

    /// A wiggly line from (0, 0) to (0, 10): the border two squares share.
    fn border() -> Vec<[f32; 2]> {
        (0..=100).map(|k| [if k % 2 == 0 { 0.0 } else { 0.05 * (k % 7) as f32 }, k as f32 * 0.1]).collect()
    }

    /// West square (its east side the border, walked north to south) and east square (the border
    /// walked south to north), both counter-clockwise.
    fn neighbours() -> Vec<Vec<Rings>> {
        let b = border();
        let mut west = vec![[-10.0, 0.0]];
        west.extend(b.iter().copied());
        west.push([-10.0, 10.0]);
        let mut east: Vec<[f32; 2]> = b.iter().rev().copied().collect();
        east.extend([[10.0, 0.0], [10.0, 10.0]]);
        // Wound the other way round: the order of a ring does not matter.
        east.reverse();
        vec![vec![vec![west]], vec![vec![east]]]
    }

    fn on_border(p: &[f32; 2]) -> bool {
        p[0].abs() < 1.0
    }

    #[test]
    fn a_shared_border_keeps_the_same_points_on_both_sides() {
        for tolerance in [0.01, 0.1, 0.2, 1.0] {
            let out = simplify_shared(&neighbours(), tolerance);
            let side = |c: usize| {
                let mut pts: Vec<[f32; 2]> = out[c][0][0].iter().copied().filter(on_border).collect();
                pts.sort_by(|a, b| a[1].total_cmp(&b[1]));
                pts
            };
            assert_eq!(side(0), side(1), "tolerance {tolerance}");
            assert!(side(0).len() < border().len(), "something was dropped at {tolerance}");
            // The junctions, where the border meets the coast, stay.
            assert!(side(0).contains(&[0.0, 0.0]) && side(0).contains(&[0.0, 10.0]));
        }
    }

    #[test]
    fn an_enclave_and_its_hole_stay_the_same_shape() {
        let circle: Vec<[f32; 2]> = (0..200)
            .map(|k| {
                let a = k as f32 / 200.0 * std::f32::consts::TAU;
                [a.cos() * (5.0 + (k % 3) as f32 * 0.05), a.sin() * 5.0]
            })
            .collect();
        let hole: Vec<[f32; 2]> = circle.iter().rev().copied().collect();
        let outer = vec![[-20.0, -20.0], [20.0, -20.0], [20.0, 20.0], [-20.0, 20.0]];
        let countries = vec![vec![vec![outer, hole]], vec![vec![circle]]];
        let out = simplify_shared(&countries, 0.2);
        let mut hole = out[0][0][1].clone();
        let mut enclave = out[1][0][0].clone();
        hole.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        enclave.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        assert_eq!(hole, enclave);
        assert!(enclave.len() < 200 && enclave.len() >= 8, "{} points", enclave.len());
    }

    #[test]
    fn islands_smaller_than_the_tolerance_go_and_zero_keeps_everything() {
        let speck = vec![[0.0, 0.0], [0.1, 0.0], [0.1, 0.1], [0.0, 0.1]];
        let island = vec![[5.0, 5.0], [8.0, 5.0], [8.0, 8.0], [5.0, 8.0]];
        let countries = vec![vec![vec![speck], vec![island.clone()]]];
        let out = simplify_shared(&countries, 0.5);
        assert_eq!(out, vec![vec![vec![island]]]);
        assert_eq!(simplify_shared(&countries, 0.0), countries);
        assert_eq!(simplify_shared(&countries, f32::NAN), countries);
        // Nothing at all, or a ring of two points, does not panic.
        assert!(simplify_shared(&[], 1.0).is_empty());
        assert_eq!(simplify_shared(&[vec![vec![vec![[0.0, 0.0], [1.0, 1.0]]]]], 0.1), vec![Vec::<Rings>::new()]);
    }

    /// The shipped map at the tolerances the client draws with: far fewer points, every kept
    /// point an original one, no original point further than the tolerance from its simplified
    /// ring, and countries that touch still touch along the same points.
    #[test]
    fn the_shipped_map_simplifies_within_its_tolerance() {
        let asset = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/map/countries.json"));
        let proj = Projection::north_atlantic();
        let countries: Vec<Vec<Rings>> =
            load_countries(asset).expect("asset").iter().map(|c| projected_polygons(c, &proj)).collect();
        let count = |cs: &[Vec<Rings>]| cs.iter().flatten().flatten().map(Vec::len).sum::<usize>();
        let all = count(&countries);
        let mut originals = std::collections::HashSet::new();
        for p in countries.iter().flatten().flatten().flatten() {
            originals.insert(key(*p));
        }
        // The share of the points each level keeps, at most.
        let shares = [0.75, 0.5, 0.3];
        let levels = crate::map::LEVELS.iter().map(|l| l.tolerance).filter(|&t| t > 0.0);
        assert_eq!(levels.clone().count(), shares.len());
        for (tolerance, most) in levels.zip(shares) {
            let out = simplify_shared(&countries, tolerance);
            let kept = count(&out);
            assert!((kept as f64) < all as f64 * most, "{kept} of {all} points kept at {tolerance}");
            assert!(out.iter().flatten().flatten().flatten().all(|p| originals.contains(&key(*p))));
            for (before, after) in countries.iter().zip(&out) {
                assert!(after.len() <= before.len());
            }
            // Each original point lies within the tolerance of the simplified outlines (its own
            // country's, or its neighbour's where a sliver thinner than that closed up), unless
            // its whole ring went (an island smaller than the tolerance).
            let near = Segments::new(&out, tolerance);
            let survivors: std::collections::HashSet<Key> =
                out.iter().flatten().flatten().flatten().map(|p| key(*p)).collect();
            for ring in countries.iter().flatten().flatten() {
                if ring.iter().any(|p| survivors.contains(&key(*p))) {
                    for p in ring {
                        assert!(near.within(*p, tolerance), "{p:?} strays at {tolerance}");
                    }
                }
            }
            // Every country keeps a shape, close to its area.
            for (before, after) in countries.iter().zip(&out) {
                let area = |c: &[Rings]| -> f64 {
                    c.iter()
                        .map(|rings| {
                            let mut a = rings.iter().map(|r| crate::map::triangulate::ring_area(r).abs());
                            a.next().unwrap_or(0.0) - a.sum::<f64>()
                        })
                        .sum()
                };
                // No point moves more than the tolerance, so the area moves by at most the
                // outline's length times it.
                let perimeter: f64 = before
                    .iter()
                    .flatten()
                    .map(|r| {
                        (0..r.len())
                            .map(|i| dist2(order_free(r[i]), order_free(r[(i + 1) % r.len()])).sqrt())
                            .sum::<f64>()
                    })
                    .sum();
                let (a, b) = (area(before), area(after));
                assert!(!after.is_empty());
                assert!((a - b).abs() <= perimeter * f64::from(tolerance), "area {a} -> {b} at {tolerance}");
            }
        }
    }

    fn order_free(p: [f32; 2]) -> [f64; 2] {
        [f64::from(p[0]), f64::from(p[1])]
    }

    /// A segment's two ends.
    type Segment = ([f64; 2], [f64; 2]);

    /// Segments of outlines bucketed in a grid, to find whether a point is near any.
    struct Segments {
        cell: f32,
        grid: HashMap<(i32, i32), Vec<Segment>>,
    }

    impl Segments {
        fn new(countries: &[Vec<Rings>], tolerance: f32) -> Self {
            let cell = 8.0;
            let mut grid: HashMap<(i32, i32), Vec<Segment>> = HashMap::new();
            for ring in countries.iter().flatten().flatten() {
                for i in 0..ring.len() {
                    let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                    let lo = [a[0].min(b[0]) - tolerance, a[1].min(b[1]) - tolerance];
                    let hi = [a[0].max(b[0]) + tolerance, a[1].max(b[1]) + tolerance];
                    let seg = ([f64::from(a[0]), f64::from(a[1])], [f64::from(b[0]), f64::from(b[1])]);
                    for x in (lo[0] / cell).floor() as i32..=(hi[0] / cell).floor() as i32 {
                        for y in (lo[1] / cell).floor() as i32..=(hi[1] / cell).floor() as i32 {
                            grid.entry((x, y)).or_default().push(seg);
                        }
                    }
                }
            }
            Segments { cell, grid }
        }

        fn within(&self, p: [f32; 2], tolerance: f32) -> bool {
            let c = ((p[0] / self.cell).floor() as i32, (p[1] / self.cell).floor() as i32);
            let q = [f64::from(p[0]), f64::from(p[1])];
            let tol2 = f64::from(tolerance) * f64::from(tolerance) * 1.0001;
            self.grid.get(&c).is_some_and(|segs| segs.iter().any(|(a, b)| seg_dist2(q, *a, *b) <= tol2))
        }
    }
}

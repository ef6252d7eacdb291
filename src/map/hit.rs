//! Hover/click hit testing and label anchors, both in map units.

use super::geo::Country;
use super::projection::Projection;
use super::triangulate::{TriMesh, append_rings, projected_polygons, ring_area};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Bounding box `[min_x, min_y, max_x, max_y]`.
type BBox = [f32; 4];

fn bbox_of<'a>(points: impl IntoIterator<Item = &'a [f32; 2]>) -> BBox {
    let mut b = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
    for p in points {
        b = [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])];
    }
    b
}

fn bbox_contains(b: &BBox, p: [f32; 2]) -> bool {
    p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]
}

/// Even-odd rule over all rings, so a point in a hole is outside. Computed in `f64` so that
/// points on nearly horizontal edges are classified consistently.
fn inside_rings<R: AsRef<[[f32; 2]]>>(rings: &[R], p: [f32; 2]) -> bool {
    let (px, py) = (f64::from(p[0]), f64::from(p[1]));
    let mut inside = false;
    for ring in rings {
        let ring = ring.as_ref();
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = (f64::from(ring[i][0]), f64::from(ring[i][1]));
            let (xj, yj) = (f64::from(ring[j][0]), f64::from(ring[j][1]));
            if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// Area of a polygon (outer minus holes) in square map units.
fn polygon_area(rings: &[Vec<[f32; 2]>]) -> f64 {
    let mut rings = rings.iter().map(|r| ring_area(r).abs());
    let outer = rings.next().unwrap_or(0.0);
    (outer - rings.sum::<f64>()).max(0.0)
}

struct PolyShape {
    bbox: BBox,
    rings: Vec<Vec<[f32; 2]>>,
    area: f64,
}

struct CountryShape {
    bbox: BBox,
    polys: Vec<PolyShape>,
}

/// Fast hover/click test in map units: bounding boxes first (country, then polygon), then the
/// even-odd point-in-polygon test with holes.
pub struct HitIndex {
    shapes: Vec<CountryShape>,
}

impl HitIndex {
    /// Projects every country's polygons once. Indices returned by
    /// [`HitIndex::country_at`] are positions in `countries`.
    pub fn new(countries: &[Country], proj: &Projection) -> Self {
        let shapes = countries
            .iter()
            .map(|c| {
                let polys: Vec<PolyShape> = projected_polygons(c, proj)
                    .into_iter()
                    .map(|rings| PolyShape { bbox: bbox_of(&rings[0]), area: polygon_area(&rings), rings })
                    .collect();
                let corners: Vec<[f32; 2]> =
                    polys.iter().flat_map(|p| [[p.bbox[0], p.bbox[1]], [p.bbox[2], p.bbox[3]]]).collect();
                let bbox = bbox_of(&corners);
                CountryShape { bbox, polys }
            })
            .collect();
        HitIndex { shapes }
    }

    /// The country under point `p` (map units), if any. Where shapes overlap (only possible with
    /// hand-made data: the asset's borders are shared exactly), the smallest polygon wins, so an
    /// enclave stays clickable even if its neighbour lacks the hole.
    pub fn country_at(&self, p: [f32; 2]) -> Option<usize> {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return None;
        }
        let mut best: Option<(usize, f64)> = None;
        for (ci, shape) in self.shapes.iter().enumerate() {
            if !bbox_contains(&shape.bbox, p) {
                continue;
            }
            for poly in &shape.polys {
                if bbox_contains(&poly.bbox, p)
                    && inside_rings(&poly.rings, p)
                    && best.is_none_or(|(_, a)| poly.area < a)
                {
                    best = Some((ci, poly.area));
                }
            }
        }
        best.map(|(ci, _)| ci)
    }

    /// Bounding box `[min_x, min_y, max_x, max_y]` of a country in map units (for camera
    /// framing); `None` for an index out of range or a country with nothing drawable.
    pub fn bounds(&self, country: usize) -> Option<[f32; 4]> {
        self.shapes.get(country).map(|s| s.bbox).filter(|b| b[0] <= b[2])
    }
}

/// Label anchor in map units: the pole of inaccessibility (the interior point farthest from
/// the border, found with Mapbox's polylabel search) of the country's largest polygon, which
/// is always inside the shape and away from its edges. Falls back to the centroid of the
/// largest triangle of that polygon, then to a vertex; `[0, 0]` for a country with nothing
/// drawable.
///
/// Note: for Russia the largest polygon is the whole mainland, so the anchor is in Siberia,
/// east of the game's window; a caller wanting a label in European Russia should place it
/// explicitly.
pub fn label_point(c: &Country, proj: &Projection) -> [f32; 2] {
    let Some(rings) =
        projected_polygons(c, proj).into_iter().max_by(|a, b| polygon_area(a).total_cmp(&polygon_area(b)))
    else {
        return [0.0, 0.0];
    };
    let p = polylabel(&rings);
    if inside_rings(&rings, p) {
        return p;
    }
    let mut mesh = TriMesh::default();
    append_rings(&mut mesh, &rings);
    let biggest = mesh
        .indices
        .chunks_exact(3)
        .map(|t| [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]))
        .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()));
    if let Some([a, b, c]) = biggest {
        let centroid = [(a[0] + b[0] + c[0]) / 3.0, (a[1] + b[1] + c[1]) / 3.0];
        if inside_rings(&rings, centroid) {
            return centroid;
        }
    }
    rings[0][0]
}

/// One square cell of the polylabel search.
struct Cell {
    x: f64,
    y: f64,
    half: f64,
    /// Signed distance from the centre to the border (positive inside).
    d: f64,
    /// Best distance any point of the cell could have.
    max: f64,
}

impl Cell {
    fn new(x: f64, y: f64, half: f64, rings: &[Vec<[f32; 2]>]) -> Self {
        let d = signed_distance(x, y, rings);
        Cell { x, y, half, d, max: d + half * std::f64::consts::SQRT_2 }
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.max.total_cmp(&other.max) == Ordering::Equal
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.max.total_cmp(&other.max)
    }
}

fn signed_distance(x: f64, y: f64, rings: &[Vec<[f32; 2]>]) -> f64 {
    let mut min = f64::INFINITY;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let a = [f64::from(ring[i][0]), f64::from(ring[i][1])];
            let b = [f64::from(ring[(i + 1) % n][0]), f64::from(ring[(i + 1) % n][1])];
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 { (((x - a[0]) * dx + (y - a[1]) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
            let (ex, ey) = (a[0] + t * dx - x, a[1] + t * dy - y);
            min = min.min(ex * ex + ey * ey);
        }
    }
    let d = min.sqrt();
    if inside_rings(rings, [x as f32, y as f32]) { d } else { -d }
}

/// Mapbox's polylabel: best-first search over a quadtree of cells, pruning cells that cannot
/// beat the best point found by more than the precision. Bounded in work so a huge ring cannot
/// stall a frame.
fn polylabel(rings: &[Vec<[f32; 2]>]) -> [f32; 2] {
    let b = bbox_of(&rings[0]);
    let (x0, y0) = (f64::from(b[0]), f64::from(b[1]));
    let (w, h) = (f64::from(b[2]) - x0, f64::from(b[3]) - y0);
    let size = w.min(h).max(w.max(h) / 64.0);
    if size <= 0.0 {
        return rings[0][0];
    }
    // Half a percent of the shape's size: invisible on screen, and few cells to search.
    let precision = w.max(h) / 200.0;
    let mut heap = BinaryHeap::new();
    let mut x = x0;
    while x < x0 + w {
        let mut y = y0;
        while y < y0 + h {
            heap.push(Cell::new(x + size / 2.0, y + size / 2.0, size / 2.0, rings));
            y += size;
        }
        x += size;
    }
    // Start from the area centroid (often already good) and the box centre.
    let [cx, cy] = centroid(&rings[0]).unwrap_or([x0 + w / 2.0, y0 + h / 2.0]);
    let mut best = Cell::new(cx, cy, 0.0, rings);
    let box_centre = Cell::new(x0 + w / 2.0, y0 + h / 2.0, 0.0, rings);
    if box_centre.d > best.d {
        best = box_centre;
    }
    let mut budget = 4000;
    while let Some(cell) = heap.pop() {
        if cell.d > best.d {
            best = Cell { ..cell };
        }
        if cell.max - best.d <= precision || budget == 0 {
            continue;
        }
        budget -= 1;
        let half = cell.half / 2.0;
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            heap.push(Cell::new(cell.x + dx * half, cell.y + dy * half, half, rings));
        }
    }
    [best.x as f32, best.y as f32]
}

fn centroid(ring: &[[f32; 2]]) -> Option<[f64; 2]> {
    let n = ring.len();
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let p = [f64::from(ring[i][0]), f64::from(ring[i][1])];
        let q = [f64::from(ring[(i + 1) % n][0]), f64::from(ring[(i + 1) % n][1])];
        let f = p[0] * q[1] - q[0] * p[1];
        a += f;
        cx += (p[0] + q[0]) * f;
        cy += (p[1] + q[1]) * f;
    }
    (a != 0.0).then(|| [cx / (3.0 * a), cy / (3.0 * a)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::geo::Polygon;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<[f64; 2]> {
        vec![[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]]
    }

    fn country(iso3: &str, polygons: Vec<Polygon>) -> Country {
        Country { iso3: iso3.into(), iso_num: 1, name: iso3.into(), polygons }
    }

    #[test]
    fn holes_enclaves_and_sea() {
        let proj = Projection::north_atlantic();
        let cs = vec![
            country("OUT", vec![Polygon { outer: square(0.0, 40.0, 10.0), holes: vec![square(3.0, 43.0, 4.0)] }]),
            country("INN", vec![Polygon { outer: square(3.0, 43.0, 4.0), holes: vec![] }]),
            // An island pair far away, and a polygon missing the enclave's hole.
            country(
                "ISL",
                vec![
                    Polygon { outer: square(-40.0, 60.0, 2.0), holes: vec![] },
                    Polygon { outer: square(-35.0, 60.0, 2.0), holes: vec![] },
                ],
            ),
        ];
        let idx = HitIndex::new(&cs, &proj);
        let at = |lon: f64, lat: f64| idx.country_at(proj.project(lon, lat));
        assert_eq!(at(1.0, 41.0), Some(0));
        assert_eq!(at(5.0, 45.0), Some(1));
        assert_eq!(at(-39.0, 61.0), Some(2));
        assert_eq!(at(-34.0, 61.0), Some(2));
        assert_eq!(at(-37.0, 61.0), None);
        assert_eq!(at(20.0, 45.0), None);
        assert_eq!(idx.country_at([f32::NAN, 0.0]), None);

        let overlapping = vec![
            country("BIG", vec![Polygon { outer: square(0.0, 40.0, 10.0), holes: vec![] }]),
            country("SML", vec![Polygon { outer: square(3.0, 43.0, 4.0), holes: vec![] }]),
        ];
        let idx = HitIndex::new(&overlapping, &proj);
        assert_eq!(idx.country_at(proj.project(5.0, 45.0)), Some(1));
        assert!(idx.bounds(0).is_some() && idx.bounds(9).is_none());
    }

    #[test]
    fn label_point_is_inside_even_for_a_ring_shape() {
        let proj = Projection::north_atlantic();
        // A thick "C": the centroid lies in the gap, outside the shape.
        let c = country(
            "CCC",
            vec![Polygon {
                outer: vec![
                    [0.0, 40.0],
                    [10.0, 40.0],
                    [10.0, 42.0],
                    [2.0, 42.0],
                    [2.0, 48.0],
                    [10.0, 48.0],
                    [10.0, 50.0],
                    [0.0, 50.0],
                ],
                holes: vec![],
            }],
        );
        let idx = HitIndex::new(std::slice::from_ref(&c), &proj);
        let p = label_point(&c, &proj);
        assert_eq!(idx.country_at(p), Some(0), "{p:?}");
        // Empty and degenerate countries do not panic.
        assert_eq!(label_point(&country("NON", vec![]), &proj), [0.0, 0.0]);
        let flat =
            country("FLT", vec![Polygon { outer: vec![[-15.0, 50.0], [-15.0, 51.0], [-15.0, 52.0]], holes: vec![] }]);
        let _ = label_point(&flat, &proj);
    }
}

//! Triangle meshes and outlines of countries in map units, for drawing.
//!
//! The triangulator is a port of Mapbox's earcut (ISC licence, Vladimir Agafonkin): ear
//! clipping on a linked list, holes bridged into the outer ring, a z-order curve to find
//! blocking vertices quickly on large rings, and the same fallbacks for the slightly invalid
//! rings that simplified real-world data contains (filter repeated/collinear points, cure local
//! self-intersections, split the ring in two). It is written iteratively (an explicit work list
//! instead of recursion) and with an iteration budget, so it can neither overflow the stack nor
//! loop forever; on hopeless input it returns fewer triangles, never panics.
//!
//! earcut's licence (as shipped with earcut 3.2.4), which applies to this port of it:
//!
//! > ISC License
//! >
//! > Copyright (c) 2026, Mapbox
//! >
//! > Permission to use, copy, modify, and/or distribute this software for any purpose
//! > with or without fee is hereby granted, provided that the above copyright notice
//! > and this permission notice appear in all copies.
//! >
//! > THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
//! > REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
//! > FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
//! > INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS
//! > OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
//! > TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF
//! > THIS SOFTWARE.

use super::geo::{Country, Polygon};
use super::projection::Projection;

/// Triangles for drawing: projected vertex positions and triangle indices (three per triangle,
/// counter-clockwise in map units). Holes are respected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TriMesh {
    /// Vertex positions in map units.
    pub positions: Vec<[f32; 2]>,
    /// Indices into `positions`, three per triangle.
    pub indices: Vec<u32>,
}

impl TriMesh {
    /// Sum of the triangles' areas, in square map units.
    pub fn area(&self) -> f64 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let p = |i: u32| self.positions.get(i as usize).copied().unwrap_or([0.0; 2]);
                triangle_area(p(t[0]), p(t[1]), p(t[2])).abs()
            })
            .sum()
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }
}

fn triangle_area(a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> f64 {
    let [ax, ay] = [f64::from(a[0]), f64::from(a[1])];
    let [bx, by] = [f64::from(b[0]), f64::from(b[1])];
    let [cx, cy] = [f64::from(c[0]), f64::from(c[1])];
    ((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2.0
}

/// Signed area of a ring in its own units (positive when counter-clockwise with y up).
pub fn ring_area(ring: &[[f32; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1])
        })
        .sum::<f64>()
        / 2.0
}

/// Every drawable polygon of a country, as rings in map units (outer first, then holes).
/// Polygons crossing the antimeridian are split there first (see
/// [`Polygon::split_at_antimeridian`]), so none is ever drawn as a band across the map.
pub fn projected_polygons(c: &Country, proj: &Projection) -> Vec<Vec<Vec<[f32; 2]>>> {
    let mut out = Vec::with_capacity(c.polygons.len());
    for poly in &c.polygons {
        if poly.wraps_antimeridian() {
            out.extend(poly.split_at_antimeridian().iter().filter_map(|p| project_polygon(p, proj)));
        } else {
            out.extend(project_polygon(poly, proj));
        }
    }
    out
}

/// A polygon's rings projected to map units, with repeated points removed, or `None` when the
/// polygon cannot be drawn (non-finite coordinates, or an outer ring with fewer than three
/// distinct points). Holes that degenerate are left out. Does not split at the antimeridian:
/// use [`projected_polygons`].
fn project_polygon(poly: &Polygon, proj: &Projection) -> Option<Vec<Vec<[f32; 2]>>> {
    let project_ring = |ring: &[[f64; 2]]| -> Option<Vec<[f32; 2]>> {
        let mut out: Vec<[f32; 2]> = Vec::with_capacity(ring.len());
        for p in ring {
            let q = proj.project(p[0], p[1]);
            if !(q[0].is_finite() && q[1].is_finite()) {
                return None;
            }
            if out.last() != Some(&q) {
                out.push(q);
            }
        }
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        (out.len() >= 3).then_some(out)
    };
    let outer = project_ring(&poly.outer)?;
    let mut rings = vec![outer];
    rings.extend(poly.holes.iter().filter_map(|h| project_ring(h)));
    Some(rings)
}

/// Triangulates every polygon of a country in map units. Holes are cut out; a degenerate ring
/// or polygon yields no triangles; a polygon crossing the antimeridian is split there; never
/// panics.
pub fn triangulate_country(c: &Country, proj: &Projection) -> TriMesh {
    let mut mesh = TriMesh::default();
    for rings in projected_polygons(c, proj) {
        append_rings(&mut mesh, &rings);
    }
    mesh
}

/// Triangulates one polygon given as rings in map units (outer first, then holes, any
/// orientation) and appends it to `mesh`.
pub fn append_rings(mesh: &mut TriMesh, rings: &[Vec<[f32; 2]>]) {
    let base = mesh.positions.len();
    let mut points: Vec<[f64; 2]> = Vec::new();
    let mut hole_starts = Vec::new();
    for (k, ring) in rings.iter().enumerate() {
        if k > 0 {
            hole_starts.push(points.len());
        }
        points.extend(ring.iter().map(|p| [f64::from(p[0]), f64::from(p[1])]));
    }
    let Ok(base32) = u32::try_from(base) else {
        return;
    };
    if u32::try_from(base + points.len()).is_err() {
        return;
    }
    let tris = earcut(&points, &hole_starts);
    if tris.is_empty() {
        return;
    }
    mesh.positions.extend(rings.iter().flatten().copied());
    mesh.indices.extend(tris.into_iter().map(|i| i + base32));
}

/// Border lines for outline drawing: every ring (outer boundaries and holes) of every drawable
/// polygon, projected, as a closed polyline (the first point is repeated at the end).
pub fn outlines(c: &Country, proj: &Projection) -> Vec<Vec<[f32; 2]>> {
    let mut out = Vec::new();
    for rings in projected_polygons(c, proj) {
        for mut ring in rings {
            ring.push(ring[0]);
            out.push(ring);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// earcut
// ---------------------------------------------------------------------------------------------

const NIL: usize = usize::MAX;

#[derive(Clone, Copy)]
struct Node {
    /// Vertex index in the input.
    i: u32,
    x: f64,
    y: f64,
    prev: usize,
    next: usize,
    z: u32,
    prev_z: usize,
    next_z: usize,
    /// A one-point hole: never filtered away as "collinear".
    steiner: bool,
}

struct Earcut {
    nodes: Vec<Node>,
    triangles: Vec<u32>,
    hashed: bool,
    min_x: f64,
    min_y: f64,
    inv_size: f64,
    /// Remaining steps; guards against any input making the clipping loop run away.
    budget: u64,
}

/// Triangulates a polygon: `points` holds the outer ring followed by the holes, `hole_starts`
/// the index at which each hole begins. Any orientation. Returns vertex indices, three per
/// triangle, counter-clockwise (y up). Degenerate input gives fewer (or no) triangles.
pub fn earcut(points: &[[f64; 2]], hole_starts: &[usize]) -> Vec<u32> {
    let n = points.len();
    if n < 3 || u32::try_from(n).is_err() || points.iter().any(|p| !(p[0].is_finite() && p[1].is_finite())) {
        return Vec::new();
    }
    let mut starts: Vec<usize> = hole_starts.iter().copied().filter(|&s| s > 0 && s < n).collect();
    starts.sort_unstable();
    starts.dedup();
    let outer_end = starts.first().copied().unwrap_or(n);

    let mut e = Earcut {
        nodes: Vec::with_capacity(n * 3 / 2 + 8),
        triangles: Vec::with_capacity(n * 3),
        hashed: false,
        min_x: 0.0,
        min_y: 0.0,
        inv_size: 0.0,
        budget: (n as u64).saturating_mul(n as u64).saturating_mul(64).saturating_add(10_000),
    };
    let Some(mut outer) = e.linked_list(points, 0, outer_end, true) else {
        return Vec::new();
    };
    if e.nodes[outer].next == e.nodes[outer].prev {
        return Vec::new();
    }
    if !starts.is_empty() {
        outer = e.eliminate_holes(points, &starts, outer);
    }
    if n > 80 {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in points {
            x0 = x0.min(p[0]);
            y0 = y0.min(p[1]);
            x1 = x1.max(p[0]);
            y1 = y1.max(p[1]);
        }
        let size = (x1 - x0).max(y1 - y0);
        if size > 0.0 {
            e.hashed = true;
            e.min_x = x0;
            e.min_y = y0;
            e.inv_size = 32767.0 / size;
        }
    }
    e.run(outer);
    // earcut emits triangles clockwise in its convention, which with y up is counter-clockwise;
    // the final pass makes that a guarantee rather than an assumption.
    for t in e.triangles.chunks_exact_mut(3) {
        let p = |i: u32| points[i as usize];
        let (a, b, c) = (p(t[0]), p(t[1]), p(t[2]));
        if (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]) < 0.0 {
            t.swap(1, 2);
        }
    }
    e.triangles
}

// earcut's signed area of a triangle: negative for a convex corner of a ring that runs
// counter-clockwise with y up, which is how the outer ring is stored.
fn area(p: &Node, q: &Node, r: &Node) -> f64 {
    (q.y - p.y) * (r.x - q.x) - (q.x - p.x) * (r.y - q.y)
}

fn equals(a: &Node, b: &Node) -> bool {
    a.x == b.x && a.y == b.y
}

#[allow(clippy::too_many_arguments)]
fn point_in_triangle(ax: f64, ay: f64, bx: f64, by: f64, cx: f64, cy: f64, px: f64, py: f64) -> bool {
    (cx - px) * (ay - py) >= (ax - px) * (cy - py)
        && (ax - px) * (by - py) >= (bx - px) * (ay - py)
        && (bx - px) * (cy - py) >= (cx - px) * (by - py)
}

fn sign(v: f64) -> i8 {
    if v > 0.0 {
        1
    } else if v < 0.0 {
        -1
    } else {
        0
    }
}

fn on_segment(p: &Node, q: &Node, r: &Node) -> bool {
    q.x <= p.x.max(r.x) && q.x >= p.x.min(r.x) && q.y <= p.y.max(r.y) && q.y >= p.y.min(r.y)
}

fn intersects(p1: &Node, q1: &Node, p2: &Node, q2: &Node) -> bool {
    let o1 = sign(area(p1, q1, p2));
    let o2 = sign(area(p1, q1, q2));
    let o3 = sign(area(p2, q2, p1));
    let o4 = sign(area(p2, q2, q1));
    (o1 != o2 && o3 != o4)
        || (o1 == 0 && on_segment(p1, p2, q1))
        || (o2 == 0 && on_segment(p1, q2, q1))
        || (o3 == 0 && on_segment(p2, p1, q2))
        || (o4 == 0 && on_segment(p2, q1, q2))
}

impl Earcut {
    fn n(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    fn next(&self, i: usize) -> usize {
        self.nodes[i].next
    }

    fn prev(&self, i: usize) -> usize {
        self.nodes[i].prev
    }

    fn area3(&self, p: usize, q: usize, r: usize) -> f64 {
        area(self.n(p), self.n(q), self.n(r))
    }

    fn insert_node(&mut self, i: usize, p: [f64; 2], last: Option<usize>) -> usize {
        let id = self.nodes.len();
        let mut node =
            Node { i: i as u32, x: p[0], y: p[1], prev: id, next: id, z: 0, prev_z: NIL, next_z: NIL, steiner: false };
        if let Some(last) = last {
            node.next = self.nodes[last].next;
            node.prev = last;
            let ln = self.nodes[last].next;
            self.nodes[ln].prev = id;
            self.nodes[last].next = id;
        }
        self.nodes.push(node);
        id
    }

    fn remove_node(&mut self, p: usize) {
        let Node { prev, next, prev_z, next_z, .. } = self.nodes[p];
        self.nodes[next].prev = prev;
        self.nodes[prev].next = next;
        if prev_z != NIL {
            self.nodes[prev_z].next_z = next_z;
        }
        if next_z != NIL {
            self.nodes[next_z].prev_z = prev_z;
        }
    }

    /// Builds a circular list from `points[start..end]` in the wanted orientation
    /// (`ccw` = counter-clockwise with y up).
    fn linked_list(&mut self, points: &[[f64; 2]], start: usize, end: usize, ccw: bool) -> Option<usize> {
        if end <= start {
            return None;
        }
        let mut sum = 0.0;
        let mut j = end - 1;
        for i in start..end {
            sum += (points[j][0] - points[i][0]) * (points[i][1] + points[j][1]);
            j = i;
        }
        let mut last = None;
        if ccw == (sum > 0.0) {
            for (i, p) in points.iter().enumerate().take(end).skip(start) {
                last = Some(self.insert_node(i, *p, last));
            }
        } else {
            for i in (start..end).rev() {
                last = Some(self.insert_node(i, points[i], last));
            }
        }
        if let Some(l) = last {
            let nx = self.next(l);
            if equals(self.n(l), self.n(nx)) {
                self.remove_node(l);
                last = Some(nx);
            }
        }
        last
    }

    /// Removes repeated and collinear points between `start` and `end`; returns a node still in
    /// the ring.
    fn filter_points(&mut self, start: usize, end: usize) -> usize {
        let mut end = if end == NIL { start } else { end };
        let mut p = start;
        loop {
            let mut again = false;
            let (pp, pn) = (self.prev(p), self.next(p));
            if !self.n(p).steiner && (equals(self.n(p), self.n(pn)) || self.area3(pp, p, pn) == 0.0) {
                self.remove_node(p);
                p = pp;
                end = pp;
                if p == self.next(p) {
                    break;
                }
                again = true;
            } else {
                p = pn;
            }
            if !again && p == end {
                break;
            }
        }
        end
    }

    fn run(&mut self, start: usize) {
        let mut work = vec![(start, 0u8)];
        while let Some((ear, pass)) = work.pop() {
            if self.budget == 0 {
                return;
            }
            self.earcut_linked(ear, pass, &mut work);
        }
    }

    fn earcut_linked(&mut self, mut ear: usize, pass: u8, work: &mut Vec<(usize, u8)>) {
        if pass == 0 && self.hashed {
            self.index_curve(ear);
        }
        let mut stop = ear;
        while self.prev(ear) != self.next(ear) {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            let (prev, next) = (self.prev(ear), self.next(ear));
            let is_ear = if self.hashed { self.is_ear_hashed(ear) } else { self.is_ear(ear) };
            if is_ear {
                self.triangles.extend([self.n(prev).i, self.n(ear).i, self.n(next).i]);
                self.remove_node(ear);
                ear = self.next(next);
                stop = ear;
                continue;
            }
            ear = next;
            if ear == stop {
                match pass {
                    // No ear found: drop repeated/collinear points and try again ...
                    0 => {
                        let e = self.filter_points(ear, NIL);
                        work.push((e, 1));
                    }
                    // ... then clip away local self-intersections ...
                    1 => {
                        let e = self.filter_points(ear, NIL);
                        let e = self.cure_local_intersections(e);
                        work.push((e, 2));
                    }
                    // ... and finally split the ring along a valid diagonal.
                    _ => self.split_earcut(ear, work),
                }
                return;
            }
        }
    }

    fn is_ear(&self, ear: usize) -> bool {
        let (a, b, c) = (self.prev(ear), ear, self.next(ear));
        if self.area3(a, b, c) >= 0.0 {
            return false; // reflex
        }
        let (na, nb, nc) = (self.n(a), self.n(b), self.n(c));
        let (x0, x1) = (na.x.min(nb.x).min(nc.x), na.x.max(nb.x).max(nc.x));
        let (y0, y1) = (na.y.min(nb.y).min(nc.y), na.y.max(nb.y).max(nc.y));
        let mut p = nc.next;
        while p != a {
            if self.blocks(p, na, nb, nc, [x0, y0, x1, y1]) {
                return false;
            }
            p = self.next(p);
        }
        true
    }

    /// Whether vertex `p` lies in the candidate ear a-b-c and is reflex (so the ear is not one).
    fn blocks(&self, p: usize, a: &Node, b: &Node, c: &Node, bbox: [f64; 4]) -> bool {
        let np = self.n(p);
        np.x >= bbox[0]
            && np.x <= bbox[2]
            && np.y >= bbox[1]
            && np.y <= bbox[3]
            && !(a.x == np.x && a.y == np.y)
            && point_in_triangle(a.x, a.y, b.x, b.y, c.x, c.y, np.x, np.y)
            && self.area3(np.prev, p, np.next) >= 0.0
    }

    fn is_ear_hashed(&self, ear: usize) -> bool {
        let (a, b, c) = (self.prev(ear), ear, self.next(ear));
        if self.area3(a, b, c) >= 0.0 {
            return false;
        }
        let (na, nb, nc) = (self.n(a), self.n(b), self.n(c));
        let (x0, x1) = (na.x.min(nb.x).min(nc.x), na.x.max(nb.x).max(nc.x));
        let (y0, y1) = (na.y.min(nb.y).min(nc.y), na.y.max(nb.y).max(nc.y));
        let bbox = [x0, y0, x1, y1];
        let min_z = self.z_order(x0, y0);
        let max_z = self.z_order(x1, y1);
        let mut p = self.n(ear).prev_z;
        let mut n = self.n(ear).next_z;
        let hit = |q: usize| q != a && q != c && self.blocks(q, na, nb, nc, bbox);
        while p != NIL && self.n(p).z >= min_z && n != NIL && self.n(n).z <= max_z {
            if hit(p) {
                return false;
            }
            p = self.n(p).prev_z;
            if hit(n) {
                return false;
            }
            n = self.n(n).next_z;
        }
        while p != NIL && self.n(p).z >= min_z {
            if hit(p) {
                return false;
            }
            p = self.n(p).prev_z;
        }
        while n != NIL && self.n(n).z <= max_z {
            if hit(n) {
                return false;
            }
            n = self.n(n).next_z;
        }
        true
    }

    fn cure_local_intersections(&mut self, start: usize) -> usize {
        let mut start = start;
        let mut p = start;
        loop {
            if self.next(p) == self.prev(p) {
                break; // two nodes or fewer left
            }
            let a = self.prev(p);
            let b = self.next(self.next(p));
            let pn = self.next(p);
            if !equals(self.n(a), self.n(b))
                && intersects(self.n(a), self.n(p), self.n(pn), self.n(b))
                && self.locally_inside(a, b)
                && self.locally_inside(b, a)
            {
                self.triangles.extend([self.n(a).i, self.n(p).i, self.n(b).i]);
                self.remove_node(p);
                self.remove_node(pn);
                p = b;
                start = b;
            }
            p = self.next(p);
            if p == start {
                break;
            }
        }
        self.filter_points(p, NIL)
    }

    fn split_earcut(&mut self, start: usize, work: &mut Vec<(usize, u8)>) {
        let mut a = start;
        loop {
            let mut b = self.next(self.next(a));
            while b != self.prev(a) {
                if self.budget == 0 {
                    return;
                }
                self.budget -= 1;
                if self.n(a).i != self.n(b).i && self.is_valid_diagonal(a, b) {
                    let c = self.split_polygon(a, b);
                    let a2 = self.filter_points(a, self.next(a));
                    let c2 = self.filter_points(c, self.next(c));
                    // Processed in this order: `a2` first, like earcut's recursion.
                    work.push((c2, 0));
                    work.push((a2, 0));
                    return;
                }
                b = self.next(b);
            }
            a = self.next(a);
            if a == start {
                break;
            }
        }
    }

    fn eliminate_holes(&mut self, points: &[[f64; 2]], starts: &[usize], mut outer: usize) -> usize {
        let mut queue = Vec::with_capacity(starts.len());
        for (k, &s) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(points.len());
            let Some(list) = self.linked_list(points, s, end, false) else {
                continue;
            };
            if list == self.next(list) {
                self.nodes[list].steiner = true;
            }
            queue.push(self.leftmost(list));
        }
        queue.sort_by(|&a, &b| {
            let (na, nb) = (self.n(a), self.n(b));
            na.x.total_cmp(&nb.x).then(na.y.total_cmp(&nb.y)).then_with(|| {
                let slope = |n: &Node| {
                    let m = self.n(n.next);
                    (m.y - n.y) / (m.x - n.x)
                };
                slope(na).total_cmp(&slope(nb))
            })
        });
        for h in queue {
            outer = self.eliminate_hole(h, outer);
        }
        outer
    }

    fn leftmost(&self, start: usize) -> usize {
        let mut p = start;
        let mut best = start;
        loop {
            let (np, nb) = (self.n(p), self.n(best));
            if np.x < nb.x || (np.x == nb.x && np.y < nb.y) {
                best = p;
            }
            p = self.next(p);
            if p == start {
                return best;
            }
        }
    }

    fn eliminate_hole(&mut self, hole: usize, outer: usize) -> usize {
        let Some(bridge) = self.find_hole_bridge(hole, outer) else {
            return outer;
        };
        let bridge_reverse = self.split_polygon(bridge, hole);
        let brn = self.next(bridge_reverse);
        self.filter_points(bridge_reverse, brn);
        let bn = self.next(bridge);
        self.filter_points(bridge, bn)
    }

    /// David Eberly's method: cast a ray left from the hole's leftmost point, find the visible
    /// outer vertex to connect it to.
    fn find_hole_bridge(&self, hole: usize, outer: usize) -> Option<usize> {
        let nh = self.n(hole);
        let (hx, hy) = (nh.x, nh.y);
        let mut p = outer;
        let mut qx = f64::NEG_INFINITY;
        let mut m = NIL;
        if equals(nh, self.n(p)) {
            return Some(p);
        }
        loop {
            let (np, nn) = (self.n(p), self.n(self.next(p)));
            if equals(nh, nn) {
                return Some(np.next);
            } else if hy <= np.y && hy >= nn.y && nn.y != np.y {
                let x = np.x + (hy - np.y) * (nn.x - np.x) / (nn.y - np.y);
                if x <= hx && x > qx {
                    qx = x;
                    m = if np.x < nn.x { p } else { np.next };
                    if x == hx {
                        return Some(m);
                    }
                }
            }
            p = np.next;
            if p == outer {
                break;
            }
        }
        if m == NIL {
            return None;
        }
        let stop = m;
        let (mx, my) = (self.n(m).x, self.n(m).y);
        let mut tan_min = f64::INFINITY;
        p = m;
        loop {
            let np = self.n(p);
            let (ax, cx) = if hy < my { (hx, qx) } else { (qx, hx) };
            if hx >= np.x && np.x >= mx && hx != np.x && point_in_triangle(ax, hy, mx, my, cx, hy, np.x, np.y) {
                let tan = (hy - np.y).abs() / (hx - np.x);
                let nm = self.n(m);
                if self.locally_inside(p, hole)
                    && (tan < tan_min
                        || (tan == tan_min && (np.x > nm.x || (np.x == nm.x && self.sector_contains_sector(m, p)))))
                {
                    m = p;
                    tan_min = tan;
                }
            }
            p = np.next;
            if p == stop {
                break;
            }
        }
        Some(m)
    }

    fn sector_contains_sector(&self, m: usize, p: usize) -> bool {
        self.area3(self.prev(m), m, self.prev(p)) < 0.0 && self.area3(self.next(p), m, self.next(m)) < 0.0
    }

    fn is_valid_diagonal(&self, a: usize, b: usize) -> bool {
        let (na, nb) = (self.n(a), self.n(b));
        self.n(na.next).i != nb.i
            && self.n(na.prev).i != nb.i
            && !self.intersects_polygon(a, b)
            && ((self.locally_inside(a, b)
                && self.locally_inside(b, a)
                && self.middle_inside(a, b)
                && (self.area3(na.prev, a, nb.prev) != 0.0 || self.area3(a, nb.prev, b) != 0.0))
                || (equals(na, nb) && self.area3(na.prev, a, na.next) > 0.0 && self.area3(nb.prev, b, nb.next) > 0.0))
    }

    fn intersects_polygon(&self, a: usize, b: usize) -> bool {
        let (na, nb) = (self.n(a), self.n(b));
        let mut p = a;
        loop {
            let np = self.n(p);
            let nn = self.n(np.next);
            if np.i != na.i && nn.i != na.i && np.i != nb.i && nn.i != nb.i && intersects(np, nn, na, nb) {
                return true;
            }
            p = np.next;
            if p == a {
                return false;
            }
        }
    }

    fn locally_inside(&self, a: usize, b: usize) -> bool {
        let (ap, an) = (self.prev(a), self.next(a));
        if self.area3(ap, a, an) < 0.0 {
            self.area3(a, b, an) >= 0.0 && self.area3(a, ap, b) >= 0.0
        } else {
            self.area3(a, b, ap) < 0.0 || self.area3(a, an, b) < 0.0
        }
    }

    fn middle_inside(&self, a: usize, b: usize) -> bool {
        let (na, nb) = (self.n(a), self.n(b));
        let (px, py) = ((na.x + nb.x) / 2.0, (na.y + nb.y) / 2.0);
        let mut inside = false;
        let mut p = a;
        loop {
            let np = self.n(p);
            let nn = self.n(np.next);
            if (np.y > py) != (nn.y > py) && nn.y != np.y && px < (nn.x - np.x) * (py - np.y) / (nn.y - np.y) + np.x {
                inside = !inside;
            }
            p = np.next;
            if p == a {
                return inside;
            }
        }
    }

    /// Links `a` and `b` with a two-way bridge, splitting the ring in two (or merging a hole in);
    /// returns the copy of `b` on the other side.
    fn split_polygon(&mut self, a: usize, b: usize) -> usize {
        let a2 = self.nodes.len();
        let b2 = a2 + 1;
        let (na, nb) = (self.nodes[a], self.nodes[b]);
        let fresh = |n: &Node| Node { prev: NIL, next: NIL, z: 0, prev_z: NIL, next_z: NIL, steiner: false, ..*n };
        self.nodes.push(fresh(&na));
        self.nodes.push(fresh(&nb));
        let an = na.next;
        let bp = nb.prev;
        self.nodes[a].next = b;
        self.nodes[b].prev = a;
        self.nodes[a2].next = an;
        self.nodes[an].prev = a2;
        self.nodes[b2].next = a2;
        self.nodes[a2].prev = b2;
        self.nodes[bp].next = b2;
        self.nodes[b2].prev = bp;
        b2
    }

    fn z_order(&self, x: f64, y: f64) -> u32 {
        // Clamped, so that points outside the box used for scaling still get a sane key.
        let q = |v: f64, min: f64| (((v - min) * self.inv_size).clamp(0.0, 32767.0)) as u32;
        let spread = |mut v: u32| {
            v = (v | (v << 8)) & 0x00FF_00FF;
            v = (v | (v << 4)) & 0x0F0F_0F0F;
            v = (v | (v << 2)) & 0x3333_3333;
            (v | (v << 1)) & 0x5555_5555
        };
        spread(q(x, self.min_x)) | (spread(q(y, self.min_y)) << 1)
    }

    /// Gives every node of the ring its z-order key and links the ring's nodes in key order.
    fn index_curve(&mut self, start: usize) {
        let mut ring = Vec::new();
        let mut p = start;
        loop {
            ring.push(p);
            p = self.next(p);
            if p == start {
                break;
            }
        }
        for &q in &ring {
            self.nodes[q].z = self.z_order(self.nodes[q].x, self.nodes[q].y);
        }
        ring.sort_by_key(|&q| self.nodes[q].z);
        for (k, &q) in ring.iter().enumerate() {
            self.nodes[q].prev_z = if k == 0 { NIL } else { ring[k - 1] };
            self.nodes[q].next_z = ring.get(k + 1).copied().unwrap_or(NIL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mesh_of(points: &[[f64; 2]], holes: &[usize]) -> TriMesh {
        let tris = earcut(points, holes);
        TriMesh { positions: points.iter().map(|p| [p[0] as f32, p[1] as f32]).collect(), indices: tris }
    }

    #[test]
    fn square_with_square_hole() {
        // 10x10 square, 4x4 hole: 100 - 16 = 84.
        let pts = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [3.0, 3.0], [7.0, 3.0], [7.0, 7.0], [3.0, 7.0]];
        let m = mesh_of(&pts, &[4]);
        assert!((m.area() - 84.0).abs() < 1e-9, "area {}", m.area());
        // No triangle covers the hole's centre.
        for t in m.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| pts[i as usize]);
            let inside = point_in_triangle(a[0], a[1], c[0], c[1], b[0], b[1], 5.0, 5.0);
            assert!(!inside, "triangle {t:?} covers the hole");
        }
        // Every triangle is counter-clockwise.
        for t in m.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| m.positions[i as usize]);
            assert!(triangle_area(a, b, c) > 0.0);
        }
    }

    #[test]
    fn clockwise_input_and_concave_shape() {
        // An L shape given clockwise: area 3.
        let pts = [[0.0, 0.0], [0.0, 2.0], [1.0, 2.0], [1.0, 1.0], [2.0, 1.0], [2.0, 0.0]];
        let m = mesh_of(&pts, &[]);
        assert_eq!(m.triangle_count(), 4);
        assert!((m.area() - 3.0).abs() < 1e-9);
    }

    #[test]
    fn large_ring_uses_hashing_and_is_exact() {
        // A 400-point star: concave, big enough for the z-order path.
        let n = 400;
        let pts: Vec<[f64; 2]> = (0..n)
            .map(|k| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                let r = if k % 2 == 0 { 100.0 } else { 60.0 };
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        let m = mesh_of(&pts, &[]);
        let p32: Vec<[f32; 2]> = m.positions.clone();
        let want = ring_area(&p32).abs();
        assert_eq!(m.triangle_count(), n - 2);
        assert!((m.area() - want).abs() / want < 1e-6);
    }

    #[test]
    fn degenerate_input_gives_no_triangles_and_no_panic() {
        assert!(earcut(&[], &[]).is_empty());
        assert!(earcut(&[[0.0, 0.0], [1.0, 1.0]], &[]).is_empty());
        assert!(earcut(&[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]], &[]).is_empty(), "collinear");
        assert!(earcut(&[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], &[]).is_empty());
        assert!(earcut(&[[0.0, 0.0], [f64::NAN, 1.0], [1.0, 0.0]], &[]).is_empty());
        // Hole indices out of range or nonsensical are ignored.
        let sq = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let t = earcut(&sq, &[0, 7, 2, 2]);
        assert!(t.iter().all(|&i| (i as usize) < sq.len()));
        // A self-intersecting bow tie: some triangles, no panic, indices in range.
        let bow = [[0.0, 0.0], [2.0, 2.0], [2.0, 0.0], [0.0, 2.0]];
        assert!(earcut(&bow, &[]).iter().all(|&i| i < 4));
        // A hole outside its outer ring and a hole touching the outer ring.
        let pts = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [10.0, 10.0], [11.0, 10.0], [11.0, 11.0]];
        assert!(earcut(&pts, &[4]).iter().all(|&i| (i as usize) < pts.len()));
        let pts = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        assert!(earcut(&pts, &[4]).iter().all(|&i| (i as usize) < pts.len()));
    }

    #[test]
    fn country_with_hole_excludes_the_hole() {
        // A 10°x10° country with a 4°x4° enclave, and the enclave as its own country
        // (the South Africa / Lesotho case): the two meshes add up to the outer square.
        let proj = Projection::north_atlantic();
        let sq = |x0: f64, y0: f64, s: f64| vec![[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]];
        let outer = Country {
            iso3: "OUT".into(),
            iso_num: 1,
            name: "Outer".into(),
            polygons: vec![Polygon { outer: sq(0.0, 40.0, 10.0), holes: vec![sq(3.0, 43.0, 4.0)] }],
        };
        let inner = Country {
            iso3: "INN".into(),
            iso_num: 2,
            name: "Inner".into(),
            polygons: vec![Polygon { outer: sq(3.0, 43.0, 4.0), holes: vec![] }],
        };
        let whole = Country { polygons: vec![Polygon { outer: sq(0.0, 40.0, 10.0), holes: vec![] }], ..outer.clone() };
        let (mo, mi, mw) = (
            triangulate_country(&outer, &proj),
            triangulate_country(&inner, &proj),
            triangulate_country(&whole, &proj),
        );
        let hole_ring: Vec<[f32; 2]> = sq(3.0, 43.0, 4.0).iter().map(|p| proj.project(p[0], p[1])).collect();
        let outer_ring: Vec<[f32; 2]> = sq(0.0, 40.0, 10.0).iter().map(|p| proj.project(p[0], p[1])).collect();
        let (ah, ao) = (ring_area(&hole_ring).abs(), ring_area(&outer_ring).abs());
        assert!((mo.area() - (ao - ah)).abs() / ao < 1e-4, "{} vs {}", mo.area(), ao - ah);
        assert!((mi.area() - ah).abs() / ah < 1e-4);
        assert!((mo.area() + mi.area() - mw.area()).abs() / ao < 1e-4);
        // The enclave's centre is in no triangle of the outer country.
        let c = proj.project(5.0, 45.0);
        for t in mo.indices.chunks_exact(3) {
            let [a, b, d] = [t[0], t[1], t[2]].map(|i| mo.positions[i as usize]);
            let f = |p: [f32; 2]| [f64::from(p[0]), f64::from(p[1])];
            let (a, b, d) = (f(a), f(b), f(d));
            assert!(!point_in_triangle(a[0], a[1], d[0], d[1], b[0], b[1], f64::from(c[0]), f64::from(c[1])));
        }
        // Outlines: outer ring and hole, each closed.
        let lines = outlines(&outer, &proj);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.len() == 5 && l.first() == l.last()));
    }

    #[test]
    fn wrapped_polygons_are_split_and_degenerate_ones_skipped() {
        let proj = Projection::north_atlantic();
        let c = Country {
            iso3: "WRP".into(),
            iso_num: 0,
            name: "Wrapped".into(),
            polygons: vec![
                Polygon { outer: vec![[179.0, 65.0], [-179.0, 65.0], [-179.0, 66.0], [179.0, 66.0]], holes: vec![] },
                Polygon { outer: vec![[0.0, 50.0], [1.0, 50.0]], holes: vec![] },
                // On the central meridian, which projects to an exactly straight vertical line.
                Polygon { outer: vec![[-15.0, 50.0], [-15.0, 51.0], [-15.0, 52.0]], holes: vec![] },
                Polygon { outer: vec![[0.0, f64::NAN], [1.0, 50.0], [2.0, 51.0]], holes: vec![] },
            ],
        };
        let m = triangulate_country(&c, &proj);
        // Only the wrapped square gives triangles: two pieces, 1° x 1° each side of 180°, and
        // no triangle bridges the two sides of the map.
        assert_eq!(m.triangle_count(), 4, "{m:?}");
        for t in m.indices.chunks_exact(3) {
            let xs = [t[0], t[1], t[2]].map(|i| m.positions[i as usize][0]);
            let width = xs.iter().cloned().fold(f32::MIN, f32::max) - xs.iter().cloned().fold(f32::MAX, f32::min);
            assert!(width < 50.0, "triangle {width} units wide");
        }
        // Outlines: the two wrapped pieces and the collinear ring.
        assert_eq!(outlines(&c, &proj).len(), 3);
    }
}

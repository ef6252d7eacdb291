//! Country shapes in longitude/latitude: the types, the loader for `assets/map/countries.json`,
//! the TopoJSON decoder and the builder that turns Natural Earth TopoJSON into that asset.
//!
//! Rings are stored *open*: the last point is not a repeat of the first, the closing edge is
//! implied. Orientation is not significant anywhere in this module (the triangulator and the
//! hit test normalise it), so rings keep whatever winding the source had.

use serde::Deserialize;
use serde_json::Value;
use std::fmt::{self, Write as _};

/// The `format` tag written into, and required from, `assets/map/countries.json`.
pub const ASSET_FORMAT: &str = "article-five-countries";
/// The asset layout version this loader understands.
pub const ASSET_VERSION: u32 = 1;

/// One country: its codes, its English name and its shape in longitude/latitude degrees.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (`XKX` for Kosovo, as in the source data).
    pub iso3: String,
    /// ISO 3166-1 numeric code; `0` where the entity has none (Kosovo, N. Cyprus, Somaliland in
    /// Natural Earth carry negative placeholders, which do not fit a `u16`).
    pub iso_num: u16,
    /// English short name as given by the source data (e.g. "North Macedonia").
    pub name: String,
    /// The country's separate pieces of land (mainland, islands, exclaves).
    pub polygons: Vec<Polygon>,
}

/// One piece of a country: an outer ring and the rings of the holes cut out of it
/// (enclaves such as San Marino and the Vatican inside Italy). Points are `[lon, lat]`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Polygon {
    /// Outer boundary, open (no repeated closing point).
    pub outer: Vec<[f64; 2]>,
    /// Holes, each open like `outer`.
    #[serde(default)]
    pub holes: Vec<Vec<[f64; 2]>>,
}

impl Polygon {
    /// All rings, outer first, then the holes.
    pub fn rings(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        std::iter::once(self.outer.as_slice()).chain(self.holes.iter().map(Vec::as_slice))
    }

    /// True when an edge jumps more than 180° of longitude, i.e. the ring crosses the
    /// antimeridian (Natural Earth's Russia mainland does, through Chukotka). Drawn as is, such
    /// a polygon would be a band of garbage triangles across the whole map; see
    /// [`Polygon::split_at_antimeridian`].
    pub fn wraps_antimeridian(&self) -> bool {
        self.rings().any(ring_wraps)
    }

    /// Cuts a polygon that crosses the antimeridian into pieces that each stay within
    /// -180..=180: the rings are unwrapped into continuous longitudes, then clipped to the
    /// -180..180 band once as they are and once shifted by ∓360°. A polygon that does not
    /// cross comes back unchanged, one that cannot be unwrapped consistently (a ring around a
    /// pole) comes back as nothing. The cut edges lie along ±180°, far outside the game's view.
    pub fn split_at_antimeridian(&self) -> Vec<Polygon> {
        if !self.wraps_antimeridian() {
            return vec![self.clone()];
        }
        let Some(outer) = unwrap_ring(&self.outer) else {
            return Vec::new();
        };
        let mean = |r: &[[f64; 2]]| r.iter().map(|p| p[0]).sum::<f64>() / r.len().max(1) as f64;
        let outer_mean = mean(&outer);
        let holes: Vec<Vec<[f64; 2]>> = self
            .holes
            .iter()
            .filter_map(|h| unwrap_ring(h))
            .map(|h| {
                // Put each hole on the same turn of the globe as the outer ring.
                let shift = ((outer_mean - mean(&h)) / 360.0).round() * 360.0;
                h.into_iter().map(|p| [p[0] + shift, p[1]]).collect()
            })
            .collect();
        let mut pieces = Vec::new();
        for shift in [0.0, -360.0, 360.0] {
            let clip = |r: &[[f64; 2]]| {
                let shifted: Vec<[f64; 2]> = r.iter().map(|p| [p[0] + shift, p[1]]).collect();
                clip_lon_band(&shifted)
            };
            let Some(outer) = clip(&outer) else { continue };
            let holes = holes.iter().filter_map(|h| clip(h)).collect();
            pieces.push(Polygon { outer, holes });
        }
        pieces
    }
}

fn ring_wraps(ring: &[[f64; 2]]) -> bool {
    ring.iter().zip(ring.iter().cycle().skip(1)).any(|(a, b)| (a[0] - b[0]).abs() > 180.0)
}

/// Makes longitudes continuous along the ring (so a crossing goes 179 → 181 instead of
/// 179 → -179). `None` if the ring does not close up again (it winds around a pole).
fn unwrap_ring(ring: &[[f64; 2]]) -> Option<Vec<[f64; 2]>> {
    let first = *ring.first()?;
    let mut out = vec![first];
    let mut offset = 0.0;
    for w in ring.windows(2) {
        let d = w[1][0] - w[0][0];
        if d > 180.0 {
            offset -= 360.0;
        } else if d < -180.0 {
            offset += 360.0;
        }
        out.push([w[1][0] + offset, w[1][1]]);
    }
    let last = out[out.len() - 1];
    ((last[0] - first[0]).abs() <= 180.0).then_some(out)
}

/// Sutherland–Hodgman clip of a ring to -180 <= lon <= 180. Concave rings that leave and
/// re-enter the band get zero-width connecting edges along the cut, which have no area and
/// are harmless for triangulation and hit testing.
fn clip_lon_band(ring: &[[f64; 2]]) -> Option<Vec<[f64; 2]>> {
    let half = |ring: &[[f64; 2]], inside: &dyn Fn(f64) -> bool, edge: f64| -> Vec<[f64; 2]> {
        let n = ring.len();
        let mut out = Vec::with_capacity(n + 4);
        for i in 0..n {
            let (a, b) = (ring[(i + n - 1) % n], ring[i]);
            let cross = |a: [f64; 2], b: [f64; 2]| {
                let t = (edge - a[0]) / (b[0] - a[0]);
                [edge, a[1] + t * (b[1] - a[1])]
            };
            match (inside(a[0]), inside(b[0])) {
                (true, true) => out.push(b),
                (true, false) => out.push(cross(a, b)),
                (false, true) => {
                    out.push(cross(a, b));
                    out.push(b);
                }
                (false, false) => {}
            }
        }
        out
    };
    let r = half(ring, &|x| x <= 180.0, 180.0);
    let mut r = half(&r, &|x| x >= -180.0, -180.0);
    r.dedup();
    while r.len() > 1 && r.first() == r.last() {
        r.pop();
    }
    (r.len() >= 3).then_some(r)
}

/// Everything that can go wrong while reading map data. Each variant says which input was being
/// read (`what`) and where in it the problem is.
#[derive(Debug)]
pub enum MapError {
    /// The text is not JSON, or its JSON does not have the expected shape.
    Json {
        /// Which input: "TopoJSON" or "country asset".
        what: &'static str,
        /// The parser's error (carries line and column).
        source: serde_json::Error,
    },
    /// A required member is absent.
    MissingField {
        /// Which input.
        what: &'static str,
        /// Where, e.g. `objects.countries.geometries[12]`.
        location: String,
        /// The missing member's name.
        field: &'static str,
    },
    /// A member is present but its value cannot be used.
    InvalidValue {
        /// Which input.
        what: &'static str,
        /// Where.
        location: String,
        /// What is wrong with it.
        message: String,
    },
    /// A geometry refers to an arc that the topology does not have.
    ArcOutOfRange {
        /// Where the reference is.
        location: String,
        /// The index as written (negative means "arc `!index`, reversed").
        index: i64,
        /// How many arcs the topology has.
        arc_count: usize,
    },
}

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MapError::Json { what, source } => {
                write!(f, "{what}: unreadable JSON at line {} column {}: {source}", source.line(), source.column())
            }
            MapError::MissingField { what, location, field } => {
                write!(f, "{what}: {location}: required member `{field}` is missing")
            }
            MapError::InvalidValue { what, location, message } => {
                write!(f, "{what}: {location}: {message}")
            }
            MapError::ArcOutOfRange { location, index, arc_count } => {
                write!(f, "TopoJSON: {location}: arc index {index} is out of range (the topology has {arc_count} arcs)")
            }
        }
    }
}

impl std::error::Error for MapError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MapError::Json { source, .. } => Some(source),
            _ => None,
        }
    }
}

const ASSET: &str = "country asset";
const TOPO: &str = "TopoJSON";

fn invalid(what: &'static str, location: impl Into<String>, message: impl Into<String>) -> MapError {
    MapError::InvalidValue { what, location: location.into(), message: message.into() }
}

fn missing(what: &'static str, location: impl Into<String>, field: &'static str) -> MapError {
    MapError::MissingField { what, location: location.into(), field }
}

// ---------------------------------------------------------------------------------------------
// The asset
// ---------------------------------------------------------------------------------------------

// Every member is optional at the serde level so that a missing one is reported as
// `MissingField` with its place, rather than as serde's less specific message.
#[derive(Deserialize)]
struct AssetFile {
    format: Option<String>,
    version: Option<u32>,
    countries: Option<Vec<Country>>,
}

/// Reads the game's country asset (`assets/map/countries.json`, as written by
/// [`write_countries_json`]). Checks the format tag and version and that every coordinate is a
/// valid longitude/latitude; a repeated closing point, if present, is dropped.
pub fn load_countries(json: &str) -> Result<Vec<Country>, MapError> {
    let file: AssetFile = serde_json::from_str(json).map_err(|source| MapError::Json { what: ASSET, source })?;
    match file.format.as_deref() {
        Some(ASSET_FORMAT) => {}
        Some(other) => {
            return Err(invalid(ASSET, "format", format!("expected \"{ASSET_FORMAT}\", found \"{other}\"")));
        }
        None => return Err(missing(ASSET, "top level", "format")),
    }
    match file.version {
        Some(ASSET_VERSION) => {}
        Some(v) => {
            return Err(invalid(
                ASSET,
                "version",
                format!("version {v} is not supported (this build reads version {ASSET_VERSION})"),
            ));
        }
        None => return Err(missing(ASSET, "top level", "version")),
    }
    let mut countries = file.countries.ok_or_else(|| missing(ASSET, "top level", "countries"))?;
    for (ci, country) in countries.iter_mut().enumerate() {
        for (pi, polygon) in country.polygons.iter_mut().enumerate() {
            let rings = std::iter::once(&mut polygon.outer).chain(polygon.holes.iter_mut());
            for (ri, ring) in rings.enumerate() {
                for (k, p) in ring.iter().enumerate() {
                    if !valid_lon_lat(*p) {
                        return Err(invalid(
                            ASSET,
                            format!("countries[{ci}] ({}) polygon {pi} ring {ri} point {k}", country.iso3),
                            format!("[{}, {}] is not a longitude/latitude", p[0], p[1]),
                        ));
                    }
                }
                if ring.len() > 1 && ring.first() == ring.last() {
                    ring.pop();
                }
            }
        }
    }
    Ok(countries)
}

fn valid_lon_lat(p: [f64; 2]) -> bool {
    p[0].is_finite() && p[1].is_finite() && p[0].abs() <= 180.0 && p[1].abs() <= 90.0
}

/// Writes countries in the asset format read by [`load_countries`]: one country per line (so
/// diffs of the asset stay readable), coordinates rounded to `decimals` places with trailing
/// zeros dropped (the asset uses 4 places, about 10 m: 3 places would collapse the Vatican).
pub fn write_countries_json(countries: &[Country], decimals: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{{\"format\":\"{ASSET_FORMAT}\",\"version\":{ASSET_VERSION},\"countries\":[");
    for (i, c) in countries.iter().enumerate() {
        let _ = write!(
            out,
            "{{\"iso3\":{},\"iso_num\":{},\"name\":{},\"polygons\":[",
            json_string(&c.iso3),
            c.iso_num,
            json_string(&c.name)
        );
        for (pi, p) in c.polygons.iter().enumerate() {
            if pi > 0 {
                out.push(',');
            }
            out.push_str("{\"outer\":");
            write_ring(&mut out, &p.outer, decimals);
            if !p.holes.is_empty() {
                out.push_str(",\"holes\":[");
                for (hi, h) in p.holes.iter().enumerate() {
                    if hi > 0 {
                        out.push(',');
                    }
                    write_ring(&mut out, h, decimals);
                }
                out.push(']');
            }
            out.push('}');
        }
        out.push_str("]}");
        if i + 1 < countries.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("]}\n");
    out
}

fn json_string(s: &str) -> String {
    // serde_json does the escaping; a String always serialises.
    serde_json::to_string(s).unwrap_or_else(|_| String::from("\"\""))
}

fn write_ring(out: &mut String, ring: &[[f64; 2]], decimals: usize) {
    out.push('[');
    for (k, p) in ring.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(&format_coord(p[0], decimals));
        out.push(',');
        out.push_str(&format_coord(p[1], decimals));
        out.push(']');
    }
    out.push(']');
}

fn format_coord(v: f64, decimals: usize) -> String {
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { String::from("0") } else { s }
}

/// Rounds a coordinate the way [`write_countries_json`] writes it, so that a builder can clean
/// up rings (repeated points) in exactly the precision the game will see.
pub fn round_coord(v: f64, decimals: usize) -> f64 {
    format_coord(v, decimals).parse().unwrap_or(v)
}

// ---------------------------------------------------------------------------------------------
// TopoJSON
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct RawTopology {
    #[serde(rename = "type")]
    kind: Option<String>,
    transform: Option<RawTransform>,
    arcs: Option<Vec<Vec<Vec<f64>>>>,
    objects: Option<serde_json::Map<String, Value>>,
}

#[derive(Deserialize)]
struct RawTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

/// One polygon as decoded, with a note on whether all its arcs are coastline (used by nothing
/// else), which is what makes it safe to drop as a "tiny island": dropping an enclave instead
/// would leave a hole in its neighbour.
struct DecodedPolygon {
    polygon: Polygon,
    island: bool,
}

struct DecodedCountry {
    iso3: String,
    iso_num: u16,
    name: String,
    polygons: Vec<DecodedPolygon>,
}

/// Decodes the `countries` object of a TopoJSON topology (the world-atlas / visionscarto
/// layout: `id` = ISO numeric code, `properties.name`, `properties.a3`) at full resolution.
///
/// Quantized arcs are delta-decoded and the `transform` applied; a negative arc index `i` means
/// arc `!i` (= `-i - 1`) reversed. Rings with fewer than three distinct points are dropped, and
/// a polygon whose outer ring is dropped goes with it. Non-polygon geometries are skipped.
pub fn decode_topojson(json: &str) -> Result<Vec<Country>, MapError> {
    decode_topojson_simplified(json, 0.0)
}

/// Like [`decode_topojson`], but first simplifies every arc with Douglas–Peucker at `tolerance`
/// degrees (measured with longitude scaled by cos(latitude), so the tolerance is about the same
/// ground distance everywhere). Simplifying shared arcs once, rather than each ring on its own,
/// keeps neighbouring countries' borders identical: no slivers or gaps appear between them.
pub fn decode_topojson_simplified(json: &str, tolerance: f64) -> Result<Vec<Country>, MapError> {
    Ok(decode_inner(json, tolerance)?
        .into_iter()
        .map(|c| Country {
            iso3: c.iso3,
            iso_num: c.iso_num,
            name: c.name,
            polygons: c.polygons.into_iter().map(|p| p.polygon).collect(),
        })
        .collect())
}

fn decode_inner(json: &str, tolerance: f64) -> Result<Vec<DecodedCountry>, MapError> {
    let topo: RawTopology = serde_json::from_str(json).map_err(|source| MapError::Json { what: TOPO, source })?;
    match topo.kind.as_deref() {
        Some("Topology") => {}
        Some(other) => {
            return Err(invalid(TOPO, "type", format!("expected \"Topology\", found \"{other}\"")));
        }
        None => return Err(missing(TOPO, "top level", "type")),
    }
    let raw_arcs = topo.arcs.ok_or_else(|| missing(TOPO, "top level", "arcs"))?;
    let arcs = decode_arcs(&raw_arcs, topo.transform.as_ref(), tolerance)?;

    let objects = topo.objects.ok_or_else(|| missing(TOPO, "top level", "objects"))?;
    let countries = objects.get("countries").ok_or_else(|| missing(TOPO, "objects", "countries"))?;
    let geometries = countries
        .get("geometries")
        .ok_or_else(|| missing(TOPO, "objects.countries", "geometries"))?
        .as_array()
        .ok_or_else(|| invalid(TOPO, "objects.countries.geometries", "is not an array"))?;

    // First pass: parse every geometry's arc references and count how often each arc is used,
    // so that polygons made only of single-use (coastline) arcs can be recognised as islands.
    let mut parsed = Vec::with_capacity(geometries.len());
    let mut use_count = vec![0u32; arcs.len()];
    for (gi, g) in geometries.iter().enumerate() {
        let loc = format!("objects.countries.geometries[{gi}]");
        let Some(polys) = parse_geometry_arcs(g, &loc, arcs.len())? else {
            continue;
        };
        for ring in polys.iter().flatten() {
            for &i in ring {
                let a = if i < 0 { !i } else { i };
                // In range: checked by parse_geometry_arcs.
                use_count[a as usize] += 1;
            }
        }
        parsed.push((gi, g, polys));
    }

    let mut out = Vec::with_capacity(parsed.len());
    for (gi, g, polys) in parsed {
        let loc = format!("objects.countries.geometries[{gi}]");
        let id = g.get("id").ok_or_else(|| missing(TOPO, loc.as_str(), "id"))?;
        let props = g.get("properties").ok_or_else(|| missing(TOPO, loc.as_str(), "properties"))?;
        let ploc = format!("{loc}.properties");
        let name = props
            .get("name")
            .ok_or_else(|| missing(TOPO, ploc.as_str(), "name"))?
            .as_str()
            .ok_or_else(|| invalid(TOPO, format!("{ploc}.name"), "is not a string"))?;
        let iso3 = props
            .get("a3")
            .ok_or_else(|| missing(TOPO, ploc.as_str(), "a3"))?
            .as_str()
            .ok_or_else(|| invalid(TOPO, format!("{ploc}.a3"), "is not a string"))?;
        let mut polygons = Vec::new();
        for poly in polys {
            let mut rings = poly.iter().map(|ring| assemble_ring(ring, &arcs));
            let Some(Some(outer)) = rings.next() else {
                continue;
            };
            let holes: Vec<_> = rings.flatten().collect();
            let island = poly.iter().flatten().all(|&i| {
                let a = if i < 0 { !i } else { i };
                use_count[a as usize] == 1
            });
            polygons.push(DecodedPolygon { polygon: Polygon { outer, holes }, island });
        }
        out.push(DecodedCountry {
            iso3: iso3.to_string(),
            iso_num: parse_iso_num(id),
            name: name.to_string(),
            polygons,
        });
    }
    Ok(out)
}

/// ISO numeric ids come as strings ("008") or numbers; anything that is not 1..=999 (Natural
/// Earth's -1/-2/-3 placeholders, "IOA", ...) becomes 0, "no code".
fn parse_iso_num(id: &Value) -> u16 {
    let n = match id {
        Value::String(s) => s.trim().parse::<i64>().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    };
    match n {
        Some(n @ 1..=999) => n as u16,
        _ => 0,
    }
}

/// Returns the geometry's polygons as lists of rings of arc indices, all checked against
/// `arc_count`; `None` for geometries that are not (multi)polygons.
/// A geometry's arc references: polygons → rings → arc indices.
type ArcRefs = Vec<Vec<Vec<i64>>>;

fn parse_geometry_arcs(g: &Value, loc: &str, arc_count: usize) -> Result<Option<ArcRefs>, MapError> {
    let kind = g.get("type").ok_or_else(|| missing(TOPO, loc, "type"))?;
    let kind = match kind {
        Value::String(s) => s.as_str(),
        // TopoJSON writes `"type": null` for features without geometry.
        Value::Null => return Ok(None),
        _ => return Err(invalid(TOPO, format!("{loc}.type"), "is not a string")),
    };
    let depth = match kind {
        "Polygon" => 2,
        "MultiPolygon" => 3,
        _ => return Ok(None),
    };
    let arcs = g.get("arcs").ok_or_else(|| missing(TOPO, loc, "arcs"))?;
    let aloc = format!("{loc}.arcs");
    let polys = if depth == 2 {
        vec![parse_rings(arcs, &aloc, arc_count)?]
    } else {
        let list = arcs.as_array().ok_or_else(|| invalid(TOPO, aloc.as_str(), "is not an array"))?;
        list.iter()
            .enumerate()
            .map(|(pi, p)| parse_rings(p, &format!("{aloc}[{pi}]"), arc_count))
            .collect::<Result<_, _>>()?
    };
    Ok(Some(polys))
}

fn parse_rings(v: &Value, loc: &str, arc_count: usize) -> Result<Vec<Vec<i64>>, MapError> {
    let rings = v.as_array().ok_or_else(|| invalid(TOPO, loc, "is not an array of rings"))?;
    let mut out = Vec::with_capacity(rings.len());
    for (ri, ring) in rings.iter().enumerate() {
        let rloc = format!("{loc}[{ri}]");
        let refs = ring.as_array().ok_or_else(|| invalid(TOPO, rloc.as_str(), "is not an array of arc indices"))?;
        let mut r = Vec::with_capacity(refs.len());
        for (k, x) in refs.iter().enumerate() {
            let i = x
                .as_i64()
                .ok_or_else(|| invalid(TOPO, format!("{rloc}[{k}]"), format!("arc index {x} is not an integer")))?;
            let a = if i < 0 { !i } else { i };
            if a as u64 >= arc_count as u64 {
                return Err(MapError::ArcOutOfRange { location: format!("{rloc}[{k}]"), index: i, arc_count });
            }
            r.push(i);
        }
        out.push(r);
    }
    Ok(out)
}

fn decode_arcs(
    raw: &[Vec<Vec<f64>>],
    transform: Option<&RawTransform>,
    tolerance: f64,
) -> Result<Vec<Vec<[f64; 2]>>, MapError> {
    if let Some(t) = transform
        && !t.scale.iter().chain(&t.translate).all(|v| v.is_finite())
    {
        return Err(invalid(TOPO, "transform", "scale and translate must be finite numbers"));
    }
    let mut arcs = Vec::with_capacity(raw.len());
    for (ai, arc) in raw.iter().enumerate() {
        if arc.is_empty() {
            return Err(invalid(TOPO, format!("arcs[{ai}]"), "an arc needs at least one position"));
        }
        let mut pts = Vec::with_capacity(arc.len());
        let (mut x, mut y) = (0.0, 0.0);
        for (k, pos) in arc.iter().enumerate() {
            let &[px, py, ..] = pos.as_slice() else {
                return Err(invalid(TOPO, format!("arcs[{ai}][{k}]"), "a position needs two numbers"));
            };
            let p = match transform {
                // Quantized topology: positions are deltas from the previous one, in grid units.
                Some(t) => {
                    x += px;
                    y += py;
                    [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]]
                }
                None => [px, py],
            };
            if !(p[0].is_finite() && p[1].is_finite()) {
                return Err(invalid(TOPO, format!("arcs[{ai}][{k}]"), "position is not finite"));
            }
            pts.push(p);
        }
        if tolerance > 0.0 {
            pts = simplify_arc(&pts, tolerance);
        }
        arcs.push(pts);
    }
    Ok(arcs)
}

/// Joins a ring's arcs. Consecutive arcs share their joining point, so it is taken once; the
/// result is open. `None` when fewer than three distinct points remain.
fn assemble_ring(refs: &[i64], arcs: &[Vec<[f64; 2]>]) -> Option<Vec<[f64; 2]>> {
    let mut ring: Vec<[f64; 2]> = Vec::new();
    for &i in refs {
        let (arc, reversed) = if i < 0 { (&arcs[!i as usize], true) } else { (&arcs[i as usize], false) };
        let pts: Box<dyn Iterator<Item = &[f64; 2]>> =
            if reversed { Box::new(arc.iter().rev()) } else { Box::new(arc.iter()) };
        for p in pts {
            if ring.last() != Some(p) {
                ring.push(*p);
            }
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    (ring.len() >= 3).then_some(ring)
}

/// Douglas–Peucker on one arc, in a local frame where a degree of longitude is shortened by
/// cos(latitude). End points are always kept (they are where arcs meet). A closed arc (an
/// island drawn as a single arc) keeps at least a triangle so that no island, and so no small
/// country, collapses to nothing.
fn simplify_arc(pts: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    let n = pts.len();
    if n <= 2 {
        return pts.to_vec();
    }
    let local: Vec<[f64; 2]> = pts.iter().map(|p| [p[0] * p[1].to_radians().cos(), p[1]]).collect();
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    if local[0] == local[n - 1] {
        // Closed: split at the point farthest from the start, and keep the point farthest from
        // that chord as a third corner whatever the tolerance.
        let far = (1..n - 1)
            .max_by(|&a, &b| dist2(local[0], local[a]).total_cmp(&dist2(local[0], local[b])))
            .unwrap_or(n / 2);
        keep[far] = true;
        let third = (1..n - 1).filter(|&k| k != far).max_by(|&a, &b| {
            seg_dist2(local[a], local[0], local[far]).total_cmp(&seg_dist2(local[b], local[0], local[far]))
        });
        if let Some(t) = third {
            keep[t] = true;
        }
        dp(&local, 0, far, tolerance * tolerance, &mut keep);
        dp(&local, far, n - 1, tolerance * tolerance, &mut keep);
    } else {
        dp(&local, 0, n - 1, tolerance * tolerance, &mut keep);
    }
    pts.iter().zip(keep).filter_map(|(p, k)| k.then_some(*p)).collect()
}

fn dp(p: &[[f64; 2]], first: usize, last: usize, tol2: f64, keep: &mut [bool]) {
    // An explicit stack: long coastlines would otherwise recurse deeply.
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let mut best = (0.0, a);
        for k in a + 1..b {
            let d = seg_dist2(p[k], p[a], p[b]);
            if d > best.0 {
                best = (d, k);
            }
        }
        if best.0 > tol2 {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
}

/// Squared distance between two points.
pub(super) fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Squared distance from `p` to the segment `a`–`b` (Douglas–Peucker here and in `simplify`).
pub(super) fn seg_dist2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist2(p, a);
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    dist2(p, [a[0] + t * dx, a[1] + t * dy])
}

// ---------------------------------------------------------------------------------------------
// Building the asset
// ---------------------------------------------------------------------------------------------

/// Settings for [`build_asset`]. The defaults are what `assets/map/countries.json` was built with.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildOptions {
    /// Douglas–Peucker tolerance in degrees (of latitude; longitude scaled by cos(latitude)).
    pub tolerance: f64,
    /// Islands (polygons made only of coastline) smaller than this, in square degrees of
    /// latitude (≈ 12 300 km²), are dropped, except a country's largest polygon.
    pub min_island_area: f64,
    /// The game's window `[min_lon, min_lat, max_lon, max_lat]`: countries with no point in it
    /// are left out.
    pub window: [f64; 4],
    /// Polygons with most of their points beyond this longitude (east of +x or west of -x) are
    /// dropped: the far side of the antimeridian, see [`build_asset`].
    pub antimeridian_cut: f64,
    /// Decimal places written for coordinates.
    pub decimals: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            tolerance: 0.02,
            min_island_area: 0.002,
            window: [-130.0, 20.0, 70.0, 84.0],
            antimeridian_cut: 170.0,
            decimals: 4,
        }
    }
}

/// Turns world-atlas TopoJSON into the game's country list: simplify the arcs, drop tiny
/// islands and the fragments beyond ±170° longitude, keep the countries that reach into the
/// window, round to the written precision, sort by ISO alpha-3.
///
/// The antimeridian: Natural Earth already cuts every shape at ±180°, and the projection keeps
/// raw longitudes (its own seam is that same line), so nothing is ever drawn across the map.
/// What remains are orphan fragments, Russia's Chukotka east of 180° and the western Aleutians
/// of the United States, which would float at the far edges of the map far from their country
/// and stretch its bounding box; they lie far outside the window and are dropped. The rest of
/// each country is kept whole (Russia to the Pacific) so that shapes are never cut by an
/// artificial straight edge; the camera decides what is shown.
pub fn build_asset(topojson: &str, opts: &BuildOptions) -> Result<Vec<Country>, MapError> {
    let decoded = decode_inner(topojson, opts.tolerance)?;
    let [w0, h0, w1, h1] = opts.window;
    let in_window = |p: &[f64; 2]| p[0] >= w0 && p[0] <= w1 && p[1] >= h0 && p[1] <= h1;
    let mut out = Vec::new();
    for c in decoded {
        let mut polys: Vec<DecodedPolygon> = c
            .polygons
            .into_iter()
            .flat_map(|p| {
                let island = p.island;
                p.polygon.split_at_antimeridian().into_iter().map(move |polygon| DecodedPolygon { polygon, island })
            })
            .filter(|p| {
                let far = p.polygon.outer.iter().filter(|q| q[0].abs() > opts.antimeridian_cut).count();
                far * 2 <= p.polygon.outer.len()
            })
            .collect();
        let reaches_window = polys.iter().flat_map(|p| p.polygon.outer.iter()).any(in_window);
        if !reaches_window {
            continue;
        }
        // Round first, so that the area filter and the degenerate-ring check see exactly what
        // the game will load.
        for p in &mut polys {
            round_ring(&mut p.polygon.outer, opts.decimals);
            for h in &mut p.polygon.holes {
                round_ring(h, opts.decimals);
            }
            p.polygon.holes.retain(|h| h.len() >= 3);
        }
        polys.retain(|p| p.polygon.outer.len() >= 3);
        let areas: Vec<f64> = polys.iter().map(|p| local_area(&p.polygon.outer)).collect();
        let largest = (0..polys.len()).max_by(|&a, &b| areas[a].total_cmp(&areas[b]));
        let polygons: Vec<Polygon> = polys
            .into_iter()
            .enumerate()
            .filter(|(i, p)| Some(*i) == largest || !p.island || areas[*i] >= opts.min_island_area)
            .map(|(_, p)| p.polygon)
            .collect();
        if polygons.is_empty() {
            // Never drop a whole country: fail loudly so the options get fixed instead.
            return Err(invalid(
                TOPO,
                format!("country {}", c.iso3),
                format!("nothing is left of it at {} decimal places", opts.decimals),
            ));
        }
        out.push(Country { iso3: c.iso3, iso_num: c.iso_num, name: c.name, polygons });
    }
    out.sort_by(|a, b| a.iso3.cmp(&b.iso3));
    Ok(out)
}

fn round_ring(ring: &mut Vec<[f64; 2]>, decimals: usize) {
    for p in ring.iter_mut() {
        *p = [round_coord(p[0], decimals), round_coord(p[1], decimals)];
    }
    ring.dedup();
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
}

/// Area in square degrees of latitude, longitude scaled by cos(latitude): a cheap stand-in for
/// ground area, good enough to rank islands by size.
fn local_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    let mut s = 0.0;
    for i in 0..n {
        let a = ring[i];
        let b = ring[(i + 1) % n];
        let ka = a[1].to_radians().cos();
        let kb = b[1].to_radians().cos();
        s += a[0] * ka * b[1] - b[0] * kb * a[1];
    }
    (s / 2.0).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two unit squares side by side sharing the arc x = 1; the right square uses it reversed.
    /// Quantized with scale 1 and translate (10, 20) so that the transform is exercised.
    const TWO_SQUARES: &str = r#"{
      "type": "Topology",
      "transform": {"scale": [1, 1], "translate": [10, 20]},
      "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West", "a3": "WST"}},
        {"type": "MultiPolygon", "arcs": [[[-1, 2]]], "id": -2, "properties": {"name": "East", "a3": "EST"}},
        {"type": null, "id": "3", "properties": {"name": "Nothing", "a3": "NUL"}}
      ]}},
      "arcs": [
        [[1, 0], [0, 1]],
        [[1, 1], [-1, 0], [0, -1], [1, 0]],
        [[1, 0], [1, 0], [0, 1], [-1, 0]]
      ]
    }"#;

    #[test]
    fn decodes_shared_and_reversed_arcs() {
        let c = decode_topojson(TWO_SQUARES).unwrap();
        assert_eq!(c.len(), 2, "the null geometry is skipped");
        assert_eq!(c[0].iso3, "WST");
        assert_eq!(c[0].iso_num, 1);
        assert_eq!(c[0].name, "West");
        assert_eq!(c[0].polygons.len(), 1);
        assert_eq!(c[0].polygons[0].outer, vec![[11.0, 20.0], [11.0, 21.0], [10.0, 21.0], [10.0, 20.0]]);
        assert!(c[0].polygons[0].holes.is_empty());
        assert_eq!(c[1].iso3, "EST");
        assert_eq!(c[1].iso_num, 0, "negative placeholder ids become 0");
        // Arc 0 reversed ([11,21] -> [11,20]), then arc 2.
        assert_eq!(c[1].polygons[0].outer, vec![[11.0, 21.0], [11.0, 20.0], [12.0, 20.0], [12.0, 21.0]]);
    }

    #[test]
    fn decodes_holes_and_unquantized_topology() {
        let json = r#"{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0],[1]],"id":"10","properties":{"name":"Ring","a3":"RNG"}}]}},
          "arcs":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}"#;
        let c = decode_topojson(json).unwrap();
        assert_eq!(c[0].polygons[0].outer.len(), 4);
        assert_eq!(c[0].polygons[0].holes, vec![vec![[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 1.0]]]);
    }

    #[test]
    fn bad_topojson_is_an_error_not_a_panic() {
        let cases: &[(&str, &str)] = &[
            ("{", "unreadable JSON"),
            ("[]", "unreadable JSON"),
            (r#"{"type":"Feature"}"#, "expected \"Topology\""),
            (r#"{"type":"Topology","objects":{}}"#, "`arcs`"),
            (r#"{"type":"Topology","arcs":[]}"#, "`objects`"),
            (r#"{"type":"Topology","arcs":[],"objects":{}}"#, "`countries`"),
            (r#"{"type":"Topology","arcs":[],"objects":{"countries":{}}}"#, "`geometries`"),
            (r#"{"type":"Topology","arcs":[[[0]]],"objects":{"countries":{"geometries":[]}}}"#, "two numbers"),
            (r#"{"type":"Topology","arcs":[[]],"objects":{"countries":{"geometries":[]}}}"#, "at least one"),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"Polygon","arcs":[[3]],"id":"1","properties":{"name":"A","a3":"AAA"}}]}}}"#,
                "arc index 3 is out of range",
            ),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"Polygon","arcs":[[-2]],"id":"1","properties":{"name":"A","a3":"AAA"}}]}}}"#,
                "arc index -2 is out of range",
            ),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"Polygon","arcs":[[0.5]],"id":"1","properties":{"name":"A","a3":"AAA"}}]}}}"#,
                "not an integer",
            ),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"Polygon","arcs":[[0]],"properties":{"name":"A","a3":"AAA"}}]}}}"#,
                "`id`",
            ),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"Polygon","arcs":[[0]],"id":"1","properties":{"name":"A"}}]}}}"#,
                "`a3`",
            ),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"Polygon","id":"1","properties":{"name":"A","a3":"AAA"}}]}}}"#,
                "`arcs`",
            ),
            (
                r#"{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[
                  {"type":"MultiPolygon","arcs":[0],"id":"1","properties":{"name":"A","a3":"AAA"}}]}}}"#,
                "array of rings",
            ),
        ];
        for (json, expect) in cases {
            let err = decode_topojson(json).expect_err(json);
            let msg = err.to_string();
            assert!(msg.contains(expect), "{json}: message {msg:?} lacks {expect:?}");
        }
    }

    #[test]
    fn asset_round_trip_and_bad_assets() {
        let c = decode_topojson(TWO_SQUARES).unwrap();
        let text = write_countries_json(&c, 3);
        assert_eq!(load_countries(&text).unwrap(), c);

        let cases: &[(&str, &str)] = &[
            ("not json", "unreadable JSON"),
            (r#"{"version":1,"countries":[]}"#, "`format`"),
            (r#"{"format":"x","version":1,"countries":[]}"#, "expected \"article-five-countries\""),
            (r#"{"format":"article-five-countries","countries":[]}"#, "`version`"),
            (r#"{"format":"article-five-countries","version":2,"countries":[]}"#, "version 2"),
            (r#"{"format":"article-five-countries","version":1}"#, "`countries`"),
            (
                r#"{"format":"article-five-countries","version":1,"countries":[{"iso3":"A","iso_num":1,"name":"A",
                   "polygons":[{"outer":[[0,0],[200,0],[0,1]]}]}]}"#,
                "polygon 0 ring 0 point 1",
            ),
            (
                r#"{"format":"article-five-countries","version":1,"countries":[{"iso3":"A","name":"A","polygons":[]}]}"#,
                "iso_num",
            ),
        ];
        for (json, expect) in cases {
            let msg = load_countries(json).expect_err(json).to_string();
            assert!(msg.contains(expect), "{json}: message {msg:?} lacks {expect:?}");
        }
    }

    #[test]
    fn closing_point_is_dropped_on_load() {
        let json = r#"{"format":"article-five-countries","version":1,"countries":[{"iso3":"A","iso_num":1,"name":"A",
            "polygons":[{"outer":[[0,0],[1,0],[0,1],[0,0]]}]}]}"#;
        assert_eq!(load_countries(json).unwrap()[0].polygons[0].outer.len(), 3);
    }

    #[test]
    fn coordinates_are_written_compactly() {
        assert_eq!(format_coord(2.0, 3), "2");
        assert_eq!(format_coord(-0.0001, 3), "0");
        assert_eq!(format_coord(12.34567, 3), "12.346");
        assert_eq!(format_coord(-7.5, 3), "-7.5");
    }

    #[test]
    fn simplification_keeps_small_islands_and_ends() {
        // A closed arc that is tiny compared with the tolerance still keeps a triangle.
        let tiny = [[0.0, 0.0], [0.001, 0.0], [0.001, 0.001], [0.0, 0.001], [0.0, 0.0]];
        let s = simplify_arc(&tiny, 1.0);
        assert!(s.len() >= 4, "{s:?}");
        assert_eq!(s.first(), s.last());
        // An open, nearly straight arc keeps its ends only.
        let line = [[0.0, 0.0], [1.0, 0.001], [2.0, 0.0]];
        assert_eq!(simplify_arc(&line, 0.01), vec![[0.0, 0.0], [2.0, 0.0]]);
    }

    #[test]
    fn antimeridian_crossing_is_split() {
        // A rectangle from 170°E to 170°W (20° wide) written with wrapped longitudes.
        let p = Polygon {
            outer: vec![[170.0, 60.0], [-170.0, 60.0], [-170.0, 70.0], [170.0, 70.0]],
            holes: vec![vec![[175.0, 62.0], [175.0, 64.0], [-175.0, 64.0], [-175.0, 62.0]]],
        };
        let pieces = p.split_at_antimeridian();
        assert_eq!(pieces.len(), 2);
        for q in &pieces {
            assert!(!q.wraps_antimeridian());
            assert!(q.rings().flatten().all(|v| v[0].abs() <= 180.0));
            let xs: Vec<f64> = q.outer.iter().map(|v| v[0]).collect();
            let w = xs.iter().cloned().fold(f64::MIN, f64::max) - xs.iter().cloned().fold(f64::MAX, f64::min);
            assert!((w - 10.0).abs() < 1e-9, "each half is 10° wide: {q:?}");
            assert_eq!(q.holes.len(), 1);
        }
        // Not crossing: unchanged.
        let sq = Polygon { outer: vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]], holes: vec![] };
        assert_eq!(sq.split_at_antimeridian(), vec![sq.clone()]);
    }

    #[test]
    fn antimeridian_wrap_is_detected() {
        let p = Polygon { outer: vec![[179.0, 60.0], [-179.0, 60.0], [-179.0, 61.0]], holes: vec![] };
        assert!(p.wraps_antimeridian());
        let q = Polygon { outer: vec![[170.0, 60.0], [180.0, 60.0], [180.0, 61.0]], holes: vec![] };
        assert!(!q.wraps_antimeridian());
    }
}

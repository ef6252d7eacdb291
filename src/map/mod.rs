//! Map geometry for the North Atlantic/Europe map: country shapes, projection, triangle meshes,
//! outlines, hit testing and label anchors. Pure Rust, no engine types, so it is tested on its
//! own and the game client only converts `TriMesh`/outlines into its own meshes.
//!
//! Data flow: `assets/map/countries.json` (built from Natural Earth via world-atlas TopoJSON by
//! [`geo::build_asset`]; see `assets/map/NOTICE.md`) → [`load_countries`] → per country
//! [`triangulate_country`] / [`outlines`] / [`label_point`] with [`Projection::north_atlantic`],
//! and one [`HitIndex`] for hover and clicks. All drawing coordinates are "map units": x right,
//! y up, the game's window about -1000..1000 wide.

pub mod geo;
pub mod hit;
pub mod levels;
pub mod projection;
pub mod simplify;
pub mod triangulate;

pub use geo::{
    BuildOptions, Country, MapError, Polygon, build_asset, decode_topojson, decode_topojson_simplified, load_countries,
    write_countries_json,
};
pub use hit::{HitIndex, label_point};
pub use levels::{LEVELS, LevelBuilder, LevelGeometry, level_for, level_in_motion, nearest_ready};
pub use projection::Projection;
pub use simplify::{Rings, simplify_shared};
pub use triangulate::{TriMesh, append_rings, outlines, projected_polygons, triangulate_country};

#[cfg(test)]
mod tests {
    use super::*;

    const ASSET: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/map/countries.json"));

    /// The 32 members of the alliance (2024).
    const MEMBERS: [&str; 32] = [
        "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL", "ITA", "LVA",
        "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
    ];
    /// Others the game names.
    const OTHERS: [&str; 13] =
        ["RUS", "UKR", "BLR", "GEO", "MDA", "SRB", "BIH", "AUT", "CHE", "IRL", "CYP", "MLT", "XKX"];

    fn load() -> Vec<Country> {
        load_countries(ASSET).expect("the shipped asset loads")
    }

    fn find<'a>(cs: &'a [Country], iso3: &str) -> (usize, &'a Country) {
        cs.iter().enumerate().find(|(_, c)| c.iso3 == iso3).unwrap_or_else(|| panic!("{iso3} missing"))
    }

    #[test]
    fn asset_has_every_country_the_game_names() {
        let cs = load();
        for iso3 in MEMBERS.iter().chain(&OTHERS) {
            let (_, c) = find(&cs, iso3);
            assert!(!c.polygons.is_empty(), "{iso3} has no shape");
            assert!(!c.name.is_empty());
        }
        assert_eq!(find(&cs, "FRA").1.iso_num, 250);
        assert_eq!(find(&cs, "MKD").1.name, "North Macedonia");
        assert_eq!(find(&cs, "XKX").1.iso_num, 0, "Kosovo has no ISO numeric code");
        let mut codes: Vec<&str> = cs.iter().map(|c| c.iso3.as_str()).collect();
        codes.dedup();
        assert_eq!(codes.len(), cs.len(), "sorted and unique");
    }

    #[test]
    fn label_points_hit_their_own_country() {
        let cs = load();
        let proj = Projection::north_atlantic();
        let idx = HitIndex::new(&cs, &proj);
        for iso3 in MEMBERS.iter().chain(&OTHERS) {
            let (_, c) = find(&cs, iso3);
            let p = label_point(c, &proj);
            assert_eq!(idx.country_at(p).map(|k| cs[k].iso3.as_str()), Some(*iso3), "label of {iso3} at {p:?}");
        }
    }

    #[test]
    fn cities_hit_the_right_country_and_the_sea_hits_nothing() {
        let cs = load();
        let proj = Projection::north_atlantic();
        let idx = HitIndex::new(&cs, &proj);
        let cities = [
            ("Paris", 2.35, 48.86, "FRA"),
            ("Warsaw", 21.01, 52.23, "POL"),
            ("Reykjavik", -21.90, 64.14, "ISL"),
            ("Luxembourg", 6.13, 49.61, "LUX"),
            ("Ankara", 32.85, 39.93, "TUR"),
            ("Washington", -77.04, 38.91, "USA"),
            ("Oslo", 10.75, 59.91, "NOR"),
            ("Tallinn", 24.75, 59.44, "EST"),
            ("Podgorica", 19.26, 42.44, "MNE"),
            ("Skopje", 21.43, 42.00, "MKD"),
            ("Ljubljana", 14.51, 46.06, "SVN"),
            ("Tirana", 19.82, 41.33, "ALB"),
            ("Pristina", 21.17, 42.66, "XKX"),
            ("Valletta", 14.45, 35.88, "MLT"),
            ("Ottawa", -75.70, 45.42, "CAN"),
            ("Moscow", 37.62, 55.76, "RUS"),
            ("Kyiv", 30.52, 50.45, "UKR"),
            ("Rome", 12.50, 41.90, "ITA"),
        ];
        for (name, lon, lat, iso3) in cities {
            let got = idx.country_at(proj.project(lon, lat)).map(|k| cs[k].iso3.as_str());
            assert_eq!(got, Some(iso3), "{name}");
        }
        for (lon, lat) in [(-40.0, 45.0), (-30.0, 30.0), (-60.0, 60.0), (0.0, 70.0), (18.0, 34.0)] {
            assert_eq!(idx.country_at(proj.project(lon, lat)), None, "sea at {lon},{lat}");
        }
    }

    #[test]
    fn every_country_triangulates_to_its_area() {
        let cs = load();
        let proj = Projection::north_atlantic();
        for c in &cs {
            let mesh = triangulate_country(c, &proj);
            assert_eq!(mesh.indices.len() % 3, 0);
            assert!(
                mesh.indices.iter().all(|&i| (i as usize) < mesh.positions.len()),
                "{}: index out of range",
                c.iso3
            );
            let want: f64 = projected_polygons(c, &proj)
                .iter()
                .map(|rings| {
                    let mut a = rings.iter().map(|r| triangulate::ring_area(r).abs());
                    a.next().unwrap_or(0.0) - a.sum::<f64>()
                })
                .sum();
            let got = mesh.area();
            assert!(want > 0.0, "{} has no area", c.iso3);
            assert!((got - want).abs() / want < 0.01, "{}: triangles {got} vs polygons {want}", c.iso3);
            assert!(!outlines(c, &proj).is_empty());
        }
    }

    #[test]
    fn italy_has_a_hole_for_san_marino() {
        // The Vatican is a single point in the 50m data, so neither it nor its hole in Italy
        // survives decoding; San Marino is a proper enclave.
        let cs = load();
        let proj = Projection::north_atlantic();
        let (_, ita) = find(&cs, "ITA");
        let holes: usize = ita.polygons.iter().map(|p| p.holes.len()).sum();
        assert_eq!(holes, 1, "Italy's holes");
        assert!(cs.iter().all(|c| c.iso3 != "VAT"));
        let mesh = triangulate_country(ita, &proj);
        let (_, smr) = find(&cs, "SMR");
        let smr_area = triangulate_country(smr, &proj).area();
        let outer_only: f64 =
            projected_polygons(ita, &proj).iter().map(|rings| triangulate::ring_area(&rings[0]).abs()).sum();
        assert!((outer_only - mesh.area() - smr_area).abs() < smr_area * 0.01, "the hole is cut out");
        let idx = HitIndex::new(&cs, &proj);
        // San Marino's own label point is in San Marino, not in Italy.
        let (_, smr) = find(&cs, "SMR");
        assert_eq!(idx.country_at(label_point(smr, &proj)).map(|k| cs[k].iso3.as_str()), Some("SMR"));
    }

    #[test]
    fn nothing_spans_the_antimeridian() {
        let cs = load();
        for c in &cs {
            for p in &c.polygons {
                assert!(!p.wraps_antimeridian(), "{}", c.iso3);
                let far = p.outer.iter().filter(|q| q[0].abs() > 170.0).count();
                assert!(far * 2 <= p.outer.len(), "{} keeps a fragment beyond ±170°", c.iso3);
            }
        }
    }
}

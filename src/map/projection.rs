//! The map projection: longitude/latitude to the flat "map units" the game draws in, and back.
//!
//! Choice: a Lambert conformal conic on the sphere, central meridian 15°W, standard parallels
//! 40°N and 65°N. Why this one:
//! - The window runs from British Columbia to the Urals and from the Sahara to the pole. A conic
//!   is the classic projection for a wide mid-latitude band: scale is true on 40° and 65° (the
//!   latitudes of Washington/Ankara and of Iceland/central Norway) and stays moderate in
//!   between. Mercator would blow Greenland, Svalbard and northern Russia up by a factor of 3–6
//!   relative to Italy and cannot reach the pole; meridians converging towards the pole is what
//!   players know from "North Atlantic" maps.
//! - Conformal keeps country shapes recognisable, which matters more for a board-like map of
//!   small European states than true areas (Albers equal-area shears them at the edges).
//! - Central meridian 15°W, the western end of the Europe-centred range: the game is played
//!   mostly in Europe, which stays nearly upright (Warsaw's meridian leans 28°), while North
//!   America leans ~50° (Washington) rather than lying on its side; 30°W, the exact middle of
//!   the window, was tried and tilts Europe and Russia by 40–50°, 0°..20°E tilt the United
//!   States past 60°.
//!
//! Longitudes are used as given, never wrapped to the central meridian: the projection's seam
//! is then exactly the ±180° line at which Natural Earth already cuts every shape, so no polygon
//! can straddle it (see `geo::build_asset` for the fragments beyond it).
//!
//! Map units: x to the right (east at the centre), y up (north), scaled so that the window's
//! projected bounding box is 2000 units wide and centred on the origin.

/// A Lambert conformal conic projection plus the affine step into map units.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Central meridian, radians.
    lon0: f64,
    /// Cone constant.
    n: f64,
    /// Scale constant F of the cone.
    f: f64,
    /// Map units per unit of the unit-sphere projection.
    scale: f64,
    /// Unit-sphere coordinates of the map origin (centre of the window's bounding box).
    cx: f64,
    cy: f64,
}

/// The game's window in degrees: `[min_lon, min_lat, max_lon, max_lat]`.
pub const WINDOW: [f64; 4] = [-130.0, 20.0, 70.0, 84.0];

/// Width of the window's bounding box in map units.
pub const WINDOW_WIDTH: f64 = 2000.0;

// Latitudes are clamped away from the south pole, where a north-pointing cone's radius becomes
// infinite; nothing in the game is south of 60°S.
const MIN_LAT: f64 = -85.0;

impl Projection {
    /// The projection of the game map: Lambert conformal conic, 15°W, parallels 40°N/65°N, scaled
    /// and centred on [`WINDOW`] (see the module documentation for why).
    pub fn north_atlantic() -> Self {
        Self::lambert_conformal_conic(-15.0, 40.0, 65.0, WINDOW, WINDOW_WIDTH)
    }

    /// A Lambert conformal conic with central meridian `lon0` and standard parallels `lat1`,
    /// `lat2` (degrees, both north, different), scaled so that the projected bounding box of
    /// `window` (`[min_lon, min_lat, max_lon, max_lat]`) is `width` map units wide and centred
    /// on the origin.
    pub fn lambert_conformal_conic(lon0: f64, lat1: f64, lat2: f64, window: [f64; 4], width: f64) -> Self {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let t = |p: f64| (std::f64::consts::FRAC_PI_4 + p / 2.0).tan();
        let n = if (lat1 - lat2).abs() < 1e-9 { p1.sin() } else { (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln() };
        let f = p1.cos() * t(p1).powf(n) / n;
        let mut proj = Projection { lon0: lon0.to_radians(), n, f, scale: 1.0, cx: 0.0, cy: 0.0 };
        // The bounding box of the window's outline: the corners are not enough, since parallels
        // are arcs that bulge towards the equator in the middle.
        let [w0, h0, w1, h1] = window;
        let steps = 200;
        let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for i in 0..=steps {
            let s = i as f64 / steps as f64;
            let lon = w0 + (w1 - w0) * s;
            let lat = h0 + (h1 - h0) * s;
            for (lo, la) in [(lon, h0), (lon, h1), (w0, lat), (w1, lat)] {
                let p = proj.cone(lo, la);
                for k in 0..2 {
                    min[k] = min[k].min(p[k]);
                    max[k] = max[k].max(p[k]);
                }
            }
        }
        proj.scale = width / (max[0] - min[0]);
        proj.cx = (min[0] + max[0]) / 2.0;
        proj.cy = (min[1] + max[1]) / 2.0;
        proj
    }

    /// Unit-sphere conic coordinates (origin at the pole).
    fn cone(&self, lon: f64, lat: f64) -> [f64; 2] {
        let phi = lat.clamp(MIN_LAT, 90.0).to_radians();
        let rho = self.f / (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan().powf(self.n);
        let theta = self.n * (lon.to_radians() - self.lon0);
        [rho * theta.sin(), -rho * theta.cos()]
    }

    /// Longitude/latitude (degrees) to map units, in full precision. Used where geometry is
    /// computed (triangulation, hit testing) before it is stored as `f32`.
    pub fn project_f64(&self, lon: f64, lat: f64) -> [f64; 2] {
        let [x, y] = self.cone(lon, lat);
        [(x - self.cx) * self.scale, (y - self.cy) * self.scale]
    }

    /// Longitude/latitude (degrees) to map units: x right, y up.
    pub fn project(&self, lon: f64, lat: f64) -> [f32; 2] {
        let [x, y] = self.project_f64(lon, lat);
        [x as f32, y as f32]
    }

    /// Map units back to `[lon, lat]` in degrees (the inverse of [`Projection::project`]).
    /// Points beyond the cone's seam come back with longitudes outside -180..180.
    pub fn unproject(&self, p: [f32; 2]) -> [f64; 2] {
        let x = f64::from(p[0]) / self.scale + self.cx;
        let y = f64::from(p[1]) / self.scale + self.cy;
        // x = rho sin θ, y = -rho cos θ (the cone's apex, the pole, is the origin).
        let rho = x.hypot(y);
        let theta = x.atan2(-y);
        let lon = (theta / self.n + self.lon0).to_degrees();
        let lat = if rho == 0.0 {
            90.0
        } else {
            (2.0 * (self.f / rho).powf(1.0 / self.n).atan() - std::f64::consts::FRAC_PI_2).to_degrees()
        };
        [lon, lat]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let proj = Projection::north_atlantic();
        for lon in (-180..=180).step_by(15) {
            for lat in (-60..=90).step_by(10) {
                let (lon, lat) = (f64::from(lon), f64::from(lat));
                let back = proj.unproject(proj.project(lon, lat));
                assert!((back[1] - lat).abs() < 1e-3, "lat {lon},{lat} -> {back:?}");
                if lat < 90.0 {
                    assert!((back[0] - lon).abs() < 1e-3, "lon {lon},{lat} -> {back:?}");
                }
            }
        }
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let proj = Projection::north_atlantic();
        let oslo = proj.project(10.75, 59.91);
        let rome = proj.project(12.50, 41.90);
        let warsaw = proj.project(21.01, 52.23);
        let paris = proj.project(2.35, 48.86);
        assert!(oslo[1] > rome[1]);
        assert!(warsaw[0] > paris[0]);
        // And across the Atlantic.
        let washington = proj.project(-77.04, 38.91);
        assert!(paris[0] > washington[0]);
    }

    #[test]
    fn window_is_about_two_thousand_units_wide_and_centred() {
        let proj = Projection::north_atlantic();
        let west = proj.project(-130.0, 20.0);
        let east = proj.project(70.0, 20.0);
        assert!((west[0] + 1000.0).abs() < 1.0 && (east[0] - 1000.0).abs() < 1.0, "{west:?} {east:?}");
        let north = proj.project(-30.0, 84.0);
        let south = proj.project(-30.0, 20.0);
        assert!(north[1] > 0.0 && south[1] < 0.0 && north[1] < 1000.0 && south[1] > -1000.0);
        // Poles and out-of-range latitudes give finite numbers.
        for lat in [90.0, -90.0, -200.0] {
            let p = proj.project(0.0, lat);
            assert!(p[0].is_finite() && p[1].is_finite());
        }
    }
}

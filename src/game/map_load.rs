//! Reading the map's shapes off the main thread: at launch, the asset, the hit index and the
//! level of detail the map opens at (see `crate::map::levels`); once the title is up, where the
//! countries' names go (the campaign's labels) and the other levels, one at a time, so that
//! they do not compete with the renderer's start for the CPU.

use crate::map::{Country, HitIndex, LEVELS, LevelBuilder, LevelGeometry, Projection, level_for};
use crate::sim::Iso;
use bevy::prelude::*;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// The folder with the game's assets: `$ARTICLE_FIVE_ASSETS`, `assets/` here, beside the
/// executable or two levels up, or the source tree.
pub fn assets_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("ARTICLE_FIVE_ASSETS") {
        return dir.into();
    }
    let mut candidates = vec![std::path::PathBuf::from("assets")];
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.push(dir.join("assets"));
        candidates.extend(dir.ancestors().nth(2).map(|d| d.join("assets")));
    }
    candidates.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"));
    let found = candidates.iter().find(|d| d.join("map/countries.json").is_file()).cloned();
    found.unwrap_or_else(|| candidates.remove(candidates.len() - 1))
}

/// The map as the launch worker leaves it: names, hit index, the opening level of detail, and
/// what places the labels and builds the other levels.
pub struct MapGeometry {
    pub isos: Vec<Iso>,
    pub names: Vec<String>,
    pub countries: Vec<Country>,
    pub hit: HitIndex,
    /// Which of [`LEVELS`] `level` is.
    pub opening: usize,
    pub level: LevelGeometry,
    pub builder: LevelBuilder,
}

/// The map's shapes being read and triangulated on the launch worker.
#[derive(Resource)]
pub struct MapGeometryTask(Mutex<Option<Receiver<Result<MapGeometry, String>>>>);

impl MapGeometryTask {
    /// The task, and the work that fulfils it, to run on a worker thread; the map opens at zoom
    /// `opening_scale`.
    pub fn new(opening_scale: f32) -> (Self, impl FnOnce() + Send + 'static) {
        let (tx, rx) = mpsc::channel();
        let work = move || {
            let _ = tx.send(build_geometry(level_for(opening_scale)));
        };
        (MapGeometryTask(Mutex::new(Some(rx))), work)
    }

    /// The shapes, waiting for the worker if it has not finished.
    pub fn take(&self) -> Result<MapGeometry, String> {
        let rx = self.0.lock().ok().and_then(|mut r| r.take()).ok_or("the map was already built")?;
        rx.recv().map_err(|_| "the map's worker stopped before building it".to_string())?
    }
}

fn build_geometry(opening: usize) -> Result<MapGeometry, String> {
    let path = assets_dir().join("map/countries.json");
    let countries = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|json| crate::map::load_countries(&json).map_err(|e| e.to_string()))
        .map_err(|e| format!("cannot load the map from {}: {e}", path.display()))?;
    let proj = Projection::north_atlantic();
    let builder = LevelBuilder::new(countries.iter().map(|c| crate::map::projected_polygons(c, &proj)).collect());
    Ok(MapGeometry {
        isos: countries.iter().map(|c| Iso::new(&c.iso3).unwrap_or_else(|_| unreachable_iso())).collect(),
        names: countries.iter().map(|c| c.name.clone()).collect(),
        hit: HitIndex::new(&countries, &proj),
        opening,
        level: builder.build(opening),
        builder,
        countries,
    })
}

/// Where each country's label goes on the map: inside its largest shape, away from its edges.
fn label_points(countries: &[Country]) -> Vec<[f32; 2]> {
    let proj = Projection::north_atlantic();
    countries
        .iter()
        // Russia's largest shape puts its label in Siberia, off the window: place it by hand.
        .map(|c| if c.iso3 == "RUS" { proj.project(40.0, 57.0) } else { crate::map::label_point(c, &proj) })
        .collect()
}

fn unreachable_iso() -> Iso {
    // Country codes in the shipped asset are all valid; this keeps a bad asset from crashing.
    Iso::new("ZZZ").expect("ZZZ is three capitals")
}

/// Frames the title shows before the other levels of detail are built: by then the window and
/// the renderer have started, and the player has not yet reached the map.
const FRAMES_BEFORE_MORE_LEVELS: u32 = 5;

/// What the worker started after the title sends, as it is done.
pub enum MoreMap {
    /// Each country's label point, in map units.
    Labels(Vec<[f32; 2]>),
    /// Level `k` of [`LEVELS`].
    Level(usize, LevelGeometry),
}

/// The labels and the levels of detail still to come.
#[derive(Resource)]
pub enum LevelsToCome {
    /// Not started: what places the labels and builds the levels, the levels in the order to
    /// build them, and frames to wait.
    Waiting {
        builder: LevelBuilder,
        countries: Vec<Country>,
        order: Vec<usize>,
        frames: u32,
    },
    /// Worked out one by one on a worker thread, each sent as it is done.
    Building(Mutex<Receiver<MoreMap>>),
    Done,
}

impl LevelsToCome {
    /// The labels of `countries`, then every level but `opening`, nearest to it first (the
    /// finer one of two as near).
    pub fn new(builder: LevelBuilder, countries: Vec<Country>, opening: usize) -> Self {
        let mut order: Vec<usize> = (0..LEVELS.len()).filter(|&k| k != opening).collect();
        order.sort_by_key(|&k| (k.abs_diff(opening), k));
        LevelsToCome::Waiting { builder, countries, order, frames: FRAMES_BEFORE_MORE_LEVELS }
    }

    /// Called once a frame: starts the worker when its time comes, and returns the labels or a
    /// level once ready (at most one a frame).
    pub fn poll(&mut self) -> Option<MoreMap> {
        match self {
            LevelsToCome::Waiting { frames, .. } if *frames > 0 => {
                *frames -= 1;
                None
            }
            LevelsToCome::Waiting { .. } => {
                let LevelsToCome::Waiting { builder, countries, order, .. } =
                    std::mem::replace(self, LevelsToCome::Done)
                else {
                    return None;
                };
                let (send, receive) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    // The receiver is gone when the game has quit: nothing left to do.
                    if send.send(MoreMap::Labels(label_points(&countries))).is_err() {
                        return;
                    }
                    drop(countries);
                    for k in order {
                        if send.send(MoreMap::Level(k, builder.build(k))).is_err() {
                            return;
                        }
                    }
                });
                *self = LevelsToCome::Building(Mutex::new(receive));
                None
            }
            LevelsToCome::Building(receive) => {
                let next = receive.get_mut().map(|r| r.try_recv());
                match next {
                    Ok(Ok(level)) => Some(level),
                    Ok(Err(TryRecvError::Empty)) => None,
                    // Every level sent, or the worker failed (the map keeps the levels it has).
                    Ok(Err(TryRecvError::Disconnected)) | Err(_) => {
                        *self = LevelsToCome::Done;
                        None
                    }
                }
            }
            LevelsToCome::Done => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> LevelBuilder {
        LevelBuilder::new(vec![vec![vec![vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]]]]])
    }

    fn square_country() -> Country {
        let outer = vec![[10.0, 50.0], [12.0, 50.0], [12.0, 52.0], [10.0, 52.0]];
        Country {
            iso3: "SQR".into(),
            iso_num: 0,
            name: "Square".into(),
            polygons: vec![crate::map::Polygon { outer, holes: vec![] }],
        }
    }

    #[test]
    fn the_labels_then_the_other_levels_come_nearest_first_after_the_title_has_shown() {
        let mut to_come = LevelsToCome::new(square(), vec![square_country()], 2);
        let LevelsToCome::Waiting { order, .. } = &to_come else { panic!("starts waiting") };
        assert_eq!(order, &[1, 3, 0]);
        for _ in 0..FRAMES_BEFORE_MORE_LEVELS {
            assert!(to_come.poll().is_none());
            assert!(matches!(to_come, LevelsToCome::Waiting { .. }));
        }
        let mut got = Vec::new();
        for _ in 0..10_000 {
            match to_come.poll() {
                Some(MoreMap::Labels(labels)) => {
                    assert!(got.is_empty(), "the labels come first");
                    // Inside the square, in map units.
                    let proj = Projection::north_atlantic();
                    let (lo, hi) = (proj.project(10.0, 50.0), proj.project(12.0, 52.0));
                    assert_eq!(labels.len(), 1);
                    assert!(labels[0][0] > lo[0].min(hi[0]) && labels[0][0] < lo[0].max(hi[0]), "{labels:?}");
                    got.push(usize::MAX);
                }
                Some(MoreMap::Level(k, level)) => {
                    assert_eq!(level.ranges.len(), 1);
                    got.push(k);
                }
                None => {}
            }
            if matches!(to_come, LevelsToCome::Done) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(got, [usize::MAX, 1, 3, 0]);
        assert!(matches!(to_come, LevelsToCome::Done));
        assert!(to_come.poll().is_none());
    }
}

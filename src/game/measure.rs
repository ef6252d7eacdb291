//! Speed measurement of the client: time from launch to an interactive title screen, and CPU
//! time per frame on a busy campaign screen. The same probe runs in `examples/bare_egui.rs`
//! (a bare Bevy + bevy_egui app) so the two can be compared on one machine.

use bevy::prelude::*;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static LAUNCH: OnceLock<Instant> = OnceLock::new();

/// Marks the moment the process started work; call first thing in `main`.
pub fn mark_launch() {
    let _ = LAUNCH.set(Instant::now());
}

/// Time since `mark_launch`.
pub fn since_launch() -> Duration {
    LAUNCH.get_or_init(Instant::now).elapsed()
}

/// CPU time used by the whole process so far (all threads), from /proc on Linux.
pub fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // Clock ticks are 100 per second on Linux unless the kernel was built otherwise.
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Frame timings over a measured stretch.
#[derive(Resource, Default, Debug, Clone)]
pub struct FrameProbe {
    pub frames: Vec<Duration>,
    started: Option<(Instant, Option<Duration>)>,
    last: Option<Instant>,
    pub cpu: Option<Duration>,
    pub wall: Option<Duration>,
}

impl FrameProbe {
    /// Starts measuring from this frame on.
    pub fn start(&mut self) {
        self.frames.clear();
        self.started = Some((Instant::now(), process_cpu_time()));
        self.last = Some(Instant::now());
    }

    /// Ends the stretch measured so far and starts the next one at once; returns the ended one.
    pub fn restart(&mut self) -> FrameProbe {
        self.stop();
        let ended = std::mem::take(self);
        self.start();
        ended
    }

    /// Records one frame; call once per frame while measuring.
    pub fn tick(&mut self) {
        let now = Instant::now();
        if let Some(last) = self.last {
            self.frames.push(now - last);
        }
        self.last = Some(now);
    }

    /// Stops measuring and fills the totals.
    pub fn stop(&mut self) {
        if let Some((t0, cpu0)) = self.started.take() {
            self.wall = Some(t0.elapsed());
            self.cpu = match (cpu0, process_cpu_time()) {
                (Some(a), Some(b)) => Some(b.saturating_sub(a)),
                _ => None,
            };
        }
        self.last = None;
    }

    /// A one-line JSON summary.
    pub fn summary(&self, name: &str, launch_to_interactive: Duration) -> String {
        format!("{{{},{}}}", head(name, launch_to_interactive), self.fields())
    }

    /// A one-line JSON report of a launch alone (`--launch-only`): no frames are measured.
    pub fn launch_report(name: &str, launch_to_interactive: Duration) -> String {
        format!("{{{}}}", head(name, launch_to_interactive))
    }

    /// The summary of a still stretch with those of other named stretches beside it.
    pub fn report(
        name: &str,
        launch_to_interactive: Duration,
        still: &FrameProbe,
        others: &[(&str, &FrameProbe)],
    ) -> String {
        let others: String = others.iter().map(|(key, probe)| format!(",\"{key}\":{{{}}}", probe.fields())).collect();
        format!("{{{},{}{others}}}", head(name, launch_to_interactive), still.fields())
    }

    /// The frame figures as JSON fields (without braces).
    fn fields(&self) -> String {
        let n = self.frames.len().max(1) as f64;
        let mut sorted = self.frames.clone();
        sorted.sort();
        let p = |q: f64| sorted.get(((sorted.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
        format!(
            "\"frames\":{},\"cpu_ms_per_frame\":{},\"wall_ms_per_frame\":{:.1},\"median_frame_ms\":{:.1},\"p99_frame_ms\":{:.1},\"max_frame_ms\":{:.1}",
            self.frames.len(),
            self.cpu.map_or("null".to_string(), |c| format!("{:.1}", ms(c) / n)),
            self.wall.map_or(0.0, |w| ms(w) / n),
            ms(p(0.5)),
            ms(p(0.99)),
            ms(sorted.last().copied().unwrap_or_default()),
        )
    }
}

/// The fields every report starts with: the app and its launch time (JSON, without braces).
fn head(name: &str, launch_to_interactive: Duration) -> String {
    format!("\"app\":\"{name}\",\"launch_to_interactive_ms\":{:.0}", ms(launch_to_interactive))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The measurement run: title screen, then a busy campaign screen for `frames` frames, then as
/// many frames panning the map across it (far enough that its image is drawn again now and
/// then), then as many moving the pointer over the map (the country under it changes every few
/// frames, with its highlight and card), then as many zooming in and out (every frame draws the
/// map again, at each level of detail in turn).
#[derive(Resource)]
pub struct MeasurePlan {
    pub frames: usize,
    /// Stop once the title is interactive, measuring the launch alone.
    pub launch_only: bool,
    stage: Stage,
    still: Option<FrameProbe>,
    panning: Option<FrameProbe>,
    hovering: Option<FrameProbe>,
    launch_to_interactive: Duration,
    counter: usize,
    pub result: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

enum Stage {
    WaitTitle,
    TitleShown,
    Warmup,
    Measure,
    MeasurePanning,
    MeasureHovering,
    MeasureZooming,
    Done,
}

impl MeasurePlan {
    /// Moves on to `stage`, counting its frames from zero.
    fn enter(&mut self, stage: Stage) {
        self.stage = stage;
        self.counter = 0;
    }

    /// Hands the report `line` to the caller and stops measuring.
    fn finish(&mut self, line: String) {
        if let Ok(mut r) = self.result.lock() {
            *r = Some(line);
        }
        self.stage = Stage::Done;
    }

    /// `frames` a stretch, or none at all with `launch_only`.
    pub fn new(frames: usize, launch_only: bool, result: std::sync::Arc<std::sync::Mutex<Option<String>>>) -> Self {
        MeasurePlan {
            frames,
            launch_only,
            stage: Stage::WaitTitle,
            still: None,
            panning: None,
            hovering: None,
            launch_to_interactive: Duration::ZERO,
            counter: 0,
            result,
        }
    }
}

/// Frames shown before measuring, so pipelines and fonts are ready.
const WARMUP_FRAMES: usize = 90;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FrameProbe>().add_systems(Last, drive_measurement);
}

#[allow(clippy::too_many_arguments)]
fn drive_measurement(
    mut plan: ResMut<MeasurePlan>,
    mut probe: ResMut<FrameProbe>,
    screen: Res<State<super::Screen>>,
    mut next: ResMut<NextState<super::Screen>>,
    library: Res<super::session::Library>,
    mut session: ResMut<super::session::Session>,
    mut view: ResMut<super::map::MapView>,
    mut ui: ResMut<super::ui::UiState>,
    shapes: Option<Res<super::map::MapShapes>>,
    mut camera: Query<(&mut Transform, &mut Projection), With<super::camera::MapCamera>>,
    mut window: Single<&mut Window, With<bevy::window::PrimaryWindow>>,
    mut exit: MessageWriter<AppExit>,
) {
    match plan.stage {
        Stage::WaitTitle => {
            if *screen.get() == super::Screen::Title {
                // The title's first frame has been laid out and drawn: the menu now takes clicks.
                plan.launch_to_interactive = since_launch();
                if plan.launch_only {
                    let line = FrameProbe::launch_report("article-five", plan.launch_to_interactive);
                    plan.finish(line);
                    exit.write(AppExit::Success);
                } else {
                    plan.stage = Stage::TitleShown;
                }
            }
        }
        Stage::TitleShown => {
            let Some(catalog) = &library.catalog else { return };
            let Some(content) = catalog.scenario("grand").or_else(|| catalog.scenarios.first()) else {
                exit.write(AppExit::error());
                return;
            };
            // A busy screen: decades of history, a member selected with its chart, the charts tab.
            let mut campaign = crate::sim::Campaign::new(content.clone(), 7, content.scenario.default_difficulty);
            let mut p = crate::sim::policy::Historical;
            for _ in 0..30 {
                if campaign.is_over() {
                    break;
                }
                crate::sim::policy::play_turn(&mut campaign, &mut p);
            }
            session.start(campaign);
            view.mode = super::palette::MapMode::Spending;
            if let Some(shapes) = shapes {
                view.selected = shapes.isos.iter().position(|i| i.as_str() == "DEU");
            }
            ui.bottom = super::ui::BottomTab::Charts;
            next.set(super::Screen::Campaign);
            plan.enter(Stage::Warmup);
        }
        Stage::Warmup => {
            plan.counter += 1;
            if plan.counter == WARMUP_FRAMES {
                probe.start();
                plan.enter(Stage::Measure);
            }
        }
        Stage::Measure => {
            probe.tick();
            plan.counter += 1;
            if plan.counter >= plan.frames {
                plan.still = Some(probe.restart());
                plan.enter(Stage::MeasurePanning);
            }
        }
        Stage::MeasurePanning => {
            probe.tick();
            plan.counter += 1;
            // Sweep east and back, ten map units (about ten pixels) a frame, as a player dragging
            // the map would: far enough each way (500 units) that the map's image must be drawn
            // again several times (`map_cache` shifts it until it runs out).
            let step = if (plan.counter / 50).is_multiple_of(2) { 10.0 } else { -10.0 };
            for (mut transform, _) in &mut camera {
                transform.translation.x += step;
            }
            if plan.counter >= plan.frames {
                plan.panning = Some(probe.restart());
                plan.enter(Stage::MeasureHovering);
            }
        }
        Stage::MeasureHovering => {
            probe.tick();
            plan.counter += 1;
            // The pointer crosses the map's free centre and back, six pixels a frame, as a player
            // looking over the countries would (the window moves the system's pointer too).
            if let Some(free) = view.free_rect {
                let zoom = if view.zoom > 0.0 { view.zoom } else { 1.0 };
                let span = (free.width() - 40.0).max(1.0);
                let travelled = (plan.counter as f32 * 6.0) % (2.0 * span);
                let x = free.min.x + 20.0 + if travelled < span { travelled } else { 2.0 * span - travelled };
                let y = free.center().y + 40.0 * (plan.counter as f32 / 15.0).sin();
                window.set_cursor_position(Some(Vec2::new(x * zoom, y * zoom)));
            }
            if plan.counter >= plan.frames {
                plan.hovering = Some(probe.restart());
                plan.enter(Stage::MeasureZooming);
            }
        }
        Stage::MeasureZooming => {
            probe.tick();
            plan.counter += 1;
            // One notch of the wheel a frame (the camera's 1.15 times), in to a third of the
            // opening zoom and out to more than twice it, and back: every frame draws the map
            // again, at every level of detail in turn.
            let notches = zoom_notches(plan.counter);
            for (_, mut projection) in &mut camera {
                if let Projection::Orthographic(ortho) = &mut *projection {
                    ortho.scale = super::camera::OPENING_SCALE * 1.15f32.powi(notches);
                }
            }
            if plan.counter >= plan.frames {
                probe.stop();
                let still = plan.still.take().unwrap_or_default();
                let panning = plan.panning.take().unwrap_or_default();
                let hovering = plan.hovering.take().unwrap_or_default();
                let others = [("panning", &panning), ("hovering", &hovering), ("zooming", &*probe)];
                let line = FrameProbe::report("article-five", plan.launch_to_interactive, &still, &others);
                plan.finish(line);
                exit.write(AppExit::Success);
            }
        }
        Stage::Done => {}
    }
}

/// Wheel notches away from the opening zoom at frame `frame` of the zooming stretch: a triangle
/// wave from 0 in to -8 (0.34 map units a pixel), out to +6 (2.4) and back to 0, 28 frames a
/// round.
fn zoom_notches(frame: usize) -> i32 {
    let t = (frame % 28) as i32;
    match t {
        0..=8 => -t,
        9..=22 => t - 16,
        _ => 28 - t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_alone_is_reported_as_json_with_its_time_in_whole_milliseconds() {
        let line = FrameProbe::launch_report("article-five", Duration::from_micros(143_600));
        let json: serde_json::Value = serde_json::from_str(&line).expect(&line);
        assert_eq!(json["app"], "article-five");
        assert_eq!(json["launch_to_interactive_ms"], 144);
        assert_eq!(json.as_object().map(|o| o.len()), Some(2), "{line}");
    }

    #[test]
    fn zooming_goes_in_and_out_one_notch_a_frame_through_every_level() {
        let notches: Vec<i32> = (0..60).map(zoom_notches).collect();
        assert!(notches.windows(2).all(|w| (w[0] - w[1]).abs() == 1), "{notches:?}");
        assert_eq!((notches[0], notches[8], notches[22], notches[28]), (0, -8, 6, 0));
        let scales = notches.iter().map(|&n| super::super::camera::OPENING_SCALE * 1.15f32.powi(n));
        let mut levels: Vec<usize> = scales.map(crate::map::level_for).collect();
        levels.sort();
        levels.dedup();
        assert_eq!(levels.len(), crate::map::LEVELS.len());
    }
}

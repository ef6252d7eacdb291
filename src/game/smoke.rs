//! The smoke run: a scripted game in a real window, from the title screen through a new game,
//! several turns, an event and an Article 5 council to the end screen, with a screenshot of
//! each screen. It fails loudly when a screen comes out blank or a step never completes.

use super::map::MapView;
use super::palette::MapMode;
use super::session::{Issue, Library, Screen, Session};
use super::ui::UiState;
use crate::sim::{Campaign, Command, policy};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Frames to wait after a change before taking a screenshot (egui lays out over two passes and
/// software rendering needs a few frames to settle).
const SETTLE_FRAMES: u32 = 12;
/// Frames a step may take before the run fails.
const STEP_TIMEOUT_FRAMES: u32 = 1200;

/// What the run found, shared with the caller after the app exits.
#[derive(Clone, Default)]
pub struct SmokeResult(Arc<Mutex<Vec<String>>>);

impl SmokeResult {
    fn fail(&self, message: String) {
        error!("smoke: {message}");
        if let Ok(mut list) = self.0.lock() {
            list.push(message);
        }
    }

    /// The process exit code: success when nothing failed.
    pub fn finish(&self) -> ExitCode {
        let failures = self.0.lock().map(|l| l.clone()).unwrap_or_default();
        if failures.is_empty() {
            eprintln!("smoke: every screen rendered");
            ExitCode::SUCCESS
        } else {
            for f in &failures {
                eprintln!("smoke: FAILED: {f}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The script and where it is.
#[derive(Resource)]
pub struct SmokePlan {
    out: PathBuf,
    scenario: Option<String>,
    result: SmokeResult,
    step: usize,
    frames_in_step: u32,
    waiting_for_shot: Arc<Mutex<Option<String>>>,
}

impl SmokePlan {
    pub fn new(out: PathBuf, scenario: Option<String>, result: SmokeResult) -> Self {
        SmokePlan { out, scenario, result, step: 0, frames_in_step: 0, waiting_for_shot: Arc::new(Mutex::new(None)) }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, drive);
}

/// What a step does before its screenshot.
enum Step {
    /// Wait for the screen, then shoot.
    Shot(Screen, &'static str),
    Go(Screen),
    StartGame,
    /// Map mode to show.
    Mode(MapMode),
    /// Zoom the map to this scale (map units per pixel): the map must be drawn again.
    Zoom(f32),
    /// Pan the map east and north by these map units over a few frames: its image is shown
    /// shifted, and the labels and the hover must follow it.
    Pan(f32, f32),
    /// Play whole turns with the historical policy.
    PlayTurns(u32),
    /// Play until the Council meets over an attack on which the allies, once persuaded, will
    /// invoke Article 5 (answering events; Councils that would end in a veto are closed under
    /// Article 4), so that the next screens show the consultations and then the responses.
    PlayToCouncil,
    /// Persuade the holdouts and invoke Article 5, as a hawkish player would, up to the allies'
    /// responses.
    WinCouncil,
    /// Answer events until none is waiting.
    AnswerEvents,
    Issue(Command),
    Pause(bool),
    Help(bool),
    PlayToEnd,
    Exit,
}

fn script() -> Vec<Step> {
    use Step::*;
    vec![
        Shot(Screen::Title, "01-title"),
        Go(Screen::NewGame),
        Shot(Screen::NewGame, "02-new-game"),
        StartGame,
        Shot(Screen::Campaign, "03-campaign-event"),
        AnswerEvents,
        Pan(-120.0, 40.0),
        Shot(Screen::Campaign, "04-campaign"),
        PlayTurns(2),
        Mode(MapMode::Spending),
        Zoom(0.8),
        Shot(Screen::Campaign, "05-map-spending"),
        PlayToCouncil,
        Shot(Screen::Campaign, "06-council-consultation"),
        WinCouncil,
        Shot(Screen::Campaign, "07-council-responses"),
        Issue(Command::CloseCouncil),
        Pause(true),
        Shot(Screen::Campaign, "08-pause"),
        Pause(false),
        Help(true),
        Shot(Screen::Campaign, "09-help"),
        Help(false),
        Go(Screen::Codex),
        Shot(Screen::Codex, "10-codex"),
        Go(Screen::Campaign),
        PlayToEnd,
        Shot(Screen::End, "11-end"),
        Go(Screen::Mods),
        Shot(Screen::Mods, "12-mods"),
        Exit,
    ]
}

#[allow(clippy::too_many_arguments)]
fn drive(
    mut commands: Commands,
    mut plan: ResMut<SmokePlan>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    library: Res<Library>,
    mut session: ResMut<Session>,
    mut ui: ResMut<UiState>,
    mut view: ResMut<MapView>,
    mut camera: Query<(&mut Projection, &mut Transform), With<super::camera::MapCamera>>,
    mut issues: MessageWriter<Issue>,
    mut exit: MessageWriter<AppExit>,
) {
    let steps = script();
    let Some(step) = steps.get(plan.step) else { return };
    plan.frames_in_step += 1;
    if plan.frames_in_step > STEP_TIMEOUT_FRAMES {
        let message = format!("step {} did not complete (screen {:?})", plan.step + 1, screen.get());
        plan.result.fail(message);
        exit.write(AppExit::error());
        plan.step = usize::MAX;
        return;
    }
    let advance = |plan: &mut SmokePlan| {
        plan.step += 1;
        plan.frames_in_step = 0;
    };
    match step {
        Step::Shot(want, name) => {
            if screen.get() != want {
                return;
            }
            let pending = plan.waiting_for_shot.lock().map(|w| w.clone()).unwrap_or(None);
            match (plan.frames_in_step, pending) {
                (n, None) if n == SETTLE_FRAMES => {
                    let path = plan.out.join(format!("{name}.png"));
                    let slot = plan.waiting_for_shot.clone();
                    let result = plan.result.clone();
                    if let Ok(mut w) = slot.lock() {
                        *w = Some(name.to_string());
                    }
                    // The map lies behind the title and the campaign screens: its land must show.
                    let expect_map = matches!(want, Screen::Title | Screen::Campaign);
                    commands.spawn(Screenshot::primary_window()).observe(move |captured: On<ScreenshotCaptured>| {
                        check_and_save(&captured.image, &path, &result, expect_map);
                        if let Ok(mut w) = slot.lock() {
                            *w = None;
                        }
                    });
                }
                (n, None) if n > SETTLE_FRAMES => advance(&mut plan),
                _ => {}
            }
        }
        Step::Go(to) => {
            next.set(*to);
            if *to == Screen::Codex {
                ui.codex_return = Screen::Campaign;
                ui.codex_open = Some("member_pol".into());
            }
            advance(&mut plan);
        }
        Step::StartGame => {
            let Some(catalog) = &library.catalog else { return };
            let wanted = plan.scenario.clone().unwrap_or_else(|| "founding".into());
            let Some(content) = catalog.scenario(&wanted) else {
                let message = format!("scenario '{wanted}' is not available");
                plan.result.fail(message);
                exit.write(AppExit::error());
                plan.step = usize::MAX;
                return;
            };
            session.start(Campaign::new(content.clone(), 1949, content.scenario.default_difficulty));
            // Select a frontline member so the actions panel shows targeted actions.
            view.selected = None;
            next.set(Screen::Campaign);
            advance(&mut plan);
        }
        Step::Mode(mode) => {
            view.mode = *mode;
            advance(&mut plan);
        }
        Step::Zoom(scale) => {
            for (mut projection, _) in &mut camera {
                if let Projection::Orthographic(ortho) = &mut *projection {
                    ortho.scale = *scale;
                }
            }
            advance(&mut plan);
        }
        Step::Pan(east, north) => {
            const PAN_FRAMES: u32 = 6;
            for (_, mut transform) in &mut camera {
                transform.translation += Vec3::new(*east, *north, 0.0) / PAN_FRAMES as f32;
            }
            if plan.frames_in_step >= PAN_FRAMES {
                advance(&mut plan);
            }
        }
        Step::AnswerEvents => {
            let Some(c) = session.campaign.as_mut() else { return };
            answer_events(c);
            advance(&mut plan);
        }
        Step::PlayTurns(n) => {
            let Some(c) = session.campaign.as_mut() else { return };
            let mut p = policy::Historical;
            for _ in 0..*n {
                if c.is_over() {
                    break;
                }
                policy::play_turn(c, &mut p);
            }
            answer_events(c);
            advance(&mut plan);
        }
        Step::PlayToCouncil => {
            let Some(c) = session.campaign.as_mut() else { return };
            let mut p = policy::Historical;
            let mut guard = 0;
            while !c.is_over() && guard < 200 {
                guard += 1;
                answer_events(c);
                if c.state().council.is_some() {
                    if win_council(&mut c.clone()) {
                        break;
                    }
                    // This Council would end in a veto: answer under Article 4 and play on.
                    let _ = c.apply(Command::ConsultOnly);
                    continue;
                }
                if c.apply(Command::EndTurn).is_err() {
                    policy::play_turn(c, &mut p);
                }
            }
            if c.state().council.is_none() {
                plan.result.fail("no Council that invokes Article 5 met before the campaign ended".into());
                exit.write(AppExit::error());
                plan.step = usize::MAX;
                return;
            }
            advance(&mut plan);
        }
        Step::WinCouncil => {
            let Some(c) = session.campaign.as_mut() else { return };
            if !win_council(c) {
                plan.result.fail("Article 5 was not invoked at the Council".into());
                exit.write(AppExit::error());
                plan.step = usize::MAX;
                return;
            }
            advance(&mut plan);
        }
        Step::Issue(command) => {
            issues.write(Issue(command.clone()));
            advance(&mut plan);
        }
        Step::Pause(on) => {
            ui.paused = *on;
            advance(&mut plan);
        }
        Step::Help(on) => {
            ui.help = *on;
            advance(&mut plan);
        }
        Step::PlayToEnd => {
            let Some(c) = session.campaign.as_mut() else { return };
            let mut p = policy::Historical;
            policy::play(c, &mut p);
            next.set(Screen::End);
            advance(&mut plan);
        }
        Step::Exit => {
            exit.write(AppExit::Success);
            advance(&mut plan);
        }
    }
}

/// Plays the Council as a hawk would (persuade the holdouts, then invoke) until the allies give
/// their responses; false when the invocation fails or the Council closes first. The rules are
/// deterministic, so a trial on a copy tells what the same moves will do to the campaign.
fn win_council(c: &mut Campaign) -> bool {
    use crate::sim::council::CouncilPhase;
    use crate::sim::policy::Policy;
    let mut hawk = policy::Hawk;
    for _ in 0..64 {
        match c.state().council.as_ref().map(|k| k.phase) {
            Some(CouncilPhase::Responses) => return true,
            Some(CouncilPhase::Consultation) => {
                if c.apply(hawk.council(c)).is_err() {
                    return false;
                }
            }
            None => return false,
        }
    }
    false
}

/// Answers every waiting event with its historical choice, leaving a Council open if one opens.
fn answer_events(c: &mut Campaign) {
    let mut p = policy::Historical;
    while c.state().council.is_none() {
        let Some(&e) = c.state().pending_events.first() else { break };
        let id = c.content().events[usize::from(e)].id.clone();
        let choice = policy::Policy::answer(&mut p, c, e);
        if c.apply(Command::AnswerEvent { event: id, choice }).is_err() {
            break;
        }
    }
}

/// Saves the screenshot and fails the run when it is blank (one colour nearly everywhere) or,
/// when `expect_map`, when the map's land is missing from it.
fn check_and_save(image: &Image, path: &std::path::Path, result: &SmokeResult, expect_map: bool) {
    let Some(data) = image.data.as_ref() else {
        result.fail(format!("{}: the screenshot has no pixels", path.display()));
        return;
    };
    let pixels = data.len() / 4;
    if pixels == 0 {
        result.fail(format!("{}: the screenshot is empty", path.display()));
        return;
    }
    let mut counts = std::collections::HashMap::new();
    for px in data.chunks_exact(4).step_by(7) {
        *counts.entry([px[0] >> 3, px[1] >> 3, px[2] >> 3]).or_insert(0usize) += 1;
    }
    let sampled: usize = counts.values().sum();
    let top = counts.values().copied().max().unwrap_or(0);
    if counts.len() < 8 || top * 100 > sampled * 97 {
        result.fail(format!("{}: the screen is blank ({} colours)", path.display(), counts.len()));
    }
    match image.clone().try_into_dynamic() {
        Ok(img) => {
            let rgb = img.to_rgb8();
            if expect_map {
                let share = land_share(rgb.as_raw());
                if share < 0.02 {
                    result.fail(format!(
                        "{}: the map is missing (land colour on {:.1}% of the screen)",
                        path.display(),
                        share * 100.0
                    ));
                }
            }
            if let Err(e) = rgb.save(path) {
                result.fail(format!("{}: cannot save: {e}", path.display()));
            } else {
                info!("smoke: saved {}", path.display());
            }
        }
        Err(e) => result.fail(format!("{}: cannot convert the screenshot: {e}", path.display())),
    }
}

/// The share of pixels in the colour of unaligned land (every map mode shows some), as it is or
/// seen through the dimmed backdrop of a dialog (the pause menu, the shortcuts), which darkens
/// every channel alike.
fn land_share(rgb: &[u8]) -> f64 {
    let land = super::palette::LAND;
    let is_land = |px: &[u8]| {
        let k = f32::from(px[0]) / f32::from(land.r());
        let near = |a: u8, b: u8| (f32::from(a) - f32::from(b) * k).abs() <= 4.0;
        (0.6..=1.07).contains(&k) && near(px[1], land.g()) && near(px[2], land.b())
    };
    let (mut hits, mut total) = (0usize, 0usize);
    for px in rgb.chunks_exact(3).step_by(7) {
        total += 1;
        if is_land(px) {
            hits += 1;
        }
    }
    if total == 0 { 0.0 } else { hits as f64 / total as f64 }
}

#[cfg(test)]
mod tests {
    use super::land_share;

    fn image(px: [u8; 3], n: usize) -> Vec<u8> {
        px.iter().copied().cycle().take(3 * n).collect()
    }

    #[test]
    fn land_counts_plain_and_behind_a_dialog_and_nothing_else() {
        let land = crate::game::palette::LAND;
        assert_eq!(land_share(&image([land.r(), land.g(), land.b()], 70)), 1.0);
        // As the pause menu's backdrop shows it (measured in a smoke screenshot).
        assert_eq!(land_share(&image([45, 50, 56], 70)), 1.0);
        // The sea, a grey panel and a blue member are not land.
        for other in [[19, 24, 33], [60, 60, 60], [0, 114, 178], [13, 17, 24]] {
            assert_eq!(land_share(&image(other, 70)), 0.0, "{other:?}");
        }
    }
}

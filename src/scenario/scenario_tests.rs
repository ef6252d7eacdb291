//! Scenario tests: small files that state what should happen when a scenario is played with a
//! given seed and scripted policy ("with seed 7 and the historical policy, DEU is a member by
//! 1956"), so that modders and designers notice when a change breaks a scenario. Read with our
//! RON reader (every problem at its place), checked against the loaded catalog, then played.

use super::diagnostics::{Diags, FileId, hint_for};
use super::load;
use super::raw::Sp;
use super::ron_reader::{LineIndex, Span};
use super::validate::Catalog;
use crate::sim::content::Content;
use crate::sim::ids::{AdversaryStat, AllianceMeter, Iso};
use crate::sim::ledger::Target;
use crate::sim::policy::{self, POLICY_NAMES};
use crate::sim::state::ObjectiveStatus;
use crate::sim::{Campaign, GameDate};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// Most runs one case may ask for, so a test file cannot keep the command line busy for hours.
pub const MAX_RUNS: u32 = 1000;

/// A scenario test file: `tests/*.ron` in the data folder or in a mod.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    pub format_version: Sp<u32>,
    pub cases: Vec<Sp<TestCase>>,
}

/// One case: a scenario played with a seed and a policy, and what must come of it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// What the case checks, in words, for the report.
    pub name: String,
    pub scenario: Sp<String>,
    /// Seed of the first run; run k uses seed + k.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The scripted player: passive, historical, hawk, dove or random.
    #[serde(default = "default_policy")]
    pub policy: Sp<String>,
    /// A difficulty id of the scenario (default: the scenario's own default).
    #[serde(default)]
    pub difficulty: Option<Sp<String>>,
    #[serde(default = "default_runs")]
    pub runs: Sp<u32>,
    pub expect: Sp<Vec<Sp<Expectation>>>,
}

fn default_seed() -> u64 {
    1
}
fn default_policy() -> Sp<String> {
    Sp::new("historical".into())
}
fn default_runs() -> Sp<u32> {
    Sp::new(1)
}

/// How a run ended.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum Ending {
    Victory,
    Defeat,
}

/// What must hold. Unless it speaks of a rate, it must hold in every run of the case, at the end
/// of the run (or, for dates, by that date).
#[derive(Clone, Debug, Deserialize)]
pub enum Expectation {
    /// The run ends in victory or in defeat.
    Outcome(Ending),
    /// At least this share (0 to 1) of the runs end in victory.
    WinRateAtLeast(Sp<f64>),
    /// At most this share (0 to 1) of the runs end in victory.
    WinRateAtMost(Sp<f64>),
    /// The country is a member on or before the date.
    MemberBy(Sp<String>, Sp<String>),
    /// The country is not yet a member on the date.
    NotMemberBy(Sp<String>, Sp<String>),
    /// The alliance meter ends at or above the value (0 to 100).
    MeterAtLeast(AllianceMeter, Sp<f64>),
    /// The alliance meter ends at or below the value (0 to 100).
    MeterAtMost(AllianceMeter, Sp<f64>),
    /// The adversary's figure ends at or above the value (0 to 100).
    AdversaryAtLeast(AdversaryStat, Sp<f64>),
    /// The adversary's figure ends at or below the value (0 to 100).
    AdversaryAtMost(AdversaryStat, Sp<f64>),
    /// The event fired at least once.
    EventFired(Sp<String>),
    /// The event never fired.
    EventNotFired(Sp<String>),
    /// The flag is set at the end.
    FlagSet(Sp<String>),
    /// The flag is not set at the end.
    FlagNotSet(Sp<String>),
    /// The scenario's objective was met.
    ObjectiveMet(Sp<String>),
    /// The scenario's objective was not met.
    ObjectiveNotMet(Sp<String>),
    /// The final score is at least this.
    ScoreAtLeast(Sp<f64>),
    /// At most this many attacks were left unanswered.
    UnansweredAttacksAtMost(u32),
}

/// The result of one expectation.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    /// The expectation as written in the file.
    pub expectation: String,
    /// `path:line:col` of the expectation.
    pub place: String,
    pub passed: bool,
    /// What actually happened.
    pub happened: String,
}

/// The result of one case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseResult {
    pub name: String,
    /// `path:line:col` of the case.
    pub place: String,
    pub scenario: String,
    pub seed: u64,
    pub policy: String,
    pub difficulty: String,
    pub runs: u32,
    pub passed: bool,
    pub checks: Vec<CheckResult>,
    /// Why the case could not be run at all (its diagnostics say more).
    pub problem: Option<String>,
}

/// Reads a test file; problems go into `diags`.
pub fn read_file(path: &Path, diags: &mut Diags) -> Option<(FileId, TestFile)> {
    let shown = path.display().to_string();
    let text = match load::read_text(path) {
        Ok(text) => text,
        Err(message) => {
            diags.file_error(&shown, message, None);
            return None;
        }
    };
    let file = diags.add_file(shown, text);
    let parsed = load::read_as::<TestFile>(diags, file)?;
    if parsed.cases.is_empty() {
        diags.warning(file, Span::default(), "this test file has no cases", None);
    }
    Some((file, parsed))
}

/// Runs every case of a file against the catalog.
pub fn run_file(catalog: &Catalog, diags: &mut Diags, file: FileId, tests: &TestFile) -> Vec<CaseResult> {
    tests.cases.iter().map(|case| run_case(catalog, diags, file, case)).collect()
}

/// What a case needs resolved before it can be played.
struct Plan {
    content: Arc<Content>,
    difficulty: usize,
}

fn place(diags: &Diags, file: FileId, span: Span) -> String {
    let f = &diags.files[file];
    let (line, col) = LineIndex::new(&f.text).line_col(span.start);
    format!("{}:{line}:{col}", f.path)
}

fn written(diags: &Diags, file: FileId, span: Span) -> String {
    diags.files[file].text.get(span.start..span.end).unwrap_or("?").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs one case.
pub fn run_case(catalog: &Catalog, diags: &mut Diags, file: FileId, case: &Sp<TestCase>) -> CaseResult {
    let c = &case.value;
    let mut result = CaseResult {
        name: c.name.clone(),
        place: place(diags, file, case.span),
        scenario: c.scenario.value.clone(),
        seed: c.seed,
        policy: c.policy.value.clone(),
        difficulty: String::new(),
        runs: c.runs.value,
        passed: false,
        checks: Vec::new(),
        problem: None,
    };
    let before = diags.error_count();
    let plan = check_case(catalog, diags, file, c);
    let Some(plan) = plan.filter(|_| diags.error_count() == before) else {
        result.problem = Some("the case has errors and was not run".into());
        return result;
    };
    result.difficulty = plan.content.scenario.difficulties[plan.difficulty].id.clone();
    let runs: Vec<Campaign> = (0..c.runs.value)
        .map(|k| {
            let seed = c.seed.wrapping_add(u64::from(k));
            let mut campaign = Campaign::new(plan.content.clone(), seed, plan.difficulty);
            let mut player = policy::policy_by_name(&c.policy.value, seed).unwrap_or_else(|| Box::new(policy::Passive));
            policy::play(&mut campaign, player.as_mut());
            campaign
        })
        .collect();
    for e in &c.expect.value {
        let (passed, happened) = evaluate(&e.value, &runs, c.seed);
        result.checks.push(CheckResult {
            expectation: written(diags, file, e.span),
            place: place(diags, file, e.span),
            passed,
            happened,
        });
    }
    result.passed = result.checks.iter().all(|x| x.passed);
    result
}

/// Checks the case's names against the catalog: every problem is reported at its place.
fn check_case(catalog: &Catalog, diags: &mut Diags, file: FileId, c: &TestCase) -> Option<Plan> {
    let Some(content) = catalog.scenario(&c.scenario.value).cloned() else {
        let ids: Vec<&str> = catalog.scenarios.iter().map(|s| s.scenario.id.as_str()).collect();
        diags.error(
            file,
            c.scenario.span,
            format!("unknown scenario '{}'", c.scenario.value),
            hint_for(&c.scenario.value, ids.iter().copied()).or(Some("see `article-five list`".into())),
        );
        return None;
    };
    if !POLICY_NAMES.contains(&c.policy.value.as_str()) {
        diags.error(
            file,
            c.policy.span,
            format!("unknown policy '{}'", c.policy.value),
            hint_for(&c.policy.value, POLICY_NAMES.iter().copied()),
        );
    }
    if !(1..=MAX_RUNS).contains(&c.runs.value) {
        diags.error(
            file,
            c.runs.span,
            format!("runs {} is out of range", c.runs.value),
            Some(format!("expected a number between 1 and {MAX_RUNS}")),
        );
    }
    if c.expect.value.is_empty() {
        diags.error(file, c.expect.span, "the case expects nothing", Some("list what must happen".into()));
    }
    let levels = &content.scenario.difficulties;
    let difficulty = match &c.difficulty {
        None => content.scenario.default_difficulty,
        Some(d) => match levels.iter().position(|l| l.id == d.value) {
            Some(i) => i,
            None => {
                diags.error(
                    file,
                    d.span,
                    format!("unknown difficulty '{}'", d.value),
                    hint_for(&d.value, levels.iter().map(|l| l.id.as_str())),
                );
                0
            }
        },
    };
    let start = content.scenario.start;
    let end = content.scenario.end;
    for e in &c.expect.value {
        let mut fraction = |x: &Sp<f64>| {
            if !(0.0..=1.0).contains(&x.value) {
                diags.error(
                    file,
                    x.span,
                    format!("win rate {} is not a fraction", x.value),
                    Some("expected a number between 0 and 1 (two thirds is 0.67)".into()),
                );
            }
        };
        match &e.value {
            Expectation::Outcome(_) | Expectation::UnansweredAttacksAtMost(_) => {}
            Expectation::WinRateAtLeast(x) | Expectation::WinRateAtMost(x) => fraction(x),
            Expectation::MemberBy(iso, date) | Expectation::NotMemberBy(iso, date) => {
                country(diags, file, &content, iso);
                match GameDate::parse(&date.value) {
                    Ok(d) if d < start || d > end.plus_months(1) => {
                        diags.error(file, date.span, format!("date {d} is outside the scenario ({start}..{end})"), None)
                    }
                    Ok(_) => {}
                    Err(message) => {
                        diags.error(file, date.span, message, Some("dates look like \"1956-01\"".into()));
                    }
                }
            }
            Expectation::MeterAtLeast(_, x)
            | Expectation::MeterAtMost(_, x)
            | Expectation::AdversaryAtLeast(_, x)
            | Expectation::AdversaryAtMost(_, x) => {
                if !(0.0..=100.0).contains(&x.value) {
                    diags.error(
                        file,
                        x.span,
                        format!("{} is out of range", x.value),
                        Some("expected a number between 0 and 100".into()),
                    );
                }
            }
            Expectation::ScoreAtLeast(_) => {}
            Expectation::EventFired(id) | Expectation::EventNotFired(id) => {
                if content.event_index(&id.value).is_none() {
                    diags.error(
                        file,
                        id.span,
                        format!("scenario '{}' has no event '{}'", c.scenario.value, id.value),
                        hint_for(&id.value, content.events.iter().map(|e| e.id.as_str())),
                    );
                }
            }
            Expectation::FlagSet(id) | Expectation::FlagNotSet(id) => {
                if content.flag_id(&id.value).is_none() {
                    diags.error(
                        file,
                        id.span,
                        format!("nothing in scenario '{}' uses flag '{}'", c.scenario.value, id.value),
                        hint_for(&id.value, content.flags.iter().map(String::as_str)),
                    );
                }
            }
            Expectation::ObjectiveMet(id) | Expectation::ObjectiveNotMet(id) => {
                if !content.scenario.objectives.iter().any(|o| o.id == id.value) {
                    diags.error(
                        file,
                        id.span,
                        format!("scenario '{}' has no objective '{}'", c.scenario.value, id.value),
                        hint_for(&id.value, content.scenario.objectives.iter().map(|o| o.id.as_str())),
                    );
                }
            }
        }
    }
    Some(Plan { content, difficulty })
}

fn country(diags: &mut Diags, file: FileId, content: &Content, iso: &Sp<String>) {
    let found = Iso::new(&iso.value).ok().and_then(|i| content.country_index(i));
    if found.is_none() {
        diags.error(
            file,
            iso.span,
            format!("'{}' is not in scenario '{}'", iso.value, content.scenario.id),
            hint_for(&iso.value, content.countries.iter().map(|c| c.iso.as_str())),
        );
    }
}

/// Whether an expectation holds over the runs, and what happened, in words.
fn evaluate(e: &Expectation, runs: &[Campaign], first_seed: u64) -> (bool, String) {
    let n = runs.len();
    let wins = runs.iter().filter(|r| r.state().ending.as_ref().is_some_and(|x| x.victory)).count();
    let rate = wins as f64 / n.max(1) as f64;
    let won = || format!("won {wins} of {n} run(s) ({:.0}%)", 100.0 * rate);
    match e {
        Expectation::WinRateAtLeast(x) => return (rate >= x.value, won()),
        Expectation::WinRateAtMost(x) => return (rate <= x.value, won()),
        _ => {}
    }
    // Every other expectation must hold in each run.
    let results: Vec<(bool, String)> = runs.iter().map(|r| one_run(e, r)).collect();
    let failed: Vec<usize> = (0..n).filter(|&k| !results[k].0).collect();
    if n == 1 {
        return results.into_iter().next().unwrap_or((false, "no run".into()));
    }
    match failed.first() {
        None => (true, format!("held in all {n} runs; first run: {}", results[0].1)),
        Some(&k) => {
            let seeds: Vec<String> =
                failed.iter().take(8).map(|&i| first_seed.wrapping_add(i as u64).to_string()).collect();
            (
                false,
                format!(
                    "failed in {} of {n} runs (seeds {}{}); seed {}: {}",
                    failed.len(),
                    seeds.join(", "),
                    if failed.len() > 8 { ", …" } else { "" },
                    first_seed.wrapping_add(k as u64),
                    results[k].1
                ),
            )
        }
    }
}

fn one_run(e: &Expectation, run: &Campaign) -> (bool, String) {
    let s = run.state();
    let content = run.content();
    let idx = |iso: &str| Iso::new(iso).ok().and_then(|i| content.country_index(i)).map(usize::from);
    match e {
        Expectation::Outcome(want) => match &s.ending {
            Some(end) => {
                let got = if end.victory { Ending::Victory } else { Ending::Defeat };
                let word = if end.victory { "victory" } else { "defeat" };
                (got == *want, format!("{word}: {}", end.reason))
            }
            None => (false, "the run did not finish".into()),
        },
        Expectation::MemberBy(iso, date) | Expectation::NotMemberBy(iso, date) => {
            let want_member = matches!(e, Expectation::MemberBy(..));
            let (Some(i), Ok(by)) = (idx(&iso.value), GameDate::parse(&date.value)) else {
                return (false, "cannot be checked".into());
            };
            let joined = s.countries.get(i).and_then(|c| c.joined);
            let member_by = joined.is_some_and(|j| j <= by);
            let happened = match joined {
                Some(j) => format!("{} joined on {j}", iso.value),
                None => format!("{} never joined", iso.value),
            };
            (member_by == want_member, happened)
        }
        Expectation::MeterAtLeast(m, x) | Expectation::MeterAtMost(m, x) => {
            let v = run.get(Target::Alliance(*m));
            let ok = if matches!(e, Expectation::MeterAtLeast(..)) { v >= x.value } else { v <= x.value };
            (ok, format!("{} ended at {v:.1}", m.label().to_lowercase()))
        }
        Expectation::AdversaryAtLeast(a, x) | Expectation::AdversaryAtMost(a, x) => {
            let v = run.get(Target::Adversary(*a));
            let ok = if matches!(e, Expectation::AdversaryAtLeast(..)) { v >= x.value } else { v <= x.value };
            (ok, format!("{} ended at {v:.1}", a.label().to_lowercase()))
        }
        Expectation::EventFired(id) | Expectation::EventNotFired(id) => {
            let times = content.event_index(&id.value).and_then(|i| s.fired.get(usize::from(i))).copied().unwrap_or(0);
            let want = matches!(e, Expectation::EventFired(_));
            let happened = if times == 0 { "it never fired".to_string() } else { format!("it fired {times} time(s)") };
            ((times > 0) == want, happened)
        }
        Expectation::FlagSet(id) | Expectation::FlagNotSet(id) => {
            let set = content.flag_id(&id.value).and_then(|f| s.flags.get(usize::from(f)).copied()).unwrap_or(false);
            let want = matches!(e, Expectation::FlagSet(_));
            (set == want, if set { "the flag is set".into() } else { "the flag is not set".into() })
        }
        Expectation::ObjectiveMet(id) | Expectation::ObjectiveNotMet(id) => {
            let status =
                content.scenario.objectives.iter().position(|o| o.id == id.value).and_then(|i| s.objectives.get(i));
            let met = status == Some(&ObjectiveStatus::Met);
            let want = matches!(e, Expectation::ObjectiveMet(_));
            let word = match status {
                Some(ObjectiveStatus::Met) => "met",
                Some(ObjectiveStatus::Failed) => "failed",
                _ => "still open at the end",
            };
            (met == want, format!("the objective was {word}"))
        }
        Expectation::ScoreAtLeast(x) => {
            let score = run.score().total;
            (score >= x.value, format!("the score was {score:.1}"))
        }
        Expectation::UnansweredAttacksAtMost(max) => {
            let n = s.tally.unanswered_attacks;
            (n <= *max, format!("{n} attack(s) left unanswered"))
        }
        Expectation::WinRateAtLeast(_) | Expectation::WinRateAtMost(_) => {
            (false, "a rate, checked over all runs".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::scenario::load_catalog(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
    }

    fn run_text(catalog: &Catalog, text: &str) -> (Vec<CaseResult>, Diags) {
        let mut diags = Diags::default();
        let file = diags.add_file("t.ron".into(), text.into());
        let Some(tests) = load::read_as::<TestFile>(&mut diags, file) else { return (Vec::new(), diags) };
        let results = run_file(catalog, &mut diags, file, &tests);
        (results, diags)
    }

    #[test]
    fn a_passing_and_a_failing_case_say_what_happened() {
        let c = catalog();
        let text = r#"(format_version: 1, cases: [
    (name: "structure", scenario: "founding", seed: 7, expect: [MemberBy("USA", "1949-04"), NotMemberBy("DEU", "1950-01")]),
    (name: "wrong on purpose", scenario: "founding", seed: 7, policy: "passive", expect: [MeterAtLeast(Cohesion, 100)]),
])"#;
        let (results, diags) = run_text(&c, text);
        assert!(!diags.has_errors(), "{}", diags.render_all());
        assert!(results[0].passed, "{:?}", results[0]);
        assert_eq!(results[0].checks[0].expectation, "MemberBy(\"USA\", \"1949-04\")");
        assert_eq!(results[0].checks[0].happened, "USA joined on 1949-04");
        assert!(!results[1].passed);
        assert_eq!(results[1].checks[0].place, "t.ron:3:91");
        assert!(results[1].checks[0].happened.starts_with("cohesion ended at "), "{}", results[1].checks[0].happened);
    }

    #[test]
    fn unknown_names_are_errors_at_their_place_and_the_case_is_not_run() {
        let c = catalog();
        let text = "(format_version: 1, cases: [(name: \"x\", scenario: \"foundng\", expect: [Outcome(Victory)]),\n (name: \"y\", scenario: \"founding\", policy: \"hawkish\", runs: 0, expect: [MemberBy(\"GER\", \"1960-01\"), EventFired(\"korean_war_shok\"), WinRateAtLeast(1.5)])])";
        let (results, diags) = run_text(&c, text);
        assert!(results.iter().all(|r| !r.passed && r.problem.is_some()));
        let lines: Vec<String> =
            diags.sorted().iter().map(|d| format!("{}:{}: {}", d.line, d.col, d.message)).collect();
        assert_eq!(
            lines,
            [
                "1:51: unknown scenario 'foundng'",
                "2:44: unknown policy 'hawkish'",
                "2:61: runs 0 is out of range",
                "2:82: 'GER' is not in scenario 'founding'",
                "2:89: date 1960-01 is outside the scenario (1949-04..1955-12)",
                "2:112: scenario 'founding' has no event 'korean_war_shok'",
                "2:147: win rate 1.5 is not a fraction",
            ]
        );
        let hint = |m: &str| diags.list.iter().find(|d| d.message.contains(m)).and_then(|d| d.hint.clone());
        assert_eq!(hint("foundng").as_deref(), Some("did you mean 'founding'?"));
        assert_eq!(hint("korean_war_shok").as_deref(), Some("did you mean 'korean_war_shock'?"));
    }

    #[test]
    fn several_runs_report_the_seeds_that_failed() {
        let c = catalog();
        // Doing nothing loses the founding years: every run fails Outcome(Victory).
        let text = r#"(format_version: 1, cases: [(name: "n", scenario: "founding", seed: 3, runs: 3, policy: "passive", expect: [Outcome(Victory), WinRateAtMost(0.0)])])"#;
        let (results, diags) = run_text(&c, text);
        assert!(!diags.has_errors(), "{}", diags.render_all());
        let check = &results[0].checks[0];
        assert!(!check.passed);
        assert!(
            check.happened.starts_with("failed in 3 of 3 runs (seeds 3, 4, 5); seed 3: defeat: "),
            "{}",
            check.happened
        );
        assert!(results[0].checks[1].passed);
        assert_eq!(results[0].checks[1].happened, "won 0 of 3 run(s) (0%)");
        assert!(!results[0].passed);
    }
}

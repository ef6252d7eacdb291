//! `article-five simulate`: headless runs with a scripted policy, in parallel on every core.

use crate::sim::policy::{self, POLICY_NAMES};
use crate::sim::{Campaign, Content};
use clap::Args;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Default, Args)]
pub struct SimulateArgs {
    /// Scenario id (see `article-five list`).
    #[arg(long)]
    pub scenario: String,
    /// Seed of the first run; run k uses seed + k.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of runs.
    #[arg(long, default_value_t = 1)]
    pub runs: u64,
    /// Scripted policy: passive, historical, hawk, dove or random.
    #[arg(long, default_value = "historical")]
    pub policy: String,
    /// Difficulty id (default: the scenario's own default).
    #[arg(long)]
    pub difficulty: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Write the finished game's save file here (only with --runs 1); `article-five replay`
    /// checks it, and the game's load menu opens it.
    #[arg(long, value_name = "FILE")]
    pub save: Option<std::path::PathBuf>,
}

/// What one run ended with.
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
    pub seed: u64,
    pub victory: bool,
    pub reason: String,
    pub score: f64,
    pub turns: u32,
    pub meters: [f64; 6],
    pub invocations: u32,
    pub unanswered: u32,
    pub attacks: u32,
    pub state_hash: u64,
}

/// Plays one campaign to its end.
pub fn run_one(
    content: &Arc<Content>,
    seed: u64,
    difficulty: usize,
    policy_name: &str,
    keep_hash: bool,
) -> (RunResult, Campaign) {
    let mut campaign = Campaign::new(content.clone(), seed, difficulty);
    let mut player = policy::policy_by_name(policy_name, seed).unwrap_or_else(|| Box::new(policy::Passive));
    policy::play(&mut campaign, player.as_mut());
    let s = campaign.state();
    let a = &s.alliance;
    let ending = s.ending.clone();
    let result = RunResult {
        seed,
        victory: ending.as_ref().is_some_and(|e| e.victory),
        reason: ending.map_or_else(|| "unfinished".into(), |e| e.reason),
        score: campaign.score().total,
        turns: s.turn,
        meters: [a.cohesion, a.deterrence, a.credibility, a.legitimacy, a.burden_sharing, s.adversary.intent],
        invocations: s.tally.article5_invocations,
        unanswered: s.tally.unanswered_attacks,
        attacks: s.tally.attacks,
        state_hash: if keep_hash { campaign.state_hash() } else { 0 },
    };
    (result, campaign)
}

/// Runs many seeds on every core; results come back in seed order.
pub fn run_many(content: &Arc<Content>, args: &SimulateArgs, difficulty: usize, progress: bool) -> Vec<RunResult> {
    let runs = args.runs as usize;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(runs.max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let mut results: Vec<Option<RunResult>> = vec![None; runs];
    let chunks: Vec<Vec<(usize, RunResult)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= runs {
                            break;
                        }
                        let (result, _) =
                            run_one(content, args.seed.wrapping_add(k as u64), difficulty, &args.policy, runs == 1);
                        mine.push((k, result));
                        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if progress && (finished.is_multiple_of(50) || finished == runs) {
                            draw_progress(finished, runs);
                        }
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    for (k, r) in chunks.into_iter().flatten() {
        results[k] = Some(r);
    }
    if progress {
        eprintln!();
    }
    results.into_iter().flatten().collect()
}

fn draw_progress(done: usize, total: usize) {
    const WIDTH: usize = 40;
    let filled = done * WIDTH / total.max(1);
    let mut err = std::io::stderr();
    let _ = write!(err, "\r[{}{}] {done}/{total} runs", "#".repeat(filled), "-".repeat(WIDTH - filled));
    let _ = err.flush();
}

/// Summary statistics over runs.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub policy: String,
    pub difficulty: String,
    pub seed: u64,
    pub runs: u64,
    pub wins: u64,
    pub losses: u64,
    pub win_rate: f64,
    pub mean_score: f64,
    pub mean_cohesion: f64,
    pub mean_deterrence: f64,
    pub mean_credibility: f64,
    pub mean_legitimacy: f64,
    pub mean_burden_sharing: f64,
    pub mean_adversary_intent: f64,
    pub article5_invocations: u64,
    pub unanswered_attacks: u64,
    pub attacks: u64,
    /// Why runs were lost, most common first.
    pub defeats: Vec<(String, u64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

pub fn summarise(content: &Content, args: &SimulateArgs, difficulty: usize, results: &[RunResult]) -> Summary {
    let n = results.len().max(1) as f64;
    let mean = |k: usize| results.iter().map(|r| r.meters[k]).sum::<f64>() / n;
    let wins = results.iter().filter(|r| r.victory).count() as u64;
    let mut defeats: Vec<(String, u64)> = Vec::new();
    for r in results.iter().filter(|r| !r.victory) {
        match defeats.iter_mut().find(|(reason, _)| *reason == r.reason) {
            Some((_, count)) => *count += 1,
            None => defeats.push((r.reason.clone(), 1)),
        }
    }
    defeats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let one = results.len() == 1;
    Summary {
        scenario: content.scenario.id.clone(),
        policy: args.policy.clone(),
        difficulty: content.scenario.difficulties[difficulty].id.clone(),
        seed: args.seed,
        runs: results.len() as u64,
        wins,
        losses: results.len() as u64 - wins,
        win_rate: wins as f64 / n,
        mean_score: results.iter().map(|r| r.score).sum::<f64>() / n,
        mean_cohesion: mean(0),
        mean_deterrence: mean(1),
        mean_credibility: mean(2),
        mean_legitimacy: mean(3),
        mean_burden_sharing: mean(4),
        mean_adversary_intent: mean(5),
        article5_invocations: results.iter().map(|r| u64::from(r.invocations)).sum(),
        unanswered_attacks: results.iter().map(|r| u64::from(r.unanswered)).sum(),
        attacks: results.iter().map(|r| u64::from(r.attacks)).sum(),
        defeats,
        state_hash: one.then(|| format!("{:016x}", results[0].state_hash)),
        outcome: one.then(|| results[0].reason.clone()),
    }
}

pub fn run(env: &super::Env, args: &SimulateArgs) -> ExitCode {
    if !POLICY_NAMES.contains(&args.policy.as_str()) {
        eprintln!("article-five simulate: unknown policy '{}'", args.policy);
        let hint = crate::scenario::diagnostics::hint_for(&args.policy, POLICY_NAMES.iter().copied());
        eprintln!("  hint: {}", hint.unwrap_or_else(|| format!("expected one of: {}", POLICY_NAMES.join(", "))));
        return ExitCode::from(2);
    }
    if args.runs == 0 || args.runs > 10_000_000 {
        eprintln!("article-five simulate: --runs must be between 1 and 10000000");
        return ExitCode::from(2);
    }
    if args.save.is_some() && args.runs != 1 {
        eprintln!("article-five simulate: --save writes one game, so it needs --runs 1 (got --runs {})", args.runs);
        return ExitCode::from(2);
    }
    let catalog = super::load_or_warn(env);
    let Some(content) = catalog.scenario(&args.scenario) else {
        eprintln!("article-five simulate: unknown scenario '{}'", args.scenario);
        let ids: Vec<&str> = catalog.scenarios.iter().map(|s| s.scenario.id.as_str()).collect();
        if let Some(hint) = crate::scenario::diagnostics::hint_for(&args.scenario, ids.iter().copied()) {
            eprintln!("  hint: {hint}");
        }
        eprintln!("  see `article-five list`");
        return ExitCode::from(2);
    };
    let levels = &content.scenario.difficulties;
    let difficulty = match &args.difficulty {
        None => content.scenario.default_difficulty,
        Some(id) => match levels.iter().position(|d| d.id == *id) {
            Some(i) => i,
            None => {
                eprintln!("article-five simulate: unknown difficulty '{id}'");
                eprintln!(
                    "  hint: {}",
                    crate::scenario::diagnostics::hint_for(id, levels.iter().map(|d| d.id.as_str()))
                        .unwrap_or_default()
                );
                return ExitCode::from(2);
            }
        },
    };
    if let Some(path) = &args.save {
        return simulate_and_save(content, args, difficulty, path);
    }
    let progress = args.runs >= 200 && std::io::stderr().is_terminal();
    let results = run_many(content, args, difficulty, progress);
    let summary = summarise(content, args, difficulty, &results);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    } else {
        print_text(&summary);
    }
    ExitCode::SUCCESS
}

/// Plays one game, writes its save, and prints the usual summary.
fn simulate_and_save(
    content: &Arc<Content>,
    args: &SimulateArgs,
    difficulty: usize,
    path: &std::path::Path,
) -> ExitCode {
    let (result, campaign) = run_one(content, args.seed, difficulty, &args.policy, true);
    let label = format!("{} · {} policy · seed {}", content.scenario.title, args.policy, args.seed);
    if let Err(e) = crate::save::save(&campaign, path, &label) {
        eprintln!("article-five simulate: cannot write the save: {e}");
        return ExitCode::from(1);
    }
    let summary = summarise(content, args, difficulty, &[result]);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    } else {
        print_text(&summary);
    }
    eprintln!("saved to {}", super::shown_path(path));
    ExitCode::SUCCESS
}

fn print_text(s: &Summary) {
    println!(
        "scenario {} · policy {} · difficulty {} · seeds {}..{}",
        s.scenario,
        s.policy,
        s.difficulty,
        s.seed,
        s.seed + s.runs - 1
    );
    println!("runs {}  wins {}  losses {}  win rate {:.1}%", s.runs, s.wins, s.losses, 100.0 * s.win_rate);
    println!("mean score {:.1}", s.mean_score);
    println!(
        "mean final meters: cohesion {:.1}  deterrence {:.1}  credibility {:.1}  legitimacy {:.1}  burden sharing {:.1}  adversary intent {:.1}",
        s.mean_cohesion,
        s.mean_deterrence,
        s.mean_credibility,
        s.mean_legitimacy,
        s.mean_burden_sharing,
        s.mean_adversary_intent
    );
    println!(
        "attacks {}  Article 5 invocations {}  attacks left unanswered {}",
        s.attacks, s.article5_invocations, s.unanswered_attacks
    );
    for (reason, count) in s.defeats.iter().take(5) {
        println!("  lost {count}×: {reason}");
    }
    if let Some(outcome) = &s.outcome {
        println!("outcome: {outcome}");
    }
    if let Some(hash) = &s.state_hash {
        println!("state hash {hash}");
    }
}

//! The soak run: plays campaigns headless, every shipped scenario with every scripted policy,
//! until a number of turns has been simulated, and reports the memory footprint as it goes. A
//! growing footprint (a leak, a cache without a bound) or a panic fails it. Every finished game is
//! checked against the rules' invariants, and every hundredth goes through a save file's bytes and
//! back.
//!
//! `cargo run --release --no-default-features --example soak -- [TURNS] [THREADS]`
//! (defaults: ten million turns, every core). Exits 1 if the resident memory grew in the second
//! half of the run: by more than `MAX_GROWTH` and more than `SLACK_KIB` above the highest resident
//! figure of the first half. The first half is the allocator's warm-up (each thread's pool grows
//! to its working size, and in a short run that takes a good part of it); a leak keeps growing
//! after it, at the same pace, and shows in the second half.

use article_five::save::{self, SaveFile};
use article_five::sim::{Campaign, policy};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Allowed growth of the resident set over the second half of the run, relative to the first
/// half's highest figure: a leak of even a few bytes per turn shows over millions of turns.
const MAX_GROWTH: f64 = 0.10;

/// Allowed growth in absolute terms, for short runs whose footprint is a few MiB and moves by a
/// page or two of allocator pool with the threads' timing.
const SLACK_KIB: u64 = 2048;

/// Resident and peak resident memory of this process, in KiB (Linux; zero elsewhere).
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000_000);
    let threads: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let catalog = article_five::scenario::load_catalog(&root);
    let scenarios = &catalog.scenarios;
    if scenarios.is_empty() {
        eprintln!("soak: no scenario loads");
        return ExitCode::from(2);
    }
    let (rss_start, _) = memory_kib();
    println!(
        "soak: {target} turns on {threads} threads over {} scenarios × {} policies; resident memory at start {rss_start} KiB",
        scenarios.len(),
        policy::POLICY_NAMES.len()
    );
    let turns = AtomicU64::new(0);
    let campaigns = AtomicU64::new(0);
    let next = AtomicU64::new(0);
    let baseline = AtomicU64::new(0);
    let reported = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while turns.load(Ordering::Relaxed) < target {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let content = &scenarios[(k as usize) % scenarios.len()];
                    let name = policy::POLICY_NAMES[(k as usize / scenarios.len()) % policy::POLICY_NAMES.len()];
                    let mut game = Campaign::new(content.clone(), k, content.scenario.default_difficulty);
                    let mut player = policy::policy_by_name(name, k).expect("a known policy");
                    policy::play(&mut game, player.as_mut());
                    if let Err(problem) = save::check_state(game.content(), game.state()) {
                        panic!("{} {name} seed {k}: invariant broken: {problem}", content.scenario.id);
                    }
                    if k.is_multiple_of(100) {
                        let bytes = SaveFile::of(&game, "soak").to_bytes();
                        let back = SaveFile::from_bytes(Path::new("soak.a5save"), &bytes)
                            .and_then(|s| s.into_campaign(Path::new("soak.a5save"), scenarios))
                            .expect("a fresh save loads");
                        assert!(back.state() == game.state(), "a save did not read back equal");
                    }
                    let done =
                        turns.fetch_add(u64::from(game.state().turn), Ordering::Relaxed) + u64::from(game.state().turn);
                    campaigns.fetch_add(1, Ordering::Relaxed);
                    // Report at every tenth of the run; the first half's highest figure is the
                    // baseline.
                    let tenth = done * 10 / target.max(1);
                    if tenth > reported.load(Ordering::Relaxed)
                        && reported.fetch_max(tenth, Ordering::Relaxed) < tenth
                        && tenth <= 10
                    {
                        let (rss, peak) = memory_kib();
                        if tenth <= 5 {
                            baseline.fetch_max(rss, Ordering::Relaxed);
                        }
                        println!(
                            "soak: {:>3}% {done} turns, {} campaigns, {:.0} s, resident {rss} KiB (peak {peak} KiB)",
                            tenth * 10,
                            campaigns.load(Ordering::Relaxed),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
            });
        }
    });
    let (rss_end, peak) = memory_kib();
    let secs = started.elapsed().as_secs_f64();
    let done = turns.load(Ordering::Relaxed);
    let base = baseline.load(Ordering::Relaxed).max(1);
    let growth = rss_end as f64 / base as f64 - 1.0;
    println!(
        "soak: {done} turns in {} campaigns, {secs:.0} s ({:.0} turns/s), no panic; resident memory at start {rss_start} KiB, highest in the first half {base} KiB, at the end {rss_end} KiB ({:+.1}%), peak {peak} KiB",
        campaigns.load(Ordering::Relaxed),
        done as f64 / secs,
        growth * 100.0
    );
    if growth > MAX_GROWTH && rss_end > base + SLACK_KIB {
        println!(
            "soak: FAILED: resident memory grew by {:.0}% ({} KiB) in the second half of the run",
            growth * 100.0,
            rss_end - base
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

//! The soak run: plays campaigns headless, every shipped scenario with every scripted policy,
//! until a number of turns has been simulated, and reports the memory footprint as it goes. A
//! growing footprint (a leak, a cache without a bound) or a panic fails it. Every finished game is
//! checked against the rules' invariants, and every hundredth goes through a save file's bytes and
//! back.
//!
//! `cargo run --release --no-default-features --example soak -- [TURNS] [THREADS]`
//! (defaults: ten million turns, every core). Memory is watched two ways. Each worker thread
//! counts the heap bytes it holds (`article_five::heap`) after every campaign, once the
//! campaign is dropped: every byte a finished campaign took must have come back, so after the
//! thread's first campaign the count must not grow by more than `LEAK_SLACK` bytes; it exits 1
//! if it does. The resident memory is sampled at every tenth of the run and reported beside it
//! (the allocator keeps and returns pages as it sees fit, so the resident figure moves by
//! megabytes between samples and only shows a leak over a long run).

use article_five::heap::live_bytes_on_this_thread;
use article_five::save::{self, SaveFile};
use article_five::sim::{Campaign, policy};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Instant;

/// Heap bytes a worker thread may hold after a campaign beyond what it held after its first one.
/// A clean run holds exactly as much; the slack is for a buffer the standard library might make
/// once on a thread. A leak of one byte per campaign is six times this over a million turns.
const LEAK_SLACK: isize = 4096;

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
    // The resident memory at half-time, for the report.
    let half_time = AtomicU64::new(0);
    // The largest growth of a worker's heap count after its first campaign, in bytes.
    let heap_growth = AtomicI64::new(0);
    let reported = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut held_after_first: Option<isize> = None;
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
                    let played = u64::from(game.state().turn);
                    drop((game, player));
                    let held = live_bytes_on_this_thread();
                    let first = *held_after_first.get_or_insert(held);
                    heap_growth.fetch_max((held - first) as i64, Ordering::Relaxed);
                    let done = turns.fetch_add(played, Ordering::Relaxed) + played;
                    campaigns.fetch_add(1, Ordering::Relaxed);
                    // Report at every tenth of the run.
                    let tenth = done * 10 / target.max(1);
                    if tenth > reported.load(Ordering::Relaxed)
                        && reported.fetch_max(tenth, Ordering::Relaxed) < tenth
                        && tenth <= 10
                    {
                        let (rss, peak) = memory_kib();
                        if tenth == 5 {
                            half_time.store(rss, Ordering::Relaxed);
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
    let middle = half_time.load(Ordering::Relaxed);
    let grown = heap_growth.load(Ordering::Relaxed);
    println!(
        "soak: {done} turns in {} campaigns, {secs:.0} s ({:.0} turns/s), no panic; heap held by a worker after a campaign: at most {grown} bytes more than after its first; resident memory at start {rss_start} KiB, at half-time {middle} KiB, at the end {rss_end} KiB, peak {peak} KiB",
        campaigns.load(Ordering::Relaxed),
        done as f64 / secs,
    );
    if grown as isize > LEAK_SLACK {
        println!("soak: FAILED: a worker held {grown} bytes more after its last campaign than after its first: a leak");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

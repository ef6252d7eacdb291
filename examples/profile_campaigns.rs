//! Plays many campaigns of one scenario with one policy on one thread, for profiling.
//! Usage: cargo run --release --no-default-features --example profile_campaigns -- SCENARIO POLICY N
//!
//! The campaigns are played in `play_campaigns`, so a profiler can count only them, loading left
//! out: `valgrind --tool=callgrind --toggle-collect='*play_campaigns*' ...` (see
//! docs/performance.md).

use article_five::scenario;
use article_five::sim::{Campaign, Content, policy};
use std::sync::Arc;

/// Plays `n` campaigns (seeds 0..n) from the start to the end; returns the turns played.
#[inline(never)]
fn play_campaigns(content: &Arc<Content>, name: &str, n: u64) -> u64 {
    let mut turns = 0u64;
    for seed in 0..n {
        let mut c = Campaign::new(content.clone(), seed, content.scenario.default_difficulty);
        let mut p = policy::policy_by_name(name, seed).expect("policy");
        policy::play(&mut c, p.as_mut());
        turns += u64::from(c.state().turn);
    }
    turns
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let id = args.get(1).map_or("founding", String::as_str);
    let name = args.get(2).map_or("historical", String::as_str);
    let n: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100);
    let catalog = scenario::load_catalog(&scenario::default_data_dir());
    let content = catalog.scenario(id).expect("scenario loads").clone();
    let start = std::time::Instant::now();
    let turns = play_campaigns(&content, name, n);
    let secs = start.elapsed().as_secs_f64();
    println!("{n} campaigns, {turns} turns, {:.0} turns/s", turns as f64 / secs);
}

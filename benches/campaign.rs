//! Benchmarks, plain harness: headless campaigns (simulated turns per second on one core) and
//! loading and validating every shipped file. Run with
//! `cargo bench --no-default-features --bench campaign`.

use article_five::scenario;
use article_five::sim::{Campaign, policy};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");

    // Loading and validating every shipped file.
    let mut times = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        let catalog = scenario::load_catalog(&root);
        times.push(start.elapsed());
        black_box(&catalog);
    }
    times.sort();
    let catalog = scenario::load_catalog(&root);
    println!(
        "load+validate all shipped files ({} files, {} scenarios, {} events): median {:.1} ms, best {:.1} ms",
        catalog.diags.files.len(),
        catalog.scenarios.len(),
        catalog.events.len(),
        ms(times[times.len() / 2]),
        ms(times[0])
    );

    // Full campaigns on one thread, every shipped scenario, each scripted policy.
    let budget = Duration::from_secs(2);
    let mut all_turns = 0u64;
    let mut all_time = Duration::ZERO;
    for content in &catalog.scenarios {
        for name in policy::POLICY_NAMES {
            let mut turns = 0u64;
            let mut campaigns = 0u64;
            let start = Instant::now();
            while start.elapsed() < budget / 5 {
                let seed = campaigns;
                let mut c = Campaign::new(content.clone(), seed, content.scenario.default_difficulty);
                let mut p = policy::policy_by_name(name, seed).expect("known policy");
                policy::play(&mut c, p.as_mut());
                turns += u64::from(c.state().turn);
                campaigns += 1;
                black_box(&c);
            }
            let elapsed = start.elapsed();
            all_turns += turns;
            all_time += elapsed;
            println!(
                "{:<16} {:<10} {:>6} campaigns {:>8} turns  {:>9.0} turns/s",
                content.scenario.id,
                name,
                campaigns,
                turns,
                turns as f64 / elapsed.as_secs_f64()
            );
        }
    }
    println!(
        "all scenarios and policies: {:.0} simulated turns per second on one core",
        all_turns as f64 / all_time.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

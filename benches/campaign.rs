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

    // Full campaigns on one thread, every shipped scenario, each scripted policy. The machine's
    // speed swings with what else runs on its host, so the whole matrix is played in several
    // passes, each cell replaying the same seeds in each pass: a pass's figure is its turns over
    // its time, and each cell's best pass is the speed of the code with the least interference.
    const PASSES: usize = 3;
    let per_cell = Duration::from_millis(150);
    let cells: Vec<_> = catalog
        .scenarios
        .iter()
        .flat_map(|content| policy::POLICY_NAMES.iter().map(move |name| (content, *name)))
        .collect();
    // rates[cell][pass], and each pass's total turns and time.
    let mut rates = vec![[0.0f64; PASSES]; cells.len()];
    let mut passes = [(0u64, Duration::ZERO); PASSES];
    for pass in 0..PASSES {
        for (k, (content, name)) in cells.iter().enumerate() {
            let mut turns = 0u64;
            let mut campaigns = 0u64;
            let start = Instant::now();
            while start.elapsed() < per_cell {
                let seed = campaigns;
                let mut c = Campaign::new((*content).clone(), seed, content.scenario.default_difficulty);
                let mut p = policy::policy_by_name(name, seed).expect("known policy");
                policy::play(&mut c, p.as_mut());
                turns += u64::from(c.state().turn);
                campaigns += 1;
                black_box(&c);
            }
            let elapsed = start.elapsed();
            rates[k][pass] = turns as f64 / elapsed.as_secs_f64();
            passes[pass].0 += turns;
            passes[pass].1 += elapsed;
        }
    }
    for ((content, name), r) in cells.iter().zip(&rates) {
        let mut sorted = *r;
        sorted.sort_by(f64::total_cmp);
        println!(
            "{:<16} {:<10} best {:>9.0} turns/s, median {:>9.0}",
            content.scenario.id,
            name,
            sorted[PASSES - 1],
            sorted[PASSES / 2]
        );
    }
    let mut pass_rates: Vec<f64> = passes.iter().map(|(t, d)| *t as f64 / d.as_secs_f64()).collect();
    let listed: Vec<String> = pass_rates.iter().map(|r| format!("{r:.0}")).collect();
    pass_rates.sort_by(f64::total_cmp);
    // Every cell had the same time, so the matrix's speed is the mean of the cells' speeds.
    let best_cells = rates.iter().map(|r| r.iter().copied().fold(0.0, f64::max)).sum::<f64>() / cells.len() as f64;
    println!("passes over all scenarios and policies: {} turns/s", listed.join(", "));
    println!(
        "all scenarios and policies: {:.0} simulated turns per second on one core (median pass; each cell at its best pass: {best_cells:.0})",
        pass_rates[PASSES / 2]
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

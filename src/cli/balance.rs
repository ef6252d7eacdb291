//! `article-five balance`: every scenario against every scripted policy, as the Markdown table
//! kept in docs/balance.md.

use super::simulate::{SimulateArgs, run_many, summarise};
use crate::sim::policy::POLICY_NAMES;
use clap::Args;
use std::process::ExitCode;

/// Arguments of `balance`.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Runs per scenario and policy.
    #[arg(long, default_value_t = 1000)]
    pub runs: u64,
    /// Seed of the first run.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(env: &super::Env, args: &BalanceArgs) -> ExitCode {
    if args.runs == 0 {
        eprintln!("article-five balance: --runs must be at least 1");
        return ExitCode::from(2);
    }
    let catalog = super::load_or_warn(env);
    // The tutorial is a guided lesson, not an era to balance.
    let mut scenarios: Vec<_> = catalog.scenarios.iter().filter(|s| s.scenario.id != "tutorial").collect();
    scenarios.sort_by_key(|s| (s.scenario.id == "grand", s.scenario.start));
    println!("| scenario | turns | {} |", POLICY_NAMES.join(" | "));
    println!("|---|---|{}", "---|".repeat(POLICY_NAMES.len()));
    let mut notes = Vec::new();
    for content in scenarios {
        let mut cells = Vec::new();
        for policy in POLICY_NAMES {
            let sim = SimulateArgs {
                scenario: content.scenario.id.clone(),
                seed: args.seed,
                runs: args.runs,
                policy: policy.to_string(),
                ..SimulateArgs::default()
            };
            let difficulty = content.scenario.default_difficulty;
            let results = run_many(content, &sim, difficulty, false);
            let summary = summarise(content, &sim, difficulty, &results);
            cells.push(format!("{:.1}% ({:.0})", 100.0 * summary.win_rate, summary.mean_score));
            if let Some((reason, count)) = summary.defeats.first() {
                notes
                    .push(format!("- {} / {policy}: most common defeat ({count} runs): {reason}", content.scenario.id));
            }
        }
        println!("| {} | {} | {} |", content.scenario.id, content.turn_starts.len(), cells.join(" | "));
    }
    println!();
    println!(
        "Each cell: share of runs won (mean score). {} runs per cell, seeds {}..{}, default difficulty.",
        args.runs,
        args.seed,
        args.seed + args.runs - 1
    );
    println!();
    for n in notes {
        println!("{n}");
    }
    ExitCode::SUCCESS
}

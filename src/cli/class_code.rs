//! `article-five class-code`: makes the class code for a game (scenario, seed, difficulty and
//! a turn limit per lesson) for a teacher to hand out, or reads one back with `--decode`.

use crate::classroom::{self, ClassCode, ClassSettings};
use clap::Args;
use std::process::ExitCode;

/// Arguments of `class-code`.
#[derive(Debug, Args)]
pub struct ClassCodeArgs {
    /// Scenario id (see `article-five list`).
    #[arg(long, required_unless_present = "decode")]
    pub scenario: Option<String>,
    /// Seed from 0 to 999 (default: one picked at random).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Difficulty id (default: the scenario's own default).
    #[arg(long)]
    pub difficulty: Option<String>,
    /// Most turns a student plays in one lesson (1 to 30); the game then stops and offers to save.
    #[arg(long, value_name = "N")]
    pub turn_limit: Option<u32>,
    /// Read a code back and show what it fixes.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["scenario", "seed", "difficulty", "turn_limit"])]
    pub decode: Option<String>,
}

pub fn run(env: &super::Env, args: &ClassCodeArgs) -> ExitCode {
    let catalog = super::load_or_warn(env);
    if let Some(text) = &args.decode {
        return match ClassCode::decode(text, &catalog.scenarios) {
            Ok(setup) => {
                let sc = &setup.scenario.scenario;
                println!("{}", setup.code);
                println!("scenario:   {} ({})", sc.id, sc.title);
                println!("seed:       {}", setup.seed);
                println!(
                    "difficulty: {} ({})",
                    sc.difficulties[setup.difficulty].id, sc.difficulties[setup.difficulty].name
                );
                println!("turn limit: {}", limit_text(setup.turn_limit));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("article-five: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let id = args.scenario.as_deref().unwrap_or_default();
    let content = match classroom::check_installed(id, &catalog.scenarios) {
        Ok(c) => c,
        Err(classroom::CodeError::NotInstalled) => {
            eprintln!("article-five: unknown scenario '{id}'");
            let ids: Vec<&str> = catalog.scenarios.iter().map(|s| s.scenario.id.as_str()).collect();
            if let Some(hint) = crate::scenario::diagnostics::hint_for(id, ids.iter().copied()) {
                eprintln!("  hint: {hint}");
            }
            eprintln!("  see `article-five list`");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("article-five: {e}");
            return ExitCode::from(2);
        }
    };
    let levels = &content.scenario.difficulties;
    let difficulty = match &args.difficulty {
        None => content.scenario.default_difficulty,
        Some(wanted) => match levels.iter().position(|d| d.id == *wanted) {
            Some(i) => i,
            None => {
                eprintln!("article-five: unknown difficulty '{wanted}'");
                let hint = crate::scenario::diagnostics::hint_for(wanted, levels.iter().map(|d| d.id.as_str()));
                eprintln!("  hint: {}", hint.unwrap_or_default());
                return ExitCode::from(2);
            }
        },
    };
    if args.turn_limit == Some(0) {
        eprintln!("article-five: --turn-limit must be at least 1 (leave it out for no limit)");
        return ExitCode::from(2);
    }
    let seed = args.seed.unwrap_or_else(random_seed);
    let settings = ClassSettings { scenario_id: id.to_string(), seed, difficulty, turn_limit: args.turn_limit };
    match ClassCode::encode(&settings) {
        Ok(code) => {
            println!("{code}");
            eprintln!(
                "scenario {} ({}) · seed {seed} · difficulty {} · turn limit {}",
                id,
                content.scenario.title,
                levels[difficulty].id,
                limit_text(args.turn_limit)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("article-five: {e}");
            ExitCode::from(2)
        }
    }
}

fn limit_text(limit: Option<u32>) -> String {
    match limit {
        Some(1) => "1 turn per session".into(),
        Some(n) => format!("{n} turns per session"),
        None => "none".into(),
    }
}

/// A seed for a new class: the rules never read the clock, but picking which game a class plays is
/// not a rule, and any seed will do.
fn random_seed() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::process::id()) % (classroom::MAX_CODE_SEED + 1)
}

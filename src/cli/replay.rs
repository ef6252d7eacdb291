//! `article-five replay SAVE`: re-runs a saved game's command log from its seed and prints the
//! final state hash, which must equal the hash of the state the save holds. A mismatch means
//! the game is not deterministic, or the rules or the scenario changed since the save.

use crate::save::{self, SaveFile};
use crate::sim::hash::state_hash;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The save file (`.a5save`) to replay.
    #[arg(value_name = "SAVE")]
    pub save: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// What a replay found.
#[derive(Debug, Serialize)]
struct Outcome {
    scenario: String,
    seed: u64,
    difficulty: String,
    commands: usize,
    /// Turns played in the replayed game.
    turns: u32,
    ending: Option<String>,
    saved_state_hash: String,
    state_hash: String,
    matches: bool,
    /// The scenario's files differ from those the game was saved with.
    content_changed: bool,
}

pub fn run(env: &super::Env, args: &ReplayArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("article-five replay: {message}");
        ExitCode::from(1)
    };
    let saved: SaveFile = match save::read(&args.save) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let catalog = super::load_or_warn(env);
    let Some(content) = catalog.scenario(&saved.scenario_id) else {
        let e = save::SaveError::UnknownScenario { path: args.save.clone(), scenario: saved.scenario_id };
        return fail(e.to_string());
    };
    let content_changed = content.content_hash != saved.content_hash;
    if content_changed {
        eprintln!(
            "article-five replay: warning: scenario '{}' has changed since this game was saved; the replay runs on the installed files and may differ",
            saved.scenario_id
        );
    }
    let log = &saved.state.command_log;
    let replayed = match save::replay_log(content, saved.seed, saved.difficulty, log) {
        Ok(c) => c,
        Err(failure) => return fail(format!("{}: {failure}", super::shown_path(&args.save))),
    };
    let saved_hash = state_hash(&saved.state);
    let hash = replayed.state_hash();
    let levels = &content.scenario.difficulties;
    let outcome = Outcome {
        scenario: saved.scenario_id.clone(),
        seed: saved.seed,
        difficulty: levels.get(saved.difficulty).map_or_else(|| saved.difficulty.to_string(), |d| d.id.clone()),
        commands: log.len(),
        turns: replayed.state().turn,
        ending: replayed.state().ending.as_ref().map(|e| e.reason.clone()),
        saved_state_hash: format!("{saved_hash:016x}"),
        state_hash: format!("{hash:016x}"),
        matches: saved_hash == hash,
        content_changed,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome).unwrap_or_default());
    } else {
        print_text(&outcome);
    }
    if outcome.matches { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn print_text(o: &Outcome) {
    println!(
        "scenario {} · seed {} · difficulty {} · {} commands · {} turns",
        o.scenario, o.seed, o.difficulty, o.commands, o.turns
    );
    if let Some(ending) = &o.ending {
        println!("outcome: {ending}");
    }
    println!("saved state hash {}", o.saved_state_hash);
    println!("state hash {}", o.state_hash);
    if o.matches {
        println!("the replay matches the saved state");
    } else {
        println!("the replay DIFFERS from the saved state");
    }
}

//! The kill test's saver: saves games in a tight loop so that `.ci/killtest` can SIGKILL it at
//! random moments and check that every save file left is the old complete one or the new one.
//!
//! `killtest run DIR --after N`: first checks DIR as `check` does, then saves generation N+1,
//! N+2, ... to `DIR/game.a5save` (the label says the generation) and an autosave of the same
//! game to `DIR/autosaves/` (three kept), printing `saved G` after each save of the game file and
//! `ready` before the first. It runs until killed.
//!
//! `killtest check DIR --after N`: `N` is the last generation the saver said it saved. The game
//! file must be generation N or N+1 (killed after the rename, before the print), whole and
//! loadable; every autosave must load; at most one temporary file (the save in flight) may be
//! left. Prints what it found; exits 1 on any failure.

use article_five::save;
use article_five::sim::{Campaign, policy};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Autosaves kept, as the game keeps them.
const AUTOSAVES_KEPT: usize = 3;
/// Most temporary files of killed saves allowed to be waiting for the next save to clear them.
const MAX_TEMPS: usize = 8;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, dir, after) = match args.as_slice() {
        [mode, dir, flag, n] if flag == "--after" => (mode.as_str(), PathBuf::from(dir), n.parse::<u64>().ok()),
        [mode, dir] => (mode.as_str(), PathBuf::from(dir), Some(0)),
        _ => ("", PathBuf::new(), None),
    };
    let Some(after) = after else {
        eprintln!("usage: killtest run|check DIR [--after N]");
        return ExitCode::from(2);
    };
    match mode {
        "check" => match check(&dir, after) {
            Ok(report) => {
                println!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                println!("FAILED: {e}");
                ExitCode::from(1)
            }
        },
        "run" => {
            if let Err(e) = check(&dir, after) {
                println!("FAILED: {e}");
                return ExitCode::from(1);
            }
            run(&dir, after)
        }
        _ => {
            eprintln!("usage: killtest run|check DIR [--after N]");
            ExitCode::from(2)
        }
    }
}

/// Saves in a loop until killed.
fn run(dir: &Path, after: u64) -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let catalog = article_five::scenario::load_catalog(&root);
    let Some(content) = catalog.scenario("founding").or(catalog.scenarios.first()) else {
        eprintln!("killtest: no scenario loads");
        return ExitCode::from(2);
    };
    // The game at each turn, so that successive saves differ in size and content.
    let mut game = Campaign::new(content.clone(), 1, content.scenario.default_difficulty);
    let mut player = policy::policy_by_name("historical", 1).expect("the historical policy exists");
    let mut games = vec![game.clone()];
    while !game.is_over() {
        policy::play_turn(&mut game, player.as_mut());
        games.push(game.clone());
    }
    let file = dir.join("game.a5save");
    let autosaves = dir.join("autosaves");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    for generation in after + 1.. {
        let game = &games[generation as usize % games.len()];
        if let Err(e) = save::save(game, &file, &format!("generation {generation}")) {
            eprintln!("killtest: {e}");
            return ExitCode::from(1);
        }
        let _ = writeln!(out, "saved {generation}");
        let _ = out.flush();
        if let Err(e) = save::autosave(game, &autosaves, AUTOSAVES_KEPT) {
            eprintln!("killtest: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// Checks what a killed saver left.
fn check(dir: &Path, after: u64) -> Result<String, String> {
    let file = dir.join("game.a5save");
    let generation = if file.exists() {
        let saved = save::read(&file).map_err(|e| e.to_string())?;
        let generation: u64 = saved
            .label
            .strip_prefix("generation ")
            .and_then(|g| g.parse().ok())
            .ok_or_else(|| format!("unexpected label '{}'", saved.label))?;
        if generation != after && generation != after + 1 {
            return Err(format!("the file holds generation {generation}, expected {after} or {}", after + 1));
        }
        Some(generation)
    } else if after > 0 {
        return Err(format!("the file is gone after generation {after} was saved"));
    } else {
        None
    };
    let mut autosaves = 0;
    for entry in save::list_saves(&dir.join("autosaves")) {
        if let Some(problem) = entry.problem {
            return Err(format!("autosave: {problem}"));
        }
        autosaves += 1;
    }
    // Each kill may leave the save in flight as a temporary file; the next save that finishes in
    // the same folder clears them. A saver killed before its first autosave leaves one more,
    // so a few may gather, but never more than a short run of unlucky rounds.
    let temps = [dir.to_path_buf(), dir.join("autosaves")]
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    if temps > MAX_TEMPS {
        return Err(format!("{temps} temporary files left behind: they are not being cleared"));
    }
    Ok(format!(
        "ok: generation {} (after {after}), {autosaves} autosaves, {temps} temporary files",
        generation.map_or("none".into(), |g| g.to_string())
    ))
}

//! Integration tests, in one binary so the engine is linked once: the shipped data, broken
//! fixtures with their exact messages, the command line, and determinism over many seeds.

mod cli;
mod content;
mod data;
mod determinism;
mod modding;
mod reliability;
mod teaching;

use std::path::PathBuf;

/// The game's binary, run from the package folder as a user would.
pub fn article_five() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_article-five"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Runs the binary with these arguments and waits for it.
pub fn run(args: &[&str]) -> std::process::Output {
    article_five().args(args).output().expect("the binary runs")
}

/// The shipped data folder.
pub fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

//! `article-five replay`: Re-runs a saved game's command log from its seed and prints the final state hash (issue: reliability).

use clap::Args;
use std::process::ExitCode;

/// Arguments of `replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {}

pub fn run(_env: &super::Env, _args: &ReplayArgs) -> ExitCode {
    eprintln!("article-five: 'replay' is not available in this build yet");
    ExitCode::from(2)
}

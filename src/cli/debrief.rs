//! `article-five debrief`: Exports a saved game's debrief to Markdown or HTML (issue: teaching).

use clap::Args;
use std::process::ExitCode;

/// Arguments of `debrief`.
#[derive(Debug, Args)]
pub struct DebriefArgs {}

pub fn run(_env: &super::Env, _args: &DebriefArgs) -> ExitCode {
    eprintln!("article-five: 'debrief' is not available in this build yet");
    ExitCode::from(2)
}

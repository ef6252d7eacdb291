//! `article-five class-report`: Gathers students' saves or debriefs into one CSV (issue: teaching).

use clap::Args;
use std::process::ExitCode;

/// Arguments of `class-report`.
#[derive(Debug, Args)]
pub struct ClassReportArgs {}

pub fn run(_env: &super::Env, _args: &ClassReportArgs) -> ExitCode {
    eprintln!("article-five: 'class-report' is not available in this build yet");
    ExitCode::from(2)
}

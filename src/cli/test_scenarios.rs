//! `article-five test-scenarios`: Runs scenario test files (issue: modding).

use clap::Args;
use std::process::ExitCode;

/// Arguments of `test-scenarios`.
#[derive(Debug, Args)]
pub struct TestScenariosArgs {}

pub fn run(_env: &super::Env, _args: &TestScenariosArgs) -> ExitCode {
    eprintln!("article-five: 'test-scenarios' is not available in this build yet");
    ExitCode::from(2)
}

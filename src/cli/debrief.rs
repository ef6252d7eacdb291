//! `article-five debrief`: exports a saved game's debrief to Markdown or HTML (by the extension
//! of `--out`), with the student's name from the save or from `--student`.

use crate::debrief::{self, Debrief};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `debrief`.
#[derive(Debug, Args)]
pub struct DebriefArgs {
    /// The saved game (.a5save).
    #[arg(value_name = "SAVE")]
    pub save: PathBuf,
    /// Where to write the debrief: FILE.md for Markdown, FILE.html for a web page that prints well
    /// (FILE.json gives the raw data).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The student's name, when the save has none or it should be replaced.
    #[arg(long, value_name = "NAME")]
    pub student: Option<String>,
}

pub fn run(env: &super::Env, args: &DebriefArgs) -> ExitCode {
    // Checked before the scenarios are loaded, so a wrong name fails at once.
    if debrief::Format::of_path(&args.out).is_none() {
        eprintln!("article-five: {}", debrief::DebriefError::UnknownFormat { path: args.out.clone() });
        return ExitCode::from(2);
    }
    let catalog = super::load_or_warn(env);
    let debrief = match Debrief::of_save(&args.save, &catalog.scenarios) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("article-five: {e}");
            return ExitCode::FAILURE;
        }
    };
    let debrief = match &args.student {
        Some(name) => debrief.with_student(Some(name)),
        None => debrief,
    };
    match debrief::write(&debrief, &args.out) {
        Ok(_) => {
            eprintln!(
                "article-five: wrote the debrief of {} ({}, score {:.0}) to {}",
                debrief.scenario_title,
                debrief.outcome,
                debrief.score.total,
                super::shown_path(&args.out)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("article-five: {e}");
            ExitCode::FAILURE
        }
    }
}

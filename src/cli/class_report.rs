//! `article-five class-report`: gathers the students' saves and exported debriefs in a folder
//! into one CSV table, one row per student; a file that cannot be read gets a row saying why.

use crate::classroom::report;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `class-report`.
#[derive(Debug, Args)]
pub struct ClassReportArgs {
    /// The folder with the students' files (.a5save saves, or debriefs exported as .md, .html or .json).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Where to write the table (CSV).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(env: &super::Env, args: &ClassReportArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("article-five: {}: no such folder", super::shown_path(&args.dir));
        return ExitCode::from(2);
    }
    let catalog = super::load_or_warn(env);
    let rows = match report::gather(&args.dir, &catalog.scenarios) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("article-five: {}: {e}", super::shown_path(&args.dir));
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = crate::save::write_atomic(&args.out, report::to_csv(&rows).as_bytes()) {
        eprintln!("article-five: {e}");
        return ExitCode::FAILURE;
    }
    let problems = rows.iter().filter(|r| r.problem.is_some()).count();
    eprintln!(
        "article-five: {} row(s) written to {}{}",
        rows.len(),
        super::shown_path(&args.out),
        if problems > 0 {
            format!("; {problems} file(s) could not be read (see the problem column)")
        } else {
            String::new()
        }
    );
    if rows.is_empty() {
        eprintln!(
            "article-five: no saves (.a5save) or debriefs (.md, .html, .json) found in {}",
            super::shown_path(&args.dir)
        );
    }
    ExitCode::SUCCESS
}

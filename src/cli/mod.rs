//! The command line: `article-five` opens the game; subcommands validate data files, list
//! scenarios and events, and run headless simulations.

mod list;
mod simulate;
mod validate;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Article Five: steer the North Atlantic alliance from 1949 to today.
#[derive(Debug, Parser)]
#[command(name = "article-five", version, about, long_about = None)]
pub struct Cli {
    /// Data folder to use instead of the shipped scenarios (holds members.ron, eras/, events/).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Commands>,
}

/// Output formats for machine-readable commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Check scenario, event, member and codex files; every problem is reported at once.
    Validate {
        /// Files or data folders to check (default: the shipped scenarios).
        paths: Vec<PathBuf>,
        /// How to print the problems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the scenarios (or, with --events, every event).
    List {
        /// List events instead: id, scenarios, date window, codex links.
        #[arg(long)]
        events: bool,
    },
    /// Play scenarios headless with a scripted policy and print statistics.
    Simulate(simulate::SimulateArgs),
    /// Play a scripted game in a real window and save a screenshot of every screen.
    #[cfg(feature = "gui")]
    Smoke {
        /// Folder for the screenshots.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Scenario to play (default: founding).
        #[arg(long)]
        scenario: Option<String>,
    },
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let data = cli.data.clone().unwrap_or_else(crate::scenario::default_data_dir);
    match cli.command {
        None => open_game(&data),
        Some(Commands::Validate { paths, format }) => validate::run(&data, &paths, format),
        Some(Commands::List { events }) => list::run(&data, events),
        Some(Commands::Simulate(args)) => simulate::run(&data, &args),
        #[cfg(feature = "gui")]
        Some(Commands::Smoke { out, scenario }) => crate::game::run_smoke(data, out, scenario),
    }
}

#[cfg(feature = "gui")]
fn open_game(data: &std::path::Path) -> ExitCode {
    crate::game::run(data.to_path_buf())
}

#[cfg(not(feature = "gui"))]
fn open_game(_: &std::path::Path) -> ExitCode {
    eprintln!("article-five: this build has no game window (it was built without the `gui` feature).");
    eprintln!("Build it with the default features to play, or run `article-five --help` for the command-line tools.");
    ExitCode::from(2)
}

/// Shows a path relative to the working directory when it lies inside it.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// Loads the data folder, printing a short notice when parts of it are broken.
pub(crate) fn load_or_warn(data: &std::path::Path) -> crate::scenario::Catalog {
    let catalog = crate::scenario::load_catalog(&shown_root(data));
    if catalog.diags.has_errors() {
        eprintln!(
            "article-five: {} problem(s) in the data files; broken scenarios are left out. Run `article-five validate` for details.",
            catalog.diags.error_count()
        );
    }
    catalog
}

/// The data folder as the user should see it in messages.
pub(crate) fn shown_root(data: &std::path::Path) -> PathBuf {
    PathBuf::from(shown_path(data))
}

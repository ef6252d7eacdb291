//! The command line: `article-five` opens the game; subcommands validate data files, list
//! scenarios and events, and run headless simulations.

mod balance;
mod class_code;
mod class_report;
mod debrief;
mod list;
mod replay;
pub mod simulate;
mod test_scenarios;
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
    /// A mod folder to load as well (may be given several times); see docs/modding.md.
    #[arg(long = "mods", global = true, value_name = "DIR")]
    pub mods: Vec<PathBuf>,
    /// Do not load the mods installed in the player's data folder.
    #[arg(long, global = true)]
    pub no_user_mods: bool,
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
    /// Play every scenario with every scripted policy and print the balance table (Markdown).
    Balance(balance::BalanceArgs),
    /// Re-run a saved game's commands from its seed and print the final state hash.
    Replay(replay::ReplayArgs),
    /// Export the debrief of a saved game to Markdown or HTML (by the extension of --out).
    Debrief(debrief::DebriefArgs),
    /// Gather students' saves or debriefs from a folder into one CSV table.
    ClassReport(class_report::ClassReportArgs),
    /// Make a class code (scenario, seed, difficulty, turn limit per lesson), or read one with --decode.
    ClassCode(class_code::ClassCodeArgs),
    /// Run scenario test files (expected outcomes for given seeds and policies).
    TestScenarios(test_scenarios::TestScenariosArgs),
    /// Measure the client's speed: launch to an interactive title, CPU time per frame on a busy
    /// campaign screen (prints JSON; compare with `cargo run --example bare_egui`).
    #[cfg(feature = "gui")]
    #[command(hide = true)]
    MeasureUi {
        /// Frames to measure.
        #[arg(long, default_value_t = 300)]
        frames: usize,
        /// Stop as soon as the title is interactive: the launch alone.
        #[arg(long, conflicts_with = "frames")]
        launch_only: bool,
    },
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

/// Where the data comes from: the data folder and the mods to load with it.
#[derive(Clone, Debug)]
pub struct Env {
    pub data: PathBuf,
    /// Mod folders named on the command line.
    pub mods: Vec<PathBuf>,
    /// Whether to load the mods installed in the player's data folder.
    pub user_mods: bool,
}

impl Env {
    /// Loads the data folder with its mods.
    pub fn load(&self) -> crate::scenario::Catalog {
        crate::scenario::mods::load_with_mods(&shown_root(&self.data), &self.mods, self.user_mods)
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let env = Env {
        data: cli.data.clone().unwrap_or_else(crate::scenario::default_data_dir),
        mods: cli.mods.clone(),
        user_mods: !cli.no_user_mods,
    };
    match cli.command {
        None => open_game(&env),
        Some(Commands::Validate { paths, format }) => validate::run(&env, &paths, format),
        Some(Commands::List { events }) => list::run(&env, events),
        Some(Commands::Simulate(args)) => simulate::run(&env, &args),
        Some(Commands::Balance(args)) => balance::run(&env, &args),
        Some(Commands::Replay(args)) => replay::run(&env, &args),
        Some(Commands::Debrief(args)) => debrief::run(&env, &args),
        Some(Commands::ClassReport(args)) => class_report::run(&env, &args),
        Some(Commands::ClassCode(args)) => class_code::run(&env, &args),
        Some(Commands::TestScenarios(args)) => test_scenarios::run(&env, &args),
        #[cfg(feature = "gui")]
        Some(Commands::Smoke { out, scenario }) => crate::game::run_smoke(env, out, scenario),
        #[cfg(feature = "gui")]
        Some(Commands::MeasureUi { frames, launch_only }) => crate::game::run_measure(env, frames, launch_only),
    }
}

#[cfg(feature = "gui")]
fn open_game(env: &Env) -> ExitCode {
    crate::game::run(env.clone())
}

#[cfg(not(feature = "gui"))]
fn open_game(_: &Env) -> ExitCode {
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

/// Loads the data folder and mods, printing a short notice when parts of them are broken.
pub(crate) fn load_or_warn(env: &Env) -> crate::scenario::Catalog {
    let catalog = env.load();
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

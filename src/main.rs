//! The `article-five` executable: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "gui")]
    article_five::game::measure::mark_launch();
    article_five::cli::run(article_five::cli::Cli::parse())
}

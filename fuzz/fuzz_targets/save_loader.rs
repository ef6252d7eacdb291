//! Fuzz target: a save file's bytes through the loader, as the game reads them; whatever loads
//! is played on and checked (see `fuzz/harness.rs`). The first byte picks the form: even, the
//! bytes are the whole file; odd, they are the body behind a correct header and checksum, so
//! that they reach the JSON reader and the state checks.

#![no_main]

#[path = "../harness.rs"]
mod harness;

use article_five::sim::Content;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::{Arc, LazyLock};

static SCENARIOS: LazyLock<Vec<Arc<Content>>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    article_five::scenario::load_catalog(&root).scenarios
});

fuzz_target!(|data: &[u8]| {
    let Some((&form, rest)) = data.split_first() else { return };
    let bytes = if form % 2 == 0 { rest.to_vec() } else { harness::with_header(rest) };
    harness::load_save(&bytes, &SCENARIOS);
});

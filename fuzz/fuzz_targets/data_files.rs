//! Fuzz target: a data file's text through the RON reader into every raw file type and through
//! the validator beside the shipped files it belongs with; a scenario that validates is played
//! and checked (see `fuzz/harness.rs`). The first byte picks the shipped scenario (high four
//! bits) and which of its files the text replaces (low four bits); with the high bit of a second
//! selector set the text is only read, which is quicker and lets the fuzzer explore the reader.

#![no_main]

#[path = "../harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static DATA: LazyLock<harness::DataSet> =
    LazyLock::new(|| harness::DataSet::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios")));

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    if DATA.groups.is_empty() || pick == 0xFF {
        harness::read_as_every_type(&text);
        return;
    }
    DATA.check(usize::from(pick >> 4), usize::from(pick & 0x0F), &text, u64::from(pick));
});

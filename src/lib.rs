//! Article Five: a strategy simulation of the North Atlantic alliance from 1949 to today.
//!
//! `sim` holds the rules, `scenario` reads and validates the data files, `cli` is the command
//! line, and `game` (with the `gui` feature) is the Bevy client around them.

pub mod classroom;
pub mod cli;
pub mod debrief;
#[cfg(feature = "gui")]
pub mod game;
pub mod heap;
pub mod map;
pub mod save;
pub mod scenario;
pub mod sim;

/// The memory allocator of every program built on this library (the game, the command line,
/// the tests and the benchmarks): mimalloc, counted per thread (`heap`). Headless play makes and
/// drops many small lists each turn, and glibc's allocator spent about a sixth of a turn's
/// instructions on them (mostly tidying its free lists whenever a turn's list of changes was
/// allocated); see docs/performance.md.
#[global_allocator]
static ALLOCATOR: heap::Counted = heap::Counted;

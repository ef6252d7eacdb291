//! Article Five: a strategy simulation of the North Atlantic alliance from 1949 to today.
//!
//! `sim` holds the rules, `scenario` reads and validates the data files, `cli` is the command
//! line, and `game` (with the `gui` feature) is the Bevy client around them.

pub mod classroom;
pub mod cli;
pub mod debrief;
#[cfg(feature = "gui")]
pub mod game;
pub mod map;
pub mod save;
pub mod scenario;
pub mod sim;

//! The rules of Article Five in plain Rust: campaign state, commands, turn resolution, events,
//! Article 5, enlargement, objectives and scoring. Nothing here knows about Bevy, files or
//! screens; a `Campaign` plus a `Command` gives a new state and a record of why it changed.

mod actions;
pub mod command;
pub mod content;
pub mod council;
mod countries;
pub mod date;
pub mod describe;
mod events;
pub mod hash;
pub mod ids;
pub mod ledger;
mod objectives;
pub mod policy;
pub mod state;
mod turn;

pub use actions::{Applied, Gamble, Plan, cost_of};
pub use command::{ActionGroup, ActionKind, Command, Refusal};
pub use content::Content;
pub use date::GameDate;
pub use ids::Iso;
pub use objectives::{FRACTURE_BELOW, Score, ScoreLine};
pub use state::{Campaign, State, Status};
#[cfg(test)]
mod tests;

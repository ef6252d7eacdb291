//! The tutorial's guide: a window that walks a new player through the screen, the meters, an
//! event, a summit and an Article 5 council, step by step, advancing when the player does the
//! thing it asks; skippable at any time.

use super::Intent;
use super::theme::{ACCENT, MUTED};
use crate::game::palette::MapMode;
use crate::game::session::Screen;
use crate::sim::{Campaign, Command};
use bevy::prelude::*;
use bevy_egui::egui;

/// The id of the tutorial scenario.
pub const TUTORIAL_ID: &str = "tutorial";

/// Where the player is in the tutorial.
#[derive(Resource, Default)]
pub struct Tutorial {
    pub step: usize,
    /// The player has opened a "why?" window.
    pub explained: bool,
    /// The Council has been open.
    pub council_seen: bool,
    pub skipped: bool,
}

/// What the guide can see of the interface.
pub struct Seen {
    pub selected: bool,
    pub mode: MapMode,
}

struct Step {
    title: &'static str,
    text: &'static str,
    /// Whether the player has done what the step asks; None means the step waits for "Next".
    done: Option<fn(&Campaign, &Tutorial, &Seen) -> bool>,
}

fn answered_an_event(c: &Campaign, _: &Tutorial, _: &Seen) -> bool {
    c.state().decisions.iter().any(|d| matches!(d.command, Command::AnswerEvent { .. }))
}
fn explained(_: &Campaign, t: &Tutorial, _: &Seen) -> bool {
    t.explained
}
fn selected(_: &Campaign, _: &Tutorial, s: &Seen) -> bool {
    s.selected
}
fn held_summit(c: &Campaign, _: &Tutorial, _: &Seen) -> bool {
    c.state().decisions.iter().any(|d| matches!(d.command, Command::HoldSummit { .. }))
}
fn ended_a_turn(c: &Campaign, _: &Tutorial, _: &Seen) -> bool {
    c.state().turn >= 1
}
fn changed_map_mode(_: &Campaign, _: &Tutorial, s: &Seen) -> bool {
    s.mode != MapMode::Membership
}
fn council_open(c: &Campaign, _: &Tutorial, _: &Seen) -> bool {
    c.state().council.is_some()
}
fn council_closed(c: &Campaign, t: &Tutorial, _: &Seen) -> bool {
    t.council_seen && c.state().council.is_none()
}

const STEPS: &[Step] = &[
    Step {
        title: "Welcome to the North Atlantic Council",
        text: "You lead the alliance, not one country. At the top are the alliance's meters; on the left, the members; on the right, your actions and their cost in political capital; at the bottom, the news and the End Turn button. The map is in the middle: drag to move it, scroll to zoom.",
        done: None,
    },
    Step {
        title: "Answer the event",
        text: "History does not wait. An event is open in the middle of the screen: hover each answer to see what it would change, then choose one.",
        done: Some(answered_an_event),
    },
    Step {
        title: "Every number explains itself",
        text: "Hover any meter at the top to see what moved it, then click one, Cohesion for instance, to open its full history: every change, with its cause.",
        done: Some(explained),
    },
    Step {
        title: "Pick an ally",
        text: "Click a country on the map or a row in the members table. Its figures and history appear on the left, and the actions on the right now target it: hover 'Press to spend more' to see the trade-off.",
        done: Some(selected),
    },
    Step {
        title: "Hold a summit",
        text: "In the Diplomacy actions, hover 'Hold a summit': it shows the chance of success and what success and failure would do. Click it.",
        done: Some(held_summit),
    },
    Step {
        title: "End the turn",
        text: "Press Space or click End Turn. The simulation resolves spending, opinion, the adversary and the threats, and the news tells you what happened. Answer the next event when it comes.",
        done: Some(ended_a_turn),
    },
    Step {
        title: "Map modes",
        text: "Press 2 (or click 'Defence spending') to colour the map by spending against the fair share. 3 shows how threatened each member feels, 4 its public support.",
        done: Some(changed_map_mode),
    },
    Step {
        title: "Play on",
        text: "End the turns until the Council meets. Each turn, spend the capital you have: an exercise lifts deterrence for a while, pressing a laggard raises its spending but annoys its public.",
        done: Some(council_open),
    },
    Step {
        title: "Article 4, then Article 5",
        text: "A member is attacked (in this exercise only). The table shows each ally's stance and why: conviction from threat, alignment and public support, against fear of escalation. Anyone who objects blocks Article 5. Persuade the objectors, invoke Article 5, then ask the hesitant for more and close the Council.",
        done: Some(council_closed),
    },
    Step {
        title: "You know the ropes",
        text: "That is the whole game: read, act, answer, end the turn — and face Article 5 when it comes. Play to the end of the tutorial or start a real era from the main menu.",
        done: None,
    },
];

/// The guide window; returns intents (quitting to the menu when the player finishes or skips).
pub fn guide(ctx: &egui::Context, campaign: &Campaign, tutorial: &mut Tutorial, seen: &Seen) -> Vec<Intent> {
    let mut intents = Vec::new();
    if tutorial.skipped || campaign.content().scenario.id != TUTORIAL_ID {
        return intents;
    }
    if campaign.state().council.is_some() {
        tutorial.council_seen = true;
    }
    // Steps the player has already done (in any order) are passed over.
    while let Some(step) = STEPS.get(tutorial.step) {
        match step.done {
            Some(done) if done(campaign, tutorial, seen) => tutorial.step += 1,
            _ => break,
        }
    }
    let Some(step) = STEPS.get(tutorial.step) else { return intents };
    egui::Window::new("Tutorial")
        .id(egui::Id::new("tutorial"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-340.0, -210.0])
        .collapsible(true)
        .resizable(false)
        .default_width(380.0)
        .show(ctx, |ui| {
            ui.set_max_width(380.0);
            ui.label(
                egui::RichText::new(format!("Step {} of {}", tutorial.step + 1, STEPS.len())).small().color(MUTED),
            );
            ui.label(egui::RichText::new(step.title).strong().size(17.0).color(ACCENT));
            ui.label(step.text);
            ui.horizontal(|ui| {
                match step.done {
                    None if tutorial.step + 1 < STEPS.len() => {
                        if ui.button("Next").clicked() {
                            tutorial.step += 1;
                        }
                    }
                    None => {
                        if ui.button("Finish the tutorial").clicked() {
                            tutorial.skipped = true;
                            intents.push(Intent::Go(Screen::Title));
                        }
                    }
                    Some(_) => {
                        ui.label(egui::RichText::new("Waiting for you…").italics().color(MUTED));
                    }
                }
                if tutorial.step + 1 < STEPS.len() && ui.button("Skip the tutorial").clicked() {
                    tutorial.skipped = true;
                }
            });
        });
    intents
}

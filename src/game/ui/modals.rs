//! Windows over the campaign screen: the event, the North Atlantic Council, "why?", the pause
//! menu and the keyboard help.

use super::Intent;
use super::actions::plan_ui;
use super::theme::{ACCENT, DOWN, MUTED, UP, delta_text};
use crate::game::session::Screen;
use crate::scenario::Catalog;
use crate::sim::council::{COLLECTIVE_FROM, CouncilPhase, LIMITED_FROM, MEANS_MAX, Response, Stance};
use crate::sim::describe::{cause_text, effect_text, target_text};
use crate::sim::ledger::Target;
use crate::sim::{Campaign, Command};
use bevy_egui::egui;

fn modal(title: &str) -> egui::Window<'_> {
    egui::Window::new(title).anchor(egui::Align2::CENTER_CENTER, [0.0, -20.0]).collapsible(false).resizable(false)
}

/// A dialog that holds the game still (the pause menu, the shortcuts): centred over the dimmed
/// screen, which takes no clicks and shows no tooltips until the dialog closes.
fn blocking(ctx: &egui::Context, id: &str) -> egui::Modal {
    egui::Modal::new(egui::Id::new(id)).frame(egui::Frame::window(&ctx.global_style()))
}

/// The first event waiting for an answer.
pub fn event_window(ctx: &egui::Context, campaign: &Campaign, catalog: Option<&Catalog>) -> Vec<Intent> {
    let mut intents = Vec::new();
    let Some(&idx) = campaign.state().pending_events.first() else { return intents };
    let content = campaign.content();
    let event = &content.events[usize::from(idx)];
    let waiting = campaign.state().pending_events.len();
    modal(&event.title).id(egui::Id::new(("event", idx))).show(ctx, |ui| {
        ui.set_width(620.0);
        let when = event.when.map(|(from, to)| format!("{from} – {to}")).unwrap_or_default();
        ui.label(
            egui::RichText::new(format!(
                "{}{}",
                when,
                if waiting > 1 { format!("   ·   {} events waiting", waiting) } else { String::new() }
            ))
            .color(MUTED),
        );
        ui.add_space(4.0);
        ui.label(egui::RichText::new(&event.text).size(16.0));
        ui.add_space(8.0);
        for (k, choice) in event.choices.iter().enumerate() {
            let command = Command::AnswerEvent { event: event.id.clone(), choice: k };
            let plan = campaign.preview(&command);
            ui.group(|ui| {
                ui.set_width(600.0);
                let button =
                    egui::Button::new(egui::RichText::new(&choice.label).strong()).min_size(egui::vec2(590.0, 30.0));
                let response = ui.add_enabled(plan.is_ok(), button);
                if response.clicked() {
                    intents.push(Intent::Issue(command.clone()));
                }
                ui.horizontal_wrapped(|ui| {
                    for effect in &choice.effects {
                        ui.label(egui::RichText::new(effect_text(content, effect)).small().color(MUTED));
                        ui.label(egui::RichText::new("·").small().color(MUTED));
                    }
                });
                if let Ok(plan) = &plan {
                    response.on_hover_ui(|ui| {
                        ui.set_max_width(360.0);
                        plan_ui(ui, campaign, plan);
                    });
                }
            });
        }
        ui.add_space(6.0);
        egui::CollapsingHeader::new("What happened in history (a spoiler)").id_salt(("history", idx)).show(ui, |ui| {
            ui.label(&event.note);
            ui.label(egui::RichText::new(format!("Source: {}", event.source)).small().color(MUTED));
            if let Some(h) = event.choices.iter().find(|c| c.historical) {
                ui.label(egui::RichText::new(format!("The alliance chose: {}", h.label)).italics());
            }
        });
        let links: Vec<&String> =
            event.codex.iter().filter(|id| catalog.is_some_and(|c| c.codex_entry(id).is_some())).collect();
        if !links.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new("Codex:").color(MUTED));
                for id in links {
                    let title = catalog.and_then(|c| c.codex_entry(id)).map_or(id.as_str(), |e| e.title.as_str());
                    if ui.link(title).clicked() {
                        intents.push(Intent::OpenCodex(id.clone()));
                    }
                }
            });
        }
    });
    intents
}

/// How the allies' answers are decided, shown over each answer's reasons.
fn response_rule() -> String {
    format!(
        "Will is the ally's stance when the Council voted; means is what its forces add, up to {MEANS_MAX:.0} for the \
         strongest member. From {COLLECTIVE_FROM:.0} together it sends forces (a collective military response), from \
         {LIMITED_FROM:.0} limited support, below that little beyond words. The ally attacked defends itself with \
         everything; an ally without armed forces gives limited support at most. Each time you ask, an ally gives one \
         step more."
    )
}

/// Why an ally answered as it did: its will and means, and what else moved it.
fn response_why(campaign: &Campaign, country: crate::sim::content::CountryIdx, asked: u8) -> String {
    let Some(r) = campaign.response_reason(country) else { return String::new() };
    let mut why = if r.attacked {
        "the ally attacked".to_string()
    } else {
        format!("will {:.0} + means {:.0} = {}", r.will, r.means, total_text(r.will + r.means))
    };
    if r.no_forces {
        why.push_str(", no armed forces");
    }
    match asked {
        0 => {}
        1 => why.push_str(", asked once"),
        n => why.push_str(&format!(", asked {n} times")),
    }
    why
}

/// An ally's will and means together: a whole number, unless rounding would show it on the
/// other side of a line it falls short of, when it is cut to a tenth.
fn total_text(total: f64) -> String {
    let crosses = [COLLECTIVE_FROM, LIMITED_FROM].iter().any(|&line| (total.round() >= line) != (total >= line));
    if crosses { format!("{:.1}", (total * 10.0).floor() / 10.0) } else { format!("{total:.0}") }
}

/// The North Atlantic Council after an attack.
pub fn council_window(ctx: &egui::Context, campaign: &Campaign) -> Vec<Intent> {
    let mut intents = Vec::new();
    let Some(council) = &campaign.state().council else { return intents };
    let content = campaign.content();
    let name = |m: u8| content.countries[usize::from(m)].name.as_str();
    let title = match council.phase {
        CouncilPhase::Consultation => "North Atlantic Council — Article 4 consultations",
        CouncilPhase::Responses => "North Atlantic Council — Article 5 invoked",
    };
    modal(title).id(egui::Id::new("council")).show(ctx, |ui| {
        ui.set_width(700.0);
        ui.label(
            egui::RichText::new(format!("{} on {} — severity {:.0}", council.kind.label(), name(council.target), council.severity))
                .size(18.0)
                .strong()
                .color(DOWN),
        );
        let threshold = content.scenario.article5_threshold;
        if council.grave {
            ui.label(format!("This is grave (severity {threshold:.0} or more): Article 5 fits it. Leaving it unanswered would shake every ally's faith in the pledge."));
        } else {
            ui.label(format!("This is below the gravity Article 5 is for (severity under {threshold:.0}). Consultations and a measured answer usually fit; invoking Article 5 would look reckless."));
        }
        if let Some(e) = council.event {
            ui.label(egui::RichText::new(&content.events[usize::from(e)].note).small().color(MUTED));
        }
        ui.add_space(6.0);
        let rule = response_rule();
        egui::ScrollArea::vertical().max_height(330.0).show(ui, |ui| {
            egui::Grid::new("stances").striped(true).num_columns(4).show(ui, |ui| {
                ui.label(egui::RichText::new("Ally").strong());
                ui.label(egui::RichText::new(if council.phase == CouncilPhase::Consultation { "Stance" } else { "Answer" }).strong());
                ui.label(egui::RichText::new("Why").strong());
                ui.label("");
                ui.end_row();
                for p in &council.positions {
                    ui.label(name(p.country));
                    let member = content.countries[usize::from(p.country)].iso;
                    match council.phase {
                        CouncilPhase::Consultation => {
                            let stance = p.stance();
                            let color = match stance {
                                Stance::Agree => UP,
                                Stance::Hesitant => MUTED,
                                Stance::Object => DOWN,
                            };
                            ui.label(egui::RichText::new(stance.label()).color(color));
                            ui.label(
                                egui::RichText::new(format!(
                                    "conviction {:.0}, fear of escalation {:.0}, solidarity {:+.0}{}",
                                    p.conviction,
                                    p.fear,
                                    p.solidarity,
                                    if p.persuaded > 0.0 { format!(", persuaded {:+.0}", p.persuaded) } else { String::new() }
                                ))
                                .small(),
                            )
                            .on_hover_text("Conviction weighs its threat perception, alignment and public support; fear grows with the adversary's strength away from the frontline.");
                            if stance != Stance::Agree {
                                let command = Command::CouncilPersuade { member };
                                let r = ui.add_enabled(campaign.preview(&command).is_ok(), egui::Button::new("Persuade · 3"));
                                if r.clicked() {
                                    intents.push(Intent::Issue(command));
                                }
                            } else {
                                ui.label("");
                            }
                        }
                        CouncilPhase::Responses => {
                            let response = p.response.unwrap_or(Response::Little);
                            let color = match response {
                                Response::Collective => UP,
                                Response::Limited => MUTED,
                                Response::Little => DOWN,
                            };
                            ui.label(egui::RichText::new(response.label()).color(color));
                            ui.label(egui::RichText::new(response_why(campaign, p.country, p.asked)).small())
                                .on_hover_text(&rule);
                            if response != Response::Collective {
                                let command = Command::RequestContribution { member };
                                match campaign.preview(&command) {
                                    Ok(_) => {
                                        if ui.button("Ask for more · 3").clicked() {
                                            intents.push(Intent::Issue(command));
                                        }
                                    }
                                    Err(why) => {
                                        ui.add_enabled(false, egui::Button::new("Ask for more")).on_disabled_hover_text(why.0);
                                    }
                                }
                            } else {
                                ui.label("");
                            }
                        }
                    }
                    ui.end_row();
                }
            });
        });
        ui.separator();
        ui.horizontal(|ui| match council.phase {
            CouncilPhase::Consultation => {
                for (command, label) in [(Command::InvokeArticleFive, "Invoke Article 5"), (Command::ConsultOnly, "Answer under Article 4 only")] {
                    let plan = campaign.preview(&command);
                    let r = ui.add_enabled(plan.is_ok(), egui::Button::new(egui::RichText::new(label).strong()).min_size(egui::vec2(230.0, 32.0)));
                    if let Ok(plan) = &plan {
                        let r = r.on_hover_ui(|ui| {
                            ui.set_max_width(360.0);
                            plan_ui(ui, campaign, plan);
                        });
                        if r.clicked() {
                            intents.push(Intent::Issue(command));
                        }
                    }
                }
            }
            CouncilPhase::Responses => {
                let plan = campaign.preview(&Command::CloseCouncil);
                let r = ui.add(egui::Button::new(egui::RichText::new("Close the Council").strong()).min_size(egui::vec2(230.0, 32.0)));
                if let Ok(plan) = &plan {
                    let r = r.on_hover_ui(|ui| plan_ui(ui, campaign, plan));
                    if r.clicked() {
                        intents.push(Intent::Issue(Command::CloseCouncil));
                    }
                }
            }
        });
        // Under the buttons, where a long list wraps inside the window instead of widening it.
        let objectors = council.objectors();
        if council.phase == CouncilPhase::Consultation && !objectors.is_empty() {
            let names: Vec<&str> = objectors.iter().map(|m| name(*m)).collect();
            let text = format!("Would block invoking Article 5: {}", names.join(", "));
            ui.label(egui::RichText::new(text).color(DOWN))
                .on_hover_text("The Council decides by consensus: one objection blocks. Persuade an objector to move it.");
        }
    });
    intents
}

/// "Why?": what moved a number, turn by turn, back to decisions and events. Returns whether
/// the window is still open.
pub fn explain_window(ctx: &egui::Context, campaign: &Campaign, target: Target) -> bool {
    let content = campaign.content();
    let mut open = true;
    egui::Window::new(format!("Why? {}", target_text(content, target)))
        .id(egui::Id::new("explain"))
        .open(&mut open)
        .default_pos([420.0, 140.0])
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(format!("Now {:.2}", campaign.get(target))).strong().color(ACCENT));
            egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                let s = campaign.state();
                let reports = std::iter::once(&s.current).chain(s.reports.iter().rev()).take(8);
                let mut any = false;
                for report in reports {
                    let causes = report.causes_of(target);
                    if causes.is_empty() {
                        continue;
                    }
                    any = true;
                    let when = report
                        .date
                        .map(|d| d.turn_label(content.turn_months(report.turn as usize)))
                        .unwrap_or_default();
                    ui.label(egui::RichText::new(format!("{when}: {:+.2}", report.net(target))).strong());
                    for (cause, delta) in causes {
                        ui.horizontal(|ui| {
                            ui.label(delta_text(delta, 2));
                            ui.label(cause_text(content, cause));
                        });
                    }
                }
                if !any {
                    ui.label(egui::RichText::new("Nothing has moved this number yet.").color(MUTED));
                }
            });
        });
    open
}

/// The pause menu. A save without a name typed takes `default_name`, shown in the empty field.
pub fn pause_menu(
    ctx: &egui::Context,
    save_name: &mut String,
    default_name: &str,
    settings: &mut crate::game::settings::Settings,
) -> Vec<Intent> {
    let mut intents = Vec::new();
    blocking(ctx, "pause").show(ctx, |ui| {
        ui.set_width(380.0);
        ui.vertical_centered(|ui| {
            ui.heading("Paused");
            let wide = |t: &str| egui::Button::new(t).min_size(egui::vec2(300.0, 32.0));
            if ui.add(wide("Resume  [Esc]")).clicked() {
                intents.push(Intent::Pause(false));
            }
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(save_name).hint_text(default_name).desired_width(200.0))
                    .on_hover_text("The save's name; left empty, the one shown");
                if ui.button("Save").clicked() {
                    let name = save_name.trim();
                    intents.push(Intent::SaveGame(if name.is_empty() { default_name } else { name }.to_string()));
                }
            });
            if ui.add(wide("Load a game")).clicked() {
                intents.push(Intent::Go(Screen::LoadGame));
            }
            if ui.add(wide("Keyboard shortcuts  [F1]")).clicked() {
                intents.push(Intent::Help(true));
            }
        });
        ui.separator();
        super::menus::settings_controls(ui, settings);
        ui.separator();
        ui.vertical_centered(|ui| {
            if ui.add(egui::Button::new("Quit to the main menu").min_size(egui::vec2(300.0, 32.0))).clicked() {
                intents.push(Intent::Go(Screen::Title));
            }
            if ui.add(egui::Button::new("Quit the game").min_size(egui::vec2(300.0, 32.0))).clicked() {
                intents.push(Intent::Quit);
            }
        });
    });
    intents
}

/// Keyboard shortcuts.
pub fn help_overlay(ctx: &egui::Context) -> Vec<Intent> {
    let mut intents = Vec::new();
    blocking(ctx, "help").show(ctx, |ui| {
        ui.heading("Keyboard shortcuts");
        egui::Grid::new("keys").num_columns(2).striped(true).show(ui, |ui| {
            for (key, what) in [
                ("Space", "End the turn"),
                ("Esc", "Pause menu (or close a window)"),
                ("F1", "This help"),
                ("1 2 3 4", "Map mode: membership, spending, threat, support"),
                ("W A S D / arrows", "Pan the map"),
                ("Mouse drag", "Pan the map"),
                ("Wheel / + -", "Zoom"),
                ("Home", "Back to the whole map"),
                ("Click a country", "Select it (the target of actions)"),
                ("Click a number", "Why did it change?"),
                ("C", "The codex"),
                ("F11", "Fullscreen"),
                ("Ctrl+S", "Quick save"),
            ] {
                ui.label(egui::RichText::new(key).strong().monospace());
                ui.label(what);
                ui.end_row();
            }
        });
        if ui.button("Close").clicked() {
            intents.push(Intent::Help(false));
        }
    });
    intents
}

#[cfg(test)]
mod tests {
    use super::total_text;

    #[test]
    fn a_total_never_shows_on_the_wrong_side_of_a_line() {
        assert_eq!(total_text(63.2), "63");
        assert_eq!(total_text(52.0), "52");
        assert_eq!(total_text(52.4), "52");
        assert_eq!(total_text(51.5), "51.5");
        assert_eq!(total_text(51.96), "51.9");
        assert_eq!(total_text(69.7), "69.7");
        assert_eq!(total_text(70.2), "70");
        assert_eq!(total_text(41.6), "42");
    }
}

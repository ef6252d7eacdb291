//! The actions panel: every action with its cost and predicted effect, greyed out with the
//! reason when it is not allowed; targeted actions use the selected country.

use super::Intent;
use super::theme::{ACCENT, MUTED, delta_text};
use crate::sim::command::{ActionGroup, ActionKind};
use crate::sim::content::CountryIdx;
use crate::sim::describe::target_text;
use crate::sim::ids::MissionKind;
use crate::sim::{Campaign, Command, Plan, Status, cost_of};
use bevy_egui::egui;

/// Draws what a plan will do: cost, certain effects, the gamble and notes.
pub fn plan_ui(ui: &mut egui::Ui, campaign: &Campaign, plan: &Plan) {
    if plan.cost > 0.0 {
        ui.label(format!("Costs {:.0} political capital", plan.cost));
    }
    let content = campaign.content();
    let effects = |ui: &mut egui::Ui, list: &[(crate::sim::ledger::Target, f64)]| {
        for (target, delta) in list.iter().take(12) {
            ui.horizontal(|ui| {
                ui.label(delta_text(*delta, if delta.abs() < 1.0 { 2 } else { 0 }));
                ui.label(target_text(content, *target));
            });
        }
        if list.len() > 12 {
            ui.label(egui::RichText::new(format!("… and {} more", list.len() - 12)).color(MUTED));
        }
    };
    effects(ui, &plan.effects);
    if let Some(g) = &plan.gamble {
        ui.label(egui::RichText::new(format!("Chance of success: {:.0}%", g.chance * 100.0)).strong());
        ui.label("If it succeeds:");
        ui.indent("success", |ui| effects(ui, &g.success));
        ui.label("If it fails:");
        ui.indent("failure", |ui| effects(ui, &g.failure));
    }
    for note in &plan.notes {
        ui.label(egui::RichText::new(note).italics());
    }
}

/// One action button: enabled with a preview tooltip, or greyed out with the reason.
fn action_row(ui: &mut egui::Ui, campaign: &Campaign, command: Command, label: &str, intents: &mut Vec<Intent>) {
    let kind = command.kind();
    let cost = cost_of(kind);
    let text = if cost > 0.0 { format!("{label}  ·  {cost:.0}") } else { label.to_string() };
    match campaign.preview(&command) {
        Ok(plan) => {
            let r = ui.add_sized([ui.available_width(), 24.0], egui::Button::new(text)).on_hover_ui(|ui| {
                ui.set_max_width(360.0);
                ui.label(egui::RichText::new(label).strong());
                ui.label(egui::RichText::new(kind.explanation()).small());
                ui.separator();
                plan_ui(ui, campaign, &plan);
            });
            if r.clicked() {
                intents.push(Intent::Issue(command));
            }
        }
        Err(refusal) => {
            ui.add_enabled(false, egui::Button::new(text).min_size(egui::vec2(ui.available_width(), 24.0)))
                .on_disabled_hover_ui(|ui| {
                    ui.set_max_width(360.0);
                    ui.label(egui::RichText::new(kind.explanation()).small());
                    ui.label(egui::RichText::new(format!("Not now: {refusal}")).color(super::theme::DOWN));
                });
            // A reason that holds every action is said once, at the top of the panel.
            if campaign.actions_held() != Some(refusal.0.as_str()) {
                ui.label(egui::RichText::new(refusal.0).small().color(MUTED));
            }
        }
    }
}

/// The actions panel. `pledge` is the spending pledge chosen for the next summit.
pub fn actions_panel(
    ui: &mut egui::Ui,
    campaign: &Campaign,
    selected: Option<CountryIdx>,
    pledge: &mut Option<f64>,
) -> Vec<Intent> {
    let mut intents = Vec::new();
    let content = campaign.content();
    let s = campaign.state();
    ui.heading(egui::RichText::new("Actions").color(ACCENT));
    ui.label(egui::RichText::new(format!("Political capital: {:.0}", s.alliance.capital)).strong());
    let target = selected.filter(|i| s.countries[usize::from(*i)].status == Status::Member);
    match target {
        Some(i) => ui.label(
            egui::RichText::new(format!(
                "Target: {} (click another country to change)",
                content.countries[usize::from(i)].name
            ))
            .small(),
        ),
        None => ui
            .label(egui::RichText::new("Select a member on the map or in the table to target it").small().color(MUTED)),
    };
    if let Some(held) = campaign.actions_held() {
        ui.label(egui::RichText::new(held).color(super::theme::DOWN));
    }
    egui::ScrollArea::vertical().id_salt("actions").show(ui, |ui| {
        for (group, title) in [
            (ActionGroup::Defence, "Defence"),
            (ActionGroup::Diplomacy, "Diplomacy"),
            (ActionGroup::Operations, "Operations"),
        ] {
            egui::CollapsingHeader::new(egui::RichText::new(title).strong()).default_open(true).show(ui, |ui| {
                for kind in ActionKind::PANEL.iter().copied().filter(|k| k.group() == group) {
                    if content.scenario.disabled_actions.contains(&kind) {
                        continue;
                    }
                    add_action(ui, campaign, kind, target, pledge, &mut intents);
                }
            });
        }
    });
    intents
}

fn add_action(
    ui: &mut egui::Ui,
    campaign: &Campaign,
    kind: ActionKind,
    target: Option<CountryIdx>,
    pledge: &mut Option<f64>,
    intents: &mut Vec<Intent>,
) {
    let content = campaign.content();
    let s = campaign.state();
    let member_target = |label: &str| target.map(|i| format!("{label}: {}", content.countries[usize::from(i)].name));
    match kind {
        ActionKind::PressSpending | ActionKind::DeployForward | ActionKind::Persuade | ActionKind::OfferConcession => {
            let iso = target.map(|i| content.countries[usize::from(i)].iso);
            match (iso, member_target(kind.label())) {
                (Some(member), Some(label)) => {
                    let command = match kind {
                        ActionKind::PressSpending => Command::PressSpending { member },
                        ActionKind::DeployForward => Command::DeployForward { member },
                        ActionKind::Persuade => Command::Persuade { member },
                        _ => Command::OfferConcession { member },
                    };
                    action_row(ui, campaign, command, &label, intents);
                }
                _ => {
                    ui.add_enabled(
                        false,
                        egui::Button::new(kind.label()).min_size(egui::vec2(ui.available_width(), 24.0)),
                    )
                    .on_disabled_hover_text(format!("{}\n\nSelect a member first.", kind.explanation()));
                }
            }
        }
        ActionKind::InviteCandidate => {
            for (i, c) in s.countries.iter().enumerate() {
                if c.status == Status::Candidate {
                    let def = &content.countries[i];
                    action_row(
                        ui,
                        campaign,
                        Command::InviteCandidate { candidate: def.iso },
                        &format!("Invite {}", def.name),
                        intents,
                    );
                }
            }
        }
        ActionKind::DeepenPartnership | ActionKind::BuildPartnerCapacity | ActionKind::AidPartner => {
            for p in &content.partners {
                let command = match kind {
                    ActionKind::DeepenPartnership => Command::DeepenPartnership { partner: p.id.clone() },
                    ActionKind::BuildPartnerCapacity => {
                        if p.kind == crate::sim::ids::PartnerKind::Institution {
                            continue;
                        }
                        Command::BuildPartnerCapacity { partner: p.id.clone() }
                    }
                    _ => {
                        let at_war = content.partner_index(&p.id).is_some_and(|x| s.partners[usize::from(x)].at_war);
                        if !at_war {
                            continue;
                        }
                        Command::AidPartner { partner: p.id.clone() }
                    }
                };
                let verb = match kind {
                    ActionKind::DeepenPartnership => "Deepen ties with",
                    ActionKind::BuildPartnerCapacity => "Build capacity of",
                    _ => "Aid",
                };
                action_row(ui, campaign, command, &format!("{verb} {}", p.name), intents);
            }
        }
        ActionKind::HoldSummit => {
            ui.horizontal(|ui| {
                ui.label("Pledge:");
                egui::ComboBox::from_id_salt("pledge")
                    .selected_text(pledge.map_or("none".to_string(), |p| format!("{p:.1}% of GDP")))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(pledge, None, "none");
                        for p in [2.0, 2.5, 3.0, 3.5, 4.0, 5.0] {
                            ui.selectable_value(pledge, Some(p), format!("{p:.1}% of GDP"));
                        }
                    });
            });
            action_row(ui, campaign, Command::HoldSummit { pledge: *pledge }, kind.label(), intents);
        }
        ActionKind::LaunchMission => {
            for mission in MissionKind::ALL {
                if !s.missions.iter().any(|m| m.kind == *mission) {
                    action_row(
                        ui,
                        campaign,
                        Command::LaunchMission { mission: *mission },
                        &format!("Launch: {}", mission.label()),
                        intents,
                    );
                }
            }
        }
        ActionKind::EndMission => {
            for m in &s.missions {
                action_row(
                    ui,
                    campaign,
                    Command::EndMission { mission: m.kind },
                    &format!("End: {}", m.kind.label()),
                    intents,
                );
            }
        }
        ActionKind::ImposeSanctions if s.alliance.sanctions => {}
        ActionKind::LiftSanctions if !s.alliance.sanctions => {}
        _ => {
            let command = match kind {
                ActionKind::FundCommonCapabilities => Command::FundCommonCapabilities,
                ActionKind::HoldExercise => Command::HoldExercise,
                ActionKind::InvestCyberDefence => Command::InvestCyberDefence,
                ActionKind::InvestTechnology => Command::InvestTechnology,
                ActionKind::DialogueWithAdversary => Command::DialogueWithAdversary,
                ActionKind::ImposeSanctions => Command::ImposeSanctions,
                ActionKind::LiftSanctions => Command::LiftSanctions,
                ActionKind::HumanitarianRelief => Command::HumanitarianRelief,
                _ => return,
            };
            action_row(ui, campaign, command, kind.label(), intents);
        }
    }
}

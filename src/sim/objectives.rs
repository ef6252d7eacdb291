//! Objectives, victory and defeat, and the score with its breakdown.

use super::content::ObjectiveKind;
use super::ids::AllianceMeter;
use super::ledger::{News, Target};
use super::state::{Campaign, ObjectiveStatus, Sim, Status};
use serde::{Deserialize, Serialize};

/// Cohesion below which the alliance has fractured.
pub const FRACTURE_BELOW: f64 = 10.0;

impl Sim<'_> {
    /// Updates objectives; at the end (`closing`) settles the open ones and the outcome.
    pub fn check_objectives(&mut self, closing: bool) {
        let date = self.s.date;
        for (i, objective) in self.c.scenario.objectives.iter().enumerate() {
            if self.s.objectives[i] != ObjectiveStatus::Open {
                continue;
            }
            let members_meeting = |pct: f64, sim: &Sim| {
                let mut members = sim.member_list();
                members.retain(|m| sim.counts_for_burden(m));
                let meeting =
                    members.iter().filter(|m| sim.s.countries[usize::from(**m)].spending_pct + 0.005 >= pct).count();
                if members.is_empty() { 0.0 } else { meeting as f64 / members.len() as f64 }
            };
            let status = match &objective.kind {
                ObjectiveKind::MemberBy { country, by } => {
                    if self.is_member(*country) {
                        ObjectiveStatus::Met
                    } else if date > *by || closing {
                        ObjectiveStatus::Failed
                    } else {
                        ObjectiveStatus::Open
                    }
                }
                ObjectiveKind::KeepMember { country, integrated } => {
                    let c = &self.s.countries[usize::from(*country)];
                    if c.status == Status::Former {
                        ObjectiveStatus::Failed
                    } else if closing {
                        if c.status == Status::Member && (!integrated || c.in_integrated_command) {
                            ObjectiveStatus::Met
                        } else {
                            ObjectiveStatus::Failed
                        }
                    } else {
                        ObjectiveStatus::Open
                    }
                }
                ObjectiveKind::MeterAtEnd { meter, min } => {
                    if !closing {
                        ObjectiveStatus::Open
                    } else if self.get(Target::Alliance(*meter)) >= *min {
                        ObjectiveStatus::Met
                    } else {
                        ObjectiveStatus::Failed
                    }
                }
                ObjectiveKind::MeterNeverBelow { meter, min } => {
                    if self.get(Target::Alliance(*meter)) < *min {
                        ObjectiveStatus::Failed
                    } else if closing {
                        ObjectiveStatus::Met
                    } else {
                        ObjectiveStatus::Open
                    }
                }
                ObjectiveKind::FlagBy { flag, by } => {
                    if self.flag(*flag) {
                        ObjectiveStatus::Met
                    } else if closing || by.is_some_and(|b| date > b) {
                        ObjectiveStatus::Failed
                    } else {
                        ObjectiveStatus::Open
                    }
                }
                ObjectiveKind::NoAttackUnanswered => {
                    if self.s.tally.unanswered_attacks > 0 {
                        ObjectiveStatus::Failed
                    } else if closing {
                        ObjectiveStatus::Met
                    } else {
                        ObjectiveStatus::Open
                    }
                }
                ObjectiveKind::ShareAtGuideline { pct, share, by } => {
                    if members_meeting(*pct, self) + 1e-9 >= *share {
                        ObjectiveStatus::Met
                    } else if closing || date > *by {
                        ObjectiveStatus::Failed
                    } else {
                        ObjectiveStatus::Open
                    }
                }
                ObjectiveKind::AdversaryIntentAtMost { max } => {
                    if !closing {
                        ObjectiveStatus::Open
                    } else if self.s.adversary.intent <= *max {
                        ObjectiveStatus::Met
                    } else {
                        ObjectiveStatus::Failed
                    }
                }
            };
            if status != ObjectiveStatus::Open {
                self.s.objectives[i] = status;
                self.news(if status == ObjectiveStatus::Met {
                    News::ObjectiveMet { objective: i as u8 }
                } else {
                    News::ObjectiveFailed { objective: i as u8 }
                });
            }
        }

        if self.s.alliance.cohesion < FRACTURE_BELOW {
            self.end_game(false, "The alliance fractured: cohesion collapsed".into());
        }
        if closing && self.s.ending.is_none() {
            let failed: Vec<&str> = self
                .c
                .scenario
                .objectives
                .iter()
                .zip(&self.s.objectives)
                .filter(|(o, s)| o.required && **s != ObjectiveStatus::Met)
                .map(|(o, _)| o.text.as_str())
                .collect();
            if failed.is_empty() {
                self.end_game(true, "Every required objective was met".into());
            } else {
                self.end_game(false, format!("Objectives not met: {}", failed.join("; ")));
            }
        }
    }
}

/// One line of the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreLine {
    pub label: String,
    pub points: f64,
}

/// The score and how it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub total: f64,
    pub lines: Vec<ScoreLine>,
}

impl Campaign {
    /// The score so far (final once the campaign has ended).
    pub fn score(&self) -> Score {
        let s = &self.state;
        let mut lines = Vec::new();
        for (objective, status) in self.content.scenario.objectives.iter().zip(&s.objectives) {
            if *status == ObjectiveStatus::Met {
                lines.push(ScoreLine { label: format!("Objective: {}", objective.text), points: objective.points });
            }
        }
        let meters = [
            (AllianceMeter::Cohesion, 0.2),
            (AllianceMeter::Deterrence, 0.2),
            (AllianceMeter::Credibility, 0.2),
            (AllianceMeter::Legitimacy, 0.1),
            (AllianceMeter::BurdenSharing, 0.1),
        ];
        for (meter, weight) in meters {
            let value = self.get(Target::Alliance(meter));
            lines.push(ScoreLine {
                label: format!("{} at the end ({value:.0})", meter.label()),
                points: (value * weight).round(),
            });
        }
        if s.tally.unanswered_attacks > 0 {
            lines.push(ScoreLine {
                label: format!("Attacks left unanswered ({})", s.tally.unanswered_attacks),
                points: -10.0 * f64::from(s.tally.unanswered_attacks),
            });
        }
        if s.tally.invocations_for_too_little > 0 {
            lines.push(ScoreLine {
                label: format!("Article 5 invoked for too little ({})", s.tally.invocations_for_too_little),
                points: -5.0 * f64::from(s.tally.invocations_for_too_little),
            });
        }
        if let Some(ending) = &s.ending
            && ending.victory
        {
            lines.push(ScoreLine { label: "Victory".into(), points: 20.0 });
        }
        let subtotal: f64 = lines.iter().map(|l| l.points).sum();
        let difficulty = &self.content.scenario.difficulties[s.difficulty];
        let factor = (difficulty.aggression + (2.0 - difficulty.capital_income)) / 2.0;
        if (factor - 1.0).abs() > 1e-9 {
            lines.push(ScoreLine {
                label: format!("Difficulty: {} (×{factor:.2})", difficulty.name),
                points: (subtotal * (factor - 1.0)).round(),
            });
        }
        let total = lines.iter().map(|l| l.points).sum();
        Score { total, lines }
    }
}

//! The what-if panel of the end screen: pick a turn and one of its decisions, pick what to do
//! instead, and see both runs side by side.

use super::WhatIfUi;
use super::theme::{DOWN, MUTED, UP};
use crate::debrief::whatif::{self, Alteration, Continuation, WhatIf};
use crate::sim::Campaign;
use bevy_egui::egui;

/// Draws the panel and runs a what-if when asked.
pub fn whatif_panel(ui: &mut egui::Ui, campaign: &Campaign, state: &mut WhatIfUi) {
    let s = campaign.state();
    let last = s.reports.len().saturating_sub(1) as u32;
    let content = campaign.content();
    ui.horizontal(|ui| {
        ui.label("Turn");
        let before = state.turn;
        ui.add(egui::Slider::new(&mut state.turn, 0..=last).custom_formatter(|t, _| {
            let t = t as usize;
            content.turn_starts.get(t).map(|d| d.turn_label(content.turn_months(t))).unwrap_or_default()
        }));
        if state.turn != before {
            state.decision = None;
            state.alternatives.clear();
            state.alternative = None;
        }
    });
    let decisions = whatif::decisions_in_turn(campaign, state.turn);
    if decisions.is_empty() {
        ui.label(egui::RichText::new("You took no decisions that turn. Pick another.").color(MUTED));
        return;
    }
    egui::ComboBox::from_id_salt("whatif_decision")
        .width(520.0)
        .selected_text(
            state
                .decision
                .and_then(|n| decisions.get(n))
                .map_or("Choose one of your decisions".to_string(), |d| d.text.clone()),
        )
        .show_ui(ui, |ui| {
            for d in &decisions {
                if ui.selectable_label(state.decision == Some(d.nth), &d.text).clicked() {
                    state.decision = Some(d.nth);
                    state.alternative = None;
                    state.alternatives = whatif::alternatives(campaign, state.turn, d.nth).unwrap_or_default();
                }
            }
        });
    let Some(nth) = state.decision else { return };
    let mut options: Vec<String> = vec!["Leave this decision out".into()];
    options.extend(state.alternatives.iter().map(|a| a.text.clone()));
    egui::ComboBox::from_id_salt("whatif_alternative")
        .width(520.0)
        .selected_text(
            state
                .alternative
                .and_then(|k| options.get(k))
                .cloned()
                .unwrap_or_else(|| "Choose what to do instead".into()),
        )
        .show_ui(ui, |ui| {
            for (k, text) in options.iter().enumerate() {
                if ui.selectable_label(state.alternative == Some(k), text).clicked() {
                    state.alternative = Some(k);
                }
            }
        });
    if let Some(k) = state.alternative
        && ui.button("Replay with this change").clicked()
    {
        let change = match k {
            0 => Alteration::Remove,
            k => Alteration::Replace(state.alternatives[k - 1].command.clone()),
        };
        let request = WhatIf { turn: state.turn, nth, change };
        state.result = Some(whatif::run(campaign, &request, &Continuation::default()).map_err(|e| e.to_string()));
    }
    match &state.result {
        Some(Ok(cmp)) => comparison(ui, cmp),
        Some(Err(e)) => {
            ui.colored_label(DOWN, e);
        }
        None => {}
    }
}

fn comparison(ui: &mut egui::Ui, cmp: &whatif::Comparison) {
    ui.separator();
    ui.label(
        egui::RichText::new(format!("{}: {} → {}", cmp.turn_label, cmp.original_decision, cmp.changed_decision))
            .strong(),
    );
    ui.columns(2, |cols| {
        for (col, (title, run)) in
            cols.iter_mut().zip([("As you played", &cmp.original), ("What if", &cmp.alternative)])
        {
            col.label(egui::RichText::new(title).strong());
            let color = if run.outcome == crate::debrief::Outcome::Victory { UP } else { DOWN };
            col.label(
                egui::RichText::new(format!("{} · score {:.0}", run.outcome.label(), run.score.total)).color(color),
            );
            col.label(egui::RichText::new(&run.reason).small());
        }
    });
    let year = |d: &crate::sim::GameDate| super::plots::year(*d);
    super::plots::years(egui_plot::Plot::new("whatif_plot"), 0)
        .height(170.0)
        .legend(egui_plot::Legend::default())
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            for pair in cmp.meters.iter().take(3) {
                let original: Vec<[f64; 2]> =
                    cmp.dates.iter().zip(&pair.original).map(|(d, v)| [year(d), *v]).collect();
                let alternative: Vec<[f64; 2]> =
                    cmp.dates.iter().zip(&pair.alternative).map(|(d, v)| [year(d), *v]).collect();
                plot.line(egui_plot::Line::new(
                    format!("{} (yours)", pair.name),
                    egui_plot::PlotPoints::from(original),
                ));
                plot.line(
                    egui_plot::Line::new(format!("{} (what if)", pair.name), egui_plot::PlotPoints::from(alternative))
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
        });
    if !cmp.only_in_alternative.is_empty() {
        ui.label(format!("Only in the what-if: {}", cmp.only_in_alternative.join(", ")));
    }
    if !cmp.only_in_original.is_empty() {
        ui.label(format!("Only in your game: {}", cmp.only_in_original.join(", ")));
    }
    if !cmp.skipped.is_empty() {
        ui.label(
            egui::RichText::new(format!(
                "Your later decisions the changed game could not take: {}",
                cmp.skipped.join("; ")
            ))
            .small()
            .color(MUTED),
        );
    }
}

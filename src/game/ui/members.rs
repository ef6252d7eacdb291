//! The members table (sortable by any column) and the selected country's detail with its
//! history chart.

use super::hud::why_tooltip;
use super::theme::{ACCENT, MUTED};
use super::{Column, Intent};
use crate::game::palette;
use crate::scenario::Catalog;
use crate::sim::content::CountryIdx;
use crate::sim::ids::MemberStat;
use crate::sim::ledger::Target;
use crate::sim::{Campaign, Status};
use bevy_egui::egui;
use egui_extras::{Column as TableColumn, TableBuilder};

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Member => "member",
        Status::Invited { .. } => "invited",
        Status::Candidate => "candidate",
        Status::Partner => "partner",
        Status::Former => "left",
    }
}

/// The sortable members table.
pub fn members_table(
    ui: &mut egui::Ui,
    campaign: &Campaign,
    sort: &mut (Column, bool),
    selected: Option<CountryIdx>,
) -> Vec<Intent> {
    let mut intents = Vec::new();
    let content = campaign.content();
    let s = campaign.state();
    let mut rows: Vec<usize> = (0..s.countries.len()).filter(|i| s.countries[*i].status != Status::Partner).collect();
    let key = |i: &usize| -> f64 {
        let c = &s.countries[*i];
        match sort.0 {
            Column::Name => 0.0,
            Column::Spending => c.spending_pct,
            Column::Support => c.public_support,
            Column::Threat => c.threat_perception,
            Column::Alignment => c.alignment,
        }
    };
    rows.sort_by(|a, b| {
        let order = if sort.0 == Column::Name {
            content.countries[*a].name.cmp(&content.countries[*b].name)
        } else {
            key(a).total_cmp(&key(b))
        };
        let members_first = (s.countries[*a].status != Status::Member).cmp(&(s.countries[*b].status != Status::Member));
        members_first.then(if sort.1 { order.reverse() } else { order })
    });
    let header = |ui: &mut egui::Ui, label: &str, column: Column, sort: &mut (Column, bool), tip: &str| {
        let marker = if sort.0 == column { if sort.1 { " v" } else { " ^" } } else { "" };
        if ui
            .add(egui::Button::new(egui::RichText::new(format!("{label}{marker}")).strong()).frame(false))
            .on_hover_text(tip)
            .clicked()
        {
            if sort.0 == column {
                sort.1 = !sort.1;
            } else {
                *sort = (column, column != Column::Name);
            }
        }
    };
    TableBuilder::new(ui)
        .id_salt("members")
        .striped(true)
        .sense(egui::Sense::click())
        .max_scroll_height(300.0)
        .column(TableColumn::remainder().at_least(110.0))
        .columns(TableColumn::auto().at_least(44.0), 4)
        .header(22.0, |mut row| {
            row.col(|ui| header(ui, "Country", Column::Name, sort, "Sort by name"));
            row.col(|ui| header(ui, "Spend", Column::Spending, sort, "Defence spending, % of GDP"));
            row.col(|ui| header(ui, "Supp", Column::Support, sort, "Public support for the alliance"));
            row.col(|ui| header(ui, "Threat", Column::Threat, sort, "Threat perception"));
            row.col(|ui| header(ui, "Align", Column::Alignment, sort, "Alignment with the alliance line"));
        })
        .body(|mut body| {
            for i in rows {
                let c = &s.countries[i];
                let def = &content.countries[i];
                let idx = i as CountryIdx;
                body.row(20.0, |mut row| {
                    row.set_selected(selected == Some(idx));
                    let member = c.status == Status::Member;
                    row.col(|ui| {
                        let name =
                            if member { def.name.clone() } else { format!("{} ({})", def.name, status_text(c.status)) };
                        ui.label(if member {
                            egui::RichText::new(name)
                        } else {
                            egui::RichText::new(name).color(MUTED)
                        });
                    });
                    let below = s.alliance.guideline_pct.is_some_and(|g| c.spending_pct + 0.005 < g);
                    row.col(|ui| {
                        let text = egui::RichText::new(format!("{:.1}", c.spending_pct));
                        ui.label(if below { text.color(super::theme::DOWN) } else { text });
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.0}", c.public_support));
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.0}", c.threat_perception));
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.0}", c.alignment));
                    });
                    if row.response().clicked() {
                        intents.push(Intent::Select(Some(idx)));
                    }
                });
            }
        });
    intents
}

/// The selected country's figures, traits and history.
pub fn member_detail(
    ui: &mut egui::Ui,
    campaign: &Campaign,
    idx: CountryIdx,
    catalog: Option<&Catalog>,
) -> Vec<Intent> {
    let mut intents = Vec::new();
    let i = usize::from(idx);
    let content = campaign.content();
    let def = &content.countries[i];
    let c = &campaign.state().countries[i];
    ui.horizontal(|ui| {
        ui.heading(egui::RichText::new(&def.name).color(ACCENT));
        let codex_id = format!("member_{}", def.iso.as_str().to_lowercase());
        if catalog.is_some_and(|cat| cat.codex_entry(&codex_id).is_some()) && ui.link("codex").clicked() {
            intents.push(Intent::OpenCodex(codex_id));
        }
    });
    let joined = match (c.status, c.joined) {
        (Status::Member, Some(d)) => format!("member since {d}"),
        (status, _) => status_text(status).to_string(),
    };
    let history = def.historical_accession.map(|d| format!(" · joined in history on {d}")).unwrap_or_default();
    ui.label(egui::RichText::new(format!("{} · {joined}{history}", def.region.label())).color(MUTED));
    let mut traits: Vec<&str> = c.traits.iter().map(|t| t.label()).collect();
    if c.frontline {
        traits.push("Frontline");
    }
    if c.status == Status::Member && !c.in_integrated_command {
        traits.push("Outside the integrated command");
    }
    if !traits.is_empty() {
        ui.label(format!("Traits: {}", traits.join(", ")));
    }
    egui::Grid::new(("detail", idx)).num_columns(2).striped(true).show(ui, |ui| {
        for (stat, decimals) in [
            (MemberStat::SpendingPct, 2),
            (MemberStat::Gdp, 0),
            (MemberStat::Capability, 0),
            (MemberStat::PublicSupport, 0),
            (MemberStat::ThreatPerception, 0),
            (MemberStat::Alignment, 0),
            (MemberStat::ForwardForces, 0),
        ] {
            let target = Target::Country(idx, stat);
            let value = campaign.get(target);
            let label = stat.label();
            let r = ui
                .add(egui::Button::new(label).frame(false))
                .on_hover_ui(|ui| why_tooltip(ui, campaign, target, label, decimals));
            if r.clicked() {
                intents.push(Intent::Explain(target));
            }
            ui.label(format!("{value:.decimals$}"));
            ui.end_row();
        }
    });
    // History from the snapshots: spending and support over the turns played.
    let snaps = &campaign.state().snapshots;
    if snaps.len() > 1 {
        let year = |k: usize| super::plots::year(snaps[k].date);
        let spending: Vec<[f64; 2]> = (0..snaps.len()).map(|k| [year(k), snaps[k].countries[i].spending]).collect();
        let support: Vec<[f64; 2]> =
            (0..snaps.len()).map(|k| [year(k), snaps[k].countries[i].support / 10.0]).collect();
        // The lines' names in their colours above the chart, as its legend: a legend drawn over
        // so small a chart hid its latest values.
        let lines = [("spending % GDP", palette::ORANGE, spending), ("support ÷ 10", palette::SKY, support)];
        ui.horizontal(|ui| {
            for (name, color, _) in &lines {
                ui.label(egui::RichText::new(*name).small().color(*color));
            }
        });
        super::plots::years(egui_plot::Plot::new(("member_chart", idx)), 2)
            .height(110.0)
            .allow_scroll(false)
            .allow_drag(false)
            .show(ui, |plot| {
                for (name, color, points) in lines {
                    plot.line(egui_plot::Line::new(name, egui_plot::PlotPoints::from(points)).color(color).width(1.5));
                }
            });
    }
    intents
}

//! The debrief as Markdown: readable as plain text, pasteable into a learning platform or a
//! word processor. Charts become a table of the meters with a one-line trend per meter.

use super::{Chart, Debrief, DecisionEntry, SUMMARY_MARKER, embedded_summary};
use crate::sim::state::ObjectiveStatus;
use std::fmt::Write;

/// Eight heights of a text sparkline, lowest first.
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Escapes text so that Markdown shows it as written (names, labels, notes).
pub(crate) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The debrief as a Markdown document.
pub fn to_markdown(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Debrief: {} ({}–{})\n", md(&d.scenario_title), d.start.year, d.end.year);
    let mut meta = Vec::new();
    if let Some(s) = &d.student {
        meta.push(format!("**Student:** {}", md(s)));
    }
    if let Some(c) = &d.class_code {
        meta.push(format!("**Class code:** {}", md(c)));
    }
    meta.push(format!("**Difficulty:** {}", md(&d.difficulty)));
    meta.push(format!("**Seed:** {}", d.seed));
    meta.push(format!("**Turns played:** {} of {}", d.turns_played, d.total_turns));
    let _ = writeln!(out, "{}\n", meta.join(" · "));

    let stop = if d.reason.ends_with(['.', '!', '?']) { "" } else { "." };
    let _ = writeln!(
        out,
        "## Outcome: {}\n\n{}{stop}\n\n**Score: {:.0}**\n",
        d.outcome.label(),
        md(&d.reason),
        d.score.total
    );
    out.push_str("| What earned it | Points |\n|---|---:|\n");
    for line in &d.score.lines {
        let _ = writeln!(out, "| {} | {:+.0} |", md(&line.label), line.points);
    }
    let _ = writeln!(out, "| **Total** | **{:.0}** |\n", d.score.total);
    out.push_str("| In numbers | |\n|---|---:|\n");
    for fact in &d.facts {
        let _ = writeln!(out, "| {} | {} |", md(&fact.label), md(&fact.value));
    }
    out.push('\n');

    if !d.objectives.is_empty() {
        out.push_str("## Objectives\n\n");
        for o in &d.objectives {
            let status = match o.status {
                ObjectiveStatus::Met => "✔ Met",
                ObjectiveStatus::Failed => "✘ Not met",
                ObjectiveStatus::Open => "… Still open",
            };
            let kind = if o.required { "required" } else { "optional" };
            let _ = writeln!(out, "- **{status}:** {} ({kind}, {:.0} points)", md(&o.text), o.points);
        }
        out.push('\n');
    }

    out.push_str("## The meters over the game\n\n");
    for chart in &d.charts {
        chart_tables(&mut out, chart);
    }

    out.push_str("## Your decisions and what actually happened\n\n");
    if d.timeline.iter().all(|t| t.decisions.is_empty()) {
        out.push_str("No decisions were taken in this game.\n\n");
    }
    for t in &d.timeline {
        if t.decisions.is_empty() && t.happened.is_empty() && t.history.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} (turn {})\n", md(&t.label), t.turn + 1);
        if !t.decisions.is_empty() {
            out.push_str("| Your decision | What actually happened |\n|---|---|\n");
            for entry in &t.decisions {
                let _ = writeln!(out, "| {} | {} |", md(&entry.text), history_cell(entry));
            }
            out.push('\n');
        }
        if !t.happened.is_empty() {
            let items: Vec<String> = t.happened.iter().map(|h| md(h)).collect();
            let _ = writeln!(out, "*In your game:* {}.\n", items.join("; "));
        }
        if !t.history.is_empty() {
            let items: Vec<String> = t.history.iter().map(|h| h.render(md)).collect();
            let _ = writeln!(out, "*The real alliance in these years:* {}.\n", items.join("; "));
        }
    }

    out.push_str("## Questions for discussion\n\n");
    for (k, q) in d.discussion.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", k + 1, md(q));
    }
    let _ = write!(
        out,
        "\n---\n\nMade with Article Five {}. The same scenario, seed ({}) and decisions give the same game.\n\n",
        env!("CARGO_PKG_VERSION"),
        d.seed
    );
    // Data for the class report; Markdown viewers do not show comments.
    let _ = writeln!(out, "<!-- {SUMMARY_MARKER}: {} -->", embedded_summary(d));
    out
}

fn history_cell(entry: &DecisionEntry) -> String {
    let mut parts = Vec::new();
    match entry.as_history {
        Some(true) => parts.push("✔ Same as history.".to_string()),
        Some(false) => parts.push("✘ History went another way.".to_string()),
        None => {}
    }
    match &entry.history {
        Some(h) => parts.push(format!("{}.", md(h.trim_end_matches('.')))),
        None if entry.as_history.is_none() => parts.push("—".to_string()),
        None => {}
    }
    if let Some(note) = &entry.note {
        parts.push(format!("*{}*", md(note)));
    }
    if let Some(source) = &entry.source {
        parts.push(format!("(Source: {})", md(source)));
    }
    parts.join(" ")
}

/// A chart as two tables: each line's start, end, range and trend; then the values by date.
fn chart_tables(out: &mut String, chart: &Chart) {
    let _ = writeln!(out, "### {}\n", md(&chart.title));
    out.push_str("| Meter | Start | End | Lowest | Highest | Trend |\n|---|---:|---:|---:|---:|---|\n");
    for s in &chart.series {
        let (Some(first), Some(last)) = (s.values.first(), s.values.last()) else { continue };
        let low = s.values.iter().copied().fold(f64::INFINITY, f64::min);
        let high = s.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let _ = writeln!(
            out,
            "| {} | {first:.0} | {last:.0} | {low:.0} | {high:.0} | {} |",
            md(&s.name),
            sparkline(&s.values)
        );
    }
    out.push('\n');
    let names: Vec<String> = chart.series.iter().map(|s| md(&s.name)).collect();
    let _ = writeln!(out, "| Date | {} |", names.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(chart.series.len()));
    for (k, date) in chart.dates.iter().enumerate() {
        let cells: Vec<String> =
            chart.series.iter().map(|s| s.values.get(k).map_or_else(String::new, |v| format!("{v:.0}"))).collect();
        let _ = writeln!(out, "| {date} | {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// Values 0–100 as a row of block characters.
pub(crate) fn sparkline(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| {
            let level = (v.clamp(0.0, 100.0) / 100.0 * (SPARKS.len() - 1) as f64).round() as usize;
            SPARKS[level.min(SPARKS.len() - 1)]
        })
        .collect()
}

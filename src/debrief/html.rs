//! The debrief as one self-contained HTML page: inline CSS, charts as inline SVG, no scripts
//! or outside files, readable on screen and on paper. All text is escaped.

use super::{Debrief, DecisionEntry, Outcome, SUMMARY_MARKER, TurnEntry, embedded_summary, svg};
use crate::sim::state::ObjectiveStatus;
use std::fmt::Write;

/// The page's style: plain, high-contrast, and print-friendly (no dark backgrounds, sections
/// kept whole across pages).
const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d0d0d0; --up: #1b6e3a; --down: #a3261b; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 16px/1.5 Georgia, "Times New Roman", serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 2rem; margin: 0.2rem 0 0.4rem; }
h1 .years { color: var(--muted); font-weight: normal; font-size: 1.3rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
h3 small { color: var(--muted); font-weight: normal; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font: 600 0.8rem Arial, sans-serif; color: var(--accent); margin: 0; }
.meta { color: var(--muted); margin: 0; }
.outcome { border: 2px solid var(--ink); border-left-width: 10px; padding: 0.6rem 1rem; margin-top: 1.5rem; }
.outcome.victory { border-color: var(--up); }
.outcome.defeat { border-color: var(--down); }
.outcome h2 { border: 0; margin: 0; padding: 0; }
.outcome p { margin: 0.3rem 0; }
.total { font-size: 1.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--rule); }
th { font: 600 0.85rem Arial, sans-serif; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; width: 5rem; }
tr.sum td { border-top: 2px solid var(--ink); font-weight: bold; }
.timeline td { width: 50%; }
.same { color: var(--up); font-weight: bold; }
.differs { color: var(--down); font-weight: bold; }
.note { color: var(--muted); font-size: 0.9rem; display: block; margin-top: 0.2rem; }
.objectives { list-style: none; padding: 0; }
.objectives li { margin: 0.25rem 0; }
.objectives .met::before { content: "\2714\00a0"; color: var(--up); }
.objectives .failed::before { content: "\2718\00a0"; color: var(--down); }
.objectives .open::before { content: "\2026\00a0"; color: var(--muted); }
.aside { margin: 0.3rem 0; font-size: 0.95rem; }
figure { margin: 1rem 0; }
svg.chart { width: 100%; height: auto; font-family: Arial, sans-serif; }
svg .chart-title { font-size: 14px; font-weight: bold; fill: #1a1a1a; }
svg .axis { font-size: 11px; fill: #5a5a5a; }
svg .legend { font-size: 12px; fill: #1a1a1a; }
ol.questions li { margin: 0.5rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); padding-top: 0.5rem; }
@page { margin: 15mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, .turn, .outcome, table.score { break-inside: avoid; }
}
"#;

/// Escapes text for HTML and SVG (element content and quoted attributes alike).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The debrief as a self-contained HTML page.
pub fn to_html(d: &Debrief) -> String {
    let mut out = String::new();
    let title = match &d.student {
        Some(name) => format!("Debrief: {} — {name}", d.scenario_title),
        None => format!("Debrief: {}", d.scenario_title),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Article Five {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    header(&mut out, d);
    outcome(&mut out, d);
    score(&mut out, d);
    objectives(&mut out, d);
    charts(&mut out, d);
    timeline(&mut out, d);
    questions(&mut out, d);
    let _ = writeln!(
        out,
        "<footer>Made with Article Five {}. The same scenario, seed ({}) and decisions give the same game.</footer>",
        env!("CARGO_PKG_VERSION"),
        d.seed
    );
    // Data for the class report; a browser does not run or show it.
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"{SUMMARY_MARKER}\">{}</script>\n</main>\n</body>\n</html>\n",
        embedded_summary(d)
    );
    out
}

fn header(out: &mut String, d: &Debrief) {
    let _ = write!(
        out,
        "<header>\n<p class=\"kicker\">Article Five · Debrief</p>\n<h1>{} <span class=\"years\">{}–{}</span></h1>\n",
        escape(&d.scenario_title),
        d.start.year,
        d.end.year
    );
    let mut meta = Vec::new();
    if let Some(s) = &d.student {
        meta.push(format!("Student: <strong>{}</strong>", escape(s)));
    }
    if let Some(c) = &d.class_code {
        meta.push(format!("Class code: <strong>{}</strong>", escape(c)));
    }
    meta.push(format!("Difficulty: {}", escape(&d.difficulty)));
    meta.push(format!("Seed {}", d.seed));
    meta.push(format!("{} of {} turns played", d.turns_played, d.total_turns));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>\n</header>", meta.join(" · "));
}

fn outcome(out: &mut String, d: &Debrief) {
    let class = match d.outcome {
        Outcome::Victory => "victory",
        Outcome::Defeat => "defeat",
        Outcome::Unfinished => "unfinished",
    };
    let _ = write!(
        out,
        "<section class=\"outcome {class}\">\n<h2>{}</h2>\n<p>{}</p>\n<p class=\"total\">Score <strong>{:.0}</strong></p>\n</section>\n",
        d.outcome.label(),
        escape(&d.reason),
        d.score.total
    );
}

fn score(out: &mut String, d: &Debrief) {
    out.push_str("<section>\n<h2>The score</h2>\n<table class=\"score\">\n<thead><tr><th>What earned it</th><th class=\"num\">Points</th></tr></thead>\n<tbody>\n");
    for line in &d.score.lines {
        let _ = writeln!(out, "<tr><td>{}</td><td class=\"num\">{:+.0}</td></tr>", escape(&line.label), line.points);
    }
    let _ = write!(
        out,
        "<tr class=\"sum\"><td>Total</td><td class=\"num\">{:.0}</td></tr>\n</tbody>\n</table>\n",
        d.score.total
    );
    out.push_str("<table class=\"facts\">\n<tbody>\n");
    for fact in &d.facts {
        let _ =
            writeln!(out, "<tr><td>{}</td><td class=\"num\">{}</td></tr>", escape(&fact.label), escape(&fact.value));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn objectives(out: &mut String, d: &Debrief) {
    if d.objectives.is_empty() {
        return;
    }
    out.push_str("<section>\n<h2>Objectives</h2>\n<ul class=\"objectives\">\n");
    for o in &d.objectives {
        let (class, status) = match o.status {
            ObjectiveStatus::Met => ("met", "met"),
            ObjectiveStatus::Failed => ("failed", "not met"),
            ObjectiveStatus::Open => ("open", "still open"),
        };
        let _ = writeln!(
            out,
            "<li class=\"{class}\">{} <span class=\"note\">{status}; {}, {:.0} points</span></li>",
            escape(&o.text),
            if o.required { "required" } else { "optional" },
            o.points
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn charts(out: &mut String, d: &Debrief) {
    out.push_str("<section>\n<h2>The meters over the game</h2>\n");
    for chart in &d.charts {
        let _ = write!(out, "<figure>\n{}\n</figure>\n", svg::line_chart(chart));
    }
    out.push_str("</section>\n");
}

fn decision_cells(entry: &DecisionEntry) -> (String, String) {
    let mine = escape(&entry.text);
    let mut history = String::new();
    match entry.as_history {
        Some(true) => history.push_str("<span class=\"same\">Same as history.</span> "),
        Some(false) => history.push_str("<span class=\"differs\">History went another way.</span> "),
        None => {}
    }
    if let Some(h) = &entry.history {
        history.push_str(&escape(h));
    } else if entry.as_history.is_none() {
        history.push_str("<span class=\"note\">No historical counterpart recorded.</span>");
    }
    if let Some(note) = &entry.note {
        let _ = write!(history, "<span class=\"note\">{}</span>", escape(note));
    }
    if let Some(source) = &entry.source {
        let _ = write!(history, "<span class=\"note\">Source: {}</span>", escape(source));
    }
    (mine, history)
}

fn turn_block(out: &mut String, t: &TurnEntry) {
    if t.decisions.is_empty() && t.happened.is_empty() && t.history.is_empty() {
        return;
    }
    let _ = write!(out, "<div class=\"turn\">\n<h3>{} <small>turn {}</small></h3>\n", escape(&t.label), t.turn + 1);
    if !t.decisions.is_empty() {
        out.push_str("<table class=\"timeline\">\n<thead><tr><th>Your decision</th><th>What actually happened</th></tr></thead>\n<tbody>\n");
        for entry in &t.decisions {
            let (mine, history) = decision_cells(entry);
            let _ = writeln!(out, "<tr><td>{mine}</td><td>{history}</td></tr>");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !t.happened.is_empty() {
        let items: Vec<String> = t.happened.iter().map(|h| escape(h)).collect();
        let _ = writeln!(out, "<p class=\"aside\"><strong>In your game:</strong> {}.</p>", items.join("; "));
    }
    if !t.history.is_empty() {
        let items: Vec<String> = t.history.iter().map(|h| h.render(escape)).collect();
        let _ = writeln!(
            out,
            "<p class=\"aside\"><strong>The real alliance in these years:</strong> {}.</p>",
            items.join("; ")
        );
    }
    out.push_str("</div>\n");
}

fn timeline(out: &mut String, d: &Debrief) {
    out.push_str("<section>\n<h2>Your decisions and what actually happened</h2>\n");
    if d.timeline.iter().all(|t| t.decisions.is_empty()) {
        out.push_str("<p>No decisions were taken in this game.</p>\n");
    }
    for t in &d.timeline {
        turn_block(out, t);
    }
    out.push_str("</section>\n");
}

fn questions(out: &mut String, d: &Debrief) {
    out.push_str("<section>\n<h2>Questions for discussion</h2>\n<ol class=\"questions\">\n");
    for q in &d.discussion {
        let _ = writeln!(out, "<li>{}</li>", escape(q));
    }
    out.push_str("</ol>\n</section>\n");
}

//! What if: the same game replayed from its seed up to a chosen decision, that decision changed,
//! the rest played on, and the two runs compared side by side (meters, events, outcome).
//!
//! How the changed game goes on after the change is set by `Continuation`:
//! - `PlayersCommands` (the default, and what a student expects: "everything else as I did it"):
//!   the player's own remaining commands are replayed in their order wherever the rules still
//!   accept them. Commands the changed game refuses (an answer to an event that did not happen
//!   this time, an invitation to a country that already joined, an action there is no longer
//!   capital for) are skipped and listed in `Comparison::skipped`. Events and Council sessions
//!   the player never saw are settled as the historical policy would settle them. If the
//!   original game ended early (a fracture) and the changed one goes on, the historical policy
//!   plays it to the end.
//! - `Policy(name)`: from the change on, a scripted policy (`historical`, `hawk`, ...) plays.
//!
//! In both, when the original was saved before its end, the changed game stops at the same turn,
//! so that the two runs cover the same years. Everything here is a pure function of the
//! campaign and the request: the same request gives the same comparison, bit for bit.

use super::{Chart, Outcome, Series, command_text, happened_text};
use crate::sim::council::CouncilPhase;
use crate::sim::ids::{AdversaryStat, AllianceMeter};
use crate::sim::ledger::{News, TurnReport};
use crate::sim::policy::{self, Policy};
use crate::sim::{ActionGroup, Campaign, Command, GameDate, Score};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fmt::Write;

/// Most steps spent settling events and Council sessions in one go, so a run always ends.
const MAX_SETTLE_STEPS: usize = 200;

/// What to change in a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Alteration {
    /// Take this command instead.
    Replace(Command),
    /// Leave the decision out (an event left unanswered this way is answered as history did).
    Remove,
}

/// One changed decision: the `nth` decision (zero-based, in the order taken) of `turn`
/// (zero-based), as listed by `decisions_in_turn` and in the debrief's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub turn: u32,
    pub nth: usize,
    pub change: Alteration,
}

/// How the changed game is played on after the change (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Continuation {
    #[default]
    PlayersCommands,
    /// A scripted policy by name (`crate::sim::policy::POLICY_NAMES`).
    Policy(String),
}

/// Why a what-if could not be run.
#[derive(Clone, Debug, PartialEq)]
pub enum WhatIfError {
    /// The turn has fewer decisions than asked for.
    NoSuchDecision {
        turn: u32,
        nth: usize,
    },
    /// The event was not answered in that turn.
    EventNotAnswered {
        turn: u32,
        event: String,
    },
    /// The replacement cannot be taken at that moment; the text says why.
    Refused(String),
    /// The saved game's own commands no longer replay (its scenario changed).
    NotReplayable(String),
    UnknownPolicy(String),
}

impl fmt::Display for WhatIfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WhatIfError::NoSuchDecision { turn, nth } => {
                write!(f, "turn {} has no decision number {}", turn + 1, nth + 1)
            }
            WhatIfError::EventNotAnswered { turn, event } => {
                write!(f, "the event '{event}' was not answered in turn {}", turn + 1)
            }
            WhatIfError::Refused(why) => write!(f, "that decision cannot be taken at that moment: {why}"),
            WhatIfError::NotReplayable(why) => write!(f, "this game cannot be replayed: {why}"),
            WhatIfError::UnknownPolicy(name) => {
                write!(f, "unknown policy '{name}' (one of: {})", policy::POLICY_NAMES.join(", "))
            }
        }
    }
}

impl std::error::Error for WhatIfError {}

/// A decision of a turn, for a list to pick from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionRef {
    pub nth: usize,
    pub command: Command,
    pub text: String,
}

/// A decision that could have been taken instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub command: Command,
    pub text: String,
}

/// An event that fired in a run, and how it was answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FiredEvent {
    pub turn: u32,
    pub date: GameDate,
    pub event_id: String,
    pub title: String,
    pub answer: Option<String>,
}

/// Something notable in a run (a summit, an attack, an accession), by turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewsLine {
    pub turn: u32,
    pub date: GameDate,
    pub text: String,
}

/// One of the two runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub outcome: Outcome,
    pub reason: String,
    pub score: Score,
    pub turns_played: u32,
    pub events: Vec<FiredEvent>,
    pub news: Vec<NewsLine>,
    pub state_hash: u64,
}

/// One meter in both runs, a value per turn (a run that ended early has fewer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeterPair {
    pub name: String,
    pub original: Vec<f64>,
    pub alternative: Vec<f64>,
}

/// The two runs side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub scenario_title: String,
    /// The turn of the change (zero-based) and its label ("1950 H2").
    pub turn: u32,
    pub turn_label: String,
    pub original_decision: String,
    pub changed_decision: String,
    pub continuation: Continuation,
    /// The dates of the meter values, as long as the longer run.
    pub dates: Vec<GameDate>,
    pub meters: Vec<MeterPair>,
    pub original: Run,
    pub alternative: Run,
    /// The first turn whose meters differ between the runs, if any.
    pub first_difference: Option<u32>,
    /// Events that fired only in one run (counted by event, whatever the turn), "title (date)".
    pub only_in_original: Vec<String>,
    pub only_in_alternative: Vec<String>,
    /// The player's later commands the changed game no longer accepted, "date: decision".
    pub skipped: Vec<String>,
}

/// The player's decisions of a turn, in the order taken.
pub fn decisions_in_turn(campaign: &Campaign, turn: u32) -> Vec<DecisionRef> {
    let content = campaign.content();
    campaign
        .state()
        .decisions
        .iter()
        .filter(|d| d.turn == turn)
        .enumerate()
        .map(|(nth, d)| DecisionRef { nth, command: d.command.clone(), text: command_text(content, &d.command) })
        .collect()
}

/// The position in the command log of a turn's `nth` decision.
fn log_position(campaign: &Campaign, turn: u32, nth: usize) -> Option<usize> {
    let (mut t, mut n) = (0u32, 0usize);
    for (pos, command) in campaign.state().command_log.iter().enumerate() {
        if *command == Command::EndTurn {
            t += 1;
            n = 0;
            continue;
        }
        if t == turn {
            if n == nth {
                return Some(pos);
            }
            n += 1;
        }
    }
    None
}

/// Replays the first `count` commands of the campaign's log from its seed.
fn replay_prefix(campaign: &Campaign, count: usize) -> Result<Campaign, WhatIfError> {
    let s = campaign.state();
    let mut alt = Campaign::new(campaign.content().clone(), s.seed, s.difficulty);
    for command in &s.command_log[..count] {
        alt.apply(command.clone()).map_err(|r| WhatIfError::NotReplayable(r.to_string()))?;
    }
    Ok(alt)
}

/// The campaign just before a turn's `nth` decision: what the player saw when taking it. The
/// game uses it to offer only what could be done then, with the usual previews.
pub fn state_before(campaign: &Campaign, turn: u32, nth: usize) -> Result<Campaign, WhatIfError> {
    let pos = log_position(campaign, turn, nth).ok_or(WhatIfError::NoSuchDecision { turn, nth })?;
    replay_prefix(campaign, pos)
}

/// What could have been done instead of a decision: the other answers of an event, the other
/// Council steps, or any action the rules accepted at that moment.
pub fn alternatives(campaign: &Campaign, turn: u32, nth: usize) -> Result<Vec<Alternative>, WhatIfError> {
    let before = state_before(campaign, turn, nth)?;
    let original = &campaign
        .state()
        .decisions
        .iter()
        .filter(|d| d.turn == turn)
        .nth(nth)
        .ok_or(WhatIfError::NoSuchDecision { turn, nth })?
        .command;
    let content = before.content();
    let candidates: Vec<Command> = match original {
        Command::AnswerEvent { event, .. } => content
            .event_index(event)
            .map(|i| {
                (0..content.events[usize::from(i)].choices.len())
                    .map(|choice| Command::AnswerEvent { event: event.clone(), choice })
                    .collect()
            })
            .unwrap_or_default(),
        c if c.kind().group() == ActionGroup::Council => {
            let mut list = vec![Command::InvokeArticleFive, Command::ConsultOnly, Command::CloseCouncil];
            if let Some(council) = &before.state().council {
                for p in &council.positions {
                    let member = content.countries[usize::from(p.country)].iso;
                    list.push(Command::CouncilPersuade { member });
                    list.push(Command::RequestContribution { member });
                }
            }
            list
        }
        _ => {
            let mut list = policy::random_commands(&before);
            list.push(Command::HoldSummit { pledge: Some(2.5) });
            list.push(Command::HoldSummit { pledge: Some(3.5) });
            list.push(Command::HoldSummit { pledge: Some(5.0) });
            list
        }
    };
    Ok(candidates
        .into_iter()
        .filter(|c| c != original && before.check(c).is_some())
        .map(|command| Alternative { text: command_text(content, &command), command })
        .collect())
}

/// The what-if of answering an event of `turn` with another choice.
pub fn answer_instead(campaign: &Campaign, turn: u32, event: &str, choice: usize) -> Result<WhatIf, WhatIfError> {
    decisions_in_turn(campaign, turn)
        .into_iter()
        .find(|d| matches!(&d.command, Command::AnswerEvent { event: e, .. } if e == event))
        .map(|d| WhatIf {
            turn,
            nth: d.nth,
            change: Alteration::Replace(Command::AnswerEvent { event: event.to_string(), choice }),
        })
        .ok_or_else(|| WhatIfError::EventNotAnswered { turn, event: event.to_string() })
}

/// Answers waiting events and steps through an open Council as `player` would.
fn settle(campaign: &mut Campaign, player: &mut dyn Policy, council_only: bool) {
    for _ in 0..MAX_SETTLE_STEPS {
        if campaign.is_over() {
            return;
        }
        if let Some(council) = &campaign.state().council {
            let phase = council.phase;
            let step = player.council(campaign);
            if campaign.apply(step).is_err() {
                let fallback =
                    if phase == CouncilPhase::Consultation { Command::ConsultOnly } else { Command::CloseCouncil };
                let _ = campaign.apply(fallback);
            }
            continue;
        }
        if council_only {
            return;
        }
        let Some(&event) = campaign.state().pending_events.first() else { return };
        let choice = player.answer(campaign, event);
        let id = campaign.content().events[usize::from(event)].id.clone();
        if campaign.apply(Command::AnswerEvent { event: id.clone(), choice }).is_err() {
            let _ = campaign.apply(Command::AnswerEvent { event: id, choice: 0 });
        }
    }
}

/// Plays whole turns with a policy until the end, or until `stop_turn` begins.
fn play_on(campaign: &mut Campaign, player: &mut dyn Policy, stop_turn: Option<u32>) {
    let limit = campaign.total_turns() as usize + 2;
    for _ in 0..limit {
        if campaign.is_over() || stop_turn.is_some_and(|t| campaign.state().turn >= t) {
            return;
        }
        policy::play_turn(campaign, player);
    }
}

/// Replays the game with one decision changed and compares the two runs.
pub fn run(campaign: &Campaign, what_if: &WhatIf, continuation: &Continuation) -> Result<Comparison, WhatIfError> {
    let content = campaign.content().clone();
    let WhatIf { turn, nth, change } = what_if;
    let pos = log_position(campaign, *turn, *nth).ok_or(WhatIfError::NoSuchDecision { turn: *turn, nth: *nth })?;
    let mut player: Box<dyn Policy> = match continuation {
        Continuation::PlayersCommands => Box::new(policy::Historical),
        Continuation::Policy(name) => policy::policy_by_name(name, campaign.state().seed)
            .ok_or_else(|| WhatIfError::UnknownPolicy(name.clone()))?,
    };
    let log = &campaign.state().command_log;
    let original_decision = command_text(&content, &log[pos]);
    let mut alt = replay_prefix(campaign, pos)?;
    let changed_decision = match change {
        Alteration::Replace(Command::EndTurn) => {
            return Err(WhatIfError::Refused("ending the turn is not a decision to change".into()));
        }
        Alteration::Replace(command) => {
            alt.apply(command.clone()).map_err(|r| WhatIfError::Refused(r.to_string()))?;
            command_text(&content, command)
        }
        Alteration::Remove => "Nothing (the decision left out)".to_string(),
    };
    // An unfinished original is compared over the same turns only.
    let stop_turn = if campaign.is_over() { None } else { Some(campaign.state().turn) };
    let mut skipped = Vec::new();
    match continuation {
        Continuation::PlayersCommands => {
            for command in &log[pos + 1..] {
                if alt.is_over() {
                    break;
                }
                if *command == Command::EndTurn {
                    settle(&mut alt, player.as_mut(), false);
                    if !alt.is_over() && alt.apply(Command::EndTurn).is_err() {
                        settle(&mut alt, player.as_mut(), false);
                        let _ = alt.apply(Command::EndTurn);
                    }
                    continue;
                }
                let council_step = command.kind().group() == ActionGroup::Council;
                if !council_step {
                    // The player met no Council here in the original game: it sits first.
                    settle(&mut alt, player.as_mut(), true);
                }
                let (turn_now, date_now) = (alt.state().turn, alt.state().date);
                if alt.apply(command.clone()).is_err() {
                    let label = date_now.turn_label(content.turn_months(turn_now as usize));
                    skipped.push(format!("{label}: {}", command_text(&content, command)));
                }
            }
            if stop_turn.is_none() {
                play_on(&mut alt, player.as_mut(), None);
            }
        }
        Continuation::Policy(_) => play_on(&mut alt, player.as_mut(), stop_turn),
    }
    Ok(compare(campaign, &alt, *turn, original_decision, changed_decision, continuation.clone(), skipped))
}

fn reports(campaign: &Campaign) -> impl Iterator<Item = &TurnReport> {
    let s = campaign.state();
    s.reports.iter().chain((!campaign.is_over()).then_some(&s.current))
}

fn run_of(campaign: &Campaign) -> Run {
    let content = campaign.content();
    let s = campaign.state();
    let mut events = Vec::new();
    let mut news = Vec::new();
    for report in reports(campaign) {
        let date = report.date.unwrap_or(s.date);
        for item in &report.news {
            match item {
                News::EventFired { event } => {
                    let def = &content.events[usize::from(*event)];
                    let answer = report.news.iter().find_map(|n| match n {
                        News::EventAnswered { event: e, choice } if e == event => {
                            def.choices.get(usize::from(*choice)).map(|c| c.label.clone())
                        }
                        _ => None,
                    });
                    events.push(FiredEvent {
                        turn: report.turn,
                        date,
                        event_id: def.id.clone(),
                        title: def.title.clone(),
                        answer,
                    });
                }
                other => {
                    if let Some(text) = happened_text(content, other) {
                        news.push(NewsLine { turn: report.turn, date, text });
                    }
                }
            }
        }
    }
    let total = campaign.total_turns();
    Run {
        outcome: Outcome::of(campaign),
        reason: s
            .ending
            .as_ref()
            .map_or_else(|| format!("Stopped after {} of {total} turns", s.turn.min(total)), |e| e.reason.clone()),
        score: campaign.score(),
        turns_played: s.turn.min(total),
        events,
        news,
        state_hash: campaign.state_hash(),
    }
}

/// Events of `a` not matched by one of the same id in `b`.
fn unmatched(a: &[FiredEvent], b: &[FiredEvent]) -> Vec<String> {
    let mut left: Vec<&FiredEvent> = b.iter().collect();
    let mut out = Vec::new();
    for e in a {
        match left.iter().position(|x| x.event_id == e.event_id) {
            Some(k) => {
                left.remove(k);
            }
            None => out.push(format!("{} ({})", e.title, e.date)),
        }
    }
    out
}

fn compare(
    original: &Campaign,
    alt: &Campaign,
    turn: u32,
    original_decision: String,
    changed_decision: String,
    continuation: Continuation,
    skipped: Vec<String>,
) -> Comparison {
    let content = original.content();
    let (a, b) = (&original.state().snapshots, &alt.state().snapshots);
    let longer = if b.len() > a.len() { b } else { a };
    type Read = fn(&crate::sim::state::Snapshot) -> f64;
    let meters: [(&str, Read); 6] = [
        (AllianceMeter::Cohesion.label(), |s| s.alliance[0]),
        (AllianceMeter::Deterrence.label(), |s| s.alliance[1]),
        (AllianceMeter::Credibility.label(), |s| s.alliance[2]),
        (AllianceMeter::Legitimacy.label(), |s| s.alliance[5]),
        (AllianceMeter::BurdenSharing.label(), |s| s.alliance[4]),
        (AdversaryStat::Intent.label(), |s| s.adversary[1]),
    ];
    let first_difference = a.iter().zip(b).find(|(x, y)| x != y).map(|(x, _)| x.turn);
    let (original_run, alternative_run) = (run_of(original), run_of(alt));
    let date = content.turn_starts.get(turn as usize).copied().unwrap_or(content.scenario.start);
    Comparison {
        scenario_title: content.scenario.title.clone(),
        turn,
        turn_label: date.turn_label(content.turn_months(turn as usize)),
        original_decision,
        changed_decision,
        continuation,
        dates: longer.iter().map(|s| s.date).collect(),
        meters: meters
            .iter()
            .map(|(name, get)| MeterPair {
                name: name.to_string(),
                original: a.iter().map(get).collect(),
                alternative: b.iter().map(get).collect(),
            })
            .collect(),
        first_difference,
        only_in_original: unmatched(&original_run.events, &alternative_run.events),
        only_in_alternative: unmatched(&alternative_run.events, &original_run.events),
        original: original_run,
        alternative: alternative_run,
        skipped,
    }
}

impl Comparison {
    /// One chart per meter, the original run solid and the changed one dashed.
    pub fn charts(&self) -> Vec<Chart> {
        self.meters
            .iter()
            .enumerate()
            .map(|(k, m)| Chart {
                title: m.name.clone(),
                dates: self.dates.clone(),
                series: vec![
                    Series { name: "Your game".into(), values: m.original.clone(), color: k as u8, dashed: false },
                    Series { name: "What if".into(), values: m.alternative.clone(), color: k as u8, dashed: true },
                ],
            })
            .collect()
    }

    fn continuation_text(&self) -> String {
        match &self.continuation {
            Continuation::PlayersCommands => {
                "After the change, your own later decisions were replayed wherever they still applied; anything new was answered as history did.".into()
            }
            Continuation::Policy(name) => format!("After the change, the '{name}' policy played on."),
        }
    }

    /// The comparison as Markdown.
    pub fn to_markdown(&self) -> String {
        use super::markdown::{md, sparkline};
        let mut out = String::new();
        let _ = writeln!(out, "# What if: {} ({})\n", md(&self.scenario_title), md(&self.turn_label));
        let _ = writeln!(
            out,
            "In turn {} you chose **{}**. This run chose **{}** instead. {}\n",
            self.turn + 1,
            md(&self.original_decision),
            md(&self.changed_decision),
            self.continuation_text()
        );
        out.push_str("| | Your game | What if |\n|---|---|---|\n");
        let _ = writeln!(out, "| Outcome | {} | {} |", self.original.outcome, self.alternative.outcome);
        let _ = writeln!(out, "| Why | {} | {} |", md(&self.original.reason), md(&self.alternative.reason));
        let _ = writeln!(out, "| Score | {:.0} | {:.0} |", self.original.score.total, self.alternative.score.total);
        let _ = writeln!(out, "| Turns played | {} | {} |", self.original.turns_played, self.alternative.turns_played);
        for m in &self.meters {
            let end = |v: &[f64]| v.last().map_or_else(|| "—".to_string(), |x| format!("{x:.1}"));
            let _ = writeln!(
                out,
                "| {} at the end | {} {} | {} {} |",
                md(&m.name),
                end(&m.original),
                sparkline(&m.original),
                end(&m.alternative),
                sparkline(&m.alternative)
            );
        }
        out.push('\n');
        match self.first_difference {
            Some(t) => {
                let label = self.dates.get(t as usize).map_or_else(String::new, |d| format!(" ({d})"));
                let _ = writeln!(out, "The meters first differ at the start of turn {}{label}.\n", t + 1);
            }
            None => out.push_str("The meters never differ between the two runs.\n\n"),
        }
        let list = |out: &mut String, title: &str, items: &[String]| {
            if !items.is_empty() {
                let _ = writeln!(out, "**{title}:**\n");
                for i in items {
                    let _ = writeln!(out, "- {}", md(i));
                }
                out.push('\n');
            }
        };
        list(&mut out, "Events only in your game", &self.only_in_original);
        list(&mut out, "Events only in the what-if", &self.only_in_alternative);
        list(&mut out, "Your later decisions that no longer applied", &self.skipped);
        out.push_str("## Turn by turn\n\n| Turn | Your game | What if |\n|---|---|---|\n");
        for (k, date) in self.dates.iter().enumerate() {
            let k = k as u32;
            let cell = |run: &Run| {
                let mut items: Vec<String> = run
                    .events
                    .iter()
                    .filter(|e| e.turn == k)
                    .map(|e| match &e.answer {
                        Some(a) => format!("{}: {}", md(&e.title), md(a)),
                        None => md(&e.title),
                    })
                    .collect();
                items.extend(run.news.iter().filter(|n| n.turn == k).map(|n| md(&n.text)));
                items.join("; ")
            };
            let (a, mut b) = (cell(&self.original), cell(&self.alternative));
            if a == b && !a.is_empty() {
                b = "(the same)".into();
            }
            if !a.is_empty() || !b.is_empty() {
                let _ = writeln!(out, "| {date} | {a} | {b} |");
            }
        }
        out
    }

    /// The comparison as a self-contained HTML page with a chart per meter.
    pub fn to_html(&self) -> String {
        use super::html::escape;
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>What if: {}</title>\n<style>body{{font:16px/1.5 Georgia,serif;max-width:60rem;margin:0 auto;padding:1.5rem;color:#1a1a1a}}table{{border-collapse:collapse;width:100%}}td,th{{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccc;vertical-align:top}}svg.chart{{width:100%;height:auto;font-family:Arial,sans-serif}}svg .chart-title{{font-size:14px;font-weight:bold}}svg .axis{{font-size:11px;fill:#5a5a5a}}svg .legend{{font-size:12px}}.charts{{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}}figure{{margin:0;break-inside:avoid}}</style>\n</head>\n<body>\n",
            escape(&self.scenario_title)
        );
        let _ = write!(
            out,
            "<h1>What if: {} <small>{}</small></h1>\n<p>In turn {} you chose <strong>{}</strong>. This run chose <strong>{}</strong> instead. {}</p>\n",
            escape(&self.scenario_title),
            escape(&self.turn_label),
            self.turn + 1,
            escape(&self.original_decision),
            escape(&self.changed_decision),
            escape(&self.continuation_text())
        );
        out.push_str("<table>\n<tr><th></th><th>Your game</th><th>What if</th></tr>\n");
        let _ = writeln!(
            out,
            "<tr><td>Outcome</td><td>{}</td><td>{}</td></tr>",
            self.original.outcome, self.alternative.outcome
        );
        let _ = writeln!(
            out,
            "<tr><td>Why</td><td>{}</td><td>{}</td></tr>",
            escape(&self.original.reason),
            escape(&self.alternative.reason)
        );
        let _ = writeln!(
            out,
            "<tr><td>Score</td><td>{:.0}</td><td>{:.0}</td></tr>\n</table>",
            self.original.score.total, self.alternative.score.total
        );
        out.push_str("<div class=\"charts\">\n");
        for chart in self.charts() {
            let _ = writeln!(out, "<figure>{}</figure>", super::svg::line_chart(&chart));
        }
        out.push_str("</div>\n");
        for (title, items) in [
            ("Events only in your game", &self.only_in_original),
            ("Events only in the what-if", &self.only_in_alternative),
            ("Your later decisions that no longer applied", &self.skipped),
        ] {
            if !items.is_empty() {
                let _ = write!(out, "<h2>{title}</h2>\n<ul>\n");
                for i in items {
                    let _ = writeln!(out, "<li>{}</li>", escape(i));
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

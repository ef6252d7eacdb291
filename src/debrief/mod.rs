//! The debrief at the end of a scenario, for players and their teachers: the outcome and the
//! score with its breakdown, the objectives, every decision of the player beside what actually
//! happened in history, the meters over the game, and questions for a class discussion.
//!
//! `Debrief::of` turns a campaign into plain data (serde), so that the game's end screen, the
//! command line (`article-five debrief`), the class report and the exports all read the same
//! thing. `to_markdown` and `to_html` render it; `write` picks the format by the file's extension.
//! Both exports carry a small machine-readable `Summary` inside them, so a teacher can collect
//! the exported files instead of the saves and still get the class table (`read_summary`).

mod html;
mod markdown;
mod svg;
pub mod whatif;

#[cfg(test)]
mod tests;

pub use html::to_html;
pub use markdown::to_markdown;
pub use svg::line_chart;

use crate::save::SaveError;
use crate::sim::content::Content;
use crate::sim::ids::{AdversaryStat, AllianceMeter};
use crate::sim::ledger::News;
use crate::sim::state::ObjectiveStatus;
use crate::sim::{Campaign, Command, GameDate, Score};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Most key decisions kept in a summary: a class table needs the gist, not the whole game.
const MAX_KEY_DECISIONS: usize = 8;
/// Most events named where the player went another way than history.
const MAX_DEPARTURES_NAMED: usize = 4;

/// How a campaign ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Victory,
    Defeat,
    /// Saved before the end (a lesson stopped at its turn limit, say).
    Unfinished,
}

impl Outcome {
    /// The outcome of a campaign's state.
    pub fn of(campaign: &Campaign) -> Outcome {
        match &campaign.state().ending {
            Some(e) if e.victory => Outcome::Victory,
            Some(_) => Outcome::Defeat,
            None => Outcome::Unfinished,
        }
    }

    /// "Victory", "Defeat", "Unfinished".
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Victory => "Victory",
            Outcome::Defeat => "Defeat",
            Outcome::Unfinished => "Unfinished",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An objective and how it stood at the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveLine {
    pub text: String,
    pub status: ObjectiveStatus,
    pub required: bool,
    pub points: f64,
}

/// What kind of decision a timeline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionKind {
    /// An action from the actions panel.
    Action,
    /// The answer to an event.
    EventAnswer,
    /// A step in the North Atlantic Council after an attack.
    Council,
}

/// One decision of the player, with what actually happened beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionEntry {
    pub kind: DecisionKind,
    /// What the player did, in words ("Press to spend more: Italy").
    pub text: String,
    /// The command itself, e.g. to offer a what-if on it (`whatif::WhatIf`).
    pub command: Command,
    /// The event answered, for event answers: its id and title.
    pub event_id: Option<String>,
    pub event_title: Option<String>,
    /// Whether the real alliance did the same: for events, whether the historical choice was
    /// made; for actions, true when the scenario's historical plan has this action in this
    /// period; None when history does not say.
    pub as_history: Option<bool>,
    /// What the real alliance did, in words, when it is known.
    pub history: Option<String>,
    /// The event's historical note (what really happened, with dates).
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A line of the scenario's historical plan: what the real alliance did over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub from: GameDate,
    pub to: GameDate,
    pub text: String,
    /// The player took the same action at some point in that period.
    pub you_too: bool,
}

impl HistoryLine {
    /// The line as text for an export, its own text escaped for the format by `escape`.
    pub fn render(&self, escape: impl Fn(&str) -> String) -> String {
        let mark = if self.you_too { " (you did too)" } else { "" };
        format!("{} ({} to {}){mark}", escape(&self.text), self.from, self.to)
    }
}

/// One turn of the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurnEntry {
    /// Zero-based turn index (shown to people as `turn + 1`).
    pub turn: u32,
    pub date: GameDate,
    /// "1950 H1".
    pub label: String,
    /// The player's decisions in the order taken; an entry's index is the `nth` of a what-if
    /// on it (`whatif::WhatIf { turn, nth, .. }`).
    pub decisions: Vec<DecisionEntry>,
    /// What came of them and of the world in the game: summits, attacks, accessions, objectives.
    pub happened: Vec<String>,
    /// What the real alliance began doing in these months, from the scenario's historical plan.
    pub history: Vec<HistoryLine>,
}

/// One line of a chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// One value per date of the chart, from the first; a shorter series stops early.
    pub values: Vec<f64>,
    /// Index into the chart palette.
    pub color: u8,
    pub dashed: bool,
}

/// A line chart of values from 0 to 100 over the turns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    pub dates: Vec<GameDate>,
    pub series: Vec<Series>,
}

/// A labelled figure ("Article 5 invocations": "1").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// Everything the debrief shows, as plain data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub scenario_id: String,
    pub scenario_title: String,
    pub era: String,
    pub start: GameDate,
    pub end: GameDate,
    /// The student's name, when the game knows it (see `with_student`).
    pub student: Option<String>,
    /// The class code the game was started from.
    pub class_code: Option<String>,
    pub seed: u64,
    /// The difficulty's name ("Diplomat").
    pub difficulty: String,
    pub turns_played: u32,
    pub total_turns: u32,
    pub outcome: Outcome,
    /// Why it ended so ("Every required objective was met").
    pub reason: String,
    pub score: Score,
    pub objectives: Vec<ObjectiveLine>,
    pub facts: Vec<Fact>,
    pub timeline: Vec<TurnEntry>,
    /// The decisions a teacher most wants to see, short, for the class table.
    pub key_decisions: Vec<String>,
    pub charts: Vec<Chart>,
    /// Three to five questions for the class.
    pub discussion: Vec<String>,
}

/// The few figures a class table needs, embedded in every exported debrief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub student: Option<String>,
    pub class_code: Option<String>,
    pub scenario_id: String,
    pub scenario_title: String,
    pub difficulty: String,
    pub seed: u64,
    pub turns_played: u32,
    pub total_turns: u32,
    pub outcome: Outcome,
    pub reason: String,
    pub score: f64,
    pub objectives_met: u32,
    pub objectives_total: u32,
    pub key_decisions: Vec<String>,
}

impl Debrief {
    /// The debrief of a campaign, finished or not.
    pub fn of(campaign: &Campaign) -> Debrief {
        let content = campaign.content();
        let s = campaign.state();
        let sc = &content.scenario;
        let total_turns = campaign.total_turns();
        let outcome = Outcome::of(campaign);
        let reason = match &s.ending {
            Some(e) => e.reason.clone(),
            None => format!("Saved after {} of {} turns", s.turn.min(total_turns), total_turns),
        };
        let objectives = sc
            .objectives
            .iter()
            .zip(&s.objectives)
            .map(|(o, status)| ObjectiveLine {
                text: o.text.clone(),
                status: *status,
                required: o.required,
                points: o.points,
            })
            .collect();
        let timeline = timeline(campaign);
        let key_decisions = key_decisions(&timeline);
        Debrief {
            scenario_id: sc.id.clone(),
            scenario_title: sc.title.clone(),
            era: sc.era.clone(),
            start: sc.start,
            end: sc.end,
            student: None,
            class_code: None,
            seed: s.seed,
            difficulty: sc.difficulties.get(s.difficulty).map_or_else(|| "?".into(), |d| d.name.clone()),
            turns_played: s.turn.min(total_turns),
            total_turns,
            outcome,
            reason,
            score: campaign.score(),
            objectives,
            facts: facts(campaign),
            timeline,
            key_decisions,
            charts: charts(campaign),
            discussion: discussion(content),
        }
    }

    /// The same debrief with the student's name (blank names are left out).
    pub fn with_student(mut self, student: Option<&str>) -> Debrief {
        self.student = student.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
        self
    }

    /// The same debrief with the class code the game was started from.
    pub fn with_class_code(mut self, code: Option<&str>) -> Debrief {
        self.class_code = code.map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        self
    }

    /// The debrief of a save file's game, with the student's name and class code it holds.
    pub fn of_save(path: &Path, scenarios: &[std::sync::Arc<Content>]) -> Result<Debrief, SaveError> {
        let save = crate::save::read(path)?;
        let (student, code) = (save.student.clone(), save.class_code.clone());
        let campaign = save.into_campaign(path, scenarios)?;
        Ok(Debrief::of(&campaign).with_student(student.as_deref()).with_class_code(code.as_deref()))
    }

    /// The figures the class report needs.
    pub fn summary(&self) -> Summary {
        Summary {
            student: self.student.clone(),
            class_code: self.class_code.clone(),
            scenario_id: self.scenario_id.clone(),
            scenario_title: self.scenario_title.clone(),
            difficulty: self.difficulty.clone(),
            seed: self.seed,
            turns_played: self.turns_played,
            total_turns: self.total_turns,
            outcome: self.outcome,
            reason: self.reason.clone(),
            score: self.score.total,
            objectives_met: self.objectives.iter().filter(|o| o.status == ObjectiveStatus::Met).count() as u32,
            objectives_total: self.objectives.len() as u32,
            key_decisions: self.key_decisions.clone(),
        }
    }
}

/// A command in words, with its target's name: "Press to spend more: Italy".
pub fn command_text(content: &Content, command: &Command) -> String {
    let country = |iso: &crate::sim::Iso| {
        content.country_index(*iso).map_or_else(|| iso.to_string(), |i| content.countries[usize::from(i)].name.clone())
    };
    let partner = |id: &str| {
        content.partner_index(id).map_or_else(|| id.to_string(), |i| content.partners[usize::from(i)].name.clone())
    };
    let label = command.kind().label();
    match command {
        Command::PressSpending { member }
        | Command::DeployForward { member }
        | Command::Persuade { member }
        | Command::OfferConcession { member }
        | Command::CouncilPersuade { member }
        | Command::RequestContribution { member } => format!("{label}: {}", country(member)),
        Command::InviteCandidate { candidate } => format!("{label}: {}", country(candidate)),
        Command::DeepenPartnership { partner: p }
        | Command::BuildPartnerCapacity { partner: p }
        | Command::AidPartner { partner: p } => format!("{label}: {}", partner(p)),
        Command::LaunchMission { mission } | Command::EndMission { mission } => format!("{label}: {}", mission.label()),
        Command::HoldSummit { pledge: Some(p) } => format!("{label} with a pledge of {p:.1}% of GDP"),
        Command::AnswerEvent { event, choice } => match content.event_index(event) {
            Some(i) => {
                let e = &content.events[usize::from(i)];
                let chosen = e.choices.get(*choice).map_or("?", |c| c.label.as_str());
                format!("{}: {chosen}", e.title)
            }
            None => format!("{label}: {event} (choice {})", choice + 1),
        },
        _ => label.to_string(),
    }
}

fn kind_of(command: &Command) -> DecisionKind {
    match command.kind().group() {
        crate::sim::ActionGroup::Council => DecisionKind::Council,
        _ if matches!(command, Command::AnswerEvent { .. }) => DecisionKind::EventAnswer,
        _ => DecisionKind::Action,
    }
}

/// The last month of a turn.
fn turn_end(content: &Content, turn: u32, date: GameDate) -> GameDate {
    date.plus_months(content.turn_months(turn as usize) as i32 - 1)
}

fn decision_entry(content: &Content, turn: u32, date: GameDate, command: &Command) -> DecisionEntry {
    let text = command_text(content, command);
    let kind = kind_of(command);
    let mut entry = DecisionEntry {
        kind,
        text,
        command: command.clone(),
        event_id: None,
        event_title: None,
        as_history: None,
        history: None,
        note: None,
        source: None,
    };
    match command {
        Command::AnswerEvent { event, choice } => {
            entry.event_id = Some(event.clone());
            if let Some(e) = content.event_index(event).map(|i| &content.events[usize::from(i)]) {
                entry.event_title = Some(e.title.clone());
                let historical = e.choices.iter().find(|c| c.historical);
                entry.as_history = historical.map(|_| e.choices.get(*choice).is_some_and(|c| c.historical));
                entry.history = historical.map(|c| format!("The alliance chose: {}", c.label));
                entry.note = Some(e.note.clone()).filter(|n| !n.trim().is_empty());
                entry.source = Some(e.source.clone()).filter(|s| !s.trim().is_empty());
            }
        }
        _ if kind == DecisionKind::Action => {
            let end = turn_end(content, turn, date);
            // The plan says what the real alliance did over a period; a decision matches it when
            // the same action falls in that period.
            if let Some(step) = content
                .scenario
                .historical_plan
                .iter()
                .find(|step| step.action == *command && step.from <= end && step.to >= date)
            {
                entry.as_history = Some(true);
                entry.history = Some(format!("The alliance did this too ({} to {})", step.from, step.to));
            }
        }
        _ => {}
    }
    entry
}

/// The game's news worth showing beside the decisions; decisions themselves are left out.
fn happened_text(content: &Content, news: &News) -> Option<String> {
    match news {
        // The answer to an event is a decision, so its firing would only say the same twice.
        News::EventFired { .. } | News::EventAnswered { .. } | News::ActionTaken { .. } => None,
        other => Some(crate::sim::describe::news_text(content, other)),
    }
}

fn timeline(campaign: &Campaign) -> Vec<TurnEntry> {
    let content = campaign.content();
    let s = campaign.state();
    let last = if campaign.is_over() { s.turn.saturating_sub(1) } else { s.turn };
    let last = last.min(campaign.total_turns().saturating_sub(1));
    let mut out = Vec::new();
    for turn in 0..=last {
        let Some(&date) = content.turn_starts.get(turn as usize) else { break };
        let report =
            if turn == s.turn && !campaign.is_over() { Some(&s.current) } else { s.reports.get(turn as usize) };
        let decisions = s
            .decisions
            .iter()
            .filter(|d| d.turn == turn)
            .map(|d| decision_entry(content, turn, d.date, &d.command))
            .collect();
        let happened =
            report.map_or_else(Vec::new, |r| r.news.iter().filter_map(|n| happened_text(content, n)).collect());
        let end = turn_end(content, turn, date);
        let history = content
            .scenario
            .historical_plan
            .iter()
            .filter(|step| {
                (step.from >= date && step.from <= end) || (turn == 0 && step.from < date && step.to >= date)
            })
            .map(|step| HistoryLine {
                from: step.from,
                to: step.to,
                text: command_text(content, &step.action),
                you_too: s.decisions.iter().any(|d| {
                    d.command == step.action && turn_end(content, d.turn, d.date) >= step.from && d.date <= step.to
                }),
            })
            .collect();
        out.push(TurnEntry {
            turn,
            date,
            label: date.turn_label(content.turn_months(turn as usize)),
            decisions,
            happened,
            history,
        });
    }
    out
}

/// The gist of a game for a class table: how often the player answered events as history did
/// and on which events they went another way, then the decisions that change an era (Article 5,
/// invitations, pledges, sanctions, operations), each once with its first date and how often.
fn key_decisions(timeline: &[TurnEntry]) -> Vec<String> {
    let entries = || timeline.iter().flat_map(|t| t.decisions.iter().map(move |d| (t, d)));
    let answers: Vec<&DecisionEntry> =
        entries().map(|(_, d)| d).filter(|d| d.kind == DecisionKind::EventAnswer && d.as_history.is_some()).collect();
    let mut out = Vec::new();
    if !answers.is_empty() {
        let same = answers.iter().filter(|d| d.as_history == Some(true)).count();
        out.push(format!("{same} of {} events answered as history did", answers.len()));
    }
    let departures: Vec<&str> =
        answers.iter().filter(|d| d.as_history == Some(false)).filter_map(|d| d.event_title.as_deref()).collect();
    if !departures.is_empty() {
        let mut named = departures.iter().take(MAX_DEPARTURES_NAMED).copied().collect::<Vec<_>>().join(", ");
        if departures.len() > MAX_DEPARTURES_NAMED {
            named.push_str(&format!(" and {} more", departures.len() - MAX_DEPARTURES_NAMED));
        }
        out.push(format!("went another way than history on {named}"));
    }
    let mut actions: Vec<(String, &str, usize)> = Vec::new();
    for (turn, d) in entries() {
        let Some(text) = key_action_text(&d.command, &d.text) else { continue };
        match actions.iter_mut().find(|(t, _, _)| *t == text) {
            Some((_, _, n)) => *n += 1,
            None => actions.push((text, &turn.label, 1)),
        }
    }
    for (text, first, n) in actions {
        out.push(if n == 1 { format!("{text} ({first})") } else { format!("{text} ×{n} (from {first})") });
    }
    if out.len() > MAX_KEY_DECISIONS {
        let more = out.len() - (MAX_KEY_DECISIONS - 1);
        out.truncate(MAX_KEY_DECISIONS - 1);
        out.push(format!("and {more} more"));
    }
    out
}

/// The decisions that change an era, in a few words; routine ones give None.
fn key_action_text(command: &Command, text: &str) -> Option<String> {
    match command {
        Command::InvokeArticleFive => Some("invoked Article 5".into()),
        Command::ConsultOnly => Some("answered an attack under Article 4 only".into()),
        Command::InviteCandidate { .. }
        | Command::OfferConcession { .. }
        | Command::ImposeSanctions
        | Command::LiftSanctions
        | Command::AidPartner { .. }
        | Command::LaunchMission { .. }
        | Command::EndMission { .. }
        | Command::DialogueWithAdversary
        | Command::HoldSummit { pledge: Some(_) } => Some(lower_first(text)),
        _ => None,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn facts(campaign: &Campaign) -> Vec<Fact> {
    let t = &campaign.state().tally;
    let fact = |label: &str, value: String| Fact { label: label.to_string(), value };
    vec![
        fact("Attacks on members", t.attacks.to_string()),
        fact("Article 5 invoked", t.article5_invocations.to_string()),
        fact("Article 5 blocked in the Council", t.article5_blocked.to_string()),
        fact("Grave attacks left unanswered", t.unanswered_attacks.to_string()),
        fact("Summits held (failed)", format!("{} ({})", t.summits, t.failed_summits)),
        fact("Countries that joined", t.accessions.to_string()),
        fact("Invitations blocked", t.invitations_blocked.to_string()),
        fact("Political capital spent", format!("{:.0}", t.capital_spent)),
    ]
}

fn charts(campaign: &Campaign) -> Vec<Chart> {
    let snaps = &campaign.state().snapshots;
    let dates: Vec<GameDate> = snaps.iter().map(|s| s.date).collect();
    let meter = |m: AllianceMeter| AllianceMeter::ALL.iter().position(|x| *x == m).unwrap_or(0);
    let alliance = [
        AllianceMeter::Cohesion,
        AllianceMeter::Deterrence,
        AllianceMeter::Credibility,
        AllianceMeter::Legitimacy,
        AllianceMeter::BurdenSharing,
    ];
    let mut first = Chart { title: "The alliance's meters".into(), dates: dates.clone(), series: Vec::new() };
    for (k, m) in alliance.iter().enumerate() {
        first.series.push(Series {
            name: m.label().into(),
            values: snaps.iter().map(|s| s.alliance[meter(*m)]).collect(),
            color: k as u8,
            dashed: false,
        });
    }
    let second = Chart {
        title: "Political capital and the adversary".into(),
        dates,
        series: vec![
            Series {
                name: AllianceMeter::Capital.label().into(),
                values: snaps.iter().map(|s| s.alliance[meter(AllianceMeter::Capital)]).collect(),
                color: 5,
                dashed: false,
            },
            Series {
                name: AdversaryStat::Strength.label().into(),
                values: snaps.iter().map(|s| s.adversary[0]).collect(),
                color: 6,
                dashed: false,
            },
            Series {
                name: AdversaryStat::Intent.label().into(),
                values: snaps.iter().map(|s| s.adversary[1]).collect(),
                color: 1,
                dashed: true,
            },
        ],
    };
    vec![first, second]
}

/// Questions the scenario asks, or general ones when it has none (a mod, say), so that the
/// debrief always gives a class something to talk about.
fn discussion(content: &Content) -> Vec<String> {
    if !content.scenario.discussion.is_empty() {
        return content.scenario.discussion.clone();
    }
    vec![
        "Which of your decisions changed the alliance's cohesion most, and why?".into(),
        "Where did your choices differ from what the real alliance did? What might explain the difference?".into(),
        "Was the alliance's strength in this era mainly military, political or economic? Use the meters to argue your answer.".into(),
    ]
}

/// The formats a debrief can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    /// The whole debrief as JSON, for other tools.
    Json,
}

impl Format {
    /// The format a file name asks for: `.md` (or `.markdown`), `.html` (or `.htm`), `.json`.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Why a debrief could not be written or read back.
#[derive(Debug)]
pub enum DebriefError {
    /// The file name does not say which format to write.
    UnknownFormat {
        path: PathBuf,
    },
    Write(SaveError),
    Read {
        path: PathBuf,
        detail: String,
    },
}

impl fmt::Display for DebriefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DebriefError::UnknownFormat { path } => write!(
                f,
                "{}: cannot tell the format from the file name; end it in .md for Markdown or .html for a web page (or .json for the raw data)",
                path.display()
            ),
            DebriefError::Write(e) => write!(f, "{e}"),
            DebriefError::Read { path, detail } => write!(f, "{}: {detail}", path.display()),
        }
    }
}

impl std::error::Error for DebriefError {}

/// The debrief in the given format.
pub fn render(debrief: &Debrief, format: Format) -> String {
    match format {
        Format::Markdown => to_markdown(debrief),
        Format::Html => to_html(debrief),
        Format::Json => serde_json::to_string_pretty(debrief).unwrap_or_default(),
    }
}

/// Writes the debrief to `path` in the format its extension names, atomically (a crash leaves
/// the old file or the new one, never half of one).
pub fn write(debrief: &Debrief, path: &Path) -> Result<Format, DebriefError> {
    let format = Format::of_path(path).ok_or_else(|| DebriefError::UnknownFormat { path: path.to_path_buf() })?;
    crate::save::write_atomic(path, render(debrief, format).as_bytes()).map_err(DebriefError::Write)?;
    Ok(format)
}

/// Where the summary sits inside an exported debrief.
const SUMMARY_MARKER: &str = "article-five-debrief";

/// The summary as JSON that is safe inside an HTML comment or a `<script>` element: `<`, `>`
/// and `&` only ever occur inside JSON strings, where their escapes mean the same.
fn embedded_summary(debrief: &Debrief) -> String {
    serde_json::to_string(&debrief.summary())
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Reads the summary back from an exported debrief (`.md`, `.html` or `.json`).
pub fn read_summary(path: &Path) -> Result<Summary, DebriefError> {
    let err = |detail: String| DebriefError::Read { path: path.to_path_buf(), detail };
    let format = Format::of_path(path).ok_or_else(|| DebriefError::UnknownFormat { path: path.to_path_buf() })?;
    let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
    if meta.len() > crate::save::MAX_SAVE_BYTES {
        return Err(err("too large for a debrief".into()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    summary_from_text(&text, format).map_err(err)
}

/// The summary inside a debrief's text.
pub fn summary_from_text(text: &str, format: Format) -> Result<Summary, String> {
    let not_ours = || "not an Article Five debrief (no debrief data inside)".to_string();
    let json = match format {
        Format::Json => {
            let debrief: Debrief = serde_json::from_str(text).map_err(|e| {
                if text.contains("\"scenario_id\"") { format!("the debrief is damaged ({e})") } else { not_ours() }
            })?;
            return Ok(debrief.summary());
        }
        Format::Markdown => {
            let start = text.find(&format!("<!-- {SUMMARY_MARKER}:")).ok_or_else(not_ours)?;
            let body = &text[start + SUMMARY_MARKER.len() + 6..];
            &body[..body.find("-->").ok_or_else(not_ours)?]
        }
        Format::Html => {
            let open = format!("<script type=\"application/json\" id=\"{SUMMARY_MARKER}\">");
            let start = text.find(&open).ok_or_else(not_ours)?;
            let body = &text[start + open.len()..];
            &body[..body.find("</script>").ok_or_else(not_ours)?]
        }
    };
    serde_json::from_str(json.trim()).map_err(|e| format!("the debrief data is damaged ({e})"))
}

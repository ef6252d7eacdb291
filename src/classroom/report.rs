//! The class report: every student's save or exported debrief in a folder gathered into one
//! table, one row per student, written as CSV for a spreadsheet. A file that cannot be read
//! gets a row with its problem; it never stops the report.

use crate::debrief::{self, Debrief, Outcome, Summary};
use crate::sim::Content;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// The columns of the CSV, in order.
pub const COLUMNS: [&str; 16] = [
    "student",
    "file",
    "source",
    "scenario",
    "class_code",
    "difficulty",
    "seed",
    "turns_played",
    "total_turns",
    "outcome",
    "reason",
    "score",
    "objectives_met",
    "key_decisions",
    "notes",
    "problem",
];

/// What a row was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A debrief exported from the game (its figures are as written in the file).
    Debrief,
    /// A save file (its game is rebuilt and scored here).
    Save,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Save => "save",
            Source::Debrief => "debrief",
        }
    }
}

/// One student's row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportRow {
    /// The name in the file, or the file name when it has none.
    pub student: String,
    pub file: String,
    pub source: Option<Source>,
    pub scenario: String,
    pub class_code: String,
    pub difficulty: String,
    pub seed: Option<u64>,
    pub turns_played: Option<u32>,
    pub total_turns: Option<u32>,
    pub outcome: Option<Outcome>,
    pub reason: String,
    pub score: Option<f64>,
    /// "3/5".
    pub objectives_met: String,
    pub key_decisions: Vec<String>,
    /// Other files handed in by the same student, a class code unlike the others', and such.
    pub notes: Vec<String>,
    /// Why the file could not be read (fully), if it could not.
    pub problem: Option<String>,
}

/// Whether a file is one the report reads, by its extension.
pub fn is_report_file(path: &Path) -> bool {
    let hidden = path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.'));
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    !hidden && matches!(ext.as_deref(), Some("a5save" | "md" | "markdown" | "html" | "htm" | "json"))
}

/// A row read from one file, with what is needed to pick a student's best file.
struct Entry {
    row: ReportRow,
    /// The name came from inside the file (so files can be matched by it).
    named: bool,
    modified: Option<SystemTime>,
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn fill_from_summary(row: &mut ReportRow, s: &Summary) {
    row.scenario = s.scenario_id.clone();
    row.class_code = s.class_code.clone().unwrap_or_default();
    row.difficulty = s.difficulty.clone();
    row.seed = Some(s.seed);
    row.turns_played = Some(s.turns_played);
    row.total_turns = Some(s.total_turns);
    row.outcome = Some(s.outcome);
    row.reason = s.reason.clone();
    row.score = Some(s.score);
    row.objectives_met = format!("{}/{}", s.objectives_met, s.objectives_total);
    row.key_decisions = s.key_decisions.clone();
}

/// Reads one file into a row.
fn read_entry(path: &Path, scenarios: &[Arc<Content>]) -> Entry {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let mut row = ReportRow {
        student: file_stem(path),
        file: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        ..ReportRow::default()
    };
    let mut named = false;
    let is_save = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("a5save"));
    if is_save {
        match crate::save::read(path) {
            Err(e) => row.problem = Some(without_path(&e.to_string(), path)),
            Ok(save) => {
                row.source = Some(Source::Save);
                if let Some(name) = save.student.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                    row.student = name.to_string();
                    named = true;
                }
                row.scenario = save.scenario_id.clone();
                row.class_code = save.class_code.clone().unwrap_or_default();
                row.seed = Some(save.seed);
                row.turns_played = Some(save.state.turn);
                row.outcome = Some(match &save.state.ending {
                    Some(e) if e.victory => Outcome::Victory,
                    Some(_) => Outcome::Defeat,
                    None => Outcome::Unfinished,
                });
                row.reason = save.state.ending.as_ref().map(|e| e.reason.clone()).unwrap_or_default();
                let (student, code) = (save.student.clone(), save.class_code.clone());
                match save.into_campaign(path, scenarios) {
                    Ok(campaign) => {
                        let d =
                            Debrief::of(&campaign).with_student(student.as_deref()).with_class_code(code.as_deref());
                        fill_from_summary(&mut row, &d.summary());
                    }
                    Err(e) => row.problem = Some(without_path(&e.to_string(), path)),
                }
            }
        }
    } else {
        match debrief::read_summary(path) {
            Err(e) => row.problem = Some(without_path(&e.to_string(), path)),
            Ok(summary) => {
                row.source = Some(Source::Debrief);
                if let Some(name) = summary.student.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                    row.student = name.to_string();
                    named = true;
                }
                fill_from_summary(&mut row, &summary);
            }
        }
    }
    Entry { row, named, modified }
}

/// Messages start with the path, which the file column already shows.
fn without_path(message: &str, path: &Path) -> String {
    let shown = path.display().to_string();
    message.strip_prefix(&shown).and_then(|m| m.strip_prefix(": ")).unwrap_or(message).to_string()
}

/// Reads every save and debrief in `dir` (not its subfolders) into one row per student.
///
/// When a student handed in several files (autosaves, a save and its debrief), the row shows
/// the one furthest on (finished before unfinished, then more turns, then a save over a
/// debrief, then the newest) and names the others in its notes. Files without a name inside
/// are their own rows, named by the file. Only a folder that cannot be listed is an error.
pub fn gather(dir: &Path, scenarios: &[Arc<Content>]) -> std::io::Result<Vec<ReportRow>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_report_file(p))
        .collect();
    paths.sort();
    let entries: Vec<Entry> = paths.iter().map(|p| read_entry(p, scenarios)).collect();

    let mut by_student: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let mut rows = Vec::new();
    for entry in entries {
        if entry.named && entry.row.problem.is_none() {
            by_student.entry(entry.row.student.to_lowercase()).or_default().push(entry);
        } else {
            rows.push(entry.row);
        }
    }
    for (_, mut files) in by_student {
        let rank = |e: &Entry| {
            (
                e.row.outcome.is_some_and(|o| o != Outcome::Unfinished),
                e.row.turns_played.unwrap_or(0),
                e.row.source,
                e.modified,
            )
        };
        // Ties keep the file that sorts last by name (e.g. the latest numbered autosave).
        files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.row.file.cmp(&b.row.file)));
        let Some(best) = files.pop() else { continue };
        let mut row = best.row;
        if !files.is_empty() {
            let others: Vec<&str> = files.iter().map(|e| e.row.file.as_str()).collect();
            row.notes.push(format!("also handed in: {}", others.join(", ")));
        }
        rows.push(row);
    }

    // A code unlike the class's usually means a student typed a different code.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows.iter().filter(|r| !r.class_code.is_empty()) {
        *counts.entry(row.class_code.as_str()).or_default() += 1;
    }
    let class_code = counts.iter().max_by_key(|(code, n)| (**n, std::cmp::Reverse(**code))).map(|(c, _)| c.to_string());
    if let Some(code) = class_code {
        for row in rows.iter_mut().filter(|r| r.problem.is_none()) {
            if row.class_code.is_empty() {
                row.notes.push(format!("played without the class code ({code})"));
            } else if row.class_code != code {
                row.notes.push(format!("a different class code from most of the class ({code})"));
            }
        }
    }
    rows.sort_by(|a, b| a.student.to_lowercase().cmp(&b.student.to_lowercase()).then_with(|| a.file.cmp(&b.file)));
    Ok(rows)
}

/// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// A text field a student may have typed: a leading `=`, `+`, `-` or `@` would make a
/// spreadsheet run it as a formula, so such text starts with an apostrophe instead.
fn text_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { field(&format!("'{text}")) } else { field(text) }
}

/// The rows as CSV: a header line, then one line per row, CRLF line ends (RFC 4180), UTF-8 with
/// a byte-order mark so that spreadsheets show accented names correctly.
pub fn to_csv(rows: &[ReportRow]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let number = |n: Option<u32>| n.map_or_else(String::new, |n| n.to_string());
        let cells = [
            text_field(&r.student),
            text_field(&r.file),
            r.source.map_or_else(String::new, |s| s.label().to_string()),
            text_field(&r.scenario),
            text_field(&r.class_code),
            text_field(&r.difficulty),
            r.seed.map_or_else(String::new, |s| s.to_string()),
            number(r.turns_played),
            number(r.total_turns),
            r.outcome.map_or_else(String::new, |o| o.label().to_string()),
            text_field(&r.reason),
            r.score.map_or_else(String::new, |s| format!("{s:.0}")),
            field(&r.objectives_met),
            text_field(&r.key_decisions.join("; ")),
            text_field(&r.notes.join("; ")),
            text_field(r.problem.as_deref().unwrap_or("")),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(text_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text_field("-5"), "'-5");
    }

    #[test]
    fn only_saves_and_debriefs_are_read() {
        assert!(is_report_file(Path::new("dir/ada.a5save")));
        assert!(is_report_file(Path::new("dir/ada.HTML")));
        assert!(is_report_file(Path::new("dir/ada.md")));
        assert!(!is_report_file(Path::new("dir/results.csv")));
        assert!(!is_report_file(Path::new("dir/.ada.a5save.123.tmp")));
        assert!(!is_report_file(Path::new("dir/.hidden.md")));
    }
}

//! Finding and reading data files: the shipped `scenarios/` folder (or any folder laid out the
//! same way), with size caps, and parsing each file into its raw form.

use super::diagnostics::{Diags, FileId};
use super::raw::{CodexFile, EventPackFile, FORMAT_VERSION, MemberDbFile, ScenarioFile};
use super::ron_reader::{self, Limits, Span, Spanned};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Largest data file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting of brackets accepted.
pub const MAX_DEPTH: usize = 64;
/// Most files read from one folder, so a stray huge folder cannot stall the game.
const MAX_FILES_PER_FOLDER: usize = 2000;

/// What a data file holds, told by where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    MemberDb,
    Codex,
    Scenario,
    EventPack,
}

impl FileKind {
    /// The kind of the file at `path`: `members.ron`, `codex.ron`, `eras/*.ron`, `events/*.ron`.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        if !name.ends_with(".ron") {
            return None;
        }
        if name == "members.ron" {
            return Some(FileKind::MemberDb);
        }
        if name == "codex.ron" {
            return Some(FileKind::Codex);
        }
        match path.parent()?.file_name()?.to_str()? {
            "eras" => Some(FileKind::Scenario),
            "events" => Some(FileKind::EventPack),
            _ => None,
        }
    }
}

/// Every data file of a folder, parsed into raw form, with the problems found so far.
#[derive(Debug, Default)]
pub struct Parsed {
    pub diags: Diags,
    pub db: Option<(FileId, MemberDbFile)>,
    pub codex: Option<(FileId, CodexFile)>,
    pub scenarios: Vec<(FileId, ScenarioFile)>,
    pub packs: Vec<(FileId, EventPackFile)>,
}

/// Reads the data folder `root`: `members.ron`, `codex.ron`, `eras/*.ron` and `events/*.ron`.
pub fn parse_root(root: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    add_root(&mut parsed, root);
    parsed
}

/// Adds the files of another data folder (a mod, say) to what was parsed.
pub fn add_root(parsed: &mut Parsed, root: &Path) {
    if !root.is_dir() {
        parsed.diags.file_error(
            &root.display().to_string(),
            "no such folder",
            Some("the data folder holds members.ron, codex.ron, eras/ and events/".into()),
        );
        return;
    }
    for name in ["members.ron", "codex.ron"] {
        let path = root.join(name);
        if path.is_file() {
            add_file(parsed, &path);
        }
    }
    for folder in ["eras", "events"] {
        for path in ron_files(&root.join(folder), &mut parsed.diags) {
            add_file(parsed, &path);
        }
    }
}

/// The `.ron` files directly inside a folder, sorted by name.
pub fn ron_files(dir: &Path, diags: &mut Diags) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
        .take(MAX_FILES_PER_FOLDER + 1)
        .collect();
    if files.len() > MAX_FILES_PER_FOLDER {
        diags.file_error(
            &dir.display().to_string(),
            format!("more than {MAX_FILES_PER_FOLDER} files; only the first {MAX_FILES_PER_FOLDER} are read"),
            None,
        );
        files.truncate(MAX_FILES_PER_FOLDER);
    }
    files.sort();
    files
}

/// Reads a file's text with the size cap.
pub fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(format!(
            "file is larger than {} MiB ({} bytes); data files are small text files",
            MAX_FILE_BYTES / (1024 * 1024),
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (bad byte at offset {})", e.utf8_error().valid_up_to()))
}

/// Reads and parses one file into `parsed`, by its kind.
pub fn add_file(parsed: &mut Parsed, path: &Path) {
    let shown = path.display().to_string();
    let Some(kind) = FileKind::of(path) else {
        parsed.diags.file_error(
            &shown,
            "cannot tell what kind of data file this is",
            Some("name it members.ron or codex.ron, or put it in an eras/ or events/ folder".into()),
        );
        return;
    };
    let text = match read_text(path) {
        Ok(text) => text,
        Err(message) => {
            parsed.diags.file_error(&shown, message, None);
            return;
        }
    };
    add_text(parsed, shown, text, kind);
}

/// Parses a file's text as the given kind.
pub fn add_text(parsed: &mut Parsed, path: String, text: String, kind: FileKind) {
    let file = parsed.diags.add_file(path, text);
    match kind {
        FileKind::MemberDb => {
            if let Some(db) = parse_as::<MemberDbFile>(&mut parsed.diags, file) {
                if parsed.db.is_some() {
                    parsed.diags.error(
                        file,
                        Span::default(),
                        "a second member database",
                        Some("keep one members.ron; add countries to it".into()),
                    );
                } else {
                    parsed.db = Some((file, db));
                }
            }
        }
        FileKind::Codex => {
            if let Some(codex) = parse_as::<CodexFile>(&mut parsed.diags, file) {
                match &mut parsed.codex {
                    Some((_, existing)) => existing.entries.extend(codex.entries),
                    None => parsed.codex = Some((file, codex)),
                }
            }
        }
        FileKind::Scenario => {
            if let Some(s) = parse_as::<ScenarioFile>(&mut parsed.diags, file) {
                parsed.scenarios.push((file, s));
            }
        }
        FileKind::EventPack => {
            if let Some(p) = parse_as::<EventPackFile>(&mut parsed.diags, file) {
                parsed.packs.push((file, p));
            }
        }
    }
}

#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    format_version: Option<Spanned<u32>>,
}

/// Parses a file, reporting a syntax or type error, or a format from a newer game, in `diags`.
fn parse_as<T: DeserializeOwned>(diags: &mut Diags, file: FileId) -> Option<T> {
    let limits = Limits { max_bytes: MAX_FILE_BYTES, max_depth: MAX_DEPTH };
    let text = diags.files[file].text.clone();
    if let Ok(VersionProbe { format_version: Some(v) }) = ron_reader::from_str::<VersionProbe>(&text, &limits) {
        if v.value > FORMAT_VERSION {
            diags.error(
                file,
                v.span,
                format!(
                    "this file is in format {} but this version of Article Five reads format {FORMAT_VERSION}",
                    v.value
                ),
                Some("update the game, or ask the file's author for a version in the older format".into()),
            );
            return None;
        }
        if v.value == 0 {
            diags.error(
                file,
                v.span,
                "format_version 0 does not exist",
                Some(format!("write format_version: {FORMAT_VERSION}")),
            );
            return None;
        }
    }
    match ron_reader::from_str::<T>(&text, &limits) {
        Ok(value) => Some(value),
        Err(e) => {
            diags.error(file, e.span, e.message, e.hint);
            None
        }
    }
}

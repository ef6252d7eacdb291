//! Finding and reading data files: the shipped `scenarios/` folder (or any folder laid out the
//! same way), with size caps, and parsing each file into its raw form.

use super::diagnostics::{Diags, FileId};
use super::migrate::{self, Outcome};
use super::raw::{CodexEntryRaw, CodexFile, CountryRecord, EventPackFile, EventRaw, MemberDbFile, ScenarioFile, Sp};
use super::ron_reader::{self, Limits, Span};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Largest data file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting of brackets accepted.
pub const MAX_DEPTH: usize = 64;
/// Most files read from one folder, so a stray huge folder cannot stall the game.
pub const MAX_FILES_PER_FOLDER: usize = 2000;

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

/// An event pack as read, with the file each of its events came from (a mod's override can
/// replace one event of a shipped pack, and its problems must point into the mod's file).
#[derive(Clone, Debug)]
pub struct Pack {
    pub file: FileId,
    pub id: Sp<String>,
    pub description: String,
    pub events: Vec<(FileId, Sp<EventRaw>)>,
}

/// Every data file of a folder (or of a data folder and its mods), parsed into raw form, each
/// item with the file it came from, and the problems found so far.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub diags: Diags,
    /// The member database files read, in order: the data folder's, then any a mod adds.
    pub db_files: Vec<FileId>,
    pub countries: Vec<(FileId, Sp<CountryRecord>)>,
    /// The codex files read, in order.
    pub codex_files: Vec<FileId>,
    pub codex: Vec<(FileId, Sp<CodexEntryRaw>)>,
    pub scenarios: Vec<(FileId, ScenarioFile)>,
    pub packs: Vec<Pack>,
    /// Every file and folder looked at, so that a running game can notice edits.
    pub read: Vec<PathBuf>,
}

impl Parsed {
    /// Moves everything `other` read into `self`, renumbering its files to follow `self`'s.
    pub fn append(&mut self, other: Parsed) {
        let offset = self.diags.files.len();
        let Parsed { diags, db_files, countries, codex_files, codex, scenarios, packs, read } = other;
        self.diags.files.extend(diags.files);
        self.diags.list.extend(diags.list);
        self.db_files.extend(db_files.into_iter().map(|f| f + offset));
        self.countries.extend(countries.into_iter().map(|(f, c)| (f + offset, c)));
        self.codex_files.extend(codex_files.into_iter().map(|f| f + offset));
        self.codex.extend(codex.into_iter().map(|(f, c)| (f + offset, c)));
        self.scenarios.extend(scenarios.into_iter().map(|(f, s)| (f + offset, s)));
        self.packs.extend(packs.into_iter().map(|p| Pack {
            file: p.file + offset,
            events: p.events.into_iter().map(|(f, e)| (f + offset, e)).collect(),
            ..p
        }));
        self.read.extend(read);
    }
}

/// Reads the data folder `root`: `members.ron`, `codex.ron`, `eras/*.ron` and `events/*.ron`.
pub fn parse_root(root: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    add_root(&mut parsed, root);
    parsed
}

/// Adds the files of another data folder to what was parsed.
pub fn add_root(parsed: &mut Parsed, root: &Path) {
    if !root.is_dir() {
        parsed.diags.file_error(
            &root.display().to_string(),
            "no such folder",
            Some("the data folder holds members.ron, codex.ron, eras/ and events/".into()),
        );
        return;
    }
    for path in data_files(root, &mut parsed.diags, &mut parsed.read) {
        add_file(parsed, &path);
    }
}

/// The data files of a folder laid out like the data folder, in reading order: `members.ron`,
/// `codex.ron`, then `eras/*.ron` and `events/*.ron` by name. The folders looked into are noted
/// in `read` (a new file changes its folder's modification time).
pub fn data_files(root: &Path, diags: &mut Diags, read: &mut Vec<PathBuf>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    read.push(root.to_path_buf());
    for name in ["members.ron", "codex.ron"] {
        let path = root.join(name);
        if path.is_file() {
            files.push(path);
        }
    }
    for folder in ["eras", "events"] {
        let dir = root.join(folder);
        if dir.is_dir() {
            read.push(dir.clone());
        }
        files.extend(ron_files(&dir, diags));
    }
    files
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
    parsed.read.push(path.to_path_buf());
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
            if let Some(db) = read_as::<MemberDbFile>(&mut parsed.diags, file) {
                if parsed.db_files.is_empty() {
                    parsed.db_files.push(file);
                    parsed.countries.extend(db.countries.into_iter().map(|c| (file, c)));
                } else {
                    parsed.diags.error(
                        file,
                        Span::default(),
                        "a second member database",
                        Some("keep one members.ron; add countries to it".into()),
                    );
                }
            }
        }
        FileKind::Codex => {
            if let Some(codex) = read_as::<CodexFile>(&mut parsed.diags, file) {
                parsed.codex_files.push(file);
                parsed.codex.extend(codex.entries.into_iter().map(|e| (file, e)));
            }
        }
        FileKind::Scenario => {
            if let Some(s) = read_as::<ScenarioFile>(&mut parsed.diags, file) {
                parsed.scenarios.push((file, s));
            }
        }
        FileKind::EventPack => {
            if let Some(p) = read_as::<EventPackFile>(&mut parsed.diags, file) {
                parsed.packs.push(Pack {
                    file,
                    id: p.id,
                    description: p.description,
                    events: p.events.into_iter().map(|e| (file, e)).collect(),
                });
            }
        }
    }
}

/// Reads a registered file as `T`: parses it (with the size and nesting caps), brings an older
/// format up to date (a warning) or refuses a newer one (an error), then reads the type. Every
/// problem goes into `diags` at its place; None when the file cannot be used.
pub fn read_as<T: DeserializeOwned>(diags: &mut Diags, file: FileId) -> Option<T> {
    let limits = Limits { max_bytes: MAX_FILE_BYTES, max_depth: MAX_DEPTH };
    let text = diags.files.get(file)?.text.clone();
    let mut root = match ron_reader::parse_tree(&text, &limits) {
        Ok(root) => root,
        Err(e) => {
            diags.error(file, e.span, e.message, e.hint);
            return None;
        }
    };
    match migrate::bring_up_to_date(&mut root) {
        Outcome::Refused(span, message, hint) => {
            diags.error(file, span, message, hint);
            return None;
        }
        Outcome::Ready(notes) => {
            for (span, message, hint) in notes {
                diags.warning(file, span, message, hint);
            }
        }
    }
    match ron_reader::from_tree::<T>(&root, &text) {
        Ok(value) => Some(value),
        Err(e) => {
            diags.error(file, e.span, e.message, e.hint);
            None
        }
    }
}

//! Save files: a versioned, checksummed text format holding the scenario id and its content hash,
//! the seed, the command log and the state; written atomically so a crash mid-write leaves the
//! old file whole; and read back with a clear message for every way a file can be wrong.

mod check;
mod migrate;

pub use check::check_state;
pub use migrate::OLDEST_READABLE;

use crate::sim::hash::fnv1a;
use crate::sim::{Campaign, Command, Content, State};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The first line of every save file.
pub const MAGIC: &str = "ARTICLE-FIVE-SAVE";
/// The save format this build writes.
pub const SAVE_VERSION: u32 = 2;
/// Largest save file read, in bytes.
pub const MAX_SAVE_BYTES: u64 = 64 * 1024 * 1024;
/// Age after which a temporary file left by a save that never finished is removed, in seconds
/// (on systems where we cannot ask whether the process that wrote it is still running).
const STALE_TEMP_SECS: u64 = 3600;

/// What a save file holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SaveFile {
    pub save_version: u32,
    /// The game version that wrote it.
    pub game_version: String,
    pub scenario_id: String,
    pub content_hash: u64,
    pub seed: u64,
    pub difficulty: usize,
    /// A name shown in the load menu (the player's name or the autosave's turn).
    pub label: String,
    pub state: State,
    /// The student who played, for the class report (absent in saves made before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
    /// The class code the game was started from, so a resumed game keeps its turn limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_code: Option<String>,
}

/// Why a save could not be read or written.
#[derive(Debug)]
pub enum SaveError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    NotASave {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    Truncated {
        path: PathBuf,
    },
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    FutureVersion {
        path: PathBuf,
        version: u32,
    },
    UnknownScenario {
        path: PathBuf,
        scenario: String,
    },
    ScenarioChanged {
        path: PathBuf,
        scenario: String,
    },
    /// The campaign in memory breaks the rules' invariants, so its save could not be read back.
    Unsaveable {
        path: PathBuf,
        detail: String,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            SaveError::NotASave { path } => write!(f, "{}: not an Article Five save file", path.display()),
            SaveError::TooLarge { path, bytes } => {
                write!(f, "{}: {bytes} bytes is too large for a save file", path.display())
            }
            SaveError::Truncated { path } => {
                write!(
                    f,
                    "{}: the file is cut short (the game may have stopped while saving); your other saves are untouched",
                    path.display()
                )
            }
            SaveError::Corrupt { path, detail } => {
                write!(f, "{}: the file is damaged ({detail}); your other saves are untouched", path.display())
            }
            SaveError::FutureVersion { path, version } => write!(
                f,
                "{}: saved by a newer version of Article Five (save format {version}; this version reads up to {SAVE_VERSION}); update the game to load it",
                path.display()
            ),
            SaveError::UnknownScenario { path, scenario } => {
                write!(f, "{}: the scenario '{scenario}' is not installed (was it a mod?)", path.display())
            }
            SaveError::ScenarioChanged { path, scenario } => write!(
                f,
                "{}: the scenario '{scenario}' has changed since this game was saved and the game cannot be rebuilt from its commands",
                path.display()
            ),
            SaveError::Unsaveable { path, detail } => write!(
                f,
                "{}: not saved, because the game's state is inconsistent ({detail}) and the save could not be loaded again; your earlier saves are untouched. Please report this as a bug",
                path.display()
            ),
        }
    }
}

impl std::error::Error for SaveError {}

impl SaveFile {
    /// The save of a campaign.
    pub fn of(campaign: &Campaign, label: &str) -> SaveFile {
        let content = campaign.content();
        SaveFile {
            save_version: SAVE_VERSION,
            game_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_id: content.scenario.id.clone(),
            content_hash: content.content_hash,
            seed: campaign.state().seed,
            difficulty: campaign.state().difficulty,
            label: label.to_string(),
            state: campaign.state().clone(),
            student: None,
            class_code: None,
        }
    }

    /// The file's bytes: a header line with the version, a checksum line, then JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        let body = serde_json::to_vec(self).unwrap_or_default();
        let mut out = format!("{MAGIC} {SAVE_VERSION}\nchecksum {:016x} {}\n", fnv1a(&body), body.len()).into_bytes();
        out.extend_from_slice(&body);
        out
    }

    /// Reads the bytes of a save file; `path` is only for messages.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<SaveFile, SaveError> {
        let p = || path.to_path_buf();
        let Some(first_end) = bytes.iter().position(|b| *b == b'\n') else {
            return Err(
                if bytes.starts_with(MAGIC.as_bytes()) || MAGIC.as_bytes().starts_with(bytes) && !bytes.is_empty() {
                    SaveError::Truncated { path: p() }
                } else {
                    SaveError::NotASave { path: p() }
                },
            );
        };
        let header = std::str::from_utf8(&bytes[..first_end]).map_err(|_| SaveError::NotASave { path: p() })?;
        let Some(version) = header.strip_prefix(MAGIC).map(str::trim) else {
            return Err(SaveError::NotASave { path: p() });
        };
        let version: u32 =
            version.parse().map_err(|_| SaveError::Corrupt { path: p(), detail: "unreadable version".into() })?;
        if version > SAVE_VERSION {
            return Err(SaveError::FutureVersion { path: p(), version });
        }
        if version == 0 {
            return Err(SaveError::Corrupt { path: p(), detail: "version 0".into() });
        }
        let rest = &bytes[first_end + 1..];
        let Some(second_end) = rest.iter().position(|b| *b == b'\n') else {
            return Err(SaveError::Truncated { path: p() });
        };
        let line = std::str::from_utf8(&rest[..second_end])
            .map_err(|_| SaveError::Corrupt { path: p(), detail: "unreadable checksum".into() })?;
        let mut parts = line.split_whitespace();
        let (Some("checksum"), Some(sum), Some(len)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(SaveError::Corrupt { path: p(), detail: "no checksum line".into() });
        };
        let sum = u64::from_str_radix(sum, 16)
            .map_err(|_| SaveError::Corrupt { path: p(), detail: "unreadable checksum".into() })?;
        let len: usize =
            len.parse().map_err(|_| SaveError::Corrupt { path: p(), detail: "unreadable length".into() })?;
        let body = &rest[second_end + 1..];
        if body.len() < len {
            return Err(SaveError::Truncated { path: p() });
        }
        if body.len() > len {
            return Err(SaveError::Corrupt { path: p(), detail: "extra bytes after the end".into() });
        }
        if fnv1a(body) != sum {
            return Err(SaveError::Corrupt { path: p(), detail: "checksum mismatch".into() });
        }
        let corrupt = |detail: String| SaveError::Corrupt { path: p(), detail };
        let save: SaveFile = if version == SAVE_VERSION {
            serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))?
        } else {
            let old: serde_json::Value = serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))?;
            let new = migrate::migrate(version, SAVE_VERSION, old).map_err(corrupt)?;
            serde_json::from_value(new).map_err(|e| corrupt(e.to_string()))?
        };
        if save.save_version != SAVE_VERSION {
            return Err(corrupt(format!(
                "the header says format {version} but the contents say format {}",
                save.save_version
            )));
        }
        if save.seed != save.state.seed || save.difficulty != save.state.difficulty {
            return Err(corrupt("the seed or difficulty does not match the saved game".into()));
        }
        Ok(save)
    }

    /// Rebuilds the campaign against the installed scenarios. When the scenario's files changed
    /// since the save, the game is replayed from its seed and commands on the new content.
    pub fn into_campaign(self, path: &Path, scenarios: &[Arc<Content>]) -> Result<Campaign, SaveError> {
        let Some(content) = scenarios.iter().find(|c| c.scenario.id == self.scenario_id) else {
            return Err(SaveError::UnknownScenario { path: path.to_path_buf(), scenario: self.scenario_id });
        };
        if content.content_hash == self.content_hash {
            let corrupt = |detail: String| SaveError::Corrupt { path: path.to_path_buf(), detail };
            // Checked before the campaign is built: a damaged state must give this message, not
            // an out-of-range index somewhere in the rules or the screens later.
            check_state(content, &self.state).map_err(corrupt)?;
            return Campaign::from_state(content.clone(), self.state).map_err(corrupt);
        }
        replay(content, self.seed, self.difficulty, &self.state.command_log)
            .ok_or_else(|| SaveError::ScenarioChanged { path: path.to_path_buf(), scenario: self.scenario_id })
    }
}

/// Most commands a replay runs: far beyond any real game (a grand campaign takes a few
/// thousand), so a damaged log cannot keep the loader busy for long.
pub const MAX_REPLAY_COMMANDS: usize = 1_000_000;

/// A command of a log that the rules refused when it was replayed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayFailure {
    /// Zero-based position in the log.
    pub index: usize,
    pub command: Command,
    /// The turn (zero-based) at which it was refused.
    pub turn: u32,
    pub reason: String,
}

impl fmt::Display for ReplayFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "command {} ({:?}) in turn {} was refused: {}",
            self.index + 1,
            self.command,
            self.turn + 1,
            self.reason
        )
    }
}

/// Re-runs a command log from the seed, saying which command failed if one no longer applies.
pub fn replay_log(
    content: &Arc<Content>,
    seed: u64,
    difficulty: usize,
    log: &[Command],
) -> Result<Campaign, ReplayFailure> {
    let mut campaign = Campaign::new(content.clone(), seed, difficulty);
    for (index, command) in log.iter().enumerate() {
        let refused = |reason: String, campaign: &Campaign| ReplayFailure {
            index,
            command: command.clone(),
            turn: campaign.state().turn,
            reason,
        };
        if index >= MAX_REPLAY_COMMANDS {
            return Err(refused(format!("the log is longer than {MAX_REPLAY_COMMANDS} commands"), &campaign));
        }
        if let Err(refusal) = campaign.apply(command.clone()) {
            return Err(refused(refusal.to_string(), &campaign));
        }
    }
    Ok(campaign)
}

/// Re-runs a command log from the seed; None if a command no longer applies.
pub fn replay(content: &Arc<Content>, seed: u64, difficulty: usize, log: &[Command]) -> Option<Campaign> {
    replay_log(content, seed, difficulty, log).ok()
}

/// Writes a file atomically: a temporary file beside it, flushed to disk, then renamed over
/// the old one, so that a crash at any moment leaves either the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let io = |error| SaveError::Io { path: path.to_path_buf(), error };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("save");
    let tmp = path.with_file_name(temp_name(file_name, std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Make the rename itself durable; not every platform lets a folder be opened.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        remove_stale_temps(path);
    }
    result.map_err(io)
}

/// The temporary file a process writes before renaming it over `file_name`.
fn temp_name(file_name: &str, pid: u32) -> String {
    format!(".{file_name}.{pid}.tmp")
}

/// Removes the temporary files that saves into the folder of `path` left when they never
/// finished (the game was killed, or the machine lost power, between writing and renaming):
/// autosaves use a new file name each turn, so waiting for the same name would let them pile
/// up. A temporary file of a process that is still running is left alone: it may be saving now.
fn remove_stale_temps(path: &Path) {
    let Some(dir) = path.parent() else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        // `.{file name}.{pid}.tmp`, as `temp_name` makes them.
        let Some(pid) = name
            .to_str()
            .filter(|n| n.starts_with('.'))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|rest| rest.rsplit_once('.'))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_may_be_running(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the process that wrote a temporary file may still be running.
fn process_may_be_running(pid: u32, temp: &std::fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    let age = temp.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_none_or(|age| age.as_secs() < STALE_TEMP_SECS)
}

/// Saves a campaign to `path`. A state that breaks the invariants is not written: its save
/// would not load (JSON has no NaN, for one), and it must not replace a good older file.
pub fn save(campaign: &Campaign, path: &Path, label: &str) -> Result<(), SaveError> {
    check_state(campaign.content(), campaign.state())
        .map_err(|detail| SaveError::Unsaveable { path: path.to_path_buf(), detail })?;
    write_atomic(path, &SaveFile::of(campaign, label).to_bytes())
}

/// Reads a save file from disk.
pub fn read(path: &Path) -> Result<SaveFile, SaveError> {
    let io = |error| SaveError::Io { path: path.to_path_buf(), error };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_SAVE_BYTES {
        return Err(SaveError::TooLarge { path: path.to_path_buf(), bytes: meta.len() });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    SaveFile::from_bytes(path, &bytes)
}

/// Loads a save and rebuilds its campaign.
pub fn load(path: &Path, scenarios: &[Arc<Content>]) -> Result<Campaign, SaveError> {
    read(path)?.into_campaign(path, scenarios)
}

/// The folder for saves in the OS data directory (e.g. ~/.local/share/article-five/saves).
pub fn saves_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Article Five", "article-five").map(|d| d.data_dir().join("saves"))
}

/// Keeps the newest `keep` autosaves of a scenario and writes a new one.
pub fn autosave(campaign: &Campaign, dir: &Path, keep: usize) -> Result<PathBuf, SaveError> {
    let id = &campaign.content().scenario.id;
    let turn = campaign.state().turn;
    let path = dir.join(format!("autosave-{id}-turn{turn:03}.a5save"));
    save(campaign, &path, &format!("Autosave: {} turn {}", campaign.content().scenario.title, turn + 1))?;
    // Oldest first by the time they were written, not by turn: after loading an earlier game
    // the new autosaves have lower turn numbers than the old ones, and must be the ones kept.
    let mut autosaves: Vec<(Option<std::time::SystemTime>, PathBuf)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with(&format!("autosave-{id}-")) && n.ends_with(".a5save"))
                })
                .map(|e| (e.metadata().and_then(|m| m.modified()).ok(), e.path()))
                .filter(|(_, p)| *p != path)
                .collect()
        })
        .unwrap_or_default();
    autosaves.sort();
    let excess = (autosaves.len() + 1).saturating_sub(keep.max(1));
    for (_, old) in autosaves.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
    Ok(path)
}

/// A save found on disk, for the load menu.
#[derive(Clone, Debug)]
pub struct SaveEntry {
    pub path: PathBuf,
    pub label: String,
    pub scenario_id: String,
    pub turn: u32,
    pub modified: Option<std::time::SystemTime>,
    /// Why it cannot be loaded, if it cannot.
    pub problem: Option<String>,
}

/// Whether a folder holds any `.a5save`, without reading them (the title's Load button).
pub fn has_saves(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| e.path().extension().is_some_and(|x| x == "a5save"))
    })
}

/// Every `.a5save` in a folder, newest first; damaged ones are listed with their problem.
pub fn list_saves(dir: &Path) -> Vec<SaveEntry> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<SaveEntry> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "a5save"))
        .map(|path| {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            match read(&path) {
                Ok(s) => SaveEntry {
                    label: s.label,
                    scenario_id: s.scenario_id,
                    turn: s.state.turn,
                    path,
                    modified,
                    problem: None,
                },
                Err(e) => SaveEntry {
                    label: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                    scenario_id: String::new(),
                    turn: 0,
                    problem: Some(e.to_string()),
                    path,
                    modified,
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.path.cmp(&b.path)));
    out
}

#[cfg(test)]
mod tests;

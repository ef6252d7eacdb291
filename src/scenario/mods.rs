//! Mods: folders with a manifest (`mod.ron`) that add scenarios, event packs, codex entries and
//! countries, add event packs to existing scenarios, or override shipped items by id. They are
//! found in the player's data folder and in `--mods` folders, loaded in a documented order
//! (docs/modding.md, "Load order"), and checked one at a time on top of what loaded before: a
//! mod that brings any new error, or that changes an item another mod already changes, is left
//! out whole, with its problems in its `ModReport`, and everything else still loads.

use super::diagnostics::{Diags, FileId, hint_for};
use super::load::{self, Parsed};
use super::manifest::{self, MANIFEST, Manifest, ModManifestFile};
use super::raw::Sp;
use super::ron_reader::{Diagnostic, Severity, Span};
use super::validate::{self, Catalog};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable naming the folder of installed mods instead of the player's data folder
/// (empty: no installed mods). Tests and classroom setups use it.
pub const MODS_ENV: &str = "ARTICLE_FIVE_MODS";
/// The file in the installed-mods folder listing the mods the player switched off.
pub const DISABLED_FILE: &str = "disabled.ron";
/// Most mods looked at; more are reported and left out, so a huge folder cannot stall the game.
pub const MAX_MODS: usize = 200;
/// Most data files one mod may hold (eras, events, codex, members and overrides together).
pub const MAX_FILES_PER_MOD: usize = 500;
/// Largest readme shown in the mods screen, in bytes.
const MAX_README_BYTES: u64 = 64 * 1024;

/// What to load: the data folder, the `--mods` folders, and the folder of installed mods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadSpec {
    pub root: PathBuf,
    /// Mod folders named on the command line, in that order.
    pub extra: Vec<PathBuf>,
    /// The folder of installed mods; None to load none.
    pub user_mods_dir: Option<PathBuf>,
}

/// Where a mod was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ModOrigin {
    /// In the player's installed-mods folder.
    Installed,
    /// Named with `--mods`.
    CommandLine,
}

/// What became of a mod.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ModStatus {
    Loaded,
    /// Switched off by the player.
    Disabled,
    /// Not loaded, for the reason given (its diagnostics say more).
    LeftOut {
        reason: String,
    },
    /// Not loaded because it changes an item that mod `with` already changes.
    Conflict {
        with: String,
        reason: String,
    },
}

impl ModStatus {
    pub fn is_loaded(&self) -> bool {
        *self == ModStatus::Loaded
    }
}

impl fmt::Display for ModStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModStatus::Loaded => f.write_str("loaded"),
            ModStatus::Disabled => f.write_str("disabled"),
            ModStatus::LeftOut { reason } => write!(f, "left out: {reason}"),
            ModStatus::Conflict { with, reason } => write!(f, "left out, conflicts with '{with}': {reason}"),
        }
    }
}

/// What a mod adds and changes, by id, for the mods screen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ModContents {
    pub scenarios: Vec<String>,
    pub event_packs: Vec<String>,
    pub events: Vec<String>,
    pub codex_entries: Vec<String>,
    pub countries: Vec<String>,
    /// Items replaced, as "event 'berlin_crisis'".
    pub overrides: Vec<String>,
    /// "founding += my_pack".
    pub extends: Vec<String>,
}

/// One mod as the mods screen and `validate` show it.
#[derive(Clone, Debug, Serialize)]
pub struct ModReport {
    /// The manifest's id, or the folder's name when the manifest cannot be read.
    pub id: String,
    pub name: String,
    pub version: String,
    pub authors: Vec<String>,
    pub licence: String,
    pub description: String,
    /// The mod's folder.
    pub path: PathBuf,
    pub origin: ModOrigin,
    pub status: ModStatus,
    /// Every problem found in the mod, errors and warnings, with file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub contents: ModContents,
    /// The readme the manifest names, if any, capped in size.
    pub readme: Option<String>,
    /// The mod's data files.
    pub files: Vec<PathBuf>,
    /// Its scenario test files (`tests/*.ron`), for `article-five test-scenarios`.
    pub tests: Vec<PathBuf>,
}

impl ModReport {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

/// The folder of installed mods: `$ARTICLE_FIVE_MODS`, else `mods/` in the player's data folder
/// (beside `saves/`).
pub fn user_mods_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(MODS_ENV) {
        return if dir.is_empty() { None } else { Some(PathBuf::from(dir)) };
    }
    directories::ProjectDirs::from("org", "Article Five", "article-five").map(|p| p.data_dir().join("mods"))
}

/// Loads the data folder with the given mod folders (and, when `user_mods`, the mods installed
/// in the player's data folder).
pub fn load_with_mods(root: &Path, extra: &[PathBuf], user_mods: bool) -> Catalog {
    load(&LoadSpec {
        root: root.to_path_buf(),
        extra: extra.to_vec(),
        user_mods_dir: if user_mods { user_mods_dir() } else { None },
    })
}

/// Reads everything again as it was asked for the first time, for when files changed on disk.
/// Reading the whole set takes milliseconds, and checking a mod needs everything before it, so
/// there is no cheaper way that is also right.
pub fn reload(catalog: &Catalog) -> Catalog {
    load(&catalog.spec)
}

/// After a reload whose files have errors, keeps the last good version of what the edit broke:
/// a scenario that no longer loads, every scenario that a mod now left out had changed, and
/// codex entries that are gone. The new load's diagnostics still say what to fix; the next good
/// edit replaces what was kept. Returns what was kept, in words.
pub fn keep_last_good(old: &Catalog, fresh: &mut Catalog) -> Vec<String> {
    let mut kept = Vec::new();
    if fresh.diags.error_count() == 0 {
        return kept;
    }
    let newly_broken = fresh.mods.iter().any(|m| {
        matches!(m.status, ModStatus::LeftOut { .. } | ModStatus::Conflict { .. })
            && old.mods.iter().any(|o| o.id == m.id && o.status == ModStatus::Loaded)
    });
    for (at, last_good) in old.scenarios.iter().enumerate() {
        let id = &last_good.scenario.id;
        match fresh.scenarios.iter().position(|s| s.scenario.id == *id) {
            None => {
                fresh.scenarios.insert(at.min(fresh.scenarios.len()), last_good.clone());
                kept.push(format!("scenario '{id}'"));
            }
            Some(i) if newly_broken && fresh.scenarios[i].content_hash != last_good.content_hash => {
                fresh.scenarios[i] = last_good.clone();
                kept.push(format!("scenario '{id}'"));
            }
            Some(_) => {}
        }
    }
    let missing: Vec<_> = old.codex.iter().filter(|e| fresh.codex_entry(&e.id).is_none()).cloned().collect();
    if !missing.is_empty() {
        kept.push(format!("{} codex entries", missing.len()));
        fresh.codex.extend(missing);
    }
    kept
}

/// Every file and folder that was read (folders too, since adding or removing a file changes
/// its folder's modification time). Poll these to know when to `reload`.
pub fn watched_files(catalog: &Catalog) -> Vec<PathBuf> {
    let mut seen = BTreeSet::new();
    catalog.read.iter().filter(|p| seen.insert((*p).clone())).cloned().collect()
}

/// What changed between two loads, in words, for a toast after a reload.
pub fn changes(old: &Catalog, new: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for s in &new.scenarios {
        match old.scenario(&s.scenario.id) {
            None => out.push(format!("scenario '{}' added", s.scenario.id)),
            Some(o) if o.content_hash != s.content_hash => out.push(format!("scenario '{}' changed", s.scenario.id)),
            Some(_) => {}
        }
    }
    for s in &old.scenarios {
        if new.scenario(&s.scenario.id).is_none() {
            out.push(format!("scenario '{}' no longer loads", s.scenario.id));
        }
    }
    let ids = |c: &Catalog| c.events.iter().map(|e| e.id.clone()).collect::<BTreeSet<_>>();
    let (before, after) = (ids(old), ids(new));
    let added = after.difference(&before).count();
    let removed = before.difference(&after).count();
    if added + removed > 0 {
        out.push(format!("events: {added} added, {removed} removed"));
    }
    let codex = |c: &Catalog| c.codex.iter().map(|e| (e.id.clone(), e.body.clone())).collect::<BTreeSet<_>>();
    let (before, after) = (codex(old), codex(new));
    if before != after {
        out.push(format!("codex: {} entries changed", after.symmetric_difference(&before).count()));
    }
    for m in &new.mods {
        let was = old.mods.iter().find(|o| o.id == m.id).map(|o| &o.status);
        if was != Some(&m.status) {
            out.push(format!("mod '{}': {}", m.id, m.status));
        }
    }
    let (e0, e1) = (old.diags.error_count(), new.diags.error_count());
    if e0 != e1 {
        out.push(format!("problems: {e1} error(s), was {e0}"));
    }
    out
}

/// Switches an installed mod on or off, by writing the installed-mods folder's `disabled.ron`.
/// Takes effect at the next load or `reload`.
pub fn set_mod_enabled(id: &str, enabled: bool) -> Result<(), String> {
    let dir = user_mods_dir().ok_or("there is no folder for installed mods")?;
    set_mod_enabled_in(&dir, id, enabled)
}

/// `set_mod_enabled` for the installed-mods folder `dir`.
pub fn set_mod_enabled_in(dir: &Path, id: &str, enabled: bool) -> Result<(), String> {
    let mut disabled = read_disabled(dir, &mut Diags::default());
    disabled.retain(|d| d != id);
    if !enabled {
        disabled.push(id.to_string());
    }
    disabled.sort();
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let list: Vec<String> = disabled.iter().map(|d| format!("{d:?}")).collect();
    let text = format!(
        "// Mods switched off in the mods screen; the game skips them. Remove an id to switch it on again.\n(\n    format_version: {},\n    disabled: [{}],\n)\n",
        super::raw::FORMAT_VERSION,
        list.join(", ")
    );
    let path = dir.join(DISABLED_FILE);
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `disabled.ron`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisabledFile {
    // Checked by `read_as` like every file's version; the value itself is not needed here.
    #[allow(dead_code)]
    format_version: u32,
    disabled: Vec<String>,
}

fn read_disabled(dir: &Path, diags: &mut Diags) -> Vec<String> {
    let path = dir.join(DISABLED_FILE);
    if !path.is_file() {
        return Vec::new();
    }
    let shown = path.display().to_string();
    match load::read_text(&path) {
        Ok(text) => {
            let file = diags.add_file(shown, text);
            load::read_as::<DisabledFile>(diags, file).map(|f| f.disabled).unwrap_or_default()
        }
        Err(message) => {
            diags.file_error(&shown, message, None);
            Vec::new()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Loading

/// Kinds of item a mod can add or override, for ownership and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Country,
    Codex,
    Scenario,
    Pack,
    Event,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Codex => "codex entry",
            Kind::Scenario => "scenario",
            Kind::Pack => "event pack",
            Kind::Event => "event",
        }
    }

    /// How a mod replaces an item of this kind.
    fn how_to_replace(self) -> &'static str {
        match self {
            Kind::Country => "to replace it, put your version in overrides/members.ron",
            Kind::Codex => "to replace it, put your version in overrides/codex.ron",
            Kind::Scenario => "to replace it, put your version in overrides/eras/",
            Kind::Pack => "give your pack an id of its own",
            Kind::Event => "to replace it, put your version in overrides/events/, in a pack with the id of its pack",
        }
    }
}

/// Who added an item: None for the data folder, else the mod's id.
type Owner = Option<String>;

/// A mod on its way through loading.
struct Entry {
    report: ModReport,
    /// Its manifest file and the problems found so far (manifest, dependencies).
    diags: Diags,
    manifest: Option<Manifest>,
    /// Position in the load order's tie-break: installed mods by id, then `--mods` in order.
    key: (ModOrigin, String, usize),
    /// Still to be loaded (not left out, disabled or replaced).
    pending: bool,
}

/// What has loaded so far.
struct World {
    parsed: Parsed,
    catalog: Catalog,
    owners: BTreeMap<(Kind, String), Owner>,
    overridden: BTreeMap<(Kind, String), String>,
}

/// Loads the data folder and every mod the spec names, in load order.
pub fn load(spec: &LoadSpec) -> Catalog {
    let base = load::parse_root(&spec.root);
    let mut owners = BTreeMap::new();
    record_owners(&mut owners, &base, None);
    let mut world =
        World { catalog: validate::validate(base.clone()), parsed: base, owners, overridden: BTreeMap::new() };
    let mut global = Diags::default();
    let mut read = Vec::new();
    let mut entries = discover(spec, &mut global, &mut read);
    let mut order = Vec::new();
    if !entries.is_empty() {
        settle_before_loading(&mut entries, spec, &mut global, &mut read);
        order = load_order(&mut entries);
        for &i in &order {
            load_one(&mut world, &mut entries, i, &mut read);
        }
    }
    // Mods that never reached the order (broken manifests, duplicates) are listed after the rest.
    let mut catalog = world.catalog;
    for entry in &entries {
        if !entry.report.status.is_loaded() {
            for f in &entry.diags.files {
                if !catalog.diags.files.iter().any(|g| g.path == f.path) {
                    catalog.diags.files.push(f.clone());
                }
            }
            catalog.diags.list.extend(entry.report.diagnostics.iter().cloned());
        }
    }
    catalog.diags.files.extend(global.files);
    catalog.diags.list.extend(global.list);
    // Reports in load order; mods that never got a place in it follow, as they were found.
    let mut ranked: Vec<(usize, usize, ModReport)> = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| (order.iter().position(|&o| o == i).unwrap_or(usize::MAX), i, e.report))
        .collect();
    ranked.sort_by_key(|(rank, i, _)| (*rank, *i));
    catalog.mods = ranked.into_iter().map(|(_, _, r)| r).collect();
    catalog.read.extend(read);
    catalog.spec = spec.clone();
    catalog
}

/// Finds the mod folders: the installed ones by folder name, then the `--mods` ones in order,
/// and reads each manifest.
fn discover(spec: &LoadSpec, global: &mut Diags, read: &mut Vec<PathBuf>) -> Vec<Entry> {
    let mut found: Vec<(PathBuf, ModOrigin)> = Vec::new();
    if let Some(dir) = &spec.user_mods_dir
        && let Ok(list) = std::fs::read_dir(dir)
    {
        read.push(dir.clone());
        let mut folders: Vec<PathBuf> =
            list.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).take(MAX_MODS + 1).collect();
        folders.sort();
        found.extend(folders.into_iter().map(|p| (p, ModOrigin::Installed)));
    }
    found.extend(spec.extra.iter().map(|p| (p.clone(), ModOrigin::CommandLine)));
    if found.len() > MAX_MODS {
        global.file_error(
            &spec.user_mods_dir.as_ref().map_or_else(String::new, |d| d.display().to_string()),
            format!("more than {MAX_MODS} mods; only the first {MAX_MODS} are looked at"),
            None,
        );
        found.truncate(MAX_MODS);
    }
    found.into_iter().enumerate().map(|(n, (path, origin))| read_manifest(path, origin, n, read)).collect()
}

/// Reads and checks one mod's manifest.
fn read_manifest(path: PathBuf, origin: ModOrigin, n: usize, read: &mut Vec<PathBuf>) -> Entry {
    let folder_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut entry = blank_entry(folder_name, path.clone(), origin, n);
    let shown = path.display().to_string();
    let manifest_path = path.join(MANIFEST);
    read.push(manifest_path.clone());
    if !path.is_dir() {
        entry.diags.file_error(
            &shown,
            "no such folder",
            Some("--mods takes a mod's folder, the one holding mod.ron".into()),
        );
        return left_out(entry, "its folder is missing");
    }
    if !manifest_path.is_file() {
        let nested = std::fs::read_dir(&path)
            .ok()
            .and_then(|mut l| l.find_map(|e| e.ok().map(|e| e.path()).filter(|p| p.join(MANIFEST).is_file())));
        let hint = match nested {
            Some(inner) => format!("mod.ron is one folder down, in {}; move that folder here instead", inner.display()),
            None => "a mod's folder holds mod.ron; see docs/modding.md".into(),
        };
        entry.diags.file_error(&shown, "this folder has no mod.ron", Some(hint));
        return left_out(entry, "it has no mod.ron");
    }
    if !manifest::inside(&path, &manifest_path) {
        entry.diags.file_error(
            &manifest_path.display().to_string(),
            "mod.ron is a link to a file outside the mod's folder; it is not read",
            None,
        );
        return left_out(entry, "its mod.ron lies outside its folder");
    }
    let text = match load::read_text(&manifest_path) {
        Ok(text) => text,
        Err(message) => {
            entry.diags.file_error(&manifest_path.display().to_string(), message, None);
            return left_out(entry, "its mod.ron cannot be read");
        }
    };
    let file = entry.diags.add_file(manifest_path.display().to_string(), text);
    let raw = load::read_as::<ModManifestFile>(&mut entry.diags, file);
    if let Some(raw) = &raw {
        // Show what can be shown even when the manifest has errors.
        entry.report.name = raw.name.value.clone();
        entry.report.version = raw.version.value.clone();
        if manifest::check_id(&raw.id.value).is_ok() {
            entry.report.id = raw.id.value.clone();
        }
    }
    entry.manifest = raw.and_then(|raw| manifest::check(&mut entry.diags, file, &raw, &path));
    let Some(m) = &entry.manifest else {
        return left_out(entry, "its mod.ron has errors");
    };
    entry.report.id = m.id.clone();
    entry.report.name = m.name.clone();
    entry.report.version = m.version.to_string();
    entry.report.authors = m.authors.clone();
    entry.report.licence = m.licence.clone();
    entry.report.description = m.description.clone();
    entry.report.readme = m.readme.as_ref().and_then(|p| read_readme(p, &mut entry.diags, read));
    entry.report.tests = tests_of(&path, &mut entry.diags);
    entry.key = (origin, if origin == ModOrigin::Installed { m.id.clone() } else { String::new() }, n);
    entry.pending = true;
    entry
}

fn read_readme(path: &Path, diags: &mut Diags, read: &mut Vec<PathBuf>) -> Option<String> {
    read.push(path.to_path_buf());
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_README_BYTES => {
            diags.warning_whole(
                &shown,
                format!("the readme is larger than {} KiB; it is not shown", MAX_README_BYTES / 1024),
            );
            None
        }
        Ok(_) => match std::fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned()) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.warning_whole(&shown, format!("the readme cannot be read: {e}"));
                None
            }
        },
        Err(_) => {
            diags.warning_whole(&shown, "the readme named in mod.ron does not exist");
            None
        }
    }
}

/// The mod's scenario test files, `tests/*.ron`, each inside the mod's folder.
fn tests_of(root: &Path, diags: &mut Diags) -> Vec<PathBuf> {
    load::ron_files(&root.join("tests"), diags).into_iter().filter(|p| manifest::inside(root, p)).collect()
}

fn left_out(mut entry: Entry, reason: &str) -> Entry {
    entry.report.status = ModStatus::LeftOut { reason: reason.to_string() };
    entry.report.diagnostics = entry.diags.sorted().into_iter().cloned().collect();
    entry.pending = false;
    entry
}

/// Duplicate ids, switched-off mods and game versions: everything decided before any data is read.
fn settle_before_loading(entries: &mut [Entry], spec: &LoadSpec, global: &mut Diags, read: &mut Vec<PathBuf>) {
    // The same id twice: a `--mods` copy stands in for an installed one (a modder testing a new
    // version); otherwise the later folder is left out.
    for i in 0..entries.len() {
        if !entries[i].pending {
            continue;
        }
        let id = entries[i].report.id.clone();
        let Some(j) = (0..i).find(|&j| entries[j].pending && entries[j].report.id == id) else { continue };
        let (earlier, later) =
            (entries[j].report.path.display().to_string(), entries[i].report.path.display().to_string());
        if entries[j].report.origin == ModOrigin::Installed && entries[i].report.origin == ModOrigin::CommandLine {
            let e = &mut entries[j];
            e.report.status =
                ModStatus::LeftOut { reason: format!("replaced by the copy given with --mods ({later})") };
            e.pending = false;
        } else {
            let e = &mut entries[i];
            let file = e.diags.files.len().saturating_sub(1);
            let span = e.manifest.as_ref().map_or(Span::default(), |m| m.id_span);
            e.diags.error(
                file,
                span,
                format!("another mod already has the id '{id}' ({earlier})"),
                Some("give each mod its own id".into()),
            );
            *e = left_out(std::mem::replace(e, placeholder()), &format!("another mod has the id '{id}'"));
        }
    }
    let disabled = spec.user_mods_dir.as_ref().map(|d| {
        read.push(d.join(DISABLED_FILE));
        read_disabled(d, global)
    });
    let game = manifest::game_version();
    for e in entries.iter_mut().filter(|e| e.pending) {
        if e.report.origin == ModOrigin::Installed && disabled.as_ref().is_some_and(|d| d.contains(&e.report.id)) {
            e.report.status = ModStatus::Disabled;
            e.pending = false;
            continue;
        }
        let Some(m) = &e.manifest else { continue };
        if !m.game_versions.matches(&game) {
            let file = e.diags.files.len().saturating_sub(1);
            let message = format!("this mod is made for Article Five {}; this is version {game}", m.game_versions);
            let span = m.game_versions_span;
            e.diags.error(file, span, message, Some("look for a version of the mod made for this game".into()));
            let reason = format!("made for Article Five {}, not {game}", m.game_versions);
            *e = left_out(std::mem::replace(e, placeholder()), &reason);
        }
    }
}

/// An empty entry, to move a real one out of a slice and back.
fn placeholder() -> Entry {
    blank_entry(String::new(), PathBuf::new(), ModOrigin::Installed, 0)
}

/// An entry for the mod in `path`, named `name` until its manifest says otherwise, the `n`th
/// found; loaded and empty until its files are read.
fn blank_entry(name: String, path: PathBuf, origin: ModOrigin, n: usize) -> Entry {
    Entry {
        report: ModReport {
            id: name.clone(),
            name: name.clone(),
            version: String::new(),
            authors: Vec::new(),
            licence: String::new(),
            description: String::new(),
            path,
            origin,
            status: ModStatus::Loaded,
            diagnostics: Vec::new(),
            contents: ModContents::default(),
            readme: None,
            files: Vec::new(),
            tests: Vec::new(),
        },
        diags: Diags::default(),
        manifest: None,
        key: (origin, name, n),
        pending: false,
    }
}

/// The load order: dependencies first; otherwise installed mods by id, then `--mods` in the order
/// given. Mods caught in a dependency cycle are left out. Returns indices into `entries`, and
/// sorts the reports in that order (mods left out earlier come last).
fn load_order(entries: &mut [Entry]) -> Vec<usize> {
    let ids: BTreeMap<String, usize> =
        entries.iter().enumerate().filter(|(_, e)| e.pending).map(|(i, e)| (e.report.id.clone(), i)).collect();
    let deps_of = |e: &Entry| -> Vec<usize> {
        e.manifest
            .as_ref()
            .map_or_else(Vec::new, |m| m.depends.iter().filter_map(|d| ids.get(&d.id).copied()).collect())
    };
    let mut waiting: BTreeSet<usize> = ids.values().copied().collect();
    let mut order = Vec::new();
    while !waiting.is_empty() {
        let ready = waiting
            .iter()
            .copied()
            .filter(|&i| deps_of(&entries[i]).iter().all(|d| !waiting.contains(d)))
            .min_by(|&a, &b| entries[a].key.cmp(&entries[b].key));
        if let Some(i) = ready {
            waiting.remove(&i);
            order.push(i);
            continue;
        }
        // Everything left waits on something else left: walk from the first until a mod repeats.
        let Some(start) = waiting.iter().copied().min_by(|&a, &b| entries[a].key.cmp(&entries[b].key)) else { break };
        let mut path = vec![start];
        let mut at = start;
        let cycle = loop {
            let Some(next) = deps_of(&entries[at]).into_iter().find(|d| waiting.contains(d)) else { break vec![at] };
            if let Some(pos) = path.iter().position(|&p| p == next) {
                break path[pos..].to_vec();
            }
            path.push(next);
            at = next;
        };
        let names: Vec<String> = cycle.iter().chain(cycle.first()).map(|&i| entries[i].report.id.clone()).collect();
        let chain = names.join(" -> ");
        for (k, &i) in cycle.iter().enumerate() {
            let next_id = &names[k + 1];
            let e = &mut entries[i];
            let span = e
                .manifest
                .as_ref()
                .and_then(|m| m.depends.iter().find(|d| d.id == *next_id))
                .map_or(Span::default(), |d| d.span);
            let file = e.diags.files.len().saturating_sub(1);
            e.diags.error(
                file,
                span,
                format!("dependency cycle: {chain}"),
                Some("a mod cannot need itself, even through others; remove one of these dependencies".into()),
            );
            *e = left_out(std::mem::replace(e, placeholder()), &format!("dependency cycle: {chain}"));
            waiting.remove(&i);
        }
    }
    order
}

/// Every item id of a parsed set, recorded as added by `owner` unless already known.
fn record_owners(owners: &mut BTreeMap<(Kind, String), Owner>, p: &Parsed, owner: Owner) {
    for (_, c) in &p.countries {
        owners.entry((Kind::Country, c.value.iso.value.clone())).or_insert_with(|| owner.clone());
    }
    for (_, c) in &p.codex {
        owners.entry((Kind::Codex, c.value.id.value.clone())).or_insert_with(|| owner.clone());
    }
    for (_, s) in &p.scenarios {
        owners.entry((Kind::Scenario, s.id.value.clone())).or_insert_with(|| owner.clone());
    }
    for pack in &p.packs {
        owners.entry((Kind::Pack, pack.id.value.clone())).or_insert_with(|| owner.clone());
        for (_, e) in &pack.events {
            owners.entry((Kind::Event, e.value.id.value.clone())).or_insert_with(|| owner.clone());
        }
    }
}

/// The mods `id` needs, directly or through others.
fn needs(entries: &[Entry], id: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo = vec![id.to_string()];
    while let Some(next) = todo.pop() {
        let Some(e) = entries.iter().find(|e| e.report.id == next && e.manifest.is_some()) else { continue };
        for d in e.manifest.iter().flat_map(|m| &m.depends) {
            if out.insert(d.id.clone()) {
                todo.push(d.id.clone());
            }
        }
    }
    out
}

/// Checks one mod's dependencies, then its data on top of everything loaded so far.
fn load_one(world: &mut World, entries: &mut [Entry], i: usize, read: &mut Vec<PathBuf>) {
    let Some(m) = entries[i].manifest.clone() else { return };
    // Dependencies: each must be loaded already (the order put it first) in a fitting version.
    let mut problem = None;
    for d in &m.depends {
        let dep = entries.iter().find(|e| e.report.id == d.id);
        let (message, hint) = match dep {
            None => {
                let known: Vec<&str> = entries.iter().map(|e| e.report.id.as_str()).collect();
                (
                    format!("needs mod '{}', which is not installed", d.id),
                    hint_for(&d.id, known.iter().copied())
                        .or(Some("install it in the mods folder, or pass its folder with --mods".into())),
                )
            }
            Some(e) if e.report.status == ModStatus::Disabled => {
                (format!("needs mod '{}', which is switched off", d.id), Some("switch it on in the mods screen".into()))
            }
            Some(e) if !e.report.status.is_loaded() || e.pending => {
                (format!("needs mod '{}', which was left out", d.id), Some("see that mod's problems".into()))
            }
            Some(e) => match semver::Version::parse(&e.report.version) {
                Ok(v) if !d.versions.matches(&v) => (
                    format!("needs mod '{}' {}, but version {v} is installed", d.id, d.versions),
                    Some("install a fitting version of it".into()),
                ),
                _ => continue,
            },
        };
        let e = &mut entries[i];
        let file = e.diags.files.len().saturating_sub(1);
        e.diags.error(file, d.span, message.clone(), hint);
        problem.get_or_insert(message);
    }
    if let Some(reason) = problem {
        let e = &mut entries[i];
        *e = left_out(std::mem::replace(e, placeholder()), &reason);
        return;
    }
    let needs = needs(entries, &m.id);
    let entry = &mut entries[i];
    let outcome = try_mod(world, entry, &m, &needs, read);
    entry.pending = false;
    match outcome {
        Tried::Loaded { diagnostics } => {
            entry.report.status = ModStatus::Loaded;
            entry.report.diagnostics = diagnostics;
        }
        Tried::Broken { diagnostics, files, conflict } => {
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            entry.diags.files = files;
            entry.report.diagnostics = diagnostics;
            entry.report.status = match &conflict {
                Some((with, reason)) => ModStatus::Conflict { with: with.clone(), reason: reason.clone() },
                None => ModStatus::LeftOut { reason: format!("{errors} error(s) in its files") },
            };
            if let Some((with, reason)) = conflict {
                let my_id = m.id.clone();
                if let Some(other) = entries.iter_mut().find(|e| e.report.id == with) {
                    let path = other.report.path.join(MANIFEST).display().to_string();
                    other.report.diagnostics.push(Diagnostic::whole_file(
                        Severity::Warning,
                        &path,
                        format!("mod '{my_id}' was left out because it conflicts with this one: {reason}"),
                        Some("the two cannot be used together; remove or switch off one of them".into()),
                    ));
                }
            }
        }
    }
}

enum Tried {
    Loaded {
        diagnostics: Vec<Diagnostic>,
    },
    Broken {
        diagnostics: Vec<Diagnostic>,
        files: Vec<super::diagnostics::SourceFile>,
        conflict: Option<(String, String)>,
    },
}

/// Problems found while adding one mod, and the conflicts among them.
struct ModCheck<'a> {
    diags: &'a mut Diags,
    me: &'a str,
    needs: &'a BTreeSet<String>,
    conflict: Option<(String, String)>,
}

impl ModCheck<'_> {
    fn conflict(&mut self, other: &str, file: FileId, span: Span, message: String) {
        self.diags.error(
            file,
            span,
            message.clone(),
            Some("two mods cannot change the same item; remove or switch off one of them".into()),
        );
        self.conflict.get_or_insert((other.to_string(), message));
    }

    /// A new item must not exist yet; true when it does not.
    fn added(&mut self, world: &World, kind: Kind, id: &Sp<String>, file: FileId) -> bool {
        match world.owners.get(&(kind, id.value.clone())) {
            None => return true,
            Some(None) => self.diags.error(
                file,
                id.span,
                format!("{} '{}' already exists in the shipped data", kind.word(), id.value),
                Some(kind.how_to_replace().into()),
            ),
            Some(Some(other)) if self.needs.contains(other) => self.diags.error(
                file,
                id.span,
                format!("{} '{}' already exists in mod '{other}'", kind.word(), id.value),
                Some(kind.how_to_replace().into()),
            ),
            Some(Some(other)) => {
                let message = format!("{} '{}' is also added by mod '{other}'", kind.word(), id.value);
                self.conflict(&other.clone(), file, id.span, message);
            }
        }
        false
    }

    /// An override must name an existing item of the data folder or of a mod this one needs,
    /// that no other mod overrides. True when it may go ahead.
    fn overrides(&mut self, world: &World, kind: Kind, id: &Sp<String>, file: FileId) -> bool {
        let key = (kind, id.value.clone());
        match world.owners.get(&key) {
            None => {
                let known: Vec<&str> =
                    world.owners.keys().filter(|(k, _)| *k == kind).map(|(_, i)| i.as_str()).collect();
                self.diags.error(
                    file,
                    id.span,
                    format!("there is no {} '{}' to override", kind.word(), id.value),
                    hint_for(&id.value, known.iter().copied())
                        .or(Some("an override replaces an existing item with the same id".into())),
                );
                false
            }
            Some(Some(other)) if !self.needs.contains(other) && other != self.me => {
                self.diags.error(
                    file,
                    id.span,
                    format!(
                        "{} '{}' comes from mod '{other}', which this mod does not depend on",
                        kind.word(),
                        id.value
                    ),
                    Some(format!("add (id: \"{other}\") to depends in mod.ron to change it")),
                );
                false
            }
            _ => match world.overridden.get(&key) {
                Some(other) if !self.needs.contains(other) => {
                    let message = format!("{} '{}' is also overridden by mod '{other}'", kind.word(), id.value);
                    self.conflict(&other.clone(), file, id.span, message);
                    false
                }
                _ => true,
            },
        }
    }
}

/// The mod's data files, its override files, and problems with its folder: files outside it
/// (through links), too many files, files that are not read.
fn mod_files(root: &Path, diags: &mut Diags, read: &mut Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut adds = load::data_files(root, diags, read);
    let ov_root = root.join("overrides");
    let mut ovs = if ov_root.is_dir() { load::data_files(&ov_root, diags, read) } else { Vec::new() };
    if let Ok(list) = std::fs::read_dir(root) {
        let mut stray: Vec<PathBuf> = list
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
            .filter(|p| p.file_name().is_some_and(|n| n != MANIFEST && n != "members.ron" && n != "codex.ron"))
            .take(20)
            .collect();
        stray.sort();
        for p in stray {
            diags.warning_whole(
                &p.display().to_string(),
                "this file is not read: a mod's data goes in members.ron, codex.ron, eras/, events/ and overrides/",
            );
        }
    }
    for list in [&mut adds, &mut ovs] {
        list.retain(|p| {
            let ok = manifest::inside(root, p);
            if !ok {
                diags.file_error(
                    &p.display().to_string(),
                    "this file is a link to a file outside the mod's folder; it is not read",
                    Some("copy the file into the mod instead".into()),
                );
            }
            ok
        });
    }
    if adds.len() + ovs.len() > MAX_FILES_PER_MOD {
        diags.file_error(
            &root.display().to_string(),
            format!("the mod has {} data files; at most {MAX_FILES_PER_MOD} are read", adds.len() + ovs.len()),
            Some("merge small files: one event pack can hold many events".into()),
        );
        adds.truncate(MAX_FILES_PER_MOD);
        ovs.truncate(MAX_FILES_PER_MOD - adds.len());
    }
    (adds, ovs)
}

/// Adds one mod to what loaded so far and checks the whole; keeps it only without new errors.
fn try_mod(
    world: &mut World,
    entry: &mut Entry,
    m: &Manifest,
    needs: &BTreeSet<String>,
    read: &mut Vec<PathBuf>,
) -> Tried {
    let root = entry.report.path.clone();
    // The mod's own files: the manifest first, then its data, then its overrides.
    let mut own = Parsed { diags: entry.diags.clone(), ..Parsed::default() };
    let (adds, ovs) = mod_files(&root, &mut own.diags, read);
    entry.report.files = adds.iter().chain(&ovs).cloned().collect();
    // Watched even when the mod is left out, so that fixing a file brings it back on reload.
    read.extend(entry.report.files.iter().cloned());
    for path in &adds {
        load::add_file(&mut own, path);
    }
    let counts = (own.countries.len(), own.codex.len(), own.scenarios.len(), own.packs.len());
    let mut ov = Parsed::default();
    for path in &ovs {
        load::add_file(&mut ov, path);
    }
    own.append(ov);

    let mut cand = world.parsed.clone();
    let first_file = cand.diags.files.len();
    let base = (cand.countries.len(), cand.codex.len(), cand.scenarios.len(), cand.packs.len());
    cand.append(own);
    let manifest_file = first_file + entry.diags.files.len().saturating_sub(1);
    let ov_countries = cand.countries.split_off(base.0 + counts.0);
    let ov_codex = cand.codex.split_off(base.1 + counts.1);
    let ov_scenarios = cand.scenarios.split_off(base.2 + counts.2);
    let ov_packs = cand.packs.split_off(base.3 + counts.3);

    let mut contents = ModContents::default();
    let mut diags = std::mem::take(&mut cand.diags);
    let mut ck = ModCheck { diags: &mut diags, me: &m.id, needs, conflict: None };

    // New items must be new. One that is not is reported here and dropped, so that the check
    // of the whole does not report it a second time as "defined twice".
    for (file, c) in cand.countries.split_off(base.0) {
        contents.countries.push(c.value.iso.value.clone());
        if ck.added(world, Kind::Country, &c.value.iso, file) {
            cand.countries.push((file, c));
        }
    }
    for (file, c) in cand.codex.split_off(base.1) {
        contents.codex_entries.push(c.value.id.value.clone());
        if ck.added(world, Kind::Codex, &c.value.id, file) {
            cand.codex.push((file, c));
        }
    }
    for (file, s) in cand.scenarios.split_off(base.2) {
        contents.scenarios.push(s.id.value.clone());
        if ck.added(world, Kind::Scenario, &s.id, file) {
            cand.scenarios.push((file, s));
        }
    }
    for mut pack in cand.packs.split_off(base.3) {
        contents.event_packs.push(pack.id.value.clone());
        let pack_ok = ck.added(world, Kind::Pack, &pack.id, pack.file);
        let events = std::mem::take(&mut pack.events);
        for (file, e) in events {
            contents.events.push(e.value.id.value.clone());
            if ck.added(world, Kind::Event, &e.value.id, file) {
                pack.events.push((file, e));
            }
        }
        if pack_ok {
            cand.packs.push(pack);
        }
    }

    // Overrides replace the item with the same id where it stands.
    let mut seen: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut twice = |ck: &mut ModCheck, kind: Kind, id: &Sp<String>, file: FileId| {
        let fresh = seen.insert((kind, id.value.clone()));
        if !fresh {
            ck.diags.error(file, id.span, format!("this mod overrides {} '{}' twice", kind.word(), id.value), None);
        }
        fresh
    };
    let mut overridden = Vec::new();
    for (file, c) in ov_countries {
        let id = c.value.iso.clone();
        if twice(&mut ck, Kind::Country, &id, file) && ck.overrides(world, Kind::Country, &id, file) {
            if let Some(slot) = cand.countries[..base.0].iter_mut().find(|(_, x)| x.value.iso.value == id.value) {
                *slot = (file, c);
            }
            overridden.push((Kind::Country, id.value));
        }
    }
    for (file, c) in ov_codex {
        let id = c.value.id.clone();
        if twice(&mut ck, Kind::Codex, &id, file) && ck.overrides(world, Kind::Codex, &id, file) {
            if let Some(slot) = cand.codex[..base.1].iter_mut().find(|(_, x)| x.value.id.value == id.value) {
                *slot = (file, c);
            }
            overridden.push((Kind::Codex, id.value));
        }
    }
    for (file, s) in ov_scenarios {
        let id = s.id.clone();
        if twice(&mut ck, Kind::Scenario, &id, file) && ck.overrides(world, Kind::Scenario, &id, file) {
            if let Some(slot) = cand.scenarios[..base.2].iter_mut().find(|(_, x)| x.id.value == id.value) {
                *slot = (file, s);
            }
            overridden.push((Kind::Scenario, id.value));
        }
    }
    for pack in ov_packs {
        let Some(p) = cand.packs[..base.3].iter().position(|x| x.id.value == pack.id.value) else {
            ck.overrides(world, Kind::Pack, &pack.id, pack.file);
            continue;
        };
        for (file, e) in pack.events {
            let id = e.value.id.clone();
            let slot = cand.packs[p].events.iter().position(|(_, x)| x.value.id.value == id.value);
            if slot.is_none() && world.owners.contains_key(&(Kind::Event, id.value.clone())) {
                let home = cand.packs[..base.3]
                    .iter()
                    .find(|x| x.events.iter().any(|(_, y)| y.value.id.value == id.value))
                    .map_or_else(String::new, |x| x.id.value.clone());
                ck.diags.error(
                    file,
                    id.span,
                    format!("event '{}' is not in event pack '{}'", id.value, pack.id.value),
                    Some(format!("it is in pack '{home}': override it in a file with id: \"{home}\"")),
                );
                continue;
            }
            if twice(&mut ck, Kind::Event, &id, file) && ck.overrides(world, Kind::Event, &id, file) {
                if let Some(k) = slot {
                    cand.packs[p].events[k] = (file, e);
                }
                overridden.push((Kind::Event, id.value));
            }
        }
    }
    contents.overrides = overridden.iter().map(|(k, id)| format!("{} '{id}'", k.word())).collect();

    // Extensions: event packs added to an existing scenario.
    for ext in &m.extend {
        let scenario = &ext.scenario;
        let owner = world.owners.get(&(Kind::Scenario, scenario.value.clone()));
        let own_new = contents.scenarios.contains(&scenario.value);
        let ok = match owner {
            Some(Some(other)) if !needs.contains(other) => {
                ck.diags.error(
                    manifest_file,
                    scenario.span,
                    format!(
                        "scenario '{}' comes from mod '{other}', which this mod does not depend on",
                        scenario.value
                    ),
                    Some(format!("add (id: \"{other}\") to depends to extend it")),
                );
                false
            }
            Some(_) => true,
            None if own_new => true,
            None => {
                let known: Vec<String> = cand.scenarios.iter().map(|(_, s)| s.id.value.clone()).collect();
                ck.diags.error(
                    manifest_file,
                    scenario.span,
                    format!("there is no scenario '{}' to extend", scenario.value),
                    hint_for(&scenario.value, known.iter().map(String::as_str)),
                );
                false
            }
        };
        for pack in &ext.event_packs {
            let pack_owner = world.owners.get(&(Kind::Pack, pack.value.clone()));
            let pack_ok = match pack_owner {
                Some(Some(other)) if !needs.contains(other) && other != &m.id => {
                    ck.diags.error(
                        manifest_file,
                        pack.span,
                        format!(
                            "event pack '{}' comes from mod '{other}', which this mod does not depend on",
                            pack.value
                        ),
                        Some(format!("add (id: \"{other}\") to depends to use it")),
                    );
                    false
                }
                Some(_) => true,
                None if contents.event_packs.contains(&pack.value) => true,
                None => {
                    let known: Vec<String> = cand.packs.iter().map(|p| p.id.value.clone()).collect();
                    ck.diags.error(
                        manifest_file,
                        pack.span,
                        format!("unknown event pack '{}'", pack.value),
                        hint_for(&pack.value, known.iter().map(String::as_str)),
                    );
                    false
                }
            };
            if !(ok && pack_ok) {
                continue;
            }
            if let Some((_, s)) = cand.scenarios.iter_mut().find(|(_, s)| s.id.value == scenario.value) {
                if s.event_packs.iter().any(|p| p.value == pack.value) {
                    ck.diags.warning(
                        manifest_file,
                        pack.span,
                        format!("scenario '{}' already uses event pack '{}'", scenario.value, pack.value),
                        None,
                    );
                } else {
                    s.event_packs.push(Sp::new(pack.value.clone()));
                    contents.extends.push(format!("{} += {}", scenario.value, pack.value));
                }
            }
        }
    }
    let conflict = ck.conflict.take();
    cand.diags = diags;
    entry.report.contents = contents;

    // Check the whole, and keep only what this mod brought.
    let catalog = validate::validate(cand.clone());
    let mut before: BTreeMap<(Severity, &str, u32, u32, &str), usize> = BTreeMap::new();
    for d in &world.catalog.diags.list {
        *before.entry((d.severity, &d.path, d.line, d.col, &d.message)).or_default() += 1;
    }
    let mut new = Vec::new();
    for d in catalog.diags.sorted() {
        match before.get_mut(&(d.severity, &d.path, d.line, d.col, &d.message)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(d.clone()),
        }
    }
    let broken = conflict.is_some() || new.iter().any(|d| d.severity == Severity::Error);
    if broken {
        return Tried::Broken { diagnostics: new, files: catalog.diags.files[first_file..].to_vec(), conflict };
    }
    // Everything not known before is this mod's (overrides keep their first owner).
    record_owners(&mut world.owners, &cand, Some(m.id.clone()));
    for key in overridden {
        world.overridden.insert(key, m.id.clone());
    }
    world.parsed = cand;
    world.catalog = catalog;
    Tried::Loaded { diagnostics: new }
}

//! `mod.ron`, a mod's manifest: who made it, which versions of the game it is for, which mods it
//! needs, and which shipped scenarios it adds event packs to. Read like every data file (exact
//! positions, unknown fields refused), then checked into a `Manifest`.

use super::diagnostics::{Diags, FileId};
use super::raw::Sp;
use super::ron_reader::Span;
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name, at the top of the mod's folder.
pub const MANIFEST: &str = "mod.ron";
/// Longest mod id, in characters.
const MAX_ID_CHARS: usize = 64;

/// `mod.ron` exactly as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModManifestFile {
    pub format_version: Sp<u32>,
    /// Unique id: lowercase letters, digits, `_` and `-`.
    pub id: Sp<String>,
    /// The name shown in the mods screen.
    pub name: Sp<String>,
    /// The mod's own version, "1.0.0" style.
    pub version: Sp<String>,
    pub authors: Sp<Vec<Sp<String>>>,
    /// Under which terms others may use and change the mod ("CC-BY-4.0").
    pub licence: Sp<String>,
    #[serde(default)]
    pub description: String,
    /// Versions of the game the mod works with, as a requirement such as ">=0.1".
    pub game_versions: Sp<String>,
    #[serde(default)]
    pub depends: Vec<Sp<DependencyRaw>>,
    #[serde(default)]
    pub extend: Vec<Sp<ExtendRaw>>,
    /// A text file in the mod's folder to show in the mods screen.
    #[serde(default)]
    pub readme: Option<Sp<String>>,
}

/// Another mod this one needs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencyRaw {
    pub id: Sp<String>,
    /// Which of its versions will do (default: any).
    #[serde(default)]
    pub versions: Option<Sp<String>>,
}

/// Event packs added to an existing scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendRaw {
    pub scenario: Sp<String>,
    pub event_packs: Vec<Sp<String>>,
}

/// A checked manifest.
#[derive(Clone, Debug)]
pub struct Manifest {
    pub id: String,
    pub id_span: Span,
    pub name: String,
    pub version: semver::Version,
    pub authors: Vec<String>,
    pub licence: String,
    pub description: String,
    pub game_versions: semver::VersionReq,
    pub game_versions_span: Span,
    pub depends: Vec<Dependency>,
    pub extend: Vec<ExtendRaw>,
    pub readme: Option<PathBuf>,
}

/// A checked dependency.
#[derive(Clone, Debug)]
pub struct Dependency {
    pub id: String,
    pub versions: semver::VersionReq,
    pub span: Span,
}

/// The game's own version, which mods' `game_versions` are matched against.
pub fn game_version() -> semver::Version {
    semver::Version::parse(env!("CARGO_PKG_VERSION")).unwrap_or_else(|_| semver::Version::new(0, 0, 0))
}

/// Whether `id` can be a mod id; the error says what is wrong.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the mod id is empty".into());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Err(format!("the mod id is longer than {MAX_ID_CHARS} characters"));
    }
    if !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-') {
        return Err(format!("mod id '{id}' must be lowercase letters, digits, '_' or '-'"));
    }
    Ok(())
}

/// Checks a manifest as read; every problem goes into `diags`. None when it has errors.
pub fn check(diags: &mut Diags, file: FileId, raw: &ModManifestFile, mod_root: &Path) -> Option<Manifest> {
    let before = diags.error_count();
    let mut error = |span: Span, message: String, hint: Option<String>| diags.error(file, span, message, hint);
    if let Err(message) = check_id(&raw.id.value) {
        error(raw.id.span, message, Some("for example \"berlin_events\"".into()));
    }
    if raw.name.value.trim().is_empty() {
        error(raw.name.span, "the mod's name is empty".into(), Some("the mods screen shows it".into()));
    }
    let version = match semver::Version::parse(raw.version.value.trim()) {
        Ok(v) => Some(v),
        Err(e) => {
            error(
                raw.version.span,
                format!("version \"{}\" is not a version number ({e})", raw.version.value),
                Some("write three numbers such as \"1.0.0\"".into()),
            );
            None
        }
    };
    if raw.authors.value.is_empty() || raw.authors.value.iter().any(|a| a.value.trim().is_empty()) {
        error(raw.authors.span, "name at least one author, and no empty ones".into(), None);
    }
    if raw.licence.value.trim().is_empty() {
        error(
            raw.licence.span,
            "the licence is empty".into(),
            Some("say under which terms others may use the mod, such as \"CC-BY-4.0\"".into()),
        );
    }
    let game_versions = requirement(&raw.game_versions, &mut error);
    let mut depends = Vec::new();
    for d in &raw.depends {
        let dep = &d.value;
        if let Err(message) = check_id(&dep.id.value) {
            error(dep.id.span, message, None);
            continue;
        }
        if dep.id.value == raw.id.value {
            error(dep.id.span, "a mod cannot depend on itself".into(), None);
            continue;
        }
        if depends.iter().any(|x: &Dependency| x.id == dep.id.value) {
            error(dep.id.span, format!("'{}' is listed twice", dep.id.value), None);
            continue;
        }
        let versions = match &dep.versions {
            Some(v) => requirement(v, &mut error),
            None => Some(semver::VersionReq::STAR),
        };
        if let Some(versions) = versions {
            depends.push(Dependency { id: dep.id.value.clone(), versions, span: dep.id.span });
        }
    }
    for e in &raw.extend {
        if e.value.event_packs.is_empty() {
            error(e.span, "this adds no event packs".into(), Some("list them: event_packs: [\"my_pack\"]".into()));
        }
    }
    let readme = raw.readme.as_ref().and_then(|r| match path_inside(mod_root, &r.value) {
        Ok(path) => Some(path),
        Err(message) => {
            error(r.span, message, Some("name a file inside the mod's folder, such as \"README.md\"".into()));
            None
        }
    });
    if diags.error_count() > before {
        return None;
    }
    Some(Manifest {
        id: raw.id.value.clone(),
        id_span: raw.id.span,
        name: raw.name.value.trim().to_string(),
        version: version?,
        authors: raw.authors.value.iter().map(|a| a.value.trim().to_string()).collect(),
        licence: raw.licence.value.trim().to_string(),
        description: raw.description.trim().to_string(),
        game_versions: game_versions?,
        game_versions_span: raw.game_versions.span,
        depends,
        extend: raw.extend.iter().map(|e| e.value.clone()).collect(),
        readme,
    })
}

/// A version requirement such as ">=0.1, <0.3"; an error at its place when it cannot be read.
fn requirement(text: &Sp<String>, error: &mut impl FnMut(Span, String, Option<String>)) -> Option<semver::VersionReq> {
    match semver::VersionReq::parse(text.value.trim()) {
        Ok(r) => Some(r),
        Err(e) => {
            error(
                text.span,
                format!("\"{}\" is not a version requirement ({e})", text.value),
                Some("write for example \">=0.1\", \"0.1\" (any 0.1.x) or \">=0.1, <0.3\"".into()),
            );
            None
        }
    }
}

/// The file a mod names, joined to the mod's folder; refused when it could lead outside it: an
/// absolute path, a `..`, or a link to somewhere else. A mod reads only its own files.
pub fn path_inside(mod_root: &Path, named: &str) -> Result<PathBuf, String> {
    let rel = Path::new(named);
    if named.trim().is_empty() {
        return Err("the path is empty".into());
    }
    // A drive letter or a leading separator counts as absolute on every system, so that a mod
    // written on one cannot reach outside its folder on another.
    let looks_absolute = rel.is_absolute()
        || named.starts_with('/')
        || named.starts_with('\\')
        || named.as_bytes().get(1) == Some(&b':');
    if looks_absolute {
        return Err(format!("'{named}' is an absolute path; a mod may only name files inside its own folder"));
    }
    if rel.components().any(|c| matches!(c, Component::ParentDir)) || named.split(['/', '\\']).any(|p| p == "..") {
        return Err(format!("'{named}' leads out of the mod's folder ('..'); a mod may only name files inside it"));
    }
    let joined = mod_root.join(rel);
    if !inside(mod_root, &joined) {
        return Err(format!("'{named}' is a link to a file outside the mod's folder; it is not read"));
    }
    Ok(joined)
}

/// Whether `path`, with every link followed, lies inside `root`. A path that does not exist
/// (yet) is inside when its text is, which `path_inside` has checked.
pub fn inside(root: &Path, path: &Path) -> bool {
    let Ok(root) = std::fs::canonicalize(root) else { return false };
    match std::fs::canonicalize(path) {
        Ok(real) => real.starts_with(&root),
        Err(_) => !path.exists(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_mod_are_refused() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        assert!(path_inside(&root, "codex.ron").is_ok());
        assert!(path_inside(&root, "eras/founding.ron").is_ok());
        let abs = path_inside(&root, "/etc/passwd").unwrap_err();
        assert_eq!(abs, "'/etc/passwd' is an absolute path; a mod may only name files inside its own folder");
        assert!(path_inside(&root, "C:\\Windows\\win.ini").unwrap_err().contains("absolute"));
        let up = path_inside(&root, "eras/../../Cargo.toml").unwrap_err();
        assert_eq!(
            up,
            "'eras/../../Cargo.toml' leads out of the mod's folder ('..'); a mod may only name files inside it"
        );
        assert!(path_inside(&root, "..\\secret").unwrap_err().contains("('..')"));
        assert!(path_inside(&root, " ").is_err());
    }

    #[test]
    fn ids_are_checked() {
        assert!(check_id("berlin_events-2").is_ok());
        assert_eq!(check_id("Berlin").unwrap_err(), "mod id 'Berlin' must be lowercase letters, digits, '_' or '-'");
        assert_eq!(check_id("").unwrap_err(), "the mod id is empty");
        assert!(check_id(&"a".repeat(65)).is_err());
    }

    #[test]
    fn the_game_has_a_version_mods_can_name() {
        let v = game_version();
        assert!(semver::VersionReq::parse(">=0.1").unwrap().matches(&v), "{v}");
    }
}

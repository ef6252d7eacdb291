//! `article-five validate`: checks data files and mods and prints every problem, as text with a
//! snippet and a caret, or as JSON for editors and CI.

use super::Format;
use crate::scenario::load::{self, FileKind, Parsed};
use crate::scenario::manifest::MANIFEST;
use crate::scenario::mods::{self, LoadSpec, ModReport};
use crate::scenario::ron_reader::{Diagnostic, Severity};
use crate::scenario::validate::validate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints a line to standard output; a closed pipe (`| head`) ends the output quietly instead
/// of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The data folder a file belongs to: the nearest folder above it holding `members.ron`.
fn root_of(file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file).ok()?;
    abs.ancestors().skip(1).find(|d| d.join("members.ron").is_file()).map(Path::to_path_buf)
}

/// The mod a file belongs to: the nearest folder above it holding `mod.ron`, as the user would
/// write it (relative to the working directory when inside it).
fn mod_of(file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file).ok()?;
    let root = abs.ancestors().skip(1).find(|d| d.join(MANIFEST).is_file())?;
    Some(PathBuf::from(super::shown_path(root)))
}

/// Problems found, each with the text of its file for the snippet.
type Found = Vec<(Diagnostic, Option<String>)>;

pub fn run(env: &super::Env, paths: &[PathBuf], format: Format) -> ExitCode {
    let data = env.data.as_path();
    let spec = LoadSpec {
        root: super::shown_root(data),
        extra: env.mods.clone(),
        user_mods_dir: if env.user_mods { mods::user_mods_dir() } else { None },
    };
    let mut all: Found = Vec::new();
    let mut files_checked = 0usize;
    let mut reports: Vec<ModReport> = Vec::new();
    if paths.is_empty() {
        // The data folder with every mod that would load with it.
        let catalog = mods::load(&spec);
        files_checked += catalog.diags.files.len();
        for d in catalog.diags.sorted() {
            all.push((d.clone(), catalog.diags.source_of(d).map(str::to_string)));
        }
        reports.extend(catalog.mods);
    }
    for target in paths {
        let shown = PathBuf::from(super::shown_path(target));
        let shown_text = shown.display().to_string();
        if !target.exists() {
            all.push((Diagnostic::whole_file(Severity::Error, &shown_text, "no such file or folder", None), None));
            continue;
        }
        if target.is_dir() && target.join(MANIFEST).is_file() {
            files_checked += check_mod(&spec, &shown, None, &mut all, &mut reports);
            continue;
        }
        let (parsed, only) = if target.is_dir() {
            if !target.join("members.ron").is_file() {
                let message = "not a data folder or a mod (it has neither members.ron nor mod.ron)";
                let hint = Some("point at the scenarios folder, a mod's folder, or a single .ron file".to_string());
                all.push((Diagnostic::whole_file(Severity::Error, &shown_text, message, hint), None));
                continue;
            }
            (load::parse_root(&shown), None)
        } else if let Some(mod_root) = mod_of(target) {
            files_checked += check_mod(&spec, &mod_root, Some(&shown_text), &mut all, &mut reports);
            continue;
        } else {
            (parse_file_in_context(target, data), Some(shown_text))
        };
        let catalog = validate(parsed);
        files_checked += if only.is_some() { 1 } else { catalog.diags.files.len() };
        for d in catalog.diags.sorted() {
            if only.as_ref().is_none_or(|o| *o == d.path) {
                let src = catalog.diags.source_of(d).map(str::to_string);
                all.push((d.clone(), src));
            }
        }
    }
    let errors = all.iter().filter(|(d, _)| d.severity == Severity::Error).count();
    let warnings = all.len() - errors;
    match format {
        Format::Text => {
            for (d, src) in &all {
                out!("{}", d.render(src.as_deref()));
            }
            for m in &reports {
                eprintln!("mod {} {} ({}): {}", m.id, m.version, m.path.display(), m.status);
            }
            if paths.is_empty() {
                match &spec.user_mods_dir {
                    Some(dir) => eprintln!("installed mods are read from {}", dir.display()),
                    None => eprintln!("installed mods are not read (--no-user-mods, or ARTICLE_FIVE_MODS is empty)"),
                }
            }
            if errors == 0 {
                eprintln!(
                    "validate: {files_checked} file(s) checked, no errors{}",
                    if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() }
                );
            } else {
                eprintln!("validate: {errors} error(s), {warnings} warning(s) in {files_checked} file(s) checked");
            }
        }
        Format::Json => {
            let diagnostics: Vec<&Diagnostic> = all.iter().map(|(d, _)| d).collect();
            let mods: Vec<serde_json::Value> = reports
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "name": m.name, "version": m.version, "path": m.path,
                        "loaded": m.status.is_loaded(), "status": m.status.to_string(),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "valid": errors == 0,
                "files": files_checked,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
                "mods": mods,
            });
            out!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Checks one mod against the data folder (with the other mods that would load with it), and
/// keeps its problems, or those of one of its files. Returns the number of files checked.
fn check_mod(
    spec: &LoadSpec,
    mod_root: &Path,
    only: Option<&str>,
    all: &mut Found,
    reports: &mut Vec<ModReport>,
) -> usize {
    let mut spec = spec.clone();
    if !spec.extra.iter().any(|p| p == mod_root) {
        spec.extra.push(mod_root.to_path_buf());
    }
    let catalog = mods::load(&spec);
    let Some(report) = catalog.mods.iter().find(|m| m.path == mod_root) else {
        all.push((
            Diagnostic::whole_file(Severity::Error, &mod_root.display().to_string(), "this mod was not found", None),
            None,
        ));
        return 0;
    };
    let mut mine: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| only.is_none_or(|o| d.path == o)).collect();
    mine.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    for d in mine {
        all.push((d.clone(), catalog.diags.source_of(d).map(str::to_string)));
    }
    let no_errors = report.error_count() == 0;
    if !report.status.is_loaded() && no_errors && only.is_none() {
        let message = format!("mod '{}' is not loaded: {}", report.id, report.status);
        all.push((Diagnostic::whole_file(Severity::Error, &mod_root.display().to_string(), message, None), None));
    }
    reports.push(report.clone());
    if only.is_some() { 1 } else { report.files.len() + 1 }
}

/// Parses one file with the rest of its data folder (or the shipped data) as context, so that
/// references to members, events and codex entries can be checked.
fn parse_file_in_context(file: &Path, data: &Path) -> Parsed {
    let root = root_of(file).unwrap_or_else(|| data.to_path_buf());
    let mut parsed = Parsed::default();
    let target = std::fs::canonicalize(file).ok();
    let same = |p: &Path| std::fs::canonicalize(p).ok() == target;
    let kind = FileKind::of(file);
    // The folder's own copy of the same kind and name is replaced by the file being checked.
    let replaced = |p: &Path| same(p) || (FileKind::of(p) == kind && p.file_name() == file.file_name());
    let root_shown = PathBuf::from(super::shown_path(&root));
    for p in load::data_files(&root_shown, &mut parsed.diags, &mut Vec::new()) {
        if !replaced(&p) {
            load::add_file(&mut parsed, &p);
        }
    }
    load::add_file(&mut parsed, Path::new(&super::shown_path(file)));
    parsed
}

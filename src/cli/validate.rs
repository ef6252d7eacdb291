//! `article-five validate`: checks data files and prints every problem, as text with a snippet
//! and a caret, or as JSON for editors and CI.

use super::Format;
use crate::scenario::load::{self, FileKind, Parsed};
use crate::scenario::ron_reader::{Diagnostic, Severity};
use crate::scenario::validate::validate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The data folder a file belongs to: the nearest folder above it holding `members.ron`.
fn root_of(file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file).ok()?;
    abs.ancestors().skip(1).find(|d| d.join("members.ron").is_file()).map(Path::to_path_buf)
}

pub fn run(env: &super::Env, paths: &[PathBuf], format: Format) -> ExitCode {
    let data = env.data.as_path();
    let targets: Vec<PathBuf> = if paths.is_empty() { vec![data.to_path_buf()] } else { paths.to_vec() };
    let mut all: Vec<(Diagnostic, Option<String>)> = Vec::new();
    let mut files_checked = 0usize;
    for target in &targets {
        let shown = PathBuf::from(super::shown_path(target));
        if !target.exists() {
            all.push((
                Diagnostic::whole_file(Severity::Error, &shown.display().to_string(), "no such file or folder", None),
                None,
            ));
            continue;
        }
        let (parsed, only) = if target.is_dir() {
            if !target.join("members.ron").is_file() {
                let message = "not a data folder (it has no members.ron)";
                let hint = Some("point at the scenarios folder, or at a single .ron file".to_string());
                all.push((Diagnostic::whole_file(Severity::Error, &shown.display().to_string(), message, hint), None));
                continue;
            }
            (load::parse_root(&shown), None)
        } else {
            (parse_file_in_context(target, data), Some(shown.display().to_string()))
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
                println!("{}", d.render(src.as_deref()));
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
            let out = serde_json::json!({
                "valid": errors == 0,
                "files": files_checked,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
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
    for name in ["members.ron", "codex.ron"] {
        let p = root_shown.join(name);
        if p.is_file() && !replaced(&p) {
            load::add_file(&mut parsed, &p);
        }
    }
    for folder in ["eras", "events"] {
        for p in load::ron_files(&root_shown.join(folder), &mut parsed.diags) {
            if !replaced(&p) {
                load::add_file(&mut parsed, &p);
            }
        }
    }
    load::add_file(&mut parsed, Path::new(&super::shown_path(file)));
    parsed
}

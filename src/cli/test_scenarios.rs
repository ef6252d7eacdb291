//! `article-five test-scenarios`: plays the cases of scenario test files and prints a pass/fail
//! report (each case, each expectation, what happened); exits non-zero when any case fails.

use crate::scenario::diagnostics::Diags;
use crate::scenario::load;
use crate::scenario::manifest::MANIFEST;
use crate::scenario::mods::{self, LoadSpec, ModStatus};
use crate::scenario::ron_reader::Severity;
use crate::scenario::scenario_tests::{self, CaseResult};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints a line to standard output; a closed pipe (`| head`) ends the output quietly instead
/// of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Arguments of `test-scenarios`.
#[derive(Debug, Args)]
pub struct TestScenariosArgs {
    /// Test files, folders of test files, or mod folders (their tests/ are run with the mod
    /// loaded). Default: the data folder's tests/ and the tests of every --mods folder.
    pub paths: Vec<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &super::Env, args: &TestScenariosArgs) -> ExitCode {
    let data = super::shown_root(&env.data);
    let mut spec = LoadSpec {
        root: data.clone(),
        extra: env.mods.clone(),
        user_mods_dir: if env.user_mods { mods::user_mods_dir() } else { None },
    };
    // Which files to run; mod folders named here are loaded too.
    let mut files: Vec<PathBuf> = Vec::new();
    let mut diags = Diags::default();
    let mut named_mods: Vec<PathBuf> = Vec::new();
    if args.paths.is_empty() {
        files.extend(load::ron_files(&data.join("tests"), &mut diags));
        named_mods.extend(env.mods.iter().cloned());
    }
    for path in &args.paths {
        let shown = PathBuf::from(super::shown_path(path));
        if shown.is_dir() && shown.join(MANIFEST).is_file() {
            spec.extra.push(shown.clone());
            named_mods.push(shown);
        } else if shown.is_dir() {
            let folder = if shown.join("tests").is_dir() { shown.join("tests") } else { shown.clone() };
            let found = load::ron_files(&folder, &mut diags);
            if found.is_empty() {
                diags.file_error(&shown.display().to_string(), "no test files (.ron) in this folder", None);
            }
            files.extend(found);
        } else if shown.is_file() {
            files.push(shown);
        } else {
            diags.file_error(&shown.display().to_string(), "no such file or folder", None);
        }
    }
    let catalog = mods::load(&spec);
    for m in &catalog.mods {
        if named_mods.contains(&m.path) {
            match &m.status {
                ModStatus::Loaded => files.extend(m.tests.iter().cloned()),
                status => {
                    for d in &m.diagnostics {
                        diags.list.push(d.clone());
                    }
                    diags.file_error(
                        &m.path.display().to_string(),
                        format!("mod '{}' did not load ({status}); its tests cannot run", m.id),
                        Some(format!("run `article-five validate {}`", m.path.display())),
                    );
                }
            }
        }
    }
    let mut results: Vec<(String, Vec<CaseResult>)> = Vec::new();
    for path in &files {
        if let Some((file, tests)) = scenario_tests::read_file(path, &mut diags) {
            let cases = scenario_tests::run_file(&catalog, &mut diags, file, &tests);
            results.push((path.display().to_string(), cases));
        }
    }
    if files.is_empty() && !diags.has_errors() {
        eprintln!("article-five test-scenarios: no test files found");
        eprintln!(
            "  hint: name test files or a mod folder; the shipped tests live in {}",
            data.join("tests").display()
        );
        return ExitCode::from(2);
    }
    let cases = results.iter().map(|(_, c)| c.len()).sum::<usize>();
    let passed = results.iter().flat_map(|(_, c)| c).filter(|c| c.passed).count();
    let failed = cases - passed;
    let errors = diags.error_count();
    if args.json {
        let files: Vec<serde_json::Value> =
            results.iter().map(|(path, cases)| serde_json::json!({ "path": path, "cases": cases })).collect();
        let problems: Vec<_> = diags.sorted();
        let out = serde_json::json!({
            "passed": passed, "failed": failed, "errors": errors, "files": files, "diagnostics": problems,
        });
        out!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        for d in diags.sorted() {
            if d.severity == Severity::Error || d.severity == Severity::Warning {
                out!("{}", d.render(diags.source_of(d)));
            }
        }
        for (path, cases) in &results {
            out!("{path}");
            for case in cases {
                print_case(case);
            }
        }
        let problems = if errors > 0 { format!(" ({errors} error(s) in test files or mods)") } else { String::new() };
        out!("test-scenarios: {passed} passed, {failed} failed{problems}");
    }
    if failed == 0 && errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn print_case(case: &CaseResult) {
    let verdict = if case.passed { "PASS" } else { "FAIL" };
    let runs = if case.runs == 1 { "1 run".to_string() } else { format!("{} runs", case.runs) };
    out!(
        "  {verdict}  {}  [{} · seed {} · {} · {} · {runs}]",
        case.name,
        case.scenario,
        case.seed,
        case.policy,
        if case.difficulty.is_empty() { "-" } else { &case.difficulty }
    );
    if let Some(problem) = &case.problem {
        out!("        not run: {problem} ({})", case.place);
    }
    for check in &case.checks {
        let mark = if check.passed { "ok  " } else { "FAIL" };
        out!("        {mark} {}  →  {}", check.expectation, check.happened);
        if !check.passed {
            out!("             at {}", check.place);
        }
    }
}

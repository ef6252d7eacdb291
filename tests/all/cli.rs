//! The command line as a user runs it: exit codes, output formats, repeatability.

use std::process::Output;

use super::run;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn validate_passes_on_the_shipped_files() {
    let o = run(&["validate"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("no errors"));
}

#[test]
fn validate_rejects_broken_files_with_location_snippet_and_caret() {
    let o = run(&["validate", "tests/fixtures/broken/eras/unknown_member.ron"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("tests/fixtures/broken/eras/unknown_member.ron:14:15: error: unknown member 'GER'"));
    assert!(out.contains("   |               ^^^^^"), "{out}");
    assert!(out.contains("= hint: did you mean 'DEU'?"), "{out}");
}

#[test]
fn validate_speaks_json_for_editors() {
    let o = run(&["validate", "--format", "json", "tests/fixtures/broken"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"], 21);
    let first = &v["diagnostics"][0];
    assert_eq!(first["path"], "tests/fixtures/broken/codex.ron");
    assert_eq!(first["line"], 5);
    assert_eq!(first["col"], 134);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["hint"], "did you mean 'deterrence'?");
}

#[test]
fn validate_reports_a_missing_path() {
    let o = run(&["validate", "no/such/file.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("no/such/file.ron: error: no such file or folder"), "{}", stdout(&o));
}

#[test]
fn list_shows_each_scenario_on_its_own_line() {
    let o = run(&["list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let founding = out.lines().find(|l| l.starts_with("founding\t")).expect("founding listed");
    assert!(founding.contains("The Founding Years") && founding.contains("1949–1955"), "{founding}");
    let events = stdout(&run(&["list", "--events"]));
    assert!(events.lines().any(|l| l.starts_with("korean_war_shock\t") && l.contains("1950-06..1950-12")), "{events}");
}

#[test]
fn simulate_prints_the_same_statistics_twice() {
    let args = ["simulate", "--scenario", "founding", "--runs", "40", "--policy", "historical", "--json"];
    let a = run(&args);
    let b = run(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b));
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["runs"], 40);
    assert_eq!(v["wins"].as_u64().unwrap() + v["losses"].as_u64().unwrap(), 40);
    assert!(v["mean_score"].as_f64().is_some());
}

#[test]
fn simulate_one_run_gives_a_state_hash() {
    let o = run(&["simulate", "--scenario", "founding", "--runs", "1", "--seed", "7", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hash = v["state_hash"].as_str().expect("a hash for one run");
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    let again = run(&["simulate", "--scenario", "founding", "--runs", "1", "--seed", "7", "--json"]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn the_historical_policy_usually_wins_and_the_passive_one_usually_loses() {
    let rate = |policy: &str| {
        let o = run(&["simulate", "--scenario", "founding", "--runs", "200", "--policy", policy, "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["win_rate"].as_f64().unwrap()
    };
    assert!(rate("historical") > 0.6);
    assert!(rate("passive") < 0.2);
}

#[test]
fn bad_input_gets_a_clear_message_and_a_nonzero_exit() {
    let o = run(&["simulate", "--scenario", "foundng"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown scenario 'foundng'"));
    assert!(stderr(&o).contains("did you mean 'founding'?"));
    let o = run(&["simulate", "--scenario", "founding", "--policy", "hawkish"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown policy 'hawkish'"));
    let o = run(&["simulate", "--scenario", "founding", "--runs", "many"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid value 'many'"));
    let o = run(&["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--data", "tests/fixtures/broken", "list"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("problem(s) in the data files"));
}

#[cfg(feature = "gui")]
#[test]
fn measuring_the_launch_alone_takes_no_frame_count() {
    // Refused before any window opens: a launch alone measures no frames.
    let o = run(&["measure-ui", "--launch-only", "--frames", "20"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--launch-only") && stderr(&o).contains("--frames"), "{}", stderr(&o));
}

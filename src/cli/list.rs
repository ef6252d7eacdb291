//! `article-five list`: the scenarios, or every event.

use std::process::ExitCode;

pub fn run(env: &super::Env, events: bool) -> ExitCode {
    let catalog = super::load_or_warn(env);
    if events {
        for e in &catalog.events {
            let window = e.when.map_or("any date".to_string(), |(from, to)| format!("{from}..{to}"));
            let scenarios = if e.scenarios.is_empty() { "-".to_string() } else { e.scenarios.join(",") };
            let codex = if e.codex.is_empty() { "-".to_string() } else { e.codex.join(",") };
            println!("{}\t{scenarios}\t{window}\t{codex}", e.id);
        }
        return ExitCode::SUCCESS;
    }
    if catalog.scenarios.is_empty() {
        eprintln!("article-five: no playable scenarios in {}", super::shown_path(&env.data));
        return ExitCode::FAILURE;
    }
    let mut scenarios: Vec<_> = catalog.scenarios.iter().collect();
    scenarios.sort_by_key(|s| (s.scenario.start, s.scenario.end));
    for s in scenarios {
        let sc = &s.scenario;
        println!("{}\t{}\t{}–{}\t{} turns", sc.id, sc.title, sc.start.year, sc.end.year, s.turn_starts.len());
    }
    ExitCode::SUCCESS
}

//! The shipped data validates; broken files get their exact message at their exact place.

use article_five::scenario::{self, ron_reader::Severity};

#[test]
fn every_shipped_file_loads_and_validates() {
    let catalog = scenario::load_catalog(&super::shipped());
    let errors: Vec<String> =
        catalog.diags.list.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render(None)).collect();
    assert!(errors.is_empty(), "shipped data has errors:\n{}", errors.join("\n"));
    assert!(catalog.scenario("founding").is_some());
    for content in &catalog.scenarios {
        let sc = &content.scenario;
        assert!(!content.events.is_empty(), "{} has no events", sc.id);
        assert!(!sc.objectives.is_empty(), "{} has no objectives", sc.id);
        // The tutorial is short on purpose; every era is a class period of ten turns or more.
        if sc.id != "tutorial" {
            assert!(content.turn_starts.len() >= 10, "{} is too short to be an era", sc.id);
        }
        for e in &content.events {
            assert!(!e.note.trim().is_empty() && !e.source.trim().is_empty(), "{}: note and source", e.id);
        }
    }
}

/// First lines of the diagnostics for the broken fixtures, sorted by file and line.
fn broken_first_lines() -> Vec<String> {
    let catalog = scenario::load_catalog(std::path::Path::new("tests/fixtures/broken"));
    catalog.diags.sorted().iter().map(|d| d.render(None).lines().next().unwrap_or("").to_string()).collect()
}

#[test]
fn broken_files_get_exact_messages_and_places() {
    let lines = broken_first_lines();
    let expected = [
        "tests/fixtures/broken/codex.ron:5:134: error: unknown codex entry 'detterence'",
        "tests/fixtures/broken/eras/bad_values.ron:8:10: error: the scenario ends (1950-12) before it starts (1956-01)",
        "tests/fixtures/broken/eras/future.ron:2:21: error: this file is in format 7 but this version of Article Five reads format 1",
        "tests/fixtures/broken/eras/ranges.ron:10:26: error: cohesion 160 is out of range",
        "tests/fixtures/broken/eras/ranges.ron:13:65: error: negative defence spending (-1.5)",
        "tests/fixtures/broken/eras/ranges.ron:16:90: error: share 1.5 is not a fraction",
        "tests/fixtures/broken/eras/ranges.ron:18:19: error: unknown event pack 'good_pak'",
        "tests/fixtures/broken/eras/typo_field.ron:4:5: error: unknown field `titel`",
        "tests/fixtures/broken/eras/unknown_member.ron:14:15: error: unknown member 'GER'",
        "tests/fixtures/broken/events/broken_pack.ron:20:22: error: an event needs two to four choices; this one has 1",
        "tests/fixtures/broken/events/broken_pack.ron:21:58: error: unknown member 'GER'",
        "tests/fixtures/broken/events/broken_pack.ron:21:123: error: unknown event 'no_such_event'",
        "tests/fixtures/broken/events/broken_pack.ron:25:21: error: unknown codex entry 'article5'",
        "tests/fixtures/broken/events/broken_pack.ron:31:19: error: this event can never fire: its window 1940-01..1941-12 lies outside every scenario that uses it (good 1950-01..1955-12)",
        "tests/fixtures/broken/events/broken_pack.ron:32:27: error: this event can never fire: nothing ever sets flag 'nobody_sets_this'",
        "tests/fixtures/broken/events/broken_pack.ron:32:74: error: this event can never fire: it needs a value above 80 and below 20 at once",
        "tests/fixtures/broken/events/broken_pack.ron:35:66: error: change of defence spending (points of GDP) 9 is out of range",
        "tests/fixtures/broken/events/broken_pack.ron:39:22: error: unknown theme 'terorism'",
        "tests/fixtures/broken/events/good_pack.ron:6:17: error: event 'fine_event' is defined twice",
        "tests/fixtures/broken/events/syntax_error.ron:8:21: error: unterminated string",
        "tests/fixtures/broken/events/type_error.ron:9:21: error: expected a number, found the text \"ten\"",
    ];
    assert_eq!(lines, expected);
}

#[test]
fn hints_point_at_the_likely_fix() {
    let catalog = scenario::load_catalog(std::path::Path::new("tests/fixtures/broken"));
    let hint_of = |needle: &str| {
        catalog.diags.list.iter().find(|d| d.message.contains(needle)).and_then(|d| d.hint.clone()).unwrap_or_default()
    };
    assert_eq!(hint_of("unknown member 'GER'"), "did you mean 'DEU'?");
    assert_eq!(hint_of("unknown field `titel`"), "did you mean `title`?");
    assert_eq!(hint_of("unknown event pack"), "did you mean 'good_pack'?");
    assert_eq!(hint_of("unknown theme"), "did you mean 'terrorism'?");
    assert_eq!(hint_of("negative defence spending"), "expected a number between 0 and 15");
    assert_eq!(hint_of("not a fraction"), "expected a number between 0 and 1 (two thirds is 0.67)");
}

#[test]
fn a_broken_scenario_is_left_out_and_the_good_one_still_loads() {
    let catalog = scenario::load_catalog(std::path::Path::new("tests/fixtures/broken"));
    let ids: Vec<&str> = catalog.scenarios.iter().map(|s| s.scenario.id.as_str()).collect();
    // "good" uses the broken pack, so it is left out too; nothing else can load.
    assert!(ids.is_empty(), "{ids:?}");
    let snippet = catalog.diags.list.iter().find(|d| d.path.ends_with("unknown_member.ron")).unwrap();
    let text = snippet.render(catalog.diags.source_of(snippet));
    assert!(text.contains("14 |         (iso: \"GER\""), "{text}");
    assert!(text.contains("^^^^^"), "{text}");
}

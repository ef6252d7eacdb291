//! Mods as a modder and a player meet them: the example mod loads and changes what it says;
//! broken, conflicting, incompatible or escaping mods are left out with exact messages while
//! everything else loads; format versions; scenario tests; the modding reference is complete.

use article_five::scenario::mods::{self, LoadSpec, ModReport, ModStatus};
use article_five::scenario::ron_reader::Severity;
use article_five::scenario::validate::Catalog;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

// ------------------------------------------------------------------------------------------
// Helpers

/// A folder under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("a5-modding-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder");
        Scratch(dir)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("folder");
        std::fs::write(&path, text).expect("write");
        path
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/example-mod")
}

/// A manifest with every required field; `extra` lines go before the closing bracket.
fn manifest(id: &str, extra: &str) -> String {
    format!(
        "(\n    format_version: 1,\n    id: \"{id}\",\n    name: \"Mod {id}\",\n    version: \"1.0.0\",\n    authors: [\"Tester\"],\n    licence: \"CC0-1.0\",\n    game_versions: \">=0.1\",\n{extra})\n"
    )
}

/// An event that fits the founding years.
fn event(id: &str) -> String {
    format!(
        r#"        (
            id: "{id}", title: "Title of {id}", text: "What happens.",
            when: (from: "1950-01", to: "1952-12"),
            choices: [
                (label: "Act", effects: [Alliance(Cohesion, 2)], historical: true),
                (label: "Wait", effects: [Alliance(Cohesion, -1)]),
            ],
            note: "What really happened, in 1951.", source: "A source",
        ),
"#
    )
}

fn pack(id: &str, events: &[&str]) -> String {
    let body: String = events.iter().map(|e| event(e)).collect();
    format!("(\n    format_version: 1,\n    id: \"{id}\",\n    events: [\n{body}    ],\n)\n")
}

fn load(extra: &[PathBuf], user_mods: Option<&Path>) -> Catalog {
    mods::load(&LoadSpec {
        root: super::shipped(),
        extra: extra.to_vec(),
        user_mods_dir: user_mods.map(Path::to_path_buf),
    })
}

fn report<'a>(catalog: &'a Catalog, id: &str) -> &'a ModReport {
    catalog.mods.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no mod '{id}' in {:?}", ids(catalog)))
}

fn ids(catalog: &Catalog) -> Vec<String> {
    catalog.mods.iter().map(|m| m.id.clone()).collect()
}

/// "line:col: message" of each diagnostic of a mod, in order.
fn places(report: &ModReport) -> Vec<String> {
    report.diagnostics.iter().map(|d| format!("{}:{}: {}", d.line, d.col, d.message)).collect()
}

fn errors(report: &ModReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect()
}

fn run(args: &[&str], mods_dir: &str) -> Output {
    super::article_five().args(args).env("ARTICLE_FIVE_MODS", mods_dir).output().expect("the binary runs")
}

// ------------------------------------------------------------------------------------------
// The example mod

#[test]
fn the_example_mod_loads_and_does_what_it_says() {
    let catalog = load(&[example()], None);
    let m = report(&catalog, "council_years");
    assert_eq!(m.status, ModStatus::Loaded, "{:?}", m.diagnostics);
    assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
    assert_eq!((m.name.as_str(), m.version.as_str()), ("The Council's early years", "1.0.0"));
    assert_eq!(m.contents.events, ["three_wise_men", "exercise_mainbrace"]);
    assert_eq!(m.contents.codex_entries, ["three_wise_men"]);
    assert_eq!(m.contents.overrides, ["event 'lisbon_goals'"]);
    assert_eq!(m.contents.extends, ["founding += council_years"]);
    assert!(m.readme.as_deref().is_some_and(|r| r.starts_with("# The Council's early years")));
    assert_eq!(m.tests.len(), 1);
    assert!(!catalog.diags.has_errors(), "{}", catalog.diags.render_all());

    // The extension: founding plays the mod's events.
    let founding = catalog.scenario("founding").expect("founding still loads");
    assert!(founding.scenario.event_packs.contains(&"council_years".to_string()));
    assert!(founding.events.iter().any(|e| e.id == "three_wise_men"));
    // The override: the shipped event has the mod's text, in every scenario that plays it.
    for scenario in ["founding", "grand"] {
        let content = catalog.scenario(scenario).expect("loads");
        let lisbon = content.events.iter().find(|e| e.id == "lisbon_goals").expect("lisbon_goals");
        assert!(lisbon.text.starts_with("The Three Wise Men have reported"), "{scenario}: {}", lisbon.text);
        assert!(lisbon.codex.contains(&"three_wise_men".to_string()));
    }
    assert!(catalog.codex_entry("three_wise_men").is_some());
    // The mod changes what the founding scenario is built from, so a save can tell.
    let plain = article_five::scenario::load_catalog(&super::shipped());
    assert_ne!(plain.scenario("founding").unwrap().content_hash, founding.content_hash);
}

#[test]
fn loading_without_mods_gives_what_load_catalog_gives() {
    let plain = article_five::scenario::load_catalog(&super::shipped());
    let loaded = load(&[], None);
    let hashes = |c: &Catalog| c.scenarios.iter().map(|s| (s.scenario.id.clone(), s.content_hash)).collect::<Vec<_>>();
    assert_eq!(hashes(&plain), hashes(&loaded));
    assert!(loaded.mods.is_empty());
}

// ------------------------------------------------------------------------------------------
// Manifests

#[test]
fn manifest_errors_have_exact_messages_and_places() {
    let dir = Scratch::new("manifests");
    dir.write(
        "missing/mod.ron",
        "(\n    format_version: 1,\n    id: \"missing\",\n    name: \"No licence\",\n    version: \"1.0.0\",\n    authors: [\"A\"],\n    game_versions: \">=0.1\",\n)\n",
    );
    dir.write(
        "badver/mod.ron",
        &manifest("badver", "")
            .replace("version: \"1.0.0\"", "version: \"one\"")
            .replace("licence: \"CC0-1.0\"", "licence: \"\""),
    );
    dir.write("Bad_Id/mod.ron", &manifest("Bad Id", "    readme: \"../outside.md\",\n"));
    dir.write("typo/mod.ron", &manifest("typo", "    depend: [(id: \"x\")],\n"));
    let catalog = load(&[], Some(&dir.0));

    let m = report(&catalog, "missing");
    assert_eq!(m.status, ModStatus::LeftOut { reason: "its mod.ron has errors".into() });
    assert_eq!(errors(m), ["1:1: missing field `licence`"]);

    let m = report(&catalog, "badver");
    assert_eq!(
        errors(m),
        [
            "5:14: version \"one\" is not a version number (unexpected character 'o' while parsing major version number)",
            "7:14: the licence is empty",
        ]
    );
    assert_eq!(m.diagnostics[0].hint.as_deref(), Some("write three numbers such as \"1.0.0\""));

    // A bad id: the report falls back to the folder's name.
    let m = report(&catalog, "Bad_Id");
    assert_eq!(
        errors(m),
        [
            "3:9: mod id 'Bad Id' must be lowercase letters, digits, '_' or '-'",
            "9:13: '../outside.md' leads out of the mod's folder ('..'); a mod may only name files inside it",
        ]
    );

    let m = report(&catalog, "typo");
    assert_eq!(errors(m), ["9:5: unknown field `depend`"]);
    assert_eq!(m.diagnostics[0].hint.as_deref(), Some("did you mean `depends`?"));
    // Broken mods never stop the shipped scenarios.
    assert!(catalog.scenario("founding").is_some());
    assert_eq!(catalog.diags.error_count(), 6, "{}", catalog.diags.render_all());
}

#[test]
fn a_folder_without_a_manifest_says_where_the_manifest_is() {
    let dir = Scratch::new("nested");
    dir.write("wrapper/inner/mod.ron", &manifest("inner", ""));
    let catalog = load(&[], Some(&dir.0));
    let m = report(&catalog, "wrapper");
    assert_eq!(m.status, ModStatus::LeftOut { reason: "it has no mod.ron".into() });
    assert_eq!(m.diagnostics[0].message, "this folder has no mod.ron");
    let hint = m.diagnostics[0].hint.clone().unwrap_or_default();
    assert!(hint.starts_with("mod.ron is one folder down, in "), "{hint}");
}

#[test]
fn dependencies_order_the_load_and_missing_ones_leave_the_mod_out() {
    let dir = Scratch::new("deps");
    // "a_patch" sorts before "z_base" but needs it, so it loads after it, and may change
    // what its dependency added.
    dir.write(
        "z_base/mod.ron",
        &manifest("z_base", "    extend: [(scenario: \"founding\", event_packs: [\"base_pack\"])],\n"),
    );
    dir.write("z_base/events/base.ron", &pack("base_pack", &["base_event"]));
    dir.write("a_patch/mod.ron", &manifest("a_patch", "    depends: [(id: \"z_base\", versions: \">=1.0\")],\n"));
    dir.write(
        "a_patch/overrides/events/base.ron",
        &pack("base_pack", &["base_event"]).replace("Title of base_event", "Patched title"),
    );
    dir.write("needs_nothing_there/mod.ron", &manifest("needs_nothing_there", "    depends: [(id: \"z_bas\")],\n"));
    dir.write("too_new_dep/mod.ron", &manifest("too_new_dep", "    depends: [(id: \"z_base\", versions: \">=2\")],\n"));
    dir.write("cyc_a/mod.ron", &manifest("cyc_a", "    depends: [(id: \"cyc_b\")],\n"));
    dir.write("cyc_b/mod.ron", &manifest("cyc_b", "    depends: [(id: \"cyc_a\")],\n"));
    dir.write("after_cycle/mod.ron", &manifest("after_cycle", "    depends: [(id: \"cyc_a\")],\n"));
    let catalog = load(&[], Some(&dir.0));
    let order: Vec<&str> = catalog.mods.iter().map(|m| m.id.as_str()).collect();
    let pos = |id: &str| order.iter().position(|m| *m == id).unwrap();
    assert!(pos("z_base") < pos("a_patch"), "{order:?}");

    assert_eq!(report(&catalog, "z_base").status, ModStatus::Loaded);
    assert_eq!(report(&catalog, "a_patch").status, ModStatus::Loaded, "{:?}", report(&catalog, "a_patch").diagnostics);
    let founding = catalog.scenario("founding").unwrap();
    assert_eq!(founding.events.iter().find(|e| e.id == "base_event").unwrap().title, "Patched title");

    let m = report(&catalog, "needs_nothing_there");
    assert_eq!(errors(m), ["9:20: needs mod 'z_bas', which is not installed"]);
    assert_eq!(m.diagnostics[0].hint.as_deref(), Some("did you mean 'z_base'?"));
    assert_eq!(m.status, ModStatus::LeftOut { reason: "needs mod 'z_bas', which is not installed".into() });

    let m = report(&catalog, "too_new_dep");
    assert_eq!(errors(m), ["9:20: needs mod 'z_base' >=2, but version 1.0.0 is installed"]);

    for id in ["cyc_a", "cyc_b"] {
        let m = report(&catalog, id);
        assert!(
            matches!(&m.status, ModStatus::LeftOut { reason } if reason.starts_with("dependency cycle: ")),
            "{:?}",
            m.status
        );
        assert_eq!(m.diagnostics[0].line, 9);
    }
    assert_eq!(errors(report(&catalog, "cyc_a")), ["9:20: dependency cycle: cyc_a -> cyc_b -> cyc_a"]);
    assert_eq!(errors(report(&catalog, "after_cycle")), ["9:20: needs mod 'cyc_a', which was left out"]);
}

#[test]
fn a_mod_for_another_game_version_is_left_out() {
    let dir = Scratch::new("versions");
    dir.write("future/mod.ron", &manifest("future", "").replace("\">=0.1\"", "\">=9\""));
    dir.write("badreq/mod.ron", &manifest("badreq", "").replace("\">=0.1\"", "\"newest\""));
    let catalog = load(&[], Some(&dir.0));
    let m = report(&catalog, "future");
    assert_eq!(
        errors(m),
        [format!("8:20: this mod is made for Article Five >=9; this is version {}", env!("CARGO_PKG_VERSION"))]
    );
    assert_eq!(
        m.status,
        ModStatus::LeftOut { reason: format!("made for Article Five >=9, not {}", env!("CARGO_PKG_VERSION")) }
    );
    let m = report(&catalog, "badreq");
    assert!(errors(m)[0].starts_with("8:20: \"newest\" is not a version requirement ("), "{:?}", errors(m));
}

#[test]
fn a_switched_off_mod_is_skipped_and_mods_needing_it_say_so() {
    let dir = Scratch::new("disabled");
    dir.write("off/mod.ron", &manifest("off", ""));
    dir.write("needs_off/mod.ron", &manifest("needs_off", "    depends: [(id: \"off\")],\n"));
    dir.write("disabled.ron", "(format_version: 1, disabled: [\"off\"])");
    let catalog = load(&[], Some(&dir.0));
    assert_eq!(report(&catalog, "off").status, ModStatus::Disabled);
    assert_eq!(errors(report(&catalog, "needs_off")), ["9:20: needs mod 'off', which is switched off"]);
}

#[test]
fn switching_a_mod_off_and_on_again_from_the_game() {
    let dir = Scratch::new("switch");
    dir.write("toggle/mod.ron", &manifest("toggle", ""));
    mods::set_mod_enabled_in(&dir.0, "toggle", false).expect("written");
    assert_eq!(report(&load(&[], Some(&dir.0)), "toggle").status, ModStatus::Disabled);
    let text = std::fs::read_to_string(dir.path("disabled.ron")).unwrap();
    assert!(text.contains("disabled: [\"toggle\"]"), "{text}");
    mods::set_mod_enabled_in(&dir.0, "toggle", true).expect("written");
    assert_eq!(report(&load(&[], Some(&dir.0)), "toggle").status, ModStatus::Loaded);
}

// ------------------------------------------------------------------------------------------
// What mods change, and conflicts

#[test]
fn two_mods_overriding_the_same_event_conflict_and_the_first_wins() {
    let dir = Scratch::new("conflict");
    // The example mod's override, without its link to the example mod's own codex entry.
    let lisbon = std::fs::read_to_string(example().join("overrides/events/founding.ron"))
        .unwrap()
        .replace(", \"three_wise_men\"]", "]");
    dir.write("first/mod.ron", &manifest("first", ""));
    dir.write("first/overrides/events/founding.ron", &lisbon);
    dir.write("second/mod.ron", &manifest("second", ""));
    dir.write("second/overrides/events/founding.ron", &lisbon.replace("The Three Wise Men have reported", "Second"));
    // The example mod's codex entry is one the text links to.
    let catalog = load(&[example()], Some(&dir.0));
    let first = report(&catalog, "first");
    let second = report(&catalog, "second");
    // council_years (given with --mods) loads last: it too overrides lisbon_goals.
    let example_mod = report(&catalog, "council_years");
    assert_eq!(first.status, ModStatus::Loaded);
    assert_eq!(
        second.status,
        ModStatus::Conflict {
            with: "first".into(),
            reason: "event 'lisbon_goals' is also overridden by mod 'first'".into()
        }
    );
    assert!(matches!(&example_mod.status, ModStatus::Conflict { with, .. } if with == "first"));
    assert!(errors(second).contains(&"9:17: event 'lisbon_goals' is also overridden by mod 'first'".to_string()));
    let warned: Vec<&str> = first.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        warned.iter().any(|w| w.starts_with("mod 'second' was left out because it conflicts with this one")),
        "{warned:?}"
    );
    // The first mod's change stands; the second's does not.
    let founding = catalog.scenario("founding").unwrap();
    let text = &founding.events.iter().find(|e| e.id == "lisbon_goals").unwrap().text;
    assert!(text.starts_with("The Three Wise Men"), "{text}");
}

#[test]
fn two_mods_adding_the_same_event_conflict() {
    let dir = Scratch::new("same_add");
    for id in ["one", "two"] {
        dir.write(
            &format!("{id}/mod.ron"),
            &manifest(id, &format!("    extend: [(scenario: \"founding\", event_packs: [\"pack_{id}\"])],\n")),
        );
        dir.write(&format!("{id}/events/p.ron"), &pack(&format!("pack_{id}"), &["shared_event", &format!("own_{id}")]));
    }
    let catalog = load(&[], Some(&dir.0));
    assert_eq!(report(&catalog, "one").status, ModStatus::Loaded);
    assert_eq!(
        report(&catalog, "two").status,
        ModStatus::Conflict { with: "one".into(), reason: "event 'shared_event' is also added by mod 'one'".into() }
    );
    let founding = catalog.scenario("founding").unwrap();
    assert!(founding.events.iter().any(|e| e.id == "own_one"));
    assert!(!founding.events.iter().any(|e| e.id == "own_two"), "a mod left out is left out whole");
}

#[test]
fn adding_a_shipped_id_or_overriding_a_missing_one_is_an_error() {
    let dir = Scratch::new("ids");
    dir.write(
        "clash/mod.ron",
        &manifest("clash", "    extend: [(scenario: \"foundng\", event_packs: [\"clash_pack\", \"no_pack\"])],\n"),
    );
    dir.write("clash/events/p.ron", &pack("clash_pack", &["korean_war_shock"]));
    dir.write("clash/overrides/events/p.ron", &pack("founding", &["no_such_event", "cold_war_event_x"]));
    dir.write("clash/overrides/events/q.ron", &pack("cold_war", &["soviet_bomb"]));
    let catalog = load(&[], Some(&dir.0));
    let m = report(&catalog, "clash");
    let found = places(m);
    assert_eq!(m.status, ModStatus::LeftOut { reason: "6 error(s) in its files".into() }, "{found:#?}");
    let expect = [
        "6:17: event 'korean_war_shock' already exists in the shipped data",
        "6:17: there is no event 'no_such_event' to override",
        "15:17: there is no event 'cold_war_event_x' to override",
        "6:17: event 'soviet_bomb' is not in event pack 'cold_war'",
        "9:25: there is no scenario 'foundng' to extend",
        "9:64: unknown event pack 'no_pack'",
    ];
    for e in expect {
        assert!(found.contains(&e.to_string()), "missing {e}: {found:?}");
    }
    let hint = |needle: &str| m.diagnostics.iter().find(|d| d.message.contains(needle)).and_then(|d| d.hint.clone());
    assert_eq!(
        hint("already exists").as_deref(),
        Some("to replace it, put your version in overrides/events/, in a pack with the id of its pack")
    );
    assert_eq!(hint("'foundng'").as_deref(), Some("did you mean 'founding'?"));
    assert_eq!(
        hint("soviet_bomb").as_deref(),
        Some("it is in pack 'founding': override it in a file with id: \"founding\"")
    );
    assert!(catalog.scenario("founding").unwrap().events.iter().all(|e| e.id != "no_such_event"));
}

#[test]
fn a_broken_mod_is_left_out_and_the_others_load() {
    let dir = Scratch::new("broken");
    dir.write(
        "broken/mod.ron",
        &manifest("broken", "    extend: [(scenario: \"founding\", event_packs: [\"broken_pack\"])],\n"),
    );
    dir.write(
        "broken/events/p.ron",
        &pack("broken_pack", &["broken_event"]).replace("Alliance(Cohesion, 2)", "Member(\"GER\", Alignment, 2)"),
    );
    dir.write("syntax/mod.ron", &manifest("syntax", ""));
    dir.write("syntax/codex.ron", "(format_version: 1, entries: [(id: \"x\", kind: Concept, title: \"unclosed)]");
    let catalog = load(&[example()], Some(&dir.0));
    let broken = report(&catalog, "broken");
    assert_eq!(errors(broken), ["9:49: unknown member 'GER'"]);
    assert_eq!(broken.diagnostics[0].hint.as_deref(), Some("did you mean 'DEU'?"));
    assert!(broken.diagnostics[0].path.ends_with("broken/events/p.ron"), "{}", broken.diagnostics[0].path);
    assert_eq!(errors(report(&catalog, "syntax")), ["1:63: unterminated string"]);
    assert_eq!(report(&catalog, "council_years").status, ModStatus::Loaded);
    // The scenario the broken mod extended still loads, without the broken pack.
    let founding = catalog.scenario("founding").expect("founding loads");
    assert!(!founding.scenario.event_packs.contains(&"broken_pack".to_string()));
    assert!(founding.events.iter().any(|e| e.id == "three_wise_men"));
    // Its problems are in the catalog too, with their snippets, for the game and the CLI.
    let d = catalog.diags.list.iter().find(|d| d.message == "unknown member 'GER'").expect("in the catalog");
    assert!(d.render(catalog.diags.source_of(d)).contains("^^^^^"));
}

// ------------------------------------------------------------------------------------------
// Safety

#[cfg(unix)]
#[test]
fn files_linked_from_outside_the_mod_are_not_read() {
    let dir = Scratch::new("escape");
    let outside = dir.write("outside/secret.ron", &pack("secret_pack", &["secret_event"]));
    dir.write("mods/sly/mod.ron", &manifest("sly", "    readme: \"/etc/passwd\",\n"));
    std::fs::create_dir_all(dir.path("mods/sly/events")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.path("mods/sly/events/linked.ron")).unwrap();
    dir.write("mods/sly2/mod.ron", &manifest("sly2", "    readme: \"docs/../../x.md\",\n"));
    dir.write("mods/sly3/mod.ron", &manifest("sly3", ""));
    std::os::unix::fs::symlink(dir.path("outside"), dir.path("mods/sly3/events")).unwrap();
    let catalog = load(&[], Some(&dir.path("mods")));
    assert_eq!(
        errors(report(&catalog, "sly")),
        ["9:13: '/etc/passwd' is an absolute path; a mod may only name files inside its own folder"]
    );
    assert_eq!(
        errors(report(&catalog, "sly2")),
        ["9:13: 'docs/../../x.md' leads out of the mod's folder ('..'); a mod may only name files inside it"]
    );
    let m = report(&catalog, "sly3");
    assert_eq!(m.diagnostics[0].message, "this file is a link to a file outside the mod's folder; it is not read");
    assert!(m.diagnostics[0].path.ends_with("sly3/events/secret.ron"));
    assert!(!catalog.events.iter().any(|e| e.id == "secret_event"));
}

#[test]
fn a_mod_with_too_many_files_is_capped() {
    let dir = Scratch::new("many");
    dir.write("many/mod.ron", &manifest("many", ""));
    for i in 0..=mods::MAX_FILES_PER_MOD {
        dir.write(&format!("many/events/p{i:04}.ron"), "(format_version: 1, id: \"p\", events: [])");
    }
    let catalog = load(&[], Some(&dir.0));
    let m = report(&catalog, "many");
    assert!(
        m.diagnostics.iter().any(|d| d.message == format!("the mod has {} data files; at most 500 are read", 501)),
        "{:?}",
        m.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    assert!(!m.status.is_loaded());
}

#[test]
fn garbage_in_a_mod_never_crashes_the_loader() {
    let dir = Scratch::new("garbage");
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let cases: [(&str, &str); 6] = [
        ("mod.ron", &deep),
        ("mod.ron", "\u{feff}((((("),
        ("mod.ron", ""),
        ("mod.ron", "(format_version: 4294967296)"),
        ("events/x.ron", &deep),
        ("codex.ron", "(format_version: 1, entries: [(id: 1, kind: Nope)])"),
    ];
    for (n, (file, text)) in cases.iter().enumerate() {
        let id = format!("g{n}");
        if *file != "mod.ron" {
            dir.write(&format!("{id}/mod.ron"), &manifest(&id, ""));
        }
        dir.write(&format!("{id}/{file}"), text);
    }
    std::fs::write(dir.path("g0/events.ron"), [0xff, 0xfe, 0x00]).unwrap();
    let catalog = load(&[], Some(&dir.0));
    assert_eq!(catalog.mods.len(), cases.len());
    assert!(catalog.mods.iter().all(|m| !m.status.is_loaded() && m.error_count() > 0), "{:#?}", catalog.mods);
    assert!(catalog.scenario("founding").is_some());
}

// ------------------------------------------------------------------------------------------
// Format versions

#[test]
fn an_unversioned_file_loads_with_a_warning_and_a_newer_one_is_refused() {
    let dir = Scratch::new("formats");
    let unversioned = pack("old_pack", &["old_event"]).replace("    format_version: 1,\n", "");
    dir.write(
        "old/mod.ron",
        &manifest("old", "    extend: [(scenario: \"founding\", event_packs: [\"old_pack\"])],\n"),
    );
    dir.write("old/events/p.ron", &unversioned);
    dir.write("new/mod.ron", &manifest("new", "").replace("format_version: 1", "format_version: 2"));
    let catalog = load(&[], Some(&dir.0));
    let old = report(&catalog, "old");
    assert_eq!(old.status, ModStatus::Loaded);
    assert_eq!(places(old), ["1:1: the file has no format_version; it was read as format 1"]);
    assert_eq!(old.diagnostics[0].severity, Severity::Warning);
    assert_eq!(old.diagnostics[0].hint.as_deref(), Some("write format_version: 1"));
    assert!(catalog.scenario("founding").unwrap().events.iter().any(|e| e.id == "old_event"));
    assert_eq!(
        errors(report(&catalog, "new")),
        ["2:21: this file is in format 2 but this version of Article Five reads format 1"]
    );
}

// ------------------------------------------------------------------------------------------
// Reloading

#[test]
fn reload_sees_an_edited_file_and_says_what_changed() {
    let dir = Scratch::new("reload");
    dir.write(
        "live/mod.ron",
        &manifest("live", "    extend: [(scenario: \"founding\", event_packs: [\"live_pack\"])],\n"),
    );
    let file = dir.write("live/events/p.ron", &pack("live_pack", &["live_event"]));
    let before = load(&[], Some(&dir.0));
    let watched = mods::watched_files(&before);
    assert!(watched.contains(&file), "{watched:?}");
    assert!(watched.contains(&dir.path("live/mod.ron")));
    assert!(watched.iter().any(|p| p.ends_with("scenarios/events/founding.ron")));
    assert!(watched.contains(&dir.0), "the mods folder itself, for new mods");

    std::fs::write(&file, pack("live_pack", &["live_event", "second_event"])).unwrap();
    let after = mods::reload(&before);
    assert!(after.scenario("founding").unwrap().events.iter().any(|e| e.id == "second_event"));
    assert_eq!(mods::changes(&before, &after), ["scenario 'founding' changed", "events: 1 added, 0 removed"]);

    std::fs::write(&file, "(oops").unwrap();
    let broken = mods::reload(&after);
    let changes = mods::changes(&after, &broken);
    assert!(changes.iter().any(|c| c.starts_with("mod 'live': left out: ")), "{changes:?}");
    assert!(broken.scenario("founding").is_some(), "the game goes on without the mod");

    // In the running game, the last good version of what the edit broke stays in use.
    let mut kept = mods::reload(&after);
    assert_eq!(mods::keep_last_good(&after, &mut kept), ["scenario 'founding'"]);
    let founding = kept.scenario("founding").unwrap();
    assert!(founding.events.iter().any(|e| e.id == "second_event"), "the mod's last good events stay");
    assert!(kept.diags.error_count() > 0, "and the errors are still there to show");

    // A good edit replaces it.
    std::fs::write(&file, pack("live_pack", &["live_event"])).unwrap();
    let mut fixed = mods::reload(&kept);
    assert!(mods::keep_last_good(&kept, &mut fixed).is_empty());
    assert!(!fixed.scenario("founding").unwrap().events.iter().any(|e| e.id == "second_event"));
}

#[test]
fn a_broken_scenario_file_keeps_its_last_good_version_after_a_reload() {
    // A copy of the shipped data, so the test can break a scenario file of its own.
    let dir = Scratch::new("reload_scenario");
    let root = dir.path("data");
    copy_tree(&super::shipped(), &root);
    let spec = LoadSpec { root: root.clone(), extra: Vec::new(), user_mods_dir: None };
    let before = mods::load(&spec);
    assert_eq!(before.diags.error_count(), 0);
    let order: Vec<String> = before.scenarios.iter().map(|s| s.scenario.id.clone()).collect();

    let file = root.join("eras/founding.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("end: \"1955-12\"", "end: \"1947-12\"", 1)).unwrap();
    let mut after = mods::reload(&before);
    assert!(after.scenario("founding").is_none(), "the broken scenario does not load");
    assert!(after.diags.error_count() > 0);
    assert_eq!(mods::keep_last_good(&before, &mut after), ["scenario 'founding'"]);
    let kept = after.scenario("founding").expect("its last good version stays");
    assert!(Arc::ptr_eq(kept, before.scenario("founding").unwrap()));
    let now: Vec<String> = after.scenarios.iter().map(|s| s.scenario.id.clone()).collect();
    assert_eq!(now, order, "in its place in the menu");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// ------------------------------------------------------------------------------------------
// The command line

#[test]
fn validate_checks_a_mod_folder_and_a_file_in_it() {
    let o = run(&["validate", "docs/example-mod"], "");
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mod council_years 1.0.0 (docs/example-mod): loaded"), "{err}");

    let dir = Scratch::new("cli_validate");
    dir.write(
        "bad/mod.ron",
        &manifest("bad", "    extend: [(scenario: \"founding\", event_packs: [\"bad_pack\"])],\n"),
    );
    let bad_file = dir.write(
        "bad/events/p.ron",
        &pack("bad_pack", &["bad_event"])
            .replace("(from: \"1950-01\", to: \"1952-12\")", "(from: \"1953-01\", to: \"1952-12\")"),
    );
    let bad = dir.path("bad");
    let o = run(&["validate", bad.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let first = out.lines().next().unwrap_or("");
    assert_eq!(
        first,
        format!("{}:7:19: error: the window starts (1953-01) after it ends (1952-12)", bad_file.display())
    );
    assert!(out.contains("= hint: swap from and to"), "{out}");

    let o = run(&["validate", "--format", "json", bad_file.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["path"], bad_file.display().to_string());
    assert_eq!(v["diagnostics"][0]["line"], 7);
    assert_eq!(v["mods"][0]["id"], "bad");
    assert_eq!(v["mods"][0]["loaded"], false);

    // The default validate covers installed mods too.
    let o = run(&["validate"], dir.0.to_str().unwrap());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("the window starts (1953-01)"));
}

#[test]
fn test_scenarios_reports_each_case_and_fails_when_one_fails() {
    let o = run(&["test-scenarios", "docs/example-mod"], "");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("  PASS  The Three Wise Men meet"), "{out}");
    assert!(out.contains("ok   EventFired(\"three_wise_men\")  →  it fired 1 time(s)"), "{out}");
    assert!(out.trim_end().ends_with("test-scenarios: 2 passed, 0 failed"), "{out}");

    let dir = Scratch::new("cli_tests");
    let file = dir.write(
        "t.ron",
        "(\n    format_version: 1,\n    cases: [\n        (name: \"Passive play keeps West Germany out\", scenario: \"founding\", seed: 7, policy: \"passive\",\n         expect: [MemberBy(\"DEU\", \"1956-01\"), Outcome(Victory), UnansweredAttacksAtMost(99)]),\n    ],\n)\n",
    );
    let o = run(&["test-scenarios", file.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("  FAIL  Passive play keeps West Germany out  [founding · seed 7 · passive · diplomat · 1 run]"),
        "{out}"
    );
    assert!(out.contains("FAIL Outcome(Victory)  →  defeat: "), "{out}");
    assert!(out.contains(&format!("at {}:5:47", file.display())), "{out}");
    assert!(out.contains("ok   UnansweredAttacksAtMost(99)"), "{out}");
    assert!(out.trim_end().ends_with("test-scenarios: 0 passed, 1 failed"), "{out}");

    let typo = dir.write(
        "typo.ron",
        "(format_version: 1, cases: [(name: \"x\", scenario: \"founding\", expect: [Outcom(Victory)])])",
    );
    let o = run(&["test-scenarios", typo.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with(&format!("{}:1:72: error: unknown name `Outcom`", typo.display())), "{out}");
}

#[test]
fn the_shipped_scenario_tests_pass() {
    let o = run(&["test-scenarios"], "");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", String::from_utf8_lossy(&o.stderr));
    // Every shipped scenario has tests, at least two cases each.
    let catalog = article_five::scenario::load_catalog(&super::shipped());
    for s in &catalog.scenarios {
        let cases = out.lines().filter(|l| l.contains(&format!("[{} · ", s.scenario.id))).count();
        assert!(cases >= 2, "scenario '{}' has {cases} test case(s)", s.scenario.id);
    }
}

// ------------------------------------------------------------------------------------------
// The reference is complete

/// A type of the file formats as its source declares it.
#[derive(Debug, Default)]
struct Declared {
    name: String,
    /// Field names, including the named parts of struct-like variants.
    fields: Vec<String>,
    variants: Vec<String>,
}

/// The types that derive `Deserialize` in a Rust source file, read from its text: the file
/// formats are whatever the code reads, so the list cannot drift from it.
fn declared_types(source: &str) -> Vec<Declared> {
    let mut out = Vec::new();
    let mut derive_pending = false;
    let mut skip_next_field = false;
    let mut current: Option<(Declared, bool)> = None; // (type, is_enum)
    let mut depth = 0usize;
    for raw_line in source.lines() {
        let line = raw_line.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if current.is_none() {
            if line.starts_with("#[derive(") && line.contains("Deserialize") {
                derive_pending = true;
                continue;
            }
            if derive_pending && !line.starts_with("#[") {
                derive_pending = false;
                let words: Vec<&str> = line.split_whitespace().collect();
                if let Some(pos) = words.iter().position(|w| *w == "struct" || *w == "enum")
                    && line.ends_with('{')
                {
                    let name: String =
                        words[pos + 1].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    current = Some((Declared { name, ..Declared::default() }, words[pos] == "enum"));
                    depth = 1;
                }
            }
            continue;
        }
        let Some((decl, is_enum)) = current.as_mut() else { continue };
        let starts_ident = |l: &str| -> Option<String> {
            let l = l.trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            let name: String = l.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            (!name.is_empty()).then_some(name)
        };
        if line.starts_with("#[") {
            skip_next_field |= line.contains("serde(skip");
        } else if depth == 1 && !*is_enum {
            if let Some(name) = starts_ident(line).filter(|_| line.contains(':')) {
                if !skip_next_field {
                    decl.fields.push(name);
                }
                skip_next_field = false;
            }
        } else if depth == 1 && *is_enum {
            if let Some(name) = starts_ident(line).filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase())) {
                decl.variants.push(name);
                // Named parts written on the variant's own line: `Attack { kind: .., target: .. }`.
                if let Some(body) = line.split_once('{').map(|(_, b)| b) {
                    for part in body.split(',') {
                        if let Some((field, _)) = part.split_once(':') {
                            decl.fields.push(field.trim().to_string());
                        }
                    }
                }
            }
        } else if depth == 2
            && *is_enum
            && let Some(name) = starts_ident(line).filter(|_| line.contains(':'))
        {
            decl.fields.push(name);
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if depth == 0
            && let Some((decl, _)) = current.take()
        {
            out.push(decl);
        }
    }
    out
}

/// Every type of every file format, with the vocabularies the files use.
fn format_types() -> Vec<Declared> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let mut types = Vec::new();
    for file in
        ["src/scenario/raw.rs", "src/scenario/manifest.rs", "src/scenario/scenario_tests.rs", "src/scenario/mods.rs"]
    {
        types.extend(declared_types(&read(file)));
    }
    // Commands are the rules' own type; the files use them in historical plans and
    // `disabled_actions`.
    types.extend(
        declared_types(&read("src/sim/command.rs"))
            .into_iter()
            .filter(|t| t.name == "Command" || t.name == "ActionKind"),
    );
    use article_five::sim::ids::*;
    let vocabulary = |name: &str, ids: Vec<&str>| Declared {
        name: name.into(),
        fields: Vec::new(),
        variants: ids.into_iter().map(String::from).collect(),
    };
    types.push(vocabulary("AllianceMeter", AllianceMeter::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("MemberStat", MemberStat::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("AdversaryStat", AdversaryStat::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("ThreatKind", ThreatKind::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("PartnerStat", PartnerStat::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("PartnerKind", PartnerKind::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("Region", Region::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("Trait", Trait::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("AttackKind", AttackKind::ALL.iter().map(|v| v.id()).collect()));
    types.push(vocabulary("MissionKind", MissionKind::ALL.iter().map(|v| v.id()).collect()));
    types
}

/// The part of the reference for a type: from the `<!-- reference: A, B -->` marker naming it to
/// the next marker or heading.
fn section<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    const OPEN: &str = "<!-- reference: ";
    let mut at = 0;
    while let Some(i) = doc[at..].find(OPEN) {
        let start = at + i + OPEN.len();
        let close = start + doc[start..].find("-->")?;
        let body = close + 3;
        if doc[start..close].split(',').any(|n| n.trim() == name) {
            let marker = doc[body..].find(OPEN).map_or(doc.len(), |j| body + j);
            let heading = doc[body..].find("\n#").map_or(doc.len(), |j| body + j);
            let end = marker.min(heading);
            return Some(&doc[body..end]);
        }
        at = body;
    }
    None
}

#[test]
fn the_source_reader_finds_the_formats() {
    let types = format_types();
    let get = |n: &str| types.iter().find(|t| t.name == n).unwrap_or_else(|| panic!("{n} not found"));
    assert!(types.len() >= 40, "{}", types.len());
    assert!(get("ScenarioFile").fields.contains(&"turn_schedule".to_string()));
    assert!(get("EffectRaw").variants.contains(&"Attack".to_string()));
    assert!(get("EffectRaw").fields.contains(&"severity".to_string()));
    assert!(get("ObjectiveKindRaw").fields.contains(&"integrated".to_string()));
    assert!(get("ModManifestFile").fields.contains(&"game_versions".to_string()));
    assert!(get("Expectation").variants.contains(&"MemberBy".to_string()));
    assert!(get("Command").fields.contains(&"pledge".to_string()));
    assert_eq!(get("DisabledFile").fields, ["format_version", "disabled"]);
}

#[test]
fn every_field_and_variant_of_the_formats_is_in_the_modding_reference() {
    let doc = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/modding.md"))
        .expect("docs/modding.md");
    let mut missing = Vec::new();
    for t in format_types() {
        let Some(text) = section(&doc, &t.name) else {
            missing.push(format!("{}: no section (add `<!-- reference: {} -->` before it)", t.name, t.name));
            continue;
        };
        for f in &t.fields {
            if !text.contains(&format!("`{f}`")) {
                missing.push(format!("{}: field `{f}` is not described", t.name));
            }
        }
        for v in &t.variants {
            if ![format!("`{v}`"), format!("`{v}("), format!("`{v} {{")].iter().any(|form| text.contains(form)) {
                missing.push(format!("{}: `{v}` is not described", t.name));
            }
        }
        // And nothing is described that the format does not have: a table row's first column
        // names a field or a variant.
        for row in text.lines().filter(|l| l.starts_with("| `")) {
            let name: String = row[3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !t.fields.contains(&name) && !t.variants.contains(&name) {
                missing.push(format!("{}: the reference describes `{name}`, which the format does not have", t.name));
            }
        }
    }
    assert!(missing.is_empty(), "docs/modding.md is out of step with the formats:\n{}", missing.join("\n"));
}

#[test]
fn the_reference_examples_of_the_tutorial_are_the_example_mod() {
    // The tutorial builds docs/example-mod; its manifest's id and pack are the ones named there.
    let doc = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/modding.md")).unwrap();
    let manifest = std::fs::read_to_string(example().join("mod.ron")).unwrap();
    assert!(manifest.contains("id: \"council_years\"") && doc.contains("id: \"council_years\""));
    assert!(doc.contains("extend: [(scenario: \"founding\", event_packs: [\"council_years\"])]"));
    assert!(manifest.contains("extend: [(scenario: \"founding\", event_packs: [\"council_years\"])]"));
}

#[test]
fn the_tutorial_builds_a_mod_that_loads_and_passes_its_test() {
    // Follow the tutorial: its first five RON blocks are the manifest, the pack, the `extend`
    // line, the codex file and the test file, in that order.
    let doc = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/modding.md")).unwrap();
    let blocks: Vec<&str> = doc.split("```ron\n").skip(1).filter_map(|b| b.split("```").next()).take(5).collect();
    assert_eq!(blocks.len(), 5);
    let dir = Scratch::new("tutorial");
    let manifest = blocks[0].trim_end().strip_suffix(')').expect("the manifest ends with )").to_string();
    dir.write("council_years/mod.ron", &format!("{manifest}{})\n", blocks[2]));
    dir.write(
        "council_years/events/council_years.ron",
        &blocks[1].replace("codex: [\"burden_sharing\"]", "codex: [\"burden_sharing\", \"three_wise_men\"]"),
    );
    dir.write("council_years/codex.ron", blocks[3]);
    dir.write("council_years/tests/council_years.ron", blocks[4]);
    let catalog = load(&[dir.path("council_years")], None);
    let m = report(&catalog, "council_years");
    assert_eq!(m.status, ModStatus::Loaded, "{:#?}", m.diagnostics);
    assert!(m.diagnostics.is_empty(), "{:#?}", m.diagnostics);
    let o = run(&["test-scenarios", dir.path("council_years").to_str().unwrap()], "");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.trim_end().ends_with("test-scenarios: 1 passed, 0 failed"), "{out}");
}

/// The broken mod the smoke run shows on the mods screen: each mistake gets its exact message and
/// place, the mod is left out, and the game goes on with the shipped scenarios.
#[test]
fn the_broken_mod_fixture_gets_every_message_and_is_left_out() {
    let o = run(&["validate", "tests/fixtures/mods/broken-mod"], "");
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let firsts: Vec<&str> = out.lines().filter(|l| l.starts_with("tests/")).collect();
    let file = "tests/fixtures/mods/broken-mod/events/pack.ron";
    assert_eq!(
        firsts,
        [
            format!("{file}:8:32: error: unknown member 'GER'"),
            format!("{file}:9:21: error: weight -5 must be above 0"),
            format!(
                "{file}:18:19: error: this event can never fire: its window 1960-01..1961-12 lies outside every scenario that uses it (founding 1949-04..1955-12)"
            ),
            format!("{file}:20:91: error: severity 140 is out of range"),
        ]
    );
    assert!(out.contains("= hint: did you mean 'DEU'?"), "{out}");
    let catalog = load(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mods/broken-mod")], None);
    assert!(matches!(report(&catalog, "broken_mod").status, ModStatus::LeftOut { .. }));
    assert_eq!(report(&catalog, "broken_mod").diagnostics.len(), 4);
    assert!(catalog.scenario("founding").is_some_and(|f| !f.events.iter().any(|e| e.id == "bonn_lobbies")));
}

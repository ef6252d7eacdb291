//! The historical content: every era with its events, every event with a note and a source,
//! every member's accession date as in the reference data, and the listings.

use article_five::scenario;
use article_five::sim::GameDate;

/// Accession dates of the 32 members, from the reference data (history.md §1, members_2024.csv).
const ACCESSIONS: [(&str, &str); 32] = [
    ("BEL", "1949-04-04"),
    ("CAN", "1949-04-04"),
    ("DNK", "1949-04-04"),
    ("FRA", "1949-04-04"),
    ("ISL", "1949-04-04"),
    ("ITA", "1949-04-04"),
    ("LUX", "1949-04-04"),
    ("NLD", "1949-04-04"),
    ("NOR", "1949-04-04"),
    ("PRT", "1949-04-04"),
    ("GBR", "1949-04-04"),
    ("USA", "1949-04-04"),
    ("GRC", "1952-02-18"),
    ("TUR", "1952-02-18"),
    ("DEU", "1955-05-06"),
    ("ESP", "1982-05-30"),
    ("CZE", "1999-03-12"),
    ("HUN", "1999-03-12"),
    ("POL", "1999-03-12"),
    ("BGR", "2004-03-29"),
    ("EST", "2004-03-29"),
    ("LVA", "2004-03-29"),
    ("LTU", "2004-03-29"),
    ("ROU", "2004-03-29"),
    ("SVK", "2004-03-29"),
    ("SVN", "2004-03-29"),
    ("ALB", "2009-04-01"),
    ("HRV", "2009-04-01"),
    ("MNE", "2017-06-05"),
    ("MKD", "2020-03-27"),
    ("FIN", "2023-04-04"),
    ("SWE", "2024-03-07"),
];

/// The eras and the grand campaign that must ship.
const SCENARIOS: [&str; 8] =
    ["founding", "cold_war", "after_wall", "first_article5", "deterrence", "ukraine_nordic", "today", "grand"];

#[test]
fn every_members_accession_date_matches_the_reference() {
    let catalog = scenario::load_catalog(&super::shipped());
    for (iso, date) in ACCESSIONS {
        let country =
            catalog.countries.iter().find(|c| c.iso.as_str() == iso).unwrap_or_else(|| panic!("{iso} missing"));
        assert_eq!(country.accession, Some(GameDate::parse(date).unwrap()), "{iso}");
    }
    let members = catalog.countries.iter().filter(|c| c.accession.is_some()).count();
    assert_eq!(members, 32, "exactly the 32 members have an accession date");
}

#[test]
fn every_era_ships_with_its_own_events() {
    let catalog = scenario::load_catalog(&super::shipped());
    for id in SCENARIOS {
        let content = catalog.scenario(id).unwrap_or_else(|| panic!("scenario {id} does not load"));
        let turns = content.turn_starts.len();
        assert!((10..=90).contains(&turns), "{id}: {turns} turns");
        if id == "grand" {
            assert!(content.scenario.event_packs.len() >= 7, "the grand campaign draws on every era's pack");
            continue;
        }
        // An era's own events: those in a pack named after it.
        let own = catalog.events.iter().filter(|e| e.pack == id).count();
        assert!(own >= 8, "{id} has only {own} events of its own");
        assert!(content.scenario.discussion.len() >= 3, "{id} needs discussion questions");
        assert!(content.scenario.objectives.iter().any(|o| o.required), "{id} needs a required objective");
    }
    assert!(catalog.events.len() >= 80, "only {} events in all", catalog.events.len());
    for e in &catalog.events {
        assert!(!e.note.trim().is_empty(), "{} has no note", e.id);
        assert!(!e.source.trim().is_empty(), "{} has no source", e.id);
        assert!(!e.themes.is_empty(), "{} has no theme", e.id);
    }
}

#[test]
fn every_theme_of_the_source_text_is_in_play() {
    let catalog = scenario::load_catalog(&super::shipped());
    for (theme, what) in scenario::validate::THEMES {
        let n = catalog.events.iter().filter(|e| e.themes.iter().any(|t| t == theme)).count();
        assert!(n >= 1, "no event covers '{theme}' ({what})");
    }
}

#[test]
fn article_five_triggers_are_in_the_data() {
    let catalog = scenario::load_catalog(&super::shipped());
    let era = catalog.scenario("first_article5").expect("first_article5 loads");
    let nine_eleven = era.events.iter().find(|e| e.id == "nine_eleven").expect("the 2001 attack ships");
    assert!(nine_eleven.always);
    assert!(nine_eleven.immediate.iter().any(|e| matches!(e, article_five::sim::content::Effect::Attack { severity, .. } if *severity >= era.scenario.article5_threshold)));
    let today = catalog.scenario("today").expect("today loads");
    let drones = today.events.iter().find(|e| e.id == "poland_drones_2025").expect("the 2025 drones ship");
    let below = |e: &article_five::sim::content::EventDef| {
        e.immediate.iter().chain(e.choices.iter().flat_map(|c| c.effects.iter())).any(|x| {
            matches!(x, article_five::sim::content::Effect::Attack { severity, .. } if *severity < today.scenario.article5_threshold)
        })
    };
    assert!(below(drones), "the drones over Poland are an Article 4 matter, below the Article 5 threshold");
}

#[test]
fn list_shows_every_era_and_every_event() {
    let out = super::run(&["list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for id in SCENARIOS {
        assert!(text.lines().any(|l| l.starts_with(&format!("{id}\t"))), "{id} not listed:\n{text}");
    }
    let out = super::run(&["list", "--events"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let catalog = scenario::load_catalog(&super::shipped());
    assert_eq!(text.lines().count(), catalog.events.len());
    assert!(text.lines().all(|l| l.split('\t').count() == 4));
}

/// Reference values the spending histories must carry, hard-coded from the reference data
/// (history.md §2a [N24] Table 3 and §4 [SIPRI]), rounded to two decimals as NATO prints them.
const SPENDING_REFERENCE: [(&str, u16, f64, &str); 5] = [
    ("POL", 2014, 1.88, "NATO 2024 edition, Table 3"),
    ("USA", 2014, 3.71, "NATO 2024 edition, Table 3"),
    ("LUX", 2014, 0.37, "NATO 2024 edition, Table 3"),
    ("GBR", 1953, 10.96, "SIPRI"),
    ("BEL", 1955, 3.97, "SIPRI 1950s mean (7 years)"),
];

#[test]
fn every_member_has_a_spending_history_from_the_reference() {
    let catalog = scenario::load_catalog(&super::shipped());
    for c in &catalog.countries {
        let iso = c.iso.as_str();
        let h = &c.spending_history;
        if c.accession.is_none() || iso == "ISL" {
            assert!(h.is_empty(), "{iso}: no history for non-members and Iceland (no armed forces)");
            continue;
        }
        assert!(h.len() >= 8, "{iso}: only {} points", h.len());
        assert!(h.windows(2).all(|w| w[0].year < w[1].year), "{iso}: years must increase");
        for p in h {
            assert!((1949..=2035).contains(&p.year) && (0.0..=15.0).contains(&p.pct), "{iso} {}", p.year);
            // Each point names its series: SIPRI up to 2010, NATO from 2014; never spliced.
            let series = if p.year <= 2010 { "SIPRI" } else { "NATO " };
            assert!(p.source.starts_with(series), "{iso} {}: {}", p.year, p.source);
        }
        // The 2024 point is the figure the database gives for 2024.
        let p2024 = h.iter().find(|p| p.year == 2024).unwrap_or_else(|| panic!("{iso}: no 2024 point"));
        assert_eq!(Some(p2024.pct), c.spending_2024_pct, "{iso}");
        assert!(p2024.source.ends_with("estimate"), "{iso}: 2024 is an estimate");
    }
    for (iso, year, pct, source) in SPENDING_REFERENCE {
        let c = catalog.countries.iter().find(|c| c.iso.as_str() == iso).unwrap();
        let p = c.spending_history.iter().find(|p| p.year == year).unwrap_or_else(|| panic!("{iso} {year}"));
        assert_eq!((p.pct, p.source.as_str()), (pct, source), "{iso} {year}");
    }
}

#[test]
fn a_broken_spending_history_gets_exact_messages_and_places() {
    let dir = std::env::temp_dir().join(format!("a5-content-{}-history", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = r#"(
    format_version: 1,
    countries: [
        (iso: "USA", name: "United States", accession: Some("1949-04-04"), region: NorthAmerica,
            spending_history: [
                (year: 1948, pct: 5.0, source: "SIPRI"),
                (year: 1990, pct: 5.61, source: "SIPRI"),
                (year: 1985, pct: 6.45, source: "SIPRI"),
                (year: 1990, pct: 5.61, source: "SIPRI"),
                (year: 2014, pct: -1.5, source: "NATO"),
                (year: 2015, pct: 3.5, source: " "),
                (year: 2016, pct: 3.49, source: "NATO"),
            ]),
    ],
)
"#;
    std::fs::write(dir.join("members.ron"), text).unwrap();
    let catalog = scenario::load_catalog(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let found: Vec<(String, String)> = catalog
        .diags
        .sorted()
        .iter()
        .filter(|d| d.path.ends_with("members.ron"))
        .map(|d| {
            let first = d.render(None).lines().next().unwrap_or("").to_string();
            let place = first.split("members.ron:").nth(1).unwrap_or("").to_string();
            (place, d.hint.clone().unwrap_or_default())
        })
        .collect();
    let expected = [
        ("6:24: error: spending history year 1948 is out of range", "expected a year between 1949 and 2035"),
        (
            "8:24: error: spending history years must increase: 1985 comes after 1990",
            "list the points oldest first, one per year",
        ),
        ("9:24: error: spending history year 1990 is given twice", "list the points oldest first, one per year"),
        ("10:35: error: negative defence spending (-1.5)", "expected a number between 0 and 15"),
        (
            "11:48: error: the spending history point for 2015 has no source",
            "name the series, e.g. \"SIPRI\" or \"NATO 2024 edition, Table 3\"",
        ),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(found, expected);
    // The good points are kept, in order; the broken ones are left out.
    let years: Vec<u16> = catalog.countries[0].spending_history.iter().map(|p| p.year).collect();
    assert_eq!(years, [1990, 2016]);
}

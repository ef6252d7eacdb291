//! Teaching: debriefs exported from real saves, the class report over a folder of students'
//! files, class codes with their typo checks and turn limits, and what-if replays.

use super::run;
use article_five::classroom::{self, ClassCode, ClassSettings, CodeError, Session, report};
use article_five::debrief::whatif::{self, Alteration, Continuation, WhatIf, WhatIfError};
use article_five::debrief::{self, Debrief, DecisionKind, Outcome};
use article_five::save;
use article_five::scenario::{self, Catalog};
use article_five::sim::{Campaign, Command, Content, policy};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| scenario::load_catalog(&super::shipped()))
}

fn content(id: &str) -> Arc<Content> {
    catalog().scenario(id).unwrap_or_else(|| panic!("{id} loads")).clone()
}

fn played(id: &str, policy_name: &str, seed: u64) -> Campaign {
    let content = content(id);
    let mut c = Campaign::new(content.clone(), seed, content.scenario.default_difficulty);
    let mut p = policy::policy_by_name(policy_name, seed).unwrap();
    policy::play(&mut c, p.as_mut());
    c
}

fn tmp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-five-teaching-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Text as the Markdown export escapes it.
fn md(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => vec!['\\', c],
            _ => vec![c],
        })
        .collect()
}

/// Text as the HTML export escapes it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// A minimal RFC 4180 reader for checking the class report.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn debriefs_of_real_saves_export_to_markdown_and_html() {
    let dir = tmp_dir("debrief");
    for (k, content) in catalog().scenarios.iter().enumerate() {
        let id = content.scenario.id.as_str();
        let campaign = played(id, "hawk", 10 + k as u64);
        let path = dir.join(format!("{id}.a5save"));
        classroom::save_student_game(&campaign, &path, "end", Some("Ada Lovelace"), None).unwrap();
        let loaded = save::load(&path, &catalog().scenarios).unwrap();
        assert_eq!(loaded.state_hash(), campaign.state_hash());

        let d = Debrief::of_save(&path, &catalog().scenarios).unwrap();
        assert_eq!(d.student.as_deref(), Some("Ada Lovelace"));
        assert_eq!(d.score, campaign.score());
        assert!((3..=5).contains(&d.discussion.len()), "{id}: {} questions", d.discussion.len());
        let decisions: Vec<_> = d.timeline.iter().flat_map(|t| &t.decisions).collect();
        assert_eq!(decisions.len(), campaign.state().decisions.len(), "{id}");

        debrief::write(&d, &dir.join(format!("{id}.md"))).unwrap();
        debrief::write(&d, &dir.join(format!("{id}.html"))).unwrap();
        let markdown = std::fs::read_to_string(dir.join(format!("{id}.md"))).unwrap();
        let page = std::fs::read_to_string(dir.join(format!("{id}.html"))).unwrap();

        assert!(markdown.starts_with(&format!("# Debrief: {}", md(&content.scenario.title))), "{id}");
        assert!(markdown.contains(&format!("**Score: {:.0}**", d.score.total)), "{id}");
        assert!(markdown.contains(&format!("## Outcome: {}", d.outcome.label())));
        assert!(markdown.contains("**Student:** Ada Lovelace"));
        for line in &d.score.lines {
            assert!(markdown.contains(&md(&line.label)), "{id}: score line {}", line.label);
        }
        for entry in &decisions {
            assert!(markdown.contains(&format!("| {} |", md(&entry.text))), "{id}: {}", entry.text);
            assert!(page.contains(&html(&entry.text)), "{id}: {}", entry.text);
        }
        for (n, q) in d.discussion.iter().enumerate() {
            assert!(markdown.contains(&format!("{}. {}", n + 1, md(q))), "{id}: {q}");
            assert!(page.contains(&format!("<li>{}</li>", html(q))), "{id}: {q}");
        }

        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains(&format!("Score <strong>{:.0}</strong>", d.score.total)));
        assert_eq!(page.matches("<svg").count(), 2, "{id}: two charts");
        assert!(page.contains("<polyline"));
        assert!(page.contains(">Cohesion</text>"), "{id}: a legend");
        let (first, last) = (content.scenario.start.year, content.scenario.end.year + 1);
        assert!((first..=last).filter(|y| page.contains(&format!(">{y}</text>"))).count() >= 2, "{id}: year labels");
        assert!(!page.contains("<link") && !page.contains(" src="), "{id}: self-contained");
        assert!(page.contains("@media print"));

        // The summary inside each export is what the class report reads.
        assert_eq!(debrief::read_summary(&dir.join(format!("{id}.md"))).unwrap(), d.summary());
        assert_eq!(debrief::read_summary(&dir.join(format!("{id}.html"))).unwrap(), d.summary());
    }
}

#[test]
fn the_debrief_of_a_historical_game_sets_choices_beside_history() {
    let d = Debrief::of(&played("founding", "historical", 4));
    let answers: Vec<_> =
        d.timeline.iter().flat_map(|t| &t.decisions).filter(|e| e.kind == DecisionKind::EventAnswer).collect();
    assert!(answers.len() >= 3);
    assert!(answers.iter().all(|e| e.as_history == Some(true)), "the historical policy answers as history did");
    assert!(answers.iter().all(|e| e.history.as_deref().is_some_and(|h| h.starts_with("The alliance chose: "))));
    assert!(d.key_decisions[0].ends_with("events answered as history did"), "{:?}", d.key_decisions);
    let markdown = debrief::to_markdown(&d);
    assert!(markdown.contains("✔ Same as history."));
    assert!(markdown.contains("*The real alliance in these years:*"));
}

#[test]
fn the_debrief_command_exports_a_save() {
    let dir = tmp_dir("debrief-cli");
    let save_path = dir.join("game.a5save");
    save::save(&played("founding", "dove", 3), &save_path, "x").unwrap();
    let (s, md_out, html_out) = (save_path.to_str().unwrap(), dir.join("out.md"), dir.join("report/out.html"));
    let o = run(&["debrief", s, "--out", md_out.to_str().unwrap(), "--student", "Grace Hopper"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&md_out).unwrap();
    assert!(text.contains("**Student:** Grace Hopper"));
    assert!(text.contains("## Questions for discussion"));
    let o = run(&["debrief", s, "--out", html_out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&html_out).unwrap().contains("<svg"));

    let o = run(&["debrief", s, "--out", dir.join("out.docx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("end it in .md for Markdown or .html"));
    let o = run(&["debrief", dir.join("missing.a5save").to_str().unwrap(), "--out", md_out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn the_class_report_gathers_a_folder_of_real_saves() {
    let dir = tmp_dir("class");
    let code =
        ClassCode::encode(&ClassSettings { scenario_id: "founding".into(), seed: 17, difficulty: 1, turn_limit: None })
            .unwrap();
    let setup = ClassCode::decode(code.as_str(), &catalog().scenarios).unwrap();
    let students = [("Ada", "historical"), ("Bram, Jr.", "hawk"), ("Chloé \"Clo\"", "dove"), ("=Dee", "passive")];
    let mut expected = Vec::new();
    for (name, player) in students {
        let mut c = setup.new_campaign();
        let mut p = policy::policy_by_name(player, 17).unwrap();
        // Ada also hands in the save of her first lesson; the finished game is the one that counts.
        if name == "Ada" {
            for _ in 0..5 {
                policy::play_turn(&mut c, p.as_mut());
            }
            classroom::save_student_game(&c, &dir.join("ada-lesson1.a5save"), "l1", Some(name), Some(&code)).unwrap();
        }
        policy::play(&mut c, p.as_mut());
        let file = format!("{}.a5save", player);
        classroom::save_student_game(&c, &dir.join(&file), "end", Some(name), Some(&code)).unwrap();
        expected.push((name, file, c.score().total, Outcome::of(&c), c.state().turn.min(c.total_turns())));
    }
    // A student who handed in the exported debrief instead of the save.
    let eve = played("founding", "random", 17);
    let eve_debrief = Debrief::of(&eve).with_student(Some("Eve")).with_class_code(Some(code.as_str()));
    debrief::write(&eve_debrief, &dir.join("eve.html")).unwrap();
    // Broken files: a damaged save, a cut-short save, and an unrelated page.
    std::fs::write(dir.join("broken.a5save"), b"ARTICLE-FIVE-SAVE 1\nchecksum 00 5\nabc").unwrap();
    let bytes = std::fs::read(dir.join("dove.a5save")).unwrap();
    std::fs::write(dir.join("half.a5save"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(dir.join("notes.md"), "# My notes\n").unwrap();
    std::fs::write(dir.join("ignored.txt"), "not read").unwrap();

    let rows = report::gather(&dir, &catalog().scenarios).unwrap();
    assert_eq!(rows.len(), 4 + 1 + 3, "{rows:#?}");
    for (name, file, score, outcome, turns) in &expected {
        let row = rows.iter().find(|r| r.student == *name).unwrap_or_else(|| panic!("a row for {name}"));
        assert_eq!(&row.file, file);
        assert_eq!(row.score, Some(*score));
        assert_eq!(row.outcome, Some(*outcome));
        assert_eq!(row.class_code, code.as_str());
        assert_eq!(row.turns_played, Some(*turns));
        assert!(row.problem.is_none());
        assert!(!row.key_decisions.is_empty());
    }
    let ada = rows.iter().find(|r| r.student == "Ada").unwrap();
    assert!(ada.notes.iter().any(|n| n == "also handed in: ada-lesson1.a5save"), "{:?}", ada.notes);
    let eve_row = rows.iter().find(|r| r.student == "Eve").unwrap();
    assert_eq!(eve_row.source, Some(report::Source::Debrief));
    assert_eq!(eve_row.score, Some(eve.score().total));
    for broken in ["broken", "half", "notes"] {
        let row = rows.iter().find(|r| r.student == broken).unwrap_or_else(|| panic!("a row for {broken}"));
        assert!(row.problem.is_some(), "{broken}");
    }
    assert!(rows.iter().find(|r| r.student == "half").unwrap().problem.as_deref().unwrap().contains("cut short"));

    // The same through the command line, read back as a spreadsheet would.
    let out = dir.join("results.csv");
    let o = run(&["class-report", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("3 file(s) could not be read"));
    let table = parse_csv(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(table[0], report::COLUMNS.map(String::from).to_vec());
    assert_eq!(table.len(), 1 + rows.len());
    assert!(table.iter().all(|r| r.len() == report::COLUMNS.len()));
    let col = |name: &str| report::COLUMNS.iter().position(|c| *c == name).unwrap();
    let row_of = |student: &str| table.iter().find(|r| r[col("student")] == student).cloned();
    let bram = row_of("Bram, Jr.").expect("quoted names survive");
    assert_eq!(bram[col("score")], format!("{:.0}", expected[1].2));
    assert_eq!(bram[col("outcome")], expected[1].3.label());
    assert!(row_of("Chloé \"Clo\"").is_some());
    assert!(row_of("'=Dee").is_some(), "a name that looks like a formula is defused");
    assert!(!row_of("broken").unwrap()[col("problem")].is_empty());
    // The report is not read back as a student's file the next time.
    let again = report::gather(&dir, &catalog().scenarios).unwrap();
    assert_eq!(again.len(), rows.len());
}

#[test]
fn class_codes_round_trip_for_every_scenario() {
    for (k, content) in catalog().scenarios.iter().enumerate() {
        let id = &content.scenario.id;
        classroom::check_installed(id, &catalog().scenarios).expect("no two shipped scenarios share a tag");
        let settings = ClassSettings {
            scenario_id: id.clone(),
            seed: (k as u64 * 137) % 1000,
            difficulty: content.scenario.default_difficulty,
            turn_limit: Some(k as u32 + 3),
        };
        let code = ClassCode::encode(&settings).unwrap();
        assert!(code.as_str().starts_with("A5-") && code.as_str().len() == 12, "{code}");
        assert!(!code.as_str()[3..].contains(['0', 'O', '1', 'I', 'L']), "{code}");
        let setup = ClassCode::decode(code.as_str(), &catalog().scenarios).unwrap();
        assert_eq!(&setup.scenario.scenario.id, id);
        assert_eq!(
            (setup.seed, setup.difficulty, setup.turn_limit),
            (settings.seed, settings.difficulty, settings.turn_limit)
        );
        // Typed loosely: lower case, spaces, no prefix.
        let loose = code.as_str()[3..].to_lowercase().replace('-', " ");
        assert_eq!(ClassCode::decode(&loose, &catalog().scenarios).unwrap().code, code);
        // The class's games are the same game.
        let (a, b) = (setup.new_campaign(), setup.new_campaign());
        assert_eq!(a.state_hash(), b.state_hash());
    }
}

#[test]
fn class_codes_catch_typos_and_missing_scenarios() {
    let code = ClassCode::encode(&ClassSettings {
        scenario_id: "cold_war".into(),
        seed: 7,
        difficulty: 0,
        turn_limit: Some(8),
    })
    .unwrap();
    let text = code.as_str();
    let symbols: Vec<char> = text.chars().collect();
    let replacement = if symbols[5] == 'Z' { 'Y' } else { 'Z' };
    let typo: String = symbols.iter().enumerate().map(|(i, c)| if i == 5 { replacement } else { *c }).collect();
    let e = ClassCode::decode(&typo, &catalog().scenarios).unwrap_err();
    assert_eq!(e, CodeError::Typo);
    assert!(e.to_string().contains("the code has a typo (checksum)"));
    let mut swapped = symbols.clone();
    swapped.swap(4, 5);
    if swapped != symbols {
        assert_eq!(
            ClassCode::decode(&swapped.iter().collect::<String>(), &catalog().scenarios).unwrap_err(),
            CodeError::Typo
        );
    }
    let others: Vec<Arc<Content>> =
        catalog().scenarios.iter().filter(|c| c.scenario.id != "cold_war").cloned().collect();
    let e = ClassCode::decode(text, &others).unwrap_err();
    assert_eq!(e, CodeError::NotInstalled);
    assert!(e.to_string().contains("this code is for a scenario that is not installed"));
    let with_o = text.replacen(symbols[4], "O", 1);
    assert!(ClassCode::decode(&with_o, &catalog().scenarios).unwrap_err().to_string().contains("no 'O'"));
    assert!(matches!(ClassCode::decode("A5-7KQM-3XP", &catalog().scenarios), Err(CodeError::WrongLength { found: 7 })));
    assert_eq!(ClassCode::decode("  ", &catalog().scenarios).unwrap_err(), CodeError::Empty);
    let too_big = ClassSettings { scenario_id: "founding".into(), seed: 1000, difficulty: 0, turn_limit: None };
    assert!(ClassCode::encode(&too_big).unwrap_err().to_string().contains("seed from 0 to 999"));
}

#[test]
fn the_class_code_command_makes_and_reads_codes() {
    let o =
        run(&["class-code", "--scenario", "founding", "--seed", "42", "--difficulty", "diplomat", "--turn-limit", "6"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let code = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(code.len(), 12, "{code}");
    let again =
        run(&["class-code", "--scenario", "founding", "--seed", "42", "--difficulty", "diplomat", "--turn-limit", "6"]);
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), code, "the same game gives the same code");
    let o = run(&["class-code", "--decode", &code.to_lowercase()]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("scenario:   founding (The Founding Years)"), "{out}");
    assert!(out.contains("seed:       42"));
    assert!(out.contains("difficulty: diplomat"));
    assert!(out.contains("turn limit: 6 turns per session"));
    let broken = format!("{}{}", &code[..11], if code.ends_with('Z') { 'Y' } else { 'Z' });
    let o = run(&["class-code", "--decode", &broken]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("typo (checksum)"));
    let o = run(&["class-code", "--scenario", "foundng"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean 'founding'?"));
}

#[test]
fn a_turn_limit_splits_a_game_across_lessons() {
    let code = ClassCode::encode(&ClassSettings {
        scenario_id: "founding".into(),
        seed: 5,
        difficulty: 1,
        turn_limit: Some(5),
    })
    .unwrap();
    let setup = ClassCode::decode(code.as_str(), &catalog().scenarios).unwrap();
    let dir = tmp_dir("lessons");
    let path = dir.join("zoe.a5save");
    let mut p = policy::policy_by_name("historical", 5).unwrap();

    // Lesson one: play until the limit stops the session, then save.
    let mut c = setup.new_campaign();
    let session = setup.session(&c);
    let mut played_turns = 0;
    while !session.limit_reached(c.state().turn) && !c.is_over() {
        policy::play_turn(&mut c, p.as_mut());
        played_turns += 1;
    }
    assert_eq!(played_turns, 5);
    classroom::save_student_game(&c, &path, "lesson 1", Some("Zoë"), Some(&setup.code)).unwrap();

    // Lesson two: the save brings back the class code, so the limit applies again from here.
    let file = save::read(&path).unwrap();
    assert_eq!(file.student.as_deref(), Some("Zoë"));
    let resumed_setup = ClassCode::decode(file.class_code.as_deref().unwrap(), &catalog().scenarios).unwrap();
    let mut c = file.into_campaign(&path, &catalog().scenarios).unwrap();
    let session = Session::starting(&c, resumed_setup.turn_limit);
    assert_eq!(session.started_at_turn, 5);
    assert_eq!(session.turns_left(c.state().turn), Some(5));
    while !session.limit_reached(c.state().turn) && !c.is_over() {
        policy::play_turn(&mut c, p.as_mut());
    }
    assert_eq!(c.state().turn, 10);

    // The split game is the game played in one go.
    let mut whole = setup.new_campaign();
    let mut p2 = policy::policy_by_name("historical", 5).unwrap();
    for _ in 0..10 {
        policy::play_turn(&mut whole, p2.as_mut());
    }
    assert_eq!(whole.state_hash(), c.state_hash());
}

#[test]
fn saves_without_a_student_still_load() {
    let c = played("founding", "passive", 2);
    let dir = tmp_dir("old-save");
    let path = dir.join("old.a5save");
    save::save(&c, &path, "old").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("\"student\""), "absent fields are not written");
    let file = save::read(&path).unwrap();
    assert_eq!((file.student, file.class_code), (None, None));
}

/// The first event answered in a game, with its turn and a choice other than the one taken.
fn first_answer(campaign: &Campaign) -> Option<(u32, String, usize)> {
    campaign.state().decisions.iter().find_map(|d| match &d.command {
        Command::AnswerEvent { event, choice } => {
            let def = &campaign.content().events[usize::from(campaign.content().event_index(event)?)];
            (def.choices.len() > 1).then(|| (d.turn, event.clone(), (choice + 1) % def.choices.len()))
        }
        _ => None,
    })
}

#[test]
fn a_what_if_is_deterministic_and_changing_nothing_changes_nothing() {
    let c = played("founding", "hawk", 21);
    let (turn, event, choice) = first_answer(&c).expect("an event with a choice");
    let request = whatif::answer_instead(&c, turn, &event, choice).unwrap();
    let a = whatif::run(&c, &request, &Continuation::PlayersCommands).unwrap();
    let b = whatif::run(&c, &request, &Continuation::PlayersCommands).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.original.state_hash, c.state_hash());
    assert_eq!(a.meters.len(), 6);
    assert_eq!(a.meters[0].original.len(), c.state().snapshots.len());
    assert!(a.to_markdown().contains("| Score |"));
    assert!(a.to_html().matches("<svg").count() == 6);

    // Replaying the player's own decision in its place rebuilds the very same game.
    let same = whatif::decisions_in_turn(&c, turn)[request.nth].command.clone();
    let unchanged = WhatIf { turn, nth: request.nth, change: Alteration::Replace(same) };
    let r = whatif::run(&c, &unchanged, &Continuation::PlayersCommands).unwrap();
    assert_eq!(r.alternative.state_hash, c.state_hash());
    assert!(r.skipped.is_empty());
    assert_eq!(r.first_difference, None);

    // The other way to go on: a scripted policy after the change.
    let p = whatif::run(&c, &request, &Continuation::Policy("historical".into())).unwrap();
    assert_ne!(p.alternative.outcome, Outcome::Unfinished);
}

#[test]
fn changing_one_decision_changes_the_game_for_some_seed() {
    let mut changed = 0;
    let mut outcomes_or_scores = 0;
    for seed in 0..12u64 {
        let c = played("founding", "historical", seed);
        let Some((turn, event, choice)) = first_answer(&c) else { continue };
        let request = whatif::answer_instead(&c, turn, &event, choice).unwrap();
        let r = whatif::run(&c, &request, &Continuation::PlayersCommands).unwrap();
        if r.alternative.state_hash != r.original.state_hash {
            changed += 1;
            assert!(r.first_difference.is_none_or(|t| t > turn), "the change shows after the turn it was made");
        }
        if r.alternative.score.total != r.original.score.total || r.alternative.outcome != r.original.outcome {
            outcomes_or_scores += 1;
        }
    }
    assert!(changed > 0 && outcomes_or_scores > 0, "{changed} games changed, {outcomes_or_scores} outcomes");
}

#[test]
fn what_if_requests_that_cannot_be_met_say_why() {
    let c = played("founding", "historical", 9);
    let bad = WhatIf { turn: 0, nth: 999, change: Alteration::Remove };
    assert!(matches!(whatif::run(&c, &bad, &Continuation::PlayersCommands), Err(WhatIfError::NoSuchDecision { .. })));
    assert!(matches!(whatif::answer_instead(&c, 0, "no_such_event", 0), Err(WhatIfError::EventNotAnswered { .. })));
    let (turn, event, _) = first_answer(&c).unwrap();
    let request = whatif::answer_instead(&c, turn, &event, 0).unwrap();
    // An action the rules refuse at that moment: inviting a country that is not a candidate.
    let refused = WhatIf {
        change: Alteration::Replace(Command::InviteCandidate {
            candidate: article_five::sim::Iso::new("USA").unwrap(),
        }),
        ..request.clone()
    };
    let e = whatif::run(&c, &refused, &Continuation::PlayersCommands).unwrap_err();
    assert!(matches!(e, WhatIfError::Refused(_)), "{e}");
    let e = whatif::run(&c, &request, &Continuation::Policy("reckless".into())).unwrap_err();
    assert!(e.to_string().contains("unknown policy 'reckless'"));
    // The alternatives offered are ones the rules accept.
    let options = whatif::alternatives(&c, turn, request.nth).unwrap();
    assert!(!options.is_empty());
    assert!(options.iter().all(|o| matches!(&o.command, Command::AnswerEvent { event: e, .. } if *e == event)));
    let first_action = c.state().decisions.iter().position(|d| !matches!(d.command, Command::AnswerEvent { .. }));
    if let Some(k) = first_action {
        let d = &c.state().decisions[k];
        let nth = c.state().decisions[..k].iter().filter(|x| x.turn == d.turn).count();
        let before = whatif::state_before(&c, d.turn, nth).unwrap();
        for option in whatif::alternatives(&c, d.turn, nth).unwrap() {
            assert!(before.preview(&option.command).is_ok(), "{}", option.text);
        }
    }
}

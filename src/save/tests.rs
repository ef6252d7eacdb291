//! Save files round-trip, and every way of being wrong gets its own message.

use super::*;
use crate::sim::policy;

fn founding() -> Arc<Content> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    crate::scenario::load_catalog(&root).scenario("founding").expect("founding loads").clone()
}

fn played(turns: usize) -> Campaign {
    let content = founding();
    let mut c = Campaign::new(content, 42, 1);
    let mut p = policy::policy_by_name("historical", 42).unwrap();
    for _ in 0..turns {
        policy::play_turn(&mut c, p.as_mut());
    }
    c
}

fn tmp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-five-save-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_saved_game_loads_to_the_same_state() {
    let c = played(5);
    let dir = tmp_dir("roundtrip");
    let path = dir.join("game.a5save");
    save(&c, &path, "test").unwrap();
    let loaded = load(&path, &[c.content().clone()]).unwrap();
    assert_eq!(loaded.state_hash(), c.state_hash());
}

#[test]
fn damaged_files_get_clear_messages() {
    let c = played(3);
    let bytes = SaveFile::of(&c, "x").to_bytes();
    let path = Path::new("game.a5save");
    let truncated = SaveFile::from_bytes(path, &bytes[..bytes.len() / 2]).unwrap_err();
    assert!(matches!(truncated, SaveError::Truncated { .. }), "{truncated}");
    assert!(truncated.to_string().contains("cut short"));
    let mut flipped = bytes.clone();
    let n = flipped.len() - 10;
    flipped[n] ^= 0x20;
    assert!(matches!(SaveFile::from_bytes(path, &flipped).unwrap_err(), SaveError::Corrupt { .. }));
    assert!(matches!(SaveFile::from_bytes(path, b"PK\x03\x04 a zip file").unwrap_err(), SaveError::NotASave { .. }));
    assert!(matches!(SaveFile::from_bytes(path, b"").unwrap_err(), SaveError::NotASave { .. }));
    let header = format!("ARTICLE-FIVE-SAVE {SAVE_VERSION}\n");
    assert!(bytes.starts_with(header.as_bytes()));
    let future = String::from_utf8_lossy(&bytes).replacen(&header, "ARTICLE-FIVE-SAVE 99\n", 1);
    let e = SaveFile::from_bytes(path, future.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("newer version"), "{e}");
}

#[test]
fn a_save_of_a_missing_scenario_says_so() {
    let c = played(1);
    let save = SaveFile::of(&c, "x");
    let e = save.into_campaign(Path::new("g.a5save"), &[]).unwrap_err();
    assert!(e.to_string().contains("'founding' is not installed"), "{e}");
}

#[test]
fn a_changed_scenario_is_rebuilt_from_the_commands() {
    let c = played(4);
    let mut save = SaveFile::of(&c, "x");
    save.content_hash ^= 1;
    let rebuilt = save.into_campaign(Path::new("g.a5save"), &[c.content().clone()]).unwrap();
    assert_eq!(rebuilt.state_hash(), c.state_hash());
}

#[test]
fn autosaves_keep_the_newest_few() {
    let dir = tmp_dir("autosave");
    let content = founding();
    let mut c = Campaign::new(content, 7, 1);
    let mut p = policy::policy_by_name("historical", 7).unwrap();
    assert!(!has_saves(&dir) && !has_saves(&dir.join("not-there")));
    std::fs::write(dir.join("notes.txt"), b"not a save").unwrap();
    assert!(!has_saves(&dir));
    for _ in 0..6 {
        autosave(&c, &dir, 3).unwrap();
        assert!(has_saves(&dir));
        policy::play_turn(&mut c, p.as_mut());
    }
    let saves = list_saves(&dir);
    assert_eq!(saves.len(), 3);
    assert!(saves.iter().all(|s| s.problem.is_none()));
    std::fs::write(dir.join("broken.a5save"), b"ARTICLE-FIVE-SAVE 1\nchecksum 00 5\nabc").unwrap();
    let saves = list_saves(&dir);
    assert_eq!(saves.iter().filter(|s| s.problem.is_some()).count(), 1);
}

#[test]
fn autosaves_after_loading_an_earlier_game_keep_the_new_ones() {
    let dir = tmp_dir("autosave-branch");
    let content = founding();
    let mut c = Campaign::new(content.clone(), 9, 1);
    let mut p = policy::policy_by_name("historical", 9).unwrap();
    for _ in 0..5 {
        policy::play_turn(&mut c, p.as_mut());
    }
    for _ in 0..3 {
        autosave(&c, &dir, 3).unwrap();
        policy::play_turn(&mut c, p.as_mut());
    }
    // The player goes back to turn 2 and plays on: its autosaves have lower turn numbers.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut earlier = Campaign::new(content, 9, 1);
    policy::play_turn(&mut earlier, p.as_mut());
    let newest = autosave(&earlier, &dir, 3).unwrap();
    let saves = list_saves(&dir);
    assert_eq!(saves.len(), 3);
    assert!(saves.iter().any(|s| s.path == newest), "the autosave just written was removed");
}

#[test]
fn temporary_files_of_interrupted_saves_are_cleared_on_the_next_save() {
    let dir = tmp_dir("stale");
    let path = dir.join("game.a5save");
    // No process has this id (Linux ids stop at 2^22).
    let stale = dir.join(temp_name("game.a5save", u32::MAX - 7));
    std::fs::write(&stale, b"ARTICLE-FIVE-SAVE 1\nchec").unwrap();
    // An autosave of another turn, interrupted: a different file name, the same folder.
    let other = dir.join(temp_name("autosave-founding-turn003.a5save", u32::MAX - 8));
    std::fs::write(&other, b"x").unwrap();
    let ours = dir.join(temp_name("other.a5save", std::process::id()));
    std::fs::write(&ours, b"x").unwrap();
    let unrelated = dir.join(".notes.tmp");
    std::fs::write(&unrelated, b"x").unwrap();
    save(&played(1), &path, "x").unwrap();
    assert!(!stale.exists() && !other.exists());
    assert!(ours.exists(), "a running process's temporary file is left alone");
    assert!(unrelated.exists(), "files not named like our temporary files are left alone");
    assert_eq!(list_saves(&dir).len(), 1);
}

#[test]
fn a_damaged_state_behind_a_good_checksum_is_refused_with_a_message() {
    let c = played(6);
    let content = c.content().clone();
    let load_with = |edit: &dyn Fn(&mut State)| {
        let mut save = SaveFile::of(&c, "x");
        edit(&mut save.state);
        let bytes = save.to_bytes();
        let read = SaveFile::from_bytes(Path::new("g.a5save"), &bytes).unwrap();
        read.into_campaign(Path::new("g.a5save"), std::slice::from_ref(&content)).map(|_| ()).unwrap_err().to_string()
    };
    let e = load_with(&|s| s.alliance.cohesion = 150.0);
    assert!(e.contains("damaged") && e.contains("cohesion is 150"), "{e}");
    let e = load_with(&|s| s.pending_events.push(u16::MAX));
    assert!(e.contains("pending event 65535 is out of range"), "{e}");
    let e = load_with(&|s| s.countries[0].public_support = 250.0);
    assert!(e.contains("public support is 250"), "{e}");
    let e = load_with(&|s| s.turn += 3);
    assert!(e.contains("turn reports") || e.contains("is not the start of turn"), "{e}");
    let e = load_with(&|s| {
        if let Some(r) = s.reports.last_mut() {
            r.news.push(crate::sim::ledger::News::Joined { country: 200 });
        }
    });
    assert!(e.contains("country 200 is out of range"), "{e}");
}

#[test]
fn a_refused_command_in_a_log_is_named() {
    let c = played(3);
    let mut log = c.state().command_log.clone();
    log.insert(1, crate::sim::Command::AnswerEvent { event: "no_such_event".into(), choice: 0 });
    let failure = replay_log(c.content(), 42, 1, &log).unwrap_err();
    assert_eq!(failure.index, 1);
    assert!(failure.to_string().starts_with("command 2 (AnswerEvent"), "{failure}");
    let same = replay_log(c.content(), 42, 1, &c.state().command_log).unwrap();
    assert_eq!(same.state_hash(), c.state_hash());
}

#[test]
fn a_state_with_a_nan_is_not_saved_over_a_good_file() {
    let dir = tmp_dir("nan");
    let path = dir.join("game.a5save");
    let good = played(2);
    save(&good, &path, "good").unwrap();
    let mut state = played(3).state().clone();
    state.alliance.legitimacy = f64::NAN;
    let bad = Campaign::from_state(good.content().clone(), state).unwrap();
    let e = save(&bad, &path, "bad").unwrap_err();
    assert!(e.to_string().contains("legitimacy is NaN"), "{e}");
    assert_eq!(read(&path).unwrap().label, "good");
}

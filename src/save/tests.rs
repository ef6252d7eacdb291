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
    let future = String::from_utf8_lossy(&bytes).replacen("ARTICLE-FIVE-SAVE 1", "ARTICLE-FIVE-SAVE 9", 1);
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
    for _ in 0..6 {
        autosave(&c, &dir, 3).unwrap();
        policy::play_turn(&mut c, p.as_mut());
    }
    let saves = list_saves(&dir);
    assert_eq!(saves.len(), 3);
    assert!(saves.iter().all(|s| s.problem.is_none()));
    std::fs::write(dir.join("broken.a5save"), b"ARTICLE-FIVE-SAVE 1\nchecksum 00 5\nabc").unwrap();
    let saves = list_saves(&dir);
    assert_eq!(saves.iter().filter(|s| s.problem.is_some()).count(), 1);
}

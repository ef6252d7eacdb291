//! Reliability: replays reproduce saved games, save fixtures of every released format load,
//! damaged files get clear messages, random play never breaks the rules' invariants, and
//! fuzzed saves and data files never panic.
//!
//! The counts are bounded for `cargo test`; the environment variables below raise them for the
//! full runs (in release: `cargo test --release --no-default-features --test all reliability`):
//! `A5_REPLAY_SEEDS` (seeds, each with every policy), `A5_CAMPAIGNS` (random campaigns per
//! scenario), `A5_SAVE_CASES` and `A5_DATA_CASES` (fuzz inputs). Each test prints its counts.

#[path = "../../fuzz/harness.rs"]
mod harness;

use super::run;
use article_five::save::{self, SaveError, SaveFile};
use article_five::scenario::{self, Catalog};
use article_five::sim::{Campaign, policy};
use harness::{DataOutcome, SaveOutcome};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

fn count(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn catalog() -> Catalog {
    let catalog = scenario::load_catalog(&super::shipped());
    // Other writers may be mid-edit: test what loaded, but there must be something.
    assert!(!catalog.scenarios.is_empty(), "no shipped scenario loads");
    catalog
}

/// Runs `work(k)` for k in 0..n on every core; returns the results in order.
fn parallel<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(n.max(1));
    let next = AtomicUsize::new(0);
    let results = Mutex::new((0..n).map(|_| None).collect::<Vec<Option<T>>>());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= n {
                        break;
                    }
                    let r = work(k);
                    results.lock().unwrap()[k] = Some(r);
                }
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|r| r.expect("every job ran")).collect()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saves")
}

fn tmp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-five-reliability-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------
// Replays

/// Every seed with every policy, on the scenarios in turn: the game is played and its command
/// log replayed from the seed, and the replay must equal the game. Every tenth seed also goes
/// through a save file's bytes, and there the hashes are compared, as `replay` does (hashing
/// serializes the whole state, so it is kept to a sample to keep the test quick).
#[test]
fn replays_reproduce_saved_games_for_every_policy() {
    let catalog = catalog();
    let seeds = count("A5_REPLAY_SEEDS", 200);
    let scenarios = &catalog.scenarios;
    let started = std::time::Instant::now();
    let turns = parallel(seeds, |seed| {
        let content = &scenarios[seed % scenarios.len()];
        let mut turns = 0;
        for name in policy::POLICY_NAMES {
            let seed = seed as u64;
            let mut game = Campaign::new(content.clone(), seed, content.scenario.default_difficulty);
            let mut player = policy::policy_by_name(name, seed).unwrap();
            policy::play(&mut game, player.as_mut());
            let what = format!("{} {name} seed {seed}", content.scenario.id);
            if seed.is_multiple_of(10) {
                let bytes = SaveFile::of(&game, "replay test").to_bytes();
                let saved = SaveFile::from_bytes(Path::new("replay.a5save"), &bytes).expect("a fresh save reads");
                let hash = game.state_hash();
                assert_eq!(article_five::sim::hash::state_hash(&saved.state), hash, "{what}: read back");
                let replayed = save::replay_log(content, saved.seed, saved.difficulty, &saved.state.command_log)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(replayed.state_hash(), hash, "{what}: replay differs");
            } else {
                let state = game.state();
                let replayed = save::replay_log(content, state.seed, state.difficulty, &state.command_log)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(replayed.state() == state, "{what}: replay differs");
            }
            turns += game.state().turn as usize;
        }
        turns
    });
    eprintln!(
        "replays: {seeds} seeds × {} policies = {} games ({} turns) over {} scenarios replayed identically in {:.1} s",
        policy::POLICY_NAMES.len(),
        seeds * policy::POLICY_NAMES.len(),
        turns.iter().sum::<usize>(),
        scenarios.len(),
        started.elapsed().as_secs_f64()
    );
}

/// The command-line path: `simulate --runs 1 --save FILE` then `replay FILE`.
#[test]
fn simulate_saves_and_replay_prints_the_same_hash() {
    let dir = tmp_dir("cli-replay");
    let file = dir.join("game.a5save");
    let file = file.to_str().unwrap();
    let catalog = catalog();
    let id = catalog.scenario("founding").map_or(catalog.scenarios[0].scenario.id.as_str(), |c| &c.scenario.id);
    let o = run(&["simulate", "--scenario", id, "--runs", "1", "--seed", "11", "--policy", "hawk", "--save", file]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed = String::from_utf8_lossy(&o.stdout);
    let simulated = printed.lines().find_map(|l| l.strip_prefix("state hash ")).expect("simulate prints a hash");
    let o = run(&["replay", file]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(out.lines().find_map(|l| l.strip_prefix("state hash ")), Some(simulated), "{out}");
    assert!(out.contains("the replay matches the saved state"), "{out}");
    let o = run(&["replay", "--json", file]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["matches"], true);
    assert_eq!(v["state_hash"], simulated);

    let o = run(&["simulate", "--scenario", id, "--runs", "2", "--save", file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--save writes one game, so it needs --runs 1"));
    let o = run(&["replay", "tests/fixtures/saves/v1-truncated.a5save"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cut short"), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A save whose log was tampered with: replay names the command and fails.
#[test]
fn replay_of_an_altered_game_fails_and_says_where() {
    let catalog = catalog();
    let content = catalog.scenario("founding").unwrap_or(&catalog.scenarios[0]);
    let mut game = Campaign::new(content.clone(), 5, content.scenario.default_difficulty);
    let mut player = policy::policy_by_name("historical", 5).unwrap();
    policy::play(&mut game, player.as_mut());
    let mut saved = SaveFile::of(&game, "x");
    // Another seed: the same commands no longer give the same game.
    saved.seed += 1;
    saved.state.seed += 1;
    let dir = tmp_dir("altered");
    let file = dir.join("altered.a5save");
    std::fs::write(&file, saved.to_bytes()).unwrap();
    let o = run(&["replay", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(said.contains("DIFFERS") || said.contains("was refused"), "{said}");
}

// ---------------------------------------------------------------------------------------------
// Fixtures: a save of every released format, and damaged copies

/// Every released format's fixture still reads (through the migrations), and loads into the
/// installed scenario or says clearly why it cannot.
#[test]
fn saves_of_every_released_format_load() {
    let catalog = catalog();
    for version in save::OLDEST_READABLE..=save::SAVE_VERSION {
        let path = fixtures().join(format!("v{version}-founding.a5save"));
        let saved = save::read(&path).unwrap_or_else(|e| panic!("format {version}: {e}"));
        assert_eq!(saved.scenario_id, "founding");
        assert_eq!(saved.seed, 1);
        assert!(!saved.state.command_log.is_empty());
        if let Some(content) = catalog.scenario("founding") {
            match save::load(&path, &catalog.scenarios) {
                Ok(mut game) => {
                    assert_eq!(game.content().scenario.id, "founding");
                    // Rebuilt from its commands, or taken as saved: either way it plays on.
                    if content.content_hash == saved.content_hash {
                        assert_eq!(game.state_hash(), article_five::sim::hash::state_hash(&saved.state));
                    }
                    harness::assert_invariants(&game, "the fixture");
                    let _ = game.apply(article_five::sim::Command::EndTurn);
                }
                // The scenario's files changed so much the commands no longer apply: a clear message.
                Err(e @ SaveError::ScenarioChanged { .. }) => assert!(e.to_string().contains("has changed")),
                Err(e) => panic!("format {version}: {e}"),
            }
        }
    }
}

/// Each damaged copy of the fixture gets its own clear message, and a folder holding them
/// all still lists the good save as loadable.
#[test]
fn damaged_and_foreign_files_get_clear_messages() {
    let expect: &[(&str, &str)] = &[
        ("v1-truncated.a5save", "the file is cut short (the game may have stopped while saving)"),
        ("v1-bitflip.a5save", "the file is damaged (checksum mismatch)"),
        ("v1-header-only.a5save", "the file is cut short"),
        ("v1-empty.a5save", "not an Article Five save file"),
        ("foreign-png.a5save", "not an Article Five save file"),
        ("foreign-json.a5save", "not an Article Five save file"),
        ("v99-future.a5save", "saved by a newer version of Article Five (save format 99; this version reads up to 2)"),
        ("v1-extra-bytes.a5save", "the file is damaged (extra bytes after the end)"),
    ];
    for (name, message) in expect {
        let e = save::read(&fixtures().join(name)).expect_err(name);
        assert!(e.to_string().contains(message), "{name}: {e}");
        assert!(e.to_string().starts_with(fixtures().join(name).to_str().unwrap()), "{name}: names the file: {e}");
    }
    let listed = save::list_saves(&fixtures());
    let good = listed.iter().filter(|s| s.problem.is_none()).count();
    assert_eq!(good, (save::OLDEST_READABLE..=save::SAVE_VERSION).count(), "{listed:#?}");
    assert_eq!(listed.len(), good + expect.len());
}

// ---------------------------------------------------------------------------------------------
// Invariants under random play

/// Random command sequences, legal and not, on every shipped scenario: no panic, every meter in
/// its range, no NaN or infinity, membership and dates consistent, checked after every command;
/// a refused command changes nothing.
#[test]
fn random_play_keeps_the_invariants_on_every_scenario() {
    let catalog = catalog();
    let per_scenario = count("A5_CAMPAIGNS", 12);
    let scenarios = &catalog.scenarios;
    let started = std::time::Instant::now();
    let n = per_scenario * scenarios.len();
    let tallies = parallel(n, |k| {
        let content = &scenarios[k % scenarios.len()];
        let seed = 0x1417_0000 + k as u64;
        let difficulty = k / scenarios.len() % content.scenario.difficulties.len().max(1);
        let mut game = Campaign::new(content.clone(), seed, difficulty);
        harness::assert_invariants(&game, "a new campaign");
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut accepted, mut refused, mut steps_this_turn) = (0usize, 0usize, 0);
        while !game.is_over() {
            if steps_this_turn >= harness::MAX_STEPS_PER_TURN {
                // A turn that cannot end: settle everything the plain way, as the policies do.
                let mut passive = policy::policy_by_name("passive", seed).unwrap();
                policy::play_turn(&mut game, passive.as_mut());
                harness::assert_invariants(&game, "after a settled turn");
                steps_this_turn = 0;
                continue;
            }
            steps_this_turn += 1;
            match harness::step_randomly(&mut game, &mut rng) {
                harness::Step::Accepted => accepted += 1,
                harness::Step::Refused => refused += 1,
                harness::Step::TurnEnded => {
                    accepted += 1;
                    steps_this_turn = 0;
                }
            }
        }
        assert!(game.state().turn <= game.total_turns() + 1);
        (game.state().turn as usize, accepted, refused)
    });
    let turns: usize = tallies.iter().map(|t| t.0).sum();
    let accepted: usize = tallies.iter().map(|t| t.1).sum();
    let refused: usize = tallies.iter().map(|t| t.2).sum();
    eprintln!(
        "invariants: {n} campaigns over {} scenarios, {turns} turns, {accepted} commands accepted and {refused} refused, all checked, in {:.1} s",
        scenarios.len(),
        started.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------
// Fuzzing, property-test form (cargo-fuzz targets in fuzz/ run the same harness)

/// Saves to start mutating from: a few points of a few campaigns, some with the Council
/// sitting or events pending.
fn base_saves(catalog: &Catalog) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (k, content) in catalog.scenarios.iter().enumerate().take(4) {
        let mut game = Campaign::new(content.clone(), k as u64, content.scenario.default_difficulty);
        let mut rng = ChaCha8Rng::seed_from_u64(k as u64);
        out.push(SaveFile::of(&game, "start").to_bytes());
        let mut council_saved = false;
        for _ in 0..400 {
            if game.is_over() || game.state().turn >= 4 {
                break;
            }
            harness::step_randomly(&mut game, &mut rng);
            if game.state().council.is_some() && !council_saved {
                out.push(SaveFile::of(&game, "council").to_bytes());
                council_saved = true;
            }
        }
        out.push(SaveFile::of(&game, "later").to_bytes());
    }
    out
}

/// Saves with random damage, raw (most stop at the header or the checksum) and with a correct
/// checksum around edited JSON (which reach the reader, the state checks and play): no panic,
/// and every refusal is one of the clear messages.
#[test]
fn fuzzed_saves_never_panic() {
    let catalog = catalog();
    let bases = base_saves(&catalog);
    let bodies: Vec<serde_json::Value> = bases
        .iter()
        .map(|b| {
            let start = b.iter().enumerate().filter(|(_, c)| **c == b'\n').nth(1).unwrap().0 + 1;
            serde_json::from_slice(&b[start..]).unwrap()
        })
        .collect();
    let cases = count("A5_SAVE_CASES", 800);
    let started = std::time::Instant::now();
    let outcomes = parallel(cases, |k| {
        let mut rng = ChaCha8Rng::seed_from_u64(0x5A7E_0000 + k as u64);
        let base = k % bases.len();
        let bytes = match k % 4 {
            // Raw edits of the whole file.
            0 => {
                let mut out = Vec::new();
                harness::mutate_bytes(&bases[base], &mut rng, &mut out);
                out
            }
            // Raw edits of the body behind a correct header.
            1 => {
                let start = bases[base].iter().enumerate().filter(|(_, c)| **c == b'\n').nth(1).unwrap().0 + 1;
                let mut out = Vec::new();
                harness::mutate_bytes(&bases[base][start..], &mut rng, &mut out);
                harness::with_header(&out)
            }
            // Edited JSON behind a correct header.
            _ => harness::with_header(&serde_json::to_vec(&harness::mutate_json(&bodies[base], &mut rng)).unwrap()),
        };
        harness::load_save(&bytes, &catalog.scenarios)
    });
    let mut by_outcome: BTreeMap<SaveOutcome, usize> = BTreeMap::new();
    for o in outcomes {
        *by_outcome.entry(o).or_default() += 1;
    }
    eprintln!("save fuzz: {cases} inputs in {:.1} s: {by_outcome:?}", started.elapsed().as_secs_f64());
    assert!(by_outcome.get(&SaveOutcome::Loaded).copied().unwrap_or(0) > 0, "no fuzzed save reached play");
}

/// Shipped data files with random damage. One input in ten replaces a whole file and is read and
/// validated beside the files it belongs with, and a scenario that still validates is played
/// and checked; the others are a damaged stretch of up to 4 KiB of a shipped file, read as every
/// kind of data file (quick, so that many odd shapes reach the reader). No panic.
#[test]
fn fuzzed_data_files_never_panic() {
    /// Longest stretch of a file the reader-only inputs take, in bytes.
    const STRETCH: usize = 4096;
    let set = harness::DataSet::read(&super::shipped());
    assert!(!set.groups.is_empty());
    let cases = count("A5_DATA_CASES", 300);
    let started = std::time::Instant::now();
    let outcomes = parallel(cases, |k| {
        let mut rng = ChaCha8Rng::seed_from_u64(0xDA7A_0000 + k as u64);
        let group = rng.random_range(0..set.groups.len());
        let member = rng.random_range(0..set.groups[group].len());
        let mut base = set.files[set.groups[group][member]].text.as_bytes();
        let whole = k % 10 == 0;
        if !whole {
            let from = rng.random_range(0..base.len());
            base = &base[from..(from + rng.random_range(1..STRETCH)).min(base.len())];
        }
        let mut out = Vec::new();
        harness::mutate_bytes(base, &mut rng, &mut out);
        let text = String::from_utf8_lossy(&out);
        if whole {
            Some(set.check(group, member, &text, k as u64))
        } else {
            harness::read_as_every_type(&text);
            None
        }
    });
    let validated = outcomes.iter().filter(|o| o.is_some()).count();
    let played = outcomes.iter().filter(|o| **o == Some(DataOutcome::Played)).count();
    eprintln!(
        "data fuzz: {cases} inputs in {:.1} s: {} stretches read as every file type; {validated} whole files read and validated, of which {played} still validated and were played",
        started.elapsed().as_secs_f64(),
        cases - validated
    );
}

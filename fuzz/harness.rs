//! What one fuzz input does, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`), the
//! property tests (`tests/all/reliability.rs`) and the soak run (`examples/soak.rs`):
//!
//! - [`load_save`]: a save file's bytes go through the loader the way the game reads them, and
//!   whatever loads is played on and checked;
//! - [`DataSet::check`]: a data file's text is read into the raw types and validated beside the
//!   shipped files it belongs with, and a scenario that validates is played and checked;
//! - [`step_randomly`]: one random command, legal or not, for invariant tests and the soak.
//!
//! Every function here panics only when the game is wrong: a panic in the loader, the reader,
//! the validator or the rules, or a state that breaks [`save::check_state`].

#![allow(dead_code)]

use article_five::save::{self, SaveError, SaveFile};
use article_five::scenario::load::{self, FileKind, Parsed};
use article_five::scenario::raw::{CodexFile, EventPackFile, MemberDbFile, ScenarioFile};
use article_five::scenario::ron_reader::{self, Limits};
use article_five::sim::council::CouncilPhase;
use article_five::sim::policy;
use article_five::sim::{Campaign, Command, Content};
use rand::{Rng, RngExt};
use std::path::Path;
use std::sync::Arc;

/// Turns a loaded or fuzzed campaign is played on, enough to reach events, a council and a
/// turn's end without making each input slow.
pub const TURNS_PLAYED_ON: usize = 2;

/// How a save input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SaveOutcome {
    NotASave,
    TooLarge,
    Truncated,
    Corrupt,
    FutureVersion,
    UnknownScenario,
    ScenarioChanged,
    /// Loaded, played on, and checked.
    Loaded,
}

/// Panics with the state's problem if it breaks an invariant.
pub fn assert_invariants(campaign: &Campaign, context: &str) {
    if let Err(problem) = save::check_state(campaign.content(), campaign.state()) {
        panic!("{context}: invariant broken: {problem}");
    }
}

/// Reads a save's bytes as the game does; a save that loads is checked, played on for a few
/// turns with the random policy, and checked after each.
pub fn load_save(bytes: &[u8], scenarios: &[Arc<Content>]) -> SaveOutcome {
    let path = Path::new("fuzz.a5save");
    let loaded = SaveFile::from_bytes(path, bytes).and_then(|s| s.into_campaign(path, scenarios));
    let mut campaign = match loaded {
        Ok(c) => c,
        Err(e) => {
            // Every refusal must say what is wrong in words.
            assert!(!e.to_string().is_empty());
            return match e {
                SaveError::NotASave { .. } => SaveOutcome::NotASave,
                SaveError::TooLarge { .. } => SaveOutcome::TooLarge,
                SaveError::Truncated { .. } => SaveOutcome::Truncated,
                SaveError::Corrupt { .. } => SaveOutcome::Corrupt,
                SaveError::FutureVersion { .. } => SaveOutcome::FutureVersion,
                SaveError::UnknownScenario { .. } => SaveOutcome::UnknownScenario,
                SaveError::ScenarioChanged { .. } => SaveOutcome::ScenarioChanged,
                SaveError::Io { .. } | SaveError::Unsaveable { .. } => unreachable!("no file is written"),
            };
        }
    };
    assert_invariants(&campaign, "a loaded save");
    let _ = campaign.state_hash();
    let _ = campaign.score();
    let mut player = policy::policy_by_name("random", campaign.state().seed).expect("the random policy exists");
    for _ in 0..TURNS_PLAYED_ON {
        if campaign.is_over() {
            break;
        }
        policy::play_turn(&mut campaign, player.as_mut());
        assert_invariants(&campaign, "a loaded save played on");
    }
    SaveOutcome::Loaded
}

/// The bytes of a save file around `body`, with a correct header, length and checksum, so that
/// a fuzzer's body reaches the JSON reader and the state checks instead of the checksum test.
pub fn with_header(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "{} {}\nchecksum {:016x} {}\n",
        save::MAGIC,
        save::SAVE_VERSION,
        article_five::sim::hash::fnv1a(body),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A data file of the shipped set.
#[derive(Clone, Debug)]
pub struct DataFile {
    pub path: String,
    pub kind: FileKind,
    pub text: String,
}

/// The shipped data files, grouped by scenario: each group is the member database, one
/// scenario file and the event packs it names, so that a change to any of them is validated
/// against the others.
#[derive(Clone, Debug, Default)]
pub struct DataSet {
    pub files: Vec<DataFile>,
    /// Per scenario, indices into `files`.
    pub groups: Vec<Vec<usize>>,
}

/// How a data input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataOutcome {
    /// The reader or the validator refused the files.
    Refused,
    /// The scenario validated, and was played and checked.
    Played,
}

impl DataSet {
    /// Reads the data folder `root` (without the codex, which only adds links to check).
    pub fn read(root: &Path) -> DataSet {
        let limits = Limits::default();
        let mut set = DataSet::default();
        let add = |path: &Path, kind: FileKind, set: &mut DataSet| -> Option<usize> {
            let text = std::fs::read_to_string(path).ok()?;
            set.files.push(DataFile { path: path.display().to_string(), kind, text });
            Some(set.files.len() - 1)
        };
        let Some(db) = add(&root.join("members.ron"), FileKind::MemberDb, &mut set) else { return set };
        let mut diags = Default::default();
        let mut packs: Vec<(String, usize)> = Vec::new();
        for path in load::ron_files(&root.join("events"), &mut diags) {
            let Some(i) = add(&path, FileKind::EventPack, &mut set) else { continue };
            if let Ok(pack) = ron_reader::from_str::<EventPackFile>(&set.files[i].text, &limits) {
                packs.push((pack.id.value, i));
            }
        }
        for path in load::ron_files(&root.join("eras"), &mut diags) {
            let Some(i) = add(&path, FileKind::Scenario, &mut set) else { continue };
            let Ok(scenario) = ron_reader::from_str::<ScenarioFile>(&set.files[i].text, &limits) else { continue };
            let mut group = vec![db, i];
            for name in &scenario.event_packs {
                group.extend(packs.iter().filter(|(id, _)| *id == name.value).map(|(_, k)| *k));
            }
            set.groups.push(group);
        }
        set
    }

    /// Reads and validates group `group` with its `member`-th file replaced by `text`; a scenario
    /// that validates is played for a few turns and checked. Refusals must carry positions
    /// inside the text.
    pub fn check(&self, group: usize, member: usize, text: &str, seed: u64) -> DataOutcome {
        let group = &self.groups[group % self.groups.len()];
        let replaced = group[member % group.len()];
        read_as_every_type(text);
        let mut parsed = Parsed::default();
        for &i in group {
            let file = &self.files[i];
            let body = if i == replaced { text.to_string() } else { file.text.clone() };
            load::add_text(&mut parsed, file.path.clone(), body, file.kind);
        }
        let catalog = article_five::scenario::validate::validate(parsed);
        for d in &catalog.diags.list {
            assert!(!d.message.is_empty(), "a diagnostic without a message");
        }
        let mut outcome = DataOutcome::Refused;
        for content in &catalog.scenarios {
            play_and_check(content, seed, TURNS_PLAYED_ON);
            outcome = DataOutcome::Played;
        }
        outcome
    }
}

/// Reads `text` as each kind of data file; an error must point inside the text.
pub fn read_as_every_type(text: &str) {
    let limits = Limits::default();
    fn one<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits) {
        if let Err(e) = ron_reader::from_str::<T>(text, limits) {
            assert!(e.span.start <= e.span.end && e.span.end <= text.len(), "{e:?} outside {} bytes", text.len());
        }
    }
    one::<ScenarioFile>(text, &limits);
    one::<EventPackFile>(text, &limits);
    one::<MemberDbFile>(text, &limits);
    one::<CodexFile>(text, &limits);
}

/// Plays a campaign of `content` for up to `turns` turns with random legal and illegal commands,
/// checking the invariants after every accepted command.
pub fn play_and_check(content: &Arc<Content>, seed: u64, turns: usize) {
    let difficulty = (seed as usize) % content.scenario.difficulties.len().max(1);
    let mut campaign = Campaign::new(content.clone(), seed, difficulty);
    assert_invariants(&campaign, "a new campaign");
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
    let stop = campaign.state().turn as usize + turns;
    let mut steps = 0;
    while !campaign.is_over() && (campaign.state().turn as usize) < stop && steps < MAX_STEPS_PER_TURN * turns {
        steps += 1;
        step_randomly(&mut campaign, &mut rng);
    }
}

/// Most commands tried in one turn of random play before the turn is ended.
pub const MAX_STEPS_PER_TURN: usize = 60;

/// What one random step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Accepted,
    Refused,
    /// The turn was ended.
    TurnEnded,
}

/// Applies one random command: mostly legal ones (the Council's steps while it sits, answers to
/// pending events, panel actions, ending the turn), sometimes nonsense that must be refused.
/// Checks the invariants after it and that a refused command changed nothing.
pub fn step_randomly(campaign: &mut Campaign, rng: &mut impl Rng) -> Step {
    let command = random_command(campaign, rng);
    let is_end = matches!(command, Command::EndTurn);
    // Comparing whole states is dear; a sample of refusals is enough to catch a half-applied one.
    let before = (rng.random_range(0..16) == 0).then(|| campaign.state().clone());
    match campaign.apply(command.clone()) {
        Ok(_) => {
            assert_invariants(campaign, &format!("after {command:?}"));
            if is_end { Step::TurnEnded } else { Step::Accepted }
        }
        Err(refusal) => {
            assert!(!refusal.0.is_empty(), "{command:?} refused without a reason");
            if let Some(before) = before {
                assert!(*campaign.state() == before, "{command:?} was refused ({refusal}) but changed the state");
            }
            if is_end && campaign.state().council.is_none() && campaign.state().pending_events.is_empty() {
                panic!("EndTurn refused with nothing pending: {refusal}");
            }
            Step::Refused
        }
    }
}

fn random_command(campaign: &Campaign, rng: &mut impl Rng) -> Command {
    let content = campaign.content();
    let state = campaign.state();
    let iso_of = |i: u8| content.countries[usize::from(i)].iso;
    let any_country = |rng: &mut dyn FnMut(usize) -> usize| {
        if content.countries.is_empty() { None } else { Some(content.countries[rng(content.countries.len())].iso) }
    };
    let mut below = |n: usize| if n == 0 { 0 } else { rng.random_range(0..n) };
    // One command in twenty is anything at all, to check that refusals are clean.
    if below(20) == 0 {
        return match below(6) {
            0 => Command::AnswerEvent { event: "no_such_event".into(), choice: below(4) },
            1 => Command::HoldSummit { pledge: Some([-1.0, 0.0, 99.0, 1e300][below(4)]) },
            2 => Command::InvokeArticleFive,
            3 => Command::CloseCouncil,
            4 => Command::DeepenPartnership { partner: "nobody".into() },
            _ => match any_country(&mut below) {
                Some(member) => Command::RequestContribution { member },
                None => Command::EndTurn,
            },
        };
    }
    if let Some(council) = &state.council {
        let member =
            (!council.positions.is_empty()).then(|| iso_of(council.positions[below(council.positions.len())].country));
        return match (council.phase, below(4), member) {
            (CouncilPhase::Consultation, 0, Some(member)) => Command::CouncilPersuade { member },
            (CouncilPhase::Consultation, 1, _) => Command::ConsultOnly,
            (CouncilPhase::Consultation, _, _) => Command::InvokeArticleFive,
            (CouncilPhase::Responses, 0, Some(member)) => Command::RequestContribution { member },
            (CouncilPhase::Responses, _, _) => Command::CloseCouncil,
        };
    }
    if let Some(&event) = state.pending_events.first() {
        let def = &content.events[usize::from(event)];
        // Now and then a choice past the last one, which must be refused.
        let past_the_last = usize::from(below(10) == 0);
        let choice = below(def.choices.len() + past_the_last);
        return Command::AnswerEvent { event: def.id.clone(), choice };
    }
    if below(4) == 0 {
        return Command::EndTurn;
    }
    let options = policy::random_commands(campaign);
    let pick = below(options.len());
    options.into_iter().nth(pick).unwrap_or(Command::EndTurn)
}

/// Small random edits of a byte string: flips, insertions, deletions, cuts, pasted and deleted
/// stretches, and numbers swapped for extreme ones.
pub fn mutate_bytes(base: &[u8], rng: &mut impl Rng, out: &mut Vec<u8>) {
    const ALPHABET: &[u8] = b"()[]{},:\"'#!r/*\\_-+.0123456789eExabcSomeNnT \n\t";
    const NUMBERS: &[&str] =
        &["0", "-1", "1e308", "-1e308", "255", "256", "65535", "65536", "4294967296", "18446744073709551616", "0.5"];
    out.clear();
    out.extend_from_slice(base);
    for _ in 0..rng.random_range(1..4) {
        let at = rng.random_range(0..=out.len());
        match rng.random_range(0..7) {
            0 if at < out.len() => out[at] ^= 1 << rng.random_range(0..8),
            1 => out.insert(at, ALPHABET[rng.random_range(0..ALPHABET.len())]),
            2 if at < out.len() => {
                out.remove(at);
            }
            3 => out.truncate(at),
            4 if !base.is_empty() => {
                let from = rng.random_range(0..base.len());
                let end = (from + rng.random_range(1..200)).min(base.len());
                out.splice(at..at, base[from..end].iter().copied());
            }
            5 => {
                // Replace the number at or after `at` with an extreme one.
                let Some(start) = out[at..].iter().position(u8::is_ascii_digit).map(|p| p + at) else { continue };
                let end = out[start..]
                    .iter()
                    .position(|b| !b.is_ascii_digit() && *b != b'.')
                    .map_or(out.len(), |p| p + start);
                let number = NUMBERS[rng.random_range(0..NUMBERS.len())];
                out.splice(start..end, number.bytes());
            }
            _ => {
                let end = (at + rng.random_range(1..60)).min(out.len());
                out.drain(at..end);
            }
        }
    }
}

/// Random edits of a save's JSON body that keep it JSON: numbers made extreme, strings changed,
/// list entries dropped, duplicated or emptied, fields removed. Returns the edited body.
pub fn mutate_json(body: &serde_json::Value, rng: &mut impl Rng) -> serde_json::Value {
    let mut value = body.clone();
    for _ in 0..rng.random_range(1..4) {
        edit_somewhere(&mut value, rng);
    }
    value
}

fn edit_somewhere(value: &mut serde_json::Value, rng: &mut impl Rng) {
    use serde_json::Value;
    // Walk down to a random node; stop early now and then so containers get edited too.
    let mut node = value;
    loop {
        let stop = rng.random_range(0..8) == 0;
        let next = match node {
            Value::Array(items) if !items.is_empty() && !stop => {
                let k = rng.random_range(0..items.len());
                Some(k)
            }
            Value::Object(map) if !map.is_empty() && !stop => Some(rng.random_range(0..map.len())),
            _ => None,
        };
        let Some(k) = next else { break };
        node = match node {
            Value::Array(items) => &mut items[k],
            Value::Object(map) => map.values_mut().nth(k).expect("index inside the map"),
            _ => unreachable!(),
        };
    }
    const NUMBERS: &[f64] = &[0.0, -1.0, 1e308, -1e308, 255.0, 256.0, 65535.0, 65536.0, 4294967296.0, 0.5, 100.000001];
    match node {
        Value::Number(_) | Value::Null => {
            *node = match rng.random_range(0..4) {
                0 => Value::from(rng.random::<u64>() % 300),
                1 => Value::from(u64::MAX),
                2 => Value::from(-(rng.random::<i64>() % 1000).abs() - 1),
                _ => Value::from(NUMBERS[rng.random_range(0..NUMBERS.len())]),
            };
        }
        Value::Bool(b) => *b = !*b,
        Value::String(s) => {
            const WORDS: &[&str] =
                &["", "founding", "USA", "XXX", "Member", "Candidate", "EndTurn", "1949-13", "9999-01"];
            *s = WORDS[rng.random_range(0..WORDS.len())].to_string();
        }
        Value::Array(items) => match rng.random_range(0..4) {
            0 => items.clear(),
            1 if !items.is_empty() => {
                items.remove(rng.random_range(0..items.len()));
            }
            _ if !items.is_empty() => {
                let copy = items[rng.random_range(0..items.len())].clone();
                items.push(copy);
            }
            _ => items.push(Value::from(0)),
        },
        Value::Object(map) => {
            if let Some(key) = map.keys().nth(rng.random_range(0..map.len().max(1))).cloned() {
                map.remove(&key);
            }
        }
    }
}

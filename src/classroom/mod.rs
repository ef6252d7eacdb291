//! Teaching with the game in a class: class codes that make every student play the same game,
//! a turn limit per lesson, saving a student's game with their name, and the class report that
//! gathers the students' files into one table (`report`).
//!
//! A class code looks like `A5-7KQM-3XPD`: "A5", then eight symbols from an alphabet of 31
//! (the digits 2–9 and the capital letters without I, L and O, so nothing can be misread). Six
//! symbols carry the game (scenario, seed, difficulty, turn limit) and two are check symbols
//! that catch every single mistyped symbol and every swap of two symbols.

pub mod report;

use crate::save::{SaveError, SaveFile};
use crate::sim::hash::fnv1a;
use crate::sim::{Campaign, Content};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The symbols of a class code, in value order.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// The fixed start of every code.
const PREFIX: &str = "A5";
/// Symbols that carry the game, and check symbols after them.
const DATA_SYMBOLS: usize = 6;
const CODE_SYMBOLS: usize = DATA_SYMBOLS + 2;
/// Values each field can take. Their product must stay below 31^6 = 887,503,681.
const SCENARIO_TAGS: u64 = 7000;
/// Seeds a class code can carry: 0–999 (a class needs a shared game, not a particular one).
pub const MAX_CODE_SEED: u64 = 999;
const SEEDS: u64 = MAX_CODE_SEED + 1;
/// Difficulty levels a class code can carry (index 0–3).
const DIFFICULTIES: u64 = 4;
/// Longest turn limit per session; 0 in the code means no limit.
pub const MAX_TURN_LIMIT: u32 = 30;
const TURN_LIMITS: u64 = MAX_TURN_LIMIT as u64 + 1;
/// 31^6: the number of values six symbols hold.
const DATA_SPACE: u64 = 887_503_681;
/// Spreads the packed value over the whole space, so that neighbouring seeds give codes that
/// look nothing alike (coprime to 31, hence invertible modulo 31^6).
const SPREAD: u64 = 500_000_003;
// Every packed value fits in six symbols, and the spread can be undone.
const _: () = assert!(SCENARIO_TAGS * SEEDS * DIFFICULTIES * TURN_LIMITS <= DATA_SPACE);
const _: () = assert!(!SPREAD.is_multiple_of(31));

/// What a class code fixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassSettings {
    pub scenario_id: String,
    pub seed: u64,
    /// Index into the scenario's difficulty levels.
    pub difficulty: usize,
    /// Most turns a student plays in one session (lesson), if limited.
    pub turn_limit: Option<u32>,
}

/// A checked class code, written the canonical way (`A5-7KQM-3XPD`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClassCode(String);

/// A decoded class code matched with an installed scenario: everything needed to start the game.
#[derive(Clone, Debug)]
pub struct ClassSetup {
    pub code: ClassCode,
    pub scenario: Arc<Content>,
    pub seed: u64,
    pub difficulty: usize,
    pub turn_limit: Option<u32>,
}

impl ClassSetup {
    /// A new campaign of this class's game.
    pub fn new_campaign(&self) -> Campaign {
        Campaign::new(self.scenario.clone(), self.seed, self.difficulty)
    }

    /// The session limit for a session starting now on `campaign` (a new game or a resumed save).
    pub fn session(&self, campaign: &Campaign) -> Session {
        Session::starting(campaign, self.turn_limit)
    }
}

/// Why a class code could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    /// A symbol that class codes never use.
    BadSymbol {
        symbol: char,
    },
    WrongLength {
        found: usize,
    },
    /// The check symbols do not fit: a typo.
    Typo,
    /// No installed scenario has this code's scenario.
    NotInstalled,
    /// More than one installed scenario fits (two mods whose ids share a tag).
    Ambiguous {
        scenarios: Vec<String>,
    },
    /// The scenario has no such difficulty level (it differs from the teacher's version).
    NoSuchDifficulty {
        scenario: String,
        index: usize,
    },
    /// A value too large for a class code (when making one).
    OutOfRange {
        what: &'static str,
        max: u64,
    },
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "type the class code your teacher gave you (like A5-7KQM-3XPD)"),
            CodeError::BadSymbol { symbol: c @ ('0' | 'O' | 'o') } => write!(
                f,
                "class codes have no '{c}': neither the digit 0 nor the letter O is used, so check that symbol against your teacher's code"
            ),
            CodeError::BadSymbol { symbol: c @ ('1' | 'I' | 'i' | 'L' | 'l') } => write!(
                f,
                "class codes have no '{c}': the digit 1 and the letters I and L are never used, so check that symbol against your teacher's code"
            ),
            CodeError::BadSymbol { symbol } => {
                write!(f, "'{symbol}' is not used in class codes; they have only the digits 2–9 and capital letters")
            }
            CodeError::WrongLength { found } => write!(
                f,
                "a class code has 8 letters and digits after \"A5-\" (like A5-7KQM-3XPD); this one has {found}"
            ),
            CodeError::Typo => {
                write!(f, "the code has a typo (checksum): compare it symbol by symbol with your teacher's code")
            }
            CodeError::NotInstalled => {
                write!(f, "this code is for a scenario that is not installed (is it a mod your teacher uses?)")
            }
            CodeError::Ambiguous { scenarios } => write!(
                f,
                "this code fits more than one installed scenario ({}); ask your teacher which one to play",
                scenarios.join(", ")
            ),
            CodeError::NoSuchDifficulty { scenario, index } => write!(
                f,
                "this code asks for difficulty level {} of '{scenario}', which your version of the scenario does not have; update the game or ask your teacher",
                index + 1
            ),
            CodeError::OutOfRange { what, max } => write!(f, "a class code can hold a {what} from 0 to {max}"),
        }
    }
}

impl std::error::Error for CodeError {}

/// The tag a scenario id is known by in class codes: stable across versions and installs,
/// unlike a position in a list that mods would shift.
pub fn scenario_tag(scenario_id: &str) -> u64 {
    fnv1a(scenario_id.as_bytes()) % SCENARIO_TAGS
}

/// The two check symbols for six data symbols. With weights 1..8 over the field of 31
/// elements, a code is valid when both Σx and Σ(i+1)·x are 0 mod 31; any one or two changed
/// symbols (a swap among them) break one of the sums.
fn check_symbols(data: &[u64; DATA_SYMBOLS]) -> (u64, u64) {
    let s0: u64 = data.iter().sum::<u64>() % 31;
    let s1: u64 = data.iter().enumerate().map(|(i, x)| (i as u64 + 1) * x).sum::<u64>() % 31;
    // Solve x6 + x7 = -s0 and 7·x6 + 8·x7 = -s1 (mod 31).
    let x7 = (31 * 31 + 7 * s0 - s1) % 31;
    let x6 = (31 * 2 - s0 - x7) % 31;
    (x6, x7)
}

fn is_valid(symbols: &[u64; CODE_SYMBOLS]) -> bool {
    let s0: u64 = symbols.iter().sum::<u64>() % 31;
    let s1: u64 = symbols.iter().enumerate().map(|(i, x)| (i as u64 + 1) * x).sum::<u64>() % 31;
    s0 == 0 && s1 == 0
}

/// The inverse of `SPREAD` modulo 31^6, found once by the extended Euclidean algorithm.
fn spread_inverse() -> u64 {
    let (mut r0, mut r1) = (DATA_SPACE as i128, SPREAD as i128);
    let (mut t0, mut t1) = (0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    t0.rem_euclid(DATA_SPACE as i128) as u64
}

impl ClassCode {
    /// Makes the code for a game. The scenario is named by id; the caller checks it is installed
    /// (see `check_installed`).
    pub fn encode(settings: &ClassSettings) -> Result<ClassCode, CodeError> {
        if settings.seed > MAX_CODE_SEED {
            return Err(CodeError::OutOfRange { what: "seed", max: MAX_CODE_SEED });
        }
        if settings.difficulty as u64 >= DIFFICULTIES {
            return Err(CodeError::OutOfRange { what: "difficulty level", max: DIFFICULTIES - 1 });
        }
        let limit = settings.turn_limit.unwrap_or(0);
        if limit > MAX_TURN_LIMIT {
            return Err(CodeError::OutOfRange { what: "turn limit", max: u64::from(MAX_TURN_LIMIT) });
        }
        let packed = ((scenario_tag(&settings.scenario_id) * SEEDS + settings.seed) * DIFFICULTIES
            + settings.difficulty as u64)
            * TURN_LIMITS
            + u64::from(limit);
        let mut value = packed * SPREAD % DATA_SPACE;
        let mut data = [0u64; DATA_SYMBOLS];
        for slot in data.iter_mut().rev() {
            *slot = value % 31;
            value /= 31;
        }
        let (c6, c7) = check_symbols(&data);
        let symbols: Vec<char> =
            data.iter().chain([c6, c7].iter()).map(|x| char::from(ALPHABET[*x as usize])).collect();
        let text: String = symbols.iter().collect();
        Ok(ClassCode(format!("{PREFIX}-{}-{}", &text[..4], &text[4..])))
    }

    /// Reads a code as typed (any case, with or without "A5" and dashes or spaces) and matches
    /// it with an installed scenario.
    pub fn decode(text: &str, scenarios: &[Arc<Content>]) -> Result<ClassSetup, CodeError> {
        let (code, settings_tag, seed, difficulty, turn_limit) = Self::parse(text)?;
        let matching: Vec<&Arc<Content>> =
            scenarios.iter().filter(|c| scenario_tag(&c.scenario.id) == settings_tag).collect();
        let scenario = match matching.as_slice() {
            [] => return Err(CodeError::NotInstalled),
            [one] => (*one).clone(),
            many => {
                let mut ids: Vec<String> = many.iter().map(|c| c.scenario.id.clone()).collect();
                ids.sort();
                ids.dedup();
                if ids.len() > 1 {
                    return Err(CodeError::Ambiguous { scenarios: ids });
                }
                many[0].clone()
            }
        };
        if difficulty >= scenario.scenario.difficulties.len() {
            return Err(CodeError::NoSuchDifficulty { scenario: scenario.scenario.id.clone(), index: difficulty });
        }
        Ok(ClassSetup { code, scenario, seed, difficulty, turn_limit })
    }

    /// Checks a code's symbols and check symbols and unpacks it without looking at the installed
    /// scenarios: (canonical code, scenario tag, seed, difficulty, turn limit).
    fn parse(text: &str) -> Result<(ClassCode, u64, u64, usize, Option<u32>), CodeError> {
        let typed: Vec<char> = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if typed.is_empty() {
            return Err(CodeError::Empty);
        }
        // "A5" is left out when it is the code's prefix, not when it happens to start a bare code.
        let has_prefix = typed.len() > CODE_SYMBOLS && typed[0].eq_ignore_ascii_case(&'A') && typed[1] == '5';
        let typed = if has_prefix { &typed[PREFIX.len()..] } else { &typed[..] };
        // A symbol that is never used is the likelier mistake, so it is reported before the length.
        if let Some(bad) = typed.iter().find(|c| !c.is_ascii() || !ALPHABET.contains(&(c.to_ascii_uppercase() as u8))) {
            return Err(CodeError::BadSymbol { symbol: *bad });
        }
        if typed.len() != CODE_SYMBOLS {
            return Err(CodeError::WrongLength { found: typed.len() });
        }
        let body: String = typed.iter().map(|c| c.to_ascii_uppercase()).collect();
        let mut symbols = [0u64; CODE_SYMBOLS];
        for (slot, c) in symbols.iter_mut().zip(body.bytes()) {
            *slot = ALPHABET.iter().position(|a| *a == c).unwrap_or(0) as u64;
        }
        if !is_valid(&symbols) {
            return Err(CodeError::Typo);
        }
        let value = symbols[..DATA_SYMBOLS].iter().fold(0u64, |acc, x| acc * 31 + x);
        let packed = value * spread_inverse() % DATA_SPACE;
        if packed >= SCENARIO_TAGS * SEEDS * DIFFICULTIES * TURN_LIMITS {
            // Valid check symbols around a value no code is made from: several typos at once.
            return Err(CodeError::Typo);
        }
        let limit = (packed % TURN_LIMITS) as u32;
        let rest = packed / TURN_LIMITS;
        let difficulty = (rest % DIFFICULTIES) as usize;
        let rest = rest / DIFFICULTIES;
        let seed = rest % SEEDS;
        let tag = rest / SEEDS;
        let code = ClassCode(format!("{PREFIX}-{}-{}", &body[..4], &body[4..]));
        Ok((code, tag, seed, difficulty, (limit > 0).then_some(limit)))
    }

    /// The code as it should be shown and typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClassCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks that a scenario can be given as a class code here: it is installed and no other
/// installed scenario shares its tag (which would make the code ambiguous).
pub fn check_installed(scenario_id: &str, scenarios: &[Arc<Content>]) -> Result<Arc<Content>, CodeError> {
    let tag = scenario_tag(scenario_id);
    let content = scenarios.iter().find(|c| c.scenario.id == scenario_id).cloned().ok_or(CodeError::NotInstalled)?;
    let mut clash: Vec<String> =
        scenarios.iter().filter(|c| scenario_tag(&c.scenario.id) == tag).map(|c| c.scenario.id.clone()).collect();
    clash.sort();
    clash.dedup();
    if clash.len() > 1 {
        return Err(CodeError::Ambiguous { scenarios: clash });
    }
    Ok(content)
}

/// One sitting of a class game: the turn it began at and the class's turn limit. The game
/// records it when a class game is started or resumed and asks `limit_reached` after each turn;
/// when it says yes, the client stops and offers to save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub started_at_turn: u32,
    pub turn_limit: Option<u32>,
}

impl Session {
    /// A session starting now on this campaign.
    pub fn starting(campaign: &Campaign, turn_limit: Option<u32>) -> Session {
        Session { started_at_turn: campaign.state().turn, turn_limit }
    }

    /// Whether the session has played its turns (never, without a limit).
    pub fn limit_reached(&self, current_turn: u32) -> bool {
        limit_reached(self.turn_limit, self.started_at_turn, current_turn)
    }

    /// Turns this session may still play, if limited.
    pub fn turns_left(&self, current_turn: u32) -> Option<u32> {
        self.turn_limit.map(|limit| (self.started_at_turn + limit).saturating_sub(current_turn))
    }
}

/// Whether a session that began at `started_at_turn` has used up a limit of `turn_limit` turns
/// by the time `current_turn` (zero-based, as in `State::turn`) begins.
pub fn limit_reached(turn_limit: Option<u32>, started_at_turn: u32, current_turn: u32) -> bool {
    turn_limit.is_some_and(|limit| current_turn >= started_at_turn.saturating_add(limit))
}

/// Saves a student's game with their name and class code, for the class report.
pub fn save_student_game(
    campaign: &Campaign,
    path: &Path,
    label: &str,
    student: Option<&str>,
    class_code: Option<&ClassCode>,
) -> Result<(), SaveError> {
    let mut file = SaveFile::of(campaign, label);
    file.student = student.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    file.class_code = class_code.map(|c| c.to_string());
    crate::save::write_atomic(path, &file.to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(seed: u64, difficulty: usize, limit: Option<u32>) -> ClassSettings {
        ClassSettings { scenario_id: "founding".into(), seed, difficulty, turn_limit: limit }
    }

    #[test]
    fn codes_unpack_to_what_was_packed() {
        for seed in [0, 1, 42, 500, 999] {
            for difficulty in 0..4 {
                for limit in [None, Some(1), Some(6), Some(30)] {
                    let code = ClassCode::encode(&settings(seed, difficulty, limit)).unwrap();
                    let (back, tag, s, d, l) = ClassCode::parse(code.as_str()).unwrap();
                    assert_eq!((tag, s, d, l), (scenario_tag("founding"), seed, difficulty, limit), "{code}");
                    assert_eq!(back, code);
                }
            }
        }
    }

    #[test]
    fn every_single_typo_and_swap_is_caught() {
        let code = ClassCode::encode(&settings(42, 1, Some(6))).unwrap();
        let body: Vec<u8> = code.as_str().bytes().filter(|b| *b != b'-').skip(2).collect();
        for i in 0..CODE_SYMBOLS {
            for &other in ALPHABET.iter().filter(|a| **a != body[i]) {
                let mut typo = body.clone();
                typo[i] = other;
                let typed = String::from_utf8(typo).unwrap();
                assert_eq!(ClassCode::parse(&typed).unwrap_err(), CodeError::Typo, "{typed}");
            }
            for j in i + 1..CODE_SYMBOLS {
                if body[i] != body[j] {
                    let mut swapped = body.clone();
                    swapped.swap(i, j);
                    assert!(ClassCode::parse(&String::from_utf8(swapped).unwrap()).is_err());
                }
            }
        }
    }

    #[test]
    fn the_spread_is_invertible() {
        assert_eq!(SPREAD * spread_inverse() % DATA_SPACE, 1);
        assert_eq!(31u64.pow(DATA_SYMBOLS as u32), DATA_SPACE);
    }

    #[test]
    fn sessions_stop_after_their_turns() {
        assert!(!limit_reached(None, 0, 1000));
        assert!(!limit_reached(Some(5), 3, 7));
        assert!(limit_reached(Some(5), 3, 8));
        let session = Session { started_at_turn: 4, turn_limit: Some(6) };
        assert_eq!(session.turns_left(4), Some(6));
        assert_eq!(session.turns_left(9), Some(1));
        assert!(!session.limit_reached(9));
        assert!(session.limit_reached(10));
        assert_eq!(session.turns_left(12), Some(0));
    }
}

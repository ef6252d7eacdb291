//! The validated content a campaign runs on: the scenario, its countries, partners, events and
//! objectives. Built from scenario files by `crate::scenario`; the rules never see raw file data.

use super::command::Command;
use super::date::GameDate;
use super::ids::{
    AdversaryStat, AllianceMeter, AttackKind, Iso, MemberStat, MissionKind, PartnerKind, PartnerStat, Region,
    ThreatKind, Trait,
};
use serde::{Deserialize, Serialize};

/// Index of a country in `Content::countries` (and `Campaign::countries`).
pub type CountryIdx = u8;
/// Index of a partner in `Content::partners`.
pub type PartnerIdx = u8;
/// Index of an event in `Content::events`.
pub type EventIdx = u16;
/// Index of a flag name in `Content::flags`.
pub type FlagId = u16;

/// Everything a campaign needs that does not change during play.
#[derive(Clone, Debug)]
pub struct Content {
    pub scenario: ScenarioDef,
    /// Members at the start, candidates and partner countries, in a fixed order.
    pub countries: Vec<CountryDef>,
    pub partners: Vec<PartnerDef>,
    pub events: Vec<EventDef>,
    /// Flag names; a `FlagId` indexes this list.
    pub flags: Vec<String>,
    /// The start date of every turn, in order; the campaign ends after the last one.
    pub turn_starts: Vec<GameDate>,
    /// A hash of the files this content was built from, stored in saves.
    pub content_hash: u64,
    /// For each turn, the events that may be drawn in it (their window overlaps the turn, or
    /// they have none; never follow-ups only), in order: drawing looks at these, not at all.
    /// Built by [`Content::index_events`].
    pub(crate) events_by_turn: Vec<Vec<EventIdx>>,
    /// The months each turn lasts, worked out with `events_by_turn` (a turn asks many times).
    pub(crate) months_by_turn: Vec<u32>,
}

impl Content {
    /// The country with this code, if the scenario has it.
    pub fn country_index(&self, iso: Iso) -> Option<CountryIdx> {
        self.countries.iter().position(|c| c.iso == iso).map(|i| i as CountryIdx)
    }

    /// The partner with this id, if the scenario has it.
    pub fn partner_index(&self, id: &str) -> Option<PartnerIdx> {
        self.partners.iter().position(|p| p.id == id).map(|i| i as PartnerIdx)
    }

    /// The event with this id.
    pub fn event_index(&self, id: &str) -> Option<EventIdx> {
        self.events.iter().position(|e| e.id == id).map(|i| i as EventIdx)
    }

    /// The flag with this name.
    pub fn flag_id(&self, name: &str) -> Option<FlagId> {
        self.flags.iter().position(|f| f == name).map(|i| i as FlagId)
    }

    /// Works out `events_by_turn` and `months_by_turn` from the events and the turns.
    pub fn index_events(&mut self) {
        // Cleared first, so that the lengths are worked out from the turns, not read back.
        self.months_by_turn = Vec::new();
        self.months_by_turn = (0..self.turn_starts.len()).map(|turn| self.turn_months(turn)).collect();
        let by_turn = (0..self.turn_starts.len())
            .map(|turn| {
                let start = self.turn_starts[turn];
                let end = start.plus_months(self.turn_months(turn) as i32 - 1);
                (0..self.events.len())
                    .filter(|&i| !self.events[i].follow_up_only && self.events[i].window_meets(start, end))
                    .map(|i| i as EventIdx)
                    .collect()
            })
            .collect();
        self.events_by_turn = by_turn;
    }

    /// The events that may be drawn in `turn` (all of them past the last turn).
    pub(crate) fn events_for_turn(&self, turn: usize) -> Option<&[EventIdx]> {
        self.events_by_turn.get(turn).map(Vec::as_slice)
    }

    /// Number of months the turn starting at `turn` lasts.
    pub fn turn_months(&self, turn: usize) -> u32 {
        if let Some(months) = self.months_by_turn.get(turn) {
            return *months;
        }
        match (self.turn_starts.get(turn), self.turn_starts.get(turn + 1)) {
            (Some(a), Some(b)) => (b.month_index() - a.month_index()).max(1) as u32,
            (Some(a), None) => {
                let end = self.scenario.end.plus_months(1);
                (end.month_index() - a.month_index()).max(1) as u32
            }
            _ => self.scenario.turn_months_at(self.scenario.end),
        }
    }
}

/// A scenario: one era or the grand campaign.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScenarioDef {
    pub id: String,
    pub title: String,
    pub era: String,
    pub description: String,
    pub start: GameDate,
    /// The last month played.
    pub end: GameDate,
    /// Turn length from each date on, in months; the first entry starts at `start`.
    pub turn_schedule: Vec<(GameDate, u32)>,
    pub alliance: AllianceStart,
    pub adversary: AdversaryDef,
    /// Starting value and yearly trend of each threat, indexed like `ThreatKind::ALL`.
    pub threats: [ThreatDef; 4],
    /// The spending guideline in force at the start (% of GDP), if any.
    pub guideline_pct: Option<f64>,
    /// The spending level that counts as a fair share when no guideline is in force.
    pub burden_reference_pct: f64,
    /// Severity from which an attack is grave enough that Article 5 fits it.
    pub article5_threshold: f64,
    /// At most this many ordinary events fire in one turn.
    pub max_events_per_turn: u32,
    pub objectives: Vec<ObjectiveDef>,
    pub difficulties: Vec<DifficultyDef>,
    /// Index into `difficulties` of the level offered first.
    pub default_difficulty: usize,
    /// What the alliance actually did, for the historical policy.
    pub historical_plan: Vec<PlanStep>,
    /// Actions the era does not offer (cyber defence in 1950, say).
    pub disabled_actions: Vec<super::command::ActionKind>,
    /// Flags set at the start.
    pub starting_flags: Vec<FlagId>,
    /// Codex entries about this era.
    pub codex: Vec<String>,
    /// Questions for a class discussion after the game.
    pub discussion: Vec<String>,
    /// Event packs this scenario draws on (for listings).
    pub event_packs: Vec<String>,
}

impl ScenarioDef {
    /// Months per turn for a turn starting at `date`.
    pub fn turn_months_at(&self, date: GameDate) -> u32 {
        self.turn_schedule
            .iter()
            .rev()
            .find(|(from, _)| *from <= date)
            .or(self.turn_schedule.first())
            .map(|(_, months)| *months)
            .unwrap_or(12)
            .max(1)
    }

    /// The start of every turn from `start` to `end`.
    pub fn turn_starts(&self) -> Vec<GameDate> {
        let mut starts = Vec::new();
        let mut date = GameDate::ym(self.start.year, self.start.month);
        while date <= self.end && starts.len() < 1000 {
            starts.push(date);
            date = date.plus_months(self.turn_months_at(date) as i32);
        }
        starts
    }
}

/// Alliance meters at the start.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AllianceStart {
    pub cohesion: f64,
    /// Added to the deterrence the balance of forces gives (plans, exercises already under way).
    pub posture: f64,
    pub credibility: f64,
    pub capital: f64,
    pub legitimacy: f64,
    pub cyber_defence: f64,
    pub technology: f64,
}

/// The adversary of the era.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AdversaryDef {
    pub name: String,
    /// Countries drawn as the adversary's bloc on the map.
    pub bloc: Vec<Iso>,
    pub strength: f64,
    pub intent: f64,
    /// The intent it drifts back to when nothing provokes or calms it.
    pub base_intent: f64,
    /// Strength gained per year from its own spending.
    pub buildup_per_year: f64,
    /// Kinds of probe and attack it uses in this era.
    pub probes: Vec<AttackKind>,
}

/// A threat's start and trend.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct ThreatDef {
    pub start: f64,
    /// Change per year when nothing acts on it.
    pub trend_per_year: f64,
}

/// Status of a country at the start of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CountryStatus {
    Member,
    Candidate,
    Partner,
}

/// A country in the scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CountryDef {
    pub iso: Iso,
    pub name: String,
    pub status: CountryStatus,
    /// When it joined (members) — its real accession date when the scenario starts before it.
    pub joined: Option<GameDate>,
    /// The real accession date from the member database, for comparisons with history.
    pub historical_accession: Option<GameDate>,
    pub region: Region,
    pub traits: Vec<Trait>,
    /// Borders or faces the adversary: feels the threat first and is where probes land.
    pub frontline: bool,
    pub in_integrated_command: bool,
    pub gdp_bn: f64,
    pub gdp_growth_pct: f64,
    pub population_m: Option<f64>,
    pub spending_pct: f64,
    pub public_support: f64,
    pub threat_perception: f64,
    pub alignment: f64,
    /// Members that block this candidate's invitation and what lifts the block.
    pub objectors: Vec<Objection>,
    /// Where its figures come from.
    pub source: String,
}

impl CountryDef {
    pub fn has_trait(&self, t: Trait) -> bool {
        self.traits.contains(&t)
    }
}

/// A member's objection to a candidate.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Objection {
    pub member: CountryIdx,
    /// The block lifts once this flag is set (a treaty signed, a deal struck).
    pub unless_flag: Option<FlagId>,
    /// ...or once the objector's alignment reaches this.
    pub min_alignment: f64,
}

/// A partner: an institution, a programme or a country outside the alliance.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartnerDef {
    pub id: String,
    pub name: String,
    pub kind: PartnerKind,
    /// The country it stands for on the map, if any.
    pub country: Option<Iso>,
    pub ties: f64,
    pub resilience: f64,
    pub at_war: bool,
    /// Borders the adversary: helping it provokes.
    pub borders_adversary: bool,
}

/// A data-driven event.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventDef {
    pub id: String,
    pub title: String,
    pub text: String,
    /// The dates in which it can fire; None means any date.
    pub when: Option<(GameDate, GameDate)>,
    pub conditions: Vec<Condition>,
    pub weight: f64,
    pub once: bool,
    /// Fires whenever it is eligible, outside the per-turn cap (scripted turning points).
    pub always: bool,
    /// Fires only when another event's choice schedules it.
    pub follow_up_only: bool,
    /// Applied when the event fires, before any choice (an attack, say).
    pub immediate: Vec<Effect>,
    pub choices: Vec<ChoiceDef>,
    pub note: String,
    pub source: String,
    pub codex: Vec<String>,
    pub themes: Vec<String>,
}

impl EventDef {
    /// Whether the event's window (any date when it has none) meets the months from `start` to
    /// `end`; the window opens at the start of its first month.
    pub fn window_meets(&self, start: GameDate, end: GameDate) -> bool {
        self.when.is_none_or(|(from, to)| {
            let first = GameDate::ym(from.year, from.month);
            !(end < first || start > to)
        })
    }
}

/// One answer to an event.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChoiceDef {
    pub label: String,
    pub effects: Vec<Effect>,
    /// What the alliance actually did.
    pub historical: bool,
    /// Another event this choice sets in motion, and after how many turns.
    pub follow_up: Option<(EventIdx, u32)>,
}

/// Which members an effect touches.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Selector {
    All,
    Frontline,
    NotFrontline,
    Region(Region),
    Trait(Trait),
}

/// A test on the campaign state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    MeterAbove(AllianceMeter, f64),
    MeterBelow(AllianceMeter, f64),
    AdversaryAbove(AdversaryStat, f64),
    AdversaryBelow(AdversaryStat, f64),
    ThreatAbove(ThreatKind, f64),
    ThreatBelow(ThreatKind, f64),
    MemberAbove(CountryIdx, MemberStat, f64),
    MemberBelow(CountryIdx, MemberStat, f64),
    IsMember(CountryIdx),
    NotMember(CountryIdx),
    IsCandidate(CountryIdx),
    Flag(FlagId),
    NoFlag(FlagId),
    GuidelineAtLeast(f64),
    NoGuideline,
    Fired(EventIdx),
    NotFired(EventIdx),
    MissionActive(MissionKind),
    PartnerAtWar(PartnerIdx),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// A change an event choice, an action or a council outcome makes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    Alliance(AllianceMeter, f64),
    Members(Selector, MemberStat, f64),
    Member(CountryIdx, MemberStat, f64),
    Adversary(AdversaryStat, f64),
    Threat(ThreatKind, f64),
    Partner(PartnerIdx, PartnerStat, f64),
    SetFlag(FlagId),
    ClearFlag(FlagId),
    /// The country accedes now.
    Join(CountryIdx),
    /// The country becomes a candidate for membership.
    MakeCandidate(CountryIdx),
    /// The member leaves the alliance.
    Leave(CountryIdx),
    LeaveIntegratedCommand(CountryIdx),
    RejoinIntegratedCommand(CountryIdx),
    SetGuideline(f64),
    StartMission(MissionKind),
    EndMission(MissionKind),
    SetPartnerAtWar(PartnerIdx, bool),
    AddTrait(CountryIdx, Trait),
    RemoveTrait(CountryIdx, Trait),
    SetFrontline(CountryIdx, bool),
    /// An attack on a member that opens the North Atlantic Council.
    Attack {
        kind: AttackKind,
        target: CountryIdx,
        severity: f64,
    },
}

/// A scenario objective.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ObjectiveDef {
    pub id: String,
    pub text: String,
    pub kind: ObjectiveKind,
    pub points: f64,
    /// Victory needs every required objective.
    pub required: bool,
}

/// What an objective asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ObjectiveKind {
    /// The country is a member by this date.
    MemberBy { country: CountryIdx, by: GameDate },
    /// The country is still a member (and in the integrated command if `integrated`) at the end.
    KeepMember { country: CountryIdx, integrated: bool },
    /// The meter is at least `min` at the end.
    MeterAtEnd { meter: AllianceMeter, min: f64 },
    /// The meter never falls below `min`.
    MeterNeverBelow { meter: AllianceMeter, min: f64 },
    /// The flag is set by this date (or by the end).
    FlagBy { flag: FlagId, by: Option<GameDate> },
    /// Every attack that met the Article 5 threshold was answered.
    NoAttackUnanswered,
    /// At least `share` (0–1) of members spend `pct`% of GDP or more by this date.
    ShareAtGuideline { pct: f64, share: f64, by: GameDate },
    /// The adversary's intent is at most `max` at the end.
    AdversaryIntentAtMost { max: f64 },
}

/// A difficulty level.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DifficultyDef {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Multiplies political capital income.
    pub capital_income: f64,
    /// Multiplies how often the adversary probes and how fast its intent rises.
    pub aggression: f64,
    /// Multiplies public fatigue from operations and pressure.
    pub fatigue: f64,
    /// Whether the free-rider quarrel over burden sharing runs.
    pub quarrels: bool,
    /// Whether a disaffected member can leave the alliance.
    pub exits: bool,
    /// Whether members' spending drifts up toward the guideline on its own.
    pub spending_autopilot: bool,
}

impl DifficultyDef {
    /// The three standard levels used when a scenario defines none.
    pub fn standard_levels() -> Vec<DifficultyDef> {
        vec![
            DifficultyDef {
                id: "recruit".into(),
                name: "Recruit".into(),
                description: "More political capital, a cautious adversary. Members raise spending toward the guideline by themselves and no ally ever walks out: you learn the meters and Article 5 without juggling budgets.".into(),
                capital_income: 1.3,
                aggression: 0.7,
                fatigue: 0.7,
                quarrels: false,
                exits: false,
                spending_autopilot: true,
            },
            DifficultyDef {
                id: "diplomat".into(),
                name: "Diplomat".into(),
                description: "The intended game. Capital is tight, allies quarrel over who pays, and you must press laggards yourself; members do not leave.".into(),
                capital_income: 1.0,
                aggression: 1.0,
                fatigue: 1.0,
                quarrels: true,
                exits: false,
                spending_autopilot: false,
            },
            DifficultyDef {
                id: "secretary_general".into(),
                name: "Secretary General".into(),
                description: "Less capital, a bolder adversary and quicker public fatigue. A member whose alignment and public both collapse leaves the alliance, which ends the game.".into(),
                capital_income: 0.8,
                aggression: 1.3,
                fatigue: 1.3,
                quarrels: true,
                exits: true,
                spending_autopilot: false,
            },
        ]
    }
}

/// One line of the historical plan: from `from` to `to`, the alliance did this each turn it could.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanStep {
    pub from: GameDate,
    pub to: GameDate,
    pub action: Command,
}

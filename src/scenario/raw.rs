//! The file formats exactly as modders write them: serde types with `deny_unknown_fields`,
//! ids and numbers that need checking kept `Spanned` so every problem can point at its text.
//! Nothing here is used by the rules directly; `validate` turns these into `sim::content`.

use super::ron_reader::Spanned;
use crate::sim::command::{ActionKind, Command};
use crate::sim::ids::{
    AdversaryStat, AllianceMeter, AttackKind, MemberStat, MissionKind, PartnerKind, PartnerStat, Region, ThreatKind,
    Trait,
};
use serde::Deserialize;

/// Shorthand: a value with its place in the file.
pub type Sp<T> = Spanned<T>;

/// The format version this build writes and reads natively.
pub const FORMAT_VERSION: u32 = 1;

fn default_true() -> bool {
    true
}
fn default_weight() -> Sp<f64> {
    Spanned::new(10.0)
}
fn default_growth() -> f64 {
    3.0
}

// ---------------------------------------------------------------------------------------------
// members.ron: the member database

/// `members.ron`: every country the scenarios may use, with its real accession date.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberDbFile {
    pub format_version: Sp<u32>,
    pub countries: Vec<Sp<CountryRecord>>,
}

/// One country of the database.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRecord {
    pub iso: Sp<String>,
    pub name: String,
    /// ISO 3166-1 numeric code, as on the map.
    #[serde(default)]
    pub iso_num: Option<u16>,
    /// Date the instrument of accession was deposited; None for non-members.
    #[serde(default)]
    pub accession: Option<Sp<String>>,
    pub region: Region,
    #[serde(default)]
    pub traits: Vec<Trait>,
    #[serde(default)]
    pub gdp_2024_bn: Option<Sp<f64>>,
    #[serde(default)]
    pub population_2024_m: Option<Sp<f64>>,
    #[serde(default)]
    pub spending_2024_pct: Option<Sp<f64>>,
    /// Why it joined, for the codex.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub source: String,
    /// Defence spending over the years, oldest first, for the codex's chart. Points before the
    /// country's accession are its own spending too.
    #[serde(default)]
    pub spending_history: Vec<Sp<HistoryPoint>>,
}

/// One point of a country's spending history: `(year: 1985, pct: 3.0, source: "SIPRI")`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryPoint {
    /// The year the figure is for (1949-2035).
    pub year: Sp<u16>,
    /// Defence spending, % of GDP (0-15).
    pub pct: Sp<f64>,
    /// Which series the figure comes from; series are not comparable with each other.
    pub source: Sp<String>,
}

// ---------------------------------------------------------------------------------------------
// eras/*.ron: scenarios

/// A scenario file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub format_version: Sp<u32>,
    pub id: Sp<String>,
    pub title: String,
    pub era: String,
    pub description: String,
    pub start: Sp<String>,
    pub end: Sp<String>,
    pub turn_months: Sp<u32>,
    /// Later turn lengths: from a date on, so many months per turn.
    #[serde(default)]
    pub turn_schedule: Vec<Sp<TurnLength>>,
    pub alliance: AllianceStartRaw,
    pub adversary: AdversaryRaw,
    #[serde(default)]
    pub threats: ThreatsRaw,
    #[serde(default)]
    pub guideline_pct: Option<Sp<f64>>,
    #[serde(default = "default_burden_reference")]
    pub burden_reference_pct: Sp<f64>,
    #[serde(default = "default_threshold")]
    pub article5_threshold: Sp<f64>,
    #[serde(default = "default_events_per_turn")]
    pub max_events_per_turn: Sp<u32>,
    pub countries: Vec<Sp<ScenarioCountry>>,
    #[serde(default)]
    pub partners: Vec<Sp<PartnerRaw>>,
    pub objectives: Vec<Sp<ObjectiveRaw>>,
    #[serde(default)]
    pub difficulties: Vec<Sp<DifficultyRaw>>,
    #[serde(default)]
    pub default_difficulty: Option<Sp<String>>,
    pub event_packs: Vec<Sp<String>>,
    #[serde(default)]
    pub historical_plan: Vec<Sp<PlanStepRaw>>,
    #[serde(default)]
    pub disabled_actions: Vec<ActionKind>,
    #[serde(default)]
    pub starting_flags: Vec<Sp<String>>,
    #[serde(default)]
    pub codex: Vec<Sp<String>>,
    #[serde(default)]
    pub discussion: Vec<String>,
}

fn default_burden_reference() -> Sp<f64> {
    Spanned::new(2.0)
}
fn default_threshold() -> Sp<f64> {
    Spanned::new(60.0)
}
fn default_events_per_turn() -> Sp<u32> {
    Spanned::new(2)
}

/// A change of turn length.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnLength {
    pub from: Sp<String>,
    pub months: Sp<u32>,
}

/// Alliance meters at the start.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceStartRaw {
    pub cohesion: Sp<f64>,
    pub credibility: Sp<f64>,
    pub capital: Sp<f64>,
    pub legitimacy: Sp<f64>,
    #[serde(default)]
    pub posture: Sp<f64>,
    #[serde(default)]
    pub cyber_defence: Sp<f64>,
    #[serde(default)]
    pub technology: Sp<f64>,
}

/// The adversary.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdversaryRaw {
    pub name: String,
    #[serde(default)]
    pub bloc: Vec<Sp<String>>,
    pub strength: Sp<f64>,
    pub intent: Sp<f64>,
    #[serde(default)]
    pub base_intent: Option<Sp<f64>>,
    #[serde(default)]
    pub buildup_per_year: Sp<f64>,
    #[serde(default)]
    pub probes: Vec<AttackKind>,
}

/// Starting level and yearly trend of each threat.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatsRaw {
    #[serde(default)]
    pub terrorism: ThreatRaw,
    #[serde(default)]
    pub cyber: ThreatRaw,
    #[serde(default)]
    pub climate: ThreatRaw,
    #[serde(default)]
    pub pandemic: ThreatRaw,
}

/// One threat.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatRaw {
    #[serde(default)]
    pub start: Sp<f64>,
    #[serde(default)]
    pub trend_per_year: Sp<f64>,
}

/// Where a country stands at the start.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum StatusRaw {
    Member,
    Candidate,
    Partner,
}

/// A country in a scenario: its starting figures; name, region and traits come from the database.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioCountry {
    pub iso: Sp<String>,
    pub status: StatusRaw,
    pub gdp_bn: Sp<f64>,
    #[serde(default = "default_growth")]
    pub gdp_growth_pct: f64,
    pub spending_pct: Sp<f64>,
    pub public_support: Sp<f64>,
    pub threat_perception: Sp<f64>,
    pub alignment: Sp<f64>,
    #[serde(default)]
    pub frontline: bool,
    #[serde(default = "default_true")]
    pub integrated_command: bool,
    /// Traits on top of the database's (for this era only).
    #[serde(default)]
    pub extra_traits: Vec<Trait>,
    /// Traits of the database this era does not have.
    #[serde(default)]
    pub without_traits: Vec<Trait>,
    #[serde(default)]
    pub objectors: Vec<Sp<ObjectionRaw>>,
    #[serde(default)]
    pub source: String,
}

/// A member's objection to a candidate.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionRaw {
    pub member: Sp<String>,
    #[serde(default)]
    pub unless_flag: Option<Sp<String>>,
    #[serde(default = "default_objection_alignment")]
    pub min_alignment: Sp<f64>,
}

fn default_objection_alignment() -> Sp<f64> {
    Spanned::new(101.0)
}

/// A partner.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerRaw {
    pub id: Sp<String>,
    pub name: String,
    pub kind: PartnerKind,
    #[serde(default)]
    pub country: Option<Sp<String>>,
    pub ties: Sp<f64>,
    #[serde(default)]
    pub resilience: Sp<f64>,
    #[serde(default)]
    pub at_war: bool,
    #[serde(default)]
    pub borders_adversary: bool,
}

/// An objective.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveRaw {
    pub id: Sp<String>,
    pub text: String,
    pub kind: Sp<ObjectiveKindRaw>,
    pub points: Sp<f64>,
    #[serde(default)]
    pub required: bool,
}

/// What an objective asks for.
#[derive(Clone, Debug, Deserialize)]
pub enum ObjectiveKindRaw {
    MemberBy {
        country: Sp<String>,
        by: Sp<String>,
    },
    KeepMember {
        country: Sp<String>,
        #[serde(default)]
        integrated: bool,
    },
    MeterAtEnd {
        meter: AllianceMeter,
        min: Sp<f64>,
    },
    MeterNeverBelow {
        meter: AllianceMeter,
        min: Sp<f64>,
    },
    FlagBy {
        flag: Sp<String>,
        #[serde(default)]
        by: Option<Sp<String>>,
    },
    NoAttackUnanswered,
    ShareAtGuideline {
        pct: Sp<f64>,
        share: Sp<f64>,
        by: Sp<String>,
    },
    AdversaryIntentAtMost {
        max: Sp<f64>,
    },
}

/// A difficulty level.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DifficultyRaw {
    pub id: Sp<String>,
    pub name: String,
    pub description: String,
    pub capital_income: Sp<f64>,
    pub aggression: Sp<f64>,
    pub fatigue: Sp<f64>,
    pub quarrels: bool,
    pub exits: bool,
    #[serde(default)]
    pub spending_autopilot: bool,
}

/// One line of the historical plan.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStepRaw {
    pub from: Sp<String>,
    pub to: Sp<String>,
    pub action: Sp<Command>,
}

// ---------------------------------------------------------------------------------------------
// events/*.ron: event packs

/// An event pack.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventPackFile {
    pub format_version: Sp<u32>,
    pub id: Sp<String>,
    #[serde(default)]
    pub description: String,
    pub events: Vec<Sp<EventRaw>>,
}

/// The dates in which an event can fire.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowRaw {
    pub from: Sp<String>,
    pub to: Sp<String>,
}

/// An event.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRaw {
    pub id: Sp<String>,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub when: Option<Sp<WindowRaw>>,
    #[serde(default)]
    pub if_all: Vec<Sp<ConditionRaw>>,
    #[serde(default = "default_weight")]
    pub weight: Sp<f64>,
    #[serde(default = "default_true")]
    pub once: bool,
    #[serde(default)]
    pub always: bool,
    #[serde(default)]
    pub follow_up_only: bool,
    #[serde(default)]
    pub immediate: Vec<Sp<EffectRaw>>,
    pub choices: Sp<Vec<Sp<ChoiceRaw>>>,
    pub note: Sp<String>,
    pub source: Sp<String>,
    #[serde(default)]
    pub codex: Vec<Sp<String>>,
    #[serde(default)]
    pub themes: Vec<Sp<String>>,
}

/// One answer to an event.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceRaw {
    pub label: String,
    #[serde(default)]
    pub effects: Vec<Sp<EffectRaw>>,
    #[serde(default)]
    pub historical: bool,
    #[serde(default)]
    pub follow_up: Option<Sp<FollowUpRaw>>,
}

/// An event that a choice sets in motion.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRaw {
    pub event: Sp<String>,
    #[serde(default = "one")]
    pub after_turns: u32,
}

fn one() -> u32 {
    1
}

/// Which members an effect touches.
#[derive(Clone, Copy, Debug, Deserialize)]
pub enum SelectorRaw {
    All,
    Frontline,
    NotFrontline,
    Region(Region),
    Trait(Trait),
}

/// A condition as written.
#[derive(Clone, Debug, Deserialize)]
pub enum ConditionRaw {
    MeterAbove(AllianceMeter, Sp<f64>),
    MeterBelow(AllianceMeter, Sp<f64>),
    AdversaryIntentAbove(Sp<f64>),
    AdversaryIntentBelow(Sp<f64>),
    AdversaryAbove(AdversaryStat, Sp<f64>),
    AdversaryBelow(AdversaryStat, Sp<f64>),
    ThreatAbove(ThreatKind, Sp<f64>),
    ThreatBelow(ThreatKind, Sp<f64>),
    MemberAbove(Sp<String>, MemberStat, Sp<f64>),
    MemberBelow(Sp<String>, MemberStat, Sp<f64>),
    IsMember(Sp<String>),
    NotMember(Sp<String>),
    IsCandidate(Sp<String>),
    Flag(Sp<String>),
    NoFlag(Sp<String>),
    GuidelineAtLeast(Sp<f64>),
    NoGuideline,
    Fired(Sp<String>),
    NotFired(Sp<String>),
    MissionActive(MissionKind),
    PartnerAtWar(Sp<String>),
    Any(Vec<Sp<ConditionRaw>>),
    Not(Box<Sp<ConditionRaw>>),
}

/// An effect as written.
#[derive(Clone, Debug, Deserialize)]
pub enum EffectRaw {
    Alliance(AllianceMeter, Sp<f64>),
    AllMembers(MemberStat, Sp<f64>),
    Members(SelectorRaw, MemberStat, Sp<f64>),
    Member(Sp<String>, MemberStat, Sp<f64>),
    Adversary(AdversaryStat, Sp<f64>),
    Threat(ThreatKind, Sp<f64>),
    Partner(Sp<String>, PartnerStat, Sp<f64>),
    SetFlag(Sp<String>),
    ClearFlag(Sp<String>),
    Join(Sp<String>),
    MakeCandidate(Sp<String>),
    Leave(Sp<String>),
    LeaveIntegratedCommand(Sp<String>),
    RejoinIntegratedCommand(Sp<String>),
    SetGuideline(Sp<f64>),
    StartMission(MissionKind),
    EndMission(MissionKind),
    PartnerAtWar(Sp<String>, bool),
    AddTrait(Sp<String>, Trait),
    RemoveTrait(Sp<String>, Trait),
    SetFrontline(Sp<String>, bool),
    Attack { kind: AttackKind, target: Sp<String>, severity: Sp<f64> },
}

// ---------------------------------------------------------------------------------------------
// codex.ron

/// The codex file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodexFile {
    pub format_version: Sp<u32>,
    pub entries: Vec<Sp<CodexEntryRaw>>,
}

/// Kinds of codex entry.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum CodexKind {
    Treaty,
    Member,
    Concept,
    Era,
    Event,
}

/// A codex entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodexEntryRaw {
    pub id: Sp<String>,
    pub kind: CodexKind,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub citation: String,
    #[serde(default)]
    pub see_also: Vec<Sp<String>>,
    /// For member entries: the country.
    #[serde(default)]
    pub country: Option<Sp<String>>,
}

impl<T: Default> Default for Spanned<T> {
    fn default() -> Self {
        Spanned::new(T::default())
    }
}

//! The cause trail: every change of every meter, itemised by what caused it, and the news of
//! each turn. Reports are built from these, and so is every "why?" tooltip.

use super::command::ActionKind;
use super::content::{CountryIdx, EventIdx, PartnerIdx};
use super::date::GameDate;
use super::ids::{AdversaryStat, AllianceMeter, AttackKind, MemberStat, MissionKind, PartnerStat, ThreatKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A number in the campaign that can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    Alliance(AllianceMeter),
    Country(CountryIdx, MemberStat),
    Adversary(AdversaryStat),
    Threat(ThreatKind),
    Partner(PartnerIdx, PartnerStat),
}

/// What the model itself does each turn, as opposed to players and events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Force {
    EconomicGrowth,
    SanctionsCost,
    ThreatAtHome,
    BudgetPressure,
    GuidelinePull,
    PublicScepticism,
    NewSpending,
    Obsolescence,
    OpinionSettles,
    OperationsFatigue,
    SenseOfDanger,
    AdversaryPosture,
    TerrorThreat,
    AlignmentSettles,
    FreeRiderQuarrel,
    FeelingExposed,
    TroopsOnSoil,
    OwnWay,
    MembersAlignment,
    BurdenQuarrel,
    UnpopularOperations,
    HabitsOfCooperation,
    MemoriesFade,
    PledgesKept,
    PledgesUnmet,
    BalanceOfForces,
    ForwardPresence,
    CredibilityWeight,
    CyberAndTechnology,
    PostureWearsOff,
    PublicOpinion,
    CapitalIncome,
    MilitaryBuildup,
    SanctionsBite,
    WarAttrition,
    WeakDeterrence,
    StrongDeterrence,
    DividedAlliance,
    DialogueCalms,
    OwnAmbitions,
    ThreatTrend,
    OperationsAgainstTerror,
    CyberDefences,
    InvestmentAges,
    PartnershipDrift,
    MembersAtGuideline,
    PartnerAtWar,
    ForwardForcesRotate,
    UnansweredAttack,
}

impl Force {
    /// Text shown in reports and tooltips.
    pub fn label(self) -> &'static str {
        match self {
            Force::EconomicGrowth => "economic growth",
            Force::SanctionsCost => "lost trade under sanctions",
            Force::ThreatAtHome => "threat felt at home",
            Force::BudgetPressure => "budget pressure at home",
            Force::GuidelinePull => "the spending guideline",
            Force::PublicScepticism => "a sceptical public",
            Force::NewSpending => "new defence spending",
            Force::Obsolescence => "wear and obsolescence",
            Force::OpinionSettles => "opinion settling back",
            Force::OperationsFatigue => "fatigue with long operations",
            Force::SenseOfDanger => "a sense of danger",
            Force::AdversaryPosture => "the adversary's posture",
            Force::TerrorThreat => "the terrorist threat",
            Force::AlignmentSettles => "old positions returning",
            Force::FreeRiderQuarrel => "the free-rider quarrel",
            Force::FeelingExposed => "feeling exposed on the frontline",
            Force::TroopsOnSoil => "allied troops on its soil",
            Force::OwnWay => "its wish to go its own way",
            Force::MembersAlignment => "members' alignment",
            Force::BurdenQuarrel => "quarrels over burden sharing",
            Force::UnpopularOperations => "unpopular operations",
            Force::HabitsOfCooperation => "habits of cooperation",
            Force::MemoriesFade => "memories fading",
            Force::PledgesKept => "pledges kept",
            Force::PledgesUnmet => "pledges unmet",
            Force::BalanceOfForces => "the balance of forces",
            Force::ForwardPresence => "forces forward on the frontline",
            Force::CredibilityWeight => "how far the adversary believes the pledge",
            Force::CyberAndTechnology => "cyber defence and technology",
            Force::PostureWearsOff => "exercises and plans wearing off",
            Force::PublicOpinion => "public opinion across members",
            Force::CapitalIncome => "income from cohesion and legitimacy",
            Force::MilitaryBuildup => "the adversary's military build-up",
            Force::SanctionsBite => "sanctions biting",
            Force::WarAttrition => "losses in its war",
            Force::WeakDeterrence => "weak deterrence inviting probes",
            Force::StrongDeterrence => "strong deterrence",
            Force::DividedAlliance => "a divided alliance",
            Force::DialogueCalms => "dialogue",
            Force::OwnAmbitions => "its own ambitions",
            Force::ThreatTrend => "the trend of the times",
            Force::OperationsAgainstTerror => "operations against terrorist networks",
            Force::CyberDefences => "cyber defences",
            Force::InvestmentAges => "investment ageing",
            Force::PartnershipDrift => "partnership drifting",
            Force::MembersAtGuideline => "members meeting the guideline",
            Force::PartnerAtWar => "fighting a war",
            Force::ForwardForcesRotate => "forward forces rotating home",
            Force::UnansweredAttack => "an attack left unanswered",
        }
    }
}

/// A step of the North Atlantic Council's answer to an attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CouncilStep {
    Attack,
    Invoked,
    InvokedForTooLittle,
    ConsensusFailed,
    AnsweredUnderArticleFour,
    LeftUnanswered,
    AlliesAnswered,
}

impl CouncilStep {
    pub fn label(self) -> &'static str {
        match self {
            CouncilStep::Attack => "the attack",
            CouncilStep::Invoked => "invoking Article 5",
            CouncilStep::InvokedForTooLittle => "invoking Article 5 for too little",
            CouncilStep::ConsensusFailed => "the Council failing to agree",
            CouncilStep::AnsweredUnderArticleFour => "a measured answer under Article 4",
            CouncilStep::LeftUnanswered => "a grave attack left unanswered",
            CouncilStep::AlliesAnswered => "the allies' answer",
        }
    }
}

/// Why a number changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Cause {
    /// The player's action.
    Action(ActionKind),
    /// An event when it fired (`choice` None) or the choice made.
    Event {
        event: EventIdx,
        choice: Option<u8>,
    },
    /// The model's own dynamics.
    Force(Force),
    Council(CouncilStep),
    /// A country joining the alliance.
    Accession(CountryIdx),
    /// A member leaving.
    Exit(CountryIdx),
    /// An adversary probe of this kind.
    Probe(AttackKind),
    /// An operation under way.
    Mission(MissionKind),
    /// A summit's success or failure.
    Summit {
        succeeded: bool,
    },
    /// A vote on an invitation that failed.
    InvitationBlocked(CountryIdx),
}

/// One itemised change.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub target: Target,
    pub delta: f64,
    pub cause: Cause,
}

/// Something that happened, for the news log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum News {
    EventFired { event: EventIdx },
    EventAnswered { event: EventIdx, choice: u8 },
    ActionTaken { action: ActionKind, target: Option<String> },
    SummitHeld { succeeded: bool, pledge: Option<f64> },
    Invited { country: CountryIdx },
    InvitationBlocked { country: CountryIdx, by: Vec<CountryIdx> },
    Joined { country: CountryIdx },
    Left { country: CountryIdx },
    LeftIntegratedCommand { country: CountryIdx },
    RejoinedIntegratedCommand { country: CountryIdx },
    Attacked { kind: AttackKind, target: CountryIdx, severity: f64 },
    Probed { kind: AttackKind, target: Option<CountryIdx>, severity: f64 },
    ArticleFourConsultations { target: CountryIdx },
    ArticleFiveInvoked { target: CountryIdx },
    ArticleFiveBlocked { by: Vec<CountryIdx> },
    AnsweredWithoutArticleFive { target: CountryIdx, grave: bool },
    AlliesResponded { collective: u8, limited: u8, little: u8 },
    GuidelineAgreed { pct: f64 },
    MissionStarted { mission: MissionKind },
    MissionEnded { mission: MissionKind },
    ObjectiveMet { objective: u8 },
    ObjectiveFailed { objective: u8 },
    Ended { victory: bool },
}

/// Everything that happened in one turn, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnReport {
    pub turn: u32,
    pub date: Option<GameDate>,
    pub changes: Vec<Change>,
    pub news: Vec<News>,
}

impl TurnReport {
    /// The net change of one number over the turn, by cause, largest first.
    pub fn causes_of(&self, target: Target) -> Vec<(Cause, f64)> {
        let mut by_cause: Vec<(Cause, f64)> = Vec::new();
        for change in self.changes.iter().filter(|c| c.target == target) {
            match by_cause.iter_mut().find(|(cause, _)| *cause == change.cause) {
                Some((_, total)) => *total += change.delta,
                None => by_cause.push((change.cause, change.delta)),
            }
        }
        by_cause.retain(|(_, d)| d.abs() > 1e-9);
        by_cause.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        by_cause
    }

    /// The net change of one number over the turn.
    pub fn net(&self, target: Target) -> f64 {
        self.changes.iter().filter(|c| c.target == target).map(|c| c.delta).sum()
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Alliance(m) => write!(f, "{}", m.label()),
            Target::Country(c, s) => write!(f, "country #{c} {}", s.label()),
            Target::Adversary(s) => write!(f, "{}", s.label()),
            Target::Threat(t) => write!(f, "{}", t.label()),
            Target::Partner(p, s) => write!(f, "partner #{p} {}", s.label()),
        }
    }
}

//! Commands: the only way anything changes a campaign. The UI, the hotkeys, the scripted
//! policies and replays all produce these values.

use super::ids::{Iso, MissionKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A player's decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    // Defence
    /// Lean on a member to raise its defence budget.
    PressSpending {
        member: Iso,
    },
    /// Pay for shared assets (AWACS, pipelines, headquarters) from common funds.
    FundCommonCapabilities,
    /// Station allied forces on a frontline member's soil.
    DeployForward {
        member: Iso,
    },
    /// Hold a large allied exercise.
    HoldExercise,
    InvestCyberDefence,
    /// Invest in new technology, artificial intelligence among it.
    InvestTechnology,
    // Diplomacy
    /// Bring the leaders together; optionally put a spending pledge (% of GDP) on the table.
    HoldSummit {
        pledge: Option<f64>,
    },
    DialogueWithAdversary,
    DeepenPartnership {
        partner: String,
    },
    BuildPartnerCapacity {
        partner: String,
    },
    /// Ask the members to invite a candidate; needs every member's consent.
    InviteCandidate {
        candidate: Iso,
    },
    /// Spend capital bringing a member round to the alliance line.
    Persuade {
        member: Iso,
    },
    /// Buy off a member's veto with a concession on something it cares about.
    OfferConcession {
        member: Iso,
    },
    ImposeSanctions,
    LiftSanctions,
    /// Send weapons and money to a partner at war.
    AidPartner {
        partner: String,
    },
    // Operations
    LaunchMission {
        mission: MissionKind,
    },
    EndMission {
        mission: MissionKind,
    },
    HumanitarianRelief,
    // Events
    AnswerEvent {
        event: String,
        choice: usize,
    },
    // The North Atlantic Council after an attack
    /// Bring a member that hesitates over Article 5 along.
    CouncilPersuade {
        member: Iso,
    },
    /// Put the invocation of Article 5 to the Council.
    InvokeArticleFive,
    /// Keep to Article 4 consultations and answer without invoking Article 5.
    ConsultOnly,
    /// Ask an ally for more than it offered.
    RequestContribution {
        member: Iso,
    },
    /// Close the Council and let the answer take effect.
    CloseCouncil,
    /// Resolve the turn.
    EndTurn,
}

/// The kind of a command, without its target: for costs, tooltips and causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActionKind {
    PressSpending,
    FundCommonCapabilities,
    DeployForward,
    HoldExercise,
    InvestCyberDefence,
    InvestTechnology,
    HoldSummit,
    DialogueWithAdversary,
    DeepenPartnership,
    BuildPartnerCapacity,
    InviteCandidate,
    Persuade,
    OfferConcession,
    ImposeSanctions,
    LiftSanctions,
    AidPartner,
    LaunchMission,
    EndMission,
    HumanitarianRelief,
    AnswerEvent,
    CouncilPersuade,
    InvokeArticleFive,
    ConsultOnly,
    RequestContribution,
    CloseCouncil,
    EndTurn,
}

/// Which column of the actions panel an action sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionGroup {
    Defence,
    Diplomacy,
    Operations,
    Council,
    Turn,
}

impl ActionKind {
    /// The actions a player chooses from the actions panel (not event answers or council steps).
    pub const PANEL: &'static [ActionKind] = &[
        ActionKind::PressSpending,
        ActionKind::FundCommonCapabilities,
        ActionKind::DeployForward,
        ActionKind::HoldExercise,
        ActionKind::InvestCyberDefence,
        ActionKind::InvestTechnology,
        ActionKind::HoldSummit,
        ActionKind::DialogueWithAdversary,
        ActionKind::DeepenPartnership,
        ActionKind::BuildPartnerCapacity,
        ActionKind::InviteCandidate,
        ActionKind::Persuade,
        ActionKind::OfferConcession,
        ActionKind::ImposeSanctions,
        ActionKind::LiftSanctions,
        ActionKind::AidPartner,
        ActionKind::LaunchMission,
        ActionKind::EndMission,
        ActionKind::HumanitarianRelief,
    ];

    /// The name used in files.
    pub fn id(self) -> &'static str {
        match self {
            ActionKind::PressSpending => "PressSpending",
            ActionKind::FundCommonCapabilities => "FundCommonCapabilities",
            ActionKind::DeployForward => "DeployForward",
            ActionKind::HoldExercise => "HoldExercise",
            ActionKind::InvestCyberDefence => "InvestCyberDefence",
            ActionKind::InvestTechnology => "InvestTechnology",
            ActionKind::HoldSummit => "HoldSummit",
            ActionKind::DialogueWithAdversary => "DialogueWithAdversary",
            ActionKind::DeepenPartnership => "DeepenPartnership",
            ActionKind::BuildPartnerCapacity => "BuildPartnerCapacity",
            ActionKind::InviteCandidate => "InviteCandidate",
            ActionKind::Persuade => "Persuade",
            ActionKind::OfferConcession => "OfferConcession",
            ActionKind::ImposeSanctions => "ImposeSanctions",
            ActionKind::LiftSanctions => "LiftSanctions",
            ActionKind::AidPartner => "AidPartner",
            ActionKind::LaunchMission => "LaunchMission",
            ActionKind::EndMission => "EndMission",
            ActionKind::HumanitarianRelief => "HumanitarianRelief",
            ActionKind::AnswerEvent => "AnswerEvent",
            ActionKind::CouncilPersuade => "CouncilPersuade",
            ActionKind::InvokeArticleFive => "InvokeArticleFive",
            ActionKind::ConsultOnly => "ConsultOnly",
            ActionKind::RequestContribution => "RequestContribution",
            ActionKind::CloseCouncil => "CloseCouncil",
            ActionKind::EndTurn => "EndTurn",
        }
    }

    /// Looks a kind up by its file name.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::PANEL
            .iter()
            .chain(&[
                ActionKind::AnswerEvent,
                ActionKind::CouncilPersuade,
                ActionKind::InvokeArticleFive,
                ActionKind::ConsultOnly,
                ActionKind::RequestContribution,
                ActionKind::CloseCouncil,
                ActionKind::EndTurn,
            ])
            .copied()
            .find(|k| k.id() == id)
    }

    /// The name shown to players.
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::PressSpending => "Press to spend more",
            ActionKind::FundCommonCapabilities => "Fund common capabilities",
            ActionKind::DeployForward => "Deploy forces forward",
            ActionKind::HoldExercise => "Hold an exercise",
            ActionKind::InvestCyberDefence => "Invest in cyber defence",
            ActionKind::InvestTechnology => "Invest in new technology",
            ActionKind::HoldSummit => "Hold a summit",
            ActionKind::DialogueWithAdversary => "Open dialogue with the adversary",
            ActionKind::DeepenPartnership => "Deepen a partnership",
            ActionKind::BuildPartnerCapacity => "Build a partner's capacity",
            ActionKind::InviteCandidate => "Invite a candidate",
            ActionKind::Persuade => "Persuade a member",
            ActionKind::OfferConcession => "Offer a concession",
            ActionKind::ImposeSanctions => "Impose sanctions",
            ActionKind::LiftSanctions => "Lift sanctions",
            ActionKind::AidPartner => "Aid a partner at war",
            ActionKind::LaunchMission => "Launch an operation",
            ActionKind::EndMission => "End an operation",
            ActionKind::HumanitarianRelief => "Humanitarian and disaster relief",
            ActionKind::AnswerEvent => "Answer an event",
            ActionKind::CouncilPersuade => "Persuade a hesitant ally",
            ActionKind::InvokeArticleFive => "Invoke Article 5",
            ActionKind::ConsultOnly => "Answer under Article 4 only",
            ActionKind::RequestContribution => "Ask an ally for more",
            ActionKind::CloseCouncil => "Close the Council",
            ActionKind::EndTurn => "End the turn",
        }
    }

    /// Why a player would do this, for tooltips.
    pub fn explanation(self) -> &'static str {
        match self {
            ActionKind::PressSpending => {
                "Raises the member's spending at once and its capability over time, and helps burden sharing. Its public resents the pressure; pressing the same ally two turns running also costs alignment."
            }
            ActionKind::FundCommonCapabilities => {
                "Shared assets lift deterrence and bind the allies together, but the big contributors' publics feel the bill."
            }
            ActionKind::DeployForward => {
                "Troops on a frontline member's soil make an attack there far riskier and reassure that ally; the adversary reads it as a provocation for a while, and it costs money."
            }
            ActionKind::HoldExercise => {
                "Shows the alliance can fight together: a quick lift to deterrence that wears off, reassurance for the frontline, a little more tension."
            }
            ActionKind::InvestCyberDefence => {
                "Hardens networks: cyber attacks do less harm and fewer of them reach the Article 5 threshold."
            }
            ActionKind::InvestTechnology => {
                "Keeps the alliance's edge in new technology and AI, which adds to deterrence; the adversary answers with its own spending."
            }
            ActionKind::HoldSummit => {
                "A good summit lifts cohesion and can fix a spending pledge; a failed one costs cohesion. The chance depends on how aligned the members are and how ambitious the pledge."
            }
            ActionKind::DialogueWithAdversary => {
                "Lowers the adversary's intent and the tension, but frontline members fear a deal over their heads."
            }
            ActionKind::DeepenPartnership => {
                "Closer ties with the EU, the UN or partner countries add legitimacy and reach; near the adversary's border it worries the adversary."
            }
            ActionKind::BuildPartnerCapacity => "Trains and equips a partner so it can resist pressure on its own.",
            ActionKind::InviteCandidate => {
                "Enlargement adds capability and partners, but every member must agree, and the adversary resents it. Members with a veto habit block until persuaded or paid off."
            }
            ActionKind::Persuade => "Quiet diplomacy that raises a member's alignment: how holdouts are brought round.",
            ActionKind::OfferConcession => {
                "Buys off a veto at once, but deals of this kind look transactional and cost legitimacy."
            }
            ActionKind::ImposeSanctions => {
                "Wears down the adversary's strength over time, but trade-exposed members lose GDP and grumble."
            }
            ActionKind::LiftSanctions => {
                "Relieves trade-exposed members, but looks like weakness and the adversary rebuilds."
            }
            ActionKind::AidPartner => {
                "Helps a partner at war hold out and drains the adversary, at the cost of money and a risk of escalation."
            }
            ActionKind::LaunchMission => {
                "Shows the alliance acts against terrorism and crises; publics tire of long operations."
            }
            ActionKind::EndMission => "Ends the fatigue of a long operation; ending it early costs credibility.",
            ActionKind::HumanitarianRelief => {
                "Disaster and humanitarian relief wins public support and legitimacy and eases climate and pandemic harm."
            }
            ActionKind::AnswerEvent => "Choose how the alliance responds.",
            ActionKind::CouncilPersuade => "Moves a hesitant ally toward supporting the invocation.",
            ActionKind::InvokeArticleFive => {
                "Declares the attack an attack on all. It needs consensus. Right when the attack is grave; costly when it is not."
            }
            ActionKind::ConsultOnly => {
                "Consult under Article 4 and answer without invoking Article 5: right for incidents below the threshold, ruinous for a grave armed attack."
            }
            ActionKind::RequestContribution => "Raises what an ally offers by one step.",
            ActionKind::CloseCouncil => "The allies' answers take effect.",
            ActionKind::EndTurn => "Resolve the turn.",
        }
    }

    /// The panel column.
    pub fn group(self) -> ActionGroup {
        use ActionKind::*;
        match self {
            PressSpending
            | FundCommonCapabilities
            | DeployForward
            | HoldExercise
            | InvestCyberDefence
            | InvestTechnology => ActionGroup::Defence,
            HoldSummit
            | DialogueWithAdversary
            | DeepenPartnership
            | BuildPartnerCapacity
            | InviteCandidate
            | Persuade
            | OfferConcession
            | ImposeSanctions
            | LiftSanctions
            | AidPartner => ActionGroup::Diplomacy,
            LaunchMission | EndMission | HumanitarianRelief => ActionGroup::Operations,
            CouncilPersuade | InvokeArticleFive | ConsultOnly | RequestContribution | CloseCouncil => {
                ActionGroup::Council
            }
            AnswerEvent | EndTurn => ActionGroup::Turn,
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Command {
    /// The kind of this command.
    pub fn kind(&self) -> ActionKind {
        match self {
            Command::PressSpending { .. } => ActionKind::PressSpending,
            Command::FundCommonCapabilities => ActionKind::FundCommonCapabilities,
            Command::DeployForward { .. } => ActionKind::DeployForward,
            Command::HoldExercise => ActionKind::HoldExercise,
            Command::InvestCyberDefence => ActionKind::InvestCyberDefence,
            Command::InvestTechnology => ActionKind::InvestTechnology,
            Command::HoldSummit { .. } => ActionKind::HoldSummit,
            Command::DialogueWithAdversary => ActionKind::DialogueWithAdversary,
            Command::DeepenPartnership { .. } => ActionKind::DeepenPartnership,
            Command::BuildPartnerCapacity { .. } => ActionKind::BuildPartnerCapacity,
            Command::InviteCandidate { .. } => ActionKind::InviteCandidate,
            Command::Persuade { .. } => ActionKind::Persuade,
            Command::OfferConcession { .. } => ActionKind::OfferConcession,
            Command::ImposeSanctions => ActionKind::ImposeSanctions,
            Command::LiftSanctions => ActionKind::LiftSanctions,
            Command::AidPartner { .. } => ActionKind::AidPartner,
            Command::LaunchMission { .. } => ActionKind::LaunchMission,
            Command::EndMission { .. } => ActionKind::EndMission,
            Command::HumanitarianRelief => ActionKind::HumanitarianRelief,
            Command::AnswerEvent { .. } => ActionKind::AnswerEvent,
            Command::CouncilPersuade { .. } => ActionKind::CouncilPersuade,
            Command::InvokeArticleFive => ActionKind::InvokeArticleFive,
            Command::ConsultOnly => ActionKind::ConsultOnly,
            Command::RequestContribution { .. } => ActionKind::RequestContribution,
            Command::CloseCouncil => ActionKind::CloseCouncil,
            Command::EndTurn => ActionKind::EndTurn,
        }
    }
}

/// Why a command cannot be carried out now. The text is shown greyed out beside the action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// A refusal whose reason was not asked for (a quiet check); it never reaches the player:
    /// `Campaign::apply` works the reason out when it refuses.
    pub(crate) fn unexplained() -> Self {
        Refusal(String::new())
    }
}

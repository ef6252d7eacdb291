//! What each command costs, what it will do (the preview the UI shows before a click), and
//! carrying it out. Preview and execution share one plan, so the prediction is the outcome.

use super::command::{ActionKind, Command, Refusal};
use super::content::{CountryIdx, EventIdx, PartnerIdx};
use super::council::{CouncilPhase, Response, Stance};
use super::ids::{AdversaryStat, AllianceMeter, MemberStat, MissionKind, PartnerKind, PartnerStat, ThreatKind, Trait};
use super::ledger::{Cause, News, Target};
use super::state::{Campaign, Decision, MissionState, Sim, State, Status};
use std::ops::Deref;

/// Political capital each action costs.
pub fn cost_of(kind: ActionKind) -> f64 {
    match kind {
        ActionKind::PressSpending => 3.0,
        ActionKind::FundCommonCapabilities => 5.0,
        ActionKind::DeployForward => 6.0,
        ActionKind::HoldExercise => 3.0,
        ActionKind::InvestCyberDefence => 4.0,
        ActionKind::InvestTechnology => 5.0,
        ActionKind::HoldSummit => 6.0,
        ActionKind::DialogueWithAdversary => 3.0,
        ActionKind::DeepenPartnership => 3.0,
        ActionKind::BuildPartnerCapacity => 4.0,
        ActionKind::InviteCandidate => 6.0,
        ActionKind::Persuade => 4.0,
        ActionKind::OfferConcession => 8.0,
        ActionKind::ImposeSanctions => 4.0,
        ActionKind::LiftSanctions => 2.0,
        ActionKind::AidPartner => 5.0,
        ActionKind::LaunchMission => 6.0,
        ActionKind::EndMission => 0.0,
        ActionKind::HumanitarianRelief => 3.0,
        ActionKind::CouncilPersuade => 3.0,
        ActionKind::RequestContribution => 3.0,
        ActionKind::AnswerEvent
        | ActionKind::InvokeArticleFive
        | ActionKind::ConsultOnly
        | ActionKind::CloseCouncil
        | ActionKind::EndTurn => 0.0,
    }
}

/// Spending a press adds at once, % of GDP.
const PRESS_SPENDING_STEP: f64 = 0.3;
/// Alignment at which a member with a veto habit stops blocking invitations.
const VETO_LIFTS_AT: f64 = 70.0;
/// Candidate alignment needed before an invitation can be put to the members.
const CANDIDATE_READY_AT: f64 = 50.0;

/// Refuses a command. The reason's text is built only when the plan is wanted in detail: the
/// scripted players' checks need the answer, not the explanation.
macro_rules! refuse {
    ($detail:ident, $($why:tt)+) => {
        return Err(if $detail { Refusal(std::fmt::format(format_args!($($why)+))) } else { Refusal::unexplained() })
    };
}

/// Adds a predicted change to a plan only when the plan's effects are wanted (a check for the
/// scripted players needs only the cost).
macro_rules! effect {
    ($plan:ident, $effects:ident, $change:expr) => {
        if $effects {
            $plan.effects.push($change)
        }
    };
}

/// How much of a plan to work out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Depth {
    /// Whether it is allowed, and its cost.
    Check,
    /// And its effects, to carry it out.
    Execute,
    /// And the text for the player: notes, and the reason for a refusal.
    Preview,
}

/// Adds a note to a plan only when the plan is wanted in detail, so the text is never built
/// for nothing.
macro_rules! note {
    ($plan:ident, $detail:ident, $text:expr $(,)?) => {
        if $detail {
            $plan.notes.push($text)
        }
    };
}

/// An uncertain outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Gamble {
    pub chance: f64,
    pub success: Vec<(Target, f64)>,
    pub failure: Vec<(Target, f64)>,
}

/// What a command will cost and do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub cost: f64,
    /// Changes that will certainly happen.
    pub effects: Vec<(Target, f64)>,
    pub gamble: Option<Gamble>,
    /// Things the numbers do not say (who will block, what starts).
    pub notes: Vec<String>,
}

/// Why a member blocks an invitation (`Sim::blocker_text` puts it in words).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Blocker {
    /// The member objects to this candidate until its alignment reaches `needs`, or a flag is set.
    Objection { needs: f64, alignment: f64, unless_flag: Option<super::content::FlagId> },
    /// The member blocks every invitation until its alignment reaches `VETO_LIFTS_AT`.
    VetoHabit { alignment: f64 },
}

/// What applying a command led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Done,
    TurnEnded,
    CampaignEnded,
}

/// Why nothing can be done: the campaign has ended.
const CAMPAIGN_OVER: &str = "The campaign is over";
/// Why nothing but the Council's business can be done.
const COUNCIL_IN_SESSION: &str = "The North Atlantic Council is in session: answer the attack first";

/// The reason every action outside the Council is refused now, if one reason holds them all.
fn actions_held(state: &State) -> Option<&'static str> {
    if state.ending.is_some() {
        Some(CAMPAIGN_OVER)
    } else if state.council.is_some() {
        Some(COUNCIL_IN_SESSION)
    } else {
        None
    }
}

impl Campaign {
    /// The one reason that holds every action outside the Council now (the campaign over, or the
    /// Council in session), which each of them gives when previewed; `None` when they are judged
    /// one by one.
    pub fn actions_held(&self) -> Option<&'static str> {
        actions_held(&self.state)
    }

    /// What the command would cost and do now, or why it cannot be done.
    pub fn preview(&self, command: &Command) -> Result<Plan, Refusal> {
        Sim::new(&self.content, &self.state).plan(command)
    }

    /// The command's cost if it is allowed now, `None` if not: a preview without the text
    /// (no notes, no reason for a refusal), for the scripted players. `preview` says why not.
    pub fn check(&self, command: &Command) -> Option<f64> {
        Sim::new(&self.content, &self.state).plan_in_detail(command, Depth::Check).ok().map(|p| p.cost)
    }

    /// Carries out a command: the only way a campaign changes. A refused command changes
    /// nothing, and the refusal says why.
    pub fn apply(&mut self, command: Command) -> Result<Applied, Refusal> {
        self.apply_explained(command, true)
    }

    /// As [`Campaign::apply`], but a refusal comes without its reason: for the scripted players,
    /// which do not read it (writing it out, numbers and all, cost more than the check).
    pub fn apply_unexplained(&mut self, command: Command) -> Result<Applied, Refusal> {
        self.apply_explained(command, false)
    }

    fn apply_explained(&mut self, command: Command, explain: bool) -> Result<Applied, Refusal> {
        let sim = Sim::new(&self.content, &self.state);
        // The quiet plan first; the reason's text is built only for a refusal, and only when asked.
        let plan = match sim.plan_in_detail(&command, Depth::Execute) {
            Ok(plan) => plan,
            Err(quiet) if explain => return Err(sim.plan(&command).err().unwrap_or(quiet)),
            Err(quiet) => return Err(quiet),
        };
        let mut sim = self.sim();
        let result = sim.execute(&command, &plan);
        let (turn, date) = (self.state.turn, self.state.date);
        if !matches!(command, Command::EndTurn) {
            self.state.decisions.push(Decision { turn, date, command: command.clone() });
        }
        self.state.tally.capital_spent += plan.cost;
        self.state.command_log.push(command);
        Ok(result)
    }
}

impl<S: Deref<Target = State>> Sim<'_, S> {
    fn member(&self, iso: super::ids::Iso, detail: bool) -> Result<CountryIdx, Refusal> {
        match self.c.country_index(iso) {
            Some(idx) if self.is_member(idx) => Ok(idx),
            Some(idx) => refuse!(detail, "{} is not a member", self.name(idx)),
            None => refuse!(detail, "{iso} is not in this scenario"),
        }
    }

    fn partner(&self, id: &str, detail: bool) -> Result<PartnerIdx, Refusal> {
        match self.c.partner_index(id) {
            Some(p) => Ok(p),
            None => refuse!(detail, "'{id}' is not a partner in this scenario"),
        }
    }

    /// The waiting event with this id: a look among the few pending events, not all of them.
    fn pending_event(&self, id: &str) -> Option<EventIdx> {
        self.s.pending_events.iter().copied().find(|e| self.c.events[usize::from(*e)].id == id)
    }

    fn name(&self, country: CountryIdx) -> &str {
        &self.c.countries[usize::from(country)].name
    }

    fn done_this_turn(&self, kind: ActionKind, target: Option<CountryIdx>) -> bool {
        self.s.acted.contains(&(kind, target))
    }

    fn lead_payers(&self) -> super::state::MemberList {
        self.select(super::content::Selector::Trait(Trait::LeadPayer))
    }

    /// Members blocking an invitation of `candidate`, with the reason for each.
    pub fn invitation_blockers(&self, candidate: CountryIdx) -> Vec<(CountryIdx, Blocker)> {
        let mut blockers = Vec::new();
        for objection in &self.c.countries[usize::from(candidate)].objectors {
            let m = objection.member;
            if !self.is_member(m) || self.s.countries[usize::from(m)].bought_off {
                continue;
            }
            let lifted_by_flag = objection.unless_flag.is_some_and(|f| self.flag(f));
            let alignment = self.s.countries[usize::from(m)].alignment;
            if !lifted_by_flag && alignment < objection.min_alignment {
                blockers.push((
                    m,
                    Blocker::Objection {
                        needs: objection.min_alignment,
                        alignment,
                        unless_flag: objection.unless_flag,
                    },
                ));
            }
        }
        for m in self.member_list() {
            let c = &self.s.countries[usize::from(m)];
            if c.traits.has(Trait::VetoHabit)
                && !c.bought_off
                && c.alignment < VETO_LIFTS_AT
                && !blockers.iter().any(|(b, _)| *b == m)
            {
                blockers.push((m, Blocker::VetoHabit { alignment: c.alignment }));
            }
        }
        blockers
    }

    /// Why a member blocks an invitation, in words.
    pub fn blocker_text(&self, blocker: Blocker) -> String {
        match blocker {
            Blocker::Objection { needs, alignment, unless_flag } => {
                let flag =
                    unless_flag.map(|f| format!(" or until '{}'", self.c.flags[usize::from(f)])).unwrap_or_default();
                format!("objects to this candidate until its alignment reaches {needs:.0} (now {alignment:.0}){flag}")
            }
            Blocker::VetoHabit { alignment } => format!(
                "has a veto habit and holds out until its alignment reaches {VETO_LIFTS_AT:.0} (now {alignment:.0}) or it is paid off"
            ),
        }
    }

    fn summit_chance(&self, pledge: Option<f64>) -> f64 {
        let members = self.member_list();
        let n = members.len().max(1) as f64;
        let alignment: f64 = members.iter().map(|m| self.s.countries[usize::from(*m)].alignment).sum::<f64>() / n;
        let spending: f64 = members.iter().map(|m| self.s.countries[usize::from(*m)].spending_pct).sum::<f64>() / n;
        let ambition = pledge.map_or(0.0, |p| 0.05 + (p - spending).max(0.0) * 0.12);
        (0.25 + 0.5 * self.s.alliance.cohesion / 100.0 + 0.35 * alignment / 100.0 - ambition).clamp(0.15, 0.95)
    }

    /// Checks a command against the state and works out its cost and effects.
    pub fn plan(&self, command: &Command) -> Result<Plan, Refusal> {
        self.plan_in_detail(command, Depth::Preview)
    }

    /// The plan to the depth wanted: carrying out a command needs the numbers, not the text, and
    /// the scripted players' checks need only the cost.
    fn plan_in_detail(&self, command: &Command, depth: Depth) -> Result<Plan, Refusal> {
        let detail = depth == Depth::Preview;
        let effects = depth != Depth::Check;
        let kind = command.kind();
        if self.s.ending.is_some() {
            refuse!(detail, "{CAMPAIGN_OVER}");
        }
        let council_step = matches!(kind.group(), super::command::ActionGroup::Council);
        match (&self.s.council, council_step) {
            (Some(_), false) => refuse!(detail, "{COUNCIL_IN_SESSION}"),
            (None, true) => refuse!(detail, "No attack is before the Council"),
            _ => {}
        }
        if self.c.scenario.disabled_actions.contains(&kind) {
            refuse!(detail, "Not available in this era");
        }
        let mut plan = Plan { cost: cost_of(kind), ..Plan::default() };
        let alliance = |m| Target::Alliance(m);
        let country = |c, s| Target::Country(c, s);
        let fatigue = self.difficulty().fatigue;
        match command {
            Command::PressSpending { member } => {
                let m = self.member(*member, detail)?;
                if self.s.countries[usize::from(m)].traits.has(Trait::NoArmedForces) {
                    refuse!(detail, "{} has no armed forces to pay for", self.name(m));
                }
                if self.done_this_turn(kind, Some(m)) {
                    refuse!(detail, "{} was pressed this turn already", self.name(m));
                }
                effect!(plan, effects, (country(m, MemberStat::SpendingPct), PRESS_SPENDING_STEP));
                effect!(plan, effects, (country(m, MemberStat::PublicSupport), -4.0 * fatigue));
                if self.s.countries[usize::from(m)].pressed_turn.is_some_and(|t| t + 1 >= self.s.turn) {
                    effect!(plan, effects, (country(m, MemberStat::Alignment), -5.0));
                    note!(
                        plan,
                        detail,
                        format!("{} was pressed last turn too: it resents being pressed so hard", self.name(m))
                    );
                }
            }
            Command::FundCommonCapabilities => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "Common funding was already agreed this turn");
                }
                effect!(plan, effects, (alliance(AllianceMeter::Cohesion), 2.0));
                effect!(plan, effects, (alliance(AllianceMeter::Deterrence), 2.0));
                effect!(plan, effects, (alliance(AllianceMeter::Technology), 2.0));
                if !self.c.scenario.disabled_actions.contains(&ActionKind::InvestCyberDefence) {
                    effect!(plan, effects, (alliance(AllianceMeter::CyberDefence), 2.0));
                }
                for m in self.lead_payers() {
                    effect!(plan, effects, (country(m, MemberStat::PublicSupport), -fatigue));
                }
            }
            Command::DeployForward { member } => {
                let m = self.member(*member, detail)?;
                if !self.s.countries[usize::from(m)].frontline {
                    refuse!(detail, "{} is not on the frontline", self.name(m));
                }
                if self.done_this_turn(kind, Some(m)) {
                    refuse!(detail, "Forces already went to {} this turn", self.name(m));
                }
                effect!(plan, effects, (country(m, MemberStat::ForwardForces), 20.0));
                effect!(plan, effects, (country(m, MemberStat::Alignment), 6.0));
                effect!(plan, effects, (country(m, MemberStat::ThreatPerception), -3.0));
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 3.0));
                for p in self.lead_payers() {
                    effect!(plan, effects, (country(p, MemberStat::PublicSupport), -fatigue));
                }
            }
            Command::HoldExercise => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "An exercise was already held this turn");
                }
                effect!(plan, effects, (alliance(AllianceMeter::Deterrence), 4.0));
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 1.5));
                for m in self.select(super::content::Selector::Frontline) {
                    effect!(plan, effects, (country(m, MemberStat::Alignment), 1.5));
                }
            }
            Command::InvestCyberDefence => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "Cyber defence was already funded this turn");
                }
                effect!(plan, effects, (alliance(AllianceMeter::CyberDefence), 8.0));
            }
            Command::InvestTechnology => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "Technology was already funded this turn");
                }
                effect!(plan, effects, (alliance(AllianceMeter::Technology), 8.0));
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Strength), 0.5));
                note!(plan, detail, "The adversary answers with its own investment".into());
            }
            Command::HoldSummit { pledge } => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "A summit was already held this turn");
                }
                if let Some(p) = pledge
                    && (!(1.0..=6.0).contains(p) || !p.is_finite())
                {
                    refuse!(detail, "A spending pledge must be between 1% and 6% of GDP");
                }
                let chance = self.summit_chance(*pledge);
                let mut success =
                    vec![(alliance(AllianceMeter::Cohesion), 3.0), (alliance(AllianceMeter::Legitimacy), 1.0)];
                let mut failure = vec![(alliance(AllianceMeter::Cohesion), -4.0)];
                if let Some(p) = pledge {
                    success.push((alliance(AllianceMeter::Credibility), 3.0));
                    failure.push((alliance(AllianceMeter::Credibility), -1.0));
                    note!(plan, detail, format!("On success the allies pledge to spend {p:.1}% of GDP on defence"));
                }
                plan.gamble = Some(super::actions::Gamble { chance, success, failure });
            }
            Command::DialogueWithAdversary => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "Talks were already held this turn");
                }
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), -2.0));
                for m in self.select(super::content::Selector::Frontline) {
                    effect!(plan, effects, (country(m, MemberStat::Alignment), -4.0));
                }
                note!(plan, detail, "Calms the adversary's intent for several turns".into());
            }
            Command::DeepenPartnership { partner } => {
                let p = self.partner(partner, detail)?;
                if self.done_this_turn(kind, Some(p)) {
                    refuse!(detail, "That partnership was already worked on this turn");
                }
                effect!(plan, effects, (Target::Partner(p, PartnerStat::Ties), 8.0));
                effect!(plan, effects, (alliance(AllianceMeter::Legitimacy), 1.0));
                if self.c.partners[usize::from(p)].borders_adversary {
                    effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 1.5));
                }
            }
            Command::BuildPartnerCapacity { partner } => {
                let p = self.partner(partner, detail)?;
                if self.c.partners[usize::from(p)].kind == PartnerKind::Institution {
                    refuse!(
                        detail,
                        "{} is an institution, not a country to train",
                        self.c.partners[usize::from(p)].name
                    );
                }
                if self.done_this_turn(kind, Some(p)) {
                    refuse!(detail, "That partner was already helped this turn");
                }
                effect!(plan, effects, (Target::Partner(p, PartnerStat::Ties), 3.0));
                effect!(plan, effects, (Target::Partner(p, PartnerStat::Resilience), 8.0));
                if self.c.partners[usize::from(p)].borders_adversary {
                    effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 2.0));
                }
            }
            Command::InviteCandidate { candidate } => {
                let Some(c) = self.c.country_index(*candidate) else {
                    refuse!(detail, "{candidate} is not in this scenario");
                };
                match self.s.countries[usize::from(c)].status {
                    Status::Candidate => {}
                    Status::Invited { .. } => refuse!(detail, "{} is already invited", self.name(c)),
                    Status::Member => refuse!(detail, "{} is already a member", self.name(c)),
                    _ => refuse!(detail, "{} has not applied to join", self.name(c)),
                }
                let alignment = self.s.countries[usize::from(c)].alignment;
                if alignment < CANDIDATE_READY_AT {
                    refuse!(
                        detail,
                        "{} is not ready: its alignment {alignment:.0} is below {CANDIDATE_READY_AT:.0}",
                        self.name(c)
                    );
                }
                if self.done_this_turn(kind, Some(c)) {
                    refuse!(detail, "The members already voted on this candidate this turn");
                }
                let blockers = self.invitation_blockers(c);
                if blockers.is_empty() {
                    note!(
                        plan,
                        detail,
                        format!(
                            "Every member agrees: {} joins once the accession is ratified, next turn",
                            self.name(c)
                        )
                    );
                } else {
                    effect!(plan, effects, (alliance(AllianceMeter::Cohesion), -3.0));
                    for (m, why) in &blockers {
                        note!(plan, detail, format!("Blocked: {} {}", self.name(*m), self.blocker_text(*why)));
                    }
                }
            }
            Command::Persuade { member } => {
                let m = self.member(*member, detail)?;
                if self.done_this_turn(kind, Some(m)) {
                    refuse!(detail, "{} was already lobbied this turn", self.name(m));
                }
                effect!(plan, effects, (country(m, MemberStat::Alignment), 8.0));
            }
            Command::OfferConcession { member } => {
                let m = self.member(*member, detail)?;
                if self.s.countries[usize::from(m)].bought_off {
                    refuse!(detail, "{} already has a concession in hand", self.name(m));
                }
                effect!(plan, effects, (country(m, MemberStat::Alignment), 4.0));
                effect!(plan, effects, (alliance(AllianceMeter::Legitimacy), -2.0));
                note!(plan, detail, format!("{} will not block the next invitation", self.name(m)));
            }
            Command::ImposeSanctions => {
                if self.s.alliance.sanctions {
                    refuse!(detail, "Sanctions are already in force");
                }
                for m in self.select(super::content::Selector::Trait(Trait::TradeExposed)) {
                    effect!(plan, effects, (country(m, MemberStat::Alignment), -3.0));
                }
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 2.0));
                effect!(plan, effects, (alliance(AllianceMeter::Credibility), 1.0));
                note!(plan, detail, "Each turn: adversary strength falls; trade-exposed members lose GDP".into());
            }
            Command::LiftSanctions => {
                if !self.s.alliance.sanctions {
                    refuse!(detail, "No sanctions are in force");
                }
                for m in self.select(super::content::Selector::Trait(Trait::TradeExposed)) {
                    effect!(plan, effects, (country(m, MemberStat::Alignment), 2.0));
                }
                effect!(plan, effects, (alliance(AllianceMeter::Credibility), -3.0));
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), -1.0));
            }
            Command::AidPartner { partner } => {
                let p = self.partner(partner, detail)?;
                if !self.s.partners[usize::from(p)].at_war {
                    refuse!(detail, "{} is not at war", self.c.partners[usize::from(p)].name);
                }
                if self.done_this_turn(kind, Some(p)) {
                    refuse!(detail, "Aid already went out this turn");
                }
                effect!(plan, effects, (Target::Partner(p, PartnerStat::Resilience), 10.0));
                effect!(plan, effects, (Target::Partner(p, PartnerStat::Ties), 3.0));
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Strength), -1.5));
                effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 2.0));
                effect!(plan, effects, (alliance(AllianceMeter::Credibility), 2.0));
                for m in self.lead_payers() {
                    effect!(plan, effects, (country(m, MemberStat::PublicSupport), -fatigue));
                }
            }
            Command::LaunchMission { mission } => {
                if self.s.missions.iter().any(|m| m.kind == *mission) {
                    refuse!(detail, "A {} is already under way", mission.label().to_lowercase());
                }
                effect!(plan, effects, (alliance(AllianceMeter::Credibility), 3.0));
                if *mission == MissionKind::CounterTerrorism {
                    effect!(plan, effects, (Target::Threat(ThreatKind::Terrorism), -3.0));
                }
                let un_ties = self.c.partners.iter().position(|p| p.id == "UN").map(|i| self.s.partners[i].ties);
                if un_ties.is_some_and(|t| t >= 50.0) {
                    effect!(plan, effects, (alliance(AllianceMeter::Legitimacy), 1.0));
                    note!(plan, detail, "A UN mandate lends it legitimacy".into());
                } else {
                    effect!(plan, effects, (alliance(AllianceMeter::Legitimacy), -2.0));
                    note!(plan, detail, "Without close UN ties, critics question its mandate".into());
                }
                note!(plan, detail, "Each turn it lasts, publics tire of it".into());
            }
            Command::EndMission { mission } => {
                let Some(m) = self.s.missions.iter().find(|m| m.kind == *mission) else {
                    refuse!(detail, "No {} is under way", mission.label().to_lowercase());
                };
                if self.s.turn < m.started_turn + 4 {
                    effect!(plan, effects, (alliance(AllianceMeter::Credibility), -3.0));
                    note!(plan, detail, "Ending it this soon looks like walking away".into());
                }
            }
            Command::HumanitarianRelief => {
                if self.done_this_turn(kind, None) {
                    refuse!(detail, "Relief already went out this turn");
                }
                effect!(plan, effects, (alliance(AllianceMeter::Legitimacy), 4.0));
                for m in self.member_list() {
                    effect!(plan, effects, (country(m, MemberStat::PublicSupport), 1.0));
                }
                effect!(plan, effects, (Target::Threat(ThreatKind::Climate), -2.0));
                effect!(plan, effects, (Target::Threat(ThreatKind::Pandemic), -2.0));
                if let Some(un) = self.c.partner_index("UN") {
                    effect!(plan, effects, (Target::Partner(un, PartnerStat::Ties), 3.0));
                }
            }
            Command::AnswerEvent { event, choice } => {
                let Some(e) = self.pending_event(event) else {
                    if self.c.event_index(event).is_none() {
                        refuse!(detail, "There is no event '{event}'");
                    }
                    refuse!(detail, "The event '{event}' is not waiting for an answer");
                };
                let def = &self.c.events[usize::from(e)];
                let Some(chosen) = def.choices.get(*choice) else {
                    refuse!(detail, "The event '{event}' has no choice {}", choice + 1);
                };
                // Carrying out an answer goes through the event machinery, which does not read
                // the plan's effects: only a preview needs them.
                if detail {
                    for effect in &chosen.effects {
                        self.predict_effect(effect, &mut plan, detail, effects);
                    }
                }
            }
            Command::CouncilPersuade { member } => {
                let Some(council) = self.s.council.as_ref() else { refuse!(detail, "No attack is before the Council") };
                if council.phase != CouncilPhase::Consultation {
                    refuse!(detail, "Article 5 is already invoked: ask allies for contributions instead");
                }
                let m = self.member(*member, detail)?;
                let Some(p) = council.position(m) else {
                    refuse!(detail, "{} has no seat in this Council", self.name(m));
                };
                if p.stance() == Stance::Agree {
                    refuse!(detail, "{} already supports invoking Article 5", self.name(m));
                }
                let after = Stance::from_score(p.score() + super::council::PERSUASION_STEP);
                note!(plan, detail, format!("{} would then {}", self.name(m), after.label()));
            }
            Command::InvokeArticleFive => {
                let Some(council) = self.s.council.as_ref() else { refuse!(detail, "No attack is before the Council") };
                if council.phase != CouncilPhase::Consultation {
                    refuse!(detail, "Article 5 is already invoked");
                }
                let objectors = council.objectors();
                if objectors.is_empty() {
                    if council.grave {
                        effect!(plan, effects, (alliance(AllianceMeter::Credibility), 5.0));
                        effect!(plan, effects, (alliance(AllianceMeter::Cohesion), 3.0));
                        effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), -5.0));
                        note!(plan, detail, "Consensus holds: the attack becomes an attack on all".into());
                    } else {
                        effect!(plan, effects, (alliance(AllianceMeter::Legitimacy), -6.0));
                        effect!(plan, effects, (alliance(AllianceMeter::Cohesion), -3.0));
                        effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 6.0));
                        note!(
                            plan,
                            detail,
                            "This attack is below what Article 5 is for: invoking it looks reckless and escalates"
                                .into(),
                        );
                    }
                } else {
                    effect!(plan, effects, (alliance(AllianceMeter::Cohesion), -6.0));
                    effect!(plan, effects, (alliance(AllianceMeter::Credibility), -10.0));
                    let names: Vec<&str> = objectors.iter().map(|m| self.name(*m)).collect();
                    note!(plan, detail, format!("Consensus fails: {} would block", names.join(", ")));
                }
            }
            Command::ConsultOnly => {
                let Some(council) = self.s.council.as_ref() else { refuse!(detail, "No attack is before the Council") };
                if council.phase != CouncilPhase::Consultation {
                    refuse!(detail, "Article 5 is already invoked");
                }
                if council.grave {
                    effect!(plan, effects, (alliance(AllianceMeter::Credibility), -15.0));
                    effect!(plan, effects, (alliance(AllianceMeter::Cohesion), -6.0));
                    effect!(plan, effects, (Target::Adversary(AdversaryStat::Intent), 10.0));
                    note!(
                        plan,
                        detail,
                        "A grave attack left without a collective answer: allies and adversary will remember".into(),
                    );
                    if council.kind == super::ids::AttackKind::Conventional {
                        note!(
                            plan,
                            detail,
                            "An armed attack left unanswered means deterrence has failed: the campaign ends".into(),
                        );
                    }
                } else {
                    effect!(plan, effects, (alliance(AllianceMeter::Credibility), 3.0));
                    effect!(plan, effects, (alliance(AllianceMeter::Cohesion), 1.0));
                    note!(plan, detail, "A measured answer fits an attack of this size".into());
                }
            }
            Command::RequestContribution { member } => {
                let Some(council) = self.s.council.as_ref() else { refuse!(detail, "No attack is before the Council") };
                if council.phase != CouncilPhase::Responses {
                    refuse!(detail, "Allies state their contributions once Article 5 is invoked");
                }
                let m = self.member(*member, detail)?;
                let Some(p) = council.position(m) else {
                    refuse!(detail, "{} has no seat in this Council", self.name(m));
                };
                if p.response == Some(Response::Collective) {
                    refuse!(detail, "{} already commits to a collective military response", self.name(m));
                }
                if p.response == Some(Response::Limited)
                    && self.s.countries[usize::from(m)].traits.has(Trait::NoArmedForces)
                {
                    refuse!(detail, "{} has no armed forces to send", self.name(m));
                }
                effect!(plan, effects, (country(m, MemberStat::PublicSupport), -2.0));
            }
            Command::CloseCouncil => {
                let Some(council) = self.s.council.as_ref() else { refuse!(detail, "No attack is before the Council") };
                if council.phase != CouncilPhase::Responses {
                    refuse!(detail, "Decide first: invoke Article 5 or answer under Article 4");
                }
                let index = council.answer_index(|m| self.s.countries[usize::from(m)].capability.sqrt());
                effect!(plan, effects, (alliance(AllianceMeter::Credibility), (index - 0.4) * 25.0));
                effect!(plan, effects, (alliance(AllianceMeter::Deterrence), index * 8.0));
                effect!(plan, effects, (alliance(AllianceMeter::Cohesion), (index - 0.5) * 10.0));
            }
            Command::EndTurn => {
                if !self.s.pending_events.is_empty() {
                    let n = self.s.pending_events.len();
                    refuse!(detail, "Answer the events of this turn first ({n} waiting)");
                }
            }
        }
        if plan.cost > self.s.alliance.capital + 1e-9 {
            refuse!(
                detail,
                "Needs {:.0} political capital; you have {:.0}",
                plan.cost,
                self.s.alliance.capital.floor()
            );
        }
        Ok(plan)
    }

    /// Adds an event effect's predicted change (or a note) to a plan.
    fn predict_effect(&self, effect: &super::content::Effect, plan: &mut Plan, detail: bool, effects: bool) {
        use super::content::Effect as E;
        match effect {
            E::Alliance(m, d) => effect!(plan, effects, (Target::Alliance(*m), *d)),
            E::Member(c, s, d) => effect!(plan, effects, (Target::Country(*c, *s), *d)),
            E::Members(sel, s, d) => {
                for m in self.select(*sel) {
                    effect!(plan, effects, (Target::Country(m, *s), *d));
                }
            }
            E::Adversary(s, d) => effect!(plan, effects, (Target::Adversary(*s), *d)),
            E::Threat(t, d) => effect!(plan, effects, (Target::Threat(*t), *d)),
            E::Partner(p, s, d) => effect!(plan, effects, (Target::Partner(*p, *s), *d)),
            other => note!(plan, detail, super::describe::effect_text(self.c, other)),
        }
    }
}

impl Sim<'_> {
    /// Carries out a planned command.
    fn execute(&mut self, command: &Command, plan: &Plan) -> Applied {
        let kind = command.kind();
        let cause = Cause::Action(kind);
        if plan.cost > 0.0 {
            self.adjust(Target::Alliance(AllianceMeter::Capital), -plan.cost, cause);
        }
        let target_country = |iso| self.c.country_index(iso);
        let acted_target = match command {
            Command::PressSpending { member } | Command::DeployForward { member } | Command::Persuade { member } => {
                target_country(*member)
            }
            Command::InviteCandidate { candidate } => target_country(*candidate),
            Command::DeepenPartnership { partner }
            | Command::BuildPartnerCapacity { partner }
            | Command::AidPartner { partner } => self.c.partner_index(partner),
            _ => None,
        };
        if kind.group() != super::command::ActionGroup::Turn && kind.group() != super::command::ActionGroup::Council {
            self.s.acted.push((kind, acted_target));
            self.news(News::ActionTaken { action: kind, target: command_target_text(command) });
        }
        if let Command::AnswerEvent { event, choice } = command {
            // Event effects go through the event machinery (flags, follow-ups, structural effects).
            if let Some(e) = self.pending_event(event) {
                self.answer_event(e, *choice);
            }
            return self.after_command();
        }
        // A council step's numbers are a forecast: the council itself applies the outcome.
        let forecast_only = kind.group() == super::command::ActionGroup::Council;
        for (target, delta) in plan.effects.iter().filter(|_| !forecast_only) {
            if *target == Target::Alliance(AllianceMeter::Deterrence) {
                self.s.alliance.posture += delta;
            }
            self.adjust(*target, *delta, cause);
        }
        if let Some(gamble) = &plan.gamble {
            let won = self.chance(gamble.chance);
            let outcome = if won { &gamble.success } else { &gamble.failure };
            for (target, delta) in outcome {
                self.adjust(*target, *delta, Cause::Summit { succeeded: won });
            }
            if let Command::HoldSummit { pledge } = command {
                self.s.tally.summits += 1;
                if !won {
                    self.s.tally.failed_summits += 1;
                }
                self.news(News::SummitHeld { succeeded: won, pledge: *pledge });
                if let (true, Some(p)) = (won, pledge) {
                    self.set_guideline(*p);
                }
            }
        }
        match command {
            Command::PressSpending { member } => {
                if let Some(m) = target_country(*member) {
                    let c = &mut self.s.countries[usize::from(m)];
                    // Part of what is forced on a budget sticks as a lasting commitment.
                    c.baseline_spending += PRESS_SPENDING_STEP * 0.6;
                    c.pressed_turn = Some(self.s.turn);
                }
            }
            Command::DialogueWithAdversary => self.s.alliance.dialogue += 4.0,
            Command::InviteCandidate { candidate } => {
                if let Some(c) = target_country(*candidate) {
                    let blockers = self.invitation_blockers(c);
                    if blockers.is_empty() {
                        self.s.countries[usize::from(c)].status = Status::Invited { accession_turn: self.s.turn + 1 };
                        for m in self.member_list() {
                            self.s.countries[usize::from(m)].bought_off = false;
                        }
                        self.news(News::Invited { country: c });
                    } else {
                        self.s.tally.invitations_blocked += 1;
                        self.news(News::InvitationBlocked {
                            country: c,
                            by: blockers.into_iter().map(|(m, _)| m).collect(),
                        });
                    }
                }
            }
            Command::OfferConcession { member } => {
                if let Some(m) = target_country(*member) {
                    self.s.countries[usize::from(m)].bought_off = true;
                }
            }
            Command::ImposeSanctions => self.s.alliance.sanctions = true,
            Command::LiftSanctions => self.s.alliance.sanctions = false,
            Command::LaunchMission { mission } => {
                self.s.missions.push(MissionState { kind: *mission, started_turn: self.s.turn });
                self.news(News::MissionStarted { mission: *mission });
            }
            Command::EndMission { mission } => {
                self.s.missions.retain(|m| m.kind != *mission);
                self.news(News::MissionEnded { mission: *mission });
            }
            Command::CouncilPersuade { member } => {
                if let Some(m) = target_country(*member) {
                    self.council_persuade(m);
                }
            }
            Command::InvokeArticleFive => self.invoke_article_five(),
            Command::ConsultOnly => self.consult_only(),
            Command::RequestContribution { member } => {
                if let Some(m) = target_country(*member) {
                    self.request_contribution(m);
                }
            }
            Command::CloseCouncil => self.close_council(),
            Command::EndTurn => {
                self.end_turn();
                return if self.s.ending.is_some() { Applied::CampaignEnded } else { Applied::TurnEnded };
            }
            _ => {}
        }
        self.after_command()
    }

    fn after_command(&mut self) -> Applied {
        if self.s.ending.is_some() { Applied::CampaignEnded } else { Applied::Done }
    }
}

fn command_target_text(command: &Command) -> Option<String> {
    match command {
        Command::PressSpending { member }
        | Command::DeployForward { member }
        | Command::Persuade { member }
        | Command::OfferConcession { member } => Some(member.to_string()),
        Command::InviteCandidate { candidate } => Some(candidate.to_string()),
        Command::DeepenPartnership { partner }
        | Command::BuildPartnerCapacity { partner }
        | Command::AidPartner { partner } => Some(partner.clone()),
        Command::LaunchMission { mission } | Command::EndMission { mission } => Some(mission.label().to_string()),
        Command::HoldSummit { pledge: Some(p) } => Some(format!("pledge {p:.1}%")),
        _ => None,
    }
}

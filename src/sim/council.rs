//! Article 4 and Article 5: the North Atlantic Council after an attack on a member — the
//! consultations, each ally's stance and why, the consensus decision and each ally's answer.

use super::content::{CountryIdx, EventIdx};
use super::ids::{AdversaryStat, AllianceMeter, AttackKind, MemberStat, MissionKind, Trait};
use super::ledger::{Cause, CouncilStep, News, Target};
use super::state::{Campaign, Sim, State};
use serde::{Deserialize, Serialize};
use std::ops::Deref;

/// Stance score from which an ally supports invoking Article 5.
pub const AGREE_FROM: f64 = 60.0;
/// Stance score below which an ally objects (and, by consensus, blocks).
pub const OBJECT_BELOW: f64 = 45.0;
/// How far one round of persuasion moves an ally's stance.
pub const PERSUASION_STEP: f64 = 12.0;
/// Will plus means from which an ally, once Article 5 is invoked, sends forces.
pub const COLLECTIVE_FROM: f64 = 70.0;
/// Will plus means from which it sends some help; below, little beyond words.
pub const LIMITED_FROM: f64 = 52.0;
/// What the most capable member's forces add to its will to answer.
pub const MEANS_MAX: f64 = 10.0;

/// Where the Council is in its work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouncilPhase {
    /// Article 4 consultations: the allies weigh the attack and whether to invoke Article 5.
    Consultation,
    /// Article 5 invoked: each ally decides what it will do.
    Responses,
}

/// An ally's position on invoking Article 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    Agree,
    Hesitant,
    Object,
}

impl Stance {
    pub fn from_score(score: f64) -> Stance {
        if score >= AGREE_FROM {
            Stance::Agree
        } else if score >= OBJECT_BELOW {
            Stance::Hesitant
        } else {
            Stance::Object
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stance::Agree => "supports invoking",
            Stance::Hesitant => "hesitates",
            Stance::Object => "objects",
        }
    }
}

/// What an ally does once Article 5 is invoked ("such action as it deems necessary").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Response {
    Little,
    Limited,
    Collective,
}

impl Response {
    pub fn label(self) -> &'static str {
        match self {
            Response::Little => "little beyond words",
            Response::Limited => "limited support",
            Response::Collective => "collective military response",
        }
    }

    /// Weight of the response in the alliance's overall answer.
    pub fn weight(self) -> f64 {
        match self {
            Response::Little => 0.0,
            Response::Limited => 0.5,
            Response::Collective => 1.0,
        }
    }

    fn raised(self) -> Response {
        match self {
            Response::Little => Response::Limited,
            _ => Response::Collective,
        }
    }
}

/// One ally's position, with the parts that make it up so the UI can say why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllyPosition {
    pub country: CountryIdx,
    /// Threat perception, alignment and public support, weighted.
    pub conviction: f64,
    /// Fear of escalation with the adversary.
    pub fear: f64,
    /// Solidarity with the victim and the gravity of the attack.
    pub solidarity: f64,
    /// Added by the Secretary General's persuasion.
    pub persuaded: f64,
    pub response: Option<Response>,
    /// Times the player asked it for more.
    pub asked: u8,
}

impl AllyPosition {
    pub fn score(&self) -> f64 {
        self.conviction - self.fear + self.solidarity + self.persuaded
    }
    pub fn stance(&self) -> Stance {
        Stance::from_score(self.score())
    }
}

/// Why an ally first answered as it did once Article 5 was invoked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResponseReason {
    /// Its stance score when the Council voted.
    pub will: f64,
    /// What its forces add, up to [`MEANS_MAX`] for the most capable member.
    pub means: f64,
    /// It is the ally attacked, which always defends itself with everything.
    pub attacked: bool,
    /// It has no armed forces to send, so it gives limited support at most.
    pub no_forces: bool,
}

impl ResponseReason {
    /// The answer these reasons give, before the player asks for more.
    pub fn response(&self) -> Response {
        let total = self.will + self.means;
        let response = if self.attacked || total >= COLLECTIVE_FROM {
            Response::Collective
        } else if total >= LIMITED_FROM {
            Response::Limited
        } else {
            Response::Little
        };
        if self.no_forces { response.min(Response::Limited) } else { response }
    }
}

/// What an ally's forces add to its will to answer, against the most capable member's.
fn means(capability: f64, capability_max: f64) -> f64 {
    MEANS_MAX * (capability / capability_max).sqrt()
}

/// The largest capability among the members, at least 1.
fn capability_max(state: &State, members: impl Iterator<Item = CountryIdx>) -> f64 {
    members.map(|m| state.countries[usize::from(m)].capability).fold(1.0, f64::max)
}

fn response_reason(state: &State, capability_max: f64, target: CountryIdx, p: &AllyPosition) -> ResponseReason {
    let c = &state.countries[usize::from(p.country)];
    ResponseReason {
        will: p.score(),
        means: means(c.capability, capability_max),
        attacked: p.country == target,
        no_forces: c.traits.has(Trait::NoArmedForces),
    }
}

impl Campaign {
    /// Why `country` answered as it did, while the Council hears the allies' answers.
    pub fn response_reason(&self, country: CountryIdx) -> Option<ResponseReason> {
        let council = self.state().council.as_ref().filter(|c| c.phase == CouncilPhase::Responses)?;
        let p = council.position(country)?;
        let max = capability_max(self.state(), self.members());
        Some(response_reason(self.state(), max, council.target, p))
    }
}

/// The Council in session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Council {
    pub kind: AttackKind,
    pub target: CountryIdx,
    pub severity: f64,
    /// The attack is grave enough that Article 5 fits it.
    pub grave: bool,
    pub phase: CouncilPhase,
    pub positions: Vec<AllyPosition>,
    pub opened_turn: u32,
    /// The event that brought the attack, if any.
    pub event: Option<EventIdx>,
}

impl Council {
    pub fn position(&self, country: CountryIdx) -> Option<&AllyPosition> {
        self.positions.iter().find(|p| p.country == country)
    }

    /// Allies that would block an invocation now.
    pub fn objectors(&self) -> Vec<CountryIdx> {
        self.positions.iter().filter(|p| p.stance() == Stance::Object).map(|p| p.country).collect()
    }

    /// The capability-weighted answer of the allies, 0–1 (the player's own view of it).
    pub fn answer_index(&self, capability: impl Fn(CountryIdx) -> f64) -> f64 {
        let mut total = 0.0;
        let mut weighted = 0.0;
        for p in &self.positions {
            let w = capability(p.country) + 1.0;
            total += w;
            weighted += w * p.response.map_or(0.0, Response::weight);
        }
        if total > 0.0 { weighted / total } else { 0.0 }
    }
}

impl<S: Deref<Target = State>> Sim<'_, S> {
    fn position_of(&self, m: CountryIdx, kind: AttackKind, target: CountryIdx, severity: f64) -> AllyPosition {
        let c = &self.s.countries[usize::from(m)];
        let conviction = 0.35 * c.threat_perception + 0.35 * c.alignment + 0.3 * c.public_support;
        let by_adversary =
            matches!(kind, AttackKind::Conventional | AttackKind::Hybrid | AttackKind::Incursion | AttackKind::Cyber);
        let mut fear = 0.0;
        if by_adversary && !c.frontline {
            fear += self.s.adversary.strength * 0.15;
        }
        if c.traits.has(Trait::NeutralTradition) {
            fear += 8.0;
        }
        let mut solidarity = (severity - 50.0) * 0.3;
        if m == target {
            solidarity += 100.0;
        }
        if kind == AttackKind::Terrorist {
            solidarity += 15.0;
        }
        AllyPosition { country: m, conviction, fear, solidarity, persuaded: 0.0, response: None, asked: 0 }
    }
}

impl Sim<'_> {
    /// An attack lands on a member. Serious ones open the Council; small ones just do harm.
    pub fn attack(
        &mut self,
        kind: AttackKind,
        target: CountryIdx,
        severity: f64,
        cause: Cause,
        event: Option<EventIdx>,
    ) {
        if !self.is_member(target) {
            return;
        }
        let severity = severity.clamp(0.0, 100.0);
        let grave = severity >= self.c.scenario.article5_threshold;
        self.s.tally.attacks += 1;
        if grave {
            self.s.tally.grave_attacks += 1;
        }
        let t = |stat| Target::Country(target, stat);
        // The direct harm, whatever the Council decides.
        match kind {
            AttackKind::Cyber => {
                self.adjust(Target::Alliance(AllianceMeter::Legitimacy), -severity * 0.03, cause);
            }
            AttackKind::Hybrid => {
                self.adjust(t(MemberStat::PublicSupport), -severity * 0.05, cause);
            }
            AttackKind::Terrorist => {
                self.adjust(t(MemberStat::PublicSupport), severity * 0.03, cause);
            }
            AttackKind::Conventional | AttackKind::Incursion => {}
        }
        self.adjust(t(MemberStat::ThreatPerception), 3.0 + severity * 0.1, cause);

        let consult = severity >= super::turn::CONSULT_THRESHOLD || event.is_some();
        if !consult || self.s.council.is_some() {
            self.news(News::Probed { kind, target: Some(target), severity });
            return;
        }
        self.news(News::Attacked { kind, target, severity });
        self.news(News::ArticleFourConsultations { target });
        let positions = self.member_list().into_iter().map(|m| self.position_of(m, kind, target, severity)).collect();
        self.s.council = Some(Council {
            kind,
            target,
            severity,
            grave,
            phase: CouncilPhase::Consultation,
            positions,
            opened_turn: self.s.turn,
            event,
        });
    }

    /// Persuasion in the Council moves an ally's stance one step.
    pub fn council_persuade(&mut self, member: CountryIdx) {
        if let Some(council) = self.s.council.as_mut()
            && let Some(p) = council.positions.iter_mut().find(|p| p.country == member)
        {
            p.persuaded += PERSUASION_STEP;
        }
    }

    /// The Council votes on invoking Article 5.
    pub fn invoke_article_five(&mut self) {
        let Some(council) = self.s.council.clone() else { return };
        let blockers = council.objectors();
        if !blockers.is_empty() {
            let cause = Cause::Council(CouncilStep::ConsensusFailed);
            self.s.tally.article5_blocked += 1;
            self.news(News::ArticleFiveBlocked { by: blockers });
            self.adjust(Target::Alliance(AllianceMeter::Cohesion), -6.0, cause);
            self.adjust(Target::Alliance(AllianceMeter::Credibility), -10.0, cause);
            self.close_without_invocation(&council);
            return;
        }
        self.s.tally.article5_invocations += 1;
        self.news(News::ArticleFiveInvoked { target: council.target });
        if council.grave {
            let cause = Cause::Council(CouncilStep::Invoked);
            self.adjust(Target::Alliance(AllianceMeter::Credibility), 5.0, cause);
            self.adjust(Target::Alliance(AllianceMeter::Cohesion), 3.0, cause);
            self.adjust(Target::Adversary(AdversaryStat::Intent), -5.0, cause);
        } else {
            // Crying wolf: the alliance looks trigger-happy and the adversary sees escalation.
            let cause = Cause::Council(CouncilStep::InvokedForTooLittle);
            self.s.tally.invocations_for_too_little += 1;
            self.adjust(Target::Alliance(AllianceMeter::Legitimacy), -6.0, cause);
            self.adjust(Target::Alliance(AllianceMeter::Cohesion), -3.0, cause);
            self.adjust(Target::Adversary(AdversaryStat::Intent), 6.0, cause);
        }
        let target = council.target;
        let capability_max = capability_max(self.s, self.member_list().into_iter());
        let reasons: Vec<ResponseReason> = match self.s.council.as_ref() {
            Some(open) => open.positions.iter().map(|p| response_reason(self.s, capability_max, target, p)).collect(),
            None => Vec::new(),
        };
        if let Some(open) = self.s.council.as_mut() {
            open.phase = CouncilPhase::Responses;
            // Able and willing allies send forces; the less able or less willing send less.
            for (p, reason) in open.positions.iter_mut().zip(reasons) {
                p.response = Some(reason.response());
            }
        }
    }

    /// Asks an ally for more than it offered.
    pub fn request_contribution(&mut self, member: CountryIdx) {
        let no_forces = self.s.countries[usize::from(member)].traits.has(Trait::NoArmedForces);
        if let Some(council) = self.s.council.as_mut()
            && let Some(p) = council.positions.iter_mut().find(|p| p.country == member)
            && let Some(r) = p.response
        {
            let raised = r.raised();
            p.response = Some(if no_forces { raised.min(Response::Limited) } else { raised });
            p.asked += 1;
        }
        // Being asked to send more costs a little at home.
        self.adjust(
            Target::Country(member, MemberStat::PublicSupport),
            -2.0,
            Cause::Action(super::command::ActionKind::RequestContribution),
        );
    }

    /// The Council answers under Article 4 only.
    pub fn consult_only(&mut self) {
        let Some(council) = self.s.council.clone() else { return };
        self.close_without_invocation(&council);
    }

    fn close_without_invocation(&mut self, council: &Council) {
        let target = council.target;
        self.news(News::AnsweredWithoutArticleFive { target, grave: council.grave });
        if council.grave {
            let cause = Cause::Council(CouncilStep::LeftUnanswered);
            self.s.tally.unanswered_attacks += 1;
            self.adjust(Target::Alliance(AllianceMeter::Credibility), -15.0, cause);
            self.adjust(Target::Alliance(AllianceMeter::Cohesion), -6.0, cause);
            self.adjust(Target::Adversary(AdversaryStat::Intent), 10.0, cause);
            self.adjust(Target::Country(target, MemberStat::Alignment), -15.0, cause);
            self.s.alliance.unanswered_sting = 4;
            if council.kind == AttackKind::Conventional {
                let name = self.c.countries[usize::from(target)].name.clone();
                self.s.council = None;
                self.end_game(false, format!("Deterrence failed: an armed attack on {name} went unanswered"));
                return;
            }
        } else {
            let cause = Cause::Council(CouncilStep::AnsweredUnderArticleFour);
            self.adjust(Target::Alliance(AllianceMeter::Credibility), 3.0, cause);
            self.adjust(Target::Alliance(AllianceMeter::Cohesion), 1.0, cause);
            self.adjust(Target::Country(target, MemberStat::Alignment), 2.0, cause);
        }
        self.s.council = None;
    }

    /// The allies' answers take effect and the Council closes.
    pub fn close_council(&mut self) {
        let Some(council) = self.s.council.take() else { return };
        let index = council.answer_index(|m| self.s.countries[usize::from(m)].capability.sqrt());
        let cause = Cause::Council(CouncilStep::AlliesAnswered);
        let mut counts = [0u8; 3];
        for p in &council.positions {
            match p.response {
                Some(Response::Collective) => counts[0] += 1,
                Some(Response::Limited) => counts[1] += 1,
                _ => counts[2] += 1,
            }
        }
        self.news(News::AlliesResponded { collective: counts[0], limited: counts[1], little: counts[2] });
        self.adjust(Target::Alliance(AllianceMeter::Credibility), (index - 0.4) * 25.0, cause);
        self.s.alliance.posture += index * 8.0;
        self.adjust(Target::Alliance(AllianceMeter::Deterrence), index * 8.0, cause);
        self.adjust(Target::Alliance(AllianceMeter::Cohesion), (index - 0.5) * 10.0, cause);
        self.adjust(Target::Country(council.target, MemberStat::Alignment), index * 10.0, cause);
        if council.kind == AttackKind::Terrorist && council.grave && index >= 0.5 {
            // A collective answer to terrorism means going after its havens (Afghanistan, 2001).
            self.apply_effect(&super::content::Effect::StartMission(MissionKind::CounterTerrorism), cause);
        }
    }
}

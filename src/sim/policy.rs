//! Scripted players for headless runs and balance work: passive, historical, hawk, dove and
//! random. They issue the same commands a human does, through `Campaign::apply`.

use super::command::Command;
use super::content::{Effect, EventIdx};
use super::council::{CouncilPhase, Response, Stance};
use super::ids::{AdversaryStat, AllianceMeter, MemberStat, MissionKind, Trait};
use super::state::{Campaign, Status};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Most actions a policy takes in one turn, so a run always terminates.
const MAX_ACTIONS_PER_TURN: usize = 8;
/// Most council steps before a policy is made to close it.
const MAX_COUNCIL_STEPS: usize = 40;

/// A scripted player.
pub trait Policy {
    fn name(&self) -> &'static str;
    /// Which choice to make for a pending event.
    fn answer(&mut self, campaign: &Campaign, event: EventIdx) -> usize;
    /// The next step in the North Atlantic Council.
    fn council(&mut self, campaign: &Campaign) -> Command;
    /// The next action this turn, or None to end the turn.
    fn act(&mut self, campaign: &Campaign, taken: usize) -> Option<Command>;
}

/// The names `simulate --policy` accepts.
pub const POLICY_NAMES: &[&str] = &["passive", "historical", "hawk", "dove", "random"];

/// Builds a policy by name; `seed` feeds the random policy.
pub fn policy_by_name(name: &str, seed: u64) -> Option<Box<dyn Policy + Send>> {
    Some(match name {
        "passive" => Box::new(Passive),
        "historical" => Box::new(Historical),
        "hawk" => Box::new(Hawk),
        "dove" => Box::new(Dove),
        "random" => Box::new(RandomPolicy { rng: ChaCha8Rng::seed_from_u64(seed ^ 0x05ee_d0fa_11e5) }),
        _ => return None,
    })
}

/// Plays a campaign to its end with a policy.
pub fn play(campaign: &mut Campaign, policy: &mut dyn Policy) {
    let limit = campaign.total_turns() as usize + 2;
    for _ in 0..limit {
        if campaign.is_over() {
            return;
        }
        play_turn(campaign, policy);
    }
}

/// Plays one turn: the Council, the events, a few actions, then the end of the turn.
pub fn play_turn(campaign: &mut Campaign, policy: &mut dyn Policy) {
    let mut actions = 0;
    loop {
        if campaign.is_over() {
            return;
        }
        settle_council(campaign, policy);
        if campaign.is_over() {
            return;
        }
        if let Some(&event) = campaign.state.pending_events.first() {
            let choice = policy.answer(campaign, event);
            let id = |c: &Campaign| c.content.events[usize::from(event)].id.clone();
            if campaign.apply_unexplained(Command::AnswerEvent { event: id(campaign), choice }).is_err() {
                // A policy's bad pick must not stall the run: fall back to the first choice.
                let _ = campaign.apply_unexplained(Command::AnswerEvent { event: id(campaign), choice: 0 });
            }
            continue;
        }
        if actions < MAX_ACTIONS_PER_TURN
            && let Some(command) = policy.act(campaign, actions)
        {
            actions += 1;
            let _ = campaign.apply_unexplained(command);
            continue;
        }
        if campaign.state.council.is_none() && campaign.state.pending_events.is_empty() {
            let _ = campaign.apply_unexplained(Command::EndTurn);
            return;
        }
    }
}

fn settle_council(campaign: &mut Campaign, policy: &mut dyn Policy) {
    for _ in 0..MAX_COUNCIL_STEPS {
        let Some(council) = &campaign.state.council else { return };
        let phase = council.phase;
        let command = policy.council(campaign);
        if campaign.apply_unexplained(command).is_err() {
            let fallback =
                if phase == CouncilPhase::Consultation { Command::ConsultOnly } else { Command::CloseCouncil };
            let _ = campaign.apply_unexplained(fallback);
        }
    }
    if let Some(council) = &campaign.state.council {
        let last =
            if council.phase == CouncilPhase::Consultation { Command::ConsultOnly } else { Command::CloseCouncil };
        let _ = campaign.apply_unexplained(last);
    }
}

/// Scores a choice by what it does to a weighted set of numbers.
fn choice_score(campaign: &Campaign, event: EventIdx, choice: usize, weigh: &dyn Fn(&Effect) -> f64) -> f64 {
    campaign.content.events[usize::from(event)]
        .choices
        .get(choice)
        .map_or(f64::MIN, |c| c.effects.iter().map(weigh).sum())
}

fn best_choice(campaign: &Campaign, event: EventIdx, weigh: &dyn Fn(&Effect) -> f64) -> usize {
    let n = campaign.content.events[usize::from(event)].choices.len();
    let mut best = 0;
    let mut best_score = f64::MIN;
    for k in 0..n {
        let score = choice_score(campaign, event, k, weigh);
        if score > best_score {
            best = k;
            best_score = score;
        }
    }
    best
}

fn capital(campaign: &Campaign) -> f64 {
    campaign.state.alliance.capital
}

/// Whether a command is worth checking at all: its price is within the capital in hand (the
/// cheapest test first; `Campaign::check` works out the whole plan).
fn affordable(campaign: &Campaign, command: &Command) -> bool {
    super::actions::cost_of(command.kind()) <= campaign.state.alliance.capital + 1e-9
}

/// The first option that is affordable and allowed now.
fn first_allowed(campaign: &Campaign, options: impl IntoIterator<Item = Command>) -> Option<Command> {
    options.into_iter().find(|c| affordable(campaign, c) && campaign.check(c).is_some())
}

/// The usual sequence in the Council for a policy that means to invoke: win over objectors and
/// hesitant allies, invoke, ask the strongest hesitant allies for more, close.
fn invoke_sequence(campaign: &Campaign, reserve: f64) -> Command {
    let Some(council) = &campaign.state.council else { return Command::EndTurn };
    let iso = |m: u8| campaign.content.countries[usize::from(m)].iso;
    match council.phase {
        CouncilPhase::Consultation => {
            let persuade = council
                .positions
                .iter()
                .filter(|p| p.stance() == Stance::Object)
                .chain(council.positions.iter().filter(|p| p.stance() == Stance::Hesitant))
                .next();
            match persuade {
                Some(p)
                    if capital(campaign) >= 3.0 + reserve
                        || (p.stance() == Stance::Object && capital(campaign) >= 3.0) =>
                {
                    Command::CouncilPersuade { member: iso(p.country) }
                }
                _ => Command::InvokeArticleFive,
            }
        }
        CouncilPhase::Responses => {
            let ask = council
                .positions
                .iter()
                .filter(|p| p.response.is_some_and(|r| r < Response::Collective) && p.asked == 0)
                .filter(|p| !campaign.state.countries[usize::from(p.country)].traits.has(Trait::NoArmedForces))
                .max_by(|a, b| {
                    let ca = campaign.state.countries[usize::from(a.country)].capability;
                    let cb = campaign.state.countries[usize::from(b.country)].capability;
                    ca.total_cmp(&cb)
                });
            match ask {
                Some(p) if capital(campaign) >= 3.0 + reserve => {
                    Command::RequestContribution { member: iso(p.country) }
                }
                _ => Command::CloseCouncil,
            }
        }
    }
}

/// Does nothing it does not have to: answers events with the least demanding choice and never
/// invokes Article 5.
pub struct Passive;

impl Policy for Passive {
    fn name(&self) -> &'static str {
        "passive"
    }
    fn answer(&mut self, campaign: &Campaign, event: EventIdx) -> usize {
        // The least demanding answer: spends the least capital, then does the least.
        let choices = &campaign.content.events[usize::from(event)].choices;
        let mut best = 0;
        let mut best_key = (f64::MIN, usize::MAX);
        for (k, c) in choices.iter().enumerate() {
            let capital: f64 = c
                .effects
                .iter()
                .map(|e| if let Effect::Alliance(AllianceMeter::Capital, d) = e { *d } else { 0.0 })
                .sum();
            let key = (capital, c.effects.len());
            if key.0 > best_key.0 || (key.0 == best_key.0 && key.1 <= best_key.1) {
                best = k;
                best_key = key;
            }
        }
        best
    }
    fn council(&mut self, campaign: &Campaign) -> Command {
        match campaign.state.council.as_ref().map(|c| c.phase) {
            Some(CouncilPhase::Responses) => Command::CloseCouncil,
            _ => Command::ConsultOnly,
        }
    }
    fn act(&mut self, _: &Campaign, _: usize) -> Option<Command> {
        None
    }
}

/// Plays what actually happened: the historical choice of every event, the alliance's real
/// pattern of actions from the scenario's plan, Article 5 when the attack was grave.
pub struct Historical;

impl Policy for Historical {
    fn name(&self) -> &'static str {
        "historical"
    }
    fn answer(&mut self, campaign: &Campaign, event: EventIdx) -> usize {
        campaign.content.events[usize::from(event)].choices.iter().position(|c| c.historical).unwrap_or(0)
    }
    fn council(&mut self, campaign: &Campaign) -> Command {
        let grave = campaign.state.council.as_ref().is_some_and(|c| c.grave);
        let consulting = campaign.state.council.as_ref().is_some_and(|c| c.phase == CouncilPhase::Consultation);
        if consulting && !grave { Command::ConsultOnly } else { invoke_sequence(campaign, 4.0) }
    }
    fn act(&mut self, campaign: &Campaign, _: usize) -> Option<Command> {
        let date = campaign.state.date;
        let end = date.plus_months(campaign.turn_months() as i32 - 1);
        // Looking a year ahead, keep capital for the plan's more important steps (those listed
        // earlier) rather than spending it all on routine ones.
        let horizon = date.plus_months(12);
        let plan = &campaign.content.scenario.historical_plan;
        let mut reserve = 0.0f64;
        for step in plan {
            if step.to < date {
                continue;
            }
            let cost = super::actions::cost_of(step.action.kind());
            let active = step.from <= end;
            // A command's cost is its price (`cost_of`), so the cheap tests come first and the
            // whole plan is worked out only for a step that can be paid for.
            if active
                && capital(campaign) - cost >= reserve
                && !already_done(campaign, &step.action)
                && campaign.check(&step.action).is_some()
            {
                return Some(step.action.clone());
            }
            if step.from <= horizon && !done_ever(campaign, &step.action) {
                reserve = reserve.max(cost);
            }
        }
        None
    }
}

/// Whether a one-off step (an invitation) has already had its effect.
fn done_ever(campaign: &Campaign, command: &Command) -> bool {
    match command {
        Command::InviteCandidate { candidate } => campaign
            .content
            .country_index(*candidate)
            .is_some_and(|i| campaign.state.countries[usize::from(i)].status != Status::Candidate),
        _ => false,
    }
}

fn already_done(campaign: &Campaign, command: &Command) -> bool {
    let turn = campaign.state.turn;
    campaign.state.decisions.iter().rev().take_while(|d| d.turn == turn).any(|d| d.command == *command)
}

/// Builds strength: presses laggards, reinforces the frontline, exercises, sanctions; always
/// invokes Article 5.
pub struct Hawk;

impl Policy for Hawk {
    fn name(&self) -> &'static str {
        "hawk"
    }
    fn answer(&mut self, campaign: &Campaign, event: EventIdx) -> usize {
        best_choice(campaign, event, &|e| match e {
            Effect::Alliance(AllianceMeter::Deterrence | AllianceMeter::Credibility, d) => *d,
            Effect::Members(_, MemberStat::SpendingPct, d) | Effect::Member(_, MemberStat::SpendingPct, d) => d * 10.0,
            Effect::Adversary(AdversaryStat::Strength, d) => -d,
            Effect::Attack { .. } => 1.0,
            _ => 0.0,
        })
    }
    fn council(&mut self, campaign: &Campaign) -> Command {
        invoke_sequence(campaign, 0.0)
    }
    fn act(&mut self, campaign: &Campaign, taken: usize) -> Option<Command> {
        let iso = |m: usize| campaign.content.countries[m].iso;
        // One walk over the members: the lowest spender with armed forces, and the frontline
        // member with the fewest allied troops (the first of equals, as `min_by` would).
        let mut laggard: Option<(usize, f64)> = None;
        let mut exposed: Option<(usize, f64)> = None;
        for (i, c) in campaign.state.countries.iter().enumerate() {
            if c.status != Status::Member {
                continue;
            }
            if !c.traits.has(Trait::NoArmedForces) && laggard.is_none_or(|(_, v)| c.spending_pct.total_cmp(&v).is_lt())
            {
                laggard = Some((i, c.spending_pct));
            }
            if c.frontline && exposed.is_none_or(|(_, v)| c.forward_forces.total_cmp(&v).is_lt()) {
                exposed = Some((i, c.forward_forces));
            }
        }
        let options = [
            laggard.map(|(m, _)| Command::PressSpending { member: iso(m) }),
            exposed.map(|(m, _)| Command::DeployForward { member: iso(m) }),
            Some(Command::HoldExercise),
            Some(Command::ImposeSanctions),
            Some(Command::InvestCyberDefence),
            Some(Command::HoldSummit { pledge: Some(3.0) }),
        ];
        first_allowed(campaign, options.into_iter().flatten().skip(taken.min(1)))
    }
}

/// Seeks calm: dialogue, partnerships, relief and summits; invokes Article 5 only for the gravest
/// terrorist attacks, and never presses allies to spend.
pub struct Dove;

impl Policy for Dove {
    fn name(&self) -> &'static str {
        "dove"
    }
    fn answer(&mut self, campaign: &Campaign, event: EventIdx) -> usize {
        best_choice(campaign, event, &|e| match e {
            Effect::Alliance(AllianceMeter::Cohesion | AllianceMeter::Legitimacy, d) => *d,
            Effect::Adversary(AdversaryStat::Intent, d) => -d,
            Effect::Members(_, MemberStat::PublicSupport, d) => *d,
            Effect::Members(_, MemberStat::SpendingPct, d) => -d * 5.0,
            _ => 0.0,
        })
    }
    fn council(&mut self, campaign: &Campaign) -> Command {
        let Some(council) = &campaign.state.council else { return Command::EndTurn };
        if council.phase == CouncilPhase::Consultation
            && !(council.grave && council.kind == super::ids::AttackKind::Terrorist)
        {
            Command::ConsultOnly
        } else {
            invoke_sequence(campaign, 6.0)
        }
    }
    fn act(&mut self, campaign: &Campaign, _: usize) -> Option<Command> {
        // Built one at a time as they are tried: the first allowed one is taken.
        let options =
            [Command::DialogueWithAdversary, Command::HumanitarianRelief, Command::HoldSummit { pledge: None }]
                .into_iter()
                .chain(campaign.content.partners.iter().map(|p| Command::DeepenPartnership { partner: p.id.clone() }))
                .chain(campaign.state.alliance.sanctions.then_some(Command::LiftSanctions));
        first_allowed(campaign, options)
    }
}

/// Picks legal-looking commands at random.
pub struct RandomPolicy {
    rng: ChaCha8Rng,
}

impl RandomPolicy {
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.rng.next_u64() % n as u64) as usize }
    }
}

impl Policy for RandomPolicy {
    fn name(&self) -> &'static str {
        "random"
    }
    fn answer(&mut self, campaign: &Campaign, event: EventIdx) -> usize {
        self.below(campaign.content.events[usize::from(event)].choices.len())
    }
    fn council(&mut self, campaign: &Campaign) -> Command {
        let Some(council) = &campaign.state.council else { return Command::EndTurn };
        let iso = |m: u8| campaign.content.countries[usize::from(m)].iso;
        let pick = self.below(council.positions.len());
        let member = council.positions.get(pick).map(|p| iso(p.country));
        match (council.phase, self.below(4), member) {
            (CouncilPhase::Consultation, 0, Some(member)) => Command::CouncilPersuade { member },
            (CouncilPhase::Consultation, 1, _) => Command::ConsultOnly,
            (CouncilPhase::Consultation, _, _) => Command::InvokeArticleFive,
            (CouncilPhase::Responses, 0, Some(member)) => Command::RequestContribution { member },
            (CouncilPhase::Responses, _, _) => Command::CloseCouncil,
        }
    }
    fn act(&mut self, campaign: &Campaign, taken: usize) -> Option<Command> {
        if taken >= 3 || self.below(4) == 0 {
            return None;
        }
        let pick = self.below(random_command_count(campaign));
        random_command(campaign, pick)
    }
}

/// The panel actions without a target, in the order `random_command` numbers them.
const UNTARGETED: [Command; 10] = [
    Command::FundCommonCapabilities,
    Command::HoldExercise,
    Command::InvestCyberDefence,
    Command::InvestTechnology,
    Command::HoldSummit { pledge: None },
    Command::HoldSummit { pledge: Some(2.0) },
    Command::DialogueWithAdversary,
    Command::ImposeSanctions,
    Command::LiftSanctions,
    Command::HumanitarianRelief,
];

/// How many of the actions aimed at a country it offers now: a member can be pressed, persuaded
/// and offered a concession (and sent forces when on the frontline); a candidate invited.
fn country_commands(campaign: &Campaign, i: usize) -> usize {
    match campaign.state.countries[i].status {
        Status::Member => 3 + usize::from(campaign.state.countries[i].frontline),
        Status::Candidate => 1,
        _ => 0,
    }
}

/// How many candidates `random_command` numbers now.
pub fn random_command_count(campaign: &Campaign) -> usize {
    let countries: usize = (0..campaign.content.countries.len()).map(|i| country_commands(campaign, i)).sum();
    UNTARGETED.len() + 2 * MissionKind::ALL.len() + countries + 3 * campaign.content.partners.len()
}

/// The `k`th candidate of every panel action with every target (allowed now or not), for random
/// play and property tests: the untargeted actions, each mission launched and ended, the
/// actions on each member or candidate, then three actions on each partner. Only the one
/// command asked for is built.
pub fn random_command(campaign: &Campaign, k: usize) -> Option<Command> {
    if let Some(command) = UNTARGETED.get(k) {
        return Some(command.clone());
    }
    let mut k = k - UNTARGETED.len();
    if let Some(mission) = MissionKind::ALL.get(k / 2) {
        return Some(if k.is_multiple_of(2) {
            Command::LaunchMission { mission: *mission }
        } else {
            Command::EndMission { mission: *mission }
        });
    }
    k -= 2 * MissionKind::ALL.len();
    for (i, c) in campaign.content.countries.iter().enumerate() {
        let n = country_commands(campaign, i);
        if k >= n {
            k -= n;
            continue;
        }
        let member = c.iso;
        return Some(match (campaign.state.countries[i].status, k) {
            (Status::Candidate, _) => Command::InviteCandidate { candidate: member },
            (_, 0) => Command::PressSpending { member },
            (_, 1) => Command::Persuade { member },
            (_, 2) => Command::OfferConcession { member },
            _ => Command::DeployForward { member },
        });
    }
    let partner = campaign.content.partners.get(k / 3)?.id.clone();
    Some(match k % 3 {
        0 => Command::DeepenPartnership { partner },
        1 => Command::BuildPartnerCapacity { partner },
        _ => Command::AidPartner { partner },
    })
}

/// Every candidate `random_command` numbers, in its order.
pub fn random_commands(campaign: &Campaign) -> Vec<Command> {
    (0..random_command_count(campaign)).filter_map(|k| random_command(campaign, k)).collect()
}

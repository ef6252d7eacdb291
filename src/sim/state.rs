//! The campaign state: everything that changes during play, kept apart from the content it runs
//! on so that a save is just this value plus the scenario's id and hash.

use super::command::{ActionKind, Command};
use super::content::{Content, CountryDef, CountryIdx, CountryStatus, EventIdx, PartnerIdx};
use super::council::Council;
use super::date::GameDate;
use super::ids::{AdversaryStat, AllianceMeter, MemberStat, MissionKind, PartnerStat, ThreatKind, Trait};
use super::ledger::{Cause, Change, News, Target, TurnReport};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::ops::Deref;
use std::sync::Arc;

/// Capability stock built per USD billion spent in a year.
pub(crate) const CAPABILITY_PER_BN: f64 = 1.0;
/// Share of the capability stock lost per year to wear and obsolescence.
pub(crate) const CAPABILITY_DECAY_PER_YEAR: f64 = 0.10;
/// Highest defence spending a member can reach, % of GDP.
pub(crate) const MAX_SPENDING_PCT: f64 = 15.0;

/// Where a country stands toward the alliance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Member,
    /// Invited; joins when the accession is ratified, at the start of `accession_turn`.
    Invited {
        accession_turn: u32,
    },
    Candidate,
    Partner,
    /// Left the alliance.
    Former,
}

/// A set of traits, small enough to copy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Trait>", into = "Vec<Trait>")]
pub struct TraitSet(u16);

impl TraitSet {
    pub fn has(self, t: Trait) -> bool {
        self.0 & (1 << t as u16) != 0
    }
    pub fn insert(&mut self, t: Trait) {
        self.0 |= 1 << t as u16;
    }
    pub fn remove(&mut self, t: Trait) {
        self.0 &= !(1 << t as u16);
    }
    pub fn iter(self) -> impl Iterator<Item = Trait> {
        Trait::ALL.iter().copied().filter(move |t| self.has(*t))
    }
}

impl FromIterator<Trait> for TraitSet {
    fn from_iter<I: IntoIterator<Item = Trait>>(list: I) -> Self {
        let mut set = TraitSet::default();
        for t in list {
            set.insert(t);
        }
        set
    }
}

impl From<Vec<Trait>> for TraitSet {
    fn from(list: Vec<Trait>) -> Self {
        list.into_iter().collect()
    }
}

impl From<TraitSet> for Vec<Trait> {
    fn from(set: TraitSet) -> Self {
        set.iter().collect()
    }
}

/// A country's changing figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryState {
    pub status: Status,
    pub joined: Option<GameDate>,
    pub gdp_bn: f64,
    pub spending_pct: f64,
    pub capability: f64,
    pub public_support: f64,
    pub threat_perception: f64,
    pub alignment: f64,
    pub forward_forces: f64,
    pub traits: TraitSet,
    pub frontline: bool,
    pub in_integrated_command: bool,
    /// Spending at the scenario's start: fear and calm move the settled level around it, within
    /// bounds, so that long eras cannot drift without limit.
    pub anchor_spending: f64,
    /// The levels its spending, support and alignment drift back to.
    pub baseline_spending: f64,
    pub baseline_support: f64,
    pub baseline_alignment: f64,
    /// The last turn the alliance pressed it to spend more.
    pub pressed_turn: Option<u32>,
    /// A concession bought its consent to the next invitation.
    pub bought_off: bool,
    /// Consecutive turns with both alignment and support near collapse.
    pub exit_risk_turns: u8,
}

/// The alliance's meters and standing decisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllianceState {
    pub cohesion: f64,
    pub deterrence: f64,
    pub credibility: f64,
    pub capital: f64,
    pub burden_sharing: f64,
    pub legitimacy: f64,
    pub cyber_defence: f64,
    pub technology: f64,
    /// Deterrence from exercises, plans and events on top of the balance of forces; wears off.
    pub posture: f64,
    /// The part of deterrence the balance of forces gives, and the factors it was computed from
    /// (alliance strength, adversary strength, credibility, forward presence, cyber and technology).
    pub structural_deterrence: f64,
    pub deterrence_factors: [f64; 5],
    /// The spending guideline in force, % of GDP.
    pub guideline_pct: Option<f64>,
    /// The turn the guideline was agreed.
    pub guideline_turn: Option<u32>,
    pub sanctions: bool,
    /// Calm bought by dialogue with the adversary; fades.
    pub dialogue: f64,
    /// Turns left of the sting of an attack left unanswered.
    pub unanswered_sting: u32,
}

impl AllianceState {
    /// The meters, indexed like `AllianceMeter::ALL`.
    pub fn meters(&self) -> [f64; 8] {
        [
            self.cohesion,
            self.deterrence,
            self.credibility,
            self.capital,
            self.burden_sharing,
            self.legitimacy,
            self.cyber_defence,
            self.technology,
        ]
    }
}

/// The adversary's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdversaryState {
    pub strength: f64,
    pub intent: f64,
}

/// A partner's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerState {
    pub ties: f64,
    pub resilience: f64,
    pub at_war: bool,
}

/// An operation under way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissionState {
    pub kind: MissionKind,
    pub started_turn: u32,
}

/// A point of the meters' history, taken at the start of each turn (before its events), for
/// charts, the debrief and the cause trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub turn: u32,
    pub date: GameDate,
    /// Indexed like `AllianceMeter::ALL`.
    pub alliance: [f64; 8],
    /// Strength, intent.
    pub adversary: [f64; 2],
    /// Indexed like `ThreatKind::ALL`.
    pub threats: [f64; 4],
    /// Per country, indexed like `Content::countries`.
    pub countries: Vec<CountryFigures>,
    pub members: u8,
}

/// One country's figures in a snapshot. Saved as a list of four numbers in this order, which
/// keeps a long campaign's history compact.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct CountryFigures {
    pub spending: f64,
    pub support: f64,
    pub alignment: f64,
    pub threat_perception: f64,
}

impl From<[f64; 4]> for CountryFigures {
    fn from([spending, support, alignment, threat_perception]: [f64; 4]) -> Self {
        CountryFigures { spending, support, alignment, threat_perception }
    }
}

impl From<CountryFigures> for [f64; 4] {
    fn from(f: CountryFigures) -> Self {
        [f.spending, f.support, f.alignment, f.threat_perception]
    }
}

/// A decision the player took, with the turn and date: the timeline of the debrief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub turn: u32,
    pub date: GameDate,
    pub command: Command,
}

/// Whether an objective is still open, met or lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObjectiveStatus {
    Open,
    Met,
    Failed,
}

/// How the campaign ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ending {
    pub victory: bool,
    pub reason: String,
    pub turn: u32,
}

/// Counts the summary statistics need.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub attacks: u32,
    pub grave_attacks: u32,
    pub article5_invocations: u32,
    pub article5_blocked: u32,
    pub unanswered_attacks: u32,
    pub invocations_for_too_little: u32,
    pub probes: u32,
    pub summits: u32,
    pub failed_summits: u32,
    pub accessions: u32,
    pub invitations_blocked: u32,
    pub capital_spent: f64,
}

/// Everything that changes in a campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub seed: u64,
    pub difficulty: usize,
    /// Zero-based index of the current turn.
    pub turn: u32,
    pub date: GameDate,
    pub countries: Vec<CountryState>,
    pub alliance: AllianceState,
    pub adversary: AdversaryState,
    /// Indexed like `ThreatKind::ALL`.
    pub threats: [f64; 4],
    pub partners: Vec<PartnerState>,
    /// Indexed by `FlagId`.
    pub flags: Vec<bool>,
    /// How often each event has fired, indexed by `EventIdx`.
    pub fired: Vec<u16>,
    /// Events waiting for the player's answer, oldest first.
    pub pending_events: Vec<EventIdx>,
    /// Follow-up events: (turn, event).
    pub scheduled: Vec<(u32, EventIdx)>,
    pub council: Option<Council>,
    pub missions: Vec<MissionState>,
    /// Actions taken this turn, with their target, so repeats can be refused.
    pub acted: Vec<(ActionKind, Option<CountryIdx>)>,
    /// Changes and news of the turn in progress.
    pub current: TurnReport,
    /// Reports of finished turns: the cause trail.
    pub reports: Vec<TurnReport>,
    pub snapshots: Vec<Snapshot>,
    pub decisions: Vec<Decision>,
    /// Every command accepted, in order: replaying them from the seed rebuilds this state.
    pub command_log: Vec<Command>,
    pub objectives: Vec<ObjectiveStatus>,
    pub ending: Option<Ending>,
    pub tally: Tally,
    pub rng: ChaCha8Rng,
}

/// A campaign: the content it runs on and its state.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub(crate) content: Arc<Content>,
    pub(crate) state: State,
}

impl Campaign {
    /// A new campaign at the scenario's start.
    pub fn new(content: Arc<Content>, seed: u64, difficulty: usize) -> Campaign {
        let state = initial_state(&content, seed, difficulty);
        let mut campaign = Campaign { content, state };
        let mut sim = campaign.sim();
        sim.refresh_derived_meters_silently();
        sim.take_snapshot();
        sim.begin_turn();
        campaign
    }

    /// Rebuilds a campaign from saved state; the content must be the one it was saved with.
    pub fn from_state(content: Arc<Content>, state: State) -> Result<Campaign, String> {
        let counts_match = state.countries.len() == content.countries.len()
            && state.partners.len() == content.partners.len()
            && state.flags.len() == content.flags.len()
            && state.fired.len() == content.events.len()
            && state.objectives.len() == content.scenario.objectives.len()
            && state.difficulty < content.scenario.difficulties.len();
        if !counts_match {
            return Err(format!(
                "the saved state does not fit scenario '{}' as it is now installed",
                content.scenario.id
            ));
        }
        if state
            .pending_events
            .iter()
            .chain(state.scheduled.iter().map(|(_, e)| e))
            .any(|e| usize::from(*e) >= content.events.len())
        {
            return Err("the saved state names an event the scenario does not have".into());
        }
        Ok(Campaign { content, state })
    }

    pub fn content(&self) -> &Arc<Content> {
        &self.content
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// The rules' working view of this campaign.
    pub(crate) fn sim(&mut self) -> Sim<'_> {
        Sim::new(&self.content, &mut self.state)
    }

    /// The current value of a number.
    pub fn get(&self, target: Target) -> f64 {
        read(&self.state, target)
    }

    pub fn is_member(&self, country: CountryIdx) -> bool {
        matches!(self.state.countries.get(usize::from(country)).map(|c| c.status), Some(Status::Member))
    }

    /// Indices of the current members.
    pub fn members(&self) -> impl Iterator<Item = CountryIdx> + '_ {
        members_of(&self.state)
    }

    /// Number of turns in the scenario.
    pub fn total_turns(&self) -> u32 {
        self.content.turn_starts.len() as u32
    }

    /// Months in the current turn.
    pub fn turn_months(&self) -> u32 {
        self.content.turn_months(self.state.turn as usize)
    }

    pub fn is_over(&self) -> bool {
        self.state.ending.is_some()
    }

    /// A hash of the whole state, the same on every run with the same seed and commands.
    pub fn state_hash(&self) -> u64 {
        super::hash::state_hash(&self.state)
    }
}

pub(crate) fn members_of(state: &State) -> impl Iterator<Item = CountryIdx> + '_ {
    state.countries.iter().enumerate().filter(|(_, c)| c.status == Status::Member).map(|(i, _)| i as CountryIdx)
}

fn initial_state(content: &Content, seed: u64, difficulty: usize) -> State {
    let sc = &content.scenario;
    let countries = content.countries.iter().map(initial_country).collect();
    let partners = content
        .partners
        .iter()
        .map(|p| PartnerState { ties: p.ties, resilience: p.resilience, at_war: p.at_war })
        .collect();
    let mut flags = vec![false; content.flags.len()];
    for f in &sc.starting_flags {
        if let Some(slot) = flags.get_mut(usize::from(*f)) {
            *slot = true;
        }
    }
    let start = content.turn_starts.first().copied().unwrap_or(sc.start);
    State {
        seed,
        difficulty: difficulty.min(sc.difficulties.len().saturating_sub(1)),
        turn: 0,
        date: start,
        countries,
        alliance: AllianceState {
            cohesion: sc.alliance.cohesion,
            deterrence: 0.0,
            credibility: sc.alliance.credibility,
            capital: sc.alliance.capital,
            burden_sharing: 0.0,
            legitimacy: sc.alliance.legitimacy,
            cyber_defence: sc.alliance.cyber_defence,
            technology: sc.alliance.technology,
            posture: sc.alliance.posture,
            structural_deterrence: 0.0,
            deterrence_factors: [0.0; 5],
            guideline_pct: sc.guideline_pct,
            guideline_turn: sc.guideline_pct.map(|_| 0),
            sanctions: false,
            dialogue: 0.0,
            unanswered_sting: 0,
        },
        adversary: AdversaryState { strength: sc.adversary.strength, intent: sc.adversary.intent },
        threats: [sc.threats[0].start, sc.threats[1].start, sc.threats[2].start, sc.threats[3].start],
        partners,
        flags,
        fired: vec![0; content.events.len()],
        pending_events: Vec::new(),
        scheduled: Vec::new(),
        council: None,
        missions: Vec::new(),
        acted: Vec::new(),
        // Sized for the whole campaign, so the lists never regrow: a turn records a change or so
        // for each number of each country.
        current: TurnReport {
            turn: 0,
            date: Some(start),
            changes: Vec::with_capacity(content.countries.len() * 12 + 32),
            news: Vec::with_capacity(16),
        },
        reports: Vec::with_capacity(content.turn_starts.len() + 1),
        snapshots: Vec::with_capacity(content.turn_starts.len() + 2),
        // A few commands a turn: sized for the usual campaign so that they rarely regrow.
        decisions: Vec::with_capacity(content.turn_starts.len() * 2 + 8),
        command_log: Vec::with_capacity(content.turn_starts.len() * 4 + 8),
        objectives: vec![ObjectiveStatus::Open; sc.objectives.len()],
        ending: None,
        tally: Tally::default(),
        rng: ChaCha8Rng::seed_from_u64(seed),
    }
}

fn initial_country(def: &CountryDef) -> CountryState {
    let status = match def.status {
        CountryStatus::Member => Status::Member,
        CountryStatus::Candidate => Status::Candidate,
        CountryStatus::Partner => Status::Partner,
    };
    // Start the capability stock at the level steady spending would have built, so that the
    // first turns show the effect of decisions rather than a settling transient.
    let yearly_bn = def.gdp_bn * def.spending_pct / 100.0;
    CountryState {
        status,
        joined: if status == Status::Member { def.joined } else { None },
        gdp_bn: def.gdp_bn,
        spending_pct: def.spending_pct,
        capability: yearly_bn * CAPABILITY_PER_BN / CAPABILITY_DECAY_PER_YEAR,
        public_support: def.public_support,
        threat_perception: def.threat_perception,
        alignment: def.alignment,
        forward_forces: 0.0,
        traits: def.traits.iter().copied().collect(),
        frontline: def.frontline,
        in_integrated_command: def.in_integrated_command,
        anchor_spending: def.spending_pct,
        baseline_spending: def.spending_pct,
        baseline_support: def.public_support,
        baseline_alignment: def.alignment,
        pressed_turn: None,
        bought_off: false,
        exit_risk_turns: 0,
    }
}

/// The value and valid range of a number.
pub(crate) fn read(s: &State, target: Target) -> f64 {
    match target {
        Target::Alliance(m) => {
            let a = &s.alliance;
            match m {
                AllianceMeter::Cohesion => a.cohesion,
                AllianceMeter::Deterrence => a.deterrence,
                AllianceMeter::Credibility => a.credibility,
                AllianceMeter::Capital => a.capital,
                AllianceMeter::BurdenSharing => a.burden_sharing,
                AllianceMeter::Legitimacy => a.legitimacy,
                AllianceMeter::CyberDefence => a.cyber_defence,
                AllianceMeter::Technology => a.technology,
            }
        }
        Target::Country(i, stat) => match s.countries.get(usize::from(i)) {
            Some(c) => match stat {
                MemberStat::SpendingPct => c.spending_pct,
                MemberStat::Gdp => c.gdp_bn,
                MemberStat::Capability => c.capability,
                MemberStat::PublicSupport => c.public_support,
                MemberStat::ThreatPerception => c.threat_perception,
                MemberStat::Alignment => c.alignment,
                MemberStat::ForwardForces => c.forward_forces,
            },
            None => 0.0,
        },
        Target::Adversary(AdversaryStat::Strength) => s.adversary.strength,
        Target::Adversary(AdversaryStat::Intent) => s.adversary.intent,
        Target::Threat(t) => s.threats[t as usize],
        Target::Partner(i, stat) => match s.partners.get(usize::from(i)) {
            Some(p) => match stat {
                PartnerStat::Ties => p.ties,
                PartnerStat::Resilience => p.resilience,
            },
            None => 0.0,
        },
    }
}

#[inline(always)]
fn slot(s: &mut State, target: Target) -> Option<(&mut f64, f64, f64)> {
    Some(match target {
        Target::Alliance(m) => {
            let a = &mut s.alliance;
            let v = match m {
                AllianceMeter::Cohesion => &mut a.cohesion,
                AllianceMeter::Deterrence => &mut a.deterrence,
                AllianceMeter::Credibility => &mut a.credibility,
                AllianceMeter::Capital => &mut a.capital,
                AllianceMeter::BurdenSharing => &mut a.burden_sharing,
                AllianceMeter::Legitimacy => &mut a.legitimacy,
                AllianceMeter::CyberDefence => &mut a.cyber_defence,
                AllianceMeter::Technology => &mut a.technology,
            };
            (v, 0.0, 100.0)
        }
        Target::Country(i, stat) => country_slot(s.countries.get_mut(usize::from(i))?, stat),
        Target::Adversary(AdversaryStat::Strength) => (&mut s.adversary.strength, 0.0, 100.0),
        Target::Adversary(AdversaryStat::Intent) => (&mut s.adversary.intent, 0.0, 100.0),
        Target::Threat(t) => (&mut s.threats[t as usize], 0.0, 100.0),
        Target::Partner(i, stat) => {
            let p = s.partners.get_mut(usize::from(i))?;
            match stat {
                PartnerStat::Ties => (&mut p.ties, 0.0, 100.0),
                PartnerStat::Resilience => (&mut p.resilience, 0.0, 100.0),
            }
        }
    })
}

/// A country's figure and its valid range.
#[inline]
pub(crate) fn country_slot(c: &mut CountryState, stat: MemberStat) -> (&mut f64, f64, f64) {
    match stat {
        MemberStat::SpendingPct => (&mut c.spending_pct, 0.0, MAX_SPENDING_PCT),
        MemberStat::Gdp => (&mut c.gdp_bn, 0.01, 1.0e6),
        MemberStat::Capability => (&mut c.capability, 0.0, 1.0e7),
        MemberStat::PublicSupport => (&mut c.public_support, 0.0, 100.0),
        MemberStat::ThreatPerception => (&mut c.threat_perception, 0.0, 100.0),
        MemberStat::Alignment => (&mut c.alignment, 0.0, 100.0),
        MemberStat::ForwardForces => (&mut c.forward_forces, 0.0, 100.0),
    }
}

/// Whether a change of `delta` moves anything: not for zero, nor for an infinite or undefined
/// one. `x - x` is zero exactly when `x` is finite: a cheaper test than `is_finite` on the
/// rules' busiest path.
#[inline]
#[allow(clippy::eq_op)]
pub(crate) fn moves(delta: f64) -> bool {
    delta != 0.0 && delta - delta == 0.0
}

/// Moves a number by `delta` within its range; returns the change made.
#[inline]
pub(crate) fn shift(value: &mut f64, lo: f64, hi: f64, delta: f64) -> f64 {
    let before = *value;
    let after = (before + delta).clamp(lo, hi);
    *value = after;
    after - before
}

/// The members at one moment, held without allocating: the rules walk them many times a turn.
/// A country index is a `u8`, so every country fits.
#[derive(Clone, Copy)]
pub(crate) struct MemberList {
    len: usize,
    idx: [CountryIdx; MemberList::CAPACITY],
}

impl MemberList {
    const CAPACITY: usize = CountryIdx::MAX as usize + 1;

    /// Keeps the members for which `keep` holds, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(CountryIdx) -> bool) {
        let mut kept = 0;
        for k in 0..self.len {
            let m = self.idx[k];
            if keep(m) {
                self.idx[kept] = m;
                kept += 1;
            }
        }
        self.len = kept;
    }
}

impl Deref for MemberList {
    type Target = [CountryIdx];
    fn deref(&self) -> &[CountryIdx] {
        &self.idx[..self.len]
    }
}

impl IntoIterator for MemberList {
    type Item = CountryIdx;
    type IntoIter = std::iter::Take<std::array::IntoIter<CountryIdx, { MemberList::CAPACITY }>>;
    fn into_iter(self) -> Self::IntoIter {
        self.idx.into_iter().take(self.len)
    }
}

impl<'a> IntoIterator for &'a MemberList {
    type Item = &'a CountryIdx;
    type IntoIter = std::slice::Iter<'a, CountryIdx>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The working view the rules use: read-only content beside the state. Queries work on a
/// shared borrow (so previews never copy the state); changes need `&mut State`.
pub(crate) struct Sim<'a, S = &'a mut State> {
    pub c: &'a Content,
    pub s: S,
    /// The members, once walked: a turn asks for them a score of times, and they change only
    /// when a country joins or leaves (`join` and `leave` forget them).
    members: std::cell::Cell<Option<MemberList>>,
}

impl<'a, S: Deref<Target = State>> Sim<'a, S> {
    pub fn new(c: &'a Content, s: S) -> Self {
        Sim { c, s, members: std::cell::Cell::new(None) }
    }

    /// Forgets the members walked so far, after membership changed.
    pub(crate) fn members_changed(&self) {
        self.members.set(None);
    }
}

impl<S: Deref<Target = State>> Sim<'_, S> {
    pub fn get(&self, target: Target) -> f64 {
        read(&self.s, target)
    }

    pub fn is_member(&self, country: CountryIdx) -> bool {
        matches!(self.s.countries.get(usize::from(country)).map(|c| c.status), Some(Status::Member))
    }

    /// Indices of current members, copied out so the caller may mutate while walking them.
    pub fn member_list(&self) -> MemberList {
        if let Some(list) = self.members.get() {
            return list;
        }
        let mut list = MemberList { len: 0, idx: [0; MemberList::CAPACITY] };
        for m in members_of(&self.s) {
            list.idx[list.len] = m;
            list.len += 1;
        }
        self.members.set(Some(list));
        list
    }

    pub fn flag(&self, flag: u16) -> bool {
        self.s.flags.get(usize::from(flag)).copied().unwrap_or(false)
    }

    pub fn difficulty(&self) -> &super::content::DifficultyDef {
        let levels = &self.c.scenario.difficulties;
        &levels[self.s.difficulty.min(levels.len() - 1)]
    }

    /// Fraction of a year in the current turn.
    pub fn year_fraction(&self) -> f64 {
        f64::from(self.c.turn_months(self.s.turn as usize)) / 12.0
    }

    /// Whether this member counts for burden sharing (Iceland has no armed forces).
    pub fn counts_for_burden(&self, country: CountryIdx) -> bool {
        !self.s.countries[usize::from(country)].traits.has(Trait::NoArmedForces)
    }

    /// The threat kind's current level.
    pub fn threat(&self, kind: ThreatKind) -> f64 {
        self.s.threats[kind as usize]
    }

    pub fn partner_at_war(&self, partner: PartnerIdx) -> bool {
        self.s.partners.get(usize::from(partner)).is_some_and(|p| p.at_war)
    }
}

impl Sim<'_> {
    /// Changes a number by `delta`, kept in its range, and records the change actually made.
    #[inline(always)]
    pub fn adjust(&mut self, target: Target, delta: f64, cause: Cause) -> f64 {
        if !moves(delta) {
            return 0.0;
        }
        let Some((value, lo, hi)) = slot(self.s, target) else { return 0.0 };
        let applied = shift(value, lo, hi, delta);
        if applied != 0.0 {
            self.s.current.changes.push(Change { target, delta: applied, cause });
        }
        applied
    }

    /// Sets a number, recording the difference as a change.
    pub fn set(&mut self, target: Target, value: f64, cause: Cause) -> f64 {
        let delta = value - read(self.s, target);
        self.adjust(target, delta, cause)
    }

    pub fn news(&mut self, item: News) {
        self.s.current.news.push(item);
    }

    /// A uniform number in [0, 1) from the campaign's own generator.
    pub fn roll(&mut self) -> f64 {
        // 53 random bits scaled into [0, 1): exact and the same on every platform.
        (self.s.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.roll() < p
    }

    /// Records the meters for charts.
    pub fn take_snapshot(&mut self) {
        let countries = &self.s.countries;
        let snap = Snapshot {
            turn: self.s.turn,
            date: self.s.date,
            alliance: self.s.alliance.meters(),
            adversary: [self.s.adversary.strength, self.s.adversary.intent],
            threats: self.s.threats,
            countries: countries
                .iter()
                .map(|c| CountryFigures {
                    spending: c.spending_pct,
                    support: c.public_support,
                    alignment: c.alignment,
                    threat_perception: c.threat_perception,
                })
                .collect(),
            members: members_of(self.s).count() as u8,
        };
        self.s.snapshots.push(snap);
    }
}

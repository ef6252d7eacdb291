//! Each country's own dynamics in a turn: its economy, its defence budget, the capability its
//! spending buys, the threat it feels, its public's mood and (for a member) its alignment.

use super::content::{CountryDef, CountryIdx};
use super::ids::{MemberStat, Region, ThreatKind, Trait};
use super::ledger::{Cause, Change, Force, Target};
use super::state::{
    CAPABILITY_DECAY_PER_YEAR, CAPABILITY_PER_BN, CountryState, Sim, Status, country_slot, moves, shift,
};

// Tunables. "Per turn" values are calibrated on six-month turns and scaled by `pace`.
/// Public support below which budgets and alignment suffer.
const SCEPTICAL_SUPPORT: f64 = 35.0;
/// Deterrence below which frontline members feel exposed.
const EXPOSED_BELOW: f64 = 45.0;
/// Burden sharing below which the lead payer's patience wears thin.
const QUARREL_BELOW: f64 = 50.0;
/// Spending a member settles at, as a share of its starting level, with no threat at all...
const FEAR_LEVEL_LOW: f64 = 0.5;
/// ...and under the greatest threat.
const FEAR_LEVEL_HIGH: f64 = 1.5;
/// Share per year of the gap to that level that budgets close.
const FEAR_PULL_PER_YEAR: f64 = 0.12;
/// Share per year of spending above a member's settled level that budgets claw back.
const BUDGET_CLAWBACK_PER_YEAR: f64 = 0.25;
/// Share per year of the gap to the guideline closed by a fully aligned member.
const GUIDELINE_PULL_PER_YEAR: f64 = 0.06;
/// Share of the gap to its target that threat perception closes per turn.
const THREAT_PERCEPTION_RATE: f64 = 0.35;
/// Public support lost per turn for each operation under way.
const OPERATION_FATIGUE: f64 = 1.2;

/// What the countries' own dynamics read that holds for the whole turn.
struct TurnFactors {
    year_fraction: f64,
    /// `Sim::pace`.
    pace: f64,
    sanctions: bool,
    guideline: Option<f64>,
    autopilot: bool,
    /// The adversary's weight on threat perception, and terrorism's and cyber attacks'.
    pressure: f64,
    terror: f64,
    /// Share of the gap to its goal that threat perception closes this turn.
    perception_rate: f64,
    /// Public support lost by members to the operations under way.
    fatigue: f64,
}

impl TurnFactors {
    fn of(sim: &Sim<'_>) -> TurnFactors {
        let pace = sim.pace();
        let difficulty = sim.difficulty();
        let adv = &sim.s.adversary;
        TurnFactors {
            year_fraction: sim.year_fraction(),
            pace,
            sanctions: sim.s.alliance.sanctions,
            guideline: sim.s.alliance.guideline_pct,
            autopilot: difficulty.spending_autopilot,
            pressure: 0.4 * adv.strength + 0.6 * adv.intent,
            terror: sim.threat(ThreatKind::Terrorism) * 0.3 + sim.threat(ThreatKind::Cyber) * 0.1,
            perception_rate: (THREAT_PERCEPTION_RATE * pace).min(1.0),
            fatigue: sim.s.missions.len() as f64 * OPERATION_FATIGUE * pace * difficulty.fatigue,
        }
    }
}

impl Sim<'_> {
    /// Each country in turn: its economy, then (for a member) its defence budget, the
    /// capability its spending buys, the threat it feels and its public's mood. Each step reads
    /// only the country's own numbers and alliance-wide ones that none of them changes, so one
    /// walk over the countries gives the same numbers as five walks, with less work; and each
    /// works on its country directly, recording its changes as `Sim::adjust` would.
    pub(super) fn resolve_countries(&mut self) {
        let turn = TurnFactors::of(self);
        let state = &mut *self.s;
        let changes = &mut state.current.changes;
        for (i, (c, def)) in state.countries.iter_mut().zip(&self.c.countries).enumerate() {
            let mut country = CountryEdit { idx: i as CountryIdx, c, changes };
            country.economy(def, &turn);
            match country.c.status {
                Status::Former => continue,
                Status::Member => country.spending(&turn),
                _ => {}
            }
            country.capability(&turn);
            country.threat_perception(def, &turn);
            country.public_support(&turn);
        }
    }

    /// Each member's alignment, after the countries' own dynamics: it settles toward its usual
    /// level and answers the alliance's state (burden quarrels, exposure, troops on its soil).
    pub(super) fn resolve_alignment(&mut self) {
        let pace = self.pace();
        let quarrels = self.difficulty().quarrels && self.s.alliance.guideline_pct.is_some();
        let burden = self.s.alliance.burden_sharing;
        let deterrence = self.s.alliance.deterrence;
        let cohesion = self.s.alliance.cohesion;
        let state = &mut *self.s;
        let changes = &mut state.current.changes;
        for (i, c) in state.countries.iter_mut().enumerate() {
            if c.status != Status::Member {
                continue;
            }
            let settle = (c.baseline_alignment - c.alignment) * (0.1 * pace).min(1.0);
            let (traits, frontline, forward, support) = (c.traits, c.frontline, c.forward_forces, c.public_support);
            let mut member = CountryEdit { idx: i as CountryIdx, c, changes };
            let stat = MemberStat::Alignment;
            member.adjust(stat, settle, Force::AlignmentSettles);
            if quarrels && traits.has(Trait::LeadPayer) && burden < QUARREL_BELOW {
                member.adjust(stat, -(QUARREL_BELOW - burden) * 0.06 * pace, Force::FreeRiderQuarrel);
            }
            if frontline && deterrence < EXPOSED_BELOW {
                member.adjust(stat, -(EXPOSED_BELOW - deterrence) * 0.08 * pace, Force::FeelingExposed);
            }
            if forward > 0.0 {
                member.adjust(stat, forward * 0.03 * pace, Force::TroopsOnSoil);
            }
            if traits.has(Trait::IndependentStreak) && cohesion > 60.0 {
                member.adjust(stat, -(cohesion - 60.0) * 0.1 * pace, Force::OwnWay);
            }
            if support < SCEPTICAL_SUPPORT {
                member.adjust(stat, -pace, Force::PublicScepticism);
            }
        }
    }
}

/// How near the adversary a country feels, 0–1.
pub(super) fn proximity(c: &CountryState, def: &CountryDef) -> f64 {
    if c.frontline {
        return 1.0;
    }
    match def.region {
        Region::NorthAmerica => 0.35,
        Region::Atlantic => 0.5,
        Region::Western => 0.6,
        Region::Southern => 0.5,
        Region::Balkans => 0.55,
        Region::Northern => 0.7,
        Region::SouthEastern => 0.75,
        Region::Central => 0.8,
        Region::Eastern => 0.9,
        Region::Caucasus => 0.85,
    }
}

/// One country's figures and the turn's list of changes: the rules' busiest paths work on a
/// country through this rather than through `Sim::adjust`, which finds the number anew each time.
pub(super) struct CountryEdit<'a> {
    idx: CountryIdx,
    c: &'a mut CountryState,
    changes: &'a mut Vec<Change>,
}

impl<'a> CountryEdit<'a> {
    pub(super) fn new(idx: CountryIdx, c: &'a mut CountryState, changes: &'a mut Vec<Change>) -> Self {
        CountryEdit { idx, c, changes }
    }
}

impl CountryEdit<'_> {
    /// `Sim::adjust` for this country's figures.
    #[inline]
    fn record(&mut self, stat: MemberStat, delta: f64, cause: Cause) -> f64 {
        if !moves(delta) {
            return 0.0;
        }
        let (value, lo, hi) = country_slot(self.c, stat);
        let applied = shift(value, lo, hi, delta);
        if applied != 0.0 {
            self.changes.push(Change { target: Target::Country(self.idx, stat), delta: applied, cause });
        }
        applied
    }

    /// A change the model itself makes.
    #[inline]
    fn adjust(&mut self, stat: MemberStat, delta: f64, force: Force) -> f64 {
        self.record(stat, delta, Cause::Force(force))
    }

    /// An event's or a decision's effect on one of the country's figures. Spending changes move
    /// the settled level too, since events (a war, a summit decision) change budgets for years,
    /// not for one turn.
    pub(super) fn effect(&mut self, stat: MemberStat, delta: f64, cause: Cause) {
        match stat {
            MemberStat::SpendingPct => {
                if self.c.traits.has(Trait::NoArmedForces) {
                    return;
                }
                let moved = self.record(stat, delta, cause);
                let c = &mut *self.c;
                c.baseline_spending = (c.baseline_spending + moved).max(0.3);
            }
            MemberStat::Gdp | MemberStat::Capability => {
                // Files give these as a percentage change: "Gdp, -2" is a 2% fall.
                let value = *country_slot(self.c, stat).0;
                self.record(stat, value * delta / 100.0, cause);
            }
            MemberStat::PublicSupport | MemberStat::Alignment => {
                self.record(stat, delta, cause);
                // Lasting events shift where opinion settles, by a third of their push.
                let c = &mut *self.c;
                if stat == MemberStat::PublicSupport {
                    c.baseline_support = (c.baseline_support + delta / 3.0).clamp(5.0, 95.0);
                } else {
                    c.baseline_alignment = (c.baseline_alignment + delta / 3.0).clamp(5.0, 95.0);
                }
            }
            MemberStat::ThreatPerception | MemberStat::ForwardForces => {
                self.record(stat, delta, cause);
            }
        }
    }

    fn economy(&mut self, def: &CountryDef, turn: &TurnFactors) {
        let yf = turn.year_fraction;
        let growth = def.gdp_growth_pct / 100.0 * yf;
        let gdp = self.c.gdp_bn;
        self.adjust(MemberStat::Gdp, gdp * growth, Force::EconomicGrowth);
        if turn.sanctions && self.c.traits.has(Trait::TradeExposed) {
            let gdp = self.c.gdp_bn;
            self.adjust(MemberStat::Gdp, -gdp * 0.006 * yf, Force::SanctionsCost);
        }
    }

    fn spending(&mut self, turn: &TurnFactors) {
        let yf = turn.year_fraction;
        let stat = MemberStat::SpendingPct;
        if self.c.traits.has(Trait::NoArmedForces) {
            return;
        }
        let c = &*self.c;
        let (tp, support, align) = (c.threat_perception, c.public_support, c.alignment);
        // Fear raises budgets and calm lowers them, toward a level set by the threat around
        // the member's starting spending (half of it when calm, one and a half when afraid);
        // the settled level follows, so that the change lasts.
        let fear_level = c.anchor_spending * (FEAR_LEVEL_LOW + (FEAR_LEVEL_HIGH - FEAR_LEVEL_LOW) * tp / 100.0);
        let step = (fear_level - c.baseline_spending) * (FEAR_PULL_PER_YEAR * yf).min(1.0);
        let moved = self.adjust(stat, step, Force::ThreatAtHome);
        self.c.baseline_spending += moved;
        if let Some(g) = turn.guideline {
            let spend = self.c.spending_pct;
            if spend < g {
                let pull = if turn.autopilot { 4.0 } else { 1.0 };
                let step = (g - spend) * GUIDELINE_PULL_PER_YEAR * yf * align / 100.0 * pull;
                let moved = self.adjust(stat, step, Force::GuidelinePull);
                self.c.baseline_spending += moved;
            }
        }
        if support < SCEPTICAL_SUPPORT {
            let spend = self.c.spending_pct;
            let moved = self.adjust(stat, -spend * 0.05 * yf, Force::PublicScepticism);
            self.c.baseline_spending += moved;
        }
        let c = &mut *self.c;
        c.baseline_spending = c.baseline_spending.max(c.anchor_spending * FEAR_LEVEL_LOW * 0.8).max(0.3);
        // Pressure without conviction fades: budgets claw back what was forced on them.
        let above = c.spending_pct - c.baseline_spending;
        if above > 0.0 {
            self.adjust(stat, -above * (BUDGET_CLAWBACK_PER_YEAR * yf).min(1.0), Force::BudgetPressure);
        }
    }

    fn capability(&mut self, turn: &TurnFactors) {
        let yf = turn.year_fraction;
        let c = &*self.c;
        let built = c.gdp_bn * c.spending_pct / 100.0 * CAPABILITY_PER_BN * yf;
        let lost = c.capability * (CAPABILITY_DECAY_PER_YEAR * yf).min(1.0);
        self.adjust(MemberStat::Capability, built, Force::NewSpending);
        self.adjust(MemberStat::Capability, -lost, Force::Obsolescence);
    }

    fn threat_perception(&mut self, def: &CountryDef, turn: &TurnFactors) {
        let from_adversary = proximity(self.c, def) * turn.pressure - self.c.forward_forces * 0.1;
        let goal = (from_adversary + turn.terror).clamp(0.0, 100.0);
        let step = (goal - self.c.threat_perception) * turn.perception_rate;
        let cause = if turn.terror > from_adversary { Force::TerrorThreat } else { Force::AdversaryPosture };
        self.adjust(MemberStat::ThreatPerception, step, cause);
    }

    fn public_support(&mut self, turn: &TurnFactors) {
        let c = &*self.c;
        let member = c.status == Status::Member;
        let settle = (c.baseline_support - c.public_support) * (0.15 * turn.pace).min(1.0);
        let danger = (c.threat_perception - 50.0) * 0.04 * turn.pace;
        self.adjust(MemberStat::PublicSupport, settle, Force::OpinionSettles);
        self.adjust(MemberStat::PublicSupport, danger, Force::SenseOfDanger);
        if member && turn.fatigue > 0.0 {
            self.adjust(MemberStat::PublicSupport, -turn.fatigue, Force::OperationsFatigue);
        }
    }
}

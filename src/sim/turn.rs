//! Turn resolution: the model's own dynamics (spending, capability, opinion, alignment, the
//! adversary, threats, partners and the alliance meters), then probes, objectives and the next turn.

use super::content::CountryIdx;
use super::ids::{AdversaryStat, AllianceMeter, AttackKind, MemberStat, PartnerStat, Region, ThreatKind, Trait};
use super::ledger::{Cause, Force, News, Target, TurnReport};
use super::state::{CAPABILITY_DECAY_PER_YEAR, CAPABILITY_PER_BN, Sim, State, Status};
use std::ops::Deref;

// Tunables. "Per turn" values are calibrated on six-month turns and scaled by `pace`.
/// Alignment at which members neither strengthen nor weaken cohesion.
const NEUTRAL_ALIGNMENT: f64 = 55.0;
/// The level cohesion settles toward over time.
const COHESION_SETTLES_AT: f64 = 60.0;
/// Deterrence posture kept per turn (the rest wears off).
const POSTURE_KEPT: f64 = 0.8;
/// Forward forces kept per turn without renewal.
const FORWARD_KEPT: f64 = 0.9;
/// Political capital per turn per point of cohesion and of legitimacy.
const CAPITAL_PER_COHESION: f64 = 0.06;
const CAPITAL_PER_LEGITIMACY: f64 = 0.04;
/// How much an adversary at strength 100 outweighs an alliance whose members have spent 3% of
/// GDP for years (strength index 50): the Soviet and Russian forces massed near the frontline.
const ADVERSARY_WEIGHT: f64 = 2.0;
/// Share of the gap to the settled level cohesion closes per turn.
const COHESION_SETTLE_RATE: f64 = 0.08;
/// Probes per turn at full intent and no deterrence (before difficulty).
const PROBE_RATE: f64 = 0.35;
/// Severity from which an adversary probe or terrorist strike calls for Article 4 consultations.
pub(crate) const CONSULT_THRESHOLD: f64 = 30.0;

impl<S: Deref<Target = State>> Sim<'_, S> {
    /// A six-month turn is 1; shorter turns move less, longer turns more (capped at twice).
    pub fn pace(&self) -> f64 {
        (self.year_fraction() * 2.0).clamp(0.5, 2.0)
    }

    /// How near the adversary a country feels, 0–1.
    pub fn proximity(&self, country: CountryIdx) -> f64 {
        let i = usize::from(country);
        super::countries::proximity(&self.s.countries[i], &self.c.countries[i])
    }

    /// The factors deterrence is computed from: alliance strength (50 = every member at 3% of GDP
    /// for years), adversary strength, credibility, forward presence, cyber and technology.
    fn deterrence_factors(&self) -> [f64; 5] {
        let mut strength = 0.0;
        let mut norm = 0.0;
        let mut forward = 0.0;
        let mut frontline = 0usize;
        // The countries and their definitions side by side: no member list, no index checks.
        for (c, def) in self.s.countries.iter().zip(&self.c.countries) {
            if c.status != Status::Member {
                continue;
            }
            let reach = if c.frontline {
                1.0
            } else if def.region == Region::NorthAmerica {
                0.6
            } else {
                0.75
            };
            let command = if c.in_integrated_command { 1.0 } else { 0.7 };
            let nuclear = if c.traits.has(Trait::Nuclear) { 1.3 } else { 1.0 };
            strength += c.capability * reach * command * nuclear;
            norm += c.gdp_bn * 0.03 * CAPABILITY_PER_BN / CAPABILITY_DECAY_PER_YEAR * 0.75;
            if c.frontline {
                frontline += 1;
                forward += c.forward_forces;
            }
        }
        let strength_index = if norm > 0.0 { 50.0 * strength / norm } else { 0.0 };
        let forward_mean = if frontline > 0 { forward / frontline as f64 } else { 0.0 };
        let a = &self.s.alliance;
        [strength_index, self.s.adversary.strength, a.credibility, forward_mean, a.cyber_defence + a.technology]
    }

    /// Deterrence from the balance of forces given the factors.
    fn structural_deterrence(f: &[f64; 5]) -> f64 {
        let [strength, adversary, credibility, forward, cyber_tech] = *f;
        let weighted = adversary * ADVERSARY_WEIGHT;
        let balance = if strength + weighted > 0.0 { 100.0 * strength / (strength + weighted) } else { 50.0 };
        balance * (0.5 + credibility / 200.0) + forward * 0.25 + cyber_tech * 0.05
    }
}

impl Sim<'_> {
    /// Resolves the current turn and starts the next one.
    pub fn end_turn(&mut self) {
        self.resolve_countries();
        self.resolve_alignment();
        self.resolve_exits();
        self.resolve_adversary();
        self.resolve_threats();
        self.resolve_partners();
        self.resolve_alliance();
        self.resolve_probes();
        self.check_objectives(false);
        self.finish_turn();
    }

    fn resolve_exits(&mut self) {
        if !self.difficulty().exits {
            return;
        }
        for idx in self.member_list() {
            let c = &mut self.s.countries[usize::from(idx)];
            if c.alignment < 15.0 && c.public_support < 25.0 {
                c.exit_risk_turns += 1;
                if c.exit_risk_turns >= 2 {
                    self.leave(idx, Cause::Exit(idx));
                }
            } else {
                c.exit_risk_turns = 0;
            }
        }
    }

    fn resolve_adversary(&mut self) {
        let yf = self.year_fraction();
        let pace = self.pace();
        let aggression = self.difficulty().aggression;
        let adv = &self.c.scenario.adversary;
        let strength = Target::Adversary(AdversaryStat::Strength);
        let intent = Target::Adversary(AdversaryStat::Intent);
        let headroom = (1.0 - self.s.adversary.strength / 110.0).max(0.0);
        self.adjust(strength, adv.buildup_per_year * yf * headroom, Cause::Force(Force::MilitaryBuildup));
        if self.s.alliance.sanctions {
            self.adjust(strength, -1.5 * yf, Cause::Force(Force::SanctionsBite));
        }
        for p in 0..self.s.partners.len() {
            if !self.s.partners[p].at_war {
                continue;
            }
            let resilience = self.s.partners[p].resilience;
            self.adjust(strength, -(1.0 + resilience * 0.03) * yf, Cause::Force(Force::WarAttrition));
        }
        let deterrence = self.s.alliance.deterrence;
        let cohesion = self.s.alliance.cohesion;
        if deterrence < 50.0 {
            self.adjust(intent, (50.0 - deterrence) * 0.08 * pace * aggression, Cause::Force(Force::WeakDeterrence));
        } else {
            self.adjust(intent, -(deterrence - 50.0) * 0.05 * pace, Cause::Force(Force::StrongDeterrence));
        }
        if cohesion < 50.0 {
            self.adjust(intent, (50.0 - cohesion) * 0.06 * pace * aggression, Cause::Force(Force::DividedAlliance));
        }
        if self.s.alliance.dialogue > 0.0 {
            let calm = self.s.alliance.dialogue * 0.35;
            self.adjust(intent, -calm, Cause::Force(Force::DialogueCalms));
            self.s.alliance.dialogue *= 0.6;
            if self.s.alliance.dialogue < 0.1 {
                self.s.alliance.dialogue = 0.0;
            }
        }
        let back = (adv.base_intent - self.s.adversary.intent) * (0.15 * pace).min(1.0);
        self.adjust(intent, back, Cause::Force(Force::OwnAmbitions));
    }

    fn resolve_threats(&mut self) {
        let yf = self.year_fraction();
        let pace = self.pace();
        for kind in ThreatKind::ALL {
            let trend = self.c.scenario.threats[*kind as usize].trend_per_year * yf;
            self.adjust(Target::Threat(*kind), trend, Cause::Force(Force::ThreatTrend));
        }
        let counter_terror = self.s.missions.iter().any(|m| m.kind == super::ids::MissionKind::CounterTerrorism);
        if counter_terror {
            self.adjust(
                Target::Threat(ThreatKind::Terrorism),
                -4.0 * pace,
                Cause::Force(Force::OperationsAgainstTerror),
            );
        }
        if self.threat(ThreatKind::Cyber) > 0.0 {
            let guard = self.s.alliance.cyber_defence * 0.03 * pace;
            self.adjust(Target::Threat(ThreatKind::Cyber), -guard, Cause::Force(Force::CyberDefences));
        }
    }

    fn resolve_partners(&mut self) {
        let pace = self.pace();
        for p in 0..self.s.partners.len() {
            let idx = p as u8;
            if self.s.partners[p].ties > 30.0 {
                self.adjust(
                    Target::Partner(idx, PartnerStat::Ties),
                    -0.5 * pace,
                    Cause::Force(Force::PartnershipDrift),
                );
            }
            if self.s.partners[p].at_war {
                self.adjust(
                    Target::Partner(idx, PartnerStat::Resilience),
                    -2.0 * pace,
                    Cause::Force(Force::PartnerAtWar),
                );
            }
        }
    }

    fn resolve_alliance(&mut self) {
        let pace = self.pace();
        self.update_burden_sharing();
        let mut members = 0usize;
        let mut weight = 0.0;
        let mut weighted_alignment = 0.0;
        let mut plain_alignment = 0.0;
        let mut support = 0.0;
        for c in self.s.countries.iter().filter(|c| c.status == Status::Member) {
            members += 1;
            weight += c.gdp_bn;
            weighted_alignment += c.gdp_bn * c.alignment;
            plain_alignment += c.alignment;
            support += c.public_support;
        }
        let n = members.max(1) as f64;
        // Big members weigh more, but every flag at the table counts: half of each.
        let alignment = 0.5 * weighted_alignment / weight.max(1e-9) + 0.5 * plain_alignment / n;
        let mean_support = support / n;

        let cohesion = Target::Alliance(AllianceMeter::Cohesion);
        self.adjust(cohesion, (alignment - NEUTRAL_ALIGNMENT) * 0.06 * pace, Cause::Force(Force::MembersAlignment));
        let burden = self.s.alliance.burden_sharing;
        if self.difficulty().quarrels && burden < 35.0 && self.s.alliance.guideline_pct.is_some() {
            self.adjust(cohesion, -(35.0 - burden) * 0.04 * pace, Cause::Force(Force::BurdenQuarrel));
        }
        if !self.s.missions.is_empty() && mean_support < 50.0 {
            self.adjust(cohesion, -(50.0 - mean_support) * 0.06 * pace, Cause::Force(Force::UnpopularOperations));
        }
        let settle = (COHESION_SETTLES_AT - self.s.alliance.cohesion) * (COHESION_SETTLE_RATE * pace).min(1.0);
        self.adjust(cohesion, settle, Cause::Force(Force::HabitsOfCooperation));

        let credibility = Target::Alliance(AllianceMeter::Credibility);
        let fade = (50.0 - self.s.alliance.credibility) * 0.04 * pace;
        self.adjust(credibility, fade, Cause::Force(Force::MemoriesFade));
        if let (Some(_), Some(agreed)) = (self.s.alliance.guideline_pct, self.s.alliance.guideline_turn)
            && self.s.turn >= agreed + 2
        {
            if burden >= 50.0 {
                self.adjust(credibility, 0.8 * pace, Cause::Force(Force::PledgesKept));
            } else if burden < 25.0 {
                self.adjust(credibility, -0.8 * pace, Cause::Force(Force::PledgesUnmet));
            }
        }
        if self.s.alliance.unanswered_sting > 0 {
            self.s.alliance.unanswered_sting -= 1;
            self.adjust(cohesion, -2.0, Cause::Force(Force::UnansweredAttack));
            self.adjust(credibility, -1.5, Cause::Force(Force::UnansweredAttack));
        }

        let legitimacy = Target::Alliance(AllianceMeter::Legitimacy);
        let drift = (mean_support - self.s.alliance.legitimacy) * (0.2 * pace).min(1.0);
        self.adjust(legitimacy, drift, Cause::Force(Force::PublicOpinion));

        for meter in [AllianceMeter::CyberDefence, AllianceMeter::Technology] {
            let v = self.get(Target::Alliance(meter));
            self.adjust(Target::Alliance(meter), -v * 0.05 * pace, Cause::Force(Force::InvestmentAges));
        }
        for idx in 0..self.s.countries.len() {
            let forward = self.s.countries[idx].forward_forces;
            if forward > 0.0 {
                let target = Target::Country(idx as CountryIdx, MemberStat::ForwardForces);
                let lost = if forward < 1.0 { forward } else { forward * (1.0 - FORWARD_KEPT) * pace };
                self.adjust(target, -lost, Cause::Force(Force::ForwardForcesRotate));
            }
        }

        // Posture wears off; the balance of forces is recomputed from its factors.
        let posture = self.s.alliance.posture;
        let worn = posture * (1.0 - POSTURE_KEPT) * pace.min(1.5);
        self.s.alliance.posture -= worn;
        self.adjust(Target::Alliance(AllianceMeter::Deterrence), -worn, Cause::Force(Force::PostureWearsOff));
        self.update_deterrence(true);

        let difficulty = self.difficulty().capital_income;
        let income = (self.s.alliance.cohesion * CAPITAL_PER_COHESION
            + self.s.alliance.legitimacy * CAPITAL_PER_LEGITIMACY)
            * difficulty;
        self.adjust(Target::Alliance(AllianceMeter::Capital), income, Cause::Force(Force::CapitalIncome));
    }

    /// Recomputes burden sharing: the share of members (with armed forces) at the guideline,
    /// or at the era's fair-share reference when there is no guideline.
    pub fn update_burden_sharing(&mut self) {
        let reference = self.s.alliance.guideline_pct.unwrap_or(self.c.scenario.burden_reference_pct);
        let mut counted = 0usize;
        let mut meeting = 0usize;
        for c in self.s.countries.iter().filter(|c| c.status == Status::Member && !c.traits.has(Trait::NoArmedForces)) {
            counted += 1;
            // A hair of tolerance: 1.999 rounds to 2.0 on screen and in the pledge's spirit.
            if c.spending_pct + 0.005 >= reference {
                meeting += 1;
            }
        }
        let share = if counted == 0 { 0.0 } else { 100.0 * meeting as f64 / counted as f64 };
        self.set(Target::Alliance(AllianceMeter::BurdenSharing), share, Cause::Force(Force::MembersAtGuideline));
    }

    /// Recomputes deterrence; when `itemise`, the change is attributed factor by factor.
    pub fn update_deterrence(&mut self, itemise: bool) {
        let new = self.deterrence_factors();
        let old = self.s.alliance.deterrence_factors;
        let target = Target::Alliance(AllianceMeter::Deterrence);
        if itemise {
            // Swap in one factor at a time: the deltas add up exactly to the total change.
            let causes = [
                Force::BalanceOfForces,
                Force::MilitaryBuildup,
                Force::CredibilityWeight,
                Force::ForwardPresence,
                Force::CyberAndTechnology,
            ];
            let mut current = old;
            let mut before = Self::structural_deterrence(&current);
            for k in 0..5 {
                current[k] = new[k];
                let after = Self::structural_deterrence(&current);
                self.adjust(target, after - before, Cause::Force(causes[k]));
                before = after;
            }
        }
        self.s.alliance.deterrence_factors = new;
        let structural = Self::structural_deterrence(&new);
        self.s.alliance.structural_deterrence = structural;
        let exact = (structural + self.s.alliance.posture).clamp(0.0, 100.0);
        if itemise {
            // Clamping can leave a residue; settle it so the meter always equals its formula.
            self.set(target, exact, Cause::Force(Force::BalanceOfForces));
        } else {
            self.s.alliance.deterrence = exact;
        }
    }

    /// Sets the derived meters at the start without itemising (nothing caused them yet).
    pub fn refresh_derived_meters_silently(&mut self) {
        self.update_burden_sharing();
        self.update_deterrence(false);
        self.s.current.changes.clear();
    }

    fn resolve_probes(&mut self) {
        let pace = self.pace();
        let aggression = self.difficulty().aggression;
        let adv = self.s.adversary.clone();
        let deterrence = self.s.alliance.deterrence;
        let probe_chance =
            PROBE_RATE * (adv.intent / 100.0) * (1.0 - deterrence / 120.0).max(0.0) * aggression * pace.min(1.5);
        if !self.c.scenario.adversary.probes.is_empty() && self.chance(probe_chance) {
            self.adversary_probe();
        }
        let terror = self.threat(ThreatKind::Terrorism);
        if terror > 5.0 && self.chance(terror / 100.0 * 0.2 * pace.min(1.5)) {
            self.terrorist_strike(terror);
        }
    }

    /// The member the adversary sees as the weakest spot: frontline, thinly reinforced, unsure.
    fn weak_spot(&mut self) -> Option<CountryIdx> {
        let members = self.member_list();
        let frontline: Vec<CountryIdx> =
            members.iter().copied().filter(|m| self.s.countries[usize::from(*m)].frontline).collect();
        let pool: &[CountryIdx] = if frontline.is_empty() { &members } else { &frontline };
        let mut best: Option<(CountryIdx, f64)> = None;
        for &idx in pool {
            let c = &self.s.countries[usize::from(idx)];
            let score = c.forward_forces + c.alignment * 0.2 + self.roll() * 15.0;
            if best.is_none_or(|(_, s)| score < s) {
                best = Some((idx, score));
            }
        }
        best.map(|(idx, _)| idx)
    }

    fn adversary_probe(&mut self) {
        let kinds = self.c.scenario.adversary.probes.clone();
        let adv = self.s.adversary.clone();
        let deterrence = self.s.alliance.deterrence;
        let weights: Vec<f64> = kinds
            .iter()
            .map(|k| match k {
                AttackKind::Incursion => 4.0,
                AttackKind::Cyber => 1.0 + self.threat(ThreatKind::Cyber) / 20.0,
                AttackKind::Hybrid => 2.0,
                AttackKind::Conventional if adv.intent > 70.0 && deterrence < 35.0 => {
                    (adv.intent - 70.0) * (35.0 - deterrence) / 30.0
                }
                AttackKind::Conventional | AttackKind::Terrorist => 0.0,
            })
            .collect();
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return;
        }
        let mut pick = self.roll() * total;
        let mut kind = kinds[0];
        for (k, w) in kinds.iter().zip(&weights) {
            if pick < *w {
                kind = *k;
                break;
            }
            pick -= w;
        }
        let Some(target) = self.weak_spot() else { return };
        let forward = self.s.countries[usize::from(target)].forward_forces;
        let roll = self.roll();
        let severity = match kind {
            AttackKind::Incursion => 10.0 + roll * 35.0,
            AttackKind::Cyber => (15.0 + roll * roll * 75.0 - self.s.alliance.cyber_defence * 0.4).max(5.0),
            // Most hybrid campaigns stay below the threshold; a few become grave.
            AttackKind::Hybrid => (20.0 + roll * roll * 65.0 - forward * 0.2).max(5.0),
            AttackKind::Conventional => 70.0 + roll * 30.0,
            AttackKind::Terrorist => 40.0 + roll * 40.0,
        };
        self.s.tally.probes += 1;
        self.attack(kind, target, severity, Cause::Probe(kind), None);
    }

    fn terrorist_strike(&mut self, terror: f64) {
        let members = self.member_list();
        if members.is_empty() {
            return;
        }
        let pick = (self.roll() * members.len() as f64) as usize;
        let target = members[pick.min(members.len() - 1)];
        let severity = 15.0 + self.roll() * terror * 0.8;
        self.attack(AttackKind::Terrorist, target, severity, Cause::Probe(AttackKind::Terrorist), None);
    }

    /// Closes the turn: records it, advances the date and starts the next turn or ends the game.
    fn finish_turn(&mut self) {
        let next_turn = self.s.turn + 1;
        let report = std::mem::take(&mut self.s.current);
        self.s.reports.push(report);
        self.s.turn = next_turn;
        let total = self.c.turn_starts.len() as u32;
        if next_turn >= total || self.s.ending.is_some() {
            self.s.date = self.s.date.plus_months(self.c.turn_months(next_turn as usize - 1) as i32);
            self.s.current = TurnReport { turn: next_turn, date: Some(self.s.date), ..TurnReport::default() };
            self.take_snapshot();
            if self.s.ending.is_none() {
                self.check_objectives(true);
            }
            // The closing evaluation's news belongs to the last turn's report.
            let closing = std::mem::take(&mut self.s.current);
            if let Some(last) = self.s.reports.last_mut() {
                last.changes.extend(closing.changes);
                last.news.extend(closing.news);
            }
            self.s.pending_events.clear();
            self.s.council = None;
            return;
        }
        self.s.date = self.c.turn_starts[next_turn as usize];
        // A turn records a few hundred changes: size the list from the last turn's to avoid regrowth.
        let expected = self.s.reports.last().map_or(64, |r| r.changes.len() + r.changes.len() / 4 + 16);
        self.s.current = TurnReport {
            turn: next_turn,
            date: Some(self.s.date),
            changes: Vec::with_capacity(expected),
            news: Vec::with_capacity(16),
        };
        self.take_snapshot();
        self.begin_turn();
    }

    /// Starts a turn: ratified accessions take effect, follow-ups and new events arrive.
    pub fn begin_turn(&mut self) {
        self.s.acted.clear();
        for i in 0..self.s.countries.len() {
            if let Status::Invited { accession_turn } = self.s.countries[i].status
                && accession_turn <= self.s.turn
            {
                self.join(i as CountryIdx, Cause::Accession(i as CountryIdx));
            }
        }
        self.draw_events();
    }

    /// A country accedes.
    pub fn join(&mut self, country: CountryIdx, cause: Cause) {
        let i = usize::from(country);
        if self.s.countries[i].status == Status::Member {
            return;
        }
        self.s.countries[i].status = Status::Member;
        self.members_changed();
        self.s.countries[i].joined = Some(self.s.date);
        self.s.countries[i].in_integrated_command = true;
        self.s.tally.accessions += 1;
        self.news(News::Joined { country });
        // Enlargement adds reach and values, and the adversary resents it, more so on its border.
        let border = self.s.countries[i].frontline || self.proximity(country) >= 0.85;
        self.adjust(Target::Alliance(AllianceMeter::Legitimacy), 1.0, cause);
        self.adjust(Target::Alliance(AllianceMeter::Cohesion), 1.0, cause);
        self.adjust(Target::Adversary(AdversaryStat::Intent), if border { 6.0 } else { 2.0 }, cause);
        self.update_burden_sharing_quietly(cause);
    }

    /// A member leaves the alliance.
    pub fn leave(&mut self, country: CountryIdx, cause: Cause) {
        let i = usize::from(country);
        if self.s.countries[i].status != Status::Member {
            return;
        }
        self.s.countries[i].status = Status::Former;
        self.members_changed();
        self.news(News::Left { country });
        self.adjust(Target::Alliance(AllianceMeter::Cohesion), -15.0, cause);
        self.adjust(Target::Alliance(AllianceMeter::Credibility), -10.0, cause);
        self.adjust(Target::Adversary(AdversaryStat::Intent), 8.0, cause);
        if self.difficulty().exits || matches!(cause, Cause::Exit(_)) {
            let name = self.c.countries[i].name.clone();
            self.end_game(false, format!("{name} left the alliance"));
        }
    }

    fn update_burden_sharing_quietly(&mut self, cause: Cause) {
        // Membership changes move burden sharing now, not at the turn's end; record them as such.
        let before = self.s.alliance.burden_sharing;
        self.update_burden_sharing();
        let after = self.s.alliance.burden_sharing;
        if let Some(last) = self.s.current.changes.last_mut()
            && last.target == Target::Alliance(AllianceMeter::BurdenSharing)
            && (last.delta - (after - before)).abs() < 1e-9
        {
            last.cause = cause;
        }
    }

    /// Ends the campaign.
    pub fn end_game(&mut self, victory: bool, reason: String) {
        if self.s.ending.is_some() {
            return;
        }
        self.news(News::Ended { victory });
        self.s.ending = Some(super::state::Ending { victory, reason, turn: self.s.turn });
    }
}

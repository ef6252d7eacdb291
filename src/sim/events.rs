//! Events: which may fire this turn, what their conditions test, and what their effects do.

use super::content::{Condition, CountryDef, CountryIdx, Effect, EventDef, EventIdx, Selector};
use super::countries::CountryEdit;
use super::date::GameDate;
use super::ids::AllianceMeter;
use super::ledger::{Cause, News, Target};
use super::state::{CountryState, MemberList, MissionState, Sim, State, Status};
use std::ops::Deref;

/// Whether a selector picks this country (a member; the caller checks).
fn picks(selector: Selector, c: &CountryState, def: &CountryDef) -> bool {
    match selector {
        Selector::All => true,
        Selector::Frontline => c.frontline,
        Selector::NotFrontline => !c.frontline,
        Selector::Region(r) => def.region == r,
        Selector::Trait(t) => c.traits.has(t),
    }
}

/// How much more likely an event is in the last turn of its window: history should happen.
const LAST_CHANCE_BOOST: f64 = 2.0;

impl<S: Deref<Target = State>> Sim<'_, S> {
    /// Whether a condition holds now.
    pub fn holds(&self, condition: &Condition) -> bool {
        let above = |v: f64, x: f64| v > x;
        match condition {
            Condition::MeterAbove(m, x) => above(self.get(Target::Alliance(*m)), *x),
            Condition::MeterBelow(m, x) => self.get(Target::Alliance(*m)) < *x,
            Condition::AdversaryAbove(s, x) => above(self.get(Target::Adversary(*s)), *x),
            Condition::AdversaryBelow(s, x) => self.get(Target::Adversary(*s)) < *x,
            Condition::ThreatAbove(t, x) => above(self.get(Target::Threat(*t)), *x),
            Condition::ThreatBelow(t, x) => self.get(Target::Threat(*t)) < *x,
            Condition::MemberAbove(c, s, x) => above(self.get(Target::Country(*c, *s)), *x),
            Condition::MemberBelow(c, s, x) => self.get(Target::Country(*c, *s)) < *x,
            Condition::IsMember(c) => self.is_member(*c),
            Condition::NotMember(c) => !self.is_member(*c),
            Condition::IsCandidate(c) => {
                self.s.countries.get(usize::from(*c)).is_some_and(|c| c.status == Status::Candidate)
            }
            Condition::Flag(f) => self.flag(*f),
            Condition::NoFlag(f) => !self.flag(*f),
            Condition::GuidelineAtLeast(x) => self.s.alliance.guideline_pct.is_some_and(|g| g >= *x),
            Condition::NoGuideline => self.s.alliance.guideline_pct.is_none(),
            Condition::Fired(e) => self.s.fired.get(usize::from(*e)).is_some_and(|n| *n > 0),
            Condition::NotFired(e) => self.s.fired.get(usize::from(*e)).is_none_or(|n| *n == 0),
            Condition::MissionActive(k) => self.s.missions.iter().any(|m| m.kind == *k),
            Condition::PartnerAtWar(p) => self.partner_at_war(*p),
            Condition::Any(list) => list.iter().any(|c| self.holds(c)),
            Condition::Not(inner) => !self.holds(inner),
        }
    }

    /// The first and last month of the current turn.
    pub fn turn_span(&self) -> (GameDate, GameDate) {
        let start = self.s.date;
        let months = self.c.turn_months(self.s.turn as usize) as i32;
        (start, start.plus_months(months - 1))
    }

    /// Whether an event may fire in a turn spanning `span`.
    fn eligible(&self, idx: usize, event: &EventDef, span: (GameDate, GameDate)) -> bool {
        if event.follow_up_only || (event.once && self.s.fired[idx] > 0) {
            return false;
        }
        if !event.window_meets(span.0, span.1) {
            return false;
        }
        if self.s.pending_events.contains(&(idx as EventIdx)) {
            return false;
        }
        event.conditions.iter().all(|c| self.holds(c))
    }

    /// The members a selector picks.
    pub fn select(&self, selector: Selector) -> MemberList {
        let mut members = self.member_list();
        if selector != Selector::All {
            members.retain(|m| {
                let i = usize::from(m);
                picks(selector, &self.s.countries[i], &self.c.countries[i])
            });
        }
        members
    }
}

impl Sim<'_> {
    /// Draws this turn's events: scheduled follow-ups, scripted turning points, then a few
    /// ordinary events at random, the ones about to leave their window first.
    pub fn draw_events(&mut self) {
        let turn = self.s.turn;
        let mut due = Vec::new();
        self.s.scheduled.retain(|(at, e)| {
            if *at <= turn {
                due.push(*e);
                false
            } else {
                true
            }
        });
        for e in due {
            let def = &self.c.events[usize::from(e)];
            if def.conditions.iter().all(|c| self.holds(c)) && !(def.once && self.s.fired[usize::from(e)] > 0) {
                self.fire(e);
            }
        }

        let span = self.turn_span();
        let turn_end = span.1;
        let content = self.c;
        let all: Vec<EventIdx>;
        let candidates = match content.events_for_turn(turn as usize) {
            Some(list) => list,
            None => {
                all = (0..content.events.len() as EventIdx).collect();
                &all
            }
        };
        // The eligible events with their chances, judged before any fires; those in their last
        // turn (and those that always fire) are drawn first. One list, sized once.
        let mut eligible: Vec<(EventIdx, f64, bool)> = Vec::with_capacity(candidates.len());
        for &e in candidates {
            let idx = usize::from(e);
            let event = &content.events[idx];
            if !self.eligible(idx, event, span) {
                continue;
            }
            if event.always {
                eligible.push((e, f64::INFINITY, true));
                continue;
            }
            let closing = event.when.is_some_and(|(_, to)| to <= turn_end);
            let chance = event.weight / (event.weight + 10.0) * if closing { LAST_CHANCE_BOOST } else { 1.0 };
            eligible.push((e, chance, closing));
        }
        let mut budget = self.c.scenario.max_events_per_turn as usize;
        let last_chance = eligible.iter().filter(|(_, _, first)| *first);
        let ordinary = eligible.iter().filter(|(_, _, first)| !*first);
        for &(e, chance, _) in last_chance.chain(ordinary) {
            let always = chance.is_infinite();
            if !always && budget == 0 {
                break;
            }
            if always || self.chance(chance) {
                self.fire(e);
                if !always {
                    budget -= 1;
                }
            }
        }
    }

    /// An event fires: it is counted, its immediate effects apply and it waits for an answer.
    pub fn fire(&mut self, event: EventIdx) {
        let i = usize::from(event);
        self.s.fired[i] = self.s.fired[i].saturating_add(1);
        self.news(News::EventFired { event });
        let content = self.c;
        for effect in &content.events[i].immediate {
            self.apply_effect(effect, Cause::Event { event, choice: None });
        }
        self.s.pending_events.push(event);
    }

    /// The player's answer to a pending event.
    pub fn answer_event(&mut self, event: EventIdx, choice: usize) {
        self.s.pending_events.retain(|e| *e != event);
        // The content outlives this view, so its effects are read in place, never copied.
        let content = self.c;
        let def = &content.events[usize::from(event)];
        let Some(chosen) = def.choices.get(choice) else { return };
        let follow_up = chosen.follow_up;
        let cause = Cause::Event { event, choice: Some(choice as u8) };
        self.news(News::EventAnswered { event, choice: choice as u8 });
        for effect in &chosen.effects {
            self.apply_effect(effect, cause);
        }
        if let Some((next, after)) = follow_up {
            self.s.scheduled.push((self.s.turn + after.max(1), next));
        }
    }

    /// Applies one effect with its cause.
    pub fn apply_effect(&mut self, effect: &Effect, cause: Cause) {
        match effect {
            Effect::Alliance(AllianceMeter::Deterrence, d) => {
                // Events change posture, which wears off, not the balance of forces.
                self.s.alliance.posture += d;
                self.adjust(Target::Alliance(AllianceMeter::Deterrence), *d, cause);
            }
            Effect::Alliance(meter, d) => {
                self.adjust(Target::Alliance(*meter), *d, cause);
            }
            Effect::Members(selector, stat, d) => {
                // An effect moves numbers only, never who is a member or what the selector
                // looks at, so the members are picked as they are reached.
                let state = &mut *self.s;
                let changes = &mut state.current.changes;
                for (i, (c, def)) in state.countries.iter_mut().zip(&self.c.countries).enumerate() {
                    if c.status == Status::Member && picks(*selector, c, def) {
                        CountryEdit::new(i as CountryIdx, c, changes).effect(*stat, *d, cause);
                    }
                }
            }
            Effect::Member(country, stat, d) => {
                let state = &mut *self.s;
                if let Some(c) = state.countries.get_mut(usize::from(*country)) {
                    CountryEdit::new(*country, c, &mut state.current.changes).effect(*stat, *d, cause);
                }
            }
            Effect::Adversary(stat, d) => {
                self.adjust(Target::Adversary(*stat), *d, cause);
            }
            Effect::Threat(kind, d) => {
                self.adjust(Target::Threat(*kind), *d, cause);
            }
            Effect::Partner(p, stat, d) => {
                self.adjust(Target::Partner(*p, *stat), *d, cause);
            }
            Effect::SetFlag(f) => {
                if let Some(slot) = self.s.flags.get_mut(usize::from(*f)) {
                    *slot = true;
                }
            }
            Effect::ClearFlag(f) => {
                if let Some(slot) = self.s.flags.get_mut(usize::from(*f)) {
                    *slot = false;
                }
            }
            Effect::Join(c) => self.join(*c, cause),
            Effect::MakeCandidate(c) => {
                let state = &mut self.s.countries[usize::from(*c)];
                if matches!(state.status, Status::Partner | Status::Former) {
                    state.status = Status::Candidate;
                }
            }
            Effect::Leave(c) => self.leave(*c, cause),
            Effect::LeaveIntegratedCommand(c) => {
                let state = &mut self.s.countries[usize::from(*c)];
                if state.in_integrated_command {
                    state.in_integrated_command = false;
                    self.news(News::LeftIntegratedCommand { country: *c });
                }
            }
            Effect::RejoinIntegratedCommand(c) => {
                let state = &mut self.s.countries[usize::from(*c)];
                if !state.in_integrated_command {
                    state.in_integrated_command = true;
                    self.news(News::RejoinedIntegratedCommand { country: *c });
                }
            }
            Effect::SetGuideline(pct) => self.set_guideline(*pct),
            Effect::StartMission(kind) => {
                if !self.s.missions.iter().any(|m| m.kind == *kind) {
                    self.s.missions.push(MissionState { kind: *kind, started_turn: self.s.turn });
                    self.news(News::MissionStarted { mission: *kind });
                }
            }
            Effect::EndMission(kind) => {
                let before = self.s.missions.len();
                self.s.missions.retain(|m| m.kind != *kind);
                if self.s.missions.len() != before {
                    self.news(News::MissionEnded { mission: *kind });
                }
            }
            Effect::SetPartnerAtWar(p, at_war) => {
                if let Some(partner) = self.s.partners.get_mut(usize::from(*p)) {
                    partner.at_war = *at_war;
                }
            }
            Effect::AddTrait(c, t) => self.s.countries[usize::from(*c)].traits.insert(*t),
            Effect::RemoveTrait(c, t) => self.s.countries[usize::from(*c)].traits.remove(*t),
            Effect::SetFrontline(c, on) => self.s.countries[usize::from(*c)].frontline = *on,
            Effect::Attack { kind, target, severity } => {
                let source = match cause {
                    Cause::Event { event, .. } => Some(event),
                    _ => None,
                };
                self.attack(*kind, *target, *severity, cause, source);
            }
        }
    }

    /// A new spending guideline is agreed.
    pub fn set_guideline(&mut self, pct: f64) {
        self.s.alliance.guideline_pct = Some(pct);
        self.s.alliance.guideline_turn = Some(self.s.turn);
        self.news(News::GuidelineAgreed { pct });
        self.update_burden_sharing();
    }
}

//! What every campaign state must satisfy: indices inside the scenario, numbers finite and in
//! their ranges, membership and dates consistent. A loaded save is checked against it before
//! the game touches it (a damaged file must give a message, not a crash later), and the
//! invariant tests check it after every command of random play.

use crate::sim::State;
use crate::sim::content::Content;
use crate::sim::ledger::{Cause, News, Target, TurnReport};
use crate::sim::state::{MAX_SPENDING_PCT, Status};

/// Widest range any meter of the alliance, the adversary, a threat or a partner may take.
const METER_RANGE: (f64, f64) = (0.0, 100.0);
/// Range of a member's GDP, USD billion (as the rules clamp it).
const GDP_RANGE: (f64, f64) = (0.01, 1.0e6);
/// Range of a member's capability stock (as the rules clamp it).
const CAPABILITY_RANGE: (f64, f64) = (0.0, 1.0e7);

/// Checks a state against the content it runs on; the error names the first problem found.
pub fn check_state(content: &Content, state: &State) -> Result<(), String> {
    Checker { content, state }.run()
}

struct Checker<'a> {
    content: &'a Content,
    state: &'a State,
}

type Checked = Result<(), String>;

fn in_range(what: &str, value: f64, (lo, hi): (f64, f64)) -> Checked {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(format!("{what} is {value}, outside {lo}..{hi}"))
    }
}

fn finite(what: &str, value: f64) -> Checked {
    if value.is_finite() { Ok(()) } else { Err(format!("{what} is {value}")) }
}

fn index(what: &str, value: usize, len: usize) -> Checked {
    if value < len { Ok(()) } else { Err(format!("{what} {value} is out of range (there are {len})")) }
}

fn length(what: &str, len: usize, expected: usize) -> Checked {
    if len == expected { Ok(()) } else { Err(format!("{len} {what} where the scenario has {expected}")) }
}

impl Checker<'_> {
    fn run(&self) -> Checked {
        self.shape()?;
        self.numbers()?;
        self.membership()?;
        self.calendar()?;
        self.references()?;
        for (k, report) in self.state.reports.iter().enumerate() {
            self.report(report).map_err(|e| format!("report of turn {}: {e}", k + 1))?;
        }
        self.report(&self.state.current).map_err(|e| format!("the turn in progress: {e}"))
    }

    /// Every per-country, per-partner, per-event, per-flag and per-objective list fits the scenario.
    fn shape(&self) -> Checked {
        let (c, s) = (self.content, self.state);
        length("countries", s.countries.len(), c.countries.len())?;
        length("partners", s.partners.len(), c.partners.len())?;
        length("flags", s.flags.len(), c.flags.len())?;
        length("event counters", s.fired.len(), c.events.len())?;
        length("objectives", s.objectives.len(), c.scenario.objectives.len())?;
        index("difficulty", s.difficulty, c.scenario.difficulties.len())?;
        for snap in &s.snapshots {
            length(
                &format!("country figures in the history of turn {}", snap.turn + 1),
                snap.countries.len(),
                c.countries.len(),
            )?;
        }
        Ok(())
    }

    fn numbers(&self) -> Checked {
        let s = self.state;
        let a = &s.alliance;
        for (what, value) in [
            ("cohesion", a.cohesion),
            ("deterrence", a.deterrence),
            ("credibility", a.credibility),
            ("political capital", a.capital),
            ("burden sharing", a.burden_sharing),
            ("legitimacy", a.legitimacy),
            ("cyber defence", a.cyber_defence),
            ("technology", a.technology),
            ("adversary strength", s.adversary.strength),
            ("adversary intent", s.adversary.intent),
        ] {
            in_range(what, value, METER_RANGE)?;
        }
        for (what, value) in [
            ("posture", a.posture),
            ("structural deterrence", a.structural_deterrence),
            ("dialogue", a.dialogue),
            ("capital spent", s.tally.capital_spent),
        ] {
            finite(what, value)?;
        }
        for (k, v) in a.deterrence_factors.iter().enumerate() {
            finite(&format!("deterrence factor {k}"), *v)?;
        }
        if let Some(pct) = a.guideline_pct {
            in_range("the spending guideline", pct, (0.0, MAX_SPENDING_PCT))?;
        }
        for (k, t) in s.threats.iter().enumerate() {
            in_range(&format!("threat {k}"), *t, METER_RANGE)?;
        }
        for (def, c) in self.content.countries.iter().zip(&s.countries) {
            let name = &def.name;
            in_range(&format!("{name}'s defence spending"), c.spending_pct, (0.0, MAX_SPENDING_PCT))?;
            in_range(&format!("{name}'s GDP"), c.gdp_bn, GDP_RANGE)?;
            in_range(&format!("{name}'s capability"), c.capability, CAPABILITY_RANGE)?;
            for (what, value) in [
                ("public support", c.public_support),
                ("threat perception", c.threat_perception),
                ("alignment", c.alignment),
                ("forward forces", c.forward_forces),
            ] {
                in_range(&format!("{name}'s {what}"), value, METER_RANGE)?;
            }
            for (what, value) in [
                ("spending anchor", c.anchor_spending),
                ("spending baseline", c.baseline_spending),
                ("support baseline", c.baseline_support),
                ("alignment baseline", c.baseline_alignment),
            ] {
                finite(&format!("{name}'s {what}"), value)?;
            }
        }
        for (def, p) in self.content.partners.iter().zip(&s.partners) {
            in_range(&format!("{}'s ties", def.name), p.ties, METER_RANGE)?;
            in_range(&format!("{}'s resilience", def.name), p.resilience, METER_RANGE)?;
        }
        for snap in &s.snapshots {
            let all = snap.alliance.iter().chain(&snap.adversary).chain(&snap.threats);
            let figures = snap.countries.iter().flat_map(|f| <[f64; 4]>::from(*f));
            if all.copied().chain(figures).any(|v| !v.is_finite()) {
                return Err(format!("the history of turn {} holds a number that is not finite", snap.turn + 1));
            }
        }
        Ok(())
    }

    /// Members joined on a date that has passed; invitations are for a turn still to come.
    fn membership(&self) -> Checked {
        let s = self.state;
        for (def, c) in self.content.countries.iter().zip(&s.countries) {
            match c.status {
                Status::Member => match c.joined {
                    None => return Err(format!("{} is a member with no date of joining", def.name)),
                    Some(joined) if joined > s.date => {
                        return Err(format!("{} joined on {joined}, after the campaign's date {}", def.name, s.date));
                    }
                    Some(_) => {}
                },
                Status::Invited { accession_turn } if s.ending.is_none() && accession_turn <= s.turn => {
                    return Err(format!("{}'s accession at turn {accession_turn} never took effect", def.name));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The turn and date agree with the scenario's calendar, and the history has one entry per turn.
    fn calendar(&self) -> Checked {
        let (c, s) = (self.content, self.state);
        let total = c.turn_starts.len();
        let turn = s.turn as usize;
        if s.ending.is_none() {
            let Some(start) = c.turn_starts.get(turn) else {
                return Err(format!(
                    "turn {} is past the scenario's {total} turns, but the campaign has not ended",
                    turn + 1
                ));
            };
            if s.date != *start {
                return Err(format!("the date {} is not the start of turn {} ({start})", s.date, turn + 1));
            }
        } else if turn > total {
            return Err(format!("turn {} is past the scenario's {total} turns", turn + 1));
        }
        length("turn reports", s.reports.len(), turn)?;
        length("history snapshots", s.snapshots.len(), turn + 1)?;
        if let Some(ending) = &s.ending
            && ending.turn > s.turn
        {
            return Err(format!("the campaign ended at turn {}, after its current turn {}", ending.turn + 1, turn + 1));
        }
        let first = c.turn_starts.first().copied().unwrap_or(c.scenario.start);
        if s.date < first {
            return Err(format!("the date {} is before the scenario's start {first}", s.date));
        }
        Ok(())
    }

    /// Events, countries and objectives named anywhere in the state exist.
    fn references(&self) -> Checked {
        let (c, s) = (self.content, self.state);
        let events = c.events.len();
        let countries = c.countries.len();
        for e in &s.pending_events {
            index("pending event", usize::from(*e), events)?;
        }
        for (_, e) in &s.scheduled {
            index("scheduled event", usize::from(*e), events)?;
        }
        for (_, country) in &s.acted {
            if let Some(country) = country {
                index("country acted on", usize::from(*country), countries)?;
            }
        }
        if let Some(council) = &s.council {
            index("country attacked", usize::from(council.target), countries)?;
            finite("attack severity", council.severity)?;
            if let Some(e) = council.event {
                index("event of the attack", usize::from(e), events)?;
            }
            for p in &council.positions {
                index("ally in the Council", usize::from(p.country), countries)?;
                for (what, v) in [
                    ("conviction", p.conviction),
                    ("fear", p.fear),
                    ("solidarity", p.solidarity),
                    ("persuasion", p.persuaded),
                ] {
                    finite(what, v)?;
                }
            }
        }
        Ok(())
    }

    fn report(&self, report: &TurnReport) -> Checked {
        for change in &report.changes {
            self.target(change.target)?;
            self.cause(change.cause)?;
            finite("a recorded change", change.delta)?;
        }
        for news in &report.news {
            self.news(news)?;
        }
        Ok(())
    }

    fn country(&self, country: u8) -> Checked {
        index("country", usize::from(country), self.content.countries.len())
    }

    fn event(&self, event: u16) -> Checked {
        index("event", usize::from(event), self.content.events.len())
    }

    fn target(&self, target: Target) -> Checked {
        match target {
            Target::Country(c, _) => self.country(c),
            Target::Partner(p, _) => index("partner", usize::from(p), self.content.partners.len()),
            Target::Alliance(_) | Target::Adversary(_) | Target::Threat(_) => Ok(()),
        }
    }

    fn cause(&self, cause: Cause) -> Checked {
        match cause {
            Cause::Event { event, choice } => {
                self.event(event)?;
                let choices = self.content.events[usize::from(event)].choices.len();
                match choice {
                    Some(k) => index("choice", usize::from(k), choices),
                    None => Ok(()),
                }
            }
            Cause::Accession(c) | Cause::Exit(c) | Cause::InvitationBlocked(c) => self.country(c),
            Cause::Action(_)
            | Cause::Force(_)
            | Cause::Council(_)
            | Cause::Probe(_)
            | Cause::Mission(_)
            | Cause::Summit { .. } => Ok(()),
        }
    }

    fn news(&self, news: &News) -> Checked {
        match news {
            News::EventFired { event } => self.event(*event),
            News::EventAnswered { event, choice } => {
                self.event(*event)?;
                let choices = self.content.events[usize::from(*event)].choices.len();
                index("choice", usize::from(*choice), choices)
            }
            News::Invited { country }
            | News::Joined { country }
            | News::Left { country }
            | News::LeftIntegratedCommand { country }
            | News::RejoinedIntegratedCommand { country } => self.country(*country),
            News::InvitationBlocked { country, by } => {
                self.country(*country)?;
                by.iter().try_for_each(|c| self.country(*c))
            }
            News::Attacked { target, severity, .. } => {
                self.country(*target)?;
                finite("attack severity", *severity)
            }
            News::Probed { target, severity, .. } => {
                target.map_or(Ok(()), |t| self.country(t))?;
                finite("probe severity", *severity)
            }
            News::ArticleFourConsultations { target }
            | News::ArticleFiveInvoked { target }
            | News::AnsweredWithoutArticleFive { target, .. } => self.country(*target),
            News::ArticleFiveBlocked { by } => by.iter().try_for_each(|c| self.country(*c)),
            News::SummitHeld { pledge, .. } => pledge.map_or(Ok(()), |p| finite("summit pledge", p)),
            News::GuidelineAgreed { pct } => finite("guideline", *pct),
            News::ObjectiveMet { objective } | News::ObjectiveFailed { objective } => {
                index("objective", usize::from(*objective), self.content.scenario.objectives.len())
            }
            News::ActionTaken { .. }
            | News::AlliesResponded { .. }
            | News::MissionStarted { .. }
            | News::MissionEnded { .. }
            | News::Ended { .. } => Ok(()),
        }
    }
}

//! Plain-language text for targets, causes, effects and news, shared by the command line,
//! the game's tooltips and the debrief.

use super::content::{Condition, Content, Effect, Selector};
use super::ledger::{Cause, News, Target};

fn country_name(c: &Content, idx: u8) -> &str {
    c.countries.get(usize::from(idx)).map_or("?", |d| d.name.as_str())
}

fn partner_name(c: &Content, idx: u8) -> &str {
    c.partners.get(usize::from(idx)).map_or("?", |d| d.name.as_str())
}

fn event_title(c: &Content, idx: u16) -> &str {
    c.events.get(usize::from(idx)).map_or("?", |e| e.title.as_str())
}

/// "Cohesion", "France: alignment".
pub fn target_text(c: &Content, target: Target) -> String {
    match target {
        Target::Alliance(m) => m.label().to_string(),
        Target::Country(i, s) => format!("{}: {}", country_name(c, i), s.label().to_lowercase()),
        Target::Adversary(s) => s.label().to_string(),
        Target::Threat(t) => t.label().to_string(),
        Target::Partner(i, s) => format!("{}: {}", partner_name(c, i), s.label().to_lowercase()),
    }
}

/// Why a number moved, in words.
pub fn cause_text(c: &Content, cause: Cause) -> String {
    match cause {
        Cause::Action(kind) => format!("Your action: {}", kind.label().to_lowercase()),
        Cause::Event { event, choice: None } => format!("Event: {}", event_title(c, event)),
        Cause::Event { event, choice: Some(k) } => {
            let label = c
                .events
                .get(usize::from(event))
                .and_then(|e| e.choices.get(usize::from(k)))
                .map_or("?", |ch| ch.label.as_str());
            format!("Your answer to \"{}\": {label}", event_title(c, event))
        }
        Cause::Force(force) => capitalise(force.label()),
        Cause::Council(step) => format!("North Atlantic Council: {}", step.label()),
        Cause::Accession(i) => format!("{} joining", country_name(c, i)),
        Cause::Exit(i) => format!("{} leaving", country_name(c, i)),
        Cause::Probe(kind) => format!("Adversary probe: {}", kind.label().to_lowercase()),
        Cause::Mission(kind) => kind.label().to_string(),
        Cause::Summit { succeeded: true } => "A successful summit".into(),
        Cause::Summit { succeeded: false } => "A failed summit".into(),
        Cause::InvitationBlocked(i) => format!("The veto on {}", country_name(c, i)),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn selector_text(selector: Selector) -> String {
    match selector {
        Selector::All => "every member".into(),
        Selector::Frontline => "frontline members".into(),
        Selector::NotFrontline => "members away from the frontline".into(),
        Selector::Region(r) => format!("members in {}", r.label()),
        Selector::Trait(t) => format!("members with the trait '{}'", t.label().to_lowercase()),
    }
}

fn signed(d: f64) -> String {
    if d.fract().abs() < 1e-9 { format!("{d:+.0}") } else { format!("{d:+.1}") }
}

/// What an effect does, in words.
pub fn effect_text(c: &Content, effect: &Effect) -> String {
    match effect {
        Effect::Alliance(m, d) => format!("{} {}", m.label(), signed(*d)),
        Effect::Members(sel, s, d) => format!("{} for {} {}", s.label(), selector_text(*sel), signed(*d)),
        Effect::Member(i, s, d) => format!("{}: {} {}", country_name(c, *i), s.label().to_lowercase(), signed(*d)),
        Effect::Adversary(s, d) => format!("{} {}", s.label(), signed(*d)),
        Effect::Threat(t, d) => format!("{} {}", t.label(), signed(*d)),
        Effect::Partner(i, s, d) => format!("{}: {} {}", partner_name(c, *i), s.label().to_lowercase(), signed(*d)),
        Effect::SetFlag(f) | Effect::ClearFlag(f) => {
            let name = c.flags.get(usize::from(*f)).map_or("?", String::as_str);
            if matches!(effect, Effect::SetFlag(_)) { format!("Marks '{name}'") } else { format!("Clears '{name}'") }
        }
        Effect::Join(i) => format!("{} joins the alliance", country_name(c, *i)),
        Effect::MakeCandidate(i) => format!("{} becomes a candidate for membership", country_name(c, *i)),
        Effect::Leave(i) => format!("{} leaves the alliance", country_name(c, *i)),
        Effect::LeaveIntegratedCommand(i) => format!("{} leaves the integrated military command", country_name(c, *i)),
        Effect::RejoinIntegratedCommand(i) => {
            format!("{} returns to the integrated military command", country_name(c, *i))
        }
        Effect::SetGuideline(p) => format!("The spending guideline becomes {p:.1}% of GDP"),
        Effect::StartMission(k) => format!("Starts a {}", k.label().to_lowercase()),
        Effect::EndMission(k) => format!("Ends the {}", k.label().to_lowercase()),
        Effect::SetPartnerAtWar(p, true) => format!("{} is at war", partner_name(c, *p)),
        Effect::SetPartnerAtWar(p, false) => format!("{} is at peace", partner_name(c, *p)),
        Effect::AddTrait(i, t) => format!("{} gains the trait '{}'", country_name(c, *i), t.label().to_lowercase()),
        Effect::RemoveTrait(i, t) => format!("{} loses the trait '{}'", country_name(c, *i), t.label().to_lowercase()),
        Effect::SetFrontline(i, true) => format!("{} is now on the frontline", country_name(c, *i)),
        Effect::SetFrontline(i, false) => format!("{} is no longer on the frontline", country_name(c, *i)),
        Effect::Attack { kind, target, severity } => {
            format!("{} on {} (severity {severity:.0})", kind.label(), country_name(c, *target))
        }
    }
}

/// A condition in words.
pub fn condition_text(c: &Content, condition: &Condition) -> String {
    match condition {
        Condition::MeterAbove(m, x) => format!("{} above {x}", m.label()),
        Condition::MeterBelow(m, x) => format!("{} below {x}", m.label()),
        Condition::AdversaryAbove(s, x) => format!("{} above {x}", s.label()),
        Condition::AdversaryBelow(s, x) => format!("{} below {x}", s.label()),
        Condition::ThreatAbove(t, x) => format!("{} above {x}", t.label()),
        Condition::ThreatBelow(t, x) => format!("{} below {x}", t.label()),
        Condition::MemberAbove(i, s, x) => format!("{}: {} above {x}", country_name(c, *i), s.label().to_lowercase()),
        Condition::MemberBelow(i, s, x) => format!("{}: {} below {x}", country_name(c, *i), s.label().to_lowercase()),
        Condition::IsMember(i) => format!("{} is a member", country_name(c, *i)),
        Condition::NotMember(i) => format!("{} is not a member", country_name(c, *i)),
        Condition::IsCandidate(i) => format!("{} is a candidate", country_name(c, *i)),
        Condition::Flag(f) => format!("'{}' is marked", c.flags.get(usize::from(*f)).map_or("?", String::as_str)),
        Condition::NoFlag(f) => format!("'{}' is not marked", c.flags.get(usize::from(*f)).map_or("?", String::as_str)),
        Condition::GuidelineAtLeast(x) => format!("a spending guideline of at least {x}%"),
        Condition::NoGuideline => "no spending guideline".into(),
        Condition::Fired(e) => format!("\"{}\" has happened", event_title(c, *e)),
        Condition::NotFired(e) => format!("\"{}\" has not happened", event_title(c, *e)),
        Condition::MissionActive(k) => format!("a {} is under way", k.label().to_lowercase()),
        Condition::PartnerAtWar(p) => format!("{} is at war", partner_name(c, *p)),
        Condition::Any(list) => list.iter().map(|x| condition_text(c, x)).collect::<Vec<_>>().join(" or "),
        Condition::Not(inner) => format!("not ({})", condition_text(c, inner)),
    }
}

/// A news item in words.
pub fn news_text(c: &Content, news: &News) -> String {
    let names = |list: &[u8]| list.iter().map(|i| country_name(c, *i)).collect::<Vec<_>>().join(", ");
    match news {
        News::EventFired { event } => event_title(c, *event).to_string(),
        News::EventAnswered { event, choice } => {
            let label = c
                .events
                .get(usize::from(*event))
                .and_then(|e| e.choices.get(usize::from(*choice)))
                .map_or("?", |ch| ch.label.as_str());
            format!("{}: {label}", event_title(c, *event))
        }
        News::ActionTaken { action, target: Some(t) } => format!("{} ({t})", action.label()),
        News::ActionTaken { action, target: None } => action.label().to_string(),
        News::SummitHeld { succeeded: true, pledge: Some(p) } => {
            format!("Summit succeeds: allies pledge {p:.1}% of GDP")
        }
        News::SummitHeld { succeeded: true, pledge: None } => "Summit succeeds".into(),
        News::SummitHeld { succeeded: false, .. } => "Summit ends in discord".into(),
        News::Invited { country } => format!("{} invited to join", country_name(c, *country)),
        News::InvitationBlocked { country, by } => {
            format!("Invitation of {} blocked by {}", country_name(c, *country), names(by))
        }
        News::Joined { country } => format!("{} joins the alliance", country_name(c, *country)),
        News::Left { country } => format!("{} leaves the alliance", country_name(c, *country)),
        News::LeftIntegratedCommand { country } => {
            format!("{} leaves the integrated military command", country_name(c, *country))
        }
        News::RejoinedIntegratedCommand { country } => {
            format!("{} returns to the integrated military command", country_name(c, *country))
        }
        News::Attacked { kind, target, severity } => {
            format!("{} on {} (severity {severity:.0})", kind.label(), country_name(c, *target))
        }
        News::Probed { kind, target: Some(t), severity } => {
            format!("{} against {} (severity {severity:.0})", kind.label(), country_name(c, *t))
        }
        News::Probed { kind, target: None, severity } => format!("{} (severity {severity:.0})", kind.label()),
        News::ArticleFourConsultations { target } => {
            format!("{} requests consultations under Article 4", country_name(c, *target))
        }
        News::ArticleFiveInvoked { target } => {
            format!("Article 5 invoked: the attack on {} is an attack on all", country_name(c, *target))
        }
        News::ArticleFiveBlocked { by } => format!("Article 5 blocked by {}", names(by)),
        News::AnsweredWithoutArticleFive { target, grave: true } => {
            format!("The attack on {} goes without a collective answer", country_name(c, *target))
        }
        News::AnsweredWithoutArticleFive { target, grave: false } => {
            format!("Allies answer the incident in {} under Article 4", country_name(c, *target))
        }
        News::AlliesResponded { collective, limited, little } => {
            format!("Allies answer: {collective} with forces, {limited} with limited support, {little} with little")
        }
        News::GuidelineAgreed { pct } => format!("Spending guideline set at {pct:.1}% of GDP"),
        News::MissionStarted { mission } => format!("{} begins", mission.label()),
        News::MissionEnded { mission } => format!("{} ends", mission.label()),
        News::ObjectiveMet { objective } => format!(
            "Objective met: {}",
            c.scenario.objectives.get(usize::from(*objective)).map_or("?", |o| o.text.as_str())
        ),
        News::ObjectiveFailed { objective } => format!(
            "Objective lost: {}",
            c.scenario.objectives.get(usize::from(*objective)).map_or("?", |o| o.text.as_str())
        ),
        News::Ended { victory: true } => "The campaign ends in victory".into(),
        News::Ended { victory: false } => "The campaign ends in defeat".into(),
    }
}

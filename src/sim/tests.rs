//! Rule tests on the shipped founding scenario: itemised changes, previews, trade-offs,
//! enlargement by consensus, the Council and determinism.

use super::Content;
use super::command::Command;
use super::council::{CouncilPhase, MEANS_MAX, Response, Stance};
use super::ids::{AdversaryStat, AllianceMeter, AttackKind, Iso, MemberStat};
use super::ledger::{Cause, CouncilStep, Target};
use super::policy;
use super::state::{Campaign, Status};
use std::sync::{Arc, OnceLock};

fn founding() -> Arc<Content> {
    static CONTENT: OnceLock<Arc<Content>> = OnceLock::new();
    CONTENT
        .get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
            let catalog = crate::scenario::load_catalog(&root);
            let Some(founding) = catalog.scenario("founding") else {
                panic!("the founding scenario does not load:\n{}", catalog.diags.render_all())
            };
            founding.clone()
        })
        .clone()
}

fn iso(code: &str) -> Iso {
    Iso::new(code).unwrap()
}

fn campaign(seed: u64) -> Campaign {
    let content = founding();
    let difficulty = content.scenario.default_difficulty;
    Campaign::new(content, seed, difficulty)
}

/// Answers pending events with their first choice and closes any council.
fn clear_turn(c: &mut Campaign) {
    while let Some(&e) = c.state.pending_events.first() {
        let id = c.content.events[usize::from(e)].id.clone();
        c.apply(Command::AnswerEvent { event: id, choice: 0 }).unwrap();
    }
    if c.state.council.is_some() {
        let _ = c.apply(Command::ConsultOnly);
    }
}

#[test]
fn every_change_of_every_meter_is_itemised() {
    // Snapshot k is taken at the start of turn k, before its events; report k holds everything
    // from then to the start of turn k+1. The causes must add up to the difference exactly.
    for seed in 1..=12 {
        let mut c = campaign(seed);
        let mut player = policy::policy_by_name(["historical", "hawk", "random"][seed as usize % 3], seed).unwrap();
        policy::play(&mut c, player.as_mut());
        let s = &c.state;
        assert_eq!(s.snapshots.len(), s.reports.len() + 1);
        for (k, report) in s.reports.iter().enumerate() {
            let (a, b) = (&s.snapshots[k], &s.snapshots[k + 1]);
            let mut pairs: Vec<(Target, f64)> = Vec::new();
            for (m, meter) in AllianceMeter::ALL.iter().enumerate() {
                pairs.push((Target::Alliance(*meter), b.alliance[m] - a.alliance[m]));
            }
            pairs.push((Target::Adversary(AdversaryStat::Strength), b.adversary[0] - a.adversary[0]));
            pairs.push((Target::Adversary(AdversaryStat::Intent), b.adversary[1] - a.adversary[1]));
            for (t, kind) in super::ids::ThreatKind::ALL.iter().enumerate() {
                pairs.push((Target::Threat(*kind), b.threats[t] - a.threats[t]));
            }
            for i in 0..s.countries.len() {
                let c = i as u8;
                let (a, b) = (a.countries[i], b.countries[i]);
                pairs.push((Target::Country(c, MemberStat::SpendingPct), b.spending - a.spending));
                pairs.push((Target::Country(c, MemberStat::PublicSupport), b.support - a.support));
                pairs.push((Target::Country(c, MemberStat::Alignment), b.alignment - a.alignment));
                pairs.push((
                    Target::Country(c, MemberStat::ThreatPerception),
                    b.threat_perception - a.threat_perception,
                ));
            }
            for (target, actual) in pairs {
                let itemised = report.net(target);
                assert!(
                    (itemised - actual).abs() < 1e-6,
                    "seed {seed} turn {k}: {target:?} moved {actual} but its causes add up to {itemised}"
                );
            }
        }
    }
}

#[test]
fn a_preview_is_what_happens() {
    let mut c = campaign(3);
    clear_turn(&mut c);
    let command = Command::PressSpending { member: iso("ITA") };
    let plan = c.preview(&command).unwrap();
    let before = c.state.current.changes.len();
    c.apply(command).unwrap();
    let made: Vec<(Target, f64)> = c.state.current.changes[before..]
        .iter()
        .filter(|ch| ch.cause == Cause::Action(super::ActionKind::PressSpending))
        .filter(|ch| ch.target != Target::Alliance(AllianceMeter::Capital))
        .map(|ch| (ch.target, ch.delta))
        .collect();
    assert_eq!(made.len(), plan.effects.len());
    for ((t1, d1), (t2, d2)) in made.iter().zip(&plan.effects) {
        assert_eq!(t1, t2);
        assert!((d1 - d2).abs() < 1e-9, "{t1:?}: predicted {d2}, got {d1}");
    }
}

#[test]
fn pressing_an_ally_raises_spending_and_costs_its_public_support() {
    let mut c = campaign(4);
    clear_turn(&mut c);
    let ita = c.content.country_index(iso("ITA")).unwrap();
    let spend = c.get(Target::Country(ita, MemberStat::SpendingPct));
    let support = c.get(Target::Country(ita, MemberStat::PublicSupport));
    let capital = c.get(Target::Alliance(AllianceMeter::Capital));
    c.apply(Command::PressSpending { member: iso("ITA") }).unwrap();
    assert!(c.get(Target::Country(ita, MemberStat::SpendingPct)) > spend);
    assert!(c.get(Target::Country(ita, MemberStat::PublicSupport)) < support);
    assert!(c.get(Target::Alliance(AllianceMeter::Capital)) < capital);
    let again = c.preview(&Command::PressSpending { member: iso("ITA") });
    assert!(again.unwrap_err().0.contains("pressed this turn already"));
}

#[test]
fn dialogue_calms_the_adversary_but_worries_the_frontline() {
    let mut c = campaign(5);
    clear_turn(&mut c);
    let nor = c.content.country_index(iso("NOR")).unwrap();
    let intent = c.get(Target::Adversary(AdversaryStat::Intent));
    let alignment = c.get(Target::Country(nor, MemberStat::Alignment));
    c.apply(Command::DialogueWithAdversary).unwrap();
    assert!(c.get(Target::Adversary(AdversaryStat::Intent)) < intent);
    assert!(c.get(Target::Country(nor, MemberStat::Alignment)) < alignment);
}

#[test]
fn an_invitation_needs_every_member_and_a_veto_can_be_bought_off() {
    let mut c = campaign(6);
    clear_turn(&mut c);
    c.state.alliance.capital = 100.0;
    let deu = c.content.country_index(iso("DEU")).unwrap();
    let fra = c.content.country_index(iso("FRA")).unwrap();
    let plan = c.preview(&Command::InviteCandidate { candidate: iso("DEU") }).unwrap();
    assert!(plan.notes.iter().any(|n| n.contains("Blocked: France")), "{:?}", plan.notes);
    c.apply(Command::InviteCandidate { candidate: iso("DEU") }).unwrap();
    assert_eq!(c.state.countries[usize::from(deu)].status, Status::Candidate);
    assert_eq!(c.state.tally.invitations_blocked, 1);
    // A second vote in the same turn is refused; next turn, with France paid off, it passes.
    assert!(c.preview(&Command::InviteCandidate { candidate: iso("DEU") }).is_err());
    c.apply(Command::EndTurn).unwrap();
    clear_turn(&mut c);
    c.state.alliance.capital = 100.0;
    c.apply(Command::OfferConcession { member: iso("FRA") }).unwrap();
    assert!(c.state.countries[usize::from(fra)].bought_off);
    c.apply(Command::InviteCandidate { candidate: iso("DEU") }).unwrap();
    assert!(matches!(c.state.countries[usize::from(deu)].status, Status::Invited { .. }));
    c.apply(Command::EndTurn).unwrap();
    assert!(c.is_member(deu), "accession follows ratification next turn");
}

#[test]
fn the_turn_lengths_kept_with_the_content_match_the_schedule() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let catalog = crate::scenario::load_catalog(&root);
    assert!(!catalog.scenarios.is_empty());
    for content in &catalog.scenarios {
        let mut worked_out = (**content).clone();
        worked_out.months_by_turn.clear();
        assert_eq!(content.months_by_turn.len(), content.turn_starts.len(), "{}", content.scenario.id);
        for turn in 0..content.turn_starts.len() + 2 {
            assert_eq!(content.turn_months(turn), worked_out.turn_months(turn), "{} turn {turn}", content.scenario.id);
        }
    }
}

#[test]
fn a_change_that_is_nothing_or_not_a_number_is_neither_applied_nor_recorded() {
    let mut c = campaign(9);
    let target = Target::Alliance(AllianceMeter::Cohesion);
    let before = c.state.alliance.cohesion;
    let recorded = c.state.current.changes.len();
    let mut sim = c.sim();
    for delta in [0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(sim.adjust(target, delta, Cause::Force(super::ledger::Force::HabitsOfCooperation)), 0.0);
    }
    assert_eq!(c.state.alliance.cohesion, before);
    assert_eq!(c.state.current.changes.len(), recorded);
    // The smallest and the largest finite changes go through, the largest up to the bound.
    let mut sim = c.sim();
    assert_eq!(sim.adjust(target, f64::MIN_POSITIVE, Cause::Force(super::ledger::Force::HabitsOfCooperation)), 0.0);
    assert_eq!(sim.adjust(target, f64::MAX, Cause::Force(super::ledger::Force::HabitsOfCooperation)), 100.0 - before);
    assert_eq!(c.state.alliance.cohesion, 100.0);
    assert_eq!(c.state.current.changes.len(), recorded + 1);
}

#[test]
fn a_refusal_for_the_scripted_players_changes_nothing_and_skips_only_the_reason() {
    let mut c = campaign(8);
    clear_turn(&mut c);
    c.state.alliance.capital = 100.0;
    c.apply(Command::HoldExercise).unwrap();
    let before = super::hash::state_hash(&c.state);
    let explained = c.apply(Command::HoldExercise).unwrap_err();
    assert!(explained.0.contains("already held this turn"), "{explained}");
    let quiet = c.apply_unexplained(Command::HoldExercise).unwrap_err();
    assert!(quiet.0.is_empty(), "{quiet}");
    assert_eq!(super::hash::state_hash(&c.state), before, "a refused command changes nothing");
    // An allowed command does the same through either door.
    let mut twin = c.clone();
    c.apply(Command::FundCommonCapabilities).unwrap();
    twin.apply_unexplained(Command::FundCommonCapabilities).unwrap();
    assert_eq!(super::hash::state_hash(&c.state), super::hash::state_hash(&twin.state));
}

fn open_council(c: &mut Campaign, kind: AttackKind, target: &str, severity: f64) {
    clear_turn(c);
    let t = c.content.country_index(iso(target)).unwrap();
    let mut sim = c.sim();
    sim.attack(kind, t, severity, Cause::Council(CouncilStep::Attack), None);
    assert!(c.state.council.is_some());
}

#[test]
fn the_council_blocks_other_business_and_the_turn() {
    let mut c = campaign(7);
    open_council(&mut c, AttackKind::Hybrid, "NOR", 40.0);
    assert!(c.preview(&Command::HoldExercise).unwrap_err().0.contains("Council is in session"));
    assert!(c.preview(&Command::EndTurn).is_err());
    c.apply(Command::ConsultOnly).unwrap();
    assert!(c.state.council.is_none());
    assert!(c.preview(&Command::EndTurn).is_ok());
}

#[test]
fn one_reason_holds_every_action_while_the_council_sits() {
    use super::command::ActionGroup;
    let mut c = campaign(7);
    clear_turn(&mut c);
    assert_eq!(c.actions_held(), None, "with no attack, each action is judged on its own");
    let outside_council = |c: &Campaign| {
        let all = policy::random_commands(c);
        let kept: Vec<Command> = all.into_iter().filter(|k| k.kind().group() != ActionGroup::Council).collect();
        assert!(kept.len() > 10, "the scripted players' commands cover the panel: {}", kept.len());
        kept
    };
    assert!(outside_council(&c).iter().any(|k| c.preview(k).is_ok()));
    open_council(&mut c, AttackKind::Hybrid, "NOR", 40.0);
    let held = c.actions_held().expect("the Council holds the other actions");
    for command in outside_council(&c) {
        assert_eq!(c.preview(&command).unwrap_err().0, held, "{command:?}");
    }
}

#[test]
fn a_grave_armed_attack_left_unanswered_ends_the_campaign() {
    let mut c = campaign(8);
    open_council(&mut c, AttackKind::Conventional, "NOR", 90.0);
    let credibility = c.get(Target::Alliance(AllianceMeter::Credibility));
    c.apply(Command::ConsultOnly).unwrap();
    assert!(c.get(Target::Alliance(AllianceMeter::Credibility)) < credibility - 10.0);
    let ending = c.state.ending.clone().expect("the campaign ends");
    assert!(!ending.victory);
    assert!(ending.reason.contains("Deterrence failed"));
    let held = c.actions_held().expect("nothing can be done once the campaign is over");
    assert_eq!(c.preview(&Command::HoldExercise).unwrap_err().0, held);
}

#[test]
fn invoking_for_a_grave_attack_builds_credibility_and_allies_answer() {
    let mut c = campaign(9);
    c.state.alliance.capital = 100.0;
    open_council(&mut c, AttackKind::Conventional, "NOR", 90.0);
    persuade_objectors(&mut c);
    let credibility = c.get(Target::Alliance(AllianceMeter::Credibility));
    c.apply(Command::InvokeArticleFive).unwrap();
    assert_eq!(c.state.council.as_ref().unwrap().phase, CouncilPhase::Responses);
    assert!(c.get(Target::Alliance(AllianceMeter::Credibility)) > credibility);
    assert_eq!(c.state.tally.article5_invocations, 1);
    c.apply(Command::CloseCouncil).unwrap();
    assert!(c.state.council.is_none());
    assert!(c.state.ending.is_none());
}

/// Persuades every objector until none would block, so that Article 5 can be invoked.
fn persuade_objectors(c: &mut Campaign) {
    let council = c.state.council.clone().unwrap();
    for p in council.positions.iter().filter(|p| p.stance() == Stance::Object) {
        let member = c.content.countries[usize::from(p.country)].iso;
        while c.state.council.as_ref().unwrap().position(p.country).unwrap().stance() == Stance::Object {
            c.apply(Command::CouncilPersuade { member }).unwrap();
        }
    }
}

#[test]
fn each_allys_answer_comes_with_its_reasons() {
    let mut c = campaign(9);
    c.state.alliance.capital = 100.0;
    open_council(&mut c, AttackKind::Conventional, "NOR", 90.0);
    let norway = c.content.country_index(iso("NOR")).unwrap();
    assert!(c.response_reason(norway).is_none(), "no answers before the Council votes");
    persuade_objectors(&mut c);
    c.apply(Command::InvokeArticleFive).unwrap();
    let council = c.state.council.clone().unwrap();
    let mut strongest = 0.0_f64;
    for p in &council.positions {
        let name = &c.content.countries[usize::from(p.country)].name;
        let r = c.response_reason(p.country).unwrap();
        assert_eq!(Some(r.response()), p.response, "{name}: the reasons shown give the answer it gave ({r:?})");
        assert_eq!(r.will, p.score(), "{name}: will is the stance at the vote");
        assert_eq!(r.attacked, p.country == norway, "{name}");
        assert!((0.0..=MEANS_MAX).contains(&r.means), "{name}: means {}", r.means);
        strongest = strongest.max(r.means);
    }
    assert!((strongest - MEANS_MAX).abs() < 1e-9, "the most capable member adds the most: {strongest}");
    let iceland = c.content.country_index(iso("ISL")).unwrap();
    assert!(c.response_reason(iceland).unwrap().no_forces);
    assert!(c.state.council.as_ref().unwrap().position(iceland).unwrap().response <= Some(Response::Limited));

    // Asked for more, an ally gives one step beyond what its reasons gave, and says it was asked.
    let p = council.positions.iter().find(|p| p.response == Some(Response::Little) && p.country != iceland);
    let p =
        p.or_else(|| council.positions.iter().find(|p| p.response == Some(Response::Limited) && p.country != iceland));
    let p = p.expect("some ally answers with less than forces");
    let member = c.content.countries[usize::from(p.country)].iso;
    c.apply(Command::RequestContribution { member }).unwrap();
    let after = c.state.council.as_ref().unwrap().position(p.country).unwrap();
    assert!(after.response > p.response);
    assert_eq!(after.asked, 1);
    assert_eq!(
        c.response_reason(p.country).unwrap().response(),
        p.response.unwrap(),
        "the reasons stay those of the vote"
    );
}

#[test]
fn invoking_article_five_for_an_incident_is_punished() {
    let mut c = campaign(10);
    open_council(&mut c, AttackKind::Incursion, "NOR", 35.0);
    let council = c.state.council.clone().unwrap();
    assert!(!council.grave);
    let objectors = council.objectors();
    let legitimacy = c.get(Target::Alliance(AllianceMeter::Legitimacy));
    c.apply(Command::InvokeArticleFive).unwrap();
    if objectors.is_empty() {
        assert_eq!(c.state.tally.invocations_for_too_little, 1);
        assert!(c.get(Target::Alliance(AllianceMeter::Legitimacy)) < legitimacy);
    } else {
        assert_eq!(c.state.tally.article5_blocked, 1);
    }
}

#[test]
fn events_must_be_answered_before_the_turn_ends() {
    let c = campaign(11);
    assert!(!c.state.pending_events.is_empty(), "the first turn opens with events");
    let refusal = c.preview(&Command::EndTurn).unwrap_err();
    assert!(refusal.0.contains("Answer the events"));
}

#[test]
fn actions_cost_capital_and_are_refused_without_it() {
    let mut c = campaign(12);
    clear_turn(&mut c);
    c.state.alliance.capital = 2.0;
    let summit = Command::HoldSummit { pledge: None };
    let refusal = c.preview(&summit).unwrap_err();
    assert_eq!(refusal.0, "Needs 6 political capital; you have 2");
    // The quiet check only answers; carrying the command out is refused with the same reason,
    // and changes nothing.
    assert_eq!(c.check(&summit), None);
    let before = c.state_hash();
    assert_eq!(c.apply(summit).unwrap_err(), refusal);
    assert_eq!(c.state_hash(), before);
    c.state.alliance.capital = 10.0;
    assert_eq!(c.check(&Command::HoldSummit { pledge: None }), Some(6.0));
}

#[test]
fn same_seed_same_game_and_different_seeds_differ() {
    let run = |seed: u64, name: &str| {
        let mut c = campaign(seed);
        let mut p = policy::policy_by_name(name, seed).unwrap();
        policy::play(&mut c, p.as_mut());
        c.state_hash()
    };
    for name in policy::POLICY_NAMES {
        for seed in [1, 2, 99] {
            assert_eq!(run(seed, name), run(seed, name), "{name} seed {seed}");
        }
    }
    let hashes: std::collections::BTreeSet<u64> = (1..=20).map(|s| run(s, "random")).collect();
    assert!(hashes.len() >= 18, "different seeds should play differently");
}

#[test]
fn replaying_the_command_log_rebuilds_the_state() {
    for (seed, name) in [(1, "historical"), (2, "random"), (3, "hawk")] {
        let mut c = campaign(seed);
        let mut p = policy::policy_by_name(name, seed).unwrap();
        policy::play(&mut c, p.as_mut());
        let mut replay = campaign(seed);
        for command in c.state.command_log.clone() {
            replay.apply(command).expect("a logged command applies again");
        }
        assert_eq!(replay.state_hash(), c.state_hash());
    }
}

#[test]
fn a_campaign_ends_after_its_last_turn_with_a_score() {
    let mut c = campaign(13);
    let mut p = policy::policy_by_name("historical", 13).unwrap();
    policy::play(&mut c, p.as_mut());
    assert!(c.is_over());
    assert_eq!(c.state.reports.len() as u32, c.total_turns());
    let score = c.score();
    assert!((score.total - score.lines.iter().map(|l| l.points).sum::<f64>()).abs() < 1e-9);
    assert!(score.lines.iter().any(|l| l.label.starts_with("Objective")));
}

#[test]
fn the_meters_array_follows_the_order_of_the_meters() {
    let mut c = campaign(3);
    // Distinct values, so a swapped pair would show.
    for (k, meter) in AllianceMeter::ALL.iter().enumerate() {
        c.sim().set(Target::Alliance(*meter), 10.0 + k as f64, Cause::Force(super::ledger::Force::ThreatTrend));
    }
    let meters = c.state.alliance.meters();
    assert_eq!(meters.len(), AllianceMeter::ALL.len());
    for (k, meter) in AllianceMeter::ALL.iter().enumerate() {
        assert_eq!(meters[k], super::state::read(&c.state, Target::Alliance(*meter)), "{meter:?}");
        assert_eq!(meters[k], 10.0 + k as f64, "{meter:?}");
    }
}

#[test]
fn random_play_numbers_every_action_on_every_target_once() {
    let mut c = campaign(21);
    let mut p = policy::policy_by_name("random", 21).unwrap();
    for _ in 0..6 {
        let n = policy::random_command_count(&c);
        let all = policy::random_commands(&c);
        assert_eq!(all.len(), n);
        assert_eq!(policy::random_command(&c, n), None, "nothing past the end");
        for (k, command) in all.iter().enumerate() {
            assert!(!all[..k].contains(command), "{command:?} listed twice");
            // An allowed command costs its price: the scripted players rely on it.
            if let Some(cost) = c.check(command) {
                assert_eq!(cost, super::cost_of(command.kind()), "{command:?}");
            }
        }
        // Every member is pressed, every candidate invited, every partner helped.
        for (i, country) in c.content.countries.iter().enumerate() {
            let member = country.iso;
            match c.state.countries[i].status {
                Status::Member => assert!(all.contains(&Command::PressSpending { member })),
                Status::Candidate => assert!(all.contains(&Command::InviteCandidate { candidate: member })),
                _ => assert!(!all.contains(&Command::PressSpending { member })),
            }
        }
        for partner in &c.content.partners {
            assert!(all.contains(&Command::AidPartner { partner: partner.id.clone() }));
        }
        policy::play_turn(&mut c, p.as_mut());
    }
}

#[test]
fn answering_an_event_that_is_not_waiting_says_which_case_it_is() {
    let mut c = campaign(14);
    let waiting = c.state.pending_events[0];
    let id = c.content.events[usize::from(waiting)].id.clone();
    let answer = |id: &str, choice| Command::AnswerEvent { event: id.to_string(), choice };
    assert_eq!(c.preview(&answer("no_such_event", 0)).unwrap_err().0, "There is no event 'no_such_event'");
    let choices = c.content.events[usize::from(waiting)].choices.len();
    let refusal = c.apply(answer(&id, choices)).unwrap_err();
    assert_eq!(refusal.0, format!("The event '{id}' has no choice {}", choices + 1));
    c.apply(answer(&id, 0)).unwrap();
    assert_eq!(c.check(&answer(&id, 0)), None);
    let refusal = c.apply(answer(&id, 0)).unwrap_err();
    assert_eq!(refusal.0, format!("The event '{id}' is not waiting for an answer"));
}

#[test]
fn the_members_walked_once_follow_a_join_and_a_departure() {
    let mut c = campaign(3);
    let content = c.content.clone();
    let greece = content.country_index(iso("GRC")).unwrap();
    let norway = content.country_index(iso("NOR")).unwrap();
    let mut sim = c.sim();
    let before = sim.member_list().to_vec();
    assert!(!before.contains(&greece) && before.contains(&norway));
    sim.join(greece, Cause::Accession(greece));
    let joined = sim.member_list().to_vec();
    assert!(joined.contains(&greece), "a join must show in the member list at once");
    assert_eq!(joined.len(), before.len() + 1);
    sim.leave(norway, Cause::Exit(norway));
    let left = sim.member_list().to_vec();
    assert!(!left.contains(&norway), "a departure must show in the member list at once");
    assert_eq!(left, c.members().collect::<Vec<_>>());
}

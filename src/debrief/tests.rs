//! The debrief of a played game: its parts, both exports, and the summary read back from them.

use super::*;
use crate::sim::policy;
use std::sync::Arc;

fn founding() -> Arc<Content> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    crate::scenario::load_catalog(&root).scenario("founding").expect("founding loads").clone()
}

fn played(policy_name: &str, seed: u64) -> Campaign {
    let mut c = Campaign::new(founding(), seed, 1);
    let mut p = policy::policy_by_name(policy_name, seed).unwrap();
    policy::play(&mut c, p.as_mut());
    c
}

#[test]
fn the_timeline_holds_every_decision_in_order() {
    let c = played("historical", 3);
    let d = Debrief::of(&c);
    let in_timeline: usize = d.timeline.iter().map(|t| t.decisions.len()).sum();
    assert_eq!(in_timeline, c.state().decisions.len());
    assert_eq!(d.timeline.len() as u32, c.total_turns());
    let answers: Vec<&DecisionEntry> =
        d.timeline.iter().flat_map(|t| &t.decisions).filter(|e| e.kind == DecisionKind::EventAnswer).collect();
    assert!(!answers.is_empty());
    // The historical policy answers as history did, and the debrief says so.
    assert!(answers.iter().all(|e| e.as_history != Some(false)), "{answers:?}");
    assert!(answers.iter().any(|e| e.note.is_some()));
    assert!(
        d.timeline
            .iter()
            .flat_map(|t| &t.decisions)
            .any(|e| e.kind == DecisionKind::Action && e.as_history == Some(true))
    );
}

#[test]
fn charts_follow_the_snapshots() {
    let c = played("hawk", 5);
    let d = Debrief::of(&c);
    assert_eq!(d.charts.len(), 2);
    for chart in &d.charts {
        assert_eq!(chart.dates.len(), c.state().snapshots.len());
        assert!(chart.series.iter().all(|s| s.values.len() == chart.dates.len()));
    }
    assert_eq!(d.charts[0].series[0].values.last().copied(), Some(c.state().alliance.cohesion));
}

#[test]
fn both_exports_carry_the_summary() {
    let d = Debrief::of(&played("dove", 8))
        .with_student(Some("Zoë <script>alert(1)</script> & co"))
        .with_class_code(Some("A5-TEST-CODE"));
    let md = to_markdown(&d);
    let html = to_html(&d);
    assert_eq!(summary_from_text(&md, Format::Markdown).unwrap(), d.summary());
    assert_eq!(summary_from_text(&html, Format::Html).unwrap(), d.summary());
    let json = render(&d, Format::Json);
    assert_eq!(summary_from_text(&json, Format::Json).unwrap(), d.summary());
    // The name is text everywhere, never markup.
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("Zoë &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert_eq!(html.matches("<script").count(), 1, "only the data block");
    assert!(summary_from_text("# Notes\n", Format::Markdown).unwrap_err().contains("not an Article Five debrief"));
}

#[test]
fn an_unfinished_game_says_how_far_it_went() {
    let mut c = Campaign::new(founding(), 2, 1);
    let mut p = policy::policy_by_name("historical", 2).unwrap();
    for _ in 0..4 {
        policy::play_turn(&mut c, p.as_mut());
    }
    let d = Debrief::of(&c);
    assert_eq!(d.outcome, Outcome::Unfinished);
    assert_eq!(d.turns_played, 4);
    assert!(d.reason.contains("4 of 14"), "{}", d.reason);
    assert!(to_markdown(&d).contains("## Outcome: Unfinished"));
}

#[test]
fn writing_picks_the_format_by_extension() {
    let dir = std::env::temp_dir().join(format!("article-five-debrief-unit-{}", std::process::id()));
    let d = Debrief::of(&played("historical", 1));
    assert_eq!(write(&d, &dir.join("a.MD")).unwrap(), Format::Markdown);
    assert_eq!(write(&d, &dir.join("a.htm")).unwrap(), Format::Html);
    let e = write(&d, &dir.join("a.pdf")).unwrap_err();
    assert!(e.to_string().contains("end it in .md for Markdown or .html"), "{e}");
    assert!(!dir.join("a.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

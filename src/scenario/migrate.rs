//! Format versions: every data file says which format it is written in (`format_version`), and
//! files of an older format are brought up to date here, one step per version, before they are
//! read. A step either rewrites the parsed file (keeping every position, so later errors still
//! point at the text on disk) or, where no safe rewrite exists, says exactly what to change.

use super::raw::FORMAT_VERSION;
use super::ron_reader::{Field, Name, Node, NodeKind, Span};

/// One step from a format to the next.
pub(crate) struct Step {
    /// The format this step reads; it produces `from + 1`.
    pub from: u32,
    pub change: Change,
}

/// How a step gets a file to the next format.
pub(crate) enum Change {
    /// Rewrites the parsed file. `summary` is shown as a warning, so the modder knows the file
    /// was read in an older format and can update it at leisure.
    Auto { summary: &'static str, apply: fn(&mut Node) },
    /// No safe rewrite exists: the file is refused with this explanation of what to change.
    /// (No shipped step needs it yet; the mechanism is tested with a made-up history.)
    #[cfg_attr(not(test), allow(dead_code))]
    Manual { what_to_change: &'static str },
}

/// The migrations this build knows, oldest first.
///
/// Format 0 is a file written without `format_version` at all (or with `format_version: 0`):
/// hand-written files from before the field existed, or written by someone who skipped it. Its
/// layout is the same as format 1's, so the step only records the version; a warning asks the
/// author to add the field. Format 1 is the current format. Within a format, new fields are
/// always optional with a default, so a format-1 file written for an older game still reads; a
/// change that would break that gets a new format number and a step here.
pub(crate) const STEPS: &[Step] = &[Step {
    from: 0,
    change: Change::Auto {
        summary: "the file has no format_version; it was read as format 1",
        apply: set_current_version,
    },
}];

/// What bringing a file up to date found.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome {
    /// The file is in the current format (possibly after rewriting); each note is a warning at a place.
    Ready(Vec<(Span, String, Option<String>)>),
    /// The file cannot be read by this build: an error at a place, with a hint.
    Refused(Span, String, Option<String>),
}

/// The `format_version` a file declares, with where it says so; None when it does not say.
pub(crate) fn declared_version(root: &Node) -> Option<(i128, Span)> {
    let NodeKind::Struct(group) = &root.kind else { return None };
    group.items.iter().find(|f| f.name.text == "format_version").and_then(|f| match f.value.kind {
        NodeKind::Int(n) => Some((n, f.value.span)),
        _ => None,
    })
}

/// Brings a parsed file up to the current format with the shipped steps.
pub(crate) fn bring_up_to_date(root: &mut Node) -> Outcome {
    bring_up_to_date_with(root, STEPS, FORMAT_VERSION)
}

/// Brings a parsed file up to `current` with `steps` (a parameter so the mechanism can be tested
/// with made-up histories).
pub(crate) fn bring_up_to_date_with(root: &mut Node, steps: &[Step], current: u32) -> Outcome {
    // Not a `( ... )` block: leave it to the reader, whose type error is clearer than ours.
    if !matches!(root.kind, NodeKind::Struct(_)) {
        return Outcome::Ready(Vec::new());
    }
    let (declared, place) = match declared_version(root) {
        Some((n, span)) => (n, span),
        None => (0, head_span(root)),
    };
    // Negative or absurd numbers are left to the reader, which reports them as a bad number.
    let Ok(declared) = u32::try_from(declared) else { return Outcome::Ready(Vec::new()) };
    if declared > current {
        return Outcome::Refused(
            place,
            format!("this file is in format {declared} but this version of Article Five reads format {current}"),
            Some("update the game, or ask the file's author for a version in the older format".into()),
        );
    }
    let mut notes = Vec::new();
    for version in declared..current {
        let Some(step) = steps.iter().find(|s| s.from == version) else {
            return Outcome::Refused(
                place,
                format!("format {version} is too old for this version of Article Five (it reads format {current})"),
                Some("see docs/modding.md, 'Format versions', for what changed".into()),
            );
        };
        match &step.change {
            Change::Auto { summary, apply } => {
                apply(root);
                set_version(root, version + 1, place);
                notes.push((place, (*summary).to_string(), Some(format!("write format_version: {current}"))));
            }
            Change::Manual { what_to_change } => {
                return Outcome::Refused(
                    place,
                    format!("this file is in format {version}, which cannot be read as format {}", version + 1),
                    Some((*what_to_change).to_string()),
                );
            }
        }
    }
    Outcome::Ready(notes)
}

/// Where a block starts: its name or its `(`.
fn head_span(root: &Node) -> Span {
    match &root.kind {
        NodeKind::Struct(g) => g.head(),
        _ => root.span,
    }
}

/// Format 0 to 1: nothing moved, so only the version is recorded (by the caller).
fn set_current_version(_: &mut Node) {}

/// Writes `format_version: version` into the file's outer block, adding the field if missing.
/// An added field takes the span `at` so that anything said about it points into the file.
fn set_version(root: &mut Node, version: u32, at: Span) {
    let NodeKind::Struct(group) = &mut root.kind else { return };
    match group.items.iter_mut().find(|f| f.name.text == "format_version") {
        Some(field) => field.value.kind = NodeKind::Int(i128::from(version)),
        None => group.items.insert(
            0,
            Field {
                name: Name { text: "format_version".into(), span: at },
                value: Node { span: at, kind: NodeKind::Int(i128::from(version)) },
            },
        ),
    }
}

/// Renames a field of the outer block and of every block nested in it (for steps that rename a
/// field wherever it occurs); the renamed field keeps its place in the file. The tool the next
/// renaming format change will use; tested now so it is ready then.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn rename_field_everywhere(node: &mut Node, old: &str, new: &str) {
    match &mut node.kind {
        NodeKind::Struct(group) => {
            for field in &mut group.items {
                if field.name.text == old {
                    field.name.text = new.to_string();
                }
                rename_field_everywhere(&mut field.value, old, new);
            }
        }
        NodeKind::Tuple(group) => group.items.iter_mut().for_each(|n| rename_field_everywhere(n, old, new)),
        NodeKind::List(items) => items.iter_mut().for_each(|n| rename_field_everywhere(n, old, new)),
        NodeKind::Map(entries) => entries.iter_mut().for_each(|(_, v)| rename_field_everywhere(v, old, new)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ron_reader::{Limits, LineIndex, from_tree, parse_tree};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Pack {
        format_version: u32,
        id: String,
        events: Vec<Event>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Event {
        id: String,
        weight: f64,
    }

    fn tree(src: &str) -> Node {
        parse_tree(src, &Limits::default()).expect("parses")
    }

    fn place(src: &str, span: Span) -> (u32, u32) {
        LineIndex::new(src).line_col(span.start)
    }

    #[test]
    fn a_file_without_format_version_reads_as_format_1_with_a_warning() {
        let src = "(\n    id: \"p\",\n    events: [(id: \"e\", weight: 3)],\n)";
        let mut root = tree(src);
        let Outcome::Ready(notes) = bring_up_to_date(&mut root) else { panic!("should be read") };
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].1, "the file has no format_version; it was read as format 1");
        assert_eq!(notes[0].2.as_deref(), Some("write format_version: 1"));
        assert_eq!(place(src, notes[0].0), (1, 1));
        let pack: Pack = from_tree(&root, src).expect("reads after migration");
        assert_eq!((pack.format_version, pack.id.as_str(), pack.events[0].weight), (1, "p", 3.0));
        assert_eq!(pack.events[0].id, "e");
    }

    #[test]
    fn the_current_format_is_left_alone() {
        let src = "(format_version: 1, id: \"p\", events: [])";
        let mut root = tree(src);
        assert_eq!(bring_up_to_date(&mut root), Outcome::Ready(Vec::new()));
    }

    #[test]
    fn a_newer_format_gets_the_update_message_at_its_number() {
        let src = "(\n  format_version: 3, id: \"p\", events: [])";
        let mut root = tree(src);
        let Outcome::Refused(span, message, hint) = bring_up_to_date(&mut root) else { panic!("refused") };
        assert_eq!(place(src, span), (2, 19));
        assert_eq!(message, "this file is in format 3 but this version of Article Five reads format 1");
        assert_eq!(
            hint.as_deref(),
            Some("update the game, or ask the file's author for a version in the older format")
        );
    }

    /// A made-up history: format 1 called `weight` `chance`; format 2 dropped a feature that has
    /// no automatic replacement; format 3 is current.
    const HISTORY: &[Step] = &[
        Step {
            from: 1,
            change: Change::Auto {
                summary: "`chance` is now called `weight`",
                apply: |root| rename_field_everywhere(root, "chance", "weight"),
            },
        },
        Step { from: 2, change: Change::Manual { what_to_change: "replace `Random(...)` effects by two choices" } },
    ];

    #[test]
    fn an_old_format_is_rewritten_step_by_step_and_keeps_its_positions() {
        let src = "(format_version: 1, id: \"p\",\n events: [(id: \"e\", chance: \"high\")])";
        let mut root = tree(src);
        let outcome = bring_up_to_date_with(&mut root, &HISTORY[..1], 2);
        let Outcome::Ready(notes) = outcome else { panic!("should migrate") };
        assert_eq!(notes[0].1, "`chance` is now called `weight`");
        assert_eq!(notes[0].2.as_deref(), Some("write format_version: 2"));
        // The renamed field's value is still where the modder wrote it.
        let err = from_tree::<Pack>(&root, src).expect_err("\"high\" is not a number");
        assert_eq!(place(src, err.span), (2, 29));
        assert_eq!(err.message, "expected a number, found the text \"high\"");
    }

    #[test]
    fn a_step_without_a_rewrite_says_what_to_change() {
        let src = "(format_version: 1, id: \"p\", events: [])";
        let mut root = tree(src);
        let Outcome::Refused(span, message, hint) = bring_up_to_date_with(&mut root, HISTORY, 3) else {
            panic!("refused")
        };
        assert_eq!(place(src, span), (1, 18));
        assert_eq!(message, "this file is in format 2, which cannot be read as format 3");
        assert_eq!(hint.as_deref(), Some("replace `Random(...)` effects by two choices"));
    }

    #[test]
    fn a_version_with_no_step_is_refused_with_a_pointer_to_the_docs() {
        let src = "(format_version: 1, id: \"p\", events: [])";
        let mut root = tree(src);
        let Outcome::Refused(_, message, _) = bring_up_to_date_with(&mut root, &[], 2) else { panic!("refused") };
        assert_eq!(message, "format 1 is too old for this version of Article Five (it reads format 2)");
    }
}

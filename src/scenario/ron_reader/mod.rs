//! Our own RON reader for scenario files: every error carries an exact position in the file.
//!
//! We do not use the `ron` crate for modders' files because its errors lose positions for
//! type and semantic problems and speak in Rust type names. This reader parses the whole
//! file into a tree in which every value knows its byte span, then runs serde over that
//! tree, so any error (syntax, type, unknown field, or a validator's `custom` message)
//! can point at the exact text. [`Spanned`] lets game data keep those positions for
//! later checks, and [`Diagnostic`] prints them the way a compiler would.
//!
//! The accepted syntax and how it maps to Rust types are described in `parse.rs` and
//! `de.rs`; in short it is RON with a few kindnesses for hand-written files: bare values
//! for options, optional and ignored struct names, and `#![enable(...)]` lines that are
//! accepted but change nothing.

mod de;
mod diagnostic;
mod error;
mod line_index;
mod parse;
mod spanned;
mod suggest;

pub use diagnostic::{Diagnostic, Severity};
pub use error::ReadError;
pub use line_index::LineIndex;
pub use parse::MAX_DEPTH_CAP;
pub(crate) use parse::{Field, Name, Node, NodeKind};
pub use spanned::{Span, Spanned};
pub use suggest::did_you_mean;

/// Caps that keep a hostile or broken file from exhausting memory or the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of `( )`, `[ ]` and `{ }`. Values above
    /// [`MAX_DEPTH_CAP`] are treated as that cap, since each level costs stack.
    pub max_depth: usize,
}

impl Default for Limits {
    /// 4 MiB and 64 levels: far beyond any real scenario, well within memory and stack.
    fn default() -> Self {
        Limits { max_bytes: 4 * 1024 * 1024, max_depth: 64 }
    }
}

/// Parse `src` and deserialize it into T. All positions in errors are byte offsets into `src`.
pub fn from_str<T: serde::de::DeserializeOwned>(src: &str, limits: &Limits) -> Result<T, ReadError> {
    let root = parse::parse_document(src, limits)?;
    from_tree(&root, src)
}

/// Parses `src` into its tree of values without reading it as a type, so that a migration can
/// rewrite an old file's shape first (see `scenario::migrate`).
pub(crate) fn parse_tree(src: &str, limits: &Limits) -> Result<Node, ReadError> {
    parse::parse_document(src, limits)
}

/// Deserializes a tree parsed from `src`. A migration may have rewritten the tree; the spans it
/// kept still point into `src`, so errors keep their exact places in the file on disk.
pub(crate) fn from_tree<T: serde::de::DeserializeOwned>(root: &Node, src: &str) -> Result<T, ReadError> {
    T::deserialize(de::De::new(root, src)).map_err(|e| e.into_read_error(root.span))
}

#[cfg(test)]
mod tests {
    //! Whole-pipeline robustness: no input may panic or overflow the stack.

    use std::collections::BTreeMap;

    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde::Deserialize;

    use super::de::tests::Any;
    use super::*;

    pub(crate) const SAMPLE: &str = r##"// Founding-era events
(
    format_version: 1,
    events: [
        (
            id: "korean_war_shock",
            title: "War in Korea",
            when: (from: "1950-06", to: "1950-12"),
            if_all: [AdversaryIntentAbove(40), Flag("treaty_signed")],
            weight: 10,
            choices: [
                (label: "Rearm", effects: [Alliance(Deterrence, 8), AllMembers(SpendingPct, 0.8)], historical: true),
                (label: "Stay out", effects: [Alliance(Credibility, -6), Member("USA", Alignment, -5)]),
            ],
            note: r#"The "shock" of 1950."#,
            codex: ["integrated_command"],
        ),
    ],
)
"##;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        format_version: u32,
        events: Vec<Spanned<Event>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Event {
        id: Spanned<String>,
        title: String,
        when: Window,
        #[serde(default)]
        if_all: Vec<Condition>,
        weight: Option<u32>,
        choices: Vec<Choice>,
        note: Option<String>,
        #[serde(default)]
        codex: Vec<String>,
        #[serde(default)]
        extra: BTreeMap<String, f64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Window {
        from: String,
        to: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Condition {
        AdversaryIntentAbove(i32),
        Flag(String),
        Always,
        Between { low: f64, high: f64 },
        Not(Box<Condition>),
        Any(Vec<Condition>),
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Choice {
        label: String,
        effects: Vec<Effect>,
        #[serde(default)]
        historical: bool,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Effect {
        Alliance(Metric, i32),
        AllMembers(Metric, f64),
        Member(String, Metric, i32),
    }

    #[derive(Debug, Deserialize)]
    enum Metric {
        Deterrence,
        Credibility,
        SpendingPct,
        Alignment,
    }

    fn read(src: &str) -> Result<File, ReadError> {
        from_str(src, &Limits::default())
    }

    #[test]
    fn the_sample_file_reads() {
        let file = read(SAMPLE).expect("sample reads");
        assert_eq!(file.format_version, 1);
        let event = &file.events[0];
        assert_eq!(&SAMPLE[event.id.span.start..event.id.span.end], "\"korean_war_shock\"");
        assert_eq!(event.choices.len(), 2);
        assert_eq!(event.note.as_deref(), Some("The \"shock\" of 1950."));
    }

    /// The sample with one edit, as a modder's typo would make it.
    fn edited(from: &str, to: &str) -> String {
        assert_eq!(SAMPLE.matches(from).count(), 1, "`{from}` must occur once");
        SAMPLE.replacen(from, to, 1)
    }

    /// (line, col, message, hint) of reading `src` as a scenario file.
    fn problem(src: &str) -> (u32, u32, String, Option<String>) {
        let e = read(src).expect_err("should fail");
        let (line, col) = LineIndex::new(src).line_col(e.span.start);
        (line, col, e.message, e.hint)
    }

    #[test]
    fn misspelt_field_is_found_with_a_suggestion() {
        let (line, col, msg, hint) = problem(&edited("title:", "titel:"));
        assert_eq!((line, col, msg.as_str()), (7, 13, "unknown field `titel`"));
        assert_eq!(hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn missing_field_points_at_the_event_block() {
        let (line, col, msg, _) = problem(&edited("title: \"War in Korea\",", ""));
        assert_eq!((line, col, msg.as_str()), (5, 9, "missing field `title`"));
    }

    #[test]
    fn text_where_a_number_belongs() {
        let (line, col, msg, _) = problem(&edited("weight: 10", "weight: \"ten\""));
        assert_eq!((line, col), (10, 21));
        assert_eq!(msg, "expected a whole number, 0 or more, found the text \"ten\"");
    }

    #[test]
    fn fraction_where_a_whole_number_belongs() {
        let (line, col, msg, _) = problem(&edited("weight: 10", "weight: 2.5"));
        assert_eq!((line, col, msg.as_str()), (10, 21, "expected a whole number, found the number 2.5"));
        let (line, col, msg, _) = problem(&edited("format_version: 1", "format_version: -1"));
        assert_eq!((line, col), (3, 21));
        assert_eq!(msg, "expected a whole number from 0 to 4294967295, found the number -1");
    }

    #[test]
    fn misspelt_condition_name() {
        let (line, col, msg, hint) = problem(&edited("AdversaryIntentAbove(40)", "AdversaryIntentAbov(40)"));
        assert_eq!((line, col, msg.as_str()), (9, 22, "unknown name `AdversaryIntentAbov`"));
        assert_eq!(hint.as_deref(), Some("did you mean `AdversaryIntentAbove`?"));
    }

    #[test]
    fn unterminated_string_at_the_end() {
        let (line, col, msg, _) = problem(&edited("[\"integrated_command\"]", "[\"integrated_command]"));
        assert_eq!((line, col, msg.as_str()), (16, 21, "unterminated string"));
    }

    #[test]
    fn missing_quote_in_the_middle_is_suspected() {
        let (line, col, msg, hint) = problem(&edited("\"War in Korea\"", "\"War in Korea"));
        assert_eq!((line, col, msg.as_str()), (8, 27, "expected `,` or `)`, found the number 1950"));
        assert_eq!(
            hint.as_deref(),
            Some(
                "the text starting at line 7, column 20 runs over several lines; if it was meant to end on that line, its closing `\"` is missing"
            )
        );
    }

    #[test]
    fn unclosed_event_block() {
        let (line, col, msg, hint) = problem(&edited("        ),\n    ],", "    ],"));
        assert_eq!((line, col, msg.as_str()), (5, 9, "unclosed `(` opened here"));
        assert_eq!(hint.as_deref(), Some("found `]` at line 17, column 5 where `)` was expected"));
    }

    #[test]
    fn missing_comma_between_fields() {
        let (line, col, msg, hint) = problem(&edited("weight: 10,", "weight: 10"));
        assert_eq!((line, col, msg.as_str()), (11, 13, "missing comma between fields"));
        assert_eq!(hint.as_deref(), Some("add `,` before `choices`"));
    }

    #[test]
    fn trailing_garbage_after_the_file() {
        let (line, col, msg, _) = problem(&format!("{SAMPLE})\n"));
        assert_eq!((line, col, msg.as_str()), (20, 1, "unexpected `)` after the end of the data"));
    }

    #[test]
    fn depth_limit_points_at_the_first_bracket_too_deep() {
        let limits = Limits { max_bytes: 1 << 20, max_depth: 3 };
        let e = from_str::<File>(SAMPLE, &limits).unwrap_err();
        let (line, col) = LineIndex::new(SAMPLE).line_col(e.span.start);
        assert_eq!((line, col, e.message.as_str()), (8, 19, "nesting deeper than 3 levels"));
    }

    /// Errors must always point inside the file (or at its very end).
    fn check<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits) {
        if let Err(e) = from_str::<T>(text, limits) {
            assert!(e.span.start <= e.span.end && e.span.end <= text.len(), "{e:?} outside {} bytes", text.len());
            assert!(!e.message.is_empty());
        }
    }

    const TOKENS: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "Some",
        "None",
        "true",
        "()",
        "1",
        "-6",
        "0.8",
        "2.5e3",
        "\"x\"",
        "'c'",
        "r#\"q\"#",
        "id",
        "title",
        "when",
        "from",
        "to",
        "events",
        "format_version",
        "choices",
        "effects",
        "label",
        "if_all",
        "weight",
        "note",
        "codex",
        "extra",
        "Alliance",
        "Deterrence",
        "Member",
        "Flag",
        "Not",
        "Any",
        "Between",
        "low",
        "high",
        "Always",
        "//c\n",
        "/*",
        "*/",
        "#![enable(implicit_some)]",
    ];

    #[test]
    fn random_mutations_never_panic() {
        // Unoptimised builds are about ten times slower, so they run a quarter of the
        // full 200_000 rounds to keep `cargo test` quick; release runs all of them.
        let rounds = if cfg!(debug_assertions) { 50_000 } else { 200_000 };
        let mut rng = ChaCha8Rng::seed_from_u64(0x0A57_F1FE);
        let limits = Limits::default();
        let alphabet = b"()[]{},:\"'#!r/*\\_-+.0123456789eExabcSomeNnT \n\t";
        let base = SAMPLE.as_bytes();
        let mut buf: Vec<u8> = Vec::with_capacity(base.len() + 64);
        for round in 0..rounds {
            buf.clear();
            if round % 10 == 9 {
                // Random byte strings, some of them mostly syntax characters.
                let len = rng.random_range(0..200);
                for _ in 0..len {
                    let b =
                        if rng.random_bool(0.5) { alphabet[rng.random_range(0..alphabet.len())] } else { rng.random() };
                    buf.push(b);
                }
            } else if round % 10 == 8 {
                // Token soup: words the scenario types know, so that deserialization
                // (not just parsing) goes deep into odd shapes.
                for _ in 0..rng.random_range(0..80) {
                    buf.extend_from_slice(TOKENS[rng.random_range(0..TOKENS.len())].as_bytes());
                    if rng.random_bool(0.3) {
                        buf.push(b' ');
                    }
                }
            } else {
                buf.extend_from_slice(base);
                for _ in 0..rng.random_range(1..4) {
                    let at = rng.random_range(0..=buf.len());
                    match rng.random_range(0..6) {
                        0 if at < buf.len() => buf[at] ^= 1 << rng.random_range(0..8),
                        1 => buf.insert(at, alphabet[rng.random_range(0..alphabet.len())]),
                        2 if at < buf.len() => {
                            buf.remove(at);
                        }
                        3 => buf.truncate(at),
                        4 => {
                            // Paste a copy of another stretch, duplicating fields and blocks.
                            let from = rng.random_range(0..base.len());
                            let end = (from + rng.random_range(1..120)).min(base.len());
                            let chunk = base[from..end].to_vec();
                            buf.splice(at..at, chunk);
                        }
                        _ => {
                            // Delete a random stretch, which breaks brackets and strings.
                            let end = (at + rng.random_range(1..40)).min(buf.len());
                            buf.drain(at..end);
                        }
                    }
                }
            }
            let text = String::from_utf8_lossy(&buf);
            check::<File>(&text, &limits);
            if round % 4 == 0 {
                // The untyped path (deserialize_any) sees every form the parser accepts.
                check::<Any>(&text, &limits);
            }
        }
    }

    #[test]
    fn a_hundred_thousand_open_brackets_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = from_str::<Vec<String>>(&deep, &Limits::default()).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 64 levels");
        assert_eq!(e.span, Span::new(64, 65));
        // Even with a careless limit the cap protects the stack.
        let careless = Limits { max_bytes: usize::MAX, max_depth: usize::MAX };
        let e = from_str::<Vec<String>>(&deep, &careless).unwrap_err();
        assert_eq!(e.message, format!("nesting deeper than {MAX_DEPTH_CAP} levels"));
        let mixed = "(a: [{".repeat(40_000);
        assert!(from_str::<File>(&mixed, &Limits::default()).is_err());
    }

    #[test]
    fn five_mebibytes_is_refused_before_parsing() {
        let big = format!("[{}]", "1,".repeat(5 * 512 * 1024));
        assert!(big.len() > 5 * 1024 * 1024);
        let e = from_str::<Vec<u8>>(&big, &Limits::default()).unwrap_err();
        assert_eq!(e.span, Span::new(0, 0));
        assert_eq!(e.message, "file is larger than 4 MiB");
        assert_eq!(e.hint.as_deref(), Some("this file is 5.0 MiB; split it into smaller files"));
    }

    #[test]
    fn nesting_at_the_hard_cap_fits_the_stack() {
        // Test threads have 2 MiB of stack; an untyped value at the deepest nesting
        // the cap allows must still read in a debug build.
        let careless = Limits { max_bytes: usize::MAX, max_depth: usize::MAX };
        let n = MAX_DEPTH_CAP;
        let lists = format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(from_str::<Any>(&lists, &careless).is_ok());
        let mixed = format!("{}1{}", "Some(Wrap(a: ".repeat(n / 2), "))".repeat(n / 2));
        assert!(from_str::<Any>(&mixed, &careless).is_ok());
    }

    #[test]
    fn deep_but_allowed_nesting_reads() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Nest(Vec<Nest>);
        let src = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(from_str::<Nest>(&src, &Limits::default()).is_ok());
        let src = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(from_str::<Nest>(&src, &Limits::default()).is_err());
    }
}

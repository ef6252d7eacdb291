//! Diagnostics: one problem in one file, with the text form modders see in the terminal.

use std::fmt;

use super::error::ReadError;
use super::line_index::LineIndex;
use super::spanned::Span;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be used.
    Error,
    /// The file works, but probably not as the modder meant.
    Warning,
}

impl Severity {
    /// The word used in the text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file, ready to print.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the modder would type it.
    pub path: String,
    /// 1-based line of the start; 0 when the problem has no position.
    pub line: u32,
    /// 1-based column (in characters) of the start; 0 when there is no position.
    pub col: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end (one past the last character).
    pub end_col: u32,
    /// What went wrong.
    pub message: String,
    /// How to fix it, if known.
    pub hint: Option<String>,
    /// Byte range in the file, kept for tools; JSON consumers use line and column.
    #[serde(skip)]
    pub span: Option<Span>,
}

/// Lines longer than this (in shown columns) are cut around the caret.
const LONG_LINE: usize = 160;
/// How much of a long line is shown, and how much of that comes before the caret.
const WINDOW: usize = 150;
const BEFORE_CARET: usize = 60;

impl Diagnostic {
    /// Build from a span in `src` (computes line/col via LineIndex).
    pub fn at(
        severity: Severity,
        path: &str,
        src: &str,
        span: Span,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let index = LineIndex::new(src);
        let (line, col) = index.line_col(span.start);
        let (end_line, end_col) = index.line_col(span.end.max(span.start));
        Diagnostic {
            severity,
            path: path.to_owned(),
            line,
            col,
            end_line,
            end_col,
            message: message.into(),
            hint,
            span: Some(span),
        }
    }

    /// A problem with no position (e.g. a missing file): line and col are 0 and the text form prints `path: error: message`.
    pub fn whole_file(severity: Severity, path: &str, message: impl Into<String>, hint: Option<String>) -> Self {
        Diagnostic {
            severity,
            path: path.to_owned(),
            line: 0,
            col: 0,
            end_line: 0,
            end_col: 0,
            message: message.into(),
            hint,
            span: None,
        }
    }

    /// The error from `from_str` as an error diagnostic for the file at `path`.
    pub fn from_read_error(path: &str, src: &str, err: &ReadError) -> Self {
        Diagnostic::at(Severity::Error, path, src, err.span, err.message.clone(), err.hint.clone())
    }

    /// Text form, exactly:
    /// ```text
    /// scenarios/founding.ron:12:10: error: unknown member 'GER'
    ///    |
    /// 12 |     iso: "GER",
    ///    |          ^^^^^
    ///    = hint: did you mean 'DEU'?
    /// ```
    /// The gutter width follows the line number's width. Tabs in the shown line are shown as 4 spaces and the caret column accounts for it. The caret run covers the span on that line (at least one ^; if the span continues past the line end, carets to the end of the line). Long lines (over 160 chars) are cut around the caret with "…". `src` may be None, then only the first line (and hint) is printed.
    ///
    /// The result has no trailing newline. Trailing spaces of the shown line are dropped.
    pub fn render(&self, src: Option<&str>) -> String {
        let severity = self.severity.as_str();
        let mut out = if self.line == 0 {
            format!("{}: {severity}: {}", self.path, self.message)
        } else {
            format!("{}:{}:{}: {severity}: {}", self.path, self.line, self.col, self.message)
        };
        let line_no = self.line.to_string();
        let pad = " ".repeat(line_no.len());
        if let Some(src) = src.filter(|_| self.line > 0) {
            let (shown, caret_pad, caret_len) = self.snippet(src);
            out.push_str(&format!("\n{pad} |"));
            out.push_str(format!("\n{line_no} | {shown}").trim_end());
            out.push_str(&format!("\n{pad} | {}{}", " ".repeat(caret_pad), "^".repeat(caret_len)));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n{pad} = hint: {hint}"));
        }
        out
    }

    /// The line as shown, the caret's offset in it and the caret's length, all in shown
    /// columns.
    fn snippet(&self, src: &str) -> (String, usize, usize) {
        let index = LineIndex::new(src);
        let chars: Vec<char> = index.line_text(src, self.line).chars().collect();
        let start = to_index(self.col).min(chars.len());
        let end = if self.end_line == self.line {
            to_index(self.end_col).min(chars.len())
        } else if self.end_line > self.line {
            chars.len()
        } else {
            start
        }
        .max(start);

        // Expand tabs, remembering where each character lands.
        let mut shown: Vec<char> = Vec::with_capacity(chars.len());
        let mut column_of = Vec::with_capacity(chars.len() + 1);
        for &c in &chars {
            column_of.push(shown.len());
            if c == '\t' {
                shown.extend([' '; 4]);
            } else {
                shown.push(c);
            }
        }
        column_of.push(shown.len());
        let caret_start = column_of.get(start).copied().unwrap_or(shown.len());
        let caret_end = column_of.get(end).copied().unwrap_or(shown.len());

        if shown.len() <= LONG_LINE {
            let len = caret_end.saturating_sub(caret_start).max(1);
            return (shown.into_iter().collect(), caret_start, len);
        }
        let mut from = caret_start.saturating_sub(BEFORE_CARET);
        let to = (from + WINDOW).min(shown.len());
        if to - from < WINDOW {
            from = to.saturating_sub(WINDOW);
        }
        let mut text = String::new();
        let mut caret_pad = caret_start.saturating_sub(from);
        if from > 0 {
            text.push('…');
            caret_pad += 1;
        }
        text.extend(shown.get(from..to).unwrap_or(&[]));
        if to < shown.len() {
            text.push('…');
        }
        let len = caret_end.min(to).saturating_sub(caret_start).max(1);
        (text, caret_pad, len)
    }
}

fn to_index(one_based: u32) -> usize {
    usize::try_from(one_based.saturating_sub(1)).unwrap_or(usize::MAX)
}

impl fmt::Display for Diagnostic {
    /// The first line and hint of the text form (no snippet, since there is no source).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(src: &str, needle: &str) -> Span {
        let start = src.find(needle).expect("needle in source");
        Span::new(start, start + needle.len())
    }

    #[test]
    fn renders_the_documented_example_exactly() {
        let mut src = String::new();
        for i in 1..=11 {
            src.push_str(&format!("// line {i}\n"));
        }
        src.push_str("    iso: \"GER\",\n)\n");
        let d = Diagnostic::at(
            Severity::Error,
            "scenarios/founding.ron",
            &src,
            span_of(&src, "\"GER\""),
            "unknown member 'GER'",
            Some("did you mean 'DEU'?".to_owned()),
        );
        assert_eq!((d.line, d.col, d.end_line, d.end_col), (12, 10, 12, 15));
        let expected = "\
scenarios/founding.ron:12:10: error: unknown member 'GER'
   |
12 |     iso: \"GER\",
   |          ^^^^^
   = hint: did you mean 'DEU'?";
        assert_eq!(d.render(Some(&src)), expected);
    }

    #[test]
    fn gutter_follows_a_one_digit_line_number() {
        let src = "(weight: \"ten\")";
        let d = Diagnostic::at(Severity::Warning, "a.ron", src, span_of(src, "\"ten\""), "odd weight", None);
        let expected = "\
a.ron:1:10: warning: odd weight
  |
1 | (weight: \"ten\")
  |          ^^^^^";
        assert_eq!(d.render(Some(src)), expected);
    }

    #[test]
    fn tabs_show_as_four_spaces_and_move_the_caret() {
        let src = "(\n\tweight:\t\"ten\",\n)";
        let d = Diagnostic::at(Severity::Error, "t.ron", src, span_of(src, "\"ten\""), "bad", None);
        assert_eq!(d.col, 10, "columns count a tab as one character");
        let expected = "\
t.ron:2:10: error: bad
  |
2 |     weight:    \"ten\",
  |                ^^^^^";
        assert_eq!(d.render(Some(src)), expected);
    }

    #[test]
    fn multi_line_span_underlines_to_the_end_of_its_first_line() {
        let src = "(\n  effects: [Alliance(Deterrence, 8),\n    Flag(\"x\")],\n)";
        let start = src.find('[').unwrap();
        let end = src.find("],").unwrap() + 1;
        let d = Diagnostic::at(Severity::Error, "m.ron", src, Span::new(start, end), "too many effects", None);
        assert_eq!((d.line, d.end_line), (2, 3));
        let expected = "\
m.ron:2:12: error: too many effects
  |
2 |   effects: [Alliance(Deterrence, 8),
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^";
        assert_eq!(d.render(Some(src)), expected);
    }

    #[test]
    fn empty_span_and_span_at_line_end_still_show_one_caret() {
        let src = "(a: 1\n";
        let d = Diagnostic::at(Severity::Error, "e.ron", src, Span::new(5, 5), "unclosed", None);
        assert_eq!(d.render(Some(src)), "e.ron:1:6: error: unclosed\n  |\n1 | (a: 1\n  |      ^");
        let d = Diagnostic::at(Severity::Error, "e.ron", "", Span::new(0, 0), "empty", None);
        assert_eq!(d.render(Some("")), "e.ron:1:1: error: empty\n  |\n1 |\n  | ^");
    }

    #[test]
    fn without_source_only_the_heading_and_hint_are_printed() {
        let src = "(a: 1)";
        let d = Diagnostic::at(
            Severity::Error,
            "x.ron",
            src,
            Span::new(1, 2),
            "unknown field `a`",
            Some("did you mean `b`?".into()),
        );
        assert_eq!(d.render(None), "x.ron:1:2: error: unknown field `a`\n  = hint: did you mean `b`?");
        assert_eq!(d.to_string(), d.render(None));
    }

    #[test]
    fn whole_file_problems_have_no_position() {
        let d = Diagnostic::whole_file(Severity::Error, "scenarios/missing.ron", "file not found", None);
        assert_eq!((d.line, d.col, d.span), (0, 0, None));
        assert_eq!(d.render(Some("whatever")), "scenarios/missing.ron: error: file not found");
        let d = Diagnostic::whole_file(Severity::Warning, "a.ron", "empty file", Some("add a value".into()));
        assert_eq!(d.render(None), "a.ron: warning: empty file\n  = hint: add a value");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}BAD{}", "a".repeat(200), "b".repeat(200));
        let src = format!("(\n{line}\n)");
        let d = Diagnostic::at(Severity::Error, "l.ron", &src, span_of(&src, "BAD"), "bad", None);
        let out = d.render(Some(&src));
        let lines: Vec<&str> = out.lines().collect();
        let shown = format!("…{}BAD{}…", "a".repeat(60), "b".repeat(87));
        assert_eq!(lines[2], format!("2 | {shown}"));
        assert_eq!(lines[3], format!("  | {}^^^", " ".repeat(61)));
        // The caret sits under the bad text.
        let caret_at = lines[3].find('^').unwrap();
        assert_eq!(lines[2].chars().skip(caret_at).take(3).collect::<String>(), "BAD");
    }

    #[test]
    fn long_line_cut_near_its_end_keeps_a_full_window() {
        let line = format!("{}END", "a".repeat(300));
        let src = line.clone();
        let d = Diagnostic::at(Severity::Error, "l.ron", &src, span_of(&src, "END"), "bad", None);
        let out = d.render(Some(&src));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], format!("1 | …{}END", "a".repeat(147)));
        assert_eq!(lines[3], format!("  | {}^^^", " ".repeat(148)));
    }

    #[test]
    fn read_errors_convert_to_diagnostics() {
        let src = "(a: 1,\n b 2)";
        let err = ReadError::new(Span::new(10, 11), "expected `:` after field name `b`, found the number 2");
        let d = Diagnostic::from_read_error("f.ron", src, &err);
        assert_eq!((d.severity, d.line, d.col), (Severity::Error, 2, 4));
    }
}

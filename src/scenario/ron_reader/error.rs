//! Error types: the public `ReadError` and the serde error that tracks where it happened.

use std::fmt;

use serde::de::{self, Expected, Unexpected};

use super::spanned::Span;
use super::suggest::did_you_mean;

/// An error with where it happened and an optional hint for the modder.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    /// Bytes of the source the error points at.
    pub span: Span,
    /// What went wrong, in words a modder understands.
    pub message: String,
    /// How to fix it, when there is a likely fix.
    pub hint: Option<String>,
}

impl ReadError {
    /// An error at `span` without a hint.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        ReadError { span, message: message.into(), hint: None }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at bytes {}..{})", self.message, self.span.start, self.span.end)?;
        if let Some(hint) = &self.hint {
            write!(f, "; hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// What kind of serde error this is, so the deserializer can choose the right span
/// once it learns where the error happened.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Any message we keep as written (including semantic validators' messages).
    Custom,
    /// A type mismatch reported by a visitor; `expected` is already in plain words, so
    /// the deserializer can restate what it actually found at that node.
    InvalidType { expected: String },
    /// Points at the opening of the block the field is missing from.
    MissingField,
    /// Points at the second occurrence, i.e. the last key read.
    DuplicateField,
    /// Everything else, whose default span is the node being read.
    Other,
}

/// The error type our deserializer hands to serde. Errors raised without a position
/// (serde's `custom`, `invalid_type`, ...) get one attached by the innermost part of the
/// deserializer that sees them; a span, once set, is never replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub(crate) span: Option<Span>,
    pub(crate) kind: Kind,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Error {
    pub(crate) fn at(span: Span, message: impl Into<String>) -> Self {
        Error { span: Some(span), kind: Kind::Other, message: message.into(), hint: None }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches `span` unless a more precise one is already there.
    pub(crate) fn or_at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    pub(crate) fn into_read_error(self, fallback: Span) -> ReadError {
        ReadError { span: self.span.unwrap_or(fallback), message: self.message, hint: self.hint }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { span: None, kind: Kind::Custom, message: plain_custom(msg.to_string()), hint: None }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        let expected = plain_expected(&exp.to_string());
        Error {
            span: None,
            message: format!("expected {expected}, found {}", describe_unexpected(&unexp)),
            kind: Kind::InvalidType { expected },
            hint: None,
        }
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        let expected = plain_expected(&exp.to_string());
        Error {
            span: None,
            message: format!("expected {expected}, found {}", describe_unexpected(&unexp)),
            kind: Kind::Other,
            hint: None,
        }
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        let exp = exp.to_string();
        // A variant's name is the modder's own word, so it makes the message concrete.
        let variant = exp
            .strip_prefix("tuple variant ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|path| path.rsplit("::").next());
        let message = match (count_in(&exp), variant) {
            (Some(n), Some(name)) => format!("`{name}` takes {}, found {}", values(n), len),
            (Some(n), None) => format!("expected {}, found {}", values(n), len),
            (None, _) => format!("expected {}, found {}", plain_expected(&exp), values(len)),
        };
        Error { span: None, kind: Kind::Other, message, hint: None }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error {
            span: None,
            kind: Kind::Other,
            message: format!("unknown name `{variant}`"),
            hint: Some(suggestion(variant, expected, "there are no names to choose from here")),
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error {
            span: None,
            kind: Kind::Other,
            message: format!("unknown field `{field}`"),
            hint: Some(suggestion(field, expected, "this block takes no fields")),
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Error { span: None, kind: Kind::MissingField, message: format!("missing field `{field}`"), hint: None }
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error {
            span: None,
            kind: Kind::DuplicateField,
            message: format!("field `{field}` is given twice"),
            hint: Some("remove one of the two".to_owned()),
        }
    }
}

/// "did you mean `x`?" when a candidate is close, otherwise the full list.
pub(crate) fn suggestion(word: &str, expected: &[&str], when_empty: &str) -> String {
    if let Some(best) = did_you_mean(word, expected.iter().copied()) {
        format!("did you mean `{best}`?")
    } else if expected.is_empty() {
        when_empty.to_owned()
    } else {
        format!("expected one of {}", backticked_list(expected))
    }
}

/// `a`, `b`, `c` — long lists are cut so a hint stays one readable line.
pub(crate) fn backticked_list(items: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut out: Vec<String> = items.iter().take(SHOWN).map(|s| format!("`{s}`")).collect();
    if items.len() > SHOWN {
        out.push(format!("and {} more", items.len() - SHOWN));
    }
    out.join(", ")
}

/// "1 value" / "3 values".
pub(crate) fn values(n: usize) -> String {
    if n == 1 { "1 value".to_owned() } else { format!("{n} values") }
}

/// The count in serde's length expectations ("a tuple of size 3", "struct X with 3
/// elements"), which always comes last, after any digits in a type name.
fn count_in(expected: &str) -> Option<usize> {
    let trimmed = expected
        .trim_end()
        .trim_end_matches(" elements")
        .trim_end_matches(" element")
        .trim_end_matches(" elements in sequence")
        .trim_end_matches(" elements in array");
    let digits: String =
        trimmed.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    if digits.is_empty() {
        // "2 elements in sequence" puts the count first.
        let lead: String = expected.chars().take_while(char::is_ascii_digit).collect();
        return lead.parse().ok();
    }
    digits.parse().ok()
}

/// Custom messages pass through, except serde's own few that name Rust types.
fn plain_custom(msg: String) -> String {
    if msg.starts_with("data did not match any variant of untagged enum") {
        "this value does not match any of the accepted forms".to_owned()
    } else if msg.starts_with("no variant of enum") && msg.ends_with("found in flattened data") {
        "none of the accepted names was found here".to_owned()
    } else {
        msg
    }
}

/// Turns serde's `Expected` text (which names Rust types) into words for a modder.
pub(crate) fn plain_expected(exp: &str) -> String {
    let exp = exp.trim();
    let plain = match exp {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "string" | "a str" | "path string" => "text in double quotes",
        "a boolean" | "bool" => "true or false",
        "option" | "an option" => "a value or None",
        "a character" | "a char" | "char" => "a single character in single quotes, such as 'x'",
        "a map" => "a map { key: value, ... }",
        "unit" | "a unit" => "`()`",
        "field identifier" => "a field name",
        "variant identifier" => "a name",
        "a sequence" => "a list [ ... ]",
        "a borrowed byte array" | "byte array" | "bytes" | "a byte array" => "text in double quotes",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_owned();
    }
    if exp.starts_with("struct variant ") || exp.starts_with("struct ") {
        "a ( field: value, ... ) block".to_owned()
    } else if let Some(rest) = exp.strip_prefix("tuple variant ") {
        // The variant name is what the modder writes, so it is safe (and helpful) to show.
        let name = rest.rsplit("::").next().unwrap_or(rest);
        let name = name.split(' ').next().unwrap_or(name);
        format!("`{name}( ... )` with values in parentheses")
    } else if let Some(rest) = exp.strip_prefix("unit variant ") {
        let name = rest.rsplit("::").next().unwrap_or(rest);
        format!("the name `{name}`")
    } else if exp.starts_with("tuple")
        || exp.starts_with("a tuple")
        || exp.starts_with("an array")
        || exp.starts_with("a sequence")
        || exp.starts_with("a list")
    {
        "a list [ ... ]".to_owned()
    } else if exp.starts_with("enum ") {
        "a name".to_owned()
    } else if exp.starts_with("unit struct") {
        "`()`".to_owned()
    } else {
        exp.to_owned()
    }
}

/// Words for what serde saw, used when we cannot describe the source node ourselves.
pub(crate) fn describe_unexpected(unexp: &Unexpected<'_>) -> String {
    match unexp {
        Unexpected::Bool(b) => format!("`{b}`"),
        Unexpected::Unsigned(n) => format!("the number {n}"),
        Unexpected::Signed(n) => format!("the number {n}"),
        Unexpected::Float(x) => format!("the number {x}"),
        Unexpected::Char(c) => format!("the character {c:?}"),
        Unexpected::Str(s) => format!("the text {}", quoted(s)),
        Unexpected::Bytes(_) => "bytes".to_owned(),
        Unexpected::Unit => "`()`".to_owned(),
        Unexpected::Option => "an optional value".to_owned(),
        Unexpected::NewtypeStruct => "a value in ( )".to_owned(),
        Unexpected::Seq => "a list".to_owned(),
        Unexpected::Map => "a ( field: value, ... ) block".to_owned(),
        Unexpected::Enum => "a name with values".to_owned(),
        Unexpected::UnitVariant => "a name".to_owned(),
        Unexpected::NewtypeVariant | Unexpected::TupleVariant => "a name with values in ( )".to_owned(),
        Unexpected::StructVariant => "a name with a ( field: value, ... ) block".to_owned(),
        Unexpected::Other(s) => (*s).to_owned(),
    }
}

/// Text in quotes, cut short so one long string does not swamp the message.
pub(crate) fn quoted(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        let head: String = s.chars().take(MAX).collect();
        format!("{:?}", format!("{head}…"))
    } else {
        format!("{s:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_type_words_become_plain_words() {
        assert_eq!(plain_expected("struct Event"), "a ( field: value, ... ) block");
        assert_eq!(plain_expected("struct variant Effect::Member"), "a ( field: value, ... ) block");
        assert_eq!(plain_expected("u32"), "a whole number, 0 or more");
        assert_eq!(plain_expected("i64"), "a whole number");
        assert_eq!(plain_expected("f64"), "a number");
        assert_eq!(plain_expected("a borrowed string"), "text in double quotes");
        assert_eq!(plain_expected("a boolean"), "true or false");
        assert_eq!(plain_expected("option"), "a value or None");
        assert_eq!(plain_expected("a sequence"), "a list [ ... ]");
        assert_eq!(plain_expected("a tuple of size 2"), "a list [ ... ]");
        assert_eq!(plain_expected("tuple struct Pair"), "a list [ ... ]");
        assert_eq!(plain_expected("enum Metric"), "a name");
        assert_eq!(plain_expected("tuple variant Effect::Alliance"), "`Alliance( ... )` with values in parentheses");
        assert_eq!(plain_expected("a date like \"1950-06\""), "a date like \"1950-06\"");
    }

    #[test]
    fn lengths_are_counted_in_values() {
        assert_eq!(count_in("a tuple of size 3"), Some(3));
        assert_eq!(count_in("tuple variant Effect::Alliance2 with 2 elements"), Some(2));
        assert_eq!(count_in("struct Thing with 1 element"), Some(1));
        assert_eq!(count_in("2 elements in sequence"), Some(2));
        assert_eq!(count_in("fewer elements in array"), None);
        let e = <Error as de::Error>::invalid_length(1, &"a tuple of size 2");
        assert_eq!(e.message, "expected 2 values, found 1");
        let e = <Error as de::Error>::invalid_length(1, &"tuple variant Effect::Alliance with 2 elements");
        assert_eq!(e.message, "`Alliance` takes 2 values, found 1");
    }

    #[test]
    fn untagged_enum_failure_does_not_name_the_rust_type() {
        let e = <Error as de::Error>::custom("data did not match any variant of untagged enum Amount");
        assert_eq!(e.message, "this value does not match any of the accepted forms");
        let e = <Error as de::Error>::custom("start must come before end");
        assert_eq!(e.message, "start must come before end");
    }
}

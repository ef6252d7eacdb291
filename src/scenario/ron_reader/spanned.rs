//! Source spans and the `Spanned<T>` wrapper that carries a value's position into game data.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

/// Byte range in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, serde::Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes (it still marks a position).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

// The names below are how our deserializer recognises a request for a span. They
// contain `$` so that no real Rust struct or field can collide with them.
pub(crate) const SPANNED_NAME: &str = "$__article_five_spanned";
pub(crate) const START_FIELD: &str = "$__start";
pub(crate) const END_FIELD: &str = "$__end";
pub(crate) const VALUE_FIELD: &str = "$__value";
pub(crate) const SPANNED_FIELDS: &[&str] = &[START_FIELD, END_FIELD, VALUE_FIELD];

/// A value with the span of its source text. Deserializes only through `from_str` (with another deserializer it returns a clear error).
///
/// For text the span includes the quotes; for a `( ... )` block it runs from the block's
/// name (or its `(`) to the closing `)`. Comparison and hashing look at the value only, so
/// two equal values read from different places are equal.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// Where the value was written; `Span::default()` when it was not read from a file.
    pub span: Span,
    /// The value itself.
    pub value: T,
}

impl<T> Spanned<T> {
    /// Wraps a value that did not come from a file (its span is `0..0`).
    pub fn new(value: T) -> Self {
        Spanned { span: Span::default(), value }
    }

    /// Wraps a value together with where it was written.
    pub fn with_span(value: T, span: Span) -> Self {
        Spanned { span, value }
    }

    /// Drops the position and returns the value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Spanned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

const NOT_OURS: &str = "Spanned values can only be read with ron_reader::from_str, which knows where each value is";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, SpannedVisitor(PhantomData))
    }
}

struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Shown when a buffering serde feature or another deserializer gets here, so it
        // names the cause for the programmer who wrote the type.
        f.write_str(
            "a value read directly by ron_reader::from_str (Spanned does not work inside \
             untagged or internally tagged enums or flattened fields)",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Any other deserializer would hand us the user's own keys here, so insist on
        // seeing exactly our reserved keys in order and fail plainly otherwise.
        let start = expect_entry::<usize, A>(&mut map, START_FIELD)?;
        let end = expect_entry::<usize, A>(&mut map, END_FIELD)?;
        let value = expect_entry::<T, A>(&mut map, VALUE_FIELD)?;
        Ok(Spanned { span: Span { start, end }, value })
    }
}

fn expect_entry<'de, V: Deserialize<'de>, A: MapAccess<'de>>(map: &mut A, key: &str) -> Result<V, A::Error> {
    match map.next_key::<MagicKey>()? {
        Some(MagicKey(k)) if k == key => map.next_value(),
        _ => Err(de::Error::custom(NOT_OURS)),
    }
}

/// Accepts any key as a string without failing, so a foreign deserializer reaches our
/// clear error message instead of a confusing type error.
struct MagicKey(String);

impl<'de> Deserialize<'de> for MagicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MagicKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MagicKey, E> {
                Ok(MagicKey(v.to_owned()))
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

//! A `serde::Deserializer` over the parsed value tree that puts a source span on every error.
//!
//! How the written forms map to serde's data model:
//! - Structs take `( field: value )` with or without a leading name; the name is ignored
//!   because modders never see our Rust type names. `()` counts as a block with no fields,
//!   so `#[serde(default)]` fields can all be left out.
//! - Enums take `Name`, `Name(v)`, `Name(a, b)` and `Name(field: v)`; a quoted `"Name"`
//!   also works as a unit variant, which lets enums be map keys.
//! - Options take `None`, `Some(v)`, or a bare value meaning `Some(value)`.
//! - Newtype structs take the inner value directly, `(v)`, or `TypeName(v)`.
//! - Tuples take `( a, b )`, `Name(a, b)` or `[ a, b ]`.
//! - Maps take `{ key: value }`, and also `( key: value )` with string keys.
//!
//! `deserialize_any` (used by `#[serde(untagged)]`, internally tagged enums and
//! value-like types) describes each form without knowing the target:
//! `Name` and `Name()` become the string `"Name"` (`None` becomes none), `Some(v)`
//! becomes some, `()` becomes unit, `( a, b )` and `[ a, b ]` a sequence, `'c'` a char,
//! `( field: v )` and `Name( field: v )` a map of the fields (struct names are
//! decoration, so they are dropped), and `Name(v)` / `Name(a, b)` a one-entry map
//! `{ "Name": v }` / `{ "Name": [a, b] }`, which is serde's usual shape for an enum
//! variant carrying values, so the variant name is not lost. Whole numbers arrive as
//! i64 when they fit, else u64, else i128. `Spanned<T>` cannot be read inside types that
//! serde buffers this way (untagged and internally tagged enums, flattened fields):
//! the spans are gone by then, and reading fails instead of inventing positions.
//!
//! Errors raised without a position get the span of the innermost node being read when
//! they surface; missing fields point at the block's name or `(`, duplicate fields at
//! the second key, unknown fields and names at the word itself.

use std::slice;

use serde::de::value::{StrDeserializer, UsizeDeserializer};
use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::forward_to_deserialize_any;

use super::error::{Error, Kind, backticked_list, quoted, values};
use super::parse::{Field, Group, Node, NodeKind};
use super::spanned::{END_FIELD, SPANNED_NAME, START_FIELD, Span, VALUE_FIELD};

/// How often one node may be handed on as itself (bare `Some`, newtype, `Spanned`,
/// a variant wrapping a whole block). Real types need a handful; a recursive type such
/// as `enum Cond { Not(Box<Cond>) }` reading `Not(1, 2)` would otherwise recurse
/// without consuming any input until the stack overflows.
const MAX_REWRAPS: u8 = 32;

fn too_many_rewraps(span: Span) -> Error {
    Error::at(span, "this value cannot be read: it would have to be unwrapped without end")
        .with_hint("check that the brackets here match what this entry expects")
}

/// Deserializes one node of the tree.
#[derive(Clone, Copy)]
pub(crate) struct De<'a> {
    node: &'a Node,
    src: &'a str,
    rewraps: u8,
}

impl<'a> De<'a> {
    pub(crate) fn new(node: &'a Node, src: &'a str) -> Self {
        De { node, src, rewraps: 0 }
    }

    /// The same node handed on once more, within `MAX_REWRAPS`.
    fn again(self) -> Result<Self, Error> {
        if self.rewraps >= MAX_REWRAPS {
            return Err(too_many_rewraps(self.span()));
        }
        Ok(De { rewraps: self.rewraps + 1, ..self })
    }

    fn span(&self) -> Span {
        self.node.span
    }

    /// The node in words, for "found ..." in messages.
    fn found(&self) -> String {
        match &self.node.kind {
            NodeKind::Bool(b) => format!("`{b}`"),
            NodeKind::Int(n) => format!("the number {}", self.number_text(&n.to_string())),
            NodeKind::Float(x) => format!("the number {}", self.number_text(&x.to_string())),
            NodeKind::Str(s) => format!("the text {}", quoted(s)),
            NodeKind::Char(c) => format!("the character {c:?}"),
            NodeKind::Ident(n) => format!("the name `{n}`"),
            NodeKind::List(_) => "a list".to_owned(),
            NodeKind::Map(_) => "a map { ... }".to_owned(),
            NodeKind::Struct(g) => match g.name() {
                Some(n) => format!("`{n}( field: value, ... )`"),
                None => "a ( field: value, ... ) block".to_owned(),
            },
            NodeKind::Tuple(g) => match (g.name(), g.items.is_empty()) {
                (None, true) => "`()`".to_owned(),
                (None, false) => "values in ( ... )".to_owned(),
                (Some(n), true) => format!("`{n}()`"),
                (Some(n), false) => format!("`{n}( ... )`"),
            },
        }
    }

    /// A number as the modder wrote it (`1_000`, `0x1F`), cut short if absurdly long.
    fn number_text(&self, fallback: &str) -> String {
        const MAX: usize = 40;
        let text = self.src.get(self.node.span.start..self.node.span.end).unwrap_or(fallback);
        if text.len() > MAX {
            let head: String = text.chars().take(MAX).collect();
            format!("{head}…")
        } else {
            text.to_owned()
        }
    }

    /// "expected X, found <this node>", with a hint for the common slips.
    fn mismatch(&self, expected: &str) -> Error {
        let err = Error::at(self.span(), format!("expected {expected}, found {}", self.found()));
        match &self.node.kind {
            NodeKind::Ident(n) if expected == "text in double quotes" => {
                err.with_hint(format!("text goes in double quotes: \"{n}\""))
            }
            NodeKind::Tuple(g) if g.name.is_none() && expected.starts_with("a list") => {
                err.with_hint("lists are written with square brackets: [ a, b ]")
            }
            _ => err,
        }
    }

    /// Gives a position-less error this node's span, choosing the part of the node that
    /// the modder needs to look at, and restates type mismatches in terms of what is
    /// actually written here.
    fn locate(&self, mut err: Error) -> Error {
        if err.span.is_some() {
            return err;
        }
        let span = match (&err.kind, &self.node.kind) {
            (Kind::MissingField, NodeKind::Struct(g)) => g.head(),
            (Kind::MissingField, NodeKind::Tuple(g)) => g.head(),
            _ => self.span(),
        };
        if let Kind::InvalidType { expected } = &err.kind {
            err.message = format!("expected {expected}, found {}", self.found());
        }
        err.span = Some(span);
        err
    }

    fn finish<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|e| self.locate(e))
    }

    fn visit_fields<'de, V: Visitor<'de>>(&self, fields: &'a [Field], visitor: V) -> Result<V::Value, Error> {
        let mut access = Fields { iter: fields.iter(), value: None, last_key: None, src: self.src };
        let result =
            visitor.visit_map(&mut access).map_err(|e| match (e.kind == Kind::DuplicateField, access.last_key) {
                (true, Some(key)) => e.or_at(key),
                _ => e,
            });
        self.finish(result)
    }

    fn visit_items<'de, V: Visitor<'de>>(&self, items: &'a [Node], visitor: V) -> Result<V::Value, Error> {
        let mut access = Items { iter: items.iter(), src: self.src };
        let value = self.finish(visitor.visit_seq(&mut access))?;
        let used = items.len() - access.iter.len();
        let Some(extra) = access.iter.next() else {
            return Ok(value);
        };
        let message = match &self.node.kind {
            NodeKind::Tuple(g) if g.name.is_some() => {
                format!("`{}` takes {}, found {}", g.name().unwrap_or_default(), values(used), items.len())
            }
            _ => format!("expected {}, found {}", values(used), items.len()),
        };
        Err(Error::at(extra.span, message).with_hint("remove the extra values"))
    }

    fn visit_entries<'de, V: Visitor<'de>>(&self, entries: &'a [(Node, Node)], visitor: V) -> Result<V::Value, Error> {
        let mut access = Entries { iter: entries.iter(), value: None, src: self.src };
        self.finish(visitor.visit_map(&mut access))
    }

    fn whole<T: TryFrom<i128>>(
        &self,
        min: impl std::fmt::Display,
        max: impl std::fmt::Display,
        unsigned: bool,
    ) -> Result<T, Error> {
        match &self.node.kind {
            NodeKind::Int(n) => T::try_from(*n).map_err(|_| {
                Error::at(self.span(), format!("expected a whole number from {min} to {max}, found {}", self.found()))
            }),
            NodeKind::Float(_) => {
                Err(Error::at(self.span(), format!("expected a whole number, found {}", self.found()))
                    .with_hint("remove the decimal part"))
            }
            _ if unsigned => Err(self.mismatch("a whole number, 0 or more")),
            _ => Err(self.mismatch("a whole number")),
        }
    }

    fn number(&self) -> Result<f64, Error> {
        match &self.node.kind {
            // Precision loss above 2^53 is accepted: such numbers never occur as game data.
            NodeKind::Int(n) => Ok(*n as f64),
            NodeKind::Float(x) => Ok(*x),
            _ => Err(self.mismatch("a number")),
        }
    }

    fn enum_mismatch(&self, variants: &[&str]) -> Error {
        match variants.first() {
            Some(first) => Error::at(self.span(), format!("expected a name such as `{first}`, found {}", self.found()))
                .with_hint(format!("expected one of {}", backticked_list(variants))),
            None => self.mismatch("a name"),
        }
    }
}

macro_rules! whole_number {
    ($method:ident, $visit:ident, $ty:ty, $unsigned:expr) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let n = self.whole::<$ty>(<$ty>::MIN, <$ty>::MAX, $unsigned)?;
            self.finish(visitor.$visit(n))
        }
    };
}

impl<'de> Deserializer<'de> for De<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.node.kind {
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Int(n) => {
                if let Ok(v) = i64::try_from(*n) {
                    visitor.visit_i64(v)
                } else if let Ok(v) = u64::try_from(*n) {
                    visitor.visit_u64(v)
                } else {
                    visitor.visit_i128(*n)
                }
            }
            NodeKind::Float(x) => visitor.visit_f64(*x),
            NodeKind::Str(s) => visitor.visit_str(s),
            NodeKind::Char(c) => visitor.visit_char(*c),
            NodeKind::Ident(n) if n == "None" => visitor.visit_none(),
            NodeKind::Ident(n) => visitor.visit_str(n),
            NodeKind::List(items) => return self.visit_items(items, visitor),
            NodeKind::Map(entries) => return self.visit_entries(entries, visitor),
            NodeKind::Struct(g) => return self.visit_fields(&g.items, visitor),
            NodeKind::Tuple(g) => match (&g.name, g.items.as_slice()) {
                (None, []) => visitor.visit_unit(),
                (None, items) => return self.visit_items(items, visitor),
                (Some(n), [one]) if n.text == "Some" => visitor.visit_some(De::new(one, self.src)),
                (Some(n), []) => visitor.visit_str(&n.text),
                (Some(n), items) => visitor.visit_map(Tagged {
                    name: &n.text,
                    name_span: n.span,
                    items,
                    span: self.span(),
                    step: 0,
                    src: self.src,
                }),
            },
        };
        self.finish(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Bool(b) => self.finish(visitor.visit_bool(*b)),
            _ => Err(self.mismatch("true or false")),
        }
    }

    whole_number!(deserialize_i8, visit_i8, i8, false);
    whole_number!(deserialize_i16, visit_i16, i16, false);
    whole_number!(deserialize_i32, visit_i32, i32, false);
    whole_number!(deserialize_i64, visit_i64, i64, false);
    whole_number!(deserialize_i128, visit_i128, i128, false);
    whole_number!(deserialize_u8, visit_u8, u8, true);
    whole_number!(deserialize_u16, visit_u16, u16, true);
    whole_number!(deserialize_u32, visit_u32, u32, true);
    whole_number!(deserialize_u64, visit_u64, u64, true);
    whole_number!(deserialize_u128, visit_u128, u128, true);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let x = self.number()?;
        let narrow = x as f32;
        if narrow.is_infinite() {
            return Err(Error::at(
                self.span(),
                format!("expected a number from -3.4e38 to 3.4e38, found {}", self.found()),
            ));
        }
        self.finish(visitor.visit_f32(narrow))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let x = self.number()?;
        self.finish(visitor.visit_f64(x))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Char(c) => self.finish(visitor.visit_char(*c)),
            NodeKind::Str(s) if s.chars().count() == 1 => match s.chars().next() {
                Some(c) => self.finish(visitor.visit_char(c)),
                None => Err(self.mismatch("a single character in single quotes, such as 'x'")),
            },
            _ => Err(self.mismatch("a single character in single quotes, such as 'x'")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Str(s) => self.finish(visitor.visit_str(s)),
            NodeKind::Char(c) => self.finish(visitor.visit_str(c.encode_utf8(&mut [0; 4]))),
            _ => Err(self.mismatch("text in double quotes")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Str(s) => self.finish(visitor.visit_bytes(s.as_bytes())),
            NodeKind::List(items) => self.visit_items(items, visitor),
            _ => Err(self.mismatch("text in double quotes")),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Ident(n) if n == "None" => self.finish(visitor.visit_none()),
            NodeKind::Tuple(Group { name: Some(n), items, .. }) if n.text == "Some" && items.len() == 1 => {
                match items.first() {
                    Some(inner) => self.finish(visitor.visit_some(De::new(inner, self.src))),
                    None => self.finish(visitor.visit_none()),
                }
            }
            // A bare value means it is present; modders should not have to write Some(...).
            _ => {
                let again = self.again()?;
                self.finish(visitor.visit_some(again))
            }
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Tuple(Group { name: None, items, .. }) if items.is_empty() => self.finish(visitor.visit_unit()),
            _ => Err(self.mismatch("`()`")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Tuple(g) if g.items.is_empty() => self.finish(visitor.visit_unit()),
            NodeKind::Ident(_) => self.finish(visitor.visit_unit()),
            _ => Err(self.mismatch("`()`")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        // `(v)` and `TypeName(v)` unwrap; any other name belongs to the inner value
        // (for example an enum variant), so it must not be stripped.
        if let NodeKind::Tuple(g) = &self.node.kind
            && (g.name.is_none() || g.name() == Some(name))
            && let [inner] = g.items.as_slice()
        {
            return self.finish(visitor.visit_newtype_struct(De::new(inner, self.src)));
        }
        let again = self.again()?;
        self.finish(visitor.visit_newtype_struct(again))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::List(items) => self.visit_items(items, visitor),
            _ => Err(self.mismatch("a list [ ... ]")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::List(items) => self.visit_items(items, visitor),
            NodeKind::Tuple(g) => self.visit_items(&g.items, visitor),
            _ => Err(self.mismatch("a list [ ... ]")),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Map(entries) => self.visit_entries(entries, visitor),
            NodeKind::Struct(g) => self.visit_fields(&g.items, visitor),
            NodeKind::Tuple(g) if g.items.is_empty() => self.visit_fields(&[], visitor),
            _ => Err(self.mismatch("a map { key: value, ... }")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED_NAME {
            let again = self.again()?;
            return self.finish(visitor.visit_map(SpannedAccess::new(self.span(), again)));
        }
        match &self.node.kind {
            NodeKind::Struct(g) => self.visit_fields(&g.items, visitor),
            NodeKind::Tuple(g) if g.items.is_empty() => self.visit_fields(&[], visitor),
            NodeKind::Tuple(_) if !fields.is_empty() => Err(self.mismatch("a ( field: value, ... ) block").with_hint(
                format!("write each value with its field name; this block takes {}", backticked_list(fields)),
            )),
            _ => Err(self.mismatch("a ( field: value, ... ) block")),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let access = match &self.node.kind {
            NodeKind::Ident(n) | NodeKind::Str(n) => EnumDe {
                name: n,
                name_span: self.span(),
                span: self.span(),
                payload: Payload::Unit,
                src: self.src,
                rewraps: self.rewraps,
            },
            NodeKind::Tuple(Group { name: Some(n), items, .. }) => EnumDe {
                name: &n.text,
                name_span: n.span,
                span: self.span(),
                payload: Payload::Tuple(self.node, items),
                src: self.src,
                rewraps: self.rewraps,
            },
            NodeKind::Struct(Group { name: Some(n), items, .. }) => EnumDe {
                name: &n.text,
                name_span: n.span,
                span: self.span(),
                payload: Payload::Struct(self.node, items),
                src: self.src,
                rewraps: self.rewraps,
            },
            _ => return Err(self.enum_mismatch(variants)),
        };
        self.finish(visitor.visit_enum(access))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Ident(n) | NodeKind::Str(n) => self.finish(visitor.visit_str(n)),
            _ => Err(self.mismatch("a name")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Nothing is read from an ignored value, so there is no need to walk it.
        self.finish(visitor.visit_unit())
    }
}

/// Field names of a `( field: value )` block.
struct Fields<'a> {
    iter: slice::Iter<'a, Field>,
    value: Option<&'a Node>,
    last_key: Option<Span>,
    src: &'a str,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(field) = self.iter.next() else {
            return Ok(None);
        };
        self.last_key = Some(field.name.span);
        self.value = Some(&field.value);
        let key = KeyDe { name: &field.name.text, span: field.name.span, rewraps: 0 };
        seed.deserialize(key).map(Some).map_err(|e| key.locate(e))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(De::new(node, self.src)).map_err(|e| e.or_at(node.span)),
            None => Err(value_before_key(self.last_key)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

fn value_before_key(near: Option<Span>) -> Error {
    Error::at(near.unwrap_or_default(), "internal error: a value was read before its key")
}

/// Entries of a `{ key: value }` map.
struct Entries<'a> {
    iter: slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    src: &'a str,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(De::new(key, self.src)).map(Some).map_err(|e| e.or_at(key.span))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(De::new(node, self.src)).map_err(|e| e.or_at(node.span)),
            None => Err(value_before_key(None)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// Items of a list or of a `( a, b )` group.
struct Items<'a> {
    iter: slice::Iter<'a, Node>,
    src: &'a str,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.iter.next() else {
            return Ok(None);
        };
        seed.deserialize(De::new(node, self.src)).map(Some).map_err(|e| e.or_at(node.span))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// `Name(a, b)` seen by `deserialize_any`: the one-entry map `{ "Name": [a, b] }`.
struct Tagged<'a> {
    name: &'a str,
    name_span: Span,
    items: &'a [Node],
    span: Span,
    step: u8,
    src: &'a str,
}

impl<'de> MapAccess<'de> for Tagged<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.step != 0 {
            return Ok(None);
        }
        self.step = 1;
        let key = KeyDe { name: self.name, span: self.name_span, rewraps: 0 };
        seed.deserialize(key).map(Some).map_err(|e| key.locate(e))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        if self.step != 1 {
            return Err(value_before_key(Some(self.span)));
        }
        self.step = 2;
        match self.items {
            [one] => seed.deserialize(De::new(one, self.src)).map_err(|e| e.or_at(one.span)),
            items => {
                seed.deserialize(ItemsDe { items, span: self.span, src: self.src }).map_err(|e| e.or_at(self.span))
            }
        }
    }
}

/// The values of `Name(a, b)` as a sequence.
struct ItemsDe<'a> {
    items: &'a [Node],
    span: Span,
    src: &'a str,
}

impl<'de> Deserializer<'de> for ItemsDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut access = Items { iter: self.items.iter(), src: self.src };
        visitor.visit_seq(&mut access).map_err(|e| e.or_at(self.span))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A field name or variant name: always a bare word with its own span.
#[derive(Clone, Copy)]
struct KeyDe<'a> {
    name: &'a str,
    span: Span,
    rewraps: u8,
}

impl KeyDe<'_> {
    fn again(self) -> Result<Self, Error> {
        if self.rewraps >= MAX_REWRAPS {
            return Err(too_many_rewraps(self.span));
        }
        Ok(KeyDe { rewraps: self.rewraps + 1, ..self })
    }

    fn locate(&self, mut err: Error) -> Error {
        if err.span.is_some() {
            return err;
        }
        if let Kind::InvalidType { expected } = &err.kind {
            err.message = format!("expected {expected}, found the name `{}`", self.name);
        }
        err.or_at(self.span)
    }
}

impl<'de> Deserializer<'de> for KeyDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.name).map_err(|e| self.locate(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self.again()?).map_err(|e| self.locate(e))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self.again()?).map_err(|e| self.locate(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED_NAME {
            return visitor.visit_map(SpannedAccess::new(self.span, self.again()?)).map_err(|e| self.locate(e));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor
            .visit_enum(EnumDe {
                name: self.name,
                name_span: self.span,
                span: self.span,
                payload: Payload::Unit,
                src: "",
                rewraps: self.rewraps,
            })
            .map_err(|e| self.locate(e))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

/// What follows a variant name.
#[derive(Clone, Copy)]
enum Payload<'a> {
    /// Just `Name`.
    Unit,
    /// `Name(a, b)`; the node is the whole `Name(...)`.
    Tuple(&'a Node, &'a [Node]),
    /// `Name(field: v)`.
    Struct(&'a Node, &'a [Field]),
}

struct EnumDe<'a> {
    name: &'a str,
    name_span: Span,
    span: Span,
    payload: Payload<'a>,
    src: &'a str,
    rewraps: u8,
}

impl<'de, 'a> EnumAccess<'de> for EnumDe<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let key = KeyDe { name: self.name, span: self.name_span, rewraps: 0 };
        let value = seed.deserialize(key).map_err(|e| key.locate(e))?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for EnumDe<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.payload {
            Payload::Unit | Payload::Tuple(_, []) => Ok(()),
            Payload::Tuple(..) | Payload::Struct(..) => {
                Err(Error::at(self.span, format!("`{}` takes no values", self.name))
                    .with_hint(format!("write just `{}`", self.name)))
            }
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.payload {
            Payload::Tuple(_, [one]) => seed.deserialize(De::new(one, self.src)).map_err(|e| e.or_at(one.span)),
            Payload::Unit | Payload::Tuple(_, []) => {
                Err(Error::at(self.span, format!("`{}` needs a value in parentheses", self.name))
                    .with_hint(format!("write `{}(...)`", self.name)))
            }
            // `Name(a, b)` or `Name(field: v)` around a tuple or struct: hand the whole
            // group to the inner type, which ignores the name.
            Payload::Tuple(node, _) | Payload::Struct(node, _) => {
                let whole = De { node, src: self.src, rewraps: self.rewraps }.again()?;
                seed.deserialize(whole).map_err(|e| e.or_at(node.span))
            }
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.payload {
            Payload::Tuple(node, items) => De::new(node, self.src).visit_items(items, visitor),
            Payload::Unit => Err(Error::at(self.span, format!("`{}` needs {} in parentheses", self.name, values(len)))
                .with_hint(format!("write `{}(...)`", self.name))),
            Payload::Struct(..) => Err(Error::at(self.span, format!("`{}` takes plain values, not fields", self.name))
                .with_hint(format!("write `{}(a, b)` without field names", self.name))),
        }
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.payload {
            Payload::Struct(node, items) => De::new(node, self.src).visit_fields(items, visitor),
            Payload::Tuple(node, []) => De::new(node, self.src).visit_fields(&[], visitor),
            Payload::Unit => {
                // No block at all: read it as an empty block so the modder hears which
                // fields are missing rather than a vaguer shape error.
                let mut access = Fields { iter: [].iter(), value: None, last_key: None, src: self.src };
                visitor.visit_map(&mut access).map_err(|e| e.or_at(self.span))
            }
            Payload::Tuple(..) => Err(Error::at(self.span, format!("expected `{}( field: value, ... )`", self.name))
                .with_hint(format!("write each value with its field name: {}", backticked_list(fields)))),
        }
    }
}

/// Hands `Spanned<T>`'s visitor the span and then the value, under our reserved keys.
struct SpannedAccess<D> {
    span: Span,
    value: Option<D>,
    keys_given: u8,
}

impl<D> SpannedAccess<D> {
    fn new(span: Span, value: D) -> Self {
        SpannedAccess { span, value: Some(value), keys_given: 0 }
    }
}

impl<'de, D: Deserializer<'de, Error = Error>> MapAccess<'de> for SpannedAccess<D> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let key = match self.keys_given {
            0 => START_FIELD,
            1 => END_FIELD,
            2 => VALUE_FIELD,
            _ => return Ok(None),
        };
        self.keys_given += 1;
        seed.deserialize(StrDeserializer::<Error>::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.keys_given {
            1 => seed.deserialize(UsizeDeserializer::<Error>::new(self.span.start)),
            2 => seed.deserialize(UsizeDeserializer::<Error>::new(self.span.end)),
            3 => match self.value.take() {
                Some(d) => seed.deserialize(d),
                None => Err(value_before_key(Some(self.span))),
            },
            _ => Err(value_before_key(Some(self.span))),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{MapAccess, SeqAccess, Visitor};

    use super::super::{Limits, LineIndex, ReadError, Span, Spanned, from_str};

    fn read<T: serde::de::DeserializeOwned>(src: &str) -> Result<T, ReadError> {
        from_str(src, &Limits::default())
    }

    /// (line, col, message, hint) of an error, as a modder would see it.
    fn fail<T: serde::de::DeserializeOwned + fmt::Debug>(src: &str) -> (u32, u32, String, Option<String>) {
        let e = read::<T>(src).expect_err("should fail");
        let (line, col) = LineIndex::new(src).line_col(e.span.start);
        (line, col, e.message, e.hint)
    }

    fn text(src: &str, span: Span) -> &str {
        &src[span.start..span.end]
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Country {
        iso: String,
        joined: u16,
        spending: f64,
        neighbours: Vec<String>,
        capital: Option<City>,
        weights: BTreeMap<String, f64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct City {
        name: String,
        pos: (f32, f32),
    }

    #[test]
    fn nested_structs_lists_maps_and_tuples_read() {
        let src = r#"
            Country(
                iso: "DEU",
                joined: 1955,
                spending: 2,            // a whole number where a float is expected is fine
                neighbours: ["FRA", "POL",],
                capital: (name: "Berlin", pos: (52.5, 13.4)),
                weights: { "army": 0.5, "navy": 0.25, },
            )"#;
        let c: Country = read(src).unwrap();
        assert_eq!(
            c,
            Country {
                iso: "DEU".into(),
                joined: 1955,
                spending: 2.0,
                neighbours: vec!["FRA".into(), "POL".into()],
                capital: Some(City { name: "Berlin".into(), pos: (52.5, 13.4) }),
                weights: BTreeMap::from([("army".into(), 0.5), ("navy".into(), 0.25)]),
            }
        );
    }

    #[test]
    fn struct_names_are_optional_and_any_name_is_ignored() {
        let a: City = read(r#"(name: "Oslo", pos: [59.9, 10.7])"#).unwrap();
        let b: City = read(r#"Town(name: "Oslo", pos: (59.9, 10.7))"#).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn options_take_none_some_or_a_bare_value() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Opt {
            a: Option<u8>,
            b: Option<u8>,
            c: Option<u8>,
            d: Option<City>,
            #[serde(default)]
            e: Option<u8>,
        }
        let o: Opt = read(r#"(a: None, b: Some(2), c: 3, d: Some(name: "Rome", pos: (0, 0)))"#).unwrap();
        assert_eq!((o.a, o.b, o.c, o.e), (None, Some(2), Some(3), None));
        assert_eq!(o.d.unwrap().name, "Rome");
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Effect {
        Reset,
        Flag(String),
        Alliance(Metric, i32),
        Member { iso: String, delta: i32 },
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Metric {
        Deterrence,
        Credibility,
    }

    #[test]
    fn enums_of_all_four_kinds() {
        let e: Vec<Effect> =
            read(r#"[Reset, Flag("treaty"), Alliance(Deterrence, -6), Member(iso: "USA", delta: 5), Reset()]"#)
                .unwrap();
        assert_eq!(
            e,
            vec![
                Effect::Reset,
                Effect::Flag("treaty".into()),
                Effect::Alliance(Metric::Deterrence, -6),
                Effect::Member { iso: "USA".into(), delta: 5 },
                Effect::Reset,
            ]
        );
    }

    #[test]
    fn enum_names_in_quotes_work_as_map_keys() {
        let m: BTreeMap<String, Metric> = read(r#"{"a": Deterrence, "b": "Credibility"}"#).unwrap();
        assert_eq!(m["b"], Metric::Credibility);
        // Variant names are the ISO codes exactly as modders write them.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Iso {
            DEU,
            FRA,
        }
        let m: BTreeMap<Iso, u8> = read(r#"{ DEU: 1, "FRA": 2 }"#).unwrap();
        assert_eq!(m, BTreeMap::from([(Iso::DEU, 1), (Iso::FRA, 2)]));
        let m: BTreeMap<Iso, u8> = read("( DEU: 1, FRA: 2 )").unwrap();
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn spanned_string_span_is_the_written_text() {
        #[derive(Debug, Deserialize)]
        struct Ev {
            id: Spanned<String>,
            weight: Spanned<u32>,
            tag: Option<Spanned<String>>,
        }
        let src = "(\n  id: \"korean_war_shock\",\n  weight: 10,\n  tag: Some(\"x\"),\n)";
        let ev: Ev = read(src).unwrap();
        assert_eq!(ev.id.value, "korean_war_shock");
        assert_eq!(text(src, ev.id.span), "\"korean_war_shock\"");
        assert_eq!(LineIndex::new(src).line_col(ev.id.span.start), (2, 7));
        assert_eq!(text(src, ev.weight.span), "10");
        assert_eq!(*ev.weight, 10, "Spanned derefs to its value");
        assert_eq!(text(src, ev.tag.unwrap().span), "\"x\"");
    }

    #[test]
    fn vec_of_spanned_structs_knows_where_each_block_is() {
        let src = r#"[
            (name: "Paris", pos: (48.9, 2.4)),
            Town(name: "Rome", pos: (41.9, 12.5)),
        ]"#;
        let towns: Vec<Spanned<City>> = read(src).unwrap();
        assert_eq!(towns.len(), 2);
        assert_eq!(text(src, towns[0].span), r#"(name: "Paris", pos: (48.9, 2.4))"#);
        assert_eq!(text(src, towns[1].span), r#"Town(name: "Rome", pos: (41.9, 12.5))"#);
        assert_eq!(towns[1].name, "Rome");
    }

    #[test]
    fn spanned_compares_and_hashes_by_value_only() {
        use std::collections::HashSet;
        let a = Spanned::with_span("x".to_owned(), Span::new(1, 4));
        let b = Spanned::new("x".to_owned());
        assert_eq!(a, b);
        assert!(Spanned::new(1) < Spanned::new(2));
        let set: HashSet<_> = [a, b].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn spanned_inside_a_buffered_enum_is_a_clear_error() {
        #[derive(Debug, Deserialize)]
        #[serde(tag = "kind")]
        #[allow(dead_code)]
        enum Trigger {
            Flag { name: Spanned<String> },
        }
        let e = read::<Trigger>("(kind: \"Flag\", name: \"x\")").unwrap_err();
        assert!(e.message.contains("Spanned does not work inside"), "{}", e.message);
    }

    #[test]
    fn spanned_with_another_deserializer_is_a_clear_error() {
        use serde::de::value::{Error as ValueError, MapDeserializer};
        let d = MapDeserializer::<_, ValueError>::new(vec![("value", 1u32)].into_iter());
        let e = Spanned::<u32>::deserialize(d).unwrap_err();
        assert!(e.to_string().contains("can only be read with ron_reader::from_str"), "{e}");
    }

    #[test]
    fn defaults_renames_and_unknown_field_rules() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields, rename_all = "snake_case")]
        struct Choice {
            label: String,
            #[serde(rename = "is_historical", default)]
            historical: bool,
            #[serde(default = "ten")]
            weight: u32,
            spending_pct: f64,
        }
        fn ten() -> u32 {
            10
        }
        let c: Choice = read(r#"(label: "Rearm", spending_pct: 0.8, is_historical: true)"#).unwrap();
        assert_eq!((c.historical, c.weight, c.spending_pct), (true, 10, 0.8));
        let (line, col, msg, hint) = fail::<Choice>("(\n  label: \"x\",\n  spending_pct: 1,\n  historical: true,\n)");
        assert_eq!((line, col, msg.as_str()), (4, 3, "unknown field `historical`"));
        assert_eq!(hint.as_deref(), Some("did you mean `is_historical`?"));
        let (_, _, msg, hint) = fail::<Choice>("(zzz: 1)");
        assert_eq!(msg, "unknown field `zzz`");
        assert_eq!(hint.as_deref(), Some("expected one of `label`, `is_historical`, `weight`, `spending_pct`"));
    }

    #[test]
    fn unknown_fields_are_ignored_without_deny() {
        let c: City = read(r#"(name: "Oslo", pos: (0, 0), population: [1, 2, (x: 3)])"#).unwrap();
        assert_eq!(c.name, "Oslo");
    }

    #[test]
    fn all_default_struct_can_be_empty_parens() {
        #[derive(Debug, Deserialize, Default, PartialEq)]
        #[serde(default)]
        struct Settings {
            speed: u8,
            music: bool,
        }
        assert_eq!(read::<Settings>("()").unwrap(), Settings::default());
        assert_eq!(read::<Settings>("Settings()").unwrap(), Settings::default());
    }

    #[test]
    fn newtype_structs_take_the_value_bare_or_wrapped() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Pct(f64);
        #[derive(Debug, Deserialize, PartialEq)]
        struct Wrapped(Effect);
        assert_eq!(read::<Pct>("0.5").unwrap(), Pct(0.5));
        assert_eq!(read::<Pct>("(0.5)").unwrap(), Pct(0.5));
        assert_eq!(read::<Pct>("Pct(0.5)").unwrap(), Pct(0.5));
        // A variant name inside a newtype is the inner value's, not a wrapper.
        assert_eq!(read::<Wrapped>("Flag(\"x\")").unwrap(), Wrapped(Effect::Flag("x".into())));
    }

    #[test]
    fn tuples_take_parens_or_brackets() {
        assert_eq!(read::<(u8, String)>("(1, \"a\")").unwrap(), (1, "a".into()));
        assert_eq!(read::<(u8, String)>("[1, \"a\"]").unwrap(), (1, "a".into()));
        assert_eq!(read::<[u8; 3]>("[1, 2, 3]").unwrap(), [1, 2, 3]);
        assert_eq!(read::<()>("()").unwrap(), ());
    }

    #[test]
    fn strings_and_chars() {
        assert_eq!(read::<char>("'é'").unwrap(), 'é');
        assert_eq!(read::<char>("\"x\"").unwrap(), 'x');
        assert_eq!(read::<String>("r#\"a \"b\"\"#").unwrap(), "a \"b\"");
        assert_eq!(read::<i128>("-170141183460469231731687303715884105728").unwrap(), i128::MIN);
        assert_eq!(read::<u64>("0xFFFF_FFFF_FFFF_FFFF").unwrap(), u64::MAX);
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Amount {
        Fixed(i64),
        Range { min: i64, max: i64 },
        Named(String),
        List(Vec<i64>),
    }

    #[test]
    fn untagged_enums_work_through_deserialize_any() {
        let v: Vec<Amount> = read(r#"[5, (min: 1, max: 3), Range(min: 2, max: 4), "all", [1, 2], Lots]"#).unwrap();
        assert_eq!(
            v,
            vec![
                Amount::Fixed(5),
                Amount::Range { min: 1, max: 3 },
                Amount::Range { min: 2, max: 4 },
                Amount::Named("all".into()),
                Amount::List(vec![1, 2]),
                Amount::Named("Lots".into()),
            ]
        );
        let (_, col, msg, _) = fail::<Vec<Amount>>("[1, 2.5]");
        assert_eq!((col, msg.as_str()), (5, "this value does not match any of the accepted forms"));
    }

    #[test]
    fn internally_tagged_enums_work() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(tag = "kind")]
        enum Trigger {
            Date { on: String },
            Flag { name: String },
        }
        let t: Vec<Trigger> = read(r#"[(kind: "Date", on: "1950-06"), (kind: "Flag", name: "x")]"#).unwrap();
        assert_eq!(t[1], Trigger::Flag { name: "x".into() });
    }

    /// A value-like type in the style of `serde_json::Value`, to pin down what
    /// `deserialize_any` reports for each written form.
    #[derive(Debug, PartialEq)]
    pub(crate) enum Any {
        Null,
        Unit,
        Bool(bool),
        Int(i64),
        Float(f64),
        Text(String),
        List(Vec<Any>),
        Map(Vec<(Any, Any)>),
    }

    impl<'de> Deserialize<'de> for Any {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Any;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("anything")
                }
                fn visit_none<E>(self) -> Result<Any, E> {
                    Ok(Any::Null)
                }
                fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Any, D::Error> {
                    Any::deserialize(d)
                }
                fn visit_unit<E>(self) -> Result<Any, E> {
                    Ok(Any::Unit)
                }
                fn visit_bool<E>(self, v: bool) -> Result<Any, E> {
                    Ok(Any::Bool(v))
                }
                fn visit_i64<E>(self, v: i64) -> Result<Any, E> {
                    Ok(Any::Int(v))
                }
                fn visit_f64<E>(self, v: f64) -> Result<Any, E> {
                    Ok(Any::Float(v))
                }
                fn visit_str<E>(self, v: &str) -> Result<Any, E> {
                    Ok(Any::Text(v.to_owned()))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Any, A::Error> {
                    let mut out = Vec::new();
                    while let Some(x) = a.next_element()? {
                        out.push(x);
                    }
                    Ok(Any::List(out))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Any, A::Error> {
                    let mut out = Vec::new();
                    while let Some(kv) = a.next_entry()? {
                        out.push(kv);
                    }
                    Ok(Any::Map(out))
                }
            }
            d.deserialize_any(V)
        }
    }

    #[test]
    fn deserialize_any_describes_every_form() {
        use Any::*;
        let t = |s: &str| Text(s.to_owned());
        let v: Any = read(
            r#"[None, Some(1), (), true, 2.5, 'c', Deterrence, Named(a: 1), (a: 1), Flag("x"), Alliance(Deterrence, 8), (1, 2), {"k": 1}]"#,
        )
        .unwrap();
        assert_eq!(
            v,
            List(vec![
                Null,
                Int(1),
                Unit,
                Bool(true),
                Float(2.5),
                t("c"),
                t("Deterrence"),
                Map(vec![(t("a"), Int(1))]),
                Map(vec![(t("a"), Int(1))]),
                Map(vec![(t("Flag"), t("x"))]),
                Map(vec![(t("Alliance"), List(vec![t("Deterrence"), Int(8)]))]),
                List(vec![Int(1), Int(2)]),
                Map(vec![(t("k"), Int(1))]),
            ])
        );
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Window {
        #[serde(deserialize_with = "month")]
        from: String,
        to: String,
    }

    /// Stands in for the game's semantic validators, which use `custom`.
    fn month<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        let ok = s.len() == 7 && s.as_bytes()[4] == b'-' && s[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
        if ok { Ok(s) } else { Err(serde::de::Error::custom(format!("`{s}` is not a month; write it as \"YYYY-MM\""))) }
    }

    #[test]
    fn custom_validator_errors_point_at_the_value_and_keep_their_words() {
        let src = "(\n  from: \"1950-13\",\n  to: \"1950-12\",\n)";
        let (line, col, msg, _) = fail::<Window>(src);
        assert_eq!((line, col), (2, 9));
        assert_eq!(msg, "`1950-13` is not a month; write it as \"YYYY-MM\"");
    }

    #[test]
    fn missing_field_points_at_the_opening_of_its_block() {
        let (line, col, msg, _) = fail::<Vec<City>>("[\n  (name: \"a\", pos: (1, 2)),\n  (name: \"b\"),\n]");
        assert_eq!((line, col, msg.as_str()), (3, 3, "missing field `pos`"));
        let (line, col, msg, _) = fail::<Vec<City>>("[\n  Town(name: \"b\"),\n]");
        assert_eq!((line, col, msg.as_str()), (2, 3, "missing field `pos`"));
        let (_, col, msg, _) = fail::<Effect>("Member(iso: \"USA\")");
        assert_eq!((col, msg.as_str()), (1, "missing field `delta`"));
        let (_, col, msg, _) = fail::<Effect>("Member");
        assert_eq!((col, msg.as_str()), (1, "missing field `iso`"));
    }

    #[test]
    fn duplicate_field_points_at_the_second_one() {
        let (line, col, msg, _) = fail::<City>("(\n  name: \"a\",\n  pos: (1, 2),\n  name: \"b\",\n)");
        assert_eq!((line, col, msg.as_str()), (4, 3, "field `name` is given twice"));
    }

    #[test]
    fn wrong_types_say_what_was_expected_and_found_in_plain_words() {
        let (line, col, msg, _) = fail::<Country>("(\n  iso: \"DEU\",\n  joined: \"1955\",\n)");
        assert_eq!((line, col), (3, 11));
        assert_eq!(msg, "expected a whole number, 0 or more, found the text \"1955\"");
        let (_, col, msg, hint) = fail::<City>("(name: \"a\", pos: (2.5, x))");
        assert_eq!((col, msg.as_str()), (24, "expected a number, found the name `x`"));
        assert_eq!(hint, None);
        let (_, col, msg, hint) = fail::<City>("(name: Oslo, pos: (1, 2))");
        assert_eq!((col, msg.as_str()), (8, "expected text in double quotes, found the name `Oslo`"));
        assert_eq!(hint.as_deref(), Some("text goes in double quotes: \"Oslo\""));
        let (_, _, msg, hint) = fail::<Vec<u8>>("(1, 2)");
        assert_eq!(msg, "expected a list [ ... ], found values in ( ... )");
        assert_eq!(hint.as_deref(), Some("lists are written with square brackets: [ a, b ]"));
        let (_, _, msg, _) = fail::<City>("[1, 2]");
        assert_eq!(msg, "expected a ( field: value, ... ) block, found a list");
        let (_, _, msg, _) = fail::<bool>("1");
        assert_eq!(msg, "expected true or false, found the number 1");
        let (_, _, msg, _) = fail::<f64>("NaN");
        assert_eq!(msg, "expected a number, found the name `NaN`");
        let (_, _, msg, _) = fail::<Option<u8>>("\"x\"");
        assert_eq!(msg, "expected a whole number, 0 or more, found the text \"x\"");
    }

    #[test]
    fn floats_are_not_whole_numbers_and_ranges_are_stated() {
        let (line, col, msg, hint) = fail::<Country>("(\n  iso: \"DEU\",\n  joined: 2.5,\n)");
        assert_eq!((line, col), (3, 11));
        assert_eq!(msg, "expected a whole number, found the number 2.5");
        assert_eq!(hint.as_deref(), Some("remove the decimal part"));
        assert_eq!(fail::<u8>("300").2, "expected a whole number from 0 to 255, found the number 300");
        assert_eq!(fail::<u32>("-1").2, "expected a whole number from 0 to 4294967295, found the number -1");
        assert_eq!(fail::<i8>("-129").2, "expected a whole number from -128 to 127, found the number -129");
        assert_eq!(fail::<f32>("1e300").2, "expected a number from -3.4e38 to 3.4e38, found the number 1e300");
    }

    #[test]
    fn unknown_variant_points_at_the_name_and_suggests() {
        let src = "[\n  Alliance(Deterence, 8),\n]";
        let (line, col, msg, hint) = fail::<Vec<Effect>>(src);
        assert_eq!((line, col, msg.as_str()), (2, 12, "unknown name `Deterence`"));
        assert_eq!(hint.as_deref(), Some("did you mean `Deterrence`?"));
        let (_, col, msg, hint) = fail::<Effect>("Nonsense(1)");
        assert_eq!((col, msg.as_str()), (1, "unknown name `Nonsense`"));
        assert_eq!(hint.as_deref(), Some("expected one of `Reset`, `Flag`, `Alliance`, `Member`"));
        let (_, _, msg, hint) = fail::<Metric>("5");
        assert_eq!(msg, "expected a name such as `Deterrence`, found the number 5");
        assert_eq!(hint.as_deref(), Some("expected one of `Deterrence`, `Credibility`"));
    }

    #[test]
    fn variant_shape_mistakes() {
        let (_, col, msg, _) = fail::<Vec<Effect>>("[Reset, Alliance(Deterrence)]");
        assert_eq!((col, msg.as_str()), (9, "`Alliance` takes 2 values, found 1"));
        let (_, col, msg, hint) = fail::<Vec<Effect>>("[Alliance(Deterrence, 1, 2)]");
        assert_eq!((col, msg.as_str()), (26, "`Alliance` takes 2 values, found 3"));
        assert_eq!(fail::<(u8, u8)>("(1, 2, 3)").2, "expected 2 values, found 3");
        assert_eq!(fail::<(u8, u8)>("[1]").2, "expected 2 values, found 1");
        assert_eq!(hint.as_deref(), Some("remove the extra values"));
        assert_eq!(fail::<Effect>("Flag").2, "`Flag` needs a value in parentheses");
        assert_eq!(fail::<Effect>("Reset(1)").2, "`Reset` takes no values");
        assert_eq!(fail::<Effect>("Alliance").2, "`Alliance` needs 2 values in parentheses");
        assert_eq!(fail::<Effect>("Alliance(a: 1)").2, "`Alliance` takes plain values, not fields");
        assert_eq!(fail::<Effect>("Member(\"USA\", 5)").2, "expected `Member( field: value, ... )`");
    }

    #[test]
    fn self_wrapping_types_end_in_an_error_not_a_stack_overflow() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Cond {
            Not(Box<Cond>),
            Flag(String),
            All(Vec<Cond>),
        }
        #[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
        struct Chain(Option<Box<Chain>>);
        assert!(read::<Cond>("Not(Not(All([Flag(\"x\"), Not(Flag(\"y\"))])))").is_ok());
        let (_, col, msg, _) = fail::<Cond>("Not(1, 2)");
        assert_eq!((col, msg.as_str()), (1, "this value cannot be read: it would have to be unwrapped without end"));
        assert!(read::<Chain>("None").is_ok());
        assert!(read::<Chain>("Some(Some(None))").is_ok());
        assert!(read::<Chain>("5").is_err());
        assert!(read::<BTreeMap<Chain, u8>>("(a: 1)").is_err());
    }

    #[test]
    fn errors_never_name_rust_types() {
        let cases = [
            fail::<Country>("(iso: 5)").2,
            fail::<Country>("[]").2,
            fail::<Vec<Country>>("[5]").2,
            fail::<Effect>("(a: 1)").2,
            fail::<Vec<Amount>>("[true]").2,
            fail::<(u8, u8)>("[1]").2,
            fail::<City>("(name: \"a\", pos: 5)").2,
        ];
        for msg in cases {
            for word in ["Country", "City", "Effect", "Amount", "u8", "f32", "struct", "enum", "tuple", "sequence"] {
                assert!(!msg.contains(word), "`{msg}` mentions `{word}`");
            }
        }
    }
}

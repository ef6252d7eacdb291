//! Tokenizer and parser that turn RON text into a tree of values, each with its source span.
//!
//! The tree keeps every form the modder wrote (named or not, fields or plain values) and
//! leaves all decisions about what a form means to the deserializer, which knows the
//! expected type. Recursion is bounded by `Limits::max_depth`, so the tree (and anything
//! that walks it recursively, including `Drop`) is never deeper than that.

use super::Limits;
use super::error::{ReadError, quoted};
use super::line_index::LineIndex;
use super::spanned::Span;
use super::suggest::did_you_mean;

/// Hard ceiling on nesting whatever the caller asks for, because the parser and the
/// deserializer recurse once per level and test threads have small stacks.
pub const MAX_DEPTH_CAP: usize = 256;

/// One value from the source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NodeKind {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    /// A bare name: a unit variant, `None`, or a unit struct.
    Ident(String),
    /// `[ a, b ]`
    List(Vec<Node>),
    /// `{ key: value }`
    Map(Vec<(Node, Node)>),
    /// `( a, b )`, `Name(a, b)`, `()` and `Name()`.
    Tuple(Group<Node>),
    /// `( field: value )` and `Name( field: value )`.
    Struct(Group<Field>),
}

/// Contents of a `( ... )` block with its optional leading name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group<T> {
    pub name: Option<Box<Name>>,
    /// The `(` itself, where "unclosed" and "missing field" errors point.
    pub open: Span,
    pub items: Vec<T>,
}

impl<T> Group<T> {
    /// Where the block starts: its name, or the `(` when it has none.
    pub fn head(&self) -> Span {
        self.name.as_ref().map_or(self.open, |n| n.span)
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref().map(|n| n.text.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Field {
    pub name: Name,
    pub value: Node,
}

/// Parses a whole file: optional `#![enable(...)]` lines, one value, then nothing else.
pub(crate) fn parse_document(src: &str, limits: &Limits) -> Result<Node, ReadError> {
    if src.len() > limits.max_bytes {
        return Err(ReadError::new(Span::new(0, 0), format!("file is larger than {}", human_size(limits.max_bytes)))
            .with_hint(format!("this file is {}; split it into smaller files", human_size(src.len()))));
    }
    let mut parser = Parser {
        lexer: Lexer::new(src),
        peeked: None,
        depth: 0,
        max_depth: limits.max_depth.min(MAX_DEPTH_CAP),
        src,
        last_text: None,
        prev_text: None,
        consumed_end: 0,
    };
    parser.skip_attributes()?;
    let first = parser.next()?;
    if first.tok == Tok::Eof {
        return Err(ReadError::new(first.span, "expected a value, found the end of the file")
            .with_hint("the file is empty; it needs one value such as ( ... )"));
    }
    let root = parser.value_from(first)?;
    let after = parser.next()?;
    if after.tok != Tok::Eof {
        let hint = match after.tok {
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                "this closing bracket has no matching opening one; remove it or check the brackets before it"
            }
            _ => "the file must hold exactly one value; put this inside the outer brackets or remove it",
        };
        let err = ReadError::new(after.span, format!("unexpected {} after the end of the data", describe(&after.tok)))
            .with_hint(hint);
        return Err(parser.suspect_quote(err, parser.prev_text));
    }
    Ok(root)
}

/// "4 MiB", "512 KiB" or "1000 bytes", whichever is exact.
fn human_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Ident(&'a str),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    /// A character that starts no token (`=`, `;`, `#`, ...); the parser reports it in
    /// context, which gives better messages than the lexer could.
    Other(char),
    Eof,
}

#[derive(Clone, Debug)]
struct Token<'a> {
    tok: Tok<'a>,
    span: Span,
}

fn describe(tok: &Tok<'_>) -> String {
    match tok {
        Tok::LParen => "`(`".to_owned(),
        Tok::RParen => "`)`".to_owned(),
        Tok::LBracket => "`[`".to_owned(),
        Tok::RBracket => "`]`".to_owned(),
        Tok::LBrace => "`{`".to_owned(),
        Tok::RBrace => "`}`".to_owned(),
        Tok::Comma => "`,`".to_owned(),
        Tok::Colon => "`:`".to_owned(),
        Tok::Ident(name) => format!("`{name}`"),
        Tok::Int(n) => format!("the number {n}"),
        Tok::Float(x) => format!("the number {x}"),
        Tok::Str(s) => format!("the text {}", quoted(s)),
        Tok::Char(c) => format!("the character {c:?}"),
        Tok::Other(c) => format!("`{c}`"),
        Tok::Eof => "the end of the file".to_owned(),
    }
}

/// Tokens that can begin a value; seeing one where `,` was due means a comma is missing.
fn starts_value(tok: &Tok<'_>) -> bool {
    matches!(
        tok,
        Tok::LParen
            | Tok::LBracket
            | Tok::LBrace
            | Tok::Ident(_)
            | Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str(_)
            | Tok::Char(_)
    )
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[derive(Clone)]
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        // A byte-order mark from a Windows editor is not content.
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer { src, pos }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.src.get(at..).and_then(|s| s.chars().next())
    }

    fn skip_trivia(&mut self) -> Result<(), ReadError> {
        loop {
            match self.byte(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.byte(self.pos + 1) == Some(b'/') => {
                    let rest = self.src.get(self.pos..).unwrap_or("");
                    self.pos += rest.find('\n').unwrap_or(rest.len());
                }
                Some(b'/') if self.byte(self.pos + 1) == Some(b'*') => self.block_comment()?,
                Some(b) if b >= 0x80 => match self.char_at(self.pos) {
                    Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), ReadError> {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1usize;
        while depth > 0 {
            match (self.byte(self.pos), self.byte(self.pos + 1)) {
                (Some(b'*'), Some(b'/')) => {
                    depth -= 1;
                    self.pos += 2;
                }
                (Some(b'/'), Some(b'*')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (Some(_), _) => self.pos += 1,
                (None, _) => {
                    return Err(ReadError::new(
                        Span::new(start, start + 2),
                        "unterminated comment",
                    )
                    .with_hint("a `/*` comment must be closed with `*/` (comments can nest, so every `/*` inside needs its own `*/`)"));
                }
            }
        }
        Ok(())
    }

    fn next_token(&mut self) -> Result<Token<'a>, ReadError> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(b) = self.byte(start) else {
            return Ok(Token { tok: Tok::Eof, span: Span::new(start, start) });
        };
        let single = |tok| Ok(Token { tok, span: Span::new(start, start + 1) });
        match b {
            b'(' => {
                self.pos += 1;
                single(Tok::LParen)
            }
            b')' => {
                self.pos += 1;
                single(Tok::RParen)
            }
            b'[' => {
                self.pos += 1;
                single(Tok::LBracket)
            }
            b']' => {
                self.pos += 1;
                single(Tok::RBracket)
            }
            b'{' => {
                self.pos += 1;
                single(Tok::LBrace)
            }
            b'}' => {
                self.pos += 1;
                single(Tok::RBrace)
            }
            b',' => {
                self.pos += 1;
                single(Tok::Comma)
            }
            b':' => {
                self.pos += 1;
                single(Tok::Colon)
            }
            b'"' => self.string(),
            b'\'' => self.char_literal(),
            b'r' if matches!(self.byte(start + 1), Some(b'"' | b'#')) => self.raw_string(),
            b'0'..=b'9' | b'+' | b'-' => self.number(),
            b'.' if self.byte(start + 1).is_some_and(|d| d.is_ascii_digit()) => {
                let end = self.run_end(start + 1);
                self.pos = end;
                let text = self.src.get(start..end).unwrap_or("");
                Err(ReadError::new(Span::new(start, end), format!("`{text}` is not a valid number"))
                    .with_hint(format!("write a digit before the point: `0{text}`")))
            }
            _ if is_ident_start(b) => {
                let mut end = start + 1;
                while self.byte(end).is_some_and(is_ident_char) {
                    end += 1;
                }
                self.pos = end;
                Ok(Token { tok: Tok::Ident(self.src.get(start..end).unwrap_or("")), span: Span::new(start, end) })
            }
            _ => {
                let c = self.char_at(start).unwrap_or(char::REPLACEMENT_CHARACTER);
                let width = c.len_utf8().max(1);
                self.pos += width;
                Ok(Token { tok: Tok::Other(c), span: Span::new(start, start + width) })
            }
        }
    }

    /// End of a run of characters that could belong to a malformed number or name, so
    /// an error covers the whole bad word and not just its first character.
    fn run_end(&self, mut at: usize) -> usize {
        while self.byte(at).is_some_and(|b| is_ident_char(b) || b == b'.') {
            at += 1;
        }
        at
    }

    fn digits(&self, mut at: usize, radix: u32) -> usize {
        while self.byte(at).is_some_and(|b| b == b'_' || char::from(b).is_digit(radix)) {
            at += 1;
        }
        at
    }

    fn number(&mut self) -> Result<Token<'a>, ReadError> {
        let start = self.pos;
        let mut at = start;
        let negative = self.byte(at) == Some(b'-');
        if matches!(self.byte(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if !self.byte(at).is_some_and(|b| b.is_ascii_digit()) {
            let end = self.run_end(at).max(at);
            self.pos = end.max(start + 1);
            let text = self.src.get(start..self.pos).unwrap_or("");
            let word = self.src.get(at..end).unwrap_or("");
            let err = ReadError::new(Span::new(start, self.pos), format!("`{text}` is not a number"));
            let lower = word.to_ascii_lowercase();
            return Err(if lower.starts_with("inf") || lower == "nan" {
                err.with_hint("infinity and NaN are not allowed; write a finite number")
            } else {
                err.with_hint("a sign must be followed by digits, as in `-5`")
            });
        }
        let digits_start = at;
        let radix = match (self.byte(at), self.byte(at + 1)) {
            (Some(b'0'), Some(b'x' | b'X')) => 16,
            (Some(b'0'), Some(b'b' | b'B')) => 2,
            (Some(b'0'), Some(b'o' | b'O')) => 8,
            _ => 10,
        };
        let mut is_float = false;
        if radix != 10 {
            at = self.digits(at + 2, radix);
        } else {
            at = self.digits(at, 10);
            if self.byte(at) == Some(b'.') && self.byte(at + 1).is_some_and(|b| b.is_ascii_digit()) {
                is_float = true;
                at = self.digits(at + 1, 10);
            } else if self.byte(at) == Some(b'.') && !self.byte(at + 1).is_some_and(|b| is_ident_char(b) || b == b'.') {
                // `1.` is a float in Rust, so accept it here too.
                is_float = true;
                at += 1;
            }
            if matches!(self.byte(at), Some(b'e' | b'E')) {
                let mut exp = at + 1;
                if matches!(self.byte(exp), Some(b'+' | b'-')) {
                    exp += 1;
                }
                if self.byte(exp).is_some_and(|b| b.is_ascii_digit()) {
                    is_float = true;
                    at = self.digits(exp, 10);
                }
            }
        }
        let end = self.run_end(at);
        let bad_tail = end > at;
        self.pos = end;
        let span = Span::new(start, end);
        let text = self.src.get(start..end).unwrap_or("");
        if bad_tail {
            return Err(ReadError::new(span, format!("`{text}` is not a valid number")));
        }
        let clean: String = self.src.get(start..end).unwrap_or("").chars().filter(|&c| c != '_').collect();
        if is_float {
            return match clean.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Token { tok: Tok::Float(x), span }),
                Ok(_) => Err(ReadError::new(span, format!("the number `{text}` is too large"))),
                Err(_) => Err(ReadError::new(span, format!("`{text}` is not a valid number"))),
            };
        }
        let body = self.src.get(if radix == 10 { digits_start } else { digits_start + 2 }..end).unwrap_or("");
        let mut value: i128 = 0;
        let mut any_digit = false;
        for c in body.chars() {
            let Some(d) = c.to_digit(radix) else {
                continue;
            };
            any_digit = true;
            let d = i128::from(d);
            let next = value
                .checked_mul(i128::from(radix))
                .and_then(|v| if negative { v.checked_sub(d) } else { v.checked_add(d) });
            match next {
                Some(v) => value = v,
                None => {
                    return Err(ReadError::new(span, format!("the number `{text}` is too large")));
                }
            }
        }
        if !any_digit {
            return Err(ReadError::new(span, format!("`{text}` is not a valid number"))
                .with_hint("digits must follow `0x`, `0b` or `0o`"));
        }
        Ok(Token { tok: Tok::Int(value), span })
    }

    fn string(&mut self) -> Result<Token<'a>, ReadError> {
        let start = self.pos;
        let mut at = start + 1;
        let mut out = String::new();
        loop {
            // Copy the plain run up to the next quote or backslash in one go.
            let rest = self.src.get(at..).unwrap_or("");
            let stop = rest.find(['"', '\\']).unwrap_or(rest.len());
            out.push_str(rest.get(..stop).unwrap_or(""));
            at += stop;
            match self.byte(at) {
                None => return Err(unterminated_string(start, &out)),
                Some(b'"') => {
                    self.pos = at + 1;
                    return Ok(Token { tok: Tok::Str(out), span: Span::new(start, at + 1) });
                }
                _ => {
                    let (c, next) = self.escape(at)?;
                    if let Some(c) = c {
                        out.push(c);
                    }
                    at = next;
                }
            }
        }
    }

    /// Decodes the escape whose backslash is at `at`; returns the character (none for a
    /// line continuation) and the offset after the escape.
    fn escape(&self, at: usize) -> Result<(Option<char>, usize), ReadError> {
        let Some(c) = self.char_at(at + 1) else {
            return Err(ReadError::new(Span::new(at, at + 1), "unterminated string")
                .with_hint("the file ends right after a `\\`"));
        };
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\'' => Some('\''),
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '0' => Some('\0'),
            _ => None,
        };
        if let Some(s) = simple {
            return Ok((Some(s), at + 2));
        }
        if c == 'u' {
            return self.unicode_escape(at);
        }
        let end = at + 1 + c.len_utf8();
        Err(ReadError::new(Span::new(at, end), format!("unknown escape `\\{c}`"))
            .with_hint("known escapes are \\\" \\\\ \\n \\t \\r \\0 \\' and \\u{XXXX}; write `\\\\` for a backslash"))
    }

    fn unicode_escape(&self, at: usize) -> Result<(Option<char>, usize), ReadError> {
        let bad = |end: usize| {
            ReadError::new(Span::new(at, end), "invalid unicode escape")
                .with_hint("write it as \\u{XXXX} with 1 to 6 hex digits, e.g. \\u{e9} for é")
        };
        if self.byte(at + 2) != Some(b'{') {
            return Err(bad(at + 2));
        }
        let digits_start = at + 3;
        let mut end = digits_start;
        while self.byte(end).is_some_and(|b| b.is_ascii_hexdigit()) && end - digits_start < 6 {
            end += 1;
        }
        if end == digits_start || self.byte(end) != Some(b'}') {
            return Err(bad(end.max(at + 3)));
        }
        let hex = self.src.get(digits_start..end).unwrap_or("");
        let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        match c {
            Some(c) => Ok((Some(c), end + 1)),
            None => Err(ReadError::new(Span::new(at, end + 1), format!("`\\u{{{hex}}}` is not a valid character"))),
        }
    }

    fn raw_string(&mut self) -> Result<Token<'a>, ReadError> {
        let start = self.pos;
        let mut at = start + 1;
        while self.byte(at) == Some(b'#') {
            at += 1;
        }
        let hashes = at - start - 1;
        if self.byte(at) != Some(b'"') {
            self.pos = at;
            return Err(ReadError::new(Span::new(start, at), "expected `\"` to start a raw string")
                .with_hint("raw text is written r\"...\" or r#\"...\"#"));
        }
        let body_start = at + 1;
        let closing = format!("\"{}", "#".repeat(hashes));
        let rest = self.src.get(body_start..).unwrap_or("");
        match rest.find(&closing) {
            Some(len) => {
                let end = body_start + len + closing.len();
                self.pos = end;
                Ok(Token { tok: Tok::Str(rest.get(..len).unwrap_or("").to_owned()), span: Span::new(start, end) })
            }
            None => Err(ReadError::new(Span::new(start, body_start), "unterminated string")
                .with_hint(format!("close the raw text with `{closing}`"))),
        }
    }

    fn char_literal(&mut self) -> Result<Token<'a>, ReadError> {
        let start = self.pos;
        let unterminated = || {
            ReadError::new(Span::new(start, start + 1), "unterminated character")
                .with_hint("a character is written in single quotes, such as 'x'; use double quotes for text")
        };
        let (c, after) = match self.byte(start + 1) {
            None | Some(b'\n') => return Err(unterminated()),
            Some(b'\'') => {
                self.pos = start + 2;
                return Err(ReadError::new(Span::new(start, start + 2), "empty character")
                    .with_hint("put one character between the quotes, such as 'x'"));
            }
            Some(b'\\') => match self.escape(start + 1)? {
                (Some(c), after) => (c, after),
                (None, after) => {
                    self.pos = after;
                    return Err(unterminated());
                }
            },
            Some(_) => match self.char_at(start + 1) {
                Some(c) => (c, start + 1 + c.len_utf8()),
                None => return Err(unterminated()),
            },
        };
        if self.byte(after) == Some(b'\'') {
            self.pos = after + 1;
            return Ok(Token { tok: Tok::Char(c), span: Span::new(start, after + 1) });
        }
        // Several characters in single quotes: most likely meant as text.
        let line_rest = self.src.get(after..).unwrap_or("");
        let line_rest = line_rest.get(..line_rest.find('\n').unwrap_or(line_rest.len())).unwrap_or("");
        match line_rest.find('\'') {
            Some(close) => {
                let end = after + close + 1;
                self.pos = end;
                Err(ReadError::new(Span::new(start, end), "single quotes hold exactly one character")
                    .with_hint("use double quotes for text: \"...\""))
            }
            None => Err(unterminated()),
        }
    }
}

fn unterminated_string(start: usize, content: &str) -> ReadError {
    let err = ReadError::new(Span::new(start, start + 1), "unterminated string");
    if content.contains('\n') {
        err.with_hint("add a closing `\"`; this text runs to the end of the file, so a `\"` is probably missing here or on an earlier line")
    } else {
        err.with_hint("add a closing `\"`")
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
    depth: usize,
    max_depth: usize,
    src: &'a str,
    /// Start of the last consumed token when it was text spanning lines, and the same
    /// for the token before it: a quote missing mid-file shows up as such text followed
    /// by a confusing error, so those errors mention it.
    last_text: Option<usize>,
    prev_text: Option<usize>,
    /// End of the last consumed token, so a block's span stops at its closer even when
    /// the token after it has already been peeked.
    consumed_end: usize,
}

/// Which bracket a sequence is closed by, for messages.
#[derive(Clone, Copy)]
enum Closer {
    Paren,
    Bracket,
    Brace,
}

impl Closer {
    fn open(self) -> &'static str {
        match self {
            Closer::Paren => "(",
            Closer::Bracket => "[",
            Closer::Brace => "{",
        }
    }
    fn close(self) -> &'static str {
        match self {
            Closer::Paren => ")",
            Closer::Bracket => "]",
            Closer::Brace => "}",
        }
    }
    fn tok(self) -> Tok<'static> {
        match self {
            Closer::Paren => Tok::RParen,
            Closer::Bracket => Tok::RBracket,
            Closer::Brace => Tok::RBrace,
        }
    }
}

impl<'a> Parser<'a> {
    fn next(&mut self) -> Result<Token<'a>, ReadError> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.lexer.next_token()?,
        };
        self.consumed_end = t.span.end;
        self.prev_text = self.last_text.take();
        // Raw text (`r#"..."#`) is meant to span lines, so only plain quotes count.
        if let Tok::Str(s) = &t.tok
            && self.src.as_bytes().get(t.span.start) == Some(&b'"')
            && s.contains('\n')
        {
            self.last_text = Some(t.span.start);
        }
        Ok(t)
    }

    /// Adds the missing-quote suspicion to an error found right after multi-line text
    /// (`text_start` is where that text began).
    fn suspect_quote(&self, err: ReadError, text_start: Option<usize>) -> ReadError {
        let Some(start) = text_start else {
            return err;
        };
        let suspicion = format!(
            "the text starting at {} runs over several lines; if it was meant to end on that line, its closing `\"` is missing",
            self.where_is(start)
        );
        let hint = match err.hint {
            Some(h) => format!("{h}; or {suspicion}"),
            None => suspicion,
        };
        ReadError { hint: Some(hint), ..err }
    }

    fn peek(&mut self) -> Result<&Token<'a>, ReadError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        match &self.peeked {
            Some(t) => Ok(t),
            // Unreachable in practice; an error keeps this path panic-free.
            None => Err(ReadError::new(Span::new(self.lexer.pos, self.lexer.pos), "internal error: lost token")),
        }
    }

    fn where_is(&self, offset: usize) -> String {
        // Only built for an error, so the cost of indexing the file once is fine.
        let (line, col) = LineIndex::new(self.src).line_col(offset);
        format!("line {line}, column {col}")
    }

    /// Skips `#![enable(...)]` lines; the extensions they name are always on here.
    fn skip_attributes(&mut self) -> Result<(), ReadError> {
        const KNOWN: [&str; 2] = ["implicit_some", "unwrap_newtypes"];
        while matches!(self.peek()?.tok, Tok::Other('#')) {
            let hash = self.next()?;
            let bad = |span: Span| ReadError::new(span, "expected an attribute like `#![enable(implicit_some)]`");
            let bang = self.next()?;
            if bang.tok != Tok::Other('!') {
                return Err(bad(hash.span.to(bang.span)));
            }
            let open = self.next()?;
            if open.tok != Tok::LBracket {
                return Err(bad(open.span));
            }
            let enable = self.next()?;
            if enable.tok != Tok::Ident("enable") {
                return Err(bad(enable.span).with_hint("only `enable` attributes are supported"));
            }
            if self.next()?.tok != Tok::LParen {
                return Err(bad(enable.span));
            }
            loop {
                let t = self.next()?;
                match t.tok {
                    Tok::RParen => break,
                    Tok::Comma => {}
                    Tok::Ident(name) if KNOWN.contains(&name) => {}
                    Tok::Ident(name) => {
                        let hint = match did_you_mean(name, KNOWN) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "supported: `implicit_some`, `unwrap_newtypes`".to_owned(),
                        };
                        return Err(ReadError::new(t.span, format!("unknown extension `{name}`")).with_hint(hint));
                    }
                    _ => return Err(bad(t.span)),
                }
            }
            let close = self.next()?;
            if close.tok != Tok::RBracket {
                return Err(bad(close.span));
            }
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node, ReadError> {
        let t = self.next()?;
        self.value_from(t)
    }

    fn value_from(&mut self, t: Token<'a>) -> Result<Node, ReadError> {
        let span = t.span;
        let kind = match t.tok {
            Tok::Int(n) => NodeKind::Int(n),
            Tok::Float(x) => NodeKind::Float(x),
            Tok::Str(s) => NodeKind::Str(s),
            Tok::Char(c) => NodeKind::Char(c),
            Tok::Ident("true") => NodeKind::Bool(true),
            Tok::Ident("false") => NodeKind::Bool(false),
            Tok::Ident(name) => {
                if self.peek()?.tok == Tok::LParen {
                    let open = self.next()?;
                    let name = Name { text: name.to_owned(), span };
                    return self.group(Some(name), open.span);
                }
                NodeKind::Ident(name.to_owned())
            }
            Tok::LParen => return self.group(None, span),
            Tok::LBracket => return self.list(span),
            Tok::LBrace => return self.map(span),
            other => {
                let err = ReadError::new(span, format!("expected a value, found {}", describe(&other)));
                return Err(match other {
                    Tok::Comma => err.with_hint("there is an extra `,` or a value is missing before it"),
                    Tok::Other('=') => err.with_hint("write `name: value`, not `name = value`"),
                    Tok::Other('#') => err.with_hint("raw text is written r#\"...\"#"),
                    _ => err,
                });
            }
        };
        Ok(Node { span, kind })
    }

    fn enter(&mut self, open: Span) -> Result<(), ReadError> {
        if self.depth >= self.max_depth {
            return Err(ReadError::new(open, format!("nesting deeper than {} levels", self.max_depth)).with_hint(
                format!(
                    "blocks and lists may be nested at most {} deep; flatten this part of the data",
                    self.max_depth
                ),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// The error for a bracket that was never closed, pointing at the opening bracket
    /// and saying where the parser gave up.
    fn unclosed(&self, closer: Closer, open: Span, found: &Token<'_>) -> ReadError {
        let hint = if found.tok == Tok::Eof {
            format!("the file ended before the matching `{}`", closer.close())
        } else {
            format!(
                "found {} at {} where `{}` was expected",
                describe(&found.tok),
                self.where_is(found.span.start),
                closer.close()
            )
        };
        ReadError::new(open, format!("unclosed `{}` opened here", closer.open())).with_hint(hint)
    }

    /// After an item: consumes `,` (returning true when the sequence continues) or the
    /// closer (returning false); anything else is an error that says what was likely meant.
    fn separator(&mut self, closer: Closer, open: Span, items_word: &str) -> Result<bool, ReadError> {
        let t = self.next()?;
        if t.tok == closer.tok() {
            return Ok(false);
        }
        match t.tok {
            Tok::Comma => {
                if self.peek()?.tok == closer.tok() {
                    self.next()?;
                    return Ok(false);
                }
                Ok(true)
            }
            Tok::Eof | Tok::RParen | Tok::RBracket | Tok::RBrace => Err(self.unclosed(closer, open, &t)),
            ref tok if starts_value(tok) => Err(self.suspect_quote(
                ReadError::new(t.span, format!("missing comma between {items_word}"))
                    .with_hint(format!("add `,` before {}", describe(tok))),
                self.prev_text,
            )),
            ref tok => Err(self.suspect_quote(
                ReadError::new(t.span, format!("expected `,` or `{}`, found {}", closer.close(), describe(tok))),
                self.prev_text,
            )),
        }
    }

    fn list(&mut self, open: Span) -> Result<Node, ReadError> {
        self.enter(open)?;
        let mut items = Vec::new();
        if self.peek()?.tok == Tok::RBracket {
            self.next()?;
        } else {
            loop {
                items.push(self.value()?);
                if !self.separator(Closer::Bracket, open, "items")? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Node { span: open.to(self.last_end()), kind: NodeKind::List(items) })
    }

    fn map(&mut self, open: Span) -> Result<Node, ReadError> {
        self.enter(open)?;
        let mut entries = Vec::new();
        if self.peek()?.tok == Tok::RBrace {
            self.next()?;
        } else {
            loop {
                let key = self.value()?;
                let colon = self.next()?;
                if colon.tok != Tok::Colon {
                    if colon.tok == Tok::Eof {
                        return Err(self.unclosed(Closer::Brace, open, &colon));
                    }
                    return Err(ReadError::new(
                        colon.span,
                        format!("expected `:` after the map key, found {}", describe(&colon.tok)),
                    )
                    .with_hint("map entries are written `key: value`"));
                }
                let value = self.value()?;
                entries.push((key, value));
                if !self.separator(Closer::Brace, open, "entries")? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Node { span: open.to(self.last_end()), kind: NodeKind::Map(entries) })
    }

    /// Offset just past the last token consumed (the closer of the current block).
    fn last_end(&self) -> Span {
        Span::new(self.consumed_end, self.consumed_end)
    }

    /// `( ... )` with an optional name already read: decides between fields and plain
    /// values by whether the first entry is `name:`.
    fn group(&mut self, name: Option<Name>, open: Span) -> Result<Node, ReadError> {
        self.enter(open)?;
        let start = name.as_ref().map_or(open, |n| n.span);
        let name = name.map(Box::new);
        let first = self.next()?;
        let kind = match first.tok {
            Tok::RParen => NodeKind::Tuple(Group { name, open, items: Vec::new() }),
            Tok::Ident(field) if self.peek()?.tok == Tok::Colon => {
                self.next()?;
                let first_field =
                    Field { name: Name { text: field.to_owned(), span: first.span }, value: self.value()? };
                NodeKind::Struct(Group { name, open, items: self.fields(first_field, open)? })
            }
            Tok::Str(ref s) if self.peek()?.tok == Tok::Colon => {
                return Err(ReadError::new(first.span, format!("expected a field name, found the text {}", quoted(s)))
                    .with_hint(format!("write field names without quotes: `{s}: ...`")));
            }
            Tok::Eof => return Err(self.unclosed(Closer::Paren, open, &first)),
            _ => NodeKind::Tuple(Group { name, open, items: self.tuple_items(first, open)? }),
        };
        self.depth -= 1;
        Ok(Node { span: start.to(self.last_end()), kind })
    }

    fn fields(&mut self, first: Field, open: Span) -> Result<Vec<Field>, ReadError> {
        let mut fields = vec![first];
        loop {
            let t = self.next()?;
            match t.tok {
                Tok::RParen => break,
                Tok::Comma => {}
                Tok::Ident(_) if self.peek()?.tok == Tok::Colon => {
                    return Err(self.suspect_quote(
                        ReadError::new(t.span, "missing comma between fields")
                            .with_hint(format!("add `,` before {}", describe(&t.tok))),
                        self.prev_text,
                    ));
                }
                Tok::Eof | Tok::RBracket | Tok::RBrace => {
                    return Err(self.unclosed(Closer::Paren, open, &t));
                }
                ref tok => {
                    return Err(self.suspect_quote(
                        ReadError::new(t.span, format!("expected `,` or `)`, found {}", describe(tok))),
                        self.prev_text,
                    ));
                }
            }
            // After a comma: another field, or the end of the block.
            let t = self.next()?;
            let field = match t.tok {
                Tok::RParen => break,
                Tok::Ident(name) => name,
                Tok::Eof | Tok::RBracket | Tok::RBrace => {
                    return Err(self.unclosed(Closer::Paren, open, &t));
                }
                Tok::Str(ref s) => {
                    return Err(ReadError::new(t.span, format!("expected a field name, found the text {}", quoted(s)))
                        .with_hint(format!("write field names without quotes: `{s}: ...`")));
                }
                ref tok => {
                    return Err(ReadError::new(t.span, format!("expected a field name, found {}", describe(tok)))
                        .with_hint("every entry in this block is written `name: value`"));
                }
            };
            let colon = self.next()?;
            if colon.tok != Tok::Colon {
                let err = ReadError::new(
                    colon.span,
                    format!("expected `:` after field name `{field}`, found {}", describe(&colon.tok)),
                );
                return Err(match colon.tok {
                    Tok::Other('=') => err.with_hint(format!("write `{field}: value`")),
                    Tok::Comma | Tok::RParen => {
                        err.with_hint(format!("every entry in this block needs a value: `{field}: value`"))
                    }
                    _ => err,
                });
            }
            fields.push(Field { name: Name { text: field.to_owned(), span: t.span }, value: self.value()? });
        }
        Ok(fields)
    }

    fn tuple_items(&mut self, first: Token<'a>, open: Span) -> Result<Vec<Node>, ReadError> {
        let mut items = Vec::new();
        let mut next = first;
        loop {
            let bare_name = match next.tok {
                Tok::Ident(name) if name.starts_with(|c: char| c.is_ascii_lowercase()) => Some(name),
                _ => None,
            };
            let item = self.value_from(next)?;
            // `(title "War")`: a lower-case bare name followed by a value is a field whose
            // `:` was forgotten far more often than two values missing a comma.
            let is_bare = matches!(item.kind, NodeKind::Ident(_));
            items.push(item);
            if let Some(name) = bare_name.filter(|_| is_bare) {
                let peeked = self.peek()?;
                if starts_value(&peeked.tok) || peeked.tok == Tok::Other('=') {
                    return Err(ReadError::new(
                        peeked.span,
                        format!("expected `:` after field name `{name}`, found {}", describe(&peeked.tok)),
                    )
                    .with_hint(format!("write `{name}: value`")));
                }
                if peeked.tok == Tok::Colon && items.len() > 1 {
                    return Err(ReadError::new(peeked.span, "unexpected `:`").with_hint(
                        "this ( ... ) block starts with plain values, so it cannot also have `name: value` fields",
                    ));
                }
            }
            if !self.separator(Closer::Paren, open, "items")? {
                break;
            }
            next = self.next()?;
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Node, ReadError> {
        parse_document(src, &Limits::default())
    }

    /// (line, col, message) of a parse error, as a modder would see it.
    fn err_at(src: &str) -> (u32, u32, String, Option<String>) {
        let e = parse(src).expect_err("should fail");
        let (line, col) = LineIndex::new(src).line_col(e.span.start);
        (line, col, e.message, e.hint)
    }

    #[test]
    fn numbers_in_all_written_forms() {
        let n = |s: &str| parse(s).map(|n| n.kind);
        assert_eq!(n("1_000"), Ok(NodeKind::Int(1000)));
        assert_eq!(n("-42"), Ok(NodeKind::Int(-42)));
        assert_eq!(n("+7"), Ok(NodeKind::Int(7)));
        assert_eq!(n("0xff"), Ok(NodeKind::Int(255)));
        assert_eq!(n("-0x10"), Ok(NodeKind::Int(-16)));
        assert_eq!(n("0b101"), Ok(NodeKind::Int(5)));
        assert_eq!(n("1.0"), Ok(NodeKind::Float(1.0)));
        assert_eq!(n("-0.5"), Ok(NodeKind::Float(-0.5)));
        assert_eq!(n("1e3"), Ok(NodeKind::Float(1000.0)));
        assert_eq!(n("2.5E-2"), Ok(NodeKind::Float(0.025)));
        assert_eq!(n("-170141183460469231731687303715884105728"), Ok(NodeKind::Int(i128::MIN)));
    }

    #[test]
    fn infinity_and_nan_are_not_numbers() {
        let (_, _, msg, hint) = err_at("-inf");
        assert_eq!(msg, "`-inf` is not a number");
        assert!(hint.unwrap().contains("finite"));
        // Without a sign they are plain names, which the deserializer rejects for numbers.
        assert_eq!(parse("NaN").map(|n| n.kind), Ok(NodeKind::Ident("NaN".into())));
        assert_eq!(err_at("1e999").2, "the number `1e999` is too large");
        assert_eq!(err_at("1.5.2").2, "`1.5.2` is not a valid number");
        assert_eq!(err_at("12abc").2, "`12abc` is not a valid number");
        assert_eq!(
            err_at("999999999999999999999999999999999999999999").2,
            "the number `999999999999999999999999999999999999999999` is too large"
        );
    }

    #[test]
    fn strings_and_escapes() {
        let s = |src: &str| match parse(src).map(|n| n.kind) {
            Ok(NodeKind::Str(s)) => s,
            other => panic!("not a string: {other:?}"),
        };
        assert_eq!(s(r#""a\"b\\c\nd\te\rf\0g\'h""#), "a\"b\\c\nd\te\rf\0g'h");
        assert_eq!(s(r#""\u{e9}\u{1F600}""#), "é😀");
        assert_eq!(s(r##"r#"The "shock" of 1950."#"##), "The \"shock\" of 1950.");
        assert_eq!(s(r#"r"C:\path""#), "C:\\path");
        assert_eq!(s("\"two\nlines\""), "two\nlines");
        assert_eq!(parse("'x'").map(|n| n.kind), Ok(NodeKind::Char('x')));
        assert_eq!(parse(r"'\n'").map(|n| n.kind), Ok(NodeKind::Char('\n')));
    }

    #[test]
    fn bad_escapes_point_at_the_escape() {
        let (line, col, msg, _) = err_at("(a: \"x\\qy\")");
        assert_eq!((line, col, msg.as_str()), (1, 7, "unknown escape `\\q`"));
        assert_eq!(err_at(r#""\u{110000}""#).2, "`\\u{110000}` is not a valid character");
        assert_eq!(err_at(r#""\u12""#).2, "invalid unicode escape");
        assert_eq!(err_at("'ab'").2, "single quotes hold exactly one character");
        assert_eq!(err_at("''").2, "empty character");
    }

    #[test]
    fn unterminated_string_points_at_its_opening_quote() {
        let src = "(\n  title: \"War in Korea,\n  weight: 10,\n)";
        let (line, col, msg, hint) = err_at(src);
        assert_eq!((line, col, msg.as_str()), (2, 10, "unterminated string"));
        assert!(hint.unwrap().contains("earlier line"));
        let (line, col, msg, _) = err_at("(note: r#\"abc\")");
        assert_eq!((line, col, msg.as_str()), (1, 8, "unterminated string"));
    }

    #[test]
    fn comments_nest_and_unterminated_ones_point_at_the_start() {
        let src = "/* outer /* inner */ still outer */ // line\n( a: 1, /* x */ b: 2 ) // end";
        assert!(parse(src).is_ok());
        let src = "(\n  a: 1, /* one /* two */\n)";
        let (line, col, msg, _) = err_at(src);
        assert_eq!((line, col, msg.as_str()), (2, 9, "unterminated comment"));
    }

    #[test]
    fn attributes_are_skipped_and_unknown_ones_rejected() {
        assert!(parse("#![enable(implicit_some)]\n#![enable(unwrap_newtypes, implicit_some)]\n(a: 1)").is_ok());
        let (line, col, msg, hint) = err_at("#![enable(implicit_somme)]\n()");
        assert_eq!((line, col, msg.as_str()), (1, 11, "unknown extension `implicit_somme`"));
        assert_eq!(hint.as_deref(), Some("did you mean `implicit_some`?"));
    }

    #[test]
    fn unclosed_paren_points_at_the_opening_and_says_where_parsing_stopped() {
        let src = "(\n  events: [\n    (id: \"a\",\n  ],\n)";
        let (line, col, msg, hint) = err_at(src);
        assert_eq!((line, col, msg.as_str()), (3, 5, "unclosed `(` opened here"));
        assert_eq!(hint.as_deref(), Some("found `]` at line 4, column 3 where `)` was expected"));
        let (line, col, msg, hint) = err_at("(a: [1, 2");
        assert_eq!((line, col, msg.as_str()), (1, 5, "unclosed `[` opened here"));
        assert_eq!(hint.as_deref(), Some("the file ended before the matching `]`"));
    }

    #[test]
    fn missing_commas_are_named_as_such() {
        let src = "(\n  a: 1\n  b: 2,\n)";
        let (line, col, msg, hint) = err_at(src);
        assert_eq!((line, col, msg.as_str()), (3, 3, "missing comma between fields"));
        assert_eq!(hint.as_deref(), Some("add `,` before `b`"));
        let (line, col, msg, _) = err_at("[1, 2 3]");
        assert_eq!((line, col, msg.as_str()), (1, 7, "missing comma between items"));
        let (_, col, msg, _) = err_at("{\"a\": 1 \"b\": 2}");
        assert_eq!((col, msg.as_str()), (9, "missing comma between entries"));
    }

    #[test]
    fn field_syntax_mistakes() {
        let (line, col, msg, hint) = err_at("(id: 1, title = \"x\")");
        assert_eq!((line, col), (1, 15));
        assert_eq!(msg, "expected `:` after field name `title`, found `=`");
        assert_eq!(hint.as_deref(), Some("write `title: value`"));
        let (_, col, msg, _) = err_at("(title \"x\")");
        assert_eq!((col, msg.as_str()), (8, "expected `:` after field name `title`, found the text \"x\""));
        let (_, col, msg, hint) = err_at("(\"title\": \"x\")");
        assert_eq!((col, msg.as_str()), (2, "expected a field name, found the text \"title\""));
        assert!(hint.unwrap().contains("without quotes"));
        assert_eq!(err_at("[1, , 2]").2, "expected a value, found `,`");
        assert_eq!(err_at("(a: ])").2, "expected a value, found `]`");
        assert_eq!(err_at("").2, "expected a value, found the end of the file");
        assert_eq!(err_at("(a: 1 ; b: 2)").2, "expected `,` or `)`, found `;`");
    }

    #[test]
    fn trailing_text_after_the_value_is_an_error_at_that_text() {
        let (line, col, msg, _) = err_at("(a: 1)\n)");
        assert_eq!((line, col, msg.as_str()), (2, 1, "unexpected `)` after the end of the data"));
        let (_, col, msg, _) = err_at("(a: 1) extra");
        assert_eq!((col, msg.as_str()), (8, "unexpected `extra` after the end of the data"));
    }

    #[test]
    fn spans_cover_the_written_value() {
        let src = "( name: Member(\"USA\", Alignment, -5), list: [1, 2] )";
        let node = parse(src).unwrap();
        let NodeKind::Struct(g) = &node.kind else { panic!() };
        let text = |s: Span| &src[s.start..s.end];
        assert_eq!(text(node.span), src);
        assert_eq!(text(g.items[0].value.span), "Member(\"USA\", Alignment, -5)");
        assert_eq!(text(g.items[1].value.span), "[1, 2]");
        assert_eq!(text(g.items[1].name.span), "list");
    }

    #[test]
    fn depth_limit_stops_at_the_first_bracket_too_deep() {
        let limits = Limits { max_bytes: 1 << 20, max_depth: 3 };
        assert!(parse_document("[[[1]]]", &limits).is_ok());
        let e = parse_document("[[[[1]]]]", &limits).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 3 levels");
        assert_eq!(e.span, Span::new(3, 4));
    }

    #[test]
    fn size_limit_is_checked_before_parsing() {
        let limits = Limits { max_bytes: 1024, max_depth: 64 };
        let e = parse_document(&" ".repeat(1025), &limits).unwrap_err();
        assert_eq!(e.span, Span::new(0, 0));
        assert_eq!(e.message, "file is larger than 1 KiB");
        assert_eq!(human_size(4 * 1024 * 1024), "4 MiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}

//! Maps byte offsets to 1-based line and column numbers for messages and snippets.

/// Converts byte offsets to 1-based line and column (column counted in chars) and gives line text for snippets.
///
/// The index does not keep the source; it stores where lines start and where multi-byte
/// characters sit, so columns count characters as an editor does, not bytes.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset where each line starts; always begins with 0.
    line_starts: Vec<usize>,
    /// Start offset and byte length of every character that is longer than one byte.
    wide_chars: Vec<(usize, usize)>,
    /// `extra_before[i]` = continuation bytes of `wide_chars[..i]`, so a column costs two
    /// binary searches instead of a walk along the line.
    extra_before: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `src`. Lines end at `\n`; a `\r` before it is not shown as part of the line.
    pub fn new(src: &str) -> Self {
        let mut line_starts = vec![0];
        let mut wide_chars = Vec::new();
        let mut extra_before = vec![0];
        let mut extra = 0usize;
        for (offset, c) in src.char_indices() {
            let width = c.len_utf8();
            if c == '\n' {
                line_starts.push(offset + 1);
            } else if width > 1 {
                wide_chars.push((offset, width));
                extra += width - 1;
                extra_before.push(extra);
            }
        }
        LineIndex { line_starts, wide_chars, extra_before, len: src.len() }
    }

    /// Number of lines (a file that ends with a newline has an empty last line).
    pub fn line_count(&self) -> u32 {
        to_u32(self.line_starts.len())
    }

    /// 1-based line and 1-based column of a byte offset. Offsets past the end count as
    /// the end; an offset inside a multi-byte character gives that character's column.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.len);
        let line_idx = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let first = self.wide_chars.partition_point(|&(s, _)| s < line_start);
        let mut last = self.wide_chars.partition_point(|&(s, _)| s < offset);
        // An offset inside a multi-byte character stands on that character.
        if last > first
            && let Some(&(s, w)) = self.wide_chars.get(last - 1)
            && s + w > offset
        {
            offset = s;
            last -= 1;
        }
        let continuation = self
            .extra_before
            .get(last)
            .copied()
            .unwrap_or(0)
            .saturating_sub(self.extra_before.get(first).copied().unwrap_or(0));
        let col = offset.saturating_sub(line_start).saturating_sub(continuation) + 1;
        (to_u32(line_idx + 1), to_u32(col))
    }

    /// Byte offset where a 1-based line starts, if the line exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        self.line_starts.get(idx).copied()
    }

    /// Text of a 1-based line without its line ending; empty for a line that does not
    /// exist or when `src` is not the text this index was built from.
    pub fn line_text<'a>(&self, src: &'a str, line: u32) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = usize::try_from(line).ok().and_then(|l| self.line_starts.get(l).copied()).unwrap_or(self.len);
        let text = src.get(start..end).unwrap_or("");
        let text = text.strip_suffix('\n').unwrap_or(text);
        text.strip_suffix('\r').unwrap_or(text)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_and_column_are_one() {
        let idx = LineIndex::new("abc\ndef");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(2), (1, 3));
        assert_eq!(idx.line_col(3), (1, 4), "the newline itself sits after the text");
        assert_eq!(idx.line_col(4), (2, 1));
        assert_eq!(idx.line_col(6), (2, 3));
        assert_eq!(idx.line_col(7), (2, 4), "end of file is just past the last char");
        assert_eq!(idx.line_col(999), (2, 4), "offsets past the end clamp");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // "é" is two bytes and "€" three, yet each is one column in an editor.
        let src = "é€x\nñy";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(2), (1, 2));
        assert_eq!(idx.line_col(5), (1, 3));
        assert_eq!(idx.line_col(6), (1, 4));
        assert_eq!(idx.line_col(7), (2, 1));
        assert_eq!(idx.line_col(9), (2, 2));
        // An offset inside "€" reports the column of "€".
        assert_eq!(idx.line_col(3), (1, 2));
        assert_eq!(idx.line_col(4), (1, 2));
    }

    #[test]
    fn line_text_drops_line_endings() {
        let src = "one\r\ntwo\n\nfour";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_text(src, 1), "one");
        assert_eq!(idx.line_text(src, 2), "two");
        assert_eq!(idx.line_text(src, 3), "");
        assert_eq!(idx.line_text(src, 4), "four");
        assert_eq!(idx.line_text(src, 0), "");
        assert_eq!(idx.line_text(src, 5), "");
        assert_eq!(idx.line_col(5), (2, 1));
    }

    #[test]
    fn wrong_source_does_not_panic() {
        let idx = LineIndex::new("héllo\nworld");
        assert_eq!(idx.line_text("h", 1), "");
        assert_eq!(idx.line_text("", 2), "");
    }
}

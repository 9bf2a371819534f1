//! Text positions: byte spans everywhere, line/column only for people.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        Span { start, end: end.max(start) }
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// This span clamped to `text` and widened to whole characters, so it always slices `text`.
    pub fn within(self, text: &str) -> Span {
        let mut start = (self.start as usize).min(text.len());
        let mut end = (self.end as usize).clamp(start, text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start as u32, end as u32)
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub col: u32,
    pub offset: u32,
}

/// Line starts of a text, for offset <-> line/column conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
        LineIndex { starts }
    }

    /// 0-based line holding `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(*self.starts.last().unwrap_or(&0))
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = offset.min(text.len() as u32);
        let line = self.line_of(offset);
        let start = self.line_start(line) as usize;
        let mut end = offset as usize;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() as u32 + 1;
        Position { line: line as u32 + 1, col, offset }
    }

    /// The full lines covering a span, without the final newline.
    pub fn lines_of<'t>(&self, text: &'t str, span: Span) -> &'t str {
        let first = self.line_start(self.line_of(span.start)) as usize;
        let last_line = self.line_of(span.end.saturating_sub(1).max(span.start));
        let end = if last_line + 1 < self.starts.len() {
            self.starts[last_line + 1] as usize - 1
        } else {
            text.len()
        };
        text.get(first..end.max(first)).unwrap_or("").trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\ncé d\n";
        let index = LineIndex::new(text);
        let at = |o| {
            let p = index.position(text, o);
            (p.line, p.col)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(6), (2, 3));
        assert_eq!(index.lines_of(text, Span::new(4, 6)), "cé d");
    }
}

//! Ranges sorted by start, for "which range contains this span" queries
//! (sources, sanitizers and sinks are matched ranges).
//!
//! A leaf: depends on source positions only.

use super::super::source::Span;

/// Ranges sorted by start, with the running maximum of their ends, for fast
/// "which range contains this span" queries.
pub struct Ranges {
    spans: Vec<Span>,
    max_end: Vec<u32>,
}
impl Ranges {
    pub fn new(mut spans: Vec<Span>) -> Ranges {
        spans.sort();
        spans.dedup();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        Ranges { spans, max_end }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// A range that contains `span`, if any (the innermost-starting one).
    pub fn containing(&self, span: Span) -> Option<Span> {
        let upto = self.spans.partition_point(|s| s.start <= span.start);
        if upto == 0 || self.max_end[upto - 1] < span.end {
            return None;
        }
        self.spans[..upto].iter().rev().find(|s| s.end >= span.end).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Span> {
        self.spans.iter()
    }

    /// The ranges inside `span` or around it, without scanning them all
    /// (a statement is checked against every sink, which made long files quadratic).
    pub fn in_or_around(&self, span: Span) -> Vec<Span> {
        let lo = self.spans.partition_point(|s| s.start < span.start);
        let hi = self.spans.partition_point(|s| s.start <= span.end);
        let mut out: Vec<Span> = Vec::new();
        // Ranges starting before `span` that reach past its end contain it.
        if lo > 0 && self.max_end[lo - 1] >= span.end {
            out.extend(self.spans[..lo].iter().filter(|s| s.contains(span)));
        }
        out.extend(self.spans[lo..hi].iter().filter(|s| span.contains(**s) || s.contains(span)));
        out
    }

    /// Whether some range overlaps `span`.
    pub fn intersects(&self, span: Span) -> bool {
        let upto = self.spans.partition_point(|s| s.start < span.end);
        upto > 0 && self.max_end[upto - 1] > span.start
    }
}

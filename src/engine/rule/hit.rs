//! A match of a formula while a rule is evaluated: a range and the bindings
//! that made it.

use super::super::matcher::Env;
use super::super::source::Span;

/// A match of a formula: its range and the bindings that made it.
#[derive(Clone, Debug)]
pub(super) struct Hit<'t> {
    pub(super) span: Span,
    pub(super) env: Env<'t>,
    /// Whether `focus-metavariable` gave the range (Semgrep renders no
    /// `fix-regex` for such a match).
    pub(super) focused: bool,
}

/// Drops hits with the same range and bindings at the same places as an earlier one.
pub(super) fn dedup(hits: &mut Vec<Hit<'_>>) {
    let mut kept: Vec<Hit<'_>> = Vec::with_capacity(hits.len());
    let mut by_span: rustc_hash::FxHashMap<Span, Vec<usize>> = rustc_hash::FxHashMap::default();
    for hit in hits.drain(..) {
        let same = by_span.entry(hit.span).or_default();
        let duplicate = same.iter().any(|&i| {
            let earlier: &Hit<'_> = &kept[i];
            // The same places, not only equal values: `focus-metavariable` and
            // the filters may tell apart bindings of equal text (two calls of `foo`).
            earlier.env.same_bindings(&hit.env)
        });
        if !duplicate {
            same.push(kept.len());
            kept.push(hit);
        }
    }
    *hits = kept;
}

//! What a taint rule gives the analysis ([`Spec`]: sources, sinks,
//! sanitizers, propagators, options) and what it gets back ([`Flow`]s, each
//! with the [`Trace`] of how its value got tainted).
//!
//! Depends on the label and range types of this module only.

use super::super::source::Span;
use super::labels::Labels;
use super::super::precision::Precision;
use super::ranges::Ranges;
use rustc_hash::FxHashMap;

/// How a value got tainted: the source, then each assignment it flowed through.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub source: Span,
    pub steps: Vec<Span>,
    /// The taint labels it carries, one bit each (bit 0: `__SOURCE__`, the label
    /// of sources without one).
    pub labels: u64,
}

/// One flow from a source to a sink.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub sink: Span,
    /// The tainted expression inside the sink.
    pub tainted: Span,
    pub trace: Trace,
}

/// `pattern-propagators`: where the pattern matched, taint flows from `from` to `to`.
#[derive(Clone, Debug)]
pub struct Propagation {
    pub at: Span,
    pub from: Span,
    pub to: Span,
}

/// A sanitizer match that may be a guard's check (`precise_guards`,
/// `guards.rs`): where it matched, and the spans its metavariables bound.
#[derive(Clone, Debug)]
pub struct Guard {
    pub at: Span,
    pub cleans: Vec<Span>,
    /// It matched the comparison at `at` with its operator flipped (`in` for
    /// `not in`): the test there is the opposite of the check.
    pub negated: bool,
}

pub struct Spec<'a> {
    pub sources: &'a Ranges,
    pub sinks: &'a [Span],
    pub sanitizers: &'a Ranges,
    /// Sanitizer matches with `by-side-effect: true`, sorted: the variable
    /// (or field path) matched is clean after the statement that holds it.
    pub side_effects: &'a [Span],
    pub propagators: &'a [Propagation],
    /// `taint_assume_safe_functions`: calls do not pass taint from arguments to result.
    pub safe_functions: bool,
    /// `taint_assume_safe_indexes`: `a[i]` is not tainted by a tainted `i`.
    pub safe_indexes: bool,
    /// `taint_assume_safe_comparisons`: `a == b` carries no taint.
    pub safe_comparisons: bool,
    /// `taint_only_propagate_through_assignments`: only `x = y` (and the
    /// branches of `a if c else b`) pass taint on; operators, calls, indexes
    /// and attributes do not.
    pub only_assignments: bool,
    /// Set when the rule uses taint labels.
    pub labels: Option<&'a Labels>,
    /// The analyses beyond Semgrep's that run (all off: Semgrep's results).
    pub precision: Precision,
    /// With `precision.guards`: every sanitizer match, sorted by span.
    pub guards: &'a [Guard],
}

/// The tainted variables and field paths at a point, with how each got tainted.
pub(super) type State = FxHashMap<String, Trace>;

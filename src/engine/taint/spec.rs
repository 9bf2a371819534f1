//! What a taint rule gives the analysis ([`Spec`]: sources, sinks,
//! sanitizers, propagators, options) and what it gets back ([`Flow`]s, each
//! with the [`Trace`] of how its value got tainted).
//!
//! Depends on the label and range types of this module only.

use super::super::source::Span;
use super::labels::Labels;
use super::super::precision::Precision;
use super::ranges::Ranges;
use super::stops::Stops;
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
    /// While explaining only: where taint stops is recorded here (`stops.rs`).
    pub stops: Option<&'a Stops>,
}

/// The tainted variables and field paths at a point, with how each got
/// tainted (the map, which the state derefs to), and, with
/// `precise_containers` or `precise_propagation`, what is known of
/// containers slot by slot.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    vars: FxHashMap<String, Trace>,
    /// By variable or field path; `None` while nothing is tracked.
    pub shapes: Option<Box<FxHashMap<String, Shape>>>,
}

impl std::ops::Deref for State {
    type Target = FxHashMap<String, Trace>;
    fn deref(&self) -> &Self::Target {
        &self.vars
    }
}

impl std::ops::DerefMut for State {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.vars
    }
}

impl State {
    /// The tainted variables, taken out.
    pub(super) fn into_vars(self) -> FxHashMap<String, Trace> {
        self.vars
    }

    /// What is known of the container under `key`, slot by slot.
    pub(super) fn shape(&self, key: &str) -> Option<&Shape> {
        self.shapes.as_ref()?.get(key)
    }

    /// Forgets the shape of `key` and of every field path under it.
    pub(super) fn drop_shapes(&mut self, key: &str) {
        if let Some(shapes) = &mut self.shapes {
            shapes.retain(|name, _| !(name == key || name.len() > key.len() && name.starts_with(key) && name.as_bytes()[key.len()] == b'.'));
            if shapes.is_empty() {
                self.shapes = None;
            }
        }
    }

    pub(super) fn set_shape(&mut self, key: String, shape: Shape) {
        self.shapes.get_or_insert_with(Default::default).insert(key, shape);
    }
}

/// A container whose slots are known (`containers.rs`): the taint of each.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Shape {
    /// A list or tuple of known length: each item's taint.
    Seq(Vec<Option<Trace>>),
    /// A dict whose keys are all known (constant keys, `Slot::key`): each value's taint.
    Dict(Vec<(String, Option<Trace>)>),
    /// A `configparser` parser: each set option's taint, by `section\0option`.
    Config(Vec<(String, Option<Trace>)>),
    /// An `io.StringIO` or `io.BytesIO`: what is written to it taints it.
    Stream,
}

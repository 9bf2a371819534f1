//! Where taint stopped, recorded only while a rule is explained (issue 21,
//! "why not here"): the walk notes each place a tainted value was cleaned
//! or dropped, and what was tainted when each sink was checked without a
//! flow. A scan passes no recorder (`Spec::stops` is `None`); the walk then
//! only tests for one on paths where taint is already being dropped.
//!
//! A leaf of `taint`: depends on source positions only.

use super::super::source::Span;
use std::cell::RefCell;

/// How a tainted value stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopKind {
    /// A sanitizer match (`at`) holds an expression that would be tainted.
    Sanitized,
    /// A `by-side-effect` sanitizer match (`at`) cleaned the variable `key`.
    SideEffect,
    /// An assignment (`at`: the statement) gave the tainted `key` a clean value.
    Replaced,
    /// `precise_guards`: a check (`at`: the test or its operand, a sanitizer
    /// match) cleaned `key` on an arm of an `if`.
    Guard,
    /// `precise_constant_conditions`: the condition at `at` always holds
    /// (`dead_then` false: the `else` arm is dead) or never does.
    DeadArm { dead_then: bool },
    /// `precise_functions`: a call (`at`) to the file's function `key`
    /// returns nothing tainted from a tainted argument.
    Helper,
    /// A call, f-string, conditional, ... (`at`) in a list comprehension's
    /// element: in Semgrep's IL what it gives does not reach the list.
    Element,
    /// An option of the rule (its key) kept the expression at `at` clean:
    /// `taint_assume_safe_functions`, `_indexes`, `_comparisons`,
    /// `taint_only_propagate_through_assignments`.
    Option(&'static str),
    /// `precise_containers`: a read (`at`) of a slot of the tainted
    /// container `key` that holds no taint.
    CleanSlot,
}

/// One place where taint stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    pub kind: StopKind,
    pub at: Span,
    /// The variable (or field path, or function) concerned, when there is one.
    pub key: Option<String>,
    /// The source of the value that stopped, when known.
    pub source: Option<Span>,
}

/// A sink checked with no flow to it: what was tainted there then.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SinkSeen {
    pub sink: Span,
    /// The tainted variables (and field paths) at the sink, with their sources, sorted.
    pub tainted: Vec<(String, Span)>,
    /// With taint labels: the labels of a value that reached the sink but
    /// not the labels the sink requires (one bit each).
    pub unmet_labels: u64,
}

/// The recorder (interior mutability: the walk holds the spec by shared reference).
#[derive(Debug, Default)]
pub struct Stops {
    stops: RefCell<Vec<Stop>>,
    sinks: RefCell<Vec<SinkSeen>>,
}

/// How many tainted variables a sink check keeps.
const KEPT_AT_SINK: usize = 8;

impl Stops {
    pub fn new() -> Self {
        Stops::default()
    }

    /// Notes a stop (once per kind, place and variable).
    pub(super) fn note(&self, kind: StopKind, at: Span, key: Option<String>, source: Option<Span>) {
        let mut stops = self.stops.borrow_mut();
        if !stops.iter().any(|s| s.kind == kind && s.at == at && s.key == key) {
            stops.push(Stop { kind, at, key, source });
        }
    }

    /// Notes a sink checked with no flow, and what was tainted there (joined over the checks).
    pub(super) fn saw_sink<'k>(&self, sink: Span, tainted: impl Iterator<Item = (&'k str, Span)>, unmet_labels: u64) {
        let mut sinks = self.sinks.borrow_mut();
        let at = match sinks.iter().position(|s| s.sink == sink) {
            Some(at) => at,
            None => {
                sinks.push(SinkSeen { sink, ..Default::default() });
                sinks.len() - 1
            }
        };
        let seen = &mut sinks[at];
        seen.unmet_labels |= unmet_labels;
        for (key, source) in tainted {
            if !seen.tainted.iter().any(|(k, _)| k == key) {
                seen.tainted.push((key.to_string(), source));
            }
        }
        seen.tainted.sort();
        seen.tainted.truncate(KEPT_AT_SINK);
    }

    /// Every stop noted, in the order they were met.
    pub fn stops(&self) -> Vec<Stop> {
        self.stops.borrow().clone()
    }

    /// The sink checks with no flow, if `sink` was checked.
    pub fn sink(&self, sink: Span) -> Option<SinkSeen> {
        self.sinks.borrow().iter().find(|s| s.sink == sink).cloned()
    }
}

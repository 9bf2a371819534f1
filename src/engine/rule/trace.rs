//! Evaluating a rule while recording what each part of its formula did, for
//! explanations ([`super::super::explain`]): the hits of every formula, the
//! candidates left after every term of a `patterns`, and (with a clock) the
//! time each took. Off by default: the normal run carries no [`Trace`], and
//! the evaluator only checks for one (no recording, no extra work).
//!
//! A taint rule's walk records where taint stopped ([`Trace::taint_stops`]).
//!
//! [`super::tracer`] runs rules with a trace. Records are keyed by the address of the formula or term in the rule, which
//! the caller keeps alive while it reads them ([`Trace::formula`], [`Trace::term`]).

use super::super::source::Span;
use super::super::taint::Stops;
use super::binding::{bound_span, bound_str};
use super::hit::Hit;
use super::model::{Formula, Term};
use std::cell::RefCell;

/// One binding of a traced hit: name, text (as messages see it), range.
#[derive(Clone, Debug, PartialEq)]
pub struct TracedBinding {
    pub name: String,
    pub text: String,
    pub span: Span,
}

/// A hit as the trace keeps it (owned, independent of the tree).
#[derive(Clone, Debug, PartialEq)]
pub struct Traced {
    pub span: Span,
    pub bindings: Vec<TracedBinding>,
}

impl Traced {
    pub(super) fn of(src: &str, hit: &Hit<'_>) -> Traced {
        let bindings = hit
            .env
            .binds()
            .into_iter()
            .map(|(name, bound)| TracedBinding { name: name.to_string(), text: bound_str(src, bound).into_owned(), span: bound_span(src, bound) })
            .collect();
        Traced { span: hit.span, bindings }
    }

    /// The text bound to `name` here, if it is bound.
    pub fn bound(&self, name: &str) -> Option<&TracedBinding> {
        self.bindings.iter().find(|b| b.name == name)
    }
}

/// What one formula or term did.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// For a formula: its hits (the first evaluation). For a term of a
    /// `patterns`: the candidates left after it was applied.
    pub hits: Vec<Traced>,
    /// Milliseconds spent, over every evaluation (0 without a clock).
    pub time_ms: f64,
}

/// The records of one traced run.
pub struct Trace<'c> {
    clock: Option<&'c dyn Fn() -> f64>,
    formulas: RefCell<rustc_hash::FxHashMap<usize, Record>>,
    terms: RefCell<rustc_hash::FxHashMap<usize, Record>>,
    /// A taint rule's walk: where taint stopped, what was tainted at each sink.
    taint: Stops,
}

impl<'c> Trace<'c> {
    /// A trace; with `clock` (milliseconds from any origin) it times each part.
    pub fn new(clock: Option<&'c dyn Fn() -> f64>) -> Self {
        Trace { clock, formulas: Default::default(), terms: Default::default(), taint: Stops::new() }
    }

    /// Whether the trace has a clock (times are 0 without one).
    pub fn timed(&self) -> bool {
        self.clock.is_some()
    }

    pub(super) fn now(&self) -> f64 {
        self.clock.map_or(0.0, |clock| clock())
    }

    fn note(map: &RefCell<rustc_hash::FxHashMap<usize, Record>>, key: usize, src: &str, hits: &[Hit<'_>], elapsed: f64) {
        let mut map = map.borrow_mut();
        let record = map.entry(key).or_insert_with(|| Record { hits: hits.iter().map(|h| Traced::of(src, h)).collect(), time_ms: 0.0 });
        record.time_ms += elapsed;
    }

    pub(super) fn noted_formula(&self, formula: &Formula, src: &str, hits: &[Hit<'_>], started: f64) {
        let elapsed = self.now() - started;
        Trace::note(&self.formulas, formula as *const Formula as usize, src, hits, elapsed);
    }

    pub(super) fn noted_term(&self, term: &Term, src: &str, hits: &[Hit<'_>], started: f64) {
        let elapsed = self.now() - started;
        Trace::note(&self.terms, term as *const Term as usize, src, hits, elapsed);
    }

    /// What `formula` (a part of the traced rule) matched, if it was evaluated.
    pub fn formula(&self, formula: &Formula) -> Option<Record> {
        self.formulas.borrow().get(&(formula as *const Formula as usize)).cloned()
    }

    /// Where the taint walk of the traced rule stopped (empty for a search rule).
    pub fn taint_stops(&self) -> &Stops {
        &self.taint
    }

    /// The candidates left after `term` (a part of the traced rule), if it was reached.
    pub fn term(&self, term: &Term) -> Option<Record> {
        self.terms.borrow().get(&(term as *const Term as usize)).cloned()
    }
}

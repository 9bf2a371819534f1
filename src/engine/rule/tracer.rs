//! Running rules and formulas over one file for explanations, with a
//! [`Trace`] (see [`super::trace`]): the file's index is built once and the
//! matches of each pattern text shared, as in a scan.

use super::super::matcher::TreeIndex;
use super::super::source::Span;
use super::super::tree::Node;
use super::eval::{Evaluator, SharedMatches};
use super::hit::Hit;
use super::model::{Formula, PreciseMode, Precision, Rule};
use super::trace::{Trace, Traced};

/// Runs formulas and rules over one file for explanations (the file's index
/// is built once and shared, as are the matches of each pattern text).
pub struct Tracer<'t, 's> {
    index: TreeIndex<'t>,
    src: &'s str,
    shared: SharedMatches<'t>,
    /// Which analyses beyond Semgrep's the rules run with (the session's).
    mode: PreciseMode,
}

impl<'t, 's> Tracer<'t, 's> {
    pub fn new(root: &'t Node, src: &'s str, mode: PreciseMode) -> Self {
        Tracer { index: TreeIndex::new(root), src, shared: SharedMatches::default(), mode }
    }

    /// Runs `rule`, recording into `trace`; gives the rule's results (the
    /// ranges its findings have, before `# nosemgrep` and the findings cap).
    pub fn run(&self, rule: &Rule, trace: &Trace<'_>) -> Vec<Traced> {
        let mut evaluator = Evaluator::new(&self.index, self.src, &self.shared);
        evaluator.trace = Some(trace);
        let mut hits: Vec<Hit<'t>> = match &rule.taint {
            Some(spec) => evaluator.eval_taint(spec, self.mode.of(rule)).into_iter().map(|(hit, _)| hit).collect(),
            None => evaluator.eval(&rule.formula),
        };
        hits.sort_by_key(|hit| (hit.span.start, hit.span.end));
        hits.dedup_by_key(|hit| hit.span);
        hits.iter().map(|hit| Traced::of(self.src, hit)).collect()
    }

    /// How many results `rule` has, run as a scan runs it (no trace, and
    /// sharing no pattern's matches with the rules run before: for timing it alone).
    pub fn results_alone(&self, rule: &Rule) -> usize {
        let shared = SharedMatches::default();
        let evaluator = Evaluator::new(&self.index, self.src, &shared);
        match &rule.taint {
            Some(spec) => evaluator.eval_taint(spec, self.mode.of(rule)).len(),
            None => evaluator.eval(&rule.formula).len(),
        }
    }

    /// The analyses beyond Semgrep's that `rule` runs with here.
    pub fn precision(&self, rule: &Rule) -> Precision {
        self.mode.of(rule)
    }

    /// What `formula` matches on its own (no trace).
    pub fn alone(&self, formula: &Formula) -> Vec<Traced> {
        let evaluator = Evaluator::new(&self.index, self.src, &self.shared);
        evaluator.eval(formula).iter().map(|hit| Traced::of(self.src, hit)).collect()
    }

    /// The code nodes from the root down to the innermost one that contains `span`.
    pub fn path_to(&self, span: Span) -> Vec<&'t Node> {
        self.index.path_to(span)
    }

    pub fn root(&self) -> &'t Node {
        self.index.root
    }
}

//! A taint rule over one file: its sources, sinks, sanitizers and propagators
//! are evaluated as ordinary formulas, and the ranges they match go to the
//! flow analysis ([`super::super::taint`]).

use super::super::limits::Limit;
use super::super::source::Span;
use super::super::taint;
use super::eval::Evaluator;
use super::hit::Hit;
use super::model::{Precision, TaintSpec};

impl<'t> Evaluator<'_, 't> {
    /// Runs a taint rule (with the analyses beyond Semgrep's that `precision`
    /// turns on): the sink hits that tainted data reaches, with the path it took.
    pub(super) fn eval_taint(&self, spec: &TaintSpec, precision: Precision) -> Vec<(Hit<'t>, taint::Trace)> {
        // Each source and sink formula is evaluated once (once per file when
        // other rules write it alike): its matches give the ranges and, under
        // `label`s, which label each range carries.
        let source_spans: Vec<Vec<Span>> = spec.sources.iter().map(|f| self.eval_shared(f).into_iter().map(|hit| hit.span).collect()).collect();
        let mut all_sources: Vec<Span> = source_spans.iter().flatten().copied().collect();
        all_sources.sort();
        all_sources.dedup();
        let sources = taint::Ranges::new(all_sources);
        if sources.is_empty() {
            return Vec::new();
        }
        let sink_hits_by_formula: Vec<Vec<Hit<'t>>> = spec.sinks.iter().map(|f| self.eval_shared(f)).collect();
        if sink_hits_by_formula.iter().all(Vec::is_empty) {
            return Vec::new();
        }
        let labels = spec.labels.as_ref().map(|rule_labels| {
            let mut out = taint::Labels::default();
            for (spans, (bit, requires)) in source_spans.iter().zip(&rule_labels.sources) {
                out.sources.extend(spans.iter().map(|span| (*span, *bit, requires.clone())));
            }
            out.sources.sort_by_key(|(span, _, _)| *span);
            for (hits, requires) in sink_hits_by_formula.iter().zip(&rule_labels.sinks) {
                for hit in hits {
                    let wanted = out.sinks.entry(hit.span).or_default();
                    // A sink without `requires` requires `__SOURCE__` (bit 0).
                    wanted.push(requires.clone().unwrap_or(taint::LabelExpr::Label(0)));
                }
            }
            out
        });
        let sink_hits: Vec<Hit<'t>> = sink_hits_by_formula.into_iter().flatten().collect();
        let mut sinks: Vec<Span> = sink_hits.iter().map(|hit| hit.span).collect();
        sinks.sort();
        sinks.dedup();
        let mut sanitizer_spans = Vec::new();
        let mut side_effect_spans = Vec::new();
        let mut guard_hits = Vec::new();
        for (i, formula) in spec.sanitizers.iter().enumerate() {
            let hits = self.eval_shared(formula);
            if precision.guards {
                guard_hits.extend(hits.iter().cloned());
            }
            let hits: Vec<Span> = hits.into_iter().map(|hit| hit.span).collect();
            if spec.by_side_effect.get(i).copied().unwrap_or(false) {
                side_effect_spans.extend(hits.iter().copied());
            }
            if spec.not_conflicting.get(i).copied().unwrap_or(false) {
                sanitizer_spans.extend(hits.into_iter().filter(|s| sinks.binary_search(s).is_err() && !sources.iter().any(|source| source == s)));
            } else {
                sanitizer_spans.extend(hits);
            }
        }
        let sanitizers = taint::Ranges::new(sanitizer_spans);
        // `precise_guards`: each match may be a check of an `if` test (`taint/guards.rs`).
        let mut guards = if precision.guards && !spec.sanitizers.is_empty() { self.guard_checks(&spec.sanitizers, &guard_hits) } else { Vec::new() };
        guards.sort_by_key(|g| g.at);
        side_effect_spans.sort();
        side_effect_spans.dedup();
        let propagators: Vec<taint::Propagation> = spec
            .propagators
            .iter()
            .flat_map(|(formula, from, to)| {
                self.eval_shared(formula).into_iter().filter_map(|hit| {
                    Some(taint::Propagation { at: hit.span, from: hit.env.get(from)?.span(), to: hit.env.get(to)?.span() })
                })
            })
            .collect();
        let bodies = self.shared.taint_bodies.get_or_init(|| {
            let mut bodies = Vec::new();
            taint::collect_bodies(self.index.root, &mut bodies);
            bodies
        });
        let (flows, exhausted) = taint::analyze(
            bodies,
            &taint::Spec {
                sources: &sources,
                sinks: &sinks,
                sanitizers: &sanitizers,
                side_effects: &side_effect_spans,
                propagators: &propagators,
                safe_functions: spec.safe_functions,
                safe_indexes: spec.safe_indexes,
                safe_comparisons: spec.safe_comparisons,
                only_assignments: spec.only_assignments,
                labels: labels.as_ref(),
                precision,
                guards: &guards,
                stops: self.trace.map(|trace| trace.taint_stops()),
            },
        );
        if exhausted {
            self.hit_limit(Limit::TaintSteps);
        }
        // Each sink match at the flow's sink is a finding (the caller keeps one
        // per message, as Semgrep's CLI does): `$LOOP.run(...)` under symbolic
        // propagation binds `$LOOP` to the name and to the value it holds.
        flows
            .into_iter()
            .flat_map(|flow| {
                let trace = flow.trace;
                sink_hits.iter().filter(move |hit| hit.span == flow.sink).map(move |hit| (hit.clone(), trace.clone())).collect::<Vec<_>>()
            })
            .collect()
    }
}

//! Sinks: which sink matches lie in a statement, and what taint reaches
//! each under the state there (the sink's own value, a tainted argument, or
//! the outermost tainted expression inside it).
//!
//! Depends on the expression taint (`expr.rs`), the spec and range types and the tree.

use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::expr::ExprTaint;
use super::ranges::Ranges;
use super::spec::{Flow, State, Trace};
use rustc_hash::FxHashSet;

/// The sinks of one rule in one file, and the flows found to them so far.
pub(super) struct Sinks {
    /// The sinks, for finding those in or around a statement without scanning them all.
    pub ranges: Ranges,
    /// Sinks that already have a flow.
    done: FxHashSet<Span>,
    pub flows: Vec<Flow>,
}

impl Sinks {
    pub(super) fn new(ranges: Ranges) -> Self {
        Sinks { ranges, done: FxHashSet::default(), flows: Vec::new() }
    }

    /// Checks the sinks that lie in `node` (not in nested blocks) under `state`.
    pub(super) fn check(&mut self, taint: &ExprTaint<'_>, node: &Node, state: &State) {
        let span = Span::new(node.start, node.end);
        for sink in self.ranges.in_or_around(span) {
            if self.done.contains(&sink) {
                continue;
            }
            let scoped = taint.scope_at(node, sink, state);
            let seen = scoped.as_ref().unwrap_or(state);
            let mut unmet = 0;
            if let Some((tainted, trace)) = tainted_within(taint, node, sink, seen) {
                let holds = match taint.spec.labels {
                    // A sink without `requires` requires `__SOURCE__`.
                    Some(labels) => match labels.sinks.get(&sink) {
                        Some(requires) => requires.iter().any(|r| r.holds(trace.labels)),
                        None => trace.labels & 1 != 0,
                    },
                    None => true,
                };
                if holds {
                    self.done.insert(sink);
                    self.flows.push(Flow { sink, tainted, trace });
                    continue;
                }
                unmet = trace.labels;
            }
            if let Some(stops) = taint.spec.stops {
                stops.saw_sink(sink, seen.iter().map(|(k, t)| (k.as_str(), t.source)), unmet);
            }
        }
    }

    /// A flow to a sink found elsewhere (inside a function of the file a
    /// call passes tainted data to: `precise_functions`).
    pub(super) fn reach(&mut self, sink: Span, tainted: Span, trace: Trace) {
        if self.done.insert(sink) {
            self.flows.push(Flow { sink, tainted, trace });
        }
    }

    /// The flows found, one per sink, in source order; like Semgrep, a
    /// tainted sink nested in another tainted sink is one finding: the outer.
    pub(super) fn into_flows(self) -> Vec<Flow> {
        let mut flows = self.flows;
        flows.sort_by_key(|f| (f.sink.start, f.sink.end));
        flows.dedup_by_key(|f| f.sink);
        let sinks: Vec<Span> = flows.iter().map(|f| f.sink).collect();
        flows.retain(|f| !sinks.iter().any(|o| *o != f.sink && o.contains(f.sink)));
        flows
    }
}

/// What makes `sink` tainted inside `node`: where the sink is exactly an
/// expression or an assignment, as in Semgrep, that expression's own taint
/// or one of its arguments' (`eval(x[1:])` is clean: a slice carries no
/// taint, though `x` inside it does); otherwise the outermost tainted
/// expression inside the sink.
fn tainted_within(taint: &ExprTaint<'_>, node: &Node, sink: Span, state: &State) -> Option<(Span, Trace)> {
    match exact_node(node, sink) {
        Some(exact) if exact.kind.is_expr() || matches!(exact.kind, Kind::Keyword | Kind::Assign | Kind::AnnAssign | Kind::Return) => {
            tainted_sink(taint, exact, state)
        }
        _ => tainted_inside(taint, node, sink, state),
    }
}

/// The taint that reaches a sink that is exactly `node`.
fn tainted_sink(taint: &ExprTaint<'_>, node: &Node, state: &State) -> Option<(Span, Trace)> {
    let value = node
        .as_keyword()
        .map(|k| k.value)
        .or_else(|| node.as_assign().map(|a| a.value))
        .or_else(|| node.as_ann_assign().map(|a| a.value))
        .or_else(|| node.as_return().map(|r| r.value))
        .unwrap_or(node);
    if let Some(trace) = taint.expr(value, state) {
        return Some((Span::new(value.start, value.end), trace));
    }
    // `sink(...)`: each argument is a sink of its own (the call itself may
    // be clean: `taint_assume_safe_functions`).
    if value.kind != Kind::Call {
        return None;
    }
    value.as_call()?.args.children.iter().find_map(|arg| {
        let arg = arg.as_keyword().map_or(arg, |k| k.value);
        taint.expr(arg, state).map(|trace| (Span::new(arg.start, arg.end), trace))
    })
}

/// The outermost tainted expression of `node` that lies inside `sink`.
fn tainted_inside(taint: &ExprTaint<'_>, node: &Node, sink: Span, state: &State) -> Option<(Span, Trace)> {
    let span = Span::new(node.start, node.end);
    if node.kind == Kind::Block || node.kind.is_stmt() && !sink.contains(span) && !span.contains(sink) {
        return None;
    }
    if sink.contains(span) && (node.kind.is_expr() || node.kind == Kind::Keyword) {
        let target = node.as_keyword().map_or(node, |k| k.value);
        if let Some(trace) = taint.expr(target, state) {
            return Some((span, trace));
        }
    }
    node.children.iter().filter(|c| c.kind != Kind::Block).find_map(|c| tainted_inside(taint, c, sink, state))
}

/// The outermost node under `node` (outside nested blocks) whose range is
/// exactly `span`; an expression statement gives its expression.
fn exact_node(node: &Node, span: Span) -> Option<&Node> {
    if node.start == span.start && node.end == span.end {
        // An expression statement, or a sequence of one argument: what it holds.
        if node.kind == Kind::ExprStmt || !(node.kind.is_expr() || node.kind.is_stmt()) {
            if let Some(inner) = node.children.iter().find_map(|c| exact_node(c, span)) {
                return Some(inner);
            }
        }
        return Some(node);
    }
    // Sequences (arguments, targets) may have ranges of their own making: look in all children.
    node.children.iter().filter(|c| c.kind != Kind::Block).find_map(|c| exact_node(c, span))
}

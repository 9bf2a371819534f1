//! Functions of the same file (`precise_functions`, issue 19): a call to a
//! function defined once at the top of the file uses what that function
//! really does with each argument ([`Summary`]), where Semgrep CE passes
//! every argument's taint to the result and sees no sink inside.
//!
//! A summary is computed once per file (and rule): each parameter of each
//! function that is called somewhere in the file is followed on its own
//! through the body by the taint walk, with no source but the parameter:
//! the values it returns tainted, and the sinks it reaches (through the
//! function's own calls to other functions of the file too). Calls between
//! the functions, recursion included, settle by a fixpoint from "passes
//! nothing": each round summarizes every function with the summaries of the
//! round before, until a round changes nothing; a recursion that never
//! returns passes nothing, as running it would. Past the limits
//! (`limits::SUMMARIES`) a call is Semgrep's again.
//!
//! Where a tainted argument reaches a sink inside the function, the finding
//! is reported at that sink, as Semgrep Pro's interprocedural taint does,
//! once per sink whatever the number of calls; its trace goes from the
//! caller's source through the call and the parameter to the sink. A
//! returned value's trace goes through the parameter and the function's
//! steps to its `return`, and on in the caller.
//!
//! Depends on the taint walk (`walk.rs`) and what it uses.

use super::super::flow::Walker;
use super::super::limits::SUMMARIES;
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::callees::{Summaries, Summary};
use super::ranges::Ranges;
use super::spec::{Flow, Spec, State, Trace};
use super::walk::{self, Body, BodyKind, TaintFlow};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// The flows from sources to sinks, and whether the step limit cut the
/// analysis short: the taint walk over every body, with the summaries of
/// the file's functions when the rule asks for them (not with taint
/// labels, whose `requires` a summary does not keep).
pub fn analyze(bodies: &[Body<'_>], spec: &Spec<'_>) -> (Vec<Flow>, bool) {
    let summaries = (spec.precision.functions && spec.labels.is_none() && !spec.sources.is_empty() && !spec.sinks.is_empty())
        .then(|| summarize(bodies, spec))
        .flatten();
    walk::analyze(bodies, spec, summaries.as_ref())
}

/// A function to summarize: its parameters and body.
struct Function<'t> {
    name: Arc<str>,
    params: Vec<&'t Node>,
    body: &'t Node,
}

/// The summaries of the file's functions that are called in it, or `None`
/// when there are none or they do not settle.
fn summarize(bodies: &[Body<'_>], spec: &Spec<'_>) -> Option<Summaries> {
    let module = bodies.first().filter(|b| b.kind == BodyKind::Module && b.block.kind == Kind::Block)?.block;
    let functions = called_functions(module);
    if functions.is_empty() {
        return None;
    }
    // No source but the parameter being followed.
    let no_sources = Ranges::new(Vec::new());
    let quiet = Spec { sources: &no_sources, labels: None, stops: None, ..*spec };
    let mut table = Summaries::default();
    for f in &functions {
        let params: Vec<(Arc<str>, Span, Arc<str>)> =
            f.params.iter().filter_map(|p| p.as_param().map(|v| (v.name.text.clone(), Span::new(v.name.start, v.name.end), p.text.clone()))).collect();
        let n = params.len();
        table.by_name.insert(f.name.clone(), Summary { params, returns: vec![None; n], sinks: vec![Vec::new(); n] });
    }
    for _ in 0..SUMMARIES.rounds {
        let mut next = table.clone();
        for f in &functions {
            let summary = next.by_name.get_mut(&f.name)?;
            for index in 0..summary.params.len() {
                let (returns, sinks) = follow(f, index, summary.params[index].1, &quiet, &table);
                summary.returns[index] = returns;
                summary.sinks[index] = sinks;
            }
        }
        if next == table {
            return Some(table);
        }
        table = next;
    }
    None
}

/// Follows one parameter through a function's body: the steps to the first
/// tainted value it returns, and the sinks it reaches.
fn follow(f: &Function<'_>, index: usize, param: Span, spec: &Spec<'_>, table: &Summaries) -> (Option<Vec<Span>>, Vec<(Span, Vec<Span>)>) {
    let mut flow = TaintFlow::new(spec, Some(table));
    flow.returns = Some(Vec::new());
    let mut walker = Walker::new(flow);
    let mut state = State::default();
    let name = f.params[index].as_param().map(|p| p.name.text.to_string()).unwrap_or_default();
    state.insert(name, Trace { source: param, steps: Vec::new(), labels: 1 });
    walker.body(f.body, &mut state);
    let domain = walker.domain;
    let returns = domain.returns.unwrap_or_default().into_iter().find(|t| t.source == param).map(|t| t.steps);
    let sinks = domain.sinks.into_flows().into_iter().filter(|flow| flow.trace.source == param).map(|flow| (flow.sink, flow.trace.steps)).collect();
    (returns, sinks)
}

/// The module-level functions defined once, not otherwise assigned at the
/// top, short enough, and called by name somewhere in the file (in order,
/// up to the limit).
fn called_functions<'t>(module: &'t Node) -> Vec<Function<'t>> {
    let mut bound: FxHashMap<Arc<str>, usize> = FxHashMap::default();
    for stmt in &module.children {
        super::super::flow::facts::assigned_names(stmt, &mut |name| *bound.entry(name).or_default() += 1);
    }
    let mut called: FxHashSet<Arc<str>> = FxHashSet::default();
    called_names(module, &mut called);
    let mut out = Vec::new();
    for stmt in &module.children {
        let Some(def) = stmt.as_function_def() else { continue };
        let name = def.name.text.clone();
        if bound.get(&name) != Some(&1) || !called.contains(&name) || statements(def.body) > SUMMARIES.statements {
            continue;
        }
        let params: Vec<&Node> = def.params.children.iter().filter(|p| p.as_param().is_some()).collect();
        if params.len() > SUMMARIES.params {
            continue;
        }
        out.push(Function { name, params, body: def.body });
        if out.len() == SUMMARIES.functions {
            break;
        }
    }
    out
}

/// The names called as `name(...)` anywhere under `node`.
fn called_names(node: &Node, out: &mut FxHashSet<Arc<str>>) {
    if let Some(call) = node.as_call() {
        if call.func.kind == Kind::Name && call.func.resolved.is_none() {
            out.insert(call.func.text.clone());
        }
    }
    for child in &node.children {
        called_names(child, out);
    }
}

/// The statements of a block, nested blocks included.
fn statements(block: &Node) -> usize {
    block.children.iter().map(|stmt| 1 + stmt.nested_blocks().map(statements).sum::<usize>()).sum()
}

//! Why not here, for a taint rule: is the code a sink (else its closest
//! near miss), does a source match (in the file, in the sink's function),
//! and where the taint walk stopped on the way, as the traced run recorded
//! it (`taint/stops.rs`): a sanitizer, an assignment that replaced the
//! value, a check of an `if` (`precise_guards`), an arm that never runs
//! (`precise_constant_conditions`), a function of the file that does not
//! pass the taint on (`precise_functions`), a clean container slot
//! (`precise_containers`); or tainted variables that the sink does not use.
//!
//! Only the stops on the way to the sink are told: in the sink's function,
//! before it, and about the variables the sink reads (or what they were
//! computed from, statement by statement backwards).

use super::super::rule::trace::Traced;
use super::super::precision::Precision;
use super::super::rule::TaintSpec;
use super::super::source::Span;
use super::super::taint::{self, Stop, StopKind};
use super::super::tree::{Kind, Node};
use super::api::{ExplainNode, Reason, ReasonKind};
use super::whynot::{at, Asker, Outcome};
use rustc_hash::FxHashSet;

impl<'t> Asker<'_, 't, '_> {
    pub(super) fn taint(&self, spec: &TaintSpec, precision: Precision, tree: &ExplainNode) -> Vec<Reason> {
        let n_src = spec.sources.len();
        let n_sink = spec.sinks.len();
        let sources = &tree.children[..n_src.min(tree.children.len())];
        let sinks = tree.children.get(n_src..n_src + n_sink).unwrap_or(&[]);
        let sanitizers = tree.children.get(n_src + n_sink..n_src + n_sink + spec.sanitizers.len()).unwrap_or(&[]);
        let sink_here: Vec<_> = sinks.iter().flat_map(|s| s.matches.iter().map(move |m| (s, m.span))).filter(|(_, m)| at(*m, self.asked)).collect();
        let Some(&(sink_node, sink)) = sink_here.first() else {
            // A source here: the finding would be at a sink it reaches.
            let source_here = sources.iter().find(|s| s.matches.iter().any(|m| at(m.span, self.asked)));
            let message = match source_here {
                Some(source) => format!("no sink matches here: this code is a source ({}), and a taint rule reports the sinks its data reaches", Asker::named(source)),
                None => "no sink matches here: this code is not a sink".into(),
            };
            let mut reasons = vec![self.reason(ReasonKind::TaintNoSink, message, source_here.or(sinks.first()), None)];
            for (formula, node) in spec.sinks.iter().zip(sinks) {
                if let Some(Outcome::Not(more, 1..)) = node.children.first().map(|c| self.formula(formula, c)) {
                    reasons.extend(more);
                }
            }
            return reasons;
        };
        let code = Traced { span: sink, bindings: Vec::new() };
        let source_spans: Vec<Span> = sources.iter().flat_map(|s| s.matches.iter().map(|m| m.span)).collect();
        if source_spans.is_empty() {
            return vec![self.reason(
                ReasonKind::TaintNoSource,
                format!("a sink matches here (line {}), but no source matches anywhere in this code", self.line(sink.start)),
                sources.first(),
                None,
            )];
        }
        let walk = Walk { asker: self, sink, owner: self.owner(sink) };
        let local: Vec<Span> = source_spans.iter().copied().filter(|s| walk.owns(*s)).collect();
        let recorded = self.trace.taint_stops();
        let seen = recorded.sink(sink);
        let stops = recorded.stops();
        let mut reasons = Vec::new();
        let needed = walk.needed();
        // Arms that never run, holding the sink, a source of its function or a step on the way.
        for stop in stops.iter().filter(|s| matches!(s.kind, StopKind::DeadArm { .. }) && walk.owns(s.at)) {
            if let Some(reason) = walk.dead_arm(stop, &local, &needed, sink_node) {
                reasons.push(reason);
            }
        }
        if !reasons.is_empty() {
            return reasons;
        }
        let on_the_way: Vec<&Stop> = stops.iter().filter(|s| walk.owns(s.at) && s.at.start <= sink.end && walk.on_the_way(s, &needed)).collect();
        for stop in &on_the_way {
            // `x = quote(x)`: the sanitizer says it; the assignment adds nothing.
            if stop.kind == StopKind::Replaced && on_the_way.iter().any(|o| o.kind != StopKind::Replaced && stop.at.contains(o.at)) {
                continue;
            }
            reasons.push(walk.stopped(stop, sanitizers));
        }
        if !reasons.is_empty() {
            return reasons;
        }
        let sink_line = self.line(sink.start);
        if let Some(unmet) = seen.as_ref().map(|s| s.unmet_labels).filter(|&l| l != 0) {
            let names: Vec<String> = (0..64u32)
                .filter(|bit| unmet & (1 << bit) != 0)
                .map(|bit| spec.labels.as_ref().and_then(|l| l.names.get(bit as usize)).map_or_else(|| format!("#{bit}"), |n| n.clone()))
                .collect();
            return vec![self.reason(
                ReasonKind::TaintLabels,
                format!(
                    "a tainted value reaches the sink here (line {sink_line}), but its labels ({}) do not satisfy the sink's `requires` ({})",
                    names.join(", "),
                    Asker::named(sink_node)
                ),
                Some(sink_node),
                Some(&code),
            )];
        }
        if let Some(seen) = seen.as_ref().filter(|s| !s.tainted.is_empty()) {
            let held: Vec<String> = seen.tainted.iter().map(|(key, source)| format!("`{key}` (from the source at line {})", self.line(source.start))).collect();
            let (verb, them) = if held.len() == 1 { ("holds a tainted value", "it") } else { ("hold tainted values", "them") };
            return vec![self.reason(
                ReasonKind::TaintOtherVariable,
                format!("at the sink here (line {sink_line}) {} {verb}, but the sink (`{}`) does not use {them}", held.join(", "), self.snippet(sink)),
                Some(sink_node),
                Some(&code),
            )];
        }
        let lines = line_list(source_spans.iter().map(|s| self.line(s.start)).collect());
        if local.is_empty() {
            let name = walk.owner.and_then(|def| def.as_function_def()).map(|d| d.name.text.to_string());
            let class = walk.owner.and_then(|c| c.as_class_def());
            let function = match (walk.owner, &name, class) {
                (Some(def), Some(name), _) => format!("`{name}` (lines {}-{})", self.line(def.start), self.line(def.end)),
                (Some(c), _, Some(class)) => format!("the body of class `{}` (lines {}-{})", class.name.text, self.line(c.start), self.line(c.end)),
                _ => "the module's top level".to_string(),
            };
            let mut calls = Vec::new();
            if let Some(name) = name.as_deref().filter(|_| precision.functions) {
                calls_to(self.tracer.root(), name, &mut calls);
            }
            let why = if class.is_some() {
                "taint is followed one body at a time, and, as in Semgrep, a class body sees no variable of the code around it".to_string()
            } else if calls.is_empty() {
                "taint is followed one function at a time (a function sees a module variable assigned once, at the top level)".to_string()
            } else {
                let at = line_list(calls.iter().map(|c| self.line(c.start)).collect());
                format!("the calls to it at {at} pass it no tainted argument (precise_functions)")
            };
            return vec![self.reason(
                ReasonKind::TaintNoSourceInFunction,
                format!("a sink matches here (line {sink_line}) and sources match at {lines}, but none in {function}, where the sink is: {why}"),
                sources.first(),
                Some(&code),
            )];
        }
        let here = line_list(local.iter().map(|s| self.line(s.start)).collect());
        let scope = match walk.owner.map(|o| o.kind) {
            Some(Kind::ClassDef) => "in this class body",
            Some(_) => "in this function",
            None => "at the top level",
        };
        let mut message = format!("a sink matches here (line {sink_line}) and sources match {scope} at {here}, but no tainted value reaches it");
        if seen.is_none() {
            message.push_str(": the analysis never reaches the sink (on every path it comes after a `return`, `raise`, `break` or `continue`, or a call that never returns)");
        } else if local.iter().all(|s| s.start >= sink.end) {
            message.push_str(": every source in this function comes after the sink");
        } else {
            message.push_str(": where the sink runs, no variable holds tainted data (the sources' values are not kept in a variable the sink reads)");
        }
        vec![self.reason(ReasonKind::TaintNotReached, message, Some(sink_node), Some(&code))]
    }

    /// The innermost `def` or `class` that holds `span` (`None`: the module's
    /// top level): the body the taint walk follows it in (`taint::collect_bodies`).
    fn owner(&self, span: Span) -> Option<&'t Node> {
        self.tracer.path_to(span).into_iter().rev().find(|n| matches!(n.kind, Kind::FunctionDef | Kind::ClassDef) && !(n.start == span.start && n.end == span.end))
    }
}

/// How many lines a list names before it says how many more there are.
const LISTED: usize = 5;

/// `line 2`, `lines 2, 5` or `lines 2, 5, 8, 9, 12 and 30 more`.
fn line_list(mut lines: Vec<usize>) -> String {
    lines.sort_unstable();
    lines.dedup();
    let list = lines.iter().take(LISTED).map(usize::to_string).collect::<Vec<_>>().join(", ");
    let more = if lines.len() > LISTED { format!(" and {} more", lines.len() - LISTED) } else { String::new() };
    format!("line{} {list}{more}", if lines.len() == 1 { "" } else { "s" })
}

/// The question about one sink: its function and the way to it.
struct Walk<'q, 'a, 't, 's> {
    asker: &'q Asker<'a, 't, 's>,
    sink: Span,
    owner: Option<&'t Node>,
}

impl<'t> Walk<'_, '_, 't, '_> {
    /// Whether `span` is in the sink's function (not in a `def` inside it).
    fn owns(&self, span: Span) -> bool {
        let owner = self.asker.owner(span);
        owner.map(|n| (n.start, n.end)) == self.owner.map(|n| (n.start, n.end))
    }

    fn body(&self) -> &'t Node {
        match (self.owner.and_then(|def| def.as_function_def()), self.owner.and_then(|class| class.as_class_def())) {
            (Some(def), _) => def.body,
            (_, Some(class)) => class.body,
            _ => self.asker.tracer.root(),
        }
    }

    /// The variables the sink reads, and those they were computed from by
    /// the assignments before it in its function (backwards, by name).
    fn needed(&self) -> FxHashSet<String> {
        let mut needed = FxHashSet::default();
        names_in(self.asker.tracer.root(), self.sink, &mut needed);
        let mut assignments = Vec::new();
        assignments_in(self.body(), self.sink.start, &mut assignments);
        for (targets, value) in assignments.into_iter().rev() {
            let mut assigned = Vec::new();
            for target in targets {
                base_names(target, &mut assigned);
            }
            if assigned.iter().any(|n| needed.contains(n)) {
                names_in(value, Span::new(value.start, value.end), &mut needed);
            }
        }
        needed
    }

    /// Whether a stop is on the way to the sink: in it, about a variable it
    /// needs, or in an assignment to one.
    fn on_the_way(&self, stop: &Stop, needed: &FxHashSet<String>) -> bool {
        if self.sink.contains(stop.at) {
            return true;
        }
        let key_needed = stop.key.as_deref().is_some_and(|k| needed.contains(k.split('.').next().unwrap_or(k)));
        match stop.kind {
            StopKind::Replaced | StopKind::SideEffect | StopKind::Guard => key_needed,
            StopKind::Helper | StopKind::Sanitized | StopKind::CleanSlot | StopKind::Element | StopKind::Option(_) => {
                let path = self.asker.tracer.path_to(stop.at);
                let statement = path.into_iter().rev().find(|n| n.kind.is_stmt());
                statement.is_some_and(|stmt| {
                    let mut assigned = Vec::new();
                    for target in assignment(stmt).map(|(targets, _)| targets).unwrap_or_default() {
                        base_names(target, &mut assigned);
                    }
                    assigned.iter().any(|n| needed.contains(n))
                })
            }
            StopKind::DeadArm { .. } => false,
        }
    }

    /// What one stop says.
    fn stopped(&self, stop: &Stop, sanitizers: &[ExplainNode]) -> Reason {
        let asker = self.asker;
        let line = asker.line(stop.at.start);
        let from = stop.source.map_or(String::from("the taint"), |s| format!("the taint from the source at line {}", asker.line(s.start)));
        let key = stop.key.as_deref().unwrap_or("?");
        let code = Traced { span: stop.at, bindings: Vec::new() };
        let snippet = asker.snippet(stop.at);
        let sanitizer = sanitizers.iter().find(|n| n.matches.iter().any(|m| m.span == stop.at));
        let named = sanitizer.map_or_else(|| "a sanitizer".to_string(), |n| format!("a sanitizer ({})", Asker::named(n)));
        let check = sanitizer.map_or_else(|| "a sanitizer".to_string(), |n| format!("a sanitizer, {}", Asker::named(n)));
        let (kind, node, message) = match stop.kind {
            StopKind::Sanitized => (ReasonKind::TaintSanitized, sanitizer, format!("{from} stops at line {line}: `{snippet}` is matched by {named}")),
            StopKind::SideEffect => (
                ReasonKind::TaintSanitized,
                sanitizer,
                format!("{from} stops at line {line}: {named} with `by-side-effect` matches `{snippet}`, which cleans `{key}` after that statement"),
            ),
            StopKind::Replaced => (
                ReasonKind::TaintReplaced,
                None,
                format!("{from} stops at line {line}: `{snippet}` replaces the tainted value of `{key}` with one that is not tainted"),
            ),
            StopKind::Guard => {
                let leaves = self.leaving_arm(stop.at).map_or(String::new(), |end| {
                    format!("; where it does not, the path leaves at line {} (`{}`)", asker.line(end.start), asker.snippet(end))
                });
                (
                    ReasonKind::TaintGuarded,
                    sanitizer,
                    format!("{from} stops at line {line}: the check `{snippet}` ({check}; precise_guards) cleans `{key}` where it says the value is fine{leaves}"),
                )
            }
            StopKind::Helper => (
                ReasonKind::TaintHelper,
                None,
                format!("{from} stops at line {line}: `{snippet}` calls `{key}`, a function of this file whose result does not carry that argument's taint (precise_functions)"),
            ),
            StopKind::CleanSlot => (
                ReasonKind::TaintCleanSlot,
                None,
                format!("{from} stops at line {line}: `{snippet}` reads a slot of `{key}` that holds no tainted value, though other slots do (precise_containers)"),
            ),
            StopKind::Element => (
                ReasonKind::TaintElement,
                None,
                format!("{from} stops at line {line}: `{snippet}` is in a list comprehension's element, where, as in Semgrep, what a call, an f-string or a conditional gives does not reach the list"),
            ),
            StopKind::Option(option) => {
                let what = match option {
                    "taint_assume_safe_functions" => "a call's result does not carry the taint of its arguments or receiver",
                    "taint_assume_safe_indexes" => "an index does not taint what it reads",
                    "taint_assume_safe_comparisons" => "a comparison carries no taint",
                    _ => "only assignments pass taint on, not operators, calls, indexes or attributes",
                };
                (ReasonKind::TaintOption, None, format!("{from} stops at line {line}: `{snippet}` is clean under the rule's `{option}: true`: {what}"))
            }
            StopKind::DeadArm { .. } => (ReasonKind::TaintDeadBranch, None, format!("line {line}: an arm never runs")),
        };
        asker.reason(kind, message, node, Some(&code))
    }

    /// A dead arm (`stop`: its condition) that holds the sink or one of `sources`.
    fn dead_arm(&self, stop: &Stop, sources: &[Span], needed: &FxHashSet<String>, sink_node: &ExplainNode) -> Option<Reason> {
        let StopKind::DeadArm { dead_then } = stop.kind else { return None };
        let asker = self.asker;
        let stmt = asker.tracer.path_to(stop.at).into_iter().rev().find(|n| n.as_if().is_some_and(|i| i.test.start == stop.at.start && i.test.end == stop.at.end))?;
        let view = stmt.as_if()?;
        let arm = if dead_then { view.body } else { view.orelse };
        if arm.kind != Kind::Block {
            return None;
        }
        let arm_span = Span::new(arm.start, arm.end);
        let (which, truth) = if dead_then { ("its first arm", "false") } else { ("its `else` arm", "true") };
        let what = if arm_span.contains(self.sink) {
            "and the sink is there".to_string()
        } else if let Some(source) = sources.iter().find(|s| arm_span.contains(**s)) {
            format!("and the source at line {} is there", asker.line(source.start))
        } else {
            // An assignment to a variable the sink reads (or one it is computed from).
            let mut assignments = Vec::new();
            assignments_in(arm, self.sink.start, &mut assignments);
            let (targets, value) = assignments.into_iter().find(|(targets, _)| {
                let mut assigned = Vec::new();
                targets.iter().for_each(|t| base_names(t, &mut assigned));
                assigned.iter().any(|n| needed.contains(n))
            })?;
            let first = targets.first().map_or(value.start, |t| t.start);
            let step = Span::new(first, value.end);
            format!("and `{}` (line {}), on the way to the sink, is there", asker.snippet(step), asker.line(step.start))
        };
        let (first, last) = (asker.line(arm.start), asker.line(arm.end.saturating_sub(1).max(arm.start)));
        let lines = if first == last { format!("line {first}") } else { format!("lines {first}-{last}") };
        let message = format!(
            "the `if` at line {} never runs {which} ({lines}): its condition `{}` is always {truth} (precise_constant_conditions), {what}",
            asker.line(stmt.start),
            asker.snippet(stop.at),
        );
        Some(asker.reason(ReasonKind::TaintDeadBranch, message, Some(sink_node), Some(&Traced { span: stop.at, bindings: Vec::new() })))
    }

    /// For a check in an `if` test: the statement that ends the arm where
    /// the check fails, when that arm leaves (`return`, `raise`, a jump, a
    /// call that never returns).
    fn leaving_arm(&self, check: Span) -> Option<Span> {
        let path = self.asker.tracer.path_to(check);
        let stmt = path.into_iter().rev().find(|n| n.as_if().is_some_and(|i| Span::new(i.test.start, i.test.end).contains(check)))?;
        let view = stmt.as_if()?;
        [view.body, view.orelse].into_iter().filter(|arm| arm.kind == Kind::Block).find_map(|arm| {
            let last = arm.children.last()?;
            let leaves = matches!(last.kind, Kind::Return | Kind::Raise | Kind::Break | Kind::Continue) || taint::never_returns(last);
            leaves.then(|| Span::new(last.start, last.end))
        })
    }
}

/// The calls `name(...)` under `node`.
fn calls_to(node: &Node, name: &str, out: &mut Vec<Span>) {
    if let Some(call) = node.as_call() {
        if call.func.kind == Kind::Name && &*call.func.text == name {
            out.push(Span::new(node.start, node.end));
        }
    }
    for child in &node.children {
        calls_to(child, name, out);
    }
}

/// The names read inside `span` under `node` (the base name of a field path).
fn names_in(node: &Node, span: Span, out: &mut FxHashSet<String>) {
    if node.end < span.start || node.start > span.end {
        return;
    }
    if node.kind == Kind::Name && span.contains(Span::new(node.start, node.end)) {
        out.insert(node.text.to_string());
    }
    for child in &node.children {
        names_in(child, span, out);
    }
}

/// The assignments of a body that end before `before` (nested blocks
/// included, not nested definitions), in order: targets and value.
fn assignments_in<'t>(block: &'t Node, before: u32, out: &mut Vec<(Vec<&'t Node>, &'t Node)>) {
    for stmt in &block.children {
        if stmt.start >= before {
            break;
        }
        if matches!(stmt.kind, Kind::FunctionDef | Kind::ClassDef) {
            continue;
        }
        if stmt.end <= before {
            out.extend(assignment(stmt));
        }
        for nested in stmt.nested_blocks() {
            assignments_in(nested, before, out);
        }
    }
}

/// An assignment statement's targets and value.
fn assignment(stmt: &Node) -> Option<(Vec<&Node>, &Node)> {
    if let Some(assign) = stmt.as_assign() {
        return Some((assign.targets.children.iter().collect(), assign.value));
    }
    if let Some(update) = stmt.as_aug_assign() {
        return Some((vec![update.target], update.value));
    }
    stmt.as_ann_assign().map(|d| (vec![d.target], d.value))
}

/// The variables a target assigns (the base of `a.b` and `a[i]`).
fn base_names(target: &Node, out: &mut Vec<String>) {
    match target.kind {
        Kind::Name => out.push(target.text.to_string()),
        Kind::Tuple | Kind::List => target.elements().iter().for_each(|t| base_names(t, out)),
        _ => {
            if let Some(value) = target.as_attribute().map(|a| a.value).or_else(|| target.as_subscript().map(|s| s.value)).or_else(|| target.as_starred().map(|s| s.value)) {
                base_names(value, out);
            }
        }
    }
}

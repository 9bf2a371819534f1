//! The walk: each function body (and the module's top level) in execution
//! order, statement by statement, keeping the tainted variables (`x`,
//! `self.x`) through branches, loops, `try` and jumps, and checking each
//! sink match against the taint of what it holds.
//!
//! Depends on the expression taint (`expr.rs`), the spec and range types,
//! constant propagation's statement helpers and the tree.

use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::expr::{forget, key_of, ExprTaint};
use super::ranges::Ranges;
use super::spec::{Flow, Spec, State, Trace};
use rustc_hash::FxHashMap;

/// A cap on statements visited, so that pathological nesting stays bounded.
const STEP_LIMIT: usize = super::super::limits::TAINT_STEPS;

/// The flows from sources to sinks, and whether the step limit cut the analysis short.
pub fn analyze<'t>(bodies: &[(Vec<&'t Node>, &'t Node)], spec: &Spec<'_>) -> (Vec<Flow>, bool) {
    let sinks = Ranges::new(spec.sinks.to_vec());
    let mut walker = TaintWalker { taint: ExprTaint::new(spec), sinks, done: Default::default(), flows: Vec::new(), steps: 0, loops: Vec::new(), tries: Vec::new() };
    if spec.sources.is_empty() || spec.sinks.is_empty() {
        return (Vec::new(), false);
    }
    // Only a source outside defs and classes can taint a global.
    let globals = match bodies.first() {
        Some((params, module))
            if params.is_empty()
                && module.kind == Kind::Block
                && module.children.iter().any(|s| !matches!(s.kind, Kind::FunctionDef | Kind::ClassDef) && spec.sources.intersects(Span::new(s.start, s.end))) =>
        {
            walker.module_globals(module)
        }
        _ => Vec::new(),
    };
    for (index, (params, body)) in bodies.iter().enumerate() {
        let start = params.first().map_or(body.start, |p| p.start.min(body.start));
        // What a function sees of the module: the tainted globals assigned before it.
        let seen: Vec<&(u32, String, Trace)> = if index == 0 { Vec::new() } else { globals.iter().filter(|g| g.0 <= start).collect() };
        // A body with no source (or tainted global) or no sink in it has no flow to find.
        let extent = Span::new(start, body.end);
        if (!spec.sources.intersects(extent) && seen.is_empty()) || !walker.sinks.intersects(extent) {
            continue;
        }
        let mut state = State::default();
        for (_, name, trace) in seen {
            state.insert(name.clone(), trace.clone());
        }
        for param in params.iter().filter_map(|p| p.as_param()) {
            let name = param.name;
            // A parameter is tainted when it is a source (a route's parameter) or its default value is tainted.
            let trace = walker.taint.source_at(Span::new(name.start, name.end)).or_else(|| match param.default {
                default if default.kind.is_expr() => walker.taint.expr(default, &State::default()),
                _ => None,
            });
            match trace {
                Some(trace) => state.insert(name.text.to_string(), trace),
                None => state.remove(&*name.text),
            };
        }
        walker.loops.clear();
        walker.tries.clear();
        walker.block(body, &mut state);
    }
    walker.flows.sort_by_key(|f| (f.sink.start, f.sink.end));
    walker.flows.dedup_by_key(|f| f.sink);
    // Like Semgrep, a tainted sink nested in another tainted sink is one finding: the outer.
    let sinks: Vec<Span> = walker.flows.iter().map(|f| f.sink).collect();
    walker.flows.retain(|f| !sinks.iter().any(|o| *o != f.sink && o.contains(f.sink)));
    (walker.flows, walker.steps > STEP_LIMIT)
}

/// The module's top level and every function body (lambdas excluded), with their `Param`s.
pub fn collect_bodies<'t>(node: &'t Node, out: &mut Vec<(Vec<&'t Node>, &'t Node)>) {
    if let Some(module) = node.as_module() {
        out.push((Vec::new(), module.body));
    } else if let Some(def) = node.as_function_def() {
        let params = def.params.children.iter().filter(|p| p.kind == Kind::Param).collect();
        out.push((params, def.body));
    }
    // Definitions sit in statement bodies only (lambdas are not bodies), so
    // expressions need no visit.
    for child in &node.children {
        if child.kind.is_stmt() || matches!(child.kind, Kind::Block | Kind::Handlers | Kind::ExceptHandler | Kind::Cases | Kind::MatchCase) {
            collect_bodies(child, out);
        }
    }
}

struct TaintWalker<'a> {
    /// The taint of expressions, by the rule's spec.
    taint: ExprTaint<'a>,
    /// The sinks, for finding those in or around a statement without scanning them all.
    sinks: Ranges,
    /// Sinks that already have a flow.
    done: rustc_hash::FxHashSet<Span>,
    flows: Vec<Flow>,
    steps: usize,
    /// The enclosing loops, innermost last: the states at their `break`s and `continue`s.
    loops: Vec<Jumps>,
    /// The enclosing `try` bodies, innermost last: the states where an exception may be raised.
    tries: Vec<Option<State>>,
}

#[derive(Default)]
struct Jumps {
    breaks: Option<State>,
    continues: Option<State>,
}

/// The variable or field path with exactly this span inside `root`
/// (an argument list of one name has its span too).
fn find_key(root: &Node, span: Span) -> Option<String> {
    if root.start == span.start && root.end == span.end {
        if let Some(key) = key_of(root) {
            return Some(key);
        }
    }
    root.children.iter().filter(|c| c.start <= span.start && span.end <= c.end).find_map(|c| find_key(c, span))
}

/// Whether `span` lies inside one of the statement's nested blocks.
fn in_nested_block(stmt: &Node, span: Span) -> bool {
    stmt.children
        .iter()
        .any(|c| matches!(c.kind, Kind::Block | Kind::Handlers | Kind::Cases) && c.start <= span.start && span.end <= c.end)
}

/// Where control goes on after a statement: the state of the paths that reach
/// its end, if any; false when none does.
fn settle(state: &mut State, reached: Option<State>) -> bool {
    match reached {
        Some(reached) => {
            *state = reached;
            true
        }
        None => false,
    }
}

/// Adds a path that reaches a point to the state there (`None`: nothing reached it yet).
fn join_reached(into: &mut Option<State>, state: State) {
    match into {
        Some(mine) => union_into(mine, state),
        None => *into = Some(state),
    }
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

impl<'a> TaintWalker<'a> {
    /// The module's globals that functions see tainted, as Semgrep does: a
    /// name assigned once outside functions and classes (`NAME = value`, also
    /// in a branch; not annotated, not one of several targets), from a tainted
    /// value; with where that assignment ends (only functions defined after it see it).
    fn module_globals(&self, module: &Node) -> Vec<(u32, String, Trace)> {
        let mut count: FxHashMap<std::sync::Arc<str>, u32> = FxHashMap::default();
        for stmt in &module.children {
            super::super::constants::assigned_names(stmt, &mut |name| *count.entry(name).or_default() += 1);
        }
        let mut state = State::default();
        let mut out = Vec::new();
        self.single_assignments(module, &count, &mut state, &mut out);
        out
    }

    /// The `NAME = value` statements of a block and the blocks in it (not
    /// in defs or classes) whose name is assigned once, in order.
    fn single_assignments(&self, block: &Node, count: &FxHashMap<std::sync::Arc<str>, u32>, state: &mut State, out: &mut Vec<(u32, String, Trace)>) {
        for stmt in &block.children {
            match stmt.kind {
                Kind::FunctionDef | Kind::ClassDef => {}
                Kind::Assign => {
                    // (An assignment holds no block: one of several targets is no global.)
                    let Some(assign) = stmt.as_assign() else { continue };
                    let [target] = assign.targets.children.as_slice() else { continue };
                    if target.kind != Kind::Name || count.get(&target.text) != Some(&1) {
                        continue;
                    }
                    if let Some(trace) = self.taint.expr(assign.value, state) {
                        state.insert(target.text.to_string(), trace.clone());
                        out.push((stmt.end, target.text.to_string(), trace));
                    }
                }
                _ => {
                    for nested in stmt.nested_blocks() {
                        self.single_assignments(nested, count, state, out);
                    }
                }
            }
        }
    }

    /// Runs a block's statements; false when its end is unreachable (every
    /// way through returns, raises, breaks or continues). As in Semgrep, whose
    /// taint runs on a control-flow graph, statements after such a jump are dead
    /// code: their sinks are not reported.
    fn block(&mut self, block: &Node, state: &mut State) -> bool {
        for stmt in &block.children {
            if !self.stmt(stmt, state) {
                return false;
            }
        }
        true
    }

    /// Checks the sinks that lie in `node` (not in nested blocks) under the current state.
    fn check_sinks(&mut self, node: &Node, state: &State) {
        let span = Span::new(node.start, node.end);
        for sink in self.sinks.in_or_around(span) {
            if self.done.contains(&sink) {
                continue;
            }
            let scoped = self.taint.scope_at(node, sink, state);
            if let Some((tainted, trace)) = self.tainted_within(node, sink, scoped.as_ref().unwrap_or(state)) {
                if let Some(labels) = self.taint.spec.labels {
                    // A sink without `requires` requires `__SOURCE__`.
                    let holds = match labels.sinks.get(&sink) {
                        Some(requires) => requires.iter().any(|r| r.holds(trace.labels)),
                        None => trace.labels & 1 != 0,
                    };
                    if !holds {
                        continue;
                    }
                }
                self.done.insert(sink);
                self.flows.push(Flow { sink, tainted, trace });
            }
        }
    }

    /// What makes `sink` tainted inside `node`: where the sink is exactly an
    /// expression or an assignment, as in Semgrep, that expression's own taint
    /// or one of its arguments' (`eval(x[1:])` is clean: a slice carries no
    /// taint, though `x` inside it does); otherwise the outermost tainted
    /// expression inside the sink.
    fn tainted_within(&self, node: &Node, sink: Span, state: &State) -> Option<(Span, Trace)> {
        match exact_node(node, sink) {
            Some(exact) if exact.kind.is_expr() || matches!(exact.kind, Kind::Keyword | Kind::Assign | Kind::AnnAssign | Kind::Return) => {
                self.tainted_sink(exact, state)
            }
            _ => self.tainted_inside(node, sink, state),
        }
    }

    /// The taint that reaches a sink that is exactly `node`.
    fn tainted_sink(&self, node: &Node, state: &State) -> Option<(Span, Trace)> {
        let value = node
            .as_keyword()
            .map(|k| k.value)
            .or_else(|| node.as_assign().map(|a| a.value))
            .or_else(|| node.as_ann_assign().map(|a| a.value))
            .or_else(|| node.as_return().map(|r| r.value))
            .unwrap_or(node);
        if let Some(trace) = self.taint.expr(value, state) {
            return Some((Span::new(value.start, value.end), trace));
        }
        // `sink(...)`: each argument is a sink of its own (the call itself may
        // be clean: `taint_assume_safe_functions`).
        if value.kind != Kind::Call {
            return None;
        }
        value.as_call()?.args.children.iter().find_map(|arg| {
            let arg = arg.as_keyword().map_or(arg, |k| k.value);
            self.taint.expr(arg, state).map(|trace| (Span::new(arg.start, arg.end), trace))
        })
    }

    /// The outermost tainted expression of `node` that lies inside `sink`.
    fn tainted_inside(&self, node: &Node, sink: Span, state: &State) -> Option<(Span, Trace)> {
        let span = Span::new(node.start, node.end);
        if node.kind == Kind::Block || node.kind.is_stmt() && !sink.contains(span) && !span.contains(sink) {
            return None;
        }
        if sink.contains(span) && (node.kind.is_expr() || node.kind == Kind::Keyword) {
            let target = node.as_keyword().map_or(node, |k| k.value);
            if let Some(trace) = self.taint.expr(target, state) {
                return Some((span, trace));
            }
        }
        node.children
            .iter()
            .filter(|c| c.kind != Kind::Block)
            .find_map(|c| self.tainted_inside(c, sink, state))
    }

    fn apply_propagators(&self, stmt: &Node, state: &mut State) {
        let span = Span::new(stmt.start, stmt.end);
        for p in self.taint.spec.propagators.iter().filter(|p| span.contains(p.at)) {
            let Some(from) = find_node(stmt, p.from) else { continue };
            let Some(to) = find_node(stmt, p.to) else { continue };
            if let (Some(mut trace), Some(key)) = (self.taint.expr(from, state), key_of(to)) {
                trace.steps.push(p.at);
                state.insert(key, trace);
            }
        }
    }

    /// `(name := value)` inside an expression assigns `name`.
    fn walrus(&self, node: &Node, step: Span, state: &mut State) {
        match node.kind {
            Kind::Block | Kind::Lambda | Kind::FunctionDef | Kind::ClassDef => {}
            Kind::NamedExpr => {
                let Some(walrus) = node.as_named_expr() else { return };
                self.walrus(walrus.value, step, state);
                let taint = self.taint.expr(walrus.value, state);
                self.taint.assign(walrus.target, taint, step, state);
            }
            _ => {
                for child in &node.children {
                    self.walrus(child, step, state);
                }
            }
        }
    }

    /// Runs one statement; false when control does not go on after it.
    fn stmt(&mut self, stmt: &Node, state: &mut State) -> bool {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return false;
        }
        let span = Span::new(stmt.start, stmt.end);
        // Inside a `try`, its handlers start from the state of each statement
        // that may raise (those of every enclosing `try`: an inner one without
        // a matching handler passes the exception on).
        if !self.tries.is_empty() && super::super::constants::may_raise(stmt) {
            for raised in &mut self.tries {
                join_reached(raised, state.clone());
            }
        }
        if !matches!(stmt.kind, Kind::FunctionDef | Kind::ClassDef | Kind::Assign) {
            for child in stmt.children.iter().filter(|c| c.kind != Kind::Block) {
                self.walrus(child, span, state);
            }
        }
        let compound = matches!(stmt.kind, Kind::If | Kind::While | Kind::For | Kind::With | Kind::Try | Kind::Match);
        if compound {
            // A header's sanitizing call (`if not is_safe(x):`) cleans before the branches.
            self.sanitize_by_side_effect(stmt, state);
        }
        let goes_on = self.stmt_kind(stmt, span, state);
        if !compound {
            self.sanitize_by_side_effect(stmt, state);
        }
        goes_on
    }

    /// Cleans the variables that `by-side-effect` sanitizers matched in the
    /// statement's own parts (not its nested blocks).
    fn sanitize_by_side_effect(&self, stmt: &Node, state: &mut State) {
        if self.taint.spec.side_effects.is_empty() {
            return;
        }
        let from = self.taint.spec.side_effects.partition_point(|s| s.start < stmt.start);
        for &span in self.taint.spec.side_effects[from..].iter().take_while(|s| s.start < stmt.end) {
            if span.end > stmt.end || in_nested_block(stmt, span) {
                continue;
            }
            if let Some(key) = find_key(stmt, span) {
                forget(state, &key);
            }
        }
    }

    /// One statement, by kind; false when control does not go on after it.
    fn stmt_kind(&mut self, stmt: &Node, span: Span, state: &mut State) -> bool {
        match stmt.kind {
            Kind::FunctionDef | Kind::ClassDef => {
                // Analysed on their own; a def only (re)binds its name.
                if let Some(name) = stmt.as_function_def().map(|d| d.name).or_else(|| stmt.as_class_def().map(|c| c.name)) {
                    state.remove(&*name.text);
                }
            }
            Kind::Assign => {
                let Some(assign) = stmt.as_assign() else { return true };
                self.walrus(assign.value, span, state);
                self.check_sinks(stmt, state);
                let taint = self.taint.expr(assign.value, state);
                for target in &assign.targets.children {
                    // A source may match the target itself (`<... $ARGS ...>` inside
                    // `$ARGS = parser.parse_args()`): the variable is tainted from there.
                    let taint = taint.clone().or_else(|| self.taint.source_at(Span::new(target.start, target.end)));
                    self.taint.assign(target, taint, span, state);
                    // `other = obj` makes `other.x` an alias of `obj.x`.
                    if let (Some(from), Some(to)) = (key_of(assign.value), key_of(target)) {
                        let prefix = format!("{from}.");
                        let aliased: Vec<(String, Trace)> = state
                            .iter()
                            .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|rest| (format!("{to}.{rest}"), v.clone())))
                            .collect();
                        state.extend(aliased);
                    }
                }
                self.apply_propagators(stmt, state);
            }
            Kind::AnnAssign => {
                self.check_sinks(stmt, state);
                if let Some(declaration) = stmt.as_ann_assign().filter(|d| d.value.kind != Kind::Empty) {
                    let taint = self.taint.expr(declaration.value, state);
                    self.taint.assign(declaration.target, taint, span, state);
                }
            }
            Kind::AugAssign => {
                self.check_sinks(stmt, state);
                if let Some(update) = stmt.as_aug_assign() {
                    if let Some(mut t) = self.taint.expr(update.value, state) {
                        if let Some(k) = key_of(update.target) {
                            t.steps.push(span);
                            state.entry(k).or_insert(t);
                        }
                    }
                }
                self.apply_propagators(stmt, state);
            }
            Kind::If => {
                self.check_sinks_header(stmt, state);
                let Some(branch) = stmt.as_if() else { return true };
                let mut other = state.clone();
                let then_goes_on = self.block(branch.body, state);
                let else_goes_on = branch.orelse.kind != Kind::Block || self.block(branch.orelse, &mut other);
                // Only the branches that go on reach what follows.
                let mut reached = then_goes_on.then(|| std::mem::take(state));
                if else_goes_on {
                    join_reached(&mut reached, other);
                }
                return settle(state, reached);
            }
            Kind::While => {
                self.check_sinks_header(stmt, state);
                let Some(repeat) = stmt.as_while() else { return true };
                return self.run_loop(stmt, repeat.body, repeat.orelse, None, state);
            }
            Kind::For => {
                self.check_sinks_header(stmt, state);
                let Some(each) = stmt.as_for() else { return true };
                let taint = self.taint.expr(each.iter, state);
                return self.run_loop(stmt, each.body, each.orelse, Some((each.target, taint)), state);
            }
            Kind::With => {
                self.check_sinks_header(stmt, state);
                let Some(with) = stmt.as_with() else { return true };
                for item in with.items.children.iter().filter_map(Node::as_with_item) {
                    let taint = self.taint.expr(item.context, state);
                    if item.target.kind != Kind::Empty {
                        self.taint.assign(item.target, taint, span, state);
                    }
                }
                return self.block(with.body, state);
            }
            Kind::Try => {
                let Some(attempt) = stmt.as_try() else { return true };
                self.tries.push(None);
                let mut goes_on = self.block(attempt.body, state);
                let raised = self.tries.pop().flatten();
                // `else` runs after a body that went on (outside the handlers' reach).
                if goes_on && attempt.orelse.kind == Kind::Block {
                    goes_on = self.block(attempt.orelse, state);
                }
                let mut after = goes_on.then(|| state.clone());
                let handlers = &attempt.handlers.children;
                // Semgrep's graph reaches a handler only from where the body may raise;
                // `return` does not pass through `finally`, a raise does.
                let mut into_finally = None;
                match raised {
                    Some(raised) if !handlers.is_empty() => {
                        for body in handlers.iter().filter_map(Node::clause_body) {
                            let mut s = raised.clone();
                            if self.block(body, &mut s) {
                                join_reached(&mut after, s);
                            }
                        }
                    }
                    Some(raised) => into_finally = Some(raised),
                    None => {}
                }
                if attempt.finalbody.kind == Kind::Block {
                    let mut entry = after.clone();
                    if let Some(raised) = into_finally {
                        join_reached(&mut entry, raised);
                    }
                    let Some(mut s) = entry else { return false };
                    if !self.block(attempt.finalbody, &mut s) || after.is_none() {
                        return false;
                    }
                    *state = s;
                    return true;
                }
                return settle(state, after);
            }
            Kind::Match => {
                self.check_sinks_header(stmt, state);
                let before = state.clone();
                let mut joined = before.clone();
                for body in stmt.as_match().into_iter().flat_map(|m| &m.cases.children).filter_map(Node::clause_body) {
                    let mut s = before.clone();
                    if self.block(body, &mut s) {
                        union_into(&mut joined, s);
                    }
                }
                *state = joined;
            }
            Kind::Return | Kind::Raise => {
                self.check_sinks(stmt, state);
                return false;
            }
            // Semgrep's IL ends the flow at a `yield value` statement, as at a `return`.
            Kind::ExprStmt if stmt.as_expr_stmt().and_then(|e| e.value.as_yield()).is_some_and(|y| y.value.kind != Kind::Empty) => {
                self.check_sinks(stmt, state);
                return false;
            }
            Kind::Break | Kind::Continue => {
                let here = state.clone();
                if let Some(jumps) = self.loops.last_mut() {
                    join_reached(if stmt.kind == Kind::Break { &mut jumps.breaks } else { &mut jumps.continues }, here);
                }
                return false;
            }
            _ => {
                self.check_sinks(stmt, state);
                self.apply_propagators(stmt, state);
            }
        }
        true
    }

    /// A `while` or `for` loop: its body twice (enough for taint to go round
    /// once), from the states at the loop's head; then `else`, when the loop
    /// ends without a `break`. What follows is reached from the head (the
    /// condition may fail, even of `while True`, as in Semgrep) and from each `break`.
    fn run_loop(&mut self, stmt: &Node, body: &Node, orelse: &Node, target: Option<(&Node, Option<Trace>)>, state: &mut State) -> bool {
        let span = Span::new(stmt.start, stmt.end);
        let mut head = state.clone();
        let mut breaks = None;
        for _ in 0..2 {
            let mut s = head.clone();
            if let Some((target, taint)) = &target {
                self.taint.assign(target, taint.clone(), span, &mut s);
            }
            self.loops.push(Jumps::default());
            let goes_on = self.block(body, &mut s);
            let jumps = self.loops.pop().unwrap_or_default();
            if goes_on {
                union_into(&mut head, s);
            }
            if let Some(c) = jumps.continues {
                union_into(&mut head, c);
            }
            if let Some(b) = jumps.breaks {
                join_reached(&mut breaks, b);
            }
        }
        let goes_on = orelse.kind != Kind::Block || self.block(orelse, &mut head);
        let mut reached = goes_on.then_some(head);
        if let Some(b) = breaks {
            join_reached(&mut reached, b);
        }
        settle(state, reached)
    }

    /// Sinks in a compound statement's header (its condition, iterable, context managers).
    fn check_sinks_header(&mut self, stmt: &Node, state: &State) {
        for child in stmt.children.iter().filter(|c| !matches!(c.kind, Kind::Block | Kind::Absent | Kind::Cases)) {
            self.check_sinks(child, state);
        }
    }
}

/// Where paths meet (may-taint): every variable tainted on either, with the labels of both.
fn union_into(into: &mut State, other: State) {
    for (k, v) in other {
        match into.get_mut(&k) {
            Some(mine) => mine.labels |= v.labels,
            None => {
                into.insert(k, v);
            }
        }
    }
}

/// The node with exactly this span inside `root` (the outermost one).
fn find_node(root: &Node, span: Span) -> Option<&Node> {
    if root.start == span.start && root.end == span.end {
        return Some(root);
    }
    root.children.iter().filter(|c| c.start <= span.start && span.end <= c.end).find_map(|c| find_node(c, span))
}

//! The walk: each function body (and the module's top level) in execution
//! order, statement by statement, keeping the tainted variables (`x`,
//! `self.x`) and checking each sink match against the taint of what it
//! holds. Control flow (branches, loops, `try`, jumps, dead code) is the flow
//! walker's (`flow/`, with Semgrep's graph); this is taint's [`Domain`]:
//! what each statement and header does to the tainted variables.
//!
//! Depends on the flow walker, the expression taint (`expr.rs`), the sinks
//! (`sinks.rs`), the spec and range types and the tree.

use super::super::flow::facts::assigned_names;
use super::super::constants::{known_case, known_truth};
use super::super::flow::{Arms, Cases, Domain, Live, Loops, Reach, Read, Semantics, Walker};
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::callees::Summaries;
use super::containers;
use super::expr::{forget, key_of, ExprTaint};
use super::ranges::Ranges;
use super::sinks::Sinks;
use super::spec::{Flow, Spec, State, Trace};
use super::stops::StopKind;
use rustc_hash::FxHashMap;

/// The flows from sources to sinks, and whether the step limit cut the
/// analysis short; calls to the file's functions use `summaries` (`precise_functions`).
pub(super) fn analyze(bodies: &[Body<'_>], spec: &Spec<'_>, summaries: Option<&Summaries>) -> (Vec<Flow>, bool) {
    if spec.sources.is_empty() || spec.sinks.is_empty() {
        return (Vec::new(), false);
    }
    // A body without a sink may call a function with one.
    let sinks_elsewhere = summaries.is_some_and(Summaries::any_sinks);
    let flow = TaintFlow::new(spec, summaries);
    // Only a source outside defs and classes can taint a global.
    let globals = match bodies.first().map(|b| (b.kind, b.block)) {
        Some((BodyKind::Module, module))
            if module.kind == Kind::Block
                && module.children.iter().any(|s| !matches!(s.kind, Kind::FunctionDef | Kind::ClassDef) && spec.sources.intersects(Span::new(s.start, s.end))) =>
        {
            flow.module_globals(module)
        }
        _ => Vec::new(),
    };
    let mut walker = Walker::new(flow);
    for Body { params, block: body, kind } in bodies {
        let start = params.first().map_or(body.start, |p| p.start.min(body.start));
        // What a function sees of the module: the tainted globals assigned
        // before it (a class body sees none, as in Semgrep).
        let seen: Vec<&(u32, String, Trace)> = match kind {
            BodyKind::Function => globals.iter().filter(|g| g.0 <= start).collect(),
            BodyKind::Module | BodyKind::Class => Vec::new(),
        };
        // A body with no source (or tainted global) or no sink in it has no flow to find.
        let extent = Span::new(start, body.end);
        if (!spec.sources.intersects(extent) && seen.is_empty()) || !(sinks_elsewhere || walker.domain.sinks.ranges.intersects(extent)) {
            continue;
        }
        let mut state = State::default();
        for (_, name, trace) in seen {
            state.insert(name.clone(), trace.clone());
        }
        let taint = &walker.domain.taint;
        for param in params.iter().filter_map(|p| p.as_param()) {
            let name = param.name;
            // A parameter is tainted when it is a source (a route's parameter) or its default value is tainted.
            let trace = taint.source_at(Span::new(name.start, name.end)).or_else(|| match param.default {
                default if default.kind.is_expr() => taint.expr(default, &State::default()),
                _ => None,
            });
            match trace {
                Some(trace) => state.insert(name.text.to_string(), trace),
                None => state.remove(&*name.text),
            };
        }
        walker.body(body, &mut state);
    }
    let exhausted = walker.exhausted();
    (walker.domain.sinks.into_flows(), exhausted)
}

/// A body the taint walk follows on its own, from nothing tainted but its
/// parameters (and, for a function, the module's tainted globals).
pub struct Body<'t> {
    /// A function's `Param`s (none for the module or a class).
    pub params: Vec<&'t Node>,
    pub block: &'t Node,
    pub kind: BodyKind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BodyKind {
    Module,
    Function,
    /// As in Semgrep 1.187 (probed): each class body, at any depth, is a
    /// body of its own; it sees no variable of the code around it (not the
    /// module's globals either), its assignments are not seen outside it, and
    /// the class's decorators and bases are in no body.
    Class,
}

/// The module's top level, every function body (lambdas excluded) with its
/// `Param`s, and every class body, in the order they start.
pub fn collect_bodies<'t>(node: &'t Node, out: &mut Vec<Body<'t>>) {
    if let Some(module) = node.as_module() {
        out.push(Body { params: Vec::new(), block: module.body, kind: BodyKind::Module });
    } else if let Some(def) = node.as_function_def() {
        let params = def.params.children.iter().filter(|p| p.kind == Kind::Param).collect();
        out.push(Body { params, block: def.body, kind: BodyKind::Function });
    } else if let Some(class) = node.as_class_def() {
        out.push(Body { params: Vec::new(), block: class.body, kind: BodyKind::Class });
    }
    // Definitions sit in statement bodies only (lambdas are not bodies), so
    // expressions need no visit.
    for child in &node.children {
        if child.kind.is_stmt() || matches!(child.kind, Kind::Block | Kind::Handlers | Kind::ExceptHandler | Kind::Cases | Kind::MatchCase) {
            collect_bodies(child, out);
        }
    }
}

/// Taint as a domain of the flow walker: the state is the tainted
/// variables and field paths; sinks are checked as statements are reached.
pub(super) struct TaintFlow<'a> {
    /// The taint of expressions, by the rule's spec.
    pub(super) taint: ExprTaint<'a>,
    pub(super) sinks: Sinks,
    /// While a function is summarized (`summaries.rs`): the taint of each value it returns.
    pub(super) returns: Option<Vec<Trace>>,
}

impl<'a> TaintFlow<'a> {
    pub(super) fn new(spec: &'a Spec<'a>, summaries: Option<&'a Summaries>) -> Self {
        let mut taint = ExprTaint::new(spec);
        taint.summaries = summaries;
        TaintFlow { taint, sinks: Sinks::new(Ranges::new(spec.sinks.to_vec())), returns: None }
    }

    /// Whether containers are followed by shape (`containers.rs`).
    fn shapes(&self) -> bool {
        let precise = self.taint.spec.precision;
        precise.containers || precise.propagation
    }

    /// What a statement's own expressions do to containers, under the state before it.
    fn plan(&self, stmt: &Node, state: &State) -> containers::Plan {
        if !self.shapes() {
            return containers::Plan::default();
        }
        containers::plan(stmt, state, self.taint.spec.precision, &|value: &Node| self.taint.expr(value, state))
    }

    /// `precise_functions`: the sinks inside the file's functions that the
    /// calls in a statement's own expressions pass tainted data to.
    fn calls_into(&mut self, node: &Node, state: &State) {
        let Some(summaries) = self.taint.summaries else { return };
        match node.kind {
            Kind::Block | Kind::Handlers | Kind::Cases | Kind::Lambda | Kind::FunctionDef | Kind::ClassDef => return,
            Kind::Call => {
                if let Some((summary, args)) = summaries.resolve(node) {
                    for (index, arg) in args {
                        let Some(sinks) = summary.sinks.get(index).filter(|s| !s.is_empty()) else { continue };
                        // An argument that is a sink itself (`query_db(sql)`) is reported there, not again inside.
                        let at = Span::new(arg.start, arg.end);
                        if self.sinks.ranges.in_or_around(at).contains(&at) {
                            continue;
                        }
                        let Some(trace) = self.taint.expr(arg, state) else { continue };
                        for (sink, steps) in sinks {
                            // Into the function at the call and its parameter, then its steps to the sink.
                            let mut trace = trace.clone();
                            trace.steps.push(Span::new(node.start, node.end));
                            trace.steps.push(summary.params[index].1);
                            trace.steps.extend(steps.iter().copied());
                            self.sinks.reach(*sink, Span::new(arg.start, arg.end), trace);
                        }
                    }
                }
            }
            _ => {}
        }
        for child in &node.children {
            self.calls_into(child, state);
        }
    }
}

impl Domain for TaintFlow<'_> {
    type Access = Read;
    type State = State;
    /// The loop statement, and the taint of a `for` loop's iterable.
    type LoopHead = (Span, Option<Trace>);
    const SEMANTICS: Semantics = Semantics {
        reach: Reach::Paths,
        loops: Loops::Iterate { passes: 2 },
        cases: Cases::Join,
        step_limit: super::super::limits::TAINT_STEPS,
    };

    /// Where paths meet (may-taint): every variable tainted on either, with
    /// the labels of both; a container's shape where both paths know it.
    fn join(&self, into: &mut State, mut other: State) {
        if into.shapes.is_some() || other.shapes.is_some() {
            containers::join(into, other.shapes.take());
        }
        for (k, v) in other.into_vars() {
            match into.get_mut(&k) {
                Some(mine) => mine.labels |= v.labels,
                None => {
                    into.insert(k, v);
                }
            }
        }
    }

    fn enter(&mut self, stmt: &Node, state: &mut State) {
        let span = Span::new(stmt.start, stmt.end);
        if !matches!(stmt.kind, Kind::FunctionDef | Kind::ClassDef | Kind::Assign) {
            for child in stmt.children.iter().filter(|c| c.kind != Kind::Block) {
                self.walrus(child, span, state);
            }
        }
        // A header's sanitizing call (`if not is_safe(x):`) cleans before the
        // branches; a definition's parts, where it stands.
        if matches!(stmt.kind, Kind::If | Kind::While | Kind::For | Kind::With | Kind::Try | Kind::Match | Kind::FunctionDef | Kind::ClassDef) {
            self.sanitize_by_side_effect(stmt, state);
            // A container a header uses forgets its shape.
            if state.shapes.is_some() {
                let plan = self.plan(stmt, state);
                containers::apply(plan, state);
            }
        }
        if self.taint.summaries.is_some() && !matches!(stmt.kind, Kind::FunctionDef | Kind::ClassDef) {
            for child in &stmt.children {
                self.calls_into(child, state);
            }
        }
    }

    fn statement(&mut self, stmt: &Node, state: &mut State) {
        let span = Span::new(stmt.start, stmt.end);
        let plan = self.plan(stmt, state);
        match stmt.kind {
            Kind::Assign => {
                if let Some(assign) = stmt.as_assign() {
                    self.walrus(assign.value, span, state);
                    self.sinks.check(&self.taint, stmt, state);
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
            }
            Kind::AnnAssign => {
                self.sinks.check(&self.taint, stmt, state);
                if let Some(declaration) = stmt.as_ann_assign().filter(|d| d.value.kind != Kind::Empty) {
                    let taint = self.taint.expr(declaration.value, state);
                    self.taint.assign(declaration.target, taint, span, state);
                }
            }
            Kind::AugAssign => {
                self.sinks.check(&self.taint, stmt, state);
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
            // The path ends here (`yield value` too, in Semgrep's IL): no propagator runs.
            Kind::Return | Kind::Raise => {
                self.sinks.check(&self.taint, stmt, state);
                if let (Some(returns), Some(value)) = (self.returns.as_mut(), stmt.as_return().map(|r| r.value).filter(|v| v.kind.is_expr())) {
                    if let Some(mut trace) = self.taint.expr(value, state) {
                        trace.steps.push(span);
                        returns.push(trace);
                    }
                }
            }
            _ if super::super::flow::facts::is_yield_value(stmt) => self.sinks.check(&self.taint, stmt, state),
            _ => {
                self.sinks.check(&self.taint, stmt, state);
                self.apply_propagators(stmt, state);
            }
        }
        self.sanitize_by_side_effect(stmt, state);
        containers::apply(plan, state);
    }

    fn condition(&mut self, test: &Node, state: &mut State) -> Arms {
        self.sinks.check(&self.taint, test, state);
        // `precise_constant_conditions`: only the live arm of a condition that folds.
        let truth = self.taint.spec.precision.constant_conditions.then(|| known_truth(test)).flatten();
        if let (Some(stops), Some(holds)) = (self.taint.spec.stops, truth) {
            stops.note(StopKind::DeadArm { dead_then: !holds }, Span::new(test.start, test.end), None, None);
        }
        match truth {
            Some(true) => Arms::Then,
            Some(false) => Arms::Else,
            None => Arms::Both,
        }
    }

    /// `precise_constant_conditions`: `while True:` never leaves by its test, `while False:` never runs.
    fn loop_condition(&mut self, test: &Node, _state: &State) -> Arms {
        match self.taint.spec.precision.constant_conditions.then(|| known_truth(test)).flatten() {
            Some(true) => Arms::Then,
            Some(false) => Arms::Else,
            None => Arms::Both,
        }
    }

    /// `precise_guards`: a check known false on this arm cleans what it checked.
    fn assume(&mut self, test: &Node, holds: bool, state: &mut State) {
        if self.taint.spec.precision.guards && !self.taint.spec.guards.is_empty() {
            super::guards::refine(self.taint.spec.guards, test, holds, state, self.taint.spec.stops);
        }
    }

    /// `precise_guards`: `abort(400)`, `sys.exit()` end the path.
    fn ends_path(&self, stmt: &Node) -> bool {
        self.taint.spec.precision.guards && super::guards::never_returns(stmt)
    }

    fn live_cases(&self, stmt: &Node, _state: &State) -> Live {
        if !self.taint.spec.precision.constant_conditions {
            return Live::Any;
        }
        super::super::constants::live_case(stmt, known_case)
    }

    fn loop_head(&mut self, at: Span, target: Option<&Node>, header: &Node, state: &mut State) -> (Span, Option<Trace>) {
        if let Some(target) = target {
            self.sinks.check(&self.taint, target, state);
        }
        self.sinks.check(&self.taint, header, state);
        (at, target.and_then(|_| self.taint.expr(header, state)))
    }

    fn loop_target(&mut self, target: &Node, (at, taint): &(Span, Option<Trace>), state: &mut State) {
        self.taint.assign(target, taint.clone(), *at, state);
    }

    fn with_items(&mut self, at: Span, items: &Node, state: &mut State) {
        self.sinks.check(&self.taint, items, state);
        for item in items.children.iter().filter_map(Node::as_with_item) {
            let taint = self.taint.expr(item.context, state);
            if item.target.kind != Kind::Empty {
                self.taint.assign(item.target, taint, at, state);
            }
        }
    }

    fn match_subject(&mut self, subject: &Node, state: &mut State) {
        self.sinks.check(&self.taint, subject, state);
    }

    /// Function bodies are analysed on their own (`analyze`).
    fn function(&mut self, _decorators: &Node, _name: &Node, _params: &Node, _body: &Node, _state: &State) -> Option<State> {
        None
    }

    /// A def (re)binds its name; Semgrep 1.187 leaves the name's taint as it
    /// was (`q = request.args["q"]`, `def q(): ...`, `eval(q)` is a finding),
    /// so only `precise_functions`, which reads the file's functions, clears it.
    fn end_function(&mut self, name: &Node, state: &mut State) {
        if self.taint.spec.precision.functions {
            state.remove(&*name.text);
        }
    }

    fn class(&mut self, _name: &Node, _body: &Node, _state: &State) -> Option<State> {
        None
    }

    /// As [`Self::end_function`]: Semgrep keeps the name's taint after a `class`.
    fn end_class(&mut self, name: &Node, state: &mut State) {
        if self.taint.spec.precision.functions {
            state.remove(&*name.text);
        }
    }
}

impl TaintFlow<'_> {
    /// The module's globals that functions see tainted, as Semgrep does: a
    /// name assigned once outside functions and classes (`NAME = value`, also
    /// in a branch; not annotated, not one of several targets), from a tainted
    /// value; with where that assignment ends (only functions defined after it see it).
    fn module_globals(&self, module: &Node) -> Vec<(u32, String, Trace)> {
        let mut count: FxHashMap<std::sync::Arc<str>, u32> = FxHashMap::default();
        for stmt in &module.children {
            assigned_names(stmt, &mut |name| *count.entry(name).or_default() += 1);
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
                if let (Some(stops), Some(trace)) = (self.taint.spec.stops, state.get(&key)) {
                    stops.note(StopKind::SideEffect, span, Some(key.clone()), Some(trace.source));
                }
                forget(state, &key);
            }
        }
    }
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

/// The node with exactly this span inside `root` (the outermost one).
fn find_node(root: &Node, span: Span) -> Option<&Node> {
    if root.start == span.start && root.end == span.end {
        return Some(root);
    }
    root.children.iter().filter(|c| c.start <= span.start && span.end <= c.end).find_map(|c| find_node(c, span))
}

//! Constant propagation: `x = "SELECT 1"` makes a later `execute(x)` match
//! `execute("...")`, as in Semgrep.
//!
//! Each function body (and the module's and each class's top level) is walked
//! in execution order with a map from names to known values. A value is known
//! after an assignment of a literal, or of an expression built only from known
//! values (`+` of strings, f-strings, `%`/`.format` of strings give "some
//! string"). After an `if`, a name keeps a value only if every branch gave it
//! one (the same literal, or at least some string); names assigned in a loop
//! are unknown inside and after it. Module-level names assigned once with a
//! literal, and never declared `global`, are known inside functions that do
//! not assign them. Every use of a known name gets [`Node::constant`] set.
//!
//! `values.rs` says what an expression's value or type is; this walk says
//! what each name holds where. Depends on the tree and the limits only.

mod values;

pub use values::{has_type, is_known_string, known_value, parse_int};

use super::tree::views::{BinOp, ForMut, FunctionDefMut, Param, WhileMut};
use super::tree::{ConstValue, Kind, Node};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;
use values::{declared_type, is_stringish, literal_type, value_of, State};

/// With `symbolic`, a name assigned a non-literal expression also records
/// that expression (for rules with `symbolic_propagation`).
pub fn propagate(root: &mut Node, symbolic: bool) {
    let mut globals_declared = FxHashSet::default();
    root.walk(&mut |n| {
        if let Some(global) = n.as_name_decl().filter(|_| n.kind == Kind::Global) {
            for name in &global.names.children {
                globals_declared.insert(name.text.clone());
            }
        }
    });
    let Some(module) = root.as_module_mut() else { return };
    // Module constants: assigned exactly once at the top level, with a literal
    // or what folds from literals and the constants above.
    let mut counts: FxHashMap<Arc<str>, usize> = FxHashMap::default();
    let block = &*module.body;
    for stmt in &block.children {
        assigned_names(stmt, &mut |name| *counts.entry(name).or_default() += 1);
    }
    let mut module_consts = State::default();
    for assign in block.children.iter().filter_map(Node::as_assign) {
        let [target] = assign.targets.children.as_slice() else { continue };
        if target.kind == Kind::Name && counts.get(&target.text) == Some(&1) && !globals_declared.contains(&target.text) {
            // Earlier constants count (`PAGE = HEADER + "..."`).
            if let Some(v) = value_of(assign.value, &module_consts) {
                module_consts.insert(target.text.clone(), Arc::new(v));
            }
        }
    }
    let mut module_declared = Declared::default();
    declarations(&block.children, &mut module_declared);
    let mut walker = Walker { module_consts, steps: 0, symbolic, raise_states: Vec::new(), break_states: Vec::new(), locals: None, module_declared, declared: None };
    let mut state = State::default();
    walker.block(module.body, &mut state);
}

/// Names bound by an assignment target (`a`, `(a, b)`, `*rest`).
fn targets(t: &Node, f: &mut dyn FnMut(Arc<str>)) {
    t.target_names(&mut |name| f(name.clone()));
}

/// Names a statement assigns (targets, loop variables, `with ... as`, imports, defs), not looking into nested defs.
pub(crate) fn assigned_names(stmt: &Node, f: &mut dyn FnMut(Arc<str>)) {
    match stmt.kind {
        Kind::Assign => stmt.as_assign().into_iter().flat_map(|a| &a.targets.children).for_each(|t| targets(t, f)),
        Kind::AugAssign => stmt.as_aug_assign().into_iter().for_each(|a| targets(a.target, f)),
        Kind::AnnAssign => stmt.as_ann_assign().into_iter().for_each(|a| targets(a.target, f)),
        Kind::For => stmt.as_for().into_iter().for_each(|l| targets(l.target, f)),
        Kind::With => with_targets(stmt, &mut |t| targets(t, f)),
        Kind::FunctionDef | Kind::ClassDef => {
            if let Some(name) = stmt.as_function_def().map(|d| d.name).or_else(|| stmt.as_class_def().map(|c| c.name)) {
                f(name.text.clone());
            }
            return;
        }
        Kind::Import | Kind::ImportFrom => {
            let aliases = stmt.as_import().map(|i| i.aliases).or_else(|| stmt.as_import_from().map(|i| i.aliases));
            for alias in aliases.into_iter().flat_map(|a| &a.children).filter_map(Node::as_alias) {
                let local = if alias.asname.kind == Kind::Ident { alias.asname } else { alias.name };
                if let Some(d) = local.dotted().or_else(|| Some(local.text.to_string())) {
                    f(d.split('.').next().unwrap_or("").into());
                }
            }
            return;
        }
        _ => {}
    }
    for block in stmt.nested_blocks() {
        block.children.iter().for_each(|s| assigned_names(s, f));
    }
}

/// Calls `f` with the `as` target of each item of a `with` (`Empty` where there is none).
fn with_targets(stmt: &Node, f: &mut dyn FnMut(&Node)) {
    for item in stmt.as_with().into_iter().flat_map(|w| &w.items.children).filter_map(Node::as_with_item) {
        f(item.target);
    }
}

/// Each name's declared type in a scope (`None`: declared without one).
type Declared = FxHashMap<Arc<str>, Option<Arc<ConstValue>>>;

/// Where each name of a scope is first bound, in source order (as Semgrep
/// reads Python, that binding declares it): an annotated assignment declares
/// its annotation, a plain one the type of a literal it assigns, any other
/// binding (loop, `with`, import, def) no type. Nested defs are their own scopes.
fn declarations(stmts: &[Node], out: &mut Declared) {
    for stmt in stmts {
        match stmt.kind {
            Kind::Assign => {
                let Some(assign) = stmt.as_assign() else { continue };
                let ty = literal_type(assign.value).map(|t| Arc::new(ConstValue::Typed(Node::leaf(Kind::Name, (stmt.start, stmt.start), t))));
                for target in &assign.targets.children {
                    if target.kind == Kind::Name {
                        out.entry(target.text.clone()).or_insert_with(|| ty.clone());
                    } else {
                        targets(target, &mut |name| {
                            out.entry(name).or_insert(None);
                        });
                    }
                }
            }
            Kind::AnnAssign if stmt.as_ann_assign().is_some_and(|a| a.target.kind == Kind::Name) => {
                let Some(declaration) = stmt.as_ann_assign() else { continue };
                out.entry(declaration.target.text.clone()).or_insert_with(|| declared_type(declaration.annotation));
            }
            Kind::If | Kind::For | Kind::While | Kind::With | Kind::Try | Kind::Match => {
                // The statement's own targets first (`for x in`, `with ... as f`), then its blocks in order.
                let mut untyped = |name| {
                    out.entry(name).or_insert(None);
                };
                match stmt.kind {
                    Kind::For => stmt.as_for().into_iter().for_each(|l| targets(l.target, &mut untyped)),
                    Kind::With => with_targets(stmt, &mut |target| targets(target, &mut untyped)),
                    _ => {}
                }
                for block in stmt.nested_blocks() {
                    declarations(&block.children, out);
                }
            }
            _ => assigned_names(stmt, &mut |name| {
                out.entry(name).or_insert(None);
            }),
        }
    }
}

/// The state where two paths meet: the names both know, with [`join_values`] of their values.
fn join_states(left: &State, right: &State) -> State {
    left.iter().filter_map(|(name, value)| Some((name.clone(), join_values(value, right.get(name)?)?))).collect()
}

/// What a name holds where two paths meet: the same value, "some string" for
/// two different strings, otherwise nothing known.
fn join_values(left: &Arc<ConstValue>, right: &Arc<ConstValue>) -> Option<Arc<ConstValue>> {
    let same = match (&**left, &**right) {
        (ConstValue::Literal(x), ConstValue::Literal(y)) => x.kind == y.kind && x.text == y.text,
        (ConstValue::SomeString, ConstValue::SomeString) => true,
        (ConstValue::Symbolic(x), ConstValue::Symbolic(y)) | (ConstValue::Typed(x), ConstValue::Typed(y)) => x.same_as(y),
        _ => false,
    };
    if same {
        Some(left.clone())
    } else if is_stringish(left) && is_stringish(right) {
        Some(Arc::new(ConstValue::SomeString))
    } else {
        None
    }
}

struct Walker {
    module_consts: State,
    steps: usize,
    symbolic: bool,
    /// For each enclosing `try` body, the states at the statements that may
    /// raise there (a call or a `raise`): what its handlers start from.
    raise_states: Vec<Vec<State>>,
    /// For each enclosing loop, the states at its `break`s.
    break_states: Vec<Vec<State>>,
    /// The names the function being walked assigns (none at the top level).
    locals: Option<FxHashSet<Arc<str>>>,
    /// Declared types at the top level, and in the function being walked.
    module_declared: Declared,
    declared: Option<Declared>,
}

/// Whether a statement may raise an exception: a `raise`, or a call in its own
/// expressions (a nested block's statements are asked on their own).
pub(crate) fn may_raise(stmt: &Node) -> bool {
    fn has_call(node: &Node) -> bool {
        match node.kind {
            Kind::Call => true,
            Kind::Block | Kind::Lambda | Kind::Handlers | Kind::FunctionDef | Kind::ClassDef => false,
            _ => node.children.iter().any(has_call),
        }
    }
    match stmt.kind {
        Kind::Raise => true,
        // A definition's own expressions that run: its decorators.
        Kind::FunctionDef => stmt.as_function_def().is_some_and(|d| d.decorators.children.iter().any(has_call)),
        Kind::ClassDef => stmt.as_class_def().is_some_and(|c| c.decorators.children.iter().any(has_call)),
        _ => stmt.children.iter().any(has_call),
    }
}

/// Whether control never leaves a block at its end: its own statements include
/// a `return`, `raise`, `break` or `continue`.
fn ends_abruptly(block: &Node) -> bool {
    block.kind == Kind::Block && block.children.iter().any(|s| matches!(s.kind, Kind::Return | Kind::Raise | Kind::Break | Kind::Continue))
}

/// Whether a loop's body can go round again: it runs to its end or has a
/// `continue` (of this loop). Without one, the loop's head sees only the
/// state before the loop.
fn loops_back(body: &Node) -> bool {
    fn has_continue(node: &Node) -> bool {
        match node.kind {
            Kind::Continue => true,
            Kind::While | Kind::For | Kind::FunctionDef | Kind::ClassDef | Kind::Lambda => false,
            _ => node.children.iter().any(has_continue),
        }
    }
    !body.children.iter().any(|s| matches!(s.kind, Kind::Return | Kind::Raise | Kind::Break)) || has_continue(body)
}

/// The state where paths meet: the join of the reachable ones.
fn join_all(states: Vec<State>) -> Option<State> {
    states.into_iter().reduce(|left, right| join_states(&left, &right))
}

const STEP_LIMIT: usize = super::limits::CONSTANT_STEPS;

impl Walker {
    fn block(&mut self, block: &mut Node, state: &mut State) {
        for stmt in &mut block.children {
            self.stmt(stmt, state);
        }
    }

    /// Marks uses of known names inside an expression (not nested defs).
    fn mark(&self, node: &mut Node, state: &State) {
        match node.kind {
            Kind::Name => {
                if let Some(v) = state.get(&node.text) {
                    node.constant = Some(v.clone());
                } else if let Some(declared) = self.declared_type_of(&node.text) {
                    // Nothing known here: the name's declared type.
                    node.constant = Some(declared.clone());
                }
            }
            Kind::Block => {}
            // No values flow into a lambda, but declared types do (not to its own parameters).
            Kind::Lambda => {
                let bound: Vec<Arc<str>> = node.as_lambda().into_iter().flat_map(|l| &l.params.children).filter_map(param_name).collect();
                self.mark_declared(node, &bound);
            }
            Kind::Attribute => {
                if let Some(attribute) = node.as_attribute_mut() {
                    self.mark(attribute.value, state);
                }
            }
            Kind::Keyword => {
                if let Some(keyword) = node.as_keyword_mut() {
                    self.mark(keyword.value, state);
                }
            }
            // No values flow into a comprehension, but declared types do.
            Kind::Comprehension | Kind::ListComp | Kind::SetComp | Kind::DictComp | Kind::GeneratorExp => {
                let mut bound = Vec::new();
                node.walk(&mut |n| {
                    if let Some(generator) = n.as_comprehension() {
                        targets(generator.target, &mut |name| bound.push(name));
                    }
                });
                self.mark_declared(node, &bound);
            }
            _ => {
                for child in &mut node.children {
                    self.mark(child, state);
                }
            }
        }
    }

    /// The declared type of `name` where the walk is: the function's (or an
    /// enclosing one's) declaration, else the module's.
    fn declared_type_of(&self, name: &str) -> Option<&Arc<ConstValue>> {
        match self.declared.as_ref().and_then(|d| d.get(name)) {
            Some(in_function) => in_function.as_ref(),
            None => self.module_declared.get(name).and_then(Option::as_ref),
        }
    }

    /// Names inside a comprehension or lambda (but its own targets or
    /// parameters) get their declared type.
    fn mark_declared(&self, node: &mut Node, bound: &[Arc<str>]) {
        match node.kind {
            Kind::Name if node.constant.is_none() && !bound.contains(&node.text) => {
                if let Some(declared) = self.declared_type_of(&node.text) {
                    node.constant = Some(declared.clone());
                }
            }
            _ => {
                for child in &mut node.children {
                    self.mark_declared(child, bound);
                }
            }
        }
    }

    /// The expression itself, as a symbolic value, when symbolic values are recorded.
    fn symbolic_value(&self, expr: &Node) -> Option<ConstValue> {
        let worth_it = !matches!(expr.kind, Kind::Lambda | Kind::Yield | Kind::YieldFrom | Kind::Await | Kind::NamedExpr);
        (self.symbolic && worth_it).then(|| ConstValue::Symbolic(expr.clone()))
    }

    fn assign_target(&self, target: &mut Node, value: Option<ConstValue>, state: &mut State) {
        // Semgrep's propagation inside a function drops bytes (`s = b"x"` leaves
        // `s` unknown); module constants keep them.
        let value = value.filter(|v| self.locals.is_none() || !matches!(v, ConstValue::Literal(n) if n.kind == Kind::Bytes));
        match target.kind {
            Kind::Name => match value {
                Some(v) => {
                    state.insert(target.text.clone(), Arc::new(v));
                }
                None => {
                    state.remove(&target.text);
                }
            },
            Kind::Tuple | Kind::List => {
                if let Some(collection) = target.as_collection_mut() {
                    for t in &mut collection.elts.children {
                        self.assign_target(t, None, state);
                    }
                }
            }
            Kind::Starred => {
                if let Some(starred) = target.as_starred_mut() {
                    self.assign_target(starred.value, None, state);
                }
            }
            _ => self.mark(target, state),
        }
    }

    fn function(&mut self, def: FunctionDefMut<'_>) {
        let mut locals = FxHashSet::default();
        for s in &def.body.children {
            assigned_names(s, &mut |n| {
                locals.insert(n);
            });
        }
        let params: Vec<(&Node, Param<'_>)> = def.params.children.iter().filter_map(|p| Some((p, p.as_param()?))).collect();
        let mut state: State = self
            .module_consts
            .iter()
            .filter(|(k, _)| !locals.contains(*k) && !params.iter().any(|(_, p)| p.name.text == **k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // A nested function sees the declarations of the one around it (a closure).
        let mut declared = Declared::default();
        for (node, p) in &params {
            // `*args: int` holds a tuple, `**kw: str` a dict.
            let annotation = node.text.is_empty().then(|| declared_type(p.annotation)).flatten();
            declared.entry(p.name.text.clone()).or_insert(annotation);
        }
        declarations(&def.body.children, &mut declared);
        if let Some(outer) = &self.declared {
            for (name, ty) in outer {
                declared.entry(name.clone()).or_insert_with(|| ty.clone());
            }
        }
        let outer_declared = std::mem::replace(&mut self.declared, Some(declared));
        let outer = std::mem::replace(&mut self.locals, Some(locals));
        // The body's raises and breaks are its own, not those of a `try` or loop around the def.
        let (raises, breaks) = (std::mem::take(&mut self.raise_states), std::mem::take(&mut self.break_states));
        self.block(def.body, &mut state);
        (self.raise_states, self.break_states) = (raises, breaks);
        self.locals = outer;
        self.declared = outer_declared;
    }

    fn stmt(&mut self, stmt: &mut Node, state: &mut State) {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return;
        }
        if !self.raise_states.is_empty() && may_raise(stmt) {
            // An exception here reaches the handlers of every enclosing `try`
            // (an inner one without a matching handler passes it on).
            for states in &mut self.raise_states {
                states.push(state.clone());
            }
        }
        match stmt.kind {
            Kind::FunctionDef => {
                let Some(def) = stmt.as_function_def_mut() else { return };
                for d in &mut def.decorators.children {
                    self.mark(d, state);
                }
                let name = def.name.text.clone();
                self.function(def);
                state.remove(&name);
            }
            Kind::ClassDef => {
                let Some(class) = stmt.as_class_def_mut() else { return };
                let mut class_state = State::default();
                self.block(class.body, &mut class_state);
                state.remove(&class.name.text);
            }
            Kind::Assign => {
                let Some(assign) = stmt.as_assign_mut() else { return };
                self.mark(assign.value, state);
                let value = value_of(assign.value, state).or_else(|| self.symbolic_value(assign.value));
                for t in &mut assign.targets.children {
                    self.assign_target(t, value.clone(), state);
                }
            }
            Kind::AugAssign => {
                let (range, op) = (stmt.range(), stmt.text.clone());
                let Some(update) = stmt.as_aug_assign_mut() else { return };
                self.mark(update.value, state);
                let combined = BinOp::build(range, update.target.clone(), update.value.clone()).with_text(op);
                let value = value_of(&combined, state);
                self.assign_target(update.target, value, state);
            }
            Kind::AnnAssign => {
                let Some(declaration) = stmt.as_ann_assign_mut() else { return };
                self.mark(declaration.value, state);
                let value = value_of(declaration.value, state);
                self.assign_target(declaration.target, value, state);
            }
            Kind::If => {
                let Some(branch) = stmt.as_if_mut() else { return };
                self.mark(branch.test, state);
                let mut other = state.clone();
                self.block(branch.body, state);
                if branch.orelse.kind == Kind::Block {
                    self.block(branch.orelse, &mut other);
                }
                // A branch that returns (raises, breaks, continues) does not reach what follows.
                let (then_goes_on, else_goes_on) = (!ends_abruptly(branch.body), !ends_abruptly(branch.orelse));
                if !then_goes_on && else_goes_on {
                    *state = other;
                } else if then_goes_on && else_goes_on {
                    *state = join_states(state, &other);
                }
            }
            Kind::While | Kind::For => {
                let mut in_loop = FxHashSet::default();
                assigned_names(stmt, &mut |n| {
                    in_loop.insert(n);
                });
                let (target, header, body, orelse): (Option<&Node>, _, _, _) = match stmt.kind {
                    Kind::For => match stmt.as_for_mut() {
                        Some(ForMut { target, iter, body, orelse }) => (Some(target), iter, body, orelse),
                        None => return,
                    },
                    _ => match stmt.as_while_mut() {
                        Some(WhileMut { test, body, orelse }) => (None, test, body, orelse),
                        None => return,
                    },
                };
                self.mark(header, state);
                let entry = state.clone();
                self.break_states.push(Vec::new());
                if !loops_back(body) {
                    // The body runs at most once, from the state before the loop
                    // (the loop variable aside); after it: that state, or a `break`'s.
                    let mut inner = state.clone();
                    if let Some(target) = target {
                        targets(target, &mut |n| {
                            inner.remove(&n);
                        });
                    }
                    self.block(body, &mut inner);
                    let breaks = self.break_states.pop().unwrap_or_default();
                    if orelse.kind == Kind::Block {
                        self.block(orelse, state);
                    }
                    let ends = std::iter::once(std::mem::take(state)).chain(breaks).collect();
                    *state = join_all(ends).unwrap_or_default();
                    return;
                }
                // As in Semgrep: in a function, a local's value does not survive
                // into a loop, nor past it unless the loop gives it the same value
                // again; a name the loop assigns is unknown at its top.
                let in_function = self.locals.is_some();
                let locals = self.locals.as_ref();
                state.retain(|k, _| !in_loop.contains(k) && !locals.is_some_and(|l| l.contains(k)));
                let mut inner = state.clone();
                self.block(body, &mut inner);
                self.break_states.pop();
                if in_function {
                    for name in &in_loop {
                        if let Some(kept) = entry.get(name).zip(inner.get(name)).and_then(|(before, after)| join_values(before, after)) {
                            state.insert(name.clone(), kept);
                        }
                    }
                }
                if orelse.kind == Kind::Block {
                    self.block(orelse, state);
                }
            }
            Kind::Break => {
                if let Some(breaks) = self.break_states.last_mut() {
                    breaks.push(state.clone());
                }
            }
            Kind::With => {
                let Some(with) = stmt.as_with_mut() else { return };
                for item in with.items.children.iter_mut().filter_map(Node::as_with_item_mut) {
                    self.mark(item.context, state);
                    if item.target.kind != Kind::Empty {
                        self.assign_target(item.target, None, state);
                    }
                }
                self.block(with.body, state);
            }
            Kind::Try => {
                let Some(attempt) = stmt.as_try_mut() else { return };
                // The body, noting the states where it may raise.
                self.raise_states.push(Vec::new());
                self.block(attempt.body, state);
                let raised = join_all(self.raise_states.pop().unwrap_or_default());
                let mut ends: Vec<State> = Vec::new();
                // `else` runs when the body ran to its end.
                let body_goes_on = !ends_abruptly(attempt.body);
                if attempt.orelse.kind == Kind::Block {
                    self.block(attempt.orelse, state);
                }
                if body_goes_on && !ends_abruptly(attempt.orelse) {
                    ends.push(state.clone());
                }
                // Handlers start from where the body may have raised; with no
                // such place they are never reached (walked only to mark uses).
                let reached = raised.is_some();
                for body in attempt.handlers.children.iter_mut().filter_map(Node::clause_body_mut) {
                    let mut s = raised.clone().unwrap_or_default();
                    self.block(body, &mut s);
                    if reached && !ends_abruptly(body) {
                        ends.push(s);
                    }
                }
                *state = join_all(ends).unwrap_or_default();
                if attempt.finalbody.kind == Kind::Block {
                    self.block(attempt.finalbody, state);
                }
            }
            Kind::Match => {
                let mut changed = FxHashSet::default();
                assigned_names(stmt, &mut |n| {
                    changed.insert(n);
                });
                let Some(choice) = stmt.as_match_mut() else { return };
                self.mark(choice.subject, state);
                for body in choice.cases.children.iter_mut().filter_map(Node::clause_body_mut) {
                    let mut s = state.clone();
                    self.block(body, &mut s);
                }
                state.retain(|k, _| !changed.contains(k));
            }
            Kind::Global | Kind::Nonlocal => {
                for n in stmt.as_name_decl().into_iter().flat_map(|d| &d.names.children) {
                    state.remove(&n.text);
                }
            }
            Kind::Import | Kind::ImportFrom => {
                assigned_names(stmt, &mut |n| {
                    state.remove(&n);
                });
            }
            _ => {
                for child in &mut stmt.children {
                    self.mark(child, state);
                }
            }
        }
    }
}

/// The name a parameter binds (`None` for a pattern's `...`).
fn param_name(param: &Node) -> Option<Arc<str>> {
    param.as_param().map(|p| p.name.text.clone())
}

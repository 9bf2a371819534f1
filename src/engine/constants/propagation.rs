//! Constant propagation as a [`Domain`] of the flow walker: what each
//! statement does to the names' values, and the marks it leaves on the uses
//! of known names ([`Node::constant`]).
//!
//! Depends on the flow walker, the values of expressions (`values.rs`),
//! the scope's declarations (`declared.rs`) and the tree.

use super::super::flow::facts::{assigned_names, targets, Names};
use super::super::flow::{Arms, Cases, Domain, Live, Loops, Reach, Semantics, Write};
use super::super::source::Span;
use super::super::tree::views::{BinOp, Param};
use super::super::tree::{ConstValue, Kind, Node};
use super::declared::{declarations, Declared};
use super::truth::{case_meets, truth_of};
use super::values::{declared_type, join_states, join_values, value_of, State};
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// What the walk knows besides the state: the module's constants and the
/// scope being walked.
pub(super) struct Propagation {
    pub module_consts: State,
    pub symbolic: bool,
    /// `--precise`: a condition that folds to a constant decides the arm (`truth.rs`).
    pub constant_conditions: bool,
    /// The names the function being walked assigns (none at the top level).
    pub locals: Option<FxHashSet<Arc<str>>>,
    /// Declared types at the top level, and in the function being walked.
    pub module_declared: Declared,
    pub declared: Option<Declared>,
    /// The scopes around the function being walked (`locals`, `declared`), innermost last.
    pub outer: Vec<(Option<FxHashSet<Arc<str>>>, Option<Declared>)>,
}

impl Domain for Propagation {
    type Access = Write;
    type State = State;
    type LoopHead = ();
    const SEMANTICS: Semantics = Semantics { reach: Reach::Syntactic, loops: Loops::Widen, cases: Cases::Forget, step_limit: super::super::limits::CONSTANT_STEPS };

    fn join(&self, into: &mut State, other: State) {
        *into = join_states(into, &other);
    }

    fn statement(&mut self, stmt: &mut Node, state: &mut State) {
        match stmt.kind {
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

    fn condition(&mut self, test: &mut Node, state: &mut State) -> Arms {
        self.mark(test, state);
        match self.constant_conditions.then(|| truth_of(test, state)).flatten() {
            Some(true) => Arms::Then,
            Some(false) => Arms::Else,
            None => Arms::Both,
        }
    }

    fn loop_condition(&mut self, test: &Node, state: &State) -> Arms {
        match self.constant_conditions.then(|| truth_of(test, state)).flatten() {
            Some(true) => Arms::Then,
            Some(false) => Arms::Else,
            None => Arms::Both,
        }
    }

    fn live_cases(&self, stmt: &Node, state: &State) -> Live {
        if !self.constant_conditions {
            return Live::Any;
        }
        live_case(stmt, |subject, case| case_meets(subject, case, state))
    }

    fn loop_head(&mut self, _at: Span, _target: Option<&Node>, header: &mut Node, state: &mut State) {
        self.mark(header, state);
    }

    fn loop_target(&mut self, target: &Node, _head: &(), state: &mut State) {
        targets(target, &mut |n| {
            state.remove(&n);
        });
    }

    fn with_items(&mut self, _at: Span, items: &mut Node, state: &mut State) {
        for item in items.children.iter_mut().filter_map(Node::as_with_item_mut) {
            self.mark(item.context, state);
            if item.target.kind != Kind::Empty {
                self.assign_target(item.target, None, state);
            }
        }
    }

    fn match_subject(&mut self, subject: &mut Node, state: &mut State) {
        self.mark(subject, state);
    }

    /// A function's body starts from the module's constants it does not
    /// shadow, with its own declarations (and those of the functions around it).
    fn function(&mut self, decorators: &mut Node, _name: &Node, params: &Node, body: &Node, state: &State) -> Option<State> {
        for d in &mut decorators.children {
            self.mark(d, state);
        }
        let mut locals = FxHashSet::default();
        for s in &body.children {
            assigned_names(s, &mut |n| {
                locals.insert(n);
            });
        }
        let params: Vec<(&Node, Param<'_>)> = params.children.iter().filter_map(|p| Some((p, p.as_param()?))).collect();
        let entry: State = self
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
        declarations(&body.children, &mut declared);
        if let Some(outer) = &self.declared {
            for (name, ty) in outer {
                declared.entry(name.clone()).or_insert_with(|| ty.clone());
            }
        }
        let outer_declared = std::mem::replace(&mut self.declared, Some(declared));
        let outer_locals = std::mem::replace(&mut self.locals, Some(locals));
        self.outer.push((outer_locals, outer_declared));
        Some(entry)
    }

    fn end_function(&mut self, name: &Node, state: &mut State) {
        if let Some((locals, declared)) = self.outer.pop() {
            (self.locals, self.declared) = (locals, declared);
        }
        state.remove(&name.text);
    }

    /// A class body is walked from nothing known.
    fn class(&mut self, _name: &Node, _body: &Node, _state: &State) -> Option<State> {
        Some(State::default())
    }

    fn end_class(&mut self, name: &Node, state: &mut State) {
        state.remove(&name.text);
    }

    /// As in Semgrep: in a function, a local's value does not survive into a
    /// loop; a name the loop assigns is unknown at its top.
    fn widen(&self, state: &mut State, assigned: &Names) {
        let locals = self.locals.as_ref();
        state.retain(|k, _| !assigned.contains(k) && !locals.is_some_and(|l| l.contains(k)));
    }

    /// In a function, a name the loop assigns keeps its value past the loop
    /// when the body gives it the same value again.
    fn after_widened(&self, entry: &State, body_end: &State, assigned: &Names, state: &mut State) {
        if self.locals.is_none() {
            return;
        }
        for name in assigned {
            if let Some(kept) = entry.get(name).zip(body_end.get(name)).and_then(|(before, after)| join_values(before, after)) {
                state.insert(name.clone(), kept);
            }
        }
    }

    fn forget(&self, state: &mut State, assigned: &Names) {
        state.retain(|k, _| !assigned.contains(k));
    }
}

impl Propagation {
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
}

/// Which case of a `match` statement runs, as `meets` reads each case
/// against the subject: the first it certainly meets after cases it
/// certainly does not, none when it meets none; else any.
pub fn live_case(stmt: &Node, meets: impl Fn(&Node, &Node) -> Option<bool>) -> Live {
    let Some(matched) = stmt.as_match() else { return Live::Any };
    for (index, case) in matched.cases.children.iter().enumerate() {
        match meets(matched.subject, case) {
            Some(true) => return Live::Only(index),
            Some(false) => {}
            None => return Live::Any,
        }
    }
    Live::None
}

/// The name a parameter binds (`None` for a pattern's `...`).
fn param_name(param: &Node) -> Option<Arc<str>> {
    param.as_param().map(|p| p.name.text.clone())
}

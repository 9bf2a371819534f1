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

use super::tree::{ConstValue, Kind, Node};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

type State = FxHashMap<Arc<str>, Arc<ConstValue>>;

/// With `symbolic`, a name assigned a non-literal expression also records
/// that expression (for rules with `symbolic_propagation`).
pub fn propagate(root: &mut Node, symbolic: bool) {
    let mut globals_declared = FxHashSet::default();
    root.walk(&mut |n| {
        if n.kind == Kind::Global {
            for name in &n.children[0].children {
                globals_declared.insert(name.text.clone());
            }
        }
    });
    // Module constants: assigned exactly once at the top level, with a literal
    // or what folds from literals and the constants above.
    let mut counts: FxHashMap<Arc<str>, usize> = FxHashMap::default();
    let block = &root.children[0];
    for stmt in &block.children {
        assigned_names(stmt, &mut |name| *counts.entry(name).or_default() += 1);
    }
    let mut module_consts = State::default();
    for stmt in &block.children {
        if stmt.kind == Kind::Assign && stmt.children[0].children.len() == 1 && stmt.children[0].children[0].kind == Kind::Name {
            let name = stmt.children[0].children[0].text.clone();
            if counts.get(&name) == Some(&1) && !globals_declared.contains(&name) {
                // Earlier constants count (`PAGE = HEADER + "..."`).
                if let Some(v) = value_of(&stmt.children[1], &module_consts) {
                    module_consts.insert(name, Arc::new(v));
                }
            }
        }
    }
    let mut module_declared = Declared::default();
    declarations(&block.children, &mut module_declared);
    let mut walker = Walker { module_consts, steps: 0, symbolic, raise_states: Vec::new(), break_states: Vec::new(), locals: None, module_declared, declared: None };
    let mut state = State::default();
    walker.block(&mut root.children[0], &mut state);
}

/// Names bound by an assignment target (`a`, `(a, b)`, `*rest`).
fn targets(t: &Node, f: &mut dyn FnMut(Arc<str>)) {
    t.target_names(&mut |name| f(name.clone()));
}

/// Names a statement assigns (targets, loop variables, `with ... as`, imports, defs), not looking into nested defs.
pub(crate) fn assigned_names(stmt: &Node, f: &mut dyn FnMut(Arc<str>)) {
    match stmt.kind {
        Kind::Assign => stmt.children[0].children.iter().for_each(|t| targets(t, f)),
        Kind::AugAssign | Kind::AnnAssign => targets(&stmt.children[0], f),
        Kind::For => targets(&stmt.children[0], f),
        Kind::With => stmt.children[0].children.iter().for_each(|i| targets(&i.children[1], f)),
        Kind::FunctionDef | Kind::ClassDef => {
            f(stmt.children[1].text.clone());
            return;
        }
        Kind::Import | Kind::ImportFrom => {
            let aliases = stmt.children.last().expect("aliases");
            for a in &aliases.children {
                let local = if a.children[1].kind == Kind::Ident { &a.children[1] } else { &a.children[0] };
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

/// Where [`value_of`] finds what a name holds.
trait Names {
    fn value(&self, name: &Node) -> Option<ConstValue>;
}

/// During the walk: the names known at this point.
impl Names for State {
    fn value(&self, name: &Node) -> Option<ConstValue> {
        self.get(&name.text).map(|v| (**v).clone())
    }
}

/// After the walk: the value each use of a name was marked with.
struct Marked;

impl Names for Marked {
    fn value(&self, name: &Node) -> Option<ConstValue> {
        name.constant.as_deref().cloned()
    }
}

/// The value of an expression in the parsed code, as constant propagation
/// knows it (literals, names known to hold one, and what is folded from them:
/// `60 * 60 * 24` is `86400`).
pub fn known_value(expr: &Node) -> Option<ConstValue> {
    value_of(expr, &Marked)
}

/// The known value of an expression under `state`.
fn value_of<N: Names>(expr: &Node, state: &N) -> Option<ConstValue> {
    match expr.kind {
        Kind::Str | Kind::Int | Kind::Float | Kind::Bool | Kind::Bytes => Some(ConstValue::Literal(literal(expr))),
        Kind::Name => state.value(expr).filter(|v| !matches!(v, ConstValue::Symbolic(_) | ConstValue::Typed(_))),
        Kind::JoinedStr => {
            let parts = &expr.children[0].children;
            let all_known = parts.iter().all(|p| match p.kind {
                Kind::Str => true,
                Kind::FormattedValue => value_of(&p.children[0], state).is_some(),
                _ => false,
            });
            if !all_known {
                return None;
            }
            match parts.iter().map(|p| if p.kind == Kind::Str { Some(p.text.to_string()) } else { string_of(&p.children[0], state) }).collect::<Option<String>>() {
                Some(s) => Some(str_value(expr, s)),
                None => Some(ConstValue::SomeString),
            }
        }
        Kind::BinOp if &*expr.text == "+" => {
            let (l, r) = (value_of(&expr.children[0], state)?, value_of(&expr.children[1], state)?);
            match (l, r) {
                (ConstValue::Literal(a), ConstValue::Literal(b)) if a.kind == Kind::Str && b.kind == Kind::Str => {
                    Some(str_value(expr, format!("{}{}", a.text, b.text)))
                }
                (a, b) if is_stringish(&a) && is_stringish(&b) => Some(ConstValue::SomeString),
                (a, b) => int_value(expr, "+", &a, &b),
            }
        }
        // `"a" if c else "b"` is some string either way.
        Kind::IfExp => {
            let (l, r) = (value_of(&expr.children[1], state)?, value_of(&expr.children[2], state)?);
            (is_stringish(&l) && is_stringish(&r)).then_some(ConstValue::SomeString)
        }
        // `"a %s" % "b"` is some string; Semgrep folds no other `%` formatting
        // (not a tuple of strings, not an int) into one.
        Kind::BinOp if &*expr.text == "%" && value_of(&expr.children[0], state).as_ref().is_some_and(is_stringish) => {
            let r = value_of(&expr.children[1], state)?;
            is_stringish(&r).then_some(ConstValue::SomeString)
        }
        Kind::BinOp if matches!(&*expr.text, "-" | "//" | "%" | "**") => {
            let (l, r) = (value_of(&expr.children[0], state)?, value_of(&expr.children[1], state)?);
            int_value(expr, &expr.text, &l, &r)
        }
        Kind::UnaryOp if &*expr.text == "+" => match value_of(&expr.children[0], state)? {
            ConstValue::Literal(n) if n.kind == Kind::Int => Some(ConstValue::Literal(n)),
            _ => None,
        },
        Kind::UnaryOp if &*expr.text == "-" => match value_of(&expr.children[0], state)? {
            ConstValue::Literal(n) if n.kind == Kind::Int => {
                let v = parse_int(&n.text)?.checked_neg()?;
                Some(ConstValue::Literal(Node::leaf(Kind::Int, (expr.start, expr.end), v.to_string())))
            }
            _ => None,
        },
        Kind::BinOp if &*expr.text == "*" => {
            // A string repeated is some string, whatever the count.
            let (l, r) = (value_of(&expr.children[0], state), value_of(&expr.children[1], state));
            if l.as_ref().is_some_and(is_stringish) || r.as_ref().is_some_and(is_stringish) {
                return Some(ConstValue::SomeString);
            }
            int_value(expr, "*", &l?, &r?)
        }
        _ => None,
    }
}

/// Whether an expression in the code is known to be a string: a literal, a
/// name holding one, and `+` (of two) or `*` (of one) of those, e.g.
/// `"[" * 10000 + "]" * 10000`. `"..."` in a pattern matches these.
pub fn is_known_string(expr: &Node) -> bool {
    match expr.kind {
        Kind::Str => true,
        // An f-string whose placeholders all hold strings (`f"{' ' * n}!"`).
        Kind::JoinedStr => {
            expr.literal_string().is_some()
                || expr.children[0].children.iter().all(|p| p.kind == Kind::Str || (p.kind == Kind::FormattedValue && is_known_string(&p.children[0])))
        }
        Kind::Name => expr.constant.as_deref().is_some_and(is_stringish),
        Kind::BinOp if &*expr.text == "+" => is_known_string(&expr.children[0]) && is_known_string(&expr.children[1]),
        // `"-" * n` (Semgrep folds a string on the left only: `n * "-"` is not one).
        Kind::BinOp if &*expr.text == "*" => is_known_string(&expr.children[0]),
        // An implicit concatenation of string pieces (one an f-string).
        Kind::BinOp if &*expr.text == "concat" => expr.children.iter().all(is_known_string),
        // `"a" if c else "b"` is some string either way.
        Kind::IfExp => is_known_string(&expr.children[1]) && is_known_string(&expr.children[2]),
        _ => false,
    }
}

/// An integer literal's value (`1_000`, `0x10`, `0o7`, `0b1`).
pub fn parse_int(text: &str) -> Option<i128> {
    let t = text.replace('_', "");
    match t.get(..2) {
        Some("0x" | "0X") => i128::from_str_radix(&t[2..], 16).ok(),
        Some("0o" | "0O") => i128::from_str_radix(&t[2..], 8).ok(),
        Some("0b" | "0B") => i128::from_str_radix(&t[2..], 2).ok(),
        _ => t.parse().ok(),
    }
}

/// Python integer arithmetic, `None` where it would overflow or fail.
fn int_op(op: &str, a: i128, b: i128) -> Option<i128> {
    match op {
        "+" => a.checked_add(b),
        "-" => a.checked_sub(b),
        "*" => a.checked_mul(b),
        // Floor division and modulo: the result takes the divisor's sign.
        "//" => {
            let (q, r) = (a.checked_div(b)?, a.checked_rem(b)?);
            Some(if r != 0 && (r < 0) != (b < 0) { q - 1 } else { q })
        }
        "%" => {
            let r = a.checked_rem(b)?;
            Some(if r != 0 && (r < 0) != (b < 0) { r + b } else { r })
        }
        "**" if (0..128).contains(&b) => a.checked_pow(b as u32),
        _ => None,
    }
}

/// Folds `op` over two known integers.
fn int_value(at: &Node, op: &str, a: &ConstValue, b: &ConstValue) -> Option<ConstValue> {
    match (a, b) {
        (ConstValue::Literal(x), ConstValue::Literal(y)) if x.kind == Kind::Int && y.kind == Kind::Int => {
            let v = int_op(op, parse_int(&x.text)?, parse_int(&y.text)?)?;
            Some(ConstValue::Literal(Node::leaf(Kind::Int, (at.start, at.end), v.to_string())))
        }
        _ => None,
    }
}

fn is_stringish(v: &ConstValue) -> bool {
    match v {
        ConstValue::SomeString => true,
        ConstValue::Literal(n) => n.kind == Kind::Str,
        ConstValue::Symbolic(_) | ConstValue::Typed(_) => false,
    }
}

fn string_of<N: Names>(node: &Node, state: &N) -> Option<String> {
    match value_of(node, state)? {
        ConstValue::Literal(n) if matches!(n.kind, Kind::Str | Kind::Int) => Some(n.text.to_string()),
        _ => None,
    }
}

fn str_value(at: &Node, s: String) -> ConstValue {
    ConstValue::Literal(Node::leaf(Kind::Str, (at.start, at.end), s))
}

fn literal(node: &Node) -> Node {
    Node::leaf(node.kind, (node.start, node.end), node.text.clone())
}

/// Each name's declared type in a scope (`None`: declared without one).
type Declared = FxHashMap<Arc<str>, Option<Arc<ConstValue>>>;

/// The declared type an annotation gives (a name or dotted name; a string
/// annotation, `"int"`, is not read).
fn declared_type(annotation: &Node) -> Option<Arc<ConstValue>> {
    annotation.dotted().map(|_| Arc::new(ConstValue::Typed(annotation.clone())))
}

/// The builtin type of a literal, or of `a if c else b` when both have it.
fn literal_type(expr: &Node) -> Option<&'static str> {
    match expr.kind {
        Kind::Int => Some("int"),
        Kind::Float => Some("float"),
        Kind::Str => Some("str"),
        Kind::Bool => Some("bool"),
        Kind::IfExp => literal_type(&expr.children[1]).filter(|t| literal_type(&expr.children[2]) == Some(*t)),
        _ => None,
    }
}

/// Where each name of a scope is first bound, in source order (as Semgrep
/// reads Python, that binding declares it): an annotated assignment declares
/// its annotation, a plain one the type of a literal it assigns, any other
/// binding (loop, `with`, import, def) no type. Nested defs are their own scopes.
fn declarations(stmts: &[Node], out: &mut Declared) {
    for stmt in stmts {
        match stmt.kind {
            Kind::Assign => {
                let ty = literal_type(&stmt.children[1]).map(|t| Arc::new(ConstValue::Typed(Node::leaf(Kind::Name, (stmt.start, stmt.start), t))));
                for target in &stmt.children[0].children {
                    if target.kind == Kind::Name {
                        out.entry(target.text.clone()).or_insert_with(|| ty.clone());
                    } else {
                        targets(target, &mut |name| {
                            out.entry(name).or_insert(None);
                        });
                    }
                }
            }
            Kind::AnnAssign if stmt.children[0].kind == Kind::Name => {
                out.entry(stmt.children[0].text.clone()).or_insert_with(|| declared_type(&stmt.children[1]));
            }
            Kind::If | Kind::For | Kind::While | Kind::With | Kind::Try | Kind::Match => {
                // The statement's own targets first (`for x in`, `with ... as f`), then its blocks in order.
                let mut untyped = |name| {
                    out.entry(name).or_insert(None);
                };
                match stmt.kind {
                    Kind::For => targets(&stmt.children[0], &mut untyped),
                    Kind::With => stmt.children[0].children.iter().for_each(|item| targets(&item.children[1], &mut untyped)),
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

/// Whether `expr` is known to be of type `ty` (`int`, `str`, `flask.Flask`), as
/// Semgrep's typed metavariables and `metavariable-type` see types in Python:
/// literals of the builtin types, names known to hold one (whatever the
/// rule's `constant_propagation`), names declared with that type (an
/// annotation, written as in `ty` or resolved through the imports, or the
/// literal of the first assignment), and the type's own name.
pub fn has_type(expr: &Node, ty: &str) -> bool {
    // A name that stands for the type itself (`int`, an imported class), as Semgrep sees it.
    if expr.kind == Kind::Name && (&*expr.text == ty || expr.qualified() == Some(ty)) {
        return true;
    }
    match (expr.kind, expr.constant.as_deref()) {
        (Kind::Name, Some(ConstValue::Literal(value))) => literal_type(value) == Some(ty),
        (Kind::Name, Some(ConstValue::Typed(annotation))) => {
            annotation.dotted().as_deref() == Some(ty) || annotation.resolved_dotted().as_deref() == Some(ty)
        }
        _ => literal_type(expr) == Some(ty),
    }
}

fn merge(a: &State, b: &State) -> State {
    a.iter().filter_map(|(k, va)| Some((k.clone(), merge_value(va, b.get(k)?)?))).collect()
}

/// What a name holds where two paths meet: the same value, "some string" for
/// two different strings, otherwise nothing known.
fn merge_value(a: &Arc<ConstValue>, b: &Arc<ConstValue>) -> Option<Arc<ConstValue>> {
    let same = match (&**a, &**b) {
        (ConstValue::Literal(x), ConstValue::Literal(y)) => x.kind == y.kind && x.text == y.text,
        (ConstValue::SomeString, ConstValue::SomeString) => true,
        (ConstValue::Symbolic(x), ConstValue::Symbolic(y)) | (ConstValue::Typed(x), ConstValue::Typed(y)) => x.same_as(y),
        _ => false,
    };
    if same {
        Some(a.clone())
    } else if is_stringish(a) && is_stringish(b) {
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
        Kind::FunctionDef | Kind::ClassDef => stmt.children[0].children.iter().any(has_call),
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

/// The state where paths meet: the merge of the reachable ones.
fn merge_all(states: Vec<State>) -> Option<State> {
    states.into_iter().reduce(|a, b| merge(&a, &b))
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
                let mut bound = Vec::new();
                for p in &node.children[0].children {
                    if let Some(name) = p.children.first() {
                        bound.push(name.text.clone());
                    }
                }
                self.mark_declared(node, &bound);
            }
            Kind::Attribute => self.mark(&mut node.children[0], state),
            Kind::Keyword => self.mark(&mut node.children[1], state),
            // No values flow into a comprehension, but declared types do.
            Kind::Comprehension | Kind::ListComp | Kind::SetComp | Kind::DictComp | Kind::GeneratorExp => {
                let mut bound = Vec::new();
                node.walk(&mut |n| {
                    if n.kind == Kind::Comprehension {
                        targets(&n.children[0], &mut |name| bound.push(name));
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
                for t in &mut target.children[0].children {
                    self.assign_target(t, None, state);
                }
            }
            Kind::Starred => self.assign_target(&mut target.children[0], None, state),
            _ => self.mark(target, state),
        }
    }

    fn function(&mut self, def: &mut Node) {
        let mut locals = FxHashSet::default();
        for s in &def.children[4].children {
            assigned_names(s, &mut |n| {
                locals.insert(n);
            });
        }
        let params: Vec<&Node> = def.children[2].children.iter().filter(|p| p.kind == Kind::Param).collect();
        let mut state: State = self
            .module_consts
            .iter()
            .filter(|(k, _)| !locals.contains(*k) && !params.iter().any(|p| p.children[0].text == **k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // A nested function sees the declarations of the one around it (a closure).
        let mut declared = Declared::default();
        for p in params {
            // `*args: int` holds a tuple, `**kw: str` a dict.
            let annotation = (p.text.is_empty()).then(|| declared_type(&p.children[1])).flatten();
            declared.entry(p.children[0].text.clone()).or_insert(annotation);
        }
        declarations(&def.children[4].children, &mut declared);
        if let Some(outer) = &self.declared {
            for (name, ty) in outer {
                declared.entry(name.clone()).or_insert_with(|| ty.clone());
            }
        }
        let outer_declared = std::mem::replace(&mut self.declared, Some(declared));
        let outer = std::mem::replace(&mut self.locals, Some(locals));
        // The body's raises and breaks are its own, not those of a `try` or loop around the def.
        let (raises, breaks) = (std::mem::take(&mut self.raise_states), std::mem::take(&mut self.break_states));
        self.block(&mut def.children[4], &mut state);
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
                for d in &mut stmt.children[0].children {
                    self.mark(d, state);
                }
                self.function(stmt);
                state.remove(&stmt.children[1].text);
            }
            Kind::ClassDef => {
                let mut class_state = State::default();
                self.block(&mut stmt.children[3], &mut class_state);
                state.remove(&stmt.children[1].text);
            }
            Kind::Assign => {
                self.mark(&mut stmt.children[1], state);
                let value = value_of(&stmt.children[1], state).or_else(|| self.symbolic_value(&stmt.children[1]));
                for t in &mut stmt.children[0].children {
                    self.assign_target(t, value.clone(), state);
                }
            }
            Kind::AugAssign => {
                self.mark(&mut stmt.children[1], state);
                let combined = Node::new(
                    Kind::BinOp,
                    (stmt.start, stmt.end),
                    stmt.text.clone(),
                    vec![stmt.children[0].clone(), stmt.children[1].clone()],
                );
                let value = value_of(&combined, state);
                self.assign_target(&mut stmt.children[0], value, state);
            }
            Kind::AnnAssign => {
                self.mark(&mut stmt.children[2], state);
                let value = value_of(&stmt.children[2], state);
                self.assign_target(&mut stmt.children[0], value, state);
            }
            Kind::If => {
                self.mark(&mut stmt.children[0], state);
                let mut other = state.clone();
                self.block(&mut stmt.children[1], state);
                if stmt.children[2].kind == Kind::Block {
                    self.block(&mut stmt.children[2], &mut other);
                }
                // A branch that returns (raises, breaks, continues) does not reach what follows.
                let (then_goes_on, else_goes_on) = (!ends_abruptly(&stmt.children[1]), !ends_abruptly(&stmt.children[2]));
                if !then_goes_on && else_goes_on {
                    *state = other;
                } else if then_goes_on && else_goes_on {
                    *state = merge(state, &other);
                }
            }
            Kind::While | Kind::For => {
                let (header, body) = if stmt.kind == Kind::For { (1, 2) } else { (0, 1) };
                self.mark(&mut stmt.children[header], state);
                let mut in_loop = FxHashSet::default();
                assigned_names(stmt, &mut |n| {
                    in_loop.insert(n);
                });
                let entry = state.clone();
                self.break_states.push(Vec::new());
                if !loops_back(&stmt.children[body]) {
                    // The body runs at most once, from the state before the loop
                    // (the loop variable aside); after it: that state, or a `break`'s.
                    let mut inner = state.clone();
                    if stmt.kind == Kind::For {
                        targets(&stmt.children[0], &mut |n| {
                            inner.remove(&n);
                        });
                    }
                    self.block(&mut stmt.children[body], &mut inner);
                    let breaks = self.break_states.pop().unwrap_or_default();
                    if let Some(orelse) = stmt.children.get_mut(body + 1).filter(|c| c.kind == Kind::Block) {
                        self.block(orelse, state);
                    }
                    let ends = std::iter::once(std::mem::take(state)).chain(breaks).collect();
                    *state = merge_all(ends).unwrap_or_default();
                    return;
                }
                // As in Semgrep: in a function, a local's value does not survive
                // into a loop, nor past it unless the loop gives it the same value
                // again; a name the loop assigns is unknown at its top.
                let in_function = self.locals.is_some();
                let locals = self.locals.as_ref();
                state.retain(|k, _| !in_loop.contains(k) && !locals.is_some_and(|l| l.contains(k)));
                let mut inner = state.clone();
                self.block(&mut stmt.children[body], &mut inner);
                self.break_states.pop();
                if in_function {
                    for name in &in_loop {
                        if let Some(kept) = entry.get(name).zip(inner.get(name)).and_then(|(before, after)| merge_value(before, after)) {
                            state.insert(name.clone(), kept);
                        }
                    }
                }
                if let Some(orelse) = stmt.children.get_mut(body + 1).filter(|c| c.kind == Kind::Block) {
                    self.block(orelse, state);
                }
            }
            Kind::Break => {
                if let Some(breaks) = self.break_states.last_mut() {
                    breaks.push(state.clone());
                }
            }
            Kind::With => {
                for item in &mut stmt.children[0].children {
                    self.mark(&mut item.children[0], state);
                    if item.children[1].kind != Kind::Empty {
                        self.assign_target(&mut item.children[1], None, state);
                    }
                }
                self.block(&mut stmt.children[1], state);
            }
            Kind::Try => {
                // The body, noting the states where it may raise.
                self.raise_states.push(Vec::new());
                self.block(&mut stmt.children[0], state);
                let raised = merge_all(self.raise_states.pop().unwrap_or_default());
                let mut ends: Vec<State> = Vec::new();
                // `else` runs when the body ran to its end.
                let body_goes_on = !ends_abruptly(&stmt.children[0]);
                if stmt.children[2].kind == Kind::Block {
                    self.block(&mut stmt.children[2], state);
                }
                if body_goes_on && !ends_abruptly(&stmt.children[2]) {
                    ends.push(state.clone());
                }
                // Handlers start from where the body may have raised; with no
                // such place they are never reached (walked only to mark uses).
                let reached = raised.is_some();
                for handler in &mut stmt.children[1].children {
                    let mut s = raised.clone().unwrap_or_default();
                    if let Some(b) = handler.children.last_mut() {
                        self.block(b, &mut s);
                        if reached && !ends_abruptly(b) {
                            ends.push(s);
                        }
                    }
                }
                *state = merge_all(ends).unwrap_or_default();
                if stmt.children[3].kind == Kind::Block {
                    self.block(&mut stmt.children[3], state);
                }
            }
            Kind::Match => {
                self.mark(&mut stmt.children[0], state);
                let mut changed = FxHashSet::default();
                assigned_names(stmt, &mut |n| {
                    changed.insert(n);
                });
                for case in &mut stmt.children[1].children {
                    let mut s = state.clone();
                    if let Some(b) = case.children.last_mut() {
                        self.block(b, &mut s);
                    }
                }
                state.retain(|k, _| !changed.contains(k));
            }
            Kind::Global | Kind::Nonlocal => {
                for n in &stmt.children[0].children {
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

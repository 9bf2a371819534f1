//! Taint mode: does data from a source reach a sink without a sanitizer?
//!
//! Sources, sinks, sanitizers and propagators arrive as matched ranges (each
//! spec is an ordinary formula, evaluated by `rule.rs`). This module walks
//! each function body (and the module's top level) in execution order,
//! keeping the set of tainted variables (`x`, `self.x`) with how they got
//! tainted. Like Semgrep OSS it is intraprocedural and may-taint: after an
//! `if`, a variable is tainted if it is on any branch; loops are walked twice.
//! Expressions are tainted when they are (inside) a source match or contain a
//! tainted variable, unless they are inside a sanitizer match; calls pass taint
//! from their arguments and receiver to their result.

use super::source::Span;
use super::tree::{Kind, Node};
use rustc_hash::FxHashMap;

/// How a value got tainted: the source, then each assignment it flowed through.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub source: Span,
    pub steps: Vec<Span>,
    /// The taint labels it carries, one bit each (bit 0: `__SOURCE__`, the label
    /// of sources without one).
    pub labels: u64,
}

/// A `requires:` formula over taint labels (`A and not B`), labels as bit numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelExpr {
    Label(u8),
    Not(Box<LabelExpr>),
    And(Box<LabelExpr>, Box<LabelExpr>),
    Or(Box<LabelExpr>, Box<LabelExpr>),
}

impl LabelExpr {
    pub fn holds(&self, labels: u64) -> bool {
        match self {
            LabelExpr::Label(bit) => labels & (1 << bit) != 0,
            LabelExpr::Not(e) => !e.holds(labels),
            LabelExpr::And(a, b) => a.holds(labels) && b.holds(labels),
            LabelExpr::Or(a, b) => a.holds(labels) || b.holds(labels),
        }
    }

    /// Parses Python's boolean syntax over label names (`not`, `and`, `or`,
    /// parentheses); `bit` numbers each name.
    pub fn parse(text: &str, bit: &mut dyn FnMut(&str) -> Result<u8, String>) -> Result<LabelExpr, String> {
        let spaced = text.replace('(', " ( ").replace(')', " ) ");
        let tokens: Vec<&str> = spaced.split_whitespace().collect();
        let mut at = 0;
        let expr = parse_or(&tokens, &mut at, bit, 0)?;
        match tokens.get(at) {
            None => Ok(expr),
            Some(t) => Err(format!("unexpected `{t}` in `requires: {text}`")),
        }
    }
}

type LabelBit<'b> = &'b mut dyn FnMut(&str) -> Result<u8, String>;

fn parse_or(t: &[&str], at: &mut usize, bit: LabelBit<'_>, depth: usize) -> Result<LabelExpr, String> {
    let mut left = parse_and(t, at, bit, depth)?;
    while t.get(*at) == Some(&"or") {
        *at += 1;
        left = LabelExpr::Or(Box::new(left), Box::new(parse_and(t, at, bit, depth)?));
    }
    Ok(left)
}

fn parse_and(t: &[&str], at: &mut usize, bit: LabelBit<'_>, depth: usize) -> Result<LabelExpr, String> {
    let mut left = parse_not(t, at, bit, depth)?;
    while t.get(*at) == Some(&"and") {
        *at += 1;
        left = LabelExpr::And(Box::new(left), Box::new(parse_not(t, at, bit, depth)?));
    }
    Ok(left)
}

fn parse_not(t: &[&str], at: &mut usize, bit: LabelBit<'_>, depth: usize) -> Result<LabelExpr, String> {
    if depth > super::limits::MAX_LABEL_NESTING {
        return Err("`requires` is nested too deeply".into());
    }
    match t.get(*at).copied() {
        Some("not") => {
            *at += 1;
            Ok(LabelExpr::Not(Box::new(parse_not(t, at, bit, depth + 1)?)))
        }
        Some("(") => {
            *at += 1;
            let inner = parse_or(t, at, bit, depth + 1)?;
            if t.get(*at) != Some(&")") {
                return Err("missing `)` in `requires`".into());
            }
            *at += 1;
            Ok(inner)
        }
        Some(name) if name.chars().all(|c| c.is_alphanumeric() || c == '_') && !matches!(name, "and" | "or") => {
            *at += 1;
            Ok(LabelExpr::Label(bit(name)?))
        }
        Some(other) => Err(format!("unexpected `{other}` in `requires`")),
        None => Err("`requires` ends too early".into()),
    }
}

/// Taint labels of a rule that uses them: each source's label and `requires`,
/// each sink's `requires` (a sink without one requires `__SOURCE__`).
#[derive(Default)]
pub struct Labels {
    /// Source matches with their label bit and `requires`, sorted by span.
    pub sources: Vec<(Span, u8, Option<LabelExpr>)>,
    /// What each sink match requires (several sink specs may match one range).
    pub sinks: rustc_hash::FxHashMap<Span, Vec<LabelExpr>>,
}

/// One flow from a source to a sink.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub sink: Span,
    /// The tainted expression inside the sink.
    pub tainted: Span,
    pub trace: Trace,
}

/// `pattern-propagators`: where the pattern matched, taint flows from `from` to `to`.
#[derive(Clone, Debug)]
pub struct Propagation {
    pub at: Span,
    pub from: Span,
    pub to: Span,
}

pub struct Spec<'a> {
    pub sources: &'a Ranges,
    pub sinks: &'a [Span],
    pub sanitizers: &'a Ranges,
    /// Sanitizer matches with `by-side-effect: true`, sorted: the variable
    /// (or field path) matched is clean after the statement that holds it.
    pub side_effects: &'a [Span],
    pub propagators: &'a [Propagation],
    /// `taint_assume_safe_functions`: calls do not pass taint from arguments to result.
    pub safe_functions: bool,
    /// `taint_assume_safe_indexes`: `a[i]` is not tainted by a tainted `i`.
    pub safe_indexes: bool,
    /// `taint_assume_safe_comparisons`: `a == b` carries no taint.
    pub safe_comparisons: bool,
    /// `taint_only_propagate_through_assignments`: only `x = y` (and the
    /// branches of `a if c else b`) pass taint on; operators, calls, indexes
    /// and attributes do not.
    pub only_assignments: bool,
    /// Set when the rule uses taint labels.
    pub labels: Option<&'a Labels>,
}

type State = FxHashMap<String, Trace>;

/// A cap on statements visited, so that pathological nesting stays bounded.
const STEP_LIMIT: usize = super::limits::TAINT_STEPS;

/// The flows from sources to sinks, and whether the step limit cut the analysis short.
pub fn analyze<'t>(bodies: &[(Vec<&'t Node>, &'t Node)], spec: &Spec<'_>) -> (Vec<Flow>, bool) {
    let sinks = Ranges::new(spec.sinks.to_vec());
    let mut walker = TaintWalker { spec, sinks, done: Default::default(), flows: Vec::new(), steps: 0, loops: Vec::new(), tries: Vec::new(), in_element: Default::default(), exact_keys: Default::default() };
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
            let trace = walker.source_at(Span::new(name.start, name.end)).or_else(|| match param.default {
                default if default.kind.is_expr() => walker.expr(default, &State::default()),
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
    spec: &'a Spec<'a>,
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
    /// Evaluating the element of a list comprehension: see [`TaintWalker::comprehension`].
    in_element: std::cell::Cell<bool>,
    /// Looking up the base of a field path: fields under it do not count.
    exact_keys: std::cell::Cell<bool>,
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

/// An expression Semgrep's IL turns into instructions of its own (see [`TaintWalker::comprehension`]).
fn is_instruction(node: &Node) -> bool {
    matches!(
        node.kind,
        Kind::Call
            | Kind::JoinedStr
            | Kind::IfExp
            | Kind::NamedExpr
            | Kind::Await
            | Kind::Yield
            | Kind::YieldFrom
            | Kind::Lambda
            | Kind::ListComp
            | Kind::SetComp
            | Kind::DictComp
            | Kind::GeneratorExp
    )
}

/// Whether a tracked key is a field path under `key` (`o.x`, `o.x.y` under `o`).
fn is_field_of(name: &str, key: &str) -> bool {
    name.len() > key.len() && name.starts_with(key) && name.as_bytes()[key.len()] == b'.'
}

/// Drops what `state` knows of `key` and of every field path under it.
fn forget(state: &mut State, key: &str) {
    state.retain(|name, _| name != key && !is_field_of(name, key));
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

/// Ranges sorted by start, with the running maximum of their ends, for fast
/// "which range contains this span" queries.
pub struct Ranges {
    spans: Vec<Span>,
    max_end: Vec<u32>,
}

impl Ranges {
    pub fn new(mut spans: Vec<Span>) -> Ranges {
        spans.sort();
        spans.dedup();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        Ranges { spans, max_end }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// A range that contains `span`, if any (the innermost-starting one).
    pub fn containing(&self, span: Span) -> Option<Span> {
        let upto = self.spans.partition_point(|s| s.start <= span.start);
        if upto == 0 || self.max_end[upto - 1] < span.end {
            return None;
        }
        self.spans[..upto].iter().rev().find(|s| s.end >= span.end).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Span> {
        self.spans.iter()
    }

    /// The ranges inside `span` or around it, without scanning them all
    /// (a statement is checked against every sink, which made long files quadratic).
    pub fn in_or_around(&self, span: Span) -> Vec<Span> {
        let lo = self.spans.partition_point(|s| s.start < span.start);
        let hi = self.spans.partition_point(|s| s.start <= span.end);
        let mut out: Vec<Span> = Vec::new();
        // Ranges starting before `span` that reach past its end contain it.
        if lo > 0 && self.max_end[lo - 1] >= span.end {
            out.extend(self.spans[..lo].iter().filter(|s| s.contains(span)));
        }
        out.extend(self.spans[lo..hi].iter().filter(|s| span.contains(**s) || s.contains(span)));
        out
    }

    /// Whether some range overlaps `span`.
    pub fn intersects(&self, span: Span) -> bool {
        let upto = self.spans.partition_point(|s| s.start < span.end);
        upto > 0 && self.max_end[upto - 1] > span.start
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

/// The key a target or name is tracked under (`x`, `self.x`, `a.b.c`).
fn key_of(node: &Node) -> Option<String> {
    match node.kind {
        Kind::Name => Some(node.text.to_string()),
        Kind::Attribute => {
            let attribute = node.as_attribute().filter(|a| a.attr.kind == Kind::Ident)?;
            Some(format!("{}.{}", key_of(attribute.value)?, attribute.attr.text))
        }
        _ => None,
    }
}

impl<'a> TaintWalker<'a> {
    fn source_at(&self, span: Span) -> Option<Trace> {
        if let Some(labels) = self.spec.labels {
            // A source without `requires` taints what it matched and all inside it.
            let mut trace: Option<Trace> = None;
            for (source, bit, requires) in labels.sources.iter().take_while(|(s, _, _)| s.start <= span.start) {
                if requires.is_none() && source.contains(span) {
                    add_labels(&mut trace, Trace { source: *source, steps: Vec::new(), labels: 1 << bit });
                }
            }
            return trace;
        }
        self.spec.sources.containing(span).map(|s| Trace { source: s, steps: Vec::new(), labels: 1 })
    }

    /// The taint of an expression under `state`, if any.
    fn expr(&self, node: &Node, state: &State) -> Option<Trace> {
        if self.in_element.get() && is_instruction(node) {
            return None;
        }
        let span = Span::new(node.start, node.end);
        if self.spec.sanitizers.containing(span).is_some() {
            return None;
        }
        if let Some(labels) = self.spec.labels {
            // With labels, every tainted part counts (`a + b` carries both labels),
            // and a source with `requires` adds its label where what it matched
            // already carries the labels it requires.
            let mut trace = self.source_at(span);
            let inner = self.parts(node, state);
            // The sources that matched exactly this expression (sorted by span: a binary search).
            let from = labels.sources.partition_point(|(s, _, _)| *s < span);
            for (source, bit, requires) in labels.sources[from..].iter().take_while(|(s, _, _)| *s == span) {
                if requires.as_ref().is_some_and(|r| inner.as_ref().is_some_and(|t| r.holds(t.labels))) {
                    add_labels(&mut trace, Trace { source: *source, steps: Vec::new(), labels: 1 << bit });
                }
            }
            if let Some(inner) = inner {
                add_labels(&mut trace, inner);
            }
            return trace;
        }
        if let Some(trace) = self.source_at(span) {
            return Some(trace);
        }
        self.parts(node, state)
    }

    /// The taint an expression gets from its parts (names, operands, arguments).
    fn parts(&self, node: &Node, state: &State) -> Option<Trace> {
        if self.spec.only_assignments {
            return match node.kind {
                Kind::Name => state.get(&*node.text).cloned(),
                Kind::IfExp => node.as_if_exp().and_then(|choice| self.taint_of_parts([choice.body, choice.orelse].into_iter(), state)),
                Kind::NamedExpr => node.as_named_expr().and_then(|walrus| self.expr(walrus.value, state)),
                _ => None,
            };
        }
        match node.kind {
            Kind::Name => self.lookup(&node.text, state),
            Kind::Attribute => {
                let base = node.as_attribute()?.value;
                let Some(key) = key_of(node) else { return self.expr(base, state) };
                if let Some(trace) = self.lookup(&key, state) {
                    return Some(trace);
                }
                // `o.y` is not tainted by `o.x` (only `o` itself is).
                let outer = self.exact_keys.replace(true);
                let trace = self.expr(base, state);
                self.exact_keys.set(outer);
                trace
            }
            Kind::Lambda | Kind::FunctionDef | Kind::ClassDef => None,
            // Semgrep carries no taint through a slice (`argv[1:]`), only through an index.
            Kind::Subscript if node.as_subscript().is_some_and(|s| s.slice.kind == Kind::Slice) => None,
            Kind::Subscript if self.spec.safe_indexes => self.expr(node.as_subscript()?.value, state),
            Kind::Compare if self.spec.safe_comparisons => None,
            Kind::ListComp | Kind::GeneratorExp => self.comprehension(node, state),
            Kind::SetComp | Kind::DictComp => None,
            Kind::Call => {
                // A sanitizer-free call: taint from the receiver or the arguments.
                let (func, args) = node.as_call().map(|call| (call.func, call.args))?;
                if self.spec.safe_functions {
                    // Only taint that starts in the callee itself passes (the source in
                    // `request.args.get(...)`), not what its receiver already held
                    // (`q.get(...)` after `q = request.args`), as in Semgrep.
                    return self.source_in_callee(func);
                }
                let receiver = func.as_attribute().map(|method| method.value);
                self.taint_of_parts(receiver.into_iter().chain(args.children.iter()), state)
            }
            _ => self.taint_of_parts(node.children.iter(), state),
        }
    }

    /// The module's globals that functions see tainted, as Semgrep does: a
    /// name assigned once outside functions and classes (`NAME = value`, also
    /// in a branch; not annotated, not one of several targets), from a tainted
    /// value; with where that assignment ends (only functions defined after it see it).
    fn module_globals(&self, module: &Node) -> Vec<(u32, String, Trace)> {
        let mut count: FxHashMap<std::sync::Arc<str>, u32> = FxHashMap::default();
        for stmt in &module.children {
            super::constants::assigned_names(stmt, &mut |name| *count.entry(name).or_default() += 1);
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
                    if let Some(trace) = self.expr(assign.value, state) {
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

    /// What a variable or field path holds: its own taint, or, as in Semgrep,
    /// that of a field under it (`o` after `o.x = source`), unless the path is
    /// the base of a longer one being looked up.
    fn lookup(&self, key: &str, state: &State) -> Option<Trace> {
        if let Some(trace) = state.get(key) {
            return Some(trace.clone());
        }
        if self.exact_keys.get() {
            return None;
        }
        let fields = state.iter().filter(|(k, _)| is_field_of(k, key));
        // The first field in the text, so that the answer does not depend on the map's order.
        fields.min_by_key(|(_, t)| (t.source.start, t.source.end)).map(|(_, t)| t.clone())
    }

    /// The taint of a list comprehension (a generator is one to Semgrep): the
    /// element's, with the loop variables tainted by what they iterate over.
    /// Semgrep's IL evaluates the calls, f-strings, conditional expressions,
    /// walruses and nested comprehensions of an element apart, and what they
    /// give never reaches the list: `[i.lower() for i in args]` is clean,
    /// `[(i.lower(), i) for i in args]` is not. Sets and dicts built by
    /// comprehension carry no taint at all.
    fn comprehension(&self, node: &Node, state: &State) -> Option<Trace> {
        let inner = self.comprehension_scope(node, None, state);
        let element = node.as_comp().map(|c| c.element)?;
        let outer = self.in_element.replace(true);
        let taint = self.expr(element, &inner);
        self.in_element.set(outer);
        taint
    }

    /// The state inside a comprehension: `state` with its loop variables
    /// assigned, generator by generator, up to the one whose iterable holds
    /// `upto` (evaluated outside them).
    fn comprehension_scope(&self, node: &Node, upto: Option<Span>, state: &State) -> State {
        let span = Span::new(node.start, node.end);
        let mut inner = state.clone();
        let generators = match node.kind {
            Kind::DictComp => node.as_dict_comp().map(|c| c.generators),
            _ => node.as_comp().map(|c| c.generators),
        };
        let Some(generators) = generators else { return inner };
        for generator in generators.children.iter().filter_map(Node::as_comprehension) {
            let iter = generator.iter;
            if upto.is_some_and(|s| Span::new(iter.start, iter.end).contains(s)) {
                break;
            }
            let outer = self.in_element.replace(false);
            let taint = self.expr(iter, &inner);
            self.in_element.set(outer);
            self.assign(generator.target, taint, span, &mut inner);
        }
        inner
    }

    /// The state a sink inside comprehensions sees: their loop variables
    /// assigned (`[os.system(c) for c in argv]` runs `os.system` on argv's items).
    fn scope_at(&self, node: &Node, sink: Span, state: &State) -> Option<State> {
        let mut scoped: Option<State> = None;
        let mut at = node;
        loop {
            if matches!(at.kind, Kind::ListComp | Kind::GeneratorExp | Kind::SetComp | Kind::DictComp) && Span::new(at.start, at.end) != sink {
                scoped = Some(self.comprehension_scope(at, Some(sink), scoped.as_ref().unwrap_or(state)));
            }
            match at.children.iter().find(|c| c.kind != Kind::Block && Span::new(c.start, c.end).contains(sink)) {
                Some(child) => at = child,
                None => return scoped,
            }
        }
    }

    /// A source matched on the callee `request.args.get` or on a receiver
    /// along its path (`request.args`), read from the code alone, not from
    /// what variables hold.
    fn source_in_callee(&self, func: &Node) -> Option<Trace> {
        let mut node = func;
        loop {
            if let Some(trace) = self.source_at(Span::new(node.start, node.end)) {
                return Some(trace);
            }
            node = match (node.as_attribute(), node.as_subscript()) {
                (Some(attribute), _) => attribute.value,
                (_, Some(subscript)) => subscript.value,
                _ => return None,
            };
        }
    }

    /// The taint of several parts together: without labels the first tainted
    /// part is enough; with them, all are joined (`a + b` carries both labels).
    fn taint_of_parts<'n>(&self, parts: impl Iterator<Item = &'n Node>, state: &State) -> Option<Trace> {
        let mut tainted = parts.filter_map(|c| self.expr(c, state));
        if self.spec.labels.is_none() {
            return tainted.next();
        }
        let mut out = None;
        for t in tainted {
            add_labels(&mut out, t);
        }
        out
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

    /// Taints (or cleans) an assignment target.
    fn assign(&self, target: &Node, taint: Option<Trace>, step: Span, state: &mut State) {
        match target.kind {
            Kind::Tuple | Kind::List => {
                for t in target.elements() {
                    self.assign(t, taint.clone(), step, state);
                }
            }
            Kind::Starred => {
                if let Some(starred) = target.as_starred() {
                    self.assign(starred.value, taint, step, state);
                }
            }
            Kind::Subscript => {
                // `d[k] = tainted` taints the container; a clean write leaves it as it was.
                if let (Some(mut t), Some(k)) = (taint, target.as_subscript().and_then(|s| key_of(s.value))) {
                    t.steps.push(step);
                    state.insert(k, t);
                }
            }
            _ => {
                if let Some(k) = key_of(target) {
                    match taint {
                        Some(mut t) => {
                            t.steps.push(step);
                            // As in Semgrep, a tainted value adds its labels to those
                            // the variable already had (a clean one clears them).
                            if let Some(old) = state.get(&k) {
                                t.labels |= old.labels;
                            }
                            state.insert(k, t);
                        }
                        // A clean `x = ...` also cleans `x.attr` paths.
                        None => forget(state, &k),
                    }
                }
            }
        }
    }

    /// Checks the sinks that lie in `node` (not in nested blocks) under the current state.
    fn check_sinks(&mut self, node: &Node, state: &State) {
        let span = Span::new(node.start, node.end);
        for sink in self.sinks.in_or_around(span) {
            if self.done.contains(&sink) {
                continue;
            }
            let scoped = self.scope_at(node, sink, state);
            if let Some((tainted, trace)) = self.tainted_within(node, sink, scoped.as_ref().unwrap_or(state)) {
                if let Some(labels) = self.spec.labels {
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
        if let Some(trace) = self.expr(value, state) {
            return Some((Span::new(value.start, value.end), trace));
        }
        // `sink(...)`: each argument is a sink of its own (the call itself may
        // be clean: `taint_assume_safe_functions`).
        if value.kind != Kind::Call {
            return None;
        }
        value.as_call()?.args.children.iter().find_map(|arg| {
            let arg = arg.as_keyword().map_or(arg, |k| k.value);
            self.expr(arg, state).map(|trace| (Span::new(arg.start, arg.end), trace))
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
            if let Some(trace) = self.expr(target, state) {
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
        for p in self.spec.propagators.iter().filter(|p| span.contains(p.at)) {
            let Some(from) = find_node(stmt, p.from) else { continue };
            let Some(to) = find_node(stmt, p.to) else { continue };
            if let (Some(mut trace), Some(key)) = (self.expr(from, state), key_of(to)) {
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
                let taint = self.expr(walrus.value, state);
                self.assign(walrus.target, taint, step, state);
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
        if !self.tries.is_empty() && super::constants::may_raise(stmt) {
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
        if self.spec.side_effects.is_empty() {
            return;
        }
        let from = self.spec.side_effects.partition_point(|s| s.start < stmt.start);
        for &span in self.spec.side_effects[from..].iter().take_while(|s| s.start < stmt.end) {
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
                let taint = self.expr(assign.value, state);
                for target in &assign.targets.children {
                    // A source may match the target itself (`<... $ARGS ...>` inside
                    // `$ARGS = parser.parse_args()`): the variable is tainted from there.
                    let taint = taint.clone().or_else(|| self.source_at(Span::new(target.start, target.end)));
                    self.assign(target, taint, span, state);
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
                    let taint = self.expr(declaration.value, state);
                    self.assign(declaration.target, taint, span, state);
                }
            }
            Kind::AugAssign => {
                self.check_sinks(stmt, state);
                if let Some(update) = stmt.as_aug_assign() {
                    if let Some(mut t) = self.expr(update.value, state) {
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
                let taint = self.expr(each.iter, state);
                return self.run_loop(stmt, each.body, each.orelse, Some((each.target, taint)), state);
            }
            Kind::With => {
                self.check_sinks_header(stmt, state);
                let Some(with) = stmt.as_with() else { return true };
                for item in with.items.children.iter().filter_map(Node::as_with_item) {
                    let taint = self.expr(item.context, state);
                    if item.target.kind != Kind::Empty {
                        self.assign(item.target, taint, span, state);
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
                self.assign(target, taint.clone(), span, &mut s);
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

/// Joins a taint into `into`: the first trace is kept, the labels of both.
fn add_labels(into: &mut Option<Trace>, t: Trace) {
    match into {
        Some(mine) => mine.labels |= t.labels,
        None => *into = Some(t),
    }
}

/// The node with exactly this span inside `root` (the outermost one).
fn find_node(root: &Node, span: Span) -> Option<&Node> {
    if root.start == span.start && root.end == span.end {
        return Some(root);
    }
    root.children.iter().filter(|c| c.start <= span.start && span.end <= c.end).find_map(|c| find_node(c, span))
}

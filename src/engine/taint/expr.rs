//! The taint of an expression under the tainted variables at that point:
//! from a source match it lies in, or from the variables and field paths it
//! reads, unless a sanitizer match holds it; calls pass taint from their
//! arguments and receiver, comprehensions from what they iterate over (as
//! Semgrep's IL evaluates them). Also what an assignment does to a target.
//!
//! Depends on the rule's [`Spec`], the tree and the constant conditions
//! (`precise_constant_conditions`: a conditional expression's dead arm);
//! knows nothing of statements and control flow (`walk.rs`).

use super::super::constants::known_truth;
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::callees::Summaries;
use super::containers;
use super::spec::{Spec, State, Trace};
use super::stops::StopKind;

/// The taint of expressions for one rule: its [`Spec`], and the state of an
/// evaluation in progress.
pub(super) struct ExprTaint<'a> {
    pub spec: &'a Spec<'a>,
    /// `precise_functions`: the summaries of the file's functions, used at calls to them.
    pub summaries: Option<&'a Summaries>,
    /// Evaluating the element of a list comprehension: see [`ExprTaint::comprehension`].
    in_element: std::cell::Cell<bool>,
    /// Looking up the base of a field path: fields under it do not count.
    exact_keys: std::cell::Cell<bool>,
    /// While explaining: what a sanitized expression would carry without its sanitizer.
    unsanitized: std::cell::Cell<bool>,
}

impl<'a> ExprTaint<'a> {
    pub(super) fn new(spec: &'a Spec<'a>) -> Self {
        ExprTaint { spec, summaries: None, in_element: Default::default(), exact_keys: Default::default(), unsanitized: Default::default() }
    }

    pub(super) fn source_at(&self, span: Span) -> Option<Trace> {
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
    pub(super) fn expr(&self, node: &Node, state: &State) -> Option<Trace> {
        if self.in_element.get() && is_instruction(node) {
            self.note_element(node, state);
            return None;
        }
        let span = Span::new(node.start, node.end);
        if let Some(sanitizer) = self.spec.sanitizers.containing(span) {
            if !self.unsanitized.get() {
                self.note_sanitized(node, sanitizer, state);
                return None;
            }
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
                Kind::IfExp => match self.live_arm(node) {
                    Some(arm) => self.expr(arm, state),
                    None => node.as_if_exp().and_then(|choice| self.taint_of_parts([choice.body, choice.orelse].into_iter(), state)),
                },
                Kind::NamedExpr => node.as_named_expr().and_then(|walrus| self.expr(walrus.value, state)),
                _ => {
                    if let Some(stops) = self.spec.stops {
                        if let Some(trace) = tainted_name_in(node, state) {
                            stops.note(StopKind::Option("taint_only_propagate_through_assignments"), Span::new(node.start, node.end), None, Some(trace.source));
                        }
                    }
                    None
                }
            };
        }
        // `precise_containers`: a slot read by a constant index or key.
        if self.spec.precision.containers && state.shapes.is_some() && matches!(node.kind, Kind::Subscript | Kind::Call) {
            if let Some(taint) = containers::read(node, state) {
                if taint.is_none() {
                    self.note_clean_slot(node, state);
                }
                return taint;
            }
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
            // Semgrep carries no taint through a slice (`argv[1:]`), only through
            // an index; `precise_propagation` does (a slice of a tainted string is).
            Kind::Subscript if node.as_subscript().is_some_and(|s| s.slice.kind == Kind::Slice) => match self.spec.precision.propagation {
                true => self.expr(node.as_subscript()?.value, state),
                false => None,
            },
            Kind::Subscript if self.spec.safe_indexes => {
                let subscript = node.as_subscript()?;
                let taint = self.expr(subscript.value, state);
                if taint.is_none() {
                    self.note_option(node, "taint_assume_safe_indexes", [subscript.slice].into_iter(), state);
                }
                taint
            }
            Kind::Compare if self.spec.safe_comparisons => {
                self.note_option(node, "taint_assume_safe_comparisons", node.children.iter(), state);
                None
            }
            Kind::ListComp | Kind::GeneratorExp => self.comprehension(node, state),
            Kind::SetComp | Kind::DictComp => None,
            Kind::Call => {
                // A sanitizer-free call: taint from the receiver or the arguments.
                let (func, args) = node.as_call().map(|call| (call.func, call.args))?;
                if self.spec.safe_functions {
                    // Only taint that starts in the callee itself passes (the source in
                    // `request.args.get(...)`), not what its receiver already held
                    // (`q.get(...)` after `q = request.args`), as in Semgrep.
                    let taint = self.source_in_callee(func);
                    if taint.is_none() {
                        let receiver = func.as_attribute().map(|method| method.value);
                        self.note_option(node, "taint_assume_safe_functions", receiver.into_iter().chain(args.children.iter()), state);
                    }
                    return taint;
                }
                // `precise_functions`: a function of the file passes what its summary says.
                if let Some((summary, args)) = self.summaries.and_then(|s| s.resolve(node)) {
                    let taint = self.taint_of_returns(summary, &args, state);
                    if taint.is_none() {
                        self.note_helper(node, func, &args, state);
                    }
                    return taint;
                }
                let receiver = func.as_attribute().map(|method| method.value);
                self.taint_of_parts(receiver.into_iter().chain(args.children.iter()), state)
            }
            Kind::IfExp if self.spec.precision.constant_conditions => match self.live_arm(node) {
                Some(arm) => self.expr(arm, state),
                None => self.taint_of_parts(node.children.iter(), state),
            },
            _ => self.taint_of_parts(node.children.iter(), state),
        }
    }

    /// `precise_constant_conditions`: the arm of `a if TEST else b` that runs
    /// when `TEST` folds to a constant.
    fn live_arm<'n>(&self, node: &'n Node) -> Option<&'n Node> {
        if !self.spec.precision.constant_conditions {
            return None;
        }
        let choice = node.as_if_exp()?;
        Some(if known_truth(choice.test)? { choice.body } else { choice.orelse })
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
    pub(super) fn scope_at(&self, node: &Node, sink: Span, state: &State) -> Option<State> {
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

    /// The taint a call to a summarized function returns: each argument's
    /// whose parameter reaches a returned value, with the steps into the
    /// function (the parameter) and back (its assignments and `return`).
    fn taint_of_returns(&self, summary: &super::callees::Summary, args: &[(usize, &Node)], state: &State) -> Option<Trace> {
        let mut out: Option<Trace> = None;
        for &(index, arg) in args {
            let Some(Some(steps)) = summary.returns.get(index) else { continue };
            if let Some(mut trace) = self.expr(arg, state) {
                trace.steps.push(summary.params[index].1);
                trace.steps.extend(steps.iter().copied());
                add_labels(&mut out, trace);
            }
        }
        out
    }

    /// Taints (or cleans) an assignment target.
    pub(super) fn assign(&self, target: &Node, taint: Option<Trace>, step: Span, state: &mut State) {
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
                    // What was known of a container under this name is gone.
                    state.drop_shapes(&k);
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
                        None => {
                            if let Some(stops) = self.spec.stops {
                                if let Some((key, trace)) = state.iter().find(|(name, _)| *name == &k || is_field_of(name, &k)) {
                                    stops.note(StopKind::Replaced, step, Some(key.clone()), Some(trace.source));
                                }
                            }
                            forget(state, &k)
                        }
                    }
                }
            }
        }
    }
}

/// While explaining (`Spec::stops`): notes where taint stopped.
impl ExprTaint<'_> {
    /// A sanitizer match holds `node`: noted when `node` would be tainted without it.
    fn note_sanitized(&self, node: &Node, sanitizer: Span, state: &State) {
        let Some(stops) = self.spec.stops else { return };
        self.unsanitized.set(true);
        let would = self.expr(node, state);
        self.unsanitized.set(false);
        if let Some(trace) = would {
            stops.note(StopKind::Sanitized, sanitizer, None, Some(trace.source));
        }
    }

    /// A call (or f-string, ...) in a comprehension's element gives the list
    /// nothing: noted when it would be tainted (or the sanitizer that holds it).
    fn note_element(&self, node: &Node, state: &State) {
        let Some(stops) = self.spec.stops else { return };
        self.in_element.set(false);
        let would = self.expr(node, state);
        self.in_element.set(true);
        if let Some(trace) = would {
            stops.note(StopKind::Element, Span::new(node.start, node.end), None, Some(trace.source));
        }
    }

    /// An option of the rule (`taint_assume_safe_*`) kept `node` clean:
    /// noted when its `parts` are tainted.
    fn note_option<'n>(&self, node: &Node, option: &'static str, parts: impl Iterator<Item = &'n Node>, state: &State) {
        let Some(stops) = self.spec.stops else { return };
        if let Some(trace) = self.taint_of_parts(parts, state) {
            stops.note(StopKind::Option(option), Span::new(node.start, node.end), None, Some(trace.source));
        }
    }

    /// A container read gave a clean slot: noted when the container holds taint.
    fn note_clean_slot(&self, node: &Node, state: &State) {
        let Some(stops) = self.spec.stops else { return };
        let base = node.as_subscript().map(|s| s.value).or_else(|| node.as_call().and_then(|c| c.func.as_attribute()).map(|m| m.value));
        let Some(key) = base.and_then(key_of) else { return };
        if let Some(trace) = state.get(&key) {
            stops.note(StopKind::CleanSlot, Span::new(node.start, node.end), Some(key), Some(trace.source));
        }
    }

    /// A call to a function of the file returned nothing tainted: noted when an argument is tainted.
    fn note_helper(&self, call: &Node, func: &Node, args: &[(usize, &Node)], state: &State) {
        let Some(stops) = self.spec.stops else { return };
        if let Some(trace) = args.iter().find_map(|(_, arg)| self.expr(arg, state)) {
            stops.note(StopKind::Helper, Span::new(call.start, call.end), Some(func.text.to_string()), Some(trace.source));
        }
    }
}

/// The taint of the first tainted variable read under `node` (lambdas aside).
fn tainted_name_in(node: &Node, state: &State) -> Option<Trace> {
    match node.kind {
        Kind::Name => state.get(&*node.text).cloned(),
        Kind::Lambda => None,
        _ => node.children.iter().find_map(|c| tainted_name_in(c, state)),
    }
}

/// An expression Semgrep's IL turns into instructions of its own (see [`ExprTaint::comprehension`]).
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
pub(super) fn forget(state: &mut State, key: &str) {
    state.drop_shapes(key);
    state.retain(|name, _| name != key && !is_field_of(name, key));
}

/// The key a target or name is tracked under (`x`, `self.x`, `a.b.c`).
pub(super) fn key_of(node: &Node) -> Option<String> {
    match node.kind {
        Kind::Name => Some(node.text.to_string()),
        Kind::Attribute => {
            let attribute = node.as_attribute().filter(|a| a.attr.kind == Kind::Ident)?;
            Some(format!("{}.{}", key_of(attribute.value)?, attribute.attr.text))
        }
        _ => None,
    }
}

/// Joins a taint into `into`: the first trace is kept, the labels of both.
fn add_labels(into: &mut Option<Trace>, t: Trace) {
    match into {
        Some(mine) => mine.labels |= t.labels,
        None => *into = Some(t),
    }
}

//! Containers by slot (`precise_containers`) and the propagation Semgrep
//! misses (`precise_propagation`), for the rules that ask (issue 19).
//!
//! Semgrep taints a container as a whole: once a tainted value is in a list,
//! dict or tuple, every item read from it is tainted (`d["a"]` after
//! `d = {"a": "ok", "b": param}`), and a value put in by a method call
//! (`lst.append(param)`, `cfg.set("s", "k", param)`, `buf.write(param)`)
//! taints nothing. With `precise_containers` a container whose slots are all
//! known (built from a literal; a `configparser` parser) is followed slot by
//! slot ([`Shape`]) through the operations listed in [`plan`]; reading a
//! slot by a constant index or key gives that slot's taint. Any other use of
//! the container (an unknown index or key, another method, passing it on,
//! aliasing it) forgets its shape, and from there it is tainted as a whole,
//! as in Semgrep: the whole container's taint is always the join of its
//! slots'. With `precise_propagation`, a slice carries the taint of what it
//! slices (Semgrep's carries none), text written to an `io.StringIO` or
//! `io.BytesIO` taints it (and what is read back), and so does a value set
//! in a `configparser` parser.
//!
//! Depends on the spec's types and the tree; the taint of an expression
//! comes in as a function (`expr.rs` asks [`read`], `walk.rs` runs [`plan`]
//! and [`apply`]).

use super::super::limits::MAX_CONTAINER_SLOTS;
use super::super::source::Span;
use super::super::tree::{ConstValue, Kind, Node};
use super::super::precision::Precision;
use super::spec::{Shape, State, Trace};

/// The variable or field path a container is tracked under (as `expr::key_of`).
fn key(node: &Node) -> Option<String> {
    node.dotted()
}

/// A constant index or key: `i:3`, `s:name` (a dict's key; a list's index is the number).
fn constant(node: &Node) -> Option<String> {
    match node.kind {
        Kind::Str if node.children.is_empty() || node.children.iter().all(|c| c.kind == Kind::Str) => Some(format!("s:{}", node.text)),
        Kind::Int => node.text.parse::<i64>().ok().map(|i| format!("i:{i}")),
        Kind::UnaryOp if &*node.text == "-" => {
            let operand = node.as_unary_op()?.operand;
            (operand.kind == Kind::Int).then(|| operand.text.parse::<i64>().ok().map(|i| format!("i:{}", -i)))?
        }
        // A name constant propagation knows the value of.
        Kind::Name => match node.constant.as_deref() {
            Some(ConstValue::Literal(value)) if value.kind != Kind::Name => constant(value),
            _ => None,
        },
        _ => None,
    }
}

/// A constant integer index.
fn index(node: &Node) -> Option<i64> {
    constant(node)?.strip_prefix("i:")?.parse().ok()
}

/// A constant string (a section or option name).
fn text(node: &Node) -> Option<String> {
    constant(node)?.strip_prefix("s:").map(str::to_string)
}

/// `index` into a sequence of `len` items, as Python reads it (negative from the end).
fn position(index: i64, len: usize) -> Option<usize> {
    let at = if index < 0 { len as i64 + index } else { index };
    (0..len as i64).contains(&at).then_some(at as usize)
}

/// The bounds of a slice with constant (or missing) bounds and no step, as positions in `len` items.
fn bounds(slice: &Node, len: usize) -> Option<(usize, usize)> {
    let slice = slice.as_slice()?;
    if !matches!(slice.step.kind, Kind::Empty | Kind::Absent) {
        return None;
    }
    let clamp = |node: &Node, missing: usize| -> Option<usize> {
        if matches!(node.kind, Kind::Empty | Kind::Absent) {
            return Some(missing);
        }
        let i = index(node)?;
        Some(if i < 0 { (len as i64 + i).max(0) as usize } else { (i as usize).min(len) })
    };
    let (lower, upper) = (clamp(slice.lower, 0)?, clamp(slice.upper, len)?);
    Some((lower, upper.max(lower)))
}

/// Joins slot taints: the first trace, the labels of all.
fn join_all<'t>(slots: impl Iterator<Item = &'t Option<Trace>>) -> Option<Trace> {
    let mut out: Option<Trace> = None;
    for t in slots.flatten() {
        match &mut out {
            Some(mine) => mine.labels |= t.labels,
            None => out = Some(t.clone()),
        }
    }
    out
}

/// A container's taint as a whole: the join of its slots'.
fn whole(shape: &Shape) -> Option<Trace> {
    match shape {
        Shape::Seq(items) => join_all(items.iter()),
        Shape::Dict(slots) | Shape::Config(slots) => join_all(slots.iter().map(|(_, t)| t)),
        Shape::Stream => None,
    }
}

fn slot<'s>(slots: &'s [(String, Option<Trace>)], key: &str) -> Option<&'s Option<Trace>> {
    slots.iter().find(|(k, _)| k == key).map(|(_, t)| t)
}

/// The option of a config: `section\0option`.
fn option_key(section: &str, option: &str) -> String {
    format!("{section}\0{option}")
}

/// What reading `node` gives when it reads a slot of a container whose
/// shape is known (`precise_containers`): `Some(taint)`; `None` when it is
/// no such read (the caller falls back to the whole container's taint).
pub(super) fn read(node: &Node, state: &State) -> Option<Option<Trace>> {
    state.shapes.as_ref()?;
    let shape_of = |base: &Node| base.dotted().and_then(|k| state.shape(&k));
    if let Some(subscript) = node.as_subscript() {
        // `cfg["s"]["k"]`: an option of a section.
        if let Some(section) = subscript.value.as_subscript() {
            if let (Some(Shape::Config(slots)), Some(s), Some(o)) = (shape_of(section.value), text(section.slice), text(subscript.slice)) {
                return Some(slot(slots, &option_key(&s, &o)).cloned().flatten());
            }
        }
        return match shape_of(subscript.value)? {
            Shape::Seq(items) => match subscript.slice.kind {
                Kind::Slice => bounds(subscript.slice, items.len()).map(|(lo, hi)| join_all(items[lo..hi].iter())),
                // Out of range raises: nothing is read.
                _ => Some(position(index(subscript.slice)?, items.len()).and_then(|at| items[at].clone())),
            },
            Shape::Dict(slots) => Some(slot(slots, &constant(subscript.slice)?).cloned().flatten()),
            Shape::Config(slots) => {
                // A section as a whole.
                let prefix = option_key(&text(subscript.slice)?, "");
                Some(join_all(slots.iter().filter(|(k, _)| k.starts_with(&prefix)).map(|(_, t)| t)))
            }
            Shape::Stream => None,
        };
    }
    let call = node.as_call()?;
    let method = call.func.as_attribute()?;
    let args: Vec<&Node> = call.args.children.iter().collect();
    if args.iter().any(|a| a.kind == Kind::Keyword) {
        return None;
    }
    match (shape_of(method.value)?, &*method.attr.text, args.as_slice()) {
        (Shape::Seq(items), "pop", []) => Some(items.last().cloned().flatten()),
        (Shape::Seq(items), "pop", [i]) => Some(position(index(i)?, items.len()).and_then(|at| items[at].clone())),
        // A key that is there gives its value; a missing one the default (whose taint is not known here).
        (Shape::Dict(slots), "get" | "pop" | "setdefault", [key, rest @ ..]) => match slot(slots, &constant(key)?) {
            Some(t) => Some(t.clone()),
            None if rest.is_empty() => Some(None),
            None => None,
        },
        (Shape::Config(slots), "get" | "getint" | "getfloat" | "getboolean", [section, option]) => Some(slot(slots, &option_key(&text(section)?, &text(option)?)).cloned().flatten()),
        _ => None,
    }
}

/// What a statement does to the containers: new shapes, shapes forgotten,
/// whole containers tainted (see [`apply`]).
#[derive(Default)]
pub(super) struct Plan {
    changes: Vec<(String, Change)>,
}

enum Change {
    Shape(Shape),
    Forget,
    /// The container as a whole takes this taint too (`precise_propagation`).
    Taint(Trace),
}

/// The taint of an expression under the state before the statement.
pub(super) type TaintOf<'f> = &'f dyn Fn(&Node) -> Option<Trace>;

/// Whether `func` names one of these callables (by the import it resolves to, or as written).
fn calls(func: &Node, names: &[&str]) -> bool {
    // The callable's own name first: most calls are none of these.
    let last = func.as_attribute().map_or(&*func.text, |a| &*a.attr.text);
    if last.is_empty() || !names.iter().any(|n| n.rsplit('.').next() == Some(last)) {
        return false;
    }
    let dotted = func.qualified().map(str::to_string).or_else(|| func.dotted());
    let attr_of = func.as_attribute().and_then(|a| a.value.qualified().map(|m| format!("{m}.{}", a.attr.text)));
    [dotted, attr_of].into_iter().flatten().any(|n| names.contains(&n.as_str()))
}

const CONFIG_PARSERS: &[&str] = &[
    "configparser.ConfigParser",
    "configparser.RawConfigParser",
    "configparser.SafeConfigParser",
    "ConfigParser.ConfigParser",
    "ConfigParser.RawConfigParser",
    "ConfigParser.SafeConfigParser",
];
const STREAMS: &[&str] = &["io.StringIO", "io.BytesIO", "StringIO.StringIO", "cStringIO.StringIO"];

/// What the statement (its own expressions: not its nested blocks) does to
/// the containers, read under the state before it.
pub(super) fn plan(stmt: &Node, state: &State, precise: Precision, taint_of: TaintOf<'_>) -> Plan {
    let mut planner = Planner { state, precise, taint_of, step: Span::new(stmt.start, stmt.end), plan: Plan::default() };
    if let Some(assign) = stmt.as_assign() {
        if state.shapes.is_some() {
            planner.uses(assign.value);
        }
        match assign.targets.children.as_slice() {
            [target] => planner.target(target, assign.value),
            // `a = b = [...]`: two names for one container, not followed.
            targets => targets.iter().for_each(|t| planner.uses(t)),
        }
    } else if matches!(stmt.kind, Kind::FunctionDef | Kind::ClassDef) {
        // Only the name is bound (`end_function` forgets it).
    } else if state.shapes.is_some() {
        // `del lst[0]`, `d["k"] += x`: a container written in place forgets its shape.
        let written: Vec<&Node> = match stmt.kind {
            Kind::Delete => stmt.as_delete().map(|d| d.targets.children.iter().collect()).unwrap_or_default(),
            Kind::AugAssign => stmt.as_aug_assign().map(|a| vec![a.target]).unwrap_or_default(),
            _ => Vec::new(),
        };
        for target in written {
            let mut base = target;
            while let Some(inner) = base.as_subscript() {
                base = inner.value;
            }
            planner.uses(base);
        }
        for child in stmt.children.iter().filter(|c| !matches!(c.kind, Kind::Block | Kind::Handlers | Kind::Cases)) {
            planner.uses(child);
        }
    }
    planner.plan
}

/// Applies a plan after the statement's own assignments.
pub(super) fn apply(plan: Plan, state: &mut State) {
    for (key, change) in plan.changes {
        match change {
            Change::Forget => state.drop_shapes(&key),
            Change::Taint(trace) => {
                let mut trace = trace;
                if let Some(old) = state.get(&key) {
                    trace.labels |= old.labels;
                }
                state.insert(key, trace);
            }
            Change::Shape(shape) => {
                // The whole container is the join of its slots.
                match whole(&shape) {
                    Some(trace) => {
                        state.insert(key.clone(), trace);
                    }
                    None if shape != Shape::Stream => {
                        state.remove(&key);
                    }
                    None => {}
                }
                state.set_shape(key, shape);
            }
        }
    }
}

struct Planner<'p, 'f> {
    state: &'p State,
    precise: Precision,
    taint_of: TaintOf<'f>,
    /// The statement, the step each stored value's trace takes.
    step: Span,
    plan: Plan,
}

impl Planner<'_, '_> {
    /// The shape of `key` as the statement has left it so far.
    fn current(&self, key: &str) -> Option<Shape> {
        for (k, change) in self.plan.changes.iter().rev() {
            if k == key {
                return match change {
                    Change::Shape(shape) => Some(shape.clone()),
                    Change::Forget => None,
                    Change::Taint(_) => continue,
                };
            }
        }
        self.state.shape(key).cloned()
    }

    fn change(&mut self, key: String, change: Change) {
        self.plan.changes.push((key, change));
    }

    /// A value stored in a slot: its taint, with this statement as a step.
    fn stored(&self, value: &Node) -> Option<Trace> {
        (self.taint_of)(value).map(|mut t| {
            t.steps.push(self.step);
            t
        })
    }

    /// `target = value`: a new shape for a container built here, or a slot written.
    fn target(&mut self, target: &Node, value: &Node) {
        if let Some(subscript) = target.as_subscript() {
            self.uses(subscript.slice);
            self.write(subscript.value, subscript.slice, value);
            return;
        }
        // Only a plain name is followed: another function may change `self.x`
        // (`a, b = ...`: each name is assigned, and forgets its shape, in `expr.rs`).
        if target.kind != Kind::Name {
            self.uses(target);
            return;
        }
        if let Some(shape) = self.built(value) {
            self.change(target.text.to_string(), Change::Shape(shape));
        }
    }

    /// The shape of a container `value` builds, if known.
    fn built(&self, value: &Node) -> Option<Shape> {
        let containers = self.precise.containers;
        match value.kind {
            Kind::List | Kind::Tuple if containers && value.elements().len() <= MAX_CONTAINER_SLOTS && value.elements().iter().all(|e| e.kind != Kind::Starred) => {
                Some(Shape::Seq(value.elements().iter().map(|e| self.stored(e)).collect()))
            }
            Kind::Dict if containers => {
                let items = value.as_dict()?.items;
                if items.children.len() > MAX_CONTAINER_SLOTS {
                    return None;
                }
                let mut slots: Vec<(String, Option<Trace>)> = Vec::new();
                for item in &items.children {
                    let item = item.as_dict_item()?;
                    let key = constant(item.key)?;
                    slots.retain(|(k, _)| *k != key);
                    slots.push((key, self.stored(item.value)));
                }
                Some(Shape::Dict(slots))
            }
            Kind::Subscript if containers => {
                // A slice of a sequence whose items are known.
                let subscript = value.as_subscript()?;
                match self.current(&key(subscript.value)?)? {
                    Shape::Seq(items) if subscript.slice.kind == Kind::Slice => {
                        let (lo, hi) = bounds(subscript.slice, items.len())?;
                        Some(Shape::Seq(items[lo..hi].to_vec()))
                    }
                    _ => None,
                }
            }
            Kind::Call => {
                let call = value.as_call()?;
                if (containers || self.precise.propagation) && call.args.children.is_empty() && calls(call.func, CONFIG_PARSERS) {
                    Some(Shape::Config(Vec::new()))
                } else if self.precise.propagation && calls(call.func, STREAMS) {
                    Some(Shape::Stream)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// `base[slice] = value`.
    fn write(&mut self, base: &Node, slice: &Node, value: &Node) {
        // `cfg["s"]["k"] = value`
        if let Some(section) = base.as_subscript() {
            if let Some(key) = key(section.value) {
                if let (Some(Shape::Config(slots)), Some(s), Some(o)) = (self.current(&key), text(section.slice), text(slice)) {
                    self.set_option(key, slots, option_key(&s, &o), value);
                    return;
                }
            }
            self.uses(base);
            return;
        }
        let Some(key) = key(base) else {
            self.uses(base);
            return;
        };
        let stored = self.stored(value);
        let shape = match self.current(&key) {
            Some(Shape::Seq(mut items)) => index(slice).and_then(|i| position(i, items.len())).map(|at| {
                items[at] = stored;
                Shape::Seq(items)
            }),
            Some(Shape::Dict(mut slots)) => constant(slice).filter(|_| slots.len() < MAX_CONTAINER_SLOTS).map(|k| {
                slots.retain(|(name, _)| *name != k);
                slots.push((k, stored));
                Shape::Dict(slots)
            }),
            // `cfg["section"] = {"option": value, ...}`
            Some(Shape::Config(_)) if text(slice).is_some() && value.kind == Kind::Dict => {
                let section = text(slice).unwrap_or_default();
                for item in value.as_dict().map(|d| &d.items.children[..]).unwrap_or_default() {
                    let (Some(item), Some(Shape::Config(slots))) = (item.as_dict_item(), self.current(&key)) else { break };
                    let Some(option) = text(item.key) else {
                        self.change(key, Change::Forget);
                        return;
                    };
                    self.set_option(key.clone(), slots, option_key(&section, &option), item.value);
                }
                return;
            }
            Some(_) => None,
            None => return,
        };
        self.change(key, shape.map_or(Change::Forget, Change::Shape));
    }

    /// An option set in a config parser: by slot, or (without `precise_containers`) the whole parser tainted.
    fn set_option(&mut self, key: String, mut slots: Vec<(String, Option<Trace>)>, option: String, value: &Node) {
        let stored = self.stored(value);
        if !self.precise.containers {
            if let Some(trace) = stored {
                self.change(key, Change::Taint(trace));
            }
            return;
        }
        if slots.len() >= MAX_CONTAINER_SLOTS {
            self.change(key, Change::Forget);
            return;
        }
        slots.retain(|(k, _)| *k != option);
        slots.push((option, stored));
        self.change(key, Change::Shape(Shape::Config(slots)));
    }

    /// The parts of an expression: a container used other than by a known
    /// read or operation forgets its shape.
    fn uses(&mut self, node: &Node) {
        if self.state.shapes.is_none() && self.plan.changes.is_empty() {
            return;
        }
        match node.kind {
            Kind::Name | Kind::Attribute => {
                if let Some(key) = key(node) {
                    if self.current(&key).is_some() {
                        self.change(key, Change::Forget);
                        return;
                    }
                }
                if let Some(attribute) = node.as_attribute() {
                    self.uses(attribute.value);
                }
            }
            Kind::Subscript => {
                // A read, by a constant index or key or not, leaves the shape as it is.
                let Some(subscript) = node.as_subscript() else { return };
                self.uses(subscript.slice);
                if !key(subscript.value).is_some_and(|k| self.current(&k).is_some()) {
                    self.uses(subscript.value);
                }
            }
            Kind::Call => {
                let Some(call) = node.as_call() else { return };
                for arg in &call.args.children {
                    self.uses(arg);
                }
                let method = call.func.as_attribute();
                let key = method.and_then(|m| key(m.value));
                match (key, method) {
                    (Some(key), Some(method)) if self.current(&key).is_some() => self.method(key, &method.attr.text, call.args),
                    _ => self.uses(call.func),
                }
            }
            Kind::Lambda => {
                if let Some(lambda) = node.as_lambda() {
                    self.uses(lambda.body);
                }
            }
            _ => {
                for child in &node.children {
                    self.uses(child);
                }
            }
        }
    }

    /// `key.method(args)` on a container whose shape is known.
    fn method(&mut self, key: String, method: &str, args: &Node) {
        let args: Vec<&Node> = args.children.iter().collect();
        let Some(shape) = self.current(&key) else { return };
        if args.iter().any(|a| matches!(a.kind, Kind::Starred | Kind::DoubleStarred)) {
            self.change(key, Change::Forget);
            return;
        }
        let keyword = args.iter().any(|a| a.kind == Kind::Keyword);
        let changed: Option<Option<Shape>> = match (shape, method, args.as_slice()) {
            // Reads.
            (Shape::Seq(_), "index" | "count" | "copy", _) | (Shape::Dict(_), "get" | "keys" | "values" | "items" | "copy", _) => Some(None),
            (Shape::Config(_), "get" | "getint" | "getfloat" | "getboolean" | "has_option" | "has_section" | "sections" | "options" | "add_section", _) => Some(None),
            (Shape::Stream, "getvalue" | "read" | "readline" | "readlines" | "seek" | "tell" | "close" | "truncate" | "flush", _) => Some(None),
            // Writes.
            (Shape::Seq(mut items), "append", [value]) if items.len() < MAX_CONTAINER_SLOTS => {
                items.push(self.stored(value));
                Some(Some(Shape::Seq(items)))
            }
            (Shape::Seq(mut items), "insert", [at, value]) if items.len() < MAX_CONTAINER_SLOTS => index(at).map(|i| {
                // Python clamps the position.
                let len = items.len() as i64;
                let at = if i < 0 { (len + i).max(0) } else { i.min(len) } as usize;
                items.insert(at, self.stored(value));
                Some(Shape::Seq(items))
            }),
            (Shape::Seq(mut items), "extend", [more]) if matches!(more.kind, Kind::List | Kind::Tuple) && more.elements().iter().all(|e| e.kind != Kind::Starred) && items.len() + more.elements().len() <= MAX_CONTAINER_SLOTS => {
                items.extend(more.elements().iter().map(|e| self.stored(e)));
                Some(Some(Shape::Seq(items)))
            }
            (Shape::Seq(mut items), "pop", []) => {
                items.pop();
                Some(Some(Shape::Seq(items)))
            }
            (Shape::Seq(mut items), "pop", [at]) => index(at).and_then(|i| position(i, items.len())).map(|at| {
                items.remove(at);
                Some(Shape::Seq(items))
            }),
            (Shape::Seq(mut items), "reverse", []) => {
                items.reverse();
                Some(Some(Shape::Seq(items)))
            }
            (Shape::Seq(_), "clear", []) => Some(Some(Shape::Seq(Vec::new()))),
            (Shape::Dict(_), "clear", []) => Some(Some(Shape::Dict(Vec::new()))),
            (Shape::Dict(mut slots), "pop", [k, ..]) if !keyword => constant(k).map(|k| {
                slots.retain(|(name, _)| *name != k);
                Some(Shape::Dict(slots))
            }),
            (Shape::Dict(mut slots), "setdefault", [k, rest @ ..]) if !keyword && slots.len() < MAX_CONTAINER_SLOTS => constant(k).map(|k| {
                if slot(&slots, &k).is_none() {
                    let stored = rest.first().and_then(|v| self.stored(v));
                    slots.push((k, stored));
                }
                Some(Shape::Dict(slots))
            }),
            (Shape::Dict(slots), "update", update) => self.update(slots, update),
            (Shape::Config(slots), "set", [section, option, value]) if !keyword => match (text(section), text(option)) {
                (Some(s), Some(o)) => {
                    self.set_option(key, slots, option_key(&s, &o), value);
                    return;
                }
                _ => None,
            },
            (Shape::Stream, "write" | "writelines", [value]) => {
                if let Some(trace) = self.stored(value) {
                    self.change(key, Change::Taint(trace));
                }
                return;
            }
            _ => None,
        };
        match changed {
            Some(Some(shape)) => self.change(key, Change::Shape(shape)),
            Some(None) => {}
            None => self.change(key, Change::Forget),
        }
    }

    /// `d.update({...})` with constant keys, or `d.update(k=v, ...)`.
    fn update(&self, mut slots: Vec<(String, Option<Trace>)>, args: &[&Node]) -> Option<Option<Shape>> {
        let mut pairs: Vec<(String, &Node)> = Vec::new();
        for arg in args {
            if let Some(keyword) = arg.as_keyword() {
                pairs.push((format!("s:{}", keyword.name.text), keyword.value));
            } else {
                for item in &arg.as_dict()?.items.children {
                    let item = item.as_dict_item()?;
                    pairs.push((constant(item.key)?, item.value));
                }
            }
        }
        for (k, value) in pairs {
            slots.retain(|(name, _)| *name != k);
            slots.push((k, self.stored(value)));
        }
        (slots.len() <= MAX_CONTAINER_SLOTS).then_some(Some(Shape::Dict(slots)))
    }
}

/// Where two paths meet: a shape known on both (the same kind and length)
/// is kept, slot by slot joined; any other is forgotten.
pub(super) fn join(into: &mut State, other: Option<Box<rustc_hash::FxHashMap<String, Shape>>>) {
    let Some(other) = other else {
        into.shapes = None;
        return;
    };
    let Some(mine) = into.shapes.as_mut() else { return };
    mine.retain(|key, shape| {
        let Some(theirs) = other.get(key) else { return false };
        join_shape(shape, theirs)
    });
    if mine.is_empty() {
        into.shapes = None;
    }
}

/// Joins `theirs` into `mine`, slot by slot; false when they do not fit.
fn join_shape(mine: &mut Shape, theirs: &Shape) -> bool {
    fn add(into: &mut Option<Trace>, theirs: &Option<Trace>) {
        let Some(t) = theirs else { return };
        match into.as_mut() {
            Some(m) => m.labels |= t.labels,
            None => *into = Some(t.clone()),
        }
    }
    match (mine, theirs) {
        (Shape::Seq(a), Shape::Seq(b)) if a.len() == b.len() => {
            a.iter_mut().zip(b).for_each(|(x, y)| add(x, y));
            true
        }
        (Shape::Dict(a), Shape::Dict(b)) | (Shape::Config(a), Shape::Config(b)) => {
            // A key set on one path only may be missing: its taint is the one path's.
            for (k, t) in b {
                match a.iter_mut().find(|(name, _)| name == k) {
                    Some((_, mine)) => add(mine, t),
                    None => a.push((k.clone(), t.clone())),
                }
            }
            a.len() <= MAX_CONTAINER_SLOTS
        }
        (Shape::Stream, Shape::Stream) => true,
        _ => false,
    }
}

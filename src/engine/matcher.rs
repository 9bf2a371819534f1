//! Pattern tree vs code tree.
//!
//! [`Matcher::m`] takes a pattern node, a code node and the bindings so far,
//! and returns every way the two can match (each a set of bindings). Sequences
//! (`...`, `$...X`, keyword arguments in any order, deep statement sequences)
//! are handled in [`Matcher::m_seq`]. [`find`] tries a pattern everywhere in a
//! file. Every call costs one step from a budget, so no pattern can make the
//! search run away: when the budget is gone the search stops and says so.

pub use super::metavar::is_metavar_name;
use super::pattern::{Pattern, Shape};
use super::source::Span;
use super::tree::{Kind, Node};
use std::cell::Cell;
use rustc_hash::FxHashMap as HashMap;
use smallvec::{smallvec, SmallVec};
use std::rc::Rc;
use std::sync::Arc;

/// What a metavariable is bound to.
#[derive(Clone, Debug)]
pub enum Bound<'t> {
    Node(&'t Node),
    Seq(Vec<&'t Node>),
    /// `"$X"` in a pattern: the contents of the string literal (or of the
    /// string a name is known to hold), without quotes.
    Content(&'t Node),
    /// A metavariable for one part of an imported name's qualified name
    /// (`$M` in `$M.$F` on `system` after `from os import system`): the code
    /// node it spans and the part it stands for. `metavariable-regex` sees the
    /// part's own name (`os`), and also the code's text when `text_too`.
    Part { node: &'t Node, name: &'t str, text_too: bool },
}

impl<'t> Bound<'t> {
    pub fn span(&self) -> Span {
        match self {
            Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => Span::new(n.start, n.end),
            Bound::Seq(items) => match (items.first(), items.last()) {
                (Some(first), Some(last)) => Span::new(first.start, last.end),
                _ => Span::default(),
            },
        }
    }

    pub fn node(&self) -> Option<&'t Node> {
        match self {
            Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => Some(n),
            Bound::Seq(_) => None,
        }
    }

    fn same_as(&self, other: &Bound<'t>) -> bool {
        match (self, other) {
            (Bound::Part { node, .. }, other) | (other, Bound::Part { node, .. }) => Bound::Node(node).same_as(other),
            (Bound::Node(a), Bound::Node(b)) => {
                a.same_as(b) || same_name(a, b) || same_constant(a, b) || same_constant(b, a) || same_symbolic(a, b) || same_symbolic(b, a)
            }
            (Bound::Seq(a), Bound::Seq(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y)),
            (Bound::Node(a), Bound::Seq(b)) | (Bound::Seq(b), Bound::Node(a)) => b.len() == 1 && a.same_as(b[0]),
            (Bound::Content(a), Bound::Content(b) | Bound::Node(b)) | (Bound::Node(b), Bound::Content(a)) => {
                a.literal_string().is_some_and(|x| b.literal_string().is_some_and(|y| x == y))
            }
            (Bound::Content(_), Bound::Seq(_)) | (Bound::Seq(_), Bound::Content(_)) => false,
        }
    }
}

thread_local! {
    /// Whether the rule being run has `symbolic_propagation` (see [`with_symbolic_equality`]).
    static SYMBOLIC_EQUALITY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with names compared by what they hold when `on` (a rule with
/// `symbolic_propagation`: after `x = default`, `$D` bound to `x` and to
/// `default` is one binding, as in Semgrep).
pub fn with_symbolic_equality<R>(on: bool, f: impl FnOnce() -> R) -> R {
    let before = SYMBOLIC_EQUALITY.with(|s| s.replace(on));
    let out = f();
    SYMBOLIC_EQUALITY.with(|s| s.set(before));
    out
}

/// Under symbolic equality, a name that holds the expression `other` is `other`.
fn same_symbolic(name: &Node, other: &Node) -> bool {
    match name.constant.as_deref() {
        Some(super::tree::ConstValue::Symbolic(value)) if name.kind == Kind::Name => {
            SYMBOLIC_EQUALITY.with(|s| s.get()) && (value.same_as(other) || same_name(value, other))
        }
        _ => false,
    }
}

/// A name known to hold a literal is that literal (`x == 0` after `x = 0` matches `$X == $X`).
fn same_constant(name: &Node, literal: &Node) -> bool {
    match name.constant.as_deref() {
        Some(super::tree::ConstValue::Literal(value)) if name.kind == Kind::Name => {
            value.kind == literal.kind && value.text == literal.text && literal.children.is_empty()
        }
        _ => false,
    }
}

/// An identifier bound as a definition name and as a use are the same name.
fn same_name(a: &Node, b: &Node) -> bool {
    matches!(a.kind, Kind::Ident | Kind::Name) && matches!(b.kind, Kind::Ident | Kind::Name) && a.text == b.text
}

/// Bindings of one match: a persistent list (newest first), so that copying
/// an `Env` (which the search does at every branch) is a reference count, not
/// an allocation.
#[derive(Clone, Debug, Default)]
pub struct Env<'t> {
    head: Option<Rc<Link<'t>>>,
    len: usize,
    /// End of the last code statement a sequence pattern matched.
    pub last_end: u32,
}

#[derive(Debug)]
struct Link<'t> {
    name: Arc<str>,
    value: Bound<'t>,
    next: Option<Rc<Link<'t>>>,
}

impl<'t> Env<'t> {
    fn links(&self) -> impl Iterator<Item = &Link<'t>> {
        std::iter::successors(self.head.as_deref(), |link| link.next.as_deref())
    }

    /// How many names are bound.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bindings in the order they were made.
    pub fn binds(&self) -> Vec<(&Arc<str>, &Bound<'t>)> {
        let mut out: Vec<(&Arc<str>, &Bound<'t>)> = self.links().map(|l| (&l.name, &l.value)).collect();
        out.reverse();
        out
    }

    pub fn get(&self, name: &str) -> Option<&Bound<'t>> {
        self.links().find(|l| &*l.name == name).map(|l| &l.value)
    }

    /// Adds a binding, or checks it against the existing one.
    pub fn bind(mut self, name: &Arc<str>, value: Bound<'t>) -> Option<Env<'t>> {
        if &**name == "$_" || &**name == "$..._" {
            return Some(self);
        }
        match self.get(name) {
            Some(existing) => existing.same_as(&value).then_some(self),
            None => {
                self.head = Some(Rc::new(Link { name: Arc::clone(name), value, next: self.head.take() }));
                self.len += 1;
                Some(self)
            }
        }
    }

    /// Merges two binding sets if they agree on every shared name.
    pub fn merge(&self, other: &Env<'t>) -> Option<Env<'t>> {
        let mut merged = self.clone();
        for (name, value) in other.binds() {
            merged = merged.bind(name, value.clone())?;
        }
        Some(merged)
    }

    /// True if the shared names are bound to the same code.
    pub fn compatible(&self, other: &Env<'t>) -> bool {
        other.links().all(|l| self.get(&l.name).map_or(true, |mine| mine.same_as(&l.value)))
    }

    pub fn same_bindings(&self, other: &Env<'t>) -> bool {
        self.len == other.len && self.links().all(|l| other.get(&l.name).map_or(false, |o| o.span() == l.value.span()))
    }
}

/// What a set-matched list holds, which decides how its items match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SetOf {
    Decorators,
    Statements,
    Plain,
}

/// Steps one pattern may take on one file before the search gives up.
pub const DEFAULT_BUDGET: u64 = super::limits::MATCH_STEPS;

pub struct Matcher<'p> {
    pattern: &'p Pattern,
    budget: Cell<u64>,
    /// (pattern statement, code statement) pairs known not to match under any
    /// bindings (a match with bindings implies one without), so that `...`
    /// does not retry them from every earlier start.
    never: std::cell::RefCell<rustc_hash::FxHashSet<(usize, usize)>>,
}

/// The ways a match can go: usually none or one, so no allocation for those.
type Envs<'t> = SmallVec<[Env<'t>; 1]>;

impl<'p> Matcher<'p> {
    pub fn new(pattern: &'p Pattern, budget: u64) -> Self {
        Matcher { pattern, budget: Cell::new(budget), never: Default::default() }
    }

    pub fn exhausted(&self) -> bool {
        self.budget.get() == 0
    }

    fn tick(&self) -> bool {
        let left = self.budget.get();
        if left == 0 {
            return false;
        }
        self.budget.set(left - 1);
        true
    }

    /// Every way `pattern` matches `code`, extending `env`.
    pub fn m<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if !self.tick() {
            return Envs::new();
        }
        if self.pattern.symbolic && code.kind == Kind::Name && !matches!(pattern.kind, Kind::MetaVar | Kind::Typed | Kind::Ellipsis) {
            if let Some(super::tree::ConstValue::Symbolic(value)) = code.constant.as_deref() {
                // Symbolic propagation: the name, or failing that the expression it holds.
                let direct = self.m_node(pattern, code, env.clone());
                return if direct.is_empty() { self.m(pattern, value, env) } else { direct };
            }
        }
        self.m_node(pattern, code, env)
    }

    fn m_node<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        match pattern.kind {
            Kind::MetaVar => {
                if bindable(code) {
                    env.bind(&pattern.text, Bound::Node(code)).into_iter().collect()
                } else {
                    Envs::new()
                }
            }
            Kind::Ellipsis => {
                if code.kind.is_seq() || matches!(code.kind, Kind::Keyword | Kind::DoubleStarred) {
                    Envs::new()
                } else {
                    smallvec![env]
                }
            }
            Kind::Absent => smallvec![env],
            // `$X: $T = $V` declares a variable: Semgrep does not match it to
            // `self.x: int = 0` (which `$X = $V` and `self.$A: $T = $V` match).
            Kind::AnnAssign if pattern.children[0].kind == Kind::MetaVar && code.kind == Kind::AnnAssign && code.children[0].kind != Kind::Name => {
                Envs::new()
            }
            // `b"..."` is any bytes literal.
            Kind::Bytes if &*pattern.text == "..." => {
                if code.kind == Kind::Bytes {
                    smallvec![env]
                } else {
                    Envs::new()
                }
            }
            // A slice is no index: `a[...]` and `a[$I]` do not match `a[1:]` (as in Semgrep).
            Kind::Subscript if code.kind == Kind::Subscript && code.children[1].kind == Kind::Slice && pattern.children[1].kind != Kind::Slice => {
                Envs::new()
            }
            Kind::Int | Kind::Float | Kind::Bool if code.kind == Kind::Name => match code.constant.as_deref() {
                // Constant propagation: a name known to hold this literal.
                Some(super::tree::ConstValue::Literal(value)) if self.pattern.constants => self.m(pattern, value, env),
                _ => Envs::new(),
            },
            // Like `$X`, `<... $X ...>` in an argument list stands for a positional argument.
            Kind::Deep if matches!(code.kind, Kind::Keyword | Kind::DoubleStarred) => Envs::new(),
            Kind::Deep => self.m_deep(&pattern.children[0], code, env),
            Kind::Typed if super::constants::has_type(code, &pattern.text) => self.m(&pattern.children[0], code, env),
            Kind::Typed => Envs::new(),
            Kind::Chain => {
                // The expression itself, or it under some more `.attr` / `.method(...)`.
                let mut out = self.m(&pattern.children[0], code, env.clone());
                let mut inner = code;
                loop {
                    inner = match inner.kind {
                        Kind::Call if inner.children[0].kind == Kind::Attribute => &inner.children[0].children[0],
                        Kind::Attribute => &inner.children[0],
                        _ => break,
                    };
                    if !self.tick() {
                        break;
                    }
                    out.extend(self.m(&pattern.children[0], inner, env.clone()));
                }
                out
            }
            Kind::RegexStr => match self.pattern.regexes.get(&*pattern.text) {
                // String patterns match bytes literals too (as in Semgrep).
                Some(re) if matches!(code.kind, Kind::Str | Kind::Bytes) && re.is_match(&code.text) => smallvec![env],
                // An f-string of known strings, `"a" + "b"`: the folded value.
                Some(re) if matches!(code.kind, Kind::JoinedStr | Kind::BinOp) && code.literal_string().is_some_and(|s| re.is_match(&s)) => {
                    smallvec![env]
                }
                // Constant propagation: a name known to hold a matching string.
                Some(re) if code.kind == Kind::Name && self.pattern.constants => match code.constant.as_deref() {
                    Some(super::tree::ConstValue::Literal(value)) if matches!(value.kind, Kind::Str | Kind::Bytes) && re.is_match(&value.text) => smallvec![env],
                    _ => Envs::new(),
                },
                _ => Envs::new(),
            },
            // `"..." "..."`: an implicit concatenation, piece by piece.
            Kind::Str if !pattern.children.is_empty() => {
                // The code's pieces: a literal concatenation's, or those of one with an f-string.
                let pieces: SmallVec<[&'t Node; 8]> = match code.kind {
                    Kind::Str if !code.children.is_empty() => code.children.iter().collect(),
                    Kind::BinOp if &*code.text == "concat" => code.children.iter().collect(),
                    _ => return Envs::new(),
                };
                // A `"..."` piece stands for any run of pieces, as in an f-string.
                self.m_seq(Kind::FStringParts, &pattern.children, &pieces, env, false)
            }
            Kind::Str => self.m_str(pattern, code, env),
            Kind::Name => {
                if code.kind == Kind::Name && code.text == pattern.text {
                    return smallvec![env];
                }
                self.m_resolved(pattern, code, env)
            }
            Kind::Attribute if code.kind != Kind::Attribute => self.m_resolved(pattern, code, env),
            Kind::Attribute => {
                let direct = self.m_children(pattern, code, env.clone());
                if direct.is_empty() {
                    self.m_resolved(pattern, code, env)
                } else {
                    direct
                }
            }
            Kind::BinOp if &*pattern.text == "+" && code.kind == Kind::BinOp && &*code.text == "+" && plus_chain_has_ellipsis(pattern) => {
                // `1 + 2 + ...`: `...` stands for a run of one or more operands of a `+` chain.
                let mut wanted = Vec::new();
                plus_operands(pattern, &mut wanted);
                let mut operands = Vec::new();
                plus_operands(code, &mut operands);
                self.m_plus(&wanted, &operands, env)
            }
            Kind::Set if code.kind == Kind::Dict && is_only_ellipsis(pattern) => smallvec![env],
            Kind::List if code.kind == Kind::ListComp && is_only_ellipsis(pattern) => smallvec![env],
            Kind::Try if code.kind == Kind::Try && pattern.children.len() == 4 && code.children.len() == 4
                && (2..4).any(|i| pattern.children[i].kind == Kind::Absent && code.children[i].kind != Kind::Absent) =>
            {
                // A `try` pattern without `else` / `finally` wants a `try` without them (as
                // Semgrep; `if` and `for` patterns without `else` match either).
                Envs::new()
            }
            Kind::ExceptHandler if code.kind == Kind::ExceptHandler => {
                // `except (..., ValueError, ...)` also matches `except ValueError`.
                let (p, c) = (&pattern.children[0], &code.children[0]);
                let envs = if p.kind == Kind::Tuple && c.kind != Kind::Tuple && p.children[0].children.iter().any(|e| e.kind == Kind::Ellipsis) {
                    self.m_seq(Kind::Elts, &p.children[0].children, &[c], env, false)
                } else {
                    self.m(p, c, env)
                };
                envs.into_iter().flat_map(|e| self.m_all(pattern.children[1..].iter().zip(&code.children[1..]), e)).collect()
            }
            // To Semgrep, the targets of `a = b = None` are one thing, which only a
            // metavariable matches (`$X = None` binds `$X` to `a = b`); and
            // `(c := f())` is `c = f()`.
            Kind::Assign
                if code.kind == Kind::Assign
                    && code.children[0].children.len() > 1
                    && pattern.children[0].children.len() == 1
                    && pattern.children[0].children[0].kind == Kind::MetaVar =>
            {
                let targets = Bound::Seq(code.children[0].children.iter().collect());
                match env.bind(&pattern.children[0].children[0].text, targets) {
                    Some(env) => self.m(&pattern.children[1], &code.children[1], env),
                    None => Envs::new(),
                }
            }
            // `a, b = x, "c"` is also `a = x` and `b = "c"` to Semgrep: a pattern
            // with one plain target matches the whole or any pair.
            Kind::Assign
                if code.kind == Kind::Assign
                    && pattern.children[0].children.len() == 1
                    && !matches!(pattern.children[0].children[0].kind, Kind::Tuple | Kind::List | Kind::Starred)
                    && parallel_pairs(code).is_some() =>
            {
                let mut envs = self.m_pairs(pattern, code, env.clone());
                let (targets, values) = parallel_pairs(code).expect("checked");
                for (target, value) in targets.iter().zip(values) {
                    envs.extend(self.m_all([(&pattern.children[0].children[0], target), (&pattern.children[1], value)], env.clone()));
                }
                envs
            }
            // `with open(f) as fh:` is `fh = open(f)` to Semgrep: a pattern item
            // without `as` matches it only through a bare metavariable (`with $X:`).
            Kind::WithItem
                if code.kind == Kind::WithItem
                    && pattern.children[1].kind == Kind::Absent
                    && !matches!(code.children[1].kind, Kind::Empty | Kind::Absent)
                    && !matches!(pattern.children[0].kind, Kind::MetaVar | Kind::Ellipsis) =>
            {
                Envs::new()
            }
            Kind::Assign if code.kind == Kind::NamedExpr && pattern.children[0].children.len() == 1 => {
                self.m_all([(&pattern.children[0].children[0], &code.children[0]), (&pattern.children[1], &code.children[1])], env)
            }
            Kind::Assign if code.kind == Kind::AnnAssign && code.children[2].kind != Kind::Empty && pattern.children[0].children.len() == 1 => {
                // `$X = $Y` also matches `x: int = 1` (as in Semgrep).
                self.m_all([(&pattern.children[0].children[0], &code.children[0]), (&pattern.children[1], &code.children[2])], env)
            }
            Kind::GeneratorExp if code.kind == Kind::GeneratorExp => self.m_pairs(pattern, code, env),
            Kind::FormattedValue if code.kind == Kind::FormattedValue => {
                // `{x}`, `{x!r}` and `{x:08x}` differ: the conversion and the format
                // spec must be the same (a pattern without a spec wants none).
                if !same_text(&pattern.text, &code.text) || (pattern.children[1].kind == Kind::Absent) != (code.children[1].kind == Kind::Absent) {
                    return Envs::new();
                }
                self.m_children(pattern, code, env)
            }
            Kind::Import | Kind::ImportFrom if matches!(code.kind, Kind::Import | Kind::ImportFrom) => {
                match (import_paths(pattern, true), import_paths(code, false)) {
                    (Some(wanted), Some(have)) => {
                        let covered = wanted.iter().all(|w| {
                            have.iter().any(|h| h == w || h.starts_with(&format!("{w}.")))
                        });
                        if covered { smallvec![env] } else { Envs::new() }
                    }
                    _ => self.m_import(pattern, code, env),
                }
            }
            Kind::AcOperands | Kind::Decorators | Kind::Handlers | Kind::DictItems if code.kind == pattern.kind => {
                // Matched as a set: any order, extra code items allowed (a dict's
                // only with `...`, as in Semgrep). Concrete items first, so that
                // metavariables only try what is left.
                let items: Vec<&'t Node> = code.children.iter().collect();
                let mut wanted: Vec<&Node> = pattern.children.iter().filter(|p| p.kind != Kind::Ellipsis).collect();
                if pattern.kind == Kind::DictItems && wanted.len() == pattern.children.len() && wanted.len() != items.len() {
                    return Envs::new();
                }
                wanted.sort_by_key(|p| p.kind == Kind::MetaVar);
                let mode = if pattern.kind == Kind::Decorators { SetOf::Decorators } else { SetOf::Plain };
                self.m_subset(&wanted, &items, &mut vec![false; items.len()], env, mode)
            }
            Kind::ClassDef if code.kind == Kind::ClassDef => {
                // A class body is matched as a set: members in any order, others allowed.
                let envs = self.m_all(pattern.children[..2].iter().zip(&code.children[..2]), env);
                let envs: Envs<'t> = envs.into_iter().flat_map(|e| self.m_bases(&pattern.children[2], &code.children[2], e)).collect();
                let items: Vec<&'t Node> = code.children[3].children.iter().collect();
                let wanted: Vec<&Node> = pattern.children[3].children.iter().filter(|p| p.kind != Kind::Ellipsis).collect();
                envs.into_iter().flat_map(|e| self.m_subset(&wanted, &items, &mut vec![false; items.len()], e, SetOf::Statements)).collect()
            }
            Kind::Block if code.kind == Kind::Block && pattern.children.len() == 1 && code.children.len() > 1
                && pattern.children[0].kind == Kind::ExprStmt && pattern.children[0].children[0].kind == Kind::MetaVar =>
            {
                // A body that is just `$S` binds all of its statements.
                env.bind(&pattern.children[0].children[0].text, Bound::Seq(code.children.iter().collect())).into_iter().collect()
            }
            kind if kind.is_seq() => {
                if code.kind != kind {
                    return Envs::new();
                }
                let items: SmallVec<[&'t Node; 8]> = code.children.iter().collect();
                self.m_seq(kind, &pattern.children, &items, env, false)
            }
            _ => self.m_children(pattern, code, env),
        }
    }

    /// A class's bases, as Semgrep reads them: without `...`, the pattern's
    /// bases are the first bases of the class (`class $C($B)` matches
    /// `class A(X, Y)`), and keyword arguments (`metaclass=`) the pattern
    /// does not name are ignored.
    fn m_bases<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if pattern.kind != Kind::Bases || code.kind != Kind::Bases || pattern.children.iter().any(|p| matches!(p.kind, Kind::Ellipsis | Kind::SeqMetaVar)) {
            return self.m(pattern, code, env);
        }
        let (wanted_pos, wanted_kw): (Vec<&Node>, Vec<&Node>) = pattern.children.iter().partition(|p| p.kind != Kind::Keyword);
        let positional: Vec<&'t Node> = code.children.iter().filter(|c| !matches!(c.kind, Kind::Keyword | Kind::DoubleStarred)).collect();
        let keywords: Vec<&'t Node> = code.children.iter().filter(|c| c.kind == Kind::Keyword).collect();
        if wanted_pos.len() > positional.len() {
            return Envs::new();
        }
        self.m_all(wanted_pos.iter().copied().zip(positional.iter().copied()), env)
            .into_iter()
            .flat_map(|e| self.m_subset(&wanted_kw, &keywords, &mut vec![false; keywords.len()], e, SetOf::Plain))
            .collect()
    }

    /// Import patterns with metavariables, as Semgrep reads them: `import $M`
    /// matches every import (binding the module of a `from` import), `from $M
    /// import $N` also matches `import a.b` (`$M` = `a`, `$N` = `b`), and the
    /// names of a `from` pattern are found among the imported names in any order.
    fn m_import<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        fn single(aliases: &Node) -> Option<&Node> {
            match aliases.children.as_slice() {
                [alias] if alias.children[1].kind == Kind::Absent => Some(&alias.children[0]),
                _ => None,
            }
        }
        match (pattern.kind, code.kind) {
            (Kind::Import, Kind::ImportFrom) => match single(&pattern.children[0]) {
                Some(name) if name.kind == Kind::MetaVar => self.m(name, &code.children[0], env),
                _ => Envs::new(),
            },
            (Kind::ImportFrom, Kind::Import) => match single(&pattern.children[1]) {
                Some(name) if pattern.children[0].kind == Kind::MetaVar => code.children[0]
                    .children
                    .iter()
                    .filter(|alias| alias.children[0].kind == Kind::Attribute)
                    .flat_map(|alias| {
                        let dotted = &alias.children[0];
                        self.m_all([(&pattern.children[0], &dotted.children[0]), (name, &dotted.children[1])], env.clone())
                    })
                    .collect(),
                _ => Envs::new(),
            },
            (Kind::ImportFrom, Kind::ImportFrom) if !pattern.children[1].children.iter().any(|a| a.kind == Kind::Ellipsis) => {
                let items: Vec<&'t Node> = code.children[1].children.iter().collect();
                let wanted: Vec<&Node> = pattern.children[1].children.iter().collect();
                self.m(&pattern.children[0], &code.children[0], env)
                    .into_iter()
                    .flat_map(|e| self.m_subset(&wanted, &items, &mut vec![false; items.len()], e, SetOf::Plain))
                    .collect()
            }
            _ => self.m_children(pattern, code, env),
        }
    }

    /// Operands of a `+` chain in order; a pattern `...` takes one or more of them (as in Semgrep).
    fn m_plus<'t>(&self, patterns: &[&Node], code: &[&'t Node], env: Env<'t>) -> Envs<'t> {
        if !self.tick() {
            return Envs::new();
        }
        match patterns.split_first() {
            None if code.is_empty() => smallvec![env],
            None => Envs::new(),
            Some((p, rest)) if p.kind == Kind::Ellipsis => {
                (1..=code.len()).flat_map(|take| self.m_plus(rest, &code[take..], env.clone())).collect()
            }
            Some((p, rest)) => {
                let Some((c, code_rest)) = code.split_first() else { return Envs::new() };
                self.m(p, c, env).into_iter().flat_map(|e| self.m_plus(rest, code_rest, e)).collect()
            }
        }
    }

    fn m_children<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        // `def`, `for` and `with` in a pattern also match their `async` forms (as in Semgrep).
        let async_form = pattern.text.is_empty()
            && &*code.text == "async"
            && matches!(pattern.kind, Kind::FunctionDef | Kind::For | Kind::With);
        if pattern.kind != code.kind || !(same_text(&pattern.text, &code.text) || async_form) {
            return Envs::new();
        }
        if nests_with_items(pattern, code) {
            return self.m_with_nested(pattern, code, env);
        }
        self.m_pairs(pattern, code, env)
    }

    /// `with a, b: body` is `with a: with b: body` to Semgrep, so a pattern with
    /// fewer items matches any run of them: the last ones with the body, or
    /// earlier ones when the pattern's body is `...`.
    fn m_with_nested<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        let (p_items, c_items) = (&pattern.children[0].children, &code.children[0].children);
        let body = &pattern.children[1];
        let body_is_ellipsis = body.children.len() == 1 && body.children[0].kind == Kind::Ellipsis;
        let k = p_items.len();
        let mut out = Envs::new();
        for i in 0..=c_items.len() - k {
            let innermost = i + k == c_items.len();
            if !innermost && !body_is_ellipsis {
                continue;
            }
            for env in self.m_all(p_items.iter().zip(&c_items[i..i + k]), env.clone()) {
                if innermost {
                    out.extend(self.m(body, &code.children[1], env));
                } else {
                    out.push(env);
                }
            }
        }
        out
    }

    /// Matches the children pairwise (same number), whatever the two nodes are.
    fn m_pairs<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if pattern.children.len() != code.children.len() {
            return Envs::new();
        }
        self.m_all(pattern.children.iter().zip(&code.children), env)
    }

    /// Matches each (pattern, code) pair in turn, every way the earlier ones matched.
    fn m_all<'a, 't>(&self, pairs: impl IntoIterator<Item = (&'a Node, &'t Node)>, env: Env<'t>) -> Envs<'t> {
        let mut envs: Envs<'t> = smallvec![env];
        for (p, c) in pairs {
            envs = match envs.len() {
                // The common case: one way so far, no flattening needed.
                1 => {
                    let Some(env) = envs.pop() else { break };
                    self.m(p, c, env)
                }
                _ => envs.into_iter().flat_map(|e| self.m(p, c, e)).collect(),
            };
            if envs.is_empty() {
                break;
            }
        }
        envs
    }

    /// A dotted name in the pattern against a name the code imported under
    /// another name. As in Semgrep, the code stands for its import's qualified
    /// name followed by its attribute names (`loads(x)` after `from pickle
    /// import loads` is `pickle.loads(x)`), matched part by part from the
    /// right: names equal, metavariables bound; a metavariable first in the
    /// pattern may stand for several leading parts (`$M.quote` against
    /// `urllib.parse.quote`). A metavariable for parts of the qualified name
    /// binds the imported name as the code writes it (`$M` is `loads`); one
    /// for an attribute binds that attribute.
    fn m_resolved<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        // Only names that came from an import can match under another name.
        let mut base = code;
        while base.kind == Kind::Attribute {
            base = &base.children[0];
        }
        let Some(resolved) = base.qualified().filter(|_| base.kind == Kind::Name) else {
            return Envs::new();
        };
        // Most candidates differ in their last name: check that before splitting anything.
        let code_last = if code.kind == Kind::Attribute { &*code.children[1].text } else { resolved.rsplit('.').next().unwrap_or("") };
        let pattern_last = if pattern.kind == Kind::Attribute { &pattern.children[1] } else { pattern };
        if matches!(pattern_last.kind, Kind::Name | Kind::Ident) && &*pattern_last.text != code_last {
            return Envs::new();
        }
        let mut pattern_parts: SmallVec<[&Node; 8]> = SmallVec::new();
        if !dotted_nodes(pattern, &mut pattern_parts) {
            return Envs::new();
        }
        // The code's parts, each with the node a metavariable for it binds and
        // the node that spans it and every part before it.
        let mut parts: SmallVec<[(&str, &'t Node, &'t Node); 8]> = resolved.split('.').map(|p| (p, base, base)).collect();
        attr_parts(code, &mut parts);
        let Some(extra) = parts.len().checked_sub(pattern_parts.len()) else { return Envs::new() };
        if extra > 0 && pattern_parts[0].kind != Kind::MetaVar {
            return Envs::new();
        }
        // A metavariable in the qualified part does not see through `from M import *`.
        if base.from_star_import() && pattern_parts[..=extra.min(pattern_parts.len() - 1)].iter().any(|p| p.kind == Kind::MetaVar) {
            return Envs::new();
        }
        let mut env = env;
        for (i, part) in pattern_parts.iter().enumerate() {
            // The first pattern part covers the code's first `extra + 1` parts.
            let (text, single, spanning) = parts[i + extra];
            match part.kind {
                // `$A.$A(...)` does not match `loads(x)` in Semgrep, though both parts would bind `loads`.
                Kind::MetaVar if pattern_parts[..i].iter().any(|p| p.text == part.text) => return Envs::new(),
                Kind::MetaVar => {
                    let node = if i == 0 { spanning } else { single };
                    // A part of the qualified name itself (not an attribute the
                    // code adds): `metavariable-regex` sees its name, as in
                    // Semgrep; a leading one of two pattern parts also the
                    // code's text, one covering several parts only the text.
                    let bound = if std::ptr::eq(node, base) && (i > 0 || extra == 0) {
                        Bound::Part { node, name: text, text_too: i == 0 && pattern_parts.len() == 2 }
                    } else {
                        Bound::Node(node)
                    };
                    match env.bind(&part.text, bound) {
                        Some(bound) => env = bound,
                        None => return Envs::new(),
                    }
                }
                _ if same_text(&part.text, text) => {}
                _ => return Envs::new(),
            }
        }
        smallvec![env]
    }

    fn m_str<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        let text = &*pattern.text;
        if code.kind == Kind::Name && !self.pattern.constants {
            return Envs::new();
        }
        if code.kind == Kind::Name && matches!(code.constant.as_deref(), Some(super::tree::ConstValue::SomeString)) {
            // A name known to hold some string matches `"..."` (but not `"$X"`,
            // which needs the string's value).
            return if text == "..." { smallvec![env] } else { Envs::new() };
        }
        let Some(value) = code.literal_string() else {
            // `"[" * 100 + "]"`, `"a" if c else "b"` and `f"{'a' if c else 'b'}"`
            // are some string too (Semgrep's constant folding).
            return if text == "..." && matches!(code.kind, Kind::BinOp | Kind::IfExp | Kind::JoinedStr) && self.pattern.constants && super::constants::is_known_string(code) {
                smallvec![env]
            } else {
                Envs::new()
            };
        };
        if text == "..." || value == text {
            return smallvec![env];
        }
        if is_metavar_name(text) {
            return env.bind(&pattern.text, Bound::Content(code)).into_iter().collect();
        }
        Envs::new()
    }

    fn m_deep<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        let mut out = Envs::new();
        let mut stack = vec![code];
        while let Some(node) = stack.pop() {
            if self.exhausted() {
                break;
            }
            if node.kind.is_expr() {
                out.extend(self.m(pattern, node, env.clone()));
            }
            // Do not descend into nested function or class bodies.
            if !matches!(node.kind, Kind::FunctionDef | Kind::ClassDef | Kind::Lambda) || std::ptr::eq(node, code) {
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Matches a pattern sequence against a code sequence of the same container kind.
    /// `prefix` lets code items remain after the pattern is used up (top-level statement search).
    pub fn m_seq<'t>(&self, kind: Kind, patterns: &[Node], code: &[&'t Node], env: Env<'t>, prefix: bool) -> Envs<'t> {
        if !self.tick() {
            return Envs::new();
        }
        let Some((first, rest)) = patterns.split_first() else {
            return if code.is_empty() || prefix { smallvec![env] } else { Envs::new() };
        };
        let is_ellipsis = first.kind == Kind::Ellipsis || (kind == Kind::FStringParts && first.kind == Kind::Str && &*first.text == "...");
        match if is_ellipsis { Kind::Ellipsis } else { first.kind } {
            Kind::Ellipsis => {
                if kind == Kind::Block {
                    // Once a body pattern has used `...`, statements may follow its end (as in Semgrep).
                    return self.m_block_ellipsis(rest, code, env, true);
                }
                if rest.is_empty() {
                    return smallvec![env];
                }
                (0..=code.len()).flat_map(|skip| self.m_seq(kind, rest, &code[skip..], env.clone(), prefix)).collect()
            }
            Kind::SeqMetaVar => (0..=code.len())
                .filter_map(|take| {
                    let env = env.clone().bind(&first.text, Bound::Seq(code[..take].to_vec()))?;
                    Some(self.m_seq(kind, rest, &code[take..], env, prefix))
                })
                .flatten()
                .collect(),
            Kind::Keyword if matches!(kind, Kind::Args | Kind::Bases) && first.children[0].kind == Kind::Ident => {
                // Keyword arguments match in any order.
                let name = &first.children[0].text;
                let mut out = Envs::new();
                for (i, item) in code.iter().enumerate() {
                    if item.kind == Kind::Keyword && item.children[0].text == *name {
                        for env in self.m(&first.children[1], &item.children[1], env.clone()) {
                            let remaining: SmallVec<[&'t Node; 8]> =
                                code.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, n)| *n).collect();
                            out.extend(self.m_seq(kind, rest, &remaining, env, prefix));
                        }
                    }
                }
                out
            }
            Kind::MetaVar if kind == Kind::BoolValues => {
                // `A and $X and Z`: a metavariable may stand for a run of operands.
                let mut out = Envs::new();
                for take in 1..=code.len() {
                    let bound = if take == 1 { Bound::Node(code[0]) } else { Bound::Seq(code[..take].to_vec()) };
                    if let Some(env) = env.clone().bind(&first.text, bound) {
                        out.extend(self.m_seq(kind, rest, &code[take..], env, prefix));
                    }
                }
                out
            }
            _ => {
                let Some((head, tail)) = code.split_first() else { return Envs::new() };
                let matched = if kind == Kind::Block { self.m_stmt(first, head, env) } else { self.m(first, head, env) };
                matched
                    .into_iter()
                    .flat_map(|mut env| {
                        env.last_end = env.last_end.max(head.end);
                        self.m_seq(kind, rest, tail, env, prefix)
                    })
                    .collect()
            }
        }
    }

    /// Each pattern item matches a different code item, in any order; extra code items are fine.
    fn m_subset<'t>(&self, patterns: &[&Node], code: &[&'t Node], used: &mut Vec<bool>, env: Env<'t>, mode: SetOf) -> Envs<'t> {
        let Some((first, rest)) = patterns.split_first() else { return smallvec![env] };
        let mut out = Envs::new();
        for (i, item) in code.iter().enumerate() {
            if used[i] || self.exhausted() || out.len() >= ENVS_PER_RANGE {
                continue;
            }
            // `@$X` stands for a decorator name, not a decorator call.
            // Nor for `@staticmethod` / `@abstractmethod`, which Semgrep reads as
            // modifiers of the function (a pattern naming them still matches).
            if mode == SetOf::Decorators
                && first.kind == Kind::MetaVar
                && (!matches!(item.kind, Kind::Name | Kind::Attribute)
                    || item.kind == Kind::Name && matches!(&*item.text, "staticmethod" | "abstractmethod"))
            {
                continue;
            }
            let matched = match mode {
                SetOf::Statements => self.m_stmt(first, item, env.clone()),
                SetOf::Decorators => self.m_decorator(first, item, env.clone()),
                SetOf::Plain => self.m(first, item, env.clone()),
            };
            for env in matched {
                used[i] = true;
                out.extend(self.m_subset(rest, code, used, env, mode));
                used[i] = false;
            }
        }
        out
    }

    /// A decorator pattern against a code decorator: `@d` and `@d()` are the
    /// same, and `@d($...ARGS)` also matches a bare `@d`.
    fn m_decorator<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        // `@$D` is a decorator without arguments (`@a`, `@a.b`, `@a()`), not `@a(1)`.
        if pattern.kind == Kind::MetaVar && code.kind == Kind::Call && !code.children[1].children.is_empty() {
            return Envs::new();
        }
        if matches!(pattern.kind, Kind::Name | Kind::Attribute) && code.kind == Kind::Call && code.children[1].children.is_empty() {
            return self.m(pattern, &code.children[0], env);
        }
        if pattern.kind == Kind::Call && matches!(code.kind, Kind::Name | Kind::Attribute) {
            return self
                .m(&pattern.children[0], code, env)
                .into_iter()
                .flat_map(|e| self.m_seq(Kind::Args, &pattern.children[1].children, &[], e, false))
                .collect();
        }
        self.m(pattern, code, env)
    }

    /// `...` in a statement sequence: the rest of the pattern may start at any
    /// later statement, also one nested inside a later statement's blocks.
    fn m_block_ellipsis<'t>(&self, rest: &[Node], code: &[&'t Node], env: Env<'t>, prefix: bool) -> Envs<'t> {
        if rest.is_empty() {
            let mut env = env;
            if let Some(last) = code.last() {
                env.last_end = env.last_end.max(last.end);
            }
            return smallvec![env];
        }
        let mut out = Envs::new();
        self.m_block_from_each(rest, code, &env, prefix, &mut out);
        out
    }

    /// Tries the rest of a sequence from each statement in source order (nested
    /// ones included), keeping every place it matches (`A ... B` gives one
    /// match per `B`, as in Semgrep), up to `ENVS_PER_RANGE`.
    fn m_block_from_each<'t>(&self, rest: &[Node], code: &[&'t Node], env: &Env<'t>, prefix: bool, out: &mut Envs<'t>) {
        for start in 0..code.len() {
            // Every place tried costs a step, even one the memo rules out: `A ... B`
            // from each of n statements looks at up to n places.
            if out.len() >= ENVS_PER_RANGE || !self.tick() {
                return;
            }
            if self.may_match_stmt(&rest[0], code[start]) {
                out.extend(self.m_seq(Kind::Block, rest, &code[start..], env.clone(), prefix));
            }
            for_nested_blocks(code[start], &mut |nested| {
                let items: SmallVec<[&'t Node; 16]> = nested.children.iter().collect();
                self.m_block_from_each(rest, &items, env, prefix, out);
            });
        }
    }

    /// False if `pattern` cannot match `code` whatever the bindings (memoized).
    fn may_match_stmt(&self, pattern: &Node, code: &Node) -> bool {
        if matches!(pattern.kind, Kind::Ellipsis | Kind::SeqMetaVar) {
            return true;
        }
        let key = (pattern as *const Node as usize, code as *const Node as usize);
        if self.never.borrow().contains(&key) {
            return false;
        }
        let possible = !self.m_stmt(pattern, code, Env::default()).is_empty();
        if !possible {
            self.never.borrow_mut().insert(key);
        }
        possible
    }

    /// One pattern statement against one code statement.
    fn m_stmt<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if pattern.kind == Kind::ExprStmt {
            let expr = &pattern.children[0];
            if expr.kind == Kind::MetaVar {
                // `$S` on a line of its own binds a whole statement.
                let target = if code.kind == Kind::ExprStmt { &code.children[0] } else { code };
                return env.bind(&expr.text, Bound::Node(target)).into_iter().collect();
            }
            if code.kind == Kind::ExprStmt {
                let direct = self.m(expr, &code.children[0], env.clone());
                if !direct.is_empty() {
                    return direct;
                }
            }
            let deep = expr.kind == Kind::Deep;
            if holds_expression(code.kind) || (deep && matches!(code.kind, Kind::Raise | Kind::Assert | Kind::Delete)) {
                // An expression statement in a sequence also matches an expression
                // statement, assignment or return that contains it (as in Semgrep;
                // not `raise`, `assert`, `del` or the header of `if`/`for`/`with`,
                // which only a deep `<... e ...>` reaches).
                return self.m_deep(expr, code, env);
            }
            if deep && matches!(code.kind, Kind::If | Kind::While | Kind::For | Kind::With | Kind::Match) {
                return code
                    .children
                    .iter()
                    .filter(|c| !matches!(c.kind, Kind::Block | Kind::Absent | Kind::Cases))
                    .flat_map(|c| self.m_deep(expr, c, env.clone()))
                    .collect();
            }
            return Envs::new();
        }
        self.m(pattern, code, env)
    }
}

/// The operands of a left-nested `a + b + c` chain, in order.
fn plus_operands<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    if node.kind == Kind::BinOp && &*node.text == "+" && node.children.len() == 2 {
        plus_operands(&node.children[0], out);
        out.push(&node.children[1]);
    } else {
        out.push(node);
    }
}

fn plus_chain_has_ellipsis(pattern: &Node) -> bool {
    let mut node = pattern;
    while node.kind == Kind::BinOp && &*node.text == "+" && node.children.len() == 2 {
        if node.children[1].kind == Kind::Ellipsis {
            return true;
        }
        node = &node.children[0];
    }
    node.kind == Kind::Ellipsis
}

fn holds_expression(kind: Kind) -> bool {
    matches!(kind, Kind::ExprStmt | Kind::Assign | Kind::AugAssign | Kind::AnnAssign | Kind::Return)
}

/// Calls `f` on each statement block directly inside a compound statement.
/// Like Semgrep, this includes the bodies of nested function and class definitions.
fn for_nested_blocks<'t>(stmt: &'t Node, f: &mut dyn FnMut(&'t Node)) {
    for child in &stmt.children {
        match child.kind {
            Kind::Block => f(child),
            Kind::Handlers | Kind::ExceptHandler | Kind::Cases | Kind::MatchCase => for_nested_blocks(child, f),
            _ => {}
        }
    }
}

fn is_only_ellipsis(pattern: &Node) -> bool {
    let items = &pattern.children[0].children;
    items.len() == 1 && items[0].kind == Kind::Ellipsis
}

/// The module paths an import statement brings in (`from a import b` -> `a.b`),
/// or `None` if the pattern has metavariables or `as` names (match it structurally then).
fn import_paths(node: &Node, is_pattern: bool) -> Option<Vec<String>> {
    let mut has_placeholder = false;
    node.walk(&mut |n| has_placeholder |= matches!(n.kind, Kind::MetaVar | Kind::SeqMetaVar | Kind::Ellipsis));
    if has_placeholder {
        return None;
    }
    let (module, aliases) = match node.kind {
        Kind::Import => (None, &node.children[0]),
        _ => (Some(&*node.children[0].text), &node.children[1]),
    };
    if module.map_or(false, |m| m.starts_with('.') || m.is_empty()) {
        return if is_pattern { None } else { Some(Vec::new()) };
    }
    let mut paths = Vec::new();
    for alias in &aliases.children {
        if is_pattern && alias.children[1].kind != Kind::Absent {
            return None;
        }
        let name = if alias.children[0].text.as_ref() == "*" { "*".to_string() } else { alias.children[0].dotted()? };
        paths.push(match module {
            Some(m) => format!("{m}.{name}"),
            None => name,
        });
    }
    Some(paths)
}

/// The attributes of an attribute chain, outermost last: each name, its node,
/// and the chain up to it (`a.b.c` -> `b`, `a.b`; `c`, `a.b.c`).
fn attr_parts<'a>(node: &'a Node, out: &mut SmallVec<[(&'a str, &'a Node, &'a Node); 8]>) {
    if node.kind == Kind::Attribute {
        attr_parts(&node.children[0], out);
        out.push((&node.children[1].text, &node.children[1], node));
    }
}

/// The parts of a dotted name in a pattern (`a.$B.c`), names or metavariables;
/// false if it is not one.
fn dotted_nodes<'a>(node: &'a Node, out: &mut SmallVec<[&'a Node; 8]>) -> bool {
    match node.kind {
        Kind::Name | Kind::MetaVar => {
            out.push(node);
            true
        }
        Kind::Attribute if matches!(node.children[1].kind, Kind::Ident | Kind::MetaVar) => {
            let ok = dotted_nodes(&node.children[0], out);
            out.push(&node.children[1]);
            ok
        }
        _ => false,
    }
}

/// String equality with the common cases (different lengths, both empty) kept inline.
#[inline]
fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.is_empty() || a.as_bytes() == b.as_bytes())
}


/// Whether `$X` may stand for this code node.
fn bindable(code: &Node) -> bool {
    !code.kind.is_seq()
        && !matches!(code.kind, Kind::Keyword | Kind::Absent | Kind::Empty | Kind::Module)
}

impl Kind {
    /// Kinds that an expression pattern is tried against.
    pub fn is_expr(self) -> bool {
        use Kind::*;
        matches!(
            self,
            BoolOp
                | NamedExpr
                | BinOp
                | UnaryOp
                | Lambda
                | IfExp
                | Dict
                | Set
                | ListComp
                | SetComp
                | DictComp
                | GeneratorExp
                | Await
                | Yield
                | YieldFrom
                | Compare
                | Call
                | JoinedStr
                | Str
                | Bytes
                | Int
                | Float
                | Complex
                | Bool
                | NoneLit
                | EllipsisLit
                | Attribute
                | Subscript
                | Starred
                | Name
                | List
                | Tuple
                | Slice
        )
    }
}

/// Every node of a tree, indexed by kind and by name, built once per scan.
pub struct TreeIndex<'t> {
    pub root: &'t Node,
    by_kind: HashMap<Kind, Vec<&'t Node>>,
    exprs: Vec<&'t Node>,
    /// Calls by the last name of what they call (`a.b.run(...)` -> `run`), also by the imported name.
    calls: HashMap<&'t str, Vec<&'t Node>>,
    /// Attribute and Name nodes by their last name.
    names: HashMap<&'t str, Vec<&'t Node>>,
    /// Attribute nodes by the last name of what they are an attribute of
    /// (`request` for `request.args`), and imported names by the module they
    /// came from (`request` for `args` after `from flask.request import args`).
    attrs_by_base: HashMap<&'t str, Vec<&'t Node>>,
    /// Calls by the last name of what the callee is an attribute of (`requests` for `requests.get(...)`).
    calls_by_base: HashMap<&'t str, Vec<&'t Node>>,
    /// Every identifier and dotted-name part in the file (a prefilter for patterns).
    words: rustc_hash::FxHashSet<&'t str>,
    /// Names whose value constant propagation knows.
    constant_names: Vec<&'t Node>,
    /// Names in binding targets (`x` in `for x in xs`), by start: in `names`
    /// as anchors, never candidates.
    binding_names: Vec<&'t Node>,
}

/// The targets and values of `a, b = x, y` (one tuple or list target, a value
/// of as many items, no starred item), pair by pair.
fn parallel_pairs(assign: &Node) -> Option<(&[Node], &[Node])> {
    let [target] = &assign.children[0].children[..] else { return None };
    let value = &assign.children[1];
    if !matches!(target.kind, Kind::Tuple | Kind::List) || !matches!(value.kind, Kind::Tuple | Kind::List) {
        return None;
    }
    let (targets, values) = (&target.children[0].children, &value.children[0].children);
    let starred = |n: &Node| n.kind == Kind::Starred;
    (targets.len() == values.len() && !targets.iter().any(starred) && !values.iter().any(starred)).then_some((&targets[..], &values[..]))
}

/// The names a name-like node goes by: its own last part and, if imported, the original one.
fn last_names(node: &Node) -> [Option<&str>; 2] {
    let own = match node.kind {
        Kind::Name => Some(&*node.text),
        Kind::Attribute if node.children[1].kind == Kind::Ident => Some(&*node.children[1].text),
        _ => None,
    };
    let resolved = node.qualified().and_then(|r| r.rsplit('.').next()).filter(|r| Some(*r) != own);
    [own, resolved]
}

/// The names of what a name-like node is an attribute of: the last name of its
/// base (`request` for `r.args` after `from flask import request as r`) and
/// the module part of an imported name (`request` for `args` imported from
/// `flask.request`).
fn base_names(node: &Node) -> [Option<&str>; 3] {
    let [own, resolved] = match node.kind {
        Kind::Attribute => last_names(&node.children[0]),
        _ => [None, None],
    };
    let imported = node.qualified().and_then(|r| r.rsplit('.').nth(1)).filter(|r| Some(*r) != own && Some(*r) != resolved);
    [own, resolved, imported]
}

impl<'t> TreeIndex<'t> {
    pub fn new(root: &'t Node) -> Self {
        let mut by_kind: HashMap<Kind, Vec<&'t Node>> = HashMap::default();
        let mut exprs = Vec::new();
        let mut calls: HashMap<&'t str, Vec<&'t Node>> = HashMap::default();
        let mut names: HashMap<&'t str, Vec<&'t Node>> = HashMap::default();
        let mut attrs_by_base: HashMap<&'t str, Vec<&'t Node>> = HashMap::default();
        let mut calls_by_base: HashMap<&'t str, Vec<&'t Node>> = HashMap::default();
        let mut words = rustc_hash::FxHashSet::default();
        let mut constant_names = Vec::new();
        // The module paths of import statements (`os.path` in `import os.path`)
        // are words of the file but no expressions: Semgrep's expression
        // patterns never match them (`os`, `$X` and `$A.$B` skip `import os.path`).
        let mut module_path = (0u32, 0u32);
        // Loop, comprehension and `with ... as` targets made only of names
        // (`x`, `a, *b`) are binding patterns in Semgrep, no expressions: `x`
        // and `$X` skip the `x` of `for x in xs`, though not `for o.x in xs`.
        let mut binding_targets: Vec<(u32, u32)> = Vec::new();
        let mut binding_names = Vec::new();
        root.walk(&mut |node| {
            let in_module_path = node.start >= module_path.0 && node.end <= module_path.1 && module_path.1 > module_path.0;
            if matches!(node.kind, Kind::Alias | Kind::ImportFrom) {
                let path = &node.children[0];
                module_path = (path.start, path.end);
            }
            if !binding_targets.is_empty() {
                binding_targets.retain(|&(_, end)| end > node.start);
            }
            let in_binding_target = binding_targets.iter().any(|&(start, end)| start <= node.start && node.end <= end);
            let target = match node.kind {
                Kind::For | Kind::Comprehension => node.children.first(),
                Kind::WithItem => node.children.get(1),
                _ => None,
            };
            if let Some(target) = target.filter(|t| t.is_binding_pattern()) {
                binding_targets.push((target.start, target.end));
            }
            if matches!(node.kind, Kind::Name | Kind::Ident) {
                if node.text.contains('.') {
                    words.extend(node.text.split('.'));
                } else {
                    words.insert(&*node.text);
                }
            }
            if let Some(r) = node.qualified() {
                words.extend(r.split('.'));
            }
            if in_binding_target {
                // Still a word and an anchor (`with f() as fh: ...` needs `fh`), not a candidate.
                if node.kind == Kind::Name {
                    binding_names.push(node);
                    for name in last_names(node).into_iter().flatten() {
                        names.entry(name).or_default().push(node);
                    }
                }
                return;
            }
            if in_module_path {
                return;
            }
            if node.constant.is_some() {
                constant_names.push(node);
            }
            by_kind.entry(node.kind).or_default().push(node);
            if node.kind.is_expr() {
                exprs.push(node);
            }
            match node.kind {
                Kind::Call => {
                    for name in last_names(&node.children[0]).into_iter().flatten() {
                        calls.entry(name).or_default().push(node);
                    }
                    for name in base_names(&node.children[0]).into_iter().flatten() {
                        calls_by_base.entry(name).or_default().push(node);
                    }
                }
                Kind::Name | Kind::Attribute => {
                    for name in last_names(node).into_iter().flatten() {
                        names.entry(name).or_default().push(node);
                    }
                    for name in base_names(node).into_iter().flatten() {
                        attrs_by_base.entry(name).or_default().push(node);
                    }
                }
                _ => {}
            }
        });
        // Anchor checks binary-search these by start (a pre-order walk lists them so already).
        for list in [&mut calls, &mut names, &mut attrs_by_base, &mut calls_by_base].into_iter().flat_map(|m| m.values_mut()) {
            if !list.is_sorted_by_key(|n| n.start) {
                list.sort_by_key(|n| n.start);
            }
        }
        if !binding_names.is_sorted_by_key(|n| n.start) {
            binding_names.sort_by_key(|n| n.start);
        }
        TreeIndex { root, by_kind, exprs, calls, names, attrs_by_base, calls_by_base, words, constant_names, binding_names }
    }

    /// The code nodes that could match a pattern node of this anchor.
    fn anchored(&self, anchor: Anchor<'_>) -> &[&'t Node] {
        let (map, name) = match anchor {
            Anchor::Call(name) => (&self.calls, name),
            Anchor::CallOn(name) => (&self.calls_by_base, name),
            Anchor::Name(name) => (&self.names, name),
            Anchor::AttrOn(name) => (&self.attrs_by_base, name),
        };
        map.get(name).map_or(&[], Vec::as_slice)
    }

    /// The nodes on the path from the root down to `span`, outermost first
    /// (each contains `span`; the last ones may equal it).
    pub fn path_to(&self, span: Span) -> Vec<&'t Node> {
        let mut path = Vec::new();
        let mut node = self.root;
        loop {
            path.push(node);
            let children = &node.children;
            // Children are in source order: find the last one starting at or before the span.
            let at = children.partition_point(|c| c.start <= span.start);
            let next = children[..at]
                .iter()
                .rev()
                .take(4)
                .find(|c| c.start <= span.start && span.end <= c.end && !(c.start == c.end && span.start != span.end));
            match next {
                Some(child) if !std::ptr::eq(child, node) => node = child,
                _ => break,
            }
            if path.len() > 10_000 {
                break;
            }
        }
        path
    }

    fn of(&self, kind: Kind) -> &[&'t Node] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// Whether `word` is an identifier (or part of a dotted name) somewhere in the file.
    pub fn has_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Code nodes an expression pattern rooted at `pattern` could match.
    fn candidates(&self, pattern: &Node) -> std::borrow::Cow<'_, [&'t Node]> {
        use std::borrow::Cow;
        fn by_name<'a, 't>(map: &'a HashMap<&'t str, Vec<&'t Node>>, name: &str) -> Cow<'a, [&'t Node]> {
            Cow::Borrowed(map.get(name).map_or(&[][..], Vec::as_slice))
        }
        match pattern.kind {
            Kind::MetaVar | Kind::Deep | Kind::Typed | Kind::Chain | Kind::Ellipsis => Cow::Borrowed(&self.exprs),
            Kind::Str if !pattern.children.is_empty() => Cow::Owned([self.of(Kind::Str), self.of(Kind::BinOp)].concat()),
            // String patterns match bytes literals too, and `"..."` any expression known to be a string.
            Kind::Str if &*pattern.text == "..." => Cow::Owned(
                [self.of(Kind::Str), self.of(Kind::Bytes), self.of(Kind::JoinedStr), &self.constant_names, self.of(Kind::BinOp), self.of(Kind::IfExp)]
                    .concat(),
            ),
            Kind::Str => Cow::Owned([self.of(Kind::Str), self.of(Kind::Bytes), self.of(Kind::JoinedStr), &self.constant_names].concat()),
            Kind::Int | Kind::Float | Kind::Bool => Cow::Owned([self.of(pattern.kind), &self.constant_names].concat()),
            Kind::Set => Cow::Owned([self.of(Kind::Set), self.of(Kind::Dict)].concat()),
            Kind::List => Cow::Owned([self.of(Kind::List), self.of(Kind::ListComp)].concat()),
            Kind::RegexStr => {
                Cow::Owned([self.of(Kind::Str), self.of(Kind::Bytes), self.of(Kind::JoinedStr), &self.constant_names, self.of(Kind::BinOp)].concat())
            }
            Kind::Call => match last_names(&pattern.children[0]) {
                [Some(name), _] => by_name(&self.calls, name),
                // `requests.$M(...)`: calls of an attribute of something named `requests`.
                _ => match pattern_base(&pattern.children[0]) {
                    Some(base) => by_name(&self.calls_by_base, base),
                    None => Cow::Borrowed(self.of(Kind::Call)),
                },
            },
            Kind::Attribute | Kind::Name => match last_names(pattern) {
                [Some(name), _] => {
                    let list = by_name(&self.names, name);
                    let binding = |n: &&Node| {
                        let at = self.binding_names.partition_point(|b| b.start < n.start);
                        self.binding_names[at..].iter().take_while(|b| b.start == n.start).any(|b| std::ptr::eq(*b, *n))
                    };
                    match self.binding_names.is_empty() || !list.iter().any(binding) {
                        true => list,
                        false => Cow::Owned(list.iter().filter(|n| !binding(n)).copied().collect()),
                    }
                }
                // `flask.request.$ATTR`: attributes of something named `request`, and
                // names imported from `flask.request` (`from flask.request import args`).
                _ if pattern.kind == Kind::Attribute => match pattern_base(pattern) {
                    Some(base) => by_name(&self.attrs_by_base, base),
                    None => Cow::Owned([self.of(Kind::Attribute), self.of(Kind::Name)].concat()),
                },
                _ => Cow::Owned([self.of(Kind::Attribute), self.of(Kind::Name)].concat()),
            },
            kind => Cow::Borrowed(self.of(kind)),
        }
    }
}

/// The last name of what a pattern attribute is an attribute of, when it is
/// not a metavariable (`requests` for `requests.$M`).
fn pattern_base(pattern: &Node) -> Option<&str> {
    match pattern.kind {
        Kind::Attribute => last_names(&pattern.children[0])[0],
        _ => None,
    }
}

/// A kind of index entry (see [`TreeIndex::anchored`]) that any code a
/// pattern node matches must be (by the same rules [`TreeIndex::candidates`]
/// relies on: a call pattern matches a call whose callee goes by the same
/// last name, a name or attribute one with the same last name or imported
/// under it).
#[derive(Clone, Copy, Debug)]
enum Anchor<'p> {
    Call(&'p str),
    CallOn(&'p str),
    Name(&'p str),
    AttrOn(&'p str),
}

/// The anchors of a pattern node and everything under it. Imports are left
/// out (they are matched by their dotted paths, not node by node), and so are
/// decorators (`@app.route(...)` also matches `@app.route`).
fn anchors_of<'p>(pattern: &'p Node, out: &mut Vec<Anchor<'p>>) {
    // The parts of a dotted name (`werkzeug.serving` in `werkzeug.serving.run_simple`)
    // may only be in the import the name came from: only the whole name is an anchor.
    let dotted = |n: &Node| matches!(n.kind, Kind::Name | Kind::Attribute);
    let mut stack = vec![pattern];
    while let Some(node) = stack.pop() {
        let mut skip_first = false;
        match node.kind {
            Kind::Import | Kind::ImportFrom | Kind::Decorators => continue,
            Kind::Call => {
                match (last_names(&node.children[0]), pattern_base(&node.children[0])) {
                    ([Some(name), _], _) => out.push(Anchor::Call(name)),
                    (_, Some(base)) => out.push(Anchor::CallOn(base)),
                    _ => {}
                }
                skip_first = dotted(&node.children[0]);
            }
            Kind::Attribute => {
                match (last_names(node), pattern_base(node)) {
                    ([Some(name), _], _) => out.push(Anchor::Name(name)),
                    (_, Some(base)) => out.push(Anchor::AttrOn(base)),
                    _ => {}
                }
                skip_first = dotted(&node.children[0]);
            }
            Kind::Name if !node.text.is_empty() && !node.text.contains('.') && !node.text.starts_with('$') => {
                out.push(Anchor::Name(&node.text))
            }
            _ => {}
        }
        stack.extend(node.children.iter().skip(usize::from(skip_first)));
    }
}

/// A prefilter for [`find`]: for each part of a pattern (the one pattern, or
/// each statement of a sequence), the code nodes some of its anchors can be,
/// sorted by start. Code can only match where each of its parts' anchors has
/// a node inside it, which a binary search tells. Off with symbolic
/// propagation, where a name matches the expression it holds (not in the index).
struct Anchors<'i, 't> {
    parts: Vec<SmallVec<[&'i [&'t Node]; 3]>>,
}

impl<'i, 't> Anchors<'i, 't> {
    fn new(pattern: &Pattern, index: &'i TreeIndex<'t>) -> Self {
        let nodes: &[Node] = match &pattern.shape {
            Shape::Expr(p) | Shape::Stmt(p) | Shape::Decorator(p) => std::slice::from_ref(p),
            Shape::Seq(ps) => ps,
        };
        // Decorators are matched by their own rules (`@foo` also matches `@foo(...)`).
        if pattern.symbolic || matches!(pattern.shape, Shape::Decorator(_)) {
            return Anchors::none(pattern);
        }
        let parts = nodes
            .iter()
            .map(|node| {
                let mut anchors = Vec::new();
                anchors_of(node, &mut anchors);
                let mut lists: Vec<&'i [&'t Node]> = anchors.into_iter().map(|a| index.anchored(a)).collect();
                // The rarest few are enough.
                lists.sort_by_key(|l| l.len());
                lists.dedup_by_key(|l| (l.as_ptr(), l.len()));
                lists.into_iter().take(3).collect()
            })
            .collect();
        Anchors { parts }
    }

    /// No prefilter: every place allowed.
    fn none(pattern: &Pattern) -> Self {
        let parts = match &pattern.shape {
            Shape::Seq(ps) => ps.len(),
            _ => 1,
        };
        Anchors { parts: (0..parts).map(|_| SmallVec::new()).collect() }
    }

    /// Whether some part has no candidate anywhere in the file.
    fn impossible(&self) -> bool {
        self.parts.iter().any(|lists| lists.iter().any(|l| l.is_empty()))
    }

    /// Whether part `i` has each of its anchors at a node starting in `start..end`.
    fn allow(&self, i: usize, start: u32, end: u32) -> bool {
        self.parts.get(i).is_none_or(|lists| {
            lists.iter().all(|list| {
                let at = list.partition_point(|n| n.start < start);
                list.get(at).is_some_and(|n| n.start < end || n.start == start)
            })
        })
    }
}

/// One place a pattern matched.
#[derive(Clone, Debug)]
pub struct RawMatch<'t> {
    pub span: Span,
    pub env: Env<'t>,
}

/// Result of trying one pattern on one file.
pub struct Found<'t> {
    pub matches: Vec<RawMatch<'t>>,
    /// Matching steps spent (a machine-independent cost measure).
    pub steps: u64,
    /// The step budget ran out: the matches may be incomplete.
    pub exhausted: bool,
}

/// Tries a pattern at given code nodes only (for checks around known hits),
/// starting from bindings already made.
pub fn match_at<'t>(pattern: &Pattern, nodes: &[&'t Node], env: &Env<'t>, budget: u64) -> Vec<(Span, Env<'t>)> {
    let matcher = Matcher::new(pattern, budget);
    let mut out = Vec::new();
    for &node in nodes {
        let (p, target) = match &pattern.shape {
            Shape::Expr(p) if node.kind.is_expr() || p.kind == Kind::MetaVar => (p, node),
            Shape::Stmt(p) if node.kind == p.kind || matches!(p.kind, Kind::Import | Kind::ImportFrom) || (p.kind, node.kind) == (Kind::Assign, Kind::AnnAssign) => (p, node),
            _ => continue,
        };
        for e in matcher.m(p, target, env.clone()) {
            out.push((Span::new(node.start, node.end), e));
        }
    }
    out
}

/// The range Semgrep reports for a statement that `pattern` matched, where it
/// is not the statement's own: `raise E(...)` on `raise E(...) from None` ends
/// at the exception; a `for` / `while` matched without `else` ends with its
/// body; `with` and `del` start at their first item; a decorated definition
/// starts after the first `@`; `from m import (a, b)` ends at its last name.
fn statement_span(pattern: &Node, code: &Node) -> Span {
    let (mut start, mut end) = (code.start, code.end);
    let absent = |n: Option<&Node>| n.is_none_or(|n| matches!(n.kind, Kind::Absent | Kind::Empty));
    match code.kind {
        Kind::Raise if absent(pattern.children.get(1)) && !absent(code.children.get(1)) => end = code.children[0].end,
        Kind::For if absent(pattern.children.get(3)) && !absent(code.children.get(3)) => end = code.children[2].end,
        Kind::While if absent(pattern.children.get(2)) && !absent(code.children.get(2)) => end = code.children[1].end,
        Kind::With | Kind::Delete => {
            if let Some(first) = code.children[0].children.first() {
                start = first.start;
            }
        }
        Kind::FunctionDef | Kind::ClassDef => {
            if let Some(first) = code.children[0].children.first().filter(|d| is_modifier(d)) {
                start = first.start;
            }
        }
        Kind::ImportFrom => {
            if let Some(last) = code.children.last().and_then(|names| names.children.last()) {
                end = last.end;
            }
        }
        _ => {}
    }
    Span::new(start, end.max(start))
}

/// `@staticmethod` and `@abstractmethod`, which Semgrep reads as modifiers,
/// not decorators: no decorator pattern matches them.
fn is_modifier(decorator: &Node) -> bool {
    decorator.kind == Kind::Name && matches!(&*decorator.text, "staticmethod" | "abstractmethod")
}

/// Whether a `with` pattern meets a `with` statement as Semgrep's nesting of
/// its items: the pattern has fewer items than the code, none of them `...`.
fn nests_with_items(pattern: &Node, code: &Node) -> bool {
    pattern.kind == Kind::With
        && code.kind == Kind::With
        && pattern.children[0].children.len() < code.children[0].children.len()
        && !pattern.children[0].children.iter().any(|i| i.kind == Kind::Ellipsis)
}

/// Where a `with` pattern with fewer items than the code matched (see
/// [`Matcher::m_with_nested`]): the first code item that its items match
/// under the bindings of the match.
fn nested_with_start<'t>(matcher: &Matcher<'_>, pattern: &Node, code: &'t Node, env: &Env<'t>) -> Option<u32> {
    if !nests_with_items(pattern, code) {
        return None;
    }
    let (p_items, c_items) = (&pattern.children[0].children, &code.children[0].children);
    let k = p_items.len();
    (0..=c_items.len() - k)
        .find(|&i| !matcher.m_all(p_items.iter().zip(&c_items[i..i + k]), env.clone()).is_empty())
        .map(|i| c_items[i].start)
}

/// Whether [`match_at`] can check this pattern (sequence and decorator patterns need a whole-file search).
pub fn checkable_at(pattern: &Pattern) -> bool {
    matches!(pattern.shape, Shape::Expr(_) | Shape::Stmt(_))
}

/// At most this many different binding sets are kept for one matched range.
const ENVS_PER_RANGE: usize = 64;

/// Tries `pattern` everywhere in the indexed tree.
pub fn find<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64) -> Found<'t> {
    find_in(pattern, index, budget, true)
}

/// [`find`] without the index prefilters: every place is tried. Slower, with
/// the same results; tests and fuzzing compare the two.
#[doc(hidden)]
pub fn find_everywhere<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64) -> Found<'t> {
    find_in(pattern, index, budget, false)
}

fn find_in<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64, prefilter: bool) -> Found<'t> {
    let mut matches: Vec<RawMatch<'t>> = Vec::new();
    if prefilter && pattern.required_words.iter().any(|w| !index.has_word(w)) {
        return Found { matches, steps: 0, exhausted: false };
    }
    let matcher = Matcher::new(pattern, budget);
    // A bare decorator is a call without arguments to Semgrep: `$F(...)` and
    // `login_required()` match `@login_required` (the index lists no call there),
    // except `@staticmethod` and `@abstractmethod`, which Semgrep reads as modifiers.
    if let Shape::Expr(p) = &pattern.shape {
        if p.kind == Kind::Call && p.children[1].children.iter().all(|a| a.kind == Kind::Ellipsis) {
            for decorators in index.of(Kind::Decorators) {
                for code in decorators.children.iter().filter(|d| d.kind != Kind::Call && !is_modifier(d)) {
                    for env in matcher.m(&p.children[0], code, Env::default()) {
                        matches.push(RawMatch { span: Span::new(code.start, code.end), env });
                    }
                }
            }
        }
    }
    let anchors = if prefilter { Anchors::new(pattern, index) } else { Anchors::none(pattern) };
    if anchors.impossible() && matches.is_empty() {
        return Found { matches, steps: 0, exhausted: false };
    }
    let mut push = |span: Span, env: Env<'t>| matches.push(RawMatch { span, env });
    match &pattern.shape {
        Shape::Expr(p) => {
            let candidates = match prefilter {
                true => index.candidates(p),
                false => {
                    let odd = index.candidates(p).iter().copied().filter(|n| !n.kind.is_expr()).collect::<Vec<_>>();
                    std::borrow::Cow::Owned([index.exprs.as_slice(), &odd].concat())
                }
            };
            for &code in candidates.iter() {
                if !anchors.allow(0, code.start, code.end) {
                    continue;
                }
                for env in matcher.m(p, code, Env::default()) {
                    push(Span::new(code.start, code.end), env);
                }
            }
        }
        Shape::Stmt(p) => {
            let kinds: &[Kind] = match p.kind {
                Kind::Import | Kind::ImportFrom => &[Kind::Import, Kind::ImportFrom],
                Kind::Assign => &[Kind::Assign, Kind::AnnAssign, Kind::NamedExpr],
                _ => std::slice::from_ref(&p.kind),
            };
            for code in kinds.iter().flat_map(|k| index.of(*k)) {
                if !anchors.allow(0, code.start, code.end) {
                    continue;
                }
                let span = statement_span(p, code);
                for env in matcher.m(p, code, Env::default()) {
                    let span = match nested_with_start(&matcher, p, code, &env) {
                        Some(start) => Span::new(start, span.end),
                        None => span,
                    };
                    push(span, env);
                }
            }
            // `return $X` also matches the body of a lambda (as in Semgrep).
            if p.kind == Kind::Return && !matches!(p.children[0].kind, Kind::Empty | Kind::Absent) {
                for lambda in index.of(Kind::Lambda) {
                    let body = &lambda.children[1];
                    if !anchors.allow(0, body.start, body.end) {
                        continue;
                    }
                    for env in matcher.m(&p.children[0], body, Env::default()) {
                        push(Span::new(body.start, body.end), env);
                    }
                }
            }
        }
        Shape::Decorator(p) => {
            for decorators in index.of(Kind::Decorators) {
                for code in decorators.children.iter().filter(|d| !is_modifier(d)) {
                    for env in matcher.m_decorator(p, code, Env::default()) {
                        push(Span::new(code.start.saturating_sub(1), code.end), env);
                    }
                }
            }
        }
        Shape::Seq(ps) => {
            for block in index.of(Kind::Block) {
                // Every statement of the pattern is matched inside this block, from some start on.
                let (Some(first), Some(last)) = (block.children.first(), block.children.last()) else { continue };
                if !(0..ps.len()).all(|i| anchors.allow(i, first.start, last.end)) {
                    continue;
                }
                let items: Vec<&'t Node> = block.children.iter().collect();
                for start in 0..items.len() {
                    if matcher.exhausted() {
                        break;
                    }
                    let item = items[start];
                    if !anchors.allow(0, item.start, item.end) || !(1..ps.len()).all(|i| anchors.allow(i, item.start, last.end)) {
                        continue;
                    }
                    // From one start, every end: `A ... B` with two `B`s after an `A`
                    // gives two matches, as in Semgrep.
                    for env in matcher.m_seq(Kind::Block, ps, &items[start..], Env::default(), true) {
                        let end = env.last_end.max(items[start].end);
                        push(Span::new(items[start].start, end), env);
                    }
                }
            }
        }
    }
    // Keep at most a few different binding sets per range.
    matches.sort_by_key(|m| (m.span.start, m.span.end));
    let mut kept: Vec<RawMatch<'t>> = Vec::with_capacity(matches.len());
    let mut group_start = 0;
    for m in matches {
        if kept.get(group_start).map_or(true, |first| first.span != m.span) {
            group_start = kept.len();
        }
        let group = &kept[group_start..];
        if group.len() < ENVS_PER_RANGE && !group.iter().any(|k| k.env.same_bindings(&m.env)) {
            kept.push(m);
        }
    }
    let matches = kept;
    let steps = budget - matcher.budget.get();
    if steps > 3000 && std::env::var_os("FLASKLIGHT_STEPS").is_some() {
        eprintln!("{steps:>10} {:?}", pattern.text.replace('\n', "⏎"));
    }
    Found { matches, steps, exhausted: matcher.exhausted() }
}

//! Bindings: what each metavariable of a match stands for ([`Bound`]), and
//! the set of them one way of matching has made ([`Env`]).
//!
//! Two bindings of one name must agree, by Semgrep's idea of "the same code":
//! equal structure (positions ignored), one name for a definition and a use
//! (of the same variable, see `scopes`), a name and the literal constant
//! propagation knows it holds. (Under `symbolic_propagation` a metavariable
//! matches a name twice instead, bound to the name and to the expression it
//! holds, as in Semgrep: see `equiv::symbolic_value`.)
//!
//! Depends only on the tree: nothing here matches patterns.

use super::super::source::Span;
use super::super::tree::{ConstValue, Kind, Node};
use smallvec::SmallVec;
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
    /// A capture group of `pattern-regex` or `metavariable-regex` (`$1`,
    /// `$NAME` for `(?P<NAME>...)`): the text it captured and the range
    /// Semgrep reports for it (see [`crate::engine::regex::Group`]).
    Text { span: Span, text: Arc<str> },
}

impl<'t> Bound<'t> {
    pub fn span(&self) -> Span {
        match self {
            Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => Span::new(n.start, n.end),
            Bound::Seq(items) => match (items.first(), items.last()) {
                (Some(first), Some(last)) => Span::new(first.start, last.end),
                _ => Span::default(),
            },
            Bound::Text { span, .. } => *span,
        }
    }

    /// Whether both are the very same binding: the same nodes (not only equal
    /// ones), or the same captured text at the same place.
    fn is(&self, other: &Bound<'t>) -> bool {
        match (self, other) {
            (Bound::Node(mine), Bound::Node(theirs)) | (Bound::Content(mine), Bound::Content(theirs)) => std::ptr::eq(*mine, *theirs),
            (Bound::Seq(mine), Bound::Seq(theirs)) => mine.len() == theirs.len() && mine.iter().zip(theirs).all(|(x, y)| std::ptr::eq(*x, *y)),
            (Bound::Part { node, name, text_too }, Bound::Part { node: theirs, name: their_name, text_too: their_text_too }) => {
                std::ptr::eq(*node, *theirs) && name == their_name && text_too == their_text_too
            }
            (Bound::Text { span, text }, Bound::Text { span: their_span, text: their_text }) => span == their_span && text == their_text,
            _ => false,
        }
    }

    pub fn node(&self) -> Option<&'t Node> {
        match self {
            Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => Some(n),
            Bound::Seq(_) | Bound::Text { .. } => None,
        }
    }

    /// Whether two bindings of one name agree. With `symbolic`, a name that
    /// holds an expression is that expression.
    fn same_as(&self, other: &Bound<'t>, symbolic: bool) -> bool {
        match (self, other) {
            // A captured text is the same as that text, or a name spelt so.
            (Bound::Text { text, .. }, other) | (other, Bound::Text { text, .. }) => match other {
                Bound::Text { text: theirs, .. } => text == theirs,
                Bound::Node(n) => matches!(n.kind, Kind::Ident | Kind::Name) && *n.text == **text,
                _ => false,
            },
            (Bound::Part { node, .. }, other) | (other, Bound::Part { node, .. }) => Bound::Node(node).same_as(other, symbolic),
            (Bound::Node(mine), Bound::Node(theirs)) => {
                (mine.same_as(theirs) && same_variables(mine, theirs))
                    || (same_name(mine, theirs) && same_variable(mine, theirs))
                    || same_constant(mine, theirs)
                    || same_constant(theirs, mine)
            }
            (Bound::Seq(mine), Bound::Seq(theirs)) => {
                mine.len() == theirs.len() && mine.iter().zip(theirs).all(|(x, y)| x.same_as(y) && same_variables(x, y))
            }
            (Bound::Node(one), Bound::Seq(items)) | (Bound::Seq(items), Bound::Node(one)) => {
                items.len() == 1 && one.same_as(items[0]) && same_variables(one, items[0])
            }
            (Bound::Content(content), Bound::Content(other) | Bound::Node(other)) | (Bound::Node(other), Bound::Content(content)) => {
                content.literal_string().is_some_and(|x| other.literal_string().is_some_and(|y| x == y))
            }
            (Bound::Content(_), Bound::Seq(_)) | (Bound::Seq(_), Bound::Content(_)) => false,
        }
    }
}

/// A name known to hold a literal is that literal (`x == 0` after `x = 0` matches `$X == $X`).
fn same_constant(name: &Node, literal: &Node) -> bool {
    match name.constant.as_deref() {
        Some(ConstValue::Literal(value)) if name.kind == Kind::Name => {
            value.kind == literal.kind && value.text == literal.text && literal.children.is_empty()
        }
        _ => false,
    }
}

/// Whether two names that resolve to variables resolve to the same one: as in
/// Semgrep, a name that resolves to none (see [`crate::engine::scopes`])
/// agrees with any of its spelling.
fn same_variable(one: &Node, other: &Node) -> bool {
    one.var == 0 || other.var == 0 || one.var == other.var
}

/// [`same_variable`] for each pair of names at the same place in two trees of
/// the same shape (which `Node::same_as` has checked).
fn same_variables(one: &Node, other: &Node) -> bool {
    same_variable(one, other) && one.children.iter().zip(&other.children).all(|(x, y)| same_variables(x, y))
}

/// An identifier bound as a definition name and as a use are the same name.
fn same_name(one: &Node, other: &Node) -> bool {
    matches!(one.kind, Kind::Ident | Kind::Name) && matches!(other.kind, Kind::Ident | Kind::Name) && one.text == other.text
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
    /// The rule has `symbolic_propagation`: a name and the expression it holds
    /// are one binding (see [`Bound`]).
    symbolic: bool,
}

#[derive(Debug)]
struct Link<'t> {
    name: Arc<str>,
    value: Bound<'t>,
    next: Option<Rc<Link<'t>>>,
}

/// The ways a match can go: usually none or one, so no allocation for those.
pub type Envs<'t> = SmallVec<[Env<'t>; 1]>;

impl<'t> Env<'t> {
    /// No bindings yet, for a pattern with or without `symbolic_propagation`.
    pub fn new(symbolic: bool) -> Self {
        Env { symbolic, ..Env::default() }
    }

    /// These bindings, compared as a pattern with or without `symbolic_propagation` compares them.
    pub fn with_symbolic(mut self, symbolic: bool) -> Self {
        self.symbolic = symbolic;
        self
    }

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
            Some(existing) => existing.same_as(&value, self.symbolic).then_some(self),
            None => {
                self.head = Some(Rc::new(Link { name: Arc::clone(name), value, next: self.head.take() }));
                self.len += 1;
                Some(self)
            }
        }
    }

    /// Both sets of bindings in one, if they agree on every shared name.
    pub fn unify(&self, other: &Env<'t>) -> Option<Env<'t>> {
        let mut unified = self.clone();
        unified.symbolic |= other.symbolic;
        for (name, value) in other.binds() {
            unified = unified.bind(name, value.clone())?;
        }
        Some(unified)
    }

    /// True if the shared names are bound to the same code.
    pub fn compatible(&self, other: &Env<'t>) -> bool {
        let symbolic = self.symbolic || other.symbolic;
        other.links().all(|l| self.get(&l.name).is_none_or(|mine| mine.same_as(&l.value, symbolic)))
    }

    /// Whether both bind each of `names` alike (to the very same code, or not
    /// at all), compared the same way. A match reads only the bindings of its
    /// pattern's metavariables, so it goes the same ways from either.
    pub fn agree_on(&self, other: &Env<'t>, names: &[Arc<str>]) -> bool {
        self.symbolic == other.symbolic
            && names.iter().all(|name| match (self.get(name), other.get(name)) {
                (None, None) => true,
                (Some(mine), Some(theirs)) => mine.is(theirs),
                _ => false,
            })
    }

    /// The bindings `self` made on top of `base` made on top of `onto`
    /// instead, and the later of both ends: a match from `base` replayed from
    /// `onto`. None if `self` does not extend `base` or `onto` binds one of
    /// those names already.
    pub fn rebased(&self, base: &Env<'t>, onto: &Env<'t>) -> Option<Env<'t>> {
        let mut added: SmallVec<[&Link<'t>; 8]> = SmallVec::new();
        let mut link = self.head.as_ref();
        loop {
            match (link, base.head.as_ref()) {
                (None, None) => break,
                (Some(mine), Some(theirs)) if Rc::ptr_eq(mine, theirs) => break,
                (Some(mine), _) => {
                    added.push(mine);
                    link = mine.next.as_ref();
                }
                (None, Some(_)) => return None,
            }
        }
        let mut env = onto.clone();
        for link in added.iter().rev() {
            if onto.get(&link.name).is_some() {
                return None;
            }
            env = env.bind(&link.name, link.value.clone())?;
        }
        env.last_end = onto.last_end.max(self.last_end);
        Some(env)
    }

    /// Whether both bind the same names to the same places.
    pub fn same_bindings(&self, other: &Env<'t>) -> bool {
        self.len == other.len && self.links().all(|l| other.get(&l.name).is_some_and(|o| o.span() == l.value.span()))
    }
}

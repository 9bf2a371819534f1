//! The index of a parsed file, built once per scan and shared by every
//! pattern: nodes by kind, calls and names by their last name, every word;
//! and the prefilters it allows (which code nodes a pattern could match at
//! all, and where each part of a pattern has its anchors).
//!
//! Reads the tree only: must not depend on the matcher's core, its
//! equivalences or the search.

use super::super::limits::MAX_TREE_PATH;
use super::super::pattern::{Pattern, Shape};
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;


/// Every node of a tree, indexed by kind and by name, built once per scan.
pub struct TreeIndex<'t> {
    pub root: &'t Node,
    /// Nodes by kind, at the kind's index (`kind as usize`).
    by_kind: Vec<Vec<&'t Node>>,
    pub(super) exprs: Vec<&'t Node>,
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

/// The names a name-like node goes by: its own last part and, if imported, the original one.
fn last_names(node: &Node) -> [Option<&str>; 2] {
    let own = match node.kind {
        Kind::Name => Some(&*node.text),
        Kind::Attribute => node.as_attribute().filter(|a| a.attr.kind == Kind::Ident).map(|a| &*a.attr.text),
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
        Kind::Attribute => node.as_attribute().map_or([None, None], |a| last_names(a.value)),
        _ => [None, None],
    };
    let imported = node.qualified().and_then(|r| r.rsplit('.').nth(1)).filter(|r| Some(*r) != own && Some(*r) != resolved);
    [own, resolved, imported]
}

impl<'t> TreeIndex<'t> {
    pub fn new(root: &'t Node) -> Self {
        let mut by_kind: Vec<Vec<&'t Node>> = Vec::new();
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
                let path = node.as_alias().map(|a| a.name).or_else(|| node.as_import_from().map(|i| i.module));
                if let Some(path) = path {
                    module_path = (path.start, path.end);
                }
            }
            if !binding_targets.is_empty() {
                binding_targets.retain(|&(_, end)| end > node.start);
            }
            let in_binding_target = binding_targets.iter().any(|&(start, end)| start <= node.start && node.end <= end);
            let target = match node.kind {
                Kind::For => node.as_for().map(|l| l.target),
                Kind::Comprehension => node.as_comprehension().map(|g| g.target),
                Kind::WithItem => node.as_with_item().map(|i| i.target),
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
            let kind = node.kind as usize;
            if by_kind.len() <= kind {
                by_kind.resize_with(kind + 1, Vec::new);
            }
            by_kind[kind].push(node);
            if node.kind.is_expr() {
                exprs.push(node);
            }
            match node.kind {
                Kind::Call => {
                    let Some(call) = node.as_call() else { return };
                    for name in last_names(call.func).into_iter().flatten() {
                        calls.entry(name).or_default().push(node);
                    }
                    for name in base_names(call.func).into_iter().flatten() {
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
            if path.len() > MAX_TREE_PATH {
                break;
            }
        }
        path
    }

    pub(super) fn of(&self, kind: Kind) -> &[&'t Node] {
        self.by_kind.get(kind as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether `word` is an identifier (or part of a dotted name) somewhere in the file.
    pub fn has_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Code nodes an expression pattern rooted at `pattern` could match.
    pub(super) fn candidates(&self, pattern: &Node) -> std::borrow::Cow<'_, [&'t Node]> {
        use std::borrow::Cow;
        fn by_name<'a, 't>(map: &'a HashMap<&'t str, Vec<&'t Node>>, name: &str) -> Cow<'a, [&'t Node]> {
            Cow::Borrowed(map.get(name).map_or(&[][..], Vec::as_slice))
        }
        match pattern.kind {
            Kind::MetaVar | Kind::Deep | Kind::Typed | Kind::Chain | Kind::Ellipsis => Cow::Borrowed(&self.exprs),
            Kind::Str if !pattern.children.is_empty() => Cow::Owned([self.of(Kind::Str), self.of(Kind::ImplicitConcat)].concat()),
            // String patterns match bytes literals too, and `"..."` any expression known to be a string.
            Kind::Str if &*pattern.text == "..." => Cow::Owned(
                [self.of(Kind::Str), self.of(Kind::Bytes), self.of(Kind::JoinedStr), &self.constant_names, self.of(Kind::BinOp), self.of(Kind::ImplicitConcat), self.of(Kind::IfExp)]
                    .concat(),
            ),
            Kind::Str => Cow::Owned([self.of(Kind::Str), self.of(Kind::Bytes), self.of(Kind::JoinedStr), &self.constant_names].concat()),
            Kind::Int | Kind::Float | Kind::Bool => Cow::Owned([self.of(pattern.kind), &self.constant_names].concat()),
            Kind::Set => Cow::Owned([self.of(Kind::Set), self.of(Kind::Dict)].concat()),
            Kind::List => Cow::Owned([self.of(Kind::List), self.of(Kind::ListComp)].concat()),
            Kind::RegexStr => {
                Cow::Owned([self.of(Kind::Str), self.of(Kind::Bytes), self.of(Kind::JoinedStr), &self.constant_names, self.of(Kind::BinOp)].concat())
            }
            Kind::Call => match pattern.as_call().map_or([None, None], |call| last_names(call.func)) {
                [Some(name), _] => by_name(&self.calls, name),
                // `requests.$M(...)`: calls of an attribute of something named `requests`.
                _ => match pattern.as_call().and_then(|call| pattern_base(call.func)) {
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
        Kind::Attribute => pattern.as_attribute().and_then(|a| last_names(a.value)[0]),
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
                if let Some(call) = node.as_call() {
                    match (last_names(call.func), pattern_base(call.func)) {
                        ([Some(name), _], _) => out.push(Anchor::Call(name)),
                        (_, Some(base)) => out.push(Anchor::CallOn(base)),
                        _ => {}
                    }
                    skip_first = dotted(call.func);
                }
            }
            Kind::Attribute => {
                match (last_names(node), pattern_base(node)) {
                    ([Some(name), _], _) => out.push(Anchor::Name(name)),
                    (_, Some(base)) => out.push(Anchor::AttrOn(base)),
                    _ => {}
                }
                skip_first = node.as_attribute().is_some_and(|a| dotted(a.value));
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
pub(super) struct Anchors<'i, 't> {
    parts: Vec<SmallVec<[&'i [&'t Node]; 3]>>,
}

impl<'i, 't> Anchors<'i, 't> {
    pub(super) fn new(pattern: &Pattern, index: &'i TreeIndex<'t>) -> Self {
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
    pub(super) fn none(pattern: &Pattern) -> Self {
        let parts = match &pattern.shape {
            Shape::Seq(ps) => ps.len(),
            _ => 1,
        };
        Anchors { parts: (0..parts).map(|_| SmallVec::new()).collect() }
    }

    /// Whether some part has no candidate anywhere in the file.
    pub(super) fn impossible(&self) -> bool {
        self.parts.iter().any(|lists| lists.iter().any(|l| l.is_empty()))
    }

    /// Whether part `i` has each of its anchors at a node starting in `start..end`.
    pub(super) fn allow(&self, i: usize, start: u32, end: u32) -> bool {
        self.parts.get(i).is_none_or(|lists| {
            lists.iter().all(|list| {
                let at = list.partition_point(|n| n.start < start);
                list.get(at).is_some_and(|n| n.start < end || n.start == start)
            })
        })
    }
}

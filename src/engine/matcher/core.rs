//! The structural match of a pattern node against a code node: every way
//! they can match, each a set of bindings ([`Envs`]), within a step budget.
//!
//! [`Matcher`] is the one abstraction (in the spirit of ast-grep's `Matcher`
//! trait): `match_node(pattern, code, env)`. What it does by default lives
//! here: a metavariable binds, `...` stands for anything, a missing optional
//! part in the pattern ("less is ok") matches, sequences match item by item
//! with `...`, `$...X` and keyword arguments in any order, sets in any order,
//! and any other node matches a node of the same kind, text and children.
//! Semgrep's equivalences (`equiv.rs`) and the pattern operators
//! (`operators.rs`) are tried before it by the implementation in `find.rs`.
//!
//! Must not depend on the equivalences, the operators, the index or the
//! search: they depend on this.

use super::super::limits::ENVS_PER_RANGE;
use super::super::pattern::Pattern;
use super::super::tree::{Kind, Node};
use super::env::{Bound, Env, Envs};
use smallvec::{smallvec, SmallVec};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

/// What one search of one pattern carries: the pattern (its options and
/// regexes), the steps left, the (pattern statement, code statement)
/// pairs known not to match under any bindings (a match with bindings implies
/// one without), so that `...` does not retry them from every earlier start,
/// and the metavariables of the pattern nodes asked about (see [`Matcher::match_from_each`]).
pub struct SearchState<'p> {
    pub pattern: &'p Pattern,
    budget: Cell<u64>,
    mismatches: RefCell<rustc_hash::FxHashSet<(usize, usize)>>,
    metavariables: RefCell<rustc_hash::FxHashMap<usize, Rc<[Arc<str>]>>>,
}

impl<'p> SearchState<'p> {
    pub fn new(pattern: &'p Pattern, budget: u64) -> Self {
        SearchState { pattern, budget: Cell::new(budget), mismatches: Default::default(), metavariables: Default::default() }
    }

    /// The names a match of `pattern` (a node of this search's pattern) may
    /// bind or look up: every text in it that starts with `$` (the matcher
    /// binds pattern nodes' texts only).
    fn metavariables_of(&self, pattern: &Node) -> Rc<[Arc<str>]> {
        let key = pattern as *const Node as usize;
        if let Some(names) = self.metavariables.borrow().get(&key) {
            return Rc::clone(names);
        }
        let mut names: Vec<Arc<str>> = Vec::new();
        pattern.walk(&mut |node| {
            if node.text.starts_with('$') && !names.contains(&node.text) {
                names.push(Arc::clone(&node.text));
            }
        });
        let names: Rc<[Arc<str>]> = names.into();
        self.metavariables.borrow_mut().insert(key, Rc::clone(&names));
        names
    }

    /// Takes one step; false when none is left.
    pub fn tick(&self) -> bool {
        let left = self.budget.get();
        if left == 0 {
            return false;
        }
        self.budget.set(left - 1);
        true
    }

    pub fn exhausted(&self) -> bool {
        self.budget.get() == 0
    }

    pub fn steps_left(&self) -> u64 {
        self.budget.get()
    }
}

/// Matches pattern nodes against code nodes. An implementation gives
/// [`Matcher::match_node`] (which may try equivalences first, then
/// [`Matcher::match_structure`]) and its [`SearchState`]; everything else is
/// provided. Every method returns each way the match can go, extending `env`.
pub trait Matcher {
    /// Every way `pattern` matches `code`, extending `env` (one step).
    fn match_node<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t>;

    fn state(&self) -> &SearchState<'_>;

    fn tick(&self) -> bool {
        self.state().tick()
    }

    fn exhausted(&self) -> bool {
        self.state().exhausted()
    }

    /// The default, structural match: metavariables, `...`, missing optional
    /// parts, sequences, and nodes of the same kind and text, child by child.
    #[inline(always)]
    fn match_structure<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        match pattern.kind {
            Kind::MetaVar if bindable(code) => env.bind(&pattern.text, Bound::Node(code)).into_iter().collect(),
            Kind::MetaVar => Envs::new(),
            // `...` stands for one expression or statement, not for a sequence
            // or a keyword argument (those `...` match in `match_sequence`).
            Kind::Ellipsis if code.kind.is_seq() || matches!(code.kind, Kind::Keyword | Kind::DoubleStarred) => Envs::new(),
            Kind::Ellipsis => smallvec![env],
            // An optional part the pattern leaves out matches whatever the code has.
            Kind::Absent => smallvec![env],
            kind if kind.is_seq() => {
                if code.kind != kind {
                    return Envs::new();
                }
                let items: SmallVec<[&'t Node; 8]> = code.children.iter().collect();
                self.match_sequence(kind, &pattern.children, &items, env, false)
            }
            _ => self.match_children(pattern, code, env),
        }
    }

    /// Same kind and text, and the children pairwise.
    fn match_children<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if pattern.kind != code.kind || !same_text(&pattern.text, &code.text) {
            return Envs::new();
        }
        self.match_children_pairwise(pattern, code, env)
    }

    /// Matches the children pairwise (same number), whatever the two nodes are.
    fn match_children_pairwise<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if pattern.children.len() != code.children.len() {
            return Envs::new();
        }
        self.match_pairs(pattern.children.iter().zip(&code.children), env)
    }

    /// Matches each (pattern, code) pair in turn, every way the earlier ones matched.
    fn match_pairs<'p, 't>(&self, pairs: impl IntoIterator<Item = (&'p Node, &'t Node)>, env: Env<'t>) -> Envs<'t> {
        let mut envs: Envs<'t> = smallvec![env];
        for (pattern, code) in pairs {
            envs = match envs.len() {
                // The common case: one way so far, no flattening needed.
                1 => {
                    let Some(env) = envs.pop() else { break };
                    self.match_node(pattern, code, env)
                }
                _ => self.match_from_each(pattern, code, envs),
            };
            if envs.is_empty() {
                break;
            }
        }
        envs
    }

    /// `pattern` against `code` from each of several ways the match went so
    /// far, in turn. Ways that bind the pattern's metavariables alike (and
    /// differ in others: `$APP.$ROUTE` bound to each decorator of a `def`) go
    /// on alike, so the match runs once for them and what it binds is added to
    /// each (a function's body is not searched again for each decorator).
    fn match_from_each<'t>(&self, pattern: &Node, code: &'t Node, envs: Envs<'t>) -> Envs<'t> {
        let names = self.state().metavariables_of(pattern);
        // Each match run: the way it ran from (with no end yet) and where it went.
        let mut runs: SmallVec<[(Env<'t>, Envs<'t>); 4]> = SmallVec::new();
        let mut out = Envs::new();
        for env in envs {
            let run = match runs.iter().position(|(from, _)| from.agree_on(&env, &names)) {
                Some(run) => run,
                None => {
                    let mut from = env.clone();
                    from.last_end = 0;
                    let matched = self.match_node(pattern, code, from.clone());
                    runs.push((from, matched));
                    runs.len() - 1
                }
            };
            let (from, matched) = &runs[run];
            match matched.iter().map(|m| m.rebased(from, &env)).collect::<Option<Envs<'t>>>() {
                Some(replayed) => out.extend(replayed),
                None => out.extend(self.match_node(pattern, code, env)),
            }
        }
        out
    }

    /// A pattern sequence against a code sequence of the same container kind.
    /// `prefix` lets code items remain after the pattern is used up (top-level statement search).
    fn match_sequence<'t>(&self, kind: Kind, patterns: &[Node], code: &[&'t Node], env: Env<'t>, prefix: bool) -> Envs<'t> {
        if !self.tick() {
            return Envs::new();
        }
        let Some((first, rest)) = patterns.split_first() else {
            return if code.is_empty() || prefix { smallvec![env] } else { Envs::new() };
        };
        // In an f-string's pieces, a `"..."` piece is a `...` (any run of pieces).
        let is_ellipsis = first.kind == Kind::Ellipsis || (kind == Kind::FStringParts && first.kind == Kind::Str && &*first.text == "...");
        match if is_ellipsis { Kind::Ellipsis } else { first.kind } {
            Kind::Ellipsis => {
                if kind == Kind::Block {
                    // Once a body pattern has used `...`, statements may follow its end (as in Semgrep).
                    return self.match_after_ellipsis(rest, code, env, true);
                }
                if rest.is_empty() {
                    return smallvec![env];
                }
                (0..=code.len()).flat_map(|skip| self.match_sequence(kind, rest, &code[skip..], env.clone(), prefix)).collect()
            }
            Kind::SeqMetaVar => (0..=code.len())
                .filter_map(|take| {
                    let env = env.clone().bind(&first.text, Bound::Seq(code[..take].to_vec()))?;
                    Some(self.match_sequence(kind, rest, &code[take..], env, prefix))
                })
                .flatten()
                .collect(),
            Kind::Keyword if matches!(kind, Kind::Args | Kind::Bases) && first.as_keyword().is_some_and(|k| k.name.kind == Kind::Ident) => {
                // Keyword arguments match in any order (as in Semgrep).
                let Some(wanted) = first.as_keyword() else { return Envs::new() };
                let mut out = Envs::new();
                for (i, item) in code.iter().enumerate() {
                    let Some(keyword) = item.as_keyword().filter(|k| k.name.text == wanted.name.text) else { continue };
                    for env in self.match_node(wanted.value, keyword.value, env.clone()) {
                        let remaining: SmallVec<[&'t Node; 8]> = code.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, n)| *n).collect();
                        out.extend(self.match_sequence(kind, rest, &remaining, env, prefix));
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
                        out.extend(self.match_sequence(kind, rest, &code[take..], env, prefix));
                    }
                }
                out
            }
            _ => {
                let Some((head, tail)) = code.split_first() else { return Envs::new() };
                let matched = if kind == Kind::Block { self.match_statement(first, head, env) } else { self.match_node(first, head, env) };
                matched
                    .into_iter()
                    .flat_map(|mut env| {
                        env.last_end = env.last_end.max(head.end);
                        self.match_sequence(kind, rest, tail, env, prefix)
                    })
                    .collect()
            }
        }
    }

    /// Each pattern item matches a different code item, in any order; extra
    /// code items are fine. `match_item` matches one pattern item against one code item.
    fn match_unordered<'t, F>(&self, patterns: &[&Node], code: &[&'t Node], used: &mut Vec<bool>, env: Env<'t>, match_item: &F) -> Envs<'t>
    where
        F: Fn(&Node, &'t Node, Env<'t>) -> Envs<'t>,
    {
        let Some((first, rest)) = patterns.split_first() else { return smallvec![env] };
        let mut out = Envs::new();
        for (i, item) in code.iter().enumerate() {
            if used[i] || self.exhausted() || out.len() >= ENVS_PER_RANGE {
                continue;
            }
            for env in match_item(first, item, env.clone()) {
                used[i] = true;
                out.extend(self.match_unordered(rest, code, used, env, match_item));
                used[i] = false;
            }
        }
        out
    }

    /// `...` in a statement sequence: the rest of the pattern may start at any
    /// later statement, also one nested inside a later statement's blocks.
    fn match_after_ellipsis<'t>(&self, rest: &[Node], code: &[&'t Node], env: Env<'t>, prefix: bool) -> Envs<'t> {
        if rest.is_empty() {
            let mut env = env;
            if let Some(last) = code.last() {
                env.last_end = env.last_end.max(last.end);
            }
            return smallvec![env];
        }
        let mut out = Envs::new();
        self.match_from_each_statement(rest, code, &env, prefix, &mut out);
        out
    }

    /// Tries the rest of a sequence from each statement in source order (nested
    /// ones included, also in the bodies of nested definitions, as in Semgrep),
    /// keeping every place it matches (`A ... B` gives one match per `B`, as in
    /// Semgrep), up to `ENVS_PER_RANGE`.
    fn match_from_each_statement<'t>(&self, rest: &[Node], code: &[&'t Node], env: &Env<'t>, prefix: bool, out: &mut Envs<'t>) {
        for start in 0..code.len() {
            // Every place tried costs a step, even one the memo rules out: `A ... B`
            // from each of n statements looks at up to n places.
            if out.len() >= ENVS_PER_RANGE || !self.tick() {
                return;
            }
            if self.may_match_statement(&rest[0], code[start]) {
                out.extend(self.match_sequence(Kind::Block, rest, &code[start..], env.clone(), prefix));
            }
            // Semgrep flattens the statements after `...` (each compound
            // statement followed by the statements of its blocks), so reaching
            // into one passes over the whole compound statement: the match
            // runs at least to its end (`A; ...; B` with `B` inside a `with`
            // ends where the `with` ends).
            let mut inside = None;
            for nested in code[start].nested_blocks() {
                let env = inside.get_or_insert_with(|| {
                    let mut env = env.clone();
                    env.last_end = env.last_end.max(code[start].end);
                    env
                });
                let items: SmallVec<[&'t Node; 16]> = nested.children.iter().collect();
                self.match_from_each_statement(rest, &items, env, prefix, out);
            }
        }
    }

    /// False if `pattern` cannot match `code` whatever the bindings (memoized).
    fn may_match_statement(&self, pattern: &Node, code: &Node) -> bool {
        if matches!(pattern.kind, Kind::Ellipsis | Kind::SeqMetaVar) {
            return true;
        }
        let key = (pattern as *const Node as usize, code as *const Node as usize);
        let mismatches = &self.state().mismatches;
        if mismatches.borrow().contains(&key) {
            return false;
        }
        let possible = !self.match_statement(pattern, code, Env::default()).is_empty();
        if !possible {
            mismatches.borrow_mut().insert(key);
        }
        possible
    }

    /// One pattern statement against one code statement of a sequence.
    fn match_statement<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        let Some(expr) = pattern.as_expr_stmt().map(|e| e.value) else {
            return self.match_node(pattern, code, env);
        };
        if expr.kind == Kind::MetaVar {
            // `$S` on a line of its own binds a whole statement.
            let target = code.as_expr_stmt().map_or(code, |e| e.value);
            return env.bind(&expr.text, Bound::Node(target)).into_iter().collect();
        }
        if let Some(statement) = code.as_expr_stmt() {
            let direct = self.match_node(expr, statement.value, env.clone());
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
            return self.match_deep(expr, code, env);
        }
        if deep && matches!(code.kind, Kind::If | Kind::While | Kind::For | Kind::With | Kind::Match) {
            // The header of a compound statement: what is not one of its blocks.
            return code
                .children
                .iter()
                .filter(|c| !matches!(c.kind, Kind::Block | Kind::Absent | Kind::Cases))
                .flat_map(|c| self.match_deep(expr, c, env.clone()))
                .collect();
        }
        Envs::new()
    }

    /// `pattern` against `code` and every expression inside it, not looking
    /// into nested function and class bodies or lambdas.
    ///
    /// When `pattern` is itself `<... e ...>` (a statement `<... e ...>`), the
    /// search of each expression for `e` reaches every node under it that this
    /// walk reaches, so the expressions under one already searched are not
    /// searched again (they would find the same matches again, quadratic in
    /// the depth); a lambda is, as its own search goes into its body. Not with
    /// symbolic propagation, where a name's search also looks into its value.
    fn match_deep<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        let nested_deep = pattern.kind == Kind::Deep && !self.state().pattern.symbolic;
        let mut out = Envs::new();
        // Each node, and whether the search of an expression above it already covered it.
        let mut stack = vec![(code, false)];
        while let Some((node, covered)) = stack.pop() {
            if self.exhausted() {
                break;
            }
            if node.kind.is_expr() && !(covered && node.kind != Kind::Lambda) {
                let found = self.match_node(pattern, node, env.clone());
                if !found.is_empty() {
                    out.extend(found);
                }
            }
            if !matches!(node.kind, Kind::FunctionDef | Kind::ClassDef | Kind::Lambda) || std::ptr::eq(node, code) {
                let covered = covered || (nested_deep && node.kind.is_expr());
                stack.extend(node.children.iter().rev().map(|child| (child, covered)));
            }
        }
        out
    }
}

/// Statements whose expression an expression statement of a sequence pattern may be found in.
fn holds_expression(kind: Kind) -> bool {
    matches!(kind, Kind::ExprStmt | Kind::Assign | Kind::AugAssign | Kind::AnnAssign | Kind::Return)
}

/// Whether `$X` may stand for this code node.
fn bindable(code: &Node) -> bool {
    !code.kind.is_seq() && !matches!(code.kind, Kind::Keyword | Kind::Absent | Kind::Empty | Kind::Module)
}

/// String equality with the common cases (different lengths, both empty) kept inline.
#[inline]
pub fn same_text(pattern: &str, code: &str) -> bool {
    pattern.len() == code.len() && (pattern.is_empty() || pattern.as_bytes() == code.as_bytes())
}

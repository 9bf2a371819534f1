//! The search: where in a file a pattern matches ([`find`]), or whether it
//! matches at given nodes ([`match_at`]), and the range Semgrep reports for
//! each match. [`Search`] is the [`Matcher`] it runs: each pattern node is
//! tried by Semgrep's equivalences, then the pattern operators, then the
//! structural core; every node costs a step of the budget, so no pattern can
//! make the search run away (when the budget is gone the search stops and says so).
//!
//! The top of the matcher: depends on all of its parts; none depends on it.

use super::super::limits::ENVS_PER_RANGE;
use super::super::pattern::{Pattern, Shape};
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::core::{Matcher, SearchState};
use super::env::{Env, Envs};
use super::equiv::{self, decorator, is_modifier, nested_with_start, try_equivalences};
use super::index::{Anchors, TreeIndex};
use super::operators::try_operators;

/// One search of one pattern: the matcher that [`find`] and [`match_at`] run.
pub struct Search<'p> {
    state: SearchState<'p>,
}

impl<'p> Search<'p> {
    pub fn new(pattern: &'p Pattern, budget: u64) -> Self {
        Search { state: SearchState::new(pattern, budget) }
    }

    /// A pattern node against a code node: the first of the equivalences,
    /// the operators and the structural match that applies.
    #[inline(always)]
    fn match_here<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        let env = match try_equivalences(self, pattern, code, env) {
            Ok(envs) => return envs,
            Err(env) => env,
        };
        match try_operators(self, pattern, code, env) {
            Ok(envs) => envs,
            Err(env) => self.match_structure(pattern, code, env),
        }
    }
}

impl Matcher for Search<'_> {
    fn match_node<'t>(&self, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
        if !self.tick() {
            return Envs::new();
        }
        if let Some(value) = equiv::symbolic_value(self.state.pattern.symbolic, pattern, code) {
            // Symbolic propagation: the name, and the expression it holds (both,
            // as Semgrep's `>||>`: a metavariable gets a match bound to each).
            let mut direct = self.match_here(pattern, code, env.clone());
            if direct.is_empty() || pattern.kind == Kind::MetaVar {
                direct.extend(self.match_node(pattern, value, env));
            }
            return direct;
        }
        self.match_here(pattern, code, env)
    }

    fn state(&self) -> &SearchState<'_> {
        &self.state
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
    let search = Search::new(pattern, budget);
    let env = env.clone().with_symbolic(pattern.symbolic);
    let mut out = Vec::new();
    for &node in nodes {
        let wanted = match &pattern.shape {
            Shape::Expr(p) if node.kind.is_expr() || p.kind == Kind::MetaVar => p,
            Shape::Stmt(p) if node.kind == p.kind || matches!(p.kind, Kind::Import | Kind::ImportFrom) || (p.kind, node.kind) == (Kind::Assign, Kind::AnnAssign) => p,
            _ => continue,
        };
        for e in search.match_node(wanted, node, env.clone()) {
            out.push((Span::new(node.start, node.end), e));
        }
    }
    out
}

/// Every way the node `part` of `pattern` matches the code node `code` on its
/// own, from no bindings: the explaining entry point (an explanation finds
/// where a match failed by trying the pattern's parts; the normal search never
/// calls it).
pub fn match_part<'t>(pattern: &Pattern, part: &Node, code: &'t Node, budget: u64) -> usize {
    let search = Search::new(pattern, budget);
    search.match_node(part, code, Env::new(pattern.symbolic)).len()
}

/// Whether [`match_at`] can check this pattern (sequence and decorator patterns need a whole-file search).
pub fn checkable_at(pattern: &Pattern) -> bool {
    matches!(pattern.shape, Shape::Expr(_) | Shape::Stmt(_))
}

/// The range Semgrep reports for a statement that `pattern` matched, where it
/// is not the statement's own: `raise E(...)` on `raise E(...) from None` ends
/// at the exception; a `for` / `while` matched without `else` ends with its
/// body; `with` and `del` start at their first item; a definition whose first
/// decorator is a modifier (`@staticmethod`) starts there; `from m import (a,
/// b)` ends at its last name.
fn statement_span(pattern: &Node, code: &Node) -> Span {
    let (mut start, mut end) = (code.start, code.end);
    let absent = |n: Option<&Node>| n.is_none_or(|n| matches!(n.kind, Kind::Absent | Kind::Empty));
    match code.kind {
        Kind::Raise => {
            if let Some(raise) = code.as_raise().filter(|r| absent(pattern.as_raise().map(|p| p.cause)) && !absent(Some(r.cause))) {
                end = raise.exc.end;
            }
        }
        Kind::For => {
            if let Some(each) = code.as_for().filter(|l| absent(pattern.as_for().map(|p| p.orelse)) && !absent(Some(l.orelse))) {
                end = each.body.end;
            }
        }
        Kind::While => {
            if let Some(repeat) = code.as_while().filter(|l| absent(pattern.as_while().map(|p| p.orelse)) && !absent(Some(l.orelse))) {
                end = repeat.body.end;
            }
        }
        Kind::With | Kind::Delete => {
            let items = code.as_with().map(|w| w.items).or_else(|| code.as_delete().map(|d| d.targets));
            if let Some(first) = items.and_then(|items| items.children.first()) {
                start = first.start;
            }
        }
        Kind::FunctionDef | Kind::ClassDef => {
            let decorators = code.as_function_def().map(|d| d.decorators).or_else(|| code.as_class_def().map(|c| c.decorators));
            if let Some(first) = decorators.and_then(|d| d.children.first()).filter(|d| is_modifier(d)) {
                start = first.start;
            }
        }
        Kind::ImportFrom => {
            if let Some(last) = code.as_import_from().and_then(|import| import.aliases.children.last()) {
                end = last.end;
            }
        }
        _ => {}
    }
    Span::new(start, end.max(start))
}

/// Tries `pattern` everywhere in the indexed tree.
pub fn find<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64) -> Found<'t> {
    find_in(pattern, index, budget, true, None)
}

/// Regions a search needs to look in only: what an expression pattern
/// matches outside all of them (and, made [`Within::around_or_inside`], around
/// none of them) is dropped ([`find_within`]).
pub struct Within {
    /// The regions' starts, sorted, and the furthest end among those up to each.
    starts: Vec<u32>,
    furthest: Vec<u32>,
    /// With `around_or_inside`: the nearest end among the regions from each on.
    nearest_end_from: Vec<u32>,
}

impl Within {
    pub fn new(spans: Vec<Span>) -> Within {
        Within::build(spans, false)
    }

    /// Code that lies inside one of the regions or holds one (the code a
    /// further positive term can match and still meet the hits so far).
    pub fn around_or_inside(spans: Vec<Span>) -> Within {
        Within::build(spans, true)
    }

    fn build(mut spans: Vec<Span>, around: bool) -> Within {
        spans.sort_by_key(|s| s.start);
        let mut end = 0;
        let furthest = spans.iter().map(|s| {
            end = end.max(s.end);
            end
        });
        let mut nearest_end_from = Vec::new();
        if around {
            let mut end = u32::MAX;
            nearest_end_from = spans.iter().rev().map(|s| {
                end = end.min(s.end);
                end
            }).collect();
            nearest_end_from.reverse();
        }
        Within { furthest: furthest.collect(), starts: spans.iter().map(|s| s.start).collect(), nearest_end_from }
    }

    /// Whether one of the regions contains this range (or, made
    /// `around_or_inside`, lies in it: a region starting in the range that
    /// ends in it too; one starting after the range ends after it).
    fn contains(&self, start: u32, end: u32) -> bool {
        let i = self.starts.partition_point(|&s| s <= start);
        if i > 0 && self.furthest[i - 1] >= end {
            return true;
        }
        let from = self.starts.partition_point(|&s| s < start);
        self.nearest_end_from.get(from).is_some_and(|&nearest| nearest <= end)
    }
}

/// [`find`], keeping an expression pattern's matches to those inside one of
/// the regions (the same matches as [`find`]'s that lie there, found without
/// trying the rest of the file); other patterns search the whole file.
pub fn find_within<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64, within: &Within) -> Found<'t> {
    find_in(pattern, index, budget, true, Some(within))
}

/// [`find`] without the index prefilters: every place is tried. Slower, with
/// the same results; tests and fuzzing compare the two.
#[doc(hidden)]
pub fn find_everywhere<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64) -> Found<'t> {
    find_in(pattern, index, budget, false, None)
}

fn find_in<'t>(pattern: &Pattern, index: &TreeIndex<'t>, budget: u64, prefilter: bool, within: Option<&Within>) -> Found<'t> {
    let outside = |code: &Node| within.is_some_and(|w| !w.contains(code.start, code.end));
    let mut matches: Vec<RawMatch<'t>> = Vec::new();
    if prefilter && pattern.required_words.iter().any(|w| !index.has_word(w)) {
        return Found { matches, steps: 0, exhausted: false };
    }
    let search = Search::new(pattern, budget);
    let root_env = || Env::new(pattern.symbolic);
    // A bare decorator is a call without arguments to Semgrep: `$F(...)` and
    // `login_required()` match `@login_required` (the index lists no call there),
    // except `@staticmethod` and `@abstractmethod`, which Semgrep reads as modifiers.
    if let Some(call) = pattern_expr(pattern).and_then(Node::as_call) {
        if call.args.children.iter().all(|a| a.kind == Kind::Ellipsis) {
            for decorators in index.of(Kind::Decorators) {
                for code in decorators.children.iter().filter(|d| d.kind != Kind::Call && !is_modifier(d) && !outside(d)) {
                    for env in search.match_node(call.func, code, root_env()) {
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
                if !anchors.allow(0, code.start, code.end) || outside(code) {
                    continue;
                }
                for env in search.match_node(p, code, root_env()) {
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
                for env in search.match_node(p, code, root_env()) {
                    let span = match nested_with_start(&search, p, code, &env) {
                        Some(start) => Span::new(start, span.end),
                        None => span,
                    };
                    push(span, env);
                }
            }
            // `return $X` also matches the body of a lambda (as in Semgrep), when that
            // body is an implicit return there (see `implicit_return`).
            if let Some(value) = p.as_return().map(|r| r.value).filter(|v| !matches!(v.kind, Kind::Empty | Kind::Absent)) {
                for body in index.of(Kind::Lambda).iter().filter_map(|l| l.as_lambda()).map(|l| l.body).filter(|b| implicit_return(b)) {
                    if !anchors.allow(0, body.start, body.end) {
                        continue;
                    }
                    for env in search.match_node(value, body, root_env()) {
                        push(Span::new(body.start, body.end), env);
                    }
                }
            }
        }
        Shape::Decorator(p) => {
            for decorators in index.of(Kind::Decorators) {
                for code in decorators.children.iter().filter(|d| !is_modifier(d)) {
                    for env in decorator(&search, p, code, root_env()) {
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
                    if search.exhausted() {
                        break;
                    }
                    let item = items[start];
                    if !anchors.allow(0, item.start, item.end) || !(1..ps.len()).all(|i| anchors.allow(i, item.start, last.end)) {
                        continue;
                    }
                    // From one start, every end: `A ... B` with two `B`s after an `A`
                    // gives two matches, as in Semgrep.
                    for env in search.match_sequence(Kind::Block, ps, &items[start..], root_env(), true) {
                        let end = env.last_end.max(items[start].end);
                        push(Span::new(items[start].start, end), env);
                    }
                }
            }
        }
    }
    let matches = keep_few_per_range(matches);
    let steps = budget - search.state.steps_left();
    // Profiling aid: the patterns that cost most, on stderr.
    if steps > 3000 && std::env::var_os("FLASKLIGHT_STEPS").is_some() {
        eprintln!("{steps:>10} {:?}", pattern.text.replace('\n', "⏎"));
    }
    Found { matches, steps, exhausted: search.exhausted() }
}

/// The expression of an expression pattern.
fn pattern_expr(pattern: &Pattern) -> Option<&Node> {
    match &pattern.shape {
        Shape::Expr(p) => Some(p),
        _ => None,
    }
}

/// The matches sorted by range, with at most `ENVS_PER_RANGE` different binding sets per range.
fn keep_few_per_range(mut matches: Vec<RawMatch<'_>>) -> Vec<RawMatch<'_>> {
    matches.sort_by_key(|m| (m.span.start, m.span.end));
    let mut kept: Vec<RawMatch<'_>> = Vec::with_capacity(matches.len());
    let mut group_start = 0;
    for m in matches {
        if kept.get(group_start).is_none_or(|first| first.span != m.span) {
            group_start = kept.len();
        }
        let group = &kept[group_start..];
        if group.len() < ENVS_PER_RANGE && !group.iter().any(|k| k.env.same_bindings(&m.env)) {
            kept.push(m);
        }
    }
    kept
}

/// Whether Semgrep reads a lambda's body as `return body`. Semgrep marks it from
/// the body's translation to its IL: only an expression that stays one instruction
/// is marked, so a conditional expression, a chained comparison, a walrus, a
/// nested lambda, a `yield from` or `yield` with a value, an `...`, a slice
/// subscript and a set or dict comprehension are not (checked with semgrep 1.187).
fn implicit_return(body: &Node) -> bool {
    match body.kind {
        Kind::IfExp | Kind::NamedExpr | Kind::Lambda | Kind::YieldFrom | Kind::EllipsisLit | Kind::SetComp | Kind::DictComp => false,
        Kind::Yield => body.as_yield().map_or(true, |y| matches!(y.value.kind, Kind::Empty | Kind::Absent)),
        Kind::Compare => body.as_compare().map_or(true, |c| c.comparators.len() < 2),
        Kind::Subscript => body.as_subscript().map_or(true, |s| {
            s.slice.kind != Kind::Slice && !(s.slice.kind == Kind::Tuple && s.slice.children.iter().any(|e| e.kind == Kind::Slice))
        }),
        _ => true,
    }
}

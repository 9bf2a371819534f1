//! `precise_guards` (issue 19): which sanitizer matches are checks of an
//! `if` or `while` test (see `taint/guards.rs` for what a check cleans). A check
//! matches the test as written, or its opposite: `if name in ALLOWED:` is
//! the opposite of the check `$X not in ALLOWED`, so the arm where it holds
//! is clean. Opposites are found by matching the sanitizers on a copy of
//! each comparison in an `if` test with its operator flipped (`in`/`not in`,
//! `==`/`!=`, `is`/`is not`), at the same positions.
//!
//! Runs only for rules with `precise_guards` (or `--precise`).

use super::super::matcher::TreeIndex;
use super::super::source::Span;
use super::super::taint;
use super::super::tree::views::Module;
use super::super::tree::{Kind, Node};
use super::binding::bound_span;
use super::eval::{Evaluator, SharedMatches};
use super::hit::Hit;
use super::model::Formula;

impl<'t> Evaluator<'_, 't> {
    /// Every sanitizer match as a possible check (`hits`), and the matches
    /// of the sanitizers on the flipped comparisons of `if` and `while` tests.
    pub(super) fn guard_checks(&self, sanitizers: &[Formula], hits: &[Hit<'t>]) -> Vec<taint::Guard> {
        let guard = |src: &str, hit: &Hit<'_>, negated: bool| taint::Guard {
            at: hit.span,
            cleans: hit.env.binds().into_iter().map(|(_, bound)| bound_span(src, bound)).collect(),
            negated,
        };
        let mut out: Vec<taint::Guard> = hits.iter().map(|hit| guard(self.src, hit, false)).collect();
        let mut flipped = Vec::new();
        self.index.root.walk(&mut |node| {
            if let Some(test) = node.as_if().map(|i| i.test).or_else(|| node.as_while().map(|w| w.test)) {
                flip_comparisons(test, &mut flipped);
            }
        });
        if flipped.is_empty() {
            return out;
        }
        flipped.sort_by_key(|n| (n.start, n.end));
        flipped.dedup_by_key(|n| (n.start, n.end));
        let tests: Vec<Span> = flipped.iter().map(|n| Span::new(n.start, n.end)).collect();
        let statements: Vec<Node> = flipped.into_iter().map(|n| Node::new(Kind::ExprStmt, (n.start, n.end), "", vec![n])).collect();
        let (start, end) = (statements.first().map_or(0, |n| n.start), statements.last().map_or(0, |n| n.end));
        let copy = Module::build((0, self.src.len() as u32), Node::new(Kind::Block, (start, end), "", statements));
        let index = TreeIndex::new(&copy);
        // Its own matches: the file's are shared by pattern text.
        let shared = SharedMatches::default();
        let on_copy = Evaluator::new(&index, self.src, &shared);
        for formula in sanitizers {
            for hit in on_copy.eval(formula) {
                if tests.binary_search(&hit.span).is_ok() {
                    out.push(guard(self.src, &hit, true));
                }
            }
        }
        for limit in on_copy.limits.take().into_vec() {
            self.hit_limit(limit);
        }
        out
    }
}

/// The comparisons of one operator at the top of an `if` or `while` test (or under its
/// `not`, `and`, `or`), each copied with the operator flipped.
fn flip_comparisons(test: &Node, out: &mut Vec<Node>) {
    match test.kind {
        Kind::UnaryOp if &*test.text == "not" => test.children.iter().for_each(|c| flip_comparisons(c, out)),
        Kind::BoolOp => test.children.iter().flat_map(|values| &values.children).for_each(|c| flip_comparisons(c, out)),
        Kind::Compare if test.children.len() == 2 => {
            let opposite = match &*test.text {
                "in" => "not in",
                "not in" => "in",
                "==" => "!=",
                "!=" => "==",
                "is" => "is not",
                "is not" => "is",
                _ => return,
            };
            out.push(test.clone().with_text(opposite));
        }
        _ => {}
    }
}

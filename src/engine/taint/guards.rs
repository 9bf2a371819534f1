//! Guards (`options: precise_guards`, issue 19): a sanitizer whose match is
//! a whole `if` test, or a whole operand of `not`, `or` or `and` at the top
//! of it, is a *check*, and the path where the check says the value is fine
//! is clean. Only that path: after `if ".." in x: log(x)` both arms go on,
//! and `x` stays tainted.
//!
//! Which way a check reads:
//! - a comparison or a `not` (`".." in $X`, `$X not in ALLOWED`,
//!   `urlparse($X).netloc not in ...`, `not $X.startswith(...)`,
//!   `not is_safe($X)`) describes a bad value, what a program tests before it
//!   rejects the value: clean where it is false (after `if CHECK:` whose arm
//!   leaves, in its `else` arm, in the arm of `if not CHECK:`);
//! - the same comparison with its operator flipped (`name in ALLOWED` for
//!   the check `$X not in ALLOWED`, found by `rule/guard_checks.rs`): clean
//!   where the test holds;
//! - anything else, a call (`is_safe($X)`, `$X.startswith(...)`), says the
//!   value passed: clean where it holds (`if is_safe(x): open(x)`, and after
//!   `if not is_safe(x): abort(400)`).
//!
//! An arm *leaves* with `return`, `raise`, `continue`, `break`, or a call
//! that never returns ([`never_returns`]).
//!
//! A `while` test is a check too: its body runs where the test holds, and
//! what follows the loop from its test (not from a `break`) where it does
//! not: after `while ".." in x: x = x.replace("..", "")`, `x` is clean.
//!
//! Semgrep has no such analysis (a sanitizer there cleans only the
//! expression it matches); without the option none of this runs.
//!
//! What a check cleans: the variables and field paths its metavariables
//! bound (`$X`), or, for a pattern without metavariables, every variable it reads.
//!
//! Depends on the spec and expression helpers of this module and the tree.

use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::expr::{forget, key_of};
use super::spec::{Guard, State};
use super::stops::{StopKind, Stops};

/// The state at the start of an arm where `test` is `holds`: the checks that
/// say the value is fine there clean what they checked.
pub(super) fn refine(guards: &[Guard], test: &Node, holds: bool, state: &mut State, stops: Option<&Stops>) {
    match test.kind {
        Kind::UnaryOp if &*test.text == "not" => {
            if let Some(negated) = test.as_unary_op() {
                refine(guards, negated.operand, !holds, state, stops);
            }
        }
        // `a or b` false: both are; `a and b` true: both are.
        Kind::BoolOp if (&*test.text == "or") != holds => {
            if let Some(both) = test.as_bool_op() {
                for value in &both.values.children {
                    refine(guards, value, holds, state, stops);
                }
            }
        }
        _ => {}
    }
    let describes_bad = matches!(test.kind, Kind::Compare | Kind::BoolOp) || (test.kind == Kind::UnaryOp && &*test.text == "not");
    let span = Span::new(test.start, test.end);
    let from = guards.partition_point(|g| g.at < span);
    for guard in guards[from..].iter().take_while(|g| g.at == span) {
        // Where the value is fine: a bad value's check is false, a good one's (or an opposite) true.
        let fine_when = !describes_bad || guard.negated;
        if holds != fine_when {
            continue;
        }
        let mut clean = |key: String| {
            if let (Some(stops), Some(trace)) = (stops, state.get(&key)) {
                stops.note(StopKind::Guard, guard.at, Some(key.clone()), Some(trace.source));
            }
            forget(state, &key);
        };
        if guard.cleans.is_empty() {
            every_key(test, &mut clean);
        }
        for &bound in &guard.cleans {
            if let Some(key) = key_at(test, bound) {
                clean(key);
            }
        }
    }
}

/// Whether an expression statement calls a function that never returns:
/// Flask's or Werkzeug's `abort`, `sys.exit`, `os._exit`, `exit`, `quit`.
pub fn never_returns(stmt: &Node) -> bool {
    let Some(call) = stmt.as_expr_stmt().and_then(|e| e.value.as_call()) else { return false };
    let func = call.func;
    match func.resolved_dotted() {
        Some(name) => matches!(name.as_str(), "flask.abort" | "werkzeug.exceptions.abort" | "werkzeug.abort" | "sys.exit" | "os._exit"),
        // A name no import binds: the builtins, and `abort` as Flask code calls it.
        None => func.kind == Kind::Name && matches!(&*func.text, "abort" | "exit" | "quit"),
    }
}

/// The outermost variables and field paths an expression reads.
fn every_key(node: &Node, f: &mut dyn FnMut(String)) {
    if let Some(key) = key_of(node) {
        return f(key);
    }
    if matches!(node.kind, Kind::Lambda | Kind::ListComp | Kind::SetComp | Kind::DictComp | Kind::GeneratorExp) {
        return;
    }
    for child in &node.children {
        every_key(child, f);
    }
}

/// The variable or field path with exactly this span inside `root` (an
/// argument list of one name has its span too).
fn key_at(root: &Node, span: Span) -> Option<String> {
    if root.start == span.start && root.end == span.end {
        if let Some(key) = key_of(root) {
            return Some(key);
        }
    }
    root.children.iter().filter(|c| c.start <= span.start && span.end <= c.end).find_map(|c| key_at(c, span))
}

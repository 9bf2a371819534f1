//! Guards (`options: precise_guards`, issue 19): a sanitizer whose match is
//! a whole `if` test, or a whole operand of `not`, `or` or `and` at the top
//! of it, is a *check*. A check describes a bad value, what a program tests
//! before it rejects the value (`".." in $X`, `not $X.startswith(...)`,
//! `$X not in ALLOWED`, `not is_safe($X)`); where the check is known false,
//! what it checked is clean: after `if CHECK:` whose arm leaves (`return`,
//! `raise`, a jump, or a call that never returns: [`never_returns`]), in its
//! `else` arm, in the arm of `if not CHECK:`. Only that path: after
//! `if ".." in x: log(x)` both arms go on, and `x` stays tainted.
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

/// The state at the start of an arm where `test` is `holds`: the checks known
/// false there clean what they checked.
pub(super) fn refine(guards: &[Guard], test: &Node, holds: bool, state: &mut State) {
    match test.kind {
        Kind::UnaryOp if &*test.text == "not" => {
            if let Some(negated) = test.as_unary_op() {
                refine(guards, negated.operand, !holds, state);
            }
        }
        // `a or b` false: both are; `a and b` true: both are.
        Kind::BoolOp if (&*test.text == "or") != holds => {
            if let Some(both) = test.as_bool_op() {
                for value in &both.values.children {
                    refine(guards, value, holds, state);
                }
            }
        }
        _ => {}
    }
    if holds {
        return;
    }
    let span = Span::new(test.start, test.end);
    let from = guards.partition_point(|g| g.at < span);
    for guard in guards[from..].iter().take_while(|g| g.at == span) {
        if guard.cleans.is_empty() {
            every_key(test, &mut |key| forget(state, &key));
        }
        for &bound in &guard.cleans {
            if let Some(key) = node_at(test, bound).and_then(key_of) {
                forget(state, &key);
            }
        }
    }
}

/// Whether an expression statement calls a function that never returns:
/// Flask's or Werkzeug's `abort`, `sys.exit`, `os._exit`, `exit`, `quit`.
pub(super) fn never_returns(stmt: &Node) -> bool {
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

/// The node with exactly this span inside `root`.
fn node_at(root: &Node, span: Span) -> Option<&Node> {
    if root.start == span.start && root.end == span.end {
        return Some(root);
    }
    root.children.iter().filter(|c| c.start <= span.start && span.end <= c.end).find_map(|c| node_at(c, span))
}

//! What constant propagation knows of an expression: its value (a literal,
//! or "some string"), folded from literals and known names as Semgrep folds
//! them (`60 * 60 * 24`, `"a" + "b"`, f-strings of known strings), and its
//! type (for typed metavariables and `metavariable-type`).
//!
//! Also what two values join to where paths meet. Reads the tree only; the
//! walk that records what names hold is in `propagation.rs`.

use super::super::tree::{ConstValue, Kind, Node};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// What each name holds at a point of the walk.
pub(super) type State = FxHashMap<Arc<str>, Arc<ConstValue>>;

/// Where [`value_of`] finds what a name holds.
pub(super) trait Names {
    fn value(&self, name: &Node) -> Option<ConstValue>;
}

/// During the walk: the names known at this point.
impl Names for State {
    fn value(&self, name: &Node) -> Option<ConstValue> {
        self.get(&name.text).map(|v| (**v).clone())
    }
}

/// After the walk: the value each use of a name was marked with.
pub(super) struct Marked;

impl Names for Marked {
    fn value(&self, name: &Node) -> Option<ConstValue> {
        name.constant.as_deref().cloned()
    }
}

/// The value of an expression in the parsed code, as constant propagation
/// knows it (literals, names known to hold one, and what is folded from them:
/// `60 * 60 * 24` is `86400`).
pub fn known_value(expr: &Node) -> Option<ConstValue> {
    value_of(expr, &Marked)
}

/// The known value of an expression under `state`.
pub(super) fn value_of<N: Names>(expr: &Node, state: &N) -> Option<ConstValue> {
    match expr.kind {
        Kind::Str | Kind::Int | Kind::Float | Kind::Bool | Kind::Bytes => Some(ConstValue::Literal(literal(expr))),
        Kind::Name => state.value(expr).filter(|v| !matches!(v, ConstValue::Symbolic(_) | ConstValue::Typed(_))),
        Kind::JoinedStr => {
            let parts = &expr.as_joined_str()?.parts.children;
            let all_known = parts.iter().all(|p| match p.kind {
                Kind::Str => true,
                Kind::FormattedValue => p.as_formatted_value().is_some_and(|f| value_of(f.value, state).is_some()),
                _ => false,
            });
            if !all_known {
                return None;
            }
            let piece = |p: &Node| match p.as_formatted_value() {
                Some(field) => string_of(field.value, state),
                None => Some(p.text.to_string()),
            };
            match parts.iter().map(piece).collect::<Option<String>>() {
                Some(s) => Some(str_value(expr, s)),
                None => Some(ConstValue::SomeString),
            }
        }
        Kind::BinOp => {
            let op = expr.as_bin_op()?;
            match &*expr.text {
                "+" => {
                    let (l, r) = (value_of(op.left, state)?, value_of(op.right, state)?);
                    match (l, r) {
                        (ConstValue::Literal(left), ConstValue::Literal(right)) if left.kind == Kind::Str && right.kind == Kind::Str => {
                            Some(str_value(expr, format!("{}{}", left.text, right.text)))
                        }
                        (left, right) if is_stringish(&left) && is_stringish(&right) => Some(ConstValue::SomeString),
                        (left, right) => int_value(expr, "+", &left, &right),
                    }
                }
                // `"a %s" % "b"` is some string; Semgrep folds no other `%` formatting
                // (not a tuple of strings, not an int) into one.
                "%" if value_of(op.left, state).as_ref().is_some_and(is_stringish) => {
                    let r = value_of(op.right, state)?;
                    is_stringish(&r).then_some(ConstValue::SomeString)
                }
                "-" | "//" | "%" | "**" => {
                    let (l, r) = (value_of(op.left, state)?, value_of(op.right, state)?);
                    int_value(expr, &expr.text, &l, &r)
                }
                "*" => {
                    // A string repeated is some string, whatever the count.
                    let (l, r) = (value_of(op.left, state), value_of(op.right, state));
                    if l.as_ref().is_some_and(is_stringish) || r.as_ref().is_some_and(is_stringish) {
                        return Some(ConstValue::SomeString);
                    }
                    int_value(expr, "*", &l?, &r?)
                }
                _ => None,
            }
        }
        // `"a" if c else "b"` is some string either way.
        Kind::IfExp => {
            let choice = expr.as_if_exp()?;
            let (l, r) = (value_of(choice.body, state)?, value_of(choice.orelse, state)?);
            (is_stringish(&l) && is_stringish(&r)).then_some(ConstValue::SomeString)
        }
        Kind::UnaryOp if &*expr.text == "+" => match value_of(expr.as_unary_op()?.operand, state)? {
            ConstValue::Literal(n) if n.kind == Kind::Int => Some(ConstValue::Literal(n)),
            _ => None,
        },
        Kind::UnaryOp if &*expr.text == "-" => match value_of(expr.as_unary_op()?.operand, state)? {
            ConstValue::Literal(n) if n.kind == Kind::Int => {
                let v = parse_int(&n.text)?.checked_neg()?;
                Some(ConstValue::Literal(Node::leaf(Kind::Int, (expr.start, expr.end), v.to_string())))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether an expression in the code is known to be a string: a literal, a
/// name holding one, and `+` (of two) or `*` (of one) of those, e.g.
/// `"[" * 10000 + "]" * 10000`. `"..."` in a pattern matches these.
pub fn is_known_string(expr: &Node) -> bool {
    match expr.kind {
        Kind::Str => true,
        // An f-string whose placeholders all hold strings (`f"{' ' * n}!"`).
        Kind::JoinedStr => {
            expr.literal_string().is_some()
                || expr.as_joined_str().is_some_and(|f| {
                    f.parts.children.iter().all(|p| match p.as_formatted_value() {
                        Some(field) => is_known_string(field.value),
                        None => p.kind == Kind::Str,
                    })
                })
        }
        Kind::Name => expr.constant.as_deref().is_some_and(is_stringish),
        Kind::BinOp => match (&*expr.text, expr.as_bin_op()) {
            ("+", Some(plus)) => is_known_string(plus.left) && is_known_string(plus.right),
            // `"-" * n` (Semgrep folds a string on the left only: `n * "-"` is not one).
            ("*", Some(times)) => is_known_string(times.left),
            _ => false,
        },
        // An implicit concatenation of string pieces (one an f-string).
        Kind::ImplicitConcat => expr.concat_pieces().is_some_and(|pieces| pieces.iter().all(is_known_string)),
        // `"a" if c else "b"` is some string either way.
        Kind::IfExp => expr.as_if_exp().is_some_and(|choice| is_known_string(choice.body) && is_known_string(choice.orelse)),
        _ => false,
    }
}

/// An integer literal's value (`1_000`, `0x10`, `0o7`, `0b1`).
pub fn parse_int(text: &str) -> Option<i128> {
    let t = text.replace('_', "");
    match t.get(..2) {
        Some("0x" | "0X") => i128::from_str_radix(&t[2..], 16).ok(),
        Some("0o" | "0O") => i128::from_str_radix(&t[2..], 8).ok(),
        Some("0b" | "0B") => i128::from_str_radix(&t[2..], 2).ok(),
        _ => t.parse().ok(),
    }
}

/// Python integer arithmetic, `None` where it would overflow or fail.
fn int_op(op: &str, a: i128, b: i128) -> Option<i128> {
    match op {
        "+" => a.checked_add(b),
        "-" => a.checked_sub(b),
        "*" => a.checked_mul(b),
        // Floor division and modulo: the result takes the divisor's sign.
        "//" => {
            let (q, r) = (a.checked_div(b)?, a.checked_rem(b)?);
            Some(if r != 0 && (r < 0) != (b < 0) { q - 1 } else { q })
        }
        "%" => {
            let r = a.checked_rem(b)?;
            Some(if r != 0 && (r < 0) != (b < 0) { r + b } else { r })
        }
        "**" if (0..128).contains(&b) => a.checked_pow(b as u32),
        _ => None,
    }
}

/// Folds `op` over two known integers.
fn int_value(at: &Node, op: &str, left: &ConstValue, right: &ConstValue) -> Option<ConstValue> {
    match (left, right) {
        (ConstValue::Literal(x), ConstValue::Literal(y)) if x.kind == Kind::Int && y.kind == Kind::Int => {
            let v = int_op(op, parse_int(&x.text)?, parse_int(&y.text)?)?;
            Some(ConstValue::Literal(Node::leaf(Kind::Int, (at.start, at.end), v.to_string())))
        }
        _ => None,
    }
}

pub(super) fn is_stringish(v: &ConstValue) -> bool {
    match v {
        ConstValue::SomeString => true,
        ConstValue::Literal(n) => n.kind == Kind::Str,
        ConstValue::Symbolic(_) | ConstValue::Typed(_) => false,
    }
}

fn string_of<N: Names>(node: &Node, state: &N) -> Option<String> {
    match value_of(node, state)? {
        ConstValue::Literal(n) if matches!(n.kind, Kind::Str | Kind::Int) => Some(n.text.to_string()),
        _ => None,
    }
}

fn str_value(at: &Node, s: String) -> ConstValue {
    ConstValue::Literal(Node::leaf(Kind::Str, (at.start, at.end), s))
}

fn literal(node: &Node) -> Node {
    Node::leaf(node.kind, (node.start, node.end), node.text.clone())
}

/// The declared type an annotation gives (a name or dotted name; a string
/// annotation, `"int"`, is not read).
pub(super) fn declared_type(annotation: &Node) -> Option<Arc<ConstValue>> {
    annotation.dotted().map(|_| Arc::new(ConstValue::Typed(annotation.clone())))
}

/// The builtin type of a literal, or of `a if c else b` when both have it.
pub(super) fn literal_type(expr: &Node) -> Option<&'static str> {
    match expr.kind {
        Kind::Int => Some("int"),
        Kind::Float => Some("float"),
        Kind::Str => Some("str"),
        Kind::Bool => Some("bool"),
        Kind::IfExp => {
            let choice = expr.as_if_exp()?;
            literal_type(choice.body).filter(|t| literal_type(choice.orelse) == Some(*t))
        }
        _ => None,
    }
}

/// Whether `expr` is known to be of type `ty` (`int`, `str`, `flask.Flask`), as
/// Semgrep's typed metavariables and `metavariable-type` see types in Python:
/// literals of the builtin types, names known to hold one (whatever the
/// rule's `constant_propagation`), names declared with that type (an
/// annotation, written as in `ty` or resolved through the imports, or the
/// literal of the first assignment), and the type's own name.
pub fn has_type(expr: &Node, ty: &str) -> bool {
    // Semgrep's `string` is Python's `str` for a string's type.
    let ty = if ty == "string" { "str" } else { ty };
    // A name that stands for the type itself (`int`, an imported class), as Semgrep sees it.
    if expr.kind == Kind::Name && (&*expr.text == ty || expr.qualified() == Some(ty)) {
        return true;
    }
    match (expr.kind, expr.constant.as_deref()) {
        (Kind::Name, Some(ConstValue::Literal(value))) => literal_type(value) == Some(ty),
        (Kind::Name, Some(ConstValue::Typed(annotation))) => {
            annotation.dotted().as_deref() == Some(ty) || annotation.resolved_dotted().as_deref() == Some(ty)
        }
        _ => literal_type(expr) == Some(ty),
    }
}

/// The state where two paths meet: the names both know, with [`join_values`] of their values.
pub(super) fn join_states(left: &State, right: &State) -> State {
    left.iter().filter_map(|(name, value)| Some((name.clone(), join_values(value, right.get(name)?)?))).collect()
}

/// What a name holds where two paths meet: the same value, "some string" for
/// two different strings, otherwise nothing known.
pub(super) fn join_values(left: &Arc<ConstValue>, right: &Arc<ConstValue>) -> Option<Arc<ConstValue>> {
    let same = match (&**left, &**right) {
        (ConstValue::Literal(x), ConstValue::Literal(y)) => x.kind == y.kind && x.text == y.text,
        (ConstValue::SomeString, ConstValue::SomeString) => true,
        (ConstValue::Symbolic(x), ConstValue::Symbolic(y)) | (ConstValue::Typed(x), ConstValue::Typed(y)) => x.same_as(y),
        _ => false,
    };
    if same {
        Some(left.clone())
    } else if is_stringish(left) && is_stringish(right) {
        Some(Arc::new(ConstValue::SomeString))
    } else {
        None
    }
}

//! What a metavariable binding stands for as text: in messages and fixes
//! (`$X`), for `metavariable-regex` and `metavariable-comparison`, and in the
//! output's bindings. Semgrep's conventions: `"$X"` binds the string's
//! contents, quotes excluded; a name known to hold a string gives the string.

use super::super::compare::{self, Value};
use super::super::constants;
use super::super::matcher::Bound;
use super::super::source::Span;
use super::super::tree::{ConstValue, Kind, Node};
use std::borrow::Cow;

/// What `"$X"` stands for, as messages and `metavariable-regex` see it: the
/// string's contents, also when the code has a name known to hold the string
/// (`"$URL" + ...` on `url + path` after `url = "https://"` binds `https://`).
pub(super) fn bound_str<'s>(src: &'s str, bound: &Bound<'_>) -> Cow<'s, str> {
    match bound {
        // A name holding a string, `"a" + "b"`, `"a" "b"`: the folded value.
        Bound::Content(n) if !matches!(n.kind, Kind::Str | Kind::Bytes) || !n.children.is_empty() => match n.literal_string() {
            Some(value) => Cow::Owned(value),
            None => Cow::Borrowed(bound_text(src, bound)),
        },
        _ => Cow::Borrowed(bound_text(src, bound)),
    }
}

/// The source text a metavariable is bound to (quotes included for strings, as Semgrep does).
pub(super) fn bound_text<'s>(src: &'s str, bound: &Bound<'_>) -> &'s str {
    let span = bound_span(src, bound);
    src.get(span.start as usize..span.end as usize).unwrap_or("")
}

/// Where a binding is in the source: for `"$X"`, inside the quotes (as Semgrep
/// reports it, and as `metavariable-regex` and messages see it).
pub(super) fn bound_span(src: &str, bound: &Bound<'_>) -> Span {
    let span = bound.span();
    let Bound::Content(node) = bound else { return span };
    if !matches!(node.kind, Kind::Str | Kind::Bytes) {
        return span;
    }
    let text = src.get(span.start as usize..span.end as usize).unwrap_or("");
    let prefix = text.len() - text.trim_start_matches(|c: char| "rRbBuUfF".contains(c)).len();
    let body = &text[prefix..];
    let quote = ["\"\"\"", "'''", "\"", "'"].into_iter().find(|q| body.len() >= 2 * q.len() && body.starts_with(q) && body.ends_with(q));
    match quote {
        Some(q) => Span::new(span.start + (prefix + q.len()) as u32, span.end - q.len() as u32),
        None => span,
    }
}

/// The value a metavariable stands for in `metavariable-comparison`, as
/// Semgrep's `bindings_to_env` makes it: the bound expression evaluated
/// (literals, names known to hold a literal, operators over those), else the
/// code's text; `"$X"` binds the string's contents.
pub(super) fn comparison_value(src: &str, bound: &Bound<'_>) -> Value {
    match bound {
        Bound::Content(_) => Value::Str(bound_str(src, bound).into_owned()),
        Bound::Text { text, .. } => Value::Str(text.to_string()),
        Bound::Node(node) => evaluate(node).unwrap_or_else(|| Value::Ast(bound_text(src, bound).to_string())),
        _ => Value::Ast(bound_text(src, bound).to_string()),
    }
}

/// An expression's value under Semgrep's evaluator, if it has one.
fn evaluate(node: &Node) -> Option<Value> {
    match node.kind {
        Kind::Int => Some(Value::Int(constants::parse_int(&node.text)?)),
        Kind::Float => node.text.replace('_', "").parse().ok().map(Value::Float),
        Kind::Str => Some(Value::Str(node.text.to_string())),
        Kind::Bool => Some(Value::Bool(&*node.text == "True")),
        // A name known to hold a literal is that literal (constant propagation).
        Kind::Name => match constants::known_value(node)? {
            ConstValue::Literal(literal) if literal.kind != Kind::Name => evaluate(&literal),
            _ => None,
        },
        // `a | b | c` (and `&`) is one flattened chain of operands.
        Kind::BinOp if node.as_operand_chain().is_some() => {
            let mut operands = node.as_operand_chain()?.operands.children.iter();
            let first = evaluate(operands.next()?)?;
            operands.try_fold(first, |acc, operand| compare::apply(&node.text, &[acc, evaluate(operand)?]))
        }
        Kind::BinOp => {
            let op = node.as_bin_op()?;
            compare::apply(&node.text, &[evaluate(op.left)?, evaluate(op.right)?])
        }
        Kind::UnaryOp => compare::apply(&node.text, &[evaluate(node.as_unary_op()?.operand)?]),
        _ => None,
    }
}

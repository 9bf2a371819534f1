//! What a metavariable binding stands for as text: in messages and fixes
//! (`$X`), for `metavariable-regex` and `metavariable-comparison`, and in the
//! output's bindings. Semgrep's conventions: `"$X"` binds the string's
//! contents, quotes excluded; a name known to hold a string gives the string.

use super::super::constants;
use super::super::matcher::Bound;
use super::super::source::Span;
use super::super::tree::{ConstValue, Kind};
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

/// The value a metavariable stands for in `metavariable-comparison`; a string literal gives its value.
pub(super) fn bound_value(src: &str, bound: &Bound<'_>) -> String {
    if let Some(node) = bound.node() {
        if node.kind == Kind::Str {
            return node.text.to_string();
        }
        // Integer arithmetic on literals (and names known to hold them) is
        // folded, as Semgrep does: `max_age=60 * 60 * 24` compares as 86400.
        if let Some(ConstValue::Literal(literal)) = constants::known_value(node) {
            if let Some(value) = (literal.kind == Kind::Int).then(|| constants::parse_int(&literal.text)).flatten() {
                return value.to_string();
            }
        }
        if let (Kind::Name, Some(ConstValue::Literal(value))) = (node.kind, node.constant.as_deref()) {
            return value.text.to_string();
        }
    }
    let span = bound.span();
    src.get(span.start as usize..span.end as usize).unwrap_or("").to_string()
}

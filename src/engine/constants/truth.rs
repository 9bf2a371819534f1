//! Constant conditions (`options: precise_constant_conditions`, issue 19):
//! whether a branch condition is always true or always false, folded from
//! literals and the values constant propagation knows. Semgrep reads no
//! condition; this is flasklight's own analysis, used only when a rule (or
//! `--precise`) asks for it.
//!
//! Folds arithmetic (as [`value_of`] does), comparisons (`==`, `!=`, `<`,
//! `<=`, `>`, `>=`, chained), `in`/`not in` on strings, `startswith`/
//! `endswith`, indexing and slicing a string by constants, `len()` of a
//! string, `not`/`and`/`or`, conditional expressions, walruses (`(n := 7) > 5`)
//! and the truth of a constant; also whether a constant `match` subject meets
//! a case's literal pattern. Anything else is unknown (`None`).
//!
//! Reads the tree only, with the values of `values.rs`.

use super::super::tree::{ConstValue, Kind, Node};
use super::values::{parse_int, value_of, Names};
use std::cmp::Ordering;

/// A constant as a condition compares it.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
}

impl Value {
    fn truthy(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Int(i) => *i != 0,
            Value::Bool(b) => *b,
            Value::None => false,
        }
    }

    /// `True == 1` in Python: booleans compare as integers.
    fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i128::from(*b)),
            _ => None,
        }
    }
}

/// Whether `expr` is always true (`Some(true)`) or always false, under the
/// values `names` knows.
pub(super) fn truth_of<N: Names>(expr: &Node, names: &N) -> Option<bool> {
    match expr.kind {
        Kind::UnaryOp if &*expr.text == "not" => truth_of(expr.as_unary_op()?.operand, names).map(|b| !b),
        Kind::BoolOp => {
            let values = &expr.as_bool_op()?.values.children;
            let and = &*expr.text == "and";
            // `a and b`: false as soon as one is false; true when all are. `or`: the reverse.
            let mut all_known = true;
            for v in values {
                match truth_of(v, names) {
                    Some(b) if b != and => return Some(!and),
                    Some(_) => {}
                    None => all_known = false,
                }
            }
            all_known.then_some(and)
        }
        Kind::IfExp => {
            let choice = expr.as_if_exp()?;
            if truth_of(choice.test, names)? {
                truth_of(choice.body, names)
            } else {
                truth_of(choice.orelse, names)
            }
        }
        Kind::NamedExpr => truth_of(expr.as_named_expr()?.value, names),
        Kind::Compare => compare(expr, names),
        Kind::Call if expr.as_call()?.func.kind == Kind::Attribute => string_method(expr, names),
        _ => constant(expr, names).map(|v| v.truthy()),
    }
}

/// Whether a constant `subject` meets a `case` pattern: `Some(true)` when it
/// certainly does (a literal it equals, `_`, a bare capture, without a
/// guard), `Some(false)` when it certainly does not (another literal).
pub(super) fn case_meets<N: Names>(subject: &Node, case: &Node, names: &N) -> Option<bool> {
    let case = case.as_match_case()?;
    let subject = constant(subject, names)?;
    let meets = pattern_meets(&subject, case.pattern, names)?;
    // A guard may still refuse a pattern that meets the subject.
    if meets && !matches!(case.guard.kind, Kind::Empty | Kind::Absent) {
        return truth_of(case.guard, names).filter(|holds| *holds);
    }
    Some(meets)
}

fn pattern_meets<N: Names>(subject: &Value, pattern: &Node, names: &N) -> Option<bool> {
    if pattern.kind != Kind::MatchPattern {
        return None;
    }
    match &*pattern.text {
        "value" | "singleton" => Some(equal(subject, &constant(pattern.children.first()?, names)?)),
        // `case _:` and `case x:` meet anything; `case P as x:` what P meets.
        "as" => match pattern.children.first() {
            Some(inner) if inner.kind == Kind::Empty => Some(true),
            Some(inner) => pattern_meets(subject, inner, names),
            None => None,
        },
        "or" => {
            let alternatives = &pattern.children.first()?.children;
            let mut all_known = true;
            for p in alternatives {
                match pattern_meets(subject, p, names) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => all_known = false,
                }
            }
            all_known.then_some(false)
        }
        _ => None,
    }
}

/// The constant an expression holds: a literal, a known name, what folds
/// (`value_of`), a constant string indexed or sliced by constants, the
/// `len()` of a constant string, the value a walrus assigns.
fn constant<N: Names>(expr: &Node, names: &N) -> Option<Value> {
    match expr.kind {
        Kind::NoneLit => return Some(Value::None),
        Kind::Bool => return Some(Value::Bool(&*expr.text == "True")),
        Kind::NamedExpr => return constant(expr.as_named_expr()?.value, names),
        Kind::Subscript => {
            let subscript = expr.as_subscript()?;
            let Value::Str(s) = constant(subscript.value, names)? else { return None };
            let chars: Vec<char> = s.chars().collect();
            if let Some(slice) = subscript.slice.as_slice() {
                return sliced(&chars, slice, names).map(Value::Str);
            }
            let index = constant(subscript.slice, names)?.as_int()?;
            let at = if index < 0 { chars.len() as i128 + index } else { index };
            return usize::try_from(at).ok().and_then(|i| chars.get(i)).map(|c| Value::Str(c.to_string()));
        }
        // `len("abc")`: the builtin (a name no import or definition binds).
        Kind::Call => {
            let call = expr.as_call()?;
            let [arg] = call.args.children.as_slice() else { return None };
            if call.func.kind != Kind::Name || &*call.func.text != "len" || call.func.qualified().is_some() {
                return None;
            }
            let Value::Str(s) = constant(arg, names)? else { return None };
            return Some(Value::Int(s.chars().count() as i128));
        }
        _ => {}
    }
    match value_of(expr, names)? {
        ConstValue::Literal(n) => match n.kind {
            Kind::Str => Some(Value::Str(n.text.to_string())),
            Kind::Int => parse_int(&n.text).map(Value::Int),
            Kind::Bool => Some(Value::Bool(&*n.text == "True")),
            _ => None,
        },
        _ => None,
    }
}

/// `s[lower:upper]` with constant bounds (or none) and no step, as Python clamps them.
fn sliced<N: Names>(chars: &[char], slice: super::super::tree::views::Slice<'_>, names: &N) -> Option<String> {
    if !matches!(slice.step.kind, Kind::Empty | Kind::Absent) {
        return None;
    }
    let len = chars.len() as i128;
    let bound = |node: &Node, default: i128| -> Option<i128> {
        if matches!(node.kind, Kind::Empty | Kind::Absent) {
            return Some(default);
        }
        let i = constant(node, names)?.as_int()?;
        Some(if i < 0 { (len + i).max(0) } else { i.min(len) })
    };
    let (lower, upper) = (bound(slice.lower, 0)?, bound(slice.upper, len)?);
    let (lower, upper) = (usize::try_from(lower).ok()?, usize::try_from(upper).ok()?);
    Some(if lower < upper { chars[lower..upper].iter().collect() } else { String::new() })
}

fn equal(left: &Value, right: &Value) -> bool {
    match (left.as_int(), right.as_int()) {
        (Some(l), Some(r)) => l == r,
        _ => left == right,
    }
}

fn order(left: &Value, right: &Value) -> Option<Ordering> {
    match (left, right) {
        (Value::Str(l), Value::Str(r)) => Some(l.cmp(r)),
        _ => Some(left.as_int()?.cmp(&right.as_int()?)),
    }
}

/// The operators of a comparison, from its text (`<`, `not in`, `is not`).
fn operators(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match (out.last().map(String::as_str), word) {
            (Some("not"), "in") | (Some("is"), "not") => {
                let last = out.pop().unwrap_or_default();
                out.push(format!("{last} {word}"));
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}

fn compare<N: Names>(expr: &Node, names: &N) -> Option<bool> {
    let comparison = expr.as_compare()?;
    let ops = operators(&expr.text);
    if ops.len() != comparison.comparators.len() {
        return None;
    }
    let mut left = constant(comparison.left, names)?;
    for (op, right) in ops.iter().zip(comparison.comparators) {
        let right = constant(right, names)?;
        let holds = match op.as_str() {
            "==" => equal(&left, &right),
            "!=" => !equal(&left, &right),
            "<" => order(&left, &right)? == Ordering::Less,
            "<=" => order(&left, &right)? != Ordering::Greater,
            ">" => order(&left, &right)? == Ordering::Greater,
            ">=" => order(&left, &right)? != Ordering::Less,
            "in" | "not in" => {
                let (Value::Str(needle), Value::Str(haystack)) = (&left, &right) else { return None };
                haystack.contains(needle.as_str()) == (op == "in")
            }
            _ => return None,
        };
        if !holds {
            return Some(false);
        }
        left = right;
    }
    Some(true)
}

/// `"abc".startswith("a")`, `s.endswith(("x", "y"))` on constant strings.
fn string_method<N: Names>(expr: &Node, names: &N) -> Option<bool> {
    let call = expr.as_call()?;
    let method = call.func.as_attribute()?;
    let which = &*method.attr.text;
    if which != "startswith" && which != "endswith" {
        return None;
    }
    let Value::Str(s) = constant(method.value, names)? else { return None };
    let [arg] = call.args.children.as_slice() else { return None };
    let affixes: Vec<String> = match arg.kind {
        Kind::Tuple => arg
            .elements()
            .iter()
            .map(|e| match constant(e, names)? {
                Value::Str(a) => Some(a),
                _ => None,
            })
            .collect::<Option<_>>()?,
        _ => match constant(arg, names)? {
            Value::Str(a) => vec![a],
            _ => return None,
        },
    };
    Some(affixes.iter().any(|a| if which == "startswith" { s.starts_with(a.as_str()) } else { s.ends_with(a.as_str()) }))
}

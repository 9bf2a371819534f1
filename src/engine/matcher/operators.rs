//! The pattern operators that are not Python: `<... e ...>`, `$X: T`,
//! `e. ...`, and the string patterns (`"..."`, `"$X"`, `"=~/re/"`,
//! `b"..."`), each one function that decides the match of its pattern node
//! ([`try_operators`] hands any other node on), as Semgrep defines it.
//! (`$X`, `$...X` and `...` themselves are the structural core's.)
//!
//! Depends on the [`Matcher`] abstraction, the bindings, the tree and
//! constant propagation's knowledge of values and types; never on the search.

use super::super::constants::{has_type, is_known_string};
use super::super::metavar::is_metavar_name;
use super::super::tree::{ConstValue, Kind, Node};
use super::core::Matcher;
use super::env::{Bound, Env, Envs};
use super::equiv::Outcome;
use smallvec::smallvec;

/// The operator `pattern` is, if it is one, matched against `code`.
#[inline(always)]
pub fn try_operators<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    match pattern.kind {
        Kind::Deep => Ok(deep_expression(matcher, pattern, code, env)),
        Kind::Typed => Ok(typed_metavariable(matcher, pattern, code, env)),
        Kind::Chain => Ok(method_chain(matcher, pattern, code, env)),
        Kind::RegexStr => Ok(string_regex(matcher, pattern, code, env)),
        Kind::Str => Ok(string_pattern(matcher, pattern, code, env)),
        Kind::Bytes if &*pattern.text == "..." => Ok(any_bytes(code, env)),
        _ => Err(env),
    }
}

/// `<... e ...>`: `e` anywhere inside the code (not in nested function or
/// class bodies). Like `$X`, in an argument list it stands for a positional
/// argument, never a keyword one.
fn deep_expression<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    match pattern.as_deep() {
        Some(deep) if !matches!(code.kind, Kind::Keyword | Kind::DoubleStarred) => matcher.match_deep(deep.expr, code, env),
        _ => Envs::new(),
    }
}

/// `$X: T`: the metavariable, on an expression known to be of type `T` (see
/// `constants::has_type`, which follows Semgrep's typed metavariables).
fn typed_metavariable<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    match pattern.as_typed() {
        Some(typed) if has_type(code, &pattern.text) => matcher.match_node(typed.metavar, code, env),
        _ => Envs::new(),
    }
}

/// `e. ...`: the expression itself, or it under any more `.attr` or
/// `.method(...)` (Semgrep's method-chain ellipsis).
fn method_chain<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    let Some(chain) = pattern.as_chain() else { return Envs::new() };
    let mut out = matcher.match_node(chain.base, code, env.clone());
    let mut inner = code;
    loop {
        let method = inner.as_call().and_then(|call| call.func.as_attribute());
        inner = match (method, inner.as_attribute()) {
            (Some(method), _) => method.value,
            (None, Some(attribute)) => attribute.value,
            _ => break,
        };
        if !matcher.tick() {
            break;
        }
        out.extend(matcher.match_node(chain.base, inner, env.clone()));
    }
    out
}

/// `"=~/re/"`: a string literal whose value the regex matches (bytes
/// literals too, as in Semgrep), a folded string (an f-string of known
/// strings, `"a" + "b"`), or with constant propagation a name known to hold one.
fn string_regex<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    let options = matcher.state().pattern;
    let Some(re) = options.regexes.get(&*pattern.text) else { return Envs::new() };
    let matched = match code.kind {
        Kind::Str | Kind::Bytes => re.is_match(&code.text),
        Kind::JoinedStr | Kind::BinOp => code.literal_string().is_some_and(|s| re.is_match(&s)),
        Kind::Name if options.constants => match code.constant.as_deref() {
            Some(ConstValue::Literal(value)) => matches!(value.kind, Kind::Str | Kind::Bytes) && re.is_match(&value.text),
            _ => false,
        },
        _ => false,
    };
    if matched {
        smallvec![env]
    } else {
        Envs::new()
    }
}

/// A string literal in a pattern, as Semgrep compares strings: by value
/// (quotes and escapes aside; a bytes literal of the same value too), through
/// constant propagation (a name known to hold the string, an f-string of known
/// strings, `"a" + "b"`); `"..."` is any string, also one only known to be a
/// string (`"[" * n`, `"a" if c else "b"`); `"$X"` binds the string's value.
fn string_pattern<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    let text = &*pattern.text;
    let constants = matcher.state().pattern.constants;
    if code.kind == Kind::Name && !constants {
        return Envs::new();
    }
    if code.kind == Kind::Name && matches!(code.constant.as_deref(), Some(ConstValue::SomeString)) {
        // A name known to hold some string matches `"..."` (but not `"$X"`,
        // which needs the string's value).
        return if text == "..." { smallvec![env] } else { Envs::new() };
    }
    let Some(value) = code.literal_string() else {
        // `"[" * 100 + "]"`, `"a" if c else "b"` and `f"{'a' if c else 'b'}"`
        // are some string too (Semgrep's constant folding).
        let foldable = matches!(code.kind, Kind::BinOp | Kind::ImplicitConcat | Kind::IfExp | Kind::JoinedStr);
        return if text == "..." && foldable && constants && is_known_string(code) { smallvec![env] } else { Envs::new() };
    };
    if text == "..." || value == text {
        return smallvec![env];
    }
    if is_metavar_name(text) {
        return env.bind(&pattern.text, Bound::Content(code)).into_iter().collect();
    }
    Envs::new()
}

/// `b"..."` is any bytes literal.
fn any_bytes<'t>(code: &'t Node, env: Env<'t>) -> Envs<'t> {
    if code.kind == Kind::Bytes {
        smallvec![env]
    } else {
        Envs::new()
    }
}

//! Semgrep's equivalences: where a pattern matches code that is not built
//! the same way (an imported name under its qualified name, `x: int = 1` for
//! `$X = $Y`, a `+` chain with `...`), or does not match code that is
//! (a slice for an index). Each is one function that either decides the match
//! of a pattern node against a code node ([`Outcome`]: `Ok`) or hands it on
//! (`Err`); [`try_equivalences`] tries those for the pattern's kind, before
//! the structural match of `core.rs`. Each states the Semgrep behaviour it follows.
//!
//! Depends on the [`Matcher`] abstraction only (never on the search that
//! implements it), on the bindings and on the tree.

use super::super::tree::{ConstValue, Kind, Node};
use super::core::{same_text, Matcher};
use super::env::{Bound, Env, Envs};
use smallvec::{smallvec, SmallVec};

/// `Ok`: the equivalence decided the match (every way it goes, maybe none).
/// `Err`: it does not apply here; the bindings are handed back for the next try.
pub type Outcome<'t> = Result<Envs<'t>, Env<'t>>;

/// The equivalences for `pattern`'s kind, in order, until one decides.
/// (Inlined into the search, so that a kind without any costs a jump.)
#[inline(always)]
pub fn try_equivalences<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    match pattern.kind {
        Kind::Name => Ok(name_or_imported_name(pattern, code, env)),
        Kind::Attribute => Ok(attribute_or_imported_name(matcher, pattern, code, env)),
        Kind::Str => implicit_concatenation_by_pieces(matcher, pattern, code, env),
        Kind::Int | Kind::Float | Kind::Bool => name_holding_literal(matcher, pattern, code, env),
        Kind::Assign => chained_assignment_targets(matcher, pattern, code, env)
            .or_else(|env| parallel_assignment(matcher, pattern, code, env))
            .or_else(|env| walrus_is_assignment(matcher, pattern, code, env))
            .or_else(|env| annotated_assignment_is_assignment(matcher, pattern, code, env)),
        Kind::AnnAssign => declaration_needs_a_plain_target(pattern, code, env),
        Kind::Subscript => slice_is_no_index(pattern, code, env),
        Kind::BinOp => plus_chain_ellipsis(matcher, pattern, code, env),
        Kind::Set => set_ellipsis_matches_dict(pattern, code, env),
        Kind::List => list_ellipsis_matches_comprehension(pattern, code, env),
        Kind::Try => try_without_else_or_finally(pattern, code, env),
        Kind::ExceptHandler => except_tuple_member(matcher, pattern, code, env),
        Kind::WithItem => with_item_without_as(pattern, code, env),
        Kind::FormattedValue => format_spec_must_agree(matcher, pattern, code, env),
        Kind::Import | Kind::ImportFrom => imports(matcher, pattern, code, env),
        Kind::AcOperands | Kind::Decorators | Kind::Handlers | Kind::DictItems => unordered_items(matcher, pattern, code, env),
        Kind::ClassDef => class_members_unordered(matcher, pattern, code, env),
        Kind::Block => body_metavariable_binds_statements(pattern, code, env),
        Kind::FunctionDef | Kind::For | Kind::With => async_forms_and_nested_with(matcher, pattern, code, env),
        _ => Err(env),
    }
}

/// Symbolic propagation (a rule's `symbolic_propagation`): a name that was
/// assigned an expression matches what the expression matches, besides what
/// the name itself matches (`$F(...)` matches `x` after `x = open(p)`; `$X`
/// matches it twice, bound to `x` and to `open(p)`), as in Semgrep.
/// Returns the expression to try.
pub fn symbolic_value<'t>(symbolic: bool, pattern: &Node, code: &'t Node) -> Option<&'t Node> {
    if !symbolic || code.kind != Kind::Name || matches!(pattern.kind, Kind::Typed | Kind::Ellipsis) {
        return None;
    }
    match code.constant.as_deref() {
        Some(ConstValue::Symbolic(value)) => Some(value),
        _ => None,
    }
}

/// A name matches the same name, or code that stands for it through an import
/// (see [`imported_name`]).
fn name_or_imported_name<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    if code.kind == Kind::Name && code.text == pattern.text {
        return smallvec![env];
    }
    imported_name(pattern, code, env)
}

/// A dotted name matches the same attribute chain, or code that stands for
/// it through an import (see [`imported_name`]).
fn attribute_or_imported_name<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    if code.kind != Kind::Attribute {
        return imported_name(pattern, code, env);
    }
    let direct = matcher.match_children(pattern, code, env.clone());
    if direct.is_empty() {
        imported_name(pattern, code, env)
    } else {
        direct
    }
}

/// A dotted name in the pattern against a name the code imported under
/// another name. As in Semgrep, the code stands for its import's qualified
/// name followed by its attribute names (`loads(x)` after `from pickle
/// import loads` is `pickle.loads(x)`), matched part by part from the
/// right: names equal, metavariables bound; a metavariable first in the
/// pattern may stand for several leading parts (`$M.quote` against
/// `urllib.parse.quote`). A metavariable for parts of the qualified name
/// binds the imported name as the code writes it (`$M` is `loads`); one
/// for an attribute binds that attribute.
fn imported_name<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    // Only names that came from an import can match under another name.
    let mut base = code;
    while let Some(attribute) = base.as_attribute() {
        base = attribute.value;
    }
    let Some(resolved) = base.qualified().filter(|_| base.kind == Kind::Name) else {
        return Envs::new();
    };
    // Most candidates differ in their last name: check that before splitting anything.
    let code_last = match code.as_attribute() {
        Some(attribute) => &*attribute.attr.text,
        None => resolved.rsplit('.').next().unwrap_or(""),
    };
    let pattern_last = pattern.as_attribute().map_or(pattern, |a| a.attr);
    if matches!(pattern_last.kind, Kind::Name | Kind::Ident) && &*pattern_last.text != code_last {
        return Envs::new();
    }
    let mut pattern_parts: SmallVec<[&Node; 8]> = SmallVec::new();
    if !dotted_pattern_parts(pattern, &mut pattern_parts) {
        return Envs::new();
    }
    // The code's parts, each with the node a metavariable for it binds and
    // the node that spans it and every part before it.
    let mut parts: SmallVec<[(&str, &'t Node, &'t Node); 8]> = resolved.split('.').map(|p| (p, base, base)).collect();
    attribute_parts(code, &mut parts);
    let Some(extra) = parts.len().checked_sub(pattern_parts.len()) else { return Envs::new() };
    if extra > 0 && pattern_parts[0].kind != Kind::MetaVar {
        return Envs::new();
    }
    // A metavariable in the qualified part does not see through `from M import *`.
    if base.from_star_import() && pattern_parts[..=extra.min(pattern_parts.len() - 1)].iter().any(|p| p.kind == Kind::MetaVar) {
        return Envs::new();
    }
    let mut env = env;
    for (i, part) in pattern_parts.iter().enumerate() {
        // The first pattern part covers the code's first `extra + 1` parts.
        let (text, single, spanning) = parts[i + extra];
        match part.kind {
            // `$A.$A(...)` does not match `loads(x)` in Semgrep, though both parts would bind `loads`.
            Kind::MetaVar if pattern_parts[..i].iter().any(|p| p.text == part.text) => return Envs::new(),
            Kind::MetaVar => {
                let node = if i == 0 { spanning } else { single };
                // A part of the qualified name itself (not an attribute the
                // code adds): `metavariable-regex` sees its name, as in
                // Semgrep; a leading one of two pattern parts also the
                // code's text, one covering several parts only the text.
                let bound = if std::ptr::eq(node, base) && (i > 0 || extra == 0) {
                    Bound::Part { node, name: text, text_too: i == 0 && pattern_parts.len() == 2 }
                } else {
                    Bound::Node(node)
                };
                match env.bind(&part.text, bound) {
                    Some(bound) => env = bound,
                    None => return Envs::new(),
                }
            }
            _ if same_text(&part.text, text) => {}
            _ => return Envs::new(),
        }
    }
    smallvec![env]
}

/// The attributes of an attribute chain, outermost last: each name, its node,
/// and the chain up to it (`a.b.c` -> `b`, `a.b`; `c`, `a.b.c`).
fn attribute_parts<'a>(node: &'a Node, out: &mut SmallVec<[(&'a str, &'a Node, &'a Node); 8]>) {
    if let Some(attribute) = node.as_attribute() {
        attribute_parts(attribute.value, out);
        out.push((&attribute.attr.text, attribute.attr, node));
    }
}

/// The parts of a dotted name in a pattern (`a.$B.c`), names or metavariables;
/// false if it is not one.
fn dotted_pattern_parts<'a>(node: &'a Node, out: &mut SmallVec<[&'a Node; 8]>) -> bool {
    match node.kind {
        Kind::Name | Kind::MetaVar => {
            out.push(node);
            true
        }
        Kind::Attribute => match node.as_attribute() {
            Some(attribute) if matches!(attribute.attr.kind, Kind::Ident | Kind::MetaVar) => {
                let ok = dotted_pattern_parts(attribute.value, out);
                out.push(attribute.attr);
                ok
            }
            _ => false,
        },
        _ => false,
    }
}

/// Constant propagation: a number or boolean in the pattern also matches a
/// name known to hold that literal (`x` after `x = 0` matches `0`), as in
/// Semgrep, unless the rule turns `constant_propagation` off.
fn name_holding_literal<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if code.kind != Kind::Name {
        return Err(env);
    }
    Ok(match code.constant.as_deref() {
        Some(ConstValue::Literal(value)) if matcher.state().pattern.constants => matcher.match_node(pattern, value, env),
        _ => Envs::new(),
    })
}

/// `"a" "b"` in a pattern (a literal written as pieces) matches an implicit
/// concatenation piece by piece, as in Semgrep: a plain one (`"x" "y"`) or one
/// with an f-string among its pieces; a `"..."` piece stands for any run of pieces.
fn implicit_concatenation_by_pieces<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let Some(wanted) = pattern.string_pieces() else { return Err(env) };
    let pieces: SmallVec<[&'t Node; 8]> = match code.string_pieces().or_else(|| code.concat_pieces()) {
        Some(pieces) => pieces.iter().collect(),
        None => return Ok(Envs::new()),
    };
    Ok(matcher.match_sequence(Kind::FStringParts, wanted, &pieces, env, false))
}

/// `$X: $T = $V` declares a variable: Semgrep does not match it to
/// `self.x: int = 0` (which `$X = $V` and `self.$A: $T = $V` match).
fn declaration_needs_a_plain_target<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(declaration)) = (pattern.as_ann_assign(), code.as_ann_assign()) else { return Err(env) };
    if wanted.target.kind == Kind::MetaVar && declaration.target.kind != Kind::Name {
        return Ok(Envs::new());
    }
    Err(env)
}

/// A slice is no index: `a[...]` and `a[$I]` do not match `a[1:]` (as in
/// Semgrep); a slice pattern (`a[$X:]`) does.
fn slice_is_no_index<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(subscript)) = (pattern.as_subscript(), code.as_subscript()) else { return Err(env) };
    if subscript.slice.kind == Kind::Slice && wanted.slice.kind != Kind::Slice {
        return Ok(Envs::new());
    }
    Err(env)
}

/// `1 + 2 + ...`: in a `+` chain, `...` stands for a run of one or more
/// operands (as in Semgrep: `"..." + ...` matches `"a" + b + c`).
fn plus_chain_ellipsis<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if &*pattern.text != "+" || code.kind != Kind::BinOp || &*code.text != "+" || !plus_chain_has_ellipsis(pattern) {
        return Err(env);
    }
    let mut wanted = Vec::new();
    plus_operands(pattern, &mut wanted);
    let mut operands = Vec::new();
    plus_operands(code, &mut operands);
    Ok(match_plus_operands(matcher, &wanted, &operands, env))
}

/// Operands of a `+` chain in order; a pattern `...` takes one or more of them.
fn match_plus_operands<'t, M: Matcher + ?Sized>(matcher: &M, patterns: &[&Node], code: &[&'t Node], env: Env<'t>) -> Envs<'t> {
    if !matcher.tick() {
        return Envs::new();
    }
    match patterns.split_first() {
        None if code.is_empty() => smallvec![env],
        None => Envs::new(),
        Some((pattern, rest)) if pattern.kind == Kind::Ellipsis => {
            (1..=code.len()).flat_map(|take| match_plus_operands(matcher, rest, &code[take..], env.clone())).collect()
        }
        Some((pattern, rest)) => {
            let Some((first, code_rest)) = code.split_first() else { return Envs::new() };
            matcher.match_node(pattern, first, env).into_iter().flat_map(|e| match_plus_operands(matcher, rest, code_rest, e)).collect()
        }
    }
}

/// The operands of a left-nested `a + b + c` chain, in order.
fn plus_operands<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match node.as_bin_op().filter(|_| &*node.text == "+") {
        Some(plus) => {
            plus_operands(plus.left, out);
            out.push(plus.right);
        }
        None => out.push(node),
    }
}

fn plus_chain_has_ellipsis(pattern: &Node) -> bool {
    let mut node = pattern;
    while let Some(plus) = node.as_bin_op().filter(|_| &*node.text == "+") {
        if plus.right.kind == Kind::Ellipsis {
            return true;
        }
        node = plus.left;
    }
    node.kind == Kind::Ellipsis
}

/// Whether a set or list pattern is `{...}` / `[...]`.
fn is_only_ellipsis(pattern: &Node) -> bool {
    matches!(pattern.elements(), [only] if only.kind == Kind::Ellipsis)
}

/// `{...}` also matches any dict (Semgrep reads `{...}` as either).
fn set_ellipsis_matches_dict<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if code.kind == Kind::Dict && is_only_ellipsis(pattern) {
        return Ok(smallvec![env]);
    }
    Err(env)
}

/// `[...]` also matches a list comprehension, as in Semgrep.
fn list_ellipsis_matches_comprehension<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if code.kind == Kind::ListComp && is_only_ellipsis(pattern) {
        return Ok(smallvec![env]);
    }
    Err(env)
}

/// A `try` pattern without `else` / `finally` wants a `try` without them, as
/// in Semgrep (though `if` and `for` patterns without `else` match either).
fn try_without_else_or_finally<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(attempt)) = (pattern.as_try(), code.as_try()) else { return Err(env) };
    let left_out = |wanted: &Node, have: &Node| wanted.kind == Kind::Absent && have.kind != Kind::Absent;
    if left_out(wanted.orelse, attempt.orelse) || left_out(wanted.finalbody, attempt.finalbody) {
        return Ok(Envs::new());
    }
    Err(env)
}

/// `except (..., ValueError, ...)` also matches `except ValueError`: a tuple
/// with `...` matches one exception class among its items, as in Semgrep.
fn except_tuple_member<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(handler)) = (pattern.as_except_handler(), code.as_except_handler()) else { return Err(env) };
    let items = match wanted.exception.as_collection() {
        Some(tuple) if wanted.exception.kind == Kind::Tuple && handler.exception.kind != Kind::Tuple => &tuple.elts.children,
        _ => return Err(env),
    };
    if !items.iter().any(|e| e.kind == Kind::Ellipsis) {
        return Err(env);
    }
    let envs = matcher.match_sequence(Kind::Elts, items, &[handler.exception], env, false);
    Ok(envs.into_iter().flat_map(|e| matcher.match_pairs([(wanted.name, handler.name), (wanted.body, handler.body)], e)).collect())
}

/// To Semgrep, the targets of `a = b = None` are one thing, which only a
/// metavariable matches: `$X = None` binds `$X` to `a = b`.
fn chained_assignment_targets<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(assign)) = (pattern.as_assign(), code.as_assign()) else { return Err(env) };
    let ([target], true) = (wanted.targets.children.as_slice(), assign.targets.children.len() > 1) else { return Err(env) };
    if target.kind != Kind::MetaVar {
        return Err(env);
    }
    let targets = Bound::Seq(assign.targets.children.iter().collect());
    Ok(match env.bind(&target.text, targets) {
        Some(env) => matcher.match_node(wanted.value, assign.value, env),
        None => Envs::new(),
    })
}

/// `a, b = x, "c"` is also `a = x` and `b = "c"` to Semgrep: a pattern with
/// one plain target matches the whole or any pair.
fn parallel_assignment<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(_)) = (pattern.as_assign(), code.as_assign()) else { return Err(env) };
    let [target] = wanted.targets.children.as_slice() else { return Err(env) };
    if matches!(target.kind, Kind::Tuple | Kind::List | Kind::Starred) {
        return Err(env);
    }
    let Some((targets, values)) = parallel_pairs(code) else { return Err(env) };
    let mut envs = matcher.match_children_pairwise(pattern, code, env.clone());
    for (code_target, value) in targets.iter().zip(values) {
        envs.extend(matcher.match_pairs([(target, code_target), (wanted.value, value)], env.clone()));
    }
    Ok(envs)
}

/// The targets and values of `a, b = x, y` (one tuple or list target, a value
/// of as many items, no starred item), pair by pair.
fn parallel_pairs(assign: &Node) -> Option<(&[Node], &[Node])> {
    let assign = assign.as_assign()?;
    let [target] = assign.targets.children.as_slice() else { return None };
    if !matches!(target.kind, Kind::Tuple | Kind::List) || !matches!(assign.value.kind, Kind::Tuple | Kind::List) {
        return None;
    }
    let (targets, values) = (target.elements(), assign.value.elements());
    let starred = |n: &Node| n.kind == Kind::Starred;
    (targets.len() == values.len() && !targets.iter().any(starred) && !values.iter().any(starred)).then_some((targets, values))
}

/// `(c := f())` is `c = f()` to Semgrep: an assignment pattern with one
/// target matches a walrus.
fn walrus_is_assignment<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(walrus)) = (pattern.as_assign(), code.as_named_expr()) else { return Err(env) };
    let [target] = wanted.targets.children.as_slice() else { return Err(env) };
    Ok(matcher.match_pairs([(target, walrus.target), (wanted.value, walrus.value)], env))
}

/// `$X = $Y` also matches `x: int = 1` (as in Semgrep), not a declaration without a value.
fn annotated_assignment_is_assignment<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(declaration)) = (pattern.as_assign(), code.as_ann_assign()) else { return Err(env) };
    let [target] = wanted.targets.children.as_slice() else { return Err(env) };
    if declaration.value.kind == Kind::Empty {
        return Err(env);
    }
    Ok(matcher.match_pairs([(target, declaration.target), (wanted.value, declaration.value)], env))
}

/// `with open(f) as fh:` is `fh = open(f)` to Semgrep: a pattern item
/// without `as` matches it only through a bare metavariable (`with $X:`).
fn with_item_without_as<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(item)) = (pattern.as_with_item(), code.as_with_item()) else { return Err(env) };
    if wanted.target.kind == Kind::Absent
        && !matches!(item.target.kind, Kind::Empty | Kind::Absent)
        && !matches!(wanted.context.kind, Kind::MetaVar | Kind::Ellipsis)
    {
        return Ok(Envs::new());
    }
    // `with ... as ...:` wants a target: `as ...` is not written for nothing.
    if wanted.target.kind == Kind::Ellipsis && matches!(item.target.kind, Kind::Empty | Kind::Absent) {
        return Ok(Envs::new());
    }
    Err(env)
}

/// `{x}`, `{x!r}` and `{x:08x}` differ in an f-string (as in Semgrep): the
/// conversion and the format spec must be the same, and a pattern without a
/// spec wants none.
fn format_spec_must_agree<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(field)) = (pattern.as_formatted_value(), code.as_formatted_value()) else { return Err(env) };
    if !same_text(&pattern.text, &code.text) || (wanted.spec.kind == Kind::Absent) != (field.spec.kind == Kind::Absent) {
        return Ok(Envs::new());
    }
    Ok(matcher.match_children(pattern, code, env))
}

/// Import statements as Semgrep reads them. Without metavariables or `as`
/// names, a pattern matches an import that brings in each module it names or
/// one under it (`import os` matches `import os.path` and `from os import
/// path`). With them, see [`import_with_metavariables`].
fn imports<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if !matches!(code.kind, Kind::Import | Kind::ImportFrom) {
        return Err(env);
    }
    Ok(match (import_paths(pattern, true), import_paths(code, false)) {
        (Some(wanted), Some(have)) => {
            let covered = wanted.iter().all(|w| have.iter().any(|h| h == w || h.starts_with(&format!("{w}."))));
            if covered {
                smallvec![env]
            } else {
                Envs::new()
            }
        }
        _ => import_with_metavariables(matcher, pattern, code, env),
    })
}

/// Import patterns with metavariables, as Semgrep reads them: `import $M`
/// matches every import (binding the module of a `from` import), `from $M
/// import $N` also matches `import a.b` (`$M` = `a`, `$N` = `b`), and the
/// names of a `from` pattern are found among the imported names in any order.
fn import_with_metavariables<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    /// The name of an import of one name without `as`.
    fn single(aliases: &Node) -> Option<&Node> {
        match aliases.children.as_slice() {
            [alias] => alias.as_alias().filter(|a| a.asname.kind == Kind::Absent).map(|a| a.name),
            _ => None,
        }
    }
    if let (Some(wanted), Some(import)) = (pattern.as_import(), code.as_import_from()) {
        return match single(wanted.aliases) {
            Some(name) if name.kind == Kind::MetaVar => matcher.match_node(name, import.module, env),
            _ => Envs::new(),
        };
    }
    if let (Some(wanted), Some(import)) = (pattern.as_import_from(), code.as_import()) {
        return match single(wanted.aliases) {
            Some(name) if wanted.module.kind == Kind::MetaVar => import
                .aliases
                .children
                .iter()
                .filter_map(Node::as_alias)
                .filter_map(|alias| alias.name.as_attribute())
                .flat_map(|dotted| matcher.match_pairs([(wanted.module, dotted.value), (name, dotted.attr)], env.clone()))
                .collect(),
            _ => Envs::new(),
        };
    }
    if let (Some(wanted), Some(import)) = (pattern.as_import_from(), code.as_import_from()) {
        if !wanted.aliases.children.iter().any(|a| a.kind == Kind::Ellipsis) {
            let items: Vec<&'t Node> = import.aliases.children.iter().collect();
            let names: Vec<&Node> = wanted.aliases.children.iter().collect();
            let each = |pattern: &Node, code: &'t Node, env: Env<'t>| matcher.match_node(pattern, code, env);
            return matcher
                .match_node(wanted.module, import.module, env)
                .into_iter()
                .flat_map(|e| matcher.match_unordered(&names, &items, &mut vec![false; items.len()], e, &each))
                .collect();
        }
    }
    matcher.match_children(pattern, code, env)
}

/// The module paths an import statement brings in (`from a import b` -> `a.b`),
/// or `None` if the pattern has metavariables or `as` names (match it structurally then).
fn import_paths(node: &Node, is_pattern: bool) -> Option<Vec<String>> {
    let mut has_placeholder = false;
    node.walk(&mut |n| has_placeholder |= matches!(n.kind, Kind::MetaVar | Kind::SeqMetaVar | Kind::Ellipsis));
    if has_placeholder {
        return None;
    }
    let (module, aliases) = match (node.as_import(), node.as_import_from()) {
        (Some(import), _) => (None, import.aliases),
        (_, Some(import)) => (Some(&*import.module.text), import.aliases),
        _ => return None,
    };
    if module.is_some_and(|m| m.starts_with('.') || m.is_empty()) {
        return if is_pattern { None } else { Some(Vec::new()) };
    }
    let mut paths = Vec::new();
    for alias in aliases.children.iter().filter_map(Node::as_alias) {
        if is_pattern && alias.asname.kind != Kind::Absent {
            return None;
        }
        let name = if alias.name.text.as_ref() == "*" { "*".to_string() } else { alias.name.dotted()? };
        paths.push(match module {
            Some(m) => format!("{m}.{name}"),
            None => name,
        });
    }
    Some(paths)
}

/// Sets Semgrep matches in any order, extra code items allowed: the operands
/// of an `&` or `|` chain, decorators (see [`decorator`]), `except` clauses,
/// and dict items (a dict's extra items only with `...`, as in Semgrep).
/// Concrete items are tried first, so that metavariables only try what is left.
fn unordered_items<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if code.kind != pattern.kind {
        return Err(env);
    }
    let items: Vec<&'t Node> = code.children.iter().collect();
    let mut wanted: Vec<&Node> = pattern.children.iter().filter(|p| p.kind != Kind::Ellipsis).collect();
    if pattern.kind == Kind::DictItems && wanted.len() == pattern.children.len() && wanted.len() != items.len() {
        return Ok(Envs::new());
    }
    wanted.sort_by_key(|p| p.kind == Kind::MetaVar);
    let mut used = vec![false; items.len()];
    Ok(if pattern.kind == Kind::Decorators {
        let each = |pattern: &Node, code: &'t Node, env: Env<'t>| decorator_in_list(matcher, pattern, code, env);
        matcher.match_unordered(&wanted, &items, &mut used, env, &each)
    } else {
        let each = |pattern: &Node, code: &'t Node, env: Env<'t>| matcher.match_node(pattern, code, env);
        matcher.match_unordered(&wanted, &items, &mut used, env, &each)
    })
}

/// One decorator pattern against one decorator of a definition: `@$X` stands
/// for a decorator name, not a decorator call, nor for `@staticmethod` /
/// `@abstractmethod`, which Semgrep reads as modifiers of the function (a
/// pattern naming them still matches).
fn decorator_in_list<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    if pattern.kind == Kind::MetaVar && (!matches!(code.kind, Kind::Name | Kind::Attribute) || is_modifier(code)) {
        return Envs::new();
    }
    decorator(matcher, pattern, code, env)
}

/// A decorator pattern against a code decorator: `@d` and `@d()` are the
/// same, and `@d($...ARGS)` also matches a bare `@d` (as in Semgrep).
pub fn decorator<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    // `@$D` is a decorator without arguments (`@a`, `@a.b`, `@a()`), not `@a(1)`.
    if pattern.kind == Kind::MetaVar && code.as_call().is_some_and(|call| !call.args.children.is_empty()) {
        return Envs::new();
    }
    if let Some(call) = code.as_call().filter(|call| call.args.children.is_empty()) {
        if matches!(pattern.kind, Kind::Name | Kind::Attribute) {
            return matcher.match_node(pattern, call.func, env);
        }
    }
    if let Some(wanted) = pattern.as_call().filter(|_| matches!(code.kind, Kind::Name | Kind::Attribute)) {
        return matcher
            .match_node(wanted.func, code, env)
            .into_iter()
            .flat_map(|e| matcher.match_sequence(Kind::Args, &wanted.args.children, &[], e, false))
            .collect();
    }
    matcher.match_node(pattern, code, env)
}

/// `@staticmethod` and `@abstractmethod`, which Semgrep reads as modifiers,
/// not decorators: no decorator pattern matches them.
pub fn is_modifier(decorator: &Node) -> bool {
    decorator.kind == Kind::Name && matches!(&*decorator.text, "staticmethod" | "abstractmethod")
}

/// A class body is matched as a set, as in Semgrep: members in any order,
/// others allowed; bases as [`class_bases`] reads them.
fn class_members_unordered<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let (Some(wanted), Some(class)) = (pattern.as_class_def(), code.as_class_def()) else { return Err(env) };
    let envs = matcher.match_pairs([(wanted.decorators, class.decorators), (wanted.name, class.name)], env);
    let envs: Envs<'t> = envs.into_iter().flat_map(|e| class_bases(matcher, wanted.bases, class.bases, e)).collect();
    let items: Vec<&'t Node> = class.body.children.iter().collect();
    let members: Vec<&Node> = wanted.body.children.iter().filter(|p| p.kind != Kind::Ellipsis).collect();
    let each = |pattern: &Node, code: &'t Node, env: Env<'t>| matcher.match_statement(pattern, code, env);
    Ok(envs.into_iter().flat_map(|e| matcher.match_unordered(&members, &items, &mut vec![false; items.len()], e, &each)).collect())
}

/// A class's bases, as Semgrep reads them: without `...`, the pattern's
/// bases are the first bases of the class (`class $C($B)` matches
/// `class A(X, Y)`), and keyword arguments (`metaclass=`) the pattern
/// does not name are ignored.
fn class_bases<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    if pattern.kind != Kind::Bases || code.kind != Kind::Bases || pattern.children.iter().any(|p| matches!(p.kind, Kind::Ellipsis | Kind::SeqMetaVar)) {
        return matcher.match_node(pattern, code, env);
    }
    let (wanted_positional, wanted_keywords): (Vec<&Node>, Vec<&Node>) = pattern.children.iter().partition(|p| p.kind != Kind::Keyword);
    let positional: Vec<&'t Node> = code.children.iter().filter(|c| !matches!(c.kind, Kind::Keyword | Kind::DoubleStarred)).collect();
    let keywords: Vec<&'t Node> = code.children.iter().filter(|c| c.kind == Kind::Keyword).collect();
    if wanted_positional.len() > positional.len() {
        return Envs::new();
    }
    let each = |pattern: &Node, code: &'t Node, env: Env<'t>| matcher.match_node(pattern, code, env);
    matcher
        .match_pairs(wanted_positional.iter().copied().zip(positional.iter().copied()), env)
        .into_iter()
        .flat_map(|e| matcher.match_unordered(&wanted_keywords, &keywords, &mut vec![false; keywords.len()], e, &each))
        .collect()
}

/// A body that is just `$S` binds all of its statements (Semgrep's
/// statement metavariable stands for a whole block).
fn body_metavariable_binds_statements<'t>(pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    let [only] = pattern.children.as_slice() else { return Err(env) };
    let Some(metavar) = only.as_expr_stmt().map(|s| s.value).filter(|v| v.kind == Kind::MetaVar) else { return Err(env) };
    if code.kind != Kind::Block || code.children.len() < 2 {
        return Err(env);
    }
    Ok(env.bind(&metavar.text, Bound::Seq(code.children.iter().collect())).into_iter().collect())
}

/// `def`, `for` and `with` in a pattern also match their `async` forms (as
/// in Semgrep); and `with a, b: body` is `with a: with b: body` to Semgrep,
/// so a `with` pattern with fewer items matches any run of them (see [`nested_with_items`]).
fn async_forms_and_nested_with<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Outcome<'t> {
    if code.kind != pattern.kind {
        return Err(env);
    }
    let async_form = pattern.text.is_empty() && &*code.text == "async";
    if !(async_form || same_text(&pattern.text, &code.text)) {
        return Err(env);
    }
    if nests_with_items(pattern, code) {
        return Ok(nested_with_items(matcher, pattern, code, env));
    }
    if async_form {
        return Ok(matcher.match_children_pairwise(pattern, code, env));
    }
    Err(env)
}

/// Whether a `with` pattern meets a `with` statement as Semgrep's nesting of
/// its items: the pattern has fewer items than the code, none of them `...`.
pub fn nests_with_items(pattern: &Node, code: &Node) -> bool {
    let (Some(wanted), Some(with)) = (pattern.as_with(), code.as_with()) else { return false };
    wanted.items.children.len() < with.items.children.len() && !wanted.items.children.iter().any(|i| i.kind == Kind::Ellipsis)
}

/// A `with` pattern with fewer items than the code (see [`nests_with_items`])
/// matches a run of them: the last ones with the body, or earlier ones when
/// the pattern's body is `...` or starts with `...` (Semgrep's body of an
/// earlier item is the nested `with` of the later ones, and a `...` there
/// goes on into its statements: the pattern's body is matched against the
/// code's body).
fn nested_with_items<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: Env<'t>) -> Envs<'t> {
    let (Some(wanted), Some(with)) = (pattern.as_with(), code.as_with()) else { return Envs::new() };
    let (wanted_items, items) = (&wanted.items.children, &with.items.children);
    let body_is_ellipsis = matches!(wanted.body.children.as_slice(), [only] if only.kind == Kind::Ellipsis);
    let body_starts_with_ellipsis = wanted.body.children.first().is_some_and(|first| first.kind == Kind::Ellipsis);
    let k = wanted_items.len();
    let mut out = Envs::new();
    for i in 0..=items.len() - k {
        let innermost = i + k == items.len();
        if !innermost && !body_starts_with_ellipsis {
            continue;
        }
        for env in matcher.match_pairs(wanted_items.iter().zip(&items[i..i + k]), env.clone()) {
            if innermost || !body_is_ellipsis {
                out.extend(matcher.match_node(wanted.body, with.body, env));
            } else {
                out.push(env);
            }
        }
    }
    out
}

/// Where a `with` pattern with fewer items than the code matched (see
/// [`nested_with_items`]): the first code item that its items match under
/// the bindings of the match.
pub fn nested_with_start<'t, M: Matcher + ?Sized>(matcher: &M, pattern: &Node, code: &'t Node, env: &Env<'t>) -> Option<u32> {
    if !nests_with_items(pattern, code) {
        return None;
    }
    let (wanted, with) = (pattern.as_with()?, code.as_with()?);
    let (wanted_items, items) = (&wanted.items.children, &with.items.children);
    let k = wanted_items.len();
    (0..=items.len() - k)
        .find(|&i| !matcher.match_pairs(wanted_items.iter().zip(&items[i..i + k]), env.clone()).is_empty())
        .map(|i| items[i].start)
}

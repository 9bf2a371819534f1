//! What a statement says about control flow by its text alone: whether it
//! may raise, whether a block ends in a jump, whether a loop can go round,
//! which names a statement binds. The walker and both analyses ask these.
//!
//! Reads the tree only.

use super::super::tree::{Kind, Node};
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// A set of variable names (those a loop or a `match` assigns).
pub type Names = FxHashSet<Arc<str>>;

/// Whether a statement may raise an exception: a `raise`, or a call in its own
/// expressions (a nested block's statements are asked on their own).
pub fn may_raise(stmt: &Node) -> bool {
    fn has_call(node: &Node) -> bool {
        match node.kind {
            Kind::Call => true,
            Kind::Block | Kind::Lambda | Kind::Handlers | Kind::FunctionDef | Kind::ClassDef => false,
            _ => node.children.iter().any(has_call),
        }
    }
    match stmt.kind {
        Kind::Raise => true,
        // A definition's own expressions that run: its decorators.
        Kind::FunctionDef => stmt.as_function_def().is_some_and(|d| d.decorators.children.iter().any(has_call)),
        Kind::ClassDef => stmt.as_class_def().is_some_and(|c| c.decorators.children.iter().any(has_call)),
        _ => stmt.children.iter().any(has_call),
    }
}

/// Whether control never leaves a block at its end, read from its own
/// statements: one of them is a `return`, `raise`, `break` or `continue`.
/// (A nested `if` whose every branch returns does not count.)
pub fn ends_abruptly(block: &Node) -> bool {
    block.kind == Kind::Block && block.children.iter().any(|s| matches!(s.kind, Kind::Return | Kind::Raise | Kind::Break | Kind::Continue))
}

/// Whether a loop's body can go round again, read from its text: it has no
/// `return`, `raise` or `break` of its own, or it has a `continue` (of this loop).
pub fn loops_back(body: &Node) -> bool {
    fn has_continue(node: &Node) -> bool {
        match node.kind {
            Kind::Continue => true,
            Kind::While | Kind::For | Kind::FunctionDef | Kind::ClassDef | Kind::Lambda => false,
            _ => node.children.iter().any(has_continue),
        }
    }
    !body.children.iter().any(|s| matches!(s.kind, Kind::Return | Kind::Raise | Kind::Break)) || has_continue(body)
}

/// Whether an expression statement is `yield value`, which ends a path in
/// Semgrep's IL as a `return` does (a bare `yield` does not).
pub fn is_yield_value(stmt: &Node) -> bool {
    stmt.kind == Kind::ExprStmt && stmt.as_expr_stmt().and_then(|e| e.value.as_yield()).is_some_and(|y| y.value.kind != Kind::Empty)
}

/// Names bound by an assignment target (`a`, `(a, b)`, `*rest`).
pub fn targets(target: &Node, f: &mut dyn FnMut(Arc<str>)) {
    target.target_names(&mut |name| f(name.clone()));
}

/// Names a statement assigns (targets, loop variables, `with ... as`, imports, defs), not looking into nested defs.
pub fn assigned_names(stmt: &Node, f: &mut dyn FnMut(Arc<str>)) {
    match stmt.kind {
        Kind::Assign => stmt.as_assign().into_iter().flat_map(|a| &a.targets.children).for_each(|t| targets(t, f)),
        Kind::AugAssign => stmt.as_aug_assign().into_iter().for_each(|a| targets(a.target, f)),
        Kind::AnnAssign => stmt.as_ann_assign().into_iter().for_each(|a| targets(a.target, f)),
        Kind::For => stmt.as_for().into_iter().for_each(|l| targets(l.target, f)),
        Kind::With => with_targets(stmt, &mut |t| targets(t, f)),
        Kind::FunctionDef | Kind::ClassDef => {
            if let Some(name) = stmt.as_function_def().map(|d| d.name).or_else(|| stmt.as_class_def().map(|c| c.name)) {
                f(name.text.clone());
            }
            return;
        }
        Kind::Import | Kind::ImportFrom => {
            let aliases = stmt.as_import().map(|i| i.aliases).or_else(|| stmt.as_import_from().map(|i| i.aliases));
            for alias in aliases.into_iter().flat_map(|a| &a.children).filter_map(Node::as_alias) {
                let local = if alias.asname.kind == Kind::Ident { alias.asname } else { alias.name };
                if let Some(d) = local.dotted().or_else(|| Some(local.text.to_string())) {
                    f(d.split('.').next().unwrap_or("").into());
                }
            }
            return;
        }
        _ => {}
    }
    for block in stmt.nested_blocks() {
        block.children.iter().for_each(|s| assigned_names(s, f));
    }
}

/// The names a statement assigns, as a set.
pub fn assigned_set(stmt: &Node) -> Names {
    let mut names = Names::default();
    assigned_names(stmt, &mut |name| {
        names.insert(name);
    });
    names
}

/// Calls `f` with the `as` target of each item of a `with` (`Empty` where there is none).
pub fn with_targets(stmt: &Node, f: &mut dyn FnMut(&Node)) {
    for item in stmt.as_with().into_iter().flat_map(|w| &w.items.children).filter_map(Node::as_with_item) {
        f(item.target);
    }
}

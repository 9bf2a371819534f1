//! Declared types: where each name of a scope is first bound, and the type
//! that binding gives it (typed metavariables and `metavariable-type` read them).
//!
//! Depends on the values of literals (`values.rs`), the statement facts and the tree.

use super::super::flow::facts::{assigned_names, targets, with_targets};
use super::super::tree::{ConstValue, Kind, Node};
use super::values::{declared_type, literal_type};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Each name's declared type in a scope (`None`: declared without one).
pub(super) type Declared = FxHashMap<Arc<str>, Option<Arc<ConstValue>>>;

/// Where each name of a scope is first bound, in source order (as Semgrep
/// reads Python, that binding declares it): an annotated assignment declares
/// its annotation, a plain one the type of a literal it assigns, any other
/// binding (loop, `with`, import, def) no type. Nested defs are their own scopes.
pub(super) fn declarations(stmts: &[Node], out: &mut Declared) {
    for stmt in stmts {
        match stmt.kind {
            Kind::Assign => {
                let Some(assign) = stmt.as_assign() else { continue };
                let ty = literal_type(assign.value).map(|t| Arc::new(ConstValue::Typed(Node::leaf(Kind::Name, (stmt.start, stmt.start), t))));
                for target in &assign.targets.children {
                    if target.kind == Kind::Name {
                        out.entry(target.text.clone()).or_insert_with(|| ty.clone());
                    } else {
                        targets(target, &mut |name| {
                            out.entry(name).or_insert(None);
                        });
                    }
                }
            }
            Kind::AnnAssign if stmt.as_ann_assign().is_some_and(|a| a.target.kind == Kind::Name) => {
                let Some(declaration) = stmt.as_ann_assign() else { continue };
                out.entry(declaration.target.text.clone()).or_insert_with(|| declared_type(declaration.annotation));
            }
            Kind::If | Kind::For | Kind::While | Kind::With | Kind::Try | Kind::Match => {
                // The statement's own targets first (`for x in`, `with ... as f`), then its blocks in order.
                let mut untyped = |name| {
                    out.entry(name).or_insert(None);
                };
                match stmt.kind {
                    Kind::For => stmt.as_for().into_iter().for_each(|l| targets(l.target, &mut untyped)),
                    Kind::With => with_targets(stmt, &mut |target| targets(target, &mut untyped)),
                    _ => {}
                }
                for block in stmt.nested_blocks() {
                    declarations(&block.children, out);
                }
            }
            _ => assigned_names(stmt, &mut |name| {
                out.entry(name).or_insert(None);
            }),
        }
    }
}

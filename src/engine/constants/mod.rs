//! Constant propagation: `x = "SELECT 1"` makes a later `execute(x)` match
//! `execute("...")`, as in Semgrep.
//!
//! Each function body (and the module's and each class's top level) is walked
//! in execution order with a map from names to known values. A value is known
//! after an assignment of a literal, or of an expression built only from known
//! values (`+` of strings, f-strings, `%`/`.format` of strings give "some
//! string"). After an `if`, a name keeps a value only if every branch gave it
//! one (the same literal, or at least some string); names assigned in a loop
//! are unknown inside and after it. Module-level names assigned once with a
//! literal, and never declared `global`, are known inside functions that do
//! not assign them. Every use of a known name gets [`Node::constant`] set.
//!
//! The control flow is the flow walker's (`flow/`, with constant
//! propagation's [`Semantics`](super::flow::Semantics)); `propagation.rs` is
//! the domain: what each statement does to the names' values, and the
//! marks. `values.rs` says what an expression's value or type is, and what
//! two values join to; `declared.rs` each scope's declared types. This file:
//! the module's constants, and the walk.
//! Depends on the flow walker, the tree and the limits only.

mod declared;
mod propagation;
mod truth;
mod values;

pub use propagation::live_case;
pub use values::{has_type, is_known_string, known_value, parse_int};

/// Whether a condition in the parsed code is always true or always false, by
/// the values constant propagation marked (`precise_constant_conditions`).
pub fn known_truth(condition: &Node) -> Option<bool> {
    truth::truth_of(condition, &values::Marked)
}

/// Whether the subject of a `match` in the parsed code certainly meets a case
/// (`Some(true)`) or certainly does not (`Some(false)`).
pub fn known_case(subject: &Node, case: &Node) -> Option<bool> {
    truth::case_meets(subject, case, &values::Marked)
}

use super::flow::facts::assigned_names;
use super::flow::Walker;
use super::tree::{Kind, Node};
use declared::{declarations, Declared};
use propagation::Propagation;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;
use values::{value_of, State};

/// With `symbolic`, a name assigned a non-literal expression also records
/// that expression (for rules with `symbolic_propagation`). With
/// `constant_conditions` (`--precise`), a branch whose condition folds to a
/// constant is walked only along its live arm.
pub fn propagate(root: &mut Node, symbolic: bool, constant_conditions: bool) {
    let mut globals_declared = FxHashSet::default();
    root.walk(&mut |n| {
        if let Some(global) = n.as_name_decl().filter(|_| n.kind == Kind::Global) {
            for name in &global.names.children {
                globals_declared.insert(name.text.clone());
            }
        }
    });
    let Some(module) = root.as_module_mut() else { return };
    // Module constants: assigned exactly once at the top level, with a literal
    // or what folds from literals and the constants above.
    let mut counts: FxHashMap<Arc<str>, usize> = FxHashMap::default();
    let block = &*module.body;
    for stmt in &block.children {
        assigned_names(stmt, &mut |name| *counts.entry(name).or_default() += 1);
    }
    let mut module_consts = State::default();
    for assign in block.children.iter().filter_map(Node::as_assign) {
        let [target] = assign.targets.children.as_slice() else { continue };
        if target.kind == Kind::Name && counts.get(&target.text) == Some(&1) && !globals_declared.contains(&target.text) {
            // Earlier constants count (`PAGE = HEADER + "..."`).
            if let Some(v) = value_of(assign.value, &module_consts) {
                module_consts.insert(target.text.clone(), Arc::new(v));
            }
        }
    }
    let mut module_declared = Declared::default();
    declarations(&block.children, &mut module_declared);
    let mut walker = Walker::new(Propagation { module_consts, symbolic, constant_conditions, locals: None, module_declared, declared: None, outer: Vec::new() });
    walker.body(module.body, &mut State::default());
}

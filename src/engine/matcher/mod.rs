//! Pattern tree vs code tree: every way a pattern matches, each a set of
//! bindings, within a step budget.
//!
//! | module | its job |
//! |---|---|
//! | `env` | bindings: what a metavariable stands for ([`Bound`]), one match's set of them ([`Env`]) |
//! | `core` | the `Matcher` abstraction and the structural match: metavariables, `...`, sequences, sets, children |
//! | `equiv` | Semgrep's equivalences, one function each, tried before the structural match |
//! | `operators` | the pattern-only operators: `<... e ...>`, `$X: T`, `e. ...`, string patterns |
//! | `index` | the file's index ([`TreeIndex`]) and the prefilters it allows |
//! | `find` | the search: [`find`], [`match_at`], and the ranges Semgrep reports |
//!
//! Layers, each using only those above it: `env`; `core`; `equiv` and
//! `operators`; `index` (the tree only); `find`. The matcher depends on the
//! tree, the pattern, constant propagation (types and known strings) and the
//! limits, never on rules or their evaluation.

mod core;
mod env;
mod equiv;
mod find;
mod index;
mod operators;

pub use super::metavar::is_metavar_name;
pub use env::{Bound, Env, Envs};
pub use find::{checkable_at, find, find_everywhere, find_within, match_at, match_part, Found, RawMatch, Within};
pub use index::TreeIndex;

/// Steps one pattern may take on one file before the search gives up.
pub const DEFAULT_BUDGET: u64 = super::limits::MATCH_STEPS;

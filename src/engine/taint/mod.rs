//! Taint mode: does data from a source reach a sink without a sanitizer?
//!
//! Sources, sinks, sanitizers and propagators arrive as matched ranges (each
//! spec is an ordinary formula, evaluated by `rule.rs`). [`analyze`] walks
//! each function body (and the module's top level) in execution order,
//! keeping the set of tainted variables (`x`, `self.x`) with how they got
//! tainted. Like Semgrep OSS it is intraprocedural and may-taint: after an
//! `if`, a variable is tainted if it is on any branch; loops are walked twice.
//! Expressions are tainted when they are (inside) a source match or contain a
//! tainted variable, unless they are inside a sanitizer match; calls pass taint
//! from their arguments and receiver to their result.
//!
//! | module | its job |
//! |---|---|
//! | `labels` | `requires:` formulas and the labels of sources and sinks |
//! | `ranges` | matched ranges, sorted for containment queries |
//! | `spec` | what a rule gives the analysis and gets back |
//! | `expr` | the taint of an expression, and of an assignment's target |
//! | `sinks` | which sinks a statement holds, and the taint that reaches them |
//! | `guards` | `precise_guards`: checks that clean the path where they failed |
//! | `walk` | taint as a domain of the flow walker: what each statement does |
//! | `containers` | beyond Semgrep: containers by slot, slices, streams, configparser |
//! | `callees` | beyond Semgrep: the summaries of the file's functions, and calls to them |
//! | `summaries` | beyond Semgrep: computing those summaries; the analysis's entry |
//! | `stops` | while explaining only: where taint stopped, what was tainted at each sink |
//!
//! The analyses beyond Semgrep's run only when the rule asks (`Spec::precision`).
//!
//! Layers, each using only those above it: `labels`, `ranges`, `stops`; `spec`;
//! `containers`, `callees`; `expr`; `sinks`, `guards`; `walk`; `summaries`. Depends on the tree and the flow walker
//! (`flow/`, which owns control flow), never on rules or the matcher.

mod callees;
mod containers;
mod expr;
mod guards;
mod labels;
mod ranges;
mod sinks;
mod spec;
mod stops;
mod summaries;
mod walk;

pub use guards::never_returns;
pub use labels::{LabelExpr, Labels};
pub use ranges::Ranges;
pub use spec::{Flow, Guard, Propagation, Spec, Trace};
pub use stops::{SinkSeen, Stop, StopKind, Stops};
pub use summaries::analyze;
pub use walk::{collect_bodies, Body, BodyKind};

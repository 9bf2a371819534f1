//! Rules: the typed rule model, formula evaluation, and running rules over a
//! file into findings, with fixes and `paths:` filters.
//!
//! * `model`: what a rule says (formula, taint spec, severity, mode, language);
//! * `eval`: a formula over one file into hits (`hit`: a match and its bindings;
//!   `taint_eval`: a taint spec; `enclosing`: the regions of `pattern-inside`;
//!   `binding`: what a binding stands for as text; `guard_checks`: sanitizer
//!   matches as checks of `if` tests, for `precise_guards`; `shared`: whole
//!   formulas several rules write alike, evaluated once per file);
//! * `trace` / `tracer`: a rule run that records what each part did, for
//!   explanations (off in a scan);
//! * `run`: every rule over one file, on the cores, into findings and diagnostics;
//! * `fix`: `fix`/`fix-regex` replacements and applying them (`fix_ast`: a
//!   fix rendered from its tree, as Semgrep's AST-based autofix);
//! * `paths`: `paths: include/exclude` globs.
//!
//! What it reports (findings, diagnostics, traces) is in [`super::report`],
//! re-exported here for callers.

mod binding;
mod enclosing;
mod eval;
mod fix;
mod fix_ast;
mod guard_checks;
mod hit;
pub mod model;
mod paths;
mod run;
mod shared;
mod taint_eval;
pub mod trace;
pub mod tracer;

pub use super::compare::Comparison;
pub use super::report::{BindingOut, DataflowTrace, Finding, Severity, TraceStep};
pub use fix::{apply_fixes, interpolate};
pub use model::{FixRegex, Formula, LabelExpr, Language, MetavariableAnalyzer, MetavariableLanguage, Mode, PreciseMode, Precision, Rule, TaintLabels, TaintSpec, Term};
pub use paths::{applies_to, glob_matches};
pub use run::run_rules;

//! flasklight: Semgrep-compatible rules for Python/Flask, in the browser and on the command line.
//!
//! # Codemap
//!
//! ```text
//! engine/            plain Rust; no yew, web-sys or I/O. Compiles natively and to wasm32.
//!   source.rs        byte spans, line index; line/column only at the edges
//!   tree.rs          the generic Node tree both sides of a match share
//!   parallel.rs      work shared out over the cores in order (one thread on wasm32)
//!   python/          the ONLY place that names parser (ruff_python_parser) types:
//!     mod.rs         parse with recovery + per-chunk cache, lexer tokens for colouring
//!     chunks.rs      cutting a file into top-level chunks
//!     lower.rs       ruff AST -> Node in CPython ast shape (placeholders -> pattern nodes)
//!   names.rs         import aliases -> qualified names on Name nodes
//!   pattern.rs       pattern text -> pattern tree ($X, $...X, ..., <... e ...>, "=~/re/", $X: T, e. ...)
//!   matcher.rs       pattern tree vs code tree -> every set of bindings; step budget
//!   constants.rs     constant (and symbolic) propagation, flow-sensitive like Semgrep's; declared types
//!   rule.rs          formulas (pattern/patterns/either/not/inside/metavariable-*/focus) -> findings
//!   taint.rs         taint mode: sources/sinks/sanitizers/propagators/labels along each body
//!   compare.rs       metavariable-comparison expression language
//!   generic.rs       Semgrep's `generic` language (words and punctuation), for metavariable-pattern
//!   analyzers.rs     metavariable-analysis: entropy, redos
//!   autofix.rs       Semgrep's choice among fixes (rule order, overlaps skipped), applied to bytes
//!   regex.rs         regexes: linear engine, backtracking one (with a limit) for look-around
//!   nosem.rs         `# nosemgrep` comments drop findings
//!   limits.rs        the engine's own limits (size, depth, steps), named in diagnostics
//!   config.rs        Semgrep YAML -> rules with typed, positioned diagnostics; SimpleRule writer
//!   annotations.rs   `# ruleid:` / `# ok:` test annotations
//!   session.rs       the front door: set_rules / set_code / run -> Report (plain data)
//! bundled.rs         the rule pack and lessons from rules/, embedded at build time
//! lessons.rs         workshop lessons (rules/lessons/*.yaml) read into plain structs
//! cli/               the native `flasklight` command (scan, test); not built for wasm32;
//!                    source_file.rs maps a file's bytes to text and back, autofix.rs writes fixes
//! app/               the Yew playground; wasm32 only (decorate.rs paints only the lines on
//!                    screen; a text too large for a textarea is shown read-only)
//! share.rs           share-link codec (plain Rust, tested natively)
//! ```
//!
//! # Invariants
//! * `engine` depends on nothing web- or OS-specific; `app` and `cli` depend on `engine`, never the reverse.
//! * No engine function panics or runs unbounded on any input: bad patterns, YAML and
//!   Python come back as [`engine::config::Diagnostic`]s; matching has a step budget.
//! * Positions are byte offsets until they reach a person.

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod bundled;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod engine;
pub mod lessons;
pub mod share;

/// Natively, mimalloc: the engine allocates many small short-lived vectors
/// while matching, and the system allocator took a quarter of a scan's time
/// (a full rescan of 1,000 lines with the pack: 20% fewer instructions). In
/// wasm the default allocator stays; fuzz builds keep the system allocator,
/// which the address sanitizer watches.
#[cfg(all(not(target_arch = "wasm32"), not(fuzzing)))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

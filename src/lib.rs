//! flasklight: Semgrep-compatible rules for Python/Flask, in the browser and on the command line.
//!
//! # Codemap
//!
//! ```text
//! engine/            plain Rust; no yew, web-sys or I/O. Compiles natively and to wasm32.
//!   source.rs        byte spans, line index; line/column only at the edges            (leaf)
//!   limits.rs        every limit number, typed and explained; which limit was hit     (leaf)
//!   report.rs        what every layer reports: Diagnostic, Severity, Finding,
//!                    bindings, dataflow traces, limit hits (uses source, limits)      (leaf)
//!   metavar.rs       metavariable names ($X, $...X), shared by matcher and generic    (leaf)
//!   precision.rs     which analyses beyond Semgrep's a rule runs (options: precise_*) (leaf)
//!   tree/            the generic Node tree both sides of a match share (mod.rs);
//!                    views.rs: typed views and constructors, one per node kind
//!                    (node.as_if() -> If { test, body, orelse } instead of children[N])
//!   parallel.rs      work shared out over the cores in order (one thread on wasm32)
//!   python/          the ONLY place that names parser (ruff_python_parser) types:
//!     mod.rs         parse with recovery + per-chunk cache, lexer tokens for colouring
//!     chunks.rs      cutting a file into top-level chunks
//!     tolerate.rs    what Semgrep's parser reads and Python 3 rejects (`async` as a name,
//!                    Python 2 `print x`), rewritten at the same length when a chunk fails
//!     lower/         ruff AST -> Node in CPython ast shape (placeholders -> pattern nodes):
//!                    expr (the Lowerer, expressions, f-strings) | stmt (statements)
//!     parens.rs      an expression's own grouping parentheses, from the source text
//!   names.rs         import aliases -> qualified names on Name nodes
//!   scopes.rs        which variable each name stands for (Semgrep's naming: a local `z`
//!                    is not the module's `z` when metavariable bindings are compared)
//!   pattern.rs       pattern text -> pattern tree ($X, $...X, ..., <... e ...>, "=~/re/", $X: T, e. ...)
//!   matcher/         pattern tree vs code tree -> every set of bindings; step budget:
//!                    env (bindings) | core (the Matcher trait, structural match) | equiv
//!                    (Semgrep's equivalences, one named fn each) | operators (<... e ...>,
//!                    $X: T, e. ..., string patterns) | index (prefilters) | find (search)
//!   flow/            one control-flow walker (if/loops/try/match/jumps, dead code,
//!                    joins, step limit) with a domain trait: facts (what a statement
//!                    says by its text) | access (read or mark the tree) | domain
//!                    (the trait, each analysis's semantics) | walk (the walker)
//!   constants/       constant (and symbolic) propagation, a domain of flow/:
//!                    mod (module constants, the walk) | propagation (the domain,
//!                    marks) | values (an expression's value, joins) | declared (types) |
//!                    truth (a condition folded to a constant: precise_constant_conditions)
//!   taint/           taint mode, a domain of flow/: labels | ranges | spec (in and
//!                    out) | expr (an expression's taint) | sinks | walk (the domain);
//!                    beyond Semgrep, when a rule asks: guards (a check that leaves) |
//!                    containers (by slot, slices, streams) | callees + summaries
//!                    (functions of the same file); stops: where taint stopped,
//!                    recorded only in a traced run (explain/), never in a scan
//!   autofix.rs       Semgrep's choice among fixes (rule order, overlaps skipped), applied to bytes
//!   regex.rs         regexes: linear engine, backtracking one (with a limit) for look-around
//!   generic.rs       Semgrep's `generic` language (words and punctuation; `...` as spacegrep:
//!                    10 lines, bracketed groups, indented blocks)
//!   compare.rs       metavariable-comparison expression language
//!   analyzers.rs     metavariable-analysis: entropy, redos
//!   rule/            rules, from model to findings:
//!     model.rs       the typed rule: Formula, Term, TaintSpec, Severity, Mode, Language
//!     eval.rs        a formula over one file -> hits (Evaluator); hit.rs a match and its
//!                    bindings; taint_eval.rs a taint spec; enclosing.rs pattern-inside
//!                    regions; binding.rs what a binding stands for as text
//!     run.rs         every rule over one file (on the cores), per-rule limits -> findings
//!     shared.rs      whole formulas written alike in several rules (a pack's taint sources,
//!                    sinks, sanitizers), evaluated once per file, keyed by canonical text
//!     trace.rs       what each formula and term did in a traced run (off in a scan);
//!                    tracer.rs runs rules and formulas with a trace, for explain/
//!     fix.rs         fix / fix-regex, interpolate, apply_fixes
//!     fix_ast.rs     a fix that parses as Python, printed from its tree as Semgrep prints it
//!     paths.rs       paths: include/exclude globs
//!     guard_checks.rs  precise_guards: which sanitizer matches are checks of an if/while test
//!   nosem.rs         `# nosemgrep` comments drop findings
//!   config/          Semgrep YAML -> rule model with typed diagnostics at the exact key or value:
//!                    mod (the rule's keys) | formula (patterns, metavariable-*) | taint_spec |
//!                    place (a node's position from the YAML parser) | simple (SimpleRule writer)
//!   annotations.rs   `# ruleid:` / `# ok:` test annotations; the one verdict (semgrep --test's)
//!   session.rs       the front door: set_rules / set_code / run -> Report (plain data)
//!   versus.rs        what Semgrep would report: the findings only a precise analysis
//!                    makes or removes, and which analysis (the app's marks)
//!   explain/         explanations, computed only when asked (issue 21): api (plain serde
//!                    data) | inspect (the formula tree: YAML places, own matches,
//!                    candidates left per term, time, nodes turned off) | whynot +
//!                    nearmiss (why a range is not reported; the closest partial match)
//!                    + whytaint (taint rules: no sink, no source, where the flow stopped)
//!                    | trees (code and pattern trees) | lint (silent zeros) | place
//!                    (YAML positions); runs rules through rule/trace + rule/tracer
//! bundled.rs         the rule pack and lessons from rules/: embedded in the CLI, bundled.json for the app
//! lessons.rs         workshop lessons (rules/lessons/*.yaml) read into plain structs; grading
//! markdown.rs        lesson text (CommonMark via pulldown-cmark) -> plain nodes, safe links
//! diff.rs            line diff (LCS) for Learn's bug-vs-fix view
//! progress.rs        Learn progress (done, the learner's rules, reference shown) and its JSON file
//! cli/               the native `flasklight` command (scan, test, explain); not built for wasm32;
//!                    source_file.rs maps a file's bytes to text and back, autofix.rs writes fixes,
//!                    explain.rs: `explain`, `scan --matching-explanations`, `scan --time`
//! app/               the Yew playground; wasm32 only (decorate.rs paints only the lines on
//!                    screen; recolour.rs reuses the colours after a small edit; a text too
//!                    large for a textarea is shown read-only; learn/ is Learn mode)
//! share.rs           share-link codec (plain Rust, tested natively)
//! protocol.rs        typed messages between the page and its scan worker (plain Rust,
//!                    tested natively; app/scanner.rs and app/worker.rs speak it)
//! ```
//!
//! # Invariants
//! * `engine` depends on nothing web- or OS-specific; `app` and `cli` depend on `engine`, never the reverse.
//! * Engine modules import each other without cycles, the leaves above import no
//!   other engine module, and no engine file exceeds 800 lines (`tests/architecture.rs`
//!   reads the `use` paths and checks it).
//! * No engine function panics or runs unbounded on any input: bad patterns, YAML and
//!   Python come back as [`engine::report::Diagnostic`]s; matching has a step budget.
//! * Positions are byte offsets until they reach a person.

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod bundled;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod engine;
pub mod diff;
pub mod lessons;
pub mod markdown;
pub mod progress;
pub mod protocol;
pub mod share;

/// Natively, mimalloc: the engine allocates many small short-lived vectors
/// while matching, and the system allocator took a quarter of a scan's time
/// (a full rescan of 1,000 lines with the pack: 20% fewer instructions). In
/// wasm the default allocator stays; fuzz builds keep the system allocator,
/// which the address sanitizer watches.
#[cfg(all(not(target_arch = "wasm32"), not(fuzzing)))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

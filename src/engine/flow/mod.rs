//! One control-flow walker for the analyses that follow a function's
//! statements in execution order: constant propagation (`constants/`) and
//! taint (`taint/`). The walker owns control flow (blocks, branches, loops,
//! `break`/`continue`, `try`/`except`/`else`/`finally`, `match`, dead code
//! after a jump, definitions), the joins where paths meet and the step
//! limit; an analysis is a [`Domain`]: its state, how two states join, what
//! a statement does to the state, and what a branch condition, a loop
//! header or a `with` item does.
//!
//! # The control flow it follows: Semgrep's
//!
//! Semgrep runs both analyses on one control-flow graph of its IL. As
//! settled against Semgrep by `tests/semantics/` (`taint-control-flow`,
//! `constant-flow`, `constant-loop-exits`, `taint-*`):
//! - a path ends at `return`, `raise`, `break`, `continue` and at a
//!   `yield value` statement; statements after the end are dead code;
//! - after an `if`, only the arms that go on meet;
//! - a loop's head is reached from before the loop, from the end of its body
//!   and from each `continue`; what follows the loop from its head (even of
//!   `while True`, whose condition Semgrep does not read) and from each
//!   `break`; a loop's `else` runs from the head;
//! - an `except` handler is entered from each statement of the `try` body
//!   that may raise (a call or a `raise`; `facts::may_raise`), with the state
//!   there, also from those of nested `try`s; with none it is dead. `else`
//!   runs after a body that went on; `finally` is reached from the body or a
//!   handler that went on, and from a raise that no handler catches, but not
//!   from a `return`; after a `finally` only what reached it from a path
//!   that goes on goes on;
//! - a `match` runs one of its cases, or none;
//! - a `def` or `class` statement binds its name; taint analyses each
//!   function body on its own, constant propagation walks it where it stands.
//!
//! # Where the two analyses differ today
//!
//! Taint follows the graph above ([`Reach::Paths`], [`Loops::Iterate`],
//! [`Cases::Join`]). Constant propagation follows an older, syntactic
//! reading, kept as it is ([`Semantics`] names each difference) until it is
//! settled against Semgrep: probes with Semgrep 1.187 show that Semgrep's
//! constant propagation follows the graph too (it knows nothing in dead
//! code, after `yield value`, or after an `if` whose arms all return, it
//! reaches `finally` from a raise, and it joins `match` cases).
//!
//! # Layout
//! | module | its job |
//! |---|---|
//! | `facts` | what a statement says about control flow by its text alone |
//! | `access` | reading ([`Read`]) or marking ([`Write`]) the tree; a statement's [`Shape`] |
//! | `domain` | the [`Domain`] trait and the [`Semantics`] a domain chooses |
//! | `walk` | the [`Walker`] |
//!
//! Depends on the tree and source positions only; `constants` and `taint` depend on it.

mod access;
mod domain;
pub mod facts;
mod walk;

pub use access::{Access, Read, Shape, Write};
pub use domain::{Arms, Cases, Domain, Live, Loops, Reach, Ref, Semantics};
pub use facts::Names;
pub use walk::Walker;

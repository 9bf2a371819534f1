//! ruff_python_ast -> generic [`Node`] tree.
//!
//! The tree keeps the shape the matcher was written for (CPython's `ast`
//! shape): `elif` is an `If` nested in `orelse`, implicitly concatenated
//! strings are one literal, an f-string is one `JoinedStr` whose parts are
//! literal pieces and `FormattedValue`s.
//!
//! | module | its job |
//! |---|---|
//! | `expr` | [`Lowerer`] and expressions (arguments, parameters, comprehensions, f-strings) |
//! | `stmt` | statements, built on `expr` |

mod expr;
mod stmt;

pub use expr::Lowerer;

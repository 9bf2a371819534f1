//! The engine: plain Rust, no web dependency (see the codemap in `lib.rs`).

pub mod matcher;
pub mod names;
pub mod pattern;
pub mod python;
pub mod source;
pub mod tree;

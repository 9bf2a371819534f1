//! The engine: plain Rust, no web dependency (see the codemap in `lib.rs`).

pub mod analyzers;
pub mod autofix;
pub mod annotations;
pub mod compare;
pub mod config;
pub mod constants;
pub mod explain;
pub mod flow;
pub mod generic;
pub mod limits;
pub mod matcher;
pub mod metavar;
pub mod names;
pub mod nosem;
pub mod parallel;
pub mod pattern;
pub mod precision;
pub mod python;
pub mod regex;
pub mod report;
pub mod rule;
pub mod session;
pub mod source;
pub mod taint;
pub mod tree;
pub mod versus;

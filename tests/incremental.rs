//! Re-parsing after an edit reuses the chunks that did not change: the tree
//! (offsets, import resolution, constant propagation marks) and the findings
//! must be exactly those of parsing the new text from scratch.

use flasklight::bundled::{pack_yaml, rules};
use flasklight::engine::python::{parse_code, ParseCache, Parsed};
use flasklight::engine::session::Session;

/// Edits a visitor might make, one after another, starting from `base`.
fn edit_sequence(base: &str) -> Vec<String> {
    let lines: Vec<&str> = base.lines().collect();
    let mid = lines.len() / 2;
    let join = |v: &[&str]| v.join("\n") + "\n";
    let mut steps = vec![base.to_string()];
    // A line inserted at the top: every chunk moves.
    steps.push(format!("import os\n{base}"));
    // An import alias that changes what names resolve to.
    steps.push(format!("import subprocess as os\nfrom flask import request as args\n{base}"));
    // A line removed in the middle.
    let mut removed = lines.clone();
    removed.remove(mid);
    steps.push(join(&removed));
    // A constant defined at the top, then a syntax error in the middle, then both gone.
    steps.push(format!("DEBUG = True\nQUERY = \"SELECT 1\"\n{}", join(&removed)));
    let mut broken = lines.clone();
    broken.insert(mid, "def oops(:");
    steps.push(join(&broken));
    steps.push(base.to_string());
    // The file twice over (chunks with the same text), then the second half only.
    steps.push(format!("{base}\n{base}"));
    steps.push(join(&lines[mid..]));
    steps.push(String::new());
    steps.push(base.to_string());
    steps
}

fn dump(parsed: &Parsed) -> String {
    format!("{:?}\n{:?}", parsed.root, parsed.errors)
}

#[test]
fn reparsing_after_edits_equals_parsing_fresh() {
    for rule in rules() {
        let mut cache = ParseCache::new();
        let mut previous: Option<Parsed> = None;
        for (i, text) in edit_sequence(rule.code).iter().enumerate() {
            let parsed = cache.parse(text, previous.as_ref());
            assert!(dump(&parsed) == dump(&parse_code(text)), "{}: step {i} differs from a fresh parse", rule.id);
            previous = Some(parsed);
        }
    }
}

#[test]
fn a_session_finds_after_edits_what_a_fresh_session_finds() {
    let pack = pack_yaml();
    let mut session = Session::new();
    session.set_rules(&pack);
    for rule in rules() {
        for (i, text) in edit_sequence(rule.code).iter().enumerate() {
            session.set_code(text);
            let mut fresh = Session::new();
            fresh.set_rules(&pack);
            fresh.set_code(text);
            let (a, b) = (session.run(), fresh.run());
            let json = |r: &flasklight::engine::session::Report| serde_json::to_string(&r.findings).expect("json");
            assert_eq!(json(&a), json(&b), "{}: step {i}", rule.id);
        }
    }
}

/// Every cut of `text` after one of its lines (a file being typed: its end
/// is often not yet valid Python).
fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('\n').map(move |(at, _)| &text[..at + 1])
}

/// Whether Python (ruff's parser) reads `text` as a whole without an error.
fn python_reads(text: &str) -> bool {
    ruff_python_parser::parse_module(text).is_ok()
}

/// A file the parser reads as a whole has no syntax error, however the
/// chunking cut it: the parse falls back on the whole file when a chunk
/// fails, except where that fallback cannot succeed (only the last chunk
/// failed, after chunks that all parsed as written). Checked on every prefix
/// of the pack's test files and on texts whose chunks are cut where Python
/// does not cut (an operator or `yield from` at column 0 inside brackets).
#[test]
fn a_file_python_reads_has_no_syntax_error() {
    let tricky = [
        "x = (a\n@ b)\ny = 1\n",
        "def g():\n    x = (yield\nfrom h())\n    return x\n",
        "def g():\n    x = (yield\nfrom h())\n",
        "s = 1\nx = (a\n@ b)\n",
        "s = 1\nx = (a\n@ b)\nif s:\n",
        "if s:\n",
    ];
    let texts = rules().iter().map(|r| r.code.to_string()).chain(tricky.iter().map(|t| t.to_string()));
    let mut checked = 0;
    for text in texts {
        for prefix in prefixes(&text) {
            let parsed = parse_code(prefix);
            if python_reads(prefix) {
                assert!(parsed.errors.is_empty(), "{prefix:?}: Python reads it, the parse says {:?}", parsed.errors);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} prefixes read as Python");
}

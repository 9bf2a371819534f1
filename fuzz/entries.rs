#![allow(dead_code)] // each fuzz target uses one entry; the regression test uses all
//! The entry points the fuzz targets drive, one per target.
//!
//! Shared by the libFuzzer targets (`fuzz/fuzz_targets/*.rs`) and the native
//! regression test (`tests/fuzz_regressions.rs`), so a saved crash input is
//! replayed through exactly the code that found it. Each takes raw bytes and
//! must return: no panic, no hang, no stack overflow, whatever the bytes.

use flasklight::engine::config::Diagnostic;
use flasklight::engine::pattern::parse_pattern;
use flasklight::engine::rule::{self, Formula, Rule};
use flasklight::engine::session::Session;
use flasklight::engine::source::LineIndex;
use flasklight::engine::{annotations, python};
use std::sync::OnceLock;

/// Separates pattern text from code in the `matching` target's input.
pub const SEPARATOR: u8 = 0;

/// The entry for a target name, as used for `fuzz/fuzz_targets/<name>.rs` and
/// `tests/fuzz_regressions/<name>/`.
pub fn by_name(name: &str) -> Option<fn(&[u8])> {
    Some(match name {
        "pattern" => pattern,
        "rule_yaml" => rule_yaml,
        "matching" => matching,
        "taint" => taint,
        "share" => share,
        _ => return None,
    })
}

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Pattern text -> pattern tree (or a positioned error).
pub fn pattern(data: &[u8]) {
    let text = text(data);
    if let Err(e) = parse_pattern(&text) {
        assert!(text.get(e.span.start as usize..e.span.end as usize).is_some(), "error span does not slice the pattern: {e:?}");
    }
}

/// A small Flask file with a search hit and a taint flow, for the rules the
/// `rule_yaml` target compiles.
const FLASK_CODE: &str = r#"import subprocess
from flask import Flask, request
app = Flask(__name__)
app.config["SECRET_KEY"] = "hunter2"

@app.route("/run", methods=["GET", "POST"])
def run():
    cmd = request.args.get("cmd")
    name = f"job-{cmd}"
    if name:
        subprocess.call(name, shell=True)  # ruleid: x
    return eval(request.form["x"])

app.run(host="0.0.0.0", debug=True)
"#;

/// Rule YAML -> rules + diagnostics, then the rules run on a small Flask file.
pub fn rule_yaml(data: &[u8]) {
    let yaml = text(data);
    let mut session = Session::new();
    let diagnostics = session.set_rules(&yaml);
    check_spans(&yaml, &diagnostics);
    session.set_code(FLASK_CODE);
    let report = session.run();
    for f in &report.findings {
        assert!(FLASK_CODE.get(f.span.start as usize..f.span.end as usize).is_some(), "finding span does not slice the code");
    }
}

/// `<pattern> \0 <code>`: the pattern as a one-rule formula run on the code.
pub fn matching(data: &[u8]) {
    let (pattern_bytes, code_bytes) = match data.iter().position(|b| *b == SEPARATOR) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let Ok(pattern) = parse_pattern(&text(pattern_bytes)) else { return };
    same_with_and_without_prefilters(&pattern, &text(code_bytes));
    let rule = Rule {
        id: "fuzz".into(),
        message: "$X".into(),
        severity: flasklight::engine::report::Severity::Info,
        language: Default::default(),
        formula: Formula::Pattern(Box::new(pattern)),
        taint: None,
        fix: None,
        fix_regex: None,
        metadata: serde_json::Value::Null,
        include: Vec::new(),
        exclude: Vec::new(),
        symbolic: false,
        precision: rule::Precision::NONE,
    };
    run_on(&[&rule], &text(code_bytes));
}

/// The index prefilters of `find` may only skip places where nothing matches.
fn same_with_and_without_prefilters(pattern: &flasklight::engine::pattern::Pattern, code: &str) {
    use flasklight::engine::matcher::{find, find_everywhere, Found, TreeIndex};
    let parsed = python::parse_code(code);
    let index = TreeIndex::new(&parsed.root);
    let budget = 200_000;
    let (fast, slow) = (find(pattern, &index, budget), find_everywhere(pattern, &index, budget));
    if !fast.exhausted && !slow.exhausted {
        let spans = |found: &Found<'_>| {
            let mut v: Vec<_> = found.matches.iter().map(|m| (m.span.start, m.span.end)).collect();
            v.dedup();
            v
        };
        assert_eq!(spans(&fast), spans(&slow), "the prefilters changed what {:?} matches", pattern.text);
    }
}

/// Python code scanned with the bundled pack's taint rules.
pub fn taint(data: &[u8]) {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        let (rules, diagnostics) = flasklight::engine::config::load_rules(&flasklight::bundled::pack_yaml());
        assert!(diagnostics.iter().all(|d| d.severity != "error"), "the bundled pack compiles: {diagnostics:?}");
        rules.into_iter().filter(|r| r.taint.is_some()).collect()
    });
    let selected: Vec<&Rule> = rules.iter().collect();
    run_on(&selected, &text(data));
}

fn run_on(rules: &[&Rule], code: &str) {
    let parsed = python::parse_code(code);
    let lines = LineIndex::new(code);
    let (findings, _errors) = rule::run_rules(rules, rule::PreciseMode::AsRules, &parsed.root, code, &lines);
    for f in &findings {
        assert!(code.get(f.span.start as usize..f.span.end as usize).is_some(), "finding span does not slice the code: {:?}", f.span);
    }
    annotations::check(code, &lines, &findings);
}

/// A share-link fragment -> rule and code; whatever decodes must re-encode to itself.
pub fn share(data: &[u8]) {
    use flasklight::share::{decode, encode};
    if let Some(Ok(shared)) = decode(&text(data)) {
        let link = encode(&shared).expect("a decoded share re-encodes");
        assert_eq!(decode(&link), Some(Ok(shared)), "round trip");
    }
}

fn check_spans(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let (start, end) = (d.span.start as usize, d.span.end as usize);
        assert!(text.get(start..end).is_some(), "diagnostic span does not slice the text: {d:?}");
    }
}

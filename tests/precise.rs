//! Traces of the taint analyses beyond Semgrep's (issue 19): with
//! `precise_functions`, the path of a finding goes into a function of the
//! same file and back. (What each analysis finds, in both modes, is in the
//! `tests/semantics/precise-*` cases, run by `tests/semantics.rs`.)

use flasklight::engine::rule::PreciseMode;
use flasklight::engine::session::Session;
use std::path::Path;

fn functions_rule() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/precise-functions.yaml")).unwrap()
}

fn run(mode: PreciseMode, code: &str) -> flasklight::engine::session::Report {
    let mut session = Session::new();
    session.set_precise(mode);
    assert!(session.set_rules(&functions_rule()).is_empty());
    session.set_code(code);
    session.run()
}

/// A finding at a sink inside a function of the file: reported at that sink
/// (as Semgrep Pro does), with a trace through the call and the parameter.
#[test]
fn helper_sink_trace_goes_through_the_call() {
    let code = "from flask import request\n\ndef run(cur, q):\n    sql = 'SELECT ' + q\n    cur.execute(sql)\n\ndef view(cur):\n    name = request.args.get('n')\n    run(cur, name)\n";
    let report = run(PreciseMode::AsRules, code);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let finding = &report.findings[0];
    assert_eq!(finding.start.line, 5);
    let trace = finding.dataflow_trace.as_ref().expect("a trace");
    assert_eq!(trace.source.start.line, 8);
    let steps: Vec<(u32, &str)> = trace.intermediate.iter().map(|s| (s.start.line, s.content.as_str())).collect();
    // `name = ...`, the call, the parameter `q`, `sql = ...`.
    assert_eq!(steps.iter().map(|s| s.0).collect::<Vec<_>>(), vec![8, 9, 3, 4], "{steps:?}");
    assert_eq!(steps[1].1, "run(cur, name)");
    assert_eq!(steps[2].1, "q");
    // Exact mode: Semgrep CE sees no sink in the caller.
    assert!(run(PreciseMode::Exact, code).findings.is_empty());
}

/// A value returned by a function of the file: the trace goes into it (the
/// parameter) and back (its `return`).
#[test]
fn returned_value_trace_goes_through_the_function() {
    let code = "from flask import request\n\ndef wrap(x):\n    y = '(' + x + ')'\n    return y\n\ndef view(cur):\n    name = request.args.get('n')\n    cur.execute(wrap(name))\n";
    let report = run(PreciseMode::AsRules, code);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let trace = report.findings[0].dataflow_trace.as_ref().expect("a trace");
    let lines: Vec<u32> = trace.intermediate.iter().map(|s| s.start.line).collect();
    assert_eq!(lines, vec![8, 3, 4, 5], "{:?}", trace.intermediate);
}

/// Constant propagation folds conditions only under `--precise` (every
/// rule): a dead `if` arm, `match` case or `while False:` body gives a name
/// no value, so `sink(x)` sees the literal; in exact mode the dead code
/// counts, as in Semgrep.
#[test]
fn constant_propagation_follows_only_live_code_under_precise() {
    let rule = "rules:\n- id: literal-sink\n  languages: [python]\n  severity: INFO\n  message: m\n  pattern: sink(\"...\")\n";
    let lines = |mode: PreciseMode, code: &str| -> Vec<u32> {
        let mut session = Session::new();
        session.set_precise(mode);
        assert!(session.set_rules(rule).is_empty());
        session.set_code(code);
        session.run().findings.iter().map(|f| f.start.line).collect()
    };
    let code = "\
def dead_if():
    x = 'a'
    if 1 > 2:
        x = get()
    sink(x)

def constant_match():
    x = get()
    match 'b':
        case 'a':
            x = get()
        case 'b':
            x = 'lit'
    sink(x)

def while_false():
    x = 'a'
    while False:
        x = get()
    sink(x)

def while_reading_what_it_assigns():
    x = 'a'
    n = 0
    while n > 5:
        x = get()
        n = n + 1
    sink(x)

def live_if():
    x = 'a'
    if 1 < 2:
        x = get()
    sink(x)
";
    assert_eq!(lines(PreciseMode::Exact, code), Vec::<u32>::new());
    assert_eq!(lines(PreciseMode::AsRules, code), Vec::<u32>::new());
    assert_eq!(lines(PreciseMode::All, code), vec![5, 14, 20]);
    // Constant conditions alone, as the bench's `--analysis constant_conditions` runs them.
    let only = flasklight::engine::rule::Precision { constant_conditions: true, ..flasklight::engine::rule::Precision::NONE };
    assert_eq!(lines(PreciseMode::Only(only), code), vec![5, 14, 20]);
}

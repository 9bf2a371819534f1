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

/// The marks of what Semgrep would report (`Session::set_compare`), on every
/// `tests/semantics/precise-*` case: a finding marked "only with precise
/// analyses" is one exact mode lacks, each finding of exact mode that is gone
/// comes back in `removed`, and the analysis named is the case's own: with
/// the rule's option, and with the option taken out and every analysis on
/// (the app's toggle), where the analysis is found by running each alone.
#[test]
fn compare_marks_what_semgrep_would_report() {
    use flasklight::engine::precision::{Analysis, Precision};
    use flasklight::engine::report::Versus;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics");
    let cases = [
        ("precise-constant-conditions", Analysis::ConstantConditions),
        ("precise-guards", Analysis::Guards),
        ("precise-containers", Analysis::Containers),
        ("precise-propagation", Analysis::Propagation),
        ("precise-functions", Analysis::Functions),
    ];
    let key = |f: &flasklight::engine::report::Finding| (f.rule_id.clone(), f.span);
    for (name, analysis) in cases {
        let rule = std::fs::read_to_string(dir.join(format!("{name}.yaml"))).unwrap();
        let code = std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap();
        let without_option: String = rule.lines().filter(|l| !l.trim_start().starts_with("options:") && !l.trim_start().starts_with("precise_")).map(|l| format!("{l}\n")).collect();
        for (yaml, mode) in [(&rule, PreciseMode::AsRules), (&without_option, PreciseMode::All)] {
            let scan = |mode: PreciseMode, compare: bool| {
                let mut session = Session::new();
                session.set_precise(mode);
                session.set_compare(compare);
                assert!(session.set_rules(yaml).is_empty());
                session.set_code(&code);
                session.run()
            };
            let exact: Vec<_> = scan(PreciseMode::Exact, false).findings.iter().map(key).collect();
            let plain = scan(mode, false);
            let marked = scan(mode, true);
            assert!(plain.removed.is_empty() && plain.findings.iter().all(|f| f.versus.is_none()), "{name}: nothing is marked unless asked");
            assert_eq!(marked.findings.iter().map(key).collect::<Vec<_>>(), plain.findings.iter().map(key).collect::<Vec<_>>(), "{name}: the comparison changes no finding");
            let only: Vec<_> = marked.findings.iter().filter(|f| f.versus.is_some()).map(key).collect();
            let expected_only: Vec<_> = plain.findings.iter().map(key).filter(|k| !exact.contains(k)).collect();
            assert_eq!(only, expected_only, "{name} ({mode:?}): findings only precise analyses make");
            let removed: Vec<_> = marked.removed.iter().map(key).collect();
            let expected_removed: Vec<_> = exact.iter().filter(|k| !expected_only.contains(k) && !plain.findings.iter().any(|f| key(f) == **k)).cloned().collect();
            assert_eq!(removed, expected_removed, "{name} ({mode:?}): findings precise analyses remove");
            assert!(!only.is_empty() || !removed.is_empty(), "{name}: the case shows a difference");
            // The analysis named makes the difference alone; with the rule's
            // option it is the rule's one (configparser is both a container
            // and a propagation: with everything on, the first of them is named).
            let alone = |by: Analysis| scan(PreciseMode::Only(Precision::only(by)), false).findings.iter().map(key).collect::<Vec<_>>();
            for f in &marked.findings {
                let Some(versus) = f.versus else { continue };
                let Versus::OnlyPrecise { by: Some(by) } = versus else { panic!("{name} ({mode:?}) line {}: {versus:?}", f.start.line) };
                assert!(mode != PreciseMode::AsRules || by == analysis, "{name} line {}: {by:?}", f.start.line);
                assert!(alone(by).contains(&key(f)), "{name} ({mode:?}) line {}: {by:?} alone does not report it", f.start.line);
            }
            for f in &marked.removed {
                let Some(Versus::Removed { by: Some(by) }) = f.versus else { panic!("{name} ({mode:?}) line {}: {:?}", f.start.line, f.versus) };
                assert!(mode != PreciseMode::AsRules || by == analysis, "{name} line {}: {by:?}", f.start.line);
                assert!(!alone(by).contains(&key(f)), "{name} ({mode:?}) line {}: {by:?} alone still reports it", f.start.line);
            }
        }
    }
}

/// With several rules, only the ones that run a precise analysis are
/// compared: the others' findings are Semgrep's and carry no mark.
#[test]
fn only_precise_rules_are_compared() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics");
    let guards = std::fs::read_to_string(dir.join("precise-guards.yaml")).unwrap();
    let plain = "- id: any-open\n  languages: [python]\n  severity: INFO\n  message: m\n  pattern: open(...)\n";
    let yaml = format!("{guards}{plain}");
    let code = std::fs::read_to_string(dir.join("precise-guards.py")).unwrap();
    let mut session = Session::new();
    session.set_compare(true);
    assert!(session.set_rules(&yaml).is_empty());
    session.set_code(&code);
    let report = session.run();
    assert!(report.findings.iter().any(|f| f.rule_id == "any-open"));
    assert!(report.findings.iter().filter(|f| f.rule_id == "any-open").all(|f| f.versus.is_none()));
    assert!(!report.removed.is_empty() && report.removed.iter().all(|f| f.rule_id == "precise-guards"));
}

/// A session whose rules run no precise analysis compares nothing.
#[test]
fn no_precise_rule_no_comparison() {
    let mut session = Session::new();
    session.set_compare(true);
    let rule = "rules:\n- id: r\n  languages: [python]\n  severity: WARNING\n  message: m\n  pattern: eval(...)\n";
    assert!(session.set_rules(rule).is_empty());
    session.set_code("eval(x)\n");
    let report = session.run();
    assert_eq!(report.findings.len(), 1);
    assert!(report.findings[0].versus.is_none() && report.removed.is_empty());
}

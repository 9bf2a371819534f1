//! The taint analyses beyond Semgrep's (issue 19: `precise_containers`,
//! `precise_propagation`, `precise_functions`), in both modes.
//!
//! Each case in `tests/semantics/precise/` is a rule that turns an analysis
//! on, and code whose annotations say what each mode reports: `ruleid` and
//! `ok` lines are the same in both (and `semgrep --test`, which ignores the
//! option, checks them against Semgrep: `differential.rs`); `todook` marks a
//! line Semgrep reports and the analysis does not, `todoruleid` a line
//! Semgrep misses and the analysis finds (`semgrep --test` does not count
//! `todo` lines). Here each case runs twice: as written, with `todoruleid`
//! read as `ruleid` and `todook` as `ok`; and with the options off (exact
//! mode), with `todoruleid` read as `ok` and `todook` as `ruleid`. The pack's
//! rules that turn an analysis on are held to the same two checks.

use flasklight::cli::test_one_at;
use std::path::{Path, PathBuf};

/// The code as one mode reads its annotations.
fn annotations_for(code: &str, precise: bool) -> String {
    let (found, missed) = if precise { ("# ruleid:", "# ok:") } else { ("# ok:", "# ruleid:") };
    code.replace("# todoruleid:", found).replace("# todook:", missed)
}

/// The rule with every analysis beyond Semgrep's turned off.
fn exact(rule: &str) -> String {
    let mut out = rule.to_string();
    for key in ["precise_containers", "precise_propagation", "precise_functions", "precise_constant_conditions", "precise_guards"] {
        out = out.replace(&format!("{key}: true"), &format!("{key}: false"));
    }
    out
}

/// Runs a rule file against its code in both modes; the problems found.
fn check_both_modes(yaml: &Path, code_path: &Path) -> Vec<String> {
    let rule = std::fs::read_to_string(yaml).unwrap();
    let code = std::fs::read_to_string(code_path).unwrap();
    let mut problems = Vec::new();
    assert!(code.contains("# todoruleid:") || code.contains("# todook:"), "{}: no line where the modes differ", code_path.display());
    for (mode, rule, code) in [("precise", rule.clone(), annotations_for(&code, true)), ("exact", exact(&rule), annotations_for(&code, false))] {
        for (id, failures) in test_one_at(&rule, &code, &code_path.display().to_string()) {
            if !failures.is_empty() {
                problems.push(format!("{} ({mode} mode) {id}: {}", code_path.display(), failures.join("; ")));
            }
        }
    }
    problems
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == ext)).collect();
    out.sort();
    out
}

#[test]
fn precise_cases_hold_in_both_modes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/precise");
    let yamls = files(&dir, "yaml");
    assert!(yamls.len() >= 3, "precise cases: {yamls:?}");
    let problems: Vec<String> = yamls.iter().flat_map(|yaml| check_both_modes(yaml, &yaml.with_extension("py"))).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pack_rules_with_precise_options_hold_in_both_modes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/flask");
    let mut checked = 0;
    let mut problems = Vec::new();
    for yaml in files(&dir, "yaml") {
        let rule = std::fs::read_to_string(&yaml).unwrap();
        if !["precise_containers", "precise_propagation", "precise_functions"].iter().any(|k| rule.contains(&format!("{k}: true"))) {
            continue;
        }
        checked += 1;
        problems.extend(check_both_modes(&yaml, &yaml.with_extension("py")));
    }
    assert!(checked > 0, "no rule of the pack turns on an analysis of taint beyond Semgrep's");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A finding at a sink inside a function of the file: reported at that sink
/// (as Semgrep Pro does), with a trace through the call and the parameter.
#[test]
fn helper_sink_trace_goes_through_the_call() {
    let rule = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/precise/functions.yaml")).unwrap();
    let code = "from flask import request\n\ndef run(cur, q):\n    sql = 'SELECT ' + q\n    cur.execute(sql)\n\ndef view(cur):\n    name = request.args.get('n')\n    run(cur, name)\n";
    let mut session = flasklight::engine::session::Session::new();
    assert!(session.set_rules(&rule).is_empty());
    session.set_code(code);
    let report = session.run();
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
    let mut session = flasklight::engine::session::Session::new();
    assert!(session.set_rules(&exact(&rule)).is_empty());
    session.set_code(code);
    assert!(session.run().findings.is_empty());
}

/// A value returned by a function of the file: the trace goes into it (the
/// parameter) and back (its `return`).
#[test]
fn returned_value_trace_goes_through_the_function() {
    let rule = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/precise/functions.yaml")).unwrap();
    let code = "from flask import request\n\ndef wrap(x):\n    y = '(' + x + ')'\n    return y\n\ndef view(cur):\n    name = request.args.get('n')\n    cur.execute(wrap(name))\n";
    let mut session = flasklight::engine::session::Session::new();
    assert!(session.set_rules(&rule).is_empty());
    session.set_code(code);
    let report = session.run();
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let trace = report.findings[0].dataflow_trace.as_ref().expect("a trace");
    let lines: Vec<u32> = trace.intermediate.iter().map(|s| s.start.line).collect();
    assert_eq!(lines, vec![8, 3, 4, 5], "{:?}", trace.intermediate);
}

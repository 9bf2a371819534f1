//! Rules in `tests/semantics/` (taint mode, labels, constant propagation,
//! metavariable-analysis, nosemgrep, template rules): each `<id>.yaml` against its `<id>.py` (or `<id>.html`),
//! whose `# ruleid:` / `# ok:` annotations say which flows must and must not be
//! found (the same files are checked against the real Semgrep in `differential.rs`).
//!
//! A case whose rule asks for analyses beyond Semgrep's (`options: precise_*`)
//! runs twice: as its options say (a line's `# precise-ok:` / `# precise-ruleid:`
//! comment is its expectation then) and in exact mode, where the annotations
//! are Semgrep's.

use flasklight::cli::test_one_in;
use flasklight::engine::rule::PreciseMode;
use std::path::Path;

/// Cases settled against Semgrep so far; the number may only go up.
const CASES_AT_LEAST: usize = 36;

#[test]
fn taint_cases_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    // Every file is half of a pair: a rule without code, or code without its rule, is a case that does not run.
    let yamls: Vec<_> = entries.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    let unpaired: Vec<_> = entries.iter().filter(|p| !p.with_extension("yaml").is_file() || !["py", "html"].iter().any(|ext| p.with_extension(ext).is_file())).collect();
    assert!(unpaired.is_empty(), "files in tests/semantics without their rule or code: {unpaired:?}");
    assert!(yamls.len() >= CASES_AT_LEAST, "{} semantics cases, fewer than the {CASES_AT_LEAST} there were", yamls.len());
    for yaml in yamls {
        // Python test code, or a template for the generic and regex rules.
        let code_path = ["py", "html"].iter().map(|ext| yaml.with_extension(ext)).find(|p| p.is_file()).unwrap();
        let code = std::fs::read_to_string(&code_path).unwrap();
        let rule = std::fs::read_to_string(yaml).unwrap();
        let path = code_path.display().to_string();
        for (id, problems) in test_one_in(PreciseMode::AsRules, &rule, &code, Some(&path)) {
            checked += 1;
            if !problems.is_empty() {
                failures.push(format!("{id}: {}", problems.join("; ")));
            }
        }
        if rule.contains("precise_") {
            for (id, problems) in test_one_in(PreciseMode::Exact, &rule, &code, Some(&path)) {
                if !problems.is_empty() {
                    failures.push(format!("{id} (exact): {}", problems.join("; ")));
                }
            }
        }
    }
    assert!(checked >= CASES_AT_LEAST, "only {checked} rules checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn taint_findings_carry_their_path() {
    let rule = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/flask-sqli-flow.yaml")).unwrap();
    let code = "from flask import request\n@app.route('/x')\ndef v():\n    name = request.args['q']\n    sql = 'SELECT ' + name\n    cur.execute(sql)\n";
    let mut session = flasklight::engine::session::Session::new();
    assert!(session.set_rules(&rule).is_empty());
    session.set_code(code);
    let report = session.run();
    assert_eq!(report.findings.len(), 1);
    let trace = report.findings[0].dataflow_trace.as_ref().expect("a trace");
    assert_eq!(trace.source.content, "request.args");
    let steps: Vec<u32> = trace.intermediate.iter().map(|s| s.start.line).collect();
    assert_eq!(steps, vec![4, 5]);
    assert_eq!(trace.sink.content, "sql");
    assert_eq!(trace.sink.start.line, 6);
}

//! Bad rules are diagnostics with the rule id and a YAML line/column; good rules still load.

use flasklight::engine::session::Session;

/// Loads YAML and returns (rule ids loaded, [(line, col, message)]).
fn load(yaml: &str) -> (Vec<String>, Vec<(u32, u32, String)>) {
    let mut session = Session::new();
    let diagnostics = session.set_rules(yaml);
    let ids = session.rules().iter().map(|r| r.id.clone()).collect();
    (ids, diagnostics.into_iter().map(|d| (d.start.line, d.start.col, d.message)).collect())
}

#[test]
fn unknown_keys_missing_fields_and_bad_patterns_are_located() {
    let yaml = "rules:\n- id: good\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: eval(...)\n- id: typo\n  languages: [python]\n  severity: ERROR\n  message: m\n  patern: eval(...)\n- id: nomsg\n  languages: [python]\n  severity: ERROR\n  pattern: eval(...)\n- id: badpat\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: foo(\n";
    let (ids, diags) = load(yaml);
    assert_eq!(ids, vec!["good"]);
    assert_eq!(diags.len(), 3, "{diags:?}");
    assert_eq!((diags[0].0, diags[0].1), (11, 3));
    assert!(diags[0].2.contains("patern") && diags[0].2.contains("pattern"), "{}", diags[0].2);
    assert!(diags[1].2.contains("message"));
    assert_eq!(diags[2].0, 20);
    assert!(diags[2].2.contains("invalid pattern"));
}

#[test]
fn invalid_yaml_has_a_position() {
    let (ids, diags) = load("rules:\n- id: x\n  message: [unclosed\n");
    assert!(ids.is_empty());
    assert_eq!(diags.len(), 1);
    assert!(diags[0].0 >= 3, "{diags:?}");
}

#[test]
fn hostile_patterns_and_yaml_end_in_bounded_time() {
    let start = std::time::Instant::now();
    let many_dots = format!("f({})", vec!["...", "$X"].repeat(30).join(", "));
    let yaml = format!("rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: {many_dots}\n");
    let mut session = Session::new();
    session.set_rules(&yaml);
    session.set_code(&format!("f({})\n", vec!["a"; 200].join(", ")).repeat(20));
    let _ = session.run();
    let bomb = "a: &a [1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\nrules: [*d]\n";
    let _ = load(bomb);
    // Deep nesting is refused with a diagnostic, on the normal stack, not a stack overflow.
    for open in ["(", "[", "{"] {
        let close = match open { "(" => ")", "[" => "]", _ => "}" };
        let nested = format!("x = {}1{}\neval(y)\n", open.repeat(100_000), close.repeat(100_000));
        let mut session = Session::new();
        session.set_rules("rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: eval(...)\n");
        session.set_code(&nested);
        let report = session.run();
        assert!(report.syntax_errors[0].message.contains("nested"), "{:?}", report.syntax_errors);
        assert_eq!(report.findings.len(), 1, "the rest of the file is still scanned");
    }
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

#[test]
fn long_operator_chains_are_refused_not_overflowed() {
    let chain = format!("x = {}\neval(y)\n", vec!["a"; 20_000].join(" + "));
    let mut session = Session::new();
    session.set_rules("rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: eval(...)\n");
    session.set_code(&chain);
    let report = session.run();
    assert!(report.syntax_errors[0].message.contains("operators"), "{:?}", report.syntax_errors);
    assert_eq!(report.findings.len(), 1);
    // A long flat list is fine.
    let list = format!("x = [{}]\neval(y)\n", (0..50_000).map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
    session.set_code(&list);
    let report = session.run();
    assert!(report.syntax_errors.is_empty());
    assert_eq!(report.findings.len(), 1);
}

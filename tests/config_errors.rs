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
fn an_unclosed_quote_is_reported_at_the_quote() {
    // The YAML parser notices only at the end of the text; the quote that opened it is the place.
    for (yaml, line, col) in [
        ("rules:\n- id: x\n  languages: [python]\n  severity: ERROR\n  message: \"oops\n  pattern: eval(...)\n", 5, 12),
        ("rules:\n- id: x\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: 'eval(...)\n\n\n", 6, 12),
    ] {
        let (_, diags) = load(yaml);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].0, diags[0].1), (line, col), "{diags:?}");
        assert!(diags[0].2.contains("quote"), "{diags:?}");
    }
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

/// A diagnostic points at the key or value it is about, found by its path in
/// the document: a key whose name appears earlier in the same rule (or inside
/// another key's name) does not draw it there.
#[test]
fn the_same_key_twice_points_at_the_wrong_one() {
    let rule = |body: &str| format!("rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n{body}");
    let at = |yaml: &str| {
        let (_, diags) = load(yaml);
        assert_eq!(diags.len(), 1, "{diags:?}");
        (diags[0].0, diags[0].1)
    };
    // The second `regex:` is the bad one.
    let yaml = rule("  patterns:\n    - pattern: f($X, $Y)\n    - metavariable-regex:\n        metavariable: $X\n        regex: a\n    - metavariable-regex:\n        metavariable: $Y\n        regex: \"(\"\n");
    assert_eq!(at(&yaml), (13, 9));
    // The second `pattern:` of an either, whose text starts like the first's.
    let yaml = rule("  pattern-either:\n    - pattern: foo(1)\n    - pattern: foo(\n");
    assert_eq!(at(&yaml).0, 8);
    // `comparison` and `type` are also parts of `metavariable-comparison` and `metavariable-type`.
    let yaml = rule("  patterns:\n    - pattern: f($X)\n    - metavariable-comparison:\n        metavariable: $X\n        comparison: $X >\n");
    assert_eq!(at(&yaml), (10, 9));
    let yaml = rule("  patterns:\n    - pattern: f($X)\n    - metavariable-type:\n        metavariable: $X\n        type: 'int('\n");
    assert_eq!(at(&yaml), (10, 9));
    // A bad item of a list: the item, not the list's key.
    let yaml = rule("  mode: taint\n  pattern-sources:\n    - pattern: a\n    - just text\n  pattern-sinks:\n    - pattern: b\n");
    assert_eq!(at(&yaml), (9, 7));
}

#[test]
fn a_duplicate_rule_id_points_at_the_later_rule() {
    let one = |id: &str| format!("- id: {id}\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: f()\n");
    let yaml = format!("rules:\n{}{}{}", one("a"), one("b"), one("a"));
    let (ids, diags) = load(&yaml);
    assert_eq!(ids, ["a", "b", "a"]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].0, diags[0].1), (12, 7));
    assert!(diags[0].2.contains("duplicate rule id"));
}

/// Languages as Semgrep reads `languages:`: Python's keys in any case
/// (`python2` too), `generic`/`regex`/`none` only in lower case.
#[test]
fn languages_are_read_with_semgreps_keys() {
    let with = |languages: &str| {
        let yaml = format!("rules:\n- id: t\n  languages: [{languages}]\n  severity: ERROR\n  message: m\n  pattern-regex: foo\n");
        load(&yaml).0.len()
    };
    for accepted in ["python", "py", "Python3", "python2", "PY", "generic", "regex", "none", "python, javascript"] {
        assert_eq!(with(accepted), 1, "{accepted}");
    }
    for refused in ["javascript", "Generic", "NONE", "REGEX", "spacegrep"] {
        assert_eq!(with(refused), 0, "{refused}");
    }
}

/// `options: precise_*` (flasklight's analyses beyond Semgrep's) take true or
/// false; another value is a warning at the value, the rule still loads and
/// the analysis stays off.
#[test]
fn precise_options_take_booleans() {
    let yaml = "rules:\n- id: p\n  languages: [python]\n  severity: ERROR\n  message: m\n  options:\n    precise_guards: yes please\n    precise_containers: 1\n    precise_functions: true\n  pattern: eval(...)\n";
    let mut session = Session::new();
    let diagnostics = session.set_rules(yaml);
    let found: Vec<(u32, u32, &str, &str)> = diagnostics.iter().map(|d| (d.start.line, d.start.col, d.severity.as_str(), d.message.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1, found[0].2), (7, 21, "warning"), "{found:?}");
    assert!(found[0].3.contains("precise_guards") && found[0].3.contains("true or false"), "{found:?}");
    assert_eq!((found[1].0, found[1].1), (8, 25), "{found:?}");
    let precision = session.rules()[0].precision;
    assert!(!precision.guards && !precision.containers && precision.functions && !precision.constant_conditions);
}

/// Unicode classes in regexes are Semgrep's (PCRE2's): general categories,
/// scripts and boolean properties work, while `\w` is ASCII as PCRE's is
/// without UCP (Semgrep 1.187 reports lines 1 and 3 for `"\w+"`, not `"Ωmega"`);
/// ages and segmentation properties are
/// unknown properties there, so they are errors here too (the app leaves
/// their tables out of the wasm).
#[test]
fn unicode_classes_are_the_ones_semgrep_knows() {
    let rule = |regex: &str| format!("rules:\n- id: r\n  languages: [python]\n  severity: INFO\n  message: m\n  patterns:\n  - pattern: $X = $S\n  - metavariable-regex:\n      metavariable: $S\n      regex: '{regex}'\n");
    let code = "x = \"hello\"\ny = \"\u{3a9}mega\"\nz = \"42\"\n";
    for (regex, lines) in [(".*\\p{Greek}", vec![2]), (".*\\p{Lu}", vec![2]), ("\"\\p{Alphabetic}+\"", vec![1, 2]), ("\"\\p{N}+\"", vec![3]), ("\"\\w+\"", vec![1, 3]), ("(?i)\"\u{3c9}", vec![2])] {
        let mut session = Session::new();
        let diagnostics = session.set_rules(&rule(regex));
        assert!(diagnostics.is_empty(), "{regex}: {diagnostics:?}");
        session.set_code(code);
        let found: Vec<u32> = session.run().findings.iter().map(|f| f.start.line).collect();
        assert_eq!(found, lines, "{regex}");
    }
    for regex in ["\\p{Age=6.0}", "\\p{WB=ALetter}", "\\p{Grapheme_Cluster_Break=L}", "\\p{Sentence_Break=Upper}"] {
        let (ids, diags) = load(&rule(regex));
        assert!(ids.is_empty() && diags.len() == 1, "{regex}: {diags:?}");
        assert_eq!(diags[0].0, 10, "{regex}: {diags:?}");
    }
}

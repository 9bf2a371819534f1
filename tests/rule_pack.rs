//! Every bundled rule passes its own `# ruleid:` / `# ok:` annotations
//! (the same check as `flasklight test rules/`), with the analyses beyond
//! Semgrep's its `options:` ask for (their lines' `# precise-ok:` /
//! `# precise-ruleid:` comments) and without them (`flasklight test --exact`,
//! Semgrep's expectations, which `semgrep --test` checks in `differential.rs`).

use flasklight::bundled;
use flasklight::cli::test_one_in;
use flasklight::engine::rule::PreciseMode;

#[test]
fn every_bundled_rule_passes_its_annotations() {
    assert!(bundled::rules().len() >= 20, "the pack has {} rules", bundled::rules().len());
    let mut failures = Vec::new();
    for mode in [PreciseMode::AsRules, PreciseMode::Exact] {
        for rule in bundled::rules() {
            assert!(!rule.code.is_empty(), "{} has no test file", rule.id);
            for (id, problems) in test_one_in(mode, rule.yaml, rule.code, None) {
                assert_eq!(id, rule.id, "rule id must equal the file name");
                if !problems.is_empty() {
                    failures.push(format!("{id} ({mode:?}): {}", problems.join("; ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "failing rules:\n{}", failures.join("\n"));
}

/// The pack's rules so far; the number may only go up.
const RULES_AT_LEAST: usize = 37;

/// Every rule file of the pack has its test file (the build bundles only rules
/// that do, so a missing one would drop the rule silently), every test file and
/// every `.fixed.py` its rule, and the bundle holds them all.
#[test]
fn every_rule_file_has_its_test_file_and_every_fix_test_its_rule() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/flask");
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let has = |name: String| names.contains(&name);
    let mut problems = Vec::new();
    let mut rules = 0;
    for name in &names {
        if let Some(id) = name.strip_suffix(".yaml") {
            rules += 1;
            if !has(format!("{id}.py")) {
                problems.push(format!("{name} has no {id}.py"));
            }
        } else if let Some(id) = name.strip_suffix(".fixed.py") {
            if !has(format!("{id}.yaml")) || !has(format!("{id}.py")) {
                problems.push(format!("{name} has no {id}.yaml and {id}.py"));
            }
        } else if let Some(id) = name.strip_suffix(".py") {
            if !has(format!("{id}.yaml")) {
                problems.push(format!("{name} has no rule {id}.yaml"));
            }
        } else {
            problems.push(format!("{name}: not a rule, test or fix test"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(bundled::rules().iter().filter(|r| r.category == "flask").count(), rules, "the bundle holds every rule of rules/flask");
    assert!(rules >= RULES_AT_LEAST, "{rules} rules in rules/flask, fewer than the {RULES_AT_LEAST} there were");
}

#[test]
fn every_test_file_has_enough_annotations() {
    for rule in bundled::rules() {
        let ruleid = rule.code.matches(&format!("# ruleid: {}", rule.id)).count();
        let ok = rule.code.matches(&format!("# ok: {}", rule.id)).count();
        assert!(ruleid >= 3 && ok >= 2, "{}: {ruleid} ruleid and {ok} ok annotations", rule.id);
    }
}

/// Every rule carries what a reviewer needs to triage it: the CWE that names
/// the weakness, the OWASP Top 10 category, confidence, likelihood, impact and
/// references (issue 23).
#[test]
fn every_rule_has_complete_metadata() {
    let mut problems = Vec::new();
    for rule in bundled::rules() {
        let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(rule.yaml).expect("rule YAML");
        let meta = &doc["rules"][0]["metadata"];
        let strings = |key: &str| -> Vec<String> {
            meta[key].as_sequence().map(|s| s.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        let cwe = strings("cwe");
        if cwe.is_empty() || !cwe.iter().all(|c| c.starts_with("CWE-") && c.contains(": ")) {
            problems.push(format!("{}: cwe {cwe:?}", rule.id));
        }
        let owasp = strings("owasp");
        if owasp.is_empty() || !owasp.iter().all(|o| o.len() > 13 && o.starts_with('A') && o[3..].starts_with(":2021 - ")) {
            problems.push(format!("{}: owasp {owasp:?}", rule.id));
        }
        for key in ["confidence", "likelihood", "impact"] {
            if !matches!(meta[key].as_str(), Some("LOW" | "MEDIUM" | "HIGH")) {
                problems.push(format!("{}: {key} {:?}", rule.id, meta[key]));
            }
        }
        if meta["category"].as_str() != Some("security") {
            problems.push(format!("{}: category", rule.id));
        }
        let refs = strings("references");
        if refs.is_empty() || !refs.iter().all(|r| r.starts_with("https://")) {
            problems.push(format!("{}: references {refs:?}", rule.id));
        }
    }
    assert!(problems.is_empty(), "incomplete metadata:\n{}", problems.join("\n"));
}

/// Test code is not production code: every rule finds its own examples in an
/// application module and nothing when the same code sits in a test module.
#[test]
fn rules_leave_out_test_code() {
    for rule in bundled::rules() {
        let mut session = flasklight::engine::session::Session::new();
        assert!(session.set_rules(rule.yaml).is_empty(), "{} does not compile", rule.id);
        session.set_code(rule.code);
        session.set_path(Some("app/views.py"));
        assert!(!session.run().findings.is_empty(), "{}: nothing found in app/views.py", rule.id);
        for test_path in ["tests/test_views.py", "app/test_views.py", "app/views_test.py", "conftest.py", "test/app.py"] {
            session.set_path(Some(test_path));
            assert!(session.run().findings.is_empty(), "{}: reports test code in {test_path}", rule.id);
        }
    }
}

//! Every bundled rule passes its own `# ruleid:` / `# ok:` annotations
//! (the same check as `flasklight test rules/`).

use flasklight::bundled::RULES;
use flasklight::cli::test_one;

#[test]
fn every_bundled_rule_passes_its_annotations() {
    assert!(RULES.len() >= 20, "the pack has {} rules", RULES.len());
    let mut failures = Vec::new();
    for rule in RULES {
        assert!(!rule.code.is_empty(), "{} has no test file", rule.id);
        for (id, problems) in test_one(rule.yaml, rule.code) {
            assert_eq!(id, rule.id, "rule id must equal the file name");
            if !problems.is_empty() {
                failures.push(format!("{id}: {}", problems.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "failing rules:\n{}", failures.join("\n"));
}

#[test]
fn every_test_file_has_enough_annotations() {
    for rule in RULES {
        let ruleid = rule.code.matches(&format!("# ruleid: {}", rule.id)).count();
        let ok = rule.code.matches(&format!("# ok: {}", rule.id)).count();
        assert!(ruleid >= 3 && ok >= 2, "{}: {ruleid} ruleid and {ok} ok annotations", rule.id);
    }
}

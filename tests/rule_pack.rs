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
    assert_eq!(RULES.iter().filter(|r| r.category == "flask").count(), rules, "the bundle holds every rule of rules/flask");
    assert!(rules >= RULES_AT_LEAST, "{rules} rules in rules/flask, fewer than the {RULES_AT_LEAST} there were");
}

#[test]
fn every_test_file_has_enough_annotations() {
    for rule in RULES {
        let ruleid = rule.code.matches(&format!("# ruleid: {}", rule.id)).count();
        let ok = rule.code.matches(&format!("# ok: {}", rule.id)).count();
        assert!(ruleid >= 3 && ok >= 2, "{}: {ruleid} ruleid and {ok} ok annotations", rule.id);
    }
}

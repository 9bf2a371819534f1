//! Semgrep's own Python pattern tests (`../shared/conformance/patterns/`).
//!
//! A case passes when the set of lines where matches start equals the set of
//! lines right after `ERROR:`/`MATCH:` comments. Cases that still fail are
//! listed with a reason in `tests/conformance_failures.txt`; a failing case not
//! listed, or a listed case that now passes, fails this test.

mod support;

use flasklight::engine::matcher::{find, TreeIndex, DEFAULT_BUDGET};
use flasklight::engine::pattern::parse_pattern;
use flasklight::engine::python::parse_code;
use flasklight::engine::source::LineIndex;
use std::collections::{BTreeMap, BTreeSet};

fn expected_lines(code: &str) -> BTreeSet<u32> {
    let mut lines = BTreeSet::new();
    for (i, line) in code.lines().enumerate() {
        if line.contains("ERROR:") || line.contains("MATCH:") {
            lines.insert(i as u32 + 2);
        }
    }
    lines
}

fn matched_lines(pattern: &str, code: &str) -> Result<BTreeSet<u32>, String> {
    let pattern = parse_pattern(pattern).map_err(|e| e.message)?;
    let parsed = parse_code(code);
    if let Some(e) = parsed.errors.first() {
        return Err(format!("code does not parse: {}", e.message));
    }
    let index = TreeIndex::new(&parsed.root);
    let found = find(&pattern, &index, DEFAULT_BUDGET);
    let lines = LineIndex::new(code);
    Ok(found.matches.iter().map(|m| lines.position(code, m.span.start).line).collect())
}

/// The suite's size: a case that goes missing (or a folder half copied) must
/// not pass as a smaller suite.
const CASES: usize = 172;
/// Cases that pass today; the number may only go up (the rest are listed in
/// `conformance_failures.txt`).
const PASSING_AT_LEAST: usize = 168;

#[test]
fn semgrep_python_pattern_suite() {
    let Some(dir) = support::conformance_dir("semgrep_python_pattern_suite") else { return };
    let listed: BTreeMap<String, String> = include_str!("conformance_failures.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once(':').unwrap_or((l, ""));
            (name.trim().to_string(), reason.trim().to_string())
        })
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".sgrep").map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(names.len(), CASES, "{} holds {} pattern cases, expected {CASES}", dir.display(), names.len());
    let (mut passed, mut unexpected, mut fixed) = (0, Vec::new(), Vec::new());
    for name in &names {
        let pattern = std::fs::read_to_string(dir.join(format!("{name}.sgrep"))).unwrap();
        let code = std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap();
        let expected = expected_lines(&code);
        let outcome = std::panic::catch_unwind(|| matched_lines(&pattern, &code));
        let ok = matches!(&outcome, Ok(Ok(lines)) if *lines == expected);
        if ok {
            passed += 1;
            if listed.contains_key(name) {
                fixed.push(name.clone());
            }
        } else if !listed.contains_key(name) {
            let got = match outcome {
                Ok(Ok(lines)) => format!("{lines:?}"),
                Ok(Err(e)) => format!("error: {e}"),
                Err(_) => "PANIC".to_string(),
            };
            unexpected.push(format!("{name}: expected {expected:?}, got {got}"));
        }
    }
    println!("conformance: {passed}/{} Semgrep pattern cases pass", names.len());
    assert!(unexpected.is_empty(), "failing cases not listed in conformance_failures.txt:\n{}", unexpected.join("\n"));
    assert!(fixed.is_empty(), "cases now pass; remove them from conformance_failures.txt: {fixed:?}");
    assert!(passed >= PASSING_AT_LEAST, "{passed} cases pass, fewer than the {PASSING_AT_LEAST} that passed before");
}

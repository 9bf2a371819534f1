//! Target selection: each case of tests/targets/*.case builds a scratch tree, scans
//! it with `flasklight scan --json -v`, and checks `paths.scanned` and
//! `paths.skipped` against what the real Semgrep scanned and skipped on that
//! tree (tests/differential.rs runs Semgrep on the same cases).

#[path = "targets/harness.rs"]
mod harness;

#[test]
fn targets_are_selected_as_semgrep_selects_them() {
    let cases = harness::cases();
    assert!(cases.len() >= 8, "the target cases are there");
    let mut failures = Vec::new();
    for case in &cases {
        let base = std::env::temp_dir().join(format!("flasklight-targets-{}-{}", case.name, std::process::id()));
        let Some((cwd, rule)) = harness::build(case, &base) else { continue };
        let got = harness::flasklight(case, &cwd, &rule);
        if got != case.expected() {
            failures.push(format!("{}:\n  expected {:?}\n  got      {:?}", case.name, case.expected(), got));
        }
        let _ = std::fs::remove_dir_all(&base);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

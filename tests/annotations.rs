//! The test-annotation verdict (`engine::annotations::verdict`), the one check
//! behind `flasklight test`, the playground's annotation summary and Learn.
//!
//! Each `tests/annotations/<case>.yaml` runs on `<case>.py`, whose first line
//! states the verdict: `# verdict: pass`, or the problems in order, e.g.
//! `# verdict: unexpected exercise 4; missed exercise 7; mismatch annotated=exercise found=my-rule`.
//! Where Semgrep is installed, `semgrep --test` must pass exactly the cases
//! that say `pass`.

use flasklight::engine::annotations::{self, Problem, Verdict};
use flasklight::engine::session::Session;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/annotations");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|yaml| (yaml.file_stem().unwrap().to_string_lossy().to_string(), yaml.with_extension("py"), yaml))
        .collect();
    out.sort();
    out
}

/// A verdict in the cases' own words.
fn describe(verdict: &Verdict) -> String {
    let mut parts: Vec<String> = verdict
        .problems
        .iter()
        .map(|p| match p {
            Problem::Missed { rule_id, line } => format!("missed {rule_id} {line}"),
            Problem::MatchedOk { rule_id, line } => format!("matched-ok {rule_id} {line}"),
            Problem::Unexpected { rule_id, line } => format!("unexpected {rule_id} {line}"),
        })
        .collect();
    if let Some(mismatch) = &verdict.mismatch {
        let mut words = vec!["mismatch".to_string()];
        if !mismatch.annotated.is_empty() {
            words.push(format!("annotated={}", mismatch.annotated.join(",")));
        }
        if !mismatch.found.is_empty() {
            words.push(format!("found={}", mismatch.found.join(",")));
        }
        parts.push(words.join(" "));
    }
    if parts.is_empty() {
        "pass".to_string()
    } else {
        parts.join("; ")
    }
}

fn run(rule: &str, code: &str) -> Verdict {
    let mut session = Session::new();
    let errors: Vec<_> = session.set_rules(rule).into_iter().filter(|d| d.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    session.set_code(code);
    annotations::verdict(code, &session.run().findings)
}

#[test]
fn verdicts_are_those_the_cases_state() {
    let mut wrong = Vec::new();
    for (name, py, yaml) in cases() {
        let code = std::fs::read_to_string(&py).unwrap();
        let expected = code.lines().next().and_then(|l| l.strip_prefix("# verdict: ")).expect("a first line `# verdict: ...`");
        let verdict = run(&std::fs::read_to_string(&yaml).unwrap(), &code);
        assert_eq!(verdict.passed(), expected == "pass", "{name}: passed() disagrees with its problems");
        let got = describe(&verdict);
        if got != expected {
            wrong.push(format!("{name}: expected `{expected}`, got `{got}`"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `flasklight test` reports exactly the verdict: a case that does not pass fails there too.
#[test]
fn flasklight_test_fails_where_the_verdict_fails() {
    for (name, py, yaml) in cases() {
        let code = std::fs::read_to_string(&py).unwrap();
        let pass = code.starts_with("# verdict: pass\n");
        let outcome = flasklight::cli::test_one(&std::fs::read_to_string(&yaml).unwrap(), &code);
        let clean = outcome.iter().all(|(_, problems)| problems.is_empty());
        assert_eq!(clean, pass, "{name}: {outcome:?}");
    }
}

#[test]
fn blanking_annotations_keeps_every_offset_and_line() {
    let code = "# ruleid: exercise\napp.run(debug=True)  # ok: a, b\n<!-- ruleid: t -->\nx = '#'\n";
    let blank = annotations::without_annotations(code);
    assert_eq!(blank.len(), code.len());
    assert_eq!(blank, "#                 \napp.run(debug=True)  #         \n<!--           -->\nx = '#'\n");
    assert!(annotations::parse(&blank).is_empty());
}

fn semgrep_missing() -> bool {
    Command::new("semgrep").arg("--version").env("SEMGREP_ENABLE_VERSION_CHECK", "0").output().is_err()
}

/// `semgrep --test` on one folder; whether it passed.
fn semgrep_passes(dir: &Path) -> bool {
    Command::new("semgrep")
        .args(["--metrics=off", "--disable-version-check", "--quiet", "--test"])
        .arg(dir)
        .env("SEMGREP_ENABLE_VERSION_CHECK", "0")
        .output()
        .expect("run semgrep")
        .status
        .success()
}

/// The real Semgrep passes and fails the same cases. One folder per case: a
/// rule id mismatch in one file stops `semgrep --test` for all of them.
#[test]
fn semgrep_agrees_on_every_case() {
    if semgrep_missing() {
        eprintln!("semgrep not installed: skipped");
        return;
    }
    let root = std::env::temp_dir().join(format!("flasklight-verdicts-{}", std::process::id()));
    let cases = cases();
    let runs: Vec<_> = cases
        .iter()
        .map(|(name, py, yaml)| {
            let dir = root.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(yaml, dir.join(format!("{name}.yaml"))).unwrap();
            std::fs::copy(py, dir.join(format!("{name}.py"))).unwrap();
            let pass = std::fs::read_to_string(py).unwrap().starts_with("# verdict: pass\n");
            (name.clone(), dir, pass)
        })
        .collect();
    // Two at a time: each run is mostly Semgrep starting up.
    let mut disagreements = Vec::new();
    for pair in runs.chunks(2) {
        let outcomes: Vec<bool> = std::thread::scope(|scope| {
            let handles: Vec<_> = pair.iter().map(|(_, dir, _)| scope.spawn(move || semgrep_passes(dir))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for ((name, _, pass), semgrep_passed) in pair.iter().zip(outcomes) {
            if semgrep_passed != *pass {
                disagreements.push(format!("{name}: semgrep --test passed={semgrep_passed}, the case says pass={pass}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

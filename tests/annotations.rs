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

/// `semgrep --test --json` on one folder: its exit status and output.
fn semgrep_test(dir: &Path) -> (bool, String) {
    let output = Command::new("semgrep")
        .args(["--metrics=off", "--disable-version-check", "--quiet", "--test", "--json"])
        .arg(dir)
        .env("SEMGREP_ENABLE_VERSION_CHECK", "0")
        .output()
        .expect("run semgrep");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Per test file of a `semgrep --test --json` report: whether its expected and reported lines agree.
fn passed_files(json: &str) -> Vec<(String, bool)> {
    let report: serde_json::Value = serde_json::from_str(json).expect("semgrep --test --json prints JSON (no rule id mismatch in the batch)");
    let mut out = Vec::new();
    for result in report["results"].as_object().into_iter().flat_map(|r| r.values()) {
        for check in result["checks"].as_object().into_iter().flat_map(|c| c.values()) {
            for (path, lines) in check["matches"].as_object().into_iter().flatten() {
                let stem = Path::new(path).file_stem().unwrap().to_string_lossy().to_string();
                out.push((stem, lines["expected_lines"] == lines["reported_lines"]));
            }
        }
    }
    out
}

/// The real Semgrep passes and fails the same cases. A rule id mismatch stops
/// `semgrep --test` for every file of its run, so those cases run one by one
/// and the others all together (each file's verdict read from the JSON).
#[test]
fn semgrep_agrees_on_every_case() {
    if semgrep_missing() {
        eprintln!("semgrep not installed: skipped");
        return;
    }
    let root = std::env::temp_dir().join(format!("flasklight-verdicts-{}", std::process::id()));
    let together = root.join("together");
    std::fs::create_dir_all(&together).unwrap();
    let mut alone = Vec::new();
    let mut expected = Vec::new();
    for (name, py, yaml) in cases() {
        let code = std::fs::read_to_string(&py).unwrap();
        let dir = if code.lines().next().is_some_and(|l| l.contains("mismatch")) {
            let dir = root.join(&name);
            std::fs::create_dir_all(&dir).unwrap();
            alone.push((name.clone(), dir.clone()));
            dir
        } else {
            together.clone()
        };
        std::fs::copy(&yaml, dir.join(format!("{name}.yaml"))).unwrap();
        std::fs::write(dir.join(format!("{name}.py")), &code).unwrap();
        expected.push((name, code.starts_with("# verdict: pass\n")));
    }
    let mut outcomes: Vec<(String, bool)> = std::thread::scope(|scope| {
        let batch = scope.spawn(|| passed_files(&semgrep_test(&together).1));
        let single: Vec<(String, bool)> = alone.iter().map(|(name, dir)| (name.clone(), semgrep_test(dir).0)).collect();
        let mut all = batch.join().unwrap();
        all.extend(single);
        all
    });
    outcomes.sort();
    let _ = std::fs::remove_dir_all(&root);
    let mut disagreements = Vec::new();
    for (name, pass) in &expected {
        match outcomes.iter().filter(|(n, _)| n == name).map(|(_, ok)| *ok).reduce(|a, b| a && b) {
            Some(semgrep_passed) if semgrep_passed == *pass => {}
            Some(semgrep_passed) => disagreements.push(format!("{name}: semgrep --test passed={semgrep_passed}, the case says pass={pass}")),
            // A file semgrep --test reports nothing for passes (no annotation wanted a match, nothing was found).
            None if *pass => {}
            None => disagreements.push(format!("{name}: semgrep --test reported nothing, the case says it fails")),
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// `annotations::parse` finds on each line what it finds on that line alone
/// (it looks only at lines with a colon after `ok` or `ruleid`): checked on
/// the pack's and these cases' test files, as written and with `\r\n` line ends.
#[test]
fn annotations_are_found_line_by_line() {
    let mut texts: Vec<String> = flasklight::bundled::rules().iter().map(|r| r.code.to_string()).collect();
    texts.extend(cases().iter().map(|(_, py, _)| std::fs::read_to_string(py).unwrap()));
    texts.push("x = {'ok': 1}  # ok: a\n# ruleid : b, c\r\n  # todook:d\rx\n# ok: last\r".to_string());
    let crlf: Vec<String> = texts.iter().map(|t| t.replace('\n', "\r\n")).collect();
    let mut found = 0;
    for text in texts.iter().chain(&crlf) {
        let line_by_line: Vec<annotations::Annotation> = text
            .lines()
            .enumerate()
            .flat_map(|(i, line)| {
                annotations::parse(line).into_iter().map(move |mut a| {
                    a.comment_line += i as u32;
                    a.line += i as u32;
                    a
                })
            })
            .collect();
        let whole = annotations::parse(text);
        assert_eq!(whole, line_by_line, "{text:?}");
        found += whole.len();
    }
    assert!(found > 100, "only {found} annotations");
}

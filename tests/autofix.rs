//! `flasklight scan --autofix` on files as they are on disk: each case is a
//! file's bytes before and after, checked through one helper that runs the
//! command, and (where Semgrep is installed; in CI it must be) the same case
//! under `semgrep --autofix`, whose bytes must be ours unless the case says
//! why not. Bytes outside fixes never change: any encoding, CRLF, a BOM.

mod support;

use std::path::Path;
use std::process::Command;

const DEBUG_RULE: &str = "rules:\n- id: debug-on\n  languages: [python]\n  severity: ERROR\n  message: debug\n  patterns:\n    - pattern: app.run(..., debug=$V, ...)\n    - focus-metavariable: $V\n  fix: 'False'\n";
const GREET_RULE: &str = "rules:\n- {id: greet, languages: [python], severity: INFO, message: m, pattern: greet($S), fix: hello($S)}\n";
/// Two rules whose fixes overlap: the first rule's fix wins wherever it starts.
const NESTED_RULES: &str = "rules:\n- {id: outer, languages: [python], severity: INFO, message: m, pattern: foo($X), fix: FOO($X)}\n- {id: inner, languages: [python], severity: INFO, message: m, pattern: bar($X), fix: BAR($X)}\n";
const EMPTY_FIX_RULE: &str = "rules:\n- {id: no-print, languages: [python], severity: INFO, message: m, pattern: print(...), fix: ''}\n";
const EURO_RULE: &str = "rules:\n- {id: euro, languages: [python], severity: INFO, message: m, pattern: price($X), fix: 'price(\"\u{20ac}\")'}\n";

/// What Semgrep 1.187 writes for a case.
enum Semgrep {
    /// The same bytes as flasklight.
    Same,
    /// Other bytes, and why flasklight does not follow.
    Writes(&'static [u8], &'static str),
}

struct Case {
    name: &'static str,
    rules: &'static str,
    before: &'static [u8],
    /// The file after `--autofix` (equal to `before` when it is left alone).
    after: &'static [u8],
    /// Said on stderr.
    says: &'static str,
    semgrep: Semgrep,
}

const CASES: &[Case] = &[
    Case {
        name: "undeclared-latin1-comment",
        rules: DEBUG_RULE,
        before: b"# caf\xe9\napp.run(debug=True)\n",
        after: b"# caf\xe9\napp.run(debug=False)\n",
        says: "fixed 1 finding",
        semgrep: Semgrep::Same,
    },
    Case {
        name: "declared-latin1-copied-into-the-fix",
        rules: GREET_RULE,
        before: b"# -*- coding: latin-1 -*-\ngreet('caf\xe9')\n",
        after: b"# -*- coding: latin-1 -*-\nhello('caf\xe9')\n",
        says: "fixed 1 finding",
        semgrep: Semgrep::Writes(b"# -*- coding: latin-1 -*-\nhello('caf\xef\xbf\xbd')\n", "Semgrep copies the byte it could not decode as U+FFFD"),
    },
    Case {
        name: "undeclared-byte-copied-into-the-fix",
        rules: GREET_RULE,
        before: b"greet('caf\xe9')\n",
        after: b"greet('caf\xe9')\n",
        says: "left unchanged: line 1: the file is not UTF-8 and the fix is not ASCII",
        semgrep: Semgrep::Writes(b"hello('caf\xef\xbf\xbd')\n", "Semgrep writes U+FFFD for the byte; flasklight cannot know its encoding and leaves the file alone"),
    },
    Case {
        name: "fix-outside-the-declared-encoding",
        rules: EURO_RULE,
        before: b"# coding: latin-1\nprice(1)\n",
        after: b"# coding: latin-1\nprice(1)\n",
        says: "left unchanged: line 2: the fix holds `\u{20ac}`, which Latin-1",
        semgrep: Semgrep::Writes(b"# coding: latin-1\nprice(\"\xe2\x82\xac\")\n", "Semgrep writes UTF-8 into a Latin-1 file"),
    },
    Case {
        name: "crlf",
        rules: DEBUG_RULE,
        before: b"app.run(debug=True)\r\nx = 1\r\napp.run(debug=True)\r\n",
        after: b"app.run(debug=False)\r\nx = 1\r\napp.run(debug=False)\r\n",
        says: "fixed 2 findings",
        semgrep: Semgrep::Same,
    },
    Case {
        // (Semgrep does not match a statement that the BOM starts: the finding is on line 2.)
        name: "bom",
        rules: DEBUG_RULE,
        before: b"\xef\xbb\xbfimport os\r\napp.run(debug=True)\r\n",
        after: b"\xef\xbb\xbfimport os\r\napp.run(debug=False)\r\n",
        says: "fixed 1 finding",
        semgrep: Semgrep::Same,
    },
    Case {
        name: "overlapping-fixes",
        rules: NESTED_RULES,
        before: b"foo(bar(1))\nx = bar(foo(2))\n",
        after: b"FOO(bar(1))\nx = bar(FOO(2))\n",
        says: "2 fixes not applied: they overlap an earlier fix",
        semgrep: Semgrep::Same,
    },
    Case {
        name: "empty-fix-takes-its-line",
        rules: EMPTY_FIX_RULE,
        before: b"x = 1\r\nprint(x)\r\ny = 2\n",
        after: b"x = 1\r\ny = 2\n",
        says: "fixed 1 finding",
        semgrep: Semgrep::Same,
    },
];

fn flasklight(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_flasklight")).args(args).current_dir(dir).output().expect("run flasklight");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Writes `case` into a fresh folder and runs `tool` on `target.py` there; the file's bytes after.
fn run_case(case: &Case, tool: &str) -> (Vec<u8>, String) {
    let dir = support::scratch(&format!("autofix-{tool}-{}", case.name));
    std::fs::write(dir.join("rule.yaml"), case.rules).unwrap();
    std::fs::write(dir.join("target.py"), case.before).unwrap();
    let stderr = if tool == "flasklight" {
        let (ok, stderr) = flasklight(&dir, &["scan", "--config", "rule.yaml", "--autofix", "target.py"]);
        assert!(ok, "{}: {stderr}", case.name);
        stderr
    } else {
        let out = support::semgrep()
            .args(["--metrics=off", "--quiet", "--autofix", "--config", "rule.yaml", "target.py"])
            .current_dir(&dir)
            .output()
            .expect("run semgrep");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let after = std::fs::read(dir.join("target.py")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (after, stderr)
}

#[test]
fn fixes_replace_their_bytes_and_nothing_else() {
    let mut failures = Vec::new();
    for case in CASES {
        let (after, stderr) = run_case(case, "flasklight");
        if after != case.after {
            failures.push(format!("{}: wrote {:?}, expected {:?}", case.name, after.escape_ascii().to_string(), case.after.escape_ascii().to_string()));
        }
        if !stderr.contains(case.says) {
            failures.push(format!("{}: stderr does not say {:?}:\n{stderr}", case.name, case.says));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixes_write_what_semgrep_writes() {
    if !support::semgrep_ready("fixes_write_what_semgrep_writes") {
        return;
    }
    let mut failures = Vec::new();
    for case in CASES {
        let (theirs, stderr) = run_case(case, "semgrep");
        let (expected, why) = match case.semgrep {
            Semgrep::Same => (case.after, "the same as flasklight"),
            Semgrep::Writes(bytes, why) => (bytes, why),
        };
        if theirs != expected {
            failures.push(format!("{}: semgrep wrote {:?}; the case says: {why}\n{stderr}", case.name, theirs.escape_ascii().to_string()));
        }
    }
    assert!(failures.is_empty(), "Semgrep no longer writes what these cases say:\n{}", failures.join("\n"));
}

#[cfg(unix)]
#[test]
fn the_file_keeps_its_mode_and_a_link_stays_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = support::scratch("autofix-mode");
    std::fs::write(dir.join("rule.yaml"), DEBUG_RULE).unwrap();
    std::fs::create_dir(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/app.py"), "app.run(debug=True)\n").unwrap();
    std::fs::set_permissions(dir.join("real/app.py"), std::fs::Permissions::from_mode(0o751)).unwrap();
    std::os::unix::fs::symlink("real/app.py", dir.join("app.py")).unwrap();
    let (ok, stderr) = flasklight(&dir, &["scan", "--config", "rule.yaml", "--autofix", "app.py"]);
    assert!(ok && stderr.contains("fixed 1 finding"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("real/app.py")).unwrap(), "app.run(debug=False)\n");
    assert_eq!(std::fs::metadata(dir.join("real/app.py")).unwrap().permissions().mode() & 0o7777, 0o751);
    assert!(std::fs::symlink_metadata(dir.join("app.py")).unwrap().file_type().is_symlink());
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("real")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("app.py")], "no temporary file is left behind");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_changed_after_the_scan_is_left_alone() {
    use flasklight::cli::autofix::{fix_file, Outcome};
    let dir = support::scratch("autofix-changed");
    let path = dir.join("app.py");
    std::fs::write(&path, "app.run(debug=True)\n").unwrap();
    let mut session = flasklight::engine::session::Session::new();
    assert!(session.set_rules(DEBUG_RULE).is_empty());
    let target = flasklight::cli::walk::Target { path: path.clone(), python: true };
    let report = flasklight::cli::scan_file(&mut session, &target).expect("scanned");
    assert_eq!(report.report.findings.len(), 1);
    // Someone saves the file between the scan and the write: same length, other bytes.
    std::fs::write(&path, "app.run(debug=Tru)\n\n").unwrap();
    let (outcome, _) = fix_file(&report, &["debug-on"], false);
    assert_eq!(outcome, Outcome::LeftAlone("it changed after it was scanned".into()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "app.run(debug=Tru)\n\n");
    // Unchanged, the same report fixes it.
    std::fs::write(&path, "app.run(debug=True)\n").unwrap();
    assert_eq!(fix_file(&report, &["debug-on"], false).0, Outcome::Fixed { applied: 1, skipped: 0 });
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "app.run(debug=False)\n");
    let _ = std::fs::remove_dir_all(&dir);
}

//! The `flasklight` command as a user runs it: exit codes, JSON/SARIF shapes,
//! directory walking, syntax errors, `test`, and `--autofix`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn flasklight(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_flasklight")).args(args).current_dir(dir).output().expect("run flasklight");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// A fresh project folder with a rule, an app, a virtualenv and a broken file.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flasklight-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::create_dir_all(dir.join(".venv/lib")).unwrap();
    std::fs::write(
        dir.join("rule.yaml"),
        "rules:\n- id: debug-on\n  languages: [python]\n  severity: ERROR\n  message: debug is $V\n  metadata:\n    cwe: ['CWE-489']\n  patterns:\n    - pattern: $APP.run(..., debug=$V, ...)\n    - focus-metavariable: $V\n  fix: 'False'\n",
    )
    .unwrap();
    std::fs::write(dir.join("app/main.py"), "from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n").unwrap();
    std::fs::write(dir.join("app/broken.py"), "def f(:\n    pass\napp.run(debug=True)\n").unwrap();
    std::fs::write(dir.join(".venv/lib/site.py"), "app.run(debug=True)\n").unwrap();
    dir
}

#[test]
fn scan_reports_findings_and_exit_codes() {
    let dir = project("scan");
    let (code, out, _) = flasklight(&["scan", "--config", "rule.yaml", "."], &dir);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("app/main.py:3:31"), "{out}");
    assert!(out.contains("debug is True"), "{out}");
    assert!(!out.contains(".venv"), "virtualenvs are skipped: {out}");
    let (code, _, _) = flasklight(&["scan", "--config", "rule.yaml", "--error", "."], &dir);
    assert_eq!(code, 1);
    let (code, _, err) = flasklight(&["scan", "--config", "missing.yaml", "."], &dir);
    assert_eq!(code, 2, "{err}");
    std::fs::write(dir.join("bad.yaml"), "rules:\n- id: x\n  languages: [python]\n  severity: ERROR\n  message: m\n  patern: f()\n").unwrap();
    let (code, _, err) = flasklight(&["scan", "--config", "bad.yaml", "."], &dir);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml:6:3") && err.contains("patern"), "{err}");
}

#[test]
fn json_has_semgreps_shape_and_syntax_errors() {
    let dir = project("json");
    let (_, out, _) = flasklight(&["scan", "--json", "--config", "rule.yaml", "."], &dir);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let results = doc["results"].as_array().unwrap();
    let main = results.iter().find(|r| r["path"] == "app/main.py").expect("main.py finding");
    assert_eq!(main["check_id"], "debug-on");
    assert_eq!(main["start"]["line"], 3);
    assert_eq!(main["start"]["col"], 31);
    assert_eq!(main["end"]["col"], 35);
    assert_eq!(main["extra"]["severity"], "ERROR");
    assert_eq!(main["extra"]["message"], "debug is True");
    assert_eq!(main["extra"]["fix"], "False");
    assert_eq!(main["extra"]["metavars"]["$V"]["abstract_content"], "True");
    assert_eq!(main["extra"]["metadata"]["cwe"][0], "CWE-489");
    // The broken file is reported in `errors` and the rest of it still scanned.
    let errors = doc["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["path"] == "app/broken.py"), "{errors:?}");
    assert!(results.iter().any(|r| r["path"] == "app/broken.py" && r["start"]["line"] == 3));
}

#[test]
fn json_columns_count_bytes_as_semgreps_do() {
    // Semgrep's `col` is 1 + the byte offset in the line: `é` is two bytes and
    // `日本` six, so `foo(...)` starts at 12 and 16 (checked against semgrep 1.x).
    let dir = project("columns");
    std::fs::write(dir.join("app/main.py"), "x = \"é\" + foo(1)\ny = \"日本\" ; foo(2)\n").unwrap();
    let (_, out, _) = flasklight(&["scan", "--json", "-e", "foo($A)", "-l", "python", "app/main.py"], &dir);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let cols: Vec<(u64, u64, u64, u64)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let col = |p: &serde_json::Value| p["col"].as_u64().unwrap();
            (col(&r["start"]), col(&r["end"]), col(&r["extra"]["metavars"]["$A"]["start"]), r["start"]["offset"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(cols, vec![(12, 18, 16, 11), (16, 22, 20, 33)]);
}

#[test]
fn json_offsets_count_the_files_own_bytes() {
    // Semgrep 1.187 reads a file's bytes: an undeclared 0xE9 is one byte, and so
    // is a Latin-1 `é` declared by PEP 263 (offsets 21 and 59, columns 15 and 24).
    let dir = project("bytes");
    std::fs::write(dir.join("app/a.py"), b"# caf\xe9\napp.run(debug=True)\n").unwrap();
    std::fs::write(dir.join("app/c.py"), b"# -*- coding: latin-1 -*-\n# caf\xe9 \xe9\xe9\nx = \"\xe9\"; app.run(debug=True)\n").unwrap();
    let (_, out, _) = flasklight(&["scan", "--json", "--config", "rule.yaml", "app/a.py", "app/c.py"], &dir);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let starts: Vec<(String, u64, u64, u64)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r["start"]["offset"].as_u64().unwrap(), r["start"]["col"].as_u64().unwrap(), r["end"]["offset"].as_u64().unwrap()))
        .collect();
    assert_eq!(starts, vec![("app/a.py".to_string(), 21, 15, 25), ("app/c.py".to_string(), 59, 24, 63)]);
}

/// A project with every kind of thing SARIF reports: a taint finding (code
/// flows), a fix, a path to percent-encode, a line whose UTF-16 columns differ
/// from its bytes, a rule that does not load, a syntax error, a limit hit.
fn sarif_project() -> PathBuf {
    let dir = project("sarif");
    std::fs::create_dir_all(dir.join("app/sub dir")).unwrap();
    std::fs::write(
        dir.join("taint.yaml"),
        "rules:\n- id: sql-from-request\n  mode: taint\n  languages: [python]\n  severity: ERROR\n  message: request data reaches SQL\n  pattern-sources:\n    - pattern: request.args\n  pattern-sinks:\n    - pattern: $C.execute(...)\n",
    )
    .unwrap();
    std::fs::write(dir.join("bad.yaml"), "rules:\n- id: broken\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern: foo(\n").unwrap();
    std::fs::write(
        dir.join("app/sub dir/vue é.py"),
        "from flask import request\ndef view():\n    q = request.args['q']\n    sql = 'SELECT ' + q\n    cur.execute(sql)\nx = '😀'; app.run(debug=True)\n",
    )
    .unwrap();
    // Over the engine's input size limit: reported, not scanned.
    std::fs::write(dir.join("app/huge.py"), "#".repeat(flasklight::engine::limits::MAX_FILE_BYTES + 1)).unwrap();
    dir
}

#[test]
fn sarif_is_valid_2_1_0_with_uris_columns_flows_and_notifications() {
    let dir = sarif_project();
    // `--max-target-bytes=0` lifts the target-selection cap (1 MB, as Semgrep's), so
    // huge.py reaches the engine's own size limit and is reported as a limit hit.
    let (code, out, err) = flasklight(&["scan", "--sarif", "--max-target-bytes=0", "--config", "rule.yaml", "--config", "taint.yaml", "--config", "bad.yaml", "app"], &dir);
    assert_eq!(code, 2, "a rule that does not load is exit 2: {err}");
    std::fs::write(dir.join("out.sarif"), &out).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&out).expect("SARIF JSON");
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
    let results = run["results"].as_array().unwrap();
    let debug = results.iter().find(|r| r["ruleId"] == "debug-on" && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 6).expect("debug-on in vue é.py");
    let location = &debug["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"], serde_json::json!({ "uri": "app/sub%20dir/vue%20%C3%A9.py", "uriBaseId": "%SRCROOT%" }));
    // `x = '😀'; app.run(debug=` is 24 UTF-16 units (the emoji is two), 26 bytes.
    assert_eq!((location["region"]["startColumn"].as_u64(), location["region"]["endColumn"].as_u64()), (Some(25), Some(29)));
    assert_eq!(run["tool"]["driver"]["rules"][debug["ruleIndex"].as_u64().unwrap() as usize]["id"], "debug-on");
    assert_eq!(debug["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "False");
    let taint = results.iter().find(|r| r["ruleId"] == "sql-from-request").expect("taint finding");
    let steps: Vec<&str> = taint["codeFlows"][0]["threadFlows"][0]["locations"].as_array().unwrap().iter().map(|l| l["location"]["message"]["text"].as_str().unwrap()).collect();
    assert_eq!(steps.first().copied(), Some("Source: 'request.args' @ 'app/sub dir/vue é.py:3'"), "{steps:?}");
    assert_eq!(steps.last().copied(), Some("Sink: 'cur.execute(sql)' @ 'app/sub dir/vue é.py:5'"), "{steps:?}");
    assert!(steps.len() >= 3, "the trace's steps are thread flow locations: {steps:?}");
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes: Vec<(String, String)> = invocation["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["descriptor"]["id"].as_str().unwrap().to_string(), n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("").to_string()))
        .collect();
    for (kind, uri) in [("Rule parse error", "bad.yaml"), ("Syntax error", "app/broken.py"), ("Limit exceeded", "app/huge.py")] {
        assert!(notes.contains(&(kind.to_string(), uri.to_string())), "{kind} at {uri} not in {notes:?}");
    }
    if let Some(mut validator) = support::sarif_validator("sarif_is_valid_2_1_0_with_uris_columns_flows_and_notifications") {
        let checked = validator.arg(dir.join("out.sarif")).output().expect("run node");
        assert!(checked.status.success(), "SARIF validation:\n{}{}", String::from_utf8_lossy(&checked.stdout), String::from_utf8_lossy(&checked.stderr));
    }
}

#[test]
fn autofix_rewrites_files_and_dryrun_does_not() {
    let dir = project("fix");
    let (_, _, err) = flasklight(&["scan", "--config", "rule.yaml", "--autofix", "--dryrun", "app/main.py"], &dir);
    assert!(err.contains("+app.run(host='0.0.0.0', debug=False)"), "{err}");
    assert!(std::fs::read_to_string(dir.join("app/main.py")).unwrap().contains("debug=True"));
    flasklight(&["scan", "--config", "rule.yaml", "--autofix", "app/main.py"], &dir);
    assert!(std::fs::read_to_string(dir.join("app/main.py")).unwrap().contains("debug=False"));
}

#[test]
fn test_command_checks_annotations_and_fixes() {
    let dir = project("test");
    std::fs::create_dir_all(dir.join("t")).unwrap();
    std::fs::copy(dir.join("rule.yaml"), dir.join("t/debug-on.yaml")).unwrap();
    std::fs::write(dir.join("t/debug-on.py"), "# ruleid: debug-on\napp.run(debug=True)\n# ok: debug-on\napp.run()\n").unwrap();
    std::fs::write(dir.join("t/debug-on.fixed.py"), "# ruleid: debug-on\napp.run(debug=False)\n# ok: debug-on\napp.run()\n").unwrap();
    let (code, out, _) = flasklight(&["test", "t"], &dir);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().last(), Some("2 passed, 0 failed"));
    std::fs::write(dir.join("t/debug-on.py"), "# ok: debug-on\napp.run(debug=True)\n").unwrap();
    let (code, out, _) = flasklight(&["test", "t"], &dir);
    assert_eq!(code, 1);
    assert!(out.contains("line 2: expected no match"), "{out}");
}

/// (`tests/differential.rs` checks that Semgrep scans the same files of this project.)
#[test]
fn gitignore_and_semgrepignore_entries_are_honoured() {
    let dir = support::ignoring_project("cli");
    let (_, out, err) = flasklight(&["scan", "--json", "--config", "rule.yaml", "."], &dir);
    assert_eq!(support::scanned_paths(&out), support::NOT_IGNORED, "{err}");
    // A folder given on the command line is walked with the same ignore files.
    let (_, out, _) = flasklight(&["scan", "--json", "--config", "rule.yaml", "app"], &dir);
    assert_eq!(support::scanned_paths(&out), support::NOT_IGNORED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_config_folder_reads_its_rule_files_and_skips_other_yaml() {
    // The repository's own rules/ holds the pack and, beside it, lesson files (YAML, not rules).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = flasklight(&["scan", "--json", "--error", "--config", "rules/", "rules/flask/flask-debug-mode.py"], root);
    assert_eq!(code, 1, "findings and no configuration error: {err}");
    assert!(out.contains("\"check_id\":\"flask-debug-mode\""), "{out}");
    assert!(!out.contains("lessons"), "lesson files are not read as rules: {out}");
}

/// `--precise` runs every analysis beyond Semgrep's for every rule, `--exact`
/// none (whatever `options:` say); by default each rule's options decide.
#[test]
fn precise_and_exact_flags_choose_the_analyses() {
    let dir = std::env::temp_dir().join(format!("flasklight-cli-precise-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let rule = |options: &str| {
        format!("rules:\n- id: path-from-request\n  mode: taint\n  languages: [python]\n  severity: ERROR\n  message: m\n{options}  pattern-sources:\n    - pattern: flask.request.$A\n  pattern-sinks:\n    - pattern: open(...)\n  pattern-sanitizers:\n    - pattern: '\"..\" in $X'\n")
    };
    std::fs::write(dir.join("plain.yaml"), rule("")).unwrap();
    std::fs::write(dir.join("guarded.yaml"), rule("  options:\n    precise_guards: true\n")).unwrap();
    std::fs::write(dir.join("app.py"), "from flask import request\ndef v():\n    name = request.args['n']\n    if '..' in name:\n        return 'no'\n    return open(name)\n").unwrap();
    let findings = |args: &[&str]| {
        let (code, out, err) = flasklight(args, &dir);
        assert_eq!(code, 0, "{out}{err}");
        out.matches("path-from-request").count()
    };
    assert_eq!(findings(&["scan", "--config", "plain.yaml", "app.py"]), 1, "Semgrep's result by default");
    assert_eq!(findings(&["scan", "--precise", "--config", "plain.yaml", "app.py"]), 0, "--precise turns guards on");
    assert_eq!(findings(&["scan", "--config", "guarded.yaml", "app.py"]), 0, "the rule's option turns guards on");
    assert_eq!(findings(&["scan", "--exact", "--config", "guarded.yaml", "app.py"]), 1, "--exact turns them off");
    let (_, help, _) = flasklight(&["--help"], &dir);
    assert!(help.contains("--precise") && help.contains("precise_guards"), "{help}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn matching_explanations_give_semgreps_tree_per_rule_and_file() {
    let dir = project("explanations");
    std::fs::write(
        dir.join("rule2.yaml"),
        "rules:\n- id: no-one\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n  - pattern: foo($X)\n  - pattern-not: foo(1)\n  - metavariable-regex:\n      metavariable: $X\n      regex: '[0-9]'\n",
    )
    .unwrap();
    std::fs::write(dir.join("app/calls.py"), "foo(1)\nfoo(2)\nfoo(a)\n").unwrap();
    let (code, out, err) = flasklight(&["scan", "--json", "--matching-explanations", "--config", "rule2.yaml", "app/calls.py"], &dir);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let explanations = doc["explanations"].as_array().expect("explanations");
    assert_eq!(explanations.len(), 1);
    let and = &explanations[0];
    assert_eq!(and["op"], "And");
    assert_eq!(and["matches"].as_array().unwrap().len(), 1, "the rule's result");
    assert_eq!(and["loc"]["path"], "rule2.yaml");
    assert_eq!(and["loc"]["start"]["line"], 6);
    let children = and["children"].as_array().unwrap();
    assert_eq!(children[0]["op"], serde_json::json!(["XPat", "foo($X)"]));
    assert_eq!(children[0]["matches"].as_array().unwrap().len(), 3);
    assert_eq!(children[0]["matches"][0]["extra"]["metavars"]["$X"]["abstract_content"], "1");
    assert_eq!(children[1]["op"], "Negation");
    assert_eq!(children[1]["matches"].as_array().unwrap().len(), 2, "candidates left after it");
    assert_eq!(children[1]["children"][0]["matches"].as_array().unwrap().len(), 1, "what its pattern matches");
    assert_eq!(children[2]["op"], serde_json::json!(["Filter", "\"metavariable-regex\""]));
    assert_eq!(children[2]["matches"][0]["start"]["line"], 2);
    // Without the flag, no field.
    let (_, out, _) = flasklight(&["scan", "--json", "--config", "rule2.yaml", "app/calls.py"], &dir);
    assert!(!out.contains("explanations"));
}

#[test]
fn time_prints_time_per_rule_and_a_json_time_field() {
    let dir = project("time");
    let (code, out, _) = flasklight(&["scan", "--time", "--config", "rule.yaml", "app/main.py"], &dir);
    assert_eq!(code, 0);
    assert!(out.contains("Time per rule (1 file, each rule alone):") && out.contains(" ms  debug-on"), "{out}");
    let (_, out, _) = flasklight(&["scan", "--json", "--time", "--config", "rule.yaml", "app/main.py"], &dir);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["time"]["rules"][0]["id"], "debug-on");
    assert_eq!(doc["time"]["targets"][0]["path"], "app/main.py");
    assert_eq!(doc["time"]["targets"][0]["match_times"].as_array().unwrap().len(), 1);
    assert!(doc["time"]["total_time"].as_f64().is_some());
    assert_eq!(doc["results"].as_array().unwrap().len(), 1, "results unchanged");
}

#[test]
fn explain_says_why_a_line_is_not_reported() {
    let dir = project("explain");
    std::fs::write(dir.join("app/other.py"), "app.run(host=h)\napp.run(debug=True)\n").unwrap();
    let (code, out, err) = flasklight(&["explain", "--config", "rule.yaml", "app/other.py:1"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("app/other.py:1: rule `debug-on`:\n"), "{out}");
    assert!(out.contains("`pattern` at rule line 9 (`$APP.run(..., debug=$V, ...)`) comes closest at line 1: keyword debug: the code has no such keyword argument"), "{out}");
    let (_, out, _) = flasklight(&["explain", "--config", "rule.yaml", "app/other.py:2"], &dir);
    assert!(out.contains("the rule reports this: line 2 (`True`)"), "{out}");
    let (code, _, err) = flasklight(&["explain", "--config", "rule.yaml", "app/other.py:9"], &dir);
    assert_eq!(code, 2);
    assert!(err.contains("has no line 9"), "{err}");
    let (code, _, _) = flasklight(&["explain", "app/other.py:1"], &dir);
    assert_eq!(code, 2, "a config is needed");
}

#[test]
fn explain_says_where_taint_stopped() {
    let dir = project("explain-taint");
    std::fs::write(
        dir.join("taint.yaml"),
        "rules:\n- id: cmd-from-request\n  mode: taint\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern-sources:\n    - pattern: request.args\n  pattern-sinks:\n    - pattern: os.system(...)\n  pattern-sanitizers:\n    - pattern: shlex.quote(...)\n",
    )
    .unwrap();
    std::fs::write(dir.join("app/cmd.py"), "def f():\n    x = request.args\n    y = shlex.quote(x)\n    os.system(y)\n    x = 'ls'\n    os.system(x)\n").unwrap();
    let (code, out, err) = flasklight(&["explain", "--config", "taint.yaml", "app/cmd.py:4"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("app/cmd.py:4: rule `cmd-from-request`:\n"), "{out}");
    assert!(out.contains("the taint from the source at line 2 stops at line 3: `shlex.quote(x)` is matched by a sanitizer (`pattern-sanitizers` at rule line 12)"), "{out}");
    let (_, out, _) = flasklight(&["explain", "--config", "taint.yaml", "app/cmd.py:6"], &dir);
    assert!(out.contains("stops at line 5: `x = 'ls'` replaces the tainted value of `x` with one that is not tainted"), "{out}");
    // `--precise` runs the rule as `scan --precise` does: a branch that never runs is told.
    std::fs::write(dir.join("app/branch.py"), "def f():\n    p = request.args\n    if 2 > 1:\n        cmd = 'ls'\n    else:\n        cmd = p\n    os.system(cmd)\n").unwrap();
    let (_, out, _) = flasklight(&["explain", "--config", "taint.yaml", "app/branch.py:7"], &dir);
    assert!(out.contains("the rule reports this: line 7"), "{out}");
    let (code, out, err) = flasklight(&["explain", "--precise", "--config", "taint.yaml", "app/branch.py:7"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("the `if` at line 3 never runs its `else` arm (line 6): its condition `2 > 1` is always true (precise_constant_conditions)"), "{out}");
}

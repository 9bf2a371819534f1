//! Differential tests against the real Semgrep (pinned by `scripts/setup.sh`;
//! in CI a missing or other Semgrep fails them, see `tests/support`).
//!
//! - `semgrep --test` passes the pack (fix tests included) and the semantics cases;
//! - the pack on its own test files, on `tests/corpus`, on all its test files
//!   concatenated (and in Latin-1), and `tests/spans`, give Semgrep's results field by field:
//!   ranges (line, column, offset), message, fix, severity, metadata,
//!   metavariables and the dataflow trace's shape. Differences we know of are
//!   listed with a reason in `tests/differential_known.txt`.
//! - `flasklight test` passes and fails annotation layouts where `semgrep --test` does.

mod support;

use flasklight::bundled;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A result's identity in both outputs: path, rule id, start offset.
type Key = (String, String, u64);

/// The rule id without the prefix Semgrep derives from the config's path.
fn rule_id(check_id: &str) -> String {
    check_id.rsplit('.').next().unwrap_or("").to_string()
}

fn results_by_key(doc: &Value) -> BTreeMap<Key, Value> {
    let results = doc["results"].as_array().unwrap_or_else(|| panic!("no results in {doc}"));
    results
        .iter()
        .map(|r| ((r["path"].as_str().unwrap_or("").to_string(), rule_id(r["check_id"].as_str().unwrap_or("")), r["start"]["offset"].as_u64().unwrap_or(0)), r.clone()))
        .collect()
}

fn parse_json(stdout: &[u8], what: &str) -> Value {
    // semgrep-core prints progress dots before its JSON.
    let text = String::from_utf8_lossy(stdout);
    let json = text.find('{').map_or("", |at| &text[at..]);
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{}", text.chars().take(2000).collect::<String>()))
}

/// Semgrep's results for `config` on `files` (run in `dir`): the `semgrep` command's
/// JSON, each result completed with what only `semgrep-core` prints without a
/// login (`metavars`, `dataflow_trace`; the command's own say "requires login").
fn semgrep_results(dir: &Path, config: &Path, files: &[String]) -> BTreeMap<Key, Value> {
    let output = support::semgrep()
        .args(["--metrics=off", "--disable-version-check", "--json", "--quiet", "--config"])
        .arg(config)
        .args(files)
        .current_dir(dir)
        .output()
        .expect("run semgrep");
    let mut results = results_by_key(&parse_json(&output.stdout, "semgrep --json"));
    for file in files {
        let output = support::semgrep_core().arg("-rules").arg(config).args(["-lang", "python", "-json", file]).current_dir(dir).output().expect("run semgrep-core");
        for (key, core) in results_by_key(&parse_json(&output.stdout, "semgrep-core -json")) {
            if let Some(result) = results.get_mut(&key) {
                for field in ["metavars", "dataflow_trace"] {
                    if let Some(value) = core["extra"].get(field) {
                        result["extra"][field] = value.clone();
                    }
                }
            }
        }
    }
    results
}

fn flasklight_results(dir: &Path, config: &Path, files: &[String]) -> BTreeMap<Key, Value> {
    // Exact mode: the rules' `options: precise_*` are flasklight's own analyses, which Semgrep does not run.
    let output = Command::new(env!("CARGO_BIN_EXE_flasklight")).args(["scan", "--exact", "--json", "--config"]).arg(config).args(files).current_dir(dir).output().expect("run flasklight");
    results_by_key(&parse_json(&output.stdout, "flasklight scan --json"))
}

fn range_of(location: &Value) -> Value {
    serde_json::json!([location["start"]["offset"], location["end"]["offset"]])
}

/// Metavariables as Semgrep gives them: name -> (text, byte range). Semgrep's
/// `abstract_content` joins the tokens of its AST: commas and a dict's colons
/// are gone and a space stands only between two words (`f("a""b")` for
/// `f("a", "b")`, `"-"*n` for `"-" * n`); flasklight gives the source text. With
/// the range compared exactly, the text is compared without whitespace, `,` and `:`.
fn metavars_of(result: &Value) -> BTreeMap<String, (Value, Value)> {
    let Some(metavars) = result["extra"]["metavars"].as_object() else { return BTreeMap::new() };
    let rendered = |text: &Value| -> Value { text.as_str().unwrap_or("").chars().filter(|c| !c.is_whitespace() && !matches!(c, ',' | ':')).collect::<String>().into() };
    metavars.iter().map(|(name, m)| (name.clone(), (rendered(&m["abstract_content"]), range_of(m)))).collect()
}

/// A trace step as (range, text).
fn step(location: &Value, content: &Value) -> Value {
    serde_json::json!([range_of(location), content])
}

/// Every way `ours` differs from `theirs` in what Semgrep defines: `(kind, theirs, ours)`.
fn field_differences(theirs: &Value, ours: &Value) -> Vec<(&'static str, Value, Value)> {
    let mut out = Vec::new();
    let mut differ = |kind: &'static str, theirs: Value, ours: Value| {
        if theirs != ours {
            out.push((kind, theirs, ours));
        }
    };
    differ("start", theirs["start"].clone(), ours["start"].clone());
    differ("end", theirs["end"].clone(), ours["end"].clone());
    for field in ["message", "fix", "severity", "metadata"] {
        differ(field, theirs["extra"][field].clone(), ours["extra"][field].clone());
    }
    // Where Semgrep gives metavariables (semgrep-core does for every result):
    // each name, its text and its range. `$1`, `$2`... are the capture groups
    // of a `metavariable-regex`, which Semgrep binds too.
    if theirs["extra"].get("metavars").is_some() {
        let (their_vars, our_vars) = (metavars_of(theirs), metavars_of(ours));
        let names = |vars: &BTreeMap<String, (Value, Value)>, groups: bool| -> Value {
            vars.keys().filter(|n| n[1..].starts_with(|c: char| c.is_ascii_digit()) == groups).cloned().collect()
        };
        differ("metavars-capture-groups", names(&their_vars, true), names(&our_vars, true));
        differ("metavars-names", names(&their_vars, false), names(&our_vars, false));
        for (name, (their_text, their_range)) in their_vars.iter().filter(|(n, _)| !n[1..].starts_with(|c: char| c.is_ascii_digit())) {
            if let Some((our_text, our_range)) = our_vars.get(name) {
                differ("metavar-range", serde_json::json!([name, their_range]), serde_json::json!([name, our_range]));
                differ("metavar-content", serde_json::json!([name, their_text]), serde_json::json!([name, our_text]));
            }
        }
    }
    let (their_trace, our_trace) = (&theirs["extra"]["dataflow_trace"], &ours["extra"]["dataflow_trace"]);
    differ("dataflow_trace", Value::Bool(their_trace.is_null()), Value::Bool(our_trace.is_null()));
    if !their_trace.is_null() && !our_trace.is_null() {
        for end in ["taint_source", "taint_sink"] {
            let kind = if end == "taint_source" { "trace-source" } else { "trace-sink" };
            differ(kind, step(&their_trace[end][1][0], &their_trace[end][1][1]), step(&our_trace[end][1][0], &our_trace[end][1][1]));
        }
        let steps = |trace: &Value| -> Value { trace["intermediate_vars"].as_array().into_iter().flatten().map(|v| step(&v["location"], &v["content"])).collect() };
        differ("trace-intermediate", steps(their_trace), steps(our_trace));
    }
    out
}

/// One comparison: a rule file run on some files from a folder.
struct Comparison {
    dir: PathBuf,
    config: PathBuf,
    files: Vec<String>,
}

/// Every difference, keyed as `tests/differential_known.txt` lists them:
/// `<kind> <rule> <path>:<line>`, with the two values.
fn differences(comparison: &Comparison) -> (Vec<(String, String)>, usize) {
    let theirs = semgrep_results(&comparison.dir, &comparison.config, &comparison.files);
    let ours = flasklight_results(&comparison.dir, &comparison.config, &comparison.files);
    let line = |result: &Value| result["start"]["line"].as_u64().unwrap_or(0);
    let mut out = Vec::new();
    for ((path, id, _), result) in &theirs {
        let key = (path.clone(), id.clone(), result["start"]["offset"].as_u64().unwrap_or(0));
        match ours.get(&key) {
            None => out.push((format!("only-semgrep {id} {path}:{}", line(result)), result["extra"]["message"].to_string())),
            Some(mine) => {
                for (kind, theirs, ours) in field_differences(result, mine) {
                    out.push((format!("{kind} {id} {path}:{}", line(result)), format!("semgrep    {theirs}\n    flasklight {ours}")));
                }
            }
        }
    }
    for ((path, id, _), result) in ours.iter().filter(|(key, _)| !theirs.contains_key(key)) {
        out.push((format!("only-flasklight {id} {path}:{}", line(result)), result["extra"]["message"].to_string()));
    }
    (out, theirs.len())
}

/// `tests/differential_known.txt`: key -> reason. A `## reason` line gives the
/// reason of the keys under it; a key may also carry its own after ` : `.
fn known_differences() -> BTreeMap<String, String> {
    let mut known = BTreeMap::new();
    let mut heading = String::new();
    for line in include_str!("differential_known.txt").lines().map(str::trim) {
        if let Some(reason) = line.strip_prefix("## ") {
            heading = reason.to_string();
        } else if !line.is_empty() && !line.starts_with('#') {
            let (key, reason) = line.split_once(" : ").unwrap_or((line, &heading));
            assert!(!reason.is_empty(), "differential_known.txt: `{key}` has no reason");
            known.insert(key.trim().to_string(), reason.trim().to_string());
        }
    }
    known
}

/// The bundled pack as one rule file, where both tools can read it.
fn pack_file(dir: &Path) -> PathBuf {
    let path = dir.join("pack.yaml");
    std::fs::write(&path, flasklight::bundled::pack_yaml()).unwrap();
    path
}

fn python_files(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            python_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "py") && !path.to_string_lossy().ends_with(".fixed.py") {
            out.push(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
}

/// Copies the files under `from` to `to`, folders included.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn results_agree_with_semgrep_field_by_field() {
    if !support::semgrep_ready("results_agree_with_semgrep_field_by_field") {
        return;
    }
    let root = support::root();
    let scratch = support::scratch("differential");
    let pack = pack_file(&scratch);
    // All test files of the pack in one ~2,000-line module: imports, aliases and
    // sequences meet code from other files, as in a real app.
    let concatenated: String = bundled::rules().iter().enumerate().map(|(i, r)| r.code.replace("def ", &format!("def v{i}_")) + "\n").collect();
    std::fs::write(scratch.join("app.py"), &concatenated).unwrap();
    // A Latin-1 file (PEP 263), as old Flask code may be: Semgrep reads its bytes,
    // so every offset and column after an `é` counts one byte for it. The pack's
    // rules that agree with Semgrep everywhere run on it.
    let agreeing = |id: &str| !known_differences().keys().any(|k| k.split(' ').nth(1) == Some(id));
    let mut latin1 = b"# -*- coding: latin-1 -*-\n# R\xe9glages du caf\xe9\n".to_vec();
    for (i, rule) in bundled::rules().iter().enumerate().filter(|(_, r)| agreeing(r.id)) {
        latin1.extend_from_slice(format!("LABEL_{i} = \"").as_bytes());
        latin1.extend_from_slice(b"\xe9t\xe9\"  # \xe0 la carte\n");
        latin1.extend_from_slice(rule.code.replace("def ", &format!("def l{i}_")).as_bytes());
    }
    std::fs::write(scratch.join("latin1.py"), &latin1).unwrap();
    let agreeing_rules: Vec<_> = bundled::rules().iter().filter(|r| agreeing(r.id)).cloned().collect();
    let agreeing_pack = scratch.join("agreeing.yaml");
    std::fs::write(&agreeing_pack, flasklight::bundled::rules_yaml(&agreeing_rules)).unwrap();
    let mut pack_tests = Vec::new();
    python_files(&root.join("rules/flask"), root, &mut pack_tests);
    // The corpus is scanned from a copy outside `tests/`: the pack's rules leave out
    // test code (`paths: exclude: tests/`), as Semgrep's registry rules do.
    copy_tree(&root.join("tests/corpus"), &scratch.join("corpus"));
    let mut corpus = Vec::new();
    python_files(&scratch.join("corpus"), &scratch, &mut corpus);
    let mut comparisons = vec![
        Comparison { dir: root.to_path_buf(), config: pack.clone(), files: pack_tests },
        Comparison { dir: scratch.clone(), config: pack.clone(), files: corpus },
        Comparison { dir: scratch.clone(), config: pack.clone(), files: vec!["app.py".into()] },
        Comparison { dir: scratch.clone(), config: agreeing_pack, files: vec!["latin1.py".into()] },
    ];
    // Rules written to probe reported ranges, each on its own code.
    let mut spans: Vec<PathBuf> = std::fs::read_dir(root.join("tests/spans")).unwrap().flatten().map(|e| e.path()).collect();
    spans.sort();
    for yaml in spans.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let code = yaml.with_extension("py").strip_prefix(root).unwrap().display().to_string();
        comparisons.push(Comparison { dir: root.to_path_buf(), config: yaml.clone(), files: vec![code] });
    }
    let known = known_differences();
    let mut seen = BTreeSet::new();
    let mut unexplained = Vec::new();
    let mut compared = 0;
    for comparison in &comparisons {
        let (found, count) = differences(comparison);
        assert!(count > 0, "{:?}: Semgrep found nothing to compare", comparison.files);
        compared += count;
        for (key, detail) in found {
            if !known.contains_key(&key) {
                unexplained.push(format!("{key}\n    {detail}"));
            }
            seen.insert(key);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    // To re-list the differences after the pack's test files change (their
    // lines move in the concatenated app.py): every key seen, one per line.
    if let Ok(path) = std::env::var("FLASKLIGHT_WRITE_DIFFERENCES") {
        std::fs::write(path, seen.iter().map(|k| format!("{k}\n")).collect::<String>()).unwrap();
    }
    let stale: Vec<&String> = known.keys().filter(|k| !seen.contains(*k)).collect();
    println!("differential: {compared} Semgrep results compared, {} known differences", known.len());
    assert!(compared >= 300, "only {compared} Semgrep results to compare: did a target go missing?");
    assert!(unexplained.is_empty(), "differences not in differential_known.txt:\n{}", unexplained.join("\n"));
    assert!(stale.is_empty(), "listed in differential_known.txt, but flasklight now agrees (remove them): {stale:?}");
}

/// `semgrep --test` on a folder: its JSON report.
fn semgrep_test(folder: &str) -> Value {
    let output = support::semgrep()
        .args(["--metrics=off", "--disable-version-check", "--quiet", "--test", "--json", folder])
        .current_dir(support::root())
        .output()
        .expect("run semgrep --test");
    parse_json(&output.stdout, &format!("semgrep --test --json {folder}"))
}

/// Each failing check of a `semgrep --test --json` report, and how many ran.
fn failing_checks(report: &Value, section: &str) -> (Vec<String>, usize) {
    let entries = report[section].as_object().cloned().unwrap_or_default();
    let mut failing = Vec::new();
    let mut count = 0;
    for (path, entry) in &entries {
        if section == "fixtest_results" {
            count += 1;
            if entry["passed"] != true {
                failing.push(format!("{path}: fix output differs"));
            }
            continue;
        }
        for (rule, check) in entry["checks"].as_object().into_iter().flatten() {
            count += 1;
            if check["passed"] != true {
                failing.push(format!("{path} {rule}: {}", check["matches"]));
            }
        }
    }
    (failing, count)
}

fn files_in(folder: &str, suffix: &str) -> usize {
    std::fs::read_dir(support::root().join(folder)).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(suffix)).count()
}

/// `semgrep --test rules/`: every rule of the pack passes its annotations and
/// every `<id>.fixed.py` is what Semgrep's own autofix writes.
#[test]
fn pack_tests_and_fix_tests_pass_under_semgrep() {
    if !support::semgrep_ready("pack_tests_and_fix_tests_pass_under_semgrep") {
        return;
    }
    let report = semgrep_test("rules/");
    assert_eq!(report["config_with_errors"], serde_json::json!([]), "{report}");
    // Lessons are not rules with test files; every rule file of the pack is.
    let untested: Vec<&Value> = report["config_missing_tests"].as_array().into_iter().flatten().filter(|p| !p.as_str().unwrap_or("").starts_with("rules/lessons/")).collect();
    assert!(untested.is_empty(), "rules without a test file: {untested:?}");
    let (failing, checks) = failing_checks(&report, "results");
    assert!(failing.is_empty(), "semgrep --test rules/ fails:\n{}", failing.join("\n"));
    assert_eq!(checks, files_in("rules/flask", ".yaml"), "semgrep --test ran {checks} rule checks");
    let (failing, fixes) = failing_checks(&report, "fixtest_results");
    assert!(failing.is_empty(), "semgrep --test rules/ fix tests fail:\n{}", failing.join("\n"));
    assert_eq!(fixes, files_in("rules/flask", ".fixed.py"), "semgrep --test ran {fixes} fix tests");
}

/// `semgrep --test` passes the semantics cases too (`tests/semantics.rs` checks flasklight).
#[test]
fn semantics_cases_pass_under_semgrep() {
    if !support::semgrep_ready("semantics_cases_pass_under_semgrep") {
        return;
    }
    let report = semgrep_test("tests/semantics");
    assert_eq!(report["config_with_errors"], serde_json::json!([]), "{report}");
    let (failing, checks) = failing_checks(&report, "results");
    assert!(failing.is_empty(), "semgrep --test tests/semantics fails:\n{}", failing.join("\n"));
    assert!(checks >= files_in("tests/semantics", ".yaml"), "semgrep --test ran {checks} checks");
}

/// `flasklight test` passes and fails a rule where `semgrep --test` does, for
/// the annotation layouts that read differently at a glance: stacked, trailing,
/// a comment between annotation and code, id lists. (Files with `todook` or
/// `todoruleid` next to other annotations make semgrep 1.187 stop with a "rule
/// id mismatch" error, so those are left to `tests/cli.rs`.)
#[test]
fn test_annotations_read_as_semgrep_reads_them() {
    if !support::semgrep_ready("test_annotations_read_as_semgrep_reads_them") {
        return;
    }
    let rules = "rules:\n\
        - {id: any-run, languages: [python], severity: INFO, message: m, pattern: 'app.run(...)'}\n\
        - {id: debug-run, languages: [python], severity: INFO, message: m, pattern: 'app.run(..., debug=True, ...)'}\n";
    let layouts = [
        ("stacked", "# ruleid: any-run\n# ruleid: debug-run\napp.run(debug=True)\n"),
        ("ok-above-ruleid", "# ok: debug-run\n# ruleid: any-run\napp.run()\n"),
        ("id-list", "# ruleid: any-run, debug-run\napp.run(debug=True)\n"),
        ("trailing", "app.run(debug=True)  # ruleid: any-run, debug-run\nprint()\n"),
        ("comment-between", "# ruleid: any-run\n# start the server\napp.run()\n"),
        ("blank-between", "# ruleid: any-run\n\napp.run()\n"),
        ("ok-over-finding", "# ok: any-run\napp.run()\n"),
        ("last-line", "app.run()\n# ruleid: any-run"),
    ];
    let dir = support::scratch("annotations");
    let mut disagreements = Vec::new();
    for (name, code) in layouts {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("case.yaml"), rules).unwrap();
        std::fs::write(dir.join("case.py"), code).unwrap();
        let output = support::semgrep().args(["--metrics=off", "--disable-version-check", "--test"]).arg(&dir).output().expect("run semgrep");
        let semgrep_passed = output.status.success();
        let problems: Vec<String> = flasklight::cli::test_one(rules, code).into_iter().flat_map(|(id, p)| p.into_iter().map(move |p| format!("{id}: {p}"))).collect();
        if semgrep_passed != problems.is_empty() {
            disagreements.push(format!("{name}: semgrep passed={semgrep_passed}, flasklight problems={problems:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Every key path of a JSON document, array items as `[]` (`runs[].results[].ruleId`).
fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                out.insert(path.clone());
                key_paths(item, &path, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| key_paths(item, &format!("{prefix}[]"), out)),
        _ => {}
    }
}

/// SARIF's field names are Semgrep's: every field `semgrep --sarif` writes for
/// the same scan, flasklight writes too, but for the few it leaves out on purpose.
#[test]
fn sarif_fields_are_semgreps() {
    if !support::semgrep_ready("sarif_fields_are_semgreps") {
        return;
    }
    // Left out on purpose: `name` repeats `id` (SARIF1001 of the SARIF SDK says to omit
    // it); Semgrep's fingerprints say "requires login"; its result properties are empty.
    let left_out = ["runs[].tool.driver.rules[].name", "runs[].results[].fingerprints", "runs[].results[].fingerprints.matchBasedId/v1", "runs[].results[].properties"];
    let dir = support::scratch("sarif-fields");
    std::fs::write(dir.join("taint.yaml"), "rules:\n- id: sql-from-request\n  mode: taint\n  languages: [python]\n  severity: ERROR\n  message: request data reaches SQL\n  metadata:\n    references: [https://owasp.org/Top10/A03_2021-Injection/]\n  pattern-sources:\n    - pattern: request.args\n  pattern-sinks:\n    - pattern: $C.execute(...)\n").unwrap();
    std::fs::write(dir.join("fix.yaml"), "rules:\n- {id: debug-on, languages: [python], severity: WARNING, message: debug, pattern: app.run(debug=True), fix: app.run(debug=False)}\n").unwrap();
    std::fs::write(dir.join("bad.yaml"), "rules:\n- {id: broken, languages: [python], severity: ERROR, message: m, pattern: 'foo('}\n").unwrap();
    std::fs::write(dir.join("app.py"), "from flask import request\ndef view():\n    q = request.args['q']\n    cur.execute('SELECT ' + q)\napp.run(debug=True)\n").unwrap();
    let args = ["--sarif", "--config", "taint.yaml", "--config", "fix.yaml", "--config", "bad.yaml", "app.py"];
    let theirs = support::semgrep().args(["--metrics=off", "--disable-version-check", "--quiet", "--dataflow-traces"]).args(args).current_dir(&dir).output().expect("run semgrep");
    let ours = Command::new(env!("CARGO_BIN_EXE_flasklight")).arg("scan").args(args).current_dir(&dir).output().expect("run flasklight");
    let _ = std::fs::remove_dir_all(&dir);
    let (mut their_paths, mut our_paths) = (BTreeSet::new(), BTreeSet::new());
    key_paths(&parse_json(&theirs.stdout, "semgrep --sarif"), "", &mut their_paths);
    key_paths(&parse_json(&ours.stdout, "flasklight scan --sarif"), "", &mut our_paths);
    assert!(their_paths.contains("runs[].invocations[].toolExecutionNotifications[].message.text"), "Semgrep reports the bad rule: {their_paths:?}");
    let missing: Vec<&String> = their_paths.iter().filter(|p| !our_paths.contains(*p) && !left_out.contains(&p.as_str())).collect();
    assert!(missing.is_empty(), "fields semgrep --sarif writes and flasklight does not: {missing:?}");
}

/// Semgrep leaves out the files a project's own `.gitignore` and `.semgrepignore`
/// name, as `tests/cli.rs` checks flasklight does.
#[test]
fn ignore_files_leave_out_what_they_leave_out_for_semgrep() {
    if !support::semgrep_ready("ignore_files_leave_out_what_they_leave_out_for_semgrep") {
        return;
    }
    let dir = support::ignoring_project("semgrep");
    let output = support::semgrep().args(["--metrics=off", "--disable-version-check", "--quiet", "--json", "--config", "rule.yaml", "."]).current_dir(&dir).output().expect("run semgrep");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(support::scanned_paths(&String::from_utf8_lossy(&output.stdout)), support::NOT_IGNORED);
}

#[path = "targets/harness.rs"]
mod targets;

/// Target selection on scratch trees (tests/targets/*.case): the real Semgrep
/// scans and skips what each case says, and flasklight the same files.
#[test]
fn target_selection_agrees_with_semgrep() {
    if !support::semgrep_ready("target_selection_agrees_with_semgrep") {
        return;
    }
    let mut failures = Vec::new();
    for case in targets::cases() {
        let base = std::env::temp_dir().join(format!("flasklight-targets-semgrep-{}-{}", case.name, std::process::id()));
        let Some((cwd, rule)) = targets::build(&case, &base) else { continue };
        let theirs = targets::semgrep(&case, &cwd, &rule);
        let ours = targets::flasklight(&case, &cwd, &rule);
        if theirs != case.expected() || ours != theirs {
            failures.push(format!("{}:\n  expected   {:?}\n  semgrep    {:?}\n  flasklight {:?}", case.name, case.expected(), theirs, ours));
        }
        let _ = std::fs::remove_dir_all(&base);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

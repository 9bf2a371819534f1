//! What the test suites share: the reference tools they compare against, and
//! one rule for when a tool is missing. In CI (`CI` set, as `.ci/run` does) a
//! missing tool fails the test that needs it, with what to install; elsewhere
//! the test is skipped with a banner on stderr, never silently.
#![allow(dead_code)] // each test file uses its own part of this module

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The Semgrep the differential tests were settled against (`scripts/setup.sh`
/// installs this version from the same file).
pub const SEMGREP_VERSION: &str = include_str!("../semgrep_version.txt").trim_ascii();

/// Whether this run is CI: `CI` set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
}

/// Fails the test in CI; elsewhere prints a banner and returns `false` (skip).
fn missing(test: &str, what: &str) -> bool {
    let message = format!("{test}: {what}");
    if in_ci() {
        panic!("{message}\n(CI is set: a reference the tests compare against must be there; run scripts/setup.sh)");
    }
    // Straight to stderr: the test harness captures `eprintln!` of passing tests.
    let bar = "!".repeat(78);
    let _ = writeln!(std::io::stderr().lock(), "\n{bar}\n!! SKIPPED {message}\n!! (with CI=true this fails; scripts/setup.sh installs what is missing)\n{bar}\n");
    false
}

/// `semgrep --version`, once per test binary: `Ok(version)` or why it did not run.
fn semgrep_version() -> &'static Result<String, String> {
    static VERSION: OnceLock<Result<String, String>> = OnceLock::new();
    VERSION.get_or_init(|| match semgrep().arg("--version").output() {
        Ok(out) if out.status.success() => Ok(String::from_utf8_lossy(&out.stdout).trim().to_string()),
        Ok(out) => Err(format!("`semgrep --version` failed: {}", String::from_utf8_lossy(&out.stderr).trim())),
        Err(e) => Err(format!("`semgrep` is not on PATH ({e})")),
    })
}

/// Whether the pinned Semgrep is installed: `true` to go on; `false` (outside
/// CI) to skip `test`; in CI a missing or other version fails `test`.
pub fn semgrep_ready(test: &str) -> bool {
    match semgrep_version() {
        Ok(version) if version == SEMGREP_VERSION => true,
        Ok(version) => missing(test, &format!("semgrep {version} found, but the differential tests were settled against {SEMGREP_VERSION}")),
        Err(why) => missing(test, &format!("{why}; these tests compare with semgrep {SEMGREP_VERSION}")),
    }
}

/// A `semgrep` command with metrics and the version check off.
pub fn semgrep() -> Command {
    let mut command = Command::new("semgrep");
    command.env("SEMGREP_ENABLE_VERSION_CHECK", "0").env("SEMGREP_SEND_METRICS", "off");
    command
}

/// `semgrep-core`, installed beside the `semgrep` on PATH: its JSON keeps what
/// the `semgrep` command leaves out of results without a login (`metavars`,
/// `dataflow_trace`).
pub fn semgrep_core() -> Command {
    static CORE: OnceLock<PathBuf> = OnceLock::new();
    let core = CORE.get_or_init(|| {
        let out = Command::new("python3")
            .args(["-c", "import os, semgrep; print(os.path.join(os.path.dirname(semgrep.__file__), 'bin', 'semgrep-core'))"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        PathBuf::from(out.unwrap_or_else(|| "semgrep-core".into()))
    });
    Command::new(core)
}

/// The crate root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Semgrep's Python pattern tests: `$FLASKLIGHT_CONFORMANCE`, or
/// `shared/conformance/patterns` beside the checkout or beside a folder that
/// holds it (worktrees live one level further down). `None` (outside CI) to skip.
pub fn conformance_dir(test: &str) -> Option<PathBuf> {
    let found = match std::env::var_os("FLASKLIGHT_CONFORMANCE") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => root().ancestors().skip(1).map(|dir| dir.join("shared/conformance/patterns")).find(|dir| dir.is_dir()),
    };
    match found {
        Some(dir) if dir.is_dir() => Some(dir),
        Some(dir) => {
            missing(test, &format!("FLASKLIGHT_CONFORMANCE={} is not a folder", dir.display()));
            None
        }
        None => {
            missing(test, "Semgrep's pattern suite (shared/conformance/patterns beside the checkout) is not there");
            None
        }
    }
}

/// A fresh, empty folder under the system's temporary folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flasklight-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `node tests/sarif/validate.mjs` (the SARIF 2.1.0 schema and the SARIF SDK's
/// rules), when `scripts/setup.sh` has installed its packages; `None` (outside CI) to skip.
pub fn sarif_validator(test: &str) -> Option<Command> {
    let dir = root().join("tests/sarif");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !node || !dir.join("node_modules/ajv").is_dir() || !dir.join("node_modules/@microsoft/sarif-multitool-linux").is_dir() {
        missing(test, "the SARIF validators (node and tests/sarif/node_modules, which scripts/setup.sh installs) are not there");
        return None;
    }
    let mut command = Command::new("node");
    command.arg(dir.join("validate.mjs"));
    Some(command)
}

/// A git project whose own `.gitignore` and `.semgrepignore` leave files out.
/// Only entries of the project's own files: what is skipped by default is
/// target selection's business (`src/cli/walk.rs`, aligned with Semgrep's).
pub fn ignoring_project(name: &str) -> PathBuf {
    let dir = scratch(&format!("ignores-{name}"));
    let rule = "rules:\n- {id: debug-on, languages: [python], severity: ERROR, message: m, pattern: app.run(debug=True)}\n";
    for (path, text) in [
        ("rule.yaml", rule),
        (".gitignore", "generated/\n*.gen.py\n"),
        (".semgrepignore", "legacy/\nvendored_*.py\n"),
        ("app/main.py", "app.run(debug=True)\n"),
        ("app/views/kept.py", "app.run(debug=True)\n"),
        ("app/model.gen.py", "app.run(debug=True)\n"),
        ("generated/out.py", "app.run(debug=True)\n"),
        ("legacy/old.py", "app.run(debug=True)\n"),
        ("app/vendored_lib.py", "app.run(debug=True)\n"),
    ] {
        std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.join(path), text).unwrap();
    }
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(&dir).output().expect("git");
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "project"]);
    dir
}

/// The Python files of [`ignoring_project`] that a scan reads.
pub const NOT_IGNORED: [&str; 2] = ["app/main.py", "app/views/kept.py"];

/// The sorted `paths.scanned` of a `--json` output.
pub fn scanned_paths(json: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"));
    let mut paths: Vec<String> = doc["paths"]["scanned"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    paths.sort();
    paths
}

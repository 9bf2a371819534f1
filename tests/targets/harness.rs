//! Target-selection cases (`tests/targets/*.case`): a scratch tree, the scan's
//! arguments, and the files Semgrep 1.187 scanned and skipped on that tree
//! (`paths.scanned` / `paths.skipped` of `--json -v`). Used by tests/targets.rs
//! (flasklight) and tests/differential.rs (the real Semgrep).
//!
//! A case file, line by line (`#` lines are its description):
//!   file: <path> [<octal mode>] [= "<text with \n, \r, \xNN>" [* <repeat>]]   (default `foo(1)\n`)
//!   rules: generic      add a generic rule (`foo`) to the Python one: every file is read
//!   git: <paths...>     make the tree a git repository, `git add -f` these and commit
//!   cwd: <folder>       run the scan in that folder of the tree (default: its root)
//!   run: <args...>      the scan's arguments after `--json -v --config <rule>`
//!   scanned: <paths...> every path scanned
//!   skipped: <path> <reason>   one skipped path

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A Python rule that finds `foo(...)`.
pub const RULE: &str = "rules:\n- id: foo\n  languages: [python]\n  severity: INFO\n  message: m\n  pattern: foo(...)\n";
/// A generic rule that finds the word `foo`, to add to [`RULE`].
pub const GENERIC_RULE: &str = "- id: foo-text\n  languages: [generic]\n  severity: INFO\n  message: m\n  pattern: foo\n";

pub struct FileSpec {
    pub path: String,
    pub mode: u32,
    pub bytes: Vec<u8>,
}

pub struct Case {
    pub name: String,
    pub files: Vec<FileSpec>,
    pub git: Option<Vec<String>>,
    pub cwd: String,
    pub generic: bool,
    pub args: Vec<String>,
    pub scanned: Vec<String>,
    pub skipped: Vec<(String, String)>,
}

/// What one engine said: paths scanned and (path, reason) skipped, sorted.
pub type Paths = (Vec<String>, Vec<(String, String)>);

impl Case {
    pub fn expected(&self) -> Paths {
        let mut scanned = self.scanned.clone();
        scanned.sort();
        let mut skipped = self.skipped.clone();
        skipped.sort();
        (scanned, skipped)
    }
}

/// Every case of tests/targets, by name.
pub fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/targets");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "case")).collect();
    names.sort();
    names.iter().map(|path| parse(path.file_stem().unwrap().to_str().unwrap(), &std::fs::read_to_string(path).unwrap())).collect()
}

fn parse(name: &str, text: &str) -> Case {
    let mut case = Case { name: name.into(), files: Vec::new(), git: None, cwd: ".".into(), generic: false, args: Vec::new(), scanned: Vec::new(), skipped: Vec::new() };
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (key, value) = line.split_once(':').unwrap_or_else(|| panic!("{name}: bad line {line:?}"));
        let words = || value.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        match key {
            "file" => case.files.push(file_spec(value.trim())),
            "git" => case.git = Some(words()),
            "cwd" => case.cwd = value.trim().into(),
            "rules" => case.generic = value.trim() == "generic",
            "run" => case.args = words(),
            "scanned" => case.scanned.extend(words()),
            "skipped" => {
                let w = words();
                case.skipped.push((w[0].clone(), w[1].clone()));
            }
            _ => panic!("{name}: unknown key {key:?}"),
        }
    }
    case
}

fn file_spec(value: &str) -> FileSpec {
    let (head, bytes) = match value.split_once(" = ") {
        Some((head, body)) => (head, bytes_of(body.trim())),
        None => (value, b"foo(1)\n".to_vec()),
    };
    let mut words = head.split_whitespace();
    let path = words.next().unwrap().to_string();
    let mode = words.next().map_or(0o644, |m| u32::from_str_radix(m, 8).unwrap());
    FileSpec { path, mode, bytes }
}

/// `"text"` with `\n`, `\r` and `\xNN` escapes, optionally `* <count>`.
fn bytes_of(body: &str) -> Vec<u8> {
    let (quoted, repeat) = match body.rsplit_once(" * ") {
        Some((quoted, count)) if quoted.ends_with('"') => (quoted, count.trim().parse::<usize>().unwrap()),
        _ => (body, 1),
    };
    let inner = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"')).expect("quoted text").as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let (byte, width) = match (inner[i], inner.get(i + 1)) {
            (b'\\', Some(b'n')) => (b'\n', 2),
            (b'\\', Some(b'r')) => (b'\r', 2),
            (b'\\', Some(b'x')) => (u8::from_str_radix(std::str::from_utf8(&inner[i + 2..i + 4]).unwrap(), 16).unwrap(), 4),
            (byte, _) => (byte, 1),
        };
        out.push(byte);
        i += width;
    }
    out.repeat(repeat)
}

/// Builds the case's tree under `base` (removed first); returns the folder to scan from
/// and the rule file's path (outside the tree). `None` when git is needed and missing.
pub fn build(case: &Case, base: &Path) -> Option<(PathBuf, PathBuf)> {
    let _ = std::fs::remove_dir_all(base);
    let tree = base.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for file in &case.files {
        let path = tree.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.bytes).unwrap();
        set_mode(&path, file.mode);
    }
    if let Some(tracked) = &case.git {
        let git = |args: &[&str]| {
            Command::new("git").args(["-c", "user.email=t@example.com", "-c", "user.name=t"]).args(args).current_dir(&tree).output().is_ok_and(|o| o.status.success())
        };
        if !git(&["init", "-q", "."]) {
            eprintln!("{}: git is not available; case skipped", case.name);
            return None;
        }
        let mut add = vec!["add", "-f", "--"];
        add.extend(tracked.iter().map(String::as_str));
        assert!(git(&add) && git(&["commit", "-q", "-m", "case"]), "{}: git add/commit", case.name);
    }
    let rule = base.join("rule.yaml");
    std::fs::write(&rule, if case.generic { format!("{RULE}{GENERIC_RULE}") } else { RULE.to_string() }).unwrap();
    Some((tree.join(&case.cwd), rule))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

/// `paths` of a `--json -v` output.
pub fn paths_of(stdout: &[u8]) -> Paths {
    let json: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_else(|e| panic!("--json output: {e}: {}", String::from_utf8_lossy(stdout)));
    let paths = &json["paths"];
    let mut scanned: Vec<String> = paths["scanned"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    scanned.sort();
    let mut skipped: Vec<(String, String)> = paths["skipped"]
        .as_array()
        .map(|a| a.iter().map(|s| (s["path"].as_str().unwrap().to_string(), s["reason"].as_str().unwrap().to_string())).collect())
        .unwrap_or_default();
    skipped.sort();
    (scanned, skipped)
}

/// flasklight's `scan --json -v --config <rule> <args>` in `cwd`.
pub fn flasklight(case: &Case, cwd: &Path, rule: &Path) -> Paths {
    let out = Command::new(env!("CARGO_BIN_EXE_flasklight")).args(["scan", "--json", "-v", "--config"]).arg(rule).args(&case.args).current_dir(cwd).output().unwrap();
    paths_of(&out.stdout)
}

/// The real Semgrep's `--json -v --config <rule> <args>` in `cwd`.
pub fn semgrep(case: &Case, cwd: &Path, rule: &Path) -> Paths {
    let out = Command::new("semgrep")
        .args(["--metrics=off", "--disable-version-check", "--json", "-v", "--config"])
        .arg(rule)
        .args(&case.args)
        .env("SEMGREP_ENABLE_VERSION_CHECK", "0")
        .current_dir(cwd)
        .output()
        .unwrap();
    paths_of(&out.stdout)
}

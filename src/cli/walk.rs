//! Which files a scan reads, chosen as Semgrep chooses them (its "target
//! selection", checked against Semgrep 1.187 on scratch trees in tests/targets.rs):
//!
//! * The project: inside a git repository, its root, and the files are those git
//!   lists (tracked ones, and untracked ones that `.gitignore` does not exclude; a
//!   tracked file is read even when `.gitignore` names it). Elsewhere the folder
//!   given is the project, and `.gitignore` plays no part.
//! * `.semgrepignore` files (gitignore syntax, `:include <file>`, `!` negation)
//!   in any folder of the project exclude paths below them. Without a
//!   `.semgrepignore` at the project root, Semgrep's default list applies instead
//!   ([`DEFAULT_SEMGREPIGNORE`]: `tests/`, `test/`, `node_modules/`, `build/`, ...).
//! * `--exclude` patterns exclude too; `--include` patterns then keep only the
//!   files they name; files over `--max-target-bytes` (1,000,000) are skipped.
//! * Python files are `.py` and `.pyi`, and executable files (owner `x` bit)
//!   whose `#!` line runs `python`, `python2` or `python3`, whatever their name.
//! * Files named on the command line are read whatever the filters say, if
//!   they are Python (or with `--scan-unknown-extensions`).
//! * Generic and regex rules read every other file, except binary ones (a known
//!   format's signature at the start: PNG, PDF, ZIP, ELF, ...).
//! * Symbolic links are never followed.
//!
//! Each skipped path has a reason in Semgrep's words (`semgrepignore_patterns_match`, ...).

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Semgrep's default `.semgrepignore`, used when the project root has none of its own.
pub const DEFAULT_SEMGREPIGNORE: &str = "\
# Version-control folders
.git
.svn
.hg
_darcs
CVS
# Large paths usually not the project's own code
build/
vendor/
dist/
*.min.js
.env/
.tox/
# Package managers
node_modules/
.npm/
.yarn/
.venv/
_opam/
_build/
_cargo/
# Tests
test/
tests/
testsuite/
*_test.go
";

/// The target-selection options of `scan`, named as Semgrep's flags.
#[derive(Clone, Debug)]
pub struct Selection {
    /// `--include`: keep only files a pattern names (the file or a folder above it).
    pub include: Vec<String>,
    /// `--exclude`: skip paths a pattern names.
    pub exclude: Vec<String>,
    /// `--no-git-ignore` clears it: list files by walking even inside a git repository.
    pub use_git_ignore: bool,
    /// `--max-target-bytes` (0: no limit).
    pub max_target_bytes: u64,
    /// `--scan-unknown-extensions`: files named on the command line are Python whatever their name.
    pub scan_unknown_extensions: bool,
}

impl Default for Selection {
    fn default() -> Selection {
        Selection { include: Vec::new(), exclude: Vec::new(), use_git_ignore: true, max_target_bytes: 1_000_000, scan_unknown_extensions: false }
    }
}

/// What the loaded rules read: Python only, or every file (generic and regex rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    Python,
    Everything,
}

/// A file to scan, and whether it is read as Python.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub python: bool,
}

/// Why a path was not scanned, in the words of Semgrep's `paths.skipped[].reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    SemgrepignorePatternsMatch,
    CliExcludeFlagsMatch,
    CliIncludeFlagsDoNotMatch,
    ExceededSizeLimit,
    AnalysisFailedParserOrInternalError,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::SemgrepignorePatternsMatch => "semgrepignore_patterns_match",
            SkipReason::CliExcludeFlagsMatch => "cli_exclude_flags_match",
            SkipReason::CliIncludeFlagsDoNotMatch => "cli_include_flags_do_not_match",
            SkipReason::ExceededSizeLimit => "exceeded_size_limit",
            SkipReason::AnalysisFailedParserOrInternalError => "analysis_failed_parser_or_internal_error",
        }
    }
}

/// A path not scanned (a folder skipped as a whole is one entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

#[derive(Debug, Default)]
pub struct Targets {
    /// Sorted by path.
    pub targets: Vec<Target>,
    /// Sorted by path.
    pub skipped: Vec<Skipped>,
    /// Scanning roots that do not exist or cannot be read, with the reason.
    pub errors: Vec<(String, String)>,
}

/// The files under `roots` a scan reads, and what it skipped and why.
pub fn targets(roots: &[String], selection: &Selection, reads: Reads) -> Targets {
    let mut out = Targets::default();
    for root in roots {
        let path = Path::new(root);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {
                // Named on the command line: read whatever the filters say, if its language fits.
                let python = is_python_file(path) || selection.scan_unknown_extensions;
                if python || (reads == Reads::Everything && !is_binary(path)) {
                    out.targets.push(Target { path: path.to_path_buf(), python });
                }
            }
            Ok(meta) if meta.is_dir() => select_under(path, selection, reads, &mut out),
            Ok(_) => {}
            Err(e) => out.errors.push((root.clone(), e.to_string())),
        }
    }
    out.targets.sort_by(|a, b| a.path.cmp(&b.path));
    out.targets.dedup_by(|a, b| a.path == b.path);
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out.skipped.dedup();
    out
}

/// Rule files (`.yaml`, `.yml`) under a folder, for `--config DIR` and `test`;
/// hidden folders are left out, no ignore file applies.
pub fn rule_files(root: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::from(root)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if kind.is_dir() && !hidden {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The scanning root `root` (a folder): its files through the filters.
fn select_under(root: &Path, selection: &Selection, reads: Reads, out: &mut Targets) {
    let Ok(physical) = root.canonicalize() else { return };
    let git_root = physical.ancestors().find(|dir| dir.join(".git").exists()).map(Path::to_path_buf);
    // Semgrep's project: the git repository, or else the folder scanned.
    let project_root = git_root.clone().unwrap_or_else(|| physical.clone());
    let root_in_project = physical.strip_prefix(&project_root).map(Path::to_path_buf).unwrap_or_default();
    let filter = Filter::new(&project_root, selection);
    let listed = match &git_root {
        Some(_) if selection.use_git_ignore => git_files(root),
        _ => None,
    };
    let mut candidates = Vec::new();
    match listed {
        Some(files) => {
            for relative in files {
                let path = root.join(&relative);
                // Git lists symlinks, submodules and deleted files too; only regular files are read.
                if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                    continue;
                }
                match filter.excluded(&root_in_project.join(&relative)) {
                    Some(reason) => out.skipped.push(Skipped { path: display(&path), reason }),
                    None => candidates.push((path, root_in_project.join(&relative))),
                }
            }
        }
        None => walk(root, &root_in_project, &filter, &mut candidates, &mut out.skipped),
    }
    for (path, in_project) in candidates {
        if !filter.included(&in_project) {
            out.skipped.push(Skipped { path: display(&path), reason: SkipReason::CliIncludeFlagsDoNotMatch });
            continue;
        }
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if selection.max_target_bytes > 0 && size > selection.max_target_bytes {
            out.skipped.push(Skipped { path: display(&path), reason: SkipReason::ExceededSizeLimit });
            continue;
        }
        let python = is_python_file(&path);
        if python || (reads == Reads::Everything && !is_binary(&path)) {
            out.targets.push(Target { path, python });
        }
    }
}

/// Signatures of binary formats by extension, the ones Semgrep checks before
/// it reads a file with a generic or regex rule (a `.png` that is text is read).
const MAGIC_BY_EXTENSION: &[(&str, &[&[u8]])] = &[
    ("png", &[b"\x89PNG\r\n\x1a\n"]),
    ("jpg", &[b"\xff\xd8\xff"]),
    ("jpeg", &[b"\xff\xd8\xff"]),
    ("gif", &[b"GIF87a", b"GIF89a"]),
    ("tif", &[b"II*\x00", b"MM\x00*"]),
    ("tiff", &[b"II*\x00", b"MM\x00*"]),
    ("ico", &[b"\x00\x00\x01\x00"]),
    ("icns", &[b"icns"]),
    ("psd", &[b"8BPS"]),
    ("xcf", &[b"gimp xcf "]),
    ("webp", &[b"RIFF"]),
    ("ai", &[b"%PDF-"]),
    ("swf", &[b"FWS", b"CWS", b"ZWS"]),
    ("pdf", &[b"%PDF-"]),
    ("ps", &[b"%!PS"]),
    ("ppt", &[b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    ("zip", &[b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]),
    ("jar", &[b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]),
    ("xlsx", &[b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]),
    ("gz", &[b"\x1f\x8b"]),
    ("tgz", &[b"\x1f\x8b"]),
    ("gzip", &[b"\x1f\x8b"]),
    ("bz2", &[b"BZh"]),
    ("xz", &[b"\xfd7zXZ\x00"]),
    ("7z", &[b"7z\xbc\xaf\x27\x1c"]),
    ("rar", &[b"Rar!\x1a\x07"]),
    ("zst", &[b"\x28\xb5\x2f\xfd"]),
    ("lz4", &[b"\x04\x22\x4d\x18"]),
    ("exe", &[b"MZ"]),
    ("class", &[b"\xca\xfe\xba\xbe"]),
    ("wasm", &[b"\x00asm"]),
    ("ogg", &[b"OggS"]),
    ("flac", &[b"fLaC"]),
    ("mp3", &[b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"]),
    ("wav", &[b"RIFF"]),
    ("avi", &[b"RIFF"]),
    ("db", &[b"SQLite format 3\x00"]),
    ("ttf", &[b"\x00\x01\x00\x00"]),
    ("otf", &[b"OTTO"]),
    ("woff", &[b"wOFF"]),
    ("woff2", &[b"wOF2"]),
];

/// Executables and object files without a telling extension.
const EXTENSIONLESS_MAGIC: &[&[u8]] = &[b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"];

/// Extensions of text (source, markup, configuration), never taken for binary.
const TEXT_EXTENSIONS: &[&str] = &[
    "py", "pyi", "txt", "md", "rst", "html", "htm", "jinja", "jinja2", "j2", "js", "mjs", "ts", "css", "json", "yaml", "yml", "toml", "cfg", "ini",
    "xml", "svg", "sh", "c", "h", "go", "rs", "java", "rb", "php", "sql", "csv",
];

/// Whether a file is binary as Semgrep decides it: its first bytes are the
/// signature its extension promises (`.png` starting `\x89PNG`), or, for a file
/// whose extension says nothing, any known signature. A NUL byte alone is not enough.
fn is_binary(path: &Path) -> bool {
    use std::io::Read;
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if TEXT_EXTENSIONS.contains(&extension.as_str()) {
        return false;
    }
    let mut head = [0u8; 16];
    let Ok(read) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else { return false };
    let head = &head[..read];
    let starts = |prefixes: &[&[u8]]| prefixes.iter().any(|p| head.starts_with(p));
    match MAGIC_BY_EXTENSION.iter().find(|(ext, _)| *ext == extension) {
        Some((_, prefixes)) => starts(prefixes),
        None => MAGIC_BY_EXTENSION.iter().any(|(_, prefixes)| starts(prefixes)) || starts(EXTENSIONLESS_MAGIC),
    }
}

/// Walks a folder as Semgrep does without git: a skipped folder is one entry
/// and is not entered; symlinks and special files are passed over silently.
fn walk(dir: &Path, in_project: &Path, filter: &Filter, candidates: &mut Vec<(PathBuf, PathBuf)>, skipped: &mut Vec<Skipped>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let entry_in_project = in_project.join(entry.file_name());
        if entry_in_project == Path::new(".git") {
            continue; // the repository's own folder (walked when git cannot list the files): never reported
        }
        if let Some(reason) = filter.excluded(&entry_in_project) {
            skipped.push(Skipped { path: display(&path), reason });
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&path, &entry_in_project, filter, candidates, skipped);
        } else if kind.is_file() {
            candidates.push((path, entry_in_project));
        }
    }
}

/// The files git lists under `root` (relative to it): tracked files and the
/// untracked ones `.gitignore` does not exclude, as Semgrep asks git. `None`
/// when git cannot answer (not installed, a broken repository).
fn git_files(root: &Path) -> Option<Vec<PathBuf>> {
    let list = |args: &[&str]| -> Option<Vec<PathBuf>> {
        let out = std::process::Command::new("git").arg("-C").arg(root).args(args).output().ok()?;
        if !out.status.success() {
            return None;
        }
        Some(out.stdout.split(|&b| b == 0).filter(|p| !p.is_empty()).map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned())).collect())
    };
    let mut files = list(&["ls-files", "-z", "--cached"])?;
    files.extend(list(&["ls-files", "-z", "--others", "--exclude-standard"])?);
    files.sort();
    files.dedup();
    Some(files)
}

/// A path as the user wrote its scanning root (`./` dropped), as Semgrep shows it.
fn display(path: &Path) -> String {
    let shown: PathBuf = path.components().filter(|c| !matches!(c, Component::CurDir)).collect();
    shown.display().to_string()
}

/// Python by name (`.py`, `.pyi`) or an executable script whose `#!` runs Python.
pub fn is_python_file(path: &Path) -> bool {
    let by_name = path.extension().is_some_and(|e| e == "py" || e == "pyi");
    by_name || (is_executable(path) && first_line(path).is_some_and(|line| is_python_shebang(&line)))
}

/// The owner may execute it (Semgrep checks the owner's `x` bit only).
#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o100 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "exe")
}

fn first_line(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let read = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let head = &head[..read];
    let line = head.split(|&b| b == b'\n').next()?;
    Some(String::from_utf8_lossy(line).into_owned())
}

/// Whether a `#!` line runs Python, as Semgrep reads it: the command's base name
/// (`#!/usr/bin/python3 -u`), or after `env` the next word (`#!/usr/bin/env python3`,
/// `env -S python3 -u`) is `python`, `python2` or `python3`.
pub fn is_python_shebang(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("#!") else { return false };
    let mut words = rest.split_whitespace();
    let Some(command) = words.next() else { return false };
    let base = |word: &str| word.rsplit('/').next().unwrap_or(word).to_string();
    let mut name = base(command);
    if name == "env" {
        name = match words.next() {
            Some("-S") => words.next().unwrap_or_default().to_string(),
            Some(word) => word.strip_prefix("-S").unwrap_or(word).to_string(),
            None => String::new(),
        };
    }
    matches!(name.as_str(), "python" | "python2" | "python3")
}

/// One source of patterns, in Semgrep's order of precedence.
struct Level {
    matcher: Gitignore,
    reason: SkipReason,
}

/// The exclusion filter of one project: the default list (when the root has no
/// `.semgrepignore`), `--exclude`, then each `.semgrepignore` from the root down.
struct Filter {
    project_root: PathBuf,
    fixed: Vec<Level>,
    include: Option<Gitignore>,
    /// `.semgrepignore` of each folder (relative to the root), read once.
    folders: RefCell<HashMap<PathBuf, Option<std::rc::Rc<Level>>>>,
}

impl Filter {
    fn new(project_root: &Path, selection: &Selection) -> Filter {
        let mut fixed = Vec::new();
        let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
        if !project_root.join(".semgrepignore").exists() {
            fixed.push(Level { matcher: matcher(project_root, &lines(DEFAULT_SEMGREPIGNORE)), reason: SkipReason::SemgrepignorePatternsMatch });
        }
        fixed.push(Level { matcher: matcher(project_root, &selection.exclude), reason: SkipReason::CliExcludeFlagsMatch });
        let include = (!selection.include.is_empty()).then(|| matcher(project_root, &selection.include));
        Filter { project_root: project_root.to_path_buf(), fixed, include, folders: RefCell::default() }
    }

    /// The `.semgrepignore` of a folder of the project, `:include` lines expanded.
    fn folder_level(&self, folder: &Path) -> Option<std::rc::Rc<Level>> {
        if let Some(level) = self.folders.borrow().get(folder) {
            return level.clone();
        }
        let dir = self.project_root.join(folder);
        let level = std::fs::read_to_string(dir.join(".semgrepignore")).ok().map(|text| {
            std::rc::Rc::new(Level { matcher: matcher(&dir, &expand_includes(&dir, &text, 0)), reason: SkipReason::SemgrepignorePatternsMatch })
        });
        self.folders.borrow_mut().insert(folder.to_path_buf(), level.clone());
        level
    }

    /// Why `path` (relative to the project root) is excluded, if it is. As in
    /// Semgrep's gitignore filter, each prefix of the path is tested from the
    /// root down: first as written (`a/b`), then, for a folder above the path,
    /// as a folder (`a/b/`, so that `tests/` excludes what is inside `tests`
    /// but a walk still meets the folder itself). At each prefix the sources are
    /// tested in order, each `.semgrepignore` only below its own folder; the first
    /// source whose last matching pattern excludes the prefix decides. A `!`
    /// pattern thus re-includes only within its own source, and once one has
    /// matched, folder-only patterns are no longer tested (Semgrep's rule).
    fn excluded(&self, path: &Path) -> Option<SkipReason> {
        let segments: Vec<Component> = path.components().filter(|c| matches!(c, Component::Normal(_))).collect();
        let mut folder_levels: Vec<std::rc::Rc<Level>> = Vec::new();
        let mut prefix = PathBuf::new();
        let mut reincluded = false;
        for (i, segment) in segments.iter().enumerate() {
            if let Some(level) = self.folder_level(&prefix) {
                folder_levels.push(level);
            }
            prefix.push(segment);
            let last = i + 1 == segments.len();
            for as_folder in [false, true] {
                if as_folder && (last || reincluded) {
                    continue;
                }
                let absolute = self.project_root.join(&prefix);
                for level in self.fixed.iter().chain(folder_levels.iter().map(|l| &**l)) {
                    match level.matcher.matched(&absolute, as_folder) {
                        ignore::Match::Ignore(_) => return Some(level.reason),
                        ignore::Match::Whitelist(_) => reincluded = true,
                        ignore::Match::None => {}
                    }
                }
            }
        }
        None
    }

    /// Whether `--include` keeps the file at `path` (relative to the project root):
    /// a pattern names it or a folder above it.
    fn included(&self, path: &Path) -> bool {
        let Some(include) = &self.include else { return true };
        include.matched_path_or_any_parents(self.project_root.join(path), false).is_ignore()
    }
}

/// Gitignore patterns anchored at `base`. A bad pattern is left out, as git does.
fn matcher(base: &Path, lines: &[String]) -> Gitignore {
    let mut builder = GitignoreBuilder::new(base);
    for line in lines {
        let _ = builder.add_line(None, line);
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// A `.semgrepignore`'s lines with each `:include <file>` replaced by that
/// file's lines (a missing file adds nothing), as Semgrep reads it.
fn expand_includes(dir: &Path, text: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        match line.strip_prefix(":include") {
            Some(name) if depth < 8 => {
                if let Ok(included) = std::fs::read_to_string(dir.join(name.trim())) {
                    out.extend(expand_includes(dir, &included, depth + 1));
                }
            }
            Some(_) => {}
            None => out.push(line.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_python_shebang;

    #[test]
    fn python_shebangs_as_semgrep_reads_them() {
        for line in ["#!/usr/bin/env python3", "#!/usr/bin/python", "#! python3", "#!/usr/bin/env -S python3 -u", "#!/usr/bin/env -Spython3", "#!/bin/env python2", "#!/opt/py/bin/python3 -E", "#!/usr/bin/env python\r"] {
            assert!(is_python_shebang(line), "{line}");
        }
        for line in ["#!/usr/bin/python3.11", "#!/usr/bin/env pypy3", "#!/bin/sh", "#!/usr/bin/env PYTHON3", "# python3", "#!"] {
            assert!(!is_python_shebang(line), "{line}");
        }
    }
}

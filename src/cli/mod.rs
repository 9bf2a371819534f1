//! The native `flasklight` command: `scan` and `test` (native only).
//!
//! Reads files, walks directories, formats reports; all matching is done by
//! `engine::session`. Output formats live in `output.rs`.

pub mod autofix;
mod explain;
mod output;
mod sarif;
pub mod source_file;
pub mod walk;

use crate::engine::report::Diagnostic;
use crate::engine::rule::PreciseMode;
use crate::engine::session::{Report, Session};
use source_file::SourceFile;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
flasklight: Semgrep-compatible rules for secure Flask

USAGE:
    flasklight scan --config <FILE|DIR|bundled> [OPTIONS] [PATH...]
    flasklight scan -e <PATTERN> [-l python] [OPTIONS] [PATH...]
    flasklight test [--precise|--exact] [DIR|FILE...]
    flasklight explain --config <FILE> [--rule <ID>] [--precise|--exact] <FILE:LINE[:COL]>
                                         why the rules do not report that line
    flasklight rules                     list the bundled rules

SCAN OPTIONS:
    -c, --config <FILE|DIR>   Semgrep rule YAML (repeatable); `bundled` is the built-in Flask pack
    -e, --pattern <PATTERN>   a single pattern instead of a config
    -l, --lang <LANG>         language of --pattern (python)
        --json                print Semgrep's JSON output
        --sarif               print SARIF 2.1.0
        --error               exit 1 when there are findings
        --autofix             apply the rules' fixes to the files
        --dryrun              with --autofix: show the changes, write nothing
        --no-color            plain text even on a terminal
    -v, --verbose             with --json: also list the skipped paths and why (`paths.skipped`)
        --precise             every analysis beyond Semgrep's, for every rule (constant
                              conditions, guards, containers, propagation, functions)
        --exact               none of them, whatever the rules' `options: precise_*` say:
                              exactly Semgrep's results (default: as each rule says)
        --matching-explanations  with --json: an `explanations` tree per rule and file (each
                              operator, the ranges it matched, its children), as Semgrep's
        --time                time per rule (each rule alone); with --json a `time` field
    -h, --help                this help

PRECISION (`options:` keys of a rule; Semgrep ignores them and runs the rule as always):
    precise_constant_conditions  a branch whose condition folds to a constant runs only its live arm
    precise_guards               a sanitizer that matches an `if` test is a check: the path where
                                 the check failed (it returns, raises, aborts, continues) is clean
    precise_containers           lists, tuples and dicts by constant index or key
    precise_propagation          slices, io.StringIO/BytesIO and configparser carry taint
    precise_functions            calls to functions of the same file use what their bodies do
    `flasklight test` reads `# precise-ok: <id>` / `# precise-ruleid: <id>` on a line as its
    expectation when the rule runs these analyses (the line's annotation is Semgrep's).

TARGETS (as Semgrep selects them):
    Folders are walked; inside a git repository, the files git lists (so `.gitignore` applies
    to untracked files). `.semgrepignore` files exclude paths; without one at the project root,
    Semgrep's default list does (tests/, test/, node_modules/, build/, dist/, vendor/, .venv/, ...).
    Python files are .py, .pyi and executable scripts whose #! line runs python.
        --include <PATTERN>   scan only files a pattern names (repeatable)
        --exclude <PATTERN>   skip paths a pattern names (repeatable)
        --no-git-ignore       walk folders even inside a git repository
        --max-target-bytes <N>  skip files larger than N bytes (default 1000000; 0: no limit)
        --scan-unknown-extensions  files named on the command line are Python whatever their name

EXIT CODES:
    0 scanned (no findings, or findings without --error)
    1 findings with --error; failing tests for `test`
    2 bad configuration or usage
";

/// Runs the CLI with arguments (without the program name); returns the exit code.
pub fn main_with_args(args: &[String]) -> i32 {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match args.first().map(String::as_str) {
        Some("scan") => scan(&args[1..], &mut out, color),
        Some("test") => test(&args[1..], &mut out),
        Some("explain") => explain::explain_command(&args[1..], &mut out),
        Some("rules") => {
            for rule in crate::bundled::rules() {
                let _ = writeln!(out, "{}/{}", rule.category, rule.id);
            }
            0
        }
        Some("-h" | "--help" | "help") | None => {
            let _ = write!(out, "{USAGE}");
            if args.is_empty() {
                2
            } else {
                0
            }
        }
        Some("--version" | "-V") => {
            let _ = writeln!(out, "flasklight {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some(other) => {
            eprintln!("flasklight: unknown command `{other}`\n\n{USAGE}");
            2
        }
    }
}

#[derive(Default)]
struct ScanOptions {
    configs: Vec<String>,
    pattern: Option<String>,
    json: bool,
    sarif: bool,
    error: bool,
    no_color: bool,
    autofix: bool,
    dryrun: bool,
    verbose: bool,
    precise: PreciseMode,
    matching_explanations: bool,
    time: bool,
    selection: walk::Selection,
    paths: Vec<String>,
}

fn parse_scan_args(args: &[String]) -> Result<ScanOptions, String> {
    let mut o = ScanOptions { selection: walk::Selection::default(), ..ScanOptions::default() };
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let mut value = |name: &str| -> Result<String, String> {
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("{name} needs a value"))
        };
        match arg {
            "-c" | "--config" | "-f" => o.configs.push(value(arg)?),
            "-e" | "--pattern" => o.pattern = Some(value(arg)?),
            "-l" | "--lang" => {
                let lang = value(arg)?;
                if !matches!(lang.as_str(), "python" | "py" | "python3") {
                    return Err(format!("language `{lang}` is not supported; flasklight runs Python"));
                }
            }
            "--json" => o.json = true,
            "--sarif" => o.sarif = true,
            "--error" => o.error = true,
            "--autofix" | "-a" => o.autofix = true,
            "--dryrun" | "--dry-run" => o.dryrun = true,
            "--no-color" | "--no-colour" => o.no_color = true,
            "-v" | "--verbose" => o.verbose = true,
            "--precise" => o.precise = PreciseMode::All,
            "--exact" => o.precise = PreciseMode::Exact,
            "--matching-explanations" => o.matching_explanations = true,
            "--time" => o.time = true,
            "--include" => o.selection.include.push(value(arg)?),
            "--exclude" => o.selection.exclude.push(value(arg)?),
            "--no-git-ignore" => o.selection.use_git_ignore = false,
            "--use-git-ignore" => o.selection.use_git_ignore = true,
            "--scan-unknown-extensions" => o.selection.scan_unknown_extensions = true,
            "--skip-unknown-extensions" => o.selection.scan_unknown_extensions = false,
            "--max-target-bytes" => o.selection.max_target_bytes = parse_size(&value(arg)?)?,
            "--metrics=off" | "--quiet" | "-q" | "--disable-version-check" => {}
            a if a.starts_with("--config=") => o.configs.push(a["--config=".len()..].to_string()),
            a if a.starts_with("--include=") => o.selection.include.push(a["--include=".len()..].to_string()),
            a if a.starts_with("--exclude=") => o.selection.exclude.push(a["--exclude=".len()..].to_string()),
            a if a.starts_with("--max-target-bytes=") => o.selection.max_target_bytes = parse_size(&a["--max-target-bytes=".len()..])?,
            a if a.starts_with('-') && a.len() > 1 => return Err(format!("unknown option `{a}`")),
            a => o.paths.push(a.to_string()),
        }
        i += 1;
    }
    if o.configs.is_empty() && o.pattern.is_none() {
        return Err("scan needs --config <FILE|DIR> or -e <PATTERN>".into());
    }
    if o.paths.is_empty() {
        o.paths.push(".".into());
    }
    Ok(o)
}

/// A byte count as Semgrep's `--max-target-bytes` reads it: `1000`, `1.5MB`, `2KiB`.
fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let split = upper.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(upper.len());
    let (number, unit) = upper.split_at(split);
    let scale: f64 = match unit.trim() {
        "" | "B" => 1.0,
        "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "KIB" => 1024.0,
        "MIB" => 1048576.0,
        "GIB" => 1073741824.0,
        "TIB" => 1099511627776.0,
        _ => return Err(format!("invalid number of bytes `{text}`")),
    };
    let number: f64 = number.trim().parse().map_err(|_| format!("invalid number of bytes `{text}`"))?;
    // Semgrep: a zero or negative value disables the limit.
    Ok(if number <= 0.0 { 0 } else { (number * scale) as u64 })
}

/// A config file's text with where it came from.
struct ConfigText {
    path: String,
    text: String,
}

fn read_configs(specs: &[String]) -> Result<Vec<ConfigText>, String> {
    let mut out = Vec::new();
    for spec in specs {
        if spec == "bundled" || spec == "flask" {
            out.push(ConfigText { path: "bundled".into(), text: crate::bundled::pack_yaml() });
            continue;
        }
        let path = Path::new(spec);
        if path.is_dir() {
            for file in walk::rule_files(spec) {
                let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
                // Only rule files: other YAML in the folder (lessons, CI files) is not ours to judge.
                let top_level_rules = text.lines().any(|l| l.starts_with("rules:") || l.starts_with("\"rules\":"))
                    || (text.trim_start().starts_with('{') && text.contains("rules"));
                if top_level_rules {
                    out.push(ConfigText { path: file.display().to_string(), text });
                }
            }
        } else {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read config {spec}: {e}"))?;
            out.push(ConfigText { path: spec.clone(), text });
        }
    }
    Ok(out)
}

fn pattern_config(pattern: &str) -> String {
    let rule = crate::engine::config::SimpleRule {
        id: "-".into(),
        message: "pattern matched".into(),
        severity: "INFO".into(),
        pattern: pattern.to_string(),
        ..Default::default()
    };
    rule.to_yaml()
}

/// A scanned file's report, with the file's path and text.
pub struct FileReport {
    pub path: String,
    pub source: SourceFile,
    pub report: Report,
}

fn scan(args: &[String], out: &mut dyn Write, color: bool) -> i32 {
    let options = match parse_scan_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("flasklight: {e}\n\n{USAGE}");
            return 2;
        }
    };
    let mut configs = match read_configs(&options.configs) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("flasklight: {e}");
            return 2;
        }
    };
    if let Some(p) = &options.pattern {
        configs.push(ConfigText { path: "<pattern>".into(), text: pattern_config(p) });
    }
    // One session holds every config's rules, so each file is parsed once.
    let mut session = Session::new();
    session.set_precise(options.precise);
    let mut config_errors: Vec<(String, Diagnostic)> = Vec::new();
    for config in &configs {
        let diagnostics = session.add_rules(&config.text);
        for d in diagnostics.iter().filter(|d| d.severity != "error") {
            eprintln!("{}:{}:{}: warning: {}{}", config.path, d.start.line, d.start.col, rule_prefix(d), d.message);
        }
        config_errors.extend(diagnostics.into_iter().filter(|d| d.severity == "error").map(|d| (config.path.clone(), d)));
    }
    let rule_count = session.rules().len();
    if !config_errors.is_empty() && rule_count == 0 || (!config_errors.is_empty() && !options.json && !options.sarif) {
        for (path, d) in &config_errors {
            eprintln!("{path}:{}:{}: {}{}", d.start.line, d.start.col, rule_prefix(d), d.message);
        }
        if rule_count == 0 || !config_errors.is_empty() {
            return 2;
        }
    }
    // Generic and regex rules read every file (their `paths` choose); Python rules only Python.
    let any_text_rule = session.rules().iter().any(|r| !r.language.is_python());
    let reads = if any_text_rule { walk::Reads::Everything } else { walk::Reads::Python };
    let selected = walk::targets(&options.paths, &options.selection, reads);
    let mut reports = Vec::new();
    let mut read_errors = selected.errors.clone();
    for scanned in scan_files(&mut session, &selected.targets) {
        match scanned {
            Ok(report) => reports.push(report),
            Err(read_error) => read_errors.push(read_error),
        }
    }
    let findings: usize = reports.iter().map(|r| r.report.findings.len()).sum();
    if options.autofix {
        let rule_order: Vec<&str> = session.rules().iter().map(|r| r.id.as_str()).collect();
        for r in &reports {
            let (outcome, diff) = autofix::fix_file(r, &rule_order, options.dryrun);
            if let Some(diff) = diff {
                eprint!("{diff}");
            }
            match outcome {
                autofix::Outcome::NothingToFix => {}
                autofix::Outcome::Fixed { applied, skipped } => {
                    let verb = if options.dryrun { "would fix" } else { "fixed" };
                    eprintln!("{verb} {applied} finding{} in {}", output::plural(applied), r.path);
                    if skipped > 0 {
                        eprintln!("flasklight: {}: {skipped} fix{} not applied: {} an earlier fix", r.path, if skipped == 1 { "" } else { "es" }, if skipped == 1 { "it overlaps" } else { "they overlap" });
                    }
                }
                autofix::Outcome::LeftAlone(why) => eprintln!("flasklight: {} left unchanged: {why}", r.path),
            }
        }
    }
    let times = options.time.then(|| explain::times(&mut session, &reports));
    let mut text = if options.json {
        let doc = output::json(&reports, &config_errors, &read_errors, options.verbose.then_some(&selected.skipped[..]));
        let explanations = options.matching_explanations.then(|| {
            let sources: Vec<explain::Config<'_>> = configs.iter().map(|c| explain::Config { path: &c.path, text: &c.text }).collect();
            explain::explanations(&mut session, &reports, &sources)
        });
        if explanations.is_some() || times.is_some() {
            explain::add_to_json(&doc, explanations, times.as_ref().map(explain::Times::json))
        } else {
            doc
        }
    } else if options.sarif {
        sarif::sarif(&reports, &session, &config_errors, &read_errors)
    } else {
        output::text(&reports, &read_errors, color && !options.no_color, rule_count)
    };
    match &times {
        Some(times) if options.sarif => eprint!("{}", times.text()),
        Some(times) if !options.json => text.push_str(&times.text()),
        _ => {}
    }
    let _ = out.write_all(text.as_bytes());
    if options.verbose && !options.json {
        for skipped in &selected.skipped {
            eprintln!("skipped {}: {}", skipped.path, skipped.reason.as_str());
        }
    }
    if !config_errors.is_empty() {
        2
    } else if options.error && findings > 0 {
        1
    } else {
        0
    }
}

/// Scans every file, in order. Many files are shared out over the machine's
/// cores, each thread with its own session holding the same rules.
fn scan_files(session: &mut Session, files: &[walk::Target]) -> Vec<Result<FileReport, (String, String)>> {
    let threads = crate::engine::parallel::threads(files.len());
    if threads < 2 || files.len() < 8 {
        return files.iter().map(|file| scan_file(session, file)).collect();
    }
    let template: &Session = session;
    crate::engine::parallel::map_ordered(files, threads, || Session::with_rules_of(template), scan_file)
}

/// One file through `session`: its report, or why it could not be read.
pub fn scan_file(session: &mut Session, target: &walk::Target) -> Result<FileReport, (String, String)> {
    let file = target.path.as_path();
    let display = file.display().to_string();
    let display = display.strip_prefix("./").unwrap_or(&display).to_string();
    // A file over the size limit is not even read; the session would refuse it anyway.
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    if size > crate::engine::limits::MAX_FILE_BYTES as u64 {
        let what = format!("file of {size} bytes not scanned");
        let lines = crate::engine::source::LineIndex::new("");
        let limit = crate::engine::limits::Limit::FileSize;
        let report = Report { rule_errors: vec![Diagnostic::limit_hit("", &lines, Default::default(), limit, &what)], ..Report::default() };
        return Ok(FileReport { path: display, source: SourceFile::decode(b""), report });
    }
    let bytes = std::fs::read(file).map_err(|e| (display.clone(), e.to_string()))?;
    session.set_path(Some(&display));
    session.set_python(target.python);
    // The file's bytes as text, with the map back to them (see `source_file`).
    let source = SourceFile::decode(&bytes);
    session.set_code(&source.text);
    let report = session.run();
    Ok(FileReport { path: display, source, report })
}

fn rule_prefix(d: &Diagnostic) -> String {
    d.rule_id.as_ref().map_or(String::new(), |id| format!("rule `{id}`: "))
}

/// `flasklight test`: every rule file against its sibling code file.
fn test(args: &[String], out: &mut dyn Write) -> i32 {
    let mode = args.iter().fold(PreciseMode::AsRules, |mode, a| match a.as_str() {
        "--precise" => PreciseMode::All,
        "--exact" => PreciseMode::Exact,
        _ => mode,
    });
    let args: Vec<String> = args.iter().filter(|a| !matches!(a.as_str(), "--precise" | "--exact")).cloned().collect();
    let roots: Vec<String> = if args.is_empty() { vec!["rules".into()] } else { args };
    let mut yamls = Vec::new();
    for root in &roots {
        let p = Path::new(root);
        if p.is_file() {
            yamls.push(p.to_path_buf());
        } else {
            yamls.extend(walk::rule_files(root));
        }
    }
    yamls.sort();
    let (mut passed, mut failed) = (0, 0);
    let mut rows = Vec::new();
    for yaml_path in &yamls {
        let Some(code_path) = sibling_code(yaml_path) else { continue };
        let yaml = std::fs::read_to_string(yaml_path).unwrap_or_default();
        let code = std::fs::read_to_string(&code_path).unwrap_or_default();
        let mut outcome = test_one_in(mode, &yaml, &code, Some(&code_path.display().to_string()));
        let extension = code_path.extension().and_then(|e| e.to_str()).unwrap_or("py");
        let fixed_path = code_path.with_extension(format!("fixed.{extension}"));
        if let Ok(expected) = std::fs::read_to_string(&fixed_path) {
            let mut session = Session::new();
            session.set_precise(mode);
            session.set_rules(&yaml);
            session.set_path(Some(&code_path.display().to_string()));
            session.set_code(&code);
            let findings = session.run().findings;
            let rule_order: Vec<&str> = session.rules().iter().map(|r| r.id.as_str()).collect();
            let (fixed, applied) = crate::engine::autofix::apply_to_text(&code, &findings, &rule_order);
            let mut problems = Vec::new();
            if fixed != expected {
                problems.push(format!("autofix output differs from {}:\n{}", fixed_path.display(), output::diff(&fixed_path.display().to_string(), &expected, &fixed)));
            }
            // `semgrep --test` fails a fix test whose fixes overlap.
            if let Some(edit) = applied.skipped.first() {
                problems.push(format!("fixes overlap: `{}` at byte {} was not applied", String::from_utf8_lossy(&edit.replacement), edit.start));
            }
            outcome.push((format!("{} (fix)", session.rules().first().map_or("", |r| r.id.as_str())), problems));
        }
        for (rule_id, problems) in outcome {
            let status = if problems.is_empty() { "PASS" } else { "FAIL" };
            if problems.is_empty() {
                passed += 1;
            } else {
                failed += 1;
            }
            rows.push((status, rule_id, code_path.display().to_string(), problems));
        }
    }
    let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(4).max(4);
    let _ = writeln!(out, "{:<6}{:<width$}  FILE", "", "RULE");
    for (status, id, path, problems) in &rows {
        let _ = writeln!(out, "{status:<6}{id:<width$}  {path}");
        for p in problems {
            let _ = writeln!(out, "        {p}");
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    i32::from(failed > 0)
}

/// The test code beside a rule file: `<id>.py`, or for a generic or regex
/// rule any other `<id>.<ext>` (`<id>.html`), as `semgrep --test` finds it.
fn sibling_code(yaml: &Path) -> Option<PathBuf> {
    if let Some(py) = ["py", "pyi"].iter().map(|ext| yaml.with_extension(ext)).find(|p| p.is_file()) {
        return Some(py);
    }
    let stem = yaml.file_stem()?.to_str()?;
    let dir = yaml.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut others: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_stem().and_then(|s| s.to_str()) == Some(stem))
        .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "py" | "pyi")))
        .collect();
    others.sort();
    others.into_iter().next()
}

/// Runs one rule file on its test code; for each rule id, the problems found (empty = pass).
pub fn test_one(yaml: &str, code: &str) -> Vec<(String, Vec<String>)> {
    run_test(yaml, code, None)
}

/// [`test_one`] for test code read from `path` (a template meets only generic and regex rules).
pub fn test_one_at(yaml: &str, code: &str, path: &str) -> Vec<(String, Vec<String>)> {
    run_test(yaml, code, Some(path))
}

/// [`test_one_at`] with the analyses beyond Semgrep's that `mode` runs: the
/// lines of a rule that runs any are judged by their `# precise-ok:` /
/// `# precise-ruleid:` comments where they have one (see `annotations`).
pub fn test_one_in(mode: PreciseMode, yaml: &str, code: &str, path: Option<&str>) -> Vec<(String, Vec<String>)> {
    run_test_in(mode, yaml, code, path)
}

fn run_test(yaml: &str, code: &str, path: Option<&str>) -> Vec<(String, Vec<String>)> {
    run_test_in(PreciseMode::AsRules, yaml, code, path)
}

fn run_test_in(mode: PreciseMode, yaml: &str, code: &str, path: Option<&str>) -> Vec<(String, Vec<String>)> {
    let mut session = Session::new();
    session.set_precise(mode);
    session.set_path(path);
    let diagnostics = session.set_rules(yaml);
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.severity == "error") {
        out.push((
            d.rule_id.clone().unwrap_or_else(|| "<config>".into()),
            vec![format!("config error at {}:{}: {}", d.start.line, d.start.col, d.message)],
        ));
    }
    session.set_code(code);
    let report = session.run();
    let verdict = session.verdict(code, &report.findings);
    let mut ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).collect();
    // Annotated ids no rule has fail too, as in `semgrep --test` (with their missed lines).
    for id in verdict.problems.iter().map(|p| p.rule_id()) {
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_string());
        }
    }
    for id in ids {
        let mut problems: Vec<String> = verdict.problems_of(&id).map(|p| p.describe()).collect();
        // As in `semgrep --test`: once anything is found in the file, the ids the
        // annotations name must be exactly the ids found ("rule id mismatch").
        if let Some(mismatch) = &verdict.mismatch {
            if problems.is_empty() && mismatch.annotated.contains(&id) {
                problems.push("annotated, but finds nothing in this file (semgrep --test stops on this: rule id mismatch)".to_string());
            }
            if problems.is_empty() && mismatch.found.contains(&id) {
                problems.push("finds matches, but no `# ruleid:` or `# ok:` names it (semgrep --test stops on this: rule id mismatch)".to_string());
            }
        }
        // As in `semgrep --test`: a rule without annotations passes if it finds
        // nothing, and code that parses only in part passes if its annotations
        // hold (a syntax error is named when they do not: it may be the cause).
        if !problems.is_empty() {
            for e in &report.syntax_errors {
                problems.push(format!("test code does not parse at {}:{}: {}", e.start.line, e.start.col, e.message));
            }
        }
        out.push((id, problems));
    }
    out
}

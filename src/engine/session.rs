//! The engine's front door for the app (and the CLI): text in, plain data out.
//!
//! A [`Session`] holds compiled rules and a parse cache. `set_rules` compiles
//! once; `set_code` re-parses only the top-level chunks that changed; `run`
//! evaluates every rule. Nothing here panics on any input.

use super::annotations::{self, AnnotationCheck};
use super::config;
use super::limits::{Limit, MAX_FILE_BYTES};
use super::python::{ParseCache, Parsed};
use super::report::{Diagnostic, Finding};
use super::rule::{self, PreciseMode, Rule};
use super::source::{LineIndex, Span};
use super::versus;
use serde::{Deserialize, Serialize};

/// What one run found.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Python syntax errors in the code (spans in the code).
    pub syntax_errors: Vec<Diagnostic>,
    /// Problems met while running rules, among them every limit hit (those have
    /// `limit` set; see [`super::limits`]), including a file too large to scan.
    pub rule_errors: Vec<Diagnostic>,
    /// `# ruleid:` / `# ok:` annotations in the code and whether each holds.
    pub annotations: Vec<AnnotationCheck>,
    /// With [`Session::set_compare`]: the findings Semgrep reports that the
    /// analyses beyond Semgrep's removed (each marked with its
    /// [`Versus`](super::report::Versus)); `findings` then carry their marks too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Finding>,
}

#[derive(Default)]
pub struct Session {
    rules: Vec<Rule>,
    code: String,
    parsed: Option<Parsed>,
    /// The tree `set_code` replaced, dropped by [`Session::release`] or the next `set_code`.
    retired: Option<Parsed>,
    cache: ParseCache,
    /// The file's path, for rules' `paths: include/exclude`; `None` runs every rule.
    path: Option<String>,
    /// Python whatever the path says (a script whose `#!` line runs Python).
    python_by_content: bool,
    /// Which analyses beyond Semgrep's run (`--precise`, `--exact`, the app's toggle).
    precise: PreciseMode,
    /// Compare the findings with Semgrep's (the app's marks; see [`super::versus`]).
    compare: bool,
    /// The code parsed with no constant condition folded, for the comparison
    /// while the session folds them ([`PreciseMode::All`]); its own cache.
    exact: Option<Parsed>,
    exact_cache: ParseCache,
    /// `exact` is of the current code.
    exact_current: bool,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Compiles Semgrep rule YAML. Rules that compile are kept even when others
    /// fail; the diagnostics carry YAML line/column (spans into `yaml`).
    pub fn set_rules(&mut self, yaml: &str) -> Vec<Diagnostic> {
        self.rules.clear();
        self.add_rules(yaml)
    }

    /// Code is parsed with symbolic values only while a rule asks for them,
    /// and with constant propagation folding conditions only under `--precise`
    /// (it runs once per file for every rule: a rule's own
    /// `precise_constant_conditions` applies to its taint analysis only).
    fn parse_for_rules(&mut self) {
        let symbolic = self.rules.iter().any(|r| r.symbolic);
        let conditions = self.precise.folds_conditions();
        if symbolic != self.cache.symbolic() || conditions != self.cache.constant_conditions() {
            self.cache.set_symbolic(symbolic);
            self.cache.set_constant_conditions(conditions);
            self.parsed = None;
        }
    }

    /// Compiles more rules and keeps the ones already loaded (for several config files).
    pub fn add_rules(&mut self, yaml: &str) -> Vec<Diagnostic> {
        let (rules, diagnostics) = config::load_rules(yaml);
        self.rules.extend(rules);
        self.parse_for_rules();
        diagnostics
    }

    /// A new session with the same compiled rules and settings (for scanning on another thread).
    pub fn with_rules_of(other: &Session) -> Session {
        let mut session = Session { rules: other.rules.clone(), precise: other.precise, ..Session::default() };
        session.parse_for_rules();
        session
    }

    /// Which analyses beyond Semgrep's run: as each rule's `options:` say
    /// (the default), all of them for every rule, or none (Semgrep's results).
    pub fn set_precise(&mut self, mode: PreciseMode) {
        self.precise = mode;
        self.parse_for_rules();
    }

    pub fn precise(&self) -> PreciseMode {
        self.precise
    }

    /// Compare each run's findings with Semgrep's: mark the findings only a
    /// precise analysis makes and return the ones it removed
    /// ([`Report::removed`]). Costs a run in exact mode of the rules that run
    /// a precise analysis (and a second parse under [`PreciseMode::All`]);
    /// nothing while no rule does.
    pub fn set_compare(&mut self, compare: bool) {
        self.compare = compare;
        if !compare {
            self.exact = None;
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Sets the path the code comes from, so that rules' `paths` filters
    /// apply and a file that is not Python meets only generic and regex rules.
    pub fn set_path(&mut self, path: Option<&str>) {
        let was_python = self.is_python();
        self.path = path.map(str::to_string);
        if self.is_python() != was_python {
            self.parsed = None;
        }
    }

    /// Reads the code as Python whatever its path says (`true`), or as its path
    /// says (`false`): Semgrep reads an executable script whose `#!` line runs
    /// Python as Python, and the CLI finds those.
    pub fn set_python(&mut self, python: bool) {
        let was_python = self.is_python();
        self.python_by_content = python;
        if self.is_python() != was_python {
            self.parsed = None;
        }
    }

    /// Whether the code is Python: no path (the playground), a `.py`/`.pyi` file, or marked so by [`Session::set_python`].
    fn is_python(&self) -> bool {
        self.python_by_content || self.path.as_deref().is_none_or(is_python_path)
    }

    /// Replaces the code, re-parsing only what changed. Code over
    /// [`MAX_FILE_BYTES`] is kept but not parsed; `run` reports the limit.
    pub fn set_code(&mut self, code: &str) {
        if self.parsed.is_some() && self.code == code {
            return;
        }
        self.code = code.to_string();
        let previous = self.parsed.as_ref();
        // Only Python is parsed; other files (templates) meet generic and regex rules alone.
        let parsed = if code.len() > MAX_FILE_BYTES || !self.is_python() { self.cache.parse("", previous) } else { self.cache.parse(code, previous) };
        self.retired = self.parsed.replace(parsed);
        self.exact_current = false;
    }

    /// Frees the tree the last `set_code` replaced. Freeing a large tree takes
    /// a while (0.5 ms for 1,000 lines in WebAssembly): the scan worker does it
    /// after it has sent its results, not before.
    pub fn release(&mut self) {
        self.retired = None;
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The code's tree as the rules see it (parsed now if it was not), for
    /// explanations ([`super::explain`]); empty for code that is not scanned
    /// (not Python, or over [`MAX_FILE_BYTES`]).
    pub fn tree(&mut self) -> (&super::tree::Node, &str) {
        if self.parsed.is_none() {
            let code = std::mem::take(&mut self.code);
            self.set_code(&code);
        }
        (&self.parsed.as_ref().expect("parsed above").root, &self.code)
    }

    /// Runs every rule on the code.
    pub fn run(&mut self) -> Report {
        if self.parsed.is_none() {
            let code = std::mem::take(&mut self.code);
            self.set_code(&code);
        }
        let parsed = self.parsed.as_ref().expect("parsed above");
        let lines = LineIndex::new(&self.code);
        if self.code.len() > MAX_FILE_BYTES {
            let what = format!("file of {} bytes not scanned", self.code.len());
            let rule_errors = vec![Diagnostic::limit_hit(&self.code, &lines, Span::new(0, 0), Limit::FileSize, &what)];
            return Report { rule_errors, ..Report::default() };
        }
        let python = self.is_python();
        let syntax_errors = parsed
            .errors
            .iter()
            .map(|e| {
                let mut d = Diagnostic::at(&self.code, &lines, Span::new(e.offset, e.offset + 1), format!("Python syntax error: {}", e.message));
                // The parser's own limit (python::chunks::too_deep) says so in its message.
                if e.message.starts_with("nested more than") {
                    d.message = format!("{}: hit {}", d.message, Limit::Nesting.describe());
                    d.limit = Some(Limit::Nesting);
                }
                d
            })
            .collect();
        let selected = selected(&self.rules, python, self.path.as_deref());
        let (mut findings, rule_errors) = rule::run_rules(&selected, self.precise, &parsed.root, &self.code, &lines);
        let removed = if self.compare { self.compare_findings(&mut findings) } else { Vec::new() };
        let annotations = annotations::check_precise(&self.code, &findings, &|id| self.runs_precise(id));
        Report { findings, syntax_errors, rule_errors, annotations, removed }
    }

    /// Compares `findings` (this session's last [`Session::run`] of the
    /// current code, in its order) with Semgrep's: marks the ones only a
    /// precise analysis makes and returns the ones it removed (see
    /// [`super::versus`]). What [`Session::set_compare`] adds to each run, on
    /// its own: the scan worker sends the findings first and this after them.
    /// Nothing while no rule runs a precise analysis.
    pub fn compare(&mut self, findings: &mut [Finding]) -> Vec<Finding> {
        if self.parsed.is_none() || self.code.len() > MAX_FILE_BYTES {
            return Vec::new();
        }
        self.compare_findings(findings)
    }

    fn compare_findings(&mut self, findings: &mut [Finding]) -> Vec<Finding> {
        let python = self.is_python();
        if !selected(&self.rules, python, self.path.as_deref()).iter().any(|r| self.precise.of(r).any()) {
            return Vec::new();
        }
        if self.cache.constant_conditions() {
            // Semgrep folds no condition: the comparison needs the code's own tree.
            if self.exact_cache.symbolic() != self.cache.symbolic() {
                self.exact_cache.set_symbolic(self.cache.symbolic());
                self.exact = None;
            }
            if !self.exact_current || self.exact.is_none() {
                let code = if python { self.code.as_str() } else { "" };
                let tree = self.exact_cache.parse(code, self.exact.as_ref());
                self.exact = Some(tree);
                self.exact_current = true;
            }
        }
        let Some(parsed) = self.parsed.as_ref() else { return Vec::new() };
        let exact = match (&self.exact, self.cache.constant_conditions()) {
            (Some(exact), true) => &exact.root,
            _ => &parsed.root,
        };
        let lines = LineIndex::new(&self.code);
        let selected = selected(&self.rules, python, self.path.as_deref());
        let trees = versus::Trees { precise: &parsed.root, exact };
        versus::compare(&selected, self.precise, trees, &self.code, &lines, findings)
    }

    /// The one verdict on `code`'s test annotations (`semgrep --test`'s), with
    /// `# precise-ok:` / `# precise-ruleid:` read for the rules that run
    /// precise analyses in this session: what `flasklight test`, the
    /// playground's summary and its gutter all judge by.
    pub fn verdict(&self, code: &str, findings: &[Finding]) -> annotations::Verdict {
        annotations::precise_verdict(code, findings, &|id| self.runs_precise(id))
    }

    /// Whether rule `id` runs any analysis beyond Semgrep's in this session.
    fn runs_precise(&self, id: &str) -> bool {
        self.rules.iter().any(|rule| rule.id == id && self.precise.of(rule).any())
    }
}

/// The rules that run on the code: not a Python rule on a file that is not
/// Python, nor a rule whose `paths` leave the file out.
fn selected<'r>(rules: &'r [Rule], python: bool, path: Option<&str>) -> Vec<&'r Rule> {
    rules.iter().filter(|r| python || !r.language.is_python()).filter(|r| path.is_none_or(|path| rule::applies_to(r, path))).collect()
}

/// Whether a path names a Python file (`.py`, `.pyi`).
pub fn is_python_path(path: &str) -> bool {
    path.ends_with(".py") || path.ends_with(".pyi")
}

/// Token classes for syntax colouring, by byte range.
pub fn highlight(code: &str) -> Vec<(u32, u32, super::python::TokenClass)> {
    super::python::tokens(code)
}

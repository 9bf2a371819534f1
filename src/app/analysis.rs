//! The app's one door into the engine: text in, plain view data out.
//!
//! [`GuardedEngine`] owns the engine [`Session`]; every call is wrapped so that a
//! panic (where the target can unwind) becomes an error message instead of a
//! dead page. [`Analysis`] is what the panes render: findings, errors,
//! annotation checks and the decorated lines of the code editor.
//!
//! In the playground, matching runs in the scan worker (`scanner.rs`): on an
//! edit the page paints at once with [`GuardedEngine::provisional`] (new colours,
//! the last findings carried over the edit) and [`GuardedEngine::finish`] turns the
//! worker's report into the next [`Analysis`]. Learn mode's small exercises
//! are graded on this thread with [`GuardedEngine::grade`].

use super::decorate::{self, Lines, Mark, Painter, Tok};
use super::recolour::{self, Edit};
use crate::engine::annotations::{self, AnnotationCheck, Problem, Verdict};
use crate::engine::report::{Diagnostic, Finding};
use crate::engine::session::{Report, Session};
use crate::engine::source::{LineIndex, Span};
use crate::protocol::Comparison;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::collections::HashMap;
use std::rc::Rc;

/// A fix shown as before/after lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixPreview {
    pub before: String,
    pub after: String,
}

/// One run's results, ready to render.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// Findings Semgrep reports that a precise analysis removed (issue 19),
    /// each marked with its `versus`; shown struck, never highlighted.
    pub removed: Vec<Finding>,
    /// Per finding, when the rule has a fix.
    pub fixes: Vec<Option<FixPreview>>,
    pub syntax_errors: Vec<Diagnostic>,
    pub rule_errors: Vec<Diagnostic>,
    pub annotations: Vec<AnnotationCheck>,
    /// `semgrep --test`'s verdict on the code's annotations (the same check
    /// as `flasklight test` and Learn); empty when the code has none.
    pub verdict: Verdict,
    pub lines: Lines,
    /// Time spent in the engine and decorating, in milliseconds.
    pub millis: f64,
    /// Set when the engine failed; the rest is empty then.
    pub failure: Option<String>,
    /// The code these results describe.
    pub code: Rc<str>,
}

/// Props compare analyses by identity: a new run is a new `Rc`.
impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Analysis {
    /// Indices of findings whose span holds the byte `offset` (caret or pointer).
    pub fn findings_at(&self, offset: u32) -> Vec<usize> {
        self.findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.span.start <= offset && (offset < f.span.end || f.span.is_empty() && offset == f.span.start))
            .map(|(i, _)| i)
            .collect()
    }

    /// Indices of removed findings (see [`Analysis::removed`]) whose span holds the byte `offset`.
    pub fn removed_at(&self, offset: u32) -> Vec<usize> {
        self.removed.iter().enumerate().filter(|(_, f)| f.span.start <= offset && offset < f.span.end.max(f.span.start + 1)).map(|(i, _)| i).collect()
    }

    /// The same results with the worker's comparison with Semgrep's, which
    /// comes after them (issue 19): the marks replace every mark (by index in
    /// the findings; one out of range is dropped), `removed` the struck list.
    /// The paint does not change: marks are told in the tooltips and results.
    pub fn compared(&self, comparison: &Comparison) -> Analysis {
        let mut next = self.clone();
        comparison.mark(&mut next.findings);
        next.removed = comparison.removed.clone();
        next
    }

    /// `self` (a scan's results, with no comparison yet) with the marks of
    /// `before` (what was on screen, moved over the edit) kept on the same
    /// findings (by rule and range), and its struck list, until the scan's
    /// own comparison arrives: the marks do not blink out on every keystroke.
    /// `None` when there is nothing to keep.
    pub fn keeping_marks_of(&self, before: &Analysis) -> Option<Analysis> {
        let marked = before.findings.iter().any(|f| f.versus.is_some());
        if self.failure.is_some() || (!marked && before.removed.is_empty()) {
            return None;
        }
        let marks: HashMap<(&str, Span), crate::engine::report::Versus> =
            before.findings.iter().filter_map(|f| f.versus.map(|v| ((f.rule_id.as_str(), f.span), v))).collect();
        let comparison = Comparison {
            marks: self.findings.iter().enumerate().filter_map(|(i, f)| marks.get(&(f.rule_id.as_str(), f.span)).map(|&v| (i, v))).collect(),
            removed: before.removed.clone(),
        };
        Some(self.compared(&comparison))
    }

    /// Indices of syntax errors at the byte `offset` (an empty span counts as one character).
    pub fn errors_at(&self, offset: u32) -> Vec<usize> {
        self.syntax_errors
            .iter()
            .enumerate()
            .filter(|(_, d)| d.span.start <= offset && offset < d.span.end.max(d.span.start + 1))
            .map(|(i, _)| i)
            .collect()
    }

    /// `(holding, total)` over the annotations that are not `todo`.
    pub fn annotation_score(&self) -> (usize, usize) {
        let counted: Vec<_> = self.annotations.iter().filter(|a| !a.todo).collect();
        (counted.iter().filter(|a| a.holds).count(), counted.len())
    }

    /// Findings on lines no annotation expects, while the code has annotations.
    pub fn unexpected(&self) -> Vec<&Problem> {
        self.verdict.problems.iter().filter(|p| matches!(p, Problem::Unexpected { .. })).collect()
    }
}

/// Colour tokens of a text: byte range and class.
type Tokens = Rc<Vec<(u32, u32, Tok)>>;

/// The engine [`Session`] behind a panic guard, with the colour tokens of the
/// last code it lexed.
#[derive(Default)]
pub struct GuardedEngine {
    session: Session,
    /// The last code lexed for colours, and its tokens.
    tokens: Option<(String, Tokens)>,
}

fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("The engine failed while {what}: {detail}")
    })
}

impl GuardedEngine {
    /// Compiles rule YAML; the diagnostics point into `yaml`.
    pub fn set_rules(&mut self, yaml: &str) -> Result<Vec<Diagnostic>, String> {
        guard("reading the rule", || self.session.set_rules(yaml))
    }

    /// Grades a learner's rule on a lesson's exercise (on this thread).
    pub fn grade(&mut self, exercise: &crate::lessons::Exercise, rule: &str) -> Result<crate::lessons::Grade, String> {
        let graded = guard("checking the exercise", || crate::lessons::grade(&mut self.session, exercise, rule));
        if graded.is_err() {
            self.session = Session::new();
        }
        graded
    }

    /// The findings of `rule` on `code`, or why there are none (bad rule, engine failure).
    pub fn findings(&mut self, rule: &str, code: &str) -> Result<Vec<Finding>, String> {
        let found = guard("matching", || {
            let errors: Vec<String> = self.session.set_rules(rule).into_iter().filter(|d| d.severity == "error").map(|d| d.message).collect();
            if !errors.is_empty() {
                return Err(errors.join("; "));
            }
            self.session.set_code(code);
            Ok(self.session.run().findings)
        });
        if found.is_err() {
            self.session = Session::new();
        }
        found.and_then(|f| f)
    }

    /// The results of a scan of `code` (or why it failed), decorated.
    /// `millis` is the time the scan took, to which decorating is added.
    pub fn finish(&mut self, code: &str, report: Result<Report, String>, millis: f64) -> Analysis {
        let started = now();
        let tokens = self.tokens(code);
        let mut analysis = match report {
            Ok(report) => Analysis {
                fixes: report.findings.iter().map(|f| fix_preview(code, f)).collect(),
                verdict: if report.annotations.is_empty() { Verdict::default() } else { self.session.verdict(code, &report.findings) },
                findings: report.findings,
                removed: report.removed,
                syntax_errors: report.syntax_errors,
                rule_errors: report.rule_errors,
                annotations: report.annotations,
                ..Analysis::default()
            },
            Err(failure) => Analysis { failure: Some(failure), ..Analysis::default() },
        };
        analysis.code = Rc::from(code);
        analysis.lines = code_lines(&analysis.code, tokens, &analysis);
        analysis.millis = millis + now() - started;
        analysis
    }

    /// `code` coloured at once, with the findings and errors of `previous`
    /// carried over the edit that turned its code into `code`; what the editor
    /// shows until the scan's results arrive.
    pub fn provisional(&mut self, code: &str, previous: &Analysis) -> Analysis {
        let started = now();
        let tokens = self.quick_tokens(code);
        let edit = Edit::between(&previous.code, code);
        let lines = LineIndex::new(code);
        let mut findings = previous.findings.clone();
        let mut removed = previous.removed.clone();
        for finding in findings.iter_mut().chain(removed.iter_mut()) {
            finding.span = edit.map(finding.span);
            finding.start = lines.position(code, finding.span.start);
            finding.end = lines.position(code, finding.span.end);
            for binding in &mut finding.bindings {
                binding.span = edit.map(binding.span);
                binding.start = lines.position(code, binding.span.start);
                binding.end = lines.position(code, binding.span.end);
            }
            if let Some(trace) = &mut finding.dataflow_trace {
                for step in std::iter::once(&mut trace.source).chain(trace.intermediate.iter_mut()).chain(std::iter::once(&mut trace.sink)) {
                    step.span = edit.map(step.span);
                    step.start = lines.position(code, step.span.start);
                    step.end = lines.position(code, step.span.end);
                }
            }
        }
        let mut syntax_errors = previous.syntax_errors.clone();
        for error in &mut syntax_errors {
            error.span = edit.map(error.span);
            error.start = lines.position(code, error.span.start);
            error.end = lines.position(code, error.span.end);
        }
        let mut analysis = Analysis {
            fixes: findings.iter().map(|f| fix_preview(code, f)).collect(),
            findings,
            removed,
            syntax_errors,
            rule_errors: previous.rule_errors.clone(),
            annotations: previous.annotations.clone(),
            verdict: previous.verdict.clone(),
            failure: previous.failure.clone(),
            code: Rc::from(code),
            ..Analysis::default()
        };
        analysis.lines = code_lines(&analysis.code, tokens, &analysis);
        analysis.millis = now() - started;
        analysis
    }

    /// Colours only, no matching (while matching is paused after a crash).
    pub fn colour_only(&mut self, code: &str) -> Analysis {
        let tokens = self.tokens(code);
        let mut analysis = Analysis { code: Rc::from(code), ..Analysis::default() };
        analysis.lines = code_lines(&analysis.code, tokens, &analysis);
        analysis
    }

    /// Colours for `code` at once, for the paint shown until the scan's
    /// results come: after a small edit of the last text coloured, its
    /// tokens moved over the edit and the edited lines coloured on their own,
    /// so a keystroke does not parse the whole file on the page (see
    /// [`Self::edited_tokens`]). A token running across the edited lines'
    /// edges (a multi-line string) or a large edit colours the whole text
    /// instead. When the edit cannot have changed any other line's colours,
    /// these are the exact colours and the scan's paint uses them too.
    fn quick_tokens(&mut self, code: &str) -> Tokens {
        match self.edited_tokens(code) {
            Some((tokens, true)) => {
                self.tokens = Some((code.to_string(), tokens.clone()));
                tokens
            }
            Some((tokens, false)) => tokens,
            None => self.tokens(code),
        }
    }

    /// The last coloured text's tokens moved over the edit that made `code`
    /// (see [`recolour::after_edit`]), and whether they are exact.
    fn edited_tokens(&self, code: &str) -> Option<(Tokens, bool)> {
        let (old, tokens) = self.tokens.as_ref()?;
        if old == code {
            return Some((tokens.clone(), true));
        }
        let colour = |text: &str| guard("colouring", || recolour::colours(text)).unwrap_or_default();
        recolour::after_edit(old, tokens, code, &colour).map(|(tokens, exact)| (Rc::new(tokens), exact))
    }

    /// The exact colours of `code`: the last ones when it is the last text
    /// coloured or a small edit of it that changes no other line (see
    /// [`Self::edited_tokens`]), else the whole text coloured again.
    fn tokens(&mut self, code: &str) -> Tokens {
        if let Some((tokens, true)) = self.edited_tokens(code) {
            self.tokens = Some((code.to_string(), tokens.clone()));
            return tokens;
        }
        let tokens: Tokens = Rc::new(guard("colouring", || recolour::colours(code)).unwrap_or_default());
        self.tokens = Some((code.to_string(), tokens.clone()));
        tokens
    }
}

/// The code's paint: colours, hits, syntax errors and the gutter's marks.
fn code_lines(code: &Rc<str>, tokens: Tokens, analysis: &Analysis) -> Lines {
    let hits: Vec<(u32, u32)> = analysis.findings.iter().map(|f| (f.span.start, f.span.end)).collect();
    let errors: Vec<(u32, u32)> = analysis.syntax_errors.iter().map(|d| (d.span.start, d.span.end)).collect();
    let mut marks: HashMap<usize, Mark> = HashMap::new();
    fn mark(marks: &mut HashMap<usize, Mark>, line: u32) -> Option<&mut Mark> {
        line.checked_sub(1).map(|l| marks.entry(l as usize).or_default())
    }
    for finding in &analysis.findings {
        if let Some(m) = mark(&mut marks, finding.start.line) {
            m.hits += 1;
            if m.hit_title.is_empty() {
                m.hit_title = format!("{}: {}", finding.rule_id, one_line(&finding.message));
            } else {
                m.hit_title = format!("{} matches on this line", m.hits);
            }
        }
    }
    for check in &analysis.annotations {
        if let Some(m) = mark(&mut marks, check.line) {
            let holds = check.holds && m.annotation != Some(false);
            m.annotation = Some(holds);
            let text = annotation_text(check);
            m.annotation_title = if m.annotation_title.is_empty() { text } else { format!("{}; {text}", m.annotation_title) };
        }
    }
    for problem in analysis.unexpected() {
        if let Some(m) = mark(&mut marks, problem.line()) {
            m.annotation = Some(false);
            let text = unexpected_text(problem);
            m.annotation_title = if m.annotation_title.is_empty() { text } else { format!("{}; {text}", m.annotation_title) };
        }
    }
    for error in &analysis.syntax_errors {
        if let Some(m) = mark(&mut marks, error.start.line) {
            m.error.get_or_insert_with(|| error.message.clone());
        }
    }
    Rc::new(Painter::new(code.clone(), tokens, &hits, &errors).with_marks(marks))
}

/// "ruleid: x — expected a match, found one" and friends.
pub fn annotation_text(check: &AnnotationCheck) -> String {
    let kind = match (check.todo, check.expect_match) {
        (false, true) => "ruleid",
        (false, false) => "ok",
        (true, true) => "todoruleid",
        (true, false) => "todook",
    };
    let outcome = match (check.expect_match, check.matched) {
        (true, true) => "expected a match, found one",
        (true, false) => "expected a match, found none",
        (false, false) => "expected no match, found none",
        (false, true) => "expected no match, found one",
    };
    let verdict = if check.todo {
        "known gap"
    } else if check.holds {
        "holds"
    } else {
        "fails"
    };
    format!("{kind}: {} — {outcome} ({verdict})", check.rule_id)
}

/// "flask-debug-mode matches here, but no `# ruleid: flask-debug-mode` is above this line (fails)".
pub fn unexpected_text(problem: &Problem) -> String {
    format!("{0} matches here, but no # ruleid: {0} marks this line (fails)", problem.rule_id())
}

/// "The annotations name ids no rule finds here: x" and the other way round.
pub fn mismatch_text(mismatch: &annotations::IdMismatch) -> String {
    let mut parts = Vec::new();
    if !mismatch.annotated.is_empty() {
        parts.push(format!("the annotations name {} but no rule with that id finds anything here", mismatch.annotated.join(", ")));
    }
    if !mismatch.found.is_empty() {
        parts.push(format!("{} finds matches but no annotation names it", mismatch.found.join(", ")));
    }
    format!("Rule id mismatch: {} (semgrep --test stops here).", parts.join("; "))
}

/// Painted lines for the rule editor.
pub fn rule_lines(yaml: &str, diagnostics: &[Diagnostic]) -> Lines {
    let tokens = Rc::new(decorate::yaml_tokens(yaml));
    let errors: Vec<(u32, u32)> = diagnostics.iter().map(|d| (d.span.start, d.span.end)).collect();
    let mut marks: HashMap<usize, Mark> = HashMap::new();
    for d in diagnostics {
        marks.entry(d.start.line.saturating_sub(1) as usize).or_default().error.get_or_insert_with(|| d.message.clone());
    }
    Rc::new(Painter::new(Rc::from(yaml), tokens, &[], &errors).with_marks(marks))
}

fn fix_preview(code: &str, finding: &Finding) -> Option<FixPreview> {
    let fix = finding.fix.as_ref()?;
    let (start, end) = (finding.span.start as usize, finding.span.end as usize);
    if start > end || end > code.len() || !code.is_char_boundary(start) || !code.is_char_boundary(end) {
        return None;
    }
    let line_start = code[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = code[end..].find('\n').map_or(code.len(), |i| end + i);
    Some(FixPreview {
        before: code[line_start..line_end].to_string(),
        after: format!("{}{}{}", &code[line_start..start], fix, &code[end..line_end]),
    })
}

pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

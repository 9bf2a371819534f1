//! `# ruleid: <id>` / `# ok: <id>` test annotations, checked like `semgrep --test`.
//!
//! As in `semgrep --test`, an annotation applies to the line right after its
//! own, whether it stands alone or trails code, and whatever that line holds
//! (two annotations stacked above code: the first one applies to the second).
//! `ruleid` expects a finding of that rule starting on that line, `ok` expects
//! none; `todoruleid`/`todook` mark known gaps and never fail, and a finding on
//! a line they apply to is not counted against the rule either.
//!
//! A rule that runs analyses beyond Semgrep's (`options: precise_*`, see
//! `rule::model::Precision`) may find less or more than Semgrep on a line.
//! The line then keeps its annotation for Semgrep (what `semgrep --test`
//! and `flasklight test --exact` check) and says what the precise analyses
//! give with a comment on the line itself, which Semgrep does not read:
//!
//! ```python
//! # ruleid: flask-path-traversal
//! return open(os.path.join(BASE, name))  # precise-ok: flask-path-traversal
//! ```
//!
//! `precise-ok: <ids>` / `precise-ruleid: <ids>` replace, for those ids, the
//! expectation of the annotation that applies to that line ([`parse_precise`]).
//!
//! [`verdict`] is the one check of a test file: `flasklight test`, the
//! playground's annotation summary and Learn's exercises all judge by it, and
//! it fails exactly where `semgrep --test` fails (`tests/annotations/`).

use super::report::Finding;
use super::source::LineIndex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnotationCheck {
    /// 1-based line the annotation applies to.
    pub line: u32,
    /// 1-based line of the comment itself.
    pub comment_line: u32,
    pub rule_id: String,
    pub expect_match: bool,
    pub todo: bool,
    pub matched: bool,
    /// Whether the expectation holds (todo annotations always hold).
    pub holds: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub line: u32,
    pub comment_line: u32,
    pub rule_ids: Vec<String>,
    pub expect_match: bool,
    pub todo: bool,
}

/// Finds every annotation in a file.
pub fn parse(code: &str) -> Vec<Annotation> {
    let mut out = Vec::new();
    // Only the lines with a colon after `ok` or `ruleid` (see `may_annotate`),
    // found from the file's colons: most lines of a file have none.
    let colons = code.match_indices(':').map(|(at, _)| at).filter(|&at| {
        let before = code[..at].trim_end();
        before.ends_with("ok") || before.ends_with("ruleid")
    });
    for (i, line) in lines_at(code, colons) {
        if !may_annotate(line) {
            continue;
        }
        let Some(comment) = annotation_in(line) else { continue };
        let (kind, rest) = (comment.kind, &line[comment.ids.clone()]);
        let (expect_match, todo) = match kind {
            "ruleid" => (true, false),
            "ok" => (false, false),
            "todoruleid" => (true, true),
            "todook" => (false, true),
            _ => continue,
        };
        let rule_ids: Vec<String> =
            rest.split(',').map(|s| s.trim().split_whitespace().next().unwrap_or("").to_string()).filter(|s| !s.is_empty()).collect();
        if rule_ids.is_empty() {
            continue;
        }
        let comment_line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.push(Annotation { line: comment_line.saturating_add(1), comment_line, rule_ids, expect_match, todo });
    }
    out
}

/// [`parse`], with the `precise-ok:` / `precise-ruleid:` comments on the
/// lines annotations apply to taking the place of their expectation, for the
/// rule ids `precise` says run their precise analyses.
pub fn parse_precise(code: &str, precise: &dyn Fn(&str) -> bool) -> Vec<Annotation> {
    let mut annotations = parse(code);
    // The lines with a mark, from one search of the whole file.
    let mut marks = code.match_indices("# precise-").map(|(at, _)| at).peekable();
    if marks.peek().is_none() {
        return annotations;
    }
    for (i, line) in lines_at(code, marks) {
        let Some((expect_match, ids)) = precise_marker(line) else { continue };
        let at = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let ids: Vec<String> = ids.into_iter().filter(|id| precise(id)).collect();
        let Some(index) = annotations.iter().position(|a| a.line == at && !a.todo) else { continue };
        let moved: Vec<String> = annotations[index].rule_ids.iter().filter(|id| ids.contains(id)).cloned().collect();
        if moved.is_empty() {
            continue;
        }
        let comment_line = annotations[index].comment_line;
        annotations[index].rule_ids.retain(|id| !moved.contains(id));
        if annotations[index].rule_ids.is_empty() {
            annotations.remove(index);
        }
        annotations.push(Annotation { line: at, comment_line, rule_ids: moved, expect_match, todo: false });
    }
    annotations.sort_by_key(|a| (a.comment_line, a.line));
    annotations
}

/// The lines (0-based number and text, as `str::lines` gives them) holding
/// the given offsets, which come in increasing order; each line once.
fn lines_at(code: &str, offsets: impl Iterator<Item = usize>) -> impl Iterator<Item = (usize, &str)> {
    let bytes = code.as_bytes();
    // The line counted up to `counted`, and the end of the last line given.
    let (mut number, mut counted, mut last_end) = (0usize, 0usize, None::<usize>);
    offsets.filter_map(move |at| {
        if last_end.is_some_and(|end| at <= end) {
            return None;
        }
        let start = code[..at].rfind('\n').map_or(0, |n| n + 1);
        number += bytes[counted..start].iter().filter(|&&b| b == b'\n').count();
        counted = start;
        let end = code[at..].find('\n').map_or(code.len(), |n| at + n);
        last_end = Some(end);
        // As `str::lines`: a line ends at `\n` or `\r\n`.
        let line = &code[start..end];
        let line = if end < code.len() { line.strip_suffix('\r').unwrap_or(line) } else { line };
        Some((number, line))
    })
}

/// A `# precise-ok: ids` or `# precise-ruleid: ids` comment in a line: whether
/// it expects a match, and the ids.
fn precise_marker(line: &str) -> Option<(bool, Vec<String>)> {
    let (at, expect_match) = match (line.find("# precise-ok:"), line.find("# precise-ruleid:")) {
        (Some(ok), _) => (ok + "# precise-ok:".len(), false),
        (None, Some(ruleid)) => (ruleid + "# precise-ruleid:".len(), true),
        (None, None) => return None,
    };
    let ids = line[at..].split(',').filter_map(|s| s.split_whitespace().next()).map(str::to_string).collect();
    Some((expect_match, ids))
}

/// Whether a line may hold an annotation: a colon after one of the kinds'
/// words (a quick test before [`annotation_in`], asked of every line).
fn may_annotate(line: &str) -> bool {
    let mut rest = line;
    while let Some(colon) = rest.find(':') {
        let before = rest[..colon].trim_end();
        if before.ends_with("ok") || before.ends_with("ruleid") {
            return true;
        }
        rest = &rest[colon + 1..];
    }
    false
}

/// `hay.find(needle)` for a short ASCII needle, without building a
/// substring searcher: every line of the file is asked for each marker on
/// every scan (the searchers were 5% of a full rescan of 1,000 lines).
fn find_short(hay: &str, needle: &str) -> Option<usize> {
    let first = char::from(*needle.as_bytes().first()?);
    let mut from = 0;
    while let Some(p) = hay[from..].find(first) {
        let at = from + p;
        if hay.as_bytes()[at..].starts_with(needle.as_bytes()) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// An annotation comment found in a line.
struct Comment<'a> {
    kind: &'a str,
    /// The byte range of the ids after `kind:` (without a closing `-->` or `*/`).
    ids: Range<usize>,
    /// Where the comment's text starts, after its marker.
    body_start: usize,
}

/// The first annotation comment in a line: `#` in Python, and for other
/// test files (templates) `<!--`, `//`, `/*` or `--`.
fn annotation_in(line: &str) -> Option<Comment<'_>> {
    const MARKERS: [&str; 5] = ["#", "<!--", "//", "/*", "--"];
    // Each marker's next place at or after `at`, searched again only once passed:
    // a line of a million `#` stays linear.
    let mut next: [Option<usize>; 5] = MARKERS.map(|m| find_short(line, m));
    loop {
        let (index, start) = next.iter().enumerate().filter_map(|(i, p)| p.map(|p| (i, p))).min_by_key(|&(_, p)| p)?;
        let body_start = start + MARKERS[index].len();
        let comment = line[body_start..].trim_start();
        // The kind is a short word before a colon; look no further than it could be.
        let head = &comment[..comment.char_indices().nth(24).map_or(comment.len(), |(i, _)| i)];
        if let Some(colon) = head.find(':') {
            let kind = comment[..colon].trim();
            if matches!(kind, "ruleid" | "ok" | "todoruleid" | "todook") {
                let ids_start = line.len() - comment.len() + colon + 1;
                let ids_text = comment[colon + 1..].trim_end().trim_end_matches("-->").trim_end_matches("*/");
                return Some(Comment { kind, ids: ids_start..ids_start + ids_text.len(), body_start });
            }
        }
        for (i, place) in next.iter_mut().enumerate() {
            if place.is_some_and(|p| p < body_start) {
                *place = find_short(&line[body_start..], MARKERS[i]).map(|p| body_start + p);
            }
        }
    }
}

/// Checks every annotation against findings (by rule id and start line).
pub fn check(code: &str, _lines: &LineIndex, findings: &[Finding]) -> Vec<AnnotationCheck> {
    check_parsed(&parse(code), findings)
}

/// [`check`], with the annotations read by [`parse_precise`] (for the rule
/// ids `precise` says run their precise analyses).
pub fn check_precise(code: &str, findings: &[Finding], precise: &dyn Fn(&str) -> bool) -> Vec<AnnotationCheck> {
    check_parsed(&parse_precise(code, precise), findings)
}

fn check_parsed(annotations: &[Annotation], findings: &[Finding]) -> Vec<AnnotationCheck> {
    let mut out = Vec::new();
    for a in annotations {
        for id in &a.rule_ids {
            let matched = findings.iter().any(|f| f.start.line == a.line && ids_match(&f.rule_id, id));
            let holds = a.todo || matched == a.expect_match;
            out.push(AnnotationCheck {
                line: a.line,
                comment_line: a.comment_line,
                rule_id: id.clone(),
                expect_match: a.expect_match,
                todo: a.todo,
                matched,
                holds,
            });
        }
    }
    out
}

/// Semgrep prefixes rule ids with their config path; compare the last dotted part too.
fn ids_match(finding_id: &str, annotated: &str) -> bool {
    finding_id == annotated || finding_id.rsplit('.').next() == Some(annotated)
}

/// Why a test file fails for one rule id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A `ruleid` line where the rule found nothing.
    Missed { rule_id: String, line: u32 },
    /// A finding on a line marked `ok` for that rule.
    MatchedOk { rule_id: String, line: u32 },
    /// A finding on a line that no annotation for that rule expects (an
    /// over-broad rule, or one that matches the annotation comments).
    Unexpected { rule_id: String, line: u32 },
}

impl Problem {
    pub fn rule_id(&self) -> &str {
        match self {
            Problem::Missed { rule_id, .. } | Problem::MatchedOk { rule_id, .. } | Problem::Unexpected { rule_id, .. } => rule_id,
        }
    }

    pub fn line(&self) -> u32 {
        match self {
            Problem::Missed { line, .. } | Problem::MatchedOk { line, .. } | Problem::Unexpected { line, .. } => *line,
        }
    }

    /// "line 7: expected a match" and friends, as `flasklight test` prints them.
    pub fn describe(&self) -> String {
        match self {
            Problem::Missed { line, .. } => format!("line {line}: expected a match"),
            Problem::MatchedOk { line, .. } => format!("line {line}: expected no match"),
            Problem::Unexpected { rule_id, line } => format!("line {line}: unexpected match (no `# ruleid: {rule_id}` annotation)"),
        }
    }
}

/// The ids the annotations name and the ids of the findings differ, while
/// something was found: `semgrep --test` stops the whole run on this
/// ("rule id mismatch"), whatever the lines say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdMismatch {
    /// Named by a `ruleid`/`ok` annotation, but no finding has this id.
    pub annotated: Vec<String>,
    /// Found, but no `ruleid`/`ok` annotation names this id.
    pub found: Vec<String>,
}

/// `semgrep --test`'s verdict on one test file: every annotation, and each
/// reason the file fails. It passes when there is no problem and no mismatch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdict {
    pub checks: Vec<AnnotationCheck>,
    /// By line, then rule id.
    pub problems: Vec<Problem>,
    pub mismatch: Option<IdMismatch>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.mismatch.is_none()
    }

    pub fn problems_of<'a>(&'a self, rule_id: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems.iter().filter(move |p| p.rule_id() == rule_id)
    }
}

/// Every rule id a `ruleid`, `ok` or `todoruleid` annotation names (the ids
/// `semgrep --test` compares with the findings' ids).
pub fn annotated_ids(annotations: &[Annotation]) -> BTreeSet<String> {
    annotations
        .iter()
        .filter(|a| !(a.todo && !a.expect_match))
        .flat_map(|a| a.rule_ids.iter().cloned())
        .collect()
}

/// Judges a test file as `semgrep --test` does. Per rule id (annotated or
/// found), the lines expected are its `ruleid` lines and the lines reported
/// are the start lines of its findings, both without the lines a `todoruleid`
/// or `todook` for that id applies to; the file fails for that id unless the
/// two sets are equal: a finding on an `ok` line or on a line without any
/// annotation fails just like a `ruleid` line without one. Before that, when
/// anything was found, the ids the annotations name must be exactly the ids
/// found ([`IdMismatch`]).
pub fn verdict(code: &str, findings: &[Finding]) -> Verdict {
    verdict_of(parse(code), findings)
}

/// [`verdict`], with the annotations read by [`parse_precise`] (for the rule
/// ids `precise` says run their precise analyses).
pub fn precise_verdict(code: &str, findings: &[Finding], precise: &dyn Fn(&str) -> bool) -> Verdict {
    verdict_of(parse_precise(code, precise), findings)
}

fn verdict_of(annotations: Vec<Annotation>, findings: &[Finding]) -> Verdict {
    let named = annotated_ids(&annotations);
    // A finding's id as the annotations spell it (Semgrep may prefix it with its config path).
    let found_id = |finding: &Finding| named.iter().find(|id| ids_match(&finding.rule_id, id)).cloned().unwrap_or_else(|| finding.rule_id.clone());
    let mut reported: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for finding in findings {
        reported.entry(found_id(finding)).or_default().insert(finding.start.line);
    }
    let mismatch = (!findings.is_empty() && !named.is_empty()).then(|| IdMismatch {
        annotated: named.iter().filter(|id| !reported.contains_key(*id)).cloned().collect(),
        found: reported.keys().filter(|id| !named.contains(*id)).cloned().collect(),
    });
    let mismatch = mismatch.filter(|m| !m.annotated.is_empty() || !m.found.is_empty());

    let lines_of = |id: &str, keep: &dyn Fn(&Annotation) -> bool| -> BTreeSet<u32> {
        annotations.iter().filter(|a| keep(a) && a.rule_ids.iter().any(|i| i == id)).map(|a| a.line).collect()
    };
    let mut ids: BTreeSet<String> = annotations.iter().filter(|a| a.expect_match).flat_map(|a| a.rule_ids.iter().cloned()).collect();
    ids.extend(reported.keys().cloned());
    let mut problems = Vec::new();
    for id in &ids {
        let todo = lines_of(id, &|a| a.todo);
        let expected: BTreeSet<u32> = lines_of(id, &|a| a.expect_match && !a.todo).difference(&todo).copied().collect();
        let ok = lines_of(id, &|a| !a.expect_match && !a.todo);
        let empty = BTreeSet::new();
        let found: BTreeSet<u32> = reported.get(id).unwrap_or(&empty).difference(&todo).copied().collect();
        for &line in expected.difference(&found) {
            problems.push(Problem::Missed { rule_id: id.clone(), line });
        }
        for &line in found.difference(&expected) {
            let rule_id = id.clone();
            problems.push(if ok.contains(&line) { Problem::MatchedOk { rule_id, line } } else { Problem::Unexpected { rule_id, line } });
        }
    }
    problems.sort_by(|a, b| (a.line(), a.rule_id()).cmp(&(b.line(), b.rule_id())));
    Verdict { checks: check_parsed(&annotations, findings), problems, mismatch }
}

/// The code with the text of every annotation comment blanked out (the
/// comment markers stay, and every byte offset): what a rule must still find
/// when it cannot read the answers.
pub fn without_annotations(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        match annotation_in(line) {
            Some(comment) => {
                out.push_str(&line[..comment.body_start]);
                out.extend(std::iter::repeat_n(' ', comment.ids.end - comment.body_start));
                out.push_str(&line[comment.ids.end..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

//! `# ruleid: <id>` / `# ok: <id>` test annotations, checked like `semgrep --test`.
//!
//! As in `semgrep --test`, an annotation applies to the line right after its
//! own, whether it stands alone or trails code, and whatever that line holds
//! (two annotations stacked above code: the first one applies to the second).
//! `ruleid` expects a finding of that rule starting on that line, `ok` expects
//! none; `todoruleid`/`todook` mark known gaps and never fail, and a finding on
//! a line they apply to is not counted against the rule either.

use super::rule::Finding;
use super::source::LineIndex;
use serde::{Deserialize, Serialize};

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
    for (i, line) in code.lines().enumerate() {
        let Some((kind, rest)) = annotation_in(line) else { continue };
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

/// The kind and the rest of the first annotation comment in a line: `#`
/// in Python, and for other test files (templates) `<!--`, `//`, `/*` or `--`.
fn annotation_in(line: &str) -> Option<(&str, &str)> {
    const MARKERS: [&str; 5] = ["#", "<!--", "//", "/*", "--"];
    // Each marker's next place at or after `at`, searched again only once passed:
    // a line of a million `#` stays linear.
    let mut next: [Option<usize>; 5] = MARKERS.map(|m| line.find(m));
    loop {
        let (index, start) = next.iter().enumerate().filter_map(|(i, p)| p.map(|p| (i, p))).min_by_key(|&(_, p)| p)?;
        let at = start + MARKERS[index].len();
        let comment = line[at..].trim_start();
        // The kind is a short word before a colon; look no further than it could be.
        let head = &comment[..comment.char_indices().nth(24).map_or(comment.len(), |(i, _)| i)];
        if let Some(colon) = head.find(':') {
            let kind = comment[..colon].trim();
            if matches!(kind, "ruleid" | "ok" | "todoruleid" | "todook") {
                return Some((kind, comment[colon + 1..].trim_end().trim_end_matches("-->").trim_end_matches("*/")));
            }
        }
        for (i, place) in next.iter_mut().enumerate() {
            if place.is_some_and(|p| p < at) {
                *place = line[at..].find(MARKERS[i]).map(|p| at + p);
            }
        }
    }
}

/// Checks every annotation against findings (by rule id and start line).
pub fn check(code: &str, _lines: &LineIndex, findings: &[Finding]) -> Vec<AnnotationCheck> {
    let mut out = Vec::new();
    for a in parse(code) {
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

/// Lines that had a finding of `rule_id` but carry no `ruleid` annotation for it
/// (semgrep --test reports these as failures too).
pub fn unexpected_findings(code: &str, findings: &[Finding], rule_id: &str) -> Vec<u32> {
    let annotations = parse(code);
    let mut lines: Vec<u32> = findings
        .iter()
        .filter(|f| ids_match(&f.rule_id, rule_id))
        .map(|f| f.start.line)
        .filter(|line| {
            !annotations
                .iter()
                .any(|a| a.line == *line && (a.expect_match || a.todo) && a.rule_ids.iter().any(|i| i == rule_id))
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

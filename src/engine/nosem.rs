//! `# nosemgrep` comments: a finding is dropped when the first line of its
//! match carries ` nosemgrep` (or ` nosem`), or the line before it is only
//! such a comment. `nosemgrep: id1, id2` drops only those rules' findings.
//! Read as Semgrep reads them: case does not matter, the marker needs a space
//! before it (`#nosemgrep` is not one), and the line's text is searched as is.

use super::rule::Finding;
use super::source::LineIndex;
use regex::Regex;
use std::sync::OnceLock;

fn inline() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i) nosem(?:grep)?\b(?::\s?(?P<ids>[^,\s]+(?:[,\s]+[^,\s]+)*))?").expect("valid regex"))
}

fn previous_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^[^a-zA-Z0-9]* nosem(?:grep)?\b(?::\s?(?P<ids>[^,\s]+(?:[,\s]+[^,\s]+)*))?").expect("valid regex")
    })
}

/// Whether a marker on `line` (matched by `re`) covers `rule_id`.
fn covers(re: &Regex, line: &str, rule_id: &str) -> bool {
    re.captures_iter(line).any(|c| match c.name("ids") {
        None => true,
        Some(ids) => ids.as_str().split([',', ' ', '\t']).any(|id| id == rule_id),
    })
}

/// Drops the findings a `nosemgrep` comment covers.
pub fn drop_suppressed(src: &str, lines: &LineIndex, findings: &mut Vec<Finding>) {
    // Most files have no marker at all.
    if !src.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"nosem")) {
        return;
    }
    let line_text = |line: usize| -> &str {
        let start = lines.line_start(line) as usize;
        let end = if line + 1 < lines.line_count() { lines.line_start(line + 1) as usize } else { src.len() };
        src.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    };
    findings.retain(|f| {
        let line = (f.start.line as usize).saturating_sub(1);
        let here = covers(inline(), line_text(line), &f.rule_id);
        let above = line > 0 && covers(previous_line(), line_text(line - 1), &f.rule_id);
        !(here || above)
    });
}

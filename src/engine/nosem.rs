//! `# nosemgrep` comments: a finding is dropped when the first line of its
//! match carries ` nosemgrep` (or ` nosem`), or the line before it is only
//! such a comment. `nosemgrep: id1, id2` drops only those rules' findings.
//! Read as Semgrep reads them: case does not matter, the marker needs a space
//! before it (`#nosemgrep` is not one), and the line's text is searched as is.

use super::report::Finding;
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

/// What the markers on a line (matched by `re`) cover: `None` for no marker,
/// `Some(None)` for every rule, `Some(Some(ids))` for those rules.
type Covered = Option<Option<Vec<String>>>;

fn markers(re: &Regex, line: &str) -> Covered {
    let mut ids: Vec<String> = Vec::new();
    let mut any = false;
    for c in re.captures_iter(line) {
        match c.name("ids") {
            None => return Some(None),
            Some(list) => {
                any = true;
                ids.extend(list.as_str().split([',', ' ', '\t']).filter(|id| !id.is_empty()).map(str::to_string));
            }
        }
    }
    any.then_some(Some(ids))
}

fn covers(covered: &Covered, rule_id: &str) -> bool {
    match covered {
        None => false,
        Some(None) => true,
        Some(Some(ids)) => ids.iter().any(|id| id == rule_id),
    }
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
    // Each line is read once, however many findings start on it (a long line may hold thousands).
    let mut seen: rustc_hash::FxHashMap<usize, (Covered, Covered)> = Default::default();
    findings.retain(|f| {
        let line = (f.start.line as usize).saturating_sub(1);
        let (here, above) = seen.entry(line).or_insert_with(|| {
            let above = if line > 0 { markers(previous_line(), line_text(line - 1)) } else { None };
            (markers(inline(), line_text(line)), above)
        });
        !(covers(here, &f.rule_id) || covers(above, &f.rule_id))
    });
}

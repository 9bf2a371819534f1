//! Fixes applied as Semgrep applies them, on bytes.
//!
//! Semgrep 1.187 (`Textedit.ml`, checked with `semgrep --autofix`):
//! - edits are taken in the order the rules found them: rule by rule in the
//!   order of the configuration, each rule's findings in file order. The
//!   first rule to fix a place wins, whichever fix starts first in the file;
//! - an edit identical to one already taken is the same fix, applied once;
//!   an edit that overlaps one already taken is skipped (Semgrep warns
//!   "Autofix failed to apply N fix(es)");
//! - with `--autofix` (not in `--test`), an empty fix that starts a line also
//!   removes the line end right after it (`\r` then `\n`).
//!
//! Edits are byte ranges of their target: the CLI maps a finding's span in the
//! scanned text to the file's own bytes and applies edits there, so bytes
//! outside a fix are never rewritten, whatever the file's encoding.

use super::report::Finding;

/// Replace `start..end` (bytes of the target) with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: Vec<u8>,
}

/// The target with the edits that could be applied, and those that could not.
#[derive(Debug)]
pub struct Applied {
    pub bytes: Vec<u8>,
    /// Distinct edits applied.
    pub applied: usize,
    /// Edits skipped because they overlap an edit taken before them.
    pub skipped: Vec<Edit>,
}

/// The findings that carry a fix, in the order Semgrep takes them: by the
/// rule's place in `rule_order` (rules it does not name after those it does),
/// then by position. `findings` come in file order from the engine.
pub fn in_fix_order<'f>(findings: &'f [Finding], rule_order: &[&str]) -> Vec<&'f Finding> {
    let rank = |f: &Finding| rule_order.iter().position(|id| *id == f.rule_id).unwrap_or(rule_order.len());
    let mut with_fix: Vec<&Finding> = findings.iter().filter(|f| f.fix.is_some()).collect();
    // Stable: findings of one rule keep their file order.
    with_fix.sort_by_key(|f| rank(f));
    with_fix
}

/// Semgrep's `--autofix` widening of an empty fix at the start of a line:
/// the line end after the removed text goes too, so no blank line is left.
pub fn with_line_end_of_empty_fix(target: &[u8], mut edit: Edit) -> Edit {
    let at_line_start = edit.start == 0 || target.get(edit.start - 1) == Some(&b'\n');
    if at_line_start && edit.replacement.is_empty() {
        for byte in [b'\r', b'\n'] {
            if target.get(edit.end) == Some(&byte) {
                edit.end += 1;
            }
        }
    }
    edit
}

/// Takes `edits` in order (see the module comment) and applies those that fit
/// to `target`, last first, so earlier offsets stay valid.
pub fn apply(target: &[u8], edits: Vec<Edit>) -> Applied {
    let mut taken: Vec<Edit> = Vec::new();
    let mut skipped = Vec::new();
    for edit in edits {
        if edit.end > target.len() || edit.start > edit.end || taken.contains(&edit) {
            continue;
        }
        let overlaps = |other: &Edit| !(other.end <= edit.start || edit.end <= other.start);
        if taken.iter().any(overlaps) {
            skipped.push(edit);
        } else {
            taken.push(edit);
        }
    }
    taken.sort_by_key(|edit| std::cmp::Reverse(edit.start));
    let mut bytes = target.to_vec();
    for edit in &taken {
        bytes.splice(edit.start..edit.end, edit.replacement.iter().copied());
    }
    Applied { bytes, applied: taken.len(), skipped }
}

/// The fixes of `findings` applied to the text they were found in (as
/// `semgrep --test` builds a rule's expected `.fixed` output).
pub fn apply_to_text(src: &str, findings: &[Finding], rule_order: &[&str]) -> (String, Applied) {
    let edits = in_fix_order(findings, rule_order)
        .into_iter()
        .filter_map(|f| {
            let span = f.span.within(src);
            Some(Edit { start: span.start as usize, end: span.end as usize, replacement: f.fix.as_deref()?.as_bytes().to_vec() })
        })
        .collect();
    let applied = apply(src.as_bytes(), edits);
    // Edits replace whole characters with text, so the result is text.
    (String::from_utf8_lossy(&applied.bytes).into_owned(), applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit { start, end, replacement: text.as_bytes().to_vec() }
    }

    #[test]
    fn first_taken_wins_and_identical_edits_apply_once() {
        let target = b"foo(bar(1))";
        // `bar(1)` first (its rule came first), then the enclosing `foo(...)`: the second is skipped.
        let applied = apply(target, vec![edit(4, 10, "BAR(1)"), edit(0, 11, "FOO(bar(1))"), edit(4, 10, "BAR(1)")]);
        assert_eq!(applied.bytes, b"foo(BAR(1))");
        assert_eq!(applied.applied, 1);
        assert_eq!(applied.skipped, vec![edit(0, 11, "FOO(bar(1))")]);
        // Touching ranges and insertions at one point do not overlap.
        let applied = apply(b"abc", vec![edit(1, 2, "X"), edit(2, 3, "Y"), edit(0, 0, "<"), edit(3, 3, ">")]);
        assert_eq!(applied.bytes, b"<aXY>");
    }

    #[test]
    fn an_empty_fix_of_a_whole_line_takes_its_line_end() {
        let target = b"a = 1\r\nb = 2\nc = 3";
        let widened = with_line_end_of_empty_fix(target, edit(0, 5, ""));
        assert_eq!((widened.start, widened.end), (0, 7));
        let widened = with_line_end_of_empty_fix(target, edit(7, 12, ""));
        assert_eq!((widened.start, widened.end), (7, 13));
        // Not at a line start, or not empty: unchanged.
        assert_eq!(with_line_end_of_empty_fix(target, edit(2, 5, "")).end, 5);
        assert_eq!(with_line_end_of_empty_fix(target, edit(0, 5, "x")).end, 5);
    }
}

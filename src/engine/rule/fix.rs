//! Fixes: a rule's `fix` (a template with `$X`) or `fix-regex` gives each
//! finding its replacement text; [`apply_fixes`] writes them into the file.
//! [`interpolate`] also fills in messages.

use super::super::matcher::Env;
use super::super::report::Finding;
use super::binding::bound_str;
use super::model::Rule;

/// The replacement text for `matched` (the finding's source text, which
/// starts `column` bytes into its line), when the rule has `fix` or `fix-regex`.
///
/// As Semgrep's textual fix: the metavariables filled in, trailing white
/// space dropped (a `fix: |` block ends in a newline), and every line after
/// the first indented by the match's column. `fix-regex` takes Python's
/// `\1` for a group as well as `$1`. Semgrep gives a match whose range
/// `focus-metavariable` chose (`focused`) no `fix-regex` fix (a taint finding
/// at a focused sink included); its `fix` it does render.
pub(super) fn replacement(rule: &Rule, env: &Env<'_>, src: &str, matched: &str, column: usize, focused: bool) -> Option<String> {
    if let Some(fix) = &rule.fix {
        // Semgrep renders a fix that reads as an expression from its tree when
        // it can (see `fix_ast`), else fills the text in.
        let text = super::fix_ast::render(fix, env, src).unwrap_or_else(|| interpolate(fix, env, src));
        Some(align_nonfirst_lines(text.trim_end(), column))
    } else {
        rule.fix_regex.as_ref().filter(|_| !focused).map(|fix| fix.regex.replace(matched, &python_groups(&fix.replacement), fix.count))
    }
}

/// Every line but the first indented by `column` spaces (Semgrep's `align_nonfirst_lines_at_column`).
fn align_nonfirst_lines(text: &str, column: usize) -> String {
    let padding = " ".repeat(column);
    text.split('\n').enumerate().map(|(i, line)| if i == 0 { line.to_string() } else { format!("{padding}{line}") }).collect::<Vec<_>>().join("\n")
}

/// `\1` (a group, as Python's `re.sub` writes it) as `${1}`.
fn python_groups(replacement: &str) -> String {
    let mut out = String::with_capacity(replacement.len());
    let mut rest = replacement;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push_str(&format!("${{{}}}", &rest[at + 1..at + 1 + digits]));
            rest = &rest[at + 1 + digits..];
        } else {
            out.push('\\');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Replaces `$X` (longest names first) with the bound source text.
pub fn interpolate(template: &str, env: &Env<'_>, src: &str) -> String {
    // Most messages name no metavariable.
    if !template.contains('$') {
        return template.to_string();
    }
    let mut names: Vec<&str> = env.binds().into_iter().map(|(name, _)| &**name).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    let mut out = template.to_string();
    for name in names {
        if let Some(bound) = env.get(name).filter(|_| out.contains(name)) {
            out = out.replace(name, &bound_str(src, bound));
        }
    }
    out
}

/// Applies every finding's fix to `src`, as Semgrep does (see [`crate::engine::autofix`]).
/// Returns the new text and how many fixes were applied.
pub fn apply_fixes(src: &str, findings: &[Finding]) -> (String, usize) {
    let (fixed, applied) = crate::engine::autofix::apply_to_text(src, findings, &[]);
    (fixed, applied.applied)
}

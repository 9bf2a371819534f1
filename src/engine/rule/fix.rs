//! Fixes: a rule's `fix` (a template with `$X`) or `fix-regex` gives each
//! finding its replacement text; [`apply_fixes`] writes them into the file.
//! [`interpolate`] also fills in messages.

use super::super::matcher::Env;
use super::super::report::Finding;
use super::binding::bound_str;
use super::model::Rule;

/// The replacement text for `matched` (the finding's source text), when the
/// rule has `fix` (its metavariables filled in) or `fix-regex`.
pub(super) fn replacement(rule: &Rule, env: &Env<'_>, src: &str, matched: &str) -> Option<String> {
    if let Some(fix) = &rule.fix {
        Some(interpolate(fix, env, src))
    } else {
        rule.fix_regex.as_ref().map(|fix| fix.regex.replace(matched, &fix.replacement, fix.count))
    }
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

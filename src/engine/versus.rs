//! What Semgrep would report, next to what the analyses beyond Semgrep's
//! report (issue 19): the playground marks a finding that exists only because
//! of a precise analysis, and shows (struck) a finding Semgrep reports that a
//! precise analysis removed, naming the analysis when one alone does it.
//!
//! Only rules that run a precise analysis can differ, so only they are run
//! again, in exact mode; a rule that differs is then run once per analysis it
//! runs, that analysis alone, to name the one responsible. A session that
//! runs no precise analysis pays nothing.

use super::precision::{Analysis, Precision};
use super::report::{Finding, Versus};
use super::rule::{self, PreciseMode, Rule};
use super::source::{LineIndex, Span};
use super::tree::Node;
use std::collections::HashSet;

/// One file's trees: `precise` as the session parsed it, `exact` with no
/// constant condition folded (Semgrep's; the same tree unless the session folds them).
#[derive(Clone, Copy)]
pub struct Trees<'t> {
    pub precise: &'t Node,
    pub exact: &'t Node,
}

/// Marks the `findings` that `rules` report under `mode` and Semgrep would
/// not ([`Versus::OnlyPrecise`]), and returns the findings Semgrep reports
/// that are gone, marked [`Versus::Removed`], in order.
pub fn compare(rules: &[&Rule], mode: PreciseMode, trees: Trees<'_>, src: &str, lines: &LineIndex, findings: &mut [Finding]) -> Vec<Finding> {
    let precise: Vec<&Rule> = rules.iter().copied().filter(|r| mode.of(r).any()).collect();
    if precise.is_empty() {
        return Vec::new();
    }
    let (exact, _) = rule::run_rules(&precise, PreciseMode::Exact, trees.exact, src, lines);
    let exact_keys: HashSet<(&str, Span)> = exact.iter().map(key).collect();
    let found_keys: HashSet<(&str, Span)> = findings.iter().map(key).collect();
    // The other rules' findings are Semgrep's whatever the mode: they are not compared.
    let compared: HashSet<&str> = precise.iter().map(|r| r.id.as_str()).collect();
    let removed: Vec<usize> = (0..exact.len()).filter(|&i| !found_keys.contains(&key(&exact[i]))).collect();
    let added: Vec<usize> = (0..findings.len())
        .filter(|&i| compared.contains(findings[i].rule_id.as_str()) && !exact_keys.contains(&key(&findings[i])))
        .collect();
    let mut added_by: Vec<Option<Analysis>> = vec![None; added.len()];
    let mut removed_by: Vec<Option<Analysis>> = vec![None; removed.len()];
    for rule in &precise {
        let mine = |f: &Finding| f.rule_id == rule.id;
        let rule_added: Vec<usize> = (0..added.len()).filter(|&k| mine(&findings[added[k]])).collect();
        let rule_removed: Vec<usize> = (0..removed.len()).filter(|&k| mine(&exact[removed[k]])).collect();
        if rule_added.is_empty() && rule_removed.is_empty() {
            continue;
        }
        let candidates = candidates(rule, mode);
        if let [only] = candidates[..] {
            rule_added.iter().for_each(|&k| added_by[k] = Some(only));
            rule_removed.iter().for_each(|&k| removed_by[k] = Some(only));
            continue;
        }
        for analysis in candidates {
            if rule_added.iter().all(|&k| added_by[k].is_some()) && rule_removed.iter().all(|&k| removed_by[k].is_some()) {
                break;
            }
            let tree = if analysis == Analysis::ConstantConditions { trees.precise } else { trees.exact };
            let (alone, _) = rule::run_rules(&[*rule], PreciseMode::Only(Precision::only(analysis)), tree, src, lines);
            let alone: HashSet<(&str, Span)> = alone.iter().map(key).collect();
            for &k in &rule_added {
                if added_by[k].is_none() && alone.contains(&key(&findings[added[k]])) {
                    added_by[k] = Some(analysis);
                }
            }
            for &k in &rule_removed {
                if removed_by[k].is_none() && !alone.contains(&key(&exact[removed[k]])) {
                    removed_by[k] = Some(analysis);
                }
            }
        }
    }
    for (&i, by) in added.iter().zip(added_by) {
        findings[i].versus = Some(Versus::OnlyPrecise { by });
    }
    let keep: HashSet<usize> = removed.iter().copied().collect();
    let mut by = removed_by.into_iter();
    exact
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, mut finding)| {
            finding.versus = Some(Versus::Removed { by: by.next().flatten() });
            finding
        })
        .collect()
}

/// A finding's identity across runs: its rule and range.
fn key(finding: &Finding) -> (&str, Span) {
    (finding.rule_id.as_str(), finding.span)
}

/// The analyses that can have made `rule`'s results differ from Semgrep's.
/// A search rule runs no dataflow: only constant conditions folded in the
/// tree (the session's all-on mode) change what it matches.
fn candidates(rule: &Rule, mode: PreciseMode) -> Vec<Analysis> {
    let on = mode.of(rule);
    if rule.taint.is_some() {
        on.analyses()
    } else {
        vec![Analysis::ConstantConditions]
    }
}

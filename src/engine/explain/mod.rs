//! Explanations of a rule's verdicts, computed only when asked (issue 21):
//!
//! * [`inspect`]: the rule's formula as a tree ([`ExplainNode`]): each node's
//!   place in the YAML, the ranges it matches, the candidates it leaves, its
//!   time; with nodes turned off on request;
//! * [`why_not`]: why the rule does not report a range, in words tied to the
//!   rule's lines (the operator that removed a candidate there, or the closest
//!   partial match and where it stopped; for taint rules, sink, sources, sanitizers);
//! * [`code_tree`], [`pattern_trees`]: the trees as the engine sees them;
//! * [`warnings`] (and [`warnings_of`], the playground's): silent zeros (metavariables nothing binds, a
//!   `metavariable-regex` nothing passes, the operator that took the matches to zero);
//! * [`rule_times`]: time per rule; [`hit_diff`]: what changed between two runs.
//!
//! The normal scan pays nothing for this: the evaluator runs with no trace
//! ([`super::rule::trace`]), and the matcher's explaining entry point
//! ([`super::matcher::match_part`]) is called only from here. No clock is
//! read here: time comes from a clock function the caller passes (the app's
//! `performance.now`, the CLI's `Instant`), so the module stays I/O-free.
//!
//! * `api`: the plain data (serde); `place`: YAML positions of a rule's nodes;
//!   `inspect`: the tree; `whynot`, `whytaint` (taint rules) and
//!   `nearmiss`: the answers; `trees`;
//!   `lint`: silent zeros.
//!
//! Depends on rule (model, trace), config (YAML places), matcher, pattern,
//! session, taint (where a traced taint walk stopped) and the tree; nothing
//! in the engine depends on it.

mod api;
mod inspect;
mod lint;
mod nearmiss;
mod place;
mod trees;
mod whynot;
mod whytaint;

pub use api::{
    CodeRange, ExplainNode, HitDiff, InspectOptions, Inspection, NodePath, Operator, PatternTree, Reason, ReasonKind, RuleTime, TreeNode, WhyNot,
};

use super::report::Diagnostic;
use super::rule::trace::Trace;
use super::rule::tracer::Tracer;
use super::rule::Rule;
use super::session::Session;
use super::source::{LineIndex, Span};
use inspect::{bare_range, code_range, Builder, Listing};
use place::RuleYaml;

/// The rule with `rule_id` among the session's.
fn find_rule(session: &Session, rule_id: &str) -> Result<Rule, String> {
    session.rules().iter().find(|r| r.id == rule_id).cloned().ok_or_else(|| format!("no rule `{rule_id}` is loaded"))
}

/// Inspects one rule of the session on its code: the formula tree with each
/// node's matches (see [`ExplainNode`]), with `options.disabled` nodes turned
/// off. `rules_yaml` is the text the rules were loaded from (for the nodes'
/// places; any other text leaves them unplaced). With `clock` (milliseconds),
/// nodes and the rule are timed.
pub fn inspect(session: &mut Session, rules_yaml: &str, rule_id: &str, options: &InspectOptions, clock: Option<&dyn Fn() -> f64>) -> Result<Inspection, String> {
    let rule = find_rule(session, rule_id)?;
    let yaml = RuleYaml::new(rules_yaml, rule_id);
    let mode = session.precise();
    let (root, src) = session.tree();
    let lines = LineIndex::new(src);
    let tracer = Tracer::new(root, src, mode);
    let mut diagnostics = Vec::new();
    // Drop the disabled nodes (the later of two siblings first, so that indexes hold).
    let mut disabled: Vec<NodePath> = options.disabled.clone();
    disabled.sort();
    disabled.dedup();
    disabled.retain(|p| !options.disabled.iter().any(|q| q.len() < p.len() && p.starts_with(q)));
    let mut ran = rule.clone();
    let mut dropped = Vec::new();
    for path in disabled.iter().rev() {
        match inspect::remove_at(&mut ran, path) {
            Ok(()) => dropped.push(path.clone()),
            Err(e) => {
                let mut d = Diagnostic::at(rules_yaml, &LineIndex::new(rules_yaml), Span::new(0, 0), format!("cannot turn off node {path:?}: {e}"));
                d.severity = "warning".into();
                d.rule_id = Some(rule.id.clone());
                diagnostics.push(d);
            }
        }
    }
    let trace = Trace::new(clock);
    let started = clock.map(|c| c());
    let results = tracer.run(&ran, &trace);
    let time_ms = clock.zip(started).map(|(c, s)| c() - s);
    let listing = Listing { max: options.max_ranges.unwrap_or(usize::MAX), bindings: !options.no_bindings };
    let builder = Builder { yaml: &yaml, tracer: &tracer, trace: &trace, src, lines: &lines, listing };
    let tree = if dropped.is_empty() {
        // The trace's records are keyed by the parts of the rule that ran.
        builder.rule(&ran)
    } else {
        let ran_tree = builder.rule(&ran);
        let empty = Trace::new(None);
        let whole = Builder { trace: &empty, ..builder };
        let mut shown = whole.rule(&rule);
        inspect::merge(&mut shown, &ran_tree, &dropped);
        shown
    };
    Ok(Inspection {
        rule_id: rule.id.clone(),
        root: tree,
        results: results.iter().map(|r| if listing.bindings { code_range(src, &lines, r) } else { bare_range(src, &lines, r) }).collect(),
        time_ms,
        diagnostics,
    })
}

/// The range a "why not" question is about: a selection as it is; a caret
/// (an empty range) stands for its line, from its first non-blank character.
fn asked_range(src: &str, asked: Span) -> Span {
    let asked = asked.within(src);
    if !asked.is_empty() {
        return asked;
    }
    let at = asked.start as usize;
    let start = src[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = src[at..].find('\n').map_or(src.len(), |n| at + n);
    let indent = src[start..end].len() - src[start..end].trim_start().len();
    Span::new((start + indent) as u32, end as u32)
}

/// Why the rule does not report `asked` (a selection, or a caret: its line).
pub fn why_not(session: &mut Session, rules_yaml: &str, rule_id: &str, asked: Span) -> Result<WhyNot, String> {
    let rule = find_rule(session, rule_id)?;
    let yaml = RuleYaml::new(rules_yaml, rule_id);
    let mode = session.precise();
    let (root, src) = session.tree();
    let lines = LineIndex::new(src);
    let asked = asked_range(src, asked);
    let tracer = Tracer::new(root, src, mode);
    let trace = Trace::new(None);
    let results = tracer.run(&rule, &trace);
    let builder = Builder { yaml: &yaml, tracer: &tracer, trace: &trace, src, lines: &lines, listing: Listing::ALL };
    let tree = builder.rule(&rule);
    let asker = whynot::Asker { tracer: &tracer, trace: &trace, src, lines: &lines, asked };
    let reasons = asker.rule(&rule, &tree, &results);
    let text = reasons.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join("\n");
    Ok(WhyNot { rule_id: rule.id.clone(), asked, reasons, text })
}

/// The code's tree as the engine sees it; with `within`, only the innermost
/// statement (or the module) that contains that range.
pub fn code_tree(session: &mut Session, within: Option<Span>) -> TreeNode {
    let (root, src) = session.tree();
    let node = match within {
        Some(span) => {
            let index = super::matcher::TreeIndex::new(root);
            index.path_to(span).into_iter().rev().find(|n| n.kind.is_stmt()).unwrap_or(root)
        }
        None => root,
    };
    trees::code_tree(node, src)
}

/// Every pattern of a rule as the engine read it, each with its formula node.
pub fn pattern_trees(session: &Session, rule_id: &str) -> Result<Vec<PatternTree>, String> {
    let rule = find_rule(session, rule_id)?;
    Ok(trees::patterns_of(&rule).into_iter().map(|(path, pattern)| trees::pattern_tree(pattern, path)).collect())
}

/// Silent zeros of every rule of the session on its code, as warnings placed
/// in `rules_yaml` (the text the rules were loaded from).
pub fn warnings(session: &mut Session, rules_yaml: &str) -> Vec<Diagnostic> {
    warnings_of(session, rules_yaml, &|_| true)
}

/// Silent zeros as [`warnings`] finds them, with the traced run on the code
/// only for the rules `traced` names (the playground's: the rules that found
/// nothing); the others get the checks that read the rule alone (a
/// metavariable nothing binds), which cost no matching.
pub fn warnings_of(session: &mut Session, rules_yaml: &str, traced: &dyn Fn(&Rule) -> bool) -> Vec<Diagnostic> {
    let rules: Vec<Rule> = session.rules().to_vec();
    let yaml_lines = LineIndex::new(rules_yaml);
    let mode = session.precise();
    let (root, src) = session.tree();
    let lines = LineIndex::new(src);
    let tracer = Tracer::new(root, src, mode);
    // The rules not traced are read on an empty module: building their tree
    // searches each node, and nothing is there to find.
    let nothing = super::python::ParseCache::default().parse("", None);
    let reader = Tracer::new(&nothing.root, "", mode);
    let no_lines = LineIndex::new("");
    let mut out = Vec::new();
    for rule in &rules {
        let yaml = RuleYaml::new(rules_yaml, &rule.id);
        let trace = Trace::new(None);
        let run = traced(rule);
        let results = if run { tracer.run(rule, &trace).len() } else { 0 };
        let builder = if run {
            Builder { yaml: &yaml, tracer: &tracer, trace: &trace, src, lines: &lines, listing: Listing::ALL }
        } else {
            Builder { yaml: &yaml, tracer: &reader, trace: &trace, src: "", lines: &no_lines, listing: Listing::ALL }
        };
        let tree = builder.rule(rule);
        let mut found = Vec::new();
        let message_vars = lint::unbound(rule, &tree, &mut found);
        if run {
            lint::from_run(rule, &tree, &trace, results, &mut found);
        }
        let place = |offset: Option<u32>, len: usize| match offset {
            Some(at) => Span::new(at, at + len as u32),
            None => Span::new(0, 0),
        };
        for warning in found {
            let span = place(warning.node.place.map(|p| p.offset), warning.node.operator.key().len());
            out.push(warn(rules_yaml, &yaml_lines, span, &rule.id, warning.message));
        }
        if !message_vars.is_empty() {
            let at = yaml.place(&[place::key("message")]);
            let span = place(at.map(|p| p.offset), "message".len());
            let names = message_vars.join(", ");
            out.push(warn(rules_yaml, &yaml_lines, span, &rule.id, format!("the message uses {names}, which no pattern binds: it is printed as written")));
        }
    }
    out
}

fn warn(yaml: &str, lines: &LineIndex, span: Span, rule_id: &str, message: String) -> Diagnostic {
    let mut d = Diagnostic::at(yaml, lines, span, message);
    d.severity = "warning".into();
    d.rule_id = Some(rule_id.to_string());
    d
}

/// Time per rule of the session on its code (each rule alone, in rule order),
/// in milliseconds of `clock`.
pub fn rule_times(session: &mut Session, clock: &dyn Fn() -> f64) -> Vec<RuleTime> {
    let rules: Vec<Rule> = session.rules().to_vec();
    let mode = session.precise();
    let (root, src) = session.tree();
    let tracer = Tracer::new(root, src, mode);
    rules
        .iter()
        .map(|rule| {
            let started = clock();
            tracer.results_alone(rule);
            RuleTime { rule_id: rule.id.clone(), time_ms: clock() - started }
        })
        .collect()
}

/// What changed between two result sets: ranges only in `after` (added) and
/// only in `before` (removed), each in order.
pub fn hit_diff(before: &[Span], after: &[Span]) -> HitDiff {
    let mut old: Vec<Span> = before.to_vec();
    let mut new: Vec<Span> = after.to_vec();
    old.sort();
    new.sort();
    HitDiff {
        added: new.iter().filter(|s| old.binary_search(s).is_err()).copied().collect(),
        removed: old.iter().filter(|s| new.binary_search(s).is_err()).copied().collect(),
    }
}

#[cfg(test)]
mod tests;

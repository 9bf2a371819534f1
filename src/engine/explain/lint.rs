//! Silent zeros: rules that load but cannot match what their author meant,
//! found by reading the rule (a metavariable used that nothing binds) and by
//! one traced run on the code (a `metavariable-regex` that none of the bound
//! values passes; a rule whose first pattern matches but which ends with
//! nothing, and the operator that took the last candidates). Each is a
//! warning at the operator's place in the YAML.

use super::super::rule::trace::Trace;
use super::super::rule::{Formula, Rule, Term};
use super::api::ExplainNode;
use super::inspect::term_node;
use super::whynot::evaluation_order;
use std::collections::BTreeSet;

/// A warning about the node (its message; the caller places it).
pub(super) struct Warning<'n> {
    pub(super) node: &'n ExplainNode,
    pub(super) message: String,
}

/// The metavariables a pattern text names (`$X`, `$...ARGS`, `$_`), as written.
pub(super) fn metavariables_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let dots = text[i + 1..].starts_with("...");
            let start = i + 1 + if dots { 3 } else { 0 };
            let end = text[start..].find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')).map_or(text.len(), |n| start + n);
            if end > start && !text.as_bytes()[start].is_ascii_digit() {
                out.insert(format!("${}", &text[start..end]));
                if dots {
                    out.insert(text[i..end].to_string());
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The metavariables a formula binds (patterns' metavariables, a regex's named groups).
fn binds(formula: &Formula, text_of: &dyn Fn(&Formula) -> String) -> BTreeSet<String> {
    match formula {
        Formula::Pattern(p) => metavariables_in(&p.text),
        Formula::Generic(_) => metavariables_in(&text_of(formula)),
        Formula::Regex(re) => {
            let text = re.as_str();
            let mut out = BTreeSet::new();
            for (i, _) in text.match_indices("(?P<") {
                if let Some(end) = text[i + 4..].find('>') {
                    out.insert(format!("${}", &text[i + 4..i + 4 + end]));
                }
            }
            out
        }
        Formula::Or(items) => items.iter().flat_map(|f| binds(f, text_of)).collect(),
        Formula::And(terms) => terms
            .iter()
            .flat_map(|t| match t {
                Term::Positive(f) | Term::Inside(f) => binds(f, text_of),
                Term::MetavariablePattern { formula, .. } => binds(formula, text_of),
                _ => BTreeSet::new(),
            })
            .collect(),
    }
}

/// Metavariables used by conditions, focus or the message that nothing binds.
pub(super) fn unbound<'n>(rule: &Rule, tree: &'n ExplainNode, out: &mut Vec<Warning<'n>>) -> Vec<String> {
    let text_of = |_: &Formula| String::new();
    if rule.taint.is_some() {
        return Vec::new();
    }
    check_formula(&rule.formula, tree, &BTreeSet::new(), &text_of, out);
    let bound = binds(&rule.formula, &text_of);
    metavariables_in(&rule.message).into_iter().filter(|m| !m.starts_with("$...") && !bound.contains(m)).collect()
}

fn check_formula<'n>(formula: &Formula, node: &'n ExplainNode, outer: &BTreeSet<String>, text_of: &dyn Fn(&Formula) -> String, out: &mut Vec<Warning<'n>>) {
    match formula {
        Formula::Or(items) => {
            for (item, child) in items.iter().zip(&node.children) {
                check_formula(item, child, outer, text_of, out);
            }
        }
        Formula::And(terms) => {
            let mut bound = outer.clone();
            bound.extend(binds(formula, text_of));
            for (term, child) in terms.iter().zip(&node.children) {
                let used: Vec<String> = match term {
                    Term::MetavariableRegex { name, .. }
                    | Term::MetavariablePattern { name, .. }
                    | Term::MetavariableAnalysis { name, .. }
                    | Term::MetavariableType { name, .. } => vec![name.clone()],
                    Term::MetavariableComparison { .. } => metavariables_in(&child.text).into_iter().collect(),
                    Term::Focus(names) => names.clone(),
                    _ => Vec::new(),
                };
                for name in used.into_iter().filter(|n| !bound.contains(n)) {
                    out.push(Warning {
                        node: child,
                        message: format!("`{}` uses {name}, which no pattern of this `patterns` binds: it can never pass", child.operator.key()),
                    });
                }
                match term {
                    Term::Positive(f) => check_formula(f, child, &bound, text_of, out),
                    Term::MetavariablePattern { formula, .. } => {
                        if let Some(inner) = child.children.first() {
                            check_formula(formula, inner, &bound, text_of, out);
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// From a traced run: a `metavariable-regex` no candidate passes, and the
/// operator that took a rule's matches to zero while its first pattern matched.
pub(super) fn from_run<'n>(rule: &Rule, tree: &'n ExplainNode, trace: &Trace<'_>, results: usize, out: &mut Vec<Warning<'n>>) {
    if rule.taint.is_some() {
        return;
    }
    regexes_never_match(&rule.formula, tree, trace, out);
    let Formula::And(terms) = &rule.formula else { return };
    if results > 0 {
        return;
    }
    let order = evaluation_order(terms);
    let Some(&first) = order.first() else { return };
    let start = trace.term(&terms[first]).map_or(0, |r| r.hits.len());
    if start == 0 {
        return;
    }
    for &i in &order[1..] {
        if trace.term(&terms[i]).is_none_or(|r| r.hits.is_empty()) {
            let node = &tree.children[i];
            let at = node.place.map_or(String::new(), |p| format!(" at line {}", p.line));
            out.push(Warning {
                node,
                message: format!(
                    "the rule matches nothing here, though its first pattern matches {start} time{}: `{}`{at} removes the last candidates",
                    if start == 1 { "" } else { "s" },
                    node.operator.key()
                ),
            });
            return;
        }
    }
}

fn regexes_never_match<'n>(formula: &Formula, node: &'n ExplainNode, trace: &Trace<'_>, out: &mut Vec<Warning<'n>>) {
    match formula {
        Formula::Or(items) => items.iter().zip(&node.children).for_each(|(f, n)| regexes_never_match(f, n, trace, out)),
        Formula::And(terms) => {
            let order = evaluation_order(terms);
            for (k, &i) in order.iter().enumerate() {
                if let Term::Positive(f) = &terms[i] {
                    regexes_never_match(f, term_node(node, i), trace, out);
                }
                let Term::MetavariableRegex { name, .. } = &terms[i] else { continue };
                let Some(before) = k.checked_sub(1).and_then(|p| trace.term(&terms[order[p]])) else { continue };
                let after = trace.term(&terms[i]).map_or(0, |r| r.hits.len());
                if before.hits.is_empty() || after > 0 {
                    continue;
                }
                let mut values: Vec<String> = before.hits.iter().filter_map(|h| h.bound(name)).map(|b| b.text.clone()).collect();
                values.sort();
                values.dedup();
                if values.is_empty() {
                    continue;
                }
                let child = term_node(node, i);
                let regex = child.text.split_once(" =~ ").map_or(child.text.as_str(), |(_, re)| re);
                let shown: Vec<String> = values.iter().take(3).map(|v| format!("`{v}`")).collect();
                let more = if values.len() > 3 { format!(" and {} more", values.len() - 3) } else { String::new() };
                out.push(Warning {
                    node: child,
                    message: format!(
                        "`metavariable-regex` on {name} never matches here: {name} binds {}{more} at the {} candidate{}, and {regex} (anchored at the start) matches none of them",
                        shown.join(", "),
                        before.hits.len(),
                        if before.hits.len() == 1 { "" } else { "s" }
                    ),
                });
            }
        }
        _ => {}
    }
}

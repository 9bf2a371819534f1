//! Why not here: for a code range the rule does not report, the reason in
//! words tied to the rule's own lines.
//!
//! A search rule's formula is followed down from the root. Where a
//! `patterns` had candidates at the range (its first positive term matched
//! there), its terms are replayed in Semgrep's order (positive terms, then
//! `pattern-inside`/`-not`/`-not-inside`, then the `metavariable-*`
//! conditions, then `focus-metavariable`) on the recorded candidates, and the
//! term after which none is left at the range is the answer. Where nothing
//! matched at all, the answer is the closest partial match ([`nearmiss`]).
//! A taint rule is asked whether a sink matches here, whether a source
//! matches (in the file, in the sink's function), and where the taint walk
//! stopped on the way (`whytaint`).

use super::super::pattern::{span_in_text, Pattern};
use super::super::rule::trace::{Trace, Traced};
use super::super::rule::tracer::Tracer;
use super::super::rule::{Formula, Rule, Term};
use super::super::source::{LineIndex, Span};
use super::api::{ExplainNode, Reason, ReasonKind};
use super::inspect::{code_range, formula_node, term_node};
use super::nearmiss::{closest, Near};

pub(super) struct Asker<'a, 't, 's> {
    pub(super) tracer: &'a Tracer<'t, 's>,
    pub(super) trace: &'a Trace<'a>,
    pub(super) src: &'s str,
    pub(super) lines: &'a LineIndex,
    pub(super) asked: Span,
}

/// Whether a range is at the asked one (overlapping or touching).
pub(super) fn at(span: Span, asked: Span) -> bool {
    span.start <= asked.end && asked.start <= span.end
}

/// The strength of an answer that names the term which removed a candidate.
const REMOVED: u8 = 200;

/// What a formula's part says about the asked range.
pub(super) enum Outcome {
    /// It matches there.
    Matched,
    /// It does not; why (the strength orders answers: a candidate removed by
    /// a term ([`REMOVED`]) says more than a near miss (1 + how deep it got;
    /// of a `pattern-either`'s items only the closest are told), which says
    /// more than nothing (0)).
    Not(Vec<Reason>, u8),
}

impl Asker<'_, '_, '_> {
    /// The answer for a whole rule, given its tree and results.
    pub(super) fn rule(&self, rule: &Rule, tree: &ExplainNode, results: &[Traced]) -> Vec<Reason> {
        let reported: Vec<&Traced> = results.iter().filter(|r| at(r.span, self.asked)).collect();
        if !reported.is_empty() {
            return reported
                .into_iter()
                .map(|r| self.reason(ReasonKind::Reported, format!("the rule reports this: line {} (`{}`)", self.line(r.span.start), self.snippet(r.span)), None, Some(r)))
                .collect();
        }
        match &rule.taint {
            Some(spec) => self.taint(spec, self.tracer.precision(rule), tree),
            None => match self.formula(&rule.formula, tree) {
                Outcome::Not(reasons, _) if !reasons.is_empty() => reasons,
                _ => vec![self.reason(ReasonKind::NoCandidate, "the rule's formula matches here, but the rule reports nothing here (its result is elsewhere in the same range)".into(), Some(tree), None)],
            },
        }
    }

    pub(super) fn line(&self, offset: u32) -> usize {
        self.lines.line_of(offset) + 1
    }

    pub(super) fn snippet(&self, span: Span) -> String {
        let text = self.src.get(span.start as usize..span.end as usize).unwrap_or("");
        let first = text.lines().next().unwrap_or("");
        if first.chars().count() > 60 || first.len() < text.len() {
            format!("{}...", first.chars().take(60).collect::<String>())
        } else {
            first.to_string()
        }
    }

    /// `pattern-not at rule line 9` (or without the line when it is not known).
    pub(super) fn named(node: &ExplainNode) -> String {
        match node.place {
            Some(place) => format!("`{}` at rule line {}", node.operator.key(), place.line),
            None => format!("`{}`", node.operator.key()),
        }
    }

    pub(super) fn reason(&self, kind: ReasonKind, message: String, node: Option<&ExplainNode>, code: Option<&Traced>) -> Reason {
        Reason {
            kind,
            message,
            node: node.map(|n| n.path.clone()),
            place: node.and_then(|n| n.place),
            code: code.map(|c| code_range(self.src, self.lines, c)),
            pattern_span: None,
            pattern_text: None,
        }
    }

    pub(super) fn formula(&self, formula: &Formula, node: &ExplainNode) -> Outcome {
        if node.matches.iter().any(|m| at(m.span, self.asked)) {
            return Outcome::Matched;
        }
        match formula {
            Formula::Pattern(pattern) => self.near(pattern, node, self.asked),
            Formula::Regex(_) | Formula::Generic(_) => Outcome::Not(
                vec![self.reason(ReasonKind::NoCandidate, format!("{} matches nothing here", Asker::named(node)), Some(node), None)],
                0,
            ),
            Formula::Or(items) => {
                let mut best: (Vec<Reason>, u8) = (Vec::new(), 0);
                for (item, child) in items.iter().zip(&node.children) {
                    match self.formula(item, child) {
                        Outcome::Matched => return Outcome::Matched,
                        Outcome::Not(reasons, strength) if strength > best.1 || best.0.is_empty() => best = (reasons, strength),
                        Outcome::Not(reasons, strength) if strength == best.1 => best.0.extend(reasons),
                        Outcome::Not(..) => {}
                    }
                }
                Outcome::Not(best.0, best.1)
            }
            Formula::And(terms) => self.and(terms, node),
        }
    }

    /// A pattern with no match at `range`: its closest partial match there.
    fn near(&self, pattern: &Pattern, node: &ExplainNode, range: Span) -> Outcome {
        let named = Asker::named(node);
        match closest(pattern, self.tracer.root(), self.src, range) {
            Near::Miss(miss) => {
                let code = Traced { span: miss.code, bindings: Vec::new() };
                let mut reason = self.reason(
                    ReasonKind::NearMiss,
                    format!("{named} (`{}`) comes closest at line {}: {}", first_line(&pattern.text), self.line(miss.code.start), miss.reason),
                    Some(node),
                    Some(&code),
                );
                let (text, span) = span_in_text(&pattern.text, miss.pattern);
                reason.pattern_text = Some(text);
                reason.pattern_span = Some(span);
                Outcome::Not(vec![reason], 1 + miss.depth.min(150) as u8)
            }
            Near::Nothing(what) => Outcome::Not(
                vec![self.reason(ReasonKind::NoCandidate, format!("{named} (`{}`) matches nothing here: {what}", first_line(&pattern.text)), Some(node), None)],
                0,
            ),
            Near::Anything => Outcome::Not(
                vec![self.reason(ReasonKind::NoCandidate, format!("{named} (`{}`) matches nothing here", first_line(&pattern.text)), Some(node), None)],
                0,
            ),
        }
    }

    fn and(&self, terms: &[Term], node: &ExplainNode) -> Outcome {
        let order = evaluation_order(terms);
        let Some(&first) = order.first() else { return Outcome::Not(Vec::new(), 0) };
        let first_node = term_node(node, first);
        let mut candidates: Vec<Traced> = self.kept(&terms[first]).into_iter().filter(|h| at(h.span, self.asked)).collect();
        if candidates.is_empty() {
            // Nothing to filter here: why the first term has nothing here.
            let formula = match &terms[first] {
                Term::Positive(f) | Term::Inside(f) => f,
                _ => return Outcome::Not(Vec::new(), 0),
            };
            return match self.formula(formula, formula_node(&terms[first], first_node)) {
                Outcome::Matched => Outcome::Not(
                    vec![self.reason(ReasonKind::NoCandidate, format!("{} matches here, but not as a candidate of its `patterns`", Asker::named(first_node)), Some(first_node), None)],
                    0,
                ),
                not => not,
            };
        }
        for &i in &order[1..] {
            let term = &terms[i];
            let after: Vec<Traced> = self.kept(term).into_iter().filter(|h| at(h.span, self.asked)).collect();
            if after.is_empty() {
                return Outcome::Not(self.removed(term, term_node(node, i), &candidates), REMOVED);
            }
            candidates = after;
        }
        Outcome::Matched
    }

    fn kept(&self, term: &Term) -> Vec<Traced> {
        self.trace.term(term).map(|r| r.hits).unwrap_or_default()
    }

    /// Why `term` (its tree node `node`) removed the `candidates` at the asked range.
    fn removed(&self, term: &Term, node: &ExplainNode, candidates: &[Traced]) -> Vec<Reason> {
        let named = Asker::named(node);
        let candidate = &candidates[0];
        let where_ = format!("line {} (`{}`)", self.line(candidate.span.start), self.snippet(candidate.span));
        let own_around = |f: &Formula| -> Option<Span> {
            let _ = f;
            node.matches.iter().map(|m| m.span).filter(|s| s.contains(candidate.span)).min_by_key(|s| s.len())
        };
        let (kind, message) = match term {
            Term::Positive(formula) => {
                let detail = match formula {
                    Formula::Pattern(p) => match closest(p, self.tracer.root(), self.src, candidate.span) {
                        Near::Miss(miss) => format!(": {}", miss.reason),
                        _ => String::new(),
                    },
                    _ => String::new(),
                };
                (ReasonKind::NoSameRange, format!("a candidate at {where_} was removed: {named} does not match the same range{detail}"))
            }
            Term::Not(_) => (ReasonKind::RemovedByNot, format!("a candidate at {where_} was removed: {named} matched it")),
            Term::Inside(formula) => {
                let detail = match own_around(formula) {
                    Some(region) => format!(
                        "; its match at lines {}-{} contains it but binds a metavariable to other code",
                        self.line(region.start),
                        self.line(region.end)
                    ),
                    None if node.matches.is_empty() => "; it matches nothing in this file".to_string(),
                    None => String::new(),
                };
                (ReasonKind::NotInside, format!("a candidate at {where_} was removed: no match of {named} contains it{detail}"))
            }
            Term::NotInside(formula) => {
                let detail = own_around(formula).map_or(String::new(), |r| format!(" (its match at lines {}-{})", self.line(r.start), self.line(r.end)));
                (ReasonKind::InsideNotInside, format!("a candidate at {where_} was removed: {named} matches around it{detail}"))
            }
            Term::MetavariableRegex { name, .. } => {
                let regex = node.text.split_once(" =~ ").map_or(node.text.as_str(), |(_, re)| re);
                let message = match candidate.bound(name) {
                    Some(b) => format!("a candidate at {where_} was removed: {named} on {name}: `{}` does not match {regex}", b.text),
                    None => format!("a candidate at {where_} was removed: {named}: {name} is not bound there"),
                };
                (ReasonKind::MetavariableCondition, message)
            }
            Term::MetavariablePattern { name, .. } => {
                let message = match candidate.bound(name) {
                    Some(b) => format!("a candidate at {where_} was removed: {named} on {name}: its patterns do not match `{}`", b.text),
                    None => format!("a candidate at {where_} was removed: {named}: {name} is not bound there"),
                };
                (ReasonKind::MetavariableCondition, message)
            }
            Term::MetavariableComparison { .. } => {
                let values: Vec<String> = candidate.bindings.iter().filter(|b| node.text.contains(b.name.as_str())).map(|b| format!("{} = {}", b.name, b.text)).collect();
                let with = if values.is_empty() { String::new() } else { format!(" with {}", values.join(", ")) };
                (ReasonKind::MetavariableCondition, format!("a candidate at {where_} was removed: {named}: `{}` is false{with}", node.text))
            }
            Term::MetavariableType { name, types } => {
                let bound = candidate.bound(name).map_or("nothing".to_string(), |b| format!("`{}`", b.text));
                (ReasonKind::MetavariableCondition, format!("a candidate at {where_} was removed: {named}: {name} ({bound}) is not known to be of type {}", types.join(" or ")))
            }
            Term::MetavariableAnalysis { name, .. } => {
                let bound = candidate.bound(name).map_or("nothing".to_string(), |b| format!("`{}`", b.text));
                (ReasonKind::MetavariableCondition, format!("a candidate at {where_} was removed: {named}: {name} ({bound}) does not pass `{}`", node.text))
            }
            Term::Focus(names) => {
                let moved: Vec<String> = names
                    .iter()
                    .map(|n| match candidate.bound(n) {
                        Some(b) if candidate.span.contains(b.span) => format!("{n} at line {} (`{}`)", self.line(b.span.start), self.snippet(b.span)),
                        Some(b) => format!("{n}, which is bound outside the candidate (line {}), so nothing is left", self.line(b.span.start)),
                        None => format!("{n}, which is not bound"),
                    })
                    .collect();
                (ReasonKind::FocusMoved, format!("a candidate at {where_} was moved elsewhere: {named} narrows it to {}", moved.join(" and ")))
            }
        };
        vec![self.reason(kind, message, Some(node), Some(candidate))]
    }
}

/// The first line of a pattern, for quoting it.
fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    if line.len() < text.trim().len() {
        format!("{line} ...")
    } else {
        line.to_string()
    }
}

/// The indexes of a `patterns`'s terms in the order they apply (Semgrep's):
/// positive terms, then `pattern-inside` / `-not` / `-not-inside` (with no
/// positive term, the last `pattern-inside` gives the candidates and goes
/// first), then the `metavariable-*` conditions, then `focus-metavariable`.
pub(super) fn evaluation_order(terms: &[Term]) -> Vec<usize> {
    let positive: Vec<usize> = (0..terms.len()).filter(|&i| matches!(terms[i], Term::Positive(_))).collect();
    let base = if positive.is_empty() { (0..terms.len()).rev().find(|&i| matches!(terms[i], Term::Inside(_))) } else { None };
    let mut order = positive;
    order.extend(base);
    order.extend((0..terms.len()).filter(|&i| Some(i) != base && matches!(terms[i], Term::Inside(_) | Term::Not(_) | Term::NotInside(_))));
    order.extend((0..terms.len()).filter(|&i| {
        matches!(
            terms[i],
            Term::MetavariableRegex { .. }
                | Term::MetavariablePattern { .. }
                | Term::MetavariableComparison { .. }
                | Term::MetavariableType { .. }
                | Term::MetavariableAnalysis { .. }
        )
    }));
    order.extend((0..terms.len()).filter(|&i| matches!(terms[i], Term::Focus(_))));
    order
}

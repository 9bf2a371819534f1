//! Inspect: a rule's formula as a tree ([`ExplainNode`]), each node with its
//! place in the YAML, the ranges it matches on its own, the candidates left
//! after it (for a term of `patterns`) and its time; and a rule with some of
//! its nodes turned off.
//!
//! The tree follows the model: a positive term is its formula's node;
//! `pattern-not`/`-inside`/`-not-inside` of a pattern or regex are leaves, of
//! a nested formula a node with that formula as its one child; a
//! `metavariable-pattern` has its formula as its child; a taint rule's root
//! has its sources, sinks, sanitizers and propagators as children (in that
//! order), each with its formula as its one child.

use super::super::config::place::Step;
use super::super::rule::trace::{Trace, Traced};
use super::super::rule::tracer::Tracer;
use super::super::rule::{Formula, MetavariableAnalyzer, Rule, TaintSpec, Term};
use super::super::source::LineIndex;
use super::api::{CodeRange, ExplainNode, NodePath, Operator};
use super::place::{join, key, RuleYaml};
use super::super::report::BindingOut;

/// Builds the tree of one rule (with or without a trace of a run).
pub(super) struct Builder<'a, 'y, 't, 's> {
    pub(super) yaml: &'a RuleYaml<'y>,
    pub(super) tracer: &'a Tracer<'t, 's>,
    pub(super) trace: &'a Trace<'a>,
    pub(super) src: &'s str,
    pub(super) lines: &'a LineIndex,
    pub(super) listing: Listing,
}

/// How much of each node's ranges the tree lists (see [`super::InspectOptions`]).
#[derive(Clone, Copy)]
pub(super) struct Listing {
    /// At most this many ranges per node (`matches`, `kept`).
    pub(super) max: usize,
    /// With what the metavariables bind at each.
    pub(super) bindings: bool,
}

impl Listing {
    /// Every range, with its bindings (what the answers read).
    pub(super) const ALL: Listing = Listing { max: usize::MAX, bindings: true };
}

/// A code range for people, with its bindings.
pub(super) fn code_range(src: &str, lines: &LineIndex, hit: &Traced) -> CodeRange {
    let mut range = bare_range(src, lines, hit);
    range.bindings = hit
        .bindings
        .iter()
        .map(|b| BindingOut {
            name: b.name.clone(),
            text: b.text.clone(),
            span: b.span,
            start: lines.position(src, b.span.start),
            end: lines.position(src, b.span.end),
        })
        .collect();
    range
}

/// A code range for people, without its bindings.
pub(super) fn bare_range(src: &str, lines: &LineIndex, hit: &Traced) -> CodeRange {
    CodeRange { span: hit.span, start: lines.position(src, hit.span.start), end: lines.position(src, hit.span.end), bindings: Vec::new() }
}

impl Builder<'_, '_, '_, '_> {
    fn node(&self, operator: Operator, text: String, ypath: &[Step], path: NodePath) -> ExplainNode {
        ExplainNode {
            place: self.yaml.place(ypath),
            path,
            operator,
            text,
            matches: Vec::new(),
            count: 0,
            kept: None,
            left: None,
            time_ms: None,
            disabled: false,
            children: Vec::new(),
        }
    }

    fn set_matches(&self, node: &mut ExplainNode, hits: &[Traced]) {
        let range = if self.listing.bindings { code_range } else { bare_range };
        node.matches = hits.iter().take(self.listing.max).map(|h| range(self.src, self.lines, h)).collect();
        node.count = hits.len();
    }

    /// What `formula` matches on its own: its record in the trace, or a search now.
    pub(super) fn own(&self, formula: &Formula) -> (Vec<Traced>, Option<f64>) {
        match self.trace.formula(formula) {
            Some(record) => (record.hits, Some(record.time_ms).filter(|_| self.trace.timed())),
            None => (self.tracer.alone(formula), None),
        }
    }

    /// The tree of a whole rule.
    pub(super) fn rule(&self, rule: &Rule) -> ExplainNode {
        match &rule.taint {
            Some(spec) => self.taint(spec),
            None => {
                let k = ["pattern", "patterns", "pattern-either", "pattern-regex"]
                    .into_iter()
                    .find(|k| self.yaml.value(&[key(k)]).is_some())
                    .unwrap_or("pattern");
                self.formula(&rule.formula, &[key(k)], Vec::new())
            }
        }
    }

    fn taint(&self, spec: &TaintSpec) -> ExplainNode {
        let mut root = self.node(Operator::Taint, String::new(), &[key("mode")], Vec::new());
        let lists: [(Operator, &str, Vec<&Formula>); 4] = [
            (Operator::Source, "pattern-sources", spec.sources.iter().collect()),
            (Operator::Sink, "pattern-sinks", spec.sinks.iter().collect()),
            (Operator::Sanitizer, "pattern-sanitizers", spec.sanitizers.iter().collect()),
            (Operator::Propagator, "pattern-propagators", spec.propagators.iter().map(|(f, _, _)| f).collect()),
        ];
        for (operator, list, formulas) in lists {
            for (i, formula) in formulas.into_iter().enumerate() {
                let path = vec![root.children.len() as u32];
                let item = vec![key(list), Step::Index(i)];
                let k = ["pattern", "patterns", "pattern-either", "pattern-regex", "pattern-inside"]
                    .into_iter()
                    .find(|k| self.yaml.value(&join(&item, [key(k)])).is_some())
                    .unwrap_or("pattern");
                let mut node = self.node(operator, String::new(), &item, path.clone());
                if operator == Operator::Propagator {
                    if let Some((_, from, to)) = spec.propagators.get(i) {
                        node.text = format!("from {from} to {to}");
                    }
                }
                let child = self.formula(formula, &join(&item, [key(k)]), join_path(&path, 0));
                node.matches = child.matches.clone();
                node.count = child.count;
                node.time_ms = child.time_ms;
                node.children.push(child);
                root.children.push(node);
            }
        }
        root
    }

    /// The node of `formula`, written under the key that ends `ypath`.
    pub(super) fn formula(&self, formula: &Formula, ypath: &[Step], path: NodePath) -> ExplainNode {
        let (operator, text) = match formula {
            Formula::Pattern(p) => (Operator::Pattern, p.text.clone()),
            Formula::Generic(_) => (Operator::Pattern, self.yaml.text_at(ypath).unwrap_or_default()),
            Formula::Regex(re) => (Operator::PatternRegex, self.yaml.text_at(ypath).unwrap_or_else(|| re.as_str().to_string())),
            Formula::Or(_) => (Operator::PatternEither, String::new()),
            Formula::And(_) => (Operator::Patterns, String::new()),
        };
        let mut node = self.node(operator, text, ypath, path.clone());
        let (hits, time) = self.own(formula);
        self.set_matches(&mut node, &hits);
        node.time_ms = time;
        match formula {
            Formula::Or(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = join(ypath, [Step::Index(i)]);
                    let k = self.yaml.operator_at(&at).unwrap_or_else(|| "pattern".into());
                    node.children.push(match item {
                        // A `- pattern-inside:` item is read as a `patterns` of that
                        // one term (config/formula.rs): shown as the term, on its key.
                        Formula::And(terms) if k == "pattern-inside" && terms.len() == 1 => self.term(&terms[0], Some(&at), join_path(&path, i)),
                        _ => self.formula(item, &join(&at, [key(&k)]), join_path(&path, i)),
                    });
                }
            }
            Formula::And(terms) => {
                // A `metavariable-pattern`'s `patterns` with no positive term has
                // one added first (the metavariable's value), not in the YAML.
                let written = self.yaml.value(ypath).and_then(|v| v.as_sequence()).map_or(terms.len(), Vec::len);
                let added = usize::from(written + 1 == terms.len());
                for (i, term) in terms.iter().enumerate() {
                    let item = if i < added { None } else { Some(join(ypath, [Step::Index(i - added)])) };
                    node.children.push(self.term(term, item.as_deref(), join_path(&path, i)));
                }
            }
            _ => {}
        }
        node
    }

    /// The node of one term of a `patterns`; `item` is its item's YAML path.
    fn term(&self, term: &Term, item: Option<&[Step]>, path: NodePath) -> ExplainNode {
        let k = item.and_then(|at| self.yaml.operator_at(at)).unwrap_or_default();
        let at = |more: &[&str]| -> Vec<Step> {
            let mut out = item.map(<[Step]>::to_vec).unwrap_or_default();
            out.extend(more.iter().map(|m| key(m)));
            out
        };
        // A metavariable condition's fields: under its key, or flat beside `metavariable:`.
        let field = |name: &str| self.yaml.text_at(&at(&[&k, name])).or_else(|| self.yaml.text_at(&at(&[name])));
        let mut node = match term {
            Term::Positive(formula) => self.formula(formula, &at(&[&k]), path.clone()),
            // A `- pattern-either:` or `- patterns:` of `pattern-inside`s only, which
            // the loader makes a `pattern-inside` (as Semgrep reads it): shown as
            // written, its formula's node on its own key; its parts' paths go
            // through the term's one child (0), as `remove_at` reads them.
            Term::Inside(formula) if !k.is_empty() && k != "pattern-inside" => {
                let mut node = self.formula(formula, &at(&[&k]), join_path(&path, 0));
                node.path = path.clone();
                node
            }
            Term::Not(formula) | Term::Inside(formula) | Term::NotInside(formula) => {
                let operator = match (term, formula) {
                    (Term::Not(Formula::Regex(_)), _) => Operator::PatternNotRegex,
                    (Term::Not(_), _) => Operator::PatternNot,
                    (Term::Inside(_), _) => Operator::PatternInside,
                    _ => Operator::PatternNotInside,
                };
                let leaf = matches!(formula, Formula::Pattern(_) | Formula::Regex(_) | Formula::Generic(_));
                let text = match formula {
                    Formula::Pattern(p) => p.text.clone(),
                    Formula::Regex(re) => self.yaml.text_at(&at(&[&k])).unwrap_or_else(|| re.as_str().to_string()),
                    _ => self.yaml.text_at(&at(&[&k])).unwrap_or_default(),
                };
                let mut node = self.node(operator, if leaf { text } else { String::new() }, &at(&[&k]), path.clone());
                if leaf {
                    let (hits, time) = self.own(formula);
                    self.set_matches(&mut node, &hits);
                    node.time_ms = time;
                } else {
                    let inner = self.yaml.value(&at(&[&k])).and_then(|v| v.as_mapping()).and_then(|m| m.keys().next()?.as_str().map(str::to_string));
                    let inner_at = match &inner {
                        Some(i) if *i != k => at(&[&k, i]),
                        _ => at(&[&k]),
                    };
                    let child = self.formula(formula, &inner_at, join_path(&path, 0));
                    node.matches = child.matches.clone();
                    node.count = child.count;
                    node.time_ms = child.time_ms;
                    node.children.push(child);
                }
                node
            }
            Term::MetavariableRegex { name, regex } => {
                let re = field("regex").unwrap_or_else(|| regex.as_str().to_string());
                self.node(Operator::MetavariableRegex, format!("{name} =~ {re}"), &at(&[&k]), path.clone())
            }
            Term::MetavariablePattern { name, formula, .. } => {
                let mut node = self.node(Operator::MetavariablePattern, name.clone(), &at(&[&k]), path.clone());
                let inner = ["pattern", "patterns", "pattern-either", "pattern-regex"]
                    .into_iter()
                    .find_map(|i| [at(&[&k, i]), at(&[i])].into_iter().find(|p| self.yaml.value(p).is_some()))
                    .unwrap_or_default();
                node.children.push(self.formula(formula, &inner, join_path(&path, 0)));
                node
            }
            Term::MetavariableComparison { .. } => {
                self.node(Operator::MetavariableComparison, field("comparison").unwrap_or_default(), &at(&[&k]), path.clone())
            }
            Term::MetavariableAnalysis { name, analyzer } => {
                let analyzer = match analyzer {
                    MetavariableAnalyzer::Entropy => "entropy",
                    MetavariableAnalyzer::Redos => "redos",
                };
                self.node(Operator::MetavariableAnalysis, format!("{name}: {analyzer}"), &at(&[&k]), path.clone())
            }
            Term::MetavariableType { name, types } => {
                self.node(Operator::MetavariableType, format!("{name}: {}", types.join(" | ")), &at(&[&k]), path.clone())
            }
            Term::Focus(names) => self.node(Operator::FocusMetavariable, names.join(", "), &at(&[&k]), path.clone()),
        };
        if let Some(record) = self.trace.term(term) {
            node.kept = Some(record.hits.iter().take(self.listing.max).map(|h| h.span).collect());
            node.left = Some(record.hits.len());
            if matches!(term, Term::MetavariableRegex { .. } | Term::MetavariablePattern { .. } | Term::MetavariableComparison { .. }
                | Term::MetavariableAnalysis { .. } | Term::MetavariableType { .. } | Term::Focus(_))
            {
                self.set_matches(&mut node, &record.hits);
                node.time_ms = Some(record.time_ms).filter(|_| self.trace.timed());
            }
        } else if !matches!(term, Term::Positive(_)) {
            // Not reached: no candidate was left before it.
            node.kept = Some(Vec::new());
            node.left = Some(0);
        }
        node
    }
}

/// The node of term `i` of the `patterns` shown as `node`: its child `i`, or
/// `node` itself where it stands for a `patterns` of one term (a
/// `- pattern-inside:` item of a `pattern-either`, shown as that term).
pub(super) fn term_node(node: &ExplainNode, i: usize) -> &ExplainNode {
    node.children.get(i).unwrap_or(node)
}

/// The node of the formula of `term`, whose node is `node`: a
/// `pattern-not`/`-inside`/`-not-inside` of a nested formula has it as its
/// one child; any other term's node is its formula's.
pub(super) fn formula_node<'n>(term: &Term, node: &'n ExplainNode) -> &'n ExplainNode {
    let wrapped = matches!(term, Term::Not(f) | Term::Inside(f) | Term::NotInside(f) if matches!(f, Formula::And(_) | Formula::Or(_)));
    let wrapper = matches!(node.operator, Operator::PatternNot | Operator::PatternInside | Operator::PatternNotInside);
    match &node.children[..] {
        [child] if wrapped && wrapper => child,
        _ => node,
    }
}

pub(super) fn join_path(path: &[u32], i: usize) -> NodePath {
    let mut out = path.to_vec();
    out.push(i as u32);
    out
}

/// Turns off the node at `path` of `rule`'s tree: drops the term, item or
/// taint item it names. An error says why a path names nothing that can go.
pub(super) fn remove_at(rule: &mut Rule, path: &[u32]) -> Result<(), String> {
    let Some((&first, rest)) = path.split_first() else { return Err("the root of a rule cannot be turned off".into()) };
    match &mut rule.taint {
        Some(spec) => {
            let i = first as usize;
            let (n_src, n_sink, n_san) = (spec.sources.len(), spec.sinks.len(), spec.sanitizers.len());
            let formula = if i < n_src {
                if rest.is_empty() {
                    spec.sources.remove(i);
                    if let Some(labels) = &mut spec.labels {
                        labels.sources.remove(i);
                    }
                    return Ok(());
                }
                &mut spec.sources[i]
            } else if i < n_src + n_sink {
                let i = i - n_src;
                if rest.is_empty() {
                    spec.sinks.remove(i);
                    if let Some(labels) = &mut spec.labels {
                        labels.sinks.remove(i);
                    }
                    return Ok(());
                }
                &mut spec.sinks[i]
            } else if i < n_src + n_sink + n_san {
                let i = i - n_src - n_sink;
                if rest.is_empty() {
                    spec.sanitizers.remove(i);
                    spec.not_conflicting.remove(i);
                    spec.by_side_effect.remove(i);
                    return Ok(());
                }
                &mut spec.sanitizers[i]
            } else if i < n_src + n_sink + n_san + spec.propagators.len() {
                let i = i - n_src - n_sink - n_san;
                if rest.is_empty() {
                    spec.propagators.remove(i);
                    return Ok(());
                }
                &mut spec.propagators[i].0
            } else {
                return Err(format!("the taint rule has no item {first}"));
            };
            // An item's one child is its formula: turning that off turns off its parts.
            match rest.split_first() {
                Some((0, inner)) if !inner.is_empty() => remove_in(formula, inner),
                _ => Err("turn off a taint item by the item's own path".into()),
            }
        }
        None => remove_in(&mut rule.formula, path),
    }
}

fn remove_in(formula: &mut Formula, path: &[u32]) -> Result<(), String> {
    let Some((&first, rest)) = path.split_first() else { return Err("that node cannot be turned off".into()) };
    let i = first as usize;
    match formula {
        Formula::Or(items) if i < items.len() => {
            if rest.is_empty() {
                items.remove(i);
                Ok(())
            } else {
                remove_in(&mut items[i], rest)
            }
        }
        Formula::And(terms) if i < terms.len() => {
            if rest.is_empty() {
                terms.remove(i);
                return Ok(());
            }
            match &mut terms[i] {
                Term::Positive(inner) => remove_in(inner, rest),
                Term::Not(inner) | Term::Inside(inner) | Term::NotInside(inner) => match rest.split_first() {
                    Some((0, deeper)) => remove_in(inner, deeper),
                    _ => Err("no such node".into()),
                },
                Term::MetavariablePattern { formula, .. } => match rest.split_first() {
                    Some((0, deeper)) => remove_in(formula, deeper),
                    _ => Err("no such node".into()),
                },
                _ => Err("no such node".into()),
            }
        }
        _ => Err("no such node".into()),
    }
}

/// Copies into `shown` (the whole rule's tree) what the run of the rule with
/// `disabled` nodes dropped recorded (`ran`, its tree), and marks the dropped ones.
pub(super) fn merge(shown: &mut ExplainNode, ran: &ExplainNode, disabled: &[NodePath]) {
    shown.kept = ran.kept.clone();
    shown.left = ran.left;
    shown.time_ms = ran.time_ms.or(shown.time_ms);
    if is_filter(shown.operator) {
        shown.matches = ran.matches.clone();
        shown.count = ran.count;
    }
    let mut next = 0;
    for child in &mut shown.children {
        if disabled.contains(&child.path) {
            mark_disabled(child);
            continue;
        }
        if let Some(other) = ran.children.get(next) {
            merge(child, other, disabled);
        }
        next += 1;
    }
}

fn mark_disabled(node: &mut ExplainNode) {
    node.disabled = true;
    node.kept = None;
    node.left = None;
    node.children.iter_mut().for_each(mark_disabled);
}

/// Whether the node filters candidates (its matches are the ones it let through).
pub(super) fn is_filter(operator: Operator) -> bool {
    matches!(
        operator,
        Operator::MetavariableRegex
            | Operator::MetavariablePattern
            | Operator::MetavariableComparison
            | Operator::MetavariableAnalysis
            | Operator::MetavariableType
            | Operator::FocusMetavariable
    )
}

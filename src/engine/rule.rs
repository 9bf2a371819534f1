//! Rules: a formula of patterns, evaluated over one file into findings.
//!
//! A rule's formula is `Pattern | Regex | And(conjuncts) | Or(formulas)`.
//! `And` follows Semgrep's order: positive terms intersect (same range,
//! compatible bindings), `pattern-inside` keeps hits inside one of its
//! matches (taking its bindings), `pattern-not`/`pattern-not-inside` remove
//! hits, then metavariable filters run and `focus-metavariable` narrows.

use super::compare::MetaCompare as Compare;
use super::limits::{self, Limit};
use super::matcher::{checkable_at, find, match_at, Bound, Env, TreeIndex, DEFAULT_BUDGET};
use super::parallel;
use super::pattern::Pattern;
use super::python;
use super::taint;
use super::generic::GenericPattern;
use super::regex::Re;
use super::source::{LineIndex, Position, Span};
use super::tree::{Kind, Node};
use crate::engine::config::Diagnostic;
use serde::{Deserialize, Serialize};
use std::cell::Cell;

pub use super::compare::MetaCompare;

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub message: String,
    pub severity: String,
    /// What files the rule reads: Python, or any text (`generic`, `regex`).
    pub language: Language,
    /// The search formula (empty for taint rules).
    pub formula: Formula,
    /// `mode: taint`.
    pub taint: Option<TaintSpec>,
    pub fix: Option<String>,
    pub fix_regex: Option<FixRegex>,
    pub metadata: serde_json::Value,
    /// `paths.include` / `paths.exclude` globs.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// `options: symbolic_propagation: true` (code must then be parsed with symbolic values).
    pub symbolic: bool,
}

/// A rule's `languages`: Python rules run on Python files; `generic` and
/// `regex` rules on any text file (templates, configuration) their `paths` allow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    Python,
    Generic,
    Regex,
}

impl Language {
    pub fn is_python(self) -> bool {
        self == Language::Python
    }
}

/// The specs of a `mode: taint` rule, each an ordinary formula.
#[derive(Clone, Debug, Default)]
pub struct TaintSpec {
    pub sources: Vec<Formula>,
    pub sinks: Vec<Formula>,
    /// Taint labels, when the rule uses them: `label` bit and `requires` of each
    /// source, `requires` of each sink (in the order of `sources` and `sinks`).
    pub labels: Option<TaintLabels>,
    pub sanitizers: Vec<Formula>,
    /// Per sanitizer, its `not_conflicting: true`: it does not apply where it
    /// matches exactly a source or a sink (as `$F(...)` matches the sink `float(...)`).
    pub not_conflicting: Vec<bool>,
    /// Per sanitizer, its `by-side-effect: true`: the variable it matches is
    /// clean from there on, not only where it is matched.
    pub by_side_effect: Vec<bool>,
    /// (pattern, `from` metavariable, `to` metavariable)
    pub propagators: Vec<(Formula, String, String)>,
    pub safe_functions: bool,
    pub safe_indexes: bool,
    pub safe_comparisons: bool,
    pub only_assignments: bool,
}

#[derive(Clone, Debug)]
pub struct FixRegex {
    pub regex: Re,
    pub replacement: String,
    pub count: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct TaintLabels {
    pub sources: Vec<(u8, Option<taint::LabelExpr>)>,
    pub sinks: Vec<Option<taint::LabelExpr>>,
}

#[derive(Clone, Debug)]
pub enum Formula {
    Pattern(Box<Pattern>),
    Regex(Re),
    /// A pattern in Semgrep's `generic` language (under `metavariable-pattern`).
    Generic(GenericPattern),
    And(Vec<Conj>),
    Or(Vec<Formula>),
}

#[derive(Clone, Debug)]
pub enum Conj {
    Pos(Formula),
    Not(Formula),
    Inside(Formula),
    NotInside(Formula),
    MetaRegex { name: String, regex: Re },
    MetaPattern { name: String, formula: Box<Formula>, language: Option<String> },
    MetaComparison { expr: Compare },
    /// `metavariable-analysis`: the bound string passes the analyzer.
    MetaAnalysis { name: String, analyzer: Analyzer },
    /// `metavariable-type`: the bound expression is known to be of one of these types.
    MetaType { name: String, types: Vec<String> },
    Focus(Vec<String>),
}

/// The analyzers of `metavariable-analysis` (see [`super::analyzers`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Analyzer {
    Entropy,
    Redos,
}

/// A metavariable binding, for output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BindingOut {
    pub name: String,
    pub text: String,
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

/// One finding of one rule.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub message: String,
    pub severity: String,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub bindings: Vec<BindingOut>,
    /// The replacement text for `span` when the rule has `fix` or `fix-regex`
    /// (see [`Finding::fixed_code`] for the whole file with it applied).
    pub fix: Option<String>,
    /// The source lines the finding covers.
    pub lines: String,
    pub metadata: serde_json::Value,
    /// For taint findings: where the data came from and how it got here.
    pub dataflow_trace: Option<DataflowTrace>,
}

/// A taint finding's path: source, the assignments it flowed through, sink.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DataflowTrace {
    pub source: TraceStep,
    pub intermediate: Vec<TraceStep>,
    pub sink: TraceStep,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TraceStep {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub content: String,
}

impl TraceStep {
    fn new(src: &str, lines: &LineIndex, span: Span) -> TraceStep {
        TraceStep {
            span,
            start: lines.position(src, span.start),
            end: lines.position(src, span.end),
            content: src.get(span.start as usize..span.end as usize).unwrap_or("").to_string(),
        }
    }
}

#[derive(Clone, Debug)]
struct Hit<'t> {
    span: Span,
    env: Env<'t>,
}

struct Ctx<'a, 't> {
    index: &'a TreeIndex<'t>,
    src: &'a str,
    /// Limits hit while evaluating (see [`super::limits`]).
    limits: std::cell::RefCell<Vec<Limit>>,
    steps: Cell<u64>,
    /// Matches of each pattern text on this file, shared by all rules of a run
    /// (packs repeat the same sources, sinks and sanitizers across rules).
    cache: &'a std::cell::RefCell<rustc_hash::FxHashMap<String, Vec<Hit<'t>>>>,
    /// Function bodies for taint rules, found once per run.
    bodies: &'a std::cell::OnceCell<Vec<(Vec<&'t Node>, &'t Node)>>,
}

impl<'a, 't> Ctx<'a, 't> {
    fn hit(&self, limit: Limit) {
        let mut limits = self.limits.borrow_mut();
        if !limits.contains(&limit) {
            limits.push(limit);
        }
    }

    fn eval(&self, formula: &Formula) -> Vec<Hit<'t>> {
        match formula {
            Formula::Pattern(p) => {
                // Rules share matches of the same pattern text, unless their options differ.
                let key = match (p.constants, p.symbolic) {
                    (true, false) => std::borrow::Cow::Borrowed(p.text.as_str()),
                    (constants, symbolic) => std::borrow::Cow::Owned(format!("{constants}/{symbolic}\0{}", p.text)),
                };
                if let Some(hits) = self.cache.borrow().get(key.as_ref()) {
                    return hits.clone();
                }
                let found = find(p, self.index, DEFAULT_BUDGET);
                if found.exhausted {
                    self.hit(Limit::MatchSteps);
                }
                self.steps.set(self.steps.get() + found.steps);
                let hits: Vec<Hit<'t>> = found.matches.into_iter().map(|m| Hit { span: m.span, env: m.env }).collect();
                self.cache.borrow_mut().insert(key.into_owned(), hits.clone());
                hits
            }
            Formula::Regex(re) => {
                let (ranges, cut) = re.find_all(self.src, limits::MAX_REGEX_MATCHES);
                if let Some(limit) = cut {
                    self.hit(limit);
                }
                ranges.into_iter().map(|(s, e)| Hit { span: Span::new(s as u32, e as u32), env: Env::default() }).collect()
            }
            Formula::Generic(g) => g.find_all(self.src).into_iter().map(|span| Hit { span, env: Env::default() }).collect(),
            Formula::Or(items) => {
                let mut out: Vec<Hit<'t>> = items.iter().flat_map(|item| self.eval(item)).collect();
                dedup(&mut out);
                out
            }
            Formula::And(conjs) => self.eval_and(conjs),
        }
    }

    fn eval_and(&self, conjs: &[Conj]) -> Vec<Hit<'t>> {
        // A `pattern-inside` that needs a whole-file search anyway goes first:
        // with its `metavariable-regex`es applied to what it binds, it is often
        // empty, and then the (usually broader) positive terms need no search.
        let has_pos = conjs.iter().any(|c| matches!(c, Conj::Pos(_)));
        let mut early: Vec<Option<Vec<Hit<'t>>>> = vec![None; conjs.len()];
        if has_pos {
            for (i, conj) in conjs.iter().enumerate() {
                let Conj::Inside(f) = conj else { continue };
                if matches!(f, Formula::Pattern(p) if checkable_at(p)) {
                    continue;
                }
                let mut outer = self.eval(f);
                outer.retain(|h| self.meta_regexes_allow(conjs, &h.env));
                if outer.is_empty() {
                    return Vec::new();
                }
                early[i] = Some(outer);
            }
        }
        let mut hits: Option<Vec<Hit<'t>>> = None;
        for conj in conjs {
            if let Conj::Pos(f) = conj {
                if let Some(old) = &hits {
                    if checkable_everywhere_at(f) {
                        // Check a further positive term only where the hits already are.
                        let mut next = self.check_at(f, old);
                        dedup(&mut next);
                        hits = Some(next);
                        continue;
                    }
                }
                let new = self.eval(f);
                hits = Some(match hits {
                    None => new,
                    Some(old) => {
                        let mut by_span: rustc_hash::FxHashMap<Span, Vec<&Hit<'t>>> = rustc_hash::FxHashMap::default();
                        for n in &new {
                            by_span.entry(n.span).or_default().push(n);
                        }
                        old.iter()
                            .flat_map(|h| {
                                by_span.get(&h.span).into_iter().flatten().filter_map(|n| {
                                    h.env.merge(&n.env).map(|env| Hit { span: h.span, env })
                                })
                            })
                            .collect()
                    }
                });
            }
        }
        // With no positive term, the last `pattern-inside` (the innermost, as
        // rules list them) gives the regions; the others must enclose them.
        let innermost = || conjs.iter().enumerate().rev().find_map(|(i, c)| match c {
            Conj::Inside(f) => Some((i, f)),
            _ => None,
        });
        let (base, mut hits) = match hits {
            Some(hits) => (None, hits),
            None => match innermost() {
                Some((i, f)) => (Some(i), self.eval(f)),
                None => (None, Vec::new()),
            },
        };
        for (i, conj) in conjs.iter().enumerate() {
            if hits.is_empty() {
                break;
            }
            match conj {
                _ if Some(i) == base => {}
                Conj::Inside(Formula::Pattern(p)) if self.local(p, hits.len()) => {
                    // Check only the code around each hit.
                    hits = hits
                        .iter()
                        .flat_map(|h| {
                            let path = self.index.path_to(h.span);
                            match_at(p, &path, &h.env, DEFAULT_BUDGET).into_iter().map(|(_, env)| Hit { span: h.span, env })
                        })
                        .collect();
                    dedup(&mut hits);
                }
                Conj::NotInside(Formula::Pattern(p)) if self.local(p, hits.len()) => {
                    hits.retain(|h| {
                        let path = self.index.path_to(h.span);
                        match_at(p, &path, &h.env, DEFAULT_BUDGET).is_empty()
                    });
                }
                Conj::Not(Formula::Pattern(p)) if checkable_at(p) => {
                    hits.retain(|h| match_at(p, &self.nodes_at(h.span), &h.env, DEFAULT_BUDGET).is_empty());
                }
                Conj::Inside(f) => {
                    let outer = early[i].take().unwrap_or_else(|| self.eval(f));
                    let outer = Enclosing::new(&outer);
                    hits = hits
                        .iter()
                        .flat_map(|h| {
                            outer.around(h).filter_map(|o| h.env.merge(&o.env).map(|env| Hit { span: h.span, env }))
                        })
                        .collect();
                    dedup(&mut hits);
                }
                Conj::NotInside(f) => {
                    let outer = self.eval(f);
                    let outer = Enclosing::new(&outer);
                    hits.retain(|h| outer.around(h).next().is_none());
                }
                Conj::Not(f) => {
                    let negs = self.eval(f);
                    let mut by_span: rustc_hash::FxHashMap<Span, Vec<&Env<'t>>> = rustc_hash::FxHashMap::default();
                    for n in &negs {
                        by_span.entry(n.span).or_default().push(&n.env);
                    }
                    hits.retain(|h| !by_span.get(&h.span).is_some_and(|envs| envs.iter().any(|e| h.env.compatible(e))));
                }
                _ => {}
            }
        }
        for conj in conjs {
            match conj {
                Conj::MetaRegex { name, regex } => {
                    hits.retain(|h| {
                        h.env.get(name).is_some_and(|b| {
                            regex_accepts(regex, self.src, b).unwrap_or_else(|limit| {
                                self.hit(limit);
                                false
                            })
                        })
                    });
                }
                Conj::MetaPattern { name, formula, language } => {
                    let mut whole_file: Option<Vec<Hit<'t>>> = None;
                    hits.retain(|h| match h.env.get(name) {
                        Some(b) => self.metavariable_pattern(&h.env, b, formula, language.as_deref(), &mut whole_file),
                        None => false,
                    });
                }
                Conj::MetaComparison { expr } => {
                    hits.retain(|h| expr.eval(&|name| h.env.get(name).map(|b| bound_value(self.src, b))));
                }
                Conj::MetaType { name, types } => {
                    hits.retain(|h| {
                        let node = h.env.get(name).and_then(Bound::node);
                        node.is_some_and(|n| types.iter().any(|t| super::constants::has_type(n, t)))
                    });
                }
                Conj::MetaAnalysis { name, analyzer } => {
                    // Only a string literal (or a name known to hold one) is analysed.
                    hits.retain(|h| {
                        let text = h.env.get(name).and_then(Bound::node).and_then(|n| n.literal_string());
                        text.is_some_and(|t| match analyzer {
                            Analyzer::Entropy => super::analyzers::high_entropy(&t),
                            Analyzer::Redos => super::analyzers::redos_prone(&t),
                        })
                    });
                }
                _ => {}
            }
        }
        for conj in conjs {
            if let Conj::Focus(names) = conj {
                hits = hits
                    .into_iter()
                    .flat_map(|h| {
                        names
                            .iter()
                            .filter_map(|n| h.env.get(n).map(|b| b.span()))
                            // As in Semgrep, focusing narrows the match: a metavariable bound
                            // outside it (by a `pattern-inside`, say) gives nothing.
                            .filter(|span| h.span.contains(*span))
                            .map(|span| Hit { span, env: h.env.clone() })
                            .collect::<Vec<_>>()
                    })
                    .collect();
                dedup(&mut hits);
            }
        }
        hits
    }

    /// The nodes whose range is exactly `span`.
    fn nodes_at(&self, span: Span) -> Vec<&'t Node> {
        self.index.path_to(span).into_iter().filter(|n| n.start == span.start && n.end == span.end).collect()
    }

    /// The hits of `f` (see [`checkable_everywhere_at`]) at exactly the ranges
    /// of `old`, each with its bindings merged into the hit's.
    fn check_at(&self, f: &Formula, old: &[Hit<'t>]) -> Vec<Hit<'t>> {
        let mut out = Vec::new();
        for h in old {
            let at = self.nodes_at(h.span);
            envs_at(f, &at, &h.env, &mut |env| out.push(Hit { span: h.span, env }));
        }
        out
    }

    /// Whether the `metavariable-regex`es among `conjs` accept the metavariables
    /// `env` binds (one it does not bind is checked later, on the final hits).
    fn meta_regexes_allow(&self, conjs: &[Conj], env: &Env<'t>) -> bool {
        conjs.iter().all(|conj| match conj {
            Conj::MetaRegex { name, regex } => {
                env.get(name).is_none_or(|b| regex_accepts(regex, self.src, b).unwrap_or(true))
            }
            _ => true,
        })
    }

    /// Runs a taint rule: the sink hits that tainted data reaches, with the path it took.
    fn eval_taint(&self, spec: &TaintSpec) -> Vec<(Hit<'t>, taint::Trace)> {
        let spans = |formulas: &[Formula]| -> Vec<Span> {
            let mut out: Vec<Span> = formulas.iter().flat_map(|f| self.eval(f)).map(|h| h.span).collect();
            out.sort();
            out.dedup();
            out
        };
        let sources = taint::Ranges::new(spans(&spec.sources));
        if sources.is_empty() {
            return Vec::new();
        }
        let sink_hits: Vec<Hit<'t>> = spec.sinks.iter().flat_map(|f| self.eval(f)).collect();
        if sink_hits.is_empty() {
            return Vec::new();
        }
        let labels = spec.labels.as_ref().map(|l| {
            let mut out = taint::Labels::default();
            for (formula, (bit, requires)) in spec.sources.iter().zip(&l.sources) {
                out.sources.extend(self.eval(formula).into_iter().map(|h| (h.span, *bit, requires.clone())));
            }
            out.sources.sort_by_key(|(s, _, _)| *s);
            for (formula, requires) in spec.sinks.iter().zip(&l.sinks) {
                for h in self.eval(formula) {
                    let wanted = out.sinks.entry(h.span).or_default();
                    // A sink without `requires` requires `__SOURCE__` (bit 0).
                    wanted.push(requires.clone().unwrap_or(taint::LabelExpr::Label(0)));
                }
            }
            out
        });
        let mut sinks: Vec<Span> = sink_hits.iter().map(|h| h.span).collect();
        sinks.sort();
        sinks.dedup();
        let mut sanitizer_spans = Vec::new();
        let mut side_effect_spans = Vec::new();
        for (i, formula) in spec.sanitizers.iter().enumerate() {
            let hits: Vec<Span> = self.eval(formula).into_iter().map(|h| h.span).collect();
            if spec.by_side_effect.get(i).copied().unwrap_or(false) {
                side_effect_spans.extend(hits.iter().copied());
            }
            if spec.not_conflicting.get(i).copied().unwrap_or(false) {
                sanitizer_spans.extend(hits.into_iter().filter(|s| sinks.binary_search(s).is_err() && !sources.iter().any(|src| src == s)));
            } else {
                sanitizer_spans.extend(hits);
            }
        }
        let sanitizers = taint::Ranges::new(sanitizer_spans);
        side_effect_spans.sort();
        side_effect_spans.dedup();
        let propagators: Vec<taint::Propagation> = spec
            .propagators
            .iter()
            .flat_map(|(f, from, to)| {
                self.eval(f).into_iter().filter_map(|h| {
                    Some(taint::Propagation { at: h.span, from: h.env.get(from)?.span(), to: h.env.get(to)?.span() })
                })
            })
            .collect();
        let bodies = self.bodies.get_or_init(|| {
            let mut bodies = Vec::new();
            taint::collect_bodies(self.index.root, &mut bodies);
            bodies
        });
        let (flows, exhausted) = taint::analyze(
            bodies,
            &taint::Spec {
                sources: &sources,
                sinks: &sinks,
                sanitizers: &sanitizers,
                side_effects: &side_effect_spans,
                propagators: &propagators,
                safe_functions: spec.safe_functions,
                safe_indexes: spec.safe_indexes,
                safe_comparisons: spec.safe_comparisons,
                only_assignments: spec.only_assignments,
                labels: labels.as_ref(),
            },
        );
        if exhausted {
            self.hit(Limit::TaintSteps);
        }
        flows
            .into_iter()
            .filter_map(|flow| {
                let hit = sink_hits.iter().find(|h| h.span == flow.sink)?.clone();
                Some((hit, flow.trace))
            })
            .collect()
    }

    /// Whether to check a `pattern-inside` around each hit instead of searching the
    /// whole file. (A further positive term or a `pattern-not` is always checked at
    /// each hit: it looks only at the nodes with the hit's own range. A
    /// `pattern-inside` tries every enclosing node, which pays off for few hits.)
    fn local(&self, pattern: &Pattern, hits: usize) -> bool {
        hits <= 512 && checkable_at(pattern)
    }

    /// `metavariable-pattern`: does the sub-formula match inside the bound code?
    /// With a non-Python `language`, or on a string, it runs on the text itself.
    fn metavariable_pattern(
        &self,
        env: &Env<'t>,
        bound: &Bound<'t>,
        formula: &Formula,
        language: Option<&str>,
        whole_file: &mut Option<Vec<Hit<'t>>>,
    ) -> bool {
        let span = bound.span();
        let string_value = bound.node().and_then(Node::literal_string);
        let as_text = matches!(language, Some(l) if !l.eq_ignore_ascii_case("python") && !l.eq_ignore_ascii_case("py"));
        // A `pattern-regex` inside sees the bound text alone (`^` and `$` anchor
        // at its ends), as Semgrep runs the formula on that text as a file.
        if as_text || (language.is_some() && string_value.is_some()) || uses_regex(formula) {
            let text = string_value
                .filter(|_| language.is_some())
                .unwrap_or_else(|| self.src.get(span.start as usize..span.end as usize).unwrap_or("").to_string());
            if let Formula::Regex(re) = formula {
                return re.is_match(&text);
            }
            let parsed = python::parse_code(&text);
            let index = TreeIndex::new(&parsed.root);
            let cache = Default::default();
            let bodies = Default::default();
            let sub = Ctx { index: &index, src: &text, limits: Default::default(), steps: Cell::new(0), cache: &cache, bodies: &bodies };
            return !sub.eval(formula).is_empty();
        }
        // Inside the bound code, and agreeing with the bindings made so far.
        if whole_file.is_none() {
            if let Some(found) = self.match_in_subtree(formula, bound, env) {
                return found;
            }
        }
        let hits = whole_file.get_or_insert_with(|| self.eval(formula));
        hits.iter().any(|h| span.contains(h.span) && env.compatible(&h.env))
    }

    /// Tries a formula of plain patterns on the nodes of the bound code only;
    /// `None` when the formula needs a whole-file search.
    fn match_in_subtree(&self, formula: &Formula, bound: &Bound<'t>, env: &Env<'t>) -> Option<bool> {
        match formula {
            Formula::Pattern(p) if checkable_at(p) => {
                let mut nodes = Vec::new();
                let mut collect = |n: &'t Node| nodes.push(n);
                match bound {
                    Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => n.walk(&mut collect),
                    Bound::Seq(items) => items.iter().for_each(|n| n.walk(&mut collect)),
                }
                Some(!match_at(p, &nodes, env, DEFAULT_BUDGET).is_empty())
            }
            Formula::Or(items) => {
                let mut any = false;
                for item in items {
                    any |= self.match_in_subtree(item, bound, env)?;
                }
                Some(any)
            }
            _ => None,
        }
    }
}

/// Whether a formula has a `pattern-regex` among its positive or negative parts.
fn uses_regex(formula: &Formula) -> bool {
    match formula {
        Formula::Regex(_) => true,
        Formula::Pattern(_) | Formula::Generic(_) => false,
        Formula::Or(items) => items.iter().any(uses_regex),
        Formula::And(conjs) => conjs.iter().any(|c| match c {
            Conj::Pos(f) | Conj::Not(f) | Conj::Inside(f) | Conj::NotInside(f) => uses_regex(f),
            _ => false,
        }),
    }
}

/// The matches of a `pattern-inside` (or `-not-inside`), filed by the value of
/// one metavariable they all bind, so that finding the ones around a hit that
/// agree with its bindings does not scan them all. (`$X = $Y` followed by `...`
/// matches once per assignment, each up to the end of its block: on a long
/// module every hit lies inside thousands of them, nearly all binding another `$X`.)
struct Enclosing<'h, 't> {
    outer: &'h [Hit<'t>],
    /// A metavariable bound by every outer match, and the outer matches by [`binding_keys`].
    key: Option<(&'h str, rustc_hash::FxHashMap<u64, Vec<usize>>)>,
}

impl<'h, 't> Enclosing<'h, 't> {
    fn new(outer: &'h [Hit<'t>]) -> Self {
        let shared = outer.first().and_then(|first| {
            first.env.binds().into_iter().map(|(name, _)| &**name).find(|name| outer.iter().all(|o| o.env.get(name).is_some()))
        });
        let key = shared.filter(|_| outer.len() > 16).map(|name| {
            let mut by_key: rustc_hash::FxHashMap<u64, Vec<usize>> = rustc_hash::FxHashMap::default();
            for (i, o) in outer.iter().enumerate() {
                for k in binding_keys(o.env.get(name).expect("bound by every outer match")) {
                    by_key.entry(k).or_default().push(i);
                }
            }
            (name, by_key)
        });
        Enclosing { outer, key }
    }

    /// The outer matches that contain `hit` and agree with its bindings, in order.
    fn around<'s>(&'s self, hit: &'s Hit<'t>) -> impl Iterator<Item = &'h Hit<'t>> + 's {
        let candidates: Box<dyn Iterator<Item = usize> + 's> = match &self.key {
            Some((name, by_key)) if hit.env.get(name).is_some() => {
                let mut ids: Vec<usize> = binding_keys(hit.env.get(name).expect("checked")).iter().filter_map(|k| by_key.get(k)).flatten().copied().collect();
                ids.sort_unstable();
                ids.dedup();
                Box::new(ids.into_iter())
            }
            _ => Box::new(0..self.outer.len()),
        };
        let outer = self.outer;
        candidates.map(move |i| &outer[i]).filter(move |o| o.span.contains(hit.span) && hit.env.compatible(&o.env))
    }
}

/// Hash keys for a binding such that two bindings the matcher considers the
/// same code (`Bound::same_as`) share at least one: a name is filed under its
/// text, its qualified name and the literal it is known to hold, any other
/// node under its kind, text and arity.
/// Coarser than `same_as`; the real comparison still follows.
fn binding_keys(bound: &Bound<'_>) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let hash = |value: &dyn Fn(&mut rustc_hash::FxHasher)| {
        let mut h = rustc_hash::FxHasher::default();
        value(&mut h);
        h.finish()
    };
    let node = match bound {
        Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => *n,
        Bound::Seq(items) if items.len() == 1 => items[0],
        Bound::Seq(items) => return vec![hash(&|h| ("seq", items.len()).hash(h))],
    };
    match node.kind {
        Kind::Name | Kind::Ident => {
            let mut keys = vec![hash(&|h| ("name", &*node.text).hash(h))];
            if let Some(q) = node.qualified() {
                keys.push(hash(&|h| ("qualified", q).hash(h)));
            }
            if let Some(super::tree::ConstValue::Literal(value)) = node.constant.as_deref() {
                keys.push(hash(&|h| ("node", value.kind, &*value.text, 0usize).hash(h)));
            }
            keys
        }
        kind => vec![hash(&|h| ("node", kind, &*node.text, node.children.len()).hash(h))],
    }
}

/// Drops hits with the same range and bindings at the same places as an earlier one.
fn dedup(hits: &mut Vec<Hit<'_>>) {
    let mut kept: Vec<Hit<'_>> = Vec::with_capacity(hits.len());
    let mut by_span: rustc_hash::FxHashMap<Span, Vec<usize>> = rustc_hash::FxHashMap::default();
    for hit in hits.drain(..) {
        let same = by_span.entry(hit.span).or_default();
        let duplicate = same.iter().any(|&i| {
            let k: &Hit<'_> = &kept[i];
            // The same places, not only equal values: `focus-metavariable` and
            // the filters may tell apart bindings of equal text (two calls of `foo`).
            k.env.same_bindings(&hit.env)
        });
        if !duplicate {
            same.push(kept.len());
            kept.push(hit);
        }
    }
    *hits = kept;
}

/// Whether a `metavariable-regex` accepts a binding: its text, or for a part
/// of an imported name, the part's own name (see [`Bound::Part`]), or for a
/// module alias, the module's name.
fn regex_accepts(regex: &Re, src: &str, bound: &Bound<'_>) -> Result<bool, Limit> {
    match bound {
        Bound::Part { name, text_too, .. } => {
            Ok(regex.try_match(name)? || (*text_too && regex.try_match(bound_text(src, bound))?))
        }
        // `http` after `import requests as http` is `requests` too.
        Bound::Node(n) if n.kind == Kind::Name && n.module_alias().is_some() => {
            Ok(regex.try_match(&n.text)? || regex.try_match(n.module_alias().unwrap_or_default())?)
        }
        _ => regex.try_match(&bound_str(src, bound)),
    }
}

/// What `"$X"` stands for, as messages and `metavariable-regex` see it: the
/// string's contents, also when the code has a name known to hold the string
/// (`"$URL" + ...` on `url + path` after `url = "https://"` binds `https://`).
fn bound_str<'s>(src: &'s str, bound: &Bound<'_>) -> std::borrow::Cow<'s, str> {
    match bound {
        // A name holding a string, `"a" + "b"`, `"a" "b"`: the folded value.
        Bound::Content(n) if !matches!(n.kind, Kind::Str | Kind::Bytes) || !n.children.is_empty() => match n.literal_string() {
            Some(value) => std::borrow::Cow::Owned(value),
            None => std::borrow::Cow::Borrowed(bound_text(src, bound)),
        },
        _ => std::borrow::Cow::Borrowed(bound_text(src, bound)),
    }
}

/// The source text a metavariable is bound to (quotes included for strings, as Semgrep does).
fn bound_text<'s>(src: &'s str, bound: &Bound<'_>) -> &'s str {
    let span = bound_span(src, bound);
    src.get(span.start as usize..span.end as usize).unwrap_or("")
}

/// Where a binding is in the source: for `"$X"`, inside the quotes (as Semgrep
/// reports it, and as `metavariable-regex` and messages see it).
fn bound_span(src: &str, bound: &Bound<'_>) -> Span {
    let span = bound.span();
    let Bound::Content(node) = bound else { return span };
    if !matches!(node.kind, Kind::Str | Kind::Bytes) {
        return span;
    }
    let text = src.get(span.start as usize..span.end as usize).unwrap_or("");
    let prefix = text.len() - text.trim_start_matches(|c: char| "rRbBuUfF".contains(c)).len();
    let body = &text[prefix..];
    let quote = ["\"\"\"", "'''", "\"", "'"].into_iter().find(|q| body.len() >= 2 * q.len() && body.starts_with(q) && body.ends_with(q));
    match quote {
        Some(q) => Span::new(span.start + (prefix + q.len()) as u32, span.end - q.len() as u32),
        None => span,
    }
}

/// The text a metavariable stands for; a string literal gives its value.
fn bound_value(src: &str, bound: &Bound<'_>) -> String {
    if let Some(node) = bound.node() {
        if node.kind == Kind::Str {
            return node.text.to_string();
        }
        // Integer arithmetic on literals (and names known to hold them) is
        // folded, as Semgrep does: `max_age=60 * 60 * 24` compares as 86400.
        if let Some(super::tree::ConstValue::Literal(n)) = super::constants::known_value(node) {
            if let Some(value) = (n.kind == Kind::Int).then(|| super::constants::parse_int(&n.text)).flatten() {
                return value.to_string();
            }
        }
        if let (Kind::Name, Some(super::tree::ConstValue::Literal(value))) = (node.kind, node.constant.as_deref()) {
            return value.text.to_string();
        }
    }
    let span = bound.span();
    src.get(span.start as usize..span.end as usize).unwrap_or("").to_string()
}

/// The source lines a finding shows, kept within bounds as Semgrep's output
/// is (its `--max-lines-per-finding 10`, `--max-chars-per-line 160`): a hit
/// in a minified file must not copy a megabyte line into every finding.
fn finding_lines(text: &str) -> String {
    const MAX_LINES: usize = 10;
    const MAX_CHARS: usize = 160;
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i == MAX_LINES {
            out.push_str("\n...");
            break;
        }
        if i > 0 {
            out.push('\n');
        }
        match line.char_indices().nth(MAX_CHARS) {
            Some((cut, _)) => {
                out.push_str(&line[..cut]);
                out.push_str("...");
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Replaces `$X` (longest names first) with the bound source text.
pub fn interpolate(template: &str, env: &Env<'_>, src: &str) -> String {
    // Most messages name no metavariable.
    if !template.contains('$') {
        return template.to_string();
    }
    let mut names: Vec<&str> = env.binds().into_iter().map(|(n, _)| &**n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = template.to_string();
    for name in names {
        if let Some(b) = env.get(name).filter(|_| out.contains(name)) {
            out = out.replace(name, &bound_str(src, b));
        }
    }
    out
}

/// The ways `f` (see [`checkable_everywhere_at`]) matches one of the nodes
/// `at`, starting from the bindings `env`.
fn envs_at<'t>(f: &Formula, at: &[&'t Node], env: &Env<'t>, found: &mut impl FnMut(Env<'t>)) {
    match f {
        Formula::Pattern(p) => match_at(p, at, env, DEFAULT_BUDGET).into_iter().for_each(|(_, env)| found(env)),
        Formula::Or(items) => items.iter().for_each(|item| envs_at(item, at, env, found)),
        _ => {}
    }
}

/// Whether [`Ctx::check_at`] can evaluate `f` at given ranges: a pattern that
/// [`match_at`] can check there, or a `pattern-either` of such patterns.
fn checkable_everywhere_at(f: &Formula) -> bool {
    match f {
        Formula::Pattern(p) => checkable_at(p),
        Formula::Or(items) => items.iter().all(checkable_everywhere_at),
        _ => false,
    }
}

/// Runs every rule on one parsed file.
pub fn run_rules(rules: &[&Rule], root: &Node, src: &str, lines: &LineIndex) -> (Vec<Finding>, Vec<Diagnostic>) {
    let index = TreeIndex::new(root);
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    // Rule order, whatever ran where: the output does not depend on threads.
    for (rule_findings, rule_errors) in run_each(rules, &index, src, lines) {
        findings.extend(rule_findings);
        errors.extend(rule_errors);
    }
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    super::nosem::drop_suppressed(src, lines, &mut findings);
    (findings, errors)
}

/// Files at least this long are scanned with the rules spread over the
/// machine's cores (natively; WebAssembly runs them in turn).
const PARALLEL_FROM_BYTES: usize = 16 * 1024;

type RuleOutput = (Vec<Finding>, Vec<Diagnostic>);

/// Each rule's findings and diagnostics, in rule order.
fn run_each(rules: &[&Rule], index: &TreeIndex<'_>, src: &str, lines: &LineIndex) -> Vec<RuleOutput> {
    let threads = if src.len() >= PARALLEL_FROM_BYTES { parallel::threads(rules.len()) } else { 1 };
    // Rules run on the same thread share its caches.
    parallel::map_ordered(
        rules,
        threads,
        || (Default::default(), Default::default()),
        |(cache, bodies), rule| super::matcher::with_symbolic_equality(rule.symbolic, || run_one(rule, index, src, lines, cache, bodies)),
    )
}

/// One rule on one file. `cache` and `bodies` are shared by the rules run on the same thread.
fn run_one<'t>(
    rule: &Rule,
    index: &TreeIndex<'t>,
    src: &str,
    lines: &LineIndex,
    cache: &std::cell::RefCell<rustc_hash::FxHashMap<String, Vec<Hit<'t>>>>,
    bodies: &std::cell::OnceCell<Vec<(Vec<&'t Node>, &'t Node)>>,
) -> RuleOutput {
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    #[cfg(not(target_arch = "wasm32"))]
    let started = std::time::Instant::now();
    let ctx = Ctx { index, src, limits: Default::default(), steps: Cell::new(0), cache, bodies };
    let mut found = 0;
    let mut keep = |ctx: &Ctx<'_, '_>| {
        found += 1;
        if found > limits::MAX_FINDINGS_PER_RULE {
            ctx.hit(Limit::FindingsPerRule);
        }
        found <= limits::MAX_FINDINGS_PER_RULE
    };
    if let Some(spec) = &rule.taint {
        for (hit, trace) in ctx.eval_taint(spec) {
            if !keep(&ctx) {
                break;
            }
            let mut f = finding(rule, &hit, src, lines);
            f.dataflow_trace = Some(DataflowTrace {
                source: TraceStep::new(src, lines, trace.source),
                intermediate: trace.steps.iter().map(|s| TraceStep::new(src, lines, *s)).collect(),
                sink: TraceStep::new(src, lines, hit.span),
            });
            findings.push(f);
        }
    } else {
        let mut hits = ctx.eval(&rule.formula);
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        hits.dedup_by_key(|h| h.span);
        for hit in hits {
            if !keep(&ctx) {
                break;
            }
            findings.push(finding(rule, &hit, src, lines));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("FLASKLIGHT_STEPS").is_some() {
        // Profiling aid: matcher steps and wall time per rule, on stderr.
        eprintln!("{:>10} steps {:>9.3} ms  {}", ctx.steps.get(), started.elapsed().as_secs_f64() * 1000.0, rule.id);
    }
    for limit in ctx.limits.take() {
        let what = match limit {
            Limit::FindingsPerRule => format!("rule `{}` has more findings in this file than are reported", rule.id),
            _ => format!("rule `{}` gave up early on this file; its results may be incomplete", rule.id),
        };
        let mut d = Diagnostic::limit_hit(src, lines, Span::new(0, 0), limit, &what);
        d.rule_id = Some(rule.id.clone());
        errors.push(d);
    }
    (findings, errors)
}

/// Applies every finding's fix to `src`, as Semgrep does (see [`super::autofix`]).
/// Returns the new text and how many fixes were applied.
pub fn apply_fixes(src: &str, findings: &[Finding]) -> (String, usize) {
    let (fixed, applied) = super::autofix::apply_to_text(src, findings, &[]);
    (fixed, applied.applied)
}

/// Whether a rule's `paths: include/exclude` globs select `path`.
pub fn applies_to(rule: &Rule, path: &str) -> bool {
    let path = path.trim_start_matches("./");
    let included = rule.include.is_empty() || rule.include.iter().any(|g| glob_matches(g, path));
    included && !rule.exclude.iter().any(|g| glob_matches(g, path))
}

/// Semgrep-style path globs: `*` within a path part, `**` across parts; a glob
/// without `/` may match any part (or run of parts) of the path.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let glob = glob.trim_start_matches("./").trim_end_matches('/');
    let mut re = String::new();
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                re.push_str(".*");
                i += 1;
                if chars.get(i + 1) == Some(&'/') {
                    i += 1;
                }
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    let anchored = if glob.starts_with('/') { format!("^{}(/.*)?$", &re[1..]) } else { format!("(^|.*/){re}(/.*)?$") };
    regex::Regex::new(&anchored).map_or(false, |r| r.is_match(path))
}

impl Finding {
    /// The whole file with this finding's fix applied (`src` is the scanned text).
    pub fn fixed_code(&self, src: &str) -> Option<String> {
        let fix = self.fix.as_deref()?;
        let (start, end) = (self.span.start as usize, self.span.end as usize);
        Some(format!("{}{fix}{}", src.get(..start)?, src.get(end..)?))
    }
}

fn finding(rule: &Rule, hit: &Hit<'_>, src: &str, lines: &LineIndex) -> Finding {
    let span = hit.span;
    let matched = src.get(span.start as usize..span.end as usize).unwrap_or("");
    let fix = if let Some(fix) = &rule.fix {
        Some(interpolate(fix, &hit.env, src))
    } else {
        rule.fix_regex.as_ref().map(|fr| fr.regex.replace(matched, &fr.replacement, fr.count))
    };
    let bindings = hit
        .env
        .binds()
        .into_iter()
        .map(|(name, b)| {
            let s = bound_span(src, b);
            BindingOut {
                name: name.to_string(),
                text: bound_str(src, b).into_owned(),
                span: s,
                start: lines.position(src, s.start),
                end: lines.position(src, s.end),
            }
        })
        .collect();
    Finding {
        rule_id: rule.id.clone(),
        message: interpolate(&rule.message, &hit.env, src).trim().to_string(),
        severity: rule.severity.clone(),
        span,
        start: lines.position(src, span.start),
        end: lines.position(src, span.end),
        bindings,
        fix,
        lines: finding_lines(lines.lines_of(src, span)),
        metadata: rule.metadata.clone(),
        dataflow_trace: None,
    }
}

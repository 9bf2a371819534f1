//! Formula evaluation: a rule's formula over one file, into hits (a range and
//! the bindings that made it).
//!
//! `And` follows Semgrep's order: positive terms intersect (same range,
//! compatible bindings), `pattern-inside` keeps hits inside one of its
//! matches (taking its bindings), `pattern-not`/`pattern-not-inside` remove
//! hits, then the metavariable conditions run and `focus-metavariable` narrows.

use super::super::analyzers;
use super::super::constants;
use super::super::limits::{self, Limit};
use super::super::matcher::{checkable_at, find, find_within, match_at, Bound, Env, TreeIndex, Within, DEFAULT_BUDGET};
use super::super::pattern::{Pattern, Shape};
use super::super::python;
use super::super::regex::{Group, Re};
use super::super::report::LimitHits;
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::binding::{bound_str, bound_text, comparison_value};
use super::enclosing::Enclosing;
use super::hit::{dedup, Hit};
use super::model::{Formula, MetavariableAnalyzer, MetavariableLanguage, Term};
use super::trace::Trace;
use std::cell::{Cell, OnceCell, RefCell};

/// What the rules run on one file share (on one thread): the matches of each
/// pattern text and of each whole taint formula (packs repeat the same
/// sources, sinks and sanitizers across rules, see [`super::shared`]) and the
/// function bodies taint rules walk, found once.
#[derive(Default)]
pub(super) struct SharedMatches<'t> {
    pub(super) by_pattern: RefCell<rustc_hash::FxHashMap<String, Vec<Hit<'t>>>>,
    /// By a formula's canonical key: what it found in the file, and the limits
    /// it hit doing so (replayed for each rule that reuses the hits, as each
    /// would have hit them).
    pub(super) by_formula: RefCell<rustc_hash::FxHashMap<Vec<u8>, (Vec<Hit<'t>>, Vec<super::super::limits::Limit>)>>,
    pub(super) taint_bodies: OnceCell<Vec<super::super::taint::Body<'t>>>,
}

/// Evaluates formulas over one file (its tree `index` and text `src`),
/// keeping the limits hit and the matcher steps taken.
pub(super) struct Evaluator<'a, 't> {
    pub(super) index: &'a TreeIndex<'t>,
    pub(super) src: &'a str,
    /// Limits hit while evaluating (see [`super::super::limits`]).
    pub(super) limits: RefCell<LimitHits>,
    pub(super) steps: Cell<u64>,
    pub(super) shared: &'a SharedMatches<'t>,
    /// Set only when explaining (see [`super::trace`]): records what each part did.
    pub(super) trace: Option<&'a Trace<'a>>,
}

impl<'a, 't> Evaluator<'a, 't> {
    pub(super) fn new(index: &'a TreeIndex<'t>, src: &'a str, shared: &'a SharedMatches<'t>) -> Self {
        Evaluator { index, src, limits: Default::default(), steps: Cell::new(0), shared, trace: None }
    }

    pub(super) fn hit_limit(&self, limit: Limit) {
        self.limits.borrow_mut().record(limit);
    }

    pub(super) fn eval(&self, formula: &Formula) -> Vec<Hit<'t>> {
        match self.trace {
            None => self.eval_formula(formula),
            Some(trace) => {
                let started = trace.now();
                let hits = self.eval_formula(formula);
                trace.noted_formula(formula, self.src, &hits, started);
                hits
            }
        }
    }

    /// Records what `term` left (only when explaining).
    #[inline]
    fn noted(&self, term: &Term, hits: &[Hit<'t>], started: f64) {
        if let Some(trace) = self.trace {
            trace.noted_term(term, self.src, hits, started);
        }
    }

    fn now(&self) -> f64 {
        self.trace.map_or(0.0, |trace| trace.now())
    }

    fn eval_formula(&self, formula: &Formula) -> Vec<Hit<'t>> {
        match formula {
            Formula::Pattern(pattern) => self.pattern_hits(pattern, None),
            Formula::Regex(re) if re.has_groups() => {
                // Semgrep binds each capture group at its place in the file.
                let (found, cut) = re.find_all_groups(self.src, limits::MAX_REGEX_MATCHES);
                if let Some(limit) = cut {
                    self.hit_limit(limit);
                }
                found
                    .into_iter()
                    .map(|m| {
                        let groups = m.groups.iter().map(|g| (g, Span::new(g.start as u32, g.end as u32)));
                        Hit { span: Span::new(m.start as u32, m.end as u32), env: bind_groups(Env::default(), self.src, groups), focused: false }
                    })
                    .collect()
            }
            Formula::Regex(re) => {
                let (ranges, cut) = re.find_all(self.src, limits::MAX_REGEX_MATCHES);
                if let Some(limit) = cut {
                    self.hit_limit(limit);
                }
                ranges.into_iter().map(|(start, end)| Hit { span: Span::new(start as u32, end as u32), env: Env::default(), focused: false }).collect()
            }
            Formula::Generic(generic) => generic
                .matches(self.src)
                .into_iter()
                .map(|(span, bindings)| {
                    let mut env = Env::default();
                    for (name, at) in bindings {
                        let text: std::sync::Arc<str> = self.src.get(at.start as usize..at.end as usize).unwrap_or("").into();
                        let name: std::sync::Arc<str> = name.into();
                        env = env.clone().bind(&name, Bound::Text { span: at, text }).unwrap_or(env);
                    }
                    Hit { span, env, focused: false }
                })
                .collect(),
            Formula::Or(items) => {
                let mut out: Vec<Hit<'t>> = items.iter().flat_map(|item| self.eval(item)).collect();
                dedup(&mut out);
                out
            }
            Formula::And(terms) => self.eval_and(terms),
        }
    }

    /// A pattern's matches in the file; with `within`, an expression
    /// pattern's only where they lie inside one of the regions (unless the
    /// file's are known already).
    fn pattern_hits(&self, pattern: &Pattern, within: Option<&Within>) -> Vec<Hit<'t>> {
        // Rules share matches of the same pattern text, unless their options differ.
        let key = match (pattern.constants, pattern.symbolic) {
            (true, false) => std::borrow::Cow::Borrowed(pattern.text.as_str()),
            (constants, symbolic) => std::borrow::Cow::Owned(format!("{constants}/{symbolic}\0{}", pattern.text)),
        };
        if let Some(hits) = self.shared.by_pattern.borrow().get(key.as_ref()) {
            return hits.clone();
        }
        let found = match within {
            Some(within) => find_within(pattern, self.index, DEFAULT_BUDGET, within),
            None => find(pattern, self.index, DEFAULT_BUDGET),
        };
        if found.exhausted {
            self.hit_limit(Limit::MatchSteps);
        }
        self.steps.set(self.steps.get() + found.steps);
        let hits: Vec<Hit<'t>> = found.matches.into_iter().map(|m| Hit { span: m.span, env: m.env, focused: false }).collect();
        if within.is_none() {
            self.shared.by_pattern.borrow_mut().insert(key.into_owned(), hits.clone());
        }
        hits
    }

    fn eval_and(&self, terms: &[Term]) -> Vec<Hit<'t>> {
        // A `pattern-inside` that needs a whole-file search anyway goes first:
        // with its `metavariable-regex`es applied to what it binds, it is often
        // empty, and then the (usually broader) positive terms need no search.
        let has_positive = terms.iter().any(|t| matches!(t, Term::Positive(_)));
        let mut early: Vec<Option<Vec<Hit<'t>>>> = vec![None; terms.len()];
        // (Not when explaining: every term's candidates are then recorded.)
        if has_positive && self.trace.is_none() {
            for (i, term) in terms.iter().enumerate() {
                let Term::Inside(formula) = term else { continue };
                if matches!(formula, Formula::Pattern(p) if checkable_at(p)) {
                    continue;
                }
                let mut outer = self.eval(formula);
                outer.retain(|hit| self.metavariable_regexes_allow(terms, &hit.env));
                if outer.is_empty() {
                    return Vec::new();
                }
                early[i] = Some(outer);
            }
        }
        // One positive term: what it matches outside a `pattern-inside`'s
        // regions (found above) never survives that term, so an expression
        // pattern (`pattern: $X`, matching every expression) looks inside them only.
        let within = match terms.iter().filter(|t| matches!(t, Term::Positive(_))).count() {
            1 => early.iter().flatten().next().map(|regions| Within::new(regions.iter().map(|r| r.span).collect())),
            _ => None,
        };
        let mut hits: Option<Vec<Hit<'t>>> = None;
        for term in terms {
            if let Term::Positive(formula) = term {
                let started = self.now();
                let new = match (formula, &within, &hits) {
                    (Formula::Pattern(pattern), Some(within), _) => self.pattern_hits(pattern, Some(within)),
                    // A further expression pattern meets the hits so far only
                    // where it lies in one or holds one (see `intersect`): it
                    // looks there only. (Not when explaining: it records every match.)
                    (Formula::Pattern(pattern), None, Some(old)) if matches!(pattern.shape, Shape::Expr(_)) && self.trace.is_none() => {
                        self.pattern_hits(pattern, Some(&Within::around_or_inside(old.iter().map(|h| h.span).collect())))
                    }
                    _ => self.eval(formula),
                };
                hits = Some(match hits {
                    None => new,
                    Some(old) => intersect(&old, &new),
                });
                self.noted(term, hits.as_deref().unwrap_or_default(), started);
            }
        }
        // With no positive term, the `pattern-inside`s give the regions: as in
        // Semgrep, they intersect as positive terms do (a region inside another
        // stays), whatever order the rule lists them in.
        let insides_are_base = hits.is_none();
        let mut hits = match hits {
            Some(hits) => hits,
            None => {
                let mut regions: Option<Vec<Hit<'t>>> = None;
                for term in terms {
                    if let Term::Inside(formula) = term {
                        let started = self.now();
                        let new = self.eval(formula);
                        regions = Some(match regions {
                            None => new,
                            Some(old) => intersect_regions(&old, &new),
                        });
                        self.noted(term, regions.as_deref().unwrap_or_default(), started);
                    }
                }
                regions.unwrap_or_default()
            }
        };
        // The `metavariable-regex`es on what the hits bind already run before
        // the negative terms, as for an early `pattern-inside` above: both only
        // remove hits (a binding made now stays as it is), so what is left is
        // the same, and the negative terms check fewer hits, often none.
        if self.trace.is_none() {
            hits.retain(|hit| self.metavariable_regexes_allow(terms, &hit.env));
        }
        for (i, term) in terms.iter().enumerate() {
            if hits.is_empty() {
                break;
            }
            let started = self.now();
            match term {
                Term::Inside(_) if insides_are_base => {}
                Term::Inside(Formula::Pattern(pattern)) if self.check_around_each(pattern, hits.len()) => {
                    // Check only the code around each hit.
                    hits = hits
                        .iter()
                        .flat_map(|hit| {
                            let path = self.index.path_to(hit.span);
                            match_at(pattern, &path, &hit.env, DEFAULT_BUDGET).into_iter().map(|(_, env)| Hit { span: hit.span, env, focused: hit.focused })
                        })
                        .collect();
                    dedup(&mut hits);
                }
                Term::NotInside(Formula::Pattern(pattern)) if self.check_around_each(pattern, hits.len()) => {
                    hits.retain(|hit| {
                        let path = self.index.path_to(hit.span);
                        match_at(pattern, &path, &hit.env, DEFAULT_BUDGET).is_empty()
                    });
                }
                Term::Not(Formula::Pattern(pattern)) if checkable_at(pattern) => {
                    hits.retain(|hit| match_at(pattern, &self.nodes_at(hit.span), &hit.env, DEFAULT_BUDGET).is_empty());
                }
                Term::Inside(formula) => {
                    let outer = early[i].take().unwrap_or_else(|| self.eval(formula));
                    let outer = Enclosing::new(&outer);
                    hits = hits
                        .iter()
                        .flat_map(|hit| {
                            outer.around(hit).filter_map(|region| hit.env.unify(&region.env).map(|env| Hit { span: hit.span, env, focused: hit.focused }))
                        })
                        .collect();
                    dedup(&mut hits);
                }
                Term::NotInside(formula) => {
                    let outer = self.eval(formula);
                    let outer = Enclosing::new(&outer);
                    hits.retain(|hit| outer.around(hit).next().is_none());
                }
                Term::Not(formula @ Formula::Regex(_)) => {
                    // As Semgrep's `difference_ranges` for `pattern-not-regex`: a hit
                    // goes when it lies inside a match of the regex or holds one.
                    let negatives = self.eval(formula);
                    hits.retain(|hit| !negatives.iter().any(|n| n.span.contains(hit.span) || hit.span.contains(n.span)));
                }
                Term::Not(formula) => {
                    let negatives = self.eval(formula);
                    let mut by_span: rustc_hash::FxHashMap<Span, Vec<&Env<'t>>> = rustc_hash::FxHashMap::default();
                    for negative in &negatives {
                        by_span.entry(negative.span).or_default().push(&negative.env);
                    }
                    hits.retain(|hit| !by_span.get(&hit.span).is_some_and(|envs| envs.iter().any(|e| hit.env.compatible(e))));
                }
                _ => continue,
            }
            self.noted(term, &hits, started);
        }
        for term in terms {
            let started = self.now();
            match term {
                Term::MetavariableRegex { name, regex } => {
                    hits.retain(|hit| {
                        hit.env.get(name).is_some_and(|bound| {
                            regex_accepts(regex, self.src, bound).unwrap_or_else(|limit| {
                                self.hit_limit(limit);
                                false
                            })
                        })
                    });
                    if regex.binds_groups() {
                        for hit in &mut hits {
                            if let Some(bound) = hit.env.get(name) {
                                let env = regex_groups(regex, self.src, bound, &hit.env);
                                hit.env = env;
                            }
                        }
                    }
                }
                Term::MetavariablePattern { name, formula, language } => {
                    let mut whole_file: Option<Vec<Hit<'t>>> = None;
                    hits.retain(|hit| match hit.env.get(name) {
                        Some(bound) => self.metavariable_pattern(&hit.env, bound, formula, language, &mut whole_file),
                        None => false,
                    });
                }
                Term::MetavariableComparison { comparison } => {
                    hits.retain(|hit| comparison.eval(&|name| hit.env.get(name).map(|bound| comparison_value(self.src, bound))));
                }
                Term::MetavariableType { name, types } => {
                    hits.retain(|hit| {
                        let node = hit.env.get(name).and_then(Bound::node);
                        node.is_some_and(|n| types.iter().any(|t| constants::has_type(n, t)))
                    });
                }
                Term::MetavariableAnalysis { name, analyzer } => {
                    // Only a string literal (or a name known to hold one) is analysed.
                    hits.retain(|hit| {
                        let text = hit.env.get(name).and_then(Bound::node).and_then(|n| n.literal_string());
                        text.is_some_and(|t| match analyzer {
                            MetavariableAnalyzer::Entropy => analyzers::high_entropy(&t),
                            MetavariableAnalyzer::Redos => analyzers::redos_prone(&t),
                        })
                    });
                }
                _ => continue,
            }
            self.noted(term, &hits, started);
        }
        for term in terms {
            if let Term::Focus(names) = term {
                let started = self.now();
                hits = hits
                    .into_iter()
                    .flat_map(|hit| {
                        names
                            .iter()
                            .filter_map(|name| hit.env.get(name).map(|bound| bound.span()))
                            // As Semgrep's `apply_focus_on_ranges`, the smaller of the
                            // match and the metavariable's range when one holds the
                            // other (a hit inside `$X`'s range stays as it is), and
                            // nothing for a metavariable bound outside the match (by a
                            // `pattern-inside`, say).
                            .filter_map(|span| match () {
                                _ if hit.span.contains(span) => Some(span),
                                _ if span.contains(hit.span) => Some(hit.span),
                                _ => None,
                            })
                            .map(|span| Hit { span, env: hit.env.clone(), focused: true })
                            .collect::<Vec<_>>()
                    })
                    .collect();
                dedup(&mut hits);
                self.noted(term, &hits, started);
            }
        }
        hits
    }

    /// The nodes whose range is exactly `span`.
    fn nodes_at(&self, span: Span) -> Vec<&'t Node> {
        self.index.path_to(span).into_iter().filter(|n| n.start == span.start && n.end == span.end).collect()
    }

    /// Whether the `metavariable-regex`es among `terms` accept the metavariables
    /// `env` binds (one it does not bind is checked later, on the final hits).
    fn metavariable_regexes_allow(&self, terms: &[Term], env: &Env<'t>) -> bool {
        terms.iter().all(|term| match term {
            Term::MetavariableRegex { name, regex } => {
                env.get(name).is_none_or(|bound| regex_accepts(regex, self.src, bound).unwrap_or(true))
            }
            _ => true,
        })
    }

    /// Whether to check a `pattern-inside` around each hit instead of searching the
    /// whole file. (A further positive term or a `pattern-not` is always checked at
    /// each hit: it looks only at the nodes with the hit's own range. A
    /// `pattern-inside` tries every enclosing node, which pays off for few hits.)
    fn check_around_each(&self, pattern: &Pattern, hits: usize) -> bool {
        hits <= CHECK_AROUND_EACH_UP_TO && checkable_at(pattern)
    }

    /// `metavariable-pattern`: does the sub-formula match inside the bound code?
    /// With another `language` than the rule's, or on a string, it runs on the text itself.
    fn metavariable_pattern(
        &self,
        env: &Env<'t>,
        bound: &Bound<'t>,
        formula: &Formula,
        language: &MetavariableLanguage,
        whole_file: &mut Option<Vec<Hit<'t>>>,
    ) -> bool {
        let span = bound.span();
        let string_value = bound.node().and_then(Node::literal_string);
        let named = *language != MetavariableLanguage::Rule;
        let as_text = !matches!(language, MetavariableLanguage::Rule | MetavariableLanguage::Python);
        // A `pattern-regex` inside sees the bound text alone (`^` and `$` anchor
        // at its ends), as Semgrep runs the formula on that text as a file.
        // A metavariable bound to an identifier that is not an expression (an
        // attribute's, a keyword's, a definition's name) is matched as the name
        // it spells, as Semgrep turns a bound identifier into an expression.
        // A binding that is text, not code (a generic rule's, a regex group's), is
        // read as a file of its own, as Semgrep does with a text binding.
        let text_bound = matches!(bound, Bound::Text { .. });
        let identifier = bound.node().is_some_and(|n| n.kind == Kind::Ident);
        if as_text || text_bound || identifier || (named && string_value.is_some()) || formula.uses_regex() {
            let text = string_value
                .filter(|_| named)
                .unwrap_or_else(|| self.src.get(span.start as usize..span.end as usize).unwrap_or("").to_string());
            if let Formula::Regex(re) = formula {
                return re.is_match(&text);
            }
            let parsed = python::parse_code(&text);
            let index = TreeIndex::new(&parsed.root);
            let shared = SharedMatches::default();
            let sub = Evaluator::new(&index, &text, &shared);
            return !sub.eval(formula).is_empty();
        }
        // Inside the bound code, and agreeing with the bindings made so far.
        if whole_file.is_none() {
            if let Some(found) = self.match_in_subtree(formula, bound, env) {
                return found;
            }
        }
        let hits = whole_file.get_or_insert_with(|| self.eval(formula));
        hits.iter().any(|hit| span.contains(hit.span) && env.compatible(&hit.env))
    }

    /// Tries a formula of plain patterns on the nodes of the bound code only;
    /// `None` when the formula needs a whole-file search.
    fn match_in_subtree(&self, formula: &Formula, bound: &Bound<'t>, env: &Env<'t>) -> Option<bool> {
        match formula {
            Formula::Pattern(pattern) if checkable_at(pattern) => {
                let mut nodes = Vec::new();
                let mut collect = |n: &'t Node| nodes.push(n);
                match bound {
                    Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => n.walk(&mut collect),
                    Bound::Seq(items) => items.iter().for_each(|n| n.walk(&mut collect)),
                    Bound::Text { .. } => return None,
                }
                Some(!match_at(pattern, &nodes, env, DEFAULT_BUDGET).is_empty())
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

/// Up to this many hits, a `pattern-inside` is checked around each hit rather
/// than searched for in the whole file (a choice of strategy, not a limit: the
/// results are the same).
const CHECK_AROUND_EACH_UP_TO: usize = 512;

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

/// `env` with a `metavariable-regex`'s capture groups on what `bound` binds
/// also bound. As Semgrep 1.187 reports them: a group by number at its
/// offsets inside the bound text taken as offsets in the file (so a message
/// shows the file's text there), a named group at its place in the file; each
/// with the text it captured.
fn regex_groups<'t>(regex: &Re, src: &str, bound: &Bound<'t>, env: &Env<'t>) -> Env<'t> {
    let text = bound_str(src, bound);
    let Ok(Some(found)) = regex.try_captures(&text) else { return env.clone() };
    let base = super::binding::bound_span(src, bound).start;
    let groups = found.groups.iter().map(|g| {
        let (start, end) = (g.start as u32, g.end as u32);
        (g, if g.named { Span::new(base + start, base + end) } else { Span::new(start, end) })
    });
    bind_groups(env.clone(), &text, groups)
}

/// `env` with each group bound to its range and the text it captured in
/// `text` (a name bound already keeps its binding).
fn bind_groups<'t, 'g>(mut env: Env<'t>, text: &str, groups: impl Iterator<Item = (&'g Group, Span)>) -> Env<'t> {
    for (group, span) in groups {
        if env.get(&group.name).is_some() {
            continue;
        }
        let captured: std::sync::Arc<str> = text.get(group.start..group.end).unwrap_or("").into();
        let bound = Bound::Text { span, text: captured };
        env = env.clone().bind(&group.name, bound).unwrap_or(env);
    }
    env
}

/// [`intersect`] for two `pattern-inside`s' regions (often thousands, one per
/// assignment up to the end of its block): each side's regions that lie in one
/// of the other's, found through [`Enclosing`].
fn intersect_regions<'t>(old: &[Hit<'t>], new: &[Hit<'t>]) -> Vec<Hit<'t>> {
    let mut out = Vec::new();
    for (inner, outer, same_range_too) in [(old, new, true), (new, old, false)] {
        let enclosing = Enclosing::new(outer);
        for hit in inner {
            for region in enclosing.around(hit).filter(|region| same_range_too || region.span != hit.span) {
                // The inner region's own bindings first (Semgrep's `left_merge`).
                out.extend(hit.env.unify(&region.env).map(|env| Hit { span: hit.span, env, focused: hit.focused }));
            }
        }
    }
    dedup(&mut out);
    out
}

/// Two positive terms' hits, as Semgrep's `intersect_ranges`: a hit of one
/// inside a hit of the other (or at the same range) whose bindings agree
/// stays, with its own range and both hits' bindings (`foo(...)` and
/// `$X(...)` give `foo(bar())` and `bar()`; `f(..., x=$V)` and `$V` give `$V`).
fn intersect<'t>(old: &[Hit<'t>], new: &[Hit<'t>]) -> Vec<Hit<'t>> {
    let mut out = Vec::new();
    // Each hit of one side against the hits of the other around it: a sweep
    // in order of start keeps only those that have begun and not yet ended.
    for (inner, outer, same_range_too) in [(old, new, true), (new, old, false)] {
        let mut outer: Vec<&Hit<'t>> = outer.iter().collect();
        outer.sort_by_key(|h| h.span.start);
        let mut inner: Vec<&Hit<'t>> = inner.iter().collect();
        inner.sort_by_key(|h| h.span.start);
        let (mut next, mut active): (usize, Vec<&Hit<'t>>) = (0, Vec::new());
        for hit in inner {
            while next < outer.len() && outer[next].span.start <= hit.span.start {
                active.push(outer[next]);
                next += 1;
            }
            active.retain(|region| region.span.end >= hit.span.start);
            for region in &active {
                if !region.span.contains(hit.span) || (!same_range_too && region.span == hit.span) {
                    continue;
                }
                // The inner hit's own bindings first, as Semgrep's `left_merge`.
                let merged = if same_range_too { hit.env.unify(&region.env) } else { region.env.unify(&hit.env) };
                out.extend(merged.map(|env| Hit { span: hit.span, env, focused: hit.focused }));
            }
        }
    }
    dedup(&mut out);
    out
}


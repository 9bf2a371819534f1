//! The rule model: what a Semgrep rule says, typed, as [`super::super::config`]
//! builds it from YAML and the evaluator runs it.
//!
//! A search rule is a formula, `Pattern | Regex | Generic | And(terms) | Or(formulas)`,
//! as in Semgrep's `Rule.ml`; `And` holds the terms of a `patterns:` list
//! (positive formulas, `pattern-not`, `pattern-inside`, `pattern-not-inside`,
//! the `metavariable-*` conditions and `focus-metavariable`). A taint rule is
//! a [`TaintSpec`] whose sources, sinks, sanitizers and propagators are formulas.

use super::super::compare::Comparison;
use super::super::generic::GenericPattern;
use super::super::pattern::Pattern;
use super::super::regex::Re;
use super::super::report::Severity;

/// A taint label formula (`requires:`), as the taint analysis evaluates it.
pub use super::super::taint::LabelExpr;

/// The analyses beyond Semgrep's a rule asks for (a leaf module, so that the analyses read it).
pub use super::super::precision::Precision;

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub message: String,
    pub severity: Severity,
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
    /// The analyses beyond Semgrep's the rule asks for (`options: precise_*`).
    pub precision: Precision,
}

/// Which analyses beyond Semgrep's a session runs (see [`Precision`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PreciseMode {
    /// Each rule's `options:` say (the default).
    #[default]
    AsRules,
    /// Every analysis on, for every rule (`--precise`, the app's toggle).
    All,
    /// None, whatever the rules say: exactly Semgrep's results (`--exact`).
    Exact,
    /// These analyses for every rule, whatever the rules say (to price each
    /// one alone: the bench's `--analysis`; which analysis makes a difference:
    /// see `engine::versus`).
    Only(Precision),
}

impl PreciseMode {
    /// What a rule runs with under this mode.
    pub fn of(self, rule: &Rule) -> Precision {
        match self {
            PreciseMode::AsRules => rule.precision,
            PreciseMode::All => Precision::ALL,
            PreciseMode::Exact => Precision::NONE,
            PreciseMode::Only(precision) => precision,
        }
    }

    /// Whether constant propagation folds conditions for every rule (it runs
    /// once per file: a rule's own `precise_constant_conditions` applies to
    /// its taint analysis only).
    pub fn folds_conditions(self) -> bool {
        match self {
            PreciseMode::All => true,
            PreciseMode::Only(precision) => precision.constant_conditions,
            PreciseMode::AsRules | PreciseMode::Exact => false,
        }
    }
}

impl Rule {
    /// The mode the rule runs in (only search and taint rules load).
    pub fn mode(&self) -> Mode {
        if self.taint.is_some() {
            Mode::Taint
        } else {
            Mode::Search
        }
    }
}

/// A rule's `languages`, as far as flasklight runs them: Python rules run on
/// Python files; `generic` and `regex` rules on any text file (templates,
/// configuration) their `paths` allow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    Python,
    Generic,
    Regex,
}

impl Language {
    /// The language a `languages:` entry names, with Semgrep's keys: `python`,
    /// `py`, `python2`, `python3` in any case (Semgrep lower-cases language
    /// names), and `generic`, `regex`, `none` as written (Semgrep takes those
    /// only in lower case). `None` for a language flasklight does not run.
    pub fn from_key(key: &str) -> Option<Language> {
        match key {
            "generic" => Some(Language::Generic),
            "regex" | "none" => Some(Language::Regex),
            _ if ["python", "py", "python2", "python3"].iter().any(|k| key.eq_ignore_ascii_case(k)) => Some(Language::Python),
            _ => None,
        }
    }

    /// A rule's language from its `languages:` list: Python when the list
    /// names it (a rule for several languages runs on the Python files), else
    /// `generic`, else `regex`.
    pub fn of_rule<'k>(keys: impl IntoIterator<Item = &'k str>) -> Option<Language> {
        let known: Vec<Language> = keys.into_iter().filter_map(Language::from_key).collect();
        [Language::Python, Language::Generic, Language::Regex].into_iter().find(|l| known.contains(l))
    }

    pub fn is_python(self) -> bool {
        self == Language::Python
    }
}

/// A rule's `mode`, as Semgrep knows them. flasklight runs `search` and
/// `taint` rules; `join` and `extract` rules are refused with a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Search,
    Taint,
    Join,
    Extract,
}

impl Mode {
    pub fn from_key(key: &str) -> Option<Mode> {
        match key {
            "search" => Some(Mode::Search),
            "taint" => Some(Mode::Taint),
            "join" => Some(Mode::Join),
            "extract" => Some(Mode::Extract),
            _ => None,
        }
    }

    /// Whether flasklight runs rules of this mode.
    pub fn is_supported(self) -> bool {
        matches!(self, Mode::Search | Mode::Taint)
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

#[derive(Clone, Debug, Default)]
pub struct TaintLabels {
    pub sources: Vec<(u8, Option<LabelExpr>)>,
    pub sinks: Vec<Option<LabelExpr>>,
    /// The label names by bit (bit 0 is `__SOURCE__`), for explanations.
    pub names: Vec<String>,
}

/// `fix-regex`: replace up to `count` matches of `regex` in the matched text.
#[derive(Clone, Debug)]
pub struct FixRegex {
    pub regex: Re,
    pub replacement: String,
    pub count: Option<usize>,
}

#[derive(Clone, Debug)]
pub enum Formula {
    Pattern(Box<Pattern>),
    Regex(Re),
    /// A pattern in Semgrep's `generic` language (generic rules, `metavariable-pattern`).
    Generic(GenericPattern),
    And(Vec<Term>),
    Or(Vec<Formula>),
}

impl Formula {
    /// Whether the formula's matches are all regions of `pattern-inside`s: a
    /// `patterns` whose only positive terms are `pattern-inside`s, or an either of such.
    pub fn only_regions(&self) -> bool {
        match self {
            Formula::And(terms) => {
                terms.iter().any(|t| matches!(t, Term::Inside(_))) && !terms.iter().any(|t| matches!(t, Term::Positive(_)))
            }
            Formula::Or(items) => !items.is_empty() && items.iter().all(Formula::only_regions),
            Formula::Pattern(_) | Formula::Regex(_) | Formula::Generic(_) => false,
        }
    }

    /// Whether the formula has a `pattern-regex` among its positive or negative parts.
    pub fn uses_regex(&self) -> bool {
        match self {
            Formula::Regex(_) => true,
            Formula::Pattern(_) | Formula::Generic(_) => false,
            Formula::Or(items) => items.iter().any(Formula::uses_regex),
            Formula::And(terms) => terms.iter().any(|t| match t {
                Term::Positive(f) | Term::Not(f) | Term::Inside(f) | Term::NotInside(f) => f.uses_regex(),
                _ => false,
            }),
        }
    }
}

/// One item of a `patterns:` list.
#[derive(Clone, Debug)]
pub enum Term {
    /// `pattern`, `patterns`, `pattern-either`, `pattern-regex`: hits must match it.
    Positive(Formula),
    /// `pattern-not`, `pattern-not-regex`: hits with the same range (and compatible bindings) are dropped.
    Not(Formula),
    /// `pattern-inside`: hits must lie inside one of its matches (taking its bindings).
    Inside(Formula),
    /// `pattern-not-inside`: hits inside one of its matches are dropped.
    NotInside(Formula),
    /// `metavariable-regex`: the bound text matches (anchored at its start).
    MetavariableRegex { name: String, regex: Re },
    /// `metavariable-pattern`: the formula matches inside the bound code.
    MetavariablePattern { name: String, formula: Box<Formula>, language: MetavariableLanguage },
    /// `metavariable-comparison`: the expression over bound values holds.
    MetavariableComparison { comparison: Comparison },
    /// `metavariable-analysis`: the bound string passes the analyzer.
    MetavariableAnalysis { name: String, analyzer: MetavariableAnalyzer },
    /// `metavariable-type`: the bound expression is known to be of one of these types.
    MetavariableType { name: String, types: Vec<String> },
    /// `focus-metavariable`: the hit narrows to what these metavariables bound.
    Focus(Vec<String>),
}

/// The `language:` of a `metavariable-pattern`, which decides what its formula reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetavariableLanguage {
    /// No `language:`: the bound code itself, as the rule's language parsed it.
    Rule,
    /// `language: python` (or `py`, any case): the rule's own language; a bound
    /// string is read for its contents, as Python code.
    Python,
    /// `language: generic` (any case): the bound text as words and punctuation.
    Generic,
    /// Any other language (`regex`, `python3`, ...): the bound text (a string's
    /// contents) read as a file of its own; Semgrep's other languages than the
    /// rule's re-parse it the same way.
    Other(String),
}

impl MetavariableLanguage {
    pub fn from_key(key: Option<&str>) -> MetavariableLanguage {
        match key {
            None => MetavariableLanguage::Rule,
            Some(k) if k.eq_ignore_ascii_case("python") || k.eq_ignore_ascii_case("py") => MetavariableLanguage::Python,
            Some(k) if k.eq_ignore_ascii_case("generic") => MetavariableLanguage::Generic,
            Some(k) => MetavariableLanguage::Other(k.to_string()),
        }
    }
}

/// The analyzers of `metavariable-analysis` (see [`super::super::analyzers`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MetavariableAnalyzer {
    Entropy,
    Redos,
}

//! The plain data the explanations are made of (serde both ways, so the
//! app's scan worker can send them to the page). Positions are byte spans;
//! each also carries its line/column for people ([`Position`], 1-based).

use super::super::report::{BindingOut, Diagnostic};
use super::super::source::{Position, Span};
use serde::{Deserialize, Serialize};

/// A node of a rule's formula tree, named by the child indexes that lead to it
/// from the root ([`ExplainNode::children`]): `[]` is the root, `[1, 0]` the
/// first child of the root's second child.
pub type NodePath = Vec<u32>;

/// What a node of the formula tree is: the rule key it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operator {
    Pattern,
    PatternRegex,
    PatternEither,
    Patterns,
    PatternNot,
    PatternNotRegex,
    PatternInside,
    PatternNotInside,
    MetavariableRegex,
    MetavariablePattern,
    MetavariableComparison,
    MetavariableAnalysis,
    MetavariableType,
    FocusMetavariable,
    /// The root of a taint rule; its children are its sources, sinks, sanitizers, propagators.
    Taint,
    /// One item of `pattern-sources` (its one child is the item's formula).
    Source,
    Sink,
    Sanitizer,
    Propagator,
}

impl Operator {
    /// The key as a rule writes it (`pattern-not`); taint items by their list's key.
    pub fn key(self) -> &'static str {
        match self {
            Operator::Pattern => "pattern",
            Operator::PatternRegex => "pattern-regex",
            Operator::PatternEither => "pattern-either",
            Operator::Patterns => "patterns",
            Operator::PatternNot => "pattern-not",
            Operator::PatternNotRegex => "pattern-not-regex",
            Operator::PatternInside => "pattern-inside",
            Operator::PatternNotInside => "pattern-not-inside",
            Operator::MetavariableRegex => "metavariable-regex",
            Operator::MetavariablePattern => "metavariable-pattern",
            Operator::MetavariableComparison => "metavariable-comparison",
            Operator::MetavariableAnalysis => "metavariable-analysis",
            Operator::MetavariableType => "metavariable-type",
            Operator::FocusMetavariable => "focus-metavariable",
            Operator::Taint => "mode: taint",
            Operator::Source => "pattern-sources",
            Operator::Sink => "pattern-sinks",
            Operator::Sanitizer => "pattern-sanitizers",
            Operator::Propagator => "pattern-propagators",
        }
    }
}

/// A range of the code, with its line/column for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeRange {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// What the metavariables bind at this range (empty where nothing binds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<BindingOut>,
}

/// One node of a rule's formula tree ([`Inspection::root`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExplainNode {
    /// This node's path from the root (what [`InspectOptions::disabled`] names).
    pub path: NodePath,
    pub operator: Operator,
    /// What the node says: the pattern or regex text, `$X` and its regex,
    /// the comparison, the focused names; empty for `patterns` / `pattern-either`.
    pub text: String,
    /// Where the node's key is in the rule YAML (line/column 1-based, byte offset),
    /// when the YAML was given and the node was found in it.
    pub place: Option<Position>,
    /// The ranges this node matches in the code on its own (for `pattern-not`,
    /// `pattern-inside`, ...: the ranges of its pattern, before any filtering;
    /// for a `metavariable-*` or `focus-metavariable`: the ranges it let through);
    /// the first [`InspectOptions::max_ranges`] of them.
    pub matches: Vec<CodeRange>,
    /// How many ranges it matches (the count the tree shows on the node; more
    /// than `matches.len()` when the list was cut).
    pub count: usize,
    /// For a term of a `patterns`: the candidate ranges left after this term was
    /// applied, in Semgrep's order (positive terms, then `pattern-inside`/`-not`,
    /// then the `metavariable-*` filters, then `focus-metavariable`), the first
    /// [`InspectOptions::max_ranges`] of them. `None` elsewhere.
    pub kept: Option<Vec<Span>>,
    /// How many candidates are left after this term (`kept`'s length before any cut).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<usize>,
    /// Time spent on this node (milliseconds) when a clock was given; a
    /// pattern shared with an earlier node (same text) costs nothing the second time.
    pub time_ms: Option<f64>,
    /// Turned off by [`InspectOptions::disabled`] (its `matches` are still shown).
    pub disabled: bool,
    pub children: Vec<ExplainNode>,
}

/// What to inspect, and how much of it to list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InspectOptions {
    /// Nodes to turn off before the rule runs (a term of `patterns` or an item of
    /// `pattern-either` is dropped; a taint item is dropped from its list).
    pub disabled: Vec<NodePath>,
    /// List at most this many ranges on each node (`matches`, `kept`); the
    /// counts (`count`, `left`) stay whole. `None`: every range.
    #[serde(default)]
    pub max_ranges: Option<usize>,
    /// Leave out what the metavariables bind at each range ([`CodeRange::bindings`]).
    #[serde(default)]
    pub no_bindings: bool,
}

/// A rule inspected on the current code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub rule_id: String,
    pub root: ExplainNode,
    /// The rule's results with the disabled nodes off (same ranges as its
    /// findings; all of them, whatever [`InspectOptions::max_ranges`] says).
    pub results: Vec<CodeRange>,
    /// Whole-rule time (milliseconds) when a clock was given.
    pub time_ms: Option<f64>,
    /// Problems with the request (a disabled path that names no node, a
    /// `patterns` left with no positive term), as warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The kind of answer [`WhyNot`] gives (one per reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    /// The rule does report this range (the answer to a "why not" that is one).
    Reported,
    /// A candidate here was removed by a `pattern-not` (or `pattern-not-regex`) that matched it.
    RemovedByNot,
    /// A candidate here was removed: no `pattern-inside` match contains it.
    NotInside,
    /// A candidate here was removed: a `pattern-not-inside` match contains it.
    InsideNotInside,
    /// A candidate here was removed: another positive term of the `patterns`
    /// does not match the same range (with the same bindings).
    NoSameRange,
    /// A candidate here was removed by a `metavariable-*` condition (the message
    /// quotes the bound text and the condition).
    MetavariableCondition,
    /// `focus-metavariable` moved the candidate to what the metavariable binds, elsewhere.
    FocusMoved,
    /// No pattern matches here; the closest partial match and where it stopped.
    NearMiss,
    /// No pattern matches here and none comes close (no code node of the pattern's kind).
    NoCandidate,
    /// Taint: no sink pattern matches here.
    TaintNoSink,
    /// Taint: a sink matches here but no source matches anywhere in the file.
    TaintNoSource,
    /// Taint: a sink here, sources elsewhere, but no tainted value reaches it
    /// and the walk says no more (or never reaches the sink: it comes after a
    /// `return`, `raise` or jump on every path).
    TaintNotReached,
    /// Taint: a sink here, sources in the file, but none in the function that holds the sink.
    TaintNoSourceInFunction,
    /// Taint: a sanitizer match (or a `by-side-effect` one) cleaned the value on its way.
    TaintSanitized,
    /// Taint: an assignment gave the tainted variable a clean value.
    TaintReplaced,
    /// Taint (`precise_guards`): a check of an `if` cleaned the variable on the path to the sink.
    TaintGuarded,
    /// Taint (`precise_constant_conditions`): the sink or the source is in an arm that never runs.
    TaintDeadBranch,
    /// Taint (`precise_functions`): a function of the file does not pass the taint of its argument on.
    TaintHelper,
    /// Taint (`precise_containers`): the container slot read holds no taint.
    TaintCleanSlot,
    /// Taint: a call (f-string, conditional...) in a list comprehension's
    /// element, whose value Semgrep does not pass to the list.
    TaintElement,
    /// Taint: an option of the rule (`taint_assume_safe_functions`, ...) kept the value clean.
    TaintOption,
    /// Taint: tainted values reach the sink's function, but the sink uses other variables.
    TaintOtherVariable,
    /// Taint: a tainted value reaches the sink, but not with the labels the sink `requires`.
    TaintLabels,
}

/// One reason in a "why not" answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub kind: ReasonKind,
    /// The reason in words, tied to the rule's lines (`pattern-not at rule line 9 matched it`).
    pub message: String,
    /// The formula node the reason is about (see [`NodePath`]) and its place in the YAML.
    pub node: Option<NodePath>,
    pub place: Option<Position>,
    /// The code concerned: the candidate range, or the code node where matching stopped.
    pub code: Option<CodeRange>,
    /// For a near miss: the pattern node where matching stopped, as a byte
    /// range in the pattern text, and that text.
    pub pattern_span: Option<Span>,
    pub pattern_text: Option<String>,
}

/// The answer to "why does the rule not report this range?".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhyNot {
    pub rule_id: String,
    /// The range asked about (a caret is an empty range).
    pub asked: Span,
    pub reasons: Vec<Reason>,
    /// The reasons as text, one per line (what `flasklight explain` prints).
    pub text: String,
}

/// A node of a code or pattern tree as the engine sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreeNode {
    /// The node kind (`Call`, `Attribute`, `MetaVar`, ...).
    pub kind: String,
    /// Byte range in the code (or, for a pattern tree, in the pattern text).
    pub span: Span,
    /// Identifier, literal value, operator, or metavariable name; empty if none.
    pub text: String,
    /// How the engine reads the node, when worth saying: `import alias of
    /// subprocess`, `constant "abc" (propagated)`, `regex ^a`, `binds $X`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub children: Vec<TreeNode>,
}

/// A pattern of the rule as the engine read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatternTree {
    /// The formula node it belongs to.
    pub node: NodePath,
    pub text: String,
    /// How it was read, in words: `an expression: a call on an attribute`,
    /// `a statement sequence of 2`, `"=~/.../" became a regex`.
    pub reading: Vec<String>,
    /// Its tree (several for a statement sequence).
    pub roots: Vec<TreeNode>,
}

/// What changed between two result sets (`+2 / −3`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HitDiff {
    pub added: Vec<Span>,
    pub removed: Vec<Span>,
}

/// Time per rule (milliseconds), for `--time` and the app's cost panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleTime {
    pub rule_id: String,
    pub time_ms: f64,
}

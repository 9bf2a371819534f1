//! Every limit the engine enforces, in one place.
//!
//! Hostile input (a huge file, deep nesting, a rule that matches everything, a
//! catastrophic regex) must come back as results plus a diagnostic, never as a
//! hang, a crash or gigabytes of memory. When a limit is hit, the
//! [`Diagnostic`](super::report::Diagnostic) says which one (its `limit` field
//! and its message), so a person can tell "no findings" from "gave up".
//!
//! The numbers are generous: the whole bundled pack on a 100,000-line file
//! stays under every one of them.

use serde::{Deserialize, Serialize};

/// Files larger than this are not parsed or matched (about 100,000 lines of
/// ordinary Python; Semgrep's default `--max-target-bytes` is 1,000,000).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Brackets nested deeper than this (or lines indented by more than this many
/// levels, or a statement of over [`MAX_OPERATORS`] operators) are not parsed:
/// the parser recurses once per level (CPython stops at 200; deeper code would
/// exhaust the stack, in wasm first). `python::chunks` enforces it and reports
/// a syntax error.
pub const MAX_NESTING: usize = 100;

/// At most this many findings of one rule in one file are reported; the rest
/// are dropped with a diagnostic.
pub const MAX_FINDINGS_PER_RULE: usize = 10_000;

/// Matching steps one pattern may take on one file (the matcher's budget,
/// `matcher::DEFAULT_BUDGET`).
pub const MATCH_STEPS: u64 = 3_000_000;

/// Statements the taint analysis of one rule may visit in one file (loops are
/// walked twice, so pathological nesting could otherwise multiply them).
pub const TAINT_STEPS: usize = 2_000_000;

/// Slots followed in one container by `precise_containers` (items of a list,
/// keys of a dict, options of a config parser); a container that grows past
/// it is tainted as a whole again, as in Semgrep.
pub const MAX_CONTAINER_SLOTS: usize = 64;

/// How far `precise_functions` follows calls to functions of the same file.
/// Past a limit a call is what it is in Semgrep (its arguments' taint passes
/// to its result; no sink inside is reached), so a limit only loses precision.
#[derive(Clone, Copy, Debug)]
pub struct SummaryLimits {
    /// Functions summarized in one file (those called somewhere in it, in order).
    pub functions: usize,
    /// Parameters of one function (each is followed on its own).
    pub params: usize,
    /// Rounds of the fixpoint over the file's summaries (calls between the
    /// functions, recursion included, settle in a few); unsettled after
    /// them, no summary is used.
    pub rounds: usize,
    /// Statements in one function's body (nested blocks included); a
    /// longer function is not summarized.
    pub statements: usize,
}

/// The limits of `precise_functions`.
pub const SUMMARIES: SummaryLimits = SummaryLimits { functions: 200, params: 12, rounds: 6, statements: 2_000 };

/// Statements constant propagation may visit in one file.
pub const CONSTANT_STEPS: usize = 1_000_000;

/// Backtracking steps for one regex that needs look-around or backreferences
/// (`fancy-regex`); regexes without them run in linear time and need no limit.
pub const REGEX_BACKTRACK_STEPS: usize = 200_000;

/// Matches of one `pattern-regex` in one file.
pub const MAX_REGEX_MATCHES: usize = 10_000;

// Limits of the rule layer, the text-level languages and rule loading. They
// bound work or output without a diagnostic: each follows Semgrep or cuts off
// input no real rule or file comes near.

/// Files at least this long (or this much of a file's text to parse anew)
/// are scanned with the rules, and parsed with the chunks, spread over the
/// machine's cores (natively; WebAssembly runs them in turn). A threshold,
/// not a limit: the tree and the findings are the same either way.
pub const PARALLEL_FROM_BYTES: usize = 16 * 1024;

/// A finding shows at most this many source lines, then `...`: Semgrep's
/// `--max-lines-per-finding` default.
pub const FINDING_LINES: usize = 10;

/// A line a finding shows is cut after this many characters, then `...`:
/// Semgrep's `--max-chars-per-line` default (a hit in a minified file must not
/// copy a megabyte line into every finding).
pub const FINDING_LINE_CHARS: usize = 160;

/// The most memory, in bytes, the automata of one regex may take (the `regex`
/// crate's `size_limit`, and `fancy-regex`'s for the parts it delegates).
/// Larger regexes are refused when the rule loads.
pub const REGEX_SIZE_BYTES: usize = 4 * 1024 * 1024;

/// Steps one search of a `generic`-language pattern may take on one text
/// (several `...` in a row could otherwise try every way to split a long text).
pub const GENERIC_STEPS: u32 = 200_000;

/// `metavariable-analysis: entropy` reads at most this many characters of a string.
pub const ENTROPY_CHARS: usize = 4096;

/// `metavariable-analysis: redos` judges regexes nested at most this deep
/// (deeper ones are not judged: not prone).
pub const REDOS_NESTING: u32 = 100;

/// A `metavariable-comparison` of more tokens than this is refused when the rule loads.
pub const COMPARISON_TOKENS: usize = 10_000;

/// A `metavariable-comparison` nested deeper than this is refused when the rule loads
/// (its parser recurses once per level).
pub const COMPARISON_NESTING: usize = 200;

/// The most taint labels one rule may name, besides `__SOURCE__` (the label
/// of sources without one): labels are bits of a 64-bit set.
pub const MAX_TAINT_LABELS: usize = 63;

/// A rule file's diagnostics are placed by the YAML parser (each one reads the
/// file again up to its node) this many times at most; later ones are placed
/// by searching the text for their key, which a file with thousands of bad
/// rules could otherwise make quadratic.
pub const YAML_PLACE_LOOKUPS: usize = 1_000;

// ----- internal caps of the matcher, constant propagation, taint and the
// Python front end: no diagnostic names them; they keep odd input cheap. -----

/// At most this many different binding sets are kept for one matched range
/// (and for one `A ... B` sequence from one start).
pub const ENVS_PER_RANGE: usize = 64;

/// Nodes on a path from the root that `TreeIndex::path_to` follows.
pub const MAX_TREE_PATH: usize = 10_000;

/// Parentheses around one expression that the Python front end looks through
/// for its range, and comments between them it steps over.
pub const MAX_GROUPING_PARENS: usize = 32;
pub const MAX_COMMENTS_SKIPPED: usize = 64;

/// Nesting of `not` and parentheses in a taint label's `requires:` formula.
pub const MAX_LABEL_NESTING: usize = 50;

/// Most operators one logical line may hold (a left-nested chain is a deep
/// tree); see [`MAX_NESTING`].
pub const MAX_OPERATORS: usize = 2_000;

/// Which limit a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Limit {
    FileSize,
    Nesting,
    FindingsPerRule,
    MatchSteps,
    TaintSteps,
    RegexBacktrack,
    RegexMatches,
}

impl Limit {
    /// The constant in this module that sets it.
    pub fn constant(self) -> &'static str {
        match self {
            Limit::FileSize => "MAX_FILE_BYTES",
            Limit::Nesting => "MAX_NESTING",
            Limit::FindingsPerRule => "MAX_FINDINGS_PER_RULE",
            Limit::MatchSteps => "MATCH_STEPS",
            Limit::TaintSteps => "TAINT_STEPS",
            Limit::RegexBacktrack => "REGEX_BACKTRACK_STEPS",
            Limit::RegexMatches => "MAX_REGEX_MATCHES",
        }
    }

    pub fn value(self) -> u64 {
        match self {
            Limit::FileSize => MAX_FILE_BYTES as u64,
            Limit::Nesting => MAX_NESTING as u64,
            Limit::FindingsPerRule => MAX_FINDINGS_PER_RULE as u64,
            Limit::MatchSteps => MATCH_STEPS,
            Limit::TaintSteps => TAINT_STEPS as u64,
            Limit::RegexBacktrack => REGEX_BACKTRACK_STEPS as u64,
            Limit::RegexMatches => MAX_REGEX_MATCHES as u64,
        }
    }

    /// For people: "the input size limit (4,194,304 bytes, MAX_FILE_BYTES)".
    pub fn describe(self) -> String {
        let (what, unit) = match self {
            Limit::FileSize => ("input size", "bytes"),
            Limit::Nesting => ("nesting depth", "levels"),
            Limit::FindingsPerRule => ("findings per rule", "per file"),
            Limit::MatchSteps => ("matching step", "steps per pattern"),
            Limit::TaintSteps => ("taint step", "statements per rule"),
            Limit::RegexBacktrack => ("regex backtracking", "steps"),
            Limit::RegexMatches => ("pattern-regex match", "matches per file"),
        };
        format!("the {what} limit ({} {unit}, {})", thousands(self.value()), self.constant())
    }

    /// The `type` of the error in Semgrep's JSON output.
    pub fn semgrep_type(self) -> &'static str {
        match self {
            Limit::MatchSteps | Limit::TaintSteps | Limit::RegexBacktrack => "Timeout",
            Limit::FindingsPerRule | Limit::RegexMatches => "Too many matches",
            Limit::FileSize | Limit::Nesting => "Limit exceeded",
        }
    }
}

/// 4194304 -> "4,194,304".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_name_the_constant_and_value() {
        assert_eq!(Limit::FileSize.describe(), "the input size limit (4,194,304 bytes, MAX_FILE_BYTES)");
        assert_eq!(Limit::FindingsPerRule.describe(), "the findings per rule limit (10,000 per file, MAX_FINDINGS_PER_RULE)");
        assert_eq!(thousands(100), "100");
    }
}

//! What every layer of the engine reports, as plain data: diagnostics (bad
//! rules, bad code, limits hit), rule severities, findings with their
//! bindings, fixes and dataflow traces.
//!
//! A leaf: it names only byte spans ([`super::source`]), which limit was
//! hit ([`super::limits::Limit`]) and which analysis beyond Semgrep's made a
//! difference ([`super::precision::Analysis`]), so that config, rules, taint and the session
//! can all report through it without depending on each other.

use super::limits::Limit;
use super::precision::Analysis;
use super::source::{LineIndex, Position, Span};
use serde::{Deserialize, Serialize};

/// A problem with a rule file or with code, for people: message and place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub message: String,
    /// `"error"` or `"warning"`.
    pub severity: String,
    pub rule_id: Option<String>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// Set when the problem is that an engine limit was hit (see [`super::limits`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl Diagnostic {
    /// `span` is clamped to the text and widened to whole characters, so it can always slice `text`.
    pub fn at(text: &str, lines: &LineIndex, span: Span, message: String) -> Diagnostic {
        let span = span.within(text);
        Diagnostic {
            message,
            severity: "error".into(),
            rule_id: None,
            span,
            start: lines.position(text, span.start),
            end: lines.position(text, span.end),
            limit: None,
        }
    }

    /// A warning that `limit` was hit; the message names it.
    pub fn limit_hit(text: &str, lines: &LineIndex, span: Span, limit: Limit, what_happened: &str) -> Diagnostic {
        let mut diagnostic = Diagnostic::at(text, lines, span, format!("{what_happened}: hit {}", limit.describe()));
        diagnostic.severity = "warning".into();
        diagnostic.limit = Some(limit);
        diagnostic
    }
}

/// The limits hit during a run, each once, in the order they were first hit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LimitHits(Vec<Limit>);

impl LimitHits {
    pub fn record(&mut self, limit: Limit) {
        if !self.0.contains(&limit) {
            self.0.push(limit);
        }
    }

    pub fn into_vec(self) -> Vec<Limit> {
        self.0
    }
}

/// A rule's `severity`, spelled as Semgrep accepts it (upper case only):
/// the classic `ERROR`/`WARNING`/`INFO`, the newer `CRITICAL`/`HIGH`/`MEDIUM`/`LOW`
/// (the classic ones match HIGH, MEDIUM and LOW), and `INVENTORY`/`EXPERIMENT`.
/// Output prints it as the rule wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Inventory,
    Experiment,
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// Every severity, the classic three first.
    pub const ALL: [Severity; 9] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Inventory,
        Severity::Experiment,
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// The severity a rule's YAML names (`ERROR`, ...), as Semgrep reads it: case matters.
    pub fn from_name(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
            Severity::Inventory => "INVENTORY",
            Severity::Experiment => "EXPERIMENT",
            Severity::Critical => "CRITICAL",
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Low => "LOW",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Severity, D::Error> {
        let name = String::deserialize(deserializer)?;
        Severity::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown severity `{name}`")))
    }
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub message: String,
    pub severity: Severity,
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
    /// How the finding stands against Semgrep's results, when the session
    /// compares them (the app's; see `Session::set_compare`); `None`: Semgrep
    /// reports it too, or nobody asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus: Option<Versus>,
}

/// A finding that only an analysis beyond Semgrep's makes, or takes away
/// (issue 19): what a rule author needs to know of what Semgrep would report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Versus {
    /// Reported only with the precise analyses; `by`: the one that makes it
    /// alone (`None`: it takes several together).
    OnlyPrecise { by: Option<Analysis> },
    /// Semgrep reports it; the precise analyses remove it (`by` as above).
    Removed { by: Option<Analysis> },
}

impl Versus {
    /// The mark in words: "only with precise analyses (guard analysis) — Semgrep would not report this".
    pub fn describe(self) -> String {
        match self {
            Versus::OnlyPrecise { by: Some(by) } => format!("only with precise analyses ({}) — Semgrep would not report this", by.name()),
            Versus::OnlyPrecise { by: None } => "only with precise analyses — Semgrep would not report this".to_string(),
            Versus::Removed { by: Some(by) } => format!("removed by {}: Semgrep reports this", by.name()),
            Versus::Removed { by: None } => "removed by precise analyses: Semgrep reports this".to_string(),
        }
    }
}

impl Finding {
    /// The whole file with this finding's fix applied (`src` is the scanned text).
    pub fn fixed_code(&self, src: &str) -> Option<String> {
        let fix = self.fix.as_deref()?;
        let (start, end) = (self.span.start as usize, self.span.end as usize);
        Some(format!("{}{fix}{}", src.get(..start)?, src.get(end..)?))
    }
}

/// A taint finding's path: source, the assignments it flowed through, sink.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataflowTrace {
    pub source: TraceStep,
    pub intermediate: Vec<TraceStep>,
    pub sink: TraceStep,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceStep {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub content: String,
}

impl TraceStep {
    pub fn new(src: &str, lines: &LineIndex, span: Span) -> TraceStep {
        TraceStep {
            span,
            start: lines.position(src, span.start),
            end: lines.position(src, span.end),
            content: src.get(span.start as usize..span.end as usize).unwrap_or("").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Severity;

    #[test]
    fn severities_read_and_print_as_semgrep_spells_them() {
        for severity in Severity::ALL {
            assert_eq!(Severity::from_name(severity.as_str()), Some(severity));
            let json = serde_json::to_string(&severity).expect("serializes");
            assert_eq!(json, format!("\"{}\"", severity.as_str()));
            assert_eq!(serde_json::from_str::<Severity>(&json).expect("deserializes"), severity);
        }
        // Semgrep's schema takes upper case only.
        assert_eq!(Severity::from_name("error"), None);
        assert_eq!(Severity::from_name("Warning"), None);
        assert_eq!(Severity::from_name("FATAL"), None);
    }
}

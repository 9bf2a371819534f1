//! A taint finding's data flow (source → each step → sink) drawn over the code editor.
//!
//! Pure functions from an [`Analysis`] to view data: which taint finding is
//! active for a caret or pointer offset, the numbered marks and the rail the
//! gutter draws for it, and the code lines with the steps' text painted.
//! No DOM here; `code_pane.rs` and `editor.rs` render what this computes.

use super::analysis::{one_line, Analysis};
use super::code_pane::clip;
use super::decorate::{Lines, PathRole};
use crate::engine::report::Finding;
use std::rc::Rc;

/// One step of the path, numbered from 1 (the source) to the sink.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    pub n: usize,
    pub role: PathRole,
    /// 1-based line where the step starts.
    pub line: u32,
    /// Byte range in the code.
    pub start: u32,
    pub end: u32,
    pub content: String,
}

impl PathStep {
    /// "Step 2 of 4, through, line 12".
    pub fn label(&self, total: usize) -> String {
        format!("Step {} of {total}, {}, line {}", self.n, self.role.name(), self.line)
    }
}

/// The path of one taint finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathView {
    /// Index of the finding in the analysis.
    pub finding: usize,
    pub rule_id: String,
    pub steps: Vec<PathStep>,
}

/// What the gutter draws on one line of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathCell {
    pub rail: Rail,
    pub badge: Option<Badge>,
}

/// The connecting line from the path's first line to its last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rail {
    /// First line of the path: from the badge down.
    Start,
    /// A line between: straight through.
    Middle,
    /// Last line: from the top down to the badge.
    End,
    /// The whole path is on one line.
    Only,
}

impl Rail {
    pub fn class(self) -> &'static str {
        match self {
            Rail::Start => "rail-start",
            Rail::Middle => "rail-mid",
            Rail::End => "rail-end",
            Rail::Only => "rail-only",
        }
    }
}

/// A numbered, clickable mark for the steps on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub label: String,
    pub role: PathRole,
    /// Every step on the line, for the tooltip.
    pub title: String,
    /// Where a click moves the caret (the line's first step).
    pub start: u32,
    pub end: u32,
}

impl PathView {
    /// The path of finding `index`, if it is a taint finding.
    pub fn of(analysis: &Analysis, index: usize) -> Option<PathView> {
        let finding = analysis.findings.get(index)?;
        let trace = finding.dataflow_trace.as_ref()?;
        let all: Vec<_> = std::iter::once((PathRole::Source, &trace.source))
            .chain(trace.intermediate.iter().map(|s| (PathRole::Step, s)))
            .chain(std::iter::once((PathRole::Sink, &trace.sink)))
            .collect();
        let steps = all
            .into_iter()
            .enumerate()
            .map(|(i, (role, step))| PathStep {
                n: i + 1,
                role,
                line: step.start.line,
                start: step.span.start,
                end: step.span.end,
                content: one_line(&step.content),
            })
            .collect();
        Some(PathView { finding: index, rule_id: finding.rule_id.clone(), steps })
    }

    fn lines(&self) -> (u32, u32) {
        let first = self.steps.iter().map(|s| s.line).min().unwrap_or(0);
        let last = self.steps.iter().map(|s| s.line).max().unwrap_or(0);
        (first, last)
    }

    /// What the gutter shows on 1-based `line`, if the path passes it.
    pub fn cell(&self, line: u32) -> Option<PathCell> {
        let (first, last) = self.lines();
        if line < first || line > last {
            return None;
        }
        let rail = match (line == first, line == last) {
            (true, true) => Rail::Only,
            (true, false) => Rail::Start,
            (false, true) => Rail::End,
            (false, false) => Rail::Middle,
        };
        let here: Vec<&PathStep> = self.steps.iter().filter(|s| s.line == line).collect();
        let total = self.steps.len();
        let badge = here.first().map(|step| Badge {
            label: match here.len() {
                1 => step.n.to_string(),
                _ => format!("{}+", step.n),
            },
            // The sink is what the finding is about; it wins a shared line.
            role: if here.iter().any(|s| s.role == PathRole::Sink) { PathRole::Sink } else { step.role },
            title: here
                .iter()
                .map(|s| format!("{}: {}", s.label(total), clip(&s.content, 60)))
                .collect::<Vec<_>>()
                .join("\n"),
            start: step.start,
            end: step.end,
        });
        Some(PathCell { rail, badge })
    }
}

fn has_trace(finding: &Finding) -> bool {
    finding.dataflow_trace.is_some()
}

fn step_holds(start: u32, end: u32, offset: u32) -> bool {
    start <= offset && offset <= end
}

/// The taint finding whose path to show for a caret at `offset`: one whose
/// sink (the finding) holds it, or else one with a step there. `previous`
/// wins while it still applies, so walking along a path keeps it.
pub fn active_at(analysis: &Analysis, offset: u32, previous: Option<usize>) -> Option<usize> {
    let touches = |i: usize| {
        let Some(finding) = analysis.findings.get(i).filter(|f| has_trace(f)) else { return false };
        let trace = finding.dataflow_trace.as_ref().expect("checked");
        step_holds(finding.span.start, finding.span.end, offset)
            || step_holds(trace.source.span.start, trace.source.span.end, offset)
            || step_holds(trace.sink.span.start, trace.sink.span.end, offset)
            || trace.intermediate.iter().any(|s| step_holds(s.span.start, s.span.end, offset))
    };
    if let Some(previous) = previous.filter(|&i| touches(i)) {
        return Some(previous);
    }
    analysis
        .findings_at(offset)
        .into_iter()
        .find(|&i| has_trace(&analysis.findings[i]))
        .or_else(|| (0..analysis.findings.len()).find(|&i| touches(i)))
}

/// The first taint finding among `indices` (findings under the pointer).
pub fn first_taint(analysis: &Analysis, indices: &[usize]) -> Option<usize> {
    indices.iter().copied().find(|&i| analysis.findings.get(i).is_some_and(has_trace))
}

/// The code lines with the steps of `path` painted on them.
pub fn paint(lines: &Lines, path: &PathView) -> Lines {
    Rc::new(lines.with_path(path.steps.iter().map(|s| (s.start, s.end, s.role)).collect()))
}

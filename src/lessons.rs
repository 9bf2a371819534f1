//! Workshop lessons: data files in `rules/lessons/`, read into plain structs,
//! and the grading of a learner's rule on a lesson's exercise.
//!
//! Each lesson tells a story (bug -> fix) and ends with an exercise: code with
//! `# ruleid: exercise` / `# ok: exercise` annotations, a starter rule, hints,
//! a reference rule that passes the exercise, and hidden cases (`hidden`: more
//! vulnerable and safe variants, annotated the same way, that the learner never
//! sees). `cargo test` and `scripts/check_lessons.py` check that the reference
//! rule passes both and the starter rule does not.

use crate::engine::annotations::{self, Problem, Verdict};
use crate::engine::report::Diagnostic;
use crate::engine::report::Finding;
use crate::engine::session::Session;
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub order: u32,
    pub title: String,
    pub class: String,
    pub summary: String,
    pub story: String,
    #[serde(default)]
    pub incident: Option<String>,
    pub vulnerable: String,
    pub fixed: String,
    pub exercise: Exercise,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub instructions: String,
    pub code: String,
    pub starter_rule: String,
    #[serde(default)]
    pub hints: Vec<String>,
    pub reference_rule: String,
    /// Hidden test code: more `# ruleid: exercise` / `# ok: exercise` cases
    /// a solution must pass. Never shown; run without its annotation comments.
    #[serde(default)]
    pub hidden: String,
}

/// The rule id every exercise's annotations name.
pub const EXERCISE_ID: &str = "exercise";

/// How a learner's rule does on an exercise.
#[derive(Clone, Debug, Default)]
pub struct Grade {
    /// Errors in the rule YAML; when there are any, nothing else was run.
    pub rule_errors: Vec<Diagnostic>,
    /// The findings on the visible code.
    pub findings: Vec<Finding>,
    /// `semgrep --test`'s verdict on the visible code.
    pub visible: Verdict,
    /// The rule's ids, when none of them is [`EXERCISE_ID`].
    pub wrong_ids: Vec<String>,
    /// The rule finds other lines once the annotation comments are blanked
    /// out: it reads the answers instead of the code.
    pub reads_comments: bool,
    /// Hidden cases (annotated lines) and how many of them fail, counting a
    /// hidden line the rule matches without an annotation as one more.
    pub hidden_total: usize,
    pub hidden_failed: usize,
}

impl Grade {
    pub fn solved(&self) -> bool {
        self.rule_errors.is_empty() && self.wrong_ids.is_empty() && self.visible.passed() && !self.reads_comments && self.hidden_failed == 0
    }
}

/// Runs `rule_yaml` on the exercise's visible code (as written and with its
/// annotation comments blanked out) and on its hidden cases (blanked out).
pub fn grade(session: &mut Session, exercise: &Exercise, rule_yaml: &str) -> Grade {
    let rule_errors: Vec<Diagnostic> = session.set_rules(rule_yaml).into_iter().filter(|d| d.severity == "error").collect();
    if !rule_errors.is_empty() {
        session.set_rules("rules: []\n");
        let visible = annotations::verdict(&exercise.code, &[]);
        return Grade { rule_errors, visible, ..Grade::default() };
    }
    let ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).collect();
    let wrong_ids = if ids.iter().any(|id| id == EXERCISE_ID) { Vec::new() } else { ids };
    let mut findings_on = |code: &str| {
        session.set_code(code);
        session.run().findings
    };
    let findings = findings_on(&exercise.code);
    let visible = annotations::verdict(&exercise.code, &findings);
    let lines = |findings: &[Finding]| findings.iter().map(|f| f.start.line).collect::<BTreeSet<u32>>();
    let reads_comments = lines(&findings_on(&annotations::without_annotations(&exercise.code))) != lines(&findings);
    let (hidden_total, hidden_failed) = if exercise.hidden.trim().is_empty() {
        (0, 0)
    } else {
        let hidden = annotations::verdict(&exercise.hidden, &findings_on(&annotations::without_annotations(&exercise.hidden)));
        let total = hidden.checks.iter().filter(|c| !c.todo).count();
        let failed: BTreeSet<u32> = hidden.problems.iter().map(Problem::line).collect();
        (total, failed.len())
    };
    Grade { rule_errors, findings, visible, wrong_ids, reads_comments, hidden_total, hidden_failed }
}

/// Every bundled lesson in order; a lesson file that does not read is reported, not skipped silently.
pub fn all() -> (Vec<Lesson>, Vec<String>) {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (i, text) in crate::bundled::lessons().iter().enumerate() {
        match serde_yaml_ng::from_str::<Lesson>(text) {
            Ok(lesson) => lessons.push(lesson),
            Err(e) => errors.push(format!("lesson file {}: {e}", i + 1)),
        }
    }
    lessons.sort_by_key(|l| l.order);
    (lessons, errors)
}

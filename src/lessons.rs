//! Workshop lessons: data files in `rules/lessons/`, read into plain structs.
//!
//! Each lesson tells a story (bug -> fix) and ends with an exercise: code with
//! `# ruleid: exercise` / `# ok: exercise` annotations, a starter rule, hints
//! and a reference rule that passes the exercise (checked by `cargo test`).

use serde::Deserialize;

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
}

/// Every bundled lesson in order; a lesson file that does not read is reported, not skipped silently.
pub fn all() -> (Vec<Lesson>, Vec<String>) {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (i, text) in crate::bundled::LESSONS.iter().enumerate() {
        match serde_yaml_ng::from_str::<Lesson>(text) {
            Ok(lesson) => lessons.push(lesson),
            Err(e) => errors.push(format!("lesson file {}: {e}", i + 1)),
        }
    }
    lessons.sort_by_key(|l| l.order);
    (lessons, errors)
}

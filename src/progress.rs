//! What a browser keeps of Learn mode: per lesson, whether it is done, the
//! learner's rule, and whether the reference rule was shown before the lesson
//! was solved; and the JSON file an instructor exports and imports.
//!
//! Plain Rust, tested natively: the app stores [`Progress::to_json`] in
//! localStorage and reads it back with [`Progress::from_json`], which also
//! reads the first format (`{"done": [ids]}`) and refuses anything else with a
//! reason instead of panicking.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format written today.
pub const VERSION: u32 = 2;
/// Larger progress files are refused (a rule per lesson is a few hundred bytes).
pub const MAX_JSON: usize = 1_000_000;
/// A saved rule longer than this is not kept.
pub const MAX_RULE: usize = 64 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    #[serde(default)]
    pub done: bool,
    /// The learner's rule as last edited (`None`: the starter rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The reference rule was shown while the lesson was not done yet.
    #[serde(default)]
    pub revealed_before_solving: bool,
}

impl LessonProgress {
    fn is_empty(&self) -> bool {
        *self == LessonProgress::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub lessons: BTreeMap<String, LessonProgress>,
}

/// One change to the progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The learner edited the rule of a lesson.
    Edit { lesson: String, rule: String },
    /// The learner's rule solves the lesson.
    Solved { lesson: String },
    /// The reference rule was shown.
    Revealed { lesson: String },
    /// The exercise starts over from the starter rule (done stays).
    ResetRule { lesson: String },
    /// Everything about a lesson is forgotten (the instructor's reset).
    Forget { lesson: String },
    /// An imported file replaces everything.
    Replace(Progress),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    lessons: BTreeMap<String, LessonProgress>,
}

/// The first format: only the ids of the lessons done.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FirstFormat {
    done: Vec<String>,
}

impl Progress {
    pub fn lesson(&self, id: &str) -> Option<&LessonProgress> {
        self.lessons.get(id)
    }

    pub fn done(&self, id: &str) -> bool {
        self.lesson(id).is_some_and(|l| l.done)
    }

    pub fn done_count(&self) -> usize {
        self.lessons.values().filter(|l| l.done).count()
    }

    /// The rule to show for a lesson: the learner's, else `starter`.
    pub fn rule_or<'a>(&'a self, id: &str, starter: &'a str) -> &'a str {
        self.lesson(id).and_then(|l| l.rule.as_deref()).unwrap_or(starter)
    }

    /// Applies a change; `false` when nothing changed.
    pub fn apply(&mut self, change: Change) -> bool {
        let before = self.clone();
        match change {
            Change::Edit { lesson, rule } => {
                if rule.len() <= MAX_RULE {
                    self.entry(lesson).rule = Some(rule);
                }
            }
            Change::Solved { lesson } => self.entry(lesson).done = true,
            Change::Revealed { lesson } => {
                let entry = self.entry(lesson);
                if !entry.done {
                    entry.revealed_before_solving = true;
                }
            }
            Change::ResetRule { lesson } => {
                self.entry(lesson).rule = None;
            }
            Change::Forget { lesson } => {
                self.lessons.remove(&lesson);
            }
            Change::Replace(progress) => *self = progress,
        }
        self.lessons.retain(|_, l| !l.is_empty());
        *self != before
    }

    fn entry(&mut self, lesson: String) -> &mut LessonProgress {
        self.lessons.entry(lesson).or_default()
    }

    /// The JSON kept in the browser and exported to a file.
    pub fn to_json(&self) -> String {
        let file = File { version: VERSION, lessons: self.lessons.clone() };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads a progress file (today's format or the first one); `Err` says why not.
    pub fn from_json(text: &str) -> Result<Progress, String> {
        if text.len() > MAX_JSON {
            return Err(format!("the file is larger than {} kB", MAX_JSON / 1000));
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        if value.get("version").is_some() {
            let file: File = serde_json::from_value(value).map_err(|e| format!("not a flasklight progress file ({e})"))?;
            if file.version != VERSION {
                return Err(format!("progress format {} is not one this version reads ({VERSION})", file.version));
            }
            let mut progress = Progress { lessons: file.lessons };
            for lesson in progress.lessons.values_mut() {
                if lesson.rule.as_ref().is_some_and(|r| r.len() > MAX_RULE) {
                    lesson.rule = None;
                }
            }
            progress.lessons.retain(|_, l| !l.is_empty());
            return Ok(progress);
        }
        let first: FirstFormat = serde_json::from_value(value).map_err(|e| format!("not a flasklight progress file ({e})"))?;
        let lessons = first.done.into_iter().map(|id| (id, LessonProgress { done: true, ..LessonProgress::default() })).collect();
        Ok(Progress { lessons })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(lesson: &str, rule: &str) -> Change {
        Change::Edit { lesson: lesson.into(), rule: rule.into() }
    }

    #[test]
    fn changes_record_rules_done_and_reveals() {
        let mut progress = Progress::default();
        assert!(progress.apply(edit("debug-mode", "rules: []\n")));
        assert_eq!(progress.rule_or("debug-mode", "starter"), "rules: []\n");
        assert_eq!(progress.rule_or("ssrf", "starter"), "starter");
        assert!(progress.apply(Change::Revealed { lesson: "debug-mode".into() }));
        assert!(progress.apply(Change::Solved { lesson: "debug-mode".into() }));
        assert!(!progress.apply(Change::Solved { lesson: "debug-mode".into() }), "solving twice changes nothing");
        // Shown after solving: not "before solving".
        progress.apply(Change::Solved { lesson: "ssrf".into() });
        progress.apply(Change::Revealed { lesson: "ssrf".into() });
        assert!(progress.lesson("debug-mode").unwrap().revealed_before_solving);
        assert!(!progress.lesson("ssrf").unwrap().revealed_before_solving);
        assert_eq!(progress.done_count(), 2);
        progress.apply(Change::ResetRule { lesson: "debug-mode".into() });
        assert_eq!(progress.rule_or("debug-mode", "starter"), "starter");
        assert!(progress.done("debug-mode"), "starting over keeps the lesson done");
        progress.apply(Change::Forget { lesson: "debug-mode".into() });
        assert!(progress.lesson("debug-mode").is_none());
        assert!(!progress.apply(edit("x", &"y".repeat(MAX_RULE + 1))), "oversized rules are not kept");
    }

    #[test]
    fn json_round_trips_and_reads_the_first_format() {
        let mut progress = Progress::default();
        progress.apply(edit("debug-mode", "rules:\n  - id: exercise\n"));
        progress.apply(Change::Solved { lesson: "ssrf".into() });
        assert_eq!(Progress::from_json(&progress.to_json()), Ok(progress));
        let old = Progress::from_json(r#"{"done":["a","b"]}"#).unwrap();
        assert!(old.done("a") && old.done("b") && !old.done("c"));
    }

    #[test]
    fn foreign_files_are_refused_with_a_reason() {
        for (text, reason) in [
            ("", "not JSON"),
            ("[1, 2]", "not a flasklight progress file"),
            (r#"{"version": 3, "lessons": {}}"#, "progress format 3"),
            (r#"{"version": 2, "lessons": {"a": {"done": "yes"}}}"#, "not a flasklight progress file"),
            (r#"{"version": 2, "lessons": {}, "extra": 1}"#, "not a flasklight progress file"),
            (r#"{"rules": "x"}"#, "not a flasklight progress file"),
        ] {
            let error = Progress::from_json(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
        }
        assert!(Progress::from_json(&" ".repeat(MAX_JSON + 1)).unwrap_err().contains("larger"));
    }
}

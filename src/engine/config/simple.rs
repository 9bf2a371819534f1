//! The rule shape the app's simple mode edits, and the YAML writer.

use super::super::report::Severity;
use serde_yaml_ng::{Mapping, Value};

/// The rule shape the app's simple mode can show: one pattern (or, with
/// `pattern_either` rows, any of several), with optional `pattern-not`,
/// `pattern-inside` and `metavariable-regex` rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimpleRule {
    pub id: String,
    pub message: String,
    pub severity: String,
    pub pattern: String,
    /// More patterns, any of which may match instead of `pattern`
    /// (`pattern-either` with `pattern` first).
    pub pattern_either: Vec<String>,
    pub pattern_not: Vec<String>,
    pub pattern_inside: Vec<String>,
    /// `metavariable-regex` rows: the metavariable and the regex its text must match.
    pub metavariable_regex: Vec<(String, String)>,
}

/// A field of the simple form, to tell where a diagnostic of the YAML lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimpleField {
    Id,
    Message,
    Severity,
    Pattern,
    /// Row `n` (from 0) of each kind.
    Either(usize),
    Not(usize),
    Inside(usize),
    MetavariableRegex(usize),
}

impl SimpleField {
    /// "In pattern-not 2" for the field at byte `offset` of the YAML, "In the rule" elsewhere.
    pub fn label_at(yaml: &str, offset: usize) -> String {
        match SimpleRule::field_at(yaml, offset) {
            Some(field) => format!("In {}:", field.label()),
            None => "In the rule:".into(),
        }
    }

    /// The field's name on the form ("pattern-not 2").
    pub fn label(&self) -> String {
        match self {
            SimpleField::Id => "Rule id".into(),
            SimpleField::Message => "Message".into(),
            SimpleField::Severity => "Severity".into(),
            SimpleField::Pattern => "Pattern".into(),
            SimpleField::Either(i) => format!("or pattern {}", i + 1),
            SimpleField::Not(i) => format!("pattern-not {}", i + 1),
            SimpleField::Inside(i) => format!("pattern-inside {}", i + 1),
            SimpleField::MetavariableRegex(i) => format!("metavariable-regex {}", i + 1),
        }
    }
}

fn patterns_only(items: &Value) -> Option<Vec<String>> {
    items
        .as_sequence()?
        .iter()
        .map(|item| {
            let m = item.as_mapping()?;
            (m.len() == 1).then_some(())?;
            m.get("pattern")?.as_str().map(str::to_string)
        })
        .collect()
}

impl SimpleRule {
    /// Reads YAML that holds exactly one rule of the simple shape.
    pub fn from_yaml(yaml: &str) -> Option<SimpleRule> {
        let value: Value = serde_yaml_ng::from_str(yaml).ok()?;
        let rules = value.get("rules")?.as_sequence()?;
        let [rule] = rules.as_slice() else { return None };
        let map = rule.as_mapping()?;
        let allowed = ["id", "message", "severity", "languages", "pattern", "patterns", "pattern-either"];
        if map.keys().any(|k| !allowed.contains(&k.as_str().unwrap_or(""))) {
            return None;
        }
        let mut simple = SimpleRule {
            id: map.get("id")?.as_str()?.to_string(),
            message: map.get("message").and_then(Value::as_str).unwrap_or("").to_string(),
            severity: map.get("severity").and_then(Value::as_str).unwrap_or("WARNING").to_string(),
            ..SimpleRule::default()
        };
        if let Some(p) = map.get("pattern") {
            simple.pattern = p.as_str()?.to_string();
            return Some(simple);
        }
        if let Some(either) = map.get("pattern-either") {
            simple.set_either(patterns_only(either)?)?;
            return Some(simple);
        }
        let mut positives = 0;
        for item in map.get("patterns")?.as_sequence()? {
            let m = item.as_mapping()?;
            if let Some(regex) = m.get("metavariable-regex") {
                let r = regex.as_mapping()?;
                let known = r.keys().all(|k| matches!(k.as_str(), Some("metavariable" | "regex")));
                if m.len() != 1 || !known {
                    return None;
                }
                let metavariable = r.get("metavariable")?.as_str()?.to_string();
                simple.metavariable_regex.push((metavariable, r.get("regex")?.as_str()?.to_string()));
                continue;
            }
            if m.len() != 1 {
                return None;
            }
            let (k, v) = m.iter().next()?;
            if k.as_str()? == "pattern-either" {
                positives += 1;
                simple.set_either(patterns_only(v)?)?;
                continue;
            }
            let v = v.as_str()?.to_string();
            match k.as_str()? {
                "pattern" => {
                    positives += 1;
                    simple.pattern = v;
                }
                "pattern-not" => simple.pattern_not.push(v),
                "pattern-inside" => simple.pattern_inside.push(v),
                _ => return None,
            }
        }
        (positives == 1).then_some(simple)
    }

    fn set_either(&mut self, mut patterns: Vec<String>) -> Option<()> {
        if patterns.is_empty() {
            return None;
        }
        self.pattern = patterns.remove(0);
        self.pattern_either = patterns;
        Some(())
    }

    /// Clean Semgrep YAML for this rule.
    pub fn to_yaml(&self) -> String {
        let item = |k: &str, v: Value| {
            let mut m = Mapping::new();
            m.insert(k.into(), v);
            Value::Mapping(m)
        };
        let text = |v: &str| Value::String(v.to_string());
        let positive = if self.pattern_either.is_empty() {
            ("pattern", text(&self.pattern))
        } else {
            let all = std::iter::once(&self.pattern).chain(&self.pattern_either);
            ("pattern-either", Value::Sequence(all.map(|p| item("pattern", text(p))).collect()))
        };
        let mut rule = Mapping::new();
        rule.insert("id".into(), Value::String(if self.id.trim().is_empty() { "my-rule".into() } else { self.id.clone() }));
        if self.pattern_not.is_empty() && self.pattern_inside.is_empty() && self.metavariable_regex.is_empty() {
            rule.insert(positive.0.into(), positive.1);
        } else {
            let mut items = Vec::new();
            for inside in &self.pattern_inside {
                items.push(item("pattern-inside", text(inside)));
            }
            items.push(item(positive.0, positive.1));
            for not in &self.pattern_not {
                items.push(item("pattern-not", text(not)));
            }
            for (metavariable, regex) in &self.metavariable_regex {
                let mut m = Mapping::new();
                m.insert("metavariable".into(), text(metavariable));
                m.insert("regex".into(), text(regex));
                items.push(item("metavariable-regex", Value::Mapping(m)));
            }
            rule.insert("patterns".into(), Value::Sequence(items));
        }
        rule.insert("message".into(), Value::String(self.message.clone()));
        rule.insert("languages".into(), Value::Sequence(vec![Value::String("python".into())]));
        let severity = if Severity::from_name(&self.severity).is_some() { self.severity.clone() } else { "WARNING".into() };
        rule.insert("severity".into(), Value::String(severity));
        let mut root = Mapping::new();
        root.insert("rules".into(), Value::Sequence(vec![Value::Mapping(rule)]));
        serde_yaml_ng::to_string(&Value::Mapping(root)).unwrap_or_default()
    }

    /// The field of the form that byte `offset` of `yaml` (this rule's
    /// [`Self::to_yaml`]) belongs to, so a diagnostic can be told in the
    /// form's terms: the last key at or before the offset's line names it.
    pub fn field_at(yaml: &str, offset: usize) -> Option<SimpleField> {
        let (mut field, mut either, mut not, mut inside, mut regex) = (None, 0, 0, 0, 0);
        let mut in_either = false;
        let mut at = 0;
        for line in yaml.split_inclusive('\n') {
            if at > offset {
                break;
            }
            at += line.len();
            let trimmed = line.trim_start();
            let key = trimmed.trim_start_matches("- ").split(':').next().unwrap_or("");
            if !trimmed.contains(':') || trimmed.starts_with('#') {
                continue;
            }
            match key {
                "id" => field = Some(SimpleField::Id),
                "message" => field = Some(SimpleField::Message),
                "severity" => field = Some(SimpleField::Severity),
                "pattern-either" => in_either = true,
                "pattern" if in_either => {
                    field = Some(if either == 0 { SimpleField::Pattern } else { SimpleField::Either(either - 1) });
                    either += 1;
                }
                "pattern" => field = Some(SimpleField::Pattern),
                "pattern-not" => {
                    field = Some(SimpleField::Not(not));
                    not += 1;
                }
                "pattern-inside" => {
                    field = Some(SimpleField::Inside(inside));
                    inside += 1;
                }
                "metavariable-regex" => {
                    field = Some(SimpleField::MetavariableRegex(regex));
                    regex += 1;
                }
                // The form has at most one pattern-either: every `pattern` after it is one of its items.
                _ => {}
            }
        }
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form survives its YAML: written, read back, the same form.
    fn check_round_trip(simple: SimpleRule) {
        let yaml = simple.to_yaml();
        assert_eq!(SimpleRule::from_yaml(&yaml).as_ref(), Some(&simple), "{yaml}");
    }

    fn rule() -> SimpleRule {
        SimpleRule { id: "r".into(), message: "m".into(), severity: "ERROR".into(), pattern: "foo($X)".into(), ..SimpleRule::default() }
    }

    #[test]
    fn every_row_kind_round_trips() {
        check_round_trip(rule());
        check_round_trip(SimpleRule { pattern_either: vec!["bar($X)".into(), "baz()".into()], ..rule() });
        check_round_trip(SimpleRule { pattern_not: vec!["foo(1)".into()], pattern_inside: vec!["def $F():\n    ...".into()], ..rule() });
        check_round_trip(SimpleRule { metavariable_regex: vec![("$X".into(), "^a\\d+$".into())], ..rule() });
        check_round_trip(SimpleRule {
            pattern_either: vec!["bar($X)".into()],
            pattern_not: vec!["foo(1)".into()],
            metavariable_regex: vec![("$X".into(), "x".into())],
            message: String::new(),
            ..rule()
        });
    }

    #[test]
    fn the_yaml_is_semgrep_s_shape() {
        let yaml = SimpleRule { pattern_either: vec!["bar()".into()], metavariable_regex: vec![("$X".into(), "^a".into())], ..rule() }.to_yaml();
        let value: Value = serde_yaml_ng::from_str(&yaml).unwrap();
        let patterns = value["rules"][0]["patterns"].as_sequence().unwrap();
        assert_eq!(patterns[0]["pattern-either"][1]["pattern"].as_str(), Some("bar()"));
        assert_eq!(patterns[1]["metavariable-regex"]["regex"].as_str(), Some("^a"));
        // A multi-line pattern keeps its lines (and their indentation).
        let yaml = SimpleRule { pattern: "def f():\n    return 1".into(), ..rule() }.to_yaml();
        assert_eq!(SimpleRule::from_yaml(&yaml).unwrap().pattern, "def f():\n    return 1");
    }

    #[test]
    fn more_than_simple_is_refused() {
        let refused = [
            "rules:\n- id: a\n  pattern: x\n  fix: y\n",
            "rules:\n- id: a\n  patterns:\n  - pattern: x\n  - pattern: y\n",
            "rules:\n- id: a\n  pattern-either:\n  - patterns:\n    - pattern: x\n",
            "rules:\n- id: a\n  patterns:\n  - pattern: x\n  - metavariable-regex:\n      metavariable: $X\n      regex: a\n      constant-propagation: true\n",
        ];
        for yaml in refused {
            assert_eq!(SimpleRule::from_yaml(yaml), None, "{yaml}");
        }
    }

    #[test]
    fn diagnostics_are_placed_on_the_form() {
        let simple = SimpleRule {
            pattern_either: vec!["bar(".into()],
            pattern_not: vec!["a".into(), "b".into()],
            metavariable_regex: vec![("$X".into(), "(".into())],
            ..rule()
        };
        let yaml = simple.to_yaml();
        let at = |needle: &str| SimpleRule::field_at(&yaml, yaml.find(needle).unwrap_or_else(|| panic!("{needle} in {yaml}")));
        assert_eq!(at("foo($X)"), Some(SimpleField::Pattern));
        assert_eq!(at("bar("), Some(SimpleField::Either(0)));
        assert_eq!(at("pattern-not: b"), Some(SimpleField::Not(1)));
        assert_eq!(at("regex: ("), Some(SimpleField::MetavariableRegex(0)));
        assert_eq!(at("message"), Some(SimpleField::Message));
        assert_eq!(SimpleField::Not(1).label(), "pattern-not 2");
    }
}

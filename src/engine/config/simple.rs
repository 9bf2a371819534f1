//! The rule shape the app's simple mode edits, and the YAML writer.

use super::super::report::Severity;
use serde_yaml_ng::{Mapping, Value};

/// The rule shape the app's simple mode can show: one pattern with optional
/// `pattern-not` and `pattern-inside` rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimpleRule {
    pub id: String,
    pub message: String,
    pub severity: String,
    pub pattern: String,
    pub pattern_not: Vec<String>,
    pub pattern_inside: Vec<String>,
}

impl SimpleRule {
    /// Reads YAML that holds exactly one rule of the simple shape.
    pub fn from_yaml(yaml: &str) -> Option<SimpleRule> {
        let value: Value = serde_yaml_ng::from_str(yaml).ok()?;
        let rules = value.get("rules")?.as_sequence()?;
        let [rule] = rules.as_slice() else { return None };
        let map = rule.as_mapping()?;
        let allowed = ["id", "message", "severity", "languages", "pattern", "patterns"];
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
        let mut positives = 0;
        for item in map.get("patterns")?.as_sequence()? {
            let m = item.as_mapping()?;
            if m.len() != 1 {
                return None;
            }
            let (k, v) = m.iter().next()?;
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

    /// Clean Semgrep YAML for this rule.
    pub fn to_yaml(&self) -> String {
        let mut rule = Mapping::new();
        rule.insert("id".into(), Value::String(if self.id.trim().is_empty() { "my-rule".into() } else { self.id.clone() }));
        if self.pattern_not.is_empty() && self.pattern_inside.is_empty() {
            rule.insert("pattern".into(), Value::String(self.pattern.clone()));
        } else {
            let mut items = Vec::new();
            let item = |k: &str, v: &str| {
                let mut m = Mapping::new();
                m.insert(k.into(), Value::String(v.to_string()));
                Value::Mapping(m)
            };
            for inside in &self.pattern_inside {
                items.push(item("pattern-inside", inside));
            }
            items.push(item("pattern", &self.pattern));
            for not in &self.pattern_not {
                items.push(item("pattern-not", not));
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
}
//! Where each node of a rule's formula is in the rule YAML: the YAML is read
//! again and walked beside the rule model (which keeps no positions), and each
//! node's key is placed by the YAML parser ([`config::place`]).

use super::super::config::place::{offset_of, Part, Step};
use super::super::source::{LineIndex, Position};
use serde_yaml_ng::Value;

/// The rule YAML and the path of one rule in it.
pub(super) struct RuleYaml<'y> {
    yaml: &'y str,
    lines: LineIndex,
    /// The rule's mapping, and its path (`rules`, index).
    pub(super) rule: Option<Value>,
    pub(super) at: Vec<Step>,
}

impl<'y> RuleYaml<'y> {
    /// The first rule with `id` in `yaml` (nothing is placed when it is not found).
    pub(super) fn new(yaml: &'y str, id: &str) -> Self {
        let parsed: Option<Value> = serde_yaml_ng::from_str(yaml).ok();
        let found = parsed.as_ref().and_then(|v| v.get("rules")).and_then(Value::as_sequence).and_then(|rules| {
            rules.iter().position(|r| r.get("id").and_then(Value::as_str) == Some(id)).map(|i| (i, rules[i].clone()))
        });
        let (at, rule) = match found {
            Some((i, rule)) => (vec![Step::Key("rules".into()), Step::Index(i)], Some(rule)),
            None => (Vec::new(), None),
        };
        RuleYaml { yaml, lines: LineIndex::new(yaml), rule, at }
    }

    /// Where the key at the end of `path` (below the rule) is, or the node for an index.
    pub(super) fn place(&self, path: &[Step]) -> Option<Position> {
        self.rule.as_ref()?;
        let mut full = self.at.clone();
        full.extend_from_slice(path);
        let part = if matches!(path.last(), Some(Step::Key(_))) { Part::Key } else { Part::Node };
        let offset = offset_of(self.yaml, &full, part)?;
        Some(self.lines.position(self.yaml, offset as u32))
    }

    /// The YAML value at `path` below the rule.
    pub(super) fn value(&self, path: &[Step]) -> Option<&Value> {
        let mut value = self.rule.as_ref()?;
        for step in path {
            value = match step {
                Step::Key(k) => value.get(k.as_str())?,
                Step::Index(i) => value.get(*i)?,
            };
        }
        Some(value)
    }

    /// The key of the one-key mapping at `path` (an item of `patterns`), or the
    /// first key for a `metavariable-*` written flat beside its `metavariable:`
    /// (as the loader reads it).
    pub(super) fn operator_at(&self, path: &[Step]) -> Option<String> {
        let map = self.value(path)?.as_mapping()?;
        map.keys().next()?.as_str().map(str::to_string)
    }

    /// A string field of the mapping at `path`.
    pub(super) fn text_at(&self, path: &[Step]) -> Option<String> {
        match self.value(path)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// `path` with `more` steps added.
pub(super) fn join(path: &[Step], more: impl IntoIterator<Item = Step>) -> Vec<Step> {
    let mut out = path.to_vec();
    out.extend(more);
    out
}

pub(super) fn key(name: &str) -> Step {
    Step::Key(name.to_string())
}

//! Where each node of a rule's formula is in the rule YAML: the YAML is read
//! again and walked beside the rule model (which keeps no positions), and each
//! node's key is placed by the YAML parser ([`config::place`]).
//!
//! The parser reads a whole text for each place it gives, so the places are
//! read in the rule's own lines, cut out of the file, whenever they read as
//! the same rule: with the whole pack loaded, a node of one rule then costs a
//! read of that rule, not of the pack's 42. The usual layout (`- id: ...`
//! opening each item of a block list) is found in the text without reading
//! the file at all; any other is read whole.

use super::super::config::place::{offset_of, Part, Step};
use super::super::source::{LineIndex, Position};
use serde_yaml_ng::Value;

/// The rule YAML and the path of one rule in it.
pub(super) struct RuleYaml<'y> {
    yaml: &'y str,
    lines: LineIndex,
    /// The rule's mapping.
    pub(super) rule: Option<Value>,
    /// The text places are read in (the rule's own lines, or all of `yaml`),
    /// where it starts in `yaml`, and the rule's path in it.
    text: &'y str,
    base: usize,
    at: Vec<Step>,
}

impl<'y> RuleYaml<'y> {
    /// The first rule with `id` in `yaml` (nothing is placed when it is not found).
    pub(super) fn new(yaml: &'y str, id: &str) -> Self {
        let lines = LineIndex::new(yaml);
        if let Some((base, text, rule)) = item_by_text(yaml, id) {
            return RuleYaml { yaml, lines, rule: Some(rule), text, base, at: vec![Step::Index(0)] };
        }
        let parsed: Option<Value> = serde_yaml_ng::from_str(yaml).ok();
        let found = parsed.as_ref().and_then(|v| v.get("rules")).and_then(Value::as_sequence).and_then(|rules| {
            rules.iter().position(|r| r.get("id").and_then(Value::as_str) == Some(id)).map(|i| (i, rules[i].clone(), rules.len()))
        });
        let Some((i, rule, count)) = found else {
            return RuleYaml { yaml, lines, rule: None, text: yaml, base: 0, at: Vec::new() };
        };
        let at = vec![Step::Key("rules".into()), Step::Index(i)];
        match own_lines(yaml, i, count, &rule) {
            Some((base, text)) => RuleYaml { yaml, lines, rule: Some(rule), text, base, at: vec![Step::Index(0)] },
            None => RuleYaml { yaml, lines, rule: Some(rule), text: yaml, base: 0, at },
        }
    }

    /// Where the key at the end of `path` (below the rule) is, or the node for an index.
    pub(super) fn place(&self, path: &[Step]) -> Option<Position> {
        self.rule.as_ref()?;
        let mut full = self.at.clone();
        full.extend_from_slice(path);
        let part = if matches!(path.last(), Some(Step::Key(_))) { Part::Key } else { Part::Node };
        let offset = self.base + offset_of(self.text, &full, part)?;
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

/// The lines of the first item of a block list that opens with `- id: <id>`
/// (up to the next line as little indented as its `-`), with where they
/// start and the rule they read as, if they read as a list of one rule with
/// that id. The line is found by its text: nothing in the file is read
/// before it, and a rule written any other way is not found here.
fn item_by_text<'y>(yaml: &'y str, id: &str) -> Option<(usize, &'y str, Value)> {
    let mut start = None;
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        match start {
            None => {
                let value = body.strip_prefix('-').and_then(|b| b.trim_start().strip_prefix("id:")).map(str::trim);
                if value.is_some_and(|v| v.trim_matches(|c| c == '"' || c == '\'') == id) {
                    start = Some((at, indent));
                }
            }
            Some((_, dash)) if indent <= dash && !body.is_empty() && !body.starts_with('#') => break,
            Some(_) => {}
        }
        at += line.len();
    }
    let (start, _) = start?;
    let text = &yaml[start..at];
    let alone: Value = serde_yaml_ng::from_str(text).ok()?;
    let rule = match alone.as_sequence()?.as_slice() {
        // A rule (every rule names its languages), not some other list item that has an id.
        [rule] if rule.get("id").and_then(Value::as_str) == Some(id) && rule.get("languages").is_some() => rule.clone(),
        _ => return None,
    };
    Some((start, text, rule))
}

/// The lines of item `i` of the `count` under `rules:` (from its line's start
/// to the next item's), with where they start, if they read on their own as a
/// list of that one rule (a block list; not, say, a flow `[...]`).
fn own_lines<'y>(yaml: &'y str, i: usize, count: usize, rule: &Value) -> Option<(usize, &'y str)> {
    let item = |i: usize| offset_of(yaml, &[Step::Key("rules".into()), Step::Index(i)], Part::Node);
    let line_start = |at: usize| yaml[..at].rfind('\n').map_or(0, |n| n + 1);
    let start = line_start(item(i)?);
    let end = if i + 1 < count { line_start(item(i + 1)?) } else { yaml.len() };
    let text = yaml.get(start..end)?;
    let alone: Value = serde_yaml_ng::from_str(text).ok()?;
    (alone.as_sequence().is_some_and(|items| items.len() == 1 && items[0] == *rule)).then_some((start, text))
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

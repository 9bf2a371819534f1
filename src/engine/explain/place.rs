//! Where each node of a rule's formula is in the rule YAML: the YAML is read
//! again and walked beside the rule model (which keeps no positions), and each
//! node's key is placed by the YAML parser ([`config::place`]).
//!
//! The parser reads a whole text for each place it gives, so the places are
//! read in the rule's own lines, cut out of the file, whenever they read as
//! the same rule: with the whole pack loaded, a node of one rule then costs a
//! read of that rule, not of the pack's 42. The usual layout (`- id: ...`
//! opening each item of a block list) is found in the text without reading
//! the file at all; any other is read whole. Below the rule, a node is read
//! in its parent's own lines in the same way (a long taint rule has a hundred
//! nodes: each is then read in its list item, not in the whole rule).

use super::super::config::place::{offset_of, Part, Step};
use super::super::source::{LineIndex, Position};
use serde_yaml_ng::Value;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// What was read of the last rule placed, kept for the next time it is: the
/// scan worker explains the same rule after every keystroke, and reading
/// its YAML was over half of an Inspect answer. Only the same text and id
/// reuse it, so an answer is what a fresh read gives.
struct Memo {
    yaml: String,
    id: String,
    rule: Option<Value>,
    /// Where the rule's own text starts in `yaml`, its length, and the rule's path in it.
    base: usize,
    len: usize,
    at: Vec<Step>,
    places: Vec<(Vec<Step>, Option<Position>)>,
}

thread_local! {
    static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

/// The rule YAML and the path of one rule in it.
pub(super) struct RuleYaml<'y> {
    yaml: &'y str,
    id: String,
    /// `yaml` as the [`Memo`] kept it (no copy when it goes back).
    kept: Option<String>,
    /// The YAML's lines, read at the first place not known yet.
    lines: OnceCell<LineIndex>,
    /// The places given so far, by path (kept in the [`Memo`] for the next read).
    places: RefCell<Vec<(Vec<Step>, Option<Position>)>>,
    /// The rule's mapping.
    pub(super) rule: Option<Value>,
    /// The text places are read in (the rule's own lines, or all of `yaml`),
    /// where it starts in `yaml`, and the rule's path in it.
    text: &'y str,
    base: usize,
    at: Vec<Step>,
    /// The nodes below the rule cut out so far, by their path (`None`: not one that can be).
    cuts: RefCell<Vec<(Vec<Step>, Option<Cut>)>>,
}

/// A node's own lines, cut out of the YAML: they read as that node alone.
#[derive(Clone)]
struct Cut {
    /// Where `text` starts in the YAML.
    base: usize,
    /// The lines, with what comes before the node on its first line blanked
    /// (`- ` or `key: `; same length, so offsets hold).
    text: Rc<str>,
    /// The node's path in `text` (empty: it is the whole of it).
    at: Vec<Step>,
}

impl<'y> RuleYaml<'y> {
    /// The first rule with `id` in `yaml` (nothing is placed when it is not found).
    pub(super) fn new(yaml: &'y str, id: &str) -> Self {
        let remembered = MEMO.with(|memo| memo.borrow_mut().take_if(|m| m.yaml == yaml && m.id == id));
        let (rule, base, len, at, places, kept) = match remembered {
            Some(m) => (m.rule, m.base, m.len, m.at, m.places, Some(m.yaml)),
            None => {
                let (rule, text, base, at) = Self::read(yaml, id);
                (rule, base, text.len(), at, Vec::new(), None)
            }
        };
        let text = yaml.get(base..base + len).unwrap_or(yaml);
        RuleYaml { yaml, id: id.to_string(), kept, lines: OnceCell::new(), places: RefCell::new(places), rule, text, base, at, cuts: RefCell::default() }
    }

    /// The rule's mapping, the text places are read in, where it starts, and the rule's path in it.
    fn read(yaml: &'y str, id: &str) -> (Option<Value>, &'y str, usize, Vec<Step>) {
        if let Some((base, text, rule)) = item_by_text(yaml, id) {
            return (Some(rule), text, base, vec![Step::Index(0)]);
        }
        let parsed: Option<Value> = serde_yaml_ng::from_str(yaml).ok();
        let found = parsed.as_ref().and_then(|v| v.get("rules")).and_then(Value::as_sequence).and_then(|rules| {
            rules.iter().position(|r| r.get("id").and_then(Value::as_str) == Some(id)).map(|i| (i, rules[i].clone(), rules.len()))
        });
        let Some((i, rule, count)) = found else {
            return (None, yaml, 0, Vec::new());
        };
        let at = vec![Step::Key("rules".into()), Step::Index(i)];
        match own_lines(yaml, i, count, &rule) {
            Some((base, text)) => (Some(rule), text, base, vec![Step::Index(0)]),
            None => (Some(rule), yaml, 0, at),
        }
    }

    /// Where the key at the end of `path` (below the rule) is, or the node for an index.
    pub(super) fn place(&self, path: &[Step]) -> Option<Position> {
        if let Some((_, known)) = self.places.borrow().iter().find(|(p, _)| p == path) {
            return *known;
        }
        let found = self.find(path);
        self.places.borrow_mut().push((path.to_vec(), found));
        found
    }

    fn find(&self, path: &[Step]) -> Option<Position> {
        self.rule.as_ref()?;
        let part = if matches!(path.last(), Some(Step::Key(_))) { Part::Key } else { Part::Node };
        let (depth, parent) = self.nearest(&path[..path.len().saturating_sub(1)]);
        let offset = parent.base + offset_of(&parent.text, &join(&parent.at, path[depth..].iter().cloned()), part)?;
        Some(self.lines.get_or_init(|| LineIndex::new(self.yaml)).position(self.yaml, offset as u32))
    }

    /// The deepest node along `path` (itself or an ancestor) whose lines are
    /// cut out, with its depth; at worst the rule's own text (depth 0).
    fn nearest(&self, path: &[Step]) -> (usize, Cut) {
        (1..=path.len())
            .rev()
            .find_map(|depth| self.cut(&path[..depth]).map(|cut| (depth, cut)))
            .unwrap_or_else(|| (0, Cut { base: self.base, text: self.text.into(), at: self.at.clone() }))
    }

    /// The own lines of the mapping or list at `path`, when they read as it alone
    /// (up to the first line less indented than the node, or as indented and
    /// not an item of it); found in its nearest cut-out ancestor.
    fn cut(&self, path: &[Step]) -> Option<Cut> {
        if let Some((_, known)) = self.cuts.borrow().iter().find(|(p, _)| p == path) {
            return known.clone();
        }
        let found = self.value(path).filter(|v| v.is_mapping() || v.is_sequence()).and_then(|value| {
            let (depth, parent) = self.nearest(&path[..path.len() - 1]);
            let text = &*parent.text;
            let start = offset_of(text, &join(&parent.at, path[depth..].iter().cloned()), Part::Node)?;
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let col = start - line_start;
            if !text[line_start..start].is_ascii() {
                return None;
            }
            let mut end = text[start..].find('\n').map_or(text.len(), |n| start + n + 1);
            while end < text.len() {
                let line = &text[end..text[end..].find('\n').map_or(text.len(), |n| end + n + 1)];
                let body = line.trim_start();
                let indent = line.len() - body.len();
                if !body.is_empty() && !body.starts_with('#') && (indent < col || (indent == col && value.is_sequence() && !body.starts_with('-'))) {
                    break;
                }
                end += line.len();
            }
            let own = format!("{}{}", " ".repeat(col), &text[start..end]);
            let alone: Value = serde_yaml_ng::from_str(&own).ok()?;
            (alone == *value).then(|| Cut { base: parent.base + line_start, text: own.into(), at: Vec::new() })
        });
        self.cuts.borrow_mut().push((path.to_vec(), found.clone()));
        found
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

/// Keeps what was read for the next read of the same rule ([`Memo`]).
impl Drop for RuleYaml<'_> {
    fn drop(&mut self) {
        let memo = Memo {
            yaml: self.kept.take().unwrap_or_else(|| self.yaml.to_string()),
            id: std::mem::take(&mut self.id),
            rule: self.rule.take(),
            base: self.base,
            len: self.text.len(),
            at: std::mem::take(&mut self.at),
            places: std::mem::take(self.places.get_mut()),
        };
        MEMO.with(|m| *m.borrow_mut() = Some(memo));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key and item of every rule of the pack is placed where reading
    /// the whole rule places it, with its nodes' own lines cut out; and the
    /// rule's own lines are where reading the whole pack puts them.
    #[test]
    fn cut_out_lines_place_every_node_as_the_whole_text_does() {
        let yaml = crate::bundled::pack_yaml();
        let whole: Value = serde_yaml_ng::from_str(&yaml).unwrap();
        let rules = whole.get("rules").and_then(Value::as_sequence).unwrap();
        let mut checked = 0;
        let lines = LineIndex::new(&yaml);
        for (i, rule) in rules.iter().enumerate() {
            let id = rule.get("id").and_then(Value::as_str).unwrap();
            let placed = RuleYaml::new(&yaml, id);
            assert!(placed.base > 0, "{id}: its own lines are cut out");
            if i % 10 == 0 {
                let id_at = offset_of(&yaml, &[key("rules"), Step::Index(i), key("id")], Part::Key).map(|o| lines.position(&yaml, o as u32));
                assert_eq!(placed.place(&[key("id")]), id_at, "{id}");
            }
            let mut paths = vec![Vec::new()];
            while let Some(path) = paths.pop() {
                let Some(value) = placed.value(&path) else { continue };
                if let Some(map) = value.as_mapping() {
                    paths.extend(map.keys().filter_map(Value::as_str).map(|k| join(&path, [key(k)])));
                }
                if let Some(items) = value.as_sequence() {
                    paths.extend((0..items.len()).map(|n| join(&path, [Step::Index(n)])));
                }
                let Some(last) = path.last() else { continue };
                let part = if matches!(last, Step::Key(_)) { Part::Key } else { Part::Node };
                let expected = offset_of(placed.text, &join(&placed.at, path.iter().cloned()), part).map(|o| lines.position(&yaml, (placed.base + o) as u32));
                assert_eq!(placed.place(&path), expected, "{id} {path:?}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// The places kept from the last read of a rule give what
    /// a fresh read gives, for every rule of the pack (each read fresh, then again).
    #[test]
    fn places_kept_between_reads_are_a_fresh_reads_places() {
        let yaml = crate::bundled::pack_yaml();
        let mut session = super::super::super::session::Session::new();
        session.set_rules(&yaml);
        session.set_code("from flask import Flask, request\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return request.args.get('x')\n");
        let ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).collect();
        assert!(ids.len() > 10);
        for id in &ids {
            let fresh = super::super::inspect(&mut session, &yaml, id, &super::super::InspectOptions::default(), None).unwrap();
            let again = super::super::inspect(&mut session, &yaml, id, &super::super::InspectOptions::default(), None).unwrap();
            assert_eq!(again.root, fresh.root, "{id}");
            assert!(fresh.root.place.is_some(), "{id}");
        }
    }
}

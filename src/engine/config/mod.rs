//! Semgrep rule YAML -> [`Rule`]s, with typed errors at YAML line/column.
//!
//! The YAML is read into plain serde values once, each rule is checked
//! against the keys Semgrep accepts (an unknown key of a rule is a warning, as
//! Semgrep ignores it; elsewhere unknown keys are errors), and converted
//! into the rule model the engine runs. One bad rule does not stop the others.
//! A diagnostic points at the key or value it is about, found by its path in
//! the document ([`place`]), so two keys of the same name are told apart.
//!
//! * this module: the rule's own keys (id, message, severity, languages, mode, ...);
//! * `formula`: `pattern`, `patterns`, `pattern-either`, the `metavariable-*` terms;
//! * `taint_spec`: a taint rule's sources, sinks, sanitizers and propagators;
//! * `place`: where a node of the YAML is; `simple`: the app's simple mode and YAML writer.

use super::limits::YAML_PLACE_LOOKUPS;
use super::regex::Re;
use super::report::Severity;
use super::rule::{FixRegex, Formula, Language, Mode, Precision, Rule};
use super::source::{LineIndex, Span};
use place::{Part, Step};
use serde_yaml_ng::{Mapping, Value};
use std::cell::Cell;

mod formula;
pub mod place;
mod simple;
mod taint_spec;

pub use simple::{SimpleField, SimpleRule};

/// Diagnostics are reported through [`super::report`]; re-exported for callers.
pub use super::report::Diagnostic;

const RULE_KEYS: &[&str] = &[
    "id", "message", "severity", "languages", "metadata", "fix", "fix-regex", "paths", "mode", "options", "pattern",
    "patterns", "pattern-either", "pattern-regex", "min-version", "max-version", "pattern-sources", "pattern-sinks",
    "pattern-sanitizers", "pattern-propagators", "focus-metavariable", "match",
];

/// Loads every rule of a Semgrep config text.
pub fn load_rules(yaml: &str) -> (Vec<Rule>, Vec<Diagnostic>) {
    let mut loader = Loader {
        yaml,
        lines: LineIndex::new(yaml),
        diagnostics: Vec::new(),
        rule_id: None,
        rule_index: None,
        rule_start: Cell::new(None),
        at: Vec::new(),
        lookups: Cell::new(0),
        constants: true,
        symbolic: false,
        generic: false,
    };
    let rules = loader.load();
    (rules, loader.diagnostics)
}

struct Loader<'y> {
    yaml: &'y str,
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
    rule_id: Option<String>,
    /// Which item of `rules:` is being read.
    rule_index: Option<usize>,
    /// Byte offset of the line where the current rule starts in the YAML, for
    /// locating keys by searching the text when the parser cannot place them;
    /// found only when a diagnostic needs it (see [`Loader::rule_start`]).
    rule_start: Cell<Option<usize>>,
    /// The path from the document root to the mapping (or list) being read.
    at: Vec<Step>,
    /// How many times the parser was asked where a node is (see [`YAML_PLACE_LOOKUPS`]).
    lookups: Cell<usize>,
    /// The current rule's `constant_propagation` / `symbolic_propagation` options.
    constants: bool,
    symbolic: bool,
    /// Inside a `metavariable-pattern` with `language: generic`.
    generic: bool,
}

/// A failure already reported as a diagnostic.
type Reported = ();

impl<'y> Loader<'y> {
    fn error(&mut self, span: Span, message: impl Into<String>) -> Reported {
        let mut diagnostic = Diagnostic::at(self.yaml, &self.lines, span, message.into());
        diagnostic.rule_id = self.rule_id.clone();
        self.diagnostics.push(diagnostic);
    }

    /// Reads with the path one step further in (into a key's value or a list's item).
    fn inside<T>(&mut self, step: Step, read: impl FnOnce(&mut Self) -> T) -> T {
        self.at.push(step);
        let out = read(self);
        self.at.pop();
        out
    }

    /// Where the parser puts the node (or its key) one `step` into the node being read.
    fn offset_of(&self, step: Option<Step>, part: Part) -> Option<usize> {
        let mut path = self.at.clone();
        path.extend(step);
        self.offset_at(&path, part)
    }

    /// Where the parser puts the node (or its key) at `path` from the document root.
    fn offset_at(&self, path: &[Step], part: Part) -> Option<usize> {
        if self.lookups.get() >= YAML_PLACE_LOOKUPS {
            return None;
        }
        self.lookups.set(self.lookups.get() + 1);
        place::offset_of(self.yaml, path, part)
    }

    /// Where `key` of the mapping being read is: the key and its colon.
    fn key_span(&self, key: &str) -> Span {
        match self.offset_of(Some(Step::Key(key.to_string())), Part::Key) {
            Some(start) => {
                let rest = &self.yaml[start..];
                let len = if rest.starts_with(key) { key.len() + usize::from(rest[key.len()..].starts_with(':')) } else { 1 };
                Span::new(start as u32, (start + len) as u32)
            }
            None => self.locate(&format!("{key}:")),
        }
    }

    /// Where the value of `key` of the mapping being read is; `text` is what it
    /// says, the span's length when it is written as is (a plain scalar).
    fn value_span(&self, key: &str, text: &str) -> Span {
        match self.offset_of(Some(Step::Key(key.to_string())), Part::Node) {
            Some(start) => {
                // A quoted scalar: the text inside the quotes.
                let quoted = self.yaml[start..].starts_with(['\'', '"']) && self.yaml[start + 1..].starts_with(text);
                let start = start + usize::from(quoted);
                let len = if !text.is_empty() && self.yaml[start..].starts_with(text) { text.len() } else { 1 };
                Span::new(start as u32, (start + len) as u32)
            }
            None => self.locate(text),
        }
    }

    /// Where the node being read starts (an item of a list, a rule).
    fn node_span(&self) -> Span {
        match self.offset_of(None, Part::Node) {
            Some(start) => Span::new(start as u32, start as u32 + 1),
            None => {
                let start = self.rule_start();
                Span::new(start as u32, start as u32 + 1)
            }
        }
    }

    /// Where the current rule's line starts: from the parser (which reads the
    /// text again up to the rule, so only asked when a diagnostic needs it: asking
    /// for every rule made loading quadratic in the file's length); past the limit
    /// on parser look-ups, from a search for the rule's id.
    fn rule_start(&self) -> usize {
        if let Some(start) = self.rule_start.get() {
            return start;
        }
        let Some(index) = self.rule_index else { return 0 };
        let line_of = |at: usize| self.yaml[..at].rfind('\n').map_or(0, |n| n + 1);
        let placed = self.offset_at(&[Step::Key("rules".into()), Step::Index(index)], Part::Node);
        let start = match (placed, &self.rule_id) {
            (Some(at), _) => line_of(at),
            (None, Some(id)) => self.yaml.find(&format!("id: {id}")).or_else(|| self.yaml.find(id.as_str())).map_or(0, line_of),
            (None, None) => 0,
        };
        self.rule_start.set(Some(start));
        start
    }

    /// The span of `needle` in the YAML at or after the current rule's start:
    /// the fallback when the parser cannot place a node.
    fn locate(&self, needle: &str) -> Span {
        let from = self.rule_start().min(self.yaml.len());
        match self.yaml[from..].find(needle) {
            Some(p) => Span::new((from + p) as u32, (from + p + needle.len()) as u32),
            None => Span::new(from as u32, (from + 1).min(self.yaml.len()) as u32),
        }
    }

    fn load(&mut self) -> Vec<Rule> {
        let value: Value = match serde_yaml_ng::from_str(self.yaml) {
            Ok(v) => v,
            Err(e) => {
                let full = e.to_string();
                // An unclosed quote is noticed at the end of the text; the
                // parser names the quote that opened it, the place to point at.
                if let Some(quote) = quoted_scalar_start(self.yaml, &full) {
                    let what = if self.yaml[quote..].starts_with('"') { "double" } else { "single" };
                    self.error(Span::new(quote as u32, quote as u32 + 1), format!("invalid YAML: this {what} quote is never closed"));
                    return Vec::new();
                }
                let offset = e.location().map_or(0, |l| l.index());
                let message = full.split(" at line ").next().unwrap_or(&full).to_string();
                self.error(Span::new(offset as u32, offset as u32 + 1), format!("invalid YAML: {message}"));
                return Vec::new();
            }
        };
        let Some(rules) = value.as_mapping().and_then(|m| m.get("rules")) else {
            self.error(Span::new(0, 1), "a rule file is a mapping with a `rules:` list");
            return Vec::new();
        };
        let Some(rules) = rules.as_sequence() else {
            let key = self.key_span("rules");
            self.error(Span::new(key.start, key.start + "rules".len() as u32), "`rules:` must be a list of rules");
            return Vec::new();
        };
        let mut out: Vec<(usize, Rule)> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            self.rule_id = rule.get("id").and_then(Value::as_str).map(str::to_string);
            self.rule_index = Some(i);
            self.rule_start.set(None);
            let read = self.inside(Step::Key("rules".into()), |loader| loader.inside(Step::Index(i), |loader| loader.rule(rule, i)));
            if let Ok(rule) = read {
                out.push((i, rule));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, rule) in &out {
            if !seen.insert(rule.id.clone()) {
                // The later rule's id.
                self.at = vec![Step::Key("rules".into()), Step::Index(*i)];
                self.rule_index = Some(*i);
                self.rule_start.set(None);
                let span = self.value_span("id", &rule.id);
                self.at.clear();
                let mut diagnostic = Diagnostic::at(self.yaml, &self.lines, span, format!("duplicate rule id `{}`", rule.id));
                diagnostic.severity = "warning".into();
                diagnostic.rule_id = Some(rule.id.clone());
                self.diagnostics.push(diagnostic);
            }
        }
        out.into_iter().map(|(_, rule)| rule).collect()
    }

    fn rule(&mut self, value: &Value, index: usize) -> Result<Rule, Reported> {
        let Some(map) = value.as_mapping() else {
            return Err(self.error(self.node_span(), format!("rule {} must be a mapping", index + 1)));
        };
        // Semgrep loads a rule with a key it does not know and ignores the key.
        let unknown: Vec<(&str, Option<&str>)> = map
            .keys()
            .map(|k| k.as_str().unwrap_or(""))
            .filter(|name| !RULE_KEYS.contains(name))
            .map(|name| (name, suggest(name, RULE_KEYS)))
            .collect();
        let id = match map.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(_) => return Err(self.error(self.key_span("id"), "`id` must be a non-empty string")),
            None => return Err(self.error(self.node_span(), format!("rule {} has no `id`", index + 1))),
        };
        let message = match map.get("message") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(self.error(self.key_span("message"), "`message` must be a string")),
            None => return Err(self.error(self.value_span("id", &id), format!("rule `{id}` has no `message`"))),
        };
        let severity = match map.get("severity") {
            Some(Value::String(s)) if Severity::from_name(s).is_some() => Severity::from_name(s).expect("checked"),
            Some(_) => {
                let classic: Vec<&str> = Severity::ALL[..3].iter().map(|s| s.as_str()).collect();
                return Err(self.error(self.key_span("severity"), format!("`severity` must be one of {}", classic.join(", "))));
            }
            None => return Err(self.error(self.value_span("id", &id), format!("rule `{id}` has no `severity`"))),
        };
        let language = match map.get("languages") {
            Some(Value::Sequence(keys)) => match Language::of_rule(keys.iter().filter_map(Value::as_str)) {
                Some(language) => language,
                None => {
                    let names: Vec<String> = keys.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect();
                    return Err(self.error(
                        self.key_span("languages"),
                        format!("rule `{id}` is for {}; flasklight runs Python rules, and generic and regex rules on any file", names.join(", ")),
                    ));
                }
            },
            Some(_) => return Err(self.error(self.key_span("languages"), "`languages` must be a list, like [python]")),
            None => return Err(self.error(self.value_span("id", &id), format!("rule `{id}` has no `languages`"))),
        };
        // The mode, as Semgrep names them; a `mode` that is not a string counts as `search`.
        let mode_key = map.get("mode").and_then(Value::as_str);
        let mode = mode_key.map_or(Some(Mode::Search), Mode::from_key);
        if !language.is_python() && map.contains_key("mode") && mode != Some(Mode::Search) {
            return Err(self.error(self.key_span("mode"), format!("rule `{id}`: taint mode needs a programming language, like [python]")));
        }
        let options = self.options(map.get("options"))?;
        self.constants = options.get("constant_propagation").and_then(Value::as_bool).unwrap_or(true);
        self.symbolic = options.get("symbolic_propagation").and_then(Value::as_bool).unwrap_or(false);
        let precision = self.precision(&options);
        let taint = match mode {
            Some(Mode::Search) => None,
            Some(Mode::Taint) => Some(self.taint_spec(map, &options)?),
            Some(Mode::Join | Mode::Extract) | None => {
                let other = mode_key.unwrap_or_default();
                return Err(self.error(self.key_span("mode"), format!("mode `{other}` is not supported (use `search` or `taint`)")));
            }
        };
        let formula_keys: Vec<&str> = ["pattern", "patterns", "pattern-either", "pattern-regex", "match"]
            .into_iter()
            .filter(|k| map.contains_key(*k))
            .collect();
        if taint.is_some() {
            if let Some(k) = formula_keys.first() {
                return Err(self.error(self.key_span(k), format!("a taint rule takes `pattern-sources`/`pattern-sinks`, not `{k}`")));
            }
        } else if formula_keys.is_empty() {
            // No pattern, but a key that looks like one: the typo is the error.
            if let Some((name, Some(hint))) = unknown.iter().find(|(_, hint)| hint.is_some_and(|h| h.starts_with("pattern") || h == "match")) {
                let span = self.key_span(name);
                return Err(self.error(span, format!("unknown key `{name}` in rule (did you mean `{hint}`?)")));
            }
        }
        for (name, hint) in &unknown {
            let span = self.key_span(name);
            let hint = hint.map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            self.error(span, format!("unknown key `{name}` in rule, ignored as Semgrep does{hint}"));
            if let Some(diagnostic) = self.diagnostics.last_mut() {
                diagnostic.severity = "warning".into();
            }
        }
        if taint.is_none() && formula_keys.len() != 1 {
            let message = if formula_keys.is_empty() {
                format!("rule `{id}` needs one of `pattern`, `patterns`, `pattern-either`, `pattern-regex`")
            } else {
                format!("rule `{id}` has more than one top-level pattern key: {}", formula_keys.join(", "))
            };
            return Err(self.error(self.value_span("id", &id), message));
        }
        // A `generic` or `regex` rule's patterns are words and punctuation, not Python.
        let generic = self.generic || !language.is_python();
        let outer = std::mem::replace(&mut self.generic, generic);
        let formula = match formula_keys.first() {
            Some(k) => self.formula(k, &map[*k]),
            None => Ok(Formula::Or(Vec::new())),
        };
        self.generic = outer;
        let formula = formula?;
        let fix = match map.get("fix") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(self.error(self.key_span("fix"), "`fix` must be a string")),
            None => None,
        };
        let fix_regex = match map.get("fix-regex") {
            Some(v) => Some(self.inside(Step::Key("fix-regex".into()), |loader| loader.fix_regex(v))?),
            None => None,
        };
        let (include, exclude) = match map.get("paths") {
            Some(v) => self.paths(v)?,
            None => (Vec::new(), Vec::new()),
        };
        let metadata = map.get("metadata").map(yaml_to_json).unwrap_or(serde_json::Value::Null);
        let symbolic = self.symbolic;
        Ok(Rule { id, message, severity, language, formula, taint, fix, fix_regex, metadata, include, exclude, symbolic, precision })
    }

    /// The `precise_*` keys of `options:` (flasklight's analyses beyond
    /// Semgrep's; Semgrep ignores them). A value that is not `true` or `false`
    /// is a warning, and the analysis stays off: the rule still runs as in Semgrep.
    fn precision(&mut self, options: &Mapping) -> Precision {
        let mut precision = Precision::NONE;
        for key in Precision::KEYS {
            let Some(value) = options.get(key) else { continue };
            match value.as_bool() {
                Some(on) => {
                    if let Some(field) = precision.field(key) {
                        *field = on;
                    }
                }
                None => {
                    let text = match value {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => String::new(),
                    };
                    let span = self.inside(Step::Key("options".into()), |loader| if text.is_empty() { loader.key_span(key) } else { loader.value_span(key, &text) });
                    self.error(span, format!("`{key}` must be true or false; the analysis stays off"));
                    if let Some(diagnostic) = self.diagnostics.last_mut() {
                        diagnostic.severity = "warning".into();
                    }
                }
            }
        }
        precision
    }

    fn options(&mut self, value: Option<&Value>) -> Result<Mapping, Reported> {
        match value {
            None => Ok(Mapping::new()),
            Some(Value::Mapping(m)) => Ok(m.clone()),
            Some(_) => Err(self.error(self.key_span("options"), "`options` must be a mapping")),
        }
    }

    /// `fix-regex`, read inside it.
    fn fix_regex(&mut self, value: &Value) -> Result<FixRegex, Reported> {
        let regex = value.get("regex").and_then(Value::as_str);
        let replacement = value.get("replacement").and_then(Value::as_str);
        let count = value.get("count").and_then(Value::as_u64).map(|c| c as usize);
        match (regex, replacement) {
            (Some(re), Some(rep)) => match Re::new(re) {
                Ok(regex) => Ok(FixRegex { regex, replacement: rep.to_string(), count }),
                Err(e) => Err(self.error(self.value_span("regex", re), format!("invalid regex in fix-regex: {e}"))),
            },
            _ => {
                let key = self.at.pop();
                let span = self.key_span("fix-regex");
                self.at.extend(key);
                Err(self.error(span, "`fix-regex` needs `regex` and `replacement`"))
            }
        }
    }

    fn paths(&mut self, value: &Value) -> Result<(Vec<String>, Vec<String>), Reported> {
        let list = |key: &str| -> Option<Vec<String>> {
            match value.get(key) {
                None => Some(Vec::new()),
                Some(Value::Sequence(items)) => items.iter().map(|i| i.as_str().map(str::to_string)).collect(),
                Some(Value::String(s)) => Some(vec![s.clone()]),
                Some(_) => None,
            }
        };
        match (list("include"), list("exclude")) {
            (Some(i), Some(e)) => Ok((i, e)),
            _ => Err(self.error(self.key_span("paths"), "`paths` takes `include` and `exclude` lists of globs")),
        }
    }

}

fn yaml_to_json(value: &Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The closest known name, for "did you mean" hints.
pub(super) fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j])).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The byte offset of the quote in "... while scanning a quoted scalar at line L column C"
/// (the YAML parser's words for an unclosed quote), when it is one.
fn quoted_scalar_start(yaml: &str, message: &str) -> Option<usize> {
    let rest = message.split("while scanning a quoted scalar at line ").nth(1)?;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, column): (usize, usize) = (line.trim().parse().ok()?, column.parse().ok()?);
    let start = yaml.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum::<usize>();
    let offset = start + yaml[start..].chars().take(column.checked_sub(1)?).map(char::len_utf8).sum::<usize>();
    yaml[offset..].starts_with(['"', '\'']).then_some(offset)
}

//! Semgrep rule YAML -> [`Rule`]s, with typed errors at YAML line/column.
//!
//! The YAML is read into plain serde values once, each rule is checked
//! against the keys Semgrep accepts (an unknown key of a rule is a warning, as
//! Semgrep ignores it; elsewhere unknown keys are errors), and converted
//! into the formula the engine runs. One bad rule does not stop the others.
//! [`SimpleRule`] is the app's simple mode and the YAML writer.

use super::limits::Limit;
use super::generic::GenericPattern;
use super::pattern::parse_pattern;
use super::regex::Re;
use super::rule::{Analyzer, Conj, FixRegex, Formula, Language, MetaCompare, Rule, TaintLabels, TaintSpec};
use super::source::{LineIndex, Position, Span};
use serde::{Deserialize, Serialize};
use serde_yaml_ng::{Mapping, Value};

/// A problem with a rule file or with code, for people: message and place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub message: String,
    pub severity: String,
    pub rule_id: Option<String>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// Set when the problem is that an engine limit was hit (see [`super::limits`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl Diagnostic {
    /// `span` is clamped to the text and widened to whole characters, so it can always slice `text`.
    pub fn at(text: &str, lines: &LineIndex, span: Span, message: String) -> Diagnostic {
        let span = span.within(text);
        Diagnostic {
            message,
            severity: "error".into(),
            rule_id: None,
            span,
            start: lines.position(text, span.start),
            end: lines.position(text, span.end),
            limit: None,
        }
    }

    /// A warning that `limit` was hit; the message names it.
    pub fn limit_hit(text: &str, lines: &LineIndex, span: Span, limit: Limit, what_happened: &str) -> Diagnostic {
        let mut d = Diagnostic::at(text, lines, span, format!("{what_happened}: hit {}", limit.describe()));
        d.severity = "warning".into();
        d.limit = Some(limit);
        d
    }
}

const RULE_KEYS: &[&str] = &[
    "id", "message", "severity", "languages", "metadata", "fix", "fix-regex", "paths", "mode", "options", "pattern",
    "patterns", "pattern-either", "pattern-regex", "min-version", "max-version", "pattern-sources", "pattern-sinks",
    "pattern-sanitizers", "pattern-propagators", "focus-metavariable", "match",
];

const SEVERITIES: &[&str] = &["ERROR", "WARNING", "INFO", "INVENTORY", "EXPERIMENT", "CRITICAL", "HIGH", "MEDIUM", "LOW"];

/// Loads every rule of a Semgrep config text.
pub fn load_rules(yaml: &str) -> (Vec<Rule>, Vec<Diagnostic>) {
    let mut loader = Loader { yaml, lines: LineIndex::new(yaml), diagnostics: Vec::new(), rule_id: None, rule_start: 0, constants: true, symbolic: false, generic: false };
    let rules = loader.load();
    (rules, loader.diagnostics)
}

struct Loader<'y> {
    yaml: &'y str,
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
    rule_id: Option<String>,
    /// Byte offset where the current rule starts in the YAML, for locating keys.
    rule_start: usize,
    /// The current rule's `constant_propagation` / `symbolic_propagation` options.
    constants: bool,
    symbolic: bool,
    /// Inside a `metavariable-pattern` with `language: generic`.
    generic: bool,
}

type Fail = ();

impl<'y> Loader<'y> {
    fn error(&mut self, span: Span, message: impl Into<String>) -> Fail {
        let mut d = Diagnostic::at(self.yaml, &self.lines, span, message.into());
        d.rule_id = self.rule_id.clone();
        self.diagnostics.push(d);
    }

    /// The span of `needle` in the YAML at or after the current rule's start.
    fn locate(&self, needle: &str) -> Span {
        let from = self.rule_start.min(self.yaml.len());
        match self.yaml[from..].find(needle) {
            Some(p) => Span::new((from + p) as u32, (from + p + needle.len()) as u32),
            None => Span::new(from as u32, (from + 1).min(self.yaml.len()) as u32),
        }
    }

    fn load(&mut self) -> Vec<Rule> {
        let value: Value = match serde_yaml_ng::from_str(self.yaml) {
            Ok(v) => v,
            Err(e) => {
                let offset = e.location().map_or(0, |l| l.index());
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                self.error(Span::new(offset as u32, offset as u32 + 1), format!("invalid YAML: {message}"));
                return Vec::new();
            }
        };
        let Some(rules) = value.as_mapping().and_then(|m| m.get("rules")) else {
            self.error(Span::new(0, 1), "a rule file is a mapping with a `rules:` list");
            return Vec::new();
        };
        let Some(rules) = rules.as_sequence() else {
            let span = self.locate("rules");
            self.error(span, "`rules:` must be a list of rules");
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut search_from = 0;
        for (i, rule) in rules.iter().enumerate() {
            let id = rule.get("id").and_then(Value::as_str).map(str::to_string);
            self.rule_id = id.clone();
            self.rule_start = match &id {
                Some(id) => self.yaml[search_from..]
                    .find(&format!("id: {id}"))
                    .or_else(|| self.yaml[search_from..].find(id.as_str()))
                    .map_or(search_from, |p| {
                        let at = search_from + p;
                        self.yaml[..at].rfind('\n').map_or(0, |n| n + 1)
                    }),
                None => search_from,
            };
            search_from = self.rule_start + 1;
            if let Ok(rule) = self.rule(rule, i) {
                out.push(rule);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for rule in &out {
            if !seen.insert(rule.id.clone()) {
                let mut d = Diagnostic::at(self.yaml, &self.lines, Span::new(0, 1), format!("duplicate rule id `{}`", rule.id));
                d.severity = "warning".into();
                d.rule_id = Some(rule.id.clone());
                self.diagnostics.push(d);
            }
        }
        out
    }

    fn rule(&mut self, value: &Value, index: usize) -> Result<Rule, Fail> {
        let Some(map) = value.as_mapping() else {
            let span = Span::new(self.rule_start as u32, self.rule_start as u32 + 1);
            return Err(self.error(span, format!("rule {} must be a mapping", index + 1)));
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
            Some(_) => return Err(self.error(self.locate("id:"), "`id` must be a non-empty string")),
            None => {
                let span = Span::new(self.rule_start as u32, self.rule_start as u32 + 1);
                return Err(self.error(span, format!("rule {} has no `id`", index + 1)));
            }
        };
        let message = match map.get("message") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(self.error(self.locate("message:"), "`message` must be a string")),
            None => return Err(self.error(self.locate(&id), format!("rule `{id}` has no `message`"))),
        };
        let severity = match map.get("severity") {
            Some(Value::String(s)) if SEVERITIES.contains(&s.as_str()) => s.clone(),
            Some(_) => {
                return Err(self.error(
                    self.locate("severity:"),
                    format!("`severity` must be one of {}", SEVERITIES[..3].join(", ")),
                ))
            }
            None => return Err(self.error(self.locate(&id), format!("rule `{id}` has no `severity`"))),
        };
        let language = match map.get("languages") {
            Some(Value::Sequence(langs)) => {
                let names: Vec<String> = langs.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect();
                if names.iter().any(|l| matches!(l.as_str(), "python" | "py" | "python3")) {
                    Language::Python
                } else if names.iter().any(|l| l == "generic") {
                    Language::Generic
                } else if names.iter().any(|l| matches!(l.as_str(), "regex" | "none")) {
                    Language::Regex
                } else {
                    return Err(self.error(
                        self.locate("languages:"),
                        format!("rule `{id}` is for {}; flasklight runs Python rules, and generic and regex rules on any file", names.join(", ")),
                    ));
                }
            }
            Some(_) => return Err(self.error(self.locate("languages:"), "`languages` must be a list, like [python]")),
            None => return Err(self.error(self.locate(&id), format!("rule `{id}` has no `languages`"))),
        };
        if language != Language::Python && map.contains_key("mode") && map.get("mode").and_then(Value::as_str) != Some("search") {
            return Err(self.error(self.locate("mode:"), format!("rule `{id}`: taint mode needs a programming language, like [python]")));
        }
        let options = self.options(map.get("options"))?;
        self.constants = options.get("constant_propagation").and_then(Value::as_bool).unwrap_or(true);
        self.symbolic = options.get("symbolic_propagation").and_then(Value::as_bool).unwrap_or(false);
        let mode = map.get("mode").and_then(Value::as_str).unwrap_or("search");
        let taint = match mode {
            "search" => None,
            "taint" => Some(self.taint_spec(map, &options)?),
            other => {
                return Err(self.error(self.locate("mode:"), format!("mode `{other}` is not supported (use `search` or `taint`)")))
            }
        };
        let formula_keys: Vec<&str> = ["pattern", "patterns", "pattern-either", "pattern-regex", "match"]
            .into_iter()
            .filter(|k| map.contains_key(*k))
            .collect();
        if taint.is_some() {
            if let Some(k) = formula_keys.first() {
                return Err(self.error(self.locate(&format!("{k}:")), format!("a taint rule takes `pattern-sources`/`pattern-sinks`, not `{k}`")));
            }
        } else if formula_keys.is_empty() {
            // No pattern, but a key that looks like one: the typo is the error.
            if let Some((name, Some(hint))) = unknown.iter().find(|(_, hint)| hint.is_some_and(|h| h.starts_with("pattern") || h == "match")) {
                let span = self.locate(&format!("{name}:"));
                return Err(self.error(span, format!("unknown key `{name}` in rule (did you mean `{hint}`?)")));
            }
        }
        for (name, hint) in &unknown {
            let span = self.locate(&format!("{name}:"));
            let hint = hint.map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            self.error(span, format!("unknown key `{name}` in rule, ignored as Semgrep does{hint}"));
            if let Some(d) = self.diagnostics.last_mut() {
                d.severity = "warning".into();
            }
        }
        if taint.is_none() && formula_keys.len() != 1 {
            let message = if formula_keys.is_empty() {
                format!("rule `{id}` needs one of `pattern`, `patterns`, `pattern-either`, `pattern-regex`")
            } else {
                format!("rule `{id}` has more than one top-level pattern key: {}", formula_keys.join(", "))
            };
            return Err(self.error(self.locate(&id), message));
        }
        // A `generic` or `regex` rule's patterns are words and punctuation, not Python.
        let generic = self.generic || language != Language::Python;
        let outer = std::mem::replace(&mut self.generic, generic);
        let formula = match formula_keys.first() {
            Some(k) => self.formula(k, &map[*k]),
            None => Ok(Formula::Or(Vec::new())),
        };
        self.generic = outer;
        let formula = formula?;
        let fix = match map.get("fix") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(self.error(self.locate("fix:"), "`fix` must be a string")),
            None => None,
        };
        let fix_regex = match map.get("fix-regex") {
            Some(v) => Some(self.fix_regex(v)?),
            None => None,
        };
        let (include, exclude) = match map.get("paths") {
            Some(v) => self.paths(v)?,
            None => (Vec::new(), Vec::new()),
        };
        let metadata = map.get("metadata").map(yaml_to_json).unwrap_or(serde_json::Value::Null);
        let symbolic = self.symbolic;
        Ok(Rule { id, message, severity, language, formula, taint, fix, fix_regex, metadata, include, exclude, symbolic })
    }

    fn options(&mut self, value: Option<&Value>) -> Result<Mapping, Fail> {
        match value {
            None => Ok(Mapping::new()),
            Some(Value::Mapping(m)) => Ok(m.clone()),
            Some(_) => Err(self.error(self.locate("options:"), "`options` must be a mapping")),
        }
    }

    fn taint_spec(&mut self, map: &Mapping, options: &Mapping) -> Result<TaintSpec, Fail> {
        let flag = |key: &str| options.get(key).and_then(Value::as_bool).unwrap_or(false);
        let mut spec = TaintSpec {
            safe_functions: flag("taint_assume_safe_functions"),
            safe_indexes: flag("taint_assume_safe_indexes"),
            safe_comparisons: flag("taint_assume_safe_comparisons"),
            only_assignments: flag("taint_only_propagate_through_assignments"),
            ..TaintSpec::default()
        };
        // Label names by bit; bit 0 is `__SOURCE__`, the label of sources without one.
        let mut label_names: Vec<String> = vec!["__SOURCE__".to_string()];
        let (mut source_labels, mut sink_requires, mut labelled) = (Vec::new(), Vec::new(), false);
        for (key, required) in [("pattern-sources", true), ("pattern-sinks", true), ("pattern-sanitizers", false), ("pattern-propagators", false)] {
            let Some(items) = map.get(key) else {
                if required {
                    return Err(self.error(self.locate("mode:"), format!("a taint rule needs `{key}`")));
                }
                continue;
            };
            let Some(items) = items.as_sequence() else {
                return Err(self.error(self.locate(&format!("{key}:")), format!("`{key}` must be a list")));
            };
            for item in items {
                let Some(m) = item.as_mapping() else {
                    return Err(self.error(self.locate(&format!("{key}:")), format!("each item of `{key}` must be a mapping")));
                };
                let formula_keys: Vec<&str> = ["pattern", "patterns", "pattern-either", "pattern-regex", "pattern-inside"]
                    .into_iter()
                    .filter(|k| m.contains_key(*k))
                    .collect();
                for k in m.keys().filter_map(Value::as_str) {
                    let known = ["pattern", "patterns", "pattern-either", "pattern-regex", "pattern-inside", "label", "labels", "requires",
                        "exact", "by-side-effect", "not_conflicting", "from", "to", "control", "replace_labels"];
                    if !known.contains(&k) {
                        return Err(self.error(self.locate(&format!("{k}:")), format!("unknown key `{k}` in `{key}`")));
                    }
                }
                if formula_keys.len() != 1 {
                    return Err(self.error(self.locate(&format!("{key}:")), format!("each item of `{key}` needs one of `pattern`, `patterns`, `pattern-either`")));
                }
                let k = formula_keys[0];
                let formula = if k == "pattern-inside" { self.pattern(k, &m[k])? } else { self.formula(k, &m[k])? };
                // Taint labels: `label` on sources, `requires` on sources and sinks.
                let label = m.get("label").and_then(Value::as_str);
                let requires = match m.get("requires") {
                    Some(Value::String(text)) if matches!(key, "pattern-sources" | "pattern-sinks") => {
                        let mut bit = |name: &str| label_bit(&mut label_names, name);
                        match crate::engine::taint::LabelExpr::parse(text, &mut bit) {
                            Ok(expr) => Some(expr),
                            Err(e) => return Err(self.error(self.locate("requires:"), e)),
                        }
                    }
                    _ => None,
                };
                match key {
                    "pattern-sources" => {
                        let bit = match label {
                            Some(name) => label_bit(&mut label_names, name).map_err(|e| self.error(self.locate("label:"), e))?,
                            None => 0,
                        };
                        labelled |= label.is_some() || requires.is_some();
                        source_labels.push((bit, requires));
                        spec.sources.push(formula)
                    }
                    "pattern-sinks" => {
                        labelled |= requires.is_some();
                        sink_requires.push(requires);
                        spec.sinks.push(formula)
                    }
                    "pattern-sanitizers" => {
                        spec.sanitizers.push(formula);
                        spec.not_conflicting.push(m.get("not_conflicting").and_then(Value::as_bool).unwrap_or(false));
                        spec.by_side_effect.push(m.get("by-side-effect").and_then(Value::as_bool).unwrap_or(false));
                    }
                    _ => {
                        let from = m.get("from").and_then(Value::as_str);
                        let to = m.get("to").and_then(Value::as_str);
                        match (from, to) {
                            (Some(f), Some(t)) => spec.propagators.push((formula, f.to_string(), t.to_string())),
                            _ => return Err(self.error(self.locate("pattern-propagators:"), "a propagator needs `from: $X` and `to: $Y`")),
                        }
                    }
                }
            }
        }
        if labelled {
            spec.labels = Some(TaintLabels { sources: source_labels, sinks: sink_requires });
        }
        Ok(spec)
    }

    fn fix_regex(&mut self, value: &Value) -> Result<FixRegex, Fail> {
        let regex = value.get("regex").and_then(Value::as_str);
        let replacement = value.get("replacement").and_then(Value::as_str);
        let count = value.get("count").and_then(Value::as_u64).map(|c| c as usize);
        match (regex, replacement) {
            (Some(re), Some(rep)) => match Re::new(re) {
                Ok(regex) => Ok(FixRegex { regex, replacement: rep.to_string(), count }),
                Err(e) => Err(self.error(self.locate(re), format!("invalid regex in fix-regex: {e}"))),
            },
            _ => Err(self.error(self.locate("fix-regex:"), "`fix-regex` needs `regex` and `replacement`")),
        }
    }

    fn paths(&mut self, value: &Value) -> Result<(Vec<String>, Vec<String>), Fail> {
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
            _ => Err(self.error(self.locate("paths:"), "`paths` takes `include` and `exclude` lists of globs")),
        }
    }

    fn pattern_text(&mut self, key: &str, value: &Value) -> Result<String, Fail> {
        match value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(if *b { "True" } else { "False" }.to_string()),
            _ => Err(self.error(self.locate(&format!("{key}:")), format!("`{key}` must be a string"))),
        }
    }

    fn pattern(&mut self, key: &str, value: &Value) -> Result<Formula, Fail> {
        let text = self.pattern_text(key, value)?;
        if self.generic {
            return GenericPattern::new(&text)
                .map(Formula::Generic)
                .map_err(|e| self.error(self.locate(&format!("{key}:")), format!("in `{key}`: {e}")));
        }
        match parse_pattern(&text) {
            Ok(mut p) => {
                p.constants = self.constants;
                p.symbolic = self.symbolic;
                Ok(Formula::Pattern(Box::new(p)))
            }
            Err(e) => {
                // Point into the YAML: find the pattern's first line after the key.
                let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
                let key_span = self.locate(&format!("{key}:"));
                let base = self.yaml[key_span.start as usize..].find(first_line).map(|p| key_span.start as usize + p);
                let span = match base {
                    Some(b) => {
                        let text_first = text.find(first_line).unwrap_or(0) as u32;
                        let within = e.span.start.saturating_sub(text_first);
                        let line_len = first_line.len() as u32;
                        let at = b as u32 + within.min(line_len);
                        Span::new(at, (at + e.span.len().max(1)).min(b as u32 + line_len.max(1)))
                    }
                    None => key_span,
                };
                Err(self.error(span, format!("in `{key}`: {}", e.message)))
            }
        }
    }

    fn regex(&mut self, key: &str, value: &Value) -> Result<Re, Fail> {
        let text = self.pattern_text(key, value)?;
        Re::new(&text)
            .map_err(|e| self.error(self.locate(&format!("{key}:")), format!("invalid regex in `{key}`: {e}")))
    }

    fn formula(&mut self, key: &str, value: &Value) -> Result<Formula, Fail> {
        match key {
            "pattern" => self.pattern(key, value),
            "pattern-regex" => Ok(Formula::Regex(self.regex(key, value)?)),
            "pattern-either" => {
                let Some(items) = value.as_sequence() else {
                    return Err(self.error(self.locate("pattern-either:"), "`pattern-either` must be a list"));
                };
                let mut out = Vec::new();
                for item in items {
                    let (k, v) = self.single_key(item, "pattern-either")?;
                    if k == "pattern-inside" {
                        // Semgrep accepts this: alone it matches the region; in a
                        // `patterns`, an either of such regions is a `pattern-inside`.
                        out.push(Formula::And(vec![Conj::Inside(self.pattern(&k, v)?)]));
                        continue;
                    }
                    if !matches!(k.as_str(), "pattern" | "patterns" | "pattern-either" | "pattern-regex") {
                        return Err(self.error(self.locate(&format!("{k}:")), format!("`{k}` cannot be used inside `pattern-either`")));
                    }
                    out.push(self.formula(&k, v)?);
                }
                Ok(Formula::Or(out))
            }
            "patterns" => {
                let conjs = self.conjuncts(value)?;
                if !has_positive(&conjs) {
                    return Err(self.error(
                        self.locate("patterns:"),
                        "`patterns` needs at least one positive term (`pattern`, `pattern-either`, `patterns` or `pattern-regex`)",
                    ));
                }
                Ok(Formula::And(conjs))
            }
            "match" => Err(self.error(self.locate("match:"), "the `match:` syntax is not supported yet; use `pattern`/`patterns`")),
            other => Err(self.error(self.locate(&format!("{other}:")), format!("unknown operator `{other}`"))),
        }
    }

    /// The terms of a `patterns` list.
    fn conjuncts(&mut self, value: &Value) -> Result<Vec<Conj>, Fail> {
        let Some(items) = value.as_sequence() else {
            return Err(self.error(self.locate("patterns:"), "`patterns` must be a list"));
        };
        let mut conjs = Vec::new();
        for item in items {
            let (k, v) = self.single_key(item, "patterns")?;
            conjs.push(self.conj(&k, v)?);
        }
        Ok(conjs)
    }

    /// The `patterns` of a `metavariable-pattern` on `$NAME`. Semgrep accepts
    /// negative terms only here: they filter the metavariable's whole value,
    /// which the pattern `$NAME` (bound already, so matching only that value,
    /// with its constants known) stands for.
    fn value_patterns(&mut self, name: &str, value: &Value) -> Result<Formula, Fail> {
        let mut conjs = self.conjuncts(value)?;
        if !has_positive(&conjs) {
            let whole = self.pattern("pattern", &Value::String(name.to_string()))?;
            conjs.insert(0, Conj::Pos(whole));
        }
        Ok(Formula::And(conjs))
    }

    /// A formula written as a mapping where a pattern string usually stands
    /// (`pattern-not: {patterns: [...]}`), which Semgrep accepts.
    fn nested_formula(&mut self, parent: &str, value: &Value) -> Result<Formula, Fail> {
        let (k, v) = self.single_key(value, parent)?;
        if !matches!(k.as_str(), "pattern" | "patterns" | "pattern-either" | "pattern-regex") {
            return Err(self.error(self.locate(&format!("{k}:")), format!("`{k}` cannot be used inside `{parent}`")));
        }
        self.formula(&k, v)
    }

    fn single_key<'v>(&mut self, item: &'v Value, parent: &str) -> Result<(String, &'v Value), Fail> {
        match item.as_mapping() {
            Some(m) if m.len() == 1 => {
                let (k, v) = m.iter().next().expect("one entry");
                Ok((k.as_str().unwrap_or("").to_string(), v))
            }
            Some(m) if m.len() > 1 && m.contains_key("metavariable") => {
                let (k, _) = m.iter().next().expect("entry");
                Ok((k.as_str().unwrap_or("").to_string(), item))
            }
            _ => Err(self.error(
                self.locate(&format!("{parent}:")),
                format!("each item of `{parent}` must be a mapping with one operator, like `- pattern: ...`"),
            )),
        }
    }

    fn conj(&mut self, key: &str, value: &Value) -> Result<Conj, Fail> {
        Ok(match key {
            "pattern" | "patterns" | "pattern-either" | "pattern-regex" => {
                // A term that only ever gives regions (an either of `pattern-inside`s,
                // a `patterns` of nothing else) takes the hits inside them, as in Semgrep.
                let formula = self.formula(key, value)?;
                if only_regions(&formula) {
                    Conj::Inside(formula)
                } else {
                    Conj::Pos(formula)
                }
            }
            "pattern-not" | "pattern-inside" | "pattern-not-inside" => {
                let formula = if value.is_mapping() { self.nested_formula(key, value)? } else { self.pattern(key, value)? };
                match key {
                    "pattern-not" => Conj::Not(formula),
                    "pattern-inside" => Conj::Inside(formula),
                    _ => Conj::NotInside(formula),
                }
            }
            "pattern-not-regex" => Conj::Not(Formula::Regex(self.regex(key, value)?)),
            "focus-metavariable" => {
                let names = match value {
                    Value::String(s) => vec![s.clone()],
                    Value::Sequence(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                    _ => return Err(self.error(self.locate("focus-metavariable:"), "`focus-metavariable` takes a name or a list")),
                };
                Conj::Focus(names)
            }
            "metavariable-regex" | "metavariable-pattern" | "metavariable-comparison" | "metavariable-analysis" | "metavariable-type" => {
                self.metavariable(key, value)?
            }
            other => {
                let known = [
                    "pattern", "patterns", "pattern-either", "pattern-regex", "pattern-not", "pattern-inside",
                    "pattern-not-inside", "pattern-not-regex", "focus-metavariable", "metavariable-regex",
                    "metavariable-pattern", "metavariable-comparison", "metavariable-analysis", "metavariable-type",
                ];
                let hint = suggest(other, &known).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                return Err(self.error(self.locate(&format!("{other}:")), format!("unknown operator `{other}` in `patterns`{hint}")));
            }
        })
    }

    fn metavariable(&mut self, key: &str, value: &Value) -> Result<Conj, Fail> {
        let value = value.get(key).unwrap_or(value);
        let Some(map) = value.as_mapping() else {
            return Err(self.error(self.locate(&format!("{key}:")), format!("`{key}` must be a mapping")));
        };
        let name = match key {
            "metavariable-comparison" => map.get("metavariable").and_then(Value::as_str).unwrap_or("").to_string(),
            _ => match map.get("metavariable").and_then(Value::as_str) {
                Some(n) => n.to_string(),
                None => return Err(self.error(self.locate(&format!("{key}:")), format!("`{key}` needs `metavariable: $X`"))),
            },
        };
        match key {
            "metavariable-regex" => {
                let re = map.get("regex").cloned().unwrap_or(Value::Null);
                let text = self.pattern_text("regex", &re)?;
                let anchored = format!("^(?:{text})");
                let regex = Re::new(&anchored)
                    .map_err(|e| self.error(self.locate("regex:"), format!("invalid regex in `metavariable-regex`: {e}")))?;
                Ok(Conj::MetaRegex { name, regex })
            }
            "metavariable-pattern" => {
                let keys: Vec<&str> = ["pattern", "patterns", "pattern-either", "pattern-regex"]
                    .into_iter()
                    .filter(|k| map.contains_key(*k))
                    .collect();
                if keys.len() != 1 {
                    return Err(self.error(self.locate("metavariable-pattern:"), "`metavariable-pattern` needs one pattern operator"));
                }
                let language = map.get("language").and_then(Value::as_str).map(str::to_string);
                // Patterns in the `generic` language are words and punctuation, not Python.
                let generic = language.as_deref().is_some_and(|l| l.eq_ignore_ascii_case("generic"));
                let outer = std::mem::replace(&mut self.generic, generic);
                let formula = match keys[0] {
                    "patterns" => self.value_patterns(&name, &map["patterns"]),
                    key => self.formula(key, &map[key]),
                };
                self.generic = outer;
                let formula = formula?;
                Ok(Conj::MetaPattern { name, formula: Box::new(formula), language })
            }
            "metavariable-type" => {
                let types: Vec<String> = match (map.get("type"), map.get("types")) {
                    (Some(Value::String(t)), None) => vec![t.clone()],
                    (None, Some(Value::Sequence(items))) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                    _ => Vec::new(),
                };
                if types.is_empty() {
                    return Err(self.error(self.locate("metavariable-type:"), "`metavariable-type` needs `type: T` or `types: [T, ...]`"));
                }
                if let Some(bad) = types.iter().find(|t| !super::pattern::is_type_name(t)) {
                    return Err(self.error(self.locate("type"), format!("`{bad}` is not a Python type name (a name or dotted name, like `int` or `flask.Flask`)")));
                }
                Ok(Conj::MetaType { name, types })
            }
            "metavariable-analysis" => {
                let analyzer = match map.get("analyzer").and_then(Value::as_str) {
                    Some("entropy") => Analyzer::Entropy,
                    Some("redos") => Analyzer::Redos,
                    Some(other) => {
                        return Err(self.error(self.locate("analyzer:"), format!("unknown analyzer `{other}` (known: entropy, redos)")))
                    }
                    None => return Err(self.error(self.locate("metavariable-analysis:"), "`metavariable-analysis` needs `analyzer: entropy` or `analyzer: redos`")),
                };
                Ok(Conj::MetaAnalysis { name, analyzer })
            }
            _ => {
                let comparison = map.get("comparison").and_then(Value::as_str).unwrap_or("");
                match MetaCompare::parse(comparison) {
                    Ok(expr) => Ok(Conj::MetaComparison { expr }),
                    Err(e) => Err(self.error(self.locate("comparison:"), format!("invalid `comparison`: {e}"))),
                }
            }
        }
    }
}

/// The bit of a taint label, numbering new names (at most 64 labels).
fn label_bit(names: &mut Vec<String>, name: &str) -> Result<u8, String> {
    if let Some(at) = names.iter().position(|n| n == name) {
        return Ok(at as u8);
    }
    if names.len() == 64 {
        return Err("a rule may use at most 63 taint labels".into());
    }
    names.push(name.to_string());
    Ok((names.len() - 1) as u8)
}

fn yaml_to_json(value: &Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Whether a formula's matches are all regions of `pattern-inside`s: a
/// `patterns` whose only positive terms are `pattern-inside`s, or an either of such.
fn only_regions(formula: &Formula) -> bool {
    match formula {
        Formula::And(conjs) => {
            conjs.iter().any(|c| matches!(c, Conj::Inside(_))) && !conjs.iter().any(|c| matches!(c, Conj::Pos(_)))
        }
        Formula::Or(items) => !items.is_empty() && items.iter().all(only_regions),
        Formula::Pattern(_) | Formula::Regex(_) | Formula::Generic(_) => false,
    }
}

/// Whether a `patterns` list has a term that gives matches (not only filters).
fn has_positive(conjs: &[Conj]) -> bool {
    conjs.iter().any(|c| matches!(c, Conj::Pos(_) | Conj::Inside(_)))
}

/// The closest known name, for "did you mean" hints.
fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
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
        let severity = if SEVERITIES.contains(&self.severity.as_str()) { self.severity.clone() } else { "WARNING".into() };
        rule.insert("severity".into(), Value::String(severity));
        let mut root = Mapping::new();
        root.insert("rules".into(), Value::Sequence(vec![Value::Mapping(rule)]));
        serde_yaml_ng::to_string(&Value::Mapping(root)).unwrap_or_default()
    }
}

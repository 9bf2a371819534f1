//! The formula keys of a rule: `pattern`, `pattern-regex`, `patterns`,
//! `pattern-either` and the terms of `patterns` (`pattern-not`, `pattern-inside`,
//! the `metavariable-*` conditions, `focus-metavariable`), into the rule model.

use super::super::generic::GenericPattern;
use super::super::pattern::{is_type_name, parse_pattern};
use super::super::regex::Re;
use super::super::rule::{Comparison, Formula, MetavariableAnalyzer, MetavariableLanguage, Term};
use super::super::source::Span;
use super::place::{Part, Step};
use super::{suggest, Loader, Reported};
use serde_yaml_ng::{Mapping, Value};

impl Loader<'_> {
    pub(super) fn pattern_text(&mut self, key: &str, value: &Value) -> Result<String, Reported> {
        match value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(if *b { "True" } else { "False" }.to_string()),
            _ => Err(self.error(self.key_span(key), format!("`{key}` must be a string"))),
        }
    }

    pub(super) fn pattern(&mut self, key: &str, value: &Value) -> Result<Formula, Reported> {
        let text = self.pattern_text(key, value)?;
        if self.generic {
            return GenericPattern::new(&text)
                .map(Formula::Generic)
                .map_err(|e| self.error(self.key_span(key), format!("in `{key}`: {e}")));
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
                let key_span = self.key_span(key);
                // From where the parser puts the value (a block scalar starts at its `|`).
                let value_start = self.offset_of(Some(Step::Key(key.to_string())), Part::Node).unwrap_or(key_span.start as usize);
                let base = self.yaml[value_start..].find(first_line).map(|p| value_start + p);
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

    pub(super) fn regex(&mut self, key: &str, value: &Value) -> Result<Re, Reported> {
        let text = self.pattern_text(key, value)?;
        Re::new(&text)
            .map_err(|e| self.error(self.key_span(key), format!("invalid regex in `{key}`: {e}")))
    }

    pub(super) fn formula(&mut self, key: &str, value: &Value) -> Result<Formula, Reported> {
        match key {
            "pattern" => self.pattern(key, value),
            "pattern-regex" => Ok(Formula::Regex(self.regex(key, value)?)),
            "pattern-either" => {
                let Some(items) = value.as_sequence() else {
                    return Err(self.error(self.key_span("pattern-either"), "`pattern-either` must be a list"));
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    self.at.extend([Step::Key(key.to_string()), Step::Index(i)]);
                    let read = self.either_item(item);
                    self.at.truncate(self.at.len() - 2);
                    out.push(read?);
                }
                Ok(Formula::Or(out))
            }
            "patterns" => {
                let terms = self.terms(key, value)?;
                if !has_positive(&terms) {
                    return Err(self.error(
                        self.key_span("patterns"),
                        "`patterns` needs at least one positive term (`pattern`, `pattern-either`, `patterns` or `pattern-regex`)",
                    ));
                }
                Ok(Formula::And(terms))
            }
            "match" => Err(self.error(self.key_span("match"), "the `match:` syntax is not supported yet; use `pattern`/`patterns`")),
            other => Err(self.error(self.key_span(other), format!("unknown operator `{other}`"))),
        }
    }

    /// The terms of a `patterns` list (the list under `key`).
    fn terms(&mut self, key: &str, value: &Value) -> Result<Vec<Term>, Reported> {
        let Some(items) = value.as_sequence() else {
            return Err(self.error(self.key_span("patterns"), "`patterns` must be a list"));
        };
        let mut terms = Vec::new();
        for (i, item) in items.iter().enumerate() {
            self.at.extend([Step::Key(key.to_string()), Step::Index(i)]);
            let read = self.single_key(item, "patterns").and_then(|(operator, operand)| self.term(&operator, operand));
            self.at.truncate(self.at.len() - 2);
            terms.push(read?);
        }
        Ok(terms)
    }

    /// The `patterns` of a `metavariable-pattern` on `$NAME`. Semgrep accepts
    /// negative terms only here: they filter the metavariable's whole value,
    /// which the pattern `$NAME` (bound already, so matching only that value,
    /// with its constants known) stands for.
    fn value_patterns(&mut self, name: &str, value: &Value) -> Result<Formula, Reported> {
        let mut terms = self.terms("patterns", value)?;
        if !has_positive(&terms) {
            let whole = self.pattern("pattern", &Value::String(name.to_string()))?;
            terms.insert(0, Term::Positive(whole));
        }
        Ok(Formula::And(terms))
    }

    /// A formula written as a mapping where a pattern string usually stands
    /// (`pattern-not: {patterns: [...]}`), which Semgrep accepts.
    fn nested_formula(&mut self, parent: &str, value: &Value) -> Result<Formula, Reported> {
        self.at.push(Step::Key(parent.to_string()));
        let read = self.nested_formula_here(parent, value);
        self.at.pop();
        read
    }

    fn nested_formula_here(&mut self, parent: &str, value: &Value) -> Result<Formula, Reported> {
        let (operator, operand) = self.single_key(value, parent)?;
        if !matches!(operator.as_str(), "pattern" | "patterns" | "pattern-either" | "pattern-regex") {
            return Err(self.error(self.key_span(&operator), format!("`{operator}` cannot be used inside `{parent}`")));
        }
        self.formula(&operator, operand)
    }

    /// One item of a `pattern-either`, read inside it.
    fn either_item(&mut self, item: &Value) -> Result<Formula, Reported> {
        let (operator, operand) = self.single_key(item, "pattern-either")?;
        if operator == "pattern-inside" {
            // Semgrep accepts this: alone it matches the region; in a
            // `patterns`, an either of such regions is a `pattern-inside`.
            return Ok(Formula::And(vec![Term::Inside(self.pattern(&operator, operand)?)]));
        }
        if !matches!(operator.as_str(), "pattern" | "patterns" | "pattern-either" | "pattern-regex") {
            return Err(self.error(self.key_span(&operator), format!("`{operator}` cannot be used inside `pattern-either`")));
        }
        self.formula(&operator, operand)
    }

    /// An item of `patterns` or `pattern-either` (read inside it): its operator
    /// and the operand, or for a `metavariable-*` written flat beside its
    /// `metavariable:`, the item itself.
    fn single_key<'v>(&mut self, item: &'v Value, parent: &str) -> Result<(String, &'v Value), Reported> {
        match item.as_mapping() {
            Some(entry) if entry.len() == 1 => {
                let (operator, operand) = entry.iter().next().expect("one entry");
                Ok((operator.as_str().unwrap_or("").to_string(), operand))
            }
            Some(entry) if entry.len() > 1 && entry.contains_key("metavariable") => {
                let (operator, _) = entry.iter().next().expect("entry");
                Ok((operator.as_str().unwrap_or("").to_string(), item))
            }
            _ => Err(self.error(
                self.node_span(),
                format!("each item of `{parent}` must be a mapping with one operator, like `- pattern: ...`"),
            )),
        }
    }

    fn term(&mut self, key: &str, value: &Value) -> Result<Term, Reported> {
        Ok(match key {
            "pattern" | "patterns" | "pattern-either" | "pattern-regex" => {
                // A term that only ever gives regions (an either of `pattern-inside`s,
                // a `patterns` of nothing else) takes the hits inside them, as in Semgrep.
                let formula = self.formula(key, value)?;
                if formula.only_regions() {
                    Term::Inside(formula)
                } else {
                    Term::Positive(formula)
                }
            }
            "pattern-not" | "pattern-inside" | "pattern-not-inside" => {
                let formula = if value.is_mapping() { self.nested_formula(key, value)? } else { self.pattern(key, value)? };
                match key {
                    "pattern-not" => Term::Not(formula),
                    "pattern-inside" => Term::Inside(formula),
                    _ => Term::NotInside(formula),
                }
            }
            "pattern-not-regex" => Term::Not(Formula::Regex(self.regex(key, value)?)),
            "focus-metavariable" => {
                let names = match value {
                    Value::String(s) => vec![s.clone()],
                    Value::Sequence(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                    _ => return Err(self.error(self.key_span("focus-metavariable"), "`focus-metavariable` takes a name or a list")),
                };
                Term::Focus(names)
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
                return Err(self.error(self.key_span(other), format!("unknown operator `{other}` in `patterns`{hint}")));
            }
        })
    }

    /// A `metavariable-*` term; its mapping is the value of `key` in the item being read.
    fn metavariable(&mut self, key: &str, value: &Value) -> Result<Term, Reported> {
        let value = value.get(key).unwrap_or(value);
        let Some(map) = value.as_mapping() else {
            return Err(self.error(self.key_span(key), format!("`{key}` must be a mapping")));
        };
        let name = match key {
            "metavariable-comparison" => map.get("metavariable").and_then(Value::as_str).unwrap_or("").to_string(),
            _ => match map.get("metavariable").and_then(Value::as_str) {
                Some(n) => n.to_string(),
                None => return Err(self.error(self.key_span(key), format!("`{key}` needs `metavariable: $X`"))),
            },
        };
        self.inside(Step::Key(key.to_string()), |loader| loader.metavariable_condition(key, map, name))
    }

    /// The rest of a `metavariable-*` term, read inside its mapping.
    fn metavariable_condition(&mut self, key: &str, map: &Mapping, name: String) -> Result<Term, Reported> {
        match key {
            "metavariable-regex" => {
                let re = map.get("regex").cloned().unwrap_or(Value::Null);
                let text = self.pattern_text("regex", &re)?;
                let anchored = format!("^(?:{text})");
                let regex = Re::new(&anchored)
                    .map_err(|e| self.error(self.key_span("regex"), format!("invalid regex in `metavariable-regex`: {e}")))?;
                Ok(Term::MetavariableRegex { name, regex })
            }
            "metavariable-pattern" => {
                let keys: Vec<&str> = ["pattern", "patterns", "pattern-either", "pattern-regex"]
                    .into_iter()
                    .filter(|k| map.contains_key(*k))
                    .collect();
                if keys.len() != 1 {
                    return Err(self.outer_key_error(key, "`metavariable-pattern` needs one pattern operator"));
                }
                let language = MetavariableLanguage::from_key(map.get("language").and_then(Value::as_str));
                // Patterns in the `generic` language are words and punctuation, not Python;
                // without `language:` they are in the rule's own (a generic rule's are generic).
                let generic = match language {
                    MetavariableLanguage::Generic => true,
                    MetavariableLanguage::Rule => self.generic,
                    MetavariableLanguage::Python | MetavariableLanguage::Other(_) => false,
                };
                let outer = std::mem::replace(&mut self.generic, generic);
                let formula = match keys[0] {
                    "patterns" => self.value_patterns(&name, &map["patterns"]),
                    key => self.formula(key, &map[key]),
                };
                self.generic = outer;
                let formula = formula?;
                Ok(Term::MetavariablePattern { name, formula: Box::new(formula), language })
            }
            "metavariable-type" => {
                let types: Vec<String> = match (map.get("type"), map.get("types")) {
                    (Some(Value::String(t)), None) => vec![t.clone()],
                    (None, Some(Value::Sequence(items))) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                    _ => Vec::new(),
                };
                if types.is_empty() {
                    return Err(self.outer_key_error(key, "`metavariable-type` needs `type: T` or `types: [T, ...]`"));
                }
                if let Some(bad) = types.iter().find(|t| !is_type_name(t)) {
                    let span = self.key_span(if map.contains_key("type") { "type" } else { "types" });
                    return Err(self.error(span, format!("`{bad}` is not a Python type name (a name or dotted name, like `int` or `flask.Flask`)")));
                }
                Ok(Term::MetavariableType { name, types })
            }
            "metavariable-analysis" => {
                let analyzer = match map.get("analyzer").and_then(Value::as_str) {
                    Some("entropy") => MetavariableAnalyzer::Entropy,
                    Some("redos") => MetavariableAnalyzer::Redos,
                    Some(other) => {
                        return Err(self.error(self.key_span("analyzer"), format!("unknown analyzer `{other}` (known: entropy, redos)")))
                    }
                    None => return Err(self.outer_key_error(key, "`metavariable-analysis` needs `analyzer: entropy` or `analyzer: redos`")),
                };
                Ok(Term::MetavariableAnalysis { name, analyzer })
            }
            _ => {
                let comparison = map.get("comparison").and_then(Value::as_str).unwrap_or("");
                match Comparison::parse(comparison) {
                    Ok(comparison) => Ok(Term::MetavariableComparison { comparison }),
                    Err(e) => Err(self.error(self.key_span("comparison"), format!("invalid `comparison`: {e}"))),
                }
            }
        }
    }

    /// An error at `key`, the key of the mapping being read (one step out).
    fn outer_key_error(&mut self, key: &str, message: &str) -> Reported {
        let step = self.at.pop();
        let span = self.key_span(key);
        self.at.extend(step);
        self.error(span, message)
    }
}

/// Whether a `patterns` list has a term that gives matches (not only filters).
fn has_positive(terms: &[Term]) -> bool {
    terms.iter().any(|t| matches!(t, Term::Positive(_) | Term::Inside(_)))
}

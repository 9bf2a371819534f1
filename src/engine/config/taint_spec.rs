//! A taint rule's `pattern-sources`, `pattern-sinks`, `pattern-sanitizers`
//! and `pattern-propagators`, with their labels (`label`, `requires`).

use super::super::limits::MAX_TAINT_LABELS;
use super::super::rule::{LabelExpr, TaintLabels, TaintSpec};
use super::place::Step;
use super::{Loader, Reported};
use serde_yaml_ng::{Mapping, Value};

/// The labels a taint rule's items name, as they are read.
#[derive(Default)]
struct LabelsSeen {
    /// Label names by bit; bit 0 is `__SOURCE__`, the label of sources without one.
    names: Vec<String>,
    /// `label` bit and `requires` of each source, `requires` of each sink.
    sources: Vec<(u8, Option<LabelExpr>)>,
    sinks: Vec<Option<LabelExpr>>,
    /// Whether any item has `label` or `requires`.
    used: bool,
}

impl Loader<'_> {
    pub(super) fn taint_spec(&mut self, map: &Mapping, options: &Mapping) -> Result<TaintSpec, Reported> {
        let flag = |key: &str| options.get(key).and_then(Value::as_bool).unwrap_or(false);
        let mut spec = TaintSpec {
            safe_functions: flag("taint_assume_safe_functions"),
            safe_indexes: flag("taint_assume_safe_indexes"),
            safe_comparisons: flag("taint_assume_safe_comparisons"),
            only_assignments: flag("taint_only_propagate_through_assignments"),
            ..TaintSpec::default()
        };
        let mut labels = LabelsSeen { names: vec!["__SOURCE__".to_string()], ..LabelsSeen::default() };
        for (key, required) in [("pattern-sources", true), ("pattern-sinks", true), ("pattern-sanitizers", false), ("pattern-propagators", false)] {
            let Some(items) = map.get(key) else {
                if required {
                    return Err(self.error(self.key_span("mode"), format!("a taint rule needs `{key}`")));
                }
                continue;
            };
            let Some(items) = items.as_sequence() else {
                return Err(self.error(self.key_span(key), format!("`{key}` must be a list")));
            };
            for (i, item) in items.iter().enumerate() {
                self.at.extend([Step::Key(key.to_string()), Step::Index(i)]);
                let read = self.taint_item(key, item, &mut spec, &mut labels);
                self.at.truncate(self.at.len() - 2);
                read?;
            }
        }
        if labels.used {
            spec.labels = Some(TaintLabels { sources: labels.sources, sinks: labels.sinks, names: labels.names });
        }
        Ok(spec)
    }

    /// One item of `pattern-sources` (and the others), read inside it.
    fn taint_item(&mut self, key: &str, item: &Value, spec: &mut TaintSpec, labels: &mut LabelsSeen) -> Result<(), Reported> {
        let Some(entry) = item.as_mapping() else {
            return Err(self.error(self.node_span(), format!("each item of `{key}` must be a mapping")));
        };
        let formula_keys: Vec<&str> = ["pattern", "patterns", "pattern-either", "pattern-regex", "pattern-inside"]
            .into_iter()
            .filter(|k| entry.contains_key(*k))
            .collect();
        for k in entry.keys().filter_map(Value::as_str) {
            let known = ["pattern", "patterns", "pattern-either", "pattern-regex", "pattern-inside", "label", "labels", "requires",
                "exact", "by-side-effect", "not_conflicting", "from", "to", "control", "replace_labels"];
            if !known.contains(&k) {
                return Err(self.error(self.key_span(k), format!("unknown key `{k}` in `{key}`")));
            }
        }
        if formula_keys.len() != 1 {
            return Err(self.error(self.node_span(), format!("each item of `{key}` needs one of `pattern`, `patterns`, `pattern-either`")));
        }
        let k = formula_keys[0];
        let formula = if k == "pattern-inside" { self.pattern(k, &entry[k])? } else { self.formula(k, &entry[k])? };
        // Taint labels: `label` on sources, `requires` on sources and sinks.
        let label = entry.get("label").and_then(Value::as_str);
        let requires = match entry.get("requires") {
            Some(Value::String(text)) if matches!(key, "pattern-sources" | "pattern-sinks") => {
                let mut bit = |name: &str| label_bit(&mut labels.names, name);
                match LabelExpr::parse(text, &mut bit) {
                    Ok(expr) => Some(expr),
                    Err(e) => return Err(self.error(self.key_span("requires"), e)),
                }
            }
            _ => None,
        };
        match key {
            "pattern-sources" => {
                let bit = match label {
                    Some(name) => label_bit(&mut labels.names, name).map_err(|e| self.error(self.key_span("label"), e))?,
                    None => 0,
                };
                labels.used |= label.is_some() || requires.is_some();
                labels.sources.push((bit, requires));
                spec.sources.push(formula)
            }
            "pattern-sinks" => {
                labels.used |= requires.is_some();
                labels.sinks.push(requires);
                spec.sinks.push(formula)
            }
            "pattern-sanitizers" => {
                spec.sanitizers.push(formula);
                spec.not_conflicting.push(entry.get("not_conflicting").and_then(Value::as_bool).unwrap_or(false));
                spec.by_side_effect.push(entry.get("by-side-effect").and_then(Value::as_bool).unwrap_or(false));
            }
            _ => {
                let from = entry.get("from").and_then(Value::as_str);
                let to = entry.get("to").and_then(Value::as_str);
                match (from, to) {
                    (Some(f), Some(t)) => spec.propagators.push((formula, f.to_string(), t.to_string())),
                    _ => return Err(self.error(self.node_span(), "a propagator needs `from: $X` and `to: $Y`")),
                }
            }
        }
        Ok(())
    }
}

/// The bit of a taint label, numbering new names (bit 0 is `__SOURCE__`;
/// at most [`MAX_TAINT_LABELS`] others).
fn label_bit(names: &mut Vec<String>, name: &str) -> Result<u8, String> {
    if let Some(at) = names.iter().position(|n| n == name) {
        return Ok(at as u8);
    }
    if names.len() == MAX_TAINT_LABELS + 1 {
        return Err(format!("a rule may use at most {MAX_TAINT_LABELS} taint labels"));
    }
    names.push(name.to_string());
    Ok((names.len() - 1) as u8)
}

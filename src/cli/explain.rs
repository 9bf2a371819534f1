//! The CLI twin of the explanations (issue 21): `scan --matching-explanations`
//! (an `explanations` tree per rule and file in `--json`, in the shape of
//! Semgrep's field of that name), `scan --time` (time per rule; a `time` field
//! in `--json`), and `flasklight explain --config R FILE:LINE` (why a line is
//! not reported, in words). The engine does the work ([`crate::engine::explain`]);
//! the clock is `std::time::Instant`, read only here.

use super::source_file::SourceFile;
use super::FileReport;
use crate::engine::explain::{self, ExplainNode, InspectOptions, Operator};
use crate::engine::rule::PreciseMode;
use crate::engine::session::Session;
use crate::engine::source::{LineIndex, Position, Span};
use serde_json::{json, Value};
use std::io::Write;

/// A config's text, its path, and the ids of its rules.
pub(super) struct Config<'c> {
    pub(super) path: &'c str,
    pub(super) text: &'c str,
}

/// Milliseconds since `origin`.
fn clock(origin: std::time::Instant) -> impl Fn() -> f64 {
    move || origin.elapsed().as_secs_f64() * 1000.0
}

/// For each rule id, the config it was loaded from (the first that defines it).
fn configs_of<'c>(configs: &'c [Config<'c>], rule_ids: &[String]) -> Vec<Option<&'c Config<'c>>> {
    let ids: Vec<Vec<String>> = configs.iter().map(|c| crate::engine::config::load_rules(c.text).0.into_iter().map(|r| r.id).collect()).collect();
    rule_ids.iter().map(|id| configs.iter().zip(&ids).find(|(_, ids)| ids.contains(id)).map(|(c, _)| c)).collect()
}

/// A position in a file as Semgrep's JSON gives it (see `output::at`).
fn json_pos(source: &SourceFile, p: &Position) -> Value {
    let pos = super::output::at(source, p);
    serde_json::to_value(pos).unwrap_or(Value::Null)
}

/// Semgrep's `op` for a node: `"And"`, `"Or"`, `"Inside"`, `"Negation"`,
/// `["XPat", text]`, `["Filter", ...]`, `"Taint"`, `"TaintSource"`, ... (as
/// `semgrep --matching-explanations --json` prints them: a `metavariable-*`
/// filter's name in quotes, focus as `metavariable-focus`).
fn op(node: &ExplainNode) -> Value {
    match node.operator {
        Operator::Pattern | Operator::PatternRegex => json!(["XPat", node.text]),
        Operator::Patterns => json!("And"),
        Operator::PatternEither => json!("Or"),
        Operator::PatternInside => json!("Inside"),
        Operator::PatternNot | Operator::PatternNotRegex | Operator::PatternNotInside => json!("Negation"),
        Operator::Taint => json!("Taint"),
        Operator::Source => json!("TaintSource"),
        Operator::Sink => json!("TaintSink"),
        Operator::Sanitizer => json!("TaintSanitizer"),
        Operator::Propagator => json!("TaintPropagator"),
        Operator::FocusMetavariable => json!(["Filter", "metavariable-focus"]),
        other => json!(["Filter", format!("\"{}\"", other.key())]),
    }
}

/// Where Semgrep lists a term among the children of an `And`: `pattern-inside`s,
/// then positive terms, then negations, then filters.
fn rank(operator: Operator) -> u8 {
    match operator {
        Operator::PatternInside => 0,
        Operator::Pattern | Operator::PatternRegex | Operator::PatternEither | Operator::Patterns => 1,
        Operator::PatternNot | Operator::PatternNotRegex | Operator::PatternNotInside => 2,
        _ => 3,
    }
}

/// What one explanation needs to know about the file and the rule.
struct Context<'r> {
    rule_id: &'r str,
    report: &'r FileReport,
    lines: LineIndex,
    config: Option<&'r Config<'r>>,
    yaml_lines: Option<&'r LineIndex>,
}

impl Context<'_> {
    /// A match of the rule as Semgrep lists it under a node.
    fn matched(&self, span: Span, bindings: &[crate::engine::report::BindingOut]) -> Value {
        let src = &self.report.source.text;
        let metavars: serde_json::Map<String, Value> = bindings
            .iter()
            .map(|b| (b.name.clone(), json!({ "start": json_pos(&self.report.source, &b.start), "end": json_pos(&self.report.source, &b.end), "abstract_content": b.text })))
            .collect();
        json!({
            "check_id": self.rule_id,
            "path": self.report.path,
            "start": json_pos(&self.report.source, &self.lines.position(src, span.start)),
            "end": json_pos(&self.report.source, &self.lines.position(src, span.end)),
            "extra": { "engine_kind": "OSS", "is_ignored": false, "metavars": metavars },
        })
    }

    fn loc(&self, node: &ExplainNode) -> Value {
        match (self.config, self.yaml_lines, node.place) {
            (Some(config), Some(lines), Some(place)) => {
                let end = Span::new(place.offset, place.offset + node.operator.key().len() as u32).within(config.text).end;
                json!({ "path": config.path, "start": place, "end": lines.position(config.text, end) })
            }
            _ => Value::Null,
        }
    }

    fn node(&self, op: Value, matches: Vec<Value>, children: Vec<Value>, loc: Value) -> Value {
        json!({ "op": op, "children": children, "matches": matches, "loc": loc })
    }

    /// One node as Semgrep's `matching_explanation`: `op`, `children`,
    /// `matches` (each a match of the rule's id), `loc` (the node in the rule file).
    fn explanation(&self, node: &ExplainNode) -> Value {
        let own: Vec<Value> = node.matches.iter().map(|m| self.matched(m.span, &m.bindings)).collect();
        // A negation lists the candidates left after it; its child, what its pattern matches.
        let left = || node.kept.iter().flatten().map(|span| self.matched(*span, &[])).collect::<Vec<_>>();
        let loc = self.loc(node);
        let leaf = node.children.is_empty();
        let pattern = || self.node(json!(["XPat", node.text]), own.clone(), Vec::new(), loc.clone());
        let mut children: Vec<&ExplainNode> = node.children.iter().filter(|c| !c.disabled).collect();
        if node.operator == Operator::Patterns {
            children.sort_by_key(|c| rank(c.operator));
        }
        let children: Vec<Value> = children.into_iter().map(|c| self.explanation(c)).collect();
        match node.operator {
            Operator::PatternNot | Operator::PatternNotRegex if leaf => self.node(op(node), left(), vec![pattern()], loc),
            Operator::PatternInside if leaf => self.node(op(node), own.clone(), vec![pattern()], loc),
            Operator::PatternNotInside => {
                let inner = if leaf { vec![pattern()] } else { children };
                let inside = self.node(json!("Inside"), own.clone(), inner, loc.clone());
                self.node(op(node), left(), vec![inside], loc)
            }
            Operator::PatternNot | Operator::PatternNotRegex => self.node(op(node), left(), children, loc),
            _ => self.node(op(node), own, children, loc),
        }
    }
}

/// `explanations` for `--json`: per file, per rule, the rule's formula tree.
pub(super) fn explanations(session: &mut Session, reports: &[FileReport], configs: &[Config<'_>]) -> Value {
    let rule_ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).collect();
    let owners = configs_of(configs, &rule_ids);
    let yaml_lines: Vec<Option<LineIndex>> = owners.iter().map(|c| c.map(|c| LineIndex::new(c.text))).collect();
    let mut out = Vec::new();
    for report in reports {
        session.set_path(Some(&report.path));
        session.set_code(&report.source.text);
        for (i, id) in rule_ids.iter().enumerate() {
            let yaml = owners[i].map_or("", |c| c.text);
            if let Ok(inspection) = explain::inspect(session, yaml, id, &InspectOptions::default(), None) {
                let context = Context { rule_id: id, report, lines: LineIndex::new(&report.source.text), config: owners[i], yaml_lines: yaml_lines[i].as_ref() };
                let mut tree = context.explanation(&inspection.root);
                if inspection.root.operator == Operator::Taint {
                    tree["matches"] = inspection.results.iter().map(|r| context.matched(r.span, &r.bindings)).collect();
                }
                out.push(tree);
            }
        }
    }
    Value::Array(out)
}

/// Time per rule over every file (each rule run alone on each file).
pub(super) struct Times {
    pub(super) rules: Vec<String>,
    /// Per file: its path, its size, and each rule's time on it (milliseconds).
    pub(super) targets: Vec<(String, usize, Vec<f64>)>,
}

pub(super) fn times(session: &mut Session, reports: &[FileReport]) -> Times {
    let rules: Vec<String> = session.rules().iter().map(|r| r.id.clone()).collect();
    let now = clock(std::time::Instant::now());
    let mut targets = Vec::new();
    for report in reports {
        session.set_path(Some(&report.path));
        session.set_code(&report.source.text);
        let times = explain::rule_times(session, &now);
        targets.push((report.path.clone(), report.source.text.len(), times.into_iter().map(|t| t.time_ms).collect()));
    }
    Times { rules, targets }
}

impl Times {
    fn per_rule(&self) -> Vec<f64> {
        (0..self.rules.len()).map(|i| self.targets.iter().map(|(_, _, t)| t.get(i).copied().unwrap_or(0.0)).sum()).collect()
    }

    /// Semgrep's `time` field (seconds): `rules`, `targets` with `match_times` per rule, `total_time`.
    pub(super) fn json(&self) -> Value {
        let per_rule = self.per_rule();
        json!({
            "rules": self.rules.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
            "targets": self.targets.iter().map(|(path, bytes, times)| json!({
                "path": path,
                "num_bytes": bytes,
                "match_times": times.iter().map(|t| t / 1000.0).collect::<Vec<_>>(),
                "run_time": times.iter().sum::<f64>() / 1000.0,
            })).collect::<Vec<_>>(),
            "rule_times": self.rules.iter().zip(&per_rule).map(|(id, t)| json!({ "id": id, "time": t / 1000.0 })).collect::<Vec<_>>(),
            "total_time": per_rule.iter().sum::<f64>() / 1000.0,
        })
    }

    /// The text table: rules by time, slowest first.
    pub(super) fn text(&self) -> String {
        let mut rows: Vec<(f64, &str)> = self.per_rule().into_iter().zip(self.rules.iter().map(String::as_str)).collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out = format!("\nTime per rule ({} file{}, each rule alone):\n", self.targets.len(), super::output::plural(self.targets.len()));
        for (ms, id) in rows {
            out.push_str(&format!("{ms:>10.3} ms  {id}\n"));
        }
        out
    }
}

/// Adds `explanations` and `time` to a `--json` document.
pub(super) fn add_to_json(doc: &str, explanations: Option<Value>, time: Option<Value>) -> String {
    let Ok(mut value) = serde_json::from_str::<Value>(doc) else { return doc.to_string() };
    if let Some(e) = explanations {
        value["explanations"] = e;
    }
    if let Some(t) = time {
        value["time"] = t;
    }
    let mut s = serde_json::to_string(&value).unwrap_or_default();
    s.push('\n');
    s
}

pub const EXPLAIN_USAGE: &str = "\
USAGE:
    flasklight explain --config <FILE> [--rule <ID>] [--precise|--exact] <FILE:LINE[:COL]>

Says why the rules do not report the line (or, with a column, the code at that column):
the operator that removed a candidate there, tied to the rule's own line, or the closest
partial match of a pattern and where it stopped; for taint rules, whether the code is a
sink, whether a source matches (in the file, in the sink's function), and where the taint
stopped on the way (a sanitizer, an assignment that replaced the value, a guard, an arm
that never runs, a function of the file, a container slot, another variable).
--precise and --exact run the rules as `scan` does with them.
";

/// `flasklight explain`.
pub(super) fn explain_command(args: &[String], out: &mut dyn Write) -> i32 {
    let (mut configs, mut rule, mut target) = (Vec::new(), None, None);
    let mut precise = PreciseMode::AsRules;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-c" | "--config" | "-f" => {
                i += 1;
                configs.extend(args.get(i).cloned());
            }
            "--rule" => {
                i += 1;
                rule = args.get(i).cloned();
            }
            "--precise" => precise = PreciseMode::All,
            "--exact" => precise = PreciseMode::Exact,
            "-h" | "--help" => {
                let _ = write!(out, "{EXPLAIN_USAGE}");
                return 0;
            }
            a if a.starts_with("--config=") => configs.push(a["--config=".len()..].to_string()),
            a if a.starts_with('-') => {
                eprintln!("flasklight: unknown option `{a}`\n\n{EXPLAIN_USAGE}");
                return 2;
            }
            a => target = Some(a.to_string()),
        }
        i += 1;
    }
    let (Some(target), false) = (target, configs.is_empty()) else {
        eprintln!("flasklight: explain needs --config and FILE:LINE\n\n{EXPLAIN_USAGE}");
        return 2;
    };
    let mut parts = target.rsplitn(3, ':').collect::<Vec<_>>();
    parts.reverse();
    let (file, line, col) = match parts.as_slice() {
        [file, line, col] if line.parse::<usize>().is_ok() && col.parse::<usize>().is_ok() => (file.to_string(), line.parse::<usize>().unwrap_or(1), col.parse::<usize>().ok()),
        [rest @ .., last] if last.parse::<usize>().is_ok() => (rest.join(":"), last.parse::<usize>().unwrap_or(1), None),
        _ => {
            eprintln!("flasklight: `{target}` is not FILE:LINE");
            return 2;
        }
    };
    let Ok(texts) = super::read_configs(&configs) else {
        eprintln!("flasklight: cannot read the config");
        return 2;
    };
    let Ok(bytes) = std::fs::read(&file) else {
        eprintln!("flasklight: cannot read {file}");
        return 2;
    };
    let source = SourceFile::decode(&bytes);
    let code = &source.text;
    let lines = LineIndex::new(code);
    if line == 0 || line > lines.line_count() {
        eprintln!("flasklight: {file} has no line {line}");
        return 2;
    }
    let start = lines.line_start(line - 1) as usize;
    let at = match col {
        Some(col) => start + code[start..].chars().take(col.saturating_sub(1)).map(char::len_utf8).sum::<usize>(),
        None => start,
    };
    let asked = Span::new(at as u32, at as u32);
    let mut status = 0;
    for config in &texts {
        let mut session = Session::new();
        session.set_precise(precise);
        for d in session.set_rules(&config.text).iter().filter(|d| d.severity == "error") {
            eprintln!("{}:{}:{}: {}", config.path, d.start.line, d.start.col, d.message);
            status = 2;
        }
        session.set_path(Some(&file));
        session.set_code(code);
        let ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).filter(|id| rule.as_ref().is_none_or(|r| r == id)).collect();
        for id in ids {
            match explain::why_not(&mut session, &config.text, &id, asked) {
                Ok(answer) => {
                    let _ = writeln!(out, "{file}:{line}: rule `{id}`:");
                    for reason in &answer.reasons {
                        let _ = writeln!(out, "  {}", reason.message);
                    }
                }
                Err(e) => {
                    eprintln!("flasklight: {e}");
                    status = 2;
                }
            }
        }
    }
    status
}

//! Report formats: readable text and Semgrep's JSON (SARIF: `sarif.rs`).

use super::source_file::SourceFile;
use super::walk::{SkipReason, Skipped};
use super::FileReport;
use crate::engine::report::Diagnostic;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Widest piece of a source line the readable report shows, in characters.
const WINDOW: usize = 200;

/// The line holding byte `hit` (at most [`WINDOW`] bytes of it around the hit,
/// marked `…` where cut), and the hit's first and last column in that text.
fn hit_window(code: &str, hit: usize, hit_end: usize) -> (String, usize, usize) {
    let hit = hit.min(code.len());
    let line_start = code[..hit].rfind('\n').map_or(0, |i| i + 1);
    let line_end = code[hit..].find('\n').map_or(code.len(), |i| hit + i);
    let mut from = line_start.max(hit.saturating_sub(WINDOW / 4));
    while !code.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = line_end.min(from + WINDOW);
    while !code.is_char_boundary(to) {
        to -= 1;
    }
    let lead = if from > line_start { "…" } else { "" };
    let tail = if to < line_end { "…" } else { "" };
    let text = format!("{lead}{}{tail}", code[from..to].trim_end_matches('\r'));
    let col = |at: usize| lead.chars().count() + code[from..at.clamp(from, to)].chars().count();
    (text, col(hit), col(hit_end.min(line_end)))
}

pub fn text(reports: &[FileReport], read_errors: &[(String, String)], color: bool, rule_count: usize) -> String {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    let mut total = 0;
    for r in reports {
        for e in &r.report.syntax_errors {
            out.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                r.path,
                e.start.line,
                e.start.col,
                paint("33", "warning:"),
                printable(&e.message)
            ));
        }
        for f in &r.report.findings {
            total += 1;
            let sev_color = match f.severity.as_str() {
                "ERROR" | "CRITICAL" | "HIGH" => "1;31",
                "WARNING" | "MEDIUM" => "1;33",
                _ => "1;34",
            };
            out.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                paint("1", &r.path),
                f.start.line,
                f.start.col,
                paint(sev_color, f.severity.as_str()),
                paint("36", &f.rule_id)
            ));
            for line in f.message.lines() {
                out.push_str(&format!("    {line}\n"));
            }
            // The first line of the hit, with the matched part underlined; a long
            // line is cut to a window around the hit (a minified line may hold thousands).
            let (first, start_col, end_col) = hit_window(&r.source.text, f.span.start as usize, f.span.end as usize);
            let gutter = format!("{:>5} | ", f.start.line);
            out.push_str(&format!("{}{}\n", paint("2", &gutter), first));
            let width = end_col.saturating_sub(start_col).max(1);
            let pad: String = first.chars().take(start_col).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("{}{}{}\n", " ".repeat(gutter.len()), pad, paint("1;31", &"^".repeat(width))));
            if let Some(fix) = &f.fix {
                out.push_str(&format!("    {} {}\n", paint("32", "fix:"), fix.lines().next().unwrap_or("")));
            }
            out.push('\n');
        }
        for e in &r.report.rule_errors {
            out.push_str(&format!("{}: {} {}\n", r.path, paint("33", "warning:"), printable(&e.message)));
        }
    }
    for (path, e) in read_errors {
        out.push_str(&format!("{path}: could not read: {e}\n"));
    }
    out.push_str(&format!(
        "Ran {rule_count} rule{} on {} file{}: {total} finding{}.\n",
        plural(rule_count),
        reports.len(),
        plural(reports.len()),
        plural(total)
    ));
    out
}

/// A message fit for a terminal: control characters (a NUL the parser
/// complains about, say) are shown escaped instead of written raw.
fn printable(message: &str) -> String {
    message.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn pos(p: &crate::engine::source::Position) -> Value {
    json!({ "line": p.line, "col": p.col, "offset": p.offset })
}

/// A position in a scanned file as Semgrep's JSON gives it: the offset counts
/// the file's bytes, and `col` the bytes from the start of the line (`"é" + f()`
/// puts `f` at column 9, not 8; a Latin-1 `é` is one byte, as Semgrep reads it).
pub(super) fn at(source: &SourceFile, p: &crate::engine::source::Position) -> JsonPos {
    let text = &source.text;
    let offset = (p.offset as usize).min(text.len());
    let line_start = text.as_bytes()[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let file_offset = source.file_offset(offset);
    JsonPos { col: file_offset - source.file_offset(line_start) + 1, line: p.line, offset: file_offset as u32 }
}

// One result of Semgrep's `--json`, written straight from the findings (a
// `serde_json::Value` per result took 15% of a CLI scan). Fields in
// alphabetical order, as Semgrep prints them.

#[derive(Serialize)]
pub(super) struct JsonPos {
    col: usize,
    line: u32,
    offset: u32,
}

#[derive(Serialize)]
struct JsonMetavar<'a> {
    abstract_content: &'a str,
    end: JsonPos,
    start: JsonPos,
}

#[derive(Serialize)]
struct JsonExtra<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    dataflow_trace: Option<Value>,
    engine_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
    lines: &'a str,
    message: &'a str,
    metadata: &'a Value,
    metavars: std::collections::BTreeMap<&'a str, JsonMetavar<'a>>,
    severity: &'a str,
    validation_state: &'static str,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    check_id: &'a str,
    end: JsonPos,
    extra: JsonExtra<'a>,
    path: &'a str,
    start: JsonPos,
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    path: &'a str,
    reason: &'static str,
}

/// `paths`: what was scanned, and with `-v` what was skipped and why (as Semgrep's `--json -v`).
#[derive(Serialize)]
struct JsonPaths<'a> {
    scanned: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<Vec<JsonSkipped<'a>>>,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    errors: Vec<Value>,
    paths: JsonPaths<'a>,
    results: Vec<JsonResult<'a>>,
    version: &'static str,
}

/// Semgrep's `--json` shape; `skipped` (with `-v`) lists the paths target selection left out.
pub fn json(reports: &[FileReport], config_errors: &[(String, Diagnostic)], read_errors: &[(String, String)], skipped: Option<&[Skipped]>) -> String {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let no_metadata = Value::Object(Map::new());
    for r in reports {
        let pos = |p: &crate::engine::source::Position| at(&r.source, p);
        for f in &r.report.findings {
            let loc = |s: &crate::engine::rule::TraceStep| json!({ "path": r.path, "start": pos(&s.start), "end": pos(&s.end) });
            let dataflow_trace = f.dataflow_trace.as_ref().map(|trace| {
                json!({
                    "taint_source": ["CliLoc", [loc(&trace.source), trace.source.content]],
                    "intermediate_vars": trace.intermediate.iter().map(|s| json!({ "location": loc(s), "content": s.content })).collect::<Vec<_>>(),
                    "taint_sink": ["CliLoc", [loc(&trace.sink), trace.sink.content]],
                })
            });
            let metavars = f
                .bindings
                .iter()
                .map(|b| (b.name.as_str(), JsonMetavar { abstract_content: &b.text, end: at(&r.source, &b.end), start: at(&r.source, &b.start) }))
                .collect();
            results.push(JsonResult {
                check_id: &f.rule_id,
                end: at(&r.source, &f.end),
                extra: JsonExtra {
                    dataflow_trace,
                    engine_kind: "OSS",
                    fix: f.fix.as_deref(),
                    lines: &f.lines,
                    message: &f.message,
                    metadata: if f.metadata.is_null() { &no_metadata } else { &f.metadata },
                    metavars,
                    severity: f.severity.as_str(),
                    validation_state: "NO_VALIDATOR",
                },
                path: &r.path,
                start: at(&r.source, &f.start),
            });
        }
        for e in &r.report.syntax_errors {
            errors.push(json!({
                "code": 3,
                "level": "warn",
                "type": ["Syntax error", []],
                "message": format!("Syntax error at line {}:{}: {}", r.path, e.start.line, e.message),
                "path": r.path,
                "spans": [{ "file": r.path, "start": at(&r.source, &e.start), "end": at(&r.source, &e.end) }],
            }));
        }
        for e in &r.report.rule_errors {
            let mut error = json!({
                "code": 2,
                "level": "warn",
                "type": e.limit.map_or("Timeout", |l| l.semgrep_type()),
                "rule_id": e.rule_id,
                "message": e.message,
                "path": r.path,
            });
            if let Some(limit) = e.limit {
                error["limit"] = json!({ "name": limit.constant(), "value": limit.value() });
            }
            errors.push(error);
        }
    }
    for (path, d) in config_errors {
        errors.push(json!({
            "code": 7,
            "level": "error",
            "type": "Rule parse error",
            "rule_id": d.rule_id,
            "message": d.message,
            "path": path,
            "spans": [{ "file": path, "start": pos(&d.start), "end": pos(&d.end) }],
        }));
    }
    for (path, e) in read_errors {
        errors.push(json!({ "code": 2, "level": "warn", "type": "Fatal error", "message": e, "path": path }));
    }
    let scanned: Vec<&str> = reports.iter().map(|r| r.path.as_str()).collect();
    let skipped = skipped.map(|skipped| {
        // As Semgrep: a file that does not parse is scanned (what parses is matched) and listed as skipped too.
        let unparsed = reports.iter().filter(|r| !r.report.syntax_errors.is_empty()).map(|r| JsonSkipped { path: &r.path, reason: SkipReason::AnalysisFailedParserOrInternalError.as_str() });
        let mut all: Vec<JsonSkipped> = skipped.iter().map(|s| JsonSkipped { path: &s.path, reason: s.reason.as_str() }).chain(unparsed).collect();
        all.sort_by(|a, b| a.path.cmp(b.path));
        all
    });
    let doc = JsonDoc { errors, paths: JsonPaths { scanned, skipped }, results, version: env!("CARGO_PKG_VERSION") };
    let mut s = serde_json::to_string(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A line diff of `before` -> `after` (changed runs only, with their line numbers).
pub fn diff(path: &str, before: &str, after: &str) -> String {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let mut out = format!("--- {path}\n+++ {path} (fixed)\n");
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    out.push_str(&format!("@@ line {} @@\n", prefix + 1));
    for line in &old[prefix..old.len() - suffix] {
        out.push_str(&format!("-{line}\n"));
    }
    for line in &new[prefix..new.len() - suffix] {
        out.push_str(&format!("+{line}\n"));
    }
    out
}

//! SARIF 2.1.0 for code-scanning services (checked against the 2.1.0 schema and
//! the SARIF SDK's rules by `tests/sarif/validate.mjs`).
//!
//! Field names follow `semgrep --sarif` (1.187) where Semgrep has the field;
//! where it does not conform, this does:
//! - artifact URIs are RFC 3986 references, percent-encoded (Semgrep writes
//!   `sub dir/ä.py` raw), relative to `%SRCROOT%` (the working folder, given in
//!   `originalUriBaseIds`) or `file://` URIs for absolute paths;
//! - `columnKind` is stated: columns count UTF-16 code units, what SARIF
//!   viewers and code-scanning services count (Semgrep gives byte columns and
//!   no `columnKind`);
//! - a rule's `name` is left out, being its `id` (SARIF1001);
//! - configuration errors, syntax errors, unreadable files and engine limits
//!   hit are `toolExecutionNotifications`, as Semgrep reports its errors;
//! - a taint finding carries `codeFlows` built from its dataflow trace, with
//!   Semgrep's messages ("Untrusted dataflow from ...", "Source: '...' @ '...'").

use super::source_file::SourceFile;
use super::FileReport;
use crate::engine::report::Diagnostic;
use crate::engine::report::{Finding, TraceStep};
use crate::engine::session::Session;
use serde_json::{json, Value};
use std::path::Path;

/// A code region of `source`: its text's byte range as SARIF lines and UTF-16 columns.
fn region(source: &SourceFile, start: usize, end: usize) -> Value {
    let (start_line, start_column) = line_and_column(&source.text, start);
    let (end_line, end_column) = line_and_column(&source.text, end);
    json!({ "startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column })
}

/// 1-based line and UTF-16 column of byte `offset` of `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].encode_utf16().count() + 1)
}

/// `path` as a URI reference (RFC 3986): each segment percent-encoded, `/` kept.
/// Only unreserved characters and sub-delimiters stay as they are (`:` is
/// encoded too, so a first segment never reads as a scheme).
fn uri_of_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(char::from(byte)),
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => uri.push(char::from(byte)),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// Where a scanned file is: relative to `%SRCROOT%`, or an absolute `file:` URI.
fn artifact_location(path: &str) -> Value {
    if Path::new(path).is_absolute() {
        json!({ "uri": format!("file://{}", uri_of_path(path)) })
    } else {
        json!({ "uri": uri_of_path(path), "uriBaseId": "%SRCROOT%" })
    }
}

fn physical_location(path: &str, region: Value) -> Value {
    json!({ "artifactLocation": artifact_location(path), "region": region })
}

fn level(severity: &str) -> &'static str {
    match severity {
        "ERROR" | "CRITICAL" | "HIGH" => "error",
        "WARNING" | "MEDIUM" => "warning",
        _ => "note",
    }
}

/// Semgrep's `codeFlows` for a taint finding: one thread flow, source to sink.
fn code_flows(path: &str, source: &SourceFile, finding: &Finding) -> Option<Value> {
    let trace = finding.dataflow_trace.as_ref()?;
    let step = |label: &str, step: &TraceStep, nesting: usize| {
        json!({
            "nestingLevel": nesting,
            "location": {
                "physicalLocation": physical_location(path, region(source, step.span.start as usize, step.span.end as usize)),
                "message": { "text": format!("{label}: '{}' @ '{path}:{}'", step.content, step.start.line) },
            },
        })
    };
    let mut locations = vec![step("Source", &trace.source, 0)];
    locations.extend(trace.intermediate.iter().map(|s| step("Propagator ", s, 1)));
    locations.push(step("Sink", &trace.sink, 0));
    let message = format!("Untrusted dataflow from {path}:{} to {path}:{}", trace.source.start.line, trace.sink.start.line);
    Some(json!([{ "message": { "text": message }, "threadFlows": [{ "locations": locations }] }]))
}

fn result(r: &FileReport, finding: &Finding, rule_index: Option<usize>) -> Value {
    let span = (finding.span.start as usize, finding.span.end as usize);
    let mut where_ = region(&r.source, span.0, span.1);
    where_["snippet"] = json!({ "text": finding.lines });
    let mut result = json!({
        "ruleId": finding.rule_id,
        "level": level(finding.severity.as_str()),
        "message": { "text": finding.message },
        "locations": [{ "physicalLocation": physical_location(&r.path, where_) }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(fix) = &finding.fix {
        result["fixes"] = json!([{
            "description": { "text": "flasklight autofix" },
            "artifactChanges": [{
                "artifactLocation": artifact_location(&r.path),
                "replacements": [{ "deletedRegion": region(&r.source, span.0, span.1), "insertedContent": { "text": fix } }],
            }],
        }]);
    }
    if let Some(flows) = code_flows(&r.path, &r.source, finding) {
        result["codeFlows"] = flows;
    }
    result
}

fn rule_descriptor(rule: &crate::engine::rule::Rule) -> Value {
    let references: Vec<&str> = match rule.metadata.get("references") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(one)) => vec![one.as_str()],
        _ => Vec::new(),
    };
    // As Semgrep tags a rule: its CWEs, its confidence; its precision is always "very-high".
    let mut tags = vec![json!("security")];
    if let Some(cwe) = rule.metadata.get("cwe") {
        tags.extend(cwe.as_array().cloned().unwrap_or_else(|| vec![cwe.clone()]));
    }
    if let Some(confidence) = rule.metadata.get("confidence").and_then(Value::as_str) {
        tags.push(json!(format!("{confidence} CONFIDENCE")));
    }
    let markdown = if references.is_empty() {
        rule.message.clone()
    } else {
        let list: String = references.iter().map(|r| format!(" - [{r}]({r})\n")).collect();
        format!("{}\n\n<b>References:</b>\n{list}", rule.message)
    };
    let mut descriptor = json!({
        "id": rule.id,
        "shortDescription": { "text": rule.message.lines().next().unwrap_or("") },
        "fullDescription": { "text": rule.message },
        "help": { "text": rule.message, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity.as_str()) },
        "properties": { "precision": "very-high", "tags": tags },
    });
    if let Some(uri) = references.first() {
        descriptor["helpUri"] = json!(uri);
    }
    descriptor
}

/// A `toolExecutionNotification`: what went wrong, how badly, where.
fn notification(kind: &str, level: &str, text: String, at: Option<Value>, rule_id: Option<&str>) -> Value {
    let mut n = json!({ "descriptor": { "id": kind }, "level": level, "message": { "text": text } });
    if let Some(at) = at {
        n["locations"] = json!([{ "physicalLocation": at }]);
    }
    if let Some(id) = rule_id {
        n["associatedRule"] = json!({ "id": id });
    }
    n
}

/// A configuration file's diagnostic region (lines and columns as the engine gives them).
fn config_region(d: &Diagnostic) -> Value {
    json!({ "startLine": d.start.line.max(1), "startColumn": d.start.col.max(1) })
}

/// The run's notifications: configuration errors, then per file syntax errors and limits hit, then unreadable files.
fn notifications(reports: &[FileReport], config_errors: &[(String, Diagnostic)], read_errors: &[(String, String)]) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, d) in config_errors {
        let at = (path != "bundled" && !path.starts_with('<')).then(|| physical_location(path, config_region(d)));
        out.push(notification("Rule parse error", "error", d.message.clone(), at, d.rule_id.as_deref()));
    }
    for r in reports {
        for e in &r.report.syntax_errors {
            let at = physical_location(&r.path, region(&r.source, e.span.start as usize, e.span.end as usize));
            out.push(notification("Syntax error", "warning", e.message.clone(), Some(at), None));
        }
        for e in &r.report.rule_errors {
            let kind = e.limit.map_or("Rule error", |limit| limit.semgrep_type());
            let at = json!({ "artifactLocation": artifact_location(&r.path) });
            out.push(notification(kind, "warning", e.message.clone(), Some(at), e.rule_id.as_deref()));
        }
    }
    for (path, e) in read_errors {
        let at = json!({ "artifactLocation": artifact_location(path) });
        out.push(notification("Fatal error", "error", format!("could not read {path}: {e}"), Some(at), None));
    }
    out
}

/// The working folder as a `file:` URI ending in `/`, the base of relative paths.
fn source_root() -> String {
    let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
    let mut uri = format!("file://{}", uri_of_path(&cwd));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The SARIF log of a scan.
pub fn sarif(reports: &[FileReport], session: &Session, config_errors: &[(String, Diagnostic)], read_errors: &[(String, String)]) -> String {
    let rules: Vec<Value> = session.rules().iter().map(rule_descriptor).collect();
    let rule_index = |id: &str| session.rules().iter().position(|r| r.id == id);
    let results: Vec<Value> = reports.iter().flat_map(|r| r.report.findings.iter().map(move |f| result(r, f, rule_index(&f.rule_id)))).collect();
    let doc = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "flasklight",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/flasklight/flasklight",
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": config_errors.is_empty(),
                "toolExecutionNotifications": notifications(reports, config_errors, read_errors),
            }],
            "originalUriBaseIds": { "%SRCROOT%": { "uri": source_root() } },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_of_path("app/main.py"), "app/main.py");
        assert_eq!(uri_of_path("sub dir/ä app.py"), "sub%20dir/%C3%A4%20app.py");
        assert_eq!(uri_of_path("a:b/#1?x%.py"), "a%3Ab/%231%3Fx%25.py");
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // `é` is one unit, `😀` two (a surrogate pair); the end of a line is after its last unit.
        let text = "x = 'é😀'; f()\ny";
        assert_eq!(line_and_column(text, text.find("f()").unwrap()), (1, 12));
        assert_eq!(line_and_column(text, text.find('y').unwrap()), (2, 1));
    }
}

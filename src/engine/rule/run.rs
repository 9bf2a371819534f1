//! Running rules over one parsed file: each rule's formula (or taint spec)
//! evaluated into findings, the rules spread over the cores for long files,
//! each rule's findings capped, limits hit turned into diagnostics, and
//! `# nosemgrep` applied.

use super::super::limits::{self, Limit};
use super::super::matcher::{Bound, TreeIndex};
use super::super::nosem;
use super::super::parallel;
use super::super::report::{BindingOut, DataflowTrace, Diagnostic, Finding, TraceStep};
use super::super::source::{LineIndex, Span};
use super::super::tree::Node;
use super::binding::{bound_span, bound_str};
use super::eval::{Evaluator, SharedMatches};
use super::hit::Hit;
use super::fix::{interpolate, replacement};
use super::model::{PreciseMode, Rule};

/// Runs every rule on one parsed file, each with the analyses beyond
/// Semgrep's that `mode` gives it.
pub fn run_rules(rules: &[&Rule], mode: PreciseMode, root: &Node, src: &str, lines: &LineIndex) -> (Vec<Finding>, Vec<Diagnostic>) {
    let index = TreeIndex::new(root);
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    // Rule order, whatever ran where: the output does not depend on threads.
    for (rule_findings, rule_errors) in run_each(rules, mode, &index, src, lines) {
        findings.extend(rule_findings);
        errors.extend(rule_errors);
    }
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    nosem::drop_suppressed(src, lines, &mut findings);
    (findings, errors)
}

type RuleOutput = (Vec<Finding>, Vec<Diagnostic>);

/// Each rule's findings and diagnostics, in rule order.
fn run_each(rules: &[&Rule], mode: PreciseMode, index: &TreeIndex<'_>, src: &str, lines: &LineIndex) -> Vec<RuleOutput> {
    let threads = if src.len() >= limits::PARALLEL_FROM_BYTES { parallel::threads(rules.len()) } else { 1 };
    // Rules run on the same thread share its matches.
    parallel::map_ordered(
        rules,
        threads,
        SharedMatches::default,
        |shared, rule| run_one(rule, mode, index, src, lines, shared),
    )
}

/// One rule on one file. `shared` holds what the rules run on the same thread share.
fn run_one<'t>(rule: &Rule, mode: PreciseMode, index: &TreeIndex<'t>, src: &str, lines: &LineIndex, shared: &SharedMatches<'t>) -> RuleOutput {
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    #[cfg(not(target_arch = "wasm32"))]
    let started = std::time::Instant::now();
    let evaluator = Evaluator::new(index, src, shared);
    let mut found = 0;
    let mut keep = |evaluator: &Evaluator<'_, '_>| {
        found += 1;
        if found > limits::MAX_FINDINGS_PER_RULE {
            evaluator.hit_limit(Limit::FindingsPerRule);
        }
        found <= limits::MAX_FINDINGS_PER_RULE
    };
    if let Some(spec) = &rule.taint {
        // One finding per sink range and message, as for search rules below.
        let mut seen: Vec<(Span, String)> = Vec::new();
        for (hit, trace) in evaluator.eval_taint(spec, mode.of(rule)) {
            let message = interpolate(&rule.message, &hit.env, src);
            if seen.iter().any(|(span, m)| *span == hit.span && *m == message) {
                continue;
            }
            seen.push((hit.span, message));
            if !keep(&evaluator) {
                break;
            }
            let mut finding = finding(rule, &hit, src, lines);
            finding.dataflow_trace = Some(DataflowTrace {
                source: TraceStep::new(src, lines, trace.source),
                intermediate: trace.steps.iter().map(|step| TraceStep::new(src, lines, *step)).collect(),
                sink: TraceStep::new(src, lines, hit.span),
            });
            findings.push(finding);
        }
    } else {
        let mut hits = evaluator.eval(&rule.formula);
        hits.sort_by_key(|hit| (hit.span.start, hit.span.end));
        // One finding per range and message, as Semgrep's CLI keeps them (its
        // key holds the message): hits of one range whose bindings give the
        // message different values are each a finding.
        let mut messages_here: Vec<String> = Vec::new();
        let mut last_span = None;
        for hit in hits {
            if last_span != Some(hit.span) {
                last_span = Some(hit.span);
                messages_here.clear();
            }
            let message = interpolate(&rule.message, &hit.env, src);
            if messages_here.contains(&message) {
                continue;
            }
            messages_here.push(message);
            if !keep(&evaluator) {
                break;
            }
            findings.push(finding(rule, &hit, src, lines));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("FLASKLIGHT_STEPS").is_some() {
        // Profiling aid: matcher steps and wall time per rule, on stderr.
        eprintln!("{:>10} steps {:>9.3} ms  {}", evaluator.steps.get(), started.elapsed().as_secs_f64() * 1000.0, rule.id);
    }
    for limit in evaluator.limits.take().into_vec() {
        let what = match limit {
            Limit::FindingsPerRule => format!("rule `{}` has more findings in this file than are reported", rule.id),
            _ => format!("rule `{}` gave up early on this file; its results may be incomplete", rule.id),
        };
        let mut diagnostic = Diagnostic::limit_hit(src, lines, Span::new(0, 0), limit, &what);
        diagnostic.rule_id = Some(rule.id.clone());
        errors.push(diagnostic);
    }
    (findings, errors)
}

fn finding(rule: &Rule, hit: &Hit<'_>, src: &str, lines: &LineIndex) -> Finding {
    let span = hit.span;
    let matched = src.get(span.start as usize..span.end as usize).unwrap_or("");
    let bindings = hit
        .env
        .binds()
        .into_iter()
        .map(|(name, bound)| {
            let bound_at = bound_span(src, bound);
            BindingOut {
                name: name.to_string(),
                text: match bound {
                    // A capture group's own text (its range may be Semgrep's offsets inside the bound text).
                    Bound::Text { text, .. } => text.to_string(),
                    _ => bound_str(src, bound).into_owned(),
                },
                span: bound_at,
                start: lines.position(src, bound_at.start),
                end: lines.position(src, bound_at.end),
            }
        })
        .collect();
    Finding {
        rule_id: rule.id.clone(),
        message: interpolate(&rule.message, &hit.env, src).trim().to_string(),
        severity: rule.severity,
        span,
        start: lines.position(src, span.start),
        end: lines.position(src, span.end),
        bindings,
        fix: replacement(rule, &hit.env, src, matched, span.start as usize - src[..span.start as usize].rfind('\n').map_or(0, |n| n + 1), hit.focused),
        lines: finding_lines(lines.lines_of(src, span)),
        metadata: rule.metadata.clone(),
        dataflow_trace: None,
        versus: None,
    }
}

/// The source lines a finding shows, kept within bounds as Semgrep's output
/// is (see [`limits::FINDING_LINES`]): a hit in a minified file must not copy
/// a megabyte line into every finding.
fn finding_lines(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i == limits::FINDING_LINES {
            out.push_str("\n...");
            break;
        }
        if i > 0 {
            out.push('\n');
        }
        match line.char_indices().nth(limits::FINDING_LINE_CHARS) {
            Some((cut, _)) => {
                out.push_str(&line[..cut]);
                out.push_str("...");
            }
            None => out.push_str(line),
        }
    }
    out
}

//! The results pane: findings, test annotations, syntax and run errors.

use super::analysis::{annotation_text, mismatch_text, one_line, unexpected_text, Analysis, FixPreview};
use crate::engine::report::Finding;
use super::code_pane::{clip, plural, severity_class, versus_class};
use super::state::{HitDiff, ScanStatus};
use std::rc::Rc;
use yew::prelude::*;

/// More findings than this are counted but not listed (the editor still highlights them all).
const LISTED: usize = 200;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub analysis: Rc<Analysis>,
    pub code: AttrValue,
    pub stale: bool,
    pub paused: bool,
    pub scan: ScanStatus,
    /// What the last rule edit changed in the hits.
    #[prop_or_default]
    pub hit_diff: Option<HitDiff>,
    pub on_cancel: Callback<()>,
    /// Byte range in the code to move the editor to.
    pub on_jump: Callback<(u32, u32)>,
}

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let analysis = &props.analysis;
    let count = analysis.findings.len();
    let (holding, total) = analysis.annotation_score();
    let jump_to_line = |line: u32| {
        let start = line_offset(&props.code, line);
        let on_jump = props.on_jump.clone();
        Callback::from(move |_: MouseEvent| on_jump.emit((start, start)))
    };
    let failing: Vec<_> = analysis.annotations.iter().filter(|a| !a.holds).collect();
    let unexpected = analysis.unexpected();
    let verdict_holds = holding == total && unexpected.is_empty() && analysis.verdict.mismatch.is_none();
    // What differs from Semgrep's results (only while a rule runs a precise analysis).
    let only_precise = analysis.findings.iter().filter(|f| f.versus.is_some()).count();
    let removed = analysis.removed.len();
    html! {
        <section class="pane pane-results" aria-labelledby="results-title"
            data-scan={if props.scan.busy { "busy" } else if props.scan.pending() { "pending" } else { "idle" }}
            aria-busy={props.scan.pending().then_some("true")}>
            <div class="pane-head">
                <h2 id="results-title">{"Results"}</h2>
                <span class="pane-meta" id="results-summary" aria-live="polite">
                    <span class="result-count">{plural(count, "match", "matches")}</span>
                    if let Some(diff) = props.hit_diff {
                        <span class="hit-diff" id="hit-diff" title="Hits gained and lost since the last version of the rule">
                            {"("}<span class="added">{format!("+{}", diff.added)}</span>{" / "}
                            <span class="removed">{format!("\u{2212}{}", diff.removed)}</span>{" since the last version of the rule)"}
                        </span>
                    }
                    if only_precise + removed > 0 {
                        <span class="versus-summary" id="versus-summary" title="What the precise analyses changed against Semgrep's results">
                            {format!(" · vs Semgrep: +{only_precise} / \u{2212}{removed}")}
                        </span>
                    }
                    if total > 0 {
                        {" · "}
                        <span class={classes!("annotation-score", if verdict_holds { "pass" } else { "fail" })}>
                            {format!("{holding}/{total} annotations hold")}
                            if !unexpected.is_empty() {
                                {format!(" · {}", plural(unexpected.len(), "unexpected match", "unexpected matches"))}
                            }
                        </span>
                    }
                    <span class="timing">{format!(" · {:.1} ms", analysis.millis)}</span>
                </span>
                if props.scan.busy {
                    <span class="scanning" id="scan-status" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {"Scanning…"}
                        <button type="button" class="button quiet" id="cancel-scan" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{"Cancel"}</button>
                    </span>
                }
            </div>
            <div class="results-body">
                if props.paused {
                    <p class="callout error">{"Matching is paused after an internal error. Edit the code or the rule to resume."}</p>
                }
                if props.scan.cancelled {
                    <p class="callout stale" id="scan-cancelled" role="status">{"Scan cancelled: these results are from before your last edit. Edit the code or the rule to scan again."}</p>
                }
                if let Some(failure) = &analysis.failure {
                    <p class="callout error" role="alert">{failure.clone()}</p>
                }
                if props.stale {
                    <p class="callout stale">{"The rule has errors, so these results come from its last version that compiled."}</p>
                }
                if !failing.is_empty() || !unexpected.is_empty() || analysis.verdict.mismatch.is_some() {
                    <div class="block">
                        <h3>{"Annotations that fail"}</h3>
                        if let Some(mismatch) = &analysis.verdict.mismatch {
                            <p class="annotation fail" id="id-mismatch">{mismatch_text(mismatch)}</p>
                        }
                        <ul class="plain">
                            { for failing.iter().map(|a| html! {
                                <li class="annotation fail">
                                    <button type="button" class="link" onclick={jump_to_line(a.line)}>{format!("Line {}", a.line)}</button>
                                    {" "}{annotation_text(a)}
                                </li>
                            }) }
                            { for unexpected.iter().map(|p| html! {
                                <li class="annotation fail unexpected">
                                    <button type="button" class="link" onclick={jump_to_line(p.line())}>{format!("Line {}", p.line())}</button>
                                    {" "}{unexpected_text(p)}
                                </li>
                            }) }
                        </ul>
                    </div>
                }
                if !analysis.syntax_errors.is_empty() {
                    <div class="block">
                        <h3>{"Python syntax errors"}</h3>
                        <ul class="plain">
                            { for analysis.syntax_errors.iter().map(|d| {
                                let on_jump = props.on_jump.clone();
                                let span = (d.span.start, d.span.start);
                                html! {
                                    <li class="syntax-error">
                                        <button type="button" class="link" onclick={Callback::from(move |_| on_jump.emit(span))}>
                                            {format!("Line {}, column {}", d.start.line, d.start.col)}
                                        </button>
                                        {" "}{d.message.clone()}
                                    </li>
                                }
                            }) }
                        </ul>
                        <p class="hint">{"Matching goes on in the parts of the file that parse."}</p>
                    </div>
                }
                if !analysis.rule_errors.is_empty() {
                    <div class="block">
                        <h3>{"Problems while matching"}</h3>
                        <ul class="plain">
                            { for analysis.rule_errors.iter().map(|d| html! {
                                <li class="run-error">{d.rule_id.clone().map(|id| format!("{id}: ")).unwrap_or_default()}{d.message.clone()}</li>
                            }) }
                        </ul>
                    </div>
                }
                if count == 0 && analysis.failure.is_none() && !props.paused {
                    <p class="empty">{"No matches. Change the pattern or the code; results update as you type."}</p>
                }
                <ol class={classes!("findings", props.stale.then_some("dim"))}>
                    { for analysis.findings.iter().take(LISTED).enumerate().map(|(i, f)| html! {
                        <FindingRow key={i} finding={f.clone()} fix={analysis.fixes.get(i).cloned().flatten()} on_jump={props.on_jump.clone()} />
                    }) }
                </ol>
                if removed > 0 {
                    <div class="block removed-block">
                        <h3>{"Semgrep reports these; the precise analyses removed them"}</h3>
                        <ol class="removed-findings">
                            { for analysis.removed.iter().take(LISTED).map(|f| {
                                let on_jump = props.on_jump.clone();
                                let span = (f.span.start, f.span.end);
                                html! {
                                    <li class="removed-finding" data-rule={f.rule_id.clone()} data-span={format!("{}-{}", f.span.start, f.span.end)}>
                                        <button type="button" class="finding-head" onclick={Callback::from(move |_| on_jump.emit(span))}
                                            aria-label={format!("Line {}: {}, removed by a precise analysis. Show in the editor", f.start.line, f.rule_id)}>
                                            <span class="finding-line">{format!("Line {}", f.start.line)}</span>
                                            <span class={classes!("sev", severity_class(f.severity))}>{f.severity.as_str()}</span>
                                            <s class="finding-rule">{f.rule_id.clone()}</s>
                                        </button>
                                        if let Some(versus) = f.versus {
                                            <p class={classes!("versus", versus_class(versus))}>{versus.describe()}</p>
                                        }
                                        <p class="finding-msg"><s>{one_line(&f.message)}</s></p>
                                    </li>
                                }
                            }) }
                        </ol>
                    </div>
                }
                if count > LISTED {
                    <p class="hint">{format!("…and {} more, all highlighted in the editor.", count - LISTED)}</p>
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FindingRowProps {
    finding: Finding,
    fix: Option<FixPreview>,
    on_jump: Callback<(u32, u32)>,
}

/// One finding of the list: its own component, so a new analysis re-renders
/// only the rows that changed (an edit moves the findings after it, and
/// leaves those before it as they were).
#[function_component(FindingRow)]
fn finding_row(props: &FindingRowProps) -> Html {
    let f = &props.finding;
    let on_jump = props.on_jump.clone();
    let span = (f.span.start, f.span.end);
    html! {
        // The rule and byte range, for the browser tests to compare with the CLI.
        <li class="finding" data-rule={f.rule_id.clone()} data-span={format!("{}-{}", f.span.start, f.span.end)}>
            <button type="button" class="finding-head" onclick={Callback::from(move |_| on_jump.emit(span))}
                aria-label={format!("Line {}: {}. Show in the editor", f.start.line, f.rule_id)}>
                <span class="finding-line">{format!("Line {}", f.start.line)}</span>
                <span class={classes!("sev", severity_class(f.severity))}>{f.severity.as_str()}</span>
                <span class="finding-rule">{f.rule_id.clone()}</span>
            </button>
            if let Some(versus) = f.versus {
                <p class={classes!("versus", versus_class(versus))}>{versus.describe()}</p>
            }
            <p class="finding-msg">{one_line(&f.message)}</p>
            <pre class="finding-code">{clip_lines(&f.lines, 4)}</pre>
            if !f.bindings.is_empty() {
                <dl class="bindings">
                    { for f.bindings.iter().map(|b| html! {
                        <>
                            <dt><code>{b.name.clone()}</code></dt>
                            <dd><code>{clip(&b.text, 80)}</code></dd>
                        </>
                    }) }
                </dl>
            }
            if let Some(trace) = &f.dataflow_trace {
                <ol class="trace" aria-label="Data flow from source to sink">
                    { for std::iter::once(("source", &trace.source))
                        .chain(trace.intermediate.iter().map(|s| ("through", s)))
                        .chain(std::iter::once(("sink", &trace.sink)))
                        .map(|(role, step)| {
                            let on_jump = props.on_jump.clone();
                            let span = (step.span.start, step.span.end);
                            html! {
                                <li class={classes!("trace-step", role)}>
                                    <button type="button" class="link" onclick={Callback::from(move |_| on_jump.emit(span))}
                                        aria-label={format!("{role} on line {}: show in the editor", step.start.line)}>
                                        {format!("{role} · line {}", step.start.line)}
                                    </button>
                                    <code>{clip(&one_line(&step.content), 60)}</code>
                                </li>
                            }
                        }) }
                </ol>
            }
            if let Some(fix) = &props.fix {
                <div class="fix" aria-label="Suggested fix">
                    <span class="fix-label">{"Fix"}</span>
                    <pre class="diff"><span class="del">{prefix_lines(&fix.before, "- ")}</span><span class="add">{prefix_lines(&fix.after, "+ ")}</span></pre>
                </div>
            }
        </li>
    }
}

/// Byte offset where 1-based `line` starts.
fn line_offset(code: &str, line: u32) -> u32 {
    if line <= 1 {
        return 0;
    }
    code.match_indices('\n').nth(line as usize - 2).map_or(code.len(), |(i, _)| i + 1) as u32
}

fn clip_lines(text: &str, max: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max {
        text.to_string()
    } else {
        format!("{}\n…", lines[..max].join("\n"))
    }
}

fn prefix_lines(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        out.push_str(prefix);
        out.push_str(line);
        out.push('\n');
    }
    out
}

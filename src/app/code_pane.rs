//! The Flask code pane: the editor, plus what the caret or pointer rests on.

use super::analysis::{one_line, Analysis};
use super::dom::{element_by_id, focus_in_place};
use super::editor::{is_large, Editor, Hover, Lang};
use super::state::Jump;
use super::trace::{self, PathView};
use crate::engine::limits::thousands;
use crate::engine::report::{Finding, Severity, Versus};
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodePaneProps {
    pub code: AttrValue,
    pub analysis: Rc<Analysis>,
    pub stale: bool,
    /// The scan whose results `analysis` holds (its hits, moved over the
    /// edits since while the next scan runs).
    #[prop_or_default]
    pub scan: u32,
    pub jump: Option<Jump>,
    pub on_edit: Callback<String>,
    /// Move the caret to a byte range of the code (path marks).
    pub on_jump: Callback<(u32, u32)>,
    /// Ranges an explain panel points at, painted over the code.
    #[prop_or_default]
    pub highlight: Rc<Vec<(u32, u32)>>,
    /// Told of every selection change while an explain panel follows the caret.
    #[prop_or_default]
    pub on_select: Option<Callback<(u32, u32)>>,
    /// The text a keystroke is about to make (see the editor's `on_predicted_edit`).
    #[prop_or_default]
    pub on_predicted_edit: Option<Callback<String>>,
}

#[function_component(CodePane)]
pub fn code_pane(props: &CodePaneProps) -> Html {
    // The visitor chose to edit a large file in the textarea anyway.
    let edit_anyway = use_state(|| false);
    // The caret's offset lives in a ref; the pane re-renders only when the
    // set of hits under the caret changes, not on every caret move.
    let caret = use_mut_ref(|| None::<u32>);
    // Hits under the caret, and the taint finding whose path is shown for it.
    let caret_hits = use_state(|| (Vec::<usize>::new(), None::<usize>));
    let hover = use_state(|| None::<Hover>);
    let tooltip = use_node_ref();

    let on_caret = {
        let (caret, caret_hits, analysis) = (caret.clone(), caret_hits.clone(), props.analysis.clone());
        Callback::from(move |at: u32| {
            *caret.borrow_mut() = Some(at);
            let now = (analysis.findings_at(at), trace::active_at(&analysis, at, caret_hits.1));
            if *caret_hits != now {
                caret_hits.set(now);
            }
        })
    };
    let on_hover = {
        let hover = hover.clone();
        let analysis = props.analysis.clone();
        Callback::from(move |at: Option<Hover>| {
            let under = |offset: u32| (analysis.findings_at(offset), analysis.errors_at(offset), analysis.removed_at(offset));
            let at = at.filter(|h| {
                let (hits, errors, removed) = under(h.offset);
                !hits.is_empty() || !errors.is_empty() || !removed.is_empty()
            });
            // Re-render only when the pointer moves onto another set of hits.
            let same = match (&*hover, &at) {
                (Some(old), Some(new)) => under(old.offset) == under(new.offset),
                (None, None) => true,
                _ => false,
            };
            if !same {
                hover.set(at);
            }
        })
    };

    // An edit that swaps the textarea for the read-only view (or back) keeps
    // the focus in the editor. A textarea that already holds 100,000 lines (a
    // drop, or a script setting its value) is hidden before it is removed:
    // Chromium lays out its whole text (over a second) to remove or blur it
    // while it is focused and shown, and skips that once it is `display: none`.
    let refocus = use_mut_ref(|| false);
    let hidden = use_mut_ref(|| false);
    // A text too large for a textarea is shown without one.
    let readonly = is_large(&props.code) && !*edit_anyway;
    let on_edit = {
        let (on_edit, edit_anyway) = (props.on_edit.clone(), edit_anyway.clone());
        let (refocus, hidden) = (refocus.clone(), hidden.clone());
        Callback::from(move |text: String| {
            let readonly_next = !*edit_anyway && is_large(&text);
            if readonly_next != readonly {
                let textarea = element_by_id("code-input");
                *refocus.borrow_mut() = focused_id().is_some_and(|id| id.starts_with("code-input"));
                if let (true, Some(textarea)) = (readonly_next, textarea) {
                    *hidden.borrow_mut() = textarea.style().set_property("display", "none").is_ok();
                }
            }
            on_edit.emit(text);
        })
    };

    let hovered: Vec<usize> = hover.map(|h| props.analysis.findings_at(h.offset)).unwrap_or_default();
    let hovered_errors: Vec<usize> = hover.map(|h| props.analysis.errors_at(h.offset)).unwrap_or_default();
    // Findings Semgrep reports that a precise analysis removed: told on hover, struck.
    let hovered_removed: Vec<usize> = hover.map(|h| props.analysis.removed_at(h.offset)).unwrap_or_default();
    {
        let tooltip = tooltip.clone();
        use_effect_with(*hover, move |hover| {
            if let (Some(hover), Some(element)) = (hover, tooltip.cast::<HtmlElement>()) {
                // CSSOM writes are allowed under the page's style-src CSP; style attributes are not.
                let style = element.style();
                let _ = style.set_property("left", &format!("{}px", hover.x + 12));
                let _ = style.set_property("top", &format!("{}px", hover.y + 18));
            }
        });
    }

    let at_caret: Vec<usize> = caret.borrow().map(|c| props.analysis.findings_at(c)).unwrap_or_default();
    // The pointer on a taint finding previews its path; otherwise the caret's finding keeps it.
    let selected = caret.borrow().and_then(|c| trace::active_at(&props.analysis, c, caret_hits.1));
    let active = trace::first_taint(&props.analysis, &hovered).or(selected);
    let path: Option<Rc<PathView>> = {
        let analysis = props.analysis.clone();
        let path = use_memo((analysis, active), |(analysis, active)| active.and_then(|i| PathView::of(analysis, i)));
        (*path).clone().map(Rc::new)
    };
    let lines = {
        let deps = (props.analysis.clone(), path.as_deref().cloned(), props.highlight.clone());
        use_memo(deps, |(analysis, path, highlight)| match path {
            // What an explain panel points at wins over a taint path.
            _ if !highlight.is_empty() => {
                Rc::new(analysis.lines.with_path(highlight.iter().map(|&(s, e)| (s, e, super::decorate::PathRole::Focus)).collect()))
            }
            Some(path) => trace::paint(&analysis.lines, path),
            None => analysis.lines.clone(),
        })
    };
    let path_column = props.analysis.findings.iter().any(|f| f.dataflow_trace.is_some());
    let selected_path = selected.and_then(|i| PathView::of(&props.analysis, i));
    let line_count = props.lines_len();
    let hits = props.analysis.findings.len();
    // Had the edit not swapped the textarea out after all, show it again.
    use_effect(move || {
        if !readonly && std::mem::take(&mut *hidden.borrow_mut()) {
            if let Some(textarea) = element_by_id("code-input") {
                let _ = textarea.style().remove_property("display");
            }
        }
    });
    use_effect_with(readonly, move |readonly| {
        if std::mem::take(&mut *refocus.borrow_mut()) {
            if let Some(element) = element_by_id(if *readonly { "code-input-view" } else { "code-input" }) {
                focus_in_place(&element);
            }
        }
    });
    html! {
        <section class="pane pane-code" aria-labelledby="code-title">
            <div class="pane-head">
                <h2 id="code-title"><label for="code-input">{"Flask code"}</label></h2>
                <span class="pane-meta" id="code-meta">
                    {format!("{line_count} lines · ")}
                    <span class={classes!("hit-count", props.stale.then_some("dim"))}>{plural(hits, "hit", "hits")}</span>
                </span>
            </div>
            if readonly {
                <div class="large-note" id="large-note" role="note">
                    {format!("A large file ({} lines, {}): shown read-only so the page stays fast. Matches still follow every edit of the rule. Paste here to replace it, or ", thousands(line_count as u64), size(props.code.len()))}
                    <button type="button" class="link" id="edit-anyway" onclick={let e = edit_anyway.clone(); Callback::from(move |_: MouseEvent| e.set(true))}>
                        {"edit it anyway"}
                    </button>
                    {" (typing will be slow)."}
                </div>
            }
            <Editor
                id="code-input"
                {readonly}
                labelledby="code-title"
                class="code-editor"
                value={props.code.clone()}
                lines={(*lines).clone()}
                lang={Lang::Python}
                on_input={on_edit}
                {on_caret}
                on_select={props.on_select.clone()}
                on_predicted_edit={props.on_predicted_edit.clone()}
                {on_hover}
                jump={props.jump}
                dim={props.stale}
                describedby={if readonly { "large-note caret-info" } else { "code-help caret-info" }}
                path={path.clone()}
                {path_column}
                on_mark={props.on_jump.clone()}
                scan={Some(props.scan)}
            />
            <div class="caret-info" id="caret-info" aria-live="polite">
                if let Some(path) = &selected_path {
                    { path_list(path, &props.on_jump) }
                }
                if at_caret.is_empty() && selected_path.is_none() {
                    if readonly {
                        <span class="muted" id="code-help">{"Click a hit to read it here"}</span>
                    } else {
                        <span class="muted" id="code-help">
                            <span class="hint-keys">{"Tab indents · Esc then Tab leaves the editor · put the caret on a hit to read it here"}</span>
                            <span class="hint-touch">{"Tap a highlighted hit to read it here"}</span>
                        </span>
                    }
                } else {
                    { for at_caret.iter().take(3).map(|&i| finding_brief(&props.analysis.findings[i])) }
                }
            </div>
            if !hovered.is_empty() || !hovered_errors.is_empty() || !hovered_removed.is_empty() {
                <div class="tooltip" role="tooltip" ref={tooltip}>
                    { for hovered_errors.iter().map(|&i| html! {
                        <div class="brief brief-error">{props.analysis.syntax_errors[i].message.clone()}</div>
                    }) }
                    { for hovered.iter().take(3).map(|&i| finding_brief(&props.analysis.findings[i])) }
                    { for hovered_removed.iter().take(3).map(|&i| finding_brief(&props.analysis.removed[i])) }
                </div>
            }
        </section>
    }
}

/// The selected path as a list of buttons: the keyboard's and screen reader's way along it.
fn path_list(path: &PathView, on_jump: &Callback<(u32, u32)>) -> Html {
    let total = path.steps.len();
    html! {
        <ol class="path-list" aria-label={format!("Data flow of {}, source to sink", path.rule_id)}>
            { for path.steps.iter().map(|step| {
                let on_jump = on_jump.clone();
                let range = (step.start, step.end);
                html! {
                    <li class={classes!("path-step", step.role.class())}>
                        <button type="button" class="link path-go" onclick={Callback::from(move |_: MouseEvent| on_jump.emit(range))}
                            aria-label={format!("{}: {}. Move the caret there", step.label(total), clip(&step.content, 60))}
                            title={clip(&step.content, 80)}>
                            <span class={classes!("path-n", step.role.class())} aria-hidden="true">{step.n}</span>
                            {format!("{} · line {}", step.role.name(), step.line)}
                        </button>
                    </li>
                }
            }) }
        </ol>
    }
}

impl CodePaneProps {
    fn lines_len(&self) -> usize {
        self.code.lines().count().max(1)
    }
}

/// The id of the focused element.
fn focused_id() -> Option<String> {
    Some(web_sys::window()?.document()?.active_element()?.id())
}

/// One finding in a sentence: line, rule, message, bindings.
pub fn finding_brief(finding: &Finding) -> Html {
    let removed = matches!(finding.versus, Some(Versus::Removed { .. }));
    html! {
        <div class={classes!("brief", removed.then_some("brief-removed"))}>
            if let Some(versus) = finding.versus {
                <span class={classes!("versus", versus_class(versus))}>{versus.describe()}</span>
            }
            <span class="brief-line">{format!("Line {}", finding.start.line)}</span>
            <span class={classes!("sev", severity_class(finding.severity))}>{finding.severity.as_str()}</span>
            <span class="brief-rule">{finding.rule_id.clone()}</span>
            <span class="brief-msg">{one_line(&finding.message)}</span>
            { for finding.bindings.iter().map(|b| html! {
                <span class="binding"><code>{b.name.clone()}</code>{" = "}<code>{clip(&b.text, 60)}</code></span>
            }) }
        </div>
    }
}

/// The class of a finding's mark against Semgrep's results.
pub fn versus_class(versus: Versus) -> &'static str {
    match versus {
        Versus::OnlyPrecise { .. } => "versus-only",
        Versus::Removed { .. } => "versus-removed",
    }
}

/// The colour class of a severity: Semgrep's ERROR matches HIGH, WARNING matches MEDIUM.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error | Severity::Critical | Severity::High => "sev-error",
        Severity::Warning | Severity::Medium => "sev-warning",
        Severity::Info | Severity::Low | Severity::Inventory | Severity::Experiment => "sev-info",
    }
}

/// A byte count for people: "812 kB", "3.1 MB".
fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} kB", bytes.div_ceil(1000))
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Shortens text for a one-line display.
pub fn clip(text: &str, max: usize) -> String {
    let flat = one_line(text);
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}

//! The rule pane: the YAML editor, or the simple form that writes the YAML.

use super::decorate::Lines;
use super::editor::{Editor, Lang};
use super::state::{Jump, Mode};
use crate::engine::config::SimpleRule;
use crate::engine::report::Diagnostic;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulePaneProps {
    pub rule: AttrValue,
    pub mode: Mode,
    pub simple: Option<SimpleRule>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub lines: Lines,
    pub stale: bool,
    pub jump: Option<Jump>,
    pub on_edit: Callback<String>,
    pub on_edit_simple: Callback<SimpleRule>,
    pub on_mode: Callback<Mode>,
    pub on_start_simple: Callback<()>,
    /// Byte range in the YAML to move the caret to.
    pub on_jump: Callback<(u32, u32)>,
}

#[function_component(RulePane)]
pub fn rule_pane(props: &RulePaneProps) -> Html {
    let errors = props.diagnostics.iter().filter(|d| d.severity == "error").count();
    let tab = |mode: Mode, label: &'static str, id: &'static str| {
        let on_mode = props.on_mode.clone();
        let selected = props.mode == mode;
        html! {
            <button type="button" role="tab" {id} class="tab" aria-selected={selected.to_string()}
                aria-controls="rule-panel" tabindex={if selected { "0" } else { "-1" }}
                onclick={Callback::from(move |_| on_mode.emit(mode))}
                onkeydown={
                    let on_mode = props.on_mode.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        if matches!(e.key().as_str(), "ArrowLeft" | "ArrowRight") {
                            e.prevent_default();
                            let other = if mode == Mode::Yaml { Mode::Simple } else { Mode::Yaml };
                            on_mode.emit(other);
                            focus_by_id(if other == Mode::Yaml { "tab-yaml" } else { "tab-simple" });
                        }
                    })
                }>
                {label}
            </button>
        }
    };
    let labelled_by = if props.mode == Mode::Yaml { "tab-yaml" } else { "tab-simple" };
    html! {
        <section class="pane pane-rule" aria-labelledby="rule-title">
            <div class="pane-head">
                <h2 id="rule-title">{"Rule"}</h2>
                <div role="tablist" aria-label="Rule editor mode" class="tabs">
                    { tab(Mode::Yaml, "YAML", "tab-yaml") }
                    { tab(Mode::Simple, "Simple", "tab-simple") }
                </div>
            </div>
            <div id="rule-panel" role="tabpanel" aria-labelledby={labelled_by} class="rule-panel">
                if props.mode == Mode::Yaml {
                    <label for="rule-input" class="visually-hidden">{"Semgrep rule YAML"}</label>
                    <Editor
                        id="rule-input"
                        class="rule-editor"
                        value={props.rule.clone()}
                        lines={props.lines.clone()}
                        lang={Lang::Yaml}
                        on_input={props.on_edit.clone()}
                        jump={props.jump}
                        invalid={errors > 0}
                        describedby="rule-status"
                    />
                } else {
                    <SimpleForm simple={props.simple.clone()} on_edit={props.on_edit_simple.clone()} on_start={props.on_start_simple.clone()} />
                }
            </div>
            <RuleStatus diagnostics={props.diagnostics.clone()} stale={props.stale} mode={props.mode} on_jump={props.on_jump.clone()} />
        </section>
    }
}

fn focus_by_id(id: &str) {
    if let Some(element) = super::dom::element_by_id(id) {
        let _ = element.focus();
    }
}

#[derive(Properties, PartialEq)]
struct RuleStatusProps {
    diagnostics: Rc<Vec<Diagnostic>>,
    stale: bool,
    mode: Mode,
    on_jump: Callback<(u32, u32)>,
}

#[function_component(RuleStatus)]
fn rule_status(props: &RuleStatusProps) -> Html {
    let errors: Vec<&Diagnostic> = props.diagnostics.iter().filter(|d| d.severity == "error").collect();
    let warnings: Vec<&Diagnostic> = props.diagnostics.iter().filter(|d| d.severity != "error").collect();
    let item = |d: &Diagnostic| {
        let on_jump = props.on_jump.clone();
        let span = (d.span.start, d.span.end);
        let place = format!("Line {}, column {}", d.start.line, d.start.col);
        let rule = d.rule_id.clone().map(|id| format!(" ({id})")).unwrap_or_default();
        html! {
            <li class={classes!("diag", if d.severity == "error" { "diag-error" } else { "diag-warning" })}>
                if props.mode == Mode::Yaml {
                    <button type="button" class="link diag-place" onclick={Callback::from(move |_| on_jump.emit(span))}>{place}</button>
                } else {
                    <span class="diag-place">{place}{" of the YAML"}</span>
                }
                <span class="diag-msg">{format!("{}{rule}", d.message)}</span>
            </li>
        }
    };
    html! {
        <div class="rule-status" id="rule-status" aria-live="polite">
            if errors.is_empty() {
                <p class="ok-line">{"✓ The rule compiles."}</p>
            } else {
                <p class="err-line">
                    {format!("✗ {} in the rule. ", if errors.len() == 1 { "1 error".to_string() } else { format!("{} errors", errors.len()) })}
                    if props.stale {
                        <span class="muted">{"Dimmed hits come from the last version that compiled."}</span>
                    }
                </p>
            }
            if !props.diagnostics.is_empty() {
                <ul class="diags">
                    { for errors.iter().chain(warnings.iter()).take(20).map(|d| item(d)) }
                </ul>
            }
        </div>
    }
}

/// Applies one field's new text to a rule.
type FieldEdit = Rc<dyn Fn(&mut SimpleRule, String)>;

#[derive(Properties, PartialEq)]
struct SimpleFormProps {
    simple: Option<SimpleRule>,
    on_edit: Callback<SimpleRule>,
    on_start: Callback<()>,
}

#[function_component(SimpleForm)]
fn simple_form(props: &SimpleFormProps) -> Html {
    let Some(simple) = props.simple.clone() else {
        let on_start = props.on_start.clone();
        return html! {
            <div class="simple-unavailable">
                <p>{"This rule uses more than simple mode can show (for example "}<code>{"pattern-either"}</code>{", "}<code>{"metavariable-regex"}</code>{", "}<code>{"fix"}</code>{" or several rules). Keep editing it as YAML, or start a simple rule instead — the current one is kept as a backup you can bring back."}</p>
                <button type="button" class="button" id="start-simple" onclick={Callback::from(move |_| on_start.emit(()))}>{"Start a simple rule"}</button>
            </div>
        };
    };
    // Each field edit produces a whole new SimpleRule.
    let edit = |change: FieldEdit| {
        let (simple, on_edit) = (simple.clone(), props.on_edit.clone());
        Callback::from(move |value: String| {
            let mut next = simple.clone();
            change(&mut next, value);
            on_edit.emit(next);
        })
    };
    let text_input = |cb: Callback<String>| Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()));
    let area_input = |cb: Callback<String>| Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()));

    let rows = |kind: &'static str, label: &'static str, items: &[String], pick: fn(&mut SimpleRule) -> &mut Vec<String>| {
        let add = {
            let (simple, on_edit) = (simple.clone(), props.on_edit.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = simple.clone();
                pick(&mut next).push(String::new());
                on_edit.emit(next);
            })
        };
        html! {
            <fieldset class="rows">
                <legend>{label}</legend>
                { for items.iter().enumerate().map(|(i, text)| {
                    let id = format!("simple-{kind}-{i}");
                    let change = edit(Rc::new(move |s: &mut SimpleRule, v: String| {
                        if let Some(slot) = pick(s).get_mut(i) { *slot = v; }
                    }));
                    let remove = {
                        let (simple, on_edit) = (simple.clone(), props.on_edit.clone());
                        Callback::from(move |_: MouseEvent| {
                            let mut next = simple.clone();
                            if i < pick(&mut next).len() { pick(&mut next).remove(i); }
                            on_edit.emit(next);
                        })
                    };
                    html! {
                        <div class="row" key={id.clone()}>
                            <label for={id.clone()} class="visually-hidden">{format!("{label} {}", i + 1)}</label>
                            <textarea id={id} class="mono" rows="2" spellcheck="false" value={text.clone()} oninput={area_input(change)} />
                            <button type="button" class="icon" aria-label={format!("Remove {label} {}", i + 1)} onclick={remove}>{"×"}</button>
                        </div>
                    }
                }) }
                <button type="button" class="button small" onclick={add}>{format!("+ {label}")}</button>
            </fieldset>
        }
    };

    let severity_change = {
        let (simple, on_edit) = (simple.clone(), props.on_edit.clone());
        Callback::from(move |e: Event| {
            let mut next = simple.clone();
            next.severity = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_edit.emit(next);
        })
    };
    html! {
        <form class="simple" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="field">
                <label for="simple-pattern">{"Pattern"}</label>
                <textarea id="simple-pattern" class="mono" rows="3" spellcheck="false" value={simple.pattern.clone()}
                    oninput={area_input(edit(Rc::new(|s: &mut SimpleRule, v| s.pattern = v)))} />
                <p class="hint">{"Write Python with holes: "}<code>{"$X"}</code>{" matches any expression, "}<code>{"..."}</code>{" any arguments or statements."}</p>
            </div>
            { rows("inside", "pattern-inside", &simple.pattern_inside, |s| &mut s.pattern_inside) }
            { rows("not", "pattern-not", &simple.pattern_not, |s| &mut s.pattern_not) }
            <div class="field">
                <label for="simple-message">{"Message"}</label>
                <textarea id="simple-message" rows="2" value={simple.message.clone()}
                    oninput={area_input(edit(Rc::new(|s: &mut SimpleRule, v| s.message = v)))} />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="simple-id">{"Rule id"}</label>
                    <input id="simple-id" class="mono" type="text" spellcheck="false" value={simple.id.clone()}
                        oninput={text_input(edit(Rc::new(|s: &mut SimpleRule, v| s.id = v)))} />
                </div>
                <div class="field">
                    <label for="simple-severity">{"Severity"}</label>
                    <select id="simple-severity" onchange={severity_change}>
                        { for ["ERROR", "WARNING", "INFO"].into_iter().map(|s| html! {
                            <option value={s} selected={simple.severity == s}>{s}</option>
                        }) }
                    </select>
                </div>
            </div>
        </form>
    }
}

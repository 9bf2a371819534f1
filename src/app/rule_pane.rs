//! The rule pane: the YAML editor, or the simple form that writes the YAML.

use super::decorate::Lines;
use super::editor::{keep_indentation, Editor, Lang};
use super::state::{Jump, Mode};
use crate::engine::config::{SimpleField, SimpleRule};
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
    /// Show the first-visit cue.
    #[prop_or_default]
    pub cue: bool,
    /// Byte range in the YAML to move the caret to.
    pub on_jump: Callback<(u32, u32)>,
}

/// The keys a Semgrep rule's lines start with, for the YAML editor's completion.
pub const RULE_KEYS: &[&str] = &[
    "rules", "id", "message", "severity", "languages", "metadata", "fix", "fix-regex", "paths", "include", "exclude", "mode", "options",
    "pattern", "patterns", "pattern-either", "pattern-not", "pattern-inside", "pattern-not-inside", "pattern-regex", "pattern-not-regex",
    "focus-metavariable", "metavariable-regex", "metavariable-pattern", "metavariable-comparison", "metavariable", "regex", "comparison",
    "pattern-sources", "pattern-sinks", "pattern-sanitizers", "pattern-propagators", "from", "to",
];

/// The pattern syntax on one screen (the cheat sheet).
const CHEAT_SHEET: &[(&str, &str)] = &[
    ("$X", "any one expression (the same text wherever $X repeats)"),
    ("$...ARGS", "any number of arguments (or statements), named"),
    ("...", "any arguments, statements or list items"),
    ("foo(..., debug=True, ...)", "a keyword argument anywhere in the call"),
    ("<... $X ...>", "an expression anywhere inside another"),
    ("\"...\"", "any string literal"),
    ("\"=~/^sel/i\"", "a string matching a regex"),
    ("$X.execute(...)", "a method call on anything"),
    ("pattern-inside:", "only within code this pattern matches (e.g. def $F(...): ...)"),
    ("pattern-not:", "drop matches this pattern also matches"),
    ("pattern-either:", "any of several patterns"),
    ("metavariable-regex:", "keep matches where $X's text matches a regex"),
    ("focus-metavariable: $X", "report only the part $X bound"),
];

#[function_component(RulePane)]
pub fn rule_pane(props: &RulePaneProps) -> Html {
    let cheat = use_state(|| false);
    let toggle_cheat = {
        let cheat = cheat.clone();
        Callback::from(move |_: MouseEvent| cheat.set(!*cheat))
    };
    let close_cheat = {
        let cheat = cheat.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                cheat.set(false);
                focus_by_id("cheat-toggle");
            }
        })
    };
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
                <button type="button" class="button quiet small" id="cheat-toggle" aria-expanded={cheat.to_string()}
                    aria-controls="cheat-sheet" onclick={toggle_cheat}>{"Pattern syntax"}</button>
            </div>
            if *cheat {
                <aside class="cheat-sheet" id="cheat-sheet" aria-label="Pattern syntax" tabindex="-1" onkeydown={close_cheat}>
                    <dl>
                        { for CHEAT_SHEET.iter().map(|(syntax, meaning)| html! {
                            <>
                                <dt><code>{*syntax}</code></dt>
                                <dd>{*meaning}</dd>
                            </>
                        }) }
                    </dl>
                </aside>
            }
            if props.cue {
                <p class="cue" id="first-cue">{"Start here: edit the pattern on the left, and the hits in the code follow as you type."}</p>
            }
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
                        completions={Some(RULE_KEYS)}
                    />
                } else {
                    <SimpleForm simple={props.simple.clone()} on_edit={props.on_edit_simple.clone()} on_start={props.on_start_simple.clone()} />
                }
            </div>
            <RuleStatus diagnostics={props.diagnostics.clone()} stale={props.stale} mode={props.mode} rule={props.rule.clone()} on_jump={props.on_jump.clone()} />
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
    /// The YAML the diagnostics point into.
    rule: AttrValue,
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
                    // Simple mode speaks of its own fields, not of YAML lines.
                    <span class="diag-place">{SimpleField::label_at(&props.rule, d.span.start as usize)}</span>
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
                <p>{"This rule uses more than simple mode can show (for example "}<code>{"fix"}</code>{", "}<code>{"metavariable-pattern"}</code>{", a taint mode or several rules). Keep editing it as YAML, or start a simple rule instead — the current one is kept as a backup you can bring back."}</p>
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
                            <textarea id={id} class="mono" rows="2" spellcheck="false" value={text.clone()} oninput={area_input(change)} onkeydown={Callback::from(|e: KeyboardEvent| keep_indentation(&e))} />
                            <button type="button" class="icon" aria-label={format!("Remove {label} {}", i + 1)} onclick={remove}>{"×"}</button>
                        </div>
                    }
                }) }
                <button type="button" class="button small" onclick={add}>{format!("+ {label}")}</button>
            </fieldset>
        }
    };

    // metavariable-regex rows: a metavariable and the regex its text must match.
    let regex_rows = {
        let add = {
            let (simple, on_edit) = (simple.clone(), props.on_edit.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = simple.clone();
                next.metavariable_regex.push(("$X".into(), String::new()));
                on_edit.emit(next);
            })
        };
        html! {
            <fieldset class="rows">
                <legend>{"metavariable-regex"}</legend>
                { for simple.metavariable_regex.iter().enumerate().map(|(i, (metavariable, regex))| {
                    let var_id = format!("simple-regex-var-{i}");
                    let re_id = format!("simple-regex-{i}");
                    let set_var = edit(Rc::new(move |s: &mut SimpleRule, v: String| {
                        if let Some(slot) = s.metavariable_regex.get_mut(i) { slot.0 = v; }
                    }));
                    let set_re = edit(Rc::new(move |s: &mut SimpleRule, v: String| {
                        if let Some(slot) = s.metavariable_regex.get_mut(i) { slot.1 = v; }
                    }));
                    let remove = {
                        let (simple, on_edit) = (simple.clone(), props.on_edit.clone());
                        Callback::from(move |_: MouseEvent| {
                            let mut next = simple.clone();
                            if i < next.metavariable_regex.len() { next.metavariable_regex.remove(i); }
                            on_edit.emit(next);
                        })
                    };
                    html! {
                        <div class="row regex-row" key={re_id.clone()}>
                            <label for={var_id.clone()} class="visually-hidden">{format!("Metavariable of metavariable-regex {}", i + 1)}</label>
                            <input id={var_id} class="mono metavar" type="text" spellcheck="false" value={metavariable.clone()} oninput={text_input(set_var)} />
                            <span aria-hidden="true">{"=~"}</span>
                            <label for={re_id.clone()} class="visually-hidden">{format!("Regex of metavariable-regex {}", i + 1)}</label>
                            <input id={re_id} class="mono" type="text" spellcheck="false" placeholder="^regex$" value={regex.clone()} oninput={text_input(set_re)} />
                            <button type="button" class="icon" aria-label={format!("Remove metavariable-regex {}", i + 1)} onclick={remove}>{"×"}</button>
                        </div>
                    }
                }) }
                <button type="button" class="button small" id="add-regex" onclick={add}>{"+ metavariable-regex"}</button>
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
                    onkeydown={Callback::from(|e: KeyboardEvent| keep_indentation(&e))}
                    oninput={area_input(edit(Rc::new(|s: &mut SimpleRule, v| s.pattern = v)))} />
                <p class="hint">{"Write Python with holes: "}<code>{"$X"}</code>{" matches any expression, "}<code>{"..."}</code>{" any arguments or statements."}</p>
            </div>
            { rows("either", "or pattern", &simple.pattern_either, |s| &mut s.pattern_either) }
            { rows("inside", "pattern-inside", &simple.pattern_inside, |s| &mut s.pattern_inside) }
            { rows("not", "pattern-not", &simple.pattern_not, |s| &mut s.pattern_not) }
            { regex_rows }
            <div class="field">
                <label for="simple-message">{"Message"}</label>
                <textarea id="simple-message" rows="2" value={simple.message.clone()}
                    placeholder="What this finds and how to fix it (shown with every hit)"
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

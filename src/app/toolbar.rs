//! The top bar: examples, share and import, the Precise toggle, reset, theme. Dumb: data in, callbacks out.
//! On a lesson page the same buttons act on the lesson (the App passes
//! callbacks that do): Copy link copies the lesson's link, Copy YAML and
//! Download give the learner's rule, Reset starts the exercise over, and the
//! examples menu is not shown. On a phone the toolbar folds behind a Menu button.

use super::examples::Example;
use super::state::Theme;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub theme: Theme,
    pub large: bool,
    /// Every analysis beyond Semgrep's on, for every rule.
    #[prop_or_default]
    pub precise: bool,
    /// A lesson page is on screen.
    #[prop_or_default]
    pub lesson: bool,
    pub on_example: Callback<String>,
    pub on_pack: Callback<()>,
    pub on_copy_link: Callback<()>,
    pub on_copy_yaml: Callback<()>,
    pub on_download: Callback<()>,
    pub on_import: Callback<web_sys::File>,
    pub on_reset: Callback<()>,
    pub on_theme: Callback<()>,
    pub on_large: Callback<()>,
    #[prop_or_default]
    pub on_precise: Callback<()>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let examples = use_memo((), |_| super::examples::examples());
    let file_input = use_node_ref();
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };

    // Arrow keys on a closed <select> change its value (and fire `change`) on
    // each press: browsing the list must not load every example it passes.
    // A change made by arrow keys only marks the choice; Enter loads it. A
    // choice made in the opened list (pointer, or Enter there) loads at once.
    let browsing = use_mut_ref(|| false);
    let choose = {
        let (on_example, on_pack) = (props.on_example.clone(), props.on_pack.clone());
        move |select: &HtmlSelectElement| {
            match select.value().as_str() {
                "" => return,
                "__pack" => on_pack.emit(()),
                id => on_example.emit(id.to_string()),
            }
            select.set_value("");
        }
    };
    let on_select = {
        let (browsing, choose) = (browsing.clone(), choose.clone());
        Callback::from(move |e: Event| {
            if std::mem::replace(&mut *browsing.borrow_mut(), false) {
                return;
            }
            choose(&e.target_unchecked_into());
        })
    };
    let on_select_key = {
        let browsing = browsing.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown" if !e.alt_key() => {
                *browsing.borrow_mut() = true;
            }
            "Enter" => {
                e.prevent_default();
                *browsing.borrow_mut() = false;
                choose(&e.target_unchecked_into());
            }
            // Typing a letter jumps to an option (a change too); a space opens the list.
            key if key != " " && key.chars().count() == 1 && !e.ctrl_key() && !e.meta_key() => *browsing.borrow_mut() = true,
            _ => {}
        })
    };
    // Leaving the menu without Enter forgets the browsed choice.
    let on_select_blur = Callback::from(move |e: FocusEvent| {
        *browsing.borrow_mut() = false;
        e.target_unchecked_into::<HtmlSelectElement>().set_value("");
    });
    let open_picker = crate::app::dom::open_picker(&file_input);
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_import.emit(file);
            }
            input.set_value("");
        })
    };
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let dark = props.theme == Theme::Dark;
    let (copy_link_title, yaml_title, reset_title) = if props.lesson {
        ("Copy this lesson's link", "Your rule for this exercise", "Start this exercise over from the starter rule")
    } else {
        ("Copy a link that carries the rule and the code", "The playground's rule", "Back to the example (your work is kept as a backup)")
    };
    html! {
        <nav class={classes!("toolbar", (*open).then_some("open"))} aria-label={if props.lesson { "Lesson actions" } else { "Playground actions" }}>
            <button type="button" class="button toolbar-toggle" id="toolbar-toggle" aria-expanded={(*open).to_string()}
                aria-controls="toolbar-body" onclick={on_toggle}>{"Menu"}</button>
            <div class="toolbar-body" id="toolbar-body">
            if !props.lesson {
            <div class="group">
                <label for="examples" class="visually-hidden">{"Open an example"}</label>
                <select id="examples" class="select" onchange={on_select} onkeydown={on_select_key} onblur={on_select_blur}
                    title="Choose with the arrow keys, open with Enter">
                    <option value="" selected=true>{"Examples…"}</option>
                    <optgroup label="Bundled rules with their test code">
                        { for examples.iter().map(|Example { id, label }| html! { <option value={*id}>{label.clone()}</option> }) }
                    </optgroup>
                    <optgroup label="Whole pack">
                        <option value="__pack">{"Run every bundled rule on this code"}</option>
                    </optgroup>
                </select>
            </div>
            }
            <div class="group" role="group" aria-label="Share">
                <button type="button" class="button primary" id="copy-link" title={copy_link_title} onclick={click(&props.on_copy_link)}>{"Copy link"}</button>
                <button type="button" class="button" id="copy-yaml" title={yaml_title} onclick={click(&props.on_copy_yaml)}>{"Copy YAML"}</button>
                <button type="button" class="button" id="download-yaml" title={yaml_title} onclick={click(&props.on_download)}>{"Download .yaml"}</button>
                <button type="button" class="button" id="import-yaml" onclick={open_picker} title="Open a Semgrep .yaml rule or a .py file">{"Open file…"}</button>
                <input type="file" ref={file_input} class="visually-hidden" tabindex="-1" aria-hidden="true"
                    accept=".yaml,.yml,.py,text/yaml,application/x-yaml,text/x-python" onchange={on_file} />
            </div>
            <div class="group">
                if !props.lesson {
                    <button type="button" class="button" id="precise-toggle" aria-pressed={props.precise.to_string()} onclick={click(&props.on_precise)}
                        title="Every analysis beyond Semgrep's (constant conditions, guards, containers, propagation, functions) for every rule; off: each rule's own options. Findings that differ from Semgrep's are marked.">
                        {"Precise"}
                    </button>
                }
                <button type="button" class="button" id="reset" title={reset_title} onclick={click(&props.on_reset)}>{"Reset"}</button>
                <button type="button" class="button" id="large-text" aria-pressed={props.large.to_string()} onclick={click(&props.on_large)}>{"Large text"}</button>
                <button type="button" class="button" id="theme-toggle" aria-pressed={dark.to_string()} onclick={click(&props.on_theme)}>
                    {"Dark theme"}
                </button>
            </div>
            </div>
        </nav>
    }
}

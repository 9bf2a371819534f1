//! The top bar: examples, share and import, reset, theme. Dumb: data in, callbacks out.

use super::examples::Example;
use super::state::Theme;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub theme: Theme,
    pub large: bool,
    pub on_example: Callback<String>,
    pub on_pack: Callback<()>,
    pub on_copy_link: Callback<()>,
    pub on_copy_yaml: Callback<()>,
    pub on_download: Callback<()>,
    pub on_import: Callback<web_sys::File>,
    pub on_reset: Callback<()>,
    pub on_theme: Callback<()>,
    pub on_large: Callback<()>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let examples = use_memo((), |_| super::examples::examples());
    let file_input = use_node_ref();

    let on_select = {
        let (on_example, on_pack) = (props.on_example.clone(), props.on_pack.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            match select.value().as_str() {
                "" => {}
                "__pack" => on_pack.emit(()),
                id => on_example.emit(id.to_string()),
            }
            select.set_value("");
        })
    };
    let open_picker = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
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
    html! {
        <nav class="toolbar" aria-label="Playground actions">
            <div class="group">
                <label for="examples" class="visually-hidden">{"Open an example"}</label>
                <select id="examples" class="select" onchange={on_select}>
                    <option value="" selected=true>{"Examples…"}</option>
                    <optgroup label="Bundled rules with their test code">
                        { for examples.iter().map(|Example { id, label }| html! { <option value={*id}>{label.clone()}</option> }) }
                    </optgroup>
                    <optgroup label="Whole pack">
                        <option value="__pack">{"Run every bundled rule on this code"}</option>
                    </optgroup>
                </select>
            </div>
            <div class="group" role="group" aria-label="Share">
                <button type="button" class="button primary" id="copy-link" onclick={click(&props.on_copy_link)}>{"Copy link"}</button>
                <button type="button" class="button" id="copy-yaml" onclick={click(&props.on_copy_yaml)}>{"Copy YAML"}</button>
                <button type="button" class="button" id="download-yaml" onclick={click(&props.on_download)}>{"Download .yaml"}</button>
                <button type="button" class="button" id="import-yaml" onclick={open_picker} title="Open a Semgrep .yaml rule or a .py file">{"Open file…"}</button>
                <input type="file" ref={file_input} class="visually-hidden" tabindex="-1" aria-hidden="true"
                    accept=".yaml,.yml,.py,text/yaml,application/x-yaml,text/x-python" onchange={on_file} />
            </div>
            <div class="group">
                <button type="button" class="button" id="reset" onclick={click(&props.on_reset)}>{"Reset"}</button>
                <button type="button" class="button" id="large-text" aria-pressed={props.large.to_string()} onclick={click(&props.on_large)}>{"Large text"}</button>
                <button type="button" class="button" id="theme-toggle" aria-pressed={dark.to_string()} onclick={click(&props.on_theme)}>
                    {"Dark theme"}
                </button>
            </div>
        </nav>
    }
}

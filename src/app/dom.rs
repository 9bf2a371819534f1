//! Small browser chores: elements by id, focus, clipboard, downloads, reading dropped files.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The page's element with this id, if it is an HTML element.
pub fn element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    document.get_element_by_id(id)?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Focuses an element without scrolling the page to it.
pub fn focus_in_place(element: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
}

/// A click handler that opens the file picker of a hidden `<input type="file">`.
pub fn open_picker(file_input: &yew::NodeRef) -> yew::Callback<web_sys::MouseEvent> {
    let file_input = file_input.clone();
    yew::Callback::from(move |_| {
        if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
            input.click();
        }
    })
}

/// Writes text to the clipboard; `Err` when the browser refuses.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| describe(&e))
}

/// Offers `text` as a file download.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| describe(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| describe(&e))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|e| describe(&e))?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a file as UTF-8 text, refusing files over `max` bytes.
pub async fn read_file(file: &web_sys::File, max: usize) -> Result<String, String> {
    if file.size() > max as f64 {
        return Err(format!("{} is larger than {} kB", file.name(), max / 1024));
    }
    let text = JsFuture::from(file.text()).await.map_err(|e| describe(&e))?;
    text.as_string().ok_or_else(|| format!("{} is not text", file.name()))
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}

/// A safe file name for a rule id.
pub fn file_name(rule_yaml: &str) -> String {
    let id = rule_yaml
        .lines()
        .find_map(|l| l.trim_start().trim_start_matches("- ").strip_prefix("id:"))
        .map(|id| id.trim().trim_matches(['"', '\'']).to_string())
        .unwrap_or_default();
    let clean: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).take(80).collect();
    if clean.is_empty() {
        "rule.yaml".into()
    } else {
        format!("{clean}.yaml")
    }
}

//! The browser's memory: autosave and backup in localStorage, the theme, the URL fragment.
//!
//! Everything here fails soft: private windows, full quotas and tampered
//! values end as `None` or an error string, never a panic.

use serde::{Deserialize, Serialize};

const WORK_KEY: &str = "flasklight.work.v1";
const BACKUP_KEY: &str = "flasklight.backup.v1";
const THEME_KEY: &str = "flasklight.theme";
const SIZE_KEY: &str = "flasklight.size";
const PRECISE_KEY: &str = "flasklight.precise";
/// Set in sessionStorage by the panic hook, so a reload starts with matching paused.
pub const CRASH_KEY: &str = "flasklight.crashed";

/// What a visitor is working on: exactly what autosave, share links and backups carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub rule: String,
    pub code: String,
    /// Whether the rule pane was in simple mode.
    #[serde(default)]
    pub simple: bool,
}

/// Work set aside when something replaced it (a share link, an example, reset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub work: Work,
    /// Why it was set aside, for the banner.
    pub reason: String,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    let text = local()?.get_item(key).ok()??;
    if text.len() > crate::share::MAX_PAYLOAD * 2 {
        return None;
    }
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(key: &str, value: Option<&T>) -> Result<(), String> {
    let storage = local().ok_or("this browser does not allow local storage here")?;
    match value {
        Some(value) => {
            let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
            storage.set_item(key, &text).map_err(|_| "the browser's storage is full or disabled".to_string())
        }
        None => storage.remove_item(key).map_err(|_| "the browser's storage is disabled".to_string()),
    }
}

pub fn load_work() -> Option<Work> {
    read(WORK_KEY)
}

pub fn save_work(work: &Work) -> Result<(), String> {
    write(WORK_KEY, Some(work))
}

pub fn load_backup() -> Option<Backup> {
    read(BACKUP_KEY)
}

pub fn save_backup(backup: Option<&Backup>) -> Result<(), String> {
    write(BACKUP_KEY, backup)
}

pub fn load_theme() -> Option<String> {
    local()?.get_item(THEME_KEY).ok()?
}

pub fn save_theme(theme: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
}

pub fn load_theme_size() -> bool {
    local().and_then(|s| s.get_item(SIZE_KEY).ok().flatten()).as_deref() == Some("large")
}

pub fn save_size(large: bool) {
    if let Some(storage) = local() {
        let _ = storage.set_item(SIZE_KEY, if large { "large" } else { "normal" });
    }
}

/// The Precise toggle (off unless saved on).
pub fn load_precise() -> bool {
    local().and_then(|s| s.get_item(PRECISE_KEY).ok().flatten()).as_deref() == Some("on")
}

pub fn save_precise(on: bool) {
    if let Some(storage) = local() {
        let _ = storage.set_item(PRECISE_KEY, if on { "on" } else { "off" });
    }
}

pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether the last page in this tab died on a panic; clears the flag.
pub fn take_crash() -> Option<String> {
    let storage = session()?;
    let message = storage.get_item(CRASH_KEY).ok()??;
    let _ = storage.remove_item(CRASH_KEY);
    Some(message)
}

pub fn mark_crash(message: &str) {
    if let Some(storage) = session() {
        let _ = storage.set_item(CRASH_KEY, message);
    }
}

/// The URL fragment (with `#`), or empty.
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Removes the fragment from the address bar without reloading or adding history,
/// so a reload restores the autosave instead of reopening the link.
pub fn clear_hash() {
    replace_url("");
}

/// This page's path and query with `hash` (`""` or `#...`).
fn url_with(hash: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}{hash}", location.pathname().ok()?, location.search().unwrap_or_default()))
}

/// Sets the fragment in place (no new history entry, no `hashchange`).
pub fn replace_url(hash: &str) {
    let (Some(url), Some(Ok(history))) = (url_with(hash), web_sys::window().map(|w| w.history())) else { return };
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Moves to the fragment as a new history entry that Back returns from (no `hashchange`).
pub fn push_url(hash: &str) {
    let (Some(url), Some(Ok(history))) = (url_with(hash), web_sys::window().map(|w| w.history())) else { return };
    let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Learn's progress; a missing, oversized or unreadable value is a fresh start.
pub fn load_progress(key: &str) -> crate::progress::Progress {
    local()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|text| crate::progress::Progress::from_json(&text).ok())
        .unwrap_or_default()
}

pub fn save_progress(key: &str, progress: &crate::progress::Progress) -> Result<(), String> {
    let storage = local().ok_or("this browser does not allow local storage here")?;
    storage.set_item(key, &progress.to_json()).map_err(|_| "the browser's storage is full or disabled".to_string())
}

/// This page's address without fragment, for share links.
pub fn base_url() -> String {
    let Some(window) = web_sys::window() else { return String::new() };
    let location = window.location();
    format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

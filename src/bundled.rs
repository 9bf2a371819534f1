//! The bundled rule pack (`rules/<category>/<id>.yaml` + `<id>.py`) and the
//! workshop lessons (`rules/lessons/*.yaml`).
//!
//! The native build embeds them (see `build.rs`). The wasm app does not: they
//! are a tenth of its size, so the build writes them next to it as
//! `bundled.json` (`scripts/write-bundle.mjs`, a Trunk hook; the service worker
//! caches it with the rest) and the page [`install`]s that file before it
//! starts. Either way [`rules`] and [`lessons`] give them, in the same order.

#[cfg(any(target_arch = "wasm32", test))]
use serde::Deserialize;

/// One rule file of the pack with its test code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BundledRule {
    pub id: &'static str,
    /// The folder under `rules/` (e.g. `flask`).
    pub category: &'static str,
    pub yaml: &'static str,
    /// The sibling `.py` test file with `# ruleid:` / `# ok:` annotations.
    pub code: &'static str,
}

#[cfg(not(target_arch = "wasm32"))]
static EMBEDDED_RULES: &[BundledRule] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The workshop lessons (`rules/lessons/*.yaml`), in file-name order; see `crate::lessons`.
#[cfg(not(target_arch = "wasm32"))]
static EMBEDDED_LESSONS: &[&str] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// The pack and the lessons [`install`]ed from `bundled.json` (the wasm app).
#[cfg(target_arch = "wasm32")]
static INSTALLED: std::sync::OnceLock<(Vec<BundledRule>, Vec<&'static str>)> = std::sync::OnceLock::new();

/// The rule pack, in path order.
#[cfg(not(target_arch = "wasm32"))]
pub fn rules() -> &'static [BundledRule] {
    EMBEDDED_RULES
}

/// The workshop lessons' YAML, in file-name order; see `crate::lessons`.
#[cfg(not(target_arch = "wasm32"))]
pub fn lessons() -> &'static [&'static str] {
    EMBEDDED_LESSONS
}

/// The rule pack, in path order (empty until [`install`]).
#[cfg(target_arch = "wasm32")]
pub fn rules() -> &'static [BundledRule] {
    INSTALLED.get().map_or(&[], |(rules, _)| rules.as_slice())
}

/// The workshop lessons' YAML, in file-name order (empty until [`install`]).
#[cfg(target_arch = "wasm32")]
pub fn lessons() -> &'static [&'static str] {
    INSTALLED.get().map_or(&[], |(_, lessons)| lessons.as_slice())
}

/// `bundled.json` as `scripts/write-bundle.mjs` writes it.
#[cfg(any(target_arch = "wasm32", test))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundle {
    rules: Vec<RuleFile>,
    lessons: Vec<String>,
}

#[cfg(any(target_arch = "wasm32", test))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    category: String,
    yaml: String,
    code: String,
}

/// Reads `bundled.json`: the pack and the lessons, kept for the program's
/// life (read once, at start).
#[cfg(any(target_arch = "wasm32", test))]
fn read(json: &str) -> Result<(Vec<BundledRule>, Vec<&'static str>), String> {
    let bundle: Bundle = serde_json::from_str(json).map_err(|e| format!("bundled.json could not be read: {e}"))?;
    let keep = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
    let rules = bundle
        .rules
        .into_iter()
        .map(|r| BundledRule { id: keep(r.id), category: keep(r.category), yaml: keep(r.yaml), code: keep(r.code) })
        .collect();
    Ok((rules, bundle.lessons.into_iter().map(keep).collect()))
}

/// Installs the pack and the lessons from `bundled.json` (the wasm app, once, before it starts).
#[cfg(target_arch = "wasm32")]
pub fn install(json: &str) -> Result<(), String> {
    let bundle = read(json)?;
    let _ = INSTALLED.set(bundle);
    Ok(())
}

/// All bundled rules as one Semgrep config text.
pub fn pack_yaml() -> String {
    rules_yaml(rules())
}

/// Some bundled rules as one rule file (each file's `rules:` entries, in order).
pub fn rules_yaml(rules: &[BundledRule]) -> String {
    let mut out = String::from("rules:\n");
    for rule in rules {
        let body = rule.yaml.lines().skip_while(|l| !l.trim_start().starts_with("rules:")).skip(1);
        for line in body {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file the wasm app fetches (written by the build's hook) holds what
    /// the CLI embeds, in the same order.
    #[test]
    fn the_apps_bundle_is_what_the_cli_embeds() {
        let dir = std::env::temp_dir().join(format!("flasklight-bundle-{}", std::process::id()));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/write-bundle.mjs");
        let status = std::process::Command::new("node").arg(script).arg(&dir).stdout(std::process::Stdio::null()).status();
        let status = status.expect("node runs scripts/write-bundle.mjs (the app's build needs it too)");
        assert!(status.success(), "write-bundle.mjs failed");
        let json = std::fs::read_to_string(dir.join("bundled.json")).expect("bundled.json written");
        let _ = std::fs::remove_dir_all(&dir);
        let (rules, lessons) = read(&json).expect("bundled.json reads");
        assert_eq!(rules, EMBEDDED_RULES);
        assert_eq!(lessons, EMBEDDED_LESSONS);
        assert!(!rules.is_empty() && !lessons.is_empty());
    }

    #[test]
    fn a_broken_bundle_is_an_error() {
        assert!(read("{").is_err());
        assert!(read(r#"{"rules": [], "lessons": [], "more": 1}"#).is_err());
        assert_eq!(read(r#"{"rules": [], "lessons": ["a"]}"#).unwrap().1, vec!["a"]);
    }
}

//! The bundled rule pack, embedded at build time from `rules/` (see `build.rs`).

/// One rule file of the pack with its test code.
#[derive(Clone, Copy, Debug)]
pub struct BundledRule {
    pub id: &'static str,
    /// The folder under `rules/` (e.g. `flask`).
    pub category: &'static str,
    pub yaml: &'static str,
    /// The sibling `.py` test file with `# ruleid:` / `# ok:` annotations.
    pub code: &'static str,
}

pub static RULES: &[BundledRule] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The workshop lessons (`rules/lessons/*.yaml`), in file-name order; see `crate::lessons`.
pub static LESSONS: &[&str] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// All bundled rules as one Semgrep config text.
pub fn pack_yaml() -> String {
    rules_yaml(RULES)
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

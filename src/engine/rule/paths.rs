//! A rule's `paths:`: which files it runs on, by `include` and `exclude` globs.

use super::model::Rule;

/// Whether a rule's `paths: include/exclude` globs select `path`.
pub fn applies_to(rule: &Rule, path: &str) -> bool {
    let path = path.trim_start_matches("./");
    let included = rule.include.is_empty() || rule.include.iter().any(|glob| glob_matches(glob, path));
    included && !rule.exclude.iter().any(|glob| glob_matches(glob, path))
}

/// Semgrep-style path globs: `*` within a path part, `**` across parts; a glob
/// without `/` may match any part (or run of parts) of the path.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let glob = glob.trim_start_matches("./").trim_end_matches('/');
    let mut re = String::new();
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                re.push_str(".*");
                i += 1;
                if chars.get(i + 1) == Some(&'/') {
                    i += 1;
                }
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    let anchored = if glob.starts_with('/') { format!("^{}(/.*)?$", &re[1..]) } else { format!("(^|.*/){re}(/.*)?$") };
    regex::Regex::new(&anchored).map_or(false, |r| r.is_match(path))
}

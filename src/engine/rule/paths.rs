//! A rule's `paths:`: which files it runs on, by `include` and `exclude` globs.

use super::model::Rule;

/// Whether a rule's `paths: include/exclude` globs select `path`.
pub fn applies_to(rule: &Rule, path: &str) -> bool {
    let path = path.trim_start_matches("./");
    let included = rule.include.is_empty() || rule.include.iter().any(|glob| glob_matches(glob, path));
    included && !rule.exclude.iter().any(|glob| glob_matches(glob, path))
}

/// One piece of a glob.
#[derive(Clone, Copy, PartialEq)]
enum Piece {
    Char(char),
    /// `*`: any run of characters within one part of the path.
    Star,
    /// `**` (with the `/` after it, if any): any run of characters, across parts.
    Stars,
    /// `?`: one character other than `/`.
    One,
}

/// Semgrep-style path globs: `*` within a path part, `**` across parts; a glob
/// without a leading `/` may match from the start of any part of the path, and
/// a match may end at the end of any part (`tests` selects `a/tests/b.py`).
///
/// Matched piece by piece over the path's characters (one pass per piece), not
/// through a regex: the CLI asks this for every rule with `paths:` and every
/// file, and building a regex each time was nine tenths of a scan of a small
/// project.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let glob = glob.trim_start_matches("./").trim_end_matches('/');
    let (anchored, glob) = match glob.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, glob),
    };
    // The glob's text between wildcards is in any path it selects (less a `/`
    // at either end: the one after `**` is optional): a path without its
    // longest such run is not selected, and most paths are not.
    let longest = glob.split(['*', '?']).map(|run| run.trim_matches('/')).max_by_key(|run| run.len()).unwrap_or("");
    if !path.contains(longest) {
        return false;
    }
    let mut pieces = Vec::with_capacity(glob.len());
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        pieces.push(match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                chars.next_if_eq(&'/');
                Piece::Stars
            }
            '*' => Piece::Star,
            '?' => Piece::One,
            c => Piece::Char(c),
        });
    }
    let path: Vec<char> = path.chars().collect();
    // `reach[j]`: the pieces so far can match the path from a start up to `j`.
    // Starts: the path's start, and (unanchored) the start of every part.
    let mut reach: Vec<bool> = (0..=path.len()).map(|j| j == 0 || (!anchored && path[j - 1] == '/')).collect();
    for piece in pieces {
        let mut next = vec![false; path.len() + 1];
        match piece {
            Piece::Char(c) => (0..path.len()).for_each(|j| next[j + 1] = reach[j] && path[j] == c),
            Piece::One => (0..path.len()).for_each(|j| next[j + 1] = reach[j] && path[j] != '/'),
            Piece::Star | Piece::Stars => {
                let mut open = false;
                for j in 0..=path.len() {
                    // A `*` stops at a `/`; `**` goes on.
                    if j > 0 && piece == Piece::Star && path[j - 1] == '/' {
                        open = false;
                    }
                    open |= reach[j];
                    next[j] = open;
                }
            }
        }
        reach = next;
    }
    // The match ends at the path's end or at the end of a part.
    (0..=path.len()).any(|j| reach[j] && (j == path.len() || path[j] == '/'))
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    /// The globs as the regex they stand for (the definition the matcher
    /// follows), tried on every path below: the matcher agrees on each pair.
    fn as_regex(glob: &str) -> regex::Regex {
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
        regex::Regex::new(&anchored).unwrap()
    }

    const GLOBS: &[&str] = &[
        "tests/", "test/", "test_*.py", "*_test.py", "conftest.py", "*.html", "*.py", "/src", "/src/*.py", "src/**/*.py",
        "**/migrations/**", "a?c.py", "templates/**", "./tests", "**", "*", "docs/*/x.md", "é*.py", "/a/b/", "**/x",
    ];
    const PATHS: &[&str] = &[
        "tests/test_app.py", "app/tests/views.py", "app/test_views.py", "app/views_test.py", "conftest.py", "x/conftest.py",
        "templates/index.html", "app.py", "src/app.py", "src/lib/app.py", "lib/src/app.py", "db/migrations/0001.py",
        "abc.py", "a/c.py", "a/b/c.py", "docs/guide/x.md", "docs/x.md", "éa.py", "src", "testsuite/a.py", "mytests/a.py", "",
    ];

    #[test]
    fn globs_select_the_paths_their_regex_does() {
        let mut wrong = Vec::new();
        for glob in GLOBS {
            let re = as_regex(glob);
            for path in PATHS {
                if glob_matches(glob, path) != re.is_match(path) {
                    wrong.push(format!("{glob} on {path}: regex says {}", re.is_match(path)));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn globs_as_semgrep_users_write_them() {
        let cases = [
            ("tests/", "app/tests/views.py", true),
            ("tests/", "testsuite/a.py", false),
            ("test_*.py", "app/test_views.py", true),
            ("test_*.py", "test_dir/app.py", false),
            ("*.html", "templates/index.html", true),
            ("/src/*.py", "src/app.py", true),
            ("/src/*.py", "src/lib/app.py", false),
            ("/src/*.py", "lib/src/app.py", false),
            ("src/**/*.py", "lib/src/a/b/app.py", true),
            ("**/migrations/**", "db/migrations/0001.py", true),
        ];
        for (glob, path, selected) in cases {
            assert_eq!(glob_matches(glob, path), selected, "{glob} on {path}");
        }
    }
}

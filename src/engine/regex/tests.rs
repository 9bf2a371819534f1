//! The regex engines' answers, checked against Semgrep's and fancy-regex's.

use super::Re;

#[test]
fn classes_are_ascii_as_in_pcre_without_ucp() {
    // (regex, text, matches): Semgrep 1.187's answers.
    let cases = [
        (r"^\w+$", "café", false),
        (r"^\w+$", "cafe_1", true),
        (r"^[\w.]+$", "a.b", true),
        (r"^[^\w]+$", "é", true),
        (r"^[\W\d]+$", "é1", true),
        (r"x\sy", "x\u{a0}y", false),
        (r"x\sy", "x\ty", true),
        (r"^\d$", "\u{0663}", false),
        (r"caf\w\b", "café", false),
        (r"caf\b", "caf!", true),
        (r"(?i)^CAFÉ$", "café", true),
        (r"^.$", "é", true),
        (r"^[[:alpha:]\w]+$", "ab_", true),
        (r"\\w", "\\w", true),
        // On the backtracking engine too.
        (r"^(?=\w)\w+(?<!_)$", "café", false),
        (r"^(?=\w)\w+(?<!_)$", "cafe", true),
        (r"(?s).*<(?!(int|float)[:(])\w+", "<x", true),
    ];
    for (pattern, text, expected) in cases {
        let re = Re::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        assert_eq!(re.try_match(text), Ok(expected), "{pattern} on {text:?}");
    }
}

#[test]
fn supports_lookaround_and_backreferences() {
    let re = Re::new("^(?!.*test).*key").unwrap();
    assert!(re.is_match("secret key"));
    assert!(!re.is_match("test key"));
    assert!(Re::new(r"^(.)\1+$").unwrap().is_match("aaaa"));
    assert!(Re::new("(").is_err());
}

#[test]
fn groups_are_named_by_number_and_by_name() {
    for pattern in [r"(\w+)_(?P<KEY>key)(x)?", r"(\w+)_(?P<KEY>key)(?=\b)(x)?"] {
        let re = Re::new(pattern).unwrap();
        assert!(re.has_groups());
        let (found, cut) = re.find_all_groups("a api_key b", 10);
        assert_eq!(cut, None);
        let groups: Vec<(&str, bool, usize, usize)> = found[0].groups.iter().map(|g| (&*g.name, g.named, g.start, g.end)).collect();
        assert_eq!((found[0].start, found[0].end), (2, 9), "{pattern}");
        assert_eq!(groups, [("$1", false, 2, 5), ("$2", false, 6, 9), ("$KEY", true, 6, 9)], "{pattern}");
        let first = re.try_captures("api_key").unwrap().unwrap();
        assert_eq!(first.groups.len(), 3);
    }
    let guarded = Re::new(r"^(?!(x))(\w+)").unwrap();
    assert!(guarded.has_groups());
    let found = guarded.try_captures("ab").unwrap().unwrap();
    assert_eq!(found.groups.iter().map(|g| (&*g.name, g.start, g.end)).collect::<Vec<_>>(), [("$2", 0, 2)]);
    assert!(!Re::new("a+").unwrap().has_groups());
    assert!(!Re::new("(?:a)+").unwrap().has_groups());
}

#[test]
fn errors_come_at_load_even_though_building_waits() {
    // Parses, but the backtracking engine cannot build it.
    assert!(Re::new("(?<=a+)b").is_err());
    // Parses, but is over the size limit.
    assert!(Re::new("(a{1000}){1000}").is_err());
    // Built on first use, and clones share the build.
    let re = Re::new("^[rRuU]{0,2}'x'$").unwrap();
    let copy = re.clone();
    assert!(re.is_match("r'x'") && !re.is_match("'y'"));
    assert!(std::sync::Arc::ptr_eq(&re.compiled, &copy.compiled) && copy.compiled.get().is_some());
}

/// `^(?!X)R` runs on the linear engine, with the backtracking engine's answers.
#[test]
fn leading_negative_lookaheads_run_linear() {
    let cases: &[(&str, &[&str])] = &[
        ("^(?!.*(?i:test)).*$", &["prod.py", "my_Test.py", "", "a\nTEST"]),
        ("^(?![\\[{]|([\\w.]*\\.)?(make_response|Response)\\s*\\()", &["x", "[1]", "{}", "flask.Response(x)", "Responses", "make_response ("]),
        ("(?is)^(?!.*(token|reset|nonce)).*(passw|pwd|passphrase)", &["user_password", "reset_PASSWORD", "PWD", "name"]),
        ("^(?!text/html)[\\w.+-]+/[\\w.+-]+", &["text/plain", "text/html", "application/json; x", "nope"]),
        ("^(?!(str|repr)$)(?!.*\\.(format|join)$)", &["str", "strip", "x.join", "x.joins", "a.b"]),
        ("^(?![]a)])b", &["b", "]b", "ab", ")b"]),
        // As `metavariable-regex` anchors a regex.
        ("^(?:^(?!(str|repr)$)(?!.*\\.(format|join)$))", &["str", "strip", "x.join", "x.joins"]),
        ("^(?:(?!.*(?i:test)).*$)", &["prod.py", "my_Test.py"]),
        ("^(?:(?is)^(?!.*(token|reset)).*(passw|pwd))", &["user_password", "reset_PASSWORD", "name"]),
    ];
    for (pattern, texts) in cases {
        let re = Re::new(pattern).unwrap();
        assert!(matches!(re.compiled(), super::Compiled::Guarded { .. }), "{pattern}");
        let fancy = fancy_regex::Regex::new(pattern).unwrap();
        for text in *texts {
            assert_eq!(re.is_match(text), fancy.is_match(text).unwrap(), "{pattern} on {text:?}");
            let want: Vec<(usize, usize)> = fancy.find_iter(text).map(|m| m.map(|m| (m.start(), m.end())).unwrap()).collect();
            assert_eq!(re.find_all(text, 10).0, want, "{pattern} on {text:?}");
        }
    }
    // Other shapes stay on the backtracking engine.
    for pattern in ["(?m)^(?!a)b", "^(?=a)a", "^(?!a)(.)\\1", "^(?:(?m)^(?!a)b)", "^(?:a)|(?!b)"] {
        assert!(matches!(Re::new(pattern).unwrap().compiled(), super::Compiled::Backtracking(_)), "{pattern}");
    }
}

/// `^((?!X)|R)` runs on the linear engine, with the backtracking engine's
/// answers (ASCII classes on both) and groups.
#[test]
fn negative_lookahead_alternative_runs_linear() {
    let texts = ["os.path.join(a)", "request.args", "flask.request.args", "x", "", "f(x)", "helper(x)", "get_file(x)", "a.B.resolve (y)", "open(p)", "name\n(", "é(x)"];
    let patterns = [
        "(?s)^((?![\\w.]+\\s*\\()|(\\w+\\.)*request\\b|[\\w.]*(?i:path|file|dir|join|name|location|resolve|str|format|get)\\w*\\s*\\()",
        // As `metavariable-regex` anchors a regex.
        "^(?:(?s)^((?![\\w.]+\\s*\\()|(\\w+\\.)*request\\b|[\\w.]*(?i:path|file)\\w*\\s*\\())",
        "^(?:(?!\\w+\\()|(?P<base>\\w+)\\.\\w+\\(|open\\()",
        "(?i)^((?!OPEN)|o(p)en)",
    ];
    for pattern in patterns {
        let re = Re::new(pattern).unwrap();
        assert!(matches!(re.compiled(), super::Compiled::OrNot { .. }), "{pattern}");
        let fancy = fancy_regex::Regex::new(&super::ascii_classes(pattern, super::Engine::Backtracking)).unwrap();
        let names = super::group_names(fancy.capture_names());
        for text in texts {
            assert_eq!(re.try_match(text), Ok(fancy.is_match(text).unwrap()), "{pattern} on {text:?}");
            let want: Vec<(usize, usize)> = fancy.find_iter(text).map(|m| m.map(|m| (m.start(), m.end())).unwrap()).collect();
            assert_eq!(re.find_all(text, 10).0, want, "{pattern} on {text:?}");
            let want = fancy.captures(text).unwrap().map(|c| super::backtracking_match(&c, &names));
            assert_eq!(re.try_captures(text), Ok(want.clone()), "{pattern} on {text:?}");
            assert_eq!(re.find_all_groups(text, 10).0, want.into_iter().collect::<Vec<_>>(), "{pattern} on {text:?}");
            assert_eq!(re.binds_groups(), fancy.captures_len() > 1, "{pattern}");
        }
    }
    // Other shapes stay on the backtracking engine: a later alternative,
    // groups in the look-ahead, an alternation that ends before the pattern,
    // `^` on the first alternative only.
    for pattern in ["^(a|(?!b))", "^(?!b)a|c", "^((?!(b))|a)", "^((?!b)|a)c", "^(?!b)|a", "^(?P<n>(?!b)|a)"] {
        assert!(matches!(Re::new(pattern).unwrap().compiled(), super::Compiled::Backtracking(_)), "{pattern}");
    }
}

/// `(?s).*L(?!X)` answers `try_match` on the linear engine, with the
/// backtracking engine's answers; its groups bind nothing.
#[test]
fn trailing_negative_lookahead_matches_linear() {
    let texts = ["/user/<int:id>", "/user/<id>", "/<uuid(x)>/<float:f>", "<", "a<int", "<<int:", "no brackets", "é<é", "x\n<y"];
    for pattern in ["(?s).*<(?!(int|float|uuid)[:(])", "^(?:(?s).*<(?!(int|float|uuid)[:(]))", "(?s).*<<(?!int)", "(?s).*a<(?!.)"] {
        let re = Re::new(pattern).unwrap();
        assert!(matches!(re.compiled(), super::Compiled::TrailingNot { .. }), "{pattern}");
        assert!(!re.binds_groups(), "{pattern}");
        let fancy = fancy_regex::Regex::new(pattern).unwrap();
        for text in texts {
            assert_eq!(re.try_match(text), Ok(fancy.is_match(text).unwrap()), "{pattern} on {text:?}");
        }
    }
    // Context-reading or lazy shapes stay on the backtracking engine.
    for pattern in ["(?s).*<(?!\\b)", "(?s).*?<(?!a)", ".*<(?!a)", "(?s).*<(?!a)b", "^(?:(?s).*<(?!a))|b"] {
        assert!(matches!(Re::new(pattern).unwrap().compiled(), super::Compiled::Backtracking(_)), "{pattern}");
    }
    // Groups outside negative look-arounds bind; inside them, never.
    assert!(Re::new("(a)(?!b)").unwrap().binds_groups());
    assert!(!Re::new("a(?!(b))").unwrap().binds_groups());
    assert!(Re::new("(?=(a))").unwrap().binds_groups());
    assert!(!Re::new("^(?!(self|cls)\\b)").unwrap().binds_groups());
    assert!(Re::new("^(?!(x))(\\w+)").unwrap().binds_groups());
}

#[test]
fn catastrophic_backtracking_gives_up() {
    let re = Re::new(r"^(a+)+\1$").unwrap();
    let text = format!("{}b", "a".repeat(64));
    let start = std::time::Instant::now();
    assert!(!re.is_match(&text));
    assert!(start.elapsed().as_secs() < 5);
}

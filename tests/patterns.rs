//! Data-driven pattern tests: code and pattern in, matched lines out.
//! Each case is `(pattern, code, lines where matches must start)`.

mod support;

use flasklight::engine::session::Session;

fn rule_yaml(pattern: &str) -> String {
    flasklight::engine::config::SimpleRule {
        id: "t".into(),
        message: "m".into(),
        severity: "WARNING".into(),
        pattern: pattern.into(),
        ..Default::default()
    }
    .to_yaml()
}

/// Runs a whole rule YAML and returns the start lines of its findings.
fn lines_of(yaml: &str, code: &str) -> Vec<u32> {
    let mut session = Session::new();
    let diagnostics = session.set_rules(yaml);
    assert!(diagnostics.is_empty(), "rule did not load: {diagnostics:?}\n{yaml}");
    session.set_code(code);
    let mut lines: Vec<u32> = session.run().findings.iter().map(|f| f.start.line).collect();
    lines.dedup();
    lines
}

fn check(pattern: &str, code: &str, expected: &[u32]) {
    assert_eq!(lines_of(&rule_yaml(pattern), code), expected, "pattern {pattern:?} on:\n{code}");
}

#[test]
fn metavariables() {
    check("eval($X)", "eval(a)\neval(b + 1)\nprint(x)\n", &[1, 2]);
    check("$X == $X", "a == a\na == b\nf(1) == f(1)\n", &[1, 3]);
    check("$F($X, $X)", "f(a, a)\nf('a', \"a\")\nf(a, b)\n", &[1, 2]);
    check("$_ = request.args", "x = request.args\ny = request.form\n", &[1]);
    check("def $F(...):\n    return $F", "def f():\n    return f\ndef g():\n    return f\n", &[1]);
}

#[test]
fn call_arguments_and_keywords() {
    let code = "app.run(debug=True)\napp.run(host='0.0.0.0', debug=True)\napp.run()\napp.run(debug=False)\napp.run(\n    port=5000,\n    debug=True,\n)\n";
    check("app.run(..., debug=True, ...)", code, &[1, 2, 5]);
    check("app.run(debug=True)", code, &[1]);
    check("app.run(debug=True, host=$H)", code, &[2]);
    check("f(..., 5)", "f(5)\nf(1, 5)\nf(5, 1)\n", &[1, 2]);
    check("f($...ARGS, last)", "f(last)\nf(a, b, last)\nf(last, a)\n", &[1, 2]);
    // `...` after `**kwargs` (Python takes no positional argument there; Semgrep's patterns do).
    let code = "subprocess.run(cmd, **opts, check=True)\nsubprocess.run(cmd, **opts)\nsubprocess.run(cmd)\n";
    check("subprocess.run(..., **opts, ...)", code, &[1, 2]);
    check("subprocess.run(..., **$KW, check=True)", code, &[1]);
    // A keyword before a positional argument parses in a pattern (not in
    // Python); keywords match in any order (Semgrep 1.187: the same lines).
    check("f(a=1, $B)", "f(b, a=1)\nf(b, c, a=1)\nf(a=2, b)\n", &[1]);
    // `with ... as ...:` (an ellipsis as the target) wants an `as` (Semgrep 1.187: the same lines).
    let code = "with open(p) as f:\n    g()\nwith open(p):\n    g()\nwith a as x, b as y:\n    g()\n";
    check("with ... as ...:\n    ...", code, &[1, 5]);
}

#[test]
fn fstring_fields_next_to_quotes() {
    // The quotes around `{$X}` are text of the f-string, as SQL written by hand has them.
    let code = "cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\ncur.execute(f\"SELECT * FROM users WHERE id = {uid}\")\n";
    check("$C.execute(f\"SELECT * FROM users WHERE name = '{$X}'\")", code, &[1]);
    check("$C.execute(f\"...{$X}...\")", code, &[1, 2]);
    check("f\"{$A} {{literal}} {$B}\"", "q = f\"{a} {{literal}} {b}\"\nq = f\"{a} {b}\"\n", &[1]);
}

#[test]
fn parallel_assignments_and_with_items() {
    // `a, b = x, "c"` is also `a = x` and `b = "c"` (a hard-coded password hides in pairs too).
    let code = "user, password = 'admin', 'hunter2'\nuser, password = form['u'], form['p']\npassword = 'x'\n";
    check("password = '...'", code, &[1, 3]);
    check("$U, $P = $A, $B", code, &[1, 2]);
    // `with e as v:` is `v = e`: only a bare metavariable item matches it without `as`.
    let code = "with open(path) as fh:\n    pass\nwith open(path):\n    pass\n";
    check("with open(...):\n    ...", code, &[3]);
    check("with $CTX:\n    ...", code, &[1, 3]);
    check("with open(...) as $F:\n    ...", code, &[1]);
}

#[test]
fn generators_with_and_without_their_own_parentheses() {
    // A bare generator argument is a list comprehension to Semgrep; a parenthesized one is not.
    let code = "''.join([c for c in s])\n''.join(c for c in s)\n''.join((c for c in s))\n";
    check("''.join(c for c in s)", code, &[1, 2]);
    check("[c for c in s]", code, &[1, 2]);
    check("(c for c in s)", code, &[3]);
    check("''.join((c for c in s))", code, &[3]);
}

#[test]
fn statement_sequences() {
    let code = "def view():\n    q = 'SELECT ' + name\n    log(q)\n    cur.execute(q)\n\ndef safe():\n    q = 'SELECT 1'\n    cur.execute(other)\n";
    check("$Q = $A + $B\n...\n$CUR.execute($Q)", code, &[2]);
    check("foo()\n...\nbar()", "foo()\nif x:\n    bar()\nfoo()\nbaz()\n", &[1]);
    // `def` also matches `async def` (Semgrep does); `async def` only that.
    check("def $F(...):\n    ...", "def a(x):\n    pass\nasync def b():\n    pass\n", &[1, 3]);
    check("async def $F(...):\n    ...", "def a(x):\n    pass\nasync def b():\n    pass\n", &[3]);
    check("for $X in $Y:\n    ...", "async def f():\n    for x in y:\n        pass\n    async for x in y:\n        pass\n", &[2, 4]);
    // A call statement of a sequence is found inside assignments and returns, not in
    // `raise`, `assert` or an `if` header; a deep `<... e ...>` reaches those too.
    let code = "x = 1 + load()\nsave()\nraise Error(load())\nsave()\nif load():\n    pass\nsave()\n";
    check("load(...)\n...\nsave()", code, &[1]);
    check("<... load() ...>\n...\nsave()", code, &[1, 3, 5]);
}

#[test]
fn each_binding_of_a_sequence_survives_the_other_terms() {
    // Three calls of `log` in one body: `focus-metavariable` reports each, also
    // after a `pattern-inside` (equal text at different places is not one binding).
    let yaml = "rules:\n- id: t\n  languages: [python]\n  severity: INFO\n  message: m\n  patterns:\n    - pattern: |\n        def $F(...):\n          ...\n          $CALL(...)\n          ...\n    - pattern-inside: |\n        def $G(...):\n          ...\n    - focus-metavariable: $CALL\n";
    let code = "def handler():\n    log(1)\n    log(\n        2)\n    log(3)\n";
    assert_eq!(lines_of(yaml, code), vec![2, 3, 5]);
}

#[test]
fn strings_deep_and_regex() {
    check("foo(\"...\")", "foo('a')\nfoo(f'x{y}')\nfoo(1)\n", &[1]);
    check("f\"...{$X}...\"", "a = f'hi {name}'\nb = 'hi'\n", &[1]);
    check("foo(<... request ...>)", "foo(request.args['x'] + 1)\nfoo(1)\n", &[1]);
    check("$X = \"=~/^sk_live_/\"", "k = 'sk_live_abc'\nk = 'pk_test'\n", &[1]);
    // `...` in a `+` chain stands for one or more operands (as in Semgrep).
    check("$Q = \"...\" + ...", "q = 'SELECT ' + a\nq = 'SELECT ' + a + ' AND ' + b\nq = x + a\nq = 'SELECT 1'\n", &[1, 2]);
    check("$S + ... + $LAST", "t = a + b\nt = a + b + c\nt = a + b + c + d\n", &[2, 3]);
}

#[test]
fn import_aliases_resolve() {
    check("subprocess.run(...)", "import subprocess as sp\nsp.run(x)\nrun(x)\n", &[2]);
    check("flask.Flask(...)", "from flask import Flask\napp = Flask(__name__)\n", &[2]);
    check("flask.request.args", "from flask import request as req\nx = req.args\ny = req.form\n", &[2]);
    check("os.system($X)", "from os import system\nsystem(cmd)\n", &[2]);
}

#[test]
fn rule_operators() {
    let code = "def view():\n    cur.execute('SELECT %s' % x)\n    cur.execute('SELECT 1')\n    cur.execute(q, (x,))\n";
    let yaml = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m $X\n  patterns:\n    - pattern: $C.execute($Q, ...)\n    - pattern-not: $C.execute(\"...\", ...)\n    - pattern-not: $C.execute($S, ($P,))\n    - pattern-inside: |\n        def $F(...):\n          ...\n";
    assert_eq!(lines_of(yaml, code), vec![2]);
    let regex = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n    - pattern: hashlib.$H(...)\n    - metavariable-regex:\n        metavariable: $H\n        regex: (md5|sha1)\n";
    assert_eq!(lines_of(regex, "import hashlib\nhashlib.md5(p)\nhashlib.sha256(p)\nhashlib.sha1(p)\n"), vec![2, 4]);
    let cmp = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n    - pattern: rsa.generate_private_key(..., key_size=$N, ...)\n    - metavariable-comparison:\n        metavariable: $N\n        comparison: $N < 2048\n";
    assert_eq!(lines_of(cmp, "rsa.generate_private_key(key_size=1024)\nrsa.generate_private_key(key_size=4096)\n"), vec![1]);
    let focus = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n    - pattern: |\n        $A = 1\n        $B = 2\n    - focus-metavariable: $B\n";
    assert_eq!(lines_of(focus, "a = 1\nb = 2\n"), vec![2]);
    // Focusing narrows a match; a metavariable bound outside it (here by pattern-inside) gives nothing, as in Semgrep.
    let outside = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n    - pattern-inside: |\n        def $F(...):\n          ...\n    - pattern: g()\n    - focus-metavariable: $F\n";
    assert_eq!(lines_of(outside, "def f():\n    g()\n"), Vec::<u32>::new());
    let either = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern-either:\n    - pattern: pickle.loads(...)\n    - pattern: marshal.loads(...)\n";
    assert_eq!(lines_of(either, "import pickle, marshal\npickle.loads(b)\nmarshal.loads(b)\njson.loads(b)\n"), vec![2, 3]);
    // A metavariable-regex on what a sequence pattern-inside binds ($LIB), and one on
    // what only the positive pattern binds ($M): both hold on the final matches.
    let client = "rules:\n- id: t\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n    - pattern-inside: |\n        $C = $LIB.Session()\n        ...\n    - metavariable-regex:\n        metavariable: $LIB\n        regex: ^requests$\n    - pattern: $C.$M(...)\n    - metavariable-regex:\n        metavariable: $M\n        regex: ^get$\n";
    let code = "s = requests.Session()\ns.get(u)\ns.put(u)\nt = other.Session()\nt.get(u)\ns.get(v)\n";
    assert_eq!(lines_of(client, code), vec![2, 6]);
    assert_eq!(lines_of(client, "t = other.Session()\nt.get(u)\n"), Vec::<u32>::new());
}

#[test]
fn findings_carry_message_bindings_and_fix() {
    let yaml = "rules:\n- id: t\n  languages: [python]\n  severity: WARNING\n  message: yaml.load on $X\n  pattern: yaml.load($X)\n  fix: yaml.safe_load($X)\n";
    let mut session = Session::new();
    assert!(session.set_rules(yaml).is_empty());
    session.set_code("import yaml\ndata = yaml.load(body)\n");
    let report = session.run();
    let f = &report.findings[0];
    assert_eq!(f.message, "yaml.load on body");
    assert_eq!((f.start.line, f.start.col, f.end.col), (2, 8, 23));
    assert_eq!(f.bindings[0].name, "$X");
    assert_eq!(f.bindings[0].text, "body");
    assert_eq!(f.fix.as_deref(), Some("yaml.safe_load(body)"));
    assert_eq!(f.fixed_code("import yaml\ndata = yaml.load(body)\n").as_deref(), Some("import yaml\ndata = yaml.safe_load(body)\n"));
}

#[test]
fn syntax_errors_do_not_stop_matching() {
    let code = "eval(a)\ndef broken(:\n    pass\ndef fine():\n    eval(b)\n";
    let mut session = Session::new();
    session.set_rules(&rule_yaml("eval($X)"));
    session.set_code(code);
    let report = session.run();
    assert_eq!(report.syntax_errors.len(), 1);
    assert_eq!(report.syntax_errors[0].start.line, 2);
    let lines: Vec<u32> = report.findings.iter().map(|f| f.start.line).collect();
    assert_eq!(lines, vec![1, 5]);
}

/// The index prefilters of `find` (required words, candidates by name,
/// anchors) only skip places where the pattern cannot match: on Semgrep's
/// pattern suite (every pattern against every file) and the bundled pack's
/// patterns against the pack's files and the labelled app, `find` and the
/// unfiltered search report the same ranges.
#[test]
fn prefilters_never_change_matches() {
    use flasklight::engine::matcher::{find, find_everywhere, TreeIndex, DEFAULT_BUDGET};
    use flasklight::engine::pattern::{parse_pattern, Pattern};
    use flasklight::engine::rule::{Formula, Term};

    fn patterns_of(formula: &Formula, out: &mut Vec<Pattern>) {
        match formula {
            Formula::Pattern(p) => out.push((**p).clone()),
            Formula::Regex(_) | Formula::Generic(_) => {}
            Formula::Or(items) => items.iter().for_each(|f| patterns_of(f, out)),
            Formula::And(terms) => terms.iter().for_each(|t| match t {
                Term::Positive(f) | Term::Not(f) | Term::Inside(f) | Term::NotInside(f) => patterns_of(f, out),
                Term::MetavariablePattern { formula, .. } => patterns_of(formula, out),
                _ => {}
            }),
        }
    }
    fn py_files(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                py_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "py") {
                out.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    fn compare(patterns: &[Pattern], files: &[String]) -> usize {
        let mut checked = 0;
        for code in files {
            let parsed = flasklight::engine::python::parse_code(code);
            let index = TreeIndex::new(&parsed.root);
            for pattern in patterns {
                let fast = find(pattern, &index, DEFAULT_BUDGET);
                let slow = find_everywhere(pattern, &index, DEFAULT_BUDGET);
                if fast.exhausted || slow.exhausted {
                    continue;
                }
                let spans = |found: &flasklight::engine::matcher::Found<'_>| {
                    let mut v: Vec<_> = found.matches.iter().map(|m| (m.span.start, m.span.end)).collect();
                    v.dedup();
                    v
                };
                assert_eq!(spans(&fast), spans(&slow), "pattern {:?} on:\n{code}", pattern.text);
                checked += 1;
            }
        }
        checked
    }

    // Semgrep's pattern suite, every pattern against every file.
    let suite = support::conformance_dir("prefilters_never_change_matches");
    let mut patterns = Vec::new();
    let mut files = Vec::new();
    for entry in suite.iter().flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten().flatten()) {
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("sgrep") => patterns.extend(parse_pattern(&std::fs::read_to_string(&path).unwrap_or_default()).ok()),
            Some("py") => files.push(std::fs::read_to_string(&path).unwrap_or_default()),
            _ => {}
        }
    }
    let suite_checks = compare(&patterns, &files);

    // The pack's patterns against its own files and the labelled app.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (rules, _) = flasklight::engine::config::load_rules(&flasklight::bundled::pack_yaml());
    let mut patterns = Vec::new();
    for rule in &rules {
        patterns_of(&rule.formula, &mut patterns);
        if let Some(taint) = &rule.taint {
            for f in taint.sources.iter().chain(&taint.sinks).chain(&taint.sanitizers) {
                patterns_of(f, &mut patterns);
            }
        }
    }
    let mut files = Vec::new();
    py_files(&root.join("rules"), &mut files);
    py_files(&root.join("tests/corpus"), &mut files);
    let pack_checks = compare(&patterns, &files);
    assert!(pack_checks > 1000, "too few pack checks: {pack_checks}");
    // Without the suite (outside CI only), `conformance_dir` has said so loudly.
    assert!(suite_checks > 1000 || suite.is_none(), "too few suite checks: {suite_checks}");
}

#[test]
fn metavariable_type_string_is_str() {
    // Semgrep 1.187 takes `type: string` for a Python string (the same lines).
    let yaml = "rules:\n- id: t\n  languages: [python]\n  severity: INFO\n  message: m\n  patterns:\n    - pattern: $X + $Y\n    - metavariable-type:\n        metavariable: $X\n        type: string\n";
    assert_eq!(lines_of(yaml, "a = \"foo\" + b\nc = 1 + b\nd = x + b\n"), vec![1]);
}

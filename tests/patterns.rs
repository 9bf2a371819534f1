//! Data-driven pattern tests: code and pattern in, matched lines out.
//! Each case is `(pattern, code, lines where matches must start)`.

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
}

#[test]
fn statement_sequences() {
    let code = "def view():\n    q = 'SELECT ' + name\n    log(q)\n    cur.execute(q)\n\ndef safe():\n    q = 'SELECT 1'\n    cur.execute(other)\n";
    check("$Q = $A + $B\n...\n$CUR.execute($Q)", code, &[2]);
    check("foo()\n...\nbar()", "foo()\nif x:\n    bar()\nfoo()\nbaz()\n", &[1]);
    check("def $F(...):\n    ...", "def a(x):\n    pass\nasync def b():\n    pass\n", &[1]);
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

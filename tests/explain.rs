//! Explanations (issue 21), through the engine's front door: every kind of
//! "why not" answer on a small case (one table: rule, code with the asked
//! line marked `#?`, expected kind and words), the inspect tree (places,
//! counts, candidates left, nodes turned off), the trees, silent zeros and
//! the hit diff.

use flasklight::engine::explain::{self, InspectOptions, Operator, ReasonKind};
use flasklight::engine::session::Session;
use flasklight::engine::source::Span;

/// A rule `r` with `body` (the rule's formula keys, indented by two) under the common keys.
/// Its body starts at line 6 of the YAML.
fn rule_yaml(body: &str) -> String {
    format!("rules:\n- id: r\n  languages: [python]\n  severity: ERROR\n  message: m\n{body}")
}

fn session(yaml: &str, code: &str) -> Session {
    let mut session = Session::new();
    let errors: Vec<_> = session.set_rules(yaml).into_iter().filter(|d| d.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    session.set_code(code);
    session
}

/// The caret: the start of the line marked `#?`.
fn caret(code: &str) -> Span {
    let mark = code.find("#?").expect("a line marked #?");
    let at = code[..mark].rfind('\n').map_or(0, |n| n + 1) as u32;
    Span::new(at, at)
}

struct Case {
    name: &'static str,
    body: &'static str,
    code: &'static str,
    kind: ReasonKind,
    /// Words the first reason must say (each checked).
    says: &'static [&'static str],
    /// Whether that is the only reason given.
    only: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "reported",
        body: "  pattern: foo(...)\n",
        code: "foo(1)  #?\n",
        kind: ReasonKind::Reported,
        says: &["the rule reports this: line 1 (`foo(1)`)"],
        only: false,
    },
    Case {
        name: "pattern-not matched it",
        body: "  patterns:\n  - pattern: foo($X)\n  - pattern-not: foo(1)\n",
        code: "foo(2)\nfoo(1)  #?\n",
        kind: ReasonKind::RemovedByNot,
        says: &["a candidate at line 2 (`foo(1)`) was removed: `pattern-not` at rule line 8 matched it"],
        only: false,
    },
    Case {
        name: "no pattern-inside contains it",
        body: "  patterns:\n  - pattern-inside: |\n      def $F(...):\n        ...\n  - pattern: foo(...)\n",
        code: "def f():\n    foo(1)\nfoo(2)  #?\n",
        kind: ReasonKind::NotInside,
        says: &["a candidate at line 3 (`foo(2)`) was removed: no match of `pattern-inside` at rule line 7 contains it"],
        only: false,
    },
    Case {
        name: "a pattern-not-inside is around it",
        body: "  patterns:\n  - pattern: foo(...)\n  - pattern-not-inside: |\n      with lock:\n        ...\n",
        code: "with lock:\n    foo(1)  #?\nfoo(2)\n",
        kind: ReasonKind::InsideNotInside,
        says: &["was removed: `pattern-not-inside` at rule line 8 matches around it (its match at lines 1-2)"],
        only: false,
    },
    Case {
        name: "metavariable-regex does not match the bound text",
        body: "  patterns:\n  - pattern: foo($X)\n  - metavariable-regex:\n      metavariable: $X\n      regex: ^a\\d+$\n",
        code: "foo(\"abc\")  #?\n",
        kind: ReasonKind::MetavariableCondition,
        says: &["`metavariable-regex` at rule line 8 on $X: `\"abc\"` does not match ^a\\d+$"],
        only: false,
    },
    Case {
        name: "metavariable-comparison is false",
        body: "  patterns:\n  - pattern: sleep($N)\n  - metavariable-comparison:\n      metavariable: $N\n      comparison: $N > 10\n",
        code: "sleep(3)  #?\n",
        kind: ReasonKind::MetavariableCondition,
        says: &["`metavariable-comparison` at rule line 8: `$N > 10` is false with $N = 3"],
        only: false,
    },
    Case {
        name: "focus-metavariable moved it elsewhere",
        body: "  patterns:\n  - pattern: foo($A, $B)\n  - focus-metavariable: $B\n",
        code: "foo(a,  #?\n    b)\n",
        kind: ReasonKind::FocusMoved,
        says: &["was moved elsewhere: `focus-metavariable` at rule line 8 narrows it to $B at line 2 (`b`)"],
        only: false,
    },
    Case {
        name: "a second positive pattern does not match the same range",
        body: "  patterns:\n  - pattern: foo(...)\n  - pattern: foo(1, ...)\n",
        code: "foo(2)  #?\n",
        kind: ReasonKind::NoSameRange,
        says: &["`pattern` at rule line 8 does not match the same range: argument 1: pattern wants `1`, the code has a number (`2`)"],
        only: false,
    },
    Case {
        name: "near miss: an f-string wanted, a %-format found",
        body: "  pattern: db.execute(f\"...{$X}...\")\n",
        code: "db.execute(\"SELECT %s\" % name)  #?\n",
        kind: ReasonKind::NearMiss,
        says: &["`pattern` at rule line 6", "comes closest at line 1: argument 1: pattern wants an f-string, the code has a %-format"],
        only: false,
    },
    Case {
        name: "near miss: a keyword's value",
        body: "  pattern: app.run(..., debug=True, ...)\n",
        code: "app.run(host=h, debug=flag)  #?\n",
        kind: ReasonKind::NearMiss,
        says: &["keyword debug: pattern wants `True`, the code has a name (`flag`)"],
        only: false,
    },
    Case {
        name: "near miss: a missing keyword",
        body: "  pattern: app.run(debug=True)\n",
        code: "app.run(host=h)  #?\n",
        kind: ReasonKind::NearMiss,
        says: &["keyword debug: the code has no such keyword argument"],
        only: false,
    },
    Case {
        name: "near miss: another function",
        body: "  pattern: os.system($CMD)\n",
        code: "import os\nos.popen(cmd)  #?\n",
        kind: ReasonKind::NearMiss,
        says: &["the function"],
        only: false,
    },
    Case {
        name: "near miss: a statement sequence breaks off",
        body: "  pattern: |\n    $F = open($P)\n    $F.close()\n",
        code: "def g(p):\n    f = open(p)  #?\n    f.write(1)\n",
        kind: ReasonKind::NearMiss,
        says: &["a statement sequence: found the first statement at line 2, no second one (`$F.close()`) right after it in the same block"],
        only: false,
    },
    Case {
        name: "nothing of the pattern's kind here",
        body: "  pattern: eval(...)\n",
        code: "x = 1  #?\n",
        kind: ReasonKind::NoCandidate,
        says: &["`pattern` at rule line 6 (`eval(...)`) matches nothing here: nothing here is a call of `eval`"],
        only: false,
    },
    Case {
        name: "pattern-either: the closest item is explained",
        body: "  pattern-either:\n  - pattern: eval($X)\n  - pattern: exec($X, 1)\n",
        code: "exec(x, 2)  #?\n",
        kind: ReasonKind::NearMiss,
        says: &["`pattern` at rule line 8", "argument 2: pattern wants `1`, the code has a number (`2`)"],
        only: true,
    },
    Case {
        name: "taint: the code is no sink",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "x = request.args\nprint(x)  #?\n",
        kind: ReasonKind::TaintNoSink,
        says: &["no sink matches here: this code is not a sink"],
        only: false,
    },
    Case {
        name: "taint: the code is a source, not a sink",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "x = request.args  #?\nprint(x)\n",
        kind: ReasonKind::TaintNoSink,
        says: &["no sink matches here: this code is a source (`pattern-sources` at rule line 8), and a taint rule reports the sinks its data reaches"],
        only: true,
    },
    Case {
        name: "taint: no source anywhere",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "x = input()\nos.system(x)  #?\n",
        kind: ReasonKind::TaintNoSource,
        says: &["a sink matches here (line 2), but no source matches anywhere in this code"],
        only: false,
    },
    Case {
        name: "taint: a sanitizer between source and sink",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n  pattern-sanitizers:\n  - pattern: shlex.quote(...)\n",
        code: "def f():\n    x = request.args\n    y = shlex.quote(x)\n    os.system(y)  #?\n",
        kind: ReasonKind::TaintSanitized,
        says: &["the taint from the source at line 2 stops at line 3: `shlex.quote(x)` is matched by a sanitizer (`pattern-sanitizers` at rule line 12)"],
        only: true,
    },
    Case {
        name: "taint: a sanitizer inside the sink",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n  pattern-sanitizers:\n  - pattern: shlex.quote(...)\n",
        code: "def f():\n    x = request.args\n    os.system(shlex.quote(x))  #?\n",
        kind: ReasonKind::TaintSanitized,
        says: &["stops at line 3: `shlex.quote(x)` is matched by a sanitizer (`pattern-sanitizers` at rule line 12)"],
        only: true,
    },
    Case {
        name: "taint: a by-side-effect sanitizer cleans the variable",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n  pattern-sanitizers:\n  - by-side-effect: true\n    patterns:\n    - pattern: validate($X)\n    - focus-metavariable: $X\n",
        code: "def f():\n    x = request.args\n    validate(x)\n    os.system(x)  #?\n",
        kind: ReasonKind::TaintSanitized,
        says: &["the taint from the source at line 2 stops at line 3: a sanitizer (`pattern-sanitizers` at rule line 12) with `by-side-effect` matches `x`, which cleans `x` after that statement"],
        only: true,
    },
    Case {
        name: "taint: a call in a comprehension's element gives the list nothing",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    names = [n.strip() for n in request.args]\n    os.system(names)  #?\n",
        kind: ReasonKind::TaintElement,
        says: &["the taint from the source at line 2 stops at line 2: `n.strip()` is in a list comprehension's element, where, as in Semgrep, what a call, an f-string or a conditional gives does not reach the list"],
        only: true,
    },
    Case {
        name: "taint: an option of the rule keeps a call clean",
        body: "  mode: taint\n  options:\n    taint_assume_safe_functions: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = request.args\n    y = wrap(x)\n    os.system(y)  #?\n",
        kind: ReasonKind::TaintOption,
        says: &["the taint from the source at line 2 stops at line 3: `wrap(x)` is clean under the rule's `taint_assume_safe_functions: true`: a call's result does not carry the taint of its arguments or receiver"],
        only: true,
    },
    Case {
        name: "taint: only assignments propagate",
        body: "  mode: taint\n  options:\n    taint_only_propagate_through_assignments: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system($X)\n",
        code: "def f():\n    x = request.args\n    y = x + \" -l\"\n    os.system(y)  #?\n",
        kind: ReasonKind::TaintOption,
        says: &["stops at line 3: `x + \" -l\"` is clean under the rule's `taint_only_propagate_through_assignments: true`"],
        only: true,
    },
    Case {
        name: "taint: an assignment replaced the value",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = request.args\n    x = \"ls\"\n    os.system(x)  #?\n",
        kind: ReasonKind::TaintReplaced,
        says: &["the taint from the source at line 2 stops at line 3: `x = \"ls\"` replaces the tainted value of `x` with one that is not tainted"],
        only: true,
    },
    Case {
        name: "taint: another variable reaches the sink",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = request.args\n    y = \"ls\"\n    os.system(y)  #?\n",
        kind: ReasonKind::TaintOtherVariable,
        says: &["at the sink here (line 4) `x` (from the source at line 2) holds a tainted value, but the sink (`os.system(y)`) does not use it"],
        only: true,
    },
    Case {
        name: "taint: no source in the sink's function",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = request.args\n    return x\ndef g(y):\n    os.system(y)  #?\n",
        kind: ReasonKind::TaintNoSourceInFunction,
        says: &["a sink matches here (line 5) and sources match at line 2, but none in `g` (lines 4-5), where the sink is: taint is followed one function at a time"],
        only: true,
    },
    Case {
        name: "taint (precise): no call passes a tainted argument to the sink's function",
        body: "  mode: taint\n  options:\n    precise_functions: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def run(c):\n    os.system(c)  #?\ndef f():\n    x = request.args\n    run(\"ls\")\n",
        kind: ReasonKind::TaintNoSourceInFunction,
        says: &["but none in `run` (lines 1-2), where the sink is: the calls to it at line 5 pass it no tainted argument (precise_functions)"],
        only: true,
    },
    Case {
        name: "taint: the sink is never reached",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = request.args\n    return x\n    os.system(x)  #?\n",
        kind: ReasonKind::TaintNotReached,
        says: &["the analysis never reaches the sink (on every path it comes after a `return`"],
        only: true,
    },
    Case {
        name: "taint: the labels that reach the sink are not the ones it requires",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n    label: USER\n  - pattern: os.environ\n    label: ENV\n  pattern-sinks:\n  - pattern: os.system(...)\n    requires: ENV\n",
        code: "def f():\n    x = request.args\n    os.system(x)  #?\n",
        kind: ReasonKind::TaintLabels,
        says: &["a tainted value reaches the sink here (line 3), but its labels (USER) do not satisfy the sink's `requires` (`pattern-sinks` at rule line 13)"],
        only: true,
    },
    Case {
        name: "taint: the source's value is not kept",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    log(request.args)\n    os.system(\"ls\")  #?\n",
        kind: ReasonKind::TaintNotReached,
        says: &["a sink matches here (line 3) and sources match in this function at line 2, but no tainted value reaches it: where the sink runs, no variable holds tainted data"],
        only: true,
    },
    Case {
        name: "taint: every source comes after the sink",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    os.system(x)  #?\n    x = request.args\n",
        kind: ReasonKind::TaintNotReached,
        says: &["but no tainted value reaches it: every source in this function comes after the sink"],
        only: true,
    },
    Case {
        name: "taint: a sink at the top level, no tainted value kept",
        body: "  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "print(request.args)\nos.system(\"ls\")  #?\n",
        kind: ReasonKind::TaintNotReached,
        says: &["a sink matches here (line 2) and sources match at the top level at line 1, but no tainted value reaches it: where the sink runs, no variable holds tainted data"],
        only: true,
    },
    Case {
        name: "taint (precise): the sink is in an arm that never runs",
        body: "  mode: taint\n  options:\n    precise_constant_conditions: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = request.args\n    if False:\n        os.system(x)  #?\n",
        kind: ReasonKind::TaintDeadBranch,
        says: &["the `if` at line 3 never runs its first arm (line 4): its condition `False` is always false (precise_constant_conditions), and the sink is there"],
        only: true,
    },
    Case {
        name: "taint (precise): the source is in an arm that never runs",
        body: "  mode: taint\n  options:\n    precise_constant_conditions: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    x = \"ls\"\n    if 1 > 2:\n        x = request.args\n    os.system(x)  #?\n",
        kind: ReasonKind::TaintDeadBranch,
        says: &["the `if` at line 3 never runs its first arm (line 4): its condition `1 > 2` is always false (precise_constant_conditions), and the source at line 4 is there"],
        only: true,
    },
    Case {
        name: "taint (precise): a step on the way is in an arm that never runs",
        body: "  mode: taint\n  options:\n    precise_constant_conditions: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    p = request.args\n    if 2 > 1:\n        cmd = \"ls\"\n    else:\n        cmd = p\n    os.system(cmd)  #?\n",
        kind: ReasonKind::TaintDeadBranch,
        says: &["the `if` at line 3 never runs its `else` arm (line 6): its condition `2 > 1` is always true (precise_constant_conditions), and `cmd = p` (line 6), on the way to the sink, is there"],
        only: true,
    },
    Case {
        name: "taint (precise): a guard leaves the function",
        body: "  mode: taint\n  options:\n    precise_guards: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n  pattern-sanitizers:\n  - pattern: is_safe($X)\n",
        code: "def f():\n    x = request.args\n    if not is_safe(x):\n        abort(400)\n    os.system(x)  #?\n",
        kind: ReasonKind::TaintGuarded,
        says: &["the taint from the source at line 2 stops at line 3: the check `is_safe(x)` (a sanitizer, `pattern-sanitizers` at rule line 14; precise_guards) cleans `x` where it says the value is fine; where it does not, the path leaves at line 4 (`abort(400)`)"],
        only: true,
    },
    Case {
        name: "taint (precise): a helper of the file does not pass the taint",
        body: "  mode: taint\n  options:\n    precise_functions: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def clean(v):\n    return \"ls\"\ndef f():\n    x = request.args\n    y = clean(x)\n    os.system(y)  #?\n",
        kind: ReasonKind::TaintHelper,
        says: &["the taint from the source at line 4 stops at line 5: `clean(x)` calls `clean`, a function of this file whose result does not carry that argument's taint (precise_functions)"],
        only: true,
    },
    Case {
        name: "taint (precise): a container slot holds no taint",
        body: "  mode: taint\n  options:\n    precise_containers: true\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n",
        code: "def f():\n    d = {\"q\": request.args, \"cmd\": \"ls\"}\n    os.system(d[\"cmd\"])  #?\n",
        kind: ReasonKind::TaintCleanSlot,
        says: &["the taint from the source at line 2 stops at line 3: `d[\"cmd\"]` reads a slot of `d` that holds no tainted value, though other slots do (precise_containers)"],
        only: true,
    },
];

#[test]
fn every_kind_of_why_not_answer() {
    let mut failures = Vec::new();
    for case in CASES {
        let yaml = rule_yaml(case.body);
        let mut session = session(&yaml, case.code);
        let answer = explain::why_not(&mut session, &yaml, "r", caret(case.code)).expect("rule r");
        let Some(first) = answer.reasons.first() else {
            failures.push(format!("{}: no reason", case.name));
            continue;
        };
        if first.kind != case.kind {
            failures.push(format!("{}: kind {:?}, wanted {:?}: {}", case.name, first.kind, case.kind, answer.text));
        }
        if case.only && answer.reasons.len() != 1 {
            failures.push(format!("{}: {} reasons, wanted only the closest:\n  {}", case.name, answer.reasons.len(), answer.text));
        }
        for words in case.says {
            if !answer.text.contains(words) {
                failures.push(format!("{}: does not say {words:?}:\n  {}", case.name, answer.text));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_near_miss_points_into_the_pattern_and_the_code() {
    let yaml = rule_yaml("  pattern: app.run(debug=True)\n");
    let code = "app.run(debug=flag)\n";
    let mut session = session(&yaml, code);
    let answer = explain::why_not(&mut session, &yaml, "r", Span::new(0, 0)).unwrap();
    let reason = &answer.reasons[0];
    assert_eq!(reason.node, Some(vec![]));
    assert_eq!(reason.place.map(|p| p.line), Some(6));
    let pattern_span = reason.pattern_span.expect("pattern span");
    assert_eq!(&reason.pattern_text.as_deref().unwrap()[pattern_span.start as usize..pattern_span.end as usize], "True");
    let code_span = reason.code.as_ref().expect("code").span;
    assert_eq!(&code[code_span.start as usize..code_span.end as usize], "flag");
}

#[test]
fn inspect_gives_the_formula_tree_with_places_counts_and_candidates_left() {
    let yaml = rule_yaml("  patterns:\n  - pattern: foo($X)\n  - pattern-not: foo(1)\n  - metavariable-regex:\n      metavariable: $X\n      regex: '[0-9]'\n");
    let code = "foo(1)\nfoo(2)\nfoo(a)\n";
    let mut session = session(&yaml, code);
    let inspection = explain::inspect(&mut session, &yaml, "r", &InspectOptions::default(), None).unwrap();
    let root = &inspection.root;
    assert_eq!(root.operator, Operator::Patterns);
    assert_eq!(root.place.map(|p| (p.line, p.col)), Some((6, 3)));
    let ops: Vec<Operator> = root.children.iter().map(|c| c.operator).collect();
    assert_eq!(ops, [Operator::Pattern, Operator::PatternNot, Operator::MetavariableRegex]);
    let [pattern, not, regex] = &root.children[..] else { panic!() };
    assert_eq!((pattern.count, not.count, regex.count), (3, 1, 1));
    assert_eq!(pattern.place.map(|p| p.line), Some(7));
    assert_eq!(not.place.map(|p| p.line), Some(8));
    assert_eq!(regex.place.map(|p| p.line), Some(9));
    assert_eq!(regex.text, "$X =~ [0-9]");
    assert_eq!(pattern.kept.as_ref().map(Vec::len), Some(3));
    assert_eq!(not.kept.as_ref().map(Vec::len), Some(2), "foo(1) removed");
    assert_eq!(regex.kept.as_ref().map(Vec::len), Some(1), "foo(a) removed");
    assert_eq!(pattern.matches[0].bindings[0].name, "$X");
    assert_eq!(inspection.results.len(), 1);
    assert_eq!(inspection.results[0].start.line, 2);
    assert!(inspection.time_ms.is_none() && pattern.time_ms.is_none(), "no clock, no time");
    // Listed in short (the playground's): counts stay whole, the lists are cut, no bindings.
    let short = InspectOptions { max_ranges: Some(1), no_bindings: true, ..InspectOptions::default() };
    let cut = explain::inspect(&mut session, &yaml, "r", &short, None).unwrap();
    let [pattern, not, regex] = &cut.root.children[..] else { panic!() };
    assert_eq!((pattern.count, not.count, regex.count), (3, 1, 1));
    assert_eq!((pattern.matches.len(), pattern.kept.as_ref().map(Vec::len), pattern.left), (1, Some(1), Some(3)));
    assert_eq!((not.left, regex.left), (Some(2), Some(1)));
    assert!(pattern.matches[0].bindings.is_empty() && cut.results[0].bindings.is_empty());
    assert_eq!(cut.results.len(), 1);
}

/// With several rules in the file (the pack), a rule's nodes are placed where
/// they are, whichever way its item is written: a block item is read in its
/// own lines; a flow one, or one not opened by its id, with the whole file.
#[test]
fn nodes_are_placed_in_a_file_of_several_rules() {
    let first = rule_yaml("  pattern: foo(...)\n");
    let place_of = |yaml: &str| {
        let mut session = session(yaml, "bar(1)\nbar(2)\n");
        let inspection = explain::inspect(&mut session, yaml, "s", &InspectOptions::default(), None).unwrap();
        let at = |n: &explain::ExplainNode| n.place.map(|p| (p.line, p.col, &yaml[p.offset as usize..p.offset as usize + n.operator.key().len()] == n.operator.key()));
        let root = &inspection.root;
        (at(root), root.children.iter().map(at).collect::<Vec<_>>(), root.children[1].left)
    };
    let block = "- id: s\n  languages: [python]\n  severity: ERROR\n  message: |\n    - id: s\n  patterns:\n  - pattern: bar($X)\n  - pattern-not: bar(1)\n";
    let placed = (Some((12, 3, true)), vec![Some((13, 5, true)), Some((14, 5, true))], Some(1));
    assert_eq!(place_of(&format!("{first}{block}{block}")), placed, "its own lines, the first of two with that id");
    let unopened = block.replacen("- id: s\n  languages: [python]\n", "- languages: [python]\n  id: s\n", 1);
    assert_eq!(place_of(&format!("{first}{unopened}")), placed, "the whole file");
    let flow = format!("{first}- {{id: s, languages: [python], severity: ERROR, message: m, patterns: [pattern: bar($X), pattern-not: bar(1)]}}\n");
    let (root, children, left) = place_of(&flow);
    assert_eq!((root.map(|p| p.0), children.iter().map(|c| c.map(|p| (p.0, p.2))).collect::<Vec<_>>(), left), (Some(7), vec![Some((7, true)), Some((7, true))], Some(1)));
}

#[test]
fn a_node_turned_off_reruns_the_rule_without_it() {
    let yaml = rule_yaml("  patterns:\n  - pattern: foo($X)\n  - pattern-not: foo(1)\n");
    let code = "foo(1)\nfoo(2)\n";
    let mut session = session(&yaml, code);
    let options = InspectOptions { disabled: vec![vec![1]], ..InspectOptions::default() };
    let inspection = explain::inspect(&mut session, &yaml, "r", &options, None).unwrap();
    assert_eq!(inspection.results.len(), 2, "without the pattern-not both calls are results");
    assert!(inspection.root.children[1].disabled);
    assert!(!inspection.root.children[0].disabled);
    assert_eq!(inspection.root.children[1].count, 1, "its own matches are still shown");
    let bad = InspectOptions { disabled: vec![vec![7]], ..InspectOptions::default() };
    let inspection = explain::inspect(&mut session, &yaml, "r", &bad, None).unwrap();
    assert_eq!(inspection.diagnostics.len(), 1, "{:?}", inspection.diagnostics);
    assert_eq!(inspection.results.len(), 1);
}

#[test]
fn inspect_times_nodes_with_the_callers_clock_and_shows_taint_items() {
    let yaml = rule_yaml("  mode: taint\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - patterns:\n    - pattern: os.system($C)\n    - focus-metavariable: $C\n");
    let code = "def f():\n    os.system(request.args)\n";
    let mut session = session(&yaml, code);
    let ticks = std::cell::Cell::new(0.0);
    let clock = || {
        ticks.set(ticks.get() + 1.0);
        ticks.get()
    };
    let inspection = explain::inspect(&mut session, &yaml, "r", &InspectOptions::default(), Some(&clock)).unwrap();
    let root = &inspection.root;
    assert_eq!(root.operator, Operator::Taint);
    let ops: Vec<Operator> = root.children.iter().map(|c| c.operator).collect();
    assert_eq!(ops, [Operator::Source, Operator::Sink]);
    assert_eq!(root.children[0].place.map(|p| p.line), Some(8));
    assert_eq!(root.children[1].children[0].operator, Operator::Patterns);
    assert_eq!(root.children[1].children[0].children[1].operator, Operator::FocusMetavariable);
    assert_eq!(inspection.results.len(), 1);
    assert!(inspection.time_ms.is_some_and(|t| t > 0.0));
    assert!(root.children[0].time_ms.is_some());
    // Turning off the only source leaves nothing.
    let off = InspectOptions { disabled: vec![vec![0]], ..InspectOptions::default() };
    assert!(explain::inspect(&mut session, &yaml, "r", &off, None).unwrap().results.is_empty());
}

#[test]
fn trees_show_kinds_ranges_constants_and_how_a_pattern_was_read() {
    let yaml = rule_yaml("  pattern-either:\n  - pattern: $DB.execute(\"=~/^SELECT/\")\n  - pattern: |\n      $X = 1\n      $Y = 2\n");
    let code = "import subprocess as sp\nq = \"abc\"\nsp.run(q)\n";
    let mut session = session(&yaml, code);
    let trees = explain::pattern_trees(&session, "r").unwrap();
    assert_eq!(trees.len(), 2);
    assert_eq!(trees[0].node, vec![0]);
    assert!(trees[0].reading[0].starts_with("an expression: a call on an attribute (`.execute`)"), "{:?}", trees[0].reading);
    assert!(trees[0].reading.iter().any(|r| r.contains("became a regex")), "{:?}", trees[0].reading);
    assert!(trees[1].reading[0].starts_with("a sequence of 2 statements"), "{:?}", trees[1].reading);
    assert_eq!(trees[1].roots.len(), 2);
    let tree = explain::code_tree(&mut session, None);
    assert_eq!(tree.kind, "Module");
    let mut notes = Vec::new();
    fn walk(node: &explain::TreeNode, out: &mut Vec<String>) {
        out.extend(node.notes.iter().cloned());
        node.children.iter().for_each(|c| walk(c, out));
    }
    walk(&tree, &mut notes);
    assert!(notes.iter().any(|n| n.contains("resolves to `subprocess` (import)")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("holds the constant \"abc\"")), "{notes:?}");
    let statement = explain::code_tree(&mut session, Some(Span::new(35, 36)));
    assert_eq!(statement.kind, "ExprStmt");
}

#[test]
fn silent_zeros_are_warnings_at_the_operator() {
    // A metavariable nothing binds, in a condition, a focus and the message.
    let yaml = "rules:\n- id: r\n  languages: [python]\n  severity: ERROR\n  message: bad $Y\n  patterns:\n  - pattern: foo($X)\n  - metavariable-regex:\n      metavariable: $Z\n      regex: a\n";
    let mut s = session(yaml, "foo(1)\n");
    let warnings = explain::warnings(&mut s, yaml);
    let texts: Vec<String> = warnings.iter().map(|w| format!("{}:{} {}", w.start.line, w.start.col, w.message)).collect();
    assert!(texts.iter().any(|t| t.starts_with("8:5 `metavariable-regex` uses $Z, which no pattern")), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("5:3 the message uses $Y")), "{texts:?}");
    assert!(warnings.iter().all(|w| w.severity == "warning"));
    // A regex that none of the bound values passes, with the values.
    let yaml = "rules:\n- id: r\n  languages: [python]\n  severity: ERROR\n  message: m\n  patterns:\n  - pattern: route(methods=$M)\n  - metavariable-regex:\n      metavariable: $M\n      regex: ^POST\n";
    let mut s = session(yaml, "route(methods=[\"POST\"])\n");
    let texts: Vec<String> = explain::warnings(&mut s, yaml).into_iter().map(|w| w.message).collect();
    assert!(
        texts.iter().any(|t| t.contains("never matches here: $M binds `[\"POST\"]` at the 1 candidate, and ^POST")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("though its first pattern matches 1 time: `metavariable-regex` at line 8 removes the last candidates")), "{texts:?}");
    // A rule that matches: no warning.
    let yaml = rule_yaml("  patterns:\n  - pattern: foo($X)\n  - focus-metavariable: $X\n");
    let mut s = session(&yaml, "foo(1)\n");
    assert!(explain::warnings(&mut s, &yaml).is_empty());
}

#[test]
fn hit_diff_counts_added_and_removed_ranges() {
    let diff = explain::hit_diff(&[Span::new(0, 3), Span::new(5, 8)], &[Span::new(5, 8), Span::new(9, 12), Span::new(20, 21)]);
    assert_eq!(diff.added, vec![Span::new(9, 12), Span::new(20, 21)]);
    assert_eq!(diff.removed, vec![Span::new(0, 3)]);
}

#[test]
fn explanations_round_trip_through_serde() {
    let yaml = rule_yaml("  patterns:\n  - pattern: foo($X)\n  - pattern-not: foo(1)\n");
    let mut s = session(&yaml, "foo(1)\n");
    let inspection = explain::inspect(&mut s, &yaml, "r", &InspectOptions::default(), None).unwrap();
    let json = serde_json::to_string(&inspection).unwrap();
    assert!(json.contains("\"operator\":\"pattern-not\""), "{json}");
    let back: explain::Inspection = serde_json::from_str(&json).unwrap();
    assert_eq!(back, inspection);
    let answer = explain::why_not(&mut s, &yaml, "r", Span::new(0, 0)).unwrap();
    let back: explain::WhyNot = serde_json::from_str(&serde_json::to_string(&answer).unwrap()).unwrap();
    assert_eq!(back, answer);
    assert!(explain::why_not(&mut s, &yaml, "nope", Span::new(0, 0)).is_err());
}

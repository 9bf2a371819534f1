//! The matcher's core, its pattern operators and each of Semgrep's
//! equivalences, case by case through one helper: a pattern, code, and the
//! bindings some match must have (`$X = text`, `text` as the code writes the
//! bound part), or no match at all. Each case is a test of its own, named
//! after what it checks (`cargo test --test matcher slice_is_no_index`), and
//! each equivalence has a case that matches and one that does not.

use flasklight::engine::matcher::{find, TreeIndex, DEFAULT_BUDGET};
use flasklight::engine::pattern::parse_pattern;
use flasklight::engine::python::ParseCache;

/// How the rule around the pattern is set: Semgrep's defaults, or one of its options.
#[derive(Clone, Copy)]
enum Options {
    Default,
    /// `constant_propagation: false`
    NoConstants,
    /// `symbolic_propagation: true`
    Symbolic,
}

/// The `$X = text` bindings of each match of `pattern` in `code`, sorted.
fn matches(pattern: &str, code: &str, options: Options) -> Vec<Vec<String>> {
    let mut pattern = parse_pattern(pattern).unwrap_or_else(|e| panic!("pattern {pattern:?} does not parse: {}", e.message));
    pattern.constants = !matches!(options, Options::NoConstants);
    pattern.symbolic = matches!(options, Options::Symbolic);
    let mut parser = ParseCache::new();
    parser.set_symbolic(pattern.symbolic);
    let parsed = parser.parse(code, None);
    assert!(parsed.errors.is_empty(), "code does not parse: {:?}\n{code}", parsed.errors);
    let index = TreeIndex::new(&parsed.root);
    let found = find(&pattern, &index, DEFAULT_BUDGET);
    assert!(!found.exhausted, "the step budget ran out");
    found
        .matches
        .iter()
        .map(|m| {
            let mut binds: Vec<String> = m
                .env
                .binds()
                .into_iter()
                .map(|(name, bound)| format!("{name} = {}", &code[bound.span().start as usize..bound.span().end as usize]))
                .collect();
            binds.sort();
            binds
        })
        .collect()
}

/// Some match of `pattern` in `code` binds exactly `expected` (`None`: nothing matches).
fn check(pattern: &str, code: &str, options: Options, expected: Option<&[&str]>) {
    let found = matches(pattern, code, options);
    match expected {
        None => assert!(found.is_empty(), "{pattern:?} should not match, but matched with {found:?} in:\n{code}"),
        Some(expected) => {
            let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            expected.sort();
            assert!(found.contains(&expected), "{pattern:?} should match with {expected:?}, found {found:?} in:\n{code}");
        }
    }
}

/// `name: pattern, code => [bindings];` or `=> no_match;`, optionally `(Options)` after the code.
macro_rules! cases {
    (@one $name:ident, $pattern:expr, $code:expr, $options:expr, no_match) => {
        #[test]
        fn $name() {
            check($pattern, $code, $options, None);
        }
    };
    (@one $name:ident, $pattern:expr, $code:expr, $options:expr, [$($bind:expr),*]) => {
        #[test]
        fn $name() {
            check($pattern, $code, $options, Some(&[$($bind),*]));
        }
    };
    (@options) => { Options::Default };
    (@options $options:expr) => { $options };
    ($($name:ident: $pattern:expr, $code:expr $(, ($options:expr))? => $expected:tt;)*) => {
        $(cases!(@one $name, $pattern, $code, cases!(@options $($options)?), $expected);)*
    };
}

// ----- the structural core -----
cases! {
    metavariable_binds_an_expression: "foo($X)", "foo(a + 1)\n" => ["$X = a + 1"];
    metavariable_is_no_keyword_argument: "foo($X)", "foo(k=1)\n" => no_match;
    repeated_metavariable_binds_equal_code: "$X == $X", "a == a\n" => ["$X = a"];
    repeated_metavariable_rejects_different_code: "$X == $X", "a == b\n" => no_match;
    ellipsis_skips_arguments: "foo(..., 5)", "foo(1, 2, 5)\n" => [];
    ellipsis_keeps_argument_order: "foo(..., 5)", "foo(5, 1)\n" => no_match;
    sequence_metavariable_binds_a_run: "foo($...A, last)", "foo(a, b, last)\n" => ["$...A = a, b"];
    keyword_arguments_in_any_order: "foo(b=2, a=$X)", "foo(a=1, b=2)\n" => ["$X = 1"];
    keyword_argument_must_be_there: "foo(b=2, a=$X)", "foo(b=2)\n" => no_match;
    boolean_metavariable_binds_a_run: "$X and c", "r = a and b and c\n" => ["$X = a and b"];
    statements_with_ellipsis_between: "$A = f()\n...\ng($A)", "x = f()\nh()\ng(x)\n" => ["$A = x"];
    statements_keep_their_bindings: "$A = f()\n...\ng($A)", "x = f()\nh()\ng(y)\n" => no_match;
    statement_found_inside_an_assignment: "log(...)\n...\nsave()", "x = 1 + log(2)\nsave()\n" => [];
    statement_not_found_in_an_if_header: "log(...)\n...\nsave()", "if log(2):\n    pass\nsave()\n" => no_match;
    left_out_else_matches_any_else: "if $C:\n    go()", "if c:\n    go()\nelse:\n    stop()\n" => ["$C = c"];
    different_kinds_do_not_match: "foo(a.b)", "foo(a[b])\n" => no_match;
}

// ----- pattern operators -----
cases! {
    deep_expression_finds_a_nested_one: "foo(<... request ...>)", "foo(request.args['x'] + 1)\n" => [];
    deep_expression_is_no_keyword_argument: "foo(<... request ...>)", "foo(k=request)\n" => no_match;
    typed_metavariable_of_the_declared_type: "foo($X: int)", "def f(n: int):\n    foo(n)\n" => ["$X = n"];
    typed_metavariable_of_another_type: "foo($X: int)", "def f(n: str):\n    foo(n)\n" => no_match;
    method_chain_skips_calls_between: "session. ... .execute($Q)", "session.query(A).filter(b).execute(q)\n" => ["$Q = q"];
    method_chain_keeps_its_base: "session. ... .execute($Q)", "other.query(A).execute(q)\n" => no_match;
    string_regex_on_a_literal: "foo(\"=~/^sk_/\")", "foo('sk_live_1')\n" => [];
    string_regex_rejects_other_text: "foo(\"=~/^sk_/\")", "foo('pk_test_1')\n" => no_match;
    string_regex_on_a_known_constant: "foo(\"=~/^sk_/\")", "key = 'sk_live_1'\nfoo(key)\n" => [];
    string_metavariable_binds_the_literal: "foo(\"$X\")", "foo('abc')\n" => ["$X = 'abc'"];
    string_ellipsis_is_no_number: "foo(\"...\")", "foo(1)\n" => no_match;
    string_literal_through_a_constant: "foo(\"abc\")", "x = \"abc\"\nfoo(x)\n" => [];
    string_literal_without_constant_propagation: "foo(\"abc\")", "x = \"abc\"\nfoo(x)\n", (Options::NoConstants) => no_match;
    string_ellipsis_matches_a_known_implicit_concatenation: "foo(\"...\")", "foo(\"a\" f\"{'b'}\")\n" => [];
    string_ellipsis_rejects_an_unknown_implicit_concatenation: "foo(\"...\")", "foo(\"a\" f\"{b}\")\n" => no_match;
    string_ellipsis_rejects_a_call_in_a_concatenation: "foo(\"...\")", "foo(f\"{b}\" + g())\n" => no_match;
    any_bytes_matches_bytes: "send(b\"...\")", "send(b\"\")\n" => [];
    any_bytes_is_no_string: "send(b\"...\")", "send(\"\")\n" => no_match;
}

// ----- Semgrep's equivalences (matcher/equiv.rs), a matching and a non-matching case each -----
cases! {
    symbolic_value_matches_the_expression: "foo(bar())", "x = bar()\nfoo(x)\n", (Options::Symbolic) => [];
    symbolic_value_needs_the_option: "foo(bar())", "x = bar()\nfoo(x)\n" => no_match;
    // Semgrep 1.187 binds `$D` to the value `x` holds (its metavars: `default`, at line 1).
    symbolic_value_binds_name_and_expression_as_one: "foo($D, $D)", "x = default\nfoo(x, default)\n", (Options::Symbolic) => ["$D = default"];
    symbolic_value_keeps_different_expressions_apart: "foo(baz())", "x = bar()\nfoo(x)\n", (Options::Symbolic) => no_match;
    name_or_imported_name_through_an_alias: "foo(numpy)", "import numpy as np\nfoo(np)\n" => [];
    name_or_imported_name_rejects_a_local: "foo(numpy)", "np = load()\nfoo(np)\n" => no_match;
    attribute_or_imported_name_through_from_import: "pickle.loads($X)", "from pickle import loads\nloads(data)\n" => ["$X = data"];
    attribute_or_imported_name_rejects_another_module: "pickle.loads($X)", "from json import loads\nloads(data)\n" => no_match;
    imported_name_binds_the_module_part: "$M.loads($X)", "from pickle import loads\nloads(data)\n" => ["$M = loads", "$X = data"];
    imported_name_not_through_a_star_import: "$M.loads($X)", "from pickle import *\nloads(data)\n" => no_match;
    name_holding_literal_matches_the_number: "foo(0)", "x = 0\nfoo(x)\n" => [];
    name_holding_literal_rejects_another_number: "foo(0)", "x = 1\nfoo(x)\n" => no_match;
    name_holding_literal_needs_constant_propagation: "foo(0)", "x = 0\nfoo(x)\n", (Options::NoConstants) => no_match;
    implicit_concatenation_by_pieces_matches_pieces: "x = \"...\" \"...\"", "x = \"a\" \"b\"\n" => [];
    implicit_concatenation_by_pieces_needs_pieces: "x = \"...\" \"...\"", "x = \"ab\"\n" => no_match;
    implicit_concatenation_with_an_fstring_piece: "notice(\"...\" f\"{$X}\")", "notice(\"Hi \" f\"{name}\")\n" => ["$X = name"];
    implicit_concatenation_with_an_extra_piece: "notice(\"...\" f\"{$X}\")", "notice(\"Hi \" f\"{name}\" \"!\")\n" => no_match;
    declaration_needs_a_plain_target_matches_a_name: "$X: $T = $V", "x: int = 0\n" => ["$T = int", "$V = 0", "$X = x"];
    declaration_needs_a_plain_target_rejects_an_attribute: "$X: $T = $V", "self.x: int = 0\n" => no_match;
    slice_is_no_index_index_matches: "a[$I]", "a[1]\n" => ["$I = 1"];
    slice_is_no_index_slice_does_not: "a[$I]", "a[1:]\n" => no_match;
    plus_chain_ellipsis_takes_a_run: "$A + ... + $Z", "t = a + b + c + d\n" => ["$A = a", "$Z = d"];
    plus_chain_ellipsis_needs_a_plus: "$A + ...", "t = a - b\n" => no_match;
    set_ellipsis_matches_dict: "foo({...})", "foo({'a': 1})\n" => [];
    set_ellipsis_is_no_list: "foo({...})", "foo([1])\n" => no_match;
    list_ellipsis_matches_comprehension: "foo([...])", "foo([x for x in y])\n" => [];
    list_ellipsis_is_no_set_comprehension: "foo([...])", "foo({x for x in y})\n" => no_match;
    try_without_else_or_finally_matches_a_plain_try: "try:\n    $F()\nexcept E:\n    pass", "try:\n    go()\nexcept E:\n    pass\n" => ["$F = go"];
    try_without_else_or_finally_rejects_finally: "try:\n    $F()\nexcept E:\n    pass", "try:\n    go()\nexcept E:\n    pass\nfinally:\n    stop()\n" => no_match;
    except_tuple_member_matches_one_class: "try:\n    ...\nexcept (..., ValueError, ...):\n    ...", "try:\n    go()\nexcept ValueError:\n    pass\n" => [];
    except_tuple_member_rejects_another_class: "try:\n    ...\nexcept (..., ValueError, ...):\n    ...", "try:\n    go()\nexcept KeyError:\n    pass\n" => no_match;
    chained_assignment_targets_are_one: "$X = None", "a = b = None\n" => ["$X = a = b"];
    chained_assignment_targets_keep_the_value: "$X = None", "a = b = 1\n" => no_match;
    parallel_assignment_pairs: "$P = 'admin'", "user, pw = 'admin', 'x'\n" => ["$P = user"];
    parallel_assignment_pairs_in_order: "$P = 'admin'", "user, pw = 'root', 'x'\n" => no_match;
    walrus_is_assignment: "$X = f()", "if (y := f()):\n    pass\n" => ["$X = y"];
    walrus_is_assignment_of_its_value: "$X = f()", "if (y := g()):\n    pass\n" => no_match;
    annotated_assignment_is_assignment: "$X = 1", "x: int = 1\n" => ["$X = x"];
    annotated_assignment_without_value_is_not: "$X = 1", "x: int\n" => no_match;
    with_item_without_as_matches_without: "with open(...):\n    ...", "with open(p):\n    pass\n" => [];
    with_item_without_as_rejects_as: "with open(...):\n    ...", "with open(p) as fh:\n    pass\n" => no_match;
    with_item_metavariable_matches_as: "with $CTX:\n    ...", "with open(p) as fh:\n    pass\n" => ["$CTX = open(p)"];
    format_spec_must_agree_without: "f\"{$X}\"", "s = f\"{x}\"\n" => ["$X = x"];
    format_spec_must_agree_rejects_a_spec: "f\"{$X}\"", "s = f\"{x:08x}\"\n" => no_match;
    imports_cover_submodules: "import os", "import os.path\n" => [];
    imports_name_their_module: "import os", "import sys\n" => no_match;
    import_with_metavariables_from_binds_module: "import $M", "from flask import request\n" => ["$M = flask"];
    import_with_metavariables_dotted_import: "from $M import $N", "import os.path\n" => ["$M = os", "$N = path"];
    import_with_metavariables_needs_a_dotted_import: "from $M import $N", "import os\n" => no_match;
    unordered_items_decorators_in_any_order: "@b\n@a\ndef $F():\n    ...", "@a\n@b\ndef f():\n    pass\n" => ["$F = f"];
    unordered_items_decorators_must_be_there: "@c\ndef $F():\n    ...", "@a\n@b\ndef f():\n    pass\n" => no_match;
    unordered_items_operands_in_any_order: "re.compile($P, re.I | re.M)", "re.compile(p, re.M | re.I)\n" => ["$P = p"];
    decorator_in_list_metavariable_is_a_name: "@$D\ndef $F():\n    ...", "@login_required\ndef f():\n    pass\n" => ["$D = login_required", "$F = f"];
    decorator_in_list_skips_modifiers: "@$D\ndef $F():\n    ...", "@staticmethod\ndef f():\n    pass\n" => no_match;
    decorator_call_matches_bare_decorator: "@cached()", "@cached\ndef f():\n    pass\n" => [];
    decorator_call_with_arguments_needs_them: "@cached(1)", "@cached\ndef f():\n    pass\n" => no_match;
    class_members_unordered_any_order: "class $C:\n    def b(self):\n        ...\n    def a(self):\n        ...", "class K:\n    def a(self):\n        pass\n    def b(self):\n        pass\n" => ["$C = K"];
    class_members_unordered_must_be_there: "class $C:\n    def c(self):\n        ...", "class K:\n    def a(self):\n        pass\n" => no_match;
    class_bases_first_ones: "class $C($B):\n    ...", "class A(X, Y):\n    pass\n" => ["$B = X", "$C = A"];
    class_bases_must_be_there: "class $C($B, Z):\n    ...", "class A(X):\n    pass\n" => no_match;
    body_metavariable_binds_statements: "def $F():\n    $S", "def f():\n    a()\n    b()\n" => ["$F = f", "$S = a()\n    b()"];
    body_metavariable_keeps_the_header: "def $F():\n    $S", "def f(x):\n    a()\n    b()\n" => no_match;
    async_forms_def_matches_async_def: "def $F():\n    ...", "async def f():\n    pass\n" => ["$F = f"];
    async_forms_async_def_wants_async: "async def $F():\n    ...", "def f():\n    pass\n" => no_match;
    nested_with_items_innermost: "with open($X):\n    ...", "with lock, open(p):\n    pass\n" => ["$X = p"];
    nested_with_items_body_with_the_innermost: "with lock:\n    go()", "with lock, open(p):\n    go()\n" => no_match;
}

// Names are read as written, not NFKC-normalized as CPython reads them:
// Semgrep's `file(...)` does not match `ﬁle(x)` (U+FB01), settled with semgrep.
cases! {
    name_is_not_nfkc_normalized: "file(...)", "\u{FB01}le(x)\n" => no_match;
    non_ascii_name_matches_as_written: "\u{FB01}le($X)", "\u{FB01}le(x)\n" => ["$X = x"];
}

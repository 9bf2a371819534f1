//! Inspect's places of nested formulas: each case is a rule body (its keys
//! start at YAML line 6) and the tree it must give, node by node in
//! pre-order as `key line`; and every node must be placed on its own key.

use super::super::session::Session;
use super::super::source::Span;
use super::{inspect, warnings, why_not, ExplainNode, InspectOptions, Operator};

struct Case {
    name: &'static str,
    body: &'static str,
    /// The tree in pre-order: `key line`, separated by `; `.
    tree: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "pattern-inside wrapping patterns (block, | patterns)",
        body: "  patterns:
  - pattern-inside:
      patterns:
      - pattern-inside: |
          def $F(...):
            ...
      - pattern-not-inside: |
          with lock:
            ...
  - pattern: foo(...)
",
        tree: "patterns 6; pattern-inside 7; patterns 8; pattern-inside 9; pattern-not-inside 12; pattern 15",
    },
    Case {
        name: "pattern-inside wrapping pattern-either (block, quoted patterns)",
        body: "  patterns:
  - pattern-inside:
      pattern-either:
      - pattern: \"def $F(...): ...\"
      - pattern: 'class $C: ...'
  - pattern: foo(...)
",
        tree: "patterns 6; pattern-inside 7; pattern-either 8; pattern 9; pattern 10; pattern 11",
    },
    Case {
        name: "pattern-not-inside wrapping a nested pattern-either",
        body: "  patterns:
  - pattern: foo(...)
  - pattern-not-inside:
      pattern-either:
      - pattern: |
          with lock:
            ...
      - pattern-either:
        - pattern: 'while $C: ...'
        - patterns:
          - pattern: |
              if $X:
                ...
          - pattern-not: 'if True: ...'
",
        tree: "patterns 6; pattern 7; pattern-not-inside 8; pattern-either 9; pattern 10; pattern-either 13; pattern 14; patterns 15; pattern 16; pattern-not 19",
    },
    Case {
        name: "pattern-inside wrapping patterns (flow)",
        body: "  patterns:
  - pattern-inside: {patterns: [{pattern-inside: \"def $F(...): ...\"}, {pattern-not-inside: 'with lock: ...'}]}
  - pattern: foo(...)
",
        tree: "patterns 6; pattern-inside 7; patterns 7; pattern-inside 7; pattern-not-inside 7; pattern 8",
    },
    Case {
        name: "pattern-inside wrapping pattern-either (flow items)",
        body: "  patterns:
  - pattern-inside:
      pattern-either: [{pattern: 'def $F(...): ...'}, {pattern-either: [pattern: 'class $C: ...', pattern: 'with $W: ...']}]
  - pattern: foo(...)
",
        tree: "patterns 6; pattern-inside 7; pattern-either 8; pattern 8; pattern-either 8; pattern 8; pattern 8; pattern 9",
    },
    Case {
        name: "a pattern-either of pattern-insides in patterns",
        body: "  patterns:
  - pattern-either:
    - pattern-inside: |
        def $F(...):
          ...
    - pattern-inside: |
        class $C:
          ...
  - pattern: foo(...)
",
        tree: "patterns 6; pattern-either 7; pattern-inside 8; pattern-inside 11; pattern 14",
    },
    Case {
        name: "a top-level pattern-either with a pattern-inside item and a nested either",
        body: "  pattern-either:
  - pattern: foo(1)
  - pattern-inside: |
      def $F(...):
        ...
  - pattern-either:
    - pattern: foo(2)
    - patterns:
      - pattern: foo($X)
      - pattern-not: foo(3)
",
        tree: "pattern-either 6; pattern 7; pattern-inside 8; pattern-either 11; pattern 12; patterns 13; pattern 14; pattern-not 15",
    },
];

/// The tree as `key line` in pre-order; a node not placed on its own key
/// (`key` followed by `:`, either maybe quoted) is `key ?line` / `key -`.
fn preorder(node: &ExplainNode, yaml: &str, out: &mut Vec<String>) {
    let key = node.operator.key();
    let line = match node.place {
        None => "-".to_string(),
        Some(place) => {
            let at = &yaml[place.offset as usize..];
            let at = at.strip_prefix(['"', '\'']).unwrap_or(at);
            let on_key = node.operator == Operator::Taint || at.strip_prefix(key).is_some_and(|rest| rest.trim_start_matches(['"', '\'']).starts_with(':'));
            format!("{}{}", if on_key { "" } else { "?" }, place.line)
        }
    };
    out.push(format!("{key} {line}"));
    for child in &node.children {
        preorder(child, yaml, out);
    }
}

/// The case's tree with every line number moved down by `by`.
fn moved(tree: &str, by: u32) -> String {
    tree.split("; ")
        .map(|node| {
            let (key, line) = node.rsplit_once(' ').expect("`key line`");
            format!("{key} {}", line.parse::<u32>().expect("a line number") + by)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn nested_formulas_are_placed_on_their_own_keys() {
    let code = "def f():\n    foo(1)\nclass C:\n    foo(2)\nfoo(3)\n";
    let other = "- id: other\n  languages: [python]\n  severity: INFO\n  message: |\n    - id: r\n  pattern: bar()\n";
    let mut wrong = Vec::new();
    for case in CASES {
        let common = "- id: r\n  languages: [python]\n  severity: ERROR\n  message: m\n";
        let indented = |text: &str| text.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("  {l}\n") }).collect::<String>();
        // The rule alone; indented under `rules:` as the pack's are; after another rule.
        let layouts = [
            ("alone", format!("rules:\n{common}{}", case.body), 0),
            ("indented", format!("rules:\n{}", indented(&format!("{common}{}", case.body))), 0),
            ("second", format!("rules:\n{other}# the rule\n{common}{}", case.body), 7),
        ];
        for (layout, yaml, by) in layouts {
            let mut session = Session::new();
            let errors: Vec<_> = session.set_rules(&yaml).into_iter().filter(|d| d.severity == "error").collect();
            assert!(errors.is_empty(), "{} ({layout}): {errors:?}", case.name);
            session.set_code(code);
            let inspection = inspect(&mut session, &yaml, "r", &InspectOptions::default(), None).unwrap();
            // Read again (the places kept from the first read): the same tree.
            let again = inspect(&mut session, &yaml, "r", &InspectOptions::default(), None).unwrap();
            assert_eq!(again.root, inspection.root, "{} ({layout}): read twice", case.name);
            let mut tree = Vec::new();
            preorder(&inspection.root, &yaml, &mut tree);
            // The answers that walk the tree beside the rule read it whole.
            for (at, _) in code.match_indices('\n') {
                why_not(&mut session, &yaml, "r", Span::new(at as u32, at as u32)).unwrap();
            }
            warnings(&mut session, &yaml);
            let want = moved(case.tree, by);
            if tree.join("; ") != want {
                wrong.push(format!("{} ({layout}):\n  want {want}\n  got  {}", case.name, tree.join("; ")));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

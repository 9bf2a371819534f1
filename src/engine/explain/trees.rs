//! The trees as the engine sees them: the code's (node kinds, ranges, what
//! names resolve to, constants propagated into them) and each pattern's (how
//! it was read: an expression, a statement, a sequence; metavariables, string
//! regexes, deep expressions), as plain [`TreeNode`]s.

use super::super::pattern::{Pattern, Shape};
use super::super::rule::{Formula, Rule, Term};
use super::super::source::Span;
use super::super::tree::{ConstValue, Kind, Node};
use super::api::{NodePath, PatternTree, TreeNode};
use super::inspect::join_path;
use super::nearmiss::words;

/// A code node and everything under it.
pub(super) fn code_tree(node: &Node, src: &str) -> TreeNode {
    let mut notes = Vec::new();
    if let Some(qualified) = node.qualified() {
        notes.push(format!("resolves to `{qualified}` (import)"));
    }
    match node.constant.as_deref() {
        Some(ConstValue::Literal(value)) => {
            let text = value.literal_string().unwrap_or_else(|| value.text.to_string());
            notes.push(format!("holds the constant {text:?} (constant propagation)"));
        }
        Some(ConstValue::SomeString) => notes.push("holds some string (constant propagation)".into()),
        Some(ConstValue::Symbolic(value)) => {
            notes.push(format!("holds `{}` (symbolic propagation)", src.get(value.start as usize..value.end as usize).unwrap_or("?")))
        }
        Some(ConstValue::Typed(ty)) => notes.push(format!("declared as `{}`", src.get(ty.start as usize..ty.end as usize).unwrap_or(&ty.text))),
        None => {}
    }
    TreeNode {
        kind: format!("{:?}", node.kind),
        span: Span::new(node.start, node.end),
        text: node.text.to_string(),
        notes,
        children: node.children.iter().map(|c| code_tree(c, src)).collect(),
    }
}

/// A pattern node and everything under it (ranges in the pattern text).
fn pattern_node(node: &Node) -> TreeNode {
    let mut notes = Vec::new();
    match node.kind {
        Kind::MetaVar => notes.push(format!("binds {}", node.text)),
        Kind::SeqMetaVar => notes.push(format!("binds a sequence {}", node.text)),
        Kind::Ellipsis => notes.push("`...`: any sequence (or any expression)".into()),
        Kind::RegexStr => notes.push(format!("a string pattern \"=~/{}/\" became a regex", node.text)),
        Kind::Deep => notes.push("`<... e ...>`: e anywhere inside".into()),
        Kind::Typed => notes.push(format!("a typed metavariable: of type `{}`", node.text)),
        Kind::Chain => notes.push("`e. ...`: e then any attributes and calls".into()),
        Kind::Absent => notes.push("left out: anything is fine here".into()),
        _ => {}
    }
    TreeNode {
        kind: format!("{:?}", node.kind),
        span: Span::new(node.start, node.end),
        text: node.text.to_string(),
        notes,
        children: node.children.iter().map(pattern_node).collect(),
    }
}

/// How the engine read one pattern.
pub(super) fn pattern_tree(pattern: &Pattern, node: NodePath) -> PatternTree {
    let mut reading = Vec::new();
    let roots: Vec<&Node> = match &pattern.shape {
        Shape::Expr(n) => {
            reading.push(format!("an expression: {}, tried at every expression", reading_of(n)));
            vec![n]
        }
        Shape::Stmt(n) => {
            reading.push(format!("a statement: {}, tried at every statement", reading_of(n)));
            vec![n]
        }
        Shape::Seq(ns) => {
            reading.push(format!("a sequence of {} statements, tried at every position of every block", ns.len()));
            ns.iter().collect()
        }
        Shape::Decorator(n) => {
            reading.push("a decorator alone: tried at every decorator".into());
            vec![n]
        }
    };
    for re in pattern.regexes.keys() {
        reading.push(format!("the string \"=~/{re}/\" became a regex"));
    }
    if pattern.constants {
        reading.push("a name known to hold a literal matches that literal (constant propagation)".into());
    }
    if pattern.symbolic {
        reading.push("a name matches the expression it was last assigned (symbolic propagation)".into());
    }
    PatternTree { node, text: pattern.text.clone(), reading, roots: roots.into_iter().map(pattern_node).collect() }
}

/// `a call on an attribute`, `a call of \`eval\``, or the kind in words.
fn reading_of(node: &Node) -> String {
    let inner = node.as_expr_stmt().map_or(node, |e| e.value);
    match inner.as_call() {
        Some(call) if call.func.kind == Kind::Attribute => {
            let method = call.func.as_attribute().map_or(String::new(), |a| format!(" (`.{}`)", a.attr.text));
            format!("a call on an attribute{method}")
        }
        Some(call) if call.func.kind == Kind::MetaVar => "a call of any function".into(),
        _ => words(inner),
    }
}

/// Every pattern of the rule with its node path (as [`super::inspect`] numbers nodes).
pub(super) fn patterns_of(rule: &Rule) -> Vec<(NodePath, &Pattern)> {
    let mut out = Vec::new();
    match &rule.taint {
        Some(spec) => {
            let items = spec.sources.iter().chain(&spec.sinks).chain(&spec.sanitizers).chain(spec.propagators.iter().map(|(f, _, _)| f));
            for (i, formula) in items.enumerate() {
                formula_patterns(formula, vec![i as u32, 0], &mut out);
            }
        }
        None => formula_patterns(&rule.formula, Vec::new(), &mut out),
    }
    out
}

fn formula_patterns<'r>(formula: &'r Formula, path: NodePath, out: &mut Vec<(NodePath, &'r Pattern)>) {
    match formula {
        Formula::Pattern(p) => out.push((path, p)),
        Formula::Regex(_) | Formula::Generic(_) => {}
        Formula::Or(items) => items.iter().enumerate().for_each(|(i, f)| formula_patterns(f, join_path(&path, i), out)),
        Formula::And(terms) => {
            for (i, term) in terms.iter().enumerate() {
                let at = join_path(&path, i);
                match term {
                    Term::Positive(f) => formula_patterns(f, at, out),
                    Term::Not(f) | Term::Inside(f) | Term::NotInside(f) => match f {
                        Formula::Pattern(p) => out.push((at, p)),
                        _ => formula_patterns(f, join_path(&at, 0), out),
                    },
                    Term::MetavariablePattern { formula, .. } => formula_patterns(formula, join_path(&at, 0), out),
                    _ => {}
                }
            }
        }
    }
}

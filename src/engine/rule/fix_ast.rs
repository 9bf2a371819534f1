//! A `fix` rendered from its tree, as Semgrep's AST-based autofix renders it
//! for Python: the fix is read as a pattern, its metavariables stand for the
//! code they are bound to, and the result is printed back, each part that is
//! the same as in the fix or in the code as its own text. Semgrep's printer
//! knows only a few kinds of node (names, attribute accesses, calls with
//! positional arguments, binary operators), so any other changed part gives
//! `None`, and the caller falls back to the textual fix, as Semgrep does.
//!
//! What Semgrep's printer does that a textual fix does not:
//! - an operator expression (binary, boolean, comparison, unary) printed
//!   through an expression gets parentheses: `new($X)` with `$X` bound to
//!   `a + b` gives `new((a + b))`, `$X == None` gives `(x == None)`;
//! - a changed call's arguments are joined by `, `; a changed operator is
//!   printed as `left op right`, with the first word of its token (`is not`
//!   prints `is`, `not in` prints `not`, as Semgrep 1.187 does);
//! - an operand or argument unchanged from the fix keeps its text as written.

use super::super::matcher::{Bound, Env};
use super::super::pattern::{parse_pattern, span_in_text, Shape};
use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::binding::bound_text;

/// The fix text Semgrep's AST-based autofix gives, or `None` where it falls
/// back to the textual fix.
pub(super) fn render(fix: &str, env: &Env<'_>, src: &str) -> Option<String> {
    // `$...X` and `"$X"` are filled in as text by Semgrep here.
    if fix.contains("$...") {
        return None;
    }
    let pattern = parse_pattern(fix).ok()?;
    let Shape::Expr(root) = &pattern.shape else { return None };
    let printer = Printer { fix, env, src };
    printer.expr(root)
}

struct Printer<'a, 't> {
    fix: &'a str,
    env: &'a Env<'t>,
    src: &'a str,
}

/// Whether Semgrep's tree has the node as an operator call (which its
/// printer puts in parentheses).
fn is_operator(node: &Node) -> bool {
    matches!(node.kind, Kind::BinOp | Kind::BoolOp | Kind::Compare | Kind::UnaryOp)
}

/// Whether the fix's node holds no metavariable (nor another pattern construct).
fn unchanged(node: &Node) -> bool {
    let mut plain = true;
    node.walk(&mut |n: &Node| {
        let pattern_node = matches!(n.kind, Kind::MetaVar | Kind::SeqMetaVar | Kind::Ellipsis | Kind::Deep | Kind::Typed | Kind::Chain | Kind::RegexStr);
        if pattern_node || (n.kind.is_string() && n.text.contains('$')) {
            plain = false;
        }
    });
    plain
}

fn parenthesized(text: String) -> String {
    format!("({text})")
}

impl Printer<'_, '_> {
    /// The fix's own text of a node.
    fn own_text(&self, node: &Node) -> String {
        let (text, span) = span_in_text(self.fix, Span::new(node.start, node.end));
        text.get(span.start as usize..span.end as usize).unwrap_or("").to_string()
    }

    /// An expression, in parentheses when it is an operator.
    fn expr(&self, node: &Node) -> Option<String> {
        if unchanged(node) {
            let text = self.own_text(node);
            return Some(if is_operator(node) { parenthesized(text) } else { text });
        }
        match node.kind {
            Kind::MetaVar => {
                let Some(Bound::Node(code)) = self.env.get(&node.text) else { return None };
                // A chain of comparisons Semgrep prints from a wrong range: not followed.
                if code.as_compare().is_some_and(|c| c.comparators.len() != 1) {
                    return None;
                }
                let text = bound_text(self.src, &Bound::Node(code)).to_string();
                Some(if is_operator(code) { parenthesized(text) } else { text })
            }
            Kind::Attribute => {
                let attribute = node.as_attribute()?;
                let name = match attribute.attr.kind {
                    Kind::MetaVar => match self.env.get(&attribute.attr.text)? {
                        Bound::Node(code) if matches!(code.kind, Kind::Name | Kind::Ident) => code.text.to_string(),
                        _ => return None,
                    },
                    Kind::Ident => attribute.attr.text.to_string(),
                    _ => return None,
                };
                Some(format!("{}.{name}", self.expr(attribute.value)?))
            }
            Kind::Call => {
                let call = node.as_call()?;
                let args = call.args.children.iter().map(|arg| self.call_argument(arg)).collect::<Option<Vec<_>>>()?;
                Some(format!("{}({})", self.expr(call.func)?, args.join(", ")))
            }
            Kind::BinOp => {
                if let Some(op) = node.as_bin_op() {
                    return self.operator(&node.text, op.left, op.right);
                }
                match node.as_operand_chain()?.operands.children.as_slice() {
                    [left, right] => self.operator(&node.text, left, right),
                    _ => None,
                }
            }
            Kind::BoolOp => match node.as_bool_op()?.values.children.as_slice() {
                [left, right] => self.operator(&node.text, left, right),
                _ => None,
            },
            Kind::Compare => {
                let compare = node.as_compare()?;
                match compare.comparators {
                    [right] => self.operator(&node.text, compare.left, right),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `left op right`, in parentheses; the operands as arguments.
    fn operator(&self, op: &str, left: &Node, right: &Node) -> Option<String> {
        let word = op.split_whitespace().next()?;
        Some(parenthesized(format!("{} {word} {}", self.argument(left)?, self.argument(right)?)))
    }

    /// An operand or positional argument: as written when unchanged.
    fn argument(&self, node: &Node) -> Option<String> {
        if unchanged(node) {
            return Some(self.own_text(node));
        }
        self.expr(node)
    }

    /// A call's argument: a changed keyword argument is not printed (Semgrep
    /// falls back to the textual fix); `*x` prints as `*(x)`.
    fn call_argument(&self, node: &Node) -> Option<String> {
        if unchanged(node) {
            return Some(self.own_text(node));
        }
        match node.kind {
            Kind::Keyword | Kind::DoubleStarred => None,
            Kind::Starred => Some(format!("*({})", self.expr(node.as_starred()?.value)?)),
            _ => self.expr(node),
        }
    }
}

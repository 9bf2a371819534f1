//! How the walker holds the tree: [`Read`] (`&Node`, for taint, which only
//! looks) or [`Write`] (`&mut Node`, for constant propagation, which records
//! what it learns on the names it walks). A compound statement comes apart
//! into its [`Shape`]: the parts the walker walks, and those it only reads.
//!
//! Depends on the tree's typed views only.

use super::super::tree::{Kind, Node};

/// Shared or exclusive access to the statements being walked.
pub trait Access {
    /// A statement, block or expression, as the walker holds it.
    type Ref<'n>;
    fn node<'a>(code: &'a Self::Ref<'_>) -> &'a Node;
    /// The same node again for a shorter while (a loop body is walked more than once).
    fn reborrow<'a>(code: &'a mut Self::Ref<'_>) -> Self::Ref<'a>;
    /// A block's statements, in order.
    fn statements<'n>(block: Self::Ref<'n>) -> impl Iterator<Item = Self::Ref<'n>>;
    /// A statement's parts.
    fn shape<'n>(stmt: Self::Ref<'n>) -> Shape<'n, Self::Ref<'n>>;
}

/// A statement taken apart: compound statements into their header and
/// blocks (`orelse` and `finalbody` are `Absent` when missing), definitions
/// into what runs where they stand; anything else is `Simple`.
pub enum Shape<'n, R> {
    If { test: R, body: R, orelse: R },
    While { test: R, body: R, orelse: R },
    For { target: &'n Node, iter: R, body: R, orelse: R },
    With { items: R, body: R },
    Try { body: R, handlers: Vec<R>, orelse: R, finalbody: R },
    Match { subject: R, cases: Vec<R> },
    Function { decorators: R, name: &'n Node, params: &'n Node, body: R },
    Class { name: &'n Node, body: R },
    Simple(R),
    /// A compound statement whose children do not fit its kind's view (the
    /// parser never makes one): nothing to walk.
    Unfit,
}

/// A compound statement's [`Shape`] through one family of views (`as_if`
/// or `as_if_mut`, ...); `Unfit` when its children do not fit the view.
macro_rules! compound_shape {
    ($stmt:ident, $kind:ident; $if:ident, $while:ident, $for:ident, $with:ident, $try:ident, $match:ident, $def:ident, $class:ident; $iter:ident, $clause:path) => {
        match $kind {
            Kind::If => $stmt.$if().map(|s| Shape::If { test: s.test, body: s.body, orelse: s.orelse }),
            Kind::While => $stmt.$while().map(|s| Shape::While { test: s.test, body: s.body, orelse: s.orelse }),
            Kind::For => $stmt.$for().map(|s| Shape::For { target: s.target, iter: s.iter, body: s.body, orelse: s.orelse }),
            Kind::With => $stmt.$with().map(|s| Shape::With { items: s.items, body: s.body }),
            Kind::Try => $stmt.$try().map(|s| Shape::Try {
                body: s.body,
                handlers: s.handlers.children.$iter().filter_map($clause).collect(),
                orelse: s.orelse,
                finalbody: s.finalbody,
            }),
            Kind::Match => $stmt.$match().map(|s| Shape::Match { subject: s.subject, cases: s.cases.children.$iter().filter_map($clause).collect() }),
            Kind::FunctionDef => $stmt.$def().map(|d| Shape::Function { decorators: d.decorators, name: d.name, params: d.params, body: d.body }),
            Kind::ClassDef => $stmt.$class().map(|c| Shape::Class { name: c.name, body: c.body }),
            _ => None,
        }
        .unwrap_or(Shape::Unfit)
    };
}

/// Whether a statement of this kind comes apart into a compound [`Shape`].
fn is_compound(kind: Kind) -> bool {
    matches!(kind, Kind::If | Kind::While | Kind::For | Kind::With | Kind::Try | Kind::Match | Kind::FunctionDef | Kind::ClassDef)
}

/// Taint's access: it reads the tree.
pub struct Read;

/// Constant propagation's access: it marks the names it walks.
pub struct Write;

impl Access for Read {
    type Ref<'n> = &'n Node;

    fn node<'a>(code: &'a &Node) -> &'a Node {
        code
    }

    fn reborrow<'a>(code: &'a mut &Node) -> &'a Node {
        code
    }

    fn statements<'n>(block: Self::Ref<'n>) -> impl Iterator<Item = Self::Ref<'n>> {
        block.children.iter()
    }

    fn shape<'n>(stmt: Self::Ref<'n>) -> Shape<'n, Self::Ref<'n>> {
        let kind = stmt.kind;
        if !is_compound(kind) {
            return Shape::Simple(stmt);
        }
        compound_shape!(stmt, kind; as_if, as_while, as_for, as_with, as_try, as_match, as_function_def, as_class_def; iter, Node::clause_body)
    }
}

impl Access for Write {
    type Ref<'n> = &'n mut Node;

    fn node<'a>(code: &'a &mut Node) -> &'a Node {
        code
    }

    fn reborrow<'a>(code: &'a mut &mut Node) -> &'a mut Node {
        code
    }

    fn statements<'n>(block: Self::Ref<'n>) -> impl Iterator<Item = Self::Ref<'n>> {
        block.children.iter_mut()
    }

    fn shape<'n>(stmt: Self::Ref<'n>) -> Shape<'n, Self::Ref<'n>> {
        let kind = stmt.kind;
        if !is_compound(kind) {
            return Shape::Simple(stmt);
        }
        compound_shape!(stmt, kind; as_if_mut, as_while_mut, as_for_mut, as_with_mut, as_try_mut, as_match_mut, as_function_def_mut, as_class_def_mut; iter_mut, Node::clause_body_mut)
    }
}

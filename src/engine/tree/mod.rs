//! The one generic tree that both sides of a match use.
//!
//! Python code and Semgrep patterns are both parsed by ruff_python_parser and
//! lowered here into [`Node`]s: a kind, a byte range, an optional text payload
//! (identifier, literal value, operator) and ordered children. Sequences that
//! `...` can stand in (statements, arguments, parameters, elements, ...) are
//! explicit container nodes, so the matcher handles ellipsis in one place.
//!
//! Plain data: the parser lives in `python`, which lowers into this. Read a
//! node's children through its typed view ([`views`]: `node.as_if()`), which
//! names them, never by position.

pub mod views;

use std::sync::Arc;

/// What a node is. Container kinds (see [`Kind::is_seq`]) hold a sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    // ----- containers -----
    Block,
    Args,
    Params,
    Decorators,
    Elts,
    DictItems,
    Targets,
    Aliases,
    Handlers,
    WithItems,
    Generators,
    Bases,
    FStringParts,
    Cases,
    Conds,
    Names,
    /// Operands of a flattened `&` or `|` chain, matched as a multiset.
    AcOperands,
    BoolValues,
    MatchPatterns,
    // ----- statements -----
    Module,
    FunctionDef,
    ClassDef,
    Return,
    Delete,
    Assign,
    AugAssign,
    AnnAssign,
    For,
    While,
    If,
    With,
    Match,
    MatchCase,
    Raise,
    Try,
    ExceptHandler,
    Assert,
    Import,
    ImportFrom,
    Alias,
    Global,
    Nonlocal,
    ExprStmt,
    Pass,
    Break,
    Continue,
    TypeAlias,
    // ----- expressions -----
    BoolOp,
    NamedExpr,
    BinOp,
    /// Adjacent string literals with an f-string among them (`"a" f"{b}"`):
    /// children are the pieces (`Str`, `JoinedStr`) in order. Adjacent plain
    /// literals are one `Str` instead (see [`Node::string_pieces`]).
    ImplicitConcat,
    UnaryOp,
    Lambda,
    IfExp,
    Dict,
    DictItem,
    Set,
    ListComp,
    SetComp,
    DictComp,
    GeneratorExp,
    Comprehension,
    Await,
    Yield,
    YieldFrom,
    Compare,
    Call,
    Keyword,
    DoubleStarred,
    FormattedValue,
    JoinedStr,
    Str,
    Bytes,
    Int,
    Float,
    Complex,
    Bool,
    NoneLit,
    EllipsisLit,
    Attribute,
    Subscript,
    Starred,
    Name,
    List,
    Tuple,
    Slice,
    Param,
    WithItem,
    MatchPattern,
    /// An identifier that is not an expression (def/class name, attribute name, keyword name, alias).
    Ident,
    /// An optional part that is missing. In a pattern it matches anything ("less is ok").
    Absent,
    /// An optional part that is missing and must be missing in code too.
    Empty,
    // ----- pattern-only -----
    /// `$X`: text holds the name with its `$`.
    MetaVar,
    /// `$...X`: text holds the name as written (`$...X`).
    SeqMetaVar,
    /// `...`
    Ellipsis,
    /// `<... e ...>`: one child.
    Deep,
    /// `$X: int` (a typed metavariable, as a call argument): one child, the
    /// metavariable; text holds the type as written (`int`, `flask.Flask`).
    Typed,
    /// `e. ...` (a method-chain ellipsis): `e` followed by zero or more
    /// attribute accesses or method calls. One child, `e`.
    Chain,
    /// `"=~/re/"`: text holds the regex.
    RegexStr,
}

impl Kind {
    pub fn is_seq(self) -> bool {
        use Kind::*;
        matches!(
            self,
            Block
                | AcOperands
                | Args
                | Params
                | Decorators
                | Elts
                | DictItems
                | Targets
                | Aliases
                | Handlers
                | WithItems
                | Generators
                | Bases
                | FStringParts
                | Cases
                | Conds
                | Names
                | BoolValues
                | MatchPatterns
        )
    }

    pub fn is_stmt(self) -> bool {
        use Kind::*;
        matches!(
            self,
            FunctionDef
                | ClassDef
                | Return
                | Delete
                | Assign
                | AugAssign
                | AnnAssign
                | For
                | While
                | If
                | With
                | Match
                | Raise
                | Try
                | Assert
                | Import
                | ImportFrom
                | Global
                | Nonlocal
                | ExprStmt
                | Pass
                | Break
                | Continue
                | TypeAlias
        )
    }

    /// Kinds that an expression pattern is tried against.
    pub fn is_expr(self) -> bool {
        use Kind::*;
        matches!(
            self,
            BoolOp
                | NamedExpr
                | BinOp
                | ImplicitConcat
                | UnaryOp
                | Lambda
                | IfExp
                | Dict
                | Set
                | ListComp
                | SetComp
                | DictComp
                | GeneratorExp
                | Await
                | Yield
                | YieldFrom
                | Compare
                | Call
                | JoinedStr
                | Str
                | Bytes
                | Int
                | Float
                | Complex
                | Bool
                | NoneLit
                | EllipsisLit
                | Attribute
                | Subscript
                | Starred
                | Name
                | List
                | Tuple
                | Slice
        )
    }

    pub fn is_string(self) -> bool {
        matches!(self, Kind::Str | Kind::JoinedStr)
    }
}

/// A node of the generic tree. Ranges are byte offsets into the source the
/// tree was built from (the pattern text for patterns).
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    /// Identifier, literal value, operator, or a flag such as `async`.
    pub text: Arc<str>,
    pub children: Vec<Node>,
    /// For names bound by an import: the fully qualified name (`sp` -> `subprocess`),
    /// after a `*` when it comes from `from M import *` and an `@` when from
    /// `import M as name` (see [`Node::qualified`]).
    pub resolved: Option<Arc<str>>,
    /// For a use of a name whose value is known here (constant propagation).
    pub constant: Option<Arc<ConstValue>>,
    /// For a name: the variable it stands for (0 for none), as Semgrep's
    /// naming resolves it (see [`crate::engine::scopes`]).
    pub var: u32,
}

thread_local! {
    static EMPTY: Arc<str> = Arc::from("");
}

/// A value constant propagation knows.
#[derive(Clone, Debug)]
pub enum ConstValue {
    /// A literal (Str, Int, Float, Bool, Bytes node).
    Literal(Node),
    /// Some string whose text is not known (e.g. a formatted literal).
    SomeString,
    /// Not a literal: the expression the name was last assigned, for rules
    /// with `symbolic_propagation` (only recorded when such a rule is loaded).
    Symbolic(Node),
    /// Not known, but declared with a type: the annotation of a parameter or
    /// of an annotated assignment (`x: int = f()`), or the builtin type (a
    /// `Name` such as `int`) of the literal a name was first assigned.
    Typed(Node),
}

impl Node {
    pub fn new(kind: Kind, range: (u32, u32), text: impl Into<Arc<str>> + AsRef<str>, children: Vec<Node>) -> Node {
        // Most nodes have no text: share one empty string instead of allocating one each.
        let text = if text.as_ref().is_empty() { EMPTY.with(Arc::clone) } else { text.into() };
        Node { kind, start: range.0, end: range.1, text, children, resolved: None, constant: None, var: 0 }
    }

    pub fn leaf(kind: Kind, range: (u32, u32), text: impl Into<Arc<str>> + AsRef<str>) -> Node {
        Node::new(kind, range, text, Vec::new())
    }

    pub fn range(&self) -> (u32, u32) {
        (self.start, self.end)
    }

    /// Structural equality that ignores positions (and quoting, since string
    /// nodes hold decoded values).
    pub fn same_as(&self, other: &Node) -> bool {
        if self.kind != other.kind || self.text != other.text || self.children.len() != other.children.len() {
            return self.kind == Kind::Name
                && other.kind == Kind::Name
                && self.resolved.is_some()
                && self.qualified() == other.qualified();
        }
        self.children.iter().zip(&other.children).all(|(left, right)| left.same_as(right))
    }

    /// The statement blocks nested directly in a statement: its bodies, and
    /// those of its `except` handlers and `case`s.
    pub fn nested_blocks(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().flat_map(|child| {
            let (own, clauses): (Option<&Node>, &[Node]) = match child.kind {
                Kind::Block => (Some(child), &[]),
                Kind::Handlers | Kind::Cases => (None, &child.children),
                _ => (None, &[]),
            };
            own.into_iter().chain(clauses.iter().filter_map(Node::clause_body))
        })
    }

    /// The names an assignment or loop target binds (`a`, `(a, *b)`, `[a, b]`).
    pub fn target_names(&self, f: &mut dyn FnMut(&Arc<str>)) {
        match self.kind {
            Kind::Name => f(&self.text),
            Kind::Tuple | Kind::List => self.elements().iter().for_each(|c| c.target_names(f)),
            Kind::Starred => self.as_starred().into_iter().for_each(|s| s.value.target_names(f)),
            _ => {}
        }
    }

    /// Whether this target is made of names only (`x`, `(a, *b)`, `[a, b]`),
    /// which Semgrep reads as a binding pattern rather than an expression.
    pub fn is_binding_pattern(&self) -> bool {
        match self.kind {
            Kind::Name => true,
            Kind::Tuple | Kind::List => self.elements().iter().all(Node::is_binding_pattern),
            Kind::Starred => self.as_starred().is_some_and(|s| s.value.is_binding_pattern()),
            _ => false,
        }
    }

    /// Visits this node and every descendant, parents first.
    pub fn walk<'t>(&'t self, visit: &mut dyn FnMut(&'t Node)) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            visit(node);
            for child in node.children.iter().rev() {
                stack.push(child);
            }
        }
    }

    /// The value of a string literal, also of an f-string without placeholders
    /// and of a `+` concatenation of literals (Semgrep folds those too).
    pub fn literal_string(&self) -> Option<String> {
        match self.kind {
            Kind::Str | Kind::Bytes => Some(self.text.to_string()),
            Kind::Name => match self.constant.as_deref() {
                Some(ConstValue::Literal(n)) if matches!(n.kind, Kind::Str | Kind::Bytes) => Some(n.text.to_string()),
                _ => None,
            },
            Kind::BinOp if &*self.text == "+" => {
                let plus = self.as_bin_op()?;
                Some(plus.left.literal_string()? + &plus.right.literal_string()?)
            }
            // An f-string whose every placeholder is a known string (`f"{x}!"`
            // after `x = "hi"`) is that string, as in Semgrep's constant folding.
            Kind::JoinedStr => self
                .as_joined_str()?
                .parts
                .children
                .iter()
                .map(|p| match p.kind {
                    Kind::Str => Some(p.text.to_string()),
                    Kind::FormattedValue => {
                        let field = p.as_formatted_value()?;
                        if !p.text.is_empty() || field.spec.kind != Kind::Absent {
                            return None;
                        }
                        let value = field.value;
                        let number = match (value.kind, value.constant.as_deref()) {
                            (Kind::Int, _) => Some(value),
                            (Kind::Name, Some(ConstValue::Literal(n))) if n.kind == Kind::Int => Some(n),
                            _ => None,
                        };
                        match number {
                            Some(n) => Some(n.text.to_string()),
                            None => value.literal_string().filter(|_| value.kind != Kind::JoinedStr),
                        }
                    }
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// The dotted name this node spells (`a.b.c`), if it is a plain name or attribute chain.
    pub fn dotted(&self) -> Option<String> {
        match self.kind {
            Kind::Name => Some(self.text.to_string()),
            Kind::Attribute => {
                let attribute = self.as_attribute().filter(|a| a.attr.kind == Kind::Ident)?;
                Some(format!("{}.{}", attribute.value.dotted()?, attribute.attr.text))
            }
            _ => None,
        }
    }

    /// The qualified name an imported name stands for, without the mark of a `*` import.
    pub fn qualified(&self) -> Option<&str> {
        self.resolved.as_deref().map(|r| r.strip_prefix(['*', '@']).unwrap_or(r))
    }

    /// For a name bound by `import M as name`: `M` (`metavariable-regex` sees
    /// it too, as in Semgrep, where `from M import x as name` it does not).
    pub fn module_alias(&self) -> Option<&str> {
        self.resolved.as_deref().and_then(|r| r.strip_prefix('@'))
    }

    /// Whether the name's import is a `from M import *` (patterns with
    /// metavariables do not see through those, as in Semgrep).
    pub fn from_star_import(&self) -> bool {
        self.resolved.as_deref().is_some_and(|r| r.starts_with('*'))
    }

    /// Like [`Node::dotted`] but with import aliases resolved.
    pub fn resolved_dotted(&self) -> Option<String> {
        match self.kind {
            Kind::Name => self.qualified().map(str::to_string),
            Kind::Attribute => {
                let attribute = self.as_attribute()?;
                Some(format!("{}.{}", attribute.value.resolved_dotted()?, attribute.attr.text))
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Node {
    /// A compact S-expression, for debugging and test failure messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({:?}", self.kind)?;
        if !self.text.is_empty() {
            write!(f, " {:?}", self.text)?;
        }
        if let Some(r) = &self.resolved {
            write!(f, " ={r}")?;
        }
        for child in &self.children {
            write!(f, " {child}")?;
        }
        write!(f, ")")
    }
}

/// How names in pattern text stand in for metavariables and ellipses
/// (see `pattern.rs`, which writes them).
pub mod placeholder {
    pub const METAVAR: &str = "__FLMV_";
    pub const SEQ_METAVAR: &str = "__FLMVS_";
    pub const ELLIPSIS: &str = "__FLELL";
    pub const DEEP: &str = "__FLDEEP";
    pub const TYPED: &str = "__FLTYPED";
    pub const CHAIN: &str = "__FLCHAIN";
    pub const STANDALONE: &str = "__FLSTANDALONE";
}


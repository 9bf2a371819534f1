//! Typed views over the generic tree: `node.as_if()` gives an [`If`] with
//! named `test`, `body` and `orelse`, instead of children read by position.
//!
//! The child order of every node kind is written here once: each view's
//! fields are its children in order, and its `build` constructor (used by
//! `python::lower`) puts them there. Readers ask for a view and get `None` for
//! another kind (or another shape of the same kind, as the `&`/`|` chain form
//! of a `BinOp`). Each view also has a mutable form (`as_if_mut` gives an
//! `IfMut` with `&mut` fields) for the passes that annotate the tree.
//!
//! Depends only on the tree itself: no parser, no matcher.

use super::{Kind, Node};

/// Declares views. `Name / NameMut = Kind [field, ...] via as_name / as_name_mut;`
/// declares a view of one kind with a `build` constructor; `{KindA | KindB}`
/// one over several kinds of the same shape, whose `build` takes the kind.
macro_rules! views {
    (@view $(#[$doc:meta])* $view:ident / $view_mut:ident = ($($kind:ident)|+) [$($field:ident),+] via $as:ident / $as_mut:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $view<'n> {
            $(pub $field: &'n Node,)+
        }

        #[doc = concat!("[`", stringify!($view), "`] with fields that can be changed in place.")]
        #[derive(Debug)]
        pub struct $view_mut<'n> {
            $(pub $field: &'n mut Node,)+
        }

        impl Node {
            #[doc = concat!("This node as a [`", stringify!($view), "`], if it is one.")]
            #[inline]
            pub fn $as(&self) -> Option<$view<'_>> {
                match (self.kind, self.children.as_slice()) {
                    ($(Kind::$kind)|+, [$($field),+]) => Some($view { $($field),+ }),
                    _ => None,
                }
            }

            #[doc = concat!("This node as a [`", stringify!($view_mut), "`], if it is one.")]
            #[inline]
            pub fn $as_mut(&mut self) -> Option<$view_mut<'_>> {
                match (self.kind, self.children.as_mut_slice()) {
                    ($(Kind::$kind)|+, [$($field),+]) => Some($view_mut { $($field),+ }),
                    _ => None,
                }
            }
        }
    };
    ($(
        $(#[$doc:meta])*
        $view:ident / $view_mut:ident = $kind:ident [$($field:ident),+] via $as:ident / $as_mut:ident;
    )*) => {
        $(
            views!(@view $(#[$doc])* $view / $view_mut = ($kind) [$($field),+] via $as / $as_mut);

            impl $view<'_> {
                #[doc = concat!("A `", stringify!($kind), "` node with these children (text: [`Node::with_text`]).")]
                #[inline]
                pub fn build(range: (u32, u32), $($field: Node),+) -> Node {
                    Node::new(Kind::$kind, range, "", vec![$($field),+])
                }
            }
        )*
    };
}

/// Like [`views!`] for views over several kinds of one shape.
macro_rules! shared_views {
    ($(
        $(#[$doc:meta])*
        $view:ident / $view_mut:ident = {$($kind:ident)|+} [$($field:ident),+] via $as:ident / $as_mut:ident;
    )*) => {
        $(
            views!(@view $(#[$doc])* $view / $view_mut = ($($kind)|+) [$($field),+] via $as / $as_mut);

            impl $view<'_> {
                #[doc = concat!("A node of `kind` (one of ", $("`", stringify!($kind), "` ",)+ ") with these children.")]
                #[inline]
                pub fn build(kind: Kind, range: (u32, u32), $($field: Node),+) -> Node {
                    debug_assert!(matches!(kind, $(Kind::$kind)|+));
                    Node::new(kind, range, "", vec![$($field),+])
                }
            }
        )*
    };
}

views! {
    // ----- statements -----
    /// A parsed file or pattern: its statements.
    Module / ModuleMut = Module [body] via as_module / as_module_mut;
    /// `@decorators def name(params) -> returns: body`; text `async` for `async def`.
    /// `returns` is `Absent` without an annotation.
    FunctionDef / FunctionDefMut = FunctionDef [decorators, name, params, returns, body] via as_function_def / as_function_def_mut;
    /// `@decorators class name(bases): body`; `bases` is a `Bases` sequence
    /// (`Absent` in a pattern written without parentheses).
    ClassDef / ClassDefMut = ClassDef [decorators, name, bases, body] via as_class_def / as_class_def_mut;
    /// `return value`; `value` is `Empty` for a bare `return`.
    Return / ReturnMut = Return [value] via as_return / as_return_mut;
    /// `del targets` (a `Targets` sequence).
    Delete / DeleteMut = Delete [targets] via as_delete / as_delete_mut;
    /// `targets = value`; `targets` is a `Targets` sequence (`a = b = v` has two).
    Assign / AssignMut = Assign [targets, value] via as_assign / as_assign_mut;
    /// `target op= value`; the text is the operator (`+`).
    AugAssign / AugAssignMut = AugAssign [target, value] via as_aug_assign / as_aug_assign_mut;
    /// `target: annotation = value`; `value` is `Empty` without one.
    AnnAssign / AnnAssignMut = AnnAssign [target, annotation, value] via as_ann_assign / as_ann_assign_mut;
    /// `for target in iter: body else: orelse`; text `async`; `orelse` is a `Block` or `Absent`.
    For / ForMut = For [target, iter, body, orelse] via as_for / as_for_mut;
    /// `while test: body else: orelse`; `orelse` is a `Block` or `Absent`.
    While / WhileMut = While [test, body, orelse] via as_while / as_while_mut;
    /// `if test: body else: orelse`; `orelse` is a `Block` or `Absent`, and an
    /// `elif` is an `If` alone in the `orelse` block (CPython's shape).
    If / IfMut = If [test, body, orelse] via as_if / as_if_mut;
    /// `with items: body`; text `async`; `items` is a `WithItems` sequence.
    With / WithMut = With [items, body] via as_with / as_with_mut;
    /// One `context as target` of a `with`; `target` is `Empty` without `as`
    /// (`Absent` in a pattern, where it matches either).
    WithItem / WithItemMut = WithItem [context, target] via as_with_item / as_with_item_mut;
    /// `match subject:` with its `Cases`.
    Match / MatchMut = Match [subject, cases] via as_match / as_match_mut;
    /// `case pattern if guard: body`; `guard` is `Absent` without one.
    MatchCase / MatchCaseMut = MatchCase [pattern, guard, body] via as_match_case / as_match_case_mut;
    /// `raise exc from cause`; `exc` is `Empty` for a bare `raise`, `cause` `Absent` without `from`.
    Raise / RaiseMut = Raise [exc, cause] via as_raise / as_raise_mut;
    /// `try: body` with `Handlers`, `else: orelse`, `finally: finalbody`
    /// (each a `Block` or `Absent`); text `star` for `except*`.
    Try / TryMut = Try [body, handlers, orelse, finalbody] via as_try / as_try_mut;
    /// `except exception as name: body`; `exception` is `Empty` for a bare
    /// `except:`, `name` an `Ident`, or `Empty` without `as` (`Absent` after `except ...` in a pattern).
    ExceptHandler / ExceptHandlerMut = ExceptHandler [exception, name, body] via as_except_handler / as_except_handler_mut;
    /// `assert test, msg`; `msg` is `Empty` without one (`Absent` in the pattern `assert ...`).
    Assert / AssertMut = Assert [test, msg] via as_assert / as_assert_mut;
    /// `import aliases` (an `Aliases` sequence).
    Import / ImportMut = Import [aliases] via as_import / as_import_mut;
    /// `from module import aliases`; `module` is an `Ident` whose text is the
    /// module as written with its leading dots (a metavariable in a pattern).
    ImportFrom / ImportFromMut = ImportFrom [module, aliases] via as_import_from / as_import_from_mut;
    /// `name as asname` in an import; `name` is a `Name`/`Attribute` chain
    /// (`*` an `Ident`), `asname` an `Ident` or `Absent`.
    Alias / AliasMut = Alias [name, asname] via as_alias / as_alias_mut;
    /// An expression on a line of its own.
    ExprStmt / ExprStmtMut = ExprStmt [value] via as_expr_stmt / as_expr_stmt_mut;
    /// `type name = value`.
    TypeAlias / TypeAliasMut = TypeAlias [name, value] via as_type_alias / as_type_alias_mut;

    // ----- expressions -----
    /// `a and b and c` (flattened): text `and` or `or`, `values` a `BoolValues` sequence.
    BoolOp / BoolOpMut = BoolOp [values] via as_bool_op / as_bool_op_mut;
    /// `(target := value)`.
    NamedExpr / NamedExprMut = NamedExpr [target, value] via as_named_expr / as_named_expr_mut;
    /// `left op right`; the text is the operator. (A chain of `&` or `|` is an
    /// [`OperandChain`] instead.)
    BinOp / BinOpMut = BinOp [left, right] via as_bin_op / as_bin_op_mut;
    /// `a & b & c` or `a | b | c`, flattened: text `&` or `|`, `operands` an
    /// `AcOperands` sequence (matched as a multiset).
    OperandChain / OperandChainMut = BinOp [operands] via as_operand_chain / as_operand_chain_mut;
    /// `op operand`; the text is the operator (`not`, `-`, `+`, `~`).
    UnaryOp / UnaryOpMut = UnaryOp [operand] via as_unary_op / as_unary_op_mut;
    /// `lambda params: body`.
    Lambda / LambdaMut = Lambda [params, body] via as_lambda / as_lambda_mut;
    /// `body if test else orelse`.
    IfExp / IfExpMut = IfExp [test, body, orelse] via as_if_exp / as_if_exp_mut;
    /// `{items}` (a `DictItems` sequence of `DictItem`s and `DoubleStarred`s).
    Dict / DictMut = Dict [items] via as_dict / as_dict_mut;
    /// `key: value` in a dict display.
    DictItem / DictItemMut = DictItem [key, value] via as_dict_item / as_dict_item_mut;
    /// `{key: value for ...}`; `key` is `Empty` for `{**d for ...}`.
    DictComp / DictCompMut = DictComp [key, value, generators] via as_dict_comp / as_dict_comp_mut;
    /// One `for target in iter if ifs` of a comprehension; text `async`; `ifs` a `Conds` sequence.
    Comprehension / ComprehensionMut = Comprehension [target, iter, ifs] via as_comprehension / as_comprehension_mut;
    /// `yield value`; `value` is `Empty` for a bare `yield`.
    Yield / YieldMut = Yield [value] via as_yield / as_yield_mut;
    /// `func(args)`; `args` is an `Args` sequence (positional and keyword arguments in source order).
    Call / CallMut = Call [func, args] via as_call / as_call_mut;
    /// `name=value` as a call argument or class base (also `attr=pattern` in a class pattern of `match`).
    Keyword / KeywordMut = Keyword [name, value] via as_keyword / as_keyword_mut;
    /// `{value!conversion:spec}` in an f-string: the text is the conversion
    /// (`r`, `s`, `a` or empty), `spec` a `JoinedStr` or `Absent`.
    FormattedValue / FormattedValueMut = FormattedValue [value, spec] via as_formatted_value / as_formatted_value_mut;
    /// `f"..."`: `parts` an `FStringParts` sequence of `Str` pieces and
    /// `FormattedValue`s; text `t` for a template string.
    JoinedStr / JoinedStrMut = JoinedStr [parts] via as_joined_str / as_joined_str_mut;
    /// `value.attr`; `attr` is an `Ident` (a metavariable in a pattern).
    Attribute / AttributeMut = Attribute [value, attr] via as_attribute / as_attribute_mut;
    /// `value[slice]`.
    Subscript / SubscriptMut = Subscript [value, slice] via as_subscript / as_subscript_mut;
    /// `*value`.
    Starred / StarredMut = Starred [value] via as_starred / as_starred_mut;
    /// `**value` as a call argument or in a dict display.
    DoubleStarred / DoubleStarredMut = DoubleStarred [value] via as_double_starred / as_double_starred_mut;
    /// `lower:upper:step`, each `Empty` when left out.
    Slice / SliceMut = Slice [lower, upper, step] via as_slice / as_slice_mut;
    /// `name: annotation = default` of a `def` or `lambda`; text `*` or `**`
    /// for `*args` / `**kwargs`; `annotation` and `default` are `Absent` when left out.
    Param / ParamMut = Param [name, annotation, default] via as_param / as_param_mut;

    // ----- pattern-only -----
    /// `<... expr ...>`.
    Deep / DeepMut = Deep [expr] via as_deep / as_deep_mut;
    /// `$X: T` as a call argument: the text is the type as written.
    Typed / TypedMut = Typed [metavar] via as_typed / as_typed_mut;
    /// `base. ...`: `base` followed by any attribute accesses and method calls.
    Chain / ChainMut = Chain [base] via as_chain / as_chain_mut;
}

shared_views! {
    /// `global names` or `nonlocal names` (a `Names` sequence of `Ident`s).
    NameDecl / NameDeclMut = {Global | Nonlocal} [names] via as_name_decl / as_name_decl_mut;
    /// `[elts]`, `(elts)` or `{elts}`: `elts` an `Elts` sequence.
    Collection / CollectionMut = {List | Tuple | Set} [elts] via as_collection / as_collection_mut;
    /// `[element for ...]`, `{element for ...}`, `(element for ...)`:
    /// `generators` a `Generators` sequence of `Comprehension`s.
    Comp / CompMut = {ListComp | SetComp | GeneratorExp} [element, generators] via as_comp / as_comp_mut;
    /// `await value` or `yield from value`.
    Awaited / AwaitedMut = {Await | YieldFrom} [value] via as_awaited / as_awaited_mut;
}

/// `left op1 c1 op2 c2 ...`: the text is the operators, space-separated
/// (`<` `is not` ...), one per comparator.
#[derive(Clone, Copy, Debug)]
pub struct Compare<'n> {
    pub left: &'n Node,
    pub comparators: &'n [Node],
}

impl Compare<'_> {
    /// A `Compare` node of `left` and its comparators (text: the operators).
    pub fn build(range: (u32, u32), left: Node, comparators: impl IntoIterator<Item = Node>) -> Node {
        let mut children = vec![left];
        children.extend(comparators);
        Node::new(Kind::Compare, range, "", children)
    }
}

impl Node {
    /// This node as a [`Compare`], if it is one.
    #[inline]
    pub fn as_compare(&self) -> Option<Compare<'_>> {
        match (self.kind, self.children.split_first()) {
            (Kind::Compare, Some((left, comparators))) => Some(Compare { left, comparators }),
            _ => None,
        }
    }

    /// The pieces of an implicit concatenation (`"a" f"{b}"`): `Str` and
    /// `JoinedStr` nodes in order. (One made only of plain literals is a `Str`
    /// whose children are its pieces: see [`Node::string_pieces`].)
    #[inline]
    pub fn concat_pieces(&self) -> Option<&[Node]> {
        (self.kind == Kind::ImplicitConcat).then_some(self.children.as_slice())
    }

    /// The pieces of `"a" "b"`, a string literal written as several: `Str`
    /// nodes in order (the literal's own text is the whole value). `None` for a
    /// string written as one literal and for anything else.
    #[inline]
    pub fn string_pieces(&self) -> Option<&[Node]> {
        (self.kind == Kind::Str && !self.children.is_empty()).then_some(self.children.as_slice())
    }

    /// An implicit concatenation node of these pieces.
    pub fn implicit_concat(range: (u32, u32), pieces: Vec<Node>) -> Node {
        Node::new(Kind::ImplicitConcat, range, "", pieces)
    }

    /// The same node with `text` (an operator, a flag such as `async`).
    #[inline]
    pub fn with_text(mut self, text: impl Into<std::sync::Arc<str>> + AsRef<str>) -> Node {
        if !text.as_ref().is_empty() {
            self.text = text.into();
        }
        self
    }

    /// The items of a list, tuple or set display (none for anything else).
    pub fn elements(&self) -> &[Node] {
        self.as_collection().map_or(&[], |c| c.elts.children.as_slice())
    }

    /// The body of a statement's nested handler or case (`except` and `case` bodies).
    pub fn clause_body(&self) -> Option<&Node> {
        match self.kind {
            Kind::ExceptHandler => self.as_except_handler().map(|h| h.body),
            Kind::MatchCase => self.as_match_case().map(|c| c.body),
            _ => None,
        }
    }

    /// A function's or lambda's parts below its parameter names, in source order:
    /// each parameter's annotation and default, the return annotation (a lambda
    /// has none), the body. The passes that scope names (`names`, `scopes`) visit
    /// them inside the function's new scope, where its parameters are declared.
    pub fn function_parts_mut<'n>(
        params: &'n mut Node,
        returns: Option<&'n mut Node>,
        body: &'n mut Node,
    ) -> impl Iterator<Item = &'n mut Node> {
        let signature = params.children.iter_mut().filter_map(Node::as_param_mut).flat_map(|p| [p.annotation, p.default]);
        signature.chain(returns).chain(std::iter::once(body))
    }

    /// Like [`Node::clause_body`], to change in place.
    pub fn clause_body_mut(&mut self) -> Option<&mut Node> {
        match self.kind {
            Kind::ExceptHandler => self.as_except_handler_mut().map(|h| h.body),
            Kind::MatchCase => self.as_match_case_mut().map(|c| c.body),
            _ => None,
        }
    }
}

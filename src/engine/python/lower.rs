//! rustpython AST -> generic [`Node`] tree.

use super::super::tree::{placeholder, Kind, Node};
use rustpython_parser::ast::{self, Constant, Expr, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

/// Lowers rustpython's AST into [`Node`]s. `pattern` turns placeholders into
/// pattern nodes; in code they stay ordinary names.
pub struct Lowerer<'s> {
    src: &'s str,
    pattern: bool,
}

fn r(range: TextRange) -> (u32, u32) {
    (range.start().into(), range.end().into())
}

impl<'s> Lowerer<'s> {
    pub fn new(src: &'s str, pattern: bool) -> Self {
        Lowerer { src, pattern }
    }

    pub fn suite(&self, stmts: &[Stmt], range: (u32, u32)) -> Node {
        let block = self.block(stmts, range);
        Node::new(Kind::Module, range, "", vec![block])
    }

    fn block(&self, stmts: &[Stmt], fallback: (u32, u32)) -> Node {
        let range = match (stmts.first(), stmts.last()) {
            (Some(first), Some(last)) => (u32::from(first.start()), u32::from(last.end())),
            _ => (fallback.1, fallback.1),
        };
        Node::new(Kind::Block, range, "", stmts.iter().map(|s| self.stmt(s)).collect())
    }

    fn opt_block(&self, stmts: &[Stmt], at: u32) -> Node {
        if stmts.is_empty() {
            Node::leaf(Kind::Absent, (at, at), "")
        } else {
            self.block(stmts, (at, at))
        }
    }

    fn seq(&self, kind: Kind, range: (u32, u32), items: Vec<Node>) -> Node {
        let range = match (items.first(), items.last()) {
            (Some(first), Some(last)) => (first.start, last.end),
            _ => range,
        };
        Node::new(kind, range, "", items)
    }

    fn exprs(&self, kind: Kind, exprs: &[Expr], at: u32) -> Node {
        self.seq(kind, (at, at), exprs.iter().map(|e| self.expr(e)).collect())
    }

    fn opt_expr(&self, expr: Option<&Expr>, at: u32, absent: Kind) -> Node {
        match expr {
            Some(e) => self.expr(e),
            None => Node::leaf(absent, (at, at), ""),
        }
    }

    /// An identifier that has no range of its own in rustpython: find it in the
    /// source at or after `from`.
    fn ident_after(&self, name: &str, from: u32, limit: u32) -> Node {
        let (start, end) = find_word(self.src, name, from as usize, limit as usize)
            .map(|s| (s as u32, (s + name.len()) as u32))
            .unwrap_or((from, from));
        self.ident(name, (start, end))
    }

    fn ident(&self, name: &str, range: (u32, u32)) -> Node {
        if self.pattern {
            if let Some(node) = self.placeholder_ident(name, range) {
                return node;
            }
        }
        Node::leaf(Kind::Ident, range, name)
    }

    fn placeholder_ident(&self, name: &str, range: (u32, u32)) -> Option<Node> {
        if let Some(rest) = name.strip_prefix(placeholder::SEQ_METAVAR) {
            return Some(Node::leaf(Kind::SeqMetaVar, range, format!("$...{rest}")));
        }
        if let Some(rest) = name.strip_prefix(placeholder::METAVAR) {
            return Some(Node::leaf(Kind::MetaVar, range, format!("${rest}")));
        }
        if name.starts_with(placeholder::ELLIPSIS) {
            return Some(Node::leaf(Kind::Ellipsis, range, ""));
        }
        None
    }

    pub fn stmt(&self, stmt: &Stmt) -> Node {
        let range = r(stmt.range());
        let (s, e) = range;
        let n = |kind, children| Node::new(kind, range, "", children);
        match stmt {
            Stmt::FunctionDef(f) => self.funcdef(range, "", &f.name, &f.args, &f.body, &f.decorator_list, f.returns.as_deref()),
            Stmt::AsyncFunctionDef(f) => {
                self.funcdef(range, "async", &f.name, &f.args, &f.body, &f.decorator_list, f.returns.as_deref())
            }
            Stmt::ClassDef(c) => {
                let decorators = self.exprs(Kind::Decorators, &c.decorator_list, s);
                let name_from = c.decorator_list.last().map_or(s, |d| u32::from(d.end()));
                let name = self.ident_after(c.name.as_str(), name_from, e);
                let mut bases: Vec<Node> = c.bases.iter().map(|b| self.expr(b)).collect();
                bases.extend(c.keywords.iter().map(|k| self.keyword(k)));
                bases.sort_by_key(|b| b.start);
                let bases = if bases.is_empty() && self.pattern && !self.has_parens_after(name.end, e) {
                    Node::leaf(Kind::Absent, (name.end, name.end), "")
                } else {
                    self.seq(Kind::Bases, (name.end, name.end), bases)
                };
                let body = self.block(&c.body, range);
                let start = c.decorator_list.first().map_or(s, |d| u32::from(d.start()).saturating_sub(1));
                Node::new(Kind::ClassDef, (start.min(s), e), "", vec![decorators, name, bases, body])
            }
            Stmt::Return(x) => n(Kind::Return, vec![self.opt_expr(x.value.as_deref(), e, Kind::Empty)]),
            Stmt::Delete(x) => n(Kind::Delete, vec![self.exprs(Kind::Targets, &x.targets, s)]),
            Stmt::Assign(x) => n(Kind::Assign, vec![self.exprs(Kind::Targets, &x.targets, s), self.expr(&x.value)]),
            Stmt::AugAssign(x) => Node::new(
                Kind::AugAssign,
                range,
                binop_str(&x.op),
                vec![self.expr(&x.target), self.expr(&x.value)],
            ),
            Stmt::AnnAssign(x) => n(
                Kind::AnnAssign,
                vec![self.expr(&x.target), self.expr(&x.annotation), self.opt_expr(x.value.as_deref(), e, Kind::Empty)],
            ),
            Stmt::For(x) => n(
                Kind::For,
                vec![self.expr(&x.target), self.expr(&x.iter), self.block(&x.body, range), self.opt_block(&x.orelse, e)],
            ),
            Stmt::AsyncFor(x) => Node::new(
                Kind::For,
                range,
                "async",
                vec![self.expr(&x.target), self.expr(&x.iter), self.block(&x.body, range), self.opt_block(&x.orelse, e)],
            ),
            Stmt::While(x) => {
                n(Kind::While, vec![self.expr(&x.test), self.block(&x.body, range), self.opt_block(&x.orelse, e)])
            }
            Stmt::If(x) => n(Kind::If, vec![self.expr(&x.test), self.block(&x.body, range), self.opt_block(&x.orelse, e)]),
            Stmt::With(x) => n(Kind::With, vec![self.with_items(&x.items, s), self.block(&x.body, range)]),
            Stmt::AsyncWith(x) => {
                Node::new(Kind::With, range, "async", vec![self.with_items(&x.items, s), self.block(&x.body, range)])
            }
            Stmt::Match(x) => {
                let cases = x
                    .cases
                    .iter()
                    .map(|c| {
                        let pat = self.match_pattern(&c.pattern);
                        let body = self.block(&c.body, range);
                        let start = pat.start.saturating_sub(5);
                        let guard = self.opt_expr(c.guard.as_deref(), pat.end, Kind::Absent);
                        Node::new(Kind::MatchCase, (start, body.end), "", vec![pat, guard, body])
                    })
                    .collect();
                n(Kind::Match, vec![self.expr(&x.subject), self.seq(Kind::Cases, (e, e), cases)])
            }
            Stmt::Raise(x) => n(
                Kind::Raise,
                vec![self.opt_expr(x.exc.as_deref(), e, Kind::Empty), self.opt_expr(x.cause.as_deref(), e, Kind::Absent)],
            ),
            Stmt::Try(x) => self.try_stmt(range, "", &x.body, &x.handlers, &x.orelse, &x.finalbody),
            Stmt::TryStar(x) => self.try_stmt(range, "star", &x.body, &x.handlers, &x.orelse, &x.finalbody),
            Stmt::Assert(x) => n(Kind::Assert, vec![self.expr(&x.test), self.opt_expr(x.msg.as_deref(), e, Kind::Absent)]),
            Stmt::Import(x) => n(Kind::Import, vec![self.aliases(&x.names, s)]),
            Stmt::ImportFrom(x) => {
                let level = x.level.map_or(0, |l| l.to_u32());
                let module = x.module.as_ref().map_or("", |m| m.as_str());
                let module_text = format!("{}{}", ".".repeat(level as usize), module);
                let module_node = if module.is_empty() {
                    Node::leaf(Kind::Ident, (s, s), module_text)
                } else {
                    let mut node = self.ident_after(module.split('.').next().unwrap_or(module), s + 4, e);
                    node.end = node.start + module.len() as u32;
                    if node.kind == Kind::Ident {
                        node.text = module_text.into();
                    }
                    node
                };
                n(Kind::ImportFrom, vec![module_node, self.aliases(&x.names, s)])
            }
            Stmt::Global(x) => n(Kind::Global, vec![self.names(&x.names, s, e)]),
            Stmt::Nonlocal(x) => n(Kind::Nonlocal, vec![self.names(&x.names, s, e)]),
            Stmt::Expr(x) => {
                let inner = self.expr(&x.value);
                if self.pattern && inner.kind == Kind::Ellipsis {
                    return Node::leaf(Kind::Ellipsis, range, "");
                }
                n(Kind::ExprStmt, vec![inner])
            }
            Stmt::Pass(_) => n(Kind::Pass, vec![]),
            Stmt::Break(_) => n(Kind::Break, vec![]),
            Stmt::Continue(_) => n(Kind::Continue, vec![]),
            Stmt::TypeAlias(x) => n(Kind::TypeAlias, vec![self.expr(&x.name), self.expr(&x.value)]),
        }
    }

    fn has_parens_after(&self, from: u32, limit: u32) -> bool {
        self.src
            .get(from as usize..limit as usize)
            .map_or(false, |rest| rest.trim_start().starts_with('('))
    }

    #[allow(clippy::too_many_arguments)]
    fn funcdef(
        &self,
        range: (u32, u32),
        flag: &str,
        name: &ast::Identifier,
        args: &ast::Arguments,
        body: &[Stmt],
        decorators: &[Expr],
        returns: Option<&Expr>,
    ) -> Node {
        let (s, e) = range;
        let decorator_node = self.exprs(Kind::Decorators, decorators, s);
        let name_from = decorators.last().map_or(s, |d| u32::from(d.end()));
        let name = self.ident_after(name.as_str(), name_from, e);
        let params = self.params(args, name.end);
        let returns = self.opt_expr(returns, params.end, Kind::Absent);
        let body = self.block(body, range);
        let start = decorators.first().map_or(s, |d| u32::from(d.start()).saturating_sub(1));
        Node::new(Kind::FunctionDef, (start.min(s), e), flag, vec![decorator_node, name, params, returns, body])
    }

    fn params(&self, args: &ast::Arguments, from: u32) -> Node {
        let mut params = Vec::new();
        let with_default = |a: &ast::ArgWithDefault, flag: &str| self.param(&a.def, a.default.as_deref(), flag);
        for a in &args.posonlyargs {
            params.push(with_default(a, ""));
        }
        for a in &args.args {
            params.push(with_default(a, ""));
        }
        if let Some(v) = &args.vararg {
            params.push(self.param(v, None, "*"));
        }
        for a in &args.kwonlyargs {
            params.push(with_default(a, ""));
        }
        if let Some(k) = &args.kwarg {
            params.push(self.param(k, None, "**"));
        }
        self.seq(Kind::Params, (from, from), params)
    }

    fn param(&self, arg: &ast::Arg, default: Option<&Expr>, flag: &str) -> Node {
        let range = r(arg.range);
        let name_range = (range.0, range.0 + arg.arg.as_str().len() as u32);
        let name = self.ident(arg.arg.as_str(), name_range);
        if name.kind == Kind::Ellipsis || (name.kind == Kind::SeqMetaVar && flag.is_empty()) {
            return name;
        }
        let annotation = self.opt_expr(arg.annotation.as_deref(), range.1, Kind::Absent);
        let default = self.opt_expr(default, range.1, Kind::Absent);
        let end = default.end.max(range.1);
        Node::new(Kind::Param, (range.0, end), flag, vec![name, annotation, default])
    }

    fn with_items(&self, items: &[ast::WithItem], at: u32) -> Node {
        let items = items
            .iter()
            .map(|item| {
                let ctx = self.expr(&item.context_expr);
                let vars = self.opt_expr(item.optional_vars.as_deref(), ctx.end, Kind::Empty);
                let end = vars.end.max(ctx.end);
                Node::new(Kind::WithItem, (ctx.start, end), "", vec![ctx, vars])
            })
            .collect();
        self.seq(Kind::WithItems, (at, at), items)
    }

    fn try_stmt(
        &self,
        range: (u32, u32),
        flag: &str,
        body: &[Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> Node {
        let e = range.1;
        let handlers = handlers
            .iter()
            .map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                let hr = r(h.range);
                let typ = self.opt_expr(h.type_.as_deref(), hr.0, Kind::Empty);
                let name = match &h.name {
                    Some(name) => self.ident_after(name.as_str(), typ.end, hr.1),
                    None => Node::leaf(if self.pattern { Kind::Absent } else { Kind::Empty }, (typ.end, typ.end), ""),
                };
                Node::new(Kind::ExceptHandler, hr, "", vec![typ, name, self.block(&h.body, hr)])
            })
            .collect();
        Node::new(
            Kind::Try,
            range,
            flag,
            vec![
                self.block(body, range),
                self.seq(Kind::Handlers, (e, e), handlers),
                self.opt_block(orelse, e),
                self.opt_block(finalbody, e),
            ],
        )
    }

    fn aliases(&self, names: &[ast::Alias], at: u32) -> Node {
        let items = names
            .iter()
            .map(|a| {
                let ar = r(a.range);
                let name_text = a.name.as_str();
                let name = if name_text == "*" {
                    Node::leaf(Kind::Ident, ar, "*")
                } else {
                    self.dotted_ident(name_text, ar.0)
                };
                let asname = match &a.asname {
                    Some(n) => self.ident_after(n.as_str(), name.end, ar.1.max(name.end)),
                    None => Node::leaf(Kind::Absent, (ar.1, ar.1), ""),
                };
                Node::new(Kind::Alias, ar, "", vec![name, asname])
            })
            .collect();
        self.seq(Kind::Aliases, (at, at), items)
    }

    /// A dotted module path in an import: lowered as a Name/Attribute chain so
    /// that metavariables can stand for any part (`import foo.$BAR`).
    fn dotted_ident(&self, dotted: &str, start: u32) -> Node {
        let mut node: Option<Node> = None;
        let mut offset = start;
        for part in dotted.split('.') {
            let range = (offset, offset + part.len() as u32);
            let ident = self.ident(part, range);
            node = Some(match node {
                None => {
                    if ident.kind == Kind::Ident {
                        Node::leaf(Kind::Name, range, part)
                    } else {
                        ident
                    }
                }
                Some(base) => Node::new(Kind::Attribute, (start, range.1), "", vec![base, ident]),
            });
            offset = range.1 + 1;
        }
        node.unwrap_or_else(|| Node::leaf(Kind::Name, (start, start), ""))
    }

    fn names(&self, names: &[ast::Identifier], s: u32, e: u32) -> Node {
        let mut from = s;
        let items = names
            .iter()
            .map(|n| {
                let node = self.ident_after(n.as_str(), from, e);
                from = node.end;
                node
            })
            .collect();
        self.seq(Kind::Names, (s, s), items)
    }

    fn keyword(&self, k: &ast::Keyword) -> Node {
        let range = r(k.range);
        let value = self.expr(&k.value);
        match &k.arg {
            Some(name) => {
                let name = self.ident(name.as_str(), (range.0, range.0 + name.as_str().len() as u32));
                Node::new(Kind::Keyword, range, "", vec![name, value])
            }
            None => Node::new(Kind::DoubleStarred, range, "", vec![value]),
        }
    }

    fn comprehensions(&self, generators: &[ast::Comprehension], at: u32) -> Node {
        let items = generators
            .iter()
            .map(|g| {
                let target = self.expr(&g.target);
                let iter = self.expr(&g.iter);
                let ifs = self.exprs(Kind::Conds, &g.ifs, iter.end);
                let end = ifs.end.max(iter.end);
                Node::new(Kind::Comprehension, (target.start, end), if g.is_async { "async" } else { "" }, vec![
                    target, iter, ifs,
                ])
            })
            .collect();
        self.seq(Kind::Generators, (at, at), items)
    }

    pub fn expr(&self, expr: &Expr) -> Node {
        let range = r(expr.range());
        let n = |kind, children| Node::new(kind, range, "", children);
        let t = |kind, text: &str, children| Node::new(kind, range, text, children);
        match expr {
            Expr::BoolOp(x) => {
                let op = match x.op {
                    ast::BoolOp::And => "and",
                    ast::BoolOp::Or => "or",
                };
                // Flatten `a and (b and c)` chains so that `A and ... and B` works on any nesting.
                let mut values = Vec::new();
                for v in &x.values {
                    let node = self.expr(v);
                    if node.kind == Kind::BoolOp && &*node.text == op {
                        values.extend(node.children.into_iter().next().map(|c| c.children).unwrap_or_default());
                    } else {
                        values.push(node);
                    }
                }
                t(Kind::BoolOp, op, vec![self.seq(Kind::BoolValues, range, values)])
            }
            Expr::NamedExpr(x) => n(Kind::NamedExpr, vec![self.expr(&x.target), self.expr(&x.value)]),
            Expr::BinOp(x) if matches!(x.op, ast::Operator::BitAnd | ast::Operator::BitOr) => {
                // `&` and `|` are associative and commutative: flatten the chain.
                let op = binop_str(&x.op);
                let mut operands = Vec::new();
                for side in [&x.left, &x.right] {
                    let node = self.expr(side);
                    if node.kind == Kind::BinOp && &*node.text == op && node.children.len() == 1 {
                        operands.extend(node.children.into_iter().next().map(|c| c.children).unwrap_or_default());
                    } else {
                        operands.push(node);
                    }
                }
                t(Kind::BinOp, op, vec![self.seq(Kind::AcOperands, range, operands)])
            }
            Expr::BinOp(x) => t(Kind::BinOp, binop_str(&x.op), vec![self.expr(&x.left), self.expr(&x.right)]),
            Expr::UnaryOp(x) => {
                let op = match x.op {
                    ast::UnaryOp::Invert => "~",
                    ast::UnaryOp::Not => "not",
                    ast::UnaryOp::UAdd => "+",
                    ast::UnaryOp::USub => "-",
                };
                t(Kind::UnaryOp, op, vec![self.expr(&x.operand)])
            }
            Expr::Lambda(x) => n(Kind::Lambda, vec![self.params(&x.args, range.0), self.expr(&x.body)]),
            Expr::IfExp(x) => n(Kind::IfExp, vec![self.expr(&x.test), self.expr(&x.body), self.expr(&x.orelse)]),
            Expr::Dict(x) => {
                let items = x
                    .keys
                    .iter()
                    .zip(&x.values)
                    .map(|(k, v)| {
                        let value = self.expr(v);
                        match k {
                            Some(k) => {
                                let key = self.expr(k);
                                if self.pattern && key.kind == Kind::Ellipsis && value.kind == Kind::Ellipsis {
                                    return Node::leaf(Kind::Ellipsis, (key.start, value.end), "");
                                }
                                Node::new(Kind::DictItem, (key.start, value.end), "", vec![key, value])
                            }
                            None if self.pattern && value.kind == Kind::Ellipsis => value,
                            None => Node::new(Kind::DoubleStarred, value.range(), "", vec![value]),
                        }
                    })
                    .collect();
                n(Kind::Dict, vec![self.seq(Kind::DictItems, range, items)])
            }
            Expr::Set(x) => n(Kind::Set, vec![self.exprs(Kind::Elts, &x.elts, range.0)]),
            Expr::ListComp(x) => n(Kind::ListComp, vec![self.expr(&x.elt), self.comprehensions(&x.generators, range.1)]),
            Expr::SetComp(x) => n(Kind::SetComp, vec![self.expr(&x.elt), self.comprehensions(&x.generators, range.1)]),
            Expr::DictComp(x) => n(
                Kind::DictComp,
                vec![self.expr(&x.key), self.expr(&x.value), self.comprehensions(&x.generators, range.1)],
            ),
            Expr::GeneratorExp(x) => {
                n(Kind::GeneratorExp, vec![self.expr(&x.elt), self.comprehensions(&x.generators, range.1)])
            }
            Expr::Await(x) => n(Kind::Await, vec![self.expr(&x.value)]),
            Expr::Yield(x) => n(Kind::Yield, vec![self.opt_expr(x.value.as_deref(), range.1, Kind::Empty)]),
            Expr::YieldFrom(x) => n(Kind::YieldFrom, vec![self.expr(&x.value)]),
            Expr::Compare(x) => {
                let ops: Vec<&str> = x.ops.iter().map(cmpop_str).collect();
                let mut children = vec![self.expr(&x.left)];
                children.extend(x.comparators.iter().map(|c| self.expr(c)));
                t(Kind::Compare, &ops.join(" "), children)
            }
            Expr::Call(x) => {
                let func = self.expr(&x.func);
                if self.pattern && func.kind == Kind::Name && &*func.text == placeholder::DEEP && x.args.len() == 1 {
                    return n(Kind::Deep, vec![self.expr(&x.args[0])]);
                }
                let mut args: Vec<Node> = x.args.iter().map(|a| self.expr(a)).collect();
                args.extend(x.keywords.iter().map(|k| self.keyword(k)));
                args.sort_by_key(|a| a.start);
                let args = self.seq(Kind::Args, (func.end, range.1), args);
                n(Kind::Call, vec![func, args])
            }
            Expr::FormattedValue(x) => {
                let spec = self.opt_expr(x.format_spec.as_deref(), range.1, Kind::Absent);
                n(Kind::FormattedValue, vec![self.expr(&x.value), spec])
            }
            Expr::JoinedStr(x) => {
                let parts: Vec<Node> = x.values.iter().map(|v| self.expr(v)).collect();
                if parts.is_empty() {
                    return n(Kind::JoinedStr, vec![self.seq(Kind::FStringParts, range, vec![Node::leaf(Kind::Str, range, "")])]);
                }
                n(Kind::JoinedStr, vec![self.seq(Kind::FStringParts, range, parts)])
            }
            Expr::Constant(x) => self.constant(&x.value, range),
            Expr::Attribute(x) => {
                let value = self.expr(&x.value);
                let attr = x.attr.as_str();
                let name_range = (range.1.saturating_sub(attr.len() as u32), range.1);
                let attr_node = self.ident(attr, name_range);
                n(Kind::Attribute, vec![value, attr_node])
            }
            Expr::Subscript(x) => n(Kind::Subscript, vec![self.expr(&x.value), self.expr(&x.slice)]),
            Expr::Starred(x) => {
                let inner = self.expr(&x.value);
                if self.pattern && inner.kind == Kind::Ellipsis {
                    return Node::leaf(Kind::Ellipsis, range, "");
                }
                n(Kind::Starred, vec![inner])
            }
            Expr::Name(x) => {
                let id = x.id.as_str();
                if self.pattern {
                    if let Some(mut node) = self.placeholder_ident(id, range) {
                        node.start = range.0;
                        node.end = range.1;
                        return node;
                    }
                }
                t(Kind::Name, id, vec![])
            }
            Expr::List(x) => n(Kind::List, vec![self.exprs(Kind::Elts, &x.elts, range.0)]),
            Expr::Tuple(x) => n(Kind::Tuple, vec![self.exprs(Kind::Elts, &x.elts, range.0)]),
            Expr::Slice(x) => n(
                Kind::Slice,
                vec![
                    self.opt_expr(x.lower.as_deref(), range.0, Kind::Empty),
                    self.opt_expr(x.upper.as_deref(), range.0, Kind::Empty),
                    self.opt_expr(x.step.as_deref(), range.0, Kind::Empty),
                ],
            ),
        }
    }

    fn constant(&self, value: &Constant, range: (u32, u32)) -> Node {
        match value {
            Constant::None => Node::leaf(Kind::NoneLit, range, "None"),
            Constant::Bool(b) => Node::leaf(Kind::Bool, range, if *b { "True" } else { "False" }),
            Constant::Str(s) => {
                if self.pattern {
                    if let Some(re) = s.strip_prefix("=~/").and_then(|rest| rest.strip_suffix('/')) {
                        // Octal escapes would turn a backreference `\1` into a control
                        // character: keep those as written, decode the rest.
                        let raw = self.raw_regex(range).unwrap_or_else(|| re.to_string());
                        return Node::leaf(Kind::RegexStr, range, raw);
                    }
                }
                Node::leaf(Kind::Str, range, s.as_str())
            }
            Constant::Bytes(b) => Node::leaf(Kind::Bytes, range, String::from_utf8_lossy(b).into_owned()),
            Constant::Int(i) => Node::leaf(Kind::Int, range, i.to_string()),
            Constant::Tuple(items) => {
                let elts = items.iter().map(|c| self.constant(c, range)).collect();
                Node::new(Kind::Tuple, range, "", vec![Node::new(Kind::Elts, range, "", elts)])
            }
            Constant::Float(f) => Node::leaf(Kind::Float, range, format!("{f:?}")),
            Constant::Complex { real, imag } => Node::leaf(Kind::Complex, range, format!("{real:?}+{imag:?}j")),
            Constant::Ellipsis => {
                let kind = if self.pattern { Kind::Ellipsis } else { Kind::EllipsisLit };
                Node::leaf(kind, range, "...")
            }
        }
    }

    /// The regex of a `"=~/re/"` literal from its source text: backslash-digit
    /// sequences stay as regex backreferences, other Python escapes are decoded.
    fn raw_regex(&self, range: (u32, u32)) -> Option<String> {
        let text = self.src.get(range.0 as usize..range.1 as usize)?;
        let text = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let raw_prefix = self.src.get(range.0 as usize..range.1 as usize)?.len() != text.len()
            && self.src[range.0 as usize..].chars().take_while(|c| c.is_ascii_alphabetic()).any(|c| c == 'r' || c == 'R');
        let quote = if text.starts_with("\"\"\"") || text.starts_with("'''") { 3 } else { 1 };
        let inner = text.get(quote..text.len().checked_sub(quote)?)?;
        let inner = inner.strip_prefix("=~/")?.strip_suffix('/')?;
        if raw_prefix {
            return Some(inner.to_string());
        }
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                Some('a') => out.push('\u{7}'),
                Some(q @ ('\'' | '"' | '\\')) => out.push(q),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        Some(out)
    }

    fn match_pattern(&self, pattern: &ast::Pattern) -> Node {
        use ast::Pattern as P;
        let range = r(pattern.range());
        let t = |text: &str, children| Node::new(Kind::MatchPattern, range, text, children);
        let list = |patterns: &[ast::Pattern]| {
            self.seq(Kind::MatchPatterns, range, patterns.iter().map(|p| self.match_pattern(p)).collect())
        };
        match pattern {
            P::MatchValue(x) => t("value", vec![self.expr(&x.value)]),
            P::MatchSingleton(x) => t("singleton", vec![self.constant(&x.value, range)]),
            P::MatchSequence(x) => t("sequence", vec![list(&x.patterns)]),
            P::MatchMapping(x) => {
                let keys = self.exprs(Kind::Elts, &x.keys, range.0);
                let rest = x.rest.as_ref().map_or("", |r| r.as_str());
                Node::new(Kind::MatchPattern, range, format!("mapping {rest}"), vec![keys, list(&x.patterns)])
            }
            P::MatchClass(x) => {
                let kwd: Vec<Node> = x
                    .kwd_attrs
                    .iter()
                    .zip(&x.kwd_patterns)
                    .map(|(name, p)| {
                        let p = self.match_pattern(p);
                        Node::new(Kind::Keyword, p.range(), "", vec![Node::leaf(Kind::Ident, p.range(), name.as_str()), p])
                    })
                    .collect();
                t("class", vec![self.expr(&x.cls), list(&x.patterns), self.seq(Kind::MatchPatterns, range, kwd)])
            }
            P::MatchStar(x) => t("star", vec![Node::leaf(Kind::Ident, range, x.name.as_ref().map_or("_", |n| n.as_str()))]),
            P::MatchAs(x) => {
                let inner = match &x.pattern {
                    Some(p) => self.match_pattern(p),
                    None => Node::leaf(Kind::Empty, range, ""),
                };
                let name = x.name.as_ref().map_or("_", |n| n.as_str());
                t("as", vec![inner, self.ident(name, range)])
            }
            P::MatchOr(x) => t("or", vec![list(&x.patterns)]),
        }
    }
}

fn binop_str(op: &ast::Operator) -> &'static str {
    use ast::Operator::*;
    match op {
        Add => "+",
        Sub => "-",
        Mult => "*",
        MatMult => "@",
        Div => "/",
        Mod => "%",
        Pow => "**",
        LShift => "<<",
        RShift => ">>",
        BitOr => "|",
        BitXor => "^",
        BitAnd => "&",
        FloorDiv => "//",
    }
}

fn cmpop_str(op: &ast::CmpOp) -> &'static str {
    use ast::CmpOp::*;
    match op {
        Eq => "==",
        NotEq => "!=",
        Lt => "<",
        LtE => "<=",
        Gt => ">",
        GtE => ">=",
        Is => "is",
        IsNot => "is not",
        In => "in",
        NotIn => "not in",
    }
}

/// Finds `word` as a whole identifier in `src[from..limit]`.
fn find_word(src: &str, word: &str, from: usize, limit: usize) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let limit = limit.min(src.len());
    let hay = src.get(from..limit)?;
    let bytes = src.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut search = 0;
    while let Some(pos) = hay[search..].find(word) {
        let at = from + search + pos;
        let before_ok = at == 0 || !is_ident(bytes[at - 1]);
        let after = at + word.len();
        let after_ok = after >= bytes.len() || !is_ident(bytes[after]);
        if before_ok && after_ok {
            return Some(at);
        }
        search += pos + word.len();
    }
    None
}

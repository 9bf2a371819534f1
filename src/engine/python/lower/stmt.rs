//! Statements lowered into [`Node`]s in CPython's `ast` shape (an `elif` is
//! an `If` alone in `orelse`), through the typed views' constructors; their
//! expressions by `expr.rs`.

use super::super::super::tree::views::*;
use super::super::super::tree::{Kind, Node};
use super::expr::{binop_str, r, Lowerer};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

impl<'s> Lowerer<'s> {
    pub fn suite(&self, stmts: &[Stmt], range: (u32, u32)) -> Node {
        let block = self.block(stmts, range);
        Module::build(range, block)
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

    pub fn stmt(&self, stmt: &Stmt) -> Node {
        let range = r(stmt.range());
        let (s, e) = range;
        match stmt {
            Stmt::FunctionDef(f) => {
                let decorators = self.exprs(Kind::Decorators, f.decorator_list.iter().map(|d| &d.expression), s);
                let name = self.identifier(&f.name);
                let params = self.params(Some(&f.parameters), name.end);
                let returns = self.opt_expr(f.returns.as_deref(), params.end, Kind::Absent);
                let body = self.block(&f.body, range);
                let flag = if f.is_async { "async" } else { "" };
                FunctionDef::build(range, decorators, name, params, returns, body).with_text(flag)
            }
            Stmt::ClassDef(c) => {
                let decorators = self.exprs(Kind::Decorators, c.decorator_list.iter().map(|d| &d.expression), s);
                let name = self.identifier(&c.name);
                let bases = match c.arguments.as_deref() {
                    None if self.pattern => Node::leaf(Kind::Absent, (name.end, name.end), ""),
                    None => self.seq(Kind::Bases, (name.end, name.end), Vec::new()),
                    Some(arguments) => self.seq(Kind::Bases, (name.end, name.end), self.arguments(arguments)),
                };
                let body = self.block(&c.body, range);
                ClassDef::build(range, decorators, name, bases, body)
            }
            Stmt::Return(x) => Return::build(range, self.opt_expr(x.value.as_deref(), e, Kind::Empty)),
            Stmt::Delete(x) => Delete::build(range, self.exprs(Kind::Targets, &x.targets, s)),
            Stmt::Assign(x) => {
                // It ends where its value does: Semgrep's `x = (yield)` ends at `yield`.
                let value = self.expr(&x.value);
                Assign::build((s, value.end), self.exprs(Kind::Targets, &x.targets, s), value)
            }
            Stmt::AugAssign(x) => AugAssign::build(range, self.expr(&x.target), self.expr(&x.value)).with_text(binop_str(x.op)),
            Stmt::AnnAssign(x) => {
                AnnAssign::build(range, self.expr(&x.target), self.expr(&x.annotation), self.opt_expr(x.value.as_deref(), e, Kind::Empty))
            }
            Stmt::For(x) => For::build(range, self.expr(&x.target), self.expr(&x.iter), self.block(&x.body, range), self.opt_block(&x.orelse, e))
                .with_text(if x.is_async { "async" } else { "" }),
            Stmt::While(x) => While::build(range, self.expr(&x.test), self.block(&x.body, range), self.opt_block(&x.orelse, e)),
            Stmt::If(x) => If::build(range, self.expr(&x.test), self.block(&x.body, range), self.elif_else(&x.elif_else_clauses, e)),
            Stmt::With(x) => {
                With::build(range, self.with_items(&x.items, s), self.block(&x.body, range)).with_text(if x.is_async { "async" } else { "" })
            }
            Stmt::Match(x) => {
                let cases = x
                    .cases
                    .iter()
                    .map(|c| {
                        let pat = self.match_pattern(&c.pattern);
                        let body = self.block(&c.body, range);
                        let guard = self.opt_expr(c.guard.as_deref(), pat.end, Kind::Absent);
                        MatchCase::build((u32::from(c.range.start()), body.end), pat, guard, body)
                    })
                    .collect();
                Match::build(range, self.expr(&x.subject), self.seq(Kind::Cases, (e, e), cases))
            }
            Stmt::Raise(x) => Raise::build(range, self.opt_expr(x.exc.as_deref(), e, Kind::Empty), self.opt_expr(x.cause.as_deref(), e, Kind::Absent)),
            Stmt::Try(x) => self.try_stmt(range, x),
            // `assert $X` does not match `assert x, "message"`; `assert ...` does
            // (Semgrep reads `assert` as a call).
            Stmt::Assert(x) => {
                let any_message = self.pattern && matches!(*x.test, Expr::EllipsisLiteral(_));
                let missing = if any_message { Kind::Absent } else { Kind::Empty };
                Assert::build(range, self.expr(&x.test), self.opt_expr(x.msg.as_deref(), e, missing))
            }
            Stmt::Import(x) => Import::build(range, self.aliases(&x.names, s)),
            Stmt::ImportFrom(x) => {
                let module_text = format!("{}{}", ".".repeat(x.level as usize), x.module.as_ref().map_or("", |m| m.as_str()));
                let module_node = match &x.module {
                    None => Node::leaf(Kind::Ident, (s, s), module_text),
                    Some(module) => {
                        let range = r(module.range);
                        let first = module.as_str().split('.').next().unwrap_or("");
                        let mut node = self.ident(first, range);
                        if node.kind == Kind::Ident {
                            node.text = module_text.into();
                        }
                        node
                    }
                };
                ImportFrom::build(range, module_node, self.aliases(&x.names, s))
            }
            Stmt::Global(x) => NameDecl::build(Kind::Global, range, self.names(&x.names, s)),
            Stmt::Nonlocal(x) => NameDecl::build(Kind::Nonlocal, range, self.names(&x.names, s)),
            Stmt::Expr(x) => {
                let inner = self.expr(&x.value);
                if self.pattern && inner.kind == Kind::Ellipsis {
                    return Node::leaf(Kind::Ellipsis, range, "");
                }
                ExprStmt::build(range, inner)
            }
            Stmt::Pass(_) | Stmt::IpyEscapeCommand(_) => Node::leaf(Kind::Pass, range, ""),
            Stmt::Break(_) => Node::leaf(Kind::Break, range, ""),
            Stmt::Continue(_) => Node::leaf(Kind::Continue, range, ""),
            Stmt::TypeAlias(x) => TypeAlias::build(range, self.expr(&x.name), self.expr(&x.value)),
        }
    }

    /// `elif`/`else` clauses as CPython nests them: an `elif` is an `If` alone in `orelse`.
    fn elif_else(&self, clauses: &[ast::ElifElseClause], at: u32) -> Node {
        let Some((first, rest)) = clauses.split_first() else {
            return Node::leaf(Kind::Absent, (at, at), "");
        };
        let clause_range = r(first.range);
        match &first.test {
            None => self.block(&first.body, clause_range),
            Some(test) => {
                let end = rest.last().map_or(clause_range.1, |c| u32::from(c.range.end()));
                let range = (clause_range.0, end);
                let nested = If::build(range, self.expr(test), self.block(&first.body, range), self.elif_else(rest, end));
                Node::new(Kind::Block, range, "", vec![nested])
            }
        }
    }

    fn with_items(&self, items: &[ast::WithItem], at: u32) -> Node {
        let items = items
            .iter()
            .map(|item| {
                let ctx = self.expr(&item.context_expr);
                // `with $E: ...` also matches `with open(f) as fh:` (as in Semgrep).
                let missing = if self.pattern { Kind::Absent } else { Kind::Empty };
                let vars = self.opt_expr(item.optional_vars.as_deref(), ctx.end, missing);
                let end = vars.end.max(ctx.end);
                WithItem::build((ctx.start, end), ctx, vars)
            })
            .collect();
        self.seq(Kind::WithItems, (at, at), items)
    }

    fn try_stmt(&self, range: (u32, u32), x: &ast::StmtTry) -> Node {
        let e = range.1;
        let handlers = x
            .handlers
            .iter()
            .map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                let hr = r(h.range);
                let typ = self.opt_expr(h.type_.as_deref(), hr.0, Kind::Empty);
                let name = match &h.name {
                    Some(name) => self.identifier(name),
                    // `except $E:` does not match `except ValueError as e:`; `except ...:` does (as in Semgrep).
                    None => {
                        let any = self.pattern && typ.kind == Kind::Ellipsis;
                        Node::leaf(if any { Kind::Absent } else { Kind::Empty }, (typ.end, typ.end), "")
                    }
                };
                ExceptHandler::build(hr, typ, name, self.block(&h.body, hr))
            })
            .collect();
        Try::build(
            range,
            self.block(&x.body, range),
            self.seq(Kind::Handlers, (e, e), handlers),
            self.opt_block(&x.orelse, e),
            self.opt_block(&x.finalbody, e),
        )
        .with_text(if x.is_star { "star" } else { "" })
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
                    self.dotted_ident(name_text, u32::from(a.name.range.start()))
                };
                let asname = match &a.asname {
                    Some(n) => self.identifier(n),
                    None => Node::leaf(Kind::Absent, (ar.1, ar.1), ""),
                };
                Alias::build(ar, name, asname)
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
                Some(base) => Attribute::build((start, range.1), base, ident),
            });
            offset = range.1 + 1;
        }
        node.unwrap_or_else(|| Node::leaf(Kind::Name, (start, start), ""))
    }

    fn names(&self, names: &[ast::Identifier], s: u32) -> Node {
        self.seq(Kind::Names, (s, s), names.iter().map(|n| self.identifier(n)).collect())
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
            P::MatchSingleton(x) => {
                let value = match x.value {
                    ast::Singleton::None => Node::leaf(Kind::NoneLit, range, "None"),
                    ast::Singleton::True => Node::leaf(Kind::Bool, range, "True"),
                    ast::Singleton::False => Node::leaf(Kind::Bool, range, "False"),
                };
                t("singleton", vec![value])
            }
            P::MatchSequence(x) => t("sequence", vec![list(&x.patterns)]),
            P::MatchMapping(x) => {
                let keys = self.exprs(Kind::Elts, &x.keys, range.0);
                let rest = x.rest.as_ref().map_or("", |r| r.as_str());
                Node::new(Kind::MatchPattern, range, format!("mapping {rest}"), vec![keys, list(&x.patterns)])
            }
            P::MatchClass(x) => {
                let kwd: Vec<Node> = x
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| {
                        let p = self.match_pattern(&k.pattern);
                        Keyword::build(r(k.range), self.identifier(&k.attr), p)
                    })
                    .collect();
                t("class", vec![self.expr(&x.cls), list(&x.arguments.patterns), self.seq(Kind::MatchPatterns, range, kwd)])
            }
            P::MatchStar(x) => t("star", vec![Node::leaf(Kind::Ident, range, x.name.as_ref().map_or("_", |n| n.as_str()))]),
            P::MatchAs(x) => {
                let inner = match &x.pattern {
                    Some(p) => self.match_pattern(p),
                    None => Node::leaf(Kind::Empty, range, ""),
                };
                let name = match &x.name {
                    Some(name) => self.identifier(name),
                    None => self.ident("_", range),
                };
                t("as", vec![inner, name])
            }
            P::MatchOr(x) => t("or", vec![list(&x.patterns)]),
        }
    }
}

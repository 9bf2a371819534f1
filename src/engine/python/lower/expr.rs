//! Expressions (and what only expressions hold: arguments, parameters,
//! comprehensions, f-string pieces) lowered into [`Node`]s, through the
//! typed views' constructors. Patterns' placeholders become pattern nodes here.
//!
//! Knows nothing of statements (`stmt.rs` builds on this).

use super::super::parens::grouping_parens;
use super::super::super::tree::views::*;
use super::super::super::tree::{placeholder, Kind, Node};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};

/// Lowers ruff's AST into [`Node`]s. `pattern` turns placeholders into
/// pattern nodes; in code they stay ordinary names.
pub struct Lowerer<'s> {
    pub(super) src: &'s str,
    pub(super) pattern: bool,
}

pub(super) fn r(range: TextRange) -> (u32, u32) {
    (range.start().into(), range.end().into())
}

impl<'s> Lowerer<'s> {
    pub fn new(src: &'s str, pattern: bool) -> Self {
        Lowerer { src, pattern }
    }

    pub(super) fn seq(&self, kind: Kind, range: (u32, u32), items: Vec<Node>) -> Node {
        let range = match (items.first(), items.last()) {
            (Some(first), Some(last)) => (first.start, last.end),
            _ => range,
        };
        Node::new(kind, range, "", items)
    }

    pub(super) fn exprs<'e>(&self, kind: Kind, exprs: impl IntoIterator<Item = &'e Expr>, at: u32) -> Node {
        self.seq(kind, (at, at), exprs.into_iter().map(|e| self.expr(e)).collect())
    }

    pub(super) fn opt_expr(&self, expr: Option<&Expr>, at: u32, absent: Kind) -> Node {
        match expr {
            Some(e) => self.expr(e),
            None => Node::leaf(absent, (at, at), ""),
        }
    }

    pub(super) fn identifier(&self, id: &ast::Identifier) -> Node {
        self.ident(id.as_str(), r(id.range))
    }

    pub(super) fn ident(&self, name: &str, range: (u32, u32)) -> Node {
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

    /// Positional and keyword arguments in source order.
    pub(super) fn arguments(&self, arguments: &ast::Arguments) -> Vec<Node> {
        let mut args: Vec<Node> = arguments.args.iter().map(|a| self.expr(a)).collect();
        args.extend(arguments.keywords.iter().map(|k| self.keyword(k)));
        args.sort_by_key(|a| a.start);
        args
    }

    pub(super) fn params(&self, parameters: Option<&ast::Parameters>, from: u32) -> Node {
        let mut params = Vec::new();
        if let Some(p) = parameters {
            for a in p.posonlyargs.iter().chain(&p.args) {
                params.push(self.param(&a.parameter, a.default.as_deref(), ""));
            }
            if let Some(v) = &p.vararg {
                params.push(self.param(v, None, "*"));
            }
            for a in &p.kwonlyargs {
                params.push(self.param(&a.parameter, a.default.as_deref(), ""));
            }
            if let Some(k) = &p.kwarg {
                params.push(self.param(k, None, "**"));
            }
        }
        self.seq(Kind::Params, (from, from), params)
    }

    fn param(&self, param: &ast::Parameter, default: Option<&Expr>, flag: &str) -> Node {
        let name = self.identifier(&param.name);
        if name.kind == Kind::Ellipsis || (name.kind == Kind::SeqMetaVar && flag.is_empty()) {
            return name;
        }
        let end = u32::from(param.range.end());
        let annotation = self.opt_expr(param.annotation.as_deref(), end, Kind::Absent);
        let default = self.opt_expr(default, end, Kind::Absent);
        let end = default.end.max(end);
        Param::build((name.start, end), name, annotation, default).with_text(flag)
    }

    fn keyword(&self, k: &ast::Keyword) -> Node {
        let range = r(k.range);
        let value = self.expr(&k.value);
        match &k.arg {
            Some(name) => Keyword::build(range, self.identifier(name), value),
            // `f(**kw, ...)`: the pattern writer's `...` after `**kw` (see `pattern::rewrite`).
            None if self.pattern && value.kind == Kind::Ellipsis => Node::leaf(Kind::Ellipsis, range, ""),
            None => DoubleStarred::build(range, value),
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
                Comprehension::build((target.start, end), target, iter, ifs).with_text(if g.is_async { "async" } else { "" })
            })
            .collect();
        self.seq(Kind::Generators, (at, at), items)
    }

    /// The parts of one f-string, adjacent literal pieces merged (an implicit
    /// concatenation with other pieces is lowered piece by piece, in `bare_expr`).
    fn fstring_parts(&self, value: &ast::FStringValue, range: (u32, u32)) -> Node {
        let mut parts = Vec::new();
        for part in value.iter() {
            match part {
                ast::FStringPart::Literal(lit) => push_literal(&mut parts, &lit.value, r(lit.range)),
                ast::FStringPart::FString(f) => self.interpolated_elements(&f.elements, &mut parts, own_quote(f.flags)),
            }
        }
        self.finish_fstring_parts(parts, range)
    }

    fn finish_fstring_parts(&self, mut parts: Vec<Node>, range: (u32, u32)) -> Node {
        if parts.is_empty() {
            parts.push(Node::leaf(Kind::Str, range, ""));
        }
        if self.pattern {
            // `f"$SQL{...}"`: the rewrite made `$SQL` a placeholder; in a literal
            // piece it stands for a piece of the code's f-string again.
            for part in parts.iter_mut().filter(|p| p.kind == Kind::Str && p.text.contains(placeholder::METAVAR)) {
                part.text = part.text.replace(placeholder::METAVAR, "$").into();
            }
        }
        self.seq(Kind::FStringParts, range, parts)
    }

    /// A literal run of an f-string, as Semgrep's lexer reads it: its source
    /// text, escapes as written (`f"\n{x}"` holds a backslash and an `n`, so
    /// the string pattern `"\n"` does not match it, as it matches `"\n"`), and
    /// each `{{` escape a piece of its own (`f"a {{ b {x}"` is `"a "`, `"{{"`,
    /// `" b "`, then `x`, so `f"$A{$X}"` does not match it); `}}` splits
    /// nothing. In a triple-quoted f-string, each of its own quote characters
    /// is a piece too (`f"""<a href="{x}">"""` is `<a href=`, `"`, then `x`),
    /// `quote` being that character; an escaped one (`\"`) is not.
    fn fstring_literal(&self, parts: &mut Vec<Node>, value: &str, (start, end): (u32, u32), quote: Option<u8>) {
        let Some(source) = self.src.get(start as usize..end as usize) else {
            push_literal(parts, value, (start, end));
            return;
        };
        let bytes = source.as_bytes();
        let mut separators: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if bytes.get(i + 1).is_some_and(|&next| next != b'{') => i += 2,
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    separators.push((i, i + 2));
                    i += 2;
                }
                b if Some(b) == quote => {
                    separators.push((i, i + 1));
                    i += 1;
                }
                _ => i += 1,
            }
        }
        let mut at = 0usize;
        let at_range = |from: usize, to: usize| (start + from as u32, start + to as u32);
        for (from, to) in separators {
            if from > at {
                let text = &source[at..from];
                if at == 0 {
                    push_literal(parts, text, at_range(at, from));
                } else {
                    parts.push(Node::leaf(Kind::Str, at_range(at, from), text));
                }
            }
            parts.push(Node::leaf(Kind::Str, at_range(from, to), &source[from..to]));
            at = to;
        }
        let rest = &source[at..];
        if at == 0 {
            push_literal(parts, rest, (start, end));
        } else if !rest.is_empty() {
            parts.push(Node::leaf(Kind::Str, (start + at as u32, end), rest));
        }
    }

    /// The pieces of an f-string's (or t-string's) elements; `quote` as in [`Self::fstring_literal`].
    fn interpolated_elements(&self, elements: &[ast::InterpolatedStringElement], parts: &mut Vec<Node>, quote: Option<u8>) {
        for element in elements {
            match element {
                ast::InterpolatedStringElement::Literal(lit) => self.fstring_literal(parts, &lit.value, r(lit.range), quote),
                ast::InterpolatedStringElement::Interpolation(x) => {
                    let range = r(x.range);
                    let value = self.expr(&x.expression);
                    if let Some(debug) = &x.debug_text {
                        // `f"{x=}"` prints its own source text first.
                        let source = self.src.get(value.start as usize..value.end as usize).unwrap_or("");
                        let text = format!("{}{source}{}", debug.leading(), debug.trailing());
                        push_literal(parts, &text, range);
                    }
                    let spec = match &x.format_spec {
                        Some(spec) => {
                            let spec_range = r(spec.range);
                            let mut spec_parts = Vec::new();
                            self.interpolated_elements(&spec.elements, &mut spec_parts, None);
                            if spec_parts.is_empty() {
                                spec_parts.push(Node::leaf(Kind::Str, spec_range, ""));
                            }
                            JoinedStr::build(spec_range, self.seq(Kind::FStringParts, spec_range, spec_parts))
                        }
                        None => Node::leaf(Kind::Absent, (range.1, range.1), ""),
                    };
                    // The conversion (`!r`, `!s`, `!a`) is the node's text.
                    let conversion = match x.conversion {
                        ast::ConversionFlag::None => "",
                        ast::ConversionFlag::Str => "s",
                        ast::ConversionFlag::Ascii => "a",
                        ast::ConversionFlag::Repr => "r",
                    };
                    parts.push(FormattedValue::build(range, value, spec).with_text(conversion));
                }
            }
        }
    }

    /// An expression; in parentheses of its own (not a call's), its range
    /// takes them in, as Semgrep reports it (`if (\n  a and b\n):` starts at `(`).
    /// Not a `yield`: Semgrep's grammar reads `(yield x)` as the yield itself,
    /// and reports `x = (yield)`'s `yield` without the parentheses.
    pub fn expr(&self, expr: &Expr) -> Node {
        let mut node = self.bare_expr(expr);
        if matches!(expr, Expr::Yield(_) | Expr::YieldFrom(_)) {
            return node;
        }
        if let Some((start, end)) = grouping_parens(self.src.as_bytes(), node.start, node.end) {
            node.start = start;
            node.end = end;
        }
        node
    }

    /// A run of `*`, `/`, `//`, `%` and `@`, grouped from the right as
    /// Semgrep's Python grammar does (`a * b / c` is `a * (b / c)`: `$A * $B`
    /// matches it whole, `$A / $B` matches `b / c`). Patterns are lowered the
    /// same way, so both sides agree; parentheses in the code still group.
    fn multiplicative(&self, x: &ast::ExprBinOp) -> Node {
        let mut operands = vec![&*x.right];
        let mut ops = vec![x.op];
        let mut left = &*x.left;
        while let Expr::BinOp(l) = left {
            let (start, end) = r(l.range);
            if !is_multiplicative(l.op) || grouping_parens(self.src.as_bytes(), start, end).is_some() {
                break;
            }
            operands.push(&l.right);
            ops.push(l.op);
            left = &l.left;
        }
        operands.push(left);
        operands.reverse();
        ops.reverse();
        let mut node = self.expr(operands[operands.len() - 1]);
        for (operand, op) in operands.iter().zip(ops).rev() {
            let lhs = self.expr(operand);
            node = BinOp::build((lhs.start, node.end), lhs, node).with_text(binop_str(op));
        }
        node
    }

    fn bare_expr(&self, expr: &Expr) -> Node {
        let range = r(expr.range());
        match expr {
            Expr::BoolOp(x) => {
                let op = match x.op {
                    ast::BoolOp::And => "and",
                    ast::BoolOp::Or => "or",
                };
                // Flatten `a and (b and c)` chains so that `A and ... and B` works on any nesting.
                let mut values = Vec::new();
                for v in &x.values {
                    let mut node = self.expr(v);
                    let same_op = &*node.text == op;
                    match node.as_bool_op_mut().filter(|_| same_op) {
                        Some(inner) => values.append(&mut inner.values.children),
                        None => values.push(node),
                    }
                }
                BoolOp::build(range, self.seq(Kind::BoolValues, range, values)).with_text(op)
            }
            Expr::Named(x) => NamedExpr::build(range, self.expr(&x.target), self.expr(&x.value)),
            Expr::BinOp(x) if matches!(x.op, ast::Operator::BitAnd | ast::Operator::BitOr) => {
                // `&` and `|` are associative and commutative: flatten the chain.
                let op = binop_str(x.op);
                let mut operands = Vec::new();
                for side in [&x.left, &x.right] {
                    let mut node = self.expr(side);
                    let same_op = &*node.text == op;
                    match node.as_operand_chain_mut().filter(|_| same_op) {
                        Some(inner) => operands.append(&mut inner.operands.children),
                        None => operands.push(node),
                    }
                }
                OperandChain::build(range, self.seq(Kind::AcOperands, range, operands)).with_text(op)
            }
            Expr::BinOp(x) if is_multiplicative(x.op) => self.multiplicative(x),
            Expr::BinOp(x) => BinOp::build(range, self.expr(&x.left), self.expr(&x.right)).with_text(binop_str(x.op)),
            Expr::UnaryOp(x) => {
                let op = match x.op {
                    ast::UnaryOp::Invert => "~",
                    ast::UnaryOp::Not => "not",
                    ast::UnaryOp::UAdd => "+",
                    ast::UnaryOp::USub => "-",
                };
                UnaryOp::build(range, self.expr(&x.operand)).with_text(op)
            }
            Expr::Lambda(x) => Lambda::build(range, self.params(x.parameters.as_deref(), range.0), self.expr(&x.body)),
            Expr::If(x) => IfExp::build(range, self.expr(&x.test), self.expr(&x.body), self.expr(&x.orelse)),
            Expr::Dict(x) => {
                let items = x
                    .items
                    .iter()
                    .map(|item| {
                        let value = self.expr(&item.value);
                        match &item.key {
                            Some(k) => {
                                let key = self.expr(k);
                                if self.pattern && key.kind == Kind::Ellipsis && value.kind == Kind::Ellipsis {
                                    return Node::leaf(Kind::Ellipsis, (key.start, value.end), "");
                                }
                                DictItem::build((key.start, value.end), key, value)
                            }
                            None if self.pattern && value.kind == Kind::Ellipsis => value,
                            None => DoubleStarred::build(value.range(), value),
                        }
                    })
                    .collect();
                Dict::build(range, self.seq(Kind::DictItems, range, items))
            }
            Expr::Set(x) => Collection::build(Kind::Set, range, self.exprs(Kind::Elts, &x.elts, range.0)),
            Expr::ListComp(x) => Comp::build(Kind::ListComp, range, self.expr(&x.elt), self.comprehensions(&x.generators, range.1)),
            Expr::SetComp(x) => Comp::build(Kind::SetComp, range, self.expr(&x.elt), self.comprehensions(&x.generators, range.1)),
            Expr::DictComp(x) => {
                let key = self.opt_expr(x.key.as_deref(), range.0, Kind::Empty);
                DictComp::build(range, key, self.expr(&x.value), self.comprehensions(&x.generators, range.1))
            }
            Expr::Generator(x) => {
                // A generator without parentheses of its own (the only argument of
                // `f(x for x in y)`) is a list comprehension to Semgrep, in code
                // and in patterns: `[x for x in y]` matches it, `(x for x in y)` does not.
                let kind = if x.parenthesized { Kind::GeneratorExp } else { Kind::ListComp };
                Comp::build(kind, range, self.expr(&x.elt), self.comprehensions(&x.generators, range.1))
            }
            Expr::Await(x) => Awaited::build(Kind::Await, range, self.expr(&x.value)),
            Expr::Yield(x) => Yield::build(range, self.opt_expr(x.value.as_deref(), range.1, Kind::Empty)),
            Expr::YieldFrom(x) => Awaited::build(Kind::YieldFrom, range, self.expr(&x.value)),
            Expr::Compare(x) => {
                let ops: Vec<&str> = x.ops.iter().map(|op| cmpop_str(*op)).collect();
                Compare::build(range, self.expr(&x.left), x.comparators.iter().map(|c| self.expr(c))).with_text(ops.join(" "))
            }
            Expr::Call(x) => {
                let func = self.expr(&x.func);
                if self.pattern
                    && func.kind == Kind::Name
                    && &*func.text == placeholder::DEEP
                    && x.arguments.args.len() == 1
                    && x.arguments.keywords.is_empty()
                {
                    return Deep::build(range, self.expr(&x.arguments.args[0]));
                }
                if self.pattern && func.kind == Kind::Name && &*func.text == placeholder::TYPED && x.arguments.args.len() == 2 {
                    let metavar = self.expr(&x.arguments.args[0]);
                    let ty = self.expr(&x.arguments.args[1]).dotted().unwrap_or_default();
                    return Typed::build(range, metavar).with_text(ty);
                }
                let args = self.seq(Kind::Args, (func.end, range.1), self.arguments(&x.arguments));
                Call::build(range, func, args)
            }
            // An implicit concatenation with an f-string among its pieces is, to
            // Semgrep, a concatenation of pieces: `f"...{$X}..."` matches one
            // piece, never the whole, and `"..."` matches a literal piece.
            Expr::FString(x) if x.value.iter().count() > 1 => {
                let pieces: Vec<Node> = x.value.iter().map(|part| match part {
                    ast::FStringPart::Literal(lit) => Node::leaf(Kind::Str, r(lit.range), &*lit.value),
                    ast::FStringPart::FString(f) => {
                        let mut parts = Vec::new();
                        self.interpolated_elements(&f.elements, &mut parts, own_quote(f.flags));
                        JoinedStr::build(r(f.range), self.finish_fstring_parts(parts, r(f.range)))
                    }
                }).collect();
                // One node with every piece: the concatenation is one literal, so
                // `"..."` matches it whole and none of its runs of pieces.
                Node::implicit_concat(range, pieces)
            }
            Expr::FString(x) => JoinedStr::build(range, self.fstring_parts(&x.value, range)),
            Expr::TString(x) => {
                let mut parts = Vec::new();
                for part in x.value.iter() {
                    self.interpolated_elements(&part.elements, &mut parts, own_quote(part.flags));
                }
                if parts.is_empty() {
                    parts.push(Node::leaf(Kind::Str, range, ""));
                }
                JoinedStr::build(range, self.seq(Kind::FStringParts, range, parts)).with_text("t")
            }
            Expr::StringLiteral(x) => {
                let value = x.value.to_str();
                if self.pattern {
                    if let Some(re) = value.strip_prefix("=~/").and_then(|rest| rest.strip_suffix('/')) {
                        // Octal escapes would turn a backreference `\1` into a control
                        // character: keep those as written, decode the rest.
                        let raw = self.raw_regex(range).unwrap_or_else(|| re.to_string());
                        return Node::leaf(Kind::RegexStr, range, raw);
                    }
                }
                if x.value.is_implicit_concatenated() {
                    // `"a" "b"` is the string "ab" whose pieces are kept as children:
                    // Semgrep's `"..." "..."` matches a concatenation piece by piece.
                    let pieces = x.value.iter().map(|piece| Node::leaf(Kind::Str, r(piece.range), &*piece.value)).collect();
                    return Node::new(Kind::Str, range, value, pieces);
                }
                Node::leaf(Kind::Str, range, value)
            }
            Expr::BytesLiteral(x) => {
                let bytes: Vec<u8> = x.value.bytes().collect();
                Node::leaf(Kind::Bytes, range, String::from_utf8_lossy(&bytes).into_owned())
            }
            Expr::NumberLiteral(x) => match &x.value {
                ast::Number::Int(i) => Node::leaf(Kind::Int, range, i.to_string()),
                ast::Number::Float(f) => Node::leaf(Kind::Float, range, format!("{f:?}")),
                ast::Number::Complex { real, imag } => Node::leaf(Kind::Complex, range, format!("{real:?}+{imag:?}j")),
            },
            Expr::BooleanLiteral(x) => Node::leaf(Kind::Bool, range, if x.value { "True" } else { "False" }),
            Expr::NoneLiteral(_) => Node::leaf(Kind::NoneLit, range, "None"),
            Expr::EllipsisLiteral(_) => {
                let kind = if self.pattern { Kind::Ellipsis } else { Kind::EllipsisLit };
                Node::leaf(kind, range, "...")
            }
            Expr::Attribute(x) if self.pattern && x.attr.as_str() == placeholder::CHAIN => Chain::build(range, self.expr(&x.value)),
            Expr::Attribute(x) => Attribute::build(range, self.expr(&x.value), self.identifier(&x.attr)),
            Expr::Subscript(x) => Subscript::build(range, self.expr(&x.value), self.expr(&x.slice)),
            Expr::Starred(x) => {
                let inner = self.expr(&x.value);
                if self.pattern && inner.kind == Kind::Ellipsis {
                    return Node::leaf(Kind::Ellipsis, range, "");
                }
                Starred::build(range, inner)
            }
            Expr::Name(x) => {
                let id = x.id.as_str();
                if self.pattern {
                    if let Some(node) = self.placeholder_ident(id, range) {
                        return node;
                    }
                }
                Node::leaf(Kind::Name, range, id)
            }
            Expr::List(x) => Collection::build(Kind::List, range, self.exprs(Kind::Elts, &x.elts, range.0)),
            Expr::Tuple(x) => Collection::build(Kind::Tuple, range, self.exprs(Kind::Elts, &x.elts, range.0)),
            Expr::Slice(x) => Slice::build(
                range,
                self.opt_expr(x.lower.as_deref(), range.0, Kind::Empty),
                self.opt_expr(x.upper.as_deref(), range.0, Kind::Empty),
                self.opt_expr(x.step.as_deref(), range.0, Kind::Empty),
            ),
            Expr::IpyEscapeCommand(_) => Node::leaf(Kind::Name, range, ""),
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
}

/// Appends a literal piece of an f-string, merging it into a literal just before it.
fn push_literal(parts: &mut Vec<Node>, text: &str, range: (u32, u32)) {
    if let Some(last) = parts.last_mut() {
        if last.kind == Kind::Str {
            last.text = format!("{}{text}", last.text).into();
            last.end = range.1;
            return;
        }
    }
    parts.push(Node::leaf(Kind::Str, range, text));
}

fn is_multiplicative(op: ast::Operator) -> bool {
    use ast::Operator::*;
    matches!(op, Mult | MatMult | Div | Mod | FloorDiv)
}

pub(super) fn binop_str(op: ast::Operator) -> &'static str {
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

fn cmpop_str(op: ast::CmpOp) -> &'static str {
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

/// The quote character of a triple-quoted f-string or t-string, which
/// Semgrep's lexer makes a piece of its own inside it.
fn own_quote(flags: impl ast::StringFlags) -> Option<u8> {
    flags.is_triple_quoted().then(|| flags.quote_style().as_byte())
}

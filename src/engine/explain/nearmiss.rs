//! The closest partial match of a pattern near a code range, and where and
//! why matching stopped (`argument 1: pattern wants an f-string, the code has
//! a %-format`), as rust-analyzer's structural search records why a match
//! failed.
//!
//! Found after the fact, so the matcher itself records nothing: the pattern's
//! parts are tried one by one with the matcher's explaining entry point
//! ([`match_part`]), descending into the first part that fails, as deep as a
//! code node of the same shape goes. The deepest stop over the code nodes of
//! the pattern's kind around the range is the closest partial match.

use super::super::matcher::match_part;
use super::super::pattern::{span_in_text, Pattern, Shape};
use super::super::source::Span;
use super::super::tree::{Kind, Node};

/// Steps one part's trial may take (a part is small; this only bounds a pathological one).
const PART_BUDGET: u64 = 20_000;

/// Where a partial match stopped.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Miss {
    /// How deep in the pattern matching got (more is closer).
    pub(super) depth: usize,
    /// The pattern node where it stopped (its range in the pattern text).
    pub(super) pattern: Span,
    /// The code node where it stopped.
    pub(super) code: Span,
    /// Why, in words.
    pub(super) reason: String,
}

/// What stands near the asked range, for a pattern that matches nothing there.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Near {
    /// The closest partial match.
    Miss(Miss),
    /// No code node of the pattern's kind is there (`no call here`).
    Nothing(String),
    /// The pattern matches anything of its kind (`$X`): nothing to explain.
    Anything,
}

/// The closest partial match of `pattern` to code around `asked` (a range of `src`).
pub(super) fn closest(pattern: &Pattern, root: &Node, src: &str, asked: Span) -> Near {
    let around = overlapping(root, asked);
    match &pattern.shape {
        Shape::Expr(p) | Shape::Stmt(p) | Shape::Decorator(p) => {
            if matches!(p.kind, Kind::MetaVar | Kind::Ellipsis | Kind::Deep) {
                return Near::Anything;
            }
            best(around.iter().filter(|c| c.kind == p.kind).filter_map(|c| diff(pattern, p, c, src, &[], 0)))
                .map_or_else(|| Near::Nothing(format!("nothing here is {}", words(p))), Near::Miss)
        }
        Shape::Seq(stmts) => sequence(pattern, stmts, &around, src),
    }
}

/// The code nodes that overlap `asked` (touching counts), outermost first.
fn overlapping(root: &Node, asked: Span) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.start <= asked.end && asked.start <= node.end {
            out.push(node);
            stack.extend(node.children.iter().rev());
        }
    }
    out
}

/// The deepest miss; of equal depth, the one on the smallest code.
fn best(misses: impl Iterator<Item = Miss>) -> Option<Miss> {
    misses.fold(None, |kept: Option<Miss>, m| match &kept {
        Some(k) if (k.depth, u32::MAX - k.code.len()) >= (m.depth, u32::MAX - m.code.len()) => kept,
        _ => Some(m),
    })
}

fn matches(pattern: &Pattern, part: &Node, code: &Node) -> bool {
    match_part(pattern, part, code, PART_BUDGET) > 0
}

/// Where `part` (of `pattern`) stops matching `code`; `None` when it matches.
fn diff(pattern: &Pattern, part: &Node, code: &Node, src: &str, labels: &[String], depth: usize) -> Option<Miss> {
    if matches(pattern, part, code) {
        return None;
    }
    let miss = |reason: String| Miss { depth, pattern: Span::new(part.start, part.end), code: Span::new(code.start, code.end), reason: with_labels(labels, &reason) };
    if part.kind != code.kind {
        return Some(miss(format!("pattern wants {}, the code has {}", wanted(pattern, part), found(code, src))));
    }
    if part.kind.is_seq() {
        return Some(sequence_items(pattern, part, code, src, labels, depth));
    }
    if part.children.is_empty() || code.children.is_empty() {
        return Some(miss(format!("pattern wants {}, the code has {}", wanted(pattern, part), found(code, src))));
    }
    if part.children.len() == code.children.len() {
        let names = part_names(part.kind);
        for (i, (p, c)) in part.children.iter().zip(&code.children).enumerate() {
            let mut deeper = labels.to_vec();
            match names.get(i) {
                Some(name) if !name.is_empty() => deeper.push(name.to_string()),
                Some(_) => {}
                None => deeper.push(format!("part {}", i + 1)),
            }
            if let Some(m) = diff(pattern, p, c, src, &deeper, depth + 1) {
                return Some(m);
            }
        }
        if part.text != code.text {
            return Some(miss(format!("pattern wants `{}`, the code has `{}`", part.text, code.text)));
        }
        return Some(miss("each part matches on its own but not together (a metavariable binds different code in two places?)".into()));
    }
    Some(miss(format!("pattern wants {}, the code has {}", wanted(pattern, part), found(code, src))))
}

/// The items of a sequence (arguments, elements, statements) against the code's.
fn sequence_items(pattern: &Pattern, part: &Node, code: &Node, src: &str, labels: &[String], depth: usize) -> Miss {
    let item = item_name(part.kind);
    let here = |reason: String| Miss { depth, pattern: Span::new(part.start, part.end), code: Span::new(code.start, code.end), reason: with_labels(labels, &reason) };
    let is_gap = |n: &Node| matches!(n.kind, Kind::Ellipsis | Kind::SeqMetaVar) || n.as_expr_stmt().is_some_and(|e| e.value.kind == Kind::Ellipsis);
    let gaps = part.children.iter().any(is_gap);
    // Keyword arguments go by name, wherever they are.
    for p in part.children.iter().filter(|n| n.kind == Kind::Keyword) {
        let Some(name) = p.as_keyword().map(|k| k.name.text.clone()).filter(|n| !n.is_empty() && !n.starts_with('$')) else { continue };
        let mut deeper = labels.to_vec();
        deeper.push(format!("keyword {name}"));
        match code.children.iter().find(|c| c.as_keyword().is_some_and(|k| k.name.text == name)) {
            None => return Miss { reason: with_labels(&deeper, "the code has no such keyword argument"), ..here(String::new()) },
            Some(c) => {
                let (pv, cv) = (p.as_keyword().map(|k| k.value), c.as_keyword().map(|k| k.value));
                if let (Some(pv), Some(cv)) = (pv, cv) {
                    if let Some(m) = diff(pattern, pv, cv, src, &deeper, depth + 2) {
                        return m;
                    }
                }
            }
        }
    }
    let positional: Vec<&Node> = part.children.iter().filter(|n| n.kind != Kind::Keyword && !is_gap(n)).collect();
    let code_positional: Vec<&Node> = code.children.iter().filter(|n| n.kind != Kind::Keyword).collect();
    if !gaps && positional.len() != code_positional.len() {
        return here(format!("pattern has {} {item}s, the code has {}", positional.len(), code_positional.len()));
    }
    for (i, p) in positional.iter().enumerate() {
        let mut deeper = labels.to_vec();
        deeper.push(format!("{item} {}", i + 1));
        if gaps && code_positional.iter().any(|c| matches(pattern, p, c)) {
            continue;
        }
        match code_positional.get(i) {
            Some(c) => {
                if let Some(m) = diff(pattern, p, c, src, &deeper, depth + 1) {
                    return m;
                }
            }
            None => return Miss { reason: with_labels(&deeper, &format!("the code has no {item} {}", i + 1)), ..here(String::new()) },
        }
    }
    here(format!("the {item}s match one by one but not together (their order, `...`, or a metavariable bound twice)"))
}

/// A statement-sequence pattern near the asked range: where the sequence breaks off.
fn sequence(pattern: &Pattern, stmts: &[Node], around: &[&Node], src: &str) -> Near {
    let is_gap = |n: &Node| n.kind == Kind::Ellipsis || n.as_expr_stmt().is_some_and(|e| e.value.kind == Kind::Ellipsis);
    // Each real statement of the pattern, and whether a `...` comes before it.
    let mut wanted: Vec<(&Node, bool)> = Vec::new();
    let mut gap = false;
    for s in stmts {
        if is_gap(s) {
            gap = true;
        } else {
            wanted.push((s, gap));
            gap = false;
        }
    }
    let Some(&(first, _)) = wanted.first() else { return Near::Anything };
    let lines = super::super::source::LineIndex::new(src);
    let line = |offset: u32| lines.line_of(offset) + 1;
    let mut misses = Vec::new();
    for block in around.iter().filter(|n| n.kind == Kind::Block) {
        for (start, s) in block.children.iter().enumerate().filter(|(_, s)| around.iter().any(|a| std::ptr::eq(*a, *s))) {
            if !matches(pattern, first, s) {
                if s.kind == first.kind {
                    misses.extend(diff(pattern, first, s, src, &["statement 1".to_string()], 0));
                }
                continue;
            }
            let mut at = start + 1;
            let mut last = s;
            for (j, &(p, gap_before)) in wanted.iter().enumerate().skip(1) {
                let found = if gap_before {
                    block.children[at.min(block.children.len())..].iter().position(|c| matches(pattern, p, c)).map(|k| at + k)
                } else {
                    block.children.get(at).filter(|c| matches(pattern, p, c)).map(|_| at)
                };
                match found {
                    Some(k) => {
                        last = &block.children[k];
                        at = k + 1;
                    }
                    None => {
                        let ordinal = |n: usize| match n {
                            1 => "first".to_string(),
                            2 => "second".to_string(),
                            3 => "third".to_string(),
                            n => format!("{n}th"),
                        };
                        let text = pattern_text(pattern, p).map_or(String::new(), |t| format!(" (`{t}`)"));
                        let (what, place) = if j == 1 { ("the first statement".to_string(), line(s.start)) } else { (format!("statements 1 to {j}"), line(last.start)) };
                        let next = if gap_before { "after it" } else { "right after it" };
                        misses.push(Miss {
                            depth: j * 10,
                            pattern: Span::new(p.start, p.end),
                            code: Span::new(s.start, last.end),
                            reason: format!(
                                "a statement sequence: found {what} at line {place}, no {} one{text} {next} in the same block",
                                ordinal(j + 1)
                            ),
                        });
                        break;
                    }
                }
            }
        }
    }
    best(misses.into_iter()).map_or_else(|| Near::Nothing(format!("nothing here is {}", words(first))), Near::Miss)
}

fn with_labels(labels: &[String], reason: &str) -> String {
    if labels.is_empty() {
        reason.to_string()
    } else {
        format!("{}: {reason}", labels.join(", "))
    }
}

/// The pattern's own text of a part, when it can be sliced out and is short.
fn pattern_text(pattern: &Pattern, part: &Node) -> Option<String> {
    let (text, span) = span_in_text(&pattern.text, Span::new(part.start, part.end));
    text.get(span.start as usize..span.end as usize).filter(|t| !t.is_empty() && t.len() <= 40 && !t.contains('\n')).map(str::to_string)
}

/// What the pattern wants, for a person: its own text when short, else in words.
fn wanted(pattern: &Pattern, part: &Node) -> String {
    match pattern_text(pattern, part) {
        Some(text) if part.children.is_empty() => format!("`{text}`"),
        _ => words(part),
    }
}

/// What the code has, for a person: in words, with its text when short.
fn found(code: &Node, src: &str) -> String {
    let text = src.get(code.start as usize..code.end as usize).filter(|t| t.len() <= 24 && !t.contains('\n'));
    match text {
        Some(t) => format!("{} (`{t}`)", words(code)),
        None => words(code),
    }
}

/// A node kind in words (`a call`, `an f-string`, `a %-format`).
pub(super) fn words(node: &Node) -> String {
    let string_left = || node.as_bin_op().is_some_and(|b| b.left.kind.is_string());
    match node.kind {
        Kind::JoinedStr => "an f-string".into(),
        Kind::BinOp if &*node.text == "%" && string_left() => "a %-format".into(),
        Kind::BinOp => format!("a `{}` operation", node.text),
        Kind::Call => match node.as_call().and_then(|c| c.func.dotted()) {
            Some(name) => format!("a call of `{name}`"),
            None => "a call".into(),
        },
        Kind::Attribute => "an attribute".into(),
        Kind::Name => "a name".into(),
        Kind::Str => "a string".into(),
        Kind::Bytes => "a bytes literal".into(),
        Kind::Int | Kind::Float | Kind::Complex => "a number".into(),
        Kind::Bool => format!("`{}`", node.text),
        Kind::NoneLit => "`None`".into(),
        Kind::List => "a list".into(),
        Kind::Tuple => "a tuple".into(),
        Kind::Set => "a set".into(),
        Kind::Dict => "a dict".into(),
        Kind::Subscript => "a subscript".into(),
        Kind::Lambda => "a lambda".into(),
        Kind::Keyword => "a keyword argument".into(),
        Kind::Compare => "a comparison".into(),
        Kind::BoolOp => "a boolean operation".into(),
        Kind::UnaryOp => "a unary operation".into(),
        Kind::IfExp => "a conditional expression".into(),
        Kind::Assign => "an assignment".into(),
        Kind::AugAssign => "an augmented assignment".into(),
        Kind::AnnAssign => "an annotated assignment".into(),
        Kind::Return => "a return".into(),
        Kind::FunctionDef => "a function definition".into(),
        Kind::ClassDef => "a class definition".into(),
        Kind::If => "an if statement".into(),
        Kind::For => "a for loop".into(),
        Kind::While => "a while loop".into(),
        Kind::With => "a with statement".into(),
        Kind::Try => "a try statement".into(),
        Kind::Import | Kind::ImportFrom => "an import".into(),
        Kind::ExprStmt => "an expression statement".into(),
        Kind::Starred => "a starred expression".into(),
        Kind::Await => "an await".into(),
        Kind::ListComp | Kind::SetComp | Kind::DictComp | Kind::GeneratorExp => "a comprehension".into(),
        other => format!("a {other:?} node"),
    }
}

/// The names of a node kind's children, in order (empty: no label of its own).
fn part_names(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Call => &["the function", ""],
        Kind::Attribute => &["the object", "the attribute name"],
        Kind::Subscript => &["the object", "the index"],
        Kind::BinOp => &["the left operand", "the right operand"],
        Kind::Keyword => &["the keyword name", "the value"],
        Kind::Assign => &["the target", "the value"],
        Kind::AugAssign => &["the target", "the value"],
        Kind::AnnAssign => &["the target", "the annotation", "the value"],
        Kind::Return => &["the returned value"],
        Kind::ExprStmt => &[""],
        Kind::If | Kind::While => &["the condition", "the body", "the else branch"],
        Kind::For => &["the target", "the iterable", "the body", "the else branch"],
        Kind::With => &["the items", "the body"],
        Kind::WithItem => &["the context", "the `as` target"],
        Kind::FunctionDef => &["the decorators", "the name", "the parameters", "the return annotation", "the body"],
        Kind::ClassDef => &["the decorators", "the name", "the bases", "the body"],
        Kind::Raise => &["the exception", "the cause"],
        Kind::UnaryOp => &["the operand"],
        Kind::Await => &["the awaited value"],
        Kind::IfExp => &["the condition", "the value if true", "the value if false"],
        Kind::Compare => &[],
        Kind::Dict => &[""],
        Kind::DictItem => &["the key", "the value"],
        Kind::List | Kind::Tuple | Kind::Set => &[""],
        Kind::Starred => &["the value"],
        _ => &[],
    }
}

/// What an item of a sequence kind is called.
fn item_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Args => "argument",
        Kind::Params => "parameter",
        Kind::Elts => "element",
        Kind::Block => "statement",
        Kind::DictItems => "item",
        Kind::Decorators => "decorator",
        Kind::Targets => "target",
        Kind::WithItems => "with item",
        Kind::Bases => "base",
        Kind::FStringParts => "f-string part",
        _ => "item",
    }
}

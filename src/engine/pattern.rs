//! Pattern text -> pattern tree.
//!
//! `$X`, `$...X`, `...` in argument/parameter lists and `<... e ...>` are not
//! Python, so the text is first rewritten with placeholder identifiers (see
//! `tree::placeholder`), then parsed by the real parser and lowered with the
//! placeholders turned into pattern nodes. Errors point into the text the user
//! wrote, not the rewritten one.

use super::python;
use super::source::Span;
use super::tree::views::Assign;
use super::tree::{placeholder, Kind, Node};
use rustc_hash::FxHashMap as HashMap;

/// What the pattern is, which decides where the matcher tries it.
#[derive(Clone, Debug)]
pub enum Shape {
    /// An expression: tried at every expression.
    Expr(Node),
    /// One statement: tried at every statement.
    Stmt(Node),
    /// Several statements: tried at every position of every block.
    Seq(Vec<Node>),
    /// A decorator without the function (`@app.route(...)`): tried at every decorator.
    Decorator(Node),
}

#[derive(Clone, Debug)]
pub struct Pattern {
    pub text: String,
    pub shape: Shape,
    /// Compiled `"=~/re/"` literals, by regex source.
    pub regexes: HashMap<String, super::regex::Re>,
    /// Identifiers and literals that any match must contain (a fast prefilter).
    pub required_words: Vec<String>,
    /// A name known to hold a literal matches that literal (rule option
    /// `constant_propagation`, on by default).
    pub constants: bool,
    /// A name matches the expression it was last assigned (rule option
    /// `symbolic_propagation`, off by default).
    pub symbolic: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternError {
    pub message: String,
    /// Byte range inside the pattern text.
    pub span: Span,
}

/// Parses Semgrep pattern text for Python.
pub fn parse_pattern(text: &str) -> Result<Pattern, PatternError> {
    parse(text).map_err(|e| PatternError { span: e.span.within(text), ..e })
}

/// The text a pattern's tree ranges point into, and `span` of its tree mapped
/// back into that text (the tree was parsed from the text with placeholders
/// for `$X` and `...`; the text given back is the pattern dedented, as read).
/// For explanations, which quote the part of a pattern where a match stopped.
pub fn span_in_text(text: &str, span: Span) -> (String, Span) {
    let dedented = dedent(text);
    let trimmed = dedented.trim_end().to_string();
    match rewrite(&trimmed) {
        Ok(rewritten) => {
            let (start, end) = (rewritten.map_back(span.start), rewritten.map_back(span.end));
            (trimmed, Span::new(start, end.max(start)))
        }
        Err(_) => (trimmed, span),
    }
}

/// `source` with each `:=` outside brackets and strings turned into ` =`, if it has one.
fn walrus_as_assignment(source: &str) -> Option<String> {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let (mut depth, mut quote, mut found) = (0i32, None::<u8>, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b':' if depth == 0 && bytes.get(i + 1) == Some(&b'=') => {
                    out[i] = b' ';
                    found = true;
                }
                _ => {}
            },
        }
        i += 1;
    }
    if found {
        String::from_utf8(out).ok()
    } else {
        None
    }
}

fn parse(text: &str) -> Result<Pattern, PatternError> {
    let dedented = dedent(text);
    let trimmed = dedented.trim_end();
    if trimmed.trim().is_empty() {
        return Err(PatternError { message: "empty pattern".into(), span: Span::new(0, text.len() as u32) });
    }
    let rewritten = rewrite(trimmed)?;
    let standalone_decorator = is_standalone_decorator(trimmed);
    let mut source = rewritten.text.clone();
    if standalone_decorator {
        source.push_str(&format!("\ndef {}(): pass", placeholder::STANDALONE));
    }
    // `$X := $Y` on its own is an assignment to Semgrep (Python wants it in
    // parentheses): read it as `$X  = $Y`, keeping every offset.
    let parsed = python::parse_pattern_source(&source).or_else(|err| match walrus_as_assignment(&source) {
        Some(assignment) => python::parse_pattern_source(&assignment).map_err(|_| err),
        None => Err(err),
    });
    let mut root = match parsed {
        Ok(root) => root,
        Err(err) => {
            let at = rewritten.map_back(err.offset).min(trimmed.len() as u32);
            return Err(PatternError {
                message: format!("invalid pattern: {}", err.message),
                span: Span::new(at, (at + 1).min(trimmed.len() as u32)),
            });
        }
    };
    let mut stmts = root.as_module_mut().map(|m| std::mem::take(&mut m.body.children)).unwrap_or_default();
    let shape = if standalone_decorator {
        let func = stmts.pop().expect("a def was appended");
        let decorators = func.as_function_def().map_or(&[][..], |def| def.decorators.children.as_slice());
        let [decorator] = decorators else {
            return Err(PatternError {
                message: "a standalone decorator pattern must be one decorator".into(),
                span: Span::new(0, text.len() as u32),
            });
        };
        Shape::Decorator(decorator.clone())
    } else if stmts.len() == 1 {
        let stmt = stmts.remove(0);
        match stmt.kind {
            // `($X := $Y)` alone is an assignment pattern too, as in Semgrep.
            Kind::ExprStmt => match stmt.as_expr_stmt().map(|e| e.value) {
                Some(expr) => match expr.as_named_expr() {
                    Some(walrus) => {
                        let (target, value) = (walrus.target.clone(), walrus.value.clone());
                        let targets = Node::new(Kind::Targets, target.range(), "", vec![target]);
                        Shape::Stmt(Assign::build(expr.range(), targets, value))
                    }
                    None => Shape::Expr(expr.clone()),
                },
                None => Shape::Stmt(stmt),
            },
            Kind::Ellipsis => Shape::Expr(stmt),
            _ => Shape::Stmt(stmt),
        }
    } else {
        Shape::Seq(stmts)
    };
    let mut regexes = HashMap::default();
    let mut required_words = Vec::new();
    let mut visit = |node: &Node| match node.kind {
        Kind::RegexStr => {
            if !regexes.contains_key(&*node.text) {
                match super::regex::Re::new(&node.text) {
                    Ok(re) => {
                        regexes.insert(node.text.to_string(), re);
                    }
                    Err(e) => required_words.push(format!("\u{0}{e}")),
                }
            }
        }
        Kind::Name | Kind::Ident => {
            if node.text.len() >= 2 && !node.text.contains('.') {
                required_words.push(node.text.to_string());
            }
        }
        _ => {}
    };
    match &shape {
        Shape::Expr(n) | Shape::Stmt(n) | Shape::Decorator(n) => n.walk(&mut visit),
        Shape::Seq(ns) => ns.iter().for_each(|n| n.walk(&mut visit)),
    }
    if let Some(bad) = required_words.iter().find(|w| w.starts_with('\u{0}')) {
        return Err(PatternError {
            message: format!("invalid regex in pattern: {}", &bad[1..]),
            span: Span::new(0, text.len() as u32),
        });
    }
    Ok(Pattern { text: text.to_string(), shape, regexes, required_words, constants: true, symbolic: false })
}

fn is_standalone_decorator(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    !lines.is_empty() && lines.iter().all(|l| l.starts_with('@'))
}

/// Removes the common indentation of all non-blank lines.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_string();
    }
    // Indentation is ASCII, so `indent` is a char boundary of every non-blank line; blank lines may be shorter.
    text.lines().map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start())).collect::<Vec<_>>().join("\n")
}

struct Rewritten {
    text: String,
    /// (offset in rewritten text, offset in original text) at each edit.
    anchors: Vec<(u32, u32)>,
}

impl Rewritten {
    fn map_back(&self, offset: u32) -> u32 {
        let mut result = offset;
        for &(new, old) in &self.anchors {
            if new <= offset {
                result = old + (offset - new);
            } else {
                break;
            }
        }
        result
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Bracket {
    /// Call arguments; `true` once a `**kwargs` was seen (a `...` after it
    /// is written `**...`: Python takes no `*args` there).
    Call(bool),
    /// A parameter list; `true` once a parameter with a default was seen.
    Params(bool),
    Dict,
    Other,
}

const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "elif", "else", "for", "from", "if", "in", "is", "lambda", "not", "or",
    "return", "while", "with", "yield", "del", "except", "raise", "import", "print",
];

/// A type as typed metavariables and `metavariable-type` name it: a name or a
/// dotted name (`int`, `flask.Flask`).
pub fn is_type_name(ty: &str) -> bool {
    !ty.is_empty()
        && ty.split('.').all(|part| {
            part.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// After a metavariable: `: type` up to a `,` or `)` (spaces allowed around the
/// colon), as in `foo($X: int)`. Returns the type's dotted name and the length consumed.
fn typed_suffix(rest: &str) -> Option<(&str, usize)> {
    let after_colon = rest.trim_start().strip_prefix(':')?;
    if after_colon.starts_with('=') {
        return None;
    }
    let ty_text = after_colon.trim_start();
    let ty_len = ty_text.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.').count();
    let ty = &ty_text[..ty_len];
    let end = rest.len() - ty_text.len() + ty_len;
    let next = rest[end..].trim_start().bytes().next();
    (is_type_name(ty) && matches!(next, Some(b',') | Some(b')'))).then_some((ty, end))
}

/// Rewrites metavariables, deep-expression brackets and ellipses that Python
/// would reject into placeholder identifiers.
fn rewrite(text: &str) -> Result<Rewritten, PatternError> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 32);
    let mut anchors = Vec::new();
    let mut stack: Vec<Bracket> = Vec::new();
    // The last significant token: its text, and whether it was an identifier-like thing.
    let mut prev_word = String::new();
    let mut prev_prev_word = String::new();
    let mut prev_char = b'\0';
    let mut ellipsis_count = 0;
    let mut i = 0;
    let edit = |out: &mut String, anchors: &mut Vec<(u32, u32)>, replacement: &str, orig_at: usize, orig_len: usize| {
        anchors.push((out.len() as u32, orig_at as u32));
        out.push_str(replacement);
        anchors.push((out.len() as u32, (orig_at + orig_len) as u32));
    };
    while i < bytes.len() {
        let b = bytes[i];
        // Strings are copied verbatim.
        if b == b'"' || b == b'\'' {
            let end = string_end(bytes, i);
            let is_fstring = prev_char == b'a' && prev_word.len() <= 2 && prev_word.to_ascii_lowercase().contains('f');
            if is_fstring && text[i..end].contains('$') {
                // Metavariables inside the `{...}` of an f-string.
                let quote = if end - i >= 6 && text[i..].starts_with(&text[i..i + 1].repeat(3)) { 3 } else { 1 };
                // Unterminated strings run to the end; only a full closing quote is cut off.
                let closing = text[i..i + 1].repeat(quote);
                let content_end = if end - i >= 2 * quote && text[..end].ends_with(&closing) { end - quote } else { end };
                let inner = rewrite_fstring_fields(&text[i + quote..content_end.max(i + quote)])?;
                out.push_str(&text[i..i + quote]);
                for (new, old) in inner.anchors {
                    anchors.push((out.len() as u32 + new, (i + quote) as u32 + old));
                }
                out.push_str(&inner.text);
                out.push_str(&text[content_end.max(i + quote)..end]);
                i = end;
                prev_char = b'"';
                prev_word.clear();
                continue;
            }
            out.push_str(&text[i..end]);
            i = end;
            prev_char = b'"';
            prev_word.clear();
            continue;
        }
        if b == b'#' {
            let end = text[i..].find('\n').map_or(bytes.len(), |p| i + p);
            out.push_str(&text[i..end]);
            i = end;
            continue;
        }
        if b == b'$' {
            let rest = &text[i + 1..];
            let (seq, name_start) = if rest.starts_with("...") { (true, 4) } else { (false, 1) };
            let name_len = text[i + name_start..]
                .bytes()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
                .count();
            let first = text.as_bytes().get(i + name_start).copied().unwrap_or(b'0');
            if name_len == 0 || first.is_ascii_digit() {
                return Err(PatternError {
                    message: "a metavariable is `$` followed by an uppercase name, like `$X` or `$...ARGS`".into(),
                    span: Span::new(i as u32, (i + name_start).min(text.len()) as u32),
                });
            }
            let name = &text[i + name_start..i + name_start + name_len];
            // `$X: int` as a call argument: a typed metavariable.
            let in_args = matches!(stack.last(), Some(Bracket::Call(_))) && (prev_char == b'(' || prev_char == b',');
            if let Some((ty, len)) = (!seq && in_args).then(|| typed_suffix(&text[i + name_start + name_len..])).flatten() {
                let replacement = format!("{}({}{name}, {ty})", placeholder::TYPED, placeholder::METAVAR);
                edit(&mut out, &mut anchors, &replacement, i, name_start + name_len + len);
                i += name_start + name_len + len;
                prev_char = b')';
                prev_word.clear();
                continue;
            }
            let prefix = if seq { placeholder::SEQ_METAVAR } else { placeholder::METAVAR };
            edit(&mut out, &mut anchors, &format!("{prefix}{name}"), i, name_start + name_len);
            i += name_start + name_len;
            prev_char = b'a';
            prev_prev_word = std::mem::take(&mut prev_word);
            prev_word = format!("${name}");
            continue;
        }
        if text[i..].starts_with("...") {
            // `...>` closes a deep expression.
            let after = text[i + 3..].trim_start();
            if after.starts_with('>') && !after.starts_with(">=") && !after.starts_with(">>") {
                let gap = text[i + 3..].len() - after.len();
                edit(&mut out, &mut anchors, ")", i, 3 + gap + 1);
                stack.pop();
                i += 3 + gap + 1;
                prev_char = b')';
                prev_word.clear();
                continue;
            }
            // `e. ... .m()`, `e. ...`: a method-chain ellipsis (after a `.`, before
            // another `.` or the end of the expression).
            let after_dots = text[i + 3..].trim_start_matches([' ', '\t']);
            let chain = text[..i].trim_end_matches([' ', '\t']).ends_with('.')
                && !text[..i].trim_end_matches([' ', '\t']).ends_with("..")
                && (after_dots.is_empty() || after_dots.starts_with(['.', ')', ']', '}', ',', '\n', '\r', '#']));
            if chain {
                edit(&mut out, &mut anchors, placeholder::CHAIN, i, 3);
                i += 3;
                prev_char = b'a';
                prev_word = placeholder::CHAIN.into();
                continue;
            }
            let context = stack.last().copied();
            let line_start = text[..i].trim_end_matches([' ', '\t']);
            // `... = f()`: any assignment target (Python rejects `...` there).
            let target = (line_start.is_empty() || line_start.ends_with('\n'))
                && after_dots.starts_with('=')
                && !after_dots.starts_with("==");
            let replacement = if prev_word == "for" || target {
                ellipsis_count += 1;
                format!("{}{ellipsis_count}", placeholder::ELLIPSIS)
            } else if context == Some(Bracket::Call(false)) && (prev_char == b'(' || prev_char == b',') {
                format!("*{}", placeholder::ELLIPSIS)
            } else if context == Some(Bracket::Call(true)) && (prev_char == b'(' || prev_char == b',') {
                format!("**{}", placeholder::ELLIPSIS)
            } else if let (Some(Bracket::Params(seen_default)), true) = (context, prev_char == b'(' || prev_char == b',') {
                ellipsis_count += 1;
                let default = if seen_default { "=None" } else { "" };
                format!("{}{ellipsis_count}{default}", placeholder::ELLIPSIS)
            } else if context == Some(Bracket::Dict) && (prev_char == b'{' || prev_char == b',') {
                format!("**{}", placeholder::ELLIPSIS)
            } else {
                "...".to_string()
            };
            if replacement == "..." {
                out.push_str("...");
            } else {
                edit(&mut out, &mut anchors, &replacement, i, 3);
            }
            i += 3;
            prev_char = b'.';
            prev_word = "...".into();
            continue;
        }
        if b == b'<' {
            let after = text[i + 1..].trim_start();
            if after.starts_with("...") {
                let gap = text[i + 1..].len() - after.len();
                edit(&mut out, &mut anchors, &format!("{}(", placeholder::DEEP), i, 1 + gap + 3);
                i += 1 + gap + 3;
                stack.push(Bracket::Other);
                prev_char = b'(';
                prev_word.clear();
                continue;
            }
        }
        // A word; a non-ASCII character that is not a letter (len 0) is copied below.
        let word_len = if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 {
            text[i..].char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(text.len() - i, |(p, _)| p)
        } else {
            0
        };
        if word_len > 0 {
            let word = &text[i..i + word_len];
            out.push_str(word);
            i += word_len;
            prev_char = b'a';
            prev_prev_word = std::mem::take(&mut prev_word);
            prev_word = word.to_string();
            continue;
        }
        match b {
            b'(' => {
                let kind = if prev_prev_word == "def" || prev_word == "lambda" {
                    Bracket::Params(false)
                } else if prev_char == b')' || prev_char == b']' || prev_char == b'"' {
                    Bracket::Call(false)
                } else if prev_char == b'a' && !KEYWORDS.contains(&prev_word.as_str()) {
                    Bracket::Call(false)
                } else {
                    Bracket::Other
                };
                stack.push(kind);
            }
            b'[' => stack.push(Bracket::Other),
            b'{' => stack.push(if has_top_level_colon(&bytes[i + 1..]) { Bracket::Dict } else { Bracket::Other }),
            b'=' if bytes.get(i + 1) != Some(&b'=') && !b"=!<>:".contains(&prev_char) => {
                if let Some(Bracket::Params(seen)) = stack.last_mut() {
                    *seen = true;
                }
            }
            b'*' if bytes.get(i + 1) == Some(&b'*') && (prev_char == b'(' || prev_char == b',') => {
                if let Some(Bracket::Call(seen)) = stack.last_mut() {
                    *seen = true;
                }
            }
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + ch_len]);
        if !b.is_ascii_whitespace() {
            prev_char = b;
            if b != b'.' {
                prev_prev_word = std::mem::take(&mut prev_word);
            }
        }
        i += ch_len;
    }
    Ok(Rewritten { text: out, anchors })
}

/// Whether the text after a `{` has a `:` before its matching `}` at the same
/// depth, i.e. the braces are a dict, not a set.
fn has_top_level_colon(rest: &[u8]) -> bool {
    for (i, b) in top_level(rest) {
        match b {
            b')' | b']' | b'}' => return false,
            b':' => return true,
            b'l' if rest[i..].starts_with(b"lambda") => return false,
            _ => {}
        }
    }
    false
}

/// The bytes of `rest` that lie outside string literals and outside brackets
/// opened within it, with their offsets, up to and including the bracket that
/// closes one opened before `rest` began.
fn top_level(rest: &[u8]) -> impl Iterator<Item = (usize, u8)> + '_ {
    let (mut i, mut depth, mut closed) = (0, 0usize, false);
    std::iter::from_fn(move || {
        while !closed && i < rest.len() {
            let (at, b) = (i, rest[i]);
            if b == b'"' || b == b'\'' {
                i = string_end(rest, i);
                continue;
            }
            i += 1;
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b')' | b']' | b'}' => {
                    closed = true;
                    return Some((at, b));
                }
                _ if depth == 0 => return Some((at, b)),
                _ => {}
            }
        }
        None
    })
}

/// Rewrites the replacement fields (`{...}`) of an f-string's contents and
/// leaves its literal text as written: the `'` of `f"name = '{$X}'"` is text,
/// not the start of a string.
fn rewrite_fstring_fields(content: &str) -> Result<Rewritten, PatternError> {
    let bytes = content.as_bytes();
    let mut out = String::with_capacity(content.len());
    let mut anchors = Vec::new();
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'}' if bytes.get(i + 1) == Some(&bytes[i]) => i += 2,
            b'{' => {
                let start = i + 1;
                let end = top_level(&bytes[start..])
                    .find(|(_, b)| matches!(b, b')' | b']' | b'}'))
                    .map_or(bytes.len(), |(at, _)| start + at);
                out.push_str(&content[copied..start]);
                let field = rewrite(&content[start..end])?;
                for (new, old) in field.anchors {
                    anchors.push((out.len() as u32 + new, start as u32 + old));
                }
                out.push_str(&field.text);
                (i, copied) = (end, end);
            }
            _ => i += 1,
        }
    }
    out.push_str(&content[copied..]);
    Ok(Rewritten { text: out, anchors })
}

/// The end of the string literal starting at `start` (a quote), handling
/// triple quotes and escapes; unterminated strings run to the end.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.len() >= start + 3 && bytes[start + 1] == quote && bytes[start + 2] == quote;
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' {
            i += 2;
            continue;
        }
        if b == quote {
            if !triple {
                return i + 1;
            }
            if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote {
                return i + 3;
            }
        }
        if b == b'\n' && !triple {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

//! Python that Semgrep's parser reads and Python 3's grammar rejects.
//!
//! Semgrep's Python parser falls back on a Python 2 grammar (and is lenient
//! with trivia) when a file is not Python 3; ruff's parser reads Python 3
//! only. When a chunk does not parse, [`rewrite`] turns the constructs below
//! into Python 3 of the same length, so every byte offset stays the same, and
//! [`Tolerated::restore`] puts back in the lowered tree what the rewrite
//! changed. Only those constructs are rewritten: code broken in any other way
//! still fails, with its own error.
//!
//! * `async` used as a name (`f(async=1)`, `x.async`, `def f(async=...)`,
//!   `async = 1`), which Python accepted before 3.7: written as a
//!   placeholder name of five letters, renamed back after lowering.
//! * Python 2's `print x, y` statement: Semgrep reads it as the call
//!   `print(x, y)` spanning the statement. Written as `print;x, y` (two
//!   statements), merged back into the call after lowering. Only a `print`
//!   that starts a line and is followed, after a space, by what can only
//!   start its argument (a name, a literal, `[` or `{`) is read so.
//! * A comment line after a backslash continuation (`a =\` then `# c` then
//!   `"foo"`), which Python rejects and Semgrep skips: the comment becomes
//!   spaces and one more backslash.

use super::super::tree::views::{Call, ExprStmt};
use super::super::tree::{Kind, Node};
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
use ruff_text_size::Ranged;

/// Candidates for the name that stands in for `async`: the first one the
/// text does not already hold is used.
const ASYNC_STAND_INS: &[&str] = &["_as0_", "_as1_", "_as2_", "_as3_"];

/// A rewritten text and what to put back after lowering it.
pub(super) struct Tolerated {
    pub text: String,
    /// The name written for `async`, if any `async` was rewritten.
    async_stand_in: Option<&'static str>,
    /// Offsets of the `print` names of rewritten print statements.
    prints: Vec<u32>,
}

/// Rewrites the constructs of the module doc, or `None` when there are none.
pub(super) fn rewrite(src: &str) -> Option<Tolerated> {
    let parsed = parse_unchecked(src, ParseOptions::from(Mode::Module));
    let tokens: Vec<(TokenKind, usize, usize)> =
        parsed.tokens().iter().map(|t| (t.kind(), usize::from(t.start()), usize::from(t.end()))).collect();
    let mut bytes = src.as_bytes().to_vec();
    let stand_in = ASYNC_STAND_INS.iter().copied().find(|name| !src.contains(name));
    let mut tolerated = Tolerated { text: String::new(), async_stand_in: None, prints: Vec::new() };
    // The last token before this one that is not a comment or a line break inside brackets.
    let mut previous: Option<TokenKind> = None;
    for (i, &(kind, start, end)) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(|t| t.0);
        let before = previous;
        if !matches!(kind, TokenKind::Comment | TokenKind::NonLogicalNewline) {
            previous = Some(kind);
        }
        match kind {
            TokenKind::Async if async_is_a_name(before, next) => {
                if let Some(name) = stand_in {
                    bytes[start..end].copy_from_slice(name.as_bytes());
                    tolerated.async_stand_in = Some(name);
                }
            }
            TokenKind::Name if &src[start..end] == "print" && starts_statement(before) => {
                let Some(&(next_kind, next_start, _)) = tokens.get(i + 1) else { continue };
                let spaced = next_start > end && src[end..next_start].bytes().all(|b| b == b' ' || b == b'\t');
                if spaced && starts_print_argument(next_kind) {
                    bytes[end] = b';';
                    tolerated.prints.push(start as u32);
                }
            }
            // Bytes already rewritten count: a run of comment lines goes in turn.
            TokenKind::Comment if after_continuation(&bytes, start) => {
                bytes[start..end].fill(b' ');
                bytes[end - 1] = b'\\';
            }
            _ => continue,
        }
    }
    if bytes == src.as_bytes() {
        return None;
    }
    // Only ASCII bytes replaced whole tokens or comments: still UTF-8.
    tolerated.text = String::from_utf8(bytes).ok()?;
    Some(tolerated)
}

/// `async` where the keyword cannot stand: after `.`, before `=`, `.`, `,`,
/// a closing bracket or the end of the line, or before `:` as a parameter.
fn async_is_a_name(previous: Option<TokenKind>, next: Option<TokenKind>) -> bool {
    use TokenKind as T;
    previous == Some(T::Dot)
        || matches!(next, Some(T::Equal | T::Dot | T::Comma | T::Rpar | T::Rsqb | T::Rbrace | T::Newline))
        || next == Some(T::Colon) && matches!(previous, Some(T::Lpar | T::Comma))
}

/// Whether a token after `previous` begins a logical line.
fn starts_statement(previous: Option<TokenKind>) -> bool {
    matches!(previous, None | Some(TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent))
}

/// Tokens that, after `print ` at the start of a line, can only begin a
/// Python 2 print statement's argument (`print -x` or `print (x)` are Python 3).
fn starts_print_argument(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Name
            | TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::None
            | TokenKind::True
            | TokenKind::False
    )
}

/// Whether the comment at `start` is alone on its line and the line before
/// ends in a backslash continuation.
fn after_continuation(bytes: &[u8], start: usize) -> bool {
    let line_start = bytes[..start].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    if line_start == 0 || !bytes[line_start..start].iter().all(|&b| b == b' ' || b == b'\t') {
        return false;
    }
    let previous_line = &bytes[..line_start - 1];
    let previous_line = previous_line.strip_suffix(b"\r").unwrap_or(previous_line);
    previous_line.last() == Some(&b'\\')
}

impl Tolerated {
    /// Puts back what [`rewrite`] changed in statements lowered from the rewritten text.
    pub fn restore(&self, stmts: &mut Vec<Node>, src: &str) {
        if let Some(name) = self.async_stand_in {
            for stmt in stmts.iter_mut() {
                rename(stmt, name);
            }
        }
        if !self.prints.is_empty() {
            merge_prints(stmts, &self.prints, src);
        }
    }
}

fn rename(node: &mut Node, stand_in: &str) {
    if &*node.text == stand_in {
        node.text = "async".into();
    }
    for child in &mut node.children {
        rename(child, stand_in);
    }
}

/// Turns each `print` statement and the statement after it (its argument)
/// into the call `print(...)`, in `stmts` and every list of children below.
fn merge_prints(stmts: &mut Vec<Node>, prints: &[u32], src: &str) {
    let mut i = 0;
    while i < stmts.len() {
        let is_print = stmts[i].kind == Kind::ExprStmt
            && prints.contains(&stmts[i].start)
            && stmts[i].children.first().is_some_and(|name| name.kind == Kind::Name && &*name.text == "print");
        if is_print && stmts.get(i + 1).is_some_and(|next| next.kind == Kind::ExprStmt) {
            let argument_stmt = stmts.remove(i + 1);
            let print = std::mem::replace(&mut stmts[i], Node::leaf(Kind::Empty, (0, 0), ""));
            let (Some(name), Some(argument)) = (print.children.into_iter().next(), argument_stmt.children.into_iter().next()) else {
                continue;
            };
            let unparenthesized_tuple = argument.kind == Kind::Tuple && src.as_bytes().get(argument.start as usize) != Some(&b'(');
            let range = (name.start, argument.end);
            let items = if unparenthesized_tuple {
                argument.children.into_iter().next().map_or_else(Vec::new, |elts| elts.children)
            } else {
                vec![argument]
            };
            let args_range = match (items.first(), items.last()) {
                (Some(first), Some(last)) => (first.start, last.end),
                _ => (name.end, name.end),
            };
            let args = Node::new(Kind::Args, args_range, "", items);
            stmts[i] = ExprStmt::build(range, Call::build(range, name, args));
        }
        merge_prints(&mut stmts[i].children, prints, src);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_code;
    use super::rewrite;

    #[test]
    fn rewrites_keep_every_offset() {
        for src in [
            "f(async=1)\nx.async\ndef g(async, b): pass\n",
            "def f():\n    # c\n    print 'a', b\n",
            "a =\\\n    # é\n    # ü\n    'foo'\n",
            "print\n",
            "async\n",
            "a =\\\n# c",
            "# c\n",
        ] {
            if let Some(tolerated) = rewrite(src) {
                assert_eq!(tolerated.text.len(), src.len(), "{src:?} -> {:?}", tolerated.text);
            }
        }
    }

    #[test]
    fn broken_code_keeps_its_error_where_it_is() {
        // The Python 2 print is read; the real error stays, at its own line and column.
        let src = "def f():\n    print 'a'\n    x = = 1\n";
        let parsed = parse_code(src);
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].offset as usize, src.find("= 1").unwrap(), "{:?}", parsed.errors);
        // Valid Python 3 that merely looks like a print statement is left alone.
        assert!(rewrite("print (x)\nprint -x\nprint >>f, x\n").is_none());
        // `async` where the keyword stands is not rewritten.
        assert!(rewrite("async def f(): pass\nasync with a: pass\n").is_none());
    }
}

//! The code's colours after an edit without colouring the whole text again.
//!
//! Plain Rust over strings and token lists (no DOM): `tests/paint.rs` checks
//! natively that colours said to be exact after an edit are what colouring
//! the whole new text gives.

use super::decorate::Tok;
use crate::engine::python::TokenClass;
use crate::engine::session::highlight;
use crate::engine::source::Span;

/// A colour token: byte range and class.
pub type Token = (u32, u32, Tok);

/// Over this many bytes of edited lines, the whole text is coloured.
const QUICK_BYTES: usize = 4_000;

/// The colour tokens of a whole text.
pub fn colours(text: &str) -> Vec<Token> {
    highlight(text).into_iter().map(|(s, e, class)| (s, e, tok(class, text.get(s as usize..e as usize).unwrap_or("")))).collect()
}

/// The tokens of `old` (`tokens`, sorted) moved over the edit that made
/// `code`, with the edited lines coloured on their own by `colour`, and
/// whether that is exactly what colouring all of `code` gives. Python's
/// lexer carries state from line to line only in a string that spans lines
/// (a triple quote, a backslash), in brackets (which only decide newlines and
/// the nesting limit), after a decorator's `@`, and in the parser's reading
/// of soft keywords (`match`, `case`, `type`; `_` only inside a `case`): an
/// edit that touches none of them, in lines whose bracket balance it keeps,
/// in a text without soft keywords, changes no other line's colours. `None` when the edit is too large or a
/// token runs across the edited lines' edges (a multi-line string).
pub fn after_edit(old: &str, tokens: &[Token], code: &str, colour: &dyn Fn(&str) -> Vec<Token>) -> Option<(Vec<Token>, bool)> {
    let edit = Edit::between(old, code);
    let (start, new_end) = (edit.start as usize, edit.new_end as usize);
    if !code.is_char_boundary(start) || !code.is_char_boundary(new_end) {
        return None;
    }
    // The edited lines: from the start of the edit's first line to the end of its last.
    let from = code[..start].rfind('\n').map_or(0, |i| i + 1) as u32;
    let to = code[new_end..].find('\n').map_or(code.len(), |i| new_end + i) as u32;
    let old_to = to - edit.new_end + edit.old_end;
    let crosses = |&(s, e, _): &Token| (s < from && e > from) || (s < old_to && e > old_to);
    if (to - from).max(old_to - from) as usize > QUICK_BYTES || tokens.iter().any(crosses) {
        return None;
    }
    let before = tokens.iter().take_while(|t| t.1 <= from).copied();
    let lines = &code[from as usize..to as usize];
    let edited = colour(lines).into_iter().map(|(s, e, t)| (s + from, e + from, t));
    let after = tokens.iter().filter(|t| t.0 >= old_to).map(|&(s, e, t)| (s - edit.old_end + edit.new_end, e - edit.old_end + edit.new_end, t));
    let moved: Vec<Token> = before.chain(edited).chain(after).collect();
    let old_lines = &old[from as usize..old_to as usize];
    // A soft keyword anywhere (as a keyword or a name): an edit may change
    // how the parser reads it (a bracket opened or closed before it).
    let soft_keyword = |t: &Token| matches!(old.get(t.0 as usize..t.1 as usize), Some("match" | "case" | "type"));
    let exact = local_lines(old_lines)
        && local_lines(lines)
        && bracket_balance(old_lines) == bracket_balance(lines)
        // A decorator's `@` colours the name after it, on the next line too.
        && ![&code[..from as usize], old_lines, lines].iter().any(|text| text.trim_end().ends_with('@'))
        // Colouring goes on after the edit (it stops where code nests too deep to parse).
        && tokens.last().is_some_and(|t| t.1 >= old_to)
        && !tokens.iter().any(soft_keyword);
    Some((moved, exact))
}

/// Lines whose tokens the lexer reads without carrying anything to the next
/// line but bracket nesting: no triple quote, no backslash (a continued line
/// or string), no soft keyword (whose reading the parser may change; `_` is
/// one only in a `case`, which these lines then hold or the text already had).
fn local_lines(lines: &str) -> bool {
    let soft = lines.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|word| matches!(word, "match" | "case" | "type"));
    !soft && !lines.contains("\"\"\"") && !lines.contains("'''") && !lines.contains('\\')
}

/// Opening minus closing brackets.
fn bracket_balance(text: &str) -> i64 {
    text.bytes()
        .map(|b| match b {
            b'(' | b'[' | b'{' => 1,
            b')' | b']' | b'}' => -1,
            _ => 0,
        })
        .sum()
}

/// One edit between two texts: `old[start..old_end]` became `new[start..new_end]`.
pub struct Edit {
    pub start: u32,
    pub old_end: u32,
    pub new_end: u32,
}

impl Edit {
    pub fn between(old: &str, new: &str) -> Edit {
        let prefix = old.bytes().zip(new.bytes()).take_while(|(o, n)| o == n).count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(o, n)| o == n).count();
        Edit { start: prefix as u32, old_end: (old.len() - suffix) as u32, new_end: (new.len() - suffix) as u32 }
    }

    /// A span of the old text in the new one; a span around the edit grows or shrinks with it.
    pub fn map(&self, span: Span) -> Span {
        let map = |x: u32, end: bool| {
            if x >= self.old_end && (x > self.start || !end) {
                x - self.old_end + self.new_end
            } else if x <= self.start {
                x
            } else if end {
                self.new_end
            } else {
                self.start
            }
        };
        Span::new(map(span.start, false), map(span.end, true))
    }
}

fn tok(class: TokenClass, text: &str) -> Tok {
    match class {
        // Keywords the lexer reports as operators (`def`, `return`, `import`...).
        TokenClass::Operator if !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => Tok::Keyword,
        TokenClass::Keyword => Tok::Keyword,
        TokenClass::Name => Tok::Name,
        TokenClass::String => Tok::String,
        TokenClass::Number => Tok::Number,
        TokenClass::Comment => Tok::Comment,
        TokenClass::Operator => Tok::Operator,
        TokenClass::Decorator => Tok::Decorator,
    }
}

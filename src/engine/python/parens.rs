//! Where an expression's own grouping parentheses are, read from the source
//! text (the parser's ranges leave them out; Semgrep reports them): a `(`
//! before and a `)` after with only blanks and comments between, that does
//! not open a call, a definition's parameters or a class's bases.
//!
//! A leaf: bytes in, byte offsets out; no parser types, no tree.

use super::super::limits::{MAX_COMMENTS_SKIPPED, MAX_GROUPING_PARENS};

fn blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Where a `#` comment starts on the line holding `at`, if it does (quotes
/// are followed well enough for this: a `#` inside a string is not one).
fn comment_start(src: &[u8], at: usize) -> Option<usize> {
    let line_start = src[..at].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut quote: Option<u8> = None;
    for (i, &b) in src[line_start..=at].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' => return Some(line_start + i),
            None => {}
        }
    }
    None
}

/// The last character before `pos` that is code: not blank, not in a comment.
fn prev_code_char(src: &[u8], mut pos: usize) -> Option<usize> {
    for _ in 0..MAX_COMMENTS_SKIPPED {
        let at = src.get(..pos)?.iter().rposition(|b| !blank(*b))?;
        // A comment can only end a line before the one `pos` is on (so a long
        // line is never scanned again for each of its expressions).
        if !src[at..pos].contains(&b'\n') {
            return Some(at);
        }
        match comment_start(src, at) {
            Some(hash) => pos = hash,
            None => return Some(at),
        }
    }
    None
}

/// The first character from `pos` on that is code: not blank, not in a comment.
fn next_code_char(src: &[u8], mut pos: usize) -> Option<usize> {
    for _ in 0..MAX_COMMENTS_SKIPPED {
        let at = pos + src.get(pos..)?.iter().position(|b| !blank(*b))?;
        if src[at] != b'#' {
            return Some(at);
        }
        pos = at + src[at..].iter().position(|b| *b == b'\n')?;
    }
    None
}

/// Words after which `(` opens a grouping, not a call.
const KEYWORDS: &[&[u8]] = &[
    b"and", b"as", b"assert", b"await", b"del", b"elif", b"else", b"for", b"from", b"if", b"in", b"is", b"lambda",
    b"not", b"or", b"raise", b"return", b"while", b"with", b"yield", b"except", b"import",
];

/// The range of the grouping parentheses around `start..end`, outermost, if
/// any: `(` before and `)` after with only spaces (and line breaks) between,
/// where the `(` does not open a call, a definition's parameters or a class's bases.
pub(super) fn grouping_parens(src: &[u8], start: u32, end: u32) -> Option<(u32, u32)> {
    let (mut s, mut e) = (start as usize, end as usize);
    let mut found = None;
    // Nested parentheses are few; the cap keeps odd input cheap.
    for _ in 0..MAX_GROUPING_PARENS {
        let (before, after) = (prev_code_char(src, s), next_code_char(src, e));
        let (Some(before), Some(after)) = (before, after) else { break };
        if src[before] != b'(' || src[after] != b')' {
            break;
        }
        // What precedes the `(`: a name, a closing bracket or a string makes it a call.
        let prev = prev_code_char(src, before);
        let opens_call = prev.is_some_and(|p| {
            let c = src[p];
            if c.is_ascii_alphanumeric() || c == b'_' {
                let word_start = src[..=p].iter().rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_')).map_or(0, |i| i + 1);
                let word = &src[word_start..=p];
                let attribute = word_start > 0 && src[word_start - 1] == b'.';
                attribute || !KEYWORDS.contains(&word)
            } else {
                matches!(c, b')' | b']' | b'}' | b'"' | b'\'' | b'\\')
            }
        });
        if opens_call {
            break;
        }
        s = before;
        e = after + 1;
        found = Some((s as u32, e as u32));
    }
    found
}

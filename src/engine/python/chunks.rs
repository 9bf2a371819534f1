//! Cutting a Python file into top-level chunks that parse on their own.
//!
//! A chunk starts at a line with no indentation that begins a new statement:
//! not a blank or comment line, not inside brackets, a string or a backslash
//! continuation, not `else`/`elif`/`except`/`finally` (which continue the
//! statement before), and not a `def`/`class` after its decorators. The chunks
//! cover the whole text, in order.

use crate::engine::limits::{MAX_NESTING, MAX_OPERATORS};
use crate::engine::tree::Node;
use std::ops::Range;

const CONTINUATIONS: &[&str] = &["else", "elif", "except", "finally"];

/// The offset where brackets nest deeper than [`MAX_NESTING`], blocks nest
/// deeper than [`MAX_NESTING`] indentation levels (CPython's own limit), or a
/// statement holds more than [`MAX_OPERATORS`] operators, if anywhere.
pub fn too_deep(src: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    // Indentation widths of the enclosing blocks, as CPython's tokenizer keeps them.
    let mut indents: Vec<usize> = Vec::new();
    // Binary operators in one logical line: `a + a + ... + a` nests as deep as it is long.
    let mut operators = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            let indent = bytes[i..].iter().take_while(|c| **c == b' ' || **c == b'\t').count();
            let first = bytes.get(i + indent).copied().unwrap_or(b'\n');
            if depth == 0 && quote.is_none() && !matches!(first, b'\n' | b'\r' | b'#') {
                while indents.last().is_some_and(|&top| top > indent) {
                    indents.pop();
                }
                if indents.last().map_or(indent > 0, |&top| indent > top) {
                    indents.push(indent);
                    if indents.len() > MAX_NESTING {
                        return Some(i);
                    }
                }
            }
            line_start = false;
        }
        // Most bytes are none of the ones below: skip them in bulk.
        if PLAIN[b as usize] && quote.is_none() {
            i += 1;
            while i < bytes.len() && PLAIN[bytes[i] as usize] {
                i += 1;
            }
            continue;
        }
        if let Some(q) = quote {
            if b != q && b != b'\\' && b != b'\n' {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'\\' | b'\n') && bytes[i] != q {
                    i += 1;
                }
                continue;
            }
        }
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(i);
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'@' | b'<' | b'>' | b'.' => {
                    operators += 1;
                    if operators > MAX_OPERATORS {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
        if b == b'\n' {
            if depth == 0 {
                operators = 0;
            }
            line_start = true;
            // Strings do not span lines unless triple-quoted; be lenient either way.
            if quote.is_some() && !src[..i].ends_with("\"\"\"") {
                quote = None;
            }
        }
        i += 1;
    }
    None
}

/// Bytes that [`too_deep`] passes over outside strings: not a quote, `#`, a
/// bracket, an operator, a backslash or a line end.
static PLAIN: [bool; 256] = {
    let mut plain = [true; 256];
    let special = b"\"'#()[]{}+-*/%&|^@<>.\\\n";
    let mut i = 0;
    while i < special.len() {
        plain[special[i] as usize] = false;
        i += 1;
    }
    plain
};

/// A line at column 0 that starts a `def`, `class`, decorator or import.
fn starts_definition(line: &str) -> bool {
    ["def ", "class ", "async def ", "@", "import ", "from "].iter().any(|k| line.starts_with(k))
}

pub fn split(src: &str) -> Vec<Range<usize>> {
    let bytes = src.as_bytes();
    let mut chunks = Vec::new();
    let mut chunk_start = 0;
    let mut depth: i32 = 0;
    let mut in_string: Option<(u8, bool)> = None; // (quote, triple)
    let mut continued = false;
    let mut only_decorators = false;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = src[line_start..].find('\n').map_or(bytes.len(), |p| line_start + p + 1);
        let line = &src[line_start..line_end];
        if depth > 0 && in_string.is_none() && starts_definition(line) {
            // An unclosed bracket before a new top-level definition is a syntax
            // error in the chunk above; do not let it swallow the rest of the file.
            depth = 0;
        }
        let at_statement_start = depth == 0 && in_string.is_none() && !continued;
        let first = line.bytes().next().unwrap_or(b'\n');
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if at_statement_start && !blank && !first.is_ascii_whitespace() && line_start > chunk_start {
            let word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let continues = CONTINUATIONS.contains(&word.as_str()) || only_decorators;
            if !continues {
                chunks.push(chunk_start..line_start);
                chunk_start = line_start;
            }
        }
        if at_statement_start && !blank && !first.is_ascii_whitespace() {
            only_decorators = first == b'@';
        }
        // Scan the line for brackets, strings and comments.
        continued = false;
        let lb = line.as_bytes();
        let mut i = 0;
        while i < lb.len() {
            let b = lb[i];
            if let Some((quote, triple)) = in_string {
                if b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == quote {
                    if !triple {
                        in_string = None;
                    } else if lb.get(i + 1) == Some(&quote) && lb.get(i + 2) == Some(&quote) {
                        in_string = None;
                        i += 3;
                        continue;
                    }
                }
                if b == b'\n' && !triple {
                    in_string = None;
                }
                i += 1;
                continue;
            }
            match b {
                b'#' => break,
                b'"' | b'\'' => {
                    let triple = lb.get(i + 1) == Some(&b) && lb.get(i + 2) == Some(&b);
                    in_string = Some((b, triple));
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = (depth - 1).max(0),
                b'\\' if lb.get(i + 1) == Some(&b'\n') || (lb.get(i + 1) == Some(&b'\r')) => continued = true,
                _ => {}
            }
            i += 1;
        }
        line_start = line_end;
    }
    if chunk_start < bytes.len() || chunks.is_empty() {
        chunks.push(chunk_start..bytes.len());
    }
    chunks
}

/// Cuts at every non-blank line that starts at column 0, whatever the
/// brackets say (used only to recover from a syntax error).
pub fn split_at_column_zero(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    for line in src.split_inclusive('\n') {
        let first = line.bytes().next().unwrap_or(b' ');
        let continues = CONTINUATIONS.iter().any(|k| line.starts_with(k));
        if line_start > start && !first.is_ascii_whitespace() && first != b'#' && first != b')' && !continues {
            out.push(start..line_start);
            start = line_start;
        }
        line_start += line.len();
    }
    out.push(start..src.len());
    out
}

#[cfg(test)]
mod tests {
    use super::split;

    fn check(src: &str, expected_first_lines: &[&str]) {
        let firsts: Vec<&str> = split(src).iter().map(|r| src[r.clone()].lines().next().unwrap_or("")).collect();
        assert_eq!(firsts, expected_first_lines, "chunks of {src:?}");
    }

    #[test]
    fn cuts_at_top_level_statements() {
        check("import os\nx = 1\n", &["import os", "x = 1"]);
        check("def f():\n    pass\n\nclass A:\n    x = 1\n", &["def f():", "class A:"]);
        check("@app.route('/')\n@login\ndef f():\n    pass\nf()\n", &["@app.route('/')", "f()"]);
        check("if a:\n    x\nelif b:\n    y\nelse:\n    z\nq\n", &["if a:", "q"]);
        check("try:\n  x\nexcept E:\n  y\nfinally:\n  z\n", &["try:"]);
    }

    #[test]
    fn keeps_brackets_strings_and_continuations_together() {
        check("x = [\n1,\n]\ny = 2\n", &["x = [", "y = 2"]);
        check("s = '''\nnot code\n'''\nt = 1\n", &["s = '''", "t = 1"]);
        check("x = 1 + \\\n2\ny = 3\n", &["x = 1 + \\", "y = 3"]);
        check("s = 'a # (' \nz = 1\n", &["s = 'a # (' ", "z = 1"]);
    }
}

/// A text whose code lines all share one indentation, with it taken off.
pub struct Dedent {
    pub text: String,
    /// For each line of `text`: where it starts there, and how many bytes
    /// were taken off it and every line before it.
    lines: Vec<(u32, u32)>,
}

impl Dedent {
    /// `Some` when the first code line is indented and every code line starts
    /// with that same indentation (blank and comment lines may have less).
    pub fn of(text: &str) -> Option<Dedent> {
        let is_code = |line: &str| {
            let t = line.trim_start();
            !t.is_empty() && !t.starts_with('#')
        };
        let first = text.split_inclusive('\n').find(|l| is_code(l))?;
        let indent = &first[..first.len() - first.trim_start_matches([' ', '\t']).len()];
        if indent.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut lines = Vec::new();
        let mut removed = 0u32;
        for line in text.split_inclusive('\n') {
            let cut = if let Some(rest) = line.strip_prefix(indent) {
                line.len() - rest.len()
            } else if is_code(line) {
                return None;
            } else {
                // A blank or comment line: as much of the indentation as it has.
                (line.len() - line.trim_start_matches([' ', '\t']).len()).min(indent.len())
            };
            removed += cut as u32;
            lines.push((out.len() as u32, removed));
            out.push_str(&line[cut..]);
        }
        Some(Dedent { text: out, lines })
    }

    /// The offset in the original text of an offset in the dedented one.
    pub fn original(&self, offset: u32) -> u32 {
        let i = self.lines.partition_point(|&(start, _)| start <= offset);
        offset + i.checked_sub(1).map_or(0, |i| self.lines[i].1)
    }

    /// Moves a node (and its children) from the dedented text to the original.
    pub fn restore(&self, node: &mut Node) {
        node.start = self.original(node.start);
        node.end = self.original(node.end);
        for child in &mut node.children {
            self.restore(child);
        }
    }
}

//! Semgrep's `generic` language, for `metavariable-pattern` with
//! `language: generic`: the pattern and the text are both read as tokens
//! (words, and every other non-space character on its own), `...` stands for
//! any run of tokens, `$X` for one word (the same word wherever `$X` appears),
//! `$...X` for any run of tokens as `...` reads them (bound to the text they
//! cover, the same tokens wherever `$...X` appears), and everything else for itself; spacing does not matter. As in Semgrep
//! (spacegrep), one `...` reaches at most [`ELLIPSIS_LINES`] lines past the
//! token before it, skips bracketed groups whole without leaving its own,
//! and stays in the indented block the match starts in.
//! (`<$TAG ...` finds `<div class="x">`; `$SCHEME://%s` finds `http://%s/a`.)

use super::metavar::is_metavar_name;
use super::limits::GENERIC_STEPS;
use super::source::Span;

/// How many lines past the token before it one `...` may reach (Semgrep's
/// spacegrep: the token after the `...` is at most this many lines further).
pub const ELLIPSIS_LINES: u32 = 10;

#[derive(Clone, Debug, PartialEq)]
enum Item {
    Ellipsis,
    MetaVar(String),
    /// `$...X`: an ellipsis that binds the run it covers (the name is `...X`).
    EllipsisVar(String),
    Token(String),
}

/// A compiled generic pattern.
#[derive(Clone, Debug)]
pub struct GenericPattern {
    items: Vec<Item>,
}

/// A token of the text: its text and where it is.
struct Token<'s> {
    text: &'s str,
    span: Span,
    /// Its line (0-based).
    line: u32,
    /// The indentation of its line (columns before the line's first token).
    indent: u32,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut line = 0;
    let (mut column, mut indent, mut line_started) = (0u32, 0u32, false);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            if c == '\n' {
                (line, column, line_started) = (line + 1, 0, false);
            } else {
                column += 1;
            }
            continue;
        }
        if !line_started {
            (indent, line_started) = (column, true);
        }
        let mut end = start + c.len_utf8();
        if is_word(c) {
            while let Some(&(i, c)) = chars.peek() {
                if !is_word(c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
        }
        column += text[start..end].chars().count() as u32;
        out.push(Token { text: &text[start..end], span: Span::new(start as u32, end as u32), line, indent });
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl GenericPattern {
    pub fn new(text: &str) -> Result<GenericPattern, String> {
        let mut items = Vec::new();
        let toks = tokens(text);
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i].text;
            let next = |k: usize| toks.get(i + k).map(|t| t.text);
            if t == "." && next(1) == Some(".") && next(2) == Some(".") {
                if items.last() != Some(&Item::Ellipsis) {
                    items.push(Item::Ellipsis);
                }
                i += 3;
            } else if t == "$" && (1..=4).all(|k| toks.get(i + k).is_some_and(|next| next.span.start == toks[i + k - 1].span.end))
                && next(1) == Some(".") && next(2) == Some(".") && next(3) == Some(".")
                && is_metavar_name(&text[toks[i].span.start as usize..toks[i + 4].span.end as usize])
            {
                items.push(Item::EllipsisVar(format!("...{}", toks[i + 4].text)));
                i += 5;
            } else if t == "$"
                && toks.get(i + 1).is_some_and(|w| w.span.start == toks[i].span.end && is_metavar_name(&text[toks[i].span.start as usize..w.span.end as usize]))
            {
                items.push(Item::MetaVar(toks[i + 1].text.to_string()));
                i += 2;
            } else {
                items.push(Item::Token(t.to_string()));
                i += 1;
            }
        }
        if items.iter().all(|i| *i == Item::Ellipsis) {
            return Err("a generic pattern needs something besides `...`".into());
        }
        Ok(GenericPattern { items })
    }

    /// The spans of `text` the pattern matches, from each token where a match
    /// starts (the shortest match from there); stops early on a very long search.
    pub fn find_all(&self, text: &str) -> Vec<Span> {
        self.matches(text).into_iter().map(|(span, _)| span).collect()
    }

    /// [`GenericPattern::find_all`] with what each metavariable bound: its
    /// name (`$X`, `$...X`) and the span of its word (of its run of tokens).
    pub fn matches(&self, text: &str) -> Vec<(Span, Vec<(String, Span)>)> {
        let toks = tokens(text);
        let mut steps = 0u32;
        let mut out = Vec::new();
        // A leading `...` adds nothing: the search tries every start anyway.
        let items: &[Item] = match self.items.first() {
            Some(Item::Ellipsis) => &self.items[1..],
            _ => &self.items,
        };
        for start in 0..toks.len() {
            let mut bound: Vec<(&str, Run)> = Vec::new();
            if let Some(end) = match_from(items, &toks, start, start, &mut bound, &mut steps) {
                let last = if end > start { end - 1 } else { start };
                let bindings = bound.iter().map(|(name, run)| (format!("${name}"), run_span(&toks, run, name.starts_with("...") && run.start > start, text.len()))).collect();
                out.push((Span::new(toks[start].span.start, toks[last].span.end), bindings));
            }
            if steps > GENERIC_STEPS {
                break;
            }
        }
        out
    }
}

/// The tokens a metavariable bound: indices `start..end` (empty for an
/// `$...X` that covers nothing).
type Run = std::ops::Range<usize>;

/// Where a run of tokens sits in the text (an empty run: where its next token
/// starts). An `$...X` after the match's first token (`spaced`) starts where
/// the token before it ends, spacing included, as spacegrep binds it (checked
/// with Semgrep 1.187: `={{$...X}}` on `={{ a }}` binds ` a`, and a fix
/// `"{{$...X}}"` writes `"{{ a}}"`); a `$X` covers its word alone.
fn run_span(toks: &[Token<'_>], run: &Run, spaced: bool, text_len: usize) -> Span {
    if run.is_empty() {
        let at = toks.get(run.start).map_or(text_len as u32, |tok| tok.span.start);
        return Span::new(at, at);
    }
    let start = if spaced { toks[run.start - 1].span.end } else { toks[run.start].span.start };
    Span::new(start, toks[run.end - 1].span.end)
}

/// Whether two runs hold the same tokens.
fn same_tokens(toks: &[Token<'_>], one: &Run, other: &Run) -> bool {
    one.len() == other.len() && toks[one.clone()].iter().zip(&toks[other.clone()]).all(|(a, b)| a.text == b.text)
}

/// Binds `name` to `run` (or checks it against the run it already has), then
/// matches `rest` from `next`; the binding is undone when that fails.
fn bind_then<'p>(
    name: &'p str,
    run: Run,
    rest: &'p [Item],
    (toks, next, first_at): (&[Token<'_>], usize, usize),
    bound: &mut Vec<(&'p str, Run)>,
    steps: &mut u32,
) -> Option<usize> {
    match bound.iter().find(|(n, _)| *n == name) {
        Some((_, value)) if !same_tokens(toks, value, &run) => None,
        Some(_) => match_from(rest, toks, next, first_at, bound, steps),
        None => {
            bound.push((name, run));
            let found = match_from(rest, toks, next, first_at, bound, steps);
            if found.is_none() {
                bound.pop();
            }
            found
        }
    }
}

/// Matches `items` against the tokens from `at` on; the index after the last
/// token used, for the first (shortest) way found; `bound` gets each
/// metavariable's tokens.
fn match_from<'p>(items: &'p [Item], toks: &[Token<'_>], at: usize, first_at: usize, bound: &mut Vec<(&'p str, Run)>, steps: &mut u32) -> Option<usize> {
    *steps += 1;
    if *steps > GENERIC_STEPS {
        return None;
    }
    let Some((first, rest)) = items.split_first() else { return Some(at) };
    match first {
        Item::Ellipsis | Item::EllipsisVar(_) => {
            let binds = match first {
                Item::EllipsisVar(name) => Some(name.as_str()),
                _ => None,
            };
            if rest.is_empty() {
                return match binds {
                    Some(name) => bind_then(name, at..at, rest, (toks, at, first_at), bound, steps),
                    None => Some(at),
                };
            }
            let before = at.checked_sub(1).map(|before| &toks[before]);
            let reach = before.map_or(u32::MAX, |before| before.line.saturating_add(ELLIPSIS_LINES));
            // Nor does it leave the indented block the match starts in: a
            // line indented less than the match's first ends its reach.
            let indent = toks.get(first_at).map_or(0, |first| first.indent);
            // As spacegrep reads brackets: the `...` skips whole bracketed
            // groups, and what follows it is at the same level, inside the
            // group the `...` is in.
            let mut depth = 0usize;
            for skip in at..=toks.len() {
                let tok = toks.get(skip);
                if tok.is_some_and(|tok| tok.line > reach || tok.indent < indent) {
                    return None;
                }
                if depth == 0 {
                    let found = match binds {
                        Some(name) => bind_then(name, at..skip, rest, (toks, skip, first_at), bound, steps),
                        None => match_from(rest, toks, skip, first_at, bound, steps),
                    };
                    if found.is_some() {
                        return found;
                    }
                }
                match tok.map(|tok| tok.text) {
                    Some("(" | "[" | "{") => depth += 1,
                    Some(")" | "]" | "}") if depth == 0 => return None,
                    Some(")" | "]" | "}") => depth -= 1,
                    None => return None,
                    _ => {}
                }
            }
            None
        }
        Item::MetaVar(name) => {
            let tok = toks.get(at)?;
            if !tok.text.starts_with(is_word) {
                return None;
            }
            bind_then(name, at..at + 1, rest, (toks, at + 1, first_at), bound, steps)
        }
        Item::Token(text) => match toks.get(at) {
            Some(tok) if tok.text == text => match_from(rest, toks, at + 1, first_at, bound, steps),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::GenericPattern;

    /// The texts (of `text`) a pattern matches.
    fn hits(pattern: &str, text: &str) -> Vec<String> {
        let p = GenericPattern::new(pattern).expect("a pattern");
        p.find_all(text).into_iter().map(|s| text[s.start as usize..s.end as usize].to_string()).collect()
    }

    #[test]
    fn words_punctuation_and_spacing() {
        assert_eq!(hits("<$TAG ...", "<p>Hello</p> <div class='x'>"), vec!["<p", "<div"]);
        assert_eq!(hits("$SCHEME://%s", "see https://%s/path"), vec!["https://%s"]);
        assert_eq!(hits("$SCHEME://%s", "https://%r"), Vec::<String>::new());
        assert_eq!(hits("a ( b )", "a(b) a (c)"), vec!["a(b)"]);
    }

    #[test]
    fn ellipsis_and_repeated_metavariables() {
        assert_eq!(hits("$S:// { ... }", "http://{host}/x"), vec!["http://{host}"]);
        assert_eq!(hits("$X = $X", "a = a; b = c"), vec!["a = a"]);
        assert_eq!(hits("begin ... end", "begin x y end z"), vec!["begin x y end"]);
        assert!(GenericPattern::new("...").is_err());
    }

    #[test]
    fn an_ellipsis_reaches_ten_lines_past_the_token_before_it() {
        let text = |gap: usize| format!("begin\n{}end", "x\n".repeat(gap));
        assert_eq!(hits("begin ... end", &text(9)).len(), 1);
        assert_eq!(hits("begin ... end", &text(10)), Vec::<String>::new());
        // Each `...` counts from the token before it.
        assert_eq!(hits("begin ... mid ... end", &format!("begin\n{}mid\n{}end", "x\n".repeat(8), "x\n".repeat(8))).len(), 1);
    }

    #[test]
    fn an_ellipsis_stays_in_its_bracketed_group() {
        assert_eq!(hits("{% a ... %}", "{% a x %} {% y %}"), vec!["{% a x %}"]);
        assert_eq!(hits("{% a ... b %}", "{% a x %} {% b %}"), Vec::<String>::new());
        assert_eq!(hits("f ( ... )", "f(a, (b), [c])"), vec!["f(a, (b), [c])"]);
        assert_eq!(hits("start ... end", "start (x) [y] end"), vec!["start (x) [y] end"]);
    }

    #[test]
    fn an_ellipsis_stays_in_its_indented_block() {
        assert_eq!(hits("a ... end", "  a\n    x\n  end").len(), 1);
        assert_eq!(hits("a ... end", "  a\nx\n  end"), Vec::<String>::new());
        // It may come back from a deeper block to the match's own level.
        assert_eq!(hits("a ... b ... end", "  a\n    b\n  end").len(), 1);
    }

    #[test]
    fn metavariables_bind_their_words() {
        let p = GenericPattern::new("method = \"$M\"").unwrap();
        let text = "<form method=\"post\">";
        let found = p.matches(text);
        assert_eq!(found.len(), 1);
        let (name, span) = &found[0].1[0];
        assert_eq!((name.as_str(), &text[span.start as usize..span.end as usize]), ("$M", "post"));
    }

    #[test]
    fn ellipsis_metavariables_bind_their_runs() {
        let p = GenericPattern::new("={{$...VAR}}").unwrap();
        let text = "<input value={{ a + f('a') }}/>";
        let found = p.matches(text);
        assert_eq!(found.len(), 1);
        let (name, span) = &found[0].1[0];
        assert_eq!((name.as_str(), &text[span.start as usize..span.end as usize]), ("$...VAR", " a + f('a')"));
        // The same run wherever it appears again.
        assert_eq!(hits("($...A) = ($...A)", "(x + 1) = (x + 1); (x) = (y)"), ["(x + 1) = (x + 1)"]);
    }

    #[test]
    fn many_ellipses_stay_bounded() {
        let pattern = std::iter::repeat("a ...").take(30).collect::<Vec<_>>().join(" ") + " z";
        let text = "a ".repeat(3000);
        assert!(hits(&pattern, &text).is_empty());
    }
}

//! Text + byte ranges -> per-line segments the editors paint.
//!
//! Pure functions over strings and spans: no DOM, no engine state. Every line
//! becomes an `Rc<LineView>` so unchanged lines compare equal and Yew skips them.

use std::rc::Rc;

/// A colour class; maps 1:1 to a CSS class `t-*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Keyword,
    Name,
    String,
    Number,
    Comment,
    Operator,
    Decorator,
    /// YAML mapping key.
    Key,
    /// `$X`, `$...ARGS` in a YAML value.
    Metavar,
    /// YAML punctuation: `-`, `|`, `>-`, `:`.
    Punct,
}

impl Tok {
    pub fn class(self) -> &'static str {
        match self {
            Tok::Keyword => "t-kw",
            Tok::Name => "t-name",
            Tok::String => "t-str",
            Tok::Number => "t-num",
            Tok::Comment => "t-com",
            Tok::Operator => "t-op",
            Tok::Decorator => "t-deco",
            Tok::Key => "t-key",
            Tok::Metavar => "t-meta",
            Tok::Punct => "t-punct",
        }
    }
}

/// How one run of text is painted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub tok: Option<Tok>,
    /// Inside a finding.
    pub hit: bool,
    /// Inside an error span (wavy underline).
    pub error: bool,
    /// Part of the data-flow path shown for a taint finding.
    pub path: Option<PathRole>,
}

/// A step's place in a taint finding's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathRole {
    Source,
    /// An assignment or call the data flows through.
    Step,
    Sink,
    /// A range an explain panel points at (a formula node's matches, a reason's code).
    Focus,
}

impl PathRole {
    pub fn name(self) -> &'static str {
        match self {
            PathRole::Source => "source",
            PathRole::Step => "through",
            PathRole::Sink => "sink",
            PathRole::Focus => "explained",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            PathRole::Source => "source",
            PathRole::Step => "step",
            PathRole::Sink => "sink",
            PathRole::Focus => "focus",
        }
    }
}

impl Style {
    pub fn is_plain(&self) -> bool {
        self.tok.is_none() && !self.hit && !self.error && self.path.is_none()
    }

    pub fn class(&self) -> String {
        let mut class = String::new();
        if let Some(tok) = self.tok {
            class.push_str(tok.class());
        }
        if self.hit {
            class.push_str(" hit");
        }
        if self.error {
            class.push_str(" err");
        }
        if let Some(role) = self.path {
            class.push_str(" tr tr-");
            class.push_str(role.class());
        }
        class
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub style: Style,
}

/// What the gutter shows for one line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Findings that start on this line.
    pub hits: u32,
    /// Hover text for the hit marker.
    pub hit_title: String,
    /// `Some(holds)` when a test annotation applies to this line.
    pub annotation: Option<bool>,
    pub annotation_title: String,
    /// An error (syntax or YAML) on this line.
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineView {
    pub segs: Vec<Seg>,
    pub mark: Mark,
}

/// A text's painted lines, cut on demand: the editor asks only for the lines
/// on screen, so a 100,000-line file costs what its visible lines cost.
pub type Lines = Rc<Painter>;

/// Bytes of one line that get syntax colours (hits and errors are painted on all of it).
pub const LONG_LINE: u32 = 10_000;

/// What paints a text: its colour tokens, hits, errors, gutter marks and a
/// data-flow path, each kept once for the whole text.
#[derive(Clone, Debug, Default)]
pub struct Painter {
    text: Rc<str>,
    /// Byte offset where each line starts.
    starts: Rc<Vec<u32>>,
    /// Sorted, non-overlapping.
    tokens: Rc<Vec<(u32, u32, Tok)>>,
    /// Sorted by start; `reach[i]` is the largest end among `hits[..=i]`.
    hits: Rc<Vec<(u32, u32)>>,
    reach: Rc<Vec<u32>>,
    errors: Rc<Vec<(u32, u32)>>,
    /// Gutter marks of the lines that have one (0-based line numbers).
    marks: Rc<std::collections::HashMap<usize, Mark>>,
    /// A data-flow path's steps: absolute byte ranges.
    path: Rc<Vec<(u32, u32, PathRole)>>,
}

/// Painters compare by identity: a new paint is a new `Rc`; the lines they
/// hand out compare by value, so unchanged lines are still skipped.
impl PartialEq for Painter {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Painter {
    /// `tokens` must be sorted and non-overlapping; `hits` and `errors` may
    /// overlap and span lines (see [`decorate`]).
    pub fn new(text: Rc<str>, tokens: Rc<Vec<(u32, u32, Tok)>>, hits: &[(u32, u32)], errors: &[(u32, u32)]) -> Painter {
        let mut starts = vec![0u32];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
        let mut hits: Vec<(u32, u32)> = hits.iter().copied().filter(|(s, e)| s < e).collect();
        hits.sort_unstable();
        let reach = hits
            .iter()
            .scan(0u32, |far, &(_, e)| {
                *far = (*far).max(e);
                Some(*far)
            })
            .collect();
        Painter {
            text,
            starts: Rc::new(starts),
            tokens,
            hits: Rc::new(hits),
            reach: Rc::new(reach),
            errors: Rc::new(errors.to_vec()),
            ..Painter::default()
        }
    }

    /// The same paint with gutter marks (0-based line -> mark).
    pub fn with_marks(mut self, marks: std::collections::HashMap<usize, Mark>) -> Painter {
        self.marks = Rc::new(marks);
        self
    }

    /// The same paint with a data-flow path drawn over it.
    pub fn with_path(&self, steps: Vec<(u32, u32, PathRole)>) -> Painter {
        Painter { path: Rc::new(steps), ..self.clone() }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Nothing painted yet (a painted empty text still has one line).
    #[allow(dead_code)] // `len` wants its `is_empty`
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Line `i` (0-based) cut into styled segments, with its gutter mark.
    pub fn line(&self, i: usize) -> Rc<LineView> {
        let Some(&start) = self.starts.get(i) else { return Rc::default() };
        let len = self.text.len() as u32;
        // The line with its newline, so an error on the newline shows at the line's end.
        let end = self.starts.get(i + 1).copied().unwrap_or(len);
        let last = i + 1 == self.starts.len();
        let newline = if last { end } else { end - 1 };
        let Some(piece) = self.text.get(start as usize..end as usize) else { return Rc::default() };
        let local = |x: u32| x.clamp(start, end) - start;

        // A very long line keeps its colours for its first LONG_LINE bytes only:
        // past that, a colour per token is more DOM than a browser lays out quickly.
        let coloured = end.min(start.saturating_add(LONG_LINE));
        let first_token = self.tokens.partition_point(|t| t.1 <= start);
        let tokens: Vec<(u32, u32, Tok)> = self.tokens[first_token..]
            .iter()
            .take_while(|t| t.0 < coloured)
            .map(|&(s, e, tok)| (local(s), local(e), tok))
            .collect();
        // Hits starting before the line's end that reach into it.
        let mut hits = Vec::new();
        let mut k = self.hits.partition_point(|h| h.0 < end);
        while k > 0 && self.reach[k - 1] > start {
            k -= 1;
            let (s, e) = self.hits[k];
            if e > start {
                hits.push((local(s), local(e)));
            }
        }
        let errors: Vec<(u32, u32)> = self
            .errors
            .iter()
            .map(|&(s, e)| (s.min(len), e.min(len)))
            .filter(|&(s, e)| s <= newline && (s >= start || e > start))
            .map(|(s, e)| (local(s), local(e.max(s))))
            .collect();
        let mut lines = decorate(piece, &tokens, &hits, &errors);
        let mut view = if lines.is_empty() { LineView::default() } else { lines.swap_remove(0) };
        if let Some(mark) = self.marks.get(&i) {
            view.mark = mark.clone();
        }
        let steps: Vec<(u32, u32, PathRole)> = self
            .path
            .iter()
            .filter(|&&(s, e, _)| e.max(s + 1) > start && s <= newline)
            .map(|&(s, e, role)| (s.saturating_sub(start), e.saturating_sub(start), role))
            .collect();
        if !steps.is_empty() {
            view = overlay(&view, &steps);
        }
        Rc::new(view)
    }
}

/// Cuts `text` into lines of styled segments.
///
/// `tokens` must be sorted and non-overlapping; `hits` and `errors` may overlap
/// and span lines. An empty error span is widened to one character (or marks
/// the end of its line) so it stays visible.
pub fn decorate(text: &str, tokens: &[(u32, u32, Tok)], hits: &[(u32, u32)], errors: &[(u32, u32)]) -> Vec<LineView> {
    let len = text.len() as u32;
    let clamp = |x: u32| x.min(len);
    let mut events: Vec<(u32, i32, i32)> = Vec::with_capacity(hits.len() * 2 + errors.len() * 2);
    for &(s, e) in hits {
        let (s, e) = (clamp(s), clamp(e));
        if s < e {
            events.push((s, 1, 0));
            events.push((e, -1, 0));
        }
    }
    for &(s, e) in errors {
        let s = clamp(s);
        let mut e = clamp(e).max(s);
        if e == s {
            // Widen to one character; a newline shows as a marked space at the line's end.
            e = next_boundary(text, s);
        }
        if s < e {
            events.push((s, 0, 1));
            events.push((e, 0, -1));
        }
    }
    events.sort_unstable_by_key(|&(at, ..)| at);

    let mut cuts: Vec<u32> = Vec::with_capacity(tokens.len() * 2 + events.len());
    for &(s, e, _) in tokens {
        cuts.push(clamp(s));
        cuts.push(clamp(e));
    }
    cuts.extend(events.iter().map(|&(at, ..)| at));
    cuts.extend(text.match_indices('\n').flat_map(|(i, _)| [i as u32, i as u32 + 1]));
    cuts.push(0);
    cuts.push(len);
    cuts.sort_unstable();
    cuts.dedup();

    let mut lines = vec![LineView::default()];
    let (mut tok_i, mut ev_i) = (0usize, 0usize);
    let (mut hit_depth, mut err_depth) = (0i32, 0i32);
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        while ev_i < events.len() && events[ev_i].0 <= start {
            hit_depth += events[ev_i].1;
            err_depth += events[ev_i].2;
            ev_i += 1;
        }
        while tok_i < tokens.len() && tokens[tok_i].1 <= start {
            tok_i += 1;
        }
        let Some(piece) = text.get(start as usize..end as usize) else { continue };
        if piece == "\n" {
            if err_depth > 0 {
                // An error that covers a newline: show it at the end of the line.
                push(lines.last_mut().expect("one line"), " ", Style { error: true, ..Style::default() });
            }
            lines.push(LineView::default());
            continue;
        }
        let tok = tokens.get(tok_i).filter(|t| t.0 <= start && start < t.1).map(|t| t.2);
        let style = Style { tok, hit: hit_depth > 0, error: err_depth > 0, path: None };
        push(lines.last_mut().expect("one line"), piece, style);
    }
    // An error exactly at the end of the text.
    if errors.iter().any(|&(s, _)| clamp(s) == len) {
        push(lines.last_mut().expect("one line"), " ", Style { error: true, ..Style::default() });
    }
    lines
}

/// `line` with `ranges` (byte offsets from the line's start; the first that
/// covers a piece wins) painted as parts of a data-flow path.
pub fn overlay(line: &LineView, ranges: &[(u32, u32, PathRole)]) -> LineView {
    let mut out = LineView { segs: Vec::with_capacity(line.segs.len() + 2 * ranges.len()), mark: line.mark.clone() };
    let mut at = 0u32;
    for seg in &line.segs {
        let len = seg.text.len() as u32;
        let mut cuts: Vec<u32> = vec![0, len];
        for &(s, e, _) in ranges {
            for x in [s, e] {
                if x > at && x < at + len && seg.text.is_char_boundary((x - at) as usize) {
                    cuts.push(x - at);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (s, e) = (pair[0], pair[1]);
            let role = ranges.iter().find(|r| r.0 <= at + s && at + s < r.1).map(|r| r.2);
            push(&mut out, &seg.text[s as usize..e as usize], Style { path: role, ..seg.style });
        }
        at += len;
    }
    out
}

fn push(line: &mut LineView, text: &str, style: Style) {
    let text = text.trim_end_matches('\r');
    if text.is_empty() {
        return;
    }
    match line.segs.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => line.segs.push(Seg { text: text.to_string(), style }),
    }
}

fn next_boundary(text: &str, at: u32) -> u32 {
    let mut end = at as usize + 1;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end.min(text.len()) as u32
}

/// Colours Semgrep YAML line by line: keys, scalars, comments, metavariables.
/// Good enough for a rule file; not a YAML parser.
pub fn yaml_tokens(yaml: &str) -> Vec<(u32, u32, Tok)> {
    let mut out = Vec::new();
    let mut offset = 0u32;
    // Indentation of the key that opened a block scalar (`|`, `>-`), if inside one.
    let mut block: Option<usize> = None;
    for raw in yaml.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start().len();
        let base = offset;
        offset += raw.len() as u32;
        if let Some(key_indent) = block {
            if line.trim().is_empty() || indent > key_indent {
                scalar(line, base, indent, line.len(), &mut out);
                continue;
            }
            block = None;
        }
        let mut at = indent;
        let bytes = line.as_bytes();
        if line[at..].starts_with('#') {
            out.push((base + at as u32, base + line.len() as u32, Tok::Comment));
            continue;
        }
        let mut key_indent = indent;
        while line[at..].starts_with("- ") || &line[at..] == "-" {
            out.push((base + at as u32, base + at as u32 + 1, Tok::Punct));
            at += 1;
            while at < bytes.len() && bytes[at] == b' ' {
                at += 1;
            }
            key_indent = at;
        }
        let rest = &line[at..];
        let value_start = match key_end(rest) {
            Some(colon) => {
                out.push((base + at as u32, base + (at + colon) as u32, Tok::Key));
                out.push((base + (at + colon) as u32, base + (at + colon + 1) as u32, Tok::Punct));
                at + colon + 1
            }
            None => at,
        };
        let (value_end, comment) = split_comment(line, value_start);
        let value = line[value_start..value_end].trim();
        if matches!(value, "|" | "|-" | "|+" | ">" | ">-" | ">+") {
            let v = value_start + line[value_start..].find(value).unwrap_or(0);
            out.push((base + v as u32, base + (v + value.len()) as u32, Tok::Punct));
            block = Some(key_indent);
        } else if !value.is_empty() {
            let v = value_start + (line[value_start..value_end].len() - line[value_start..value_end].trim_start().len());
            let end = v + value.len();
            if value.parse::<f64>().is_ok() {
                out.push((base + v as u32, base + end as u32, Tok::Number));
            } else if matches!(value, "true" | "false" | "null" | "~" | "True" | "False") {
                out.push((base + v as u32, base + end as u32, Tok::Keyword));
            } else if value.starts_with('[') || value.starts_with('{') {
                out.push((base + v as u32, base + end as u32, Tok::Name));
            } else {
                scalar(line, base, v, end, &mut out);
            }
        }
        if let Some(c) = comment {
            out.push((base + c as u32, base + line.len() as u32, Tok::Comment));
        }
    }
    out
}

/// A plain scalar from `from` to `to`, with `$METAVARS` picked out.
fn scalar(line: &str, base: u32, from: usize, to: usize, out: &mut Vec<(u32, u32, Tok)>) {
    let bytes = line.as_bytes();
    let mut at = from;
    let mut run = from;
    while at < to {
        if bytes[at] == b'$' {
            let mut end = at + 1;
            if line[end..to].starts_with("...") {
                end += 3;
            }
            let name_start = end;
            while end < to && (bytes[end].is_ascii_uppercase() || bytes[end].is_ascii_digit() || bytes[end] == b'_') {
                end += 1;
            }
            if end > name_start {
                if run < at {
                    out.push((base + run as u32, base + at as u32, Tok::String));
                }
                out.push((base + at as u32, base + end as u32, Tok::Metavar));
                at = end;
                run = end;
                continue;
            }
        }
        at += 1;
    }
    if run < to {
        out.push((base + run as u32, base + to as u32, Tok::String));
    }
}

/// Byte index of the `:` ending a mapping key at the start of `rest`, if any.
fn key_end(rest: &str) -> Option<usize> {
    if rest.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    let after = rest[colon + 1..].chars().next();
    let key_ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "-_. $".contains(c));
    (key_ok && matches!(after, None | Some(' ') | Some('\t'))).then_some(colon)
}

/// Where the value ends and a trailing ` # comment` starts (outside quotes).
fn split_comment(line: &str, from: usize) -> (usize, Option<usize>) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line[from..].char_indices() {
        let at = from + i;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && (prev == ' ' || at == from) => quote = Some(c),
            None if c == '#' && (prev == ' ' || prev == '\t') => return (at, Some(at)),
            None => {}
        }
        prev = c;
    }
    (line.len(), None)
}

/// UTF-16 code-unit index (the DOM's unit) -> byte offset into `text`.
pub fn utf16_to_byte(text: &str, utf16: u32) -> u32 {
    let mut units = 0u32;
    for (byte, c) in text.char_indices() {
        if units >= utf16 {
            return byte as u32;
        }
        units += c.len_utf16() as u32;
    }
    text.len() as u32
}

/// Byte offset into `text` -> UTF-16 code-unit index.
pub fn byte_to_utf16(text: &str, byte: u32) -> u32 {
    let mut end = (byte as usize).min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].chars().map(|c| c.len_utf16() as u32).sum()
}

//! The Python front end: the only module that names ruff_python_parser types.
//!
//! * [`parse_pattern_source`]: rewritten pattern text -> pattern tree.
//! * [`ParseCache::parse`]: code -> tree + syntax errors, with recovery and
//!   reuse. The file is cut into top-level chunks (a `def`, a `class`, a run of
//!   statements); each chunk is parsed on its own, so a syntax error loses only
//!   its chunk, and an edit re-parses only the chunks whose text changed.
//! * [`tokens`]: lexer tokens for syntax colouring.

mod chunks;
mod lower;
mod parens;
mod tolerate;

pub use lower::Lowerer;

use super::source::Span;
use super::tree::views::Module;
use super::tree::{Kind, Node};
use ruff_python_parser::{parse_unchecked, Mode, ParseErrorType, ParseOptions};
use ruff_python_ast::token::TokenKind;
use ruff_text_size::Ranged;
use rustc_hash::FxHashMap as HashMap;

/// A Python syntax error at a byte offset.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: u32,
}

fn parse_suite(src: &str) -> Result<ruff_python_ast::Suite, SyntaxError> {
    if let Some(at) = chunks::too_deep(src) {
        return Err(SyntaxError {
            message: format!(
                "nested more than {} levels deep or more than {} operators in one statement; not analysed",
                super::limits::MAX_NESTING,
                super::limits::MAX_OPERATORS
            ),
            offset: at as u32,
        });
    }
    // One parse with recovery: `parse_module` is this parse and its first
    // error, and a file with errors (one being typed) needs them all below.
    let parsed = parse_unchecked(src, ParseOptions::from(Mode::Module));
    let Some(first) = parsed.errors().first() else {
        return match parsed.into_syntax() {
            ruff_python_ast::Mod::Module(module) => Ok(module.body),
            ruff_python_ast::Mod::Expression(_) => Ok(Default::default()),
        };
    };
    let error = SyntaxError { message: clean_message(&first.error.to_string()), offset: u32::from(first.location.start()) };
    // Semgrep's parsers take arguments in any order (`f(a=1, b)`, in
    // patterns and in code): Python's only complaint about such a call
    // is dropped, and the arguments are kept in the order written.
    let only_argument_order = parsed
        .errors()
        .iter()
        .all(|e| matches!(e.error, ParseErrorType::PositionalAfterKeywordArgument | ParseErrorType::PositionalAfterKeywordUnpacking));
    match parsed.into_syntax() {
        ruff_python_ast::Mod::Module(module) if only_argument_order => Ok(module.body),
        _ => Err(error),
    }
}

fn clean_message(message: &str) -> String {
    let message = message.replace("Tok::", "").replace("\"", "'");
    if message.len() > 200 {
        format!("{}…", &message[..message.char_indices().nth(200).map_or(message.len(), |(i, _)| i)])
    } else {
        message
    }
}

/// Parses (already rewritten) pattern text and lowers it as a pattern.
pub fn parse_pattern_source(src: &str) -> Result<Node, SyntaxError> {
    let range = (0, src.len() as u32);
    match parse_suite(src) {
        Ok(suite) => Ok(Lowerer::new(src, true).suite(&suite, range)),
        Err(error) => {
            let tolerated = tolerate::rewrite(src).ok_or_else(|| error.clone())?;
            let suite = parse_suite(&tolerated.text).map_err(|_| error)?;
            let mut node = Lowerer::new(&tolerated.text, true).suite(&suite, range);
            tolerated.restore(&mut node.children, src);
            Ok(node)
        }
    }
}

/// Code parsed into a tree.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// `Module[Block[...]]`; statements of chunks that failed to parse are missing.
    pub root: Node,
    pub errors: Vec<SyntaxError>,
}

/// Parses code, reusing the trees of chunks whose text was parsed before.
///
/// The cache keeps no trees of its own: it remembers where each chunk's
/// statements sit in the previous parse, and a chunk that comes back is cloned
/// from there (a fresh chunk's statements are moved into the tree, never copied).
#[derive(Default)]
pub struct ParseCache {
    chunks: HashMap<String, ChunkEntry>,
    /// Record symbolic values (see [`super::constants::propagate`]).
    symbolic: bool,
    /// Fold constant conditions in constant propagation (`--precise`).
    constant_conditions: bool,
}

impl ParseCache {
    pub fn new() -> Self {
        ParseCache::default()
    }

    /// Whether to record symbolic values; the next parse applies it.
    pub fn set_symbolic(&mut self, symbolic: bool) {
        self.symbolic = symbolic;
    }

    pub fn symbolic(&self) -> bool {
        self.symbolic
    }

    /// Whether constant propagation skips the dead arm of a constant
    /// condition (`--precise`); the next parse applies it.
    pub fn set_constant_conditions(&mut self, on: bool) {
        self.constant_conditions = on;
    }

    pub fn constant_conditions(&self) -> bool {
        self.constant_conditions
    }

    /// Parses `src`; `previous` is what the last call returned (its chunks are reused).
    pub fn parse(&mut self, src: &str, previous: Option<&Parsed>) -> Parsed {
        let mut stmts: Vec<Node> = Vec::new();
        let mut errors = Vec::new();
        let mut fresh = HashMap::default();
        let pieces = chunks::split(src);
        let old_stmts: &[Node] = previous.and_then(|p| p.root.as_module()).map_or(&[], |m| &m.body.children);
        let mut reused: Vec<Option<ChunkEntry>> = pieces
            .iter()
            .map(|chunk| self.chunks.remove(&src[chunk.clone()]).filter(|e| e.stmts.end <= old_stmts.len()))
            .collect();
        // A placeholder for each reused chunk, so that only the others are parsed.
        let mut results: Vec<Option<ChunkResult>> =
            reused.iter().map(|e| e.as_ref().map(|_| ChunkResult { stmts: Vec::new(), error: None, plain: false })).collect();
        parse_missing(src, &pieces, &mut results);
        let last = pieces.len().saturating_sub(1);
        // Whether every chunk before the last parsed as written, without an error.
        let mut plain_up_to_last = true;
        for (i, ((chunk, result), entry)) in pieces.into_iter().zip(results).zip(reused.iter_mut()).enumerate() {
            let text = &src[chunk.clone()];
            let first = stmts.len();
            let (error, plain) = match entry.take() {
                Some(entry) => {
                    let by = chunk.start as i64 - entry.start as i64;
                    stmts.extend(old_stmts[entry.stmts.clone()].iter().map(|n| {
                        let mut n = n.clone();
                        shift(&mut n, by);
                        n
                    }));
                    (entry.error, entry.plain)
                }
                None => {
                    let result = result.unwrap_or_else(|| parse_chunk(text));
                    stmts.extend(result.stmts.into_iter().map(|mut n| {
                        shift(&mut n, chunk.start as i64);
                        n
                    }));
                    (result.error, result.plain)
                }
            };
            plain_up_to_last &= plain || i == last;
            if let Some(e) = &error {
                errors.push(SyntaxError { message: e.message.clone(), offset: e.offset + chunk.start as u32 });
            }
            fresh.insert(text.to_string(), ChunkEntry { stmts: first..stmts.len(), start: chunk.start as u32, error, plain });
        }
        self.chunks = fresh;
        // The chunking may have cut where Python would not: trust a whole-file
        // parse if it works. It cannot when only the last chunk failed and every
        // chunk before it parsed as written: each of those ends where Python's
        // tokenizer is back at a top-level statement (no bracket, string or
        // continuation left open, every block closed), so the whole file is
        // their statements and then the very tokens of the last chunk, which
        // fail there as they failed alone (a file being typed at its end).
        if !errors.is_empty() && !plain_up_to_last {
            if let Ok(suite) = parse_suite(src) {
                let lowerer = Lowerer::new(src, false);
                stmts = suite.iter().map(|s| lowerer.stmt(s)).collect();
                errors.clear();
                // The statements no longer line up with the chunks.
                self.chunks.clear();
            }
        }
        let end = src.len() as u32;
        let block_range = match (stmts.first(), stmts.last()) {
            (Some(first), Some(last)) => (first.start, last.end),
            _ => (0, 0),
        };
        let mut root = Module::build((0, end), Node::new(Kind::Block, block_range, "", stmts));
        super::names::resolve_imports(&mut root);
        super::scopes::resolve_variables(&mut root);
        super::constants::propagate(&mut root, self.symbolic, self.constant_conditions);
        Parsed { root, errors }
    }
}

/// Parses code once, without a cache.
pub fn parse_code(src: &str) -> Parsed {
    ParseCache::new().parse(src, None)
}

/// Parses the chunks that have no result yet; natively, a long file's chunks
/// are shared out over the machine's cores (WebAssembly parses them in turn),
/// from the length at which the rules are too.
fn parse_missing(src: &str, pieces: &[std::ops::Range<usize>], results: &mut [Option<ChunkResult>]) {
    let todo: Vec<usize> = (0..pieces.len()).filter(|&i| results[i].is_none()).collect();
    let missing: usize = todo.iter().map(|&i| pieces[i].len()).sum();
    if missing < super::limits::PARALLEL_FROM_BYTES {
        return;
    }
    let parsed = super::parallel::map_ordered(&todo, super::parallel::threads(todo.len()), || (), |_, &i| parse_chunk(&src[pieces[i].clone()]));
    for (i, result) in todo.into_iter().zip(parsed) {
        results[i] = Some(result);
    }
}

/// What parsing one chunk gave: its statements (offsets relative to the
/// chunk) and, if it had one, its first syntax error.
#[derive(Clone, Debug)]
struct ChunkResult {
    stmts: Vec<Node>,
    error: Option<SyntaxError>,
    /// Parsed as written: no error, no dedent, nothing rewritten or blanked.
    plain: bool,
}

/// Where a chunk's statements sit in the previous parse.
#[derive(Clone, Debug)]
struct ChunkEntry {
    /// Indices into the previous module block's statements.
    stmts: std::ops::Range<usize>,
    /// The chunk's offset in the previous text.
    start: u32,
    /// Its first syntax error, relative to the chunk.
    error: Option<SyntaxError>,
    /// It parsed as written (see [`ChunkResult::plain`]).
    plain: bool,
}

/// Parses one chunk. A line that breaks the parse is replaced by `pass`
/// (keeping every offset) a few times over, so that one bad line inside a
/// function does not hide the rest of it.
fn parse_chunk(text: &str) -> ChunkResult {
    // A snippet indented as a whole (copied out of a function or a document)
    // is read as if it started at column 0, as Semgrep reads it.
    if let Some(dedent) = chunks::Dedent::of(text) {
        let mut result = parse_chunk(&dedent.text);
        result.plain = false;
        for stmt in &mut result.stmts {
            dedent.restore(stmt);
        }
        if let Some(error) = &mut result.error {
            error.offset = dedent.original(error.offset);
        }
        return result;
    }
    let mut patched: Option<String> = None;
    let mut first_error = None;
    // What Semgrep reads and Python 3 does not, rewritten (see `tolerate`): no error.
    let mut tolerated: Option<tolerate::Tolerated> = None;
    for attempt in 0..5 {
        let current = patched.as_deref().unwrap_or(text);
        match parse_suite(current) {
            Ok(suite) => {
                let lowerer = Lowerer::new(current, false);
                let mut stmts: Vec<Node> = suite.iter().map(|s| lowerer.stmt(s)).collect();
                if patched.is_some() {
                    // A blanked line keeps its length in bytes, not its characters:
                    // ranges that end in its `pass` may fall inside a character of the real text.
                    for stmt in &mut stmts {
                        snap_to_chars(stmt, text);
                    }
                }
                if let Some(tolerated) = &tolerated {
                    tolerated.restore(&mut stmts, text);
                }
                let plain = attempt == 0 && first_error.is_none();
                return ChunkResult { stmts, error: first_error, plain };
            }
            Err(e) => {
                if attempt == 0 {
                    if let Some(rewritten) = tolerate::rewrite(current) {
                        patched = Some(rewritten.text.clone());
                        tolerated = Some(rewritten);
                        continue;
                    }
                }
                let offset = e.offset as usize;
                first_error.get_or_insert(e);
                match blank_line(current, offset) {
                    Some(next) if next != current => patched = Some(next),
                    _ => break,
                }
            }
        }
    }
    // Last resort: cut at every line that starts at column 0 (ignoring the
    // brackets that the error left open) and keep the pieces that parse.
    let mut stmts = Vec::new();
    let pieces = chunks::split_at_column_zero(text);
    if pieces.len() > 1 {
        for piece in pieces {
            let piece_text = &text[piece.clone()];
            if let Ok(suite) = parse_suite(piece_text) {
                let lowerer = Lowerer::new(piece_text, false);
                stmts.extend(suite.iter().map(|s| {
                    let mut stmt = lowerer.stmt(s);
                    shift(&mut stmt, piece.start as i64);
                    stmt
                }));
            }
        }
    }
    ChunkResult { stmts, error: first_error, plain: false }
}

/// Replaces the line holding `offset` with `pass` at its indentation, keeping its length.
fn blank_line(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    let end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    let line = &text[start..end];
    let indent = line.len() - line.trim_start().len();
    let body_len = line.len() - indent;
    if body_len == 0 {
        return None;
    }
    let replacement = if body_len >= 4 { format!("pass{}", " ".repeat(body_len - 4)) } else { " ".repeat(body_len) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start + indent]);
    out.push_str(&replacement);
    out.push_str(&text[end..]);
    Some(out)
}

/// Widens every range of `node` to the nearest character boundaries of `text`.
fn snap_to_chars(node: &mut Node, text: &str) {
    let span = Span::new(node.start, node.end).within(text);
    (node.start, node.end) = (span.start, span.end);
    for child in &mut node.children {
        snap_to_chars(child, text);
    }
}

/// Moves a statement (a chunk's, or one taken from the previous parse) by
/// `by` bytes into place in the file, and clears what import resolution and
/// constant propagation marked on it: the whole new file decides those again.
fn shift(node: &mut Node, by: i64) {
    node.start = (node.start as i64 + by) as u32;
    node.end = (node.end as i64 + by) as u32;
    node.resolved = None;
    node.constant = None;
    for child in &mut node.children {
        shift(child, by);
    }
}

/// A token class for syntax colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    Keyword,
    Name,
    String,
    Number,
    Comment,
    Operator,
    Decorator,
}

/// Tokens with byte ranges, for the whole text (the lexer recovers from errors).
pub fn tokens(src: &str) -> Vec<(u32, u32, TokenClass)> {
    // Code nested too deep for the parser is not coloured from the line where it starts.
    let src = match chunks::too_deep(src) {
        Some(at) => &src[..src[..at].rfind('\n').map_or(0, |p| p + 1)],
        None => src,
    };
    let parsed = parse_unchecked(src, ParseOptions::from(Mode::Module));
    let mut out = Vec::new();
    let mut after_at = false;
    for token in parsed.tokens().iter() {
        let kind = token.kind();
        let (s, e) = (u32::from(token.start()), u32::from(token.end()));
        let class = match kind {
            TokenKind::Name if after_at => TokenClass::Decorator,
            TokenKind::Name => TokenClass::Name,
            TokenKind::Int | TokenKind::Float | TokenKind::Complex => TokenClass::Number,
            TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::FStringMiddle
            | TokenKind::FStringEnd
            | TokenKind::TStringStart
            | TokenKind::TStringMiddle
            | TokenKind::TStringEnd => TokenClass::String,
            TokenKind::Comment => TokenClass::Comment,
            TokenKind::At => {
                after_at = true;
                out.push((s, e, TokenClass::Decorator));
                continue;
            }
            TokenKind::Newline
            | TokenKind::NonLogicalNewline
            | TokenKind::Indent
            | TokenKind::Dedent
            | TokenKind::EndOfFile
            | TokenKind::Unknown => continue,
            k if k.is_keyword() || k.is_soft_keyword() => TokenClass::Keyword,
            _ => TokenClass::Operator,
        };
        if kind != TokenKind::Dot {
            after_at = false;
        }
        out.push((s, e, class));
    }
    out
}

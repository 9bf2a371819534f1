//! Regexes as Semgrep users write them (PCRE-like: look-around, backreferences).
//!
//! A pattern the linear-time `regex` crate accepts runs there; one that needs
//! look-around or backreferences runs on `fancy-regex` with a backtracking
//! limit, so a catastrophic regex gives up instead of hanging.

use super::limits::{self, Limit};
use std::fmt;

/// A regex, compiled on first use: a rule pack holds many regexes that most
/// files never reach, and building the automata was most of the time spent
/// compiling the pack (`Re::new` only checks the syntax of those it can).
#[derive(Clone)]
pub struct Re {
    pattern: Box<str>,
    /// Shared by clones (each thread scanning with a copy of the rules), so
    /// that it is built once.
    compiled: std::sync::Arc<std::sync::OnceLock<Compiled>>,
    /// A guarded regex's whole pattern on the backtracking engine (for its
    /// groups), built once too: `metavariable-regex` asks for the groups of
    /// every candidate, and building it each time made a pack rule whose
    /// sanitizer is `$CALLEE(...)` with a guarded regex take seconds.
    whole: std::sync::Arc<std::sync::OnceLock<Option<fancy_regex::Regex>>>,
    /// The names its groups bind, built on the first match with groups
    /// (every engine's regex for the pattern numbers and names them alike).
    names: std::sync::Arc<std::sync::OnceLock<Box<[GroupName]>>>,
}

/// The names a capture group binds: `$N`, and `$NAME` for `(?P<NAME>...)`.
struct GroupName {
    number: std::sync::Arc<str>,
    name: Option<std::sync::Arc<str>>,
}

/// The names of the groups after the whole match (group 0), in order.
fn group_names<'a>(names: impl Iterator<Item = Option<&'a str>>) -> Box<[GroupName]> {
    names.skip(1).enumerate().map(|(i, name)| GroupName { number: format!("${}", i + 1).into(), name: name.map(|name| format!("${name}").into()) }).collect()
}

/// A capture group of a match, named as Semgrep binds it: `$1`, `$2`... for
/// every group by number, and also `$NAME` for `(?P<NAME>...)`; byte range in
/// the searched text. A group that took no part in the match binds nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: std::sync::Arc<str>,
    /// Named by its `(?P<NAME>...)` rather than its number.
    pub named: bool,
    pub start: usize,
    pub end: usize,
}

/// A match with its groups.
#[derive(Clone, Debug, PartialEq)]
pub struct RegexMatch {
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Group>,
}

#[derive(Clone)]
enum Compiled {
    Linear(regex::Regex),
    /// `^(?!X1)(?!X2)...R` (the form most rules' look-arounds take: "not
    /// this, then that"), on the linear engine: `R` matches at the start and
    /// no `Xi` does ([`guarded`]).
    Guarded { rest: regex::Regex, not: Vec<regex::Regex> },
    /// `^((?!X)|R)` (or `^(?:(?!X)|R)`; `X` without groups), on the linear
    /// engine: at the start, an empty match when `X` does not match there
    /// (the first alternative wins), else `^(R)`'s match, `or` ([`or_not`]).
    /// `group`: the alternation is a capturing group, which the empty match
    /// binds as `$1`.
    OrNot { not: regex::Regex, or: regex::Regex, group: bool },
    /// `(?s).*L(?!X)` (the form of the pack's "a `<` that starts no typed
    /// route converter"), for [`Re::try_match`] on the linear engine: some
    /// `L` in the text is not followed by a match of `X` ([`trailing_not`]).
    /// Everything else asks `whole`, the pattern on the backtracking engine.
    TrailingNot { literal: Box<str>, not: regex::Regex, whole: fancy_regex::Regex },
    Backtracking(fancy_regex::Regex),
    /// Checked but then not built (over the size limits); matches nothing.
    Failed,
}

impl fmt::Debug for Re {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Re({:?})", self.as_str())
    }
}

/// `\w`, `\d`, `\s` and `\b` as PCRE reads them without its UCP option,
/// as Semgrep compiles every regex of a rule (`metavariable-regex`,
/// `pattern-regex`, `fix-regex`, `"=~/.../"`; checked with Semgrep 1.187):
/// ASCII only (`\w` does not match `é`, `\s` not a no-break space), while
/// `.` and `(?i)` stay Unicode. The classes become ASCII classes of the
/// `regex` syntax (`[[:word:]]`, `[:word:]` inside a bracket), which also
/// builds far smaller automata than Unicode `\w`. `\b` becomes ASCII on the
/// linear engine only (`fancy-regex` cannot turn Unicode off in a group).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Engine {
    Linear,
    Backtracking,
}

fn ascii_classes(pattern: &str, engine: Engine) -> std::borrow::Cow<'_, str> {
    if !pattern.contains(['\\']) {
        return pattern.into();
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                let posix = match next {
                    'w' => Some("word"),
                    'W' => Some("^word"),
                    'd' => Some("digit"),
                    'D' => Some("^digit"),
                    's' => Some("space"),
                    'S' => Some("^space"),
                    _ => None,
                };
                match (posix, next) {
                    (Some(name), _) if class_depth > 0 => out.push_str(&format!("[:{name}:]")),
                    (Some(name), _) => out.push_str(&format!("[[:{name}:]]")),
                    (None, 'b' | 'B') if class_depth == 0 && engine == Engine::Linear => out.push_str(&format!("(?-u:\\{next})")),
                    _ => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' => {
                out.push(c);
                if class_depth > 0 && chars.peek() == Some(&':') {
                    // A POSIX class `[:name:]` inside a bracket: copied whole.
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == ']' {
                            break;
                        }
                    }
                    continue;
                }
                class_depth += 1;
                // `[]...]`, `[^]...]`: a `]` first in a class is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.into()
}

/// Builds the automata: the linear-time engine when it accepts the pattern,
/// else the backtracking one.
fn compile(pattern: &str) -> Result<Compiled, String> {
    let linear_text = ascii_classes(pattern, Engine::Linear);
    let linear = regex::RegexBuilder::new(&linear_text).size_limit(limits::REGEX_SIZE_BYTES).build();
    match linear.map(Compiled::Linear).map_err(|e| guarded(&linear_text).ok_or(e)) {
        Ok(compiled) | Err(Ok(compiled)) => Ok(compiled),
        Err(Err(linear_err)) => fancy_regex::RegexBuilder::new(&ascii_classes(pattern, Engine::Backtracking))
            .backtrack_limit(limits::REGEX_BACKTRACK_STEPS)
            .delegate_size_limit(limits::REGEX_SIZE_BYTES)
            .build()
            .map(|whole| match trailing_not(&linear_text) {
                Some((literal, not)) => Compiled::TrailingNot { literal, not, whole },
                None => Compiled::Backtracking(whole),
            })
            .map_err(|e| {
                if pattern.len() > 2000 {
                    "regex too large".to_string()
                } else {
                    // The message of the pattern as written (positions in its text, not
                    // in the one with ASCII classes spelled out).
                    match e {
                        fancy_regex::Error::ParseError(_, _) => fancy_regex::Regex::new(pattern).err().unwrap_or(e).to_string(),
                        _ => regex::Regex::new(pattern).err().map_or_else(|| linear_err.to_string(), |e| e.to_string()),
                    }
                }
            }),
    }
}

/// A pattern `^(?!X1)...(?!Xn)R` (after a leading flag group without `m`
/// or `x`, whose flags every part keeps) as linear regexes `^(?:R)` and
/// `^(?:Xi)`: with `^` at the start of the text, the look-aheads are asked
/// there only, so the pattern matches exactly when `R` matches there and no
/// `Xi` does. `None` when the pattern has another shape or a part needs the
/// backtracking engine.
fn guarded(pattern: &str) -> Option<Compiled> {
    // `^(?:...)` around it (how a `metavariable-regex` is anchored): the same
    // start, and the group's flags stay inside it.
    if let Some(inner) = pattern.strip_prefix("^(?:").filter(|inner| group_end(inner) == Some(inner.len() - 1)) {
        let inner = &inner[..inner.len() - 1];
        if inner.starts_with("(?!") && alternates(inner) {
            return or_not("", &format!("(?:{inner})"));
        }
        let anchored = if inner.starts_with('^') || inner.starts_with("(?") && !inner.starts_with("(?!") { inner.to_string() } else { format!("^{inner}") };
        return guarded(&anchored);
    }
    let (flags, body) = match pattern.strip_prefix("(?").filter(|p| !p.starts_with('!')) {
        Some(after) => {
            let end = after.find(')')?;
            let flags = &after[..end];
            if !flags.chars().all(|c| c.is_ascii_alphabetic()) || flags.contains(['m', 'x']) {
                return None;
            }
            (&pattern[..end + 3], &after[end + 1..])
        }
        None => ("", pattern),
    };
    let mut rest = body.strip_prefix('^').or_else(|| body.strip_prefix("\\A"))?;
    let mut not = Vec::new();
    while let Some(inner) = rest.strip_prefix("(?!") {
        let end = group_end(inner)?;
        not.push(&inner[..end]);
        rest = &inner[end + 1..];
    }
    if not.is_empty() {
        return or_not(flags, rest);
    }
    // `^(?!X)R|S`: `S` is not anchored, nor guarded.
    if alternates(rest) {
        return None;
    }
    let build = |part: &str| regex::RegexBuilder::new(&format!("{flags}^(?:{part})")).size_limit(limits::REGEX_SIZE_BYTES).build().ok();
    Some(Compiled::Guarded { rest: build(rest)?, not: not.into_iter().map(build).collect::<Option<_>>()? })
}

/// After the flags and `^` of a pattern, `((?!X)|R)` or `(?:(?!X)|R)` as
/// [`Compiled::OrNot`]: `^` anchors the whole group, so the pattern matches
/// only at the start, empty when `X` does not match there (a look-ahead is
/// tried first and consumes nothing), else as `^(R)` there (the other
/// alternatives in the same order). `X` has no groups, so `R`'s groups keep
/// their numbers. `None` for other shapes.
fn or_not(flags: &str, rest: &str) -> Option<Compiled> {
    let (group, inner) = match rest.strip_prefix("(?:") {
        Some(inner) => (false, inner),
        None => (true, rest.strip_prefix('(').filter(|inner| !inner.starts_with('?'))?),
    };
    if group_end(inner) != Some(inner.len() - 1) {
        return None;
    }
    let lookahead = inner.strip_prefix("(?!")?;
    let end = group_end(lookahead)?;
    let alternatives = lookahead[end + 1..lookahead.len() - 1].strip_prefix('|')?;
    let build = |part: &str| regex::RegexBuilder::new(&format!("{flags}^{part}")).size_limit(limits::REGEX_SIZE_BYTES).build().ok();
    let not = build(&format!("(?:{})", &lookahead[..end]))?;
    let or = build(&format!("{}{alternatives})", if group { "(" } else { "(?:" }))?;
    (not.captures_len() == 1).then_some(Compiled::OrNot { not, or, group })
}

/// A pattern `(?s).*L(?!X)`, also anchored as `metavariable-regex` anchors
/// it (`^(?:...)`), with `L` literal text and `X` a pattern for the linear
/// engine that looks at no context (no `^`, `$`, `\b`): it matches exactly
/// when some `L` in the text is not followed by a match of `X` (`(?s).*`
/// reaches every place, from the start or from anywhere). `None` for other
/// shapes.
fn trailing_not(pattern: &str) -> Option<(Box<str>, regex::Regex)> {
    let body = match pattern.strip_prefix("^(?:") {
        Some(inner) if group_end(inner) == Some(inner.len() - 1) => &inner[..inner.len() - 1],
        Some(_) => return None,
        None => pattern,
    };
    let rest = body.strip_prefix("(?s).*")?;
    let literal_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "<>=:/@%&,;'\"`~!-_".contains(c)))?;
    let (literal, lookahead) = rest.split_at(literal_len);
    let inner = lookahead.strip_prefix("(?!")?;
    let end = group_end(inner)?;
    if literal.is_empty() || end + 1 != inner.len() {
        return None;
    }
    let not = &inner[..end];
    let hir = regex_syntax::ParserBuilder::new().dot_matches_new_line(true).build().parse(not).ok()?;
    if !hir.properties().look_set().is_empty() {
        return None;
    }
    let not = regex::RegexBuilder::new(&format!("(?s)^(?:{not})")).size_limit(limits::REGEX_SIZE_BYTES).build().ok()?;
    Some((literal.into(), not))
}

/// Texts this long go to the backtracking engine even for a pattern the
/// linear one can answer ([`Compiled::TrailingNot`]): there it may give up
/// ([`limits::REGEX_BACKTRACK_STEPS`]), and the answer must be the same.
const LINEAR_ANSWER_MAX_BYTES: usize = 4096;

/// Whether a capture group of the parsed pattern can take part in a match:
/// one outside every negative look-around (a negative look-around matches
/// only where its inside does not, so its groups never capture).
fn group_outside_negative(expr: &fancy_regex::Expr) -> bool {
    use fancy_regex::{Expr, LookAround};
    match expr {
        Expr::Group(_) => true,
        Expr::LookAround(_, LookAround::LookAheadNeg | LookAround::LookBehindNeg) => false,
        Expr::LookAround(inner, _) | Expr::AtomicGroup(inner) => group_outside_negative(inner),
        Expr::Repeat { child, .. } => group_outside_negative(child),
        Expr::Concat(items) | Expr::Alt(items) => items.iter().any(group_outside_negative),
        Expr::Delegate { inner, .. } => inner.contains('('),
        Expr::Conditional { .. } => true,
        _ => false,
    }
}

/// Whether `text` is an alternation at its top level (a `|` in no group).
fn alternates(text: &str) -> bool {
    outside_classes(text).any(|(_, c, depth)| c == '|' && depth == 0)
}

/// Where the group whose inside starts `text` closes: the index of its `)`.
fn group_end(text: &str) -> Option<usize> {
    outside_classes(text).find(|&(_, c, depth)| c == ')' && depth == 0).map(|(i, _, _)| i)
}

/// The characters of a pattern that are syntax: not escaped (`\(`), not
/// inside a bracket class; each with its byte index and how many groups are
/// open before it (a `)` too many leaves the count at 0).
fn outside_classes(text: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut depth, mut class) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                // `[]...]` and `[^]...]`: a `]` first in a class is a literal.
                '[' => {
                    class += 1;
                    chars.next_if(|&(_, c)| c == '^');
                    chars.next_if(|&(_, c)| c == ']');
                }
                ']' if class > 0 => class -= 1,
                _ if class > 0 => {}
                _ => {
                    let before = depth;
                    match c {
                        '(' => depth += 1,
                        ')' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    return Some((i, c, before));
                }
            }
        }
        None
    })
}

/// Whether building may fail after the syntax checks out: long patterns, and
/// counted repetitions whose bounds multiply up (`(a{100}){100}`) can exceed
/// the size limits. Small ones (`[rRuU]{0,2}`) are common and harmless.
fn may_be_too_large(pattern: &str) -> bool {
    if pattern.len() > 500 {
        return true;
    }
    let mut product: u64 = 1;
    let bytes = pattern.as_bytes();
    for (i, _) in pattern.match_indices('{') {
        let bound = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit() || **b == b',').fold((0u64, 0u64), |(max, n), b| match b {
            b',' => (max.max(n), 0),
            d => (max, (n * 10 + u64::from(d - b'0')).min(1_000_000)),
        });
        product = product.saturating_mul(bound.0.max(bound.1).max(1));
    }
    product > 1000
}

impl Re {
    pub fn new(pattern: &str) -> Result<Re, String> {
        let re = Re { pattern: pattern.into(), compiled: Default::default(), whole: Default::default(), names: Default::default() };
        // Only a pattern for the linear engine waits; the backtracking engine
        // rejects some patterns that parse (a look-behind of variable length).
        let linear = regex_syntax::Parser::new().parse(&ascii_classes(pattern, Engine::Linear)).is_ok();
        if !linear || may_be_too_large(pattern) {
            // Built now, so that its errors come with the rule.
            let _ = re.compiled.set(compile(pattern)?);
        }
        Ok(re)
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| compile(&self.pattern).unwrap_or(Compiled::Failed))
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// True on a match; a regex that hits its backtracking limit does not match.
    pub fn is_match(&self, text: &str) -> bool {
        self.try_match(text).unwrap_or(false)
    }

    /// Whether the regex matches; `Err(Limit::RegexBacktrack)` when it gave up.
    pub fn try_match(&self, text: &str) -> Result<bool, Limit> {
        match self.compiled() {
            Compiled::Linear(r) => Ok(r.is_match(text)),
            Compiled::Guarded { rest, not } => Ok(rest.is_match(text) && !not.iter().any(|x| x.is_match(text))),
            Compiled::OrNot { not, or, .. } => Ok(!not.is_match(text) || or.is_match(text)),
            Compiled::TrailingNot { literal, not, .. } if text.len() <= LINEAR_ANSWER_MAX_BYTES => {
                let mut from = 0;
                while let Some(at) = text[from..].find(&**literal).map(|i| from + i) {
                    if !not.is_match(&text[at + literal.len()..]) {
                        return Ok(true);
                    }
                    // The next `L`, overlapping this one or not.
                    from = at + text[at..].chars().next().map_or(1, char::len_utf8);
                }
                Ok(false)
            }
            Compiled::Backtracking(r) | Compiled::TrailingNot { whole: r, .. } => r.is_match(text).map_err(|_| Limit::RegexBacktrack),
            Compiled::Failed => Err(Limit::RegexBacktrack),
        }
    }

    /// Whether a match can bind a capture group: [`Re::has_groups`], less the
    /// groups inside negative look-arounds, which never capture (a
    /// `metavariable-regex` binds nothing more from those).
    pub fn binds_groups(&self) -> bool {
        match self.compiled() {
            Compiled::Linear(r) => r.captures_len() > 1,
            Compiled::Guarded { rest, .. } => rest.captures_len() > 1,
            Compiled::OrNot { or, .. } => or.captures_len() > 1,
            Compiled::TrailingNot { .. } => false,
            Compiled::Backtracking(r) => {
                r.captures_len() > 1 && fancy_regex::Expr::parse_tree(&self.pattern).map_or(true, |tree| group_outside_negative(&tree.expr))
            }
            Compiled::Failed => false,
        }
    }

    /// Byte ranges of the leftmost non-overlapping matches, at most `limit`,
    /// and the limit that cut them short, if one did.
    pub fn find_all(&self, text: &str, limit: usize) -> (Vec<(usize, usize)>, Option<Limit>) {
        let mut out = Vec::new();
        let mut cut = None;
        let mut push = |range: (usize, usize)| {
            if out.len() == limit {
                cut = Some(Limit::RegexMatches);
                return false;
            }
            out.push(range);
            true
        };
        match self.compiled() {
            Compiled::Linear(r) => {
                for m in r.find_iter(text) {
                    if !push((m.start(), m.end())) {
                        break;
                    }
                }
            }
            // Anchored at the start: one match at most.
            Compiled::Guarded { rest, not } => {
                if let Some(m) = rest.find(text).filter(|_| !not.iter().any(|x| x.is_match(text))) {
                    push((m.start(), m.end()));
                }
            }
            Compiled::OrNot { not, or, .. } => {
                if !not.is_match(text) {
                    push((0, 0));
                } else if let Some(m) = or.find(text) {
                    push((m.start(), m.end()));
                }
            }
            Compiled::Backtracking(r) | Compiled::TrailingNot { whole: r, .. } => {
                for m in r.find_iter(text) {
                    match m {
                        Ok(m) if push((m.start(), m.end())) => {}
                        Ok(_) => break,
                        Err(_) => {
                            cut = Some(Limit::RegexBacktrack);
                            break;
                        }
                    }
                }
            }
            Compiled::Failed => cut = Some(Limit::RegexBacktrack),
        }
        (out, cut)
    }

    /// Whether the regex has capture groups (the whole match aside).
    pub fn has_groups(&self) -> bool {
        match self.compiled() {
            Compiled::Linear(r) => r.captures_len() > 1,
            Compiled::Guarded { rest, not } => rest.captures_len() > 1 || not.iter().any(|x| x.captures_len() > 1),
            Compiled::OrNot { or, .. } => or.captures_len() > 1,
            Compiled::Backtracking(r) | Compiled::TrailingNot { whole: r, .. } => r.captures_len() > 1,
            Compiled::Failed => false,
        }
    }

    /// The leftmost non-overlapping matches with their groups, at most
    /// `limit`, and the limit that cut them short, if one did.
    pub fn find_all_groups(&self, text: &str, limit: usize) -> (Vec<RegexMatch>, Option<Limit>) {
        let mut out = Vec::new();
        let mut cut = None;
        match self.compiled() {
            Compiled::Linear(r) => {
                let names = self.names.get_or_init(|| group_names(r.capture_names()));
                for c in r.captures_iter(text) {
                    if out.len() == limit {
                        cut = Some(Limit::RegexMatches);
                        break;
                    }
                    out.push(linear_match(&c, names));
                }
            }
            // Anchored at the start: one match at most.
            Compiled::OrNot { .. } => match self.or_not_captures(text) {
                Some(_) if limit == 0 => cut = Some(Limit::RegexMatches),
                found => out.extend(found),
            },
            Compiled::Failed => cut = Some(Limit::RegexBacktrack),
            _ => match self.with_groups() {
                Some(r) => {
                    let names = self.names.get_or_init(|| group_names(r.capture_names()));
                    for c in r.captures_iter(text) {
                        let Ok(c) = c else {
                            cut = Some(Limit::RegexBacktrack);
                            break;
                        };
                        if out.len() == limit {
                            cut = Some(Limit::RegexMatches);
                            break;
                        }
                        out.push(backtracking_match(&c, names));
                    }
                }
                None => cut = Some(Limit::RegexBacktrack),
            },
        }
        (out, cut)
    }

    /// The first match in `text` with its groups; `Err` when the regex gave up.
    pub fn try_captures(&self, text: &str) -> Result<Option<RegexMatch>, Limit> {
        match self.compiled() {
            Compiled::Linear(r) => {
                let names = self.names.get_or_init(|| group_names(r.capture_names()));
                Ok(r.captures(text).map(|c| linear_match(&c, names)))
            }
            Compiled::OrNot { .. } => Ok(self.or_not_captures(text)),
            Compiled::Failed => Err(Limit::RegexBacktrack),
            _ => {
                let r = self.with_groups().ok_or(Limit::RegexBacktrack)?;
                let names = self.names.get_or_init(|| group_names(r.capture_names()));
                let found = r.captures(text).map_err(|_| Limit::RegexBacktrack)?;
                Ok(found.map(|c| backtracking_match(&c, names)))
            }
        }
    }

    /// The match of a [`Compiled::OrNot`] with its groups.
    fn or_not_captures(&self, text: &str) -> Option<RegexMatch> {
        let Compiled::OrNot { not, or, group } = self.compiled() else { return None };
        let names = self.names.get_or_init(|| group_names(or.capture_names()));
        if !not.is_match(text) {
            // The empty first alternative: in the capturing group, if any.
            let groups = names.first().filter(|_| *group).map(|names| Group { name: names.number.clone(), named: false, start: 0, end: 0 });
            return Some(RegexMatch { start: 0, end: 0, groups: groups.into_iter().collect() });
        }
        or.captures(text).map(|c| linear_match(&c, names))
    }

    /// The backtracking regex that gives the groups of a guarded or
    /// backtracking regex: a guarded regex's parts cannot give them (groups are
    /// numbered in the whole pattern), so its whole pattern is built once, on
    /// first use.
    fn with_groups(&self) -> Option<&fancy_regex::Regex> {
        match self.compiled() {
            Compiled::Backtracking(r) | Compiled::TrailingNot { whole: r, .. } => Some(r),
            _ => self
                .whole
                .get_or_init(|| fancy_regex::RegexBuilder::new(&ascii_classes(&self.pattern, Engine::Backtracking)).backtrack_limit(limits::REGEX_BACKTRACK_STEPS).build().ok())
                .as_ref(),
        }
    }

    /// Replaces up to `count` matches (all when `None`); `$1`/`${name}` refer to groups.
    pub fn replace(&self, text: &str, replacement: &str, count: Option<usize>) -> String {
        let n = count.unwrap_or(0);
        match self.compiled() {
            Compiled::Linear(r) => r.replacen(text, n, replacement).into_owned(),
            Compiled::Failed => text.to_string(),
            // Groups are numbered in the whole pattern: the backtracking engine replaces.
            _ => match self.with_groups() {
                Some(r) => r.try_replacen(text, n, replacement).map(|c| c.into_owned()).unwrap_or_else(|_| text.to_string()),
                None => text.to_string(),
            },
        }
    }
}

/// A match of the linear engine, with its groups.
fn linear_match(c: &regex::Captures<'_>, names: &[GroupName]) -> RegexMatch {
    regex_match((0..c.len()).map(|i| c.get(i).map(|m| (m.start(), m.end()))), names)
}

/// A match of the backtracking engine, with its groups.
fn backtracking_match(c: &fancy_regex::Captures<'_>, names: &[GroupName]) -> RegexMatch {
    regex_match((0..c.len()).map(|i| c.get(i).map(|m| (m.start(), m.end()))), names)
}

/// A match from its groups' ranges (group 0 is the whole match) and names.
fn regex_match(mut spans: impl Iterator<Item = Option<(usize, usize)>>, names: &[GroupName]) -> RegexMatch {
    let (start, end) = spans.next().flatten().unwrap_or_default();
    let mut groups = Vec::new();
    for (span, names) in spans.zip(names) {
        let Some((group_start, group_end)) = span else { continue };
        groups.push(Group { name: names.number.clone(), named: false, start: group_start, end: group_end });
        if let Some(name) = &names.name {
            groups.push(Group { name: name.clone(), named: true, start: group_start, end: group_end });
        }
    }
    RegexMatch { start, end, groups }
}

#[cfg(test)]
mod tests;

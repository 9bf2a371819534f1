//! Taint labels: a `requires:` formula over label names (`A and not B`),
//! and which label each source match gives and each sink match requires.
//!
//! A leaf: depends on source positions and the limits only.

use super::super::source::Span;

/// A `requires:` formula over taint labels (`A and not B`), labels as bit numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelExpr {
    Label(u8),
    Not(Box<LabelExpr>),
    And(Box<LabelExpr>, Box<LabelExpr>),
    Or(Box<LabelExpr>, Box<LabelExpr>),
}

impl LabelExpr {
    pub fn holds(&self, labels: u64) -> bool {
        match self {
            LabelExpr::Label(bit) => labels & (1 << bit) != 0,
            LabelExpr::Not(e) => !e.holds(labels),
            LabelExpr::And(a, b) => a.holds(labels) && b.holds(labels),
            LabelExpr::Or(a, b) => a.holds(labels) || b.holds(labels),
        }
    }

    /// Parses Python's boolean syntax over label names (`not`, `and`, `or`,
    /// parentheses); `bit` numbers each name.
    pub fn parse(text: &str, bit: &mut dyn FnMut(&str) -> Result<u8, String>) -> Result<LabelExpr, String> {
        let spaced = text.replace('(', " ( ").replace(')', " ) ");
        let tokens: Vec<&str> = spaced.split_whitespace().collect();
        let mut at = 0;
        let expr = parse_or(&tokens, &mut at, bit, 0)?;
        match tokens.get(at) {
            None => Ok(expr),
            Some(t) => Err(format!("unexpected `{t}` in `requires: {text}`")),
        }
    }
}

type LabelBit<'b> = &'b mut dyn FnMut(&str) -> Result<u8, String>;

fn parse_or(t: &[&str], at: &mut usize, bit: LabelBit<'_>, depth: usize) -> Result<LabelExpr, String> {
    let mut left = parse_and(t, at, bit, depth)?;
    while t.get(*at) == Some(&"or") {
        *at += 1;
        left = LabelExpr::Or(Box::new(left), Box::new(parse_and(t, at, bit, depth)?));
    }
    Ok(left)
}

fn parse_and(t: &[&str], at: &mut usize, bit: LabelBit<'_>, depth: usize) -> Result<LabelExpr, String> {
    let mut left = parse_not(t, at, bit, depth)?;
    while t.get(*at) == Some(&"and") {
        *at += 1;
        left = LabelExpr::And(Box::new(left), Box::new(parse_not(t, at, bit, depth)?));
    }
    Ok(left)
}

fn parse_not(t: &[&str], at: &mut usize, bit: LabelBit<'_>, depth: usize) -> Result<LabelExpr, String> {
    if depth > super::super::limits::MAX_LABEL_NESTING {
        return Err("`requires` is nested too deeply".into());
    }
    match t.get(*at).copied() {
        Some("not") => {
            *at += 1;
            Ok(LabelExpr::Not(Box::new(parse_not(t, at, bit, depth + 1)?)))
        }
        Some("(") => {
            *at += 1;
            let inner = parse_or(t, at, bit, depth + 1)?;
            if t.get(*at) != Some(&")") {
                return Err("missing `)` in `requires`".into());
            }
            *at += 1;
            Ok(inner)
        }
        Some(name) if name.chars().all(|c| c.is_alphanumeric() || c == '_') && !matches!(name, "and" | "or") => {
            *at += 1;
            Ok(LabelExpr::Label(bit(name)?))
        }
        Some(other) => Err(format!("unexpected `{other}` in `requires`")),
        None => Err("`requires` ends too early".into()),
    }
}

/// Taint labels of a rule that uses them: each source's label and `requires`,
/// each sink's `requires` (a sink without one requires `__SOURCE__`).
#[derive(Default)]
pub struct Labels {
    /// Source matches with their label bit and `requires`, sorted by span.
    pub sources: Vec<(Span, u8, Option<LabelExpr>)>,
    /// What each sink match requires (several sink specs may match one range).
    pub sinks: rustc_hash::FxHashMap<Span, Vec<LabelExpr>>,
}

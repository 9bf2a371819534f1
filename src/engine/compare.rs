//! `metavariable-comparison`: a small expression language over metavariables.
//!
//! Numbers, strings, `True`/`False`, `$X`, arithmetic (`+ - * / // %`),
//! comparisons, `and`/`or`/`not`, `int(...)`, `str(...)`, `re.match(p, s)`.
//! A metavariable whose text is an integer literal is a number, otherwise text.

use super::limits::{COMPARISON_NESTING, COMPARISON_TOKENS};

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    Var(String),
    /// A name that is not a metavariable (`true`, `x`): Semgrep cannot evaluate it.
    Name(String),
    List(Vec<Expr>),
    Unary(String, Box<Expr>),
    Binary(String, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

/// A parsed `metavariable-comparison` expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison(Expr);

/// A value, as Semgrep's evaluator (`Eval_generic`) has them: a metavariable
/// bound to a literal (or to a name known to hold one, or to arithmetic over
/// such) is that value; bound to any other code, it is the code's text
/// (`Ast`), which only `str()` can use.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    List(Vec<Value>),
    Ast(String),
}

impl Comparison {
    pub fn parse(text: &str) -> Result<Comparison, String> {
        let tokens = lex(text)?;
        let mut p = Parser { tokens, pos: 0, depth: 0 };
        let expr = p.or()?;
        if p.pos != p.tokens.len() {
            return Err(format!("unexpected `{}`", p.tokens[p.pos]));
        }
        Ok(Comparison(expr))
    }

    /// Evaluates with `lookup` giving a metavariable's value. As in Semgrep,
    /// the comparison holds only when it evaluates to `True`: an unbound
    /// metavariable, a type error or a number as the result is false.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> bool {
        matches!(eval(&self.0, lookup), Some(Value::Bool(true)))
    }
}

/// An integer as OCaml's `int_of_string` (Semgrep's `int()`) reads it: an
/// optional sign, `0x`/`0o`/`0b` prefixes, `_` between digits.
fn int_of_string(text: &str) -> Option<i128> {
    let (negative, t) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if t.is_empty() || t.starts_with('_') {
        return None;
    }
    let t = t.replace('_', "");
    let value = match t.get(..2) {
        Some("0x" | "0X") => i128::from_str_radix(&t[2..], 16).ok()?,
        Some("0o" | "0O") => i128::from_str_radix(&t[2..], 8).ok()?,
        Some("0b" | "0B") => i128::from_str_radix(&t[2..], 2).ok()?,
        _ if t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok()?,
        _ => return None,
    };
    Some(if negative { -value } else { value })
}

/// A Python number literal of the comparison text.
fn number(text: &str) -> Option<Expr> {
    if let Some(i) = text.bytes().next().filter(u8::is_ascii_digit).and_then(|_| int_of_string(text)) {
        return Some(Expr::Int(i));
    }
    let t = text.replace('_', "");
    (t.starts_with(|c: char| c.is_ascii_digit() || c == '.') && t.chars().any(|c| c.is_ascii_digit()))
        .then(|| t.parse::<f64>().ok().map(Expr::Float))
        .flatten()
}

fn eval(e: &Expr, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Value> {
    Some(match e {
        Expr::Int(i) => Value::Int(*i),
        Expr::Float(f) => Value::Float(*f),
        Expr::Str(s) => Value::Str(s.clone()),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Var(name) => lookup(name)?,
        Expr::Name(_) => return None,
        Expr::List(items) => Value::List(items.iter().map(|i| eval(i, lookup)).collect::<Option<_>>()?),
        Expr::Unary(op, x) => apply(op, &[eval(x, lookup)?])?,
        Expr::Binary(op, l, r) => apply(op, &[eval(l, lookup)?, eval(r, lookup)?])?,
        Expr::Call(name, args) => match (name.as_str(), args.as_slice()) {
            ("int", [x]) => match eval(x, lookup)? {
                Value::Int(i) => Value::Int(i),
                Value::Str(s) => Value::Int(int_of_string(&s)?),
                _ => return None,
            },
            ("str", [x]) => Value::Str(match eval(x, lookup)? {
                // OCaml's printers: `true`, `1.`.
                Value::Bool(b) => b.to_string(),
                Value::Int(i) => i.to_string(),
                Value::Float(f) if f.fract() == 0.0 && f.is_finite() => format!("{f:.0}."),
                Value::Float(f) => f.to_string(),
                Value::Str(s) | Value::Ast(s) => s,
                Value::List(_) => return None,
            }),
            // The pattern must be a string literal; the text is matched from its start.
            ("re.match", [Expr::Str(pattern), x]) => match eval(x, lookup)? {
                Value::Str(text) => {
                    let re = super::regex::Re::new(&format!("^(?:{pattern})")).ok()?;
                    Value::Bool(re.is_match(&text))
                }
                _ => return None,
            },
            _ => return None,
        },
    })
}

/// One operator of Semgrep's evaluator over evaluated operands; `None` where
/// Semgrep's is not defined (code text as an operand, mixed types, `//`).
pub fn apply(op: &str, operands: &[Value]) -> Option<Value> {
    use Value::{Bool, Float, Int, Str};
    if operands.iter().any(|v| matches!(v, Value::Ast(_))) {
        // Code is compared only through `str()`.
        return None;
    }
    let float = |v: &Value| match v {
        Int(i) => Some(*i as f64),
        Float(f) => Some(*f),
        _ => None,
    };
    Some(match (op, operands) {
        ("and", [Bool(a), Bool(b)]) => Bool(*a && *b),
        ("or", [Bool(a), Bool(b)]) => Bool(*a || *b),
        ("not", [Bool(a)]) => Bool(!a),
        ("-", [Int(a)]) => Int(a.checked_neg()?),
        ("-", [Float(a)]) => Float(-a),
        ("+", [x @ (Int(_) | Float(_))]) => x.clone(),
        ("~", [Int(a)]) => Int(!a),
        ("<" | "<=" | ">" | ">=", [a, b]) => {
            let ord = match (a, b) {
                (Int(x), Int(y)) => x.cmp(y),
                _ => float(a)?.partial_cmp(&float(b)?)?,
            };
            Bool(match op {
                "<" => ord.is_lt(),
                "<=" => ord.is_le(),
                ">" => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        ("+" | "-" | "*" | "/" | "%", [Int(a), Int(b)]) => Int(match op {
            "+" => a.checked_add(*b)?,
            "-" => a.checked_sub(*b)?,
            "*" => a.checked_mul(*b)?,
            // OCaml's `/` and `mod`: truncated toward zero.
            "/" => a.checked_div(*b)?,
            _ => a.checked_rem(*b)?,
        }),
        ("+" | "-" | "*" | "/" | "%", [a, b]) => {
            let (x, y) = (float(a)?, float(b)?);
            Float(match op {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                _ => x % y,
            })
        }
        ("**", [Int(a), Int(b)]) => Int(a.checked_pow(u32::try_from(*b).ok()?)?),
        ("**", [a, b]) => Float(float(a)?.powf(float(b)?)),
        ("&", [Int(a), Int(b)]) => Int(a & b),
        ("|", [Int(a), Int(b)]) => Int(a | b),
        ("^", [Int(a), Int(b)]) => Int(a ^ b),
        ("==" | "!=", [a, b]) => {
            let same = match (a, b) {
                (Int(x), Float(y)) | (Float(y), Int(x)) => *x as f64 == *y,
                _ => a == b,
            };
            Bool(same == (op == "=="))
        }
        ("in" | "not in", [a, b]) => {
            let inside = match (a, b) {
                (_, Value::List(items)) => items.contains(a),
                (Str(x), Str(y)) => y.contains(x.as_str()),
                _ => return Some(Bool(false)),
            };
            Bool(inside == (op == "in"))
        }
        _ => return None,
    })
}

fn lex(text: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            if j >= chars.len() {
                return Err("unterminated string".into());
            }
            out.push(chars[i..=j].iter().collect());
            i = j + 1;
        } else if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | '$' | '.')) {
                j += 1;
            }
            out.push(chars[i..j].iter().collect());
            i = j;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            if ["==", "!=", "<=", ">=", "//", "**", "<<", ">>"].contains(&two.as_str()) {
                out.push(two);
                i += 2;
            } else if "<>+-*/%(),|&^~[]".contains(c) {
                out.push(c.to_string());
                i += 1;
            } else {
                return Err(format!("unexpected character `{c}`"));
            }
        }
        if out.len() > COMPARISON_TOKENS {
            return Err("comparison too long".into());
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<String>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn eat(&mut self, t: &str) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > COMPARISON_NESTING {
            return Err("comparison nested too deeply".into());
        }
        let mut left = self.and()?;
        while self.eat("or") {
            left = Expr::Binary("or".into(), Box::new(left), Box::new(self.and()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.not()?;
        while self.eat("and") {
            left = Expr::Binary("and".into(), Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.eat("not") {
            return Ok(Expr::Unary("not".into(), Box::new(self.not()?)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Expr, String> {
        let left = self.bit_or()?;
        let op = match self.peek() {
            Some(op @ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in")) => op.to_string(),
            Some("not") if self.tokens.get(self.pos + 1).map(String::as_str) == Some("in") => {
                self.pos += 1;
                "not in".to_string()
            }
            _ => return Ok(left),
        };
        self.pos += 1;
        Ok(Expr::Binary(op, Box::new(left), Box::new(self.bit_or()?)))
    }

    /// Left-associative binary operators `ops` over operands read by `next`.
    fn binary(&mut self, ops: &[&str], next: fn(&mut Self) -> Result<Expr, String>) -> Result<Expr, String> {
        let mut left = next(self)?;
        while let Some(op) = self.peek().filter(|t| ops.contains(t)).map(str::to_string) {
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(next(self)?));
        }
        Ok(left)
    }

    fn bit_or(&mut self) -> Result<Expr, String> {
        self.binary(&["|"], Self::bit_xor)
    }

    fn bit_xor(&mut self) -> Result<Expr, String> {
        self.binary(&["^"], Self::bit_and)
    }

    fn bit_and(&mut self) -> Result<Expr, String> {
        self.binary(&["&"], Self::shift)
    }

    fn shift(&mut self) -> Result<Expr, String> {
        self.binary(&["<<", ">>"], Self::sum)
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(op @ ("+" | "-")) = self.peek() {
            let op = op.to_string();
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some(op @ ("*" | "/" | "//" | "%")) = self.peek() {
            let op = op.to_string();
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        for op in ["-", "+", "~"] {
            if self.eat(op) {
                return Ok(Expr::Unary(op.into(), Box::new(self.unary()?)));
            }
        }
        self.power()
    }

    /// `a ** b`, right-associative, binding tighter than a unary minus on its left.
    fn power(&mut self) -> Result<Expr, String> {
        let base = self.atom()?;
        if self.eat("**") {
            return Ok(Expr::Binary("**".into(), Box::new(base), Box::new(self.unary()?)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let Some(tok) = self.peek().map(str::to_string) else { return Err("unexpected end".into()) };
        self.pos += 1;
        if tok == "(" {
            let e = self.or()?;
            return if self.eat(")") { Ok(e) } else { Err("missing `)`".into()) };
        }
        if tok == "[" {
            let mut items = Vec::new();
            while !self.eat("]") {
                items.push(self.or()?);
                if !self.eat(",") && self.peek() != Some("]") {
                    return Err("expected `,` or `]`".into());
                }
            }
            return Ok(Expr::List(items));
        }
        if tok.starts_with('"') || tok.starts_with('\'') {
            return Ok(Expr::Str(unescape(&tok[1..tok.len() - 1])));
        }
        if tok.starts_with('$') {
            return Ok(Expr::Var(tok));
        }
        match tok.as_str() {
            "True" => return Ok(Expr::Bool(true)),
            "False" => return Ok(Expr::Bool(false)),
            _ => {}
        }
        if self.eat("(") {
            let mut args = Vec::new();
            if !self.eat(")") {
                loop {
                    args.push(self.or()?);
                    if self.eat(")") {
                        break;
                    }
                    if !self.eat(",") {
                        return Err("expected `,` or `)`".into());
                    }
                }
            }
            return Ok(Expr::Call(tok, args));
        }
        if let Some(n) = number(&tok) {
            return Ok(n);
        }
        if tok.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            return Ok(Expr::Name(tok));
        }
        Err(format!("unexpected `{tok}`"))
    }
}

/// A Python string literal's common escapes.
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other @ ('\\' | '\'' | '"')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Comparison, Value};

    fn check(expr: &str, x: Value, expected: bool) {
        let c = Comparison::parse(expr).unwrap();
        assert_eq!(c.eval(&|n| (n == "$X").then(|| x.clone())), expected, "{expr} with $X={x:?}");
    }

    #[test]
    fn evaluates_as_semgreps_evaluator() {
        check("$X > 1024", Value::Int(2048), true);
        check("$X > 1024", Value::Int(16), false);
        check("$X == 8 or $X == 16", Value::Int(16), true);
        check("not ($X < 3) and $X % 2 == 0", Value::Int(4), true);
        check("int($X) <= 7", Value::Str("7".into()), true);
        check("str($X) == 'abc'", Value::Ast("abc".into()), true);
        check("re.match('^md', $X)", Value::Str("md5".into()), true);
        check("$Y > 1", Value::Int(5), false);
        check("$X == False", Value::Bool(false), true);
        check("$X == 0", Value::Bool(false), false);
        check("$X >= 0o650 and $X < 0o100000", Value::Int(0o777), true);
        check("$X | 0o111 == 0o777", Value::Int(0o666), true);
        check("$X in [1, 2, 3]", Value::Int(2), true);
        check("$X ** 2 == 16", Value::Int(4), true);
        // Code is compared only through str(); a number alone is not true.
        check("$X == 'abc'", Value::Ast("abc".into()), false);
        check("$X", Value::Int(1), false);
        check("$X == true", Value::Bool(true), false);
        assert!(Comparison::parse("$X >").is_err());
    }
}

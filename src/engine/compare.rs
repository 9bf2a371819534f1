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
    Unary(String, Box<Expr>),
    Binary(String, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

/// A parsed `metavariable-comparison` expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison(Expr);

/// The value of an expression: Semgrep evaluates comparisons over Python's values.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
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

    /// Evaluates with `lookup` giving a metavariable's text; unknown names or type errors are false.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<String>) -> bool {
        matches!(eval(&self.0, lookup), Some(v) if truthy(&v))
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Bool(b) => *b,
    }
}

fn to_val(text: &str) -> Value {
    let t = text.trim().replace('_', "");
    let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        i128::from_str_radix(o, 8).ok()
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        i128::from_str_radix(b, 2).ok()
    } else {
        t.parse::<i128>().ok()
    };
    match (parsed, t.parse::<f64>()) {
        (Some(i), _) => Value::Int(i),
        (None, Ok(f)) if t.chars().any(|c| c.is_ascii_digit()) => Value::Float(f),
        _ => Value::Str(text.to_string()),
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Str(_) => None,
    }
}

fn eval(e: &Expr, lookup: &dyn Fn(&str) -> Option<String>) -> Option<Value> {
    Some(match e {
        Expr::Int(i) => Value::Int(*i),
        Expr::Float(f) => Value::Float(*f),
        Expr::Str(s) => Value::Str(s.clone()),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Var(name) => to_val(&lookup(name)?),
        Expr::Unary(op, x) => {
            let v = eval(x, lookup)?;
            match op.as_str() {
                "not" => Value::Bool(!truthy(&v)),
                _ => match v {
                    Value::Int(i) => Value::Int(-i),
                    Value::Float(f) => Value::Float(-f),
                    _ => return None,
                },
            }
        }
        Expr::Binary(op, l, r) => {
            if op == "and" {
                let lv = eval(l, lookup)?;
                return if truthy(&lv) { eval(r, lookup) } else { Some(lv) };
            }
            if op == "or" {
                let lv = eval(l, lookup)?;
                return if truthy(&lv) { Some(lv) } else { eval(r, lookup) };
            }
            let (lv, rv) = (eval(l, lookup)?, eval(r, lookup)?);
            match op.as_str() {
                "==" => Value::Bool(equal(&lv, &rv)),
                "!=" => Value::Bool(!equal(&lv, &rv)),
                "<" | "<=" | ">" | ">=" => {
                    let ord = match (&lv, &rv) {
                        (Value::Str(a), Value::Str(b)) => a.partial_cmp(b)?,
                        _ => num(&lv)?.partial_cmp(&num(&rv)?)?,
                    };
                    Value::Bool(match op.as_str() {
                        "<" => ord.is_lt(),
                        "<=" => ord.is_le(),
                        ">" => ord.is_gt(),
                        _ => ord.is_ge(),
                    })
                }
                "in" | "not in" => {
                    let inside = match (&lv, &rv) {
                        (Value::Str(a), Value::Str(b)) => b.contains(a.as_str()),
                        _ => return None,
                    };
                    Value::Bool(inside == (op == "in"))
                }
                "+" => match (&lv, &rv) {
                    (Value::Str(a), Value::Str(b)) => Value::Str(format!("{a}{b}")),
                    (Value::Int(a), Value::Int(b)) => Value::Int(a.checked_add(*b)?),
                    _ => Value::Float(num(&lv)? + num(&rv)?),
                },
                "-" | "*" | "%" | "//" => match (&lv, &rv) {
                    (Value::Int(a), Value::Int(b)) => Value::Int(match op.as_str() {
                        "-" => a.checked_sub(*b)?,
                        "*" => a.checked_mul(*b)?,
                        "%" => a.checked_rem_euclid(*b)?,
                        _ => a.checked_div_euclid(*b)?,
                    }),
                    _ => {
                        let (a, b) = (num(&lv)?, num(&rv)?);
                        Value::Float(match op.as_str() {
                            "-" => a - b,
                            "*" => a * b,
                            "%" => a % b,
                            _ => (a / b).floor(),
                        })
                    }
                },
                "/" => {
                    let b = num(&rv)?;
                    if b == 0.0 {
                        return None;
                    }
                    Value::Float(num(&lv)? / b)
                }
                _ => return None,
            }
        }
        Expr::Call(name, args) => {
            let vals: Option<Vec<Value>> = args.iter().map(|a| eval(a, lookup)).collect();
            let vals = vals?;
            match (name.as_str(), vals.as_slice()) {
                ("int", [v]) => match v {
                    Value::Str(s) => match to_val(s.trim_matches(|c| c == '"' || c == '\'')) {
                        Value::Int(i) => Value::Int(i),
                        _ => return None,
                    },
                    Value::Float(f) => Value::Int(*f as i128),
                    other => other.clone(),
                },
                ("str", [v]) => Value::Str(match v {
                    Value::Str(s) => s.clone(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
                }),
                ("re.match", [Value::Str(p), Value::Str(s)]) => {
                    let re = regex::Regex::new(&format!("^(?:{p})")).ok()?;
                    Value::Bool(re.is_match(s))
                }
                _ => return None,
            }
        }
    })
}

fn equal(a: &Value, b: &Value) -> bool {
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
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
            if ["==", "!=", "<=", ">=", "//"].contains(&two.as_str()) {
                out.push(two);
                i += 2;
            } else if "<>+-*/%(),".contains(c) {
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
        let left = self.sum()?;
        let op = match self.peek() {
            Some(op @ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in")) => op.to_string(),
            Some("not") if self.tokens.get(self.pos + 1).map(String::as_str) == Some("in") => {
                self.pos += 1;
                "not in".to_string()
            }
            _ => return Ok(left),
        };
        self.pos += 1;
        Ok(Expr::Binary(op, Box::new(left), Box::new(self.sum()?)))
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
        if self.eat("-") {
            return Ok(Expr::Unary("-".into(), Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let Some(tok) = self.peek().map(str::to_string) else { return Err("unexpected end".into()) };
        self.pos += 1;
        if tok == "(" {
            let e = self.or()?;
            return if self.eat(")") { Ok(e) } else { Err("missing `)`".into()) };
        }
        if tok.starts_with('"') || tok.starts_with('\'') {
            return Ok(Expr::Str(tok[1..tok.len() - 1].to_string()));
        }
        if tok.starts_with('$') {
            return Ok(Expr::Var(tok));
        }
        match tok.as_str() {
            "True" | "true" => return Ok(Expr::Bool(true)),
            "False" | "false" => return Ok(Expr::Bool(false)),
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
        match to_val(&tok) {
            Value::Int(i) => Ok(Expr::Int(i)),
            Value::Float(f) => Ok(Expr::Float(f)),
            _ => Err(format!("unexpected `{tok}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Comparison;

    fn check(expr: &str, x: &str, expected: bool) {
        let c = Comparison::parse(expr).unwrap();
        assert_eq!(c.eval(&|n| (n == "$X").then(|| x.to_string())), expected, "{expr} with $X={x}");
    }

    #[test]
    fn compares_numbers_strings_and_logic() {
        check("$X > 1024", "2048", true);
        check("$X > 1024", "0x10", false);
        check("$X == 8 or $X == 16", "16", true);
        check("not ($X < 3) and $X % 2 == 0", "4", true);
        check("int($X) <= 7", "7", true);
        check("str($X) == 'abc'", "abc", true);
        check("re.match('^md', $X)", "md5", true);
        check("$Y > 1", "5", false);
        assert!(Comparison::parse("$X >").is_err());
    }
}

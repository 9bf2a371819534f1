//! Regexes as Semgrep users write them (PCRE-like: look-around, backreferences).
//!
//! A pattern the linear-time `regex` crate accepts runs there; one that needs
//! look-around or backreferences runs on `fancy-regex` with a backtracking
//! limit, so a catastrophic regex gives up instead of hanging.

use super::limits::Limit;
use std::fmt;

#[derive(Clone)]
pub enum Re {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
}

impl fmt::Debug for Re {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Re({:?})", self.as_str())
    }
}

const BACKTRACK_LIMIT: usize = super::limits::REGEX_BACKTRACK_STEPS;

impl Re {
    pub fn new(pattern: &str) -> Result<Re, String> {
        match regex::RegexBuilder::new(pattern).size_limit(1 << 22).build() {
            Ok(re) => Ok(Re::Linear(re)),
            Err(linear_err) => fancy_regex::RegexBuilder::new(pattern)
                .backtrack_limit(BACKTRACK_LIMIT)
                .delegate_size_limit(1 << 22)
                .build()
                .map(Re::Backtracking)
                .map_err(|e| {
                    if pattern.len() > 2000 {
                        "regex too large".to_string()
                    } else {
                        match e {
                            fancy_regex::Error::ParseError(_, _) => e.to_string(),
                            _ => linear_err.to_string(),
                        }
                    }
                }),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Re::Linear(r) => r.as_str(),
            Re::Backtracking(r) => r.as_str(),
        }
    }

    /// True on a match; a regex that hits its backtracking limit does not match.
    pub fn is_match(&self, text: &str) -> bool {
        self.try_match(text).unwrap_or(false)
    }

    /// Whether the regex matches; `Err(Limit::RegexBacktrack)` when it gave up.
    pub fn try_match(&self, text: &str) -> Result<bool, Limit> {
        match self {
            Re::Linear(r) => Ok(r.is_match(text)),
            Re::Backtracking(r) => r.is_match(text).map_err(|_| Limit::RegexBacktrack),
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
        match self {
            Re::Linear(r) => {
                for m in r.find_iter(text) {
                    if !push((m.start(), m.end())) {
                        break;
                    }
                }
            }
            Re::Backtracking(r) => {
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
        }
        (out, cut)
    }

    /// Replaces up to `count` matches (all when `None`); `$1`/`${name}` refer to groups.
    pub fn replace(&self, text: &str, replacement: &str, count: Option<usize>) -> String {
        let n = count.unwrap_or(0);
        match self {
            Re::Linear(r) => r.replacen(text, n, replacement).into_owned(),
            Re::Backtracking(r) => r.try_replacen(text, n, replacement).map(|c| c.into_owned()).unwrap_or_else(|_| text.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Re;

    #[test]
    fn supports_lookaround_and_backreferences() {
        let re = Re::new("^(?!.*test).*key").unwrap();
        assert!(re.is_match("secret key"));
        assert!(!re.is_match("test key"));
        assert!(Re::new(r"^(.)\1+$").unwrap().is_match("aaaa"));
        assert!(Re::new("(").is_err());
    }

    #[test]
    fn catastrophic_backtracking_gives_up() {
        let re = Re::new(r"^(a+)+\1$").unwrap();
        let text = format!("{}b", "a".repeat(64));
        let start = std::time::Instant::now();
        assert!(!re.is_match(&text));
        assert!(start.elapsed().as_secs() < 5);
    }
}

//! `metavariable-analysis`: yes/no questions about the string a metavariable
//! bound, for what patterns and regexes cannot say.
//!
//! * `entropy`: does the string look random (a key, a token) rather than
//!   words, paths or URLs? flasklight's own measure (character entropy times
//!   the share of letter pairs English would not write), tuned to agree with
//!   Semgrep on typical keys and non-keys; borderline strings may differ.
//! * `redos`: can the regex backtrack catastrophically: an unbounded
//!   quantifier inside another (`(a+)+`, `(\w*)*`)? (Semgrep judges the same shape.)

use super::limits::{ENTROPY_CHARS, REDOS_NESTING};
use regex_syntax::ast::{self, Ast};

/// Letter pairs common in English words (case ignored).
const COMMON_PAIRS: &str = "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io \
le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly \
nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai sh ir su id os iv ia am fi ci \
vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov by rm ep tt oc \
fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi \
pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu dr hr cc tw ft wn nu af hu nn eo vo rv nf xp \
gn sm fl iz ok nl my gl aw sy oa";

fn common_pairs() -> &'static [[bool; 26]; 26] {
    static TABLE: std::sync::OnceLock<[[bool; 26]; 26]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[false; 26]; 26];
        for pair in COMMON_PAIRS.split_whitespace() {
            let b = pair.as_bytes();
            table[(b[0] - b'a') as usize][(b[1] - b'a') as usize] = true;
        }
        table
    })
}

/// Shannon entropy of the string's characters, in bits per character.
fn shannon(chars: &[char]) -> f64 {
    let mut counts: rustc_hash::FxHashMap<char, usize> = Default::default();
    for c in chars {
        *counts.entry(*c).or_default() += 1;
    }
    let n = chars.len() as f64;
    counts.values().map(|&k| k as f64 / n).map(|p| -p * p.log2()).sum()
}

/// The share of adjacent character pairs that English would not write: not a
/// common letter pair, not a word boundary (half), not between two separators.
fn oddness(chars: &[char]) -> f64 {
    let table = common_pairs();
    let plain: f64 = chars
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase());
            match (a.is_ascii_alphanumeric(), b.is_ascii_alphanumeric()) {
                (true, true) if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
                    if table[(a as u8 - b'a') as usize][(b as u8 - b'a') as usize] { 1.0 } else { 0.0 }
                }
                (true, true) => 0.0,
                (false, false) => 0.5,
                _ => 0.5,
            }
        })
        .sum();
    1.0 - plain / (chars.len() - 1) as f64
}

/// Whether a string looks like a secret: at least 10 characters, and varied
/// (Shannon entropy) in a way English is not (uncommon letter pairs, digits
/// and case changes inside words).
pub fn high_entropy(text: &str) -> bool {
    let chars: Vec<char> = text.trim().chars().take(ENTROPY_CHARS).collect();
    chars.len() >= 10 && oddness(&chars) * shannon(&chars) >= 1.45
}

/// Whether a regex has a shape known to backtrack exponentially. A regex this
/// parser cannot read (look-around, backreferences) is not judged: false.
pub fn redos_prone(pattern: &str) -> bool {
    let Ok(ast) = ast::parse::ParserBuilder::new().nest_limit(REDOS_NESTING).build().parse(pattern) else { return false };
    prone(&ast, false)
}

/// `repeated`: whether an unbounded quantifier encloses this node.
fn prone(node: &Ast, repeated: bool) -> bool {
    match node {
        Ast::Repetition(rep) => {
            let unbounded = match &rep.op.kind {
                ast::RepetitionKind::ZeroOrMore | ast::RepetitionKind::OneOrMore => true,
                ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(_)) => true,
                ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(_, max)) => *max > 10,
                _ => false,
            };
            if unbounded && repeated && can_match_nonempty(&rep.ast) {
                return true;
            }
            prone(&rep.ast, repeated || unbounded)
        }
        Ast::Group(group) => prone(&group.ast, repeated),
        Ast::Concat(concat) => concat.asts.iter().any(|a| prone(a, repeated)),
        Ast::Alternation(alt) => alt.asts.iter().any(|a| prone(a, repeated)),
        _ => false,
    }
}

fn can_match_nonempty(node: &Ast) -> bool {
    !matches!(node, Ast::Empty(_) | Ast::Assertion(_) | Ast::Flags(_))
}

#[cfg(test)]
mod tests {
    use super::{high_entropy, redos_prone};

    #[test]
    fn random_strings_are_high_entropy_and_words_are_not() {
        for secret in ["5f4dcc3b5aa765d61d8327deb882cf99", "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr", "c2VjcmV0LWtleS1iYXNlNjQ=", "Xy7#kP2$mQ9!"] {
            assert!(high_entropy(secret), "{secret}");
        }
        for plain in ["changeme", "super-secret-key", "my_secret_key_for_flask_app", "SECRET_KEY", "https://api.example.com/v1/users", "correct horse battery staple", "SELECT * FROM users WHERE id = ?", "dev", "f8Kq2Lz9"] {
            assert!(!high_entropy(plain), "{plain}");
        }
    }

    #[test]
    fn nested_quantifiers_are_redos() {
        for bad in ["(a+)+$", "^(\\w*)*x", "(x+x+)+y", "^([a-z0-9]+\\.?)*$"] {
            assert!(redos_prone(bad), "{bad}");
        }
        for fine in ["^[a-z]+$", "(ab)+", "^\\d{1,3}(\\.\\d{1,3}){3}$", "(a|a)*b", "(?=x)", "("] {
            assert!(!redos_prone(fine), "{fine}");
        }
    }
}

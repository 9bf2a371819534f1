//! Formulas that several rules write alike (a pack repeats its taint sources,
//! sinks and sanitizers across rules), evaluated once per file: a formula's
//! hits depend only on the file and on the formula, whose canonical text
//! ([`formula_key`]) names them.

use super::eval::Evaluator;
use super::hit::Hit;
use super::model::{Formula, MetavariableLanguage, Term};

impl<'t> Evaluator<'_, 't> {
    /// [`Evaluator::eval`], through the file's cache of whole formulas.
    pub(super) fn eval_shared(&self, formula: &Formula) -> Vec<Hit<'t>> {
        // When explaining, every part is recorded: nothing is reused.
        let key = match self.trace {
            None => formula_key(formula),
            Some(_) => None,
        };
        let Some(key) = key else { return self.eval(formula) };
        if let Some((hits, limits)) = self.shared.by_formula.borrow().get(&key) {
            for limit in limits {
                self.hit_limit(*limit);
            }
            return hits.clone();
        }
        // The limits this formula hits, apart from those hit before it.
        let before = self.limits.take();
        let hits = self.eval(formula);
        let limits = std::mem::replace(&mut *self.limits.borrow_mut(), before).into_vec();
        for limit in &limits {
            self.hit_limit(*limit);
        }
        self.shared.by_formula.borrow_mut().insert(key, (hits.clone(), limits));
        hits
    }
}

/// The formula's canonical text (as bytes): equal for formulas that find the same hits
/// (same patterns with the same options, regexes, conditions, in the same
/// order); `None` for one that has a part without such a text (a `generic`
/// pattern), which is then not shared.
pub(super) fn formula_key(formula: &Formula) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    write_formula(&mut out, formula)?;
    Some(out)
}

/// Each piece of text goes with its length, so that no two formulas read alike.
fn write_text(out: &mut Vec<u8>, text: &str) {
    write_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn write_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u64).to_le_bytes());
}

fn write_formula(out: &mut Vec<u8>, formula: &Formula) -> Option<()> {
    match formula {
        Formula::Pattern(pattern) => {
            out.push(match (pattern.constants, pattern.symbolic) {
                (false, false) => b'p',
                (true, false) => b'P',
                (false, true) => b's',
                (true, true) => b'S',
            });
            write_text(out, &pattern.text);
        }
        Formula::Regex(re) => {
            out.push(b'R');
            write_text(out, re.as_str());
        }
        Formula::Generic(_) => return None,
        Formula::Or(items) => {
            out.push(b'O');
            write_len(out, items.len());
            for item in items {
                write_formula(out, item)?;
            }
        }
        Formula::And(terms) => {
            out.push(b'A');
            write_len(out, terms.len());
            for term in terms {
                write_term(out, term)?;
            }
        }
    }
    Some(())
}

fn write_term(out: &mut Vec<u8>, term: &Term) -> Option<()> {
    match term {
        Term::Positive(f) => (out.push(b'+'), write_formula(out, f)?).0,
        Term::Not(f) => (out.push(b'-'), write_formula(out, f)?).0,
        Term::Inside(f) => (out.push(b'<'), write_formula(out, f)?).0,
        Term::NotInside(f) => (out.push(b'>'), write_formula(out, f)?).0,
        Term::MetavariableRegex { name, regex } => {
            out.push(b'r');
            write_text(out, name);
            write_text(out, regex.as_str());
        }
        Term::MetavariablePattern { name, formula, language } => {
            out.push(b'm');
            write_text(out, name);
            match language {
                MetavariableLanguage::Rule => out.push(b'R'),
                MetavariableLanguage::Python => out.push(b'P'),
                MetavariableLanguage::Generic => out.push(b'G'),
                MetavariableLanguage::Other(key) => (out.push(b'O'), write_text(out, key)).0,
            }
            write_formula(out, formula)?;
        }
        Term::MetavariableComparison { comparison } => {
            out.push(b'c');
            write_text(out, &format!("{comparison:?}"));
        }
        Term::MetavariableAnalysis { name, analyzer } => {
            out.push(b'a');
            write_text(out, name);
            write_text(out, &format!("{analyzer:?}"));
        }
        Term::MetavariableType { name, types } => {
            out.push(b't');
            write_len(out, types.len());
            write_text(out, name);
            types.iter().for_each(|t| write_text(out, t));
        }
        Term::Focus(names) => {
            out.push(b'f');
            write_len(out, names.len());
            names.iter().for_each(|n| write_text(out, n));
        }
    }
    Some(())
}

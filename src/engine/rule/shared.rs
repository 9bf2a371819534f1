//! Formulas that several rules write alike (a pack repeats its taint sources,
//! sinks and sanitizers across rules), evaluated once per file: a formula's
//! hits depend only on the file and on the formula, whose canonical text
//! ([`formula_key`]) names them.

use super::eval::Evaluator;
use super::hit::Hit;
use super::model::{Formula, MetavariableLanguage, Term};
use std::fmt::Write;

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

/// The formula's canonical text: equal for formulas that find the same hits
/// (same patterns with the same options, regexes, conditions, in the same
/// order); `None` for one that has a part without such a text (a `generic`
/// pattern), which is then not shared.
pub(super) fn formula_key(formula: &Formula) -> Option<String> {
    let mut out = String::new();
    write_formula(&mut out, formula)?;
    Some(out)
}

/// Each piece of text goes with its length, so that no two formulas read alike.
fn write_text(out: &mut String, text: &str) {
    let _ = write!(out, "{}:{text}", text.len());
}

fn write_formula(out: &mut String, formula: &Formula) -> Option<()> {
    match formula {
        Formula::Pattern(pattern) => {
            out.push(match (pattern.constants, pattern.symbolic) {
                (false, false) => 'p',
                (true, false) => 'P',
                (false, true) => 's',
                (true, true) => 'S',
            });
            write_text(out, &pattern.text);
        }
        Formula::Regex(re) => {
            out.push('R');
            write_text(out, re.as_str());
        }
        Formula::Generic(_) => return None,
        Formula::Or(items) => {
            let _ = write!(out, "O{}(", items.len());
            for item in items {
                write_formula(out, item)?;
            }
            out.push(')');
        }
        Formula::And(terms) => {
            let _ = write!(out, "A{}(", terms.len());
            for term in terms {
                write_term(out, term)?;
            }
            out.push(')');
        }
    }
    Some(())
}

fn write_term(out: &mut String, term: &Term) -> Option<()> {
    match term {
        Term::Positive(f) => (out.push('+'), write_formula(out, f)?).0,
        Term::Not(f) => (out.push('-'), write_formula(out, f)?).0,
        Term::Inside(f) => (out.push('<'), write_formula(out, f)?).0,
        Term::NotInside(f) => (out.push('>'), write_formula(out, f)?).0,
        Term::MetavariableRegex { name, regex } => {
            out.push('r');
            write_text(out, name);
            write_text(out, regex.as_str());
        }
        Term::MetavariablePattern { name, formula, language } => {
            out.push('m');
            write_text(out, name);
            match language {
                MetavariableLanguage::Rule => out.push('R'),
                MetavariableLanguage::Python => out.push('P'),
                MetavariableLanguage::Generic => out.push('G'),
                MetavariableLanguage::Other(key) => (out.push('O'), write_text(out, key)).0,
            }
            write_formula(out, formula)?;
        }
        Term::MetavariableComparison { comparison } => {
            out.push('c');
            write_text(out, &format!("{comparison:?}"));
        }
        Term::MetavariableAnalysis { name, analyzer } => {
            out.push('a');
            write_text(out, name);
            write_text(out, &format!("{analyzer:?}"));
        }
        Term::MetavariableType { name, types } => {
            let _ = write!(out, "t{}", types.len());
            write_text(out, name);
            types.iter().for_each(|t| write_text(out, t));
        }
        Term::Focus(names) => {
            let _ = write!(out, "f{}", names.len());
            names.iter().for_each(|n| write_text(out, n));
        }
    }
    Some(())
}

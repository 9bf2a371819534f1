//! Which analyses beyond Semgrep's run for a rule (issue 19): the type the
//! rule model carries (`rule::model::Precision`) and the analyses read.
//!
//! A leaf: depends on nothing.

use serde::{Deserialize, Serialize};

/// The analyses flasklight has beyond Semgrep's, one switch each (issue 19).
/// A rule turns one on with its key under `options:` (Semgrep ignores option
/// keys it does not know, so the rule still runs there, as Semgrep runs it);
/// everything off is exactly Semgrep's behaviour. `flasklight scan --precise`
/// and the app's toggle turn them all on for every rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Precision {
    /// `precise_constant_conditions`: a branch whose condition folds to a
    /// constant runs only its live arm (taint; with `--precise`, constant
    /// propagation too).
    pub constant_conditions: bool,
    /// `precise_guards`: a sanitizer that matches an `if` test is a check; the
    /// path where the check says the value is not bad is clean.
    pub guards: bool,
    /// `precise_containers`: lists, tuples and dicts tracked by constant slot.
    pub containers: bool,
    /// `precise_propagation`: slices, `io.StringIO`/`BytesIO` and `configparser` carry taint.
    pub propagation: bool,
    /// `precise_functions`: calls to functions of the same file use their summaries.
    pub functions: bool,
}

impl Precision {
    /// Every analysis on (`--precise`).
    pub const ALL: Precision = Precision { constant_conditions: true, guards: true, containers: true, propagation: true, functions: true };
    /// Semgrep's behaviour.
    pub const NONE: Precision = Precision { constant_conditions: false, guards: false, containers: false, propagation: false, functions: false };
    /// The `options:` key of each analysis, as a rule writes it.
    pub const KEYS: [&'static str; 5] = ["precise_constant_conditions", "precise_guards", "precise_containers", "precise_propagation", "precise_functions"];

    /// The switch an `options:` key names.
    pub fn field(&mut self, key: &str) -> Option<&mut bool> {
        match key {
            "precise_constant_conditions" => Some(&mut self.constant_conditions),
            "precise_guards" => Some(&mut self.guards),
            "precise_containers" => Some(&mut self.containers),
            "precise_propagation" => Some(&mut self.propagation),
            "precise_functions" => Some(&mut self.functions),
            _ => None,
        }
    }

    /// Whether any analysis beyond Semgrep's is on.
    pub fn any(self) -> bool {
        self != Precision::NONE
    }

    /// Only `analysis` on.
    pub fn only(analysis: Analysis) -> Precision {
        let mut precision = Precision::NONE;
        if let Some(on) = precision.field(analysis.key()) {
            *on = true;
        }
        precision
    }

    /// The analyses on, in [`Analysis::ALL`]'s order.
    pub fn analyses(self) -> Vec<Analysis> {
        Analysis::ALL.into_iter().filter(|a| Precision::only(*a).and(self) != Precision::NONE).collect()
    }

    fn and(self, other: Precision) -> Precision {
        Precision {
            constant_conditions: self.constant_conditions && other.constant_conditions,
            guards: self.guards && other.guards,
            containers: self.containers && other.containers,
            propagation: self.propagation && other.propagation,
            functions: self.functions && other.functions,
        }
    }
}

/// One analysis beyond Semgrep's: what the app names when a finding exists
/// only because of it, or is gone because of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Analysis {
    ConstantConditions,
    Guards,
    Containers,
    Propagation,
    Functions,
}

impl Analysis {
    pub const ALL: [Analysis; 5] = [Analysis::ConstantConditions, Analysis::Guards, Analysis::Containers, Analysis::Propagation, Analysis::Functions];

    /// Its `options:` key (one of [`Precision::KEYS`]).
    pub fn key(self) -> &'static str {
        Precision::KEYS[self as usize]
    }

    /// Its name for people: "guard analysis".
    pub fn name(self) -> &'static str {
        match self {
            Analysis::ConstantConditions => "constant-condition analysis",
            Analysis::Guards => "guard analysis",
            Analysis::Containers => "container analysis",
            Analysis::Propagation => "propagation analysis",
            Analysis::Functions => "function-summary analysis",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_analysis_is_one_switch() {
        for analysis in Analysis::ALL {
            assert_eq!(Precision::only(analysis).analyses(), vec![analysis]);
        }
        assert_eq!(Precision::ALL.analyses(), Analysis::ALL.to_vec());
        assert!(Precision::NONE.analyses().is_empty());
    }
}


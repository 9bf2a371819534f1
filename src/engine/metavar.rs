//! Metavariable names as Semgrep spells them: `$X`, `$FOO_2`, `$...ARGS`.
//!
//! A leaf shared by the pattern matcher and the `generic` language, which
//! read the same `$NAME` syntax over different things (trees, tokens).

/// Whether `text` is a metavariable: `$` (or `$...` for a sequence) and an
/// upper-case name of letters, digits and `_` that does not start with a digit.
pub fn is_metavar_name(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('$') else { return false };
    let rest = rest.strip_prefix("...").unwrap_or(rest);
    !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !rest.as_bytes()[0].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::is_metavar_name;

    #[test]
    fn names_are_upper_case_and_may_be_sequences() {
        for name in ["$X", "$FOO_2", "$...ARGS", "$_"] {
            assert!(is_metavar_name(name), "{name}");
        }
        for text in ["X", "$x", "$2X", "$", "$...", "$Foo"] {
            assert!(!is_metavar_name(text), "{text}");
        }
    }
}

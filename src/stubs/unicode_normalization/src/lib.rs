//! Stand-in for `unicode-normalization`, patched in by flasklight's Cargo.toml.
//!
//! The Python parser (ruff_python_parser) NFKC-normalizes a name that is not
//! ASCII, as CPython does (PEP 3131). Semgrep does not: its pattern `file(...)`
//! does not match `ﬁle(x)` (U+FB01), and neither does flasklight's with this
//! stand-in, whose `nfkc` leaves the text as written. The app's WebAssembly is
//! ~50 kB (gzip) smaller without the normalization tables.

/// The one method the parser calls: the characters as they are.
pub trait UnicodeNormalization<I: Iterator<Item = char>> {
    fn nfkc(self) -> I;
}

impl<'a> UnicodeNormalization<std::str::Chars<'a>> for &'a str {
    fn nfkc(self) -> std::str::Chars<'a> {
        self.chars()
    }
}

//! Stand-in for `unicode_names2`, patched in by flasklight's Cargo.toml.
//!
//! The Python parser (ruff_python_parser) calls [`character`] to decode `"\N{NAME}"` escapes in
//! string literals. Matching never depends on those characters, so every name
//! decodes to U+FFFD: code with such escapes still parses, and the app's
//! WebAssembly stays ~400 kB (gzip) smaller than with the full name table.

/// The character for a Unicode name: always U+FFFD REPLACEMENT CHARACTER here.
pub fn character(name: &str) -> Option<char> {
    if name.is_empty() {
        None
    } else {
        Some('\u{FFFD}')
    }
}

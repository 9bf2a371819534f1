//! A file's bytes as the text the engine reads, and the way back.
//!
//! The engine reads UTF-8 text; a file is bytes, and not always UTF-8 (an old
//! module with a Latin-1 comment and a PEP 263 `# -*- coding: latin-1 -*-`
//! line is valid Python). Semgrep reads the bytes as they are: its offsets and
//! columns count the file's bytes, and `semgrep --autofix` writes the bytes
//! around a fix back untouched (checked with semgrep 1.187: on
//! `printf '# caf\xe9\napp.run(debug=True)\n'` its finding starts at offset 21,
//! and the fixed file still holds the byte 0xE9). So the text keeps a map from
//! its offsets to the file's, for the JSON output and for fixes.
//!
//! How a file is read:
//! - a PEP 263 Latin-1 declaration: each byte is the character of that code,
//!   so every byte is kept and a fix made of Latin-1 characters can be written;
//! - otherwise UTF-8 (the default, or declared, or after a BOM, which stays in
//!   the text): the text is the file's bytes;
//! - bytes that are not UTF-8 in a file without a Latin-1 declaration read as
//!   U+FFFD each (as `String::from_utf8_lossy`); the map still places every
//!   finding, but a fix is written only if it is ASCII (the same bytes in any
//!   ASCII-based encoding) and copies no U+FFFD (its bytes are unknown).

use std::hash::{Hash, Hasher};

/// How the file's bytes became the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// Valid UTF-8: the text is the bytes.
    Utf8,
    /// Declared Latin-1 (PEP 263): byte `b` is the character U+00bb.
    Latin1,
    /// Neither: an undeclared or other encoding; invalid bytes read as U+FFFD.
    Lossy,
}

/// A character whose bytes in the text differ from its bytes in the file.
#[derive(Clone, Copy, Debug)]
struct Recoded {
    text_start: usize,
    text_end: usize,
    file_start: usize,
    file_end: usize,
}

/// What a file held when it was read: its length and a hash of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        Fingerprint { len: bytes.len(), hash: hasher.finish() }
    }
}

/// A scanned file: the text the engine read, and how to get back to its bytes.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub text: String,
    pub decoding: Decoding,
    /// In text order; every character not listed has the same bytes in both.
    recoded: Vec<Recoded>,
    pub fingerprint: Fingerprint,
}

impl SourceFile {
    pub fn decode(bytes: &[u8]) -> SourceFile {
        let fingerprint = Fingerprint::of(bytes);
        if declared_encoding(bytes).as_deref().is_some_and(is_latin1) {
            let mut text = String::with_capacity(bytes.len());
            let mut recoded = Vec::new();
            for (at, &byte) in bytes.iter().enumerate() {
                let text_start = text.len();
                text.push(char::from(byte));
                if byte >= 0x80 {
                    recoded.push(Recoded { text_start, text_end: text.len(), file_start: at, file_end: at + 1 });
                }
            }
            return SourceFile { text, decoding: Decoding::Latin1, recoded, fingerprint };
        }
        let declared_other = declared_encoding(bytes).is_some_and(|name| !is_utf8(&name));
        let (text, recoded) = decode_utf8_lossy(bytes);
        let decoding = if recoded.is_empty() && !declared_other { Decoding::Utf8 } else { Decoding::Lossy };
        SourceFile { text, decoding, recoded, fingerprint }
    }

    /// The file offset of a text offset (one inside a recoded character maps to its start).
    pub fn file_offset(&self, text_offset: usize) -> usize {
        let before = self.recoded.partition_point(|r| r.text_start < text_offset);
        // The recoded character this offset falls inside, or the last one before it.
        if let Some(inside) = self.recoded.get(before.wrapping_sub(1)).filter(|r| text_offset < r.text_end) {
            return inside.file_start;
        }
        match before.checked_sub(1).map(|i| self.recoded[i]) {
            Some(last) => last.file_end + (text_offset - last.text_end),
            None => text_offset,
        }
    }

    /// `fix` as bytes of this file, or why it cannot be written losslessly.
    pub fn encode(&self, fix: &str) -> Result<Vec<u8>, String> {
        match self.decoding {
            Decoding::Utf8 => Ok(fix.as_bytes().to_vec()),
            Decoding::Latin1 => fix
                .chars()
                .map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("the fix holds `{c}`, which Latin-1 (the file's declared encoding) cannot write")))
                .collect(),
            Decoding::Lossy if fix.is_ascii() => Ok(fix.as_bytes().to_vec()),
            Decoding::Lossy => Err("the file is not UTF-8 and the fix is not ASCII: its bytes in the file's encoding are unknown".into()),
        }
    }
}

/// Text and recoded characters of `bytes` read as UTF-8, each invalid sequence
/// as one U+FFFD (the same text as `String::from_utf8_lossy`).
fn decode_utf8_lossy(bytes: &[u8]) -> (String, Vec<Recoded>) {
    let mut text = String::with_capacity(bytes.len());
    let mut recoded = Vec::new();
    let mut rest = bytes;
    let mut file_at = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                text.push_str(valid);
                return (text, recoded);
            }
            Err(e) => {
                let valid = e.valid_up_to();
                text.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let invalid = e.error_len().unwrap_or(rest.len() - valid);
                let text_start = text.len();
                text.push(char::REPLACEMENT_CHARACTER);
                let file_start = file_at + valid;
                recoded.push(Recoded { text_start, text_end: text.len(), file_start, file_end: file_start + invalid });
                rest = &rest[valid + invalid..];
                file_at = file_start + invalid;
            }
        }
    }
}

/// The encoding a PEP 263 comment declares on the first or second line
/// (the second only after a comment or blank first line), lower-cased, `_` as `-`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        // A BOM means UTF-8, whatever a comment says (Python rejects a conflicting one).
        return None;
    }
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let code = line.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\x0c')).map_or(&line[..0], |i| &line[i..]);
        if code.first() != Some(&b'#') {
            if code.is_empty() {
                continue;
            }
            return None;
        }
        if let Some(name) = coding_name(code) {
            return Some(name);
        }
    }
    None
}

/// `coding[:=]\s*([-\w.]+)` in a comment line, as PEP 263's regular expression reads it.
fn coding_name(comment: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = comment[from..].windows(6).position(|w| w == b"coding").map(|i| from + i) {
        let after = &comment[at + 6..];
        if let Some(b':' | b'=') = after.first() {
            let value = &after[1..];
            let value = &value[value.iter().take_while(|b| matches!(b, b' ' | b'\t')).count()..];
            let name: String =
                value.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')).map(|&b| char::from(b)).collect();
            if !name.is_empty() {
                return Some(name.to_ascii_lowercase().replace('_', "-"));
            }
        }
        from = at + 6;
    }
    None
}

/// Python's names for Latin-1 (its tokenizer's `iso-8859-1`, `latin-1` and `iso-latin-1`
/// with any `-suffix`, and the codec's aliases).
fn is_latin1(name: &str) -> bool {
    let family = ["latin-1", "iso-8859-1", "iso-latin-1"];
    family.iter().any(|f| name == *f || name.strip_prefix(f).is_some_and(|rest| rest.starts_with('-')))
        || matches!(name, "latin1" | "iso8859-1" | "8859" | "cp819" | "latin" | "l1" | "iso-ir-100")
}

fn is_utf8(name: &str) -> bool {
    matches!(name, "utf-8" | "utf8") || name.starts_with("utf-8-")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// File bytes, how they read, the text, and (text offset, file offset) pairs.
    type Case = (&'static [u8], Decoding, &'static str, &'static [(usize, usize)]);

    #[test]
    fn offsets_map_back_to_the_files_bytes() {
        let cases: [Case; 5] = [
            (b"x = 1\r\n", Decoding::Utf8, "x = 1\r\n", &[(0, 0), (7, 7)]),
            (b"\xef\xbb\xbfx = 1\n", Decoding::Utf8, "\u{feff}x = 1\n", &[(3, 3)]),
            // Undeclared, not UTF-8: the byte reads as U+FFFD (3 bytes), later offsets shift back by 2.
            (b"# caf\xe9\nf()\n", Decoding::Lossy, "# caf\u{fffd}\nf()\n", &[(5, 5), (6, 5), (8, 6), (9, 7)]),
            (
                b"# -*- coding: latin-1 -*-\n# caf\xe9 \xe9\xe9\nf()\n",
                Decoding::Latin1,
                "# -*- coding: latin-1 -*-\n# caf\u{e9} \u{e9}\u{e9}\nf()\n",
                &[(30, 30), (32, 31), (33, 32), (38, 35)],
            ),
            // A declared encoding we do not read: bytes kept as text where valid, fixes ASCII only.
            (b"# coding=cp1252\nx = 1\n", Decoding::Lossy, "# coding=cp1252\nx = 1\n", &[(16, 16)]),
        ];
        for (bytes, decoding, text, offsets) in cases {
            let file = SourceFile::decode(bytes);
            assert_eq!((file.decoding, file.text.as_str()), (decoding, text), "{bytes:?}");
            for &(text_offset, file_offset) in offsets {
                assert_eq!(file.file_offset(text_offset), file_offset, "{bytes:?} at {text_offset}");
            }
        }
    }

    #[test]
    fn pep_263_declarations_are_read_as_python_reads_them() {
        let declared = |bytes: &[u8]| declared_encoding(bytes);
        assert_eq!(declared(b"#!/usr/bin/env python\n# -*- coding: Latin_1 -*-\n").as_deref(), Some("latin-1"));
        assert_eq!(declared(b"# vim: set fileencoding=iso-8859-1 :\n").as_deref(), Some("iso-8859-1"));
        // The second line counts only after a comment or blank first line.
        assert_eq!(declared(b"import os\n# coding: latin-1\n"), None);
        assert_eq!(declared(b"x = 1\n\n# coding: latin-1\n"), None);
        assert!(is_latin1("iso-8859-1-unix") && is_latin1("latin1") && !is_latin1("latin-9"));
    }

    #[test]
    fn fixes_are_written_in_the_files_encoding_or_refused() {
        let latin1 = SourceFile::decode(b"# coding: latin-1\n# caf\xe9\n");
        assert_eq!(latin1.encode("caf\u{e9}").unwrap(), b"caf\xe9");
        assert!(latin1.encode("\u{20ac}").is_err());
        let lossy = SourceFile::decode(b"# caf\xe9\n");
        assert_eq!(lossy.encode("False").unwrap(), b"False");
        assert!(lossy.encode("caf\u{fffd}").is_err());
        assert!(lossy.encode("caf\u{e9}").is_err());
        assert_eq!(SourceFile::decode(b"x\n").encode("caf\u{e9}").unwrap(), "caf\u{e9}".as_bytes());
    }
}

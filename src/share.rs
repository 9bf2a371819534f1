//! Share links: a rule and its code packed into a URL fragment.
//!
//! `#s=<base64url(zlib(payload))>`, where the payload is
//! `b"FL"`, a version byte, the rule's byte length as a little-endian `u32`,
//! the rule bytes, then the code bytes (both UTF-8).
//!
//! Decoding takes text from anyone: it must never panic, never allocate more
//! than [`MAX_PAYLOAD`] bytes of output, and reject links longer than
//! [`MAX_LINK_CHARS`] before doing any work. Every failure is a [`ShareError`].
//!
//! This module depends on nothing but `miniz_oxide` and `base64`, so it is
//! tested natively even though only the browser app uses it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use std::fmt;

/// The fragment prefix that marks a share link.
pub const PREFIX: &str = "s=";
/// Largest fragment we try to decode (Chromium caps URLs at 2 MB).
pub const MAX_LINK_CHARS: usize = 2_000_000;
/// Largest rule + code we unpack (or pack).
pub const MAX_PAYLOAD: usize = 4 * 1024 * 1024;

const MAGIC: &[u8; 2] = b"FL";
const VERSION: u8 = 1;
const HEADER: usize = MAGIC.len() + 1 + 4;

/// What a share link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub rule: String,
    pub code: String,
}

/// Why a link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The link (or the work to put in one) is over the size limits.
    TooLarge,
    /// Not base64url.
    BadEncoding,
    /// Not a zlib stream, truncated, or failing its checksum.
    BadCompression,
    /// Unpacked, but not a payload we know (wrong magic, unknown version, bad lengths).
    BadPayload,
    /// Rule or code is not UTF-8.
    NotText,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShareError::TooLarge => "the shared rule and code are too large for a link",
            ShareError::BadEncoding => "the link is not valid base64url (was it cut off or edited?)",
            ShareError::BadCompression => "the link's data is truncated or damaged",
            ShareError::BadPayload => "the link's data is not a flasklight share (or from a newer version)",
            ShareError::NotText => "the link's rule or code is not valid text",
        })
    }
}

impl std::error::Error for ShareError {}

/// Packs rule and code into a fragment body (without the leading `#`), e.g. `s=eJz...`.
pub fn encode(shared: &Shared) -> Result<String, ShareError> {
    let (rule, code) = (shared.rule.as_bytes(), shared.code.as_bytes());
    if rule.len() + code.len() > MAX_PAYLOAD - HEADER {
        return Err(ShareError::TooLarge);
    }
    let mut payload = Vec::with_capacity(HEADER + rule.len() + code.len());
    payload.extend_from_slice(MAGIC);
    payload.push(VERSION);
    payload.extend_from_slice(&(rule.len() as u32).to_le_bytes());
    payload.extend_from_slice(rule);
    payload.extend_from_slice(code);
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&payload, 9);
    let text = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed));
    if text.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge);
    }
    Ok(text)
}

/// Reads a fragment (`#s=...`, `s=...`, or a whole URL holding one).
/// `None` when the text carries no share link at all.
pub fn decode(fragment: &str) -> Option<Result<Shared, ShareError>> {
    let fragment = match fragment.find('#') {
        Some(hash) => &fragment[hash + 1..],
        None => fragment,
    };
    let body = fragment.strip_prefix(PREFIX)?;
    Some(decode_body(body.trim_end()))
}

fn decode_body(body: &str) -> Result<Shared, ShareError> {
    if body.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge);
    }
    // Tolerate padding and the standard alphabet, which chat apps sometimes produce.
    let cleaned: String = body
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let packed = URL_SAFE_NO_PAD.decode(cleaned.as_bytes()).map_err(|_| ShareError::BadEncoding)?;
    let payload = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_PAYLOAD).map_err(|e| {
        match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::BadCompression,
        }
    })?;
    if payload.len() < HEADER || &payload[..2] != MAGIC || payload[2] != VERSION {
        return Err(ShareError::BadPayload);
    }
    let rule_len = u32::from_le_bytes([payload[3], payload[4], payload[5], payload[6]]) as usize;
    let rest = &payload[HEADER..];
    if rule_len > rest.len() {
        return Err(ShareError::BadPayload);
    }
    let (rule, code) = rest.split_at(rule_len);
    Ok(Shared {
        rule: String::from_utf8(rule.to_vec()).map_err(|_| ShareError::NotText)?,
        code: String::from_utf8(code.to_vec()).map_err(|_| ShareError::NotText)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(rule: &str, code: &str) -> Shared {
        Shared { rule: rule.to_string(), code: code.to_string() }
    }

    /// A tiny deterministic generator, so the "arbitrary input" tests need no extra crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn text(&mut self, max: usize) -> String {
            const PIECES: &[&str] = &[
                "a", "Z", " ", "\n", "\t", "$X", "...", "é", "名", "🦀", "\u{0}", "\r\n", "<script>", "#", "=", "'", "\"",
                "rules:\n  - id: x\n", "app.run(debug=True)\n",
            ];
            let n = self.below(max + 1);
            (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect()
        }
    }

    fn check_round_trip(rule: &str, code: &str) {
        let original = shared(rule, code);
        let link = encode(&original).expect("encodes");
        assert!(link.starts_with(PREFIX));
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)), "URL-safe: {link}");
        assert_eq!(decode(&link), Some(Ok(original.clone())));
        assert_eq!(decode(&format!("#{link}")), Some(Ok(original.clone())));
        assert_eq!(decode(&format!("http://127.0.0.1:8080/#{link}")), Some(Ok(original)));
    }

    #[test]
    fn round_trips_simple_and_empty_inputs() {
        check_round_trip("", "");
        check_round_trip("rules: []\n", "");
        check_round_trip("", "print('hi')\n");
        check_round_trip("rules:\n  - id: a\n    pattern: $X\n", "x = '<script>alert(1)</script>'\n");
    }

    #[test]
    fn round_trips_arbitrary_inputs() {
        let mut rng = Rng(0x5eed_1234_abcd_9876);
        for _ in 0..500 {
            let rule = rng.text(40);
            let code = rng.text(200);
            check_round_trip(&rule, &code);
        }
    }

    #[test]
    fn round_trips_a_large_file() {
        let code = "from flask import Flask\napp = Flask(__name__)\n".repeat(2_000);
        check_round_trip("rules: []\n", &code);
    }

    #[test]
    fn text_without_a_share_link_is_not_one() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#"), None);
        assert_eq!(decode("#top"), None);
        assert_eq!(decode("http://example.org/page"), None);
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        let link = encode(&shared("rules: []\n", "app.run(debug=True)\n".repeat(50).as_str())).unwrap();
        // Every truncation.
        for cut in PREFIX.len()..link.len() {
            let result = decode(&link[..cut]).expect("still a share link");
            assert!(result.is_err(), "truncated at {cut} decoded");
        }
        // Every single-character substitution in the first 80 characters.
        let mut rng = Rng(42);
        for at in PREFIX.len()..link.len().min(80) {
            let mut bytes = link.clone().into_bytes();
            bytes[at] = b"AZaz09-_!%"[rng.below(10)];
            let tampered = String::from_utf8(bytes).unwrap();
            let _ = decode(&tampered); // must not panic; may decode if the byte did not change
        }
        assert_eq!(decode("s=!!!!"), Some(Err(ShareError::BadEncoding)));
        assert_eq!(decode("s=AAAA"), Some(Err(ShareError::BadCompression)));
    }

    #[test]
    fn arbitrary_fragments_never_panic() {
        let mut rng = Rng(7);
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/#%";
        for _ in 0..2_000 {
            let n = rng.below(120);
            let body: String = (0..n).map(|_| alphabet[rng.below(alphabet.len())] as char).collect();
            let _ = decode(&format!("s={body}"));
        }
    }

    #[test]
    fn valid_compression_with_a_foreign_payload_is_rejected() {
        let pack = |payload: &[u8]| format!("s={}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(payload, 6)));
        assert_eq!(decode(&pack(b"hello")), Some(Err(ShareError::BadPayload)));
        assert_eq!(decode(&pack(b"FL\x02\0\0\0\0")), Some(Err(ShareError::BadPayload)), "unknown version");
        assert_eq!(decode(&pack(b"FL\x01\xff\xff\xff\xffab")), Some(Err(ShareError::BadPayload)), "rule length past the end");
        assert_eq!(decode(&pack(b"FL\x01\x01\0\0\0\xff")), Some(Err(ShareError::NotText)));
    }

    #[test]
    fn zip_bombs_stop_at_the_limit() {
        // 64 MiB of zeros compresses to ~64 KiB; decoding must stop at MAX_PAYLOAD.
        let mut payload = b"FL\x01\0\0\0\0".to_vec();
        payload.resize(64 * 1024 * 1024, 0);
        let bomb = format!("s={}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&payload, 1)));
        assert!(bomb.len() < MAX_LINK_CHARS);
        assert_eq!(decode(&bomb), Some(Err(ShareError::TooLarge)));
    }

    #[test]
    fn oversized_inputs_are_refused_up_front() {
        assert_eq!(decode(&format!("s={}", "A".repeat(MAX_LINK_CHARS + 1))), Some(Err(ShareError::TooLarge)));
        assert_eq!(encode(&shared("", &"x".repeat(MAX_PAYLOAD))), Err(ShareError::TooLarge));
    }
}

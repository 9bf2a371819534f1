//! The editor's paint, cut one line at a time on demand (`Painter::line`), is
//! exactly the paint of the whole text cut at once (`decorate`): on texts with
//! multi-line strings, CRLF, non-ASCII, overlapping and empty spans, and spans
//! at and past the end. (`src/app/decorate.rs` is plain Rust; the app itself
//! only builds for wasm32.)

#[allow(dead_code)]
#[path = "../src/app/decorate.rs"]
mod decorate;

use decorate::{decorate, Painter, Tok};
use flasklight::engine::session::highlight;
use std::rc::Rc;

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as u32
    }
}

const TEXTS: &[&str] = &[
    "app.run(debug=True)\n",
    "x = 1",
    "",
    "\n\n\n",
    "def f():\n    s = \"\"\"one\ntwo\nthree\"\"\"\n    return s\n",
    "a = 'é' + \"ü\"  # ça\r\nb = f\"{a!r:>10}\"\r\n",
    "@app.route('/x')\ndef view():\n    return request.args.get('q')\n\n",
    "print((1,\n  2,\n   3))\n# end",
];

/// Spans on char boundaries of `text`, some empty, some past the end.
fn spans(text: &str, rng: &mut Rng, n: usize) -> Vec<(u32, u32)> {
    let bounds: Vec<u32> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).map(|i| i as u32).collect();
    (0..n)
        .map(|_| {
            let s = bounds[rng.below(bounds.len() as u32) as usize];
            let e = match rng.below(5) {
                0 => s,
                1 => text.len() as u32 + 3,
                _ => bounds[rng.below(bounds.len() as u32) as usize].max(s),
            };
            (s, e)
        })
        .collect()
}

#[test]
fn each_line_painted_alone_equals_the_whole_text_painted_at_once() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let classes = [Tok::Name, Tok::Keyword, Tok::String, Tok::Operator];
    for text in TEXTS {
        let tokens: Vec<(u32, u32, Tok)> = highlight(text).into_iter().enumerate().map(|(i, (s, e, _))| (s, e, classes[i % 4])).collect();
        for round in 0..40 {
            let hits = spans(text, &mut rng, (round % 4) as usize);
            let errors = spans(text, &mut rng, (round % 3) as usize);
            let whole = decorate(text, &tokens, &hits, &errors);
            let painter = Painter::new(Rc::from(*text), Rc::new(tokens.clone()), &hits, &errors);
            assert_eq!(painter.len(), whole.len(), "line count of {text:?}");
            for (i, line) in whole.iter().enumerate() {
                assert_eq!(painter.line(i).segs, line.segs, "line {i} of {text:?}, hits {hits:?}, errors {errors:?}");
            }
        }
    }
}

#[test]
fn a_long_text_paints_only_what_is_asked_for() {
    // 100,000 lines, one hit every 100: asking for a line near the end is
    // as cheap as one near the start (no whole-text pass per line).
    let text: String = (0..100_000).map(|i| format!("v{i} = request.args.get('q')\n")).collect();
    let hits: Vec<(u32, u32)> = text.match_indices("v").step_by(100).map(|(i, _)| (i as u32, i as u32 + 2)).collect();
    let painter = Painter::new(Rc::from(text.as_str()), Rc::new(Vec::new()), &hits, &[]);
    assert_eq!(painter.len(), 100_001);
    let line = painter.line(99_900);
    assert_eq!(line.segs.iter().map(|s| s.text.as_str()).collect::<String>(), "v99900 = request.args.get('q')");
    assert!(line.segs[0].style.hit, "the hit on line 99,901 is painted");
    assert!(!painter.line(99_901).segs.iter().any(|s| s.style.hit));
    assert!(painter.line(200_000).segs.is_empty(), "a line past the end is empty, not a panic");
}

//! The editor's paint, cut one line at a time on demand (`Painter::line`), is
//! exactly the paint of the whole text cut at once (`decorate`): on texts with
//! multi-line strings, CRLF, non-ASCII, overlapping and empty spans, and spans
//! at and past the end. After an edit, colours said to be exact without
//! colouring the whole text again (`recolour::after_edit`) are exactly the
//! whole text's. (`src/app/decorate.rs` and `recolour.rs` are plain Rust; the
//! app itself only builds for wasm32.)

#[allow(dead_code)]
#[path = "../src/app/decorate.rs"]
mod decorate;

#[allow(dead_code)]
#[path = "../src/app/recolour.rs"]
mod recolour;

/// What `recolour.rs` calls `crate::engine`.
mod engine {
    pub use flasklight::engine::*;
}

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

/// Texts with what the lexer carries from line to line: multi-line strings,
/// backslashes, brackets across lines, decorators, soft keywords, f-strings.
const EDITED: &[&str] = &[
    "@app.route('/x')\ndef view():\n    name = request.args.get('q')\n    return name\n\n\nx = [1,\n  2]\n",
    "def f():\n    s = \"\"\"one\ntwo\"\"\"\n    t = 'a' \\\n        'b'\n    return f\"{s!r} {t}\"\n",
    "match command:\n    case [x, _]:\n        pass\n    case _:\n        type X = int\n",
    "@\nname = 1\nvalue = (\n    name,\n)\n# a comment\nprint(value)\n",
    "for _ in rows:\n    total += _\nmatch = 1\ntype = 2\nprint(match, type)\n",
];

/// What a keystroke may insert (`''` deletes instead).
const TYPED: &[&str] = &["x", " ", "\n", "'", "\"", "\"\"\"", "(", ")", "[", "{", "}", "@", "\\", "#", "match ", "case ", "type ", "_", "f\"{", "é", ""];

#[test]
fn colours_said_exact_after_an_edit_are_the_whole_texts() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let colour = |text: &str| recolour::colours(text);
    let (mut exact, mut edits) = (0, 0);
    for text in EDITED {
        let mut old = text.to_string();
        for _ in 0..400 {
            let bounds: Vec<usize> = (0..=old.len()).filter(|&i| old.is_char_boundary(i)).collect();
            let at = bounds[rng.below(bounds.len() as u32) as usize];
            let typed = TYPED[rng.below(TYPED.len() as u32) as usize];
            let new = if typed.is_empty() {
                let end = bounds.iter().copied().find(|&b| b > at).unwrap_or(at);
                format!("{}{}", &old[..at], &old[end..])
            } else {
                format!("{}{typed}{}", &old[..at], &old[at..])
            };
            let tokens = recolour::colours(&old);
            if let Some((moved, true)) = recolour::after_edit(&old, &tokens, &new, &colour) {
                assert_eq!(moved, recolour::colours(&new), "{old:?} -> {new:?}");
                exact += 1;
            }
            edits += 1;
            // Keep the texts small and varied: start over now and then.
            old = if new.len() > 400 || rng.below(8) == 0 { text.to_string() } else { new };
        }
    }
    assert!(exact > edits / 10, "only {exact} of {edits} edits were exact");
    // Plain typing in plain code takes the quick way.
    let text = EDITED[0];
    let tokens = recolour::colours(text);
    for at in [0, 5, 40, text.len() - 1] {
        let typed = format!("{}x{}", &text[..at], &text[at..]);
        assert!(matches!(recolour::after_edit(text, &tokens, &typed, &colour), Some((_, true))), "x at {at}");
    }
}

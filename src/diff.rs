//! A line diff (longest common subsequence) between two short texts, for
//! Learn's "bug vs fix" view. Plain Rust, tested natively.
//!
//! Common leading and trailing lines are taken first; the rest is compared
//! with the classic quadratic table, so a very long middle (over
//! [`MAX_CELLS`] cells) is shown as removed-then-added instead.

/// Largest LCS table (lines before x lines after, past the common ends).
pub const MAX_CELLS: usize = 1_000_000;

/// One line of the diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change<'a> {
    /// In both texts.
    Same(&'a str),
    /// Only in the first text.
    Removed(&'a str),
    /// Only in the second text.
    Added(&'a str),
}

impl<'a> Change<'a> {
    pub fn text(&self) -> &'a str {
        match self {
            Change::Same(t) | Change::Removed(t) | Change::Added(t) => t,
        }
    }
}

/// The changes that turn `before` into `after`, line by line, in order
/// (within a changed stretch, removed lines come before added ones).
pub fn lines<'a>(before: &'a str, after: &'a str) -> Vec<Change<'a>> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(o, n)| o == n).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(o, n)| o == n).count();
    let (old_mid, new_mid) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);

    let mut out: Vec<Change> = old[..prefix].iter().map(|l| Change::Same(l)).collect();
    if old_mid.len().saturating_mul(new_mid.len()) > MAX_CELLS {
        out.extend(old_mid.iter().map(|l| Change::Removed(l)));
        out.extend(new_mid.iter().map(|l| Change::Added(l)));
    } else {
        middle(old_mid, new_mid, &mut out);
    }
    out.extend(old[old.len() - suffix..].iter().map(|l| Change::Same(l)));
    out
}

fn middle<'a>(old: &[&'a str], new: &[&'a str], out: &mut Vec<Change<'a>>) {
    // common[i][j]: length of the LCS of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut common = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * width + j] =
                if old[i] == new[j] { common[(i + 1) * width + j + 1] + 1 } else { common[(i + 1) * width + j].max(common[i * width + j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let flush = |removed: &mut Vec<&'a str>, added: &mut Vec<&'a str>, out: &mut Vec<Change<'a>>| {
        out.extend(removed.drain(..).map(Change::Removed));
        out.extend(added.drain(..).map(Change::Added));
    };
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            flush(&mut removed, &mut added, out);
            out.push(Change::Same(old[i]));
            i += 1;
            j += 1;
        } else if j == new.len() || (i < old.len() && common[(i + 1) * width + j] >= common[i * width + j + 1]) {
            removed.push(old[i]);
            i += 1;
        } else {
            added.push(new[j]);
            j += 1;
        }
    }
    flush(&mut removed, &mut added, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diff as text: `  same`, `- removed`, `+ added`.
    fn show(before: &str, after: &str) -> String {
        lines(before, after)
            .iter()
            .map(|c| match c {
                Change::Same(t) => format!("  {t}"),
                Change::Removed(t) => format!("- {t}"),
                Change::Added(t) => format!("+ {t}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn diffs_read_as_expected() {
        let cases: &[(&str, &str, &str)] = &[
            ("", "", ""),
            ("a\n", "a\n", "  a"),
            ("", "a\nb\n", "+ a\n+ b"),
            ("a\nb\n", "", "- a\n- b"),
            ("a\nb\nc\n", "a\nB\nc\n", "  a\n- b\n+ B\n  c"),
            ("a\nb\nc\n", "a\nc\n", "  a\n- b\n  c"),
            ("a\nc\n", "a\nb\nc\n", "  a\n+ b\n  c"),
            (
                "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(debug=True)\n",
                "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\")\n",
                "+ import os\n  from flask import Flask\n  \n  app = Flask(__name__)\n  \n  if __name__ == \"__main__\":\n-     app.run(debug=True)\n+     app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\")",
            ),
            // Moved lines: one stays, the other is removed and added.
            ("x\ny\n", "y\nx\n", "- x\n  y\n+ x"),
            // No trailing newline on one side changes nothing: lines are compared.
            ("a\nb", "a\nb\n", "  a\n  b"),
        ];
        for (before, after, expected) in cases {
            assert_eq!(show(before, after), *expected, "{before:?} -> {after:?}");
        }
    }

    /// A tiny deterministic generator.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
        fn text(&mut self) -> String {
            (0..self.below(9)).map(|_| ["a", "b", "c", "d"][self.below(4) as usize]).map(|l| format!("{l}\n")).collect()
        }
    }

    fn lcs(old: &[&str], new: &[&str]) -> usize {
        match (old.split_first(), new.split_first()) {
            (Some((o, old_rest)), Some((n, new_rest))) if o == n => 1 + lcs(old_rest, new_rest),
            (Some((_, old_rest)), Some((_, new_rest))) => lcs(old_rest, new).max(lcs(old, new_rest)),
            _ => 0,
        }
    }

    #[test]
    fn every_diff_rebuilds_both_texts_and_keeps_a_longest_common_part() {
        let mut rng = Rng(0x1234_5678);
        for _ in 0..2_000 {
            let (before, after) = (rng.text(), rng.text());
            let changes = lines(&before, &after);
            let old: Vec<&str> = changes.iter().filter(|c| !matches!(c, Change::Added(_))).map(Change::text).collect();
            let new: Vec<&str> = changes.iter().filter(|c| !matches!(c, Change::Removed(_))).map(Change::text).collect();
            assert_eq!(old, before.lines().collect::<Vec<_>>());
            assert_eq!(new, after.lines().collect::<Vec<_>>());
            let same = changes.iter().filter(|c| matches!(c, Change::Same(_))).count();
            assert_eq!(same, lcs(&before.lines().collect::<Vec<_>>(), &after.lines().collect::<Vec<_>>()), "{before:?} -> {after:?}");
        }
    }

    #[test]
    fn a_huge_middle_is_removed_then_added() {
        let before: String = (0..1_500).map(|i| format!("old {i}\n")).collect();
        let after: String = (0..1_500).map(|i| format!("new {i}\n")).collect();
        let changes = lines(&before, &after);
        assert_eq!(changes.len(), 3_000);
        assert!(matches!(changes[0], Change::Removed(_)) && matches!(changes[2_999], Change::Added(_)));
    }
}

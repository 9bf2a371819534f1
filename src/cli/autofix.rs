//! `scan --autofix`: fixes written into the file's own bytes.
//!
//! Each fix replaces exactly the bytes of its finding (its span mapped back to
//! the file by [`SourceFile`]); every other byte is kept, whatever the file's
//! encoding, line endings or BOM. A file is left alone, and said so, when a fix
//! cannot be written in its encoding, or when its bytes are no longer those
//! that were scanned. The new file is written beside the old one and renamed
//! over it with the old file's permissions: an interrupted run leaves either.

use super::source_file::{Fingerprint, SourceFile};
use super::FileReport;
use crate::engine::autofix::{self, Edit};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `--autofix` did to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No finding of the file has a fix.
    NothingToFix,
    /// Written (or, with `--dryrun`, shown): the number of fixes applied and of
    /// fixes skipped because they overlap one applied before them.
    Fixed { applied: usize, skipped: usize },
    /// Not written, and why.
    LeftAlone(String),
}

/// Applies the fixes of `report` to its file (`rule_order`: the configuration's
/// rule ids, which decide between overlapping fixes). With `dryrun`, the new
/// text is returned as a diff and nothing is written.
pub fn fix_file(report: &FileReport, rule_order: &[&str], dryrun: bool) -> (Outcome, Option<String>) {
    let source = &report.source;
    let mut edits = Vec::new();
    for finding in autofix::in_fix_order(&report.report.findings, rule_order) {
        let span = finding.span.within(&source.text);
        let replacement = match source.encode(finding.fix.as_deref().unwrap_or_default()) {
            Ok(bytes) => bytes,
            Err(why) => return (Outcome::LeftAlone(format!("line {}: {why}", finding.start.line)), None),
        };
        edits.push(Edit { start: source.file_offset(span.start as usize), end: source.file_offset(span.end as usize), replacement });
    }
    if edits.is_empty() {
        return (Outcome::NothingToFix, None);
    }
    let path = Path::new(&report.path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return (Outcome::LeftAlone(format!("cannot read it again: {e}")), None),
    };
    if Fingerprint::of(&bytes) != source.fingerprint {
        return (Outcome::LeftAlone("it changed after it was scanned".into()), None);
    }
    let edits = edits.into_iter().map(|edit| autofix::with_line_end_of_empty_fix(&bytes, edit)).collect();
    let applied = autofix::apply(&bytes, edits);
    let outcome = Outcome::Fixed { applied: applied.applied, skipped: applied.skipped.len() };
    if dryrun {
        let after = SourceFile::decode(&applied.bytes);
        return (outcome, Some(super::output::diff(&report.path, &source.text, &after.text)));
    }
    match write_atomically(path, &applied.bytes) {
        Ok(()) => (outcome, None),
        Err(e) => (Outcome::LeftAlone(format!("could not write it: {e}")), None),
    }
}

/// Replaces the file at `path` (through a symbolic link, the file it names)
/// with `bytes`: written to a new file in the same folder, flushed, given the
/// old file's permissions, then renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let temporary = temporary_beside(&target);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&temporary, permissions)?;
        std::fs::rename(&temporary, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// `.<name>.flasklight-<pid>.tmp` in the folder of `target`.
fn temporary_beside(target: &Path) -> PathBuf {
    let name = target.file_name().map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.flasklight-{}.tmp", std::process::id()))
}

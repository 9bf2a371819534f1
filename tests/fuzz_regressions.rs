//! Replays every saved fuzzing input through the entry point of the target that found it.
//!
//! `tests/fuzz_regressions/<target>/<file>` runs through `entries::<target>`
//! (`fuzz/entries.rs`, shared with the libFuzzer targets). Each input must
//! return without panicking within [`BOUND`], on a thread with the 8 MB stack
//! libFuzzer's main thread has. Add a file to add a test; see `scripts/fuzz.sh`.

#[path = "../fuzz/entries.rs"]
mod entries;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one input may take: 2 s optimised, more in an unoptimised test build.
const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 2 });
const STACK: usize = 8 * 1024 * 1024;

fn inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).expect("tests/fuzz_regressions exists") {
        let dir = dir.expect("readable").path();
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(entries::by_name(&target).is_some(), "{}: no fuzz target named {target}", dir.display());
        for file in std::fs::read_dir(&dir).expect("readable") {
            out.push((target.clone(), file.expect("readable").path()));
        }
    }
    out.sort();
    out
}

/// Runs one input; `Err` says how it failed.
fn replay(target: &str, path: &Path) -> Result<Duration, String> {
    let entry = entries::by_name(target).expect("checked in inputs()");
    let data = std::fs::read(path).map_err(|e| e.to_string())?;
    let (done, wait) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| entry(&data));
            let _ = done.send(result.is_ok());
        })
        .map_err(|e| e.to_string())?;
    match wait.recv_timeout(BOUND) {
        Ok(true) => Ok(started.elapsed()),
        Ok(false) => Err("panicked".into()),
        Err(_) => Err(format!("did not return within {BOUND:?}")),
    }
}

#[test]
fn every_saved_input_returns_in_bounded_time() {
    let inputs = inputs();
    assert!(!inputs.is_empty());
    let failures: Vec<String> = inputs
        .iter()
        .filter_map(|(target, path)| replay(target, path).err().map(|e| format!("{target}: {}: {e}", path.display())))
        .collect();
    assert!(failures.is_empty(), "{} of {} inputs failed:\n{}", failures.len(), inputs.len(), failures.join("\n"));
}

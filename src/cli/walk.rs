//! Finding the files to scan: `.gitignore`, `.semgrepignore` and the usual
//! virtualenv/cache folders are skipped, as users expect.

use std::path::PathBuf;

const SKIPPED_DIRS: &[&str] =
    &["venv", ".venv", "env", ".env", "node_modules", "__pycache__", "site-packages", ".tox", ".nox", ".mypy_cache", "build", "dist"];

/// Files under `roots` (files given directly are kept whatever their extension) with one of `extensions` (any file when it is empty).
pub fn files(roots: &[String], extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in roots {
        let path = PathBuf::from(root);
        if path.is_file() {
            continue;
        }
        let walker = ignore::WalkBuilder::new(&path)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .add_custom_ignore_filename(".semgrepignore")
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                !(e.file_type().is_some_and(|t| t.is_dir()) && SKIPPED_DIRS.contains(&name.as_ref()))
            })
            .build();
        for entry in walker.flatten() {
            let p = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file())
                && (extensions.is_empty() || p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)))
            {
                out.push(p.to_path_buf());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

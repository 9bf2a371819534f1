//! Embeds the rule pack (`rules/<category>/<id>.yaml` + `<id>.py`) as
//! `flasklight::bundled::rules()`, and the workshop lessons (`rules/lessons/*.yaml`)
//! as `flasklight::bundled::lessons()`, in the native build (the wasm app fetches
//! them as `bundled.json`, written by scripts/write-bundle.mjs from the same
//! files in the same order); gives the wasm app an 8 MB stack.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.with_extension("py").exists() {
            out.push(path);
        }
    }
}

fn main() {
    // WebAssembly's default stack is 1 MB; the engine is written (and its depth
    // limits are set) for the 8 MB a native main thread has.
    if std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32")) {
        println!("cargo:rustc-link-arg-bins=-zstack-size=8388608");
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let lessons_dir = root.join("lessons");
    files.retain(|f| !f.starts_with(&lessons_dir));
    let mut lessons: Vec<PathBuf> = std::fs::read_dir(&lessons_dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect())
        .unwrap_or_default();
    lessons.sort();
    let mut lesson_code = String::from("&[\n");
    for l in &lessons {
        lesson_code.push_str(&format!("    include_str!({:?}),\n", l.display().to_string()));
        println!("cargo:rerun-if-changed={}", l.display());
    }
    lesson_code.push_str("]\n");
    println!("cargo:rerun-if-changed={}", lessons_dir.display());
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("lessons.rs"), lesson_code).unwrap();
    files.sort();
    let mut code = String::from("&[\n");
    for yaml in files {
        let py = yaml.with_extension("py");
        let id = yaml.file_stem().unwrap().to_string_lossy().to_string();
        let category = yaml.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let code_expr = if py.exists() { format!("include_str!({:?})", py.display().to_string()) } else { "\"\"".to_string() };
        code.push_str(&format!(
            "    BundledRule {{ id: {id:?}, category: {category:?}, yaml: include_str!({:?}), code: {code_expr} }},\n",
            yaml.display().to_string()
        ));
        println!("cargo:rerun-if-changed={}", yaml.display());
        println!("cargo:rerun-if-changed={}", py.display());
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(out, code).unwrap();
}

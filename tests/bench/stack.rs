//! Stack probe: parses hostile inputs on a thread with a small stack (like wasm's 1 MB).
use flasklight::engine::python::{parse_code, tokens};
fn main() {
    let kb: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1024);
    let cases: Vec<(&str, String)> = vec![
        ("100 parens", format!("x = {}1{}\n", "(".repeat(100), ")".repeat(100))),
        ("3000 parens", format!("x = {}1{}\n", "(".repeat(3000), ")".repeat(3000))),
        ("200 blocks", (0..200).map(|i| format!("{}if x:\n", " ".repeat(i))).collect::<String>() + &" ".repeat(200) + "y\n"),
        ("100 blocks", (0..100).map(|i| format!("{}if x:\n", " ".repeat(i))).collect::<String>() + &" ".repeat(100) + "y\n"),
        ("20k terms", format!("x = {}\n", vec!["a"; 20000].join(" + "))),
        ("1900 terms", format!("x = {}\n", vec!["a"; 1900].join(" + "))),
        ("1000 terms", format!("x = {}\n", vec!["a"; 1000].join(" + "))),
        ("1000 terms, tokens only", format!("#t\nx = {}\n", vec!["a"; 1000].join(" + "))),
        ("1000 unary", format!("x = {}a\n", "-".repeat(1000))),
        ("500 lambdas", format!("x = {}a\n", "lambda: ".repeat(500))),
        ("300 dict nest", format!("x = {}1{}\n", "{1:".repeat(90), "}".repeat(90))),
    ];
    let only = std::env::args().nth(2).unwrap_or_default();
    for (name, code) in cases.into_iter().filter(|(n, _)| n.contains(only.as_str())) {
        let name = name.to_string();
        let h = std::thread::Builder::new().stack_size(kb * 1024).spawn(move || {
            let only_tokens = code.starts_with("#t");
            let p = if only_tokens { parse_code("") } else { parse_code(&code) };
            let t = if only_tokens { tokens(&code) } else { Vec::new() };
            format!("{name}: {} errors, {} tokens", p.errors.len(), t.len())
        }).unwrap();
        println!("{}", h.join().unwrap_or_else(|_| "PANIC".into()));
    }
}

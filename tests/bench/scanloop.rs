//! Profiling helper: runs the whole pack on one file many times
//! (`cargo run --release --example scanloop -- FILE [RUNS] [parse|full]`; with
//! `parse`, only parses the file RUNS times; with `full`, each run is a full
//! rescan: a cold parse of the file and every rule, as `bench` measures it; a
//! fourth argument names a rule file to use instead of the pack).
use flasklight::bundled::pack_yaml;
use flasklight::engine::python::parse_code;
use flasklight::engine::session::Session;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = std::fs::read_to_string(&args[1]).expect("file");
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50);
    let mode = args.get(3).map(String::as_str).unwrap_or("");
    if mode == "parse" {
        let total: usize = (0..n).map(|_| parse_code(&code).root.children.len()).sum();
        println!("{total}");
        return;
    }
    let mut s = Session::new();
    let rules = args.get(4).map_or_else(pack_yaml, |path| std::fs::read_to_string(path).expect("rules"));
    s.set_rules(&rules);
    s.set_code(&code);
    let mut total = s.run().findings.len();
    for _ in 0..n {
        if mode == "full" {
            s.set_code("");
            s.set_code(&code);
        }
        total += s.run().findings.len();
    }
    println!("{total}");
}

//! Scan benchmark: parse a generated N-line Flask file and run the bundled pack.
//!
//! `cargo run --release --example bench -- [LINES] [--semgrep]` prints parse,
//! full rescan (parse + all rules) and one-line-edit rescan times (median of
//! repeated runs), and with `--semgrep` the time of `semgrep` on the same file
//! and rules, side by side. `--precise` runs every analysis beyond Semgrep's
//! for every rule, `--exact` none (default: as each rule's `options:` say);
//! `--analysis NAME` one of them alone for every rule (`constant_conditions`,
//! `guards`, `containers`, `propagation`, `functions`, as in `precise_NAME`).
//! `--rescans K` only times K full rescans (after one untimed) and prints
//! their median in ms (`scripts/analysis-cost.sh` prices each analysis so,
//! and counts instructions with valgrind).

use flasklight::bundled::{pack_yaml, rules, rules_yaml};
use flasklight::engine::python::parse_code;
use flasklight::engine::session::Session;
use flasklight::engine::rule::{PreciseMode, Precision};
use std::sync::OnceLock;
use std::time::Instant;

/// `--precise` / `--exact`, for every session the benchmark makes.
static MODE: OnceLock<PreciseMode> = OnceLock::new();

fn new_session() -> Session {
    let mut session = Session::new();
    session.set_precise(*MODE.get().unwrap_or(&PreciseMode::AsRules));
    session
}

/// A realistic Flask file of about `lines` lines, built from the pack's test files.
fn corpus(lines: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.lines().count() < lines {
        let rule = &rules()[i % rules().len()];
        // Rename top-level functions so repeated copies stay distinct.
        out.push_str(&rule.code.replace("def ", &format!("def v{i}_")));
        out.push('\n');
        i += 1;
    }
    out.lines().take(lines).collect::<Vec<_>>().join("\n") + "\n"
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    median_of(runs, || {
        let t = Instant::now();
        f();
        ms_since(t)
    })
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The median of `runs` measurements, each the ms that one call of `f` reports.
fn median_of(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    let mut times: Vec<f64> = (0..runs).map(|_| f()).collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times[runs / 2]
}

/// Milliseconds for a full rescan of `code`: a cold parse (no chunk left to
/// reuse) and every rule. The old tree is freed before the clock starts: the
/// app's scan worker frees it after it has sent the results, so freeing it is
/// not part of the time to a highlight.
fn full_rescan(session: &mut Session, code: &str) -> f64 {
    session.set_code("");
    session.release();
    let t = Instant::now();
    session.set_code(code);
    let _ = session.run();
    ms_since(t)
}

/// The median ms of `k` full rescans, in a function of its own: what
/// `valgrind --toggle-collect=bench::timed_rescans` counts (not the set-up,
/// not the untimed first rescan).
#[inline(never)]
fn timed_rescans(session: &mut Session, code: &str, k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    median_of(k, || full_rescan(session, code))
}

/// `--tsv N... [--out DIR]`: for each size N one tab-separated line
/// `lines  bytes  parse_ms  compile_ms  full_ms  findings` (medians; full = cold
/// parse + the whole pack, rules compiled once), for `scripts/bench-table.sh`.
/// With `--out`, also writes `DIR/app_N.py` and `DIR/pack.yaml` so that other
/// tools can scan the very same files.
fn tsv(args: &[String]) {
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let out_dir = args.iter().position(|a| a == "--out").map(|i| std::path::PathBuf::from(&args[i + 1]));
    let yaml = pack_yaml();
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).expect("create --out");
        std::fs::write(dir.join("pack.yaml"), &yaml).expect("write pack");
    }
    let compile = median_ms(11, || {
        let mut s = new_session();
        s.set_rules(&yaml);
    });
    for n in sizes {
        let code = corpus(n);
        if let Some(dir) = &out_dir {
            std::fs::write(dir.join(format!("app_{n}.py")), &code).expect("write file");
        }
        let runs = if n >= 10_000 { 7 } else { 21 };
        let parse = median_ms(runs, || {
            let _ = parse_code(&code);
        });
        // A full rescan: a cold parse (no chunk reused) and every rule, the rules compiled
        // beforehand and already in use (see `main` for the first scan after compiling).
        let mut s = new_session();
        s.set_rules(&yaml);
        s.set_code(&code);
        let findings = s.run().findings.len();
        let full = median_of(runs, || full_rescan(&mut s, &code));
        println!("{n}\t{}\t{parse:.3}\t{compile:.3}\t{full:.3}\t{findings}", code.len());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let analysis = args.iter().position(|a| a == "--analysis").and_then(|i| args.get(i + 1));
    let mode = if let Some(name) = analysis {
        let mut precision = Precision::NONE;
        let key = if name.starts_with("precise_") { name.clone() } else { format!("precise_{name}") };
        match precision.field(&key) {
            Some(on) => *on = true,
            None => panic!("--analysis: one of {:?}", Precision::KEYS),
        }
        PreciseMode::Only(precision)
    } else if args.iter().any(|a| a == "--precise") {
        PreciseMode::All
    } else if args.iter().any(|a| a == "--exact") {
        PreciseMode::Exact
    } else {
        PreciseMode::AsRules
    };
    let _ = MODE.set(mode);
    if args.iter().any(|a| a == "--tsv") {
        tsv(&args);
        return;
    }
    // The line count is the one number that is not the value of a flag.
    let lines: usize = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || !args[i - 1].starts_with("--"))
        .find_map(|(_, a)| a.parse().ok())
        .unwrap_or(2000);
    // `--file PATH` benchmarks a given Python file instead of the generated one.
    let code = match args.iter().position(|a| a == "--file") {
        Some(i) => std::fs::read_to_string(&args[i + 1]).expect("read --file"),
        None => corpus(lines),
    };
    // `--dump PATH` writes the file to PATH and stops (for profilers: see `scanloop`).
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        std::fs::write(&args[i + 1], &code).expect("write --dump");
        return;
    }
    let lines = code.lines().count();
    // `--rules N`: only the first N rules of the pack (issue 2's benchmark names 25).
    // `--pack-file PATH`: these rules instead of the pack (e.g. the pack with the
    // analyses beyond Semgrep's turned on, to price them).
    let yaml = match args.iter().position(|a| a == "--rules").and_then(|i| args.get(i + 1)?.parse::<usize>().ok()) {
        Some(n) => rules_yaml(&rules()[..n.min(rules().len())]),
        None => match args.iter().position(|a| a == "--pack-file") {
            Some(i) => std::fs::read_to_string(&args[i + 1]).expect("read --pack-file"),
            None => pack_yaml(),
        },
    };
    let mut session = new_session();
    let diagnostics = session.set_rules(&yaml);
    assert!(diagnostics.iter().all(|d| d.severity != "error"), "{diagnostics:?}");
    let rules = session.rules().len();
    if let Some(k) = args.iter().position(|a| a == "--rescans").and_then(|i| args.get(i + 1)?.parse::<usize>().ok()) {
        full_rescan(&mut session, &code);
        println!("{:.3}", timed_rescans(&mut session, &code, k));
        return;
    }
    let parse = median_ms(21, || {
        let _ = parse_code(&code);
    });
    let compile = median_ms(21, || {
        let mut s = new_session();
        s.set_rules(&yaml);
    });
    // The first scan after compiling: cold parse, and the regexes' lazy automata still empty.
    let first = median_of(21, || {
        let mut s = new_session();
        s.set_rules(&yaml);
        let t = Instant::now();
        s.set_code(&code);
        let _ = s.run();
        ms_since(t)
    });
    // A full rescan: a whole new file (no parse reused) with rules already in use, as
    // when a file is pasted into the app or the CLI reaches its next file.
    let full = median_of(21, || full_rescan(&mut session, &code));
    session.set_code(&code);
    let findings = session.run().findings.len();
    let scan_only = median_ms(21, || {
        let _ = session.run();
    });
    let mut toggle = false;
    let edit = median_of(21, || {
        toggle = !toggle;
        let edited = code.replacen("app = Flask(__name__)", if toggle { "app = Flask(__name__)  " } else { "app = Flask(__name__)" }, 1);
        session.release();
        let t = Instant::now();
        session.set_code(&edited);
        let _ = session.run();
        ms_since(t)
    });
    println!("file: {lines} lines, {} bytes; rules: {rules}; findings: {findings}", code.len());
    println!("| step | median ms |\n|---|---|");
    println!("| parse (whole file: parser, lowering, names, constants) | {parse:.2} |");
    println!("| compile the pack | {compile:.2} |");
    println!("| full rescan: cold parse + {rules} rules (compiled once) | {full:.2} |");
    println!("| first scan after compiling the rules (cold parse, cold regex automata) | {first:.2} |");
    println!("| rules only (tree cached) | {scan_only:.2} |");
    println!("| one-line edit: incremental parse + {rules} rules | {edit:.2} |");
    if args.iter().any(|a| a == "--per-rule") {
        per_rule(&code, full);
    }
    // `--rule YAML`: the cost of one rule file on the same file (to tune a rule).
    if let Some(i) = args.iter().position(|a| a == "--rule") {
        let yaml = std::fs::read_to_string(&args[i + 1]).expect("read --rule");
        let mut s = new_session();
        assert!(s.set_rules(&yaml).is_empty(), "the rule does not compile");
        s.set_code(&code);
        let ms = median_ms(15, || {
            let _ = s.run();
        });
        println!("| {} | {ms:.3} | {:.1}% |", args[i + 1], 100.0 * ms / full);
    }
    if args.iter().any(|a| a == "--semgrep") {
        let dir = std::env::temp_dir().join("flasklight-bench");
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join("app.py");
        let rules_file = dir.join("pack.yaml");
        std::fs::write(&file, &code).unwrap();
        std::fs::write(&rules_file, &yaml).unwrap();
        let exe = std::env::current_exe().unwrap();
        let cli = exe.parent().unwrap().parent().unwrap().join("flasklight");
        let time_cmd = |program: &std::path::Path, args: &[&str]| {
            let t = Instant::now();
            let out = std::process::Command::new(program)
                .args(args)
                .env("SEMGREP_ENABLE_VERSION_CHECK", "0")
                .output()
                .expect("run");
            (t.elapsed().as_secs_f64() * 1000.0, out.status)
        };
        let f = file.to_str().unwrap();
        let r = rules_file.to_str().unwrap();
        let (ours, _) = time_cmd(&cli, &["scan", "--json", "--config", r, f]);
        let (theirs, status) = time_cmd(
            std::path::Path::new("semgrep"),
            &["--metrics=off", "--disable-version-check", "--json", "--quiet", "--config", r, f],
        );
        println!("| CLI `flasklight scan --json` (process, wall) | {ours:.1} |");
        println!("| `semgrep --json` same rules and file (process, wall; {status}) | {theirs:.1} |");
        println!("speed-up: {:.0}x", theirs / ours);
    }
}

/// Per-rule cost on the same file, slowest first, as a share of the full
/// rescan with the whole pack (run with `--per-rule`; issue 23 caps every rule
/// at 10%). Each rule runs alone on the parsed tree; what a scan costs with a
/// rule that never matches (walking the tree once, per run, whatever the
/// rules) is paid once per rescan, not once per rule, so the share counts the
/// time above it.
#[allow(dead_code)]
pub fn per_rule(code: &str, full_ms: f64) {
    let time_rule = |yaml: &str| {
        let mut s = new_session();
        s.set_rules(yaml);
        s.set_code(code);
        median_ms(5, || {
            let _ = s.run();
        })
    };
    let baseline = time_rule("rules:\n  - {id: never, languages: [python], severity: INFO, message: m, pattern: never_called_anywhere()}\n");
    let mut rows: Vec<(f64, &str)> = rules().iter().map(|rule| (time_rule(rule.yaml), rule.id)).collect();
    rows.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    println!("\nper run, whatever the rules: {baseline:.3} ms");
    println!("| rule | ms alone | ms above that | % of full rescan |\n|---|---:|---:|---:|");
    for (ms, id) in &rows {
        let own = (ms - baseline).max(0.0);
        let share = 100.0 * own / full_ms;
        let over = if share > 10.0 { " (over 10%)" } else { "" };
        println!("| {id} | {ms:.3} | {own:.3} | {share:.1}%{over} |");
    }
}

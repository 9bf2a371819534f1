//! What an open explain panel costs the scan worker, natively: the whole pack
//! on a Flask file (the browser benchmark's, `tests/e2e/flaskfile.mjs`, given
//! as a path), and for each rule the Inspect answer as the worker computes
//! and sends it after the scan: its time (median of runs) and its size.
//!
//! `cargo run --profile profiling --example explain_cost -- FILE [RULE_ID]`
//! (write FILE with `node -e 'import("./tests/e2e/flaskfile.mjs").then(m => process.stdout.write(m.flaskFile(1000)))' > FILE`).

use flasklight::bundled::pack_yaml;
use flasklight::engine::session::Session;
use flasklight::protocol::{answer, ExplainRequest, Panel};
use flasklight::engine::source::Span;
use std::time::Instant;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = std::fs::read_to_string(args.get(1).expect("a Flask file")).expect("readable");
    let only = args.get(2);
    let rules = pack_yaml();
    let mut session = Session::new();
    session.set_rules(&rules);
    session.set_code(&code);
    let scan = median((0..9).map(|_| {
        let t = Instant::now();
        session.run();
        t.elapsed().as_secs_f64() * 1000.0
    }).collect());
    println!("scan with the pack ({} rules): {scan:.2} ms", session.rules().len());
    let ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).filter(|id| only.is_none_or(|o| o == id)).collect();
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let mut total = Vec::new();
    for id in ids {
        let request = ExplainRequest { panel: Panel::Inspect, rule_id: Some(id.clone()), disabled: Vec::new(), asked: Span::new(0, 0) };
        let mut bytes = 0;
        let ms = median((0..5).map(|_| {
            let t = Instant::now();
            let explanation = answer(&mut session, &rules, &request, &clock);
            bytes = serde_json::to_string(&explanation).map_or(0, |s| s.len());
            t.elapsed().as_secs_f64() * 1000.0
        }).collect());
        println!("{id:50} {ms:8.2} ms {bytes:8} bytes");
        total.push(ms);
    }
    if !total.is_empty() {
        println!("median over rules: {:.2} ms; max {:.2} ms", median(total.clone()), total.iter().cloned().fold(0.0, f64::max));
    }
}

//! Debugging helper: prints a pattern tree, a code tree and the lines it matches
//! (`cargo run --example dbg -- PATTERN_FILE CODE_FILE [show-tree]`).
use flasklight::engine::matcher::{find, TreeIndex, DEFAULT_BUDGET};
use flasklight::engine::pattern::parse_pattern;
use flasklight::engine::python::parse_code;
use flasklight::engine::source::LineIndex;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pattern = std::fs::read_to_string(&args[1]).unwrap();
    let code = std::fs::read_to_string(&args[2]).unwrap();
    let p = parse_pattern(&pattern);
    match &p { Ok(p) => eprintln!("{}", match &p.shape { flasklight::engine::pattern::Shape::Seq(v) => v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("\n"), flasklight::engine::pattern::Shape::Expr(n)|flasklight::engine::pattern::Shape::Stmt(n)|flasklight::engine::pattern::Shape::Decorator(n) => format!("{:?} {}", std::mem::discriminant(&p.shape), n) }), Err(e) => { eprintln!("{e:?}"); return; } }
    let p = p.unwrap();
    let parsed = parse_code(&code);
    if args.len() > 3 { eprintln!("{}", parsed.root); }
    eprintln!("errors {:?}", parsed.errors);
    let index = TreeIndex::new(&parsed.root);
    let found = find(&p, &index, DEFAULT_BUDGET);
    let li = LineIndex::new(&code);
    for m in &found.matches { println!("line {} {:?}", li.position(&code, m.span.start).line, m.span); }
}

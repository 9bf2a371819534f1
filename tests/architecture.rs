//! The engine's shape, checked: no `use` cycles between engine modules, the
//! stated layering, and no engine file over 800 lines.
//!
//! The module graph is read from the sources: every `use`/path that starts
//! with `super::`, `self::`, `crate::engine::` or (in a `mod.rs`) the name of a
//! child module is an edge from the file's module to the longest known module
//! that path names. A file is a module (`rule/mod.rs` is `rule`,
//! `rule/eval.rs` is `rule::eval`); comments, strings and `#[cfg(test)]`
//! modules are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files that may exceed [`MAX_LINES`] for now: the ones still being split.
/// This list may only shrink; a file leaves it once it is under the limit.
const TOO_LONG_FOR_NOW: &[&str] = &[];

/// The most lines an engine file may have.
const MAX_LINES: usize = 800;

/// Modules that depend on nothing but the ones listed (the leaves of the engine).
const LEAVES: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("limits", &[]),
    ("precision", &[]),
    ("metavar", &[]),
    ("report", &["source", "limits", "precision"]),
];

/// Edges that go against the layering, and why.
const FORBIDDEN: &[(&str, &str, &str)] = &[
    ("config", "taint", "reading rule YAML builds the rule model; it does not run taint analysis"),
    ("config", "matcher", "reading rule YAML builds the rule model; it does not match"),
    ("generic", "matcher", "the generic language is text-level; it shares only metavariable syntax (metavar.rs)"),
    ("regex", "matcher", "regexes are text-level"),
    ("compare", "matcher", "metavariable-comparison is an expression language over text"),
];

/// Names an engine file must never use: the engine is plain Rust, no web or OS layer.
const FOREIGN: &[&str] = &["crate::app", "crate::cli", "crate::bundled", "crate::lessons", "crate::share", "yew::", "web_sys::", "wasm_bindgen", "js_sys::", "gloo", "std::fs", "std::net", "std::process"];

type Module = Vec<String>;

fn display(module: &Module) -> String {
    if module.is_empty() {
        "engine".into()
    } else {
        module.join("::")
    }
}

/// Every `.rs` file under `dir`, by path relative to `root`.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).expect("under root").to_path_buf());
        }
    }
}

/// The module a file under `src/engine` is: `rule/mod.rs` -> [rule], `rule/eval.rs` -> [rule, eval].
fn module_of(relative: &Path) -> Module {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.pop().expect("a file name");
    match file.as_str() {
        "mod.rs" => parts,
        other => {
            parts.push(other.trim_end_matches(".rs").to_string());
            parts
        }
    }
}

/// The code of a Rust file with comments, string and char literals blanked
/// out (lengths kept), so that only real paths are read.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && raw_string_may_start(&chars, i) {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() && !(chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#'))) {
                j += 1;
            }
            let end = (j + 1 + hashes).min(chars.len());
            for k in i..end {
                out.push(blank(chars[k]));
            }
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 3..chars.len().min(i + 12)).find(|&j| chars[j] == '\'')
            } else {
                (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match close {
                Some(end) => {
                    for _ in i..=end {
                        out.push(' ');
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether the `r` at `at` may start a raw string (`r"`, `br"`): it does not end an identifier.
fn raw_string_may_start(chars: &[char], at: usize) -> bool {
    let ends_ident = |i: usize| i < chars.len() && is_ident(chars[i]);
    match at.checked_sub(1) {
        None => true,
        Some(before) if chars[before] == 'b' => before == 0 || !ends_ident(before - 1),
        Some(before) => !ends_ident(before),
    }
}

/// `code` without its `#[cfg(test)] mod name { ... }` blocks.
fn without_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|p| p + from) {
        let rest = out[at + "#[cfg(test)]".len()..].trim_start();
        let is_mod = rest.starts_with("mod ") || rest.starts_with("pub mod ");
        let open = out[at..].find('{').map(|p| p + at);
        let semi = out[at..].find(';').map(|p| p + at);
        match open {
            Some(open) if is_mod && semi.is_none_or(|s| s > open) => {
                let mut depth = 0;
                let mut end = out.len();
                for (i, c) in out[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let blanked: String = out[at..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
                out.replace_range(at..end, &blanked);
                from = end;
            }
            _ => from = at + 1,
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths of a `use` tree or path expression starting at `at`: each a
/// list of segments (`super::{a, b::c}` gives [super, a] and [super, b, c]).
fn paths_at(code: &[char], mut at: usize) -> Vec<Vec<String>> {
    let skip_space = |at: &mut usize| {
        while *at < code.len() && code[*at].is_whitespace() {
            *at += 1;
        }
    };
    let mut prefix = Vec::new();
    loop {
        skip_space(&mut at);
        if at < code.len() && code[at] == '{' {
            // A group: split at top-level commas, each item a tree of its own.
            let mut out = Vec::new();
            let mut depth = 0;
            let mut item_start = at + 1;
            let mut i = at;
            while i < code.len() {
                match code[i] {
                    '{' => depth += 1,
                    '}' | ',' if depth == 1 => {
                        for path in paths_at(code, item_start) {
                            let mut full = prefix.clone();
                            full.extend(path);
                            out.push(full);
                        }
                        item_start = i + 1;
                        if code[i] == '}' {
                            break;
                        }
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            return out;
        }
        let start = at;
        while at < code.len() && is_ident(code[at]) {
            at += 1;
        }
        if at == start {
            return if prefix.is_empty() { Vec::new() } else { vec![prefix] };
        }
        prefix.push(code[start..at].iter().collect());
        skip_space(&mut at);
        if code.get(at) == Some(&':') && code.get(at + 1) == Some(&':') {
            at += 2;
        } else {
            return vec![prefix];
        }
    }
}

/// The engine modules a path used in `module` names: the longest known module
/// it starts with, if it is an engine path at all.
fn resolve(module: &Module, path: &[String], children: &BTreeSet<String>, known: &BTreeSet<Module>) -> Option<Module> {
    let mut segments = path.iter().peekable();
    let mut base: Module = match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
            if segments.next().map(String::as_str) != Some("engine") {
                return None;
            }
            Vec::new()
        }
        Some("super") => {
            let mut base = module.clone();
            while segments.peek().map(|s| s.as_str()) == Some("super") {
                segments.next();
                base.pop()?;
            }
            base
        }
        Some("self") => {
            segments.next();
            module.clone()
        }
        Some(first) if children.contains(first) => module.clone(),
        _ => return None,
    };
    let mut best = None;
    for segment in segments {
        base.push(segment.clone());
        if known.contains(&base) {
            best = Some(base.clone());
        } else {
            break;
        }
    }
    // `super::Thing` names the parent module itself.
    best.or_else(|| (path.first().map(String::as_str) == Some("super")).then(|| {
        let depth = path.iter().take_while(|s| *s == "super").count();
        module[..module.len() - depth].to_vec()
    }))
}

struct Engine {
    /// Module -> (file, code without comments, strings and tests, line count).
    files: BTreeMap<Module, (PathBuf, String, usize)>,
}

impl Engine {
    fn read() -> Engine {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
        let mut paths = Vec::new();
        rust_files(&root, &root, &mut paths);
        let files = paths
            .into_iter()
            .map(|relative| {
                let text = std::fs::read_to_string(root.join(&relative)).expect("readable source");
                let lines = text.lines().count();
                (module_of(&relative), (relative, without_test_modules(&code_only(&text)), lines))
            })
            .collect();
        Engine { files }
    }

    /// Each module's direct dependencies on other engine modules.
    fn graph(&self) -> BTreeMap<Module, BTreeSet<Module>> {
        let known: BTreeSet<Module> = self.files.keys().cloned().collect();
        let mut graph = BTreeMap::new();
        for (module, (_, code, _)) in &self.files {
            let children: BTreeSet<String> = known
                .iter()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
                .map(|m| m.last().expect("a child has a name").clone())
                .collect();
            let chars: Vec<char> = code.chars().collect();
            let mut deps = BTreeSet::new();
            for at in 0..chars.len() {
                // The start of a path: not preceded by `::` or an identifier.
                if !is_ident(chars[at]) || (at > 0 && (is_ident(chars[at - 1]) || chars[at - 1] == ':')) {
                    continue;
                }
                let word: String = chars[at..].iter().take_while(|c| is_ident(**c)).collect();
                let starts_path = matches!(word.as_str(), "super" | "self" | "crate") || children.contains(&word);
                if !starts_path {
                    continue;
                }
                for path in paths_at(&chars, at) {
                    if path.len() < 2 {
                        continue;
                    }
                    if let Some(target) = resolve(module, &path, &children, &known) {
                        if &target != module && !target.is_empty() {
                            deps.insert(target);
                        }
                    }
                }
            }
            graph.insert(module.clone(), deps);
        }
        graph
    }
}

/// The cycles of a graph: one path per strongly connected component of more than one module.
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    // Tarjan's algorithm.
    struct State<'g> {
        graph: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'g Module, usize>,
        low: BTreeMap<&'g Module, usize>,
        stack: Vec<&'g Module>,
        on_stack: BTreeSet<&'g Module>,
        components: Vec<Vec<&'g Module>>,
    }
    fn visit<'g>(s: &mut State<'g>, module: &'g Module) {
        let n = s.index.len();
        s.index.insert(module, n);
        s.low.insert(module, n);
        s.stack.push(module);
        s.on_stack.insert(module);
        for next in s.graph.get(module).into_iter().flatten() {
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[module].min(s.low[next]);
                s.low.insert(module, low);
            } else if s.on_stack.contains(next) {
                let low = s.low[module].min(s.index[next]);
                s.low.insert(module, low);
            }
        }
        if s.low[module] == s.index[module] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top);
                if top == module {
                    break;
                }
            }
            s.components.push(component);
        }
    }
    let mut state = State { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on_stack: BTreeSet::new(), components: Vec::new() };
    for module in graph.keys() {
        if !state.index.contains_key(module) {
            visit(&mut state, module);
        }
    }
    // Every shortest cycle through each module of a knot, each named once.
    let mut out: Vec<Vec<Module>> = Vec::new();
    for component in state.components.into_iter().filter(|c| c.len() > 1) {
        let members: BTreeSet<&Module> = component.iter().copied().collect();
        for &start in &members {
            let cycle = shortest_cycle(graph, &members, start);
            // The same cycle from another start: rotate it to its smallest module.
            let ring = &cycle[..cycle.len() - 1];
            let first = (0..ring.len()).min_by_key(|&i| &ring[i]).expect("non-empty");
            let mut rotated: Vec<Module> = ring[first..].iter().chain(&ring[..first]).cloned().collect();
            rotated.push(rotated[0].clone());
            if !out.contains(&rotated) {
                out.push(rotated);
            }
        }
    }
    out
}

/// A shortest path from `start` back to itself within `members`.
fn shortest_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>, members: &BTreeSet<&Module>, start: &Module) -> Vec<Module> {
    let mut previous: BTreeMap<&Module, &Module> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(module) = queue.pop_front() {
        for next in graph[module].iter().filter(|m| members.contains(m)) {
            if next == start {
                closing = Some(module);
                break 'search;
            }
            if !previous.contains_key(next) {
                previous.insert(next, module);
                queue.push_back(next);
            }
        }
    }
    let mut at = closing.expect("a module of a knot lies on a cycle");
    let mut back = vec![at.clone()];
    while at != start {
        at = previous[at];
        back.push(at.clone());
    }
    let mut path: Vec<Module> = back.into_iter().rev().collect();
    path.push(start.clone());
    path
}

#[test]
fn engine_modules_form_no_cycle() {
    let graph = Engine::read().graph();
    let found: Vec<String> = cycles(&graph).iter().map(|c| c.iter().map(display).collect::<Vec<_>>().join(" -> ")).collect();
    assert!(found.is_empty(), "import cycles between engine modules:\n  {}", found.join("\n  "));
}

#[test]
fn engine_layers_hold() {
    let engine = Engine::read();
    let graph = engine.graph();
    let mut problems = Vec::new();
    for (leaf, allowed) in LEAVES {
        let module: Module = vec![leaf.to_string()];
        match graph.get(&module) {
            None => problems.push(format!("`{leaf}` should exist as a leaf module")),
            Some(deps) => {
                for dep in deps.iter().filter(|d| !allowed.contains(&display(d).as_str())) {
                    problems.push(format!("`{leaf}` is a leaf (it may use only {allowed:?}) but uses `{}`", display(dep)));
                }
            }
        }
    }
    for (from, to, why) in FORBIDDEN {
        // `from` and its submodules (`config` and `config::formula`).
        for (module, deps) in graph.iter().filter(|(m, _)| m.first().map(String::as_str) == Some(*from)) {
            if deps.iter().any(|d| d.first().map(String::as_str) == Some(*to)) {
                problems.push(format!("`{}` uses `{to}`: {why}", display(module)));
            }
        }
    }
    for (module, (file, code, _)) in &engine.files {
        for name in FOREIGN {
            if code.contains(name) {
                problems.push(format!("engine/{} ({}) names `{name}`: the engine is plain Rust, no web or OS layer", file.display(), display(module)));
            }
        }
        let in_python = module.first().map(String::as_str) == Some("python");
        if !in_python && code.split(|c: char| !is_ident(c)).any(|word| word.starts_with("ruff_")) {
            problems.push(format!("engine/{} names ruff's types: only engine/python may", file.display()));
        }
    }
    assert!(problems.is_empty(), "layering:\n  {}", problems.join("\n  "));
}

#[test]
fn engine_files_stay_small() {
    let engine = Engine::read();
    let too_long: Vec<String> = engine
        .files
        .values()
        .filter(|(file, _, lines)| *lines > MAX_LINES && !TOO_LONG_FOR_NOW.contains(&file.to_string_lossy().as_ref()))
        .map(|(file, _, lines)| format!("engine/{} has {lines} lines", file.display()))
        .collect();
    assert!(too_long.is_empty(), "engine files over {MAX_LINES} lines (split them by job):\n  {}", too_long.join("\n  "));
}

/// The reader itself: paths in groups, `super` chains, comments and strings ignored.
#[test]
fn the_graph_reader_reads_use_trees() {
    let code: Vec<char> = code_only("use super::{a::X, b::{c, d::Y}}; // super::nope\nlet s = \"super::no\";").chars().collect();
    let at = code.iter().collect::<String>().find("super").expect("a path");
    let paths: Vec<String> = paths_at(&code, at).iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["super::a::X", "super::b::c", "super::b::d::Y"]);
    assert!(!code.iter().collect::<String>().contains("nope") && !code.iter().collect::<String>().contains("no\""));
    let known: BTreeSet<Module> = [vec!["rule".to_string()], vec!["rule".into(), "eval".into()], vec!["tree".into()]].into_iter().collect();
    let eval: Module = vec!["rule".into(), "eval".into()];
    let path = |p: &str| p.split("::").map(str::to_string).collect::<Vec<_>>();
    assert_eq!(resolve(&eval, &path("super::super::tree::Node"), &BTreeSet::new(), &known), Some(vec!["tree".to_string()]));
    assert_eq!(resolve(&eval, &path("super::Rule"), &BTreeSet::new(), &known), Some(vec!["rule".to_string()]));
    assert_eq!(resolve(&eval, &path("crate::engine::tree::Kind"), &BTreeSet::new(), &known), Some(vec!["tree".to_string()]));
    let cyclic: BTreeMap<Module, BTreeSet<Module>> = [
        (vec!["a".to_string()], [vec!["b".to_string()]].into_iter().collect()),
        (vec!["b".to_string()], [vec!["a".to_string()]].into_iter().collect()),
        (vec!["c".to_string()], BTreeSet::new()),
    ]
    .into_iter()
    .collect();
    assert_eq!(cycles(&cyclic).len(), 1);
}

//! Import resolution: which qualified name a local name stands for.
//!
//! `import subprocess as sp` makes `sp` stand for `subprocess`;
//! `from flask import request as req` makes `req` stand for `flask.request`.
//! Every `Name` bound by an import gets `resolved` set, so that the pattern
//! `subprocess.run(...)` matches `sp.run(...)`. A name takes the meaning of the
//! last import of it before its use (or the first import, if all come later);
//! assignments do not shadow imports.

use super::tree::{Kind, Node};
use std::collections::HashMap;

pub fn resolve_imports(root: &mut Node) {
    let mut aliases: HashMap<String, Vec<(u32, String)>> = HashMap::new();
    let mut add = |local: String, at: u32, qualified: String| aliases.entry(local).or_default().push((at, qualified));
    root.walk(&mut |node| match node.kind {
        Kind::Import => {
            for alias in &node.children[0].children {
                let Some(module) = alias.children[0].dotted() else { continue };
                match alias.children[1].kind {
                    Kind::Ident => add(alias.children[1].text.to_string(), node.start, module),
                    _ => {
                        let head = module.split('.').next().unwrap_or(&module).to_string();
                        add(head.clone(), node.start, head);
                    }
                }
            }
        }
        Kind::ImportFrom => {
            let module = &node.children[0].text;
            if module.starts_with('.') {
                return;
            }
            for alias in &node.children[1].children {
                let Some(name) = alias.children[0].dotted() else { continue };
                if name == "*" {
                    continue;
                }
                let local = match alias.children[1].kind {
                    Kind::Ident => alias.children[1].text.to_string(),
                    _ => name.clone(),
                };
                add(local, node.start, format!("{module}.{name}"));
            }
        }
        _ => {}
    });
    if !aliases.is_empty() {
        set_resolved(root, &aliases);
    }
}

fn set_resolved(node: &mut Node, aliases: &HashMap<String, Vec<(u32, String)>>) {
    if node.kind == Kind::Name {
        if let Some(imports) = aliases.get(&*node.text) {
            // `walk` visits in source order, so the list is sorted by position.
            let before = imports.iter().rev().find(|(at, _)| *at <= node.start);
            if let Some((_, q)) = before.or(imports.first()) {
                node.resolved = Some(q.as_str().into());
            }
        }
        return;
    }
    // Names inside import statements are not uses.
    if matches!(node.kind, Kind::Import | Kind::ImportFrom) {
        return;
    }
    for child in &mut node.children {
        set_resolved(child, aliases);
    }
}

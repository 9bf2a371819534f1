//! Import resolution: which qualified name a local name stands for.
//!
//! `import subprocess as sp` makes `sp` stand for `subprocess`;
//! `from flask import request as req` makes `req` stand for `flask.request`.
//! Every `Name` bound by an import gets `resolved` set, so that the pattern
//! `subprocess.run(...)` matches `sp.run(...)`. A name takes the meaning of the
//! last import of it before its use (or the first import, if all come later);
//! assignments do not shadow imports.

use super::tree::{Kind, Node};
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::sync::Arc;

pub fn resolve_imports(root: &mut Node) {
    let mut aliases: HashMap<String, Vec<(u32, Arc<str>)>> = HashMap::default();
    let mut add = |local: String, at: u32, qualified: String| aliases.entry(local).or_default().push((at, qualified.into()));
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
    let star = star_import(root);
    if !aliases.is_empty() || star.is_some() {
        let defined = match &star {
            Some(_) => defined_names(root),
            None => Default::default(),
        };
        set_resolved(root, &aliases, star.as_deref(), &defined);
    }
}

/// The module of the file's one top-level `from M import *`, if it has exactly one.
fn star_import(root: &Node) -> Option<String> {
    let mut modules: Vec<String> = root.children[0]
        .children
        .iter()
        .filter(|n| {
            n.kind == Kind::ImportFrom
                && !n.children[0].text.starts_with('.')
                && n.children[1].children.iter().any(|a| &*a.children[0].text == "*")
        })
        .map(|n| n.children[0].text.to_string())
        .collect();
    (modules.len() == 1).then(|| modules.remove(0))
}

/// Names the file binds itself (assignment and loop targets, definitions, parameters).
fn defined_names(root: &Node) -> FxHashSet<String> {
    fn targets(t: &Node, out: &mut FxHashSet<String>) {
        match t.kind {
            Kind::Name => {
                out.insert(t.text.to_string());
            }
            Kind::Tuple | Kind::List => t.children[0].children.iter().for_each(|c| targets(c, out)),
            Kind::Starred => targets(&t.children[0], out),
            _ => {}
        }
    }
    let mut out = FxHashSet::default();
    root.walk(&mut |n| match n.kind {
        Kind::Assign => n.children[0].children.iter().for_each(|t| targets(t, &mut out)),
        Kind::AugAssign | Kind::AnnAssign | Kind::For | Kind::NamedExpr | Kind::Comprehension => targets(&n.children[0], &mut out),
        Kind::WithItem => targets(&n.children[1], &mut out),
        Kind::FunctionDef | Kind::ClassDef => {
            out.insert(n.children[1].text.to_string());
        }
        Kind::Param => {
            out.insert(n.children[0].text.to_string());
        }
        _ => {}
    });
    out
}

fn set_resolved(
    node: &mut Node,
    aliases: &HashMap<String, Vec<(u32, Arc<str>)>>,
    star: Option<&str>,
    defined: &FxHashSet<String>,
) {
    if node.kind == Kind::Name {
        if let Some(imports) = aliases.get(&*node.text) {
            // `walk` visits in source order, so the list is sorted by position.
            let before = imports.iter().rev().find(|(at, _)| *at <= node.start);
            if let Some((_, q)) = before.or(imports.first()) {
                node.resolved = Some(Arc::clone(q));
            }
        } else if let Some(module) = star {
            // A name the file does not bind itself may come from `from M import *`.
            if !defined.contains(&*node.text) {
                node.resolved = Some(format!("{module}.{}", node.text).into());
            }
        }
        return;
    }
    // Names inside import statements are not uses.
    if matches!(node.kind, Kind::Import | Kind::ImportFrom) {
        return;
    }
    for child in &mut node.children {
        set_resolved(child, aliases, star, defined);
    }
}

//! Import resolution: which qualified name a local name stands for.
//!
//! `import subprocess as sp` makes `sp` stand for `subprocess`;
//! `from flask import request as req` makes `req` stand for `flask.request`;
//! `from .views import login` makes `login` stand for `^.views.login` (the
//! relative part is no name, so only a metavariable matches it).
//! Every `Name` bound by an import gets `resolved` set, so that the pattern
//! `subprocess.run(...)` matches `sp.run(...)`. A name takes the meaning of the
//! last import of it before its use (in any scope: as in Semgrep, an import in
//! one function reaches the functions after it), none before its first import;
//! parameters and loop, `with`, `except` and comprehension targets hide an
//! import of the same name (see [`Resolver`]); assignments do not.

use super::tree::{Kind, Node};
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::sync::Arc;

pub fn resolve_imports(root: &mut Node) {
    let mut aliases: HashMap<String, Vec<(u32, Arc<str>)>> = HashMap::default();
    let mut add = |local: String, at: u32, qualified: String| aliases.entry(local).or_default().push((at, qualified.into()));
    root.walk(&mut |node| match node.kind {
        Kind::Import => {
            for alias in node.as_import().into_iter().flat_map(|i| &i.aliases.children).filter_map(Node::as_alias) {
                let Some(module) = alias.name.dotted() else { continue };
                match alias.asname.kind {
                    // `import requests as http`: marked as a module alias (see `Node::module_alias`).
                    Kind::Ident => add(alias.asname.text.to_string(), node.start, format!("@{module}")),
                    _ => {
                        let head = module.split('.').next().unwrap_or(&module).to_string();
                        add(head.clone(), node.start, head);
                    }
                }
            }
        }
        Kind::ImportFrom => {
            let Some(import) = node.as_import_from() else { return };
            // `from ..core import db`: `^^.core.db`, as Semgrep keeps it: a pattern's
            // metavariable may stand for the relative part (`$M.db`), a name never.
            let written = &import.module.text;
            let rest = written.trim_start_matches('.');
            let up = "^".repeat(written.len() - rest.len());
            let module = match (up.is_empty(), rest.is_empty()) {
                (true, _) => rest.to_string(),
                (false, true) => up,
                (false, false) => format!("{up}.{rest}"),
            };
            for alias in import.aliases.children.iter().filter_map(Node::as_alias) {
                let Some(name) = alias.name.dotted() else { continue };
                if name == "*" {
                    continue;
                }
                let local = match alias.asname.kind {
                    Kind::Ident => alias.asname.text.to_string(),
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
    let mut modules: Vec<String> = root
        .as_module()
        .into_iter()
        .flat_map(|m| &m.body.children)
        .filter_map(Node::as_import_from)
        .filter(|import| {
            !import.module.text.starts_with('.')
                && import.aliases.children.iter().filter_map(Node::as_alias).any(|a| &*a.name.text == "*")
        })
        .map(|import| import.module.text.to_string())
        .collect();
    (modules.len() == 1).then(|| modules.remove(0))
}

/// Names the file binds itself (assignment and loop targets, definitions, parameters).
fn defined_names(root: &Node) -> FxHashSet<String> {
    let mut out = FxHashSet::default();
    let mut add = |name: &Arc<str>| {
        out.insert(name.to_string());
    };
    root.walk(&mut |n| {
        // Definitions and parameters bind their name; the rest, what their target names.
        let name = match n.kind {
            Kind::FunctionDef => n.as_function_def().map(|d| d.name),
            Kind::ClassDef => n.as_class_def().map(|c| c.name),
            Kind::Param => n.as_param().map(|p| p.name),
            _ => None,
        };
        if let Some(name) = name {
            add(&name.text);
        }
        let target = match n.kind {
            Kind::AugAssign => n.as_aug_assign().map(|a| a.target),
            Kind::AnnAssign => n.as_ann_assign().map(|a| a.target),
            Kind::For => n.as_for().map(|l| l.target),
            Kind::NamedExpr => n.as_named_expr().map(|w| w.target),
            Kind::Comprehension => n.as_comprehension().map(|g| g.target),
            Kind::WithItem => n.as_with_item().map(|i| i.target),
            _ => None,
        };
        let assigned = n.as_assign().map_or(&[][..], |a| a.targets.children.as_slice());
        for target in target.into_iter().chain(assigned) {
            target.target_names(&mut add);
        }
    });
    out
}

fn set_resolved(root: &mut Node, aliases: &HashMap<String, Vec<(u32, Arc<str>)>>, star: Option<&str>, defined: &FxHashSet<String>) {
    Resolver { aliases, star, defined, scopes: vec![Vec::new()] }.visit(root);
}

/// Sets `resolved` on the names that stand for an import, in source order. As
/// in Semgrep, a parameter (of a function or lambda) and a target of `for`,
/// `with ... as`, `except ... as` or a comprehension declares a local name that
/// hides an import of that name from there to the end of its scope (a loop at
/// the top level hides it for the rest of the file); a plain assignment does not.
struct Resolver<'a> {
    aliases: &'a HashMap<String, Vec<(u32, Arc<str>)>>,
    star: Option<&'a str>,
    defined: &'a FxHashSet<String>,
    /// The names declared so far in each enclosing scope, innermost last.
    scopes: Vec<Vec<Arc<str>>>,
}

impl Resolver<'_> {
    fn hidden(&self, name: &str) -> bool {
        self.scopes.iter().any(|scope| scope.iter().any(|n| &**n == name))
    }

    /// Declares in the innermost scope the names `target` binds.
    fn declare(&mut self, target: &Node) {
        let scope = self.scopes.last_mut().expect("the module scope");
        target.target_names(&mut |name| scope.push(name.clone()));
    }

    /// Visits a function's parameters (their annotations and defaults), its
    /// return annotation and its body in a new scope where the parameters are
    /// declared: as in Semgrep, a parameter hides an import of its name in its
    /// own annotation and default too.
    fn in_function(&mut self, params: &mut Node, returns: Option<&mut Node>, body: &mut Node) {
        let names = params.children.iter().filter_map(Node::as_param).map(|p| p.name.text.clone()).collect();
        self.scopes.push(names);
        for part in Node::function_parts_mut(params, returns, body) {
            self.visit(part);
        }
        self.scopes.pop();
    }

    fn visit(&mut self, node: &mut Node) {
        match node.kind {
            Kind::Name => self.resolve(node),
            // Names inside import statements are not uses.
            Kind::Import | Kind::ImportFrom => {}
            Kind::FunctionDef => {
                let Some(def) = node.as_function_def_mut() else { return };
                self.visit(def.decorators);
                self.in_function(def.params, Some(def.returns), def.body);
            }
            Kind::Lambda => {
                let Some(lambda) = node.as_lambda_mut() else { return };
                self.in_function(lambda.params, None, lambda.body);
            }
            Kind::ClassDef => {
                let Some(class) = node.as_class_def_mut() else { return };
                self.visit(class.decorators);
                self.visit(class.bases);
                self.scopes.push(Vec::new());
                self.visit(class.body);
                self.scopes.pop();
            }
            Kind::ListComp | Kind::SetComp | Kind::DictComp | Kind::GeneratorExp => {
                self.scopes.push(Vec::new());
                for generators in node.children.iter().filter(|c| c.kind == Kind::Generators) {
                    generators.children.iter().filter_map(Node::as_comprehension).for_each(|g| self.declare(g.target));
                }
                node.children.iter_mut().for_each(|c| self.visit(c));
                self.scopes.pop();
            }
            Kind::For => {
                let Some(each) = node.as_for_mut() else { return };
                // The iterable is evaluated before the target is bound.
                self.visit(each.iter);
                self.declare(each.target);
                for part in [each.target, each.body, each.orelse] {
                    self.visit(part);
                }
            }
            Kind::WithItem => {
                let Some(item) = node.as_with_item_mut() else { return };
                self.visit(item.context);
                self.declare(item.target);
                self.visit(item.target);
            }
            Kind::ExceptHandler => {
                let Some(handler) = node.as_except_handler_mut() else { return };
                self.visit(handler.exception);
                if handler.name.kind == Kind::Ident {
                    let name = handler.name.text.clone();
                    self.scopes.last_mut().expect("the module scope").push(name);
                }
                self.visit(handler.body);
            }
            _ => node.children.iter_mut().for_each(|c| self.visit(c)),
        }
    }

    fn resolve(&self, node: &mut Node) {
        // Semgrep reads `self` and `cls` as the instance and the class, whatever was imported under those names.
        if matches!(&*node.text, "self" | "cls") {
            return;
        }
        if let Some(imports) = self.aliases.get(&*node.text) {
            if self.hidden(&node.text) {
                return;
            }
            // Names are visited in source order, so the list is sorted by
            // position. A use before every import of its name (a function
            // above a module's last imports) stays unresolved, as in Semgrep.
            if let Some((_, q)) = imports.iter().rev().find(|(at, _)| *at <= node.start) {
                node.resolved = Some(Arc::clone(q));
            }
        } else if let Some(module) = self.star {
            // A name the file does not bind itself may come from `from M import *`.
            if !self.defined.contains(&*node.text) {
                node.resolved = Some(format!("*{module}.{}", node.text).into());
            }
        }
    }
}

//! Variables: which declaration each name stands for, as Semgrep's naming
//! pass (`Naming_AST`) resolves Python names, so that two bindings of one
//! metavariable to the same spelling in different scopes can be told apart
//! (a function's local `z` is not the module's `z`).
//!
//! Every `Name` (and the `Ident` of a parameter or an `except ... as` name)
//! gets [`Node::var`]: 0 when the name resolves to nothing (a builtin, a
//! function or class name, a name used before any assignment of it, a class
//! attribute), else the number of the variable it stands for. As in Semgrep:
//! - a module, each function and lambda (with its plain parameters; `*args`
//!   and `**kwargs` are not declared), each class body and each comprehension
//!   is a scope; a name is looked up innermost first, then the module's
//!   variables, then the imported names (`from m import x`, `import m as x`);
//! - `x = e` declares `x` in the current scope unless a variable `x` is
//!   visible; if one is only visible from an outer scope, the target (any
//!   name inside an assignment's target, `obj` of `obj.attr = e` included)
//!   is looked up in the current scope and the imports only, and declared
//!   there when not found;
//! - a `for` or comprehension target, an annotated assignment `x: T = e` and
//!   `except ... as e` always declare a new variable;
//! - nothing is declared in a class body; `global x` / `nonlocal x` make the
//!   outer variable visible in the current scope.
//!
//! Depends only on the tree.

use super::tree::{Kind, Node};
use std::sync::Arc;

/// Sets [`Node::var`] on every name of the file.
pub fn resolve_variables(root: &mut Node) {
    let mut namer = Namer { next: 0, global: Vec::new(), blocks: Vec::new(), imported: Vec::new(), in_class: vec![false] };
    namer.visit(root);
}

type Scope = Vec<(Arc<str>, u32)>;

struct Namer {
    next: u32,
    global: Scope,
    /// Function, lambda, class and comprehension scopes, innermost last.
    blocks: Vec<Scope>,
    imported: Scope,
    /// Whether each enclosing definition context is a class body (where
    /// Semgrep declares nothing), innermost last.
    in_class: Vec<bool>,
}

fn find(scope: &Scope, name: &str) -> Option<u32> {
    scope.iter().rev().find(|(n, _)| &**n == name).map(|(_, var)| *var)
}

impl Namer {
    /// The variable `name` stands for here; `target`: as an assignment's
    /// target, which sees only the current scope and the imports.
    fn lookup(&self, name: &str, target: bool) -> Option<u32> {
        let Some((current, outer)) = self.blocks.split_last() else {
            return find(&self.global, name).or_else(|| find(&self.imported, name));
        };
        find(current, name)
            .or_else(|| if target { None } else { outer.iter().rev().find_map(|scope| find(scope, name)) })
            .or_else(|| if target { None } else { find(&self.global, name) })
            .or_else(|| find(&self.imported, name))
    }

    fn declarable(&self) -> bool {
        !self.in_class.last().copied().unwrap_or(false)
    }

    /// A new variable `name` in the current scope (none in a class body).
    fn declare(&mut self, name: &Arc<str>) -> u32 {
        if !self.declarable() {
            return 0;
        }
        self.next += 1;
        let var = self.next;
        self.blocks.last_mut().unwrap_or(&mut self.global).push((Arc::clone(name), var));
        var
    }

    fn visit(&mut self, node: &mut Node) {
        match node.kind {
            Kind::Name => node.var = self.lookup(&node.text, false).unwrap_or(0),
            Kind::Assign => {
                let Some(assign) = node.as_assign_mut() else { return visit_children(self, node) };
                let fresh = assign.targets.children.len() == 1
                    && assign.targets.children[0].kind == Kind::Name
                    && self.lookup(&assign.targets.children[0].text, false).is_none();
                if fresh {
                    // The value first: `x = x` declares `x` after reading it.
                    self.visit(assign.value);
                    let target = &mut assign.targets.children[0];
                    target.var = self.declare(&target.text.clone());
                } else {
                    assign.targets.children.iter_mut().for_each(|t| self.target(t));
                    self.visit(assign.value);
                }
            }
            Kind::NamedExpr => {
                let Some(named) = node.as_named_expr_mut() else { return visit_children(self, node) };
                self.assigned(named.target, named.value);
            }
            Kind::WithItem => {
                let Some(item) = node.as_with_item_mut() else { return visit_children(self, node) };
                self.assigned(item.target, item.context);
            }
            Kind::AugAssign => {
                let Some(aug) = node.as_aug_assign_mut() else { return visit_children(self, node) };
                self.target(aug.target);
                self.visit(aug.value);
            }
            Kind::AnnAssign => {
                let Some(ann) = node.as_ann_assign_mut() else { return visit_children(self, node) };
                self.visit(ann.annotation);
                self.visit(ann.value);
                if ann.target.kind == Kind::Name {
                    // A declaration with a type: always a new variable.
                    ann.target.var = self.declare(&ann.target.text.clone());
                } else {
                    self.target(ann.target);
                }
            }
            Kind::For => {
                let Some(each) = node.as_for_mut() else { return visit_children(self, node) };
                self.pattern(each.target);
                for part in [each.iter, each.body, each.orelse] {
                    self.visit(part);
                }
            }
            Kind::ListComp | Kind::SetComp | Kind::GeneratorExp | Kind::DictComp => {
                self.blocks.push(Vec::new());
                // The generators first, then the element.
                let (generators, rest): (Vec<&mut Node>, Vec<&mut Node>) = node.children.iter_mut().partition(|c| c.kind == Kind::Generators);
                for generators in generators {
                    for generator in generators.children.iter_mut() {
                        match generator.as_comprehension_mut() {
                            Some(comp) => {
                                self.pattern(comp.target);
                                self.visit(comp.iter);
                                self.visit(comp.ifs);
                            }
                            None => self.visit(generator),
                        }
                    }
                }
                rest.into_iter().for_each(|part| self.visit(part));
                self.blocks.pop();
            }
            Kind::FunctionDef => {
                let Some(def) = node.as_function_def_mut() else { return visit_children(self, node) };
                self.visit(def.decorators);
                self.in_function(def.params, Some(def.returns), def.body);
            }
            Kind::Lambda => {
                let Some(lambda) = node.as_lambda_mut() else { return visit_children(self, node) };
                self.in_function(lambda.params, None, lambda.body);
            }
            Kind::ClassDef => {
                let Some(class) = node.as_class_def_mut() else { return visit_children(self, node) };
                self.visit(class.decorators);
                self.visit(class.bases);
                self.in_class.push(true);
                self.blocks.push(Vec::new());
                self.visit(class.body);
                self.blocks.pop();
                self.in_class.pop();
            }
            Kind::Global | Kind::Nonlocal => {
                let global = node.kind == Kind::Global;
                let Some(decl) = node.as_name_decl_mut() else { return };
                for name in decl.names.children.iter_mut() {
                    let outer = if global {
                        find(&self.global, &name.text)
                    } else {
                        let outer = self.blocks.len().saturating_sub(1);
                        self.blocks[..outer].iter().rev().find_map(|scope| find(scope, &name.text))
                    };
                    name.var = outer.unwrap_or(0);
                    if let Some(var) = outer {
                        self.blocks.last_mut().unwrap_or(&mut self.global).push((name.text.clone(), var));
                    }
                }
            }
            Kind::Import | Kind::ImportFrom => self.imports(node),
            Kind::ExceptHandler => {
                let Some(handler) = node.as_except_handler_mut() else { return visit_children(self, node) };
                self.visit(handler.exception);
                if handler.name.kind == Kind::Ident {
                    handler.name.var = self.declare(&handler.name.text.clone());
                }
                self.visit(handler.body);
            }
            _ => visit_children(self, node),
        }
    }

    /// `target = value` (also `with value as target` and `target := value`).
    fn assigned(&mut self, target: &mut Node, value: &mut Node) {
        if target.kind == Kind::Name && self.lookup(&target.text, false).is_none() {
            self.visit(value);
            target.var = self.declare(&target.text.clone());
        } else {
            self.target(target);
            self.visit(value);
        }
    }

    /// An assignment's target: its names see the current scope and the
    /// imports only, and are declared when not found there; a subscript's
    /// index is read as usual.
    fn target(&mut self, node: &mut Node) {
        match node.kind {
            Kind::Name => {
                node.var = match self.lookup(&node.text, true) {
                    Some(var) => var,
                    None => self.declare(&node.text.clone()),
                }
            }
            Kind::Subscript => {
                let Some(subscript) = node.as_subscript_mut() else { return };
                self.target(subscript.value);
                self.visit(subscript.slice);
            }
            Kind::Attribute => {
                let Some(attribute) = node.as_attribute_mut() else { return };
                self.target(attribute.value);
            }
            _ => node.children.iter_mut().for_each(|c| self.target(c)),
        }
    }

    /// A `for` or comprehension target: each name a new variable.
    fn pattern(&mut self, node: &mut Node) {
        match node.kind {
            Kind::Name => node.var = self.declare(&node.text.clone()),
            Kind::Tuple | Kind::List | Kind::Starred | Kind::Elts => node.children.iter_mut().for_each(|c| self.pattern(c)),
            _ => self.target(node),
        }
    }

    /// A function's or lambda's parameters (their annotations and defaults),
    /// return annotation and body, in a new scope holding its plain parameters.
    fn in_function(&mut self, params: &mut Node, returns: Option<&mut Node>, body: &mut Node) {
        let mut scope = Scope::new();
        for param in params.children.iter_mut() {
            if param.kind != Kind::Param {
                continue;
            }
            let plain = param.text.is_empty();
            let Some(param) = param.as_param_mut() else { continue };
            param.name.var = 0;
            if plain {
                self.next += 1;
                param.name.var = self.next;
                scope.push((param.name.text.clone(), self.next));
            }
        }
        self.in_class.push(false);
        self.blocks.push(scope);
        for part in Node::function_parts_mut(params, returns, body) {
            self.visit(part);
        }
        self.blocks.pop();
        self.in_class.pop();
    }

    /// `from m import x [as y]` and `import m as y` add an imported name;
    /// `import m` adds none.
    fn imports(&mut self, node: &Node) {
        let aliases = match node.kind {
            Kind::Import => node.as_import().map(|i| i.aliases),
            _ => node.as_import_from().map(|i| i.aliases),
        };
        for alias in aliases.into_iter().flat_map(|a| &a.children).filter_map(Node::as_alias) {
            let local = match (alias.asname.kind, node.kind) {
                (Kind::Ident, _) => alias.asname.text.clone(),
                (_, Kind::ImportFrom) if &*alias.name.text != "*" && alias.name.kind == Kind::Name => alias.name.text.clone(),
                _ => continue,
            };
            self.next += 1;
            self.imported.push((local, self.next));
        }
    }
}

fn visit_children(namer: &mut Namer, node: &mut Node) {
    node.children.iter_mut().for_each(|c| namer.visit(c));
}

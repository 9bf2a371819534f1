//! What `precise_functions` knows of the functions defined in the file: a
//! [`Summary`] per function (which parameters reach its return value, which
//! reach a sink inside it, by which steps), and which function a call calls
//! with which argument in which parameter. `summaries.rs` computes them;
//! `expr.rs` and `walk.rs` use them at calls.
//!
//! Depends on the spec's types and the tree.

use super::super::source::Span;
use super::super::tree::{Kind, Node};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// What a function does with the taint of each parameter.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Summary {
    /// The parameters: name, span, and `""`, `"*"` or `"**"`.
    pub params: Vec<(Arc<str>, Span, Arc<str>)>,
    /// Per parameter: the steps by which it reaches a returned value (its
    /// assignments, then the `return`), or `None` when it reaches none.
    pub returns: Vec<Option<Vec<Span>>>,
    /// Per parameter: the sinks inside the function it reaches, each with
    /// the steps on the way (calls to other functions of the file included).
    pub sinks: Vec<Vec<(Span, Vec<Span>)>>,
}

/// The summaries of a file's functions, by name (module-level `def`s that
/// are defined once and called somewhere in the file).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Summaries {
    pub by_name: FxHashMap<Arc<str>, Summary>,
}

/// A call to a summarized function: the summary, and each argument with
/// its parameter's index.
pub(super) type Resolved<'s, 'n> = (&'s Summary, Vec<(usize, &'n Node)>);

impl Summaries {
    /// Whether any summarized function reaches a sink from a parameter.
    pub(super) fn any_sinks(&self) -> bool {
        self.by_name.values().any(|s| s.sinks.iter().any(|p| !p.is_empty()))
    }

    /// The summary a call uses, with its arguments matched to parameters;
    /// `None` for any other call, or one whose arguments do not match
    /// plainly (`*args` or `**kwargs` passed, an unknown keyword).
    pub(super) fn resolve<'s, 'n>(&'s self, call: &'n Node) -> Option<Resolved<'s, 'n>> {
        let call_view = call.as_call()?;
        let func = call_view.func;
        if func.kind != Kind::Name || func.resolved.is_some() {
            return None;
        }
        let summary = self.by_name.get(&func.text)?;
        let positional: Vec<usize> = summary.params.iter().enumerate().take_while(|(_, p)| p.2.is_empty()).map(|(i, _)| i).collect();
        let star = summary.params.iter().position(|p| &*p.2 == "*");
        let mut out = Vec::new();
        let mut at = 0;
        for arg in &call_view.args.children {
            match arg.kind {
                Kind::Starred | Kind::DoubleStarred => return None,
                Kind::Keyword => {
                    let keyword = arg.as_keyword()?;
                    let index = summary.params.iter().position(|p| p.2.is_empty() && p.0 == keyword.name.text)?;
                    out.push((index, keyword.value));
                }
                _ => {
                    let index = positional.get(at).copied().or(star)?;
                    at += 1;
                    out.push((index, arg));
                }
            }
        }
        Some((summary, out))
    }
}

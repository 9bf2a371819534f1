//! The matches of a `pattern-inside` (or `-not-inside`), ready to ask which
//! of them lie around a hit.
//!
//! They are filed by the value of one metavariable they all bind, so that
//! finding the ones around a hit that agree with its bindings does not scan
//! them all. (`$X = $Y` followed by `...` matches once per assignment, each up
//! to the end of its block: on a long module every hit lies inside thousands
//! of them, nearly all binding another `$X`.)

use super::super::matcher::Bound;
use super::super::tree::{ConstValue, Kind};
use super::hit::Hit;

/// Above this many outer matches, they are filed by a shared binding (a
/// choice of strategy, not a limit: the results are the same).
const FILE_BY_BINDING_FROM: usize = 16;

pub(super) struct Enclosing<'h, 't> {
    outer: &'h [Hit<'t>],
    /// A metavariable bound by every outer match, and the outer matches by [`binding_keys`].
    key: Option<(&'h str, rustc_hash::FxHashMap<u64, Vec<usize>>)>,
}

impl<'h, 't> Enclosing<'h, 't> {
    pub(super) fn new(outer: &'h [Hit<'t>]) -> Self {
        let shared = outer.first().and_then(|first| {
            first.env.binds().into_iter().map(|(name, _)| &**name).find(|name| outer.iter().all(|region| region.env.get(name).is_some()))
        });
        let key = shared.filter(|_| outer.len() > FILE_BY_BINDING_FROM).map(|name| {
            let mut by_key: rustc_hash::FxHashMap<u64, Vec<usize>> = rustc_hash::FxHashMap::default();
            for (i, region) in outer.iter().enumerate() {
                for key in binding_keys(region.env.get(name).expect("bound by every outer match")) {
                    by_key.entry(key).or_default().push(i);
                }
            }
            (name, by_key)
        });
        Enclosing { outer, key }
    }

    /// The outer matches that contain `hit` and agree with its bindings, in order.
    pub(super) fn around<'s>(&'s self, hit: &'s Hit<'t>) -> impl Iterator<Item = &'h Hit<'t>> + 's {
        let candidates: Box<dyn Iterator<Item = usize> + 's> = match &self.key {
            Some((name, by_key)) if hit.env.get(name).is_some() => {
                let mut ids: Vec<usize> = binding_keys(hit.env.get(name).expect("checked")).iter().filter_map(|key| by_key.get(key)).flatten().copied().collect();
                ids.sort_unstable();
                ids.dedup();
                Box::new(ids.into_iter())
            }
            _ => Box::new(0..self.outer.len()),
        };
        let outer = self.outer;
        candidates.map(move |i| &outer[i]).filter(move |region| region.span.contains(hit.span) && hit.env.compatible(&region.env))
    }
}

/// Hash keys for a binding such that two bindings the matcher considers the
/// same code (`Bound::same_as`) share at least one: a name is filed under its
/// text, its qualified name and the literal it is known to hold, any other
/// node under its kind, text and arity.
/// Coarser than `same_as`; the real comparison still follows.
fn binding_keys(bound: &Bound<'_>) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let hash = |value: &dyn Fn(&mut rustc_hash::FxHasher)| {
        let mut hasher = rustc_hash::FxHasher::default();
        value(&mut hasher);
        hasher.finish()
    };
    let node = match bound {
        Bound::Node(n) | Bound::Content(n) | Bound::Part { node: n, .. } => *n,
        Bound::Seq(items) if items.len() == 1 => items[0],
        Bound::Seq(items) => return vec![hash(&|h| ("seq", items.len()).hash(h))],
        Bound::Text { text, .. } => return vec![hash(&|h| ("name", &**text).hash(h))],
    };
    match node.kind {
        Kind::Name | Kind::Ident => {
            let mut keys = vec![hash(&|h| ("name", &*node.text).hash(h))];
            if let Some(qualified) = node.qualified() {
                keys.push(hash(&|h| ("qualified", qualified).hash(h)));
            }
            if let Some(ConstValue::Literal(value)) = node.constant.as_deref() {
                keys.push(hash(&|h| ("node", value.kind, &*value.text, 0usize).hash(h)));
            }
            keys
        }
        kind => vec![hash(&|h| ("node", kind, &*node.text, node.children.len()).hash(h))],
    }
}

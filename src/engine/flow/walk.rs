//! The walker: a body's statements in execution order, with the state of
//! the domain carried along, split at branches and joined where paths meet
//! (see the module doc for the control flow it follows).
//!
//! Depends on the statement facts and the access to the tree.

use super::super::source::Span;
use super::super::tree::{Kind, Node};
use super::access::{Access, Shape};
use super::facts::{self, Names};
use super::domain::{Arms, Cases, Domain, Live, Loops, Reach, Ref};

type A<D> = <D as Domain>::Access;

/// Walks bodies for one domain; the step limit counts over every body it walks.
pub struct Walker<D: Domain> {
    pub domain: D,
    steps: usize,
    /// The enclosing loops, innermost last: the states at their `break`s and `continue`s.
    loops: Vec<Jumps<D::State>>,
    /// The enclosing `try` bodies, innermost last: the states where an exception may be raised.
    tries: Vec<Option<D::State>>,
}

/// What the walker knows of a loop's header: a `for`'s target, a `while`'s
/// test, and which way the test always goes.
#[derive(Clone, Copy)]
struct Header<'n> {
    target: Option<&'n Node>,
    test: Option<&'n Node>,
    always: Arms,
}

struct Jumps<S> {
    breaks: Option<S>,
    continues: Option<S>,
}

impl<S> Default for Jumps<S> {
    fn default() -> Self {
        Jumps { breaks: None, continues: None }
    }
}

impl<D: Domain> Walker<D> {
    pub fn new(domain: D) -> Self {
        Walker { domain, steps: 0, loops: Vec::new(), tries: Vec::new() }
    }

    /// Walks a body (a function's, the module's) from `state`; false when no
    /// path reaches its end. No jump or raise of another body reaches it.
    pub fn body(&mut self, body: Ref<'_, D>, state: &mut D::State) -> bool {
        self.loops.clear();
        self.tries.clear();
        self.block(body, state)
    }

    /// Whether the step limit cut the walk short.
    pub fn exhausted(&self) -> bool {
        self.steps > D::SEMANTICS.step_limit
    }

    fn paths() -> bool {
        D::SEMANTICS.reach == Reach::Paths
    }

    /// Adds a path that reaches a point to the state there (`None`: nothing reached it yet).
    fn join_reached(domain: &D, into: &mut Option<D::State>, state: D::State) {
        match into {
            Some(mine) => domain.join(mine, state),
            None => *into = Some(state),
        }
    }

    /// Where control goes on after a statement: the state of the paths that
    /// reach its end; when none does, false ([`Reach::Syntactic`]: walked on
    /// from nothing known).
    fn settle(state: &mut D::State, reached: Option<D::State>) -> bool {
        match reached {
            Some(reached) => {
                *state = reached;
                true
            }
            None if Self::paths() => false,
            None => {
                *state = D::State::default();
                true
            }
        }
    }

    /// Walks a block's statements; false when its end is not reached.
    fn block(&mut self, block: Ref<'_, D>, state: &mut D::State) -> bool {
        if Self::paths() {
            for stmt in A::<D>::statements(block) {
                if !self.stmt(stmt, state) {
                    return false;
                }
            }
            return true;
        }
        let goes_on = !facts::ends_abruptly(A::<D>::node(&block));
        for stmt in A::<D>::statements(block) {
            self.stmt(stmt, state);
        }
        goes_on
    }

    /// Walks a block if it is one (an `else` or `finally` may be `Absent`): whether its end is reached.
    fn optional_block(&mut self, block: Ref<'_, D>, state: &mut D::State) -> bool {
        A::<D>::node(&block).kind != Kind::Block || self.block(block, state)
    }

    /// Walks one statement; false when control does not go on after it.
    fn stmt(&mut self, stmt: Ref<'_, D>, state: &mut D::State) -> bool {
        self.steps += 1;
        if self.steps > D::SEMANTICS.step_limit {
            return false;
        }
        let node = A::<D>::node(&stmt);
        // Inside a `try`, its handlers start from the state of each statement
        // that may raise (those of every enclosing `try`: an inner one without
        // a matching handler passes the exception on).
        if !self.tries.is_empty() && facts::may_raise(node) {
            for raised in &mut self.tries {
                Self::join_reached(&self.domain, raised, state.clone());
            }
        }
        self.domain.enter(node, state);
        let (kind, at) = (node.kind, Span::new(node.start, node.end));
        let ends_path = matches!(kind, Kind::Return | Kind::Raise) || Self::paths() && facts::is_yield_value(node) || self.domain.ends_path(node);
        let live = if kind == Kind::Match { self.domain.live_cases(node, state) } else { Live::Any };
        let always = if kind == Kind::While { self.loop_condition(node, state) } else { Arms::Both };
        // The names a loop or `match` assigns, for the domains that forget them there.
        let assigned = match kind {
            Kind::For | Kind::While if D::SEMANTICS.loops == Loops::Widen => facts::assigned_set(node),
            Kind::Match if D::SEMANTICS.cases == Cases::Forget => facts::assigned_set(node),
            _ => Names::default(),
        };
        match A::<D>::shape(stmt) {
            Shape::Simple(stmt) => match kind {
                Kind::Break | Kind::Continue => {
                    if let Some(jumps) = self.loops.last_mut() {
                        let to = if kind == Kind::Break { &mut jumps.breaks } else { &mut jumps.continues };
                        Self::join_reached(&self.domain, to, state.clone());
                    }
                    false
                }
                _ => {
                    self.domain.statement(stmt, state);
                    !ends_path
                }
            },
            Shape::If { mut test, body, orelse } => {
                let arms = self.domain.condition(A::<D>::reborrow(&mut test), state);
                let test = A::<D>::node(&test);
                let mut other = state.clone();
                self.domain.assume(test, true, state);
                self.domain.assume(test, false, &mut other);
                // A dead arm is not reached (Syntactic: walked from the state before, for its marks, and dropped).
                let then_goes_on = match arms {
                    Arms::Else => {
                        if !Self::paths() {
                            self.block(body, &mut state.clone());
                        }
                        false
                    }
                    _ => self.block(body, state),
                };
                let else_goes_on = match arms {
                    Arms::Then => {
                        if !Self::paths() {
                            self.optional_block(orelse, &mut other.clone());
                        }
                        false
                    }
                    _ => self.optional_block(orelse, &mut other),
                };
                match (then_goes_on, else_goes_on) {
                    (true, true) => {
                        self.domain.join(state, other);
                        true
                    }
                    (true, false) => true,
                    (false, true) => {
                        *state = other;
                        true
                    }
                    // Syntactic: what follows is walked from the `then` arm's state.
                    (false, false) => !Self::paths() && arms == Arms::Both,
                }
            }
            Shape::While { mut test, body, orelse } => {
                let head = self.domain.loop_head(at, None, A::<D>::reborrow(&mut test), state);
                let header = Header { target: None, test: Some(A::<D>::node(&test)), always };
                self.run_loop(header, head, body, orelse, &assigned, state)
            }
            Shape::For { target, iter, body, orelse } => {
                let head = self.domain.loop_head(at, Some(target), iter, state);
                self.run_loop(Header { target: Some(target), test: None, always }, head, body, orelse, &assigned, state)
            }
            Shape::With { items, body } => {
                self.domain.with_items(at, items, state);
                self.block(body, state)
            }
            Shape::Try { body, handlers, orelse, finalbody } => self.run_try(body, handlers, orelse, finalbody, state),
            Shape::Match { subject, cases } => {
                self.domain.match_subject(subject, state);
                match D::SEMANTICS.cases {
                    // A constant subject (`--precise`): the case it meets runs, the others
                    // are walked for their marks from the state before and dropped.
                    Cases::Forget if live != Live::Any => {
                        let mut goes_on = true;
                        for (index, case) in cases.into_iter().enumerate() {
                            if live == Live::Only(index) {
                                goes_on = self.block(case, state);
                            } else {
                                self.block(case, &mut state.clone());
                            }
                        }
                        return goes_on;
                    }
                    Cases::Join => {
                        // No case may match: the state before joins the cases that go on
                        // (a constant subject: only the case it meets, or none).
                        let mut joined = (live == Live::Any || live == Live::None).then(|| state.clone());
                        for (index, case) in cases.into_iter().enumerate() {
                            if matches!(live, Live::Only(only) if only != index) || live == Live::None {
                                continue;
                            }
                            let mut s = state.clone();
                            if self.block(case, &mut s) {
                                Self::join_reached(&self.domain, &mut joined, s);
                            }
                        }
                        return Self::settle(state, joined);
                    }
                    Cases::Forget => {
                        for case in cases {
                            let mut s = state.clone();
                            self.block(case, &mut s);
                        }
                        self.domain.forget(state, &assigned);
                    }
                }
                true
            }
            Shape::Function { decorators, name, params, body } => {
                if let Some(mut inner) = self.domain.function(decorators, name, params, A::<D>::node(&body), state) {
                    // The body's jumps and raises are its own, not those of a loop or `try` around the def.
                    let (loops, tries) = (std::mem::take(&mut self.loops), std::mem::take(&mut self.tries));
                    self.block(body, &mut inner);
                    (self.loops, self.tries) = (loops, tries);
                }
                self.domain.end_function(name, state);
                true
            }
            Shape::Class { name, body } => {
                if let Some(mut inner) = self.domain.class(name, A::<D>::node(&body), state) {
                    self.block(body, &mut inner);
                }
                self.domain.end_class(name, state);
                true
            }
            Shape::Unfit => true,
        }
    }

    /// Which way a `while` condition always goes, as the domain reads it;
    /// [`Arms::Both`] when it reads a name the loop assigns (its value
    /// before the loop need not hold on the next pass).
    fn loop_condition(&mut self, stmt: &Node, state: &D::State) -> Arms {
        let Some(test) = stmt.as_while().map(|w| w.test) else { return Arms::Both };
        let arms = self.domain.loop_condition(test, state);
        if arms == Arms::Both {
            return arms;
        }
        // The names the loop assigns, walruses (also in the test) included.
        let mut assigned = facts::assigned_set(stmt);
        stmt.walk(&mut |n| {
            if let Some(walrus) = n.as_named_expr() {
                facts::targets(walrus.target, &mut |name| {
                    assigned.insert(name);
                });
            }
        });
        let mut reads_assigned = false;
        test.walk(&mut |n| reads_assigned |= n.kind == Kind::Name && assigned.contains(&n.text));
        if reads_assigned {
            Arms::Both
        } else {
            arms
        }
    }

    /// A `while` or `for` loop, after its header (see [`Loops`]).
    fn run_loop(&mut self, header: Header<'_>, head: D::LoopHead, mut body: Ref<'_, D>, orelse: Ref<'_, D>, assigned: &Names, state: &mut D::State) -> bool {
        let passes = match D::SEMANTICS.loops {
            Loops::Iterate { passes } => passes,
            Loops::Widen => return self.widened_loop(header, head, body, orelse, assigned, state),
        };
        let mut at_head = state.clone();
        let mut breaks = None;
        // A condition always false: the body never runs.
        let passes = if header.always == Arms::Else { 0 } else { passes };
        for _ in 0..passes {
            let mut s = at_head.clone();
            if let Some(target) = header.target {
                self.domain.loop_target(target, &head, &mut s);
            }
            if let Some(test) = header.test {
                self.domain.assume(test, true, &mut s);
            }
            self.loops.push(Jumps::default());
            let goes_on = self.block(A::<D>::reborrow(&mut body), &mut s);
            let jumps = self.loops.pop().unwrap_or_default();
            if goes_on {
                self.domain.join(&mut at_head, s);
            }
            if let Some(continued) = jumps.continues {
                self.domain.join(&mut at_head, continued);
            }
            if let Some(broke) = jumps.breaks {
                Self::join_reached(&self.domain, &mut breaks, broke);
            }
        }
        // `else` runs when the condition fails at the head (never, when it
        // always holds); a `break` skips it.
        let mut reached = None;
        if header.always != Arms::Then {
            if let Some(test) = header.test {
                self.domain.assume(test, false, &mut at_head);
            }
            let goes_on = self.optional_block(orelse, &mut at_head);
            reached = goes_on.then_some(at_head);
        }
        if let Some(broke) = breaks {
            Self::join_reached(&self.domain, &mut reached, broke);
        }
        Self::settle(state, reached)
    }

    /// [`Loops::Widen`]. A condition always false: the body is walked from
    /// the state before, for its marks, and dropped.
    fn widened_loop(&mut self, header: Header<'_>, head: D::LoopHead, body: Ref<'_, D>, orelse: Ref<'_, D>, assigned: &Names, state: &mut D::State) -> bool {
        let target = header.target;
        if header.always == Arms::Else {
            self.loops.push(Jumps::default());
            self.block(body, &mut state.clone());
            self.loops.pop();
            return self.optional_block(orelse, state) || !Self::paths();
        }
        self.loops.push(Jumps::default());
        if !facts::loops_back(A::<D>::node(&body)) {
            // The body runs at most once, from the state before the loop (the
            // loop variable bound); after it: that state (after `else`), or a `break`'s.
            let mut inner = state.clone();
            if let Some(target) = target {
                self.domain.loop_target(target, &head, &mut inner);
            }
            self.block(body, &mut inner);
            let breaks = self.loops.pop().unwrap_or_default().breaks;
            if A::<D>::node(&orelse).kind == Kind::Block {
                self.block(orelse, state);
            }
            if let Some(broke) = breaks {
                self.domain.join(state, broke);
            }
            return true;
        }
        let entry = state.clone();
        self.domain.widen(state, assigned);
        let mut inner = state.clone();
        self.block(body, &mut inner);
        self.loops.pop();
        self.domain.after_widened(&entry, &inner, assigned, state);
        if A::<D>::node(&orelse).kind == Kind::Block {
            self.block(orelse, state);
        }
        true
    }

    /// A `try` statement (see the module doc).
    fn run_try(&mut self, body: Ref<'_, D>, handlers: Vec<Ref<'_, D>>, orelse: Ref<'_, D>, finalbody: Ref<'_, D>, state: &mut D::State) -> bool {
        self.tries.push(None);
        let mut goes_on = self.block(body, state);
        let raised = self.tries.pop().flatten();
        // `else` runs after a body that went on (outside the handlers' reach).
        if A::<D>::node(&orelse).kind == Kind::Block && (goes_on || !Self::paths()) {
            goes_on &= self.block(orelse, state);
        }
        let mut after = goes_on.then(|| state.clone());
        // A handler is reached only from where the body may raise.
        let mut into_finally = None;
        match raised {
            Some(raised) if !handlers.is_empty() => {
                for handler in handlers {
                    let mut s = raised.clone();
                    if self.block(handler, &mut s) {
                        Self::join_reached(&self.domain, &mut after, s);
                    }
                }
            }
            Some(raised) if Self::paths() => into_finally = Some(raised),
            Some(_) => {}
            // Syntactic: a handler nothing reaches is walked from nothing known.
            None if !Self::paths() => {
                for handler in handlers {
                    self.block(handler, &mut D::State::default());
                }
            }
            None => {}
        }
        if A::<D>::node(&finalbody).kind != Kind::Block {
            return Self::settle(state, after);
        }
        if !Self::paths() {
            *state = after.unwrap_or_default();
            self.block(finalbody, state);
            return true;
        }
        // `return` does not pass through `finally`; a raise no handler catches does.
        let goes_on = after.is_some();
        let mut entry = after;
        if let Some(raised) = into_finally {
            Self::join_reached(&self.domain, &mut entry, raised);
        }
        let Some(mut s) = entry else { return false };
        if !self.block(finalbody, &mut s) || !goes_on {
            return false;
        }
        *state = s;
        true
    }
}

//! What an analysis gives the walker: the [`Domain`] trait, and the
//! [`Semantics`] where constant propagation and taint walk differently (see
//! the module doc of `flow` for the control flow itself).
//!
//! Depends on the access to the tree, the statement facts and source positions.

use super::super::source::Span;
use super::super::tree::Node;
use super::access::Access;
use super::facts::Names;

/// A statement or expression as a domain's walk holds it (`&Node` or `&mut Node`).
pub type Ref<'n, D> = <<D as Domain>::Access as Access>::Ref<'n>;

/// Which statements are reached, and which paths meet where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Semgrep's graph (taint): a path ends at a jump (and at `yield value`);
    /// dead code is not walked; only the paths that reach a point meet there;
    /// a raise no handler catches reaches `finally`.
    Paths,
    /// Constant propagation's reading: every statement is walked (dead code
    /// with the state before the jump, an `except` no statement can reach,
    /// and what follows a `try` no path leaves, from nothing known); a block
    /// goes on unless one of its own statements is a `return`, `raise`,
    /// `break` or `continue` (`facts::ends_abruptly`), so an `if` whose arms
    /// all return inside a nested `if` still goes on; after an `if` whose arms
    /// all end, what follows is walked from the `then` arm's state; `finally`
    /// is walked from what leaves the body and handlers only.
    Syntactic,
}

/// How a loop is walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loops {
    /// Taint (a may-analysis): the body this many times, each pass from the
    /// head's state joined with the ends of the passes before (twice is
    /// enough for taint to go round once), as Semgrep's fixpoint does.
    Iterate { passes: usize },
    /// Constant propagation: a body that can go round (`facts::loops_back`)
    /// is walked once from the state the domain [widens](Domain::widen) to,
    /// and what follows is [what it keeps](Domain::after_widened); a body
    /// that cannot go round is walked once from the state before the loop,
    /// and what follows joins that state (after `else`) with the `break`s'.
    Widen,
}

/// What follows a `match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cases {
    /// Taint (Semgrep's): the join of the state before (no case matched)
    /// and the end of each case that goes on.
    Join,
    /// Constant propagation: the state before, without the names any case
    /// assigns ([`Domain::forget`]).
    Forget,
}

/// Which arms of an `if` (or cases of a `match`) can run, as a domain reads
/// the condition. Semgrep reads no condition: [`Arms::Both`] unless a rule
/// asks for constant conditions (`precision.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arms {
    Both,
    /// The condition is always true: the `else` arm is dead.
    Then,
    /// The condition is always false: the `then` arm is dead.
    Else,
}

/// Which cases of a `match` can run, as a domain reads the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Live {
    /// Any of them, or none (Semgrep's reading).
    Any,
    /// Exactly the case at this index (the first whose pattern the constant subject meets).
    Only(usize),
    /// None (the constant subject meets no case's pattern).
    None,
}

/// A domain's choices where the two analyses walk differently (see [`Reach`]).
#[derive(Clone, Copy, Debug)]
pub struct Semantics {
    pub reach: Reach,
    pub loops: Loops,
    pub cases: Cases,
    /// Statements one walk may visit (`limits.rs`); past it the walk stops.
    pub step_limit: usize,
}

/// An analysis the [`Walker`] runs: its state at each point, how states
/// join, and what each statement and header does. Hooks that take a
/// [`Ref`] may mark what they are given (with [`Write`] access).
pub trait Domain {
    type Access: Access;
    /// What the analysis knows at a point.
    type State: Clone + Default;
    /// What a loop's header gives each pass of its body (taint: the taint of
    /// the iterable, assigned to the loop variable on each pass).
    type LoopHead;
    const SEMANTICS: Semantics;

    /// `into` becomes the state where it and `other` meet.
    fn join(&self, into: &mut Self::State, other: Self::State);

    /// Every statement reached, before anything else (`:=` inside it, checks in its header).
    fn enter(&mut self, _stmt: &Node, _state: &mut Self::State) {}

    /// A statement that is not compound and not a definition, `break` or
    /// `continue`: assignments, expressions, `return` and `raise` (whose
    /// value is evaluated before the path ends), imports, `global`...
    fn statement(&mut self, stmt: Ref<'_, Self>, state: &mut Self::State);

    /// An `if` condition, evaluated before either arm: which arms can run.
    fn condition(&mut self, test: Ref<'_, Self>, state: &mut Self::State) -> Arms;

    /// Which way a `while` condition always goes (read before the loop, with
    /// the state there): [`Arms::Then`], it never fails (only a `break`
    /// leaves, and the `else` is dead); [`Arms::Else`], the body never runs.
    /// The walker asks only about a condition that reads no name the loop
    /// assigns. Semgrep reads no condition: [`Arms::Both`].
    fn loop_condition(&mut self, _test: &Node, _state: &Self::State) -> Arms {
        Arms::Both
    }

    /// The state at the start of an arm of an `if` whose `test` is `holds`
    /// there (guards: a check that failed cleans what it checked); also at
    /// the start of each pass of a `while` body (`holds`) and where the loop
    /// leaves by its condition (not `holds`).
    fn assume(&mut self, _test: &Node, _holds: bool, _state: &mut Self::State) {}

    /// Whether no path goes on after this simple statement besides what the
    /// walker knows (`return`, `raise`, jumps): a call that never returns.
    fn ends_path(&self, _stmt: &Node) -> bool {
        false
    }

    /// A loop's header, before the loop: the `for` target and iterable
    /// (`at`: the whole loop), or the `while` condition.
    fn loop_head(&mut self, at: Span, target: Option<&Node>, header: Ref<'_, Self>, state: &mut Self::State) -> Self::LoopHead;

    /// A `for` loop's target, bound at the start of each pass.
    fn loop_target(&mut self, target: &Node, head: &Self::LoopHead, state: &mut Self::State);

    /// The items of a `with` (`at`: the whole statement), before its body.
    fn with_items(&mut self, at: Span, items: Ref<'_, Self>, state: &mut Self::State);

    /// The subject of a `match`, before its cases.
    fn match_subject(&mut self, subject: Ref<'_, Self>, state: &mut Self::State);

    /// Which cases of a `match` statement can run (read before its subject).
    fn live_cases(&self, _stmt: &Node, _state: &Self::State) -> Live {
        Live::Any
    }

    /// A `def`: its decorators run where it stands. Returns the state its
    /// body starts from when the body is walked here (with its own jumps and
    /// raises), `None` when the domain analyses bodies on their own.
    fn function(&mut self, decorators: Ref<'_, Self>, name: &Node, params: &Node, body: &Node, state: &Self::State) -> Option<Self::State>;

    /// After a `def` (and its body, if walked): the name is bound.
    fn end_function(&mut self, name: &Node, state: &mut Self::State);

    /// A `class`: the state its body starts from when walked here (its
    /// raises reach the `try`s around it), or `None`.
    fn class(&mut self, name: &Node, body: &Node, state: &Self::State) -> Option<Self::State>;

    /// After a `class` statement.
    fn end_class(&mut self, name: &Node, state: &mut Self::State);

    /// [`Loops::Widen`]: the state at the head of a loop that can go round,
    /// from the state before it; `assigned`: the names the loop assigns.
    fn widen(&self, _state: &mut Self::State, _assigned: &Names) {}

    /// [`Loops::Widen`]: what follows a loop that can go round (before its
    /// `else`): `state` is the head's, `entry` the state before the loop,
    /// `body_end` the state where the body ends.
    fn after_widened(&self, _entry: &Self::State, _body_end: &Self::State, _assigned: &Names, _state: &mut Self::State) {}

    /// [`Cases::Forget`]: what follows a `match` whose cases assign `assigned`.
    fn forget(&self, _state: &mut Self::State, _assigned: &Names) {}
}

//! The playground's effects: everything the pure reducer (`state.rs`) asks
//! for and may not do itself.
//!
//! * [`State::todo`]: compile the rule for its diagnostics and paint the code
//!   (colours now, the last hits carried over the edit), answered with
//!   [`Action::Prepared`];
//! * [`State::job`]: hand the scan to the worker ([`Scanner`]); its news
//!   comes back decorated as [`Action::ScanBusy`] / [`Action::Scanned`];
//! * a cancelled scan: stop the worker.
//!
//! The page's engine (colours, diagnostics, decorating) and the scanner live
//! here, in the App's hooks, not in the state.

use super::analysis::{rule_lines, GuardedEngine};
use super::scanner::{self, Job, ScanEvent};
use super::state::{Action, Compiled, State};
use crate::engine::report::Diagnostic;
use std::rc::Rc;
use yew::prelude::*;

/// Runs the effects of `state`'s requests (call once, in the App).
#[hook]
pub fn use_effects(state: &UseReducerHandle<State>) {
    let engine = use_mut_ref(GuardedEngine::default);
    let scanner = use_memo((), |_| scanner::shared());
    // The job last handed over: its code is what the worker's report describes.
    let sent = use_mut_ref(|| None::<Job>);
    {
        // Matching runs in a worker; its results come back as actions.
        let (engine, scanner, sent, dispatcher) = (engine.clone(), scanner.clone(), sent.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let report = Callback::from(move |news: ScanEvent| {
                let (seq, report, millis) = match news {
                    ScanEvent::Busy(seq) => return dispatcher.dispatch(Action::ScanBusy(seq)),
                    ScanEvent::Warnings { seq, warnings } => return dispatcher.dispatch(Action::Warned { seq, warnings }),
                    ScanEvent::Versus { seq, comparison } => return dispatcher.dispatch(Action::Compared { seq, comparison: Rc::new(comparison) }),
                    ScanEvent::Explained { seq, explanation } => return dispatcher.dispatch(Action::Explained { seq, explanation: Rc::new(explanation) }),
                    ScanEvent::Done { seq, report, millis } => (seq, Ok(report), millis),
                    ScanEvent::Failed { seq, message } => (seq, Err(message), 0.0),
                };
                let Some(code) = sent.borrow().as_ref().filter(|job| job.seq == seq).map(|job| job.code.clone()) else { return };
                let analysis = Rc::new(engine.borrow_mut().finish(&code, report, millis));
                dispatcher.dispatch(Action::Scanned { seq, analysis });
            });
            scanner.borrow_mut().connect(report);
        });
    }
    {
        // The reducer names each new scan; handing it to the worker is this
        // effect's, before the paint's (below): the worker scans while the page paints.
        let (submitter, sent, current) = (scanner.clone(), sent.clone(), state.clone());
        use_effect_with(state.scan.requested, move |_| {
            if let Some(job) = current.job.clone() {
                *sent.borrow_mut() = Some(job.clone());
                submitter.borrow_mut().submit(job);
            }
        });
        let (scanner, current) = (scanner.clone(), state.clone());
        use_effect_with(state.scan.cancelled, move |cancelled| {
            if *cancelled && current.job.is_none() {
                scanner.borrow_mut().cancel();
            }
        });
    }
    {
        // Compile and paint what the reducer asked for.
        let (engine, current) = (engine.clone(), state.clone());
        use_effect_with(state.todo, move |todo| {
            if todo.any() {
                let action = prepare(&mut engine.borrow_mut(), &current);
                current.dispatch(action);
            }
        });
    }
}

/// Does `state.todo`: the rule's diagnostics and the code's paint.
fn prepare(engine: &mut GuardedEngine, state: &State) -> Action {
    let compiled = state.todo.compile.then(|| {
        let rule = state.rule.clone();
        let diagnostics = match engine.set_rules(&rule) {
            Ok(diagnostics) => diagnostics,
            Err(failure) => vec![whole_text_error(&rule, failure)],
        };
        Compiled { lines: rule_lines(&rule, &diagnostics), rule, diagnostics }
    });
    let painted = state.todo.paint.then(|| {
        Rc::new(if state.paused {
            engine.colour_only(&state.code)
        } else {
            engine.provisional(&state.code, &state.analysis)
        })
    });
    Action::Prepared { rev: state.todo.rev, compiled, painted }
}

fn whole_text_error(text: &str, message: String) -> Diagnostic {
    let lines = crate::engine::source::LineIndex::new(text);
    Diagnostic::at(text, &lines, crate::engine::source::Span::new(0, 0), message)
}

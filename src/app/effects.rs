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

use super::analysis::{now, rule_lines, GuardedEngine};
use super::scanner::{self, Job, ScanEvent};
use super::state::{Action, Compiled, State};
use crate::engine::report::Diagnostic;
use std::rc::Rc;
use yew::prelude::*;

/// How long a code edit's repaint (colours now, the last hits moved over the
/// edit) waits for the edit's scan, when the last one came back within it:
/// the scan's own paint is then the first, and the page spends no frame on a
/// repaint the scan replaces a moment later. A slower scan gets the repaint
/// at once, as does any edit while the scans are slow.
const REPAINT_WAIT_MS: f64 = 40.0;

/// Runs the effects of `state`'s requests (call once, in the App). Returns
/// what the code editor calls at `beforeinput` with the text a keystroke is
/// about to make: that edit's scan is handed to the worker at once.
#[hook]
pub fn use_effects(state: &UseReducerHandle<State>) -> Callback<String> {
    let engine = use_mut_ref(GuardedEngine::default);
    let scanner = use_memo((), |_| scanner::shared());
    // The job last handed over: its code is what the worker's report describes.
    let sent = use_mut_ref(|| None::<Job>);
    // When it was handed over, and how long the last scan took from then to its results.
    let timing = use_mut_ref(|| (0.0f64, f64::INFINITY));
    // The state of the last render, for what runs later (a held-back repaint, a predicted edit).
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    {
        // Matching runs in a worker; its results come back as actions.
        let (engine, scanner, sent, timing, dispatcher) = (engine.clone(), scanner.clone(), sent.clone(), timing.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let report = Callback::from(move |news: ScanEvent| {
                if let ScanEvent::Done { seq, .. } = &news {
                    if sent.borrow().as_ref().is_some_and(|job| job.seq == *seq) {
                        let mut timing = timing.borrow_mut();
                        timing.1 = now() - timing.0;
                    }
                }
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
        let (submitter, sent, timing, current) = (scanner.clone(), sent.clone(), timing.clone(), state.clone());
        use_effect_with(state.scan.requested, move |_| {
            if let Some(job) = current.job.clone() {
                hand_over(&submitter, &sent, &timing, job);
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
        // Compile and paint what the reducer asked for. A code edit's repaint
        // waits a moment for its scan while scans are quick (see
        // REPAINT_WAIT_MS); the scan's results cancel it (the reducer then
        // clears `todo.paint`, and this effect's cleanup drops the timer).
        let (engine, current, timing, latest) = (engine.clone(), state.clone(), timing.clone(), latest.clone());
        use_effect_with(state.todo, move |todo| {
            let rev = todo.rev;
            let quick = timing.borrow().1 <= REPAINT_WAIT_MS;
            let scanning = current.job.as_ref().is_some_and(|job| job.seq == current.scan.requested && current.scan.pending() && *job.code == *current.code.as_str());
            let mut timer = None;
            if todo.any() {
                if todo.compile || !quick || !scanning || current.paused {
                    let action = prepare(&mut engine.borrow_mut(), &current);
                    current.dispatch(action);
                } else {
                    timer = Some(gloo::timers::callback::Timeout::new(REPAINT_WAIT_MS as u32, move || {
                        let now = latest.borrow().clone();
                        if now.todo.rev == rev && now.todo.any() {
                            let action = prepare(&mut engine.borrow_mut(), &now);
                            now.dispatch(action);
                        }
                    }));
                }
            }
            move || drop(timer)
        });
    }
    // A keystroke's text, predicted at `beforeinput`: its scan goes to the
    // worker before the browser lays the edit out; the edit's own job, named
    // by the reducer a moment later, is the same and is not sent again.
    let predicted = {
        let (scanner, sent, timing, latest) = (scanner.clone(), sent.clone(), timing.clone(), latest.clone());
        use_memo((), move |_| {
            Callback::from(move |code: String| {
                let job = latest.borrow().job_for_edit(&code);
                if let Some(job) = job {
                    hand_over(&scanner, &sent, &timing, job);
                }
            })
        })
    };
    (*predicted).clone()
}

/// Hands `job` to the worker, noting it and when.
fn hand_over(scanner: &scanner::SharedScanner, sent: &Rc<std::cell::RefCell<Option<Job>>>, timing: &Rc<std::cell::RefCell<(f64, f64)>>, job: Job) {
    let again = sent.borrow().as_ref().is_some_and(|last| last.seq == job.seq && *last.code == *job.code);
    if !again {
        timing.borrow_mut().0 = now();
    }
    *sent.borrow_mut() = Some(job.clone());
    scanner.borrow_mut().submit(job);
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

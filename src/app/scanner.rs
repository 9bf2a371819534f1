//! The page's side of the scan worker: matching off the main thread.
//!
//! The page keeps colouring and painting; [`Scanner`] hands each scan job
//! (rules + code) to a Web Worker running the same wasm module
//! (`worker.rs`) and reports back through one callback. One job runs at a
//! time. A newer job waits for the running one, unless that one has run for
//! a while: then the worker is thrown away and a fresh one takes the newer
//! job, so an edit always supersedes a slow scan. `cancel` does the same
//! without a new job. A worker that crashes is replaced too; the page lives on.

use super::analysis::now;
use crate::engine::report::Diagnostic;
use crate::engine::session::Report;
use crate::protocol::{self, Comparison, ExplainRequest, Explanation, FromWorker, ToWorker};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// The worker script, copied next to the wasm by Trunk (see index.html).
const SCRIPT: &str = "./scan-worker.js";
/// After this long, a newer job replaces a running scan instead of waiting for it.
const SUPERSEDE_MS: f64 = 250.0;
/// A scan shows as busy only after this long, so fast scans never flicker.
const BUSY_MS: u32 = 150;

/// What the scanner tells the page.
pub enum ScanEvent {
    /// Job `seq` has run for a while.
    Busy(u32),
    Done { seq: u32, report: Report, millis: f64 },
    /// The open panel's answer to job `seq` (just before or after its results).
    Explained { seq: u32, explanation: Explanation },
    Failed { seq: u32, message: String },
    /// The rules' silent zeros after job `seq` (warnings in its rules' YAML).
    Warnings { seq: u32, warnings: Vec<Diagnostic> },
    /// Job `seq`'s findings compared with Semgrep's, after its results.
    Versus { seq: u32, comparison: Comparison },
}

#[derive(Clone)]
pub struct Job {
    pub seq: u32,
    pub rules: Rc<str>,
    pub code: Rc<str>,
    /// The Precise toggle: every analysis beyond Semgrep's, for every rule.
    pub precise: bool,
    /// An explain panel is open: its answer comes with the report.
    pub explain: Option<ExplainRequest>,
}

#[derive(Default)]
pub struct Scanner {
    worker: Option<Worker>,
    ready: bool,
    /// The job the worker is running, and since when.
    running: Option<(u32, f64)>,
    /// That job, to know a job submitted again (see [`Scanner::submit`]).
    in_flight: Option<Job>,
    /// The running job asked for a panel's answer, not in yet: it runs until
    /// both its results and that answer are in (in either order).
    explaining: bool,
    /// The running job's results are in.
    results_in: bool,
    /// The newest job not yet handed over.
    pending: Option<Job>,
    /// The rules this worker was last sent (it keeps them; a job repeats them only when they change).
    sent_rules: Option<Rc<str>>,
    report: Option<Callback<ScanEvent>>,
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    busy_timer: Option<gloo::timers::callback::Timeout>,
    /// A job waits behind one that started less than [`SUPERSEDE_MS`] ago:
    /// the waiting one replaces it once it has run that long.
    supersede_timer: Option<gloo::timers::callback::Timeout>,
    /// The panic message of the running job, reported when the worker then dies.
    panic: Option<String>,
    /// When the worker could not start: the rules and code it was to scan
    /// (none when that was known before any job came), and why.
    unstarted: Option<(Option<(Rc<str>, Rc<str>)>, String)>,
    me: Weak<RefCell<Scanner>>,
}

pub type SharedScanner = Rc<RefCell<Scanner>>;

pub fn shared() -> SharedScanner {
    let scanner = Rc::new(RefCell::new(Scanner::default()));
    scanner.borrow_mut().me = Rc::downgrade(&scanner);
    scanner
}

impl Scanner {
    /// Connects the page and starts the worker; jobs submitted before wait for it.
    pub fn connect(&mut self, report: Callback<ScanEvent>) {
        self.report = Some(report);
        if self.worker.is_none() {
            self.spawn();
        }
    }

    /// Scans `job` as soon as possible; an older job that has not started is
    /// dropped. The very job the worker is running (the effects hand a
    /// keystroke's job over at `beforeinput`, then again with the edit) is
    /// not run twice: it is the newest again, and whatever waited is dropped.
    pub fn submit(&mut self, job: Job) {
        if self.running.is_some() && self.in_flight.as_ref().is_some_and(|running| same_job(running, &job)) {
            self.pending = None;
            return;
        }
        self.pending = Some(job);
        if self.worker.is_none() && self.report.is_some() {
            // It could not start before; try again for an edit, but not for a
            // job that asks the same scan again (the page's start-up may ask
            // twice, before and after the failure is known), nor for the
            // start-up's first job after a start that failed on its own.
            if let Some((scan, message)) = &self.unstarted {
                let same = scan.as_ref().is_none_or(|(rules, code)| **rules == *job_rules(&self.pending) && **code == *job_code(&self.pending));
                if same {
                    let message = message.clone();
                    self.fail_all(message);
                    return;
                }
            }
            self.spawn();
            return;
        }
        match self.running {
            Some((_, since)) if now() - since > SUPERSEDE_MS => self.restart(),
            Some((seq, since)) => {
                // Not a newer job waiting for an older slow one to end on its own.
                let me = self.me.clone();
                let wait = (SUPERSEDE_MS - (now() - since)).max(0.0) as u32 + 1;
                self.supersede_timer = Some(gloo::timers::callback::Timeout::new(wait, move || {
                    let Some(scanner) = me.upgrade() else { return };
                    let mut scanner = scanner.borrow_mut();
                    if scanner.pending.is_some() && scanner.running.is_some_and(|r| r.0 == seq) {
                        scanner.restart();
                    }
                }));
            }
            None => self.send(),
        }
    }

    /// Stops the running scan (if any) and forgets the waiting one.
    pub fn cancel(&mut self) {
        self.pending = None;
        if self.running.is_some() {
            self.restart();
        }
    }

    fn restart(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.terminate();
        }
        self.panic = None;
        self.running = None;
        self.busy_timer = None;
        self.spawn();
    }

    fn spawn(&mut self) {
        self.ready = false;
        self.sent_rules = None;
        mark_ready(false);
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = match Worker::new_with_options(SCRIPT, &options) {
            Ok(worker) => worker,
            Err(e) => {
                let message = format!("The matcher could not start: {}", js_text(&e));
                self.fail_all(message);
                return;
            }
        };
        let me = self.me.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let event: MessageEvent = event.unchecked_into();
            let Some(scanner) = me.upgrade() else { return };
            // No borrow may be held while the page hears of it: the reducer may submit again.
            let news = scanner.borrow_mut().receive(&event.data());
            let report = scanner.borrow().report.clone();
            if let (Some(news), Some(report)) = (news, report) {
                report.emit(news);
            }
        });
        let me = self.me.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            // A trap fires an `ErrorEvent`; a script that cannot be loaded a plain
            // `Event`, whose `message` getter would throw (with the scanner borrowed).
            let message = event.dyn_ref::<ErrorEvent>().map_or_else(|| "its script could not be loaded".to_string(), ErrorEvent::message);
            if let Some(event) = event.dyn_ref::<web_sys::Event>() {
                event.prevent_default();
            }
            let Some(s) = me.upgrade() else { return };
            let failed = s.borrow_mut().crashed(message);
            let report = s.borrow().report.clone();
            if let (Some(failed), Some(report)) = (failed, report) {
                report.emit(failed);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The compiled module: the worker instantiates it without fetching anything.
        if let Err(e) = worker.post_message(&wasm_bindgen::module()) {
            self.fail_all(format!("The matcher could not start: {}", js_text(&e)));
            return;
        }
        self.handlers = vec![on_message, on_error];
        self.worker = Some(worker);
    }

    /// Hands the pending job to the worker, if it can take one.
    fn send(&mut self) {
        if !self.ready || self.running.is_some() {
            return;
        }
        let (Some(worker), Some(job)) = (self.worker.as_ref(), self.pending.take()) else { return };
        // The rules travel only when they differ from the ones this worker has.
        let rules = (self.sent_rules.as_deref() != Some(&*job.rules)).then(|| job.rules.to_string());
        let head = ToWorker::Scan { seq: job.seq, rules, precise: job.precise, explain: job.explain.clone() }.write();
        let message = js_sys::Array::of2(&JsValue::from_str(&head), &JsValue::from_str(&job.code));
        if let Err(e) = worker.post_message(&message) {
            self.fail_all(format!("Could not start matching: {}", js_text(&e)));
            return;
        }
        self.sent_rules = Some(job.rules.clone());
        self.running = Some((job.seq, now()));
        self.explaining = job.explain.is_some();
        self.results_in = false;
        let (me, seq) = (self.me.clone(), job.seq);
        self.in_flight = Some(job);
        self.busy_timer = Some(gloo::timers::callback::Timeout::new(BUSY_MS, move || {
            let report = me.upgrade().and_then(|s| {
                let s = s.borrow();
                (s.running.map(|r| r.0) == Some(seq)).then(|| s.report.clone()).flatten()
            });
            if let Some(report) = report {
                report.emit(ScanEvent::Busy(seq));
            }
        }));
    }

    /// A message from the worker (`[head]` or `[head, body]`, see
    /// [`crate::protocol`]); returns what to tell the page.
    fn receive(&mut self, data: &JsValue) -> Option<ScanEvent> {
        let part = |i: u32| js_sys::Reflect::get_u32(data, i).ok().and_then(|v| v.as_string());
        let head = match part(0).as_deref().map(FromWorker::read) {
            Some(Ok(head)) => head,
            Some(Err(message)) => FromWorker::Failed { seq: self.running.map(|r| r.0), message },
            None => return None,
        };
        // The job is over once its results and the panel's answer it asked
        // for are in (the answer comes first or last; see `worker::run`).
        match head {
            FromWorker::Done { .. } => {
                self.busy_timer = None;
                self.results_in = true;
            }
            FromWorker::Explained { .. } => self.explaining = false,
            _ => {}
        }
        let over = matches!(head, FromWorker::Done { .. } | FromWorker::Explained { .. }) && self.results_in && !self.explaining;
        let event = match head {
            FromWorker::Ready => {
                self.ready = true;
                self.unstarted = None;
                mark_ready(true);
                None
            }
            // A newer edit is waiting: these results are stale, not even worth
            // reading (a long file's report is megabytes of JSON).
            FromWorker::Done { .. } | FromWorker::Explained { .. } if self.pending.is_some() => None,
            FromWorker::Done { seq, millis } => Some(match protocol::read_report(&part(1).unwrap_or_default()) {
                Ok(report) => ScanEvent::Done { seq, report, millis },
                Err(message) => ScanEvent::Failed { seq, message },
            }),
            FromWorker::Explained { seq } => Some(match protocol::read_explanation(&part(1).unwrap_or_default()) {
                Ok(explanation) => ScanEvent::Explained { seq, explanation },
                Err(message) => ScanEvent::Explained { seq, explanation: Explanation { error: Some(message), ..Explanation::default() } },
            }),
            // Comes after its job's results; the worker may have a newer job by now.
            FromWorker::Warnings { seq } => {
                return protocol::read_warnings(&part(1).unwrap_or_default()).ok().map(|warnings| ScanEvent::Warnings { seq, warnings });
            }
            FromWorker::Versus { seq } => {
                return protocol::read_versus(&part(1).unwrap_or_default()).ok().map(|comparison| ScanEvent::Versus { seq, comparison });
            }
            FromWorker::Failed { message, .. } => {
                if self.running.is_some() {
                    // A panic: the module traps next, and `crashed` reports it.
                    self.panic = Some(message);
                } else {
                    // The worker could not start.
                    self.fail_all(message);
                }
                return None;
            }
        };
        if over || matches!(event, Some(ScanEvent::Failed { .. })) {
            self.running = None;
            self.busy_timer = None;
        }
        self.send();
        event
    }

    /// The worker died (a trap in the engine): replace it and report the job it was running.
    fn crashed(&mut self, message: String) -> Option<ScanEvent> {
        if !self.ready {
            // It never started (blocked or broken script): do not retry in a loop.
            if let Some(worker) = self.worker.take() {
                worker.terminate();
            }
            self.fail_all(format!("The matcher could not start: {message}"));
            return None;
        }
        let seq = self.running.map(|r| r.0);
        let detail = self.panic.take().unwrap_or(message);
        self.restart();
        seq.map(|seq| ScanEvent::Failed { seq, message: format!("The matcher failed on this input ({detail}). Edit the code or the rule to try again.") })
    }

    fn fail_all(&mut self, message: String) {
        if !self.ready {
            match &self.pending {
                Some(job) => self.unstarted = Some((Some((job.rules.clone(), job.code.clone())), message.clone())),
                None if self.unstarted.is_none() => self.unstarted = Some((None, message.clone())),
                None => {}
            }
        }
        let seq = self.pending.take().map(|j| j.seq).or(self.running.map(|r| r.0));
        self.running = None;
        if let (Some(seq), Some(report)) = (seq, self.report.clone()) {
            // Not from inside a reducer: report on the next turn.
            wasm_bindgen_futures::spawn_local(async move { report.emit(ScanEvent::Failed { seq, message }) });
        }
    }
}

/// `<html data-matcher="ready">` once the worker has started: the page has then
/// fetched everything it ever will (the browser tests wait for it).
fn mark_ready(ready: bool) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if ready { root.set_attribute("data-matcher", "ready") } else { root.remove_attribute("data-matcher") };
    }
}

fn js_text(value: &JsValue) -> String {
    value.as_string().or_else(|| js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string())).unwrap_or_else(|| "unknown error".into())
}

/// Two jobs that ask the worker the same: number, rules, code, toggle and panel request.
fn same_job(a: &Job, b: &Job) -> bool {
    a.seq == b.seq && a.precise == b.precise && a.explain == b.explain && *a.rules == *b.rules && *a.code == *b.code
}

fn job_rules(job: &Option<Job>) -> &str {
    job.as_ref().map_or("", |job| &job.rules)
}

fn job_code(job: &Option<Job>) -> &str {
    job.as_ref().map_or("", |job| &job.code)
}

//! The engine's side of the scan worker (runs inside a Web Worker, no DOM).
//!
//! The page and the worker load the same wasm module: `scripts/scan-worker.js`
//! instantiates the module the page sends it, and [`super::start`] lands here
//! when there is no `window`. The messages are typed in [`crate::protocol`]:
//! each [`ToWorker::Scan`] is one job (its rules only when they differ from the
//! last job's); the answer is [`FromWorker::Done`] with the engine's
//! [`Report`](crate::engine::session::Report) as a second JSON text, or
//! [`FromWorker::Failed`], while a panel is open [`FromWorker::Explained`]
//! (its answer: Inspect's before the report, any other's after it), then [`FromWorker::Versus`] (the findings compared with
//! Semgrep's, off the scan the page waits for) and [`FromWorker::Warnings`]
//! (the rules' silent zeros), both once the worker has been idle a moment (a
//! newer job drops them). Every message is an array of strings: `[head,
//! code]` in, `[head]` or `[head, body]` out. Rules are recompiled only when
//! their text changes, and the parse cache lives on between jobs, as on the page before.

use crate::engine::rule::PreciseMode;
use crate::engine::session::Session;
use crate::protocol::{self, FromWorker, ToWorker};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

struct Engine {
    session: Session,
    rules: Option<String>,
    /// What the last job's results do not wait for, still to do (see [`follow_up`]).
    follow_up: Option<FollowUp>,
}

/// Job `seq`'s comparison with Semgrep's and silent zeros, done after its
/// results were sent, once the worker has been idle for [`QUIET_MS`].
struct FollowUp {
    seq: u32,
    report: crate::engine::session::Report,
    /// The comparison was sent; the warnings come next.
    compared: bool,
}

/// How long the worker waits, idle, before it compares the last results with
/// Semgrep's and looks for silent zeros: while the visitor types, the next
/// job usually comes first and makes them moot (the page keeps the marks it
/// shows over an edit until new ones come), so a keystroke's scan never waits
/// behind the last keystroke's comparison, which costs about a second scan.
const QUIET_MS: u32 = 60;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine { session: Session::new(), rules: None, follow_up: None });
    /// The job being run, for the panic hook.
    static SEQ: RefCell<Option<u32>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Milliseconds with sub-millisecond precision (`Date.now()` counts whole ones).
fn now() -> f64 {
    scope().performance().map_or_else(js_sys::Date::now, |p| p.now())
}

fn post(head: &FromWorker, body: Option<String>) {
    let message = js_sys::Array::new();
    message.push(&JsValue::from_str(&head.write()));
    if let Some(body) = body {
        message.push(&JsValue::from_str(&body));
    }
    let _ = scope().post_message(&message);
}

/// Starts answering jobs; tells the page it is ready.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // The module traps right after this; the page restarts the worker.
        let seq = SEQ.with(|s| *s.borrow());
        post(&FromWorker::Failed { seq, message: info.to_string() }, None);
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        // `[head, code]`: the job's head (JSON) and the code as it is.
        let data = event.data();
        let part = |i: u32| js_sys::Reflect::get_u32(&data, i).ok().and_then(|v| v.as_string());
        let (Some(head), Some(code)) = (part(0), part(1)) else { return };
        match ToWorker::read(&head) {
            Ok(job) => run(job, code),
            Err(message) => post(&FromWorker::Failed { seq: None, message }, None),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready, None);
}

fn run(job: ToWorker, code: String) {
    let ToWorker::Scan { seq, rules, precise, explain } = job;
    SEQ.with(|s| *s.borrow_mut() = Some(seq));
    // A newer job: the last one's comparison and warnings would be stale.
    ENGINE.with(|engine| engine.borrow_mut().follow_up = None);
    let started = now();
    let report = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        // The page sends the rules only when they differ from the last ones it sent.
        if let Some(rules) = rules.filter(|r| engine.rules.as_deref() != Some(r.as_str())) {
            engine.session.set_rules(&rules);
            engine.rules = Some(rules);
        }
        let mode = if precise { PreciseMode::All } else { PreciseMode::AsRules };
        if engine.session.precise() != mode {
            engine.session.set_precise(mode);
        }
        // The comparison with Semgrep's findings comes after the results (below).
        engine.session.set_compare(false);
        engine.session.set_code(&code);
        let mut report = engine.session.run();
        // The page never shows the metadata; no need to send it across.
        for finding in &mut report.findings {
            finding.metadata = serde_json::Value::Null;
        }
        report
    });
    let millis = now() - started;
    // Only while a panel is open. Inspect's answer (one rule's formula again,
    // a few milliseconds) comes first: the page would otherwise take it only
    // after decorating and rendering the results, which for a pack takes
    // longer than the answer itself. Any other panel's answer comes after the
    // results, so the highlights never wait for it.
    let first = explain.as_ref().is_some_and(|request| request.panel == protocol::Panel::Inspect);
    if first {
        explain_for(seq, explain.as_ref());
    }
    match protocol::done(seq, millis, &report) {
        Ok(parts) => post_parts(parts),
        Err(message) => post(&FromWorker::Failed { seq: Some(seq), message }, None),
    }
    if !first {
        explain_for(seq, explain.as_ref());
    }
    // The replaced tree is freed once the page has its answer; then, if no
    // newer job comes meanwhile, what the results do not wait for.
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.session.release();
        engine.follow_up = Some(FollowUp { seq, report, compared: false });
    });
    later(QUIET_MS, seq);
}

/// Posts the open panel's answer after job `seq`, when the job asked for one.
fn explain_for(seq: u32, request: Option<&protocol::ExplainRequest>) {
    let Some(request) = request else { return };
    let explanation = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        let engine = &mut *engine;
        protocol::answer(&mut engine.session, engine.rules.as_deref().unwrap_or(""), request, &now)
    });
    match protocol::explained(seq, &explanation) {
        Ok(parts) => post_parts(parts),
        Err(message) => post_parts(protocol::explained(seq, &protocol::Explanation { error: Some(message), ..protocol::Explanation::default() }).unwrap_or_default()),
    }
}

/// Calls [`follow_up`] for job `seq` in `millis`; a newer job makes it do nothing.
fn later(millis: u32, seq: u32) {
    gloo::timers::callback::Timeout::new(millis, move || follow_up(seq)).forget();
}

/// The last job's follow-up, one part per turn of the event loop (a job that
/// arrives in between drops the rest): first how its findings compare with
/// Semgrep's (only while a rule runs a precise analysis; sent even when
/// empty, it clears the previous marks), then the rules' silent zeros.
fn follow_up(seq: u32) {
    let taken = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.follow_up.take_if(|next| next.seq == seq)
    });
    let Some(mut next) = taken else { return };
    if !next.compared {
        let comparison = ENGINE.with(|engine| protocol::compare(&mut engine.borrow_mut().session, &next.report));
        // A `Failed` after `Done` would be taken for the worker failing to start:
        // a comparison that cannot be sent (it always can) is dropped.
        if let Ok(parts) = protocol::versus(next.seq, &comparison) {
            post_parts(parts);
        }
        next.compared = true;
        ENGINE.with(|engine| engine.borrow_mut().follow_up = Some(next));
        later(0, seq);
        return;
    }
    let warnings = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        let engine = &mut *engine;
        protocol::lint(&mut engine.session, engine.rules.as_deref().unwrap_or(""), &next.report)
    });
    post_parts(protocol::warnings(next.seq, &warnings));
}

fn post_parts(parts: Vec<String>) {
    let message = js_sys::Array::new();
    for part in parts {
        message.push(&JsValue::from_str(&part));
    }
    let _ = scope().post_message(&message);
}

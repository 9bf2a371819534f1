//! The engine's side of the scan worker (runs inside a Web Worker, no DOM).
//!
//! The page and the worker load the same wasm module: `scripts/scan-worker.js`
//! instantiates the module the page sends it, and [`super::start`] lands here
//! when there is no `window`. Each message is one job, `{seq, rules, code}`
//! (`rules` only when they differ from the last job's);
//! the answer is `{kind: "done", seq, report, millis}` with the engine's
//! [`Report`](crate::engine::session::Report) as JSON text, or
//! `{kind: "failed", seq, message}`. Rules are recompiled only when their text
//! changes, and the parse cache lives on between jobs, as on the page before.

use crate::engine::session::Session;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

struct Engine {
    session: Session,
    rules: Option<String>,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine { session: Session::new(), rules: None });
    /// The job being run, for the panic hook.
    static SEQ: RefCell<f64> = const { RefCell::new(-1.0) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Milliseconds with sub-millisecond precision (`Date.now()` counts whole ones).
fn now() -> f64 {
    scope().performance().map_or_else(js_sys::Date::now, |p| p.now())
}

fn post(fields: &[(&str, JsValue)]) {
    let message = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(name), value);
    }
    let _ = scope().post_message(&message);
}

/// Starts answering jobs; tells the page it is ready.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // The module traps right after this; the page restarts the worker.
        let seq = SEQ.with(|s| *s.borrow());
        post(&[("kind", "failed".into()), ("seq", seq.into()), ("message", info.to_string().into())]);
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| run(&event.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&[("kind", "ready".into())]);
}

fn field(data: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn run(data: &JsValue) {
    let seq = field(data, "seq").as_f64().unwrap_or(-1.0);
    let Some(code) = field(data, "code").as_string() else { return };
    // The page sends the rules only when they differ from the last ones it sent.
    let rules = field(data, "rules").as_string();
    SEQ.with(|s| *s.borrow_mut() = seq);
    let started = now();
    let report = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        if let Some(rules) = rules.filter(|r| engine.rules.as_deref() != Some(r.as_str())) {
            engine.session.set_rules(&rules);
            engine.rules = Some(rules);
        }
        engine.session.set_code(&code);
        let mut report = engine.session.run();
        // The page never shows the metadata; no need to send it across.
        for finding in &mut report.findings {
            finding.metadata = serde_json::Value::Null;
        }
        report
    });
    let millis = now() - started;
    match serde_json::to_string(&report) {
        Ok(json) => post(&[("kind", "done".into()), ("seq", seq.into()), ("report", json.into()), ("millis", millis.into())]),
        Err(e) => post(&[("kind", "failed".into()), ("seq", seq.into()), ("message", format!("could not send the results: {e}").into())]),
    }
    // The replaced tree is freed once the page has its answer.
    ENGINE.with(|engine| engine.borrow_mut().session.release());
}

//! The messages between the playground page and its scan worker, typed.
//!
//! Plain Rust, compiled and tested natively; `app/scanner.rs` (the page) and
//! `app/worker.rs` (the worker) are its only users, so both sides read and
//! write the same enums and a renamed field fails to compile instead of
//! arriving as `undefined`.
//!
//! On the wire a message is text: a page-to-worker [`ToWorker`] is one JSON
//! document. A worker-to-page message is a small [`FromWorker`] head plus, for
//! a finished scan, the [`Report`] as a second JSON text: the page reads the
//! head first and skips a report a newer edit has made stale (a long file's
//! report is megabytes) without parsing it.

use crate::engine::session::Report;
use serde::{Deserialize, Serialize};

/// Page to worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ToWorker {
    /// Scan `code` with `rules`; `rules` is `None` when they are the ones of
    /// the worker's previous job (the page sends them only when they change).
    Scan { seq: u32, rules: Option<String>, code: String },
}

/// Worker to page (the head of the message; see [`done`] for the report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromWorker {
    /// The worker has started and takes jobs.
    Ready,
    /// Job `seq` ran in `millis`; its report is the message's second part.
    Done { seq: u32, millis: f64 },
    /// Job `seq` failed (`None`: before any job, e.g. the module did not start).
    Failed { seq: Option<u32>, message: String },
}

impl ToWorker {
    pub fn write(&self) -> String {
        // Strings and integers only: serialization cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn read(text: &str) -> Result<ToWorker, String> {
        serde_json::from_str(text).map_err(|e| format!("not a scan job: {e}"))
    }
}

impl FromWorker {
    pub fn write(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn read(text: &str) -> Result<FromWorker, String> {
        serde_json::from_str(text).map_err(|e| format!("not a message from the matcher: {e}"))
    }
}

/// A finished scan: the head and the report, both as text.
pub fn done(seq: u32, millis: f64, report: &Report) -> Result<(String, String), String> {
    let body = serde_json::to_string(report).map_err(|e| format!("could not send the results: {e}"))?;
    Ok((FromWorker::Done { seq, millis }.write(), body))
}

/// The report that came with a [`FromWorker::Done`].
pub fn read_report(body: &str) -> Result<Report, String> {
    serde_json::from_str(body).map_err(|e| format!("The results could not be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::Session;

    fn check_to_worker(message: ToWorker) {
        assert_eq!(ToWorker::read(&message.write()), Ok(message));
    }

    fn check_from_worker(message: FromWorker) {
        assert_eq!(FromWorker::read(&message.write()), Ok(message));
    }

    #[test]
    fn jobs_round_trip_with_and_without_rules() {
        check_to_worker(ToWorker::Scan { seq: 7, rules: Some("rules: []\n".into()), code: "x = '\"\\n'\n\u{1F600}".into() });
        check_to_worker(ToWorker::Scan { seq: u32::MAX, rules: None, code: String::new() });
    }

    #[test]
    fn answers_round_trip() {
        check_from_worker(FromWorker::Ready);
        check_from_worker(FromWorker::Done { seq: 3, millis: 1.25 });
        check_from_worker(FromWorker::Failed { seq: Some(4), message: "panicked at 'x'".into() });
        check_from_worker(FromWorker::Failed { seq: None, message: "could not start".into() });
    }

    #[test]
    fn unknown_or_misspelt_messages_are_errors() {
        assert!(FromWorker::read(r#"{"kind":"finished","seq":1}"#).is_err());
        assert!(FromWorker::read(r#"{"kind":"done","sequence":1,"millis":0}"#).is_err());
        assert!(ToWorker::read(r#"{"kind":"scan","seq":1,"rule":"x","code":""}"#).is_err());
        assert!(ToWorker::read("not json").is_err());
    }

    #[test]
    fn a_real_report_arrives_whole() {
        let mut session = Session::new();
        let rule = "rules:\n- id: debug\n  languages: [python]\n  severity: WARNING\n  message: debug on\n  pattern: app.run(debug=True)\n";
        assert!(session.set_rules(rule).iter().all(|d| d.severity != "error"));
        session.set_code("app.run(debug=True)\ndef f(:\n");
        let report = session.run();
        let (head, body) = done(9, 2.5, &report).unwrap();
        assert_eq!(FromWorker::read(&head), Ok(FromWorker::Done { seq: 9, millis: 2.5 }));
        let read = read_report(&body).unwrap();
        assert_eq!(read.findings.len(), 1);
        assert_eq!(read.findings[0].span, report.findings[0].span);
        assert_eq!(read.syntax_errors.len(), report.syntax_errors.len());
        assert!(!read.syntax_errors.is_empty());
    }
}

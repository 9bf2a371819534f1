//! The messages between the playground page and its scan worker, typed.
//!
//! Plain Rust, compiled and tested natively; `app/scanner.rs` (the page) and
//! `app/worker.rs` (the worker) are its only users, so both sides read and
//! write the same enums and a renamed field fails to compile instead of
//! arriving as `undefined`.
//!
//! On the wire a message is an array of texts: a small JSON head, then the
//! bulk as plain text. A page-to-worker [`ToWorker`] head is followed by the
//! code (never JSON-escaped: a pasted 100,000-line file is megabytes). A
//! worker-to-page [`FromWorker`] head is followed, for a finished scan, by the
//! [`Report`] as JSON, and then, in a message of its own, the open panel's
//! [`Explanation`]: the page reads the head first and skips a report a newer
//! edit has made stale without parsing it.

use crate::engine::explain::{self, InspectOptions, Inspection, NodePath, PatternTree, RuleTime, TreeNode, WhyNot};
use crate::engine::report::{Finding, Versus};
use crate::engine::session::{Report, Session};
use crate::engine::source::Span;
use serde::{Deserialize, Serialize};

/// Page to worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ToWorker {
    /// Scan the code (the message's second part) with `rules`; `rules` is
    /// `None` when they are the ones of the worker's previous job (the page
    /// sends them only when they change). With `explain`, the open panel's
    /// answer comes with the report ([`FromWorker::Explained`]).
    Scan {
        seq: u32,
        rules: Option<String>,
        /// The Precise toggle: every analysis beyond Semgrep's on for every
        /// rule (`PreciseMode::All`); off, each rule's own `options:` say.
        #[serde(default, skip_serializing_if = "is_false")]
        precise: bool,
        /// Absent with every panel closed: the job is then what it was before the panels.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        explain: Option<ExplainRequest>,
    },
}

/// Worker to page (the head of the message; see [`done`] for the report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromWorker {
    /// The worker has started and takes jobs.
    Ready,
    /// Job `seq` ran in `millis`; its report is the message's second part.
    Done { seq: u32, millis: f64 },
    /// When job `seq` asked for it: the open panel's [`Explanation`], the
    /// message's second part. A message of its own: Inspect's (quick) comes
    /// right before the job's results, so the tree never waits for the page
    /// to handle them; any other right after them, so the highlights never
    /// wait for the panel.
    Explained { seq: u32 },
    /// Job `seq` failed (`None`: before any job, e.g. the module did not start).
    Failed { seq: Option<u32>, message: String },
    /// After job `seq`'s results: the rules' silent zeros (see [`lint`]), as
    /// warnings placed in its rules' YAML, the message's second part. Sent
    /// after the results, so they never wait for it.
    Warnings { seq: u32 },
    /// After job `seq`'s results: how they compare with Semgrep's (issue 19),
    /// a [`Comparison`] as the message's second part. Sent after the results
    /// (before the warnings), so the highlights never wait for it.
    Versus { seq: u32 },
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The most rules whose silent zeros the worker looks for after each scan:
/// a rule being written, not a pack (whose rules find nothing on most code).
pub const LINT_RULES: usize = 8;

/// The silent zeros of the session's rules (loaded from `rules`) on its code,
/// as warnings in the rules' YAML (issue 21): a metavariable nothing binds,
/// for every rule; and, from a traced run of the rules that found nothing in
/// `report` only, a `metavariable-regex` no bound value passes and the
/// operator that took the matches to zero. Nothing for more than [`LINT_RULES`] rules.
pub fn lint(session: &mut Session, rules: &str, report: &Report) -> Vec<crate::engine::report::Diagnostic> {
    if session.rules().len() > LINT_RULES {
        return Vec::new();
    }
    let found: std::collections::HashSet<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    explain::warnings_of(session, rules, &|rule| !found.contains(rule.id.as_str()))
}

/// The silent zeros after job `seq`: the head and the warnings, as text.
pub fn warnings(seq: u32, warnings: &[crate::engine::report::Diagnostic]) -> Vec<String> {
    vec![FromWorker::Warnings { seq }.write(), serde_json::to_string(warnings).unwrap_or_else(|_| "[]".into())]
}

/// The warnings that came with a [`FromWorker::Warnings`].
pub fn read_warnings(body: &str) -> Result<Vec<crate::engine::report::Diagnostic>, String> {
    serde_json::from_str(body).map_err(|e| format!("The rule's warnings could not be read: {e}"))
}

/// Job `seq`'s findings compared with Semgrep's, sent after them: the marks
/// of the findings only a precise analysis makes, by their index in the
/// report, and the findings Semgrep reports that a precise analysis removed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub marks: Vec<(usize, Versus)>,
    pub removed: Vec<Finding>,
}

impl Comparison {
    /// Marks `findings` (the report the comparison was made from, in its
    /// order) as it says: its marks replace every mark; one out of range is dropped.
    pub fn mark(&self, findings: &mut [Finding]) {
        for finding in findings.iter_mut() {
            finding.versus = None;
        }
        for &(i, versus) in &self.marks {
            if let Some(finding) = findings.get_mut(i) {
                finding.versus = Some(versus);
            }
        }
    }
}

/// Whether what the worker sends after job `seq`'s results (a
/// [`Comparison`]) applies to the page: only while it shows job `shown`'s
/// results and no newer job (`requested`) is on its way, since the marks
/// index the findings of that job's report.
pub fn applies(seq: u32, shown: u32, requested: u32) -> bool {
    seq == shown && shown == requested
}

/// Compares the report's findings (as sent, in their order) with Semgrep's
/// ([`Session::compare`]); empty while no rule runs a precise analysis (the
/// worker sends it all the same: it clears the marks of the scan before).
pub fn compare(session: &mut Session, report: &Report) -> Comparison {
    let mut findings = report.findings.clone();
    let removed = session.compare(&mut findings);
    let marks = findings.iter().enumerate().filter_map(|(i, f)| f.versus.map(|v| (i, v))).collect();
    Comparison { marks, removed }
}

/// The comparison after job `seq`: the head and the [`Comparison`], as text.
pub fn versus(seq: u32, comparison: &Comparison) -> Result<Vec<String>, String> {
    let body = serde_json::to_string(comparison).map_err(|e| format!("could not send the comparison: {e}"))?;
    Ok(vec![FromWorker::Versus { seq }.write(), body])
}

/// The comparison that came with a [`FromWorker::Versus`].
pub fn read_versus(body: &str) -> Result<Comparison, String> {
    serde_json::from_str(body).map_err(|e| format!("The comparison with Semgrep could not be read: {e}"))
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
pub fn done(seq: u32, millis: f64, report: &Report) -> Result<Vec<String>, String> {
    let body = serde_json::to_string(report).map_err(|e| format!("could not send the results: {e}"))?;
    Ok(vec![FromWorker::Done { seq, millis }.write(), body])
}

/// The open panel's answer after job `seq`: the head and the [`Explanation`], as text.
pub fn explained(seq: u32, explanation: &Explanation) -> Result<Vec<String>, String> {
    let body = serde_json::to_string(explanation).map_err(|e| format!("could not send the explanation: {e}"))?;
    Ok(vec![FromWorker::Explained { seq }.write(), body])
}

/// The explanation that came with a [`FromWorker::Explained`].
pub fn read_explanation(body: &str) -> Result<Explanation, String> {
    serde_json::from_str(body).map_err(|e| format!("The explanation could not be read: {e}"))
}

/// The report that came with a [`FromWorker::Done`].
pub fn read_report(body: &str) -> Result<Report, String> {
    serde_json::from_str(body).map_err(|e| format!("The results could not be read: {e}"))
}

/// Which explain panel is open: the worker computes only its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Panel {
    Inspect,
    WhyNot,
    Trees,
    FromCode,
    Cost,
}

impl Panel {
    /// The panel's answer depends on the code's selection (the caret).
    pub fn follows_caret(self) -> bool {
        matches!(self, Panel::WhyNot | Panel::Trees | Panel::FromCode)
    }
}

/// What to explain, sent with a scan job while a panel is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainRequest {
    pub panel: Panel,
    /// The rule to explain; `None`, or an id not loaded: the first rule.
    pub rule_id: Option<String>,
    /// Formula nodes turned off (Inspect's switches).
    pub disabled: Vec<NodePath>,
    /// The code's selection; a caret is an empty span.
    pub asked: Span,
}

/// The open panel's answer (only its fields are filled).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Every rule loaded, for the panel's rule picker.
    pub rule_ids: Vec<String>,
    /// The rule explained.
    pub rule_id: Option<String>,
    pub inspection: Option<Inspection>,
    pub why_not: Option<WhyNot>,
    pub code_tree: Option<TreeNode>,
    pub pattern_trees: Vec<PatternTree>,
    pub times: Vec<RuleTime>,
    pub error: Option<String>,
    /// Time spent explaining (milliseconds).
    pub millis: f64,
}

/// The most ranges of one Inspect node the worker sends the page (its count
/// stays whole): enough to light up what is on screen, while a pattern that
/// matches every call of a long file stays a small message.
pub const MAX_LISTED_RANGES: usize = 100;

/// Answers `request` on the session's rules (loaded from `rules`) and code;
/// `clock` gives milliseconds (the worker's `performance.now`).
pub fn answer(session: &mut Session, rules: &str, request: &ExplainRequest, clock: &dyn Fn() -> f64) -> Explanation {
    let started = clock();
    let rule_ids: Vec<String> = session.rules().iter().map(|r| r.id.clone()).collect();
    let rule_id = request.rule_id.clone().filter(|id| rule_ids.contains(id)).or_else(|| rule_ids.first().cloned());
    let mut out = Explanation { rule_ids, rule_id: rule_id.clone(), ..Explanation::default() };
    let Some(rule_id) = rule_id else {
        out.error = Some("No rule to explain: the rule does not compile yet.".into());
        return out;
    };
    // The page shows no bindings, and highlights at most MAX_LISTED_RANGES of a node's ranges.
    let options = InspectOptions { disabled: request.disabled.clone(), max_ranges: Some(MAX_LISTED_RANGES), no_bindings: true };
    let result = match request.panel {
        Panel::Inspect => explain::inspect(session, rules, &rule_id, &options, None).map(|i| out.inspection = Some(i)),
        Panel::Cost => {
            out.times = explain::rule_times(session, clock);
            explain::inspect(session, rules, &rule_id, &options, Some(clock)).map(|i| out.inspection = Some(i))
        }
        Panel::WhyNot => explain::why_not(session, rules, &rule_id, request.asked).map(|w| out.why_not = Some(w)),
        Panel::Trees => {
            out.code_tree = Some(explain::code_tree(session, Some(request.asked)));
            explain::pattern_trees(session, &rule_id).map(|t| out.pattern_trees = t)
        }
        Panel::FromCode => {
            out.code_tree = Some(explain::code_tree(session, Some(request.asked)));
            Ok(())
        }
    };
    out.error = result.err();
    out.millis = clock() - started;
    out
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
        check_to_worker(ToWorker::Scan { seq: 7, rules: Some("rules: []\n'\"\\n\u{1F600}".into()), precise: false, explain: None });
        check_to_worker(ToWorker::Scan { seq: u32::MAX, rules: None, precise: true, explain: None });
        // With every panel closed and Precise off the job is the small head it was before.
        assert_eq!(ToWorker::Scan { seq: 2, rules: None, precise: false, explain: None }.write(), r#"{"kind":"scan","seq":2,"rules":null}"#);
        assert_eq!(ToWorker::Scan { seq: 2, rules: None, precise: true, explain: None }.write(), r#"{"kind":"scan","seq":2,"rules":null,"precise":true}"#);
        let explain = ExplainRequest { panel: Panel::WhyNot, rule_id: Some("r".into()), disabled: vec![vec![1, 0]], asked: Span::new(3, 3) };
        check_to_worker(ToWorker::Scan { seq: 1, rules: None, precise: false, explain: Some(explain) });
    }

    #[test]
    fn answers_round_trip() {
        check_from_worker(FromWorker::Ready);
        check_from_worker(FromWorker::Done { seq: 3, millis: 1.25 });
        check_from_worker(FromWorker::Explained { seq: 3 });
        check_from_worker(FromWorker::Failed { seq: Some(4), message: "panicked at 'x'".into() });
        check_from_worker(FromWorker::Failed { seq: None, message: "could not start".into() });
        check_from_worker(FromWorker::Warnings { seq: 5 });
        check_from_worker(FromWorker::Versus { seq: 6 });
    }

    #[test]
    fn unknown_or_misspelt_messages_are_errors() {
        assert!(FromWorker::read(r#"{"kind":"finished","seq":1}"#).is_err());
        assert!(FromWorker::read(r#"{"kind":"done","sequence":1,"millis":0}"#).is_err());
        assert!(ToWorker::read(r#"{"kind":"scan","seq":1,"rule":"x"}"#).is_err());
        assert!(ToWorker::read("not json").is_err());
    }

    #[test]
    fn a_real_report_arrives_whole() {
        let mut session = Session::new();
        let rule = "rules:\n- id: debug\n  languages: [python]\n  severity: WARNING\n  message: debug on\n  pattern: app.run(debug=True)\n";
        assert!(session.set_rules(rule).iter().all(|d| d.severity != "error"));
        session.set_code("app.run(debug=True)\ndef f(:\n");
        let report = session.run();
        let parts = done(9, 2.5, &report).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(FromWorker::read(&parts[0]), Ok(FromWorker::Done { seq: 9, millis: 2.5 }));
        let read = read_report(&parts[1]).unwrap();
        assert_eq!(read.findings.len(), 1);
        assert_eq!(read.findings[0].span, report.findings[0].span);
        assert_eq!(read.syntax_errors.len(), report.syntax_errors.len());
        assert!(!read.syntax_errors.is_empty());
    }

    const RULES: &str = "rules:\n- id: run\n  languages: [python]\n  severity: WARNING\n  message: m\n  patterns:\n  - pattern: $APP.run(...)\n  - pattern-not: $APP.run(debug=False)\n";
    const CODE: &str = "app.run(debug=True)\napp.run(debug=False)\n";

    /// The open panel's answer, computed from a session as the worker does.
    fn check_answer(panel: Panel, asked: Span, disabled: Vec<NodePath>) -> Explanation {
        let mut session = Session::new();
        session.set_rules(RULES);
        session.set_code(CODE);
        let _ = session.run();
        let request = ExplainRequest { panel, rule_id: None, disabled, asked };
        let explanation = answer(&mut session, RULES, &request, &|| 0.0);
        assert_eq!(explanation.error, None);
        assert_eq!(explanation.rule_id.as_deref(), Some("run"));
        // It survives the trip to the page.
        let parts = explained(1, &explanation).unwrap();
        assert_eq!(FromWorker::read(&parts[0]), Ok(FromWorker::Explained { seq: 1 }));
        assert_eq!(read_explanation(&parts[1]).as_ref(), Ok(&explanation));
        explanation
    }

    #[test]
    fn each_panel_gets_its_answer() {
        let inspect = check_answer(Panel::Inspect, Span::new(0, 0), Vec::new()).inspection.unwrap();
        assert_eq!(inspect.results.len(), 1);
        assert_eq!(inspect.root.children.iter().map(|c| c.count).collect::<Vec<_>>(), vec![2, 1]);
        // The pattern-not turned off: both calls are results.
        let off = check_answer(Panel::Inspect, Span::new(0, 0), vec![vec![1]]).inspection.unwrap();
        assert_eq!(off.results.len(), 2);
        let second_line = CODE.find("app.run(debug=False)").unwrap() as u32;
        let why = check_answer(Panel::WhyNot, Span::new(second_line, second_line), Vec::new()).why_not.unwrap();
        assert!(why.reasons.iter().any(|r| r.kind == explain::ReasonKind::RemovedByNot), "{why:?}");
        let trees = check_answer(Panel::Trees, Span::new(0, 3), Vec::new());
        assert!(trees.code_tree.is_some() && !trees.pattern_trees.is_empty());
        assert!(check_answer(Panel::Cost, Span::new(0, 0), Vec::new()).times.iter().any(|t| t.rule_id == "run"));
        assert!(check_answer(Panel::FromCode, Span::new(0, 19), Vec::new()).code_tree.is_some());
    }

    /// The Why-not panel shows the engine's reasons: a taint rule's, where the
    /// flow stopped, reaches the page with the code to show (the stop) and the rule line.
    #[test]
    fn a_taint_rules_why_not_reaches_the_page() {
        let rules = "rules:\n- id: cmd\n  mode: taint\n  languages: [python]\n  severity: ERROR\n  message: m\n  pattern-sources:\n  - pattern: request.args\n  pattern-sinks:\n  - pattern: os.system(...)\n  pattern-sanitizers:\n  - pattern: shlex.quote(...)\n";
        let code = "def f():\n    x = request.args\n    y = shlex.quote(x)\n    os.system(y)\n";
        let mut session = Session::new();
        session.set_rules(rules);
        session.set_code(code);
        let asked = code.find("os.system").unwrap() as u32;
        let request = ExplainRequest { panel: Panel::WhyNot, rule_id: None, disabled: Vec::new(), asked: Span::new(asked, asked) };
        let explanation = answer(&mut session, rules, &request, &|| 0.0);
        let parts = explained(1, &explanation).unwrap();
        let why = read_explanation(&parts[1]).unwrap().why_not.unwrap();
        let reason = &why.reasons[0];
        assert_eq!(reason.kind, explain::ReasonKind::TaintSanitized, "{why:?}");
        assert_eq!(reason.place.map(|p| p.line), Some(12));
        let stop = reason.code.as_ref().unwrap().span;
        assert_eq!(&code[stop.start as usize..stop.end as usize], "shlex.quote(x)");
    }

    /// The comparison with Semgrep's comes after the results, computed from
    /// the report as sent: the same marks and struck findings as a scan that
    /// compares (`Session::set_compare`), and it survives the trip.
    #[test]
    fn the_comparison_comes_after_the_results() {
        // A rule with a precise option and code it reports differently from Semgrep.
        let rules = include_str!("../tests/semantics/precise-guards.yaml");
        let code = include_str!("../tests/semantics/precise-guards.py");
        let mut session = Session::new();
        session.set_rules(rules);
        session.set_code(code);
        session.set_compare(true);
        let expected = session.run();
        session.set_compare(false);
        let report = session.run();
        assert!(report.removed.is_empty() && report.findings.iter().all(|f| f.versus.is_none()));
        let report_before_marks = report.findings.clone();
        let comparison = compare(&mut session, &report);
        let parts = versus(7, &comparison).unwrap();
        assert_eq!(FromWorker::read(&parts[0]), Ok(FromWorker::Versus { seq: 7 }));
        let read = read_versus(&parts[1]).unwrap();
        assert_eq!(read.marks, comparison.marks);
        assert_eq!(read.removed.len(), comparison.removed.len());
        let marks: Vec<(usize, Versus)> = expected.findings.iter().enumerate().filter_map(|(i, f)| f.versus.map(|v| (i, v))).collect();
        assert_eq!(read.marks, marks);
        let key = |f: &Finding| (f.rule_id.clone(), f.span, f.versus);
        assert_eq!(read.removed.iter().map(key).collect::<Vec<_>>(), expected.removed.iter().map(key).collect::<Vec<_>>());
        assert!(!read.removed.is_empty(), "{expected:?}");
        // No rule runs a precise analysis: an empty comparison, which clears the marks.
        session.set_rules(RULES);
        let report = session.run();
        let none = compare(&mut session, &report);
        assert!(none.marks.is_empty() && none.removed.is_empty());
        // Marks index the report: applied to it they give the comparing scan's.
        let mut marked = report_before_marks.clone();
        read.mark(&mut marked);
        assert_eq!(marked.iter().map(|f| f.versus).collect::<Vec<_>>(), expected.findings.iter().map(|f| f.versus).collect::<Vec<_>>());
        // An empty comparison clears them; a mark out of range is dropped.
        Comparison { marks: vec![(marked.len(), Versus::Removed { by: None })], removed: Vec::new() }.mark(&mut marked);
        assert!(marked.iter().all(|f| f.versus.is_none()));
        assert!(read_versus("{\"marks\":[[0,{\"kind\":\"sideways\"}]],\"removed\":[]}").is_err());
    }

    /// A comparison applies only to the results it was made from, while no newer scan is asked for.
    #[test]
    fn a_stale_comparison_is_ignored() {
        assert!(applies(3, 3, 3));
        // Job 3's results were skipped (a newer edit): the page shows job 2's.
        assert!(!applies(3, 2, 4));
        // Job 3's results are shown, but an edit has asked for job 4 (the findings moved).
        assert!(!applies(3, 3, 4));
        assert!(!applies(2, 3, 3));
    }

    /// The silent zeros the worker sends after a scan, placed in the rule's
    /// YAML: an unbound metavariable whatever the code; the operator that took
    /// the matches to zero only while the rule finds nothing.
    #[test]
    fn silent_zeros_come_after_the_scan() {
        let rule = "rules:\n- id: run\n  languages: [python]\n  severity: WARNING\n  message: m $Y\n  patterns:\n  - pattern: $APP.run(...)\n  - pattern-not: $APP.run(...)\n  - focus-metavariable: $Z\n";
        let mut session = Session::new();
        session.set_rules(rule);
        session.set_code(CODE);
        let report = session.run();
        assert!(report.findings.is_empty());
        let parts = warnings(4, &lint(&mut session, rule, &report));
        assert_eq!(FromWorker::read(&parts[0]), Ok(FromWorker::Warnings { seq: 4 }));
        let found = read_warnings(&parts[1]).unwrap();
        let at = |text: &str| found.iter().find(|w| w.message.contains(text)).map(|w| (w.severity.as_str(), w.start.line, w.start.col));
        assert_eq!(at("$Z"), Some(("warning", 9, 5)), "{found:?}");
        assert_eq!(at("the message uses $Y"), Some(("warning", 5, 3)), "{found:?}");
        assert_eq!(at("removes the last candidates"), Some(("warning", 8, 5)), "{found:?}");
        // A rule that finds something is not traced: only what the rule alone says.
        let rule = RULES.replace("message: m", "message: m $Y");
        session.set_rules(&rule);
        let report = session.run();
        assert_eq!(report.findings.len(), 1);
        let found = lint(&mut session, &rule, &report);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("$Y"));
        // A pack is not linted.
        let many: String = std::iter::once("rules:\n".to_string()).chain((0..=LINT_RULES).map(|i| RULES.replace("rules:\n", "").replace("id: run", &format!("id: run{i}")))).collect();
        session.set_rules(&many);
        let report = session.run();
        assert!(lint(&mut session, &many, &report).is_empty());
    }
}

//! The one state of the app and the reducer that changes it.
//!
//! Every edit goes through [`Action`], and `reduce` is pure: it never calls
//! the engine, the worker or storage. What an edit needs done is written into
//! the state as data, and the effects (`effects.rs`) do it and report back:
//! [`State::todo`] asks to compile the rule and repaint the code, answered by
//! [`Action::Prepared`]; [`State::job`] names the scan to run (its `seq` is
//! `scan.requested`), answered by [`Action::Scanned`]. Only the results of the
//! newest scan are ever shown.
//! Replacing the visitor's work (example, reset, import, share link) always
//! sets the old work aside as a [`Backup`] the banner can bring back.

use super::analysis::Analysis;
use super::decorate::Lines;
use super::examples;
use super::scanner::Job;
use super::storage::{self, Backup, Work};
use crate::engine::config::SimpleRule;
use crate::engine::explain::NodePath;
use crate::engine::report::Diagnostic;
use crate::protocol::{Comparison, ExplainRequest, Explanation, Panel};
use crate::share;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Yaml,
    Simple,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Code,
    Rule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// A request to move an editor's caret; `seq` makes each request distinct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    pub seq: u32,
    pub pane: Pane,
    /// Byte offsets into that pane's text.
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    pub seq: u32,
}

#[derive(Clone)]
pub struct State {
    pub code: AttrValue,
    pub rule: AttrValue,
    pub mode: Mode,
    /// The simple-mode form; `None` when the rule is more than simple mode can show.
    pub simple: Option<SimpleRule>,
    pub rule_diagnostics: Rc<Vec<Diagnostic>>,
    /// The rule pane's list: `rule_diagnostics` and the silent zeros the
    /// worker found after the newest scan (while the rule compiles).
    pub shown_diagnostics: Rc<Vec<Diagnostic>>,
    /// The silent zeros of the newest scan's rules (spans in their YAML).
    scan_warnings: Rc<Vec<Diagnostic>>,
    pub rule_lines: Lines,
    pub analysis: Rc<Analysis>,
    /// The rule has errors: `analysis` comes from `last_good_rule`.
    pub stale: bool,
    pub last_good_rule: AttrValue,
    pub backup: Option<Backup>,
    pub notice: Option<Notice>,
    pub jump: Option<Jump>,
    pub theme: Theme,
    /// Larger text for projectors.
    pub large: bool,
    /// The Precise toggle: every analysis beyond Semgrep's on for every rule
    /// (off: each rule's `options:` say); saved like the theme.
    pub precise: bool,
    /// Matching is off until the next edit (after a crash on reload).
    pub paused: bool,
    /// A first visit (nothing saved yet): the one-line cue to edit the pattern
    /// shows until the visitor first edits the rule.
    pub first_visit: bool,
    pub scan: ScanStatus,
    /// The scan to hand to the worker (`seq` is `scan.requested`); `None` while paused.
    pub job: Option<Job>,
    /// Work the effects owe the reducer: compile the rule, repaint the code.
    pub todo: Todo,
    /// What the last rule edit changed in the hits, once its scan is in.
    pub hit_diff: Option<HitDiff>,
    /// The rules of the scan whose results are shown, and of the one before.
    shown_rules: Rc<str>,
    /// The Precise toggle of the scan whose results are shown.
    shown_precise: bool,
    /// The open explain panel; its answer is computed only while it is open.
    pub panel: Option<Panel>,
    /// The rule the panel explains (`None`: the first).
    pub explain_rule: Option<String>,
    /// Inspect's switched-off formula nodes.
    pub disabled: Rc<Vec<NodePath>>,
    /// The code's selection while a panel follows the caret (bytes).
    pub selection: (u32, u32),
    /// The newest panel answer.
    pub explanation: Option<Rc<Explanation>>,
    /// The scan whose panel answer `explanation` is (0: none yet).
    pub explained: u32,
    /// Code ranges the panel points at (a node or reason under the pointer).
    pub highlight: Rc<Vec<(u32, u32)>>,
    seq: u32,
}

/// What the effects must do for the reducer before the next scan.
/// Requests pile up (`compile |= ...`) until one answer with the newest `rev`
/// clears them: an answer to an older `rev` is dropped, the newer one is coming.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Todo {
    pub rev: u32,
    /// Compile `rule` (its diagnostics, and whether it is good).
    pub compile: bool,
    /// Paint `code` (colours now, the last hits carried over the edit).
    pub paint: bool,
}

impl Todo {
    pub fn any(&self) -> bool {
        self.compile || self.paint
    }
}

/// A compiled rule, as the effects report it.
pub struct Compiled {
    /// The text compiled (the answer is dropped if the rule has changed since).
    pub rule: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub lines: Lines,
}

/// Hits gained and lost by the last edit of the rule (same code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HitDiff {
    pub added: usize,
    pub removed: usize,
}

/// Where the newest scan is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanStatus {
    /// The newest scan asked for, and the newest whose results are shown.
    pub requested: u32,
    pub shown: u32,
    /// The newest scan has run long enough to say so (with a Cancel button).
    pub busy: bool,
    /// The visitor cancelled it: the results are from before the last edit.
    pub cancelled: bool,
}

impl ScanStatus {
    pub fn pending(&self) -> bool {
        self.requested != self.shown
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

pub enum Action {
    EditCode(String),
    EditRule(String),
    EditSimple(SimpleRule),
    SetMode(Mode),
    /// Replace a rule simple mode cannot show with a simple one.
    StartSimpleRule,
    LoadExample(String),
    LoadPack,
    /// A Learn-mode exercise (code and the learner's rule) opened in the playground.
    OpenLesson { title: String, code: String, rule: String },
    Reset,
    ImportRule { yaml: String, name: String },
    ImportCode { code: String, name: String },
    /// A URL fragment that may carry a share link.
    OpenLink(String),
    RestoreBackup,
    DismissBackup,
    Notify(NoticeKind, String),
    /// Dismisses the notice (only if it is still notice `seq`, when given).
    DismissNotice(Option<u32>),
    JumpTo { pane: Pane, start: u32, end: u32 },
    ToggleTheme,
    ToggleLarge,
    TogglePrecise,
    /// The silent zeros the worker found after scan `seq`.
    Warned { seq: u32, warnings: Vec<Diagnostic> },
    /// Scan `seq`'s findings compared with Semgrep's (sent after its results).
    Compared { seq: u32, comparison: Rc<Comparison> },
    /// The effects' answer to [`State::todo`] number `rev`.
    Prepared { rev: u32, compiled: Option<Compiled>, painted: Option<Rc<Analysis>> },
    /// Scan `seq` has run long enough to say so.
    ScanBusy(u32),
    /// Scan `seq`'s results, decorated (or why it failed: `analysis.failure`).
    Scanned { seq: u32, analysis: Rc<Analysis> },
    /// The open panel's answer to scan `seq` (Inspect's comes just before
    /// its results, any other panel's just after).
    Explained { seq: u32, explanation: Rc<Explanation> },
    /// Opens (or closes) an explain panel; `selection` is the code's at that moment.
    SetPanel { panel: Option<Panel>, selection: (u32, u32) },
    /// Turns an Inspect node off, or back on.
    ToggleNode(NodePath),
    ExplainRule(String),
    /// The code's selection moved (sent only while a panel follows the caret).
    Select(u32, u32),
    /// Code ranges to highlight for the panel (empty: none).
    Highlight(Vec<(u32, u32)>),
    /// A pattern made from the code, opened as a new simple rule.
    OpenPattern(String),
    CancelScan,
}

/// Line endings as the textarea reports them, so byte offsets agree with the DOM.
pub fn normalize(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

impl State {
    /// Builds the first state: autosave, then a share link in the URL on top of it.
    pub fn init() -> State {
        let theme = match storage::load_theme().as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ if storage::prefers_dark() => Theme::Dark,
            _ => Theme::Light,
        };
        let crashed = storage::take_crash();
        let saved = storage::load_work();
        let first_visit = saved.is_none() && storage::hash().is_empty();
        let work = saved.unwrap_or_else(examples::default_work);
        let mut state = State {
            code: AttrValue::default(),
            rule: AttrValue::default(),
            mode: Mode::Yaml,
            simple: None,
            rule_diagnostics: Rc::default(),
            shown_diagnostics: Rc::default(),
            scan_warnings: Rc::default(),
            rule_lines: Rc::default(),
            analysis: Rc::default(),
            stale: false,
            last_good_rule: AttrValue::default(),
            backup: storage::load_backup(),
            notice: None,
            jump: None,
            theme,
            large: storage::load_theme_size(),
            precise: storage::load_precise(),
            paused: crashed.is_some(),
            first_visit,
            scan: ScanStatus::default(),
            job: None,
            todo: Todo::default(),
            hit_diff: None,
            shown_rules: Rc::from(""),
            shown_precise: false,
            panel: None,
            explain_rule: None,
            disabled: Rc::default(),
            selection: (0, 0),
            explanation: None,
            explained: 0,
            highlight: Rc::default(),
            seq: 0,
        };
        state.set_work(&work);
        if let Some(message) = crashed {
            state.notify(
                NoticeKind::Error,
                format!("The page stopped after an internal error ({message}). Your work is restored; matching resumes on your next edit."),
            );
        }
        let hash = storage::hash();
        if crate::share::decode(&hash).is_some() {
            state.open_link(&hash);
            storage::clear_hash();
        }
        state
    }

    pub fn work(&self) -> Work {
        Work { rule: self.rule.to_string(), code: self.code.to_string(), simple: self.mode == Mode::Simple }
    }

    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    fn notify(&mut self, kind: NoticeKind, text: impl Into<String>) {
        let seq = self.next_seq();
        self.notice = Some(Notice { kind, text: text.into(), seq });
    }

    /// Sets rule and code without keeping a backup.
    fn set_work(&mut self, work: &Work) {
        self.code = AttrValue::from(normalize(&work.code));
        self.rule = AttrValue::from(normalize(&work.rule));
        self.mode = if work.simple { Mode::Simple } else { Mode::Yaml };
        self.last_good_rule = AttrValue::default();
        self.refresh_simple();
        self.hit_diff = None;
        self.shown_rules = Rc::from("");
        // The old rules' silent zeros point into another text.
        self.scan_warnings = Rc::default();
        self.request(true, true);
    }

    /// Replaces the work, keeping the old one as a backup when it holds anything of the visitor's.
    fn replace_work(&mut self, work: Work, reason: &str) {
        let old = self.work();
        let new = Work { rule: normalize(&work.rule), code: normalize(&work.code), simple: work.simple };
        if old.rule == new.rule && old.code == new.code {
            return;
        }
        if old.rule != examples::DEFAULT_RULE || old.code != examples::DEFAULT_CODE {
            self.backup = Some(Backup { work: old, reason: reason.to_string() });
        }
        self.set_work(&new);
    }

    fn refresh_simple(&mut self) {
        self.simple = if self.mode == Mode::Simple { SimpleRule::from_yaml(&self.rule) } else { None };
    }

    /// Asks the effects to compile the rule and/or repaint the code.
    fn request(&mut self, compile: bool, paint: bool) {
        self.todo = Todo { rev: self.todo.rev.wrapping_add(1), compile: self.todo.compile || compile, paint: self.todo.paint || paint };
    }

    /// Takes the effects' answer: diagnostics, the painted code; then names the next scan.
    fn prepared(&mut self, compiled: Option<Compiled>, painted: Option<Rc<Analysis>>) {
        let compiled_now = compiled.is_some();
        if let Some(compiled) = compiled.filter(|c| c.rule == self.rule) {
            // On errors, the scans keep running the last good rule.
            let broken = compiled.diagnostics.iter().any(|d| d.severity == "error");
            if !broken {
                self.last_good_rule = self.rule.clone();
            }
            self.stale = broken;
            self.rule_lines = compiled.lines;
            self.rule_diagnostics = Rc::new(compiled.diagnostics);
            self.refresh_diagnostics();
        }
        // Not over the results of a scan of this very code, should they be in already.
        let scanned = !self.scan.pending() && *self.analysis.code == *self.code.as_str();
        if let Some(painted) = painted.filter(|a| *a.code == *self.code.as_str() && !scanned) {
            self.analysis = painted;
        }
        // A code edit's scan was named with the edit (see `Action::EditCode`).
        let named = self.job.as_ref().is_some_and(|job| job.seq == self.scan.requested && *job.code == *self.code.as_str() && *job.rules == *self.last_good_rule.as_str());
        if !named || compiled_now {
            self.schedule_scan();
        }
    }

    /// The code as the job carries it: the shown analysis's when it is this
    /// code (no copy), else the code's own shared text.
    fn job_code(&self) -> Rc<str> {
        if *self.analysis.code == *self.code.as_str() {
            return self.analysis.code.clone();
        }
        match &self.code {
            AttrValue::Rc(code) => code.clone(),
            other => Rc::from(other.as_str()),
        }
    }

    /// The rule pane's list: the compiler's diagnostics, then the silent
    /// zeros (kept from the last scan until the next one's arrive; not while
    /// the rule has errors, when the scans run its last good version).
    fn refresh_diagnostics(&mut self) {
        self.shown_diagnostics = if self.scan_warnings.is_empty() || self.stale {
            self.rule_diagnostics.clone()
        } else {
            Rc::new(self.rule_diagnostics.iter().chain(self.scan_warnings.iter()).cloned().collect())
        };
    }

    /// The open panel's answer to the newest scan is still on its way, or its
    /// results are (they come together; a failed, cancelled or paused scan brings no answer).
    pub fn answer_pending(&self) -> bool {
        self.scan.pending() || (self.explained != self.scan.shown && !self.paused && !self.scan.cancelled && self.analysis.failure.is_none())
    }

    /// Names the next scan (with the open panel's request).
    fn schedule_scan(&mut self) {
        self.scan.requested = self.scan.requested.wrapping_add(1);
        self.scan.busy = false;
        self.scan.cancelled = false;
        if self.paused {
            self.job = None;
            self.scan.shown = self.scan.requested;
            return;
        }
        self.job = Some(self.job_for(self.scan.requested, self.job_code()));
    }

    /// Scan `seq` of `code`: the last good rule, the Precise toggle, the open panel's request.
    fn job_for(&self, seq: u32, code: Rc<str>) -> Job {
        let explain = self.panel.map(|panel| ExplainRequest {
            panel,
            rule_id: self.explain_rule.clone(),
            disabled: self.disabled.to_vec(),
            asked: crate::engine::source::Span::new(self.selection.0, self.selection.1),
        });
        Job { seq, rules: Rc::from(self.last_good_rule.as_str()), code, precise: self.precise, explain }
    }

    /// The scan [`Action::EditCode`] would name for `code`, if it names one at
    /// once: the editor predicts a keystroke's text at `beforeinput`, and the
    /// effects hand this job to the worker before the browser has even laid
    /// out the edit; the edit's own job is then the same and not sent again.
    pub fn job_for_edit(&self, code: &str) -> Option<Job> {
        self.edit_scans_at_once(code).then(|| self.job_for(self.scan.requested.wrapping_add(1), Rc::from(code)))
    }

    /// An edit of the code to `code` names its scan at once (see [`Action::EditCode`]).
    fn edit_scans_at_once(&self, code: &str) -> bool {
        !self.todo.compile && !super::editor::is_large(code)
    }

    /// Shows the results of scan `seq` if it is the newest; `false` when it is not.
    fn scanned(&mut self, seq: u32, analysis: Rc<Analysis>) -> bool {
        if seq != self.scan.requested {
            return false;
        }
        let rules = self.job.as_ref().map_or_else(|| Rc::from(""), |job| job.rules.clone());
        // Only a rule edit (the code is the same) has a diff to show.
        if *rules != *self.shown_rules && !self.shown_rules.is_empty() {
            let both_ran = analysis.failure.is_none() && self.analysis.failure.is_none();
            self.hit_diff = (both_ran && analysis.code == self.analysis.code).then(|| hit_diff(&self.analysis, &analysis));
        }
        // The comparison with Semgrep's comes after the results: until then,
        // after a code edit, the marks on screen stay (moved over the edit).
        let precise = self.job.as_ref().is_some_and(|job| job.precise);
        let code_edit = *rules == *self.shown_rules && precise == self.shown_precise;
        self.shown_rules = rules;
        self.shown_precise = precise;
        self.analysis = if code_edit { analysis.keeping_marks_of(&self.analysis).map_or(analysis, Rc::new) } else { analysis };
        self.scan.shown = seq;
        self.scan.busy = false;
        // The scan painted this very code: a repaint still owed for it (a
        // code edit's, which the effects hold back while the scan is quick) is moot.
        if self.todo.paint && !self.todo.compile && *self.analysis.code == *self.code.as_str() {
            self.todo.paint = false;
        }
        true
    }

    fn open_link(&mut self, hash: &str) {
        match share::decode(hash) {
            None => {}
            Some(Ok(shared)) => {
                let work = Work { rule: shared.rule, code: shared.code, simple: self.mode == Mode::Simple };
                self.replace_work(work, "You opened a share link");
                self.notify(NoticeKind::Info, "Opened the shared rule and code.");
            }
            Some(Err(error)) => {
                self.notify(NoticeKind::Error, format!("This share link could not be opened: {error}. Your own work is unchanged."));
            }
        }
    }
}

/// The findings of `after` that `before` lacks and the other way round, by rule and range.
pub fn hit_diff(before: &Analysis, after: &Analysis) -> HitDiff {
    use std::collections::HashSet;
    let key = |f: &crate::engine::report::Finding| (f.rule_id.clone(), f.span.start, f.span.end);
    let old: HashSet<_> = before.findings.iter().map(key).collect();
    let new: HashSet<_> = after.findings.iter().map(key).collect();
    HitDiff { added: new.difference(&old).count(), removed: old.difference(&new).count() }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.jump = None;
        match action {
            Action::EditCode(code) => {
                next.paused = false;
                next.code = AttrValue::from(code);
                next.hit_diff = None;
                next.request(false, true);
                // The worker scans while the page repaints: the scan is named
                // now, not after the paint (unless the rule is being compiled,
                // which may change the rules it runs). Not for a large text:
                // its first paint must not share the cores with its scan (the
                // page is back within a second; see tests/e2e/hardening.test.mjs).
                if next.edit_scans_at_once(&next.code) {
                    next.schedule_scan();
                }
            }
            Action::EditRule(rule) => {
                next.paused = false;
                next.rule = AttrValue::from(rule);
                next.first_visit = false;
                next.disabled = Rc::default();
                next.refresh_simple();
                next.request(true, false);
            }
            Action::EditSimple(simple) => {
                next.paused = false;
                next.rule = AttrValue::from(simple.to_yaml());
                next.first_visit = false;
                next.simple = Some(simple);
                next.request(true, false);
            }
            Action::SetMode(mode) => {
                next.mode = mode;
                next.refresh_simple();
            }
            Action::StartSimpleRule => {
                let first_id = next.simple.as_ref().map(|s| s.id.clone());
                let simple = SimpleRule {
                    id: first_id.unwrap_or_else(|| "my-rule".into()),
                    // The author writes the message; the form says what it is for.
                    message: String::new(),
                    severity: "WARNING".into(),
                    pattern: "$APP.run(..., debug=True, ...)".into(),
                    ..SimpleRule::default()
                };
                let work = Work { rule: simple.to_yaml(), code: next.code.to_string(), simple: true };
                next.replace_work(work, "You started a new simple rule");
            }
            Action::LoadExample(id) => match examples::example_work(&id) {
                Some(mut work) => {
                    work.simple = next.mode == Mode::Simple;
                    next.replace_work(work, &format!("You opened the example {id}"));
                }
                None => next.notify(NoticeKind::Error, format!("There is no example called {id}.")),
            },
            Action::LoadPack => {
                let work = examples::pack_work(&next.code);
                next.replace_work(Work { simple: false, ..work }, "You loaded the whole rule pack");
                next.notify(NoticeKind::Info, format!("Running all {} bundled rules on your code.", crate::bundled::rules().len()));
            }
            Action::OpenLesson { title, code, rule } => {
                next.replace_work(Work { rule, code, simple: false }, &format!("You opened the lesson {title}"));
                next.notify(NoticeKind::Info, format!("Opened the exercise of “{title}” with your rule."));
            }
            Action::Reset => {
                next.replace_work(examples::default_work(), "You pressed Reset");
                next.mode = Mode::Yaml;
                next.refresh_simple();
            }
            Action::ImportRule { yaml, name } => {
                if yaml.len() > share::MAX_PAYLOAD {
                    next.notify(NoticeKind::Error, format!("{name} is too large to import."));
                } else {
                    let work = Work { rule: yaml, code: next.code.to_string(), simple: next.mode == Mode::Simple };
                    next.replace_work(work, &format!("You imported {name}"));
                    next.notify(NoticeKind::Info, format!("Imported the rule from {name}."));
                }
            }
            Action::ImportCode { code, name } => {
                if code.len() > share::MAX_PAYLOAD {
                    next.notify(NoticeKind::Error, format!("{name} is too large to open."));
                } else {
                    let work = Work { rule: next.rule.to_string(), code, simple: next.mode == Mode::Simple };
                    next.replace_work(work, &format!("You opened {name}"));
                    next.notify(NoticeKind::Info, format!("Opened {name} as the code."));
                }
            }
            Action::OpenLink(hash) => next.open_link(&hash),
            Action::RestoreBackup => {
                if let Some(backup) = next.backup.take() {
                    next.replace_work(backup.work, "You restored earlier work");
                    next.notify(NoticeKind::Info, "Restored your earlier work. The version you had open is kept as the backup.");
                }
            }
            Action::DismissBackup => next.backup = None,
            Action::Notify(kind, text) => next.notify(kind, text),
            Action::DismissNotice(seq) => {
                if seq.is_none() || next.notice.as_ref().map(|n| n.seq) == seq {
                    next.notice = None;
                } else {
                    return self;
                }
            }
            Action::JumpTo { pane, start, end } => {
                let seq = next.next_seq();
                next.jump = Some(Jump { seq, pane, start, end });
            }
            // The choice is saved by the toolbar's callback, outside the reducer.
            Action::ToggleTheme => next.theme = next.theme.toggled(),
            Action::ToggleLarge => next.large = !next.large,
            Action::TogglePrecise => {
                next.precise = !next.precise;
                next.schedule_scan();
            }
            Action::Warned { seq, warnings } => {
                // Only for the results on screen (a newer scan's come later).
                if seq != next.scan.shown || *next.scan_warnings == warnings {
                    return self;
                }
                next.scan_warnings = Rc::new(warnings);
                next.refresh_diagnostics();
            }
            Action::Compared { seq, comparison } => {
                // Only for the results on screen while no newer scan is asked
                // for (the marks index its findings; a newer scan brings its own).
                if !crate::protocol::applies(seq, next.scan.shown, next.scan.requested) {
                    return self;
                }
                next.analysis = Rc::new(next.analysis.compared(&comparison));
            }
            Action::Prepared { rev, compiled, painted } => {
                if rev != next.todo.rev {
                    return self;
                }
                next.todo = Todo { rev, compile: false, paint: false };
                next.prepared(compiled, painted);
            }
            Action::ScanBusy(seq) => {
                if seq != next.scan.requested || !next.scan.pending() || next.scan.busy {
                    return self;
                }
                next.scan.busy = true;
            }
            Action::Scanned { seq, analysis } => {
                if !next.scanned(seq, analysis) {
                    return self;
                }
            }
            Action::Explained { seq, explanation } => {
                // Only the newest scan's, while a panel is open (its results come just before or after).
                if seq != next.scan.requested || next.panel.is_none() {
                    return self;
                }
                next.explanation = Some(explanation);
                next.explained = seq;
            }
            Action::SetPanel { panel, selection } => {
                if panel != next.panel {
                    next.explanation = None;
                    next.explained = 0;
                }
                next.panel = panel;
                next.selection = selection;
                next.highlight = Rc::default();
                if panel.is_some() {
                    next.schedule_scan();
                }
            }
            Action::ToggleNode(path) => {
                let mut disabled = next.disabled.to_vec();
                match disabled.iter().position(|p| *p == path) {
                    Some(i) => {
                        disabled.remove(i);
                    }
                    None => disabled.push(path),
                }
                next.disabled = Rc::new(disabled);
                next.schedule_scan();
            }
            Action::ExplainRule(id) => {
                next.explain_rule = Some(id);
                next.disabled = Rc::default();
                next.schedule_scan();
            }
            Action::Select(start, end) => {
                if next.selection == (start, end) || !next.panel.is_some_and(Panel::follows_caret) {
                    return self;
                }
                next.selection = (start, end);
                next.schedule_scan();
            }
            Action::Highlight(ranges) => {
                if *next.highlight == ranges {
                    return self;
                }
                next.highlight = Rc::new(ranges);
            }
            Action::OpenPattern(pattern) => {
                let simple = SimpleRule { id: "from-code".into(), severity: "WARNING".into(), pattern, ..SimpleRule::default() };
                let work = Work { rule: simple.to_yaml(), code: next.code.to_string(), simple: true };
                next.replace_work(work, "You made a pattern from the code");
                next.mode = Mode::Simple;
                next.refresh_simple();
            }
            Action::CancelScan => {
                if !next.scan.pending() {
                    return self;
                }
                next.job = None;
                next.scan = ScanStatus { shown: next.scan.requested, busy: false, cancelled: true, ..next.scan };
            }
        }
        Rc::new(next)
    }
}

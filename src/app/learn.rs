//! Learn mode: the workshop lessons of `rules/lessons/` as pages with a live exercise.
//!
//! Routes live in the URL fragment (`#learn`, `#learn/<lesson-id>`), so a
//! teacher can link straight to a lesson. Progress (which lessons are done)
//! is kept in localStorage under [`PROGRESS_KEY`]. Lesson text is rendered as
//! text nodes only, never as HTML; references are plain links.

use super::analysis::{annotation_text, rule_lines, Analysis, GuardedEngine};
use super::editor::{Editor, Lang};
use crate::engine::report::Diagnostic;
use crate::lessons::Lesson;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

pub const PROGRESS_KEY: &str = "flasklight.learn.v1";

/// Where Learn mode is: the lesson list (`None`) or one lesson.
pub type Route = Option<String>;

/// `#learn` -> `Some(None)`, `#learn/<id>` -> `Some(Some(id))`, anything else -> `None`.
pub fn route_from_hash(hash: &str) -> Option<Route> {
    let rest = hash.strip_prefix('#').unwrap_or(hash);
    let rest = rest.strip_prefix("learn")?;
    if rest.is_empty() || rest == "/" {
        return Some(None);
    }
    let id = rest.strip_prefix('/')?;
    Some(Some(id.trim_end_matches('/').to_string()))
}

/// The current Learn route, following the URL fragment.
#[hook]
pub fn use_learn_route() -> UseStateHandle<Option<Route>> {
    let route = use_state(|| route_from_hash(&super::storage::hash()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a window");
            let listener = gloo::events::EventListener::new(&window, "hashchange", move |_| {
                route.set(route_from_hash(&super::storage::hash()));
            });
            move || drop(listener)
        });
    }
    route
}

/// Leaves Learn mode for the playground and tidies the address bar.
pub fn leave(route: &UseStateHandle<Option<Route>>) {
    route.set(None);
    super::storage::clear_hash();
}

#[derive(Default, Serialize, Deserialize)]
struct Progress {
    #[serde(default)]
    done: BTreeSet<String>,
}

fn load_progress() -> BTreeSet<String> {
    let text = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten());
    text.filter(|t| t.len() < 100_000)
        .and_then(|t| serde_json::from_str::<Progress>(&t).ok())
        .map(|p| p.done)
        .unwrap_or_default()
}

fn save_progress(done: &BTreeSet<String>) -> Result<(), String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or("this browser does not allow local storage here")?;
    let text = serde_json::to_string(&Progress { done: done.clone() }).map_err(|e| e.to_string())?;
    storage.set_item(PROGRESS_KEY, &text).map_err(|_| "the browser's storage is full or disabled".to_string())
}

#[derive(Properties, PartialEq)]
pub struct LearnProps {
    /// The lesson to show, or the list.
    pub lesson: Route,
    /// Exercise code and the current rule, to open in the playground: `(title, code, rule)`.
    pub on_open: Callback<(String, String, String)>,
}

#[function_component(Learn)]
pub fn learn(props: &LearnProps) -> Html {
    let lessons = use_memo((), |_| crate::lessons::all());
    let done = use_state(load_progress);
    let save_error = use_state(|| None::<String>);
    let on_done = {
        let (done, save_error) = (done.clone(), save_error.clone());
        Callback::from(move |id: String| {
            if done.contains(&id) {
                return;
            }
            let mut next = (*done).clone();
            next.insert(id);
            if let Err(e) = save_progress(&next) {
                save_error.set(Some(format!("Progress is not kept: {e}.")));
            }
            done.set(next);
        })
    };
    let (list, errors) = (&lessons.0, &lessons.1);
    let body = match &props.lesson {
        None => html! { <LessonList lessons={Rc::new(list.clone())} done={Rc::new((*done).clone())} /> },
        Some(id) => match list.iter().position(|l| &l.id == id) {
            Some(i) => {
                let lesson = Rc::new(list[i].clone());
                let next = list.get(i + 1).map(|l| (l.id.clone(), l.title.clone()));
                let key = lesson.id.clone();
                html! {
                    <LessonPage {key} {lesson} {next} done={done.contains(id)}
                        on_done={on_done.clone()} on_open={props.on_open.clone()} />
                }
            }
            None => html! {
                <div class="learn-missing" role="alert">
                    <p>{format!("There is no lesson called “{id}”.")}</p>
                    <a href="#learn">{"See all lessons"}</a>
                </div>
            },
        },
    };
    html! {
        <main class="learn" id="learn" aria-label="Learn mode">
            { for errors.iter().map(|e| html! { <p class="learn-error" role="alert">{e.clone()}</p> }) }
            if let Some(e) = &*save_error {
                <p class="learn-error" role="alert">{e.clone()}</p>
            }
            { body }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    lessons: Rc<Vec<Lesson>>,
    done: Rc<BTreeSet<String>>,
}

#[function_component(LessonList)]
fn lesson_list(props: &ListProps) -> Html {
    let total = props.lessons.len();
    let finished = props.lessons.iter().filter(|l| props.done.contains(&l.id)).count();
    html! {
        <section class="learn-list" aria-labelledby="learn-title">
            <div class="learn-head">
                <h2 id="learn-title">{"Learn: secure Flask, one rule at a time"}</h2>
                <p class="learn-progress" id="learn-progress">{format!("{finished} of {total} lessons done")}</p>
            </div>
            <p class="muted">{"Each lesson tells a real mistake, shows the fix, and ends with an exercise: write a Semgrep rule that flags every "}
                <code>{"# ruleid:"}</code>{" line and none of the "}<code>{"# ok:"}</code>{" lines. Your progress stays in this browser."}</p>
            <ol class="lessons">
                { for props.lessons.iter().map(|lesson| {
                    let is_done = props.done.contains(&lesson.id);
                    html! {
                        <li class={classes!("lesson-item", is_done.then_some("done"))} data-lesson={lesson.id.clone()}>
                            <a class="lesson-link" href={format!("#learn/{}", lesson.id)}>
                                <span class="lesson-title">{lesson.title.clone()}</span>
                                if is_done {
                                    <span class="lesson-done" aria-label="done">{"✓ done"}</span>
                                }
                            </a>
                            <p class="lesson-summary">{lesson.summary.clone()}</p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    lesson: Rc<Lesson>,
    /// The following lesson's id and title.
    next: Option<(String, String)>,
    done: bool,
    on_done: Callback<String>,
    on_open: Callback<(String, String, String)>,
}

/// One run of the learner's rule on the exercise code.
struct Check {
    diagnostics: Vec<Diagnostic>,
    analysis: Analysis,
    /// The rule editor's painted lines.
    lines: super::decorate::Lines,
}

fn check(engine: &RefCell<GuardedEngine>, rule: &str, code: &str) -> Check {
    let mut engine = engine.borrow_mut();
    let diagnostics = engine.set_rules(rule).unwrap_or_else(|failure| {
        vec![Diagnostic::at(rule, &crate::engine::source::LineIndex::new(rule), crate::engine::source::Span::new(0, 0), failure)]
    });
    let broken = diagnostics.iter().any(|d| d.severity == "error");
    if broken {
        // Nothing to run: every ruleid line fails, every ok line holds.
        let _ = engine.set_rules("rules: []\n");
    }
    let analysis = engine.analyze(code);
    let lines = rule_lines(rule, &diagnostics);
    Check { diagnostics, analysis, lines }
}

#[function_component(LessonPage)]
fn lesson_page(props: &PageProps) -> Html {
    let lesson = &props.lesson;
    let engine = use_mut_ref(GuardedEngine::default);
    let rule = use_state(|| AttrValue::from(super::state::normalize(&lesson.exercise.starter_rule)));
    let hints = use_state(|| 0usize);
    let show_reference = use_state(|| false);
    let code = lesson.exercise.code.clone();

    let result = {
        let (engine, code) = (engine.clone(), code.clone());
        use_memo((*rule).clone(), move |rule| check(&engine, rule, &code))
    };
    let (holding, total) = result.analysis.annotation_score();
    let solved = total > 0 && holding == total && !result.diagnostics.iter().any(|d| d.severity == "error");
    {
        let (on_done, id) = (props.on_done.clone(), lesson.id.clone());
        use_effect_with(solved, move |solved| {
            if *solved {
                on_done.emit(id);
            }
        });
    }

    let on_input = {
        let rule = rule.clone();
        Callback::from(move |text: String| rule.set(AttrValue::from(text)))
    };
    let on_hint = {
        let hints = hints.clone();
        Callback::from(move |_: MouseEvent| hints.set(*hints + 1))
    };
    let on_reference = {
        let show_reference = show_reference.clone();
        Callback::from(move |_: MouseEvent| show_reference.set(!*show_reference))
    };
    let on_open = {
        let (on_open, rule, code, title) = (props.on_open.clone(), rule.clone(), code.clone(), lesson.title.clone());
        Callback::from(move |_: MouseEvent| on_open.emit((title.clone(), code.clone(), rule.to_string())))
    };
    let on_starter = {
        let (rule, starter) = (rule.clone(), super::state::normalize(&lesson.exercise.starter_rule));
        Callback::from(move |_: MouseEvent| rule.set(AttrValue::from(starter.clone())))
    };

    let errors: Vec<&Diagnostic> = result.diagnostics.iter().filter(|d| d.severity == "error").collect();
    let shown_hints = (*hints).min(lesson.exercise.hints.len());
    html! {
        <article class="lesson" aria-labelledby="lesson-title" data-lesson={lesson.id.clone()}>
            <nav class="learn-crumbs" aria-label="Lessons">
                <a href="#learn">{"← All lessons"}</a>
                if let Some((id, title)) = &props.next {
                    <a href={format!("#learn/{id}")}>{format!("Next: {title} →")}</a>
                }
            </nav>
            <header class="lesson-header">
                <p class="lesson-class">{format!("Lesson {} · {}", lesson.order, lesson.class)}</p>
                <h2 id="lesson-title">{lesson.title.clone()}</h2>
                <p class="lesson-status" id="lesson-status">
                    if props.done { <span class="lesson-done">{"✓ Done"}</span> } else { <span class="muted">{"Not done yet"}</span> }
                </p>
                <p class="lesson-summary">{lesson.summary.clone()}</p>
            </header>
            <section class="lesson-story" aria-label="What goes wrong">
                { for paragraphs(&lesson.story).into_iter().map(|p| html! { <p>{p}</p> }) }
            </section>
            if let Some(incident) = &lesson.incident {
                <aside class="lesson-incident" aria-labelledby="incident-title">
                    <h3 id="incident-title">{"It happened"}</h3>
                    { for paragraphs(incident).into_iter().map(|p| html! { <p>{p}</p> }) }
                </aside>
            }
            <div class="lesson-compare">
                <figure class="snippet snippet-bad">
                    <figcaption>{"Vulnerable"}</figcaption>
                    <pre tabindex="0" aria-label="Vulnerable code"><code>{lesson.vulnerable.trim_end().to_string()}</code></pre>
                </figure>
                <figure class="snippet snippet-good">
                    <figcaption>{"Fixed"}</figcaption>
                    <pre tabindex="0" aria-label="Fixed code"><code>{lesson.fixed.trim_end().to_string()}</code></pre>
                </figure>
            </div>
            if !lesson.references.is_empty() {
                <section class="lesson-refs" aria-labelledby="refs-title">
                    <h3 id="refs-title">{"References"}</h3>
                    <ul>
                        { for lesson.references.iter().filter(|r| r.starts_with("https://") || r.starts_with("http://")).map(|r| html! {
                            <li><a href={r.clone()} target="_blank" rel="noopener noreferrer">{r.clone()}</a></li>
                        }) }
                    </ul>
                </section>
            }
            <section class="exercise" aria-labelledby="exercise-title">
                <h3 id="exercise-title">{"Exercise"}</h3>
                { for paragraphs(&lesson.exercise.instructions).into_iter().map(|p| html! { <p>{p}</p> }) }
                <p class={classes!("exercise-score", if solved { "pass" } else { "fail" })} id="exercise-score" role="status" aria-live="polite">
                    {format!("{holding}/{total} annotations hold")}
                    if solved { {" · solved, lesson done"} }
                </p>
                <div class="exercise-grid">
                    <div class="exercise-code">
                        <h4 id="exercise-code-title">{"Exercise code"}</h4>
                        <ExerciseCode code={AttrValue::from(code.clone())} analysis={result.clone()} />
                    </div>
                    <div class="exercise-rule">
                        <h4><label for="exercise-rule">{"Your rule (YAML)"}</label></h4>
                        <Editor
                            id="exercise-rule"
                            class="rule-editor learn-rule-editor"
                            value={(*rule).clone()}
                            lines={result.lines.clone()}
                            lang={Lang::Yaml}
                            {on_input}
                            invalid={!errors.is_empty()}
                            describedby="exercise-score exercise-errors"
                        />
                        <ul class="exercise-errors" id="exercise-errors" aria-live="polite">
                            { for errors.iter().take(5).map(|d| html! {
                                <li>{format!("Line {}: {}", d.start.line, d.message)}</li>
                            }) }
                        </ul>
                        <div class="exercise-actions" role="group" aria-label="Exercise help">
                            <button type="button" class="button" id="show-hint" onclick={on_hint}
                                disabled={shown_hints >= lesson.exercise.hints.len()}>
                                {if lesson.exercise.hints.is_empty() { "No hints".to_string() } else { format!("Show hint ({shown_hints}/{})", lesson.exercise.hints.len()) }}
                            </button>
                            <button type="button" class="button" id="show-reference" aria-expanded={(*show_reference).to_string()}
                                aria-controls="reference-rule" onclick={on_reference}>
                                {if *show_reference { "Hide reference rule" } else { "Show reference rule" }}
                            </button>
                            <button type="button" class="button" id="reset-rule" onclick={on_starter}>{"Start over"}</button>
                            <button type="button" class="button primary" id="open-in-playground" onclick={on_open}>{"Open in playground"}</button>
                        </div>
                        if shown_hints > 0 {
                            <ol class="hints" aria-label="Hints" aria-live="polite">
                                { for lesson.exercise.hints.iter().take(shown_hints).map(|h| html! { <li>{h.trim().to_string()}</li> }) }
                            </ol>
                        }
                        if *show_reference {
                            <figure class="snippet reference">
                                <figcaption>{"Reference rule"}</figcaption>
                                <pre id="reference-rule" tabindex="0" aria-label="Reference rule"><code>{lesson.exercise.reference_rule.clone()}</code></pre>
                            </figure>
                        }
                    </div>
                </div>
            </section>
        </article>
    }
}

#[derive(Properties)]
struct CodeProps {
    code: AttrValue,
    analysis: Rc<Check>,
}

impl PartialEq for CodeProps {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

/// The exercise code, read-only, with a pass/fail mark on every annotated line.
#[function_component(ExerciseCode)]
fn exercise_code(props: &CodeProps) -> Html {
    let analysis = &props.analysis.analysis;
    let hit_lines: BTreeSet<u32> = analysis.findings.iter().map(|f| f.start.line).collect();
    html! {
        <pre class="exercise-listing" tabindex="0" aria-labelledby="exercise-code-title"><code>
            { for props.code.lines().enumerate().map(|(i, text)| {
                let number = i as u32 + 1;
                let checks: Vec<_> = analysis.annotations.iter().filter(|a| a.line == number && !a.todo).collect();
                let mark = if checks.is_empty() { None } else { Some(checks.iter().all(|a| a.holds)) };
                let title = checks.iter().map(|a| annotation_text(a)).collect::<Vec<_>>().join("; ");
                let class = classes!(
                    "xline",
                    match mark { Some(true) => Some("pass"), Some(false) => Some("fail"), None => None },
                    hit_lines.contains(&number).then_some("hit")
                );
                html! {
                    <span {class} title={(!title.is_empty()).then_some(title.clone())}>
                        <span class="xmark" aria-hidden={mark.is_none().then_some("true")}>
                            {match mark { Some(true) => "✓", Some(false) => "✗", None => " " }}
                            if mark.is_some() { <span class="visually-hidden">{format!(" {title}")}</span> }
                        </span>
                        <span class="xno" aria-hidden="true">{format!("{number:>3} ")}</span>
                        <span class="xtext">{text.to_string()}</span>
                    </span>
                }
            }) }
        </code></pre>
    }
}

/// Blank-line separated paragraphs, each folded to one line.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

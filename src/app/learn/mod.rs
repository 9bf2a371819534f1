//! Learn mode: the workshop lessons of `rules/lessons/` as pages with a live exercise.
//!
//! ```text
//! mod.rs       routes (#learn, #learn/<id>, #learn/<id>/s=<rule>), the Learn reducer, the lesson list
//! page.rs      a lesson: story, detection (the reference rule run on the bug), bug vs fix diff
//! exercise.rs  the exercise: the learner's rule graded by the one annotation verdict
//! instructor.rs  export / import progress as a file, reset a lesson
//! text.rs      lesson text (CommonMark) as elements and text nodes
//! ```
//!
//! Routes live in the URL fragment, so a teacher can link straight to a
//! lesson, and the browser's history follows lesson -> playground -> Back.
//! Progress (done, the learner's rule per lesson, whether the reference was
//! shown before solving) is [`crate::progress::Progress`], changed only by
//! [`LearnState`]'s pure reducer; the App saves it to localStorage in an effect.

mod exercise;
mod instructor;
mod page;
mod text;

use crate::lessons::Lesson;
use crate::progress::{Change, Progress};
use std::rc::Rc;
use yew::prelude::*;

/// Where progress is kept (the first format, `{"done": [...]}`, is read too).
pub const PROGRESS_KEY: &str = "flasklight.learn.v1";

/// Where the app is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Playground,
    Lessons,
    /// A lesson, and the share fragment of a rule sent with its link (`s=...`).
    Lesson { id: String, shared: Option<String> },
}

impl Route {
    /// `#learn` -> the list, `#learn/<id>` -> a lesson, `#learn/<id>/s=...` -> a lesson with a shared rule.
    pub fn from_hash(hash: &str) -> Route {
        let rest = hash.strip_prefix('#').unwrap_or(hash);
        let Some(rest) = rest.strip_prefix("learn") else { return Route::Playground };
        if rest.is_empty() || rest == "/" {
            return Route::Lessons;
        }
        let Some(path) = rest.strip_prefix('/') else { return Route::Playground };
        let (id, shared) = match path.split_once("/s=") {
            Some((id, body)) => (id, Some(format!("s={body}"))),
            None => (path.trim_end_matches('/'), None),
        };
        Route::Lesson { id: id.to_string(), shared }
    }

    pub fn lesson(&self) -> Option<&str> {
        match self {
            Route::Lesson { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn is_learn(&self) -> bool {
        *self != Route::Playground
    }
}

/// A lesson's link fragment (with `#`).
pub fn lesson_hash(id: &str) -> String {
    format!("#learn/{id}")
}

/// The current route, following the URL fragment and the browser's history.
#[hook]
pub fn use_route() -> UseStateHandle<Route> {
    let route = use_state(|| Route::from_hash(&super::storage::hash()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a window");
            let follow = move |_: &web_sys::Event| route.set(Route::from_hash(&super::storage::hash()));
            let on_hash = gloo::events::EventListener::new(&window, "hashchange", follow.clone());
            let on_pop = gloo::events::EventListener::new(&window, "popstate", follow);
            move || drop((on_hash, on_pop))
        });
    }
    route
}

/// Goes to the playground as a new history entry, so Back returns to the lesson.
pub fn go_to_playground(route: &UseStateHandle<Route>) {
    super::storage::push_url("");
    route.set(Route::Playground);
}

/// What Learn mode holds: the progress, and a rule opened from a solution
/// link that the learner has not made theirs yet (shown, never saved).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LearnState {
    pub progress: Rc<Progress>,
    pub shared: Option<SharedRule>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedRule {
    pub lesson: String,
    pub rule: String,
}

pub enum LearnAction {
    /// The learner edited the rule (a shared rule becomes theirs).
    Edit { lesson: String, rule: String },
    /// The rule on screen solves the lesson (not recorded for a shared rule).
    Solved(String),
    Revealed(String),
    /// The exercise starts over from the starter rule.
    StartOver(String),
    /// The instructor forgets a lesson.
    Forget(String),
    Import(Progress),
    /// A solution link opened: its rule is shown until edited or dismissed.
    OpenShared { lesson: String, rule: String },
    /// Back to the learner's own rule.
    DropShared,
}

impl LearnState {
    /// The saved progress (I/O at start, as `State::init`, not in the reducer).
    pub fn load() -> LearnState {
        LearnState { progress: Rc::new(super::storage::load_progress(PROGRESS_KEY)), shared: None }
    }

    /// The rule on screen for a lesson.
    pub fn rule<'a>(&'a self, lesson: &'a Lesson) -> &'a str {
        match &self.shared {
            Some(shared) if shared.lesson == lesson.id => &shared.rule,
            _ => self.progress.rule_or(&lesson.id, &lesson.exercise.starter_rule),
        }
    }

    pub fn shared_for(&self, lesson: &str) -> bool {
        self.shared.as_ref().is_some_and(|s| s.lesson == lesson)
    }
}

impl Reducible for LearnState {
    type Action = LearnAction;

    fn reduce(self: Rc<Self>, action: LearnAction) -> Rc<Self> {
        let mut next = (*self).clone();
        let change = match action {
            LearnAction::Edit { lesson, rule } => {
                if next.shared_for(&lesson) {
                    next.shared = None;
                }
                Some(Change::Edit { lesson, rule })
            }
            LearnAction::Solved(lesson) if next.shared_for(&lesson) => None,
            LearnAction::Solved(lesson) => Some(Change::Solved { lesson }),
            LearnAction::Revealed(lesson) => Some(Change::Revealed { lesson }),
            LearnAction::StartOver(lesson) => {
                if next.shared_for(&lesson) {
                    next.shared = None;
                }
                Some(Change::ResetRule { lesson })
            }
            LearnAction::Forget(lesson) => {
                if next.shared_for(&lesson) {
                    next.shared = None;
                }
                Some(Change::Forget { lesson })
            }
            LearnAction::Import(progress) => {
                next.shared = None;
                Some(Change::Replace(progress))
            }
            LearnAction::OpenShared { lesson, rule } => {
                next.shared = Some(SharedRule { lesson, rule });
                None
            }
            LearnAction::DropShared => {
                next.shared = None;
                None
            }
        };
        if let Some(change) = change {
            Rc::make_mut(&mut next.progress).apply(change);
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LearnProps {
    pub route: Route,
    pub state: UseReducerHandle<LearnState>,
    /// Exercise code and the current rule, to open in the playground: `(title, code, rule)`.
    pub on_open: Callback<(String, String, String)>,
    /// A message for the notice bar: `(is_error, text)`.
    pub on_notice: Callback<(bool, String)>,
}

#[function_component(Learn)]
pub fn learn(props: &LearnProps) -> Html {
    let lessons = use_memo((), |_| crate::lessons::all());
    let (list, errors) = (&lessons.0, &lessons.1);
    let progress = props.state.progress.clone();
    let body = match &props.route {
        Route::Lesson { id, .. } => match list.iter().position(|l| &l.id == id) {
            Some(i) => {
                let lesson = Rc::new(list[i].clone());
                let next = list.get(i + 1).map(|l| (l.id.clone(), l.title.clone()));
                let key = lesson.id.clone();
                html! {
                    <page::LessonPage {key} {lesson} {next} state={props.state.clone()} on_open={props.on_open.clone()} />
                }
            }
            None => html! {
                <div class="learn-missing" role="alert">
                    <p>{format!("There is no lesson called “{id}”.")}</p>
                    <a href="#learn">{"See all lessons"}</a>
                </div>
            },
        },
        _ => html! {
            <>
                <LessonList lessons={Rc::new(list.clone())} progress={progress.clone()} />
                <instructor::Instructor lessons={Rc::new(list.clone())} state={props.state.clone()} on_notice={props.on_notice.clone()} />
            </>
        },
    };
    html! {
        <main class="learn" id="learn" aria-label="Learn mode">
            { for errors.iter().map(|e| html! { <p class="learn-error" role="alert">{e.clone()}</p> }) }
            { body }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    lessons: Rc<Vec<Lesson>>,
    progress: Rc<Progress>,
}

#[function_component(LessonList)]
fn lesson_list(props: &ListProps) -> Html {
    let total = props.lessons.len();
    let finished = props.lessons.iter().filter(|l| props.progress.done(&l.id)).count();
    html! {
        <section class="learn-list" aria-labelledby="learn-title">
            <div class="learn-head">
                <h2 id="learn-title">{"Learn: secure Flask, one rule at a time"}</h2>
                <p class="learn-progress" id="learn-progress">{format!("{finished} of {total} lessons done")}</p>
            </div>
            <p class="muted">{"Each lesson tells a real mistake, shows how a rule spots it and how the code is fixed, and ends with an exercise: write a Semgrep rule that flags every "}
                <code>{"# ruleid:"}</code>{" line and nothing else, then passes hidden cases you do not see. Your work stays in this browser."}</p>
            <ol class="lessons">
                { for props.lessons.iter().map(|lesson| {
                    let entry = props.progress.lesson(&lesson.id);
                    let is_done = entry.is_some_and(|l| l.done);
                    let peeked = entry.is_some_and(|l| l.revealed_before_solving);
                    html! {
                        <li class={classes!("lesson-item", is_done.then_some("done"))} data-lesson={lesson.id.clone()}>
                            <a class="lesson-link" href={lesson_hash(&lesson.id)}>
                                <span class="lesson-title">{text::inline(&lesson.title)}</span>
                                if is_done {
                                    <span class="lesson-done">{if peeked { "✓ done (reference seen)" } else { "✓ done" }}</span>
                                }
                            </a>
                            <p class="lesson-summary">{text::inline(&lesson.summary)}</p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

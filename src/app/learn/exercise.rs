//! A lesson's exercise: the learner's rule, graded live by [`crate::lessons::grade`]
//! (the one annotation verdict, `semgrep --test`'s, on the visible code and on
//! hidden cases), with every reason it is not solved yet said in words.

use super::{LearnAction, LearnState};
use crate::app::analysis::{annotation_text, rule_lines, GuardedEngine};
use crate::app::editor::{Editor, Lang};
use crate::engine::annotations::Problem;
use crate::lessons::{Grade, Lesson, EXERCISE_ID};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExerciseProps {
    pub lesson: Rc<Lesson>,
    pub state: UseReducerHandle<LearnState>,
    pub on_open: Callback<(String, String, String)>,
}

/// The link that opens this lesson with `rule` in its editor.
pub fn solution_link(lesson: &str, rule: &str) -> Result<String, String> {
    let shared = crate::share::Shared { rule: rule.to_string(), code: String::new() };
    let fragment = crate::share::encode(&shared).map_err(|e| e.to_string())?;
    Ok(format!("{}#learn/{lesson}/{fragment}", crate::app::storage::base_url()))
}

#[function_component(ExercisePane)]
pub fn exercise_pane(props: &ExerciseProps) -> Html {
    let lesson = &props.lesson;
    let engine = use_mut_ref(GuardedEngine::default);
    let rule = AttrValue::from(crate::app::state::normalize(props.state.rule(lesson)));
    let hints = use_state(|| 0usize);
    let show_reference = use_state(|| false);
    let solution = use_state(|| None::<Result<String, String>>);

    let graded = {
        let (engine, lesson) = (engine.clone(), lesson.clone());
        use_memo(rule.clone(), move |rule| engine.borrow_mut().grade(&lesson.exercise, rule))
    };
    let failure = graded.as_ref().as_ref().err().cloned();
    let empty = Grade::default();
    let grade: &Grade = graded.as_ref().as_ref().unwrap_or(&empty);
    let solved = failure.is_none() && grade.solved();
    let shared = props.state.shared_for(&lesson.id);
    {
        let (state, id) = (props.state.clone(), lesson.id.clone());
        use_effect_with((solved, shared), move |(solved, shared)| {
            if *solved && !*shared {
                state.dispatch(LearnAction::Solved(id));
            }
        });
    }

    let on_input = {
        let (state, id) = (props.state.clone(), lesson.id.clone());
        Callback::from(move |text: String| state.dispatch(LearnAction::Edit { lesson: id.clone(), rule: text }))
    };
    let on_hint = {
        let hints = hints.clone();
        Callback::from(move |_: MouseEvent| hints.set(*hints + 1))
    };
    let on_reference = {
        let (show_reference, state, id) = (show_reference.clone(), props.state.clone(), lesson.id.clone());
        Callback::from(move |_: MouseEvent| {
            if !*show_reference {
                state.dispatch(LearnAction::Revealed(id.clone()));
            }
            show_reference.set(!*show_reference);
        })
    };
    let on_open = {
        let (on_open, rule, code, title) = (props.on_open.clone(), rule.clone(), lesson.exercise.code.clone(), lesson.title.clone());
        Callback::from(move |_: MouseEvent| on_open.emit((title.clone(), code.clone(), rule.to_string())))
    };
    let on_start_over = {
        let (state, id) = (props.state.clone(), lesson.id.clone());
        Callback::from(move |_: MouseEvent| state.dispatch(LearnAction::StartOver(id.clone())))
    };
    let on_drop_shared = {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(LearnAction::DropShared))
    };
    let on_copy_solution = {
        let (solution, id, rule) = (solution.clone(), lesson.id.clone(), rule.clone());
        Callback::from(move |_: MouseEvent| {
            let link = solution_link(&id, &rule);
            solution.set(Some(link.clone()));
            if let Ok(link) = link {
                let solution = solution.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if crate::app::dom::copy_text(&link).await.is_err() {
                        solution.set(Some(Ok(link)));
                    }
                });
            }
        })
    };

    let lines = rule_lines(&rule, &grade.rule_errors);
    let (holding, total) = {
        let counted: Vec<_> = grade.visible.checks.iter().filter(|c| !c.todo).collect();
        (counted.iter().filter(|c| c.holds).count(), counted.len())
    };
    let unexpected = grade.visible.problems.iter().filter(|p| matches!(p, Problem::Unexpected { .. })).count();
    let shown_hints = (*hints).min(lesson.exercise.hints.len());
    html! {
        <section class="exercise" aria-labelledby="exercise-title">
            <h3 id="exercise-title">{"Exercise"}</h3>
            { super::text::blocks(&lesson.exercise.instructions) }
            <p class={classes!("exercise-score", if solved { "pass" } else { "fail" })} id="exercise-score" role="status" aria-live="polite">
                {format!("{holding}/{total} annotations hold")}
                if unexpected > 0 {
                    {format!(" · {unexpected} unexpected match{}", if unexpected == 1 { "" } else { "es" })}
                }
                if grade.hidden_total > 0 && grade.rule_errors.is_empty() {
                    {format!(" · hidden cases: {}/{} pass", grade.hidden_total.saturating_sub(grade.hidden_failed), grade.hidden_total)}
                }
                if solved { {" · solved, lesson done"} }
            </p>
            <Reasons grade={graded.clone()} />
            if let Some(failure) = failure {
                <p class="learn-error" role="alert">{failure}</p>
            }
            if shared {
                <p class="banner shared-solution" id="shared-solution" role="status">
                    {"This is a solution someone shared with you: it is not saved and does not count as done. Edit it to make it yours, or "}
                    <button type="button" class="button small" id="drop-shared" onclick={on_drop_shared}>{"go back to your own rule"}</button>
                </p>
            }
            <div class="exercise-grid">
                <div class="exercise-code">
                    <h4 id="exercise-code-title">{"Exercise code"}</h4>
                    <ExerciseCode code={AttrValue::from(lesson.exercise.code.clone())} grade={graded.clone()} />
                </div>
                <div class="exercise-rule">
                    <h4><label for="exercise-rule">{"Your rule (YAML)"}</label></h4>
                    <Editor
                        id="exercise-rule"
                        class="rule-editor learn-rule-editor"
                        value={rule.clone()}
                        {lines}
                        lang={Lang::Yaml}
                        {on_input}
                        invalid={!grade.rule_errors.is_empty()}
                        describedby="exercise-score exercise-verdict exercise-errors editor-hint"
                    />
                    <p class="hint" id="editor-hint">
                        <span class="hint-keys">{"Tab indents · Esc then Tab leaves the editor · saved in this browser as you type"}</span>
                        <span class="hint-touch">{"Saved in this browser as you type"}</span>
                    </p>
                    <ul class="exercise-errors" id="exercise-errors" aria-live="polite">
                        { for grade.rule_errors.iter().take(5).map(|d| html! {
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
                        <button type="button" class="button" id="reset-rule" onclick={on_start_over}>{"Start over"}</button>
                        <button type="button" class="button" id="copy-solution" onclick={on_copy_solution}>{"Copy my solution link"}</button>
                        <button type="button" class="button primary" id="open-in-playground" onclick={on_open}>{"Open in playground"}</button>
                    </div>
                    { match &*solution {
                        Some(Ok(link)) => html! {
                            <p class="solution-link" role="status">
                                <label for="solution-link">{"Your solution as a link (copied): "}</label>
                                <input id="solution-link" type="text" readonly=true value={link.clone()} />
                            </p>
                        },
                        Some(Err(e)) => html! { <p class="learn-error" role="alert">{format!("No link: {e}.")}</p> },
                        None => html! {},
                    } }
                    if shown_hints > 0 {
                        <ol class="hints" aria-label="Hints" aria-live="polite">
                            { for lesson.exercise.hints.iter().take(shown_hints).map(|h| html! { <li>{super::text::inline(h.trim())}</li> }) }
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
    }
}

/// Props compare grades by identity: a new grading is a new `Rc`.
#[derive(Properties)]
struct ReasonsProps {
    grade: Rc<Result<Grade, String>>,
}

impl PartialEq for ReasonsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.grade, &other.grade)
    }
}

/// Why the rule does not solve the exercise yet, each reason in words.
#[function_component(Reasons)]
fn reasons(props: &ReasonsProps) -> Html {
    let Ok(grade) = &*props.grade else { return html! { <ul class="exercise-verdict" id="exercise-verdict"></ul> } };
    let mut items: Vec<(&'static str, Html)> = Vec::new();
    let code = |text: &str| html! { <code>{text.to_string()}</code> };
    let lines_of = |kind: fn(&Problem) -> bool| -> Vec<u32> {
        let set: BTreeSet<u32> = grade.visible.problems.iter().filter(|p| kind(p)).map(Problem::line).collect();
        set.into_iter().collect()
    };
    let list = |lines: &[u32]| lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    if grade.rule_errors.is_empty() {
        if !grade.wrong_ids.is_empty() {
            items.push((
                "wrong-id",
                html! { <>{"Your rule's id is "}{code(&grade.wrong_ids.join(", "))}{"; this exercise checks the id "}{code(EXERCISE_ID)}
                    {". The annotations name the rule they test: change the rule's "}{code("id:")}{" line to "}{code(&format!("id: {EXERCISE_ID}"))}{"."}</> },
            ));
        } else {
            if grade.reads_comments {
                items.push((
                    "reads-comments",
                    html! { <>{"Your rule reads the test comments ("}{code("# ruleid:")}{" / "}{code("# ok:")}{") instead of the code: with those comments blanked out it finds other lines. A rule must find the code itself."}</> },
                ));
            }
            let unexpected = lines_of(|p| matches!(p, Problem::Unexpected { .. }));
            if !unexpected.is_empty() {
                items.push((
                    "over-broad",
                    html! { <>{format!("Too broad: your rule also matches line{} {}, which no ", if unexpected.len() == 1 { "" } else { "s" }, list(&unexpected))}
                        {code("# ruleid: exercise")}{" marks. As in semgrep --test, every match must be on a marked line."}</> },
                ));
            }
            let matched_ok = lines_of(|p| matches!(p, Problem::MatchedOk { .. }));
            if !matched_ok.is_empty() {
                items.push((
                    "matched-ok",
                    html! { <>{format!("Line{} {} {} marked ", if matched_ok.len() == 1 { "" } else { "s" }, list(&matched_ok), if matched_ok.len() == 1 { "is" } else { "are" })}
                        {code("# ok: exercise")}{" (safe code), but your rule matches them."}</> },
                ));
            }
            let missed = lines_of(|p| matches!(p, Problem::Missed { .. }));
            if !missed.is_empty() {
                items.push((
                    "missed",
                    html! { <>{format!("Missed: line{} {} {} marked ", if missed.len() == 1 { "" } else { "s" }, list(&missed), if missed.len() == 1 { "is" } else { "are" })}
                        {code("# ruleid: exercise")}{", but your rule finds nothing there."}</> },
                ));
            }
            if grade.hidden_failed > 0 {
                items.push((
                    "hidden",
                    html! { <>{format!(
                        "{} of {} hidden cases fail. They are other ways to write this bug, and safe look-alikes, that you do not see: a rule that fits only the visible lines misses them.",
                        grade.hidden_failed, grade.hidden_total
                    )}</> },
                ));
            }
        }
    }
    html! {
        <ul class="exercise-verdict" id="exercise-verdict" aria-live="polite">
            { for items.into_iter().map(|(reason, text)| html! { <li data-reason={reason}>{text}</li> }) }
        </ul>
    }
}

#[derive(Properties)]
struct CodeProps {
    code: AttrValue,
    grade: Rc<Result<Grade, String>>,
}

impl PartialEq for CodeProps {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && Rc::ptr_eq(&self.grade, &other.grade)
    }
}

/// The exercise code, read-only, with a pass/fail mark on every annotated line
/// and on every line matched without an annotation.
#[function_component(ExerciseCode)]
fn exercise_code(props: &CodeProps) -> Html {
    let empty = Grade::default();
    let grade = props.grade.as_ref().as_ref().unwrap_or(&empty);
    let hit_lines: BTreeSet<u32> = grade.findings.iter().map(|f| f.start.line).collect();
    let unexpected: BTreeSet<u32> = grade.visible.problems.iter().filter(|p| matches!(p, Problem::Unexpected { .. })).map(Problem::line).collect();
    html! {
        <pre class="exercise-listing lesson-code" tabindex="0" aria-labelledby="exercise-code-title"><code>
            { for props.code.lines().enumerate().map(|(i, text)| {
                let number = i as u32 + 1;
                let checks: Vec<_> = grade.visible.checks.iter().filter(|a| a.line == number && !a.todo).collect();
                let mut notes: Vec<String> = checks.iter().map(|a| annotation_text(a)).collect();
                if unexpected.contains(&number) {
                    notes.push("a match on a line no # ruleid: exercise marks (fails)".to_string());
                }
                let mark = if unexpected.contains(&number) { Some(false) } else if checks.is_empty() { None } else { Some(checks.iter().all(|a| a.holds)) };
                let title = notes.join("; ");
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

//! The instructor's view under the lesson list: this browser's progress per
//! lesson, exported and imported as a JSON file ([`crate::progress`]), and a
//! reset for each lesson.

use super::{LearnAction, LearnState};
use crate::lessons::Lesson;
use crate::progress::Progress;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InstructorProps {
    pub lessons: Rc<Vec<Lesson>>,
    pub state: UseReducerHandle<LearnState>,
    /// `(is_error, text)` for the notice bar.
    pub on_notice: Callback<(bool, String)>,
}

#[function_component(Instructor)]
pub fn instructor(props: &InstructorProps) -> Html {
    let file_input = use_node_ref();
    let progress = &props.state.progress;
    let on_export = {
        let (progress, on_notice) = (progress.clone(), props.on_notice.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = crate::app::dom::download("flasklight-progress.json", &progress.to_json(), "application/json") {
                on_notice.emit((true, format!("Could not export: {e}")));
            }
        })
    };
    let open_picker = crate::app::dom::open_picker(&file_input);
    let on_file = {
        let (state, on_notice) = (props.state.clone(), props.on_notice.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let (state, on_notice) = (state.clone(), on_notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let read = crate::app::dom::read_file(&file, crate::progress::MAX_JSON).await.and_then(|text| Progress::from_json(&text));
                match read {
                    Ok(progress) => {
                        let done = progress.done_count();
                        state.dispatch(LearnAction::Import(progress));
                        on_notice.emit((false, format!("Imported the progress in {name}: {done} lesson(s) done.")));
                    }
                    Err(e) => on_notice.emit((true, format!("Could not import {name}: {e}. The progress here is unchanged."))),
                }
            });
        })
    };
    html! {
        <details class="instructor" id="instructor">
            <summary>{"Instructor: this browser's progress"}</summary>
            <p class="muted">{"Progress lives in this browser only. Export it as a file to keep it or move it to another machine; importing a file replaces the progress here."}</p>
            <div class="exercise-actions" role="group" aria-label="Progress file">
                <button type="button" class="button" id="export-progress" onclick={on_export}>{"Export progress (.json)"}</button>
                <button type="button" class="button" id="import-progress" onclick={open_picker}>{"Import progress…"}</button>
                <input type="file" ref={file_input} id="import-progress-file" class="visually-hidden" tabindex="-1" aria-hidden="true"
                    accept=".json,application/json" onchange={on_file} />
            </div>
            <table class="progress-table">
                <thead>
                    <tr><th scope="col">{"Lesson"}</th><th scope="col">{"Done"}</th><th scope="col">{"Reference seen before solving"}</th><th scope="col">{"Saved rule"}</th><th scope="col"><span class="visually-hidden">{"Reset"}</span></th></tr>
                </thead>
                <tbody>
                    { for props.lessons.iter().map(|lesson| {
                        let entry = progress.lesson(&lesson.id).cloned().unwrap_or_default();
                        let on_reset = {
                            let (state, id) = (props.state.clone(), lesson.id.clone());
                            Callback::from(move |_: MouseEvent| state.dispatch(LearnAction::Forget(id.clone())))
                        };
                        let yes_no = |b: bool| if b { "yes" } else { "no" };
                        html! {
                            <tr data-lesson={lesson.id.clone()}>
                                <th scope="row">{super::text::inline(&lesson.title)}</th>
                                <td>{yes_no(entry.done)}</td>
                                <td>{yes_no(entry.revealed_before_solving)}</td>
                                <td>{yes_no(entry.rule.is_some())}</td>
                                <td>
                                    <button type="button" class="button small reset-lesson" onclick={on_reset}
                                        disabled={entry == Default::default()}
                                        aria-label={format!("Reset the lesson {}", crate::markdown::plain_text(&crate::markdown::parse_inline(&lesson.title)))}>
                                        {"Reset"}
                                    </button>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </details>
    }
}

//! The playground: Yew function components around one reducer (wasm32 only).
//!
//! ```text
//! mod.rs        App: the root reducer, autosave, share/import plumbing, banners; start()
//! state.rs      State + Action: every change goes through the pure reducer
//! effects.rs    what the reducer asks for: compile, paint, hand scans to the worker
//! explain.rs    the explain panels: Inspect, Why not here, Trees, Pattern from code, Cost
//! analysis.rs   the only module that calls the engine; plain view data out
//! decorate.rs   text + spans -> per-line painted segments (pure)
//! recolour.rs   the code's colours after an edit, without colouring it all again (pure)
//! editor.rs     textarea-over-pre editor with gutter, Tab/Enter handling, caret jumps
//! code_pane.rs  Flask code pane, caret/hover details of hits
//! trace.rs      a taint finding's path (source, steps, sink) as gutter marks and painted steps
//! rule_pane.rs  YAML editor / simple mode form, rule diagnostics
//! results.rs    findings, fix previews, annotation summary, errors, scan progress
//! scanner.rs    the page's side of the scan worker: jobs out, reports back, cancel
//! worker.rs     the worker's side: runs the engine off the main thread
//! toolbar.rs    examples, share, import, reset, theme
//! storage.rs    localStorage autosave/backup, Learn progress, URL fragment and history
//! dom.rs        clipboard, downloads, file reading
//! examples.rs   the default example and the bundled pack menu
//! learn/        Learn mode: lesson list, lesson pages, the graded exercise, progress (#learn/<id>)
//! ```
//!
//! Invariants: user text (code, YAML, links, file contents) is only ever
//! rendered as text nodes, never as HTML; the app makes no network request;
//! no `style` attributes (the CSP forbids them), only classes and CSSOM.

mod analysis;
mod code_pane;
mod decorate;
mod dom;
mod editor;
mod effects;
mod examples;
mod explain;
mod learn;
mod recolour;
mod results;
mod rule_pane;
mod scanner;
mod state;
mod storage;
mod toolbar;
mod trace;
mod worker;

use code_pane::CodePane;
use results::Results;
use rule_pane::RulePane;
use state::{Action, Mode, NoticeKind, Pane, State};
use std::rc::Rc;
use toolbar::Toolbar;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Starts the app: panic hook first, then Yew on `#app`. In the scan worker
/// (the same module, loaded by `scan-worker.js`) there is no window: it
/// answers scan jobs instead.
pub fn start() {
    if web_sys::window().is_none() {
        worker::start();
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = info.to_string();
        storage::mark_crash(&message);
        show_fatal(&message);
    }));
    // The rule pack and the lessons first (Examples, the pack, Learn read them).
    wasm_bindgen_futures::spawn_local(async {
        if let Err(message) = load_bundle().await {
            show_fatal(&format!("The rule pack could not be loaded ({message}). Reload the page to try again."));
            return;
        }
        let document = web_sys::window().and_then(|w| w.document()).expect("a document");
        let root = document.get_element_by_id("app").unwrap_or_else(|| document.body().expect("a body").into());
        yew::Renderer::<App>::with_root(root).render();
    });
}

/// The pack and the lessons, from `bundled.json` next to the page (index.html
/// preloads it while the wasm loads); see [`crate::bundled`].
async fn load_bundle() -> Result<(), String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let js = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()).unwrap_or_default());
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str("bundled.json")).await.map_err(js)?.unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(js)?).await.map_err(js)?;
    crate::bundled::install(&text.as_string().unwrap_or_default())
}

/// Shows the static error panel from index.html (plain DOM: Yew may be gone by now).
fn show_fatal(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(text) = document.get_element_by_id("fatal-message") {
        text.set_text_content(Some(message));
    }
    if let Some(panel) = document.get_element_by_id("fatal") {
        let _ = panel.remove_attribute("hidden");
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::init);
    // Compiling, painting and scanning: what the pure reducer asks for.
    let on_predicted_edit = effects::use_effects(&state);
    let share_link = use_state(|| None::<String>);
    let dragging = use_state(|| false);

    // Remove the loading message once mounted; apply theme and text size to <html>.
    use_effect_with((), |_| {
        if let Some(loading) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading")) {
            loading.remove();
        }
        // For the benchmark: the editor is live and the first analysis is on screen.
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("flasklight:ready");
        }
    });
    use_effect_with((state.theme, state.large), |(theme, large)| {
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("data-theme", theme.name());
            let _ = html.set_attribute("data-size", if *large { "large" } else { "normal" });
        }
    });

    use_autosave(&state);
    use_hashchange(state.dispatcher());
    let route = learn::use_route();
    let learn_state = use_reducer(learn::LearnState::load);
    let lessons = use_memo((), |_| crate::lessons::all().0);
    use_progress_save(&learn_state, state.dispatcher());
    {
        // A solution link (#learn/<id>/s=...): its rule is shown in the lesson, the address becomes the lesson's.
        let (route, learn_state, dispatcher) = (route.clone(), learn_state.dispatcher(), state.dispatcher());
        use_effect_with((*route).clone(), move |current| {
            if let learn::Route::Lesson { id, shared: Some(fragment) } = current {
                match crate::share::decode(fragment) {
                    Some(Ok(shared)) => learn_state.dispatch(learn::LearnAction::OpenShared { lesson: id.clone(), rule: shared.rule }),
                    Some(Err(e)) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("This solution link could not be opened: {e}."))),
                    None => {}
                }
                storage::replace_url(&learn::lesson_hash(id));
                route.set(learn::Route::Lesson { id: id.clone(), shared: None });
            }
        });
    }
    let on_open_lesson = {
        let (state, route) = (state.clone(), route.clone());
        Callback::from(move |(title, code, rule): (String, String, String)| {
            state.dispatch(Action::OpenLesson { title, code, rule });
            learn::go_to_playground(&route);
        })
    };
    let on_learn_notice = {
        let state = state.clone();
        Callback::from(move |(error, text): (bool, String)| {
            state.dispatch(Action::Notify(if error { NoticeKind::Error } else { NoticeKind::Info }, text))
        })
    };
    // The lesson on screen, if any: the toolbar acts on it instead of the playground.
    let current_lesson: Option<crate::lessons::Lesson> = route.lesson().and_then(|id| lessons.iter().find(|l| l.id == id).cloned());
    let lesson_rule = current_lesson.as_ref().map(|lesson| learn_state.rule(lesson).to_string());

    {
        let backup = state.backup.clone();
        let dispatcher = state.dispatcher();
        use_effect_with(backup, move |backup| {
            if let Err(e) = storage::save_backup(backup.as_ref()) {
                dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("Could not keep a backup: {e}")));
            }
        });
    }
    {
        // Info notices fade after a while; errors stay until dismissed.
        let dispatcher = state.dispatcher();
        use_effect_with(state.notice.clone(), move |notice| {
            let timer = notice.as_ref().filter(|n| n.kind == NoticeKind::Info).map(|n| {
                let seq = n.seq;
                gloo::timers::callback::Timeout::new(6_000, move || dispatcher.dispatch(Action::DismissNotice(Some(seq))))
            });
            move || drop(timer)
        });
    }

    // The panes' callbacks, made once (the dispatcher never changes): a pane
    // re-renders only when its own data changes, so a code edit does not
    // re-render the rule pane (whose textarea Yew reads back on every render).
    let panes = use_memo((), |_| PaneCallbacks::new(state.dispatcher()));
    let dispatch = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(make()))
    };
    let on_example = {
        let state = state.clone();
        Callback::from(move |id: String| state.dispatch(Action::LoadExample(id)))
    };
    let on_copy_link = {
        let (state, share_link, lesson) = (state.clone(), share_link.clone(), current_lesson.clone());
        Callback::from(move |_: ()| {
            let made = match &lesson {
                Some(lesson) => Ok((format!("{}{}", storage::base_url(), learn::lesson_hash(&lesson.id)), "It opens this lesson.")),
                None => {
                    let shared = crate::share::Shared { rule: state.rule.to_string(), code: state.code.to_string() };
                    crate::share::encode(&shared)
                        .map(|fragment| (format!("{}#{fragment}", storage::base_url()), "It carries the rule and the code; nothing is uploaded."))
                }
            };
            match made {
                Ok((link, what)) => {
                    share_link.set(Some(link.clone()));
                    let dispatcher = state.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        let text = match dom::copy_text(&link).await {
                            Ok(()) => format!("Link copied ({} characters). {what}", link.len()),
                            Err(_) => "Copy the link from the box below (the browser did not allow clipboard access).".to_string(),
                        };
                        dispatcher.dispatch(Action::Notify(NoticeKind::Info, text));
                    });
                }
                Err(e) => state.dispatch(Action::Notify(NoticeKind::Error, format!("No link: {e}. Download the YAML instead."))),
            }
        })
    };
    // The rule the toolbar copies and downloads: the learner's on a lesson page, else the playground's.
    let toolbar_rule = lesson_rule.clone().unwrap_or_else(|| state.rule.to_string());
    let on_copy_yaml = {
        let (state, rule) = (state.clone(), toolbar_rule.clone());
        Callback::from(move |_: ()| {
            let (rule, dispatcher) = (rule.clone(), state.dispatcher());
            wasm_bindgen_futures::spawn_local(async move {
                let (kind, text) = match dom::copy_text(&rule).await {
                    Ok(()) => (NoticeKind::Info, "Rule YAML copied.".to_string()),
                    Err(e) => (NoticeKind::Error, format!("Could not copy: {e}")),
                };
                dispatcher.dispatch(Action::Notify(kind, text));
            });
        })
    };
    let on_download = {
        let (state, rule) = (state.clone(), toolbar_rule);
        Callback::from(move |_: ()| {
            let name = dom::file_name(&rule);
            if let Err(e) = dom::download(&name, &rule, "application/x-yaml") {
                state.dispatch(Action::Notify(NoticeKind::Error, format!("Could not download: {e}")));
            }
        })
    };
    let on_reset = {
        let (state, learn_state, lesson) = (state.clone(), learn_state.clone(), current_lesson.clone());
        Callback::from(move |_: ()| match &lesson {
            Some(lesson) => {
                learn_state.dispatch(learn::LearnAction::StartOver(lesson.id.clone()));
                state.dispatch(Action::Notify(NoticeKind::Info, "This exercise starts over from the starter rule.".into()));
            }
            None => state.dispatch(Action::Reset),
        })
    };
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            storage::save_theme(state.theme.toggled().name());
            state.dispatch(Action::ToggleTheme);
        })
    };
    let on_large = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            storage::save_size(!state.large);
            state.dispatch(Action::ToggleLarge);
        })
    };
    let on_precise = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            storage::save_precise(!state.precise);
            state.dispatch(Action::TogglePrecise);
        })
    };
    let import_target = current_lesson.as_ref().map(|lesson| (learn_state.dispatcher(), lesson.id.clone()));
    let on_import = {
        let (state, target) = (state.clone(), import_target.clone());
        Callback::from(move |file: web_sys::File| import_file(state.dispatcher(), target.clone(), file))
    };

    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Only when leaving the window, not when moving between children.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let (state, dragging, target) = (state.clone(), dragging.clone(), import_target);
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                import_file(state.dispatcher(), target.clone(), file);
            }
        })
    };

    let on_select = state.panel.filter(|p| p.follows_caret()).map(|_| {
        let state = state.clone();
        Callback::from(move |(start, end): (u32, u32)| state.dispatch(Action::Select(start, end)))
    });
    // Callbacks made once (the dispatcher never changes), and with every panel
    // closed, props that do not change with an edit: a keystroke does not
    // render the panels at all.
    let explain_callbacks = use_memo((), |_| ExplainCallbacks::new(state.dispatcher()));
    let explain_panels = {
        let open = state.panel.is_some();
        let callbacks = &*explain_callbacks;
        html! {
            <explain::ExplainPanels
                panel={state.panel}
                explanation={state.explanation.clone()}
                pending={open && state.answer_pending()}
                answered={if open { state.explained } else { 0 }}
                disabled={state.disabled.clone()}
                // Only the panels that read the code get it: the others do not re-render for every keystroke.
                code={if matches!(state.panel, Some(crate::protocol::Panel::WhyNot | crate::protocol::Panel::FromCode)) { state.code.clone() } else { AttrValue::default() }}
                selection={state.selection}
                on_panel={callbacks.on_panel.clone()}
                on_toggle={callbacks.on_toggle.clone()}
                on_rule={callbacks.on_rule.clone()}
                on_highlight={callbacks.on_highlight.clone()}
                on_jump_code={callbacks.on_jump_code.clone()}
                on_jump_rule={callbacks.on_jump_rule.clone()}
                on_open_simple={callbacks.on_open_simple.clone()}
            />
        }
    };
    let code_jump = state.jump.filter(|j| j.pane == Pane::Code);
    let rule_jump = state.jump.filter(|j| j.pane == Pane::Rule);
    html! {
        <div class={classes!("app", (*dragging).then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <a class="skip" href="#code-input">{"Skip to the code editor"}</a>
            <header class="topbar">
                <div class="brand">
                    <h1>{"flasklight"}</h1>
                    <p class="tagline">{"Semgrep rule playground for secure Flask"}</p>
                </div>
                if route.is_learn() {
                    <a class="button learn-nav" id="learn-link" href="#">{"← Playground"}</a>
                } else {
                    <a class="button learn-nav" id="learn-link" href="#learn">{"Learn"}</a>
                }
                <Toolbar
                    theme={state.theme}
                    large={state.large}
                    precise={state.precise}
                    lesson={current_lesson.is_some()}
                    {on_example}
                    on_pack={dispatch(|| Action::LoadPack)}
                    {on_copy_link}
                    {on_copy_yaml}
                    {on_download}
                    {on_import}
                    {on_reset}
                    {on_theme}
                    {on_large}
                    {on_precise}
                />
            </header>
            <div class="messages">
                if let Some(backup) = &state.backup {
                    <div class="banner" role="region" aria-label="Earlier work">
                        <span>{format!("{}. Your earlier work is kept.", backup.reason)}</span>
                        <button type="button" class="button" id="restore-backup" onclick={dispatch(|| Action::RestoreBackup).reform(|_: MouseEvent| ())}>{"Bring back earlier work"}</button>
                        <button type="button" class="button quiet" id="dismiss-backup" onclick={dispatch(|| Action::DismissBackup).reform(|_: MouseEvent| ())}>{"Forget it"}</button>
                    </div>
                }
                if let Some(link) = &*share_link {
                    <div class="banner share" role="region" aria-label="Share link">
                        <label for="share-link">{"Share link"}</label>
                        <input id="share-link" type="text" readonly=true value={link.clone()} onfocus={Callback::from(|e: FocusEvent| {
                            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { input.select(); }
                        })} />
                        <button type="button" class="button quiet" onclick={{ let s = share_link.clone(); Callback::from(move |_| s.set(None)) }}>{"Close"}</button>
                    </div>
                }
                if let Some(notice) = &state.notice {
                    <div class={classes!("notice", if notice.kind == NoticeKind::Error { "error" } else { "info" })}
                        role={if notice.kind == NoticeKind::Error { "alert" } else { "status" }} id="notice">
                        <span>{notice.text.clone()}</span>
                        <button type="button" class="icon" aria-label="Dismiss message" onclick={dispatch(|| Action::DismissNotice(None)).reform(|_: MouseEvent| ())}>{"×"}</button>
                    </div>
                }
            </div>
            if route.is_learn() {
                <learn::Learn route={(*route).clone()} state={learn_state.clone()} on_open={on_open_lesson} on_notice={on_learn_notice} />
            } else {
            <main class="panes">
                <RulePane
                    rule={state.rule.clone()}
                    mode={state.mode}
                    simple={state.simple.clone()}
                    diagnostics={state.shown_diagnostics.clone()}
                    lines={state.rule_lines.clone()}
                    stale={state.stale}
                    jump={rule_jump}
                    on_edit={panes.on_edit_rule.clone()}
                    on_edit_simple={panes.on_edit_simple.clone()}
                    on_mode={panes.on_mode.clone()}
                    on_start_simple={panes.on_start_simple.clone()}
                    cue={state.first_visit}
                    on_jump={panes.on_jump_rule.clone()}
                />
                <CodePane
                    code={state.code.clone()}
                    analysis={state.analysis.clone()}
                    stale={state.stale}
                    scan={state.scan.shown}
                    jump={code_jump}
                    on_edit={panes.on_edit_code.clone()}
                    on_jump={panes.on_jump_code.clone()}
                    highlight={state.highlight.clone()}
                    {on_select}
                    on_predicted_edit={on_predicted_edit}
                />
                <Results
                    analysis={state.analysis.clone()}
                    code={state.code.clone()}
                    stale={state.stale}
                    paused={state.paused}
                    scan={state.scan}
                    hit_diff={state.hit_diff}
                    on_cancel={panes.on_cancel.clone()}
                    on_jump={panes.on_jump_code.clone()}
                />
            </main>
            { explain_panels }
            }
            <footer class="footer">
                <span>{"Nothing leaves this page: rule, code and matching stay in your browser, autosaved here."}</span>
                <span class="hint-keys">{"Drop a .yaml rule or a .py file anywhere to open it."}</span>
            </footer>
        </div>
    }
}

/// The panes' callbacks, made once: equal from render to render.
struct PaneCallbacks {
    on_edit_code: Callback<String>,
    on_edit_rule: Callback<String>,
    on_edit_simple: Callback<crate::engine::config::SimpleRule>,
    on_mode: Callback<Mode>,
    on_start_simple: Callback<()>,
    on_cancel: Callback<()>,
    on_jump_code: Callback<(u32, u32)>,
    on_jump_rule: Callback<(u32, u32)>,
}

impl PaneCallbacks {
    fn new(d: UseReducerDispatcher<State>) -> Self {
        let jump = |pane: Pane| {
            let d = d.clone();
            Callback::from(move |(start, end): (u32, u32)| d.dispatch(Action::JumpTo { pane, start, end }))
        };
        let action = |make: fn() -> Action| {
            let d = d.clone();
            Callback::from(move |_: ()| d.dispatch(make()))
        };
        PaneCallbacks {
            on_edit_code: {
                let d = d.clone();
                Callback::from(move |code: String| d.dispatch(Action::EditCode(code)))
            },
            on_edit_rule: {
                let d = d.clone();
                Callback::from(move |rule: String| d.dispatch(Action::EditRule(rule)))
            },
            on_edit_simple: {
                let d = d.clone();
                Callback::from(move |simple| d.dispatch(Action::EditSimple(simple)))
            },
            on_mode: {
                let d = d.clone();
                Callback::from(move |mode: Mode| d.dispatch(Action::SetMode(mode)))
            },
            on_start_simple: action(|| Action::StartSimpleRule),
            on_cancel: action(|| Action::CancelScan),
            on_jump_code: jump(Pane::Code),
            on_jump_rule: jump(Pane::Rule),
        }
    }
}

/// The explain panels' callbacks, made once: equal from render to render.
struct ExplainCallbacks {
    on_panel: Callback<Option<crate::protocol::Panel>>,
    on_toggle: Callback<crate::engine::explain::NodePath>,
    on_rule: Callback<String>,
    on_highlight: Callback<Vec<(u32, u32)>>,
    on_jump_code: Callback<(u32, u32)>,
    on_jump_rule: Callback<(u32, u32)>,
    on_open_simple: Callback<String>,
}

impl ExplainCallbacks {
    fn new(d: UseReducerDispatcher<State>) -> Self {
        let jump = |pane: Pane| {
            let d = d.clone();
            Callback::from(move |(start, end): (u32, u32)| d.dispatch(Action::JumpTo { pane, start, end }))
        };
        ExplainCallbacks {
            on_panel: {
                let d = d.clone();
                Callback::from(move |panel| d.dispatch(Action::SetPanel { panel, selection: code_selection() }))
            },
            on_toggle: {
                let d = d.clone();
                Callback::from(move |path| d.dispatch(Action::ToggleNode(path)))
            },
            on_rule: {
                let d = d.clone();
                Callback::from(move |id| d.dispatch(Action::ExplainRule(id)))
            },
            on_highlight: {
                let d = d.clone();
                Callback::from(move |ranges| d.dispatch(Action::Highlight(ranges)))
            },
            on_jump_code: jump(Pane::Code),
            on_jump_rule: jump(Pane::Rule),
            on_open_simple: {
                let d = d.clone();
                Callback::from(move |pattern| d.dispatch(Action::OpenPattern(pattern)))
            },
        }
    }
}

/// The code editor's selection now (bytes), for a panel opened with the pointer or a key.
fn code_selection() -> (u32, u32) {
    let Some(textarea) = dom::element_by_id("code-input").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return (0, 0) };
    let value = textarea.value();
    let start = textarea.selection_start().ok().flatten().unwrap_or(0);
    let end = textarea.selection_end().ok().flatten().unwrap_or(start);
    (decorate::utf16_to_byte(&value, start), decorate::utf16_to_byte(&value, end))
}

/// Reads a dropped or picked file: `.py` replaces the code, anything else is a
/// rule; on a lesson page (`lesson`), a rule file becomes the exercise's rule.
fn import_file(dispatcher: UseReducerDispatcher<State>, lesson: Option<(UseReducerDispatcher<learn::LearnState>, String)>, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        match (dom::read_file(&file, crate::progress::MAX_RULE).await, lesson) {
            (Ok(_), Some(_)) if name.ends_with(".py") => {
                dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("{name} is code: a lesson's exercise code is fixed. Open a .yaml rule here, or go to the playground.")))
            }
            (Ok(text), Some((learn, id))) => {
                learn.dispatch(learn::LearnAction::Edit { lesson: id, rule: state::normalize(&text) });
                dispatcher.dispatch(Action::Notify(NoticeKind::Info, format!("Opened {name} as your rule for this exercise.")));
            }
            (Ok(text), None) if name.ends_with(".py") => dispatcher.dispatch(Action::ImportCode { code: text, name }),
            (Ok(text), None) => dispatcher.dispatch(Action::ImportRule { yaml: text, name }),
            (Err(e), _) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("Could not open the file: {e}"))),
        }
    });
}

/// Saves Learn's progress a moment after it changes (not the progress just loaded).
#[hook]
fn use_progress_save(learn: &UseReducerHandle<learn::LearnState>, dispatcher: UseReducerDispatcher<State>) {
    let write = |progress: &Rc<crate::progress::Progress>| storage::save_progress(learn::PROGRESS_KEY, progress);
    use_deferred_save(learn.progress.clone(), false, write, "Learn progress is not kept", dispatcher);
}

/// Saves the work a moment after the last edit.
#[hook]
fn use_autosave(state: &UseReducerHandle<State>) {
    // Shared strings in, so a render copies no text; the Work is built when saving.
    let write = |(rule, code, mode): &(AttrValue, AttrValue, Mode)| {
        storage::save_work(&storage::Work { rule: rule.to_string(), code: code.to_string(), simple: *mode == Mode::Simple })
    };
    use_deferred_save((state.rule.clone(), state.code.clone(), state.mode), true, write, "Autosave is off", state.dispatcher());
}

/// Writes `value` with `write` 250 ms after it last changed, and at once when
/// the page is hidden or left (`initial`: also the value of the first render).
/// The first failure in a row becomes an error notice beginning with `what`.
#[hook]
fn use_deferred_save<T: Clone + PartialEq + 'static>(
    value: T,
    initial: bool,
    write: fn(&T) -> Result<(), String>,
    what: &'static str,
    dispatcher: UseReducerDispatcher<State>,
) {
    let latest = use_mut_ref(|| None::<T>);
    let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let failed = use_mut_ref(|| false);
    let first = use_mut_ref(|| true);
    let save: Rc<dyn Fn()> = {
        let (latest, failed) = (latest.clone(), failed.clone());
        Rc::new(move || {
            if let Some(value) = latest.borrow_mut().take() {
                match write(&value) {
                    Ok(()) => *failed.borrow_mut() = false,
                    Err(e) if !*failed.borrow() => {
                        *failed.borrow_mut() = true;
                        dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("{what}: {e}.")));
                    }
                    Err(_) => {}
                }
            }
        })
    };
    {
        let (latest, timer, save) = (latest.clone(), timer.clone(), save.clone());
        use_effect_with(value, move |value| {
            if std::mem::replace(&mut *first.borrow_mut(), false) && !initial {
                return;
            }
            *latest.borrow_mut() = Some(value.clone());
            *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(250, move || save()));
        });
    }
    use_effect_with((), move |_| {
        let window = web_sys::window().expect("a window");
        let document = window.document().expect("a document");
        let on_hide = {
            let save = save.clone();
            gloo::events::EventListener::new(&window, "pagehide", move |_| save())
        };
        let on_visibility = gloo::events::EventListener::new(&document, "visibilitychange", move |_| save());
        move || drop((on_hide, on_visibility))
    });
}

/// Opens share links pasted into the address bar of an open tab.
#[hook]
fn use_hashchange(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let window = web_sys::window().expect("a window");
        let listener = gloo::events::EventListener::new(&window, "hashchange", move |_| {
            let hash = storage::hash();
            let is_share = crate::share::decode(&hash).is_some();
            dispatcher.dispatch(Action::OpenLink(hash));
            // A reload then restores the autosave instead of reopening the link.
            if is_share {
                storage::clear_hash();
            }
        });
        move || drop(listener)
    });
}

//! A code editor made of a `<textarea>` laid exactly over a `<pre>`.
//!
//! The textarea owns typing, selection, undo and copy/paste (its text is
//! transparent); the `<pre>` under it paints colours, hits and error
//! underlines from [`Lines`]. Both grow to fit the text inside one scrolling
//! box, so they scroll together without any syncing. Lines are memoised
//! components: a keystroke re-renders only the lines whose paint changed.

use super::decorate::{byte_to_utf16, utf16_to_byte, LineView, Lines};
use super::dom::focus_in_place;
use super::state::Jump;
use super::trace::{PathCell, PathView};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDocument, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Python,
    Yaml,
}

impl Lang {
    fn indent(self) -> &'static str {
        match self {
            Lang::Python => "    ",
            Lang::Yaml => "  ",
        }
    }
}

/// Where the pointer rests over the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hover {
    /// Byte offset into the text.
    pub offset: u32,
    pub x: i32,
    pub y: i32,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The textarea's id, for a `<label for>`.
    pub id: AttrValue,
    pub value: AttrValue,
    pub lines: Lines,
    pub lang: Lang,
    pub on_input: Callback<String>,
    /// Byte offset of the caret after it moves.
    #[prop_or_default]
    pub on_caret: Callback<u32>,
    /// The selection (bytes) after it moves, for whoever follows it (explain panels).
    #[prop_or_default]
    pub on_select: Option<Callback<(u32, u32)>>,
    /// The text a keystroke is about to make, told at `beforeinput` (before
    /// the browser inserts it and lays it out) when it is plain to predict
    /// (see [`predicted_text`]); `on_input` follows with the text as it is.
    #[prop_or_default]
    pub on_predicted_edit: Option<Callback<String>>,
    #[prop_or_default]
    pub on_hover: Callback<Option<Hover>>,
    #[prop_or_default]
    pub jump: Option<Jump>,
    /// Paint hits dimmed (they come from the last valid rule).
    #[prop_or_default]
    pub dim: bool,
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    /// A taint finding's path, drawn in the gutter.
    #[prop_or_default]
    pub path: Option<Rc<PathView>>,
    /// Keep a gutter column for paths (the analysis has taint findings).
    #[prop_or_default]
    pub path_column: bool,
    /// A path mark was clicked: the byte range of its step.
    #[prop_or_default]
    pub on_mark: Callback<(u32, u32)>,
    /// Show the text without a textarea (a text too large for one): it scrolls,
    /// paints and answers the pointer, and a paste replaces the whole text.
    #[prop_or_default]
    pub readonly: bool,
    /// The element that names the editor (read-only mode has no `<label for>` target).
    #[prop_or_default]
    pub labelledby: Option<AttrValue>,
    /// Words to complete at the start of a line (YAML keys): offered while a
    /// line holds only the beginning of one; Tab or Enter takes the chosen one.
    #[prop_or_default]
    pub completions: Option<&'static [&'static str]>,
    /// The scan whose hits the paint shows (`data-scan` on it, for the
    /// benchmark's keystroke-to-highlights: a provisional repaint keeps it).
    #[prop_or_default]
    pub scan: Option<u32>,
}

/// The completion list on screen: the words, the chosen one, and how many
/// bytes before the caret they replace.
#[derive(Clone, Debug, PartialEq)]
struct Suggest {
    words: Vec<&'static str>,
    chosen: usize,
    typed: usize,
}

/// The words that complete the line before the caret (`  - patt` -> `pattern`...).
pub fn complete(before: &str, words: &[&'static str]) -> (usize, Vec<&'static str>) {
    let item = before.trim_start().trim_start_matches("- ");
    let ok = !item.is_empty() && item.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    if !ok {
        return (0, Vec::new());
    }
    let found: Vec<&'static str> = words.iter().copied().filter(|w| w.starts_with(item) && *w != item).collect();
    (item.len(), found)
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let scroller = use_node_ref();
    let measure = use_node_ref();
    // After Escape, the next Tab leaves the editor instead of indenting.
    let tab_leaves = use_mut_ref(|| false);
    let suggest = use_state(|| None::<Suggest>);

    {
        let (textarea, scroller, measure) = (textarea.clone(), scroller.clone(), measure.clone());
        let value = props.value.clone();
        let on_caret = props.on_caret.clone();
        use_effect_with(props.jump, move |jump| {
            if let Some(jump) = jump {
                move_caret(&textarea, &scroller, &measure, &value, jump.start, jump.end);
                on_caret.emit(jump.start);
            }
        });
    }

    let oninput = {
        let (on_input, completions, suggest) = (props.on_input.clone(), props.completions, suggest.clone());
        Callback::from(move |e: InputEvent| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            let value = textarea.value();
            if let Some(words) = completions {
                let at = utf16_to_byte(&value, textarea.selection_start().ok().flatten().unwrap_or(0)) as usize;
                let line_start = value[..at].rfind('\n').map_or(0, |i| i + 1);
                let (typed, words) = complete(&value[line_start..at], words);
                let next = (!words.is_empty() && e.input_type().starts_with("insert")).then_some(Suggest { words, chosen: 0, typed });
                if *suggest != next {
                    suggest.set(next);
                }
            }
            on_input.emit(value);
        })
    };

    {
        // Yew has no `onbeforeinput`: a listener on the textarea itself.
        let textarea = textarea.clone();
        use_effect_with((props.on_predicted_edit.clone(), props.readonly), move |(on_predicted, _)| {
            let listener = on_predicted.clone().zip(textarea.cast::<HtmlTextAreaElement>()).map(|(on_predicted, element)| {
                gloo::events::EventListener::new(&element, "beforeinput", move |event| {
                    let Some(event) = event.dyn_ref::<InputEvent>() else { return };
                    let Some(textarea) = event.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
                    if event.is_composing() {
                        return;
                    }
                    let start = textarea.selection_start().ok().flatten().unwrap_or(0);
                    let end = textarea.selection_end().ok().flatten().unwrap_or(start);
                    if let Some(text) = predicted_text(&textarea.value(), start, end, &event.input_type(), event.data().as_deref()) {
                        on_predicted.emit(text);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let report_caret = {
        let (on_caret, on_select) = (props.on_caret.clone(), props.on_select.clone());
        move |textarea: &HtmlTextAreaElement| {
            let value = textarea.value();
            let at = textarea.selection_start().ok().flatten().unwrap_or(0);
            on_caret.emit(utf16_to_byte(&value, at));
            if let Some(on_select) = &on_select {
                let end = textarea.selection_end().ok().flatten().unwrap_or(at);
                on_select.emit((utf16_to_byte(&value, at), utf16_to_byte(&value, end)));
            }
        }
    };

    let onkeydown = {
        let lang = props.lang;
        let tab_leaves = tab_leaves.clone();
        let suggest = suggest.clone();
        Callback::from(move |e: KeyboardEvent| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            if e.is_composing() || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            if let Some(open) = (*suggest).clone() {
                let count = open.words.len();
                match e.key().as_str() {
                    "ArrowDown" | "ArrowUp" => {
                        e.prevent_default();
                        let step = if e.key() == "ArrowDown" { 1 } else { count - 1 };
                        suggest.set(Some(Suggest { chosen: (open.chosen + step) % count, ..open }));
                        return;
                    }
                    "Tab" | "Enter" if !e.shift_key() => {
                        e.prevent_default();
                        suggest.set(None);
                        let word = open.words[open.chosen.min(count - 1)];
                        insert_text(&textarea, &format!("{}: ", &word[open.typed.min(word.len())..]));
                        return;
                    }
                    "Escape" => {
                        e.prevent_default();
                        suggest.set(None);
                        return;
                    }
                    _ => suggest.set(None),
                }
            }
            let leave = *tab_leaves.borrow();
            *tab_leaves.borrow_mut() = false;
            match e.key().as_str() {
                "Escape" => *tab_leaves.borrow_mut() = true,
                "Tab" if !leave => {
                    e.prevent_default();
                    indent(&textarea, lang, e.shift_key());
                }
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    newline(&textarea, lang);
                }
                "Backspace" if !e.shift_key() => {
                    if backspace(&textarea, lang) {
                        e.prevent_default();
                    }
                }
                _ => {}
            }
        })
    };

    let onkeyup = {
        let report_caret = report_caret.clone();
        Callback::from(move |e: KeyboardEvent| report_caret(&e.target_unchecked_into()))
    };
    let onmouseup = {
        let report_caret = report_caret.clone();
        Callback::from(move |e: MouseEvent| report_caret(&e.target_unchecked_into()))
    };

    let onmousemove = {
        let on_hover = props.on_hover.clone();
        let measure = measure.clone();
        let value = props.value.clone();
        Callback::from(move |e: MouseEvent| {
            let offset = pointer_offset(&e, &measure, &value);
            on_hover.emit(offset.map(|offset| Hover { offset, x: e.client_x(), y: e.client_y() }));
        })
    };
    // Read-only: a click puts the (invisible) caret where it lands, for the caret's hit list.
    let onclick_cover = {
        let on_caret = props.on_caret.clone();
        let measure = measure.clone();
        let value = props.value.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(offset) = pointer_offset(&e, &measure, &value) {
                on_caret.emit(offset);
            }
        })
    };
    // A paste over the read-only view replaces the text. A large paste into the
    // textarea is spliced in here rather than by the browser, whose own paste of
    // 100,000 lines into a textarea takes seconds (that paste cannot be undone).
    let onpaste = {
        let on_input = props.on_input.clone();
        let readonly = props.readonly;
        Callback::from(move |e: Event| {
            let Some(event) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let Some(text) = event.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
            if readonly {
                event.prevent_default();
                on_input.emit(text);
            } else if is_large(&text) {
                let Some(textarea) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
                event.prevent_default();
                let value = textarea.value();
                let start = textarea.selection_start().ok().flatten().unwrap_or(0);
                let end = textarea.selection_end().ok().flatten().unwrap_or(start);
                let (start, end) = (utf16_to_byte(&value, start) as usize, utf16_to_byte(&value, end) as usize);
                on_input.emit(format!("{}{text}{}", &value[..start], &value[end.max(start)..]));
            }
        })
    };
    let onmouseleave = {
        let on_hover = props.on_hover.clone();
        Callback::from(move |_: MouseEvent| on_hover.emit(None))
    };
    let onblur = {
        let suggest = suggest.clone();
        Callback::from(move |_: FocusEvent| {
            if suggest.is_some() {
                suggest.set(None);
            }
        })
    };
    let list_id = format!("{}-completions", props.id);
    // Always in the tree (hidden while empty): Yew matches unkeyed children
    // from the end, so a list that comes and goes after the grid would make
    // it rebuild the textarea and lose the focus.
    let completion_list = html! {
        <ul class="completions" id={list_id.clone()} role="listbox" hidden={suggest.is_none()}
            aria-label="Rule keys (Tab or Enter to take, Esc to close)">
            if let Some(open) = &*suggest {
                { for open.words.iter().enumerate().map(|(i, word)| html! {
                    <li role="option" id={format!("{list_id}-{i}")} aria-selected={(i == open.chosen).to_string()}
                        class={classes!((i == open.chosen).then_some("chosen"))}>{*word}</li>
                }) }
            }
        </ul>
    };
    let active_option = suggest.as_ref().map(|open| format!("{list_id}-{}", open.chosen));

    // The textarea is as large as its text, so it must never scroll itself;
    // the surrounding box scrolls both layers together.
    let onscroll = Callback::from(|e: Event| {
        let textarea: HtmlTextAreaElement = e.target_unchecked_into();
        textarea.set_scroll_top(0);
        textarea.set_scroll_left(0);
    });

    // Off-screen lines are not laid out (content-visibility), so the longest
    // line may not size the <pre>; give it a minimum width in `ch` instead.
    let paint = use_node_ref();
    {
        let paint = paint.clone();
        let columns = *use_memo(props.value.clone(), |value| widest_line(value));
        use_effect_with(columns, move |columns| {
            if let Some(pre) = paint.cast::<HtmlElement>() {
                let _ = pre.style().set_property("min-width", &format!("calc(0.8rem + {}ch)", columns + 4));
            }
        });
    }

    // Only the lines near the viewport are rendered; padding (set through
    // CSS variables) stands in for the rest, so the box keeps its full height.
    let window = use_state(|| (0usize, INITIAL_WINDOW));
    let onscroll_box = {
        let (scroller, measure, window) = (scroller.clone(), measure.clone(), window.clone());
        Callback::from(move |_: Event| {
            if let Some(wanted) = wanted_window(&scroller, &measure, *window) {
                window.set(wanted);
            }
        })
    };
    {
        // The viewport's height is known only once mounted, and changes with the window.
        let (scroller, measure, window) = (scroller.clone(), measure.clone(), window.clone());
        use_effect_with((), move |_| {
            let check = move || {
                if let Some(wanted) = wanted_window(&scroller, &measure, *window) {
                    window.set(wanted);
                }
            };
            check();
            let listener = web_sys::window().map(|w| gloo::events::EventListener::new(&w, "resize", move |_| check()));
            move || drop(listener)
        });
    }
    let total = props.lines.len();
    let (first, last) = (window.0.min(total), window.1.min(total));
    let grid = use_node_ref();
    {
        let grid = grid.clone();
        use_effect_with((first, last, total), move |(first, last, total)| {
            if let Some(grid) = grid.cast::<HtmlElement>() {
                let style = grid.style();
                let _ = style.set_property("--before", &first.to_string());
                let _ = style.set_property("--after", &(total - last).to_string());
            }
        });
    }

    // One listener for every path mark (marks carry their step's range).
    let onclick_gutter = {
        let on_mark = props.on_mark.clone();
        Callback::from(move |e: MouseEvent| {
            let mark = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(".gl-mark").ok().flatten());
            let Some(mark) = mark else { return };
            let range = |name: &str| mark.get_attribute(name).and_then(|v| v.parse::<u32>().ok());
            if let (Some(start), Some(end)) = (range("data-start"), range("data-end")) {
                e.prevent_default();
                on_mark.emit((start, end));
            }
        })
    };

    let digits = total.max(1).to_string().len().max(2);
    // Each line on screen is cut into segments once per paint, for the gutter
    // and the paint: a keystroke whose paint waits for its scan renders the
    // editor with the same lines, and cuts none again.
    let shown = use_memo((props.lines.clone(), first, last), |(lines, first, last)| {
        (*first..*last).map(|i| (i, lines.line(i))).collect::<Vec<(usize, Rc<LineView>)>>()
    });
    let visible = || shown.iter().cloned();
    let readonly = props.readonly;
    html! {
        <div class={classes!("editor", props.class.clone(), readonly.then_some("readonly"))} ref={scroller} onscroll={onscroll_box}
            tabindex={readonly.then_some("0")} role={readonly.then_some("textbox")}
            aria-readonly={readonly.then_some("true")} aria-multiline={readonly.then_some("true")}
            aria-labelledby={readonly.then(|| props.labelledby.clone()).flatten()}
            aria-describedby={readonly.then(|| props.describedby.clone()).flatten()}
            id={readonly.then(|| format!("{}-view", props.id))}
            onpaste={onpaste}>
            <div class={classes!("editor-grid", format!("gutter-{digits}"), props.path_column.then_some("with-path"))} ref={grid}>
                <div class="gutter" aria-hidden="true" onclick={onclick_gutter}>
                    { for visible().map(|(i, line)| html! {
                        <GutterLine key={i} number={i + 1} line={line} path_column={props.path_column}
                            cell={props.path.as_ref().and_then(|p| p.cell(i as u32 + 1))} />
                    }) }
                </div>
                <div class="stack">
                    <pre class={classes!("paint", props.dim.then_some("dim"))} aria-hidden="true" ref={paint} data-scan={props.scan.map(|s| s.to_string())}>
                        { for visible().map(|(i, line)| html! {
                            <PaintLine key={i} line={line.clone()} />
                        }) }
                    </pre>
                    <span class="measure" aria-hidden="true" ref={measure}>{"0123456789"}</span>
                    if readonly {
                        <div class="input cover" aria-hidden="true" onclick={onclick_cover} {onmousemove} {onmouseleave}></div>
                    } else {
                        <textarea
                            id={props.id.clone()}
                            ref={textarea}
                            class="input"
                            value={props.value.clone()}
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            autocorrect="off"
                            wrap="off"
                            aria-invalid={props.invalid.then_some("true")}
                            aria-describedby={props.describedby.clone()}
                            aria-autocomplete={props.completions.map(|_| "list")}
                            aria-controls={suggest.is_some().then(|| list_id.clone())}
                            aria-activedescendant={active_option}
                            {oninput}
                            {onblur}
                            {onkeydown}
                            {onkeyup}
                            {onmouseup}
                            {onmousemove}
                            {onmouseleave}
                            {onscroll}
                        />
                    }
                </div>
            </div>
            if props.completions.is_some() {
                {completion_list}
            }
        </div>
    }
}

/// The text a textarea will hold after a typing edit, told at `beforeinput`
/// (`start..end`: the selection in UTF-16 units): typed text replaces the
/// selection; Backspace and Delete remove the selection, or the one ASCII
/// character before or after the caret (a character that is a grapheme of its
/// own). `None` for anything harder to foresee (pastes, drops, IME, undo,
/// deleting a word or a non-ASCII character): those are only known at `input`.
pub fn predicted_text(value: &str, start: u32, end: u32, input_type: &str, data: Option<&str>) -> Option<String> {
    let (start, end) = (utf16_to_byte(value, start) as usize, utf16_to_byte(value, end) as usize);
    if start > end || end > value.len() {
        return None;
    }
    let (before, after) = match input_type {
        "insertText" => {
            let typed = data.filter(|d| !d.contains('\r'))?;
            return Some(format!("{}{typed}{}", &value[..start], &value[end..]));
        }
        "deleteContentBackward" | "deleteContentForward" if start < end => (start, end),
        "deleteContentBackward" => (start.checked_sub(1).filter(|&i| value.as_bytes()[i].is_ascii())?, start),
        "deleteContentForward" => (start, Some(start + 1).filter(|&i| i <= value.len() && value.as_bytes()[start].is_ascii())?),
        _ => return None,
    };
    Some(format!("{}{}", &value[..before], &value[after..]))
}

/// Over this many lines or bytes a text is too large for a textarea: a browser
/// lays out a textarea's whole text on every keystroke (~0.3 s at 100,000
/// lines in Chromium) and pastes into it slower still, where the painted view
/// lays out only what is on screen.
pub const LARGE_LINES: usize = 20_000;
pub const LARGE_BYTES: usize = 1_000_000;

pub fn is_large(text: &str) -> bool {
    text.len() > LARGE_BYTES || text.bytes().filter(|&b| b == b'\n').count() >= LARGE_LINES
}

/// Lines rendered before the viewport is measured.
const INITIAL_WINDOW: usize = 150;
/// Lines rendered beyond each edge of the viewport.
const OVERSCAN: usize = 60;

/// The `[first, last)` line window to render, when the current one no longer covers the viewport.
fn wanted_window(scroller: &NodeRef, measure: &NodeRef, current: (usize, usize)) -> Option<(usize, usize)> {
    let scroller = scroller.cast::<HtmlElement>()?;
    let (_, line_height) = metrics(measure)?;
    let top = scroller.scroll_top().max(0) as f64;
    let height = scroller.client_height().max(0) as f64;
    let first_visible = (top / line_height).floor() as usize;
    let last_visible = ((top + height) / line_height).ceil() as usize + 1;
    let covered = current.0 <= first_visible && last_visible <= current.1;
    let oversized = current.1 - current.0 > (last_visible - first_visible) + 4 * OVERSCAN;
    (!covered || oversized).then(|| (first_visible.saturating_sub(OVERSCAN), last_visible + OVERSCAN))
}

#[derive(Properties, PartialEq)]
struct GutterLineProps {
    number: usize,
    line: Rc<LineView>,
    path_column: bool,
    cell: Option<PathCell>,
}

#[function_component(GutterLine)]
fn gutter_line(props: &GutterLineProps) -> Html {
    let mark = &props.line.mark;
    let mut title = Vec::new();
    if mark.hits > 0 {
        title.push(mark.hit_title.clone());
    }
    if mark.annotation.is_some() {
        title.push(mark.annotation_title.clone());
    }
    if let Some(error) = &mark.error {
        title.push(error.clone());
    }
    let class = classes!(
        "gl",
        (mark.hits > 0).then_some("gl-hit"),
        (mark.annotation == Some(true)).then_some("gl-pass"),
        (mark.annotation == Some(false)).then_some("gl-fail"),
        mark.error.is_some().then_some("gl-err"),
    );
    let badge = match (mark.annotation, &mark.error) {
        (Some(false), _) => "✗",
        (Some(true), _) => "✓",
        (None, Some(_)) => "!",
        _ => "",
    };
    let path = props.path_column.then(|| match &props.cell {
        None => html! { <span class="gl-path"></span> },
        Some(cell) => html! {
            <span class={classes!("gl-path", cell.rail.class())}>
                if let Some(b) = &cell.badge {
                    <span class={classes!("gl-mark", b.role.class())} title={b.title.clone()}
                        data-start={b.start.to_string()} data-end={b.end.to_string()}>{b.label.clone()}</span>
                }
            </span>
        },
    });
    html! {
        <div {class} title={(!title.is_empty()).then(|| title.join("\n"))} data-line={props.number.to_string()}>
            {for path}
            <span class="gl-badge">{badge}</span>
            <span class="gl-n">{props.number}</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PaintLineProps {
    line: Rc<LineView>,
}

#[function_component(PaintLine)]
fn paint_line(props: &PaintLineProps) -> Html {
    html! {
        <div class="line">
            { for props.line.segs.iter().map(|seg| {
                if seg.style.is_plain() {
                    html! { {seg.text.clone()} }
                } else {
                    html! { <span class={seg.style.class()}>{seg.text.clone()}</span> }
                }
            }) }
        </div>
    }
}

/// The widest line in columns (tabs to 4; non-ASCII counted double, to be safe).
fn widest_line(text: &str) -> usize {
    text.split('\n')
        .map(|line| {
            let mut columns = 0;
            for c in line.chars() {
                columns += match c {
                    '\t' => 4 - columns % 4,
                    c if c.is_ascii() => 1,
                    _ => 2,
                };
            }
            columns
        })
        .max()
        .unwrap_or(0)
}

/// The byte offset of the text under the pointer, if any (the event's target
/// is the textarea or the read-only cover, which share the paint's padding).
fn pointer_offset(e: &MouseEvent, measure: &NodeRef, value: &str) -> Option<u32> {
    let (char_width, line_height) = metrics(measure)?;
    let (pad_left, pad_top) = padding(&e.target_unchecked_into::<Element>());
    let row = ((e.offset_y() as f64 - pad_top) / line_height).floor();
    let col = ((e.offset_x() as f64 - pad_left) / char_width).floor();
    (row >= 0.0 && col >= 0.0).then(|| offset_at(value, row as usize, col as usize)).flatten()
}

/// Width of one character and height of one line, from the hidden measuring span.
fn metrics(measure: &NodeRef) -> Option<(f64, f64)> {
    let span = measure.cast::<HtmlElement>()?;
    let rect = span.get_bounding_client_rect();
    (rect.width() > 0.0 && rect.height() > 0.0).then(|| (rect.width() / 10.0, rect.height()))
}

fn padding(element: &Element) -> (f64, f64) {
    let style = web_sys::window().and_then(|w| w.get_computed_style(element).ok().flatten());
    let px = |name: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (px("padding-left"), px("padding-top"))
}

/// The byte offset under (row, visual column), or `None` past the end of the line.
fn offset_at(text: &str, row: usize, col: usize) -> Option<u32> {
    let mut start = 0usize;
    for _ in 0..row {
        start += text[start..].find('\n')? + 1;
    }
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut visual = 0usize;
    for (i, c) in line.char_indices() {
        let width = if c == '\t' { 4 - visual % 4 } else { 1 };
        if col < visual + width {
            return Some((start + i) as u32);
        }
        visual += width;
    }
    None
}

/// Focuses the textarea, selects `start..end` (bytes) and scrolls the line into view.
/// (Read-only, without a textarea: focuses the view and scrolls only.)
fn move_caret(textarea: &NodeRef, scroller: &NodeRef, measure: &NodeRef, value: &str, start: u32, end: u32) {
    if let Some(textarea) = textarea.cast::<HtmlTextAreaElement>() {
        focus_in_place(&textarea);
        let _ = textarea.set_selection_range(byte_to_utf16(value, start), byte_to_utf16(value, end));
    } else if let Some(view) = scroller.cast::<HtmlElement>() {
        focus_in_place(&view);
    }
    let (Some(scroller), Some((char_width, line_height))) = (scroller.cast::<HtmlElement>(), metrics(measure)) else { return };
    let before = &value[..(start as usize).min(value.len())];
    let line = before.matches('\n').count() as f64;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as f64;
    let top = (line * line_height - scroller.client_height() as f64 / 3.0).max(0.0);
    scroller.set_scroll_top(top as i32);
    let x = col * char_width;
    let width = scroller.client_width() as f64;
    if x < scroller.scroll_left() as f64 || x > scroller.scroll_left() as f64 + width * 0.8 {
        scroller.set_scroll_left((x - width / 3.0).max(0.0) as i32);
    }
}

/// Inserts text at the selection through the browser's editing commands, so undo keeps working.
fn insert_text(textarea: &HtmlTextAreaElement, text: &str) {
    let done = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| d.exec_command_with_show_ui_and_value("insertText", false, text).ok())
        .unwrap_or(false);
    if !done {
        let start = textarea.selection_start().ok().flatten().unwrap_or(0);
        let end = textarea.selection_end().ok().flatten().unwrap_or(start);
        let _ = textarea.set_range_text_with_start_and_end_and_mode(text, start, end, "end");
        if let Ok(event) = web_sys::InputEvent::new("input") {
            let _ = textarea.dispatch_event(&event);
        }
    }
}

/// Tab / Shift+Tab: indent at the caret, or (de)indent every selected line.
fn indent(textarea: &HtmlTextAreaElement, lang: Lang, outdent: bool) {
    let value = textarea.value();
    let unit = lang.indent();
    let s16 = textarea.selection_start().ok().flatten().unwrap_or(0);
    let e16 = textarea.selection_end().ok().flatten().unwrap_or(s16);
    let (start, end) = (utf16_to_byte(&value, s16) as usize, utf16_to_byte(&value, e16) as usize);
    if !outdent && !value[start..end].contains('\n') {
        insert_text(textarea, unit);
        return;
    }
    let line_start = value[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut line_end = value[end..].find('\n').map_or(value.len(), |i| end + i);
    if end > start && value[..end].ends_with('\n') {
        line_end = end - 1;
    }
    let line_end = line_end.max(line_start);
    let block = &value[line_start..line_end];
    let changed: Vec<String> = block
        .split('\n')
        .map(|line| {
            if outdent {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                line[spaces.min(unit.len())..].to_string()
            } else if line.is_empty() {
                String::new()
            } else {
                format!("{unit}{line}")
            }
        })
        .collect();
    let changed = changed.join("\n");
    if changed == block {
        return;
    }
    let from = byte_to_utf16(&value, line_start as u32);
    let _ = textarea.set_selection_range(from, byte_to_utf16(&value, line_end as u32));
    insert_text(textarea, &changed);
    let length: u32 = changed.chars().map(|c| c.len_utf16() as u32).sum();
    if start == end && outdent {
        let _ = textarea.set_selection_range(from + length, from + length);
    } else {
        let _ = textarea.set_selection_range(from, from + length);
    }
}

/// Enter keeps the line's indentation, one more level after a `:`.
fn newline(textarea: &HtmlTextAreaElement, lang: Lang) {
    let value = textarea.value();
    let s16 = textarea.selection_start().ok().flatten().unwrap_or(0);
    let start = utf16_to_byte(&value, s16) as usize;
    let line_start = value[..start].rfind('\n').map_or(0, |i| i + 1);
    insert_text(textarea, &format!("\n{}", next_indentation(&value[line_start..start], lang)));
}

/// Enter in a plain textarea (simple mode's patterns) keeps the line's
/// indentation, one level more after a `:`, as in the editors.
pub fn keep_indentation(e: &KeyboardEvent) {
    if e.key() != "Enter" || e.shift_key() || e.ctrl_key() || e.meta_key() || e.alt_key() || e.is_composing() {
        return;
    }
    let textarea: HtmlTextAreaElement = e.target_unchecked_into();
    e.prevent_default();
    newline(&textarea, Lang::Python);
}

/// The indentation of the line after `before` (the current line up to the caret).
/// After `- pattern: ...` in YAML the list goes on: the new line starts at the
/// dash's column, ready for the next item; after `- patterns:` (a key that
/// opens a block) it is one level inside the item's mapping.
pub fn next_indentation(before: &str, lang: Lang) -> String {
    let mut indentation: String = before.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let opens_block = before.trim_end().ends_with(':');
    if opens_block {
        indentation.push_str(lang.indent());
        if lang == Lang::Yaml && before.trim_start().starts_with("- ") {
            // The item's own mapping is two columns in, its block two more.
            indentation.push_str("  ");
        }
    }
    indentation
}

/// Backspace in the indentation (only spaces before the caret, no selection)
/// removes one level: back to the previous multiple of the language's unit.
/// Returns how many bytes to delete, or `None` to let the browser delete one.
pub fn outdent_width(before: &str, lang: Lang) -> Option<usize> {
    if before.is_empty() || before.bytes().any(|b| b != b' ') {
        return None;
    }
    let unit = lang.indent().len();
    let width = match before.len() % unit {
        0 => unit,
        rest => rest,
    };
    (width > 1).then_some(width)
}

/// Backspace at the indentation: one level at a time (see [`outdent_width`]).
fn backspace(textarea: &HtmlTextAreaElement, lang: Lang) -> bool {
    let value = textarea.value();
    let s16 = textarea.selection_start().ok().flatten().unwrap_or(0);
    let e16 = textarea.selection_end().ok().flatten().unwrap_or(s16);
    if s16 != e16 {
        return false;
    }
    let start = utf16_to_byte(&value, s16) as usize;
    let line_start = value[..start].rfind('\n').map_or(0, |i| i + 1);
    let Some(width) = outdent_width(&value[line_start..start], lang) else { return false };
    // Spaces are one UTF-16 unit each.
    let _ = textarea.set_selection_range(s16 - width as u32, s16);
    // The browser's own delete, so undo keeps working.
    let done = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| d.exec_command("delete").ok())
        .unwrap_or(false);
    if !done {
        insert_text(textarea, "");
    }
    true
}

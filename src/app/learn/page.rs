//! One lesson: the story, the bug spotted by the lesson's own rule, the fix as
//! a line diff, references, and the exercise.

use super::exercise::ExercisePane;
use super::{text, LearnState};
use crate::app::analysis::GuardedEngine;
use crate::diff::{self, Change};
use crate::engine::report::Finding;
use crate::lessons::Lesson;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub lesson: Rc<Lesson>,
    /// The following lesson's id and title.
    pub next: Option<(String, String)>,
    pub state: UseReducerHandle<LearnState>,
    pub on_open: Callback<(String, String, String)>,
}

#[function_component(LessonPage)]
pub fn lesson_page(props: &PageProps) -> Html {
    let lesson = &props.lesson;
    let engine = use_mut_ref(GuardedEngine::default);
    // The detection step: the lesson's reference rule run on its vulnerable code.
    let detection = {
        let (engine, lesson) = (engine.clone(), lesson.clone());
        use_memo(lesson.id.clone(), move |_| engine.borrow_mut().findings(&lesson.exercise.reference_rule, &lesson.vulnerable))
    };
    // A lesson opens at its title, with the focus on its heading.
    use_effect_with(lesson.id.clone(), |_| {
        if let Some(article) = super::super::dom::element_by_id("lesson") {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Start);
            article.scroll_into_view_with_scroll_into_view_options(&options);
        }
        if let Some(heading) = super::super::dom::element_by_id("lesson-title") {
            super::super::dom::focus_in_place(&heading);
        }
    });

    let entry = props.state.progress.lesson(&lesson.id).cloned().unwrap_or_default();
    html! {
        <article class="lesson" id="lesson" aria-labelledby="lesson-title" data-lesson={lesson.id.clone()}>
            <nav class="learn-crumbs" aria-label="Lessons">
                <a href="#learn">{"← All lessons"}</a>
                if let Some((id, title)) = &props.next {
                    <a href={super::lesson_hash(id)}>{"Next: "}{text::inline(title)}{" →"}</a>
                }
            </nav>
            <header class="lesson-header">
                <p class="lesson-class">{format!("Lesson {} · {}", lesson.order, lesson.class)}</p>
                <h2 id="lesson-title" tabindex="-1">{text::inline(&lesson.title)}</h2>
                <p class="lesson-status" id="lesson-status">
                    if entry.done { <span class="lesson-done">{"✓ Done"}</span> } else { <span class="muted">{"Not done yet"}</span> }
                    if entry.revealed_before_solving { <span class="muted">{" · reference rule seen before solving"}</span> }
                </p>
                <p class="lesson-summary">{text::inline(&lesson.summary)}</p>
            </header>
            <section class="lesson-story" aria-label="What goes wrong">
                { text::blocks(&lesson.story) }
            </section>
            if let Some(incident) = &lesson.incident {
                <aside class="lesson-incident" aria-labelledby="incident-title">
                    <h3 id="incident-title">{"It happened"}</h3>
                    { text::blocks(incident) }
                </aside>
            }
            <section class="lesson-detect" aria-labelledby="detect-title">
                <h3 id="detect-title">{"Spot it"}</h3>
                <Detection code={AttrValue::from(lesson.vulnerable.trim_end().to_string())} findings={detection} />
            </section>
            <section class="lesson-fix" aria-labelledby="fix-title">
                <h3 id="fix-title">{"Fix it"}</h3>
                <FixDiff before={AttrValue::from(lesson.vulnerable.clone())} after={AttrValue::from(lesson.fixed.clone())} />
            </section>
            if !lesson.references.is_empty() {
                <section class="lesson-refs" aria-labelledby="refs-title">
                    <h3 id="refs-title">{"References"}</h3>
                    <ul>
                        { for lesson.references.iter().filter_map(|r| crate::markdown::safe_href(r).filter(|h| h.starts_with("http"))).map(|r| html! {
                            <li><a href={r.clone()} target="_blank" rel="noopener noreferrer">{r}</a></li>
                        }) }
                    </ul>
                </section>
            }
            <ExercisePane lesson={lesson.clone()} state={props.state.clone()} on_open={props.on_open.clone()} />
        </article>
    }
}

#[derive(Properties)]
struct DetectionProps {
    code: AttrValue,
    findings: Rc<Result<Vec<Finding>, String>>,
}

impl PartialEq for DetectionProps {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && Rc::ptr_eq(&self.findings, &other.findings)
    }
}

/// The vulnerable snippet with the reference rule's hits marked and their lines highlighted.
#[function_component(Detection)]
fn detection(props: &DetectionProps) -> Html {
    let findings: &[Finding] = props.findings.as_ref().as_ref().map(Vec::as_slice).unwrap_or(&[]);
    let mut lines: Vec<u32> = findings.iter().map(|f| f.start.line).collect();
    lines.dedup();
    let caption = match (&*props.findings, lines.as_slice()) {
        (Err(e), _) => format!("The lesson's rule could not run here: {e}"),
        (Ok(_), []) => "The lesson's rule finds nothing here.".to_string(),
        (Ok(_), [line]) => format!("The lesson's reference rule flags line {line}."),
        (Ok(_), many) => format!("The lesson's reference rule flags lines {}.", many.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")),
    };
    let spans: Vec<(usize, usize)> = findings.iter().map(|f| (f.span.start as usize, f.span.end as usize)).collect();
    let code = props.code.as_str();
    let mut offset = 0;
    html! {
        <figure class="snippet snippet-bad detection">
            <figcaption>{"Vulnerable · "}<span class="muted" id="detect-caption">{caption}</span></figcaption>
            <pre tabindex="0" aria-label="Vulnerable code, with what the rule finds marked" class="lesson-code"><code>
                { for code.split('\n').enumerate().map(|(i, line)| {
                    let start = offset;
                    offset += line.len() + 1;
                    let number = i as u32 + 1;
                    let bug = lines.contains(&number);
                    html! {
                        <span class={classes!("cline", bug.then_some("bug"))}>
                            <span class="cno" aria-hidden="true">{format!("{number:>2} ")}</span>
                            { marked(line, start, &spans) }
                            if bug { <span class="visually-hidden">{" (flagged)"}</span> }
                        </span>
                    }
                }) }
            </code></pre>
        </figure>
    }
}

/// A line's text with the parts inside any span (byte offsets into the whole text) in `<mark>`.
fn marked(line: &str, start: usize, spans: &[(usize, usize)]) -> Html {
    let end = start + line.len();
    let mut cuts: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(s, e)| (s.max(start) - start, e.min(end).saturating_sub(start)))
        .filter(|(s, e)| s < e && *e <= line.len() && line.is_char_boundary(*s) && line.is_char_boundary(*e))
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in cuts {
        let s = s.max(at);
        if s >= e {
            continue;
        }
        out.push(html! { {line[at..s].to_string()} });
        out.push(html! { <mark class="hit">{line[s..e].to_string()}</mark> });
        at = e;
    }
    out.push(html! { {line[at..].to_string()} });
    out.into_iter().collect::<Html>()
}

#[derive(Properties, PartialEq)]
struct DiffProps {
    before: AttrValue,
    after: AttrValue,
}

/// Bug vs fix, line by line.
#[function_component(FixDiff)]
fn fix_diff(props: &DiffProps) -> Html {
    let changes = diff::lines(&props.before, &props.after);
    let (removed, added) = changes.iter().fold((0, 0), |(r, a), c| match c {
        Change::Removed(_) => (r + 1, a),
        Change::Added(_) => (r, a + 1),
        Change::Same(_) => (r, a),
    });
    html! {
        <figure class="snippet lesson-diff">
            <figcaption>{"Bug → fix · "}<span class="muted">{format!("{removed} line(s) removed, {added} added")}</span></figcaption>
            <pre tabindex="0" aria-label="The fix as a line diff" class="lesson-code"><code>
                { for changes.iter().map(|change| {
                    let (class, sign, said) = match change {
                        Change::Same(_) => ("same", " ", ""),
                        Change::Removed(_) => ("removed", "−", "removed: "),
                        Change::Added(_) => ("added", "+", "added: "),
                    };
                    html! {
                        <span class={classes!("dline", class)}>
                            <span class="dsign" aria-hidden="true">{sign}{" "}</span>
                            if !said.is_empty() { <span class="visually-hidden">{said}</span> }
                            {change.text().to_string()}
                        </span>
                    }
                }) }
            </code></pre>
        </figure>
    }
}

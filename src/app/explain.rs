//! The explain panels under the panes (issue 21): Inspect (the rule's formula
//! as a tree with counts, a switch per node), Why not here (the caret's or
//! selection's answer), Trees (the code's and the patterns' trees, linked with
//! the caret), Pattern from code (a selection turned into a pattern) and Cost
//! (time per rule and operator). Dumb: the worker computes the
//! [`Explanation`] only while a panel is open (`state.rs` adds the request to
//! the scan job); this renders it and reports clicks.

use super::analysis::one_line;
use crate::engine::explain::{ExplainNode, Inspection, NodePath, PatternTree, ReasonKind, TreeNode, WhyNot};
use crate::protocol::{Explanation, Panel};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub panel: Option<Panel>,
    pub explanation: Option<Rc<Explanation>>,
    /// The scan with this panel's answer is still running.
    pub pending: bool,
    /// The scan whose answer is shown (`data-answer`, for the benchmark).
    pub answered: u32,
    pub disabled: Rc<Vec<NodePath>>,
    pub code: AttrValue,
    /// The code's selection (a caret is an empty one), bytes.
    pub selection: (u32, u32),
    pub on_panel: Callback<Option<Panel>>,
    pub on_toggle: Callback<NodePath>,
    pub on_rule: Callback<String>,
    /// Ranges of the code to highlight (empty: none).
    pub on_highlight: Callback<Vec<(u32, u32)>>,
    pub on_jump_code: Callback<(u32, u32)>,
    pub on_jump_rule: Callback<(u32, u32)>,
    /// Open this pattern as a new simple rule.
    pub on_open_simple: Callback<String>,
}

const PANELS: &[(Panel, &str, &str)] = &[
    (Panel::Inspect, "Inspect", "explain-tab-inspect"),
    (Panel::WhyNot, "Why not here?", "explain-tab-whynot"),
    (Panel::Trees, "Trees", "explain-tab-trees"),
    (Panel::FromCode, "Pattern from code", "explain-tab-fromcode"),
    (Panel::Cost, "Cost", "explain-tab-cost"),
];

#[function_component(ExplainPanels)]
pub fn explain_panels(props: &ExplainProps) -> Html {
    let tabs = PANELS.iter().enumerate().map(|(i, &(panel, label, id))| {
        let selected = props.panel == Some(panel);
        let on_panel = props.on_panel.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_panel.emit((!selected).then_some(panel)));
        let on_panel = props.on_panel.clone();
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "ArrowRight" => 1,
                "ArrowLeft" => PANELS.len() - 1,
                _ => return,
            };
            e.prevent_default();
            let (next, _, next_id) = PANELS[(i + step) % PANELS.len()];
            on_panel.emit(Some(next));
            if let Some(element) = super::dom::element_by_id(next_id) {
                let _ = element.focus();
            }
        });
        html! {
            <button type="button" role="tab" {id} class="tab" aria-selected={selected.to_string()}
                aria-controls="explain-body" tabindex={if selected || (props.panel.is_none() && i == 0) { "0" } else { "-1" }}
                {onclick} {onkeydown}>{label}</button>
        }
    });
    let body = match props.panel {
        None => Html::default(),
        Some(panel) => {
            let answer = props.explanation.as_deref();
            let content = match (panel, answer) {
                (_, None) => html! { <p class="muted">{"Working it out…"}</p> },
                (_, Some(Explanation { error: Some(error), .. })) => html! { <p class="callout error">{error.clone()}</p> },
                (Panel::Inspect, Some(_)) => html! {
                    <InspectView answer={props.explanation.clone().unwrap_or_default()} disabled={props.disabled.clone()}
                        on_toggle={props.on_toggle.clone()} on_highlight={props.on_highlight.clone()}
                        on_jump_code={props.on_jump_code.clone()} on_jump_rule={props.on_jump_rule.clone()} />
                },
                (Panel::WhyNot, Some(answer)) => why_not_view(props, answer),
                (Panel::Trees, Some(_)) => html! { <Trees answer={props.explanation.clone().unwrap_or_default()} selection={props.selection} on_jump={props.on_jump_code.clone()} on_highlight={props.on_highlight.clone()} /> },
                (Panel::FromCode, Some(_)) => html! {
                    <FromCode code={props.code.clone()} selection={props.selection} answer={props.explanation.clone()} on_open={props.on_open_simple.clone()} />
                },
                (Panel::Cost, Some(answer)) => cost_view(answer),
            };
            html! {
                <div id="explain-body" class="explain-body" role="tabpanel" aria-busy={props.pending.then_some("true")} data-answer={props.answered.to_string()}>
                    if matches!(panel, Panel::Inspect | Panel::WhyNot | Panel::Trees | Panel::Cost) {
                        { rule_picker(props) }
                    }
                    { content }
                </div>
            }
        }
    };
    html! {
        <section class={classes!("pane", "pane-explain", props.panel.is_some().then_some("open"))} aria-labelledby="explain-title">
            <div class="pane-head">
                <h2 id="explain-title">{"Explain"}</h2>
                <div role="tablist" aria-label="Explain the rule" class="tabs">{ for tabs }</div>
                if props.panel.is_some() {
                    <button type="button" class="button quiet small" id="explain-close" onclick={props.on_panel.reform(|_: MouseEvent| None)}>{"Close"}</button>
                }
            </div>
            { body }
        </section>
    }
}

fn rule_picker(props: &ExplainProps) -> Html {
    let Some(answer) = props.explanation.as_deref() else { return Html::default() };
    if answer.rule_ids.len() < 2 {
        return Html::default();
    }
    let on_rule = props.on_rule.clone();
    let onchange = Callback::from(move |e: Event| on_rule.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <div class="field-row explain-rule">
            <label for="explain-rule">{"Rule"}</label>
            <select id="explain-rule" class="select" {onchange}>
                { for answer.rule_ids.iter().map(|id| html! { <option value={id.clone()} selected={answer.rule_id.as_deref() == Some(id)}>{id.clone()}</option> }) }
            </select>
        </div>
    }
}

fn spans(ranges: &[crate::engine::explain::CodeRange]) -> Vec<(u32, u32)> {
    ranges.iter().map(|r| (r.span.start, r.span.end)).collect()
}

/// Inspect's tree, a component of its own: it re-renders only for a new
/// answer or switch, not for every keystroke the panel around it sees.
#[derive(Properties)]
struct InspectProps {
    answer: Rc<Explanation>,
    disabled: Rc<Vec<NodePath>>,
    on_toggle: Callback<NodePath>,
    on_highlight: Callback<Vec<(u32, u32)>>,
    on_jump_code: Callback<(u32, u32)>,
    on_jump_rule: Callback<(u32, u32)>,
}

/// By identity: each answer is a new `Rc` (comparing two trees of ranges would cost more than it saves).
impl PartialEq for InspectProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.answer, &other.answer)
            && Rc::ptr_eq(&self.disabled, &other.disabled)
            && self.on_toggle == other.on_toggle
            && self.on_highlight == other.on_highlight
            && self.on_jump_code == other.on_jump_code
            && self.on_jump_rule == other.on_jump_rule
    }
}

#[function_component(InspectView)]
fn inspect_component(props: &InspectProps) -> Html {
    inspect_view(props, &props.answer)
}

fn inspect_view(props: &InspectProps, answer: &Explanation) -> Html {
    let Some(inspection) = &answer.inspection else { return html! { <p class="muted">{"No rule to inspect."}</p> } };
    html! {
        <>
            <p class="explain-summary" id="inspect-summary">
                {format!("{}: {} ", inspection.rule_id, plural(inspection.results.len(), "result", "results"))}
                if !props.disabled.is_empty() {
                    <span class="muted">{format!("with {} off", plural(props.disabled.len(), "node", "nodes"))}</span>
                }
            </p>
            <ul class="ex-tree" role="tree" aria-label="The rule's formula" id="inspect-tree">
                { node_view(props, inspection, &inspection.root, 1) }
            </ul>
            // In a container of its own: Yew matches unkeyed siblings from the end,
            // and a count that changes would rebuild the tree (and drop the focus).
            <div class="ex-diagnostics">
                { for inspection.diagnostics.iter().map(|d| html! { <p class="callout stale">{d.message.clone()}</p> }) }
            </div>
        </>
    }
}

fn node_view(props: &InspectProps, inspection: &Inspection, node: &ExplainNode, level: u32) -> Html {
    let ranges = spans(&node.matches);
    let highlight = {
        let (on_highlight, ranges) = (props.on_highlight.clone(), ranges.clone());
        Callback::from(move |_: FocusEvent| on_highlight.emit(ranges.clone()))
    };
    let hover = {
        let (on_highlight, ranges) = (props.on_highlight.clone(), ranges.clone());
        Callback::from(move |_: MouseEvent| on_highlight.emit(ranges.clone()))
    };
    let unhover = props.on_highlight.reform(|_: MouseEvent| Vec::new());
    let select = {
        let (on_jump, first) = (props.on_jump_code.clone(), ranges.first().copied());
        Callback::from(move |_: MouseEvent| {
            if let Some(range) = first {
                on_jump.emit(range);
            }
        })
    };
    let place = node.place.map(|p| format!(" (rule line {})", p.line)).unwrap_or_default();
    let label = format!("{} {}{place}", node.operator.key(), one_line(&node.text));
    let switch = (!node.path.is_empty()).then(|| {
        let (on_toggle, path) = (props.on_toggle.clone(), node.path.clone());
        html! {
            <input type="checkbox" role="switch" class="ex-switch" checked={!node.disabled}
                aria-label={format!("Use {label}")} title="Turn this part off and run the rule without it"
                onchange={Callback::from(move |_: Event| on_toggle.emit(path.clone()))} />
        }
    });
    let kept = node.left.map(|left| html! { <span class="ex-kept">{format!("→ {left} left")}</span> });
    let id = format!("ex-node-{}", node.path.iter().map(u32::to_string).collect::<Vec<_>>().join("-"));
    html! {
        <li role="treeitem" key={id.clone()} aria-level={level.to_string()} aria-expanded={(!node.children.is_empty()).then_some("true")}
            class={classes!("ex-item", node.disabled.then_some("disabled"))}>
            <div class="ex-row">
                if let Some(switch) = switch {
                    {switch}
                }
                <button type="button" class="ex-node" id={id} onfocus={highlight} onblur={props.on_highlight.reform(|_: FocusEvent| Vec::new())}
                    onmouseenter={hover} onmouseleave={unhover} onclick={select}>
                    <span class="ex-key">{node.operator.key()}</span>
                    if !node.text.is_empty() {
                        <code class="ex-text">{one_line(&node.text)}</code>
                    }
                    <span class="ex-count" title="Ranges this part matches in the code on its own">{node.count}</span>
                </button>
                if let Some(kept) = kept {
                    {kept}
                }
                if let Some(place) = node.place {
                    <button type="button" class="link ex-place" onclick={{
                        let on_jump = props.on_jump_rule.clone();
                        Callback::from(move |_: MouseEvent| on_jump.emit((place.offset, place.offset)))
                    }}>{format!("line {}", place.line)}</button>
                }
            </div>
            if !node.children.is_empty() {
                <ul role="group">
                    { for node.children.iter().map(|child| node_view(props, inspection, child, level + 1)) }
                </ul>
            }
        </li>
    }
}

fn why_not_view(props: &ExplainProps, answer: &Explanation) -> Html {
    let Some(why) = &answer.why_not else {
        return html! { <p class="muted">{"Put the caret on code the rule does not report (or select it) to hear why."}</p> };
    };
    let line = line_of(&props.code, why.asked.start);
    html! {
        <div class="why-not" id="why-not" aria-live="polite">
            <p class="explain-summary">{format!("{} at line {line}:", why.rule_id)}</p>
            <ul class="reasons">
                { for why.reasons.iter().map(|reason| reason_view(props, why, reason)) }
            </ul>
        </div>
    }
}

fn reason_view(props: &ExplainProps, _why: &WhyNot, reason: &crate::engine::explain::Reason) -> Html {
    let code = reason.code.as_ref().map(|c| (c.span.start, c.span.end));
    let kind = match reason.kind {
        ReasonKind::Reported => "reported",
        ReasonKind::NearMiss | ReasonKind::NoCandidate => "miss",
        _ => "removed",
    };
    html! {
        <li class={classes!("reason", kind)}>
            <span class="reason-text">{reason.message.clone()}</span>
            if let (Some(text), Some(span)) = (&reason.pattern_text, reason.pattern_span) {
                <span class="reason-pattern">
                    {"pattern: "}<code>{text.get(..span.start as usize).unwrap_or("")}</code>
                    <code class="stop">{text.get(span.start as usize..span.end as usize).unwrap_or("")}</code>
                    <code>{text.get(span.end as usize..).unwrap_or("")}</code>
                </span>
            }
            if let Some(range) = code {
                <button type="button" class="link" onclick={props.on_jump_code.reform(move |_: MouseEvent| range)}
                    onmouseenter={props.on_highlight.reform(move |_: MouseEvent| vec![range])}
                    onmouseleave={props.on_highlight.reform(|_: MouseEvent| Vec::new())}>{"show the code"}</button>
            }
            if let Some(place) = reason.place {
                <button type="button" class="link" onclick={props.on_jump_rule.reform(move |_: MouseEvent| (place.offset, place.offset))}>{format!("rule line {}", place.line)}</button>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct TreesProps {
    answer: Rc<Explanation>,
    selection: (u32, u32),
    on_jump: Callback<(u32, u32)>,
    on_highlight: Callback<Vec<(u32, u32)>>,
}

/// The code's tree around the caret and each pattern's tree, linked with the caret:
/// a click selects a node's code; the caret's innermost node is marked and in view.
#[function_component(Trees)]
fn trees(props: &TreesProps) -> Html {
    let caret = props.selection;
    {
        let deps = (caret, props.answer.clone());
        use_effect_with(deps, |_| {
            let at = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("#code-tree .at-caret").ok().flatten());
            if let Some(node) = at {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                node.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let innermost = props.answer.code_tree.as_ref().and_then(|t| innermost(t, caret)).map(|n| (n.span.start, n.span.end));
    html! {
        <div class="trees">
            <div class="tree-col">
                <h3>{"Code"}</h3>
                <ul class="ex-tree code-tree" role="tree" id="code-tree" aria-label="The code's tree">
                    if let Some(tree) = &props.answer.code_tree {
                        { tree_view(tree, innermost, &props.on_jump, &props.on_highlight, 1) }
                    }
                </ul>
            </div>
            <div class="tree-col">
                <h3>{"Patterns"}</h3>
                { for props.answer.pattern_trees.iter().map(pattern_tree_view) }
            </div>
        </div>
    }
}

/// The innermost node of `tree` that holds the selection.
fn innermost(tree: &TreeNode, (start, end): (u32, u32)) -> Option<&TreeNode> {
    let holds = |n: &TreeNode| n.span.start <= start && end <= n.span.end && (n.span.start < n.span.end || start == n.span.start);
    if !holds(tree) {
        return None;
    }
    tree.children.iter().find_map(|c| innermost(c, (start, end))).or(Some(tree))
}

fn tree_view(node: &TreeNode, at_caret: Option<(u32, u32)>, on_jump: &Callback<(u32, u32)>, on_highlight: &Callback<Vec<(u32, u32)>>, level: u32) -> Html {
    let range = (node.span.start, node.span.end);
    let here = at_caret == Some(range);
    html! {
        <li role="treeitem" aria-level={level.to_string()} class={classes!(here.then_some("at-caret"))} aria-current={here.then_some("true")}>
            <button type="button" class="ex-node" onclick={on_jump.reform(move |_: MouseEvent| range)}
                onmouseenter={on_highlight.reform(move |_: MouseEvent| vec![range])}
                onmouseleave={on_highlight.reform(|_: MouseEvent| Vec::new())}>
                <span class="ex-key">{node.kind.clone()}</span>
                if !node.text.is_empty() {
                    <code class="ex-text">{one_line(&node.text)}</code>
                }
            </button>
            { for node.notes.iter().map(|note| html! { <span class="ex-note">{note.clone()}</span> }) }
            if !node.children.is_empty() {
                <ul role="group">
                    { for node.children.iter().map(|c| tree_view(c, at_caret, on_jump, on_highlight, level + 1)) }
                </ul>
            }
        </li>
    }
}

fn pattern_tree_view(tree: &PatternTree) -> Html {
    fn leaf(node: &TreeNode, level: u32) -> Html {
        html! {
            <li role="treeitem" aria-level={level.to_string()}>
                <span class="ex-key">{node.kind.clone()}</span>
                if !node.text.is_empty() {
                    <code class="ex-text">{one_line(&node.text)}</code>
                }
                { for node.notes.iter().map(|note| html! { <span class="ex-note">{note.clone()}</span> }) }
                if !node.children.is_empty() {
                    <ul role="group">{ for node.children.iter().map(|c| leaf(c, level + 1)) }</ul>
                }
            </li>
        }
    }
    html! {
        <div class="pattern-tree">
            <p><code>{one_line(&tree.text)}</code></p>
            <ul class="reading">{ for tree.reading.iter().map(|r| html! { <li>{r.clone()}</li> }) }</ul>
            <ul class="ex-tree" role="tree" aria-label={format!("Pattern {}", one_line(&tree.text))}>
                { for tree.roots.iter().map(|r| leaf(r, 1)) }
            </ul>
        </div>
    }
}

fn cost_view(answer: &Explanation) -> Html {
    let mut times = answer.times.clone();
    times.sort_by(|a, b| b.time_ms.total_cmp(&a.time_ms));
    let mut operators = Vec::new();
    if let Some(inspection) = &answer.inspection {
        collect_times(&inspection.root, &mut operators);
    }
    operators.sort_by(|a, b| b.1.total_cmp(&a.1));
    html! {
        <div class="cost" id="cost">
            <table class="cost-table" id="cost-rules">
                <caption>{"Time per rule on this code"}</caption>
                <thead><tr><th scope="col">{"Rule"}</th><th scope="col">{"ms"}</th></tr></thead>
                <tbody>
                    { for times.iter().take(30).map(|t| html! { <tr><td>{t.rule_id.clone()}</td><td class="num">{format!("{:.2}", t.time_ms)}</td></tr> }) }
                </tbody>
            </table>
            if !operators.is_empty() {
                <table class="cost-table" id="cost-operators">
                    <caption>{format!("Time per operator of {}", answer.rule_id.clone().unwrap_or_default())}</caption>
                    <thead><tr><th scope="col">{"Operator"}</th><th scope="col">{"ms"}</th></tr></thead>
                    <tbody>
                        { for operators.iter().take(30).map(|(label, ms)| html! { <tr><td><code>{label.clone()}</code></td><td class="num">{format!("{ms:.2}")}</td></tr> }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

fn collect_times(node: &ExplainNode, out: &mut Vec<(String, f64)>) {
    if let Some(ms) = node.time_ms {
        out.push((format!("{} {}", node.operator.key(), one_line(&node.text)).trim_end().to_string(), ms));
    }
    for child in &node.children {
        collect_times(child, out);
    }
}

#[derive(Properties, PartialEq)]
struct FromCodeProps {
    code: AttrValue,
    selection: (u32, u32),
    answer: Option<Rc<Explanation>>,
    on_open: Callback<String>,
}

/// A selection turned into a pattern: names and literals (from the code's
/// tree) can each be replaced by a metavariable or `...`.
#[function_component(FromCode)]
fn from_code(props: &FromCodeProps) -> Html {
    let (start, end) = props.selection;
    let selected = props.code.get(start as usize..end as usize).unwrap_or("").to_string();
    // Replacements by the range they replace (absolute offsets), reset with the selection.
    let replaced = use_state(Vec::<((u32, u32), String)>::new);
    {
        let replaced = replaced.clone();
        use_effect_with(props.selection, move |_| replaced.set(Vec::new()));
    }
    if selected.trim().is_empty() {
        return html! { <p class="muted" id="from-code">{"Select code in the code pane: it becomes a pattern here."}</p> };
    }
    let leaves: Vec<(u32, u32, String, String)> = props
        .answer
        .as_ref()
        .and_then(|a| a.code_tree.as_ref())
        .map(|tree| holes(tree, (start, end)))
        .unwrap_or_default();
    let draft = apply(&selected, start, &replaced);
    let buttons = leaves.iter().map(|(s, e, kind, text)| {
        let range = (*s, *e);
        let chosen = replaced.iter().find(|(r, _)| *r == range).map(|(_, v)| v.clone());
        let set = |with: Option<String>| {
            let replaced = replaced.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next: Vec<_> = replaced.iter().filter(|(r, _)| *r != range).cloned().collect();
                if let Some(with) = with.clone() {
                    next.push((range, with));
                }
                replaced.set(next);
            })
        };
        let metavariable = metavariable_for(text, &replaced, &props.code);
        html! {
            <li class="hole">
                <code>{text.clone()}</code>{" "}<span class="muted">{kind.clone()}</span>
                <button type="button" class="button small" aria-pressed={(chosen.as_deref() == Some(metavariable.as_str())).to_string()}
                    aria-label={format!("Replace {text} by {metavariable}")} onclick={set(Some(metavariable.clone()))}>{metavariable.clone()}</button>
                <button type="button" class="button small" aria-pressed={(chosen.as_deref() == Some("...")).to_string()}
                    aria-label={format!("Replace {text} by ...")} onclick={set(Some("...".into()))}>{"..."}</button>
                if chosen.is_some() {
                    <button type="button" class="button quiet small" aria-label={format!("Keep {text}")} onclick={set(None)}>{"keep"}</button>
                }
            </li>
        }
    });
    let open = {
        let (on_open, draft) = (props.on_open.clone(), draft.clone());
        Callback::from(move |_: MouseEvent| on_open.emit(draft.clone()))
    };
    html! {
        <div class="from-code" id="from-code">
            <label for="from-code-pattern">{"Pattern"}</label>
            <pre id="from-code-pattern" class="mono" tabindex="0">{draft}</pre>
            <ul class="holes" aria-label="Names and literals in the selection">{ for buttons }</ul>
            <button type="button" class="button primary" id="from-code-open" onclick={open}>{"Open in simple mode"}</button>
        </div>
    }
}

/// Names and literals of the code tree inside `range`: (start, end, kind, text).
fn holes(tree: &TreeNode, range: (u32, u32)) -> Vec<(u32, u32, String, String)> {
    let mut out = Vec::new();
    fn walk(node: &TreeNode, range: (u32, u32), out: &mut Vec<(u32, u32, String, String)>) {
        let inside = range.0 <= node.span.start && node.span.end <= range.1 && node.span.start < node.span.end;
        let leaf_kind = matches!(node.kind.as_str(), "Name" | "Constant" | "Str" | "Num" | "Bytes" | "Attribute" | "keyword");
        if inside && leaf_kind && node.kind != "Attribute" && node.kind != "keyword" {
            out.push((node.span.start, node.span.end, if node.kind == "Name" { "name".into() } else { "literal".into() }, node.text.clone()));
            return;
        }
        for child in &node.children {
            walk(child, range, out);
        }
    }
    walk(tree, range, &mut out);
    out.sort();
    out.dedup();
    out.truncate(40);
    out
}

/// `$X`, `$Y`... for a name or literal; the same text keeps its metavariable
/// (Semgrep requires a repeated metavariable to bind equal code).
fn metavariable_for(text: &str, replaced: &[((u32, u32), String)], code: &str) -> String {
    const NAMES: &[&str] = &["$X", "$Y", "$Z", "$A", "$B", "$C", "$D", "$E"];
    let original = |(s, e): (u32, u32)| code.get(s as usize..e as usize).unwrap_or("");
    if let Some((_, same)) = replaced.iter().find(|(range, with)| with.starts_with('$') && original(*range) == text) {
        return same.clone();
    }
    let used: Vec<&str> = replaced.iter().map(|(_, v)| v.as_str()).filter(|v| v.starts_with('$')).collect();
    NAMES.iter().find(|n| !used.contains(n)).copied().unwrap_or("$V").to_string()
}

/// The selection's text with the replacements applied (offsets are absolute; `base` is the selection's start).
fn apply(selected: &str, base: u32, replaced: &[((u32, u32), String)]) -> String {
    let mut sorted: Vec<_> = replaced.to_vec();
    sorted.sort_by_key(|((s, _), _)| *s);
    let mut out = String::new();
    let mut at = 0usize;
    for ((s, e), with) in sorted {
        let (s, e) = ((s - base) as usize, (e - base) as usize);
        if s < at || e > selected.len() || !selected.is_char_boundary(s) || !selected.is_char_boundary(e) {
            continue;
        }
        out.push_str(&selected[at..s]);
        out.push_str(&with);
        at = e;
    }
    out.push_str(&selected[at..]);
    out
}

fn line_of(code: &str, offset: u32) -> usize {
    code.get(..offset as usize).map_or(1, |before| before.matches('\n').count() + 1)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

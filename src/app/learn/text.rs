//! Lesson text: [`crate::markdown`] nodes as elements and text nodes (never
//! as HTML); links open in a new tab without an opener or a referrer.

use crate::markdown::{self, Kind, Node};
use yew::prelude::*;

/// Blocks of CommonMark text.
pub fn blocks(text: &str) -> Html {
    nodes(&markdown::parse(text))
}

/// One paragraph's worth of CommonMark text, without the paragraph.
pub fn inline(text: &str) -> Html {
    nodes(&markdown::parse_inline(text))
}

fn nodes(list: &[Node]) -> Html {
    list.iter().map(node).collect::<Html>()
}

fn node(node: &Node) -> Html {
    match node {
        Node::Text(text) => html! { {text.clone()} },
        Node::Code(code) => html! { <code>{code.clone()}</code> },
        Node::Element { kind, children } => {
            let inner = nodes(children);
            match kind {
                Kind::Paragraph => html! { <p>{inner}</p> },
                Kind::Heading(level) => match level {
                    1 | 2 | 3 => html! { <h4>{inner}</h4> },
                    _ => html! { <h5>{inner}</h5> },
                },
                Kind::Quote => html! { <blockquote>{inner}</blockquote> },
                Kind::CodeBlock => html! { <pre class="md-code" tabindex="0"><code>{inner}</code></pre> },
                Kind::List { start: Some(start) } => html! { <ol start={start.to_string()}>{inner}</ol> },
                Kind::List { start: None } => html! { <ul>{inner}</ul> },
                Kind::Item => html! { <li>{inner}</li> },
                Kind::Emphasis => html! { <em>{inner}</em> },
                Kind::Strong => html! { <strong>{inner}</strong> },
                // A link within the app (`#learn/...`) stays in this tab.
                Kind::Link { href } if href.starts_with('#') => html! { <a href={href.clone()}>{inner}</a> },
                Kind::Link { href } => html! { <a href={href.clone()} target="_blank" rel="noopener noreferrer">{inner}</a> },
                Kind::Span => inner,
                Kind::LineBreak => html! { <br /> },
                Kind::Rule => html! { <hr /> },
            }
        }
    }
}

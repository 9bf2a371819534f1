//! Lesson text (CommonMark, read by `pulldown-cmark`) as a small tree of
//! plain nodes, which the app renders as elements and text nodes only.
//!
//! Raw HTML in the text is never HTML here: it stays text, shown as written.
//! A link keeps its target only when it is `http:`, `https:` or relative
//! (no scheme, not `//host`); any other link (`javascript:`, `data:`, ...)
//! is shown as its text alone. Images are shown as their alt text.
//!
//! Plain Rust, tested natively; only the app uses it.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// One piece of rendered text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Text(String),
    /// Inline code.
    Code(String),
    Element { kind: Kind, children: Vec<Node> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    /// Level 1 to 6.
    Heading(u8),
    Quote,
    /// A fenced or indented code block (its text is one `Text` child).
    CodeBlock,
    /// `start` is set for an ordered list.
    List { start: Option<u64> },
    Item,
    Emphasis,
    Strong,
    /// A link with a safe target; one without is a plain `Span`.
    Link { href: String },
    Span,
    LineBreak,
    Rule,
}

/// The blocks of a text.
pub fn parse(text: &str) -> Vec<Node> {
    let mut stack: Vec<(Kind, Vec<Node>)> = vec![(Kind::Span, Vec::new())];
    let push = |stack: &mut Vec<(Kind, Vec<Node>)>, node: Node| {
        let children = &mut stack.last_mut().expect("the root stays").1;
        // Adjacent text (split by soft breaks or entities) becomes one node.
        if let (Node::Text(new), Some(Node::Text(last))) = (&node, children.last_mut()) {
            last.push_str(new);
        } else {
            children.push(node);
        }
    };
    for event in Parser::new_ext(text, Options::empty()) {
        match event {
            Event::Start(tag) => stack.push((kind_of(&tag), Vec::new())),
            Event::End(end) => {
                if stack.len() > 1 {
                    let (kind, mut children) = stack.pop().expect("checked");
                    if matches!(end, TagEnd::CodeBlock) {
                        // The block's last newline is the fence's, not the code's.
                        if let Some(Node::Text(code)) = children.last_mut() {
                            if code.ends_with('\n') {
                                code.pop();
                            }
                        }
                    }
                    push(&mut stack, Node::Element { kind, children });
                }
            }
            Event::Text(text) => push(&mut stack, Node::Text(text.into_string())),
            Event::Code(code) => push(&mut stack, Node::Code(code.into_string())),
            // Raw HTML stays text, exactly as written.
            Event::Html(html) | Event::InlineHtml(html) => push(&mut stack, Node::Text(html.into_string())),
            Event::SoftBreak => push(&mut stack, Node::Text(" ".into())),
            Event::HardBreak => push(&mut stack, Node::Element { kind: Kind::LineBreak, children: Vec::new() }),
            Event::Rule => push(&mut stack, Node::Element { kind: Kind::Rule, children: Vec::new() }),
            Event::InlineMath(text) | Event::DisplayMath(text) | Event::FootnoteReference(text) => {
                push(&mut stack, Node::Text(text.into_string()))
            }
            Event::TaskListMarker(done) => push(&mut stack, Node::Text(if done { "[x] " } else { "[ ] " }.into())),
        }
    }
    // Unbalanced events cannot come from the parser; fold whatever is left anyway.
    while stack.len() > 1 {
        let (kind, children) = stack.pop().expect("checked");
        push(&mut stack, Node::Element { kind, children });
    }
    stack.pop().map(|(_, children)| children).unwrap_or_default()
}

/// A one-paragraph text (a title, a summary, a hint) as inline nodes.
pub fn parse_inline(text: &str) -> Vec<Node> {
    let mut blocks = parse(text);
    match blocks.as_slice() {
        [Node::Element { kind: Kind::Paragraph, .. }] => match blocks.pop() {
            Some(Node::Element { children, .. }) => children,
            _ => Vec::new(),
        },
        _ => blocks,
    }
}

/// The text a person reads, without markup (for titles, tooltips, tests).
pub fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(text) | Node::Code(text) => out.push_str(text),
            Node::Element { children, .. } => out.push_str(&plain_text(children)),
        }
    }
    out
}

fn kind_of(tag: &Tag) -> Kind {
    match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { level, .. } => Kind::Heading(*level as u8),
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => Kind::CodeBlock,
        Tag::List(start) => Kind::List { start: *start },
        Tag::Item => Kind::Item,
        Tag::Emphasis => Kind::Emphasis,
        Tag::Strong => Kind::Strong,
        Tag::Link { dest_url, .. } => match safe_href(dest_url) {
            Some(href) => Kind::Link { href },
            None => Kind::Span,
        },
        _ => Kind::Span,
    }
}

/// `Some(target)` for `http:`, `https:` and relative targets; `None` for any other scheme.
pub fn safe_href(target: &str) -> Option<String> {
    let target = target.trim();
    if target.is_empty() || target.chars().any(|c| c.is_control()) {
        return None;
    }
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(target.to_string());
    }
    // Relative: no scheme before the first `/`, `?` or `#`, and not protocol-relative.
    let head = target.split(['/', '?', '#']).next().unwrap_or("");
    (!head.contains(':') && !target.starts_with("//") && !target.starts_with("\\\\")).then(|| target.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    fn el(kind: Kind, children: Vec<Node>) -> Node {
        Node::Element { kind, children }
    }

    #[test]
    fn code_spans_and_emphasis_become_nodes_without_their_backticks() {
        let nodes = parse("Pass `debug=True` to *any* `app.run(...)`, **never** in production.");
        assert_eq!(
            nodes,
            vec![el(
                Kind::Paragraph,
                vec![
                    text("Pass "),
                    Node::Code("debug=True".into()),
                    text(" to "),
                    el(Kind::Emphasis, vec![text("any")]),
                    text(" "),
                    Node::Code("app.run(...)".into()),
                    text(", "),
                    el(Kind::Strong, vec![text("never")]),
                    text(" in production."),
                ]
            )]
        );
        assert!(!plain_text(&nodes).contains('`'));
    }

    #[test]
    fn paragraphs_lists_and_code_blocks() {
        let nodes = parse("One\nline.\n\n- a\n- b\n\n```python\nx = 1\n```\n");
        assert_eq!(
            nodes,
            vec![
                el(Kind::Paragraph, vec![text("One line.")]),
                el(Kind::List { start: None }, vec![el(Kind::Item, vec![text("a")]), el(Kind::Item, vec![text("b")])]),
                el(Kind::CodeBlock, vec![text("x = 1")]),
            ]
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let nodes = parse("Hello <script>alert(1)</script> <b>bold</b>\n\n<div onclick=\"x()\">block</div>\n");
        let shown = plain_text(&nodes);
        assert!(shown.contains("<script>alert(1)</script>"), "{shown}");
        assert!(shown.contains("<div onclick=\"x()\">block</div>"), "{shown}");
        fn no_elements_but_paragraphs(nodes: &[Node]) -> bool {
            nodes.iter().all(|n| match n {
                Node::Element { kind, children } => matches!(kind, Kind::Paragraph | Kind::Span) && no_elements_but_paragraphs(children),
                _ => true,
            })
        }
        assert!(no_elements_but_paragraphs(&nodes), "{nodes:?}");
    }

    #[test]
    fn only_http_https_and_relative_links_keep_their_target() {
        let link = |md: &str| match parse_inline(md).into_iter().next() {
            Some(Node::Element { kind: Kind::Link { href }, .. }) => Some(href),
            _ => None,
        };
        assert_eq!(link("[docs](https://flask.palletsprojects.com/)"), Some("https://flask.palletsprojects.com/".into()));
        assert_eq!(link("[x](HTTP://example.com)"), Some("HTTP://example.com".into()));
        assert_eq!(link("[next](#learn/ssrf)"), Some("#learn/ssrf".into()));
        assert_eq!(link("[up](../index.html?x=1:2)"), Some("../index.html?x=1:2".into()));
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,hi", "vbscript:x", "//evil.example/", "file:///etc/passwd", "mailto:a@b"] {
            assert_eq!(link(&format!("[x]({bad})")), None, "{bad}");
            assert_eq!(plain_text(&parse_inline(&format!("[x]({bad})"))), "x");
        }
        // Autolinks too.
        assert_eq!(link("<javascript:alert(1)>"), None);
        assert_eq!(link("<https://example.com>"), Some("https://example.com".into()));
    }

    #[test]
    fn inline_text_drops_the_paragraph() {
        assert_eq!(parse_inline("The `secret_key`"), vec![text("The "), Node::Code("secret_key".into())]);
        assert_eq!(parse_inline(""), Vec::<Node>::new());
    }

    #[test]
    fn images_are_their_alt_text() {
        assert_eq!(plain_text(&parse_inline("![a diagram](javascript:x)")), "a diagram");
    }
}

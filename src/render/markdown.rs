//! Markdown bodies as data: a tree of blocks and inlines that templates walk.
//!
//! The PDF template never sees Markdown or typst markup from an artifact: it gets this tree
//! as JSON and builds typst content from it with functions, so every character an author
//! typed is printed as itself (`#`, `*`, `<`, `$`, backslashes and all).

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Value, json};

/// Converts Markdown to a list of block nodes.
pub fn to_blocks(markdown: &str) -> Value {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut stack: Vec<(Value, Vec<Value>)> = vec![(json!({"t": "root"}), Vec::new())];
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => {
                let node = match tag {
                    Tag::Paragraph => json!({"t": "par"}),
                    Tag::Heading { level, .. } => {
                        json!({"t": "heading", "level": heading_level(level)})
                    }
                    Tag::BlockQuote(_) => json!({"t": "quote"}),
                    Tag::CodeBlock(kind) => json!({"t": "code", "lang": match kind {
                        CodeBlockKind::Fenced(lang) => lang.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    }}),
                    Tag::List(start) => json!({"t": "list", "start": start}),
                    Tag::Item => json!({"t": "item"}),
                    Tag::Table(_) => json!({"t": "table"}),
                    Tag::TableHead => json!({"t": "head"}),
                    Tag::TableRow => json!({"t": "row"}),
                    Tag::TableCell => json!({"t": "cell"}),
                    Tag::Emphasis => json!({"t": "emph"}),
                    Tag::Strong => json!({"t": "strong"}),
                    Tag::Strikethrough => json!({"t": "strike"}),
                    Tag::Link { dest_url, .. } => json!({"t": "link", "url": dest_url.to_string()}),
                    Tag::Image { dest_url, .. } => {
                        json!({"t": "image", "path": dest_url.to_string()})
                    }
                    _ => json!({"t": "span"}),
                };
                stack.push((node, Vec::new()));
            }
            Event::End(end) => {
                let Some((mut node, children)) = stack.pop() else {
                    continue;
                };
                if matches!(end, TagEnd::CodeBlock) {
                    let text: String = children.iter().filter_map(|c| c["v"].as_str()).collect();
                    node["v"] = json!(text);
                } else {
                    node["c"] = Value::Array(children);
                }
                if let Some((_, parent)) = stack.last_mut() {
                    parent.push(node);
                }
            }
            Event::Text(text) => push(&mut stack, json!({"t": "text", "v": text.to_string()})),
            Event::Code(text) => push(&mut stack, json!({"t": "icode", "v": text.to_string()})),
            Event::SoftBreak => push(&mut stack, json!({"t": "text", "v": " "})),
            Event::HardBreak => push(&mut stack, json!({"t": "br"})),
            Event::Rule => push(&mut stack, json!({"t": "rule"})),
            // Raw HTML and anything else is kept as visible text, never interpreted.
            Event::Html(text) | Event::InlineHtml(text) => {
                push(&mut stack, json!({"t": "text", "v": text.to_string()}))
            }
            _ => {}
        }
    }
    match stack.into_iter().next() {
        Some((_, children)) => Value::Array(children),
        None => Value::Array(Vec::new()),
    }
}

fn push(stack: &mut [(Value, Vec<Value>)], node: Value) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(node);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Markdown structure becomes nodes; markup characters stay plain text.
    #[test]
    fn converts_structure_and_keeps_text_literal() {
        let blocks = to_blocks("# Title\n\nSome *emphasis* and `#code`.\n\n- one\n- two $x$\n");
        assert_eq!(blocks[0]["t"], "heading");
        assert_eq!(blocks[0]["c"][0]["v"], "Title");
        assert_eq!(blocks[1]["c"][1]["t"], "emph");
        assert_eq!(blocks[1]["c"][3]["v"], "#code");
        assert_eq!(blocks[2]["t"], "list");
        assert_eq!(blocks[2]["c"][1]["c"][0]["v"], "two $x$");
    }
}

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

/// Makes the references in a body's prose followable: a heading that carries a number
/// (`## 3.3 Known exploited vulnerabilities`) gets the anchor `md-<owner>-3.3` when `owner`
/// is given; in text outside code and links, an existing artifact ID becomes a `ref` node and
/// a `§3.3` naming such a heading an `sref` node. Returns the anchors by number, so other
/// fields of the artifact (a plan's `elements`) can link to its sections too.
pub fn link_references(
    blocks: &mut Value,
    owner: Option<&str>,
    is_id: &dyn Fn(&str) -> bool,
) -> std::collections::BTreeMap<String, String> {
    let mut sections = std::collections::BTreeMap::new();
    if let Some(owner) = owner {
        anchor_headings(blocks, owner, &mut sections);
    }
    link_text(blocks, &sections, is_id);
    sections
}

fn plain_text(node: &Value, out: &mut String) {
    if let Some(v) = node["v"].as_str() {
        out.push_str(v);
    }
    for c in node["c"].as_array().into_iter().flatten() {
        plain_text(c, out);
    }
}

fn anchor_headings(
    node: &mut Value,
    owner: &str,
    sections: &mut std::collections::BTreeMap<String, String>,
) {
    match node {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|n| anchor_headings(n, owner, sections)),
        Value::Object(_) => {
            if node["t"] == "heading" {
                let mut text = String::new();
                plain_text(node, &mut text);
                if let Some(number) = super::refs::heading_number(&text)
                    && !sections.contains_key(&number)
                {
                    let anchor = format!("md-{owner}-{number}");
                    node["anchor"] = json!(anchor);
                    sections.insert(number, anchor);
                }
            } else if let Some(children) = node.get_mut("c") {
                anchor_headings(children, owner, sections);
            }
        }
        _ => {}
    }
}

fn link_text(
    node: &mut Value,
    sections: &std::collections::BTreeMap<String, String>,
    is_id: &dyn Fn(&str) -> bool,
) {
    let children = match node {
        Value::Array(items) => items,
        Value::Object(map) => {
            // Code and links are left as they are.
            if matches!(map.get("t").and_then(Value::as_str), Some("code" | "link")) {
                return;
            }
            match map.get_mut("c") {
                Some(Value::Array(items)) => items,
                _ => return,
            }
        }
        _ => return,
    };
    let mut out = Vec::with_capacity(children.len());
    for mut child in std::mem::take(children) {
        if child["t"] == "text"
            && let Some(text) = child["v"].as_str()
        {
            use super::refs::Piece;
            let pieces = super::refs::split(text, is_id, |n| sections.contains_key(n));
            if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
                out.push(child);
                continue;
            }
            for piece in pieces {
                out.push(match piece {
                    Piece::Text(t) => json!({"t": "text", "v": t}),
                    Piece::Id(id) => json!({"t": "ref", "id": id, "v": id}),
                    Piece::Section(number, written) => {
                        json!({"t": "sref", "target": sections[&number], "v": written})
                    }
                });
            }
            continue;
        }
        link_text(&mut child, sections, is_id);
        out.push(child);
    }
    *children = out;
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
    // IDs and § references in prose become reference nodes; code and links are left alone.
    #[test]
    fn references_in_prose_are_linked() {
        let mut blocks =
            to_blocks("## 2. Roles\n\nSee PLAN-001 and §2; `PLAN-001` and [PLAN-001](x) stay.\n");
        let sections = link_references(&mut blocks, Some("PLAN-002"), &|t| t == "PLAN-001");
        assert_eq!(sections["2"], "md-PLAN-002-2");
        assert_eq!(blocks[0]["anchor"], "md-PLAN-002-2");
        let par = &blocks[1]["c"];
        assert_eq!(
            par[1],
            json!({"t": "ref", "id": "PLAN-001", "v": "PLAN-001"})
        );
        assert_eq!(
            par[3],
            json!({"t": "sref", "target": "md-PLAN-002-2", "v": "§2"})
        );
        assert_eq!(par[5]["t"], "icode");
        assert_eq!(par[7]["t"], "link");
        assert_eq!(par[7]["c"][0]["t"], "text");
    }

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

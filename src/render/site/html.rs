//! HTML pieces the templates print as they are: artifact fields, Markdown bodies and rule
//! explanations. Everything here starts from dossier text and must come out inert, so text
//! is escaped by `escape`, and Markdown goes through pulldown-cmark and then ammonia, which
//! keeps formatting and drops scripts, event handlers, `javascript:` URLs and styles.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag};
use serde_json::Value;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What a page needs to turn IDs and file paths into links.
pub struct Links<'a> {
    /// Page path (relative to the site root) of each artifact ID.
    pub pages: &'a BTreeMap<String, String>,
    /// Every file of the dossier.
    pub inventory: &'a BTreeSet<String>,
    /// The relative way back to the site root from the current page (`""` or `"../"`).
    pub root: &'a str,
}

impl Links<'_> {
    /// The link to an artifact's page, if the ID is an artifact.
    pub fn artifact(&self, id: &str) -> Option<String> {
        self.pages.get(id).map(|p| format!("{}{}", self.root, p))
    }

    /// The link to a dossier file copied into the site, if the dossier holds it.
    pub fn file(&self, path: &str) -> Option<String> {
        let normal = normalise(path)?;
        self.inventory
            .contains(&normal)
            .then(|| format!("{}files/{}", self.root, url_path(&normal)))
    }
}

/// Percent-encodes each segment of a relative path for use in a URL.
pub fn url_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A relative path with `.` and `..` resolved, or `None` if it leaves the root or is absolute.
pub fn normalise(path: &str) -> Option<String> {
    // A `:` would make a URL scheme (`javascript:`) of a link; dossier paths never need one.
    if path.contains(':') {
        return None;
    }
    crate::source::normalise(path)
}

/// Whether a file is an image a browser shows inline without running anything.
pub fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Field names not shown in the field table (shown elsewhere on the page, or internal).
const SKIPPED: &[&str] = &[
    "id",
    "kind",
    "title",
    "markdown",
    "links_out",
    "links_in",
    "anchor",
    "hash",
    "file",
    "last_change",
];

/// The artifact's fields as a definition list: scalars as text, IDs and dossier files as
/// links, lists and maps nested.
pub fn fields(value: &Value, links: &Links, files: &mut BTreeSet<String>) -> String {
    let Some(map) = value.as_object() else {
        return String::new();
    };
    // What the artifact says first, then its other fields by name, then who approved it.
    let rank = |key: &str| match PROSE.iter().position(|p| *p == key) {
        Some(at) => (0, at),
        None if key == "approvals" => (2, 0),
        None => (1, 0),
    };
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    definitions(entries, "fields", SKIPPED, links, files)
}

/// The fields that say what an artifact is, in words: shown first on its page.
const PROSE: &[&str] = &[
    "description",
    "statement",
    "explanation",
    "rationale",
    "justification",
    "scope",
    "impact_rationale",
    "residual_rationale",
];

/// A map as `<dl>`, leaving out empty values and the `skipped` keys.
fn definitions<'v>(
    map: impl IntoIterator<Item = (&'v String, &'v Value)>,
    class: &str,
    skipped: &[&str],
    links: &Links,
    files: &mut BTreeSet<String>,
) -> String {
    let mut out = format!("<dl class=\"{class}\">");
    for (key, v) in map {
        if skipped.contains(&key.as_str())
            || v.is_null()
            || v.as_array().is_some_and(|a| a.is_empty())
        {
            continue;
        }
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(&key.replace('_', " ")),
            field_value(v, links, files)
        ));
    }
    out.push_str("</dl>");
    out
}

fn field_value(value: &Value, links: &Links, files: &mut BTreeSet<String>) -> String {
    match value {
        Value::Null => String::from("—"),
        Value::Bool(b) => String::from(if *b { "yes" } else { "no" }),
        Value::Number(n) => escape(&n.to_string()),
        Value::String(s) => text_value(s, links, files),
        Value::Array(items) => {
            // Short values (IDs, vocabulary words) read as a list on one line; sentences as a
            // bulleted list.
            let short = |i: &Value| match i {
                Value::String(text) => text.len() <= 40 && !text.contains(". "),
                Value::Object(_) | Value::Array(_) => false,
                _ => true,
            };
            if items.iter().all(short) {
                let parts: Vec<String> =
                    items.iter().map(|i| field_value(i, links, files)).collect();
                return parts.join(", ");
            }
            let tag = if items.iter().all(|i| i.is_string()) {
                "ul"
            } else {
                "ol"
            };
            let mut out = format!("<{tag} class=\"items\">");
            for item in items {
                out.push_str("<li>");
                out.push_str(&field_value(item, links, files));
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
            out
        }
        Value::Object(map) => definitions(map.iter(), "nested", &[], links, files),
    }
}

/// A string field: a link when it is an artifact ID or a dossier file, else text.
fn text_value(text: &str, links: &Links, files: &mut BTreeSet<String>) -> String {
    if let Some(href) = links.artifact(text) {
        return format!(
            "<a class=\"id\" href=\"{}\">{}</a>",
            escape(&href),
            escape(text)
        );
    }
    if let (Some(href), Some(normal)) = (links.file(text), normalise(text)) {
        files.insert(normal.clone());
        let link = format!(
            "<a href=\"{}\"><code>{}</code></a>",
            escape(&href),
            escape(text)
        );
        if is_image(&normal) {
            return format!(
                "{link}<br><img class=\"figure\" src=\"{}\" alt=\"{}\" loading=\"lazy\">",
                escape(&href),
                escape(&format!("Diagram {text}"))
            );
        }
        return link;
    }
    escape(text)
}

/// Renders Markdown from the dossier as sanitised HTML. Relative image and link targets are
/// resolved against `base` (the folder of the file the Markdown came from): files the
/// dossier holds are copied into the site and linked there; remote images become links, so
/// that no page ever loads anything from the network. Headings are moved `shift` levels down,
/// so that a body's `#` sits under the page's own headings (one `h1` per page).
pub fn markdown(
    text: &str,
    base: &str,
    shift: usize,
    links: &Links,
    files: &mut BTreeSet<String>,
) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    let mut events: Vec<Event> = Vec::new();
    // The section numbers the body's headings carry, for `§` references in its prose.
    let mut numbers: BTreeSet<String> = BTreeSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                if let Some(n) = heading
                    .take()
                    .and_then(|h| crate::render::refs::heading_number(&h))
                {
                    numbers.insert(n);
                }
            }
            _ => {}
        }
    }
    // Where the current heading started (its id is set at its end) and its text.
    let mut open_heading: Option<(usize, String)> = None;
    let mut anchored: BTreeSet<String> = BTreeSet::new();
    let mut link_depth = 0usize;
    // An image whose target is remote is written as a link around its alt text.
    let mut remote_image_depth = 0usize;
    for event in Parser::new_ext(text, options) {
        if let (Some((_, h)), Event::Text(t) | Event::Code(t)) = (open_heading.as_mut(), &event) {
            h.push_str(t);
        }
        // Code and links are left as they are.
        match &event {
            Event::Start(Tag::Link { .. } | Tag::CodeBlock(_)) => link_depth += 1,
            Event::End(pulldown_cmark::TagEnd::Link | pulldown_cmark::TagEnd::CodeBlock) => {
                link_depth = link_depth.saturating_sub(1)
            }
            _ => {}
        }
        match event {
            // Artifact IDs and `§` numbers in prose become links where they resolve.
            Event::Text(t) if link_depth == 0 && remote_image_depth == 0 => {
                use crate::render::refs::{Piece, split};
                let pieces = split(
                    &t,
                    |id| links.artifact(id).is_some(),
                    |n| numbers.contains(n),
                );
                for piece in pieces {
                    let (href, shown) = match piece {
                        Piece::Text(x) => {
                            events.push(Event::Text(CowStr::from(x.to_string())));
                            continue;
                        }
                        Piece::Id(id) => (links.artifact(id).unwrap_or_default(), id),
                        Piece::Section(n, written) => (format!("#sec-{n}"), written),
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(href),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    events.push(Event::Text(CowStr::from(shown.to_string())));
                    events.push(Event::End(pulldown_cmark::TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                link_type,
            }) => match local(&dest_url, base, links) {
                Some((href, normal)) => {
                    files.insert(normal);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: CowStr::from(href),
                        title,
                        id,
                    }));
                }
                None => {
                    remote_image_depth += 1;
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id,
                    }));
                }
            },
            Event::End(pulldown_cmark::TagEnd::Image) if remote_image_depth > 0 => {
                remote_image_depth -= 1;
                events.push(Event::End(pulldown_cmark::TagEnd::Link));
            }
            Event::Start(Tag::Link {
                dest_url,
                title,
                id,
                link_type,
            }) => {
                let dest = match local(&dest_url, base, links) {
                    Some((href, normal)) => {
                        files.insert(normal);
                        CowStr::from(href)
                    }
                    None => dest_url,
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                open_heading = Some((events.len(), String::new()));
                events.push(Event::Start(Tag::Heading {
                    level: shifted(level, shift),
                    id,
                    classes,
                    attrs,
                }))
            }
            Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
                // A numbered heading is the target of the body's `§` references.
                if let Some((at, text)) = open_heading.take()
                    && let Some(n) = crate::render::refs::heading_number(&text)
                    && anchored.insert(n.clone())
                    && let Some(Event::Start(Tag::Heading { id, .. })) = events.get_mut(at)
                {
                    *id = Some(CowStr::from(format!("sec-{n}")));
                }
                events.push(Event::End(pulldown_cmark::TagEnd::Heading(shifted(
                    level, shift,
                ))))
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitise(&html)
}

/// A heading level moved down, at most to `h6`.
fn shifted(level: HeadingLevel, by: usize) -> HeadingLevel {
    let n = (level as usize + by).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// A Markdown target inside the dossier: its site link and its normalised path.
fn local(dest: &str, base: &str, links: &Links) -> Option<(String, String)> {
    if dest.contains(':') || dest.starts_with('#') || dest.starts_with("//") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    let joined = if base.is_empty() {
        path.to_string()
    } else {
        format!("{base}/{path}")
    };
    let normal = normalise(&joined)?;
    let href = links.file(&normal)?;
    Some((href, normal))
}

/// Sanitises HTML made from dossier Markdown: only formatting tags, no scripts, no event
/// handlers, no styles, and links only to http(s), mailto or relative targets; images only
/// from relative (site-local) sources.
pub fn sanitise(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        // A numbered heading's id (`sec-3.3`), the target of `§` links; no other id.
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .attribute_filter(|element, attribute, value| {
            if attribute == "id" {
                let number = value.strip_prefix("sec-")?;
                return number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
                    .then(|| value.into());
            }
            // Images load only from the site itself: never a request to another host.
            if element == "img"
                && attribute == "src"
                && (value.contains(':') || value.starts_with("//"))
            {
                return None;
            }
            Some(value.into())
        });
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_links<T>(f: impl FnOnce(&Links) -> T) -> T {
        let mut pages = BTreeMap::new();
        pages.insert("THR-001".to_string(), "artifacts/THR-001.html".to_string());
        let inventory: BTreeSet<String> = ["architecture/diagrams/a.svg".to_string()]
            .into_iter()
            .collect();
        f(&Links {
            pages: &pages,
            inventory: &inventory,
            root: "../",
        })
    }

    // IDs and `§` numbers in prose link to the artifact and to the numbered heading; code,
    // links and unknown IDs stay text; a heading id is only ever `sec-` and a number.
    #[test]
    fn references_in_markdown_become_links() {
        let md = "## 2. Scope\n\nSee THR-001 and §2, not THR-002 or §9.\n\n    THR-001 in code\n\n[THR-001](https://example.com) <h2 id=\"evil\">x</h2>";
        let html = with_links(|l| markdown(md, "", 1, l, &mut BTreeSet::new()));
        assert!(html.contains("<h3 id=\"sec-2\">2. Scope</h3>"), "{html}");
        assert!(html.contains("<a href=\"../artifacts/THR-001.html\" rel=\"noopener noreferrer\">THR-001</a> and <a href=\"#sec-2\""), "{html}");
        assert!(html.contains("not THR-002 or §9."), "{html}");
        assert!(html.contains("<code>THR-001 in code"), "{html}");
        assert!(!html.contains("id=\"evil\""), "{html}");
    }

    // Scripts, handlers and javascript: links from Markdown do not survive.
    #[test]
    fn markdown_is_inert() {
        let md = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n<a href=\"#\" onclick=\"alert(3)\">y</a>";
        let html = with_links(|l| markdown(md, "", 0, l, &mut BTreeSet::new()));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    // Images from the dossier are copied and linked; remote images become plain links.
    #[test]
    fn images_stay_local() {
        let md = "![a](diagrams/a.svg) ![b](https://example.com/b.png)";
        let mut files = BTreeSet::new();
        let html = with_links(|l| markdown(md, "architecture", 0, l, &mut files));
        assert!(
            html.contains("src=\"../files/architecture/diagrams/a.svg\""),
            "{html}"
        );
        assert!(!html.contains("<img src=\"https"), "{html}");
        assert!(
            html.contains("href=\"https://example.com/b.png\""),
            "{html}"
        );
        assert!(files.contains("architecture/diagrams/a.svg"));
    }

    // Body headings sit under the page's: `#` becomes `h3` with a shift of 2.
    #[test]
    fn headings_shift_down() {
        let html = with_links(|l| markdown("# A\n\n###### B", "", 2, l, &mut BTreeSet::new()));
        assert!(html.contains("<h3>A</h3>"), "{html}");
        assert!(html.contains("<h6>B</h6>"), "{html}");
    }

    // Field values: IDs become links, text is escaped.
    #[test]
    fn fields_link_and_escape() {
        let value = serde_json::json!({"threats": ["THR-001"], "rationale": "<b>x</b>"});
        let html = with_links(|l| fields(&value, l, &mut BTreeSet::new()));
        assert!(
            html.contains("href=\"../artifacts/THR-001.html\""),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
    }

    #[test]
    fn paths_normalise() {
        assert_eq!(normalise("a/./b/../c.svg").as_deref(), Some("a/c.svg"));
        assert_eq!(normalise("../x"), None);
        assert_eq!(normalise("/etc/passwd"), None);
    }
}

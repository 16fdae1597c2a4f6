//! The generated pages of the documentation book (`docs/`).
//!
//! The rule pages come from the same declarations as `dossier explain`, and the field
//! reference of every kind and of the manifest from the same JSON Schemas that editors read,
//! so the book cannot drift from the binary: a test regenerates everything here and compares
//! it with `docs/src` (set `UPDATE_BOOK=1` to rewrite). Hand-written pages hold generated
//! regions between `<!-- NAME:start -->` and `<!-- NAME:end -->` markers.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::Fatal;
use crate::model::{Kind, Profile};
use crate::rules::{RETIRED, Rule, all};

/// Folders of `docs/src` that hold only generated pages; a page there that is not generated
/// any more is stale.
pub const GENERATED_DIRS: &[&str] = &["rules", "reference"];

/// One generated region of a hand-written page.
pub struct Region {
    /// The page, relative to `docs/src`.
    pub file: &'static str,
    /// The marker name.
    pub name: &'static str,
    /// What goes between the markers.
    pub text: String,
}

/// The file name (without folder) of a rule's page.
pub fn rule_page(code: &str) -> String {
    format!("{}.md", code.to_ascii_lowercase())
}

/// The file name (without folder) of a kind's field reference.
pub fn kind_page(kind: Kind) -> String {
    format!("{}.md", kind.as_str().replace('_', "-"))
}

/// Every generated page: `(path relative to docs/src, contents)`, in a fixed order.
pub fn pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for rule in all() {
        pages.push((
            format!("rules/{}", rule_page(rule.code)),
            rule_markdown(rule),
        ));
    }
    for retired in RETIRED {
        let text = format!(
            "# {} {} (retired)\n\n{}\n",
            retired.code,
            retired.name,
            retired.notice()
        );
        pages.push((format!("rules/{}", rule_page(retired.code)), text));
    }
    for (name, text) in crate::schemas::generate() {
        let Ok(schema) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if name == "artifact.schema.json" {
            continue;
        }
        let page = if name == "manifest.schema.json" {
            "manifest.md".to_string()
        } else if name == "allowed-signers.schema.json" {
            "allowed-signers.md".to_string()
        } else {
            name.replace(".schema.json", ".md")
        };
        pages.push((format!("reference/{page}"), schema_markdown(&name, &schema)));
    }
    pages
}

/// Every generated region of the hand-written pages.
pub fn regions() -> Vec<Region> {
    let mut rules_toc = String::new();
    for rule in all() {
        let _ = writeln!(
            rules_toc,
            "  - [{} {}](rules/{})",
            rule.code,
            rule.name,
            rule_page(rule.code)
        );
    }
    let mut kinds_toc = String::from(
        "  - [The manifest](reference/manifest.md)\n  - [The allowed-signers file](reference/allowed-signers.md)\n",
    );
    for &kind in Kind::ALL {
        let _ = writeln!(
            kinds_toc,
            "  - [{}](reference/{})",
            kind.as_str(),
            kind_page(kind)
        );
    }
    let mut kinds_table = String::from("| Kind | ID prefix | Field reference |\n|---|---|---|\n");
    for &kind in Kind::ALL {
        let prefixes: Vec<String> = kind.prefixes().iter().map(|p| format!("`{p}-`")).collect();
        let _ = writeln!(
            kinds_table,
            "| `{}` | {} | [{}](reference/{}) |",
            kind.as_str(),
            prefixes.join(", "),
            kind.as_str(),
            kind_page(kind)
        );
    }
    vec![
        Region {
            file: "SUMMARY.md",
            name: "rules",
            text: rules_toc,
        },
        Region {
            file: "SUMMARY.md",
            name: "reference",
            text: kinds_toc,
        },
        Region {
            file: "rules.md",
            name: "rules",
            text: rule_table(),
        },
        Region {
            file: "reference.md",
            name: "kinds",
            text: kinds_table,
        },
        Region {
            file: "outputs/conformity.md",
            name: "iec-81001-5-1",
            text: crate::conformity::markdown_table(
                &crate::conformity::iec81001::STANDARD,
                |rule| format!("[{}](../rules/{})", rule.code, rule_page(rule.code)),
            ),
        },
        Region {
            file: "outputs/conformity.md",
            name: "mdcg-2019-16",
            text: crate::conformity::mdcg_markdown_table(&crate::conformity::iec81001::STANDARD),
        },
    ]
}

/// The catalogue table, each code linking to its page.
fn rule_table() -> String {
    crate::rules::markdown_table_with(|rule| {
        format!("[{}](rules/{})", rule.code, rule_page(rule.code))
    })
}

/// A rule's page: its metadata, then its explanation as `dossier explain` prints it.
pub fn rule_markdown(rule: &Rule) -> String {
    let profiles: Vec<&str> = Profile::ALL
        .iter()
        .filter(|p| rule.applies_to(**p))
        .map(|p| p.as_str())
        .collect();
    let mut out = format!("# {} {}\n\n", rule.code, rule.name);
    out.push_str("| Severity | Status | Cites | Fix | Profiles |\n|---|---|---|---|---|\n");
    let _ = writeln!(
        out,
        "| {} | {} (since {}) | {} | {} | {} |",
        rule.severity,
        rule.status.as_str(),
        rule.since,
        rule.citation.replace('|', "\\|"),
        rule.fix_hint.replace('|', "\\|"),
        profiles.join(", ")
    );
    let _ = writeln!(out, "\nDeclared in `{}`.", rule.file);
    out.push('\n');
    out.push_str(&rule.explanation_text());
    let messages = rule.messages_markdown();
    if !messages.is_empty() {
        out.push('\n');
        out.push_str(&messages);
    }
    let _ = write!(
        out,
        "\n---\n\n`dossier explain {}` prints this page in the terminal. Severity can be changed, \
         and single findings waived, in the manifest: see [The manifest](../format/manifest.md).\n",
        rule.code
    );
    out
}

/// A schema's field reference: the top-level fields, then each named type it uses.
fn schema_markdown(file: &str, schema: &Value) -> String {
    let title = schema["title"].as_str().unwrap_or(file);
    let mut out = if file == "manifest.schema.json" {
        "# The manifest `dossier.yaml`: field reference\n\n".to_string()
    } else if file == "allowed-signers.schema.json" {
        "# The allowed-signers file: field reference\n\n".to_string()
    } else {
        format!("# `{title}`: field reference\n\n")
    };
    if let Some(text) = schema["description"].as_str() {
        let _ = writeln!(out, "{}\n", one_paragraph(text));
    }
    if let Some(prefixes) = schema["x-id-prefixes"].as_array() {
        let list: Vec<String> = prefixes
            .iter()
            .filter_map(Value::as_str)
            .map(|p| format!("`{p}`"))
            .collect();
        let _ = writeln!(out, "IDs start with {}.\n", list.join(" or "));
    }
    let _ = writeln!(
        out,
        "Generated from `schemas/{file}`, which editors use to complete and validate fields \
         (see [Editor support](../editors.md)).\n"
    );
    let required = required_of(schema);
    out.push_str("## Fields\n\n");
    out.push_str(&fields_table(schema, &required));
    if let Some(defs) = schema["$defs"].as_object() {
        for (name, def) in defs {
            out.push('\n');
            let _ = writeln!(out, "## {name}\n");
            if let Some(text) = def["description"].as_str() {
                let _ = writeln!(out, "{}\n", one_paragraph(text));
            }
            if def["properties"].is_object() {
                out.push_str(&fields_table(def, &required_of(def)));
            } else if let Some(values) = def["oneOf"].as_array().or(def["enum"].as_array()) {
                out.push_str("| Value | Meaning |\n|---|---|\n");
                for value in values {
                    let (word, meaning) = match value {
                        Value::String(s) => (s.clone(), String::new()),
                        other => (
                            other["const"].as_str().unwrap_or("").to_string(),
                            other["description"]
                                .as_str()
                                .map(one_paragraph)
                                .unwrap_or_default(),
                        ),
                    };
                    if !word.is_empty() {
                        let _ = writeln!(out, "| `{word}` | {} |", cell(&meaning));
                    }
                }
            } else if def["additionalProperties"].is_object() {
                let _ = writeln!(
                    out,
                    "A mapping from a key to {}.",
                    type_of(&def["additionalProperties"])
                );
            } else {
                let _ = writeln!(out, "Written as {}.", type_of(def));
            }
        }
    }
    out
}

fn required_of(schema: &Value) -> Vec<&str> {
    schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn fields_table(schema: &Value, required: &[&str]) -> String {
    let mut out = String::from("| Field | Type | Required | Description |\n|---|---|---|---|\n");
    if let Some(props) = schema["properties"].as_object() {
        // Required fields first, then the rest, each group alphabetically.
        let mut names: Vec<&String> = props.keys().collect();
        names.sort_by_key(|n| (!required.contains(&n.as_str()), n.as_str()));
        for name in names {
            let field = &props[name.as_str()];
            let description = field["description"]
                .as_str()
                .map(one_paragraph)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| `{name}` | {} | {} | {} |",
                type_of(field),
                if required.contains(&name.as_str()) {
                    "yes"
                } else {
                    ""
                },
                cell(&description)
            );
        }
    }
    out
}

/// A type as a reader says it: `text`, `list of [Approval](#approval)`, `"threat"`.
fn type_of(value: &Value) -> String {
    if let Some(target) = value["$ref"].as_str() {
        let name = target.rsplit('/').next().unwrap_or(target);
        return format!("[{name}](#{})", name.to_ascii_lowercase());
    }
    if let Some(word) = value["const"].as_str() {
        return format!("`{word}`");
    }
    if let Some(options) = value["anyOf"].as_array().or(value["oneOf"].as_array()) {
        let types: Vec<String> = options
            .iter()
            .filter(|o| o["type"] != "null")
            .map(type_of)
            .collect();
        return types.join(" or ");
    }
    let base = match &value["type"] {
        Value::String(s) => s.as_str(),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ => "",
    };
    match base {
        "array" => format!("list of {}", type_of(&value["items"])),
        "object" if value["additionalProperties"].is_object() => {
            format!("map of {}", type_of(&value["additionalProperties"]))
        }
        "string" if value["format"] == "date" => "date".to_string(),
        "string" => "text".to_string(),
        "integer" => "integer".to_string(),
        "number" => "number".to_string(),
        "boolean" => "boolean".to_string(),
        "object" => "mapping".to_string(),
        "" => "any".to_string(),
        other => other.to_string(),
    }
}

/// A doc comment's lines joined into one paragraph.
fn one_paragraph(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Replaces the text between a region's markers; `None` when the markers are missing.
pub fn splice(page: &str, name: &str, text: &str) -> Option<String> {
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start = page.find(&start_marker)? + start_marker.len();
    let end = start + page[start..].find(&end_marker)?;
    Some(format!("{}{text}{}", &page[..start], &page[end..]))
}

/// Writes every generated page and region into a book's `src` folder, removing generated
/// pages that are no longer generated.
pub fn write(src: &Path) -> Result<(), Fatal> {
    let io = |path: &Path, e: std::io::Error| Fatal::new(format!("{}: {e}", path.display()));
    let pages = pages();
    for dir in GENERATED_DIRS {
        let dir = src.join(dir);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let path = entry.map_err(|e| io(&dir, e))?.path();
            let relative = path
                .strip_prefix(src)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !pages.iter().any(|(name, _)| *name == relative) {
                std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
            }
        }
    }
    for (name, text) in &pages {
        let path = src.join(name);
        crate::render::output::write_atomic(&path, text.as_bytes())?;
    }
    for region in regions() {
        let path = src.join(region.file);
        let page = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        let updated = splice(&page, region.name, &region.text).ok_or_else(|| {
            Fatal::new(format!(
                "{}: no `<!-- {}:start -->`/`end` markers",
                path.display(),
                region.name
            ))
        })?;
        crate::render::output::write_atomic(&path, updated.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_between_markers() {
        let page = "a\n<!-- x:start -->\nold\n<!-- x:end -->\nb\n";
        assert_eq!(
            splice(page, "x", "new\n").as_deref(),
            Some("a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb\n")
        );
        assert_eq!(splice(page, "y", "new\n"), None);
    }

    #[test]
    fn types_read_as_words() {
        let v: Value =
            serde_json::json!({"type": ["array", "null"], "items": {"$ref": "#/$defs/Approval"}});
        assert_eq!(type_of(&v), "list of [Approval](#approval)");
        let v: Value = serde_json::json!({"anyOf": [{"$ref": "#/$defs/Date"}, {"type": "null"}]});
        assert_eq!(type_of(&v), "[Date](#date)");
        let v: Value =
            serde_json::json!({"type": "object", "additionalProperties": {"type": "string"}});
        assert_eq!(type_of(&v), "map of text");
    }

    #[test]
    fn every_rule_and_kind_has_a_page() {
        let pages = pages();
        for rule in all() {
            let page = format!("rules/{}", rule_page(rule.code));
            let text = &pages.iter().find(|(n, _)| *n == page).expect("rule page").1;
            assert!(text.contains(rule.citation.split(';').next().unwrap_or_default()));
            assert!(text.contains("## What it checks"), "{page}");
        }
        for &kind in Kind::ALL {
            let page = format!("reference/{}", kind_page(kind));
            let text = &pages.iter().find(|(n, _)| *n == page).expect("kind page").1;
            assert!(text.contains("| `id` | text | yes |"), "{page}");
        }
    }
}

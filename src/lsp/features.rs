//! What the server answers, each a read of the last check: the findings of each file, the
//! artifact an ID names, the places that name it, what it is, the artifacts of a file, and
//! the IDs a link field may take.

use std::collections::BTreeMap;

use lsp_types::{
    CodeDescription, CompletionItem, CompletionItemKind, Diagnostic as LspDiagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, NumberOrString, Position, SymbolInformation, SymbolKind,
    Uri,
};

use super::position::{LineIndex, offset, range, uri_of};
use super::workspace::Workspace;
use crate::diag::Severity;
use crate::model::Kind;

/// Every file's findings, by URI: each finding at its primary place, with its help, rule,
/// citation and related places (a file with none gets an empty list, to clear it).
pub fn diagnostics(ws: &Workspace) -> BTreeMap<String, (Uri, Vec<LspDiagnostic>)> {
    let checked = &ws.checked;
    let mut out: BTreeMap<String, (Uri, Vec<LspDiagnostic>)> = BTreeMap::new();
    let rules_page = uri_of(
        &ws.absolute(&checked.config.output_dir)
            .join("site/rules.html"),
    );
    // Each file's URI and line index, made once for all its findings.
    let mut files: BTreeMap<usize, (Uri, LineIndex)> = BTreeMap::new();
    for d in &checked.diagnostics {
        for label in d.primary.iter().chain(&d.related) {
            if let std::collections::btree_map::Entry::Vacant(entry) = files.entry(label.file) {
                let file = checked.sources.file(label.file);
                if let Some(uri) = uri_of(&ws.absolute(&file.path)) {
                    entry.insert((uri, LineIndex::new(&file.text)));
                }
            }
        }
    }
    for d in &checked.diagnostics {
        let Some(primary) = &d.primary else { continue };
        let Some((uri, lines)) = files.get(&primary.file) else {
            continue;
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        if let Some(citation) = d.citation {
            message.push_str("\ncites: ");
            message.push_str(citation);
        }
        if let Some(deviation) = &d.deviation {
            message.push_str("\nwaived: ");
            message.push_str(&deviation.justification);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|label| {
                let (uri, lines) = files.get(&label.file)?;
                Some(DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: lines.range(ws.text(label.file), label.span),
                    },
                    message: label.message.clone(),
                })
            })
            .collect();
        let href = rules_page
            .as_ref()
            .and_then(|page| format!("{}#{}", page.as_str(), d.code).parse().ok());
        let diagnostic = LspDiagnostic {
            range: lines.range(ws.text(primary.file), primary.span),
            severity: Some(match (d.severity, d.deviation.is_some()) {
                (_, true) | (Severity::Info, _) => DiagnosticSeverity::HINT,
                (Severity::Warning, _) => DiagnosticSeverity::WARNING,
                (Severity::Error, _) => DiagnosticSeverity::ERROR,
            }),
            code: Some(NumberOrString::String(d.code.to_string())),
            code_description: href.map(|href| CodeDescription { href }),
            source: Some("dossier".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..LspDiagnostic::default()
        };
        out.entry(uri.as_str().to_string())
            .or_insert_with(|| (uri.clone(), Vec::new()))
            .1
            .push(diagnostic);
    }
    out
}

/// The ID-like word at a byte offset of a text: letters, digits, `-`, `_` and `.` (a
/// trailing `.` is a sentence's, not the ID's).
pub fn word_at(text: &str, at: usize) -> Option<&str> {
    word_span(text, at).map(|(start, end)| &text[start..end])
}

/// Whether a character can be part of an ID.
pub fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Where the ID-like word at a byte offset starts and ends (as [`word_at`]).
pub fn word_span(text: &str, at: usize) -> Option<(usize, usize)> {
    let at = floor(text, at);
    let start = at - typed_before(text, at).len();
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !is_id_char(*c))
        .map_or(text.len(), |(i, _)| at + i);
    let end = start + text[start..end].trim_end_matches('.').len();
    (end > start).then_some((start, end))
}

/// An offset clamped to the text and moved back to a character boundary.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The artifact named by the ID under the cursor.
pub fn artifact_at(ws: &Workspace, file: usize, position: Position) -> Option<usize> {
    let text = ws.text(file);
    let word = word_at(text, offset(text, position))?;
    ws.checked.graph.index.get(word).copied()
}

/// Where an artifact is declared: its `id:`.
pub fn declaration(ws: &Workspace, artifact: usize) -> Option<Location> {
    let a = &ws.checked.artifacts[artifact];
    let file = ws.checked.sources.file(a.file);
    Some(Location {
        uri: uri_of(&ws.absolute(&file.path))?,
        range: range(&file.text, a.envelope.id.span),
    })
}

/// Every link to an artifact (the fields that name it), and its declaration if asked.
pub fn references(ws: &Workspace, artifact: usize, declaration_too: bool) -> Vec<Location> {
    let checked = &ws.checked;
    let mut out = Vec::new();
    if declaration_too {
        out.extend(declaration(ws, artifact));
    }
    for (source, edge) in checked.graph.incoming(artifact) {
        let file = checked.sources.file(checked.artifacts[source].file);
        if let Some(uri) = uri_of(&ws.absolute(&file.path)) {
            out.push(Location {
                uri,
                range: range(&file.text, edge.span),
            });
        }
    }
    out
}

/// What an artifact is: kind, title, status, revision, approvals, links up and down, and
/// its open findings.
pub fn hover(ws: &Workspace, artifact: usize) -> Hover {
    let checked = &ws.checked;
    let a = &checked.artifacts[artifact];
    let mut text = format!(
        "**{}** {}\n\n{} · {}",
        a.id(),
        a.envelope.title.value,
        a.kind().as_str().replace('_', " "),
        a.envelope.status.value.label()
    );
    if let Some(revision) = &a.envelope.revision {
        text.push_str(&format!(" · revision {}", revision.value));
    }
    for approval in &a.envelope.approvals {
        text.push_str(&format!(
            "\n\napproved by {} ({}) on {}",
            approval.name.value, approval.role.value, approval.date.value
        ));
    }
    let up: Vec<&str> = checked
        .graph
        .outgoing(artifact)
        .map(|(t, _)| checked.artifacts[t].id())
        .collect();
    let down: Vec<&str> = checked
        .graph
        .incoming(artifact)
        .map(|(s, _)| checked.artifacts[s].id())
        .collect();
    if !up.is_empty() {
        text.push_str(&format!("\n\nnames: {}", up.join(", ")));
    }
    if !down.is_empty() {
        text.push_str(&format!("\n\nnamed by: {}", down.join(", ")));
    }
    let open: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.deviation.is_none() && d.artifact.as_deref() == Some(a.id()))
        .map(|d| format!("- `{}` {}", d.code, d.message))
        .collect();
    if !open.is_empty() {
        text.push_str(&format!("\n\nopen findings:\n{}", open.join("\n")));
    }
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    }
}

/// What an SBOM component is, when the text under the cursor names one (by reference, purl
/// or `name@version`, as an `addendum:` entry or a vulnerability's `components:` does):
/// supplier, version, support, and the vulnerabilities tied to it.
pub fn component_hover(ws: &Workspace, file: usize, position: Position) -> Option<Hover> {
    let text = ws.text(file);
    let at = offset(text, position);
    // A component key may hold `:`, `/` and `@` (purls); take the whole YAML scalar.
    let is_key =
        |c: char| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}' | '"' | '\'');
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_key(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !is_key(*c))
        .map_or(text.len(), |(i, _)| at + i);
    let key = text.get(start..end)?.trim_end_matches(':');
    if key.is_empty() {
        return None;
    }
    let checked = &ws.checked;
    for (s, sbom) in checked.sboms.iter().enumerate() {
        let Some(c) = sbom.index.named(key) else {
            continue;
        };
        let component = &sbom.components[c];
        let text_of = |v: &Option<crate::model::Spanned<String>>| {
            v.as_ref()
                .map(|x| x.value.clone())
                .unwrap_or_else(|| "not stated".into())
        };
        let mut out = format!(
            "**{}** {}\n\nin {} · supplier: {}",
            text_of(&component.name),
            text_of(&component.version),
            checked.artifacts[sbom.artifact].id(),
            text_of(&component.supplier)
        );
        if let Some(level) = &component.level_of_support {
            out.push_str(&format!(" · support: {}", level.value));
        }
        if let Some(end) = &component.end_of_support {
            let end = match end.value {
                crate::model::EndOfSupport::Date(d) => d.to_string(),
                crate::model::EndOfSupport::Unknown => "unknown".into(),
            };
            out.push_str(&format!(" · end of support: {end}"));
        }
        let facts = checked.supply.facts((s, c));
        let mut vulnerabilities: Vec<String> = facts
            .records
            .iter()
            .map(|&v| checked.artifacts[v].id().to_string())
            .chain(
                facts
                    .advisories
                    .iter()
                    .map(|&m| checked.advisories[m].id.clone()),
            )
            .chain(facts.vex.iter().map(|&(d, n)| {
                let statement = &sbom.vex[d].doc.statements[n];
                format!("{} ({})", statement.vulnerability, statement.status)
            }))
            .collect();
        vulnerabilities.sort();
        vulnerabilities.dedup();
        if !vulnerabilities.is_empty() {
            out.push_str(&format!(
                "\n\nknown vulnerabilities: {}",
                vulnerabilities.join(", ")
            ));
        }
        return Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: out,
            }),
            range: None,
        });
    }
    None
}

/// An artifact as a node of the trace view (LSP's call hierarchy: "incoming" are the
/// artifacts that name it, down the trace; "outgoing" those it names, up the trace; the
/// editor expands either way as far as the user goes).
pub fn trace_item(ws: &Workspace, artifact: usize) -> Option<lsp_types::CallHierarchyItem> {
    let a = &ws.checked.artifacts[artifact];
    let location = declaration(ws, artifact)?;
    Some(lsp_types::CallHierarchyItem {
        name: a.id().to_string(),
        kind: symbol_kind(a.kind()),
        tags: None,
        detail: Some(format!(
            "{} · {}",
            a.kind().as_str().replace('_', " "),
            a.envelope.title.value
        )),
        uri: location.uri,
        range: location.range,
        selection_range: location.range,
        data: Some(serde_json::Value::String(a.id().to_string())),
    })
}

/// The artifacts that name an artifact (down the trace), each with the places they name it.
pub fn trace_down(ws: &Workspace, artifact: usize) -> Vec<lsp_types::CallHierarchyIncomingCall> {
    let checked = &ws.checked;
    let mut by_source: BTreeMap<usize, Vec<lsp_types::Range>> = BTreeMap::new();
    for (source, edge) in checked.graph.incoming(artifact) {
        let file = checked.artifacts[source].file;
        by_source
            .entry(source)
            .or_default()
            .push(range(ws.text(file), edge.span));
    }
    by_source
        .into_iter()
        .filter_map(|(source, from_ranges)| {
            Some(lsp_types::CallHierarchyIncomingCall {
                from: trace_item(ws, source)?,
                from_ranges,
            })
        })
        .collect()
}

/// The artifacts an artifact names (up the trace), each with the places it names them.
pub fn trace_up(ws: &Workspace, artifact: usize) -> Vec<lsp_types::CallHierarchyOutgoingCall> {
    let checked = &ws.checked;
    let file = checked.artifacts[artifact].file;
    let mut by_target: BTreeMap<usize, Vec<lsp_types::Range>> = BTreeMap::new();
    for (target, edge) in checked.graph.outgoing(artifact) {
        by_target
            .entry(target)
            .or_default()
            .push(range(ws.text(file), edge.span));
    }
    by_target
        .into_iter()
        .filter_map(|(target, from_ranges)| {
            Some(lsp_types::CallHierarchyOutgoingCall {
                to: trace_item(ws, target)?,
                from_ranges,
            })
        })
        .collect()
}

/// The artifacts written in a file, as symbols.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written; it is `None`.
pub fn document_symbols(ws: &Workspace, file: usize) -> Vec<DocumentSymbol> {
    let text = ws.text(file);
    ws.checked
        .artifacts
        .iter()
        .filter(|a| a.file == file)
        .map(|a| {
            let id = range(text, a.envelope.id.span);
            DocumentSymbol {
                name: a.id().to_string(),
                detail: Some(a.envelope.title.value.clone()),
                kind: symbol_kind(a.kind()),
                tags: None,
                deprecated: None,
                range: id,
                selection_range: id,
                children: None,
            }
        })
        .collect()
}

/// Every artifact whose ID or title contains the query (any case), as symbols.
#[allow(deprecated)] // `SymbolInformation::deprecated` must be written; it is `None`.
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<SymbolInformation> {
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for (i, a) in ws.checked.artifacts.iter().enumerate() {
        let matches = a.id().to_lowercase().contains(&query)
            || a.envelope.title.value.to_lowercase().contains(&query);
        if !matches {
            continue;
        }
        if let Some(location) = declaration(ws, i) {
            out.push(SymbolInformation {
                name: format!("{} {}", a.id(), a.envelope.title.value),
                kind: symbol_kind(a.kind()),
                tags: None,
                deprecated: None,
                location,
                container_name: Some(a.kind().as_str().to_string()),
            });
        }
    }
    out
}

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Requirement | Kind::SecurityControl => SymbolKind::INTERFACE,
        Kind::Test | Kind::TestReport => SymbolKind::METHOD,
        Kind::Threat | Kind::SecurityRisk | Kind::Vulnerability => SymbolKind::EVENT,
        _ => SymbolKind::OBJECT,
    }
}

/// The YAML key a position's value belongs to: the key on its line (`controls: [CTL-`) or,
/// for a list item (`  - CTL-`), the nearest key above it at a smaller indentation.
pub fn field_at(text: &str, at: usize) -> Option<&str> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    fn key_of(line: &str) -> Option<&str> {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let (key, _) = trimmed.split_once(':')?;
        let key = key.trim();
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then_some(key)
    }
    if let Some(key) = key_of(line) {
        return Some(key);
    }
    let indent = line.len() - line.trim_start().len();
    let mut end = line_start;
    while end > 0 {
        let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let above = &text[start..end - 1];
        let above_indent = above.len() - above.trim_start().len();
        if !above.trim().is_empty() && above_indent < indent {
            return key_of(above);
        }
        if !above.trim().is_empty()
            && above_indent == indent
            && !above.trim_start().starts_with('-')
        {
            return None;
        }
        end = start;
    }
    None
}

/// At most this many IDs are offered at once; the list then says it is incomplete, and the
/// editor asks again as the user types more of the ID.
pub const MAX_COMPLETIONS: usize = 200;

/// The IDs a link field may take that start with what is typed (any case), with their
/// titles: the kinds the field links to where the dossier's artifacts of the same kind use
/// it (every ID when none does yet, if `may_link`: the field's schema allows IDs). Whether
/// the list was cut at [`MAX_COMPLETIONS`].
pub fn complete_ids(
    ws: &Workspace,
    (kind, field, may_link): (Option<Kind>, &str, bool),
    typed: &str,
) -> (Vec<CompletionItem>, bool) {
    let typed = typed.to_ascii_lowercase();
    let index = ws.index();
    let allowed = kind.and_then(|k| index.field_kinds.get(&(k.as_str(), field)));
    if allowed.is_none() && !may_link {
        return (Vec::new(), false);
    }
    let mut items: Vec<CompletionItem> = index
        .artifacts
        .iter()
        .filter(|a| {
            a.current
                && allowed.is_none_or(|kinds| kinds.is_empty() || kinds.contains(&a.kind))
                && a.id.to_ascii_lowercase().starts_with(&typed)
        })
        .map(|a| CompletionItem {
            label: a.id.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(format!("{} · {}", a.kind.as_str(), a.title)),
            ..CompletionItem::default()
        })
        .collect();
    items.sort_by(|x, y| x.label.cmp(&y.label));
    items.dedup_by(|x, y| x.label == y.label);
    let cut = items.len() > MAX_COMPLETIONS;
    items.truncate(MAX_COMPLETIONS);
    (items, cut)
}

/// Whether the text of a line before the cursor is where a field name goes: indentation,
/// an optional `- `, then a partial name (no `:` yet).
pub fn at_key(before: &str) -> bool {
    let rest = before.trim_start();
    // `- ` opens an artifact at the top level; deeper, it is an item of a list value.
    let rest = match rest.strip_prefix("- ") {
        Some(after) if before.len() == rest.len() => after,
        Some(_) => return false,
        None => rest,
    };
    !rest.contains(':')
        && !rest.starts_with('-')
        && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && !before.trim_start().starts_with('#')
}

/// What is typed of an ID before a byte offset.
pub fn typed_before(text: &str, at: usize) -> &str {
    let at = floor(text, at);
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_id_char(*c))
        .last()
        .map_or(at, |(i, _)| i);
    &text[start..at]
}

/// The kind of the artifact a position is inside (by its file's artifacts' `id:` lines; while
/// the file does not parse, as it was before).
pub fn kind_at(ws: &Workspace, file: usize, at: usize) -> Option<Kind> {
    ws.index()
        .artifacts
        .iter()
        .filter(|a| a.file == file && (a.offset as usize) <= at)
        .max_by_key(|a| a.offset)
        .map(|a| a.kind)
}

/// The links that must go both ways: (relation one way, its field; relation back, its
/// field). SAFE-001: a risk names its hazards and each hazard names the risk back.
const BOTH_WAYS: &[(crate::model::Relation, crate::model::Relation, &str)] = &[
    (
        crate::model::Relation::RiskHazard,
        crate::model::Relation::HazardRisk,
        "security_risks",
    ),
    (
        crate::model::Relation::HazardRisk,
        crate::model::Relation::RiskHazard,
        "hazards",
    ),
];

/// Quick fixes that add the missing back-link of a link that must go both ways, for the
/// artifacts whose `id:` or link is in the range: the ID added to the field of the artifact
/// that lacks it (to its flow list, as a block list item, or as a new field).
#[allow(clippy::mutable_key_type)] // as for `rename`
pub fn back_links(
    ws: &Workspace,
    file: usize,
    wanted: lsp_types::Range,
) -> Vec<lsp_types::CodeAction> {
    let checked = &ws.checked;
    let g = &checked.graph;
    let text = ws.text(file);
    let lines = LineIndex::new(text);
    // A link or `id:` on a line of the range (editors ask for the cursor's line).
    let touches = |span: crate::model::Span| {
        let at = lines.range(text, span);
        at.start.line <= wanted.end.line && wanted.start.line <= at.end.line
    };
    let mut out = Vec::new();
    for (i, a) in checked.artifacts.iter().enumerate() {
        for &(there, back, field) in BOTH_WAYS {
            for (t, edge) in g.outgoing(i).filter(|(_, e)| e.rel == there) {
                let in_range = (a.file == file
                    && (touches(edge.span) || touches(a.envelope.id.span)))
                    || (checked.artifacts[t].file == file
                        && touches(checked.artifacts[t].envelope.id.span));
                if !in_range || g.targets(t, back).any(|x| x == i) {
                    continue;
                }
                let target = &checked.artifacts[t];
                let Some(edit) = add_to_field(ws, t, field, a.id()) else {
                    continue;
                };
                out.push(lsp_types::CodeAction {
                    title: format!("Add {} to {}'s `{field}`", a.id(), target.id()),
                    kind: Some(lsp_types::CodeActionKind::QUICKFIX),
                    edit: Some(edit),
                    is_preferred: Some(true),
                    ..lsp_types::CodeAction::default()
                });
            }
        }
    }
    out
}

/// The edit that adds `id` to a list field of an artifact written in a YAML list file.
#[allow(clippy::mutable_key_type)] // as for `rename`
fn add_to_field(
    ws: &Workspace,
    artifact: usize,
    field: &str,
    id: &str,
) -> Option<lsp_types::WorkspaceEdit> {
    let a = &ws.checked.artifacts[artifact];
    let text = ws.text(a.file);
    let uri = uri_of(&ws.absolute(&ws.checked.sources.file(a.file).path))?;
    let lines = LineIndex::new(text);
    // The artifact's lines: from its `id:` line to the next line at its item's indentation.
    let id_at = a.envelope.id.span.offset as usize;
    let first = text[..id_at].rfind('\n').map_or(0, |i| i + 1);
    let item_indent = text[first..].len() - text[first..].trim_start().len();
    let field_indent = item_indent + 2;
    let mut line_start = text[id_at..].find('\n').map(|i| id_at + i + 1)?;
    let mut last_end = line_start;
    let key = format!("{field}:");
    while line_start < text.len() {
        let end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..end];
        let indent = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && indent <= item_indent {
            break;
        }
        if indent == field_indent && line.trim_start().starts_with(&key) {
            let value = line.trim_start()[key.len()..].trim();
            let (at, insert) = if let Some(close) = value.strip_suffix(']') {
                let bracket = line_start + line.rfind(']')?;
                let sep = if close.trim_end().ends_with('[') {
                    ""
                } else {
                    ", "
                };
                (bracket, format!("{sep}{id}"))
            } else if value.is_empty() {
                // A block list: after its last item.
                let mut item_end = end;
                let mut next = end + 1;
                while next < text.len() {
                    let e = text[next..].find('\n').map_or(text.len(), |i| next + i);
                    let l = &text[next..e];
                    if !l.trim_start().starts_with("- ")
                        || l.len() - l.trim_start().len() <= field_indent - 2
                    {
                        break;
                    }
                    item_end = e;
                    next = e + 1;
                }
                let item_indent = " ".repeat(field_indent + 2);
                (item_end, format!("\n{item_indent}- {id}"))
            } else {
                return None;
            };
            let at = lines.position(text, at);
            return Some(single_edit(uri, at, insert));
        }
        last_end = end;
        line_start = end + 1;
    }
    // No such field yet: a new one after the artifact's last line.
    let at = lines.position(text, last_end);
    Some(single_edit(
        uri,
        at,
        format!("\n{}{field}: [{id}]", " ".repeat(field_indent)),
    ))
}

#[allow(clippy::mutable_key_type)] // as for `rename`
fn single_edit(uri: Uri, at: Position, new_text: String) -> lsp_types::WorkspaceEdit {
    lsp_types::WorkspaceEdit {
        changes: Some(std::collections::HashMap::from([(
            uri,
            vec![lsp_types::TextEdit {
                range: lsp_types::Range { start: at, end: at },
                new_text,
            }],
        )])),
        ..lsp_types::WorkspaceEdit::default()
    }
}

/// Where an ID is written as a whole word in a text (not as part of a longer ID: a `.`
/// after it counts as the sentence's when no ID character follows).
pub fn occurrences(text: &str, id: &str) -> Vec<usize> {
    let is_id = is_id_char;
    let mut out = Vec::new();
    for (at, _) in text.match_indices(id) {
        let before = text[..at].chars().next_back();
        let mut after = text[at + id.len()..].chars();
        let next = after.next();
        let ends = match next {
            None => true,
            Some('.') => !after.next().is_some_and(is_id),
            Some(c) => !is_id(c),
        };
        if !before.is_some_and(is_id) && ends {
            out.push(at);
        }
    }
    out
}

// `WorkspaceEdit` keys its changes by `Uri` (lsp-types' type), which clippy takes for a
// mutable key; nothing here mutates one.
/// Renames an artifact's ID in every file of the dossier (its `id:`, every link, Markdown
/// bodies, the manifest's waivers; file names stay); refused when the new ID is not an ID
/// or another artifact has it.
#[allow(clippy::mutable_key_type)]
pub fn rename(
    ws: &Workspace,
    artifact: usize,
    new: &str,
) -> Result<lsp_types::WorkspaceEdit, String> {
    let old = ws.checked.artifacts[artifact].id();
    let valid = !new.is_empty() && new.chars().all(is_id_char) && !new.ends_with('.');
    if !valid {
        return Err(format!(
            "`{new}` is not an ID: use letters, digits, `-`, `_` and `.` (THR-012)"
        ));
    }
    if new != old && ws.checked.graph.index.contains_key(new) {
        return Err(format!(
            "{new} is already the ID of another artifact; pick an ID no artifact has"
        ));
    }
    let mut changes = std::collections::HashMap::new();
    for file in ws.dossier_files() {
        let text = ws.text(file);
        let found = occurrences(text, old);
        if found.is_empty() {
            continue;
        }
        let Some(uri) = uri_of(&ws.absolute(&ws.checked.sources.file(file).path)) else {
            continue;
        };
        let lines = LineIndex::new(text);
        let edits: Vec<lsp_types::TextEdit> = found
            .into_iter()
            .map(|at| lsp_types::TextEdit {
                range: lsp_types::Range {
                    start: lines.position(text, at),
                    end: lines.position(text, at + old.len()),
                },
                new_text: new.to_string(),
            })
            .collect();
        changes.insert(uri, edits);
    }
    Ok(lsp_types::WorkspaceEdit {
        changes: Some(changes),
        ..lsp_types::WorkspaceEdit::default()
    })
}

#[allow(clippy::mutable_key_type)] // as for `rename`
/// Quick fixes for the findings in a range of a file: replace an unknown ID with each ID the
/// check suggests (the first preferred), or create the artifact it names.
pub fn quick_fixes(
    ws: &Workspace,
    file: usize,
    wanted: lsp_types::Range,
) -> Vec<lsp_types::CodeAction> {
    let checked = &ws.checked;
    let text = ws.text(file);
    let lines = LineIndex::new(text);
    let Some(uri) = uri_of(&ws.absolute(&checked.sources.file(file).path)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for problem in &checked.graph.problems {
        let crate::graph::LinkProblem::UnknownId {
            from,
            target,
            span,
            suggestions,
            ..
        } = problem
        else {
            continue;
        };
        if checked.artifacts[*from].file != file {
            continue;
        }
        let at = lines.range(text, *span);
        if at.end < wanted.start || wanted.end < at.start {
            continue;
        }
        // The ID itself, within the span (a quoted scalar's span holds its quotes).
        let (start, len) = match text
            .get(span.offset as usize..(span.offset + span.len) as usize)
            .and_then(|written| written.find(target.as_str()))
        {
            Some(inner) => (span.offset as usize + inner, target.len()),
            None => (span.offset as usize, span.len as usize),
        };
        for (n, suggestion) in suggestions.iter().enumerate() {
            let edit = lsp_types::TextEdit {
                range: lsp_types::Range {
                    start: lines.position(text, start),
                    end: lines.position(text, start + len),
                },
                new_text: suggestion.clone(),
            };
            out.push(lsp_types::CodeAction {
                title: format!("Replace {target} with {suggestion}"),
                kind: Some(lsp_types::CodeActionKind::QUICKFIX),
                edit: Some(lsp_types::WorkspaceEdit {
                    changes: Some(std::collections::HashMap::from([(uri.clone(), vec![edit])])),
                    ..lsp_types::WorkspaceEdit::default()
                }),
                is_preferred: Some(n == 0),
                ..lsp_types::CodeAction::default()
            });
        }
        // Or: the artifact the link names does not exist yet. In a file that lists its
        // artifacts, a skeleton of each kind the field may name, at the end of the file.
        let kinds: Vec<Kind> = checked.artifacts[*from]
            .links()
            .iter()
            .filter(|l| l.target.value.trim() == target.as_str())
            .flat_map(|l| l.rel.targets().iter().copied())
            .collect();
        if text.trim_start().starts_with("- ") {
            let end = lines.position(text, text.len());
            for kind in kinds.iter().take(3) {
                let gap = if text.ends_with("\n\n") {
                    ""
                } else if text.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                let skeleton = format!(
                    "{gap}- id: {target}\n  kind: {}\n  title: New {}\n  revision: \"1\"\n  status: draft\n",
                    kind.as_str(),
                    kind.as_str().replace('_', " ")
                );
                out.push(lsp_types::CodeAction {
                    title: format!(
                        "Create {target} as a {} in this file",
                        kind.as_str().replace('_', " ")
                    ),
                    kind: Some(lsp_types::CodeActionKind::QUICKFIX),
                    edit: Some(lsp_types::WorkspaceEdit {
                        changes: Some(std::collections::HashMap::from([(
                            uri.clone(),
                            vec![lsp_types::TextEdit {
                                range: lsp_types::Range { start: end, end },
                                new_text: skeleton,
                            }],
                        )])),
                        ..lsp_types::WorkspaceEdit::default()
                    }),
                    is_preferred: Some(false),
                    ..lsp_types::CodeAction::default()
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_under_the_cursor_is_an_id() {
        let text = "sources: [CTL-002, THR-1.2].";
        let at = text.find("002").unwrap_or_default();
        assert_eq!(word_at(text, at), Some("CTL-002"));
        let at = text.find("1.2").unwrap_or_default();
        assert_eq!(word_at(text, at), Some("THR-1.2"));
        assert_eq!(word_at(text, text.len()), None);
    }

    #[test]
    fn an_id_is_found_as_a_whole_word() {
        let text = "verifies: [REQ-1, REQ-10]\nSee REQ-1. And REQ-1.2, xREQ-1, REQ-1";
        let found = occurrences(text, "REQ-1");
        let words: Vec<&str> = found.iter().map(|&at| &text[at..]).collect();
        assert_eq!(found.len(), 3, "{words:?}");
        assert_eq!(found[0], text.find("REQ-1").unwrap_or_default());
        assert_eq!(found[2], text.len() - 5);
    }

    #[test]
    fn a_field_name_goes_at_the_start_of_a_line() {
        assert!(at_key("  cat"));
        assert!(at_key("- "));
        assert!(at_key(""));
        assert!(!at_key("  category: au"));
        assert!(!at_key("    - CTL"));
        assert!(!at_key("    - "));
    }

    #[test]
    fn what_is_typed_of_an_id_filters_completion() {
        assert_eq!(typed_before("controls: [CTL-1, CT", 20), "CT");
        assert_eq!(typed_before("controls: [", 11), "");
    }

    #[test]
    fn a_value_belongs_to_its_key() {
        let text = "- id: RSK-1\n  controls:\n    - CTL-1\n    - CT";
        assert_eq!(field_at(text, text.len()), Some("controls"));
        let text = "- id: RSK-1\n  threats: [THR-";
        assert_eq!(field_at(text, text.len()), Some("threats"));
    }
}

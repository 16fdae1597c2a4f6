//! The design-review diff: what changed between two checked states of a dossier.
//!
//! Artifacts are matched by ID, links by (source, relation, target), findings by rule, place
//! and message, SBOM components by SBOM file and component name. Field changes compare the
//! normalised values (the same ones content fingerprints hash), so reformatting is not a
//! change; Markdown bodies are compared as text, line by line.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::Checked;
pub use crate::model::changes::{FieldChange, field_changes};
use crate::model::{Artifact, Kind, fingerprint};

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The revision as given (`working tree` for the working tree).
    pub rev: String,
    /// Which state that is (commit, tags, dirty).
    pub state: String,
    /// The full commit ID, if any.
    pub commit: Option<String>,
    /// The date its time-based rules were evaluated at (both sides share one).
    pub as_of: String,
}

/// An artifact named in the report.
#[derive(Debug, Clone, Serialize)]
pub struct ArtifactRef {
    /// Its ID.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// The file it is in (on the newer side, if it exists there).
    pub file: String,
}

/// A changed artifact.
#[derive(Debug, Clone, Serialize)]
pub struct ArtifactChange {
    /// The artifact.
    #[serde(flatten)]
    pub artifact: ArtifactRef,
    /// Its changed fields.
    pub fields: Vec<FieldChange>,
    /// Its Markdown body as a unified diff, if the body changed.
    pub body_diff: Option<String>,
}

/// A link of the trace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LinkRef {
    /// The artifact holding the link.
    pub from: String,
    /// What the link means.
    pub rel: String,
    /// The artifact linked to.
    pub to: String,
}

/// A finding named in the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingRef {
    /// The rule.
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// File (and line, on its own side).
    pub place: String,
    /// The message.
    pub message: String,
}

/// A changed SBOM component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ComponentChange {
    /// The SBOM file.
    pub sbom: String,
    /// The component's name.
    pub name: String,
    /// Version before (None: added).
    pub before: Option<String>,
    /// Version after (None: removed).
    pub after: Option<String>,
    /// Support level and end of support before and after, when they changed.
    pub support: Option<(String, String)>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// The older side.
    pub from: Side,
    /// The newer side.
    pub to: Side,
    /// Artifacts only on the newer side.
    pub added: Vec<ArtifactRef>,
    /// Artifacts only on the older side.
    pub removed: Vec<ArtifactRef>,
    /// Artifacts on both sides whose content differs.
    pub changed: Vec<ArtifactChange>,
    /// Links only on the newer side.
    pub links_added: Vec<LinkRef>,
    /// Links only on the older side.
    pub links_removed: Vec<LinkRef>,
    /// Suspect links on the newer side (CHG-002): what must be re-reviewed.
    pub suspect: Vec<FindingRef>,
    /// Findings open on the newer side only.
    pub findings_opened: Vec<FindingRef>,
    /// Findings open on the older side only.
    pub findings_closed: Vec<FindingRef>,
    /// SBOM components added, removed or changed.
    pub components: Vec<ComponentChange>,
    /// Changes to vulnerability applicability and assessments (a subset of `changed`, for
    /// the reviewer who asks "what changed in our exposure").
    pub vulnerability_status: Vec<(String, FieldChange)>,
}

fn reference(checked: &Checked, a: &Artifact) -> ArtifactRef {
    ArtifactRef {
        id: a.id().to_string(),
        kind: a.kind().as_str().to_string(),
        title: a.envelope.title.value.clone(),
        file: checked.sources.file(a.file).path.clone(),
    }
}

/// The artifacts by ID; of several with one ID, the current one (or the first).
fn by_id(checked: &Checked) -> BTreeMap<&str, &Artifact> {
    let mut map: BTreeMap<&str, &Artifact> = BTreeMap::new();
    for a in &checked.artifacts {
        let replace = match map.get(a.id()) {
            None => true,
            Some(old) => {
                old.envelope.status.value.is_retired() && !a.envelope.status.value.is_retired()
            }
        };
        if replace {
            map.insert(a.id(), a);
        }
    }
    map
}

fn body_diff(before: &Artifact, after: &Artifact) -> Option<String> {
    let (old, new) = (
        before.markdown.as_deref().unwrap_or(""),
        after.markdown.as_deref().unwrap_or(""),
    );
    if old == new {
        return None;
    }
    let diff = similar::TextDiff::from_lines(old, new);
    Some(
        diff.unified_diff()
            .context_radius(2)
            .header(before.id(), after.id())
            .to_string(),
    )
}

fn links(checked: &Checked) -> BTreeSet<LinkRef> {
    let graph = &checked.graph;
    let mut set = BTreeSet::new();
    for edge in graph.inner.edge_indices() {
        if let Some((a, b)) = graph.inner.edge_endpoints(edge) {
            set.insert(LinkRef {
                from: checked.artifacts[a.index()].id().to_string(),
                rel: graph.inner[edge].rel.as_str().to_string(),
                to: checked.artifacts[b.index()].id().to_string(),
            });
        }
    }
    set
}

fn findings(checked: &Checked) -> BTreeMap<(String, String, String), FindingRef> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.deviation.is_none())
        .map(|d| {
            let (file, place) = match &d.primary {
                Some(label) => {
                    let path = checked.sources.file(label.file).path.clone();
                    let place = if label.span.is_known() {
                        format!("{path}:{}", label.span.line)
                    } else {
                        path.clone()
                    };
                    (path, place)
                }
                None => ("dossier".to_string(), "dossier".to_string()),
            };
            (
                (d.code.to_string(), file, d.message.clone()),
                FindingRef {
                    code: d.code.to_string(),
                    severity: d.severity.as_str().to_string(),
                    place,
                    message: d.message.clone(),
                },
            )
        })
        .collect()
}

type ComponentKey = (String, String);

fn components(checked: &Checked) -> BTreeMap<ComponentKey, (String, String)> {
    let mut map = BTreeMap::new();
    for sbom in &checked.sboms {
        let Some(file) = sbom.file else { continue };
        let path = checked.sources.file(file).path.clone();
        for c in &sbom.components {
            let Some(name) = &c.name else { continue };
            let support = format!(
                "{} / {}",
                c.level_of_support
                    .as_ref()
                    .map(|s| format!("{:?}", s.value))
                    .unwrap_or_else(|| "unstated".into()),
                c.end_of_support
                    .as_ref()
                    .map(|s| format!("{:?}", s.value))
                    .unwrap_or_else(|| "unstated".into())
            );
            map.insert(
                (path.clone(), name.value.clone()),
                (
                    c.version
                        .as_ref()
                        .map(|v| v.value.clone())
                        .unwrap_or_default(),
                    support,
                ),
            );
        }
    }
    map
}

/// Compares two checked states of a dossier.
pub fn compare(old: &Checked, new: &Checked, from: Side, to: Side) -> DiffReport {
    let (a, b) = (by_id(old), by_id(new));
    let added = b
        .iter()
        .filter(|(id, _)| !a.contains_key(*id))
        .map(|(_, x)| reference(new, x))
        .collect();
    let removed = a
        .iter()
        .filter(|(id, _)| !b.contains_key(*id))
        .map(|(_, x)| reference(old, x))
        .collect();
    let mut changed = Vec::new();
    let mut vulnerability_status = Vec::new();
    for (id, after) in &b {
        let Some(before) = a.get(id) else { continue };
        if fingerprint(before) == fingerprint(after)
            && before.envelope.approvals.len() == after.envelope.approvals.len()
            && before.envelope.status.value == after.envelope.status.value
        {
            continue;
        }
        let fields = field_changes(before, after);
        let body = body_diff(before, after);
        if fields.is_empty() && body.is_none() {
            continue;
        }
        if matches!(after.kind(), Kind::Vulnerability | Kind::VulnAssessment) {
            for f in &fields {
                if !f.field.starts_with("approvals") {
                    vulnerability_status.push((id.to_string(), f.clone()));
                }
            }
        }
        changed.push(ArtifactChange {
            artifact: reference(new, after),
            fields,
            body_diff: body,
        });
    }
    let (la, lb) = (links(old), links(new));
    let (fa, fb) = (findings(old), findings(new));
    let opened: Vec<FindingRef> = fb
        .iter()
        .filter(|(k, _)| !fa.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    let closed = fa
        .iter()
        .filter(|(k, _)| !fb.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    let suspect = fb
        .values()
        .filter(|f| f.code == "CHG-002")
        .cloned()
        .collect();
    let (ca, cb) = (components(old), components(new));
    let keys: BTreeSet<&ComponentKey> = ca.keys().chain(cb.keys()).collect();
    let components = keys
        .into_iter()
        .filter_map(|k| {
            let (before, after) = (ca.get(k), cb.get(k));
            if before == after {
                return None;
            }
            let support = match (before, after) {
                (Some(x), Some(y)) if x.1 != y.1 => Some((x.1.clone(), y.1.clone())),
                _ => None,
            };
            Some(ComponentChange {
                sbom: k.0.clone(),
                name: k.1.clone(),
                before: before.map(|x| x.0.clone()),
                after: after.map(|x| x.0.clone()),
                support,
            })
        })
        .collect();
    DiffReport {
        from,
        to,
        added,
        removed,
        changed,
        links_added: lb.difference(&la).cloned().collect(),
        links_removed: la.difference(&lb).cloned().collect(),
        suspect,
        findings_opened: opened,
        findings_closed: closed,
        components,
        vulnerability_status,
    }
}

/// Escapes text for a Markdown table cell: pipes, backticks, HTML and line breaks.
fn md_cell(text: &str) -> String {
    // Control characters are shown, never sent to the terminal the report is printed on.
    let text = crate::diag::printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' | '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    if out.chars().count() > 160 {
        let cut: String = out.chars().take(157).collect();
        format!("{cut}…")
    } else {
        out
    }
}

/// The report as Markdown, for a pull-request comment.
pub fn markdown(report: &DiffReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "## Dossier changes: {} → {}\n\n",
        md_cell(&report.from.rev),
        md_cell(&report.to.rev)
    ));
    out.push_str(&format!(
        "From {} to {}, both evaluated at {}.\n\n",
        md_cell(&report.from.state),
        md_cell(&report.to.state),
        md_cell(&report.to.as_of)
    ));
    out.push_str(&format!(
        "| | Count |\n|---|---:|\n| Artifacts added | {} |\n| Artifacts removed | {} |\n| Artifacts changed | {} |\n| Links added | {} |\n| Links removed | {} |\n| Suspect links | {} |\n| Findings opened | {} |\n| Findings closed | {} |\n| SBOM components changed | {} |\n\n",
        report.added.len(),
        report.removed.len(),
        report.changed.len(),
        report.links_added.len(),
        report.links_removed.len(),
        report.suspect.len(),
        report.findings_opened.len(),
        report.findings_closed.len(),
        report.components.len()
    ));
    let artifacts = |title: &str, list: &[ArtifactRef], out: &mut String| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!(
            "### {title}\n\n| ID | Kind | Title | File |\n|---|---|---|---|\n"
        ));
        for a in list {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_cell(&a.id),
                md_cell(&a.kind),
                md_cell(&a.title),
                md_cell(&a.file)
            ));
        }
        out.push('\n');
    };
    artifacts("Added", &report.added, &mut out);
    artifacts("Removed", &report.removed, &mut out);
    if !report.changed.is_empty() {
        out.push_str("### Changed\n\n");
        for c in &report.changed {
            out.push_str(&format!(
                "#### {} — {} ({})\n\n",
                md_cell(&c.artifact.id),
                md_cell(&c.artifact.title),
                md_cell(&c.artifact.file)
            ));
            if !c.fields.is_empty() {
                out.push_str("| Field | Before | After |\n|---|---|---|\n");
                for f in &c.fields {
                    out.push_str(&format!(
                        "| {} | {} | {} |\n",
                        md_cell(&f.field),
                        md_cell(&f.shown(&f.before)),
                        md_cell(&f.shown(&f.after))
                    ));
                }
                out.push('\n');
            }
            if let Some(body) = &c.body_diff {
                // A fence longer than any run of backticks in the diff keeps it inert.
                let longest = body.split(|ch| ch != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat((longest + 1).max(3));
                out.push_str(&format!("{fence}diff\n{body}{fence}\n\n"));
            }
        }
    }
    let link_list = |title: &str, list: &[LinkRef], out: &mut String| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!(
            "### {title}\n\n| From | Relation | To |\n|---|---|---|\n"
        ));
        for l in list {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                md_cell(&l.from),
                md_cell(&l.rel),
                md_cell(&l.to)
            ));
        }
        out.push('\n');
    };
    link_list("Links added", &report.links_added, &mut out);
    link_list("Links removed", &report.links_removed, &mut out);
    let finding_list = |title: &str, list: &[FindingRef], out: &mut String| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!(
            "### {title}\n\n| Rule | Severity | Where | Finding |\n|---|---|---|---|\n"
        ));
        for f in list {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_cell(&f.code),
                md_cell(&f.severity),
                md_cell(&f.place),
                md_cell(&f.message)
            ));
        }
        out.push('\n');
    };
    finding_list(
        "Suspect links (re-review and re-approve)",
        &report.suspect,
        &mut out,
    );
    finding_list("Findings opened", &report.findings_opened, &mut out);
    finding_list("Findings closed", &report.findings_closed, &mut out);
    if !report.components.is_empty() {
        out.push_str("### SBOM components\n\n| SBOM | Component | Before | After | Support |\n|---|---|---|---|---|\n");
        for c in &report.components {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md_cell(&c.sbom),
                md_cell(&c.name),
                md_cell(c.before.as_deref().unwrap_or("—")),
                md_cell(c.after.as_deref().unwrap_or("—")),
                md_cell(
                    &c.support
                        .as_ref()
                        .map(|(x, y)| format!("{x} → {y}"))
                        .unwrap_or_default()
                )
            ));
        }
        out.push('\n');
    }
    if !report.vulnerability_status.is_empty() {
        out.push_str("### Vulnerability status\n\n| Artifact | Field | Before | After |\n|---|---|---|---|\n");
        for (id, f) in &report.vulnerability_status {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_cell(id),
                md_cell(&f.field),
                md_cell(&f.shown(&f.before)),
                md_cell(&f.shown(&f.after))
            ));
        }
        out.push('\n');
    }
    out
}

/// The diff page's template (`templates/diff/report.html`): the page is a view of the
/// report, like every page of the site.
const REPORT_TEMPLATE: &str = include_str!("../templates/diff/report.html");

/// A table of the page: its title, column heads and rows of text.
#[derive(serde::Serialize)]
struct PageTable {
    title: &'static str,
    head: &'static [&'static str],
    rows: Vec<Vec<String>>,
}

/// A changed artifact on the page.
#[derive(serde::Serialize)]
struct PageChange {
    id: String,
    title: String,
    file: String,
    fields: Vec<PageField>,
    body: Vec<PageLine>,
}

#[derive(serde::Serialize)]
struct PageField {
    field: String,
    before: String,
    after: String,
}

/// A line of a body diff: added, removed or context.
#[derive(serde::Serialize)]
struct PageLine {
    class: &'static str,
    text: String,
}

/// What the diff page shows, in its order.
#[derive(serde::Serialize)]
struct Page<'a> {
    from: &'a Side,
    to: &'a Side,
    before_changed: Vec<PageTable>,
    changed: Vec<PageChange>,
    after_changed: Vec<PageTable>,
    unchanged: bool,
}

/// The report as one self-contained HTML page (no scripts, no external requests), rendered
/// by its tera template with every value escaped.
pub fn html(report: &DiffReport) -> String {
    let arts = |list: &[ArtifactRef]| -> Vec<Vec<String>> {
        list.iter()
            .map(|a| {
                vec![
                    a.id.clone(),
                    a.kind.clone(),
                    a.title.clone(),
                    a.file.clone(),
                ]
            })
            .collect()
    };
    let links = |list: &[LinkRef]| -> Vec<Vec<String>> {
        list.iter()
            .map(|l| vec![l.from.clone(), l.rel.clone(), l.to.clone()])
            .collect()
    };
    let findings = |list: &[FindingRef]| -> Vec<Vec<String>> {
        list.iter()
            .map(|f| {
                vec![
                    f.code.clone(),
                    f.severity.clone(),
                    f.place.clone(),
                    f.message.clone(),
                ]
            })
            .collect()
    };
    const ARTIFACT: &[&str] = &["ID", "Kind", "Title", "File"];
    const LINK: &[&str] = &["From", "Relation", "To"];
    const FINDING: &[&str] = &["Rule", "Severity", "Where", "Finding"];
    let table = |title, head, rows| PageTable { title, head, rows };
    let page = Page {
        from: &report.from,
        to: &report.to,
        before_changed: vec![
            table("Added", ARTIFACT, arts(&report.added)),
            table("Removed", ARTIFACT, arts(&report.removed)),
        ],
        changed: report
            .changed
            .iter()
            .map(|c| PageChange {
                id: c.artifact.id.clone(),
                title: c.artifact.title.clone(),
                file: c.artifact.file.clone(),
                fields: c
                    .fields
                    .iter()
                    .map(|f| PageField {
                        field: f.field.clone(),
                        before: f.shown(&f.before),
                        after: f.shown(&f.after),
                    })
                    .collect(),
                body: c
                    .body_diff
                    .iter()
                    .flat_map(|body| body.lines())
                    .map(|line| PageLine {
                        class: if line.starts_with('+') && !line.starts_with("+++") {
                            "add"
                        } else if line.starts_with('-') && !line.starts_with("---") {
                            "del"
                        } else {
                            ""
                        },
                        text: line.to_string(),
                    })
                    .collect(),
            })
            .collect(),
        after_changed: vec![
            table("Links added", LINK, links(&report.links_added)),
            table("Links removed", LINK, links(&report.links_removed)),
            table(
                "Suspect links (re-review and re-approve)",
                FINDING,
                findings(&report.suspect),
            ),
            table(
                "Findings opened",
                FINDING,
                findings(&report.findings_opened),
            ),
            table(
                "Findings closed",
                FINDING,
                findings(&report.findings_closed),
            ),
            table(
                "SBOM components",
                &["SBOM", "Component", "Before", "After", "Support"],
                report
                    .components
                    .iter()
                    .map(|c| {
                        vec![
                            c.sbom.clone(),
                            c.name.clone(),
                            c.before.clone().unwrap_or_else(|| "—".into()),
                            c.after.clone().unwrap_or_else(|| "—".into()),
                            c.support
                                .as_ref()
                                .map(|(x, y)| format!("{x} → {y}"))
                                .unwrap_or_default(),
                        ]
                    })
                    .collect(),
            ),
            table(
                "Vulnerability status",
                &["Artifact", "Field", "Before", "After"],
                report
                    .vulnerability_status
                    .iter()
                    .map(|(id, f)| {
                        vec![
                            id.clone(),
                            f.field.clone(),
                            f.shown(&f.before),
                            f.shown(&f.after),
                        ]
                    })
                    .collect(),
            ),
        ],
        unchanged: report.added.is_empty()
            && report.removed.is_empty()
            && report.changed.is_empty()
            && report.findings_opened.is_empty()
            && report.findings_closed.is_empty(),
    };
    render_page(&page).unwrap_or_else(|e| {
        // The template is embedded and tested; an error here is a bug, said on the page.
        format!(
            "<!DOCTYPE html>\n<p>dossier could not render the diff page: {}</p>\n",
            crate::render::site::html::escape(&e)
        )
    })
}

/// Renders the page with its template, values escaped.
fn render_page(page: &Page) -> Result<String, String> {
    let mut tera = tera::Tera::default();
    tera.add_raw_template("report.html", REPORT_TEMPLATE)
        .map_err(|e| crate::render::site::templates::chain(&e))?;
    tera.autoescape_on(vec![".html"]);
    // The same escaping as before the template and as the site's own helpers (quotes too).
    tera.set_escape_fn(crate::render::site::html::escape);
    let context = tera::Context::from_serialize(page).map_err(|e| e.to_string())?;
    tera.render("report.html", &context)
        .map_err(|e| crate::render::site::templates::chain(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_carry_no_control_characters() {
        let cell = md_cell("title \u{1b}[2J\u{7} | <b>");
        assert!(!cell.chars().any(char::is_control), "{cell:?}");
        assert!(
            cell.contains("\\|") && cell.contains("&lt;b&gt;"),
            "{cell:?}"
        );
    }
}

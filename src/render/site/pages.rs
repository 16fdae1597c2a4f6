//! Page by page: the context each template gets, built from the checked dossier and the
//! JSON model. Page names are stable (`artifacts/THR-012.html`), so reviews can cite them.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::{Value, json};
use tera::{Context, Tera};

use super::html::{self, Links};
use super::names::{PageNames, kind_title, page_names};
use super::{Files, mapping, search, templates};
use crate::model::{Body, Kind, Relation};
use crate::{Checked, Fatal};

/// Whether a relation points down the trace (from what is mitigated or specified towards what
/// mitigates, implements or verifies it). Most links point up: a test names what it verifies,
/// a risk names the threat it assesses.
fn points_down(rel: Relation) -> bool {
    matches!(
        rel,
        Relation::RiskControl
            | Relation::RiskHazard
            | Relation::RiskLabeling
            | Relation::ControlRequirement
            | Relation::CoverageThreat
            | Relation::ReportTest
            | Relation::ReportFinding
            | Relation::FindingDeferredPlan
            | Relation::AssessmentControl
            | Relation::AssessmentFixValidation
            | Relation::ChangeVerification
            | Relation::ChangeChanged
            | Relation::ReleaseFix
    )
}

/// What every page shows in its header and footer (`site.*` in the templates).
#[derive(Debug, Clone, serde::Serialize)]
struct SiteContext {
    /// The device's ID and title.
    device: Value,
    device_title: Value,
    release: Value,
    /// Where the dossier was read from, in one line, and the commit when it was Git.
    provenance: Value,
    commit: Value,
    /// `dossier` and its version.
    tool: String,
    date: Value,
    source: Value,
    profile: Value,
    /// Findings by severity.
    summary: Value,
    /// The evaluation date and the advisory sources used.
    evaluation: Value,
    /// The kinds the dossier has, with their counts, for the navigation.
    kinds: Vec<KindCount>,
    /// Whether the manifest names a prior release (the Modifications page exists).
    prior: bool,
    /// The conformity views the manifest asks for, for the navigation.
    conformity: Vec<super::conformity::NavEntry>,
}

/// A kind in the navigation.
#[derive(Debug, Clone, serde::Serialize)]
struct KindCount {
    kind: &'static str,
    title: String,
    count: usize,
}

fn site_context(checked: &Checked, model: &Value) -> SiteContext {
    let device = &model["device"];
    SiteContext {
        device: device["id"].clone(),
        device_title: device["title"].clone(),
        release: model["release"].clone(),
        provenance: model["provenance"]["summary"].clone(),
        commit: model["provenance"]["record"]["commit"].clone(),
        tool: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        date: model["build"]["date"].clone(),
        source: model["build"]["source"].clone(),
        profile: model["build"]["profile"].clone(),
        summary: model["summary"].clone(),
        evaluation: model["evaluation"].clone(),
        kinds: Kind::ALL
            .iter()
            .filter(|k| !checked.graph.of_kind(**k).is_empty())
            .map(|k| KindCount {
                kind: k.as_str(),
                title: kind_title(*k),
                count: checked.graph.of_kind(*k).len(),
            })
            .collect(),
        prior: checked.prior.is_some(),
        conformity: super::conformity::nav(checked),
    }
}

/// A page's whole context: its own fields, the path back to the site's root, and the
/// site's header and footer.
#[derive(serde::Serialize)]
struct Rendered<'a, T: serde::Serialize> {
    root: &'a str,
    site: &'a SiteContext,
    #[serde(flatten)]
    page: &'a T,
}

fn render<T: serde::Serialize>(
    tera: &Tera,
    name: &str,
    root: &str,
    site: &SiteContext,
    page: &T,
) -> Result<Vec<u8>, Fatal> {
    let context = Context::from_serialize(Rendered { root, site, page })
        .map_err(|e| Fatal::new(format!("site context: {}", templates::chain(&e))))?;
    tera.render(name, &context)
        .map(|page| scrub_controls(page).into_bytes())
        .map_err(|e| Fatal::new(format!("templates/site/{name}: {}", templates::chain(&e))))
}

/// Control characters other than tab and line breaks, which dossier text may carry (an
/// escape sequence pasted into a title), become U+FFFD: HTML allows none of them in a
/// page, and a browser or a tool reading the page source should see a mark, not act on one.
fn scrub_controls(page: String) -> String {
    let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
    if !page.chars().any(forbidden) {
        return page;
    }
    page.chars()
        .map(|c| if forbidden(c) { '\u{fffd}' } else { c })
        .collect()
}

/// A reference to an artifact for a template: ID, title, kind, status and link.
#[derive(Debug, Clone, serde::Serialize)]
struct ArtifactRef {
    id: String,
    title: String,
    kind: Kind,
    status: crate::model::Status,
    url: String,
}

fn artifact_ref(checked: &Checked, names: &PageNames, root: &str, i: usize) -> ArtifactRef {
    let a = &checked.artifacts[i];
    ArtifactRef {
        id: a.id().to_string(),
        title: a.envelope.title.value.clone(),
        kind: a.kind(),
        status: a.envelope.status.value,
        url: format!("{root}{}", names.by_index[i]),
    }
}

/// An ID that may or may not be an artifact: linked when it is.
#[derive(Debug, Clone, serde::Serialize)]
struct IdRef {
    id: String,
    url: Option<String>,
}

fn id_ref(names: &PageNames, root: &str, id: &str) -> IdRef {
    IdRef {
        id: id.to_string(),
        url: names.by_id.get(id).map(|p| format!("{root}{p}")),
    }
}

/// A page with a title only (the search page fills itself in the browser).
#[derive(serde::Serialize)]
struct TitleOnly {
    title: &'static str,
}

/// A kind's list page (`kind.html`).
#[derive(serde::Serialize)]
struct KindPage {
    title: String,
    kind: &'static str,
    /// The heading of the kind's own column (a threat's STRIDE category, a risk's residual
    /// state, a test's result, a control's state), if it has one.
    key: Option<&'static str>,
    rows: Vec<KindRow>,
}

/// The field a kind's list shows beside the common ones, and its heading.
fn key_field(kind: Kind) -> Option<(&'static str, &'static str)> {
    match kind {
        Kind::Threat => Some(("category", "STRIDE")),
        Kind::SecurityRisk => Some(("residual", "Residual risk")),
        Kind::SecurityControl => Some(("state", "State")),
        Kind::Test => Some(("result", "Result")),
        Kind::VulnAssessment => Some(("determination", "Determination")),
        _ => None,
    }
}

/// An artifact in its kind's list.
#[derive(serde::Serialize)]
struct KindRow {
    #[serde(flatten)]
    artifact: ArtifactRef,
    revision: Option<String>,
    /// Its value of the kind's own column, as a reader reads it.
    key: Option<String>,
    /// Its open (not waived) findings.
    findings: usize,
}

/// Findings by the ID of the artifact they are about.
fn findings_by_artifact(model: &Value) -> BTreeMap<String, Vec<Value>> {
    let mut map: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    if let Some(list) = model["findings"].as_array() {
        for f in list {
            if let Some(id) = f["artifact"].as_str() {
                map.entry(id.to_string()).or_default().push(f.clone());
            }
        }
    }
    map
}

/// One rendered artifact page: its path, its bytes, and the dossier files it links to.
type RenderedPage = (String, Vec<u8>, BTreeSet<String>);

/// The SBOM components each vulnerability record names, as (SBOM, component) indices by the
/// vulnerability's artifact index (the check's supply-chain index).
type Ships = BTreeMap<usize, Vec<(usize, usize)>>;

/// The text of an optional spanned string.
fn text_of(value: &Option<crate::model::Spanned<String>>) -> Option<String> {
    value.as_ref().map(|x| x.value.clone())
}

/// Renders every page of the site.
pub fn render_all(checked: &Checked, model: &Value, tera: &Tera) -> Result<Files, Fatal> {
    let names = page_names(checked);
    let site = site_context(checked, model);
    let findings = findings_by_artifact(model);
    let ships = &checked.supply.ships;
    // The change lists the check's history walk kept (build asks for them): rendering
    // reads no Git object.
    let no_changes = BTreeMap::new();
    let changes = checked
        .sources
        .history
        .as_ref()
        .map_or(&no_changes, |h| &h.changes);
    let mut files: Files = BTreeMap::new();

    // Artifact pages, in parallel; each collects the dossier files it links to.
    let pages: Vec<Result<RenderedPage, Fatal>> = (0..checked.artifacts.len())
        .into_par_iter()
        .map(|i| {
            let mut linked = BTreeSet::new();
            let context = PageContext {
                names: &names,
                findings: &findings,
                changes,
                ships,
                tera,
                site: &site,
            };
            let bytes = artifact_page(checked, &context, i, &mut linked)?;
            Ok((names.by_index[i].clone(), bytes, linked))
        })
        .collect();
    let mut copied: BTreeSet<String> = BTreeSet::new();
    for page in pages {
        let (name, bytes, linked) = page?;
        files.insert(name, bytes);
        copied.extend(linked);
    }

    for kind in Kind::ALL {
        let list = checked.graph.of_kind(*kind);
        if list.is_empty() {
            continue;
        }
        let mut rows: Vec<KindRow> = list
            .iter()
            .map(|&i| {
                let a = &checked.artifacts[i];
                let key = key_field(*kind).and_then(|(field, _)| {
                    let mut value = serde_json::to_value(a).ok()?;
                    crate::model::labels::label_fields(*kind, &mut value);
                    value.get(field)?.as_str().map(str::to_string)
                });
                KindRow {
                    artifact: artifact_ref(checked, &names, "../", i),
                    revision: a.envelope.revision.as_ref().map(|r| r.value.clone()),
                    key,
                    findings: findings
                        .get(a.id())
                        .map_or(0, |f| f.iter().filter(|x| x["deviation"].is_null()).count()),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.artifact.id.cmp(&b.artifact.id));
        let page = KindPage {
            title: kind_title(*kind),
            kind: kind.as_str(),
            key: key_field(*kind).map(|(_, heading)| heading),
            rows,
        };
        files.insert(
            format!("kinds/{}.html", kind.as_str()),
            render(tera, "kind.html", "../", &site, &page)?,
        );
    }

    files.insert(
        "index.html".into(),
        render(tera, "home.html", "", &site, &home(checked, model))?,
    );
    files.insert(
        "matrix.html".into(),
        render(tera, "matrix.html", "", &site, &matrix(model, &names))?,
    );
    files.insert(
        "gaps.html".into(),
        render(tera, "gaps.html", "", &site, &gaps(model, &names))?,
    );
    files.insert(
        "rules.html".into(),
        render(tera, "rules.html", "", &site, &rules(checked, &names))?,
    );
    let mut sbom_files = BTreeSet::new();
    files.insert(
        "sbom.html".into(),
        render(
            tera,
            "sbom.html",
            "",
            &site,
            &sbom(checked, &names, &mut sbom_files),
        )?,
    );
    copied.extend(sbom_files);
    files.insert(
        "mapping.html".into(),
        render(
            tera,
            "mapping.html",
            "",
            &site,
            &mapping::page(checked, &names),
        )?,
    );
    if let Some(page) = modifications(checked, model, &names) {
        files.insert(
            "modifications.html".into(),
            render(tera, "modifications.html", "", &site, &page)?,
        );
    }
    for &view in &checked.config.conformity {
        files.insert(
            super::conformity::page_path(view),
            render(
                tera,
                "conformity.html",
                "../",
                &site,
                &super::conformity::page(checked, &names, view),
            )?,
        );
    }
    files.insert(
        "search.html".into(),
        render(
            tera,
            "search.html",
            "",
            &site,
            &TitleOnly { title: "Search" },
        )?,
    );
    files.insert(
        "search-index.js".into(),
        search::index(checked, &names).into_bytes(),
    );

    // The dossier files pages link to (diagrams, reports, SBOMs), byte for byte.
    for rel in copied {
        if let Ok(bytes) = checked.sources.backing.read(&rel) {
            files.insert(format!("files/{rel}"), bytes);
        }
    }
    Ok(files)
}

/// The Modifications page (`modifications.html`): the prior authorized release and the
/// cybersecurity delta from it, with the findings of PRED-001.
#[derive(serde::Serialize)]
struct ModificationsPage<'a> {
    title: &'static str,
    prior: &'a crate::prior::PriorRelease,
    /// Every ID the delta names, linked when it is an artifact of the current dossier.
    links: BTreeMap<String, IdRef>,
    /// Controls, requirements, threats, risks and vulnerability records, each a titled table.
    groups: Vec<ChangeGroup<'a>>,
    /// The change records, which summarise the change.
    records: Vec<ArtifactRef>,
    /// PRED-001's open findings (from the shared finding view).
    findings: Vec<Value>,
}

/// One table of the Modifications page.
#[derive(serde::Serialize)]
struct ChangeGroup<'a> {
    title: &'static str,
    items: &'a [crate::prior::ItemChange],
}

fn modifications<'a>(
    checked: &'a Checked,
    model: &Value,
    names: &PageNames,
) -> Option<ModificationsPage<'a>> {
    let prior = checked.prior.as_ref()?;
    let mut links = BTreeMap::new();
    if let Some(delta) = &prior.delta {
        let ids = delta
            .interfaces
            .iter()
            .chain(&delta.controls)
            .chain(&delta.requirements)
            .chain(&delta.threats)
            .chain(&delta.risks)
            .chain(&delta.vulnerabilities)
            .map(|c| c.id.as_str())
            .chain(delta.components.iter().map(|c| c.sbom.as_str()));
        for id in ids {
            links.insert(id.to_string(), id_ref(names, "", id));
        }
    }
    let mut records: Vec<ArtifactRef> = checked
        .graph
        .of_kind(Kind::ChangeRecord)
        .iter()
        .map(|&i| artifact_ref(checked, names, "", i))
        .collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    let findings = model["findings"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|f| f["code"] == "PRED-001" && f["deviation"].is_null())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let groups = prior
        .delta
        .as_ref()
        .map(|d| {
            vec![
                ChangeGroup {
                    title: "Controls",
                    items: &d.controls,
                },
                ChangeGroup {
                    title: "Security requirements",
                    items: &d.requirements,
                },
                ChangeGroup {
                    title: "Threats",
                    items: &d.threats,
                },
                ChangeGroup {
                    title: "Security risks",
                    items: &d.risks,
                },
                ChangeGroup {
                    title: "Vulnerability records",
                    items: &d.vulnerabilities,
                },
            ]
        })
        .unwrap_or_default();
    Some(ModificationsPage {
        title: "Modifications: the comparison with the prior release",
        prior,
        links,
        groups,
        records,
        findings,
    })
}

/// What every artifact page draws on.
struct PageContext<'a> {
    names: &'a PageNames,
    findings: &'a BTreeMap<String, Vec<Value>>,
    changes: &'a BTreeMap<String, Vec<crate::source::Change>>,
    ships: &'a Ships,
    tera: &'a Tera,
    site: &'a SiteContext,
}

fn artifact_page(
    checked: &Checked,
    context: &PageContext,
    i: usize,
    linked: &mut BTreeSet<String>,
) -> Result<Vec<u8>, Fatal> {
    let (names, findings, tera, site) =
        (context.names, context.findings, context.tera, context.site);
    let root = "../";
    let a = &checked.artifacts[i];
    let links = Links {
        pages: &names.by_id,
        inventory: &checked.sources.inventory,
        root,
    };
    let mut value = serde_json::to_value(a).unwrap_or_default();
    if let Some(Value::Array(entries)) = value.get_mut("cvss") {
        crate::render::data::cvss_scores(entries);
    }
    crate::model::labels::label_fields(a.kind(), &mut value);
    // An approval's armored signature is for machines (the linked source file holds it); the
    // page shows who signed, in which role, with which key, under its signatures.
    if let Some(Value::Array(approvals)) = value.get_mut("approvals") {
        for approval in approvals {
            if let Some(signature) = approval.get_mut("signature").and_then(Value::as_object_mut) {
                signature.remove("sshsig");
            }
        }
    }
    let fields = html::fields(&value, &links, linked);
    let file = &checked.sources.file(a.file).path;
    let base = file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let body = a
        .markdown
        .as_deref()
        .map(|md| html::markdown(md, base, 2, &links, linked));
    // One entry per linked artifact, with every way the two are linked.
    let mut up: BTreeMap<(String, usize), (ArtifactRef, Vec<String>)> = BTreeMap::new();
    let mut down: BTreeMap<(String, usize), (ArtifactRef, Vec<String>)> = BTreeMap::new();
    // The change records that changed it are its history, not its trace: listed apart.
    let mut changed_by: BTreeMap<(String, usize), (ArtifactRef, Vec<String>)> = BTreeMap::new();
    let mut add = |side: Option<bool>, other: usize, via: String| {
        let map = match side {
            Some(true) => &mut up,
            Some(false) => &mut down,
            None => &mut changed_by,
        };
        let key = (checked.artifacts[other].id().to_string(), other);
        let entry = map
            .entry(key)
            .or_insert_with(|| (artifact_ref(checked, names, root, other), Vec::new()));
        if !entry.1.contains(&via) {
            entry.1.push(via);
        }
    };
    let record = |rel: Relation, other: usize| {
        matches!(rel, Relation::ChangeChanged | Relation::ChangeRef)
            && checked.artifacts[other].kind() == Kind::ChangeRecord
    };
    for (t, e) in checked.graph.outgoing(i) {
        add(
            (!record(e.rel, t)).then_some(!points_down(e.rel)),
            t,
            format!("named in {}", crate::model::changes::field_label(e.field)),
        );
    }
    for (s, e) in checked.graph.incoming(i) {
        add(
            (!record(e.rel, s)).then_some(points_down(e.rel)),
            s,
            format!(
                "names it in {}",
                crate::model::changes::field_label(e.field)
            ),
        );
    }
    let listed = |map: BTreeMap<(String, usize), (ArtifactRef, Vec<String>)>| -> Vec<Linked> {
        let mut list: Vec<Linked> = map
            .into_values()
            .map(|(artifact, via)| Linked {
                artifact,
                via: via.join("; "),
            })
            .collect();
        list.sort_by(|x, y| {
            (x.artifact.kind.as_str(), &x.artifact.id)
                .cmp(&(y.artifact.kind.as_str(), &y.artifact.id))
        });
        list
    };
    let (up, down, changed_by) = (listed(up), listed(down), listed(changed_by));
    let line = a.envelope.id.span.line;
    let mut own: Vec<Value> = findings.get(a.id()).cloned().unwrap_or_default();
    for f in &mut own {
        f["rule_url"] = json!(format!(
            "{root}rules.html#{}",
            f["code"].as_str().unwrap_or_default()
        ));
    }
    // A vulnerability's components in the SBOMs, so the thread runs from a vulnerability to
    // what ships it (and back, from the SBOM page).
    let shipped: Vec<Shipped> = context
        .ships
        .get(&i)
        .into_iter()
        .flatten()
        .map(|&(s, ci)| {
            let sbom = &checked.sboms[s];
            let c = &sbom.components[ci];
            Shipped {
                sbom: artifact_ref(checked, names, root, sbom.artifact),
                name: text_of(&c.name).unwrap_or_else(|| c.bom_ref.value.clone()),
                version: text_of(&c.version),
                url: format!("{root}sbom.html#cmp-{s}-{ci}"),
            }
        })
        .collect();
    let history = super::super::data::last_change(checked, a);
    let fingerprint = crate::model::fingerprint(a);
    linked.insert(file.clone());
    let page = ArtifactPage {
        title: format!("{} {}", a.id(), a.envelope.title.value),
        artifact: artifact_ref(checked, names, root, i),
        kind_title: kind_title(a.kind()),
        revision: a.envelope.revision.as_ref().map(|r| r.value.clone()),
        file: file.clone(),
        file_url: format!("{root}files/{}", html::url_path(file)),
        line,
        hash: fingerprint
            .trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect(),
        fingerprint,
        fields,
        body,
        up,
        down,
        changed_by,
        findings: own,
        signatures: crate::render::data::signatures_of(checked, a),
        history,
        shipped,
        changes: context.changes.get(a.id()).map(|list| {
            list.iter()
                .map(|c| ChangeEntry {
                    commit: c.commit.clone(),
                    short: c.commit.as_ref().map(|h| h.chars().take(12).collect()),
                    author: c.author.clone(),
                    date: c.date.to_string(),
                    summary: c.summary.clone(),
                })
                .collect()
        }),
    };
    render(tera, "artifact.html", root, site, &page)
}

/// An artifact's page (`artifact.html`): the template's contract.
#[derive(serde::Serialize)]
struct ArtifactPage {
    title: String,
    artifact: ArtifactRef,
    kind_title: String,
    revision: Option<String>,
    /// The file it is written in, its copy under `files/`, and the line of its `id:`.
    file: String,
    file_url: String,
    line: u32,
    /// The content fingerprint, whole and as its first 12 hex digits.
    hash: String,
    fingerprint: String,
    /// Its fields, as HTML (IDs and dossier files linked).
    fields: String,
    /// Its Markdown body, as sanitised HTML.
    body: Option<String>,
    /// What it names (up the trace) and what names it (down), with the fields that link them.
    up: Vec<Linked>,
    down: Vec<Linked>,
    /// The change records that changed it (or that it names).
    changed_by: Vec<Linked>,
    /// Its findings, each with a link to its rule.
    findings: Vec<Value>,
    /// Its signed approvals: who signed, in which role, with which key, whether it verifies.
    signatures: Vec<crate::render::data::SignatureRow>,
    /// The last change to its file.
    history: Value,
    /// For a vulnerability: the SBOM components that ship it.
    shipped: Vec<Shipped>,
    /// Every commit that changed it, newest first, when the build asked for them.
    changes: Option<Vec<ChangeEntry>>,
}

/// A linked artifact and the ways it is linked (`named in controls; names it in sources`).
#[derive(serde::Serialize)]
struct Linked {
    #[serde(flatten)]
    artifact: ArtifactRef,
    via: String,
}

/// A component, in an SBOM, that ships a vulnerability.
#[derive(serde::Serialize)]
struct Shipped {
    sbom: ArtifactRef,
    name: String,
    version: Option<String>,
    url: String,
}

/// A commit that changed an artifact.
#[derive(serde::Serialize)]
struct ChangeEntry {
    commit: Option<String>,
    short: Option<String>,
    author: Option<String>,
    date: String,
    summary: Option<String>,
}

/// The home page (`home.html`).
#[derive(serde::Serialize)]
struct HomePage {
    title: &'static str,
    /// Open findings per rule family, every family listed.
    families: Vec<FamilyCount>,
    device: Value,
    /// How many SBOMs, and components in them.
    sboms: usize,
    components: usize,
}

/// A rule family's open findings by severity.
#[derive(serde::Serialize)]
struct FamilyCount {
    family: String,
    errors: usize,
    warnings: usize,
    notes: usize,
}

fn home(checked: &Checked, model: &Value) -> HomePage {
    let mut families: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for rule in crate::rules::all() {
        families.entry(rule.family().to_string()).or_default();
    }
    for d in checked.diagnostics.iter().filter(|d| d.deviation.is_none()) {
        let family = crate::diag::view::family(d.code);
        let entry = families.entry(family.to_string()).or_default();
        match d.severity {
            crate::diag::Severity::Error => entry.0 += 1,
            crate::diag::Severity::Warning => entry.1 += 1,
            _ => entry.2 += 1,
        }
    }
    HomePage {
        title: "Home",
        families: families
            .into_iter()
            .map(|(family, (errors, warnings, notes))| FamilyCount {
                family,
                errors,
                warnings,
                notes,
            })
            .collect(),
        device: model["device"].clone(),
        sboms: checked.sboms.len(),
        components: checked.sboms.iter().map(|s| s.components.len()).sum(),
    }
}

/// The traceability page: the PDF's matrices (`trace` in the model), each ID a link.
fn matrix(model: &Value, names: &PageNames) -> Value {
    // Every string field named like an ID becomes `{id, url}`; lists of IDs item by item.
    fn linked(value: &Value, names: &PageNames) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            (
                                "from" | "to" | "threat" | "hazard" | "risk" | "vulnerability"
                                | "assessment" | "asset" | "sbom",
                                Value::String(id),
                            ) => id_value(names, id),
                            ("controls" | "tests", Value::Array(ids)) => Value::Array(
                                ids.iter()
                                    .filter_map(Value::as_str)
                                    .map(|id| id_value(names, id))
                                    .collect(),
                            ),
                            _ => linked(v, names),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|i| linked(i, names)).collect()),
            other => other.clone(),
        }
    }
    fn id_value(names: &PageNames, id: &str) -> Value {
        serde_json::to_value(id_ref(names, "", id)).unwrap_or_default()
    }
    let mut page = linked(&model["trace"], names);
    page["title"] = json!("Traceability matrices");
    page
}

/// The gap report (`gaps.html`): open findings grouped by rule, then the waived ones.
#[derive(serde::Serialize)]
struct GapsPage {
    title: &'static str,
    groups: Vec<GapGroup>,
    /// Findings the manifest's waivers turned into deviations.
    waived: Vec<Value>,
    /// The waivers, each with a link to its artifact.
    waivers: Vec<Value>,
}

/// A rule's open findings (each as in `dossier.json`, with `artifact_url`).
#[derive(serde::Serialize)]
struct GapGroup {
    code: String,
    name: Option<&'static str>,
    citation: Option<&'static str>,
    fix: Option<&'static str>,
    findings: Vec<Value>,
}

fn gaps(model: &Value, names: &PageNames) -> GapsPage {
    let mut by_rule: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut waived: Vec<Value> = Vec::new();
    for f in model["findings"].as_array().into_iter().flatten() {
        let mut f = f.clone();
        if let Some(id) = f["artifact"].as_str() {
            f["artifact_url"] = json!(names.by_id.get(id));
        }
        if f["deviation"].is_null() {
            by_rule
                .entry(f["code"].as_str().unwrap_or_default().to_string())
                .or_default()
                .push(f);
        } else {
            waived.push(f);
        }
    }
    let rules: BTreeMap<&str, &crate::rules::Rule> =
        crate::rules::all().iter().map(|r| (r.code, *r)).collect();
    let groups: Vec<GapGroup> = by_rule
        .into_iter()
        .map(|(code, findings)| {
            let rule = rules.get(code.as_str());
            GapGroup {
                name: rule.map(|r| r.name),
                citation: rule.map(|r| r.citation),
                fix: rule.map(|r| r.fix_hint),
                code,
                findings,
            }
        })
        .collect();
    let waivers: Vec<Value> = model["waivers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            let mut w = w.clone();
            if let Some(id) = w["artifact"].as_str() {
                w["artifact_url"] = json!(names.by_id.get(id));
            }
            w
        })
        .collect();
    GapsPage {
        title: "Gap report",
        groups,
        waived,
        waivers,
    }
}

/// The rule catalogue (`rules.html`).
#[derive(serde::Serialize)]
struct RulesPage {
    title: &'static str,
    rules: Vec<RuleEntry>,
}

/// A rule in the catalogue.
#[derive(serde::Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    severity: crate::diag::Severity,
    citation: &'static str,
    family: &'static str,
    /// Whether it applies to the dossier's profile.
    applies: bool,
    /// Its open findings in this dossier.
    open: usize,
    /// Its explanation and the messages it gives, as HTML.
    explanation: String,
}

fn rules(checked: &Checked, names: &PageNames) -> RulesPage {
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for d in checked.diagnostics.iter().filter(|d| d.deviation.is_none()) {
        *open.entry(d.code).or_default() += 1;
    }
    let links = Links {
        pages: &names.by_id,
        inventory: &BTreeSet::new(),
        root: "",
    };
    let profile = checked.config.profile;
    let rules = crate::rules::all()
        .iter()
        .map(|r| {
            let explanation = format!("{}\n{}", r.explanation_text(), r.messages_markdown());
            RuleEntry {
                code: r.code,
                name: r.name,
                severity: r.severity,
                citation: r.citation,
                family: r.family(),
                applies: r.applies_to(profile),
                open: open.get(r.code).copied().unwrap_or(0),
                // The explanation's `##` headings sit under the rule's `h3`.
                explanation: html::markdown(&explanation, "", 2, &links, &mut BTreeSet::new()),
            }
        })
        .collect();
    RulesPage {
        title: "Rule catalogue",
        rules,
    }
}

/// The SBOM page's context (`sbom.html`): the template's contract.
#[derive(serde::Serialize)]
struct SbomPage {
    title: &'static str,
    sboms: Vec<SbomEntry>,
}

/// One SBOM on the SBOM page.
#[derive(serde::Serialize)]
struct SbomEntry {
    /// The `sbom` artifact (ID, title, page link).
    artifact: ArtifactRef,
    path: String,
    file_url: String,
    format: Option<String>,
    spec_version: Option<String>,
    sha256: Option<String>,
    authors: Vec<String>,
    timestamp: Option<String>,
    /// Why the file cannot be read, if it cannot.
    problem: Option<String>,
    vex: Vec<VexEntry>,
    components: Vec<ComponentEntry>,
}

/// A VEX document of an SBOM.
#[derive(serde::Serialize)]
struct VexEntry {
    path: String,
    /// Its copy under `files/`, when it is a file of the dossier.
    url: Option<String>,
    format: Option<String>,
    statements: usize,
}

/// One component of an SBOM, with what is known about it.
#[derive(serde::Serialize)]
struct ComponentEntry {
    #[serde(rename = "ref")]
    bom_ref: String,
    name: Option<String>,
    version: Option<String>,
    supplier: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    origin: Option<String>,
    support: Option<String>,
    end_of_support: Option<String>,
    support_justification: Option<String>,
    /// How many hashes it carries.
    hashes: usize,
    /// Its vulnerabilities, by ID: from VEX, the assessments, then advisory matches.
    vulnerabilities: Vec<VulnerabilityStatus>,
}

/// A vulnerability of a component and where its status comes from.
#[derive(serde::Serialize)]
struct VulnerabilityStatus {
    /// The ID, linked to its page when the dossier records it.
    id: IdRef,
    status: String,
    /// `VEX (format)`, `assessment` or `advisories`.
    source: String,
}

fn sbom(checked: &Checked, names: &PageNames, files: &mut BTreeSet<String>) -> SbomPage {
    let release = checked.release();
    // The release's applicability from the assessments of a vulnerability.
    let assessed = |v: usize| -> Option<String> {
        let release = release?;
        checked
            .graph
            .sources(v, Relation::AssessmentVulnerability)
            .filter_map(|a| match &checked.artifacts[a].body {
                Body::VulnAssessment(b) => b
                    .per_version
                    .iter()
                    .find(|p| p.version.value.trim() == release)
                    .map(|p| p.applicability.value.to_string()),
                _ => None,
            })
            .next()
    };
    let mut list = Vec::new();
    for (s, loaded) in checked.sboms.iter().enumerate() {
        let art = &checked.artifacts[loaded.artifact];
        let path = match &art.body {
            Body::Sbom(b) => b.path.value.clone(),
            _ => String::new(),
        };
        if checked.sources.inventory.contains(&path) {
            files.insert(path.clone());
        }
        let mut components = Vec::new();
        for (ci, c) in loaded.components.iter().enumerate() {
            let mut statuses: BTreeMap<String, VulnerabilityStatus> = BTreeMap::new();
            let facts = checked.supply.facts((s, ci));
            for &(d, n) in &facts.vex {
                let vex = &loaded.vex[d];
                let st = &vex.doc.statements[n];
                statuses.insert(
                    st.vulnerability.clone(),
                    VulnerabilityStatus {
                        id: id_ref(names, "", &st.vulnerability),
                        status: st.status.to_string(),
                        source: format!(
                            "VEX ({})",
                            vex.doc.format.map(|f| f.to_string()).unwrap_or_default()
                        ),
                    },
                );
            }
            // The current vulnerability records that name the component.
            for &v in facts
                .records
                .iter()
                .filter(|&&v| !checked.artifacts[v].envelope.status.value.is_retired())
            {
                let id = checked.artifacts[v].id().to_string();
                statuses.insert(
                    id.clone(),
                    VulnerabilityStatus {
                        id: id_ref(names, "", &id),
                        status: assessed(v).unwrap_or_else(|| "not assessed".into()),
                        source: "assessment".into(),
                    },
                );
            }
            for m in facts.advisories.iter().map(|&m| &checked.advisories[m]) {
                statuses
                    .entry(m.id.clone())
                    .or_insert_with(|| VulnerabilityStatus {
                        id: id_ref(names, "", &m.id),
                        status: "advisory match".into(),
                        source: "advisories".into(),
                    });
            }
            components.push(ComponentEntry {
                bom_ref: c.bom_ref.value.clone(),
                name: text_of(&c.name),
                version: text_of(&c.version),
                supplier: text_of(&c.supplier),
                purl: text_of(&c.purl),
                cpe: text_of(&c.cpe),
                origin: c.origin.as_ref().map(|o| o.value.to_string()),
                support: c.level_of_support.as_ref().map(|o| o.value.to_string()),
                end_of_support: c.end_of_support.as_ref().map(|o| match o.value {
                    crate::model::EndOfSupport::Date(d) => d.to_string(),
                    crate::model::EndOfSupport::Unknown => "Unknown".to_string(),
                }),
                support_justification: text_of(&c.support_justification),
                hashes: c.hashes.len(),
                vulnerabilities: statuses.into_values().collect(),
            });
        }
        let vex: Vec<VexEntry> = loaded
            .vex
            .iter()
            .map(|v| {
                let url = checked.sources.inventory.contains(&v.path).then(|| {
                    files.insert(v.path.clone());
                    format!("files/{}", html::url_path(&v.path))
                });
                VexEntry {
                    path: v.path.clone(),
                    url,
                    format: v.doc.format.map(|f| f.to_string()),
                    statements: v.doc.statements.len(),
                }
            })
            .collect();
        list.push(SbomEntry {
            artifact: artifact_ref(checked, names, "", loaded.artifact),
            file_url: format!("files/{}", html::url_path(&path)),
            path,
            format: loaded.format.map(|f| f.to_string()),
            spec_version: loaded.spec_version.clone(),
            sha256: loaded.sha256.clone(),
            authors: loaded.authors.clone(),
            timestamp: loaded.timestamp.clone(),
            problem: loaded.problem.as_ref().map(|p| p.0.clone()),
            vex,
            components,
        });
    }
    SbomPage {
        title: "Software bill of materials",
        sboms: list,
    }
}

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

/// What every page shows in its header and footer.
fn site_context(checked: &Checked, model: &Value) -> Value {
    let device = &model["device"];
    json!({
        "device": device["id"],
        "device_title": device["title"],
        "release": model["release"],
        "provenance": model["provenance"]["summary"],
        "commit": model["provenance"]["record"]["commit"],
        "tool": format!("dossier {}", env!("CARGO_PKG_VERSION")),
        "date": model["build"]["date"],
        "source": model["build"]["source"],
        "profile": model["build"]["profile"],
        "summary": model["summary"],
        "evaluation": model["evaluation"],
        "kinds": Kind::ALL
            .iter()
            .filter(|k| !checked.graph.of_kind(**k).is_empty())
            .map(|k| json!({"kind": k.as_str(), "title": kind_title(*k), "count": checked.graph.of_kind(*k).len()}))
            .collect::<Vec<_>>(),
    })
}

fn render(
    tera: &Tera,
    name: &str,
    root: &str,
    site: &Value,
    page: Value,
) -> Result<Vec<u8>, Fatal> {
    let mut value = page;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("root".into(), json!(root));
        obj.insert("site".into(), site.clone());
    }
    let context = Context::from_value(value)
        .map_err(|e| Fatal::new(format!("site context: {}", templates::chain(&e))))?;
    tera.render(name, &context)
        .map(String::into_bytes)
        .map_err(|e| Fatal::new(format!("templates/site/{name}: {}", templates::chain(&e))))
}

/// A reference to an artifact for a template: ID, title, kind and link.
fn artifact_ref(checked: &Checked, names: &PageNames, root: &str, i: usize) -> Value {
    let a = &checked.artifacts[i];
    json!({
        "id": a.id(),
        "title": a.envelope.title.value,
        "kind": a.kind(),
        "status": a.envelope.status.value,
        "url": format!("{root}{}", names.by_index[i]),
    })
}

/// An ID reference that may or may not be an artifact.
fn id_ref(names: &PageNames, root: &str, id: &str) -> Value {
    json!({"id": id, "url": names.by_id.get(id).map(|p| format!("{root}{p}"))})
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
        let mut rows: Vec<(String, Value)> = list
            .iter()
            .map(|&i| {
                let mut r = artifact_ref(checked, &names, "../", i);
                let a = &checked.artifacts[i];
                let open = findings
                    .get(a.id())
                    .map_or(0, |f| f.iter().filter(|x| x["deviation"].is_null()).count());
                r["revision"] = json!(a.envelope.revision.as_ref().map(|r| r.value.clone()));
                r["findings"] = json!(open);
                (a.id().to_string(), r)
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let page = json!({
            "title": kind_title(*kind),
            "kind": kind.as_str(),
            "rows": rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
        });
        files.insert(
            format!("kinds/{}.html", kind.as_str()),
            render(tera, "kind.html", "../", &site, page)?,
        );
    }

    files.insert(
        "index.html".into(),
        render(tera, "home.html", "", &site, home(checked, model))?,
    );
    files.insert(
        "matrix.html".into(),
        render(tera, "matrix.html", "", &site, matrix(model, &names))?,
    );
    files.insert(
        "gaps.html".into(),
        render(tera, "gaps.html", "", &site, gaps(model, &names))?,
    );
    files.insert(
        "rules.html".into(),
        render(tera, "rules.html", "", &site, rules(checked, &names))?,
    );
    let mut sbom_files = BTreeSet::new();
    files.insert(
        "sbom.html".into(),
        render(
            tera,
            "sbom.html",
            "",
            &site,
            sbom(checked, &names, &mut sbom_files),
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
            mapping::page(checked, &names),
        )?,
    );
    files.insert(
        "search.html".into(),
        render(tera, "search.html", "", &site, json!({"title": "Search"}))?,
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

/// What every artifact page draws on.
struct PageContext<'a> {
    names: &'a PageNames,
    findings: &'a BTreeMap<String, Vec<Value>>,
    changes: &'a BTreeMap<String, Vec<crate::source::Change>>,
    ships: &'a Ships,
    tera: &'a Tera,
    site: &'a Value,
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
    let fields = html::fields(&value, &links, linked);
    let file = &checked.sources.file(a.file).path;
    let base = file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let body = a
        .markdown
        .as_deref()
        .map(|md| html::markdown(md, base, 2, &links, linked));
    // One entry per linked artifact, with every way the two are linked.
    let mut up: BTreeMap<(String, usize), (Value, Vec<String>)> = BTreeMap::new();
    let mut down: BTreeMap<(String, usize), (Value, Vec<String>)> = BTreeMap::new();
    let mut add = |side: bool, other: usize, via: String| {
        let map = if side { &mut up } else { &mut down };
        let key = (checked.artifacts[other].id().to_string(), other);
        let entry = map
            .entry(key)
            .or_insert_with(|| (artifact_ref(checked, names, root, other), Vec::new()));
        if !entry.1.contains(&via) {
            entry.1.push(via);
        }
    };
    for (t, e) in checked.graph.outgoing(i) {
        add(!points_down(e.rel), t, format!("named in {}", e.field));
    }
    for (s, e) in checked.graph.incoming(i) {
        add(points_down(e.rel), s, format!("names it in {}", e.field));
    }
    let listed = |map: BTreeMap<(String, usize), (Value, Vec<String>)>| -> Vec<Value> {
        let mut list: Vec<Value> = map
            .into_values()
            .map(|(mut r, via)| {
                r["via"] = json!(via.join("; "));
                r
            })
            .collect();
        list.sort_by(|x, y| {
            (x["kind"].as_str(), x["id"].as_str()).cmp(&(y["kind"].as_str(), y["id"].as_str()))
        });
        list
    };
    let (up, down) = (listed(up), listed(down));
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
    let shipped: Vec<Value> = context
        .ships
        .get(&i)
        .into_iter()
        .flatten()
        .map(|&(s, ci)| {
            let sbom = &checked.sboms[s];
            let c = &sbom.components[ci];
            json!({
                "sbom": artifact_ref(checked, names, root, sbom.artifact),
                "name": text_of(&c.name).unwrap_or_else(|| c.bom_ref.value.clone()),
                "version": text_of(&c.version),
                "url": format!("{root}sbom.html#cmp-{s}-{ci}"),
            })
        })
        .collect();
    let history = super::super::data::last_change(checked, a);
    let fingerprint = crate::model::fingerprint(a);
    linked.insert(file.clone());
    let page = json!({
        "title": format!("{} {}", a.id(), a.envelope.title.value),
        "artifact": artifact_ref(checked, names, root, i),
        "kind_title": kind_title(a.kind()),
        "revision": a.envelope.revision.as_ref().map(|r| r.value.clone()),
        "file": file,
        "file_url": format!("{root}files/{}", html::url_path(file)),
        "line": line,
        "hash": fingerprint.trim_start_matches("sha256:").chars().take(12).collect::<String>(),
        "fingerprint": fingerprint,
        "fields": fields,
        "body": body,
        "up": up,
        "down": down,
        "findings": own,
        "history": history,
        "shipped": shipped,
        "changes": context.changes.get(a.id()).map(|list| {
            list.iter()
                .map(|c| json!({
                    "commit": c.commit,
                    "short": c.commit.as_ref().map(|h| h.chars().take(12).collect::<String>()),
                    "author": c.author,
                    "date": c.date.to_string(),
                    "summary": c.summary,
                }))
                .collect::<Vec<_>>()
        }),
    });
    render(tera, "artifact.html", root, site, page)
}

fn home(checked: &Checked, model: &Value) -> Value {
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
    let families: Vec<Value> = families
        .into_iter()
        .map(|(f, (e, w, n))| json!({"family": f, "errors": e, "warnings": w, "notes": n}))
        .collect();
    json!({
        "title": "Home",
        "families": families,
        "device": model["device"],
        "sboms": model["sboms"].as_array().map_or(0, Vec::len),
        "components": model["sboms"].as_array().map_or(0, |s| s.iter().map(|x| x["components"].as_array().map_or(0, Vec::len)).sum::<usize>()),
    })
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
                            ) => id_ref(names, "", id),
                            ("controls" | "tests", Value::Array(ids)) => Value::Array(
                                ids.iter()
                                    .filter_map(Value::as_str)
                                    .map(|id| id_ref(names, "", id))
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
    let mut page = linked(&model["trace"], names);
    page["title"] = json!("Traceability matrices");
    page
}

fn gaps(model: &Value, names: &PageNames) -> Value {
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
    let groups: Vec<Value> = by_rule
        .into_iter()
        .map(|(code, list)| {
            let rule = rules.get(code.as_str());
            json!({
                "code": code,
                "name": rule.map(|r| r.name),
                "citation": rule.map(|r| r.citation),
                "fix": rule.map(|r| r.fix_hint),
                "findings": list,
            })
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
    json!({"title": "Gap report", "groups": groups, "waived": waived, "waivers": waivers})
}

fn rules(checked: &Checked, names: &PageNames) -> Value {
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
    let list: Vec<Value> = crate::rules::all()
        .iter()
        .map(|r| {
            let explanation = r.explanation_text();
            json!({
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "citation": r.citation,
                "family": r.family(),
                "applies": r.applies_to(profile),
                "open": open.get(r.code).copied().unwrap_or(0),
                // The explanation's `##` headings sit under the rule's `h3`.
                "explanation": html::markdown(&explanation, "", 2, &links, &mut BTreeSet::new()),
            })
        })
        .collect();
    json!({"title": "Rule catalogue", "rules": list})
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
    artifact: Value,
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
    id: Value,
    status: String,
    /// `VEX (format)`, `assessment` or `advisories`.
    source: String,
}

fn sbom(checked: &Checked, names: &PageNames, files: &mut BTreeSet<String>) -> Value {
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
    serde_json::to_value(SbomPage {
        title: "Software bill of materials",
        sboms: list,
    })
    .unwrap_or_default()
}

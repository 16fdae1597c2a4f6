//! The JSON model of a checked dossier: what the templates read (`data.json` inside the
//! typst world) and what `build` writes as `dossier.json`.
//!
//! Everything is sorted and derived from the inputs only, so the same dossier gives the same
//! bytes. Artifact text is data here; templates print it, never evaluate it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::markdown;
use crate::Checked;
use crate::model::{Body, Date, Kind, fingerprint};

/// The build facts that are not in the dossier itself.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    /// The document date.
    pub date: Date,
    /// Where the dossier came from (folder, or revision).
    pub source: String,
}

fn short_hash(artifact: &crate::model::Artifact) -> String {
    fingerprint(artifact)
        .trim_start_matches("sha256:")
        .chars()
        .take(12)
        .collect()
}

/// The commit, author and date of an artifact's last change, when the dossier is read from
/// Git (`commit` is null for an uncommitted change), and the evidence file it changed when
/// it was one.
pub(crate) fn last_change(checked: &Checked, artifact: &crate::model::Artifact) -> Value {
    let Some(history) = &checked.sources.history else {
        return Value::Null;
    };
    match history.artifact(artifact.id(), &checked.sources.file(artifact.file).path) {
        Some(h) => json!({
            "commit": h.commit,
            "short": h.commit.as_ref().map(|c| c.chars().take(12).collect::<String>()),
            "author": h.author,
            "date": h.last_change.to_string(),
            "changed_since_baseline": h.changed_since_baseline,
            "evidence": h.evidence,
        }),
        None => Value::Null,
    }
}

/// Adds to each CVSS entry the scores its vector gives (base, temporal, environmental,
/// rating), so readers see what the vector means, not only what someone wrote beside it.
/// A vector that does not score gets none (VULN-002 reports it).
pub(crate) fn cvss_scores(entries: &mut [Value]) {
    for entry in entries {
        let Some(vector) = entry.get("vector").and_then(Value::as_str) else {
            continue;
        };
        if let Ok(s) = crate::model::cvss::score(vector)
            && let Some(map) = entry.as_object_mut()
        {
            map.insert(
                "scores".into(),
                json!({
                    "version": s.version,
                    "base": s.score,
                    "severity": s.severity(),
                    "temporal": s.temporal,
                    "environmental": s.environmental,
                }),
            );
        }
    }
}

/// Every waiver the manifest records, with its state at the evaluation date: `in force`
/// (with the findings it covers), `expired` or `unused`. A deviation that no longer applies
/// stays in the record, marked, rather than disappearing from the submission.
fn waivers(checked: &Checked, as_of: Date) -> Vec<Value> {
    checked
        .config
        .manifest
        .waivers
        .iter()
        .map(|w| {
            let covers = checked
                .diagnostics
                .iter()
                .filter(|d| {
                    d.code.eq_ignore_ascii_case(w.rule.value.trim())
                        && d.artifact.as_deref() == Some(w.artifact.value.as_str())
                })
                .count();
            let expired = w.expires.as_ref().is_some_and(|e| e.value < as_of);
            let state = if expired {
                "expired"
            } else if covers == 0 {
                "unused"
            } else {
                "in force"
            };
            json!({
                "rule": w.rule.value,
                "artifact": w.artifact.value,
                "justification": w.justification.value,
                "approved_by": w.approved_by.value,
                "date": w.date.value.to_string(),
                "expires": w.expires.as_ref().map(|e| e.value.to_string()),
                "state": state,
                "findings": covers,
            })
        })
        .collect()
}

/// The evidence files the PDF carries inside it (PDF/A-3 associated files): each SBOM and
/// VEX document, and each test report's original, with its SHA-256, so the PDF alone is the
/// complete record. Only files of the dossier that can be read are listed. `class` (`sbom`,
/// `vex`, `report`) is what the eSTAR pack sorts them by; `what` is for the reader.
fn attachments(checked: &Checked) -> Vec<Value> {
    let mut wanted: Vec<(&str, &str, &str)> = Vec::new();
    for &i in checked.graph.of_kind(Kind::Sbom) {
        let a = &checked.artifacts[i];
        if let (false, Body::Sbom(b)) = (a.envelope.status.value.is_retired(), &a.body) {
            wanted.push((b.path.value.as_str(), a.id(), "sbom"));
            wanted.extend(b.vex.iter().map(|v| (v.value.as_str(), a.id(), "vex")));
        }
    }
    for &i in checked.graph.of_kind(Kind::TestReport) {
        let a = &checked.artifacts[i];
        if let (false, Body::TestReport(b)) = (a.envelope.status.value.is_retired(), &a.body)
            && let Some(original) = &b.original_report
        {
            wanted.push((original.path.value.as_str(), a.id(), "report"));
        }
    }
    let mut out: Vec<Value> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (path, of, class) in wanted {
        let path = path.trim();
        if !checked.sources.inventory.contains(path) || !seen.insert(path) {
            continue;
        }
        let Ok(bytes) = checked.sources.backing.read(path) else {
            continue;
        };
        use sha2::Digest;
        let (what, relationship) = match class {
            "sbom" => ("SBOM", "data"),
            "vex" => ("VEX document", "data"),
            _ => ("Original test report", "supplement"),
        };
        out.push(json!({
            "path": path,
            "of": of,
            "class": class,
            "what": what,
            "sha256": hex::encode(sha2::Sha256::digest(&bytes)),
            "bytes": bytes.len(),
            // The bare type: a PDF names an attachment's subtype without parameters.
            "mime": super::media::content_type(path).split(';').next().unwrap_or_default(),
            "relationship": relationship,
        }));
    }
    name_attachments(&mut out);
    out
}

/// The file name each attachment has inside the PDF: its own name (a reader saves it under
/// that name, so no folders), or the path with `/` as `_` where two share a name.
fn name_attachments(out: &mut [Value]) {
    // Letters, digits, `.`, `-` and `_` only: the name is a file name in the PDF and in the
    // eSTAR pack, whatever characters the dossier's file names hold.
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let base = |v: &Value| {
        let path = v["path"].as_str().unwrap_or_default();
        safe(path.rsplit('/').next().unwrap_or(path))
    };
    let mut uses: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for v in out.iter() {
        *uses.entry(base(v)).or_default() += 1;
    }
    for v in out.iter_mut() {
        let name = base(v);
        let shared = uses.get(&name).is_some_and(|n| *n > 1);
        let path = safe(v["path"].as_str().unwrap_or_default());
        v["name"] = json!(if shared { path } else { name });
    }
}

/// The manifest's `document:` (the submission document's number, revision, contact,
/// approvals and whether the cover carries the verdict), with its defaults.
fn document(checked: &Checked) -> DocumentInfo {
    let text = |v: &Option<crate::model::Spanned<String>>| v.as_ref().map(|s| s.value.clone());
    let d = checked.config.manifest.document.clone().unwrap_or_default();
    DocumentInfo {
        title: text(&d.title).unwrap_or_else(|| "Premarket cybersecurity documentation".into()),
        number: text(&d.number),
        revision: text(&d.revision),
        contact: d.contact.as_ref().map(|c| Contact {
            name: c.name.value.clone(),
            role: text(&c.role),
            email: text(&c.email),
            phone: text(&c.phone),
            address: text(&c.address),
        }),
        approvals: d
            .approvals
            .iter()
            .map(|a| DocumentApproval {
                name: a.name.value.clone(),
                role: a.role.value.clone(),
                date: a.date.value.to_string(),
            })
            .collect(),
        verdict_on_cover: d.verdict_on_cover.as_ref().is_none_or(|v| v.value),
    }
}

/// The data model the submission's typst template reads (`data` in the template): the
/// template's contract. Serialised to JSON with its keys in alphabetical order, so the
/// same dossier gives the same bytes.
#[derive(Serialize)]
struct SubmissionModel<'a> {
    tool: Tool,
    build: BuildView,
    provenance: ProvenanceView,
    /// The release being submitted, from the manifest.
    release: Option<String>,
    document: DocumentInfo,
    /// The device artifact the manifest names.
    device: Option<Value>,
    /// Every artifact by kind, sorted by ID, each with its links, file, fingerprint and
    /// Markdown body as blocks.
    artifacts: Map<String, Value>,
    /// Every ID the document can link to. A dictionary, so that the template's
    /// `id in data.ids` is a hash lookup: an array made every cross-reference a linear scan,
    /// quadratic in the dossier's size.
    ids: BTreeMap<String, bool>,
    /// The dossier's files the template may embed (images over the limits left out, so the
    /// template never decodes them).
    files: Vec<String>,
    /// The artifact register: one row per artifact.
    register: Vec<RegisterRow>,
    /// Every signed approval: who signed, in which role, with which key, and whether the
    /// signature verifies (SIGN-001), by artifact ID and date.
    signatures: Vec<SignatureRow>,
    /// What the submission states about known vulnerabilities (§10, PMC §VII.D).
    vulnerability_statement: super::statements::VulnerabilityStatement,
    /// The related systems the assets and interfaces name (§9), with what assesses them.
    related_systems: Vec<RelatedRow>,
    /// The prior authorized release and the cybersecurity delta from it (§10), when the
    /// manifest names one.
    prior: Option<&'a crate::prior::PriorRelease>,
    /// The traceability matrices, one row per adjacent link (see trace.rs).
    trace: super::trace::Trace,
    /// The findings and their counts (the one finding view every output shares).
    findings: Vec<crate::diag::view::Finding<'a>>,
    summary: crate::diag::view::Summary,
    waivers: Vec<Value>,
    evaluation: crate::Evaluation,
    overrides: Value,
    sboms: Vec<SbomModel>,
    attachments: Vec<Value>,
    metrics: Option<crate::metrics::Metrics>,
    rules: Vec<RuleSummary>,
    /// How each vocabulary's values read: the template prints `lbl(vocabulary, value)`.
    labels: Value,
}

/// The tool that built the document.
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The build's date, where the dossier was read from, and the submission profile.
#[derive(Serialize)]
struct BuildView {
    date: String,
    source: String,
    profile: &'static str,
}

/// Where the dossier was read from: in one line, and the whole record.
#[derive(Serialize)]
struct ProvenanceView {
    summary: String,
    record: Value,
}

/// The manifest's `document:`, with its defaults.
#[derive(Serialize)]
struct DocumentInfo {
    title: String,
    number: Option<String>,
    revision: Option<String>,
    contact: Option<Contact>,
    approvals: Vec<DocumentApproval>,
    verdict_on_cover: bool,
}

/// The submission's contact person.
#[derive(Serialize)]
struct Contact {
    name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

/// A signature block on the document.
#[derive(Serialize)]
struct DocumentApproval {
    name: String,
    role: String,
    date: String,
}

/// A row of the artifact register.
#[derive(Serialize)]
struct RegisterRow {
    id: String,
    kind: Kind,
    title: String,
    revision: Option<String>,
    status: crate::model::Status,
    /// The latest approval's approver and date.
    approver: Option<String>,
    approved_on: Option<String>,
    hash: String,
    last_change: Value,
    /// Whether this row is the link target of its ID (the first artifact with it).
    anchor: bool,
}

/// One signed approval as the register's table of signatures lists it.
#[derive(Serialize)]
pub(crate) struct SignatureRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) meaning: &'static str,
    pub(crate) date: String,
    /// The signer's key fingerprint, as the approval records it.
    pub(crate) key: String,
    /// Whether the signature verifies against the allowed-signers file (a reader must not
    /// take a broken signature for a signature: SIGN-001 says why it is not one).
    pub(crate) verified: bool,
}

/// Every signed approval of the dossier, by artifact ID, then date, then name.
pub(crate) fn signatures(checked: &Checked) -> Vec<SignatureRow> {
    let mut rows: Vec<SignatureRow> = checked
        .artifacts
        .iter()
        .flat_map(|a| signatures_of(checked, a))
        .collect();
    rows.sort_by(|x, y| (&x.id, &x.date, &x.name).cmp(&(&y.id, &y.date, &y.name)));
    rows
}

/// The signed approvals of one artifact, in the order written.
pub(crate) fn signatures_of(checked: &Checked, a: &crate::model::Artifact) -> Vec<SignatureRow> {
    a.envelope
        .approvals
        .iter()
        .filter_map(|ap| {
            let signature = ap.signature.as_ref()?;
            Some(SignatureRow {
                id: a.id().to_string(),
                name: ap.name.value.trim().to_string(),
                role: ap.role.value.trim().to_string(),
                meaning: crate::sign::meaning_word(ap.meaning.as_ref().map(|m| m.value)),
                date: ap.date.value.to_string(),
                key: signature.key.value.trim().to_string(),
                verified: matches!(
                    crate::sign::verify(a.id(), ap, &checked.signers),
                    Some(Ok(_))
                ),
            })
        })
        .collect()
}

/// An SBOM as the document lists it.
#[derive(Serialize)]
struct SbomModel {
    id: String,
    title: String,
    path: String,
    sha256: Option<String>,
    format: Option<crate::model::SbomFormat>,
    spec_version: Option<String>,
    authors: Vec<String>,
    timestamp: Option<String>,
    root: Option<String>,
    problem: Option<String>,
    /// Its components, each with the addendum's replacement plan and risks.
    components: Vec<Value>,
    vex: Vec<VexModel>,
}

/// A VEX document of an SBOM.
#[derive(Serialize)]
struct VexModel {
    path: String,
    format: Option<String>,
    statements: usize,
}

/// A rule, for the document's rule table.
#[derive(Serialize)]
struct RuleSummary {
    code: &'static str,
    name: &'static str,
    severity: crate::diag::Severity,
    citation: &'static str,
    summary: String,
}

/// The whole model as JSON.
pub fn model(checked: &Checked, info: &BuildInfo) -> Value {
    let artifacts = &checked.artifacts;
    let graph = &checked.graph;
    let mut by_kind: Map<String, Value> = Map::new();
    // Each ID gets one link target in the document: the first artifact that has it, and
    // only if the ID is a valid typst label name.
    let mut anchored = std::collections::BTreeSet::new();
    let linkable = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    // IDs that prose may name and the document can link to.
    let known: std::collections::BTreeSet<&str> = artifacts
        .iter()
        .map(|a| a.id())
        .filter(|id| linkable(id))
        .collect();
    let is_id = |t: &str| known.contains(t);
    for kind in Kind::ALL {
        let mut list: Vec<Value> = Vec::new();
        for &i in graph.of_kind(*kind) {
            let a = &artifacts[i];
            let mut value = serde_json::to_value(a).unwrap_or_default();
            if let Some(obj) = value.as_object_mut() {
                obj.insert("hash".into(), json!(short_hash(a)));
                let anchor = linkable(a.id()) && anchored.insert(a.id().to_string());
                obj.insert("anchor".into(), json!(anchor));
                obj.insert("file".into(), json!(checked.sources.file(a.file).path));
                obj.insert("last_change".into(), last_change(checked, a));
                if let Some(md) = &a.markdown {
                    let mut blocks = markdown::to_blocks(md);
                    // Its numbered headings are link targets only where it is the one
                    // current artifact of its ID (so every anchor is placed once).
                    let owner = (anchor && !a.envelope.status.value.is_retired()).then(|| a.id());
                    let sections = markdown::link_references(&mut blocks, owner, &is_id);
                    obj.insert("markdown".into(), blocks);
                    obj.insert("sections".into(), json!(sections));
                }
                if let Some(Value::Array(entries)) = obj.get_mut("cvss") {
                    cvss_scores(entries);
                }
                let out: Vec<Value> = graph
                    .outgoing(i)
                    .map(|(t, e)| json!({"rel": e.rel.as_str(), "field": e.field, "id": artifacts[t].id(), "kind": artifacts[t].kind()}))
                    .collect();
                let incoming: Vec<Value> = graph
                    .incoming(i)
                    .map(|(s, e)| json!({"rel": e.rel.as_str(), "field": e.field, "id": artifacts[s].id(), "kind": artifacts[s].kind()}))
                    .collect();
                obj.insert("links_out".into(), Value::Array(out));
                obj.insert("links_in".into(), Value::Array(incoming));
            }
            list.push(value);
        }
        list.sort_by(|x, y| x["id"].as_str().cmp(&y["id"].as_str()));
        by_kind.insert(kind.as_str().to_string(), Value::Array(list));
    }
    let register: Vec<RegisterRow> = {
        let mut first = std::collections::BTreeSet::new();
        let mut rows: Vec<RegisterRow> = artifacts
            .iter()
            .map(|a| {
                // The register anchors the artifacts no section shows (device, SBOMs,
                // retired revisions); one anchor per ID.
                let anchor = linkable(a.id()) && first.insert(a.id().to_string());
                let last = a.envelope.approvals.iter().max_by_key(|x| x.date.value);
                RegisterRow {
                    id: a.id().to_string(),
                    kind: a.kind(),
                    title: a.envelope.title.value.clone(),
                    revision: a.envelope.revision.as_ref().map(|r| r.value.clone()),
                    status: a.envelope.status.value,
                    approver: last.map(|x| x.name.value.clone()),
                    approved_on: last.map(|x| x.date.value.to_string()),
                    hash: short_hash(a),
                    last_change: last_change(checked, a),
                    anchor,
                }
            })
            .collect();
        rows.sort_by(|x, y| x.id.cmp(&y.id));
        rows
    };
    // The one view of the findings every output shares (diag::view).
    let view =
        crate::diag::view::Findings::of(&checked.sources, &checked.diagnostics, artifacts.len());
    let sboms: Vec<SbomModel> = checked
        .sboms
        .iter()
        .map(|s| {
            let art = &artifacts[s.artifact];
            SbomModel {
                id: art.id().to_string(),
                title: art.envelope.title.value.clone(),
                path: match &art.body {
                    Body::Sbom(b) => b.path.value.clone(),
                    _ => String::new(),
                },
                sha256: s.sha256.clone(),
                format: s.format,
                spec_version: s.spec_version.clone(),
                authors: s.authors.clone(),
                timestamp: s.timestamp.clone(),
                root: s.root.clone(),
                problem: s.problem.as_ref().map(|p| p.0.clone()),
                components: s
                    .components
                    .iter()
                    .map(|c| {
                        // The addendum's replacement plan and risks (SBOM-EOS-003 checks them).
                        let entry = match &art.body {
                            Body::Sbom(b) => s.addendum_entry(&b.addendum, c),
                            _ => None,
                        };
                        let mut value = serde_json::to_value(c).unwrap_or(Value::Null);
                        if let (Some(entry), Value::Object(map)) = (entry, &mut value) {
                            if let Some(plan) = &entry.replacement_plan {
                                map.insert("replacement_plan".into(), json!(plan.value));
                            }
                            if !entry.risks.is_empty() {
                                map.insert(
                                    "replacement_risks".into(),
                                    json!(entry.risks.iter().map(|r| &r.value).collect::<Vec<_>>()),
                                );
                            }
                        }
                        value
                    })
                    .collect(),
                vex: s
                    .vex
                    .iter()
                    .filter(|v| !v.path.is_empty())
                    .map(|v| VexModel {
                        path: v.path.clone(),
                        format: v.doc.format.map(|f| f.to_string()),
                        statements: v.doc.statements.len(),
                    })
                    .collect(),
            }
        })
        .collect();
    let device = checked
        .config
        .manifest
        .device
        .as_ref()
        .and_then(|d| graph.index.get(d.value.trim()))
        .map(|&i| &artifacts[i]);
    let metrics = device.and_then(|d| match &d.body {
        Body::Device(body) => Some(crate::metrics::compute(artifacts, graph, body)),
        _ => None,
    });
    let rules: Vec<RuleSummary> = crate::rules::all()
        .iter()
        .map(|r| RuleSummary {
            code: r.code,
            name: r.name,
            severity: r.severity,
            citation: r.citation,
            summary: r.summary(),
        })
        .collect();
    let ids: Vec<&str> = {
        let mut v: Vec<&str> = artifacts
            .iter()
            .map(|a| a.id())
            .filter(|id| linkable(id))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let model = SubmissionModel {
        tool: Tool {
            name: "dossier",
            version: env!("CARGO_PKG_VERSION"),
        },
        build: BuildView {
            date: info.date.to_string(),
            source: info.source.clone(),
            profile: checked.config.profile.as_str(),
        },
        provenance: ProvenanceView {
            summary: checked.sources.provenance.summary(),
            record: serde_json::to_value(&checked.sources.provenance).unwrap_or_default(),
        },
        release: checked
            .config
            .manifest
            .release
            .as_ref()
            .map(|r| r.value.clone()),
        document: document(checked),
        device: device.map(|d| serde_json::to_value(d).unwrap_or_default()),
        artifacts: by_kind,
        ids: ids.iter().map(|id| (id.to_string(), true)).collect(),
        files: checked
            .sources
            .inventory
            .iter()
            .filter(|f| !checked.refused_images.contains(*f))
            .cloned()
            .collect(),
        register,
        signatures: signatures(checked),
        vulnerability_statement: super::statements::vulnerabilities(checked),
        related_systems: related_rows(checked),
        prior: checked.prior.as_ref(),
        trace: super::trace::compute(checked),
        findings: view.findings,
        summary: view.summary,
        waivers: waivers(checked, info.date),
        evaluation: checked.evaluation.clone(),
        overrides: crate::report::overrides(checked),
        sboms,
        attachments: attachments(checked),
        metrics,
        rules,
        labels: crate::model::labels::to_json(),
    };
    // Every part is plain data; a failure here would be a bug in a Serialize impl.
    serde_json::to_value(model).unwrap_or_default()
}

/// A related system as §9 lists it: its parts and what assesses it, by ID.
#[derive(Debug, Serialize)]
struct RelatedRow {
    name: String,
    /// The role's value (`update_infrastructure`), which the template labels.
    role: crate::model::RelatedRole,
    parts: Vec<String>,
    threats: Vec<String>,
    risks: Vec<String>,
    controls: Vec<String>,
}

fn related_rows(checked: &Checked) -> Vec<RelatedRow> {
    let ids = |set: &std::collections::BTreeSet<usize>| -> Vec<String> {
        set.iter()
            .map(|&i| checked.artifacts[i].id().to_string())
            .collect()
    };
    crate::graph::related_systems(&checked.artifacts, &checked.graph)
        .into_iter()
        .map(|s| RelatedRow {
            parts: ids(&s.assets.union(&s.interfaces).copied().collect()),
            threats: ids(&s.threats),
            risks: ids(&s.risks),
            controls: ids(&s.controls),
            name: s.name,
            role: s.role,
        })
        .collect()
}

//! The impact query: which dossiers (devices and releases) ship a component or are hit by a
//! vulnerability, and how each one assessed it. What a manufacturer runs the day a new
//! URGENT/11 or SweynTooth is published, across every product line at once.

use serde::Serialize;

use crate::Checked;
use crate::model::{Body, Kind};
use crate::purl;

/// What is asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A package (`pkg:type/ns/name`, with or without `@version`).
    Purl {
        /// The package key.
        key: String,
        /// The version asked about, if any.
        version: Option<String>,
    },
    /// A vulnerability or advisory ID (`CVE-...`, `GHSA-...`).
    Id(String),
    /// A component as people name it: `mbedtls`, `mbedtls@3.6.2`.
    Name {
        /// The component's name (compared without case).
        name: String,
        /// The version asked about, if any.
        version: Option<String>,
    },
}

/// Whether a text is written like a vulnerability or advisory ID: an upper-case prefix, a
/// dash, then letters, digits and dashes (`CVE-2024-28755`, `GHSA-xxxx-yyyy-zzzz`,
/// `RUSTSEC-2024-0001`, `PYSEC-2021-1`, `GO-2022-0001`), or an ID from the dossier itself
/// (`VUL-2026-001`).
fn looks_like_id(text: &str) -> bool {
    let Some((prefix, rest)) = text.split_once('-') else {
        return false;
    };
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && prefix.starts_with(|c: char| c.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && rest.chars().any(|c| c.is_ascii_digit())
}

impl Query {
    /// Reads a query: a purl, an ID, else a component's name (with `@version`).
    pub fn parse(text: &str) -> Result<Query, String> {
        let text = text.trim();
        if text.starts_with("pkg:") {
            let parsed = purl::parse(text)?;
            return Ok(Query::Purl {
                key: parsed.key,
                version: parsed.version,
            });
        }
        if text.is_empty() {
            return Err("name a purl (pkg:...), a vulnerability ID (CVE-..., GHSA-...) or a component (mbedtls, mbedtls@3.6.2)".into());
        }
        if looks_like_id(text) {
            return Ok(Query::Id(text.to_string()));
        }
        let (name, version) = match text.rsplit_once('@') {
            Some((name, version)) if !name.is_empty() && !version.is_empty() => {
                (name, Some(version.to_string()))
            }
            _ => (text, None),
        };
        Ok(Query::Name {
            name: name.to_string(),
            version,
        })
    }

    /// Whether the query names a component (by purl or name), rather than a vulnerability.
    pub fn is_component(&self) -> bool {
        !matches!(self, Query::Id(_))
    }
}

/// A version without the `v` prefix tags carry.
fn bare(version: &str) -> &str {
    version.trim().trim_start_matches(['v', 'V'])
}

/// Whether a component is the one a name query asks about: its name, or the name in its
/// purl, is the name asked (without case); and its version, if one is asked.
fn named(component: &crate::model::Component, name: &str, version: Option<&str>) -> bool {
    let parsed = component
        .purl
        .as_ref()
        .and_then(|p| purl::parse(&p.value).ok());
    let purl_name = parsed
        .as_ref()
        .and_then(|p| p.key.rsplit('/').next().map(str::to_string));
    let name_matches = component
        .name
        .as_ref()
        .is_some_and(|n| n.value.trim().eq_ignore_ascii_case(name))
        || purl_name.is_some_and(|n| n.eq_ignore_ascii_case(name));
    let version_matches = version.is_none_or(|wanted| {
        let own = component
            .version
            .as_ref()
            .map(|v| v.value.clone())
            .or_else(|| parsed.as_ref().and_then(|p| p.version.clone()));
        own.is_some_and(|own| bare(&own) == bare(wanted))
    });
    name_matches && version_matches
}

/// A component of one dossier's SBOMs that the query names.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentHit {
    /// The SBOM file.
    pub sbom: String,
    /// Component name.
    pub name: String,
    /// Component version.
    pub version: Option<String>,
    /// Its purl.
    pub purl: Option<String>,
}

/// One assessment of the vulnerability in one dossier.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentHit {
    /// The assessment's ID.
    pub id: String,
    /// Its status (draft, approved...).
    pub status: String,
    /// Per device version: version, applicability, justification.
    pub per_version: Vec<(String, String, Option<String>)>,
}

/// A vulnerability the query names, as one dossier records it.
#[derive(Debug, Clone, Serialize)]
pub struct VulnerabilityHit {
    /// The vulnerability's ID in the dossier.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The components it lists.
    pub components: Vec<String>,
    /// Its assessments.
    pub assessments: Vec<AssessmentHit>,
}

/// A VEX statement the query names.
#[derive(Debug, Clone, Serialize)]
pub struct VexHit {
    /// The VEX document (or SBOM) it is written in.
    pub document: String,
    /// Its format.
    pub format: String,
    /// The statement, normalised.
    pub statement: crate::vex::VexStatement,
}

/// One dossier's answer.
#[derive(Debug, Clone, Serialize)]
pub struct DossierImpact {
    /// The dossier folder as given.
    pub dossier: String,
    /// The device (manifest `device`).
    pub device: Option<String>,
    /// The release (manifest `release`).
    pub release: Option<String>,
    /// Which state was read.
    pub state: String,
    /// Components the query names (a purl query), or that a matching advisory affects.
    pub components: Vec<ComponentHit>,
    /// Vulnerabilities recorded in the dossier that the query names.
    pub vulnerabilities: Vec<VulnerabilityHit>,
    /// Advisories from the advisories folder that match (an ID query, or advisories on the
    /// components a purl query found).
    pub advisories: Vec<String>,
    /// VEX statements about the components found (a purl query) or the vulnerability asked
    /// about (an ID query).
    pub vex: Vec<VexHit>,
    /// For a component asked about at one version: the versions of it the dossier ships
    /// instead (so "not shipped" is never the whole answer about a component it ships).
    pub other_versions: Vec<ComponentHit>,
    /// `affected`, `not affected`, `unassessed`, `not shipped`: the one-word answer.
    pub verdict: String,
}

fn component_ref(sbom: &str, c: &crate::model::Component) -> ComponentHit {
    ComponentHit {
        sbom: sbom.to_string(),
        name: c
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| c.bom_ref.value.clone()),
        version: c.version.as_ref().map(|v| v.value.clone()),
        purl: c.purl.as_ref().map(|p| p.value.clone()),
    }
}

/// Answers the query for one checked dossier.
pub fn answer(query: &Query, label: &str, checked: &Checked) -> DossierImpact {
    let mut components = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut advisories = Vec::new();
    let mut vex_hits = Vec::new();
    let mut other_versions = Vec::new();
    for (s, sbom) in checked.sboms.iter().enumerate() {
        let Some(file) = sbom.file else { continue };
        let path = checked.sources.file(file).path.clone();
        for (c, component) in sbom.components.iter().enumerate() {
            let same_package = match query {
                Query::Name {
                    name,
                    version: Some(_),
                } => named(component, name, None),
                Query::Purl {
                    key,
                    version: Some(_),
                } => component
                    .purl
                    .as_ref()
                    .and_then(|p| purl::parse(&p.value).ok())
                    .is_some_and(|p| &p.key == key),
                _ => false,
            };
            let hit = match query {
                Query::Purl { key, version } => {
                    let parsed = component
                        .purl
                        .as_ref()
                        .and_then(|p| purl::parse(&p.value).ok());
                    let component_version = parsed
                        .as_ref()
                        .and_then(|p| p.version.clone())
                        .or_else(|| component.version.as_ref().map(|v| v.value.clone()));
                    parsed.is_some_and(|p| &p.key == key)
                        && version.as_ref().is_none_or(|v| {
                            component_version
                                .as_ref()
                                .is_some_and(|own| bare(own) == bare(v))
                        })
                }
                Query::Name { name, version } => named(component, name, version.as_deref()),
                Query::Id(id) => checked
                    .supply
                    .tied_to(id)
                    .is_some_and(|tied| tied.contains(&(s, c))),
            };
            if same_package && !hit {
                other_versions.push(component_ref(&path, component));
            }
            if hit {
                components.push(component_ref(&path, component));
                let facts = checked.supply.facts((s, c));
                for &(d, n) in &facts.vex {
                    let vex = &sbom.vex[d];
                    let st = &vex.doc.statements[n];
                    let named = match query {
                        Query::Id(id) => st.ids().any(|x| x.eq_ignore_ascii_case(id)),
                        Query::Purl { .. } | Query::Name { .. } => true,
                    };
                    if named {
                        ids.extend(st.ids().map(str::to_string));
                        vex_hits.push(VexHit {
                            document: vex
                                .file
                                .map(|f| checked.sources.file(f).path.clone())
                                .unwrap_or_default(),
                            format: vex.doc.format.map(|f| f.to_string()).unwrap_or_default(),
                            statement: st.clone(),
                        });
                    }
                }
                for m in facts.advisories.iter().map(|&m| &checked.advisories[m]) {
                    if !advisories.contains(&m.id) {
                        advisories.push(m.id.clone());
                    }
                    ids.extend(m.ids().map(str::to_string));
                }
            }
        }
    }
    if let Query::Id(id) = query {
        ids.push(id.clone());
    }
    // Vulnerability artifacts the query names: by ID or alias, or listing a found component.
    let mut vulnerabilities = Vec::new();
    for &v in checked.graph.of_kind(Kind::Vulnerability) {
        let artifact = &checked.artifacts[v];
        let Body::Vulnerability(vuln) = &artifact.body else {
            continue;
        };
        if artifact.envelope.status.value.is_retired() {
            continue;
        }
        let listed: Vec<String> = vuln.components.iter().map(|c| c.value.clone()).collect();
        let by_id = ids.iter().any(|i| i.eq_ignore_ascii_case(artifact.id()));
        let by_component = components.iter().any(|c| {
            listed.iter().any(|l| {
                Some(l) == c.purl.as_ref()
                    || c.version
                        .as_ref()
                        .is_some_and(|v| *l == format!("{}@{}", c.name, v))
            })
        });
        if !(by_id || by_component) {
            continue;
        }
        let assessments = checked
            .graph
            .sources(v, crate::model::Relation::AssessmentVulnerability)
            .filter_map(|a| {
                let art = &checked.artifacts[a];
                let Body::VulnAssessment(assessment) = &art.body else {
                    return None;
                };
                Some(AssessmentHit {
                    id: art.id().to_string(),
                    status: art.envelope.status.value.as_str().to_string(),
                    per_version: assessment
                        .per_version
                        .iter()
                        .map(|p| {
                            (
                                p.version.value.clone(),
                                p.applicability.value.as_str().to_string(),
                                p.justification.as_ref().map(|j| j.value.clone()),
                            )
                        })
                        .collect(),
                })
            })
            .collect();
        vulnerabilities.push(VulnerabilityHit {
            id: artifact.id().to_string(),
            title: artifact.envelope.title.value.clone(),
            components: listed,
            assessments,
        });
    }
    let release = checked
        .config
        .manifest
        .release
        .as_ref()
        .map(|r| r.value.clone());
    let verdict = verdict(
        &components,
        &vulnerabilities,
        release.as_deref(),
        &advisories,
        &vex_hits,
    );
    DossierImpact {
        dossier: label.to_string(),
        device: checked
            .config
            .manifest
            .device
            .as_ref()
            .map(|d| d.value.clone()),
        release,
        state: checked.sources.provenance.summary(),
        components,
        vulnerabilities,
        advisories,
        vex: vex_hits,
        other_versions,
        verdict,
    }
}

/// Whether a dossier ships a component of this name, in any version.
pub fn ships_name(checked: &Checked, name: &str) -> bool {
    checked
        .sboms
        .iter()
        .flat_map(|s| &s.components)
        .any(|c| named(c, name, None))
}

/// The one-word answer for a dossier: what its assessment of its own release says.
fn verdict(
    components: &[ComponentHit],
    vulnerabilities: &[VulnerabilityHit],
    release: Option<&str>,
    advisories: &[String],
    vex: &[VexHit],
) -> String {
    let applicabilities: Vec<&str> = vulnerabilities
        .iter()
        .flat_map(|v| v.assessments.iter())
        .flat_map(|a| a.per_version.iter())
        .filter(|(version, _, _)| release.is_none_or(|r| r == version))
        .map(|(_, applicability, _)| applicability.as_str())
        .collect();
    if applicabilities.contains(&"affected") {
        return "affected".into();
    }
    if !applicabilities.is_empty() && applicabilities.iter().all(|a| *a == "not_affected") {
        return "not affected".into();
    }
    if !applicabilities.is_empty() {
        return applicabilities[0].replace('_', " ");
    }
    // No assessment of the release, but the manufacturer's VEX statements speak.
    if let Some(first) = vex.first() {
        let status = first.statement.status;
        if vex.iter().all(|v| v.statement.status == status) {
            return format!("{} (VEX; no assessment)", status.as_str().replace('_', " "));
        }
        return "unassessed (VEX statements differ)".into();
    }
    if !vulnerabilities.is_empty() || !advisories.is_empty() {
        return "unassessed".into();
    }
    if components.is_empty() {
        "not shipped".into()
    } else {
        "ships it; no known vulnerability recorded".into()
    }
}

/// The human-readable answer.
pub fn human(query: &str, answers: &[DossierImpact]) -> String {
    let mut out = format!("Impact of {query}\n\n");
    for a in answers {
        out.push_str(&format!(
            "{} — {} {} ({}): {}\n",
            a.dossier,
            a.device.as_deref().unwrap_or("?"),
            a.release.as_deref().unwrap_or("?"),
            a.state,
            a.verdict
        ));
        for c in &a.components {
            out.push_str(&format!(
                "  ships {} {} in {}{}\n",
                c.name,
                c.version.as_deref().unwrap_or("(no version)"),
                c.sbom,
                c.purl
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            ));
        }
        for c in &a.other_versions {
            out.push_str(&format!(
                "  ships {} {} instead, in {}\n",
                c.name,
                c.version.as_deref().unwrap_or("(no version)"),
                c.sbom
            ));
        }
        for id in &a.advisories {
            out.push_str(&format!("  advisory {id} matches\n"));
        }
        for v in &a.vex {
            let st = &v.statement;
            out.push_str(&format!(
                "  {} in {}: {} {}{}\n",
                v.format,
                v.document,
                st.vulnerability,
                st.status.as_str().replace('_', " "),
                st.justification
                    .map(|j| format!(" ({})", j.as_str().replace('_', " ")))
                    .or_else(|| st.detail.as_ref().map(|d| format!(" — {d}")))
                    .unwrap_or_default()
            ));
        }
        for v in &a.vulnerabilities {
            out.push_str(&format!("  {} {}\n", v.id, v.title));
            if v.assessments.is_empty() {
                out.push_str("    no assessment\n");
            }
            for s in &v.assessments {
                for (version, applicability, justification) in &s.per_version {
                    out.push_str(&format!(
                        "    {} ({}): {version} {}{}\n",
                        s.id,
                        s.status,
                        applicability.replace('_', " "),
                        justification
                            .as_ref()
                            .map(|j| format!(" — {j}"))
                            .unwrap_or_default()
                    ));
                }
            }
        }
    }
    out
}

//! The cybersecurity delta between the prior release and this one.
//!
//! Only what bears on cybersecurity is compared: an interface's medium, protocol, ports,
//! authentication and cryptography (not its title); a control's type, state and parameters;
//! a risk's scores and residual; components' versions and support. Artifacts are matched by
//! ID (retired ones count as absent), components by their SBOM artifact's ID and their name,
//! so a renamed SBOM file (`fw-2.3.0.cdx.json` to `fw-2.4.0.cdx.json`) still compares.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Snapshot;
use crate::model::changes::{FieldChange, field_changes};
use crate::model::{Artifact, Kind};
use crate::parse::sbom::LoadedSbom;

/// One artifact added, removed or changed since the prior release.
#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    /// `added`, `removed`, `superseded` or `made obsolete` (still in the dossier, retired),
    /// or `changed`.
    pub change: &'static str,
    /// Its ID.
    pub id: String,
    /// Its title (the current one, or the prior one if removed).
    pub title: String,
    /// The compared fields that changed (empty when added or removed).
    pub fields: Vec<FieldChange>,
    /// The same in words, one line per field (`auth.mechanism: A → B`).
    pub changes: Vec<String>,
    /// The current artifact's index, when it exists now.
    #[serde(skip)]
    pub index: Option<usize>,
}

/// One component added, removed, upgraded or whose support changed.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentDelta {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The `sbom` artifact it is listed under.
    pub sbom: String,
    /// Its name.
    pub name: String,
    /// Its version at the prior release.
    pub before: Option<String>,
    /// Its version now.
    pub after: Option<String>,
    /// Whether its version changed.
    pub upgraded: bool,
    /// Level of support and end of support at the prior release (`actively_maintained /
    /// 2030-12-31`), when changed.
    pub support_before: Option<String>,
    /// The same now, when changed.
    pub support_after: Option<String>,
    /// The current SBOM (its index in the checked SBOMs) and the component's index in it,
    /// when the component exists now.
    #[serde(skip)]
    pub at: Option<(usize, usize)>,
}

impl ComponentDelta {
    /// Whether the support level or end of support changed.
    pub fn support_changed(&self) -> bool {
        self.support_before != self.support_after
    }
}

/// What changed since the prior release, for cybersecurity.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Delta {
    /// Interfaces (communication paths) added, removed, or changed in medium, protocol,
    /// port, direction, authentication, cryptography, endpoints or exposure.
    pub interfaces: Vec<ItemChange>,
    /// SBOM components added, removed, upgraded, or whose support changed.
    pub components: Vec<ComponentDelta>,
    /// Controls added, removed, or changed in type, state, cryptography, authentication or
    /// what they mitigate.
    pub controls: Vec<ItemChange>,
    /// Security requirements added, removed (superseded or retired), or changed in what they
    /// require or how they are verified.
    pub requirements: Vec<ItemChange>,
    /// Threats added, removed, or changed in what they target or how.
    pub threats: Vec<ItemChange>,
    /// Security risks added, removed, or re-scored (scores, CVSS, residual).
    pub risks: Vec<ItemChange>,
    /// Vulnerability records added or removed, or whose assessment changed.
    pub vulnerabilities: Vec<ItemChange>,
}

impl Delta {
    /// Whether nothing compared changed.
    pub fn is_empty(&self) -> bool {
        self.interfaces.is_empty()
            && self.components.is_empty()
            && self.controls.is_empty()
            && self.requirements.is_empty()
            && self.threats.is_empty()
            && self.risks.is_empty()
            && self.vulnerabilities.is_empty()
    }
}

/// The fields compared per kind (top-level keys of the artifact's model).
fn compared_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Interface => &[
            "medium",
            "carries",
            "protocol",
            "protocol_version",
            "port",
            "direction",
            "in_use",
            "service_only",
            "external",
            "auth",
            "crypto",
            "session_management",
            "default_config",
            "endpoints",
            "via",
            "related_system",
        ],
        Kind::SecurityControl => &[
            "category",
            "control_type",
            "state",
            "crypto",
            "auth",
            "default_config",
            "mitigates",
            "implemented_in",
        ],
        Kind::Requirement => &[
            "text",
            "sources",
            "acceptance_criteria",
            "verification_method",
            "allocation",
        ],
        Kind::Threat => &[
            "category",
            "assets",
            "entry_interfaces",
            "attack_vector",
            "preconditions",
            "multi_patient",
        ],
        Kind::SecurityRisk => &["threats", "pre", "post", "cvss", "residual", "controls"],
        Kind::Vulnerability => &["components", "cvss", "kev_listed", "exploit_maturity"],
        _ => &[],
    }
}

/// The current (non-retired) artifacts of a kind, by ID.
fn current(artifacts: &[Artifact], kind: Kind) -> BTreeMap<&str, (usize, &Artifact)> {
    artifacts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind() == kind && !a.envelope.status.value.is_retired())
        .map(|(i, a)| (a.id(), (i, a)))
        .collect()
}

/// Added, removed and changed artifacts of one kind.
fn items(before: &[Artifact], after: &[Artifact], kind: Kind) -> Vec<ItemChange> {
    let (old, new) = (current(before, kind), current(after, kind));
    let fields = compared_fields(kind);
    let mut out = Vec::new();
    for (id, (i, a)) in &new {
        match old.get(id) {
            None => out.push(ItemChange {
                change: "added",
                id: id.to_string(),
                title: a.envelope.title.value.clone(),
                fields: Vec::new(),
                changes: Vec::new(),
                index: Some(*i),
            }),
            Some((_, b)) => {
                let changed: Vec<FieldChange> = field_changes(b, a)
                    .into_iter()
                    .filter(|f| {
                        let top = f.field.split(['.', '[']).next().unwrap_or_default();
                        fields.contains(&top)
                    })
                    .collect();
                if !changed.is_empty() {
                    out.push(ItemChange {
                        change: "changed",
                        id: id.to_string(),
                        title: a.envelope.title.value.clone(),
                        changes: changed.iter().map(FieldChange::describe).collect(),
                        fields: changed,
                        index: Some(*i),
                    });
                }
            }
        }
    }
    for (id, (_, b)) in &old {
        if !new.contains_key(id) {
            // Kept in the dossier but retired: superseded or obsolete, rather than deleted.
            let retired = after
                .iter()
                .find(|a| a.kind() == kind && a.id() == *id)
                .map(|a| a.envelope.status.value);
            out.push(ItemChange {
                change: match retired {
                    Some(crate::model::Status::Superseded) => "superseded",
                    Some(crate::model::Status::Obsolete) => "made obsolete",
                    _ => "removed",
                },
                id: id.to_string(),
                title: b.envelope.title.value.clone(),
                fields: Vec::new(),
                changes: Vec::new(),
                index: None,
            });
        }
    }
    out.sort_by(|x, y| x.id.cmp(&y.id).then(x.change.cmp(y.change)));
    out
}

/// A component's identity, version, support and place: per (SBOM artifact ID, name).
type Components = BTreeMap<(String, String), (Option<String>, String, Option<(usize, usize)>)>;

fn components(artifacts: &[Artifact], sboms: &[LoadedSbom]) -> Components {
    let mut map = Components::new();
    for (si, sbom) in sboms.iter().enumerate() {
        let Some(artifact) = artifacts.get(sbom.artifact) else {
            continue;
        };
        if artifact.envelope.status.value.is_retired() {
            continue;
        }
        for (ci, c) in sbom.components.iter().enumerate() {
            // The SBOM's own subject (the firmware, the app) moves with every release; its
            // parts are what changed.
            if sbom.root.as_deref() == Some(c.bom_ref.value.as_str()) {
                continue;
            }
            let name = match &c.name {
                Some(name) => name.value.trim().to_string(),
                None => c.bom_ref.value.trim().to_string(),
            };
            if name.is_empty() {
                continue;
            }
            let support = format!(
                "{} / {}",
                c.level_of_support
                    .as_ref()
                    .map(|s| s.value.as_str().to_string())
                    .unwrap_or_else(|| "not stated".into()),
                match c.end_of_support.as_ref().map(|e| &e.value) {
                    Some(crate::model::EndOfSupport::Unknown) => "unknown".to_string(),
                    Some(crate::model::EndOfSupport::Date(d)) => d.to_string(),
                    None => "not stated".to_string(),
                }
            );
            map.entry((artifact.id().to_string(), name)).or_insert((
                c.version.as_ref().map(|v| v.value.trim().to_string()),
                support,
                Some((si, ci)),
            ));
        }
    }
    map
}

/// Compares the prior release with the current artifacts and SBOMs.
pub fn compare(prior: &Snapshot, artifacts: &[Artifact], sboms: &[LoadedSbom]) -> Delta {
    let (old, new) = (
        components(&prior.artifacts, &prior.sboms),
        components(artifacts, sboms),
    );
    let mut component_changes = Vec::new();
    for (key, (version, support, at)) in &new {
        match old.get(key) {
            None => component_changes.push(ComponentDelta {
                change: "added",
                sbom: key.0.clone(),
                name: key.1.clone(),
                before: None,
                after: version.clone(),
                upgraded: false,
                support_before: None,
                support_after: Some(support.clone()),
                at: *at,
            }),
            Some((was, was_support, _)) => {
                let upgraded = was != version;
                let support_changed = was_support != support;
                if upgraded || support_changed {
                    component_changes.push(ComponentDelta {
                        change: "changed",
                        sbom: key.0.clone(),
                        name: key.1.clone(),
                        before: was.clone(),
                        after: version.clone(),
                        upgraded,
                        support_before: support_changed.then(|| was_support.clone()),
                        support_after: support_changed.then(|| support.clone()),
                        at: *at,
                    });
                }
            }
        }
    }
    for (key, (version, support, _)) in &old {
        if !new.contains_key(key) {
            component_changes.push(ComponentDelta {
                change: "removed",
                sbom: key.0.clone(),
                name: key.1.clone(),
                before: version.clone(),
                after: None,
                upgraded: false,
                support_before: Some(support.clone()),
                support_after: None,
                at: None,
            });
        }
    }
    component_changes.sort_by(|x, y| (&x.sbom, &x.name).cmp(&(&y.sbom, &y.name)));
    Delta {
        interfaces: items(&prior.artifacts, artifacts, Kind::Interface),
        components: component_changes,
        controls: items(&prior.artifacts, artifacts, Kind::SecurityControl),
        requirements: items(&prior.artifacts, artifacts, Kind::Requirement),
        threats: items(&prior.artifacts, artifacts, Kind::Threat),
        risks: items(&prior.artifacts, artifacts, Kind::SecurityRisk),
        vulnerabilities: items(&prior.artifacts, artifacts, Kind::Vulnerability),
    }
}

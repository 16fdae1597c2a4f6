//! Related systems (PMC 2025 §VII): the update infrastructure, cloud services, the hospital
//! network and software with other functions, as the assets and interfaces that belong to
//! them say (`related_system:`), with the threats, risks and controls that assess them.
//!
//! RELSYS-001 checks the assessment and the PDF's §9 lists it; both read it from here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Graph;
use crate::model::{Artifact, Body, RelatedRole, Relation, Span};

/// One related system, gathered from the assets and interfaces that name it.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedSystemView {
    /// Its name as first written.
    pub name: String,
    /// Its role, as the first of its parts gives it.
    pub role: RelatedRole,
    /// The first part (artifact index) and where its role is written, for findings.
    #[serde(skip)]
    pub first: (usize, Span),
    /// Parts that give another role: (artifact index, role, where).
    #[serde(skip)]
    pub conflicts: Vec<(usize, RelatedRole, Span)>,
    /// Its assets (artifact indices, ascending).
    #[serde(skip)]
    pub assets: BTreeSet<usize>,
    /// Its interfaces, and every interface that reaches one of its assets.
    #[serde(skip)]
    pub interfaces: BTreeSet<usize>,
    /// The current threats that target its assets or enter through those interfaces.
    #[serde(skip)]
    pub threats: BTreeSet<usize>,
    /// The current risks that assess those threats.
    #[serde(skip)]
    pub risks: BTreeSet<usize>,
    /// The current controls of those risks.
    #[serde(skip)]
    pub controls: BTreeSet<usize>,
}

/// Every related system of the dossier, by name (case-insensitive), in name order.
pub fn related_systems(artifacts: &[Artifact], graph: &Graph) -> Vec<RelatedSystemView> {
    let live = |i: usize| !artifacts[i].envelope.status.value.is_retired();
    let mut systems: BTreeMap<String, RelatedSystemView> = BTreeMap::new();
    let mut named_interfaces: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, artifact) in artifacts.iter().enumerate() {
        if !live(i) {
            continue;
        }
        let (related, is_asset) = match &artifact.body {
            Body::Asset(a) => (a.related_system.as_ref(), true),
            Body::Interface(f) => (f.related_system.as_ref(), false),
            _ => continue,
        };
        let Some(related) = related else { continue };
        let name = related.name.value.trim();
        if name.is_empty() {
            continue;
        }
        let key = name.to_lowercase();
        let system = systems
            .entry(key.clone())
            .or_insert_with(|| RelatedSystemView {
                name: name.to_string(),
                role: related.role.value,
                first: (i, related.role.span),
                conflicts: Vec::new(),
                assets: BTreeSet::new(),
                interfaces: BTreeSet::new(),
                threats: BTreeSet::new(),
                risks: BTreeSet::new(),
                controls: BTreeSet::new(),
            });
        if related.role.value != system.role {
            system
                .conflicts
                .push((i, related.role.value, related.role.span));
        }
        if is_asset {
            system.assets.insert(i);
        } else {
            named_interfaces.entry(key).or_default().insert(i);
        }
    }
    for (key, system) in systems.iter_mut() {
        let mut interfaces = named_interfaces.remove(key).unwrap_or_default();
        for &a in &system.assets {
            interfaces.extend(
                graph
                    .sources(a, Relation::InterfaceEndpoint)
                    .chain(graph.sources(a, Relation::InterfaceVia))
                    .filter(|&f| live(f)),
            );
        }
        let mut threats: BTreeSet<usize> = BTreeSet::new();
        for &a in &system.assets {
            threats.extend(graph.sources(a, Relation::ThreatAsset).filter(|&t| live(t)));
        }
        for &f in &interfaces {
            threats.extend(graph.sources(f, Relation::ThreatEntry).filter(|&t| live(t)));
        }
        let risks: BTreeSet<usize> = threats
            .iter()
            .flat_map(|&t| graph.sources(t, Relation::RiskThreat))
            .filter(|&r| live(r))
            .collect();
        let controls: BTreeSet<usize> = risks
            .iter()
            .flat_map(|&r| {
                graph
                    .targets(r, Relation::RiskControl)
                    .chain(graph.sources(r, Relation::ControlMitigates))
            })
            .filter(|&c| live(c))
            .collect();
        system.interfaces = interfaces;
        system.threats = threats;
        system.risks = risks;
        system.controls = controls;
    }
    systems.into_values().collect()
}

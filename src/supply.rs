//! The supply chain of a checked dossier, joined once: SBOM components ↔ VEX statements ↔
//! advisory matches ↔ vulnerability records.
//!
//! The site's SBOM and vulnerability pages and the impact query all ask the same questions
//! ("what is known about this component", "which components does this record name", "which
//! components does this CVE touch"). Answering each by scanning every VEX statement and every
//! advisory match for every component made them quadratic in the SBOM's size; the check
//! builds this index once, in n log n, and the outputs only read it.

use std::collections::{BTreeMap, BTreeSet};

use crate::advisory::AdvisoryMatch;
use crate::graph::Graph;
use crate::model::{Artifact, Body, Kind};
use crate::parse::sbom::LoadedSbom;

/// An SBOM component: (index in `Checked::sboms`, index of the component in that SBOM).
pub type ComponentRef = (usize, usize);

/// What the dossier says about one SBOM component.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The VEX statements about it: (index of the VEX document in its SBOM's `vex`, index of
    /// the statement), in document then statement order.
    pub vex: Vec<(usize, usize)>,
    /// The advisory matches on it: indices into `Checked::advisories`, in order.
    pub advisories: Vec<usize>,
    /// The vulnerability records (artifact indices, current or not) that name it, ascending.
    pub records: Vec<usize>,
}

/// The joined supply chain.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// Per component that anything names: what is known about it.
    pub components: BTreeMap<ComponentRef, Facts>,
    /// Per vulnerability record (artifact index): the components it names, in SBOM then
    /// component order.
    pub ships: BTreeMap<usize, Vec<ComponentRef>>,
    /// Per vulnerability ID or alias, upper-cased (ASCII): the components a VEX statement or
    /// an advisory match ties to it.
    pub by_id: BTreeMap<String, BTreeSet<ComponentRef>>,
}

impl Index {
    /// What is known about a component (nothing, when nothing names it).
    pub fn facts(&self, component: ComponentRef) -> &Facts {
        static NONE: Facts = Facts {
            vex: Vec::new(),
            advisories: Vec::new(),
            records: Vec::new(),
        };
        self.components.get(&component).unwrap_or(&NONE)
    }

    /// The components a vulnerability ID or alias is tied to by VEX or advisories (the
    /// comparison ignores ASCII case, as IDs are written both ways).
    pub fn tied_to(&self, id: &str) -> Option<&BTreeSet<ComponentRef>> {
        self.by_id.get(&id.to_ascii_uppercase())
    }
}

/// Joins the SBOMs, their VEX documents, the advisory matches and the vulnerability records.
pub fn index(
    artifacts: &[Artifact],
    graph: &Graph,
    sboms: &[LoadedSbom],
    advisories: &[AdvisoryMatch],
) -> Index {
    let mut out = Index::default();
    for (s, sbom) in sboms.iter().enumerate() {
        for (d, vex) in sbom.vex.iter().enumerate() {
            for (n, statement) in vex.doc.statements.iter().enumerate() {
                let Some(c) = vex.components.get(n).copied().flatten() else {
                    continue;
                };
                out.components.entry((s, c)).or_default().vex.push((d, n));
                for id in statement.ids() {
                    out.by_id
                        .entry(id.to_ascii_uppercase())
                        .or_default()
                        .insert((s, c));
                }
            }
        }
    }
    for (m, found) in advisories.iter().enumerate() {
        let at = (found.sbom, found.component);
        out.components.entry(at).or_default().advisories.push(m);
        for id in found.ids() {
            out.by_id
                .entry(id.to_ascii_uppercase())
                .or_default()
                .insert(at);
        }
    }
    for &v in graph.of_kind(Kind::Vulnerability) {
        let Body::Vulnerability(body) = &artifacts[v].body else {
            continue;
        };
        for (s, sbom) in sboms.iter().enumerate() {
            // Through the SBOM's index: a lookup per key, not a scan per component.
            let named: BTreeSet<usize> = body
                .components
                .iter()
                .flat_map(|k| sbom.index.all_naming(&k.value))
                .collect();
            for c in named {
                out.ships.entry(v).or_default().push((s, c));
                out.components.entry((s, c)).or_default().records.push(v);
            }
        }
    }
    for facts in out.components.values_mut() {
        facts.records.sort_unstable();
        facts.records.dedup();
    }
    out
}

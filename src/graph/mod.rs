//! The link stage: artifacts to one traceability graph (petgraph), with link problems.
//!
//! Node `i` of the graph is artifact `i`. Every typed link field becomes an edge labelled
//! with its [`Relation`]. IDs are indexed once; unknown targets, wrong kinds, duplicate IDs
//! and cycles in relations that must be acyclic are recorded as [`LinkProblem`]s, which rule
//! TRACE-002 reports.

mod query;

use std::collections::HashMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{EdgeFiltered, EdgeRef};

use crate::model::{Artifact, Kind, Relation, Span};

/// An edge: which relation, written in which field, where.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    /// The relation.
    pub rel: Relation,
    /// The field it was written in.
    pub field: &'static str,
    /// Where the target ID was written.
    pub span: Span,
}

/// A problem with the links, found while building the graph.
#[derive(Debug, Clone)]
pub enum LinkProblem {
    /// A link names an ID that no artifact has.
    UnknownId {
        /// The linking artifact.
        from: usize,
        /// The field.
        field: &'static str,
        /// The missing ID.
        target: String,
        /// Where it was written.
        span: Span,
        /// The closest existing IDs.
        suggestions: Vec<String>,
    },
    /// Two artifacts share an ID.
    DuplicateId {
        /// The artifact seen first.
        first: usize,
        /// The later one.
        second: usize,
    },
    /// A link points at an artifact of a kind the relation does not allow.
    WrongKind {
        /// The linking artifact.
        from: usize,
        /// The field.
        field: &'static str,
        /// The target artifact.
        to: usize,
        /// Where the target ID was written.
        span: Span,
        /// The relation.
        rel: Relation,
    },
    /// A chain of links of an acyclic relation comes back to where it started.
    Cycle {
        /// The relation.
        rel: Relation,
        /// The artifacts on the cycle, in ID order, each with the span of its link to the
        /// next member.
        members: Vec<(usize, Span)>,
    },
}

/// The traceability graph of one dossier.
#[derive(Debug, Default)]
pub struct Graph {
    /// The petgraph graph; node weight is the artifact index.
    pub inner: DiGraph<usize, Edge>,
    /// Artifact index by ID (the first artifact, when an ID is duplicated).
    pub index: HashMap<String, usize>,
    /// Artifact indices per kind, in file order.
    pub by_kind: HashMap<Kind, Vec<usize>>,
    /// Problems found while linking.
    pub problems: Vec<LinkProblem>,
}

/// Builds the graph of a set of artifacts. Links to `broken` IDs (artifacts that exist but
/// could not be parsed, already reported) are dropped silently rather than reported twice.
pub fn link(artifacts: &[Artifact], broken: &[String]) -> Graph {
    let broken: std::collections::HashSet<&str> = broken.iter().map(|s| s.trim()).collect();
    let mut graph = Graph {
        inner: DiGraph::with_capacity(artifacts.len(), artifacts.len() * 3),
        ..Graph::default()
    };
    for (i, artifact) in artifacts.iter().enumerate() {
        graph.inner.add_node(i);
        graph.by_kind.entry(artifact.kind()).or_default().push(i);
        match graph.index.get(artifact.id()) {
            Some(&first) => graph
                .problems
                .push(LinkProblem::DuplicateId { first, second: i }),
            None => {
                graph.index.insert(artifact.id().to_string(), i);
            }
        }
    }
    let mut by_prefix: HashMap<&str, Vec<&str>> = HashMap::new();
    for artifact in artifacts {
        by_prefix
            .entry(prefix(artifact.id()))
            .or_default()
            .push(artifact.id());
    }
    // Suggestions for missing IDs, each worked out once; only for the first
    // `SUGGESTED_TARGETS` distinct ones, since each compares the ID with every ID of its
    // prefix: a typo is one of a few, and thousands of dangling references (a half-written
    // or half-deleted dossier) would make this quadratic.
    let mut suggested: HashMap<&str, Vec<String>> = HashMap::new();
    for (from, artifact) in artifacts.iter().enumerate() {
        for link in artifact.links() {
            let target = link.target.value.trim();
            let Some(&to) = graph.index.get(target) else {
                if broken.contains(target) {
                    continue;
                }
                let budget = suggested.len() < SUGGESTED_TARGETS;
                let suggestions = match suggested.get(target) {
                    Some(known) => known.clone(),
                    None if budget => {
                        let found = nearest(target, &by_prefix);
                        suggested.insert(target, found.clone());
                        found
                    }
                    None => Vec::new(),
                };
                graph.problems.push(LinkProblem::UnknownId {
                    from,
                    field: link.field,
                    target: target.to_string(),
                    span: link.target.span,
                    suggestions,
                });
                continue;
            };
            let allowed = link.rel.targets();
            let target_kind = artifacts[to].kind();
            let kind_ok = if link.rel == Relation::Supersedes {
                target_kind == artifact.kind()
            } else {
                allowed.is_empty() || allowed.contains(&target_kind)
            };
            if !kind_ok {
                graph.problems.push(LinkProblem::WrongKind {
                    from,
                    field: link.field,
                    to,
                    span: link.target.span,
                    rel: link.rel,
                });
                continue;
            }
            graph.inner.add_edge(
                NodeIndex::new(from),
                NodeIndex::new(to),
                Edge {
                    rel: link.rel,
                    field: link.field,
                    span: link.target.span,
                },
            );
        }
    }
    find_cycles(&mut graph, artifacts);
    graph
}

/// How many distinct missing IDs get "did you mean" suggestions (see `link`).
const SUGGESTED_TARGETS: usize = 64;

/// The part of an ID before its first dash.
fn prefix(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// Up to three existing IDs close to a missing one, searched among IDs with the same prefix.
fn nearest(target: &str, by_prefix: &HashMap<&str, Vec<&str>>) -> Vec<String> {
    let Some(candidates) = by_prefix.get(prefix(target)) else {
        return Vec::new();
    };
    // Fewest edits first, a swap of two characters before a change of one (REQ-021 is more
    // likely REQ-012 than REQ-011), then in ID order.
    // Lengths more than three apart are more than three edits apart: skipped unmeasured.
    let mut scored: Vec<(usize, bool, &str)> = candidates
        .iter()
        .filter(|c| c.len().abs_diff(target.len()) <= 3)
        .filter_map(|c| {
            // The swap is measured only for a close candidate.
            let edits = strsim::osa_distance(target, c);
            (edits <= 3).then(|| (edits, edits >= strsim::levenshtein(target, c), *c))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, c)| c.to_string())
        .collect()
}

/// Records every cycle among edges of relations that must be acyclic.
fn find_cycles(graph: &mut Graph, artifacts: &[Artifact]) {
    for &rel in Relation::ALL.iter().filter(|r| r.acyclic()) {
        let filtered = EdgeFiltered::from_fn(&graph.inner, |e| e.weight().rel == rel);
        let mut cycles = Vec::new();
        for component in tarjan_scc(&filtered) {
            let self_loop = component.len() == 1
                && graph
                    .inner
                    .edges_connecting(component[0], component[0])
                    .any(|e| e.weight().rel == rel);
            if component.len() > 1 || self_loop {
                let mut members: Vec<(usize, Span)> = component
                    .iter()
                    .map(|&n| {
                        let span = graph
                            .inner
                            .edges(n)
                            .find(|e| e.weight().rel == rel && component.contains(&e.target()))
                            .map(|e| e.weight().span)
                            .unwrap_or_default();
                        (n.index(), span)
                    })
                    .collect();
                members.sort_by(|a, b| artifacts[a.0].id().cmp(artifacts[b.0].id()));
                cycles.push(LinkProblem::Cycle { rel, members });
            }
        }
        graph.problems.extend(cycles);
    }
}

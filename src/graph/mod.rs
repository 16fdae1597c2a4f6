//! The link stage: artifacts to one traceability graph (petgraph), with link problems.
//!
//! Node `i` of the graph is artifact `i`. Every typed link field becomes an edge labelled
//! with its [`Relation`]. IDs are indexed once; unknown targets, wrong kinds, duplicate IDs
//! and cycles in relations that must be acyclic are recorded as [`LinkProblem`]s, which rule
//! TRACE-002 reports.

mod query;
mod related;

pub use related::{RelatedSystemView, related_systems};

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
    // Only the best three are kept, so once three are found a candidate is measured only up
    // to the third's distance (most of a numbered series is one or two edits from a missing
    // number: the bound makes the rest quick to rule out).
    let mut best: Vec<(usize, bool, &str)> = Vec::with_capacity(4);
    for c in candidates
        .iter()
        .filter(|c| c.len().abs_diff(target.len()) <= 3)
    {
        let limit = if best.len() == 3 { best[2].0 } else { 3 };
        let Some(edits) = osa_within(target, c, limit) else {
            continue;
        };
        // The swap is measured only for a close candidate.
        let entry = (edits, edits >= strsim::levenshtein(target, c), *c);
        if best.len() == 3 && entry > best[2] {
            continue;
        }
        let at = best.partition_point(|e| *e < entry);
        best.insert(at, entry);
        best.truncate(3);
    }
    best.into_iter().map(|(_, _, c)| c.to_string()).collect()
}

/// The optimal-string-alignment distance of two strings (edits: insert, delete, substitute,
/// swap adjacent characters), when it is at most `limit`; `None` when it is more. Equal to
/// `strsim::osa_distance` wherever that is within the limit (a test compares them). IDs are
/// short ASCII, and a missing ID is compared with every ID of its prefix, so this works on
/// bytes in rows on the stack and stops as soon as a whole row is over the limit; anything
/// else goes to strsim.
fn osa_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    const MAX: usize = 64;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if a.len() >= MAX || b.len() >= MAX || !a.is_ascii() || !b.is_ascii() {
        let (a, b) = (
            std::str::from_utf8(a).unwrap_or_default(),
            std::str::from_utf8(b).unwrap_or_default(),
        );
        let d = strsim::osa_distance(a, b);
        return (d <= limit).then_some(d);
    }
    // Three rows in turn: two back (for swaps), one back, this one; only the first
    // `b.len() + 1` cells of each are used.
    let mut rows = [[0u8; MAX]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u8;
    }
    let limit8 = limit.min(usize::from(u8::MAX - 1)) as u8;
    for i in 1..=a.len() {
        let (cur, prev, before) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i as u8;
        let mut best = rows[cur][0];
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before][j - 2] + 1);
            }
            rows[cur][j] = d;
            best = best.min(d);
        }
        if best > limit8 {
            return None;
        }
    }
    let d = usize::from(rows[a.len() % 3][b.len()]);
    (d <= limit).then_some(d)
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

#[cfg(test)]
mod tests {
    use super::{HashMap, nearest, osa_within};

    /// The suggestions as measuring every candidate and sorting would give them.
    fn nearest_by_sorting(target: &str, candidates: &[&str]) -> Vec<String> {
        let mut scored: Vec<(usize, bool, &str)> = candidates
            .iter()
            .filter_map(|c| {
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

    #[test]
    fn nearest_keeps_the_best_three_as_a_full_sort_does() {
        let mut ids: Vec<String> = (0..400).map(|n| format!("RSK-{n:05}")).collect();
        ids.extend(["RSK-1", "RSK-00x12", "RSK-0012", "RSK-00012"].map(String::from));
        let list: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut by_prefix = HashMap::new();
        by_prefix.insert("RSK", list.clone());
        for target in [
            "RSK-00012",
            "RSK-00400",
            "RSK-10012",
            "RSK-21000",
            "RSK-0001",
            "RSK-abc",
            "RSK-00210",
            "RSK-0021",
            "RSK-000120",
            "RSK-1",
        ] {
            assert_eq!(
                nearest(target, &by_prefix),
                nearest_by_sorting(target, &list),
                "{target}"
            );
        }
    }

    // The bounded distance equals strsim's wherever that is within the limit, and is `None`
    // wherever it is not: over every pair of a set of IDs with swaps, shifts, insertions and
    // non-ASCII text.
    #[test]
    fn bounded_distance_equals_strsim() {
        let words = [
            "",
            "R",
            "REQ-004",
            "REQ-040",
            "REQ-04",
            "REQ-0004",
            "REQ-014",
            "RQE-004",
            "REQ-400",
            "EQR-004",
            "REQ-004a",
            "RSK-00123",
            "RSK-01230",
            "RSK-00132",
            "RSK-0123",
            "THR-é01",
            "THR-e01",
            "abcdef",
            "badcfe",
            "ca",
            "abc",
            "acb",
            "ab",
            "ba",
            "a",
        ];
        for a in words {
            for b in words {
                let full = strsim::osa_distance(a, b);
                for limit in 0..5 {
                    assert_eq!(
                        osa_within(a, b, limit),
                        (full <= limit).then_some(full),
                        "{a:?} {b:?} within {limit}"
                    );
                }
            }
        }
    }
}

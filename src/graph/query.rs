//! Questions rules ask of the graph: what an artifact links to, and what links to it.

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Edge, Graph};
use crate::model::{Kind, Relation};

impl Graph {
    /// Artifacts of a kind, in file order.
    pub fn of_kind(&self, kind: Kind) -> &[usize] {
        self.by_kind.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Targets of `from`'s links of relation `rel`.
    pub fn targets(&self, from: usize, rel: Relation) -> impl Iterator<Item = usize> + '_ {
        self.inner
            .edges_directed(NodeIndex::new(from), Direction::Outgoing)
            .filter(move |e| e.weight().rel == rel)
            .map(|e| e.target().index())
    }

    /// Sources of links of relation `rel` that point at `to`.
    pub fn sources(&self, to: usize, rel: Relation) -> impl Iterator<Item = usize> + '_ {
        self.inner
            .edges_directed(NodeIndex::new(to), Direction::Incoming)
            .filter(move |e| e.weight().rel == rel)
            .map(|e| e.source().index())
    }

    /// Every outgoing edge of `from`, with its target.
    pub fn outgoing(&self, from: usize) -> impl Iterator<Item = (usize, &Edge)> + '_ {
        self.inner
            .edges_directed(NodeIndex::new(from), Direction::Outgoing)
            .map(|e| (e.target().index(), e.weight()))
    }

    /// Every incoming edge of `to`, with its source.
    pub fn incoming(&self, to: usize) -> impl Iterator<Item = (usize, &Edge)> + '_ {
        self.inner
            .edges_directed(NodeIndex::new(to), Direction::Incoming)
            .map(|e| (e.source().index(), e.weight()))
    }

    /// Whether `a` and `b` are linked by `rel` in either direction written as `a → b`
    /// through `forward` or `b → a` through `backward`.
    pub fn linked(&self, a: usize, b: usize, forward: Relation, backward: Relation) -> bool {
        self.targets(a, forward).any(|t| t == b) || self.targets(b, backward).any(|t| t == a)
    }
}

//! The example dossier teaches by example: it is complete and passes every rule.

use std::collections::BTreeMap;

use dossier::model::Kind;

use crate::support::{check, root};

// The example passes every rule with no finding at all.
#[test]
fn example_passes_every_rule() {
    let checked = check(&root().join("example-dossier"));
    let lines: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| dossier::diag::short_line(&checked.sources, d))
        .collect();
    assert!(lines.is_empty(), "{}", lines.join("\n"));
}

// The example uses every artifact kind, so it shows how each is written.
#[test]
fn example_uses_every_kind() {
    let checked = check(&root().join("example-dossier"));
    for kind in Kind::ALL {
        assert!(
            !checked.graph.of_kind(*kind).is_empty(),
            "no {kind} in the example"
        );
    }
    assert!(
        checked.artifacts.iter().any(|a| a.markdown.is_some()),
        "Markdown artifacts too"
    );
}

// The shape of the example's graph: how many links of each relation (reviewed on change).
#[test]
fn example_graph_shape() {
    let checked = check(&root().join("example-dossier"));
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for edge in checked.graph.inner.edge_weights() {
        *counts.entry(edge.rel.as_str()).or_default() += 1;
    }
    let mut text = format!("artifacts: {}\n", checked.artifacts.len());
    for (rel, n) in counts {
        text.push_str(&format!("{rel}: {n}\n"));
    }
    insta::assert_snapshot!("example_graph_shape", text);
}

// A generated synthetic dossier passes every rule (it is what the benchmark checks).
#[test]
fn synthetic_dossier_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("syn");
    let written = dossier::generate::write(&out, 500).expect("generate");
    let checked = check(&out);
    assert_eq!(checked.artifacts.len(), written);
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}",
        checked.diagnostics.first().map(|d| &d.message)
    );
}

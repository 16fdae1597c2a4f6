//! The example dossier teaches by example: it is complete and passes every rule.

use std::collections::BTreeMap;

use dossier::model::Kind;

use crate::support::{check, copy_tree, root};

// The example passes every rule with no finding at all.
#[test]
fn example_passes_every_rule() {
    assert_silent(&check(&root().join("example-dossier")));
}

/// Fails with every finding, one line each, unless there is none.
fn assert_silent(checked: &dossier::Checked) {
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

// The example's SBOMs are in three formats, with VEX in two more, and every VEX statement is
// matched to a component and to the vulnerability record that assesses it.
#[test]
fn example_sboms_and_vex() {
    let checked = check(&root().join("example-dossier"));
    let formats: Vec<String> = checked
        .sboms
        .iter()
        .map(|s| format!("{:?} {:?}", s.format, s.spec_version))
        .collect();
    assert_eq!(checked.sboms.len(), 3, "{formats:?}");
    let mut vex_formats = Vec::new();
    let mut statements = Vec::new();
    for sbom in &checked.sboms {
        assert!(sbom.problem.is_none(), "{:?}", sbom.problem);
        for vex in &sbom.vex {
            assert!(vex.problem.is_none(), "{:?}", vex.problem);
            vex_formats.push(vex.doc.format.map(|f| f.to_string()));
            for (n, s) in vex.doc.statements.iter().enumerate() {
                assert!(
                    vex.components.get(n).copied().flatten().is_some(),
                    "{} names no component",
                    s.vulnerability
                );
                assert!(
                    checked.graph.index.contains_key(s.vulnerability.as_str()),
                    "{} is not recorded",
                    s.vulnerability
                );
                statements.push(s.vulnerability.clone());
            }
        }
    }
    statements.sort();
    assert_eq!(
        statements,
        ["CVE-2025-27809", "CVE-2025-27810", "CVE-2025-9230"]
    );
    assert_eq!(vex_formats.len(), 2);
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

// CI systems often clone without tags: the example names its prior release by commit ID, so
// a clone without tags still compares with release 2.3.0 and checks clean.
#[test]
fn example_compares_with_its_prior_release_in_a_clone_without_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let clone = tmp.path().join("clone");
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--no-tags", "--no-local"])
        .arg(root())
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(status.success(), "git clone");
    let tags = std::process::Command::new("git")
        .args(["tag", "--list"])
        .current_dir(&clone)
        .output()
        .unwrap();
    assert!(tags.stdout.is_empty(), "the clone has no tags");
    // The example as it is in this working tree, uncommitted edits included.
    let example = clone.join("example-dossier");
    std::fs::remove_dir_all(&example).unwrap();
    copy_tree(&root().join("example-dossier"), &example);
    let checked = check(&example);
    assert_silent(&checked);
    let prior = checked.prior.as_ref().expect("a prior release is assessed");
    assert_eq!(prior.release.as_deref(), Some("2.3.0"));
    assert!(prior.names_commit, "named by commit ID");
    let delta = prior.delta.as_ref().expect("compared");
    // Release 2.4.0 replaced passkey pairing (REQ-009, superseded) with LE Secure Connections
    // numeric comparison (REQ-012), and moved the gateway to OpenSSL 3.5.4.
    let requirements: Vec<(&str, &str)> = delta
        .requirements
        .iter()
        .map(|c| (c.id.as_str(), c.change))
        .collect();
    assert!(
        requirements.contains(&("REQ-009", "superseded")),
        "{requirements:?}"
    );
    assert!(
        requirements.contains(&("REQ-012", "added")),
        "{requirements:?}"
    );
    assert!(
        delta
            .components
            .iter()
            .any(|c| c.sbom == "SBOM-003" && c.name == "openssl" && c.upgraded),
        "{:?}",
        delta.components
    );
}

//! SBOM formats, VEX documents, advisory matching and the impact query (issue 4).

use crate::support::{root, run, stdout};

/// `dossier impact` asks several dossiers at once: one ships the component and assessed the
/// advisory, one ships it unassessed, one does not ship it; JSON and text agree.
#[test]
fn impact_answers_across_dossiers() {
    let fixtures = root().join("tests/fixtures/rules/VULN-001");
    let assessed = fixtures.join("pass_advisory_recorded");
    let unassessed = fixtures.join("fail_advisory_unrecorded");
    let example = root().join("example-dossier");
    let dirs = [&assessed, &unassessed, &example].map(|d| d.display().to_string());

    let out = run(&[
        "impact",
        "CVE-2026-10001",
        &dirs[0],
        &dirs[1],
        &dirs[2],
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(dossiers.len(), 3);
    let verdicts: Vec<&str> = dossiers
        .iter()
        .map(|d| d["verdict"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(verdicts, ["not affected", "unassessed", "not shipped"]);
    assert_eq!(dossiers[0]["advisories"][0], "GHSA-fx01-lib0-0001");
    assert_eq!(dossiers[0]["components"][0]["version"], "2.0.0");
    assert_eq!(
        dossiers[0]["vulnerabilities"][0]["assessments"][0]["id"],
        "VA-1"
    );

    // By package: a purl with a version that is not shipped finds nothing; without a
    // version it finds the component.
    let out = run(&["impact", "pkg:generic/lib", &dirs[1], "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["dossiers"][0]["components"][0]["name"], "lib");
    assert_eq!(json["dossiers"][0]["advisories"][0], "GHSA-fx01-lib0-0001");
    let out = run(&[
        "impact",
        "pkg:generic/lib@9.9.9",
        &dirs[1],
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["dossiers"][0]["verdict"], "not shipped");

    let text = stdout(&run(&["impact", "CVE-2026-10001", &dirs[0], &dirs[1]]));
    assert!(
        text.contains("VA-1 (approved): 1.0.0 not affected"),
        "{text}"
    );
    assert!(text.contains("unassessed"), "{text}");

    // A query that is neither a purl nor an ID is refused with exit 2.
    let out = run(&["impact", "pkg:", &dirs[0]]);
    assert_eq!(out.status.code(), Some(2));
}

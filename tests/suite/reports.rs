//! CI reports: SARIF 2.1.0 for code scanning and JUnit XML, and the submission profiles.

use crate::support::{root, run, stdout};

fn fixture(path: &str) -> String {
    root()
        .join("tests/fixtures/rules")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

// SARIF carries what code-scanning tools read: version, rules with help, and results with
// ruleId, level, message and a repository-relative physical location with a region.
#[test]
fn sarif_has_what_code_scanning_reads() {
    let out = run(&[
        "check",
        "--format",
        "sarif",
        "--as-of",
        "2026-11-01",
        &fixture("TRACE-001/fail_broken"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dossier");
    let rules = driver["rules"].as_array().expect("rules");
    let trace = rules
        .iter()
        .find(|r| r["id"] == "TRACE-001")
        .expect("TRACE-001 described");
    assert!(
        trace["help"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("## How to fix")
    );
    assert!(
        trace["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    for result in results {
        assert_eq!(result["ruleId"], "TRACE-001");
        assert_eq!(result["level"], "error");
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], "TRACE-001");
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            uri.starts_with("tests/fixtures/rules/TRACE-001/fail_broken/"),
            "not repository-relative: {uri}"
        );
        assert!(!uri.starts_with('/'));
        assert!(physical["region"]["startLine"].as_u64().unwrap_or(0) > 0);
        assert!(physical["region"]["startColumn"].as_u64().unwrap_or(0) > 0);
    }
}

// A waived finding is a SARIF suppression, not an open result.
#[test]
fn sarif_marks_waivers_as_suppressions() {
    let out = run(&[
        "check",
        "--format",
        "sarif",
        "--as-of",
        "2026-11-01",
        &fixture("WAIVER-001/pass_used"),
    ]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "RISK-001");
    assert_eq!(result["suppressions"][0]["kind"], "external");
    assert!(
        result["suppressions"][0]["justification"]
            .as_str()
            .unwrap_or("")
            .contains("legacy risk file")
    );
}

// JUnit has one test case per rule; a rule with open findings fails.
#[test]
fn junit_has_one_case_per_rule() {
    let out = run(&[
        "check",
        "--format",
        "junit",
        "--as-of",
        "2026-11-01",
        &fixture("RISK-001/fail_unassessed"),
    ]);
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_eq!(
        xml.matches("<testcase ").count(),
        dossier::rules::all().len()
    );
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert!(xml.contains("name=\"RISK-001 unassessed-threat\">\n      <failure type=\"error\" message=\"1 open finding\">"));
}

// The profile decides which rules run: a full-profile rule is skipped for an IDE.
#[test]
fn profile_selects_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = root().join("tests/fixtures/rules/RISK-001/fail_unassessed");
    for name in ["device.yaml", "chain.yaml"] {
        std::fs::copy(src.join(name), dir.path().join(name)).expect("copy");
    }
    let path = dir.path().to_string_lossy().into_owned();
    for (profile, code) in [("full", 1), ("ide", 0), ("modification", 0)] {
        std::fs::write(
            dir.path().join("dossier.yaml"),
            format!("device: DEV-1\nrelease: 1.0.0\nprofile: {profile}\n"),
        )
        .expect("manifest");
        assert_eq!(
            run(&["check", "--as-of", "2026-11-01", &path])
                .status
                .code(),
            Some(code),
            "profile {profile}"
        );
    }
    let junit = stdout(&run(&[
        "check",
        "--format",
        "junit",
        "--as-of",
        "2026-11-01",
        &path,
    ]));
    assert!(
        junit.contains("name=\"RISK-001 unassessed-threat\">\n      <skipped"),
        "{junit}"
    );
    let listed = stdout(&run(&["rules", "--profile", "modification"]));
    assert!(
        !listed.contains("RISK-001") && listed.contains("DOC-001"),
        "{listed}"
    );
}

// A rule switched off in the manifest does not run, and the override is recorded.
#[test]
fn severity_overrides_apply() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = root().join("tests/fixtures/rules/RISK-001/fail_unassessed");
    for name in ["device.yaml", "chain.yaml"] {
        std::fs::copy(src.join(name), dir.path().join(name)).expect("copy");
    }
    let path = dir.path().to_string_lossy().into_owned();
    let manifest = "device: DEV-1\nrelease: 1.0.0\nrules:\n  RISK-001:\n    severity: SEVERITY\n    justification: Legacy threats are assessed in RMF-7.\n    approved_by: Q. Reviewer\n";
    std::fs::write(
        dir.path().join("dossier.yaml"),
        manifest.replace("SEVERITY", "warning"),
    )
    .expect("manifest");
    let out = run(&["check", "--format", "short", "--as-of", "2026-11-01", &path]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("warning[RISK-001]"));
    std::fs::write(
        dir.path().join("dossier.yaml"),
        manifest.replace("SEVERITY", "off"),
    )
    .expect("manifest");
    let out = run(&["check", "--format", "short", "--as-of", "2026-11-01", &path]);
    assert_eq!(stdout(&out), "");
}

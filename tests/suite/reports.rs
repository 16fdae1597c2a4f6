//! CI reports: SARIF 2.1.0 for code scanning and JUnit XML, and the submission profiles.

use crate::support::{example_with_unassessed_threat, root, run, stdout, waiver};

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
    let results: Vec<&serde_json::Value> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "TRACE-001")
        .collect();
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
    let dir = example_with_unassessed_threat(&waiver("THR-099", None), "full");
    let out = run(&[
        "check",
        "--format",
        "sarif",
        "--as-of",
        "2026-11-01",
        &dir.path().to_string_lossy(),
    ]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!(results[0]["ruleId"], "RISK-001");
    assert_eq!(results[0]["suppressions"][0]["kind"], "external");
    assert!(
        results[0]["suppressions"][0]["justification"]
            .as_str()
            .unwrap_or("")
            .contains("legacy risk file")
    );
}

// JUnit has one test case per rule; a rule with open findings fails.
#[test]
fn junit_has_one_case_per_rule() {
    let dir = example_with_unassessed_threat("", "full");
    let out = run(&[
        "check",
        "--format",
        "junit",
        "--as-of",
        "2026-11-01",
        &dir.path().to_string_lossy(),
    ]);
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_eq!(
        xml.matches("<testcase ").count(),
        dossier::rules::all().len()
    );
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
    assert!(xml.contains("name=\"RISK-001 unassessed-threat\">\n      <failure type=\"error\" message=\"1 open finding\">"));
}

// The profile decides which rules run: a full-profile rule is skipped for an IDE.
#[test]
fn profile_selects_rules() {
    for (profile, code) in [("full", 1), ("ide", 0), ("modification", 0)] {
        let dir = example_with_unassessed_threat("", profile);
        let out = run(&[
            "check",
            "--format",
            "short",
            "--as-of",
            "2026-11-01",
            &dir.path().to_string_lossy(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(code),
            "profile {profile}: {}",
            stdout(&out)
        );
        if profile == "ide" {
            let junit = stdout(&run(&[
                "check",
                "--format",
                "junit",
                "--as-of",
                "2026-11-01",
                &dir.path().to_string_lossy(),
            ]));
            assert!(
                junit.contains("name=\"RISK-001 unassessed-threat\">\n      <skipped"),
                "{junit}"
            );
        }
    }
    let listed = stdout(&run(&["rules", "--profile", "modification"]));
    assert!(
        !listed.contains("RISK-001") && listed.contains("DOC-001"),
        "{listed}"
    );
}

// A rule's severity can be overridden or switched off in the manifest, with a justification.
#[test]
fn severity_overrides_apply() {
    let manifest = "rules:\n  RISK-001:\n    severity: SEVERITY\n    justification: Legacy threats are assessed in RMF-7.\n    approved_by: P. Raman\n";
    let dir = example_with_unassessed_threat(&manifest.replace("SEVERITY", "warning"), "full");
    let out = run(&[
        "check",
        "--format",
        "short",
        "--as-of",
        "2026-11-01",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[RISK-001]"));
    let dir = example_with_unassessed_threat(&manifest.replace("SEVERITY", "off"), "full");
    let out = run(&[
        "check",
        "--format",
        "short",
        "--as-of",
        "2026-11-01",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(stdout(&out), "");
}

// Waivers and overrides appear as recorded deviations in JSON and JUnit too.
#[test]
fn deviations_appear_in_json_and_junit() {
    let manifest = format!(
        "{}rules:\n  TEST-006:\n    severity: info\n    justification: Scans are repeated per release anyway.\n    approved_by: P. Raman\n",
        waiver("THR-099", None)
    );
    let dir = example_with_unassessed_threat(&manifest, "full");
    let path = dir.path().to_string_lossy().into_owned();
    let json: serde_json::Value = serde_json::from_slice(
        &run(&["check", "--format", "json", "--as-of", "2026-11-01", &path]).stdout,
    )
    .expect("JSON");
    assert_eq!(json["summary"]["waived"], 1);
    assert_eq!(json["overrides"][0]["rule"], "TEST-006");
    assert_eq!(
        json["overrides"][0]["justification"],
        "Scans are repeated per release anyway."
    );
    let waived = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "RISK-001")
        .expect("finding kept");
    assert_eq!(waived["deviation"]["approved_by"], "P. Raman");
    let junit = stdout(&run(&[
        "check",
        "--format",
        "junit",
        "--as-of",
        "2026-11-01",
        &path,
    ]));
    assert!(
        junit.contains("<system-out>")
            && junit.contains("waived: Assessed in the legacy risk file"),
        "{junit}"
    );
}

// Rule parameters in the manifest change what the rules accept.
#[test]
fn parameters_change_rule_behaviour() {
    let short = |extra: &str| {
        let dir = example_with_unassessed_threat(extra, "full");
        std::fs::remove_file(dir.path().join("threat-model/THR-099.yaml")).expect("remove");
        stdout(&run(&[
            "check",
            "--format",
            "short",
            "--as-of",
            "2026-11-01",
            &dir.path().to_string_lossy(),
        ]))
    };
    assert_eq!(short(""), "", "the example is clean with the defaults");
    // A stricter independence minimum for fuzzing flags the example's fuzz test (done by another person).
    let text = short("parameters:\n  independence:\n    vuln/fuzz: department\n");
    assert!(
        text.contains("warning[TEST-005]") && text.contains("TST-013"),
        "{text}"
    );
    // A shorter freshness window flags the penetration test of 2026-09-19.
    let text = short("parameters:\n  test_freshness_days: 30\n");
    assert!(
        text.contains("warning[TEST-006]") && text.contains("TST-016"),
        "{text}"
    );
    // A custom deprecated-algorithm list flags AES-CCM on the BLE link.
    let text = short("parameters:\n  deprecated_algorithms: [AES-CCM]\n");
    assert!(
        text.contains("warning[CTRL-003]") && text.contains("AES-CCM"),
        "{text}"
    );
    // Switching off severity agreement is accepted; a misspelt parameter is a manifest error.
    assert_eq!(
        short("parameters:\n  safety_severity_must_match: false\n"),
        ""
    );
    let text = short("parameters:\n  test_freshnes_days: 30\n");
    assert!(
        text.contains("error[CONFIG-001]") && text.contains("unknown field `test_freshnes_days`"),
        "{text}"
    );
}

// One finding view: `check --format json`, the JSON model the PDF and the site are built
// from, and SARIF report the same findings with the same counts.
#[test]
fn every_output_reports_the_same_findings() {
    let dir = example_with_unassessed_threat(&waiver("THR-099", None), "full");
    let path = dir.path().to_string_lossy().into_owned();
    let check: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "check",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
        &path,
    ])))
    .expect("check json");
    let out = tempfile::tempdir().expect("out");
    let out_path = out.path().to_string_lossy().into_owned();
    run(&["build", "--as-of", "2026-11-01", "--out", &out_path, &path]);
    let model: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("dossier.json")).expect("dossier.json"),
    )
    .expect("model");
    assert_eq!(check["summary"], model["summary"]);
    assert_eq!(check["findings"], model["findings"]);
    let findings = check["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| {
        f["code"]
            .as_str()
            .is_some_and(|c| c.starts_with(&format!("{}-", f["family"].as_str().unwrap_or("?"))))
    }));
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "check",
        "--as-of",
        "2026-11-01",
        "--format",
        "sarif",
        &path,
    ])))
    .expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    let waived = results
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .count();
    assert_eq!(Some(waived as u64), check["summary"]["waived"].as_u64());
}

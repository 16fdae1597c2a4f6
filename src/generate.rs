//! Synthetic dossiers of any size, for benchmarks: complete trace chains that pass every rule.
//!
//! The benchmark should measure a clean, realistic dossier, so the generator writes what a
//! real one has: a device with its determination, a threat model, plans, a penetration-test
//! report, the vulnerability tests, and then `N` trace chains (threat, risk, control,
//! requirement, requirement test) with a threat-mitigation test per ten chains and a hazard
//! per ten risks. A test keeps it passing every rule as rules are added.

use std::fmt::Write as _;
use std::path::Path;

use crate::Fatal;

/// The release every synthetic dossier submits.
const RELEASE: &str = "1.0.0";
/// Artifacts per YAML list file.
const PER_FILE: usize = 20;
/// Assets and interfaces in the pools that threats draw from.
const ASSETS: usize = 30;
const INTERFACES: usize = 20;
/// Lifecycle phases the synthetic threats cycle through.
const PHASES: &[&str] = &[
    "supply_chain",
    "manufacturing",
    "deployment",
    "interoperation",
    "maintenance_update",
    "decommission",
    "operation",
];
/// The control categories of PMC Appendix 1, which the controls cycle through.
const CATEGORIES: &[&str] = &[
    "authentication",
    "authorization",
    "cryptography",
    "integrity",
    "confidentiality",
    "event_detection_logging",
    "resiliency_recovery",
    "updatability_patchability",
];
/// Vulnerability-test subtypes, with the tool of the tool-based ones.
const VULN_TESTS: &[(&str, Option<&str>)] = &[
    ("vuln/abuse_malformed", None),
    ("vuln/robustness", None),
    ("vuln/fuzz", Some("Defensics")),
    ("vuln/attack_surface", None),
    ("vuln/chaining", None),
    ("vuln/known_vuln_scan", Some("Nessus")),
    ("vuln/binary_sca", Some("EMBA")),
    ("vuln/sast", Some("CodeQL")),
    ("vuln/dast", Some("ZAP")),
    ("vuln/credentials", None),
];

/// The fourteen labeling topics of PMC §VI.A.
const LABELING_TOPICS: &[&str] = &[
    "recommended_user_controls",
    "user_diagrams",
    "ports_interfaces",
    "secure_deployment",
    "sbom_access",
    "software_updates",
    "security_event_response",
    "protective_features",
    "backup_restore",
    "configuration_recovery",
    "secure_configuration",
    "forensic_logs",
    "end_of_support",
    "decommissioning",
];

/// The document-control fields of every synthetic artifact, indented for a list item.
fn envelope() -> &'static str {
    "  revision: \"1\"\n  status: approved\n  author: Synthetic Author\n  approvals:\n    - { name: Q. Reviewer, role: QA/RA, date: 2026-01-15 }\n"
}

/// One list item: the envelope, then the kind's fields (each line indented by two spaces).
fn item(id: &str, kind: &str, title: &str, fields: &str) -> String {
    let mut s = format!(
        "- id: {id}\n  kind: {kind}\n  title: {title}\n{}",
        envelope()
    );
    for line in fields.lines() {
        let _ = writeln!(s, "  {line}");
    }
    s
}

/// A test item passing on the release.
fn test(
    id: &str,
    title: &str,
    test_type: &str,
    verifies: &str,
    independence: &str,
    extra: &str,
) -> String {
    item(
        id,
        "test",
        title,
        &format!(
            "type: {test_type}\nverifies: [{verifies}]\nsw_version: {RELEASE}\nexecuted_on: 2026-01-10\nindependence: {independence}\nresult: pass\n{extra}"
        ),
    )
}

/// The fixed part of every synthetic dossier.
fn scaffold() -> Vec<String> {
    let mut items = vec![
        item(
            "DEV-SYN",
            "device",
            "Synthetic device",
            &format!(
                "name: Synthetic device\nrelease_version: {RELEASE}\ncyber_device:\n  sponsor_software: true\n  internet_capable: true\n  connectivity_means: [network]\n  vulnerable_characteristics: true\n  conclusion: cyber_device\n  rationale: Connects over the network.\nresidual_risk_conclusion: Every synthetic risk is controlled.\nno_unresolved_anomalies: true\n"
            ),
        ),
        item(
            "TM-SYN",
            "threat_model",
            "Synthetic threat model",
            "methodology: STRIDE per element\nmethodology_rationale: Systematic coverage of every element.\nassumptions: [Synthetic data only]\nscope: The whole synthetic system.\n",
        ),
        test(
            "TST-BA",
            "Boundary analysis",
            "boundary_analysis",
            "REQ-00000",
            "department",
            "rationale: Boundaries at every field limit.\n",
        ),
        test(
            "TST-PEN",
            "Penetration test",
            "penetration",
            "THR-00000",
            "organization",
            "report: TR-PEN\n",
        ),
        item(
            "TR-PEN",
            "test_report",
            "Penetration test report",
            "tests: [TST-PEN]\nscope: The whole synthetic system.\nstart_date: 2026-01-05\nend_date: 2026-01-16\nmethods: [Network attacks]\ntesters:\n  - { name: Synthetic Tester, expertise: OSCP }\norganization: Synthetic Labs\nindependence: organization\nindependence_statement: No other relationship with the manufacturer.\noriginal_report:\n  path: evidence/pentest.txt\n",
        ),
    ];
    let assets: Vec<String> = (0..ASSETS).map(|a| format!("AST-{a:03}")).collect();
    let interfaces: Vec<String> = (0..INTERFACES).map(|i| format!("IF-{i:03}")).collect();
    let view = |id: &str, view_type: &str, extra: &str| {
        item(
            id,
            "architecture_view",
            &format!("{view_type} view"),
            &format!(
                "view_type: {view_type}\ndiagrams: [diagrams/system.svg]\nexplanation: The synthetic system.\n{extra}"
            ),
        )
    };
    items.push(view(
        "VIEW-G",
        "global_system",
        &format!(
            "assets: [{}]\ninterfaces: [{}]\n",
            assets.join(", "),
            interfaces.join(", ")
        ),
    ));
    items.push(view(
        "VIEW-M",
        "multi_patient_harm",
        "threats: [THR-00000]\n",
    ));
    items.push(view(
        "VIEW-U",
        "updatability_patchability",
        "controls: [CTL-00003]\n",
    ));
    items.push(view(
        "VIEW-C",
        "security_use_case",
        "states: { operational: [normal], clinical: [therapy] }\n",
    ));
    let plan = |id: &str, plan_type: &str, extra: &str| {
        item(
            id,
            "plan",
            &format!("{plan_type} plan"),
            &format!("plan_type: {plan_type}\n{extra}"),
        )
    };
    items.push(plan(
        "PLAN-SRM",
        "security_risk_management",
        "scales: { exploitability: [low, high], severity: [serious] }\nacceptance_matrix:\n  - { exploitability: low, severity: serious, residual: controlled }\n  - { exploitability: high, severity: serious, residual: uncontrolled }\nsafety_transfer: Harmful risks enter the safety file.\n",
    ));
    let elements: String = [
        "personnel",
        "monitoring",
        "kev_handling",
        "periodic_testing",
        "patch_timeline",
        "update_process",
        "patching_capability",
        "cvd",
        "customer_communication",
    ]
    .iter()
    .map(|e| format!("  {e}: Section {e}\n"))
    .collect();
    items.push(plan(
        "PLAN-CSM",
        "cybersecurity_management",
        &format!("elements:\n{elements}  fielded_versions: Section 4\nregular_cycle_days: 180\ncycle_justification: Two releases a year.\nout_of_cycle_target_days: 30\n"),
    ));
    items.push(plan(
        "PLAN-SPDF",
        "spdf",
        "standards: [\"IEC 81001-5-1:2021\"]\nprocesses:\n  - { process: Secure coding, procedure: SOP-1 }\n",
    ));
    items.push(plan("PLAN-CVD", "cvd", "elements:\n  external_reports: Section 2\n  internal_findings: Section 3\n  disclosure: Section 4\n"));
    for (n, topic) in LABELING_TOPICS.iter().enumerate() {
        items.push(item(
            &format!("LBL-{n:03}"),
            "labeling_item",
            &format!("Labeling of {topic}"),
            &format!("topic: {topic}\ndocument: ifu\nlocator: Section {n}\n"),
        ));
    }
    for (n, (test_type, tool)) in VULN_TESTS.iter().enumerate() {
        let extra = tool
            .map(|t| format!("tool: {{ name: {t}, version: \"1.0\", config: default }}\n"))
            .unwrap_or_default();
        items.push(test(
            &format!("TST-V{n:02}"),
            &format!("{test_type} test"),
            test_type,
            "REQ-00000",
            "person",
            &extra,
        ));
    }
    items
}

/// A CycloneDX SBOM of the synthetic firmware: one library per twenty chains (at least five),
/// each complete with supplier, purl, hash, support level and end of support.
fn sbom(chains: usize) -> String {
    let n = (chains / 20).max(5);
    let component = |name: &str, version: &str, kind: &str| {
        format!(
            "{{\"type\": \"{kind}\", \"bom-ref\": \"{name}\", \"supplier\": {{\"name\": \"Synthetic Supplier\"}}, \"name\": \"{name}\", \"version\": \"{version}\", \"purl\": \"pkg:generic/{name}@{version}\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{}\"}}], \"properties\": [{{\"name\": \"cdx:lifecycle:milestone:endOfSupport\", \"value\": \"2040-12-31\"}}, {{\"name\": \"dossier:supportLevel\", \"value\": \"actively_maintained\"}}]}}",
            "ab".repeat(32)
        )
    };
    let libs: Vec<String> = (0..n).map(|i| format!("lib{i:04}")).collect();
    let components: Vec<String> = libs
        .iter()
        .map(|l| component(l, "1.0.0", "library"))
        .collect();
    let mut dependencies = vec![format!(
        "{{\"ref\": \"syn-fw\", \"dependsOn\": [{}]}}",
        libs.iter()
            .map(|l| format!("\"{l}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    dependencies.extend(
        libs.iter()
            .map(|l| format!("{{\"ref\": \"{l}\", \"dependsOn\": []}}")),
    );
    let json = format!(
        "{{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"version\": 1,\n  \"metadata\": {{\"timestamp\": \"2026-01-05T00:00:00Z\", \"authors\": [{{\"name\": \"Synthetic team\"}}], \"component\": {}}},\n  \"components\": [\n    {}\n  ],\n  \"dependencies\": [\n    {}\n  ]\n}}\n",
        component("syn-fw", RELEASE, "firmware"),
        components.join(",\n    "),
        dependencies.join(",\n    ")
    );
    json
}

/// Writes a dossier of about `artifacts` artifacts into `out`; returns how many it wrote.
pub fn write(out: &Path, artifacts: usize) -> Result<usize, Fatal> {
    if out.exists()
        && out
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Fatal::new(format!(
            "{} exists and is not empty",
            out.display()
        )));
    }
    let fixed = scaffold();
    let per_chain = 5.0 + 0.1 + 0.1; // five chain artifacts, a mitigation test and a hazard per ten
    let chains = ((artifacts.saturating_sub(fixed.len() + ASSETS + INTERFACES) as f64 / per_chain)
        as usize)
        .max(1);
    let mut files: Vec<(String, String)> = vec![
        (
            "dossier.yaml".into(),
            format!("device: DEV-SYN\nrelease: {RELEASE}\nprofile: full\n"),
        ),
        (
            "evidence/pentest.txt".into(),
            "Synthetic penetration-test report.\n".into(),
        ),
        (
            "diagrams/system.svg".into(),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n".into(),
        ),
    ];
    let sbom_json = sbom(chains);
    let sha = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(sbom_json.as_bytes()))
    };
    files.push(("sbom/firmware.cdx.json".into(), sbom_json));
    let mut count = fixed.len();
    files.push(("scaffold.yaml".into(), fixed.concat()));
    let mut list = |dir: &str, items: Vec<String>| {
        count += items.len();
        for (n, chunk) in items.chunks(PER_FILE).enumerate() {
            files.push((format!("{dir}/{dir}-{n:04}.yaml"), chunk.concat()));
        }
    };
    list(
        "assets",
        (0..ASSETS)
            .map(|a| {
                let fields = if a == 0 {
                    "asset_type: fw\nsbom_components: [syn-fw]\n"
                } else {
                    "asset_type: hw\n"
                };
                item(
                    &format!("AST-{a:03}"),
                    "asset",
                    &format!("Asset {a}"),
                    fields,
                )
            })
            .collect(),
    );
    list(
        "sboms",
        vec![item(
            "SBOM-SYN",
            "sbom",
            "Firmware SBOM",
            &format!(
                "path: sbom/firmware.cdx.json\nformat: cyclonedx\nspec_version: \"1.6\"\nrelease_version: {RELEASE}\nsha256: {sha}\n"
            ),
        )],
    );
    list(
        "interfaces",
        (0..INTERFACES)
            .map(|i| {
                let fields = format!(
                    "medium: network\nin_use: true\nendpoints: [AST-{:03}, AST-{:03}]\n",
                    i % ASSETS,
                    (i + 1) % ASSETS
                );
                item(
                    &format!("IF-{i:03}"),
                    "interface",
                    &format!("Interface {i}"),
                    &fields,
                )
            })
            .collect(),
    );
    list(
        "threats",
        (0..chains)
            .map(|k| {
                let fields = format!(
                    "category: T\nassets: [AST-{:03}]\nentry_interfaces: [IF-{:03}]\nattack_vector: network\nlifecycle_phase: {}\n",
                    k % ASSETS,
                    k % INTERFACES,
                    PHASES[k % PHASES.len()]
                );
                item(&format!("THR-{k:05}"), "threat", &format!("Threat {k}"), &fields)
            })
            .collect(),
    );
    let harm = |k: usize| k.is_multiple_of(10);
    list(
        "risks",
        (0..chains)
            .map(|k| {
                let mut fields = format!(
                    "threats: [THR-{k:05}]\ncontrols: [CTL-{k:05}]\npre: {{ exploitability: high, severity: serious }}\npost: {{ exploitability: low, severity: serious }}\nresidual: controlled\nrationale: Control CTL-{k:05} reduces exploitability.\n"
                );
                if harm(k) {
                    let _ = writeln!(fields, "patient_harm_possible: true\nhazards: [HAZ-{:04}]", k / 10);
                } else {
                    fields.push_str("patient_harm_possible: false\n");
                }
                item(&format!("RSK-{k:05}"), "security_risk", &format!("Risk of threat {k}"), &fields)
            })
            .collect(),
    );
    list(
        "hazards",
        (0..chains.div_ceil(10))
            .map(|h| {
                let fields = format!(
                    "harm: Injury\nseverity: serious\ncause_type: security\nsecurity_risks: [RSK-{:05}]\nresidual_acceptable: true\nresidual_rationale: Controlled by design.\n",
                    h * 10
                );
                item(&format!("HAZ-{h:04}"), "hazard", &format!("Hazard {h}"), &fields)
            })
            .collect(),
    );
    list(
        "controls",
        (0..chains)
            .map(|k| {
                let category = CATEGORIES[k % CATEGORIES.len()];
                let mut fields = format!("category: {category}\nstate: implemented\nmitigates: [RSK-{k:05}]\nrequirements: [REQ-{k:05}]\n");
                match category {
                    "authentication" => fields.push_str("auth: { mechanism: Mutual TLS, algorithm: ECDSA P-256, strength: 128-bit }\n"),
                    "cryptography" => fields.push_str("crypto: { alg: AES-256-GCM, key_bits: 256, mode: GCM, key_mgmt: Secure element }\n"),
                    _ => {}
                }
                item(&format!("CTL-{k:05}"), "security_control", &format!("Control {k}"), &fields)
            })
            .collect(),
    );
    list(
        "requirements",
        (0..chains)
            .map(|k| {
                let fields = format!(
                    "text: The system shall enforce control {k}.\nsources: [CTL-{k:05}]\nacceptance_criteria: Attempt {k} is rejected.\nverification_method: test\n"
                );
                item(&format!("REQ-{k:05}"), "requirement", &format!("Requirement {k}"), &fields)
            })
            .collect(),
    );
    let mut tests: Vec<String> = (0..chains)
        .map(|k| {
            test(
                &format!("TST-{k:05}"),
                &format!("Test of requirement {k}"),
                "security_requirement",
                &format!("REQ-{k:05}"),
                "department",
                "",
            )
        })
        .collect();
    for group in 0..chains.div_ceil(10) {
        let controls: Vec<String> = (group * 10..(group * 10 + 10).min(chains))
            .map(|k| format!("CTL-{k:05}"))
            .collect();
        tests.push(test(
            &format!("TST-M{group:04}"),
            &format!("Threat mitigation test {group}"),
            "threat_mitigation",
            &controls.join(", "),
            "department",
            "",
        ));
    }
    list("tests", tests);
    for (path, text) in files {
        let path = out.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Fatal::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| Fatal::new(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(count)
}

//! Synthetic dossiers of any size, for benchmarks: complete trace chains that pass every rule.

use std::fmt::Write as _;
use std::path::Path;

use crate::Fatal;

/// The release every synthetic dossier submits.
const RELEASE: &str = "1.0.0";
/// Artifacts per YAML list file.
const PER_FILE: usize = 20;
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

fn approvals() -> &'static str {
    "  revision: \"1\"\n  status: approved\n  author: Synthetic Author\n  approvals:\n    - { name: Q. Reviewer, role: QA/RA, date: 2026-01-15 }\n"
}

/// Writes a dossier of about `artifacts` artifacts into `out`; returns how many it wrote.
///
/// Each trace chain is a threat, a risk, a control, a requirement and a test (five
/// artifacts); every tenth risk can harm a patient and links a hazard both ways. Threats
/// target one of a pool of assets through one of a pool of interfaces.
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
    let chains = (artifacts.saturating_sub(60) / 5).max(1);
    let hazards = chains.div_ceil(10);
    let assets = 30;
    let interfaces = 20;
    let mut files: Vec<(String, String)> = Vec::new();
    files.push((
        "dossier.yaml".into(),
        format!("device: DEV-SYN\nrelease: {RELEASE}\nprofile: full\n"),
    ));
    let top = approvals().replace("\n  ", "\n");
    let top = top.trim_start();
    files.push((
        "device.yaml".into(),
        format!(
            "id: DEV-SYN\nkind: device\ntitle: Synthetic device\n{top}name: Synthetic device\nrelease_version: {RELEASE}\n\
             cyber_device:\n  sponsor_software: true\n  internet_capable: true\n  connectivity_means: [network]\n\
             \x20 vulnerable_characteristics: true\n  conclusion: cyber_device\n  rationale: Connects over the network.\n\
             residual_risk_conclusion: Every synthetic risk is controlled.\n"
        ),
    ));
    files.push((
        "threat-model.md".into(),
        format!(
            "---\nid: TM-SYN\nkind: threat_model\ntitle: Synthetic threat model\n{top}methodology: STRIDE per element\n\
             methodology_rationale: Systematic coverage of every element.\nassumptions: [Synthetic data only]\n\
             scope: The whole synthetic system.\n---\n\n# Synthetic threat model\n\nGenerated for benchmarks.\n"
        ),
    ));
    let mut list = |dir: &str, items: Vec<String>| {
        for (n, chunk) in items.chunks(PER_FILE).enumerate() {
            files.push((format!("{dir}/{dir}-{n:04}.yaml"), chunk.concat()));
        }
    };
    list(
        "assets",
        (0..assets)
            .map(|a| {
                format!(
                    "- id: AST-{a:03}\n  kind: asset\n  title: Asset {a}\n{}  asset_type: sw\n",
                    approvals()
                )
            })
            .collect(),
    );
    list(
        "interfaces",
        (0..interfaces)
            .map(|i| {
                format!(
                    "- id: IF-{i:03}\n  kind: interface\n  title: Interface {i}\n{}  medium: network\n  endpoints: [AST-{:03}, AST-{:03}]\n",
                    approvals(),
                    i % assets,
                    (i + 1) % assets
                )
            })
            .collect(),
    );
    let harm = |k: usize| k.is_multiple_of(10);
    list(
        "threats",
        (0..chains)
            .map(|k| {
                format!(
                    "- id: THR-{k:05}\n  kind: threat\n  title: Threat {k} against asset {}\n{}  category: T\n  assets: [AST-{:03}]\n  entry_interfaces: [IF-{:03}]\n  attack_vector: network\n  lifecycle_phase: {}\n",
                    k % assets,
                    approvals(),
                    k % assets,
                    k % interfaces,
                    PHASES[k % PHASES.len()]
                )
            })
            .collect(),
    );
    list(
        "risks",
        (0..chains)
            .map(|k| {
                let mut s = format!(
                    "- id: RSK-{k:05}\n  kind: security_risk\n  title: Risk of threat {k}\n{}  threats: [THR-{k:05}]\n  controls: [CTL-{k:05}]\n  pre: {{ exploitability: high, severity: serious }}\n  post: {{ exploitability: low, severity: serious }}\n  residual: controlled\n  rationale: Control CTL-{k:05} reduces exploitability.\n",
                    approvals()
                );
                if harm(k) {
                    let _ = write!(s, "  patient_harm_possible: true\n  hazards: [HAZ-{:04}]\n", k / 10);
                } else {
                    s.push_str("  patient_harm_possible: false\n");
                }
                s
            })
            .collect(),
    );
    list(
        "hazards",
        (0..hazards)
            .map(|h| {
                format!(
                    "- id: HAZ-{h:04}\n  kind: hazard\n  title: Hazard {h}\n{}  harm: Injury\n  severity: serious\n  cause_type: security\n  security_risks: [RSK-{:05}]\n  residual_acceptable: true\n  residual_rationale: Controlled by design.\n",
                    approvals(),
                    h * 10
                )
            })
            .collect(),
    );
    list(
        "controls",
        (0..chains)
            .map(|k| {
                format!(
                    "- id: CTL-{k:05}\n  kind: security_control\n  title: Control {k}\n{}  category: authentication\n  state: implemented\n  mitigates: [RSK-{k:05}]\n  requirements: [REQ-{k:05}]\n",
                    approvals()
                )
            })
            .collect(),
    );
    list(
        "requirements",
        (0..chains)
            .map(|k| {
                format!(
                    "- id: REQ-{k:05}\n  kind: requirement\n  title: Requirement {k}\n{}  text: The system shall enforce control {k}.\n  sources: [CTL-{k:05}]\n  acceptance_criteria: Attempt {k} is rejected.\n  verification_method: test\n",
                    approvals()
                )
            })
            .collect(),
    );
    list(
        "tests",
        (0..chains)
            .map(|k| {
                format!(
                    "- id: TST-{k:05}\n  kind: test\n  title: Test of requirement {k}\n{}  type: security_requirement\n  verifies: [REQ-{k:05}]\n  sw_version: {RELEASE}\n  executed_on: 2026-02-01\n  result: pass\n",
                    approvals()
                )
            })
            .collect(),
    );
    let count = 2 + assets + interfaces + hazards + chains * 5;
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

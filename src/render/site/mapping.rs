//! The 524B and guidance mapping: for each requirement of the statute and of FDA's premarket
//! guidance, the kinds of evidence that answer it (with their artifacts) and the rules that
//! check it (with their open findings). Rules are matched by the clause in their citation,
//! so the page follows the catalogue without a second list to keep in step.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::names::{PageNames, kind_title};
use crate::Checked;
use crate::model::{Body, Kind, PlanType};

/// One clause: its reference, what it asks, the citation fragments of its rules, the kinds
/// of evidence, and of plans those of the types that answer it (none listed: any plan).
struct Clause {
    reference: &'static str,
    asks: &'static str,
    cites: &'static [&'static str],
    kinds: &'static [Kind],
    plans: &'static [PlanType],
}

const CLAUSES: &[Clause] = &[
    Clause {
        reference: "FD&C Act 524B(c)",
        asks: "Whether the device is a cyber device: software, the ability to connect to the internet, and characteristics vulnerable to cybersecurity threats.",
        cites: &["524B(c)"],
        kinds: &[Kind::Device],
        plans: &[],
    },
    Clause {
        reference: "FD&C Act 524B(b)(1)",
        asks: "A plan to monitor, identify and address postmarket cybersecurity vulnerabilities and exploits, including coordinated vulnerability disclosure.",
        cites: &["524B(b)(1)"],
        kinds: &[Kind::Plan],
        plans: &[
            PlanType::CybersecurityManagement,
            PlanType::Cvd,
            PlanType::Monitoring,
            PlanType::IncidentResponse,
        ],
    },
    Clause {
        reference: "FD&C Act 524B(b)(2)",
        asks: "Processes and procedures that provide reasonable assurance that the device and related systems are cybersecure, and postmarket updates and patches.",
        cites: &["524B(b)(2)"],
        kinds: &[
            Kind::Plan,
            Kind::SecurityRisk,
            Kind::SecurityControl,
            Kind::Requirement,
            Kind::Test,
            Kind::Vulnerability,
            Kind::VulnAssessment,
        ],
        plans: &[
            PlanType::Spdf,
            PlanType::SecurityRiskManagement,
            PlanType::PatchUpdate,
        ],
    },
    Clause {
        reference: "FD&C Act 524B(b)(3)",
        asks: "A software bill of materials, including commercial, open-source and off-the-shelf components.",
        cites: &["524B(b)(3)"],
        kinds: &[Kind::Sbom],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.A.1",
        asks: "Threat modeling across the system and its lifecycle.",
        cites: &["§V.A.1"],
        kinds: &[
            Kind::ThreatModel,
            Kind::Threat,
            Kind::Asset,
            Kind::Interface,
        ],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.A.2",
        asks: "Cybersecurity risk assessment, with exploitability rather than probability, and its link to safety risk.",
        cites: &["§V.A.2"],
        kinds: &[Kind::SecurityRisk, Kind::Hazard],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.A.4",
        asks: "Third-party software components: SBOM, support level and end of support, and the assessment of known vulnerabilities.",
        cites: &["§V.A.4"],
        kinds: &[Kind::Sbom, Kind::Vulnerability, Kind::VulnAssessment],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.A.5",
        asks: "Unresolved anomalies assessed for their security impact.",
        cites: &["§V.A.5"],
        kinds: &[Kind::Anomaly],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.A.6",
        asks: "TPLC security risk management metrics.",
        cites: &["§V.A.6"],
        kinds: &[Kind::Device],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.B.1",
        asks: "Security controls in each category of Appendix 1, or why a category does not apply.",
        cites: &["§V.B.1", "App. 1"],
        kinds: &[
            Kind::SecurityControl,
            Kind::NaJustification,
            Kind::Requirement,
        ],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.B.2",
        asks: "Security architecture views: global system, multi-patient harm, updatability and patchability, security use case.",
        cites: &["§V.B.2"],
        kinds: &[Kind::ArchitectureView],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §V.C",
        asks: "Cybersecurity testing: requirements, threat mitigation, vulnerability testing and penetration testing, with findings and their disposition.",
        cites: &["§V.C"],
        kinds: &[
            Kind::Test,
            Kind::TestReport,
            Kind::Finding,
            Kind::DeferredPlan,
        ],
        plans: &[],
    },
    Clause {
        reference: "Premarket guidance §VI",
        asks: "Transparency: cybersecurity labeling for users (§VI.A) and the cybersecurity management plan (§VI.B).",
        cites: &["§VI"],
        kinds: &[Kind::LabelingItem, Kind::Plan],
        plans: &[PlanType::CybersecurityManagement],
    },
    Clause {
        reference: "Premarket guidance §VII.D",
        asks: "Modifications to a cyber device: what changed since the last authorised version, and its cybersecurity assessment.",
        cites: &["§VII.D"],
        kinds: &[Kind::ChangeRecord],
        plans: &[],
    },
    Clause {
        reference: "ISO 13485 4.2.4, 4.2.5",
        asks: "Control of documents and records: identified, reviewed, approved, current.",
        cites: &["13485 4.2"],
        kinds: &[],
        plans: &[],
    },
    Clause {
        reference: "ISO 13485 7.3.9",
        asks: "Design and development changes identified, reviewed, verified and approved.",
        cites: &["13485 7.3.9"],
        kinds: &[Kind::ChangeRecord],
        plans: &[],
    },
];

/// Whether a citation cites a clause: the clause's text, not followed by more of a longer
/// clause number (`§VI` is in `§VI.A` but not in `§VII`; `App. 1` is not `App. 10`).
fn cites(citation: &str, clause: &str) -> bool {
    citation.match_indices(clause).any(|(at, _)| {
        citation[at + clause.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// The context of the mapping page.
pub fn page(checked: &Checked, names: &PageNames) -> Value {
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for d in checked.diagnostics.iter().filter(|d| d.deviation.is_none()) {
        *open.entry(d.code).or_default() += 1;
    }
    let clauses: Vec<Value> = CLAUSES
        .iter()
        .map(|c| {
            let rules: Vec<Value> = crate::rules::all()
                .iter()
                .filter(|r| c.cites.iter().any(|needle| cites(r.citation, needle)))
                .map(|r| json!({"code": r.code, "name": r.name, "open": open.get(r.code).copied().unwrap_or(0)}))
                .collect();
            let evidence: Vec<Value> = c
                .kinds
                .iter()
                .map(|k| {
                    let mut items: Vec<(&str, usize)> = checked
                        .graph
                        .of_kind(*k)
                        .iter()
                        .filter(|&&i| match &checked.artifacts[i].body {
                            Body::Plan(plan) if !c.plans.is_empty() => {
                                c.plans.contains(&plan.plan_type.value)
                            }
                            _ => true,
                        })
                        .map(|&i| (checked.artifacts[i].id(), i))
                        .collect();
                    items.sort();
                    json!({
                        "kind": k.as_str(),
                        "title": kind_title(*k),
                        "count": items.len(),
                        "items": items.iter().take(12).map(|(id, i)| json!({"id": id, "url": names.by_index[*i]})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let failing = rules.iter().filter(|r| r["open"].as_u64().unwrap_or(0) > 0).count();
            json!({
                "reference": c.reference,
                "asks": c.asks,
                "rules": rules,
                "evidence": evidence,
                "failing": failing,
            })
        })
        .collect();
    json!({"title": "524B and guidance mapping", "clauses": clauses})
}

#[cfg(test)]
mod tests {
    use super::cites;

    #[test]
    fn clauses_match_whole_numbers() {
        assert!(cites("PMC §VI.A; FD&C 502(f)", "§VI"));
        assert!(!cites("PMC §VII.C.1", "§VI"));
        assert!(cites("524B(b)(2)(B); PMK §VII.B", "524B(b)(2)"));
        assert!(cites("PMC App. 1, App. 2.B", "App. 1"));
        assert!(!cites("PMC App. 10", "App. 1"));
        assert!(cites("13485 4.2.4, 4.2.5", "13485 4.2"));
    }
}

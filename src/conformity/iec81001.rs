//! IEC 81001-5-1:2021, clause by clause, as data: numbers and short titles only (the
//! standard's text is never reproduced), the dossier's evidence for each clause, the rules
//! that check it, and the MDCG 2019-16 sections it serves.
//!
//! Why this standard: it is the secure-lifecycle process standard for health software,
//! recognised by FDA (recognised consensus standard) and harmonised or recognised for the EU
//! MDR (read with MDCG 2019-16), Japan and others, so one view of it serves several
//! regulators.
//!
//! Titles. Each clause names the public sources that confirm its short title (keys of
//! [`SOURCES`]); a clause with none is unverified and every output says so. The clause
//! numbering follows the standard's table of contents, whose titles the sources quote
//! clause by clause; the titles left unverified are the ones no public source read for
//! this table gave (most subclauses of 5.1, 5.3–5.6, 5.8, 6 and 7, and the headings).
//! Consulted (2026): the Kelsey QMS clause-by-clause crosswalk (its per-clause pages give
//! "Maps to IEC 81001-5-1: §N title"), the public sample of Interpretation Sheet 1
//! (ISH1:2025, which names 4.1.7, 4.1.9, 4.3, 5.2.3, 6.2.1 and 6.3.1–6.3.3), QMSdoc's
//! testing article (5.7.1–5.7.4) and the Australian Digital Health Agency's standards page
//! (the top-level clauses).
//!
//! Evidence. `records` are what the dossier holds that answers the clause; `described_by`
//! are plans that describe a process the dossier cannot hold records of. Besides those,
//! every process of the secure product development framework (`spdf` plan) whose `clause:`
//! names a clause (or a clause it is within) is shown as its description.

use super::{Clause, Query, Source, Standard, ev};
use crate::model::{ControlCategory, Kind, LabelingTopic, PlanType, TestType, ViewType};

/// The public sources the titles were checked against.
pub const SOURCES: &[Source] = &[
    Source {
        key: "kelsey",
        name: "Kelsey QMS, IEC 81001-5-1 Cybersecurity Lifecycle Crosswalk (clause index and per-clause pages)",
        url: "https://kelseyqms.com/crosswalk/iec-81001",
    },
    Source {
        key: "ish1",
        name: "IEC 81001-5-1:2021/ISH1:2025, Interpretation Sheet 1 (public sample)",
        url: "https://standards.iteh.ai/catalog/standards/iec/29a26217-1c68-4c2a-bc8a-7c2e0bae69f8/iec-81001-5-1-2021-ish1-2025",
    },
    Source {
        key: "qmsdoc",
        name: "QMSdoc, Cyber security: testing under IEC 81001-5-1 5.7 (2024-08-03)",
        url: "https://qmsdoc.com/2024/08/03/cyber-security",
    },
    Source {
        key: "adha",
        name: "Australian Digital Health Agency, standards catalogue entry for IEC 81001-5-1:2021 (main sections)",
        url: "https://implementer.digitalhealth.gov.au/standards/health-software-and-health-it-systems-safety-effectiveness-and-security-part-5-1-security-activities-in-the-product-life-cycle",
    },
];

/// A heading: a clause that groups the clauses under it.
const fn heading(
    number: &'static str,
    title: &'static str,
    sources: &'static [&'static str],
) -> Clause {
    Clause {
        number,
        title,
        sources,
        heading: true,
        records: &[],
        described_by: &[],
        rules: &[],
        mdcg: &[],
    }
}

/// IEC 81001-5-1:2021.
pub const STANDARD: Standard = Standard {
    name: "IEC 81001-5-1:2021",
    title: "Health software and health IT systems safety, effectiveness and security — Part 5-1: Security — Activities in the product life cycle",
    citation_key: "81001",
    clauses: CLAUSES,
    sources: SOURCES,
};

/// Every clause of Clauses 4 to 9, in the standard's order.
pub const CLAUSES: &[Clause] = &[
    heading("4", "General requirements", &["adha"]),
    heading("4.1", "Quality management", &[]),
    Clause {
        number: "4.1.1",
        title: "Quality management system",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Secure product development framework",
            Query::Plan(PlanType::Spdf),
        )],
        described_by: &[],
        rules: &["PLAN-005", "DOC-001", "DOC-002"],
        mdcg: &["3.1", "4.1"],
    },
    Clause {
        number: "4.1.2",
        title: "Identification of responsibilities",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Product security team",
            Query::PlanElement(PlanType::CybersecurityManagement, "personnel"),
        )],
        described_by: &[],
        rules: &["PLAN-001"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "4.1.3",
        title: "Identification of applicability",
        sources: &["kelsey"],
        heading: false,
        records: &[],
        described_by: &[ev(
            "Standards the framework follows",
            Query::Plan(PlanType::Spdf),
        )],
        rules: &["PLAN-005"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "4.1.4",
        title: "Security expertise",
        sources: &[],
        heading: false,
        records: &[ev(
            "Testers and their expertise",
            Query::ReportsOf(&[TestType::Penetration]),
        )],
        described_by: &[ev(
            "Product security team",
            Query::PlanElement(PlanType::CybersecurityManagement, "personnel"),
        )],
        rules: &["TEST-004", "PLAN-001"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "4.1.5",
        title: "Software items from third-party suppliers",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "SBOMs with supplier and support of each component",
            Query::Kind(Kind::Sbom),
        )],
        described_by: &[],
        rules: &[
            "SBOM-001",
            "SBOM-002",
            "SBOM-003",
            "SBOM-004",
            "SBOM-005",
            "SBOM-006",
            "SBOM-EOS-001",
            "SBOM-EOS-002",
            "SBOM-EOS-003",
        ],
        mdcg: &["3.1", "3.8"],
    },
    Clause {
        number: "4.1.6",
        title: "Continuous improvement",
        sources: &["kelsey"],
        heading: false,
        records: &[],
        described_by: &[ev(
            "Cybersecurity management plan",
            Query::Plan(PlanType::CybersecurityManagement),
        )],
        rules: &["MET-001"],
        mdcg: &["3.8"],
    },
    Clause {
        number: "4.1.7",
        title: "Disclosing security-related issues",
        sources: &["kelsey", "ish1"],
        heading: false,
        records: &[ev("Customer communications", Query::Communicated)],
        described_by: &[
            ev(
                "Coordinated disclosure",
                Query::PlanElement(PlanType::Cvd, "disclosure"),
            ),
            ev(
                "Customer communication",
                Query::PlanElement(PlanType::CybersecurityManagement, "customer_communication"),
            ),
        ],
        rules: &["PLAN-002", "VULN-004"],
        mdcg: &["5.2"],
    },
    Clause {
        number: "4.1.8",
        title: "Periodic review of security defect management",
        sources: &["kelsey"],
        heading: false,
        records: &[],
        described_by: &[ev(
            "Cybersecurity management plan",
            Query::Plan(PlanType::CybersecurityManagement),
        )],
        rules: &["PLAN-001"],
        mdcg: &["3.8"],
    },
    Clause {
        number: "4.1.9",
        title: "Accompanying documentation review",
        sources: &["kelsey", "ish1"],
        heading: false,
        records: &[ev(
            "Cybersecurity labeling",
            Query::Kind(Kind::LabelingItem),
        )],
        described_by: &[],
        rules: &["LBL-001", "LBL-002"],
        mdcg: &["4.2"],
    },
    Clause {
        number: "4.2",
        title: "Security risk management",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Security risk management plan",
            Query::Plan(PlanType::SecurityRiskManagement),
        )],
        described_by: &[],
        rules: &["PLAN-004"],
        mdcg: &["3.2"],
    },
    Clause {
        number: "4.3",
        title: "Software item classification relating to risk transfer",
        sources: &["kelsey", "ish1"],
        heading: false,
        records: &[ev(
            "SBOMs with the origin and support level of each component",
            Query::Kind(Kind::Sbom),
        )],
        described_by: &[],
        rules: &["SBOM-EOS-001", "SBOM-EOS-002", "SBOM-EOS-003"],
        mdcg: &["2.6", "3.8"],
    },
    heading("5", "Software development process", &["adha"]),
    heading("5.1", "Software development planning", &[]),
    Clause {
        number: "5.1.1",
        title: "Activities in the life cycle process",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Secure product development framework",
            Query::Plan(PlanType::Spdf),
        )],
        described_by: &[],
        rules: &["PLAN-005"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.1.2",
        title: "Development environment security",
        sources: &["kelsey"],
        heading: false,
        records: &[],
        described_by: &[],
        rules: &[],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.1.3",
        title: "Secure coding standards",
        sources: &[],
        heading: false,
        records: &[],
        described_by: &[],
        rules: &[],
        mdcg: &["3.1"],
    },
    heading("5.2", "Health software requirements analysis", &[]),
    Clause {
        number: "5.2.1",
        title: "Health software security requirements",
        sources: &["kelsey"],
        heading: false,
        records: &[
            ev("Security requirements", Query::Kind(Kind::Requirement)),
            ev("Security controls", Query::Kind(Kind::SecurityControl)),
        ],
        described_by: &[],
        rules: &["REQ-001", "CTRL-001", "TRACE-001"],
        mdcg: &["3.3"],
    },
    Clause {
        number: "5.2.2",
        title: "Security requirements review",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Approved security requirements",
            Query::Kind(Kind::Requirement),
        )],
        described_by: &[],
        rules: &["DOC-001", "REQ-001"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.2.3",
        title: "Security risks for required software",
        sources: &["kelsey", "ish1"],
        heading: false,
        records: &[
            ev("SBOMs", Query::Kind(Kind::Sbom)),
            ev(
                "Vulnerability assessments",
                Query::Kind(Kind::VulnAssessment),
            ),
        ],
        described_by: &[],
        rules: &["VULN-001", "VULN-002", "SBOM-EOS-003"],
        mdcg: &["3.4", "3.8"],
    },
    heading("5.3", "Software architectural design", &[]),
    Clause {
        number: "5.3.1",
        title: "Defense-in-depth architecture/design",
        sources: &[],
        heading: false,
        records: &[
            ev("Architecture views", Query::Kind(Kind::ArchitectureView)),
            ev("Security controls", Query::Kind(Kind::SecurityControl)),
        ],
        described_by: &[],
        rules: &["ARCH-001", "ARCH-004", "CTRL-001"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.3.2",
        title: "Secure design best practices",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Interfaces and their security",
            Query::Kind(Kind::Interface),
        )],
        described_by: &[],
        rules: &["ARCH-005", "CTRL-003"],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.3.3",
        title: "Security architectural design review",
        sources: &["kelsey"],
        heading: false,
        records: &[ev("Threat model", Query::Kind(Kind::ThreatModel))],
        described_by: &[],
        rules: &["TM-001", "TM-003"],
        mdcg: &["3.1"],
    },
    heading("5.4", "Software design", &[]),
    Clause {
        number: "5.4.1",
        title: "Software design best practices",
        sources: &[],
        heading: false,
        records: &[],
        described_by: &[],
        rules: &[],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.4.2",
        title: "Secure design",
        sources: &[],
        heading: false,
        records: &[ev("Security controls", Query::Kind(Kind::SecurityControl))],
        described_by: &[],
        rules: &["CTRL-001", "CTRL-003"],
        mdcg: &["3.1", "3.3"],
    },
    Clause {
        number: "5.4.3",
        title: "Secure health software interfaces",
        sources: &["kelsey"],
        heading: false,
        records: &[ev("Interfaces", Query::Kind(Kind::Interface))],
        described_by: &[],
        rules: &["ARCH-005", "TM-003"],
        mdcg: &["3.3"],
    },
    Clause {
        number: "5.4.4",
        title: "Detailed design verification for security",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Security requirement tests",
            Query::Tests(&[TestType::SecurityRequirement]),
        )],
        described_by: &[],
        rules: &["CTRL-002", "TRACE-001"],
        mdcg: &["3.7"],
    },
    heading("5.5", "Software unit implementation and verification", &[]),
    Clause {
        number: "5.5.1",
        title: "Secure coding standards",
        sources: &[],
        heading: false,
        records: &[ev("Static code analysis", Query::Tests(&[TestType::Sast]))],
        described_by: &[],
        rules: &[],
        mdcg: &["3.1"],
    },
    Clause {
        number: "5.5.2",
        title: "Security implementation review",
        sources: &[],
        heading: false,
        records: &[ev(
            "Static and composition analysis",
            Query::Tests(&[TestType::Sast, TestType::BinarySca]),
        )],
        described_by: &[],
        rules: &["TEST-006"],
        mdcg: &["3.7"],
    },
    Clause {
        number: "5.6",
        title: "Software integration testing",
        sources: &[],
        heading: false,
        records: &[],
        described_by: &[],
        rules: &[],
        mdcg: &["3.7"],
    },
    heading("5.7", "Software system testing", &[]),
    Clause {
        number: "5.7.1",
        title: "Security requirements testing",
        sources: &["kelsey", "qmsdoc"],
        heading: false,
        records: &[
            ev(
                "Security requirement tests",
                Query::Tests(&[TestType::SecurityRequirement]),
            ),
            ev(
                "Boundary analysis",
                Query::Tests(&[TestType::BoundaryAnalysis]),
            ),
        ],
        described_by: &[],
        rules: &["TEST-001"],
        mdcg: &["3.7"],
    },
    Clause {
        number: "5.7.2",
        title: "Threat mitigation testing",
        sources: &["kelsey", "qmsdoc"],
        heading: false,
        records: &[ev(
            "Threat mitigation tests",
            Query::Tests(&[TestType::ThreatMitigation]),
        )],
        described_by: &[],
        rules: &["TEST-002", "CTRL-002"],
        mdcg: &["3.7"],
    },
    Clause {
        number: "5.7.3",
        title: "Vulnerability testing",
        sources: &["qmsdoc"],
        heading: false,
        records: &[
            ev("Vulnerability tests", Query::Tests(TestType::VULNERABILITY)),
            ev(
                "Test types justified as not applicable",
                Query::TestsNotApplicable(TestType::VULNERABILITY),
            ),
        ],
        described_by: &[],
        rules: &["TEST-003", "TEST-006", "TEST-007"],
        mdcg: &["3.7"],
    },
    Clause {
        number: "5.7.4",
        title: "Penetration testing",
        sources: &["qmsdoc"],
        heading: false,
        records: &[
            ev("Penetration tests", Query::Tests(&[TestType::Penetration])),
            ev(
                "Penetration test reports",
                Query::ReportsOf(&[TestType::Penetration]),
            ),
        ],
        described_by: &[],
        rules: &["TEST-004", "TEST-006", "TEST-007"],
        mdcg: &["3.7"],
    },
    Clause {
        number: "5.7.5",
        title: "Managing conflicts of interest between testers and developers",
        sources: &[],
        heading: false,
        records: &[ev(
            "Tests with the testers' independence",
            Query::Tests(&[
                TestType::Penetration,
                TestType::SecurityRequirement,
                TestType::ThreatMitigation,
            ]),
        )],
        described_by: &[],
        rules: &["TEST-005"],
        mdcg: &["3.7"],
    },
    heading("5.8", "Software release", &[]),
    Clause {
        number: "5.8.1",
        title: "Resolve findings prior to release",
        sources: &[],
        heading: false,
        records: &[
            ev(
                "Test findings and their disposition",
                Query::Kind(Kind::Finding),
            ),
            ev("Deferred fixes", Query::Kind(Kind::DeferredPlan)),
            ev("Unresolved anomalies", Query::Kind(Kind::Anomaly)),
        ],
        described_by: &[],
        rules: &["TEST-007", "ANOM-001", "ANOM-002", "RISK-005"],
        mdcg: &["3.7"],
    },
    Clause {
        number: "5.8.2",
        title: "Release documentation",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Cybersecurity labeling",
            Query::Kind(Kind::LabelingItem),
        )],
        described_by: &[],
        rules: &["LBL-001", "LBL-002", "RISK-006"],
        mdcg: &["3.6", "4.2", "4.3"],
    },
    Clause {
        number: "5.8.3",
        title: "File integrity",
        sources: &[],
        heading: false,
        records: &[
            ev(
                "Code, data and execution integrity controls",
                Query::Controls(&[ControlCategory::Integrity]),
            ),
            ev(
                "Update path",
                Query::View(ViewType::UpdatabilityPatchability),
            ),
        ],
        described_by: &[],
        rules: &["CTRL-001", "ARCH-003"],
        mdcg: &["3.3"],
    },
    Clause {
        number: "5.8.4",
        title: "Controls for private keys",
        sources: &[],
        heading: false,
        records: &[ev(
            "Cryptography controls and their key management",
            Query::Controls(&[ControlCategory::Cryptography]),
        )],
        described_by: &[],
        rules: &["CTRL-003"],
        mdcg: &["3.3"],
    },
    Clause {
        number: "5.8.5",
        title: "Assessing and addressing security-related issues",
        sources: &[],
        heading: false,
        records: &[
            ev(
                "Vulnerability assessments",
                Query::Kind(Kind::VulnAssessment),
            ),
            ev("Unresolved anomalies", Query::Kind(Kind::Anomaly)),
        ],
        described_by: &[],
        rules: &["VULN-001", "VULN-002", "VULN-003", "RISK-005", "ANOM-002"],
        mdcg: &["3.4"],
    },
    Clause {
        number: "5.8.6",
        title: "Activity completion",
        sources: &[],
        heading: false,
        records: &[
            ev("The release", Query::Device),
            ev("Change records", Query::Kind(Kind::ChangeRecord)),
        ],
        described_by: &[],
        rules: &["DOC-001", "CHG-001", "CHG-002"],
        mdcg: &["4.1"],
    },
    Clause {
        number: "5.8.7",
        title: "Secure decommissioning guidelines for health software",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Decommissioning labeling",
            Query::Labeling(&[LabelingTopic::Decommissioning]),
        )],
        described_by: &[],
        rules: &["LBL-001"],
        mdcg: &["4.2"],
    },
    heading("6", "Software maintenance process", &[]),
    Clause {
        number: "6.1",
        title: "Establish software maintenance plan",
        sources: &[],
        heading: false,
        records: &[
            ev("Patch and update plan", Query::Plan(PlanType::PatchUpdate)),
            ev(
                "Cybersecurity management plan",
                Query::Plan(PlanType::CybersecurityManagement),
            ),
        ],
        described_by: &[],
        rules: &["PLAN-001", "PLAN-003"],
        mdcg: &["3.8", "5.1"],
    },
    Clause {
        number: "6.1.1",
        title: "Timely delivery of security updates",
        sources: &[],
        heading: false,
        records: &[
            ev(
                "Regular update cycle",
                Query::PlanElement(PlanType::PatchUpdate, "regular_cycle"),
            ),
            ev(
                "Out-of-cycle fixes",
                Query::PlanElement(PlanType::PatchUpdate, "out_of_cycle"),
            ),
        ],
        described_by: &[],
        rules: &["PLAN-003", "VULN-004", "VULN-005"],
        mdcg: &["3.8"],
    },
    heading("6.2", "Problem and modification analysis", &[]),
    Clause {
        number: "6.2.1",
        title: "Monitoring public incident reports",
        sources: &["kelsey", "ish1"],
        heading: false,
        records: &[
            ev(
                "Vulnerability monitoring",
                Query::PlanElement(PlanType::CybersecurityManagement, "monitoring"),
            ),
            ev("Monitoring plan", Query::Plan(PlanType::Monitoring)),
            ev("Vulnerabilities found", Query::Kind(Kind::Vulnerability)),
        ],
        described_by: &[],
        rules: &["PLAN-001", "VULN-001"],
        mdcg: &["3.8", "5.1"],
    },
    Clause {
        number: "6.2.2",
        title: "Security update verification",
        sources: &[],
        heading: false,
        records: &[
            ev("Verified changes", Query::Kind(Kind::ChangeRecord)),
            ev("Fixes released", Query::FixReleased),
        ],
        described_by: &[],
        rules: &["CHG-001", "CHG-002"],
        mdcg: &["3.7", "3.8"],
    },
    heading("6.3", "Modification implementation", &[]),
    Clause {
        number: "6.3.1",
        title: "Supported software security update documentation",
        sources: &["ish1"],
        heading: false,
        records: &[ev(
            "Software update labeling",
            Query::Labeling(&[LabelingTopic::SoftwareUpdates]),
        )],
        described_by: &[],
        rules: &["LBL-001"],
        mdcg: &["4.2"],
    },
    Clause {
        number: "6.3.2",
        title: "Maintained software security update delivery",
        sources: &["ish1"],
        heading: false,
        records: &[
            ev(
                "Update path",
                Query::View(ViewType::UpdatabilityPatchability),
            ),
            ev(
                "Updatability and patchability controls",
                Query::Controls(&[ControlCategory::UpdatabilityPatchability]),
            ),
        ],
        described_by: &[],
        rules: &["ARCH-003", "PLAN-003"],
        mdcg: &["3.8"],
    },
    Clause {
        number: "6.3.3",
        title: "Maintained software security update integrity",
        sources: &["ish1"],
        heading: false,
        records: &[
            ev(
                "Code, data and execution integrity controls",
                Query::Controls(&[ControlCategory::Integrity]),
            ),
            ev(
                "Update path",
                Query::View(ViewType::UpdatabilityPatchability),
            ),
        ],
        described_by: &[],
        rules: &["ARCH-003", "CTRL-002"],
        mdcg: &["3.3"],
    },
    heading("7", "Security risk management process", &["adha"]),
    heading("7.1", "Risk management context", &[]),
    Clause {
        number: "7.1.1",
        title: "General",
        sources: &[],
        heading: false,
        records: &[ev(
            "Security risk management plan",
            Query::Plan(PlanType::SecurityRiskManagement),
        )],
        described_by: &[],
        rules: &["PLAN-004"],
        mdcg: &["3.2"],
    },
    Clause {
        number: "7.1.2",
        title: "Product security context",
        sources: &[],
        heading: false,
        records: &[
            ev("Device and its use environments", Query::Device),
            ev("Global system view", Query::View(ViewType::GlobalSystem)),
            ev("Assets", Query::Kind(Kind::Asset)),
        ],
        described_by: &[],
        rules: &["SCOPE-001", "ARCH-001"],
        mdcg: &["2.3", "2.5"],
    },
    Clause {
        number: "7.2",
        title: "Identification of vulnerabilities, threats and associated adverse impacts",
        sources: &["kelsey"],
        heading: false,
        records: &[
            ev("Threat model", Query::Kind(Kind::ThreatModel)),
            ev("Threats", Query::Kind(Kind::Threat)),
        ],
        described_by: &[],
        rules: &["TM-001", "TM-002", "TM-003"],
        mdcg: &["2.4", "3.4"],
    },
    Clause {
        number: "7.3",
        title: "Estimation and evaluation of security risk",
        sources: &[],
        heading: false,
        records: &[ev("Security risks", Query::Kind(Kind::SecurityRisk))],
        described_by: &[],
        rules: &["RISK-001", "RISK-002", "RISK-003", "RISK-004"],
        mdcg: &["3.4", "3.5"],
    },
    Clause {
        number: "7.4",
        title: "Controlling security risks",
        sources: &["kelsey"],
        heading: false,
        records: &[
            ev("Security controls", Query::Kind(Kind::SecurityControl)),
            ev("Hazards in the safety risk file", Query::Kind(Kind::Hazard)),
        ],
        described_by: &[],
        rules: &[
            "CTRL-001",
            "CTRL-002",
            "RISK-005",
            "RISK-006",
            "SAFE-001",
            "SAFE-002",
            "TRACE-001",
        ],
        mdcg: &["3.4", "3.5"],
    },
    Clause {
        number: "7.5",
        title: "Monitoring the effectiveness of risk controls",
        sources: &[],
        heading: false,
        records: &[ev(
            "Vulnerability assessments",
            Query::Kind(Kind::VulnAssessment),
        )],
        described_by: &[ev(
            "Vulnerability monitoring",
            Query::PlanElement(PlanType::CybersecurityManagement, "monitoring"),
        )],
        rules: &["VULN-002", "VULN-005", "MET-001"],
        mdcg: &["3.8", "5.1"],
    },
    Clause {
        number: "8",
        title: "Software configuration management process",
        sources: &["adha"],
        heading: false,
        records: &[ev("Change records", Query::Kind(Kind::ChangeRecord))],
        described_by: &[],
        rules: &["CHG-001", "CHG-002", "CHG-003", "DOC-002", "TRACE-002"],
        mdcg: &["4.1"],
    },
    heading("9", "Software problem resolution process", &["adha"]),
    Clause {
        number: "9.1",
        title: "Overview",
        sources: &[],
        heading: false,
        records: &[],
        described_by: &[ev(
            "Coordinated vulnerability disclosure procedure",
            Query::Plan(PlanType::Cvd),
        )],
        rules: &["PLAN-002"],
        mdcg: &["5.1"],
    },
    Clause {
        number: "9.2",
        title: "Receiving notifications about vulnerabilities",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Vulnerabilities received",
            Query::Kind(Kind::Vulnerability),
        )],
        described_by: &[
            ev(
                "Reports from outside",
                Query::PlanElement(PlanType::Cvd, "external_reports"),
            ),
            ev(
                "Vulnerabilities found internally",
                Query::PlanElement(PlanType::Cvd, "internal_findings"),
            ),
        ],
        rules: &["PLAN-002", "VULN-001"],
        mdcg: &["5.1"],
    },
    Clause {
        number: "9.3",
        title: "Reviewing vulnerabilities",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Vulnerability assessments",
            Query::Kind(Kind::VulnAssessment),
        )],
        described_by: &[],
        rules: &["VULN-001", "VULN-002"],
        mdcg: &["5.1"],
    },
    Clause {
        number: "9.4",
        title: "Analysing vulnerabilities",
        sources: &["kelsey"],
        heading: false,
        records: &[ev(
            "Vulnerability assessments (impact, CVSS, versions affected)",
            Query::Kind(Kind::VulnAssessment),
        )],
        described_by: &[],
        rules: &["VULN-002", "VULN-003"],
        mdcg: &["3.4", "5.1"],
    },
    Clause {
        number: "9.5",
        title: "Addressing security-related issues",
        sources: &["kelsey"],
        heading: false,
        records: &[
            ev("Fixes released", Query::FixReleased),
            ev("Customer communications", Query::Communicated),
            ev("Deferred fixes", Query::Kind(Kind::DeferredPlan)),
        ],
        described_by: &[ev(
            "Coordinated disclosure",
            Query::PlanElement(PlanType::Cvd, "disclosure"),
        )],
        rules: &["VULN-004", "VULN-005", "RISK-005"],
        mdcg: &["5.2"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_named_exists_and_every_source_is_declared() {
        for clause in CLAUSES {
            for code in clause.rules {
                assert!(
                    crate::rules::find(code).is_some(),
                    "{}: no rule {code}",
                    clause.number
                );
            }
            for key in clause.sources {
                assert!(
                    SOURCES.iter().any(|s| s.key == *key),
                    "{}: no source {key}",
                    clause.number
                );
            }
            for section in clause.mdcg {
                assert!(
                    super::super::mdcg::SECTIONS
                        .iter()
                        .any(|s| s.section == *section),
                    "{}: no MDCG 2019-16 section {section}",
                    clause.number
                );
            }
        }
    }

    #[test]
    fn clauses_are_in_the_standards_order_and_unique() {
        let key = |n: &str| -> Vec<u32> { n.split('.').filter_map(|p| p.parse().ok()).collect() };
        for pair in CLAUSES.windows(2) {
            assert!(
                key(pair[0].number) < key(pair[1].number),
                "{} before {}",
                pair[0].number,
                pair[1].number
            );
        }
        // A heading has clauses under it; the top-level clauses 4 to 9 are all there.
        for (i, c) in CLAUSES.iter().enumerate() {
            if c.heading {
                let next = CLAUSES.get(i + 1).map(|n| n.number).unwrap_or("");
                assert!(
                    next.starts_with(&format!("{}.", c.number)),
                    "{} heads nothing",
                    c.number
                );
            }
        }
        for top in ["4", "5", "6", "7", "8", "9"] {
            assert!(CLAUSES.iter().any(|c| c.number == top), "clause {top}");
        }
    }

    #[test]
    fn titles_are_short() {
        for c in CLAUSES {
            assert!(
                c.title.len() <= 80 && !c.title.ends_with('.'),
                "{}: a short title, not text",
                c.number
            );
        }
    }
}

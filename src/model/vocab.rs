//! The closed vocabularies of the catalogue (`rules.md` §1), one enum each.
//!
//! Every enum spells itself in YAML exactly as `as_str` returns, so diagnostics, schemas and
//! rendered outputs agree on the words.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The YAML spelling.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab! {
    /// FDA submission type.
    SubmissionType {
        /// Premarket notification.
        Premarket510k = "510k",
        /// De Novo classification request.
        DeNovo = "de_novo",
        /// Premarket approval.
        Pma = "pma",
        /// PMA supplement.
        PmaSupplement = "pma_supplement",
        /// Product development protocol.
        Pdp = "pdp",
        /// Humanitarian device exemption.
        Hde = "hde",
        /// Investigational device exemption.
        Ide = "ide",
    }
}

vocab! {
    /// Whether the submission is for a new device or a change to a cleared one.
    ChangeType {
        /// A new device.
        NewDevice = "new_device",
        /// A change that may impact cybersecurity (PMC §VII.D.1).
        Modification = "modification",
        /// A change unlikely to impact cybersecurity (PMC §VII.D.2).
        ModificationLowImpact = "modification_low_impact",
    }
}

vocab! {
    /// The cyber-device determination (524B(c)).
    CyberConclusion {
        /// The device is a cyber device.
        CyberDevice = "cyber_device",
        /// The device is not a cyber device.
        NotCyberDevice = "not_cyber_device",
    }
}

vocab! {
    /// Kind of asset.
    AssetType {
        /// Hardware.
        Hw = "hw",
        /// Software.
        Sw = "sw",
        /// Firmware.
        Fw = "fw",
        /// Data.
        Data = "data",
        /// A credential (password, token).
        Credential = "credential",
        /// A cryptographic key.
        Key = "key",
        /// A service.
        Service = "service",
        /// A server.
        Server = "server",
        /// An application.
        App = "app",
        /// A network.
        Network = "network",
    }
}

vocab! {
    /// Who controls an asset.
    Controller {
        /// The manufacturer.
        Manufacturer = "manufacturer",
        /// The healthcare delivery organization.
        Hdo = "hdo",
        /// The patient.
        Patient = "patient",
        /// A third party.
        ThirdParty = "third_party",
    }
}

vocab! {
    /// Security objective of an asset (PMC App. 1).
    SecurityObjective {
        /// Authenticity, including integrity.
        AuthenticityIntegrity = "authenticity_integrity",
        /// Authorization.
        Authorization = "authorization",
        /// Availability.
        Availability = "availability",
        /// Confidentiality.
        Confidentiality = "confidentiality",
        /// Secure and timely updatability and patchability.
        Updatability = "updatability",
    }
}

vocab! {
    /// Communication medium of an interface.
    Medium {
        /// IP network.
        Network = "network",
        /// Cloud connection.
        Cloud = "cloud",
        /// Wi-Fi.
        Wifi = "wifi",
        /// Bluetooth Classic.
        Bt = "bt",
        /// Bluetooth Low Energy.
        Ble = "ble",
        /// Cellular.
        Cellular = "cellular",
        /// Near-field communication.
        Nfc = "nfc",
        /// Inductive link.
        Inductive = "inductive",
        /// USB.
        Usb = "usb",
        /// Wired Ethernet.
        Ethernet = "ethernet",
        /// Serial line.
        Serial = "serial",
        /// Debug port (JTAG, SWD, UART console).
        Debug = "debug",
    }
}

vocab! {
    /// What an interface carries.
    Payload {
        /// Data.
        Data = "data",
        /// Executable code (for example firmware updates).
        Code = "code",
        /// Commands.
        Commands = "commands",
    }
}

vocab! {
    /// Direction of an interface, seen from the device.
    Direction {
        /// Into the device.
        Inbound = "inbound",
        /// Out of the device.
        Outbound = "outbound",
        /// Both ways.
        Bidirectional = "bidirectional",
    }
}

vocab! {
    /// Attack vector, as in CVSS.
    AttackVector {
        /// Over a network.
        Network = "network",
        /// From an adjacent network or radio range.
        Adjacent = "adjacent",
        /// With local access.
        Local = "local",
        /// With physical access.
        Physical = "physical",
    }
}

vocab! {
    /// Phase of the total product life cycle.
    LifecyclePhase {
        /// Supply chain.
        SupplyChain = "supply_chain",
        /// Manufacturing.
        Manufacturing = "manufacturing",
        /// Deployment and installation.
        Deployment = "deployment",
        /// Clinical operation.
        Operation = "operation",
        /// Interoperation with other systems.
        Interoperation = "interoperation",
        /// Maintenance and updates.
        MaintenanceUpdate = "maintenance_update",
        /// Decommissioning and disposal.
        Decommission = "decommission",
    }
}

vocab! {
    /// Binary residual-risk verdict (PMK §VI.C).
    Residual {
        /// Controlled: the residual risk is acceptable.
        Controlled = "controlled",
        /// Uncontrolled: the residual risk is not acceptable.
        Uncontrolled = "uncontrolled",
    }
}

vocab! {
    /// Cause of a hazard in the safety risk file.
    CauseType {
        /// A cybersecurity cause.
        Security = "security",
        /// A hardware failure.
        Hardware = "hardware",
        /// A software failure.
        Software = "software",
        /// A use error.
        UseError = "use_error",
        /// An environmental cause.
        Environmental = "environmental",
        /// Any other cause.
        Other = "other",
    }
}

vocab! {
    /// The eight security control categories of PMC Appendix 1.
    ControlCategory {
        /// Authentication.
        Authentication = "authentication",
        /// Authorization.
        Authorization = "authorization",
        /// Cryptography.
        Cryptography = "cryptography",
        /// Code, data and execution integrity.
        Integrity = "integrity",
        /// Confidentiality.
        Confidentiality = "confidentiality",
        /// Event detection and logging.
        EventDetectionLogging = "event_detection_logging",
        /// Resiliency and recovery.
        ResiliencyRecovery = "resiliency_recovery",
        /// Updatability and patchability.
        UpdatabilityPatchability = "updatability_patchability",
    }
}

vocab! {
    /// What sort of control it is.
    ControlType {
        /// A design measure.
        Design = "design",
        /// A technical mechanism.
        Technical = "technical",
        /// A management (process) control.
        Management = "management",
        /// An operational control.
        Operational = "operational",
        /// Information for the user (labeling).
        Information = "information",
        /// A compensating control.
        Compensating = "compensating",
    }
}

vocab! {
    /// Implementation state of a control.
    ControlState {
        /// Planned, not yet in the product.
        Planned = "planned",
        /// Implemented in the product.
        Implemented = "implemented",
    }
}

vocab! {
    /// What an N/A justification is about.
    NaSubjectType {
        /// A control category of PMC App. 1.
        ControlCategory = "control_category",
        /// A test type.
        TestType = "test_type",
        /// An architecture view type.
        ArchitectureView = "architecture_view",
        /// A labeling topic.
        LabelingTopic = "labeling_topic",
        /// A lifecycle phase of the threat model.
        LifecyclePhase = "lifecycle_phase",
    }
}

vocab! {
    /// How a requirement is verified.
    VerificationMethod {
        /// By test.
        Test = "test",
        /// By analysis.
        Analysis = "analysis",
        /// By inspection.
        Inspection = "inspection",
        /// By demonstration.
        Demonstration = "demonstration",
    }
}

vocab! {
    /// Type of a cybersecurity test (PMC §V.C; IEC 81001-5-1 5.7).
    TestType {
        /// Security requirement test.
        SecurityRequirement = "security_requirement",
        /// Boundary analysis.
        BoundaryAnalysis = "boundary_analysis",
        /// Threat mitigation test.
        ThreatMitigation = "threat_mitigation",
        /// Abuse case and malformed input test.
        AbuseMalformed = "vuln/abuse_malformed",
        /// Robustness test.
        Robustness = "vuln/robustness",
        /// Fuzz test.
        Fuzz = "vuln/fuzz",
        /// Attack surface analysis.
        AttackSurface = "vuln/attack_surface",
        /// Vulnerability chaining.
        Chaining = "vuln/chaining",
        /// Closed-box known-vulnerability scan.
        KnownVulnScan = "vuln/known_vuln_scan",
        /// Binary software composition analysis.
        BinarySca = "vuln/binary_sca",
        /// Static application security testing.
        Sast = "vuln/sast",
        /// Dynamic application security testing.
        Dast = "vuln/dast",
        /// Hard-coded, default and weak credential checks.
        Credentials = "vuln/credentials",
        /// Penetration test.
        Penetration = "penetration",
    }
}

vocab! {
    /// Independence of the tester from the developers (IEC 62443-4-1 SVV-5).
    Independence {
        /// Not independent.
        None = "none",
        /// A different person.
        Person = "person",
        /// A different department.
        Department = "department",
        /// A different organization.
        Organization = "organization",
    }
}

vocab! {
    /// Outcome of a test.
    TestResult {
        /// Passed.
        Pass = "pass",
        /// Failed.
        Fail = "fail",
        /// Inconclusive.
        Inconclusive = "inconclusive",
    }
}

vocab! {
    /// Severity of a test finding.
    FindingSeverity {
        /// Critical.
        Critical = "critical",
        /// High.
        High = "high",
        /// Medium.
        Medium = "medium",
        /// Low.
        Low = "low",
        /// Informational.
        Info = "info",
    }
}

vocab! {
    /// What was done about a test finding.
    Disposition {
        /// Fixed.
        Fixed = "fixed",
        /// Deferred to a later release (needs a deferred plan).
        Deferred = "deferred",
        /// Risk accepted.
        RiskAccepted = "risk_accepted",
        /// Not a real finding.
        FalsePositive = "false_positive",
    }
}

vocab! {
    /// SBOM format family.
    SbomFormat {
        /// CycloneDX.
        Cyclonedx = "cyclonedx",
        /// SPDX.
        Spdx = "spdx",
    }
}

vocab! {
    /// Where a component comes from.
    Origin {
        /// Written by the manufacturer.
        Proprietary = "proprietary",
        /// Bought.
        Commercial = "commercial",
        /// Open source.
        Oss = "oss",
        /// Off-the-shelf.
        Ots = "ots",
    }
}

vocab! {
    /// Level of support of a component (PMC §V.A.4(b)).
    SupportLevel {
        /// Actively maintained.
        ActivelyMaintained = "actively_maintained",
        /// No longer maintained.
        NoLongerMaintained = "no_longer_maintained",
        /// Abandoned.
        Abandoned = "abandoned",
        /// Unknown (needs a justification).
        Unknown = "unknown",
    }
}

vocab! {
    /// How a vulnerability became known.
    DiscoveredVia {
        /// A vulnerability feed.
        Feed = "feed",
        /// A scanner.
        Scanner = "scanner",
        /// A security researcher.
        Researcher = "researcher",
        /// Our own testing.
        Test = "test",
        /// A supplier advisory.
        SupplierAdvisory = "supplier_advisory",
    }
}

vocab! {
    /// Applicability of a vulnerability to one version.
    Applicability {
        /// The version is affected.
        Affected = "affected",
        /// The version is not affected (needs a justification).
        NotAffected = "not_affected",
        /// The version contains a fix.
        Fixed = "fixed",
        /// Still being investigated.
        Investigating = "investigating",
    }
}

vocab! {
    /// Architecture view type (PMC §V.B.2).
    ViewType {
        /// Global system view.
        GlobalSystem = "global_system",
        /// Multi-patient harm view.
        MultiPatientHarm = "multi_patient_harm",
        /// Updatability and patchability view.
        UpdatabilityPatchability = "updatability_patchability",
        /// Security use-case view.
        SecurityUseCase = "security_use_case",
    }
}

vocab! {
    /// Plan type.
    PlanType {
        /// Security risk management plan.
        SecurityRiskManagement = "security_risk_management",
        /// Cybersecurity management plan (524B(b)(1)).
        CybersecurityManagement = "cybersecurity_management",
        /// Coordinated vulnerability disclosure procedure.
        Cvd = "cvd",
        /// Patch and update plan.
        PatchUpdate = "patch_update",
        /// Vulnerability monitoring plan.
        Monitoring = "monitoring",
        /// Incident response plan.
        IncidentResponse = "incident_response",
    }
}

vocab! {
    /// The fourteen labeling topics of PMC §VI.A (rule LBL-001).
    LabelingTopic {
        /// Recommended user controls.
        RecommendedUserControls = "recommended_user_controls",
        /// Diagrams for users.
        UserDiagrams = "user_diagrams",
        /// List of ports and interfaces.
        PortsInterfaces = "ports_interfaces",
        /// Infrastructure, secure deployment and incident response.
        SecureDeployment = "secure_deployment",
        /// How users get the SBOM.
        SbomAccess = "sbom_access",
        /// Authorized software download and update notices.
        SoftwareUpdates = "software_updates",
        /// Security-event response and logging.
        SecurityEventResponse = "security_event_response",
        /// Protective features.
        ProtectiveFeatures = "protective_features",
        /// Backup and restore.
        BackupRestore = "backup_restore",
        /// Configuration recovery.
        ConfigurationRecovery = "configuration_recovery",
        /// Shipped secure configuration and risky user changes.
        SecureConfiguration = "secure_configuration",
        /// Forensic logs.
        ForensicLogs = "forensic_logs",
        /// End of support and end of life.
        EndOfSupport = "end_of_support",
        /// Decommissioning and sanitization.
        Decommissioning = "decommissioning",
    }
}

vocab! {
    /// The document a labeling item lives in.
    LabelDocument {
        /// Instructions for use.
        Ifu = "ifu",
        /// Security guide for HDO IT.
        SecurityGuide = "security_guide",
        /// Manufacturer Disclosure Statement for Medical Device Security.
        Mds2 = "mds2",
        /// Customer portal.
        Portal = "portal",
        /// Any other document.
        Other = "other",
    }
}

vocab! {
    /// Whether a change may impact cybersecurity (PMC §VII.D).
    CyberImpact {
        /// The change may impact cybersecurity.
        MayImpact = "may_impact",
        /// The change is unlikely to impact cybersecurity.
        Unlikely = "unlikely",
    }
}

vocab! {
    /// What a change touches.
    ChangeClass {
        /// Authentication.
        Auth = "auth",
        /// Cryptography.
        Crypto = "crypto",
        /// Connectivity.
        Connectivity = "connectivity",
        /// The update mechanism.
        UpdateMechanism = "update_mechanism",
        /// The SBOM (component changes).
        Sbom = "sbom",
        /// Anything else.
        Other = "other",
    }
}

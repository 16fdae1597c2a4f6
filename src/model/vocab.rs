//! The closed vocabularies of the catalogue (`rules.md` §1), one enum each.
//!
//! Every enum spells itself in YAML exactly as `as_str` returns, so diagnostics, schemas and
//! rendered outputs agree on the words.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal => $label:literal ),+ $(,)? }) => {
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

            /// How a reader sees the value: the guidance's own words, never the identifier.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Vocabulary for $name {
            const TYPE: &'static str = stringify!($name);
            fn entries() -> Vec<(&'static str, &'static str)> {
                vec![$( ($text, $label) ),+]
            }
        }
    };
}

/// A closed vocabulary: its values and how each is shown to a reader.
pub trait Vocabulary {
    /// The Rust type's name, which is also the schema's `$defs` name of the vocabulary.
    const TYPE: &'static str;
    /// Every value with its display label, in declaration order.
    fn entries() -> Vec<(&'static str, &'static str)>;
}

vocab! {
    /// FDA submission type.
    SubmissionType {
        /// Premarket notification.
        Premarket510k = "510k" => "510(k)",
        /// De Novo classification request.
        DeNovo = "de_novo" => "De Novo",
        /// Premarket approval.
        Pma = "pma" => "PMA",
        /// PMA supplement.
        PmaSupplement = "pma_supplement" => "PMA supplement",
        /// Product development protocol.
        Pdp = "pdp" => "PDP",
        /// Humanitarian device exemption.
        Hde = "hde" => "HDE",
        /// Investigational device exemption.
        Ide = "ide" => "IDE",
    }
}

vocab! {
    /// Whether the submission is for a new device or a change to a cleared one.
    ChangeType {
        /// A new device.
        NewDevice = "new_device" => "New device",
        /// A change that may impact cybersecurity (PMC §VII.D.1).
        Modification = "modification" => "Modification that may impact cybersecurity",
        /// A change unlikely to impact cybersecurity (PMC §VII.D.2).
        ModificationLowImpact = "modification_low_impact" => "Modification unlikely to impact cybersecurity",
    }
}

vocab! {
    /// The cyber-device determination (524B(c)).
    CyberConclusion {
        /// The device is a cyber device.
        CyberDevice = "cyber_device" => "Cyber device (524B(c))",
        /// The device is not a cyber device.
        NotCyberDevice = "not_cyber_device" => "Not a cyber device",
    }
}

vocab! {
    /// Kind of asset.
    AssetType {
        /// Hardware.
        Hw = "hw" => "Hardware",
        /// Software.
        Sw = "sw" => "Software",
        /// Firmware.
        Fw = "fw" => "Firmware",
        /// Data.
        Data = "data" => "Data",
        /// A credential (password, token).
        Credential = "credential" => "Credential",
        /// A cryptographic key.
        Key = "key" => "Cryptographic key",
        /// A service.
        Service = "service" => "Service",
        /// A server.
        Server = "server" => "Server",
        /// An application.
        App = "app" => "Application",
        /// A network.
        Network = "network" => "Network",
    }
}

vocab! {
    /// Who controls an asset.
    Controller {
        /// The manufacturer.
        Manufacturer = "manufacturer" => "Manufacturer",
        /// The healthcare delivery organization.
        Hdo = "hdo" => "Healthcare delivery organization",
        /// The patient.
        Patient = "patient" => "Patient",
        /// A third party.
        ThirdParty = "third_party" => "Third party",
    }
}

vocab! {
    /// Security objective of an asset (PMC App. 1).
    SecurityObjective {
        /// Authenticity, including integrity.
        AuthenticityIntegrity = "authenticity_integrity" => "Authenticity, including integrity",
        /// Authorization.
        Authorization = "authorization" => "Authorization",
        /// Availability.
        Availability = "availability" => "Availability",
        /// Confidentiality.
        Confidentiality = "confidentiality" => "Confidentiality",
        /// Secure and timely updatability and patchability.
        Updatability = "updatability" => "Secure and timely updatability and patchability",
    }
}

vocab! {
    /// Communication medium of an interface.
    Medium {
        /// IP network.
        Network = "network" => "IP network",
        /// Cloud connection.
        Cloud = "cloud" => "Cloud connection",
        /// Wi-Fi.
        Wifi = "wifi" => "Wi-Fi",
        /// Bluetooth Classic.
        Bt = "bt" => "Bluetooth Classic",
        /// Bluetooth Low Energy.
        Ble = "ble" => "Bluetooth Low Energy",
        /// Cellular.
        Cellular = "cellular" => "Cellular",
        /// Near-field communication.
        Nfc = "nfc" => "Near-field communication",
        /// Inductive link.
        Inductive = "inductive" => "Inductive link",
        /// USB.
        Usb = "usb" => "USB",
        /// Wired Ethernet.
        Ethernet = "ethernet" => "Ethernet",
        /// Serial line.
        Serial = "serial" => "Serial",
        /// Debug port (JTAG, SWD, UART console).
        Debug = "debug" => "Debug port",
    }
}

vocab! {
    /// What an interface carries.
    Payload {
        /// Data.
        Data = "data" => "Data",
        /// Executable code (for example firmware updates).
        Code = "code" => "Code",
        /// Commands.
        Commands = "commands" => "Commands",
    }
}

vocab! {
    /// Direction of an interface, seen from the device.
    Direction {
        /// Into the device.
        Inbound = "inbound" => "Inbound",
        /// Out of the device.
        Outbound = "outbound" => "Outbound",
        /// Both ways.
        Bidirectional = "bidirectional" => "Bidirectional",
    }
}

vocab! {
    /// Attack vector, as in CVSS.
    AttackVector {
        /// Over a network.
        Network = "network" => "Network",
        /// From an adjacent network or radio range.
        Adjacent = "adjacent" => "Adjacent",
        /// With local access.
        Local = "local" => "Local",
        /// With physical access.
        Physical = "physical" => "Physical",
    }
}

vocab! {
    /// Phase of the total product life cycle.
    LifecyclePhase {
        /// Supply chain.
        SupplyChain = "supply_chain" => "Supply chain",
        /// Manufacturing.
        Manufacturing = "manufacturing" => "Manufacturing",
        /// Deployment and installation.
        Deployment = "deployment" => "Deployment",
        /// Clinical operation.
        Operation = "operation" => "Operation",
        /// Interoperation with other systems.
        Interoperation = "interoperation" => "Interoperation",
        /// Maintenance and updates.
        MaintenanceUpdate = "maintenance_update" => "Maintenance and update",
        /// Decommissioning and disposal.
        Decommission = "decommission" => "Decommissioning",
    }
}

vocab! {
    /// Binary residual-risk verdict (PMK §VI.C).
    Residual {
        /// Controlled: the residual risk is acceptable.
        Controlled = "controlled" => "Controlled",
        /// Uncontrolled: the residual risk is not acceptable.
        Uncontrolled = "uncontrolled" => "Uncontrolled",
    }
}

vocab! {
    /// Cause of a hazard in the safety risk file.
    CauseType {
        /// A cybersecurity cause.
        Security = "security" => "Security",
        /// A hardware failure.
        Hardware = "hardware" => "Hardware",
        /// A software failure.
        Software = "software" => "Software",
        /// A use error.
        UseError = "use_error" => "Use error",
        /// An environmental cause.
        Environmental = "environmental" => "Environmental",
        /// Any other cause.
        Other = "other" => "Other",
    }
}

vocab! {
    /// The eight security control categories of PMC Appendix 1.
    ControlCategory {
        /// Authentication.
        Authentication = "authentication" => "Authentication",
        /// Authorization.
        Authorization = "authorization" => "Authorization",
        /// Cryptography.
        Cryptography = "cryptography" => "Cryptography",
        /// Code, data and execution integrity.
        Integrity = "integrity" => "Code, data and execution integrity",
        /// Confidentiality.
        Confidentiality = "confidentiality" => "Confidentiality",
        /// Event detection and logging.
        EventDetectionLogging = "event_detection_logging" => "Event detection and logging",
        /// Resiliency and recovery.
        ResiliencyRecovery = "resiliency_recovery" => "Resiliency and recovery",
        /// Updatability and patchability.
        UpdatabilityPatchability = "updatability_patchability" => "Updatability and patchability",
    }
}

vocab! {
    /// What sort of control it is.
    ControlType {
        /// A design measure.
        Design = "design" => "Design",
        /// A technical mechanism.
        Technical = "technical" => "Technical",
        /// A management (process) control.
        Management = "management" => "Management",
        /// An operational control.
        Operational = "operational" => "Operational",
        /// Information for the user (labeling).
        Information = "information" => "Information for safety",
        /// A compensating control.
        Compensating = "compensating" => "Compensating",
    }
}

vocab! {
    /// Implementation state of a control.
    ControlState {
        /// Planned, not yet in the product.
        Planned = "planned" => "Planned",
        /// Implemented in the product.
        Implemented = "implemented" => "Implemented",
    }
}

vocab! {
    /// What an N/A justification is about.
    NaSubjectType {
        /// A control category of PMC App. 1.
        ControlCategory = "control_category" => "Control category",
        /// A test type.
        TestType = "test_type" => "Test type",
        /// An architecture view type.
        ArchitectureView = "architecture_view" => "Architecture view",
        /// A labeling topic.
        LabelingTopic = "labeling_topic" => "Labeling topic",
        /// A lifecycle phase of the threat model.
        LifecyclePhase = "lifecycle_phase" => "Lifecycle phase",
        /// A related system (by its name), assessed elsewhere or out of scope.
        RelatedSystem = "related_system" => "Related system",
    }
}

vocab! {
    /// What a related system is to the device (PMC 2025 §VII: systems the device connects
    /// to or depends on that the manufacturer's assessment must cover).
    RelatedRole {
        /// Infrastructure that builds, signs, hosts or delivers updates.
        UpdateInfrastructure = "update_infrastructure" => "Update infrastructure",
        /// A cloud service the device or its software connects to.
        CloudService = "cloud_service" => "Cloud service",
        /// The hospital network the device joins.
        HospitalNetwork = "hospital_network" => "Hospital network",
        /// Software with other functions than the device's, sharing its platform or data.
        OtherFunctionSoftware = "other_function_software" => "Software with other functions",
    }
}

vocab! {
    /// How a requirement is verified.
    VerificationMethod {
        /// By test.
        Test = "test" => "Test",
        /// By analysis.
        Analysis = "analysis" => "Analysis",
        /// By inspection.
        Inspection = "inspection" => "Inspection",
        /// By demonstration.
        Demonstration = "demonstration" => "Demonstration",
    }
}

vocab! {
    /// Type of a cybersecurity test (PMC §V.C; IEC 81001-5-1 5.7).
    TestType {
        /// Security requirement test.
        SecurityRequirement = "security_requirement" => "Security requirement testing",
        /// Boundary analysis.
        BoundaryAnalysis = "boundary_analysis" => "Boundary analysis",
        /// Threat mitigation test.
        ThreatMitigation = "threat_mitigation" => "Threat mitigation testing",
        /// Abuse case and malformed input test.
        AbuseMalformed = "vuln/abuse_malformed" => "Abuse case, malformed and unexpected inputs",
        /// Robustness test.
        Robustness = "vuln/robustness" => "Robustness",
        /// Fuzz test.
        Fuzz = "vuln/fuzz" => "Fuzz testing",
        /// Attack surface analysis.
        AttackSurface = "vuln/attack_surface" => "Attack surface analysis",
        /// Vulnerability chaining.
        Chaining = "vuln/chaining" => "Vulnerability chaining",
        /// Closed-box known-vulnerability scan.
        KnownVulnScan = "vuln/known_vuln_scan" => "Closed-box known-vulnerability scanning",
        /// Binary software composition analysis.
        BinarySca = "vuln/binary_sca" => "Software composition analysis of binaries",
        /// Static application security testing.
        Sast = "vuln/sast" => "Static code analysis",
        /// Dynamic application security testing.
        Dast = "vuln/dast" => "Dynamic code analysis",
        /// Hard-coded, default and weak credential checks.
        Credentials = "vuln/credentials" => "Hard-coded, default and weak credentials",
        /// Penetration test.
        Penetration = "penetration" => "Penetration testing",
    }
}

impl TestType {
    /// The vulnerability-testing subtypes PMC §V.C names (TEST-003; IEC 81001-5-1 5.7.3).
    pub const VULNERABILITY: &'static [TestType] = &[
        TestType::AbuseMalformed,
        TestType::Robustness,
        TestType::Fuzz,
        TestType::AttackSurface,
        TestType::Chaining,
        TestType::KnownVulnScan,
        TestType::BinarySca,
        TestType::Sast,
        TestType::Dast,
        TestType::Credentials,
    ];
}

vocab! {
    /// Independence of the tester from the developers (IEC 62443-4-1 SVV-5).
    Independence {
        /// Not independent.
        None = "none" => "Not independent",
        /// A different person.
        Person = "person" => "Independent person",
        /// A different department.
        Department = "department" => "Independent department",
        /// A different organization.
        Organization = "organization" => "Independent organization",
    }
}

vocab! {
    /// Outcome of a test.
    TestResult {
        /// Passed.
        Pass = "pass" => "Pass",
        /// Failed.
        Fail = "fail" => "Fail",
        /// Inconclusive.
        Inconclusive = "inconclusive" => "Inconclusive",
    }
}

vocab! {
    /// Severity of a test finding.
    FindingSeverity {
        /// Critical.
        Critical = "critical" => "Critical",
        /// High.
        High = "high" => "High",
        /// Medium.
        Medium = "medium" => "Medium",
        /// Low.
        Low = "low" => "Low",
        /// Informational.
        Info = "info" => "Informational",
    }
}

vocab! {
    /// What was done about a test finding.
    Disposition {
        /// Fixed.
        Fixed = "fixed" => "Fixed",
        /// Deferred to a later release (needs a deferred plan).
        Deferred = "deferred" => "Deferred",
        /// Risk accepted.
        RiskAccepted = "risk_accepted" => "Risk accepted",
        /// Not a real finding.
        FalsePositive = "false_positive" => "False positive",
    }
}

vocab! {
    /// SBOM format family.
    SbomFormat {
        /// CycloneDX.
        Cyclonedx = "cyclonedx" => "CycloneDX",
        /// SPDX.
        Spdx = "spdx" => "SPDX",
    }
}

vocab! {
    /// Where a component comes from.
    Origin {
        /// Written by the manufacturer.
        Proprietary = "proprietary" => "Proprietary",
        /// Bought.
        Commercial = "commercial" => "Commercial",
        /// Open source.
        Oss = "oss" => "Open source",
        /// Off-the-shelf.
        Ots = "ots" => "Off-the-shelf",
    }
}

vocab! {
    /// Level of support of a component (PMC §V.A.4(b)).
    SupportLevel {
        /// Actively maintained.
        ActivelyMaintained = "actively_maintained" => "Actively maintained",
        /// No longer maintained.
        NoLongerMaintained = "no_longer_maintained" => "No longer maintained",
        /// Abandoned.
        Abandoned = "abandoned" => "Abandoned",
        /// Unknown (needs a justification).
        Unknown = "unknown" => "Unknown",
    }
}

vocab! {
    /// How a vulnerability became known.
    DiscoveredVia {
        /// A vulnerability feed.
        Feed = "feed" => "Vulnerability feed",
        /// A scanner.
        Scanner = "scanner" => "Scanner",
        /// A security researcher.
        Researcher = "researcher" => "Security researcher",
        /// Our own testing.
        Test = "test" => "Testing",
        /// A supplier advisory.
        SupplierAdvisory = "supplier_advisory" => "Supplier advisory",
    }
}

vocab! {
    /// Applicability of a vulnerability to one version.
    Applicability {
        /// The version is affected.
        Affected = "affected" => "Affected",
        /// The version is not affected (needs a justification).
        NotAffected = "not_affected" => "Not affected",
        /// The version contains a fix.
        Fixed = "fixed" => "Fixed",
        /// Still being investigated.
        Investigating = "investigating" => "Under investigation",
    }
}

vocab! {
    /// Architecture view type (PMC §V.B.2).
    ViewType {
        /// Global system view.
        GlobalSystem = "global_system" => "Global system view",
        /// Multi-patient harm view.
        MultiPatientHarm = "multi_patient_harm" => "Multi-patient harm view",
        /// Updatability and patchability view.
        UpdatabilityPatchability = "updatability_patchability" => "Updatability and patchability view",
        /// Security use-case view.
        SecurityUseCase = "security_use_case" => "Security use case view",
    }
}

vocab! {
    /// Plan type.
    PlanType {
        /// Security risk management plan.
        SecurityRiskManagement = "security_risk_management" => "Security risk management plan",
        /// The secure product development framework (PMC §IV.A, §V; IEC 81001-5-1).
        Spdf = "spdf" => "Secure product development framework",
        /// Cybersecurity management plan (524B(b)(1)).
        CybersecurityManagement = "cybersecurity_management" => "Cybersecurity management plan",
        /// Coordinated vulnerability disclosure procedure.
        Cvd = "cvd" => "Coordinated vulnerability disclosure",
        /// Patch and update plan.
        PatchUpdate = "patch_update" => "Patch and update plan",
        /// Vulnerability monitoring plan.
        Monitoring = "monitoring" => "Vulnerability monitoring",
        /// Incident response plan.
        IncidentResponse = "incident_response" => "Incident response",
    }
}

vocab! {
    /// The fourteen labeling topics of PMC §VI.A (rule LBL-001).
    LabelingTopic {
        /// Recommended user controls.
        RecommendedUserControls = "recommended_user_controls" => "Recommended user controls",
        /// Diagrams for users.
        UserDiagrams = "user_diagrams" => "Diagrams for users",
        /// List of ports and interfaces.
        PortsInterfaces = "ports_interfaces" => "Ports and interfaces",
        /// Infrastructure, secure deployment and incident response.
        SecureDeployment = "secure_deployment" => "Secure deployment",
        /// How users get the SBOM.
        SbomAccess = "sbom_access" => "SBOM availability",
        /// Authorized software download and update notices.
        SoftwareUpdates = "software_updates" => "Software updates",
        /// Security-event response and logging.
        SecurityEventResponse = "security_event_response" => "Response to cybersecurity events",
        /// Protective features.
        ProtectiveFeatures = "protective_features" => "Protective features",
        /// Backup and restore.
        BackupRestore = "backup_restore" => "Backup and restore",
        /// Configuration recovery.
        ConfigurationRecovery = "configuration_recovery" => "Configuration recovery",
        /// Shipped secure configuration and risky user changes.
        SecureConfiguration = "secure_configuration" => "Secure configuration",
        /// Forensic logs.
        ForensicLogs = "forensic_logs" => "Forensic logs",
        /// End of support and end of life.
        EndOfSupport = "end_of_support" => "End of support",
        /// Decommissioning and sanitization.
        Decommissioning = "decommissioning" => "Decommissioning",
    }
}

vocab! {
    /// The document a labeling item lives in.
    LabelDocument {
        /// Instructions for use.
        Ifu = "ifu" => "Instructions for use",
        /// Security guide for HDO IT.
        SecurityGuide = "security_guide" => "Security guide",
        /// Manufacturer Disclosure Statement for Medical Device Security.
        Mds2 = "mds2" => "MDS2 form",
        /// Customer portal.
        Portal = "portal" => "Customer portal",
        /// Any other document.
        Other = "other" => "Other",
    }
}

vocab! {
    /// Whether a change may impact cybersecurity (PMC §VII.D).
    CyberImpact {
        /// The change may impact cybersecurity.
        MayImpact = "may_impact" => "May impact cybersecurity",
        /// The change is unlikely to impact cybersecurity.
        Unlikely = "unlikely" => "Unlikely to impact cybersecurity",
    }
}

vocab! {
    /// What a change touches.
    ChangeClass {
        /// Authentication.
        Auth = "auth" => "Authentication",
        /// Cryptography.
        Crypto = "crypto" => "Cryptography",
        /// Connectivity.
        Connectivity = "connectivity" => "Connectivity",
        /// The update mechanism.
        UpdateMechanism = "update_mechanism" => "Update mechanism",
        /// The SBOM (component changes).
        Sbom = "sbom" => "SBOM",
        /// Anything else.
        Other = "other" => "Other",
    }
}

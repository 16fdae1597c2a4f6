//! Typed links between artifacts: which field makes which edge, and what it may point at.

use super::{Id, Kind};

/// One link written in an artifact: the relation, the field it was written in, and the target.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    /// The relation the field expresses.
    pub rel: Relation,
    /// The YAML field path, for diagnostics (`controls`, `lifecycle_coverage.deployment`).
    pub field: &'static str,
    /// The referenced ID, with its span.
    pub target: &'a Id,
}

impl<'a> Link<'a> {
    /// Builds a link.
    pub fn new(rel: Relation, field: &'static str, target: &'a Id) -> Self {
        Link { rel, field, target }
    }
}

/// Pushes one link per ID of a list field.
pub(crate) fn push_all<'a>(
    out: &mut Vec<Link<'a>>,
    rel: Relation,
    field: &'static str,
    ids: &'a [Id],
) {
    out.extend(ids.iter().map(|id| Link::new(rel, field, id)));
}

macro_rules! relations {
    ( $( $(#[$meta:meta])* $variant:ident = $name:literal => [$($kind:ident),*] $(, $acyclic:ident)? ; )+ ) => {
        /// The relations of the traceability graph, named `source-kind → target`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Relation { $( $(#[$meta])* $variant, )+ }

        impl Relation {
            /// Every relation.
            pub const ALL: &'static [Relation] = &[$(Relation::$variant),+];

            /// A stable name for outputs.
            pub fn as_str(self) -> &'static str {
                match self { $( Relation::$variant => $name, )+ }
            }

            /// The kinds a link of this relation may point at (empty: any kind).
            pub fn targets(self) -> &'static [Kind] {
                match self { $( Relation::$variant => &[$(Kind::$kind),*], )+ }
            }

            /// Whether a chain of these links must never come back to where it started.
            pub fn acyclic(self) -> bool {
                match self { $( Relation::$variant => relations!(@acyclic $($acyclic)?), )+ }
            }
        }
    };
    (@acyclic acyclic) => { true };
    (@acyclic) => { false };
}

relations! {
    /// An interface's endpoint asset.
    InterfaceEndpoint = "interface_endpoint" => [Asset];
    /// An intermediary asset an interface passes through.
    InterfaceVia = "interface_via" => [Asset];
    /// A threat-model lifecycle phase covered by a threat.
    CoverageThreat = "coverage_threat" => [Threat];
    /// An asset a threat targets.
    ThreatAsset = "threat_asset" => [Asset];
    /// An interface a threat enters through.
    ThreatEntry = "threat_entry" => [Interface];
    /// A threat a risk assesses.
    RiskThreat = "risk_threat" => [Threat];
    /// A control a risk relies on.
    RiskControl = "risk_control" => [SecurityControl];
    /// A hazard a risk can lead to.
    RiskHazard = "risk_hazard" => [Hazard];
    /// A vulnerability a risk covers.
    RiskVulnerability = "risk_vulnerability" => [Vulnerability];
    /// Labeling that transfers a risk to the user.
    RiskLabeling = "risk_labeling" => [LabelingItem];
    /// The plan whose method scored a risk.
    RiskMethod = "risk_method" => [Plan];
    /// A security risk that causes a hazard.
    HazardRisk = "hazard_risk" => [SecurityRisk];
    /// A threat or risk a control mitigates.
    ControlMitigates = "control_mitigates" => [Threat, SecurityRisk];
    /// A requirement that specifies a control.
    ControlRequirement = "control_requirement" => [Requirement];
    /// An asset a control is implemented in.
    ControlImplementedIn = "control_implemented_in" => [Asset];
    /// What a requirement derives from.
    RequirementSource = "requirement_source" => [Threat, SecurityRisk, SecurityControl];
    /// An asset a requirement is allocated to.
    RequirementAllocation = "requirement_allocation" => [Asset];
    /// A parent requirement.
    RequirementParent = "requirement_parent" => [Requirement], acyclic;
    /// What a test verifies.
    TestVerifies = "test_verifies" => [Requirement, SecurityControl, Threat, Interface, Vulnerability];
    /// The report a test belongs to.
    TestReport = "test_report" => [TestReport];
    /// A test in a report.
    ReportTest = "report_test" => [Test];
    /// A finding in a report.
    ReportFinding = "report_finding" => [Finding];
    /// The plan for a deferred finding.
    FindingDeferredPlan = "finding_deferred_plan" => [DeferredPlan];
    /// A vulnerability, anomaly or risk a finding relates to.
    FindingRelated = "finding_related" => [Vulnerability, Anomaly, SecurityRisk];
    /// The vulnerability an assessment assesses.
    AssessmentVulnerability = "assessment_vulnerability" => [Vulnerability];
    /// The security risk of an assessed vulnerability.
    AssessmentRisk = "assessment_risk" => [SecurityRisk];
    /// A hazard of an assessed vulnerability.
    AssessmentHazard = "assessment_hazard" => [Hazard];
    /// A control that addresses an assessed vulnerability.
    AssessmentControl = "assessment_control" => [SecurityControl];
    /// The test validating a vulnerability fix.
    AssessmentFixValidation = "assessment_fix_validation" => [Test];
    /// A risk or vulnerability an anomaly relates to.
    AnomalyRelated = "anomaly_related" => [SecurityRisk, Vulnerability];
    /// An asset shown in a view.
    ViewAsset = "view_asset" => [Asset];
    /// An interface shown in a view.
    ViewInterface = "view_interface" => [Interface];
    /// A threat shown in a view.
    ViewThreat = "view_threat" => [Threat];
    /// A control shown in a view.
    ViewControl = "view_control" => [SecurityControl];
    /// A test shown in a view.
    ViewTest = "view_test" => [Test];
    /// A vulnerability or finding a deferred plan covers.
    DeferredCovers = "deferred_covers" => [Vulnerability, Finding];
    /// A control a labeling item informs about.
    LabelingControl = "labeling_control" => [SecurityControl];
    /// A risk a labeling item addresses.
    LabelingRisk = "labeling_risk" => [SecurityRisk];
    /// An interface a labeling item describes.
    LabelingInterface = "labeling_interface" => [Interface];
    /// An artifact a change record changes.
    ChangeChanged = "change_changed" => [];
    /// A test verifying a change.
    ChangeVerification = "change_verification" => [Test];
    /// A vulnerability fixed in a device release.
    ReleaseFix = "release_fix" => [Vulnerability];
    /// The artifact a newer revision replaces.
    Supersedes = "supersedes" => [], acyclic;
    /// A security risk assessing an SBOM component's support status.
    SbomRisk = "sbom_risk" => [SecurityRisk];
    /// The change record behind a revision.
    ChangeRef = "change_ref" => [ChangeRecord];
}

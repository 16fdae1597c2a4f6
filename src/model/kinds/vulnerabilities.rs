//! SBOM references, components, known vulnerabilities, their assessments, and anomalies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{
    Applicability, Cvss, Date, DiscoveredVia, Id, Link, Origin, Relation, Residual, SbomFormat,
    Spanned, SupportLevel, artifact,
};

artifact! {
    /// A reference to a machine-readable SBOM file (CycloneDX or SPDX) inside the dossier.
    pub struct Sbom / SbomDoc {
        /// Path of the SBOM file, relative to the dossier root.
        pub path: Spanned<String>,
        /// Format family.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub format: Option<Spanned<SbomFormat>>,
        /// Specification version, for example `1.6` or `2.3`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub spec_version: Option<Spanned<String>>,
        /// The device release the SBOM belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub release_version: Option<Spanned<String>>,
        /// The version of the SBOM's primary component, when that software is versioned
        /// apart from the device release (an app, a server); by default the release.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub component_version: Option<Spanned<String>>,
        /// Expected SHA-256 of the file.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha256: Option<Spanned<String>>,
        /// Support and end-of-support data for components, where the SBOM file lacks it.
        #[serde(default)]
        pub addendum: Vec<ComponentSupport>,
        /// VEX documents about this SBOM's components (CycloneDX VEX/VDR, OpenVEX 0.2 or
        /// CSAF 2.0), paths relative to the dossier root.
        #[serde(default)]
        pub vex: Vec<Spanned<String>>,
    }
}

impl Sbom {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        for entry in &self.addendum {
            push_all(out, Relation::SbomRisk, "addendum.risks", &entry.risks);
        }
    }
}

/// An end of support: a date, or `unknown` (which needs a justification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum EndOfSupport {
    /// Support ends on this date.
    Date(Date),
    /// The end of support is not known.
    Unknown,
}

/// Written as it is read: the date, or `unknown` (an untagged unit variant would be `null`,
/// which outputs could not tell from "not stated").
impl Serialize for EndOfSupport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EndOfSupport::Date(d) => d.serialize(serializer),
            EndOfSupport::Unknown => serializer.serialize_str("unknown"),
        }
    }
}

impl<'de> Deserialize<'de> for EndOfSupport {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim().eq_ignore_ascii_case("unknown") {
            return Ok(EndOfSupport::Unknown);
        }
        Date::parse(text.trim())
            .map(EndOfSupport::Date)
            .map_err(|e| serde::de::Error::custom(format!("{e}, or `unknown`")))
    }
}

/// Support data for one SBOM component, kept beside the SBOM.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentSupport {
    /// The component: its `bom-ref` (CycloneDX), `SPDXID` (SPDX), purl, or `name@version`.
    pub component: Spanned<String>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Spanned<Origin>>,
    /// Level of support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_of_support: Option<Spanned<SupportLevel>>,
    /// End of support: a date or `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_support: Option<Spanned<EndOfSupport>>,
    /// Why the level or the end of support is unknown, or why it is acceptable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<Spanned<String>>,
    /// Security risks that assess the component's support status.
    #[serde(default)]
    pub risks: Vec<Id>,
    /// How and when the component will be updated or replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement_plan: Option<Spanned<String>>,
}

/// A software component, as read from an SBOM and its addendum (not written as an artifact).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Component {
    /// Where the component is written in the SBOM file.
    #[serde(skip)]
    pub span: crate::model::Span,
    /// The component's reference in the SBOM (CycloneDX `bom-ref`, SPDX `SPDXID`).
    pub bom_ref: Spanned<String>,
    /// Name.
    pub name: Option<Spanned<String>>,
    /// Supplier.
    pub supplier: Option<Spanned<String>>,
    /// Version.
    pub version: Option<Spanned<String>>,
    /// Origin.
    pub origin: Option<Spanned<Origin>>,
    /// Level of support.
    pub level_of_support: Option<Spanned<SupportLevel>>,
    /// End of support: a date, or unknown.
    pub end_of_support: Option<Spanned<EndOfSupport>>,
    /// Why support level or end of support is unknown.
    pub support_justification: Option<Spanned<String>>,
    /// Package URL.
    pub purl: Option<Spanned<String>>,
    /// CPE name.
    pub cpe: Option<Spanned<String>>,
    /// SWID tag ID.
    pub swid: Option<Spanned<String>>,
    /// Hashes as `algorithm:hex`.
    pub hashes: Vec<Spanned<String>>,
    /// References of the components it depends on directly.
    pub dependencies: Vec<Spanned<String>>,
}

impl Component {
    /// The component as people name it, for messages: `mbedtls@3.6.2` (ref `fw-mbedtls`),
    /// or the reference alone when the component has no name or the reference says as much.
    pub fn label(&self) -> String {
        let reference = self.bom_ref.value.trim();
        let name = match (&self.name, &self.version) {
            (Some(n), Some(v)) => format!("{}@{}", n.value.trim(), v.value.trim()),
            (Some(n), None) => n.value.trim().to_string(),
            _ => return format!("`{reference}`"),
        };
        if reference.is_empty() || reference == name {
            format!("`{name}`")
        } else {
            format!("`{name}` (ref `{reference}`)")
        }
    }
}

artifact! {
    /// A known vulnerability (CVE, GHSA or internal ID) in components of the device.
    pub struct Vulnerability / VulnerabilityDoc {
        /// Affected components as `name@version` or purl.
        #[serde(default)]
        pub components: Vec<Spanned<String>>,
        /// How it became known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub discovered_via: Option<Spanned<DiscoveredVia>>,
        /// When the manufacturer learned of it (starts the 30/60-day windows).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub learned_date: Option<Spanned<Date>>,
        /// CVSS vectors and scores.
        #[serde(default)]
        pub cvss: Vec<Cvss>,
        /// Whether it is in CISA's Known Exploited Vulnerabilities catalog.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kev_listed: Option<Spanned<bool>>,
        /// When it was added to the KEV catalog.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kev_date: Option<Spanned<Date>>,
        /// Exploit maturity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub exploit_maturity: Option<Spanned<String>>,
    }
}

impl Vulnerability {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, _out: &mut Vec<Link<'a>>) {}
}

/// Applicability of a vulnerability to one device version.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionApplicability {
    /// Device version.
    pub version: Spanned<String>,
    /// Applicability.
    pub applicability: Spanned<Applicability>,
    /// Why (required for `not_affected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<Spanned<String>>,
}

artifact! {
    /// The assessment of one known vulnerability, premarket and postmarket.
    pub struct VulnAssessment / VulnAssessmentDoc {
        /// The vulnerability assessed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vulnerability: Option<Id>,
        /// Applicability per device version.
        #[serde(default)]
        pub per_version: Vec<VersionApplicability>,
        /// Impact on the device.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub device_impact: Option<Spanned<String>>,
        /// Impact on the wider system.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub system_impact: Option<Spanned<String>>,
        /// The security risk it was assessed in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub security_risk: Option<Id>,
        /// Hazards it can lead to.
        #[serde(default)]
        pub hazards: Vec<Id>,
        /// Controls that address it.
        #[serde(default)]
        pub controls: Vec<Id>,
        /// Compensating controls, described for the user.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub compensating_controls: Option<Spanned<String>>,
        /// Controlled or uncontrolled.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub determination: Option<Spanned<Residual>>,
        /// When it was assessed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub assessed_on: Option<Spanned<Date>>,
        /// When customers were told.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub communicated_on: Option<Spanned<Date>>,
        /// Reference to the customer communication.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub communication_ref: Option<Spanned<String>>,
        /// How it will be remediated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub remediation_plan: Option<Spanned<String>>,
        /// When the fix was released.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub fix_released_on: Option<Spanned<Date>>,
        /// The test that validated the fix.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub fix_validation: Option<Id>,
        /// When the customer communication was provided to an ISAO the manufacturer takes
        /// part in (PMK §VII.B ties the two: due with the communication).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub isao_shared_on: Option<Spanned<Date>>,
        /// Whether serious adverse events are known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub serious_adverse_events_known: Option<Spanned<bool>>,
        /// Reference of a 21 CFR 806 report, if one was filed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub report_806: Option<Spanned<String>>,
    }
}

impl VulnAssessment {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        if let Some(vuln) = &self.vulnerability {
            out.push(Link::new(
                Relation::AssessmentVulnerability,
                "vulnerability",
                vuln,
            ));
        }
        if let Some(risk) = &self.security_risk {
            out.push(Link::new(Relation::AssessmentRisk, "security_risk", risk));
        }
        push_all(out, Relation::AssessmentHazard, "hazards", &self.hazards);
        push_all(out, Relation::AssessmentControl, "controls", &self.controls);
        if let Some(test) = &self.fix_validation {
            out.push(Link::new(
                Relation::AssessmentFixValidation,
                "fix_validation",
                test,
            ));
        }
    }
}

artifact! {
    /// An unresolved software anomaly of the release and its security assessment (PMC §V.A.5).
    pub struct Anomaly / AnomalyDoc {
        /// Version it was found in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub found_in: Option<Spanned<String>>,
        /// Its impact on safety and effectiveness through security.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub security_impact: Option<Spanned<String>>,
        /// CWE IDs.
        #[serde(default)]
        pub cwe: Vec<Spanned<String>>,
        /// Why it is not fixed, and the criteria used.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rationale_not_fixed: Option<Spanned<String>>,
        /// Whether it is security-relevant.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub security_relevant: Option<Spanned<bool>>,
        /// Risks or vulnerabilities it relates to.
        #[serde(default)]
        pub related: Vec<Id>,
    }
}

impl Anomaly {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::AnomalyRelated, "related", &self.related);
    }
}

//! The device, its assets and its communication paths.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{
    AssetType, AuthSpec, ChangeType, Controller, CryptoSpec, CyberConclusion, Date, Direction, Id,
    Link, Medium, Payload, RelatedRole, Relation, SecurityObjective, Spanned, SubmissionType,
    artifact,
};

/// The related system an asset or interface belongs to (PMC 2025 §VII): an update server, a
/// cloud service, the hospital network, or software with other functions. Assets and
/// interfaces that give the same `name` make up one related system, which RELSYS-001 asks
/// to be assessed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedSystem {
    /// The related system's name, the same on each of its assets and interfaces.
    pub name: Spanned<String>,
    /// What it is to the device.
    pub role: Spanned<RelatedRole>,
}

/// The submission this dossier supports.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Submission type.
    #[serde(rename = "type")]
    pub submission_type: Spanned<SubmissionType>,
    /// New device or modification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_type: Option<Spanned<ChangeType>>,
    /// The prior submission number, for a modification (for example `K231234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_submission: Option<Spanned<String>>,
}

/// The cyber-device determination of 524B(c).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CyberDeviceDetermination {
    /// Does the device include software validated, installed or authorized by the sponsor?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor_software: Option<Spanned<bool>>,
    /// Can the device connect to the internet (FDA reads this broadly: any network, RF, USB or serial path)?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_capable: Option<Spanned<bool>>,
    /// The means by which it can connect.
    #[serde(default)]
    pub connectivity_means: Vec<Spanned<Medium>>,
    /// Does it contain technological characteristics that could be vulnerable to cybersecurity threats?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerable_characteristics: Option<Spanned<bool>>,
    /// The conclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<Spanned<CyberConclusion>>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Spanned<String>>,
}

/// One released version of the device, for postmarket metrics.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// Version.
    pub version: Spanned<String>,
    /// Release date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<Date>>,
    /// Vulnerabilities fixed in this release.
    #[serde(default)]
    pub fixes: Vec<Id>,
    /// When the release reached the installed base in the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployed_on: Option<Spanned<Date>>,
}

artifact! {
    /// The device: identity, submission, cyber-device determination and support horizon.
    pub struct Device / DeviceDoc {
        /// Trade name.
        pub name: Spanned<String>,
        /// Model number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub model: Option<Spanned<String>>,
        /// The software release this dossier is for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub release_version: Option<Spanned<String>>,
        /// UDI device identifier.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub udi_di: Option<Spanned<String>>,
        /// Intended use.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub intended_use: Option<Spanned<String>>,
        /// FDA product code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub product_code: Option<Spanned<String>>,
        /// The manufacturer's name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub manufacturer: Option<Spanned<String>>,
        /// The submission.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub submission: Option<Submission>,
        /// The cyber-device determination.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cyber_device: Option<CyberDeviceDetermination>,
        /// Where the device is used (hospital, home, ambulance...).
        #[serde(default)]
        pub use_environments: Vec<Spanned<String>>,
        /// Versions in the field.
        #[serde(default)]
        pub fielded_versions: Vec<Spanned<String>>,
        /// When the manufacturer plans to end support of this device.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub planned_end_of_support: Option<Spanned<Date>>,
        /// Released versions, for postmarket metrics.
        #[serde(default)]
        pub releases: Vec<Release>,
        /// The overall residual-risk conclusion of the security risk management report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub residual_risk_conclusion: Option<Spanned<String>>,
        /// States explicitly that the release has no unresolved anomalies (when there is no
        /// `anomaly` artifact, ANOM-001 asks for this).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub no_unresolved_anomalies: Option<Spanned<bool>>,
    }
}

impl Device {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        for release in &self.releases {
            push_all(out, Relation::ReleaseFix, "releases.fixes", &release.fixes);
        }
    }
}

artifact! {
    /// An asset of the medical device system: what is worth protecting.
    pub struct Asset / AssetDoc {
        /// What sort of asset.
        pub asset_type: Spanned<AssetType>,
        /// Who controls it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub controlled_by: Option<Spanned<Controller>>,
        /// The trust zone it sits in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub trust_zone: Option<Spanned<String>>,
        /// The security objectives that apply to it.
        #[serde(default)]
        pub security_objectives: Vec<Spanned<SecurityObjective>>,
        /// SBOM components that make up this asset (bom-ref or purl).
        #[serde(default)]
        pub sbom_components: Vec<Spanned<String>>,
        /// Essential or clinical functions the asset serves.
        #[serde(default)]
        pub essential_functions: Vec<Spanned<String>>,
        /// The related system it belongs to, when it is not part of the device itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub related_system: Option<RelatedSystem>,
    }
}

impl Asset {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, _out: &mut Vec<Link<'a>>) {}
}

artifact! {
    /// A communication path between assets (PMC App. 2.B).
    pub struct Interface / InterfaceDoc {
        /// The two assets at its ends.
        #[serde(default)]
        pub endpoints: Vec<Id>,
        /// Intermediary assets it passes through.
        #[serde(default)]
        pub via: Vec<Id>,
        /// The medium.
        pub medium: Spanned<Medium>,
        /// What it carries.
        #[serde(default)]
        pub carries: Vec<Spanned<Payload>>,
        /// Protocol, for example `TLS 1.3 / HTTPS`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub protocol: Option<Spanned<String>>,
        /// Protocol version.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub protocol_version: Option<Spanned<String>>,
        /// Port or channel, for example `443/tcp`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub port: Option<Spanned<String>>,
        /// Direction, seen from the device.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub direction: Option<Spanned<Direction>>,
        /// Whether it is used in the released product (false: unused or dormant).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub in_use: Option<Spanned<bool>>,
        /// Whether it is meant only for service or maintenance (eSTAR asks this of every
        /// electronic interface).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub service_only: Option<Spanned<bool>>,
        /// Whether it crosses the device boundary.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub external: Option<Spanned<bool>>,
        /// Authentication on this path.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub auth: Option<AuthSpec>,
        /// Cryptography on this path.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub crypto: Option<CryptoSpec>,
        /// How sessions are established, kept and ended.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub session_management: Option<Spanned<String>>,
        /// Hand-offs to other systems.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub handoffs: Option<Spanned<String>>,
        /// The security configuration as shipped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub default_config: Option<Spanned<String>>,
        /// The related system it connects the device to or belongs to, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub related_system: Option<RelatedSystem>,
    }
}

impl Interface {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(
            out,
            Relation::InterfaceEndpoint,
            "endpoints",
            &self.endpoints,
        );
        push_all(out, Relation::InterfaceVia, "via", &self.via);
    }
}

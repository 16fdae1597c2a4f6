//! Plans and procedures, labeling, and change records.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{
    ChangeClass, CyberImpact, Date, Id, LabelDocument, LabelingTopic, Link, PlanType, Relation,
    Residual, Spanned, artifact,
};

/// The scales a security risk management plan declares for scoring.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scales {
    /// Exploitability levels, lowest first.
    #[serde(default)]
    pub exploitability: Vec<Spanned<String>>,
    /// Severity levels, lowest first.
    #[serde(default)]
    pub severity: Vec<Spanned<String>>,
}

/// One cell of the acceptance matrix: exploitability × severity → verdict.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceCell {
    /// Exploitability level.
    pub exploitability: Spanned<String>,
    /// Severity level.
    pub severity: Spanned<String>,
    /// Verdict for that combination.
    pub residual: Spanned<Residual>,
}

/// A process of the secure product development framework and where the quality system
/// defines it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QmsProcess {
    /// The process, for example "Security risk management" or "Secure coding".
    pub process: Spanned<String>,
    /// The quality-system procedure that defines it, for example `SOP-0231 rev. D`.
    pub procedure: Spanned<String>,
    /// The clause of a standard it implements, for example `IEC 81001-5-1 5.7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Spanned<String>>,
}

/// Information Sharing and Analysis Organization membership.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Isao {
    /// Name of the ISAO.
    pub name: Spanned<String>,
    /// Member since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Spanned<Date>>,
    /// Evidence of membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Spanned<String>>,
}

artifact! {
    /// A plan or procedure: risk management, cybersecurity management (524B(b)(1)), CVD,
    /// patching, monitoring or incident response.
    pub struct Plan / PlanDoc {
        /// Plan type.
        pub plan_type: Spanned<PlanType>,
        /// Required elements, each mapped to the section that addresses it.
        #[serde(default)]
        pub elements: BTreeMap<String, Spanned<String>>,
        /// The regular update cycle, in days.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub regular_cycle_days: Option<Spanned<u32>>,
        /// Why that cycle is reasonable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cycle_justification: Option<Spanned<String>>,
        /// Target for out-of-cycle fixes of critical uncontrolled vulnerabilities, in days.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub out_of_cycle_target_days: Option<Spanned<u32>>,
        /// Sources monitored for new vulnerabilities.
        #[serde(default)]
        pub monitoring_sources: Vec<Spanned<String>>,
        /// How often they are monitored.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub monitoring_frequency: Option<Spanned<String>>,
        /// ISAO membership.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub isao: Option<Isao>,
        /// Scoring scales (security risk management plans).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scales: Option<Scales>,
        /// Acceptance matrix (security risk management plans).
        #[serde(default)]
        pub acceptance_matrix: Vec<AcceptanceCell>,
        /// How security risks are transferred into safety risk management.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub safety_transfer: Option<Spanned<String>>,
        /// The standards the framework follows, for example `IEC 81001-5-1:2021` (`spdf`
        /// plans).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub standards: Vec<Spanned<String>>,
        /// Where each process of the framework lives in the quality system (`spdf` plans).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub processes: Vec<QmsProcess>,
    }
}

impl Plan {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, _out: &mut Vec<Link<'a>>) {}
}

artifact! {
    /// Where a labeling topic is covered: document and locator.
    pub struct LabelingItem / LabelingItemDoc {
        /// The LBL-001 topic.
        pub topic: Spanned<LabelingTopic>,
        /// The document.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub document: Option<Spanned<LabelDocument>>,
        /// Section, page or URL path inside the document.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub locator: Option<Spanned<String>>,
        /// Controls it informs the user about.
        #[serde(default)]
        pub controls: Vec<Id>,
        /// Risks it addresses.
        #[serde(default)]
        pub risks: Vec<Id>,
        /// Interfaces it describes.
        #[serde(default)]
        pub interfaces: Vec<Id>,
    }
}

impl LabelingItem {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::LabelingControl, "controls", &self.controls);
        push_all(out, Relation::LabelingRisk, "risks", &self.risks);
        push_all(
            out,
            Relation::LabelingInterface,
            "interfaces",
            &self.interfaces,
        );
    }
}

artifact! {
    /// A design change record (ISO 13485 7.3.9).
    pub struct ChangeRecord / ChangeRecordDoc {
        /// The Git tag of the baseline the change is measured against.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub baseline: Option<Spanned<String>>,
        /// Artifacts changed.
        #[serde(default)]
        pub changed: Vec<Id>,
        /// Whether the change may impact cybersecurity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cyber_impact: Option<Spanned<CyberImpact>>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub impact_rationale: Option<Spanned<String>>,
        /// What the change touches.
        #[serde(default)]
        pub change_class: Vec<Spanned<ChangeClass>>,
        /// Tests that verify the change.
        #[serde(default)]
        pub verification: Vec<Id>,
        /// The release that ships the change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub release_version: Option<Spanned<String>>,
    }
}

impl ChangeRecord {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::ChangeChanged, "changed", &self.changed);
        push_all(
            out,
            Relation::ChangeVerification,
            "verification",
            &self.verification,
        );
    }
}

//! Security risk assessments and the hazards of the safety risk file they feed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{CauseType, Cvss, Id, Link, Relation, Residual, Spanned, artifact};

/// A risk score on the scales of the security risk management plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskScore {
    /// Exploitability level, on the plan's exploitability scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploitability: Option<Spanned<String>>,
    /// Severity level, on the plan's severity scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Spanned<String>>,
    /// The resulting risk level or score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Spanned<String>>,
}

artifact! {
    /// A security risk: the assessment of one or more threats, before and after controls.
    pub struct SecurityRisk / SecurityRiskDoc {
        /// The threats assessed.
        #[serde(default)]
        pub threats: Vec<Id>,
        /// Score before controls.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pre: Option<RiskScore>,
        /// Score after controls.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub post: Option<RiskScore>,
        /// The plan whose method was used.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub method_ref: Option<Id>,
        /// Controls that reduce the risk.
        #[serde(default)]
        pub controls: Vec<Id>,
        /// Residual verdict after controls.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub residual: Option<Spanned<Residual>>,
        /// Why the scores and the verdict are what they are.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rationale: Option<Spanned<String>>,
        /// Whether exploitation could harm a patient.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub patient_harm_possible: Option<Spanned<bool>>,
        /// Hazards of the safety risk file this risk can lead to.
        #[serde(default)]
        pub hazards: Vec<Id>,
        /// Device versions the assessment applies to.
        #[serde(default)]
        pub applies_to_versions: Vec<Spanned<String>>,
        /// Known vulnerabilities this risk covers.
        #[serde(default)]
        pub vulnerabilities: Vec<Id>,
        /// CVSS vectors used as input.
        #[serde(default)]
        pub cvss: Vec<Cvss>,
        /// Whether worst-case exploitability was assumed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub worst_case_assumed: Option<Spanned<bool>>,
        /// Why a lower-than-worst-case exploitability is justified.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub worst_case_justification: Option<Spanned<String>>,
        /// Whether the risk could affect several patients at once.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub multi_patient: Option<Spanned<bool>>,
        /// Whether part of the risk is transferred to the user through labeling.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transferred_to_user: Option<Spanned<bool>>,
        /// Labeling items that carry the transferred risk.
        #[serde(default)]
        pub labeling: Vec<Id>,
    }
}

impl SecurityRisk {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::RiskThreat, "threats", &self.threats);
        push_all(out, Relation::RiskControl, "controls", &self.controls);
        push_all(out, Relation::RiskHazard, "hazards", &self.hazards);
        push_all(
            out,
            Relation::RiskVulnerability,
            "vulnerabilities",
            &self.vulnerabilities,
        );
        push_all(out, Relation::RiskLabeling, "labeling", &self.labeling);
        if let Some(plan) = &self.method_ref {
            out.push(Link::new(Relation::RiskMethod, "method_ref", plan));
        }
    }
}

artifact! {
    /// A hazard of the safety risk file (ISO 14971), linked to the security risks that cause it.
    pub struct Hazard / HazardDoc {
        /// The hazard.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub hazard: Option<Spanned<String>>,
        /// The hazardous situation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub hazardous_situation: Option<Spanned<String>>,
        /// The harm.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub harm: Option<Spanned<String>>,
        /// Severity of the harm, on the safety file's scale.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<Spanned<String>>,
        /// What causes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cause_type: Option<Spanned<CauseType>>,
        /// Safety risk controls (as named in the safety risk file).
        #[serde(default)]
        pub risk_controls: Vec<Spanned<String>>,
        /// Whether the residual risk is acceptable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub residual_acceptable: Option<Spanned<bool>>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub residual_rationale: Option<Spanned<String>>,
        /// Security risks that cause this hazard (required when the cause is security).
        #[serde(default)]
        pub security_risks: Vec<Id>,
        /// Probability of the hazardous situation occurring (P1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub p1: Option<Spanned<String>>,
        /// Probability of the situation leading to harm (P2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub p2: Option<Spanned<String>>,
    }
}

impl Hazard {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(
            out,
            Relation::HazardRisk,
            "security_risks",
            &self.security_risks,
        );
    }
}

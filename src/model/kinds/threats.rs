//! The threat model document and its threats.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{AttackVector, Id, LifecyclePhase, Link, Relation, Spanned, artifact};

/// How one lifecycle phase is covered: by threats, or by a reasoned N/A.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseCoverage {
    /// Threats that cover the phase.
    #[serde(default)]
    pub threats: Vec<Id>,
    /// Why the phase needs no threats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<Spanned<String>>,
}

/// Coverage of the total product life cycle by the threat model.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LifecycleCoverage {
    /// Supply chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_chain: Option<PhaseCoverage>,
    /// Manufacturing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturing: Option<PhaseCoverage>,
    /// Deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<PhaseCoverage>,
    /// Interoperation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interoperation: Option<PhaseCoverage>,
    /// Maintenance and update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_update: Option<PhaseCoverage>,
    /// Decommissioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decommission: Option<PhaseCoverage>,
}

impl LifecycleCoverage {
    /// Each phase with its field name and coverage (if written).
    pub fn phases(&self) -> [(&'static str, Option<&PhaseCoverage>); 6] {
        [
            ("supply_chain", self.supply_chain.as_ref()),
            ("manufacturing", self.manufacturing.as_ref()),
            ("deployment", self.deployment.as_ref()),
            ("interoperation", self.interoperation.as_ref()),
            ("maintenance_update", self.maintenance_update.as_ref()),
            ("decommission", self.decommission.as_ref()),
        ]
    }
}

artifact! {
    /// The threat model: method, assumptions, scope and lifecycle coverage (PMC §V.A.1).
    pub struct ThreatModel / ThreatModelDoc {
        /// The method, for example STRIDE or attack trees.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub methodology: Option<Spanned<String>>,
        /// Why this method suits the device.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub methodology_rationale: Option<Spanned<String>>,
        /// Assumptions the model rests on.
        #[serde(default)]
        pub assumptions: Vec<Spanned<String>>,
        /// The system the model covers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scope: Option<Spanned<String>>,
        /// How each lifecycle phase is covered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub lifecycle_coverage: Option<LifecycleCoverage>,
        /// The modelling tool used.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tool: Option<Spanned<String>>,
    }
}

impl ThreatModel {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        if let Some(coverage) = &self.lifecycle_coverage {
            for (_, phase) in coverage.phases() {
                if let Some(phase) = phase {
                    push_all(
                        out,
                        Relation::CoverageThreat,
                        "lifecycle_coverage",
                        &phase.threats,
                    );
                }
            }
        }
    }
}

artifact! {
    /// A threat to the medical device system.
    pub struct Threat / ThreatDoc {
        /// STRIDE letter (S, T, R, I, D, E) or a category of a declared taxonomy.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub category: Option<Spanned<String>>,
        /// Assets the threat targets.
        #[serde(default)]
        pub assets: Vec<Id>,
        /// Interfaces it enters through.
        #[serde(default)]
        pub entry_interfaces: Vec<Id>,
        /// Attack vector.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub attack_vector: Option<Spanned<AttackVector>>,
        /// The lifecycle phase in which it arises.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub lifecycle_phase: Option<Spanned<LifecyclePhase>>,
        /// Who would carry it out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub threat_actor: Option<Spanned<String>>,
        /// What must hold for the attack to work.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub preconditions: Option<Spanned<String>>,
        /// CAPEC attack pattern IDs.
        #[serde(default)]
        pub capec: Vec<Spanned<String>>,
        /// CWE IDs.
        #[serde(default)]
        pub cwe: Vec<Spanned<String>>,
        /// Whether the threat could harm several patients at once.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub multi_patient: Option<Spanned<bool>>,
    }
}

impl Threat {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::ThreatAsset, "assets", &self.assets);
        push_all(
            out,
            Relation::ThreatEntry,
            "entry_interfaces",
            &self.entry_interfaces,
        );
    }
}

//! Security controls, N/A justifications and security requirements.

use crate::model::links::push_all;
use crate::model::{
    AuthSpec, ControlCategory, ControlState, ControlType, CryptoSpec, Id, Link, NaSubjectType,
    Relation, Spanned, VerificationMethod, artifact,
};

artifact! {
    /// A security control, in one of the eight categories of PMC Appendix 1.
    pub struct SecurityControl / SecurityControlDoc {
        /// The Appendix 1 category.
        pub category: Spanned<ControlCategory>,
        /// What sort of control.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub control_type: Option<Spanned<ControlType>>,
        /// Threats or risks it mitigates.
        #[serde(default)]
        pub mitigates: Vec<Id>,
        /// Requirements that specify it.
        #[serde(default)]
        pub requirements: Vec<Id>,
        /// Assets it is implemented in.
        #[serde(default)]
        pub implemented_in: Vec<Id>,
        /// Whether it is in the product yet.
        pub state: Spanned<ControlState>,
        /// Cryptographic parameters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub crypto: Option<CryptoSpec>,
        /// Authentication parameters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub auth: Option<AuthSpec>,
        /// Its configuration as shipped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub default_config: Option<Spanned<String>>,
    }
}

impl SecurityControl {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(
            out,
            Relation::ControlMitigates,
            "mitigates",
            &self.mitigates,
        );
        push_all(
            out,
            Relation::ControlRequirement,
            "requirements",
            &self.requirements,
        );
        push_all(
            out,
            Relation::ControlImplementedIn,
            "implemented_in",
            &self.implemented_in,
        );
    }
}

artifact! {
    /// A reasoned "not applicable" for a control category, test type, view, labeling topic
    /// or lifecycle phase.
    pub struct NaJustification / NaJustificationDoc {
        /// What sort of thing is not applicable.
        pub subject_type: Spanned<NaSubjectType>,
        /// Which one, in that vocabulary (for example `confidentiality`, `vuln/dast`).
        pub subject: Spanned<String>,
        /// Why it does not apply.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rationale: Option<Spanned<String>>,
    }
}

impl NaJustification {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, _out: &mut Vec<Link<'a>>) {}
}

artifact! {
    /// A security requirement with its source, acceptance criteria and verification method.
    pub struct Requirement / RequirementDoc {
        /// The requirement ("shall ...").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub text: Option<Spanned<String>>,
        /// Threats, risks or controls it derives from.
        #[serde(default)]
        pub sources: Vec<Id>,
        /// Regulations or standards it derives from (for example `524B(b)(2)`).
        #[serde(default)]
        pub regulatory_sources: Vec<Spanned<String>>,
        /// How to tell it is met.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub acceptance_criteria: Option<Spanned<String>>,
        /// How it is verified.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub verification_method: Option<Spanned<VerificationMethod>>,
        /// Assets it is allocated to.
        #[serde(default)]
        pub allocation: Vec<Id>,
        /// A parent requirement it refines.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parent: Option<Id>,
    }
}

impl Requirement {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::RequirementSource, "sources", &self.sources);
        push_all(
            out,
            Relation::RequirementAllocation,
            "allocation",
            &self.allocation,
        );
        if let Some(parent) = &self.parent {
            out.push(Link::new(Relation::RequirementParent, "parent", parent));
        }
    }
}

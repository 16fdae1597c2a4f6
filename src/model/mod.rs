//! The typed model of a dossier: every artifact kind of `rules.md` §1 as a Rust struct.
//!
//! Each kind is declared once with [`artifact!`]; the macro writes two structs from it: the
//! *document* struct (`ThreatDoc`), which is what a YAML file is deserialised into (envelope and
//! kind fields side by side, unknown fields rejected, spans kept), and the *body* struct
//! (`Threat`), which holds only the kind's own fields. Splitting after deserialisation avoids
//! `#[serde(flatten)]`, which would lose spans and disable `deny_unknown_fields`.

mod common;
pub mod cvss;
pub mod evidence;
mod fingerprint;
mod kinds;
pub mod labels;
mod links;
mod profile;
mod spanned;
mod vocab;

pub mod changes;
pub use common::*;
pub use fingerprint::fingerprint;
pub use kinds::*;
pub use links::{Link, Relation};
pub use profile::Profile;
pub use spanned::{Span, Spanned};
pub use vocab::*;

/// The singular display name of a kind (see [`Kind::label`]).
fn kind_label(name: &'static str) -> &'static str {
    match name {
        "device" => "Device",
        "plan" => "Plan",
        "threat_model" => "Threat model",
        "asset" => "Asset",
        "interface" => "Interface",
        "threat" => "Threat",
        "security_risk" => "Security risk",
        "hazard" => "Hazard",
        "security_control" => "Security control",
        "na_justification" => "Not-applicable justification",
        "requirement" => "Security requirement",
        "test" => "Test",
        "test_report" => "Test report",
        "finding" => "Test finding",
        "deferred_plan" => "Deferred fix plan",
        "sbom" => "SBOM",
        "vulnerability" => "Known vulnerability",
        "vuln_assessment" => "Vulnerability assessment",
        "anomaly" => "Unresolved anomaly",
        "architecture_view" => "Architecture view",
        "labeling_item" => "Labeling item",
        "change_record" => "Change record",
        other => other,
    }
}

use schemars::JsonSchema;
use serde::Serialize;

/// Index of a source file in the loaded [`crate::source::SourceSet`].
pub type FileId = usize;

/// Document-control fields that every artifact carries.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Envelope {
    /// Unique ID with the kind's prefix, for example `THR-012`.
    pub id: Spanned<String>,
    /// The artifact kind, as written.
    pub kind: Spanned<String>,
    /// One-line title.
    pub title: Spanned<String>,
    /// Revision label, for example `3` or `B`.
    pub revision: Option<Spanned<String>>,
    /// Document-control status.
    pub status: Spanned<Status>,
    /// Who wrote it.
    pub author: Option<Spanned<String>>,
    /// Recorded approvals.
    pub approvals: Vec<Approval>,
    /// When it takes effect.
    pub effective_date: Option<Spanned<Date>>,
    /// The artifact this one replaces.
    pub supersedes: Option<Id>,
    /// The change record that introduced this revision.
    pub change_ref: Option<Id>,
    /// Free-form tags.
    pub tags: Vec<Spanned<String>>,
    /// Longer description (a Markdown artifact's body plays this role).
    pub description: Option<Spanned<String>>,
}

/// Declares one artifact kind: a body struct and its document struct with the envelope.
macro_rules! artifact {
    (
        $(#[$meta:meta])*
        pub struct $body:ident / $doc:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
        pub struct $body {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        $(#[$meta])*
        #[derive(serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $doc {
            /// Unique ID with the kind's prefix, for example `THR-012`.
            pub id: $crate::model::Spanned<String>,
            /// The artifact kind.
            pub kind: $crate::model::Spanned<String>,
            /// One-line title.
            pub title: $crate::model::Spanned<String>,
            /// Revision label, for example `3` or `B`.
            #[serde(default)]
            pub revision: Option<$crate::model::Spanned<String>>,
            /// Document-control status.
            pub status: $crate::model::Spanned<$crate::model::Status>,
            /// Who wrote it.
            #[serde(default)]
            pub author: Option<$crate::model::Spanned<String>>,
            /// Recorded approvals (name, role, date, meaning).
            #[serde(default)]
            pub approvals: Vec<$crate::model::Approval>,
            /// When it takes effect.
            #[serde(default)]
            pub effective_date: Option<$crate::model::Spanned<$crate::model::Date>>,
            /// The ID of the artifact this one replaces.
            #[serde(default)]
            pub supersedes: Option<$crate::model::Id>,
            /// The ID of the change record that introduced this revision.
            #[serde(default)]
            pub change_ref: Option<$crate::model::Id>,
            /// Free-form tags.
            #[serde(default)]
            pub tags: Vec<$crate::model::Spanned<String>>,
            /// Longer description (a Markdown artifact's body plays this role).
            #[serde(default)]
            pub description: Option<$crate::model::Spanned<String>>,
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $doc {
            /// Separates the envelope from the kind's own fields.
            pub fn split(self) -> ($crate::model::Envelope, $body) {
                (
                    $crate::model::Envelope {
                        id: self.id,
                        kind: self.kind,
                        title: self.title,
                        revision: self.revision,
                        status: self.status,
                        author: self.author,
                        approvals: self.approvals,
                        effective_date: self.effective_date,
                        supersedes: self.supersedes,
                        change_ref: self.change_ref,
                        tags: self.tags,
                        description: self.description,
                    },
                    $body { $( $field: self.$field, )* },
                )
            }
        }
    };
}
pub(crate) use artifact;

/// Declares the registry of kinds: the `Kind` enum, the `Body` enum and the dispatch from a
/// kind to its document struct.
macro_rules! kinds {
    ( $( $(#[$meta:meta])* $variant:ident = $name:literal, $body:ident / $doc:ident, prefixes [$($prefix:literal),+] ; )+ ) => {
        /// Every artifact kind that can be written in a dossier file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $( $(#[$meta])* $variant, )+ }

        impl Kind {
            /// Every kind, in catalogue order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),+];

            /// The `kind:` spelling.
            pub fn as_str(self) -> &'static str {
                match self { $( Kind::$variant => $name, )+ }
            }

            /// Parses a `kind:` value.
            pub fn parse(text: &str) -> Option<Kind> {
                match text { $( $name => Some(Kind::$variant), )+ _ => None }
            }

            /// How a reader sees the kind, singular: `Security risk`, `SBOM`.
            pub fn label(self) -> &'static str {
                match self { $( Kind::$variant => kind_label($name), )+ }
            }

            /// The ID prefixes allowed for this kind (the part before the first `-`).
            pub fn prefixes(self) -> &'static [&'static str] {
                match self { $( Kind::$variant => &[$($prefix),+], )+ }
            }

            /// The JSON Schema of this kind's document.
            pub fn schema(self) -> schemars::Schema {
                match self { $( Kind::$variant => schemars::schema_for!($doc), )+ }
            }
        }

        /// The kind-specific fields of an artifact.
        #[derive(Debug, Clone, Serialize)]
        #[serde(untagged)]
        pub enum Body { $( $variant($body), )+ }

        impl Body {
            /// The kind of this body.
            pub fn kind(&self) -> Kind {
                match self { $( Body::$variant(_) => Kind::$variant, )+ }
            }

            /// Appends every typed link of this body to `out`.
            pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
                match self { $( Body::$variant(b) => b.links(out), )+ }
            }
        }

        /// Deserialises the document of `kind` and splits it into envelope and body.
        pub fn deserialize_kind<'de, D: serde::Deserializer<'de>>(
            kind: Kind,
            deserializer: D,
        ) -> Result<(Spanned<()>, Envelope, Body), D::Error> {
            use serde::Deserialize;
            match kind {
                $( Kind::$variant => {
                    let doc = Spanned::<$doc>::deserialize(deserializer)?;
                    let span = doc.span;
                    let (env, body) = doc.value.split();
                    Ok((Spanned::new((), span), env, Body::$variant(body)))
                } )+
            }
        }
    };
}

kinds! {
    /// The device and its submission.
    Device = "device", Device / DeviceDoc, prefixes ["DEV"];
    /// An asset of the medical device system.
    Asset = "asset", Asset / AssetDoc, prefixes ["AST"];
    /// A communication path between assets.
    Interface = "interface", Interface / InterfaceDoc, prefixes ["IF"];
    /// The threat-model document.
    ThreatModel = "threat_model", ThreatModel / ThreatModelDoc, prefixes ["TM"];
    /// A threat.
    Threat = "threat", Threat / ThreatDoc, prefixes ["THR"];
    /// A security risk assessment of one or more threats.
    SecurityRisk = "security_risk", SecurityRisk / SecurityRiskDoc, prefixes ["RSK"];
    /// A hazard of the safety risk file.
    Hazard = "hazard", Hazard / HazardDoc, prefixes ["HAZ"];
    /// A security control.
    SecurityControl = "security_control", SecurityControl / SecurityControlDoc, prefixes ["CTL"];
    /// A justified "not applicable".
    NaJustification = "na_justification", NaJustification / NaJustificationDoc, prefixes ["NA"];
    /// A security requirement.
    Requirement = "requirement", Requirement / RequirementDoc, prefixes ["REQ"];
    /// A verification test.
    Test = "test", Test / TestDoc, prefixes ["TST"];
    /// A test report (including penetration tests).
    TestReport = "test_report", TestReport / TestReportDoc, prefixes ["TR"];
    /// A test finding.
    Finding = "finding", Finding / FindingDoc, prefixes ["FND"];
    /// A reference to an SBOM file.
    Sbom = "sbom", Sbom / SbomDoc, prefixes ["SBOM"];
    /// A known vulnerability.
    Vulnerability = "vulnerability", Vulnerability / VulnerabilityDoc, prefixes ["CVE", "GHSA", "VUL"];
    /// The assessment of a known vulnerability.
    VulnAssessment = "vuln_assessment", VulnAssessment / VulnAssessmentDoc, prefixes ["VA"];
    /// An unresolved software anomaly.
    Anomaly = "anomaly", Anomaly / AnomalyDoc, prefixes ["ANOM"];
    /// A security architecture view.
    ArchitectureView = "architecture_view", ArchitectureView / ArchitectureViewDoc, prefixes ["VIEW"];
    /// A plan or procedure.
    Plan = "plan", Plan / PlanDoc, prefixes ["PLAN"];
    /// The plan for a deferred fix.
    DeferredPlan = "deferred_plan", DeferredPlan / DeferredPlanDoc, prefixes ["DP"];
    /// A labeling item.
    LabelingItem = "labeling_item", LabelingItem / LabelingItemDoc, prefixes ["LBL"];
    /// A change record.
    ChangeRecord = "change_record", ChangeRecord / ChangeRecordDoc, prefixes ["CR"];
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One artifact of the dossier: envelope, kind-specific body, and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Artifact {
    /// Document-control fields.
    #[serde(flatten)]
    pub envelope: Envelope,
    /// Kind-specific fields.
    #[serde(flatten)]
    pub body: Body,
    /// The file it was read from.
    #[serde(skip)]
    pub file: FileId,
    /// Span of the whole artifact mapping in its file.
    #[serde(skip)]
    pub span: Span,
    /// The Markdown body, for artifacts written as Markdown with front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
}

impl Artifact {
    /// The artifact's ID.
    pub fn id(&self) -> &str {
        &self.envelope.id.value
    }

    /// The artifact's kind.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// Every typed link of this artifact: envelope links and the kind's own.
    pub fn links(&self) -> Vec<Link<'_>> {
        let mut out = Vec::new();
        if let Some(target) = &self.envelope.supersedes {
            out.push(Link::new(Relation::Supersedes, "supersedes", target));
        }
        if let Some(target) = &self.envelope.change_ref {
            out.push(Link::new(Relation::ChangeRef, "change_ref", target));
        }
        self.body.links(&mut out);
        out
    }
}

//! Security architecture views (PMC §V.B.2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{Id, Link, Relation, Spanned, ViewType, artifact};

/// Operational and clinical states a use-case view covers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViewStates {
    /// Operational states (for example `normal`, `update in progress`).
    #[serde(default)]
    pub operational: Vec<Spanned<String>>,
    /// Clinical states (for example `infusing`, `paused`).
    #[serde(default)]
    pub clinical: Vec<Spanned<String>>,
}

artifact! {
    /// An architecture view: global system, multi-patient harm, updatability, or a use case.
    pub struct ArchitectureView / ArchitectureViewDoc {
        /// View type.
        pub view_type: Spanned<ViewType>,
        /// Diagram files, relative to the dossier root.
        #[serde(default)]
        pub diagrams: Vec<Spanned<String>>,
        /// What the view shows and why it matters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub explanation: Option<Spanned<String>>,
        /// Assets shown.
        #[serde(default)]
        pub assets: Vec<Id>,
        /// Interfaces shown.
        #[serde(default)]
        pub interfaces: Vec<Id>,
        /// Trust boundaries drawn.
        #[serde(default)]
        pub trust_boundaries: Vec<Spanned<String>>,
        /// States covered (use-case views).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub states: Option<ViewStates>,
        /// Clinical functions covered (use-case views).
        #[serde(default)]
        pub clinical_functions: Vec<Spanned<String>>,
        /// Threats shown.
        #[serde(default)]
        pub threats: Vec<Id>,
        /// Controls shown.
        #[serde(default)]
        pub controls: Vec<Id>,
        /// Tests shown.
        #[serde(default)]
        pub tests: Vec<Id>,
    }
}

impl ArchitectureView {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::ViewAsset, "assets", &self.assets);
        push_all(out, Relation::ViewInterface, "interfaces", &self.interfaces);
        push_all(out, Relation::ViewThreat, "threats", &self.threats);
        push_all(out, Relation::ViewControl, "controls", &self.controls);
        push_all(out, Relation::ViewTest, "tests", &self.tests);
    }
}

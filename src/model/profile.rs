//! The submission profile: which rules a submission needs. It is read by the manifest and
//! by the rules, and labelled like every vocabulary, so it lives on the lowest floor.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which rules a submission needs: the kind of submission it is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// A new 510(k), De Novo, PMA, PDP or HDE.
    #[default]
    Full,
    /// A low-impact modification (PMC §VII.D.2).
    Modification,
    /// An investigational device exemption (PMC App. 3).
    Ide,
}

impl Profile {
    /// Every profile.
    pub const ALL: &'static [Profile] = &[Profile::Full, Profile::Modification, Profile::Ide];

    /// How a reader sees the profile.
    pub fn label(self) -> &'static str {
        match self {
            Profile::Full => "Full premarket submission",
            Profile::Modification => "Modification of a cleared device",
            Profile::Ide => "Investigational device exemption",
        }
    }

    /// The manifest spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Full => "full",
            Profile::Modification => "modification",
            Profile::Ide => "ide",
        }
    }
}

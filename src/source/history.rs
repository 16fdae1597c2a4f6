//! What the version history says about the dossier's files: the baseline the release is
//! compared against, and when each file last changed. A Git source fills it (one walk of the
//! history); a plain directory has none, and the rules that need it (CHG-001, CHG-002) stay
//! silent rather than guess.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Date;

/// The history of one file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileHistory {
    /// The date of the last commit that changed the file.
    pub last_change: Date,
    /// Whether the file changed since the baseline.
    #[serde(default)]
    pub changed_since_baseline: bool,
}

/// The history of the dossier's files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The baseline (a Git tag) the release is compared against.
    #[serde(default)]
    pub baseline: Option<String>,
    /// Per file, by path relative to the dossier root.
    #[serde(default)]
    pub files: BTreeMap<String, FileHistory>,
}

impl History {
    /// The history of a file.
    pub fn file(&self, path: &str) -> Option<&FileHistory> {
        self.files.get(path)
    }
}

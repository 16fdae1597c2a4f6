//! Provenance: which exact state of the dossier an output was made from, and by which tool.
//!
//! An auditor asks which state was submitted; every output (PDF cover, HTML, JSON) carries
//! this record so the answer is on the page.

use serde::Serialize;

use crate::model::Date;

/// The state of the dossier an output was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// `working tree`, `revision REV` or `folder` (not under Git).
    pub source: String,
    /// Whether the dossier is in a Git repository.
    pub repository: bool,
    /// The full commit ID (the revision read, or HEAD under the working tree).
    pub commit: Option<String>,
    /// The commit's first 12 hex digits.
    pub short: Option<String>,
    /// Tags that point at the commit.
    pub tags: Vec<String>,
    /// Whether the working tree differs from the commit (`false` for a revision; `None` when
    /// not under Git).
    pub dirty: Option<bool>,
    /// The dossier files that differ from the commit.
    pub dirty_files: Vec<String>,
    /// The commit date (UTC).
    pub commit_date: Option<Date>,
    /// The commit's author.
    pub author: Option<String>,
    /// The dossier's folder inside the repository.
    pub path: String,
    /// Whether the repository is a shallow clone (history before its boundary is missing).
    pub shallow: bool,
    /// The tool and its version.
    pub tool: String,
}

impl Default for Provenance {
    fn default() -> Self {
        Provenance::tool_only()
    }
}

impl Provenance {
    /// The provenance of a folder that is not under version control: only the tool.
    pub fn tool_only() -> Provenance {
        Provenance {
            source: "folder".to_string(),
            repository: false,
            commit: None,
            short: None,
            tags: Vec::new(),
            dirty: None,
            dirty_files: Vec::new(),
            commit_date: None,
            author: None,
            path: ".".to_string(),
            shallow: false,
            tool: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// One line for covers, footers and logs: `commit 1a2b3c4d5e6f (tag v2.4.0), clean`.
    pub fn summary(&self) -> String {
        let Some(short) = &self.short else {
            return if self.repository {
                "a Git repository with no commit yet".to_string()
            } else {
                "a folder not under version control".to_string()
            };
        };
        let mut text = format!("commit {short}");
        if !self.tags.is_empty() {
            text.push_str(&format!(" (tag {})", self.tags.join(", ")));
        }
        match self.dirty {
            Some(true) => text.push_str(&format!(
                ", with uncommitted changes to {} file{}",
                self.dirty_files.len(),
                if self.dirty_files.len() == 1 { "" } else { "s" }
            )),
            Some(false) => text.push_str(", clean"),
            None => {}
        }
        text
    }
}

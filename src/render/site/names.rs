//! Page names and kind headings: what every page of the site links by, on the floor below
//! the pages, the 524B mapping and the search index that all use them.

use std::collections::{BTreeMap, BTreeSet};

use crate::Checked;
use crate::model::Kind;

/// The page of every artifact, by index, and the page each ID links to (the first artifact
/// with that ID; later duplicates get numbered pages).
pub struct PageNames {
    /// Page path of each artifact, by artifact index.
    pub by_index: Vec<String>,
    /// Page path of each ID.
    pub by_id: BTreeMap<String, String>,
}

/// Stable, file-name-safe page names: the ID itself where it is safe, else a hash of it.
pub fn page_names(checked: &Checked) -> PageNames {
    let mut by_id: BTreeMap<String, String> = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut by_index = Vec::with_capacity(checked.artifacts.len());
    for a in &checked.artifacts {
        let id = a.id();
        let safe = !id.is_empty()
            && !id.starts_with('.')
            && id.len() <= 120
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let stem = if safe {
            id.to_string()
        } else {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(id.as_bytes());
            format!("id-{}", &hex::encode(digest)[..16])
        };
        let mut name = format!("artifacts/{stem}.html");
        let mut n = 2;
        while used.contains(&name) {
            name = format!("artifacts/{stem}--{n}.html");
            n += 1;
        }
        used.insert(name.clone());
        by_id.entry(id.to_string()).or_insert_with(|| name.clone());
        by_index.push(name);
    }
    PageNames { by_index, by_id }
}

/// A kind's heading: `security_risk` to `Security risks`.
pub fn kind_title(kind: Kind) -> String {
    let words = kind.as_str().replace('_', " ");
    let plural = match kind {
        Kind::Sbom => "SBOMs".to_string(),
        Kind::Vulnerability => "Vulnerabilities".to_string(),
        Kind::Anomaly => "Anomalies".to_string(),
        Kind::NaJustification => "N/A justifications".to_string(),
        Kind::VulnAssessment => "Vulnerability assessments".to_string(),
        _ => format!("{words}s"),
    };
    let mut chars = plural.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => plural,
    }
}

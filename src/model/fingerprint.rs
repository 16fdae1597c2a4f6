//! Content fingerprints: a hash of an artifact's normalised fields, not of its formatting.
//!
//! An approval records the fingerprint of what was approved; DOC-002 compares it with the
//! current one. Reformatting YAML, reordering keys or moving an artifact to another file do
//! not change it; changing any value (except the approvals and the status, which approving
//! itself changes) does.

use sha2::{Digest, Sha256};

use super::Artifact;

/// The fingerprint of an artifact, `sha256:` and 64 hex digits.
pub fn fingerprint(artifact: &Artifact) -> String {
    let mut value = serde_json::to_value(artifact).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.remove("approvals");
        object.remove("status");
    }
    // serde_json's map is ordered by key, so this text is canonical.
    let canonical = serde_json::to_string(&value).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(canonical.as_bytes());
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

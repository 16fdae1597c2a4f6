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
    stable(&mut value);
    // serde_json's map is ordered by key, so this text is canonical.
    let canonical = serde_json::to_string(&value).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(canonical.as_bytes());
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// Keeps fingerprints recorded by earlier versions valid where the model's serialisation has
/// since changed: an `end_of_support: unknown` was serialised as `null` until outputs were
/// made to print it as written, and a fingerprint must not change when the content did not.
fn stable(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "end_of_support" && v.as_str() == Some("unknown") {
                    *v = serde_json::Value::Null;
                } else {
                    stable(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(stable),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::stable;

    #[test]
    fn unknown_end_of_support_hashes_as_it_always_did() {
        let mut now = serde_json::json!({"addendum": [{"component": "x", "end_of_support": "unknown"}, {"end_of_support": "2030-01-01"}]});
        stable(&mut now);
        let before = serde_json::json!({"addendum": [{"component": "x", "end_of_support": null}, {"end_of_support": "2030-01-01"}]});
        assert_eq!(now, before);
    }
}

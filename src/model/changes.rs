//! What changed between two versions of an artifact, field by field.
//!
//! Both the design-review diff and the comparison with the prior release compare artifacts
//! by their normalised values (the ones content fingerprints hash), so reformatting is not a
//! change; the comparison lives with the model so that both can use it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::model::Artifact;

/// A changed value.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// Where, for example `cvss[0].score` or `title`.
    pub field: String,
    /// The value before (null: absent).
    pub before: Value,
    /// The value after (null: absent).
    pub after: Value,
    /// The vocabulary the field takes (`applicability`), whose labels the human reports show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<String>,
}

impl FieldChange {
    /// The change in words, for tables: `auth.mechanism: Passkey entry → Numeric comparison`.
    pub fn describe(&self) -> String {
        format!(
            "{}: {} → {}",
            field_label(&self.field),
            self.shown(&self.before),
            self.shown(&self.after)
        )
    }

    /// A side's value as a reader sees it: a vocabulary value by its label.
    pub fn shown(&self, value: &Value) -> String {
        match (value, &self.vocabulary) {
            (Value::String(s), Some(vocab)) => crate::model::labels::label(vocab, s).to_string(),
            _ => value_text(value),
        }
    }
}

/// A field's path as a reader of the PDF or the site reads it, not as the YAML spells it:
/// `post.exploitability` is "exploitability after controls", `auth.mechanism` is
/// "authentication mechanism", `endpoints[1]` is "endpoints 2".
pub fn field_label(path: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut after = None;
    for (i, segment) in path.split('.').enumerate() {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        match (i, name) {
            (0, "pre") => after = Some("before controls"),
            (0, "post") => after = Some("after controls"),
            (_, "auth") => words.push("authentication".into()),
            (_, "crypto") => words.push("cryptography".into()),
            (_, "cvss") => words.push("CVSS".into()),
            (_, "alg") => words.push("algorithm".into()),
            (_, name) => words.push(name.replace('_', " ")),
        }
        if let Some(index) = index {
            words.push((index + 1).to_string());
        }
    }
    if let Some(after) = after {
        words.push(after.into());
    }
    words.join(" ")
}

/// Flattens a JSON value to `path -> scalar` pairs.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// The fields whose normalised values differ between two versions of an artifact.
pub fn field_changes(before: &Artifact, after: &Artifact) -> Vec<FieldChange> {
    let flat = |a: &Artifact| {
        let mut value = serde_json::to_value(a).unwrap_or_default();
        if let Some(obj) = value.as_object_mut() {
            obj.remove("markdown");
        }
        let mut out = BTreeMap::new();
        flatten("", &value, &mut out);
        out
    };
    let (old, new) = (flat(before), flat(after));
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (b, a) = (
                old.get(k).cloned().unwrap_or(Value::Null),
                new.get(k).cloned().unwrap_or(Value::Null),
            );
            (b != a).then(|| FieldChange {
                field: k.clone(),
                before: b,
                after: a,
                vocabulary: vocabulary(after.kind(), k),
            })
        })
        .collect()
}

/// The vocabulary of a flattened field (`per_version[1].applicability`), if it takes one.
fn vocabulary(kind: crate::model::Kind, field: &str) -> Option<String> {
    let mut path = String::with_capacity(field.len());
    let mut depth = 0;
    for c in field.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => path.push(c),
            _ => {}
        }
    }
    crate::model::labels::field_vocabulary(kind, &path).map(|t| t.name.clone())
}

/// A value as a table shows it: text as written, nothing as a dash.
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::field_label;

    #[test]
    fn field_paths_read_as_words() {
        assert_eq!(
            field_label("post.exploitability"),
            "exploitability after controls"
        );
        assert_eq!(field_label("auth.mechanism"), "authentication mechanism");
        assert_eq!(field_label("endpoints[1]"), "endpoints 2");
        assert_eq!(field_label("cvss[0].base_score"), "CVSS 1 base score");
        assert_eq!(field_label("protocol_version"), "protocol version");
        assert_eq!(field_label("pre"), "before controls");
        assert_eq!(field_label("crypto.alg"), "cryptography algorithm");
    }
}

//! What a field of a kind may be called and hold, for completion: read from the same JSON
//! Schemas `dossier schemas` writes (generated from the model's types), so completion
//! offers exactly what the parser accepts.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::Kind;

/// A name or value to offer, with what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The text to insert.
    pub label: String,
    /// Its description in the schema.
    pub detail: Option<String>,
}

/// Each kind's schema.
pub struct Vocabulary {
    by_kind: BTreeMap<&'static str, Value>,
}

/// The STRIDE letters a threat's `category` takes when the dossier declares no taxonomy.
const STRIDE: &[(&str, &str)] = &[
    ("S", "Spoofing"),
    ("T", "Tampering"),
    ("R", "Repudiation"),
    ("I", "Information disclosure"),
    ("D", "Denial of service"),
    ("E", "Elevation of privilege"),
];

impl Vocabulary {
    /// Every kind's schema, generated once.
    pub fn new() -> Vocabulary {
        Vocabulary {
            by_kind: Kind::ALL
                .iter()
                .map(|k| (k.as_str(), k.schema().to_value()))
                .collect(),
        }
    }

    /// The field names of a kind, with their descriptions.
    pub fn fields(&self, kind: Kind) -> Vec<Offer> {
        let Some(properties) = self.by_kind[kind.as_str()]["properties"].as_object() else {
            return Vec::new();
        };
        properties
            .iter()
            .map(|(name, property)| Offer {
                label: name.clone(),
                detail: property["description"].as_str().map(str::to_string),
            })
            .collect()
    }

    /// The closed vocabulary of a field (its schema's constants), if it has one.
    pub fn values(&self, kind: Kind, field: &str) -> Vec<Offer> {
        if kind == Kind::Threat && field == "category" {
            return STRIDE
                .iter()
                .map(|(letter, name)| Offer {
                    label: letter.to_string(),
                    detail: Some(name.to_string()),
                })
                .collect();
        }
        let schema = &self.by_kind[kind.as_str()];
        let property = &schema["properties"][field];
        let mut out = Vec::new();
        // A list's items, a reference to a named type, `oneOf` constants or an `enum`.
        let mut todo = vec![property, &property["items"]];
        let mut seen = 0;
        while let Some(node) = todo.pop() {
            seen += 1;
            if seen > 64 {
                break;
            }
            if let Some(reference) = node["$ref"].as_str()
                && let Some(name) = reference.strip_prefix("#/$defs/")
            {
                todo.push(&schema["$defs"][name]);
            }
            for variant in node["oneOf"].as_array().into_iter().flatten() {
                match variant["const"].as_str() {
                    Some(value) => out.push(Offer {
                        label: value.to_string(),
                        detail: variant["description"].as_str().map(str::to_string),
                    }),
                    None => todo.push(variant),
                }
            }
            for value in node["enum"].as_array().into_iter().flatten() {
                if let Some(value) = value.as_str() {
                    out.push(Offer {
                        label: value.to_string(),
                        detail: None,
                    });
                }
            }
        }
        out.dedup_by(|a, b| a.label == b.label);
        out
    }

    /// Whether a field holds a list of strings (where IDs go, in a link field).
    pub fn is_list_of_strings(&self, kind: Kind, field: &str) -> bool {
        let property = &self.by_kind[kind.as_str()]["properties"][field];
        property["type"] == "array" && property["items"]["type"] == "string"
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_values_come_from_the_schemas() {
        let vocabulary = Vocabulary::new();
        let fields: Vec<String> = vocabulary
            .fields(Kind::SecurityControl)
            .into_iter()
            .map(|o| o.label)
            .collect();
        assert!(fields.contains(&"mitigates".to_string()), "{fields:?}");
        let categories: Vec<String> = vocabulary
            .values(Kind::SecurityControl, "category")
            .into_iter()
            .map(|o| o.label)
            .collect();
        assert!(
            categories.contains(&"authentication".to_string()),
            "{categories:?}"
        );
        assert_eq!(categories.len(), 8, "{categories:?}");
        let statuses = vocabulary.values(Kind::Test, "status");
        assert!(statuses.iter().any(|o| o.label == "in_review"));
        assert_eq!(vocabulary.values(Kind::Threat, "category").len(), 6);
        assert!(vocabulary.values(Kind::Threat, "title").is_empty());
        assert!(vocabulary.is_list_of_strings(Kind::SecurityControl, "mitigates"));
    }
}

//! Display labels: how every closed vocabulary's values read on a page.
//!
//! A reviewer reads "Not affected", "Event detection and logging" and "510(k)", never
//! `not_affected`, `event_detection_logging` or `510k`. The labels live beside the values
//! (the `vocab!` declarations and the few vocabularies declared here); the PDF (through
//! `data.labels`), the site and `diff` all read them from [`tables`], so a word is changed in
//! one place. Which field takes which vocabulary is read from each kind's JSON Schema, so a
//! new enum field is labelled without a list to keep in step.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::vocab::*;
use super::{ApprovalMeaning, Kind, Status};

/// One vocabulary: its name in templates (`control_category`) and its values with labels.
#[derive(Debug)]
pub struct Table {
    /// The snake_case name templates use (`lbl("medium", i.medium)`).
    pub name: String,
    /// The Rust type (and schema `$defs`) name, `Medium`.
    pub type_name: &'static str,
    /// `(value, label)` in declaration order.
    pub entries: Vec<(&'static str, &'static str)>,
}

impl Table {
    /// The label of a value, if it is one of this vocabulary's.
    pub fn label(&self, value: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, l)| *l)
    }
}

fn table<V: Vocabulary>() -> Table {
    Table {
        name: snake(V::TYPE),
        type_name: V::TYPE,
        entries: V::entries(),
    }
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Labels of the vocabularies that are not `vocab!` enums.
fn extra() -> Vec<Table> {
    let status = Status::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect();
    let meaning = [
        ("authored", "Authored"),
        ("reviewed", "Reviewed"),
        ("approved", "Approved"),
        ("verified", "Verified"),
    ];
    debug_assert!(meaning.iter().all(|(v, _)| {
        serde_json::from_value::<ApprovalMeaning>(Value::String(v.to_string())).is_ok()
    }));
    vec![
        Table {
            name: "status".into(),
            type_name: "Status",
            entries: status,
        },
        Table {
            name: "approval_meaning".into(),
            type_name: "ApprovalMeaning",
            entries: meaning.to_vec(),
        },
        Table {
            name: "kind".into(),
            type_name: "Kind",
            entries: Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        },
        // A VEX statement's status, and an assessment's applicability, on the SBOM page.
        Table {
            name: "vex_status".into(),
            type_name: "",
            entries: vec![
                ("not_affected", "Not affected"),
                ("affected", "Affected"),
                ("fixed", "Fixed"),
                ("under_investigation", "Under investigation"),
                ("investigating", "Under investigation"),
            ],
        },
        // The manifest's `profile:`.
        Table {
            name: "profile".into(),
            type_name: "Profile",
            entries: super::Profile::ALL
                .iter()
                .map(|p| (p.as_str(), p.label()))
                .collect(),
        },
        // The level of a rule's finding.
        Table {
            name: "severity".into(),
            type_name: "",
            entries: vec![("error", "Error"), ("warning", "Warning"), ("info", "Note")],
        },
        // A threat's `category` is a STRIDE letter or a word of a declared taxonomy.
        Table {
            name: "stride".into(),
            type_name: "",
            entries: vec![
                ("S", "Spoofing"),
                ("T", "Tampering"),
                ("R", "Repudiation"),
                ("I", "Information disclosure"),
                ("D", "Denial of service"),
                ("E", "Elevation of privilege"),
            ],
        },
        // The `elements:` keys the PLAN rules ask for (others are shown as written).
        Table {
            name: "plan_element".into(),
            type_name: "",
            entries: vec![
                ("personnel", "Personnel and responsibilities"),
                ("monitoring", "Monitoring of vulnerability sources"),
                ("kev_handling", "Known exploited vulnerabilities (KEV)"),
                ("periodic_testing", "Periodic security testing"),
                ("patch_timeline", "Patch timelines"),
                ("update_process", "Update process"),
                (
                    "patching_capability",
                    "Patching capability of fielded devices",
                ),
                ("cvd", "Coordinated vulnerability disclosure"),
                ("customer_communication", "Customer communication"),
                ("external_reports", "Reports from outside the company"),
                ("internal_findings", "Vulnerabilities found internally"),
                ("disclosure", "Coordinated disclosure"),
                ("regular_cycle", "Regular release cycle"),
                ("out_of_cycle", "Out-of-cycle fixes"),
                ("fielded_versions", "Coverage of fielded versions"),
                ("scoring_method", "Scoring method"),
                ("acceptance_criteria", "Acceptance criteria"),
                ("safety_transfer", "Transfer to safety risk management"),
            ],
        },
    ]
}

/// Every vocabulary with its labels.
pub fn tables() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut out = vec![
            table::<SubmissionType>(),
            table::<ChangeType>(),
            table::<CyberConclusion>(),
            table::<AssetType>(),
            table::<Controller>(),
            table::<SecurityObjective>(),
            table::<Medium>(),
            table::<Payload>(),
            table::<Direction>(),
            table::<AttackVector>(),
            table::<LifecyclePhase>(),
            table::<Residual>(),
            table::<CauseType>(),
            table::<ControlCategory>(),
            table::<ControlType>(),
            table::<ControlState>(),
            table::<NaSubjectType>(),
            table::<VerificationMethod>(),
            table::<TestType>(),
            table::<Independence>(),
            table::<TestResult>(),
            table::<FindingSeverity>(),
            table::<Disposition>(),
            table::<SbomFormat>(),
            table::<Origin>(),
            table::<SupportLevel>(),
            table::<RelatedRole>(),
            table::<DiscoveredVia>(),
            table::<Applicability>(),
            table::<ViewType>(),
            table::<PlanType>(),
            table::<LabelingTopic>(),
            table::<LabelDocument>(),
            table::<CyberImpact>(),
            table::<ChangeClass>(),
        ];
        out.extend(extra());
        out
    })
}

/// The vocabulary called `name`.
pub fn named(name: &str) -> Option<&'static Table> {
    tables().iter().find(|t| t.name == name)
}

/// The label of `value` in the vocabulary `name`, or the value itself when it is not one.
pub fn label<'a>(name: &str, value: &'a str) -> &'a str {
    named(name).and_then(|t| t.label(value)).unwrap_or(value)
}

/// `{vocabulary: {value: label}}`, what templates read as `data.labels`.
pub fn to_json() -> Value {
    let mut out = Map::new();
    for t in tables() {
        let entries: Map<String, Value> = t
            .entries
            .iter()
            .map(|(v, l)| (v.to_string(), Value::String(l.to_string())))
            .collect();
        out.insert(t.name.clone(), Value::Object(entries));
    }
    Value::Object(out)
}

/// Which vocabulary each field of each kind takes: `(kind, "per_version.applicability")`,
/// read from the kinds' JSON Schemas (a field whose schema is a vocabulary's `$defs` entry,
/// directly, optionally or as list items; nested objects by their dotted path).
fn fields() -> &'static BTreeMap<(Kind, String), &'static Table> {
    static FIELDS: OnceLock<BTreeMap<(Kind, String), &'static Table>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut out = BTreeMap::new();
        for &kind in Kind::ALL {
            let schema = kind.schema().to_value();
            let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
            let mut seen = Vec::new();
            walk(kind, &schema, &defs, "", &mut seen, &mut out);
        }
        if let Some(stride) = named("stride") {
            out.insert((Kind::Threat, "category".to_string()), stride);
        }
        if let Some(kinds) = named("kind") {
            for &kind in Kind::ALL {
                out.insert((kind, "kind".to_string()), kinds);
            }
        }
        out
    })
}

/// The `$defs` name a property's schema refers to (`$ref`, or within `anyOf`/`oneOf`/`items`).
fn referenced(schema: &Value) -> Option<&str> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.strip_prefix("#/$defs/");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = schema.get(key)
            && let Some(name) = options.iter().find_map(referenced)
        {
            return Some(name);
        }
    }
    schema.get("items").and_then(referenced)
}

fn walk(
    kind: Kind,
    schema: &Value,
    defs: &Value,
    prefix: &str,
    seen: &mut Vec<String>,
    out: &mut BTreeMap<(Kind, String), &'static Table>,
) {
    let Some(Value::Object(props)) = schema.get("properties") else {
        return;
    };
    for (key, prop) in props {
        let path = format!("{prefix}{key}");
        let Some(name) = referenced(prop) else {
            continue;
        };
        if let Some(table) = tables().iter().find(|t| t.type_name == name) {
            out.insert((kind, path), table);
        } else if let Some(def) = defs.get(name)
            && !seen.iter().any(|s| s == name)
        {
            // A nested struct: its fields, once per path (recursive types stop).
            seen.push(name.to_string());
            walk(kind, def, defs, &format!("{path}."), seen, out);
            seen.pop();
        }
    }
}

/// The vocabulary of a field of a kind, by dotted path (`submission.type`).
pub fn field_vocabulary(kind: Kind, path: &str) -> Option<&'static Table> {
    fields().get(&(kind, path.to_string())).copied()
}

/// Replaces, in an artifact's JSON, every vocabulary value by its label (for pages that
/// print fields generically). Values outside their vocabulary are left as written.
pub fn label_fields(kind: Kind, value: &mut Value) {
    relabel(kind, value, "");
}

fn relabel(kind: Kind, value: &mut Value, prefix: &str) {
    let Value::Object(map) = value else {
        return;
    };
    for (key, v) in map.iter_mut() {
        let path = format!("{prefix}{key}");
        if let Some(table) = field_vocabulary(kind, &path) {
            apply(table, v);
            continue;
        }
        match v {
            Value::Object(_) => relabel(kind, v, &format!("{path}.")),
            Value::Array(items) => {
                for item in items {
                    relabel(kind, item, &format!("{path}."));
                }
            }
            _ => {}
        }
    }
}

fn apply(table: &Table, value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Some(label) = table.label(s) {
                *s = label.to_string();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| apply(table, i)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocab_declaration_is_in_the_tables() {
        let declared = include_str!("vocab.rs").matches("\nvocab! {").count();
        let from_macro = tables().iter().filter(|t| !t.type_name.is_empty()).count();
        // Status, ApprovalMeaning, Kind and Profile are declared elsewhere.
        assert_eq!(from_macro, declared + 4);
    }

    #[test]
    fn labels_are_words_not_identifiers() {
        for t in tables() {
            for (value, label) in &t.entries {
                assert!(!label.contains('_'), "{}: {value} -> {label}", t.name);
                assert!(!label.is_empty());
            }
        }
    }

    #[test]
    fn fields_are_found_from_the_schemas() {
        let cases = [
            (Kind::Interface, "medium", "medium"),
            (Kind::Device, "submission.type", "submission_type"),
            (Kind::Device, "cyber_device.connectivity_means", "medium"),
            (Kind::Test, "type", "test_type"),
            (
                Kind::VulnAssessment,
                "per_version.applicability",
                "applicability",
            ),
            (Kind::SecurityControl, "category", "control_category"),
            (Kind::Asset, "security_objectives", "security_objective"),
            (Kind::Threat, "status", "status"),
        ];
        for (kind, path, vocab) in cases {
            let found = field_vocabulary(kind, path).map(|t| t.name.as_str());
            assert_eq!(found, Some(vocab), "{kind:?} {path}");
        }
    }

    #[test]
    fn label_fields_rewrites_values_in_place() {
        let mut v = serde_json::json!({
            "medium": "wifi",
            "per_version": [{"version": "1.0", "applicability": "not_affected"}],
            "title": "not_affected",
        });
        label_fields(Kind::Interface, &mut v);
        assert_eq!(v["medium"], "Wi-Fi");
        // Not a field of an interface: left alone.
        assert_eq!(v["per_version"][0]["applicability"], "not_affected");
        assert_eq!(v["title"], "not_affected");
        let mut v = serde_json::json!({"per_version": [{"applicability": "not_affected"}]});
        label_fields(Kind::VulnAssessment, &mut v);
        assert_eq!(v["per_version"][0]["applicability"], "Not affected");
    }
}

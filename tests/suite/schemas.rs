//! The JSON Schemas in `schemas/` are generated from the Rust types and must not be stale.

use crate::support::root;

// The checked-in schemas equal freshly generated ones (set UPDATE_SCHEMAS=1 to rewrite them).
#[test]
fn schemas_are_up_to_date() {
    let dir = root().join("schemas");
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        dossier::schemas::write_all(&dir).expect("write schemas");
    }
    let generated = dossier::schemas::generate();
    let mut stale = Vec::new();
    for (name, text) in &generated {
        let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        if &on_disk != text {
            stale.push(name.clone());
        }
    }
    let expected: std::collections::BTreeSet<&str> =
        generated.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(&dir)
        .expect("schemas/ exists")
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected.contains(name.as_str()) {
            stale.push(format!("{name} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas: {stale:?}; run `UPDATE_SCHEMAS=1 cargo test schemas` and commit schemas/"
    );
}

// Each kind's schema pins `kind` and rejects unknown fields, as the parser does.
#[test]
fn kind_schemas_match_the_parser() {
    for (name, text) in dossier::schemas::generate() {
        if matches!(
            name.as_str(),
            "artifact.schema.json" | "manifest.schema.json" | "allowed-signers.schema.json"
        ) {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert!(value["properties"]["kind"]["const"].is_string(), "{name}");
        assert_eq!(value["additionalProperties"], false, "{name}");
        let required: Vec<&str> = value["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        for field in ["id", "kind", "title", "status"] {
            assert!(required.contains(&field), "{name} does not require {field}");
        }
    }
}

//! JSON Schemas of every artifact kind, of the manifest and of the allowed-signers file,
//! generated from the Rust types.
//!
//! The generated files live in `schemas/` so editors (the YAML language server) can validate
//! and complete while people type; a test fails when they are stale.

use std::path::Path;

use serde_json::{Value, json};

use crate::Fatal;
use crate::config::Manifest;
use crate::model::Kind;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// File name of a kind's schema.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.as_str().replace('_', "-"))
}

fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Every schema file: `(file name, contents)`, in a fixed order.
pub fn generate() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for &kind in Kind::ALL {
        let mut schema = kind.schema().to_value();
        if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert(
                "kind".to_string(),
                json!({ "const": kind.as_str(), "description": "The artifact kind." }),
            );
        }
        if let Some(obj) = schema.as_object_mut() {
            obj.insert("title".to_string(), json!(kind.as_str()));
            obj.insert(
                "x-id-prefixes".to_string(),
                json!(
                    kind.prefixes()
                        .iter()
                        .map(|p| format!("{p}-"))
                        .collect::<Vec<_>>()
                ),
            );
        }
        files.push((file_name(kind), to_text(&schema)));
    }
    let branches: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "if": { "properties": { "kind": { "const": k.as_str() } }, "required": ["kind"] },
                "then": { "$ref": file_name(*k) }
            })
        })
        .collect();
    let artifact_file = json!({
        "$schema": DRAFT,
        "title": "dossier artifact file",
        "description": "One artifact, or a list of artifacts, of any kind. Point the YAML language server at this file.",
        "anyOf": [
            { "$ref": "#/$defs/artifact" },
            { "type": "array", "items": { "$ref": "#/$defs/artifact" } }
        ],
        "$defs": {
            "artifact": {
                "type": "object",
                "required": ["id", "kind", "title", "status"],
                "properties": {
                    "kind": { "enum": Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>() }
                },
                "allOf": branches
            }
        }
    });
    files.push(("artifact.schema.json".to_string(), to_text(&artifact_file)));
    let mut manifest = schemars::schema_for!(Manifest).to_value();
    if let Some(obj) = manifest.as_object_mut() {
        obj.insert("title".to_string(), json!("dossier.yaml"));
    }
    files.push(("manifest.schema.json".to_string(), to_text(&manifest)));
    let mut signers = schemars::schema_for!(crate::sign::SignersFile).to_value();
    if let Some(obj) = signers.as_object_mut() {
        obj.insert("title".to_string(), json!("allowed-signers file"));
        obj.insert(
            "description".to_string(),
            json!(
                "Who may sign approvals of the dossier, in which roles, with which SSH keys \
                 (the file the manifest's `allowed_signers` names; SIGN-001)."
            ),
        );
    }
    files.push(("allowed-signers.schema.json".to_string(), to_text(&signers)));
    files
}

/// Writes every schema into a folder, creating it if needed.
pub fn write_all(dir: &Path) -> Result<(), Fatal> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal::new(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in generate() {
        let path = dir.join(&name);
        crate::render::output::write_atomic(&path, text.as_bytes())?;
    }
    Ok(())
}

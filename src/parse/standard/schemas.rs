//! The standards' official JSON Schemas, embedded, and their validators, compiled once.
//!
//! The files are `vendor/schemas/` as published (see its README for sources and licences).
//! Every `$ref` a schema makes outside itself (CycloneDX's SPDX licence list, JSF and
//! cryptography definitions; CSAF's FIRST CVSS schemas) is served from the embedded copies
//! by [`Embedded`], so compiling a validator never reaches the network.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use super::Standard;

/// Schemas that others `$ref`, by file name (the last segment of the URI they are
/// referenced by: `http://cyclonedx.org/schema/spdx.schema.json`,
/// `https://www.first.org/cvss/cvss-v3.1.json`).
const REFERENCED: &[(&str, &str)] = &[
    (
        "spdx.schema.json",
        include_str!("../../../vendor/schemas/cyclonedx/spdx.schema.json"),
    ),
    (
        "jsf-0.82.schema.json",
        include_str!("../../../vendor/schemas/cyclonedx/jsf-0.82.schema.json"),
    ),
    (
        "cryptography-defs.schema.json",
        include_str!("../../../vendor/schemas/cyclonedx/cryptography-defs.schema.json"),
    ),
    (
        "cvss-v2.0.json",
        include_str!("../../../vendor/schemas/csaf/cvss-v2.0.json"),
    ),
    (
        "cvss-v3.0.json",
        include_str!("../../../vendor/schemas/csaf/cvss-v3.0.json"),
    ),
    (
        "cvss-v3.1.json",
        include_str!("../../../vendor/schemas/csaf/cvss-v3.1.json"),
    ),
];

/// The hosts whose schemas are embedded; a `$ref` elsewhere is refused, not fetched.
const HOSTS: &[&str] = &["cyclonedx.org", "www.first.org"];

/// The schema text of a standard.
fn text(standard: Standard) -> &'static str {
    match standard {
        Standard::CycloneDx14 => {
            include_str!("../../../vendor/schemas/cyclonedx/bom-1.4.schema.json")
        }
        Standard::CycloneDx15 => {
            include_str!("../../../vendor/schemas/cyclonedx/bom-1.5.schema.json")
        }
        Standard::CycloneDx16 => {
            include_str!("../../../vendor/schemas/cyclonedx/bom-1.6.schema.json")
        }
        Standard::CycloneDx17 => {
            include_str!("../../../vendor/schemas/cyclonedx/bom-1.7.schema.json")
        }
        Standard::Spdx22 => include_str!("../../../vendor/schemas/spdx/spdx-2.2.schema.json"),
        Standard::Spdx23 => include_str!("../../../vendor/schemas/spdx/spdx-2.3.schema.json"),
        Standard::Spdx30 | Standard::Spdx301 => {
            include_str!("../../../vendor/schemas/spdx/spdx-3.0.1.schema.json")
        }
        Standard::Csaf20 => include_str!("../../../vendor/schemas/csaf/csaf-2.0.schema.json"),
        Standard::OpenVex020 => {
            include_str!("../../../vendor/schemas/openvex/openvex-0.2.0.schema.json")
        }
    }
}

/// Serves `$ref`s from the embedded schemas.
struct Embedded;

impl Retrieve for Embedded {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let host = uri
            .authority()
            .map(|a| a.host().to_string())
            .unwrap_or_default();
        let name = uri.path().as_str().rsplit('/').next().unwrap_or("");
        let text = REFERENCED
            .iter()
            .find(|(file, _)| HOSTS.contains(&host.as_str()) && *file == name)
            .map(|(_, text)| *text)
            .ok_or_else(|| format!("{uri} is not among the embedded schemas"))?;
        Ok(serde_json::from_str(text)?)
    }
}

/// The property names a document uses: a validator compiled for them gives every
/// document using no others the same verdict and errors as the whole schema.
pub(super) type Keys = HashSet<String>;

/// A validator and the property names it was compiled for (`None`: the whole schema).
struct Compiled {
    keys: Option<Keys>,
    validator: Arc<Validator>,
}

/// The validators compiled so far, per standard. A standard's lock is held while one of
/// its validators compiles, so a document waits for the compilation under way (on the
/// warming thread) rather than doing it twice.
static VALIDATORS: [Mutex<Vec<Compiled>>; Standard::ALL.len()] =
    [const { Mutex::new(Vec::new()) }; Standard::ALL.len()];

/// A validator of a standard for a document using these property names (`None`: any
/// document): one compiled before for a superset of them, or one compiled now. `None` if
/// the embedded schema does not compile, which the tests rule out.
pub(super) fn validator<K: AsRef<str>, H>(
    standard: Standard,
    keys: Option<&HashSet<K, H>>,
) -> Option<Arc<Validator>> {
    let slot = Standard::ALL.iter().position(|s| *s == standard)?;
    let mut compiled = VALIDATORS[slot]
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let covers = |c: &Compiled| match (&c.keys, keys) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(have), Some(need)) => need.iter().all(|k| have.contains(k.as_ref())),
    };
    if let Some(found) = compiled.iter().find(|c| covers(c)) {
        return Some(Arc::clone(&found.validator));
    }
    let owned: Option<Keys> = keys.map(|k| k.iter().map(|k| k.as_ref().to_string()).collect());
    let validator = Arc::new(
        compile_for(standard, owned.as_ref())
            .or_else(|_| compile(standard))
            .ok()?,
    );
    compiled.push(Compiled {
        keys: owned,
        validator: Arc::clone(&validator),
    });
    Some(validator)
}

/// The object keys of a JSON text, found without parsing it: what [`validator`] needs to
/// compile a document's validator while the document is not yet read. Every key of the
/// document is among them (escaped keys are decoded), so the validator compiled for them
/// is the document's.
pub(super) fn keys_in_text(text: &str) -> Keys {
    let bytes = text.as_bytes();
    let mut keys = Keys::new();
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'"', &bytes[at..]).map(|n| at + n) {
        // The closing quote: the next one not escaped.
        let mut end = open + 1;
        let mut escaped = false;
        loop {
            match memchr::memchr2(b'"', b'\\', &bytes[end.min(bytes.len())..]) {
                Some(n) if bytes[end + n] == b'\\' => {
                    escaped = true;
                    end += n + 2;
                }
                Some(n) => {
                    end += n;
                    break;
                }
                None => return keys,
            }
        }
        let next = bytes[end + 1..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .copied();
        if next == Some(b':') {
            let raw = &text[open + 1..end];
            if escaped {
                if let Ok(key) = serde_json::from_str::<String>(&text[open..=end]) {
                    keys.insert(key);
                }
            } else if !keys.contains(raw) {
                keys.insert(raw.to_string());
            }
        }
        at = end + 1;
    }
    keys
}

/// The object keys of a document, at any depth. A large SBOM has millions of keys and a
/// few dozen distinct ones: a fast hash keeps this walk a small part of validating it.
pub(super) fn keys_in_value(value: &Value) -> rustc_hash::FxHashSet<&str> {
    let mut keys = rustc_hash::FxHashSet::default();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    keys.insert(key.as_str());
                    stack.push(value);
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    keys
}

/// Compiles a standard's schema for documents using only these property names: every
/// `properties` entry naming another is left out. Such an entry applies only to an
/// object that has the property, and `additionalProperties` is never asked about a
/// property no object has, so the validator's verdict and errors on those documents are
/// the whole schema's. CycloneDX's schema is large and a device's SBOM uses a small part
/// of it: compiling only that part halves the compilation, which is most of what
/// validating the example dossier costs.
fn compile_for(standard: Standard, keys: Option<&Keys>) -> Result<Validator, String> {
    let Some(keys) = keys else {
        return compile(standard);
    };
    let mut schema = schema(standard)?;
    // Properties a `$ref` points into (`#/properties/document/properties/tracking`) stay.
    let mut kept = keys.clone();
    pointed_properties(&schema, &mut kept);
    prune(&mut schema, &kept);
    build(&schema)
}

/// Property names that a `$ref` pointer passes through (`…/properties/NAME/…`).
fn pointed_properties(value: &Value, kept: &mut Keys) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "$ref"
                    && let Value::String(target) = value
                {
                    let mut segments = target.split('/');
                    while let Some(segment) = segments.next() {
                        if segment == "properties"
                            && let Some(name) = segments.next()
                        {
                            kept.insert(name.replace("~1", "/").replace("~0", "~"));
                        }
                    }
                } else {
                    pointed_properties(value, kept);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| pointed_properties(v, kept)),
        _ => {}
    }
}

/// Leaves out, in a schema and every subschema, the `properties` entries not in `kept`.
/// Only schema positions are visited: `enum`, `const`, `default` and `examples` are data.
fn prune(schema: &mut Value, kept: &Keys) {
    let Value::Object(map) = schema else {
        return;
    };
    for (keyword, value) in map.iter_mut() {
        match (keyword.as_str(), value) {
            ("properties", Value::Object(properties)) => {
                properties.retain(|name, _| kept.contains(name));
                properties.values_mut().for_each(|v| prune(v, kept));
            }
            (
                "patternProperties" | "definitions" | "$defs" | "dependentSchemas",
                Value::Object(schemas),
            ) => schemas.values_mut().for_each(|v| prune(v, kept)),
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(schemas)) => {
                schemas.iter_mut().for_each(|v| prune(v, kept))
            }
            (
                "items"
                | "additionalItems"
                | "additionalProperties"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contains"
                | "propertyNames"
                | "not"
                | "if"
                | "then"
                | "else",
                value,
            ) => prune(value, kept),
            _ => {}
        }
    }
}

/// Compiles a standard's schema, formats asserted (a timestamp must be a date-time).
pub(super) fn compile(standard: Standard) -> Result<Validator, String> {
    build(&schema(standard)?)
}

/// A standard's schema, as `dossier` reads it.
fn schema(standard: Standard) -> Result<Value, String> {
    let mut schema: Value = serde_json::from_str(text(standard)).map_err(|e| e.to_string())?;
    if standard == Standard::Spdx22 {
        // SPDX 2.2's text writes the category `PACKAGE-MANAGER`, its schema
        // `PACKAGE_MANAGER`; tools write either, and 2.3 settled on the text's. Both are read.
        let pointer = "/properties/packages/items/properties/externalRefs/items/properties/referenceCategory/enum";
        if let Some(Value::Array(categories)) = schema.pointer_mut(pointer) {
            categories.push(Value::String("PACKAGE-MANAGER".to_string()));
        }
    }
    if standard == Standard::Spdx30 {
        // The 3.0.1 schema, its context read as 3.0.0's (see vendor/schemas/README.md).
        if let Some(context) = schema.pointer_mut("/properties/@context/const") {
            *context = Value::String(super::SPDX_300_CONTEXT.to_string());
        }
    }
    Ok(schema)
}

/// Compiles a schema, formats asserted (a timestamp must be a date-time).
fn build(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Embedded)
        .build(schema)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_schema_compiles_offline() {
        for standard in Standard::ALL {
            if let Err(e) = compile(standard) {
                panic!("{}: {e}", standard.name());
            }
        }
    }

    #[test]
    fn keys_are_read_from_text_as_json_reads_them() {
        let text = r#"{"a": 1, "b\u0063": {"d" : "e:", "f\"g": ["h", {"i":null}]}, "x": "\\"}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let from_value: HashSet<String> = keys_in_value(&value)
            .into_iter()
            .map(str::to_string)
            .collect();
        assert_eq!(keys_in_text(text), from_value);
        // A text cut short (a prefix of a large file) is read without a panic.
        for end in 0..text.len() {
            let _ = keys_in_text(&text[..end]);
        }
    }

    /// Pruning is exact: on every SBOM and VEX document the project has (the example's and
    /// the SBOM-006/VEX-002 fixtures, valid and not), the validator compiled for the
    /// document's keys reports what the whole schema reports.
    #[test]
    fn validators_compiled_for_a_documents_keys_report_as_the_whole_schema() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "example-dossier/sbom",
            "tests/fixtures/rules/SBOM-006",
            "tests/fixtures/rules/VEX-002",
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let path = entry.unwrap().into_path();
                if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        let mut compared = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let Some(standard) = Standard::detect(&value) else {
                continue;
            };
            let errors = |validator: &Validator| -> Vec<String> {
                let mut errors: Vec<String> = validator
                    .iter_errors(&value)
                    .map(|e| format!("{} {}", e.instance_path(), e))
                    .collect();
                errors.sort();
                errors
            };
            let whole = compile(standard).unwrap();
            let pruned = compile_for(standard, Some(&keys_in_text(&text))).unwrap();
            assert_eq!(errors(&whole), errors(&pruned), "{}", path.display());
            compared += 1;
        }
        assert!(compared >= 8, "only {compared} documents compared");
    }

    /// A validator compiled for fewer keys than a document has (the warming thread reads
    /// the first 4 MiB of a large SBOM) would misjudge it, so it is not used for it; and a
    /// key written with an escape is a key: its value is still held to the schema.
    #[test]
    fn a_validator_is_used_only_for_documents_whose_keys_it_covers() {
        let standard = Standard::CycloneDx16;
        let header = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}"#;
        let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "seri\u0061lNumber": "not a urn"}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let errors = |validator: &Validator| -> Vec<String> {
            validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect()
        };
        let whole = errors(&compile(standard).unwrap());
        assert_eq!(whole.len(), 1, "{whole:?}");
        assert!(whole[0].contains("not a urn"), "{whole:?}");
        let narrow = compile_for(standard, Some(&keys_in_text(header))).unwrap();
        assert_ne!(
            errors(&narrow),
            whole,
            "the narrow validator misjudges the document"
        );
        // Cached for the header's keys first, then asked for the document's.
        let _ = validator(standard, Some(&keys_in_text(header))).unwrap();
        let keys = keys_in_text(text);
        assert!(keys.contains("serialNumber"));
        assert_eq!(errors(&validator(standard, Some(&keys)).unwrap()), whole);
    }
}

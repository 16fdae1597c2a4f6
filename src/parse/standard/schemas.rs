//! The standards' official JSON Schemas, embedded, and their validators, compiled once.
//!
//! The files are `vendor/schemas/` as published (see its README for sources and licences).
//! Every `$ref` a schema makes outside itself (CycloneDX's SPDX licence list, JSF and
//! cryptography definitions; CSAF's FIRST CVSS schemas) is served from the embedded copies
//! by [`Embedded`], so compiling a validator never reaches the network.

use std::sync::OnceLock;

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

/// The validator of each standard, compiled on first use (`None` if the embedded schema
/// does not compile, which the tests rule out).
static VALIDATORS: [OnceLock<Option<Validator>>; Standard::ALL.len()] =
    [const { OnceLock::new() }; Standard::ALL.len()];

/// The validator of a standard.
pub(super) fn validator(standard: Standard) -> Option<&'static Validator> {
    let slot = Standard::ALL.iter().position(|s| *s == standard)?;
    VALIDATORS[slot]
        .get_or_init(|| compile(standard).ok())
        .as_ref()
}

/// Compiles a standard's schema, formats asserted (a timestamp must be a date-time).
pub(super) fn compile(standard: Standard) -> Result<Validator, String> {
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
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Embedded)
        .build(&schema)
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
}

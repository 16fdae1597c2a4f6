//! SPDX 3.0 JSON-LD (compact form, as the SPDX 3 context writes it): the `@graph` of
//! elements, with packages, agents, relationships and creation information found by ID.
//!
//! Support data has standard places here: `supportLevel` and `validUntilTime` on a package.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{LoadedSbom, Locator};
use crate::model::{Component, Date, EndOfSupport, SbomFormat, Spanned, SupportLevel};

/// The element's type without a namespace prefix (`software_Package`, `Package`).
fn kind(element: &Value) -> &str {
    element
        .get("type")
        .or_else(|| element.get("@type"))
        .and_then(|t| t.as_str())
        .unwrap_or("")
}

fn id(element: &Value) -> Option<&str> {
    element
        .get("spdxId")
        .or_else(|| element.get("@id"))
        .and_then(|t| t.as_str())
}

fn text(element: &Value, key: &str) -> Option<String> {
    element
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// One string or a list of strings.
fn strings(element: &Value, key: &str) -> Vec<String> {
    match element.get(key) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// SPDX 3's support levels onto dossier's four. `limitedSupport` (only some fixes) counts as
/// no longer maintained, so that SBOM-EOS-003 asks for the risk and the plan.
fn support_level(level: &str) -> Option<SupportLevel> {
    Some(match level {
        "support" | "deployed" | "development" => SupportLevel::ActivelyMaintained,
        "limitedSupport" | "endOfSupport" => SupportLevel::NoLongerMaintained,
        "noSupport" => SupportLevel::Abandoned,
        "noAssertion" => SupportLevel::Unknown,
        _ => return None,
    })
}

/// Reads an SPDX 3.0 JSON-LD document into `loaded`.
pub(super) fn read(text_all: &str, value: &Value, loaded: &mut LoadedSbom) -> Result<(), String> {
    let context = match value.get("@context") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str())
            .find(|s| s.contains("spdx.org"))
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    };
    if !context.contains("spdx.org/rdf/3.0") {
        return Err(format!(
            "JSON-LD context `{context}` is not SPDX 3.0 (https://spdx.org/rdf/3.0.1/spdx-context.jsonld)"
        ));
    }
    let graph = value
        .get("@graph")
        .and_then(|g| g.as_array())
        .ok_or("the SPDX 3 document has no `@graph` of elements")?;
    let by_id: BTreeMap<&str, &Value> = graph.iter().filter_map(|e| Some((id(e)?, e))).collect();
    let name_of = |reference: &str| -> String {
        by_id
            .get(reference)
            .and_then(|e| text(e, "name"))
            .unwrap_or_else(|| reference.to_string())
    };

    // Creation information: a blank node in the graph, or inline on each element.
    let creation = graph
        .iter()
        .find(|e| kind(e) == "CreationInfo")
        .cloned()
        .or_else(|| {
            graph
                .iter()
                .find_map(|e| e.get("creationInfo").filter(|c| c.is_object()).cloned())
        })
        .ok_or("the SPDX 3 document has no CreationInfo")?;
    let version = text(&creation, "specVersion").unwrap_or_default();
    if !matches!(version.as_str(), "3.0.0" | "3.0.1") {
        return Err(format!(
            "SPDX specVersion `{version}` is not 3.0.0 or 3.0.1"
        ));
    }
    loaded.format = Some(SbomFormat::Spdx);
    loaded.spec_version = Some("3.0".to_string());
    loaded.timestamp = text(&creation, "created");
    loaded.authors = strings(&creation, "createdBy")
        .iter()
        .map(|a| name_of(a))
        .collect();

    // The primary component: the SBOM element's root, else the document's.
    let sbom = graph.iter().find(|e| kind(e).ends_with("Sbom"));
    let document = graph.iter().find(|e| kind(e) == "SpdxDocument");
    let is_package = |reference: &str| {
        by_id
            .get(reference)
            .is_some_and(|e| kind(e).ends_with("Package"))
    };
    loaded.root = sbom
        .into_iter()
        .chain(document)
        .flat_map(|e| strings(e, "rootElement"))
        .find(|r| is_package(r));

    let locator = Locator::new(text_all, &["spdxId", "@id"]);
    for element in graph.iter().filter(|e| kind(e).ends_with("Package")) {
        let Some(reference) = id(element) else {
            continue;
        };
        let span = locator.locate(reference);
        let at = |v: Option<String>| v.map(|s| Spanned::new(s, span));
        let identifier = |wanted: &str| {
            element
                .get("externalIdentifier")
                .and_then(|l| l.as_array())
                .into_iter()
                .flatten()
                .find(|x| text(x, "externalIdentifierType").as_deref() == Some(wanted))
                .and_then(|x| text(x, "identifier"))
        };
        let level = strings(element, "supportLevel")
            .iter()
            .filter_map(|l| support_level(l))
            .next();
        let end = text(element, "validUntilTime").and_then(|t| {
            Date::parse(t.get(..10).unwrap_or(&t))
                .ok()
                .map(EndOfSupport::Date)
        });
        loaded.components.push(Component {
            span,
            bom_ref: Spanned::new(reference.to_string(), span),
            name: at(text(element, "name")),
            supplier: at(text(element, "suppliedBy").map(|s| name_of(&s))),
            version: at(text(element, "software_packageVersion")
                .or_else(|| text(element, "packageVersion"))),
            origin: None,
            level_of_support: level.map(|l| Spanned::new(l, span)),
            end_of_support: end.map(|e| Spanned::new(e, span)),
            support_justification: None,
            purl: at(text(element, "software_packageUrl")
                .or_else(|| text(element, "packageUrl"))
                .or_else(|| identifier("packageUrl"))),
            cpe: at(identifier("cpe23").or_else(|| identifier("cpe22"))),
            swid: at(identifier("swid")),
            hashes: element
                .get("verifiedUsing")
                .and_then(|l| l.as_array())
                .into_iter()
                .flatten()
                .filter_map(|h| {
                    Some(format!(
                        "{}:{}",
                        text(h, "algorithm")?,
                        text(h, "hashValue")?
                    ))
                })
                .map(|h| Spanned::new(h, span))
                .collect(),
            dependencies: Vec::new(),
        });
    }
    for rel in graph.iter().filter(|e| kind(e) == "Relationship") {
        let Some(from) = text(rel, "from") else {
            continue;
        };
        let relation = text(rel, "relationshipType").unwrap_or_default();
        if !matches!(
            relation.as_str(),
            "dependsOn" | "contains" | "hasStaticLink" | "hasDynamicLink"
        ) {
            continue;
        }
        let entry = loaded.dependencies.entry(from.clone()).or_default();
        // `NoneElement` says there is nothing on the other end, as SPDX 2's `NONE`.
        entry.extend(strings(rel, "to").into_iter().filter(|to| {
            !to.ends_with("/Core/NoneElement") && !to.ends_with("/Core/NoAssertionElement")
        }));
        // `completeness` says whether the listed relationships are all there are.
        if matches!(
            text(rel, "completeness").as_deref(),
            Some("complete" | "incomplete" | "noAssertion")
        ) {
            loaded.declared_completeness.push(from);
        }
    }
    Ok(())
}

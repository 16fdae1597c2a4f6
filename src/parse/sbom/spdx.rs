//! SPDX 2.2 and 2.3 JSON: packages, relationships, `validUntilDate`.

use serde::Deserialize;

use super::{LoadedSbom, Locator, Positions};
use crate::model::{Component, Date, EndOfSupport, SbomFormat, Spanned};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Document {
    #[serde(rename = "spdxVersion")]
    spdx_version: String,
    #[serde(rename = "creationInfo")]
    creation_info: CreationInfo,
    #[serde(rename = "documentDescribes")]
    document_describes: Vec<String>,
    packages: Vec<Package>,
    relationships: Vec<Relationship>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CreationInfo {
    created: Option<String>,
    creators: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Package {
    #[serde(rename = "SPDXID")]
    id: String,
    name: Option<String>,
    #[serde(rename = "versionInfo")]
    version: Option<String>,
    supplier: Option<String>,
    #[serde(rename = "externalRefs")]
    external_refs: Vec<ExternalRef>,
    checksums: Vec<Checksum>,
    #[serde(rename = "validUntilDate")]
    valid_until: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExternalRef {
    #[serde(rename = "referenceType")]
    kind: String,
    #[serde(rename = "referenceLocator")]
    locator: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Checksum {
    algorithm: String,
    #[serde(rename = "checksumValue")]
    value: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Relationship {
    #[serde(rename = "spdxElementId")]
    from: String,
    #[serde(rename = "relationshipType")]
    kind: String,
    #[serde(rename = "relatedSpdxElement")]
    to: String,
}

/// Reads an SPDX 2.x document (JSON, or tag-value converted to JSON's shape) into `loaded`.
pub(super) fn read(
    positions: Positions<'_>,
    value: &serde_json::Value,
    loaded: &mut LoadedSbom,
) -> Result<(), String> {
    let doc =
        Document::deserialize(value).map_err(|e| format!("not a valid SPDX document: {e}"))?;
    let version = match doc.spdx_version.as_str() {
        "SPDX-2.3" => "2.3",
        "SPDX-2.2" => "2.2",
        other => return Err(format!("spdxVersion `{other}` is not SPDX-2.2 or SPDX-2.3")),
    };
    loaded.format = Some(SbomFormat::Spdx);
    loaded.spec_version = Some(version.to_string());
    loaded.timestamp = doc.creation_info.created.clone();
    loaded.authors = doc
        .creation_info
        .creators
        .iter()
        .filter_map(|c| {
            c.strip_prefix("Organization:")
                .or_else(|| c.strip_prefix("Person:"))
        })
        .map(|c| c.trim().to_string())
        .collect();
    let described: Vec<String> = doc
        .relationships
        .iter()
        .filter(|r| r.kind == "DESCRIBES" && r.from == "SPDXRef-DOCUMENT")
        .map(|r| r.to.clone())
        .chain(doc.document_describes.iter().cloned())
        .collect();
    // The primary component is the first described package: a document may also describe
    // files, which are not the device software.
    loaded.root = described
        .iter()
        .find(|id| doc.packages.iter().any(|p| &p.id == *id))
        .cloned();
    let locator = match positions {
        Positions::Json(text) => Some(Locator::new(text, &["SPDXID"])),
        Positions::Tags(_) => None,
    };
    // A package without an SPDXID (SBOM-006) cannot be referred to; it is not read as one
    // with an empty ID.
    for (i, p) in doc.packages.iter().enumerate() {
        if p.id.trim().is_empty() {
            continue;
        }
        let span = match (&locator, &positions) {
            (Some(locator), _) => locator.locate(&p.id),
            (None, Positions::Tags(converted)) => converted.span(&format!("/packages/{i}/SPDXID")),
            (None, Positions::Json(_)) => crate::model::Span::default(),
        };
        let at = |v: &Option<String>| {
            v.as_ref()
                .filter(|s| !s.trim().is_empty() && !matches!(s.trim(), "NOASSERTION" | "NONE"))
                .map(|s| Spanned::new(s.clone(), span))
        };
        let reference = |kind: &str| {
            p.external_refs
                .iter()
                .find(|r| r.kind == kind)
                .map(|r| Spanned::new(r.locator.clone(), span))
        };
        let supplier = p.supplier.as_ref().map(|s| {
            s.trim_start_matches("Organization:")
                .trim_start_matches("Person:")
                .trim()
                .to_string()
        });
        loaded.components.push(Component {
            span,
            bom_ref: Spanned::new(p.id.clone(), span),
            name: at(&p.name),
            supplier: at(&supplier),
            version: at(&p.version),
            origin: None,
            level_of_support: None,
            end_of_support: p.valid_until.as_ref().and_then(|d| {
                Date::parse(d.trim().get(..10).unwrap_or(d))
                    .ok()
                    .map(|d| Spanned::new(EndOfSupport::Date(d), span))
            }),
            support_justification: None,
            purl: reference("purl"),
            cpe: reference("cpe23Type").or_else(|| reference("cpe22Type")),
            swid: reference("swid"),
            hashes: p
                .checksums
                .iter()
                .map(|c| Spanned::new(format!("{}:{}", c.algorithm, c.value), span))
                .collect(),
            dependencies: Vec::new(),
        });
    }
    for r in &doc.relationships {
        let (from, to) = match r.kind.as_str() {
            "DEPENDS_ON" | "CONTAINS" | "STATIC_LINK" | "DYNAMIC_LINK" => {
                (r.from.clone(), r.to.clone())
            }
            "DEPENDENCY_OF" | "CONTAINED_BY" => (r.to.clone(), r.from.clone()),
            _ => continue,
        };
        let entry = loaded.dependencies.entry(from.clone()).or_default();
        if matches!(to.as_str(), "NOASSERTION" | "NONE") {
            // SPDX's way of stating known unknowns (NOASSERTION) or no dependencies (NONE).
            if to == "NOASSERTION" {
                loaded.declared_completeness.push(from);
            }
        } else {
            entry.push(to);
        }
    }
    Ok(())
}

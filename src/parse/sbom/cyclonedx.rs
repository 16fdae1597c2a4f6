//! CycloneDX JSON 1.4 to 1.7: components, dependencies, compositions, lifecycle properties.

use serde::Deserialize;

use super::{LoadedSbom, Locator};
use crate::model::{Component, Date, EndOfSupport, SbomFormat, Spanned, SupportLevel};

const VERSIONS: &[&str] = &["1.4", "1.5", "1.6", "1.7"];

#[derive(Deserialize, Default)]
#[serde(default)]
struct Bom {
    #[serde(rename = "specVersion")]
    spec_version: String,
    metadata: Metadata,
    components: Vec<CdxComponent>,
    dependencies: Vec<Dependency>,
    compositions: Vec<Composition>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Metadata {
    timestamp: Option<String>,
    authors: Vec<Contact>,
    component: Option<CdxComponent>,
    manufacturer: Option<Contact>,
    /// The organisation that made the component (CycloneDX 1.4-1.5; deprecated in 1.6 for
    /// `manufacturer`), the author when the BOM names no other.
    manufacture: Option<Contact>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Contact {
    name: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CdxComponent {
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    supplier: Option<Contact>,
    publisher: Option<String>,
    name: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    swid: Option<Swid>,
    hashes: Vec<Hash>,
    properties: Vec<Property>,
    components: Vec<CdxComponent>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Swid {
    #[serde(rename = "tagId")]
    tag_id: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Hash {
    alg: String,
    content: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Property {
    name: String,
    value: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Dependency {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(rename = "dependsOn")]
    depends_on: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Composition {
    aggregate: String,
    assemblies: Vec<String>,
    dependencies: Vec<String>,
}

/// Reads a CycloneDX JSON document into `loaded`.
pub(super) fn read(
    text: &str,
    value: &serde_json::Value,
    loaded: &mut LoadedSbom,
) -> Result<(), String> {
    let bom =
        Bom::deserialize(value).map_err(|e| format!("not a valid CycloneDX document: {e}"))?;
    if !VERSIONS.contains(&bom.spec_version.as_str()) {
        return Err(format!(
            "CycloneDX specVersion `{}` is not one of {}",
            bom.spec_version,
            VERSIONS.join(", ")
        ));
    }
    loaded.format = Some(SbomFormat::Cyclonedx);
    loaded.spec_version = Some(bom.spec_version.clone());
    loaded.timestamp = bom.metadata.timestamp.clone();
    loaded.authors = bom
        .metadata
        .authors
        .iter()
        .filter_map(|a| a.name.clone())
        .collect();
    if loaded.authors.is_empty()
        && let Some(name) = bom
            .metadata
            .manufacturer
            .as_ref()
            .or(bom.metadata.manufacture.as_ref())
            .and_then(|m| m.name.clone())
    {
        loaded.authors.push(name);
    }
    let locator = Locator::new(text, &["bom-ref"]);
    let mut flat = Vec::new();
    if let Some(root) = &bom.metadata.component {
        loaded.root = root.bom_ref.clone().or_else(|| root.name.clone());
        flatten(root, &mut flat, false);
    }
    for c in &bom.components {
        flatten(c, &mut flat, true);
    }
    for c in flat {
        loaded.components.push(convert(&locator, &c));
    }
    for d in bom.dependencies {
        loaded.dependencies.insert(d.reference, d.depends_on);
    }
    for c in bom.compositions {
        if matches!(
            c.aggregate.as_str(),
            "complete"
                | "incomplete"
                | "unknown"
                | "incomplete_first_party_only"
                | "incomplete_first_party_proprietary_only"
                | "incomplete_first_party_opensource_only"
                | "incomplete_third_party_only"
                | "incomplete_third_party_proprietary_only"
                | "incomplete_third_party_opensource_only"
                | "not_specified"
        ) {
            loaded.declared_completeness.extend(c.assemblies);
            loaded.declared_completeness.extend(c.dependencies);
        }
    }
    Ok(())
}

/// Components nest; the list is flat.
fn flatten(c: &CdxComponent, out: &mut Vec<CdxComponent>, include_self: bool) {
    if include_self || out.is_empty() {
        out.push(c.clone());
    }
    for child in &c.components {
        flatten(child, out, true);
    }
}

fn convert(locator: &Locator<'_>, c: &CdxComponent) -> Component {
    let reference = c
        .bom_ref
        .clone()
        .or_else(|| c.purl.clone())
        .or_else(|| c.name.clone())
        .unwrap_or_default();
    let span = locator.locate(&reference);
    let at = |v: &Option<String>| {
        v.as_ref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| Spanned::new(s.clone(), span))
    };
    let property = |name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let end_of_support = property("cdx:lifecycle:milestone:endOfSupport").map(|v| {
        let value = if v.trim().eq_ignore_ascii_case("unknown") {
            EndOfSupport::Unknown
        } else {
            Date::parse(v.trim().get(..10).unwrap_or(v.trim()))
                .map(EndOfSupport::Date)
                .unwrap_or(EndOfSupport::Unknown)
        };
        Spanned::new(value, span)
    });
    // CycloneDX has no standard support-level field; `dossier:supportLevel` carries one of
    // dossier's support levels, so generators can write it next to the lifecycle milestone.
    let level_of_support = property("dossier:supportLevel").and_then(|v| {
        SupportLevel::ALL
            .iter()
            .find(|l| l.as_str() == v.trim())
            .map(|l| Spanned::new(*l, span))
    });
    Component {
        span,
        bom_ref: Spanned::new(reference, span),
        name: at(&c.name),
        supplier: at(&c
            .supplier
            .as_ref()
            .and_then(|s| s.name.clone())
            .or_else(|| c.publisher.clone())),
        version: at(&c.version),
        origin: None,
        level_of_support,
        end_of_support,
        support_justification: None,
        purl: at(&c.purl),
        cpe: at(&c.cpe),
        swid: at(&c.swid.as_ref().and_then(|s| s.tag_id.clone())),
        hashes: c
            .hashes
            .iter()
            .map(|h| Spanned::new(format!("{}:{}", h.alg, h.content), span))
            .collect(),
        dependencies: Vec::new(),
    }
}

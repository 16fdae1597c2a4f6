//! CycloneDX `vulnerabilities` (1.4 to 1.7): a VEX or VDR BOM of its own, or the section
//! inside an SBOM. `affects[].ref` names a component by bom-ref or BOM-link.

use std::collections::BTreeMap;

use super::{
    Justification, VexDocument, VexError, VexFormat, VexStatement, VexStatus, find_quoted, string,
};
use crate::diag::LineIndex;

const VERSIONS: &[&str] = &["1.4", "1.5", "1.6", "1.7"];

/// CycloneDX analysis states to the common model.
fn status(state: &str) -> Option<VexStatus> {
    Some(match state {
        "not_affected" | "false_positive" => VexStatus::NotAffected,
        "exploitable" => VexStatus::Affected,
        "resolved" | "resolved_with_pedigree" => VexStatus::Fixed,
        "in_triage" => VexStatus::UnderInvestigation,
        _ => return None,
    })
}

/// CycloneDX's nine justifications onto CISA's five (the CycloneDX guide's own mapping).
fn justification(text: &str) -> Option<Justification> {
    Some(match text {
        "code_not_present" => Justification::VulnerableCodeNotPresent,
        "code_not_reachable" => Justification::VulnerableCodeNotInExecutePath,
        "requires_configuration" | "requires_environment" => {
            Justification::VulnerableCodeCannotBeControlledByAdversary
        }
        "requires_dependency" => Justification::ComponentNotPresent,
        "protected_by_compiler"
        | "protected_at_runtime"
        | "protected_at_perimeter"
        | "protected_by_mitigating_control" => Justification::InlineMitigationsAlreadyExist,
        _ => return None,
    })
}

/// A standalone CycloneDX VEX or VDR document.
pub(super) fn read(text: &str, value: &serde_json::Value) -> Result<VexDocument, VexError> {
    let version = string(value, "specVersion").unwrap_or_default();
    if !VERSIONS.contains(&version.as_str()) {
        return Err(VexError::whole(format!(
            "CycloneDX specVersion `{version}` is not one of {}",
            VERSIONS.join(", ")
        )));
    }
    if value
        .get("vulnerabilities")
        .and_then(|v| v.as_array())
        .is_none()
    {
        return Err(VexError::whole(
            "the CycloneDX document has no `vulnerabilities`, so it states nothing as VEX",
        ));
    }
    Ok(read_embedded(text, value, &version))
}

/// The `vulnerabilities` of a CycloneDX document whose version is already known.
pub(crate) fn read_embedded(text: &str, value: &serde_json::Value, version: &str) -> VexDocument {
    let mut doc = VexDocument {
        format: Some(VexFormat::Cyclonedx),
        spec_version: Some(version.to_string()),
        ..VexDocument::default()
    };
    // bom-ref to purl, so a statement names its component as the other formats do.
    let mut refs: BTreeMap<String, String> = BTreeMap::new();
    fn collect(list: Option<&serde_json::Value>, refs: &mut BTreeMap<String, String>) {
        for c in list.and_then(|l| l.as_array()).into_iter().flatten() {
            if let Some(r) = string(c, "bom-ref") {
                refs.insert(r.clone(), string(c, "purl").unwrap_or(r));
            }
            collect(c.get("components"), refs);
        }
    }
    let root = value.get("metadata").and_then(|m| m.get("component"));
    if let Some(root) = root {
        collect(
            Some(&serde_json::Value::Array(vec![root.clone()])),
            &mut refs,
        );
    }
    collect(value.get("components"), &mut refs);
    let product = root.and_then(|r| string(r, "purl").or_else(|| string(r, "bom-ref")));

    let index = LineIndex::new(text);
    let mut cursor = 0;
    let vulns = value.get("vulnerabilities").and_then(|v| v.as_array());
    for (n, vuln) in vulns.into_iter().flatten().enumerate() {
        let id = string(vuln, "id").unwrap_or_default();
        let (span, next) = find_quoted(text, &index, &id, cursor);
        cursor = next;
        if id.is_empty() {
            doc.invalid
                .push((format!("vulnerability {n} has no `id`"), span));
            continue;
        }
        let aliases: Vec<String> = vuln
            .get("references")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
            .filter_map(|r| string(r, "id"))
            .collect();
        let analysis = vuln.get("analysis").cloned().unwrap_or_default();
        let state = string(&analysis, "state");
        let detail = string(&analysis, "detail");
        let responses: Vec<String> = analysis
            .get("response")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_string))
            .collect();
        let analysed = match state.as_deref() {
            None => None,
            Some(s) => match status(s) {
                Some(st) => Some(st),
                None => {
                    doc.invalid.push((
                        format!("{id}: analysis state `{s}` is not a CycloneDX state"),
                        span,
                    ));
                    continue;
                }
            },
        };
        let justified = match string(&analysis, "justification") {
            None => None,
            Some(j) => match justification(&j) {
                Some(j) => Some(j),
                None => {
                    doc.invalid.push((
                        format!("{id}: justification `{j}` is not a CycloneDX justification"),
                        span,
                    ));
                    continue;
                }
            },
        };
        // The analysis detail reads as the impact statement when not affected, as the
        // action otherwise (CycloneDX has one free-text field for both).
        let (impact, action) = match analysed {
            Some(VexStatus::NotAffected) => (
                detail.clone().or_else(|| {
                    (state.as_deref() == Some("false_positive"))
                        .then(|| "false positive".to_string())
                }),
                None,
            ),
            _ => (
                None,
                detail
                    .clone()
                    .or_else(|| (!responses.is_empty()).then(|| responses.join(", "))),
            ),
        };
        let affects = vuln
            .get("affects")
            .and_then(|a| a.as_array())
            .cloned()
            .unwrap_or_default();
        if affects.is_empty() {
            doc.invalid.push((
                format!("{id} has no `affects`: it names no component"),
                span,
            ));
            continue;
        }
        for affect in &affects {
            let raw = string(affect, "ref").unwrap_or_default();
            // A BOM-link (`urn:cdx:serial/version#bom-ref`) names a component of another BOM.
            let bom_ref = raw
                .rsplit_once('#')
                .map(|(_, r)| r.to_string())
                .unwrap_or(raw);
            let component = refs.get(&bom_ref).cloned().unwrap_or(bom_ref);
            // Without an analysis, the version statuses of `affects` carry the status.
            let from_versions = affect
                .get("versions")
                .and_then(|v| v.as_array())
                .and_then(|v| v.first())
                .and_then(|v| string(v, "status"))
                .and_then(|s| match s.as_str() {
                    "affected" => Some(VexStatus::Affected),
                    "unaffected" => Some(VexStatus::NotAffected),
                    "unknown" => Some(VexStatus::UnderInvestigation),
                    _ => None,
                });
            let Some(status) = analysed.or(from_versions) else {
                doc.invalid.push((
                    format!("{id}: no `analysis.state` and no version status"),
                    span,
                ));
                continue;
            };
            let is_root = product.as_deref() == Some(component.as_str());
            doc.push(
                VexStatement {
                    vulnerability: id.clone(),
                    aliases: aliases.clone(),
                    component,
                    product: if is_root { None } else { product.clone() },
                    status,
                    justification: justified,
                    detail: impact.clone(),
                    action: action.clone(),
                },
                span,
            );
        }
    }
    doc
}

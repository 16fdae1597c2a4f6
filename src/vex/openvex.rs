//! OpenVEX 0.2 (https://github.com/openvex/spec): statements with products and
//! subcomponents identified by purl.

use super::{
    Justification, VexDocument, VexError, VexFormat, VexStatement, VexStatus, find_quoted, string,
};
use crate::diag::LineIndex;

/// The `@context` values read: the 0.2 namespace, and the unversioned one that means it.
const CONTEXTS: &[&str] = &["https://openvex.dev/ns/v0.2.0", "https://openvex.dev/ns"];

/// A product or subcomponent: `@id`, else a purl among its identifiers.
fn identify(value: &serde_json::Value) -> Option<String> {
    string(value, "@id").or_else(|| {
        value
            .get("identifiers")
            .and_then(|ids| string(ids, "purl").or_else(|| string(ids, "cpe23")))
    })
}

pub(super) fn read(text: &str, value: &serde_json::Value) -> Result<VexDocument, VexError> {
    let context = string(value, "@context").unwrap_or_default();
    if !CONTEXTS.contains(&context.trim_end_matches('/')) {
        return Err(VexError::whole(format!(
            "OpenVEX `@context` `{context}` is not a version dossier reads; it reads {}",
            CONTEXTS[0]
        )));
    }
    let statements = value
        .get("statements")
        .and_then(|s| s.as_array())
        .ok_or_else(|| VexError::whole("the OpenVEX document has no `statements` list"))?;
    let index = LineIndex::new(text);
    let mut doc = VexDocument {
        format: Some(VexFormat::Openvex),
        spec_version: Some("0.2.0".to_string()),
        ..VexDocument::default()
    };
    let mut cursor = 0;
    for (n, statement) in statements.iter().enumerate() {
        // The vulnerability is an object in 0.2 (`name`, `aliases`); early drafts wrote a string.
        let vulnerability = statement.get("vulnerability");
        let (id, aliases) = match vulnerability {
            Some(serde_json::Value::String(s)) => (s.trim().to_string(), Vec::new()),
            Some(v) => (
                string(v, "name")
                    .or_else(|| string(v, "@id"))
                    .unwrap_or_default(),
                v.get("aliases")
                    .and_then(|a| a.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            None => (String::new(), Vec::new()),
        };
        let (span, next) = find_quoted(text, &index, &id, cursor);
        cursor = next;
        if id.is_empty() {
            doc.invalid.push((
                format!("statement {n} names no vulnerability (`vulnerability.name`)"),
                span,
            ));
            continue;
        }
        let status_text = statement
            .get("status")
            .and_then(|s| s.as_str())
            .unwrap_or("");
        let Some(status) = VexStatus::from_openvex(status_text) else {
            doc.invalid.push((
                format!(
                    "{id}: status `{}` is not one of not_affected, affected, fixed, under_investigation",
                    statement.get("status").map(|s| s.to_string()).unwrap_or_default()
                ),
                span,
            ));
            continue;
        };
        let justification = match string(statement, "justification") {
            None => None,
            Some(j) => match Justification::parse(&j) {
                Some(j) => Some(j),
                None => {
                    doc.invalid.push((
                        format!("{id}: justification `{j}` is not one of OpenVEX's five"),
                        span,
                    ));
                    continue;
                }
            },
        };
        let products = statement
            .get("products")
            .and_then(|p| p.as_array())
            .cloned()
            .unwrap_or_default();
        let base = VexStatement {
            vulnerability: id.clone(),
            aliases: aliases.clone(),
            component: String::new(),
            product: None,
            status,
            justification,
            detail: string(statement, "impact_statement"),
            action: string(statement, "action_statement"),
        };
        if products.is_empty() {
            doc.push(base, span);
            continue;
        }
        for product in &products {
            let product_id = identify(product).unwrap_or_default();
            let subcomponents = product
                .get("subcomponents")
                .and_then(|s| s.as_array())
                .cloned()
                .unwrap_or_default();
            if subcomponents.is_empty() {
                doc.push(
                    VexStatement {
                        component: product_id.clone(),
                        ..base.clone()
                    },
                    span,
                );
            }
            for sub in &subcomponents {
                doc.push(
                    VexStatement {
                        component: identify(sub).unwrap_or_default(),
                        product: Some(product_id.clone()).filter(|p| !p.is_empty()),
                        ..base.clone()
                    },
                    span,
                );
            }
        }
    }
    Ok(doc)
}

//! CSAF 2.0 (OASIS), VEX profile: a product tree (branches, full product names and
//! `default_component_of` relationships) and per vulnerability the product status lists,
//! justification flags, impact threats and remediations.

use std::collections::BTreeMap;

use super::{
    Justification, VexDocument, VexError, VexFormat, VexStatement, VexStatus, find_quoted, string,
};
use crate::diag::LineIndex;

/// What a product ID stands for: the component, and the product it is part of.
#[derive(Debug, Clone, Default)]
struct Resolved {
    component: String,
    product: Option<String>,
}

/// A full product name's identity: its purl (or CPE), else its name.
fn identify(full_name: &serde_json::Value) -> String {
    full_name
        .get("product_identification_helper")
        .and_then(|h| string(h, "purl").or_else(|| string(h, "cpe")))
        .or_else(|| string(full_name, "name"))
        .unwrap_or_default()
}

/// Collects the products of nested branches.
fn walk_branches(branches: &serde_json::Value, out: &mut BTreeMap<String, Resolved>) {
    for branch in branches.as_array().into_iter().flatten() {
        if let Some(product) = branch.get("product")
            && let Some(id) = string(product, "product_id")
        {
            out.insert(
                id,
                Resolved {
                    component: identify(product),
                    product: None,
                },
            );
        }
        if let Some(children) = branch.get("branches") {
            walk_branches(children, out);
        }
    }
}

/// The product IDs listed under `key` of an object.
fn ids<'a>(value: &'a serde_json::Value, key: &str) -> impl Iterator<Item = &'a str> {
    value
        .get(key)
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
}

/// The product groups of a product tree: group ID to its product IDs.
fn product_groups(tree: &serde_json::Value) -> BTreeMap<String, Vec<String>> {
    tree.get("product_groups")
        .and_then(|g| g.as_array())
        .into_iter()
        .flatten()
        .filter_map(|group| {
            let id = string(group, "group_id")?;
            Some((id, ids(group, "product_ids").map(str::to_string).collect()))
        })
        .collect()
}

/// For each product ID, the text (`field`) of the entries of `list` (flags, threats,
/// remediations) that name it, directly (`product_ids`) or through a product group
/// (`group_ids`), and pass `keep`.
fn per_product(
    vuln: &serde_json::Value,
    list: &str,
    field: &str,
    groups: &BTreeMap<String, Vec<String>>,
    keep: impl Fn(&serde_json::Value) -> bool,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in vuln
        .get(list)
        .and_then(|l| l.as_array())
        .into_iter()
        .flatten()
    {
        if !keep(entry) {
            continue;
        }
        let text = string(entry, field).unwrap_or_default();
        let grouped = ids(entry, "group_ids")
            .flat_map(|gid| groups.get(gid).into_iter().flatten().map(String::as_str));
        for pid in ids(entry, "product_ids").chain(grouped) {
            out.insert(pid.to_string(), text.clone());
        }
    }
    out
}

pub(super) fn read(text: &str, value: &serde_json::Value) -> Result<VexDocument, VexError> {
    let document = value.get("document").cloned().unwrap_or_default();
    let version = string(&document, "csaf_version").unwrap_or_default();
    if version != "2.0" {
        return Err(VexError::whole(format!(
            "CSAF version `{version}` is not read; dossier reads CSAF 2.0"
        )));
    }
    // Any profile may state product status (a vendor's own category is the base profile);
    // the VEX profile's tests (CSAF 2.0 §6.1.27) are VEX-002's.
    let category = string(&document, "category").unwrap_or_default();
    let vex_profile = category == "csaf_vex";

    let tree = value.get("product_tree").cloned().unwrap_or_default();
    let groups = product_groups(&tree);
    let mut products = BTreeMap::new();
    if let Some(branches) = tree.get("branches") {
        walk_branches(branches, &mut products);
    }
    for full in tree
        .get("full_product_names")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(id) = string(full, "product_id") {
            products.insert(
                id,
                Resolved {
                    component: identify(full),
                    product: None,
                },
            );
        }
    }
    // A relationship names a component inside a product under a product ID of its own.
    let mut combined = Vec::new();
    for rel in tree
        .get("relationships")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        let Some(id) = rel
            .get("full_product_name")
            .and_then(|f| string(f, "product_id"))
        else {
            continue;
        };
        let part = string(rel, "product_reference").unwrap_or_default();
        let whole = string(rel, "relates_to_product_reference").unwrap_or_default();
        let category = string(rel, "category").unwrap_or_default();
        combined.push((id, part, whole, category));
    }
    for (id, part, whole, category) in combined {
        let component = products
            .get(&part)
            .map(|r| r.component.clone())
            .unwrap_or(part);
        let product = products
            .get(&whole)
            .map(|r| r.component.clone())
            .unwrap_or(whole);
        let resolved = if matches!(
            category.as_str(),
            "default_component_of" | "installed_on" | "bundled_with"
        ) {
            Resolved {
                component,
                product: Some(product),
            }
        } else {
            Resolved {
                component: product,
                product: None,
            }
        };
        products.insert(id, resolved);
    }

    let index = LineIndex::new(text);
    let mut doc = VexDocument {
        format: Some(VexFormat::Csaf),
        spec_version: Some(version),
        ..VexDocument::default()
    };
    let mut cursor = 0;
    for (n, vuln) in value
        .get("vulnerabilities")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .enumerate()
    {
        let other: Vec<String> = vuln
            .get("ids")
            .and_then(|i| i.as_array())
            .into_iter()
            .flatten()
            .filter_map(|i| string(i, "text"))
            .collect();
        let (id, aliases) = match string(vuln, "cve") {
            Some(cve) => (cve, other),
            None => match other.split_first() {
                Some((first, rest)) => (first.clone(), rest.to_vec()),
                None => (String::new(), Vec::new()),
            },
        };
        let (span, next) = find_quoted(text, &index, &id, cursor);
        cursor = next;
        if id.is_empty() {
            doc.invalid
                .push((format!("vulnerability {n} has no `cve` and no `ids`"), span));
            continue;
        }
        // Per product: a justification flag, an impact statement, a remediation.
        let flags = per_product(vuln, "flags", "label", &groups, |_| true);
        let impacts = per_product(vuln, "threats", "details", &groups, |t| {
            string(t, "category").as_deref() == Some("impact")
        });
        let actions = per_product(vuln, "remediations", "details", &groups, |_| true);
        // No product status: nothing stated (in the VEX and security advisory profiles a
        // violation, §6.1.27.6-7, which VEX-002 reports).
        let Some(status_lists) = vuln.get("product_status") else {
            continue;
        };
        const LISTS: &[(&str, VexStatus)] = &[
            ("known_not_affected", VexStatus::NotAffected),
            ("known_affected", VexStatus::Affected),
            ("first_affected", VexStatus::Affected),
            ("last_affected", VexStatus::Affected),
            ("fixed", VexStatus::Fixed),
            ("first_fixed", VexStatus::Fixed),
            ("under_investigation", VexStatus::UnderInvestigation),
        ];
        for (list, status) in LISTS {
            for pid in ids(status_lists, list) {
                // A product ID the tree does not define is VEX-002's (CSAF 2.0 §6.1.1).
                let Some(resolved) = products.get(pid) else {
                    continue;
                };
                // In the VEX profile, a product not affected without an impact statement
                // is VEX-002's too (§6.1.27.9); the statement says nothing usable.
                if vex_profile
                    && *status == VexStatus::NotAffected
                    && !flags.contains_key(pid)
                    && !impacts.contains_key(pid)
                {
                    continue;
                }
                let justification = match flags.get(pid) {
                    None => None,
                    Some(label) => match Justification::parse(label) {
                        Some(j) => Some(j),
                        None => {
                            doc.invalid.push((
                                format!("{id}: flag label `{label}` is not one of CSAF's five justifications"),
                                span,
                            ));
                            continue;
                        }
                    },
                };
                doc.push(
                    VexStatement {
                        vulnerability: id.clone(),
                        aliases: aliases.clone(),
                        component: resolved.component.clone(),
                        product: resolved.product.clone(),
                        status: *status,
                        justification,
                        detail: impacts.get(pid).cloned(),
                        action: actions.get(pid).cloned(),
                    },
                    span,
                );
            }
        }
    }
    if doc.statements.is_empty() && doc.invalid.is_empty() && !vex_profile {
        return Err(VexError::whole(format!(
            "the CSAF document (category `{category}`) states no product status for any vulnerability, so it says nothing a VEX document does; list the products under `product_status` or use the VEX profile (`csaf_vex`)"
        )));
    }
    Ok(doc)
}

//! What the standards require that their schemas cannot say: references unique and
//! resolving, hash values as long as their algorithm makes them, purls and CPEs that parse,
//! timestamps that are times, an SPDX document that describes a package.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use serde_json::Value;

use super::{Found, Standard, path, shown};

/// Runs the checks of a standard on a document.
pub(super) fn check(value: &Value, standard: Standard, found: &mut Vec<Found>) {
    match standard {
        Standard::CycloneDx14
        | Standard::CycloneDx15
        | Standard::CycloneDx16
        | Standard::CycloneDx17 => cyclonedx(value, found),
        Standard::Spdx22 | Standard::Spdx23 => spdx2(value, found),
        Standard::Spdx30 | Standard::Spdx301 => spdx3(value, found),
        Standard::Csaf20 => csaf(value, found),
        Standard::OpenVex020 => {}
    }
}

/// Appends a reference token to a JSON Pointer, escaped (`~` is `~0`, `/` is `~1`).
fn push_token(pointer: &mut String, key: &str) {
    pointer.push('/');
    if key.contains(['~', '/']) {
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(key);
    }
}

/// Calls `visit` on every object of a document with its pointer (one pointer buffer for
/// the whole walk: a 50 MB SBOM has millions of members).
fn objects<'v>(
    value: &'v Value,
    pointer: &mut String,
    visit: &mut dyn FnMut(&str, &'v serde_json::Map<String, Value>),
) {
    match value {
        Value::Object(map) => {
            visit(pointer, map);
            for (key, child) in map {
                if !matches!(child, Value::Object(_) | Value::Array(_)) {
                    continue;
                }
                let len = pointer.len();
                push_token(pointer, key);
                objects(child, pointer, visit);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if !matches!(child, Value::Object(_) | Value::Array(_)) {
                    continue;
                }
                let len = pointer.len();
                use std::fmt::Write;
                let _ = write!(pointer, "/{i}");
                objects(child, pointer, visit);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The expected hexadecimal length of a hash algorithm's values (`None`: any length, or an
/// algorithm not known here).
fn hash_length(algorithm: &str) -> Option<usize> {
    let normal: String = algorithm
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    Some(match normal.as_str() {
        "MD2" | "MD4" | "MD5" => 32,
        "SHA1" => 40,
        "SHA224" | "SHA3224" => 56,
        "SHA256" | "SHA3256" | "BLAKE2B256" => 64,
        "SHA384" | "SHA3384" | "BLAKE2B384" => 96,
        "SHA512" | "SHA3512" | "BLAKE2B512" => 128,
        "ADLER32" => 8,
        _ => return None,
    })
}

/// What is wrong with a hash value for its algorithm, if anything.
pub fn check_hash(algorithm: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if let Some(bad) = value.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Some(format!(
            "the {algorithm} value `{}` is not hexadecimal (it has `{}`)",
            shown(value, 40),
            crate::diag::printable(&bad.to_string())
        ));
    }
    let wanted = hash_length(algorithm)?;
    (value.len() != wanted).then(|| {
        format!(
            "the {algorithm} value has {} hexadecimal digits; {algorithm} values have {wanted}",
            value.len()
        )
    })
}

/// Whether a CPE component of a formatted string (CPE 2.3, NISTIR 7695 §6.2) is well
/// formed: `*`, `-`, or letters, digits and `._-`, other punctuation escaped with `\`, and
/// the wildcards `*`/`?` only at its ends.
fn cpe23_component(component: &str) -> bool {
    if component == "*" || component == "-" {
        return true;
    }
    let bytes = component.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let wildcard = |b: &u8| *b == b'?' || *b == b'*';
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                if !bytes.get(i + 1).is_some_and(|n| n.is_ascii_graphic()) {
                    return false;
                }
                i += 2;
                continue;
            }
            b'*' | b'?' => {
                let leading = bytes[..i].iter().all(wildcard);
                let trailing = bytes[i..].iter().all(wildcard);
                if !leading && !trailing {
                    return false;
                }
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// What is wrong with a CPE name, if anything: a CPE 2.3 formatted string
/// (`cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*`), or, where `uri_allowed`, a CPE 2.2
/// URI (`cpe:/a:vendor:product:version`).
pub fn check_cpe(cpe: &str, uri_allowed: bool) -> Option<String> {
    let shown = shown(cpe, 80);
    if let Some(rest) = cpe.strip_prefix("cpe:2.3:") {
        // Split on colons that are not escaped.
        let mut parts = Vec::new();
        let mut current = String::new();
        let mut escaped = false;
        for c in rest.chars() {
            if escaped {
                current.push(c);
                escaped = false;
            } else if c == '\\' {
                current.push(c);
                escaped = true;
            } else if c == ':' {
                parts.push(std::mem::take(&mut current));
            } else {
                current.push(c);
            }
        }
        parts.push(current);
        if parts.len() != 11 {
            return Some(format!(
                "the CPE `{shown}` has {} components after `cpe:2.3:`; a CPE 2.3 name has 11 (part, vendor, product, version, update, edition, language, sw_edition, target_sw, target_hw, other)",
                parts.len()
            ));
        }
        if !matches!(parts[0].as_str(), "a" | "o" | "h" | "*" | "-") {
            return Some(format!(
                "the CPE `{shown}` has part `{}`; it must be `a` (application), `o` (operating system) or `h` (hardware)",
                crate::diag::printable(&parts[0])
            ));
        }
        if let Some(bad) = parts.iter().find(|p| !cpe23_component(p)) {
            return Some(format!(
                "the CPE `{shown}` has the component `{}`, which is not well formed (letters, digits, `._-`, other characters escaped with `\\`, `*` for any)",
                crate::diag::printable(bad)
            ));
        }
        return None;
    }
    if uri_allowed && let Some(rest) = cpe.strip_prefix("cpe:/") {
        let parts: Vec<&str> = rest.split(':').collect();
        let part_ok = matches!(parts[0], "a" | "o" | "h");
        let chars_ok = rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-~%:".contains(c));
        if part_ok && chars_ok && parts.len() <= 7 {
            return None;
        }
        return Some(format!(
            "the CPE `{shown}` is not a well-formed CPE 2.2 URI"
        ));
    }
    Some(format!(
        "`{shown}` is not a CPE 2.3 name (`cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*`)"
    ))
}

/// What is wrong with a purl, if anything.
fn check_purl(purl: &str) -> Option<String> {
    packageurl::PackageUrl::from_str(purl).err().map(|e| {
        format!(
            "`{}` is not a valid purl ({e}); a purl reads `pkg:type/namespace/name@version`",
            shown(purl, 80)
        )
    })
}

/// Records a violation, its message led by where it is (`components[0].purl: ...`).
fn push(found: &mut Vec<Found>, pointer: String, message: String, value: &str) {
    found.push(Found {
        message: format!("{}: {message}", path(&pointer)),
        pointer,
        value: Some(value.to_string()),
    });
}

/// Whether the object at a pointer is a component, service or vulnerability, whose
/// `bom-ref`s dependencies and `affects` resolve against. The standard wants every bom-ref
/// unique, but its own examples reuse them in formulation workflows, where no reference
/// is resolved; a duplicate matters where it makes a reference ambiguous.
fn identifies(at: &str) -> bool {
    let mut segments = at.rsplit('/');
    let (Some(last), Some(parent)) = (segments.next(), segments.next()) else {
        return false;
    };
    (last.parse::<usize>().is_ok()
        && matches!(parent, "components" | "services" | "vulnerabilities"))
        || at == "/metadata/component"
}

/// CycloneDX: every `bom-ref` unique; dependencies and vulnerability `affects` resolve;
/// hashes, purls and CPEs well formed.
fn cyclonedx(value: &Value, found: &mut Vec<Found>) {
    let mut refs: HashSet<&str> = HashSet::new();
    let mut identities: HashMap<&str, String> = HashMap::new();
    let mut pointer = String::new();
    objects(value, &mut pointer, &mut |at, map| {
        if let Some(Value::String(r)) = map.get("bom-ref") {
            refs.insert(r.as_str());
            if identifies(at) {
                let here = format!("{at}/bom-ref");
                if let Some(first) = identities.get(r.as_str()) {
                    push(
                        found,
                        here,
                        format!(
                            "`{}` is also the bom-ref of {}; every bom-ref must be unique within the BOM",
                            crate::diag::printable(r),
                            path(first)
                        ),
                        r,
                    );
                } else {
                    identities.insert(r.as_str(), at.to_string());
                }
            }
        }
        let in_component = at.contains("/components/") || at.ends_with("/component");
        if let Some(Value::Array(hashes)) = map.get("hashes") {
            for (i, h) in hashes.iter().enumerate() {
                if let (Some(alg), Some(content)) = (
                    h.get("alg").and_then(Value::as_str),
                    h.get("content").and_then(Value::as_str),
                ) && let Some(problem) = check_hash(alg, content)
                {
                    push(found, format!("{at}/hashes/{i}/content"), problem, content);
                }
            }
        }
        if in_component {
            if let Some(Value::String(purl)) = map.get("purl")
                && let Some(problem) = check_purl(purl)
            {
                push(found, format!("{at}/purl"), problem, purl);
            }
            if let Some(Value::String(cpe)) = map.get("cpe")
                && let Some(problem) = check_cpe(cpe, true)
            {
                push(found, format!("{at}/cpe"), problem, cpe);
            }
        }
    });
    let unresolved = |r: &str| !refs.contains(r);
    if let Some(Value::Array(dependencies)) = value.get("dependencies") {
        for (i, d) in dependencies.iter().enumerate() {
            if let Some(r) = d.get("ref").and_then(Value::as_str)
                && unresolved(r)
            {
                push(
                    found,
                    format!("/dependencies/{i}/ref"),
                    format!(
                        "`{}` is the bom-ref of nothing in the BOM",
                        crate::diag::printable(r)
                    ),
                    r,
                );
            }
            for field in ["dependsOn", "provides"] {
                let Some(Value::Array(targets)) = d.get(field) else {
                    continue;
                };
                for (j, t) in targets.iter().enumerate() {
                    if let Some(t) = t.as_str()
                        && unresolved(t)
                    {
                        push(
                            found,
                            format!("/dependencies/{i}/{field}/{j}"),
                            format!(
                                "`{}` is the bom-ref of nothing in the BOM",
                                crate::diag::printable(t)
                            ),
                            t,
                        );
                    }
                }
            }
        }
    }
    // A VEX BOM on its own names the SBOM's components by BOM-link (`urn:cdx:...`) or by
    // refs of another BOM; inside an SBOM, `affects` names its own components.
    let has_components = value
        .get("components")
        .and_then(Value::as_array)
        .is_some_and(|c| !c.is_empty());
    if has_components && let Some(Value::Array(vulnerabilities)) = value.get("vulnerabilities") {
        for (i, v) in vulnerabilities.iter().enumerate() {
            let Some(Value::Array(affects)) = v.get("affects") else {
                continue;
            };
            for (j, a) in affects.iter().enumerate() {
                if let Some(r) = a.get("ref").and_then(Value::as_str)
                    && !r.starts_with("urn:cdx:")
                    && unresolved(r)
                {
                    push(
                        found,
                        format!("/vulnerabilities/{i}/affects/{j}/ref"),
                        format!(
                            "`{}` is the bom-ref of no component of the BOM",
                            crate::diag::printable(r)
                        ),
                        r,
                    );
                }
            }
        }
    }
}

/// SPDX 2.2/2.3: element IDs unique, relationships resolve, the document describes a
/// package, checksums, purls and CPEs well formed, `created` a time.
fn spdx2(value: &Value, found: &mut Vec<Found>) {
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut packages: HashSet<&str> = HashSet::new();
    for list in ["packages", "files", "snippets"] {
        let Some(Value::Array(elements)) = value.get(list) else {
            continue;
        };
        for (i, element) in elements.iter().enumerate() {
            let here = format!("/{list}/{i}");
            let Some(id) = element.get("SPDXID").and_then(Value::as_str) else {
                continue;
            };
            if list == "packages" {
                packages.insert(id);
            }
            if let Some(first) = ids.get(id) {
                push(
                    found,
                    format!("{here}/SPDXID"),
                    format!(
                        "`{}` is also the SPDXID of {}; element IDs must be unique",
                        crate::diag::printable(id),
                        path(first)
                    ),
                    id,
                );
            } else {
                ids.insert(id, here.clone());
            }
            let checksums = element.get("checksums").and_then(Value::as_array);
            for (j, c) in checksums.into_iter().flatten().enumerate() {
                if let (Some(alg), Some(v)) = (
                    c.get("algorithm").and_then(Value::as_str),
                    c.get("checksumValue").and_then(Value::as_str),
                ) && let Some(problem) = check_hash(alg, v)
                {
                    push(
                        found,
                        format!("{here}/checksums/{j}/checksumValue"),
                        problem,
                        v,
                    );
                }
            }
            let refs = element.get("externalRefs").and_then(Value::as_array);
            for (j, r) in refs.into_iter().flatten().enumerate() {
                let kind = r.get("referenceType").and_then(Value::as_str).unwrap_or("");
                let Some(locator) = r.get("referenceLocator").and_then(Value::as_str) else {
                    continue;
                };
                let problem = match kind {
                    "purl" => check_purl(locator),
                    "cpe23Type" => check_cpe(locator, false),
                    "cpe22Type" => check_cpe(locator, true),
                    _ => None,
                };
                if let Some(problem) = problem {
                    push(
                        found,
                        format!("{here}/externalRefs/{j}/referenceLocator"),
                        problem,
                        locator,
                    );
                }
            }
        }
    }
    let known = |id: &str| {
        id == "SPDXRef-DOCUMENT"
            || id == "NONE"
            || id == "NOASSERTION"
            || id.starts_with("DocumentRef-")
            || ids.contains_key(id)
    };
    let mut described = Vec::new();
    if let Some(Value::Array(relationships)) = value.get("relationships") {
        for (i, r) in relationships.iter().enumerate() {
            for field in ["spdxElementId", "relatedSpdxElement"] {
                if let Some(id) = r.get(field).and_then(Value::as_str)
                    && !known(id)
                {
                    push(
                        found,
                        format!("/relationships/{i}/{field}"),
                        format!(
                            "`{}` is the SPDXID of no package, file or snippet of the document",
                            crate::diag::printable(id)
                        ),
                        id,
                    );
                }
            }
            if r.get("relationshipType").and_then(Value::as_str) == Some("DESCRIBES")
                && r.get("spdxElementId").and_then(Value::as_str) == Some("SPDXRef-DOCUMENT")
                && let Some(id) = r.get("relatedSpdxElement").and_then(Value::as_str)
            {
                described.push((id, format!("/relationships/{i}/relatedSpdxElement")));
            }
        }
    }
    if let Some(Value::Array(list)) = value.get("documentDescribes") {
        for (i, id) in list.iter().enumerate() {
            if let Some(id) = id.as_str() {
                if !known(id) {
                    push(
                        found,
                        format!("/documentDescribes/{i}"),
                        format!(
                            "`{}` is the SPDXID of no package of the document",
                            crate::diag::printable(id)
                        ),
                        id,
                    );
                }
                described.push((id, format!("/documentDescribes/{i}")));
            }
        }
    }
    if !described.is_empty() && !described.iter().any(|(id, _)| packages.contains(id)) {
        let (id, at) = &described[0];
        push(
            found,
            at.clone(),
            format!(
                "the document describes `{}` and no package; the primary component (the device software) must be a package",
                crate::diag::printable(id)
            ),
            id,
        );
    }
    if let Some(created) = value
        .pointer("/creationInfo/created")
        .and_then(Value::as_str)
        && created.parse::<jiff::Timestamp>().is_err()
    {
        push(
            found,
            "/creationInfo/created".to_string(),
            format!(
                "`{}` is not a date-time (SPDX writes YYYY-MM-DDThh:mm:ssZ)",
                crate::diag::printable(created)
            ),
            created,
        );
    }
}

/// SPDX 3: every element has an `spdxId`, unique; hashes, purls well formed.
fn spdx3(value: &Value, found: &mut Vec<Found>) {
    let Some(Value::Array(graph)) = value.get("@graph") else {
        return;
    };
    let mut ids: HashMap<&str, String> = HashMap::new();
    for (i, element) in graph.iter().enumerate() {
        let here = format!("/@graph/{i}");
        let kind = element.get("type").and_then(Value::as_str).unwrap_or("");
        let id = element
            .get("spdxId")
            .or_else(|| element.get("@id"))
            .and_then(Value::as_str);
        match id {
            None if kind.starts_with("software_") => push(
                found,
                here.clone(),
                format!(
                    "a {kind} without `spdxId`; every element needs one, or nothing can refer to it"
                ),
                "",
            ),
            Some(id) => {
                if let Some(first) = ids.get(id) {
                    push(
                        found,
                        format!("{here}/spdxId"),
                        format!(
                            "`{}` is also the spdxId of {}; element IDs must be unique",
                            crate::diag::printable(id),
                            path(first)
                        ),
                        id,
                    );
                } else {
                    ids.insert(id, here.clone());
                }
            }
            None => {}
        }
        if let Some(Value::String(purl)) = element.get("software_packageUrl")
            && let Some(problem) = check_purl(purl)
        {
            push(found, format!("{here}/software_packageUrl"), problem, purl);
        }
        let hashes = element.get("verifiedUsing").and_then(Value::as_array);
        for (j, h) in hashes.into_iter().flatten().enumerate() {
            if let (Some(alg), Some(v)) = (
                h.get("algorithm").and_then(Value::as_str),
                h.get("hashValue").and_then(Value::as_str),
            ) && let Some(problem) = check_hash(alg, v)
            {
                push(
                    found,
                    format!("{here}/verifiedUsing/{j}/hashValue"),
                    problem,
                    v,
                );
            }
        }
    }
}

/// The product IDs a CSAF product tree defines (branches, full product names,
/// relationships), each with where it is defined.
fn csaf_products(tree: &Value) -> Vec<(String, String)> {
    fn branches(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
        for (i, branch) in value.as_array().into_iter().flatten().enumerate() {
            let here = format!("{at}/{i}");
            if let Some(id) = branch
                .pointer("/product/product_id")
                .and_then(Value::as_str)
            {
                out.push((id.to_string(), format!("{here}/product/product_id")));
            }
            if let Some(children) = branch.get("branches") {
                branches(children, &format!("{here}/branches"), out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(b) = tree.get("branches") {
        branches(b, "/product_tree/branches", &mut out);
    }
    let full = tree.get("full_product_names").and_then(Value::as_array);
    for (i, f) in full.into_iter().flatten().enumerate() {
        if let Some(id) = f.get("product_id").and_then(Value::as_str) {
            out.push((
                id.to_string(),
                format!("/product_tree/full_product_names/{i}/product_id"),
            ));
        }
    }
    let relationships = tree.get("relationships").and_then(Value::as_array);
    for (i, r) in relationships.into_iter().flatten().enumerate() {
        if let Some(id) = r
            .pointer("/full_product_name/product_id")
            .and_then(Value::as_str)
        {
            out.push((
                id.to_string(),
                format!("/product_tree/relationships/{i}/full_product_name/product_id"),
            ));
        }
    }
    out
}

/// A product ID that the product tree does not define (CSAF 2.0 §6.1.1).
fn undefined(found: &mut Vec<Found>, pointer: String, pid: &str) {
    push(
        found,
        pointer,
        format!(
            "product ID `{}` is not defined in the product tree (CSAF 2.0 §6.1.1)",
            crate::diag::printable(pid)
        ),
        pid,
    );
}

/// CSAF 2.0's mandatory tests that concern VEX: product and group IDs defined once and
/// every reference to one defined (§6.1.1, 6.1.2, 6.1.4, 6.1.5), and the VEX profile's
/// tests (§6.1.27.4-11: a product tree, vulnerabilities, each with notes, an ID, a product
/// status, an impact statement for each product not affected and an action statement for
/// each product affected). A product group stands for its products.
fn csaf(value: &Value, found: &mut Vec<Found>) {
    let empty = Value::Null;
    let tree = value.get("product_tree").unwrap_or(&empty);
    let mut defined: HashMap<String, String> = HashMap::new();
    for (id, at) in csaf_products(tree) {
        match defined.get(&id) {
            Some(first) => push(
                found,
                at,
                format!(
                    "product ID `{}` is also defined at {}; each product ID is defined once (CSAF 2.0 §6.1.2)",
                    crate::diag::printable(&id),
                    path(first)
                ),
                &id,
            ),
            None => {
                defined.insert(id, at);
            }
        }
    }
    let mut groups: HashMap<&str, Vec<&str>> = HashMap::new();
    let group_list = tree.get("product_groups").and_then(Value::as_array);
    for (i, g) in group_list.into_iter().flatten().enumerate() {
        let Some(id) = g.get("group_id").and_then(Value::as_str) else {
            continue;
        };
        if groups.contains_key(id) {
            push(
                found,
                format!("/product_tree/product_groups/{i}/group_id"),
                format!(
                    "product group ID `{}` is defined twice; each is defined once (CSAF 2.0 §6.1.5)",
                    crate::diag::printable(id)
                ),
                id,
            );
        }
        let members: Vec<&str> = g
            .get("product_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (j, pid) in members.iter().enumerate() {
            if !defined.contains_key(*pid) {
                undefined(
                    found,
                    format!("/product_tree/product_groups/{i}/product_ids/{j}"),
                    pid,
                );
            }
        }
        groups.insert(id, members);
    }
    let relationships = tree.get("relationships").and_then(Value::as_array);
    for (i, r) in relationships.into_iter().flatten().enumerate() {
        for field in ["product_reference", "relates_to_product_reference"] {
            if let Some(pid) = r.get(field).and_then(Value::as_str)
                && !defined.contains_key(pid)
            {
                undefined(
                    found,
                    format!("/product_tree/relationships/{i}/{field}"),
                    pid,
                );
            }
        }
    }
    let category = value
        .pointer("/document/category")
        .and_then(Value::as_str)
        .unwrap_or("");
    let vex = category == "csaf_vex";
    let profiled = vex || category == "csaf_security_advisory";
    if profiled && value.get("product_tree").is_none() {
        push(
            found,
            "/document/category".into(),
            format!("a `{category}` document has no `product_tree` (CSAF 2.0 §6.1.27.4)"),
            category,
        );
    }
    let vulnerabilities = value.get("vulnerabilities").and_then(Value::as_array);
    if profiled && vulnerabilities.is_none() {
        push(
            found,
            "/document/category".into(),
            format!("a `{category}` document has no `vulnerabilities` (CSAF 2.0 §6.1.27.11)"),
            category,
        );
    }
    const STATUS: &[&str] = &[
        "first_affected",
        "first_fixed",
        "fixed",
        "known_affected",
        "known_not_affected",
        "last_affected",
        "recommended",
        "under_investigation",
    ];
    for (v, vuln) in vulnerabilities.into_iter().flatten().enumerate() {
        let here = format!("/vulnerabilities/{v}");
        let name = vuln
            .get("cve")
            .and_then(Value::as_str)
            .or_else(|| vuln.pointer("/ids/0/text").and_then(Value::as_str))
            .map(|id| crate::diag::printable(id).into_owned())
            .unwrap_or_else(|| "the vulnerability".to_string());
        // Every product or group a vulnerability names is defined (§6.1.1, §6.1.4).
        let check_ids = |found: &mut Vec<Found>, list: &Value, at: &str| {
            for (j, pid) in list.as_array().into_iter().flatten().enumerate() {
                if let Some(pid) = pid.as_str()
                    && !defined.contains_key(pid)
                {
                    undefined(found, format!("{at}/{j}"), pid);
                }
            }
        };
        if let Some(status) = vuln.get("product_status") {
            for list in STATUS {
                if let Some(ids) = status.get(*list) {
                    check_ids(found, ids, &format!("{here}/product_status/{list}"));
                }
            }
        }
        for list in ["flags", "threats", "remediations", "scores"] {
            let entries = vuln.get(list).and_then(Value::as_array);
            for (k, entry) in entries.into_iter().flatten().enumerate() {
                let key = if list == "scores" {
                    "products"
                } else {
                    "product_ids"
                };
                if let Some(ids) = entry.get(key) {
                    check_ids(found, ids, &format!("{here}/{list}/{k}/{key}"));
                }
                let gids = entry.get("group_ids").and_then(Value::as_array);
                for (j, gid) in gids.into_iter().flatten().enumerate() {
                    if let Some(gid) = gid.as_str()
                        && !groups.contains_key(gid)
                    {
                        push(
                            found,
                            format!("{here}/{list}/{k}/group_ids/{j}"),
                            format!(
                                "product group ID `{}` is not defined in the product tree (CSAF 2.0 §6.1.4)",
                                crate::diag::printable(gid)
                            ),
                            gid,
                        );
                    }
                }
            }
        }
        if profiled && vuln.get("notes").is_none() {
            push(
                found,
                here.clone(),
                format!("{name} has no `notes` (CSAF 2.0 §6.1.27.5)"),
                "",
            );
        }
        if category == "csaf_security_advisory" && vuln.get("product_status").is_none() {
            push(
                found,
                here.clone(),
                format!("{name} has no `product_status` (CSAF 2.0 §6.1.27.6)"),
                "",
            );
        }
        if !vex {
            continue;
        }
        if vuln.get("cve").is_none() && vuln.get("ids").is_none() {
            push(
                found,
                here.clone(),
                format!("{name} has neither `cve` nor `ids` (CSAF 2.0 §6.1.27.8)"),
                "",
            );
        }
        let status = vuln.get("product_status");
        let has = |list: &str| status.and_then(|s| s.get(list)).is_some();
        if ![
            "fixed",
            "known_affected",
            "known_not_affected",
            "under_investigation",
        ]
        .iter()
        .any(|l| has(l))
        {
            push(
                found,
                here.clone(),
                format!(
                    "{name} has no `fixed`, `known_affected`, `known_not_affected` or `under_investigation` product status (CSAF 2.0 §6.1.27.7)"
                ),
                "",
            );
        }
        // The products each list of statements covers, groups expanded.
        let covered = |list: &str, keep: &dyn Fn(&Value) -> bool| -> HashSet<&str> {
            let mut out = HashSet::new();
            for entry in vuln
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !keep(entry) {
                    continue;
                }
                let direct = entry.get("product_ids").and_then(Value::as_array);
                out.extend(direct.into_iter().flatten().filter_map(Value::as_str));
                let gids = entry.get("group_ids").and_then(Value::as_array);
                for gid in gids.into_iter().flatten().filter_map(Value::as_str) {
                    out.extend(groups.get(gid).into_iter().flatten().copied());
                }
            }
            out
        };
        let mut impact = covered("flags", &|_| true);
        impact.extend(covered("threats", &|t| {
            t.get("category").and_then(Value::as_str) == Some("impact")
        }));
        let action = covered("remediations", &|_| true);
        for (list, statements, words, section) in [
            (
                "known_not_affected",
                &impact,
                "an impact statement (a flag, or a threat of category `impact`)",
                "6.1.27.9",
            ),
            (
                "known_affected",
                &action,
                "an action statement (a remediation)",
                "6.1.27.10",
            ),
        ] {
            let ids = status.and_then(|s| s.get(list)).and_then(Value::as_array);
            for (j, pid) in ids.into_iter().flatten().enumerate() {
                if let Some(pid) = pid.as_str()
                    && !statements.contains(pid)
                {
                    push(
                        found,
                        format!("{here}/product_status/{list}/{j}"),
                        format!(
                            "{name}: product `{}` is {list} without {words} (CSAF 2.0 §{section})",
                            crate::diag::printable(pid)
                        ),
                        pid,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_by_algorithm() {
        assert_eq!(check_hash("SHA-256", &"a".repeat(64)), None);
        assert_eq!(check_hash("SHA1", &"0".repeat(40)), None);
        assert!(check_hash("SHA-256", &"a".repeat(40)).is_some_and(|m| m.contains("64")));
        assert!(check_hash("MD5", "xyz").is_some_and(|m| m.contains("hexadecimal")));
        // An algorithm without a fixed length is checked for hexadecimal only.
        assert_eq!(check_hash("BLAKE3", &"ab".repeat(50)), None);
    }

    #[test]
    fn cpe_names() {
        assert_eq!(
            check_cpe("cpe:2.3:a:arm:mbed_tls:3.6.2:*:*:*:*:*:*:*", false),
            None
        );
        assert_eq!(
            check_cpe(
                "cpe:2.3:o:linux:linux_kernel:6.1\\:rc1:*:*:*:*:*:*:*",
                false
            ),
            None
        );
        assert_eq!(check_cpe("cpe:/a:arm:mbed_tls:3.6.2", true), None);
        assert!(check_cpe("cpe:/a:arm:mbed_tls:3.6.2", false).is_some());
        assert!(check_cpe("cpe:2.3:a:arm:mbed_tls:3.6.2", false).is_some_and(|m| m.contains("11")));
        assert!(check_cpe("cpe:2.3:x:arm:mbed_tls:3.6.2:*:*:*:*:*:*:*", false).is_some());
        assert!(check_cpe("cpe:2.3:a:arm:mbed tls:3.6.2:*:*:*:*:*:*:*", false).is_some());
        assert!(check_cpe("cpe:2.3:a:arm:mb*ed:3.6.2:*:*:*:*:*:*:*", false).is_some());
        assert!(check_cpe("mbedtls", true).is_some());
    }
}

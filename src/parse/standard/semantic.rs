//! What the standards require that their schemas cannot say: references unique and
//! resolving, hash values as long as their algorithm makes them, purls and CPEs that parse,
//! timestamps that are times, an SPDX document that describes a package.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use serde_json::Value;

use super::{Found, Standard, path};

/// Runs the checks of a standard on a document.
pub(super) fn check(value: &Value, standard: Standard, found: &mut Vec<Found>) {
    match standard {
        Standard::CycloneDx14
        | Standard::CycloneDx15
        | Standard::CycloneDx16
        | Standard::CycloneDx17 => cyclonedx(value, found),
        Standard::Spdx22 | Standard::Spdx23 => spdx2(value, found),
        Standard::Spdx30 | Standard::Spdx301 => spdx3(value, found),
        Standard::Csaf20 | Standard::OpenVex020 => {}
    }
}

/// Escapes a reference token for a JSON Pointer.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Calls `visit` on every object of a document with its pointer.
fn objects<'v>(
    value: &'v Value,
    pointer: &mut String,
    visit: &mut dyn FnMut(&str, &'v serde_json::Map<String, Value>),
) {
    match value {
        Value::Object(map) => {
            visit(pointer, map);
            for (key, child) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&token(key));
                objects(child, pointer, visit);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
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
    if component.is_empty() {
        return false;
    }
    let chars: Vec<char> = component.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                if !chars.get(i + 1).is_some_and(|n| n.is_ascii_graphic()) {
                    return false;
                }
                i += 2;
                continue;
            }
            '*' | '?' => {
                let leading = chars[..i].iter().all(|p| *p == '?' || *p == '*');
                let trailing = chars[i..].iter().all(|p| *p == '?' || *p == '*');
                if !leading && !trailing {
                    return false;
                }
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' => {}
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

/// Text quoted in a message: printable, at most `max` characters.
fn shown(text: &str, max: usize) -> String {
    let short: String = text.chars().take(max).collect();
    crate::diag::printable(&short).into_owned()
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

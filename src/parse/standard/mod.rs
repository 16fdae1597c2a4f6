//! Supply-chain documents held to their standards: every SBOM and VEX document is validated
//! against the official JSON Schema of its format and version, then checked for what the
//! schemas cannot say (references that resolve, hashes of the right length, purls and CPEs
//! that parse).
//!
//! A document that breaks its standard is not evidence a reviewer can rely on, even when
//! `dossier` can read what it needs from it: another tool (FDA's, a customer's) will reject
//! it. Violations are findings (SBOM-006, VEX-002) at the offending value's line, in plain
//! words, never a refusal to read: the rest of the checks still run on what was read.

mod pointer;
mod schemas;
mod semantic;
mod words;

use serde_json::Value;

use crate::diag::LineIndex;
use crate::model::Span;

pub use semantic::{check_cpe, check_hash};

/// How many violations of one document are reported one by one; the rest are counted.
pub const MAX_REPORTED: usize = 50;

/// The `@context` of SPDX 3.0.0 documents.
const SPDX_300_CONTEXT: &str = "https://spdx.org/rdf/3.0.0/spdx-context.jsonld";

/// A format and version whose official schema `dossier` validates against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// CycloneDX 1.4 JSON.
    CycloneDx14,
    /// CycloneDX 1.5 JSON.
    CycloneDx15,
    /// CycloneDX 1.6 JSON.
    CycloneDx16,
    /// CycloneDX 1.7 JSON.
    CycloneDx17,
    /// SPDX 2.2 JSON.
    Spdx22,
    /// SPDX 2.3 JSON.
    Spdx23,
    /// SPDX 3.0.0 JSON-LD.
    Spdx30,
    /// SPDX 3.0.1 JSON-LD.
    Spdx301,
    /// CSAF 2.0.
    Csaf20,
    /// OpenVEX 0.2.0.
    OpenVex020,
}

impl Standard {
    /// Every standard, in a fixed order.
    pub const ALL: [Standard; 10] = [
        Standard::CycloneDx14,
        Standard::CycloneDx15,
        Standard::CycloneDx16,
        Standard::CycloneDx17,
        Standard::Spdx22,
        Standard::Spdx23,
        Standard::Spdx30,
        Standard::Spdx301,
        Standard::Csaf20,
        Standard::OpenVex020,
    ];

    /// The standard's name and version, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Standard::CycloneDx14 => "CycloneDX 1.4",
            Standard::CycloneDx15 => "CycloneDX 1.5",
            Standard::CycloneDx16 => "CycloneDX 1.6",
            Standard::CycloneDx17 => "CycloneDX 1.7",
            Standard::Spdx22 => "SPDX 2.2",
            Standard::Spdx23 => "SPDX 2.3",
            Standard::Spdx30 => "SPDX 3.0.0",
            Standard::Spdx301 => "SPDX 3.0.1",
            Standard::Csaf20 => "CSAF 2.0",
            Standard::OpenVex020 => "OpenVEX 0.2.0",
        }
    }

    /// The standard a JSON document says it follows, if it is one with a schema here.
    pub fn detect(value: &Value) -> Option<Standard> {
        let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str);
        if text("/bomFormat") == Some("CycloneDX") {
            return Self::cyclonedx(text("/specVersion")?);
        }
        if let Some(version) = text("/spdxVersion") {
            return Self::spdx(version);
        }
        if text("/document/csaf_version") == Some("2.0") {
            return Some(Standard::Csaf20);
        }
        Self::context(text("/@context")?)
    }

    /// The JSON-LD standards, by `@context`.
    fn context(context: &str) -> Option<Standard> {
        match context.trim_end_matches('/') {
            SPDX_300_CONTEXT => Some(Standard::Spdx30),
            "https://spdx.org/rdf/3.0.1/spdx-context.jsonld" => Some(Standard::Spdx301),
            "https://openvex.dev/ns/v0.2.0" | "https://openvex.dev/ns" => {
                Some(Standard::OpenVex020)
            }
            _ => None,
        }
    }
}

impl Standard {
    /// The standard a document's text probably follows, from its first 64 KiB and without
    /// parsing it: to compile the validators a dossier needs while other work goes on. A
    /// wrong guess costs a compilation, never a wrong result ([`Standard::detect`] decides).
    pub fn sniff(text: &str) -> Option<Standard> {
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let head = &text[..end];
        // The quoted value after `"key"` and its colon.
        let value_of = |key: &str| -> Option<&str> {
            let at = head.find(key)? + key.len();
            let rest = head[at..].trim_start().strip_prefix(':')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            rest.find('"').map(|n| &rest[..n])
        };
        if head.contains("http://cyclonedx.org/schema/bom/") && head.trim_start().starts_with('<') {
            let at = head.find("http://cyclonedx.org/schema/bom/")? + 32;
            return Self::cyclonedx(head.get(at..at + 3)?);
        }
        if let Some(version) = value_of("\"specVersion\"")
            && head.contains("\"bomFormat\"")
        {
            return Self::cyclonedx(version);
        }
        if let Some(version) = value_of("\"spdxVersion\"") {
            return Self::spdx(version);
        }
        if let Some(line) = head
            .lines()
            .find(|l| l.trim_start().starts_with("SPDXVersion:"))
        {
            return Self::spdx(line.split_once(':').map_or("", |(_, v)| v.trim()));
        }
        if value_of("\"csaf_version\"") == Some("2.0") {
            return Some(Standard::Csaf20);
        }
        Self::context(value_of("\"@context\"")?)
    }

    fn cyclonedx(version: &str) -> Option<Standard> {
        match version {
            "1.4" => Some(Standard::CycloneDx14),
            "1.5" => Some(Standard::CycloneDx15),
            "1.6" => Some(Standard::CycloneDx16),
            "1.7" => Some(Standard::CycloneDx17),
            _ => None,
        }
    }

    fn spdx(version: &str) -> Option<Standard> {
        match version {
            "SPDX-2.2" => Some(Standard::Spdx22),
            "SPDX-2.3" => Some(Standard::Spdx23),
            _ => None,
        }
    }
}

/// The validators a dossier's documents need, gathered from their texts before they are
/// read, so that [`warm`] can compile them on another thread while other work goes on:
/// compiling CycloneDX's schema takes longer than validating a large SBOM against it.
#[derive(Debug, Default)]
pub struct Warming {
    /// Per standard, the property names its JSON documents use, together.
    needed: Vec<(Standard, schemas::Keys)>,
}

impl Warming {
    /// Adds a document's text. Only JSON text is looked at; a document in another syntax
    /// (CycloneDX XML, SPDX tag-value) gets its validator when it is read. Of a large
    /// document, the keys of its first 4 MiB are taken: its components repeat the same
    /// ones, and a key found later only means its validator is compiled when it is read.
    pub fn add(&mut self, text: &str) {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if !trimmed.starts_with('{') {
            return;
        }
        let Some(standard) = Standard::sniff(text) else {
            return;
        };
        let mut end = text.len().min(4 << 20);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let keys = schemas::keys_in_text(&text[..end]);
        match self.needed.iter_mut().find(|(s, _)| *s == standard) {
            Some((_, have)) => have.extend(keys),
            None => self.needed.push((standard, keys)),
        }
    }
}

/// Compiles the validators gathered (each once per process).
pub fn warm(warming: &Warming) {
    for (standard, keys) in &warming.needed {
        let _ = schemas::validator(*standard, Some(keys));
    }
}

/// One way a document breaks its standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// What is wrong, in plain words, naming where (`components[3].hashes[0].content`).
    pub message: String,
    /// Where in the document (unknown for a document without positions).
    pub span: Span,
}

/// A violation before it is placed: its message and the pointer to the value it is about.
pub(crate) struct Found {
    pub message: String,
    pub pointer: String,
    /// The offending value, when it is a string: how a document without pointers (XML)
    /// finds its line.
    pub value: Option<String>,
}

/// The object keys of a JSON text, read from the text: what picks the validator of a
/// document (see [`schemas::validator`]). A caller with a large document finds them while
/// it parses the text, on another core.
pub struct DocumentKeys(schemas::Keys);

impl DocumentKeys {
    /// The keys of a JSON text (of any text: a text that is not JSON gives what it gives).
    pub fn of(text: &str) -> DocumentKeys {
        DocumentKeys(schemas::keys_in_text(text))
    }
}

/// Validates a JSON document against its standard's schema and the checks schemas cannot
/// express, placing each violation in `text`. At most [`MAX_REPORTED`] are listed; a last
/// one counts the rest.
pub fn validate(text: &str, value: &Value, standard: Standard) -> Vec<Violation> {
    validate_keyed(text, value, standard, &DocumentKeys::of(text))
}

/// [`validate`], given the text's keys.
pub fn validate_keyed(
    text: &str,
    value: &Value,
    standard: Standard,
    keys: &DocumentKeys,
) -> Vec<Violation> {
    let found = check_keyed(value, standard, &keys.0);
    place(text, found)
}

/// The violations of a document, unplaced: for documents that are not JSON text (CycloneDX
/// XML, SPDX tag-value), whose readers place pointers themselves.
pub(crate) fn check(value: &Value, standard: Standard) -> Vec<Found> {
    check_keyed(value, standard, &schemas::keys_in_value(value))
}

/// [`check`], given the document's keys.
fn check_keyed<K: AsRef<str> + Eq + std::hash::Hash + Sync, H: std::hash::BuildHasher + Sync>(
    value: &Value,
    standard: Standard,
    keys: &std::collections::HashSet<K, H>,
) -> Vec<Found> {
    // The semantic checks and the schema are independent: side by side on a large file.
    let (mut found, schema) = rayon::join(
        || {
            let mut found = Vec::new();
            semantic::check(value, standard, &mut found);
            found
        },
        || schema_errors(value, standard, keys),
    );
    // A value the semantic checks describe (a hash of the wrong length) is not described
    // again in the schema's terms (a hash that matches no pattern).
    let described: std::collections::HashSet<&str> =
        found.iter().map(|f| f.pointer.as_str()).collect();
    let schema: Vec<Found> = schema
        .into_iter()
        .filter(|f| !described.contains(f.pointer.as_str()))
        .collect();
    found.extend(schema);
    // Alternatives of a schema can say the same of one value; say it once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|f| seen.insert((f.pointer.clone(), f.message.clone())));
    found
}

/// The schema's violations, described. Most documents conform, and asking whether one
/// does is faster than collecting its errors, so errors are collected only when it does not.
fn schema_errors<K: AsRef<str>, H>(
    value: &Value,
    standard: Standard,
    keys: &std::collections::HashSet<K, H>,
) -> Vec<Found> {
    let Some(validator) = schemas::validator(standard, Some(keys)) else {
        return vec![Found {
            message: format!(
                "the {} schema embedded in dossier does not compile; the document was not validated (report this as a bug)",
                standard.name()
            ),
            pointer: String::new(),
            value: None,
        }];
    };
    if validator.is_valid(value) {
        return Vec::new();
    }
    validator
        .iter_errors(value)
        .map(|error| words::describe(&error))
        .collect()
}

/// Places violations in a JSON text: one pass for all of them.
fn place(text: &str, found: Vec<Found>) -> Vec<Violation> {
    let pointers: Vec<Vec<String>> = found
        .iter()
        .take(MAX_REPORTED)
        .map(|f| pointer::tokens(&f.pointer))
        .collect();
    let places = pointer::locate(text, &pointers);
    let index = LineIndex::new(text);
    let span_at = |(start, end): (usize, usize)| {
        let (line, column) = index.position(text, start);
        // A whole object or array is marked by its first line only.
        let end = text[start..end].find('\n').map_or(end, |n| start + n);
        Span {
            offset: start as u32,
            len: (end - start) as u32,
            line,
            column,
        }
    };
    let mut n = 0;
    place_with(found, |_| {
        let span = places.get(n).copied().flatten().map(span_at);
        n += 1;
        span.unwrap_or_default()
    })
}

/// Places violations with a function of each one (called in order, for at most
/// [`MAX_REPORTED`] of them); a last violation counts those not listed.
pub(crate) fn place_with(
    found: Vec<Found>,
    mut span_of: impl FnMut(&Found) -> Span,
) -> Vec<Violation> {
    let total = found.len();
    let mut out: Vec<Violation> = found
        .into_iter()
        .take(MAX_REPORTED)
        .map(|f| Violation {
            span: span_of(&f),
            message: f.message,
        })
        .collect();
    if total > MAX_REPORTED {
        out.push(more(total));
    }
    out
}

/// Checks a CycloneDX XML document, as read into CycloneDX JSON's shape, against the JSON
/// schema and the semantic checks: the constraints the XSD states, on what `dossier` reads
/// (no maintained, safe XSD validator exists in Rust). Each violation is placed at the
/// first place the offending value is written in the XML (as element text or attribute).
pub fn validate_converted_xml(text: &str, value: &Value, standard: Standard) -> Vec<Violation> {
    let index = LineIndex::new(text);
    place_with(check(value, standard), |f| {
        f.value
            .as_deref()
            .filter(|v| !v.is_empty())
            .and_then(|v| {
                let escaped = v.replace('&', "&amp;").replace('<', "&lt;");
                [format!(">{escaped}<"), format!("\"{escaped}\"")]
                    .iter()
                    .find_map(|needle| text.find(needle.as_str()))
                    .map(|at| (at + 1, escaped.len()))
            })
            .map(|(at, len)| {
                let (line, column) = index.position(text, at);
                Span {
                    offset: at as u32,
                    len: len as u32,
                    line,
                    column,
                }
            })
            .unwrap_or_default()
    })
}

/// The last violation listed when there are too many to list.
fn more(total: usize) -> Violation {
    Violation {
        message: format!(
            "{} more violations of the standard are not listed; fix those above and check again",
            total - MAX_REPORTED
        ),
        span: Span::default(),
    }
}

/// Text quoted in a message: printable (document text is data, never terminal codes), at
/// most `max` characters.
pub(crate) fn shown(text: &str, max: usize) -> String {
    let short: String = text.chars().take(max).collect();
    crate::diag::printable(&short).into_owned()
}

/// A JSON Pointer as people read a path: `components[3].hashes[0].content`.
pub fn path(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer::tokens(pointer) {
        if token.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    if out.is_empty() {
        "the document".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The guess from the text's head agrees with the standard read from the document.
    #[test]
    fn sniffing_agrees_with_detection() {
        let json = [
            (
                r#"{"bomFormat": "CycloneDX", "specVersion" : "1.6", "version": 1}"#,
                Some(Standard::CycloneDx16),
            ),
            (
                r#"{"specVersion": "1.4", "bomFormat": "CycloneDX"}"#,
                Some(Standard::CycloneDx14),
            ),
            (
                r#"{"spdxVersion": "SPDX-2.2", "SPDXID": "SPDXRef-DOCUMENT"}"#,
                Some(Standard::Spdx22),
            ),
            (
                r#"{"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld", "@graph": []}"#,
                Some(Standard::Spdx30),
            ),
            (
                r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": []}"#,
                Some(Standard::OpenVex020),
            ),
            (
                r#"{"document": {"category": "csaf_vex", "csaf_version": "2.0"}}"#,
                Some(Standard::Csaf20),
            ),
            (r#"{"bomFormat": "CycloneDX", "specVersion": "1.3"}"#, None),
            (r#"{"hello": "world"}"#, None),
        ];
        for (text, standard) in json {
            let value: Value = serde_json::from_str(text).expect("JSON");
            assert_eq!(Standard::detect(&value), standard, "{text}");
            assert_eq!(Standard::sniff(text), standard, "{text}");
        }
        assert_eq!(
            Standard::sniff(
                "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\">"
            ),
            Some(Standard::CycloneDx15)
        );
        assert_eq!(
            Standard::sniff("# x\nSPDXVersion: SPDX-2.3\n"),
            Some(Standard::Spdx23)
        );
        assert_eq!(Standard::sniff("é".repeat(40_000).as_str()), None);
    }

    #[test]
    fn paths_read_as_people_write_them() {
        assert_eq!(
            path("/components/3/hashes/0/content"),
            "components[3].hashes[0].content"
        );
        assert_eq!(path(""), "the document");
        assert_eq!(path("/@graph/2/spdxId"), "@graph[2].spdxId");
    }
}

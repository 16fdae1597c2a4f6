//! SPDX 2.2 and 2.3 tag-value (`.spdx`), the format most SPDX SBOMs in the wild use, read
//! into the shape of SPDX JSON, so the JSON reader, the JSON Schema and the semantic checks
//! apply to both alike.
//!
//! The format is a list of `Tag: value` lines (values spanning lines are wrapped in
//! `<text>…</text>`). Each `PackageName`, `FileName`, `SnippetSPDXID` or `LicenseID` starts
//! a new element; the tags that follow describe it. Every value's line is recorded by the
//! JSON Pointer it becomes, so findings point at the tag-value file's own lines.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::diag::LineIndex;
use crate::model::Span;

/// The converted document and where each of its values is written.
pub(super) struct Converted {
    /// The document in SPDX JSON's shape.
    pub value: Value,
    /// Pointer of each value (and of each element, at its first tag) to its position.
    pub spans: HashMap<String, Span>,
    /// Lines that are not SPDX tag-value: the message and where.
    pub problems: Vec<(String, Span)>,
}

impl Converted {
    /// Where the value a pointer names is written: the pointer's own value, else the
    /// nearest enclosing one (a missing field is reported at its element's first line).
    pub fn span(&self, pointer: &str) -> Span {
        let mut pointer = pointer;
        loop {
            if let Some(span) = self.spans.get(pointer) {
                return *span;
            }
            match pointer.rfind('/') {
                Some(at) => pointer = &pointer[..at],
                None => return Span::default(),
            }
        }
    }
}

/// Which list an element is in.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Document,
    Package,
    File,
    Snippet,
    License,
}

impl Section {
    fn list(self) -> &'static str {
        match self {
            Section::Document => "",
            Section::Package => "packages",
            Section::File => "files",
            Section::Snippet => "snippets",
            Section::License => "hasExtractedLicensingInfos",
        }
    }
}

/// How a tag's value is stored in JSON.
enum Shape {
    /// A string field.
    Text(&'static str),
    /// A string appended to a list field.
    List(&'static str),
}

/// The JSON field of a tag within a section.
fn field(section: Section, tag: &str) -> Option<Shape> {
    use Shape::{List, Text};
    Some(match (section, tag) {
        (_, "SPDXID") => Text("SPDXID"),
        (Section::Document, "SPDXVersion") => Text("spdxVersion"),
        (Section::Document, "DataLicense") => Text("dataLicense"),
        (Section::Document, "DocumentName") => Text("name"),
        (Section::Document, "DocumentNamespace") => Text("documentNamespace"),
        (Section::Document, "DocumentComment") => Text("comment"),
        (Section::Package, "PackageName") => Text("name"),
        (Section::Package, "PackageVersion") => Text("versionInfo"),
        (Section::Package, "PackageFileName") => Text("packageFileName"),
        (Section::Package, "PackageSupplier") => Text("supplier"),
        (Section::Package, "PackageOriginator") => Text("originator"),
        (Section::Package, "PackageDownloadLocation") => Text("downloadLocation"),
        (Section::Package, "PackageHomePage") => Text("homepage"),
        (Section::Package, "PackageSourceInfo") => Text("sourceInfo"),
        (Section::Package, "PackageLicenseConcluded") => Text("licenseConcluded"),
        (Section::Package, "PackageLicenseInfoFromFiles") => List("licenseInfoFromFiles"),
        (Section::Package, "PackageLicenseDeclared") => Text("licenseDeclared"),
        (Section::Package, "PackageLicenseComments") => Text("licenseComments"),
        (Section::Package, "PackageCopyrightText") => Text("copyrightText"),
        (Section::Package, "PackageSummary") => Text("summary"),
        (Section::Package, "PackageDescription") => Text("description"),
        (Section::Package, "PackageComment") => Text("comment"),
        (Section::Package, "PackageAttributionText") => List("attributionTexts"),
        (Section::Package, "PrimaryPackagePurpose") => Text("primaryPackagePurpose"),
        (Section::Package, "ReleaseDate") => Text("releaseDate"),
        (Section::Package, "BuiltDate") => Text("builtDate"),
        (Section::Package, "ValidUntilDate") => Text("validUntilDate"),
        (Section::File, "FileName") => Text("fileName"),
        (Section::File, "FileType") => List("fileTypes"),
        (Section::File, "LicenseConcluded") => Text("licenseConcluded"),
        (Section::File, "LicenseInfoInFile") => List("licenseInfoInFiles"),
        (Section::File, "LicenseComments") => Text("licenseComments"),
        (Section::File, "FileCopyrightText") => Text("copyrightText"),
        (Section::File, "FileComment") => Text("comment"),
        (Section::File, "FileNotice") => Text("noticeText"),
        (Section::File, "FileContributor") => List("fileContributors"),
        (Section::File, "FileAttributionText") => List("attributionTexts"),
        (Section::Snippet, "SnippetSPDXID") => Text("SPDXID"),
        (Section::Snippet, "SnippetFromFileSPDXID") => Text("snippetFromFile"),
        (Section::Snippet, "SnippetLicenseConcluded") => Text("licenseConcluded"),
        (Section::Snippet, "LicenseInfoInSnippet") => List("licenseInfoInSnippets"),
        (Section::Snippet, "SnippetLicenseComments") => Text("licenseComments"),
        (Section::Snippet, "SnippetCopyrightText") => Text("copyrightText"),
        (Section::Snippet, "SnippetComment") => Text("comment"),
        (Section::Snippet, "SnippetName") => Text("name"),
        (Section::Snippet, "SnippetAttributionText") => List("attributionTexts"),
        (Section::License, "LicenseID") => Text("licenseId"),
        (Section::License, "ExtractedText") => Text("extractedText"),
        (Section::License, "LicenseName") => Text("name"),
        (Section::License, "LicenseCrossReference") => List("seeAlsos"),
        (Section::License, "LicenseComment") => Text("comment"),
        _ => return None,
    })
}

/// Tags that start a new element, and its section.
fn starts(tag: &str) -> Option<Section> {
    Some(match tag {
        "PackageName" => Section::Package,
        "FileName" => Section::File,
        "SnippetSPDXID" => Section::Snippet,
        "LicenseID" => Section::License,
        _ => return None,
    })
}

/// Whether a text starts like SPDX tag-value (its first tag line is `SPDXVersion:`).
pub(super) fn looks_like(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("SPDXVersion:"))
}

/// One `Tag: value` with where its value is written.
struct Line<'t> {
    tag: &'t str,
    value: String,
    span: Span,
}

/// Splits the text into tag lines; `<text>` values may span lines.
fn lines<'t>(text: &'t str, problems: &mut Vec<(String, Span)>) -> Vec<Line<'t>> {
    let index = LineIndex::new(text);
    let span = |start: usize, end: usize| {
        let (line, column) = index.position(text, start);
        Span {
            offset: start as u32,
            len: (end - start) as u32,
            line,
            column,
        }
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let line = &text[at..end];
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            at = end + 1;
            continue;
        }
        let Some(colon) = line.find(':') else {
            problems.push((
                format!(
                    "`{}` is not a `Tag: value` line",
                    crate::diag::printable(&trimmed.chars().take(60).collect::<String>())
                ),
                span(at, end),
            ));
            at = end + 1;
            continue;
        };
        let tag = line[..colon].trim();
        let mut value_start = at + colon + 1;
        while text[value_start..end].starts_with([' ', '\t']) {
            value_start += 1;
        }
        let rest = &text[value_start..end];
        if let Some(body) = rest.strip_prefix("<text>") {
            let body_start = value_start + "<text>".len();
            match text[body_start..].find("</text>") {
                Some(close) => {
                    let value = text[body_start..body_start + close].to_string();
                    let value_end = body_start + close + "</text>".len();
                    out.push(Line {
                        tag,
                        value,
                        span: span(value_start, value_end.min(end.max(value_start))),
                    });
                    at = text[value_end..]
                        .find('\n')
                        .map_or(text.len(), |n| value_end + n + 1);
                }
                None => {
                    problems.push((
                        format!("the `{tag}` value opens `<text>` and never closes it"),
                        span(value_start, end),
                    ));
                    out.push(Line {
                        tag,
                        value: body.to_string(),
                        span: span(value_start, end),
                    });
                    at = text.len();
                }
            }
            continue;
        }
        out.push(Line {
            tag,
            value: rest.trim_end_matches('\r').trim().to_string(),
            span: span(value_start, end),
        });
        at = end + 1;
    }
    out
}

/// `ALGORITHM: value` (a checksum) as SPDX JSON writes it.
fn checksum(value: &str) -> Value {
    let (algorithm, hash) = value.split_once(':').unwrap_or((value, ""));
    json!({ "algorithm": algorithm.trim(), "checksumValue": hash.trim() })
}

/// Reads a tag-value document into SPDX JSON's shape.
pub(super) fn convert(text: &str) -> Converted {
    let mut problems = Vec::new();
    let lines = lines(text, &mut problems);
    let mut spans: HashMap<String, Span> = HashMap::new();
    let mut document = Map::new();
    let mut creation = Map::new();
    let mut lists: std::collections::BTreeMap<&'static str, Vec<Value>> =
        std::collections::BTreeMap::new();
    let mut relationships: Vec<Value> = Vec::new();
    let mut annotations: Vec<(String, Value, Span)> = Vec::new();
    let mut section = Section::Document;
    // The element being read: its section's list and index.
    let mut current: Option<(&'static str, usize)> = None;
    for Line { tag, value, span } in lines {
        if let Some(next) = starts(tag) {
            section = next;
            let list = lists.entry(next.list()).or_default();
            list.push(Value::Object(Map::new()));
            let at = (next.list(), list.len() - 1);
            current = Some(at);
            spans.insert(format!("/{}/{}", at.0, at.1), span);
        }
        match tag {
            "Creator" => {
                let list = creation
                    .entry("creators")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = list {
                    items.push(Value::String(value));
                    spans.insert(format!("/creationInfo/creators/{}", items.len() - 1), span);
                }
                continue;
            }
            "Created" | "CreatorComment" | "LicenseListVersion" => {
                let key = match tag {
                    "Created" => "created",
                    "CreatorComment" => "comment",
                    _ => "licenseListVersion",
                };
                creation.insert(key.to_string(), Value::String(value));
                spans.insert(format!("/creationInfo/{key}"), span);
                continue;
            }
            "ExternalDocumentRef" => {
                // `DocumentRef-x https://... SHA1: hash`
                let mut parts = value.splitn(3, char::is_whitespace);
                let id = parts.next().unwrap_or("");
                let uri = parts.next().unwrap_or("");
                let sum = parts.next().unwrap_or("");
                let list = document
                    .entry("externalDocumentRefs")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = list {
                    items.push(json!({
                        "externalDocumentId": id,
                        "spdxDocument": uri,
                        "checksum": checksum(sum),
                    }));
                    spans.insert(format!("/externalDocumentRefs/{}", items.len() - 1), span);
                }
                continue;
            }
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                if parts.len() != 3 {
                    problems.push((
                        format!(
                            "`Relationship: {}` is not `ELEMENT TYPE ELEMENT`",
                            crate::diag::printable(&value)
                        ),
                        span,
                    ));
                    continue;
                }
                relationships.push(json!({
                    "spdxElementId": parts[0],
                    "relationshipType": parts[1],
                    "relatedSpdxElement": parts[2],
                }));
                let at = format!("/relationships/{}", relationships.len() - 1);
                spans.insert(format!("{at}/spdxElementId"), span);
                spans.insert(format!("{at}/relatedSpdxElement"), span);
                spans.insert(at, span);
                continue;
            }
            "RelationshipComment" => {
                if let Some(Value::Object(last)) = relationships.last_mut() {
                    last.insert("comment".into(), Value::String(value));
                }
                continue;
            }
            "Annotator" => {
                annotations.push((String::new(), json!({ "annotator": value }), span));
                continue;
            }
            "AnnotationDate" | "AnnotationType" | "AnnotationComment" | "SPDXREF" => {
                if let Some((target, Value::Object(a), _)) = annotations.last_mut() {
                    match tag {
                        "SPDXREF" => *target = value,
                        "AnnotationDate" => {
                            a.insert("annotationDate".into(), Value::String(value));
                        }
                        "AnnotationType" => {
                            a.insert("annotationType".into(), Value::String(value));
                        }
                        _ => {
                            a.insert("comment".into(), Value::String(value));
                        }
                    }
                }
                continue;
            }
            "Reviewer" | "ReviewDate" | "ReviewComment" => {
                let key = match tag {
                    "Reviewer" => "reviewer",
                    "ReviewDate" => "reviewDate",
                    _ => "comment",
                };
                let list = document
                    .entry("revieweds")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = list {
                    if tag == "Reviewer" || items.is_empty() {
                        items.push(Value::Object(Map::new()));
                    }
                    if let Some(Value::Object(last)) = items.last_mut() {
                        last.insert(key.into(), Value::String(value));
                    }
                }
                continue;
            }
            _ => {}
        }
        // Where the value goes: the current element, or the document.
        let base = current.map_or(String::new(), |(list, i)| format!("/{list}/{i}"));
        let element: &mut Map<String, Value> = match current {
            Some((list, i)) => match lists.get_mut(list).and_then(|l| l.get_mut(i)) {
                Some(Value::Object(map)) => map,
                _ => &mut document,
            },
            None => &mut document,
        };
        let mut put_list = |element: &mut Map<String, Value>, key: &str, item: Value| {
            let list = element
                .entry(key.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = list {
                items.push(item);
                spans.insert(format!("{base}/{key}/{}", items.len() - 1), span);
            }
        };
        match (section, tag) {
            (Section::Package, "PackageChecksum") | (Section::File, "FileChecksum") => {
                let item = checksum(&value);
                put_list(element, "checksums", item);
                let n = element
                    .get("checksums")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                spans.insert(format!("{base}/checksums/{}/checksumValue", n - 1), span);
            }
            (Section::Package, "ExternalRef") => {
                let mut parts = value.split_whitespace();
                let item = json!({
                    "referenceCategory": parts.next().unwrap_or(""),
                    "referenceType": parts.next().unwrap_or(""),
                    "referenceLocator": parts.collect::<Vec<_>>().join(" "),
                });
                put_list(element, "externalRefs", item);
                let n = element
                    .get("externalRefs")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                spans.insert(
                    format!("{base}/externalRefs/{}/referenceLocator", n - 1),
                    span,
                );
            }
            (Section::Package, "ExternalRefComment") => {
                if let Some(Value::Object(last)) = element
                    .get_mut("externalRefs")
                    .and_then(Value::as_array_mut)
                    .and_then(|l| l.last_mut())
                {
                    last.insert("comment".into(), Value::String(value));
                }
            }
            (Section::Package, "FilesAnalyzed") => {
                let flag = match value.to_ascii_lowercase().as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(value),
                };
                element.insert("filesAnalyzed".into(), flag);
                spans.insert(format!("{base}/filesAnalyzed"), span);
            }
            (Section::Package, "PackageVerificationCode") => {
                // `hash (excludes: ./a ./b)`
                let (code, excluded) = match value.split_once('(') {
                    Some((code, rest)) => (code.trim(), rest.trim_end_matches(')')),
                    None => (value.as_str(), ""),
                };
                let mut v = json!({ "packageVerificationCodeValue": code });
                let excluded = excluded.trim().trim_start_matches("excludes:").trim();
                if !excluded.is_empty()
                    && let Some(map) = v.as_object_mut()
                {
                    map.insert(
                        "packageVerificationCodeExcludedFiles".into(),
                        json!(excluded.split_whitespace().collect::<Vec<_>>()),
                    );
                }
                element.insert("packageVerificationCode".into(), v);
                spans.insert(format!("{base}/packageVerificationCode"), span);
            }
            (Section::Snippet, "SnippetByteRange" | "SnippetLineRange") => {
                let key = if tag == "SnippetByteRange" {
                    "offset"
                } else {
                    "lineNumber"
                };
                let (from, to) = value.split_once(':').unwrap_or((&value, ""));
                let number = |n: &str| {
                    n.trim()
                        .parse::<u64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| Value::String(n.trim().to_string()))
                };
                let file = element
                    .get("snippetFromFile")
                    .cloned()
                    .unwrap_or(Value::String(String::new()));
                let range = json!({
                    "startPointer": { key: number(from), "reference": file },
                    "endPointer": { key: number(to), "reference": file },
                });
                put_list(element, "ranges", range);
            }
            _ => match field(section, tag) {
                Some(Shape::Text(key)) => {
                    element.insert(key.to_string(), Value::String(value));
                    spans.insert(format!("{base}/{key}"), span);
                }
                Some(Shape::List(key)) => put_list(element, key, Value::String(value)),
                None => problems.push((
                    format!(
                        "`{}` is not an SPDX 2.x tag{}",
                        crate::diag::printable(tag),
                        if section == Section::Document {
                            " of the document's creation information"
                        } else {
                            " here"
                        }
                    ),
                    span,
                )),
            },
        }
    }
    if !creation.is_empty() {
        document.insert("creationInfo".into(), Value::Object(creation));
    }
    for (list, items) in lists {
        if !list.is_empty() {
            document.insert(list.to_string(), Value::Array(items));
        }
    }
    if !relationships.is_empty() {
        document.insert("relationships".into(), Value::Array(relationships));
    }
    // Annotations belong to the element they name (SPDX JSON nests them there).
    for (target, annotation, span) in annotations {
        let holder = ["packages", "files", "snippets"].iter().find_map(|list| {
            let items = document.get(*list)?.as_array()?;
            let i = items
                .iter()
                .position(|e| e.get("SPDXID").and_then(Value::as_str) == Some(target.as_str()))?;
            Some((*list, i))
        });
        let (base, slot) = match holder {
            Some((list, i)) => (
                format!("/{list}/{i}"),
                document
                    .get_mut(list)
                    .and_then(|l| l.get_mut(i))
                    .and_then(Value::as_object_mut),
            ),
            None => (String::new(), Some(&mut document)),
        };
        if let Some(map) = slot
            && let Value::Array(items) = map
                .entry("annotations")
                .or_insert_with(|| Value::Array(Vec::new()))
        {
            items.push(annotation);
            spans.insert(format!("{base}/annotations/{}", items.len() - 1), span);
        }
    }
    Converted {
        value: Value::Object(document),
        spans,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
DocumentName: fw\nDocumentNamespace: https://example.com/fw\nCreator: Organization: Acme\n\
Created: 2026-05-01T10:00:00Z\n\n# The firmware\nPackageName: fw\nSPDXID: SPDXRef-fw\n\
PackageVersion: 1.0\nPackageDownloadLocation: NOASSERTION\nFilesAnalyzed: false\n\
PackageChecksum: SHA256: abcd\nExternalRef: PACKAGE-MANAGER purl pkg:generic/fw@1.0\n\
PackageCopyrightText: <text>Copyright\nAcme</text>\n\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw\n";

    #[test]
    fn reads_tags_into_spdx_json_with_lines() {
        let c = convert(DOC);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let v = &c.value;
        assert_eq!(v["spdxVersion"], "SPDX-2.3");
        assert_eq!(v["creationInfo"]["creators"][0], "Organization: Acme");
        assert_eq!(v["packages"][0]["SPDXID"], "SPDXRef-fw");
        assert_eq!(v["packages"][0]["filesAnalyzed"], false);
        assert_eq!(v["packages"][0]["checksums"][0]["algorithm"], "SHA256");
        assert_eq!(v["packages"][0]["checksums"][0]["checksumValue"], "abcd");
        assert_eq!(
            v["packages"][0]["externalRefs"][0]["referenceLocator"],
            "pkg:generic/fw@1.0"
        );
        assert_eq!(v["packages"][0]["copyrightText"], "Copyright\nAcme");
        assert_eq!(v["relationships"][0]["relatedSpdxElement"], "SPDXRef-fw");
        assert_eq!(c.span("/packages/0/SPDXID").line, 11);
        assert_eq!(c.span("/packages/0/checksums/0/checksumValue").line, 15);
        // A field the document lacks is placed at its element's first line.
        assert_eq!(c.span("/packages/0/licenseConcluded").line, 10);
        assert_eq!(c.span("/relationships/0/relatedSpdxElement").line, 20);
    }

    #[test]
    fn unknown_tags_and_broken_lines_are_problems_not_panics() {
        let c = convert(
            "SPDXVersion: SPDX-2.3\nPackageName: x\nPackageColour: red\nno colon\nPackageComment: <text>open\n",
        );
        let messages: Vec<&str> = c.problems.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        let at = |words: &str| {
            c.problems
                .iter()
                .find(|(m, _)| m.contains(words))
                .map(|(_, s)| s.line)
        };
        assert_eq!(at("PackageColour"), Some(3));
        assert_eq!(at("is not a `Tag: value` line"), Some(4));
        assert_eq!(at("never closes it"), Some(5));
        for cut in 0..DOC.len() {
            if DOC.is_char_boundary(cut) {
                let _ = convert(&DOC[..cut]);
            }
        }
    }
}

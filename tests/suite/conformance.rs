//! Conformance: for each supply-chain format, a valid document reads with no violation, and
//! each way of breaking the standard (one edit of the valid document) is reported, in plain
//! words, at the line of the offending value. The cases follow the standards' own test
//! suites (CycloneDX's `tools/src/test/resources`, SPDX's examples, CSAF's mandatory tests),
//! written for this project.

use dossier::parse::sbom::{LoadedSbom, LoadedVex, read_document, read_vex_document};
use dossier::parse::standard::Violation;

use crate::support::{check, root};

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// One way to break a valid document: the edit, the words the finding must use, and text
/// the finding's line must hold (empty: the finding may have no line).
struct Case {
    from: &'static str,
    to: &'static str,
    says: &'static str,
    line_has: &'static str,
}

const fn case(
    from: &'static str,
    to: &'static str,
    says: &'static str,
    line_has: &'static str,
) -> Case {
    Case {
        from,
        to,
        says,
        line_has,
    }
}

fn line(text: &str, n: u32) -> &str {
    text.lines().nth(n.saturating_sub(1) as usize).unwrap_or("")
}

fn show(violations: &[Violation]) -> Vec<String> {
    violations
        .iter()
        .map(|v| format!("{}: {}", v.span.line, v.message))
        .collect()
}

/// Checks a valid document and each broken variant with `read`.
fn conforms(
    label: &str,
    valid: &str,
    cases: &[Case],
    read: impl Fn(&str) -> (Option<String>, Vec<Violation>),
) {
    let (problem, violations) = read(valid);
    assert_eq!(problem, None, "{label}: the valid document cannot be read");
    assert!(
        violations.is_empty(),
        "{label}: valid, yet {:?}",
        show(&violations)
    );
    for c in cases {
        assert!(
            valid.contains(c.from),
            "{label}: `{}` is not in the document",
            c.from
        );
        let broken = valid.replacen(c.from, c.to, 1);
        let (_, violations) = read(&broken);
        let hit = violations.iter().find(|v| v.message.contains(c.says));
        let Some(hit) = hit else {
            panic!(
                "{label}: `{}` → `{}` should say “{}”; says {:?}",
                c.from,
                c.to,
                c.says,
                show(&violations)
            );
        };
        if !c.line_has.is_empty() {
            assert!(
                line(&broken, hit.span.line).contains(c.line_has),
                "{label}: “{}” at line {} (`{}`), not at `{}`",
                hit.message,
                hit.span.line,
                line(&broken, hit.span.line),
                c.line_has
            );
        }
    }
}

fn sbom(text: &str) -> (Option<String>, Vec<Violation>) {
    let loaded: LoadedSbom = read_document(text);
    (loaded.problem.map(|p| p.0), loaded.violations)
}

fn vex(text: &str) -> (Option<String>, Vec<Violation>) {
    let loaded: LoadedVex = read_vex_document(text);
    (loaded.problem.map(|p| p.0), loaded.violations)
}

fn cyclonedx_json(version: &str) -> String {
    format!(
        r#"{{
  "bomFormat": "CycloneDX",
  "specVersion": "{version}",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {{
    "timestamp": "2026-05-01T10:00:00Z",
    "component": {{
      "type": "firmware",
      "bom-ref": "fw",
      "name": "pump-fw",
      "version": "1.0.0"
    }}
  }},
  "components": [
    {{
      "type": "library",
      "bom-ref": "zlib",
      "name": "zlib",
      "version": "1.3.1",
      "scope": "required",
      "purl": "pkg:generic/zlib@1.3.1",
      "cpe": "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*",
      "licenses": [ {{ "license": {{ "id": "Zlib" }} }} ],
      "hashes": [
        {{
          "alg": "SHA-256",
          "content": "{HASH}"
        }}
      ]
    }},
    {{
      "type": "library",
      "bom-ref": "mbedtls",
      "name": "mbedtls",
      "version": "3.6.2"
    }}
  ],
  "dependencies": [
    {{
      "ref": "fw",
      "dependsOn": [ "zlib", "mbedtls" ]
    }}
  ],
  "vulnerabilities": [
    {{
      "id": "CVE-2026-0001",
      "analysis": {{ "state": "not_affected", "justification": "code_not_reachable" }},
      "affects": [ {{ "ref": "zlib" }} ]
    }}
  ]
}}
"#
    )
}

// CycloneDX JSON 1.4-1.7: the official schema (formats included) and the checks it
// cannot express.
#[test]
fn cyclonedx_json_conforms_to_its_schema_and_references() {
    let cases = [
        case(
            r#""timestamp": "2026-05-01T10:00:00Z""#,
            r#""timestamp": "2026-05-01""#,
            "is not a date-time",
            "timestamp",
        ),
        case(
            r#""bom-ref": "mbedtls""#,
            r#""bom-ref": "zlib""#,
            "is also the bom-ref of components[0]",
            r#""bom-ref": "zlib""#,
        ),
        case(
            r#"[ "zlib", "mbedtls" ]"#,
            r#"[ "zlib", "mbedTLS" ]"#,
            "`mbedTLS` is the bom-ref of nothing",
            "mbedTLS",
        ),
        case(
            r#"{ "ref": "zlib" }"#,
            r#"{ "ref": "libz" }"#,
            "`libz` is the bom-ref of no component",
            "libz",
        ),
        case(HASH, &HASH[..40], "SHA-256 values have 64", "content"),
        case(HASH, "not-a-hash", "is not hexadecimal", "content"),
        case(
            r#""alg": "SHA-256""#,
            r#""alg": "SHA-257""#,
            "is not one of the",
            "SHA-257",
        ),
        case(
            "pkg:generic/zlib@1.3.1",
            "zlib@1.3.1",
            "is not a valid purl",
            "purl",
        ),
        case(
            "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*",
            "cpe:2.3:a:zlib:zlib:1.3.1",
            "a CPE 2.3 name has 11",
            "cpe",
        ),
        case(
            r#""scope": "required""#,
            r#""scope": "needed""#,
            "`needed` is not one of the values",
            "scope",
        ),
        case(
            r#""type": "library",
      "bom-ref": "mbedtls""#,
            r#""kind": "library",
      "bom-ref": "mbedtls""#,
            "lacks `type`",
            "",
        ),
        case(
            r#""id": "Zlib""#,
            r#""id": "zlib-license""#,
            "is not an SPDX licence identifier",
            "zlib-license",
        ),
        case(
            r#""name": "mbedtls""#,
            r#""nmae": "mbedtls""#,
            "`nmae` is not a field the standard defines",
            "",
        ),
        case(
            "3e671687-395b-41f5-a30f-a58921a69b79",
            "3e671687",
            "is not of the form the standard requires",
            "serialNumber",
        ),
        case(
            r#""version": 1,"#,
            r#""version": "1","#,
            "is a string; the standard wants a whole number",
            "\"1\"",
        ),
    ];
    for version in ["1.4", "1.5", "1.6", "1.7"] {
        conforms(
            &format!("CycloneDX {version} JSON"),
            &cyclonedx_json(version),
            &cases,
            sbom,
        );
    }
}

fn cyclonedx_xml(version: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/{version}" version="1" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79">
  <metadata>
    <timestamp>2026-05-01T10:00:00Z</timestamp>
    <component type="firmware" bom-ref="fw">
      <name>pump-fw</name>
      <version>1.0.0</version>
    </component>
  </metadata>
  <components>
    <component type="library" bom-ref="zlib">
      <name>zlib</name>
      <version>1.3.1</version>
      <hashes><hash alg="SHA-256">{HASH}</hash></hashes>
      <licenses><license><id>Zlib</id></license></licenses>
      <purl>pkg:generic/zlib@1.3.1</purl>
    </component>
    <component type="library" bom-ref="mbedtls">
      <name>mbedtls</name>
      <version>3.6.2</version>
      <scope>required</scope>
    </component>
  </components>
  <dependencies>
    <dependency ref="fw"><dependency ref="zlib"/><dependency ref="mbedtls"/></dependency>
  </dependencies>
  <vulnerabilities>
    <vulnerability>
      <id>CVE-2026-0001</id>
      <analysis>
        <state>not_affected</state>
        <justification>code_not_reachable</justification>
      </analysis>
      <affects><target><ref>zlib</ref></target></affects>
    </vulnerability>
  </vulnerabilities>
</bom>
"#
    )
}

// CycloneDX XML: no maintained, safe XSD validator exists in Rust, so the constraints are
// checked on what is read, against the same JSON schema.
#[test]
fn cyclonedx_xml_is_checked_on_what_is_read() {
    let cases = [
        case(
            "<timestamp>2026-05-01T10:00:00Z",
            "<timestamp>2026-05-01",
            "is not a date-time",
            "timestamp",
        ),
        case(
            r#"bom-ref="mbedtls""#,
            r#"bom-ref="zlib""#,
            "is also the bom-ref",
            "",
        ),
        case(
            r#"<dependency ref="mbedtls"/>"#,
            r#"<dependency ref="mbedTLS"/>"#,
            "`mbedTLS` is the bom-ref of nothing",
            "mbedTLS",
        ),
        case(HASH, &HASH[..40], "SHA-256 values have 64", "hash"),
        case(
            r#"type="library" bom-ref="zlib""#,
            r#"type="lib" bom-ref="zlib""#,
            "`lib` is not one of the",
            "lib",
        ),
        case(
            "<id>Zlib</id>",
            "<id>zlib-license</id>",
            "is not an SPDX licence identifier",
            "zlib-license",
        ),
        case(
            "<scope>required</scope>",
            "<scope>needed</scope>",
            "`needed` is not one of the values",
            "needed",
        ),
        case(
            "pkg:generic/zlib@1.3.1",
            "zlib@1.3.1",
            "is not a valid purl",
            "purl",
        ),
        case(
            "a30f-a58921a69b79",
            "a30f",
            "is not of the form the standard requires",
            "serialNumber",
        ),
        case(
            "<ref>zlib</ref>",
            "<ref>libz</ref>",
            "`libz` is the bom-ref of no component",
            "libz",
        ),
        case(
            "<state>not_affected</state>",
            "<state>not-affected</state>",
            "`not-affected` is not one of the values",
            "not-affected",
        ),
    ];
    for version in ["1.4", "1.5", "1.6", "1.7"] {
        conforms(
            &format!("CycloneDX {version} XML"),
            &cyclonedx_xml(version),
            &cases,
            sbom,
        );
    }
}

// The JSON and XML readers agree on every field, the deprecated `manufacture` included.
#[test]
fn cyclonedx_json_and_xml_read_alike() {
    for version in ["1.4", "1.5"] {
        let json = cyclonedx_json(version).replace(
            r#""timestamp": "2026-05-01T10:00:00Z","#,
            r#""timestamp": "2026-05-01T10:00:00Z", "manufacture": { "name": "Meridian Medical" },"#,
        );
        let xml = cyclonedx_xml(version).replace(
            "</timestamp>",
            "</timestamp>\n    <manufacture><name>Meridian Medical</name></manufacture>",
        );
        let (a, b) = (read_document(&json), read_document(&xml));
        assert!(
            a.violations.is_empty() && b.violations.is_empty(),
            "{:?} {:?}",
            show(&a.violations),
            show(&b.violations)
        );
        assert_eq!(a.authors, ["Meridian Medical"], "{version} JSON");
        assert_eq!(b.authors, a.authors, "{version} XML");
        assert_eq!(a.timestamp, b.timestamp);
        // The SBOM's own VEX statements, too, and where they are written.
        let statements = |s: &LoadedSbom| -> Vec<_> {
            s.vex
                .iter()
                .flat_map(|v| v.doc.statements.clone())
                .collect()
        };
        assert_eq!(statements(&a).len(), 1);
        assert_eq!(statements(&a), statements(&b));
        assert!(b.vex.iter().all(|v| v.doc.spans.iter().all(|s| s.line > 0)));
        assert_eq!(a.root, b.root);
        assert_eq!(a.dependencies, b.dependencies);
        let fields = |s: &LoadedSbom| -> Vec<String> {
            s.components
                .iter()
                .map(|c| {
                    format!("{c:?}")
                        .split("span")
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .collect()
        };
        let labels =
            |s: &LoadedSbom| -> Vec<String> { s.components.iter().map(|c| c.label()).collect() };
        assert_eq!(labels(&a), labels(&b));
        assert_eq!(fields(&a).len(), fields(&b).len());
        for (x, y) in a.components.iter().zip(&b.components) {
            let v =
                |s: &Option<dossier::model::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
            assert_eq!(
                (
                    v(&x.name),
                    v(&x.version),
                    v(&x.purl),
                    v(&x.supplier),
                    x.hashes.iter().map(|h| h.value.clone()).collect::<Vec<_>>()
                ),
                (
                    v(&y.name),
                    v(&y.version),
                    v(&y.purl),
                    v(&y.supplier),
                    y.hashes.iter().map(|h| h.value.clone()).collect::<Vec<_>>()
                ),
            );
        }
    }
}

fn spdx_json(version: &str) -> String {
    format!(
        r#"{{
  "spdxVersion": "SPDX-{version}",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "pump-fw-1.0.0",
  "documentNamespace": "https://example.com/spdx/pump-fw-1.0.0",
  "creationInfo": {{
    "created": "2026-05-01T10:00:00Z",
    "creators": [ "Organization: Meridian Medical" ]
  }},
  "packages": [
    {{
      "SPDXID": "SPDXRef-fw",
      "name": "pump-fw",
      "versionInfo": "1.0.0",
      "downloadLocation": "NOASSERTION",
      "licenseConcluded": "NOASSERTION",
      "licenseDeclared": "NOASSERTION",
      "copyrightText": "NOASSERTION"
    }},
    {{
      "SPDXID": "SPDXRef-zlib",
      "name": "zlib",
      "versionInfo": "1.3.1",
      "downloadLocation": "NOASSERTION",
      "licenseConcluded": "Zlib",
      "licenseDeclared": "Zlib",
      "copyrightText": "NOASSERTION",
      "checksums": [
        {{
          "algorithm": "SHA256",
          "checksumValue": "{HASH}"
        }}
      ],
      "externalRefs": [
        {{
          "referenceCategory": "PACKAGE-MANAGER",
          "referenceType": "purl",
          "referenceLocator": "pkg:generic/zlib@1.3.1"
        }},
        {{
          "referenceCategory": "SECURITY",
          "referenceType": "cpe23Type",
          "referenceLocator": "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"
        }}
      ]
    }}
  ],
  "files": [
    {{
      "SPDXID": "SPDXRef-image",
      "fileName": "./pump-fw.bin",
      "licenseConcluded": "NOASSERTION",
      "licenseInfoInFiles": [ "NOASSERTION" ],
      "copyrightText": "NOASSERTION",
      "checksums": [ {{ "algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709" }} ]
    }}
  ],
  "relationships": [
    {{
      "spdxElementId": "SPDXRef-DOCUMENT",
      "relationshipType": "DESCRIBES",
      "relatedSpdxElement": "SPDXRef-fw"
    }},
    {{
      "spdxElementId": "SPDXRef-fw",
      "relationshipType": "DEPENDS_ON",
      "relatedSpdxElement": "SPDXRef-zlib"
    }}
  ]
}}
"#
    )
}

fn spdx_cases() -> Vec<Case> {
    vec![
        case(
            r#""created": "2026-05-01T10:00:00Z""#,
            r#""created": "2026-05-01 10:00""#,
            "is not a date-time",
            "created",
        ),
        case(
            r#""SPDXID": "SPDXRef-zlib""#,
            r#""SPDXID": "SPDXRef-fw""#,
            "is also the SPDXID of packages[0]",
            "SPDXRef-fw",
        ),
        case(
            r#""relatedSpdxElement": "SPDXRef-zlib""#,
            r#""relatedSpdxElement": "SPDXRef-libz""#,
            "`SPDXRef-libz` is the SPDXID of no package",
            "SPDXRef-libz",
        ),
        case(
            r#""relatedSpdxElement": "SPDXRef-fw""#,
            r#""relatedSpdxElement": "SPDXRef-image""#,
            "no package",
            "SPDXRef-image",
        ),
        case(
            HASH,
            &HASH[..40],
            "SHA256 values have 64",
            HASH.get(..40).unwrap_or(""),
        ),
        case(
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "da39a3ee5e6b4b0d3255bfef95601890afd8070",
            "SHA1 values have 40",
            "da39a3ee",
        ),
        case(
            "pkg:generic/zlib@1.3.1",
            "zlib@1.3.1",
            "is not a valid purl",
            "zlib@1.3.1",
        ),
        case(
            "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*",
            "cpe:2.3:a:zlib:zlib",
            "a CPE 2.3 name has 11",
            "cpe:2.3:a:zlib:zlib",
        ),
        case(r#""SPDXID": "SPDXRef-zlib","#, "", "lacks `SPDXID`", ""),
    ]
}

// SPDX 2.2 and 2.3 JSON: SPDX's schema, element IDs, relationships, checksums, purls, CPEs;
// the primary component is a package, and a package without SPDXID is not read.
#[test]
fn spdx_json_conforms_to_its_schema_and_references() {
    for version in ["2.2", "2.3"] {
        conforms(
            &format!("SPDX {version} JSON"),
            &spdx_json(version),
            &spdx_cases(),
            sbom,
        );
    }
    let no_id = spdx_json("2.3").replacen(r#""SPDXID": "SPDXRef-zlib","#, "", 1);
    let loaded = read_document(&no_id);
    assert_eq!(
        loaded.components.len(),
        1,
        "a package without SPDXID is not read"
    );
    let describes_file = spdx_json("2.3").replacen(
        r#""relatedSpdxElement": "SPDXRef-fw""#,
        r#""relatedSpdxElement": "SPDXRef-image""#,
        1,
    );
    assert_eq!(
        read_document(&describes_file).root,
        None,
        "a file is never the primary component"
    );
}

/// The SPDX JSON document above, written as tag-value.
fn spdx_tag(version: &str) -> String {
    format!(
        "SPDXVersion: SPDX-{version}
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: pump-fw-1.0.0
DocumentNamespace: https://example.com/spdx/pump-fw-1.0.0
Creator: Organization: Meridian Medical
Created: 2026-05-01T10:00:00Z

## The firmware
PackageName: pump-fw
SPDXID: SPDXRef-fw
PackageVersion: 1.0.0
PackageDownloadLocation: NOASSERTION
PackageLicenseConcluded: NOASSERTION
PackageLicenseDeclared: NOASSERTION
PackageCopyrightText: NOASSERTION

PackageName: zlib
SPDXID: SPDXRef-zlib
PackageVersion: 1.3.1
PackageDownloadLocation: NOASSERTION
PackageChecksum: SHA256: {HASH}
PackageLicenseConcluded: Zlib
PackageLicenseDeclared: Zlib
PackageCopyrightText: <text>Copyright (C) 1995-2024
Jean-loup Gailly and Mark Adler</text>
ExternalRef: PACKAGE-MANAGER purl pkg:generic/zlib@1.3.1
ExternalRef: SECURITY cpe23Type cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*

FileName: ./pump-fw.bin
SPDXID: SPDXRef-image
FileChecksum: SHA1: da39a3ee5e6b4b0d3255bfef95601890afd80709
LicenseConcluded: NOASSERTION
LicenseInfoInFile: NOASSERTION
FileCopyrightText: NOASSERTION

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw
Relationship: SPDXRef-fw DEPENDS_ON SPDXRef-zlib
"
    )
}

// SPDX tag-value reads as SPDX JSON does, with the same checks, at its own lines.
#[test]
fn spdx_tag_value_reads_and_conforms_like_json() {
    let cases = [
        case(
            "Created: 2026-05-01T10:00:00Z",
            "Created: 2026-05-01 10:00",
            "is not a date-time",
            "Created:",
        ),
        case(
            "SPDXID: SPDXRef-zlib",
            "SPDXID: SPDXRef-fw",
            "is also the SPDXID of packages[0]",
            "SPDXID: SPDXRef-fw",
        ),
        case(
            "DEPENDS_ON SPDXRef-zlib",
            "DEPENDS_ON SPDXRef-libz",
            "`SPDXRef-libz` is the SPDXID of no package",
            "SPDXRef-libz",
        ),
        case(
            "DESCRIBES SPDXRef-fw",
            "DESCRIBES SPDXRef-image",
            "no package",
            "DESCRIBES SPDXRef-image",
        ),
        case(
            HASH,
            &HASH[..40],
            "SHA256 values have 64",
            "PackageChecksum",
        ),
        case(
            "pkg:generic/zlib@1.3.1",
            "zlib@1.3.1",
            "is not a valid purl",
            "ExternalRef",
        ),
        case(
            "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*",
            "cpe:2.3:a:zlib:zlib",
            "a CPE 2.3 name has 11",
            "cpe23Type",
        ),
        case(
            "SPDXID: SPDXRef-zlib\n",
            "",
            "lacks `SPDXID`",
            "PackageName: zlib",
        ),
        case(
            "PackageVersion: 1.3.1",
            "PackageColour: red",
            "`PackageColour` is not an SPDX 2.x tag",
            "PackageColour",
        ),
        case(
            "Jean-loup Gailly and Mark Adler</text>",
            "Jean-loup Gailly and Mark Adler",
            "never closes it",
            "PackageCopyrightText",
        ),
        case(
            "Relationship: SPDXRef-fw DEPENDS_ON SPDXRef-zlib",
            "Relationship: SPDXRef-fw DEPENDS_ON",
            "is not `ELEMENT TYPE ELEMENT`",
            "Relationship:",
        ),
    ];
    for version in ["2.2", "2.3"] {
        conforms(
            &format!("SPDX {version} tag-value"),
            &spdx_tag(version),
            &cases,
            sbom,
        );
        let (tag, json) = (
            read_document(&spdx_tag(version)),
            read_document(&spdx_json(version)),
        );
        assert_eq!(tag.spec_version.as_deref(), Some(version));
        assert_eq!(
            (tag.format, &tag.root, &tag.authors, &tag.timestamp),
            (json.format, &json.root, &json.authors, &json.timestamp)
        );
        assert_eq!(tag.dependencies, json.dependencies);
        let seen = |s: &LoadedSbom| -> Vec<(String, Vec<String>, u32)> {
            s.components
                .iter()
                .map(|c| {
                    (
                        c.label(),
                        c.hashes.iter().map(|h| h.value.clone()).collect(),
                        c.span.line,
                    )
                })
                .collect()
        };
        let tag_seen = seen(&tag);
        assert_eq!(
            tag_seen.iter().map(|c| (&c.0, &c.1)).collect::<Vec<_>>(),
            seen(&json).iter().map(|c| (&c.0, &c.1)).collect::<Vec<_>>()
        );
        // Components point at their `SPDXID:` lines.
        assert_eq!(tag_seen.iter().map(|c| c.2).collect::<Vec<_>>(), [11, 19]);
    }
}

fn spdx3(context: &str) -> String {
    format!(
        r#"{{
  "@context": "{context}",
  "@graph": [
    {{
      "type": "CreationInfo",
      "@id": "_:creationinfo",
      "specVersion": "3.0.1",
      "created": "2026-05-01T10:00:00Z",
      "createdBy": [ "https://example.com/agent/meridian" ]
    }},
    {{
      "type": "Organization",
      "spdxId": "https://example.com/agent/meridian",
      "name": "Meridian Medical",
      "creationInfo": "_:creationinfo"
    }},
    {{
      "type": "software_Sbom",
      "spdxId": "https://example.com/sbom",
      "creationInfo": "_:creationinfo",
      "rootElement": [ "https://example.com/pkg/fw" ],
      "software_sbomType": [ "build" ]
    }},
    {{
      "type": "software_Package",
      "spdxId": "https://example.com/pkg/fw",
      "creationInfo": "_:creationinfo",
      "name": "pump-fw",
      "software_packageVersion": "1.0.0"
    }},
    {{
      "type": "software_Package",
      "spdxId": "https://example.com/pkg/zlib",
      "creationInfo": "_:creationinfo",
      "name": "zlib",
      "software_packageVersion": "1.3.1",
      "software_packageUrl": "pkg:generic/zlib@1.3.1",
      "verifiedUsing": [
        {{
          "type": "Hash",
          "algorithm": "sha256",
          "hashValue": "{HASH}"
        }}
      ]
    }},
    {{
      "type": "Relationship",
      "spdxId": "https://example.com/rel/1",
      "creationInfo": "_:creationinfo",
      "from": "https://example.com/pkg/fw",
      "relationshipType": "dependsOn",
      "to": [ "https://example.com/pkg/zlib" ]
    }}
  ]
}}
"#
    )
}

// SPDX 3.0 JSON-LD: the published 3.0.1 schema (3.0.0 documents against it, their context
// read as 3.0.0's), element IDs, hashes, purls.
#[test]
fn spdx3_conforms_to_its_schema() {
    let cases = [
        case(
            r#""spdxId": "https://example.com/pkg/zlib""#,
            r#""spdxId": "zlib""#,
            "is not an IRI",
            "\"zlib\"",
        ),
        case(
            r#""spdxId": "https://example.com/pkg/zlib","#,
            "",
            "a software_Package without `spdxId`",
            "",
        ),
        case(
            r#""spdxId": "https://example.com/pkg/zlib""#,
            r#""spdxId": "https://example.com/pkg/fw""#,
            "is also the spdxId of @graph[3]",
            "pkg/fw",
        ),
        case(HASH, &HASH[..40], "values have 64", "hashValue"),
        case(
            "pkg:generic/zlib@1.3.1",
            "zlib@1.3.1",
            "is not a valid purl",
            "software_packageUrl",
        ),
        case(
            r#""created": "2026-05-01T10:00:00Z""#,
            r#""created": "yesterday""#,
            "yesterday",
            "created",
        ),
    ];
    conforms(
        "SPDX 3.0.1",
        &spdx3("https://spdx.org/rdf/3.0.1/spdx-context.jsonld"),
        &cases,
        sbom,
    );
    conforms(
        "SPDX 3.0.0",
        &spdx3("https://spdx.org/rdf/3.0.0/spdx-context.jsonld"),
        &cases[..1],
        sbom,
    );
}

fn openvex() -> String {
    r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/pump-fw-1.0.0",
  "author": "Meridian Medical PSIRT",
  "timestamp": "2026-05-02T09:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": { "name": "CVE-2026-0001" },
      "products": [ { "@id": "pkg:generic/pump-fw@1.0.0", "subcomponents": [ { "@id": "pkg:generic/zlib@1.3.1" } ] } ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path"
    }
  ]
}
"#
    .to_string()
}

// OpenVEX 0.2.0 against its schema.
#[test]
fn openvex_conforms_to_its_schema() {
    let cases = [
        case(
            r#""timestamp": "2026-05-02T09:00:00Z""#,
            r#""timestamp": "2 May 2026""#,
            "is not a date-time",
            "timestamp",
        ),
        case(
            r#""version": 1"#,
            r#""version": "one""#,
            "is a string; the standard wants",
            "version",
        ),
        case(
            r#""author": "Meridian Medical PSIRT","#,
            "",
            "lacks `author`",
            "",
        ),
        case(
            r#""justification": "vulnerable_code_not_in_execute_path""#,
            r#""justification": "not_reachable""#,
            "`not_reachable` is not one of the values",
            "justification",
        ),
    ];
    conforms("OpenVEX 0.2.0", &openvex(), &cases, vex);
}

fn csaf() -> String {
    r#"{
  "document": {
    "category": "csaf_vex",
    "csaf_version": "2.0",
    "title": "Pump firmware 1.0.0 VEX",
    "publisher": { "category": "vendor", "name": "Meridian Medical", "namespace": "https://example.com" },
    "tracking": {
      "id": "MM-VEX-1",
      "status": "final",
      "version": "1",
      "initial_release_date": "2026-05-02T00:00:00Z",
      "current_release_date": "2026-05-02T00:00:00Z",
      "revision_history": [ { "number": "1", "date": "2026-05-02T00:00:00Z", "summary": "First" } ]
    }
  },
  "product_tree": {
    "full_product_names": [
      { "product_id": "zlib-1.3.1", "name": "zlib 1.3.1", "product_identification_helper": { "purl": "pkg:generic/zlib@1.3.1" } }
    ]
  },
  "vulnerabilities": [
    {
      "cve": "CVE-2026-0001",
      "notes": [ { "category": "description", "text": "A flaw." } ],
      "product_status": { "known_not_affected": [ "zlib-1.3.1" ] },
      "flags": [ { "label": "vulnerable_code_not_in_execute_path", "product_ids": [ "zlib-1.3.1" ] } ],
      "scores": [
        {
          "products": [ "zlib-1.3.1" ],
          "cvss_v3": { "version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL" }
        }
      ]
    }
  ]
}
"#
    .to_string()
}

// CSAF 2.0 against its schema, with FIRST's CVSS schemas it references.
#[test]
fn csaf_conforms_to_its_schema() {
    let cases = [
        case(
            r#""status": "final""#,
            r#""status": "released""#,
            "`released` is not one of the values",
            "status",
        ),
        case(
            r#", "namespace": "https://example.com""#,
            "",
            "lacks `namespace`",
            "publisher",
        ),
        case(
            r#""initial_release_date": "2026-05-02T00:00:00Z""#,
            r#""initial_release_date": "May 2""#,
            "is not a date-time",
            "initial_release_date",
        ),
        case(
            r#""cve": "CVE-2026-0001""#,
            r#""cve": "2026-0001""#,
            "is not of the form the standard requires",
            "cve",
        ),
        // FIRST's CVSS schema, which CSAF references, knows the metric values.
        case(
            "CVSS:3.1/AV:N/",
            "CVSS:3.1/AV:Q/",
            "is not of the form the standard requires",
            "vectorString",
        ),
        case(
            r#""baseSeverity": "CRITICAL""#,
            r#""baseSeverity": "SEVERE""#,
            "`SEVERE`",
            "baseSeverity",
        ),
    ];
    conforms("CSAF 2.0", &csaf(), &cases, vex);
}

// CSAF 2.0's mandatory tests that concern VEX (§6.1.1, 6.1.4, 6.1.27.5-10), with product
// groups standing for their products; a vendor's own category is read too.
#[test]
fn csaf_mandatory_vex_tests() {
    let cases = [
        case(
            r#""flags": [ { "label": "vulnerable_code_not_in_execute_path", "product_ids": [ "zlib-1.3.1" ] } ],"#,
            "",
            "is known_not_affected without an impact statement (a flag, or a threat of category `impact`) (CSAF 2.0 §6.1.27.9)",
            "known_not_affected",
        ),
        case(
            r#""known_not_affected": [ "zlib-1.3.1" ]"#,
            r#""known_affected": [ "zlib-1.3.1" ]"#,
            "is known_affected without an action statement (a remediation) (CSAF 2.0 §6.1.27.10)",
            "known_affected",
        ),
        case(
            r#""known_not_affected": [ "zlib-1.3.1" ]"#,
            r#""known_not_affected": [ "zlib-1.2.13" ]"#,
            "`zlib-1.2.13` is not defined in the product tree (CSAF 2.0 §6.1.1)",
            "zlib-1.2.13",
        ),
        case(
            r#""product_ids": [ "zlib-1.3.1" ] } ],"#,
            r#""group_ids": [ "CSAFGID-1" ] } ],"#,
            "`CSAFGID-1` is not defined in the product tree (CSAF 2.0 §6.1.4)",
            "CSAFGID-1",
        ),
        case(
            r#""notes": [ { "category": "description", "text": "A flaw." } ],"#,
            "",
            "CVE-2026-0001 has no `notes` (CSAF 2.0 §6.1.27.5)",
            "",
        ),
        case(
            r#""product_status": { "known_not_affected": [ "zlib-1.3.1" ] },"#,
            r#""product_status": { "recommended": [ "zlib-1.3.1" ] },"#,
            "(CSAF 2.0 §6.1.27.7)",
            "",
        ),
    ];
    conforms("CSAF 2.0 VEX profile", &csaf(), &cases, vex);
    // A flag given through a product group is the products' impact statement.
    let grouped = csaf()
        .replace(
            r#""full_product_names": ["#,
            r#""product_groups": [ { "group_id": "CSAFGID-1", "product_ids": [ "zlib-1.3.1", "zlib-1.3" ] } ],
    "full_product_names": [
      { "product_id": "zlib-1.3", "name": "zlib 1.3" },"#,
        )
        .replace(
            r#""label": "vulnerable_code_not_in_execute_path", "product_ids": [ "zlib-1.3.1" ]"#,
            r#""label": "vulnerable_code_not_in_execute_path", "group_ids": [ "CSAFGID-1" ]"#,
        );
    let read = read_vex_document(&grouped);
    assert!(read.violations.is_empty(), "{:?}", show(&read.violations));
    assert_eq!(read.doc.statements.len(), 1, "{:?}", read.doc.invalid);
    // Any category may state product status (a vendor's own is the base profile).
    let vendor = csaf().replace(
        r#""category": "csaf_vex""#,
        r#""category": "Acme Security Advisory""#,
    );
    let read = read_vex_document(&vendor);
    assert_eq!((read.problem, read.doc.statements.len()), (None, 1));
    let informational = csaf()
        .replace(
            r#""category": "csaf_vex""#,
            r#""category": "csaf_informational_advisory""#,
        )
        .replace(
            r#""product_status": { "known_not_affected": [ "zlib-1.3.1" ] },"#,
            "",
        );
    let problem = read_vex_document(&informational)
        .problem
        .map(|p| p.0)
        .unwrap_or_default();
    assert!(problem.contains("states no product status"), "{problem}");
}

// Formats `dossier` does not read are named, never reported as bad JSON at line 1.
#[test]
fn unsupported_formats_are_named() {
    for (text, name) in [
        (
            "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n",
            "SPDX YAML",
        ),
        (
            "bomFormat: CycloneDX\nspecVersion: \"1.6\"\n",
            "CycloneDX YAML",
        ),
        (
            "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:spdx=\"http://spdx.org/rdf/terms#\">\n",
            "SPDX RDF/XML",
        ),
    ] {
        let problem = read_document(text).problem.map(|p| p.0).unwrap_or_default();
        assert!(problem.contains(name), "{name}: {problem}");
        assert!(
            problem.contains("tag-value"),
            "the message lists what is read: {problem}"
        );
        assert!(!problem.contains("not valid JSON"), "{problem}");
    }
}

// Every SBOM and VEX document of the example dossier conforms to its standard.
#[test]
fn example_supply_chain_documents_conform() {
    let checked = check(&root().join("example-dossier"));
    let mut documents = 0;
    for sbom in &checked.sboms {
        assert!(sbom.file.is_some() && sbom.problem.is_none());
        assert!(sbom.violations.is_empty(), "{:?}", show(&sbom.violations));
        documents += 1;
        for vex in sbom.vex.iter().filter(|v| v.file != sbom.file) {
            assert!(
                vex.problem.is_none() && vex.violations.is_empty(),
                "{}: {:?}",
                vex.path,
                show(&vex.violations)
            );
            documents += 1;
        }
    }
    assert!(
        documents >= 4,
        "the example has SBOMs and VEX documents in three formats"
    );
}

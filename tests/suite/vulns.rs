//! SBOM formats, VEX documents, advisory matching and the impact query (issue 4).

use crate::support::{check, root, run, stdout};

/// `dossier impact` asks several dossiers at once: one ships the component and assessed the
/// advisory, one ships it unassessed, one does not ship it; JSON and text agree.
#[test]
fn impact_answers_across_dossiers() {
    let fixtures = root().join("tests/fixtures/rules/VULN-001");
    let assessed = fixtures.join("pass_advisory_recorded");
    let unassessed = fixtures.join("fail_advisory_unrecorded");
    let example = root().join("example-dossier");
    let dirs = [&assessed, &unassessed, &example].map(|d| d.display().to_string());

    let out = run(&[
        "impact",
        "CVE-2026-10001",
        &dirs[0],
        &dirs[1],
        &dirs[2],
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(dossiers.len(), 3);
    let verdicts: Vec<&str> = dossiers
        .iter()
        .map(|d| d["verdict"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(verdicts, ["not affected", "unassessed", "not shipped"]);
    assert_eq!(dossiers[0]["advisories"][0], "GHSA-fx01-lib0-0001");
    assert_eq!(dossiers[0]["components"][0]["version"], "2.0.0");
    assert_eq!(
        dossiers[0]["vulnerabilities"][0]["assessments"][0]["id"],
        "VA-1"
    );

    // By package: a purl with a version that is not shipped finds nothing; without a
    // version it finds the component.
    let out = run(&["impact", "pkg:generic/lib", &dirs[1], "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["dossiers"][0]["components"][0]["name"], "lib");
    assert_eq!(json["dossiers"][0]["advisories"][0], "GHSA-fx01-lib0-0001");
    let out = run(&[
        "impact",
        "pkg:generic/lib@9.9.9",
        &dirs[1],
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["dossiers"][0]["verdict"], "not shipped");

    let text = stdout(&run(&["impact", "CVE-2026-10001", &dirs[0], &dirs[1]]));
    assert!(
        text.contains("VA-1 (approved): 1.0.0 not affected"),
        "{text}"
    );
    assert!(text.contains("unassessed"), "{text}");

    // A query that is neither a purl nor an ID is refused with exit 2.
    let out = run(&["impact", "pkg:", &dirs[0]]);
    assert_eq!(out.status.code(), Some(2));
}

/// One statement written in OpenVEX, CSAF 2.0 and CycloneDX VEX reads as the same normalised
/// statement, matched to the same SBOM component; the impact query reports all three.
#[test]
fn vex_formats_read_alike_in_a_dossier() {
    let dir = root().join("tests/fixtures/rules/VEX-001/pass_three_formats");
    let checked = check(&dir);
    let vex = &checked.sboms[0].vex;
    assert_eq!(vex.len(), 3);
    let formats: Vec<String> = vex
        .iter()
        .map(|v| v.doc.format.map(|f| f.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(formats, ["OpenVEX", "CSAF VEX", "CycloneDX VEX"]);
    assert_eq!(vex[0].doc.statements, vex[1].doc.statements);
    assert_eq!(vex[0].doc.statements, vex[2].doc.statements);
    let statement = &vex[0].doc.statements[0];
    assert_eq!(statement.component, "pkg:generic/lib@2.0.0");
    assert_eq!(
        statement.product.as_deref(),
        Some("pkg:generic/fixture/fw@1.0.0")
    );
    assert_eq!(statement.status, dossier::vex::VexStatus::NotAffected);
    let lib = checked.sboms[0]
        .components
        .iter()
        .position(|c| c.bom_ref.value == "lib");
    assert!(vex.iter().all(|v| v.components == vec![lib]));

    let out = run(&[
        "impact",
        "CVE-2026-10001",
        &dir.display().to_string(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let hits = json["dossiers"][0]["vex"].as_array().expect("vex hits");
    assert_eq!(hits.len(), 3);
    assert_eq!(
        hits[1]["statement"]["justification"],
        "vulnerable_code_not_present"
    );
    assert_eq!(json["dossiers"][0]["verdict"], "not affected");
}

/// The two components every format below describes: firmware 1.0.0 (primary) depending on
/// lib 2.0.0, with purls, hashes, support data and a completeness statement.
const FW: &str = "pkg:generic/fixture/fw@1.0.0";
const LIB: &str = "pkg:generic/lib@2.0.0";
const HASH_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const HASH_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

fn cyclonedx_json(version: &str) -> String {
    format!(
        r#"{{
  "bomFormat": "CycloneDX",
  "specVersion": "{version}",
  "version": 1,
  "metadata": {{
    "timestamp": "2026-05-01T10:00:00Z",
    "authors": [ {{ "name": "Fixture team" }} ],
    "component": {{ "type": "firmware", "bom-ref": "fw", "supplier": {{ "name": "Fixture Inc." }},
      "name": "fixture-fw", "version": "1.0.0", "purl": "{FW}",
      "hashes": [ {{ "alg": "SHA-256", "content": "{HASH_A}" }} ] }}
  }},
  "components": [
    {{ "type": "library", "bom-ref": "lib", "supplier": {{ "name": "Lib Project" }}, "name": "lib",
      "version": "2.0.0", "purl": "{LIB}", "hashes": [ {{ "alg": "SHA-256", "content": "{HASH_B}" }} ],
      "properties": [ {{ "name": "cdx:lifecycle:milestone:endOfSupport", "value": "2040-01-01" }} ] }}
  ],
  "dependencies": [ {{ "ref": "fw", "dependsOn": ["lib"] }}, {{ "ref": "lib", "dependsOn": [] }} ],
  "compositions": [ {{ "aggregate": "complete", "assemblies": ["fw"] }} ]
}}
"#
    )
}

fn cyclonedx_xml(version: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/{version}" version="1">
  <metadata>
    <timestamp>2026-05-01T10:00:00Z</timestamp>
    <authors><author><name>Fixture team</name></author></authors>
    <component type="firmware" bom-ref="fw">
      <supplier><name>Fixture Inc.</name></supplier>
      <name>fixture-fw</name>
      <version>1.0.0</version>
      <hashes><hash alg="SHA-256">{HASH_A}</hash></hashes>
      <purl>{FW}</purl>
    </component>
  </metadata>
  <components>
    <component type="library" bom-ref="lib">
      <supplier><name>Lib Project</name></supplier>
      <name>lib</name>
      <version>2.0.0</version>
      <hashes><hash alg="SHA-256">{HASH_B}</hash></hashes>
      <purl>{LIB}</purl>
      <properties>
        <property name="cdx:lifecycle:milestone:endOfSupport">2040-01-01</property>
      </properties>
    </component>
  </components>
  <dependencies>
    <dependency ref="fw"><dependency ref="lib"/></dependency>
    <dependency ref="lib"/>
  </dependencies>
  <compositions>
    <composition>
      <aggregate>complete</aggregate>
      <assemblies><assembly ref="fw"/></assemblies>
    </composition>
  </compositions>
</bom>
"#
    )
}

fn spdx2(version: &str) -> String {
    // `validUntilDate` is new in SPDX 2.3; licences and copyright were mandatory in 2.2.
    let valid_until = if version == "2.2" {
        ""
    } else {
        r#""validUntilDate": "2040-01-01T00:00:00Z","#
    };
    format!(
        r#"{{
  "spdxVersion": "SPDX-{version}",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "fixture-fw-1.0.0",
  "documentNamespace": "https://fixture.example/spdx/fw-1.0.0",
  "creationInfo": {{ "created": "2026-05-01T10:00:00Z", "creators": ["Organization: Fixture team", "Tool: fixture-gen"] }},
  "packages": [
    {{ "SPDXID": "SPDXRef-fw", "name": "fixture-fw", "versionInfo": "1.0.0", "supplier": "Organization: Fixture Inc.",
      "downloadLocation": "NOASSERTION", "checksums": [ {{ "algorithm": "SHA256", "checksumValue": "{HASH_A}" }} ],
      "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION", "copyrightText": "NOASSERTION",
      "externalRefs": [ {{ "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "{FW}" }} ] }},
    {{ "SPDXID": "SPDXRef-lib", "name": "lib", "versionInfo": "2.0.0", "supplier": "Organization: Lib Project",
      "downloadLocation": "NOASSERTION", {valid_until}
      "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION", "copyrightText": "NOASSERTION",
      "checksums": [ {{ "algorithm": "SHA256", "checksumValue": "{HASH_B}" }} ],
      "externalRefs": [ {{ "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "{LIB}" }} ] }}
  ],
  "relationships": [
    {{ "spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-fw" }},
    {{ "spdxElementId": "SPDXRef-fw", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-lib" }},
    {{ "spdxElementId": "SPDXRef-lib", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NONE" }}
  ]
}}
"#
    )
}

fn spdx3(version: &str) -> String {
    format!(
        r#"{{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    {{ "type": "CreationInfo", "@id": "_:creationinfo", "specVersion": "{version}",
      "created": "2026-05-01T10:00:00Z", "createdBy": ["https://fixture.example/agent/team"] }},
    {{ "type": "Organization", "spdxId": "https://fixture.example/agent/team", "name": "Fixture team", "creationInfo": "_:creationinfo" }},
    {{ "type": "Organization", "spdxId": "https://fixture.example/agent/fixture", "name": "Fixture Inc.", "creationInfo": "_:creationinfo" }},
    {{ "type": "Organization", "spdxId": "https://fixture.example/agent/lib", "name": "Lib Project", "creationInfo": "_:creationinfo" }},
    {{ "type": "SpdxDocument", "spdxId": "https://fixture.example/doc", "creationInfo": "_:creationinfo",
      "rootElement": ["https://fixture.example/sbom"] }},
    {{ "type": "software_Sbom", "spdxId": "https://fixture.example/sbom", "creationInfo": "_:creationinfo",
      "rootElement": ["https://fixture.example/pkg/fw"], "software_sbomType": ["build"] }},
    {{ "type": "software_Package", "spdxId": "https://fixture.example/pkg/fw", "creationInfo": "_:creationinfo", "name": "fixture-fw",
      "software_packageVersion": "1.0.0", "suppliedBy": "https://fixture.example/agent/fixture",
      "software_packageUrl": "{FW}", "supportLevel": ["support"], "validUntilTime": "2040-01-01T00:00:00Z",
      "verifiedUsing": [ {{ "type": "Hash", "algorithm": "sha256", "hashValue": "{HASH_A}" }} ] }},
    {{ "type": "software_Package", "spdxId": "https://fixture.example/pkg/lib", "creationInfo": "_:creationinfo", "name": "lib",
      "software_packageVersion": "2.0.0", "suppliedBy": "https://fixture.example/agent/lib",
      "software_packageUrl": "{LIB}", "supportLevel": ["support"], "validUntilTime": "2040-01-01T00:00:00Z",
      "verifiedUsing": [ {{ "type": "Hash", "algorithm": "sha256", "hashValue": "{HASH_B}" }} ] }},
    {{ "type": "Relationship", "spdxId": "https://fixture.example/rel/1", "creationInfo": "_:creationinfo",
      "from": "https://fixture.example/pkg/fw", "relationshipType": "dependsOn", "to": ["https://fixture.example/pkg/lib"], "completeness": "complete" }},
    {{ "type": "Relationship", "spdxId": "https://fixture.example/rel/2", "creationInfo": "_:creationinfo",
      "from": "https://fixture.example/pkg/lib", "relationshipType": "dependsOn", "to": ["https://spdx.org/rdf/3.0.1/terms/Core/NoneElement"], "completeness": "complete" }}
  ]
}}
"#
    )
}

/// A dossier whose one SBOM is `text`, named `file`.
fn sbom_dossier(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = root().join("tests/fixtures/rules/VULN-001/pass_advisory_recorded");
    for name in ["device.yaml", "chain.yaml", "vulns.yaml"] {
        std::fs::copy(base.join(name), dir.path().join(name)).expect("copy");
    }
    let manifest = std::fs::read_to_string(base.join("dossier.yaml")).expect("manifest");
    let manifest = manifest.replace("parameters:\n  advisories: advisories\n", "");
    std::fs::write(dir.path().join("dossier.yaml"), manifest).expect("write");
    let assets = std::fs::read_to_string(base.join("assets.yaml")).expect("assets");
    std::fs::write(
        dir.path().join("assets.yaml"),
        assets.replace(
            "sbom_components: [fw]",
            &format!("sbom_components: [\"{FW}\"]"),
        ),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("sbom.yaml"),
        format!(
            "- id: SBOM-1\n  kind: sbom\n  title: Firmware SBOM\n  revision: \"1\"\n  status: approved\n  author: Fixture Author\n  approvals:\n    - {{ name: Q. Reviewer, role: QA/RA, date: 2026-01-15 }}\n  path: {file}\n  release_version: 1.0.0\n  addendum:\n    - {{ component: \"{FW}\", origin: proprietary, level_of_support: actively_maintained, end_of_support: 2040-01-01 }}\n    - {{ component: \"{LIB}\", origin: oss, level_of_support: actively_maintained }}\n"
        ),
    )
    .expect("write");
    std::fs::write(dir.path().join(file), text).expect("write sbom");
    dir
}

/// Every format and version listed in the README reads to the same two components, with
/// supplier, version, purl, hash, dependencies, completeness, author and timestamp, and
/// passes every SBOM rule.
#[test]
fn every_sbom_format_and_version_reads_alike() {
    let mut cases: Vec<(String, String, &str, &str)> = Vec::new();
    for v in ["1.4", "1.5", "1.6", "1.7"] {
        cases.push(("fw.cdx.json".into(), cyclonedx_json(v), "cyclonedx", v));
        cases.push(("fw.cdx.xml".into(), cyclonedx_xml(v), "cyclonedx", v));
    }
    for v in ["2.2", "2.3"] {
        cases.push(("fw.spdx.json".into(), spdx2(v), "spdx", v));
    }
    for v in ["3.0.0", "3.0.1"] {
        cases.push(("fw.spdx3.jsonld".into(), spdx3(v), "spdx", "3.0"));
    }
    for (file, text, format, version) in &cases {
        let dir = sbom_dossier(file, text);
        let checked = check(dir.path());
        let sbom = &checked.sboms[0];
        let label = format!("{file} {version}");
        assert_eq!(sbom.problem, None, "{label}");
        assert_eq!(
            sbom.format.map(|f| f.to_string()).as_deref(),
            Some(*format),
            "{label}"
        );
        assert_eq!(sbom.spec_version.as_deref(), Some(*version), "{label}");
        assert_eq!(sbom.authors, ["Fixture team"], "{label}");
        assert_eq!(
            sbom.timestamp.as_deref(),
            Some("2026-05-01T10:00:00Z"),
            "{label}"
        );
        let seen: Vec<(String, String, String, String, usize)> = sbom
            .components
            .iter()
            .map(|c| {
                let v = |x: &Option<dossier::model::Spanned<String>>| {
                    x.as_ref().map(|s| s.value.clone()).unwrap_or_default()
                };
                (
                    v(&c.name),
                    v(&c.version),
                    v(&c.supplier),
                    v(&c.purl),
                    c.hashes.len(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "fixture-fw".into(),
                    "1.0.0".into(),
                    "Fixture Inc.".into(),
                    FW.into(),
                    1
                ),
                (
                    "lib".into(),
                    "2.0.0".into(),
                    "Lib Project".into(),
                    LIB.into(),
                    1
                ),
            ],
            "{label}"
        );
        let root = sbom.root.clone().expect("root");
        let lib = &sbom.components[1].bom_ref.value;
        assert_eq!(
            sbom.dependencies.get(&root),
            Some(&vec![lib.clone()]),
            "{label}"
        );
        let lib_eos = sbom.components[1].end_of_support.as_ref().map(|e| e.value);
        assert_eq!(
            lib_eos.is_some(),
            label != "fw.spdx.json 2.2",
            "{label}: end of support from the file (SPDX 2.2 has no `validUntilDate`)"
        );
        let findings: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("SBOM") || d.code.starts_with("PARSE"))
            // Without `validUntilDate`, a 2.2 SBOM cannot state end of support.
            .filter(|d| !(d.code == "SBOM-EOS-002" && label == "fw.spdx.json 2.2"))
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(findings.is_empty(), "{label}: {findings:?}");
    }
}

/// Files that are not what they claim, unknown versions and truncated files are SBOM-001
/// errors naming the file (and the line where there is one); the dossier is still checked.
#[test]
fn broken_sboms_are_reported_not_fatal() {
    let cut = |s: String| s[..s.len() / 2].to_string();
    let cases: Vec<(&str, String, &str)> = vec![
        ("fw.cdx.json", cyclonedx_json("1.3"), "specVersion `1.3`"),
        ("fw.cdx.json", cut(cyclonedx_json("1.6")), "not valid JSON"),
        (
            "fw.cdx.json",
            cyclonedx_json("1.6").replace("\"components\": [", "\"components\": 7, \"x\": ["),
            "not a valid CycloneDX document",
        ),
        ("fw.cdx.xml", cyclonedx_xml("1.2"), "version `1.2`"),
        ("fw.cdx.xml", cut(cyclonedx_xml("1.6")), "XML"),
        (
            "fw.cdx.xml",
            "<spdx><package/></spdx>".to_string(),
            "not a CycloneDX BOM",
        ),
        ("fw.spdx.json", spdx2("2.1"), "SPDX-2.1"),
        ("fw.spdx3.jsonld", spdx3("2.9"), "`2.9`"),
        (
            "fw.spdx3.jsonld",
            spdx3("3.0.1").replace("rdf/3.0.1", "rdf/9.9"),
            "not SPDX 3.0",
        ),
        (
            "fw.spdx3.jsonld",
            r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}"#.to_string(),
            "@graph",
        ),
        (
            "fw.json",
            r#"{"hello": "world"}"#.to_string(),
            "neither CycloneDX",
        ),
        // A tag-value document cut short is read, and what it lacks is reported.
        (
            "fw.spdx",
            "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n".to_string(),
            "has no creation timestamp",
        ),
        // Formats that are not read are named, with what is read instead.
        (
            "fw.spdx.yaml",
            "spdxVersion: SPDX-2.3\ndataLicense: CC0-1.0\n".to_string(),
            "this is SPDX YAML",
        ),
        (
            "fw.cdx.yaml",
            "bomFormat: CycloneDX\nspecVersion: \"1.6\"\n".to_string(),
            "this is CycloneDX YAML",
        ),
        (
            "fw.rdf.xml",
            "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:spdx=\"http://spdx.org/rdf/terms#\"></rdf:RDF>\n".to_string(),
            "this is SPDX RDF/XML",
        ),
    ];
    for (file, text, expected) in cases {
        let dir = sbom_dossier(file, &text);
        let checked = check(dir.path());
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == "SBOM-001")
            .unwrap_or_else(|| panic!("{file} `{expected}`: no SBOM-001"));
        assert!(d.message.contains(expected), "{file}: {}", d.message);
        // The rest of the dossier was still checked.
        assert!(checked.artifacts.len() >= 8, "{file}");
    }
}

/// `dossier impact` by a component's name, as people ask: any case, with or without
/// `@version` (and a tag's `v`); another version is named, never a bare "not shipped"; a
/// query that is neither a purl, an ID nor a shipped name is an error (exit 2).
#[test]
fn impact_by_name() {
    let example = root().join("example-dossier");
    let dir = example.to_string_lossy();
    for query in [
        "mbedtls",
        "MbedTLS",
        "mbedtls@3.6.2",
        "mbedtls@v3.6.2",
        "pkg:github/mbed-tls/mbedtls@3.6.2",
    ] {
        let out = run(&["impact", query, &dir, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{query}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let answer = &json["dossiers"][0];
        assert_eq!(answer["components"][0]["name"], "mbedtls", "{query}");
        assert_ne!(answer["verdict"], "not shipped", "{query}");
    }
    let text = stdout(&run(&["impact", "mbedtls@3.5.0", &dir]));
    assert!(
        text.contains("not shipped") && text.contains("ships mbedtls 3.6.2 instead"),
        "{text}"
    );
    let out = run(&["impact", "mbedtsl", &dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a purl"));
    // IDs stay IDs, whatever their database.
    for id in [
        "CVE-2025-27810",
        "GHSA-abcd-1234-efgh",
        "RUSTSEC-2024-0001",
        "PYSEC-2021-1",
    ] {
        assert_eq!(
            dossier::impact::Query::parse(id),
            Ok(dossier::impact::Query::Id(id.into()))
        );
    }
}

// The check joins the supply chain once: every VEX statement about a component, every
// advisory match and every vulnerability record that names one is in the index, under the
// component and under each of its IDs (in any ASCII case); the outputs read it.
#[test]
fn the_supply_chain_is_joined_once_in_the_check() {
    for dir in [
        root().join("example-dossier"),
        root().join("tests/fixtures/rules/VULN-001/pass_advisory_recorded"),
    ] {
        let checked = check(&dir);
        let supply = &checked.supply;
        let mut statements = 0;
        for (s, sbom) in checked.sboms.iter().enumerate() {
            for (d, vex) in sbom.vex.iter().enumerate() {
                for (n, st) in vex.doc.statements.iter().enumerate() {
                    let Some(c) = vex.components.get(n).copied().flatten() else {
                        continue;
                    };
                    statements += 1;
                    assert!(supply.facts((s, c)).vex.contains(&(d, n)));
                    let lower = st.vulnerability.to_ascii_lowercase();
                    assert!(supply.tied_to(&lower).is_some_and(|t| t.contains(&(s, c))));
                }
            }
        }
        for (m, found) in checked.advisories.iter().enumerate() {
            let facts = supply.facts((found.sbom, found.component));
            assert!(facts.advisories.contains(&m));
            assert!(supply.tied_to(&found.id).is_some());
        }
        for (&v, places) in &supply.ships {
            for place in places {
                assert!(supply.facts(*place).records.contains(&v));
            }
        }
        let name = dir.display();
        assert!(!supply.ships.is_empty(), "{name}: records name components");
        if name.to_string().contains("example") {
            assert!(statements > 0, "the example has VEX statements");
        } else {
            assert!(
                !checked.advisories.is_empty(),
                "the fixture matches advisories"
            );
        }
        assert!(supply.tied_to("CVE-0000-00000").is_none());
    }
}

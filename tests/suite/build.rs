//! `dossier build`: the PDF submission, checked with a PDF reader rather than by eye.

use std::path::Path;

use crate::support::{example_with_unassessed_threat, root, run};

/// Builds a dossier into a fresh folder; returns (exit code, stderr, PDF bytes if written).
fn build(dir: &Path, extra: &[&str]) -> (Option<i32>, String, Option<Vec<u8>>) {
    let out = tempfile::tempdir().expect("temp dir");
    let out_path = out.path().to_string_lossy().into_owned();
    let dir = dir.to_string_lossy().into_owned();
    let mut args = vec!["build", "--out", out_path.as_str()];
    args.extend_from_slice(extra);
    args.push(&dir);
    let result = run(&args);
    let pdf = std::fs::read(out.path().join("submission.pdf")).ok();
    (
        result.status.code(),
        String::from_utf8_lossy(&result.stderr).into_owned(),
        pdf,
    )
}

/// Builds a dossier at 2026-11-01 into a fresh folder, with extra arguments; returns the
/// command's output and the folder (PDF, site, dossier.json).
fn build_out(dir: &Path, extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("temp dir");
    let out_path = out.path().to_string_lossy().into_owned();
    let dir = dir.to_string_lossy().into_owned();
    let mut args = vec!["build", "--as-of", "2026-11-01", "--out", out_path.as_str()];
    args.extend_from_slice(extra);
    args.push(&dir);
    (run(&args), out)
}

/// The example's PDF, built once for the tests that read it.
fn example_pdf() -> Vec<u8> {
    static PDF: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PDF.get_or_init(|| {
        let (code, err, pdf) = build(&root().join("example-dossier"), &["--as-of", "2026-11-01"]);
        assert_eq!(code, Some(0), "{err}");
        pdf.expect("PDF written")
    })
    .clone()
}

/// The text of every page, in order, with runs of whitespace folded.
pub fn text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let raw = doc.extract_text(&pages).unwrap_or_default();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of one page (1-based), with runs of whitespace folded.
fn page_text(pdf: &[u8], page: u32) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let raw = doc.extract_text(&[page]).unwrap_or_default();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bookmark titles, in document order.
fn bookmarks(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    doc.get_toc()
        .map(|toc| toc.toc.into_iter().map(|e| e.title).collect())
        .unwrap_or_default()
}

// The PDF has the sections of rules.md §3 in order, as bookmarks, with its metadata, and is
// PDF/A-2b.
#[test]
fn structure_bookmarks_and_metadata() {
    let pdf = example_pdf();
    assert!(pdf.starts_with(b"%PDF-"));
    let marks = bookmarks(&pdf);
    let expected = [
        "Device description and cyber-device determination",
        "Secure product development framework and quality system",
        "Security risk management report",
        "Traceability",
        "Security architecture",
        "Cybersecurity testing",
        "Labeling",
        "Cybersecurity management plan",
        "Reasonable assurance of cybersecurity (524B(b)(2))",
        "Modifications",
        "SBOM and VEX files attached",
        "Test reports",
        "Gap report",
        "Document control register",
        "Glossary",
    ];
    let mut at = 0;
    for title in expected {
        let found = marks[at..].iter().position(|m| m.ends_with(title));
        assert!(
            found.is_some(),
            "bookmark {title:?} missing or out of order in {marks:?}"
        );
        at += found.unwrap_or(0) + 1;
    }
    for sub in [
        "Threat model",
        "Cybersecurity risk assessment",
        "Third-party software components",
        "Penetration testing",
    ] {
        assert!(
            marks.iter().any(|m| m.ends_with(sub)),
            "sub-section {sub:?} has no bookmark"
        );
    }
    let doc = lopdf::Document::load_mem(&pdf).expect("PDF parses");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|r| r.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .expect("Info dictionary");
    let field = |key: &[u8]| {
        info.get(key)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .unwrap_or_default()
    };
    assert_eq!(
        field(b"Title"),
        "Lumen IV-7 2.4.0: premarket cybersecurity documentation"
    );
    assert_eq!(field(b"Author"), "Meridian Infusion Systems, Inc.");
    assert!(field(b"Subject").contains("524B"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("pdfaid:part") && raw.contains("pdfaid:conformance"),
        "no PDF/A identification"
    );
}

// The text says what the dossier says: the cover, a row of the traceability matrix, the SBOM.
#[test]
fn text_of_cover_matrix_and_sbom() {
    let t = text(&example_pdf());
    assert!(t.contains("No open error-level findings"), "cover verdict");
    assert!(t.contains("Release 2.4.0"));
    let row = t
        .find("Malicious firmware image distributed through the update path")
        .expect("matrix row");
    let after = &t[row..];
    for id in ["RSK-003", "CTL-004", "CTL-009", "REQ-004", "TST-018"] {
        assert!(after.contains(id), "{id} missing after the THR-003 row");
    }
    assert!(
        t.contains("mbedtls") && t.contains("2027-03-31"),
        "SBOM component with its end of support"
    );
    // A superseded requirement is not presented as current; the Modifications section lists
    // it as superseded since the prior release.
    let from = t
        .find("Comparison with the prior authorized release")
        .expect("§10");
    let to = from + t[from..].find("Change records").expect("its end");
    assert!(t[from..to].contains("superseded"), "{}", &t[from..to]);
    assert!(
        !t[..from].contains("REQ-009 Pair over BLE") && !t[to..].contains("REQ-009 Pair over BLE"),
        "a superseded requirement is not presented as current"
    );
    // A semicolon after a template expression is printed, not taken as its end.
    assert!(
        t.contains("KEV: no; CVSS:"),
        "the vulnerability line keeps its semicolons"
    );
    assert!(
        t.contains("(Implemented; mitigates RSK-001"),
        "the control line keeps its semicolons"
    );
}

// The cover is the front matter a submission needs: the document's number and revision,
// the contact, the submission type as FDA spells it, the prior submission and who approved
// the document; the verdict box is on it when the manifest asks or when errors are open.
#[test]
fn cover_carries_document_control_and_the_verdict_only_when_asked() {
    let pdf = example_pdf();
    let cover = page_text(&pdf, 1);
    for expected in [
        "MIS-RA-0412 Rev. C",
        "Dana Whitfield, Regulatory Affairs Manager",
        "regulatory@meridian-infusion.example",
        "510(k)",
        "K243117",
        "Approval of this document",
        "Priya Raman Head of Quality 2026-11-28",
    ] {
        assert!(
            cover.contains(expected),
            "{expected} missing from the cover: {cover}"
        );
    }
    assert!(
        !cover.contains("error-level findings"),
        "verdict_on_cover: false leaves the verdict off the cover"
    );
    assert!(
        text(&pdf).contains("No open error-level findings"),
        "the gap report has it"
    );
    assert!(
        page_text(&pdf, 3).contains("MIS-RA-0412 Rev. C"),
        "the running header"
    );

    // A document with open errors is a draft, and its cover says so even when the manifest
    // leaves the verdict off.
    let dir = example_with_unassessed_threat("", "full");
    let (out, folder) = build_out(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let pdf = std::fs::read(folder.path().join("submission.pdf")).expect("PDF");
    let cover = page_text(&pdf, 1);
    assert!(
        cover.contains("open error-level finding") && cover.contains("not submission-ready"),
        "{cover}"
    );

    // Without `document:`, the defaults: the verdict on the cover, no approval recorded.
    let manifest = dir.path().join("dossier.yaml");
    let text_of = std::fs::read_to_string(&manifest).expect("manifest");
    let start = text_of.find("document:").expect("document block");
    let end = text_of[start..]
        .find("verdict_on_cover: false\n")
        .expect("end")
        + start
        + 24;
    std::fs::write(
        &manifest,
        format!("{}{}", &text_of[..start], &text_of[end..]),
    )
    .expect("write");
    let (out, folder) = build_out(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(folder.path().join("submission.pdf")).expect("PDF");
    let cover = page_text(&pdf, 1);
    assert!(cover.contains("open error-level finding"), "{cover}");
    assert!(
        cover.contains("No approval is recorded for this document"),
        "{cover}"
    );
}

// Everything a rule checks is printed where a reviewer looks for it (in the example): the risk plan's body and
// scales, each risk's worst-case justification, each component's support, end of support
// (`unknown` too) with its justification and its purl or CPE, each vulnerability's
// assessment, compensating controls, customer communication, fix release and validating test,
// each anomaly's rationale and related risk, each control's cryptography and authentication.
// The values are read from the model of the same build, so every one of them is checked.
#[test]
fn every_checked_fact_is_printed() {
    let cpe = "cpe:2.3:a:openssl:openssl:3.5.4:*:*:*:*:*:*:*";
    let dir = root().join("example-dossier");
    let (out, folder) = build_out(&dir, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(folder.path().join("submission.pdf")).expect("PDF");
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.path().join("dossier.json")).expect("JSON"))
            .expect("model");
    // Compared without spaces and hyphens: justified lines break and hyphenate words.
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}')
            .collect::<String>()
    };
    let page = squeeze(&text(&pdf));
    let mut expected: Vec<(String, String)> = Vec::new();
    let mut want = |what: &str, v: &serde_json::Value| {
        if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
            expected.push((what.to_string(), s.to_string()));
        }
    };
    let arts = &model["artifacts"];
    let list = |kind: &str| arts[kind].as_array().cloned().unwrap_or_default();
    for p in list("plan")
        .iter()
        .filter(|p| p["plan_type"] == "security_risk_management")
    {
        for level in p["scales"]["exploitability"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(p["scales"]["severity"].as_array().into_iter().flatten())
        {
            want("scale level", level);
        }
        want("plan body", &serde_json::json!("Likelihood is scored as"));
    }
    for r in list("security_risk") {
        want("worst-case justification", &r["worst_case_justification"]);
        want("risk rationale", &r["rationale"]);
    }
    for s in model["sboms"].as_array().expect("sboms") {
        for c in s["components"].as_array().expect("components") {
            want("purl", &c["purl"]);
            want("CPE", &c["cpe"]);
            want("support justification", &c["support_justification"]);
        }
    }
    for s in list("sbom") {
        for e in s["addendum"].as_array().into_iter().flatten() {
            want("replacement plan", &e["replacement_plan"]);
        }
    }
    for a in list("vuln_assessment") {
        for key in [
            "compensating_controls",
            "communication_ref",
            "communicated_on",
            "fix_released_on",
            "fix_validation",
            "remediation_plan",
            "device_impact",
        ] {
            want(key, &a[key]);
        }
    }
    for x in list("anomaly") {
        want("anomaly rationale", &x["rationale_not_fixed"]);
        for r in x["related"].as_array().into_iter().flatten() {
            want("anomaly's risk", r);
        }
    }
    for c in list("security_control") {
        for key in ["alg", "mode", "key_mgmt"] {
            want("crypto", &c["crypto"][key]);
        }
        for key in ["mechanism", "algorithm", "strength"] {
            want("auth", &c["auth"][key]);
        }
    }
    let expected = expected;
    assert!(
        expected.iter().any(|(_, v)| v == cpe),
        "the model has the CPE"
    );
    assert!(
        expected.len() > 60,
        "the example states these facts ({})",
        expected.len()
    );
    let missing: Vec<&(String, String)> = expected
        .iter()
        .filter(|(_, v)| !page.contains(&squeeze(v)))
        .collect();
    assert!(missing.is_empty(), "not printed: {missing:?}");
    assert!(page.contains(&squeeze("128-bit key")), "a key size");
    // An `unknown` end of support reads Unknown, beside the justification.
    // (The text is read in the order typst writes a row's cells, so within the row.)
    let purl = page
        .find(&squeeze("pkg:maven/com.squareup.okhttp3/okhttp@4.12.0"))
        .expect("okhttp's purl");
    let row = &page[purl.saturating_sub(120)..(purl + 160).min(page.len())];
    assert!(
        row.contains("Unknown") && row.contains(&squeeze("No end of life announced")),
        "unknown end of support: {row}"
    );
}

// Traceability is pairwise: one row per adjacent link, grouped by threat, so a reader can
// tell which test verifies which requirement; a missing link is a visible, marked row (in the
// PDF and on the site), never an empty cell. Hazards, vulnerabilities and assets have theirs.
#[test]
fn traceability_is_pairwise_and_shows_its_gaps() {
    // The example: every link there, no gap.
    let t = text(&example_pdf());
    let section = t
        .find("Each row is one link between two artifacts")
        .expect("§4");
    let at = section
        + t[section..]
            .find("THR-003 Malicious firmware image")
            .expect("THR-003's group");
    let group = &t[at..at + t[at..].find("THR-004").expect("next group")];
    for row in [
        "Threat → risk THR-003 RSK-003",
        "Risk → control RSK-003 CTL-004",
        "Control → requirement CTL-004 REQ-004",
        "Requirement → test REQ-004 TST-004",
    ] {
        assert!(group.contains(row), "{row} missing from {group}");
    }
    assert!(
        group.contains("Pass · version 2.4.0"),
        "a test's result and version"
    );
    assert!(t.contains("The matrices have no gaps."));
    assert!(
        t.contains("HAZ-002 Interrupted therapy"),
        "hazards and risks"
    );
    assert!(t.contains("VUL-2026-001"), "vulnerability chain");
    assert!(
        t.contains("AST-001 Pump firmware lumen-iv7-firmware 2.4.0 SBOM-001"),
        "assets and components"
    );
    assert!(
        t.contains("Requirement REQ-013 — Release firmware without high-severity static-analysis findings from 524B(b)(2), PMC §V.C"),
        "a process requirement outside the threats' traces, with its regulatory source"
    );

    // A threat no risk assesses and a requirement whose only test fails are gaps.
    let dir = example_with_unassessed_threat("", "full");
    let tests = dir.path().join("verification/tests.yaml");
    let text_of = std::fs::read_to_string(&tests).expect("tests");
    let at = text_of.find("- id: TST-004").expect("TST-004");
    let result = at + text_of[at..].find("result: pass").expect("result");
    std::fs::write(
        &tests,
        format!(
            "{}result: fail{}",
            &text_of[..result],
            &text_of[result + 12..]
        ),
    )
    .expect("write");
    // A requirement nothing traces to, and no regulation either.
    std::fs::write(
        dir.path().join("requirements/REQ-099.yaml"),
        "id: REQ-099\nkind: requirement\ntitle: Orphan requirement\nrevision: \"1\"\nstatus: draft\nauthor: A\ntext: Something.\n",
    )
    .expect("requirement");
    let (out, folder) = build_out(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = text(&std::fs::read(folder.path().join("submission.pdf")).expect("PDF"));
    // Within the trace section, the words of a row come close together (a PDF's text order
    // within a table row is the reader's business).
    let trace = &t[t
        .find("Each row is one link between two artifacts")
        .expect("§4")..];
    let near = |anchor: &str, words: &[&str]| {
        let at = trace
            .find(anchor)
            .unwrap_or_else(|| panic!("{anchor} missing"));
        let window: String = trace[at..].chars().take(160).collect();
        for w in words {
            assert!(window.contains(w), "{w} not near {anchor}: {window}");
        }
    };
    near(
        "THR-099 Unassessed threat",
        &["Threat → risk", "no risk assesses it"],
    );
    near(
        "REQ-004 TST-004",
        &["Requirement → test", "Fail · version 2.4.0"],
    );
    near("REQ-004 —", &["no passing test"]);
    near(
        "REQ-099 — Orphan requirement",
        &["no threat, risk or control traces to it"],
    );
    // THR-099, and REQ-004's failing test and missing pass in each threat's group that
    // reaches it.
    assert!(t.contains("The matrices have "), "the count of gaps");
    let counted = t[t.find("The matrices have ").expect("count") + 18..]
        .split(' ')
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a number of gaps");
    assert!(counted >= 2, "{counted} gaps");
    let site = std::fs::read_to_string(folder.path().join("site/matrix.html")).expect("site");
    // The failing test's rows are gaps too, as on the page.
    assert!(site.contains("Fail · version 2.4.0"));
    assert_eq!(
        site.matches("<tr class=\"gap\">").count(),
        counted,
        "every gap marked on the site as in the PDF"
    );
    assert!(site.contains("<span class=\"level gap\">gap</span> no passing test"));
}

// Sections generated from data: the secure development framework (§2), how known
// vulnerabilities were found (§3.6), the modification's vulnerability statements (§10), and
// the crosswalk of PMC Appendix 4's documentation elements to sections and pages.
#[test]
fn sections_are_generated_from_the_records() {
    let t = text(&example_pdf());
    for expected in [
        "IEC 81001-5-1:2021",
        "Secure coding and code review SOP-0240 rev. C IEC 81001-5-1 5.5",
        "How each was found Supplier advisory (2)",
        "KEV catalog each record states whether CISA’s Known Exploited Vulnerabilities catalog lists it",
        "Release 2.4.0 has no uncontrolled vulnerability",
        "Remediated since the prior authorization (K243117)",
        "VUL-2026-001",
        "Mapping of PMC Appendix 4 to this document",
        "Vulnerability Assessment and Software Support V.A.4 Section 3.6 (page",
        "Cybersecurity Management Plans VI.B Section 8 (page",
    ] {
        assert!(t.contains(expected), "{expected} missing");
    }

    // An uncontrolled, KEV-listed vulnerability on the release is stated, as critical.
    let dir = example_with_unassessed_threat("", "full");
    let file = dir.path().join("vulnerabilities/vulnerabilities.yaml");
    let mut yaml = std::fs::read_to_string(&file).expect("records");
    let at = yaml.find("- id: VA-002").expect("VA-002");
    let release = at
        + yaml[at..]
            .find("    - version: 2.4.0\n      applicability: not_affected")
            .expect("2.4.0");
    yaml.replace_range(
        release..release + 54,
        "    - version: 2.4.0\n      applicability: affected    ",
    );
    let det = at
        + yaml[at..]
            .find("determination: controlled")
            .expect("determination");
    yaml.replace_range(det..det + 25, "determination: uncontrolled");
    let cve = yaml.find("- id: CVE-2025-27809").expect("CVE");
    let kev = cve + yaml[cve..].find("kev_listed: false").expect("kev");
    yaml.replace_range(kev..kev + 17, "kev_listed: true");
    std::fs::write(&file, yaml).expect("write");
    let (out, folder) = build_out(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Words hyphenated at a line end read whole.
    let t =
        text(&std::fs::read(folder.path().join("submission.pdf")).expect("PDF")).replace(" - ", "");
    assert!(
        t.contains("Release 2.4.0 has 1 uncontrolled vulnerability, 1 of them critical"),
        "{}",
        &t[t.find("Uncontrolled vulnerabilities.").unwrap_or(0)..][..300]
    );
    assert!(t.contains(
        "CVE-2025-27809 Mbed TLS client accepts any server host name unless one is set 7.4 yes"
    ));
}

/// The files embedded in a PDF: (name, bytes), from the catalog's EmbeddedFiles name tree.
fn embedded_files(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let deref = |o: &lopdf::Object| -> lopdf::Object {
        match o {
            lopdf::Object::Reference(id) => doc.get_object(*id).expect("object").clone(),
            other => other.clone(),
        }
    };
    let catalog = doc.catalog().expect("catalog");
    let names = deref(catalog.get(b"Names").expect("Names"));
    let tree = deref(
        names
            .as_dict()
            .expect("dict")
            .get(b"EmbeddedFiles")
            .expect("EmbeddedFiles"),
    );
    let mut out = Vec::new();
    let mut nodes = vec![tree];
    while let Some(node) = nodes.pop() {
        let dict = node.as_dict().expect("node");
        if let Ok(kids) = dict.get(b"Kids") {
            nodes.extend(deref(kids).as_array().expect("kids").iter().map(&deref));
        }
        if let Ok(pairs) = dict.get(b"Names") {
            for pair in deref(pairs).as_array().expect("names").chunks(2) {
                let name = String::from_utf8_lossy(pair[0].as_str().expect("name")).into_owned();
                let spec = deref(&pair[1]);
                let ef = deref(spec.as_dict().expect("filespec").get(b"EF").expect("EF"));
                let stream = deref(ef.as_dict().expect("EF dict").get(b"F").expect("F"));
                let stream = stream.as_stream().expect("stream");
                let bytes = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                out.push((name, bytes));
            }
        }
    }
    out.sort();
    out
}

// Evidence travels with the PDF: every SBOM, VEX document and original report is embedded
// (PDF/A-3b associated files), byte for byte, and listed in Appendix A with its SHA-256.
#[test]
fn evidence_travels_inside_the_pdf() {
    use sha2::Digest;
    let pdf = example_pdf();
    let files = embedded_files(&pdf);
    let dossier = root().join("example-dossier");
    let expected = [
        "sbom/lumen-fw-2.4.0.cdx.json",
        "sbom/lumen-fw-2.4.0.openvex.json",
        "sbom/lumen-bedside-3.1.0.cdx.json",
        "sbom/lumen-gateway-1.8.0.spdx.json",
        "sbom/lumen-gateway-1.8.0.csaf.json",
        "verification/evidence/NSL-2026-0419-summary.txt",
    ];
    assert_eq!(
        files.len(),
        expected.len(),
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let t = text(&pdf);
    for path in expected {
        let bytes = std::fs::read(dossier.join(path)).expect("file");
        let name = path.rsplit('/').next().unwrap_or(path);
        let (_, inside) = files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} not embedded"));
        assert!(inside == &bytes, "{name} embedded as it is");
        let hash = hex::encode(sha2::Sha256::digest(&bytes));
        assert!(
            t.contains(&hash),
            "Appendix A lists {name} with its SHA-256"
        );
    }
    // Declared PDF/A-3b in the XMP metadata.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("<pdfaid:part>3</pdfaid:part>"), "PDF/A-3");
    assert!(raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
}

// Artifact IDs and `§` numbers in Markdown prose, and a plan's element sections, become
// links where they resolve: a reader follows "see PLAN-004" or "§3.3" to its target.
#[test]
fn references_in_prose_become_links() {
    let (out, folder) = build_out(&root().join("example-dossier"), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.path().join("dossier.json")).expect("JSON"))
            .expect("model");
    let plan = model["artifacts"]["plan"]
        .as_array()
        .and_then(|l| l.iter().find(|p| p["id"] == "PLAN-002"))
        .expect("PLAN-002");
    assert_eq!(plan["sections"]["3.3"], "md-PLAN-002-3.3");
    let body = plan["markdown"].to_string();
    assert!(
        body.contains(r#"{"id":"PLAN-004","t":"ref","v":"PLAN-004"}"#),
        "{body}"
    );
    assert!(body.contains(r#"{"t":"sref","target":"md-PLAN-002-3.3","v":"§3.3"}"#));
    let srefs = body.matches(r#""t":"sref""#).count();
    let refs = body.matches(r#""t":"ref""#).count();
    let elements = plan["elements"].as_object().map_or(0, |e| e.len());
    // The same build with references printed as plain text has that many fewer links.
    let with = internal_links(&std::fs::read(folder.path().join("submission.pdf")).expect("PDF"));
    let dir = tempfile::tempdir().expect("temp");
    crate::support::copy_tree(&root().join("example-dossier"), dir.path());
    let template =
        std::fs::read_to_string(root().join("templates/typst/submission.typ")).expect("template");
    let plain = template
        .replace(
            r#"else if t == "ref" { if part == none and n.id in data.ids {"#,
            r#"else if t == "ref" { if false {"#,
        )
        .replace(
            r##"else if t == "sref" { link(label(n.target), text(fill: rgb("#1f4e9c"), n.v)) }"##,
            r#"else if t == "sref" { n.v }"#,
        )
        .replace(r#"and number in secs { link("#, r#"and false { link("#);
    assert_ne!(plain, template);
    std::fs::create_dir_all(dir.path().join("templates/typst")).expect("mkdir");
    std::fs::write(dir.path().join("templates/typst/submission.typ"), plain).expect("write");
    let (out, folder) = build_out(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let without =
        internal_links(&std::fs::read(folder.path().join("submission.pdf")).expect("PDF"));
    assert!(
        with >= without + srefs + refs + elements,
        "{with} links with references, {without} without; PLAN-002 alone has {srefs} § references, {refs} IDs and {elements} element sections"
    );
}

// The eSTAR attachment pack: one self-contained PDF/A per slot of the form's cybersecurity
// section (its cover line names device, release, document and slot), the SBOM, VEX and
// report files beside them and inside the attachments that cite them, and an answer sheet
// with the form's questions answered from the dossier and every attachment listed.
#[test]
fn the_estar_pack_is_written() {
    let (out, folder) = build_out(&root().join("example-dossier"), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let estar = folder.path().join("estar");
    let slots = dossier::render::estar::slots().expect("slots");
    // Compared without spaces: table cells wrap file names at their hyphens.
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let answers = squeeze(&text(
        &std::fs::read(estar.join("00-answer-sheet.pdf")).expect("answer sheet"),
    ));
    for expected in [
        "Answer sheet",
        "Answer Yes: Cyber device (524B(c))",
        "Yes (K243117), and the change may affect its cybersecurity",
        "There are 6 electronic interfaces",
        "IF-004 USB service port no yes",
    ] {
        assert!(
            answers.contains(&squeeze(expected)),
            "{expected} missing from the answer sheet: {answers}"
        );
    }
    for (n, slot) in slots.iter().enumerate() {
        let file = format!("{:02}-{}.pdf", n + 1, slot.key);
        let pdf = std::fs::read(estar.join(&file)).unwrap_or_else(|_| panic!("{file} written"));
        assert!(
            answers.contains(&squeeze(&file)),
            "the answer sheet lists {file}"
        );
        let first = page_text(&pdf, 1);
        for expected in [
            format!(
                "ESTAR CYBERSECURITY ATTACHMENT {} OF {}",
                n + 1,
                slots.len()
            ),
            slot.title.clone(),
            "Lumen IV-7, release 2.4.0".to_string(),
            "MIS-RA-0412 Rev. C".to_string(),
        ] {
            assert!(
                first.contains(&expected),
                "{file}: {expected} missing from {first}"
            );
        }
        let raw = String::from_utf8_lossy(&pdf);
        assert!(
            raw.contains("<pdfaid:part>3</pdfaid:part>"),
            "{file} is PDF/A-3"
        );
    }
    // The SBOM attachment carries the SBOM summary and the machine-readable files, inside it
    // and beside it, byte for byte.
    let sbom_pdf = std::fs::read(estar.join("04-sbom.pdf")).expect("SBOM attachment");
    assert!(text(&sbom_pdf).contains("Third-party software components"));
    let inside = embedded_files(&sbom_pdf);
    assert_eq!(inside.len(), 5, "the SBOMs and VEX documents");
    for (name, bytes) in &inside {
        let beside = std::fs::read(estar.join("sbom").join(name)).expect("beside");
        assert!(&beside == bytes, "{name}");
        let original =
            std::fs::read(root().join("example-dossier/sbom").join(name)).expect("original");
        assert!(&original == bytes, "{name} as in the dossier");
    }
    // The testing attachment carries the original report; an attachment's links lead only to
    // its own pages (a reference to a section it does not carry is text).
    let testing = std::fs::read(estar.join("10-cybersecurity-testing.pdf")).expect("testing");
    assert_eq!(embedded_files(&testing).len(), 1);
    assert!(estar.join("reports/NSL-2026-0419-summary.txt").is_file());
    let threat_model = std::fs::read(estar.join("02-threat-model.pdf")).expect("TM");
    let (resolved, dangling) = link_targets(&threat_model);
    assert!(resolved > 0, "IDs link to their rows within the attachment");
    assert_eq!(dangling, 0, "no link leads out of the attachment");
    // An attachment is its cover, then the submission's own pages for its sections, cut at
    // the neighbouring sections' headings: §3.2 and §3.4, not §3.1 or §3.3 around them.
    let tm = text(&threat_model);
    let submission = text(&std::fs::read(folder.path().join("submission.pdf")).expect("PDF"));
    for carried in [
        "3.2 Threat model",
        "3.4 Interoperability considerations",
        "TM-001",
    ] {
        assert!(
            tm.contains(carried),
            "{carried} in the threat model attachment"
        );
    }
    for neighbour in [
        "3.1 Security risk management plan",
        "3.3 Cybersecurity risk assessment",
        "3.5 Third-party software components",
    ] {
        assert!(submission.contains(neighbour));
        assert!(
            !tm.contains(neighbour),
            "{neighbour} cut from the threat model attachment"
        );
    }
    // The cover names each section and its pages in the submission, and those pages carry the
    // submission's own page numbers.
    let cover = page_text(&threat_model, 1);
    let total = submission_pages(&submission);
    let squeezed: String = cover.split_whitespace().collect::<Vec<_>>().join(" ");
    let pages = squeezed
        .split("§3.2 Threat model ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("§3.2 and its pages on the cover: {squeezed}"))
        .to_string();
    let first = pages.split('\u{2013}').next().expect("first page");
    assert!(
        page_text(&threat_model, 2).contains(&format!("Page {first} of {total}")),
        "the attachment's first page after the cover is page {first} of the submission"
    );
}

/// The number of pages the submission's footer names ("Page 3 of 43").
fn submission_pages(text: &str) -> String {
    text.split("Page 3 of ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a page footer")
        .to_string()
}

/// Internal links of a PDF: (those whose destination is one of its pages or named
/// destinations, those whose destination is not).
fn link_targets(pdf: &[u8]) -> (usize, usize) {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let pages: std::collections::BTreeSet<lopdf::ObjectId> =
        doc.get_pages().into_values().collect();
    let mut names = std::collections::BTreeSet::new();
    if let Ok(tree) = doc
        .catalog()
        .and_then(|c| c.get(b"Names"))
        .and_then(|n| doc.dereference(n))
        .and_then(|(_, n)| n.as_dict())
        .and_then(|n| n.get(b"Dests"))
        .and_then(|d| doc.dereference(d))
        .and_then(|(_, d)| d.as_dict())
    {
        collect_names(&doc, tree, &mut names);
    }
    let (mut resolved, mut dangling) = (0, 0);
    // Annotations may be direct objects in a page's `Annots`, so they are read from there.
    let annotations: Vec<lopdf::Dictionary> = pages
        .iter()
        .filter_map(|&p| doc.get_dictionary(p).ok())
        .filter_map(|page| page.get(b"Annots").ok())
        .filter_map(|a| doc.dereference(a).ok())
        .filter_map(|(_, a)| a.as_array().ok().cloned())
        .flatten()
        .filter_map(|a| {
            doc.dereference(&a)
                .ok()
                .and_then(|(_, a)| a.as_dict().ok().cloned())
        })
        .collect();
    for d in &annotations {
        if d.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link".as_slice()) {
            continue;
        }
        let dest = d.get(b"Dest").ok().cloned().or_else(|| {
            d.get(b"A")
                .and_then(|a| a.as_dict())
                .ok()
                .filter(|a| a.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"GoTo".as_slice()))
                .and_then(|a| a.get(b"D").ok().cloned())
        });
        let Some(dest) = dest else { continue };
        let dest = doc
            .dereference(&dest)
            .map_or(dest.clone(), |(_, d)| d.clone());
        let ok = match &dest {
            lopdf::Object::Array(a) => a
                .first()
                .and_then(|p| p.as_reference().ok())
                .is_some_and(|p| pages.contains(&p)),
            lopdf::Object::String(s, _) => names.contains(s),
            lopdf::Object::Name(s) => names.contains(s),
            _ => false,
        };
        if ok {
            resolved += 1;
        } else {
            dangling += 1;
        }
    }
    (resolved, dangling)
}

/// The names of a name tree (its `Names` pairs, through its `Kids`).
fn collect_names(
    doc: &lopdf::Document,
    node: &lopdf::Dictionary,
    out: &mut std::collections::BTreeSet<Vec<u8>>,
) {
    if let Ok(pairs) = node.get(b"Names").and_then(|n| n.as_array()) {
        for name in pairs.iter().step_by(2) {
            if let Ok(s) = name.as_str() {
                out.insert(s.to_vec());
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(|k| k.as_array()) {
        for kid in kids {
            if let Ok((_, lopdf::Object::Dictionary(d))) = doc.dereference(kid) {
                collect_names(doc, d, out);
            }
        }
    }
}

// A hostile file name (an emoji and a control character) is attached and packed under a
// safe name, byte for byte, and printed escaped; the build does not fail on it.
#[test]
fn evidence_with_a_hostile_file_name_is_attached_safely() {
    let dir = tempfile::tempdir().expect("temp");
    crate::support::copy_tree(&root().join("example-dossier"), dir.path());
    let hostile = "lumen-\u{1f512}-fw\u{1b}.openvex.json";
    std::fs::rename(
        dir.path().join("sbom/lumen-fw-2.4.0.openvex.json"),
        dir.path().join("sbom").join(hostile),
    )
    .expect("rename");
    let yaml = dir.path().join("sbom/sbom.yaml");
    let text_of = std::fs::read_to_string(&yaml).expect("sbom.yaml");
    std::fs::write(
        &yaml,
        text_of.replace(
            "sbom/lumen-fw-2.4.0.openvex.json",
            "\"sbom/lumen-\u{1f512}-fw\\e.openvex.json\"",
        ),
    )
    .expect("write");
    let (out, folder) = build_out(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = std::fs::read(dir.path().join("sbom").join(hostile)).expect("original");
    let pdf = std::fs::read(folder.path().join("submission.pdf")).expect("PDF");
    let inside = embedded_files(&pdf);
    let (name, bytes) = inside
        .iter()
        .find(|(n, _)| n.contains("openvex"))
        .expect("the VEX document is attached");
    assert_eq!(name, "lumen-_-fw_.openvex.json");
    assert!(bytes == &original);
    let packed = std::fs::read(folder.path().join("estar/sbom/lumen-_-fw_.openvex.json"))
        .expect("packed under the safe name");
    assert!(packed == original);
    assert!(
        text(&pdf).contains("fw\\u{1b}.openvex.json"),
        "printed escaped"
    );
}

// Words, not identifiers: no vocabulary value that is not itself a word (`not_affected`,
// `vuln/fuzz`, `wifi`, `510k`) reaches the page; the reader sees its label.
#[test]
fn no_vocabulary_identifier_reaches_the_page() {
    let t = text(&example_pdf());
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || ",;:()[]\"'.".contains(c))
        .collect();
    let not_words = [
        "wifi", "bt", "ble", "hw", "sw", "fw", "hdo", "nfc", "ifu", "oss", "ots", "pma", "pdp",
        "hde", "ide", "510k", "mds2", "cvd",
    ];
    // The authors' own prose (Markdown bodies) may quote a field name in code; that is their
    // text, not a value dossier rendered.
    let mut prose = String::new();
    for entry in walkdir::WalkDir::new(root().join("example-dossier")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "md") {
            prose.push_str(&std::fs::read_to_string(entry.path()).expect("read"));
        }
    }
    let mut seen = Vec::new();
    for table in dossier::model::labels::tables() {
        for (value, label) in &table.entries {
            let identifier =
                value.contains('_') || value.contains('/') || not_words.contains(value);
            let quoted = prose.contains(&format!("`{value}`"));
            if identifier && words.contains(value) && !quoted {
                seen.push(format!("{value} ({}: {label})", table.name));
            }
        }
    }
    assert!(seen.is_empty(), "identifiers on the page: {seen:?}");
    // And the labels are there instead.
    for label in [
        "510(k)",
        "Event detection and logging",
        "Updatability and patchability",
        "Not affected",
        "Actively maintained",
    ] {
        assert!(t.contains(label), "{label} missing");
    }
}

// The same inputs give byte-identical PDFs; the date comes from --as-of or SOURCE_DATE_EPOCH.
#[test]
fn builds_are_byte_identical() {
    let first = example_pdf();
    let (code, err, second) = build(&root().join("example-dossier"), &["--as-of", "2026-11-01"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(Some(first) == second, "two builds differ");
    let out = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "build",
            "--out",
            &out.path().to_string_lossy(),
            &root().join("example-dossier").to_string_lossy(),
        ])
        .env("SOURCE_DATE_EPOCH", "1793836800")
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0));
    let pdf = std::fs::read(out.path().join("submission.pdf")).expect("PDF");
    assert!(
        text(&pdf).contains("Document date 2026-11-05"),
        "SOURCE_DATE_EPOCH sets the date"
    );
}

// No machine path reaches an output: outside Git the source is named by the dossier folder's
// name, so the same files built from two places give the same bytes.
#[test]
fn the_same_files_in_two_places_build_the_same_bytes() {
    let places = [
        tempfile::tempdir().expect("temp"),
        tempfile::tempdir().expect("temp"),
    ];
    let mut outputs = Vec::new();
    for (n, place) in places.iter().enumerate() {
        let dir = place
            .path()
            .join(if n == 0 { "a" } else { "b/c" })
            .join("lumen");
        crate::support::copy_tree(&root().join("example-dossier"), &dir);
        let _ = std::fs::remove_dir_all(dir.join("build"));
        let (out, folder) = build_out(&dir, &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let read = |name: &str| std::fs::read(folder.path().join(name)).expect(name);
        let files = (
            read("submission.pdf"),
            read("dossier.json"),
            read("site/index.html"),
            read("estar/00-answer-sheet.pdf"),
        );
        let all = [
            ("PDF", &files.0),
            ("JSON", &files.1),
            ("site", &files.2),
            ("eSTAR", &files.3),
        ];
        for (name, bytes) in all {
            let text = String::from_utf8_lossy(bytes);
            let here = place.path().to_string_lossy();
            assert!(!text.contains(here.as_ref()), "{name} names {here}");
        }
        assert!(
            text(&files.0).contains("from lumen"),
            "the folder's name is the source"
        );
        outputs.push(files);
    }
    assert!(outputs[0].0 == outputs[1].0, "PDFs differ");
    assert!(outputs[0].1 == outputs[1].1, "dossier.json differs");
    assert!(outputs[0].2 == outputs[1].2, "site differs");
    assert!(outputs[0].3 == outputs[1].3, "eSTAR answer sheet differs");
}

// Typst and Markdown injection payloads in artifact text print literally and run nothing.
#[test]
fn injection_payloads_print_literally() {
    let dir = example_with_unassessed_threat("", "full");
    let payloads = [
        "#panic(\"pwned\")",
        "#read(\"/etc/passwd\")",
        "#import \"@preview/cetz:0.2.2\": *",
        "$ x^2 $",
        "] ) } #let x = 1",
        "<script>alert(1)</script>",
        "@fake-ref *star* _under_ \\\\",
    ];
    let mut yaml = String::from(
        "---\nid: THR-098\nkind: threat\ntitle: 'Payload title #panic(\"pwned\") $x$ <b>'\nrevision: \"1\"\nstatus: approved\nauthor: A\napprovals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\ncategory: T\nassets: [AST-001]\nentry_interfaces: [IF-001]\nattack_vector: adjacent\nlifecycle_phase: operation\ndescription: '#read(\"/etc/passwd\") [link](javascript:alert(1))'\n---\n\n",
    );
    for p in payloads {
        yaml.push_str(&format!("- {p}\n"));
    }
    yaml.push_str("\n`#panic(\"in code\")`\n");
    std::fs::write(dir.path().join("threat-model/payload.md"), yaml).expect("write");
    let (code, err, pdf) = build(dir.path(), &["--as-of", "2026-11-01"]);
    assert!(matches!(code, Some(0) | Some(1)), "{err}");
    let pdf = pdf.expect("PDF written despite the payloads");
    let t = text(&pdf);
    assert!(
        t.contains("Payload title #panic(\"pwned\") $x$ <b>"),
        "title printed literally"
    );
    assert!(
        !t.contains("pwned\")\n") || t.contains("#panic"),
        "payload printed, not run"
    );
    assert!(
        !t.contains("root:x:0:0"),
        "no file outside the dossier was read"
    );
}

// --strict refuses to render while error-level findings are open.
#[test]
fn strict_refuses_open_errors() {
    let dir = example_with_unassessed_threat("", "full");
    let (code, err, pdf) = build(dir.path(), &["--as-of", "2026-11-01", "--strict"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--strict refuses to render"), "{err}");
    assert!(pdf.is_none());
    let (code, _, pdf) = build(dir.path(), &["--as-of", "2026-11-01"]);
    assert_eq!(
        code,
        Some(1),
        "a build with open errors still renders, exit 1"
    );
    let t = text(&pdf.expect("PDF"));
    assert!(
        t.contains("open error-level finding") && t.contains("THR-099"),
        "the gap is on the cover and in the gap report"
    );
}

// A dossier's own template overrides the embedded one; errors in it name file and line;
// package imports are refused.
#[test]
fn template_override_errors_and_packages() {
    let dir = example_with_unassessed_threat("", "full");
    std::fs::remove_file(dir.path().join("threat-model/THR-099.yaml")).expect("remove");
    std::fs::create_dir_all(dir.path().join("templates/typst")).expect("mkdir");
    let template = dir.path().join("templates/typst/submission.typ");
    std::fs::write(
        &template,
        "#let data = json(\"/.dossier/data.json\")\n= Custom cover for #data.device.name\n",
    )
    .expect("write");
    let (out, folder) = build_out(dir.path(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let pdf = std::fs::read(folder.path().join("submission.pdf")).expect("PDF");
    assert!(text(&pdf).contains("Custom cover for Lumen IV-7"));
    // A template that does not mark its sections builds its submission; the eSTAR pack,
    // which is cut at the marks, is a note saying what it needs instead.
    assert!(
        err.contains("eSTAR attachment pack was not written"),
        "{err}"
    );
    let note = std::fs::read_to_string(folder.path().join("estar/NOT-WRITTEN.txt")).expect("note");
    assert!(
        note.contains("<dossier-page-margins>") && note.contains("<s3.2>"),
        "{note}"
    );
    assert!(!folder.path().join("estar/00-answer-sheet.pdf").exists());
    std::fs::write(&template, "= Fine\n\n#let x = (1, 2\n").expect("write");
    let (code, err, _) = build(dir.path(), &["--as-of", "2026-11-01"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("templates/typst/submission.typ:3"), "{err}");
    std::fs::write(
        &template,
        "#import \"@preview/cetz:0.2.2\": canvas\nHello\n",
    )
    .expect("write");
    let (code, err, _) = build(dir.path(), &["--as-of", "2026-11-01"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot import typst packages"), "{err}");
    std::fs::write(&template, "#read(\"../../../../etc/passwd\")\n").expect("write");
    let (code, err, _) = build(dir.path(), &["--as-of", "2026-11-01"]);
    assert_eq!(code, Some(2), "reading outside the dossier fails: {err}");
}

/// Internal link annotations (GoTo destinations) in a PDF.
fn internal_links(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link".as_slice())
                && (d.has(b"Dest")
                    || d.get(b"A")
                        .and_then(|a| a.as_dict())
                        .and_then(|a| a.get(b"S"))
                        .and_then(|s| s.as_name())
                        .ok()
                        == Some(b"GoTo".as_slice()))
        })
        .count()
}

// Listings longer than the template's `long-listing` (400 rows; 5 here, through a template
// override) are one block per row instead of a table, so that large submissions fit in
// memory; their cross-references stay links.
#[test]
fn long_listings_become_blocks_with_links() {
    let dir = example_with_unassessed_threat("", "full");
    std::fs::remove_file(dir.path().join("threat-model/THR-099.yaml")).expect("remove");
    let embedded =
        std::fs::read_to_string(root().join("templates/typst/submission.typ")).expect("template");
    let line = "#let long-listing = data.build.at(\"long_listing\", default: 400)";
    assert!(
        embedded.contains(line),
        "the threshold line is in the template"
    );
    std::fs::create_dir_all(dir.path().join("templates/typst")).expect("mkdir");
    std::fs::write(
        dir.path().join("templates/typst/submission.typ"),
        embedded.replace(line, "#let long-listing = 5"),
    )
    .expect("write");
    let (code, err, pdf) = build(dir.path(), &["--as-of", "2026-11-01"]);
    assert_eq!(code, Some(0), "{err}");
    let pdf = pdf.expect("PDF");
    let t = text(&pdf);
    assert!(
        t.contains("One entry per row: ID · Kind · Title"),
        "the register is a listing"
    );
    assert!(
        t.contains("Threat → risk: THR-001 → RSK-001"),
        "the trace is one line per link"
    );
    let listed = internal_links(&pdf);
    // The same dossier with the template's own threshold: a copy too (outside Git, so
    // neither has a prior release to compare with).
    let same = example_with_unassessed_threat("", "full");
    std::fs::remove_file(same.path().join("threat-model/THR-099.yaml")).expect("remove");
    let (code, err, tabled) = build(same.path(), &["--as-of", "2026-11-01"]);
    assert_eq!(code, Some(0), "{err}");
    let tabled = internal_links(&tabled.expect("PDF"));
    assert!(listed > 300, "{listed} internal links");
    assert_eq!(listed, tabled, "the same cross-references either way");
}

// dossier.json, the model the templates read, is written beside the PDF.
#[test]
fn json_model_is_written() {
    let out = tempfile::tempdir().expect("temp dir");
    let result = run(&[
        "build",
        "--as-of",
        "2026-11-01",
        "--out",
        &out.path().to_string_lossy(),
        &root().join("example-dossier").to_string_lossy(),
    ]);
    assert_eq!(result.status.code(), Some(0));
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("dossier.json")).expect("json"))
            .expect("valid");
    assert_eq!(model["release"], "2.4.0");
    assert_eq!(
        model["artifacts"]["threat"].as_array().map(|a| a.len()),
        Some(11)
    );
    assert_eq!(model["build"]["date"], "2026-11-01");
}

// CVSS vectors are shown with what they score: base (with its rating), temporal and
// environmental where the vector states those metrics, v2 vectors too; in the PDF, the
// JSON model and the site.
#[test]
fn cvss_scores_are_shown() {
    let dir = example_with_unassessed_threat("", "full");
    let path = dir.path().join("vulnerabilities/vulnerabilities.yaml");
    let yaml = std::fs::read_to_string(&path).expect("read");
    let stated = "      vector: CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H\n      score: 6.5\n";
    assert!(yaml.contains(stated));
    let more = format!(
        "{stated}    - vector: CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/E:P/RL:O/RC:C/AR:H/MAV:L\n      score: 6.5\n    - version: \"2.0\"\n      vector: AV:N/AC:H/Au:N/C:P/I:N/A:N\n      score: 2.6\n"
    );
    std::fs::write(&path, yaml.replacen(stated, &more, 1)).expect("write");
    let (result, out) = build_out(dir.path(), &[]);
    assert!(
        matches!(result.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let t = text(&std::fs::read(out.path().join("submission.pdf")).expect("PDF"));
    for shown in [
        "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H (base 6.5 Medium);",
        "(base 6.5 Medium, temporal 5.9, environmental 7.2)",
        "C:P/I:N/A:N (CVSS 2.0 base 2.6 Low)",
    ] {
        assert!(t.contains(shown), "the PDF shows `{shown}`");
    }
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("dossier.json")).expect("json"))
            .expect("valid");
    let vulnerability = model["artifacts"]["vulnerability"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["id"] == "VUL-2026-001"))
        .expect("VUL-2026-001");
    assert_eq!(vulnerability["cvss"][1]["scores"]["environmental"], 7.2);
    assert_eq!(vulnerability["cvss"][2]["scores"]["version"], "2.0");
    let page = walkdir::WalkDir::new(out.path().join("site"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("VUL-2026-001"))
        .map(|e| std::fs::read_to_string(e.path()).expect("page"))
        .expect("the site has the vulnerability's page");
    assert!(
        page.contains("environmental") && page.contains("7.2"),
        "the site shows the scores"
    );
}

// A waiver that expired, or that no finding needs any more, stays in the recorded deviations
// of the PDF and the site's waiver list, marked, with its justification and approver.
#[test]
fn expired_and_unused_waivers_stay_on_record() {
    let expired = crate::support::waiver("THR-099", Some("2026-10-15"));
    let unused = "  - rule: RISK-001\n    artifact: THR-001\n    justification: Kept from the legacy file.\n    approved_by: Q. Auditor\n    date: 2026-09-01\n";
    let dir = example_with_unassessed_threat(&format!("{expired}{unused}"), "full");
    let (result, out) = build_out(dir.path(), &[]);
    assert!(
        matches!(result.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let t = text(&std::fs::read(out.path().join("submission.pdf")).expect("PDF"));
    for shown in [
        "RISK-001 THR-099 expired; expires 2026-10-15 Assessed in the legacy risk file until migration. (P. Raman, 2026-10-01)",
        "RISK-001 THR-001 unused Kept from the legacy file. (Q. Auditor, 2026-09-01)",
    ] {
        assert!(t.contains(shown), "the PDF records `{shown}`");
    }
    let gaps = std::fs::read_to_string(out.path().join("site/gaps.html")).expect("gap report");
    assert!(gaps.contains("Every waiver in the manifest"));
    assert!(
        gaps.contains(">expired; expires 2026-10-15<") && gaps.contains(">unused<"),
        "the site lists them"
    );
    assert!(gaps.contains("Q. Auditor, 2026-09-01"));
}

// `build` and `check` of one state at one date, with one advisory folder, report the same
// findings; the PDF cover and the gap report say which date and advisories they used.
#[test]
fn build_and_check_agree_and_say_what_they_used() {
    let dir = example_with_unassessed_threat("", "full");
    let osv = dir.path().join("osv");
    std::fs::create_dir_all(&osv).expect("osv");
    std::fs::write(
        osv.join("MBED-1.json"),
        r#"{"id": "GHSA-test-mbed-0001", "aliases": ["CVE-2026-99999"], "modified": "2026-10-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "GitHub Actions", "name": "mbed-tls/mbedtls", "purl": "pkg:github/mbed-tls/mbedtls"},
                          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}"#,
    )
    .expect("advisory");
    let (osv_arg, dir_arg) = (
        osv.to_string_lossy().into_owned(),
        dir.path().to_string_lossy().into_owned(),
    );
    let check = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-01",
        "--advisories",
        &osv_arg,
        &dir_arg,
    ]);
    let checked: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let (built, out) = build_out(dir.path(), &["--advisories", &osv_arg]);
    assert!(
        matches!(built.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // The build log lists the open errors themselves, and the date they were evaluated at;
    // no progress line reaches a log (standard error is not a terminal here).
    let log = String::from_utf8_lossy(&built.stderr);
    assert!(!log.contains('\u{1b}') && !log.contains('\r'), "{log}");
    assert!(
        log.contains("threat-model/THR-099.yaml:1:5: error[RISK-001]"),
        "{log}"
    );
    assert!(
        log.contains("(evaluated at 2026-11-01, the document date)"),
        "{log}"
    );
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("dossier.json")).expect("json"))
            .expect("valid");
    let key = |f: &serde_json::Value| {
        format!(
            "{} {}",
            f["code"].as_str().unwrap_or(""),
            f["message"].as_str().unwrap_or("")
        )
    };
    let mut from_check: Vec<String> = checked["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(key)
        .collect();
    let mut from_build: Vec<String> = model["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(key)
        .collect();
    from_check.sort();
    from_build.sort();
    assert_eq!(from_check, from_build);
    assert!(
        from_check.iter().any(|f| f.starts_with("VULN-001")),
        "the advisory was matched: {from_check:?}"
    );
    let t = text(&std::fs::read(out.path().join("submission.pdf")).expect("PDF"));
    assert!(
        t.contains(
            "Evaluated at 2026-11-01; known-vulnerability advisories: 1 OSV record from osv"
        ),
        "the cover says so: {}",
        t.split("Evaluated")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(120)
            .collect::<String>()
    );
    let gaps = std::fs::read_to_string(out.path().join("site/gaps.html")).expect("gaps");
    assert!(gaps.contains("1 OSV record from <code>osv</code>"));
    // Without advisories, the cover says none were cross-checked.
    let (_, bare) = build_out(dir.path(), &[]);
    let t = text(&std::fs::read(bare.path().join("submission.pdf")).expect("PDF"));
    assert!(t.contains(
        "known-vulnerability advisories: not cross-checked (no advisory database was given to the check)"
    ));
}

// Short table rows are kept on one page; a row too long for a page still breaks, so that no
// text is cut off at the bottom of a page (typst cannot split an unbreakable row and would
// let it overflow the page).
#[test]
fn a_row_taller_than_a_page_is_printed_whole() {
    let dir = crate::support::minimal_dossier();
    let chain = dir.path().join("chain.yaml");
    let long: Vec<String> = (0..2500).map(|i| format!("word{i}")).collect();
    let text_before = std::fs::read_to_string(&chain).expect("chain");
    std::fs::write(
        &chain,
        text_before.replace(
            "text: The device shall do 1.",
            &format!("text: The device shall do 1. {} LAST-WORD", long.join(" ")),
        ),
    )
    .expect("write");
    let (out, folder) = build_out(dir.path(), &[]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(folder.path().join("submission.pdf")).expect("PDF");
    let all = text(&pdf);
    for word in ["word0", "word1250", "word2499", "LAST-WORD"] {
        assert!(all.contains(word), "{word} is not printed");
    }
    // An overflowing row still has its text in the page's content, below the page's edge,
    // where no reader sees it: the row's 17,000 characters must run over several pages.
    let doc = lopdf::Document::load_mem(&pdf).expect("PDF parses");
    let pages = doc.get_pages().len() as u32;
    let holding = (1..=pages)
        .filter(|&p| page_text(&pdf, p).contains("word1"))
        .count();
    assert!(holding >= 3, "the long row is on {holding} page(s)");
}

// Given no date and outside Git, the document date is the latest date recorded in the
// dossier's approvals (decided by the check itself, once the files are read); a later
// approval moves it.
#[test]
fn without_a_date_the_latest_approval_dates_the_document() {
    let dir = crate::support::minimal_dossier();
    let build = |dir: &std::path::Path| {
        let out = tempfile::tempdir().expect("out");
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--timings", "--out"])
            .arg(out.path())
            .arg(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("runs");
        let model: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.path().join("dossier.json")).expect("json"))
                .expect("json");
        (
            model["build"]["date"].clone(),
            String::from_utf8_lossy(&result.stderr).into_owned(),
        )
    };
    let (date, log) = build(dir.path());
    assert_eq!(date, "2026-01-15");
    assert!(log.contains("the document date"), "{log}");
    let chain = dir.path().join("chain.yaml");
    let text = std::fs::read_to_string(&chain).expect("chain");
    std::fs::write(
        &chain,
        text.replacen("date: 2026-01-15", "date: 2026-02-03", 1),
    )
    .expect("write");
    assert_eq!(build(dir.path()).0, "2026-02-03");
}

// A dossier early in its life has thousands of open findings: the PDF's gap report groups
// them by rule with each rule's count and lists each rule's first `findings_per_rule`, then
// says how many more there are and where; the site and dossier.json list every one.
#[test]
fn many_findings_are_grouped_and_bounded_in_the_pdf_and_all_listed_in_the_site() {
    let dir = example_with_unassessed_threat("", "full");
    let manifest = dir.path().join("dossier.yaml");
    let written = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(
        &manifest,
        written.replace(
            "  verdict_on_cover: false\n",
            "  verdict_on_cover: false\n  findings_per_rule: 3\n",
        ),
    )
    .expect("manifest");
    let threat =
        std::fs::read_to_string(dir.path().join("threat-model/THR-099.yaml")).expect("threat");
    for n in 100..112 {
        std::fs::write(
            dir.path().join(format!("threat-model/THR-{n}.yaml")),
            threat.replace("THR-099", &format!("THR-{n}")),
        )
        .expect("threat");
    }
    let (output, out) = build_out(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let pdf = std::fs::read(out.path().join("submission.pdf")).expect("PDF");
    let t = text(&pdf);
    let gaps = &t[t.rfind("Gap report").expect("the gap report")..];
    assert!(gaps.contains("RISK-001 unassessed-threat"), "{gaps}");
    assert!(gaps.contains("13 open"), "{gaps}");
    assert_eq!(
        gaps.matches("has no security risk assessment").count(),
        3,
        "three of thirteen listed: {gaps}"
    );
    assert!(
        gaps.contains("and 10 more RISK-001 findings"),
        "the rest counted: {gaps}"
    );
    let site = std::fs::read_to_string(out.path().join("site/gaps.html")).expect("gap page");
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("dossier.json")).expect("dossier.json"),
    )
    .expect("JSON");
    let in_json = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "RISK-001")
        .count();
    assert_eq!(in_json, 13);
    for n in std::iter::once(99).chain(100..112) {
        let id = format!("THR-{n:03}");
        assert!(
            site.contains(&format!("threat {id} has no security risk assessment")),
            "{id}"
        );
    }
}

// A build whose memory estimate is over its budget stops before layout and writes nothing;
// the budget comes from `--memory-budget` or the manifest, and a budget too small to build
// anything is a manifest error.
#[test]
fn a_build_over_its_memory_budget_stops_before_layout() {
    let (output, out) = build_out(&root().join("example-dossier"), &["--memory-budget", "64"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("over the build's budget of 64 MB") && err.contains("--memory-budget"),
        "{err}"
    );
    assert!(!out.path().join("submission.pdf").exists());
    assert!(!out.path().join("dossier.json").exists());
    let dir = example_with_unassessed_threat("memory_budget_mb: 100\n", "full");
    let (output, _out) = build_out(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("budget of 100 MB"));
    // The flag wins over the manifest.
    let (output, _out) = build_out(dir.path(), &["--memory-budget", "4096"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let dir = example_with_unassessed_threat("memory_budget_mb: 10\n", "full");
    let out = run(&["check", "--format", "short", &dir.path().to_string_lossy()]);
    assert!(
        crate::support::stdout(&out).contains("CONFIG-001"),
        "{}",
        crate::support::stdout(&out)
    );
}

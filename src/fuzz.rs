//! Entry points for fuzzing: each reader of untrusted input, taking raw bytes.
//!
//! The coverage-guided targets in `fuzz/` (cargo-afl) and the replay test in the test suite
//! (`tests/suite/fuzz.rs`: the saved corpus plus seeded random mutations) call the same
//! functions, so a crash found by one is reproduced by the other. Each must return for any
//! input, without panicking and in time proportional to the input.

use crate::model::Date;

/// A fuzz target: any bytes in, nothing out, never a panic.
pub type Target = fn(&[u8]);

/// The targets, by name (the folder names under `fuzz/corpus/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("yaml_artifacts", yaml_artifacts),
    ("markdown_artifact", markdown_artifact),
    ("manifest", manifest),
    ("sbom", sbom),
    ("vex", vex),
    ("osv", osv),
    ("cvss", cvss),
    ("markdown_blocks", markdown_blocks),
    ("approve_edit", approve_edit),
];

fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// A YAML artifact file (one artifact or a list).
pub fn yaml_artifacts(bytes: &[u8]) {
    let parsed = crate::parse::parse_text("fuzz.yaml", &text(bytes));
    for a in &parsed.artifacts {
        let _ = crate::model::fingerprint(a);
    }
}

/// A Markdown artifact (YAML front matter and a body).
pub fn markdown_artifact(bytes: &[u8]) {
    let _ = crate::parse::parse_text("fuzz.md", &text(bytes));
}

/// The manifest `dossier.yaml`.
pub fn manifest(bytes: &[u8]) {
    let _ = crate::load_config(&text(bytes));
}

/// An SBOM in any format read (CycloneDX JSON or XML, SPDX 2 JSON, SPDX 3 JSON-LD).
pub fn sbom(bytes: &[u8]) {
    let _ = crate::parse::sbom::read_document(&text(bytes));
}

/// A VEX document (CycloneDX, OpenVEX, CSAF).
pub fn vex(bytes: &[u8]) {
    let _ = crate::vex::read(&text(bytes));
}

/// An OSV advisory file, with each record's version ordering exercised.
pub fn osv(bytes: &[u8]) {
    if let Ok(records) = crate::advisory::osv::read_bytes(std::path::Path::new("fuzz.json"), bytes)
    {
        for record in &records {
            for affected in &record.affected {
                let _ = affected.package_key();
            }
        }
    }
}

/// A CVSS vector (3.0, 3.1, 4.0).
pub fn cvss(bytes: &[u8]) {
    let _ = crate::model::cvss::score(&text(bytes));
}

/// Markdown to the block tree the PDF template renders.
pub fn markdown_blocks(bytes: &[u8]) {
    let _ = crate::render::markdown::to_blocks(&text(bytes));
}

/// `approve`'s textual edit: every artifact of a YAML or Markdown file approved, and the
/// edit verified by parsing again.
pub fn approve_edit(bytes: &[u8]) {
    let source = text(bytes);
    let path = if source.starts_with("---") {
        "fuzz.md"
    } else {
        "fuzz.yaml"
    };
    let parsed = crate::parse::parse_text(path, &source);
    let unsigned = crate::approve::NewApproval {
        name: "Fuzz".into(),
        role: "QA".into(),
        date: Date(jiff::civil::date(2026, 11, 1)),
        meaning: Some("reviewed".into()),
        signature: None,
    };
    // A signed approval is written in block style with a literal block; what the signature
    // says is not checked by the edit.
    let signed = crate::approve::NewApproval {
        signature: Some(crate::approve::NewSignature {
            key: "SHA256:fuzz".into(),
            sshsig: "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n".into(),
        }),
        ..unsigned.clone()
    };
    for approval in [&unsigned, &signed] {
        for artifact in parsed.artifacts.iter().take(8) {
            if let Ok(edited) = crate::approve::add_approval(&source, path, artifact, approval) {
                let _ = crate::approve::verify(&source, &edited, path, artifact, approval);
            }
        }
    }
}

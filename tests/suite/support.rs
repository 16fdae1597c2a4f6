//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::model::Date;
use dossier::{CheckOptions, Checked, check_dir};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixed evaluation date of all tests, so time-based rules never drift.
pub fn as_of() -> Date {
    Date::from_ymd(2026, 11, 1).expect("valid date")
}

/// Checks a dossier directory with every rule at the fixed date. A fixture may supply the
/// version history that a Git source would (`history.json`, for CHG-001 and CHG-002).
pub fn check(dir: &Path) -> Checked {
    let history = std::fs::read_to_string(dir.join("history.json"))
        .ok()
        .map(|text| serde_json::from_str(&text).expect("history.json is valid"));
    check_dir(
        dir,
        &CheckOptions {
            as_of: as_of().into(),
            only: None,
            history,
            rev: None,
            advisories: None,
            change_lists: None,
        },
    )
    .expect("dossier loads")
}

/// Runs the `dossier` binary.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A minimal valid dossier: manifest, device and one complete trace chain.
pub fn minimal_dossier() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = root().join("tests/fixtures/rules/TRACE-001/pass_unbroken");
    for name in ["dossier.yaml", "device.yaml", "chain.yaml"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).expect("copy fixture");
    }
    dir
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the example dossier (which passes every rule) with one planted problem: threat
/// THR-099, complete but assessed by no risk (RISK-001); `manifest_extra` is appended to
/// the manifest (waivers, overrides, profile).
pub fn example_with_unassessed_threat(manifest_extra: &str, profile: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&root().join("example-dossier"), dir.path());
    let manifest = std::fs::read_to_string(dir.path().join("dossier.yaml")).expect("manifest");
    let manifest = manifest.replace("profile: full", &format!("profile: {profile}"));
    std::fs::write(
        dir.path().join("dossier.yaml"),
        format!("{manifest}{manifest_extra}"),
    )
    .expect("manifest");
    std::fs::write(
        dir.path().join("threat-model/THR-099.yaml"),
        "id: THR-099\nkind: threat\ntitle: Unassessed threat\nrevision: \"1\"\nstatus: approved\n\
         author: A. Okafor\napprovals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\n\
         category: D\nassets: [AST-001]\nentry_interfaces: [IF-001]\nattack_vector: adjacent\nlifecycle_phase: operation\n",
    )
    .expect("threat");
    dir
}

/// A waiver of RISK-001 for an artifact, with an optional expiry.
pub fn waiver(artifact: &str, expires: Option<&str>) -> String {
    let mut text = format!(
        "waivers:\n  - rule: RISK-001\n    artifact: {artifact}\n    justification: Assessed in the legacy risk file until migration.\n    approved_by: P. Raman\n    date: 2026-10-01\n"
    );
    if let Some(expires) = expires {
        text.push_str(&format!("    expires: {expires}\n"));
    }
    text
}

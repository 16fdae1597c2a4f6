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
/// version history that a Git source would (`history.json`, for CHG-001 and CHG-002), and
/// the dossier as it was at the prior release the manifest's `baseline:` names (a `prior/`
/// folder, which the fixture's manifest excludes; for PRED-001).
pub fn check(dir: &Path) -> Checked {
    let history = std::fs::read_to_string(dir.join("history.json"))
        .ok()
        .map(|text| serde_json::from_str(&text).expect("history.json is valid"));
    let options = CheckOptions {
        as_of: as_of().into(),
        only: None,
        history,
        rev: None,
        advisories: None,
        change_lists: None,
        prior: None,
    };
    // A fixture with a prior release, or one that says so (`outside-git`), is checked from a
    // copy in a temporary folder: outside the project's own repository, whose history and
    // tags have nothing to do with the fixture.
    let copy = (dir.join("in-new-repository").exists() || dir.join("prior").is_dir()).then(|| {
        let copy = tempfile::tempdir().expect("temp dir");
        copy_tree(dir, copy.path());
        copy
    });
    if let Some(copy) = &copy
        && dir.join("in-new-repository").exists()
    {
        commit_all(copy.path());
    }
    let dir = copy.as_ref().map_or(dir, |c| c.path());
    let prior = dir.join("prior");
    if !prior.is_dir() {
        return check_dir(dir, &options).expect("dossier loads");
    }
    let (sources, config, problems) = dossier::read_working_tree(dir).expect("dossier loads");
    let (before, _, _) = dossier::read_working_tree(&prior).expect("prior release loads");
    let revision = config
        .manifest
        .baseline
        .as_ref()
        .map(|b| b.value.revision.clone())
        .expect("a fixture with prior/ names its baseline");
    let options = CheckOptions {
        prior: Some(std::sync::Arc::new(dossier::prior::Snapshot::of_sources(
            before, &revision, None, None,
        ))),
        ..options
    };
    dossier::check_sources(sources, config, problems, &options)
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

/// Makes a folder a new Git repository with one commit of everything in it (and no tag).
pub fn commit_all(dir: &Path) {
    let repo = git2::Repository::init(dir).expect("init");
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = git2::Signature::new(
        "Fixture",
        "fixture@example.com",
        &git2::Time::new(1_780_000_000, 0),
    )
    .expect("signature");
    repo.commit(Some("HEAD"), &sig, &sig, "Import", &tree, &[])
        .expect("commit");
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

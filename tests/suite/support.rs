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

/// Checks a dossier directory with every rule at the fixed date.
pub fn check(dir: &Path) -> Checked {
    check_dir(
        dir,
        &CheckOptions {
            as_of: as_of(),
            only: None,
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

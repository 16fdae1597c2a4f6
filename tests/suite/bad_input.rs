//! Bad input never panics: each problem gets a diagnostic with file and line, the run goes
//! on to report every other problem, and the dossier is never modified.

use std::collections::BTreeMap;
use std::path::Path;

use dossier::diag::Diagnostic;

use crate::support::{check, minimal_dossier, run, stdout};

/// Writes a file into the dossier.
fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

/// The diagnostics about one file.
fn about<'a>(checked: &'a dossier::Checked, file: &str) -> Vec<&'a Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| {
            d.primary
                .as_ref()
                .is_some_and(|l| checked.sources.file(l.file).path == file)
        })
        .collect()
}

/// Checks a dossier with one extra file and returns the diagnostics about that file.
fn single(name: &str, bytes: &[u8]) -> (dossier::Checked, Vec<Diagnostic>) {
    let dir = minimal_dossier();
    put(dir.path(), name, bytes);
    let checked = check(dir.path());
    let found = about(&checked, name).into_iter().cloned().collect();
    (checked, found)
}

fn assert_one(found: &[Diagnostic], code: &str, needle: &str, line: u32) {
    assert!(
        found.iter().any(|d| d.code == code
            && d.message.contains(needle)
            && d.primary.as_ref().is_some_and(|l| l.span.line == line)),
        "expected {code} containing {needle:?} at line {line}, got: {:#?}",
        found
            .iter()
            .map(|d| (d.code, &d.message, d.primary.as_ref().map(|l| l.span.line)))
            .collect::<Vec<_>>()
    );
}

// Broken YAML syntax is PARSE-001 at the line of the problem.
#[test]
fn malformed_yaml() {
    let (_, found) = single(
        "bad.yaml",
        b"- id: THR-2\n  kind: threat\n  title: [unclosed\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "PARSE-001");
    assert!(found[0].primary.as_ref().is_some_and(|l| l.span.line >= 3));
}

// A value of the wrong type is PARSE-002 at that value.
#[test]
fn wrong_type() {
    let (_, found) = single(
        "if.yaml",
        b"id: IF-1\nkind: interface\ntitle: Link\nstatus: approved\nmedium: wifi\nin_use: maybe\n",
    );
    assert_one(&found, "PARSE-002", "boolean", 6);
    assert!(found[0].help.as_deref().unwrap_or("").contains("true"));
}

// A missing required field names the field and says to add it.
#[test]
fn missing_required_field() {
    let (_, found) = single(
        "a.yaml",
        b"id: AST-1\nkind: asset\ntitle: Asset\nstatus: approved\n",
    );
    assert!(
        found
            .iter()
            .any(|d| d.code == "PARSE-002" && d.message.contains("asset_type")),
        "{found:#?}"
    );
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("asset_type")
    );
}

// An unknown field gets a did-you-mean.
#[test]
fn unknown_field_suggests() {
    let (_, found) = single(
        "c.yaml",
        b"id: CTL-9\nkind: security_control\ntitle: C\nstatus: approved\ncategory: integrity\nstate: planned\nmitigate: [THR-1]\n",
    );
    assert_one(&found, "PARSE-002", "unknown field `mitigate`", 7);
    assert_eq!(found[0].help.as_deref(), Some("did you mean `mitigates`?"));
}

// An unknown kind gets a did-you-mean, at the kind's value.
#[test]
fn unknown_kind_suggests() {
    let (_, found) = single(
        "k.yaml",
        b"id: THR-2\nkind: threatt\ntitle: T\nstatus: approved\n",
    );
    assert_one(&found, "PARSE-002", "unknown kind `threatt`", 2);
    assert_eq!(found[0].help.as_deref(), Some("did you mean `threat`?"));
}

// Invalid UTF-8 is reported at the line of the first bad byte.
#[test]
fn invalid_utf8() {
    let (_, found) = single(
        "u.yaml",
        b"id: THR-2\nkind: threat\ntitle: caf\xe9\nstatus: approved\n",
    );
    assert_one(&found, "PARSE-001", "UTF-8", 3);
}

// An empty file (or one with only comments) is reported.
#[test]
fn empty_file() {
    let (_, found) = single("e.yaml", b"# nothing here yet\n\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "PARSE-001");
    assert!(found[0].message.contains("no artifact"));
}

// A Markdown front matter that never closes is reported at its opening line.
#[test]
fn unclosed_front_matter() {
    let (_, found) = single(
        "t.md",
        b"---\nid: THR-2\nkind: threat\ntitle: T\nstatus: approved\n\n# Body\n",
    );
    assert_one(&found, "PARSE-001", "never closed", 1);
}

// Markdown without front matter is not an artifact and is not reported.
#[test]
fn markdown_without_front_matter_is_ignored() {
    let (checked, found) = single("notes.md", b"# Notes\n\nJust notes.\n");
    assert!(found.is_empty());
    assert_eq!(checked.artifacts.len(), 6);
}

// A 100 MB file is refused without being read.
#[test]
fn huge_file() {
    let dir = minimal_dossier();
    let file = std::fs::File::create(dir.path().join("huge.yaml")).expect("create");
    file.set_len(100 * 1024 * 1024).expect("sparse file");
    let checked = check(dir.path());
    let found = about(&checked, "huge.yaml");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "PARSE-001");
    assert!(
        found[0].message.contains("100.0 MiB"),
        "{}",
        found[0].message
    );
}

// An alias bomb is stopped by the parser's budget.
#[test]
fn alias_bomb() {
    let mut yaml = String::from(
        "id: THR-2\nkind: threat\ntitle: T\nstatus: approved\ntags: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for level in 0..8 {
        let prev = if level == 0 {
            "a".to_string()
        } else {
            format!("l{}", level - 1)
        };
        let refs = vec![format!("*{prev}"); 10].join(", ");
        yaml.push_str(&format!("x{level}: &l{level} [{refs}]\n"));
    }
    let (_, found) = single("bomb.yaml", yaml.as_bytes());
    assert!(!found.is_empty(), "the alias bomb must be reported");
    assert!(found.iter().all(|d| d.code.starts_with("PARSE-")));
}

// Deeply nested YAML is refused by the depth budget.
#[test]
fn deep_nesting() {
    let yaml = format!(
        "id: THR-2\nkind: threat\ntitle: T\nstatus: approved\ntags: {}x{}\n",
        "[".repeat(500),
        "]".repeat(500)
    );
    let (_, found) = single("deep.yaml", yaml.as_bytes());
    assert!(!found.is_empty(), "deep nesting must be reported");
}

// Several broken artifacts in one list are all reported, and good ones are still read.
#[test]
fn every_broken_artifact_in_a_list_is_reported() {
    let yaml = b"- id: THR-2\n  kind: threat\n  title: A\n  status: approved\n  colour: red\n- id: THR-3\n  kind: threat\n  title: B\n  status: approved\n- id: THR-4\n  kind: threat\n  title: C\n  status: aproved\n";
    let (checked, found) = single("list.yaml", yaml);
    assert_one(&found, "PARSE-002", "unknown field `colour`", 5);
    assert_one(&found, "PARSE-002", "unknown value `aproved`", 13);
    assert!(checked.artifacts.iter().any(|a| a.id() == "THR-3"));
}

// All of the above at once: no panic, every file reported, exit code 1.
#[test]
fn all_problems_in_one_run() {
    let dir = minimal_dossier();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a.yaml", b"- id: [".to_vec()),
        (
            "b.yaml",
            b"id: THR-2\nkind: threatt\ntitle: T\nstatus: approved\n".to_vec(),
        ),
        (
            "c.yaml",
            b"id: THR-3\nkind: threat\ntitle: caf\xe9\n".to_vec(),
        ),
        ("d.yaml", b"".to_vec()),
        ("e.md", b"---\nid: THR-4\n".to_vec()),
        (
            "f.yaml",
            b"id: AST-1\nkind: asset\ntitle: A\nstatus: approved\n".to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        put(dir.path(), name, bytes);
    }
    let checked = check(dir.path());
    for (name, _) in &files {
        assert!(!about(&checked, name).is_empty(), "{name} was not reported");
    }
    let path = dir.path().to_string_lossy().into_owned();
    let out = run(&["check", "--format", "short", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for (name, _) in &files {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
}

/// Every file below a directory with its contents, for before/after comparison.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap_or_default()
            } else {
                Vec::new()
            };
            (e.path().display().to_string(), bytes)
        })
        .collect()
}

// `check` only reads: the dossier is byte-for-byte the same afterwards.
#[test]
fn check_never_modifies_the_dossier() {
    let dir = minimal_dossier();
    put(dir.path(), "bad.yaml", b"- id: [");
    let before = tree(dir.path());
    let path = dir.path().to_string_lossy().into_owned();
    for format in ["human", "short", "json"] {
        run(&["check", "--format", format, &path]);
    }
    assert_eq!(before, tree(dir.path()));
}

// A folder without dossier.yaml is exit 2 with one clear message.
#[test]
fn no_manifest_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["check", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no dossier.yaml here"), "{err}");
}

// A directory that does not exist is exit 2.
#[test]
fn missing_directory_is_exit_2() {
    let out = run(&["check", "/nonexistent/dossier/dir"]);
    assert_eq!(out.status.code(), Some(2));
}

// An empty or broken manifest is a CONFIG-001 finding, and the run goes on.
#[test]
fn broken_manifest_is_reported() {
    let dir = minimal_dossier();
    put(
        dir.path(),
        "dossier.yaml",
        b"device: DEV-1\nrelease: 1.0.0\nprofil: full\n",
    );
    let checked = check(dir.path());
    let found = about(&checked, "dossier.yaml");
    assert!(found.iter().any(|d| d.code == "CONFIG-001" && d.help.as_deref() == Some("did you mean `profile`?")), "{found:#?}");
    assert_eq!(checked.artifacts.len(), 6, "artifacts are still read");
}

// Excluded paths, hidden folders and the output folder are never read.
#[test]
fn excluded_hidden_and_output_folders_are_skipped() {
    let dir = minimal_dossier();
    let manifest = std::fs::read_to_string(dir.path().join("dossier.yaml")).expect("manifest");
    put(
        dir.path(),
        "dossier.yaml",
        format!("{manifest}exclude: [\"drafts/**\"]\n").as_bytes(),
    );
    for name in ["drafts/x.yaml", ".git/x.yaml", "build/x.yaml"] {
        put(dir.path(), name, b"- id: [");
    }
    let checked = check(dir.path());
    let input: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("PARSE-"))
        .collect();
    assert!(input.is_empty(), "{input:#?}");
}

// A dossier with only a manifest: every rule runs without panicking and reports what is
// missing (exit 1).
#[test]
fn manifest_only_dossier_reports_what_is_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(
        dir.path(),
        "dossier.yaml",
        b"device: DEV-1\nrelease: 1.0.0\nprofile: full\n",
    );
    let checked = check(dir.path());
    for code in [
        "CONFIG-001",
        "SBOM-001",
        "PLAN-001",
        "PLAN-004",
        "CTRL-001",
        "LBL-001",
        "ARCH-001",
    ] {
        assert!(
            checked.diagnostics.iter().any(|d| d.code == code),
            "{code} should report the gap"
        );
    }
    let out = run(&["check", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
}

// One artifact of every kind with only its required fields: no rule panics on the partial
// model, and the gaps are reported.
#[test]
fn partial_artifacts_of_every_kind_do_not_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(
        dir.path(),
        "dossier.yaml",
        b"device: DEV-1\nrelease: 1.0.0\n",
    );
    let required: &[(&str, &str, &str)] = &[
        ("DEV-1", "device", "name: D\n"),
        ("AST-1", "asset", "asset_type: fw\n"),
        ("IF-1", "interface", "medium: usb\n"),
        ("TM-1", "threat_model", ""),
        ("THR-1", "threat", ""),
        (
            "RSK-1",
            "security_risk",
            "patient_harm_possible: true\ntransferred_to_user: true\nmulti_patient: true\n",
        ),
        ("HAZ-1", "hazard", "cause_type: security\n"),
        (
            "CTL-1",
            "security_control",
            "category: cryptography\nstate: implemented\n",
        ),
        (
            "NA-1",
            "na_justification",
            "subject_type: test_type\nsubject: vuln/dast\n",
        ),
        ("REQ-1", "requirement", ""),
        ("TST-1", "test", "type: penetration\n"),
        ("TR-1", "test_report", "tests: [TST-1]\n"),
        ("FND-1", "finding", "disposition: deferred\n"),
        ("SBOM-1", "sbom", "path: missing.json\n"),
        ("VUL-1", "vulnerability", "kev_listed: true\n"),
        ("VA-1", "vuln_assessment", "determination: uncontrolled\n"),
        ("ANOM-1", "anomaly", "security_relevant: true\n"),
        (
            "VIEW-1",
            "architecture_view",
            "view_type: updatability_patchability\n",
        ),
        ("PLAN-1", "plan", "plan_type: security_risk_management\n"),
        ("DP-1", "deferred_plan", ""),
        ("LBL-1", "labeling_item", "topic: ports_interfaces\n"),
        (
            "CR-1",
            "change_record",
            "cyber_impact: unlikely\nchange_class: [auth]\n",
        ),
    ];
    let mut yaml = String::new();
    for (id, kind, fields) in required {
        yaml.push_str(&format!(
            "- id: {id}\n  kind: {kind}\n  title: {kind}\n  status: draft\n"
        ));
        for line in fields.lines() {
            yaml.push_str(&format!("  {line}\n"));
        }
    }
    put(dir.path(), "all.yaml", yaml.as_bytes());
    let checked = check(dir.path());
    assert_eq!(
        checked.artifacts.len(),
        required.len(),
        "{:#?}",
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("PARSE"))
            .collect::<Vec<_>>()
    );
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| !d.code.starts_with("PARSE"))
    );
    let codes: std::collections::BTreeSet<&str> =
        checked.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.len() > 25, "only {codes:?}");
}

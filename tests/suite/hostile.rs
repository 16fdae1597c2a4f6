//! Hostile inputs: a dossier from a pull request is untrusted. Each case asserts that
//! nothing outside the output folder is written or deleted, nothing outside the dossier is
//! read, nothing panics, and the message says what is wrong and what to do.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{minimal_dossier, root, run, stdout};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under a folder with its bytes (links as `-> target`).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            let bytes = if e.file_type().is_symlink() {
                format!(
                    "-> {}",
                    std::fs::read_link(e.path()).expect("link").display()
                )
                .into_bytes()
            } else {
                std::fs::read(e.path()).unwrap_or_default()
            };
            (rel.display().to_string(), bytes)
        })
        .collect()
}

/// The minimal dossier has open findings, so a build that wrote its output exits 1 (not 2).
///
/// A folder that must come through untouched: a sentinel file and a `site` folder.
fn bystander() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.txt"), "my own notes\n").expect("write");
    std::fs::create_dir(dir.path().join("site")).expect("mkdir");
    std::fs::write(dir.path().join("site/keep.html"), "mine\n").expect("write");
    std::fs::write(dir.path().join("submission.pdf"), "not yours\n").expect("write");
    dir
}

fn set_output(dossier: &Path, output: &str) {
    let path = dossier.join("dossier.yaml");
    let manifest = std::fs::read_to_string(&path).expect("manifest");
    std::fs::write(&path, format!("{manifest}output: {output}\n")).expect("manifest");
}

/// `check --format short` at the fixed date: (exit code, standard output).
fn check_short(dossier: &Path) -> (Option<i32>, String) {
    let out = run(&[
        "check",
        "--format",
        "short",
        "--as-of",
        "2026-11-01",
        &dossier.display().to_string(),
    ]);
    (out.status.code(), stdout(&out))
}

fn build(dossier: &Path, extra: &[&str]) -> std::process::Output {
    let dir = dossier.to_string_lossy().into_owned();
    let mut args = vec!["build", "--as-of", "2026-11-01"];
    args.extend_from_slice(extra);
    args.push(&dir);
    run(&args)
}

/// A build into a new folder outside the dossier.
struct Elsewhere {
    _dir: tempfile::TempDir,
    /// The output folder.
    out: std::path::PathBuf,
    code: Option<i32>,
    stderr: String,
}

fn build_elsewhere(dossier: &Path) -> Elsewhere {
    let dir = tempfile::tempdir().expect("out");
    let out = dir.path().join("o");
    let built = build(dossier, &["--out", &out.display().to_string()]);
    Elsewhere {
        _dir: dir,
        out,
        code: built.status.code(),
        stderr: stderr(&built),
    }
}

#[test]
fn the_manifest_cannot_send_the_output_outside() {
    let outside = bystander();
    let before = snapshot(outside.path());
    for output in [
        outside.path().display().to_string(),
        "..".to_string(),
        "../..".to_string(),
        ".".to_string(),
        "build/../..".to_string(),
    ] {
        let dossier = minimal_dossier();
        set_output(dossier.path(), &format!("\"{output}\""));
        let out = build(dossier.path(), &[]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "output: {output}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("`output:`"), "{}", stderr(&out));
        assert!(!dossier.path().join("submission.pdf").exists());
        assert!(!dossier.path().join("site").exists());
    }
    assert_eq!(snapshot(outside.path()), before);
}

#[cfg(unix)]
#[test]
fn a_committed_output_link_is_not_followed() {
    let outside = bystander();
    let before = snapshot(outside.path());
    // `build` itself a link, and a link on the way to the manifest's output folder.
    for (link, output) in [("build", None), ("gen", Some("gen/out"))] {
        let dossier = minimal_dossier();
        std::os::unix::fs::symlink(outside.path(), dossier.path().join(link)).expect("link");
        if let Some(output) = output {
            set_output(dossier.path(), output);
        }
        let out = build(dossier.path(), &[]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("symbolic link") || message.contains("outside the dossier"),
            "{message}"
        );
    }
    assert_eq!(snapshot(outside.path()), before);
}

#[test]
fn out_is_never_the_sources_or_a_folder_dossier_did_not_make() {
    let dossier = minimal_dossier();
    std::fs::create_dir(dossier.path().join("evidence")).expect("mkdir");
    std::fs::write(dossier.path().join("evidence/report.txt"), "evidence\n").expect("write");
    let before = snapshot(dossier.path());
    let foreign = bystander();
    let foreign_before = snapshot(foreign.path());
    let parent = dossier.path().parent().expect("parent").to_path_buf();
    for out in [
        dossier.path().to_path_buf(),
        dossier.path().join("evidence"),
        parent,
        foreign.path().to_path_buf(),
    ] {
        let out_arg = out.display().to_string();
        let result = build(dossier.path(), &["--out", &out_arg]);
        assert_eq!(
            result.status.code(),
            Some(2),
            "--out {out_arg}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains("will not write the output"),
            "{}",
            stderr(&result)
        );
    }
    assert_eq!(snapshot(dossier.path()), before);
    assert_eq!(snapshot(foreign.path()), foreign_before);
}

#[test]
fn output_folders_are_stamped_and_earlier_outputs_adopted() {
    let dossier = minimal_dossier();
    let out = tempfile::tempdir().expect("dir");
    let target = out.path().join("new");
    let target_arg = target.display().to_string();
    let first = build(dossier.path(), &["--out", &target_arg]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(target.join(".dossier-output").is_file());
    assert!(target.join("site/index.html").is_file());
    // A second build replaces its own output.
    let second = build(dossier.path(), &["--out", &target_arg]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    // An output of an earlier version (no stamp, only what build writes) is adopted.
    std::fs::remove_file(target.join(".dossier-output")).expect("unstamp");
    let third = build(dossier.path(), &["--out", &target_arg]);
    assert_eq!(third.status.code(), Some(1), "{}", stderr(&third));
    assert!(target.join(".dossier-output").is_file());
    // The default output folder, inside the dossier, likewise.
    let default = build(dossier.path(), &[]);
    assert_eq!(default.status.code(), Some(1), "{}", stderr(&default));
    assert!(dossier.path().join("build/.dossier-output").is_file());
}

#[cfg(unix)]
#[test]
fn a_link_planted_in_the_output_is_replaced_not_followed() {
    let dossier = minimal_dossier();
    let outside = bystander();
    let before = snapshot(outside.path());
    let first = build(dossier.path(), &[]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let site = dossier.path().join("build/site");
    std::fs::remove_dir_all(&site).expect("rm");
    std::os::unix::fs::symlink(outside.path().join("site"), &site).expect("link");
    let pdf = dossier.path().join("build/submission.pdf");
    std::fs::remove_file(&pdf).expect("rm");
    std::os::unix::fs::symlink(outside.path().join("submission.pdf"), &pdf).expect("link");
    let again = build(dossier.path(), &[]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(!site.is_symlink() && site.join("index.html").is_file());
    assert!(!pdf.is_symlink());
    assert_eq!(snapshot(outside.path()), before);
}

/// A dossier whose SBOM names `path` (relative), with the given file planted there.
fn dossier_with_sbom_at(path: &str) -> tempfile::TempDir {
    let dir = minimal_dossier();
    std::fs::write(
        dir.path().join("sbom.yaml"),
        format!(
            "id: SBOM-001\nkind: sbom\ntitle: SBOM\nrevision: \"1\"\nstatus: approved\nauthor: A. Okafor\n\
             approvals:\n  - {{ name: P. Raman, role: Head of Quality, date: 2026-10-01 }}\n\
             path: {path}\nformat: cyclonedx\nspec_version: \"1.6\"\nrelease_version: 1.0.0\n"
        ),
    )
    .expect("sbom artifact");
    dir
}

#[cfg(unix)]
#[test]
fn reads_stay_inside_the_dossier() {
    let outside = tempfile::tempdir().expect("dir");
    let secret = "SECRET-7f3a9c";
    std::fs::write(
        outside.path().join("secret.json"),
        format!("{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{{\"name\":\"{secret}\",\"bom-ref\":\"{secret}\"}}]}}"),
    )
    .expect("secret");
    let dossier = dossier_with_sbom_at("sbom/fw.cdx.json");
    std::fs::create_dir(dossier.path().join("sbom")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("secret.json"),
        dossier.path().join("sbom/fw.cdx.json"),
    )
    .expect("link");
    // A site template override that links outside too.
    std::fs::create_dir_all(dossier.path().join("templates/site")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("secret.json"),
        dossier.path().join("templates/site/base.html"),
    )
    .expect("link");
    let built = build_elsewhere(dossier.path());
    let text = &built.stderr;
    assert!(!text.contains(secret), "{text}");
    for (path, bytes) in snapshot(&built.out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{path} holds the secret"
        );
    }
    let (_, report) = check_short(dossier.path());
    assert!(!report.contains(secret), "{report}");
    assert!(report.contains("outside the dossier"), "{report}");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_never_opened() {
    let dossier = dossier_with_sbom_at("sbom/fw.cdx.json");
    std::fs::create_dir(dossier.path().join("sbom")).expect("mkdir");
    let fifo = |path: &Path| {
        let made = std::process::Command::new("mkfifo").arg(path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    };
    fifo(&dossier.path().join("sbom/fw.cdx.json"));
    fifo(&dossier.path().join("threats.yaml"));
    std::os::unix::fs::symlink("/dev/zero", dossier.path().join("zero.yaml")).expect("link");
    // Would block forever (FIFO) or read without end (/dev/zero) if opened.
    let (code, report) = check_short(dossier.path());
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("threats.yaml: error[PARSE-001]: a named pipe (FIFO), not a regular file"),
        "{report}"
    );
    assert!(report.contains("zero.yaml: error[PARSE-001]"), "{report}");
    assert!(report.contains("fw.cdx.json"), "{report}");
}

#[test]
fn the_manifest_cannot_point_the_advisories_outside() {
    let dossier = minimal_dossier();
    let path = dossier.path().join("dossier.yaml");
    let manifest = std::fs::read_to_string(&path).expect("manifest");
    std::fs::write(
        &path,
        format!("{manifest}parameters:\n  advisories: ../../../../../../etc\n"),
    )
    .expect("manifest");
    let (_, report) = check_short(dossier.path());
    assert!(
        report
            .contains("`parameters.advisories` (../../../../../../etc) leads outside the dossier"),
        "{report}"
    );
}

#[test]
fn paths_that_leave_and_come_back_are_accepted() {
    let dossier = dossier_with_sbom_at("sbom/../sbom/fw.cdx.json");
    std::fs::create_dir(dossier.path().join("sbom")).expect("mkdir");
    std::fs::copy(
        root().join("example-dossier/sbom/lumen-fw-2.4.0.cdx.json"),
        dossier.path().join("sbom/fw.cdx.json"),
    )
    .expect("copy");
    let checked = crate::support::check(dossier.path());
    assert_eq!(checked.sboms.len(), 1);
    assert!(
        !checked.sboms[0].components.is_empty(),
        "{:?}",
        checked.diagnostics
    );
}

#[test]
fn a_non_ascii_name_before_a_bom_ref_does_not_panic() {
    let dossier = dossier_with_sbom_at("sbom/fw.cdx.json");
    std::fs::create_dir(dossier.path().join("sbom")).expect("mkdir");
    // Multi-byte characters just before each `bom-ref`, at every alignment.
    let mut components = Vec::new();
    for i in 0..48 {
        let pad = "é".repeat(i % 7) + &"日本".repeat(i % 5) + &"😀".repeat(i % 3);
        components.push(format!(
            "{{\"type\":\"library\",\"name\":\"lib{i}{pad}\",\"bom-ref\":\"ref-{i}\",\"version\":\"1.0\"}}"
        ));
    }
    std::fs::write(
        dossier.path().join("sbom/fw.cdx.json"),
        format!(
            "{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[{}]}}",
            components.join(",\n")
        ),
    )
    .expect("sbom");
    let checked = crate::support::check(dossier.path());
    assert_eq!(checked.sboms[0].components.len(), 48);
    // Each component is located at its own line.
    let lines: std::collections::BTreeSet<u32> = checked.sboms[0]
        .components
        .iter()
        .map(|c| c.span.line)
        .collect();
    assert_eq!(lines.len(), 48);
}

#[test]
fn control_characters_cannot_drive_the_terminal_or_forge_a_finding() {
    let dossier = minimal_dossier();
    // An ID with an escape sequence, a bidi override and a line that looks like a finding.
    std::fs::write(
        dossier.path().join("evil.yaml"),
        "id: \"THR-1\\e]0;owned\\a\\u202E\\nchain.yaml:1:1: error[FAKE-001]: forged\"\nkind: threat\n\
         title: \"Title \\e[31mred \\0 nul\"\nrevision: \"1\"\nstatus: approved\nauthor: A. Okafor\n\
         approvals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\ncategory: D\n\
         assets: [\"AST-\\e[2J\\nchain.yaml:2:2: error[FAKE-002]: forged\"]\nentry_interfaces: [IF-001]\n\
         attack_vector: adjacent\nlifecycle_phase: operation\n",
    )
    .expect("write");
    for format in ["short", "human", "json"] {
        let check = run(&[
            "check",
            "--format",
            format,
            "--as-of",
            "2026-11-01",
            &dossier.path().display().to_string(),
        ]);
        let report = stdout(&check);
        assert!(!report.contains('\u{1b}'), "{format}: raw ESC: {report}");
        assert!(!report.contains('\u{7}'), "{format}: raw BEL");
        if format != "json" {
            assert!(!report.contains('\u{202E}'), "{format}: raw bidi override");
        }
        assert!(
            !report
                .lines()
                .any(|l| l.starts_with("chain.yaml:1:1: error[FAKE-001]")
                    || l.starts_with("chain.yaml:2:2: error[FAKE-002]")),
            "{format}: forged line: {report}"
        );
        // The hostile values did reach the findings, escaped.
        if format == "short" {
            assert!(report.contains("THR-1\\u{1b}]0;owned"), "{report}");
            assert!(report.contains("AST-\\u{1b}[2J\\nchain.yaml"), "{report}");
        }
        assert_eq!(check.status.code(), Some(1), "{format}");
    }
    // What `check` accepts as text, `build` typesets.
    let built = build_elsewhere(dossier.path());
    assert_eq!(built.code, Some(1), "{}", built.stderr);
    assert!(built.out.join("submission.pdf").is_file());
}

#[test]
fn a_file_that_is_not_utf8_still_has_its_artifacts_checked() {
    let dossier = minimal_dossier();
    let chain = std::fs::read(dossier.path().join("chain.yaml")).expect("chain");
    // A Latin-1 byte in a comment at the top: the file's artifacts still exist.
    let mut bytes = b"# Entw\xfcrfe\n".to_vec();
    bytes.extend_from_slice(&chain);
    std::fs::write(dossier.path().join("chain.yaml"), bytes).expect("write");
    let checked = crate::support::check(dossier.path());
    let codes: Vec<(&str, &str)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert!(
        codes
            .iter()
            .any(|(c, m)| *c == "PARSE-001" && m.contains("not valid UTF-8 (line 1, column 7)")),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|(c, _)| c.starts_with("TRACE")),
        "no cascade of unresolved links: {codes:?}"
    );
}

#[test]
fn concurrent_approvals_are_all_kept() {
    let dossier = minimal_dossier();
    let dir = dossier.path().display().to_string();
    let checked = crate::support::check(dossier.path());
    let id = checked
        .artifacts
        .iter()
        .find(|a| checked.sources.file(a.file).path == "chain.yaml")
        .map(|a| a.id().to_string())
        .expect("an artifact in chain.yaml");
    let children: Vec<std::process::Child> = (0..10)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args([
                    "approve",
                    &id,
                    &dir,
                    "--by",
                    &format!("Reviewer {i}"),
                    "--role",
                    "QA",
                    "--date",
                    "2026-11-01",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let text = std::fs::read_to_string(dossier.path().join("chain.yaml")).expect("read");
    for i in 0..10 {
        assert!(
            text.contains(&format!("Reviewer {i}")),
            "approval {i} lost:\n{text}"
        );
    }
}

#[test]
fn every_script_prints_in_the_pdf() {
    let dossier = crate::support::example_with_unassessed_threat("", "full");
    let samples = [
        "Pompe à perfusion",
        "输液泵的安全",
        "輸液ポンプ",
        "주입 펌프",
        "مضخة التسريب",
        "משאבת עירוי",
        "इन्फ्यूजन पंप",
        "ปั๊มฉีด",
        "Инфузионный насос",
        "Αντλία έγχυσης",
    ];
    let emoji = "⚠️ 🔒 👩‍⚕️ 🇺🇸";
    // The threat listing prints titles, so every script goes into one.
    let title = format!("{} {emoji}", samples.join(" "));
    std::fs::write(
        dossier.path().join("threat-model/scripts.yaml"),
        format!(
            "id: THR-097\nkind: threat\ntitle: \"{title}\"\nrevision: \"1\"\nstatus: approved\nauthor: A\n\
             approvals:\n  - {{ name: P. Raman, role: Head of Quality, date: 2026-10-01 }}\ncategory: T\n\
             assets: [AST-001]\nentry_interfaces: [IF-001]\nattack_vector: adjacent\nlifecycle_phase: operation\n"
        ),
    )
    .expect("write");
    let built = build_elsewhere(dossier.path());
    let err = &built.stderr;
    assert_eq!(built.code, Some(1), "{err}");
    assert!(
        !err.contains("no glyph"),
        "every character has a glyph: {err}"
    );
    let pdf = std::fs::read(built.out.join("submission.pdf")).expect("PDF written");
    let text = crate::build::text(&pdf);
    // Line breaks and right-to-left runs reorder the extracted text; every letter is there.
    for s in samples {
        for c in s.chars().filter(|c| c.is_alphabetic()) {
            assert!(text.contains(c), "`{c}` of `{s}` is in the PDF text");
        }
    }
    assert!(!text.contains("\\u{"), "nothing was shown as an escape");
}

#[test]
fn a_character_no_font_draws_is_reported_not_fatal() {
    let dossier = minimal_dossier();
    let path = dossier.path().join("dossier.yaml");
    let manifest = std::fs::read_to_string(&path).expect("manifest");
    std::fs::write(&path, format!("{manifest}fonts: fonts\n")).expect("manifest");
    std::fs::create_dir(dossier.path().join("fonts")).expect("mkdir");
    std::fs::write(dossier.path().join("fonts/broken.ttf"), "not a font").expect("write");
    let chain = dossier.path().join("chain.yaml");
    let text = std::fs::read_to_string(&chain).expect("chain");
    // A private-use character of plane 16: no font has it.
    let title_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .expect("a title")
        .to_string();
    let indent = &title_line[..title_line.len() - title_line.trim_start().len()];
    std::fs::write(
        &chain,
        text.replacen(
            &title_line,
            &format!("{indent}title: \"Private \\U0010FFFD use\""),
            1,
        ),
    )
    .expect("write");
    let built = build_elsewhere(dossier.path());
    let err = &built.stderr;
    assert_eq!(built.code, Some(1), "{err}");
    assert!(
        err.contains("chain.yaml:") && err.contains("U+10FFFD has no glyph"),
        "{err}"
    );
    assert!(
        err.contains("fonts/broken.ttf: not a font typst can read"),
        "{err}"
    );
    assert!(built.out.join("submission.pdf").is_file());
}

#[test]
fn a_damaged_repository_is_an_error_not_a_silent_success() {
    let git = |dir: &Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.com")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.com")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let check = |dir: &Path| {
        let out = run(&["check", "--format", "short", &dir.display().to_string()]);
        (out.status.code(), stderr(&out))
    };
    // The commit HEAD names is missing from the object database.
    let dossier = minimal_dossier();
    let dir = dossier.path();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "Import"]);
    let head = git(dir, &["rev-parse", "HEAD"]);
    std::fs::remove_file(dir.join(format!(".git/objects/{}/{}", &head[..2], &head[2..])))
        .expect("remove the commit object");
    let (code, err) = check(dir);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(&head) && err.contains("damaged"), "{err}");
    // HEAD itself is garbage.
    std::fs::write(dir.join(".git/HEAD"), "garbage\n").expect("write");
    let (code, err) = check(dir);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("damaged") || err.contains("cannot be opened"),
        "{err}"
    );
}

#[test]
fn limits_and_duplicate_keys_say_what_to_do() {
    let dossier = minimal_dossier();
    let dir = dossier.path();
    std::fs::write(
        dir.join("dup.yaml"),
        "id: THR-9\nkind: threat\ntitle: A\ntitle: B\n",
    )
    .expect("write");
    let mut big = String::from("id: THR-8\nkind: threat\ntitle: x\nnotes:\n");
    for i in 0..260_000 {
        big.push_str(&format!("  - {i}\n"));
    }
    std::fs::write(dir.join("big.yaml"), big).expect("write");
    std::fs::write(
        dir.join("deep.yaml"),
        format!("a: {}{}\n", "[".repeat(100), "]".repeat(100)),
    )
    .expect("write");
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e")] {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(",")
        ));
    }
    std::fs::write(dir.join("bomb.yaml"), bomb).expect("write");
    let out = run(&["check", "--format", "short", &dir.display().to_string()]);
    let report = stdout(&out);
    for expected in [
        "dup.yaml:4:1: error[PARSE-002]: duplicate key `title`",
        "big.yaml:",
        "this file holds more than 250,000 YAML values",
        "deep.yaml:1:",
        "values nest more than 48 levels deep",
        "bomb.yaml:",
        "expands YAML aliases",
    ] {
        assert!(report.contains(expected), "`{expected}` in:\n{report}");
    }
    let human = stdout(&run(&["check", &dir.display().to_string()]));
    assert!(
        human.contains("split the file into several files"),
        "{human}"
    );
}

#[test]
fn image_bombs_are_findings_and_never_decoded() {
    let dossier = crate::support::example_with_unassessed_threat("", "full");
    let dir = dossier.path();
    // A PNG that declares 100,000 x 100,000 pixels, and an SVG whose <use> elements repeat
    // ten groups ten times over twelve levels (10^12 elements once expanded).
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&100_000u32.to_be_bytes());
    png.extend_from_slice(&100_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0]);
    std::fs::write(dir.join("architecture/diagrams/global-system.png"), png).expect("png");
    let views = std::fs::read_to_string(dir.join("architecture/views.yaml")).expect("views");
    // And a PNG with a sane header over garbage: it passes the limits, typst cannot decode it.
    let mut corrupt = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    corrupt.extend_from_slice(&64u32.to_be_bytes());
    corrupt.extend_from_slice(&64u32.to_be_bytes());
    corrupt.extend_from_slice(&[8, 6, 0, 0, 0]);
    corrupt.extend(std::iter::repeat_n(0xA5u8, 300));
    std::fs::write(dir.join("architecture/diagrams/multi-patient.png"), corrupt).expect("png");
    std::fs::write(
        dir.join("architecture/views.yaml"),
        views
            .replace(
                "diagrams: [architecture/diagrams/global-system.svg]",
                "diagrams: [architecture/diagrams/global-system.png]",
            )
            .replace(
                "diagrams: [architecture/diagrams/multi-patient.svg]",
                "diagrams: [architecture/diagrams/multi-patient.png]",
            ),
    )
    .expect("views");
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><g id=\"l0\"><rect width=\"1\" height=\"1\"/></g>",
    );
    for level in 1..=12 {
        svg.push_str(&format!("<g id=\"l{level}\">"));
        for _ in 0..10 {
            svg.push_str(&format!("<use xlink:href=\"#l{}\"/>", level - 1));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    std::fs::write(dir.join("architecture/diagrams/update-path.svg"), svg).expect("svg");
    let (_, report) = check_short(dir);
    assert!(
        report.contains("architecture/views.yaml:17:") && report.contains("100000 × 100000 pixels"),
        "{report}"
    );
    assert!(
        report.contains("update-path.svg`: the SVG draws") && report.contains("over the limit"),
        "{report}"
    );
    // Decoding either bomb would take minutes and gigabytes: the PDF leaves them out.
    let built = build_elsewhere(dir);
    let err = &built.stderr;
    assert_eq!(built.code, Some(1), "{err}");
    assert!(built.out.join("submission.pdf").is_file());
    assert!(
        err.contains("multi-patient.png: warning: the image cannot be decoded"),
        "{err}"
    );
}

/// Sends raw request bytes to a server; returns the whole response.
fn raw_request(addr: &str, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

#[test]
fn serve_answers_only_its_own_host_with_bounded_requests() {
    let dir = tempfile::tempdir().expect("temp");
    crate::support::copy_tree(&root().join("example-dossier"), dir.path());
    let server = crate::site::start_server(dir.path());
    let addr = server.addr.clone();
    // DNS rebinding: a page of another site, resolved to the loopback address.
    let rebound = raw_request(
        &addr,
        b"GET / HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n",
    );
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    let no_host = raw_request(&addr, b"GET / HTTP/1.0\r\n\r\n");
    assert!(no_host.starts_with("HTTP/1.1 421"), "{no_host}");
    // An endless request line or too many headers: refused, not buffered.
    let mut long = b"GET /".to_vec();
    long.extend(std::iter::repeat_n(b'a', 64 * 1024));
    long.extend_from_slice(b" HTTP/1.1\r\n\r\n");
    assert!(raw_request(&addr, &long).starts_with("HTTP/1.1 431"));
    let mut headers = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").into_bytes();
    for i in 0..2000 {
        headers.extend_from_slice(format!("X-Filler-{i}: {}\r\n", "b".repeat(20)).as_bytes());
    }
    headers.extend_from_slice(b"\r\n");
    assert!(raw_request(&addr, &headers).starts_with("HTTP/1.1 431"));
    // A 404 does not echo the request (no reflected markup).
    let probe = format!(
        "GET /%3Cscript%3Ealert(1)%3C/script%3E.html HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let missing = raw_request(&addr, probe.as_bytes());
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    assert!(!missing.contains("script"), "{missing}");
    // Pages carry the CSP; a dossier SVG is sandboxed, only ever an image.
    let page = raw_request(
        &addr,
        format!(
            "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            addr.rsplit(':').next().unwrap_or("")
        )
        .as_bytes(),
    );
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Content-Security-Policy: default-src 'self'; script-src 'self'"));
    let svg = raw_request(
        &addr,
        format!("GET /files/architecture/diagrams/global-system.svg HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(svg.starts_with("HTTP/1.1 200"), "{svg}");
    assert!(
        svg.contains("Content-Security-Policy: default-src 'none'") && svg.contains("sandbox"),
        "{svg}"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_without_a_panic() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["explain", "--all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

// Thousands of dangling references (a half-written or half-deleted dossier) cost a linear
// amount of work: "did you mean" suggestions are worked out for the first 64 distinct missing
// IDs only (each compares the ID with every ID of its prefix), the rest are still reported.
#[test]
fn dangling_references_get_suggestions_within_a_budget() {
    let dir = crate::support::minimal_dossier();
    let missing: Vec<String> = (10..80).map(|n| format!("CTL-{n}")).collect();
    let chain = dir.path().join("chain.yaml");
    let mut text = std::fs::read_to_string(&chain).expect("chain");
    text.push_str(&format!(
        "\n- id: REQ-900\n  kind: requirement\n  title: Requirement with dangling sources\n  revision: \"1\"\n  status: approved\n  author: Fixture Author\n  approvals:\n    - {{ name: Q. Reviewer, role: QA/RA, date: 2026-01-15 }}\n  text: The device shall do 900.\n  sources: [{}]\n",
        missing.join(", ")
    ));
    std::fs::write(&chain, text).expect("write");
    let checked = crate::support::check(dir.path());
    let dangling: Vec<&dossier::diag::Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| {
            d.code == "TRACE-002"
                && missing
                    .iter()
                    .any(|m| d.message.contains(&format!("names {m},")))
        })
        .collect();
    assert_eq!(
        dangling.len(),
        missing.len(),
        "every dangling reference is reported"
    );
    let suggested = dangling
        .iter()
        .filter(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("did you mean `CTL-1`"))
        })
        .count();
    assert_eq!(suggested, 64);
}

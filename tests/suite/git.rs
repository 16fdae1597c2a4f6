//! Git: revisions read from the object database, provenance, history (suspect links and
//! change records), approvals, the release check and the design-review diff, all against
//! real repositories built in temporary folders.

use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::{CheckOptions, check_dir, model::Date};
use git2::{IndexAddOption, Oid, Repository, Signature, Time};

use crate::support::{copy_tree, root, run, stdout};

/// A repository in a temporary folder with a copy of the example dossier at `sub`.
struct Repo {
    dir: tempfile::TempDir,
    repo: Repository,
    sub: &'static str,
}

fn seconds(date: &str) -> i64 {
    let d: jiff::civil::Date = date.parse().expect("date");
    d.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("zoned")
        .timestamp()
        .as_second()
}

impl Repo {
    fn new(sub: &'static str) -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("init");
        let target = dir.path().join(sub);
        std::fs::create_dir_all(&target).expect("mkdir");
        copy_tree(&root().join("example-dossier"), &target);
        let _ = std::fs::remove_dir_all(target.join("build"));
        // The example's prior release is a tag of the project's repository, not of this
        // new one: tests that want a baseline set their own.
        let manifest = target.join("dossier.yaml");
        let text = std::fs::read_to_string(&manifest).expect("manifest");
        let start = text
            .find("baseline:\n")
            .expect("the example names its baseline");
        let end = text[start..]
            .find("submission: K243117\n")
            .map(|i| start + i + "submission: K243117\n".len())
            .expect("the baseline's last line");
        std::fs::write(&manifest, format!("{}{}", &text[..start], &text[end..])).expect("write");
        Repo { dir, repo, sub }
    }

    fn dossier(&self) -> PathBuf {
        self.dir.path().join(self.sub)
    }

    fn arg(&self) -> String {
        self.dossier().display().to_string()
    }

    /// Stages everything (additions, edits, deletions) and commits it at noon UTC of `date`.
    fn commit(&self, message: &str, date: &str) -> Oid {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree = self
            .repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let sig = Signature::new(
            "Dana Reviewer",
            "dana@example.com",
            &Time::new(seconds(date), 0),
        )
        .expect("signature");
        let parents: Vec<git2::Commit> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &refs)
            .expect("commit")
    }

    fn tag(&self, name: &str) {
        let head = self
            .repo
            .head()
            .expect("head")
            .peel_to_commit()
            .expect("commit");
        self.repo
            .tag_lightweight(name, head.as_object(), false)
            .expect("tag");
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.dossier().join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{rel} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }

    fn check(&self, rev: Option<&str>, as_of: &str) -> dossier::Checked {
        check_dir(
            &self.dossier(),
            &CheckOptions {
                rev: rev.map(str::to_string),
                ..CheckOptions::at(Date::parse(as_of).expect("date"))
            },
        )
        .expect("dossier loads")
    }
}

fn codes(checked: &dossier::Checked, code: &str) -> Vec<String> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.message.clone())
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_AUTHOR_NAME", "Dana Reviewer")
        .env("GIT_AUTHOR_EMAIL", "dana@example.com")
        .env("GIT_COMMITTER_NAME", "Dana Reviewer")
        .env("GIT_COMMITTER_EMAIL", "dana@example.com")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn rev_reads_a_revision_without_touching_the_working_tree() {
    let r = Repo::new("regulatory/dossier");
    r.commit("Import the dossier", "2026-11-20");
    r.tag("v1.0");
    // Break the working tree: the revision must not see it, and must not repair it.
    let broken = r.dossier().join("threat-model/threats.yaml");
    std::fs::write(&broken, "- id: [unclosed\n").expect("write");

    let out = run(&["check", "--rev", "v1.0", "--as-of", "2026-11-23", &r.arg()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["check", "--as-of", "2026-11-23", &r.arg()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&broken).expect("read"),
        "- id: [unclosed\n"
    );

    let json = run(&[
        "check",
        "--rev",
        "v1.0",
        "--format",
        "json",
        "--as-of",
        "2026-11-23",
        &r.arg(),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let p = &value["provenance"];
    assert_eq!(p["tags"], serde_json::json!(["v1.0"]));
    assert_eq!(p["dirty"], serde_json::json!(false));
    assert_eq!(p["path"], "regulatory/dossier");
    assert_eq!(p["source"], "revision v1.0");
    assert_eq!(p["commit_date"], "2026-11-20");

    let json = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-23",
        &r.arg(),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(value["provenance"]["dirty"], serde_json::json!(true));
    assert_eq!(
        value["provenance"]["dirty_files"],
        serde_json::json!(["threat-model/threats.yaml"])
    );

    // `rules --rev` reads that revision's manifest.
    let rules = run(&["rules", "--rev", "v1.0", &r.arg()]);
    assert!(
        stdout(&rules).starts_with("profile: full"),
        "{}",
        stdout(&rules)
    );
}

#[test]
fn history_follows_content_not_formatting_or_file_names() {
    let r = Repo::new("dossier");
    let import = r.commit("Import", "2026-11-20");
    // Formatting only: a comment, then a rename. Neither is a change of any artifact.
    r.edit(
        "threat-model/threats.yaml",
        "- id: THR-001",
        "# Reviewed in DR-7.\n- id: THR-001",
    );
    r.commit("Comment", "2026-12-01");
    std::fs::rename(
        r.dossier().join("threat-model/threats.yaml"),
        r.dossier().join("threat-model/threat-register.yaml"),
    )
    .expect("rename");
    r.commit("Rename", "2026-12-02");
    let checked = r.check(None, "2026-12-05");
    assert!(
        codes(&checked, "CHG-002").is_empty(),
        "{:?}",
        codes(&checked, "CHG-002")
    );
    let history = checked.sources.history.as_ref().expect("history");
    assert_eq!(
        history.artifacts["THR-001"].commit.as_deref(),
        Some(import.to_string().as_str())
    );
    assert_eq!(
        history.files["threat-model/threat-register.yaml"]
            .last_change
            .to_string(),
        "2026-12-02"
    );

    // A real change to a requirement makes its test suspect, and only until it is re-approved.
    r.edit(
        "requirements/requirements.yaml",
        "title: Release firmware without high-severity static-analysis findings",
        "title: Release firmware without medium- or high-severity static-analysis findings",
    );
    let change = r.commit("Tighten REQ-013", "2026-12-03");
    let checked = r.check(None, "2026-12-05");
    let suspects = codes(&checked, "CHG-002");
    assert!(
        suspects
            .iter()
            .any(|m| m.starts_with("TST-014 is suspect: REQ-013 changed on 2026-12-03")),
        "{suspects:?}"
    );
    let history = checked.sources.history.as_ref().expect("history");
    assert_eq!(
        history.artifacts["REQ-013"].commit.as_deref(),
        Some(change.to_string().as_str())
    );
    assert_eq!(
        history.artifacts["REQ-013"].author.as_deref(),
        Some("Dana Reviewer")
    );

    let out = run(&[
        "approve",
        "TST-014",
        &r.arg(),
        "--by",
        "Dana Reviewer",
        "--role",
        "QA/RA",
        "--date",
        "2026-12-04",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checked = r.check(None, "2026-12-05");
    assert!(
        !codes(&checked, "CHG-002")
            .iter()
            .any(|m| m.starts_with("TST-014")),
        "{:?}",
        codes(&checked, "CHG-002")
    );
    // The approval is an uncommitted change of TST-014 only, and DOC-002 accepts it; REQ-013
    // changed in a commit after its last approval, which DOC-002 reports although that
    // approval records no fingerprint.
    let edited = codes(&checked, "DOC-002");
    assert!(
        !edited.iter().any(|m| m.starts_with("TST-014")),
        "{edited:?}"
    );
    assert!(
        edited
            .iter()
            .any(|m| m.starts_with("REQ-013 changed on 2026-12-03 in commit")),
        "{edited:?}"
    );
    assert_eq!(
        checked.sources.provenance.dirty_files,
        ["verification/tests.yaml"]
    );
}

// The site's per-artifact history lists every commit that changed the artifact's content,
// newest first, skipping formatting-only commits, with an uncommitted edit on top; and the
// artifact page shows it.
#[test]
fn artifact_history_lists_every_content_change() {
    let r = Repo::new("dossier");
    let import = r.commit("Import", "2026-11-20");
    r.edit(
        "threat-model/threats.yaml",
        "title: Spoofed clinician tablet programs a bolus over BLE",
        "title: Spoofed tablet programs a bolus over BLE",
    );
    let first = r.commit("Shorten THR-001's title", "2026-12-01");
    r.edit(
        "threat-model/threats.yaml",
        "- id: THR-001",
        "# Reviewed in DR-7.\n- id: THR-001",
    );
    r.commit("Comment only", "2026-12-02");
    r.edit(
        "threat-model/threats.yaml",
        "title: Spoofed tablet programs a bolus over BLE",
        "title: Spoofed tablet programs a bolus or rate change over BLE",
    );
    let second = r.commit("Widen THR-001", "2026-12-03");
    r.edit(
        "threat-model/threats.yaml",
        "title: Spoofed tablet programs a bolus or rate change over BLE",
        "title: Spoofed tablet programs a bolus or a rate change over BLE",
    );
    let checked = check_dir(
        &r.dossier(),
        &CheckOptions {
            change_lists: Some(30),
            prior: None,
            ..CheckOptions::at(Date::parse("2026-12-05").expect("date"))
        },
    )
    .expect("dossier loads");
    let changes = &checked.sources.history.as_ref().expect("history").changes;
    let thr: Vec<(Option<String>, String, Option<String>)> = changes["THR-001"]
        .iter()
        .map(|c| (c.commit.clone(), c.date.to_string(), c.summary.clone()))
        .collect();
    assert_eq!(
        thr,
        vec![
            (
                None,
                "2026-12-05".to_string(),
                Some("uncommitted changes".to_string())
            ),
            (
                Some(second.to_string()),
                "2026-12-03".to_string(),
                Some("Widen THR-001".to_string())
            ),
            (
                Some(first.to_string()),
                "2026-12-01".to_string(),
                Some("Shorten THR-001's title".to_string())
            ),
            (
                Some(import.to_string()),
                "2026-11-20".to_string(),
                Some("Import".to_string())
            ),
        ]
    );
    assert_eq!(
        changes["THR-002"].len(),
        1,
        "THR-002 changed only on import"
    );
    // A plain check keeps no change lists: its walk stops at each artifact's last change.
    let plain = r.check(None, "2026-12-05");
    let history = plain.sources.history.as_ref().expect("history");
    assert!(history.changes.is_empty());
    assert!(history.artifacts.contains_key("THR-001"));
    // Rendering reads no Git object: with the repository gone, the site and the JSON model
    // are made from the checked dossier alone, the history included.
    std::fs::remove_dir_all(r.dir.path().join(".git")).expect("remove .git");
    let date = Date::parse("2026-12-05").expect("date");
    let site = dossier::render::site_only(&checked, date).expect("site");
    let page = String::from_utf8_lossy(&site["artifacts/THR-001.html"]).into_owned();
    assert!(page.contains("Widen THR-001"), "the page lists the history");
    assert!(!page.contains("Comment only"), "formatting is not a change");
    let model = dossier::render::data::model(
        &checked,
        &dossier::render::data::BuildInfo {
            date,
            source: "dossier".into(),
        },
    );
    let thr001 = model["artifacts"]["threat"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["id"] == "THR-001"))
        .expect("THR-001 in the model");
    assert_eq!(thr001["last_change"]["date"], "2026-12-05");
    assert!(thr001["last_change"]["commit"].is_null(), "uncommitted");
    // The impact answer, too, is read from the checked dossier.
    let query = dossier::impact::Query::parse("mbedtls").expect("query");
    let answer = dossier::impact::answer(&query, "dossier", &checked);
    assert!(!answer.components.is_empty(), "mbedtls is shipped");
    assert_ne!(answer.verdict, "not shipped");
}

#[test]
fn a_merge_dates_its_changes_on_the_mainline() {
    let r = Repo::new("dossier");
    let base = r.commit("Import", "2026-11-20");
    // A side branch changes REQ-013 on 2026-12-01; the mainline merges it on 2026-12-10.
    r.edit(
        "requirements/requirements.yaml",
        "title: Release firmware without high-severity static-analysis findings",
        "title: Release firmware without any high-severity static-analysis finding",
    );
    let side = r.commit("Side change", "2026-12-01");
    let repo = &r.repo;
    let base_commit = repo.find_commit(base).expect("base");
    repo.reset(base_commit.as_object(), git2::ResetType::Hard, None)
        .expect("reset");
    r.edit(
        "device.yaml",
        "kind: device",
        "kind: device\n# mainline note",
    );
    let main = r.commit("Mainline", "2026-12-02");
    let mut index = repo
        .merge_commits(
            &repo.find_commit(main).expect("main"),
            &repo.find_commit(side).expect("side"),
            None,
        )
        .expect("merge");
    let tree = repo
        .find_tree(index.write_tree_to(repo).expect("tree"))
        .expect("tree");
    let sig = Signature::new(
        "Dana Reviewer",
        "dana@example.com",
        &Time::new(seconds("2026-12-10"), 0),
    )
    .expect("sig");
    let merge = repo
        .commit(
            Some("HEAD"),
            &sig,
            &sig,
            "Merge the side branch",
            &tree,
            &[
                &repo.find_commit(main).expect("main"),
                &repo.find_commit(side).expect("side"),
            ],
        )
        .expect("merge commit");
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .expect("checkout");
    let checked = r.check(None, "2026-12-12");
    let history = checked.sources.history.as_ref().expect("history");
    let req = &history.artifacts["REQ-013"];
    assert_eq!(req.commit.as_deref(), Some(merge.to_string().as_str()));
    assert_eq!(req.last_change.to_string(), "2026-12-10");
    assert!(!checked.sources.provenance.dirty.unwrap_or(true));
}

#[test]
fn the_delta_from_the_prior_release_is_read_from_its_tag() {
    let r = Repo::new("dossier");
    r.commit("Release 2.3.0", "2026-10-01");
    r.tag("v2.3.0");
    // Release 2.4.0: a new USB mass-storage path no threat enters through, IF-002's
    // cryptography changed, lwIP upgraded, a threat added.
    let interfaces = r.dossier().join("system/interfaces.yaml");
    let mut text = std::fs::read_to_string(&interfaces).expect("read");
    text.push_str(
        "\n- id: IF-007\n  kind: interface\n  title: USB mass-storage update path\n  revision: \"1\"\n  \
         status: approved\n  author: Marco Bellini\n  endpoints: [AST-001, AST-011]\n  medium: usb\n  \
         carries: [code]\n  in_use: true\n  external: true\n",
    );
    std::fs::write(&interfaces, text).expect("write");
    r.edit(
        "system/interfaces.yaml",
        "alg: AES-256-GCM\n    key_bits: 256",
        "alg: ChaCha20-Poly1305\n    key_bits: 256",
    );
    r.edit(
        "sbom/lumen-fw-2.4.0.cdx.json",
        "\"version\": \"2.2.0\"",
        "\"version\": \"2.2.1\"",
    );
    r.edit(
        "dossier.yaml",
        "profile: full\n",
        "profile: full\nbaseline:\n  revision: v2.3.0\n  release: 2.3.0\n  submission: K243117\n",
    );
    r.commit("Release 2.4.0", "2026-11-20");
    r.tag("v2.4.0");

    for rev in [None, Some("v2.4.0")] {
        // The working tree, and the tag read from Git without a checkout, agree.
        let checked = r.check(rev, "2026-11-25");
        let prior = checked.prior.as_ref().expect("a prior release");
        assert_eq!(prior.release.as_deref(), Some("2.3.0"));
        assert_eq!(prior.submission.as_deref(), Some("K243117"));
        assert!(prior.commit.is_some(), "{prior:?}");
        let delta = prior.delta.as_ref().expect("compared");
        let interfaces: Vec<(&str, &str)> = delta
            .interfaces
            .iter()
            .map(|c| (c.id.as_str(), c.change))
            .collect();
        assert_eq!(interfaces, [("IF-002", "changed"), ("IF-007", "added")]);
        assert!(
            delta.interfaces[0]
                .changes
                .iter()
                .any(|c| c == "cryptography algorithm: AES-256-GCM → ChaCha20-Poly1305"),
            "{:?}",
            delta.interfaces[0].changes
        );
        let lwip = delta
            .components
            .iter()
            .find(|c| c.name == "lwip")
            .expect("lwIP upgraded");
        assert!(lwip.upgraded);
        assert_eq!(
            (lwip.before.as_deref(), lwip.after.as_deref()),
            (Some("2.2.0"), Some("2.2.1"))
        );
        // IF-002 is entered by assessed threats; IF-007 by none; lwIP is part of the
        // firmware asset, whose threats are assessed.
        let pred = codes(&checked, "PRED-001");
        assert!(
            pred.iter().any(|m| m.starts_with(
                "IF-007 was added since release 2.3.0 (v2.3.0), but no threat enters through it"
            )),
            "{pred:?}"
        );
        assert!(
            !pred
                .iter()
                .any(|m| m.contains("IF-002") || m.contains("lwip")),
            "{pred:?}"
        );
    }

    // The site's Modifications page shows the delta, each ID linked, and the finding.
    let checked = r.check(None, "2026-11-25");
    let as_of = Date::parse("2026-11-25").expect("date");
    let site = dossier::render::site_only(&checked, as_of).expect("site renders");
    let page = String::from_utf8(site["modifications.html"].clone()).expect("UTF-8");
    for wanted in [
        "compared with release 2.3.0 (revision <code>v2.3.0</code>",
        "authorized under K243117",
        "IF-007.html\">IF-007</a>",
        "cryptography algorithm: AES-256-GCM → ChaCha20-Poly1305",
        "<td>lwip</td><td>upgraded</td><td>2.2.0 → 2.2.1</td>",
        "IF-007 was added since release 2.3.0",
    ] {
        assert!(page.contains(wanted), "{wanted} not in the page:\n{page}");
    }
    assert!(String::from_utf8_lossy(&site["index.html"]).contains("modifications.html"));
    // And the PDF's Modifications section.
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = run(&[
        "build",
        "--as-of",
        "2026-11-25",
        "--out",
        &out_dir.path().to_string_lossy(),
        &r.arg(),
    ]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(out_dir.path().join("submission.pdf")).expect("PDF");
    let text = crate::build::text(&pdf);
    for wanted in [
        "Comparison with the prior authorized release.",
        "This release is compared with release 2.3.0 (revision v2.3.0",
        "authorized under K243117",
        "USB mass-storage update path",
        "2.2.0 → 2.2.1",
    ] {
        assert!(text.contains(wanted), "{wanted} not in the PDF");
    }

    // Assessing the new path clears it.
    r.edit(
        "threat-model/threats.yaml",
        "entry_interfaces: [IF-004",
        "entry_interfaces: [IF-007, IF-004",
    );
    let checked = r.check(None, "2026-11-25");
    assert!(
        !codes(&checked, "PRED-001")
            .iter()
            .any(|m| m.contains("IF-007")),
        "{:?}",
        codes(&checked, "PRED-001")
    );

    // A revision the repository does not have, while it has tags, is a manifest error; in a
    // repository with no tags at all, a note.
    r.edit("dossier.yaml", "revision: v2.3.0", "revision: v2.2.9");
    let checked = r.check(None, "2026-11-25");
    assert!(
        codes(&checked, "CONFIG-001")
            .iter()
            .any(|m| m.contains("`v2.2.9`"))
    );
    let fresh = Repo::new("dossier");
    fresh.edit(
        "dossier.yaml",
        "profile: full\n",
        "profile: full\nbaseline: v2.3.0\n",
    );
    fresh.commit("Import", "2026-11-20");
    let checked = fresh.check(None, "2026-11-25");
    assert!(
        codes(&checked, "CONFIG-001").is_empty(),
        "{:?}",
        codes(&checked, "CONFIG-001")
    );
    let note: Vec<&dossier::diag::Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "PRED-001")
        .collect();
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].severity, dossier::diag::Severity::Info);
    assert!(
        note[0].message.contains("no prior release to compare with"),
        "{}",
        note[0].message
    );
}

#[test]
fn baseline_asks_for_change_records_and_release_check_guards_the_build() {
    let r = Repo::new("sub/dossier");
    r.edit(
        "dossier.yaml",
        "profile: full\n",
        "profile: full\nbaseline: v1.0\n",
    );
    r.commit("Import", "2026-11-20");
    r.tag("v1.0");
    let checked = r.check(None, "2026-11-23");
    assert!(codes(&checked, "CHG-001").is_empty());
    r.edit(
        "requirements/requirements.yaml",
        "title: Release firmware without high-severity static-analysis findings",
        "title: Release firmware with no high-severity static-analysis findings open",
    );
    r.commit("Reword REQ-013", "2026-12-01");
    let checked = r.check(None, "2026-12-02");
    let chg = codes(&checked, "CHG-001");
    assert_eq!(chg.len(), 1, "{chg:?}");
    assert!(chg[0].starts_with("REQ-013 changed since v1.0"), "{chg:?}");

    // A baseline that does not exist is reported at the manifest.
    r.edit("dossier.yaml", "baseline: v1.0", "baseline: v0.9");
    let checked = r.check(None, "2026-12-02");
    assert!(
        codes(&checked, "CONFIG-001")
            .iter()
            .any(|m| m.contains("`v0.9`"))
    );
    r.edit("dossier.yaml", "baseline: v0.9", "baseline: v1.0");

    // Release check: untagged, then dirty, then clean and tagged.
    let out = run(&[
        "build",
        "--release-check",
        "--out",
        &r.dir.path().join("out").display().to_string(),
        &r.arg(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no tag"));
    std::fs::write(r.dossier().join("notes.txt"), "draft").expect("write");
    let out = run(&["build", "--release-check", &r.arg()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("uncommitted changes (notes.txt)"));
}

// An approval is of the artifact with its evidence. Replacing an SBOM's document or a view's
// diagram after approval is reported by DOC-002 (whether or not the approval recorded a
// fingerprint, which covers the fields only), counts as a change since the baseline for
// CHG-001, and dates the artifact in the history with the file named.
#[test]
fn evidence_files_date_the_artifacts_that_name_them() {
    let r = Repo::new("d");
    let manifest = r.dossier().join("dossier.yaml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, format!("{text}baseline: v1\n")).expect("write");
    r.commit("Import the dossier", "2026-11-02");
    r.tag("v1");
    let checked = r.check(None, "2026-12-05");
    assert!(codes(&checked, "DOC-002").is_empty());
    assert!(codes(&checked, "CHG-001").is_empty());

    r.edit(
        "sbom/lumen-bedside-3.1.0.cdx.json",
        "2026-09-03T09:40:12Z",
        "2026-12-01T09:40:12Z",
    );
    r.edit(
        "architecture/diagrams/bolus-use-case.svg",
        ">Pump keypad<",
        ">Pump keys<",
    );
    // VIEW-001's approval records a fingerprint: its diagram is still evidence.
    r.edit(
        "architecture/diagrams/global-system.svg",
        "(Meridian technician)",
        "(field technician)",
    );
    let change = r.commit(
        "Regenerate the bedside SBOM; relabel two diagrams",
        "2026-12-02",
    );
    let checked = r.check(None, "2026-12-05");
    let edited = codes(&checked, "DOC-002");
    for (id, file) in [
        ("SBOM-002", "sbom/lumen-bedside-3.1.0.cdx.json"),
        ("VIEW-004", "architecture/diagrams/bolus-use-case.svg"),
        ("VIEW-001", "architecture/diagrams/global-system.svg"),
    ] {
        assert!(
            edited.iter().any(|m| m.starts_with(&format!(
                "{id}'s evidence file `{file}` changed on 2026-12-02 in commit"
            ))),
            "{id}: {edited:?}"
        );
        let history = &checked.sources.history.as_ref().expect("history").artifacts[id];
        assert_eq!(history.evidence.as_deref(), Some(file));
        assert_eq!(history.commit.as_deref(), Some(change.to_string().as_str()));
        assert!(history.changed_since_baseline, "{id} changed since v1");
    }
    assert_eq!(edited.len(), 3, "{edited:?}");
    // CR-001 already covers VIEW-001; the other two need a change record.
    let unrecorded = codes(&checked, "CHG-001");
    assert_eq!(unrecorded.len(), 2, "{unrecorded:?}");
    for id in ["SBOM-002", "VIEW-004"] {
        assert!(
            unrecorded.contains(&format!(
                "{id} changed since v1 but no change record covers it"
            )),
            "{id}: {unrecorded:?}"
        );
    }
    // SBOM-003 names no changed file and is not reported.
    assert!(
        !edited
            .iter()
            .chain(&unrecorded)
            .any(|m| m.starts_with("SBOM-003"))
    );
}

#[test]
fn approve_edits_only_the_approvals() {
    let r = Repo::new("d");
    let plan = r.dossier().join("plans/patch-update-plan.md");
    let before = std::fs::read_to_string(&plan).expect("read");
    let out = run(&[
        "approve",
        "PLAN-004",
        &r.arg(),
        "--by",
        "Léa \"QA\" Martin",
        "--role",
        "Head of Quality",
        "--meaning",
        "reviewed",
        "--date",
        "2026-11-21",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(&plan).expect("read");
    // Everything before and after the inserted lines is untouched.
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(head + tail, old.len(), "only lines were inserted");
    let inserted: Vec<&str> = new[head..new.len() - tail].to_vec();
    assert_eq!(inserted.len(), 5, "{inserted:?}");
    assert!(inserted[0].contains(r#"- name: "Léa \"QA\" Martin""#));
    assert!(inserted[4].trim_start().starts_with("fingerprint: sha256:"));
    let checked = r.check(None, "2026-11-23");
    let plan = checked
        .artifacts
        .iter()
        .find(|a| a.id() == "PLAN-004")
        .expect("plan");
    assert_eq!(
        plan.envelope.approvals.len(),
        5,
        "the example's four and this one"
    );
    assert!(codes(&checked, "DOC-002").is_empty());
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| !d.code.starts_with("PARSE"))
    );

    // An artifact with no approvals gets the list; an unknown ID is refused with a hint.
    let text =
        "- id: THR-900\n  kind: threat\n  title: Replay of bolus commands\n  status: draft\n";
    let out = run(&["approve", "THR-01", &r.arg(), "--by", "A", "--role", "B"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean"));
    let text_path = r.dossier().join("drafts/new.yaml");
    std::fs::write(&text_path, text).expect("write");
    // drafts/ is excluded by the manifest, so the artifact is not part of the dossier.
    let out = run(&["approve", "THR-900", &r.arg(), "--by", "A", "--role", "B"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&text_path).expect("read"), text);
}

#[test]
fn diff_reports_what_a_design_review_needs() {
    let r = Repo::new("dossier");
    r.commit("Import", "2026-11-20");
    r.tag("v1.0");
    r.edit(
        "requirements/requirements.yaml",
        "title: Release firmware without high-severity static-analysis findings",
        "title: Release firmware without <b>medium</b> static-analysis findings",
    );
    let body = r.dossier().join("plans/patch-update-plan.md");
    let mut text = std::fs::read_to_string(&body).expect("read");
    text.push_str("\nCritical patches ship within 30 days.\n");
    std::fs::write(&body, text).expect("write");
    r.edit(
        "sbom/lumen-bedside-3.1.0.cdx.json",
        "\"version\": \"4.12.0\"",
        "\"version\": \"4.12.1\"",
    );
    r.edit(
        "labeling/labeling.yaml",
        "document: security_guide",
        "document: ifu",
    );
    r.commit("Review changes", "2026-12-01");
    let out = run(&[
        "diff",
        "v1.0..HEAD",
        &r.arg(),
        "--format",
        "json",
        "--as-of",
        "2026-12-02",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let changed = report["changed"].as_array().expect("changed");
    let req = changed
        .iter()
        .find(|c| c["id"] == "REQ-013")
        .expect("REQ-013 changed");
    assert_eq!(req["fields"][0]["field"], "title");
    let plan = changed
        .iter()
        .find(|c| c["id"] == "PLAN-004")
        .expect("PLAN-004 changed");
    assert!(
        plan["body_diff"]
            .as_str()
            .expect("diff")
            .contains("+Critical patches ship within 30 days.")
    );
    assert!(
        report["suspect"]
            .as_array()
            .expect("suspect")
            .iter()
            .any(|f| f["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("TST-014 is suspect")))
    );
    assert!(
        report["findings_opened"]
            .as_array()
            .expect("opened")
            .iter()
            .any(|f| f["code"] == "CHG-002")
    );
    let component = report["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["after"] == "4.12.1")
        .expect("component");
    assert_eq!(component["before"], "4.12.0");
    assert_eq!(report["from"]["commit"].as_str().map(str::len), Some(40));

    let md = stdout(&run(&[
        "diff",
        "v1.0..HEAD",
        &r.arg(),
        "--as-of",
        "2026-12-02",
    ]));
    assert!(md.contains("| Artifacts changed |"));
    // Vocabulary values read as their labels in the report (the JSON keeps the values).
    assert!(
        md.contains("| document | Security guide | Instructions for use |"),
        "{md}"
    );
    let lbl = changed
        .iter()
        .find(|c| c["id"] == "LBL-001")
        .expect("LBL-001 changed");
    assert_eq!(lbl["fields"][0]["after"], "ifu");
    assert_eq!(lbl["fields"][0]["vocabulary"], "label_document");
    assert!(
        md.contains("&lt;b&gt;medium&lt;/b&gt;"),
        "markup in values is escaped"
    );
    let html_path = r.dir.path().join("review.html");
    let out = run(&[
        "diff",
        "v1.0..HEAD",
        &r.arg(),
        "--format",
        "html",
        "--out",
        &html_path.display().to_string(),
        "--as-of",
        "2026-12-02",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(&html_path).expect("html");
    assert!(html.contains("&lt;b&gt;medium&lt;/b&gt;") && !html.contains("<b>medium"));
    assert!(!html.contains("<script"));
    assert!(html.contains("both evaluated at 2026-12-02"));

    // Both sides at one date, the newer side's by default; the advisories `check` takes too.
    let advisories = r.dir.path().join("osv");
    std::fs::create_dir_all(&advisories).expect("advisories");
    let out = run(&[
        "diff",
        "v1.0..HEAD",
        &r.arg(),
        "--format",
        "json",
        "--advisories",
        &advisories.display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report["from"]["as_of"], "2026-12-01",
        "the newer side's commit date"
    );
    assert_eq!(report["from"]["as_of"], report["to"]["as_of"]);

    // Bad ranges and revisions are clear errors.
    let out = run(&["diff", "v1.0", &r.arg()]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["diff", "v1.0..nope", &r.arg()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`nope` is not a revision"));
}

#[test]
fn bad_repositories_get_clear_messages() {
    let r = Repo::new("");
    r.commit("Import", "2026-11-20");
    r.tag("v1.0");
    // A revision that does not exist.
    let out = run(&["check", "--rev", "v9", &r.arg()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`v9` is not a revision"));
    // A folder that is not a repository.
    let plain = tempfile::tempdir().expect("dir");
    let out = run(&[
        "check",
        "--rev",
        "HEAD",
        &plain.path().display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a Git repository"));

    // A bare clone: --rev reads it.
    let bare = tempfile::tempdir().expect("dir");
    git(bare.path(), &["clone", "-q", "--bare", &r.arg(), "b.git"]);
    let out = run(&[
        "check",
        "--rev",
        "v1.0",
        "--as-of",
        "2026-11-23",
        &bare.path().join("b.git").display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A shallow clone: checked, with a warning that history is cut.
    r.edit("device.yaml", "kind: device", "kind: device\n# note");
    r.commit("Later", "2026-12-01");
    let shallow = tempfile::tempdir().expect("dir");
    let url = format!("file://{}", r.arg());
    git(shallow.path(), &["clone", "-q", "--depth", "1", &url, "s"]);
    let out = run(&[
        "check",
        "--as-of",
        "2026-12-02",
        "--format",
        "short",
        &shallow.path().join("s").display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("shallow clone"));

    // A symlink to a file outside the dossier, and a submodule, committed to the tree.
    std::os::unix::fs::symlink(
        "/etc/hostname",
        r.dossier().join("threat-model/outside.yaml"),
    )
    .expect("symlink");
    r.commit("Link outside", "2026-12-02");
    git(
        r.dir.path(),
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{},vendor/lib", "a".repeat(40)),
        ],
    );
    git(r.dir.path(), &["commit", "-q", "-m", "Submodule"]);
    let out = run(&[
        "check",
        "--rev",
        "HEAD",
        "--format",
        "short",
        "--as-of",
        "2026-12-03",
        &r.arg(),
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "threat-model/outside.yaml: error[PARSE-001]: symbolic link points outside the dossier"
        ),
        "{text}"
    );
    assert!(
        text.contains("vendor/lib: warning[PARSE-001]: a Git submodule"),
        "{text}"
    );
}

#[test]
fn a_release_build_names_its_provenance() {
    let dir = tempfile::tempdir().expect("dir");
    let fixture = root().join("tests/fixtures/rules/TRACE-001/pass_unbroken");
    for name in ["dossier.yaml", "device.yaml", "chain.yaml"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).expect("copy");
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "Release"]);
    git(dir.path(), &["tag", "v3.0"]);
    let repo = Repository::open(dir.path()).expect("repo");
    let head = repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit")
        .id()
        .to_string();
    let out_dir = tempfile::tempdir().expect("out");
    let out = run(&[
        "build",
        "--rev",
        "v3.0",
        "--release-check",
        "--out",
        &out_dir.path().display().to_string(),
        &dir.path().display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1), // the minimal dossier has gaps; the release check still lets the tagged, clean state render
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(out_dir.path().join("submission.pdf")).expect("pdf");
    let text = crate::build::text(&pdf);
    assert!(
        text.contains(&format!("commit {} (tag v3.0), clean", &head[..12])),
        "{text}"
    );
    assert!(
        text.contains("Document date 2026-11-20"),
        "the commit date is the document date"
    );
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.path().join("dossier.json")).expect("json"))
            .expect("json");
    assert_eq!(model["provenance"]["record"]["commit"], head.as_str());
    let threat = &model["artifacts"]["threat"][0];
    assert_eq!(threat["last_change"]["commit"], head.as_str());
    assert_eq!(threat["last_change"]["author"], "Dana Reviewer");
}

// `dossier init --from-example`, committed today to a new repository as a user would, checks
// clean; `dossier init` writes a new dossier whose findings only say what to fill in, with
// editor modelines that resolve; neither ever writes into a folder that holds anything.
#[test]
fn init_new_and_from_example() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let copy = tmp.path().join("pump");
    let out = run(&["init", &copy.to_string_lossy(), "--from-example"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(copy.join("schemas/artifact.schema.json").is_file());
    assert!(
        std::fs::read_to_string(copy.join(".gitignore"))
            .expect("gitignore")
            .contains("/build/")
    );
    for args in [
        &["init", "-q"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=New User",
            "-c",
            "user.email=new@example.com",
            "commit",
            "-q",
            "-m",
            "Dossier from the example",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(&copy)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }
    let out = run(&["check", "--format", "short", &copy.to_string_lossy()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the committed copy checks clean:\n{}",
        stdout(&out)
    );
    // Its prior release is a tag of this project's repository, not of the new one: a note.
    let short = stdout(&out);
    let notes: Vec<&str> = short.lines().filter(|l| l.contains("[PRED-001]")).collect();
    assert_eq!(notes.len(), 1, "{short}");
    assert!(
        notes[0].contains("info[PRED-001]: no prior release compared: this repository has no prior release to compare with"),
        "{short}"
    );

    let new = tmp.path().join("new");
    let out = run(&[
        "init",
        &new.to_string_lossy(),
        "--device",
        "DEV-PUMP",
        "--release",
        "0.9.0",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let checked = crate::support::check(&new);
    assert!(
        !checked.diagnostics.is_empty(),
        "a new dossier has gaps to fill"
    );
    for d in &checked.diagnostics {
        assert!(
            !d.code.starts_with("PARSE") && !d.code.starts_with("CONFIG"),
            "{}: {}",
            d.code,
            d.message
        );
        assert!(
            d.help.as_deref().is_some_and(|h| !h.is_empty()),
            "{}: no help",
            d.code
        );
    }
    // Every modeline names a schema file that exists, relative to its own file.
    for entry in walkdir::WalkDir::new(&new)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if let Some(target) = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# yaml-language-server: $schema="))
        {
            let schema = entry.path().parent().expect("parent").join(target);
            assert!(schema.is_file(), "{}: {target}", entry.path().display());
        }
    }
    assert!(
        new.join("threat-model/threats.yaml.example").is_file(),
        "an example per folder"
    );
    // A folder that holds anything is refused, and left as it was.
    let out = run(&["init", &new.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

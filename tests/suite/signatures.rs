//! Signed approvals: `dossier approve --sign` with a key file and through a real SSH agent,
//! SIGN-001 on what it wrote and on tampered copies, the refusals (a key nobody allowed, an
//! expired key, no key at all), the allowed-signers file read from Git and kept inside the
//! dossier.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::model::Date;
use dossier::{CheckOptions, check_dir};

use crate::support::{check, copy_tree, root};

/// The test keys (tests/fixtures/keys; for the tests only).
fn key(name: &str) -> PathBuf {
    root().join("tests/fixtures/keys").join(name)
}

/// A copy of the passing SIGN-001 fixture: two threats, signed approvals by Dana Whitfield
/// (QA/RA, a current key and one valid until 2026-06-30) and Priya Raman, the allowed-signers
/// file in `keys/`.
fn dossier() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(
        &root().join("tests/fixtures/rules/SIGN-001/pass_signed"),
        dir.path(),
    );
    dir
}

/// Runs `dossier` with no SSH agent unless one is given.
fn dossier_cmd(args: &[&str], agent: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("SSH_AUTH_SOCK");
    if let Some(socket) = agent {
        cmd.env("SSH_AUTH_SOCK", socket);
    }
    cmd.output().expect("binary runs")
}

/// `dossier approve THR-2 DIR --by NAME --role ROLE --date DATE --sign` and `extra`.
fn approve(dir: &Path, name: &str, role: &str, date: &str, extra: &[&str]) -> Output {
    let dir = dir.display().to_string();
    let mut args = vec![
        "approve", "THR-2", &dir, "--by", name, "--role", role, "--date", date, "--sign",
    ];
    args.extend_from_slice(extra);
    dossier_cmd(&args, None)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The SIGN-001 findings of a check at the tests' date.
fn findings(dir: &Path) -> Vec<String> {
    check(dir)
        .diagnostics
        .iter()
        .filter(|d| d.code == "SIGN-001")
        .map(|d| d.message.clone())
        .collect()
}

fn threats(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("threats.yaml")).expect("threats")
}

/// Replaces the first `from` at or after `after` in threats.yaml.
fn tamper(dir: &Path, after: &str, from: &str, to: &str) {
    let text = threats(dir);
    let start = text.rfind(after).expect("anchor");
    let at = start + text[start..].find(from).expect("value to tamper with");
    let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    std::fs::write(dir.join("threats.yaml"), edited).expect("write");
}

// `approve --sign --key` writes a signature SIGN-001 accepts, and what it signs is exactly the
// approval: changing its fingerprint, role or date afterwards breaks the signature.
#[test]
fn a_signed_approval_verifies_until_it_is_edited() {
    let dir = dossier();
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "QA/RA",
        "2026-10-20",
        &["--key", &key("dana").display().to_string()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("signed with key SHA256:"),
        "{}",
        text(&out)
    );
    let written = threats(dir.path());
    assert!(
        written.contains("-----BEGIN SSH SIGNATURE-----"),
        "{written}"
    );
    assert!(
        findings(dir.path()).is_empty(),
        "{:?}",
        findings(dir.path())
    );

    // The last approval is the new one: tamper with each signed value in turn.
    let anchor = "date: 2026-10-20";
    for (from, to) in [
        ("fingerprint: sha256:6", "fingerprint: sha256:7"),
        ("date: 2026-10-20", "date: 2026-10-21"),
    ] {
        let copy = tempfile::tempdir().expect("temp dir");
        copy_tree(dir.path(), copy.path());
        tamper(copy.path(), anchor, from, to);
        let found = findings(copy.path());
        assert!(
            found.iter().any(|m| m.contains("does not verify")),
            "{from} -> {to}: {found:?}"
        );
    }
    let copy = tempfile::tempdir().expect("temp dir");
    copy_tree(dir.path(), copy.path());
    let text = threats(copy.path());
    let last = text.rfind("role: \"QA/RA\"").expect("role");
    std::fs::write(
        copy.path().join("threats.yaml"),
        format!(
            "{}role: \"Head of Quality\"{}",
            &text[..last],
            &text[last + "role: \"QA/RA\"".len()..]
        ),
    )
    .expect("write");
    assert!(
        findings(copy.path())
            .iter()
            .any(|m| m.contains("does not verify")),
        "{:?}",
        findings(copy.path())
    );
}

// A key the allowed-signers file does not list, or lists for someone else, signs nothing:
// approve refuses and leaves the file as it was.
#[test]
fn a_key_nobody_allowed_is_refused() {
    let dir = dossier();
    let before = threats(dir.path());
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "QA/RA",
        "2026-10-20",
        &["--key", &key("mallory").display().to_string()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("does not list the key"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("nothing was written"), "{}", text(&out));
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "QA/RA",
        "2026-10-20",
        &["--key", &key("priya").display().to_string()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("lists the key for Priya Raman"),
        "{}",
        text(&out)
    );
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "Head of Quality",
        "2026-10-20",
        &["--key", &key("dana").display().to_string()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("only for QA/RA"), "{}", text(&out));
    assert_eq!(threats(dir.path()), before);
}

// A signature that was valid when made turns into a finding when the allowed-signers file no
// longer lists its key (the key was revoked): the unknown signer is named.
#[test]
fn a_revoked_key_is_an_unknown_signer() {
    let dir = dossier();
    let signers = dir.path().join("keys/allowed-signers.yaml");
    let text = std::fs::read_to_string(&signers).expect("signers");
    let dana = std::fs::read_to_string(key("dana.pub")).expect("key");
    let mallory = std::fs::read_to_string(key("mallory.pub")).expect("key");
    std::fs::write(&signers, text.replace(dana.trim(), mallory.trim())).expect("write");
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("THR-1") && found[0].contains("does not list"),
        "{found:?}"
    );
}

// A key expired at the approval's date does not sign it; dated within its validity, it does.
#[test]
fn an_expired_key_signs_nothing_new() {
    let dir = dossier();
    let old = key("dana-2025").display().to_string();
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "QA/RA",
        "2026-10-20",
        &["--key", &old],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("only until 2026-06-30"),
        "{}",
        text(&out)
    );
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "QA/RA",
        "2026-05-04",
        &["--key", &old],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        findings(dir.path()).is_empty(),
        "{:?}",
        findings(dir.path())
    );
    // Pulling the key's end date before the approval makes that signature a finding.
    let signers = dir.path().join("keys/allowed-signers.yaml");
    let text = std::fs::read_to_string(&signers).expect("signers");
    std::fs::write(&signers, text.replace("2026-06-30", "2026-04-30")).expect("write");
    let found = findings(dir.path());
    assert!(
        found
            .iter()
            .any(|m| m.contains("dated 2026-05-04") && m.contains("only until 2026-04-30")),
        "{found:?}"
    );
}

// `--sign` with no agent and no key, a key with a passphrase, an RSA key file, a public key
// for a private one, and a dossier without an allowed-signers file: each a clear error, and
// the file untouched.
#[test]
fn signing_without_a_usable_key_is_a_clear_error() {
    let dir = dossier();
    let before = threats(dir.path());
    let cases: [(&[&str], &str); 4] = [
        (&[], "SSH_AUTH_SOCK is not set"),
        (
            &["--key", &key("encrypted").display().to_string()],
            "ssh-add",
        ),
        (&["--key", &key("rsa").display().to_string()], "SSH agent"),
        (
            &["--key", &key("dana.pub").display().to_string()],
            "not an OpenSSH private key",
        ),
    ];
    for (extra, says) in cases {
        let out = approve(dir.path(), "Dana Whitfield", "QA/RA", "2026-10-20", extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{extra:?}: {}", text(&out));
        assert!(!text(&out).contains("panicked"), "{}", text(&out));
    }
    assert_eq!(threats(dir.path()), before);
    // --key needs --sign.
    let arg = dir.path().display().to_string();
    let out = dossier_cmd(
        &[
            "approve", "THR-2", &arg, "--by", "A", "--role", "B", "--key", "x",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // No allowed-signers file: nothing could verify the signature.
    let manifest = dir.path().join("dossier.yaml");
    let text_before = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(
        &manifest,
        text_before.replace("allowed_signers: keys/allowed-signers.yaml\n", ""),
    )
    .expect("write");
    std::fs::remove_dir_all(dir.path().join("keys")).expect("rm");
    let out = approve(
        dir.path(),
        "Dana Whitfield",
        "QA/RA",
        "2026-10-20",
        &["--key", &key("dana").display().to_string()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("allowed-signers file"),
        "{}",
        text(&out)
    );
    assert_eq!(threats(dir.path()), before);
}

// The allowed-signers file is read through the confined reader: a path outside the dossier,
// or a link out of it, is a finding at the manifest's line, never a read.
#[test]
fn the_allowed_signers_file_stays_inside_the_dossier() {
    let outer = tempfile::tempdir().expect("temp dir");
    let dir = outer.path().join("dossier");
    copy_tree(
        &root().join("tests/fixtures/rules/SIGN-001/pass_signed"),
        &dir,
    );
    std::fs::rename(
        dir.join("keys/allowed-signers.yaml"),
        outer.path().join("signers.yaml"),
    )
    .expect("move");
    let manifest = dir.join("dossier.yaml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(
        &manifest,
        text.replace("keys/allowed-signers.yaml", "../signers.yaml"),
    )
    .expect("write");
    let found = findings(&dir);
    assert!(
        found
            .iter()
            .any(|m| m.contains("leads outside the dossier")),
        "{found:?}"
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outer.path().join("signers.yaml"),
            dir.join("keys/allowed-signers.yaml"),
        )
        .expect("link");
        std::fs::write(&manifest, &text).expect("write");
        let found = findings(&dir);
        assert!(
            found
                .iter()
                .any(|m| m.contains("allowed-signers file") && m.contains("cannot be read")),
            "{found:?}"
        );
    }
}

// A check of a revision reads the allowed-signers file from Git, like the artifacts: the
// example's signatures verify at the commit, with no checkout.
#[test]
fn signatures_verify_at_a_revision() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&root().join("example-dossier"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("build"));
    let repo = git2::Repository::init(dir.path()).expect("init");
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = git2::Signature::new(
        "Dana Reviewer",
        "dana@example.com",
        &git2::Time::new(1_793_000_000, 0),
    )
    .expect("signature");
    repo.commit(Some("HEAD"), &sig, &sig, "the example", &tree, &[])
        .expect("commit");
    // The working tree's allowed-signers file is emptied: the revision must not read it.
    std::fs::write(
        dir.path().join("keys/allowed-signers.yaml"),
        "signers: []\n",
    )
    .expect("w");
    let at = |rev: Option<&str>| {
        check_dir(
            dir.path(),
            &CheckOptions {
                rev: rev.map(str::to_string),
                ..CheckOptions::at(Date::parse("2026-11-01").expect("date"))
            },
        )
        .expect("loads")
        .diagnostics
        .iter()
        .filter(|d| d.code == "SIGN-001")
        .count()
    };
    assert_eq!(at(Some("HEAD")), 0);
    // One finding per signed approval of the example.
    let signed: usize = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "yaml" || x == "md")
                && !e.path().components().any(|c| c.as_os_str() == ".git")
        })
        .map(|e| {
            std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .matches("sshsig:")
                .count()
        })
        .sum();
    assert!(signed >= 5, "{signed} signed approvals");
    assert_eq!(at(None), signed, "the working tree lists no signer");
}

// An auditor can check a signature without dossier: the signed text rebuilt by hand as the
// book shows, and `ssh-keygen -Y verify` with an allowed_signers line for the signer.
#[test]
fn ssh_keygen_verifies_what_approve_signs() {
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        eprintln!("skipped: no ssh-keygen on this machine");
        return;
    }
    let checked = check(&root().join("example-dossier"));
    let tm = checked
        .artifacts
        .iter()
        .find(|a| a.id() == "TM-001")
        .expect("TM-001");
    let approval = tm
        .envelope
        .approvals
        .iter()
        .find(|a| a.signature.is_some() && a.name.value == "Priya Raman")
        .expect("a signed approval");
    let signature = approval.signature.as_ref().expect("signed");
    let work = tempfile::tempdir().expect("temp dir");
    let message = format!(
        "dossier approval v1\nartifact: TM-001\nname: Priya Raman\nrole: Head of Quality\n\
         meaning: approved\ndate: {}\nfingerprint: {}\n",
        approval.date.value,
        approval.fingerprint.as_ref().expect("fingerprint").value
    );
    std::fs::write(work.path().join("message"), &message).expect("w");
    std::fs::write(work.path().join("approval.sig"), &signature.sshsig.value).expect("w");
    let public =
        std::fs::read_to_string(root().join("example-dossier/keys/priya-raman.EXAMPLE-ONLY.pub"))
            .expect("key");
    std::fs::write(
        work.path().join("allowed_signers"),
        format!("\"Priya Raman\" namespaces=\"dossier-approval\" {public}"),
    )
    .expect("w");
    let verify = |message: &str| {
        std::fs::write(work.path().join("message"), message).expect("w");
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f", "allowed_signers", "-I", "Priya Raman"])
            .args(["-n", "dossier-approval", "-s", "approval.sig"])
            .current_dir(work.path())
            .stdin(std::fs::File::open(work.path().join("message")).expect("open"))
            .output()
            .expect("ssh-keygen runs")
    };
    let out = verify(&message);
    assert!(out.status.success(), "{}", text(&out));
    let out = verify(&message.replace("Head of Quality", "QA/RA"));
    assert!(!out.status.success(), "{}", text(&out));
}

/// An `ssh-agent` this test started, in the foreground, on a socket in a temporary folder;
/// stopped (by its own handle) when dropped.
struct Agent {
    child: std::process::Child,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Agent {
    fn start() -> Option<Agent> {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Some(Agent {
            child,
            socket,
            _dir: dir,
        })
    }

    /// Adds a test key (copied with the permissions ssh-add asks for).
    fn add(&self, name: &str) {
        let copy = self._dir.path().join(name);
        std::fs::copy(key(name), &copy).expect("copy key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let out = Command::new("ssh-add")
            .arg(&copy)
            .env("SSH_AUTH_SOCK", &self.socket)
            .output()
            .expect("ssh-add runs");
        assert!(out.status.success(), "ssh-add: {}", text(&out));
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// `--sign` alone signs through a real SSH agent: it picks the agent's key the allowed-signers
// file permits (Ed25519, and RSA, which signs with rsa-sha2-512), and refuses when the agent
// holds none. Skipped where OpenSSH's agent is not installed.
#[test]
fn signing_through_the_ssh_agent() {
    let has = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("ssh-agent") || !has("ssh-add") {
        eprintln!("skipped: no ssh-agent and ssh-add on this machine");
        return;
    }
    let Some(agent) = Agent::start() else {
        eprintln!("skipped: ssh-agent did not start");
        return;
    };
    let dir = dossier();
    let arg = dir.path().display().to_string();
    let sign = |name: &str, role: &str| {
        dossier_cmd(
            &[
                "approve",
                "THR-2",
                &arg,
                "--by",
                name,
                "--role",
                role,
                "--date",
                "2026-10-20",
                "--sign",
            ],
            Some(&agent.socket),
        )
    };
    // A key the file does not list: refused, saying which keys the agent holds.
    agent.add("mallory");
    let before = threats(dir.path());
    let out = sign("Dana Whitfield", "QA/RA");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("none of the SSH agent's keys may sign"),
        "{}",
        text(&out)
    );
    assert_eq!(threats(dir.path()), before);
    // With Dana's key beside it, that one is chosen.
    agent.add("dana");
    let out = sign("Dana Whitfield", "QA/RA");
    assert!(out.status.success(), "{}", text(&out));
    // An RSA key, listed for a new signer.
    agent.add("rsa");
    let signers = dir.path().join("keys/allowed-signers.yaml");
    let rsa = std::fs::read_to_string(key("rsa.pub")).expect("key");
    let mut text_signers = std::fs::read_to_string(&signers).expect("signers");
    text_signers.push_str(&format!(
        "  - name: Lena Fischer\n    roles: [Safety Risk Manager]\n    key: {}\n",
        rsa.trim()
    ));
    std::fs::write(&signers, text_signers).expect("write");
    let out = sign("Lena Fischer", "Safety Risk Manager");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        threats(dir.path()).matches("BEGIN SSH SIGNATURE").count(),
        5
    );
    assert!(
        findings(dir.path()).is_empty(),
        "{:?}",
        findings(dir.path())
    );
}

//! `dossier approve`: record an approval of one artifact, with the fingerprint of its content.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::approve::{NewApproval, NewSignature, add_approval, verify};
use crate::model::{Approval, ApprovalSignature, Artifact, Date, Spanned, Status};
use crate::{CheckOptions, Fatal, check_dir, render::write_atomic, sign};

use super::EXIT_OK;
use super::check::{parse_date, today};

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier approve TST-004 --by \"J. Rivera\" --role \"QA/RA\"
  dossier approve REQ-013 --by \"A. Chen\" --role \"Cybersecurity Lead\" --meaning reviewed
  dossier approve THR-002 --by \"A. Chen\" --role \"Cybersecurity Lead\" --date 2026-11-20 example-dossier
  dossier approve TM-001 --by \"Dana Whitfield\" --role \"QA/RA\" --sign        (the SSH agent's key)
  dossier approve TM-001 --by \"Dana Whitfield\" --role \"QA/RA\" --sign --key ~/.ssh/id_ed25519";

/// Arguments of `approve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ID of the artifact to approve.
    pub id: String,
    /// The dossier folder (the one holding dossier.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Who approves.
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// In what role (for example "Cybersecurity Lead", "QA/RA").
    #[arg(long)]
    pub role: String,
    /// What the signature means.
    #[arg(long, value_enum)]
    pub meaning: Option<Meaning>,
    /// The date of the approval (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,
    /// Sign the approval (an electronic signature, 21 CFR Part 11) with your SSH key: the
    /// SSH agent's (SSH_AUTH_SOCK), or the key file --key names. The signature covers the
    /// artifact's ID, the name, role, meaning, date and content fingerprint, and must verify
    /// against the dossier's allowed-signers file before anything is written.
    #[arg(long)]
    pub sign: bool,
    /// The private key file to sign with (OpenSSH format, Ed25519 or ECDSA, without a
    /// passphrase); without it, --sign asks the SSH agent. A key with a passphrase, or an RSA
    /// key, signs through the agent (`ssh-add KEY`).
    #[arg(long, value_name = "PATH", requires = "sign")]
    pub key: Option<PathBuf>,
}

/// What an approval signature means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Meaning {
    /// The signer wrote the content.
    Authored,
    /// The signer reviewed the content.
    Reviewed,
    /// The signer approved the content for use.
    Approved,
    /// The signer verified the content.
    Verified,
}

impl Meaning {
    fn model(self) -> crate::model::ApprovalMeaning {
        use crate::model::ApprovalMeaning as M;
        match self {
            Meaning::Authored => M::Authored,
            Meaning::Reviewed => M::Reviewed,
            Meaning::Approved => M::Approved,
            Meaning::Verified => M::Verified,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Meaning::Authored => "authored",
            Meaning::Reviewed => "reviewed",
            Meaning::Approved => "approved",
            Meaning::Verified => "verified",
        }
    }
}

/// Takes an exclusive lock on the dossier's folder (an advisory `flock` on the folder
/// itself, so nothing is written to take it); released when the handle drops.
fn lock_dossier(dir: &std::path::Path) -> Result<std::fs::File, Fatal> {
    let folder = std::fs::File::open(dir)
        .map_err(|e| Fatal::new(format!("cannot open {}: {e}", dir.display())))?;
    folder.lock().map_err(|e| {
        Fatal::new(format!(
            "cannot lock {} against concurrent approvals: {e}",
            dir.display()
        ))
    })?;
    Ok(folder)
}

/// Runs `approve`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let date = args.date.unwrap_or_else(today);
    if args.by.trim().is_empty() || args.role.trim().is_empty() {
        return Err(Fatal::new("--by and --role must name a person and a role"));
    }
    // Approvals of one dossier are serialised by a lock on its folder, held from the read
    // to the write: ten concurrent `approve` runs leave ten approvals, none lost.
    let _lock = lock_dossier(&args.dir)?;
    let checked = check_dir(&args.dir, &CheckOptions::at(date))?;
    let matches: Vec<&crate::model::Artifact> = checked
        .artifacts
        .iter()
        .filter(|a| a.id() == args.id)
        .collect();
    let current: Vec<&&crate::model::Artifact> = matches
        .iter()
        .filter(|a| !a.envelope.status.value.is_retired())
        .collect();
    let artifact = match (current.as_slice(), matches.as_slice()) {
        ([one], _) => **one,
        ([], [one]) => *one,
        ([], []) => {
            let ids: Vec<&str> = checked.artifacts.iter().map(|a| a.id()).collect();
            let hint = crate::parse::suggest(&args.id, ids.iter().copied())
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            return Err(Fatal::new(format!(
                "no artifact `{}` in the dossier{hint}",
                args.id
            )));
        }
        _ => {
            return Err(Fatal::new(format!(
                "{} current artifacts have the ID `{}`; fix the duplicate IDs first (`dossier check`)",
                current.len().max(matches.len()),
                args.id
            )));
        }
    };
    let file = checked.sources.file(artifact.file);
    if file.problem.is_some() {
        return Err(Fatal::new(format!("{} cannot be read", file.path)));
    }
    let root = checked.sources.backing.dir().ok_or_else(|| {
        Fatal::new("approve edits the working tree; it cannot write to a revision")
    })?;
    let mut approval = NewApproval {
        name: args.by.trim().to_string(),
        role: args.role.trim().to_string(),
        date,
        meaning: args.meaning.map(|m| m.as_str().to_string()),
        signature: None,
    };
    if args.sign {
        approval.signature = Some(sign(
            &checked.signers,
            artifact,
            &approval,
            args.meaning,
            args.key.as_deref(),
        )?);
    }
    let edited = add_approval(&file.text, &file.path, artifact, &approval)?;
    verify(&file.text, &edited, &file.path, artifact, &approval)?;
    // The file that holds the artifact, with links resolved (inside the dossier, as the
    // check read it): the edit goes to the file, and a link to it stays a link.
    let target = match checked.sources.backing.jail() {
        Some(jail) => jail
            .resolve_file(&root.join(&file.path))
            .map_err(|p| Fatal::new(format!("{}: {p}", file.path)))?,
        None => root.join(&file.path),
    };
    write_atomic(&target, edited.as_bytes())?;
    println!(
        "approved {} ({}) by {} as {} on {date}: {}",
        artifact.id(),
        crate::model::fingerprint(artifact),
        approval.name,
        approval.role,
        file.path
    );
    if let Some(signature) = &approval.signature {
        println!(
            "signed with key {}, verified against {}",
            signature.key,
            crate::diag::printable(&checked.signers.display_path())
        );
    }
    if artifact.envelope.status.value == Status::Draft {
        println!(
            "note: {} is still `status: draft`; set it to `approved` when the review is complete",
            artifact.id()
        );
    }
    Ok(EXIT_OK)
}

/// The largest private key file read (an RSA-16384 key is under 13 KiB).
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// Signs the approval with the SSH agent's key or the key file `key_file`, and checks the
/// signature as SIGN-001 will (over the text rebuilt from the approval, by a key the
/// allowed-signers file permits for this name and role on this date) before anything is
/// written: an approval that would be a finding is refused.
fn sign(
    signers: &sign::AllowedSigners,
    artifact: &Artifact,
    approval: &NewApproval,
    meaning: Option<Meaning>,
    key_file: Option<&Path>,
) -> Result<NewSignature, Fatal> {
    // The reasons quote the allowed-signers file and the agent's key comments: escaped, so
    // neither can drive the terminal.
    let refuse = |why: String| {
        Fatal::new(format!(
            "cannot sign the approval of {}: {}; nothing was written",
            crate::diag::printable(artifact.id()),
            crate::diag::printable(&why)
        ))
    };
    match signers.named {
        None => return Err(refuse(sign::Problem::NoAllowedSigners.describe(signers))),
        Some(_) if !signers.usable => {
            return Err(refuse(sign::Problem::SignersUnusable.describe(signers)));
        }
        Some(_) => {}
    }
    let statement = sign::Statement {
        artifact: artifact.id().to_string(),
        name: approval.name.clone(),
        role: approval.role.clone(),
        meaning: sign::meaning_word(meaning.map(Meaning::model)).to_string(),
        date: approval.date,
        fingerprint: crate::model::fingerprint(artifact),
    };
    let message = statement.message().map_err(|field| {
        refuse(format!(
            "the {field} holds a line break or control character; write it on one line"
        ))
    })?;
    let signature = match key_file {
        Some(path) => sign_with_file(path, &message).map_err(refuse)?,
        None => sign_with_agent(&statement, &message, signers).map_err(refuse)?,
    };
    let new = NewSignature {
        key: sign::key_fingerprint(signature.public_key()),
        sshsig: sign::armor(&signature).map_err(refuse)?,
    };
    // The approval as it will be read back, verified as SIGN-001 verifies it.
    let unspanned = Spanned::unspanned;
    let written = Approval {
        name: unspanned(approval.name.clone()),
        role: unspanned(approval.role.clone()),
        date: Spanned::unspanned(approval.date),
        meaning: meaning.map(|m| Spanned::unspanned(m.model())),
        fingerprint: Some(unspanned(statement.fingerprint.clone())),
        signature: Some(ApprovalSignature {
            key: unspanned(new.key.clone()),
            sshsig: unspanned(new.sshsig.clone()),
        }),
    };
    match sign::verify(artifact.id(), &written, signers) {
        Some(Ok(_)) => Ok(new),
        Some(Err(problem)) => Err(refuse(format!(
            "the signature would not be valid: {} (key {}, {} as {} on {})",
            problem.describe(signers),
            new.key,
            approval.name,
            approval.role,
            approval.date
        ))),
        None => Err(refuse("the signature was lost".to_string())),
    }
}

/// Signs with a private key file the user names (never one from the dossier).
fn sign_with_file(path: &Path, message: &str) -> Result<ssh_key::SshSig, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the key {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("the key {shown} is not a file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_KEY_BYTES).read_to_string(&mut text))
        .map_err(|e| format!("cannot read the key {shown}: {e}"))?;
    let key = ssh_key::PrivateKey::from_openssh(text.trim()).map_err(|e| {
        format!(
            "{shown} is not an OpenSSH private key ({e}); name the private key file \
             (`~/.ssh/id_ed25519`, not the `.pub` beside it)"
        )
    })?;
    if key.is_encrypted() {
        return Err(format!(
            "the key {shown} is protected by a passphrase, and dossier does not ask for \
             passphrases: add it to your SSH agent (`ssh-add {shown}`) and sign with --sign \
             alone"
        ));
    }
    sign::sign_with_key(&key, message).map_err(|e| format!("cannot sign with {shown}: {e}"))
}

/// Signs with the SSH agent's key that the allowed-signers file permits for the statement.
fn sign_with_agent(
    statement: &sign::Statement,
    message: &str,
    signers: &sign::AllowedSigners,
) -> Result<ssh_key::SshSig, String> {
    let Some(socket) = std::env::var_os("SSH_AUTH_SOCK").filter(|s| !s.is_empty()) else {
        return Err(
            "no SSH agent is running (SSH_AUTH_SOCK is not set) and no --key was given; \
             start the agent and add your key (`eval \"$(ssh-agent)\"`, then `ssh-add`), or \
             name your private key with --key PATH"
                .to_string(),
        );
    };
    let mut agent = sign::agent::Agent::connect(Path::new(&socket))?;
    let keys = agent.identities()?;
    if keys.is_empty() {
        return Err(
            "the SSH agent holds no key; add yours with `ssh-add`, or name it with --key PATH"
                .to_string(),
        );
    }
    let mut why = Vec::new();
    for identity in &keys {
        match sign::authorise(statement, identity.key.key_data(), signers) {
            Ok(_) => return agent.sign(identity.key.key_data(), message),
            Err(problem) => why.push(format!(
                "{} ({}): {}",
                sign::key_fingerprint(identity.key.key_data()),
                identity.comment,
                problem.describe(signers)
            )),
        }
    }
    Err(format!(
        "none of the SSH agent's keys may sign for {} as {} on {}: {}",
        statement.name,
        statement.role,
        statement.date,
        why.join("; ")
    ))
}

//! `dossier approve`: record an approval of one artifact, with the fingerprint of its content.

use std::path::PathBuf;

use crate::approve::{NewApproval, add_approval, verify};
use crate::model::{Date, Status};
use crate::{CheckOptions, Fatal, check_dir, render::write_atomic};

use super::EXIT_OK;
use super::check::{parse_date, today};

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier approve TST-004 --by \"J. Rivera\" --role \"QA/RA\"
  dossier approve REQ-013 --by \"A. Chen\" --role \"Cybersecurity Lead\" --meaning reviewed
  dossier approve THR-002 --by \"A. Chen\" --role \"Cybersecurity Lead\" --date 2026-11-20 example-dossier";

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
    let approval = NewApproval {
        name: args.by.trim().to_string(),
        role: args.role.trim().to_string(),
        date,
        meaning: args.meaning.map(|m| m.as_str().to_string()),
    };
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
    if artifact.envelope.status.value == Status::Draft {
        println!(
            "note: {} is still `status: draft`; set it to `approved` when the review is complete",
            artifact.id()
        );
    }
    Ok(EXIT_OK)
}

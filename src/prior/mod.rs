//! The prior authorized release: reading it from Git, and the cybersecurity delta from it.
//!
//! A modification, or a 510(k) that leans on an earlier clearance, is reviewed as a change:
//! FDA asks what changed for cybersecurity since the release it authorized (interfaces and
//! their protection, third-party components and their support, controls, threats and risks,
//! vulnerabilities fixed and still open; PMC 2025 §VII.D). Written by hand that list drifts
//! from the evidence, so it is computed here from the dossier at the two revisions: the
//! manifest's `baseline:` names the prior release, [`load`] reads the dossier as it was
//! there (from the object database, never a checkout, so `--rev` works too), and
//! [`compare`] matches the two by ID (artifacts) and by SBOM and name (components).
//!
//! The result feeds PRED-001 (every added or changed interface and component is assessed),
//! the PDF's Modifications section and the site's Modifications page.

mod delta;

use std::sync::Arc;

use serde::Serialize;

use crate::model::{Artifact, Body, Date};
use crate::parse::sbom::LoadedSbom;
use crate::source::SourceSet;

pub use delta::{ComponentDelta, Delta, ItemChange, compare};

/// The dossier as it was at the prior release: what the delta is computed from.
#[derive(Debug)]
pub struct Snapshot {
    /// The revision as the manifest names it.
    pub revision: String,
    /// The commit it resolved to (12 hex digits), if read from Git.
    pub commit: Option<String>,
    /// The commit's date, if read from Git.
    pub date: Option<Date>,
    /// The release the prior manifest named (`release:`), if any.
    pub release: Option<String>,
    /// Its artifacts, parsed as the current ones are.
    pub artifacts: Vec<Artifact>,
    /// Its SBOMs, read as the current ones are (components, support, addenda applied).
    pub sboms: Vec<LoadedSbom>,
}

impl Snapshot {
    /// Parses a dossier's files as of the prior release and reads its SBOMs' components (not
    /// validated: see [`crate::parse::sbom::Depth::Components`]).
    pub fn of_sources(
        mut sources: SourceSet,
        revision: &str,
        commit: Option<String>,
        date: Option<Date>,
    ) -> Snapshot {
        let parsed = crate::parse::parse_all(&sources);
        let referenced = crate::parse::sbom::resolve(&mut sources, &parsed.artifacts);
        let sboms = crate::parse::sbom::read_all_to(
            &sources,
            &parsed.artifacts,
            &referenced,
            crate::parse::sbom::Depth::Components,
        );
        let (config, _) = crate::config::load(&sources.file(0).text);
        let release = config
            .manifest
            .release
            .as_ref()
            .map(|r| r.value.trim().to_string());
        Snapshot {
            revision: revision.to_string(),
            commit,
            date,
            release,
            artifacts: parsed.artifacts,
            sboms,
        }
    }
}

/// Why no prior release was compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The dossier is not read from a Git repository.
    NotGit,
    /// The repository has no tags at all and does not know the revision: a new repository
    /// (a dossier copied from the example, say), where there is nothing to compare with.
    NoSuchRevisionNoTags(String),
    /// The repository has tags, but not this revision: most likely a misspelt tag, or tags
    /// not fetched.
    NoSuchRevision(String),
    /// The revision exists but the dossier's folder or manifest does not exist there.
    NoDossierThere(String),
}

/// Reads the dossier at the prior release's revision from the repository the current
/// sources come from (same folder inside it), parses it and reads its SBOMs.
pub fn load(sources: &SourceSet, revision: &str) -> Result<Snapshot, Unavailable> {
    let Some(origin) = &sources.git else {
        return Err(Unavailable::NotGit);
    };
    let Ok(repo) = git2::Repository::open(&origin.git_dir) else {
        return Err(Unavailable::NotGit);
    };
    let commit = match repo
        .revparse_single(revision)
        .and_then(|o| o.peel_to_commit())
    {
        Ok(commit) => commit,
        Err(e) => {
            let has_tags = repo.tag_names(None).map(|t| !t.is_empty()).unwrap_or(false);
            let why = e.message().to_string();
            return Err(if has_tags {
                Unavailable::NoSuchRevision(why)
            } else {
                Unavailable::NoSuchRevisionNoTags(why)
            });
        }
    };
    let id = crate::source::git::short_id(commit.id());
    let date = crate::source::git::date_of(commit.time());
    let oid = commit.id().to_string();
    drop(commit);
    let git = crate::source::git::GitRepo {
        repo,
        prefix: origin.prefix.clone(),
    };
    let walk = |manifest: &crate::source::SourceFile| {
        crate::walk_options(&crate::config::load(&manifest.text).0)
    };
    let sources = git
        .load_rev(&oid, walk)
        .map_err(|e| Unavailable::NoDossierThere(e.to_string()))?;
    Ok(Snapshot::of_sources(
        sources,
        revision,
        Some(id),
        Some(date),
    ))
}

/// The prior release as the outputs and PRED-001 see it.
#[derive(Debug, Clone, Serialize)]
pub struct PriorRelease {
    /// The revision the manifest names.
    pub revision: String,
    /// The prior release's version: the manifest's `baseline.release`, else the release
    /// the prior manifest named.
    pub release: Option<String>,
    /// The submission that authorized it: the manifest's `baseline.submission`, else the
    /// device's `submission.prior_submission`.
    pub submission: Option<String>,
    /// Whether the revision is itself a commit ID, so the outputs name the commit once.
    pub names_commit: bool,
    /// The commit compared with (12 hex digits), when the comparison was made.
    pub commit: Option<String>,
    /// That commit's date.
    pub date: Option<String>,
    /// Why nothing was compared, in words, when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// What changed since, when compared.
    pub delta: Option<Delta>,
    /// The kind of reason nothing was compared (for PRED-001's wording).
    #[serde(skip)]
    pub reason: Option<Unavailable>,
}

/// The prior release named by the manifest, compared with the current artifacts and SBOMs.
pub fn assess(
    baseline: &crate::config::Baseline,
    snapshot: Result<&Arc<Snapshot>, &Unavailable>,
    artifacts: &[Artifact],
    sboms: &[LoadedSbom],
    device_prior_submission: Option<&str>,
) -> PriorRelease {
    let submission = baseline
        .submission
        .clone()
        .or_else(|| device_prior_submission.map(str::to_string));
    match snapshot {
        Ok(snapshot) => PriorRelease {
            revision: baseline.revision.clone(),
            release: baseline
                .release
                .clone()
                .or_else(|| snapshot.release.clone()),
            submission,
            // A hex tag name is still a tag: the revision names the commit only if it is
            // the commit's own ID.
            names_commit: baseline.names_commit()
                && snapshot.commit.as_deref().is_some_and(|c| {
                    let n = c.len().min(baseline.revision.len());
                    c[..n].eq_ignore_ascii_case(&baseline.revision[..n])
                }),
            commit: snapshot.commit.clone(),
            date: snapshot.date.map(|d| d.to_string()),
            unavailable: None,
            delta: Some(compare(snapshot, artifacts, sboms)),
            reason: None,
        },
        Err(reason) => PriorRelease {
            revision: baseline.revision.clone(),
            release: baseline.release.clone(),
            submission,
            names_commit: baseline.names_commit(),
            commit: None,
            date: None,
            unavailable: Some(describe(&baseline.revision, reason)),
            delta: None,
            reason: Some(reason.clone()),
        },
    }
}

/// Why nothing was compared, for readers of the PDF and the site.
fn describe(revision: &str, reason: &Unavailable) -> String {
    match reason {
        Unavailable::NotGit => format!(
            "the dossier is not read from a Git repository, so the prior release `{revision}` cannot be read"
        ),
        Unavailable::NoSuchRevisionNoTags(_) => format!(
            "this repository has no prior release to compare with: `{revision}` is not one of its revisions, and it has no tags"
        ),
        Unavailable::NoSuchRevision(_) => {
            format!("`{revision}` is not a tag or commit of the repository")
        }
        Unavailable::NoDossierThere(why) => {
            format!("the dossier cannot be read at `{revision}`: {why}")
        }
    }
}

/// The device's prior submission number, if the device names one.
pub fn device_prior_submission(artifacts: &[Artifact], device_id: Option<&str>) -> Option<String> {
    let device_id = device_id?;
    artifacts.iter().find_map(|a| match &a.body {
        Body::Device(d) if a.id() == device_id => d
            .submission
            .as_ref()
            .and_then(|s| s.prior_submission.as_ref())
            .map(|p| p.value.trim().to_string()),
        _ => None,
    })
}

//! What the version history says about the dossier: the baseline the release is compared
//! against, and when each file and each artifact last changed.
//!
//! A Git source fills it with one first-parent walk back from the commit read (see
//! [`compute_history`]); a plain directory has none, and the rules that need it (CHG-001,
//! CHG-002) stay silent rather than guess.
//!
//! Semantics, chosen so that the answer is what a design reviewer means by "changed":
//! - The history followed is the first-parent chain: a merge counts as one change, made on the
//!   date of the merge commit, to everything it brought into the mainline. That is when the
//!   change entered the product, whatever date the side branch's commits carry.
//! - An artifact changed when its content fingerprint changed ([`crate::model::fingerprint`]):
//!   reformatting, reordering keys, moving it to another file or renaming its file is not a
//!   change; editing any value (approvals and status aside) is. Each artifact is followed by ID,
//!   so several artifacts in one file each have their own history.
//! - A file changed when its bytes changed at its path (a rename is a change at the new path).
//! - Under the working tree, uncommitted edits are changes dated at the evaluation date.
//! - A shallow clone's history stops at its boundary: what did not change after it has no
//!   known last change, and the rules skip it rather than report a wrong date.

use std::collections::{BTreeMap, BTreeSet};

use git2::{ObjectType, Oid, Repository};
use serde::{Deserialize, Serialize};

use super::SourceSet;
use crate::model::{Artifact, Date, fingerprint};

/// The last change of one file or artifact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileHistory {
    /// The date of the last commit that changed it (the evaluation date for an uncommitted
    /// change).
    pub last_change: Date,
    /// Whether it changed since the baseline.
    #[serde(default)]
    pub changed_since_baseline: bool,
    /// The commit of the last change (`None`: uncommitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The author of that commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A change found in the walk: which commit, by whom, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The commit (`None`: uncommitted, in the working tree).
    pub commit: Option<String>,
    /// Its author.
    pub author: Option<String>,
    /// Its date.
    pub date: Date,
}

impl Change {
    fn history(&self) -> FileHistory {
        FileHistory {
            last_change: self.date,
            changed_since_baseline: false,
            commit: self.commit.clone(),
            author: self.author.clone(),
        }
    }
}

/// The history of the dossier's files and artifacts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The baseline (a Git tag) the release is compared against.
    #[serde(default)]
    pub baseline: Option<String>,
    /// Per file, by path relative to the dossier root.
    #[serde(default)]
    pub files: BTreeMap<String, FileHistory>,
    /// Per artifact, by ID (more precise than the file's; used first).
    #[serde(default)]
    pub artifacts: BTreeMap<String, FileHistory>,
    /// Whether the walk stopped at a shallow clone's boundary.
    #[serde(default)]
    pub truncated: bool,
}

impl History {
    /// The history of a file.
    pub fn file(&self, path: &str) -> Option<&FileHistory> {
        self.files.get(path)
    }

    /// The history of an artifact: its own, else its file's.
    pub fn artifact(&self, id: &str, path: &str) -> Option<&FileHistory> {
        self.artifacts.get(id).or_else(|| self.files.get(path))
    }
}

/// Fingerprints by artifact ID of one version of a file.
fn fingerprints_of(path: &str, bytes: &[u8]) -> BTreeMap<String, String> {
    let text = String::from_utf8_lossy(bytes);
    crate::parse::fingerprints(path, &text)
        .into_iter()
        .collect()
}

/// What is still to be dated, and what has been.
struct Walk {
    files_left: BTreeSet<String>,
    ids_left: BTreeSet<String>,
    files: BTreeMap<String, FileHistory>,
    artifacts: BTreeMap<String, FileHistory>,
}

impl Walk {
    fn done(&self) -> bool {
        self.files_left.is_empty() && self.ids_left.is_empty()
    }

    /// Records one step of history: the files it touched (paths), and the old and new
    /// versions of the artifact files among them.
    fn step(
        &mut self,
        paths: &BTreeSet<String>,
        old: &[(String, Vec<u8>)],
        new: &[(String, Vec<u8>)],
        change: &Change,
    ) {
        for path in paths {
            if self.files_left.remove(path) {
                self.files.insert(path.clone(), change.history());
            }
        }
        if self.ids_left.is_empty() {
            return;
        }
        let side = |versions: &[(String, Vec<u8>)]| {
            let mut map = BTreeMap::new();
            for (path, bytes) in versions {
                map.extend(fingerprints_of(path, bytes));
            }
            map
        };
        let (before, after) = (side(old), side(new));
        let touched: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for id in touched {
            if self.ids_left.contains(id) && before.get(id) != after.get(id) {
                self.ids_left.remove(id);
                self.artifacts.insert(id.clone(), change.history());
            }
        }
    }
}

fn subtree<'r>(
    repo: &'r Repository,
    commit: &git2::Commit<'r>,
    prefix: &str,
) -> Option<git2::Tree<'r>> {
    let tree = commit.tree().ok()?;
    if prefix.is_empty() {
        return Some(tree);
    }
    let entry = tree.get_path(std::path::Path::new(prefix)).ok()?;
    entry.to_object(repo).ok()?.peel_to_tree().ok()
}

fn blob_bytes(repo: &Repository, id: Oid) -> Option<Vec<u8>> {
    if id.is_zero() {
        return None;
    }
    let blob = repo.find_blob(id).ok()?;
    (blob.size() as u64 <= super::MAX_FILE_BYTES).then(|| blob.content().to_vec())
}

fn blob_at(repo: &Repository, tree: Option<&git2::Tree<'_>>, path: &str) -> Option<Vec<u8>> {
    let entry = tree?.get_path(std::path::Path::new(path)).ok()?;
    (entry.kind() == Some(ObjectType::Blob))
        .then(|| blob_bytes(repo, entry.id()))
        .flatten()
}

fn is_artifact_file(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".md")
}

/// Commits a shallow clone is cut at.
fn shallow_boundary(repo: &Repository) -> BTreeSet<Oid> {
    if !repo.is_shallow() {
        return BTreeSet::new();
    }
    std::fs::read_to_string(repo.path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect()
}

/// Computes the history of a Git-backed dossier in one first-parent walk back from the commit
/// read, stopping as soon as every current file and artifact is dated. `Ok(None)` when the
/// dossier is not read from Git. The error is a problem with the baseline, reported by the
/// caller; the history is then computed without it.
pub fn compute_history(
    sources: &SourceSet,
    artifacts: &[Artifact],
    baseline: Option<&str>,
    as_of: Date,
) -> (Option<History>, Option<String>) {
    let Some(origin) = &sources.git else {
        return (None, None);
    };
    let Ok(repo) = Repository::open(&origin.git_dir) else {
        return (None, None);
    };
    let current_ids: BTreeMap<String, String> = artifacts
        .iter()
        .map(|a| (a.id().to_string(), fingerprint(a)))
        .collect();
    let current_files: BTreeSet<String> = sources
        .files
        .iter()
        .filter(|f| f.problem.is_none())
        .map(|f| f.path.clone())
        .collect();
    let mut walk = Walk {
        files_left: current_files.clone(),
        ids_left: current_ids.keys().cloned().collect(),
        files: BTreeMap::new(),
        artifacts: BTreeMap::new(),
    };
    let prefix = origin.prefix.as_str();
    let head = origin.commit.and_then(|id| repo.find_commit(id).ok());
    let head_tree = head.as_ref().and_then(|c| subtree(&repo, c, prefix));

    // Uncommitted edits come first: they are the newest changes.
    if origin.working_tree && !origin.dirty.is_empty() {
        let change = Change {
            commit: None,
            author: None,
            date: as_of,
        };
        let paths: BTreeSet<String> = origin.dirty.clone();
        let artifact_paths = paths.iter().filter(|p| is_artifact_file(p));
        let old: Vec<(String, Vec<u8>)> = artifact_paths
            .clone()
            .filter_map(|p| blob_at(&repo, head_tree.as_ref(), p).map(|b| (p.clone(), b)))
            .collect();
        let new: Vec<(String, Vec<u8>)> = artifact_paths
            .filter_map(|p| {
                sources
                    .files
                    .iter()
                    .find(|f| &f.path == p)
                    .map(|f| (p.clone(), f.text.clone().into_bytes()))
            })
            .collect();
        walk.step(&paths, &old, &new, &change);
    }

    let boundary = shallow_boundary(&repo);
    let mut truncated = false;
    let mut cursor = head;
    while let Some(commit) = cursor {
        if walk.done() {
            break;
        }
        let at_boundary = boundary.contains(&commit.id());
        let parent = if at_boundary {
            None
        } else if commit.parent_count() > 0 {
            match commit.parent(0) {
                Ok(parent) => Some(parent),
                Err(_) => {
                    truncated = true;
                    break;
                }
            }
        } else {
            None
        };
        if at_boundary {
            truncated = true;
            break;
        }
        let new_tree = subtree(&repo, &commit, prefix);
        let old_tree = parent.as_ref().and_then(|p| subtree(&repo, p, prefix));
        let same = match (&new_tree, &old_tree) {
            (Some(a), Some(b)) => a.id() == b.id(),
            (None, None) => true,
            _ => false,
        };
        if !same {
            let author = commit.author();
            let change = Change {
                commit: Some(commit.id().to_string()),
                author: Some(author.name().unwrap_or("unknown").to_string()),
                date: super::git::date_of(commit.time()),
            };
            let mut paths = BTreeSet::new();
            let mut old = Vec::new();
            let mut new = Vec::new();
            if let Ok(diff) = repo.diff_tree_to_tree(old_tree.as_ref(), new_tree.as_ref(), None) {
                for delta in diff.deltas() {
                    for (file, versions) in
                        [(delta.old_file(), &mut old), (delta.new_file(), &mut new)]
                    {
                        let Some(path) =
                            file.path().map(|p| p.to_string_lossy().replace('\\', "/"))
                        else {
                            continue;
                        };
                        if !walk.ids_left.is_empty()
                            && is_artifact_file(&path)
                            && let Some(bytes) = blob_bytes(&repo, file.id())
                        {
                            versions.push((path.clone(), bytes));
                        }
                        paths.insert(path);
                    }
                }
            }
            walk.step(&paths, &old, &new, &change);
        }
        cursor = parent;
    }

    let mut history = History {
        baseline: None,
        files: walk.files,
        artifacts: walk.artifacts,
        truncated,
    };
    let problem = baseline.and_then(|tag| {
        mark_baseline(&repo, prefix, tag, sources, &current_ids, &mut history).err()
    });
    (Some(history), problem)
}

/// Marks what changed since the baseline revision: files whose bytes differ, artifacts whose
/// fingerprint differs (or that are new).
fn mark_baseline(
    repo: &Repository,
    prefix: &str,
    tag: &str,
    sources: &SourceSet,
    current_ids: &BTreeMap<String, String>,
    history: &mut History,
) -> Result<(), String> {
    let commit = repo
        .revparse_single(tag)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| {
            format!(
                "the baseline `{tag}` is not a commit or tag of the repository ({})",
                e.message()
            )
        })?;
    history.baseline = Some(tag.to_string());
    let base_tree = subtree(repo, &commit, prefix);
    let mut base_blobs: BTreeMap<String, Oid> = BTreeMap::new();
    if let Some(tree) = &base_tree {
        let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(ObjectType::Blob) {
                let path = format!("{dir}{}", entry.name().unwrap_or_default());
                if is_artifact_file(&path) {
                    base_blobs.insert(path, entry.id());
                }
            }
            git2::TreeWalkResult::Ok
        });
    }
    let mut current_blobs: BTreeMap<&str, Oid> = BTreeMap::new();
    for file in sources.files.iter().filter(|f| f.problem.is_none()) {
        if let Ok(id) = Oid::hash_object(ObjectType::Blob, file.text.as_bytes()) {
            current_blobs.insert(&file.path, id);
        }
    }
    // Old versions of whatever differs, by ID.
    let mut before: BTreeMap<String, String> = BTreeMap::new();
    for (path, id) in &base_blobs {
        if current_blobs.get(path.as_str()) != Some(id)
            && let Some(bytes) = blob_bytes(repo, *id)
        {
            before.extend(fingerprints_of(path, &bytes));
        }
    }
    let mut changed_files = BTreeSet::new();
    for (path, id) in &current_blobs {
        if base_blobs.get(*path) != Some(id) {
            changed_files.insert(path.to_string());
            if let Some(h) = history.files.get_mut(*path) {
                h.changed_since_baseline = true;
            }
        }
    }
    for file in sources
        .files
        .iter()
        .filter(|f| changed_files.contains(&f.path))
    {
        for (id, _) in crate::parse::fingerprints(&file.path, &file.text) {
            let Some(fp) = current_ids.get(&id) else {
                continue;
            };
            if before.get(&id) != Some(fp)
                && let Some(h) = history.artifacts.get_mut(&id)
            {
                h.changed_since_baseline = true;
            }
        }
    }
    Ok(())
}

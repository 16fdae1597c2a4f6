//! Reads a dossier from Git: any revision straight from the object database (no checkout, the
//! working tree untouched), or the working tree with its state known (commit, dirty files).
//!
//! A dossier may live in a subfolder of the repository; every path dossier shows stays
//! relative to the dossier's own root. The repository is opened read-only in spirit: nothing
//! here writes to it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, Status, StatusOptions, TreeWalkMode, TreeWalkResult};

use super::dir::is_skipped;
use super::{
    Backing, FileProblem, MANIFEST, MAX_FILE_BYTES, Provenance, SourceFile, SourceSet, WalkOptions,
};
use crate::Fatal;
use crate::model::Date;

/// A Git repository and where the dossier sits in it.
pub struct GitRepo {
    /// The repository.
    pub repo: Repository,
    /// The dossier's folder inside the repository: `""` or `a/b` (no trailing slash).
    pub prefix: String,
}

impl std::fmt::Debug for GitRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitRepo")
            .field("path", &self.repo.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// Where a Git-backed dossier came from, kept so later stages (history, lazy reads) can
/// reopen the repository: `Repository` is not `Sync`, a path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitOrigin {
    /// The repository's Git directory.
    pub git_dir: PathBuf,
    /// The dossier's folder inside the repository.
    pub prefix: String,
    /// The commit read (the revision, or HEAD for the working tree); `None` before the first
    /// commit.
    pub commit: Option<Oid>,
    /// Whether the files come from the working tree (and may differ from `commit`).
    pub working_tree: bool,
    /// Dossier files that differ from `commit` in the working tree (relative paths).
    pub dirty: BTreeSet<String>,
}

fn git_error(what: &str, err: git2::Error) -> Fatal {
    Fatal::new(format!("{what}: {}", err.message()))
}

/// The dossier folder's path relative to the repository's working directory.
fn prefix_of(repo: &Repository, dir: &Path) -> Result<String, Fatal> {
    let dir = dir
        .canonicalize()
        .map_err(|e| Fatal::new(format!("cannot resolve `{}`: {e}", dir.display())))?;
    let base = match repo.workdir() {
        Some(workdir) => workdir.to_path_buf(),
        None => repo.path().to_path_buf(),
    };
    let base = base.canonicalize().unwrap_or(base);
    let rel = dir.strip_prefix(&base).map_err(|_| {
        Fatal::new(format!(
            "`{}` is inside the Git directory of a bare repository; a bare repository's \
             dossier must be at the root of its tree",
            dir.display()
        ))
    })?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

impl GitRepo {
    /// Opens the repository that holds `dir` (searching upwards), for reading a revision.
    pub fn open(dir: &Path) -> Result<GitRepo, Fatal> {
        if !dir.exists() {
            return Err(Fatal::new(format!(
                "`{}` does not exist; point dossier at the dossier's folder inside a Git repository",
                dir.display()
            )));
        }
        let repo = Repository::discover(dir).map_err(|e| {
            Fatal::new(format!(
                "`{}` is not inside a Git repository ({}); --rev reads a revision from Git, so \
                 run it in a clone, or drop --rev to check the folder as it is",
                dir.display(),
                e.message()
            ))
        })?;
        let prefix = prefix_of(&repo, dir)?;
        Ok(GitRepo { repo, prefix })
    }

    /// The repository that holds `dir`, if there is one with a working tree. A repository
    /// that is there but cannot be opened (a damaged `.git`) is an error, never taken for
    /// no repository: that would switch the history rules off in silence.
    pub fn discover(dir: &Path) -> Result<Option<GitRepo>, Fatal> {
        let repo = match Repository::discover(dir) {
            Ok(repo) => repo,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => {
                return Err(Fatal::new(format!(
                    "`{}` is in a Git repository that cannot be opened ({}); repair it (`git fsck`), \
                     or check a copy of the folder outside the repository",
                    dir.display(),
                    e.message()
                )));
            }
        };
        if repo.workdir().is_none() {
            return Ok(None);
        }
        let Ok(prefix) = prefix_of(&repo, dir) else {
            return Ok(None);
        };
        Ok(Some(GitRepo { repo, prefix }))
    }

    /// The commit HEAD names; `None` before the first commit. A HEAD that names a commit the
    /// object database does not hold (or cannot read) is an error.
    pub fn head_commit(&self) -> Result<Option<git2::Commit<'_>>, Fatal> {
        let head = match self.repo.head() {
            Ok(head) => head,
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                return Ok(None);
            }
            Err(e) => {
                return Err(Fatal::new(format!(
                    "the repository's HEAD cannot be read ({}); the repository at {} is damaged: \
                     repair it (`git fsck`)",
                    e.message(),
                    self.display()
                )));
            }
        };
        head.peel_to_commit().map(Some).map_err(|e| {
            Fatal::new(format!(
                "HEAD names commit {}, which the repository at {} cannot read ({}); the \
                 repository is damaged: repair it (`git fsck`, or fetch the commit again)",
                head.target()
                    .map(|o| o.to_string())
                    .unwrap_or_else(|| "?".into()),
                self.display(),
                e.message()
            ))
        })
    }

    /// Resolves a revision (commit, tag, branch, `HEAD~2`) to a commit.
    pub fn commit(&self, rev: &str) -> Result<git2::Commit<'_>, Fatal> {
        let object = self.repo.revparse_single(rev).map_err(|e| {
            Fatal::new(format!(
                "`{rev}` is not a revision of the repository at {} ({}); name a commit, tag or \
                 branch (`git log --oneline`, `git tag` list them)",
                self.display(),
                e.message()
            ))
        })?;
        object.peel_to_commit().map_err(|e| {
            Fatal::new(format!(
                "`{rev}` does not name a commit ({}); name a commit, tag or branch",
                e.message()
            ))
        })
    }

    /// The bytes of one file of the dossier at a revision.
    pub fn file_at(&self, rev: &str, rel: &str) -> Result<Vec<u8>, Fatal> {
        let commit = self.commit(rev)?;
        let tree = self.dossier_tree(&commit);
        let entry = tree
            .as_ref()
            .and_then(|t| t.get_path(Path::new(rel)).ok())
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .ok_or_else(|| {
                Fatal::new(format!(
                    "no `{rel}` in the dossier at {rev}; point dossier at the folder that holds \
                     dossier.yaml"
                ))
            })?;
        self.repo
            .find_blob(entry.id())
            .map(|b| b.content().to_vec())
            .map_err(|e| git_error("cannot read the file", e))
    }

    fn display(&self) -> String {
        self.repo
            .workdir()
            .unwrap_or_else(|| self.repo.path())
            .display()
            .to_string()
    }

    /// The dossier's tree at a commit, if the folder exists there.
    fn dossier_tree<'r>(&'r self, commit: &git2::Commit<'r>) -> Option<git2::Tree<'r>> {
        let tree = commit.tree().ok()?;
        if self.prefix.is_empty() {
            return Some(tree);
        }
        let entry = tree.get_path(Path::new(&self.prefix)).ok()?;
        entry.to_object(&self.repo).ok()?.peel_to_tree().ok()
    }

    /// Reads the dossier at a revision from the object database.
    pub fn load_rev(
        &self,
        rev: &str,
        walk: impl FnOnce(&SourceFile) -> WalkOptions,
    ) -> Result<SourceSet, Fatal> {
        let commit = self.commit(rev)?;
        let short = short_id(commit.id());
        let tree = self.dossier_tree(&commit).ok_or_else(|| {
            Fatal::new(format!(
                "the folder `{}` does not exist at {rev} ({short})",
                self.prefix
            ))
        })?;
        let manifest = match tree.get_name(MANIFEST) {
            Some(entry) if entry.kind() == Some(ObjectType::Blob) => {
                self.read_blob(entry.id(), MANIFEST.to_string())
            }
            _ => {
                return Err(Fatal::new(format!(
                    "no dossier.yaml in `{}` at {rev} ({short}); point dossier at the folder \
                     that holds the manifest",
                    if self.prefix.is_empty() {
                        "."
                    } else {
                        &self.prefix
                    }
                )));
            }
        };
        let options = walk(&manifest);
        let mut entries: Vec<(String, Oid, i32)> = Vec::new();
        let mut excluded: Vec<String> = Vec::new();
        let mut submodules: Vec<(String, Oid)> = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let name = entry.name().unwrap_or_default();
            let rel = format!("{dir}{name}");
            if name.starts_with('.') || is_skipped(&rel, &options) {
                if entry.kind() == Some(ObjectType::Blob)
                    && super::dir::is_candidate(&rel)
                    && super::dir::is_excluded(&rel, &options)
                {
                    excluded.push(rel);
                }
                return TreeWalkResult::Skip;
            }
            match entry.kind() {
                Some(ObjectType::Blob) => entries.push((rel, entry.id(), entry.filemode())),
                Some(ObjectType::Commit) => submodules.push((rel, entry.id())),
                _ => {}
            }
            TreeWalkResult::Ok
        })
        .map_err(|e| git_error("cannot walk the dossier's tree", e))?;

        let blob_of: BTreeMap<&str, (Oid, i32)> = entries
            .iter()
            .map(|(rel, id, mode)| (rel.as_str(), (*id, *mode)))
            .collect();
        let mut blobs: BTreeMap<String, Oid> = BTreeMap::new();
        let mut inventory = BTreeSet::new();
        let mut files = Vec::new();
        for (rel, id, mode) in &entries {
            inventory.insert(rel.clone());
            let target = if *mode == i32::from(git2::FileMode::Link) {
                self.resolve_link(rel, *id, &blob_of)
            } else {
                Ok(*id)
            };
            if let Ok(target) = target {
                blobs.insert(rel.clone(), target);
            }
            if rel == MANIFEST || !super::dir::is_candidate(rel) || options.data.contains(rel) {
                continue;
            }
            files.push(match target {
                Ok(target) => self.read_blob(target, rel.clone()),
                Err(problem) => SourceFile::with_problem(rel.clone(), problem),
            });
        }
        for (rel, id) in submodules {
            files.push(SourceFile::with_problem(
                rel,
                FileProblem::Submodule(short_id(id)),
            ));
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.insert(0, manifest);
        Ok(SourceSet {
            root_label: format!(
                "{rev}:{}",
                if self.prefix.is_empty() {
                    "."
                } else {
                    &self.prefix
                }
            ),
            files,
            inventory,
            backing: Backing::Git {
                git_dir: self.repo.path().to_path_buf(),
                blobs,
            },
            history: None,
            provenance: self.provenance(&commit, false, Vec::new(), Some(rev)),
            git: Some(GitOrigin {
                git_dir: self.repo.path().to_path_buf(),
                prefix: self.prefix.clone(),
                commit: Some(commit.id()),
                working_tree: false,
                dirty: BTreeSet::new(),
            }),
            excluded,
        })
    }

    /// Follows a symbolic link stored in the tree; it must stay inside the dossier.
    fn resolve_link(
        &self,
        rel: &str,
        id: Oid,
        blobs: &BTreeMap<&str, (Oid, i32)>,
    ) -> Result<Oid, FileProblem> {
        let target = self
            .repo
            .find_blob(id)
            .map(|b| String::from_utf8_lossy(b.content()).into_owned())
            .map_err(|e| FileProblem::Unreadable(e.message().to_string()))?;
        let mut parts: Vec<&str> = rel.split('/').collect();
        parts.pop();
        if target.starts_with('/') {
            return Err(FileProblem::LinkOutside(target));
        }
        for part in target.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(FileProblem::LinkOutside(target));
                    }
                }
                other => parts.push(other),
            }
        }
        let resolved = parts.join("/");
        match blobs.get(resolved.as_str()) {
            Some((oid, mode)) if *mode != i32::from(git2::FileMode::Link) => Ok(*oid),
            _ => Err(FileProblem::Unreadable(format!(
                "symbolic link to `{target}`, which is not a file of the dossier"
            ))),
        }
    }

    fn read_blob(&self, id: Oid, rel: String) -> SourceFile {
        // The size from the object's header first: an oversized blob is never inflated.
        if let Ok((size, _)) = self.repo.odb().and_then(|odb| odb.read_header(id))
            && size as u64 > MAX_FILE_BYTES
        {
            return SourceFile::with_problem(
                rel,
                FileProblem::TooLarge {
                    size: size as u64,
                    limit: MAX_FILE_BYTES,
                },
            );
        }
        match self.repo.find_blob(id) {
            Ok(blob) if blob.size() as u64 > MAX_FILE_BYTES => SourceFile::with_problem(
                rel,
                FileProblem::TooLarge {
                    size: blob.size() as u64,
                    limit: MAX_FILE_BYTES,
                },
            ),
            Ok(blob) => SourceFile::from_bytes(rel, blob.content().to_vec()),
            Err(e) => SourceFile::with_problem(rel, FileProblem::Unreadable(e.message().into())),
        }
    }

    /// Tags that point at a commit, sorted.
    fn tags_at(&self, commit: Oid) -> Vec<String> {
        let mut tags = Vec::new();
        if let Ok(names) = self.repo.tag_names(None) {
            for name in names.iter().flatten().flatten() {
                let Ok(object) = self.repo.revparse_single(&format!("refs/tags/{name}")) else {
                    continue;
                };
                if object.peel_to_commit().is_ok_and(|c| c.id() == commit) {
                    tags.push(name.to_string());
                }
            }
        }
        tags.sort();
        tags
    }

    /// The provenance of a commit's state of the dossier.
    fn provenance(
        &self,
        commit: &git2::Commit<'_>,
        dirty: bool,
        dirty_files: Vec<String>,
        rev: Option<&str>,
    ) -> Provenance {
        let author = commit.author();
        Provenance {
            source: match rev {
                Some(rev) => format!("revision {rev}"),
                None => "working tree".to_string(),
            },
            repository: true,
            commit: Some(commit.id().to_string()),
            short: Some(short_id(commit.id())),
            tags: self.tags_at(commit.id()),
            dirty: Some(dirty),
            dirty_files,
            commit_date: Some(date_of(commit.time())),
            author: Some(author.name().unwrap_or("unknown").to_string()),
            path: if self.prefix.is_empty() {
                ".".to_string()
            } else {
                self.prefix.clone()
            },
            shallow: self.repo.is_shallow(),
            ..Provenance::tool_only()
        }
    }

    /// What Git knows about a dossier read from the working tree: the HEAD commit and the
    /// dossier files that differ from it (modified, added, deleted or untracked, ignored
    /// files and the output folder aside).
    pub fn working_tree_state(
        &self,
        sources: &mut SourceSet,
        options: &WalkOptions,
    ) -> Result<(), Fatal> {
        let head = self.head_commit()?;
        let mut dirty = BTreeSet::new();
        let mut status = StatusOptions::new();
        status
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .exclude_submodules(true);
        if !self.prefix.is_empty() {
            status.pathspec(format!("{}/", self.prefix));
        }
        if let Ok(statuses) = self.repo.statuses(Some(&mut status)) {
            for entry in statuses.iter() {
                if entry.status() == Status::CURRENT || entry.status().contains(Status::IGNORED) {
                    continue;
                }
                let Ok(path) = entry.path() else { continue };
                let rel = if self.prefix.is_empty() {
                    path.to_string()
                } else {
                    match path.strip_prefix(&format!("{}/", self.prefix)) {
                        Some(rel) => rel.to_string(),
                        None => continue,
                    }
                };
                if rel.split('/').any(|p| p.starts_with('.')) || is_skipped(&rel, options) {
                    continue;
                }
                dirty.insert(rel);
            }
        }
        let dirty_files: Vec<String> = dirty.iter().cloned().collect();
        if let Some(head) = &head {
            sources.provenance = self.provenance(head, !dirty_files.is_empty(), dirty_files, None);
        } else {
            sources.provenance = Provenance {
                repository: true,
                dirty: Some(true),
                dirty_files,
                ..Provenance::tool_only()
            };
        }
        sources.git = Some(GitOrigin {
            git_dir: self.repo.path().to_path_buf(),
            prefix: self.prefix.clone(),
            commit: head.map(|h| h.id()),
            working_tree: true,
            dirty,
        });
        Ok(())
    }
}

/// The first 12 hex digits of an object ID.
pub fn short_id(id: Oid) -> String {
    id.to_string().chars().take(12).collect()
}

/// The UTC calendar date of a Git time.
pub fn date_of(time: git2::Time) -> Date {
    let ts = jiff::Timestamp::from_second(time.seconds()).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Date(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

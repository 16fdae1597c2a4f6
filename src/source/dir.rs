//! Reads a dossier from a directory of the working tree.

use std::path::{Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;
use walkdir::WalkDir;

use super::confine::{self, Jail};
use super::{FileProblem, MAX_FILE_BYTES, SourceFile, SourceSet};
use crate::Fatal;

/// The manifest's file name.
pub const MANIFEST: &str = "dossier.yaml";

/// What the walk skips besides hidden entries.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// The output directory, relative to the root (never read back as input).
    pub output_dir: Option<String>,
    /// Paths the manifest excludes.
    pub exclude: Option<GlobSet>,
    /// Files the manifest names as data rather than artifacts (the allowed-signers file,
    /// YAML of its own shape): in the inventory, read on demand, never parsed as artifacts.
    pub data: std::collections::BTreeSet<String>,
}

/// Reads the manifest, then (once `walk` knows what to skip) every artifact file under `root`.
///
/// The manifest is read first because it says what to exclude; `walk` turns its text into
/// [`WalkOptions`]. Files are read in parallel; the result is sorted by path so the order
/// never depends on the file system.
pub fn load_dir(
    root: &Path,
    walk: impl FnOnce(&SourceFile) -> WalkOptions,
) -> Result<SourceSet, Fatal> {
    if !root.is_dir() {
        return Err(Fatal::new(format!(
            "`{}` is not a directory; point dossier at the folder that holds dossier.yaml",
            root.display()
        )));
    }
    let manifest_path = root.join(MANIFEST);
    if !manifest_path.is_file() {
        return Err(Fatal::new(format!(
            "no dossier.yaml here ({}): a dossier's root folder holds a manifest `dossier.yaml`; \
             create one (see the README) or point dossier at the right folder",
            root.display()
        )));
    }
    let jail = super::confine::jail_for(root)?;
    let manifest = read_file(&jail, &manifest_path, MANIFEST.to_string(), MAX_FILE_BYTES);
    let options = walk(&manifest);

    let mut entries: Vec<Entry> = Vec::new();
    let mut inventory = std::collections::BTreeSet::new();
    let mut excluded = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let rel = err
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(relative_string)
                    .unwrap_or_default();
                entries.push(Entry::Failed(rel, err.to_string()));
                continue;
            }
        };
        let Ok(rel_path) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = relative_string(rel_path);
        if entry.file_type().is_dir() {
            continue;
        }
        if is_skipped(&rel, &options) {
            if is_candidate(&rel) && is_excluded(&rel, &options) {
                excluded.push(rel);
            }
            continue;
        }
        inventory.insert(rel.clone());
        if rel == MANIFEST || !is_candidate(&rel) || options.data.contains(&rel) {
            continue;
        }
        entries.push(Entry::Found(
            entry.path().to_path_buf(),
            rel,
            entry.path_is_symlink(),
            entry.file_type().is_file(),
        ));
    }

    let mut files: Vec<SourceFile> = entries
        .into_par_iter()
        .map(|entry| {
            let (path, rel, link, regular) = match entry {
                Entry::Found(path, rel, link, regular) => (path, rel, link, regular),
                Entry::Failed(rel, err) => {
                    return SourceFile::with_problem(rel, FileProblem::Unreadable(err));
                }
            };
            // The walk follows no link, so an entry that is not one lies inside the root: only
            // links need resolving (a realpath per file is most of the read stage's syscalls).
            if link {
                read_file(&jail, &path, rel, MAX_FILE_BYTES)
            } else if regular {
                // The walk saw a regular file: no `stat` before opening it.
                match confine::read_walked(&path, MAX_FILE_BYTES) {
                    Ok(bytes) => SourceFile::from_bytes(rel, bytes),
                    Err(problem) => SourceFile::with_problem(rel, problem),
                }
            } else {
                match confine::open_regular(&path)
                    .and_then(|file| confine::read_limited(file, MAX_FILE_BYTES))
                {
                    Ok(bytes) => SourceFile::from_bytes(rel, bytes),
                    Err(problem) => SourceFile::with_problem(rel, problem),
                }
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.insert(0, manifest);
    Ok(SourceSet {
        // The folder's name only: a machine's layout never reaches an output, and the same
        // files built from two places give the same bytes.
        root_label: folder_name(root),
        files,
        inventory,
        backing: super::Backing::Dir {
            root: root.to_path_buf(),
            jail,
        },
        history: None,
        provenance: super::Provenance::tool_only(),
        git: None,
        excluded,
    })
}

/// A walked file, or a path the walk could not enter.
enum Entry {
    /// The path, the relative path, whether the entry is a symbolic link, and whether the
    /// walk saw a regular file.
    Found(PathBuf, String, bool, bool),
    Failed(String, String),
}

/// Whether a path names a file dossier reads (YAML artifacts, Markdown with front matter).
pub(super) fn is_candidate(rel: &str) -> bool {
    rel.ends_with(".yaml") || rel.ends_with(".yml") || rel.ends_with(".md")
}

/// Whether the manifest's `exclude` globs cover a path.
pub(super) fn is_excluded(rel: &str, options: &WalkOptions) -> bool {
    options
        .exclude
        .as_ref()
        .is_some_and(|set| set.is_match(rel))
}

/// Whether the manifest's output directory or excludes cover a path.
pub(super) fn is_skipped(rel: &str, options: &WalkOptions) -> bool {
    if let Some(out) = &options.output_dir {
        let out = out.trim_end_matches('/');
        if !out.is_empty() && (rel == out || rel.starts_with(&format!("{out}/"))) {
            return true;
        }
    }
    options
        .exclude
        .as_ref()
        .is_some_and(|set| set.is_match(rel))
}

fn relative_string(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads one file through the jail, refusing anything larger than the limit without
/// reading it.
pub(super) fn read_file(jail: &Jail, path: &Path, rel: String, limit: u64) -> SourceFile {
    match jail.read(path, limit) {
        Ok(bytes) => SourceFile::from_bytes(rel, bytes),
        Err(problem) => SourceFile::with_problem(rel, problem),
    }
}

/// The name of the dossier's folder (`example-dossier`), also when it is given as `.`.
fn folder_name(root: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .as_deref()
        .unwrap_or(root)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dossier".to_string())
}

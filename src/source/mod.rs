//! The source stage: where the dossier's bytes come from.
//!
//! A [`SourceSet`] is every file the later stages read, with its path relative to the dossier
//! root. File 0 is always the manifest `dossier.yaml`. Nothing here writes anything.

pub mod confine;
mod dir;
pub mod git;
mod history;
mod provenance;

pub use dir::{MANIFEST, WalkOptions, load_dir};
pub use history::{Change, FileHistory, Fingerprinter, History, compute_history};
pub use provenance::Provenance;

use crate::model::FileId;

/// Largest artifact file read; anything bigger is reported, not loaded.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Largest data file an artifact references (an SBOM, a VEX document, a catalog, a diagram):
/// an SBOM of a large system runs to tens of megabytes.
pub const MAX_DATA_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be used as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Larger than the limit for its use (bytes).
    TooLarge { size: u64, limit: u64 },
    /// Not valid UTF-8; the byte offset, 1-based line and column of the first bad byte
    /// (the text is still read, with the bad bytes replaced, so its artifacts are checked).
    NotUtf8 {
        offset: usize,
        line: u32,
        column: u32,
    },
    /// A FIFO, socket, device or folder where a file was expected (never opened).
    NotAFile(String),
    /// The operating system refused to read it.
    Unreadable(String),
    /// A symbolic link that resolves outside the dossier root.
    LinkOutside(String),
    /// A Git submodule (its commit); dossier reads only the dossier's own files.
    Submodule(String),
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileProblem::TooLarge { size, limit } => write!(
                f,
                "file is {:.1} MiB, over the limit of {} MiB",
                *size as f64 / (1024.0 * 1024.0),
                limit / (1024 * 1024)
            ),
            FileProblem::NotUtf8 { line, column, .. } => {
                write!(f, "file is not valid UTF-8 (line {line}, column {column})")
            }
            FileProblem::NotAFile(kind) => {
                write!(f, "{kind}, not a regular file: dossier does not open it")
            }
            FileProblem::Unreadable(err) => write!(f, "file cannot be read: {err}"),
            FileProblem::LinkOutside(target) => write!(
                f,
                "symbolic link points outside the dossier or into a hidden folder (to {target}); dossier reads only the dossier's own files"
            ),
            FileProblem::Submodule(commit) => {
                write!(
                    f,
                    "a Git submodule (at commit {commit}); dossier does not read submodules"
                )
            }
        }
    }
}

/// Where the bytes of files that are read on demand (SBOMs, diagrams, templates) come from.
#[derive(Debug, Clone, Default)]
pub enum Backing {
    /// Nowhere: the set was built in memory.
    #[default]
    None,
    /// A folder on disk, read only inside its jail.
    Dir {
        /// The dossier's folder as given.
        root: std::path::PathBuf,
        /// Where reads must stay after symbolic links are resolved.
        jail: confine::Jail,
    },
    /// Blobs of a Git object database, by relative path.
    Git {
        /// The repository's Git directory.
        git_dir: std::path::PathBuf,
        /// Every file of the dossier at the revision read.
        blobs: std::collections::BTreeMap<String, git2::Oid>,
    },
}

impl Backing {
    /// Reads a file of the dossier by relative path. Callers check the inventory first; on
    /// disk the read is also confined (symbolic links resolved inside the jail, regular
    /// files only, at most 64 MiB).
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        match self {
            Backing::None => Err("the dossier's files cannot be read".to_string()),
            Backing::Dir { root, jail } => jail
                .read(&root.join(rel), MAX_DATA_BYTES)
                .map_err(|p| p.to_string()),
            Backing::Git { git_dir, blobs } => {
                let id = blobs
                    .get(rel)
                    .ok_or_else(|| format!("`{rel}` is not a file of the revision"))?;
                let repo = git2::Repository::open(git_dir).map_err(|e| e.message().to_string())?;
                // The size from the object's header, before anything is inflated.
                let (size, _) = repo
                    .odb()
                    .and_then(|odb| odb.read_header(*id))
                    .map_err(|e| e.message().to_string())?;
                if size as u64 > MAX_DATA_BYTES {
                    return Err(FileProblem::TooLarge {
                        size: size as u64,
                        limit: MAX_DATA_BYTES,
                    }
                    .to_string());
                }
                let blob = repo.find_blob(*id).map_err(|e| e.message().to_string())?;
                Ok(blob.content().to_vec())
            }
        }
    }

    /// The jail reads on disk stay inside, when the files come from a folder.
    pub fn jail(&self) -> Option<&confine::Jail> {
        match self {
            Backing::Dir { jail, .. } => Some(jail),
            _ => None,
        }
    }

    /// The folder on disk, when the files come from one.
    pub fn dir(&self) -> Option<&std::path::Path> {
        match self {
            Backing::Dir { root, .. } => Some(root),
            _ => None,
        }
    }
}

/// A path relative to the dossier root in the inventory's form (`/` separators, no `.`
/// or `..` components), or `None` if it is absolute or climbs above the root. Paths like
/// `sbom/../sbom/x.json` that stay inside are accepted.
pub fn normalise(path: &str) -> Option<String> {
    let path = path.trim().replace('\\', "/");
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// One file of the dossier.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the dossier root, with `/` separators.
    pub path: String,
    /// The text (empty when there is a problem; lossy when not UTF-8).
    pub text: String,
    /// Why the text is not usable, if it is not.
    pub problem: Option<FileProblem>,
}

impl SourceFile {
    /// Builds a file from raw bytes, recording invalid UTF-8 as a problem.
    pub fn from_bytes(path: String, bytes: Vec<u8>) -> SourceFile {
        match String::from_utf8(bytes) {
            Ok(text) => SourceFile {
                path,
                text,
                problem: None,
            },
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                let before = &bytes[..offset];
                let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
                let line_start = before
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                // Columns count characters, and the line's start is valid UTF-8.
                let column = String::from_utf8_lossy(&before[line_start..])
                    .chars()
                    .count() as u32
                    + 1;
                SourceFile {
                    path,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    problem: Some(FileProblem::NotUtf8 {
                        offset,
                        line,
                        column,
                    }),
                }
            }
        }
    }

    /// A file that could not be read.
    pub fn with_problem(path: String, problem: FileProblem) -> SourceFile {
        SourceFile {
            path,
            text: String::new(),
            problem: Some(problem),
        }
    }

    /// Whether the file is a Markdown file.
    pub fn is_markdown(&self) -> bool {
        self.path.ends_with(".md")
    }
}

/// Every file of one dossier.
#[derive(Debug, Clone, Default)]
pub struct SourceSet {
    /// How outputs name the dossier: its folder's name (never a path on this machine), or
    /// `REV:path` when it is read from a Git revision.
    pub root_label: String,
    /// The files; index 0 is the manifest.
    pub files: Vec<SourceFile>,
    /// Every file of the dossier (relative paths), artifacts or not: evidence, diagrams,
    /// SBOMs. Rules check that referenced files exist against this list, without IO.
    pub inventory: std::collections::BTreeSet<String>,
    /// Where files loaded later on demand are read from.
    pub backing: Backing,
    /// What version control says about the files, when the dossier is read from Git.
    pub history: Option<History>,
    /// Which state of the dossier this is (commit, tag, dirty) and which tool read it.
    pub provenance: Provenance,
    /// The Git repository the files come from, if any.
    pub git: Option<git::GitOrigin>,
    /// Artifact files the manifest's `exclude` leaves out (drafts): their names only, never
    /// read, so that a link to an ID one of them holds can say where it went.
    pub excluded: Vec<String>,
}

impl SourceSet {
    /// The file with this ID.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// Whether the dossier holds a file at a relative path (`./`, `a/../b` and `\\`
    /// tolerated).
    pub fn has_file(&self, path: &str) -> bool {
        normalise(path).is_some_and(|normal| self.inventory.contains(&normal))
    }

    /// Loads a file that an artifact references (an SBOM, say) into the set, so that
    /// diagnostics can point into it; returns its ID. The path must be in the inventory, so
    /// nothing outside the dossier (or excluded from it) is ever read.
    pub fn load_referenced(&mut self, path: &str) -> Result<FileId, String> {
        let Some(normal) = normalise(path) else {
            return Err(format!(
                "`{}` leads outside the dossier; name a file inside it, relative to dossier.yaml",
                path.trim()
            ));
        };
        if let Some(id) = self.files.iter().position(|f| f.path == normal) {
            return Ok(id);
        }
        if !self.inventory.contains(&normal) {
            return Err(format!("`{normal}` is not a file of the dossier"));
        }
        let file = match &self.backing {
            Backing::Dir { root, jail } => {
                dir::read_file(jail, &root.join(&normal), normal, MAX_DATA_BYTES)
            }
            backing => match backing.read(&normal) {
                Ok(bytes) if bytes.len() as u64 > MAX_DATA_BYTES => SourceFile::with_problem(
                    normal,
                    FileProblem::TooLarge {
                        size: bytes.len() as u64,
                        limit: MAX_DATA_BYTES,
                    },
                ),
                Ok(bytes) => SourceFile::from_bytes(normal, bytes),
                Err(err) => SourceFile::with_problem(normal, FileProblem::Unreadable(err)),
            },
        };
        if let Some(problem) = &file.problem {
            return Err(format!("`{}`: {problem}", file.path));
        }
        self.files.push(file);
        Ok(self.files.len() - 1)
    }

    /// The manifest's ID.
    pub fn manifest(&self) -> FileId {
        0
    }
}

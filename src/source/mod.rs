//! The source stage: where the dossier's bytes come from.
//!
//! A [`SourceSet`] is every file the later stages read, with its path relative to the dossier
//! root. File 0 is always the manifest `dossier.yaml`. Nothing here writes anything.

mod dir;
mod history;

pub use dir::{MANIFEST, WalkOptions, load_dir};
pub use history::{FileHistory, History};

use crate::model::FileId;

/// Largest artifact file read; anything bigger is reported, not loaded.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be used as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// Not valid UTF-8; the byte offset and 1-based line of the first bad byte.
    NotUtf8 { offset: usize, line: u32 },
    /// The operating system refused to read it.
    Unreadable(String),
    /// A symbolic link that resolves outside the dossier root.
    LinkOutside(String),
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
                let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() as u32 + 1;
                SourceFile {
                    path,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    problem: Some(FileProblem::NotUtf8 { offset, line }),
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
    /// How to name the root in messages (the directory as given, or `REV:path`).
    pub root_label: String,
    /// The files; index 0 is the manifest.
    pub files: Vec<SourceFile>,
    /// Every file of the dossier (relative paths), artifacts or not: evidence, diagrams,
    /// SBOMs. Rules check that referenced files exist against this list, without IO.
    pub inventory: std::collections::BTreeSet<String>,
    /// The directory the files were read from, for files loaded later on demand.
    pub root_dir: Option<std::path::PathBuf>,
    /// What version control says about the files, when the dossier is read from Git.
    pub history: Option<History>,
}

impl SourceSet {
    /// The file with this ID.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// Whether the dossier holds a file at a relative path (`./` and `\\` tolerated).
    pub fn has_file(&self, path: &str) -> bool {
        let normal = path.trim().trim_start_matches("./").replace('\\', "/");
        self.inventory.contains(&normal)
    }

    /// Loads a file that an artifact references (an SBOM, say) into the set, so that
    /// diagnostics can point into it; returns its ID. The path must be in the inventory, so
    /// nothing outside the dossier (or excluded from it) is ever read.
    pub fn load_referenced(&mut self, path: &str) -> Result<FileId, String> {
        let normal = path.trim().trim_start_matches("./").replace('\\', "/");
        if let Some(id) = self.files.iter().position(|f| f.path == normal) {
            return Ok(id);
        }
        if !self.inventory.contains(&normal) {
            return Err(format!("`{normal}` is not a file of the dossier"));
        }
        let root = self
            .root_dir
            .as_ref()
            .ok_or("the dossier's files cannot be read")?;
        let file = dir::read_file(&root.join(&normal), normal);
        if let Some(problem) = &file.problem {
            return Err(format!("{problem:?}"));
        }
        self.files.push(file);
        Ok(self.files.len() - 1)
    }

    /// The manifest's ID.
    pub fn manifest(&self) -> FileId {
        0
    }
}

//! Confined reads: every file `dossier` reads from a dossier on disk goes through here.
//!
//! A dossier is untrusted input (a pull request, a cloned repository), so a path in it is
//! only a request. A read is allowed when the path, with every symbolic link resolved, stays
//! inside the jail (the dossier's folder, or the Git working tree that holds it, so a dossier
//! in a subfolder may link to evidence elsewhere in its repository), and names a regular
//! file. FIFOs, sockets and devices are refused before they are opened, so a planted FIFO
//! cannot hang a CI job and `/dev/zero` cannot exhaust memory; the open itself is
//! non-blocking and the type is checked again on the open handle, so a swap between the
//! check and the open is caught too.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::FileProblem;

/// The folder reads must stay inside, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jail {
    root: PathBuf,
}

impl Jail {
    /// A jail at `root` (resolved now; it must exist).
    pub fn new(root: &Path) -> std::io::Result<Jail> {
        Ok(Jail {
            root: root.canonicalize()?,
        })
    }

    /// The resolved folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a resolved path lies inside the jail.
    pub fn holds(&self, resolved: &Path) -> bool {
        resolved.starts_with(&self.root)
    }

    /// Whether a resolved path may be read: inside the jail and not in a hidden file or
    /// folder below its root (the walk skips those, and a link must not reach them either:
    /// `.git/config` can hold a remote's credentials).
    pub fn may_read(&self, resolved: &Path) -> bool {
        resolved.strip_prefix(&self.root).is_ok_and(|inside| {
            !inside
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
    }

    /// Resolves `path` and checks it stays inside and names a regular file; returns the
    /// resolved path.
    pub fn resolve_file(&self, path: &Path) -> Result<PathBuf, FileProblem> {
        let resolved = path.canonicalize().map_err(|e| {
            FileProblem::Unreadable(match e.kind() {
                std::io::ErrorKind::NotFound if path.is_symlink() => {
                    "it is a symbolic link to a file that does not exist".to_string()
                }
                _ => e.to_string(),
            })
        })?;
        if !self.may_read(&resolved) {
            return Err(FileProblem::LinkOutside(resolved.display().to_string()));
        }
        let meta = std::fs::symlink_metadata(&resolved)
            .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
        if let Some(kind) = not_regular(&meta.file_type()) {
            return Err(FileProblem::NotAFile(kind));
        }
        Ok(resolved)
    }

    /// Opens a regular file inside the jail for reading.
    pub fn open(&self, path: &Path) -> Result<std::fs::File, FileProblem> {
        let resolved = self.resolve_file(path)?;
        open_regular(&resolved)
    }

    /// Reads a whole regular file inside the jail, refusing one larger than `limit` bytes
    /// without reading it.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, FileProblem> {
        read_limited(self.open(path)?, limit)
    }
}

/// The jail of a dossier on disk: the Git working tree that holds it, if any (a dossier in a
/// subfolder may link to evidence elsewhere in its repository), else its own folder.
pub fn jail_for(root: &Path) -> Result<Jail, crate::Fatal> {
    let own = Jail::new(root)
        .map_err(|e| crate::Fatal::new(format!("cannot resolve `{}`: {e}", root.display())))?;
    let workdir = git2::Repository::discover(root)
        .ok()
        .and_then(|repo| repo.workdir().and_then(|w| Jail::new(w).ok()));
    Ok(match workdir {
        Some(repo) if repo.holds(own.root()) => repo,
        _ => own,
    })
}

/// Opens a path that must be a regular file (never blocking on a FIFO), wherever it is:
/// for files the user named on the command line.
pub fn open_regular(path: &Path) -> Result<std::fs::File, FileProblem> {
    // Not even opened when it is known not to be a regular file (opening a device can have
    // effects of its own).
    if let Ok(meta) = std::fs::metadata(path)
        && let Some(kind) = not_regular(&meta.file_type())
    {
        return Err(FileProblem::NotAFile(kind));
    }
    open_checked(path).map(|(file, _)| file)
}

/// Opens a path for reading without blocking (a FIFO cannot hang the read) and checks the
/// descriptor's own type: a regular file, with its metadata.
fn open_checked(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), FileProblem> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options
        .open(path)
        .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    let meta = file
        .metadata()
        .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(FileProblem::NotAFile(kind));
    }
    Ok((file, meta))
}

/// Reads a file the walk of the dossier found as a regular file (not a link): opened without
/// blocking and checked again once open (a file swapped for a FIFO or a device since the walk
/// is refused by the descriptor's own type), its size taken from that one `fstat`. Two
/// system calls fewer per file than [`open_regular`] then [`read_limited`], which matters
/// when a dossier has tens of thousands of files.
pub fn read_walked(path: &Path, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let (file, meta) = open_checked(path)?;
    read_sized(file, meta.len(), limit)
}

/// Reads an open file up to `limit` bytes; one byte more is [`FileProblem::TooLarge`].
pub fn read_limited(file: std::fs::File, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    read_sized(file, size, limit)
}

/// Reads an open file of `size` bytes (as `fstat` said) up to `limit` bytes.
fn read_sized(file: std::fs::File, size: u64, limit: u64) -> Result<Vec<u8>, FileProblem> {
    if size > limit {
        return Err(FileProblem::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // One byte past the limit, so a file that grew since `metadata` is still caught.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// What a file type is when it is not a regular file, in words.
fn not_regular(kind: &std::fs::FileType) -> Option<String> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)".into());
        }
        if kind.is_socket() {
            return Some("a socket".into());
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device".into());
        }
    }
    Some("not a regular file".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_refuses_outside_and_special_files() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "key").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sbom")).unwrap();
        std::fs::write(root.join("sbom/x.json"), "{}").unwrap();
        let jail = Jail::new(root).unwrap();
        // A path that leaves and comes back stays inside.
        assert_eq!(
            jail.read(&root.join("sbom/../sbom/x.json"), 10).unwrap(),
            b"{}"
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), root.join("link")).unwrap();
            assert!(matches!(
                jail.read(&root.join("link"), 10),
                Err(FileProblem::LinkOutside(_))
            ));
            std::os::unix::fs::symlink("sbom/x.json", root.join("inside")).unwrap();
            assert_eq!(jail.read(&root.join("inside"), 10).unwrap(), b"{}");
            std::fs::create_dir(root.join(".git")).unwrap();
            std::fs::write(root.join(".git/config"), "token").unwrap();
            std::os::unix::fs::symlink(".git/config", root.join("config.json")).unwrap();
            assert!(matches!(
                jail.read(&root.join("config.json"), 10),
                Err(FileProblem::LinkOutside(_))
            ));
            let fifo = root.join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert!(matches!(
                    jail.read(&fifo, 10),
                    Err(FileProblem::NotAFile(k)) if k.contains("FIFO")
                ));
            }
        }
        assert!(matches!(
            jail.read(&root.join("sbom/x.json"), 1),
            Err(FileProblem::TooLarge { size: 2, limit: 1 })
        ));
        assert!(matches!(
            jail.read(&root.join("sbom"), 10),
            Err(FileProblem::NotAFile(_))
        ));
    }
}

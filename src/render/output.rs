//! The output folder: the one place `build` writes, and the only place it ever replaces or
//! deletes anything.
//!
//! The folder's path comes from the manifest (which a pull request can change) or from
//! `--out` (which the user typed), so before anything is written it is resolved with its
//! symbolic links and refused when it is the dossier itself, holds the dossier, holds any of
//! its inputs, sits in the Git directory, or (for the manifest's `output:`) leads outside the
//! dossier's repository or folder. A folder `dossier` made carries a stamp file; a folder
//! without one is adopted only when it is empty or holds nothing but what `build` writes
//! (the output of a version before the stamp), so a mistyped `--out ~` is refused rather
//! than emptied. Inside it, files are replaced through temporary files with unpredictable
//! names created with `O_EXCL` (never through an existing link), and folders are swapped in
//! whole; nothing is followed through a symbolic link.

use std::path::{Component, Path, PathBuf};

use crate::Fatal;
use crate::source::SourceSet;

/// The stamp file that marks a folder as `build`'s output.
pub const STAMP: &str = ".dossier-output";

const STAMP_TEXT: &str = "This folder is written by `dossier build`, which replaces its \
contents on every build. Keep nothing of your own here.\n";

/// What `build` writes in its output folder; a folder holding only these (and the
/// temporary names they are written under) is an earlier build's output.
const WRITTEN: &[&str] = &[
    "submission.pdf",
    "dossier.json",
    "site",
    "estar",
    "iec-81001-5-1.pdf",
    STAMP,
];

/// An output folder checked and stamped: safe to write into.
#[derive(Debug, Clone)]
pub struct OutputDir {
    path: PathBuf,
}

impl OutputDir {
    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

/// Where the output folder's path came from: the trust it is given depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The manifest's `output:` (untrusted: must stay inside the repository or dossier).
    Manifest,
    /// `--out` on the command line (the user's own choice: may be anywhere that is safe).
    CommandLine,
}

fn refuse(out: &Path, why: impl std::fmt::Display, what_to_do: &str) -> Fatal {
    Fatal::new(format!(
        "will not write the output to `{}`: {why}; {what_to_do}",
        out.display()
    ))
}

/// Resolves `out` with its symbolic links, even when it does not exist yet: the deepest
/// existing ancestor is resolved and the rest appended (a `..` in the rest is refused).
fn resolve(out: &Path) -> Result<PathBuf, Fatal> {
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Fatal::new(format!("cannot read the current folder: {e}")))?
            .join(out)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if std::fs::symlink_metadata(existing).is_ok() {
            break;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().map_err(|e| {
        refuse(
            out,
            format!("`{}` cannot be resolved ({e})", existing.display()),
            "choose another output folder",
        )
    })?;
    for name in rest.iter().rev() {
        if Path::new(name)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(refuse(
                out,
                "the path goes up (`..`) through folders that do not exist",
                "write the output folder's path without `..`",
            ));
        }
        resolved.push(name);
    }
    Ok(resolved)
}

/// Checks the output folder `out` of the dossier in `dossier` (read into `sources`, from the
/// folder or a revision) and makes it ready: created and stamped, or an existing output
/// adopted.
pub fn prepare(
    out: &Path,
    origin: Origin,
    dossier: &Path,
    sources: &SourceSet,
) -> Result<OutputDir, Fatal> {
    // A link is refused, never followed, wherever the path came from: a committed `build`
    // link pointing at the user's home folder is the attack this guards against.
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        let target = std::fs::read_link(out)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Err(refuse(
            out,
            format!(
                "it is a symbolic link (to `{target}`), and dossier does not write through links"
            ),
            "remove the link, or pass --out with a real folder",
        ));
    }
    let resolved = resolve(out)?;
    let jail = match sources.backing.jail() {
        Some(jail) => jail.clone(),
        None => crate::source::confine::jail_for(dossier)?,
    };
    let dossier = dossier
        .canonicalize()
        .map_err(|e| Fatal::new(format!("cannot resolve `{}`: {e}", dossier.display())))?;
    if dossier.starts_with(&resolved) {
        return Err(refuse(
            out,
            if dossier == resolved {
                "it is the dossier's own folder".to_string()
            } else {
                format!("it holds the dossier ({})", dossier.display())
            },
            "write the output to a folder of its own, such as `build` (the default)",
        ));
    }
    if let Some(input) = sources.inventory.iter().find(|rel| {
        // What an earlier build wrote there is output, not input.
        dossier
            .join(rel)
            .strip_prefix(&resolved)
            .is_ok_and(|inside| !is_written(inside))
    }) {
        return Err(refuse(
            out,
            format!("it holds the dossier's input `{input}`"),
            "write the output to a folder of its own, such as `build` (the default)",
        ));
    }
    if origin == Origin::Manifest && !jail.holds(&resolved) {
        return Err(refuse(
            out,
            format!(
                "the manifest's `output:` leads outside the dossier's {} ({})",
                if jail.root() == dossier {
                    "folder"
                } else {
                    "repository"
                },
                jail.root().display()
            ),
            "name a folder inside the dossier in `output:`, or pass --out",
        ));
    }
    if let Some(git) = &sources.git {
        let git_dir = git.git_dir.canonicalize().unwrap_or(git.git_dir.clone());
        if resolved.starts_with(&git_dir) {
            return Err(refuse(
                out,
                "it is inside the Git directory",
                "write the output to a folder of its own",
            ));
        }
    }
    adopt_or_create(out, &resolved)?;
    Ok(OutputDir { path: resolved })
}

/// Creates and stamps the folder, or adopts an existing one that is ours.
fn adopt_or_create(out: &Path, resolved: &Path) -> Result<(), Fatal> {
    match std::fs::symlink_metadata(resolved) {
        Err(_) => {
            std::fs::create_dir_all(resolved)
                .map_err(|e| Fatal::new(format!("cannot create {}: {e}", out.display())))?;
            return stamp(resolved);
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(refuse(
                out,
                "it is a file, not a folder",
                "choose another output folder",
            ));
        }
        Ok(_) => {}
    }
    let stamp_path = resolved.join(STAMP);
    if std::fs::symlink_metadata(&stamp_path).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    let entries = std::fs::read_dir(resolved)
        .map_err(|e| Fatal::new(format!("cannot read {}: {e}", out.display())))?;
    for entry in entries {
        let entry = entry.map_err(|e| Fatal::new(format!("cannot read {}: {e}", out.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().ok();
        let ours = match name.as_str() {
            "site" | "estar" => kind.is_some_and(|k| k.is_dir()),
            "submission.pdf" | "dossier.json" => kind.is_some_and(|k| k.is_file()),
            _ => is_temporary(&name),
        };
        if !ours {
            return Err(refuse(
                out,
                format!(
                    "the folder exists and was not made by dossier (it holds `{name}`, and no \
                     {STAMP} stamp); dossier replaces only what it wrote"
                ),
                "choose a new or empty folder, or remove the folder first if it is an old output",
            ));
        }
    }
    stamp(resolved)
}

/// Whether a path inside the output folder is something `build` writes.
fn is_written(inside: &Path) -> bool {
    let first = inside
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    WRITTEN.contains(&first.as_str()) || is_temporary(&first)
}

/// Whether a name is one of the temporary names `build` writes under (left by a killed build).
/// (`.site.tmpXXXX` now, `.site.tmp-PID` from versions before; `.site.oldXXXX`).
fn is_temporary(name: &str) -> bool {
    WRITTEN
        .iter()
        .any(|w| name.starts_with(&format!(".{w}.tmp")) || name.starts_with(&format!(".{w}.old")))
}

fn stamp(dir: &Path) -> Result<(), Fatal> {
    write_atomic(&dir.join(STAMP), STAMP_TEXT.as_bytes())
}

/// Writes a file atomically: to a new temporary file in the same folder (unpredictable name,
/// created exclusively, so never through an existing link), then renamed over the target
/// (which replaces a link at the target rather than writing through it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cannot = |e: std::io::Error| Fatal::new(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp"))
        .tempfile_in(dir)
        .map_err(cannot)?;
    // The new file keeps the mode of the one it replaces (an approved artifact stays as
    // the user had it); a new output file is readable by all, as `cp` would make it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(cannot)?;
    }
    tmp.write_all(bytes).map_err(cannot)?;
    tmp.as_file().sync_all().map_err(cannot)?;
    tmp.persist(path).map_err(|e| cannot(e.error))?;
    Ok(())
}

/// Removes a file `build` writes (inside a prepared output folder) that this build does not
/// write, so that an output the manifest stopped asking for is not left behind, out of date.
/// A link in its place is removed, never followed; a folder there is left alone.
pub fn remove_written(path: &Path) -> Result<(), Fatal> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_dir() => std::fs::remove_file(path)
            .map_err(|e| Fatal::new(format!("cannot remove {}: {e}", path.display()))),
        _ => Ok(()),
    }
}

/// Replaces the folder `dir` (inside a prepared output folder) with `files` as a whole: they
/// are written into a new temporary folder beside it, which is then swapped in, so a reader
/// never sees half a site, a failed build leaves the previous one in place, and the old
/// folder is removed without following any link inside it.
pub fn replace_dir(dir: &Path, files: &crate::render::site::Files) -> Result<(), Fatal> {
    let parent = dir
        .parent()
        .ok_or_else(|| Fatal::new(format!("{} has no folder", dir.display())))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let cannot = |what: &Path, e: std::io::Error| {
        Fatal::new(format!("cannot write {}: {e}", what.display()))
    };
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp"))
        .tempdir_in(parent)
        .map_err(|e| cannot(parent, e))?;
    let folders: std::collections::BTreeSet<&Path> = files
        .keys()
        .filter_map(|rel| Path::new(rel).parent())
        .collect();
    for folder in folders {
        if folder
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Fatal::new(format!(
                "internal: site path `{}` leaves the site",
                folder.display()
            )));
        }
        let path = tmp.path().join(folder);
        std::fs::create_dir_all(&path).map_err(|e| cannot(&path, e))?;
    }
    // Thousands of small files: written in parallel, which halves the time on 2 cores. Each
    // is created new in a folder made just now, so no name can be a planted link.
    use rayon::prelude::*;
    files.par_iter().try_for_each(|(rel, bytes)| {
        use std::io::Write;
        if Path::new(rel)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Fatal::new(format!(
                "internal: site path `{rel}` leaves the site"
            )));
        }
        let path = tmp.path().join(rel);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| cannot(&path, e))?;
        file.write_all(bytes).map_err(|e| cannot(&path, e))
    })?;
    // The old folder (or a link planted in its place) is moved into a temporary folder that
    // is removed on drop; `remove_dir_all` removes links, never what they point to.
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.old"))
        .tempdir_in(parent)
        .map_err(|e| cannot(parent, e))?;
    let had = std::fs::symlink_metadata(dir).is_ok();
    let parked = old.path().join(&name);
    if had {
        std::fs::rename(dir, &parked).map_err(|e| cannot(dir, e))?;
    }
    let tmp = tmp.keep();
    if let Err(e) = std::fs::rename(&tmp, dir) {
        if had {
            let _ = std::fs::rename(&parked, dir);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(cannot(dir, e));
    }
    drop(old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_temporary(".site.tmpAbC123"));
        assert!(is_temporary(".submission.pdf.tmpXyz"));
        assert!(is_temporary(".site.tmp-4242"));
        assert!(!is_temporary("notes.txt"));
        assert!(!is_temporary(".bashrc"));
    }
}

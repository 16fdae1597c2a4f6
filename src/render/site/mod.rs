//! The auditor's HTML site: a static site beside the PDF that can be opened from a USB stick
//! (`file://`) or served by any static host. One page per artifact with its fields, body,
//! trace up and down, findings and last change; an index per kind; the traceability
//! matrices; the gap report; the rule catalogue; the SBOMs; the 524B mapping; a client-side
//! search.
//!
//! Every page is rendered from the checked dossier into memory first (a map from relative
//! path to bytes, sorted), so the output is deterministic, and the folder is then swapped in
//! whole. Dossier text reaches the templates as data (tera escapes it) or as HTML this
//! module made inert (`html`).

pub mod html;
pub mod mapping;
pub mod pages;
pub mod search;
pub mod templates;

use std::collections::BTreeMap;
use std::path::Path;

use crate::{Checked, Fatal};

/// The site as files: relative path to content.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Renders the whole site of a checked dossier into memory. `model` is the JSON model of
/// the build (`render::data::model`).
pub fn render(checked: &Checked, model: &serde_json::Value) -> Result<Files, Fatal> {
    let tera = templates::engine(&checked.sources)?;
    let mut files = pages::render_all(checked, model, &tera)?;
    for (name, text) in templates::statics(&checked.sources)? {
        files.insert(format!("static/{name}"), text.into_bytes());
    }
    Ok(files)
}

/// Writes the site into `dir` (the `site/` folder of the output) as a whole: into a
/// temporary folder beside it, then swapped in, so a reader never sees half a site and a
/// failed build leaves the previous one in place.
pub fn write(dir: &Path, files: &Files) -> Result<(), Fatal> {
    let parent = dir
        .parent()
        .ok_or_else(|| Fatal::new(format!("{} has no folder", dir.display())))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let cannot = |what: &Path, e: std::io::Error| {
        Fatal::new(format!("cannot write {}: {e}", what.display()))
    };
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| cannot(&tmp, e))?;
    }
    let folders: std::collections::BTreeSet<&Path> = files
        .keys()
        .filter_map(|rel| Path::new(rel).parent())
        .collect();
    std::fs::create_dir_all(&tmp).map_err(|e| cannot(&tmp, e))?;
    for folder in folders {
        let path = tmp.join(folder);
        std::fs::create_dir_all(&path).map_err(|e| cannot(&path, e))?;
    }
    // Thousands of small files: written in parallel, which halves the time on 2 cores.
    use rayon::prelude::*;
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = tmp.join(rel);
        std::fs::write(&path, bytes).map_err(|e| cannot(&path, e))
    })?;
    let had = dir.exists();
    if had {
        std::fs::rename(dir, &old).map_err(|e| cannot(dir, e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, dir) {
        if had {
            let _ = std::fs::rename(&old, dir);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(cannot(dir, e));
    }
    if had {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

//! The render stage: a checked dossier to the submission PDF and the JSON model, written to
//! the output folder atomically.

pub mod data;
pub mod markdown;
pub mod pdf;

use std::path::{Path, PathBuf};

use crate::model::Date;
use crate::{Checked, Fatal};

/// What `build` wrote.
#[derive(Debug, Clone)]
pub struct Built {
    /// The PDF.
    pub pdf: PathBuf,
    /// The JSON model.
    pub json: PathBuf,
}

/// Writes a file atomically: to a temporary file in the same folder, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    let dir = path
        .parent()
        .ok_or_else(|| Fatal::new(format!("{} has no folder", path.display())))?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal::new(format!("cannot create {}: {e}", dir.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)
        .map_err(|e| Fatal::new(format!("cannot write {}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Fatal::new(format!("cannot write {}: {e}", path.display()))
    })
}

/// Renders the PDF and the JSON model of a checked dossier into `out`.
pub fn build(checked: &Checked, out: &Path, date: Date) -> Result<Built, Fatal> {
    let info = data::BuildInfo {
        date,
        source: checked.sources.root_label.clone(),
    };
    let model = data::model(checked, &info);
    let mut json = serde_json::to_vec_pretty(&model)
        .map_err(|e| Fatal::new(format!("cannot encode the model: {e}")))?;
    json.push(b'\n');
    let ident = format!(
        "{}-{}",
        checked
            .config
            .manifest
            .device
            .as_ref()
            .map(|d| d.value.as_str())
            .unwrap_or("dossier"),
        checked
            .config
            .manifest
            .release
            .as_ref()
            .map(|r| r.value.as_str())
            .unwrap_or("")
    );
    let pdf = pdf::render(
        pdf::Inputs {
            data: json.clone(),
            backing: checked.sources.backing.clone(),
            inventory: checked.sources.inventory.clone(),
            date,
        },
        &ident,
    )?;
    let built = Built {
        pdf: out.join("submission.pdf"),
        json: out.join("dossier.json"),
    };
    write_atomic(&built.json, &json)?;
    write_atomic(&built.pdf, &pdf)?;
    Ok(built)
}

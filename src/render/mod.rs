//! The render stage: a checked dossier to the submission PDF and the JSON model, written to
//! the output folder atomically.

pub mod data;
pub mod markdown;
pub mod pdf;
pub mod site;

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
    /// The HTML site's folder.
    pub site: PathBuf,
    /// How long each render stage took (for `build --timings` and the benchmarks).
    pub timings: Vec<(&'static str, std::time::Duration)>,
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

/// The JSON model of a checked dossier built at `date`.
fn model_of(checked: &Checked, date: Date) -> serde_json::Value {
    let info = data::BuildInfo {
        date,
        source: checked.sources.root_label.clone(),
    };
    data::model(checked, &info)
}

/// Renders only the HTML site of a checked dossier, in memory (for `dossier serve`).
pub fn site_only(checked: &Checked, date: Date) -> Result<site::Files, Fatal> {
    site::render(checked, &model_of(checked, date))
}

/// Renders the PDF, the HTML site and the JSON model of a checked dossier into `out`.
pub fn build(checked: &Checked, out: &Path, date: Date) -> Result<Built, Fatal> {
    let mut lap = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut time = |stage: &'static str| {
        timings.push((stage, lap.elapsed()));
        lap = std::time::Instant::now();
    };
    let model = model_of(checked, date);
    let mut json = serde_json::to_vec_pretty(&model)
        .map_err(|e| Fatal::new(format!("cannot encode the model: {e}")))?;
    json.push(b'\n');
    time("model");
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
    time("pdf");
    let site = site::render(checked, &model)?;
    time("site");
    let (pdf_path, json_path, site_path) = (
        out.join("submission.pdf"),
        out.join("dossier.json"),
        out.join("site"),
    );
    write_atomic(&json_path, &json)?;
    write_atomic(&pdf_path, &pdf)?;
    site::write(&site_path, &site)?;
    time("write");
    Ok(Built {
        pdf: pdf_path,
        json: json_path,
        site: site_path,
        timings,
    })
}

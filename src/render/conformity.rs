//! The conformity views' PDFs: each view the manifest asks for (`conformity:`), laid out by
//! its own typst template (`templates/typst/<view>.typ`) over its own model, in the same
//! world as the submission: the same fonts, the same document date, the same look. The
//! model is the template's contract, serialised with its keys in a fixed order, so the same
//! dossier gives the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::pdf;
use crate::config::ConformityView;
use crate::conformity::View;
use crate::model::Date;
use crate::{Checked, Fatal};

/// What a conformity view's template reads (`data` in the template).
#[derive(Serialize)]
struct ConformityModel<'a> {
    tool: Tool,
    /// The document date.
    date: String,
    /// Where the dossier was read from, in one line, and its commit (short), when Git.
    provenance: String,
    commit: Option<String>,
    dirty: bool,
    device: DeviceInfo,
    /// The release being submitted, from the manifest.
    release: Option<String>,
    /// The submission document this view accompanies (its number and revision).
    document: DocumentRef,
    view: &'a View,
    /// Every artifact the view names as evidence, by ID: the PDF's evidence register, where
    /// the table's IDs lead.
    register: Vec<RegisterEntry>,
}

/// The tool that built the document.
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The device the view is about.
#[derive(Serialize)]
struct DeviceInfo {
    id: Option<String>,
    name: Option<String>,
    model: Option<String>,
    manufacturer: Option<String>,
}

/// The submission document's control data.
#[derive(Serialize)]
struct DocumentRef {
    title: String,
    number: Option<String>,
    revision: Option<String>,
}

/// An artifact named as evidence.
#[derive(Serialize)]
struct RegisterEntry {
    id: String,
    kind: &'static str,
    title: String,
    revision: Option<String>,
    status: &'static str,
    /// The clauses that name it.
    clauses: Vec<&'static str>,
}

/// The model of one view.
fn model<'a>(checked: &Checked, view: &'a View, date: Date) -> ConformityModel<'a> {
    let text = |v: &Option<crate::model::Spanned<String>>| v.as_ref().map(|s| s.value.clone());
    let device = checked.device();
    let provenance = &checked.sources.provenance;
    let document = checked.config.manifest.document.clone().unwrap_or_default();
    let mut register: BTreeMap<(String, usize), RegisterEntry> = BTreeMap::new();
    for row in &view.rows {
        for item in row.evidence.iter().flat_map(|g| &g.items) {
            let a = &checked.artifacts[item.index];
            let entry = register
                .entry((item.id.clone(), item.index))
                .or_insert_with(|| RegisterEntry {
                    id: item.id.clone(),
                    kind: crate::model::labels::label("kind", a.kind().as_str()),
                    title: a.envelope.title.value.clone(),
                    revision: a.envelope.revision.as_ref().map(|r| r.value.clone()),
                    status: a.envelope.status.value.label(),
                    clauses: Vec::new(),
                });
            if !entry.clauses.contains(&row.number) {
                entry.clauses.push(row.number);
            }
        }
    }
    ConformityModel {
        tool: Tool {
            name: "dossier",
            version: env!("CARGO_PKG_VERSION"),
        },
        date: date.to_string(),
        provenance: provenance.summary(),
        commit: provenance.short.clone(),
        dirty: provenance.dirty == Some(true),
        device: DeviceInfo {
            id: checked
                .config
                .manifest
                .device
                .as_ref()
                .map(|d| d.value.trim().to_string()),
            name: device.map(|d| d.name.value.clone()),
            model: device.and_then(|d| text(&d.model)),
            manufacturer: device.and_then(|d| text(&d.manufacturer)),
        },
        release: checked.release().map(str::to_string),
        document: DocumentRef {
            title: text(&document.title)
                .unwrap_or_else(|| "Premarket cybersecurity documentation".into()),
            number: text(&document.number),
            revision: text(&document.revision),
        },
        view,
        register: register.into_values().collect(),
    }
}

/// A view's PDF, and what the typesetting changed (characters shown as escapes).
pub struct Rendered {
    /// The view.
    pub view: ConformityView,
    /// The PDF/A-3b bytes.
    pub pdf: Vec<u8>,
    /// Characters no font draws, or unprintable ones, that the PDF shows as escapes.
    pub changed: pdf::Typesettable,
}

/// Lays out and exports the PDF of each view the manifest asks for. `inputs` are the
/// submission's (fonts, dossier files, date); each view gets its own model.
pub fn render_all(
    checked: &Checked,
    inputs: &pdf::Inputs,
    ident: &str,
    date: Date,
) -> Result<Vec<Rendered>, Fatal> {
    let mut out = Vec::new();
    for &view in &checked.config.conformity {
        let computed = crate::conformity::compute(checked, view);
        let mut value = serde_json::to_value(model(checked, &computed, date))
            .map_err(|e| Fatal::new(format!("cannot encode the {} model: {e}", view.as_str())))?;
        let changed = pdf::typesettable(&mut value, &inputs.fonts);
        let data = serde_json::to_vec(&value)
            .map_err(|e| Fatal::new(format!("cannot encode the {} model: {e}", view.as_str())))?;
        let mut view_inputs = inputs.clone();
        view_inputs.data = std::sync::Arc::new(data);
        view_inputs.part = b"null".to_vec();
        view_inputs.aliases = changed.aliases.clone();
        let laid = pdf::lay_out_template(view_inputs, &format!("{}.typ", view.as_str()))?;
        let bytes = laid.export(&laid.document, &format!("{ident}-{}", view.as_str()), true)?;
        out.push(Rendered {
            view,
            pdf: bytes,
            changed,
        });
    }
    Ok(out)
}

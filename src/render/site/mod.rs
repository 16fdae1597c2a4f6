//! The auditor's HTML site: a static site beside the PDF that can be opened from a USB stick
//! (`file://`) or served by any static host. One page per artifact with its fields, body,
//! trace up and down, findings and last change; an index per kind; the traceability
//! matrices; the gap report; the rule catalogue; the SBOMs; the 524B mapping; the
//! conformity views the manifest asks for; a client-side search.
//!
//! Every page is rendered from the checked dossier into memory first (a map from relative
//! path to bytes, sorted), so the output is deterministic, and the folder is then swapped in
//! whole. Dossier text reaches the templates as data (tera escapes it) or as HTML this
//! module made inert (`html`).

pub mod conformity;
pub mod html;
pub mod mapping;
pub mod names;
pub mod pages;
pub mod search;
pub mod templates;

/// How many changes an artifact page lists (newest first); `build` asks the check to keep
/// that many per artifact.
pub const CHANGES_PER_PAGE: usize = 30;

use std::collections::BTreeMap;

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

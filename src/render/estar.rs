//! The eSTAR attachment pack: the submission cut into the files FDA's eSTAR form uploads.
//!
//! A 510(k) goes to FDA through the eSTAR form, whose cybersecurity section takes separate
//! attachments (the security risk management report, the threat model, the SBOM...). `build`
//! writes `estar/`: one PDF/A per slot, each carrying the sections of the submission that
//! answer it under a cover line of its own; the SBOM and VEX files and original reports
//! beside them; and an answer sheet with what the form asks (the cyber-device
//! determination, the previous authorization, the electronic interfaces) and the list of
//! attachments. The slots are data (`templates/estar/slots.yaml`, with its sources), so the
//! pack follows the form when FDA revises it.

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

use super::pdf;
use super::site::Files;
use crate::Fatal;

/// The slot list, embedded.
const SLOTS: &str = include_str!("../../templates/estar/slots.yaml");

/// One attachment slot of the form.
#[derive(Debug, Clone, Deserialize)]
pub struct Slot {
    /// File name stem (`threat-model`).
    pub key: String,
    /// The attachment's title.
    pub title: String,
    /// What the form asks, in its words.
    pub estar: String,
    /// The guidance it answers.
    pub guidance: String,
    /// Whether two independent sources agree on the form's wording.
    pub verified: bool,
    /// The submission's sections it carries (template keys).
    pub sections: Vec<String>,
    /// Evidence files it takes along: `sbom` (SBOM and VEX files), `reports`.
    #[serde(default)]
    pub files: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SlotFile {
    slots: Vec<Slot>,
}

/// The slots of the form, in order.
pub fn slots() -> Result<Vec<Slot>, Fatal> {
    serde_saphyr::from_str::<SlotFile>(SLOTS)
        .map(|f| f.slots)
        .map_err(|e| Fatal::new(format!("templates/estar/slots.yaml: {e}")))
}

/// Whether an attachment (an entry of the model's `attachments`) goes with a slot.
fn carries(slot: &Slot, attachment: &Value) -> bool {
    let class = attachment["class"].as_str().unwrap_or_default();
    slot.files.iter().any(|f| match f.as_str() {
        "sbom" => class == "sbom" || class == "vex",
        "reports" => class == "report",
        _ => false,
    })
}

/// The file an attachment has in the pack: `sbom/` or `reports/` and its PDF name.
fn pack_path(attachment: &Value) -> String {
    let folder = if attachment["class"] == "report" {
        "reports"
    } else {
        "sbom"
    };
    format!(
        "{folder}/{}",
        attachment["name"].as_str().unwrap_or_default()
    )
}

/// Renders the pack from the inputs of the submission PDF (the same model bytes, another
/// part) and the model's `attachments`: every PDF, and the evidence files. `artifacts`
/// decides whether two attachments are laid out at a time. Paths are relative to `estar/`.
pub fn render(
    attachments: &[Value],
    artifacts: usize,
    base: &pdf::Inputs,
    ident: &str,
    backing: &crate::source::Backing,
) -> Result<Files, Fatal> {
    let slots = slots()?;
    let file_of = |n: usize, key: &str| format!("{n:02}-{key}.pdf");
    let listed: Vec<Value> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "number": i + 1,
                "title": s.title,
                "file": file_of(i + 1, &s.key),
                "files": attachments.iter().filter(|a| carries(s, a)).map(pack_path).collect::<Vec<_>>(),
                "estar": s.estar,
                "verified": s.verified,
            })
        })
        .collect();
    // The answer sheet is part 0; the slots follow in the form's order.
    let mut parts: Vec<(String, Value, Vec<Value>)> = vec![(
        file_of(0, "answer-sheet"),
        json!({
            "number": 0, "of": slots.len(), "title": "Answer sheet",
            "sections": ["answers"], "slots": listed,
        }),
        Vec::new(),
    )];
    for (i, s) in slots.iter().enumerate() {
        parts.push((
            file_of(i + 1, &s.key),
            json!({
                "number": i + 1, "of": slots.len(), "title": s.title, "estar": s.estar,
                "guidance": s.guidance, "sections": s.sections,
            }),
            attachments
                .iter()
                .filter(|a| carries(s, a))
                .cloned()
                .collect(),
        ));
    }
    let render_part = |(file, mut part, attached): (String, Value, Vec<Value>)| {
        part["attachments"] = Value::Array(attached);
        let part = serde_json::to_vec(&part)
            .map_err(|e| Fatal::new(format!("cannot encode the part: {e}")))?;
        let inputs = pdf::Inputs {
            part,
            ..base.clone()
        };
        let bytes = pdf::render(inputs, &format!("{ident}-estar-{file}"))
            .map_err(|e| Fatal::new(format!("estar/{file}: {}", e.message)))?;
        Ok((file, bytes))
    };
    // Two attachments at a time while the dossier is small; one at a time for a large one,
    // whose layout alone takes most of the memory the build may use.
    let large = artifacts > 2_000;
    let rendered: Vec<Result<(String, Vec<u8>), Fatal>> = if large {
        parts.into_iter().map(render_part).collect()
    } else {
        parts.into_par_iter().map(render_part).collect()
    };
    let mut files = Files::new();
    for r in rendered {
        let (name, bytes) = r?;
        files.insert(name, bytes);
    }
    for a in attachments {
        if slots.iter().any(|s| carries(s, a)) {
            // The path as printed, back to the file it names.
            let shown = a["path"].as_str().unwrap_or_default();
            let path = base.aliases.get(shown).map_or(shown, String::as_str);
            if let Ok(bytes) = backing.read(path) {
                files.insert(pack_path(a), bytes);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slot_file_reads_and_names_known_sections() {
        let slots = slots().expect("slots.yaml reads");
        assert!(slots.len() >= 10);
        let keys = [
            "s1", "s2", "s3", "s3.1", "s3.2", "s3.3", "s3.4", "s3.5", "s3.6", "s3.7", "s3.8",
            "s3.9", "s4", "s4.1", "s4.2", "s4.3", "s4.4", "s5", "s5.1", "s5.2", "s5.3", "s6", "s7",
            "s8", "s9", "s10", "appA", "appB",
        ];
        let template = include_str!("../../templates/typst/submission.typ");
        for key in keys {
            assert!(
                template.contains(&format!("shows(\"{key}\")")),
                "{key} in the template"
            );
        }
        for s in &slots {
            for section in &s.sections {
                assert!(keys.contains(&section.as_str()), "{}: {section}", s.key);
            }
            for f in &s.files {
                assert!(["sbom", "reports"].contains(&f.as_str()), "{}: {f}", s.key);
            }
        }
    }
}

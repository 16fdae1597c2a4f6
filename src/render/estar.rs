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

use typst::foundations::{Label, NativeElement, Selector, Value as TypstValue};
use typst::introspection::{Introspector, MetadataElem};
use typst::model::{Destination, Document, DocumentInfo, HeadingElem};
use typst_layout::{Page, PagedDocument};

use super::cut::{self, Margins, Mark, Stretch};
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

/// A section of the laid-out submission: its key (the heading's label), number, title and
/// where its heading starts.
#[derive(Debug, Clone)]
struct Section {
    key: String,
    number: String,
    title: String,
    at: Mark,
}

/// Whether a label names a section the slots can carry (`s3.2`, `appA`).
fn is_section_key(label: &str) -> bool {
    if let Some(rest) = label.strip_prefix("app") {
        return rest.len() == 1 && rest.chars().all(|c| c.is_ascii_uppercase());
    }
    label.strip_prefix('s').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The labelled section headings of the submission, in document order.
fn sections(document: &PagedDocument) -> Vec<Section> {
    let introspector = document.introspector();
    let mut out = Vec::new();
    for elem in introspector.query(&HeadingElem::ELEM.select()) {
        let Some(label) = elem.label() else { continue };
        let key = label.resolve().to_string();
        if !is_section_key(&key) {
            continue;
        }
        let (Some(heading), Some(at)) = (
            elem.to_packed::<HeadingElem>(),
            elem.location().and_then(|l| introspector.position(l)),
        ) else {
            continue;
        };
        let number = heading
            .numbers
            .as_ref()
            .map(|n| n.trim_end_matches('.').to_string())
            .unwrap_or_default();
        out.push(Section {
            key,
            number,
            title: heading.body.plain_text().to_string(),
            at: Mark {
                page: at.page.get() - 1,
                y: at.point.y,
            },
        });
    }
    out
}

/// The page margins the template declares (`#metadata((top: .., bottom: ..))
/// <dossier-page-margins>`): what lies outside them on a page is its header and footer.
fn margins(document: &PagedDocument) -> Result<Margins, Fatal> {
    let missing = || {
        Fatal::new(
            "the PDF template does not declare its page margins: the eSTAR attachments are cut \
             from the submission's pages and need them. Add `#metadata((top: 2.4cm, bottom: \
             2cm)) <dossier-page-margins>` with the margins of its `#set page(..)`",
        )
    };
    let found = document
        .introspector()
        .query_label(Label::construct("dossier-page-margins".into()).map_err(|_| missing())?)
        .map_err(|_| missing())?;
    let value = found
        .to_packed::<MetadataElem>()
        .map(|m| m.value.clone())
        .ok_or_else(missing)?;
    let TypstValue::Dict(dict) = value else {
        return Err(missing());
    };
    let length = |key: &str| match dict.get(key) {
        Ok(TypstValue::Length(l)) if l.em == typst::layout::Em::zero() => Ok(l.abs),
        _ => Err(missing()),
    };
    Ok(Margins {
        top: length("top")?,
        bottom: length("bottom")?,
    })
}

/// Where a section ends: where the next section that is not part of it starts.
fn stretch_of(sections: &[Section], index: usize) -> Stretch {
    let key = &sections[index].key;
    let inside = format!("{key}.");
    let to = sections[index + 1..]
        .iter()
        .find(|s| !s.key.starts_with(&inside))
        .map(|s| s.at);
    Stretch {
        from: sections[index].at,
        to,
    }
}

/// "5", "5–7": the printed page numbers of a run of the submission's pages.
fn pages_label(pages: &[Page], (first, last): (usize, usize)) -> String {
    let number = |i: usize| pages.get(i).map_or(i as u64 + 1, |p| p.number);
    if first == last {
        format!("{}", number(first))
    } else {
        format!("{}\u{2013}{}", number(first), number(last))
    }
}

/// A document of `pages` under `title`, with the links into pages it does not carry dropped.
fn document_of(pages: Vec<Page>, info: &DocumentInfo, title: String) -> PagedDocument {
    let mut info = info.clone();
    info.title = Some(title.into());
    let draft = PagedDocument::new(pages.into_iter().collect(), info.clone());
    let introspector = draft.introspector().clone();
    let keep = |dest: &Destination| match dest {
        Destination::Url(_) => true,
        Destination::Location(loc) => introspector.position(*loc).is_some(),
        // A position is a page of the document the frames were laid out in.
        Destination::Position(_) => false,
    };
    let pages = draft
        .pages()
        .iter()
        .map(|p| Page {
            frame: cut::drop_links(&p.frame, &keep),
            ..p.clone()
        })
        .collect();
    PagedDocument::new(pages, info)
}

/// Renders the pack from the laid-out submission (`submission`, laid out from `base`) and
/// the model's `attachments`: the covers and the answer sheet are laid out once from the
/// same model bytes, and every attachment is its cover followed by the submission's pages
/// that carry its sections. Paths are relative to `estar/`.
pub fn render(
    attachments: &[Value],
    submission: &pdf::Laid,
    base: &pdf::Inputs,
    ident: &str,
    backing: &crate::source::Backing,
) -> Result<Files, Fatal> {
    let slots = slots()?;
    let pages = submission.document.pages();
    let sections = sections(&submission.document);
    let margins = margins(&submission.document)?;
    let file_of = |n: usize, key: &str| format!("{n:02}-{key}.pdf");
    // The evidence files each slot takes along, as the pack names them.
    let files_of: Vec<Vec<String>> = slots
        .iter()
        .map(|s| {
            attachments
                .iter()
                .filter(|a| carries(s, a))
                .map(pack_path)
                .collect()
        })
        .collect();
    // Each slot: its sections as printed on the cover, and the runs of pages it carries.
    let mut runs: Vec<Vec<Stretch>> = Vec::new();
    let mut covers = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let mut carried = Vec::new();
        let mut stretches = Vec::new();
        for (index, section) in sections.iter().enumerate() {
            if !slot.sections.contains(&section.key) {
                continue;
            }
            let stretch = stretch_of(&sections, index);
            // As a reader cites it: "§3.2", "Appendix A".
            let cited = if section.key.starts_with("app") {
                format!("Appendix {}", section.number)
            } else {
                format!("\u{a7}{}", section.number)
            };
            carried.push(json!({
                "number": cited,
                "title": section.title,
                "pages": pages_label(pages, cut::page_range(&stretch, margins, pages.len())),
            }));
            stretches.push(stretch);
        }
        runs.push(cut::merge(stretches));
        covers.push(json!({
            "number": i + 1,
            "of": slots.len(),
            "title": slot.title,
            "estar": slot.estar,
            "guidance": slot.guidance,
            "sections": carried,
            "files": files_of[i],
        }));
    }
    let listed: Vec<Value> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "number": i + 1,
                "title": s.title,
                "file": file_of(i + 1, &s.key),
                "files": files_of[i],
                "estar": s.estar,
                "verified": s.verified,
            })
        })
        .collect();
    let part = serde_json::to_vec(&json!({"covers": covers, "slots": listed}))
        .map_err(|e| Fatal::new(format!("cannot encode the covers: {e}")))?;
    let front = pdf::lay_out(pdf::Inputs {
        part,
        ..base.clone()
    })?;
    // The covers come first, one run of pages each, then the answer sheet.
    let starts = |name: &str| -> Vec<usize> {
        Label::construct(name.into())
            .map(|label| {
                front
                    .document
                    .introspector()
                    .query(&Selector::Label(label))
                    .iter()
                    .filter_map(|e| e.location())
                    .filter_map(|l| front.document.introspector().position(l))
                    .map(|p| p.page.get() - 1)
                    .collect()
            })
            .unwrap_or_default()
    };
    let cover_starts = starts("estar-cover");
    let answers = starts("estar-answers").first().copied().ok_or_else(|| {
        Fatal::new("the PDF template laid out no eSTAR answer sheet (`<estar-answers>`)")
    })?;
    if cover_starts.len() != slots.len() {
        return Err(Fatal::new(format!(
            "the PDF template laid out {} eSTAR covers (`<estar-cover>`) for {} slots",
            cover_starts.len(),
            slots.len()
        )));
    }
    let front_pages = front.document.pages();
    let info = front.document.info().clone();
    let title_of = |what: &str| {
        let base = info.title.as_deref().unwrap_or("dossier");
        format!("{base}: {what}")
    };
    let mut jobs: Vec<(String, Vec<Page>, String)> = vec![(
        file_of(0, "answer-sheet"),
        front_pages[answers..].to_vec(),
        title_of("eSTAR answer sheet"),
    )];
    for (i, slot) in slots.iter().enumerate() {
        let end = cover_starts.get(i + 1).copied().unwrap_or(answers);
        let mut attachment: Vec<Page> = front_pages[cover_starts[i]..end]
            .iter()
            .map(|p| Page {
                frame: cut::drop_tags(&p.frame),
                ..p.clone()
            })
            .collect();
        for stretch in &runs[i] {
            attachment.extend(cut::cut(stretch, margins, pages));
        }
        jobs.push((
            file_of(i + 1, &slot.key),
            attachment,
            title_of(&format!(
                "eSTAR attachment {}, {}",
                i + 1,
                slot.title.to_lowercase()
            )),
        ));
    }
    let rendered: Vec<Result<(String, Vec<u8>), Fatal>> = jobs
        .into_par_iter()
        .map(|(file, pages, title)| {
            let document = document_of(pages, &info, title);
            let bytes = submission
                .export(&document, &format!("{ident}-estar-{file}"), false)
                .map_err(|e| Fatal::new(format!("estar/{file}: {}", e.message)))?;
            Ok((file, bytes))
        })
        .collect();
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
            "s8", "s9", "s10", "appA", "appB", "appC", "appD", "appE",
        ];
        let template = include_str!("../../templates/typst/submission.typ");
        for key in keys {
            assert!(is_section_key(key), "{key}");
            assert!(
                template.contains(&format!(" <{key}>\n")),
                "a heading labelled {key} in the template"
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

    #[test]
    fn section_keys_are_told_from_other_labels() {
        for key in ["s1", "s3.2", "s10", "appA", "appE", "s3.2.1"] {
            assert!(is_section_key(key), "{key}");
        }
        for label in [
            "art-THR-001",
            "sec-x",
            "s",
            "s3.",
            "s.3",
            "app",
            "appAB",
            "appa",
            "s3a",
        ] {
            assert!(!is_section_key(label), "{label}");
        }
    }
}

//! The render stage: a checked dossier to the submission PDF and the JSON model, written to
//! the output folder atomically.

pub mod budget;
pub mod conformity;
pub mod cut;
pub mod data;
pub mod estar;
pub mod gaps;
pub mod markdown;
pub mod media;
pub mod output;
pub mod pdf;
pub mod refs;
pub mod relayout;
pub mod site;
pub mod statements;
pub mod trace;

use std::path::PathBuf;

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
    /// The eSTAR attachment pack (`estar/`).
    pub estar: PathBuf,
    /// The conformity views' PDFs the manifest asks for (`conformity:`).
    pub conformity: Vec<PathBuf>,
    /// Why the eSTAR pack holds only a note: a dossier's own template that does not mark
    /// its sections and margins the way the pack is cut (`None`: the pack was written).
    pub estar_skipped: Option<String>,
    /// Characters the PDF shows as escapes (no font draws them, or they are unprintable),
    /// each with the first dossier file and line that holds it.
    pub escaped: Vec<(char, Option<(String, u32)>)>,
    /// Images the PDF leaves out because typst cannot decode them, with why.
    pub undecodable: Vec<(String, String)>,
    /// Fonts of the dossier's `fonts:` folder that could not be used.
    pub font_problems: Vec<String>,
    /// How long each render stage took (for `build --timings` and the benchmarks).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The memory estimate the build was held to, its budget (MiB) and the typeset model's
    /// size in bytes it was made from (for `build --timings` and the benchmarks).
    pub memory: (u64, u64, usize),
}

pub use output::write_atomic;

/// The JSON model of a checked dossier built at `date`.
fn model_of(checked: &Checked, date: Date) -> serde_json::Value {
    let info = data::BuildInfo {
        date,
        source: checked.sources.root_label.clone(),
    };
    data::model(checked, &info)
}

/// The first dossier file and line that holds a character: where it is written, else (when
/// it is written as an escape such as YAML's `\u…`) the artifact whose value holds it.
fn first_place(checked: &Checked, c: char) -> Option<(String, u32)> {
    let written = checked.sources.files.iter().find_map(|file| {
        let at = file.text.find(c)?;
        let line = file.text[..at].matches('\n').count() as u32 + 1;
        Some((file.path.clone(), line))
    });
    written.or_else(|| {
        checked.artifacts.iter().find_map(|a| {
            let text = serde_json::to_string(a).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            let mut stack = vec![&value];
            while let Some(v) = stack.pop() {
                match v {
                    serde_json::Value::String(s) if s.contains(c) => {
                        return Some((checked.sources.file(a.file).path.clone(), a.span.line));
                    }
                    serde_json::Value::Array(items) => stack.extend(items),
                    serde_json::Value::Object(map) => stack.extend(map.values()),
                    _ => {}
                }
            }
            None
        })
    })
}

/// Leaves out of the typeset model what the template does not print: each artifact's
/// `links_in` and `links_out` (the same links are in its own fields, and the matrices come
/// from `trace`). `dossier.json` keeps them. On 10,000 artifacts this is a tenth of the
/// layout's memory, since typst holds the model as its own values.
fn slim(model: &mut serde_json::Value) {
    if let Some(kinds) = model
        .get_mut("artifacts")
        .and_then(serde_json::Value::as_object_mut)
    {
        for list in kinds.values_mut() {
            for a in list.as_array_mut().into_iter().flatten() {
                if let Some(a) = a.as_object_mut() {
                    a.remove("links_in");
                    a.remove("links_out");
                }
            }
        }
    }
}

/// Renders only the HTML site of a checked dossier, in memory (for `dossier serve`).
pub fn site_only(checked: &Checked, date: Date) -> Result<site::Files, Fatal> {
    site::render(checked, &model_of(checked, date))
}

/// Renders the PDF, the HTML site and the JSON model of a checked dossier into `out`, an
/// output folder [`output::prepare`] checked. `memory_budget` (MiB) overrides the manifest's
/// `memory_budget_mb`; a build estimated over its budget stops before layout, writing nothing.
pub fn build(
    checked: &Checked,
    out: &output::OutputDir,
    date: Date,
    memory_budget: Option<u64>,
) -> Result<Built, Fatal> {
    let mut lap = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut time = |stage: &'static str| {
        timings.push((stage, lap.elapsed()));
        lap = std::time::Instant::now();
    };
    crate::progress::stage("building the model");
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
    let folder = checked
        .config
        .manifest
        .fonts
        .as_ref()
        .map(|f| f.value.as_str());
    let (fonts, font_problems) = pdf::fonts(&checked.sources, folder);
    // The model goes once it is written out as JSON; the site computes it again after the
    // PDFs, so that a large dossier's layout does not share the memory with it.
    let mut typeset = model;
    let undecodable = pdf::undecodable_images(checked);
    if let Some(files) = typeset.get_mut("files").and_then(|f| f.as_array_mut()) {
        files.retain(|f| !undecodable.iter().any(|(rel, _)| f.as_str() == Some(rel)));
    }
    let changed = pdf::typesettable(&mut typeset, &fonts);
    slim(&mut typeset);
    let per_rule = checked
        .config
        .manifest
        .document
        .as_ref()
        .and_then(|d| d.findings_per_rule.as_ref())
        .map_or(gaps::DEFAULT_PER_RULE, |n| n.value as usize);
    if let Some(model) = typeset.as_object_mut() {
        // The PDF prints the bounded, grouped gap report; dossier.json and the site keep
        // every finding.
        let findings = model.remove("findings").unwrap_or_default();
        let report = gaps::report(findings.as_array().map_or(&[], Vec::as_slice), per_rule);
        model.insert(
            "gap_report".to_string(),
            serde_json::to_value(report).unwrap_or_default(),
        );
    }
    // As the attachments print them (escaped); `changed.aliases` leads back to the files.
    let attachments: Vec<serde_json::Value> = typeset["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    crate::progress::stage("laying out the PDF");
    let inputs = pdf::Inputs {
        data: std::sync::Arc::new(
            serde_json::to_vec(&typeset)
                .map_err(|e| Fatal::new(format!("cannot encode the model: {e}")))?,
        ),
        part: b"null".to_vec(),
        backing: checked.sources.backing.clone(),
        inventory: checked.sources.inventory.clone(),
        date,
        fonts,
        aliases: changed.aliases.clone(),
    };
    drop(typeset);
    let inputs_bytes = inputs.data.len();
    let estimate = budget::estimate_mb(
        checked.artifacts.len(),
        inputs_bytes,
        checked.diagnostics.len(),
    );
    let budget_mb = memory_budget
        .or(checked
            .config
            .manifest
            .memory_budget_mb
            .as_ref()
            .map(|b| b.value))
        .unwrap_or(budget::DEFAULT_MB);
    if let Some(why) = budget::over_budget(estimate, budget_mb, checked.artifacts.len()) {
        return Err(Fatal::new(why));
    }
    let laid = pdf::lay_out(inputs.clone())?;
    let pdf = laid.export(&laid.document, &ident, true)?;
    time("pdf");
    crate::progress::stage("cutting the eSTAR attachments");
    let cut = estar::render(
        &attachments,
        &laid,
        &inputs,
        &ident,
        &checked.sources.backing,
    );
    // The embedded template always marks its sections, so a failure there is a fault; a
    // dossier's own template may not, and then its submission still builds, with a note in
    // `estar/` that says what the pack needs.
    let own_template = checked
        .sources
        .inventory
        .contains("templates/typst/submission.typ");
    let (estar, estar_skipped) = match cut {
        Ok(files) => (files, None),
        Err(e) if own_template => {
            let note = format!(
                "The eSTAR attachment pack was not written: {}\n\nThe pack is cut from the \
                 submission's pages: the template labels each section heading with its key \
                 (`= Threat model <s3.2>`, as templates/estar/slots.yaml names them), declares \
                 its page margins (`#metadata((top: .., bottom: ..)) <dossier-page-margins>`) \
                 and, given `/.dossier/part.json`, lays out the covers (`<estar-cover>`) and \
                 the answer sheet (`<estar-answers>`). The embedded template \
                 (templates/typst/submission.typ in dossier's source) does each of these.\n",
                e.message
            );
            let mut files = site::Files::new();
            files.insert("NOT-WRITTEN.txt".to_string(), note.clone().into_bytes());
            (files, Some(e.message))
        }
        Err(e) => return Err(e),
    };
    drop(laid);
    time("estar");
    if !checked.config.conformity.is_empty() {
        crate::progress::stage("laying out the conformity views");
    }
    let views = conformity::render_all(checked, &inputs, &ident, date)?;
    drop(inputs);
    time("conformity");
    crate::progress::stage("writing the HTML site");
    let site = site::render(checked, &model_of(checked, date))?;
    crate::progress::idle();
    time("site");
    let (pdf_path, json_path, site_path, estar_path) = (
        out.join("submission.pdf"),
        out.join("dossier.json"),
        out.join("site"),
        out.join("estar"),
    );
    write_atomic(&json_path, &json)?;
    write_atomic(&pdf_path, &pdf)?;
    output::replace_dir(&site_path, &site)?;
    output::replace_dir(&estar_path, &estar)?;
    let mut conformity_paths = Vec::new();
    for view in crate::config::ConformityView::ALL {
        let path = out.join(&format!("{}.pdf", view.as_str()));
        match views.iter().find(|r| r.view == *view) {
            Some(rendered) => {
                write_atomic(&path, &rendered.pdf)?;
                conformity_paths.push(path);
            }
            // A view the manifest no longer asks for is not left behind, out of date.
            None => output::remove_written(&path)?,
        }
    }
    time("write");
    let mut escaped_chars: std::collections::BTreeSet<char> = changed
        .missing
        .iter()
        .chain(&changed.unprintable)
        .copied()
        .collect();
    for rendered in &views {
        escaped_chars.extend(
            rendered
                .changed
                .missing
                .iter()
                .chain(&rendered.changed.unprintable),
        );
    }
    let escaped = escaped_chars
        .into_iter()
        .map(|c| (c, first_place(checked, c)))
        .collect();
    Ok(Built {
        undecodable,
        escaped,
        font_problems,
        pdf: pdf_path,
        json: json_path,
        site: site_path,
        estar: estar_path,
        estar_skipped,
        conformity: conformity_paths,
        timings,
        memory: (estimate, budget_mb, inputs_bytes),
    })
}

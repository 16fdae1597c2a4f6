//! The parse stage: source files to typed artifacts, every value with its span.
//!
//! A YAML file holds one artifact or a list of them; a Markdown file holds one artifact in its
//! front matter and its body as Markdown. Each artifact's `kind` is read first, then the
//! artifact is deserialised straight into that kind's struct (serde-saphyr keeps spans only
//! when nothing buffers the value in between). Files are parsed in parallel.

mod errors;
pub mod image;
mod markdown;
pub mod sbom;
pub mod standard;
mod yaml;

pub use errors::{edits, suggest, yaml_error_diagnostic};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity};
use crate::model::{Artifact, FileId, Span};
use crate::source::{FileProblem, SourceSet};

/// Code of problems reading a file as YAML (syntax, encoding, size, limits).
pub const MALFORMED: &str = "PARSE-001";
/// Code of problems with an artifact's content (kinds, fields, types, IDs).
pub const INVALID: &str = "PARSE-002";

/// Parser options: strict booleans, duplicate keys rejected, and budgets that stop alias
/// bombs and deeply nested documents before they cost memory.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::options! {
        with_snippet: false,
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: 48,
            max_nodes: 250_000,
            max_events: 1_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
            max_documents: 1,
        },
    };
    options.alias_limits.max_total_replayed_events = 100_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.alias_limits.max_alias_expansions_per_anchor = 1_000;
    options
}

/// The result of parsing every file: artifacts in file order, and the problems found.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    /// Every artifact that could be read.
    pub artifacts: Vec<Artifact>,
    /// Every problem, with file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// IDs of artifacts that were written but could not be read (links to them are not
    /// reported again as unknown).
    pub broken_ids: Vec<String>,
}

/// Parses every artifact file of the set (all but the manifest), in parallel.
pub fn parse_all(sources: &SourceSet) -> Parsed {
    let per_file: Vec<Parsed> = sources
        .files
        .par_iter()
        .enumerate()
        .skip(1)
        .map(|(id, _)| parse_file(sources, id))
        .collect();
    merge(per_file)
}

/// The parses of the files, in file order, as one.
fn merge(per_file: Vec<Parsed>) -> Parsed {
    let mut parsed = Parsed::default();
    for file in per_file {
        parsed.artifacts.extend(file.artifacts);
        parsed.diagnostics.extend(file.diagnostics);
        parsed.broken_ids.extend(file.broken_ids);
    }
    parsed
}

/// Each file's parse from an earlier check, with the text it was parsed from: a check with
/// the same text for a file reuses it (the language server re-parses only the file being
/// edited).
#[derive(Debug, Default)]
pub struct ParseCache {
    files: Vec<Option<(String, Parsed)>>,
}

/// Parses every artifact file of the set, reusing from `cache` the parse of each file whose
/// path and text are unchanged, and keeps the new parses in it.
pub fn parse_all_cached(sources: &SourceSet, cache: &mut ParseCache) -> Parsed {
    cache.files.resize(sources.files.len(), None);
    let per_file: Vec<Parsed> = sources
        .files
        .par_iter()
        .zip(cache.files.par_iter_mut())
        .enumerate()
        .skip(1)
        .map(|(id, (file, cached))| match cached {
            Some((text, parsed)) if *text == file.text && file.problem.is_none() => parsed.clone(),
            _ => {
                let parsed = parse_file(sources, id);
                *cached = Some((file.text.clone(), parsed.clone()));
                parsed
            }
        })
        .collect();
    merge(per_file)
}

/// Parses the text of one file, named by its path (Markdown or YAML).
pub fn parse_text(path: &str, text: &str) -> Parsed {
    if path.ends_with(".md") {
        markdown::parse(0, text)
    } else {
        yaml::parse(0, text)
    }
}

/// The content fingerprint of every artifact in one version of a file, by ID (for the
/// version history, which compares versions artifact by artifact). Artifacts that do not
/// parse are left out.
pub fn fingerprints(path: &str, text: &str) -> Vec<(String, String)> {
    parse_text(path, text)
        .artifacts
        .iter()
        .map(|a| (a.id().to_string(), crate::model::fingerprint(a)))
        .collect()
}

/// Parses one file. A file that is not valid UTF-8 is reported at its first bad byte and
/// still parsed (bad bytes replaced), so its artifacts exist and one bad character does not
/// become a cascade of unresolved links.
pub fn parse_file(sources: &SourceSet, id: FileId) -> Parsed {
    let file = sources.file(id);
    let mut problem = None;
    if let Some(p) = &file.problem {
        problem = Some(file_problem(id, p));
        if !matches!(p, FileProblem::NotUtf8 { .. }) {
            return Parsed {
                diagnostics: problem.into_iter().collect(),
                ..Parsed::default()
            };
        }
    }
    let mut parsed = if file.is_markdown() {
        markdown::parse(id, &file.text)
    } else {
        yaml::parse(id, &file.text)
    };
    parsed.diagnostics.extend(problem);
    parsed
}

fn file_problem(file: FileId, problem: &FileProblem) -> Diagnostic {
    let message = problem.to_string();
    let (help, span) = match problem {
        FileProblem::TooLarge { .. } => (
            "split it into several files, or exclude it in dossier.yaml if it is not an artifact",
            Span::default(),
        ),
        FileProblem::NotUtf8 {
            offset,
            line,
            column,
        } => (
            "save the file as UTF-8 (the rest of the file was read with the bad bytes replaced)",
            Span {
                offset: *offset as u32,
                len: 0,
                line: *line,
                column: *column,
            },
        ),
        FileProblem::Unreadable(_) => ("check the file's permissions", Span::default()),
        FileProblem::NotAFile(_) => (
            "remove it from the dossier, or exclude its path in dossier.yaml",
            Span::default(),
        ),
        FileProblem::Submodule(_) => (
            "copy the evidence into the dossier, or exclude the path in dossier.yaml",
            Span::default(),
        ),
        FileProblem::LinkOutside(_) => (
            "copy the file into the dossier or remove the link",
            Span::default(),
        ),
    };
    let severity = match problem {
        FileProblem::Submodule(_) => Severity::Warning,
        _ => Severity::Error,
    };
    Diagnostic::new(MALFORMED, severity, message)
        .at(file, span, "")
        .with_help(help.to_string())
}

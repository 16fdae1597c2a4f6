//! The parse stage: source files to typed artifacts, every value with its span.
//!
//! A YAML file holds one artifact or a list of them; a Markdown file holds one artifact in its
//! front matter and its body as Markdown. Each artifact's `kind` is read first, then the
//! artifact is deserialised straight into that kind's struct (serde-saphyr keeps spans only
//! when nothing buffers the value in between). Files are parsed in parallel.

mod errors;
mod markdown;
pub mod sbom;
mod yaml;

pub use errors::{suggest, yaml_error_diagnostic};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity};
use crate::model::{Artifact, FileId, Span};
use crate::source::{FileProblem, MAX_FILE_BYTES, SourceSet};

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
#[derive(Debug, Default)]
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
    let mut parsed = Parsed::default();
    for file in per_file {
        parsed.artifacts.extend(file.artifacts);
        parsed.diagnostics.extend(file.diagnostics);
        parsed.broken_ids.extend(file.broken_ids);
    }
    parsed
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

/// Parses one file.
pub fn parse_file(sources: &SourceSet, id: FileId) -> Parsed {
    let file = sources.file(id);
    if let Some(problem) = &file.problem {
        return Parsed {
            diagnostics: vec![file_problem(id, problem)],
            ..Parsed::default()
        };
    }
    if file.is_markdown() {
        markdown::parse(id, &file.text)
    } else {
        yaml::parse(id, &file.text)
    }
}

fn file_problem(file: FileId, problem: &FileProblem) -> Diagnostic {
    let (message, help, span) = match problem {
        FileProblem::TooLarge(size) => (
            format!(
                "file is {:.1} MiB; artifact files are limited to {} MiB",
                *size as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "split it into several files, or exclude it in dossier.yaml if it is not an artifact"
                .to_string(),
            Span::default(),
        ),
        FileProblem::NotUtf8 { offset, line } => (
            format!("file is not valid UTF-8 (first bad byte at offset {offset})"),
            "save the file as UTF-8".to_string(),
            Span {
                offset: *offset as u32,
                len: 0,
                line: *line,
                column: 1,
            },
        ),
        FileProblem::Unreadable(err) => (
            format!("file cannot be read: {err}"),
            "check the file's permissions".to_string(),
            Span::default(),
        ),
        FileProblem::Submodule(commit) => (
            format!("a Git submodule (at commit {commit}); dossier does not read submodules"),
            "copy the evidence into the dossier, or exclude the path in dossier.yaml".to_string(),
            Span::default(),
        ),
        FileProblem::LinkOutside(target) => (
            format!("symbolic link points outside the dossier, to {target}"),
            "copy the file into the dossier or remove the link".to_string(),
            Span::default(),
        ),
    };
    let severity = match problem {
        FileProblem::Submodule(_) => Severity::Warning,
        _ => Severity::Error,
    };
    Diagnostic::new(MALFORMED, severity, message)
        .at(file, span, "")
        .with_help(help)
}

//! The one serialisable view of the findings: what `check --format json`, the JSON model
//! (`dossier.json`), the site and the PDF show, so their counts and fields agree.

use serde::Serialize;

use super::{Deviation, Diagnostic, Label, LineIndex, Severity};
use crate::source::SourceSet;

/// The counts of a check's findings: open ones by severity, and the waived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Artifacts checked.
    pub artifacts: usize,
    /// Open error-level findings.
    pub errors: usize,
    /// Open warnings.
    pub warnings: usize,
    /// Open informational findings.
    pub infos: usize,
    /// Findings accepted by a waiver.
    pub waived: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of(diags: &[Diagnostic], artifacts: usize) -> Summary {
        let open = |s: Severity| {
            diags
                .iter()
                .filter(|d| d.deviation.is_none() && d.severity == s)
                .count()
        };
        Summary {
            artifacts,
            errors: open(Severity::Error),
            warnings: open(Severity::Warning),
            infos: open(Severity::Info),
            waived: diags.iter().filter(|d| d.deviation.is_some()).count(),
        }
    }
}

/// A place in a file, as outputs show it.
#[derive(Debug, Clone, Serialize)]
pub struct Place<'a> {
    /// The file, relative to the dossier.
    pub file: &'a str,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// Byte offset.
    pub offset: u32,
    /// Length in bytes.
    pub length: u32,
    /// Line of the span's end (0 when unknown).
    pub end_line: u32,
    /// Column of the span's end (0 when unknown).
    pub end_column: u32,
    /// What is there.
    pub message: &'a str,
}

/// Each file's line index, made once however many findings are in it.
#[derive(Default)]
pub struct Lines(std::collections::BTreeMap<usize, LineIndex>);

impl Place<'_> {
    /// `path:line:col`, or the path alone when the position is unknown, as the one-line
    /// formats print it (control characters escaped).
    pub fn short(&self) -> String {
        let path = super::printable(self.file);
        if self.line > 0 {
            format!("{path}:{}:{}", self.line, self.column)
        } else {
            path.to_string()
        }
    }
}

impl Finding<'_> {
    /// One line, `path:line:col: severity[RULE]: message`, as `check --format short` prints
    /// it: `(waived)` after a waived finding, and the finding it follows from.
    pub fn short_line(&self) -> String {
        let place = self
            .location
            .as_ref()
            .map_or_else(|| "dossier".to_string(), Place::short);
        let waived = if self.deviation.is_some() {
            " (waived)"
        } else {
            ""
        };
        let follows = self
            .caused_by
            .as_ref()
            .map(|c| format!(" (follows from {} at {})", c.code, c.at.short()))
            .unwrap_or_default();
        format!(
            "{place}: {}[{}]: {}{waived}{follows}",
            self.severity,
            self.code,
            super::printable(self.message)
        )
    }
}

impl<'a> Place<'a> {
    /// The place of a label.
    pub fn of(sources: &'a SourceSet, label: &'a Label, lines: &mut Lines) -> Place<'a> {
        let file = sources.file(label.file);
        let (end_line, end_column) = if label.span.is_known() {
            let index = lines
                .0
                .entry(label.file)
                .or_insert_with(|| LineIndex::new(&file.text));
            let end = (label.span.offset as usize + label.span.len as usize).min(file.text.len());
            let (line, column) = index.position(&file.text, end);
            // An end before the start (a span past the text) is the start.
            if line > label.span.line {
                (line, column)
            } else {
                (label.span.line, column.max(label.span.column))
            }
        } else {
            (0, 0)
        };
        Place {
            file: &file.path,
            line: label.span.line,
            column: label.span.column,
            offset: label.span.offset,
            length: label.span.len,
            end_line,
            end_column,
            message: &label.message,
        }
    }
}

/// The finding a finding follows from.
#[derive(Debug, Clone, Serialize)]
pub struct CauseView<'a> {
    /// Its rule.
    pub code: &'static str,
    /// Where it is.
    #[serde(flatten)]
    pub at: Place<'a>,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding<'a> {
    /// The rule's code (`TRACE-001`).
    pub code: &'static str,
    /// The rule's family (`TRACE`), for grouping.
    pub family: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// The artifact it is about, if one.
    pub artifact: Option<&'a str>,
    /// Where.
    pub location: Option<Place<'a>>,
    /// Other places it concerns.
    pub related: Vec<Place<'a>>,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// The clauses it cites.
    pub citation: Option<&'static str>,
    /// The waiver that accepts it, if any.
    pub deviation: Option<&'a Deviation>,
    /// The finding it follows from, if any.
    pub caused_by: Option<CauseView<'a>>,
}

impl<'a> Finding<'a> {
    /// The view of a diagnostic.
    pub fn of(sources: &'a SourceSet, d: &'a Diagnostic, lines: &mut Lines) -> Finding<'a> {
        Finding {
            code: d.code,
            family: family(d.code),
            severity: d.severity,
            message: &d.message,
            artifact: d.artifact.as_deref(),
            location: d.primary.as_ref().map(|l| Place::of(sources, l, lines)),
            related: d
                .related
                .iter()
                .map(|l| Place::of(sources, l, lines))
                .collect(),
            help: d.help.as_deref(),
            citation: d.citation,
            deviation: d.deviation.as_ref(),
            caused_by: d.caused_by.as_ref().map(|c| CauseView {
                code: c.code,
                at: Place::of(sources, &c.at, lines),
            }),
        }
    }
}

/// A rule code's family: everything before its last `-` (`SBOM-EOS` of `SBOM-EOS-001`).
pub fn family(code: &str) -> &str {
    code.rsplit_once('-').map_or(code, |(family, _)| family)
}

/// The findings of a check with their counts.
#[derive(Debug, Clone, Serialize)]
pub struct Findings<'a> {
    /// The counts.
    pub summary: Summary,
    /// Every finding, in the check's stable order.
    pub findings: Vec<Finding<'a>>,
}

impl<'a> Findings<'a> {
    /// The view of a check's diagnostics.
    pub fn of(sources: &'a SourceSet, diags: &'a [Diagnostic], artifacts: usize) -> Findings<'a> {
        Findings {
            summary: Summary::of(diags, artifacts),
            findings: {
                let mut lines = Lines::default();
                diags
                    .iter()
                    .map(|d| Finding::of(sources, d, &mut lines))
                    .collect()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_the_code_without_its_number() {
        assert_eq!(family("TRACE-001"), "TRACE");
        assert_eq!(family("SBOM-EOS-002"), "SBOM-EOS");
        assert_eq!(family("CONFIG"), "CONFIG");
    }
}

//! The one serialisable view of the findings: what `check --format json`, the JSON model
//! (`dossier.json`), the site and the PDF show, so their counts and fields agree.

use serde::Serialize;

use super::{Deviation, Diagnostic, Label, Severity};
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
    /// What is there.
    pub message: &'a str,
}

impl<'a> Place<'a> {
    fn of(sources: &'a SourceSet, label: &'a Label) -> Place<'a> {
        Place {
            file: &sources.file(label.file).path,
            line: label.span.line,
            column: label.span.column,
            offset: label.span.offset,
            length: label.span.len,
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
    pub fn of(sources: &'a SourceSet, d: &'a Diagnostic) -> Finding<'a> {
        Finding {
            code: d.code,
            family: family(d.code),
            severity: d.severity,
            message: &d.message,
            artifact: d.artifact.as_deref(),
            location: d.primary.as_ref().map(|l| Place::of(sources, l)),
            related: d.related.iter().map(|l| Place::of(sources, l)).collect(),
            help: d.help.as_deref(),
            citation: d.citation,
            deviation: d.deviation.as_ref(),
            caused_by: d.caused_by.as_ref().map(|c| CauseView {
                code: c.code,
                at: Place::of(sources, &c.at),
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
            findings: diags.iter().map(|d| Finding::of(sources, d)).collect(),
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

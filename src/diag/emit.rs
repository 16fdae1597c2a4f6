//! Writes diagnostics for people (miette), for pre-commit (one line each) and for tools (JSON).

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode, SourceSpan,
    SpanContents,
};

use super::{Diagnostic, Label, Severity, is_unprintable, printable, printable_lines};
use crate::source::SourceSet;

/// Counts for the closing summary (the same counts as every output's).
fn counts(diags: &[Diagnostic]) -> (usize, usize, usize, usize) {
    let s = super::view::Summary::of(diags, 0);
    (s.errors, s.warnings, s.infos, s.waived)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The one-line summary that ends human and short output.
pub fn summary_line(diags: &[Diagnostic], artifacts: usize) -> String {
    let (errors, warnings, infos, waived) = counts(diags);
    let mut line = format!(
        "{}, {}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "note"),
        plural(artifacts, "artifact")
    );
    if waived > 0 {
        line.push_str(&format!(" ({waived} waived as recorded deviations)"));
    }
    line
}

/// Every diagnostic as an annotated snippet, then the summary line.
pub fn human(sources: &SourceSet, diags: &[Diagnostic], artifacts: usize, color: bool) -> String {
    let mut out = String::new();
    let mut cache = Snippets::default();
    for diag in diags {
        out.push_str(&render_cached(sources, diag, color, 100, &mut cache));
        out.push('\n');
    }
    out.push_str(&summary_line(diags, artifacts));
    out.push('\n');
    out
}

/// One line per diagnostic.
pub fn short(sources: &SourceSet, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diag in diags {
        out.push_str(&short_line(sources, diag));
        out.push('\n');
    }
    out
}

/// The diagnostics as JSON: a summary and every finding.
pub fn json(sources: &SourceSet, diags: &[Diagnostic], artifacts: usize) -> String {
    let mut text =
        serde_json::to_string_pretty(&json_value(sources, diags, artifacts)).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON document of [`json`], for callers that add to it.
pub fn json_value(
    sources: &SourceSet,
    diags: &[Diagnostic],
    artifacts: usize,
) -> serde_json::Value {
    serde_json::to_value(super::view::Findings::of(sources, diags, artifacts)).unwrap_or_default()
}

fn location(sources: &SourceSet, label: &Label) -> String {
    let path = printable(&sources.file(label.file).path);
    if label.span.is_known() {
        format!("{path}:{}:{}", label.span.line, label.span.column)
    } else {
        path.to_string()
    }
}

/// One line: `path:line:col: severity[RULE]: message`.
pub fn short_line(sources: &SourceSet, diag: &Diagnostic) -> String {
    let place = diag
        .primary
        .as_ref()
        .map(|l| location(sources, l))
        .unwrap_or_else(|| "dossier".to_string());
    let waived = if diag.deviation.is_some() {
        " (waived)"
    } else {
        ""
    };
    format!(
        "{place}: {}[{}]: {}{waived}{}",
        diag.severity,
        diag.code,
        printable(&diag.message),
        follows(sources, diag)
    )
}

/// ` (follows from TRACE-002 at tests.yaml:62)` for a finding with a root cause.
fn follows(sources: &SourceSet, diag: &Diagnostic) -> String {
    diag.caused_by
        .as_ref()
        .map(|c| format!(" (follows from {} at {})", c.code, location(sources, &c.at)))
        .unwrap_or_default()
}

/// Each file's printable text and line index, made once however many diagnostics show it:
/// thousands of findings in one file cost one pass over it, not one each.
#[derive(Default)]
struct Snippets<'s> {
    files: std::collections::HashMap<usize, (std::borrow::Cow<'s, str>, super::LineIndex)>,
}

impl<'s> Snippets<'s> {
    fn prepare(&mut self, sources: &'s SourceSet, file: usize) {
        self.files.entry(file).or_insert_with(|| {
            let text = &sources.file(file).text;
            (snippet_text(text), super::LineIndex::new(text))
        });
    }
}

/// A source file as miette sees it: its path, printable text and line index.
struct Named<'a> {
    name: std::borrow::Cow<'a, str>,
    text: &'a str,
    lines: &'a super::LineIndex,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // Only the lines around the span are handed to miette (which scans what it is given
        // from its start), found through the line index.
        let len = self.text.len();
        let start = span.offset().min(len);
        let end = (start + span.len()).min(len);
        let first = self.lines.line_of(start);
        let last = self.lines.line_of(end.saturating_sub(1).max(start));
        let from_line = first.saturating_sub(before);
        let to_line = (last + after + 1).min(self.lines.line_count());
        let w_start = self.lines.line_start(from_line);
        let w_end = self.lines.line_start(to_line).max(w_start);
        let window = self.text.get(w_start..w_end).unwrap_or("");
        let inner = window.read_span(
            &SourceSpan::new((start - w_start).into(), end - start),
            before,
            after,
        )?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + w_start).into(), inner.span().len()),
            inner.line() + from_line,
            inner.column(),
            // miette counts the lines it scanned from the start of what it was given and
            // merges nearby snippets by that count; counted from the file's start, as it
            // would have been, the snippets come out exactly as before.
            inner.line_count() + from_line,
        )))
    }
}

/// A file's text as a terminal may show it: unprintable characters become `?`, byte for
/// byte, so offsets and underlines still line up.
fn snippet_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .flat_map(|c| {
                let n = if is_unprintable(c) { c.len_utf8() } else { 0 };
                let keep = (n == 0).then_some(c);
                std::iter::repeat_n('?', n).chain(keep)
            })
            .collect(),
    )
}

/// A diagnostic shaped for miette's graphical handler.
struct Report<'a> {
    code: &'a str,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<Named<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.code.is_empty()).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

fn labeled(label: &Label, text: &str) -> Option<LabeledSpan> {
    if !label.span.is_known() {
        return None;
    }
    let offset = (label.span.offset as usize).min(text.len());
    let len = (label.span.len as usize).min(text.len() - offset);
    let message = (!label.message.is_empty()).then(|| printable(&label.message).into_owned());
    Some(LabeledSpan::new(message, offset, len))
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// Renders one diagnostic as an annotated snippet: the offending value underlined, related
/// places in the same file labelled beside it and places in other files shown below.
pub fn render_human(sources: &SourceSet, diag: &Diagnostic, color: bool, width: usize) -> String {
    render_cached(sources, diag, color, width, &mut Snippets::default())
}

fn render_cached<'s>(
    sources: &'s SourceSet,
    diag: &Diagnostic,
    color: bool,
    width: usize,
    cache: &mut Snippets<'s>,
) -> String {
    for label in diag.primary.iter().chain(&diag.related) {
        cache.prepare(sources, label.file);
    }
    let cache = &*cache;
    let named = |file: usize| {
        let (text, lines) = &cache.files[&file];
        Named {
            name: printable(&sources.file(file).path),
            text: text.as_ref(),
            lines,
        }
    };
    let mut help = diag.help.clone().unwrap_or_default();
    if let Some(cause) = &diag.caused_by {
        let first = format!(
            "this follows from {} at {}: fix that first",
            cause.code,
            location(sources, &cause.at)
        );
        help = if help.is_empty() {
            first
        } else {
            format!("{first}\n{help}")
        };
    }
    if let Some(citation) = diag.citation {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!("cites: {citation}"));
    }
    if let Some(dev) = &diag.deviation {
        help.push_str(&format!(
            "\nwaived: {} (approved by {} on {}{})",
            dev.justification,
            dev.approved_by,
            dev.date,
            dev.expires
                .as_ref()
                .map(|e| format!(", expires {e}"))
                .unwrap_or_default()
        ));
    }
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let mut source = None;
    let mut header = printable(&diag.message).into_owned();
    if let Some(primary) = &diag.primary {
        let file = sources.file(primary.file);
        if let Some(l) = labeled(primary, &file.text) {
            labels.push(l);
            source = Some(named(primary.file));
        } else {
            header = format!("{}: {header}", printable(&file.path));
        }
        for label in &diag.related {
            let rfile = sources.file(label.file);
            if label.file == primary.file && source.is_some() {
                if let Some(l) = labeled(label, &file.text) {
                    labels.push(l);
                }
            } else if let Some(l) = labeled(label, &rfile.text) {
                related.push(Report {
                    code: "",
                    severity: miette::Severity::Advice,
                    message: printable(&label.message).into_owned(),
                    help: None,
                    source: Some(named(label.file)),
                    labels: vec![l],
                    related: Vec::new(),
                });
            }
        }
    }
    if diag.deviation.is_some() {
        header.push_str(" (waived)");
    }
    let report = Report {
        code: diag.code,
        severity: if diag.deviation.is_some() {
            miette::Severity::Advice
        } else {
            miette_severity(diag.severity)
        },
        message: header,
        help: (!help.is_empty()).then(|| printable_lines(&help).into_owned()),
        source,
        labels,
        related,
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = short_line(sources, diag);
        out.push('\n');
    }
    out
}

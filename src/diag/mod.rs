//! Diagnostics: every finding and every input problem, as data, with its locations.
//!
//! Rule findings and input errors share one type so that every output format (human, short,
//! JSON) treats them alike; the tool's own failures (no manifest, unreadable directory) are
//! [`crate::Fatal`] errors instead and end the run with exit code 2.

mod emit;
mod lines;
pub mod view;

pub use emit::{human, json, json_value, render_human, short, short_line, summary_line};
pub use lines::LineIndex;

use serde::Serialize;

use crate::model::{FileId, Span};

/// Whether a character must never reach a terminal or a one-line format as itself: control
/// characters (C0 but tab, line feed and carriage return; DEL; C1), and the bidirectional
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text read
/// differently from what it is ("Trojan Source").
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from a dossier made safe for one line of a terminal: unprintable characters and
/// line breaks become visible escapes (`\u{1b}`, `\n`), so a value can neither drive the
/// terminal nor forge a finding line.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// Like [`printable`], but keeps line breaks and tabs (for multi-line help and snippets).
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let breaks = |c: char| !keep_lines && matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(|c| is_unprintable(c) || breaks(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if !keep_lines => out.push_str("\\n"),
            '\r' if !keep_lines => out.push_str("\\r"),
            '\t' if !keep_lines => out.push(' '),
            c if is_unprintable(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported only.
    Info,
    /// A reviewer must decide.
    Warning,
    /// Blocks a submission-ready verdict.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a source file with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// Where in it (a default span means the whole file).
    pub span: Span,
    /// What this place has to do with the diagnostic.
    pub message: String,
}

impl Label {
    /// Builds a label.
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// A recorded deviation: the waiver that turned a finding into an accepted exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deviation {
    /// Why the finding is accepted.
    pub justification: String,
    /// Who approved the waiver.
    pub approved_by: String,
    /// When.
    pub date: String,
    /// Until when, if it expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// One finding or input problem.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Rule or problem code, for example `TRACE-002` or `PARSE-002`.
    pub code: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// One line, lowercase, no final period: what is wrong.
    pub message: String,
    /// The artifact the finding is about, if any (waivers match on it).
    pub artifact: Option<String>,
    /// The offending place.
    pub primary: Option<Label>,
    /// Related places (the other duplicate, the linked artifact, the config entry).
    pub related: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Citation keys and clauses.
    pub citation: Option<&'static str>,
    /// Set when a waiver accepts this finding.
    pub deviation: Option<Deviation>,
    /// The finding this one follows from (a broken link or an invalid field of the same
    /// artifact): fix that one first.
    pub caused_by: Option<Cause>,
}

/// The root cause of a finding: another finding's code and place.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    /// Its code (`TRACE-002`).
    pub code: &'static str,
    /// Where it is.
    pub at: Label,
}

impl Diagnostic {
    /// Builds a diagnostic with a code, severity and message.
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            artifact: None,
            primary: None,
            related: Vec::new(),
            help: None,
            citation: None,
            deviation: None,
            caused_by: None,
        }
    }

    /// Sets the primary location.
    pub fn at(mut self, file: FileId, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some(Label::new(file, span, label));
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, file: FileId, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Label::new(file, span, label));
        self
    }

    /// Sets the fix hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the artifact the diagnostic is about.
    pub fn about(mut self, artifact: impl Into<String>) -> Self {
        self.artifact = Some(artifact.into());
        self
    }

    /// Whether this diagnostic counts against the run at the `fail_on` level.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.deviation.is_none() && self.severity >= fail_on
    }

    /// A sort key that gives a stable, readable order: by file, position, then code.
    pub fn sort_key(&self) -> (FileId, u32, u32, &'static str, &str) {
        match &self.primary {
            Some(label) => (
                label.file,
                label.span.line,
                label.span.column,
                self.code,
                &self.message,
            ),
            None => (usize::MAX, 0, 0, self.code, &self.message),
        }
    }
}

/// The codes of findings that make others follow: a link that names nothing, an artifact
/// field that does not parse. Whatever else is wrong with the same artifact may be only
/// their consequence.
const ROOT_CAUSES: &[&str] = &["TRACE-002", "PARSE-002"];

/// Whether a finding can be a consequence of a root cause on its artifact: a rule's
/// finding, not an input problem or a document-control one.
fn may_follow(code: &str) -> bool {
    !(ROOT_CAUSES.contains(&code)
        || code.starts_with("PARSE-")
        || code.starts_with("CONFIG-")
        || code.starts_with("WAIVER-")
        || code.starts_with("ADVISORY-")
        || code.starts_with("DOC-"))
}

/// Links each finding to its root cause, if there is one, so that the cause is printed
/// first and the consequence names it: a broken link or an unparsable field on the same
/// artifact; and for a link that names an ID no artifact has, a file that does not parse
/// and mentions that ID (`defines(file, id)`), whose artifacts were never read.
pub fn link_causes(diagnostics: &mut [Diagnostic], defines: impl Fn(FileId, &str) -> bool) {
    let unreadable: Vec<Cause> = diagnostics
        .iter()
        .filter(|d| d.code == "PARSE-001")
        .filter_map(|d| {
            d.primary.as_ref().map(|at| Cause {
                code: d.code,
                at: Label::new(at.file, at.span, "the cause"),
            })
        })
        .collect();
    if !unreadable.is_empty() {
        for d in diagnostics.iter_mut().filter(|d| d.code == "TRACE-002") {
            // "`field` names ID, which no artifact has"
            let Some(id) = d
                .message
                .split_once(" names ")
                .and_then(|(_, rest)| rest.split_once(", which no artifact has"))
                .map(|(id, _)| id.to_string())
            else {
                continue;
            };
            if let Some(cause) = unreadable.iter().find(|c| defines(c.at.file, &id)) {
                d.caused_by = Some(cause.clone());
            }
        }
    }
    link_near_misses(diagnostics);
    link_same_artifact(diagnostics);
}

/// Findings that restate another rule's finding on the same artifact, and the finding they
/// restate: a requirement with no passing security-requirement test (TEST-001) has no passing
/// test on the release either (TRACE-001).
const RESTATES: &[(&str, &str)] = &[("TRACE-001", "TEST-001")];

/// A link that names a near miss of an existing ID (`REQ-04` for `REQ-004`: TRACE-002's
/// suggestions) leaves that artifact unlinked: what is then missing on it (no test, no risk)
/// follows from the typo, and is printed after it, naming it. Of several suggestions, the one
/// that has such findings is meant; when more than one has, none is guessed.
fn link_near_misses(diagnostics: &mut [Diagnostic]) {
    let mut causes: Vec<(Vec<String>, Cause)> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.code == "TRACE-002") {
        let (Some(list), Some(at)) = (
            d.help
                .as_deref()
                .and_then(|h| h.strip_prefix("did you mean "))
                .and_then(|h| h.strip_suffix('?')),
            &d.primary,
        ) else {
            continue;
        };
        let ids = list
            .split(" or ")
            .map(|id| id.trim_matches('`').to_string())
            .collect();
        causes.push((
            ids,
            Cause {
                code: d.code,
                at: Label::new(at.file, at.span, "the cause"),
            },
        ));
    }
    if causes.is_empty() {
        return;
    }
    let with_findings: std::collections::HashSet<&str> = diagnostics
        .iter()
        .filter(|d| d.caused_by.is_none() && may_follow(d.code))
        .filter_map(|d| d.artifact.as_deref())
        .collect();
    let mut roots: std::collections::HashMap<String, Cause> = std::collections::HashMap::new();
    for (ids, cause) in causes {
        let mut meant = ids.iter().filter(|id| with_findings.contains(id.as_str()));
        if let (Some(id), None) = (meant.next(), meant.next()) {
            roots.entry(id.clone()).or_insert(cause);
        }
    }
    for d in diagnostics.iter_mut() {
        if d.caused_by.is_none()
            && may_follow(d.code)
            && let Some(cause) = d.artifact.as_ref().and_then(|a| roots.get(a))
        {
            d.caused_by = Some(cause.clone());
        }
    }
}

/// Links each finding to the root cause on its own artifact, if there is one.
fn link_same_artifact(diagnostics: &mut [Diagnostic]) {
    let mut roots: std::collections::HashMap<String, Cause> = std::collections::HashMap::new();
    for d in diagnostics.iter() {
        if let (true, Some(artifact), Some(at)) =
            (ROOT_CAUSES.contains(&d.code), &d.artifact, &d.primary)
        {
            roots.entry(artifact.clone()).or_insert(Cause {
                code: d.code,
                at: Label::new(at.file, at.span, "the cause"),
            });
        }
    }
    // A finding another restates: the root, unless it has a root of its own.
    let mut restated: std::collections::HashMap<(&str, String), Cause> =
        std::collections::HashMap::new();
    for d in diagnostics.iter() {
        if let (Some(artifact), Some(at)) = (&d.artifact, &d.primary)
            && RESTATES.iter().any(|(_, root)| *root == d.code)
            && !roots.contains_key(artifact)
        {
            restated.entry((d.code, artifact.clone())).or_insert(Cause {
                code: d.code,
                at: Label::new(at.file, at.span, "the cause"),
            });
        }
    }
    for d in diagnostics.iter_mut() {
        if may_follow(d.code)
            && let Some(cause) = d.artifact.as_ref().and_then(|a| roots.get(a))
        {
            d.caused_by = Some(cause.clone());
        } else if d.caused_by.is_none()
            && let Some(artifact) = &d.artifact
            && let Some(cause) = RESTATES
                .iter()
                .filter(|(follower, _)| *follower == d.code)
                .find_map(|(_, root)| restated.get(&(*root, artifact.clone())))
        {
            d.caused_by = Some(cause.clone());
        }
    }
}

/// Orders diagnostics deterministically (root causes before the findings that follow from
/// them) and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.caused_by.is_some(), a.sort_key()).cmp(&(b.caused_by.is_some(), b.sort_key()))
    });
    diagnostics
        .dedup_by(|a, b| a.code == b.code && a.message == b.message && a.primary == b.primary);
}

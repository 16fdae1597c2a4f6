//! Reads artifacts from YAML text: one mapping, or a list of mappings of any kinds.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, SeqAccess, Visitor};

use super::errors::{suggest, yaml_error_diagnostic};
use super::{INVALID, MALFORMED, Parsed, yaml_options};
use crate::diag::{Diagnostic, Severity};
use crate::model::{self, Artifact, Body, Envelope, FileId, Kind, Span, Spanned};

/// After this many broken artifacts in one list, the rest of the file is not re-parsed.
const MAX_ERRORS_PER_FILE: usize = 50;

/// Just enough of an artifact to know what to deserialise it as.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    id: Option<String>,
}

/// What one item of the file is: a kind to read, or something to skip.
type Plan = Vec<Option<Kind>>;

/// A parsed artifact before it is placed: its span, envelope and body.
type Item = (Spanned<()>, Envelope, Body);

/// Parses a YAML artifact file.
pub fn parse(file: FileId, text: &str) -> Parsed {
    match root_shape(text) {
        None => Parsed {
            broken_ids: Vec::new(),
            artifacts: Vec::new(),
            diagnostics: vec![
                Diagnostic::new(MALFORMED, Severity::Error, "file holds no artifact")
                    .at(file, Span::default(), "")
                    .with_help(
                        "write one artifact (a mapping with `id`, `kind`, `title`...) or a list of them, \
                         or delete the file",
                    ),
            ],
        },
        Some(Shape::Sequence) => parse_list(file, text),
        Some(Shape::Mapping) => parse_single(file, text),
    }
}

enum Shape {
    Mapping,
    Sequence,
}

/// Looks at the first meaningful line to tell a list from a single artifact (None: empty).
fn root_shape(text: &str) -> Option<Shape> {
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}');
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') || content.starts_with('%') {
            continue;
        }
        let content = match content.strip_prefix("---") {
            Some(rest) => rest.trim(),
            None => content,
        };
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        return Some(
            if content == "-" || content.starts_with("- ") || content.starts_with('[') {
                Shape::Sequence
            } else {
                Shape::Mapping
            },
        );
    }
    None
}

/// Every kind's name, comma-separated, for hints.
fn kind_names() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decides what kind an item is, reporting a missing or unknown `kind`.
fn classify(file: FileId, probe: &Spanned<Probe>, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    let Some(kind) = &probe.value.kind else {
        diags.push(
            Diagnostic::new(INVALID, Severity::Error, "artifact has no `kind`")
                .at(file, probe.span, "this artifact")
                .with_help(format!("add `kind:` with one of: {}", kind_names())),
        );
        return None;
    };
    match Kind::parse(kind.value.trim()) {
        Some(k) => Some(k),
        None => {
            let names = Kind::ALL.iter().map(|k| k.as_str());
            let help = match suggest(&kind.value, names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("known kinds: {}", kind_names()),
            };
            diags.push(
                Diagnostic::new(
                    INVALID,
                    Severity::Error,
                    format!("unknown kind `{}`", kind.value),
                )
                .at(file, kind.span, "not a kind")
                .with_help(help),
            );
            None
        }
    }
}

/// The kind a single-artifact file states, read from its text without parsing it: the value
/// of its one top-level `kind:` line (a line that starts with `kind:`, which in a block
/// mapping at the root can only be a key of that mapping), if it is a known kind. `None` when
/// there is no such line, more than one, or a value that is not a plain known kind; the
/// caller then reads the kind with the parser. A guess is only used once the full parse has
/// confirmed it.
fn kind_from_text(text: &str) -> Option<Kind> {
    let mut found = None;
    for line in text.split('\n') {
        let Some(value) = line.strip_prefix("kind:") else {
            continue;
        };
        if found.is_some() {
            return None;
        }
        let value = value.trim_end_matches('\r');
        let value = match value.find(" #") {
            Some(comment) => &value[..comment],
            None => value,
        }
        .trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        found = Some(Kind::parse(value)?);
    }
    found
}

/// Parses a file that holds one artifact.
///
/// Most files state their kind on a top-level line, so the kind is read from the text and the
/// file parsed once; the result is kept only when the parse succeeds and the artifact's own
/// `kind` is that kind, which is exactly when the general path below (probe the kind with the
/// parser, then parse) would give the same artifact and no diagnostic. Anything else, a
/// broken file above all, takes the general path, so every diagnostic is as it was.
pub(super) fn parse_single(file: FileId, text: &str) -> Parsed {
    if let Some(kind) = kind_from_text(text) {
        let result =
            serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
                model::deserialize_kind(kind, de)
            });
        if let Ok(item) = result
            && Kind::parse(item.1.kind.value.trim()) == Some(kind)
        {
            let mut parsed = Parsed::default();
            place(file, item, &mut parsed);
            return parsed;
        }
    }
    parse_single_probed(file, text)
}

/// Parses a file that holds one artifact: its kind probed with the parser, then the file
/// parsed as that kind.
fn parse_single_probed(file: FileId, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let probe: Spanned<Probe> = match serde_saphyr::from_str_with_options(text, yaml_options()) {
        Ok(p) => p,
        Err(err) => {
            parsed
                .diagnostics
                .push(yaml_error_diagnostic(file, text, &err));
            return parsed;
        }
    };
    let Some(kind) = classify(file, &probe, &mut parsed.diagnostics) else {
        parsed.broken_ids.extend(probe.value.id);
        return parsed;
    };
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
            model::deserialize_kind(kind, de)
        });
    match result {
        Ok(item) => place(file, item, &mut parsed),
        Err(err) => {
            parsed
                .diagnostics
                .push(yaml_error_diagnostic(file, text, &err));
            parsed.broken_ids.extend(probe.value.id);
        }
    }
    parsed
}

/// Parses a file that holds a list of artifacts, reporting every broken one.
///
/// Serde cannot resume after an error inside a sequence, so when item `i` fails the file is
/// parsed again with item `i` skipped; earlier items are cheap to read twice.
fn parse_list(file: FileId, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let probes: Vec<Spanned<Probe>> =
        match serde_saphyr::from_str_with_options(text, yaml_options()) {
            Ok(p) => p,
            Err(err) => {
                parsed
                    .diagnostics
                    .push(yaml_error_diagnostic(file, text, &err));
                return parsed;
            }
        };
    let mut plan: Plan = probes
        .iter()
        .map(|probe| classify(file, probe, &mut parsed.diagnostics))
        .collect();
    for (probe, kind) in probes.iter().zip(&plan) {
        if kind.is_none() {
            parsed.broken_ids.extend(probe.value.id.clone());
        }
    }
    let mut errors = 0;
    loop {
        let current = Cell::new(0usize);
        let mut items = Vec::new();
        let result =
            serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
                ListSeed {
                    plan: &plan,
                    current: &current,
                    out: &mut items,
                }
                .deserialize(de)
            });
        match result {
            Ok(()) => {
                for item in items {
                    place(file, item, &mut parsed);
                }
                return parsed;
            }
            Err(err) => {
                parsed
                    .diagnostics
                    .push(yaml_error_diagnostic(file, text, &err));
                errors += 1;
                let failed = current.get();
                let skippable = plan.get(failed).is_some_and(Option::is_some);
                if !skippable || errors >= MAX_ERRORS_PER_FILE {
                    return parsed;
                }
                plan[failed] = None;
                if let Some(id) = probes.get(failed).and_then(|p| p.value.id.clone()) {
                    parsed.broken_ids.push(id);
                }
            }
        }
    }
}

/// Deserialises a list item by item, each as the kind the plan says.
struct ListSeed<'p> {
    plan: &'p [Option<Kind>],
    current: &'p Cell<usize>,
    out: &'p mut Vec<Item>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of artifacts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            self.current.set(index);
            match self.plan.get(index).copied().flatten() {
                Some(kind) => match seq.next_element_seed(ItemSeed(kind))? {
                    Some(item) => self.out.push(item),
                    None => return Ok(()),
                },
                None => {
                    if seq.next_element::<IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                }
            }
            index += 1;
        }
    }
}

/// Deserialises one artifact as a known kind.
struct ItemSeed(Kind);

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = Item;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Item, D::Error> {
        model::deserialize_kind(self.0, deserializer)
    }
}

/// Checks an item's ID and adds it to the parsed artifacts.
fn place(file: FileId, (span, envelope, body): Item, parsed: &mut Parsed) {
    let kind = body.kind();
    if let Some(diag) = check_id(file, kind, &envelope.id) {
        parsed.diagnostics.push(diag);
    }
    if envelope.title.value.trim().is_empty() {
        parsed.diagnostics.push(
            Diagnostic::new(INVALID, Severity::Error, "the title is empty")
                .at(file, envelope.title.span, "empty")
                .with_help("give the artifact a one-line title")
                .about(envelope.id.value.clone()),
        );
    }
    parsed.artifacts.push(Artifact {
        envelope,
        body,
        file,
        span: span.span,
        markdown: None,
    });
}

/// Whether an ID is well formed: the kind's prefix, a dash, then letters, digits, `.`, `_`, `-`.
fn check_id(file: FileId, kind: Kind, id: &Spanned<String>) -> Option<Diagnostic> {
    let text = id.value.as_str();
    let well_formed = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let prefixed = kind.prefixes().iter().any(|p| {
        text.strip_prefix(p)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| !rest.is_empty())
    });
    if well_formed && prefixed {
        return None;
    }
    let prefixes = kind
        .prefixes()
        .iter()
        .map(|p| format!("`{p}-`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let message = if well_formed {
        format!("ID `{text}` does not start with the {kind} prefix")
    } else {
        format!("ID `{text}` has characters other than letters, digits, `-`, `_` and `.`")
    };
    Some(
        Diagnostic::new(INVALID, Severity::Error, message)
            .at(file, id.span, "this ID")
            .with_help(format!(
                "IDs of kind `{kind}` start with {prefixes}, for example `{}-001`",
                kind.prefixes()[0]
            ))
            .about(text.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_read_from_a_top_level_line() {
        assert_eq!(
            kind_from_text("id: THR-1\nkind: threat\n"),
            Some(Kind::Threat)
        );
        assert_eq!(
            kind_from_text("kind: \"threat\"  # a comment\r\n"),
            Some(Kind::Threat)
        );
        assert_eq!(
            kind_from_text("kind: 'security_risk'\n"),
            Some(Kind::SecurityRisk)
        );
        assert_eq!(kind_from_text("  kind: threat\n"), None, "not top level");
        assert_eq!(kind_from_text("kind: threat\nkind: test\n"), None, "twice");
        assert_eq!(kind_from_text("kind: thret\n"), None, "unknown");
        assert_eq!(kind_from_text("id: X\n"), None);
    }

    // The one-parse path gives exactly what probing then parsing gives, wherever it is taken,
    // including texts that fool the line scan (a `kind:` line inside a multi-line scalar).
    #[test]
    fn one_parse_equals_probe_then_parse() {
        let complete = "id: THR-001\nkind: threat\ntitle: T\nstatus: draft\ncategory: S\n";
        let cases = [
            complete.to_string(),
            complete.replace("title: T", "title: \"T\n\nkind: test\""),
            complete.replace("kind: threat", "kind: test"),
            complete.replace("status: draft", "status: drafted"),
            complete.replace("category: S", "category: S\nunknown_field: 1"),
            complete.replace("kind: threat", "kind: threat\nkind: threat"),
            complete.replace("id: THR-001", "id: RSK-001"),
            complete.replace("title: T", "title: \"\""),
            format!("{complete}description: |\n  text\nkind: threat\n"),
            "kind: threat\n: [".to_string(),
        ];
        for text in cases {
            assert_eq!(
                format!("{:?}", parse_single(0, &text)),
                format!("{:?}", parse_single_probed(0, &text)),
                "{text}"
            );
        }
    }
}

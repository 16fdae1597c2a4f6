//! Schema violations in plain words.
//!
//! A validator says `"2026-13-01" is not a "date-time"` or `... is not valid under any of
//! the schemas listed in the 'oneOf' keyword`; the person fixing the SBOM needs the field,
//! what is wrong with its value, and what the standard wants instead.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::{Found, path};

/// The pattern SPDX 3 gives element IDs (an IRI, not a blank node).
const IRI_PATTERN: &str = "^(?!_:).+:.+";

/// A value as quoted in a message: strings in backticks, shortened.
fn quote(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Object(_) => return "an object".to_string(),
        Value::Array(_) => return "a list".to_string(),
        other => other.to_string(),
    };
    let short = super::shown(&text, 60);
    if text.chars().count() > 60 {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

/// A JSON type with its article.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn type_name(name: &str) -> &'static str {
    match name {
        "null" => "null",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "a string",
        "array" => "a list",
        _ => "an object",
    }
}

/// What a `format` asks for, for people.
fn format_words(format: &str) -> String {
    match format {
        "date-time" => "a date-time (RFC 3339, such as 2026-01-31T09:30:00Z)".to_string(),
        "date" => "a date (YYYY-MM-DD)".to_string(),
        "uri" | "iri" => "an absolute URI (such as https://example.com/x)".to_string(),
        "uri-reference" | "iri-reference" => "a URI reference".to_string(),
        "email" | "idn-email" => "an email address".to_string(),
        other => format!("of the format `{other}`"),
    }
}

/// Describes a validation error: the message, and the pointer of the value it is about.
pub(super) fn describe(error: &ValidationError<'_>) -> Found {
    let pointer = error.instance_path().as_str().to_string();
    let instance = error.instance();
    let at = path(&pointer);
    let last = pointer.rsplit('/').next().unwrap_or("");
    let message = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or("?");
            format!("{at} lacks `{property}`, which the standard requires")
        }
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(t) => type_name(t.as_str()).to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| type_name(t.as_str()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("{at} is {}; the standard wants {wanted}", kind_of(instance))
        }
        ValidationErrorKind::Format { format } => {
            format!("{at}: {} is not {}", quote(instance), format_words(format))
        }
        ValidationErrorKind::Enum { options } => {
            let options = options.as_array().map(Vec::as_slice).unwrap_or(&[]);
            if at.ends_with("license.id") || at.ends_with("licenseId") {
                format!(
                    "{at}: {} is not an SPDX licence identifier; write other licences as `name` (or an `expression`)",
                    quote(instance)
                )
            } else if options.len() <= 8 {
                let list: Vec<String> = options.iter().map(quote).collect();
                format!(
                    "{at}: {} is not one of the values the standard allows ({})",
                    quote(instance),
                    list.join(", ")
                )
            } else {
                let list: Vec<String> = options.iter().take(6).map(quote).collect();
                format!(
                    "{at}: {} is not one of the {} values the standard allows ({}, …)",
                    quote(instance),
                    options.len(),
                    list.join(", ")
                )
            }
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("{at} must be {}", quote(expected_value))
        }
        ValidationErrorKind::Pattern { pattern } => {
            if pattern == IRI_PATTERN {
                format!(
                    "{at}: {} is not an IRI; SPDX 3 names elements by IRI (such as `https://example.com/spdx/pkg-zlib`), and blank nodes `_:` only where no other document refers to them",
                    quote(instance)
                )
            } else if last == "content" && pointer.contains("/hashes/") {
                format!(
                    "{at}: {} is not a hash value (hexadecimal, 32 to 128 digits)",
                    quote(instance)
                )
            } else {
                format!(
                    "{at}: {} is not of the form the standard requires (pattern `{pattern}`)",
                    quote(instance)
                )
            }
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let names: Vec<String> = unexpected
                .iter()
                .map(|u| format!("`{}`", super::shown(u, 60)))
                .collect();
            let (noun, verb) = if names.len() == 1 {
                ("a field", "is")
            } else {
                ("fields", "are")
            };
            format!(
                "{at}: {} {verb} not {noun} the standard defines here (a misspelling, or a field of another version?)",
                names.join(", ")
            )
        }
        ValidationErrorKind::UnevaluatedItems { .. }
        | ValidationErrorKind::AdditionalItems { .. } => {
            format!("{at} has more entries than the standard allows")
        }
        ValidationErrorKind::UniqueItems => {
            format!("{at} lists the same entry twice; each must be unique")
        }
        ValidationErrorKind::MinItems { limit } => {
            format!(
                "{at} needs at least {limit} entr{}",
                if *limit == 1 { "y" } else { "ies" }
            )
        }
        ValidationErrorKind::MaxItems { limit } => format!("{at} has more than {limit} entries"),
        ValidationErrorKind::MinLength { limit } => {
            if *limit == 1 {
                format!("{at} is empty")
            } else {
                format!("{at} is shorter than {limit} characters")
            }
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("{at} is longer than {limit} characters")
        }
        ValidationErrorKind::MinProperties { .. } => format!("{at} is empty"),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("{at}: {} is below the minimum, {limit}", quote(instance))
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("{at}: {} is above the maximum, {limit}", quote(instance))
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            return closest(&at, &pointer, context);
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => format!(
            "{at} fits more than one of the forms the standard allows here; it must fit exactly one (a field of one form mixed into another?)"
        ),
        ValidationErrorKind::FalseSchema => format!("{at} is not allowed here"),
        ValidationErrorKind::Not { .. } => format!("{at} has a form the standard forbids here"),
        ValidationErrorKind::Contains => {
            format!("{at} has no entry of the form the standard requires")
        }
        _ => format!("{at}: {}", crate::diag::printable(&error.to_string())),
    };
    Found {
        message,
        pointer,
        value: instance.as_str().map(str::to_string),
    }
}

/// Whether an error says the object at `pointer` is of another kind: its `type` is not the
/// one an alternative is for.
fn discriminates(pointer: &str, error: &ValidationError<'_>) -> bool {
    let path = error.instance_path().as_str();
    let on_type = path
        .strip_prefix(pointer)
        .is_some_and(|rest| rest == "/type" || rest == "/@type");
    on_type
        && matches!(
            error.kind(),
            ValidationErrorKind::Constant { .. } | ValidationErrorKind::Enum { .. }
        )
}

/// Where a message names the alternative a value comes closest to.
const CLOSEST: &str = "; closest: ";

/// For a value that fits none of a schema's alternatives, the alternative it comes closest
/// to (the one whose errors lie deepest, that is which matched furthest, then the one with
/// fewest errors), described, so the message says what to change.
fn closest(at: &str, pointer: &str, context: &[Vec<ValidationError<'static>>]) -> Found {
    let best = context
        .iter()
        .filter(|branch| !branch.is_empty())
        // A branch for another kind of object (SPDX 3 classes, told apart by `type`) is not
        // close, however deep its other errors.
        .filter(|branch| !branch.iter().any(|e| discriminates(pointer, e)))
        .min_by_key(|branch| {
            let depth = branch
                .iter()
                .map(|e| e.instance_path().as_str().len())
                .max()
                .unwrap_or(0);
            (usize::MAX - depth, branch.len())
        });
    match best.and_then(|branch| {
        branch
            .iter()
            .max_by_key(|e| e.instance_path().as_str().len())
    }) {
        Some(error) => {
            let inner = describe(error);
            let innermost = match inner.message.rsplit_once(CLOSEST) {
                Some((_, last)) => last,
                None => &inner.message,
            };
            Found {
                message: format!(
                    "{at} fits none of the forms the standard allows{CLOSEST}{innermost}"
                ),
                pointer: if inner.pointer.len() >= pointer.len() {
                    inner.pointer
                } else {
                    pointer.to_string()
                },
                value: inner.value,
            }
        }
        None => Found {
            message: format!("{at} fits none of the forms the standard allows here"),
            pointer: pointer.to_string(),
            value: None,
        },
    }
}

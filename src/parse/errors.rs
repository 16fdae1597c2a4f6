//! Turns serde-saphyr errors into diagnostics that say what to do.

use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::model::{FileId, Span};

use super::{INVALID, MALFORMED};

/// How many edits make `a` into `b` (Damerau-Levenshtein, optimal string alignment: two
/// swapped characters are one edit), and whether a swap is among them: `REQ-012` typed as
/// `REQ-021` is one edit, a swap, closer than `REQ-011` or `REQ-022` (one change).
pub fn edits(a: &str, b: &str) -> (usize, bool) {
    let osa = strsim::osa_distance(a, b);
    (osa, osa < strsim::levenshtein(a, b))
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let lower = word.to_lowercase();
    // A value written without its namespace (`fuzz` for `vuln/fuzz`) or in the wrong case.
    if let Some(hit) = candidates.iter().find(|c| {
        let c = c.to_lowercase();
        c == lower || c.rsplit('/').next() == Some(lower.as_str())
    }) {
        return Some(hit);
    }
    // Ranked by edits (Damerau-Levenshtein, optimal string alignment, so that two swapped
    // characters are one edit: REQ-021 for REQ-012), a swap before a change of character
    // (REQ-012 before REQ-011 and REQ-022), then the same family (`REQ-` for `REQ-`),
    // then Jaro-Winkler similarity.
    let family = |id: &str| id.rsplit_once('-').map(|(f, _)| f.to_lowercase());
    let wanted_family = family(word);
    let limit = (lower.chars().count() / 3).max(1);
    // (edits, not a swap, another family, dissimilarity): lower is closer.
    type Rank = (usize, bool, bool, u64);
    let mut best: Option<(Rank, &str)> = None;
    for candidate in candidates {
        let other = candidate.to_lowercase();
        let (edits, swap) = edits(&lower, &other);
        let similarity = strsim::jaro_winkler(&lower, &other);
        if edits > limit && similarity < 0.8 {
            continue;
        }
        let key = (
            edits,
            !swap,
            family(candidate) != wanted_family,
            ((1.0 - similarity) * 1e9) as u64,
        );
        if best.as_ref().is_none_or(|(k, _)| key < *k) {
            best = Some((key, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A budget breach in plain words, with the limit (see `yaml_options`).
fn budget_message(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("budget breached") || lower.contains("limit exceeded") {
        let what = if lower.contains("alias")
            || lower.contains("replay")
            || lower.contains("anchor")
        {
            "this file expands YAML aliases (`*name`) into more than 100,000 values, or uses more than 1,000 of them"
        } else if lower.contains("nodes") || lower.contains("events") {
            "this file holds more than 250,000 YAML values"
        } else if lower.contains("depth") {
            "values nest more than 48 levels deep here"
        } else if lower.contains("scalar") {
            "this file's text values add up to more than 16 MiB"
        } else if lower.contains("document") {
            "this file holds more than one YAML document (`---`)"
        } else {
            "this file exceeds a parser limit"
        };
        return Some(format!(
            "{what} (a limit that keeps hostile files cheap to check)"
        ));
    }
    None
}

/// The message of a serde-saphyr error without its trailing " at line L, column C".
fn bare_message(err: &serde_saphyr::Error) -> String {
    let text = err.to_string();
    let text = text.lines().next().unwrap_or("").to_string();
    // Budget errors carry the parser's own counters; say in plain words what was exceeded.
    if let Some(plain) = budget_message(&text) {
        return plain;
    }
    if let Some(rest) = text.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest)
            .trim();
        return format!("duplicate key `{key}`: the same key is written twice in one mapping");
    }
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Finds the length of the token at `offset`, so the underline covers the offending word.
fn token_len(text: &str, offset: usize) -> u32 {
    let rest = text.get(offset..).unwrap_or("");
    rest.char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len()) as u32
}

/// The span an error points at, computed from its line and column.
pub(crate) fn error_span(text: &str, err: &serde_saphyr::Error) -> Span {
    let Some(loc) = err.location() else {
        return Span::default();
    };
    let (line, column) = (loc.line() as u32, loc.column() as u32);
    if line == 0 {
        return Span::default();
    }
    let index = LineIndex::new(text);
    let offset = index.offset(text, line, column);
    Span {
        offset: offset as u32,
        len: token_len(text, offset),
        line,
        column,
    }
}

/// Splits a serde "expected one of a, b, c" list.
fn expected_list(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected one of ") else {
        return Vec::new();
    };
    message[i + "expected one of ".len()..]
        .split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The text between the first pair of backticks.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(&message[start..end])
}

/// Builds the diagnostic for a YAML error in `file`.
///
/// Syntax and limit errors are `PARSE-001`; type and field errors are `PARSE-002`, with a
/// did-you-mean for unknown fields and values.
pub fn yaml_error_diagnostic(file: FileId, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let message = bare_message(err);
    let span = error_span(text, err);
    let is_content = message.starts_with("unknown field")
        || message.starts_with("unknown variant")
        || message.starts_with("missing field")
        || message.starts_with("invalid")
        || message.starts_with("expected")
        || message.starts_with("duplicate key")
        || message.contains("is not an ISO 8601 date")
        || message.contains("is not a real calendar date");
    let code = if is_content { INVALID } else { MALFORMED };
    let help = if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let expected = expected_list(&message);
        let word = quoted(&message).unwrap_or("");
        let noun = if message.starts_with("unknown field") {
            "fields"
        } else {
            "values"
        };
        match suggest(word, expected.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("allowed {noun}: {}", expected.join(", ")),
        }
    } else if message.starts_with("missing field") {
        format!(
            "add `{}:` to this artifact",
            quoted(&message).unwrap_or("the field")
        )
    } else if message.contains("a limit that keeps hostile files cheap") {
        if message.contains("250,000") {
            "split the file into several files (one per artifact or per group)".to_string()
        } else if message.contains("48 levels") {
            "flatten the structure: artifacts need only a few levels".to_string()
        } else if message.contains("aliases") {
            "write the values out instead of repeating them through aliases".to_string()
        } else if message.contains("YAML document") {
            "keep one document per file; put further artifacts in a list or their own files"
                .to_string()
        } else {
            "split the file into smaller files".to_string()
        }
    } else if message.starts_with("duplicate key") {
        "keep one of the two entries (the later one would silently win in other tools)".to_string()
    } else if message.starts_with("invalid boolean") {
        "write `true` or `false`".to_string()
    } else if code == MALFORMED {
        "fix the YAML syntax at this position".to_string()
    } else {
        "see the kind's JSON Schema in schemas/ for the expected shape".to_string()
    };
    let message = if message.starts_with("unknown field") || message.starts_with("unknown variant")
    {
        message
            .split(", expected")
            .next()
            .unwrap_or(&message)
            .replace("unknown variant", "unknown value")
    } else {
        message
    };
    Diagnostic::new(code, Severity::Error, message)
        .at(file, span, "here")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn swapped_digits_first_then_the_same_family() {
        let ids = ["REQ-011", "REQ-022", "REQ-012", "CTL-021", "REQ-210"];
        assert_eq!(suggest("REQ-021", ids), Some("REQ-012"));
        assert_eq!(suggest("REQ-02", ["REQ-020", "CTL-02"]), Some("REQ-020"));
        assert_eq!(suggest("CTL-021", ids), Some("CTL-021"));
        assert_eq!(
            suggest("mitgates", ["mitigates", "controls"]),
            Some("mitigates")
        );
        assert_eq!(suggest("fuzz", ["vuln/fuzz", "test"]), Some("vuln/fuzz"));
        assert_eq!(suggest("completely-different", ["mitigates"]), None);
    }
}

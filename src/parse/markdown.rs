//! Reads an artifact from a Markdown file: YAML front matter between `---` lines, then the body.

use super::{MALFORMED, Parsed, yaml};
use crate::diag::{Diagnostic, Severity};
use crate::model::{FileId, Span};

/// Parses a Markdown file; files without front matter are not artifacts and yield nothing.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let Some(first) = text.lines().next() else {
        return Parsed::default();
    };
    if first.trim_end() != "---" {
        return Parsed::default();
    }
    // Find the closing delimiter; the front matter is parsed in place (the text up to the
    // closing line) so that spans need no shifting.
    let mut offset = first.len() + 1;
    for line in text[offset.min(text.len())..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let front = &text[..offset];
            let body = &text[offset + line.len()..];
            let mut parsed = yaml::parse_single(file, front);
            for artifact in &mut parsed.artifacts {
                artifact.markdown = Some(body.trim_start_matches(['\r', '\n']).to_string());
            }
            return parsed;
        }
        offset += line.len();
    }
    Parsed {
        broken_ids: Vec::new(),
        artifacts: Vec::new(),
        diagnostics: vec![
            Diagnostic::new(
                MALFORMED,
                Severity::Error,
                "the front matter is never closed",
            )
            .at(
                file,
                Span {
                    offset: 0,
                    len: 3,
                    line: 1,
                    column: 1,
                },
                "opened here",
            )
            .with_help("end the front matter with a line that holds only `---`"),
        ],
    }
}

//! Where things are, in the editor's terms: LSP positions count lines from 0 and columns in
//! UTF-16 code units; `dossier`'s spans are byte offsets. And file paths as `file://` URIs.

use lsp_types::{Position, Range, Uri};

use crate::model::Span;

/// The LSP position of a byte offset in a text (clamped to the text's end; an offset inside
/// a character counts from that character's start).
pub fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..floor_boundary(text, offset)];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|b| *b == b'\n').count() as u32;
    let character = before[line_start..].encode_utf16().count() as u32;
    Position { line, character }
}

/// A text's line starts, for turning many offsets of one file into positions without
/// scanning the text from its start each time.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes a text's lines.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The LSP position of a byte offset (as [`position`]).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character = text[self.starts[line]..offset].encode_utf16().count() as u32;
        Position {
            line: line as u32,
            character,
        }
    }

    /// The LSP range of a span (as [`range`]).
    pub fn range(&self, text: &str, span: Span) -> Range {
        if !span.is_known() {
            return Range::default();
        }
        let start = span.offset as usize;
        Range {
            start: self.position(text, start),
            end: self.position(text, start + span.len as usize),
        }
    }
}

/// The byte offset of an LSP position (clamped to its line's end, and to the text's end).
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0u32;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= position.character {
            return line_start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// The LSP range of a span in its file's text (an unknown span: the file's first line).
pub fn range(text: &str, span: Span) -> Range {
    if !span.is_known() {
        return Range::default();
    }
    let start = span.offset as usize;
    Range {
        start: position(text, start),
        end: position(text, start + span.len as usize),
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The `file://` URI of an absolute path, each byte outside the unreserved set and `/`
/// percent-encoded.
pub fn uri_of(path: &std::path::Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out.parse().ok()
}

/// The path a `file://` URI names (`None` for another scheme or a broken escape).
pub fn path_of(uri: &Uri) -> Option<std::path::PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) is ours.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(std::path::PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_count_utf16_units() {
        let text = "id: A\ntitle: é😀x\n";
        let x = text.find('x').unwrap_or_default();
        let p = position(text, x);
        // `title: ` is 7 units, `é` 1, `😀` 2.
        assert_eq!(p, Position::new(1, 10));
        assert_eq!(offset(text, p), x);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(offset(text, Position::new(0, 99)), 5);
        let index = LineIndex::new(text);
        for at in 0..=text.len() {
            assert_eq!(index.position(text, at), position(text, at), "at {at}");
        }
    }

    #[test]
    fn file_uris_round_trip() {
        let path = std::path::Path::new("/tmp/a dossier/é#1.yaml");
        let uri = uri_of(path).expect("a URI");
        assert_eq!(uri.as_str(), "file:///tmp/a%20dossier/%C3%A9%231.yaml");
        assert_eq!(path_of(&uri).as_deref(), Some(path));
        let other: Uri = "https://example.com/a".parse().expect("uri");
        assert_eq!(path_of(&other), None);
    }
}

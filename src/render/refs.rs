//! References in prose: artifact IDs and `§` section numbers an author typed.
//!
//! "See PLAN-001 §4" in a plan's body is a reference a reader wants to follow. The outputs
//! make such words links where they resolve: an ID to the artifact, a `§` number to the
//! heading of the same document that carries that number. Anything that does not resolve
//! stays text.

/// A piece of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain text.
    Text(&'a str),
    /// An artifact ID that exists.
    Id(&'a str),
    /// A section reference: the number (`3.3`) and the text as written (`§3.3`).
    Section(String, &'a str),
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Splits prose into text, existing IDs (`is_id`) and `§` references to numbers
/// `has_section` knows. Adjacent text is merged.
pub fn split<'a>(
    text: &'a str,
    is_id: impl Fn(&str) -> bool,
    has_section: impl Fn(&str) -> bool,
) -> Vec<Piece<'a>> {
    let mut out: Vec<Piece<'a>> = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    let push_text = |out: &mut Vec<Piece<'a>>, from: usize, to: usize| {
        if from < to {
            out.push(Piece::Text(&text[from..to]));
        }
    };
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '§' {
            let after = i + c.len_utf8();
            let digits_from = after + (text[after..].len() - text[after..].trim_start().len());
            let mut end = digits_from;
            while end < text.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                end += 1;
            }
            let number = text[digits_from..end].trim_end_matches('.');
            let end = digits_from + number.len();
            if !number.is_empty() && has_section(number) {
                push_text(&mut out, plain_from, i);
                out.push(Piece::Section(number.to_string(), &text[i..end]));
                i = end;
                plain_from = end;
                continue;
            }
            i = after;
            continue;
        }
        let starts_word = i == 0 || !text[..i].chars().next_back().is_some_and(id_char);
        if starts_word && c.is_ascii_alphabetic() {
            let len = rest.find(|ch: char| !id_char(ch)).unwrap_or(rest.len());
            // Sentence punctuation after an ID is not part of it.
            let token = rest[..len].trim_end_matches(['.', '-', '_']);
            if !token.is_empty() && is_id(token) {
                push_text(&mut out, plain_from, i);
                out.push(Piece::Id(&text[i..i + token.len()]));
                i += token.len();
                plain_from = i;
                continue;
            }
            i += len.max(1);
            continue;
        }
        i += c.len_utf8();
    }
    push_text(&mut out, plain_from, text.len());
    out
}

/// The number a heading carries (`3.3 Known exploited vulnerabilities` → `3.3`,
/// `2. Roles` → `2`), if it starts with one.
pub fn heading_number(text: &str) -> Option<String> {
    let text = text.trim_start();
    let len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number = text[..len].trim_end_matches('.');
    let starts_with_digit = number.chars().next().is_some_and(|c| c.is_ascii_digit());
    let followed = text[len..].starts_with(char::is_whitespace) || len == text.len();
    (starts_with_digit && followed && !number.contains("..")).then(|| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_sections_are_found_where_they_resolve() {
        let ids = ["PLAN-001", "CVE-2025-27809"];
        let pieces = split(
            "See PLAN-001 §4, PLAN-0010 and CVE-2025-27809. §9 is not here; xPLAN-001 neither.",
            |t| ids.contains(&t),
            |n| n == "4",
        );
        assert_eq!(
            pieces,
            vec![
                Piece::Text("See "),
                Piece::Id("PLAN-001"),
                Piece::Text(" "),
                Piece::Section("4".into(), "§4"),
                Piece::Text(", PLAN-0010 and "),
                Piece::Id("CVE-2025-27809"),
                Piece::Text(". §9 is not here; xPLAN-001 neither."),
            ]
        );
    }

    #[test]
    fn section_numbers_of_headings() {
        assert_eq!(heading_number("3.3 Known exploited"), Some("3.3".into()));
        assert_eq!(heading_number("2. Roles"), Some("2".into()));
        assert_eq!(heading_number("Roles"), None);
        assert_eq!(heading_number("2026 plan"), Some("2026".into()));
        assert_eq!(heading_number("4.2b Test"), None);
    }

    #[test]
    fn odd_text_never_panics() {
        for text in ["§", "§.", "§ 1.", "é§3", "A-", "-A", "§§1", "PLAN-001§1"] {
            let _ = split(text, |_| true, |_| true);
        }
    }
}

//! Diagrams and images, checked before anything decodes them.
//!
//! The PDF decodes every diagram an architecture view or a Markdown body shows, and a small
//! file can decode into gigabytes: a PNG that declares 100,000 × 100,000 pixels, or an SVG
//! whose `<use>` elements repeat groups that repeat groups ("billion laughs" in vector
//! form). Each file's header (or, for SVG, its element tree) is read here and held to limits;
//! a file over them is a finding and is left out of the PDF, never decoded.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Severity};
use crate::model::{Artifact, Span};
use crate::source::SourceSet;

/// The largest image file.
pub const MAX_IMAGE_BYTES: usize = 16 * 1024 * 1024;
/// The most pixels a raster image may declare (40 megapixels, 160 MB decoded).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The most elements an SVG may draw once its `<use>` references are expanded.
pub const MAX_SVG_ELEMENTS: u64 = 200_000;

/// Why an image is refused, if it is.
pub fn inspect(path: &str, bytes: &[u8]) -> Result<(), String> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "the image is {:.1} MiB, over the limit of {} MiB",
            bytes.len() as f64 / (1024.0 * 1024.0),
            MAX_IMAGE_BYTES / (1024 * 1024)
        ));
    }
    let lower = path.to_ascii_lowercase();
    let dimensions = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"GIF8") {
        gif(bytes)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        webp(bytes)
    } else if lower.ends_with(".svg") || lower.ends_with(".svgz") {
        return svg(bytes);
    } else if lower.ends_with(".png")
        || lower.ends_with(".jpg")
        || lower.ends_with(".jpeg")
        || lower.ends_with(".gif")
        || lower.ends_with(".webp")
    {
        return Err(
            "the file is not the image its name says (its header is not recognised)".into(),
        );
    } else {
        return Ok(());
    };
    let (width, height) =
        dimensions.ok_or("the image's header is truncated or malformed".to_string())?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "the image declares {width} × {height} pixels ({:.0} megapixels), over the limit of {} megapixels",
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

/// PNG: the IHDR chunk follows the signature.
fn png(b: &[u8]) -> Option<(u32, u32)> {
    (b.get(12..16)? == b"IHDR").then_some(())?;
    Some((be32(b, 16)?, be32(b, 20)?))
}

/// JPEG: the first start-of-frame marker holds the size.
fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD0..=0xD9 | 0x01) {
            i += 2;
            continue;
        }
        let len = usize::from(be16(b, i + 2)?);
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = be16(b, i + 5)?;
            let width = be16(b, i + 7)?;
            return Some((u32::from(width), u32::from(height)));
        }
        i += 2 + len;
    }
    None
}

/// GIF: the logical screen size.
fn gif(b: &[u8]) -> Option<(u32, u32)> {
    Some((u32::from(le16(b, 6)?), u32::from(le16(b, 8)?)))
}

/// WebP: lossy (VP8), lossless (VP8L) or extended (VP8X).
fn webp(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => Some((
            u32::from(le16(b, 26)? & 0x3FFF),
            u32::from(le16(b, 28)? & 0x3FFF),
        )),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// SVG: parsed (without DTDs, so no entity expansion), then the elements it draws counted
/// with every `<use>` expanded, each referenced element's count computed once.
fn svg(bytes: &[u8]) -> Result<(), String> {
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Err("compressed SVG (.svgz) is not accepted: save it uncompressed".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_string())?;
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|e| format!("the SVG is not well-formed XML: {e}"))?;
    let by_id: HashMap<&str, roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter_map(|n| n.attribute("id").map(|id| (id, n)))
        .collect();
    let mut memo: HashMap<roxmltree::NodeId, u64> = HashMap::new();
    let total = expanded(doc.root_element(), &by_id, &mut memo, &mut Vec::new())?;
    if total > MAX_SVG_ELEMENTS {
        return Err(format!(
            "the SVG draws {total} elements once its `<use>` references are expanded, over the limit of {MAX_SVG_ELEMENTS}"
        ));
    }
    Ok(())
}

/// The elements a node draws with its `<use>` references expanded (saturating, so a bomb
/// is counted without being built); a reference cycle is an error.
fn expanded<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    by_id: &HashMap<&'a str, roxmltree::Node<'a, 'i>>,
    memo: &mut HashMap<roxmltree::NodeId, u64>,
    path: &mut Vec<roxmltree::NodeId>,
) -> Result<u64, String> {
    if let Some(&n) = memo.get(&node.id()) {
        return Ok(n);
    }
    if path.contains(&node.id()) {
        return Err("the SVG's `<use>` references form a cycle".into());
    }
    if path.len() > 256 {
        return Err("the SVG nests more than 256 levels deep".into());
    }
    path.push(node.id());
    let mut count: u64 = 1;
    for child in node.children().filter(|c| c.is_element()) {
        count = count.saturating_add(expanded(child, by_id, memo, path)?);
    }
    if node.tag_name().name() == "use" {
        let href = node
            .attributes()
            .find(|a| a.name() == "href")
            .map(|a| a.value())
            .unwrap_or("");
        if let Some(target) = href.strip_prefix('#').and_then(|id| by_id.get(id)) {
            count = count.saturating_add(expanded(*target, by_id, memo, path)?);
        }
    }
    path.pop();
    memo.insert(node.id(), count);
    Ok(count)
}

/// Image paths an artifact shows: an architecture view's diagrams (with their spans) and
/// the images of its Markdown body (at the artifact).
pub fn shown(artifact: &Artifact) -> Vec<(String, Span)> {
    crate::model::evidence::images(artifact)
}

/// Checks every image the dossier's artifacts show; returns the findings and the paths
/// refused (the PDF leaves them out).
pub fn check_all(
    sources: &SourceSet,
    artifacts: &[Artifact],
) -> (Vec<Diagnostic>, std::collections::BTreeSet<String>) {
    let mut findings = Vec::new();
    let mut refused = std::collections::BTreeSet::new();
    let mut verdicts: HashMap<String, Result<(), String>> = HashMap::new();
    for artifact in artifacts {
        for (path, span) in shown(artifact) {
            let Some(rel) = crate::source::normalise(&path) else {
                continue;
            };
            if !sources.inventory.contains(&rel) {
                continue;
            }
            let verdict = verdicts
                .entry(rel.clone())
                .or_insert_with(|| match sources.backing.read(&rel) {
                    Ok(bytes) => inspect(&rel, &bytes),
                    Err(e) => Err(format!("the image cannot be read: {e}")),
                })
                .clone();
            if let Err(why) = verdict {
                refused.insert(rel.clone());
                findings.push(
                    Diagnostic::new(
                        super::MALFORMED,
                        Severity::Error,
                        format!("`{rel}`: {why}"),
                    )
                    .at(artifact.file, span, "this image")
                    .with_help(
                        "export the diagram smaller (or as a plain SVG); the PDF leaves it out until then",
                    )
                    .about(artifact.id().to_string()),
                );
            }
        }
    }
    (findings, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&width.to_be_bytes());
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0]);
        b
    }

    #[test]
    fn raster_sizes_are_read_from_headers() {
        assert!(inspect("a.png", &png_of(1000, 800)).is_ok());
        let bomb = inspect("a.png", &png_of(100_000, 100_000)).unwrap_err();
        assert!(bomb.contains("100000 × 100000"), "{bomb}");
        assert!(inspect("a.png", b"not a png").is_err());
        let gif = b"GIF89a\x10\x27\x10\x27";
        assert!(inspect("a.gif", gif).unwrap_err().contains("10000 × 10000"));
        // A JPEG: SOI, an APP0 segment, then SOF0 with 60000 x 60000.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xEA,
            0x60, 0xEA, 0x60, 0x01, 0x01, 0x11, 0x00,
        ];
        assert!(
            inspect("a.jpg", &jpeg)
                .unwrap_err()
                .contains("60000 × 60000")
        );
    }

    #[test]
    fn svg_use_amplification_is_counted_not_built() {
        let mut svg = String::from(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><g id=\"l0\"><rect width=\"1\" height=\"1\"/></g>",
        );
        for level in 1..=12 {
            svg.push_str(&format!("<g id=\"l{level}\">"));
            for _ in 0..10 {
                svg.push_str(&format!("<use xlink:href=\"#l{}\"/>", level - 1));
            }
            svg.push_str("</g>");
        }
        svg.push_str("</svg>");
        let err = inspect("bomb.svg", svg.as_bytes()).unwrap_err();
        assert!(err.contains("over the limit"), "{err}");
        let plain =
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>";
        assert!(inspect("ok.svg", plain.as_bytes()).is_ok());
        let cycle =
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g id=\"a\"><use href=\"#a\"/></g></svg>";
        assert!(
            inspect("c.svg", cycle.as_bytes())
                .unwrap_err()
                .contains("cycle")
        );
        let dtd = "<!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>";
        assert!(inspect("d.svg", dtd.as_bytes()).is_err());
    }
}

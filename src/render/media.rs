//! Media types of the files outputs carry: the PDF's attached evidence files and the
//! files `dossier serve` sends.

/// The media type of a file by its extension (for serving, and for the files the PDF
/// carries).
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "md" | "txt" | "yaml" | "yml" | "spdx" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

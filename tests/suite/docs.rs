//! The documentation: the book's generated pages are current, and the README and the book's
//! sources link only to files that exist. (`tests/run.sh` also builds the book with mdBook and
//! checks every link and anchor of the HTML it writes.)

use std::path::{Path, PathBuf};

use crate::support::root;

// Every generated page and region of the book equals a fresh generation (set UPDATE_BOOK=1 to
// rewrite them), and the generated folders hold nothing else.
#[test]
fn book_is_current() {
    let src = root().join("docs/src");
    if std::env::var_os("UPDATE_BOOK").is_some() {
        dossier::book::write(&src).expect("write the book's generated pages");
    }
    let mut stale = Vec::new();
    let pages = dossier::book::pages();
    for (name, text) in &pages {
        if std::fs::read_to_string(src.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    for dir in dossier::book::GENERATED_DIRS {
        for entry in std::fs::read_dir(src.join(dir)).expect("generated folder") {
            let path = entry.expect("entry").path();
            let name = format!(
                "{dir}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            if !pages.iter().any(|(n, _)| *n == name) {
                stale.push(format!("{name} (no longer generated)"));
            }
        }
    }
    for region in dossier::book::regions() {
        let page = std::fs::read_to_string(src.join(region.file)).expect("page with a region");
        if dossier::book::splice(&page, region.name, &region.text).as_deref() != Some(&page) {
            stale.push(format!("{} (region {})", region.file, region.name));
        }
    }
    assert!(
        stale.is_empty(),
        "the book is stale: {stale:?}; run `UPDATE_BOOK=1 cargo test book` and commit docs/src"
    );
}

/// The relative link targets of a Markdown file: `[text](target)` and `![alt](target)`,
/// outside code, without their `#fragment`.
fn relative_links(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for event in Parser::new_ext(text, pulldown_cmark::Options::all()) {
        let target = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        if target.contains("://") || target.starts_with("mailto:") || target.starts_with('#') {
            continue;
        }
        out.push(target.split('#').next().unwrap_or_default().to_string());
    }
    out
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

// The README is the landing page: short, and every link in it (into the book, to pictures)
// leads somewhere. The book's sources link only to pages and pictures that exist.
#[test]
fn readme_and_book_links_resolve() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(
        readme.len() < 10 * 1024,
        "the README is {} bytes; it is the landing page (under 10 KB): move detail to the book",
        readme.len()
    );
    let mut files = vec![root().join("README.md")];
    markdown_files(&root().join("docs/src"), &mut files);
    let mut dead = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("Markdown file");
        let base = file.parent().expect("folder");
        for target in relative_links(&text) {
            if !target.is_empty() && !base.join(&target).exists() {
                dead.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(dead.is_empty(), "dead links: {dead:#?}");
}

//! The files an artifact names as its evidence: an SBOM's document and VEX files, a test's
//! evidence, a test report's original, an architecture view's diagrams and the images its
//! Markdown shows.
//!
//! Why it is one list: an approval is of the artifact *with* its evidence. Replacing an
//! SBOM's JSON or a view's diagram after approval changes what was approved as surely as
//! editing a field, so the version history dates an artifact by its evidence files too
//! (DOC-002, CHG-001, CHG-002), and the image checks read the same list of images.

use super::{Artifact, Body, Span};

/// Every file the artifact names as evidence, as written (relative to the dossier root, not
/// yet normalised), with where it is named.
pub fn files(artifact: &Artifact) -> Vec<(String, Span)> {
    let mut out: Vec<(String, Span)> = Vec::new();
    match &artifact.body {
        Body::Sbom(sbom) => {
            out.push((sbom.path.value.clone(), sbom.path.span));
            out.extend(sbom.vex.iter().map(|v| (v.value.clone(), v.span)));
        }
        Body::Test(test) => {
            out.extend(
                test.evidence
                    .iter()
                    .map(|e| (e.path.value.clone(), e.path.span)),
            );
        }
        Body::TestReport(report) => {
            if let Some(original) = &report.original_report {
                out.push((original.path.value.clone(), original.path.span));
            }
        }
        _ => {}
    }
    out.extend(images(artifact));
    out
}

/// The images the artifact shows: an architecture view's diagrams, and the images its
/// Markdown body embeds (named at the artifact, as Markdown gives no line).
pub fn images(artifact: &Artifact) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    if let Body::ArchitectureView(view) = &artifact.body {
        out.extend(view.diagrams.iter().map(|d| (d.value.clone(), d.span)));
    }
    if let Some(md) = &artifact.markdown {
        for event in pulldown_cmark::Parser::new(md) {
            if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }) = event
            {
                out.push((dest_url.to_string(), artifact.span));
            }
        }
    }
    out
}

use crate::model::{Body, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The dossier has a machine-readable SBOM for the release: an `sbom` artifact whose
    /// `path` names a CycloneDX JSON or XML (1.4–1.7), SPDX JSON or tag-value (2.2, 2.3)
    /// or SPDX 3.0 JSON-LD file in the dossier that parses, is what the artifact declares (`format`, `spec_version`), matches its
    /// stated `sha256`, and names its author (CycloneDX `metadata.authors` or manufacturer,
    /// SPDX `Organization:`/`Person:` creators) and creation timestamp.
    ///
    /// ## Why it matters
    /// 524B(b)(3) requires an SBOM for a cyber device; NTIA's minimum elements include who
    /// wrote it and when. A file that does not parse, or is not the file that was reviewed,
    /// is no SBOM at all.
    ///
    /// ## Example
    /// ```yaml
    /// - id: SBOM-001
    ///   kind: sbom
    ///   path: sbom/firmware.cdx.json     # the file has no metadata.authors
    /// ```
    /// Passes instead: the file with `"authors": [{"name": "Meridian firmware team"}]` and a
    /// `"timestamp"`.
    ///
    /// ## How to fix
    /// Generate the SBOM (or fix it) and reference it.
    ///
    /// ## References
    /// FD&C Act 524B(b)(3); PMC §V.A.4(b); NTIA minimum elements.
    pub static SBOM_001 = {
        code: "SBOM-001",
        name: "missing-sbom",
        severity: Error,
        citation: "524B(b)(3); PMC §V.A.4(b); NTIA",
        fix_hint: "Generate or fix the SBOM",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-001.
    pub enum Message in MESSAGES;
    /// A dossier without an SBOM artifact.
    NoSbom => "the dossier has no SBOM",
        help: "add a `kind: sbom` artifact whose `path` names the CycloneDX or SPDX file";
    /// An SBOM file that cannot be read, in the reader's words.
    Unreadable { problem: String } => "{problem}";
    /// An SBOM file of another format than the artifact declares.
    FormatMismatch { declared: String, found: String } => "`format: {declared}` but the file is {found}";
    /// An SBOM file of another version than the artifact declares.
    VersionMismatch { declared: String, found: String } => "`spec_version: {declared}` but the file is version {found}";
    /// An SBOM file whose digest is not the one the artifact states.
    HashMismatch { actual: String } => "the SBOM file's SHA-256 is {actual}, not the one stated",
        help: "update `sha256:` after reviewing the new SBOM";
    /// An SBOM that names no author.
    NoAuthor { sbom: String } => "SBOM {sbom} names no author",
        help: "add the author (CycloneDX `metadata.authors`, SPDX `creators: [\"Organization: ...\"]`)";
    /// An SBOM without a creation timestamp.
    NoTimestamp { sbom: String } => "SBOM {sbom} has no creation timestamp";
    /// No SBOM is for the release being submitted.
    NoSbomForRelease { release: String } => "no SBOM is for release {release}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    if ctx.current(Kind::Sbom).next().is_none() {
        out.report_dossier(Message::NoSbom);
        return;
    }
    for loaded in ctx.sboms {
        let a = loaded.artifact;
        let artifact = ctx.artifact(a);
        let Body::Sbom(sbom) = &artifact.body else {
            continue;
        };
        if let Some((problem, span)) = &loaded.problem {
            match (loaded.file, span.is_known()) {
                (Some(file), true) => out.report_in(
                    a,
                    file,
                    *span,
                    Message::Unreadable {
                        problem: problem.clone(),
                    },
                ),
                _ => out.report(
                    a,
                    sbom.path.span,
                    Message::Unreadable {
                        problem: problem.clone(),
                    },
                ),
            };
            continue;
        }
        let file = loaded.file.unwrap_or(artifact.file);
        if let (Some(declared), Some(found)) = (&sbom.format, loaded.format)
            && declared.value != found
        {
            out.report(
                a,
                declared.span,
                Message::FormatMismatch {
                    declared: declared.value.to_string(),
                    found: found.to_string(),
                },
            );
        }
        if let (Some(declared), Some(found)) = (&sbom.spec_version, &loaded.spec_version)
            && declared.value.trim() != found
        {
            out.report(
                a,
                declared.span,
                Message::VersionMismatch {
                    declared: declared.value.trim().into(),
                    found: found.clone(),
                },
            );
        }
        if let (Some(stated), Some(actual)) = (&sbom.sha256, &loaded.sha256)
            && !stated.value.trim().eq_ignore_ascii_case(actual)
        {
            out.report(
                a,
                stated.span,
                Message::HashMismatch {
                    actual: actual.clone(),
                },
            );
        }
        if loaded.authors.is_empty() {
            out.report_in(
                a,
                file,
                Default::default(),
                Message::NoAuthor {
                    sbom: artifact.id().into(),
                },
            );
        }
        if loaded
            .timestamp
            .as_ref()
            .is_none_or(|t| t.trim().is_empty())
        {
            out.report_in(
                a,
                file,
                Default::default(),
                Message::NoTimestamp {
                    sbom: artifact.id().into(),
                },
            );
        }
    }
    if let Some(release) = ctx.release() {
        let for_release = ctx.current(Kind::Sbom).any(|(_, a)| {
            matches!(&a.body, Body::Sbom(s) if s.release_version.as_ref().is_none_or(|v| v.value.trim() == release.trim()))
        });
        if !for_release {
            out.report_dossier(Message::NoSbomForRelease {
                release: release.into(),
            });
        }
    }
}

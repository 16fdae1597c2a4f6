use crate::model::{Body, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

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
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    if ctx.current(Kind::Sbom).next().is_none() {
        out.report_dossier("the dossier has no SBOM")
            .and_help("add a `kind: sbom` artifact whose `path` names the CycloneDX or SPDX file");
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
                (Some(file), true) => out.report_in(a, file, *span, problem.clone()),
                _ => out.report(a, sbom.path.span, problem.clone()),
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
                format!("`format: {}` but the file is {}", declared.value, found),
            );
        }
        if let (Some(declared), Some(found)) = (&sbom.spec_version, &loaded.spec_version)
            && declared.value.trim() != found
        {
            out.report(
                a,
                declared.span,
                format!(
                    "`spec_version: {}` but the file is version {found}",
                    declared.value.trim()
                ),
            );
        }
        if let (Some(stated), Some(actual)) = (&sbom.sha256, &loaded.sha256)
            && !stated.value.trim().eq_ignore_ascii_case(actual)
        {
            out.report(
                a,
                stated.span,
                format!("the SBOM file's SHA-256 is {actual}, not the one stated"),
            )
            .and_help("update `sha256:` after reviewing the new SBOM");
        }
        if loaded.authors.is_empty() {
            out.report_in(a, file, Default::default(), format!("SBOM {} names no author", artifact.id()))
                .and_help("add the author (CycloneDX `metadata.authors`, SPDX `creators: [\"Organization: ...\"]`)");
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
                format!("SBOM {} has no creation timestamp", artifact.id()),
            );
        }
    }
    if let Some(release) = ctx.release() {
        let for_release = ctx.current(Kind::Sbom).any(|(_, a)| {
            matches!(&a.body, Body::Sbom(s) if s.release_version.as_ref().is_none_or(|v| v.value.trim() == release.trim()))
        });
        if !for_release {
            out.report_dossier(format!("no SBOM is for release {release}"));
        }
    }
}

use crate::diag::Severity;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every SBOM component has at least one unique identifier besides its name: a package
    /// URL (purl), a CPE, or a SWID tag. A hash is recommended too; a component without one is
    /// reported as a note.
    ///
    /// ## Why it matters
    /// Vulnerability databases match on purl and CPE; without them new advisories cannot be
    /// matched to the device automatically, which is what postmarket monitoring relies on.
    ///
    /// ## Example
    /// ```json
    /// { "bom-ref": "lwip", "supplier": { "name": "lwIP project" }, "name": "lwip", "version": "2.2.0" }
    /// ```
    /// Passes instead: with `"purl": "pkg:generic/lwip@2.2.0"`.
    ///
    /// ## How to fix
    /// Add a purl or CPE (and a hash).
    ///
    /// ## References
    /// NTIA minimum elements.
    pub static SBOM_003 = {
        code: "SBOM-003",
        name: "unidentifiable-sbom-component",
        severity: Warning,
        citation: "NTIA",
        fix_hint: "Add a purl or CPE",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else { continue };
        for c in &loaded.components {
            if c.purl.is_none() && c.cpe.is_none() && c.swid.is_none() {
                out.report_in(
                    loaded.artifact,
                    file,
                    c.span,
                    format!(
                        "component {} has no purl, CPE or SWID identifier",
                        c.label()
                    ),
                );
            } else if c.hashes.is_empty() {
                out.report_in(
                    loaded.artifact,
                    file,
                    c.span,
                    format!("component {} has no hash", c.label()),
                )
                .and_help("add a hash of the component (recommended, not required)");
                out.at_level(Severity::Info);
            }
        }
    }
}

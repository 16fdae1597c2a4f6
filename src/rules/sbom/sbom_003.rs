use crate::diag::Severity;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

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
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-003.
    pub enum Message in MESSAGES;
    /// A component without any identifier.
    NoIdentifier { component: String } => "component {component} has no purl, CPE or SWID identifier";
    /// A component without a hash (information only).
    NoHash { component: String } => "component {component} has no hash",
        help: "add a hash of the component (recommended, not required)";
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
                    Message::NoIdentifier {
                        component: c.label(),
                    },
                );
            } else if c.hashes.is_empty() {
                out.report_in(
                    loaded.artifact,
                    file,
                    c.span,
                    Message::NoHash {
                        component: c.label(),
                    },
                );
                out.at_level(Severity::Info);
            }
        }
    }
}

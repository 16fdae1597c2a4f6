use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every component of every SBOM names its supplier, its name and its version.
    ///
    /// ## Why it matters
    /// These are NTIA minimum elements: without them a component cannot be matched to
    /// vulnerability advisories or to a supplier's support commitments.
    ///
    /// ## Example
    /// ```json
    /// { "bom-ref": "lwip", "name": "lwip", "version": "2.2.0" }
    /// ```
    /// Passes instead:
    /// ```json
    /// { "bom-ref": "lwip", "supplier": { "name": "lwIP project" }, "name": "lwip", "version": "2.2.0" }
    /// ```
    ///
    /// ## How to fix
    /// Enrich the SBOM (most generators take the supplier from package metadata or a config).
    ///
    /// ## References
    /// NTIA minimum elements; PMC §V.A.4(b).
    pub static SBOM_002 = {
        code: "SBOM-002",
        name: "incomplete-sbom-component",
        severity: Error,
        citation: "NTIA; PMC §V.A.4(b)",
        fix_hint: "Enrich the SBOM",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-002.
    pub enum Message in MESSAGES;
    /// A component without some of its minimum elements.
    MissingElements { component: String, missing: String } => "component {component} has no {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else { continue };
        for c in &loaded.components {
            let mut missing = Vec::new();
            if c.supplier.is_none() {
                missing.push("supplier");
            }
            if c.name.is_none() {
                missing.push("name");
            }
            if c.version.is_none() {
                missing.push("version");
            }
            if !missing.is_empty() {
                out.report_in(
                    loaded.artifact,
                    file,
                    c.span,
                    Message::MissingElements {
                        component: c.label(),
                        missing: missing.join(", "),
                    },
                );
            }
        }
    }
}

use crate::model::Body;
use crate::model::EndOfSupport;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every SBOM component has an end-of-support date, or `unknown` with a justification.
    /// Sources: CycloneDX property `cdx:lifecycle:milestone:endOfSupport`, SPDX 2.3
    /// `validUntilDate`, SPDX 3 `validUntilTime`, or the `addendum:` of the `sbom` artifact.
    ///
    /// ## Why it matters
    /// A device is supported for years; a component whose support ends first leaves a gap
    /// that must be planned for. FDA asks for the end of support of each component.
    ///
    /// ## Example
    /// A component `mbedtls` with neither an end-of-support property nor an addendum entry.
    ///
    /// Passes instead: `"properties": [{ "name": "cdx:lifecycle:milestone:endOfSupport",
    /// "value": "2027-03-31" }]`.
    ///
    /// ## How to fix
    /// Add the date, or `unknown` with a justification.
    ///
    /// ## References
    /// PMC §V.A.4(b).
    pub static SBOM_EOS_002 = {
        code: "SBOM-EOS-002",
        name: "unknown-end-of-support",
        severity: Error,
        citation: "PMC §V.A.4(b)",
        fix_hint: "Add the date or a justification",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else { continue };
        let Body::Sbom(sbom) = &ctx.artifact(loaded.artifact).body else {
            continue;
        };
        let entries = super::addendum_entries(sbom, loaded);
        for (i, c) in loaded.components.iter().enumerate() {
            let message = match &c.end_of_support {
                None => format!("component {} has no end of support", c.label()),
                Some(eos)
                    if eos.value == EndOfSupport::Unknown
                        && c.support_justification
                            .as_ref()
                            .is_none_or(|j| j.value.trim().is_empty()) =>
                {
                    format!(
                        "the end of support of {} is unknown without a justification",
                        c.label()
                    )
                }
                Some(_) => continue,
            };
            super::report_support(
                out,
                loaded,
                file,
                c,
                entries.get(&i).map(|&n| &sbom.addendum[n]),
                message,
                (
                    "end_of_support",
                    ": a date, or `unknown` with a `justification`",
                ),
            );
        }
    }
}

use crate::model::Body;
use crate::model::EndOfSupport;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

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
        messages: [MESSAGES, super::SUPPORT_MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-EOS-002.
    pub enum Message in MESSAGES;
    /// A component with no end of support, at its addendum entry.
    NoEndAtEntry { component: String } => "component {component} has no end of support",
        help: "add `end_of_support:` to this addendum entry: a date, or `unknown` with a `justification`";
    /// A component with no end of support and no addendum entry.
    NoEnd { component: String } => "component {component} has no end of support",
        help: "state it in the SBOM, or in an `addendum:` entry of the sbom artifact (`component:`, `end_of_support:`)";
    /// An end of support `unknown` without a justification, at its addendum entry.
    UnknownUnjustifiedAtEntry { component: String } => "the end of support of {component} is unknown without a justification",
        help: "add `end_of_support:` to this addendum entry: a date, or `unknown` with a `justification`";
    /// An end of support `unknown` without a justification, and no addendum entry.
    UnknownUnjustified { component: String } => "the end of support of {component} is unknown without a justification",
        help: "state it in the SBOM, or in an `addendum:` entry of the sbom artifact (`component:`, `end_of_support:`)";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else { continue };
        let Body::Sbom(sbom) = &ctx.artifact(loaded.artifact).body else {
            continue;
        };
        let entries = super::addendum_entries(sbom, loaded);
        for (i, c) in loaded.components.iter().enumerate() {
            let messages = match &c.end_of_support {
                None => (
                    Message::NoEndAtEntry {
                        component: c.label(),
                    },
                    Message::NoEnd {
                        component: c.label(),
                    },
                ),
                Some(eos)
                    if eos.value == EndOfSupport::Unknown
                        && c.support_justification
                            .as_ref()
                            .is_none_or(|j| j.value.trim().is_empty()) =>
                {
                    (
                        Message::UnknownUnjustifiedAtEntry {
                            component: c.label(),
                        },
                        Message::UnknownUnjustified {
                            component: c.label(),
                        },
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
                messages,
            );
        }
    }
}

use crate::model::{Body, SupportLevel};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every SBOM component has a level of support — actively maintained, no longer
    /// maintained, abandoned, or unknown with a justification — from the SBOM itself or from
    /// the `addendum:` of its `sbom` artifact. Every addendum entry names a component of the
    /// file.
    ///
    /// ## Why it matters
    /// FDA asks for each component's level of support: an unmaintained library will not get
    /// fixes, so its vulnerabilities become the manufacturer's to handle.
    ///
    /// ## Example
    /// An SBOM component `lwip` with no support data.
    ///
    /// Passes instead:
    /// ```yaml
    /// addendum:
    ///   - component: lwip
    ///     level_of_support: actively_maintained
    ///     end_of_support: unknown
    ///     justification: Community project without announced end of life; monitored monthly.
    /// ```
    ///
    /// ## How to fix
    /// Add it via SPDX 3 `supportLevel`, a CycloneDX property, or the addendum.
    ///
    /// ## References
    /// PMC §V.A.4(b).
    pub static SBOM_EOS_001 = {
        code: "SBOM-EOS-001",
        name: "unknown-support-level",
        severity: Error,
        citation: "PMC §V.A.4(b)",
        fix_hint: "Add it via SPDX 3 `supportLevel`, a CycloneDX property, or the addendum",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES, super::SUPPORT_MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-EOS-001.
    pub enum Message in MESSAGES;
    /// An addendum entry that names no component of the SBOM.
    UnmatchedEntry { entry: String } => "addendum entry `{entry}` names no component of the SBOM",
        help: "use the component's bom-ref, SPDXID, purl or name@version";
    /// A component with no level of support, at its addendum entry.
    NoLevelAtEntry { component: String } => "component {component} has no level of support",
        help: "add `level_of_support:` to this addendum entry";
    /// A component with no level of support and no addendum entry.
    NoLevel { component: String } => "component {component} has no level of support",
        help: "state it in the SBOM, or in an `addendum:` entry of the sbom artifact (`component:`, `level_of_support:`)";
    /// A support level `unknown` without a justification.
    UnknownUnjustified { component: String } => "the support level of {component} is unknown without a justification";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Body::Sbom(sbom) = &ctx.artifact(loaded.artifact).body else {
            continue;
        };
        for &n in &loaded.unmatched_addendum {
            let entry = &sbom.addendum[n];
            out.report(
                loaded.artifact,
                entry.component.span,
                Message::UnmatchedEntry {
                    entry: entry.component.value.trim().into(),
                },
            );
        }
        let Some(file) = loaded.file else { continue };
        let entries = super::addendum_entries(sbom, loaded);
        for (i, c) in loaded.components.iter().enumerate() {
            let entry = entries.get(&i).map(|&n| &sbom.addendum[n]);
            match &c.level_of_support {
                None => {
                    let messages = (
                        Message::NoLevelAtEntry {
                            component: c.label(),
                        },
                        Message::NoLevel {
                            component: c.label(),
                        },
                    );
                    super::report_support(out, loaded, file, c, entry, messages);
                }
                Some(level)
                    if level.value == SupportLevel::Unknown
                        && c.support_justification
                            .as_ref()
                            .is_none_or(|j| j.value.trim().is_empty()) =>
                {
                    out.report(
                        loaded.artifact,
                        level.span,
                        Message::UnknownUnjustified {
                            component: c.label(),
                        },
                    )
                    .and_related(
                        file,
                        c.span,
                        super::SupportMessage::ComponentInSbom,
                    );
                }
                Some(_) => {}
            }
        }
    }
}

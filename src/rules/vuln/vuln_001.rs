use crate::model::{Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every current known vulnerability (written as a `vulnerability` artifact, or matched
    /// to an SBOM component by a scanner, feed or VEX import) has a current `vuln_assessment`
    /// naming it in `vulnerability:`.
    ///
    /// ## Why it matters
    /// FDA asks for an assessment of every known vulnerability in the device's components;
    /// a vulnerability that is known but unassessed is an open question in the submission.
    ///
    /// ## Example
    /// A `vulnerability` CVE-2024-1234 with no assessment.
    ///
    /// Passes instead:
    /// ```yaml
    /// - id: VA-007
    ///   kind: vuln_assessment
    ///   vulnerability: CVE-2024-1234
    /// ```
    ///
    /// ## How to fix
    /// Assess it.
    ///
    /// ## References
    /// PMC §V.A.4(b).
    pub static VULN_001 = {
        code: "VULN-001",
        name: "unassessed-vulnerability",
        severity: Error,
        citation: "PMC §V.A.4(b)",
        fix_hint: "Assess it",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    // Advisories matched against the SBOMs: each needs a vulnerability artifact (by its ID or
    // an alias), whose own assessment the loop below checks.
    let recorded: std::collections::BTreeSet<&str> = ctx
        .current(Kind::Vulnerability)
        .map(|(_, v)| v.id())
        .collect();
    for m in ctx.advisories {
        if m.ids().any(|id| recorded.contains(id)) {
            continue;
        }
        let sbom = &ctx.sboms[m.sbom];
        let component = &sbom.components[m.component];
        let Some(file) = sbom.file else { continue };
        let name = component
            .name
            .as_ref()
            .map(|n| n.value.as_str())
            .unwrap_or(component.bom_ref.value.as_str());
        let version = component
            .version
            .as_ref()
            .map(|v| v.value.as_str())
            .unwrap_or("?");
        let aliases = if m.aliases.is_empty() {
            String::new()
        } else {
            format!(" ({})", m.aliases.join(", "))
        };
        let fixed = m
            .fixed
            .as_ref()
            .map(|f| format!("; fixed in {f}"))
            .unwrap_or_default();
        out.report_in(
            sbom.artifact,
            file,
            component.span,
            format!(
                "advisory {}{aliases} affects {name} {version}{fixed}, and no vulnerability artifact records it",
                m.id
            ),
        )
        .and_help(format!(
            "add a `vulnerability` artifact with ID {} (or one of its aliases) and assess it in a `vuln_assessment`",
            m.aliases.iter().find(|a| a.starts_with("CVE-")).unwrap_or(&m.id)
        ));
    }

    // VEX statements (imported documents or the SBOM's own `vulnerabilities`): each names a
    // known vulnerability in a component the SBOM lists, which the dossier must record.
    for sbom in ctx.sboms {
        for vex in &sbom.vex {
            let Some(file) = vex.file else { continue };
            for (n, statement) in vex.doc.statements.iter().enumerate() {
                if vex.components.get(n).copied().flatten().is_none()
                    || statement.ids().any(|id| recorded.contains(id))
                {
                    continue;
                }
                out.report_in(
                    sbom.artifact,
                    file,
                    vex.doc.spans[n],
                    format!(
                        "the {} statement on {} ({} in {}) has no vulnerability artifact",
                        vex.doc.format.map(|f| f.to_string()).unwrap_or_default(),
                        statement.vulnerability,
                        statement.status,
                        statement.component
                    ),
                )
                .and_help(format!(
                    "add a `vulnerability` artifact with ID {} and assess it in a `vuln_assessment` that agrees with the VEX status",
                    statement.vulnerability
                ));
            }
        }
    }

    for (v, vuln) in ctx.current(Kind::Vulnerability) {
        let assessed = ctx
            .graph
            .sources(v, Relation::AssessmentVulnerability)
            .any(|a| !ctx.artifact(a).envelope.status.value.is_retired());
        if !assessed {
            out.report(
                v,
                Default::default(),
                format!("known vulnerability {} has no assessment", vuln.id()),
            );
        }
    }
}

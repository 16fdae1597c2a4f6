use crate::model::{Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

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
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VULN-001.
    pub enum Message in MESSAGES;
    /// An advisory matched to a component, with no aliases or fix, that nothing records.
    UnrecordedAdvisory { advisory: String, component: String, version: String, id: String } => "advisory {advisory} affects {component} {version}, and no vulnerability artifact records it",
        help: "add a `vulnerability` artifact with ID {id} (or one of its aliases) and assess it in a `vuln_assessment`";
    /// An advisory with aliases, matched to a component, that nothing records.
    UnrecordedAdvisoryAliases { advisory: String, aliases: String, component: String, version: String, id: String } => "advisory {advisory} ({aliases}) affects {component} {version}, and no vulnerability artifact records it",
        help: "add a `vulnerability` artifact with ID {id} (or one of its aliases) and assess it in a `vuln_assessment`";
    /// An advisory with a fixed version, matched to a component, that nothing records.
    UnrecordedAdvisoryFixed { advisory: String, component: String, version: String, fixed: String, id: String } => "advisory {advisory} affects {component} {version}; fixed in {fixed}, and no vulnerability artifact records it",
        help: "add a `vulnerability` artifact with ID {id} (or one of its aliases) and assess it in a `vuln_assessment`";
    /// An advisory with aliases and a fixed version, matched to a component, that nothing records.
    UnrecordedAdvisoryAliasesFixed { advisory: String, aliases: String, component: String, version: String, fixed: String, id: String } => "advisory {advisory} ({aliases}) affects {component} {version}; fixed in {fixed}, and no vulnerability artifact records it",
        help: "add a `vulnerability` artifact with ID {id} (or one of its aliases) and assess it in a `vuln_assessment`";
    /// A VEX statement on a listed component whose vulnerability nothing records.
    UnrecordedStatement { format: String, vulnerability: String, status: String, component: String } => "the {format} statement on {vulnerability} ({status} in {component}) has no vulnerability artifact",
        help: "add a `vulnerability` artifact with ID {vulnerability} and assess it in a `vuln_assessment` that agrees with the VEX status";
    /// A vulnerability artifact with no current assessment.
    Unassessed { vulnerability: String } => "known vulnerability {vulnerability} has no assessment";
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
            .unwrap_or(component.bom_ref.value.as_str())
            .to_string();
        let version = component
            .version
            .as_ref()
            .map(|v| v.value.as_str())
            .unwrap_or("?")
            .to_string();
        let advisory = m.id.clone();
        let id = m
            .aliases
            .iter()
            .find(|a| a.starts_with("CVE-"))
            .unwrap_or(&m.id)
            .clone();
        let message = match (m.aliases.is_empty(), &m.fixed) {
            (true, None) => Message::UnrecordedAdvisory {
                advisory,
                component: name,
                version,
                id,
            },
            (false, None) => Message::UnrecordedAdvisoryAliases {
                advisory,
                aliases: m.aliases.join(", "),
                component: name,
                version,
                id,
            },
            (true, Some(fixed)) => Message::UnrecordedAdvisoryFixed {
                advisory,
                component: name,
                version,
                fixed: fixed.clone(),
                id,
            },
            (false, Some(fixed)) => Message::UnrecordedAdvisoryAliasesFixed {
                advisory,
                aliases: m.aliases.join(", "),
                component: name,
                version,
                fixed: fixed.clone(),
                id,
            },
        };
        out.report_in(sbom.artifact, file, component.span, message);
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
                    Message::UnrecordedStatement {
                        format: vex.doc.format.map(|f| f.to_string()).unwrap_or_default(),
                        vulnerability: statement.vulnerability.clone(),
                        status: statement.status.to_string(),
                        component: statement.component.clone(),
                    },
                );
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
                Message::Unassessed {
                    vulnerability: vuln.id().into(),
                },
            );
        }
    }
}

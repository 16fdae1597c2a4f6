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
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
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

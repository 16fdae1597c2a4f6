use crate::model::{Applicability, Body, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A vulnerability in CISA's Known Exploited Vulnerabilities catalog (`kev_listed: true`,
    /// or listed in the catalog file named by the parameter `kev_catalog`) is, for the
    /// release being submitted, either `fixed` or `not_affected` with a
    /// justification in its assessment. Compensating controls alone are not enough: a KEV
    /// vulnerability that still affects the release is a finding whatever the determination.
    ///
    /// ## Why it matters
    /// Known exploited vulnerabilities are being used by attackers now. FDA expects them to be
    /// designed out of a device before it is submitted, not mitigated around.
    ///
    /// ## Example
    /// ```yaml
    /// per_version:
    ///   - { version: 2.4.0, applicability: affected }
    /// determination: controlled
    /// ```
    /// Passes instead: `applicability: fixed` for 2.4.0.
    ///
    /// ## How to fix
    /// Update or remove the component; show it is not affected, with the reason.
    ///
    /// ## References
    /// PMC §V.A.2, §VI.B.
    pub static VULN_003 = {
        code: "VULN-003",
        name: "known-exploited-vulnerability-present",
        severity: Error,
        citation: "PMC §V.A.2, §VI.B",
        fix_hint: "Design it out",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VULN-003.
    pub enum Message in MESSAGES;
    /// A KEV-listed vulnerability not shown fixed or not affecting the release.
    Unresolved { vulnerability: String, release: String } => "KEV-listed {vulnerability} is not shown fixed or not affecting release {release}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let release = ctx.release().unwrap_or("").trim();
    for (v, vuln) in ctx.current(Kind::Vulnerability) {
        let Body::Vulnerability(body) = &vuln.body else {
            continue;
        };
        let flagged = body.kev_listed.as_ref().filter(|k| k.value);
        if flagged.is_none() && !ctx.kev.contains(vuln.id()) {
            continue;
        }
        let span = flagged.map_or(vuln.envelope.id.span, |k| k.span);
        let resolved = ctx
            .graph
            .sources(v, Relation::AssessmentVulnerability)
            .any(|a| {
                let Body::VulnAssessment(x) = &ctx.artifact(a).body else {
                    return false;
                };
                x.per_version.iter().any(|p| {
                    p.version.value.trim() == release
                        && (p.applicability.value == Applicability::Fixed
                            || (p.applicability.value == Applicability::NotAffected
                                && p.justification
                                    .as_ref()
                                    .is_some_and(|j| !j.value.trim().is_empty())))
                })
            });
        if !resolved {
            out.report(
                v,
                span,
                Message::Unresolved {
                    vulnerability: vuln.id().into(),
                    release: release.into(),
                },
            );
        }
    }
}

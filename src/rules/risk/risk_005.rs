use crate::model::{Applicability, Body, Kind, Residual};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Nothing submitted is uncontrolled: no current security risk that applies to the release
    /// (`applies_to_versions` empty or naming it) has `residual: uncontrolled`, and no
    /// vulnerability assessment with `determination: uncontrolled` leaves the release affected
    /// or under investigation, unless a validated remediation has shipped (`fix_released_on`
    /// with a passing `fix_validation` test).
    ///
    /// ## Why it matters
    /// 524B(b)(2) asks for reasonable assurance that the device is cybersecure; an
    /// uncontrolled risk in the submitted release is the one thing that cannot be argued
    /// away in the submission.
    ///
    /// ## Example
    /// ```yaml
    /// - id: RSK-006
    ///   kind: security_risk
    ///   residual: uncontrolled
    /// ```
    /// Passes instead: controls that bring the risk to `controlled`, verified.
    ///
    /// ## How to fix
    /// Add controls, or remediate before submitting.
    ///
    /// ## References
    /// FD&C Act 524B(b)(2)(B); PMK §VII.B; ISO 14971 7.3–7.4.
    pub static RISK_005 = {
        code: "RISK-005",
        name: "uncontrolled-risk-in-release",
        severity: Error,
        citation: "524B(b)(2)(B); PMK §VII.B; 14971 7.3–7.4",
        fix_hint: "Add controls, or remediate before submitting",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RISK-005.
    pub enum Message in MESSAGES;
    /// An uncontrolled security risk that applies to the release.
    UncontrolledRisk { risk: String, release: String } => "security risk {risk} is uncontrolled in release {release}";
    /// An uncontrolled vulnerability assessment whose release is not shown fixed.
    UncontrolledVulnerability { assessment: String, release: String } => "vulnerability assessment {assessment} is uncontrolled and release {release} is not shown fixed";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let release = ctx.release().unwrap_or("").trim();
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(r) = &risk.body else {
            continue;
        };
        let applies = r.applies_to_versions.is_empty()
            || r.applies_to_versions
                .iter()
                .any(|v| v.value.trim() == release);
        if let Some(residual) = &r.residual
            && residual.value == Residual::Uncontrolled
            && applies
        {
            out.report(
                i,
                residual.span,
                Message::UncontrolledRisk {
                    risk: risk.id().into(),
                    release: release.into(),
                },
            );
        }
    }
    for (i, va) in ctx.current(Kind::VulnAssessment) {
        let Body::VulnAssessment(a) = &va.body else {
            continue;
        };
        let Some(determination) = &a.determination else {
            continue;
        };
        if determination.value != Residual::Uncontrolled {
            continue;
        }
        let for_release = a
            .per_version
            .iter()
            .find(|v| v.version.value.trim() == release);
        let open = for_release.is_none_or(|v| {
            matches!(
                v.applicability.value,
                Applicability::Affected | Applicability::Investigating
            )
        });
        let remediated = a.fix_released_on.is_some()
            && a.fix_validation.as_ref().is_some_and(|t| {
                ctx.graph
                    .index
                    .get(t.value.trim())
                    .is_some_and(|&t| ctx.passing_on_release(t))
            });
        if open && !remediated {
            out.report(
                i,
                determination.span,
                Message::UncontrolledVulnerability {
                    assessment: va.id().into(),
                    release: release.into(),
                },
            );
        }
    }
}

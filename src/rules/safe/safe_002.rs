use crate::model::{Body, CauseType, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every hazard with a security cause, or linked to a security risk, has a residual-risk
    /// verdict (`residual_acceptable`) with a `residual_rationale`; and the device states the
    /// overall residual-risk conclusion of the security risk management report in
    /// `residual_risk_conclusion`.
    ///
    /// ## Why it matters
    /// ISO 14971 asks for a decision on each residual risk and on the overall residual risk;
    /// the security risk management report must close with that conclusion, and it must agree
    /// with the safety file.
    ///
    /// ## Example
    /// ```yaml
    /// - id: HAZ-001
    ///   kind: hazard
    ///   title: Over-infusion
    ///   status: approved
    ///   cause_type: security
    ///   security_risks: [RSK-001]
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   residual_acceptable: true
    ///   residual_rationale: Exploitation needs physical interaction with the pump.
    /// ```
    ///
    /// ## How to fix
    /// Add the verdict and rationale to the hazard, and the conclusion to the device.
    ///
    /// ## References
    /// ISO 14971 7.3, 8; PMC §V.A.
    pub static SAFE_002 = {
        code: "SAFE-002",
        name: "missing-residual-risk-verdict",
        severity: Error,
        citation: "14971 7.3, 8; PMC §V.A",
        fix_hint: "Add the rationale or conclusion",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SAFE-002.
    pub enum Message in MESSAGES;
    /// A security-related hazard with no residual-risk verdict.
    NoVerdict { hazard: String } => "hazard {hazard} has no residual-risk verdict",
        help: "add `residual_acceptable: true|false` with a `residual_rationale`";
    /// A residual-risk verdict without a rationale.
    NoRationale { hazard: String } => "the residual-risk verdict of hazard {hazard} has no rationale",
        help: "add `residual_rationale:`";
    /// A device with security risks that states no overall residual-risk conclusion.
    NoConclusion => "the device states no overall residual-risk conclusion",
        help: "add `residual_risk_conclusion:` to the device: the security risk management report ends with it";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (h, hazard) in ctx.current(Kind::Hazard) {
        let Body::Hazard(hz) = &hazard.body else {
            continue;
        };
        let security = hz
            .cause_type
            .as_ref()
            .is_some_and(|c| c.value == CauseType::Security)
            || ctx.graph.targets(h, Relation::HazardRisk).next().is_some()
            || ctx.graph.sources(h, Relation::RiskHazard).next().is_some();
        if !security {
            continue;
        }
        if hz.residual_acceptable.is_none() {
            out.report(
                h,
                Default::default(),
                Message::NoVerdict {
                    hazard: hazard.id().into(),
                },
            );
        } else if hz
            .residual_rationale
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            let span = hz
                .residual_acceptable
                .as_ref()
                .map(|r| r.span)
                .unwrap_or_default();
            out.report(
                h,
                span,
                Message::NoRationale {
                    hazard: hazard.id().into(),
                },
            );
        }
    }
    if ctx.current(Kind::SecurityRisk).next().is_some()
        && let Some((i, device)) = ctx.device()
        && device
            .residual_risk_conclusion
            .as_ref()
            .is_none_or(|c| c.value.trim().is_empty())
    {
        out.report(i, Default::default(), Message::NoConclusion);
    }
}

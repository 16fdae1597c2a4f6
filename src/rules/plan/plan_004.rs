use crate::model::{PlanType, Status};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// An approved `security_risk_management` plan defines the scoring method (its
    /// `scales` of exploitability and severity), the acceptance criteria (an
    /// `acceptance_matrix`) and how security risks are transferred into safety risk
    /// management (`safety_transfer`).
    ///
    /// ## Why it matters
    /// Risks can only be scored and judged consistently against criteria defined before the
    /// analysis; the plan is also where the link to the ISO 14971 process is set.
    ///
    /// ## Example
    /// ```yaml
    /// - id: PLAN-001
    ///   kind: plan
    ///   plan_type: security_risk_management
    ///   scales: { exploitability: [low, medium, high], severity: [minor, serious, critical] }
    /// ```
    /// Passes instead: with an `acceptance_matrix` and a `safety_transfer`.
    ///
    /// ## How to fix
    /// Write the plan's method, criteria and transfer.
    ///
    /// ## References
    /// PMC §V.A, §V.A.2; AAMI TIR57, SW96; ISO 13485 7.1; ISO 14971 4.4.
    pub static PLAN_004 = {
        code: "PLAN-004",
        name: "incomplete-security-risk-management-plan",
        severity: Error,
        citation: "PMC §V.A, §V.A.2; TIR57/SW96; 13485 7.1; 14971 4.4",
        fix_hint: "Write the plan",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of PLAN-004.
    pub enum Message in MESSAGES;
    /// The dossier has no security risk management plan.
    NoPlan => "the dossier has no security risk management plan";
    /// The plan is not approved.
    NotApproved { plan: String } => "security risk management plan {plan} is not approved";
    /// The plan lacks its scales, acceptance matrix or safety transfer.
    Incomplete { plan: String, missing: String } => "security risk management plan {plan} lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let plans = super::plans(ctx, &[PlanType::SecurityRiskManagement]);
    let Some(&(i, plan)) = plans.first() else {
        out.report_dossier(Message::NoPlan);
        return;
    };
    if ctx.artifact(i).envelope.status.value != Status::Approved {
        out.report(
            i,
            Default::default(),
            Message::NotApproved {
                plan: ctx.artifact(i).id().into(),
            },
        );
    }
    let mut missing = Vec::new();
    if plan
        .scales
        .as_ref()
        .is_none_or(|s| s.exploitability.is_empty() || s.severity.is_empty())
    {
        missing.push("the scoring `scales`");
    }
    if plan.acceptance_matrix.is_empty() {
        missing.push("an `acceptance_matrix`");
    }
    if plan
        .safety_transfer
        .as_ref()
        .is_none_or(|s| s.value.trim().is_empty())
    {
        missing.push("`safety_transfer`");
    }
    if !missing.is_empty() {
        out.report(
            i,
            plan.plan_type.span,
            Message::Incomplete {
                plan: ctx.artifact(i).id().into(),
                missing: missing.join(", "),
            },
        );
    }
}

use crate::model::PlanType;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A coordinated vulnerability disclosure procedure (a plan with `plan_type: cvd`) covers,
    /// under `elements:`, vulnerabilities reported from outside (`external_reports`:
    /// researchers, suppliers, customers), vulnerabilities found internally
    /// (`internal_findings`), and how disclosure is done, including acknowledging the
    /// reporter (`disclosure`).
    ///
    /// ## Why it matters
    /// 524B(b)(1) names coordinated vulnerability disclosure explicitly; researchers need to
    /// know how to report, and FDA expects the manufacturer to handle its own findings the
    /// same way.
    ///
    /// ## Example
    /// A CVD plan with `elements: { external_reports: "§2" }` only.
    ///
    /// Passes instead: `external_reports`, `internal_findings` and `disclosure` all mapped.
    ///
    /// ## How to fix
    /// Write the missing parts of the CVD procedure.
    ///
    /// ## References
    /// FD&C Act 524B(b)(1); PMC §VII.C.1; PMK §VII.
    pub static PLAN_002 = {
        code: "PLAN-002",
        name: "incomplete-cvd-procedure",
        severity: Error,
        citation: "524B(b)(1); PMC §VII.C.1; PMK §VII",
        fix_hint: "Write the CVD procedure",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of PLAN-002.
    pub enum Message in MESSAGES;
    /// The dossier has no CVD procedure.
    NoProcedure => "the dossier has no coordinated vulnerability disclosure procedure";
    /// The procedure maps some of its elements to no section.
    Incomplete { plan: String, missing: String } => "CVD procedure {plan} does not cover {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let plans = super::plans(ctx, &[PlanType::Cvd]);
    let Some(&(i, plan)) = plans.first() else {
        out.report_dossier(Message::NoProcedure);
        return;
    };
    let missing = super::missing_elements(
        plan,
        &["external_reports", "internal_findings", "disclosure"],
    );
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

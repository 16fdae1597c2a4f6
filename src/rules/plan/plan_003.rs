use crate::model::PlanType;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The patch and update plan (`plan_type: patch_update`, or the cybersecurity management
    /// plan) gives a regular update cycle in days (`regular_cycle_days`) with a
    /// `cycle_justification`, a target for out-of-cycle fixes of critical uncontrolled
    /// vulnerabilities (`out_of_cycle_target_days`), and says how all fielded versions are
    /// covered (the `fielded_versions` element).
    ///
    /// ## Why it matters
    /// 524B(b)(2) requires updates and patches on a reasonably justified regular cycle, and as
    /// soon as possible out of cycle for critical vulnerabilities that could cause
    /// uncontrolled risks; the cycle only means something for every version in the field.
    ///
    /// ## Example
    /// ```yaml
    /// plan_type: patch_update
    /// regular_cycle_days: 180
    /// ```
    /// Passes instead:
    /// ```yaml
    /// regular_cycle_days: 180
    /// cycle_justification: Matches hospitals' change windows.
    /// out_of_cycle_target_days: 30
    /// elements: { fielded_versions: "§4 Coverage of fielded versions" }
    /// ```
    ///
    /// ## How to fix
    /// Add the timelines.
    ///
    /// ## References
    /// FD&C Act 524B(b)(2)(A)–(B); PMC §VII.C.1.
    pub static PLAN_003 = {
        code: "PLAN-003",
        name: "missing-update-timelines",
        severity: Error,
        citation: "524B(b)(2)(A)–(B); PMC §VII.C.1",
        fix_hint: "Add the timelines",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of PLAN-003.
    pub enum Message in MESSAGES;
    /// The dossier has no patch and update plan.
    NoPlan => "the dossier has no patch and update plan";
    /// The plan lacks some of its timelines or the coverage of fielded versions.
    Incomplete { plan: String, missing: String } => "update plan {plan} lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let plans = super::plans(
        ctx,
        &[PlanType::PatchUpdate, PlanType::CybersecurityManagement],
    );
    let complete = plans.iter().find(|(_, p)| p.regular_cycle_days.is_some());
    let Some(&(i, plan)) = complete.or(plans.first()) else {
        out.report_dossier(Message::NoPlan);
        return;
    };
    let mut missing = Vec::new();
    if plan.regular_cycle_days.is_none() {
        missing.push("`regular_cycle_days`".to_string());
    }
    if plan
        .cycle_justification
        .as_ref()
        .is_none_or(|j| j.value.trim().is_empty())
    {
        missing.push("`cycle_justification`".to_string());
    }
    if plan.out_of_cycle_target_days.is_none() {
        missing.push("`out_of_cycle_target_days`".to_string());
    }
    missing.extend(super::missing_elements(plan, &["fielded_versions"]));
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

use crate::model::{Body, Kind, PlanType, Residual};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Controlled vulnerabilities that still affect a fielded version or the release are
    /// fixed within the plan's justified regular update cycle (`regular_cycle_days` of the
    /// patch or cybersecurity management plan): one known for longer than a cycle at the
    /// evaluation date, without a released fix, is flagged.
    ///
    /// ## Why it matters
    /// 524B(b)(2)(A) asks for updates for "known unacceptable" vulnerabilities on a reasonably
    /// justified regular cycle; a controlled vulnerability that waits longer than the cycle
    /// says the cycle is not being kept.
    ///
    /// ## Example
    /// A controlled vulnerability learned of 250 days ago, with a 180-day cycle, and no
    /// `fix_released_on`.
    ///
    /// Passes instead: the fix released in the next regular release.
    ///
    /// ## How to fix
    /// Schedule the patch in the next regular release.
    ///
    /// ## References
    /// FD&C Act 524B(b)(2)(A); PMC §VII.C.1.
    pub static VULN_005 = {
        code: "VULN-005",
        name: "patch-overdue",
        severity: Warning,
        citation: "524B(b)(2)(A); PMC §VII.C.1",
        fix_hint: "Schedule a patch",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VULN-005.
    pub enum Message in MESSAGES;
    /// A controlled vulnerability waiting for a fix longer than the regular update cycle.
    Overdue { assessment: String, age: i64, cycle: i64 } => "{assessment} has waited {age} days for a fix; the regular update cycle is {cycle} days";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let cycle = ctx.current(Kind::Plan).find_map(|(_, p)| match &p.body {
        Body::Plan(plan)
            if matches!(
                plan.plan_type.value,
                PlanType::PatchUpdate | PlanType::CybersecurityManagement
            ) =>
        {
            plan.regular_cycle_days.as_ref().map(|d| i64::from(d.value))
        }
        _ => None,
    });
    let Some(cycle) = cycle else { return }; // PLAN-003 reports a missing cycle
    for (i, va) in ctx.current(Kind::VulnAssessment) {
        let Body::VulnAssessment(a) = &va.body else {
            continue;
        };
        if a.determination
            .as_ref()
            .is_none_or(|d| d.value != Residual::Controlled)
            || a.fix_released_on.is_some()
        {
            continue;
        }
        if !super::affects_field(ctx, a) {
            continue;
        }
        let Some((_, vuln)) = super::assessed(ctx, i) else {
            continue;
        };
        let Some(learned) = &vuln.learned_date else {
            continue;
        };
        let age = learned.value.days_until(ctx.as_of);
        if age > cycle {
            out.report(
                i,
                Default::default(),
                Message::Overdue {
                    assessment: va.id().into(),
                    age,
                    cycle,
                },
            );
        }
    }
}

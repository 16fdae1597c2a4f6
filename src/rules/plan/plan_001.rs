use crate::model::{PlanType, Status};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// An approved `cybersecurity_management` plan maps each of its nine elements to the
    /// section that addresses it, under `elements:` with these keys: `personnel`,
    /// `monitoring` (sources, methods and frequency), `kev_handling`, `periodic_testing`,
    /// `patch_timeline`, `update_process`, `patching_capability`, `cvd` and
    /// `customer_communication`.
    ///
    /// ## Why it matters
    /// 524B(b)(1) requires a plan to monitor, identify and address postmarket vulnerabilities
    /// and exploits, including coordinated vulnerability disclosure; FDA lists what the plan
    /// should contain, and its absence blocks a cyber device submission.
    ///
    /// ## Example
    /// ```yaml
    /// - id: PLAN-002
    ///   kind: plan
    ///   plan_type: cybersecurity_management
    ///   elements:
    ///     personnel: "§2"
    ///     monitoring: "§3"
    /// ```
    /// Passes instead: all nine keys, each naming its section.
    ///
    /// ## How to fix
    /// Add the missing elements to the plan and map them.
    ///
    /// ## References
    /// FD&C Act 524B(b)(1); PMC §VI.B, §VII.C.1; ISO 13485 8.2.1, 8.5.2.
    pub static PLAN_001 = {
        code: "PLAN-001",
        name: "incomplete-cybersecurity-management-plan",
        severity: Error,
        citation: "524B(b)(1); PMC §VI.B, §VII.C.1; 13485 8.2.1, 8.5.2",
        fix_hint: "Add the missing element",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of PLAN-001.
    pub enum Message in MESSAGES;
    /// The dossier has no cybersecurity management plan.
    NoPlan => "the dossier has no cybersecurity management plan (524B(b)(1))";
    /// The plan is not approved.
    NotApproved { plan: String } => "cybersecurity management plan {plan} is not approved";
    /// The plan maps some of its elements to no section.
    Incomplete { plan: String, missing: String } => "cybersecurity management plan {plan} does not address {missing}";
}

const ELEMENTS: &[&str] = &[
    "personnel",
    "monitoring",
    "kev_handling",
    "periodic_testing",
    "patch_timeline",
    "update_process",
    "patching_capability",
    "cvd",
    "customer_communication",
];

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let plans = super::plans(ctx, &[PlanType::CybersecurityManagement]);
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
    let missing = super::missing_elements(plan, ELEMENTS);
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

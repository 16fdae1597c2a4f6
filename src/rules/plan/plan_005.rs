use crate::model::{PlanType, Status};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The dossier has an approved `spdf` plan, the secure product development framework,
    /// that names the `standards` it follows (for example IEC 81001-5-1) and maps its
    /// `processes` to the quality-system procedures that define them.
    ///
    /// ## Why it matters
    /// FDA asks how cybersecurity is built into the design process: the framework, the
    /// standards it follows and where each process lives in the quality system (PMC §IV.A,
    /// §V). Under the QMSR these procedures are part of the audited quality system, and
    /// 524B(b)(2) asks for processes that give reasonable assurance of cybersecurity.
    ///
    /// ## Example
    /// ```yaml
    /// - id: PLAN-005
    ///   kind: plan
    ///   plan_type: spdf
    ///   standards: ["IEC 81001-5-1:2021"]
    /// ```
    /// Passes instead: with `processes: [{ process: Secure coding, procedure: SOP-0240 }]`.
    ///
    /// ## How to fix
    /// Write the framework plan: the standards it follows and, for each process, the
    /// procedure of the quality system that defines it.
    ///
    /// ## References
    /// PMC §IV.A, §V; 524B(b)(2); IEC 81001-5-1; ISO 13485 4.1, 7.3.
    pub static PLAN_005 = {
        code: "PLAN-005",
        name: "incomplete-secure-development-framework",
        severity: Warning,
        citation: "PMC §IV.A, §V; 524B(b)(2); IEC 81001-5-1; 13485 4.1, 7.3",
        fix_hint: "Write the secure product development framework plan",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Preview,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of PLAN-005.
    pub enum Message in MESSAGES;
    /// The dossier has no secure product development framework plan.
    NoPlan => "the dossier has no secure product development framework plan (`plan_type: spdf`)";
    /// The plan is not approved.
    NotApproved { plan: String } => "secure product development framework plan {plan} is not approved";
    /// The plan lacks its standards or its process mapping.
    Incomplete { plan: String, missing: String } => "secure product development framework plan {plan} lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let plans = super::plans(ctx, &[PlanType::Spdf]);
    let Some(&(i, plan)) = plans.first() else {
        out.report_dossier(Message::NoPlan);
        return;
    };
    let id = ctx.artifact(i).id();
    if ctx.artifact(i).envelope.status.value != Status::Approved {
        out.report(
            i,
            Default::default(),
            Message::NotApproved { plan: id.into() },
        );
    }
    let mut missing = Vec::new();
    if plan.standards.iter().all(|s| s.value.trim().is_empty()) {
        missing.push("the `standards` it follows");
    }
    if plan.processes.is_empty() {
        missing.push("`processes` mapped to quality-system procedures");
    }
    if !missing.is_empty() {
        out.report(
            i,
            plan.plan_type.span,
            Message::Incomplete {
                plan: id.into(),
                missing: missing.join(" and "),
            },
        );
    }
}

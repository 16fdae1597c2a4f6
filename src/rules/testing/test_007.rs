use crate::model::{Body, Disposition, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current test finding has a `disposition` (fixed, deferred, risk accepted, false
    /// positive). A `deferred` finding has a `rationale` for why deferring is acceptable and a
    /// `deferred_plan` that says what it covers, the target release or date, whether devices
    /// distributed in the meantime receive the fix, and the time to reach the field.
    ///
    /// ## Why it matters
    /// FDA asks how each test finding was resolved; for deferred fixes it asks for the
    /// justification and the plan, because devices ship with the known issue meanwhile.
    ///
    /// ## Example
    /// ```yaml
    /// - id: FND-002
    ///   kind: finding
    ///   disposition: deferred
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   rationale: Grants no access; needs a usability study first.
    ///   deferred_plan: DP-001
    /// ```
    ///
    /// ## How to fix
    /// Disposition the finding, or write its deferred plan.
    ///
    /// ## References
    /// PMC §V.C.
    pub static TEST_007 = {
        code: "TEST-007",
        name: "undispositioned-finding",
        severity: Error,
        citation: "PMC §V.C",
        fix_hint: "Disposition the finding, or plan it",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-007.
    pub enum Message in MESSAGES;
    /// A finding with no disposition.
    NoDisposition { finding: String } => "finding {finding} has no disposition";
    /// A deferred finding with no rationale.
    NoRationale { finding: String } => "deferred finding {finding} has no rationale",
        help: "say in `rationale:` why deferring the fix is acceptable";
    /// A deferred finding linked to no deferred plan.
    NoPlan { finding: String } => "deferred finding {finding} has no deferred plan",
        help: "link a `deferred_plan` in `deferred_plan:`";
    /// A deferred plan that does not list the finding in `covers`.
    NotCovered { plan: String, finding: String } => "deferred plan {plan} does not list {finding} in `covers`";
    /// Related to `NotCovered`: the deferred plan itself.
    ThePlan => "the plan";
    /// A deferred plan missing its target, interim measures or time to field.
    PlanIncomplete { plan: String, missing: String } => "deferred plan {plan} lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let mut plans_used = std::collections::BTreeSet::new();
    for (i, finding) in ctx.current(Kind::Finding) {
        let Body::Finding(f) = &finding.body else {
            continue;
        };
        let Some(disposition) = &f.disposition else {
            out.report(
                i,
                Default::default(),
                Message::NoDisposition {
                    finding: finding.id().into(),
                },
            );
            continue;
        };
        if disposition.value != Disposition::Deferred {
            continue;
        }
        if f.rationale
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            out.report(
                i,
                disposition.span,
                Message::NoRationale {
                    finding: finding.id().into(),
                },
            );
        }
        let plans: Vec<usize> = ctx
            .graph
            .targets(i, Relation::FindingDeferredPlan)
            .chain(ctx.graph.sources(i, Relation::DeferredCovers))
            .collect();
        let Some(&p) = plans.first() else {
            out.report(
                i,
                disposition.span,
                Message::NoPlan {
                    finding: finding.id().into(),
                },
            );
            continue;
        };
        let plan = ctx.artifact(p);
        let Body::DeferredPlan(dp) = &plan.body else {
            continue;
        };
        if !dp.covers.iter().any(|c| c.value.trim() == finding.id()) {
            out.report(
                i,
                disposition.span,
                Message::NotCovered {
                    plan: plan.id().into(),
                    finding: finding.id().into(),
                },
            )
            .and_related(plan.file, plan.envelope.id.span, Message::ThePlan);
        }
        plans_used.insert(p);
    }
    for p in plans_used {
        let plan = ctx.artifact(p);
        let Body::DeferredPlan(dp) = &plan.body else {
            continue;
        };
        let blank = |v: &Option<crate::model::Spanned<String>>| {
            v.as_ref().is_none_or(|s| s.value.trim().is_empty())
        };
        let mut missing = Vec::new();
        if dp.target_date.is_none() && blank(&dp.target_release) {
            missing.push("a `target_date` or `target_release`");
        }
        if blank(&dp.interim_devices_receive) {
            missing.push("`interim_devices_receive`");
        }
        if blank(&dp.time_to_field) {
            missing.push("`time_to_field`");
        }
        if !missing.is_empty() {
            out.report(
                p,
                Default::default(),
                Message::PlanIncomplete {
                    plan: plan.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
    }
}

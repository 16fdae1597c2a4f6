use crate::model::{Body, Disposition, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

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
    }
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
                format!("finding {} has no disposition", finding.id()),
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
                format!("deferred finding {} has no rationale", finding.id()),
            )
            .and_help("say in `rationale:` why deferring the fix is acceptable");
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
                format!("deferred finding {} has no deferred plan", finding.id()),
            )
            .and_help("link a `deferred_plan` in `deferred_plan:`");
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
                format!(
                    "deferred plan {} does not list {} in `covers`",
                    plan.id(),
                    finding.id()
                ),
            )
            .and_related(plan.file, plan.envelope.id.span, "the plan");
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
                format!("deferred plan {} lacks {}", plan.id(), missing.join(", ")),
            );
        }
    }
}

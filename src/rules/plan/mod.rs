//! Plans: FD&C Act 524B(b)(1)–(2); PMC §V.A, §VI.B, §VII.C.1; ISO 13485 7.1, 8.2.1, 8.5.2.

mod plan_001;
mod plan_002;
mod plan_003;
mod plan_004;
mod plan_005;

pub use plan_001::PLAN_001;
pub use plan_002::PLAN_002;
pub use plan_003::PLAN_003;
pub use plan_004::PLAN_004;
pub use plan_005::PLAN_005;

use crate::model::{Body, Kind, Plan, PlanType, Status};
use crate::rules::RuleCtx;

/// Current plans of some types, approved ones first.
pub(crate) fn plans<'a>(ctx: &RuleCtx<'a>, types: &[PlanType]) -> Vec<(usize, &'a Plan)> {
    let mut found: Vec<(usize, &'a Plan)> = ctx
        .current(Kind::Plan)
        .filter_map(|(i, a)| match &a.body {
            Body::Plan(p) if types.contains(&p.plan_type.value) => Some((i, p)),
            _ => None,
        })
        .collect();
    found.sort_by_key(|(i, _)| ctx.artifact(*i).envelope.status.value != Status::Approved);
    found
}

/// The required element keys a plan does not map to a section.
pub(crate) fn missing_elements(plan: &Plan, required: &[&str]) -> Vec<String> {
    required
        .iter()
        .filter(|key| {
            plan.elements
                .get(**key)
                .is_none_or(|v| v.value.trim().is_empty())
        })
        .map(|key| format!("`{key}`"))
        .collect()
}

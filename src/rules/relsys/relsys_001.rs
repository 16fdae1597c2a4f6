use std::collections::BTreeSet;

use crate::graph::RelatedSystemView;
use crate::model::{RelatedRole, ViewType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Assets and interfaces that belong to a related system say so with `related_system:`
    /// (a `name` and a `role`: `update_infrastructure`, `cloud_service`, `hospital_network`
    /// or `other_function_software`); those with the same name make up one related system.
    /// Each related system must be assessed: a current threat targets one of its assets or
    /// enters through one of its interfaces (or an interface that reaches one of its
    /// assets), a security risk assesses such a threat, and a control mitigates that risk.
    /// An approved N/A justification (`subject_type: related_system`, `subject:` the
    /// system's name) stands in for the whole assessment. The update infrastructure must
    /// also appear in the updatability view (one of its assets in the view's `assets:`).
    /// The parts of one related system must agree on its role.
    ///
    /// ## Why it matters
    /// A device is attacked through what it trusts: the update server, the cloud service,
    /// the hospital network. FDA asks that the premarket assessment cover these related
    /// systems, and that the update path be shown end to end.
    ///
    /// ## Example
    /// The Lumen Update Service (AST-006, `related_system: {name: Lumen update
    /// infrastructure, role: update_infrastructure}`) with no threat that targets it.
    ///
    /// Passes instead: THR-004 targets AST-006, RSK-004 assesses THR-004, CTL-003 mitigates
    /// RSK-004, and the updatability view lists AST-006.
    ///
    /// ## How to fix
    /// Model the threats to the related system, assess and control them, and show the update
    /// infrastructure in the updatability view; or record an approved N/A justification
    /// saying why the related system is out of scope.
    ///
    /// ## References
    /// PMC 2025 §VII.C.2 (letter unverified); PMC App. 2.
    pub static RELSYS_001 = {
        code: "RELSYS-001",
        name: "related-system-assessed",
        severity: Error,
        citation: "PMC 2025 §VII.C.2; PMC App. 2",
        fix_hint: "Assess the related system",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RELSYS-001.
    pub enum Message in MESSAGES;
    /// A related system no threat concerns.
    NoThreat { system: String, role: String } => "related system \"{system}\" ({role}) has no threat that targets its assets or enters through its interfaces",
        help: "write the threats to it (its assets in a threat's `assets:`, its interfaces in `entry_interfaces:`), or record an approved N/A justification with `subject_type: related_system` and `subject: {system}`";
    /// A related system whose threats no risk assesses.
    NoRisk { system: String, threats: String } => "related system \"{system}\": its threats ({threats}) are not assessed in any security risk",
        help: "name the threats in a security risk's `threats:` with its scores";
    /// A related system whose risks no control mitigates.
    NoControl { system: String, risks: String } => "related system \"{system}\": its risks ({risks}) have no control",
        help: "name the controls in the risks' `controls:` (or the risks in a control's `mitigates:`)";
    /// Update infrastructure missing from the updatability view.
    UpdateNotInView { system: String } => "update infrastructure \"{system}\" does not appear in the updatability view",
        help: "list its assets in the `assets:` of the `updatability_patchability` architecture view, which shows how updates reach the device";
    /// Parts of one related system that disagree on its role.
    RoleConflict { system: String, first: String, second: String } => "related system \"{system}\" is marked both {first} and {second}",
        help: "give every asset and interface of one related system the same `role`, or give the two systems different names";
    /// Related to `RoleConflict`: where the other role is written.
    OtherRole => "the other role";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for system in crate::graph::related_systems(ctx.artifacts, ctx.graph) {
        let (first, span) = system.first;
        for &(i, role, at) in &system.conflicts {
            out.report(
                i,
                at,
                Message::RoleConflict {
                    system: system.name.clone(),
                    first: system.role.label().to_lowercase(),
                    second: role.label().to_lowercase(),
                },
            )
            .and_related(ctx.artifact(first).file, span, Message::OtherRole);
        }
        assess(ctx, out, &system);
    }
}

fn assess(ctx: &RuleCtx, out: &mut Emitter, system: &RelatedSystemView) {
    let (first, span) = system.first;
    if system.role == RelatedRole::UpdateInfrastructure && !system.assets.is_empty() {
        let shown = ctx
            .views(ViewType::UpdatabilityPatchability)
            .iter()
            .any(|(_, view)| {
                view.assets.iter().any(|id| {
                    ctx.graph
                        .index
                        .get(id.value.as_str())
                        .is_some_and(|a| system.assets.contains(a))
                })
            });
        if !shown {
            out.report(
                first,
                span,
                Message::UpdateNotInView {
                    system: system.name.clone(),
                },
            );
        }
    }
    if ctx.not_applicable(crate::model::NaSubjectType::RelatedSystem, &system.name) {
        return;
    }
    if system.threats.is_empty() {
        out.report(
            first,
            span,
            Message::NoThreat {
                system: system.name.clone(),
                role: system.role.label().to_lowercase(),
            },
        );
    } else if system.risks.is_empty() {
        out.report(
            first,
            span,
            Message::NoRisk {
                system: system.name.clone(),
                threats: ids(ctx, &system.threats),
            },
        );
    } else if system.controls.is_empty() {
        out.report(
            first,
            span,
            Message::NoControl {
                system: system.name.clone(),
                risks: ids(ctx, &system.risks),
            },
        );
    }
}

fn ids(ctx: &RuleCtx, set: &BTreeSet<usize>) -> String {
    set.iter()
        .map(|&i| ctx.artifact(i).id())
        .collect::<Vec<_>>()
        .join(", ")
}

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Body, Kind, RelatedRole, Relation, Span, ViewType};
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

/// One related system as its parts describe it.
#[derive(Default)]
struct System {
    /// The name as first written.
    name: String,
    /// The first part's role, artifact and where its `related_system` is written.
    role: Option<(RelatedRole, usize, Span)>,
    assets: BTreeSet<usize>,
    interfaces: BTreeSet<usize>,
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let mut systems: BTreeMap<String, System> = BTreeMap::new();
    for (i, artifact) in ctx.artifacts.iter().enumerate() {
        if artifact.envelope.status.value.is_retired() {
            continue;
        }
        let (related, is_asset) = match &artifact.body {
            Body::Asset(a) => (a.related_system.as_ref(), true),
            Body::Interface(f) => (f.related_system.as_ref(), false),
            _ => continue,
        };
        let Some(related) = related else { continue };
        let name = related.name.value.trim();
        if name.is_empty() {
            continue;
        }
        let system = systems.entry(name.to_lowercase()).or_default();
        if system.name.is_empty() {
            system.name = name.to_string();
        }
        match system.role {
            None => system.role = Some((related.role.value, i, related.role.span)),
            Some((role, first, first_span)) if role != related.role.value => {
                out.report(
                    i,
                    related.role.span,
                    Message::RoleConflict {
                        system: system.name.clone(),
                        first: role.label().to_lowercase(),
                        second: related.role.value.label().to_lowercase(),
                    },
                )
                .and_related(
                    ctx.artifact(first).file,
                    first_span,
                    Message::OtherRole,
                );
            }
            Some(_) => {}
        }
        if is_asset {
            system.assets.insert(i);
        } else {
            system.interfaces.insert(i);
        }
    }
    for system in systems.values() {
        assess(ctx, out, system);
    }
}

fn assess(ctx: &RuleCtx, out: &mut Emitter, system: &System) {
    let Some((role, first, span)) = system.role else {
        return;
    };
    let live = |i: usize| !ctx.artifact(i).envelope.status.value.is_retired();
    if role == RelatedRole::UpdateInfrastructure && !system.assets.is_empty() {
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
    // Its interfaces, and every interface that reaches one of its assets.
    let mut interfaces = system.interfaces.clone();
    for &a in &system.assets {
        interfaces.extend(
            ctx.graph
                .sources(a, Relation::InterfaceEndpoint)
                .chain(ctx.graph.sources(a, Relation::InterfaceVia))
                .filter(|&f| live(f)),
        );
    }
    let mut threats: BTreeSet<usize> = BTreeSet::new();
    for &a in &system.assets {
        threats.extend(
            ctx.graph
                .sources(a, Relation::ThreatAsset)
                .filter(|&t| live(t)),
        );
    }
    for &f in &interfaces {
        threats.extend(
            ctx.graph
                .sources(f, Relation::ThreatEntry)
                .filter(|&t| live(t)),
        );
    }
    threats.retain(|&t| ctx.artifact(t).kind() == Kind::Threat);
    if threats.is_empty() {
        out.report(
            first,
            span,
            Message::NoThreat {
                system: system.name.clone(),
                role: role.label().to_lowercase(),
            },
        );
        return;
    }
    let risks: BTreeSet<usize> = threats
        .iter()
        .flat_map(|&t| ctx.graph.sources(t, Relation::RiskThreat))
        .filter(|&r| live(r))
        .collect();
    if risks.is_empty() {
        out.report(
            first,
            span,
            Message::NoRisk {
                system: system.name.clone(),
                threats: ids(ctx, &threats),
            },
        );
        return;
    }
    let controlled = risks
        .iter()
        .any(|&r| ctx.controls_of_risk(r).into_iter().any(live));
    if !controlled {
        out.report(
            first,
            span,
            Message::NoControl {
                system: system.name.clone(),
                risks: ids(ctx, &risks),
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

use crate::model::{Body, Kind, LifecyclePhase, NaSubjectType, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The threat model covers the attack surface and the life cycle: every used external
    /// interface (`in_use` not false, `external: true`) is the entry of some threat; every
    /// asset with security objectives is the target of some threat; and each lifecycle phase
    /// (supply chain, manufacturing, deployment, interoperation, maintenance and update,
    /// decommissioning) has threats, or an N/A in the threat model's `lifecycle_coverage` or as
    /// an `na_justification` with `subject_type: lifecycle_phase`.
    ///
    /// ## Why it matters
    /// Gaps in coverage are where unmodelled attacks live: an external port nobody
    /// threat-modelled, or a decommissioning step that leaves keys on a resold device.
    ///
    /// ## Example
    /// ```yaml
    /// - id: IF-004
    ///   kind: interface
    ///   title: USB service port
    ///   medium: usb
    ///   in_use: true
    ///   external: true
    /// # ...and no threat lists IF-004 in entry_interfaces
    /// ```
    /// Passes instead: a threat with `entry_interfaces: [IF-004]`.
    ///
    /// ## How to fix
    /// Add the threats, or a reasoned `na_justification`.
    ///
    /// ## References
    /// PMC §V.A.1.
    pub static TM_003 = {
        code: "TM-003",
        name: "threat-model-coverage-gap",
        severity: Warning,
        citation: "PMC §V.A.1",
        fix_hint: "Add threats or an `na_justification`",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TM-003.
    pub enum Message in MESSAGES;
    /// A used external interface that is the entry of no threat.
    UncoveredInterface { interface: String } => "external interface {interface} is the entry of no threat";
    /// An asset with security objectives that no threat targets.
    UncoveredAsset { asset: String } => "asset {asset} has security objectives but no threat targets it";
    /// A lifecycle phase with no threat and no N/A.
    UncoveredPhase { phase: String } => "the {phase} phase of the life cycle has no threat and no N/A";
}

const PHASES: &[LifecyclePhase] = &[
    LifecyclePhase::SupplyChain,
    LifecyclePhase::Manufacturing,
    LifecyclePhase::Deployment,
    LifecyclePhase::Interoperation,
    LifecyclePhase::MaintenanceUpdate,
    LifecyclePhase::Decommission,
];

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let current_threat = |t: usize| !ctx.artifact(t).envelope.status.value.is_retired();
    for (i, interface) in ctx.current(Kind::Interface) {
        let Body::Interface(ifc) = &interface.body else {
            continue;
        };
        let used = ifc.in_use.as_ref().is_none_or(|u| u.value);
        let external = ifc.external.as_ref().is_some_and(|e| e.value);
        if used
            && external
            && !ctx
                .graph
                .sources(i, Relation::ThreatEntry)
                .any(current_threat)
        {
            out.report(
                i,
                Default::default(),
                Message::UncoveredInterface {
                    interface: interface.id().into(),
                },
            );
        }
    }
    for (i, asset) in ctx.current(Kind::Asset) {
        let Body::Asset(a) = &asset.body else {
            continue;
        };
        if !a.security_objectives.is_empty()
            && !ctx
                .graph
                .sources(i, Relation::ThreatAsset)
                .any(current_threat)
        {
            out.report(
                i,
                Default::default(),
                Message::UncoveredAsset {
                    asset: asset.id().into(),
                },
            );
        }
    }
    let models: Vec<_> = ctx.current(Kind::ThreatModel).collect();
    for &phase in PHASES {
        let by_threat = ctx.current(Kind::Threat).any(|(_, a)| {
            matches!(&a.body, Body::Threat(t) if t.lifecycle_phase.as_ref().is_some_and(|p| p.value == phase))
        });
        let by_model = models.iter().any(|(_, m)| {
            let Body::ThreatModel(tm) = &m.body else {
                return false;
            };
            tm.lifecycle_coverage.as_ref().is_some_and(|c| {
                c.phases().iter().any(|(name, cov)| {
                    *name == phase.as_str()
                        && cov.is_some_and(|cov| {
                            !cov.threats.is_empty()
                                || cov
                                    .not_applicable
                                    .as_ref()
                                    .is_some_and(|n| !n.value.trim().is_empty())
                        })
                })
            })
        });
        let by_na = ctx.not_applicable(NaSubjectType::LifecyclePhase, phase.as_str());
        if !(by_threat || by_model || by_na) {
            let message = Message::UncoveredPhase {
                phase: phase.as_str().replace('_', " "),
            };
            match models.first() {
                Some((m, _)) => {
                    out.report(*m, Default::default(), message);
                }
                None => {
                    out.report_dossier(message);
                }
            }
        }
    }
}

use crate::model::{Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Where a link can be written from both ends, the two ends agree: a control's
    /// `mitigates:` and the risk's `controls:`, a hazard's `security_risks:` and the risk's
    /// `hazards:`. When both artifacts write the field, each must list the other; an end
    /// that does not write the field at all is not asked to (either end alone makes the link).
    ///
    /// ## Why it matters
    /// Two ends that disagree are two traceability claims, one of them wrong, and the matrix
    /// shows whichever was read. A mistyped ID that a suggestion "fixed" to the wrong
    /// artifact shows up here, instead of passing silently.
    ///
    /// ## Example
    /// ```yaml
    /// - id: CTL-004
    ///   kind: security_control
    ///   mitigates: [RSK-003]
    /// - id: RSK-003
    ///   kind: security_risk
    ///   controls: [CTL-005]     # does not list CTL-004
    /// ```
    /// Passes instead: `controls: [CTL-004, CTL-005]`, or `mitigates:` naming the risk that
    /// CTL-004 really addresses.
    ///
    /// ## How to fix
    /// Add the missing end, or remove the wrong one.
    ///
    /// ## References
    /// ISO 13485 7.3.2(e) (traceability of design inputs to outputs).
    pub static TRACE_003 = {
        code: "TRACE-003",
        name: "one-sided-link",
        severity: Warning,
        citation: "13485 7.3.2(e)",
        fix_hint: "Add the missing end, or remove the wrong one",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TRACE-003.
    pub enum Message in MESSAGES;
    /// A link written at one end that the other end's own field leaves out.
    OneSided { artifact: String, field: String, target: String, back: String } => "{artifact} `{field}` lists {target}, but {target}'s `{back}` does not list {artifact}",
        help: "add {artifact} to {target}'s `{back}`, or correct `{field}` here";
    /// Related to `OneSided`: the other end's field.
    OtherEnd { target: String, field: String } => "{target}'s `{field}`";
}

/// The links written from both ends: (the forward relation, its source kind, the backward
/// relation, its source kind).
const BOTH_ENDS: &[(Relation, Kind, Relation, Kind)] = &[
    (
        Relation::ControlMitigates,
        Kind::SecurityControl,
        Relation::RiskControl,
        Kind::SecurityRisk,
    ),
    (
        Relation::HazardRisk,
        Kind::Hazard,
        Relation::RiskHazard,
        Kind::SecurityRisk,
    ),
];

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for &(forward, from_kind, backward, to_kind) in BOTH_ENDS {
        // Each direction in turn: `a` names `b` in `field`; `b` writes its own field for
        // artifacts of `a`'s kind but leaves `a` out.
        for (rel, kind, back, back_kind) in [
            (forward, from_kind, backward, to_kind),
            (backward, to_kind, forward, from_kind),
        ] {
            for (a, _) in ctx.current(kind) {
                for (b, edge) in ctx.graph.outgoing(a).filter(|(_, e)| e.rel == rel) {
                    let target = ctx.artifact(b);
                    if target.kind() != back_kind || target.envelope.status.value.is_retired() {
                        continue;
                    }
                    let ends: Vec<_> = ctx
                        .graph
                        .outgoing(b)
                        .filter(|(t, e)| e.rel == back && ctx.artifact(*t).kind() == kind)
                        .collect();
                    let Some((_, first)) = ends.first() else {
                        continue;
                    };
                    if ends.iter().any(|(t, _)| *t == a) {
                        continue;
                    }
                    let here = ctx.artifact(a);
                    out.report(
                        a,
                        edge.span,
                        Message::OneSided {
                            artifact: here.id().into(),
                            field: edge.field.into(),
                            target: target.id().into(),
                            back: first.field.into(),
                        },
                    )
                    .and_related(
                        target.file,
                        first.span,
                        Message::OtherEnd {
                            target: target.id().into(),
                            field: first.field.into(),
                        },
                    );
                }
            }
        }
    }
}

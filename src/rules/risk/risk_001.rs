use crate::model::{Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current threat is assessed by at least one current `security_risk` (a risk that
    /// names it in `threats:`).
    ///
    /// ## Why it matters
    /// The premarket guidance asks for a security risk assessment of every identified threat:
    /// a threat that was modelled but never assessed is a known gap in the risk file, and the
    /// first thing a reviewer's traceability check finds.
    ///
    /// ## Example
    /// ```yaml
    /// - id: THR-007
    ///   kind: threat
    ///   title: Replay of captured BLE bolus command
    ///   status: approved
    ///   # no security_risk lists THR-007
    /// ```
    /// Passes instead:
    /// ```yaml
    /// - id: RSK-007
    ///   kind: security_risk
    ///   title: Unauthorized bolus through replay
    ///   status: approved
    ///   threats: [THR-007]
    /// ```
    ///
    /// ## How to fix
    /// Assess the threat in a `security_risk` (scores before and after controls, residual
    /// verdict, rationale) and list it in the risk's `threats:`.
    ///
    /// ## References
    /// PMC §V.A.2 (cybersecurity risk assessment).
    pub static RISK_001 = {
        code: "RISK-001",
        name: "unassessed-threat",
        severity: Error,
        citation: "PMC §V.A.2",
        fix_hint: "Assess the threat",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RISK-001.
    pub enum Message in MESSAGES;
    /// A threat that no current security risk assesses.
    Unassessed { threat: String } => "threat {threat} has no security risk assessment";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, threat) in ctx.current(Kind::Threat) {
        let assessed = ctx
            .graph
            .sources(i, Relation::RiskThreat)
            .any(|r| !ctx.artifact(r).envelope.status.value.is_retired());
        if !assessed {
            out.report(
                i,
                threat.envelope.id.span,
                Message::Unassessed {
                    threat: threat.id().into(),
                },
            );
        }
    }
}

use crate::model::{Body, ControlType, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A security risk that is handled by the user — transferred (`transferred_to_user:
    /// true`) or relying on a control of type `information`, `compensating` or `operational`
    /// — links to the labeling that tells the user what to do: its `labeling:` names a
    /// `labeling_item`, or a labeling item names the risk in `risks:`.
    ///
    /// ## Why it matters
    /// A control that depends on the user only works if the user is told, in the labeling,
    /// and the instruction is usable (PMC Appendix 5 asks for human-factors consideration of
    /// such tasks).
    ///
    /// ## Example
    /// ```yaml
    /// - id: RSK-011
    ///   kind: security_risk
    ///   transferred_to_user: true
    ///   # no labeling
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   labeling: [LBL-004]
    /// ```
    ///
    /// ## How to fix
    /// Add the labeling item and link it, and cover the task in the usability file.
    ///
    /// ## References
    /// PMC §V.A, §VI.A; PMC App. 5.
    pub static RISK_006 = {
        code: "RISK-006",
        name: "user-dependent-risk-without-labeling",
        severity: Warning,
        citation: "PMC §V.A, §VI.A; PMC App. 5",
        fix_hint: "Add labeling and a usability task",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RISK-006.
    pub enum Message in MESSAGES;
    /// A risk that relies on a user-dependent control and links to no labeling.
    UserControl { risk: String, control: String } => "security risk {risk} relies on user-dependent control {control} but links to no labeling",
        help: "name the labeling items in `labeling:` (or the risk in a labeling item's `risks:`)";
    /// A risk transferred to the user that links to no labeling.
    Transferred { risk: String } => "security risk {risk} is transferred to the user but links to no labeling",
        help: "name the labeling items in `labeling:` (or the risk in a labeling item's `risks:`)";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(r) = &risk.body else {
            continue;
        };
        let transferred = r.transferred_to_user.as_ref().is_some_and(|t| t.value);
        let user_control = ctx.controls_of_risk(i).into_iter().find(|&c| {
            matches!(&ctx.artifact(c).body, Body::SecurityControl(sc)
                if sc.control_type.as_ref().is_some_and(|t| matches!(t.value, ControlType::Information | ControlType::Compensating | ControlType::Operational)))
        });
        if !transferred && user_control.is_none() {
            continue;
        }
        let labeled = ctx
            .graph
            .targets(i, Relation::RiskLabeling)
            .next()
            .is_some()
            || ctx
                .graph
                .sources(i, Relation::LabelingRisk)
                .next()
                .is_some();
        if labeled {
            continue;
        }
        let message = match user_control {
            Some(c) => Message::UserControl {
                risk: risk.id().into(),
                control: ctx.artifact(c).id().into(),
            },
            None => Message::Transferred {
                risk: risk.id().into(),
            },
        };
        let span = r
            .transferred_to_user
            .as_ref()
            .map(|t| t.span)
            .unwrap_or_default();
        out.report(i, span, message);
    }
}

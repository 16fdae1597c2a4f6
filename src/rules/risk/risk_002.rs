use crate::model::{Body, Kind, Spanned};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current security risk scores exploitability and severity both before (`pre`)
    /// and after (`post`) its controls, with levels from the scales that the security risk
    /// management plan declares (`scales.exploitability`, `scales.severity` of the plan in
    /// `method_ref`, or of the dossier's security risk management plan).
    ///
    /// ## Why it matters
    /// Scores are comparable, and the acceptance criteria can be applied, only when every
    /// risk uses the same declared scale. A level the plan never defined cannot be judged.
    ///
    /// ## Example
    /// ```yaml
    /// - id: RSK-004
    ///   kind: security_risk
    ///   pre: { exploitability: very high, severity: critical }
    /// ```
    /// Passes instead (with the plan's scales `low, medium, high`):
    /// ```yaml
    ///   pre: { exploitability: high, severity: critical }
    ///   post: { exploitability: low, severity: critical }
    /// ```
    ///
    /// ## How to fix
    /// Score the risk with the plan's method and levels.
    ///
    /// ## References
    /// PMC §V.A.2.
    pub static RISK_002 = {
        code: "RISK-002",
        name: "unscored-security-risk",
        severity: Error,
        citation: "PMC §V.A.2",
        fix_hint: "Score with the plan's method",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RISK-002.
    pub enum Message in MESSAGES;
    /// A score whose level is not on the plan's scale for that axis.
    NotALevel { level: String, axis: String, levels: String } => "`{level}` is not a level of the plan's {axis} scale",
        help: "use one of: {levels}";
    /// A risk that lacks some of its pre- or post-mitigation scores.
    Unscored { risk: String, missing: String } => "security risk {risk} does not score {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(r) = &risk.body else {
            continue;
        };
        let scales = ctx.scoring_plan(i).and_then(|(_, p)| p.scales.as_ref());
        let mut missing = Vec::new();
        for (stage, score) in [("pre", &r.pre), ("post", &r.post)] {
            let exploitability = score.as_ref().and_then(|s| s.exploitability.as_ref());
            let severity = score.as_ref().and_then(|s| s.severity.as_ref());
            for (axis, value) in [("exploitability", exploitability), ("severity", severity)] {
                let Some(value) = value else {
                    missing.push(format!("`{stage}.{axis}`"));
                    continue;
                };
                let levels: &[Spanned<String>] = match (scales, axis) {
                    (Some(s), "exploitability") => &s.exploitability,
                    (Some(s), _) => &s.severity,
                    (None, _) => &[],
                };
                if !levels.is_empty()
                    && !levels
                        .iter()
                        .any(|l| l.value.trim().eq_ignore_ascii_case(value.value.trim()))
                {
                    let names: Vec<&str> = levels.iter().map(|l| l.value.as_str()).collect();
                    out.report(
                        i,
                        value.span,
                        Message::NotALevel {
                            level: value.value.trim().into(),
                            axis: axis.into(),
                            levels: names.join(", "),
                        },
                    );
                }
            }
        }
        if !missing.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Unscored {
                    risk: risk.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
    }
}

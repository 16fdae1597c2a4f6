use crate::model::{Kind, Relation, TestType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current threat that is mitigated (its risks rely on controls, or a control names
    /// it in `mitigates:`) has a `threat_mitigation` test, passed on the release, that
    /// verifies the threat itself or one of the controls that mitigate it.
    ///
    /// ## Why it matters
    /// Requirement tests show a control works as specified; threat mitigation tests show the
    /// control actually stops the attack it was chosen for.
    ///
    /// ## Example
    /// A threat THR-003 mitigated by CTL-004 with no `threat_mitigation` test verifying
    /// THR-003 or CTL-004.
    ///
    /// Passes instead:
    /// ```yaml
    /// - id: TST-018
    ///   kind: test
    ///   type: threat_mitigation
    ///   verifies: [THR-003, CTL-004]
    ///   result: pass
    /// ```
    ///
    /// ## How to fix
    /// Add the threat mitigation test.
    ///
    /// ## References
    /// PMC §V.C; IEC 81001-5-1 5.7.2; IEC 62443-4-1 SVV-2.
    pub static TEST_002 = {
        code: "TEST-002",
        name: "untested-threat-mitigation",
        severity: Error,
        citation: "PMC §V.C; 81001 5.7.2; 62443 SVV-2",
        fix_hint: "Add the test",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-002.
    pub enum Message in MESSAGES;
    /// A mitigated threat with no passing `threat_mitigation` test.
    Untested { threat: String } => "mitigated threat {threat} has no passing threat_mitigation test";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, threat) in ctx.current(Kind::Threat) {
        let mut controls: Vec<usize> = ctx.graph.sources(i, Relation::ControlMitigates).collect();
        for risk in ctx.graph.sources(i, Relation::RiskThreat) {
            controls.extend(ctx.controls_of_risk(risk));
        }
        if controls.is_empty() {
            continue;
        }
        let tested = ctx.passing_test_of_type(i, TestType::ThreatMitigation)
            || controls
                .iter()
                .any(|&c| ctx.passing_test_of_type(c, TestType::ThreatMitigation));
        if !tested {
            out.report(
                i,
                Default::default(),
                Message::Untested {
                    threat: threat.id().into(),
                },
            );
        }
    }
}

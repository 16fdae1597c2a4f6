use crate::model::{Body, Kind, NaSubjectType, TestType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Each vulnerability-testing subtype was performed (a current test of that type exists)
    /// or has an approved N/A (`na_justification` with `subject_type: test_type`): abuse and
    /// malformed input (`vuln/abuse_malformed`), robustness, fuzz, attack surface analysis,
    /// vulnerability chaining, closed-box known-vulnerability scan, binary software
    /// composition analysis, SAST, DAST, and credential checks.
    ///
    /// ## Why it matters
    /// FDA lists these kinds of vulnerability testing; a submission that skips one without a
    /// reason invites a deficiency letter.
    ///
    /// ## Example
    /// A dossier with fuzzing and SAST but no DAST and no N/A for it.
    ///
    /// Passes instead:
    /// ```yaml
    /// - id: NA-001
    ///   kind: na_justification
    ///   subject_type: test_type
    ///   subject: vuln/dast
    ///   rationale: The device exposes no web application.
    /// ```
    ///
    /// ## How to fix
    /// Run the test, or justify why it does not apply.
    ///
    /// ## References
    /// PMC §V.C; IEC 81001-5-1 5.7.3; IEC 62443-4-1 SVV-3.
    pub static TEST_003 = {
        code: "TEST-003",
        name: "missing-vulnerability-test",
        severity: Error,
        citation: "PMC §V.C; 81001 5.7.3; 62443 SVV-3",
        fix_hint: "Run the test, or justify",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-003.
    pub enum Message in MESSAGES;
    /// A test subtype that was not performed and has no approved N/A.
    NotPerformed { subtype: String } => "no `{subtype}` test was performed and no N/A explains why";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for &subtype in TestType::VULNERABILITY {
        let done = ctx
            .current(Kind::Test)
            .any(|(_, a)| matches!(&a.body, Body::Test(t) if t.test_type.value == subtype));
        if !done && !ctx.not_applicable(NaSubjectType::TestType, subtype.as_str()) {
            out.report_dossier(Message::NotPerformed {
                subtype: subtype.to_string(),
            });
        }
    }
}

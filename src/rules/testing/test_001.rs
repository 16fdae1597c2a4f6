use crate::model::{Body, Kind, TestType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current security requirement is verified by a test of type
    /// `security_requirement` that passed on the release being submitted, and the dossier
    /// has a `boundary_analysis` test with a `rationale`.
    ///
    /// ## Why it matters
    /// Security requirement testing shows each requirement is met; boundary analysis shows
    /// the limits (field lengths, value ranges) were chosen where failures would hide. Both
    /// are expected elements of the testing section.
    ///
    /// ## Example
    /// ```yaml
    /// - id: REQ-013
    ///   kind: requirement
    ///   # verified only by a SAST run, no security_requirement test
    /// ```
    /// Passes instead: a `type: security_requirement` test with `verifies: [REQ-013]`.
    ///
    /// ## How to fix
    /// Add the requirement tests or the boundary analysis.
    ///
    /// ## References
    /// PMC §V.C; IEC 81001-5-1 5.7.1; IEC 62443-4-1 SVV-1.
    pub static TEST_001 = {
        code: "TEST-001",
        name: "untested-security-requirement",
        severity: Error,
        citation: "PMC §V.C; 81001 5.7.1; 62443 SVV-1",
        fix_hint: "Add the tests or the boundary analysis",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-001.
    pub enum Message in MESSAGES;
    /// A requirement with no passing `security_requirement` test.
    Untested { requirement: String } => "requirement {requirement} has no passing security_requirement test";
    /// The dossier has requirements but no boundary analysis with a rationale.
    NoBoundaryAnalysis => "the dossier has no boundary analysis with a rationale",
        help: "add a `type: boundary_analysis` test with a `rationale:` for the boundaries chosen";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let mut any_requirement = false;
    for (i, req) in ctx.current(Kind::Requirement) {
        any_requirement = true;
        if !ctx.passing_test_of_type(i, TestType::SecurityRequirement) {
            out.report(
                i,
                Default::default(),
                Message::Untested {
                    requirement: req.id().into(),
                },
            );
        }
    }
    let boundary = ctx.current(Kind::Test).any(|(_, a)| {
        matches!(&a.body, Body::Test(t) if t.test_type.value == TestType::BoundaryAnalysis
            && t.rationale.as_ref().is_some_and(|r| !r.value.trim().is_empty()))
    });
    if any_requirement && !boundary {
        out.report_dossier(Message::NoBoundaryAnalysis);
    }
}

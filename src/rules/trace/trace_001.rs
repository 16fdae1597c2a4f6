use crate::model::{Body, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The chain threat → security risk → control → requirement → passing test is unbroken,
    /// and nothing hangs loose: every risk relies on at least one control, every control is
    /// specified by at least one requirement, every requirement has a test that passed on the
    /// release being submitted, every control traces back to a risk or threat, every
    /// requirement traces back to a control, threat, risk, parent requirement or regulation,
    /// and every test verifies something. (A threat with no risk at all is RISK-001.)
    ///
    /// ## Why it matters
    /// FDA reviewers read the submission through its traceability: each threat must end in
    /// verified controls, and each control must exist for a reason. A control with no risk
    /// is unexplained design; a requirement with no passing test is an unverified claim.
    ///
    /// ## Example
    /// ```yaml
    /// - id: REQ-004
    ///   kind: requirement
    ///   title: Reject unsigned firmware images
    ///   status: approved
    ///   sources: [CTL-002]
    ///   # no test verifies REQ-004
    /// ```
    /// Passes instead: a test with `verifies: [REQ-004]`, `result: pass` and `sw_version`
    /// equal to the release in `dossier.yaml`.
    ///
    /// ## How to fix
    /// Add the missing hop the message names: a control for the risk, a requirement for the
    /// control, a passing test for the requirement, or the upstream link of an orphan.
    ///
    /// ## References
    /// PMC §V.A (traceability) and App. 4 "Traceability"; ISO 13485 7.3.2(e).
    pub static TRACE_001 = {
        code: "TRACE-001",
        name: "broken-trace-chain",
        severity: Error,
        citation: "PMC §V.A (traceability), App. 4 \"Traceability\"; 13485 7.3.2(e)",
        fix_hint: "Add the missing hop",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TRACE-001.
    pub enum Message in MESSAGES;
    /// A risk that no control answers.
    RiskWithoutControl { risk: String } => "security risk {risk} relies on no control",
        help: "list its controls in `controls:`, or name the risk in a control's `mitigates:`";
    /// A control that no requirement specifies.
    ControlWithoutRequirement { control: String } => "control {control} is specified by no requirement",
        help: "list the requirements in `requirements:`, or name the control in a requirement's `sources:`";
    /// A control with nothing upstream.
    OrphanControl { control: String } => "control {control} traces back to no risk or threat",
        help: "name what it mitigates in `mitigates:`, or list it in a risk's `controls:`";
    /// A requirement that no test verified on the release.
    Unverified { requirement: String, release: String } => "requirement {requirement} has no passing test on {release}";
    /// Related to `Unverified`: a test of the requirement that did not pass on the release.
    TestNotPassing { test: String, release: String } => "{test} verifies it but did not pass on {release}";
    /// A requirement with nothing upstream.
    OrphanRequirement { requirement: String } => "requirement {requirement} traces back to nothing",
        help: "name its threat, risk or control in `sources:`, a regulation in `regulatory_sources:`, or a `parent:`";
    /// A test that verifies nothing.
    VerifiesNothing { test: String } => "test {test} verifies nothing",
        help: "name what it verifies in `verifies:`";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let g = ctx.graph;
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let has_control = g.targets(i, Relation::RiskControl).next().is_some()
            || g.sources(i, Relation::ControlMitigates).next().is_some();
        if !has_control {
            let span = match &risk.body {
                Body::SecurityRisk(r) => r.residual.as_ref().map(|s| s.span).unwrap_or_default(),
                _ => Default::default(),
            };
            out.report(
                i,
                span,
                Message::RiskWithoutControl {
                    risk: risk.id().into(),
                },
            );
        }
    }
    for (i, control) in ctx.current(Kind::SecurityControl) {
        if ctx.requirements_of_control(i).is_empty() {
            out.report(
                i,
                control.envelope.id.span,
                Message::ControlWithoutRequirement {
                    control: control.id().into(),
                },
            );
        }
        let upstream = g.targets(i, Relation::ControlMitigates).next().is_some()
            || g.sources(i, Relation::RiskControl).next().is_some();
        if !upstream {
            out.report(
                i,
                control.envelope.id.span,
                Message::OrphanControl {
                    control: control.id().into(),
                },
            );
        }
    }
    for (i, req) in ctx.current(Kind::Requirement) {
        let Body::Requirement(body) = &req.body else {
            continue;
        };
        let tests: Vec<usize> = ctx.tests_of(i).collect();
        if !tests.iter().any(|&t| ctx.passing_on_release(t)) {
            let release = ctx.release().unwrap_or("the release");
            let diag = out.report(
                i,
                req.envelope.id.span,
                Message::Unverified {
                    requirement: req.id().into(),
                    release: release.into(),
                },
            );
            for &t in &tests {
                let test = ctx.artifact(t);
                diag.and_related(
                    test.file,
                    test.envelope.id.span,
                    Message::TestNotPassing {
                        test: test.id().into(),
                        release: release.into(),
                    },
                );
            }
        }
        let upstream = g.sources(i, Relation::ControlRequirement).next().is_some()
            || g.targets(i, Relation::RequirementSource).next().is_some()
            || g.targets(i, Relation::RequirementParent).next().is_some()
            || !body.regulatory_sources.is_empty();
        if !upstream {
            out.report(
                i,
                req.envelope.id.span,
                Message::OrphanRequirement {
                    requirement: req.id().into(),
                },
            );
        }
    }
    for (i, test) in ctx.current(Kind::Test) {
        if g.targets(i, Relation::TestVerifies).next().is_none() {
            out.report(
                i,
                test.envelope.id.span,
                Message::VerifiesNothing {
                    test: test.id().into(),
                },
            );
        }
    }
}

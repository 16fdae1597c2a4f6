use crate::model::{Body, ControlState, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every control in state `implemented` has at least one test that passed on the release
    /// being submitted, either verifying the control itself or verifying one of its
    /// requirements. Failed and inconclusive results, and results on other versions, do not
    /// count.
    ///
    /// ## Why it matters
    /// A control claimed as implemented but never verified is not evidence of anything.
    /// Design verification (13485 7.3.6) and verification of risk-control effectiveness
    /// (14971 7.2) both need a passing test on the version that ships.
    ///
    /// ## Example
    /// ```yaml
    /// - id: CTL-004
    ///   kind: security_control
    ///   title: Mutual TLS to the hospital server
    ///   status: approved
    ///   category: authentication
    ///   state: implemented
    ///   # no passing test verifies CTL-004 or its requirements
    /// ```
    /// Passes instead: a test with `verifies: [CTL-004]` (or one of its requirements),
    /// `result: pass` and `sw_version` equal to the release in `dossier.yaml`.
    ///
    /// ## How to fix
    /// Add a test of the control, or repair the failing one and record the passing run.
    ///
    /// ## References
    /// PMC §V.B.1, §V.C; ISO 13485 7.3.6; ISO 14971 7.2.
    pub static CTRL_002 = {
        code: "CTRL-002",
        name: "unverified-control",
        severity: Error,
        citation: "PMC §V.B.1, §V.C; 13485 7.3.6; 14971 7.2",
        fix_hint: "Add or repair verification",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of CTRL-002.
    pub enum Message in MESSAGES;
    /// An implemented control that no test verifies, directly or through its requirements.
    NoTest { control: String, release: String } => "implemented control {control} has no passing test on {release}: no test verifies it or its requirements";
    /// An implemented control whose tests all failed or ran on another version.
    NoPassingTest { control: String, release: String, tests: String } => "implemented control {control} has no passing test on {release}; its tests: {tests}";
    /// Related to `NoPassingTest`: a test of the control that did not pass on the release.
    TestNotPassing { test: String, release: String } => "{test} did not pass on {release}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, control) in ctx.current(Kind::SecurityControl) {
        let Body::SecurityControl(body) = &control.body else {
            continue;
        };
        if body.state.value != ControlState::Implemented {
            continue;
        }
        let requirements = ctx.requirements_of_control(i);
        let mut tests: Vec<usize> = ctx
            .tests_of(i)
            .chain(requirements.iter().flat_map(|&r| ctx.tests_of(r)))
            .collect();
        tests.sort_unstable();
        tests.dedup();
        if tests.iter().any(|&t| ctx.passing_on_release(t)) {
            continue;
        }
        let release = ctx.release().unwrap_or("the release");
        // Say what the tests there are did instead: failed, or ran on another version.
        let why: Vec<String> = tests
            .iter()
            .filter_map(|&t| {
                let test = ctx.artifact(t);
                let Body::Test(tb) = &test.body else {
                    return None;
                };
                let result = tb
                    .result
                    .as_ref()
                    .map_or("no result".to_string(), |r| r.value.as_str().to_string());
                let version = tb
                    .sw_version
                    .as_ref()
                    .map_or("no version".to_string(), |v| v.value.trim().to_string());
                Some(format!("{} ({result} on {version})", test.id()))
            })
            .collect();
        let message = if why.is_empty() {
            Message::NoTest {
                control: control.id().into(),
                release: release.into(),
            }
        } else {
            Message::NoPassingTest {
                control: control.id().into(),
                release: release.into(),
                tests: why.join(", "),
            }
        };
        let diag = out.report(i, body.state.span, message);
        for &t in tests.iter().take(5) {
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
}

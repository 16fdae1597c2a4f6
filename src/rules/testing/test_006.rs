use crate::model::{Kind, TestResult, TestType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Test evidence is sound. Tool-based tests (fuzz, SAST, DAST, binary SCA, known-
    /// vulnerability scans) name the tool's `name`, `version` and `config`. A test run on a
    /// version other than the release explains the delta in `rationale`. Failed or
    /// inconclusive tests are flagged: they do not count as verification. Penetration tests
    /// and scans are not older than the freshness window at the evaluation date (parameter
    /// `test_freshness_days`, default 365).
    ///
    /// ## Why it matters
    /// A result is only reproducible with the tool and its configuration, only relevant for
    /// the version that ships, and only current if the threat landscape has not moved on.
    ///
    /// ## Example
    /// ```yaml
    /// - id: TST-014
    ///   kind: test
    ///   type: vuln/sast
    ///   tool: { name: CodeQL }
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   tool: { name: CodeQL, version: 2.19.3, config: security-extended }
    /// ```
    ///
    /// ## How to fix
    /// Record the tool details, re-run on the release, or justify the delta.
    ///
    /// ## References
    /// PMC §V.C; ISO 13485 7.3.6–7.3.7.
    pub static TEST_006 = {
        code: "TEST-006",
        name: "unsound-test-evidence",
        severity: Warning,
        citation: "PMC §V.C; 13485 7.3.6–7.3.7",
        fix_hint: "Re-run or document",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-006.
    pub enum Message in MESSAGES;
    /// A tool-based test that does not record its tool's name, version or configuration.
    NoTool { kind: String, test: String, missing: String } => "{kind} test {test} does not record {missing}";
    /// A test run on another version than the release, without a rationale.
    OtherVersion { test: String, version: String, release: String } => "test {test} ran on {version} but the release is {release}",
        help: "re-run on the release, or explain in `rationale:` why the result still holds";
    /// A test whose result is not a pass.
    NotPassed { test: String, result: String } => "test {test} is {result}: it does not count as verification",
        help: "record the passing re-run, or the finding and its disposition";
    /// A dated test older than the freshness window.
    Stale { kind: String, test: String, age: i64, as_of: String, window: i64 } => "{kind} test {test} is {age} days old at {as_of}; the window is {window} days",
        help: "repeat the test, or set `parameters.test_freshness_days` with a justification";
}

fn tool_based(t: TestType) -> bool {
    matches!(
        t,
        TestType::Fuzz
            | TestType::Sast
            | TestType::Dast
            | TestType::BinarySca
            | TestType::KnownVulnScan
    )
}

fn dated(t: TestType) -> bool {
    matches!(
        t,
        TestType::Penetration | TestType::KnownVulnScan | TestType::BinarySca | TestType::Dast
    )
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let release = ctx.release().unwrap_or("").trim();
    let window = i64::from(ctx.config.test_freshness_days());
    for (i, test) in ctx.current(Kind::Test) {
        let Some(t) = ctx.test(i) else { continue };
        let kind = t.test_type.value;
        if tool_based(kind) {
            let tool = t.tool.as_ref();
            let mut missing = Vec::new();
            if tool.is_none() {
                missing.push("`tool.name`");
            }
            if tool.and_then(|x| x.version.as_ref()).is_none() {
                missing.push("`tool.version`");
            }
            if tool.and_then(|x| x.config.as_ref()).is_none() {
                missing.push("`tool.config`");
            }
            if !missing.is_empty() {
                out.report(
                    i,
                    t.test_type.span,
                    Message::NoTool {
                        kind: kind.to_string(),
                        test: test.id().into(),
                        missing: missing.join(", "),
                    },
                );
            }
        }
        if let Some(version) = &t.sw_version
            && !release.is_empty()
            && version.value.trim() != release
            && t.rationale
                .as_ref()
                .is_none_or(|r| r.value.trim().is_empty())
        {
            out.report(
                i,
                version.span,
                Message::OtherVersion {
                    test: test.id().into(),
                    version: version.value.trim().into(),
                    release: release.into(),
                },
            );
        }
        if let Some(result) = &t.result
            && result.value != TestResult::Pass
        {
            out.report(
                i,
                result.span,
                Message::NotPassed {
                    test: test.id().into(),
                    result: result.value.to_string(),
                },
            );
        }
        if dated(kind)
            && let Some(executed) = &t.executed_on
        {
            let age = executed.value.days_until(ctx.as_of);
            if age > window {
                out.report(
                    i,
                    executed.span,
                    Message::Stale {
                        kind: kind.to_string(),
                        test: test.id().into(),
                        age,
                        as_of: ctx.as_of.to_string(),
                        window,
                    },
                );
            }
        }
    }
}

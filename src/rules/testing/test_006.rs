use crate::model::{Kind, TestResult, TestType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

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
    }
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
                    format!(
                        "{kind} test {} does not record {}",
                        test.id(),
                        missing.join(", ")
                    ),
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
                format!(
                    "test {} ran on {} but the release is {release}",
                    test.id(),
                    version.value.trim()
                ),
            )
            .and_help(
                "re-run on the release, or explain in `rationale:` why the result still holds",
            );
        }
        if let Some(result) = &t.result
            && result.value != TestResult::Pass
        {
            out.report(
                i,
                result.span,
                format!(
                    "test {} is {}: it does not count as verification",
                    test.id(),
                    result.value
                ),
            )
            .and_help("record the passing re-run, or the finding and its disposition");
        }
        if dated(kind)
            && let Some(executed) = &t.executed_on
        {
            let age = executed.value.days_until(ctx.as_of);
            if age > window {
                out.report(
                    i,
                    executed.span,
                    format!(
                        "{kind} test {} is {age} days old at {}; the window is {window} days",
                        test.id(),
                        ctx.as_of
                    ),
                )
                .and_help(
                    "repeat the test, or set `parameters.test_freshness_days` with a justification",
                );
            }
        }
    }
}

use crate::model::Kind;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Each current test states the `independence` of whoever performed it, and it meets the
    /// minimum for the test's type. Defaults, after IEC 62443-4-1 Table 3: penetration tests,
    /// requirement tests, threat mitigation tests and boundary analysis need another
    /// department (penetration testing may also need another organization — configure it);
    /// abuse, robustness, fuzz, attack-surface, chaining, scans, DAST and credential checks
    /// need another person; SAST and binary SCA need none. Override per type with the
    /// parameter `independence`.
    ///
    /// ## Why it matters
    /// Developers testing their own work find fewer problems; the standard sets how much
    /// independence each kind of test needs. Whether it is enough is a reviewer's judgement,
    /// so this is a warning.
    ///
    /// ## Example
    /// ```yaml
    /// - id: TST-016
    ///   kind: test
    ///   type: penetration
    ///   independence: person
    /// ```
    /// Passes instead: `independence: organization`.
    ///
    /// ## How to fix
    /// Use independent testers, or justify the deviation with a waiver.
    ///
    /// ## References
    /// PMC §V.C; IEC 62443-4-1 9.6 (SVV-5).
    pub static TEST_005 = {
        code: "TEST-005",
        name: "insufficient-tester-independence",
        severity: Warning,
        citation: "PMC §V.C; 62443 9.6 (SVV-5)",
        fix_hint: "Use independent testers, or justify",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-005.
    pub enum Message in MESSAGES;
    /// A test that does not state the tester's independence.
    NoIndependence { test: String, minimum: String, kind: String } => "test {test} does not state the tester's independence",
        help: "add `independence:` (at least `{minimum}` for {kind})";
    /// A test done with less independence than its type needs.
    TooLittle { kind: String, test: String, actual: String, minimum: String } => "{kind} test {test} was done with `{actual}` independence; at least `{minimum}` is expected";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, test) in ctx.current(Kind::Test) {
        let Some(t) = ctx.test(i) else { continue };
        let minimum = ctx.config.independence_minimum(t.test_type.value);
        match &t.independence {
            None => {
                out.report(
                    i,
                    Default::default(),
                    Message::NoIndependence {
                        test: test.id().into(),
                        minimum: minimum.to_string(),
                        kind: t.test_type.value.to_string(),
                    },
                );
            }
            Some(actual) if actual.value < minimum => {
                out.report(
                    i,
                    actual.span,
                    Message::TooLittle {
                        kind: t.test_type.value.to_string(),
                        test: test.id().into(),
                        actual: actual.value.to_string(),
                        minimum: minimum.to_string(),
                    },
                );
            }
            Some(_) => {}
        }
    }
}

use crate::model::{Body, Independence, Kind, Relation, TestType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The dossier has a penetration-test report (a `test_report` that lists a `penetration`
    /// test, or that such a test names in `report:`), and each such report gives its testers
    /// with their expertise, their `independence` (with an `independence_statement`), the
    /// `scope`, the `start_date` and `end_date`, the `methods`, and its `findings` (possibly
    /// none). A third-party report (`independence: organization`) links the original report
    /// in `original_report`.
    ///
    /// ## Why it matters
    /// FDA weighs penetration testing by who did it, how independent and skilled they were,
    /// what they tested, when and how. A summary without those facts carries little weight.
    ///
    /// ## Example
    /// ```yaml
    /// - id: TR-001
    ///   kind: test_report
    ///   title: Penetration test
    ///   tests: [TST-016]
    ///   organization: Northgate Security Labs
    /// ```
    /// Passes instead: the report with testers, independence, scope, dates, methods and the
    /// original report attached.
    ///
    /// ## How to fix
    /// Complete the report metadata.
    ///
    /// ## References
    /// PMC §V.C; IEC 81001-5-1 5.7.4; IEC 62443-4-1 SVV-4.
    pub static TEST_004 = {
        code: "TEST-004",
        name: "incomplete-penetration-test-report",
        severity: Error,
        citation: "PMC §V.C; 81001 5.7.4; 62443 SVV-4",
        fix_hint: "Complete the report metadata",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TEST-004.
    pub enum Message in MESSAGES;
    /// A penetration-test report missing some of its required details.
    Incomplete { report: String, missing: String } => "penetration-test report {report} lacks {missing}";
    /// A third-party original report whose file is not in the dossier.
    MissingOriginal { path: String } => "the original report `{path}` is not in the dossier",
        help: "add the file, or correct the path (relative to dossier.yaml)";
    /// The dossier has no penetration-test report.
    NoReport => "the dossier has no penetration-test report",
        help: "add a `test_report` for the penetration test and link its `penetration` test";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let is_pen = |t: usize| {
        ctx.test(t)
            .is_some_and(|b| b.test_type.value == TestType::Penetration)
    };
    let mut any = false;
    for (i, report) in ctx.current(Kind::TestReport) {
        let Body::TestReport(r) = &report.body else {
            continue;
        };
        let pen = ctx.graph.targets(i, Relation::ReportTest).any(is_pen)
            || ctx.graph.sources(i, Relation::TestReport).any(is_pen);
        if !pen {
            continue;
        }
        any = true;
        let blank = |v: &Option<crate::model::Spanned<String>>| {
            v.as_ref().is_none_or(|s| s.value.trim().is_empty())
        };
        let mut missing = Vec::new();
        if r.testers.is_empty() {
            missing.push("`testers`");
        } else if r.testers.iter().any(|t| blank(&t.expertise)) {
            missing.push("every tester's `expertise`");
        }
        if r.independence.is_none() {
            missing.push("`independence`");
        }
        if blank(&r.independence_statement) {
            missing.push("`independence_statement`");
        }
        if blank(&r.scope) {
            missing.push("`scope`");
        }
        if r.start_date.is_none() {
            missing.push("`start_date`");
        }
        if r.end_date.is_none() {
            missing.push("`end_date`");
        }
        if r.methods.is_empty() {
            missing.push("`methods`");
        }
        if r.independence
            .as_ref()
            .is_some_and(|x| x.value == Independence::Organization)
            && r.original_report.is_none()
        {
            missing.push("`original_report` (third-party testing)");
        }
        if !missing.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Incomplete {
                    report: report.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
        if let Some(original) = &r.original_report
            && !ctx.has_file(&original.path.value)
        {
            out.report(
                i,
                original.path.span,
                Message::MissingOriginal {
                    path: original.path.value.trim().into(),
                },
            );
        }
    }
    if !any {
        out.report_dossier(Message::NoReport);
    }
}

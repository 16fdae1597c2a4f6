use crate::model::{ApprovalMeaning, Body, Date, Kind, Relation, Spanned};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Dates are in order. Approvals are not earlier than the `authored` signature of the same
    /// artifact; a test is executed no later than its report is approved; a vulnerability is
    /// assessed no earlier than it was learned of; a test report ends no earlier than it
    /// starts; and nothing that has happened (approvals, test runs, report dates, learned,
    /// assessed, communicated, fixed, shared and release dates) lies after the evaluation
    /// date. Planned dates (end of support, targets, expiries) may be in the future. Dates
    /// themselves must be ISO 8601 (`YYYY-MM-DD`), which the parser enforces.
    ///
    /// ## Why it matters
    /// Records whose dates contradict each other are the first thing an auditor notices, and
    /// they undermine every other record in the file.
    ///
    /// ## Example
    /// ```yaml
    /// approvals:
    ///   - { name: A. Okafor, role: Author, date: 2026-07-02, meaning: authored }
    ///   - { name: P. Raman, role: Head of Quality, date: 2026-06-30 }
    /// ```
    /// Passes instead: the approval dated on or after 2026-07-02.
    ///
    /// ## How to fix
    /// Correct the dates.
    ///
    /// ## References
    /// ISO 13485 4.2.5.
    pub static DATE_001 = {
        code: "DATE-001",
        name: "dates-out-of-order",
        severity: Error,
        citation: "13485 4.2.5",
        fix_hint: "Correct the dates",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of DATE-001.
    pub enum Message in MESSAGES;
    /// An approval dated before the artifact was authored.
    ApprovedBeforeAuthored { approver: String, artifact: String, approved: String, authored: String } => "{approver} approved {artifact} on {approved}, before it was authored on {authored}";
    /// A test report that ends before it starts.
    EndsBeforeStart { report: String, end: String, start: String } => "report {report} ends ({end}) before it starts ({start})";
    /// An assessment dated before its vulnerability was learned of.
    AssessedBeforeLearned { assessment: String, assessed: String, learned: String } => "{assessment} was assessed on {assessed} before the vulnerability was learned of on {learned}";
    /// An event dated after the evaluation date.
    InFuture { event: String, date: String, artifact: String, as_of: String } => "the {event} date {date} of {artifact} is after the evaluation date {as_of}",
        help: "correct the date; only planned dates may lie in the future";
    /// A test executed after its report was approved.
    ExecutedAfterApproval { test: String, executed: String, report: String, approved: String } => "{test} was executed on {executed} after its report {report} was approved on {approved}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, artifact) in ctx.artifacts.iter().enumerate() {
        let env = &artifact.envelope;
        let authored = env
            .approvals
            .iter()
            .filter(|a| {
                a.meaning
                    .as_ref()
                    .is_some_and(|m| m.value == ApprovalMeaning::Authored)
            })
            .map(|a| a.date.value)
            .min();
        if let Some(authored) = authored {
            for approval in &env.approvals {
                if approval.date.value < authored {
                    out.report(
                        i,
                        approval.date.span,
                        Message::ApprovedBeforeAuthored {
                            approver: approval.name.value.trim().into(),
                            artifact: artifact.id().into(),
                            approved: approval.date.value.to_string(),
                            authored: authored.to_string(),
                        },
                    );
                }
            }
        }
        let mut happened: Vec<(&str, &Spanned<Date>)> = env
            .approvals
            .iter()
            .map(|a| ("approval", &a.date))
            .collect();
        match &artifact.body {
            Body::Test(t) => happened.extend(t.executed_on.as_ref().map(|d| ("execution", d))),
            Body::TestReport(r) => {
                happened.extend(r.start_date.as_ref().map(|d| ("start", d)));
                happened.extend(r.end_date.as_ref().map(|d| ("end", d)));
                if let (Some(start), Some(end)) = (&r.start_date, &r.end_date)
                    && end.value < start.value
                {
                    out.report(
                        i,
                        end.span,
                        Message::EndsBeforeStart {
                            report: artifact.id().into(),
                            end: end.value.to_string(),
                            start: start.value.to_string(),
                        },
                    );
                }
            }
            Body::Vulnerability(v) => {
                happened.extend(v.learned_date.as_ref().map(|d| ("learned", d)));
                happened.extend(v.kev_date.as_ref().map(|d| ("KEV listing", d)));
            }
            Body::VulnAssessment(a) => {
                happened.extend(a.assessed_on.as_ref().map(|d| ("assessment", d)));
                happened.extend(a.communicated_on.as_ref().map(|d| ("communication", d)));
                happened.extend(a.fix_released_on.as_ref().map(|d| ("fix release", d)));
                happened.extend(a.isao_shared_on.as_ref().map(|d| ("ISAO sharing", d)));
                let learned = ctx
                    .graph
                    .targets(i, Relation::AssessmentVulnerability)
                    .find_map(|v| match &ctx.artifact(v).body {
                        Body::Vulnerability(v) => v.learned_date.as_ref().map(|d| d.value),
                        _ => None,
                    });
                if let (Some(assessed), Some(learned)) = (&a.assessed_on, learned)
                    && assessed.value < learned
                {
                    out.report(
                        i,
                        assessed.span,
                        Message::AssessedBeforeLearned {
                            assessment: artifact.id().into(),
                            assessed: assessed.value.to_string(),
                            learned: learned.to_string(),
                        },
                    );
                }
            }
            Body::Device(d) => {
                for release in &d.releases {
                    happened.extend(release.date.as_ref().map(|x| ("release", x)));
                    happened.extend(release.deployed_on.as_ref().map(|x| ("deployment", x)));
                }
            }
            _ => {}
        }
        for (what, date) in happened {
            if date.value > ctx.as_of {
                out.report(
                    i,
                    date.span,
                    Message::InFuture {
                        event: what.into(),
                        date: date.value.to_string(),
                        artifact: artifact.id().into(),
                        as_of: ctx.as_of.to_string(),
                    },
                );
            }
        }
    }
    for (r, report) in ctx.current(Kind::TestReport) {
        let Some(approved) = report.envelope.approvals.iter().map(|a| a.date.value).max() else {
            continue;
        };
        let tests = ctx
            .graph
            .targets(r, Relation::ReportTest)
            .chain(ctx.graph.sources(r, Relation::TestReport));
        for t in tests {
            if let Some(executed) = ctx.test(t).and_then(|b| b.executed_on.as_ref())
                && executed.value > approved
            {
                out.report(
                    t,
                    executed.span,
                    Message::ExecutedAfterApproval {
                        test: ctx.artifact(t).id().into(),
                        executed: executed.value.to_string(),
                        report: report.id().into(),
                        approved: approved.to_string(),
                    },
                );
            }
        }
    }
}

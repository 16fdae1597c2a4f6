use crate::diag::Severity;
use crate::model::{Body, Kind, Residual};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// For every uncontrolled vulnerability that affects a fielded version, the postmarket
    /// conditions under which FDA does not intend to enforce 21 CFR 806 reporting (PMK
    /// §VII.B): no serious adverse events are known; customers are notified within 30 days
    /// of `learned_date` (`communicated_on`); a validated fix is distributed within 60 days
    /// (`fix_released_on`); and the manufacturer, as a participating member of an ISAO,
    /// provides that customer communication to the ISAO (`isao_shared_on`). The guidance sets
    /// no deadline of its own for the ISAO: it ties the sharing to the customer
    /// communication, so it is due with it, within the same 30 days. Otherwise an 806 report
    /// must be referenced (`report_806`). Evaluated at `--as-of`: a warning once 75% of a
    /// window has passed, an error once it has passed.
    ///
    /// ## Why it matters
    /// These are the conditions of the postmarket guidance's enforcement policy; missing
    /// them turns a cybersecurity update into a reportable correction.
    ///
    /// ## Example
    /// An uncontrolled vulnerability learned of 45 days ago with no `communicated_on`.
    ///
    /// Passes instead: `communicated_on` within 30 days, `fix_released_on` within 60, and
    /// `isao_shared_on`; or `report_806: Z-1234-2026`.
    ///
    /// ## How to fix
    /// Communicate, remediate and share — or file and reference the 806 report.
    ///
    /// ## References
    /// PMK §VII.B; 21 CFR 806.
    pub static VULN_004 = {
        code: "VULN-004",
        name: "postmarket-window-missed",
        severity: Error,
        citation: "PMK §VII.B; 21 CFR 806",
        fix_hint: "Communicate, remediate, or file 806",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VULN-004.
    pub enum Message in MESSAGES;
    /// Serious adverse events known for an uncontrolled vulnerability, with no 806 report.
    AdverseEvents { assessment: String } => "serious adverse events are known for {assessment} but no 806 report is referenced";
    /// A step's window passed one day ago with no 806 report.
    WindowPassedOneDay { assessment: String, window: i64, step: String, late: i64 } => "{assessment}: the {window}-day window for the {step} passed {late} day ago with no 806 report";
    /// A step's window passed several days ago with no 806 report.
    WindowPassed { assessment: String, window: i64, step: String, late: i64 } => "{assessment}: the {window}-day window for the {step} passed {late} days ago with no 806 report";
    /// Three quarters or more of a step's window gone without the step (a warning).
    WindowClosing { assessment: String, elapsed: i64, window: i64, step: String } => "{assessment}: {elapsed} of {window} days have passed without the {step}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, va) in ctx.current(Kind::VulnAssessment) {
        let Body::VulnAssessment(a) = &va.body else {
            continue;
        };
        if a.determination
            .as_ref()
            .is_none_or(|d| d.value != Residual::Uncontrolled)
            || !super::affects_field(ctx, a)
        {
            continue;
        }
        if a.report_806
            .as_ref()
            .is_some_and(|r| !r.value.trim().is_empty())
        {
            continue;
        }
        let Some((_, vuln)) = super::assessed(ctx, i) else {
            continue;
        };
        let Some(learned) = &vuln.learned_date else {
            continue;
        };
        let elapsed = learned.value.days_until(ctx.as_of);
        if a.serious_adverse_events_known
            .as_ref()
            .is_some_and(|s| s.value)
        {
            out.report(
                i,
                Default::default(),
                Message::AdverseEvents {
                    assessment: va.id().into(),
                },
            );
        }
        let steps: [(&str, bool, i64); 3] = [
            (
                "customer notice (`communicated_on`)",
                a.communicated_on
                    .as_ref()
                    .is_some_and(|d| learned.value.days_until(d.value) <= 30),
                30,
            ),
            (
                "validated fix (`fix_released_on`)",
                a.fix_released_on
                    .as_ref()
                    .is_some_and(|d| learned.value.days_until(d.value) <= 60),
                60,
            ),
            // PMK §VII.B ties ISAO sharing to the customer communication: due with it.
            (
                "customer communication shared with an ISAO (`isao_shared_on`)",
                a.isao_shared_on.is_some(),
                30,
            ),
        ];
        for (step, done, window) in steps {
            if done {
                continue;
            }
            if elapsed > window {
                let late = elapsed - window;
                let message = if late == 1 {
                    Message::WindowPassedOneDay {
                        assessment: va.id().into(),
                        window,
                        step: step.into(),
                        late,
                    }
                } else {
                    Message::WindowPassed {
                        assessment: va.id().into(),
                        window,
                        step: step.into(),
                        late,
                    }
                };
                out.report(i, Default::default(), message);
            } else if elapsed * 4 >= window * 3 {
                out.report(
                    i,
                    Default::default(),
                    Message::WindowClosing {
                        assessment: va.id().into(),
                        elapsed,
                        window,
                        step: step.into(),
                    },
                );
                out.at_level(Severity::Warning);
            }
        }
    }
}

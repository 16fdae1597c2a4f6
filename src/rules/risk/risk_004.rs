use crate::model::{Body, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current security risk states a binary `residual` verdict (`controlled` or
    /// `uncontrolled`), and it equals the verdict of the plan's `acceptance_matrix` for the
    /// risk's post-mitigation exploitability and severity.
    ///
    /// ## Why it matters
    /// The postmarket guidance asks for a binary controlled/uncontrolled call, made by the
    /// acceptance criteria defined in advance, not case by case. A verdict that disagrees with
    /// the matrix means either the score or the criteria are wrong.
    ///
    /// ## Example
    /// ```yaml
    ///   post: { exploitability: high, severity: critical }
    ///   residual: controlled        # the matrix says uncontrolled
    /// ```
    /// Passes instead: more controls until the post-mitigation cell is controlled.
    ///
    /// ## How to fix
    /// Recompute the verdict from the matrix, or fix the criteria in the plan.
    ///
    /// ## References
    /// PMC §V.A.2; PMK §VI.C; ISO 14971 7.3.
    pub static RISK_004 = {
        code: "RISK-004",
        name: "residual-verdict-mismatch",
        severity: Error,
        citation: "PMC §V.A.2; PMK §VI.C; 14971 7.3",
        fix_hint: "Recompute, or fix the criteria",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RISK-004.
    pub enum Message in MESSAGES;
    /// A risk with no `residual` verdict.
    NoResidual { risk: String } => "security risk {risk} states no residual verdict",
        help: "add `residual: controlled` or `residual: uncontrolled`";
    /// A post-mitigation score that the plan's acceptance matrix has no cell for.
    NoCell { plan: String, exploitability: String, severity: String } => "the acceptance matrix of {plan} has no cell for exploitability `{exploitability}` and severity `{severity}`";
    /// Related to `NoCell`: the plan whose matrix lacks the cell.
    ThePlan => "the plan";
    /// A residual verdict that disagrees with the plan's acceptance matrix.
    Mismatch { residual: String, verdict: String, exploitability: String, severity: String } => "residual is `{residual}` but the acceptance matrix gives `{verdict}` for ({exploitability}, {severity})";
    /// Related to `Mismatch`: the matrix cell's verdict in the plan.
    CellVerdict => "the plan's verdict for this cell";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(r) = &risk.body else {
            continue;
        };
        let Some(residual) = &r.residual else {
            out.report(
                i,
                Default::default(),
                Message::NoResidual {
                    risk: risk.id().into(),
                },
            );
            continue;
        };
        let Some((p, plan)) = ctx.scoring_plan(i) else {
            continue;
        };
        if plan.acceptance_matrix.is_empty() {
            continue; // PLAN-004 reports the missing criteria
        }
        let post = r.post.as_ref();
        let (Some(e), Some(s)) = (
            post.and_then(|p| p.exploitability.as_ref()),
            post.and_then(|p| p.severity.as_ref()),
        ) else {
            continue; // RISK-002 reports the missing score
        };
        let eq = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let cell = plan
            .acceptance_matrix
            .iter()
            .find(|c| eq(&c.exploitability.value, &e.value) && eq(&c.severity.value, &s.value));
        let plan_artifact = ctx.artifact(p);
        match cell {
            None => {
                out.report(
                    i,
                    e.span,
                    Message::NoCell {
                        plan: plan_artifact.id().into(),
                        exploitability: e.value.trim().into(),
                        severity: s.value.trim().into(),
                    },
                )
                .and_related(
                    plan_artifact.file,
                    plan_artifact.envelope.id.span,
                    Message::ThePlan,
                );
            }
            Some(cell) if cell.residual.value != residual.value => {
                out.report(
                    i,
                    residual.span,
                    Message::Mismatch {
                        residual: residual.value.to_string(),
                        verdict: cell.residual.value.to_string(),
                        exploitability: e.value.trim().into(),
                        severity: s.value.trim().into(),
                    },
                )
                .and_related(
                    plan_artifact.file,
                    cell.residual.span,
                    Message::CellVerdict,
                );
            }
            Some(_) => {}
        }
    }
}

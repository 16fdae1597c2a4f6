use crate::model::{Body, Kind, NaSubjectType, Relation, ViewType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A `multi_patient_harm` view exists (with a diagram and an explanation), or an approved
    /// N/A (`subject_type: architecture_view`, `subject: multi_patient_harm`) when the device
    /// has no connectivity; and every security risk with `multi_patient: true` appears in a
    /// multi-patient view through one of its threats or controls.
    ///
    /// ## Why it matters
    /// A compromise that reaches many devices at once (through a server or the update path)
    /// can harm many patients at once. FDA asks for a view that shows those paths and the
    /// controls that contain them.
    ///
    /// ## Example
    /// RSK-003 has `multi_patient: true`, but no multi-patient view lists its threat THR-003
    /// or its controls.
    ///
    /// Passes instead: the view lists `threats: [THR-003]` or `controls: [CTL-004]`.
    ///
    /// ## How to fix
    /// Add the view, or the risk's threats or controls to it.
    ///
    /// ## References
    /// PMC §V.B.2(b).
    pub static ARCH_002 = {
        code: "ARCH-002",
        name: "missing-multi-patient-view",
        severity: Error,
        citation: "PMC §V.B.2(b)",
        fix_hint: "Add the view",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_IDE,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES, super::VIEW_MESSAGES],
    }
}

messages! {
    /// The findings of ARCH-002.
    pub enum Message in MESSAGES;
    /// The dossier has no multi-patient harm view and no N/A for it.
    NoView => "the dossier has no multi-patient harm view and no N/A for it";
    /// A multi-patient risk that no multi-patient harm view shows.
    RiskNotShown { risk: String } => "multi-patient risk {risk} appears in no multi-patient harm view",
        help: "list one of its threats or controls in the multi-patient view";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let views = ctx.views(ViewType::MultiPatientHarm);
    if views.is_empty() {
        if !ctx.not_applicable(
            NaSubjectType::ArchitectureView,
            ViewType::MultiPatientHarm.as_str(),
        ) {
            out.report_dossier(Message::NoView);
        }
        return;
    }
    super::check_view_basics(ctx, out, &views);
    for (r, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(body) = &risk.body else {
            continue;
        };
        let Some(multi) = body.multi_patient.as_ref().filter(|m| m.value) else {
            continue;
        };
        let threats: Vec<usize> = ctx.graph.targets(r, Relation::RiskThreat).collect();
        let controls = ctx.controls_of_risk(r);
        let appears = views.iter().any(|(v, _)| {
            ctx.graph
                .targets(*v, Relation::ViewThreat)
                .any(|t| threats.contains(&t))
                || ctx
                    .graph
                    .targets(*v, Relation::ViewControl)
                    .any(|c| controls.contains(&c))
        });
        if !appears {
            out.report(
                r,
                multi.span,
                Message::RiskNotShown {
                    risk: risk.id().into(),
                },
            );
        }
    }
}

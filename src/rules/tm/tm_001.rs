use crate::model::{Body, Kind, Status};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The dossier has an approved `threat_model` that states its `methodology` and the
    /// `methodology_rationale`, its `assumptions`, and its `scope` across the whole medical
    /// device system.
    ///
    /// ## Why it matters
    /// Reviewers judge a threat model by its method and assumptions: without them they cannot
    /// tell whether the threats listed are complete, and the threat list itself loses its
    /// meaning.
    ///
    /// ## Example
    /// ```yaml
    /// id: TM-001
    /// kind: threat_model
    /// title: System threat model
    /// status: approved
    /// methodology: STRIDE
    /// ```
    /// Passes instead:
    /// ```yaml
    /// methodology: STRIDE per element
    /// methodology_rationale: Covers every element of the data-flow diagrams.
    /// assumptions: [The hospital network is segmented as the security guide says.]
    /// scope: Pump, app, gateway, cloud update service and every path between them.
    /// ```
    ///
    /// ## How to fix
    /// Add the method rationale, assumptions and scope, and approve the threat model.
    ///
    /// ## References
    /// PMC §V.A.1; App. 4.
    pub static TM_001 = {
        code: "TM-001",
        name: "incomplete-threat-model",
        severity: Error,
        citation: "PMC §V.A.1; App. 4",
        fix_hint: "Add the method rationale and assumptions",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TM-001.
    pub enum Message in MESSAGES;
    /// The dossier has no approved threat model.
    NoApprovedModel => "the dossier has no approved threat model",
        help: "add a `kind: threat_model` artifact with method, rationale, assumptions and scope, and approve it";
    /// Threat models exist, but none is approved: named at the first.
    NotApproved { model: String, status: String } => "the dossier has no approved threat model: {model} is {status}",
        help: "complete its review and approve it (`dossier approve {model} --by NAME --role ROLE`, then `status: approved`)";
    /// A threat model that lacks its method, rationale, assumptions or scope.
    Incomplete { model: String, missing: String } => "threat model {model} lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let models: Vec<_> = ctx.current(Kind::ThreatModel).collect();
    if !models
        .iter()
        .any(|(_, a)| a.envelope.status.value == Status::Approved)
    {
        // A model that exists but is not approved is the place to fix, not the device.
        match models.first() {
            Some(&(i, model)) => {
                out.report(
                    i,
                    model.envelope.status.span,
                    Message::NotApproved {
                        model: model.id().into(),
                        status: crate::model::labels::label(
                            "status",
                            model.envelope.status.value.as_str(),
                        )
                        .to_lowercase(),
                    },
                );
            }
            None => {
                out.report_dossier(Message::NoApprovedModel);
            }
        }
    }
    for (i, model) in models {
        let Body::ThreatModel(tm) = &model.body else {
            continue;
        };
        let blank = |v: &Option<crate::model::Spanned<String>>| {
            v.as_ref().is_none_or(|s| s.value.trim().is_empty())
        };
        let mut missing = Vec::new();
        if blank(&tm.methodology) {
            missing.push("`methodology`");
        }
        if blank(&tm.methodology_rationale) {
            missing.push("`methodology_rationale`");
        }
        if tm.assumptions.is_empty() {
            missing.push("`assumptions`");
        }
        if blank(&tm.scope) {
            missing.push("`scope`");
        }
        if !missing.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Incomplete {
                    model: model.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
    }
}

use crate::model::{Body, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current security requirement states its text, has a source (a threat, risk or
    /// control in `sources:`, a regulation in `regulatory_sources:`, a `parent:`, or a control
    /// that lists it), acceptance criteria, and a verification method.
    ///
    /// ## Why it matters
    /// Design inputs must be complete and unambiguous, and each must be verifiable: without
    /// acceptance criteria nobody can say whether a test passed, and without a source nobody
    /// can say why the requirement exists.
    ///
    /// ## Example
    /// ```yaml
    /// - id: REQ-010
    ///   kind: requirement
    ///   title: Session timeout
    ///   status: approved
    ///   text: The pump shall end idle clinician sessions.
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   sources: [CTL-006]
    ///   acceptance_criteria: A session idle for 5 minutes requires re-authentication.
    ///   verification_method: test
    /// ```
    ///
    /// ## How to fix
    /// Fill in the missing parts the message lists.
    ///
    /// ## References
    /// ISO 13485 7.3.2(e), 7.3.3, 7.3.4; PMC §V.B.1.
    pub static REQ_001 = {
        code: "REQ-001",
        name: "incomplete-requirement",
        severity: Error,
        citation: "13485 7.3.2(e), 7.3.3, 7.3.4; PMC §V.B.1",
        fix_hint: "Complete the requirement",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of REQ-001.
    pub enum Message in MESSAGES;
    /// A requirement without some of its required fields.
    Incomplete { requirement: String, missing: String } => "requirement {requirement} lacks {missing}";
}

fn blank(value: Option<&crate::model::Spanned<String>>) -> bool {
    value.is_none_or(|v| v.value.trim().is_empty())
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, req) in ctx.current(Kind::Requirement) {
        let Body::Requirement(body) = &req.body else {
            continue;
        };
        let mut missing = Vec::new();
        if blank(body.text.as_ref()) {
            missing.push("`text`");
        }
        let has_source = !body.sources.is_empty()
            || !body.regulatory_sources.is_empty()
            || body.parent.is_some()
            || ctx
                .graph
                .sources(i, Relation::ControlRequirement)
                .next()
                .is_some();
        if !has_source {
            missing.push("a source (`sources` or `regulatory_sources`)");
        }
        if blank(body.acceptance_criteria.as_ref()) {
            missing.push("`acceptance_criteria`");
        }
        if body.verification_method.is_none() {
            missing.push("`verification_method`");
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing[0].to_string(),
                n => format!("{} and {}", missing[..n - 1].join(", "), missing[n - 1]),
            };
            out.report(
                i,
                req.envelope.id.span,
                Message::Incomplete {
                    requirement: req.id().into(),
                    missing: list,
                },
            );
        }
    }
}

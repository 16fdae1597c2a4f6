use crate::model::{Body, CauseType, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Security risks and safety hazards are linked both ways. A security risk with
    /// `patient_harm_possible: true` names at least one hazard in `hazards:`; each hazard it
    /// names is a hazard with `cause_type: security` that names the risk back in
    /// `security_risks:`. A hazard with `cause_type: security` names at least one security
    /// risk, and each names it back. The risk's pre-mitigation severity equals the hazard's
    /// severity (switch off with the parameter `safety_severity_must_match: false` when the
    /// safety file uses another scale).
    ///
    /// ## Why it matters
    /// Security risks that can harm patients must enter the safety risk file, and the safety
    /// file must know which hazards have a security cause; a one-way link drifts as soon as
    /// one side is edited. Disagreeing severities mean one of the two analyses is wrong.
    ///
    /// ## Example
    /// ```yaml
    /// - id: RSK-002
    ///   kind: security_risk
    ///   title: Unauthorized change of infusion rate
    ///   status: approved
    ///   patient_harm_possible: true
    ///   hazards: [HAZ-011]
    /// - id: HAZ-011
    ///   kind: hazard
    ///   title: Over-infusion
    ///   status: approved
    ///   cause_type: security
    ///   # security_risks is missing
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   security_risks: [RSK-002]
    /// ```
    ///
    /// ## How to fix
    /// Create or link the hazard, add the back link, and reconcile the severities.
    ///
    /// ## References
    /// PMC §V.A, §V.A.2; AAMI TIR57; ANSI/AAMI SW96; ISO 14971 5.4–5.5.
    pub static SAFE_001 = {
        code: "SAFE-001",
        name: "unlinked-safety-risk",
        severity: Error,
        citation: "PMC §V.A, §V.A.2; TIR57; SW96; 14971 5.4–5.5",
        fix_hint: "Create or link the hazard",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let g = ctx.graph;
    let match_severity = ctx.config.safety_severity_must_match();
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(body) = &risk.body else {
            continue;
        };
        let hazards: Vec<usize> = g.targets(i, Relation::RiskHazard).collect();
        if let Some(harm) = &body.patient_harm_possible
            && harm.value
            && hazards.is_empty()
            && body.hazards.is_empty()
        {
            out.report(i, harm.span, format!("security risk {} can harm a patient but names no hazard", risk.id()))
                .and_help("name the hazards it can lead to in `hazards:` (create them in the safety file if needed)");
        }
        for &h in &hazards {
            let hazard = ctx.artifact(h);
            let Body::Hazard(hz) = &hazard.body else {
                continue;
            };
            if !g.targets(h, Relation::HazardRisk).any(|r| r == i) {
                out.report(
                    h,
                    hazard.envelope.id.span,
                    format!(
                        "hazard {} does not name security risk {} back",
                        hazard.id(),
                        risk.id()
                    ),
                )
                .and_related(
                    risk.file,
                    risk.envelope.id.span,
                    format!("{} names {} here", risk.id(), hazard.id()),
                )
                .and_help(format!(
                    "add {} to the hazard's `security_risks:`",
                    risk.id()
                ));
            }
            if match_severity
                && let (Some(pre), Some(hazard_sev)) = (
                    body.pre.as_ref().and_then(|p| p.severity.as_ref()),
                    hz.severity.as_ref(),
                )
                && !pre
                    .value
                    .trim()
                    .eq_ignore_ascii_case(hazard_sev.value.trim())
            {
                out.report(i, pre.span, format!(
                    "severity of {} ({}) disagrees with hazard {} ({})",
                    risk.id(),
                    pre.value.trim(),
                    hazard.id(),
                    hazard_sev.value.trim()
                ))
                .and_related(hazard.file, hazard_sev.span, "hazard severity")
                .and_help("reconcile the two analyses, or set `parameters.safety_severity_must_match: false` if the scales differ");
            }
        }
    }
    for (h, hazard) in ctx.current(Kind::Hazard) {
        let Body::Hazard(body) = &hazard.body else {
            continue;
        };
        let security_cause = body
            .cause_type
            .as_ref()
            .is_some_and(|c| c.value == CauseType::Security);
        let risks: Vec<usize> = g.targets(h, Relation::HazardRisk).collect();
        if security_cause && body.security_risks.is_empty() {
            let span = body.cause_type.as_ref().map(|c| c.span).unwrap_or_default();
            out.report(
                h,
                span,
                format!(
                    "hazard {} has a security cause but names no security risk",
                    hazard.id()
                ),
            )
            .and_help("name the security risks that cause it in `security_risks:`");
        }
        if !security_cause && !body.security_risks.is_empty() {
            let span = body.cause_type.as_ref().map(|c| c.span).unwrap_or_default();
            out.report(
                h,
                span,
                format!(
                    "hazard {} names security risks but its cause_type is not security",
                    hazard.id()
                ),
            )
            .and_help("set `cause_type: security`");
        }
        for &r in &risks {
            if !g.targets(r, Relation::RiskHazard).any(|x| x == h) {
                let risk = ctx.artifact(r);
                out.report(
                    r,
                    risk.envelope.id.span,
                    format!(
                        "security risk {} does not name hazard {} back",
                        risk.id(),
                        hazard.id()
                    ),
                )
                .and_related(
                    hazard.file,
                    hazard.envelope.id.span,
                    format!("{} names {} here", hazard.id(), risk.id()),
                )
                .and_help(format!("add {} to the risk's `hazards:`", hazard.id()));
            }
        }
    }
}

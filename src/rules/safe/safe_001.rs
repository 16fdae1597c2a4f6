use crate::model::{Body, CauseType, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

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
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SAFE-001.
    pub enum Message in MESSAGES;
    /// A risk that can harm a patient but names no hazard.
    HarmWithoutHazard { risk: String } => "security risk {risk} can harm a patient but names no hazard",
        help: "name the hazards it can lead to in `hazards:` (create them in the safety file if needed)";
    /// A hazard the risk names that does not name the risk back.
    HazardNoBackLink { hazard: String, risk: String } => "hazard {hazard} does not name security risk {risk} back",
        help: "add {risk} to the hazard's `security_risks:`";
    /// Related to `HazardNoBackLink`: where the risk names the hazard.
    RiskNamesHazard { risk: String, hazard: String } => "{risk} names {hazard} here";
    /// A risk's pre-mitigation severity that differs from its hazard's severity.
    SeverityMismatch { risk: String, severity: String, hazard: String, hazard_severity: String } => "severity of {risk} ({severity}) disagrees with hazard {hazard} ({hazard_severity})",
        help: "reconcile the two analyses, or set `parameters.safety_severity_must_match: false` if the scales differ";
    /// Related to `SeverityMismatch`: the hazard's severity.
    HazardSeverity => "hazard severity";
    /// A hazard with a security cause that names no security risk.
    SecurityCauseWithoutRisk { hazard: String } => "hazard {hazard} has a security cause but names no security risk",
        help: "name the security risks that cause it in `security_risks:`";
    /// A hazard that names security risks without a security cause.
    RisksWithoutSecurityCause { hazard: String } => "hazard {hazard} names security risks but its cause_type is not security",
        help: "set `cause_type: security`";
    /// A risk the hazard names that does not name the hazard back.
    RiskNoBackLink { risk: String, hazard: String } => "security risk {risk} does not name hazard {hazard} back",
        help: "add {hazard} to the risk's `hazards:`";
    /// Related to `RiskNoBackLink`: where the hazard names the risk.
    HazardNamesRisk { hazard: String, risk: String } => "{hazard} names {risk} here";
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
            out.report(
                i,
                harm.span,
                Message::HarmWithoutHazard {
                    risk: risk.id().into(),
                },
            );
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
                    Message::HazardNoBackLink {
                        hazard: hazard.id().into(),
                        risk: risk.id().into(),
                    },
                )
                .and_related(
                    risk.file,
                    risk.envelope.id.span,
                    Message::RiskNamesHazard {
                        risk: risk.id().into(),
                        hazard: hazard.id().into(),
                    },
                );
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
                out.report(
                    i,
                    pre.span,
                    Message::SeverityMismatch {
                        risk: risk.id().into(),
                        severity: pre.value.trim().to_string(),
                        hazard: hazard.id().into(),
                        hazard_severity: hazard_sev.value.trim().to_string(),
                    },
                )
                .and_related(hazard.file, hazard_sev.span, Message::HazardSeverity);
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
                Message::SecurityCauseWithoutRisk {
                    hazard: hazard.id().into(),
                },
            );
        }
        if !security_cause && !body.security_risks.is_empty() {
            let span = body.cause_type.as_ref().map(|c| c.span).unwrap_or_default();
            out.report(
                h,
                span,
                Message::RisksWithoutSecurityCause {
                    hazard: hazard.id().into(),
                },
            );
        }
        for &r in &risks {
            if !g.targets(r, Relation::RiskHazard).any(|x| x == h) {
                let risk = ctx.artifact(r);
                out.report(
                    r,
                    risk.envelope.id.span,
                    Message::RiskNoBackLink {
                        risk: risk.id().into(),
                        hazard: hazard.id().into(),
                    },
                )
                .and_related(
                    hazard.file,
                    hazard.envelope.id.span,
                    Message::HazardNamesRisk {
                        hazard: hazard.id().into(),
                        risk: risk.id().into(),
                    },
                );
            }
        }
    }
}

use crate::model::{Body, Disposition, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current anomaly has a `security_impact` assessment, at least one CWE, and the
    /// criteria or rationale for not fixing it (`rationale_not_fixed`), and says whether it is
    /// `security_relevant`. A security-relevant anomaly links to a security risk or
    /// vulnerability in `related:`; so does a test finding that is deferred or accepted.
    ///
    /// ## Why it matters
    /// An unresolved defect can be a vulnerability; FDA asks for each one's security impact,
    /// classified by CWE, and for the security-relevant ones to be carried into the risk
    /// assessment.
    ///
    /// ## Example
    /// ```yaml
    /// - id: ANOM-001
    ///   kind: anomaly
    ///   security_relevant: true
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   security_impact: Log times may be off by 2 s until resynchronised.
    ///   cwe: [CWE-1265]
    ///   rationale_not_fixed: Resynchronised within 15 minutes; no effect on therapy.
    ///   related: [RSK-010]
    /// ```
    ///
    /// ## How to fix
    /// Assess the anomaly and link it.
    ///
    /// ## References
    /// PMC §V.A.5, §V.C.
    pub static ANOM_002 = {
        code: "ANOM-002",
        name: "unassessed-anomaly",
        severity: Error,
        citation: "PMC §V.A.5, §V.C",
        fix_hint: "Assess and link",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of ANOM-002.
    pub enum Message in MESSAGES;
    /// An anomaly without some of its required fields.
    Incomplete { anomaly: String, missing: String } => "anomaly {anomaly} lacks {missing}";
    /// A security-relevant anomaly that names no risk or vulnerability.
    Unlinked { anomaly: String } => "security-relevant anomaly {anomaly} links to no risk or vulnerability",
        help: "name the security risk or vulnerability in `related:`";
    /// A deferred or risk-accepted finding that names no risk or vulnerability.
    FindingUnlinked { disposition: String, finding: String } => "{disposition} finding {finding} links to no risk or vulnerability",
        help: "name the security risk or vulnerability it leaves open in `related:`";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, anomaly) in ctx.current(Kind::Anomaly) {
        let Body::Anomaly(a) = &anomaly.body else {
            continue;
        };
        let mut missing = Vec::new();
        if a.security_impact
            .as_ref()
            .is_none_or(|s| s.value.trim().is_empty())
        {
            missing.push("`security_impact`");
        }
        if a.cwe.is_empty() {
            missing.push("a CWE in `cwe`");
        }
        if a.rationale_not_fixed
            .as_ref()
            .is_none_or(|s| s.value.trim().is_empty())
        {
            missing.push("`rationale_not_fixed`");
        }
        if a.security_relevant.is_none() {
            missing.push("`security_relevant`");
        }
        if !missing.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Incomplete {
                    anomaly: anomaly.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
        if let Some(relevant) = a.security_relevant.as_ref().filter(|r| r.value)
            && a.related.is_empty()
        {
            out.report(
                i,
                relevant.span,
                Message::Unlinked {
                    anomaly: anomaly.id().into(),
                },
            );
        }
    }
    for (i, finding) in ctx.current(Kind::Finding) {
        let Body::Finding(f) = &finding.body else {
            continue;
        };
        if let Some(d) = f
            .disposition
            .as_ref()
            .filter(|d| matches!(d.value, Disposition::Deferred | Disposition::RiskAccepted))
            && !f.related.iter().any(|r| {
                ctx.graph.index.get(r.value.trim()).is_some_and(|&t| {
                    matches!(
                        ctx.artifact(t).kind(),
                        Kind::SecurityRisk | Kind::Vulnerability
                    )
                })
            })
        {
            out.report(
                i,
                d.span,
                Message::FindingUnlinked {
                    disposition: d.value.to_string(),
                    finding: finding.id().into(),
                },
            );
        }
    }
}

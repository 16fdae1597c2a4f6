use crate::model::{Applicability, Body, Kind, Relation, cvss};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Each vulnerability assessment is complete: the vulnerability says how it was found
    /// (`discovered_via`); the assessment gives the `device_impact` and `system_impact`, the
    /// security risk (`security_risk`) and any safety hazards, the controls that address it
    /// (`controls`, or `compensating_controls` described for users), and its applicability
    /// to every fielded version and the release (`per_version`, with a justification for
    /// each `not_affected`). Every CVSS 2.0, 3.0, 3.1 or 4.0 vector on the vulnerability parses,
    /// is complete, and reproduces its stated score.
    ///
    /// ## Why it matters
    /// A reviewer needs the whole reasoning — how it was found, what it does to the device
    /// and the system, the risk, the controls, and which versions are hit. A CVSS score that
    /// its own vector does not give is an error someone will find.
    ///
    /// ## Example
    /// ```yaml
    /// cvss:
    ///   - { vector: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5 }
    /// ```
    /// Passes instead: `score: 6.5`, which the vector gives.
    ///
    /// ## How to fix
    /// Complete the assessment; correct the vector or the score.
    ///
    /// ## References
    /// PMC §V.A.4(b), §V.A.6; PMK §VI.A.
    pub static VULN_002 = {
        code: "VULN-002",
        name: "incomplete-vulnerability-assessment",
        severity: Error,
        citation: "PMC §V.A.4(b), §V.A.6; PMK §VI.A",
        fix_hint: "Complete the assessment",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VULN-002.
    pub enum Message in MESSAGES;
    /// An assessment that lacks parts of its reasoning (the list of what is missing).
    Incomplete { assessment: String, missing: String } => "assessment {assessment} lacks {missing}";
    /// A version declared not affected with no justification.
    Unjustified { version: String } => "{version} is `not_affected` without a justification",
        help: "say why (for example, the vulnerable code is not compiled in or not reachable)";
    /// A CVSS vector that does not parse or is incomplete (the parser's words).
    BadVector { problem: String } => "{problem}",
        help: "write the complete base vector";
    /// A stated CVSS version the vector contradicts.
    WrongVersion { stated: String, version: String } => "`version: {stated}` but the vector is CVSS {version}";
    /// A stated CVSS score the vector does not give.
    WrongScore { stated: f64, score: f64 } => "the stated score {stated} does not match the vector's {score}",
        help: "write `score: {score}`, or correct the vector";
    /// A VEX statement that disagrees with the assessment for the SBOM's release.
    VexDisagrees { vulnerability: String, status: String, component: String, assessment: String, applicability: String, release: String } => "the VEX statement says {vulnerability} is {status} in {component}, but {assessment} says `{applicability}` for {release}",
        help: "make the VEX document and the assessment's `per_version` agree";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    vex_agrees(ctx, out);
    let mut versions: Vec<String> = ctx
        .device()
        .map(|(_, d)| {
            d.fielded_versions
                .iter()
                .map(|v| v.value.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    if let Some(release) = ctx.release() {
        versions.push(release.trim().to_string());
    }
    for (i, va) in ctx.current(Kind::VulnAssessment) {
        let Body::VulnAssessment(a) = &va.body else {
            continue;
        };
        let blank = |v: &Option<crate::model::Spanned<String>>| {
            v.as_ref().is_none_or(|s| s.value.trim().is_empty())
        };
        let mut missing = Vec::new();
        if let Some((_, vuln)) = super::assessed(ctx, i)
            && vuln.discovered_via.is_none()
        {
            missing.push("how it was found (`discovered_via` on the vulnerability)".to_string());
        }
        if blank(&a.device_impact) {
            missing.push("`device_impact`".to_string());
        }
        if blank(&a.system_impact) {
            missing.push("`system_impact`".to_string());
        }
        if a.security_risk.is_none() {
            missing.push("the `security_risk`".to_string());
        }
        if a.controls.is_empty() && blank(&a.compensating_controls) {
            missing.push("`controls` or `compensating_controls`".to_string());
        }
        for version in &versions {
            if !a
                .per_version
                .iter()
                .any(|p| p.version.value.trim() == version)
            {
                missing.push(format!("applicability to {version}"));
            }
        }
        if !missing.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Incomplete {
                    assessment: va.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
        for p in &a.per_version {
            if p.applicability.value == Applicability::NotAffected
                && p.justification
                    .as_ref()
                    .is_none_or(|j| j.value.trim().is_empty())
            {
                out.report(
                    i,
                    p.applicability.span,
                    Message::Unjustified {
                        version: p.version.value.trim().into(),
                    },
                );
            }
        }
    }
    for (v, vuln) in ctx.current(Kind::Vulnerability) {
        let Body::Vulnerability(body) = &vuln.body else {
            continue;
        };
        let risk_vectors =
            ctx.graph
                .sources(v, Relation::RiskVulnerability)
                .flat_map(|r| match &ctx.artifact(r).body {
                    Body::SecurityRisk(sr) => sr.cvss.iter().map(|c| (r, c)).collect::<Vec<_>>(),
                    _ => Vec::new(),
                });
        for (owner, entry) in body.cvss.iter().map(|c| (v, c)).chain(risk_vectors) {
            match cvss::score(&entry.vector.value) {
                Err(problem) => {
                    out.report(owner, entry.vector.span, Message::BadVector { problem });
                }
                Ok(parsed) => {
                    if let Some(version) = &entry.version
                        && version.value.trim() != parsed.version
                    {
                        out.report(
                            owner,
                            version.span,
                            Message::WrongVersion {
                                stated: version.value.trim().into(),
                                version: parsed.version.into(),
                            },
                        );
                    }
                    if let Some(stated) = &entry.score
                        && (stated.value - parsed.score).abs() > 0.05
                    {
                        out.report(
                            owner,
                            stated.span,
                            Message::WrongScore {
                                stated: stated.value,
                                score: parsed.score,
                            },
                        );
                    }
                }
            }
        }
    }
}

/// A VEX statement and the assessment of the same vulnerability must say the same about the
/// release the SBOM belongs to: the submission cannot claim "not affected" in one place and
/// "affected" in another.
fn vex_agrees(ctx: &RuleCtx, out: &mut Emitter) {
    for sbom in ctx.sboms {
        let Body::Sbom(artifact) = &ctx.artifact(sbom.artifact).body else {
            continue;
        };
        let Some(release) = artifact
            .release_version
            .as_ref()
            .map(|r| r.value.trim().to_string())
            .or_else(|| ctx.release().map(|r| r.trim().to_string()))
        else {
            continue;
        };
        for vex in &sbom.vex {
            let Some(file) = vex.file else { continue };
            for (n, statement) in vex.doc.statements.iter().enumerate() {
                for (v, vuln) in ctx.current(Kind::Vulnerability) {
                    if !statement.ids().any(|id| id == vuln.id()) {
                        continue;
                    }
                    for a in ctx
                        .graph
                        .sources(v, crate::model::Relation::AssessmentVulnerability)
                    {
                        let assessment = ctx.artifact(a);
                        if assessment.envelope.status.value.is_retired() {
                            continue;
                        }
                        let Body::VulnAssessment(body) = &assessment.body else {
                            continue;
                        };
                        let Some(entry) = body
                            .per_version
                            .iter()
                            .find(|p| p.version.value.trim() == release)
                        else {
                            continue;
                        };
                        if entry.applicability.value != statement.status.applicability() {
                            out.report_in(
                                sbom.artifact,
                                file,
                                vex.doc.spans[n],
                                Message::VexDisagrees {
                                    vulnerability: statement.vulnerability.clone(),
                                    status: statement.status.to_string(),
                                    component: statement.component.clone(),
                                    assessment: assessment.id().into(),
                                    applicability: entry.applicability.value.to_string(),
                                    release: release.clone(),
                                },
                            );
                        }
                    }
                }
            }
        }
    }
}

//! Known vulnerabilities: PMC §V.A.2, §V.A.4(b), §V.A.6, §VI.B, §VII.C.1; PMK §VI–VII; 21 CFR 806.

mod vex_001;
mod vex_002;
mod vuln_001;
mod vuln_002;
mod vuln_003;
mod vuln_004;
mod vuln_005;

pub use vex_001::VEX_001;
pub use vex_002::VEX_002;
pub use vuln_001::VULN_001;
pub use vuln_002::VULN_002;
pub use vuln_003::VULN_003;
pub use vuln_004::VULN_004;
pub use vuln_005::VULN_005;

use crate::model::{Applicability, Body, Relation, VulnAssessment, Vulnerability};
use crate::rules::RuleCtx;

/// The vulnerability an assessment assesses, with its index.
pub(crate) fn assessed<'a>(
    ctx: &RuleCtx<'a>,
    assessment: usize,
) -> Option<(usize, &'a Vulnerability)> {
    ctx.graph
        .targets(assessment, Relation::AssessmentVulnerability)
        .find_map(|v| match &ctx.artifact(v).body {
            Body::Vulnerability(x) => Some((v, x)),
            _ => None,
        })
}

/// Whether an assessment leaves a fielded version or the release affected.
pub(crate) fn affects_field(ctx: &RuleCtx, a: &VulnAssessment) -> bool {
    let fielded: Vec<String> = ctx
        .device()
        .map(|(_, d)| {
            d.fielded_versions
                .iter()
                .map(|v| v.value.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let release = ctx.release().unwrap_or("").trim().to_string();
    a.per_version.iter().any(|p| {
        let version = p.version.value.trim();
        (fielded.iter().any(|f| f == version) || version == release)
            && matches!(
                p.applicability.value,
                Applicability::Affected | Applicability::Investigating
            )
    })
}

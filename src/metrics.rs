//! Postmarket metrics of prior marketed versions (PMC §V.A.6): the share of vulnerabilities
//! patched, the mean time from identification to patch, and the mean time from patch
//! availability to field deployment. Computed from the model alone; MET-001 reports what is
//! missing, and the renderers show the figures.

use serde::Serialize;

use crate::graph::Graph;
use crate::model::{Applicability, Artifact, Body, Date, Kind, Relation};

/// The three metrics, and what was missing to compute them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Vulnerabilities that affected a fielded version.
    pub vulnerabilities: usize,
    /// Of those, how many have a released patch.
    pub patched: usize,
    /// `patched / vulnerabilities` in percent.
    pub percent_patched: Option<f64>,
    /// Mean days from `learned_date` to the patch release.
    pub mean_days_to_patch: Option<f64>,
    /// Mean days from a release to its deployment in the field.
    pub mean_days_to_deploy: Option<f64>,
    /// Inputs that are missing, as sentences.
    pub missing: Vec<String>,
}

fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64)
}

/// Computes the metrics for the device's fielded versions.
pub fn compute(artifacts: &[Artifact], graph: &Graph, device: &crate::model::Device) -> Metrics {
    let fielded: Vec<&str> = device
        .fielded_versions
        .iter()
        .map(|v| v.value.trim())
        .collect();
    let mut m = Metrics::default();
    let mut to_patch = Vec::new();
    let mut to_deploy = Vec::new();
    for version in &fielded {
        match device
            .releases
            .iter()
            .find(|r| r.version.value.trim() == *version)
        {
            None => m
                .missing
                .push(format!("no `releases` entry for fielded version {version}")),
            Some(release) => match (&release.date, &release.deployed_on) {
                (Some(date), Some(deployed)) => {
                    to_deploy.push(date.value.days_until(deployed.value))
                }
                (None, _) => m.missing.push(format!("release {version} has no `date`")),
                (_, None) => m
                    .missing
                    .push(format!("release {version} has no `deployed_on`")),
            },
        }
    }
    for &v in graph.of_kind(Kind::Vulnerability) {
        let vuln = &artifacts[v];
        let Body::Vulnerability(body) = &vuln.body else {
            continue;
        };
        let assessments: Vec<&crate::model::VulnAssessment> = graph
            .sources(v, Relation::AssessmentVulnerability)
            .filter_map(|a| match &artifacts[a].body {
                Body::VulnAssessment(x) => Some(x),
                _ => None,
            })
            .collect();
        let affected_fielded = assessments.iter().any(|a| {
            a.per_version.iter().any(|p| {
                fielded.contains(&p.version.value.trim())
                    && p.applicability.value == Applicability::Affected
            })
        });
        if !affected_fielded {
            continue;
        }
        m.vulnerabilities += 1;
        let fixed_by_release: Option<Date> = device
            .releases
            .iter()
            .filter(|r| r.fixes.iter().any(|f| f.value.trim() == vuln.id()))
            .filter_map(|r| r.date.as_ref().map(|d| d.value))
            .min();
        let fixed_on = fixed_by_release.or_else(|| {
            assessments
                .iter()
                .filter_map(|a| a.fix_released_on.as_ref().map(|d| d.value))
                .min()
        });
        if let Some(fixed_on) = fixed_on {
            m.patched += 1;
            match &body.learned_date {
                Some(learned) => to_patch.push(learned.value.days_until(fixed_on)),
                None => m
                    .missing
                    .push(format!("{} has no `learned_date`", vuln.id())),
            }
        }
    }
    if m.vulnerabilities > 0 {
        m.percent_patched = Some(100.0 * m.patched as f64 / m.vulnerabilities as f64);
    }
    m.mean_days_to_patch = mean(&to_patch);
    m.mean_days_to_deploy = mean(&to_deploy);
    m
}

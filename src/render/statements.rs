//! Statements the submission makes about known vulnerabilities, computed from the records.
//!
//! A modification's submission states whether the device has critical uncontrolled
//! vulnerabilities and which vulnerabilities were remediated since the prior authorization
//! (PMC §VII.D). Written by hand, such a sentence drifts from the records; here it is derived
//! from the vulnerability assessments, so it changes when they do.

use serde::Serialize;

use crate::Checked;
use crate::model::{Applicability, Body, Kind, Relation, Residual};

/// A vulnerability named in a statement.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// Its ID.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The highest CVSS base score its vectors give (or state), if any.
    pub cvss: Option<f64>,
    /// Whether it is in CISA's KEV catalogue.
    pub kev: bool,
    /// Critical: CVSS base 9.0 or more, or KEV-listed.
    pub critical: bool,
    /// The fielded versions it affected.
    pub fielded_affected: Vec<String>,
    /// When the fix was released, if it was.
    pub fix_released_on: Option<String>,
}

/// The vulnerability statement of the release.
#[derive(Debug, Clone, Serialize)]
pub struct VulnerabilityStatement {
    /// The release submitted.
    pub release: Option<String>,
    /// The prior submission (a modification's), if the device names one.
    pub prior_submission: Option<String>,
    /// Vulnerabilities assessed as uncontrolled that affect the release.
    pub uncontrolled: Vec<Named>,
    /// How many of those are critical.
    pub critical_uncontrolled: usize,
    /// Vulnerabilities that affected a fielded version and no longer affect the release
    /// (fixed, or not affected).
    pub remediated: Vec<Named>,
}

/// Computes the statement (current records only).
pub fn vulnerabilities(checked: &Checked) -> VulnerabilityStatement {
    let release = checked.release().map(str::to_string);
    let device = checked.device();
    let fielded: Vec<String> = device
        .map(|d| {
            d.fielded_versions
                .iter()
                .map(|v| v.value.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let prior_submission = device
        .and_then(|d| d.submission.as_ref())
        .and_then(|s| s.prior_submission.as_ref())
        .map(|p| p.value.trim().to_string());
    let graph = &checked.graph;
    let mut uncontrolled = Vec::new();
    let mut remediated = Vec::new();
    for &v in graph.of_kind(Kind::Vulnerability) {
        let artifact = &checked.artifacts[v];
        let Body::Vulnerability(body) = &artifact.body else {
            continue;
        };
        if artifact.envelope.status.value.is_retired() {
            continue;
        }
        let cvss = body
            .cvss
            .iter()
            .filter_map(|c| {
                crate::model::cvss::score(&c.vector.value)
                    .ok()
                    .map(|s| s.score)
                    .or(c.score.as_ref().map(|s| s.value))
            })
            .fold(None, |best: Option<f64>, s| {
                Some(best.map_or(s, |b| b.max(s)))
            });
        let kev = body.kev_listed.as_ref().is_some_and(|k| k.value);
        let mut on_release = None;
        let mut fielded_affected = Vec::new();
        let mut determination = None;
        let mut fix_released_on = None;
        for a in graph.sources(v, Relation::AssessmentVulnerability) {
            let assessment = &checked.artifacts[a];
            let Body::VulnAssessment(b) = &assessment.body else {
                continue;
            };
            if assessment.envelope.status.value.is_retired() {
                continue;
            }
            determination = determination.or(b.determination.as_ref().map(|d| d.value));
            fix_released_on =
                fix_released_on.or(b.fix_released_on.as_ref().map(|d| d.value.to_string()));
            for p in &b.per_version {
                let version = p.version.value.trim();
                if Some(version) == release.as_deref() {
                    on_release = Some(p.applicability.value);
                }
                if p.applicability.value == Applicability::Affected
                    && fielded.iter().any(|f| f == version)
                    && !fielded_affected.iter().any(|f| f == version)
                {
                    fielded_affected.push(version.to_string());
                }
            }
        }
        let named = Named {
            id: artifact.id().to_string(),
            title: artifact.envelope.title.value.clone(),
            cvss,
            kev,
            critical: kev || cvss.is_some_and(|s| s >= 9.0),
            fielded_affected: fielded_affected.clone(),
            fix_released_on,
        };
        let affects_release = matches!(
            on_release,
            Some(Applicability::Affected | Applicability::Investigating)
        );
        if affects_release && determination == Some(Residual::Uncontrolled) {
            uncontrolled.push(named);
        } else if !fielded_affected.is_empty()
            && matches!(
                on_release,
                Some(Applicability::Fixed | Applicability::NotAffected)
            )
        {
            remediated.push(named);
        }
    }
    uncontrolled.sort_by(|a, b| a.id.cmp(&b.id));
    remediated.sort_by(|a, b| a.id.cmp(&b.id));
    VulnerabilityStatement {
        release,
        prior_submission,
        critical_uncontrolled: uncontrolled.iter().filter(|n| n.critical).count(),
        uncontrolled,
        remediated,
    }
}

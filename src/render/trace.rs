//! The traceability matrices, as a reviewer reads them: one row per adjacent link.
//!
//! A row that joined whole chains (every risk, control, requirement and test of a threat in
//! one line) could not say which test verifies which requirement. Here each row is one link
//! (threat–risk, risk–control, control–requirement, requirement–test with its result and
//! version), grouped by threat; a missing link is a row of its own, marked as a gap, so it is
//! seen rather than inferred from an empty cell. The PDF and the site print these same rows.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::Checked;
use crate::model::{Body, Kind, Relation, TestResult};

/// How a row reads: a link that is there, one that should be looked at, or a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The link is there.
    Ok,
    /// Worth a look (an untested version, a risk without controls, an uncontrolled result).
    Warn,
    /// Something the trace needs is missing.
    Gap,
}

/// One adjacent link of a threat's trace.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    /// Which link: `Threat → risk`, `Risk → control`, `Control → requirement`,
    /// `Requirement → test`, `Threat → control`, `Control → test`, `Threat → test`.
    pub step: &'static str,
    /// The upstream artifact's ID.
    pub from: String,
    /// The downstream artifact's ID (none for a gap).
    pub to: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// What the reader needs about it: a risk's residual, a control's state, a test's result,
    /// version and date; for a gap, what is missing.
    pub detail: String,
    /// Ok, warn or gap.
    pub level: Level,
}

/// A threat and the links of its trace.
#[derive(Debug, Clone, Serialize)]
pub struct ThreatTrace {
    /// The threat's ID.
    pub threat: String,
    /// Its title.
    pub title: String,
    /// Its links, down the trace.
    pub rows: Vec<LinkRow>,
}

/// A hazard and a security risk linked to it, with both severities.
#[derive(Debug, Clone, Serialize)]
pub struct HazardRow {
    /// The hazard (none: a risk that can harm a patient but names no hazard).
    pub hazard: Option<String>,
    /// The harm.
    pub harm: Option<String>,
    /// The hazard's severity (the safety file's scale).
    pub hazard_severity: Option<String>,
    /// The security risk.
    pub risk: String,
    /// The risk's severity before and after controls.
    pub risk_severity: Option<String>,
    /// Its residual-risk call.
    pub residual: Option<String>,
    /// What a reader should notice, if anything.
    pub note: Option<String>,
    /// Ok, warn or gap.
    pub level: Level,
}

/// A known vulnerability down its chain: assessment, determination, risk, controls, tests.
#[derive(Debug, Clone, Serialize)]
pub struct VulnerabilityRow {
    /// The vulnerability.
    pub vulnerability: String,
    /// Its title.
    pub title: String,
    /// The assessment (none: not assessed).
    pub assessment: Option<String>,
    /// The determination's label.
    pub determination: Option<String>,
    /// The risk it was assessed in.
    pub risk: Option<String>,
    /// The controls that address it.
    pub controls: Vec<String>,
    /// The tests: the fix's validation and tests that verify the vulnerability.
    pub tests: Vec<String>,
    /// What a reader should notice, if anything.
    pub note: Option<String>,
    /// Ok, warn or gap.
    pub level: Level,
}

/// A software asset and an SBOM component it is made of.
#[derive(Debug, Clone, Serialize)]
pub struct AssetRow {
    /// The asset (none: a component that belongs to no asset).
    pub asset: Option<String>,
    /// The asset's title.
    pub title: Option<String>,
    /// The component as the asset names it, or as the SBOM names it.
    pub component: Option<String>,
    /// The SBOM it is in.
    pub sbom: Option<String>,
    /// How many further components it brings through its dependencies.
    pub brings: usize,
    /// What a reader should notice, if anything.
    pub note: Option<String>,
    /// Ok, warn or gap.
    pub level: Level,
}

/// Every matrix of the submission's traceability section.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// Threat to risk, control, requirement and test, one row per link, by threat.
    pub threats: Vec<ThreatTrace>,
    /// Hazards and security risks.
    pub hazards: Vec<HazardRow>,
    /// Vulnerability to assessment, determination, risk, controls and tests.
    pub vulnerabilities: Vec<VulnerabilityRow>,
    /// Software assets and their SBOM components.
    pub assets: Vec<AssetRow>,
    /// How many rows are gaps, over all matrices.
    pub gaps: usize,
}

/// Computes the matrices of a checked dossier (current artifacts only).
pub fn compute(checked: &Checked) -> Trace {
    let mut trace = Trace {
        threats: threats(checked),
        hazards: hazards(checked),
        vulnerabilities: vulnerabilities(checked),
        assets: assets(checked),
        gaps: 0,
    };
    trace.gaps = trace
        .threats
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.level))
        .chain(trace.hazards.iter().map(|r| r.level))
        .chain(trace.vulnerabilities.iter().map(|r| r.level))
        .chain(trace.assets.iter().map(|r| r.level))
        .filter(|l| *l == Level::Gap)
        .count();
    trace
}

/// The current artifacts among `ids`, sorted by ID, once each.
fn current(checked: &Checked, ids: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let set: BTreeSet<(&str, usize)> = ids
        .into_iter()
        .filter(|&i| !checked.artifacts[i].envelope.status.value.is_retired())
        .map(|i| (checked.artifacts[i].id(), i))
        .collect();
    set.into_iter().map(|(_, i)| i).collect()
}

fn id(checked: &Checked, i: usize) -> String {
    checked.artifacts[i].id().to_string()
}

fn title(checked: &Checked, i: usize) -> Option<String> {
    Some(checked.artifacts[i].envelope.title.value.clone())
}

fn threats(checked: &Checked) -> Vec<ThreatTrace> {
    let graph = &checked.graph;
    let release = checked.release().map(str::to_string);
    let link = |step, from: usize, to: usize, detail: String, level| LinkRow {
        step,
        from: id(checked, from),
        to: Some(id(checked, to)),
        title: title(checked, to),
        detail,
        level,
    };
    let gap = |step, from: usize, detail: &str, level| LinkRow {
        step,
        from: id(checked, from),
        to: None,
        title: None,
        detail: detail.to_string(),
        level,
    };
    // A test's result, version and date, and how that reads against the release.
    let test_row = |step, from: usize, t: usize| {
        let (detail, level) = match &checked.artifacts[t].body {
            Body::Test(b) => {
                let result = b.result.as_ref().map(|r| r.value);
                let version = b.sw_version.as_ref().map(|v| v.value.trim().to_string());
                let mut parts = vec![
                    result
                        .map(|r| r.label().to_string())
                        .unwrap_or_else(|| "No result".into()),
                ];
                parts.extend(version.iter().map(|v| format!("version {v}")));
                parts.extend(b.executed_on.as_ref().map(|d| d.value.to_string()));
                let level = match result {
                    Some(TestResult::Pass) if version.is_none() || version == release => Level::Ok,
                    Some(TestResult::Pass) => Level::Warn,
                    _ => Level::Gap,
                };
                (parts.join(" · "), level)
            }
            _ => (String::new(), Level::Ok),
        };
        link(step, from, t, detail, level)
    };
    let passes = |t: usize| {
        matches!(&checked.artifacts[t].body, Body::Test(b)
            if b.result.as_ref().is_some_and(|r| r.value == TestResult::Pass))
    };
    let mut out = Vec::new();
    let mut reached: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for t in current(checked, graph.of_kind(Kind::Threat).iter().copied()) {
        let mut rows = Vec::new();
        let risks = current(checked, graph.sources(t, Relation::RiskThreat));
        if risks.is_empty() {
            rows.push(gap("Threat → risk", t, "no risk assesses it", Level::Gap));
        }
        let mut controls: Vec<usize> = Vec::new();
        for &r in &risks {
            let residual = match &checked.artifacts[r].body {
                Body::SecurityRisk(b) => b.residual.as_ref().map(|x| x.value.label()),
                _ => None,
            };
            rows.push(link(
                "Threat → risk",
                t,
                r,
                residual.map_or_else(|| "No residual call".into(), |x| format!("Residual: {x}")),
                if residual.is_some() {
                    Level::Ok
                } else {
                    Level::Gap
                },
            ));
        }
        for &r in &risks {
            let of_risk = current(
                checked,
                graph
                    .targets(r, Relation::RiskControl)
                    .chain(graph.sources(r, Relation::ControlMitigates)),
            );
            if of_risk.is_empty() {
                rows.push(gap("Risk → control", r, "no control", Level::Warn));
            }
            for c in of_risk {
                rows.push(link("Risk → control", r, c, state(checked, c), Level::Ok));
                if !controls.contains(&c) {
                    controls.push(c);
                }
            }
        }
        for c in current(checked, graph.sources(t, Relation::ControlMitigates)) {
            if !controls.contains(&c) {
                rows.push(link("Threat → control", t, c, state(checked, c), Level::Ok));
                controls.push(c);
            }
        }
        let mut requirements: Vec<usize> = Vec::new();
        for &c in &controls {
            let of_control = current(
                checked,
                graph
                    .targets(c, Relation::ControlRequirement)
                    .chain(graph.sources(c, Relation::RequirementSource)),
            );
            if of_control.is_empty() {
                rows.push(gap(
                    "Control → requirement",
                    c,
                    "no requirement",
                    Level::Gap,
                ));
            }
            for q in of_control {
                rows.push(link(
                    "Control → requirement",
                    c,
                    q,
                    String::new(),
                    Level::Ok,
                ));
                if !requirements.contains(&q) {
                    requirements.push(q);
                }
            }
        }
        // Requirements written against the threat or its risks directly.
        for (step, from) in std::iter::once(("Threat → requirement", t))
            .chain(risks.iter().map(|&r| ("Risk → requirement", r)))
        {
            for q in current(checked, graph.sources(from, Relation::RequirementSource)) {
                if !requirements.contains(&q) {
                    rows.push(link(step, from, q, String::new(), Level::Ok));
                    requirements.push(q);
                }
            }
        }
        reached.extend(requirements.iter().copied());
        for &q in &requirements {
            let tests = current(checked, graph.sources(q, Relation::TestVerifies));
            for &x in &tests {
                rows.push(test_row("Requirement → test", q, x));
            }
            if !tests.iter().any(|&x| passes(x)) {
                rows.push(gap("Requirement → test", q, "no passing test", Level::Gap));
            }
        }
        for &c in &controls {
            for x in current(checked, graph.sources(c, Relation::TestVerifies)) {
                rows.push(test_row("Control → test", c, x));
            }
        }
        for x in current(checked, graph.sources(t, Relation::TestVerifies)) {
            rows.push(test_row("Threat → test", t, x));
        }
        out.push(ThreatTrace {
            threat: id(checked, t),
            title: checked.artifacts[t].envelope.title.value.clone(),
            rows,
        });
    }
    // A requirement no threat's trace reaches answers to nothing the risk analysis found,
    // unless it comes from regulation (`regulatory_sources`, a process requirement): listed
    // after the threats, a gap when it has neither.
    let mut orphans: Vec<LinkRow> = Vec::new();
    for q in current(checked, graph.of_kind(Kind::Requirement).iter().copied())
        .into_iter()
        .filter(|q| !reached.contains(q))
    {
        orphans.push({
            let sources: Vec<String> = match &checked.artifacts[q].body {
                Body::Requirement(b) => b
                    .regulatory_sources
                    .iter()
                    .map(|s| s.value.trim().to_string())
                    .collect(),
                _ => Vec::new(),
            };
            let (detail, level) = if sources.is_empty() {
                (
                    "no threat, risk or control traces to it".to_string(),
                    Level::Gap,
                )
            } else {
                (format!("from {}", sources.join(", ")), Level::Ok)
            };
            LinkRow {
                step: "Requirement",
                from: id(checked, q),
                to: None,
                title: title(checked, q),
                detail,
                level,
            }
        });
        let tests = current(checked, graph.sources(q, Relation::TestVerifies));
        for &x in &tests {
            orphans.push(test_row("Requirement → test", q, x));
        }
        if !tests.iter().any(|&x| passes(x)) {
            orphans.push(gap("Requirement → test", q, "no passing test", Level::Gap));
        }
    }
    if !orphans.is_empty() {
        out.push(ThreatTrace {
            threat: String::new(),
            title: "Requirements outside the threats' traces".to_string(),
            rows: orphans,
        });
    }
    out
}

fn state(checked: &Checked, c: usize) -> String {
    match &checked.artifacts[c].body {
        Body::SecurityControl(b) => b.state.value.label().to_string(),
        _ => String::new(),
    }
}

fn hazards(checked: &Checked) -> Vec<HazardRow> {
    let graph = &checked.graph;
    let risk_facts = |r: usize| match &checked.artifacts[r].body {
        Body::SecurityRisk(b) => {
            let sev = |s: &Option<crate::model::RiskScore>| {
                s.as_ref()
                    .and_then(|s| s.severity.as_ref())
                    .map(|x| x.value.trim().to_string())
            };
            let (pre, post) = (sev(&b.pre), sev(&b.post));
            let shown = match (&pre, &post) {
                (Some(a), Some(b)) if a != b => Some(format!("{a} → {b}")),
                (Some(a), _) | (None, Some(a)) => Some(a.clone()),
                _ => None,
            };
            (
                pre,
                shown,
                b.residual.as_ref().map(|x| x.value.label().to_string()),
                b.patient_harm_possible.as_ref().is_some_and(|x| x.value),
            )
        }
        _ => (None, None, None, false),
    };
    let mut out = Vec::new();
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    for h in current(checked, graph.of_kind(Kind::Hazard).iter().copied()) {
        let (harm, severity) = match &checked.artifacts[h].body {
            Body::Hazard(b) => (
                b.harm.as_ref().map(|x| x.value.clone()),
                b.severity.as_ref().map(|x| x.value.trim().to_string()),
            ),
            _ => (None, None),
        };
        let risks = current(
            checked,
            graph
                .targets(h, Relation::HazardRisk)
                .chain(graph.sources(h, Relation::RiskHazard)),
        );
        for r in risks {
            linked.insert(r);
            let (pre, shown, residual, _) = risk_facts(r);
            let differs = pre.is_some() && severity.is_some() && pre != severity;
            out.push(HazardRow {
                hazard: Some(id(checked, h)),
                harm: harm.clone(),
                hazard_severity: severity.clone(),
                risk: id(checked, r),
                risk_severity: shown,
                residual,
                note: differs.then(|| "the severities differ".to_string()),
                level: if differs { Level::Warn } else { Level::Ok },
            });
        }
    }
    for r in current(checked, graph.of_kind(Kind::SecurityRisk).iter().copied()) {
        let (_, shown, residual, harm) = risk_facts(r);
        if harm && !linked.contains(&r) {
            out.push(HazardRow {
                hazard: None,
                harm: None,
                hazard_severity: None,
                risk: id(checked, r),
                risk_severity: shown,
                residual,
                note: Some("patient harm is possible, but no hazard is linked".into()),
                level: Level::Gap,
            });
        }
    }
    out
}

fn vulnerabilities(checked: &Checked) -> Vec<VulnerabilityRow> {
    let graph = &checked.graph;
    let mut out = Vec::new();
    for v in current(checked, graph.of_kind(Kind::Vulnerability).iter().copied()) {
        let verifying = current(checked, graph.sources(v, Relation::TestVerifies));
        let assessments = current(checked, graph.sources(v, Relation::AssessmentVulnerability));
        let ids = |list: Vec<usize>| list.into_iter().map(|i| id(checked, i)).collect();
        if assessments.is_empty() {
            out.push(VulnerabilityRow {
                vulnerability: id(checked, v),
                title: checked.artifacts[v].envelope.title.value.clone(),
                assessment: None,
                determination: None,
                risk: None,
                controls: Vec::new(),
                tests: ids(verifying.clone()),
                note: Some("not assessed".into()),
                level: Level::Gap,
            });
        }
        for a in assessments {
            let determination = match &checked.artifacts[a].body {
                Body::VulnAssessment(b) => b.determination.as_ref().map(|d| d.value),
                _ => None,
            };
            let mut tests = current(checked, graph.targets(a, Relation::AssessmentFixValidation));
            tests.extend(verifying.iter().copied());
            let tests = current(checked, tests);
            let (note, level) = match determination {
                None => (Some("no determination".to_string()), Level::Gap),
                Some(crate::model::Residual::Uncontrolled) => {
                    (Some("uncontrolled".to_string()), Level::Warn)
                }
                // A determination no test is named for: worth a look, not a gap.
                Some(_) if tests.is_empty() => (Some("no test named".to_string()), Level::Warn),
                Some(_) => (None, Level::Ok),
            };
            out.push(VulnerabilityRow {
                vulnerability: id(checked, v),
                title: checked.artifacts[v].envelope.title.value.clone(),
                assessment: Some(id(checked, a)),
                determination: determination.map(|d| d.label().to_string()),
                risk: current(checked, graph.targets(a, Relation::AssessmentRisk))
                    .first()
                    .map(|&r| id(checked, r)),
                controls: ids(current(
                    checked,
                    graph.targets(a, Relation::AssessmentControl),
                )),
                tests: ids(tests),
                note,
                level,
            });
        }
    }
    out
}

fn assets(checked: &Checked) -> Vec<AssetRow> {
    let mut out = Vec::new();
    let mut claimed: BTreeSet<(usize, String)> = BTreeSet::new();
    for a in current(checked, checked.graph.of_kind(Kind::Asset).iter().copied()) {
        let Body::Asset(body) = &checked.artifacts[a].body else {
            continue;
        };
        let software = matches!(
            body.asset_type.value,
            crate::model::AssetType::Fw
                | crate::model::AssetType::Sw
                | crate::model::AssetType::App
        );
        if software && body.sbom_components.is_empty() {
            out.push(AssetRow {
                asset: Some(id(checked, a)),
                title: title(checked, a),
                component: None,
                sbom: None,
                brings: 0,
                note: Some("names no SBOM component".into()),
                level: Level::Gap,
            });
        }
        for reference in &body.sbom_components {
            let found = checked
                .sboms
                .iter()
                .enumerate()
                .find_map(|(s, l)| l.find(&reference.value).map(|c| (s, c)));
            let row = match found {
                Some((s, c)) => {
                    claimed.insert((s, c.bom_ref.value.clone()));
                    AssetRow {
                        asset: Some(id(checked, a)),
                        title: title(checked, a),
                        component: Some(shown(c)),
                        sbom: Some(id(checked, checked.sboms[s].artifact)),
                        brings: checked.sboms[s]
                            .reachable_from([c.bom_ref.value.clone()])
                            .len()
                            - 1,
                        note: None,
                        level: Level::Ok,
                    }
                }
                None => AssetRow {
                    asset: Some(id(checked, a)),
                    title: title(checked, a),
                    component: Some(reference.value.trim().to_string()),
                    sbom: None,
                    brings: 0,
                    note: Some("in no SBOM".into()),
                    level: Level::Gap,
                },
            };
            out.push(row);
        }
    }
    // Components that belong to no asset, directly or through what depends on them.
    for (s, loaded) in checked.sboms.iter().enumerate() {
        if loaded.problem.is_some() {
            continue;
        }
        let reached = loaded.reachable_from(
            claimed
                .iter()
                .filter(|(x, _)| *x == s)
                .map(|(_, r)| r.clone()),
        );
        for c in &loaded.components {
            if !reached.contains(&c.bom_ref.value) {
                out.push(AssetRow {
                    asset: None,
                    title: None,
                    component: Some(shown(c)),
                    sbom: Some(id(checked, loaded.artifact)),
                    brings: 0,
                    note: Some("belongs to no asset".into()),
                    level: Level::Gap,
                });
            }
        }
    }
    out
}

/// A component as a reader names it: `mbedtls 3.6.2`, or its reference when it has no name.
fn shown(c: &crate::model::Component) -> String {
    let name = c
        .name
        .as_ref()
        .map(|n| n.value.trim())
        .filter(|n| !n.is_empty());
    match (name, c.version.as_ref().map(|v| v.value.trim())) {
        (Some(n), Some(v)) if !v.is_empty() => format!("{n} {v}"),
        (Some(n), _) => n.to_string(),
        _ => c.bom_ref.value.clone(),
    }
}

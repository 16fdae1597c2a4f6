use std::collections::BTreeMap;

use crate::model::{Date, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Suspect links: when an artifact changes, everything downstream of it that was approved
    /// before the change — the risks that assess a threat, the controls that mitigate a risk,
    /// the requirements that specify a control, the tests that verify them, the assessments of
    /// a vulnerability, the labeling of a control or risk — is flagged for re-review,
    /// transitively down the trace, until it is approved again. Needs the version history
    /// (when each artifact last changed): it runs when the dossier is read from Git. Changes
    /// in commits dated on or before the manifest's `migrated_on` (the day the dossier moved
    /// into Git, with approvals recorded earlier) are the import, not changes.
    ///
    /// ## Why it matters
    /// A test that passed against the old requirement says nothing about the new one. ISO
    /// 13485 7.3.9 asks that the effect of a change on what depends on it be evaluated; this
    /// rule finds what that evaluation must cover, with no bookkeeping by the team.
    ///
    /// ## Example
    /// REQ-004 changed on 2026-10-02; TST-004, which verifies it, was last approved on
    /// 2026-09-30.
    ///
    /// Passes instead: TST-004 re-run or re-reviewed and approved on or after 2026-10-02.
    ///
    /// ## How to fix
    /// Re-review the downstream artifact and approve it again.
    ///
    /// ## References
    /// ISO 13485 7.3.9, 7.3.6; PMC §V.A.4(a).
    pub static CHG_002 = {
        code: "CHG-002",
        name: "suspect-link",
        severity: Error,
        citation: "13485 7.3.9, 7.3.6; PMC §V.A.4(a)",
        fix_hint: "Re-review and re-approve",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of CHG-002.
    pub enum Message in MESSAGES;
    /// An artifact approved before an upstream change (`migrated_on` set).
    Suspect { artifact: String, origin: String, date: String, approved: String } => "{artifact} is suspect: {origin} changed on {date}, and {artifact} was last approved on {approved}",
        help: "review {artifact} against the change and approve it again";
    /// A never-approved artifact downstream of a change (`migrated_on` set).
    SuspectUnapproved { artifact: String, origin: String, date: String } => "{artifact} is suspect: {origin} changed on {date}, and {artifact} was never approved",
        help: "review {artifact} against the change and approve it again";
    /// An artifact approved before an upstream change that may be the import into Git (no `migrated_on`).
    SuspectOrImported { artifact: String, origin: String, date: String, approved: String } => "{artifact} is suspect: {origin} changed on {date}, and {artifact} was last approved on {approved}",
        help: "review {artifact} against the change and approve it again; if the commit of {date} only brought the dossier into Git (it added the files, approved elsewhere before), set `migrated_on: {date}` in dossier.yaml: commits up to that day are the import, not changes";
    /// A never-approved artifact downstream of a change that may be the import into Git (no `migrated_on`).
    SuspectUnapprovedOrImported { artifact: String, origin: String, date: String } => "{artifact} is suspect: {origin} changed on {date}, and {artifact} was never approved",
        help: "review {artifact} against the change and approve it again; if the commit of {date} only brought the dossier into Git (it added the files, approved elsewhere before), set `migrated_on: {date}` in dossier.yaml: commits up to that day are the import, not changes";
    /// Related to the findings above: the upstream artifact that changed.
    ChangeUpstream => "the change upstream";
}

/// For each relation that makes one artifact depend on another: whether the edge's source is
/// the downstream side (`true`: the source depends on the target).
fn dependency(rel: Relation) -> Option<bool> {
    match rel {
        Relation::RiskThreat
        | Relation::ControlMitigates
        | Relation::RequirementSource
        | Relation::RequirementParent
        | Relation::TestVerifies
        | Relation::AssessmentVulnerability
        | Relation::AssessmentRisk
        | Relation::LabelingControl
        | Relation::LabelingRisk
        | Relation::HazardRisk => Some(true),
        Relation::RiskControl | Relation::ControlRequirement | Relation::RiskHazard => Some(false),
        _ => None,
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    if ctx.history.is_none() {
        return;
    }
    let approved = |i: usize| {
        ctx.artifact(i)
            .envelope
            .approvals
            .iter()
            .map(|a| a.date.value)
            .max()
    };
    // Commits up to the migration into Git are the import, not changes.
    let migrated = ctx.config.manifest.migrated_on.as_ref().map(|d| d.value);
    let changed = |i: usize| {
        ctx.file_history(i)
            .map(|h| h.last_change)
            .filter(|d| migrated.is_none_or(|m| *d > m))
    };
    // (downstream, upstream) pairs.
    let mut downstream_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for edge in ctx.graph.inner.edge_indices() {
        let Some((a, b)) = ctx.graph.inner.edge_endpoints(edge) else {
            continue;
        };
        let Some(source_depends) = dependency(ctx.graph.inner[edge].rel) else {
            continue;
        };
        let (down, up) = if source_depends {
            (a.index(), b.index())
        } else {
            (b.index(), a.index())
        };
        downstream_of.entry(up).or_default().push(down);
    }
    // The latest upstream change each artifact has not been re-approved since, and its cause.
    let mut suspect: BTreeMap<usize, (Date, usize)> = BTreeMap::new();
    let mut work: Vec<(usize, Date, usize)> = (0..ctx.artifacts.len())
        .filter(|&i| !ctx.artifact(i).envelope.status.value.is_retired())
        .filter_map(|i| changed(i).map(|d| (i, d, i)))
        .collect();
    while let Some((up, date, cause)) = work.pop() {
        for &down in downstream_of.get(&up).into_iter().flatten() {
            if ctx.artifact(down).envelope.status.value.is_retired() || down == cause {
                continue;
            }
            let stale = approved(down).is_none_or(|a| a < date);
            let newer = suspect.get(&down).is_none_or(|(d, _)| *d < date);
            if stale && newer {
                suspect.insert(down, (date, cause));
                work.push((down, date, cause));
            }
        }
    }
    for (down, (date, cause)) in suspect {
        let artifact = ctx.artifact(down);
        let origin = ctx.artifact(cause);
        let (id, from, date) = (
            artifact.id().to_string(),
            origin.id().to_string(),
            date.to_string(),
        );
        let message = match (approved(down), migrated.is_none()) {
            (Some(d), false) => Message::Suspect {
                artifact: id,
                origin: from,
                date,
                approved: d.to_string(),
            },
            (None, false) => Message::SuspectUnapproved {
                artifact: id,
                origin: from,
                date,
            },
            (Some(d), true) => Message::SuspectOrImported {
                artifact: id,
                origin: from,
                date,
                approved: d.to_string(),
            },
            (None, true) => Message::SuspectUnapprovedOrImported {
                artifact: id,
                origin: from,
                date,
            },
        };
        out.report(down, Default::default(), message).and_related(
            origin.file,
            origin.envelope.id.span,
            Message::ChangeUpstream,
        );
    }
}

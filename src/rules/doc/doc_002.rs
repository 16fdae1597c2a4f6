use crate::model::fingerprint;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An approval that recorded the artifact's content `fingerprint` still matches the
    /// artifact: the hash of its normalised fields (everything but the approvals and the
    /// status; formatting, key order and file location do not count) equals the fingerprint
    /// at approval. Approved records such as tests and assessments are thereby never edited
    /// in place without a new approval. An approval without a fingerprint is checked against
    /// the version history instead (when the dossier is read from Git): an approved artifact
    /// whose content changed in a commit after its last approval (and after the manifest's
    /// `migrated_on`) is reported too.
    ///
    /// ## Why it matters
    /// An approval is of a specific content. Editing an approved document without review and
    /// re-approval breaks document control, and for records (test results, assessments) it
    /// falsifies the record.
    ///
    /// ## Example
    /// A test approved with `fingerprint: sha256:3f1c...` whose `result` was later changed
    /// from `fail` to `pass` without a new approval.
    ///
    /// Passes instead: bump the `revision`, review, and approve again (the new approval
    /// records the new fingerprint).
    ///
    /// ## How to fix
    /// Bump the revision and re-approve; revert the edit if it was not intended.
    ///
    /// ## References
    /// ISO 13485 4.2.4, 4.2.5.
    pub static DOC_002 = {
        code: "DOC-002",
        name: "edited-after-approval",
        severity: Error,
        citation: "13485 4.2.4, 4.2.5",
        fix_hint: "Bump the revision and re-approve",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let migrated = ctx.config.manifest.migrated_on.as_ref().map(|d| d.value);
    for (i, artifact) in ctx.artifacts.iter().enumerate() {
        // The latest approval that recorded a fingerprint is the one that counts.
        let Some(approval) = artifact
            .envelope
            .approvals
            .iter()
            .filter(|a| a.fingerprint.is_some())
            .max_by_key(|a| a.date.value)
        else {
            // Without a fingerprint, the history says whether the content changed after
            // the last approval (commits up to `migrated_on` are the import).
            let last = artifact
                .envelope
                .approvals
                .iter()
                .max_by_key(|a| a.date.value);
            if let (Some(last), Some(history)) = (last, ctx.file_history(i))
                && artifact.envelope.status.value == crate::model::Status::Approved
                && history.last_change > last.date.value
                && migrated.is_none_or(|m| history.last_change > m)
            {
                let commit = history
                    .commit
                    .as_deref()
                    .map(|c| format!(" in commit {}", &c[..c.len().min(12)]))
                    .unwrap_or_else(|| " (uncommitted)".to_string());
                out.report(
                    i,
                    last.date.span,
                    format!(
                        "{} changed on {}{commit}, after its last approval on {}",
                        artifact.id(),
                        history.last_change,
                        last.date.value
                    ),
                )
                .and_help(if migrated.is_none() {
                    format!("review the change, bump the revision and approve again; if the commit of {} only brought the dossier into Git, set `migrated_on: {}` in dossier.yaml", history.last_change, history.last_change)
                } else {
                    "review the change, bump the revision and approve again (`dossier approve` records the content's fingerprint, so later edits are caught without the history)".to_string()
                });
            }
            continue;
        };
        let Some(recorded) = &approval.fingerprint else {
            continue;
        };
        let current = fingerprint(artifact);
        if recorded.value.trim() != current {
            out.report(i, recorded.span, format!(
                "{} changed after {} approved it on {}",
                artifact.id(),
                approval.name.value.trim(),
                approval.date.value
            ))
            .and_help(format!("review the change, bump the revision and approve again (current fingerprint {current})"));
        }
    }
}

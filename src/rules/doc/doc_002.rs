use crate::model::fingerprint;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

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
    /// An approval is of the artifact with its evidence: when the history shows that an
    /// evidence file the artifact names (an SBOM's document or VEX file, a test's evidence, a
    /// report's original, a diagram or an image) changed after the last approval, that is
    /// reported whether or not the approval recorded a fingerprint (which covers the fields
    /// only).
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
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of DOC-002.
    pub enum Message in MESSAGES;
    /// Content committed after the last approval, with no `migrated_on` in the manifest.
    ChangedInCommit { artifact: String, changed: String, commit: String, approved: String } => "{artifact} changed on {changed} in commit {commit}, after its last approval on {approved}",
        help: "review the change, bump the revision and approve again; if the commit of {changed} only brought the dossier into Git, set `migrated_on: {changed}` in dossier.yaml";
    /// Content committed after the last approval and after `migrated_on`.
    ChangedInCommitSinceMigration { artifact: String, changed: String, commit: String, approved: String } => "{artifact} changed on {changed} in commit {commit}, after its last approval on {approved}",
        help: "review the change, bump the revision and approve again (`dossier approve` records the content's fingerprint, so later edits are caught without the history)";
    /// Uncommitted content changed after the last approval, with no `migrated_on` in the manifest.
    ChangedUncommitted { artifact: String, changed: String, approved: String } => "{artifact} changed on {changed} (uncommitted), after its last approval on {approved}",
        help: "review the change, bump the revision and approve again; if the commit of {changed} only brought the dossier into Git, set `migrated_on: {changed}` in dossier.yaml";
    /// Uncommitted content changed after the last approval and after `migrated_on`.
    ChangedUncommittedSinceMigration { artifact: String, changed: String, approved: String } => "{artifact} changed on {changed} (uncommitted), after its last approval on {approved}",
        help: "review the change, bump the revision and approve again (`dossier approve` records the content's fingerprint, so later edits are caught without the history)";
    /// An evidence file changed in a commit after the last approval.
    EvidenceChangedInCommit { artifact: String, file: String, changed: String, commit: String, approved: String } => "{artifact}'s evidence file `{file}` changed on {changed} in commit {commit}, after its last approval on {approved}",
        help: "review the new file, bump the revision and approve again (an approval is of the artifact with its evidence); if that commit only brought the dossier into Git, set `migrated_on: {changed}` in dossier.yaml";
    /// An evidence file changed in the working tree after the last approval.
    EvidenceChangedUncommitted { artifact: String, file: String, changed: String, approved: String } => "{artifact}'s evidence file `{file}` changed on {changed} (uncommitted), after its last approval on {approved}",
        help: "review the new file, bump the revision and approve again (an approval is of the artifact with its evidence), or restore the file";
    /// Content that no longer matches the fingerprint its approval recorded.
    FingerprintMismatch { artifact: String, approver: String, date: String, current: String } => "{artifact} changed after {approver} approved it on {date}",
        help: "review the change, bump the revision and approve again (current fingerprint {current})";
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
                if let Some(message) = evidence_changed(artifact.id(), history, last.date.value) {
                    out.report(i, last.date.span, message);
                    continue;
                }
                let commit = history
                    .commit
                    .as_deref()
                    .map(|c| c[..c.len().min(12)].to_string());
                let artifact = artifact.id().to_string();
                let changed = history.last_change.to_string();
                let approved = last.date.value.to_string();
                let message = match (commit, migrated.is_none()) {
                    (Some(commit), true) => Message::ChangedInCommit {
                        artifact,
                        changed,
                        commit,
                        approved,
                    },
                    (Some(commit), false) => Message::ChangedInCommitSinceMigration {
                        artifact,
                        changed,
                        commit,
                        approved,
                    },
                    (None, true) => Message::ChangedUncommitted {
                        artifact,
                        changed,
                        approved,
                    },
                    (None, false) => Message::ChangedUncommittedSinceMigration {
                        artifact,
                        changed,
                        approved,
                    },
                };
                out.report(i, last.date.span, message);
            }
            continue;
        };
        let Some(recorded) = &approval.fingerprint else {
            continue;
        };
        // The fingerprint covers the fields; the history, the evidence files.
        if let Some(history) = ctx.file_history(i)
            && artifact.envelope.status.value == crate::model::Status::Approved
            && migrated.is_none_or(|m| history.last_change > m)
            && let Some(message) = evidence_changed(artifact.id(), history, approval.date.value)
        {
            out.report(i, approval.date.span, message);
        }
        let current = fingerprint(artifact);
        if recorded.value.trim() != current {
            out.report(
                i,
                recorded.span,
                Message::FingerprintMismatch {
                    artifact: artifact.id().into(),
                    approver: approval.name.value.trim().to_string(),
                    date: approval.date.value.to_string(),
                    current,
                },
            );
        }
    }
}

/// The finding for an artifact whose last change, after `approved`, was to an evidence file.
fn evidence_changed(
    artifact: &str,
    history: &crate::source::FileHistory,
    approved: crate::model::Date,
) -> Option<Message> {
    let file = history.evidence.clone()?;
    if history.last_change <= approved {
        return None;
    }
    let (artifact, changed, approved) = (
        artifact.to_string(),
        history.last_change.to_string(),
        approved.to_string(),
    );
    Some(match &history.commit {
        Some(commit) => Message::EvidenceChangedInCommit {
            artifact,
            file,
            changed,
            commit: commit[..commit.len().min(12)].to_string(),
            approved,
        },
        None => Message::EvidenceChangedUncommitted {
            artifact,
            file,
            changed,
            approved,
        },
    })
}

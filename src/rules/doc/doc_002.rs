use crate::model::fingerprint;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An approval that recorded the artifact's content `fingerprint` still matches the
    /// artifact: the hash of its normalised fields (everything but the approvals and the
    /// status; formatting, key order and file location do not count) equals the fingerprint
    /// at approval. Approved records such as tests and assessments are thereby never edited
    /// in place without a new approval.
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
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, artifact) in ctx.artifacts.iter().enumerate() {
        // The latest approval that recorded a fingerprint is the one that counts.
        let Some(approval) = artifact
            .envelope
            .approvals
            .iter()
            .filter(|a| a.fingerprint.is_some())
            .max_by_key(|a| a.date.value)
        else {
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

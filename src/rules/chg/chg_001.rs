use crate::model::{Body, Kind, Relation, Status};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current artifact that changed since the baseline tag is covered by an approved
    /// `change_record` — listed in its `changed:`, or pointing to it with `change_ref:` —
    /// that classifies the cyber impact (`cyber_impact`) and names its verification
    /// (`verification:`). Needs the version history: it runs when the dossier is read from
    /// Git with a baseline, and says nothing otherwise.
    ///
    /// ## Why it matters
    /// Design changes must be identified, reviewed, verified and approved before they are
    /// implemented (ISO 13485 7.3.9); for a modification submission the change records are
    /// what the reviewer reads.
    ///
    /// ## Example
    /// `controls/controls.yaml` changed since tag `v2.3.1`, but no change record lists CTL-001.
    ///
    /// Passes instead:
    /// ```yaml
    /// - id: CR-001
    ///   kind: change_record
    ///   changed: [CTL-001]
    ///   cyber_impact: may_impact
    ///   verification: [TST-001]
    /// ```
    ///
    /// ## How to fix
    /// Raise a change record for the change, with its classification and verification.
    ///
    /// ## References
    /// ISO 13485 7.3.9; QMSR 820.10(c); PMC §VII.D.
    pub static CHG_001 = {
        code: "CHG-001",
        name: "unrecorded-change",
        severity: Error,
        citation: "13485 7.3.9; QMSR 820.10(c); PMC §VII.D",
        fix_hint: "Raise a change record",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of CHG-001.
    pub enum Message in MESSAGES;
    /// An artifact changed since the baseline that no change record covers.
    Unrecorded { artifact: String, baseline: String } => "{artifact} changed since {baseline} but no change record covers it";
    /// An artifact changed since the baseline whose change records are all incomplete.
    IncompleteRecord { artifact: String, baseline: String, record: String } => "{artifact} changed since {baseline}, but change record {record} is not approved or lacks its cyber-impact class or verification";
    /// Related to `IncompleteRecord`: the change record.
    TheRecord => "the change record";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let Some(history) = ctx.history else { return };
    let Some(revision) = history.baseline.as_deref() else {
        return;
    };
    let baseline = match &ctx.config.manifest.baseline {
        Some(b) => b.value.label(),
        None => revision.to_string(),
    };
    let baseline = baseline.as_str();
    for (i, artifact) in ctx.artifacts.iter().enumerate() {
        if artifact.envelope.status.value.is_retired() || artifact.kind() == Kind::ChangeRecord {
            continue;
        }
        if !ctx
            .file_history(i)
            .is_some_and(|h| h.changed_since_baseline)
        {
            continue;
        }
        let records: Vec<usize> = ctx
            .graph
            .sources(i, Relation::ChangeChanged)
            .chain(ctx.graph.targets(i, Relation::ChangeRef))
            .filter(|&r| !ctx.artifact(r).envelope.status.value.is_retired())
            .collect();
        if records.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Unrecorded {
                    artifact: artifact.id().into(),
                    baseline: baseline.into(),
                },
            );
            continue;
        }
        let complete = records.iter().any(|&r| {
            let record = ctx.artifact(r);
            matches!(&record.body, Body::ChangeRecord(c)
                if c.cyber_impact.is_some() && !c.verification.is_empty() && record.envelope.status.value == Status::Approved)
        });
        if !complete {
            let r = records[0];
            out.report(
                i,
                Default::default(),
                Message::IncompleteRecord {
                    artifact: artifact.id().into(),
                    baseline: baseline.into(),
                    record: ctx.artifact(r).id().into(),
                },
            )
            .and_related(
                ctx.artifact(r).file,
                ctx.artifact(r).envelope.id.span,
                Message::TheRecord,
            );
        }
    }
}

use crate::model::{Relation, Status};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current artifact is `approved`, has a `revision`, and records at least one
    /// approval with a name, a role and a date. Superseded and obsolete artifacts may stay in
    /// the dossier as history, but no current artifact may link to them (other than through
    /// `supersedes:`): links point at the current revision.
    ///
    /// ## Why it matters
    /// Documents used as objective evidence must be reviewed and approved before use, and
    /// obsolete documents must not be used unintentionally. A submission built on a draft
    /// risk assessment, or on a superseded one, cites evidence the quality system never
    /// released.
    ///
    /// ## Example
    /// ```yaml
    /// - id: RSK-004
    ///   kind: security_risk
    ///   title: Denial of service on the Wi-Fi link
    ///   revision: "2"
    ///   status: draft
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   status: approved
    ///   approvals:
    ///     - { name: A. Okafor, role: Cybersecurity Lead, date: 2026-04-02 }
    /// ```
    ///
    /// ## How to fix
    /// Review and approve the artifact (record the approval), or repoint the link to the
    /// artifact that supersedes the retired one.
    ///
    /// ## References
    /// ISO 13485 4.2.4 (control of documents); QMSR 820.10(a).
    pub static DOC_001 = {
        code: "DOC-001",
        name: "unapproved-artifact",
        severity: Error,
        citation: "13485 4.2.4; QMSR 820.10(a)",
        fix_hint: "Approve the artifact, or repoint the link",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of DOC-001.
    pub enum Message in MESSAGES;
    /// A current artifact whose status is not approved.
    NotApproved { artifact: String, status: String } => "{artifact} is {status}, not approved",
        help: "review and approve it (status: approved, with an approval record), or exclude it from the dossier";
    /// An approved artifact with no approval record.
    NoApprovalRecord { artifact: String } => "{artifact} is marked approved but records no approval",
        help: "add `approvals:` with the approver's name, role and date";
    /// An approval record without a name or a role.
    ApprovalIncomplete { artifact: String } => "an approval of {artifact} has no name or role";
    /// A current artifact without a revision.
    NoRevision { artifact: String } => "{artifact} has no revision",
        help: "add `revision:` (for example `1`, or `A`)";
    /// A link to a retired artifact that nothing supersedes.
    LinksToRetired { field: String, target: String, status: String } => "`{field}` links to {target}, which is {status}";
    /// A link to a retired artifact that another artifact supersedes.
    LinksToSuperseded { field: String, target: String, status: String, current: String } => "`{field}` links to {target}, which is {status}",
        help: "link to {current}, which supersedes it";
    /// Related to `LinksToRetired` and `LinksToSuperseded`: the retired artifact's status.
    Retired { target: String, status: String } => "{target} is {status}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, artifact) in ctx.artifacts.iter().enumerate() {
        let env = &artifact.envelope;
        if env.status.value.is_retired() {
            continue;
        }
        if env.status.value != Status::Approved {
            out.report(
                i,
                env.status.span,
                Message::NotApproved {
                    artifact: artifact.id().into(),
                    status: env.status.value.as_str().into(),
                },
            );
        } else if env.approvals.is_empty() {
            out.report(
                i,
                env.status.span,
                Message::NoApprovalRecord {
                    artifact: artifact.id().into(),
                },
            );
        }
        for approval in &env.approvals {
            if approval.name.value.trim().is_empty() || approval.role.value.trim().is_empty() {
                out.report(
                    i,
                    approval.name.span,
                    Message::ApprovalIncomplete {
                        artifact: artifact.id().into(),
                    },
                );
            }
        }
        if env
            .revision
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            out.report(
                i,
                env.id.span,
                Message::NoRevision {
                    artifact: artifact.id().into(),
                },
            );
        }
        for (target, edge) in ctx.graph.outgoing(i) {
            if edge.rel == Relation::Supersedes {
                continue;
            }
            let linked = ctx.artifact(target);
            let status = linked.envelope.status.value;
            if status.is_retired() {
                let replacement = ctx
                    .graph
                    .sources(target, Relation::Supersedes)
                    .map(|s| ctx.artifact(s).id())
                    .next();
                let diag = match replacement {
                    Some(current) => out.report(
                        i,
                        edge.span,
                        Message::LinksToSuperseded {
                            field: edge.field.into(),
                            target: linked.id().into(),
                            status: status.as_str().into(),
                            current: current.into(),
                        },
                    ),
                    None => out.report(
                        i,
                        edge.span,
                        Message::LinksToRetired {
                            field: edge.field.into(),
                            target: linked.id().into(),
                            status: status.as_str().into(),
                        },
                    ),
                };
                diag.and_related(
                    linked.file,
                    linked.envelope.status.span,
                    Message::Retired {
                        target: linked.id().into(),
                        status: status.as_str().into(),
                    },
                );
            }
        }
    }
}

use crate::graph::LinkProblem;
use crate::model::{Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every link resolves: the ID it names exists, the target is of a kind the field allows
    /// (a risk's `controls:` must name security controls, a `supersedes:` an artifact of the
    /// same kind), no ID is used by two artifacts, and links that must form a hierarchy
    /// (`parent:`, `supersedes:`) never loop back on themselves.
    ///
    /// ## Why it matters
    /// Identification is the base of document control: a dangling or ambiguous reference
    /// means the trace an auditor follows ends nowhere, or at the wrong document.
    ///
    /// ## Example
    /// ```yaml
    /// - id: RSK-003
    ///   kind: security_risk
    ///   title: Firmware tampering
    ///   status: approved
    ///   threats: [THR-03]      # the threat is THR-003
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   threats: [THR-003]
    /// ```
    ///
    /// ## How to fix
    /// Correct the ID (the message suggests the nearest existing ones), point the field at an
    /// artifact of the right kind, give one of the duplicates a new ID, or break the cycle.
    ///
    /// ## References
    /// ISO 13485 4.2.4 (identification of documents).
    pub static TRACE_002 = {
        code: "TRACE-002",
        name: "unresolved-link",
        severity: Error,
        citation: "13485 4.2.4 (identification)",
        fix_hint: "Fix the ID",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TRACE-002.
    pub enum Message in MESSAGES;
    /// A link to an ID no artifact has, which looks like a draft the manifest excludes.
    UnknownIdDraft { field: String, target: String, path: String } => "`{field}` names {target}, which no artifact has",
        help: "{target} looks like the draft in `{path}`, which the manifest's `exclude:` leaves out: link it once the draft is reviewed and moved in, or drop the link";
    /// A link to an ID no artifact has, close to existing IDs (the suggestions, quoted).
    UnknownIdSuggested { field: String, target: String, suggestions: String } => "`{field}` names {target}, which no artifact has",
        help: "did you mean {suggestions}?";
    /// A link to an ID no artifact has, with nothing like it.
    UnknownId { field: String, target: String } => "`{field}` names {target}, which no artifact has",
        help: "correct the ID, or add the artifact it should name";
    /// An ID that two artifacts use.
    DuplicateId { id: String } => "ID {id} is already used by another artifact",
        help: "give this artifact a new ID (each copy after the first is reported)";
    /// Related to `DuplicateId`: the artifact that used the ID first.
    FirstUsed => "first used here";
    /// A link to an artifact of a kind the field does not allow.
    WrongKind { field: String, allowed: String, target: String, kind: String } => "`{field}` must name a {allowed}, but {target} is a {kind}",
        help: "point `{field}` at a {allowed}, or remove {target} from it";
    /// Related to `WrongKind`: the artifact linked to.
    DefinedHere { target: String } => "{target} is defined here";
    /// Links of one relation that form a cycle.
    Cycle { relation: String, chain: String } => "{relation} links form a cycle: {chain}",
        help: "break the cycle: a hierarchy must have a top";
    /// Related to `Cycle`: another member of the cycle.
    ContinuesCycle { id: String } => "{id} continues the cycle";
}

fn kinds_list(kinds: &[Kind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    match names.len() {
        0 => "any kind".to_string(),
        1 => names[0].to_string(),
        _ => format!(
            "{} or {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for problem in &ctx.graph.problems {
        match problem {
            LinkProblem::UnknownId {
                from,
                field,
                target,
                span,
                suggestions,
            } => {
                // The cause, when it is a draft the manifest leaves out: a file whose name
                // holds the ID (`drafts/THR-011-draft.yaml`).
                let wanted = target.to_ascii_lowercase();
                let excluded = ctx.excluded.iter().find(|path| {
                    path.rsplit('/')
                        .next()
                        .is_some_and(|name| name.to_ascii_lowercase().contains(&wanted))
                });
                let message = if let Some(path) = excluded {
                    Message::UnknownIdDraft {
                        field: field.to_string(),
                        target: target.clone(),
                        path: path.clone(),
                    }
                } else if !suggestions.is_empty() {
                    let list: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
                    Message::UnknownIdSuggested {
                        field: field.to_string(),
                        target: target.clone(),
                        suggestions: list.join(" or "),
                    }
                } else {
                    Message::UnknownId {
                        field: field.to_string(),
                        target: target.clone(),
                    }
                };
                out.report(*from, *span, message);
            }
            LinkProblem::DuplicateId { first, second } => {
                let a = ctx.artifact(*first);
                let b = ctx.artifact(*second);
                out.report(
                    *second,
                    b.envelope.id.span,
                    Message::DuplicateId { id: b.id().into() },
                )
                .and_related(a.file, a.envelope.id.span, Message::FirstUsed);
            }
            LinkProblem::WrongKind {
                from,
                field,
                to,
                span,
                rel,
            } => {
                let target = ctx.artifact(*to);
                let allowed = if *rel == Relation::Supersedes {
                    ctx.artifact(*from).kind().as_str().to_string()
                } else {
                    kinds_list(rel.targets())
                };
                out.report(
                    *from,
                    *span,
                    Message::WrongKind {
                        field: field.to_string(),
                        allowed,
                        target: target.id().into(),
                        kind: target.kind().to_string(),
                    },
                )
                .and_related(
                    target.file,
                    target.envelope.id.span,
                    Message::DefinedHere {
                        target: target.id().into(),
                    },
                );
            }
            LinkProblem::Cycle { rel, members } => {
                let ids: Vec<&str> = members.iter().map(|&(m, _)| ctx.artifact(m).id()).collect();
                let (first, first_span) = members[0];
                let mut chain = ids.join(" → ");
                chain.push_str(" → ");
                chain.push_str(ids[0]);
                let diag = out.report(
                    first,
                    first_span,
                    Message::Cycle {
                        relation: rel.as_str().replace('_', " "),
                        chain,
                    },
                );
                for &(m, span) in &members[1..] {
                    let a = ctx.artifact(m);
                    diag.and_related(a.file, span, Message::ContinuesCycle { id: a.id().into() });
                }
            }
        }
    }
}

use crate::model::{Approval, ApprovalSignature};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};
use crate::sign::{Problem, SignersProblem};

declare_rule! {
    /// ## What it checks
    /// Every signed approval (one with a `signature:`, as `dossier approve --sign` writes it)
    /// carries an SSH signature that verifies over the approval as written — the artifact's
    /// ID, the name, role, meaning, date and content fingerprint — made with a key that the
    /// dossier's allowed-signers file (`allowed_signers:` in dossier.yaml) lists for that
    /// person, in that role, valid on the approval's date. The allowed-signers file itself
    /// must be readable, with a valid public key in each entry. Approvals without a signature
    /// are left to DOC-001 and DOC-002.
    ///
    /// ## Why it matters
    /// An electronic signature must show who signed, when, and what the signature means,
    /// and must be linked to its record so that it cannot be copied or moved to falsify
    /// another (21 CFR 11.50, 11.70). A signature that does not verify, or that a key not
    /// authorised for the signer's role made, is not a signature of the approval it sits on:
    /// the approval was edited after signing, or someone signed who may not.
    ///
    /// ## Example
    /// An approval signed by Dana Whitfield as `QA/RA` whose `role:` was later edited to
    /// `Head of Quality`: the signature no longer verifies. Or one signed with a key that
    /// `keys/allowed-signers.yaml` lists only until 2026-06-30, dated 2026-11-30.
    ///
    /// Passes instead:
    /// ```yaml
    /// # dossier.yaml
    /// allowed_signers: keys/allowed-signers.yaml
    /// # keys/allowed-signers.yaml
    /// signers:
    ///   - name: Dana Whitfield
    ///     roles: [QA/RA]
    ///     key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... dana@example.com
    ///     valid_until: 2027-12-31
    /// ```
    /// with the approval signed by `dossier approve THR-002 --by "Dana Whitfield" --role
    /// QA/RA --sign` using that key.
    ///
    /// ## How to fix
    /// Re-sign with an allowed key (`dossier approve ID --by NAME --role ROLE --sign`), or
    /// fix the allowed-signers file (a new key, a role the person now holds); never edit a
    /// signed approval by hand.
    ///
    /// ## References
    /// 21 CFR 11.50, 11.70; ISO 13485 4.2.5.
    pub static SIGN_001 = {
        code: "SIGN-001",
        name: "invalid-approval-signature",
        severity: Error,
        citation: "21 CFR 11.50, 11.70; 13485 4.2.5",
        fix_hint: "Re-sign with an allowed key, or fix the allowed-signers file",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Preview,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SIGN-001.
    pub enum Message in MESSAGES;
    /// A signature that is not an armored SSH signature.
    Unreadable { artifact: String, approver: String, why: String } => "the signature of {approver}'s approval of {artifact} cannot be read: {why}",
        help: "delete this approval's `signature:` and sign again with `dossier approve --sign`";
    /// A signature made for another purpose (another SSHSIG namespace).
    WrongNamespace { artifact: String, approver: String, namespace: String } => "the signature of {approver}'s approval of {artifact} was made for `{namespace}`, not for dossier approvals",
        help: "approvals are signed in the namespace `dossier-approval`; sign again with `dossier approve --sign`";
    /// The `key:` recorded beside a signature is not the key that made it.
    KeyMismatch { artifact: String, approver: String, recorded: String, actual: String } => "the signature of {approver}'s approval of {artifact} was made with key {actual}, not with the recorded {recorded}",
        help: "the recorded key is what readers of the submission see: sign again with `dossier approve --sign` rather than editing `key:`";
    /// A signed approval without the content fingerprint.
    NoFingerprint { artifact: String, approver: String } => "{approver}'s signed approval of {artifact} records no fingerprint, so the signature does not say which content was approved",
        help: "approve again with `dossier approve --sign`, which records the content's fingerprint and signs it";
    /// A signed field holding a line break or control character.
    ControlCharacter { artifact: String, approver: String, field: String } => "the {field} of {approver}'s signed approval of {artifact} holds a line break or control character, which the signed text cannot hold",
        help: "write the {field} on one line and sign again with `dossier approve --sign`";
    /// A signature that does not verify over the approval as written.
    DoesNotVerify { artifact: String, approver: String } => "the signature of {approver}'s approval of {artifact} does not verify: the name, role, meaning, date or fingerprint differs from what was signed",
        help: "restore the values that were signed, or approve again with `dossier approve --sign` (a changed approval is a new approval)";
    /// Signed approvals, and no allowed-signers file named in the manifest.
    NoAllowedSigners { artifact: String, approver: String, count: usize } => "{approver}'s approval of {artifact} is signed (one of {count} signed approvals), but dossier.yaml names no allowed-signers file to verify the signatures against",
        help: "add `allowed_signers: keys/allowed-signers.yaml` to dossier.yaml, listing who may sign, in which roles, with which public keys";
    /// A signature by a key the allowed-signers file does not list.
    UnknownSigner { artifact: String, approver: String, key: String, file: String } => "{approver}'s approval of {artifact} is signed with key {key}, which {file} does not list",
        help: "sign again with a key {file} lists for {approver}, or add {approver}'s key to {file} (who may approve, in which role, is the quality system's decision: record it there)";
    /// A signature by a key the allowed-signers file lists for someone else.
    OtherPerson { artifact: String, approver: String, key: String, file: String, names: String } => "{approver}'s approval of {artifact} is signed with key {key}, which {file} lists for {names}",
        help: "everyone signs with their own key: sign again as {approver} with their key, or correct the approval's name";
    /// A signature in a role the signer's key is not allowed for.
    RoleNotAllowed { artifact: String, approver: String, role: String, roles: String, file: String } => "{approver} signed the approval of {artifact} as {role}, but {file} allows their key only as {roles}",
        help: "approve again in a role {approver} holds, or add the role to their entry in {file}";
    /// A signature dated after the key's validity ended.
    Expired { artifact: String, approver: String, date: String, until: String, file: String } => "{approver}'s approval of {artifact} is dated {date}, but {file} allows the key only until {until}",
        help: "sign again with {approver}'s current key (an expired or replaced key signs nothing new)";
    /// A signature dated before the key's validity began.
    NotYetValid { artifact: String, approver: String, date: String, from: String, file: String } => "{approver}'s approval of {artifact} is dated {date}, but {file} allows the key only from {from}",
        help: "sign with the key {approver} held on {date}, or correct `valid_from` in {file}";
    /// The allowed-signers file the manifest names cannot be loaded.
    SignersUnloadable { path: String, why: String } => "the allowed-signers file `{path}` cannot be read: {why}",
        help: "point `allowed_signers:` at a YAML file inside the dossier, relative to dossier.yaml";
    /// The allowed-signers file is not YAML of the expected shape.
    SignersInvalid { path: String, why: String } => "{path} is not an allowed-signers file: {why}",
        help: "write `signers:`, a list of entries each with `name`, `roles` and `key` (the OpenSSH public key), and optional `valid_from` and `valid_until` dates";
    /// An entry of the allowed-signers file whose key cannot be read.
    SignersBadKey { name: String, why: String } => "the key listed for {name} is not an OpenSSH public key: {why}",
        help: "paste the one-line public key, the content of the `.pub` file (`ssh-ed25519 AAAA... comment`)";
    /// An entry whose validity ends before it starts.
    SignersDatesReversed { name: String, from: String, until: String } => "the key listed for {name} is valid until {until}, before it becomes valid on {from}",
        help: "correct `valid_from` or `valid_until`";
    /// Related to `OtherPerson`, `RoleNotAllowed`, `Expired` and `NotYetValid`: the entry of
    /// the allowed-signers file.
    TheEntry => "the allowed signer's entry";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let signers = ctx.signers;
    let file = signers.display_path();
    for problem in &signers.problems {
        match (problem, signers.file, &signers.named) {
            (SignersProblem::Unloadable { why }, _, Some(named)) => {
                out.report_at(
                    0,
                    named.span,
                    Message::SignersUnloadable {
                        path: named.value.trim().to_string(),
                        why: why.clone(),
                    },
                );
            }
            (SignersProblem::Invalid { span, why }, Some(f), _) => {
                out.report_at(
                    f,
                    *span,
                    Message::SignersInvalid {
                        path: file.clone(),
                        why: why.clone(),
                    },
                );
            }
            (SignersProblem::BadKey { name, span, why }, Some(f), _) => {
                out.report_at(
                    f,
                    *span,
                    Message::SignersBadKey {
                        name: name.clone(),
                        why: why.clone(),
                    },
                );
            }
            (
                SignersProblem::DatesReversed {
                    name,
                    span,
                    from,
                    until,
                },
                Some(f),
                _,
            ) => {
                out.report_at(
                    f,
                    *span,
                    Message::SignersDatesReversed {
                        name: name.clone(),
                        from: from.to_string(),
                        until: until.to_string(),
                    },
                );
            }
            _ => {}
        }
    }
    let signed: Vec<(usize, &Approval, &ApprovalSignature)> = ctx
        .artifacts
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.envelope
                .approvals
                .iter()
                .filter_map(move |ap| ap.signature.as_ref().map(|s| (i, ap, s)))
        })
        .collect();
    // Without an allowed-signers file, one finding says so (at the first signed approval),
    // rather than one per signature; each is still checked for what needs no file.
    let mut told_no_file = false;
    for &(i, approval, signature) in &signed {
        let artifact = ctx.artifact(i).id();
        let approver = approval.name.value.trim().to_string();
        let Some(Err(problem)) = crate::sign::verify(artifact, approval, signers) else {
            continue;
        };
        let (artifact, approver) = (artifact.to_string(), approver);
        let key = signature.key.value.trim().to_string();
        match problem {
            Problem::Unreadable(why) => {
                out.report(
                    i,
                    signature.sshsig.span,
                    Message::Unreadable {
                        artifact,
                        approver,
                        why,
                    },
                );
            }
            Problem::Namespace(namespace) => {
                out.report(
                    i,
                    signature.sshsig.span,
                    Message::WrongNamespace {
                        artifact,
                        approver,
                        namespace,
                    },
                );
            }
            Problem::KeyMismatch { recorded, actual } => {
                out.report(
                    i,
                    signature.key.span,
                    Message::KeyMismatch {
                        artifact,
                        approver,
                        recorded,
                        actual,
                    },
                );
            }
            Problem::NoFingerprint => {
                out.report(
                    i,
                    signature.key.span,
                    Message::NoFingerprint { artifact, approver },
                );
            }
            Problem::ControlCharacter(field) => {
                let span = match field {
                    "name" => approval.name.span,
                    "role" => approval.role.span,
                    "fingerprint" => approval
                        .fingerprint
                        .as_ref()
                        .map_or(signature.key.span, |f| f.span),
                    _ => signature.key.span,
                };
                out.report(
                    i,
                    span,
                    Message::ControlCharacter {
                        artifact,
                        approver,
                        field: field.to_string(),
                    },
                );
            }
            Problem::DoesNotVerify => {
                out.report(
                    i,
                    signature.key.span,
                    Message::DoesNotVerify { artifact, approver },
                );
            }
            Problem::NoAllowedSigners => {
                if !told_no_file {
                    told_no_file = true;
                    out.report(
                        i,
                        signature.key.span,
                        Message::NoAllowedSigners {
                            artifact,
                            approver,
                            count: signed.len(),
                        },
                    );
                }
            }
            // The file's own problem is the finding (reported above).
            Problem::SignersUnusable => {}
            Problem::UnknownSigner => {
                out.report(
                    i,
                    signature.key.span,
                    Message::UnknownSigner {
                        artifact,
                        approver,
                        key,
                        file: file.clone(),
                    },
                );
            }
            Problem::OtherPerson { names, entry } => {
                let diag = out.report(
                    i,
                    approval.name.span,
                    Message::OtherPerson {
                        artifact,
                        approver,
                        key,
                        file: file.clone(),
                        names: names.join(", "),
                    },
                );
                if let Some(f) = signers.file {
                    diag.and_related(f, entry, Message::TheEntry);
                }
            }
            Problem::RoleNotAllowed { roles, entry } => {
                let diag = out.report(
                    i,
                    approval.role.span,
                    Message::RoleNotAllowed {
                        artifact,
                        approver,
                        role: approval.role.value.trim().to_string(),
                        roles: roles.join(", "),
                        file: file.clone(),
                    },
                );
                if let Some(f) = signers.file {
                    diag.and_related(f, entry, Message::TheEntry);
                }
            }
            Problem::Expired { until, entry } => {
                let diag = out.report(
                    i,
                    approval.date.span,
                    Message::Expired {
                        artifact,
                        approver,
                        date: approval.date.value.to_string(),
                        until: until.to_string(),
                        file: file.clone(),
                    },
                );
                if let Some(f) = signers.file {
                    diag.and_related(f, entry, Message::TheEntry);
                }
            }
            Problem::NotYetValid { from, entry } => {
                let diag = out.report(
                    i,
                    approval.date.span,
                    Message::NotYetValid {
                        artifact,
                        approver,
                        date: approval.date.value.to_string(),
                        from: from.to_string(),
                        file: file.clone(),
                    },
                );
                if let Some(f) = signers.file {
                    diag.and_related(f, entry, Message::TheEntry);
                }
            }
        }
    }
}

//! Signed approvals: electronic signatures of approvals (21 CFR 11.50, 11.70) made with the
//! signer's SSH key, in the SSHSIG format of `ssh-keygen -Y sign` (the one Git uses), and
//! verified against the dossier's allowed-signers file.
//!
//! What is signed is not the YAML (whose formatting may change) but a short canonical text
//! rebuilt from the approval as written, so an auditor can rebuild it by hand and check it
//! with `ssh-keygen -Y verify` (see [`Statement::message`]). Signing and verifying are done
//! in-process with the pure-Rust `ssh-key` crate: no `ssh-keygen` subprocess ever sees the
//! dossier's text. The key comes from the SSH agent ([`agent`]) or a file the user names,
//! never from the dossier.

pub mod agent;

use schemars::JsonSchema;
use serde::Deserialize;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig, public::KeyData};

use crate::config::Config;
use crate::model::{Approval, ApprovalMeaning, Date, FileId, Span, Spanned};
use crate::source::SourceSet;

/// The SSHSIG namespace of approval signatures: a signature made for Git commits or files
/// (another namespace) can never pass for an approval, nor the reverse.
pub const NAMESPACE: &str = "dossier-approval";

/// The first line of the signed text; a later format gets a new version line, so a
/// signature always says which rebuild it needs.
pub const MESSAGE_VERSION: &str = "dossier approval v1";

/// The hash SSHSIG signs through (what `ssh-keygen -Y sign` uses).
const HASH: HashAlg = HashAlg::Sha512;

/// The longest armored signature read: an RSA-16384 signature is under 5 KiB armored, so
/// anything much longer is not one, and is not decoded.
const MAX_ARMOR_BYTES: usize = 32 * 1024;

/// What one approval signature covers: the approval's fields as written, and the ID of the
/// artifact it approves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The ID of the approved artifact.
    pub artifact: String,
    /// Who approves.
    pub name: String,
    /// In what role.
    pub role: String,
    /// What the signature means (`approved` when the approval does not say).
    pub meaning: String,
    /// When.
    pub date: Date,
    /// The content fingerprint the approval recorded (`sha256:...`).
    pub fingerprint: String,
}

impl Statement {
    /// The statement of an approval as written: `None` for the fingerprint when the approval
    /// recorded none (an approval without one cannot be signed: the signature would not say
    /// what content was approved).
    pub fn of(artifact: &str, approval: &Approval) -> Option<Statement> {
        Some(Statement {
            artifact: artifact.to_string(),
            name: approval.name.value.clone(),
            role: approval.role.value.clone(),
            meaning: meaning_word(approval.meaning.as_ref().map(|m| m.value)).to_string(),
            date: approval.date.value,
            fingerprint: approval.fingerprint.as_ref()?.value.clone(),
        })
    }

    /// The signed text: a version line, then one `field: value` line each for the artifact,
    /// name, role, meaning, date and fingerprint, every line ending in a line feed (no
    /// carriage returns, no trailing spaces added, values exactly as written):
    ///
    /// ```text
    /// dossier approval v1
    /// artifact: THR-002
    /// name: Dana Whitfield
    /// role: Cybersecurity Lead
    /// meaning: approved
    /// date: 2026-11-30
    /// fingerprint: sha256:3f1c...
    /// ```
    ///
    /// A value with a line break (or another control character) would let two different
    /// approvals give the same text, so such a value is refused rather than signed; the
    /// error names the field.
    pub fn message(&self) -> Result<String, &'static str> {
        let fields = [
            ("artifact", self.artifact.as_str()),
            ("name", self.name.as_str()),
            ("role", self.role.as_str()),
            ("meaning", self.meaning.as_str()),
            ("fingerprint", self.fingerprint.as_str()),
        ];
        if let Some((field, _)) = fields
            .iter()
            .find(|(_, value)| value.chars().any(char::is_control))
        {
            return Err(field);
        }
        Ok(format!(
            "{MESSAGE_VERSION}\nartifact: {}\nname: {}\nrole: {}\nmeaning: {}\ndate: {}\nfingerprint: {}\n",
            self.artifact, self.name, self.role, self.meaning, self.date, self.fingerprint
        ))
    }
}

/// The word for a meaning, `approved` when none is given (the default of an approval).
pub fn meaning_word(meaning: Option<ApprovalMeaning>) -> &'static str {
    match meaning {
        Some(ApprovalMeaning::Authored) => "authored",
        Some(ApprovalMeaning::Reviewed) => "reviewed",
        Some(ApprovalMeaning::Verified) => "verified",
        Some(ApprovalMeaning::Approved) | None => "approved",
    }
}

/// The SHA-256 fingerprint of a public key as `ssh-keygen -l` prints it (`SHA256:...`).
pub fn key_fingerprint(key: &KeyData) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The armored form of a signature, as `ssh-keygen -Y sign` writes it (LF line endings).
pub fn armor(signature: &SshSig) -> Result<String, String> {
    signature
        .to_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode the signature: {e}"))
}

/// Signs a message with a private key read from a file. An RSA key is refused: `ssh-key`
/// 0.6 builds a wrong RSA private key from the OpenSSH form (its second prime is the first
/// again), so its RSA signatures never verify; the agent signs with RSA keys itself.
pub fn sign_with_key(key: &PrivateKey, message: &str) -> Result<SshSig, String> {
    if key.is_encrypted() {
        return Err("the key is protected by a passphrase".to_string());
    }
    if key.public_key().key_data().is_rsa() {
        return Err(
            "an RSA key file cannot be used directly; load it into the SSH agent (`ssh-add KEY`) \
             and sign with `--sign` alone"
                .to_string(),
        );
    }
    key.sign(NAMESPACE, HASH, message.as_bytes())
        .map_err(|e| format!("the key cannot sign: {e}"))
}

/// The allowed-signers file as written: who may sign approvals of this dossier, in which
/// roles, with which SSH public keys.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignersFile {
    /// One entry per person and key (a person with two keys, or a key replaced on a date,
    /// has two entries).
    pub signers: Vec<SignerEntry>,
}

/// One person's key, and the roles they may sign approvals in with it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignerEntry {
    /// The name, exactly as approvals write it (`name:`).
    pub name: Spanned<String>,
    /// The roles this person may approve in with this key, exactly as approvals write them
    /// (`role:`).
    pub roles: Vec<Spanned<String>>,
    /// The public key in the OpenSSH one-line form (the content of `id_ed25519.pub`:
    /// `ssh-ed25519 AAAA... comment`). Ed25519, ECDSA (NIST P-256, P-384, P-521) and RSA keys.
    pub key: Spanned<String>,
    /// The first day the key may sign (inclusive): approvals dated earlier are not valid
    /// with it.
    #[serde(default)]
    pub valid_from: Option<Spanned<Date>>,
    /// The last day the key may sign (inclusive): approvals dated later are not valid with
    /// it (the key expired, was replaced or revoked).
    #[serde(default)]
    pub valid_until: Option<Spanned<Date>>,
}

/// One usable entry of the allowed-signers file: the entry and its parsed key.
#[derive(Debug, Clone)]
pub struct Signer {
    /// The entry as written.
    pub entry: SignerEntry,
    /// Its public key.
    pub key: PublicKey,
}

/// What is wrong with the allowed-signers file (SIGN-001 reports each).
#[derive(Debug, Clone)]
pub enum SignersProblem {
    /// The manifest's path leads outside the dossier, names no file, or the file cannot be
    /// read; reported at the manifest's `allowed_signers:`.
    Unloadable {
        /// Why.
        why: String,
    },
    /// The file is not an allowed-signers file (YAML error or wrong shape); at `span`.
    Invalid {
        /// Where.
        span: Span,
        /// Why.
        why: String,
    },
    /// An entry's key is not an OpenSSH public key.
    BadKey {
        /// Whose entry.
        name: String,
        /// The key's span.
        span: Span,
        /// Why.
        why: String,
    },
    /// An entry's `valid_until` is before its `valid_from`.
    DatesReversed {
        /// Whose entry.
        name: String,
        /// The `valid_until` span.
        span: Span,
        /// The two dates.
        from: Date,
        /// See `from`.
        until: Date,
    },
}

/// The dossier's allowed signers, as read from the file the manifest names.
#[derive(Debug, Clone, Default)]
pub struct AllowedSigners {
    /// The path the manifest names (as written), and where it names it.
    pub named: Option<Spanned<String>>,
    /// The file, once loaded into the source set.
    pub file: Option<FileId>,
    /// Its path relative to the dossier root.
    pub path: Option<String>,
    /// The entries whose key could be read.
    pub signers: Vec<Signer>,
    /// Whether the file was read as a whole (`signers` is then what it says).
    pub usable: bool,
    /// What is wrong with it.
    pub problems: Vec<SignersProblem>,
}

impl AllowedSigners {
    /// How findings name the file.
    pub fn display_path(&self) -> String {
        self.path
            .clone()
            .or_else(|| self.named.as_ref().map(|n| n.value.trim().to_string()))
            .unwrap_or_else(|| "the allowed-signers file".to_string())
    }
}

/// Loads and reads the allowed-signers file the manifest names, through the confined source
/// set (so a `--rev` check reads it from Git, and nothing outside the dossier is read).
pub fn load(sources: &mut SourceSet, config: &Config) -> AllowedSigners {
    let Some(named) = config.manifest.allowed_signers.clone() else {
        return AllowedSigners::default();
    };
    let mut out = AllowedSigners {
        named: Some(named.clone()),
        ..AllowedSigners::default()
    };
    let file = match sources.load_referenced(&named.value) {
        Ok(file) => file,
        Err(why) => {
            out.problems.push(SignersProblem::Unloadable { why });
            return out;
        }
    };
    out.file = Some(file);
    out.path = Some(sources.file(file).path.clone());
    let text = &sources.file(file).text;
    let parsed = if text.trim().is_empty() {
        Err(SignersProblem::Invalid {
            span: Span::default(),
            why: "the file is empty".to_string(),
        })
    } else {
        serde_saphyr::from_str_with_options::<SignersFile>(text, crate::parse::yaml_options())
            .map_err(|err| {
                let diag = crate::parse::yaml_error_diagnostic(file, text, &err);
                SignersProblem::Invalid {
                    span: diag.primary.map(|l| l.span).unwrap_or_default(),
                    why: diag.message,
                }
            })
    };
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    out.usable = true;
    for entry in parsed.signers {
        if let (Some(from), Some(until)) = (&entry.valid_from, &entry.valid_until)
            && until.value < from.value
        {
            out.problems.push(SignersProblem::DatesReversed {
                name: entry.name.value.trim().to_string(),
                span: until.span,
                from: from.value,
                until: until.value,
            });
        }
        match PublicKey::from_openssh(entry.key.value.trim()) {
            Ok(key) => out.signers.push(Signer { entry, key }),
            Err(e) => out.problems.push(SignersProblem::BadKey {
                name: entry.name.value.trim().to_string(),
                span: entry.key.span,
                why: e.to_string(),
            }),
        }
    }
    out
}

/// Why a signed approval is not a valid signature of an allowed signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The `sshsig` is not an armored SSH signature.
    Unreadable(String),
    /// The signature was made for another purpose (its SSHSIG namespace).
    Namespace(String),
    /// The `key` the approval records is not the key that made the signature.
    KeyMismatch {
        /// The fingerprint written in `key:`.
        recorded: String,
        /// The fingerprint of the key in the signature.
        actual: String,
    },
    /// The approval records no content fingerprint.
    NoFingerprint,
    /// A field holds a line break or other control character.
    ControlCharacter(&'static str),
    /// The signature does not verify over the text rebuilt from the approval.
    DoesNotVerify,
    /// The manifest names no allowed-signers file.
    NoAllowedSigners,
    /// The allowed-signers file could not be read (reported at the file).
    SignersUnusable,
    /// No entry of the allowed-signers file has the key.
    UnknownSigner,
    /// The key is listed, for other people only.
    OtherPerson {
        /// Whom the file lists it for.
        names: Vec<String>,
        /// The first such entry's name.
        entry: Span,
    },
    /// The key is listed for this person, not for this role.
    RoleNotAllowed {
        /// The roles it is listed for.
        roles: Vec<String>,
        /// The entry's roles.
        entry: Span,
    },
    /// The approval is dated after the key's `valid_until`.
    Expired {
        /// The last day it could sign.
        until: Date,
        /// The entry's `valid_until`.
        entry: Span,
    },
    /// The approval is dated before the key's `valid_from`.
    NotYetValid {
        /// The first day it could sign.
        from: Date,
        /// The entry's `valid_from`.
        entry: Span,
    },
}

impl Problem {
    /// The problem in a sentence, for `approve`'s refusal.
    pub fn describe(&self, signers: &AllowedSigners) -> String {
        let file = signers.display_path();
        match self {
            Problem::Unreadable(why) => format!("the signature cannot be read: {why}"),
            Problem::Namespace(ns) => {
                format!("the signature is for `{ns}`, not for `{NAMESPACE}`")
            }
            Problem::KeyMismatch { recorded, actual } => {
                format!("the signature was made with key {actual}, not {recorded}")
            }
            Problem::NoFingerprint => "the approval records no content fingerprint".to_string(),
            Problem::ControlCharacter(field) => {
                format!("the approval's {field} holds a line break or control character")
            }
            Problem::DoesNotVerify => "the signature does not verify".to_string(),
            Problem::NoAllowedSigners => "dossier.yaml names no allowed-signers file \
                 (`allowed_signers: keys/allowed-signers.yaml`), so no signature can be checked"
                .to_string(),
            Problem::SignersUnusable => {
                format!("the allowed-signers file {file} cannot be read (`dossier check` says why)")
            }
            Problem::UnknownSigner => format!("{file} does not list the key"),
            Problem::OtherPerson { names, .. } => {
                format!("{file} lists the key for {}", names.join(", "))
            }
            Problem::RoleNotAllowed { roles, .. } => {
                format!("{file} allows the key only for {}", roles.join(", "))
            }
            Problem::Expired { until, .. } => {
                format!("{file} allows the key only until {until}")
            }
            Problem::NotYetValid { from, .. } => {
                format!("{file} allows the key only from {from}")
            }
        }
    }
}

/// A signature that verified: the entry of the allowed signer who made it.
#[derive(Debug, Clone, Copy)]
pub struct Verified<'s> {
    /// The entry.
    pub signer: &'s Signer,
}

/// The signature of an approval, decoded, with its key's fingerprint. Checks that it is an
/// approval signature (namespace) whose key is the one the approval records.
pub fn decode(
    signature: &crate::model::ApprovalSignature,
) -> Result<(SshSig, PublicKey, String), Problem> {
    let armored = signature.sshsig.value.trim().replace("\r\n", "\n");
    if armored.len() > MAX_ARMOR_BYTES {
        return Err(Problem::Unreadable(format!(
            "it is {} KiB long, far longer than any SSH signature",
            armored.len() / 1024
        )));
    }
    let sig = SshSig::from_pem(armored.as_bytes()).map_err(|e| {
        Problem::Unreadable(format!(
            "{e}; write the armored signature `ssh-keygen -Y sign` makes, from \
             `-----BEGIN SSH SIGNATURE-----` to `-----END SSH SIGNATURE-----`"
        ))
    })?;
    if sig.namespace() != NAMESPACE {
        return Err(Problem::Namespace(sig.namespace().to_string()));
    }
    let key = PublicKey::new(sig.public_key().clone(), "");
    let actual = key_fingerprint(sig.public_key());
    let recorded = signature.key.value.trim();
    if recorded != actual {
        return Err(Problem::KeyMismatch {
            recorded: recorded.to_string(),
            actual,
        });
    }
    Ok((sig, key, actual))
}

/// Verifies the signature of an approval of `artifact`: that it is readable, made with the
/// key it records, over the text rebuilt from the approval as written, and by a key the
/// allowed-signers file permits for the approval's name and role on its date. `None` when
/// the approval is not signed.
pub fn verify<'s>(
    artifact: &str,
    approval: &Approval,
    signers: &'s AllowedSigners,
) -> Option<Result<Verified<'s>, Problem>> {
    let signature = approval.signature.as_ref()?;
    Some(verify_signed(artifact, approval, signature, signers))
}

fn verify_signed<'s>(
    artifact: &str,
    approval: &Approval,
    signature: &crate::model::ApprovalSignature,
    signers: &'s AllowedSigners,
) -> Result<Verified<'s>, Problem> {
    let (sig, key, _) = decode(signature)?;
    let statement = Statement::of(artifact, approval).ok_or(Problem::NoFingerprint)?;
    let message = statement.message().map_err(Problem::ControlCharacter)?;
    key.verify(NAMESPACE, message.as_bytes(), &sig)
        .map_err(|_| Problem::DoesNotVerify)?;
    authorise(&statement, key.key_data(), signers)
}

/// Whether the allowed-signers file lets `key` sign `statement` (its name, role and date).
pub fn authorise<'s>(
    statement: &Statement,
    key: &KeyData,
    signers: &'s AllowedSigners,
) -> Result<Verified<'s>, Problem> {
    if signers.named.is_none() {
        return Err(Problem::NoAllowedSigners);
    }
    if !signers.usable {
        return Err(Problem::SignersUnusable);
    }
    let with_key: Vec<&Signer> = signers
        .signers
        .iter()
        .filter(|s| s.key.key_data() == key)
        .collect();
    if with_key.is_empty() {
        return Err(Problem::UnknownSigner);
    }
    let name = statement.name.trim();
    let theirs: Vec<&Signer> = with_key
        .iter()
        .copied()
        .filter(|s| s.entry.name.value.trim() == name)
        .collect();
    let Some(first) = theirs.first() else {
        let mut names: Vec<String> = with_key
            .iter()
            .map(|s| s.entry.name.value.trim().to_string())
            .collect();
        names.dedup();
        return Err(Problem::OtherPerson {
            names,
            entry: with_key[0].entry.name.span,
        });
    };
    let role = statement.role.trim();
    let in_role: Vec<&Signer> = theirs
        .iter()
        .copied()
        .filter(|s| s.entry.roles.iter().any(|r| r.value.trim() == role))
        .collect();
    if in_role.is_empty() {
        let mut roles: Vec<String> = theirs
            .iter()
            .flat_map(|s| s.entry.roles.iter().map(|r| r.value.trim().to_string()))
            .collect();
        roles.sort();
        roles.dedup();
        let entry = first
            .entry
            .roles
            .first()
            .map_or(first.entry.name.span, |r| r.span);
        return Err(Problem::RoleNotAllowed { roles, entry });
    }
    let date = statement.date;
    if let Some(valid) = in_role.iter().find(|s| {
        s.entry.valid_from.as_ref().is_none_or(|f| f.value <= date)
            && s.entry.valid_until.as_ref().is_none_or(|u| u.value >= date)
    }) {
        return Ok(Verified { signer: valid });
    }
    // Not valid on that date: expired if some entry's validity ended before it (the latest
    // such end), else not yet valid (the earliest start after it).
    if let Some(until) = in_role
        .iter()
        .filter_map(|s| s.entry.valid_until.as_ref())
        .filter(|u| u.value < date)
        .max_by_key(|u| u.value)
    {
        return Err(Problem::Expired {
            until: until.value,
            entry: until.span,
        });
    }
    let from = in_role
        .iter()
        .filter_map(|s| s.entry.valid_from.as_ref())
        .filter(|f| f.value > date)
        .min_by_key(|f| f.value);
    match from {
        Some(from) => Err(Problem::NotYetValid {
            from: from.value,
            entry: from.span,
        }),
        // Unreachable: an entry with neither bound is valid on every date.
        None => Err(Problem::UnknownSigner),
    }
}

/// A key made for the unit tests only.
#[cfg(test)]
const TEST_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDHVxcsuKWUez9NPGeKYuw7hymy+fSRl3MNSH4W8AYRFAAAAJgL1hpSC9Ya
UgAAAAtzc2gtZWQyNTUxOQAAACDHVxcsuKWUez9NPGeKYuw7hymy+fSRl3MNSH4W8AYRFA
AAAEBhhasf+2/uJohOiRvvAV3SCV/UfyOqr2ixqU1ldDSJm8dXFyy4pZR7P008Z4pi7DuH
KbL59JGXcw1IfhbwBhEUAAAAD3VuaXQtdGVzdHMtb25seQECAwQFBg==
-----END OPENSSH PRIVATE KEY-----
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ApprovalSignature;

    fn key() -> PrivateKey {
        PrivateKey::from_openssh(super::TEST_KEY).expect("the test key parses")
    }

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    fn spanned<T>(value: T) -> Spanned<T> {
        Spanned::new(value, Span::default())
    }

    fn approval(signature: Option<ApprovalSignature>) -> Approval {
        Approval {
            name: spanned("Dana Whitfield".to_string()),
            role: spanned("QA/RA".to_string()),
            date: spanned(date("2026-11-30")),
            meaning: None,
            fingerprint: Some(spanned(format!("sha256:{}", "ab".repeat(32)))),
            signature,
        }
    }

    fn signed(approval: &Approval, key: &PrivateKey) -> ApprovalSignature {
        let message = Statement::of("THR-002", approval)
            .expect("a fingerprint")
            .message()
            .expect("a message");
        let sig = sign_with_key(key, &message).expect("signed");
        ApprovalSignature {
            key: spanned(key_fingerprint(key.public_key().key_data())),
            sshsig: spanned(armor(&sig).expect("armored")),
        }
    }

    fn signers(entries: &str) -> AllowedSigners {
        let file: SignersFile =
            serde_saphyr::from_str_with_options(entries, crate::parse::yaml_options())
                .expect("a signers file");
        AllowedSigners {
            named: Some(spanned("keys/allowed-signers.yaml".to_string())),
            file: None,
            path: Some("keys/allowed-signers.yaml".to_string()),
            signers: file
                .signers
                .into_iter()
                .map(|entry| Signer {
                    key: PublicKey::from_openssh(entry.key.value.trim()).expect("a key"),
                    entry,
                })
                .collect(),
            usable: true,
            problems: Vec::new(),
        }
    }

    fn allowed(name: &str, roles: &str, extra: &str) -> AllowedSigners {
        let public = key().public_key().to_openssh().expect("openssh");
        signers(&format!(
            "signers:\n  - name: {name}\n    roles: [{roles}]\n    key: {public}\n{extra}"
        ))
    }

    #[test]
    fn the_message_is_the_documented_text() {
        let statement = Statement::of("THR-002", &approval(None)).expect("a fingerprint");
        assert_eq!(
            statement.message().expect("a message"),
            format!(
                "dossier approval v1\nartifact: THR-002\nname: Dana Whitfield\nrole: QA/RA\n\
                 meaning: approved\ndate: 2026-11-30\nfingerprint: sha256:{}\n",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn a_line_break_in_a_field_is_refused_not_signed() {
        let mut a = approval(None);
        a.role.value = "QA/RA\nname: Someone Else".into();
        let statement = Statement::of("THR-002", &a).expect("a fingerprint");
        assert_eq!(statement.message(), Err("role"));
    }

    #[test]
    fn a_good_signature_verifies() {
        let mut a = approval(None);
        a.signature = Some(signed(&a, &key()));
        let signers = allowed("Dana Whitfield", "QA/RA", "");
        let verified = verify("THR-002", &a, &signers).expect("signed");
        assert!(verified.is_ok(), "{verified:?}");
    }

    #[test]
    fn every_signed_field_is_covered() {
        let signers = allowed("Dana Whitfield", "QA/RA, Head of Quality", "");
        let mut good = approval(None);
        good.signature = Some(signed(&good, &key()));
        type Change = fn(&mut Approval);
        let tamper: [(&str, Change); 5] = [
            ("name", |a| a.name.value = "Dana Whitfeld".into()),
            ("role", |a| a.role.value = "Head of Quality".into()),
            ("date", |a| a.date.value = date("2026-11-29")),
            ("meaning", |a| {
                a.meaning = Some(spanned(ApprovalMeaning::Reviewed))
            }),
            ("fingerprint", |a| {
                a.fingerprint = Some(spanned(format!("sha256:{}", "cd".repeat(32))))
            }),
        ];
        for (field, change) in tamper {
            let mut a = good.clone();
            change(&mut a);
            assert_eq!(
                verify("THR-002", &a, &signers).expect("signed").err(),
                Some(Problem::DoesNotVerify),
                "changing the {field} must break the signature"
            );
        }
        // Another artifact with the same approval: the ID is signed too.
        assert_eq!(
            verify("THR-003", &good, &signers).expect("signed").err(),
            Some(Problem::DoesNotVerify)
        );
        // The default meaning, written out, is the same statement.
        let mut explicit = good.clone();
        explicit.meaning = Some(spanned(ApprovalMeaning::Approved));
        assert!(
            verify("THR-002", &explicit, &signers)
                .expect("signed")
                .is_ok()
        );
    }

    #[test]
    fn the_allowed_signers_file_decides_who_may_sign_what_when() {
        let mut a = approval(None);
        a.signature = Some(signed(&a, &key()));
        let check =
            |signers: &AllowedSigners| verify("THR-002", &a, signers).expect("signed").map(|_| ());
        assert!(matches!(
            check(&allowed("Priya Raman", "QA/RA", "")),
            Err(Problem::OtherPerson { names, .. }) if names == ["Priya Raman"]
        ));
        assert!(matches!(
            check(&allowed("Dana Whitfield", "Head of Quality", "")),
            Err(Problem::RoleNotAllowed { roles, .. }) if roles == ["Head of Quality"]
        ));
        assert!(matches!(
            check(&allowed("Dana Whitfield", "QA/RA", "    valid_until: 2026-11-29\n")),
            Err(Problem::Expired { until, .. }) if until == date("2026-11-29")
        ));
        assert!(
            check(&allowed(
                "Dana Whitfield",
                "QA/RA",
                "    valid_until: 2026-11-30\n"
            ))
            .is_ok(),
            "valid_until is inclusive"
        );
        assert!(matches!(
            check(&allowed("Dana Whitfield", "QA/RA", "    valid_from: 2026-12-01\n")),
            Err(Problem::NotYetValid { from, .. }) if from == date("2026-12-01")
        ));
        let other =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJfT/JXfYoYyOmT6PtpuWeVoNUYXIU21jNT9M1q4/IQ5";
        assert_eq!(
            check(&signers(&format!(
                "signers:\n  - name: Dana Whitfield\n    roles: [QA/RA]\n    key: {other}\n"
            )))
            .err(),
            Some(Problem::UnknownSigner)
        );
        assert_eq!(
            check(&AllowedSigners::default()).err(),
            Some(Problem::NoAllowedSigners)
        );
    }

    #[test]
    fn a_damaged_or_foreign_signature_is_reported_not_trusted() {
        let signers = allowed("Dana Whitfield", "QA/RA", "");
        let mut a = approval(None);
        let good = signed(&a, &key());
        a.signature = Some(ApprovalSignature {
            key: good.key.clone(),
            sshsig: spanned(good.sshsig.value.replace("-----BEGIN", "BEGIN")),
        });
        assert!(matches!(
            verify("THR-002", &a, &signers).expect("signed"),
            Err(Problem::Unreadable(_))
        ));
        a.signature = Some(ApprovalSignature {
            key: spanned("SHA256:nothing".into()),
            sshsig: good.sshsig.clone(),
        });
        assert!(matches!(
            verify("THR-002", &a, &signers).expect("signed"),
            Err(Problem::KeyMismatch { .. })
        ));
        // A signature made for Git (namespace `git`) over the same text.
        let message = Statement::of("THR-002", &a).and_then(|s| s.message().ok());
        let git = key()
            .sign("git", HASH, message.expect("a message").as_bytes())
            .expect("signed");
        a.signature = Some(ApprovalSignature {
            key: good.key.clone(),
            sshsig: spanned(armor(&git).expect("armored")),
        });
        assert_eq!(
            verify("THR-002", &a, &signers).expect("signed").err(),
            Some(Problem::Namespace("git".into()))
        );
        a.signature = Some(good);
        a.fingerprint = None;
        assert_eq!(
            verify("THR-002", &a, &signers).expect("signed").err(),
            Some(Problem::NoFingerprint)
        );
        a.signature = None;
        assert!(verify("THR-002", &a, &signers).is_none());
    }
}

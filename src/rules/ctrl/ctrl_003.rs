use crate::model::{Body, ControlCategory, Disposition, Kind, Span};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Cryptographic and authentication controls are specified: a control in category
    /// `cryptography` states `crypto.alg`, `key_bits`, `mode` and `key_mgmt`; one in category
    /// `authentication` states `auth.mechanism`, `algorithm` and `strength`. Also flags any
    /// algorithm on the deprecated list (parameter `deprecated_algorithms`) in a control or a
    /// communication path, CRC used as an integrity or authentication control, and open test
    /// findings of hard-coded or default credentials (CWE-259, CWE-798, CWE-1392, CWE-1393).
    ///
    /// ## Why it matters
    /// "Uses encryption" is not reviewable; an algorithm, key size, mode and key management
    /// are. Deprecated algorithms and checksums posing as integrity protection are classic
    /// findings, and so are shipped default passwords.
    ///
    /// ## Example
    /// ```yaml
    /// - id: CTL-003
    ///   kind: security_control
    ///   category: cryptography
    ///   crypto: { alg: 3DES }
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   crypto: { alg: AES-CCM, key_bits: 128, mode: CCM, key_mgmt: Per-bond keys, erased at decommissioning }
    /// ```
    ///
    /// ## How to fix
    /// Complete the parameters, replace the algorithm or mechanism, and fix credential findings.
    ///
    /// ## References
    /// PMC App. 1, App. 2.B; NIST SP 800-131A (the default list is configurable and should be
    /// reviewed by the team).
    pub static CTRL_003 = {
        code: "CTRL-003",
        name: "weak-crypto-or-auth-specification",
        severity: Warning,
        citation: "PMC App. 1, App. 2.B; NIST SP 800-131A",
        fix_hint: "Replace the algorithm or mechanism",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of CTRL-003.
    pub enum Message in MESSAGES;
    /// An algorithm on the deprecated list, in a control or a communication path.
    Deprecated { value: String, algorithm: String } => "`{value}` uses the deprecated algorithm {algorithm}",
        help: "replace it with a current algorithm (see NIST SP 800-131A)";
    /// A cryptographic or authentication control missing some of its parameters.
    Unspecified { category: String, control: String, missing: String } => "{category} control {control} does not state {missing}";
    /// An integrity or authentication control that relies on a CRC.
    Crc { control: String } => "control {control} relies on a CRC, which detects accidents, not attacks",
        help: "use a MAC or a digital signature for integrity and authentication";
    /// An open finding of hard-coded or default credentials.
    OpenCredentials { finding: String, cwe: String } => "finding {finding} ({cwe}) of hard-coded or default credentials is still open",
        help: "remove the credentials and mark the finding fixed";
}

/// Uppercase letters and digits only, so `SHA-1` matches `HMAC-SHA1`.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

const CREDENTIAL_CWES: &[&str] = &["CWE-259", "CWE-798", "CWE-1392", "CWE-1393"];

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let deprecated: Vec<(String, String)> = ctx
        .config
        .deprecated_algorithms()
        .into_iter()
        .map(|a| (squash(&a), a))
        .collect();
    let flag_algorithms =
        |out: &mut Emitter, i: usize, values: Vec<&crate::model::Spanned<String>>| {
            for value in values {
                let squashed = squash(&value.value);
                let hit = deprecated
                    .iter()
                    .filter(|(d, _)| !d.is_empty() && squashed.contains(d.as_str()))
                    .max_by_key(|(d, _)| d.len());
                if let Some((_, name)) = hit {
                    out.report(
                        i,
                        value.span,
                        Message::Deprecated {
                            value: value.value.trim().into(),
                            algorithm: name.clone(),
                        },
                    );
                }
            }
        };
    for (i, control) in ctx.current(Kind::SecurityControl) {
        let Body::SecurityControl(c) = &control.body else {
            continue;
        };
        let mut missing = Vec::new();
        if c.category.value == ControlCategory::Cryptography {
            let crypto = c.crypto.as_ref();
            if crypto.and_then(|k| k.alg.as_ref()).is_none() {
                missing.push("`crypto.alg`");
            }
            if crypto.and_then(|k| k.key_bits.as_ref()).is_none() {
                missing.push("`crypto.key_bits`");
            }
            if crypto.and_then(|k| k.mode.as_ref()).is_none() {
                missing.push("`crypto.mode`");
            }
            if crypto.and_then(|k| k.key_mgmt.as_ref()).is_none() {
                missing.push("`crypto.key_mgmt`");
            }
        }
        if c.category.value == ControlCategory::Authentication {
            let auth = c.auth.as_ref();
            if auth.and_then(|a| a.mechanism.as_ref()).is_none() {
                missing.push("`auth.mechanism`");
            }
            if auth.and_then(|a| a.algorithm.as_ref()).is_none() {
                missing.push("`auth.algorithm`");
            }
            if auth.and_then(|a| a.strength.as_ref()).is_none() {
                missing.push("`auth.strength`");
            }
        }
        if !missing.is_empty() {
            out.report(
                i,
                c.category.span,
                Message::Unspecified {
                    category: c.category.value.to_string(),
                    control: control.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
        let mut algorithms = Vec::new();
        if let Some(k) = &c.crypto {
            algorithms.extend(k.alg.as_ref());
        }
        if let Some(a) = &c.auth {
            algorithms.extend(a.algorithm.as_ref());
            algorithms.extend(a.mechanism.as_ref());
        }
        if matches!(
            c.category.value,
            ControlCategory::Integrity | ControlCategory::Authentication
        ) && let Some(crc) = algorithms.iter().find(|a| squash(&a.value).contains("CRC"))
        {
            out.report(
                i,
                crc.span,
                Message::Crc {
                    control: control.id().into(),
                },
            );
        }
        flag_algorithms(out, i, algorithms);
    }
    for (i, interface) in ctx.current(Kind::Interface) {
        let Body::Interface(f) = &interface.body else {
            continue;
        };
        let mut algorithms = Vec::new();
        if let Some(k) = &f.crypto {
            algorithms.extend(k.alg.as_ref());
        }
        if let Some(a) = &f.auth {
            algorithms.extend(a.algorithm.as_ref());
        }
        flag_algorithms(out, i, algorithms);
    }
    for (i, finding) in ctx.current(Kind::Finding) {
        let Body::Finding(f) = &finding.body else {
            continue;
        };
        let resolved = f
            .disposition
            .as_ref()
            .is_some_and(|d| matches!(d.value, Disposition::Fixed | Disposition::FalsePositive));
        if let Some(cwe) = f
            .cwe
            .iter()
            .find(|c| CREDENTIAL_CWES.contains(&c.value.trim().to_uppercase().as_str()))
            && !resolved
        {
            let span: Span = cwe.span;
            out.report(
                i,
                span,
                Message::OpenCredentials {
                    finding: finding.id().into(),
                    cwe: cwe.value.trim().into(),
                },
            );
        }
    }
}

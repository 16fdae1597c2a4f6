//! Types shared by every artifact kind: dates, document status, approvals, evidence.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Spanned;

/// A reference to another artifact by its ID, with the span of the reference.
pub type Id = Spanned<String>;

/// A calendar date written as ISO 8601 `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting anything else (times, week dates, ordinal dates).
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "`{text}` is not an ISO 8601 date; write it as YYYY-MM-DD, for example 2026-03-31"
            ));
        }
        text.parse::<jiff::civil::Date>()
            .map(Date)
            .map_err(|_| format!("`{text}` is not a real calendar date"))
    }

    /// Builds a date from its parts; `None` when the date does not exist.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(&self, later: Date) -> i64 {
        let span = later.0 - self.0;
        i64::from(span.get_days())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(text.trim()).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "An ISO 8601 calendar date, YYYY-MM-DD."
        })
    }
}

/// Document-control status of an artifact (ISO 13485 4.2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written; not yet usable as evidence.
    Draft,
    /// Written and under review.
    InReview,
    /// Approved and in force.
    Approved,
    /// Replaced by a newer artifact (see `supersedes` on the newer one).
    Superseded,
    /// Withdrawn without replacement.
    Obsolete,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: &'static [Status] = &[
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Superseded,
        Status::Obsolete,
    ];

    /// How a reader sees the status.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Approved => "Approved",
            Status::Superseded => "Superseded",
            Status::Obsolete => "Obsolete",
        }
    }

    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Superseded => "superseded",
            Status::Obsolete => "obsolete",
        }
    }

    /// Whether an artifact with this status is retired history rather than current evidence.
    pub fn is_retired(self) -> bool {
        matches!(self, Status::Superseded | Status::Obsolete)
    }
}

/// What a signature on an artifact means (21 CFR 11.50 asks that this be recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalMeaning {
    /// The signer wrote the content.
    Authored,
    /// The signer reviewed the content.
    Reviewed,
    /// The signer approved the content for use.
    Approved,
    /// The signer verified the content (for example, re-ran a test).
    Verified,
}

/// One recorded approval of an artifact.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Who approved.
    pub name: Spanned<String>,
    /// In what role (for example "Cybersecurity Lead", "QA/RA").
    pub role: Spanned<String>,
    /// When.
    pub date: Spanned<Date>,
    /// What the signature means; defaults to `approved`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Spanned<ApprovalMeaning>>,
    /// Fingerprint of the artifact's normalised content at approval, written by
    /// `dossier approve`; used to detect edits after approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<Spanned<String>>,
    /// An electronic signature of the approval (21 CFR 11.50, 11.70), written by
    /// `dossier approve --sign`: an SSH signature over the artifact's ID, the name, role,
    /// meaning, date and fingerprint (SIGN-001 verifies it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<ApprovalSignature>,
}

/// The SSH signature of an approval. Kept beside the approval it signs, in two readable
/// fields, rather than as one opaque blob: a reader sees which key signed without tools, and
/// the armored signature is what `ssh-keygen -Y verify` reads.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalSignature {
    /// The SHA-256 fingerprint of the signer's public key, as `ssh-keygen -l` prints it
    /// (`SHA256:` and 43 base64 characters).
    pub key: Spanned<String>,
    /// The signature in the SSHSIG format of `ssh-keygen -Y sign` (namespace
    /// `dossier-approval`), armored: from `-----BEGIN SSH SIGNATURE-----` to
    /// `-----END SSH SIGNATURE-----`.
    pub sshsig: Spanned<String>,
}

/// A file of evidence inside the dossier, with its expected SHA-256.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Path relative to the dossier root.
    pub path: Spanned<String>,
    /// Expected SHA-256 of the file, in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Spanned<String>>,
}

/// Cryptographic parameters of a control or a communication path.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CryptoSpec {
    /// Algorithm, for example `AES-256-GCM` or `ECDSA P-256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<Spanned<String>>,
    /// Key length in bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<Spanned<u32>>,
    /// Mode of operation, for example `GCM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Spanned<String>>,
    /// How keys are generated, stored, rotated and revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_mgmt: Option<Spanned<String>>,
}

/// Authentication parameters of a control or a communication path.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    /// Mechanism, for example `mutual TLS` or `BLE LE Secure Connections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<Spanned<String>>,
    /// Algorithm, for example `ECDSA P-256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<Spanned<String>>,
    /// Strength, for example `128-bit security`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Spanned<String>>,
}

/// A CVSS vector with its stated score.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cvss {
    /// CVSS version: `2.0`, `3.0`, `3.1` or `4.0` (also implied by the vector: v3 and v4
    /// vectors start with `CVSS:3.1/`..., v2 vectors with `AV:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Spanned<String>>,
    /// The vector string, for example `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` or, for
    /// v2, `AV:N/AC:L/Au:N/C:P/I:P/A:P`; temporal and environmental metrics may follow.
    pub vector: Spanned<String>,
    /// The stated base score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Spanned<f64>>,
}

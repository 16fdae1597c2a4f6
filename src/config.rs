//! The manifest `dossier.yaml`: device, release, profile, rule settings, parameters, waivers.
//!
//! Read in two steps, as cargo-deny does: deserialise the raw manifest with spans, then
//! validate it into a [`Config`], turning every problem into a `CONFIG-001` diagnostic that
//! points into the manifest. A broken manifest still yields a usable default config, so the
//! run goes on and reports everything else too.

use std::collections::BTreeMap;
use std::fmt;

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::diag::{Diagnostic, Severity};
use crate::model::{Date, FileId, Independence, Span, Spanned, TestType};
use crate::parse::{suggest, yaml_error_diagnostic, yaml_options};

/// The code of every manifest problem.
pub const CONFIG_CODE: &str = "CONFIG-001";

// The submission profile lives with the model (the lowest floor), which labels it too.
pub use crate::model::Profile;

/// A severity setting for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeveritySetting {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not run the rule.
    Off,
}

/// A project-level override of one rule (PMC is non-binding, so every rule can be overridden,
/// with a justification and an approver).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    /// New severity, or `off`.
    pub severity: Spanned<SeveritySetting>,
    /// Why the override is acceptable.
    #[serde(default)]
    pub justification: Option<Spanned<String>>,
    /// Who approved it.
    #[serde(default)]
    pub approved_by: Option<Spanned<String>>,
}

/// A waiver: one finding of one rule on one artifact, accepted as a recorded deviation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule code, for example `CTRL-002`.
    pub rule: Spanned<String>,
    /// The artifact ID the finding is about.
    pub artifact: Spanned<String>,
    /// Why the deviation is acceptable.
    pub justification: Spanned<String>,
    /// Who approved it.
    pub approved_by: Spanned<String>,
    /// When it was approved.
    pub date: Spanned<Date>,
    /// When it stops applying.
    #[serde(default)]
    pub expires: Option<Spanned<Date>>,
}

/// The submission document's own control data, printed on its cover: the document is a
/// controlled record of the quality system like the artifacts it is built from.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentControl {
    /// Title (default "Premarket cybersecurity documentation").
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// The document's number in the manufacturer's document system, for example `DOC-0421`.
    #[serde(default)]
    pub number: Option<Spanned<String>>,
    /// The document's revision, for example `C`.
    #[serde(default)]
    pub revision: Option<Spanned<String>>,
    /// Who FDA contacts about this submission.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Who approved this document, in what role, when.
    #[serde(default)]
    pub approvals: Vec<DocumentApproval>,
    /// Whether the cover carries the gap verdict (default true). The verdict is always in
    /// the gap report; a submission may leave it off the cover, where a self-assessment can
    /// read as a claim. A document with open errors shows it on the cover all the same: it
    /// is not submission-ready, and its first page says so.
    #[serde(default)]
    pub verdict_on_cover: Option<Spanned<bool>>,
    /// How many findings of each rule the PDF's gap report lists (default 25); the rest are
    /// counted and left to the site's gap report and `dossier.json`, which list every one.
    /// `0` prints only the counts per rule.
    #[serde(default)]
    pub findings_per_rule: Option<Spanned<u32>>,
}

/// A contact person.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    pub name: Spanned<String>,
    /// Role or title, for example "Director, Regulatory Affairs".
    #[serde(default)]
    pub role: Option<Spanned<String>>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Spanned<String>>,
}

/// One approval of the submission document.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentApproval {
    /// Who approved.
    pub name: Spanned<String>,
    /// In what role.
    pub role: Spanned<String>,
    /// When.
    pub date: Spanned<Date>,
}

/// Rule parameters the catalogue calls configurable.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameters {
    /// SAFE-001: require a security risk's pre-mitigation severity to equal the severity of
    /// its hazards (default true; turn off when the safety file uses another scale).
    #[serde(default)]
    pub safety_severity_must_match: Option<Spanned<bool>>,
    /// CTRL-003: algorithms treated as deprecated (matched ignoring case and punctuation,
    /// so `SHA-1` also finds `HMAC-SHA1`). Default: MD5, SHA-1, DES, 3DES, RC4, RSA-1024,
    /// DSA-1024, ECB (after NIST SP 800-131A; review for your device).
    #[serde(default)]
    pub deprecated_algorithms: Option<Vec<Spanned<String>>>,
    /// TEST-006: how old (days) a penetration test or vulnerability scan may be at the
    /// evaluation date. Default 365.
    #[serde(default)]
    pub test_freshness_days: Option<Spanned<u32>>,
    /// TEST-005: minimum tester independence per test type, replacing the defaults drawn
    /// from IEC 62443-4-1 (for example `penetration: organization`).
    #[serde(default)]
    pub independence: BTreeMap<TestType, Spanned<Independence>>,
    /// VULN-003: path, inside the dossier, of a CISA Known Exploited Vulnerabilities catalog
    /// (JSON) to check vulnerabilities against.
    #[serde(default)]
    pub kev_catalog: Option<Spanned<String>>,
    /// VULN-001: a folder of OSV records (relative to dossier.yaml) to match the SBOMs'
    /// components against, offline (`--advisories` overrides it).
    #[serde(default)]
    pub advisories: Option<Spanned<String>>,
}

/// A conformity view `build` can write beside the submission (`conformity:` in the
/// manifest): a clause-by-clause table of one standard against the dossier's evidence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum ConformityView {
    /// IEC 81001-5-1:2021, clause by clause, with the MDCG 2019-16 cross-reference.
    #[serde(rename = "iec-81001-5-1")]
    Iec81001_5_1,
}

impl ConformityView {
    /// Every view, in the order `build` writes them.
    pub const ALL: &'static [ConformityView] = &[ConformityView::Iec81001_5_1];

    /// How the manifest names it, which is also the name of its PDF and site page.
    pub fn as_str(self) -> &'static str {
        match self {
            ConformityView::Iec81001_5_1 => "iec-81001-5-1",
        }
    }
}

/// The default deprecated-algorithm list of CTRL-003.
pub const DEFAULT_DEPRECATED_ALGORITHMS: &[&str] = &[
    "MD5", "SHA-1", "DES", "3DES", "RC4", "RSA-1024", "DSA-1024", "ECB",
];

/// A mapping whose keys keep their spans, in file order.
#[derive(Debug, Clone)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(SpannedMap(entries))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(SpannedMap(Vec::new()))
            }
        }
        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for SpannedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, V>>::json_schema(generator)
    }
}

/// The prior authorized release (the manifest's `baseline:`).
///
/// Written either as a revision alone (`baseline: v2.3.0`, the first form, kept so existing
/// manifests still read) or as a mapping that also names the release and the submission
/// that authorized it, which the Modifications section states. Read by hand rather than as
/// an untagged enum, which would lose the manifest's line numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The Git tag, branch or commit of the prior release.
    pub revision: String,
    /// The prior release's version, for example `2.3.0`.
    pub release: Option<String>,
    /// The submission number that authorized it, for example `K243117`.
    pub submission: Option<String>,
}

impl Baseline {
    /// How messages name the prior release: `release 2.3.0` when the manifest gives its
    /// version, else the revision (a commit ID shortened to 12 digits, as Git shows it).
    pub fn label(&self) -> String {
        match &self.release {
            Some(release) => format!("release {release}"),
            None if self.names_commit() => self.revision.chars().take(12).collect(),
            None => self.revision.clone(),
        }
    }

    /// Whether the revision is a commit ID (7 to 40 hex digits) rather than a tag or branch
    /// name: the outputs then show the commit once, not twice.
    pub fn names_commit(&self) -> bool {
        (7..=40).contains(&self.revision.len())
            && self.revision.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

impl<'de> Deserialize<'de> for Baseline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BaselineVisitor;
        impl<'de> Visitor<'de> for BaselineVisitor {
            type Value = Baseline;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Git tag or revision, or a mapping with `revision:` and optionally `release:` and `submission:`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Baseline, E> {
                Ok(Baseline {
                    revision: v.to_string(),
                    ..Baseline::default()
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Baseline, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Baseline, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Baseline, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Baseline, A::Error> {
                let mut out = Baseline::default();
                let mut revision = None;
                while let Some(key) = map.next_key::<String>()? {
                    let value: String = map.next_value::<ScalarText>()?.0;
                    match key.as_str() {
                        "revision" => revision = Some(value),
                        "release" => out.release = Some(value),
                        "submission" => out.submission = Some(value),
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["revision", "release", "submission"],
                            ));
                        }
                    }
                }
                out.revision =
                    revision.ok_or_else(|| serde::de::Error::missing_field("revision"))?;
                Ok(out)
            }
        }
        deserializer.deserialize_any(BaselineVisitor)
    }
}

/// A scalar read as text, whatever YAML made of it (`2.3` is a number to YAML, a version
/// to the manifest).
struct ScalarText(String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = ScalarText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Baseline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Baseline".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The prior authorized release: a Git tag or revision, or a mapping with the revision, the release's version and the submission number that authorized it.",
            "anyOf": [
                { "type": "string", "minLength": 1 },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["revision"],
                    "properties": {
                        "revision": { "type": "string", "minLength": 1, "description": "The Git tag, branch or commit of the prior release." },
                        "release": { "type": "string", "description": "The prior release's version, for example 2.3.0." },
                        "submission": { "type": "string", "description": "The submission number that authorized it, for example K243117." }
                    }
                }
            ]
        })
    }
}

/// The manifest as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The ID of the `device` artifact this dossier describes.
    #[serde(default)]
    pub device: Option<Spanned<String>>,
    /// The release being submitted (must equal the device's `release_version`).
    #[serde(default)]
    pub release: Option<Spanned<String>>,
    /// Submission profile: `full`, `modification` or `ide`.
    #[serde(default)]
    pub profile: Option<Spanned<Profile>>,
    /// The prior authorized release this one is compared against: a Git tag or revision,
    /// or a mapping with the revision, the release's version and the submission that
    /// authorized it. CHG-001 asks for a change record for every artifact changed since it;
    /// PRED-001 asks that the cybersecurity delta from it is assessed.
    #[serde(default)]
    pub baseline: Option<Spanned<Baseline>>,
    /// The date the dossier moved into Git from an earlier document system. Approvals recorded
    /// before the move are kept; commits on or before this date are the import, not design
    /// changes, so CHG-002 does not make everything downstream of them suspect.
    #[serde(default)]
    pub migrated_on: Option<Spanned<crate::model::Date>>,
    /// Output directory, relative to the manifest (default `build`); never read as input.
    #[serde(default)]
    pub output: Option<Spanned<String>>,
    /// A folder of the dossier (relative to the manifest) with fonts (`.ttf`, `.otf`,
    /// `.ttc`) the PDF may use besides the embedded ones, for scripts they do not cover.
    #[serde(default)]
    pub fonts: Option<Spanned<String>>,
    /// The memory `build` may use, in megabytes (default 2048). A build whose estimate from
    /// the model's size is over it stops before laying out the PDF, with the estimate, rather
    /// than being killed by the system; `build --memory-budget` overrides it.
    #[serde(default)]
    pub memory_budget_mb: Option<Spanned<u64>>,
    /// The submission document's number, revision, contact and approvals (its cover).
    #[serde(default)]
    pub document: Option<DocumentControl>,
    /// The allowed-signers file (relative to the manifest): who may sign approvals, in which
    /// roles, with which SSH keys. SIGN-001 verifies every signed approval against it.
    #[serde(default)]
    pub allowed_signers: Option<Spanned<String>>,
    /// Conformity views `build` also writes, each as its own PDF (`<view>.pdf` beside the
    /// submission) and site page (`site/conformity/<view>.html`), for example
    /// `[iec-81001-5-1]`: IEC 81001-5-1 clause by clause, with the MDCG 2019-16
    /// cross-reference. An unknown name is a CONFIG-001 finding at its line.
    // Read as names and checked in `validate`, not as the enum: an unknown name must be a
    // finding at its line, not a manifest that fails to read as a whole.
    #[serde(default)]
    #[schemars(with = "Vec<ConformityView>")]
    pub conformity: Vec<Spanned<String>>,
    /// Glob patterns of paths (relative to the manifest) that are not part of the dossier.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Per-rule overrides, keyed by rule code.
    #[serde(default)]
    pub rules: SpannedMap<RuleSetting>,
    /// Rule parameters.
    #[serde(default)]
    pub parameters: Parameters,
    /// Waivers.
    #[serde(default)]
    pub waivers: Vec<Waiver>,
}

/// A validated severity override.
#[derive(Debug, Clone)]
pub struct Override {
    /// New severity; `None` disables the rule.
    pub severity: Option<Severity>,
    /// Where the override is written.
    pub span: Span,
    /// The justification.
    pub justification: String,
    /// The approver.
    pub approved_by: String,
}

/// The validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The manifest as written.
    pub manifest: Manifest,
    /// The chosen profile.
    pub profile: Profile,
    /// The output directory (`build` unless the manifest names a valid one).
    pub output_dir: String,
    /// Why the manifest's `output:` was refused (a CONFIG-001 finding), if it was: `build`
    /// then writes nowhere unless `--out` names a folder.
    pub output_refused: Option<String>,
    /// Compiled excludes.
    pub exclude: Option<GlobSet>,
    /// The conformity views the manifest asks for (known names only, each once, in order).
    pub conformity: Vec<ConformityView>,
    /// Overrides by rule code.
    /// Keyed by the code as written until [`crate::rules::resolve_manifest_codes`] checks
    /// it against the catalogue and writes the rule's own code.
    pub overrides: BTreeMap<String, Override>,
}

impl Config {
    /// The manifest file's ID.
    pub fn file(&self) -> FileId {
        0
    }

    /// The configured severity of a rule (`None`: disabled).
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.overrides.get(code) {
            Some(o) => o.severity,
            None => Some(default),
        }
    }

    /// CTRL-003's deprecated algorithms.
    pub fn deprecated_algorithms(&self) -> Vec<String> {
        match &self.manifest.parameters.deprecated_algorithms {
            Some(list) => list.iter().map(|a| a.value.clone()).collect(),
            None => DEFAULT_DEPRECATED_ALGORITHMS
                .iter()
                .map(|a| a.to_string())
                .collect(),
        }
    }

    /// TEST-006's freshness window in days.
    pub fn test_freshness_days(&self) -> u32 {
        self.manifest
            .parameters
            .test_freshness_days
            .as_ref()
            .map_or(365, |d| d.value)
    }

    /// TEST-005's minimum independence for a test type.
    pub fn independence_minimum(&self, test_type: TestType) -> Independence {
        if let Some(min) = self.manifest.parameters.independence.get(&test_type) {
            return min.value;
        }
        match test_type {
            TestType::Penetration => Independence::Department,
            TestType::SecurityRequirement
            | TestType::ThreatMitigation
            | TestType::BoundaryAnalysis => Independence::Department,
            TestType::AbuseMalformed
            | TestType::AttackSurface
            | TestType::KnownVulnScan
            | TestType::Robustness
            | TestType::Fuzz
            | TestType::Chaining
            | TestType::Dast
            | TestType::Credentials => Independence::Person,
            TestType::Sast | TestType::BinarySca => Independence::None,
        }
    }

    /// SAFE-001's severity-agreement switch.
    pub fn safety_severity_must_match(&self) -> bool {
        self.manifest
            .parameters
            .safety_severity_must_match
            .as_ref()
            .is_none_or(|v| v.value)
    }
}

/// Reads and validates the manifest text; problems come back as diagnostics.
pub fn load(text: &str) -> (Config, Vec<Diagnostic>) {
    let file = 0;
    let mut diags = Vec::new();
    let manifest: Manifest = if text.trim().is_empty() {
        diags.push(
            Diagnostic::new(CONFIG_CODE, Severity::Error, "the manifest is empty")
                .at(file, Span::default(), "")
                .with_help("write at least `device:`, `release:` and `profile:` (see the README)"),
        );
        Manifest::default()
    } else {
        match serde_saphyr::from_str_with_options::<Manifest>(text, yaml_options()) {
            Ok(manifest) => manifest,
            Err(err) => {
                let mut diag = yaml_error_diagnostic(file, text, &err);
                diag.code = CONFIG_CODE;
                diags.push(diag);
                Manifest::default()
            }
        }
    };
    let config = validate(manifest, &mut diags);
    (config, diags)
}

fn config_error(span: Span, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
    Diagnostic::new(CONFIG_CODE, Severity::Error, message)
        .at(0, span, "")
        .with_help(help)
}

fn validate(manifest: Manifest, diags: &mut Vec<Diagnostic>) -> Config {
    let mut overrides = BTreeMap::new();
    for (code, setting) in &manifest.rules.0 {
        let justification = setting
            .justification
            .as_ref()
            .map(|j| j.value.trim().to_string());
        let approver = setting
            .approved_by
            .as_ref()
            .map(|a| a.value.trim().to_string());
        if justification.as_deref().is_none_or(str::is_empty)
            || approver.as_deref().is_none_or(str::is_empty)
        {
            diags.push(config_error(
                code.span,
                format!(
                    "the override of {} has no justification or approver",
                    code.value.trim()
                ),
                "every override needs `justification:` and `approved_by:`; they are printed in the gap report",
            ));
            continue;
        }
        let severity = match setting.severity.value {
            SeveritySetting::Error => Some(Severity::Error),
            SeveritySetting::Warning => Some(Severity::Warning),
            SeveritySetting::Info => Some(Severity::Info),
            SeveritySetting::Off => None,
        };
        overrides.insert(
            code.value.trim().to_string(),
            Override {
                severity,
                span: code.span,
                justification: justification.unwrap_or_default(),
                approved_by: approver.unwrap_or_default(),
            },
        );
    }
    if let Some(budget) = &manifest.memory_budget_mb
        && budget.value < 64
    {
        diags.push(config_error(
            budget.span,
            format!(
                "a memory budget of {} MB cannot build anything",
                budget.value
            ),
            "write the memory `build` may use in megabytes (default 2048), at least 64",
        ));
    }
    for waiver in &manifest.waivers {
        if waiver.justification.value.trim().is_empty()
            || waiver.approved_by.value.trim().is_empty()
        {
            diags.push(config_error(
                waiver.rule.span,
                "a waiver has an empty justification or approver",
                "write why the deviation is acceptable and who approved it",
            ));
        }
        if let Some(expires) = &waiver.expires
            && expires.value < waiver.date.value
        {
            diags.push(config_error(
                expires.span,
                format!(
                    "the waiver expires ({}) before it was approved ({})",
                    expires.value, waiver.date.value
                ),
                "correct `date:` or `expires:`",
            ));
        }
    }
    let conformity = conformity_views(&manifest.conformity, diags);
    let mut exclude = GlobSetBuilder::new();
    for pattern in &manifest.exclude {
        match Glob::new(&pattern.value) {
            Ok(glob) => {
                exclude.add(glob);
            }
            Err(err) => diags.push(config_error(
                pattern.span,
                format!("`{}` is not a valid glob: {}", pattern.value, err.kind()),
                "write a glob relative to the manifest, for example `drafts/**`",
            )),
        }
    }
    let exclude = if manifest.exclude.is_empty() {
        None
    } else {
        exclude.build().ok()
    };
    let mut output_dir = manifest
        .output
        .as_ref()
        .map(|o| {
            o.value
                .trim()
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string()
        })
        .unwrap_or_else(|| "build".to_string());
    let mut output_refused = None;
    if let Some(output) = &manifest.output
        && (output_dir.is_empty()
            || output_dir == "."
            || output_dir.starts_with('/')
            || output_dir.contains('\\')
            || output_dir
                .split('/')
                .any(|c| c == ".." || c == "." || c.is_empty()))
    {
        let message = format!(
            "the output folder `{}` is not a folder inside the dossier",
            output.value
        );
        diags.push(config_error(
            output.span,
            message.clone(),
            "write a relative path below dossier.yaml such as `build`",
        ));
        output_refused = Some(message);
        // The walk still skips the default output folder; nothing is written anywhere.
        output_dir = "build".to_string();
    }
    for (field, value) in [("device", &manifest.device), ("release", &manifest.release)] {
        if value.is_none() {
            diags.push(config_error(
                Span::default(),
                format!("the manifest does not name the `{field}`"),
                match field {
                    "device" => "add `device: DEV-...`, the ID of the device artifact",
                    _ => "add `release: X.Y.Z`, the software release being submitted",
                },
            ));
        }
    }
    Config {
        profile: manifest
            .profile
            .as_ref()
            .map(|p| p.value)
            .unwrap_or_default(),
        output_dir,
        output_refused,
        exclude,
        conformity,
        overrides,
        manifest,
    }
}

/// The conformity views named in the manifest: each known name once, in the manifest's
/// order; an unknown name is a CONFIG-001 finding at its line (with the closest name).
fn conformity_views(names: &[Spanned<String>], diags: &mut Vec<Diagnostic>) -> Vec<ConformityView> {
    let mut views = Vec::new();
    for name in names {
        let written = name.value.trim();
        match ConformityView::ALL
            .iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(written))
        {
            Some(view) if !views.contains(view) => views.push(*view),
            Some(_) => {}
            None => {
                let known = ConformityView::ALL.iter().map(|v| v.as_str());
                let list = known.clone().collect::<Vec<_>>().join(", ");
                let help = match suggest(written, known) {
                    Some(best) => format!("did you mean `{best}`? the views are: {list}"),
                    None => format!("the views are: {list}"),
                };
                diags.push(config_error(
                    name.span,
                    format!("unknown conformity view `{written}`"),
                    help,
                ));
            }
        }
    }
    views
}

/// Checks the manifest against the model: the device it names exists and is a device, and
/// its release is the device's `release_version`.
pub fn cross_check(
    config: &Config,
    artifacts: &[crate::model::Artifact],
    graph: &crate::graph::Graph,
) -> Vec<Diagnostic> {
    use crate::model::{Body, Kind};
    let mut diags = Vec::new();
    let Some(device_id) = &config.manifest.device else {
        return diags;
    };
    let Some(&index) = graph.index.get(device_id.value.trim()) else {
        let devices: Vec<&str> = graph
            .of_kind(Kind::Device)
            .iter()
            .map(|&i| artifacts[i].id())
            .collect();
        let help = match suggest(&device_id.value, devices.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if devices.is_empty() => {
                "add a `kind: device` artifact and name its ID here".to_string()
            }
            None => format!("device artifacts: {}", devices.join(", ")),
        };
        diags.push(config_error(
            device_id.span,
            format!(
                "the manifest names device {}, which no artifact has",
                device_id.value
            ),
            help,
        ));
        return diags;
    };
    let device = &artifacts[index];
    let Body::Device(body) = &device.body else {
        diags.push(
            config_error(
                device_id.span,
                format!("{} is a {}, not a device", device.id(), device.kind()),
                "name the ID of the `kind: device` artifact",
            )
            .with_related(device.file, device.envelope.id.span, "defined here"),
        );
        return diags;
    };
    if let (Some(release), Some(version)) = (&config.manifest.release, &body.release_version)
        && release.value.trim() != version.value.trim()
    {
        diags.push(
            config_error(
                release.span,
                format!(
                    "the manifest's release {} differs from the device's release_version {}",
                    release.value, version.value
                ),
                "make them equal: both name the release being submitted",
            )
            .with_related(device.file, version.span, "release_version"),
        );
    }
    diags
}

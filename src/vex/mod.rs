//! VEX documents: what the manufacturer states about each known vulnerability in each
//! component, read from CycloneDX VEX/VDR, OpenVEX 0.2 and CSAF 2.0 VEX into one model.
//!
//! The three formats say the same things with different words (CycloneDX `exploitable` is
//! OpenVEX `affected` is CSAF `known_affected`), so rules and outputs see one status model:
//! not_affected with a justification, affected, fixed, under_investigation. Justifications
//! use the five of CISA's VEX minimum requirements (which OpenVEX and CSAF share); CycloneDX's
//! finer ones map onto them, and the original wording is kept in `detail`.

mod csaf;
mod cyclonedx;
mod openvex;

use serde::Serialize;

use crate::diag::LineIndex;
use crate::model::Span;

pub(crate) use cyclonedx::read_embedded;

/// The status a statement gives a vulnerability in a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VexStatus {
    /// The component is not affected (a justification or impact statement says why).
    NotAffected,
    /// The component is affected.
    Affected,
    /// The product contains a fix.
    Fixed,
    /// Not known yet.
    UnderInvestigation,
}

impl VexStatus {
    /// The status as written in OpenVEX.
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::NotAffected => "not_affected",
            VexStatus::Affected => "affected",
            VexStatus::Fixed => "fixed",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }

    /// The assessment's word for the same thing (`vuln_assessment.per_version`).
    pub fn applicability(self) -> crate::model::Applicability {
        use crate::model::Applicability;
        match self {
            VexStatus::NotAffected => Applicability::NotAffected,
            VexStatus::Affected => Applicability::Affected,
            VexStatus::Fixed => Applicability::Fixed,
            VexStatus::UnderInvestigation => Applicability::Investigating,
        }
    }

    /// Reads OpenVEX's status words.
    fn from_openvex(text: &str) -> Option<VexStatus> {
        Some(match text.trim() {
            "not_affected" => VexStatus::NotAffected,
            "affected" => VexStatus::Affected,
            "fixed" => VexStatus::Fixed,
            "under_investigation" => VexStatus::UnderInvestigation,
            _ => return None,
        })
    }
}

impl std::fmt::Display for VexStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a component is not affected: the five justifications of CISA's VEX minimum
/// requirements, as OpenVEX and CSAF (flag labels) write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The vulnerable component is not in the product.
    ComponentNotPresent,
    /// The component is present but not the vulnerable code.
    VulnerableCodeNotPresent,
    /// The vulnerable code is present but never executed.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code runs but an attacker cannot reach or control it.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Built-in protections stop exploitation.
    InlineMitigationsAlreadyExist,
}

impl Justification {
    /// Reads the five names.
    fn parse(text: &str) -> Option<Justification> {
        Some(match text.trim() {
            "component_not_present" => Justification::ComponentNotPresent,
            "vulnerable_code_not_present" => Justification::VulnerableCodeNotPresent,
            "vulnerable_code_not_in_execute_path" => Justification::VulnerableCodeNotInExecutePath,
            "vulnerable_code_cannot_be_controlled_by_adversary" => {
                Justification::VulnerableCodeCannotBeControlledByAdversary
            }
            "inline_mitigations_already_exist" => Justification::InlineMitigationsAlreadyExist,
            _ => return None,
        })
    }

    /// The name as written in OpenVEX.
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "component_not_present",
            Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "vulnerable_code_cannot_be_controlled_by_adversary"
            }
            Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
        }
    }
}

/// The document formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VexFormat {
    /// CycloneDX `vulnerabilities` (a VEX or VDR BOM, or inside the SBOM itself).
    Cyclonedx,
    /// OpenVEX 0.2.
    Openvex,
    /// CSAF 2.0 (profile VEX or security advisory).
    Csaf,
}

impl std::fmt::Display for VexFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            VexFormat::Cyclonedx => "CycloneDX VEX",
            VexFormat::Openvex => "OpenVEX",
            VexFormat::Csaf => "CSAF VEX",
        })
    }
}

/// One normalised statement: a vulnerability, a component, a status.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct VexStatement {
    /// The vulnerability's ID (CVE, GHSA...).
    pub vulnerability: String,
    /// Its other IDs, sorted.
    pub aliases: Vec<String>,
    /// The component the statement is about: its purl, else its reference or name.
    pub component: String,
    /// The product the component is part of, when the document says (purl or name).
    pub product: Option<String>,
    /// The status.
    pub status: VexStatus,
    /// Why it is not affected.
    pub justification: Option<Justification>,
    /// The impact statement or analysis detail.
    pub detail: Option<String>,
    /// What users should do (for `affected`).
    pub action: Option<String>,
}

impl VexStatement {
    /// The vulnerability's ID and aliases.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.vulnerability.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A VEX document as read: its format, version and statements, each with where it is written.
#[derive(Debug, Clone, Default)]
pub struct VexDocument {
    /// The format.
    pub format: Option<VexFormat>,
    /// The format's version (`1.6`, `0.2.0`, `2.0`).
    pub spec_version: Option<String>,
    /// The statements, in document order.
    pub statements: Vec<VexStatement>,
    /// Where each statement is written (parallel to `statements`).
    pub spans: Vec<Span>,
    /// Statements that are not valid VEX (a `not_affected` without justification or impact
    /// statement, an unknown status): the message and where.
    pub invalid: Vec<(String, Span)>,
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct VexError {
    /// What is wrong.
    pub message: String,
    /// Where (unknown when the whole document is wrong).
    pub span: Span,
}

impl VexError {
    fn whole(message: impl Into<String>) -> VexError {
        VexError {
            message: message.into(),
            span: Span::default(),
        }
    }
}

/// Reads a VEX document of any of the three formats, by its content.
pub fn read(text: &str) -> Result<VexDocument, VexError> {
    read_value(text, &parse(text)?)
}

/// Parses a VEX document's JSON, or says where it is not JSON.
pub fn parse(text: &str) -> Result<serde_json::Value, VexError> {
    serde_json::from_str(text).map_err(|e| {
        let index = LineIndex::new(text);
        let offset = index.offset(text, e.line() as u32, e.column() as u32);
        VexError {
            message: format!("the VEX document is not valid JSON: {e}"),
            span: Span {
                offset: offset as u32,
                len: 0,
                line: e.line() as u32,
                column: e.column() as u32,
            },
        }
    })
}

/// Reads a VEX document already parsed from `text` (which positions its statements).
pub fn read_value(text: &str, value: &serde_json::Value) -> Result<VexDocument, VexError> {
    let context = value.get("@context").and_then(|c| c.as_str()).unwrap_or("");
    let mut doc = if context.starts_with("https://openvex.dev/ns") {
        openvex::read(text, value)?
    } else if value.get("bomFormat").and_then(|f| f.as_str()) == Some("CycloneDX") {
        cyclonedx::read(text, value)?
    } else if value
        .get("document")
        .and_then(|d| d.get("csaf_version"))
        .is_some()
    {
        csaf::read(text, value)?
    } else {
        return Err(VexError::whole(
            "the file is not OpenVEX (`@context` https://openvex.dev/ns/...), CycloneDX \
             (`bomFormat`) or CSAF (`document.csaf_version`)",
        ));
    };
    for statement in &mut doc.statements {
        statement.aliases.sort();
        statement.aliases.dedup();
        statement.aliases.retain(|a| *a != statement.vulnerability);
    }
    Ok(doc)
}

impl VexDocument {
    /// Adds a statement, or records why it is not valid VEX.
    fn push(&mut self, statement: VexStatement, span: Span) {
        if statement.status == VexStatus::NotAffected
            && statement.justification.is_none()
            && statement.detail.is_none()
        {
            self.invalid.push((
                format!(
                    "{} in {} is `not_affected` without a justification or impact statement",
                    statement.vulnerability, statement.component
                ),
                span,
            ));
            return;
        }
        if statement.component.is_empty() {
            self.invalid.push((
                format!(
                    "the statement on {} names no product",
                    statement.vulnerability
                ),
                span,
            ));
            return;
        }
        self.statements.push(statement);
        self.spans.push(span);
    }
}

/// Where the quoted `needle` is first written after the byte offset `from` (so a statement's
/// span is its vulnerability ID, the thing a reader looks for).
fn find_quoted(text: &str, index: &LineIndex, needle: &str, from: usize) -> (Span, usize) {
    // JSON writes the value in quotes; CycloneDX XML as an element's text.
    let start = from.min(text.len());
    let (quoted, pos) = match text[start..].find(&format!("\"{needle}\"")) {
        Some(pos) => (format!("\"{needle}\""), pos),
        None => match text[start..].find(&format!(">{needle}<")) {
            Some(pos) => (format!(">{needle}<"), pos),
            None => return (Span::default(), from),
        },
    };
    let at = start + pos;
    let (line, column) = index.position(text, at);
    (
        Span {
            offset: at as u32,
            len: quoted.len() as u32,
            line,
            column,
        },
        at + quoted.len(),
    )
}

/// A string field of a JSON object.
fn string(value: &serde_json::Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRODUCT: &str = "pkg:generic/acme/pump-fw@2.0.0";
    const COMPONENT: &str = "pkg:github/mbed-tls/mbedtls@v3.6.2";

    fn openvex() -> String {
        format!(
            r#"{{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://acme.example/vex/2026-001",
  "author": "Acme PSIRT",
  "timestamp": "2026-10-01T00:00:00Z",
  "version": 1,
  "statements": [
    {{
      "vulnerability": {{ "name": "CVE-2025-27809", "aliases": ["GHSA-aaaa-bbbb-cccc"] }},
      "products": [ {{ "@id": "{PRODUCT}", "subcomponents": [ {{ "@id": "{COMPONENT}" }} ] }} ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path"
    }},
    {{
      "vulnerability": {{ "name": "CVE-2025-27810" }},
      "products": [ {{ "@id": "{PRODUCT}", "subcomponents": [ {{ "@id": "{COMPONENT}" }} ] }} ],
      "status": "affected",
      "action_statement": "Update to 2.0.1"
    }}
  ]
}}"#
        )
    }

    fn csaf() -> String {
        format!(
            r#"{{
  "document": {{
    "category": "csaf_vex",
    "csaf_version": "2.0",
    "title": "Acme pump VEX",
    "publisher": {{ "category": "vendor", "name": "Acme", "namespace": "https://acme.example" }},
    "tracking": {{ "id": "ACME-VEX-2026-001", "status": "final", "version": "1",
                   "initial_release_date": "2026-10-01T00:00:00Z",
                   "current_release_date": "2026-10-01T00:00:00Z",
                   "revision_history": [] }}
  }},
  "product_tree": {{
    "full_product_names": [
      {{ "product_id": "FW", "name": "Pump firmware 2.0.0",
         "product_identification_helper": {{ "purl": "{PRODUCT}" }} }},
      {{ "product_id": "TLS", "name": "Mbed TLS 3.6.2",
         "product_identification_helper": {{ "purl": "{COMPONENT}" }} }}
    ],
    "relationships": [
      {{ "category": "default_component_of", "product_reference": "TLS",
         "relates_to_product_reference": "FW",
         "full_product_name": {{ "product_id": "FW:TLS", "name": "Mbed TLS in the firmware" }} }}
    ]
  }},
  "vulnerabilities": [
    {{ "cve": "CVE-2025-27809", "ids": [ {{ "system_name": "GHSA", "text": "GHSA-aaaa-bbbb-cccc" }} ],
       "product_status": {{ "known_not_affected": ["FW:TLS"] }},
       "flags": [ {{ "label": "vulnerable_code_not_in_execute_path", "product_ids": ["FW:TLS"] }} ] }},
    {{ "cve": "CVE-2025-27810",
       "product_status": {{ "known_affected": ["FW:TLS"] }},
       "remediations": [ {{ "category": "vendor_fix", "details": "Update to 2.0.1", "product_ids": ["FW:TLS"] }} ] }}
  ]
}}"#
        )
    }

    fn cyclonedx() -> String {
        format!(
            r#"{{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "version": 1,
  "metadata": {{ "component": {{ "type": "firmware", "bom-ref": "fw", "name": "pump-fw",
                                 "version": "2.0.0", "purl": "{PRODUCT}" }} }},
  "components": [ {{ "type": "library", "bom-ref": "tls", "name": "mbedtls", "version": "3.6.2",
                     "purl": "{COMPONENT}" }} ],
  "vulnerabilities": [
    {{ "id": "CVE-2025-27809",
       "references": [ {{ "id": "GHSA-aaaa-bbbb-cccc", "source": {{ "name": "GitHub" }} }} ],
       "analysis": {{ "state": "not_affected", "justification": "code_not_reachable" }},
       "affects": [ {{ "ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#tls" }} ] }},
    {{ "id": "CVE-2025-27810",
       "analysis": {{ "state": "exploitable", "response": ["update"], "detail": "Update to 2.0.1" }},
       "affects": [ {{ "ref": "tls" }} ] }}
  ]
}}"#
        )
    }

    /// What must agree across formats (the free texts may be worded differently).
    type Core = (
        String,
        Vec<String>,
        String,
        Option<String>,
        VexStatus,
        Option<Justification>,
    );

    fn core(doc: &VexDocument) -> Vec<Core> {
        doc.statements
            .iter()
            .map(|s| {
                (
                    s.vulnerability.clone(),
                    s.aliases.clone(),
                    s.component.clone(),
                    s.product.clone(),
                    s.status,
                    s.justification,
                )
            })
            .collect()
    }

    // The same two statements, written in OpenVEX, CSAF and CycloneDX, read the same.
    #[test]
    fn three_formats_one_model() {
        let a = read(&openvex()).expect("OpenVEX");
        let b = read(&csaf()).expect("CSAF");
        let c = read(&cyclonedx()).expect("CycloneDX");
        assert_eq!(a.format, Some(VexFormat::Openvex));
        assert_eq!(b.format, Some(VexFormat::Csaf));
        assert_eq!(c.format, Some(VexFormat::Cyclonedx));
        assert_eq!(core(&a), core(&b));
        assert_eq!(core(&a), core(&c));
        assert_eq!(a.statements, b.statements, "action and detail agree too");
        assert_eq!(a.statements[0].status, VexStatus::NotAffected);
        assert_eq!(
            a.statements[0].justification,
            Some(Justification::VulnerableCodeNotInExecutePath)
        );
        assert_eq!(a.statements[1].action.as_deref(), Some("Update to 2.0.1"));
        assert!(a.spans.iter().all(|s| s.line > 0));
    }

    // A `not_affected` without a reason is not valid VEX in any format.
    #[test]
    fn csaf_product_groups_carry_flags_and_remediations() {
        // The same document, with flags and remediations naming a product group.
        let grouped = csaf()
            .replace(
                r#""relationships": ["#,
                r#""product_groups": [ { "group_id": "G-TLS", "product_ids": ["FW:TLS"] } ],
    "relationships": ["#,
            )
            .replace(
                r#""label": "vulnerable_code_not_in_execute_path", "product_ids": ["FW:TLS"]"#,
                r#""label": "vulnerable_code_not_in_execute_path", "group_ids": ["G-TLS"]"#,
            )
            .replace(
                r#""details": "Update to 2.0.1", "product_ids": ["FW:TLS"]"#,
                r#""details": "Update to 2.0.1", "group_ids": ["G-TLS"]"#,
            );
        assert!(grouped.contains("group_ids") && grouped.contains("product_groups"));
        let direct = read(&csaf()).expect("csaf");
        let by_group = read(&grouped).expect("grouped csaf");
        assert!(by_group.invalid.is_empty(), "{:?}", by_group.invalid);
        assert_eq!(core(&by_group), core(&direct));
        assert_eq!(
            by_group.statements[0].justification,
            Some(Justification::VulnerableCodeNotInExecutePath)
        );
        assert_eq!(
            by_group.statements[1].action.as_deref(),
            Some("Update to 2.0.1")
        );
    }

    #[test]
    fn not_affected_needs_a_reason() {
        let text = openvex().replace(
            r#""justification": "vulnerable_code_not_in_execute_path""#,
            r#""status_notes": "x""#,
        );
        let doc = read(&text).expect("reads");
        assert_eq!(doc.statements.len(), 1);
        assert!(
            doc.invalid[0].0.contains("without a justification"),
            "{:?}",
            doc.invalid
        );
        let text = csaf().replace("vulnerable_code_not_in_execute_path", "no_such_label");
        let doc = read(&text).expect("reads");
        assert!(
            doc.invalid.iter().any(|(m, _)| m.contains("no_such_label")),
            "{:?}",
            doc.invalid
        );
    }

    // Versions and formats that are not what they claim are refused with a reason.
    #[test]
    fn refuses_unknown_versions_and_shapes() {
        let err = read(&openvex().replace("v0.2.0", "v9.0.0")).expect_err("version");
        assert!(err.message.contains("OpenVEX"), "{}", err.message);
        let err = read(&csaf().replace(r#""csaf_version": "2.0""#, r#""csaf_version": "3.0""#))
            .expect_err("csaf");
        assert!(err.message.contains("3.0"), "{}", err.message);
        let err = read(&cyclonedx().replace(r#""specVersion": "1.6""#, r#""specVersion": "1.1""#))
            .expect_err("cdx");
        assert!(err.message.contains("1.1"), "{}", err.message);
        let err = read(r#"{"statements": []}"#).expect_err("unknown");
        assert!(err.message.contains("not OpenVEX"), "{}", err.message);
        let err = read("{\n  \"@context\": ").expect_err("truncated");
        assert_eq!(err.span.line, 2);
        let err =
            read(&openvex().replace(r#""status": "affected""#, r#""status": 7"#)).expect("reads");
        assert!(
            err.invalid.iter().any(|(m, _)| m.contains("status")),
            "{:?}",
            err.invalid
        );
    }
}

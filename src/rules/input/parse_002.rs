use crate::rules::{Check, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every artifact matches the schema of its kind: a known `kind`, the required fields
    /// (`id`, `kind`, `title`, `status` and the kind's own), no unknown fields, values of the
    /// right type and vocabulary, dates written as `YYYY-MM-DD`, and an ID that starts with
    /// the kind's prefix (`THR-`, `RSK-`, `CTL-`...).
    ///
    /// ## Why it matters
    /// A misspelt field is a field the checks never see: `mitigate:` instead of `mitigates:`
    /// would make a control look unlinked, or worse, a risk look controlled. Rejecting unknown
    /// fields turns such typos into findings.
    ///
    /// ## Example
    /// ```yaml
    /// id: CTL-001
    /// kind: security_control
    /// title: Signed firmware
    /// status: approved
    /// category: integrity
    /// state: implemented
    /// mitigate: [THR-001]
    /// ```
    /// Passes instead:
    /// ```yaml
    /// mitigates: [THR-001]
    /// ```
    ///
    /// ## How to fix
    /// Follow the did-you-mean hint, or look the kind up in `schemas/` (point your editor's
    /// YAML language server at them to get completion while you type).
    ///
    /// ## References
    /// ISO 13485 4.2.4 (identification of documents), 4.2.5 (records).
    pub static PARSE_002 = {
        code: "PARSE-002",
        name: "invalid-artifact",
        severity: Error,
        citation: "13485 4.2.4, 4.2.5",
        fix_hint: "Correct the field as the schema of the kind says",
        check: Check::Stage,
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [],
    }
}

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The manifest `dossier.yaml` is valid: it names the device (the ID of a `device`
    /// artifact) and the release (equal to the device's `release_version`), a known profile,
    /// valid exclude globs and output folder, rule overrides that name real rules and carry a
    /// justification and an approver, and waivers with a justification, approver and dates
    /// in order.
    ///
    /// ## Why it matters
    /// The manifest decides which evidence is in scope and which rules apply. An override or
    /// waiver without a justification and an approver is an undocumented deviation, which an
    /// auditor will ask about.
    ///
    /// ## Example
    /// ```yaml
    /// device: DEV-PUMP
    /// release: 2.4.0
    /// rules:
    ///   CTRL-003: { severity: info }
    /// ```
    /// Passes instead:
    /// ```yaml
    /// rules:
    ///   CTRL-003:
    ///     severity: info
    ///     justification: Crypto parameters are reviewed in the architecture review.
    ///     approved_by: J. Rivera (QA/RA)
    /// ```
    ///
    /// ## How to fix
    /// Correct the manifest entry at the reported line; `dossier rules` lists the rule codes.
    ///
    /// ## References
    /// QMSR 820.10(a) (documented quality system); ISO 13485 4.2.4.
    pub static CONFIG_001 = {
        code: "CONFIG-001",
        name: "invalid-manifest",
        severity: Error,
        citation: "QMSR 820.10(a); 13485 4.2.4",
        fix_hint: "Correct dossier.yaml",
        check: Check::Stage,
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [],
    }
}

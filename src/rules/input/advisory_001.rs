use crate::rules::{Check, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The advisory sources given to the check can be used: every file in the advisories
    /// folder (`--advisories DIR` or `parameters.advisories`) is an OSV record (or an array of
    /// them) in valid JSON, every version range in a record that a component is matched
    /// against parses in its ecosystem's ordering, and every component purl parses.
    ///
    /// ## Why it matters
    /// An advisory file that cannot be read, or a component whose purl cannot be matched,
    /// silently hides known vulnerabilities: the check would say "nothing found" when it
    /// never looked. PMC §V.A.4(b) expects every known vulnerability to be assessed, which
    /// starts with finding it.
    ///
    /// ## Example
    /// `advisories/GHSA-xxxx.json` is truncated half-way; or a component's purl is
    /// `pkg:/lwip@2.1.2` (no type).
    ///
    /// Passes instead: a complete OSV record; `pkg:github/lwip-tcpip/lwip@2.1.2`.
    ///
    /// ## How to fix
    /// Re-download the advisory export, or correct the purl in the SBOM (see
    /// <https://github.com/package-url/purl-spec>).
    ///
    /// ## References
    /// PMC §V.A.4(b) (known vulnerabilities); 524B(b)(3).
    pub static ADVISORY_001 = {
        code: "ADVISORY-001",
        name: "unusable-advisory-input",
        severity: Error,
        citation: "PMC §V.A.4(b); 524B(b)(3)",
        fix_hint: "Fix the advisory file or the purl",
        check: Check::Stage,
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [],
    }
}

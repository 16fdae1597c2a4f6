use crate::rules::{Check, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// No waiver has passed its `expires` date at the evaluation date (`--as-of`, default
    /// today). An expired waiver no longer accepts its finding, so the finding is open again.
    ///
    /// ## Why it matters
    /// Time-limited deviations are how teams accept a gap until a planned fix ships. When the
    /// date passes, the deviation must be renewed with a fresh justification or closed.
    ///
    /// ## Example
    /// ```yaml
    /// waivers:
    ///   - rule: CTRL-002
    ///     artifact: CTL-014
    ///     justification: Test rig delivery delayed; verified by analysis.
    ///     approved_by: J. Rivera
    ///     date: 2026-01-10
    ///     expires: 2026-03-31
    /// ```
    /// Passes instead: a later `expires`, renewed with a new `date` and justification.
    ///
    /// ## How to fix
    /// Close the gap and delete the waiver, or renew it with a new justification and approval.
    ///
    /// ## References
    /// ISO 13485 4.2.5 (control of records).
    pub static WAIVER_002 = {
        code: "WAIVER-002",
        name: "expired-waiver",
        severity: Error,
        citation: "13485 4.2.5",
        fix_hint: "Close the gap, or renew the waiver",
        check: Check::Stage,
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of WAIVER-002 (given when the waivers are applied, after the rules).
    pub enum Message in MESSAGES;
    /// A waiver past its `expires:` date.
    Expired { rule: String, artifact: String, expires: String } => "the waiver of {rule} for {artifact} expired on {expires}";
}

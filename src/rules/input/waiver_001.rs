use crate::rules::{Check, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every waiver in the manifest matches at least one finding: the rule it names reports
    /// something about the artifact it names. A finding about the dossier as a whole (a
    /// control category, labeling topic or architecture view with nothing in it) is about
    /// the device artifact: its waiver names the device's ID in `artifact:`.
    ///
    /// ## Why it matters
    /// A waiver that matches nothing is stale: the gap it covered was closed, or the waiver
    /// names the wrong artifact and the real finding is still open. Stale deviations in a
    /// submission invite questions that have no good answer.
    ///
    /// ## Example
    /// ```yaml
    /// waivers:
    ///   - rule: CTRL-002
    ///     artifact: CTL-099        # no such finding
    ///     justification: Verified by analysis.
    ///     approved_by: J. Rivera
    ///     date: 2026-05-01
    /// ```
    /// Passes instead: remove the waiver, or name the artifact the finding is about.
    ///
    /// ## How to fix
    /// Delete the waiver once the gap is closed, or correct its `rule` or `artifact`.
    ///
    /// ## References
    /// ISO 13485 4.2.5 (control of records).
    pub static WAIVER_001 = {
        code: "WAIVER-001",
        name: "unused-waiver",
        severity: Warning,
        citation: "13485 4.2.5",
        fix_hint: "Remove the waiver or correct what it names",
        check: Check::Stage,
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of WAIVER-001 (given when the waivers are applied, after the rules).
    pub enum Message in MESSAGES;
    /// A waiver that no finding matches.
    Unmatched { rule: String, artifact: String } => "the waiver of {rule} for {artifact} matches no finding";
}

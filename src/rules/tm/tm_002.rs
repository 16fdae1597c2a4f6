use crate::model::{Body, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every current threat has a `category` (a STRIDE letter or a category of the team's
    /// declared taxonomy), an `attack_vector`, at least one target in `assets:` and at least
    /// one way in through `entry_interfaces:`. Whether those IDs resolve is TRACE-002.
    ///
    /// ## Why it matters
    /// A threat without an asset and an entry point cannot be traced to the architecture, and
    /// without a vector it cannot be scored for exploitability.
    ///
    /// ## Example
    /// ```yaml
    /// - id: THR-003
    ///   kind: threat
    ///   title: Malicious firmware through the update path
    ///   status: approved
    ///   category: T
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   assets: [AST-001]
    ///   entry_interfaces: [IF-002, IF-003]
    ///   attack_vector: network
    /// ```
    ///
    /// ## How to fix
    /// Fill the missing fields the message lists.
    ///
    /// ## References
    /// PMC §V.A.1; App. 2.B.
    pub static TM_002 = {
        code: "TM-002",
        name: "incomplete-threat",
        severity: Error,
        citation: "PMC §V.A.1; App. 2.B",
        fix_hint: "Fill the fields or fix the IDs",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of TM-002.
    pub enum Message in MESSAGES;
    /// A threat that lacks its category, attack vector, asset or entry interface.
    Incomplete { threat: String, missing: String } => "threat {threat} lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, threat) in ctx.current(Kind::Threat) {
        let Body::Threat(t) = &threat.body else {
            continue;
        };
        let mut missing = Vec::new();
        if t.category
            .as_ref()
            .is_none_or(|c| c.value.trim().is_empty())
        {
            missing.push("`category`");
        }
        if t.attack_vector.is_none() {
            missing.push("`attack_vector`");
        }
        if t.assets.is_empty() {
            missing.push("an asset in `assets`");
        }
        if t.entry_interfaces.is_empty() {
            missing.push("an entry interface in `entry_interfaces`");
        }
        if !missing.is_empty() {
            out.report(
                i,
                Default::default(),
                Message::Incomplete {
                    threat: threat.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
    }
}

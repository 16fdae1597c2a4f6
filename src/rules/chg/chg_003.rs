use crate::model::{Body, ChangeClass, CyberImpact, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A change record classed as touching authentication, cryptography, connectivity or the
    /// update mechanism (`change_class`) is not marked `cyber_impact: unlikely`.
    ///
    /// ## Why it matters
    /// FDA gives these as examples of changes that may impact cybersecurity; a modification
    /// submission that calls such a change low-impact would supply only the reduced content
    /// of PMC §VII.D.2 where the full set is expected.
    ///
    /// ## Example
    /// ```yaml
    /// - id: CR-001
    ///   kind: change_record
    ///   change_class: [auth]
    ///   cyber_impact: unlikely
    /// ```
    /// Passes instead: `cyber_impact: may_impact`, with the full documentation.
    ///
    /// ## How to fix
    /// Reclassify, and supply the full set of documentation.
    ///
    /// ## References
    /// PMC §VII.D.1.
    pub static CHG_003 = {
        code: "CHG-003",
        name: "misclassified-security-change",
        severity: Warning,
        citation: "PMC §VII.D.1",
        fix_hint: "Reclassify; supply the full set",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of CHG-003.
    pub enum Message in MESSAGES;
    /// A change to security functions marked unlikely to impact cybersecurity.
    Misclassified { change: String, classes: String } => "change {change} touches {classes} but is marked unlikely to impact cybersecurity";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, record) in ctx.current(Kind::ChangeRecord) {
        let Body::ChangeRecord(c) = &record.body else {
            continue;
        };
        let Some(impact) = c
            .cyber_impact
            .as_ref()
            .filter(|x| x.value == CyberImpact::Unlikely)
        else {
            continue;
        };
        let security: Vec<&str> = c
            .change_class
            .iter()
            .filter(|k| {
                matches!(
                    k.value,
                    ChangeClass::Auth
                        | ChangeClass::Crypto
                        | ChangeClass::Connectivity
                        | ChangeClass::UpdateMechanism
                )
            })
            .map(|k| k.value.as_str())
            .collect();
        if !security.is_empty() {
            out.report(
                i,
                impact.span,
                Message::Misclassified {
                    change: record.id().into(),
                    classes: security.join(", "),
                },
            );
        }
    }
}

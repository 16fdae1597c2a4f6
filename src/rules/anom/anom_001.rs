use crate::model::Kind;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The release has a list of unresolved anomalies: at least one current `anomaly`
    /// artifact, or, when there are none, an explicit `no_unresolved_anomalies: true` on the
    /// device. Stating both is a contradiction.
    ///
    /// ## Why it matters
    /// FDA asks for the security assessment of every unresolved anomaly. An empty list is a
    /// valid answer only when it is written down; silence reads as "not looked at".
    ///
    /// ## Example
    /// A dossier with no `anomaly` artifacts and no statement on the device.
    ///
    /// Passes instead:
    /// ```yaml
    /// id: DEV-LUMEN
    /// kind: device
    /// no_unresolved_anomalies: true
    /// ```
    ///
    /// ## How to fix
    /// Add the anomaly list, or state explicitly that it is empty.
    ///
    /// ## References
    /// PMC §V.A.5.
    pub static ANOM_001 = {
        code: "ANOM-001",
        name: "missing-anomaly-list",
        severity: Error,
        citation: "PMC §V.A.5",
        fix_hint: "Add the list",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of ANOM-001.
    pub enum Message in MESSAGES;
    /// No anomaly listed, and none declared absent.
    NoList => "the release has no unresolved-anomaly list",
        help: "add the `anomaly` artifacts, or `no_unresolved_anomalies: true` on the device if there are none";
    /// Anomalies listed although the device declares there are none.
    ListedDespiteFlag { anomalies: usize } => "`no_unresolved_anomalies` is true, but the dossier lists {anomalies} anomalies";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let Some((d, device)) = ctx.device() else {
        return;
    };
    let anomalies = ctx.current(Kind::Anomaly).count();
    let declared_empty = device.no_unresolved_anomalies.as_ref().filter(|v| v.value);
    match (anomalies, declared_empty) {
        (0, None) => {
            out.report(d, Default::default(), Message::NoList);
        }
        (n, Some(flag)) if n > 0 => {
            out.report(d, flag.span, Message::ListedDespiteFlag { anomalies: n });
        }
        _ => {}
    }
}

use crate::metrics;
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The three total-product-life-cycle metrics can be computed for the prior marketed
    /// versions (the device's `fielded_versions`): every fielded version has a `releases`
    /// entry with its release `date` and the date it reached the field (`deployed_on`), and
    /// every patched vulnerability that affected a fielded version has a `learned_date`.
    /// From these, `dossier` computes the percentage of vulnerabilities patched, the mean
    /// time from identification to patch, and the mean time from patch to deployment.
    ///
    /// ## Why it matters
    /// FDA asks for these metrics to judge how well the manufacturer's processes work in the
    /// field; without the dates they cannot be computed, only estimated.
    ///
    /// ## Example
    /// ```yaml
    /// fielded_versions: [2.3.0, 2.3.1]
    /// releases:
    ///   - { version: 2.3.0, date: 2025-06-02 }
    /// ```
    /// Passes instead: both releases with `date` and `deployed_on`.
    ///
    /// ## How to fix
    /// Record the release and deployment dates.
    ///
    /// ## References
    /// PMC §V.A.6.
    pub static MET_001 = {
        code: "MET-001",
        name: "metrics-inputs-missing",
        severity: Warning,
        citation: "PMC §V.A.6",
        fix_hint: "Record the release and deployment dates",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of MET-001.
    pub enum Message in MESSAGES;
    /// Metrics that lack the data they are computed from.
    Uncomputable { missing: String } => "the postmarket metrics cannot be computed: {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let Some((d, device)) = ctx.device() else {
        return;
    };
    let computed = metrics::compute(ctx.artifacts, ctx.graph, device);
    if !computed.missing.is_empty() {
        out.report(
            d,
            Default::default(),
            Message::Uncomputable {
                missing: computed.missing.join("; "),
            },
        );
    }
}

use crate::model::{Body, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Likelihood is scored as exploitability, not as a probability: exploitability levels
    /// that read as probabilities (`probable`, `remote`, `frequent`, percentages, rates) are
    /// flagged. And premarket, exploitability is assumed at its worst case: a `pre`
    /// exploitability below the highest level of the plan's scale needs a
    /// `worst_case_justification` (and `worst_case_assumed: true` must mean the highest level).
    ///
    /// ## Why it matters
    /// Security risks are not random failures: FDA and AAMI TIR57 ask for exploitability-based
    /// scoring, and for worst-case assumptions before a device is in the field, because
    /// attackers choose their targets.
    ///
    /// ## Example
    /// ```yaml
    ///   pre: { exploitability: remote, severity: critical }
    /// ```
    /// Passes instead:
    /// ```yaml
    ///   pre: { exploitability: medium, severity: critical }
    ///   worst_case_justification: Needs physical access to the keypad; see PLAN-001 §3.
    /// ```
    ///
    /// ## How to fix
    /// Re-score with exploitability levels, or justify the lower-than-worst-case score.
    ///
    /// ## References
    /// PMC §V.A.2; PMK §VI.A; AAMI TIR57, ANSI/AAMI SW96.
    pub static RISK_003 = {
        code: "RISK-003",
        name: "probability-based-likelihood",
        severity: Warning,
        citation: "PMC §V.A.2; PMK §VI.A; TIR57/SW96",
        fix_hint: "Re-score, or justify",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of RISK-003.
    pub enum Message in MESSAGES;
    /// An exploitability level that reads as a probability.
    Probability { level: String } => "`{level}` reads as a probability, not an exploitability",
        help: "score likelihood as exploitability (how easy the attack is), as the plan's scale says";
    /// A risk that claims the worst case but scores below it before mitigation.
    WorstCaseNotAssumed { level: String, worst: String } => "`worst_case_assumed` is true but the pre-mitigation exploitability `{level}` is below the worst case `{worst}`";
    /// A pre-mitigation exploitability below the worst case, with no justification.
    BelowWorstCase { level: String, worst: String } => "pre-mitigation exploitability `{level}` is below the worst case `{worst}` without a justification",
        help: "add `worst_case_justification:`, or score at the worst case";
}

const PROBABILITY_WORDS: &[&str] = &[
    "probable",
    "improbable",
    "frequent",
    "occasional",
    "remote",
    "incredible",
    "likely",
    "unlikely",
    "rare",
    "per year",
    "per hour",
    "per use",
    "%",
    "1e-",
    "10^",
];

fn probabilistic(value: &str) -> bool {
    let v = value.to_lowercase();
    PROBABILITY_WORDS.iter().any(|w| v.contains(w))
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, risk) in ctx.current(Kind::SecurityRisk) {
        let Body::SecurityRisk(r) = &risk.body else {
            continue;
        };
        for score in [&r.pre, &r.post].into_iter().flatten() {
            if let Some(e) = &score.exploitability
                && probabilistic(&e.value)
            {
                out.report(
                    i,
                    e.span,
                    Message::Probability {
                        level: e.value.trim().into(),
                    },
                );
            }
        }
        let Some(pre) = r.pre.as_ref().and_then(|p| p.exploitability.as_ref()) else {
            continue;
        };
        let Some(worst) = ctx
            .scoring_plan(i)
            .and_then(|(_, p)| p.scales.as_ref())
            .and_then(|s| s.exploitability.last())
        else {
            continue;
        };
        let at_worst = pre.value.trim().eq_ignore_ascii_case(worst.value.trim());
        let justified = r
            .worst_case_justification
            .as_ref()
            .is_some_and(|j| !j.value.trim().is_empty());
        if !at_worst && r.worst_case_assumed.as_ref().is_some_and(|w| w.value) {
            out.report(
                i,
                pre.span,
                Message::WorstCaseNotAssumed {
                    level: pre.value.trim().into(),
                    worst: worst.value.trim().into(),
                },
            );
        } else if !at_worst && !justified {
            out.report(
                i,
                pre.span,
                Message::BelowWorstCase {
                    level: pre.value.trim().into(),
                    worst: worst.value.trim().into(),
                },
            );
        }
    }
}

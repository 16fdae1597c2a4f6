use crate::model::{Body, ControlCategory, ControlState, Kind, NaSubjectType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Each of the eight security control categories of PMC Appendix 1 — authentication;
    /// authorization; cryptography; code, data and execution integrity; confidentiality; event
    /// detection and logging; resiliency and recovery; updatability and patchability — has at
    /// least one implemented control, or an approved `na_justification` with
    /// `subject_type: control_category`.
    ///
    /// ## Why it matters
    /// FDA reviews the security architecture category by category. A category with no
    /// control and no reason is read as an oversight.
    ///
    /// ## Example
    /// A dossier whose controls cover seven categories but not `event_detection_logging`.
    ///
    /// Passes instead:
    /// ```yaml
    /// - id: CTL-007
    ///   kind: security_control
    ///   title: Tamper-evident security event log
    ///   category: event_detection_logging
    ///   state: implemented
    /// ```
    ///
    /// ## How to fix
    /// Add a control in the category, or a justified N/A.
    ///
    /// ## References
    /// PMC §V.B.1; App. 1.
    pub static CTRL_001 = {
        code: "CTRL-001",
        name: "uncovered-control-category",
        severity: Error,
        citation: "PMC §V.B.1; App. 1",
        fix_hint: "Add a control or a justification",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of CTRL-001.
    pub enum Message in MESSAGES;
    /// A control category with no implemented control and no approved N/A.
    Uncovered { category: String } => "control category `{category}` has no implemented control and no approved N/A";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for &category in ControlCategory::ALL {
        let covered = ctx.current(Kind::SecurityControl).any(|(_, a)| {
            matches!(&a.body, Body::SecurityControl(c) if c.category.value == category && c.state.value == ControlState::Implemented)
        });
        if !covered && !ctx.not_applicable(NaSubjectType::ControlCategory, category.as_str()) {
            out.report_dossier(Message::Uncovered {
                category: category.to_string(),
            });
        }
    }
}

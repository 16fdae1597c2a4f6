use crate::model::{Body, Kind, Relation, ViewType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// At least one `security_use_case` view exists. Every use-case view has a diagram, an
    /// explanation and the operational and clinical `states` it covers. Every essential or
    /// clinical function named on an asset (`essential_functions`) is covered by a use-case
    /// view's `clinical_functions`, and every used external interface appears in some view.
    ///
    /// ## Why it matters
    /// Use-case views show security in the situations where patients are at stake: how a
    /// clinical function stays safe in each operational and clinical state. How many are
    /// enough scales with the risk.
    ///
    /// ## Example
    /// Asset AST-001 lists the essential function "occlusion and air-in-line alarms", but no
    /// use-case view covers it.
    ///
    /// Passes instead: a use-case view with `clinical_functions: [occlusion and air-in-line alarms]`.
    ///
    /// ## How to fix
    /// Add use-case views, or the missing functions, states and interfaces to them.
    ///
    /// ## References
    /// PMC §V.B.2(d).
    pub static ARCH_004 = {
        code: "ARCH-004",
        name: "missing-security-use-case-view",
        severity: Error,
        citation: "PMC §V.B.2(d)",
        fix_hint: "Add views",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_IDE,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES, super::VIEW_MESSAGES],
    }
}

messages! {
    /// The findings of ARCH-004.
    pub enum Message in MESSAGES;
    /// The dossier has no security use-case view.
    NoView => "the dossier has no security use-case view";
    /// A use-case view without its operational and clinical states.
    NoStates { view: String } => "use-case view {view} does not list its operational and clinical states",
        help: "add `states: {{ operational: [...], clinical: [...] }}`";
    /// An essential function of an asset that no use-case view covers.
    FunctionNotCovered { function: String, asset: String } => "essential function `{function}` of {asset} is covered by no use-case view";
    /// A used external interface that no architecture view shows.
    InterfaceNotShown { interface: String } => "external interface {interface} appears in no architecture view";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let views = ctx.views(ViewType::SecurityUseCase);
    if views.is_empty() {
        out.report_dossier(Message::NoView);
        return;
    }
    super::check_view_basics(ctx, out, &views);
    for &(i, view) in &views {
        let states = view.states.as_ref();
        if states.is_none_or(|s| s.operational.is_empty() || s.clinical.is_empty()) {
            out.report(
                i,
                view.view_type.span,
                Message::NoStates {
                    view: ctx.artifact(i).id().into(),
                },
            );
        }
    }
    let covered = |function: &str| {
        views.iter().any(|(_, v)| {
            v.clinical_functions
                .iter()
                .any(|f| f.value.trim().eq_ignore_ascii_case(function.trim()))
        })
    };
    for (a, asset) in ctx.current(Kind::Asset) {
        let Body::Asset(body) = &asset.body else {
            continue;
        };
        for function in &body.essential_functions {
            if !covered(&function.value) {
                out.report(
                    a,
                    function.span,
                    Message::FunctionNotCovered {
                        function: function.value.trim().into(),
                        asset: asset.id().into(),
                    },
                );
            }
        }
    }
    for (i, interface) in ctx.current(Kind::Interface) {
        if ctx.is_used_external(i)
            && ctx
                .graph
                .sources(i, Relation::ViewInterface)
                .next()
                .is_none()
        {
            out.report(
                i,
                Default::default(),
                Message::InterfaceNotShown {
                    interface: interface.id().into(),
                },
            );
        }
    }
}

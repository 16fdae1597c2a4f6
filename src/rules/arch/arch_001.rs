use crate::model::{Kind, ViewType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A `global_system` architecture view exists, with at least one diagram (a file in the
    /// dossier) and an explanation, and together the global views show every current asset
    /// and every used communication path: the device, the update infrastructure, the cloud,
    /// the hospital network, intermediaries and the home network, where they exist.
    ///
    /// ## Why it matters
    /// The global system view is the map every other section is read against; an element
    /// missing from it is an element the reviewer cannot place.
    ///
    /// ## Example
    /// A `global_system` view listing the pump and the gateway but not the cloud update
    /// service AST-006.
    ///
    /// Passes instead: `assets:` naming every asset, `interfaces:` every used path.
    ///
    /// ## How to fix
    /// Add the view, or the missing elements to it.
    ///
    /// ## References
    /// PMC §V.B.2(a).
    pub static ARCH_001 = {
        code: "ARCH-001",
        name: "incomplete-global-system-view",
        severity: Error,
        citation: "PMC §V.B.2(a)",
        fix_hint: "Add the view or its elements",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_IDE,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES, super::VIEW_MESSAGES],
    }
}

messages! {
    /// The findings of ARCH-001.
    pub enum Message in MESSAGES;
    /// The dossier has no global system view.
    NoView => "the dossier has no global system view";
    /// Current assets or used interfaces that no global system view shows.
    NotShown { missing: String } => "the global system view does not show {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let views = ctx.views(ViewType::GlobalSystem);
    if views.is_empty() {
        out.report_dossier(Message::NoView);
        return;
    }
    super::check_view_basics(ctx, out, &views);
    let shown = |id: &str, pick: fn(&crate::model::ArchitectureView) -> &Vec<crate::model::Id>| {
        views
            .iter()
            .any(|(_, v)| pick(v).iter().any(|x| x.value.trim() == id))
    };
    let first = views[0].0;
    let mut missing = Vec::new();
    for (_, asset) in ctx.current(Kind::Asset) {
        if !shown(asset.id(), |v| &v.assets) {
            missing.push(asset.id().to_string());
        }
    }
    for (_, interface) in ctx.current(Kind::Interface) {
        let used = matches!(&interface.body, crate::model::Body::Interface(f) if f.in_use.as_ref().is_none_or(|u| u.value));
        if used && !shown(interface.id(), |v| &v.interfaces) {
            missing.push(interface.id().to_string());
        }
    }
    if !missing.is_empty() {
        out.report(
            first,
            Default::default(),
            Message::NotShown {
                missing: missing.join(", "),
            },
        );
    }
}

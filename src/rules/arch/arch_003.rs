use crate::model::{Body, ControlCategory, Kind, Payload, Relation, ViewType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// An `updatability_patchability` view exists (with a diagram and an explanation) that
    /// traces the update path end to end: it shows every used communication path that
    /// carries code, and the assets at both ends of each — including hops the manufacturer
    /// does not control — and it links at least one control of category `integrity` or
    /// `updatability_patchability`.
    ///
    /// ## Why it matters
    /// The update path is how every fix reaches the field and also how an attacker could
    /// reach every device. Reviewers check that update integrity does not depend on hops the
    /// manufacturer does not control.
    ///
    /// ## Example
    /// An update view listing the cloud service and the pump but not the hospital gateway
    /// (IF-002 carries code through it).
    ///
    /// Passes instead: the view lists IF-002 and AST-005 as well.
    ///
    /// ## How to fix
    /// Add the view, its missing hops, or its integrity controls.
    ///
    /// ## References
    /// PMC §V.B.2(c); App. 1.
    pub static ARCH_003 = {
        code: "ARCH-003",
        name: "incomplete-update-view",
        severity: Error,
        citation: "PMC §V.B.2(c); App. 1",
        fix_hint: "Add the view",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_IDE,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES, super::VIEW_MESSAGES],
    }
}

messages! {
    /// The findings of ARCH-003.
    pub enum Message in MESSAGES;
    /// The dossier has no updatability and patchability view.
    NoView => "the dossier has no updatability and patchability view";
    /// Interfaces or assets on the code path that no update view shows.
    NotShown { missing: String } => "the update view does not show {missing} on the code path";
    /// No update view links an integrity or updatability control.
    NoIntegrityControl => "the update view links no update-integrity control",
        help: "list the integrity or updatability controls (signing, secure boot) in `controls:`";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let views = ctx.views(ViewType::UpdatabilityPatchability);
    if views.is_empty() {
        out.report_dossier(Message::NoView);
        return;
    }
    super::check_view_basics(ctx, out, &views);
    let in_views = |rel: Relation, target: usize| {
        views
            .iter()
            .any(|(v, _)| ctx.graph.targets(*v, rel).any(|t| t == target))
    };
    let first = views[0].0;
    let mut missing = Vec::new();
    for (i, interface) in ctx.current(Kind::Interface) {
        let Body::Interface(f) = &interface.body else {
            continue;
        };
        let carries_code = f.carries.iter().any(|c| c.value == Payload::Code)
            && f.in_use.as_ref().is_none_or(|u| u.value);
        if !carries_code {
            continue;
        }
        if !in_views(Relation::ViewInterface, i) {
            missing.push(interface.id().to_string());
        }
        for endpoint in ctx
            .graph
            .targets(i, Relation::InterfaceEndpoint)
            .chain(ctx.graph.targets(i, Relation::InterfaceVia))
        {
            let id = ctx.artifact(endpoint).id().to_string();
            if !in_views(Relation::ViewAsset, endpoint) && !missing.contains(&id) {
                missing.push(id);
            }
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
    let integrity = views.iter().any(|(v, _)| {
        ctx.graph.targets(*v, Relation::ViewControl).any(|c| {
            matches!(&ctx.artifact(c).body, Body::SecurityControl(sc)
                if matches!(sc.category.value, ControlCategory::Integrity | ControlCategory::UpdatabilityPatchability))
        })
    });
    if !integrity {
        out.report(first, Default::default(), Message::NoIntegrityControl);
    }
}

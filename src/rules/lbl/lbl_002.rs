use crate::model::{Body, Kind, LabelingTopic, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The labeling matches the graph. The `ports_interfaces` labeling lists exactly the used
    /// external communication paths in `interfaces:` (none missing, none extra). When the
    /// device states a `planned_end_of_support`, an `end_of_support` labeling item exists.
    /// When the dossier has an SBOM, the `sbom_access` labeling item says where users get the
    /// machine-readable file.
    ///
    /// ## Why it matters
    /// Labeling drifts from the design: a port added late, or an end-of-support date changed,
    /// leaves users with wrong instructions.
    ///
    /// ## Example
    /// The port list labeling names IF-001 and IF-002, but the USB service port IF-004 is an
    /// external path in use.
    ///
    /// Passes instead: `interfaces: [IF-001, IF-002, IF-003, IF-004]`.
    ///
    /// ## How to fix
    /// Sync the labeling with the dossier.
    ///
    /// ## References
    /// PMC §VI.A.
    pub static LBL_002 = {
        code: "LBL-002",
        name: "labeling-out-of-sync",
        severity: Warning,
        citation: "PMC §VI.A",
        fix_hint: "Sync the labeling",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of LBL-002.
    pub enum Message in MESSAGES;
    /// Used external paths the port list labeling does not list.
    PortsOmitted { interfaces: String } => "the port list labeling omits {interfaces}";
    /// Interfaces the port list labeling lists that are not used external paths.
    PortsExtra { interfaces: String } => "the port list labeling lists {interfaces}, which is not a used external path";
    /// A planned end of support that no labeling states.
    EndOfSupportUnlabeled => "the device has a planned end of support, but no labeling states it";
    /// An SBOM that no labeling tells users how to get.
    SbomAccessUnlabeled => "the dossier has an SBOM, but no labeling says how users get it";
    /// An SBOM access labeling item without a locator.
    SbomAccessNoLocator => "the SBOM access labeling does not say where the file is";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let items_of = |topic: LabelingTopic| -> Vec<usize> {
        ctx.current(Kind::LabelingItem)
            .filter(|(_, a)| matches!(&a.body, Body::LabelingItem(l) if l.topic.value == topic))
            .map(|(i, _)| i)
            .collect()
    };
    let port_items = items_of(LabelingTopic::PortsInterfaces);
    if let Some(&first) = port_items.first() {
        let listed: Vec<usize> = port_items
            .iter()
            .flat_map(|&i| ctx.graph.targets(i, Relation::LabelingInterface))
            .collect();
        let used: Vec<usize> = ctx
            .current(Kind::Interface)
            .map(|(i, _)| i)
            .filter(|&i| ctx.is_used_external(i))
            .collect();
        let missing: Vec<&str> = used
            .iter()
            .filter(|i| !listed.contains(i))
            .map(|&i| ctx.artifact(i).id())
            .collect();
        if !missing.is_empty() {
            out.report(
                first,
                Default::default(),
                Message::PortsOmitted {
                    interfaces: missing.join(", "),
                },
            );
        }
        let extra: Vec<&str> = listed
            .iter()
            .filter(|i| !used.contains(i))
            .map(|&i| ctx.artifact(i).id())
            .collect();
        if !extra.is_empty() {
            out.report(
                first,
                Default::default(),
                Message::PortsExtra {
                    interfaces: extra.join(", "),
                },
            );
        }
    }
    if let Some((d, device)) = ctx.device()
        && device.planned_end_of_support.is_some()
        && items_of(LabelingTopic::EndOfSupport).is_empty()
    {
        let span = device
            .planned_end_of_support
            .as_ref()
            .map(|p| p.span)
            .unwrap_or_default();
        out.report(d, span, Message::EndOfSupportUnlabeled);
    }
    if ctx.current(Kind::Sbom).next().is_some() {
        match items_of(LabelingTopic::SbomAccess).first() {
            None => {
                out.report_dossier(Message::SbomAccessUnlabeled);
            }
            Some(&i) => {
                if let Body::LabelingItem(l) = &ctx.artifact(i).body
                    && l.locator.as_ref().is_none_or(|x| x.value.trim().is_empty())
                {
                    out.report(i, l.topic.span, Message::SbomAccessNoLocator);
                }
            }
        }
    }
}

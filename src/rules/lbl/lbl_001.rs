use crate::model::{Body, Kind, LabelingTopic, NaSubjectType};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Each of the fourteen cybersecurity labeling topics is covered by a current
    /// `labeling_item` with a document and a locator, or has an approved N/A
    /// (`subject_type: labeling_topic`): recommended user controls; user diagrams; ports and
    /// interfaces; infrastructure and secure deployment (including incident response); SBOM
    /// access; authorized software updates; security-event response and logging; protective
    /// features; backup and restore; configuration recovery; shipped secure configuration and
    /// risky changes; forensic logs; end of support and end of life; decommissioning and
    /// sanitization.
    ///
    /// ## Why it matters
    /// Users and hospital IT can only operate a device securely with this information; FDA
    /// reviews the labeling topic by topic, and labeling that omits a required element can
    /// make the device misbranded (502(f)).
    ///
    /// ## Example
    /// No labeling item with `topic: decommissioning`.
    ///
    /// Passes instead:
    /// ```yaml
    /// - id: LBL-013
    ///   kind: labeling_item
    ///   topic: decommissioning
    ///   document: ifu
    ///   locator: "§12 Decommissioning: erasing bonds, keys and records"
    /// ```
    ///
    /// ## How to fix
    /// Add the labeling, or a justified N/A.
    ///
    /// ## References
    /// PMC §VI.A; FD&C Act 502(f).
    pub static LBL_001 = {
        code: "LBL-001",
        name: "missing-labeling-topic",
        severity: Error,
        citation: "PMC §VI.A; FD&C 502(f)",
        fix_hint: "Add the labeling",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_IDE,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of LBL-001.
    pub enum Message in MESSAGES;
    /// A labeling topic with no labeling item and no N/A.
    Uncovered { topic: String } => "labeling topic `{topic}` is covered by no labeling item and has no N/A";
    /// A labeling item without a document or a locator.
    NoLocation { item: String } => "labeling item {item} does not say where the topic is covered",
        help: "add `document:` and `locator:` (section, page or URL path)";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for &topic in LabelingTopic::ALL {
        let items: Vec<_> = ctx
            .current(Kind::LabelingItem)
            .filter(|(_, a)| matches!(&a.body, Body::LabelingItem(l) if l.topic.value == topic))
            .collect();
        if items.is_empty() {
            if !ctx.not_applicable(NaSubjectType::LabelingTopic, topic.as_str()) {
                out.report_dossier(Message::Uncovered {
                    topic: topic.to_string(),
                });
            }
            continue;
        }
        for (i, item) in items {
            let Body::LabelingItem(l) = &item.body else {
                continue;
            };
            if l.document.is_none() || l.locator.as_ref().is_none_or(|x| x.value.trim().is_empty())
            {
                out.report(
                    i,
                    l.topic.span,
                    Message::NoLocation {
                        item: item.id().into(),
                    },
                );
            }
        }
    }
}

use crate::model::{Body, EndOfSupport, Kind, LabelingTopic, SupportLevel};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A component whose support has already ended at the evaluation date, ends before the
    /// device's `planned_end_of_support`, or is not actively maintained needs three things:
    /// a security risk that assesses it (`risks:` in its addendum entry), an update or
    /// replacement plan (`replacement_plan:`), and end-of-support labeling (a labeling item
    /// with `topic: end_of_support`).
    ///
    /// ## Why it matters
    /// The device will outlive the component's support; the manufacturer must show how the
    /// resulting risk is assessed, how the component will be replaced, and how users are told.
    ///
    /// ## Example
    /// `mbedtls` with end of support 2027-03-31 in a device supported until 2034-12-31, and no
    /// addendum entry.
    ///
    /// Passes instead:
    /// ```yaml
    /// addendum:
    ///   - component: mbedtls
    ///     risks: [RSK-005]
    ///     replacement_plan: Move to the next Mbed TLS LTS branch in release 2.6.
    /// ```
    ///
    /// ## How to fix
    /// Plan a replacement and assess the risk.
    ///
    /// ## References
    /// PMC §V.A.4, App. 1 (updates), §VI.A.
    pub static SBOM_EOS_003 = {
        code: "SBOM-EOS-003",
        name: "unplanned-end-of-support",
        severity: Warning,
        citation: "PMC §V.A.4, App. 1 (updates), §VI.A",
        fix_hint: "Plan a replacement and assess the risk",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-EOS-003.
    pub enum Message in MESSAGES;
    /// A component whose support has ended, without all it needs.
    SupportEnded { component: String, missing: String, ended: String } => "component {component} needs {missing}: its support ended on {ended}";
    /// A component whose support ends before the device's, without all it needs.
    EndsBeforeDevice { component: String, missing: String, ends: String, device: String } => "component {component} needs {missing}: its support ends on {ends}, before the device's on {device}";
    /// A component not actively maintained, without all it needs.
    NotMaintained { component: String, missing: String, level: String } => "component {component} needs {missing}: it is {level}";
}

/// Why a component needs a plan: which finding it gets, with that finding's data.
enum Reason {
    /// Its support ended on this date.
    Ended(String),
    /// Its support ends on the first date, before the device's on the second.
    EndsBeforeDevice(String, String),
    /// Its level of support, in words.
    Level(String),
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let device_eos = ctx
        .device()
        .and_then(|(_, d)| d.planned_end_of_support.as_ref().map(|p| p.value));
    let labeled = ctx
        .current(Kind::LabelingItem)
        .any(|(_, a)| matches!(&a.body, Body::LabelingItem(l) if l.topic.value == LabelingTopic::EndOfSupport));
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else { continue };
        let Body::Sbom(sbom) = &ctx.artifact(loaded.artifact).body else {
            continue;
        };
        for c in &loaded.components {
            let eos = c.end_of_support.as_ref().and_then(|e| match e.value {
                EndOfSupport::Date(d) => Some(d),
                EndOfSupport::Unknown => None,
            });
            let reason = if eos.is_some_and(|d| d < ctx.as_of) {
                Reason::Ended(eos.map(|d| d.to_string()).unwrap_or_default())
            } else if let (Some(e), Some(dev)) = (eos, device_eos)
                && e < dev
            {
                Reason::EndsBeforeDevice(e.to_string(), dev.to_string())
            } else if let Some(level) = c.level_of_support.as_ref().filter(|l| {
                l.value != SupportLevel::ActivelyMaintained && l.value != SupportLevel::Unknown
            }) {
                Reason::Level(level.value.as_str().replace('_', " "))
            } else {
                continue;
            };
            let entry = loaded.addendum_entry(&sbom.addendum, c);
            let mut missing = Vec::new();
            if entry.is_none_or(|e| e.risks.is_empty()) {
                missing.push("a security risk (`risks`)");
            }
            if entry.is_none_or(|e| {
                e.replacement_plan
                    .as_ref()
                    .is_none_or(|p| p.value.trim().is_empty())
            }) {
                missing.push("a `replacement_plan`");
            }
            if !labeled {
                missing.push("end-of-support labeling");
            }
            if !missing.is_empty() {
                let component = c.label();
                let missing = missing.join(", ");
                let message = match reason {
                    Reason::Ended(ended) => Message::SupportEnded {
                        component,
                        missing,
                        ended,
                    },
                    Reason::EndsBeforeDevice(ends, device) => Message::EndsBeforeDevice {
                        component,
                        missing,
                        ends,
                        device,
                    },
                    Reason::Level(level) => Message::NotMaintained {
                        component,
                        missing,
                        level,
                    },
                };
                match entry {
                    Some(e) => out.report(loaded.artifact, e.component.span, message),
                    None => out.report_in(loaded.artifact, file, c.span, message),
                };
            }
        }
    }
}

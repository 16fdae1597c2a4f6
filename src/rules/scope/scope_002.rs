use crate::model::{Body, CyberConclusion, Kind, Medium};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// A device concluded to be *not* a cyber device while the dossier shows sponsor software
    /// and a used communication path whose medium FDA treats as the ability to connect to the
    /// internet: any network or cloud link, radio (Wi-Fi, Bluetooth, BLE, cellular, NFC),
    /// inductive link, USB, Ethernet or serial port. Also flags `internet_capable: true`
    /// with a "not a cyber device" conclusion.
    ///
    /// ## Why it matters
    /// FDA reads "ability to connect to the internet" broadly: a USB or serial port counts,
    /// intended or not. A negative determination that the dossier itself contradicts will be
    /// questioned; it is a judgement call, so this is a warning.
    ///
    /// ## Example
    /// ```yaml
    /// cyber_device:
    ///   sponsor_software: true
    ///   conclusion: not_cyber_device
    /// # ...while IF-004 is a USB port in use
    /// ```
    /// Passes instead: `conclusion: cyber_device`, or a rationale reviewed against the
    /// guidance and the finding waived with that justification.
    ///
    /// ## How to fix
    /// Revisit the determination, or record the justification as a waiver.
    ///
    /// ## References
    /// FD&C Act 524B(c); PMC §VII.B.
    pub static SCOPE_002 = {
        code: "SCOPE-002",
        name: "doubtful-non-cyber-determination",
        severity: Warning,
        citation: "524B(c); PMC §VII.B",
        fix_hint: "Revisit the determination, or justify it",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SCOPE-002.
    pub enum Message in MESSAGES;
    /// An internet-capable device concluded not to be a cyber device.
    InternetCapable => "the device is internet-capable but concluded not to be a cyber device";
    /// A device with sponsor software and a connecting interface concluded not to be a cyber device.
    Connects { interface: String, medium: String } => "the device runs sponsor software and connects through {interface} ({medium}), yet is concluded not to be a cyber device";
    /// Related to `Connects`: the interface that connects.
    ConnectingPath => "a path FDA counts as the ability to connect";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let Some((i, device)) = ctx.device() else {
        return;
    };
    let Some(cd) = &device.cyber_device else {
        return;
    };
    let Some(conclusion) = &cd.conclusion else {
        return;
    };
    if conclusion.value != CyberConclusion::NotCyberDevice {
        return;
    }
    if cd.internet_capable.as_ref().is_some_and(|v| v.value) {
        out.report(i, conclusion.span, Message::InternetCapable);
        return;
    }
    if !cd.sponsor_software.as_ref().is_some_and(|v| v.value) {
        return;
    }
    let connecting = ctx.current(Kind::Interface).find(|(_, a)| {
        matches!(&a.body, Body::Interface(ifc)
            if ifc.in_use.as_ref().is_none_or(|u| u.value) && ifc.medium.value != Medium::Debug)
    });
    if let Some((j, path)) = connecting {
        let medium = match &path.body {
            Body::Interface(ifc) => ifc.medium.value.as_str(),
            _ => "",
        };
        out.report(
            i,
            conclusion.span,
            Message::Connects {
                interface: path.id().into(),
                medium: medium.into(),
            },
        )
        .and_related(
            ctx.artifact(j).file,
            ctx.artifact(j).envelope.id.span,
            Message::ConnectingPath,
        );
    }
}

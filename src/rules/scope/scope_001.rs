use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The device artifact named in `dossier.yaml` has a `cyber_device` block that answers
    /// the three criteria of 524B(c): `sponsor_software`, `internet_capable` (with the
    /// `connectivity_means` when true) and `vulnerable_characteristics`, and gives a
    /// `conclusion` with a `rationale`.
    ///
    /// ## Why it matters
    /// Whether 524B applies decides what the submission must contain. FDA expects the
    /// sponsor to state the determination and its reasons rather than leave it implied.
    ///
    /// ## Example
    /// ```yaml
    /// id: DEV-LUMEN
    /// kind: device
    /// cyber_device:
    ///   sponsor_software: true
    ///   conclusion: cyber_device
    /// ```
    /// Passes instead:
    /// ```yaml
    /// cyber_device:
    ///   sponsor_software: true
    ///   internet_capable: true
    ///   connectivity_means: [wifi, ble, usb]
    ///   vulnerable_characteristics: true
    ///   conclusion: cyber_device
    ///   rationale: Runs sponsor firmware and connects over Wi-Fi, BLE and USB.
    /// ```
    ///
    /// ## How to fix
    /// Complete the determination block on the device artifact.
    ///
    /// ## References
    /// FD&C Act 524B(c); PMC §VII.B.
    pub static SCOPE_001 = {
        code: "SCOPE-001",
        name: "incomplete-cyber-device-determination",
        severity: Error,
        citation: "524B(c); PMC §VII.B",
        fix_hint: "Complete the determination block",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SCOPE-001.
    pub enum Message in MESSAGES;
    /// A device with no `cyber_device:` block.
    NoDetermination { device: String } => "{device} has no cyber-device determination",
        help: "add a `cyber_device:` block answering the three 524B(c) criteria, with a conclusion and rationale";
    /// A determination that lacks fields (the list of them).
    Incomplete { missing: String } => "the cyber-device determination lacks {missing}";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let Some((i, device)) = ctx.device() else {
        return; // CONFIG-001 reports a missing device
    };
    let Some(cd) = &device.cyber_device else {
        out.report(
            i,
            Default::default(),
            Message::NoDetermination {
                device: ctx.artifact(i).id().into(),
            },
        );
        return;
    };
    let mut missing = Vec::new();
    if cd.sponsor_software.is_none() {
        missing.push("`sponsor_software`");
    }
    if cd.internet_capable.is_none() {
        missing.push("`internet_capable`");
    }
    if cd.internet_capable.as_ref().is_some_and(|v| v.value) && cd.connectivity_means.is_empty() {
        missing.push("`connectivity_means`");
    }
    if cd.vulnerable_characteristics.is_none() {
        missing.push("`vulnerable_characteristics`");
    }
    if cd.conclusion.is_none() {
        missing.push("`conclusion`");
    }
    if cd
        .rationale
        .as_ref()
        .is_none_or(|r| r.value.trim().is_empty())
    {
        missing.push("`rationale`");
    }
    if !missing.is_empty() {
        out.report(
            i,
            Default::default(),
            Message::Incomplete {
                missing: missing.join(", "),
            },
        );
    }
}

use crate::model::{Body, Kind, Relation};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Each used external communication path has the detail of PMC Appendix 2.B: what it
    /// `carries`, `protocol` and `protocol_version`, `port`, `auth`, `crypto`,
    /// `session_management`, and an explicit `in_use`; and it is linked into the analysis —
    /// some threat enters through it. (Unused and dormant paths only need `in_use: false`.)
    ///
    /// ## Why it matters
    /// Reviewers read the interface table to judge the attack surface; a path without its
    /// protocol, authentication and cryptography cannot be judged, and a path no threat uses
    /// was never analysed.
    ///
    /// ## Example
    /// ```yaml
    /// - id: IF-004
    ///   kind: interface
    ///   title: USB service port
    ///   medium: usb
    ///   external: true
    /// ```
    /// Passes instead: the path with `carries`, `protocol`, `protocol_version`, `port`,
    /// `auth`, `crypto`, `session_management` and `in_use`.
    ///
    /// ## How to fix
    /// Fill in the interface.
    ///
    /// ## References
    /// PMC App. 2.B, §V.B.2.
    pub static ARCH_005 = {
        code: "ARCH-005",
        name: "underspecified-interface",
        severity: Warning,
        citation: "PMC App. 2.B, §V.B.2",
        fix_hint: "Fill in the interface",
        check: Check::Graph(check),
        profiles: crate::rules::FULL,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of ARCH-005.
    pub enum Message in MESSAGES;
    /// An interface that does not say whether it is in use.
    NoInUse { interface: String } => "interface {interface} does not say whether it is in use",
        help: "add `in_use: true`, or `in_use: false` for an unused or dormant path";
    /// A used external interface missing some of its Appendix 2.B detail.
    MissingDetail { interface: String, missing: String } => "interface {interface} does not state {missing}";
    /// A used external interface that no threat enters through.
    NoThreat { interface: String } => "interface {interface} is linked to no threat";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for (i, interface) in ctx.current(Kind::Interface) {
        let Body::Interface(f) = &interface.body else {
            continue;
        };
        if f.in_use.is_none() {
            out.report(
                i,
                f.medium.span,
                Message::NoInUse {
                    interface: interface.id().into(),
                },
            );
        }
        if !ctx.is_used_external(i) {
            continue;
        }
        let blank = |v: &Option<crate::model::Spanned<String>>| {
            v.as_ref().is_none_or(|s| s.value.trim().is_empty())
        };
        let mut missing = Vec::new();
        if f.carries.is_empty() {
            missing.push("`carries`");
        }
        if blank(&f.protocol) {
            missing.push("`protocol`");
        }
        if blank(&f.protocol_version) {
            missing.push("`protocol_version`");
        }
        if blank(&f.port) {
            missing.push("`port`");
        }
        if f.auth.is_none() {
            missing.push("`auth`");
        }
        if f.crypto.is_none() {
            missing.push("`crypto`");
        }
        if blank(&f.session_management) {
            missing.push("`session_management`");
        }
        if !missing.is_empty() {
            out.report(
                i,
                f.medium.span,
                Message::MissingDetail {
                    interface: interface.id().into(),
                    missing: missing.join(", "),
                },
            );
        }
        if ctx.graph.sources(i, Relation::ThreatEntry).next().is_none() {
            out.report(
                i,
                Default::default(),
                Message::NoThreat {
                    interface: interface.id().into(),
                },
            );
        }
    }
}

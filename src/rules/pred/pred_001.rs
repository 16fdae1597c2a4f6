use std::collections::BTreeSet;

use crate::diag::Severity;
use crate::model::{Body, Kind, Relation, Status};
use crate::prior::{ComponentDelta, ItemChange, Unavailable};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// When the manifest names the prior authorized release (`baseline:`), the cybersecurity
    /// delta from it is assessed: every interface added or changed is the entry of a threat
    /// that a security risk assesses, every SBOM component added, upgraded or changed in
    /// support is covered by a security risk, and the delta is summarised in an approved
    /// change record of the release.
    ///
    /// `dossier` reads the dossier as it was at that revision (from Git, without a checkout)
    /// and compares:
    /// - interfaces: added, or changed in medium, payload, protocol, port, direction,
    ///   exposure, endpoints, authentication or cryptography: each must be in the
    ///   `entry_interfaces` of a current threat, and that threat in a security risk's
    ///   `threats:`;
    /// - SBOM components (matched by SBOM artifact and name; the SBOM's own subject left
    ///   out): added, upgraded, or changed in level of support or end of support: each must
    ///   be named in its SBOM addendum entry's `risks:`, or be part of an asset whose threats
    ///   a risk assesses (named in the asset's `sbom_components`, or a dependency, direct or
    ///   not, of a component named there);
    /// - a non-empty delta needs an approved `change_record` whose `release_version` is the
    ///   release.
    ///
    /// Needs Git: outside a repository it says nothing (the PDF and site say that no
    /// comparison was made). In a repository with no tags (a new one, such as a copy of the
    /// example) it says as a note that there is no prior release to compare with; a revision
    /// missing from a repository that has tags is a CONFIG-001 error.
    ///
    /// ## Why it matters
    /// A modification is reviewed as a change: FDA asks for the cybersecurity impact of what
    /// changed since the authorized release, and a new path into the device or a new
    /// third-party component that nobody assessed is exactly where a reviewer looks first.
    /// The delta is computed from the evidence, so it cannot drift from it.
    ///
    /// ## Example
    /// Release 2.4.0 adds a USB mass-storage update path (IF-007) that no threat enters
    /// through, and upgrades Mbed TLS from 3.5.2 to 3.6.2 with no risk naming it.
    ///
    /// Passes instead: a threat with `entry_interfaces: [IF-007]` assessed by a security
    /// risk, the SBOM addendum entry for `mbedtls` with `risks: [RSK-005]`, and CR-001
    /// summarising the change.
    ///
    /// ## How to fix
    /// Assess the change: add the interface to the threats that use it (or a new threat) and
    /// assess them; name the risk that covers a new or upgraded component; summarise the
    /// delta in a change record. If a change needs no assessment, waive the finding with
    /// the reason.
    ///
    /// ## References
    /// PMC 2025 §VII.D–E (letters unverified); 524B(b)(2).
    pub static PRED_001 = {
        code: "PRED-001",
        name: "prior-release-delta",
        severity: Error,
        citation: "PMC 2025 §VII.D–E; 524B(b)(2)",
        fix_hint: "Assess the change, or record why it needs none",
        check: Check::Graph(check),
        profiles: crate::rules::FULL_AND_MODIFICATION,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of PRED-001.
    pub enum Message in MESSAGES;
    /// The prior release could not be read, so nothing was compared (a note).
    NoPriorRelease { why: String } => "no prior release compared: {why}",
        help: "nothing to do for a dossier with no prior release in its repository; once the prior release is tagged, the delta is checked";
    /// An added or changed interface no threat enters through.
    InterfaceNotThreatened { interface: String, change: String, baseline: String } => "{interface} was {change} since {baseline}, but no threat enters through it",
        help: "add {interface} to the `entry_interfaces` of the threats that use it (or write a new threat), and assess them in a security risk";
    /// An added or changed interface whose threats no risk assesses.
    InterfaceThreatsNotAssessed { interface: String, change: String, baseline: String, threats: String } => "{interface} was {change} since {baseline}; its threats ({threats}) are not assessed in any security risk",
        help: "name the threats in a security risk's `threats:` with its scores";
    /// An added, upgraded or re-supported component no risk covers.
    ComponentNotAssessed { component: String, sbom: String, change: String, baseline: String } => "{component} ({sbom}) was {change} since {baseline}, but no security risk covers it",
        help: "name the risk that assesses it in the `risks:` of its addendum entry in {sbom}, or list it in the `sbom_components` of an asset whose threats are assessed";
    /// A delta with no approved change record for the release.
    NoChangeSummary { baseline: String, release: String } => "the cybersecurity changes since {baseline} are not summarised: no approved change record for release {release}",
        help: "write a `change_record` with `release_version: {release}`: what changed, its `cyber_impact`, and its verification, and have it approved";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let Some(prior) = ctx.prior else { return };
    let Some(delta) = &prior.delta else {
        // Outside Git there is no history to compare (CHG-001 is silent too); a misspelt
        // revision in a repository with tags is already a manifest error. What is left is a
        // repository with nothing to compare with yet, which is worth a note.
        if matches!(
            prior.reason,
            Some(Unavailable::NoSuchRevisionNoTags(_) | Unavailable::NoDossierThere(_))
        ) {
            out.report_manifest(
                ctx.config.manifest.baseline.as_ref().map(|b| b.span),
                Message::NoPriorRelease {
                    why: prior.unavailable.clone().unwrap_or_default(),
                },
            );
            out.at_level(Severity::Info);
        }
        return;
    };
    let baseline = match (&prior.release, prior.names_commit) {
        (Some(release), false) => format!("release {release} ({})", prior.revision),
        (Some(release), true) => format!("release {release}"),
        (None, _) => prior.revision.clone(),
    };
    for change in &delta.interfaces {
        interface(ctx, out, change, &baseline);
    }
    if !delta.components.is_empty() {
        let assessed = assessed_parts(ctx);
        for change in &delta.components {
            component(ctx, out, change, &baseline, &assessed);
        }
    }
    if delta.is_empty() {
        return;
    }
    let release = ctx.release().unwrap_or_default();
    let summarised = ctx.current(Kind::ChangeRecord).any(|(_, a)| {
        a.envelope.status.value == Status::Approved
            && matches!(&a.body, Body::ChangeRecord(c)
                if release.is_empty() || c.release_version.as_ref().is_some_and(|v| v.value.trim() == release))
    });
    if !summarised {
        out.report_dossier(Message::NoChangeSummary {
            baseline,
            release: if release.is_empty() {
                "being submitted".into()
            } else {
                release.to_string()
            },
        });
    }
}

/// How a change is named in a message: `added`, or `changed (auth, crypto)`.
fn wording(change: &ItemChange) -> String {
    if change.change != "changed" {
        return change.change.to_string();
    }
    let tops: BTreeSet<&str> = change
        .fields
        .iter()
        .filter_map(|f| f.field.split(['.', '[']).next())
        .collect();
    format!(
        "changed ({})",
        tops.into_iter().collect::<Vec<_>>().join(", ")
    )
}

fn interface(ctx: &RuleCtx, out: &mut Emitter, change: &ItemChange, baseline: &str) {
    let Some(i) = change.index else { return };
    let artifact = ctx.artifact(i);
    if ctx.artifact(i).envelope.status.value.is_retired() {
        return;
    }
    // A dormant interface (`in_use: false`) still counts: it is a path into the device.
    let threats: Vec<usize> = ctx
        .graph
        .sources(i, Relation::ThreatEntry)
        .filter(|&t| !ctx.artifact(t).envelope.status.value.is_retired())
        .collect();
    if threats.is_empty() {
        out.report(
            i,
            artifact.envelope.id.span,
            Message::InterfaceNotThreatened {
                interface: change.id.clone(),
                change: wording(change),
                baseline: baseline.into(),
            },
        );
        return;
    }
    let assessed = threats.iter().any(|&t| {
        ctx.graph
            .sources(t, Relation::RiskThreat)
            .any(|r| !ctx.artifact(r).envelope.status.value.is_retired())
    });
    if !assessed {
        let names: Vec<&str> = threats.iter().map(|&t| ctx.artifact(t).id()).collect();
        out.report(
            i,
            artifact.envelope.id.span,
            Message::InterfaceThreatsNotAssessed {
                interface: change.id.clone(),
                change: wording(change),
                baseline: baseline.into(),
                threats: names.join(", "),
            },
        );
    }
}

/// Per SBOM (by its index among the checked SBOMs): the references of the components that
/// make up an asset whose threats a risk assesses: those the asset's `sbom_components` name
/// and everything they depend on. Computed once, so a large upgrade costs n log n.
fn assessed_parts(ctx: &RuleCtx) -> Vec<BTreeSet<String>> {
    let live = |r: usize| !ctx.artifact(r).envelope.status.value.is_retired();
    let keys: Vec<&str> = ctx
        .current(Kind::Asset)
        .filter(|&(a, _)| {
            ctx.graph
                .sources(a, Relation::ThreatAsset)
                .any(|t| live(t) && ctx.graph.sources(t, Relation::RiskThreat).any(live))
        })
        .flat_map(|(_, asset)| match &asset.body {
            Body::Asset(body) => body
                .sbom_components
                .iter()
                .map(|k| k.value.as_str())
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    ctx.sboms
        .iter()
        .map(|sbom| {
            let starts = keys
                .iter()
                .flat_map(|key| sbom.index.all_naming(key))
                .filter_map(|k| sbom.components.get(k))
                .map(|c| c.bom_ref.value.clone());
            sbom.reachable_from(starts)
        })
        .collect()
}

fn component(
    ctx: &RuleCtx,
    out: &mut Emitter,
    change: &ComponentDelta,
    baseline: &str,
    assessed: &[BTreeSet<String>],
) {
    let Some((si, ci)) = change.at else { return };
    let Some(sbom) = ctx.sboms.get(si) else {
        return;
    };
    let Some(c) = sbom.components.get(ci) else {
        return;
    };
    let sbom_artifact = sbom.artifact;
    let live = |r: usize| !ctx.artifact(r).envelope.status.value.is_retired();
    // Named in the risks of its addendum entry.
    let by_addendum = match &ctx.artifact(sbom_artifact).body {
        Body::Sbom(body) => sbom.addendum_entry(&body.addendum, c).is_some_and(|entry| {
            entry.risks.iter().any(|id| {
                ctx.graph
                    .index
                    .get(id.value.as_str())
                    .is_some_and(|&r| live(r))
            })
        }),
        _ => false,
    };
    // Part of an asset whose threats a risk assesses (named, or a dependency of one named).
    let by_asset = assessed
        .get(si)
        .is_some_and(|parts| parts.contains(&c.bom_ref.value));
    if by_addendum || by_asset {
        return;
    }
    let what = match (change.change, change.upgraded, change.support_changed()) {
        ("added", _, _) => "added".to_string(),
        (_, true, true) => format!(
            "upgraded from {} and its support changed",
            change.before.as_deref().unwrap_or("an unstated version")
        ),
        (_, true, false) => format!(
            "upgraded from {}",
            change.before.as_deref().unwrap_or("an unstated version")
        ),
        _ => format!(
            "changed in support (was {})",
            change.support_before.as_deref().unwrap_or("not stated")
        ),
    };
    let span = if c.span.is_known() {
        c.span
    } else {
        c.bom_ref.span
    };
    let file = sbom.file.unwrap_or(ctx.artifact(sbom_artifact).file);
    out.report_in(
        sbom_artifact,
        file,
        span,
        Message::ComponentNotAssessed {
            component: c.label(),
            sbom: change.sbom.clone(),
            change: what,
            baseline: baseline.into(),
        },
    );
}

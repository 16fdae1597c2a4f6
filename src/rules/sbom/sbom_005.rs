use std::collections::BTreeSet;

use crate::model::{AssetType, Body, Kind};
use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The SBOM matches the release and the architecture. The `sbom` artifact's
    /// `release_version` equals the release in `dossier.yaml`, and so does the primary
    /// component's version (or the artifact's `component_version`, for software versioned
    /// apart from the device, such as an app). Every
    /// software asset (`asset_type` fw, sw or app) names its SBOM components in
    /// `sbom_components`, each of which exists in an SBOM; and every component belongs to an
    /// asset — named by one, or a dependency of one that is. (Whether the timestamp is newer
    /// than the last dependency change is checked from Git history.)
    ///
    /// ## Why it matters
    /// An SBOM of another version, or one that does not cover the software the architecture
    /// shows, misleads everyone who relies on it for vulnerability management.
    ///
    /// ## Example
    /// ```json
    /// "metadata": { "component": { "name": "lumen-iv7-firmware", "version": "2.3.1" } }
    /// ```
    /// while `dossier.yaml` says `release: 2.4.0`. Passes instead: the SBOM regenerated from
    /// the 2.4.0 build.
    ///
    /// ## How to fix
    /// Regenerate the SBOM from the release build, and map assets to components.
    ///
    /// ## References
    /// FD&C Act 524B(b)(3); PMC §V.A.4(a), App. 2.B; NTIA ("frequency").
    pub static SBOM_005 = {
        code: "SBOM-005",
        name: "sbom-release-mismatch",
        severity: Error,
        citation: "524B(b)(3); PMC §V.A.4(a); App. 2.B; NTIA \"frequency\"",
        fix_hint: "Regenerate and map",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-005.
    pub enum Message in MESSAGES;
    /// An SBOM for another release than the one being submitted.
    OtherRelease { sbom_release: String, release: String } => "the SBOM is for {sbom_release} but the release is {release}";
    /// A primary component of another version than the release (or `component_version:`).
    PrimaryVersion { version: String, expected: String } => "the SBOM's primary component is version {version}, not {expected}",
        help: "regenerate the SBOM from the release build, or state `component_version:` for separately versioned software";
    /// A software asset that names no SBOM component.
    AssetWithoutComponent { asset: String } => "software asset {asset} names no SBOM component",
        help: "list its components in `sbom_components:` (bom-ref, SPDXID, purl or name@version)";
    /// An asset's `sbom_components:` entry that no SBOM has.
    UnknownComponent { reference: String } => "`{reference}` is a component of no SBOM";
    /// A component that no asset claims, directly or through a dependent.
    Unclaimed { component: String } => "component {component} belongs to no asset",
        help: "name it (or a component that depends on it) in an asset's `sbom_components:`";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    let release = ctx.release().unwrap_or("").trim();
    for loaded in ctx.sboms {
        let Body::Sbom(sbom) = &ctx.artifact(loaded.artifact).body else {
            continue;
        };
        if let Some(v) = &sbom.release_version
            && v.value.trim() != release
        {
            out.report(
                loaded.artifact,
                v.span,
                Message::OtherRelease {
                    sbom_release: v.value.trim().into(),
                    release: release.into(),
                },
            );
        }
        let expected = sbom
            .component_version
            .as_ref()
            .map_or(release, |v| v.value.trim());
        if let (Some(file), Some(root)) = (loaded.file, loaded.root_component())
            && let Some(version) = &root.version
            && version.value.trim() != expected
        {
            out.report_in(
                loaded.artifact,
                file,
                root.span,
                Message::PrimaryVersion {
                    version: version.value.trim().into(),
                    expected: expected.into(),
                },
            );
        }
    }
    // Assets to components.
    let mut claimed: BTreeSet<(usize, String)> = BTreeSet::new();
    for (a, asset) in ctx.current(Kind::Asset) {
        let Body::Asset(body) = &asset.body else {
            continue;
        };
        if matches!(
            body.asset_type.value,
            AssetType::Fw | AssetType::Sw | AssetType::App
        ) && body.sbom_components.is_empty()
        {
            out.report(
                a,
                body.asset_type.span,
                Message::AssetWithoutComponent {
                    asset: asset.id().into(),
                },
            );
        }
        for reference in &body.sbom_components {
            let found = ctx.sboms.iter().enumerate().find_map(|(s, l)| {
                l.find(&reference.value)
                    .map(|c| (s, c.bom_ref.value.clone()))
            });
            match found {
                Some(hit) => {
                    claimed.insert(hit);
                }
                None => {
                    out.report(
                        a,
                        reference.span,
                        Message::UnknownComponent {
                            reference: reference.value.trim().into(),
                        },
                    );
                }
            }
        }
    }
    // Components to assets: everything reachable from a claimed component belongs.
    for (s, loaded) in ctx.sboms.iter().enumerate() {
        let Some(file) = loaded.file else { continue };
        if loaded.problem.is_some() {
            continue;
        }
        let reached = loaded.reachable_from(
            claimed
                .iter()
                .filter(|(x, _)| *x == s)
                .map(|(_, r)| r.clone()),
        );
        for c in &loaded.components {
            if !reached.contains(&c.bom_ref.value) {
                out.report_in(
                    loaded.artifact,
                    file,
                    c.span,
                    Message::Unclaimed {
                        component: c.label(),
                    },
                );
            }
        }
    }
}

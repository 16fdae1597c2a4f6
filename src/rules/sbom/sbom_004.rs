use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// The SBOM's dependency relationships are there: the primary component lists its direct
    /// dependencies, and every other component either states its own dependencies (possibly
    /// none) or is covered by a completeness statement declaring its branch a known unknown
    /// (CycloneDX `compositions`; SPDX relationships to `NOASSERTION`).
    ///
    /// ## Why it matters
    /// NTIA asks for dependency relationships and for incomplete branches to be marked as
    /// known unknowns, so that a missing dependency is a declared gap rather than a silent
    /// one.
    ///
    /// ## Example
    /// A CycloneDX SBOM whose `dependencies` list only the primary component.
    ///
    /// Passes instead: a `dependencies` entry per component, or
    /// `"compositions": [{ "aggregate": "unknown", "assemblies": ["lwip"] }]`.
    ///
    /// ## How to fix
    /// Add the dependencies or the completeness declarations.
    ///
    /// ## References
    /// NTIA minimum elements (dependency relationship, depth, known unknowns).
    pub static SBOM_004 = {
        code: "SBOM-004",
        name: "undeclared-sbom-dependencies",
        severity: Error,
        citation: "NTIA (dependency relationship, depth, known unknowns)",
        fix_hint: "Add dependencies or completeness declarations",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-004.
    pub enum Message in MESSAGES;
    /// An SBOM without a primary component.
    NoPrimary => "the SBOM names no primary component",
        help: "describe the device software in CycloneDX `metadata.component` or SPDX `documentDescribes`";
    /// A primary component that lists no direct dependencies.
    PrimaryWithoutDependencies { root: String } => "the primary component `{root}` lists no direct dependencies";
    /// A component that states neither its dependencies nor that they are unknown.
    DependenciesUnstated { component: String } => "component {component} states neither its dependencies nor that they are unknown";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else { continue };
        if loaded.problem.is_some() {
            continue;
        }
        let Some(root) = loaded.root.as_deref() else {
            out.report_in(
                loaded.artifact,
                file,
                Default::default(),
                Message::NoPrimary,
            );
            continue;
        };
        let root_span = loaded.root_component().map(|c| c.span).unwrap_or_default();
        if loaded.dependencies.get(root).is_none_or(|d| d.is_empty())
            && !loaded.declared_completeness.iter().any(|r| r == root)
        {
            out.report_in(
                loaded.artifact,
                file,
                root_span,
                Message::PrimaryWithoutDependencies { root: root.into() },
            );
        }
        // A set, so an SBOM that declares the completeness of 100,000 components one by one
        // is checked in linear time.
        let declared: std::collections::HashSet<&str> = loaded
            .declared_completeness
            .iter()
            .map(String::as_str)
            .collect();
        for c in &loaded.components {
            let r = c.bom_ref.value.as_str();
            if r == root || loaded.dependencies.contains_key(r) || declared.contains(r) {
                continue;
            }
            out.report_in(
                loaded.artifact,
                file,
                c.span,
                Message::DependenciesUnstated {
                    component: c.label(),
                },
            );
        }
    }
}

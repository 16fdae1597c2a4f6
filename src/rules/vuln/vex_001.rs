use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every VEX document an `sbom` artifact lists in `vex:` (CycloneDX VEX/VDR 1.4–1.7,
    /// OpenVEX 0.2, CSAF 2.0 VEX), and the SBOM's own CycloneDX `vulnerabilities`, can be
    /// read and says something about this SBOM: each statement has a known status, a
    /// `not_affected` statement gives a justification or an impact statement, each statement
    /// names a component the SBOM lists, and its product (when named) is the SBOM's primary
    /// component.
    ///
    /// ## Why it matters
    /// A VEX statement is the manufacturer's word that a known vulnerability does or does
    /// not affect the device. One that names a component the release no longer ships, or
    /// another product, or says "not affected" without a reason, is evidence that does not
    /// fit the submission; CISA's VEX minimum requirements make the justification mandatory.
    ///
    /// ## Example
    /// ```yaml
    /// - id: SBOM-001
    ///   kind: sbom
    ///   path: sbom/firmware.cdx.json
    ///   vex: [sbom/firmware.openvex.json]   # a statement names pkg:generic/zlib@1.2.11,
    ///                                       # which the SBOM does not list
    /// ```
    /// Passes instead: the statement names a component of the SBOM (its purl or bom-ref).
    ///
    /// ## How to fix
    /// Regenerate the VEX document for this release, or correct the component's purl.
    ///
    /// ## References
    /// PMC §V.A.4(b); CISA, Minimum Requirements for VEX (2023).
    pub static VEX_001 = {
        code: "VEX-001",
        name: "vex-does-not-fit",
        severity: Error,
        citation: "PMC §V.A.4(b); CISA VEX minimum requirements",
        fix_hint: "Regenerate the VEX document for this release",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VEX-001.
    pub enum Message in MESSAGES;
    /// A VEX file the dossier does not hold (the loader's words), at the line naming it.
    MissingFile { problem: String } => "{problem}",
        help: "add the VEX file to the dossier or correct the path";
    /// A problem with a read VEX document, at its place in the file (the loader's words).
    Problem { problem: String } => "{problem}";
    /// A problem with a read VEX document without a place, at the line naming it.
    UnplacedProblem { path: String, problem: String } => "{path}: {problem}";
    /// An invalid VEX statement (the parser's words).
    InvalidStatement { problem: String } => "{problem}",
        help: "give each statement a status and, for not_affected, one of the five justifications or an impact statement";
    /// A statement about a component the SBOM does not list.
    UnlistedComponent { vulnerability: String, component: String } => "the statement on {vulnerability} names `{component}`, which the SBOM does not list",
        help: "name the component by its purl or bom-ref in the SBOM, or drop the statement if the release no longer ships it";
    /// A statement about another product than the SBOM's primary component.
    OtherProduct { vulnerability: String, product: String, root: String } => "the statement on {vulnerability} is about product `{product}`, not this SBOM's primary component `{root}`",
        help: "list this VEX under the SBOM of that product, or correct the product's purl";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for sbom in ctx.sboms {
        let a = sbom.artifact;
        for vex in &sbom.vex {
            let Some(file) = vex.file else {
                if let Some((problem, _)) = &vex.problem {
                    out.report(
                        a,
                        vex.named_at,
                        Message::MissingFile {
                            problem: problem.clone(),
                        },
                    );
                }
                continue;
            };
            if let Some((problem, span)) = &vex.problem {
                if span.is_known() {
                    out.report_in(
                        a,
                        file,
                        *span,
                        Message::Problem {
                            problem: problem.clone(),
                        },
                    );
                } else {
                    out.report(
                        a,
                        vex.named_at,
                        Message::UnplacedProblem {
                            path: vex.path.clone(),
                            problem: problem.clone(),
                        },
                    );
                }
                continue;
            }
            for (problem, span) in &vex.doc.invalid {
                out.report_in(
                    a,
                    file,
                    *span,
                    Message::InvalidStatement {
                        problem: problem.clone(),
                    },
                );
            }
            let root = sbom
                .root_component()
                .map(|c| {
                    c.purl
                        .as_ref()
                        .map(|p| p.value.clone())
                        .unwrap_or_else(|| c.bom_ref.value.clone())
                })
                .unwrap_or_default();
            for (n, statement) in vex.doc.statements.iter().enumerate() {
                let span = vex.doc.spans[n];
                if vex.components.get(n).copied().flatten().is_none() {
                    out.report_in(
                        a,
                        file,
                        span,
                        Message::UnlistedComponent {
                            vulnerability: statement.vulnerability.clone(),
                            component: statement.component.clone(),
                        },
                    );
                }
            }
            for (n, product) in &vex.other_product {
                let statement = &vex.doc.statements[*n];
                out.report_in(
                    a,
                    file,
                    vex.doc.spans[*n],
                    Message::OtherProduct {
                        vulnerability: statement.vulnerability.clone(),
                        product: product.clone(),
                        root: root.clone(),
                    },
                );
            }
        }
    }
}

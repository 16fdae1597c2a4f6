use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every SBOM file conforms to its standard. A JSON SBOM is validated against the
    /// official JSON Schema of its format and version (CycloneDX 1.4–1.7 with the SPDX
    /// licence list and JSF schemas it references, SPDX 2.2/2.3, SPDX 3.0), formats included
    /// (a timestamp must be a date-time). Then what the schemas cannot say: every `bom-ref`
    /// (SPDX: element ID) is unique; every `dependencies[].ref`, `dependsOn`, `provides`,
    /// `affects` reference and SPDX relationship names an element of the file; each hash
    /// value is hexadecimal and as long as its algorithm makes it; purls parse; CPEs are
    /// well-formed CPE 2.3 names (CycloneDX also allows CPE 2.2 URIs); SPDX `created` is a
    /// time; an SPDX document describes a package, not a file. CycloneDX XML and SPDX
    /// tag-value files are checked on what is read from them.
    ///
    /// ## Why it matters
    /// An SBOM is evidence under 524B(b)(3) only if the tools that consume it (FDA's, the
    /// hospital's, the vulnerability scanner's) can read it. A file that breaks its schema is
    /// rejected by strict readers and silently misread by lenient ones: a duplicated
    /// `bom-ref` makes a dependency point at the wrong component, a truncated hash verifies
    /// nothing.
    ///
    /// ## Example
    /// ```json
    /// "hashes": [{ "alg": "SHA-256", "content": "9f86d081884c7d65" }]
    /// ```
    /// Passes instead: the 64 hexadecimal digits of the SHA-256 digest.
    ///
    /// ## How to fix
    /// Fix the generator's output or its configuration (most violations are a tool writing
    /// an older version's fields under a newer `specVersion`), then regenerate the SBOM.
    /// `cyclonedx validate` and `pyspdxtools -i FILE` report the same schema violations.
    ///
    /// ## References
    /// FD&C Act 524B(b)(3); PMC §V.A.4(b); NTIA minimum elements ("data format"); CycloneDX,
    /// SPDX specifications.
    pub static SBOM_006 = {
        code: "SBOM-006",
        name: "sbom-breaks-its-standard",
        severity: Error,
        citation: "524B(b)(3); PMC §V.A.4(b); NTIA \"data format\"",
        fix_hint: "Regenerate a conformant SBOM",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Preview,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of SBOM-006.
    pub enum Message in MESSAGES;
    /// A violation of the standard, at its line in the SBOM file.
    Violation { problem: String } => "{problem}",
        help: "fix the SBOM generator's output or configuration and regenerate the file";
    /// A violation without a line, at the line that names the SBOM file.
    UnplacedViolation { path: String, problem: String } => "{path}: {problem}",
        help: "fix the SBOM generator's output or configuration and regenerate the file";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for loaded in ctx.sboms {
        let Some(file) = loaded.file else {
            continue;
        };
        let crate::model::Body::Sbom(sbom) = &ctx.artifact(loaded.artifact).body else {
            continue;
        };
        super::report_violations(
            out,
            loaded.artifact,
            file,
            (&sbom.path.value, sbom.path.span),
            &loaded.violations,
            |problem| Message::Violation { problem },
            |path, problem| Message::UnplacedViolation { path, problem },
        );
    }
}

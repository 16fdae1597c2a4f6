use crate::rules::{Check, Emitter, RuleCtx, declare_rule, messages};

declare_rule! {
    /// ## What it checks
    /// Every VEX document an `sbom` artifact lists in `vex:` conforms to its standard: it is
    /// validated against the official JSON Schema of its format (CycloneDX 1.4–1.7, OpenVEX
    /// 0.2.0, CSAF 2.0 with FIRST's CVSS schemas), formats included (a timestamp must be a
    /// date-time), and a CycloneDX VEX BOM is held to the same reference, hash, purl and CPE
    /// checks as an SBOM (SBOM-006). A CSAF document is also held to CSAF 2.0's mandatory
    /// tests that concern VEX: every product and product group ID it refers to is defined,
    /// once (§6.1.1, 6.1.2, 6.1.4, 6.1.5), and in the VEX profile (`csaf_vex`) there is a
    /// product tree and vulnerabilities (§6.1.27.4, 6.1.27.11), each with notes, a `cve` or
    /// `ids`, a product status (§6.1.27.5, 6.1.27.7, 6.1.27.8), an impact statement (a flag
    /// or an `impact` threat) for every `known_not_affected` product and an action statement
    /// (a remediation) for every `known_affected` one (§6.1.27.9, 6.1.27.10), product groups
    /// standing for their products. A CycloneDX SBOM's own `vulnerabilities` are checked
    /// with the SBOM, under SBOM-006.
    ///
    /// ## Why it matters
    /// A VEX document is the manufacturer's statement, to FDA and to customers' scanners, of
    /// which known vulnerabilities affect the device. Scanners that consume VEX reject a
    /// document that breaks its schema, and then report every vulnerability as affecting the
    /// device.
    ///
    /// ## Example
    /// ```json
    /// { "@context": "https://openvex.dev/ns/v0.2.0", "timestamp": "last Tuesday", ... }
    /// ```
    /// Passes instead: `"timestamp": "2026-03-02T09:00:00Z"`.
    ///
    /// ## How to fix
    /// Correct the document (or the tool that writes it) where the finding points;
    /// `vexctl` and the CSAF validator report the same violations.
    ///
    /// ## References
    /// PMC §V.A.4(b); CISA, Minimum Requirements for VEX (2023); OpenVEX 0.2.0; CSAF 2.0 §9.1.14
    /// (a basic validator checks the JSON schema); CycloneDX specifications.
    pub static VEX_002 = {
        code: "VEX-002",
        name: "vex-breaks-its-standard",
        severity: Error,
        citation: "PMC §V.A.4(b); CISA VEX minimum requirements; CSAF 2.0 §9.1.14",
        fix_hint: "Correct the VEX document",
        check: Check::Graph(check),
        profiles: crate::rules::ALL_PROFILES,
        status: Preview,
        since: "0.1.0",
        messages: [MESSAGES],
    }
}

messages! {
    /// The findings of VEX-002.
    pub enum Message in MESSAGES;
    /// A violation of the standard, at its line in the VEX file.
    Violation { problem: String } => "{problem}",
        help: "correct the VEX document where the finding points";
    /// A violation without a line, at the line that names the VEX file.
    UnplacedViolation { path: String, problem: String } => "{path}: {problem}",
        help: "correct the VEX document where the finding points";
}

fn check(ctx: &RuleCtx, out: &mut Emitter) {
    for sbom in ctx.sboms {
        for vex in &sbom.vex {
            let Some(file) = vex.file else {
                continue;
            };
            crate::rules::sbom::report_violations(
                out,
                sbom.artifact,
                file,
                (&vex.path, vex.named_at),
                &vex.violations,
                |problem| Message::Violation { problem },
                |path, problem| Message::UnplacedViolation { path, problem },
            );
        }
    }
}

//! The SBOM: FD&C Act 524B(b)(3); PMC §V.A.4; NTIA minimum elements.

use crate::rules::{Emitter, RuleMessage};

mod sbom_001;
mod sbom_002;
mod sbom_003;
mod sbom_004;
mod sbom_005;
mod sbom_006;

pub use sbom_001::SBOM_001;
pub use sbom_002::SBOM_002;
pub use sbom_003::SBOM_003;
pub use sbom_004::SBOM_004;
pub use sbom_005::SBOM_005;
pub use sbom_006::SBOM_006;

/// Reports where a supply-chain file breaks its standard (SBOM-006, VEX-002): at the
/// violation's line in the file, or, for a violation without one, at the artifact's line
/// that names the file (`named_at`), the file's path leading the message. The caller words
/// each finding from the violation's text: `in_file(problem)` for one at its line,
/// `named(path, problem)` for one without.
pub(crate) fn report_violations<M: RuleMessage>(
    out: &mut Emitter,
    artifact: usize,
    file: usize,
    (path, named_at): (&str, crate::model::Span),
    violations: &[crate::parse::standard::Violation],
    in_file: impl Fn(String) -> M,
    named: impl Fn(String, String) -> M,
) {
    for violation in violations {
        if violation.span.is_known() {
            out.report_in(
                artifact,
                file,
                violation.span,
                in_file(violation.message.clone()),
            );
        } else {
            out.report(
                artifact,
                named_at,
                named(path.to_string(), violation.message.clone()),
            );
        }
    }
}

//! Support and end of support of SBOM components: PMC §V.A.4(b).

use crate::rules::{RuleMessage, messages};

mod sbom_eos_001;
mod sbom_eos_002;
mod sbom_eos_003;

pub use sbom_eos_001::SBOM_EOS_001;
pub use sbom_eos_002::SBOM_EOS_002;
pub use sbom_eos_003::SBOM_EOS_003;

/// For each component of an SBOM that the artifact's `addendum` completes, the entry: a
/// finding about support belongs there, where the fix is written. One lookup per entry, so
/// the cost stays linear in the SBOM's size.
fn addendum_entries(
    sbom: &crate::model::Sbom,
    loaded: &crate::parse::sbom::LoadedSbom,
) -> std::collections::HashMap<usize, usize> {
    let mut map = std::collections::HashMap::new();
    for (n, entry) in sbom.addendum.iter().enumerate() {
        if let Some(c) = loaded.index.named(&entry.component.value) {
            map.entry(c).or_insert(n);
        }
    }
    map
}

messages! {
    /// The notes of the family's shared check, `report_support`.
    pub(crate) enum SupportMessage in SUPPORT_MESSAGES;
    /// Related to a finding at an addendum entry: the component's place in the SBOM.
    ComponentInSbom => "the component in the SBOM";
}

/// Reports a component's missing support datum where the fix goes: at its addendum entry
/// (the SBOM's line related) when it has one, else at the SBOM's line. The caller words the
/// finding for each place: `at_entry`, whose help names the addendum field to write, and
/// `in_sbom`, whose help says where it may be stated.
fn report_support<M: RuleMessage>(
    out: &mut crate::rules::Emitter,
    loaded: &crate::parse::sbom::LoadedSbom,
    file: usize,
    component: &crate::model::Component,
    entry: Option<&crate::model::ComponentSupport>,
    (at_entry, in_sbom): (M, M),
) {
    match entry {
        Some(entry) => {
            out.report(loaded.artifact, entry.component.span, at_entry)
                .and_related(file, component.span, SupportMessage::ComponentInSbom);
        }
        None => {
            out.report_in(loaded.artifact, file, component.span, in_sbom);
        }
    }
}

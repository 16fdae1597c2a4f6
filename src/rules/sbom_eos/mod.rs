//! Support and end of support of SBOM components: PMC §V.A.4(b).

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

/// Reports a component's missing support datum where the fix goes: at its addendum entry
/// (the SBOM's line related) when it has one, else at the SBOM's line. `field` is the
/// addendum field to write, `what` how to fill it.
fn report_support(
    out: &mut crate::rules::Emitter,
    loaded: &crate::parse::sbom::LoadedSbom,
    file: usize,
    component: &crate::model::Component,
    entry: Option<&crate::model::ComponentSupport>,
    message: String,
    (field, what): (&str, &str),
) {
    match entry {
        Some(entry) => {
            out.report(loaded.artifact, entry.component.span, message)
                .and_related(file, component.span, "the component in the SBOM")
                .and_help(format!("add `{field}:` to this addendum entry{what}"));
        }
        None => {
            out.report_in(loaded.artifact, file, component.span, message)
                .and_help(format!(
                    "state it in the SBOM, or in an `addendum:` entry of the sbom artifact (`component:`, `{field}:`)"
                ));
        }
    }
}

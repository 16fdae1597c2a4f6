//! The memory a build may use, and the estimate that is held against it before layout.
//!
//! typst holds the whole model and every laid-out page in memory, so a large dossier's build
//! can outgrow the machine; killed by the system, it would leave a CI log that says nothing.
//! The estimate is made from the model's size before anything is laid out, and a build over
//! its budget stops there with the figures and what to do.

/// The budget when neither the manifest (`memory_budget_mb`) nor `build --memory-budget`
/// sets one, in MiB: 2 GiB.
pub const DEFAULT_MB: u64 = 2048;

/// The estimated peak of a build, in MiB, from the number of artifacts, the size of the
/// typeset model in bytes and the number of findings. Fitted by least squares on seven
/// release builds of 1,000 to 10,000 artifacts in three shapes (`benches/build.py`: complete
/// chains 20 artifacts per file; one file per artifact with Markdown descriptions and some
/// findings; the same early in its life, with two findings per artifact): above 2,000
/// artifacts every estimate was within 5% of the measured peak, at 10,000 within 0.5%; at
/// 1,000 it is 11% under (a build that small is far from any budget).
pub fn estimate_mb(artifacts: usize, model_bytes: usize, findings: usize) -> u64 {
    const BASE_MB: f64 = 118.0;
    const PER_ARTIFACT_MB: f64 = 0.1315;
    const PER_MODEL_MB: f64 = 17.6;
    const PER_THOUSAND_FINDINGS_MB: f64 = 10.0;
    let model_mb = model_bytes as f64 / (1024.0 * 1024.0);
    (BASE_MB
        + PER_ARTIFACT_MB * artifacts as f64
        + PER_MODEL_MB * model_mb
        + PER_THOUSAND_FINDINGS_MB * findings as f64 / 1000.0)
        .round() as u64
}

/// Why a build over its budget stops, or `None` when it fits.
pub fn over_budget(estimate_mb: u64, budget_mb: u64, artifacts: usize) -> Option<String> {
    (estimate_mb > budget_mb).then(|| {
        format!(
            "the PDF of these {artifacts} artifacts would need about {estimate_mb} MB of memory \
             (estimated from the model's size), over the build's budget of {budget_mb} MB; \
             nothing was laid out or written. On a machine with more memory, raise the budget \
             (`build --memory-budget MB`, or `memory_budget_mb:` in dossier.yaml); \
             `dossier check` and the site (`dossier serve`) need far less"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_follows_the_measured_builds() {
        // Measured peaks (MiB) of release builds: (artifacts, model bytes, findings, peak).
        for (artifacts, bytes, findings, peak) in [
            (999, 980_133, 0, 298.0),
            (4_998, 4_799_899, 0, 849.0),
            (10_000, 9_594_125, 0, 1_593.0),
            (2_860, 3_848_671, 1_260, 559.0),
            (9_524, 12_766_465, 4_287, 1_631.0),
            (2_860, 3_722_820, 6_181, 592.0),
            (9_524, 12_306_041, 20_920, 1_793.0),
        ] {
            let estimate = estimate_mb(artifacts, bytes, findings) as f64;
            let tolerance = if artifacts < 2_000 { 0.12 } else { 0.05 };
            assert!(
                (estimate - peak).abs() / peak < tolerance,
                "{artifacts}: {estimate} against {peak}"
            );
        }
    }

    #[test]
    fn over_budget_says_what_to_do() {
        assert_eq!(over_budget(1_900, DEFAULT_MB, 10), None);
        let why = over_budget(2_100, DEFAULT_MB, 10_000).expect("over");
        assert!(why.contains("2100 MB") && why.contains("2048 MB"), "{why}");
        assert!(why.contains("--memory-budget") && why.contains("memory_budget_mb"));
    }
}

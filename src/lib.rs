//! `dossier`: compiles a medical-device cybersecurity dossier into a checked submission.
//!
//! The pipeline, one module per stage: [`source`] (bytes) → [`parse`] (artifacts) →
//! [`graph`] (traceability graph) → [`rules`] (findings) → outputs. Each stage is a library
//! function that tests call directly; the CLI in [`cli`] only wires them together.

#![forbid(unsafe_code)]

pub mod advisory;
pub mod approve;
pub mod book;
// The command line reads the clock and the environment and passes them in (clippy.toml).
#[allow(clippy::disallowed_methods)]
pub mod cli;
pub mod config;
pub mod conformity;
pub mod diag;
pub mod diff;
pub mod fuzz;
pub mod generate;
pub mod graph;
pub mod impact;
pub mod init;
pub mod lsp;
pub mod metrics;
pub mod model;
pub mod parse;
pub mod prior;
pub mod progress;
pub mod purl;
pub mod render;
pub mod report;
pub mod rules;
pub mod schemas;
pub mod serve;
pub mod sign;
pub mod source;
pub mod supply;
pub mod vex;

pub use advisory::stage::{AdvisorySource, KevSource};

use std::path::Path;

use config::Config;
use diag::Diagnostic;
use graph::Graph;
use model::{Artifact, Date};
use source::{SourceSet, WalkOptions};

/// A failure that stops the tool from doing its job (exit code 2): no manifest, an
/// unreadable directory, bad arguments.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Fatal {
    /// What went wrong and what to do.
    pub message: String,
}

impl Fatal {
    /// Builds a fatal error.
    pub fn new(message: impl Into<String>) -> Self {
        Fatal {
            message: message.into(),
        }
    }
}

/// How to run a check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The date time-based rules and waiver expiry evaluate at.
    pub as_of: AsOf,
    /// Run only these rule codes (input problems are always reported).
    pub only: Option<Vec<&'static str>>,
    /// Version history to use instead of the source's own (tests supply it directly).
    pub history: Option<source::History>,
    /// Read the dossier at this Git revision instead of the working tree.
    pub rev: Option<String>,
    /// A folder of OSV advisory records to match the SBOMs against (overrides the manifest's
    /// `parameters.advisories`).
    pub advisories: Option<std::path::PathBuf>,
    /// Keep each artifact's change list (up to this many changes) from the history walk,
    /// for outputs that list them (`build`'s site); a plain `check` does not need them and
    /// its walk stops as soon as every artifact's last change is found.
    pub change_lists: Option<usize>,
    /// The prior release the manifest's `baseline:` names, as already read (the language
    /// server keeps it between checks, as it keeps the history; tests supply it); read from
    /// Git when `None`.
    pub prior: Option<std::sync::Arc<prior::Snapshot>>,
}

/// The date a check evaluates at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// This date (`--as-of`, `SOURCE_DATE_EPOCH`, or today for `check`).
    Date(Date),
    /// The dossier's own document date (what `build` uses when given no date): see
    /// [`document_date`]. It is decided once the dossier is read, before any rule runs, so
    /// the check runs once.
    Document,
}

impl From<Date> for AsOf {
    fn from(date: Date) -> AsOf {
        AsOf::Date(date)
    }
}

/// The document date of a dossier given no date: the commit date of a clean Git state (so
/// that the same commit gives the same PDF on any day), else the latest date recorded in the
/// dossier's approvals (the artifacts' and the document's own, in the manifest), or the commit
/// date if that is later (a working tree with changes), else 2000-01-01. The build depends on
/// the dossier's state alone, never on the clock; and a document is never dated before its
/// own approval.
pub fn document_date(
    provenance: &source::Provenance,
    artifacts: &[model::Artifact],
    config: &Config,
) -> Date {
    let document = config
        .manifest
        .document
        .iter()
        .flat_map(|d| d.approvals.iter().map(|x| x.date.value));
    let recorded = artifacts
        .iter()
        .flat_map(|a| a.envelope.approvals.iter().map(|x| x.date.value))
        .chain(document)
        .max();
    match provenance.dirty {
        Some(false) => provenance.commit_date,
        _ => None,
    }
    .or_else(|| recorded.max(provenance.commit_date))
    .unwrap_or(Date(jiff::civil::date(2000, 1, 1)))
}

impl CheckOptions {
    /// Options that check everything at a date, from the working tree.
    pub fn at(as_of: Date) -> CheckOptions {
        CheckOptions {
            as_of: AsOf::Date(as_of),
            only: None,
            history: None,
            rev: None,
            advisories: None,
            change_lists: None,
            prior: None,
        }
    }
}

/// A loaded, linked and checked dossier.
#[derive(Debug)]
pub struct Checked {
    /// The files read.
    pub sources: SourceSet,
    /// The validated configuration.
    pub config: Config,
    /// Every artifact.
    pub artifacts: Vec<Artifact>,
    /// The traceability graph.
    pub graph: Graph,
    /// The SBOMs the `sbom` artifacts reference, as read.
    pub sboms: Vec<parse::sbom::LoadedSbom>,
    /// Advisories (from the advisories folder) that affect components of the SBOMs.
    pub advisories: Vec<advisory::AdvisoryMatch>,
    /// The supply chain joined once: per SBOM component its VEX statements, advisory matches
    /// and vulnerability records; per record its components; per vulnerability ID the
    /// components tied to it. Outputs read it rather than joining again.
    pub supply: supply::Index,
    /// The prior release the manifest's `baseline:` names, and what changed since it.
    pub prior: Option<prior::PriorRelease>,
    /// The dossier as read at the prior release, kept so that a later check (the language
    /// server's) need not read it again.
    pub prior_snapshot: Option<std::sync::Arc<prior::Snapshot>>,
    /// What the findings were evaluated with: the date and the advisory folder, which
    /// outputs state so that a reader knows what a clean result covers.
    pub evaluation: Evaluation,
    /// Every finding and input problem, in a stable order.
    pub diagnostics: Vec<Diagnostic>,
    /// The allowed-signers file the manifest names, as read (SIGN-001 verifies signed
    /// approvals against it; `approve --sign` too, before it writes).
    pub signers: sign::AllowedSigners,
    /// Images over the size and pixel limits (findings): outputs never decode them.
    pub refused_images: std::collections::BTreeSet<String>,
    /// How long each stage took (for `--timings` and the benchmark; never in outputs).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Checked {
    /// The release being submitted, as the manifest names it (trimmed).
    pub fn release(&self) -> Option<&str> {
        self.config
            .manifest
            .release
            .as_ref()
            .map(|r| r.value.trim())
    }

    /// The device artifact the manifest names, if it exists and is a device.
    pub fn device(&self) -> Option<&model::Device> {
        let id = self.config.manifest.device.as_ref()?;
        let &index = self.graph.index.get(id.value.trim())?;
        match &self.artifacts[index].body {
            model::Body::Device(device) => Some(device),
            _ => None,
        }
    }
}

/// What a check was evaluated with.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Evaluation {
    /// The date time-based rules and waiver expiry were evaluated at.
    pub as_of: String,
    /// The same date, as a date.
    #[serde(skip)]
    pub date: Date,
    /// The advisory folder matched against the SBOMs, if any: its name (the last part of
    /// the path, so no machine's layout reaches the submission) and how many records it has.
    pub advisories: Option<AdvisorySource>,
    /// The CISA KEV catalogue the check read (`parameters.kev_catalog`), if any.
    pub kev: Option<KevSource>,
}

/// Reads the manifest and checks the rule codes it names against the catalogue (the manifest
/// is read below the rules; see [`rules::resolve_manifest_codes`]).
pub fn load_config(text: &str) -> (config::Config, Vec<Diagnostic>) {
    let (mut config, mut diags) = config::load(text);
    diags.extend(rules::resolve_manifest_codes(&mut config));
    (config, diags)
}

/// Loads, parses, links and checks the dossier in a directory.
pub fn check_dir(root: &Path, options: &CheckOptions) -> Result<Checked, Fatal> {
    let started = std::time::Instant::now();
    let (sources, config, config_diags) = match &options.rev {
        Some(rev) => {
            let mut loaded = None;
            let walk = |manifest: &source::SourceFile| {
                let (config, diags) = load_config(&manifest.text);
                let walk = walk_options(&config);
                loaded = Some((config, diags));
                walk
            };
            let sources = source::git::GitRepo::open(root)?.load_rev(rev, walk)?;
            let (config, diags) = match loaded {
                Some(loaded) => loaded,
                None => load_config(&sources.file(0).text),
            };
            (sources, config, diags)
        }
        None => read_working_tree(root)?,
    };
    let read = started.elapsed();
    let mut checked = check_sources(sources, config, config_diags, options);
    checked.timings.insert(0, ("read", read));
    Ok(checked)
}

/// What the manifest says about which files to walk.
pub(crate) fn walk_options(config: &config::Config) -> WalkOptions {
    WalkOptions {
        output_dir: Some(config.output_dir.clone()),
        exclude: config.exclude.clone(),
        data: config
            .manifest
            .allowed_signers
            .iter()
            .filter_map(|path| source::normalise(&path.value))
            .collect(),
    }
}

/// Reads the dossier's files from a folder (and, when it is in a Git repository, what Git
/// says of them), with its manifest and the manifest's problems; checks nothing.
pub fn read_working_tree(
    root: &Path,
) -> Result<(SourceSet, config::Config, Vec<Diagnostic>), Fatal> {
    let mut loaded = None;
    let walk = |manifest: &source::SourceFile| {
        let (config, diags) = load_config(&manifest.text);
        let walk = walk_options(&config);
        loaded = Some((config, diags, walk.clone()));
        walk
    };
    let mut sources = source::load_dir(root, walk)?;
    if let (Some(repo), Some((_, _, walk))) =
        (source::git::GitRepo::discover(root)?, loaded.as_ref())
    {
        repo.working_tree_state(&mut sources, walk)?;
    }
    let (config, diags) = match loaded {
        Some((config, diags, _)) => (config, diags),
        None => load_config(&sources.file(0).text),
    };
    Ok((sources, config, diags))
}

/// Parses, links and checks an already loaded set of files.
pub fn check_sources(
    sources: SourceSet,
    config: Config,
    diagnostics: Vec<Diagnostic>,
    options: &CheckOptions,
) -> Checked {
    check_sources_cached(sources, config, diagnostics, options, None)
}

/// Parses (reusing from `cache`, when given, each file whose text is unchanged: a one-off
/// check keeps no copy), links and checks an already loaded set of files.
pub fn check_sources_cached(
    mut sources: SourceSet,
    config: Config,
    mut diagnostics: Vec<Diagnostic>,
    options: &CheckOptions,
    cache: Option<&mut parse::ParseCache>,
) -> Checked {
    if let Some(problem) = &sources.file(0).problem {
        diagnostics.push(
            Diagnostic::new(
                config::CONFIG_CODE,
                diag::Severity::Error,
                format!("the manifest cannot be read: {problem:?}"),
            )
            .at(0, model::Span::default(), "")
            .with_help("save dossier.yaml as UTF-8 text"),
        );
    }
    if options.history.is_some() {
        sources.history = options.history.clone();
    }
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    progress::stage("parsing");
    let parsed = match cache {
        Some(cache) => parse::parse_all_cached(&sources, cache),
        None => parse::parse_all(&sources),
    };
    diagnostics.extend(parsed.diagnostics);
    let artifacts = parsed.artifacts;
    let as_of = match options.as_of {
        AsOf::Date(date) => date,
        AsOf::Document => document_date(&sources.provenance, &artifacts, &config),
    };
    lap("parse");
    progress::stage("reading the Git history and the SBOMs");
    // The SBOM and VEX files are loaded through the confined reader, then read and validated
    // against their standards on another thread while the history is walked: the two are
    // independent, and each takes a good part of a check.
    let referenced = parse::sbom::resolve(&mut sources, &artifacts);
    let (history, sboms) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let started = std::time::Instant::now();
            let sboms = parse::sbom::read_all(&sources, &artifacts, &referenced);
            (sboms, started.elapsed())
        });
        // The prior release the manifest names is read from Git on a third thread.
        let baseline = config.manifest.baseline.as_ref().map(|b| &b.value);
        let sources = &sources;
        let prior = scope.spawn(move || {
            let baseline = baseline?;
            match &options.prior {
                Some(snapshot) => Some(Ok(snapshot.clone())),
                None => Some(prior::load(sources, &baseline.revision).map(std::sync::Arc::new)),
            }
        });
        let history = sources.history.is_none().then(|| {
            source::compute_history(
                sources,
                &artifacts,
                baseline.map(|b| b.revision.as_str()),
                as_of,
                parse::fingerprints,
                options.change_lists,
            )
        });
        // A panic on those threads is a bug; it surfaces with its message.
        let sboms = reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let prior = prior
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (history, (sboms, prior))
    });
    let (sboms, prior_snapshot) = sboms;
    let (sboms, sbom_time) = sboms;
    if let Some((history, problem)) = history {
        // A repository without any tag has no prior release yet (a dossier just copied from
        // the example): PRED-001 says so as a note, and that is no manifest error.
        let new_repository = matches!(
            &prior_snapshot,
            Some(Err(prior::Unavailable::NoSuchRevisionNoTags(_)))
        );
        if let (Some(problem), Some(baseline), false) =
            (problem, config.manifest.baseline.as_ref(), new_repository)
        {
            diagnostics.push(
                Diagnostic::new(config::CONFIG_CODE, diag::Severity::Error, problem)
                    .at(0, baseline.span, "")
                    .with_help("name an existing tag in `baseline:` (`git tag` lists them), or fetch the tags"),
            );
        }
        if history.as_ref().is_some_and(|h| h.truncated) {
            diagnostics.push(
                Diagnostic::new(
                    config::CONFIG_CODE,
                    diag::Severity::Warning,
                    "the repository is a shallow clone: history before its boundary is missing, \
                     so CHG-001 and CHG-002 skip what did not change since",
                )
                .at(0, model::Span::default(), "")
                .with_help(
                    "fetch the whole history (`git fetch --unshallow`), or clone without --depth",
                ),
            );
        }
        sources.history = history;
    }
    lap("history");
    let (image_findings, refused_images) = parse::image::check_all(&sources, &artifacts);
    diagnostics.extend(image_findings);
    let graph = graph::link(&artifacts, &parsed.broken_ids);
    lap("link");
    progress::stage("reading the advisories");
    let (kev, kev_source) = advisory::stage::load_kev(&mut sources, &config, &mut diagnostics);
    let signers = sign::load(&mut sources, &config);
    // Beside the history: reading the SBOMs, and of that, validating them against their
    // standards.
    let standards: std::time::Duration = sboms.iter().map(|s| s.validation).sum();
    let (advisory_matches, advisory_source) = advisory::stage::match_advisories(
        &mut sources,
        &config,
        options.advisories.as_deref(),
        &artifacts,
        &sboms,
        &mut diagnostics,
    );
    let supply = supply::index(&artifacts, &graph, &sboms, &advisory_matches);
    let prior = match (config.manifest.baseline.as_ref(), &prior_snapshot) {
        (Some(baseline), Some(snapshot)) => Some(prior::assess(
            &baseline.value,
            snapshot.as_ref(),
            &artifacts,
            &sboms,
            prior::device_prior_submission(
                &artifacts,
                config.manifest.device.as_ref().map(|d| d.value.trim()),
            )
            .as_deref(),
        )),
        _ => None,
    };
    lap("advisories");
    progress::stage("checking the rules");
    diagnostics.extend(config::cross_check(&config, &artifacts, &graph));
    let ctx = rules::RuleCtx {
        artifacts: &artifacts,
        graph: &graph,
        config: &config,
        as_of,
        inventory: &sources.inventory,
        sboms: &sboms,
        history: sources.history.as_ref(),
        prior: prior.as_ref(),
        kev: &kev,
        advisories: &advisory_matches,
        signers: &signers,
        excluded: &sources.excluded,
        paths: &sources
            .files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>(),
    };
    diagnostics.extend(rules::run(&ctx, options.only.as_deref()));
    rules::apply_waivers(&config, as_of, &mut diagnostics);
    for d in &mut diagnostics {
        if d.citation.is_none() {
            d.citation = rules::find(d.code).map(|r| r.citation);
        }
    }
    diag::link_causes(&mut diagnostics, |file, id| {
        // The ID written as an artifact's `id:` in the file that could not be read.
        sources.files.get(file).is_some_and(|f| {
            f.text
                .lines()
                .any(|l| l.trim_start().trim_start_matches("- ").trim() == format!("id: {id}"))
        })
    });
    diag::sort(&mut diagnostics);
    lap("rules");
    progress::idle();
    let after = timings
        .iter()
        .position(|(name, _)| *name == "history")
        .map_or(timings.len(), |i| i + 1);
    timings.insert(after, ("  beside it, sboms", sbom_time));
    timings.insert(after + 1, ("    of which standards", standards));
    Checked {
        sources,
        config,
        artifacts,
        graph,
        sboms,
        advisories: advisory_matches,
        supply,
        prior,
        prior_snapshot: prior_snapshot.and_then(Result::ok),
        evaluation: Evaluation {
            as_of: as_of.to_string(),
            date: as_of,
            advisories: advisory_source,
            kev: kev_source,
        },
        diagnostics,
        signers,
        refused_images,
        timings,
    }
}

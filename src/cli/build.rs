//! `dossier build`: check, then render the submission PDF and the JSON model.

use std::path::PathBuf;

use crate::diag::{Severity, summary_line};
use crate::model::Date;
use crate::render::output::Origin;
use crate::{AsOf, CheckOptions, Checked, Fatal, check_dir, render};

use super::check::parse_date;
use super::{EXIT_FINDINGS, EXIT_OK};

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier build example-dossier               writes example-dossier/build/submission.pdf
  dossier build --out /tmp/out .              another output folder
  dossier build --strict .                    refuse to render while errors are open
  SOURCE_DATE_EPOCH=1767225600 dossier build  the document date from the environment
  dossier build --rev v2.4.0 --release-check  the build for FDA, from a tag";

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dossier folder (the one holding dossier.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output folder (default: the manifest's `output`, `build/` beside dossier.yaml).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The document date and evaluation date (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else
    /// the commit date (of a clean Git state), else the latest date recorded in the dossier;
    /// never the clock, so builds are reproducible.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Refuse to render while error-level findings are open.
    #[arg(long)]
    pub strict: bool,
    /// Build the dossier as it is at this Git revision (commit, tag, branch), read from the
    /// object database without a checkout.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Match the SBOMs' components against this folder of OSV advisory records (offline);
    /// an affected component with no recorded vulnerability is VULN-001.
    #[arg(long, value_name = "DIR")]
    pub advisories: Option<PathBuf>,
    /// The build for FDA: refuse a dirty working tree or a commit without a tag.
    #[arg(long)]
    pub release_check: bool,
    /// Print how long each stage took (check and render), on standard error.
    #[arg(long)]
    pub timings: bool,
    /// The memory the build may use, in MB (MiB); default: the manifest's `memory_budget_mb`,
    /// else 2048. A build estimated over it stops before laying out the PDF.
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(64..))]
    pub memory_budget: Option<u64>,
}

/// The date of `SOURCE_DATE_EPOCH`, if set.
fn source_date_epoch() -> Result<Option<Date>, Fatal> {
    let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let seconds: i64 = text.trim().parse().map_err(|_| {
        Fatal::new(format!(
            "SOURCE_DATE_EPOCH must be whole seconds since 1970, not `{text}`"
        ))
    })?;
    let ts = jiff::Timestamp::from_second(seconds)
        .map_err(|e| Fatal::new(format!("SOURCE_DATE_EPOCH: {e}")))?;
    Ok(Some(Date(ts.to_zoned(jiff::tz::TimeZone::UTC).date())))
}

/// The release discipline of the build that goes to FDA: a committed, tagged state, so the
/// submission names exactly what was submitted.
fn release_check(provenance: &crate::source::Provenance) -> Result<(), Fatal> {
    let Some(short) = &provenance.short else {
        return Err(Fatal::new(
            "--release-check: the dossier is not in a Git repository with a commit; a release \
             build must come from a tagged commit",
        ));
    };
    if provenance.dirty == Some(true) {
        let files = provenance
            .dirty_files
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = provenance.dirty_files.len().saturating_sub(5);
        return Err(Fatal::new(format!(
            "--release-check: the working tree has uncommitted changes ({files}{}); commit \
             them and tag the commit, or build the tag with --rev",
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )));
    }
    if provenance.tags.is_empty() {
        return Err(Fatal::new(format!(
            "--release-check: commit {short} has no tag; tag the release (`git tag -a v2.4.0 {short}`) \
             and build it"
        )));
    }
    Ok(())
}

/// Checks the dossier at its document date: `explicit` (`--as-of` or `SOURCE_DATE_EPOCH`)
/// if given, else the dossier's own ([`crate::document_date`], decided by the check once the
/// dossier is read, so it runs once).
pub(super) fn check_at_document_date(
    dir: &std::path::Path,
    as_of: Option<Date>,
    rev: Option<String>,
    advisories: Option<PathBuf>,
) -> Result<(Checked, Date), Fatal> {
    let explicit = match as_of {
        Some(date) => Some(date),
        None => source_date_epoch()?,
    };
    let checked = check_dir(
        dir,
        &CheckOptions {
            as_of: explicit.map_or(AsOf::Document, AsOf::Date),
            only: None,
            history: None,
            rev,
            advisories,
            change_lists: Some(crate::render::site::CHANGES_PER_PAGE),
            prior: None,
        },
    )?;
    let date = checked.evaluation.date;
    Ok((checked, date))
}

/// Runs `build`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let (checked, date) = check_at_document_date(
        &args.dir,
        args.as_of,
        args.rev.clone(),
        args.advisories.clone(),
    )?;
    if args.release_check {
        release_check(&checked.sources.provenance)?;
    }
    let errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.fails(Severity::Error))
        .count();
    // The open errors themselves, not only their count: the build log is often all a CI
    // reader sees.
    const SHOWN: usize = 50;
    let open: Vec<&crate::diag::Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.fails(Severity::Error))
        .collect();
    for d in open.iter().take(SHOWN) {
        eprintln!("{}", crate::diag::short_line(&checked.sources, d));
    }
    if open.len() > SHOWN {
        eprintln!(
            "... and {} more error-level findings (`dossier check` lists them all)",
            open.len() - SHOWN
        );
    }
    eprintln!(
        "{} (evaluated at {date}, the document date)",
        summary_line(&checked.diagnostics, checked.artifacts.len())
    );
    if args.strict && errors > 0 {
        return Err(Fatal::new(format!(
            "{errors} error-level finding{} open; --strict refuses to render (run `dossier check` to see them)",
            if errors == 1 { " is" } else { "s are" }
        )));
    }
    let (out, origin) = match &args.out {
        Some(out) => (out.clone(), Origin::CommandLine),
        None => {
            if let Some(why) = &checked.config.output_refused {
                return Err(Fatal::new(format!(
                    "{why}: dossier.yaml's `output:` is refused (CONFIG-001), so nothing was \
                     written; correct it, or pass --out"
                )));
            }
            (args.dir.join(&checked.config.output_dir), Origin::Manifest)
        }
    };
    let out = render::output::prepare(&out, origin, &args.dir, &checked.sources)?;
    let built = render::build(&checked, &out, date, args.memory_budget)?;
    for (rel, why) in &built.undecodable {
        eprintln!(
            "{}: warning: the image cannot be decoded ({}); the PDF leaves it out",
            crate::diag::printable(rel),
            crate::diag::printable(why)
        );
    }
    for problem in &built.font_problems {
        eprintln!(
            "warning: {}; the font is skipped",
            crate::diag::printable(problem)
        );
    }
    for (c, place) in &built.escaped {
        let place = place
            .as_ref()
            .map(|(file, line)| format!("{}:{line}: ", crate::diag::printable(file)))
            .unwrap_or_default();
        let why = if crate::diag::is_unprintable(*c) {
            "is a control or bidirectional-override character"
        } else {
            "has no glyph in the embedded fonts"
        };
        eprintln!(
            "{place}warning: U+{:04X} {why}; the PDF shows it as `{}` (remove it, or write the text another way)",
            *c as u32,
            c.escape_unicode()
        );
    }
    println!("wrote {}", built.pdf.display());
    println!("wrote {}", built.json.display());
    println!("wrote {}", built.site.join("index.html").display());
    for path in &built.conformity {
        println!("wrote {}", path.display());
    }
    match &built.estar_skipped {
        None => println!(
            "wrote {}",
            built.estar.join("00-answer-sheet.pdf").display()
        ),
        Some(why) => eprintln!(
            "warning: the eSTAR attachment pack was not written ({}): {why}",
            built.estar.join("NOT-WRITTEN.txt").display()
        ),
    }
    if args.timings {
        super::print_timings(checked.timings.iter().chain(&built.timings));
        let (estimate, budget, model) = built.memory;
        eprintln!(
            "memory: about {estimate} MB estimated before layout (budget {budget} MB; typeset model {model} bytes)"
        );
    }
    Ok(if errors > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

//! `dossier diff A..B`: the design-review diff between two revisions of a dossier.

use std::path::PathBuf;

use crate::diff::{DiffReport, Side, compare, html, markdown};
use crate::model::Date;
use crate::source::git::{GitRepo, date_of};
use crate::{CheckOptions, Checked, Fatal, check_dir};

use super::EXIT_OK;
use super::check::{parse_date, today};

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier diff v2.3.2..v2.4.0 example-dossier          Markdown, for a pull-request comment
  dossier diff main..HEAD --format html --out review.html
  dossier diff v2.3.2.. .                              from a tag to the working tree
  dossier diff HEAD~1..HEAD --format json";

/// Output format of the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown (a pull-request comment).
    Markdown,
    /// JSON.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revisions, `A..B` (B empty: the working tree).
    pub range: String,
    /// The dossier folder (the one holding dossier.yaml), inside the repository.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Evaluate both sides at this date (default: the newer side's: its commit date, or
    /// today for the working tree), so time-based rules do not differ between the sides
    /// only because time passed.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Match both sides' SBOMs against this folder of OSV advisory records, as `check`
    /// does (also the manifest's `parameters.advisories`).
    #[arg(long, value_name = "DIR")]
    pub advisories: Option<PathBuf>,
}

/// Checks one side, a revision or the working tree, at the date both sides share.
fn side(args: &Args, rev: Option<&str>, as_of: Date) -> Result<(Checked, Side), Fatal> {
    let checked = check_dir(
        &args.dir,
        &CheckOptions {
            rev: rev.map(str::to_string),
            advisories: args.advisories.clone(),
            ..CheckOptions::at(as_of)
        },
    )?;
    let side = Side {
        rev: rev.unwrap_or("working tree").to_string(),
        state: checked.sources.provenance.summary(),
        commit: checked.sources.provenance.commit.clone(),
        as_of: as_of.to_string(),
    };
    Ok((checked, side))
}

/// Computes the report for `A..B`.
pub fn report(args: &Args) -> Result<DiffReport, Fatal> {
    let Some((from, to)) = args.range.split_once("..") else {
        return Err(Fatal::new(format!(
            "`{}` is not a range; write A..B (two revisions), or A.. for A against the working tree",
            args.range
        )));
    };
    let from = from.trim();
    let to = to.trim_start_matches('.').trim();
    if from.is_empty() {
        return Err(Fatal::new(
            "the range needs a first revision: A..B, or A.. for the working tree",
        ));
    }
    let to = (!to.is_empty()).then_some(to);
    let as_of = match (args.as_of, to) {
        (Some(date), _) => date,
        (None, Some(rev)) => date_of(GitRepo::open(&args.dir)?.commit(rev)?.time()),
        (None, None) => today(),
    };
    let (old, from_side) = side(args, Some(from), as_of)?;
    let (new, to_side) = side(args, to, as_of)?;
    Ok(compare(&old, &new, from_side, to_side))
}

/// Runs `diff`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let report = report(&args)?;
    let text = match args.format {
        DiffFormat::Markdown => markdown(&report),
        DiffFormat::Html => html(&report),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report)
                .map_err(|e| Fatal::new(format!("cannot encode the report: {e}")))?;
            text.push('\n');
            text
        }
    };
    match &args.out {
        Some(path) => {
            crate::render::write_atomic(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(EXIT_OK)
}

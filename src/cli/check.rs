//! `dossier check`: the gap check.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::diag::Severity;
use crate::model::Date;
use crate::report::{Format, render};
use crate::{CheckOptions, Fatal, check_dir};

use super::{EXIT_FINDINGS, EXIT_OK};

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier check                       the dossier in the current folder
  dossier check --format short .      for pre-commit hooks and editors
  dossier check --fail-on warning .   fail on warnings too";

/// Which findings make `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Error-level findings.
    Error,
    /// Warnings and errors.
    Warning,
}

/// Whether to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// When writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dossier folder (the one holding dossier.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Evaluate time-based rules and waiver expiry at this date (YYYY-MM-DD). Default:
    /// today. (`build` uses the document date instead: see `dossier build --help`; pass the
    /// same `--as-of` to both for the same findings.)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Exit 1 when findings at this level or above are open.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print how long each stage took to standard error.
    #[arg(long)]
    pub timings: bool,
    /// Check the dossier as it is at this Git revision (commit, tag, branch), read from the
    /// object database without a checkout.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Match the SBOMs' components against this folder of OSV advisory records (offline);
    /// an affected component with no recorded vulnerability is VULN-001.
    #[arg(long, value_name = "DIR")]
    pub advisories: Option<PathBuf>,
}

/// Parses a `--as-of` value.
pub(super) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// Today's date in the local time zone (the default evaluation date of `check`).
pub(super) fn today() -> Date {
    Date(jiff::Zoned::now().date())
}

/// Runs `check`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let options = CheckOptions {
        as_of: args.as_of.unwrap_or_else(today).into(),
        only: None,
        history: None,
        rev: args.rev.clone(),
        advisories: args.advisories.clone(),
        change_lists: None,
        prior: None,
    };
    let checked = check_dir(&args.dir, &options)?;
    if args.timings {
        super::print_timings(checked.timings.iter());
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let text = render(args.format, &checked, &args.dir, color);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`dossier check | head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    let fail_on = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let code = if checked.diagnostics.iter().any(|d| d.fails(fail_on)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process ends next: freeing a large model piece by piece (a 50 MB SBOM is a
    // quarter of a second of `free`) would only delay the exit the operating system does
    // at once.
    std::mem::forget(checked);
    Ok(code)
}

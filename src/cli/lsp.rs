//! `dossier lsp`: the language server, on stdin and stdout.

use std::path::PathBuf;

use clap::Args as ClapArgs;

use crate::Fatal;
use crate::model::Date;

use super::check::{parse_date, today};

pub const EXAMPLES: &str = "\
Examples:
  dossier lsp                   started by the editor, which talks to it on stdin and stdout
  dossier lsp example-dossier   serve this dossier whatever file the editor opens first

The editor set-up (Neovim, Helix, VS Code) is in the book: Editors.";

/// Arguments of `lsp`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The dossier folder; default: the folder with dossier.yaml that holds the editor's
    /// workspace folder or the first file it opens.
    pub dir: Option<PathBuf>,
    /// The evaluation date (YYYY-MM-DD); default: today, as for `check`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Runs the server until the editor exits it.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let as_of = args.as_of.unwrap_or_else(today);
    crate::lsp::serve_stdio(args.dir, as_of.into())?;
    Ok(super::EXIT_OK)
}

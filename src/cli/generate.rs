//! `dossier generate`: a synthetic dossier for benchmarks.

use std::path::PathBuf;

use crate::{Fatal, generate};

use super::EXIT_OK;

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many artifacts (approximately; rounded to whole trace chains).
    #[arg(long, default_value_t = 1000)]
    pub artifacts: usize,
    /// The folder to create (must not exist or be empty).
    pub out: PathBuf,
}

/// Runs `generate`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let written = generate::write(&args.out, args.artifacts)?;
    println!("wrote {written} artifacts to {}", args.out.display());
    Ok(EXIT_OK)
}

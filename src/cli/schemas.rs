//! `dossier schemas`: writes the JSON Schemas (kept in `schemas/`, guarded by a test).

use std::path::PathBuf;

use crate::{Fatal, schemas};

use super::EXIT_OK;

/// Arguments of `schemas`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write them into (created if missing), for example `my-dossier/schemas`.
    #[arg(long, default_value = "schemas")]
    pub out: PathBuf,
}

/// Runs `schemas`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    schemas::write_all(&args.out)?;
    println!(
        "wrote {} schemas to {}",
        schemas::generate().len(),
        args.out.display()
    );
    Ok(EXIT_OK)
}

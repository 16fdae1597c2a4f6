//! `dossier serve`: the HTML site on localhost, rebuilt when a dossier file changes.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use crate::model::Date;
use crate::serve::{Served, serve, watch_list};
use crate::{Fatal, render};

use super::check::parse_date;

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier serve example-dossier               http://127.0.0.1:8000, rebuilt on every change
  dossier serve --port 0 .                    any free port (printed)
  dossier serve --as-of 2026-06-30 .          evaluate time-based rules at a date";

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dossier folder (the one holding dossier.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The evaluation date (YYYY-MM-DD); default as for `build`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Match the SBOMs' components against this folder of OSV advisory records.
    #[arg(long, value_name = "DIR")]
    pub advisories: Option<PathBuf>,
}

/// Runs `serve` until interrupted.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let build = || -> Result<Served, Fatal> {
        let (checked, date) = super::build::check_at_document_date(
            &args.dir,
            args.as_of,
            None,
            args.advisories.clone(),
        )?;
        let files = render::site_only(&checked, date)?;
        let mut read: Vec<String> = checked
            .sources
            .files
            .iter()
            .map(|f| f.path.clone())
            .collect();
        read.extend(
            checked
                .sources
                .inventory
                .iter()
                .filter(|p| p.starts_with("templates/site/"))
                .cloned(),
        );
        let root = checked
            .sources
            .backing
            .dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| args.dir.clone());
        Ok(Served {
            files,
            watch: watch_list(&root, read),
        })
    };
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
    serve(
        addr,
        build,
        |bound| {
            println!("serving http://{bound}/ (Ctrl-C stops)");
        },
        |result| match result {
            Ok(n) => eprintln!("built the site: {n} files"),
            Err(e) => eprintln!("error: {e} (still serving the previous build)"),
        },
    )?;
    Ok(super::EXIT_OK)
}

//! `dossier impact`: which dossiers ship a component or are hit by a vulnerability.

use std::path::PathBuf;

use crate::impact::{Query, answer, human};
use crate::{CheckOptions, Fatal, check_dir};

use super::EXIT_OK;
use super::check::today;

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier impact CVE-2024-28755 pump/ bedside/ gateway/
  dossier impact mbedtls@3.6.2 pump/ bedside/            by name, with or without @version
  dossier impact pkg:github/lwip-tcpip/lwip@2.1.2 products/*/dossier
  dossier impact GHSA-xxxx-yyyy-zzzz --advisories osv/ . --format json";

/// Output format of `impact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImpactFormat {
    /// Plain text.
    Human,
    /// JSON.
    Json,
}

/// Arguments of `impact`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A component (its name, `mbedtls` or `mbedtls@3.6.2`, or its purl,
    /// `pkg:type/namespace/name[@version]`) or a vulnerability ID (CVE, GHSA...).
    pub query: String,
    /// The dossier folders to ask (default: the current folder).
    pub dirs: Vec<PathBuf>,
    /// Match the SBOMs against this folder of OSV advisory records too.
    #[arg(long, value_name = "DIR")]
    pub advisories: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImpactFormat::Human)]
    pub format: ImpactFormat,
}

/// Runs `impact`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let query = Query::parse(&args.query)
        .map_err(|e| Fatal::new(format!("`{}` is not a query: {e}", args.query)))?;
    let dirs = if args.dirs.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.dirs.clone()
    };
    let mut answers = Vec::new();
    let mut name_known = false;
    for dir in &dirs {
        let checked = check_dir(
            dir,
            &CheckOptions {
                advisories: args.advisories.clone(),
                ..CheckOptions::at(today())
            },
        )?;
        if let Query::Name { name, .. } = &query {
            name_known |= crate::impact::ships_name(&checked, name);
        }
        answers.push(answer(&query, &dir.display().to_string(), &checked));
    }
    // A name no dossier ships in any version is more likely a typo or an unknown format
    // than an answer.
    if matches!(query, Query::Name { .. }) && !name_known {
        return Err(Fatal::new(format!(
            "`{}` is neither a purl (pkg:...), a vulnerability ID (CVE-..., GHSA-...) nor the name of a component these dossiers ship; check the spelling, or ask by purl",
            args.query
        )));
    }
    match args.format {
        ImpactFormat::Human => print!("{}", human(&args.query, &answers)),
        ImpactFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"query": args.query, "dossiers": answers})
            )
            .unwrap_or_default()
        ),
    }
    Ok(EXIT_OK)
}
